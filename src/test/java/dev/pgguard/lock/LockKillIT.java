package dev.pgguard.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed with SIGKILL in the middle of an update: the next instance gets the lock at once
 * (PostgreSQL released it with the dead session) and converges. With Liquibase's table lock the
 * second update would wait for the row the dead process left and fail.
 */
class LockKillIT {

    private static final String CHANGELOG = "lock/kill-changelog.yaml";
    private static final LockKey KEY = LockKey.of("public", "databasechangelog");

    @TempDir
    Path work;

    @Test
    void anUpdateKilledInTheMiddleLeavesNoLockAndTheNextUpdateConverges() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("lock_kill")) {
            Jvm first = Jvm.start(db, CHANGELOG, "lock-kill-first", work, "-Dpgguard.test.sleepSeconds=300");
            try {
                awaitMiddleOfUpdate(db, first);
            } finally {
                first.process().destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no releaseLock
            }
            assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.process().exitValue()).as("killed, not finished:%n%s", first.output()).isNotZero();

            // one minute of patience only: a lock left behind would make this update fail
            long start = System.nanoTime();
            Jvm second = Jvm.start(db, CHANGELOG, "lock-kill-second", work, "-Dliquibase.changelogLockWaitTimeInMinutes=1");
            boolean finished = second.process().waitFor(3, TimeUnit.MINUTES);
            if (!finished) {
                second.process().destroyForcibly();
            }
            assertThat(finished).as("second update finished:%n%s", second.output()).isTrue();
            assertThat(second.process().exitValue()).as("second update:%n%s", second.output()).isZero();
            System.out.printf("[LockKillIT] second update (a fresh JVM) done %d ms after the kill%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));

            assertThat(db.column("SELECT id FROM databasechangelog ORDER BY orderexecuted"))
                    .containsExactly("001-create-table-lock_events", "002-insert-and-sleep", "003-insert");
            assertThat(db.column("SELECT what FROM lock_events ORDER BY id"))
                    .as("the killed transaction left nothing; each changeset ran once").containsExactly("002", "003");
            assertThat(db.value("SELECT count(*) FROM pg_locks WHERE " + KEY.pgLocksCondition())).isEqualTo("0");
            assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'databasechangeloglock'"))
                    .as("no DATABASECHANGELOGLOCK row that could stay locked").isEqualTo("0");
        }
    }

    /** Until the first JVM holds the lock with changeset 002's transaction open (it is in SleepChange). */
    private static void awaitMiddleOfUpdate(TestDatabase db, Jvm first) throws Exception {
        String holder = "SELECT a.state FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l."
                + KEY.pgLocksCondition().replace(" AND ", " AND l.") + " AND a.application_name = 'lock-kill-first'";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            List<String> state = db.column(holder);
            boolean inChangeset002 = !db.column("SELECT 1 FROM pg_class WHERE relname = 'databasechangelog'").isEmpty()
                    && db.value("SELECT count(*) FROM databasechangelog WHERE id = '001-create-table-lock_events'").equals("1");
            if (state.equals(List.of("idle in transaction")) && inChangeset002) {
                return;
            }
            assertThat(first.process().isAlive()).as("first update still running:%n%s", first.output()).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the first update never reached changeset 002 holding the lock:\n" + first.output());
    }
}
