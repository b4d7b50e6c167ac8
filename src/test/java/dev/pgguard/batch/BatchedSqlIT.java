package dev.pgguard.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgguard.battery.SqlScript;
import dev.pgguard.run.LiquibaseRunner;
import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import liquibase.statement.SqlStatement;
import liquibase.util.SqlUtil;
import liquibase.logging.core.BufferedLogService;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batchedSql} against PostgreSQL: batches with progress on the log, a run killed between
 * batches resumes where it stopped, nothing is done twice, and the {@code updateSQL} preview run
 * as psql runs it gives the same rows.
 */
class BatchedSqlIT {

    private static final String STEP = "030-backfill-widgets.hits::pgguard";

    /** Every widget's hits goes up by one per time its batch runs: any batch run twice shows as 2. */
    private static final String CHANGELOG = """
            databaseChangeLog:
              - changeSet:
                  id: 030-backfill-widgets.hits
                  author: pgguard
                  runInTransaction: false
                  comment: count each widget once
                  changes:
                    - batchedSql:
                        tableName: widgets
                        keyColumn: %s
                        where: kind <> 'skip'
                        batchSize: 100
                        sql: UPDATE widgets SET hits = hits + 1 WHERE %s BETWEEN :lower AND :upper AND kind <> 'skip' AND gate(%s)
                  rollback:
                    - sqlIfExecuted:
                        sql: UPDATE widgets SET hits = 0; DELETE FROM pgguard_batch_progress WHERE change_set = '%s'
            """;

    private static final String SETUP = """
            CREATE TABLE widgets (id integer PRIMARY KEY, code text NOT NULL UNIQUE, uid uuid NOT NULL UNIQUE, kind text NOT NULL, hits integer NOT NULL DEFAULT 0);
            INSERT INTO widgets (id, code, uid, kind)
                SELECT g, CASE WHEN g %% 2 = 0 THEN 'W-' ELSE 'w-' END || lpad(g::text, 5, '0') || E'\\'q',
                       md5(g::text)::uuid,
                       CASE WHEN g %% 10 = 0 THEN 'skip' ELSE 'keep' END
                FROM generate_series(1, 1000) g;
            CREATE FUNCTION gate(k integer) RETURNS boolean LANGUAGE plpgsql AS $$
            BEGIN
                IF k > %d THEN PERFORM pg_advisory_xact_lock_shared(4711); END IF;
                RETURN true;
            END $$;
            CREATE FUNCTION gate(k uuid) RETURNS boolean LANGUAGE sql AS 'SELECT true';
            CREATE FUNCTION gate(k text) RETURNS boolean LANGUAGE plpgsql AS $$
            BEGIN
                IF k > '%s' THEN PERFORM pg_advisory_xact_lock_shared(4711); END IF;
                RETURN true;
            END $$;
            """;

    @TempDir
    Path dir;

    private LiquibaseRunner runner(Connection c, String key) throws Exception {
        Files.writeString(dir.resolve("changelog.yaml"), CHANGELOG.formatted(key, key, key, STEP));
        return new LiquibaseRunner(c, new DirectoryResourceAccessor(dir), "changelog.yaml");
    }

    /** Batches whose keys go beyond {@code gateAbove} wait for advisory lock 4711. */
    private static TestDatabase database(String name, int gateAbove, String gateAboveText) {
        TestDatabase db = PgServer.get().createDatabase(name);
        db.execute(SETUP.formatted(gateAbove, gateAboveText));
        return db;
    }

    @Test
    void updateRunsKeyOrderedBatchesWithProgressOnTheLogAndASecondUpdateDoesNothing() throws Exception {
        try (TestDatabase db = database("batched_update", 100_000, "~")) {
            BufferedLogService logs = new BufferedLogService();
            try (Connection c = db.connect()) {
                LiquibaseRunner lb = runner(c, "id");
                Scope.child(Scope.Attr.logService.name(), logs, () -> lb.update());
                lb.update();
            }
            assertThat(db.value("SELECT count(*) FROM widgets WHERE kind = 'keep' AND hits = 1")).isEqualTo("900");
            assertThat(db.value("SELECT count(*) FROM widgets WHERE hits <> CASE kind WHEN 'keep' THEN 1 ELSE 0 END")).isEqualTo("0");
            assertThat(db.value("SELECT batches || ' ' || rows_done || ' ' || rows_affected || ' ' || last_key FROM pgguard_batch_progress"))
                    .isEqualTo("9 900 900 999");
            String log = logs.getLogAsString(Level.INFO);
            assertThat(log).contains("900 rows in 9 batches")
                    .contains("batch 1 of 9, 100 of 900 rows done (keys 1..111, 100 rows written)")
                    .contains("batch 9 of 9, 900 of 900 rows done")
                    .contains("rows/s, ETA ")
                    .contains("done, 9 batches, 900 rows (900 written)");
        }
    }

