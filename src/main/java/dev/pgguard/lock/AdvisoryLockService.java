package dev.pgguard.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import liquibase.GlobalConfiguration;
import liquibase.Scope;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.database.Database;
import liquibase.database.DatabaseConnection;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.exception.LockException;
import liquibase.lockservice.DatabaseChangeLogLock;
import liquibase.lockservice.LockService;
import liquibase.logging.Logger;

/**
 * Liquibase's changelog lock as a PostgreSQL session-level advisory lock instead of the
 * DATABASECHANGELOGLOCK row.
 *
 * <p>The lock belongs to the Liquibase connection's server session: PostgreSQL releases it when that
 * session ends, so a process killed during an update leaves nothing behind and the next instance
 * starts at once. An instance that waits logs the holder (pid, application_name, client address,
 * since when, what it runs) every {@code liquibase.changelogLockPollRate} seconds and gives up after
 * {@code liquibase.changelogLockWaitTimeInMinutes} with the same facts and what to do. The key is
 * {@link LockKey}. {@code pgguard.lockService=table} turns this service off (Liquibase's table lock
 * is used again).
 *
 * <p>Registered in {@code META-INF/services/liquibase.lockservice.LockService} with priority
 * {@link #PRIORITY_DATABASE}, above {@code StandardLockService}'s {@link #PRIORITY_DEFAULT}, for
 * PostgreSQL (and EDB) connections; never for CockroachDB (no advisory locks) or offline databases.
 */
public final class AdvisoryLockService implements LockService {

    /** pg_advisory_unlock calls at most, to give back every re-entrant hold of this session. */
    private static final int MAX_UNLOCKS = 1000;


    private static final String HELD_HERE_OR_TRY = """
            SELECT CASE WHEN EXISTS (
                     SELECT 1 FROM pg_catalog.pg_locks
                      WHERE locktype = 'advisory' AND pid = pg_catalog.pg_backend_pid() AND granted
                        AND database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
                        AND classid::int8 = ? AND objid::int8 = ? AND objsubid = 2)
                   THEN true
                   ELSE pg_catalog.pg_try_advisory_lock(?, ?) END""";

    private static final String HOLDERS = """
            SELECT a.pid, a.usename, a.application_name, host(a.client_addr) AS client_addr, a.client_port,
                   a.backend_start, a.xact_start, a.state, a.query
              FROM pg_catalog.pg_locks l
              JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
             WHERE l.locktype = 'advisory' AND l.granted
               AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
               AND l.classid::int8 = ? AND l.objid::int8 = ? AND l.objsubid = 2
             ORDER BY a.pid""";

    private Database database;
    private LockKey key;
    private boolean hasChangeLogLock;
    private Long waitTimeMinutes;
    private Long recheckSeconds;

    @Override
    public int getPriority() {
        return PRIORITY_DATABASE;
    }

    @Override
    public boolean supports(Database database) {
        if (!(database instanceof PostgresDatabase) || "cockroachdb".equals(database.getShortName())) {
            return false;
        }
        DatabaseConnection connection = database.getConnection();
        return connection instanceof JdbcConnection jdbc && jdbc.getUnderlyingConnection() != null
                && LockServiceConfiguration.advisory();
    }

    @Override
    public void setDatabase(Database database) {
        this.database = database;
        this.key = null;
    }

    @Override
    public void setChangeLogLockWaitTime(long changeLogLockWaitTime) {
        this.waitTimeMinutes = changeLogLockWaitTime;
    }

    @Override
    public void setChangeLogLockRecheckTime(long changeLogLockRecheckTime) {
        this.recheckSeconds = changeLogLockRecheckTime;
    }

    /** {@code liquibase.changelogLockWaitTimeInMinutes} unless set on this service, as StandardLockService. */
    Duration waitTime() {
        Long minutes = waitTimeMinutes != null ? waitTimeMinutes : GlobalConfiguration.CHANGELOGLOCK_WAIT_TIME.getCurrentValue();
        return Duration.ofMinutes(minutes == null ? 5 : Math.max(0, minutes));
    }

