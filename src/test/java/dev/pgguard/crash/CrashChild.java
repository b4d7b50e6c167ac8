package dev.pgguard.crash;

import dev.pgguard.run.LiquibaseRunner;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * The process {@link CrashIT} kills: runs {@code update} and dies by {@code Runtime.halt(137)}
 * (no shutdown hooks, no clean close of its connection: as close to {@code kill -9} as Java gets)
 * at one kill point.
 *
 * <pre>
 * args: url user password changelog mode changeSetKey [table]
 *   mode after   halt right after Liquibase reports changeset changeSetKey as ran
 *   mode inside  while changeset changeSetKey runs: a second connection holds a lock on table
 *                (ROW EXCLUSIVE for a CREATE INDEX CONCURRENTLY, which then waits for it after
 *                creating its INVALID index; SHARE for a data step's UPDATE), a watcher sees the
 *                migration's backend waiting, terminates that backend (an interrupted build, as a
 *                lost connection or a server restart leaves it) and halts the process
 *   mode batch   while the batchedSql changeset changeSetKey runs: a watcher halts the process as
 *                soon as the step's progress table (argument 7) records a committed batch of that step
 * </pre>
 */
public final class CrashChild {

    static final int KILLED = 137;

    /**
     * The lock holder's and the watcher's connections, held for the life of the process: pgjdbc
     * closes a connection that became unreachable when the garbage collector finds it, which ended
     * the holder's transaction (and its lock) before the build waited on it, and the update then ran
     * to its end (exit 0; a CI failure of 2026-12-07).
     */
    private static final List<Connection> HELD = new CopyOnWriteArrayList<>();

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Properties props = new Properties();
        props.setProperty("user", args[1]);
        if (!args[2].isEmpty()) {
            props.setProperty("password", args[2]);
        }
        props.setProperty("ApplicationName", "pgguard-crash-child");
        String changelog = args[3];
        String mode = args[4];
        String key = args[5];
        String table = args.length > 6 ? args[6] : null;
        try (Connection c = DriverManager.getConnection(url, props)) {
            long pid = pid(c);
            LiquibaseRunner runner = new LiquibaseRunner(c, new ClassLoaderResourceAccessor(CrashChild.class.getClassLoader()),
                    changelog);
            runner.update(new AbstractChangeExecListener() {
                @Override
                public void willRun(ChangeSet changeSet, DatabaseChangeLog log, Database database, ChangeSet.RunStatus status) {
                    if (mode.equals("inside") && key(changeSet).equals(key)) {
                        blockAndKill(url, props, pid, table, changeSet.isRunInTransaction() ? "SHARE" : "ROW EXCLUSIVE");
                        // the lock must outlive any garbage collection (pgjdbc closes an unreachable connection)
                        System.gc();
                    }
                    if (mode.equals("batch") && key(changeSet).equals(key)) {
                        killAfterFirstBatch(url, props, key, table);
                    }
                }

                @Override
                public void ran(ChangeSet changeSet, DatabaseChangeLog log, Database database, ChangeSet.ExecType execType) {
                    if (mode.equals("after") && key(changeSet).equals(key)) {
                        Runtime.getRuntime().halt(KILLED);
                    }
                }
            });
        }
        System.exit(0); // the kill point was never reached
    }

    static String key(ChangeSet cs) {
        return cs.getId() + "::" + cs.getAuthor();
    }

    private static long pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void killAfterFirstBatch(String url, Properties props, String key, String progressTable) {
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + 120_000_000_000L;
            try (Connection watch = DriverManager.getConnection(url, props); Statement st = watch.createStatement()) {
                while (System.nanoTime() < deadline) {
                    try (ResultSet rs = st.executeQuery("SELECT batches FROM " + progressTable + " WHERE change_set = '"
                            + key.replace("'", "''") + "'")) {
                        if (rs.next() && rs.getInt(1) > 0) {
                            Runtime.getRuntime().halt(KILLED);
                        }
                    } catch (SQLException notYet) {
                        // the progress table does not exist yet
                    }
                    Thread.sleep(1);
                }
                System.err.println("crash child: the batched step " + key + " never committed a batch");
                Runtime.getRuntime().halt(3);
            } catch (Exception e) {
                e.printStackTrace();
                Runtime.getRuntime().halt(4);
            }
        }, "crash-batch-watcher");
        t.setDaemon(true);
        t.start();
    }

    private static void blockAndKill(String url, Properties props, long pid, String table, String lockMode) {
        try {
            Connection holder = DriverManager.getConnection(url, props);
            HELD.add(holder);
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("LOCK TABLE " + table + " IN " + lockMode + " MODE");
            }
            Connection watch = DriverManager.getConnection(url, props);
            HELD.add(watch);
            Thread t = new Thread(() -> {
                long deadline = System.nanoTime() + 60_000_000_000L;
                try (Statement st = watch.createStatement()) {
                    while (System.nanoTime() < deadline) {
                        try (ResultSet rs = st.executeQuery("SELECT wait_event_type FROM pg_catalog.pg_stat_activity WHERE pid = " + pid)) {
                            if (rs.next() && "Lock".equals(rs.getString(1))) {
                                st.execute("SELECT pg_catalog.pg_terminate_backend(" + pid + ")");
                                Runtime.getRuntime().halt(KILLED);
                            }
                        }
                        Thread.sleep(5);
                    }
                    System.err.println("crash child: the migration never waited on " + table);
                    Runtime.getRuntime().halt(3);
                } catch (Exception e) {
                    e.printStackTrace();
                    Runtime.getRuntime().halt(4);
                }
            }, "crash-watcher");
            t.setDaemon(true);
            t.start();
        } catch (SQLException e) {
            throw new IllegalStateException("crash child cannot lock " + table + ": " + e.getMessage(), e);
        }
    }
}