    @Test
    void aRunKilledBetweenBatchesResumesAfterTheLastCommittedBatchAndDoesNothingTwice() throws Exception {
        try (TestDatabase db = database("batched_kill", 444, "~")) {
            try (Connection holder = db.connect(); Statement h = holder.createStatement()) {
                h.execute("SELECT pg_advisory_lock(4711)");
                CompletableFuture<Exception> run = CompletableFuture.supplyAsync(() -> {
                    try (Connection c = db.connect()) {
                        runner(c, "id").update();
                        return null;
                    } catch (Exception e) {
                        return e;
                    }
                });
                // batch 5 (keys 445..) waits for the gate; kill its backend as a crash would
                String pid = waitForBlockedBatch(db);
                db.execute("SELECT pg_terminate_backend(" + pid + ")");
                assertThat(run.get(60, TimeUnit.SECONDS)).as("the killed update fails").isNotNull();
                h.execute("SELECT pg_advisory_unlock(4711)");
            }
            assertThat(db.value("SELECT batches || ' ' || rows_done || ' ' || last_key FROM pgguard_batch_progress"))
                    .as("four whole batches committed and recorded").isEqualTo("4 400 444");
            assertThat(db.value("SELECT count(*) FROM widgets WHERE hits = 1")).isEqualTo("400");
            assertThat(db.value("SELECT count(*) FROM databasechangelog")).isEqualTo("0");

            BufferedLogService logs = new BufferedLogService();
            try (Connection c = db.connect()) {
                LiquibaseRunner lb = runner(c, "id");
                Scope.child(Scope.Attr.logService.name(), logs, () -> lb.update());
            }
            assertThat(logs.getLogAsString(Level.INFO)).contains("resuming after key 444 (4 batches, 400 rows done before); 500 rows left in 5 batches")
                    .contains("batch 5 of 9").contains("batch 9 of 9");
            assertThat(db.value("SELECT count(*) FROM widgets WHERE kind = 'keep' AND hits = 1")).isEqualTo("900");
            assertThat(db.value("SELECT max(hits) FROM widgets")).as("no batch ran twice").isEqualTo("1");

            // killed after the last batch but before DATABASECHANGELOG was written: the rerun finds nothing left
            db.execute("DELETE FROM databasechangelog");
            try (Connection c = db.connect()) {
                runner(c, "id").update();
            }
            assertThat(db.value("SELECT max(hits) FROM widgets")).isEqualTo("1");
            assertThat(db.value("SELECT batches FROM pgguard_batch_progress")).isEqualTo("9");
        }
    }

    @Test
    void rollbackThenUpdateRunsTheStepAgainFromTheStart() throws Exception {
        try (TestDatabase db = database("batched_rollback", 100_000, "~")) {
            try (Connection c = db.connect()) {
                LiquibaseRunner lb = runner(c, "id");
                lb.tag("before");
                lb.update();
                lb.rollbackToTag("before");
                assertThat(db.value("SELECT count(*) FROM widgets WHERE hits <> 0")).isEqualTo("0");
                assertThat(db.value("SELECT count(*) FROM pgguard_batch_progress")).isEqualTo("0");
                lb.update();
            }
            assertThat(db.value("SELECT count(*) FROM widgets WHERE kind = 'keep' AND hits = 1")).isEqualTo("900");
        }
    }

    @Test
    void thePreviewRunAsPsqlRunsItGivesTheSameRowsAndResumesToo() throws Exception {
        try (TestDatabase viaUpdate = database("batched_text_update", 100_000, "~");
             TestDatabase viaPreview = database("batched_text_preview", 100_000, "w-00500")) {
            String preview;
            try (Connection c = viaUpdate.connect()) {
                StringWriter out = new StringWriter();
                runner(c, "code").updateSql(out);
                preview = out.toString();
                runner(c, "code").update();
            }
            assertThat(preview).contains("CREATE TABLE IF NOT EXISTS \"public\".\"pgguard_batch_progress\"")
                    .contains("DO $pgguard_batch$").contains("COMMIT;").contains("RAISE NOTICE 'batchedSql %: batch % of %")
                    .doesNotContain("WARNING: This statement uses a prepared statement");
            assertThat(viaPreview.value("SELECT max(hits) FROM widgets")).as("updateSQL changed nothing").isEqualTo("0");

            // the first run of the preview stops at the gate (killed), the next resumes
            try (Connection holder = viaPreview.connect(); Statement h = holder.createStatement()) {
                h.execute("SELECT pg_advisory_lock(4711)");
                CompletableFuture<Exception> run = CompletableFuture.supplyAsync(() -> runScript(viaPreview, preview));
                String pid = waitForBlockedBatch(viaPreview);
                viaPreview.execute("SELECT pg_terminate_backend(" + pid + ")");
                assertThat(run.get(60, TimeUnit.SECONDS)).isNotNull();
                h.execute("SELECT pg_advisory_unlock(4711)");
            }
            assertThat(Integer.parseInt(viaPreview.value("SELECT batches FROM pgguard_batch_progress"))).isBetween(1, 8);
            // as a DBA would: a new preview of the interrupted database, run again
            String again;
            try (Connection c = viaPreview.connect()) {
                StringWriter out = new StringWriter();
                runner(c, "code").updateSql(out);
                again = out.toString();
            }
            assertThat(runScript(viaPreview, again)).isNull();
            String rows = "SELECT string_agg(code || ':' || hits, ',' ORDER BY id) FROM widgets";
            assertThat(viaPreview.value(rows)).isEqualTo(viaUpdate.value(rows));
            String progress = "SELECT change_set || last_key || batches || rows_done || rows_affected FROM pgguard_batch_progress";
            assertThat(viaPreview.value(progress)).isEqualTo(viaUpdate.value(progress));
            assertThat(viaPreview.value("SELECT max(hits) FROM widgets")).isEqualTo("1");
        }
    }

