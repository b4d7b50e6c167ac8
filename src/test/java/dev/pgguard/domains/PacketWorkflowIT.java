package dev.pgguard.domains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgguard.run.LiquibaseRunner;
import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import dev.pgguard.verify.ExpectedSchema;
import dev.pgguard.verify.SchemaVerifier;
import dev.pgguard.verify.VerifyReport;
import java.sql.Connection;
import java.util.TimeZone;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;

/**
 * packet-workflow decisions that need a targeted test beyond the battery: the FALSE -> NULL rule in
 * both situations, FKs to absent lookup tables added by a later update, UTC instants under a New
 * York server, and bad data halting before any change.
 */
class PacketWorkflowIT {

    static final String CHANGELOG = "changelogs/packet-workflow/changelog.yaml";

    static LiquibaseRunner runner(Connection c) {
        return new LiquibaseRunner(c, new ClassLoaderResourceAccessor(), CHANGELOG);
    }

    static void update(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            runner(c).update();
        }
    }

    static VerifyReport verify(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            return SchemaVerifier.verify(c, ExpectedSchema.forDomain("packet-workflow"));
        }
    }

    static void assertVerified(TestDatabase db) throws Exception {
        VerifyReport report = verify(db);
        assertThat(report.problems()).as(report.format()).isEmpty();
    }

    @Test
    void emptyDatabaseConverges() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("pw_empty")) {
            update(db);
            assertVerified(db);
        }
    }

    @Test
    void productionStateConverges() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("pw_production")) {
            Fixtures.load(db, "packet-workflow", "base-pre017.sql", "delta-production.sql");
            update(db);
            assertVerified(db);
            assertThat(db.value("SELECT count(*) FROM service_ops.packet WHERE detailed_status = 'Pending - New'"))
                    .as("42 NULLs backfilled + 26 rows that already were 'Pending - New'").isEqualTo("68");
        }
    }

    @Test
    void migratedByHandIsOnlyRecorded() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("pw_by_hand")) {
            Fixtures.load(db, "packet-workflow", "base-pre017.sql", "delta-production.sql", "delta-migrated-by-hand.sql");
            assertVerified(db);
            update(db);
            assertVerified(db);
            assertThat(db.column("SELECT id || ' ' || exectype FROM databasechangelog WHERE exectype <> 'MARK_RAN' ORDER BY orderexecuted"))
                    .as("a database migrated by hand: every changeset only recorded, no DDL").isEmpty();
            assertThat(db.value("SELECT count(*) FROM databasechangelog"))
                    .as("124 changesets, less the 4 of the two FKs to optional lookups (present, so skipped unrecorded)")
                    .isEqualTo("120");
        }
    }

    @Test
    void falseBecomesNullOnlyBeforeTheFirstSendIntegrationRow() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("pw_false_nonempty")) {
            Fixtures.load(db, "packet-workflow", "base-pre017.sql", "delta-production.sql", "delta-json-false.sql");
            String before = "SELECT count(*) FROM service_ops.send_serviceops WHERE json_sent_to_integration = false"
                    + " AND created_at < '2024-01-10 14:00:00'";
            assertThat(db.value(before)).isEqualTo("205");
            update(db);
            assertVerified(db);
            assertThat(db.value("SELECT count(*) FROM service_ops.send_serviceops WHERE json_sent_to_integration IS NULL"))
                    .as("every FALSE older than the first send_integration row (2024-01-10 14:00 UTC)").isEqualTo("205");
            assertThat(db.value("SELECT count(*) FROM service_ops.send_serviceops WHERE json_sent_to_integration"))
                    .as("TRUE kept").isEqualTo("88");
            assertThat(db.value("SELECT count(*) FROM service_ops.send_serviceops WHERE NOT json_sent_to_integration"))
                    .as("FALSE at or after the first send_integration row kept").isEqualTo("207");
        }
    }

    @Test
    void falseIsKeptWhenSendIntegrationIsEmpty() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("pw_false_empty")) {
            Fixtures.load(db, "packet-workflow", "base-pre017.sql", "delta-production.sql", "delta-json-false.sql",
                    "delta-send-integration-empty.sql");
            update(db);
            assertVerified(db);
            assertThat(db.value("SELECT count(*) FROM service_ops.send_serviceops WHERE json_sent_to_integration IS NULL"))
                    .as("no evidence which FALSE is an artifact: nothing changes").isEqualTo("0");
            assertThat(db.value("SELECT count(*) FROM service_ops.send_serviceops WHERE NOT json_sent_to_integration"))
                    .isEqualTo("412");
        }
    }

    @Test
    void foreignKeysToAbsentLookupsAreAddedByALaterUpdate() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("pw_no_lookups")) {
            Fixtures.load(db, "packet-workflow", "base-pre017.sql", "delta-production.sql", "delta-no-lookups.sql");
            update(db);
            assertVerified(db);
            String fks = "SELECT count(*) FROM pg_constraint WHERE conname IN ('fk_send_integration_message_status',"
                    + " 'fk_send_integration_workflow_instance')";
            assertThat(db.value(fks)).isEqualTo("0");
            assertThat(db.value("SELECT count(*) FROM databasechangelog WHERE id LIKE '021-%-fk_send_integration_message_status'"))
                    .as("skipped, not recorded").isEqualTo("0");
            db.execute("""
                    CREATE TABLE service_ops.message_status (message_status_id integer PRIMARY KEY, status_name text);
                    INSERT INTO service_ops.message_status VALUES (1, 'INGESTED'), (2, 'VALIDATED'), (3, 'SENT'), (4, 'ERROR');
                    CREATE TABLE service_ops.workflow_instance (workflow_instance_id bigint PRIMARY KEY);
                    INSERT INTO service_ops.workflow_instance SELECT g FROM generate_series(1, 50) g;
                    """);
            update(db);
            assertThat(db.value(fks)).isEqualTo("2");
            assertThat(db.value("SELECT bool_and(convalidated) FROM pg_constraint WHERE conname LIKE 'fk_send_integration_%'"))
                    .isEqualTo("t");
            assertVerified(db);
        }
    }

    @Test
    void naiveTimestampsAreReadAsUtcWhateverTheServerTimeZone() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("pw_new_york")) {
            Fixtures.load(db, "packet-workflow", "base-pre017.sql", "delta-production.sql", "delta-new-york.sql");
            db.execute("CREATE TABLE public.before_instants AS SELECT message_id, created_at FROM service_ops.send_serviceops");
            // pgjdbc sends the JVM's time zone as the session TimeZone (over the database's setting), so the
            // migrating session is put in New York the way a real client in New York would be
            TimeZone jvm = TimeZone.getDefault();
            TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
            try {
                assertThat(db.value("SHOW TimeZone")).isEqualTo("America/New_York");
                update(db);
            } finally {
                TimeZone.setDefault(jvm);
            }
            assertThat(db.value("""
                    SELECT count(*) FROM service_ops.send_serviceops s JOIN public.before_instants b USING (message_id)
                    WHERE s.created_at <> b.created_at AT TIME ZONE 'UTC'"""))
                    .as("every instant equals the naive value read as UTC").isEqualTo("0");
            assertThat(db.value("SELECT count(*) FROM public.before_instants")).isEqualTo("500");
            assertThat(db.value("SELECT last_created_at AT TIME ZONE 'UTC' FROM service_ops.integration_poll_watermark"))
                    .isEqualTo("2024-06-30 23:15:00");
        }
    }

    @Test
    void detailedStatusOutsideTheListHaltsBeforeAnyChange() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("pw_bad_status")) {
            Fixtures.load(db, "packet-workflow", "base-pre017.sql", "delta-production.sql", "delta-bad-detailed-status.sql");
            String schema = "SELECT string_agg(table_name || '.' || column_name || ':' || data_type, ',' ORDER BY table_name, column_name)"
                    + " FROM information_schema.columns WHERE table_schema = 'service_ops'";
            String before = db.value(schema);
            assertThatThrownBy(() -> update(db))
                    .hasStackTraceContaining("4 rows of service_ops.packet match")
                    .hasStackTraceContaining("'Legacy - Imported' (3)")
                    .hasStackTraceContaining("'pending - new' (1)");
            assertThat(db.value(schema)).as("nothing changed").isEqualTo(before);
            assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'databasechangelog'"
                    + " AND relnamespace = 'public'::regnamespace")).as("no changeset ran").isIn("0", "1");
        }
    }

    /** The column layout of service_ops, to show a halted update changed nothing. */
    private static final String SCHEMA_SHAPE = "SELECT string_agg(table_name || '.' || column_name || ':' || data_type, ','"
            + " ORDER BY table_name, column_name) FROM information_schema.columns WHERE table_schema = 'service_ops'";

    @Test
    void orphanKeysOfAComingForeignKeyHaltBeforeAnyChange() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("pw_fk_orphans")) {
            Fixtures.load(db, "packet-workflow", "base-pre017.sql", "delta-production.sql");
            db.execute("""
                    ALTER TABLE service_ops.send_integration ADD COLUMN resend_of_message_id bigint;
                    UPDATE service_ops.send_integration SET resend_of_message_id = 99999 WHERE message_id IN (7, 8);
                    """);
            String before = db.value(SCHEMA_SHAPE);
            assertThatThrownBy(() -> update(db))
                    .hasStackTraceContaining("2 rows of service_ops.send_integration match")
                    .hasStackTraceContaining("'99999' (2)");
            assertThat(db.value(SCHEMA_SHAPE)).as("nothing changed").isEqualTo(before);
        }
    }

    @Test
    void duplicatesUnderAComingUniqueIndexHaltBeforeAnyChange() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("pw_unique_dupes")) {
            Fixtures.load(db, "packet-workflow", "base-pre017.sql", "delta-production.sql");
            db.execute("""
                    DROP INDEX service_ops.idx_packet_decision_idempotency;
                    INSERT INTO service_ops.packet_decision (packet_id, packet_document_id, decision_type, correlation_id, created_at)
                    SELECT packet_id, packet_document_id, decision_type, correlation_id, created_at
                    FROM service_ops.packet_decision WHERE packet_decision_id = 10;
                    """);
            String before = db.value(SCHEMA_SHAPE);
            assertThatThrownBy(() -> update(db))
                    .hasStackTraceContaining("2 rows of service_ops.packet_decision match")
                    .hasStackTraceContaining("correlation_id values:");
            assertThat(db.value(SCHEMA_SHAPE)).as("nothing changed").isEqualTo(before);
            assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'idx_packet_decision_idempotency'"))
                    .isEqualTo("0");
        }
    }
}
