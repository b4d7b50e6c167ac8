package dev.pgguard.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgguard.run.LiquibaseRunner;
import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import liquibase.Scope;
import liquibase.logging.core.BufferedLogService;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LockRetryExecutor} against PostgreSQL, with a second session holding a lock the
 * changeset's ALTER TABLE needs (as a long transaction in production does). The tests watch the
 * waiting statement in pg_stat_activity (its query_start tells one attempt from the next); they
 * assert what happened, never how fast.
 */
class LockRetryExecutorIT {

    private static final String CHANGELOG = """
            databaseChangeLog:
              - changeSet:
                  id: 001-add-column-t.c
                  author: pgguard
                  changes:
                    - sql:
                        sql: %s
                  rollback:
                    - sql:
                        sql: ALTER TABLE t DROP COLUMN c
            """;

    @TempDir
    Path dir;

    private LiquibaseRunner runner(Connection c, String sql) throws Exception {
        Files.writeString(dir.resolve("changelog.yaml"), CHANGELOG.formatted(sql));
        return new LiquibaseRunner(c, new DirectoryResourceAccessor(dir), "changelog.yaml");
    }

    private static TestDatabase database(String name) {
        TestDatabase db = PgServer.get().createDatabase(name);
        db.execute("CREATE TABLE t (id int); INSERT INTO t VALUES (1)");
        return db;
    }

    /** Runs update in another thread with its log captured; the future holds its failure, or null. */
    private CompletableFuture<Exception> updateAsync(TestDatabase db, String sql, BufferedLogService logs, Map<String, Object> scope) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection c = db.connect()) {
                LiquibaseRunner lb = runner(c, sql);
                Scope.child(Scope.Attr.logService.name(), logs, () -> Scope.child(scope, () -> lb.update()));
                return null;
            } catch (Exception e) {
                return e;
            }
        });
    }

    /** query_start of the ALTER TABLE waiting for a lock, once one is seen whose query_start is not {@code notThis}. */
    private static String waitingAlter(TestDatabase db, String notThis) throws InterruptedException {
        for (int i = 0; i < 6000; i++) {
            List<String> starts = waitingAlters(db);
            if (!starts.isEmpty() && !starts.get(0).equals(notThis)) {
                return starts.get(0);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no ALTER TABLE waiting for its lock (other than one started at " + notThis + ")");
    }

    /** query_start of every ALTER TABLE t ADD COLUMN now waiting for a lock. */
    private static List<String> waitingAlters(TestDatabase db) {
        return db.column("SELECT query_start::text FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock' AND query LIKE 'ALTER TABLE t ADD COLUMN%'");
    }

    private static Connection holdShareLock(TestDatabase db) throws Exception {
        Connection holder = db.connect();
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement()) {
            s.execute("LOCK TABLE t IN ACCESS SHARE MODE");
        }
        return holder;
    }

    @Test
    void aStatementStoppedByTheCappedLockTimeoutIsRolledBackToASavepointAndRunAgainUntilItGetsTheLock() throws Exception {
        try (TestDatabase db = database("lockretry_retry")) {
            BufferedLogService logs = new BufferedLogService();
            CompletableFuture<Exception> run;
            try (Connection holder = holdShareLock(db)) {
                run = updateAsync(db, "SET LOCAL lock_timeout = '5s'; ALTER TABLE t ADD COLUMN c int", logs, Map.of());
                String first = waitingAlter(db, null);
                String second = waitingAlter(db, first);
                assertThat(second).as("a second attempt, before the 5 s the changeset asked for").isNotEqualTo(first);
                holder.commit();
            }
            assertThat(run.get(120, TimeUnit.SECONDS)).isNull();
            assertThat(db.value("SELECT count(*) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'c'")).isEqualTo("1");
            assertThat(db.value("SELECT count(*) FROM databasechangelog WHERE id = '001-add-column-t.c'")).isEqualTo("1");
            assertThat(logs.getLogAsString(Level.WARNING))
                    .contains("pgguard: 'ALTER TABLE t ADD COLUMN c int' did not get its lock within lock_timeout 500ms (attempt 1 of 11);"
                            + " rolled back to a savepoint so the sessions queued behind it go on; trying again in 0.5 s");
        }
    }

    @Test
    void aChangesetThatSetsNoLockTimeoutIsLeftAloneAndWaitsAsItAsked() throws Exception {
        try (TestDatabase db = database("lockretry_nocap")) {
            BufferedLogService logs = new BufferedLogService();
            CompletableFuture<Exception> run;
            try (Connection holder = holdShareLock(db)) {
                run = updateAsync(db, "ALTER TABLE t ADD COLUMN c int", logs, Map.of());
                String first = waitingAlter(db, null);
                Thread.sleep(2_500);
                assertThat(waitingAlters(db))
                        .as("the same statement still waiting: not capped, not retried").containsExactly(first);
                holder.commit();
            }
            assertThat(run.get(120, TimeUnit.SECONDS)).isNull();
            assertThat(logs.getLogAsString(Level.WARNING)).doesNotContain("did not get its lock");
        }
    }

    @Test
    void whenTheRetriesAreSpentTheChangesetFailsNamingTheStatementAndTheFixAndNothingIsCommitted() throws Exception {
        try (TestDatabase db = database("lockretry_spent")) {
            BufferedLogService logs = new BufferedLogService();
            Exception failure;
            try (Connection holder = holdShareLock(db)) {
                failure = updateAsync(db, "SET LOCAL lock_timeout = '5s'; ALTER TABLE t ADD COLUMN c int", logs,
                        Map.of("pgguard.lockRetries", 1, "pgguard.lockTimeoutCap", 200)).get(120, TimeUnit.SECONDS);
                holder.commit();
            }
            assertThat(failure).isNotNull();
            assertThat(failure).hasStackTraceContaining("pgguard: 'ALTER TABLE t ADD COLUMN c int' did not get its lock within"
                    + " lock_timeout 200ms in 2 attempts").hasStackTraceContaining("pgguard.lockRetries / pgguard.lockTimeoutCap");
            assertThat(db.value("SELECT count(*) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'c'")).isEqualTo("0");
            assertThat(db.value("SELECT count(*) FROM databasechangelog WHERE id = '001-add-column-t.c'")).isEqualTo("0");
        }
    }

    @Test
    void aNegativeSettingIsRefusedNamingIt() {
        assertThatThrownBy(() -> Scope.child(Map.of("pgguard.lockRetries", -1), LockWaitConfiguration::retries))
                .hasStackTraceContaining("pgguard.lockRetries=-1 is negative; use 0 to turn it off or a positive number");
    }

    @Test
    void pausesDoubleFromHalfASecondUpToEight() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 20).stream().map(LockRetryExecutor::pause).toList())
                .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 8000L, 8000L);
    }
}
