package dev.pgguard.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgguard.run.LiquibaseRunner;
import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LockException;
import liquibase.lockservice.DatabaseChangeLogLock;
import liquibase.lockservice.LockServiceFactory;
import liquibase.lockservice.StandardLockService;
import liquibase.logging.core.BufferedLogService;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two sessions on one database, each with its own AdvisoryLockService, as two instances would have. */
class AdvisoryLockServiceIT {

    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = PgServer.get().createDatabase("advisory_lock");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void aSecondSessionWaitsLogsTheHolderAndTimesOutWithTheHolderAndTheFix() throws Exception {
        try (Connection holderConnection = connect("orders-pod-a"); Connection waiterConnection = connect("orders-pod-b")) {
            AdvisoryLockService holder = service(holderConnection);
            AdvisoryLockService waiter = service(waiterConnection);
            int holderPid = pid(holderConnection);

            assertThat(holder.acquireLock()).isTrue();
            assertThat(holder.hasChangeLogLock()).isTrue();
            assertThat(db.value("SELECT count(*) FROM pg_locks WHERE " + holder.key().pgLocksCondition() + " AND pid = " + holderPid))
                    .as("the lock is visible in pg_locks under the documented key").isEqualTo("1");
            assertThat(db.value("SELECT state FROM pg_stat_activity WHERE pid = " + holderPid))
                    .as("no transaction left open after taking the lock").isEqualTo("idle");
            assertThat(waiter.acquireLock()).isFalse();
            assertThat(waiter.hasChangeLogLock()).isFalse();

            waiter.setChangeLogLockWaitTime(0);
            waiter.setChangeLogLockRecheckTime(1);
            BufferedLogService logs = new BufferedLogService();
            long start = System.nanoTime();
            assertThatThrownBy(() -> Scope.child(Scope.Attr.logService.name(), logs, waiter::waitForLock))
                    .isInstanceOf(LockException.class)
                    .hasMessageContaining("pid " + holderPid)
                    .hasMessageContaining("application_name 'orders-pod-a'")
                    .hasMessageContaining("SELECT pg_terminate_backend(" + holderPid + ")")
                    .hasMessageContaining("liquibase.changelogLockWaitTimeInMinutes");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).as("gave up after the configured wait").isLessThan(10);
            assertThat(logs.getLogAsString(Level.INFO))
                    .contains("The changelog lock (advisory lock (" + LockKey.NAMESPACE + ", ").contains(") is held by pid")
                    .contains("pid " + holderPid)
                    .contains("application_name 'orders-pod-a'");

            DatabaseChangeLogLock[] locks = waiter.listLocks();
            assertThat(locks).hasSize(1);
            assertThat(locks[0].getId()).isEqualTo(holderPid);
            assertThat(locks[0].getLockedBy()).contains("pid " + holderPid).contains("orders-pod-a");
            assertThat(locks[0].getLockGranted()).isNotNull();

            assertThatThrownBy(waiter::forceReleaseLock).as("releaseLocks cannot release another live session's lock")
                    .isInstanceOf(LockException.class)
                    .hasMessageContaining("pid " + holderPid)
                    .hasMessageContaining("SELECT pg_terminate_backend(" + holderPid + ")");
            assertThat(waiter.acquireLock()).as("still held by the first session").isFalse();

            holder.releaseLock();
            assertThat(holder.hasChangeLogLock()).isFalse();
            assertThat(waiter.listLocks()).isEmpty();
            assertThat(waiter.acquireLock()).isTrue();
            waiter.releaseLock();
        }
    }

    @Test
    void aWaiterGetsTheLockWhenItIsReleasedOrItsSessionEnds() throws Exception {
        try (Connection a = connect("pod-a"); Connection b = connect("pod-b")) {
            AdvisoryLockService first = service(a);
            AdvisoryLockService second = service(b);
            assertThat(first.acquireLock()).isTrue();
            second.setChangeLogLockWaitTime(1);
            second.setChangeLogLockRecheckTime(1);
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                try {
                    second.waitForLock();
                } catch (LockException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1500);
            assertThat(waiting).as("waits while the first holds the lock").isNotDone();
            first.releaseLock();
            waiting.get(30, TimeUnit.SECONDS);
            assertThat(second.hasChangeLogLock()).isTrue();

            // the holder's session ends without releasing: PostgreSQL releases the lock
            Connection c = connect("pod-c");
            AdvisoryLockService third = service(c);
            b.close();
            third.setChangeLogLockWaitTime(1);
            third.setChangeLogLockRecheckTime(1);
            third.waitForLock();
            assertThat(third.hasChangeLogLock()).isTrue();
            assertThat(third.listLocks()).extracting(DatabaseChangeLogLock::getId).containsExactly(pid(c));
            c.close();
        }
    }

    @Test
    void reacquiringAfterResetDoesNotHoldTheLockTwiceAndReleaseLocksOnOwnSessionReleases() throws Exception {
        try (Connection a = connect("pod-a"); Connection b = connect("pod-b")) {
            AdvisoryLockService first = service(a);
            AdvisoryLockService second = service(b);
            assertThat(first.acquireLock()).isTrue();
            first.reset();
            assertThat(first.acquireLock()).isTrue();
            first.releaseLock();
            assertThat(second.acquireLock()).as("one release gives the lock back").isTrue();

            second.forceReleaseLock();
            assertThat(second.hasChangeLogLock()).isFalse();
            assertThat(first.acquireLock()).isTrue();
            first.releaseLock();
            second.forceReleaseLock(); // nobody holds it: nothing to do, no error
        }
    }

    @Test
    void twoChangelogTablesInOneDatabaseDoNotBlockEachOther() throws Exception {
        try (Connection a = connect("pod-a"); Connection b = connect("pod-b")) {
            AdvisoryLockService first = service(a);
            Database other = database(b);
            other.setDatabaseChangeLogTableName("other_changelog");
            AdvisoryLockService second = new AdvisoryLockService();
            second.setDatabase(other);
            assertThat(second.key()).isNotEqualTo(first.key());
            assertThat(first.key().changelogTable()).isEqualTo("public.databasechangelog");
            assertThat(first.key()).isEqualTo(LockKey.of("public", "databasechangelog"));
            assertThat(first.acquireLock()).isTrue();
            assertThat(second.acquireLock()).isTrue();
            first.releaseLock();
            second.releaseLock();
        }
    }

    @Test
    void liquibaseUsesTheAdvisoryLockUnlessTurnedOff(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("changelog.yaml"), """
                databaseChangeLog:
                  - changeSet:
                      id: 001-create-table-gadgets
                      author: pgguard
                      changes:
                        - sql: {sql: CREATE TABLE gadgets (id int)}
                      rollback:
                        - sql: {sql: DROP TABLE gadgets}
                """);
        try (TestDatabase fresh = PgServer.get().createDatabase("advisory_lock_liquibase");
                DirectoryResourceAccessor accessor = new DirectoryResourceAccessor(dir);
                Connection c = fresh.connect()) {
            assertThat(LockServiceFactory.getInstance().getLockService(database(c))).isInstanceOf(AdvisoryLockService.class);
            new LiquibaseRunner(c, accessor, "changelog.yaml").update();
            assertThat(fresh.value("SELECT count(*) FROM pg_class WHERE relname = 'gadgets'")).isEqualTo("1");
            assertThat(fresh.value("SELECT count(*) FROM pg_class WHERE relname = 'databasechangeloglock'"))
                    .as("the advisory lock needs no lock table").isEqualTo("0");
            assertThat(fresh.value("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).as("released after the update").isEqualTo("0");

            Scope.child(Map.of("pgguard.lockService", "table"), () -> {
                LockServiceFactory.reset();
                assertThat(LockServiceFactory.getInstance().getLockService(database(c))).isInstanceOf(StandardLockService.class);
                new LiquibaseRunner(c, accessor, "changelog.yaml").tag("with-table-lock");
            });
            LockServiceFactory.reset();
            assertThat(fresh.value("SELECT count(*) FROM pg_class WHERE relname = 'databasechangeloglock'"))
                    .as("pgguard.lockService=table: Liquibase's own lock table").isEqualTo("1");

            Scope.child(Map.of("pgguard.lockService", "row"), () -> assertThatThrownBy(() -> new AdvisoryLockService().supports(database(c)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'advisory'").hasMessageContaining("'table'"));
        } finally {
            LockServiceFactory.reset();
        }
    }

    private static AdvisoryLockService service(Connection c) throws Exception {
        AdvisoryLockService s = new AdvisoryLockService();
        Database database = database(c);
        assertThat(s.supports(database)).isTrue();
        s.setDatabase(database);
        return s;
    }

    private static Database database(Connection c) throws Exception {
        return DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
    }

    /** A connection as Liquibase gets it: autocommit off, its own application_name. */
    private static Connection connect(String applicationName) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", db.server().user());
        if (!db.server().password().isEmpty()) {
            props.setProperty("password", db.server().password());
        }
        props.setProperty("ApplicationName", applicationName);
        Connection c = DriverManager.getConnection(db.url(), props);
        c.setAutoCommit(false);
        return c;
    }

    private static int pid(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            int pid = rs.getInt(1);
            c.commit();
            return pid;
        }
    }
}
