package dev.pgguard.bench.safety;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.concurrent.locks.LockSupport;

/**
 * A steady load of single-row statements (autocommit), one connection per writer thread, each
 * thread starting one operation every {@code intervalMillis} (an operation that stalls is not
 * made up for: the next one starts when it returns). Every operation's start and duration is
 * recorded, failures included.
 */
final class WriterLoad {

    /** One operation: start (ns since the run's t0), duration (ns), which op, error SQLState or null, the backend pid. */
    record Op(long startNanos, long durationNanos, int op, String error, int pid) {
        long endNanos() {
            return startNanos + durationNanos;
        }
    }

    private final SafetyDomain domain;
    private final Supplier<Connection> connections;
    private final int writers;
    private final long intervalNanos;
    private final long rows;
    private final long t0;
    private final AtomicLong nextId;
    private final List<Thread> threads = new ArrayList<>();
    private final List<List<Op>> results = new ArrayList<>();
    private volatile boolean stop;

    WriterLoad(SafetyDomain domain, Supplier<Connection> connections, int writers, long intervalMillis, long rows, long t0) {
        this.domain = domain;
        this.connections = connections;
        this.writers = writers;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.rows = rows;
        this.t0 = t0;
        this.nextId = new AtomicLong(rows + 1_000_000L);
    }

    void start() {
        for (int w = 0; w < writers; w++) {
            List<Op> mine = new ArrayList<>(200_000);
            results.add(mine);
            Thread t = new Thread(() -> loop(mine), "safety-writer-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Stops the writers, waiting for each one's operation in flight, and returns every operation, by start. */
    List<Op> stop() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(30));
        }
        List<Op> all = new ArrayList<>();
        for (List<Op> l : results) {
            synchronized (l) {
                all.addAll(l);
            }
        }
        all.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
        return all;
    }

    private void loop(List<Op> out) {
        List<SafetyDomain.WriterOp> ops = domain.ops();
        Connection c = null;
        PreparedStatement[] prepared = new PreparedStatement[ops.size()];
        int pid = 0;
        long next = System.nanoTime();
        while (!stop) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            int i = r.nextInt(ops.size());
            SafetyDomain.WriterOp op = ops.get(i);
            long start = System.nanoTime();
            String error = null;
            try {
                if (c == null || c.isClosed()) {
                    c = connections.get();
                    prepared = new PreparedStatement[ops.size()];
                    try (java.sql.Statement st = c.createStatement();
                            ResultSet rs = st.executeQuery("SELECT pg_catalog.pg_backend_pid()")) {
                        rs.next();
                        pid = rs.getInt(1);
                    }
                    start = System.nanoTime();
                }
                if (prepared[i] == null) {
                    prepared[i] = c.prepareStatement(op.sql());
                }
                PreparedStatement ps = prepared[i];
                op.bind().bind(ps, r, rows, nextId);
                if (op.write()) {
                    ps.executeUpdate();
                } else {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getObject(1);
                        }
                    }
                }
            } catch (SQLException e) {
                error = e.getSQLState() == null ? "?" : e.getSQLState();
                if ("08".equals(error.length() >= 2 ? error.substring(0, 2) : "")) {
                    closeQuietly(c);
                    c = null;
                }
            } catch (RuntimeException e) {
                error = "java";
                closeQuietly(c);
                c = null;
            }
            long end = System.nanoTime();
            synchronized (out) {
                out.add(new Op(start - t0, end - start, i, error, pid));
            }
            next = Math.max(next + intervalNanos, end);
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        closeQuietly(c);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // gone anyway
            }
        }
    }
}