    /** {@code liquibase.changelogLockPollRate} (seconds) unless set on this service. */
    Duration recheckTime() {
        Long seconds = recheckSeconds != null ? recheckSeconds : GlobalConfiguration.CHANGELOGLOCK_POLL_RATE.getCurrentValue();
        return Duration.ofSeconds(seconds == null ? 10 : Math.max(1, seconds));
    }

    /** The key of this database's changelog table (schema and table as Liquibase names them). */
    public LockKey key() {
        if (key == null) {
            key = LockKey.of(database.getLiquibaseSchemaName(), database.getDatabaseChangeLogTableName());
        }
        return key;
    }

    @Override
    public boolean hasChangeLogLock() {
        return hasChangeLogLock;
    }

    /**
     * Takes the lock, waiting for it up to the wait time: tries again after 0.1 s, doubling up to
     * 1 s (so the next instance follows within a second of a release), and logs who holds it every
     * recheck period. While it waits this session has no transaction open: a waiter blocked in
     * {@code pg_advisory_lock} inside a transaction would deadlock the holder's
     * {@code CREATE INDEX CONCURRENTLY}, which waits for every open transaction.
     */
    @Override
    public void waitForLock() throws LockException {
        long deadline = System.nanoTime() + waitTime().toNanos();
        if (acquireLock()) {
            return;
        }
        long nextLog = System.nanoTime();
        long pauseMillis = 100;
        while (true) {
            long now = System.nanoTime();
            if (now - nextLog >= 0) {
                logWaiting(holder());
                nextLog = now + recheckTime().toNanos();
            }
            if (now - deadline >= 0) {
                throw new LockException(timeoutMessage(holder()));
            }
            try {
                Thread.sleep(Math.max(1, Math.min(pauseMillis, TimeUnit.NANOSECONDS.toMillis(deadline - now) + 1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LockException("Interrupted while waiting for the changelog lock (" + key() + ")");
            }
            pauseMillis = Math.min(pauseMillis * 2, Math.min(1000, recheckTime().toMillis()));
            if (acquireLock()) {
                return;
            }
        }
    }

    private void logWaiting(Optional<LockHolder> holder) {
        String waiting = "The changelog lock (" + key() + ") is held by "
                + holder.map(LockHolder::describe).orElse("a session that has just released it")
                + "; waiting for it up to " + minutes(waitTime()) + " in all (liquibase.changelogLockWaitTimeInMinutes),"
                + " logging the holder every " + recheckTime().toSeconds() + " s (liquibase.changelogLockPollRate)";
        log().info(waiting);
        try {
            Scope.getCurrentScope().getUI().sendMessage(waiting);
        } catch (RuntimeException e) {
            // the log line is enough
        }
    }

    private String timeoutMessage(Optional<LockHolder> holder) {
        String who = holder.map(LockHolder::describe).orElse("a session that released it just now (try again)");
        StringBuilder s = new StringBuilder();
        s.append("Could not acquire the changelog lock (").append(key()).append(") within ").append(minutes(waitTime()))
                .append(" (liquibase.changelogLockWaitTimeInMinutes). Held by ").append(who).append('.');
        holder.ifPresent(h -> s.append(" If that session is still migrating, wait for it and start again;")
                .append(" if it is stuck, end it with SELECT pg_terminate_backend(").append(h.pid())
                .append(") (PostgreSQL then releases the lock).")
                .append(" A process that died has already lost the lock: a holder that stays is a live session"
                        + " (behind PgBouncer in transaction pooling the lock may be held by a pooled server"
                        + " connection: migrate on a direct or session-pooled connection)."));
        return s.toString();
    }

    private static String minutes(Duration d) {
        long m = d.toMinutes();
        return m == 1 ? "1 minute" : m + " minutes";
    }

    @Override
    public boolean acquireLock() throws LockException {
        if (hasChangeLogLock) {
            return true;
        }
        Connection c = connection();
        boolean locked;
        try {
            try (PreparedStatement ps = c.prepareStatement(HELD_HERE_OR_TRY)) {
                ps.setLong(1, key().namespace());
                ps.setLong(2, key().table());
                ps.setInt(3, key().namespace());
                ps.setInt(4, key().table());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    locked = rs.getBoolean(1);
                }
            }
            endTransaction(c);
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw new LockException("Could not take the changelog lock (" + key() + "): " + e.getMessage(), e);
        }
        if (!locked) {
            return false;
        }
        acquired();
        return true;
    }

    /** Bookkeeping once this session holds the lock, as StandardLockService does. */
    private void acquired() throws LockException {
        Connection c = connection();
        hasChangeLogLock = true;
        log().info("Acquired the changelog lock (" + key() + ") in session pid " + backendPid(c)
                + "; PostgreSQL releases it if this session ends");
        // another instance may have run changesets while we waited: read DATABASECHANGELOG afresh
        ChangeLogHistoryServiceFactory.getInstance().getChangeLogService(database).reset();
        database.setCanCacheLiquibaseTableInfo(true);
        warnAboutTableLock(c);
    }

    @Override
    public void releaseLock() throws LockException {
        Connection c = connection();
        try {
            unlockAll(c);
            log().info("Released the changelog lock (" + key() + ")");
        } catch (SQLException e) {
            throw new LockException("Could not release the changelog lock (" + key() + "): " + e.getMessage()
                    + "; it is released when this connection closes", e);
        } finally {
            hasChangeLogLock = false;
            database.setCanCacheLiquibaseTableInfo(false);
        }
    }

    /** Gives back every hold of this session (advisory locks are re-entrant); ends the transaction. */
    private void unlockAll(Connection c) throws SQLException {
        try {
            if (!c.getAutoCommit()) {
                // a failed changeset may leave the transaction aborted; the lock itself survives rollback
                c.rollback();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.pg_advisory_unlock(?, ?)")) {
                ps.setInt(1, key().namespace());
                ps.setInt(2, key().table());
                for (int i = 0; i < MAX_UNLOCKS; i++) {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            break;
                        }
                    }
                }
            }
        } finally {
            endTransaction(c);
        }
    }

