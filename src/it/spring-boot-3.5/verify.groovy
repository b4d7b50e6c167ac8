// After the child build: its test really ran and the database it migrated is converged.
import dev.pgguard.verify.ExpectedSchema
import dev.pgguard.verify.SchemaVerifier

def reports = new File(basedir, 'target/surefire-reports').listFiles({ f -> f.name ==~ /TEST-.*\.xml/ } as FileFilter)
assert reports != null && reports.length == 1
def suite = new groovy.xml.XmlSlurper().parse(reports[0])
assert suite.@tests.toInteger() == 1 && suite.@failures.toInteger() == 0 && suite.@errors.toInteger() == 0 && suite.@skipped.toInteger() == 0

def props = new Properties()
props.setProperty('user', 'postgres')
def c = new org.postgresql.Driver().connect("jdbc:postgresql://localhost:${pgPort}/spring_boot_3_5".toString(), props)
try {
    def report = SchemaVerifier.verify(c, ExpectedSchema.forDomain('packet-workflow'))
    assert report.passed() : report.format()
    def backfilled = c.createStatement().executeQuery("SELECT count(*) FROM service_ops.packet WHERE detailed_status = 'Pending - New'")
    assert backfilled.next()
    assert backfilled.getInt(1) == 68 : '42 NULLs backfilled + 26 rows that already were Pending - New (as PacketWorkflowIT)'
    def rs = c.createStatement().executeQuery("SELECT string_agg(DISTINCT liquibase, ',') FROM public.databasechangelog")
    assert rs.next()
    assert rs.getString(1) == '4.31.1'
} finally {
    c.close()
}
true
