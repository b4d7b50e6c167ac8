package dev.pgguard.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs a {@link BatchPlan} over JDBC: key-ordered batches, each one transaction holding the batch
 * statement and the progress row, committed before the next starts. A run killed at any point
 * leaves whole batches done and recorded; the next run continues after the recorded last key.
 */
public final class BatchRunner {

    private final BatchPlan plan;
    private final Consumer<String> log;

    public BatchRunner(BatchPlan plan, Consumer<String> log) {
        this.plan = plan;
        this.log = log;
    }

    /** What one run did. */
    public record Result(int batches, long keys, long rowsAffected, int priorBatches) {
    }

    public Result run(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        try {
            c.setAutoCommit(false);
            return runBatches(c);
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private Result runBatches(Connection c) throws SQLException {
        String keyType = keyType(c);
        try (Statement s = c.createStatement()) {
            s.execute(plan.createProgressTableSql());
        }
        c.commit();
        String last = null;
        int priorBatches = 0;
        long priorKeys = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(plan.progressSql())) {
            if (rs.next()) {
                last = rs.getString(1);
                priorBatches = rs.getInt(2);
                priorKeys = rs.getLong(3);
            }
        }
        long total = single(c, plan.countSql(last == null ? null : cast(last, keyType)));
        c.commit();
        long expectedBatches = (total + plan.batchSize() - 1) / plan.batchSize();
        if (last == null) {
            log.accept(plan + ": " + total + " rows in " + expectedBatches + " batches");
        } else {
            log.accept(plan + ": resuming after key " + last + " (" + priorBatches + " batches, " + priorKeys
                    + " rows done before); " + total + " rows left in " + expectedBatches + " batches");
        }
        long started = System.nanoTime();
        int batch = 0;
        long done = 0;
        long affected = 0;
        while (true) {
            String lower;
            String upper;
            long keys;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(plan.boundsSql(last == null ? null : cast(last, keyType)))) {
                rs.next();
                lower = rs.getString(1);
                upper = rs.getString(2);
                keys = rs.getLong(3);
            }
            if (keys == 0) {
                c.commit();
                break;
            }
            long rows;
            try (Statement s = c.createStatement()) {
                rows = s.executeLargeUpdate(plan.batchSql(cast(lower, keyType), cast(upper, keyType)));
                s.execute(plan.recordBatchSql(upper, keys, Math.max(rows, 0)));
            }
            c.commit();
            last = upper;
            batch++;
            done += keys;
            affected += Math.max(rows, 0);
            double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-3);
            double rate = done / seconds;
            long planned = priorBatches + Math.max(batch, expectedBatches);
            long eta = Math.round(Math.max(total - done, 0) / rate);
            log.accept(String.format(Locale.ROOT, "batchedSql %s: batch %d of %d, %d of %d rows done (keys %s..%s, %d rows written),"
                            + " %.0f rows/s, ETA %d s", plan.stepId(), priorBatches + batch, planned, done, total, lower, upper,
                    rows, rate, eta));
            if (plan.pauseMillis() > 0) {
                try {
                    Thread.sleep(plan.pauseMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("batchedSql " + plan.stepId() + " interrupted after batch " + (priorBatches + batch), e);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        log.accept(String.format(Locale.ROOT, "batchedSql %s: done, %d batches, %d rows (%d written) in %.1f s", plan.stepId(),
                batch, done, affected, seconds));
        return new Result(batch, done, affected, priorBatches);
    }

    private static String cast(String value, String type) {
        return "CAST(" + BatchPlan.literal(value) + " AS " + type + ")";
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The key column's type as format_type gives it; fails naming the column when it is not there. */
    private String keyType(Connection c) throws SQLException {
        String sql = "SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a"
                + " JOIN pg_catalog.pg_class r ON r.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE n.nspname = ? AND r.relname = ? AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, plan.schema());
            ps.setString(2, plan.table());
            ps.setString(3, plan.keyColumn());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("batchedSql " + plan.stepId() + ": key column " + plan.qualifiedTable() + "."
                            + plan.key() + " does not exist");
                }
                return rs.getString(1);
            }
        }
    }
}
