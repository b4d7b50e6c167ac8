package dev.pgguard.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.Locale;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.executor.jvm.JdbcExecutor;
import liquibase.logging.Logger;
import liquibase.sql.visitor.SqlVisitor;
import liquibase.statement.ExecutablePreparedStatement;
import liquibase.statement.SqlStatement;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * Liquibase's JDBC executor on PostgreSQL with a lock-wait budget. A statement waiting for a lock
 * makes every later request for a conflicting lock on that table queue behind it: an
 * {@code ALTER TABLE} waiting 5 s behind a long transaction stalls every writer of the table for
 * those 5 s. So, for statements inside a changeset's transaction:
 * <ol>
 *   <li>a {@code lock_timeout} the changeset set above {@code pgguard.lockTimeoutCap} (default
 *       500 ms) is lowered to it (transaction-local; a changeset that sets no {@code lock_timeout}
 *       is left alone);</li>
 *   <li>when a {@code lock_timeout} is in effect, the statement runs under a savepoint; stopped by
 *       it (SQLState 55P03), it is rolled back to the savepoint, the writers queued behind it go
 *       on, and after a pause (500 ms, doubling up to 8 s) it runs again, up to
 *       {@code pgguard.lockRetries} (default 10) times; then the changeset fails naming the
 *       statement, the attempts and the fix.</li>
 * </ol>
 * A {@code DO} block that sets its own {@code lock_timeout} inside keeps it (the cap applies to the
 * statements after a separate {@code SET}); the retry still applies to it. Statements outside a
 * transaction ({@code runInTransaction: false}: CONCURRENTLY builds, batched steps) are run as
 * Liquibase runs them. Only statements that may wait (a {@code lock_timeout} in effect) get a
 * savepoint, so a long changeset of plain INSERTs opens no subtransactions.
 */
public final class LockRetryExecutor extends JdbcExecutor {

    static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final long FIRST_PAUSE_MS = 500;
    private static final long MAX_PAUSE_MS = 8_000;

    /** The lock_timeout in effect (ms) after lowering it to the cap when it is above it; 0 = none. */
    private static final String CAP_SQL = """
            SELECT CASE WHEN p.cap > 0 AND s.setting::bigint > p.cap
                        THEN pg_catalog.set_config('lock_timeout', p.cap || 'ms', true)
                        ELSE pg_catalog.current_setting('lock_timeout') END,
                   CASE WHEN p.cap > 0 THEN least(s.setting::bigint, p.cap) ELSE s.setting::bigint END
              FROM pg_catalog.pg_settings s, (SELECT ?::int AS cap) p WHERE s.name = 'lock_timeout'
            """;

    @Override
    public int getPriority() {
        return PRIORITY_SPECIALIZED;
    }

    @Override
    public boolean supports(Database database) {
        return database instanceof PostgresDatabase;
    }

    @Override
    public void execute(SqlStatement sql, List<SqlVisitor> sqlVisitors) throws DatabaseException {
        Connection c = transactionConnection();
        int cap = LockWaitConfiguration.cap();
        int retries = LockWaitConfiguration.retries();
        if (c == null || sql instanceof ExecutablePreparedStatement || (cap == 0 && retries == 0)) {
            super.execute(sql, sqlVisitors);
            return;
        }
        // set before the first savepoint, the lowered lock_timeout outlives every rollback to one
        String timeout = capLockTimeout(c, cap);
        if (timeout == null || retries == 0) {
            super.execute(sql, sqlVisitors);
            return;
        }
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            Savepoint savepoint = savepoint(c);
            try {
                super.execute(sql, sqlVisitors);
                release(c, savepoint);
                return;
            } catch (DatabaseException e) {
                if (!lockNotAvailable(e)) {
                    throw e;
                }
                String what = statementText(sql, sqlVisitors);
                if (attempt > retries) {
                    long seconds = Math.round((System.nanoTime() - started) / 1e9);
                    throw new DatabaseException("pgguard: " + what + " did not get its lock within lock_timeout " + timeout
                            + " in " + attempt + " attempts over " + seconds + " s: a session holds (or waits for) a"
                            + " conflicting lock on its table, typically a long transaction (look in pg_stat_activity for"
                            + " old xact_start, and pg_locks). Run update again once it is gone, or allow more with"
                            + " pgguard.lockRetries / pgguard.lockTimeoutCap. Nothing of this changeset is committed.", e);
                }
                rollbackTo(c, savepoint);
                long pause = pause(attempt);
                log().warning(String.format(Locale.ROOT, "pgguard: %s did not get its lock within lock_timeout %s"
                        + " (attempt %d of %d); rolled back to a savepoint so the sessions queued behind it go on;"
                        + " trying again in %.1f s", what, timeout, attempt, retries + 1, pause / 1000.0));
                sleep(pause);
            }
        }
    }

    static long pause(int attempt) {
        return Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS << Math.min(attempt - 1, 10));
    }

    /** The underlying connection when a transaction is open on it (autocommit off), else null. */
    private Connection transactionConnection() throws DatabaseException {
        if (!(database.getConnection() instanceof JdbcConnection jdbc) || jdbc.getUnderlyingConnection() == null) {
            return null;
        }
        try {
            Connection c = jdbc.getUnderlyingConnection();
            return c.getAutoCommit() ? null : c;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** Lowers lock_timeout to the cap when it is above it; returns the lock_timeout in effect, or null when none is. */
    private static String capLockTimeout(Connection c, int cap) throws DatabaseException {
        try (PreparedStatement ps = c.prepareStatement(CAP_SQL)) {
            ps.setInt(1, cap);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(2) == 0 ? null : rs.getString(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException("pgguard: cannot read lock_timeout: " + e.getMessage(), e);
        }
    }

    private static Savepoint savepoint(Connection c) throws DatabaseException {
        try {
            return c.setSavepoint();
        } catch (SQLException e) {
            throw new DatabaseException("pgguard: cannot set a savepoint before a statement that may wait for a lock: "
                    + e.getMessage(), e);
        }
    }

    /** Releases the savepoint unless the statement itself ended the transaction (a COMMIT in the changelog's SQL). */
    private static void release(Connection c, Savepoint savepoint) throws DatabaseException {
        try {
            if (!c.isWrapperFor(BaseConnection.class) || c.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE) {
                c.releaseSavepoint(savepoint);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private static void rollbackTo(Connection c, Savepoint savepoint) throws DatabaseException {
        try {
            c.rollback(savepoint);
        } catch (SQLException e) {
            throw new DatabaseException("pgguard: cannot roll back to the savepoint after a lock timeout: " + e.getMessage(), e);
        }
    }

    static boolean lockNotAvailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && LOCK_NOT_AVAILABLE.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private String statementText(SqlStatement sql, List<SqlVisitor> visitors) {
        try {
            String text = String.join("; ", applyVisitors(sql, visitors)).replaceAll("\\s+", " ").trim();
            return "'" + (text.length() > 120 ? text.substring(0, 117) + "..." : text) + "'";
        } catch (DatabaseException | RuntimeException e) {
            return sql.getClass().getSimpleName();
        }
    }

    private static void sleep(long millis) throws DatabaseException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("pgguard: interrupted while waiting to retry a statement stopped by lock_timeout", e);
        }
    }

    private static Logger log() {
        return Scope.getCurrentScope().getLog(LockRetryExecutor.class);
    }
}
