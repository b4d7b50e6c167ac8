// Runs after both invocations (invoker.properties), inside the root build with its test classpath
// (pgguard, the PostgreSQL driver, the test kit). pgPort: the IT PostgreSQL (root pom).
import dev.pgguard.battery.CatalogSnapshot
import dev.pgguard.battery.RowChecksums
import dev.pgguard.verify.ExpectedSchema
import dev.pgguard.verify.SchemaVerifier

def connect = { String db ->
    def props = new Properties()
    props.setProperty('user', 'postgres')
    new org.postgresql.Driver().connect("jdbc:postgresql://localhost:${pgPort}/${db}".toString(), props)
}
def value = { conn, String sql ->
    def st = conn.createStatement()
    def rs = st.executeQuery(sql)
    assert rs.next()
    def v = rs.getString(1)
    st.close()
    v
}
// plain checks: a failed Groovy power assert would print the whole preview
def check = { boolean ok, String message ->
    if (!ok) {
        throw new AssertionError(message)
    }
}
// send_integration: 9 columns in production, 15 in the target; send_serviceops.created_at: timestamp -> timestamptz
def columns = "SELECT count(*) FROM pg_catalog.pg_attribute WHERE attrelid = 'service_ops.send_integration'::regclass AND attnum > 0 AND NOT attisdropped"
def createdAt = "SELECT format_type(atttypid, atttypmod) FROM pg_catalog.pg_attribute WHERE attrelid = 'service_ops.send_serviceops'::regclass AND attname = 'created_at'"

// 1. the updateSQL preview, written before update on the production state
def preview = new File(basedir, 'target/liquibase/packet-workflow-preview.sql')
check(preview.isFile(), "liquibase:updateSQL wrote no ${preview}")
def sql = preview.getText('UTF-8')
check(sql.contains('ALTER TABLE service_ops.send_integration ADD COLUMN correlation_id'),
        "${preview}: no ADD COLUMN for correlation_id, which production lacks")
check(sql.find(/(?i)INSERT INTO (public\.)?databasechangelog [^\n]*'000-create-table-packet'[^\n]*'MARK_RAN'/) != null,
        "${preview}: the baseline of service_ops.packet, which production has, is not recorded MARK_RAN")
check(sql.find(/(?i)INSERT INTO (public\.)?databasechangelog [^\n]*'021-add-column-send_integration.correlation_id'[^\n]*'EXECUTED'/) != null,
        "${preview}: correlation_id is not recorded EXECUTED")
check(!sql.contains('CREATE TABLE service_ops.packet '), "${preview}: DDL for service_ops.packet, which production has")
check(!sql.contains('ADD COLUMN detailed_status'), "${preview}: DDL for packet.detailed_status, which production has")

// 2. maven_plugin: updateSQL, tag, update -> converged
def c = connect('maven_plugin')
try {
    def report = SchemaVerifier.verify(c, ExpectedSchema.forDomain('packet-workflow'))
    assert report.passed() : report.format()
    assert value(c, columns) == '15'
    assert value(c, createdAt) == 'timestamp with time zone'
    assert value(c, "SELECT count(*) FROM public.databasechangelog WHERE tag = 'before-pgguard'") == '1'
    assert value(c, "SELECT count(*) FROM public.databasechangelog WHERE exectype = 'MARK_RAN'") != '0'
    assert value(c, "SELECT count(*) FROM public.databasechangelog WHERE exectype = 'EXECUTED' AND id = '021-add-column-send_integration.correlation_id'") == '1'
} finally {
    c.close()
}

// 3. maven_plugin_rollback: tag, update, rollback to the tag -> exactly the production state again
def r = connect('maven_plugin_rollback')
def p = connect('maven_plugin_pristine')
try {
    assert value(r, columns) == '9'
    assert value(r, createdAt) == 'timestamp without time zone'
    assert value(r, "SELECT count(*) FROM public.databasechangelog") == '1' : 'only the tag row is left'
    assert CatalogSnapshot.of(r, ['service_ops']) == CatalogSnapshot.of(p, ['service_ops'])
    assert RowChecksums.of(r, ['service_ops']) == RowChecksums.of(p, ['service_ops'])
} finally {
    r.close()
    p.close()
}
println '[pgguard] maven-plugin: preview, update and rollback verified'
true
