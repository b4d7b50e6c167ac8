package dev.pgguard.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import liquibase.GlobalConfiguration;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.changelog.StandardChangeLogHistoryService;
import liquibase.exception.DatabaseException;

/**
 * Liquibase's DATABASECHANGELOG service, with its set-up serialised between instances.
 *
 * <p>Liquibase checks, creates and upgrades DATABASECHANGELOG before it takes the changelog lock
 * (whatever the lock service), so instances started together on a new database race to create the
 * table and all but one fail ({@code duplicate key value violates unique constraint
 * "pg_type_typname_nsp_index"}). Here that set-up runs under a second session advisory lock,
 * {@code (}{@link LockKey#INIT_NAMESPACE}{@code , table)}, held only for the set-up: the next instance
 * waits for it, then sees the table. Everything else is StandardChangeLogHistoryService.
 */
public final class SerializedChangeLogHistoryService extends StandardChangeLogHistoryService {

    @Override
    public int getPriority() {
        return PRIORITY_DATABASE;
    }

    @Override
    public boolean supports(Database database) {
        return database instanceof PostgresDatabase && !"cockroachdb".equals(database.getShortName())
                && database.getConnection() instanceof JdbcConnection jdbc && jdbc.getUnderlyingConnection() != null
                && LockServiceConfiguration.advisory();
    }

    @Override
    public void init() throws DatabaseException {
        Database database = getDatabase();
        LockKey key = LockKey.of(database.getLiquibaseSchemaName(), database.getDatabaseChangeLogTableName());
        Connection c = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
        // session-level, taken without waiting inside a transaction (see AdvisoryLockService.waitForLock)
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(Math.max(1, waitMinutes()));
        long nextLog = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!advisory(c, "SELECT pg_catalog.pg_try_advisory_lock(?, ?)", key)) {
            if (System.nanoTime() - deadline >= 0) {
                throw new DatabaseException("Another session has been setting up " + key.changelogTable() + " for too long"
                        + " (pg_locks: locktype = 'advisory' AND classid = " + LockKey.INIT_NAMESPACE + " AND objid = "
                        + key.table() + ")");
            }
            if (System.nanoTime() - nextLog >= 0) {
                Scope.getCurrentScope().getLog(getClass()).info("Waiting for another instance to set up " + key.changelogTable());
                nextLog = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatabaseException("Interrupted while waiting to set up " + key.changelogTable());
            }
        }
        try {
            super.init();
        } finally {
            advisory(c, "SELECT pg_catalog.pg_advisory_unlock(?, ?)", key);
        }
    }

    private static long waitMinutes() {
        Long minutes = GlobalConfiguration.CHANGELOGLOCK_WAIT_TIME.getCurrentValue();
        return minutes == null ? 5 : minutes;
    }

    /** Runs one advisory-lock function and ends the transaction, so none stays open while waiting. */
    private static boolean advisory(Connection c, String sql, LockKey key) throws DatabaseException {
        try {
            boolean result;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, LockKey.INIT_NAMESPACE);
                ps.setInt(2, key.table());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    result = rs.getBoolean(1);
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return result;
        } catch (SQLException e) {
            throw new DatabaseException("Could not serialise the set-up of " + key.changelogTable() + " (" + sql + "): "
                    + e.getMessage(), e);
        }
    }
}
