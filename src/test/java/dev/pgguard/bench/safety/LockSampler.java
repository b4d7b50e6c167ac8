package dev.pgguard.bench.safety;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples {@code pg_locks} every {@code periodMillis} on its own connection: the relation locks
 * the migration's session holds or waits for and the relation locks writer sessions wait for, on
 * the watched schemas; and which writer sessions wait for any lock (relation, row, transaction:
 * {@code pg_stat_activity.wait_event_type = 'Lock'}), so each slow write can be told apart from one
 * that was only short of CPU or I/O. Each (relation, mode) is summarised by
 * when it was first and last seen and in how many samples.
 */
final class LockSampler {

    static final String MIGRATION_APP = "pgguard-safety-migration";
    static final String WRITER_APP = "pgguard-safety-writer";

    private static final String QUERY = """
            SELECT a.application_name, c.relname, c.relkind, l.mode, l.granted, l.pid
            FROM pg_catalog.pg_locks l
            JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
            JOIN pg_catalog.pg_class c ON c.oid = l.relation
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE l.locktype = 'relation'
              AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
              AND a.application_name IN (?, ?)
              AND n.nspname = ANY (?)
              AND c.relkind IN ('r', 'p')
            """;

    /** What was seen of one (who, relation, mode, granted). */
    static final class Seen {
        final String who;
        final String relation;
        final String mode;
        final boolean granted;
        long firstNanos = Long.MAX_VALUE;
        long lastNanos;
        int samples;

        Seen(String who, String relation, String mode, boolean granted) {
            this.who = who;
            this.relation = relation;
            this.mode = mode;
            this.granted = granted;
        }
    }

    private final Connection connection;
    private final String[] schemas;
    private final long periodNanos;
    private final long t0;
    private final Map<String, Seen> seen = new LinkedHashMap<>();
    /** Sample time (ns since t0) -> number of writer lock waits seen in it. */
    private final TreeMap<Long, Integer> writerWaits = new TreeMap<>();
    /** Writer pid -> sample times (ns since t0) at which it waited for a relation lock. */
    private final Map<Integer, List<Long>> writerWaitSamples = new java.util.HashMap<>();
    private int sampleCount;
    private volatile boolean stop;
    private Thread thread;
    private volatile String failure;

    LockSampler(Connection connection, List<String> schemas, long periodMillis, long t0) {
        this.connection = connection;
        this.schemas = schemas.toArray(String[]::new);
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
        this.t0 = t0;
    }

    void start() {
        thread = new Thread(this::loop, "safety-lock-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws InterruptedException {
        stop = true;
        thread.join(TimeUnit.MINUTES.toMillis(1));
    }

    private void loop() {
        try (PreparedStatement ps = connection.prepareStatement(QUERY);
                PreparedStatement waiting = connection.prepareStatement("SELECT a.pid FROM pg_catalog.pg_stat_activity a "
                        + "WHERE a.application_name = ? AND a.wait_event_type = 'Lock' "
                        + "AND a.datname = pg_catalog.current_database()")) {
            waiting.setString(1, WRITER_APP);
            ps.setString(1, MIGRATION_APP);
            ps.setString(2, WRITER_APP);
            ps.setArray(3, connection.createArrayOf("text", schemas));
            long next = System.nanoTime();
            while (!stop) {
                long now = System.nanoTime() - t0;
                int waits = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String who = MIGRATION_APP.equals(rs.getString(1)) ? "migration" : "writer";
                        boolean granted = rs.getBoolean(5);
                        if (who.equals("writer") && granted) {
                            continue;
                        }

                        String rel = rs.getString(2);
                        String mode = rs.getString(4);
                        String key = who + '|' + rel + '|' + mode + '|' + granted;
                        synchronized (seen) {
                            Seen s = seen.computeIfAbsent(key, k -> new Seen(who, rel, mode, granted));
                            s.firstNanos = Math.min(s.firstNanos, now);
                            s.lastNanos = Math.max(s.lastNanos, now);
                            s.samples++;
                        }
                    }
                }
                // any heavyweight lock a writer waits for: relation, but also a row (transactionid, tuple)
                try (ResultSet rs = waiting.executeQuery()) {
                    while (rs.next()) {
                        waits++;
                        int pid = rs.getInt(1);
                        synchronized (seen) {
                            writerWaitSamples.computeIfAbsent(pid, k -> new ArrayList<>()).add(now);
                        }
                    }
                }
                synchronized (seen) {
                    sampleCount++;
                    if (waits > 0) {
                        writerWaits.put(now, waits);
                    }
                }
                next += periodNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else {
                    next = System.nanoTime();
                }
            }
        } catch (SQLException e) {
            failure = e.getMessage();
        }
    }

    List<Seen> seen() {
        synchronized (seen) {
            return new ArrayList<>(seen.values());
        }
    }

    int samples() {
        synchronized (seen) {
            return sampleCount;
        }
    }

    /** Writer lock waits summed over samples (each sample stands for one period): writer-seconds waiting. */
    double writerWaitSeconds() {
        synchronized (seen) {
            long total = 0;
            for (int w : writerWaits.values()) {
                total += w;
            }
            return total * periodNanos / 1e9;
        }
    }

    /** How long (samples x period) the writer {@code pid} was seen waiting for a relation lock in [from, to]. */
    long lockWaitNanos(int pid, long from, long to) {
        synchronized (seen) {
            List<Long> l = writerWaitSamples.get(pid);
            if (l == null) {
                return 0;
            }
            return l.stream().filter(t -> t >= from && t <= to).count() * periodNanos;
        }
    }

    long periodNanos() {
        return periodNanos;
    }

    String failure() {
        return failure;
    }
}