    /** The session holding this database's changelog lock now, if any. */
    public Optional<LockHolder> holder() throws LockException {
        List<LockHolder> holders = holders();
        return holders.isEmpty() ? Optional.empty() : Optional.of(holders.get(0));
    }

    private List<LockHolder> holders() throws LockException {
        Connection c = connection();
        try {
            List<LockHolder> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(HOLDERS)) {
                ps.setLong(1, key().namespace());
                ps.setLong(2, key().table());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String addr = rs.getString("client_addr");
                        int port = rs.getInt("client_port");
                        if (addr != null && port > 0) {
                            addr = addr + ":" + port;
                        }
                        out.add(new LockHolder(rs.getInt("pid"), rs.getString("usename"), rs.getString("application_name"),
                                addr, rs.getObject("backend_start", OffsetDateTime.class),
                                rs.getObject("xact_start", OffsetDateTime.class), rs.getString("state"), rs.getString("query")));
                    }
                }
            }
            endTransaction(c);
            return out;
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw new LockException("Could not read the holder of the changelog lock (" + key() + ") from pg_locks and"
                    + " pg_stat_activity: " + e.getMessage(), e);
        }
    }

    /**
     * The holder as Liquibase's lock entry: id = the holder's pid, granted = when its session
     * started (PostgreSQL does not record when an advisory lock was granted), lockedBy = "pid N
     * application_name X from ADDRESS".
     */
    @Override
    public DatabaseChangeLogLock[] listLocks() throws LockException {
        List<DatabaseChangeLogLock> locks = new ArrayList<>();
        for (LockHolder h : holders()) {
            OffsetDateTime since = h.backendStart() != null ? h.backendStart() : h.transactionStart();
            Date granted = since == null ? new Date() : Date.from(since.toInstant());
            String by = String.format(Locale.ROOT, "pid %d application_name '%s' from %s", h.pid(),
                    h.applicationName() == null ? "" : h.applicationName(),
                    h.clientAddress() == null ? "local socket" : h.clientAddress());
            locks.add(new DatabaseChangeLogLock(h.pid(), granted, by));
        }
        return locks.toArray(new DatabaseChangeLogLock[0]);
    }

    /**
     * {@code releaseLocks}: gives back this session's lock. Another session's advisory lock cannot be
     * released from here; if a live session holds it this throws, naming it and the SQL that ends it.
     * A lock whose process died is already gone, so there is then nothing to do.
     */
    @Override
    public void forceReleaseLock() throws LockException {
        Connection c = connection();
        try {
            unlockAll(c);
        } catch (SQLException e) {
            throw new LockException("Could not release the changelog lock (" + key() + "): " + e.getMessage(), e);
        } finally {
            hasChangeLogLock = false;
            database.setCanCacheLiquibaseTableInfo(false);
        }
        Optional<LockHolder> holder = holder();
        if (holder.isPresent()) {
            LockHolder h = holder.get();
            throw new LockException("The changelog lock (" + key() + ") is held by another live session: " + h.describe()
                    + ". An advisory lock can only be released by its own session or by ending that session: if it is"
                    + " stuck, run SELECT pg_terminate_backend(" + h.pid() + "); if it is migrating, let it finish.");
        }
        log().info("No session holds the changelog lock (" + key() + "); nothing to release"
                + " (a lock of a process that died is released by PostgreSQL itself)");
    }

    @Override
    public void reset() {
        // the advisory lock stays with the session: acquireLock finds it there again (no double hold)
        hasChangeLogLock = false;
        if (database != null) {
            ChangeLogHistoryServiceFactory.getInstance().getChangeLogService(database).reset();
        }
    }

    /** Nothing to create: the lock needs no table. */
    @Override
    public void init() throws DatabaseException {
        // no DATABASECHANGELOGLOCK
    }

    /** Nothing to drop (dropAll): releases this session's lock if held. */
    @Override
    public void destroy() throws DatabaseException {
        try {
            if (database != null && database.getConnection() instanceof JdbcConnection) {
                unlockAll(connection());
            }
        } catch (SQLException | LockException e) {
            throw new DatabaseException(e);
        } finally {
            hasChangeLogLock = false;
        }
    }

    /**
     * Warns when DATABASECHANGELOGLOCK says locked: a Liquibase without pgguard (or with
     * {@code pgguard.lockService=table}) runs, or ran and died; it does not see our lock, nor we its.
     */
    private void warnAboutTableLock(Connection c) {
        String qualified = database.escapeTableName(database.getLiquibaseCatalogName(), database.getLiquibaseSchemaName(),
                database.getDatabaseChangeLogLockTableName());
        try {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.to_regclass(?) IS NOT NULL")) {
                ps.setString(1, qualified);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    exists = rs.getBoolean(1);
                }
            }
            if (exists) {
                try (PreparedStatement ps = c.prepareStatement("SELECT lockedby, lockgranted FROM " + qualified + " WHERE locked");
                        ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        log().warning(qualified + " says locked by " + rs.getString(1) + " since " + rs.getString(2)
                                + ": a Liquibase without pgguard (or with pgguard.lockService=table) holds or held the table"
                                + " lock, which pgguard's advisory lock does not see. Run every instance with pgguard on the"
                                + " classpath; clear a stale row with releaseLocks and -Dpgguard.lockService=table.");
                    }
                }
            }
            endTransaction(c);
        } catch (SQLException e) {
            rollbackQuietly(c);
            log().fine("Could not read " + qualified + ": " + e.getMessage());
        }
    }

    private Connection connection() throws LockException {
        if (database == null || !(database.getConnection() instanceof JdbcConnection jdbc)) {
            throw new LockException("The pgguard advisory lock needs a live JDBC connection to PostgreSQL");
        }
        return jdbc.getUnderlyingConnection();
    }

    /** Leaves no transaction open (Liquibase's connection has autocommit off); the session lock survives. */
    private static void endTransaction(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            // the caller reports the first error
        }
    }

    private static int backendPid(Connection c) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.pg_backend_pid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            int pid = rs.getInt(1);
            endTransaction(c);
            return pid;
        } catch (SQLException e) {
            return -1;
        }
    }

    private static Logger log() {
        return Scope.getCurrentScope().getLog(AdvisoryLockService.class);
    }
}