    /**
     * Liquibase 4.31 asks for every statement's SQL (for its log MDC) before running a changeset and
     * failed with "Cannot find generators ... statement: batchedSql" (the Spring Boot 3.5 sample, CI of
     * 2026-11-22). The statement has a generator whose text is the preview's DO block.
     */
    @Test
    void theStatementUpdateRunsHasSqlTextForLiquibaseLoggingAndItIsThePreview() throws Exception {
        try (TestDatabase db = database("batched_sqltext", 100_000, "~"); Connection c = db.connect()) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            BatchedSqlChange change = new BatchedSqlChange();
            change.setTableName("widgets");
            change.setKeyColumn("id");
            change.setSql("UPDATE widgets SET hits = hits + 1 WHERE id BETWEEN :lower AND :upper");
            change.setChangeSet(new ChangeSet("030-sqltext", "pgguard", false, false, "changelog.yaml", null, null, null));
            SqlStatement[] statements = change.generateStatements(database);
            assertThat(statements).singleElement().isInstanceOf(BatchedSqlChange.Run.class);
            String text = SqlUtil.getSqlString(statements[0], SqlGeneratorFactory.getInstance(), database);
            assertThat(text).as("the preview text; Liquibase adds the end delimiter").isEqualTo(change.plan(database).previewSql() + ";")
                    .contains("DO $pgguard_batch$");
            assertThat(db.value("SELECT max(hits) FROM widgets")).as("asking for the text ran nothing").isEqualTo("0");
        }
    }

    /** uuid has no min()/max() in PostgreSQL: a uuid key batches by its btree order, over JDBC and in the preview alike. */
    @Test
    void aUuidKeyBatchesInItsOrderOverJdbcAndInThePreview() throws Exception {
        try (TestDatabase viaUpdate = database("batched_uuid_update", 100_000, "~");
             TestDatabase viaPreview = database("batched_uuid_preview", 100_000, "~")) {
            try (Connection c = viaUpdate.connect()) {
                runner(c, "uid").update();
            }
            String preview;
            try (Connection c = viaPreview.connect()) {
                StringWriter out = new StringWriter();
                runner(c, "uid").updateSql(out);
                preview = out.toString();
            }
            assertThat(runScript(viaPreview, preview)).isNull();
            for (TestDatabase db : new TestDatabase[] {viaUpdate, viaPreview}) {
                assertThat(db.value("SELECT count(*) FROM widgets WHERE hits <> CASE kind WHEN 'keep' THEN 1 ELSE 0 END")).isEqualTo("0");
                assertThat(db.value("SELECT batches || ' ' || rows_done || ' ' || last_key FROM pgguard_batch_progress"))
                        .isEqualTo("9 900 " + db.value("SELECT uid::text FROM widgets WHERE kind = 'keep' ORDER BY uid DESC LIMIT 1"));
            }
        }
    }

    @Test
    void aMissingKeyColumnFailsNamingIt() throws Exception {
        try (TestDatabase db = database("batched_nokey", 100_000, "~")) {
            try (Connection c = db.connect()) {
                assertThatThrownBy(() -> runner(c, "widget_id").update())
                        .hasStackTraceContaining("key column \"public\".\"widgets\".\"widget_id\" does not exist");
            }
            assertThat(db.value("SELECT max(hits) FROM widgets")).isEqualTo("0");
        }
    }

    private static Exception runScript(TestDatabase db, String script) {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String statement : SqlScript.split(script)) {
                s.execute(statement);
            }
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    /** The pid of the backend whose batch waits at the gate (polls pg_stat_activity; no timing assertion). */
    private static String waitForBlockedBatch(TestDatabase db) throws InterruptedException {
        for (int i = 0; i < 6000; i++) {
            var pids = db.column("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock' AND wait_event = 'advisory'");
            if (!pids.isEmpty()) {
                return pids.get(0);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no batch ever waited at the gate");
    }
}
