package dev.pgguard.bench.safety;

import dev.pgguard.battery.SqlScript;
import dev.pgguard.run.ChangelogLocation;
import dev.pgguard.run.LiquibaseRunner;
import dev.pgguard.run.OutcomeRecorder;
import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import dev.pgguard.verify.ExpectedSchema;
import dev.pgguard.verify.SchemaVerifier;
import dev.pgguard.verify.VerifyReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;

/**
 * Production safety, measured: how long live traffic waits while a domain changelog migrates
 * production-sized tables, against a naive baseline that does what the original scripts did.
 *
 * <p>For each domain and size: builds the domain's starting state set-based
 * ({@code safety/<domain>/state.sql}), copies it ({@code CREATE DATABASE ... TEMPLATE}), then on
 * the original runs pgguard's changelog and on the copy the naive baseline
 * ({@code safety/<domain>/naive.sql}, one transaction), each time under the same writer load
 * ({@link WriterLoad}), sampling {@code pg_locks} ({@link LockSampler}) and comparing every
 * relation's relfilenode before and after. Writes {@code target/safety/report.md} and
 * {@code docs/safety-<domain>-<rows>.png} ({@link LatencyPlot}).
 *
 * <p>A plain main class run by {@code mvn -B verify -Psafety -DskipTests} (exec-maven-plugin,
 * test classpath): its name matches neither surefire's nor failsafe's patterns, so a normal build
 * never runs it. Options (system properties): {@code pgguard.safety.rows} (default
 * {@code 1000000,5000000}), {@code pgguard.safety.domains} (default {@code packet-workflow}),
 * {@code pgguard.safety.writers} (4), {@code pgguard.safety.intervalMs} (10, per writer),
 * {@code pgguard.safety.warmupSeconds} / {@code cooldownSeconds} (5 / 5),
 * {@code pgguard.safety.runs} ({@code pgguard,naive}; also {@code pgguard-blocked}: pgguard while a
 * read transaction of {@code pgguard.safety.longReadSeconds} (10) repeats on the main table, and
 * {@code pgguard-unbatched}: the changelogs under {@code pgguard.safety.unbatchedRoot}, e.g. a
 * checkout of the release before the batched backfill), {@code pgguard.safety.changelogRoot} (a
 * {@code changelogs} directory to read the domain changelogs from instead of the classpath),
 * {@code pgguard.safety.docs} (where the PNGs go, default {@code docs}),
 * {@code pgguard.safety.keep} (keep the databases). Reports, never asserts.
 */
public final class SafetyBenchmark {

    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");
    private static final long STALL_NANOS = 100_000_000L;
    private static final long TARGET_NANOS = 1_000_000_000L;
    private static final int MAX_ATTEMPTS = 5;
    /** -Dpgguard.safety.naiveAttempts: how often a naive run that lost a deadlock is run again (default 10). */
    private static final int NAIVE_ATTEMPTS = Integer.getInteger("pgguard.safety.naiveAttempts", 10);
    /** -Dpgguard.safety.naiveLimitSeconds: stop (cancel and roll back) a naive run after this long; 0 = no limit. */
    private final long naiveLimitSeconds = Long.getLong("pgguard.safety.naiveLimitSeconds", 0);

    private final PgServer server;
    private final TestDatabase admin;
    private final int writers = Integer.getInteger("pgguard.safety.writers", 4);
    private final long intervalMs = Long.getLong("pgguard.safety.intervalMs", 10);
    private final long warmupMs = Long.getLong("pgguard.safety.warmupSeconds", 5) * 1000;
    private final long cooldownMs = Long.getLong("pgguard.safety.cooldownSeconds", 5) * 1000;
    private final List<String> runs = list(System.getProperty("pgguard.safety.runs", "pgguard,naive"));
    private final String changelogRoot = System.getProperty("pgguard.safety.changelogRoot", "").trim();
    private final Path out = Paths.get(System.getProperty("pgguard.safety.out", "target/safety"));
    private final Path docs = Paths.get(System.getProperty("pgguard.safety.docs", "docs"));
    private final boolean keep = Boolean.getBoolean("pgguard.safety.keep");
    /** {@code pgguard-unbatched}: a changelogs directory of the released changelog (before the batched backfill). */
    private final String unbatchedRoot = System.getProperty("pgguard.safety.unbatchedRoot", "").trim();
    private final long longReadMs = Long.getLong("pgguard.safety.longReadSeconds", 10) * 1000;
    private final List<Result> results = new ArrayList<>();
    private String pgVersion;
    private String machine;

    /** One changeset or statement of a migration, timed. */
    record Step(String label, long startNanos, long endNanos, String status) {
        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }
    }

    /** What one run (pgguard or naive, one domain and size) measured. */
    record Result(String domain, long rows, String variant, double migrationSeconds, int attempts, String attemptNote,
            long writesInWindow, long readsInWindow, double longestWriteStallMs, String longestStallOp,
            String longestStallCause, double p99WriteMs, double maxWriteMs, double p50WriteMs,
            double maxReadMs, double stalledWriteSeconds, long stalledWrites, long writesOverTarget,
            double sampledWaitWriterSeconds, Map<String, Integer> errors, List<String> rewrittenTables,
            List<String> rebuiltIndexes, List<LockSampler.Seen> locks, int lockSamples, List<Step> steps,
            String verify, String load, double migrationStartSeconds, List<String> topStalls,
            double longestLockWaitMs, double maxWriteOutsideMs) {
    }

    private SafetyBenchmark(PgServer server) {
        this.server = server;
        this.admin = server.createDatabase("safety_admin");
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        LIQUIBASE_LOG.setLevel(Level.WARNING);
        List<Long> sizes = list(System.getProperty("pgguard.safety.rows", "1000000,5000000")).stream()
                .map(s -> Long.parseLong(s.replace("_", ""))).toList();
        List<String> domains = list(System.getProperty("pgguard.safety.domains", "packet-workflow"));
        PgServer server = PgServer.get();
        try {
            SafetyBenchmark b = new SafetyBenchmark(server);
            b.prepareServer();
            for (String d : domains) {
                SafetyDomain domain = SafetyDomain.named(d);
                for (long rows : sizes) {
                    b.measure(domain, rows);
                    b.writeReport();
                }
            }
            b.admin.close();
        } finally {
            server.stop();
        }
    }

    private static List<String> list(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[safety %s] %s%n", Instant.now().toString().substring(11, 19),
                String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    private void prepareServer() throws SQLException, IOException {
        try (Connection c = admin.connect(); Statement st = c.createStatement()) {
            pgVersion = value(st, "SELECT version()");
            if (server.provider().equals("embedded")) {
                // the big backfills of the naive run would otherwise checkpoint every 1 GB of WAL; the same for both runs
                st.execute("ALTER SYSTEM SET max_wal_size = '8GB'");
                st.execute("SELECT pg_catalog.pg_reload_conf()");
            }
            machine = machine() + "; PostgreSQL settings: shared_buffers " + value(st, "SHOW shared_buffers")
                    + ", max_wal_size " + value(st, "SHOW max_wal_size") + ", fsync " + value(st, "SHOW fsync")
                    + ", synchronous_commit " + value(st, "SHOW synchronous_commit") + " (" + server.provider() + ")";
        }
        log("server: %s", pgVersion);
    }

    private static String machine() throws IOException {
        String cpu = "?";
        Path info = Paths.get("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            cpu = Files.readAllLines(info).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        }
        long memGb = -1;
        Path mem = Paths.get("/proc/meminfo");
        if (Files.isReadable(mem)) {
            memGb = Files.readAllLines(mem).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024).orElse(-1L);
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memGb + " GB RAM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                + System.getProperty("java.version");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).trim().replaceAll(" \\S+ \\S+$", "");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String value(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void measure(SafetyDomain domain, long rows) throws Exception {
        String base = "safety_" + domain.name().replace('-', '_') + "_" + rows;
        String dbA = base + "_pgguard";
        String dbB = base + "_naive";
        String dbC = base + "_blocked";
        String dbD = base + "_unbatched";
        drop(dbA);
        drop(dbB);
        drop(dbC);
        drop(dbD);
        exec("CREATE DATABASE " + dbA + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        long t = System.nanoTime();
        String script = resource(domain.stateResource()).replace("${rows}", Long.toString(rows));
        try (Connection c = connect(dbA, "pgguard-safety-build")) {
            SqlScript.run(c, script);
            try (Statement st = c.createStatement()) {
                st.execute("VACUUM ANALYZE");
            }
        }
        log("%s: starting state with %,d rows built in %.0f s", domain.name(), rows, (System.nanoTime() - t) / 1e9);
        exec("CHECKPOINT");
        t = System.nanoTime();
        if (runs.contains("naive")) {
            exec("CREATE DATABASE " + dbB + " TEMPLATE " + dbA);
        }
        if (runs.contains("pgguard-blocked")) {
            exec("CREATE DATABASE " + dbC + " TEMPLATE " + dbA);
        }
        if (runs.contains("pgguard-unbatched")) {
            exec("CREATE DATABASE " + dbD + " TEMPLATE " + dbA);
        }
        log("%s: copied in %.0f s", domain.name(), (System.nanoTime() - t) / 1e9);

        Map<String, Result> byVariant = new LinkedHashMap<>();
        Map<String, LatencyPlot.Panel> panels = new LinkedHashMap<>();
        for (String variant : runs) {
            String db = switch (variant) {
                case "naive" -> dbB;
                case "pgguard-blocked" -> dbC;
                case "pgguard-unbatched" -> dbD;
                case "pgguard" -> dbA;
                default -> throw new IllegalArgumentException("-Dpgguard.safety.runs: unknown run " + variant
                        + " (pgguard, naive, pgguard-blocked, pgguard-unbatched)");
            };
            Result r = runOne(domain, rows, variant, db, panels);
            results.add(r);
            byVariant.put(variant, r);
            writeReport();
            if (!keep) {
                drop(db);
            }
        }
        if (!keep) {
            drop(dbA);
            drop(dbB);
            drop(dbC);
            drop(dbD);
        }
        Path png = docs.resolve("safety-" + domain.name() + "-" + rows + ".png");
        LatencyPlot.write(png, String.format(Locale.ROOT, "%s, %,d rows: writer latency while migrating (%d writers, one op every %d ms each)",
                domain.name(), rows, writers, intervalMs), new ArrayList<>(panels.values()));
        log("%s: plot %s", domain.name(), png);
    }

    private Result runOne(SafetyDomain domain, long rows, String variant, String db,
            Map<String, LatencyPlot.Panel> panels) throws Exception {
        Map<String, Long> before = relfilenodes(db, domain.schemas());
        exec("CHECKPOINT");
        String load = loadAverage();
        long t0 = System.nanoTime();
        Connection samplerConnection = connect(db, "pgguard-safety-sampler");
        LockSampler sampler = new LockSampler(samplerConnection, domain.schemas(), 100, t0);
        WriterLoad load0 = new WriterLoad(domain, () -> {
            try {
                return connect(db, LockSampler.WRITER_APP);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, writers, intervalMs, rows, t0);
        sampler.start();
        load0.start();
        LongReader reader = null;
        if (variant.equals("pgguard-blocked")) {
            reader = new LongReader(connect(db, "pgguard-safety-long-reader"), domain.longReadSql(), longReadMs);
            reader.start();
        }
        Thread.sleep(warmupMs);
        log("%s %,d: %s migration starts (load average %s)", domain.name(), rows, variant, load);
        long migStart = System.nanoTime() - t0;
        List<Step> steps = new ArrayList<>();
        int[] attempts = {0};
        StringBuilder attemptNote = new StringBuilder();
        try (Connection c = connect(db, LockSampler.MIGRATION_APP)) {
            if (variant.equals("naive")) {
                runNaive(c, domain, t0, steps, attempts, attemptNote);
            } else {
                runPgguard(c, domain, variant.equals("pgguard-unbatched") ? unbatchedRoot : changelogRoot, t0, steps,
                        attempts, attemptNote);
            }
        } catch (Exception e) {
            attemptNote.append("FAILED: ").append(oneLine(String.valueOf(e.getMessage())));
            log("%s %,d: %s migration FAILED: %s", domain.name(), rows, variant, e.getMessage());
        }
        long migEnd = System.nanoTime() - t0;
        log("%s %,d: %s migration took %.1f s (%d attempt(s))", domain.name(), rows, variant, (migEnd - migStart) / 1e9,
                attempts[0]);
        if (reader != null) {
            reader.stop();
        }
        Thread.sleep(cooldownMs);
        List<WriterLoad.Op> ops = load0.stop();
        sampler.stop();
        samplerConnection.close();
        Map<String, Long> after = relfilenodes(db, domain.schemas());
        String verify = verify(db, domain);
        panels.put(variant, new LatencyPlot.Panel(
                (variant.equals("naive") ? "naive baseline (one transaction, as the original scripts)"
                        : variant.equals("pgguard-unbatched") ? "pgguard changelog from " + unbatchedRoot
                                + " (the released one, backfill in one UPDATE)"
                        : variant.equals("pgguard-blocked") ? "pgguard changelog, with a " + longReadMs / 1000
                                + " s read transaction repeating on " + domain.longReadSql().replaceAll(".* FROM (\\S+).*", "$1")
                        : "pgguard changelog")
                        + String.format(Locale.ROOT, ": migration %.1f s", (migEnd - migStart) / 1e9),
                ops, domain.ops(), migStart, migEnd));
        return summarise(domain, rows, variant, ops, migStart, migEnd, steps, attempts[0], attemptNote.toString(),
                before, after, sampler, verify, load);
    }

    private void runPgguard(Connection c, SafetyDomain domain, String changelogRoot, long t0, List<Step> steps,
            int[] attempts, StringBuilder note) throws Exception {
        ResourceAccessor accessor;
        String path;
        if (changelogRoot.isEmpty()) {
            ChangelogLocation loc = ChangelogLocation.domain(domain.name());
            accessor = loc.accessor();
            path = loc.path();
        } else {
            Path root = Paths.get(changelogRoot).toAbsolutePath().normalize();
            accessor = new DirectoryResourceAccessor(root.getParent());
            path = root.getFileName() + "/" + domain.name() + "/changelog.yaml";
        }
        LiquibaseRunner runner = new LiquibaseRunner(c, accessor, path);
        while (true) {
            attempts[0]++;
            OutcomeRecorder recorder = new OutcomeRecorder(o -> {
                long end = System.nanoTime() - t0;
                steps.add(new Step(o.id(), end - o.millis() * 1_000_000L, end, o.status().name()));
            });
            try {
                runner.update(recorder);
                return;
            } catch (Exception e) {
                String state = sqlState(e);
                if ("55P03".equals(state) && attempts[0] < MAX_ATTEMPTS) {
                    note.append("attempt ").append(attempts[0]).append(" stopped by lock_timeout (55P03), run again; ");
                    log("lock_timeout: update run again");
                    continue;
                }
                throw e;
            }
        }
    }

    private void runNaive(Connection c, SafetyDomain domain, long t0, List<Step> steps, int[] attempts,
            StringBuilder note) throws Exception {
        List<String> statements = SqlScript.split(resource(domain.naiveResource()));
        long naiveStarted = System.nanoTime();
        while (true) {
            attempts[0]++;
            List<Step> mine = new ArrayList<>();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                int n = 0;
                for (String sql : statements) {
                    n++;
                    long s = System.nanoTime() - t0;
                    if (naiveLimitSeconds > 0) {
                        long left = naiveLimitSeconds - (System.nanoTime() - naiveStarted) / 1_000_000_000L;
                        st.setQueryTimeout((int) Math.max(1, left));
                    }
                    st.execute(sql);
                    mine.add(new Step("#" + n + " " + oneLine(sql), s, System.nanoTime() - t0, "EXECUTED"));
                }
                long s = System.nanoTime() - t0;
                c.commit();
                mine.add(new Step("COMMIT", s, System.nanoTime() - t0, "EXECUTED"));
                steps.addAll(mine);
                return;
            } catch (SQLException e) {
                c.rollback();
                if ("57014".equals(e.getSQLState()) && naiveLimitSeconds > 0) {
                    note.append("STOPPED at the -Dpgguard.safety.naiveLimitSeconds=").append(naiveLimitSeconds)
                            .append(" limit (attempt ").append(attempts[0]).append(", rolled back): writers waited at least this long; ");
                    log("naive run stopped at the %d s limit", naiveLimitSeconds);
                    return;
                }
                // under load the one-transaction script can lose a deadlock against the application's
                // FK-checked inserts (it holds packet, the insert holds packet_decision): a DBA runs it again
                if (attempts[0] < NAIVE_ATTEMPTS) {
                    note.append("attempt ").append(attempts[0]).append(" failed (").append(e.getSQLState()).append(": ")
                            .append(oneLine(e.getMessage())).append("), run again; ");
                    log("naive attempt failed: %s", e.getMessage());
                    continue;
                }
                throw e;
            }
        }
    }

    private static String oneLine(String s) {
        String x = s.strip().replaceAll("\\s+", " ");
        return x.length() > 110 ? x.substring(0, 107) + "..." : x;
    }

    private static String sqlState(Throwable e) {
        for (Throwable x = e; x != null; x = x.getCause() == x ? null : x.getCause()) {
            if (x instanceof SQLException se && se.getSQLState() != null) {
                return se.getSQLState();
            }
        }
        return null;
    }

    private String verify(String db, SafetyDomain domain) {
        try (Connection c = connect(db, "pgguard-safety-verify")) {
            ExpectedSchema expected;
            if (changelogRoot.isEmpty()) {
                expected = ExpectedSchema.forDomain(domain.name());
            } else {
                Path f = Paths.get(changelogRoot, domain.name(), "expected-schema.yaml");
                try (InputStream in = Files.newInputStream(f)) {
                    expected = ExpectedSchema.read(f.toString(), in);
                }
            }
            VerifyReport r = SchemaVerifier.verify(c, expected);
            return r.count(VerifyReport.Status.PASS) + " of " + r.rows().size() + " expected-schema checks pass";
        } catch (Exception e) {
            return "verify failed: " + e.getMessage();
        }
    }

    /**
     * The {@code pgguard-blocked} variant's reporting query: a transaction that reads the domain's
     * main table and stays open {@code holdMillis}, again and again (1 s apart) while the migration
     * runs. Every ACCESS EXCLUSIVE step on that table queues behind it, and writers queue behind
     * that step, for at most the changeset's lock_timeout; then the update fails and is run again.
     */
    private static final class LongReader {
        private final Connection c;
        private final String sql;
        private final long holdMillis;
        private volatile boolean stop;
        private Thread thread;

        LongReader(Connection c, String sql, long holdMillis) {
            this.c = c;
            this.sql = sql;
            this.holdMillis = holdMillis;
        }

        void start() {
            thread = new Thread(() -> {
                try (Statement st = c.createStatement()) {
                    while (!stop) {
                        c.setAutoCommit(false);
                        st.executeQuery(sql).close();
                        long until = System.currentTimeMillis() + holdMillis;
                        while (!stop && System.currentTimeMillis() < until) {
                            Thread.sleep(50);
                        }
                        c.commit();
                        Thread.sleep(1000);
                    }
                } catch (SQLException | InterruptedException e) {
                    // the run is over
                } finally {
                    try {
                        c.close();
                    } catch (SQLException e) {
                        // closed anyway
                    }
                }
            }, "safety-long-reader");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            stop = true;
            thread.join(60_000);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private Result summarise(SafetyDomain domain, long rows, String variant, List<WriterLoad.Op> ops, long migStart,
            long migEnd, List<Step> steps, int attempts, String attemptNote, Map<String, Long> before,
            Map<String, Long> after, LockSampler sampler, String verify, String load) {
        List<Long> writeLat = new ArrayList<>();
        long reads = 0;
        double maxRead = 0;
        WriterLoad.Op longest = null;
        double stalled = 0;
        long stalledCount = 0;
        long overTarget = 0;
        Map<String, Integer> errors = new TreeMap<>();
        long longestLockWait = 0;
        double maxOutside = 0;
        for (WriterLoad.Op o : ops) {
            boolean write = domain.ops().get(o.op()).write();
            // an operation counts for the migration window when it overlaps it
            boolean inWindow = o.endNanos() >= migStart && o.startNanos() <= migEnd;
            if (o.error() != null) {
                errors.merge(domain.ops().get(o.op()).label() + " " + o.error(), 1, Integer::sum);
            }
            if (!inWindow) {
                if (write) {
                    maxOutside = Math.max(maxOutside, o.durationNanos() / 1e6);
                }
                continue;
            }
            if (write) {
                longestLockWait = Math.max(longestLockWait, sampler.lockWaitNanos(o.pid(), o.startNanos(), o.endNanos()));
            }
            if (!write) {
                reads++;
                maxRead = Math.max(maxRead, o.durationNanos() / 1e6);
                continue;
            }
            writeLat.add(o.durationNanos());
            if (longest == null || o.durationNanos() > longest.durationNanos()) {
                longest = o;
            }
            if (o.durationNanos() >= STALL_NANOS) {
                stalled += o.durationNanos() / 1e9;
                stalledCount++;
            }
            if (o.durationNanos() > TARGET_NANOS) {
                overTarget++;
            }
        }
        Collections2.sort(writeLat);
        double p99 = percentile(writeLat, 0.99) / 1e6;
        double p50 = percentile(writeLat, 0.50) / 1e6;
        double max = writeLat.isEmpty() ? 0 : writeLat.get(writeLat.size() - 1) / 1e6;
        String longestOp = longest == null ? "-" : domain.ops().get(longest.op()).label()
                + String.format(Locale.ROOT, " at +%.1f s", (longest.startNanos() - migStart) / 1e9);
        String cause = longest == null ? "-" : cause(longest, steps);
        List<String> rewritten = new ArrayList<>();
        List<String> rebuilt = new ArrayList<>();
        before.forEach((k, v) -> {
            Long a = after.get(k);
            if (a != null && !a.equals(v)) {
                (k.startsWith("r ") ? rewritten : rebuilt).add(k.substring(2));
            }
        });
        log("%s %,d %s: longest write stall %.0f ms, p99 %.1f ms, rewritten %s, errors %s", domain.name(), rows, variant,
                max, p99, rewritten, errors);
        return new Result(domain.name(), rows, variant, (migEnd - migStart) / 1e9, attempts, attemptNote,
                writeLat.size(), reads, max, longestOp, cause, p99, max, p50, maxRead, stalled, stalledCount, overTarget,
                sampler.writerWaitSeconds(), errors, rewritten, rebuilt, sampler.seen(), sampler.samples(), steps, verify,
                load, migStart / 1e9, topStalls(domain, ops, migStart, migEnd, steps, sampler), longestLockWait / 1e6,
                maxOutside);
    }

    /** The five slowest writes overlapping the migration, each with what ran meanwhile. */
    private static List<String> topStalls(SafetyDomain domain, List<WriterLoad.Op> ops, long migStart, long migEnd,
            List<Step> steps, LockSampler sampler) {
        return ops.stream()
                .filter(o -> domain.ops().get(o.op()).write() && o.endNanos() >= migStart && o.startNanos() <= migEnd)
                .sorted(Comparator.comparingLong(WriterLoad.Op::durationNanos).reversed())
                .limit(5)
                .map(o -> String.format(Locale.ROOT, "%s: %s at +%.1f s, seen waiting for a lock %.1f s; ran meanwhile: %s",
                        ms(o.durationNanos() / 1e6), domain.ops().get(o.op()).label(), (o.startNanos() - migStart) / 1e9,
                        sampler.lockWaitNanos(o.pid(), o.startNanos(), o.endNanos()) / 1e9, cause(o, steps)))
                .toList();
    }

    /** The changesets or statements that ran while {@code op} waited, longest overlap first. */
    private static String cause(WriterLoad.Op op, List<Step> steps) {
        boolean overlaps = steps.stream().anyMatch(s -> s.endNanos() > op.startNanos() && s.startNanos() < op.endNanos());
        if (!overlaps) {
            // between two steps (the tool's own work, or the machine): name the step that ended last before it
            return steps.stream().filter(s -> s.endNanos() <= op.endNanos()).reduce((a, b) -> b)
                    .map(s -> "no step; after `" + s.label() + "`").orElse("no step");
        }
        return steps.stream()
                .filter(s -> s.endNanos() > op.startNanos() && s.startNanos() < op.endNanos())
                .sorted(Comparator.comparingLong((Step s) -> Math.min(s.endNanos(), op.endNanos())
                        - Math.max(s.startNanos(), op.startNanos())).reversed())
                .limit(2)
                .map(s -> String.format(Locale.ROOT, "`%s` (%.1f s)", s.label(), s.seconds()))
                .collect(Collectors.joining(", "));
    }

    /** Tiny helper so the imports stay plain. */
    private static final class Collections2 {
        static void sort(List<Long> l) {
            l.sort(null);
        }
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private Map<String, Long> relfilenodes(String db, List<String> schemas) throws SQLException {
        Map<String, Long> m = new HashMap<>();
        try (Connection c = connect(db, "pgguard-safety-catalog");
                java.sql.PreparedStatement ps = c.prepareStatement(
                        "SELECT c.relkind, n.nspname || '.' || c.relname, pg_catalog.pg_relation_filenode(c.oid) "
                                + "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                                + "WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'i')")) {
            ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1) + " " + rs.getString(2), rs.getLong(3));
                }
            }
        }
        return m;
    }

    // ---------------------------------------------------------------------------------------------

    private Connection connect(String db, String app) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", server.user());
        if (!server.password().isEmpty()) {
            p.setProperty("password", server.password());
        }
        p.setProperty("ApplicationName", app);
        // no server-side prepared statements: a writer's cached plan must not fail when a column's type changes
        p.setProperty("prepareThreshold", "0");
        return DriverManager.getConnection(server.url(db), p);
    }

    private void exec(String sql) throws SQLException {
        try (Connection c = admin.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private void drop(String db) throws SQLException {
        exec("DROP DATABASE IF EXISTS " + db + (server.majorVersion() >= 13 ? " WITH (FORCE)" : ""));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SafetyBenchmark.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no resource " + name + " on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void writeReport() throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# Production safety: writer stalls during big-table migrations\n\n");
        b.append("Machine: ").append(machine).append("\n\nServer: ").append(pgVersion).append("\n\n");
        b.append(String.format(Locale.ROOT, "Load: %d writer connections, each one single-row statement every %d ms "
                + "(autocommit; INSERT and UPDATE on the migrated tables, and reads), %d s before and %d s after the migration. "
                + "Figures for writes that overlapped the migration. *Of it waiting for a lock*: the longest time one write was "
                + "seen (every 100 ms) waiting for a lock (relation or row); the rest of a slow write is the machine (CPU, I/O). "
                + "A *stall* is an operation of 100 ms or more; "
                + "*time in stalls* sums them. *Sampled lock waits*: every 100 ms, writer sessions waiting for a "
                + "lock (relation or row), in writer-seconds.\n\n", writers, intervalMs, warmupMs / 1000, cooldownMs / 1000));
        b.append("| domain | rows | run | migration | longest writer stall | of it waiting for a lock | p99 write | p50 write | writes > 1 s | time in stalls | sampled lock waits | slowest write outside the migration | tables rewritten | load avg at start |\n");
        b.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (Result r : results) {
            b.append(String.format(Locale.ROOT, "| %s | %,d | %s | %.1f s | %s | %s | %s | %s | %d | %.1f s | %.1f s | %s | %s | %s |\n",
                    r.domain(), r.rows(), r.variant(), r.migrationSeconds(), ms(r.longestWriteStallMs()),
                    r.longestLockWaitMs() > 0 ? "~" + ms(r.longestLockWaitMs()) : "none seen", ms(r.p99WriteMs()),
                    ms(r.p50WriteMs()), r.writesOverTarget(), r.stalledWriteSeconds(), r.sampledWaitWriterSeconds(),
                    ms(r.maxWriteOutsideMs()),
                    r.rewrittenTables().isEmpty() ? "none" : String.join(", ", r.rewrittenTables()), r.load()));
        }
        b.append("\nRatio (naive / pgguard, longest writer stall):\n\n");
        Map<String, Map<String, Result>> pairs = new LinkedHashMap<>();
        for (Result r : results) {
            pairs.computeIfAbsent(r.domain() + " " + r.rows(), k -> new LinkedHashMap<>()).put(r.variant(), r);
        }
        pairs.forEach((k, m) -> {
            Result p = m.get("pgguard");
            Result n = m.get("naive");
            if (p != null && n != null) {
                b.append(String.format(Locale.ROOT, "- %s: %.0f x shorter (%s vs %s); migration time %.1f s vs %.1f s\n", k,
                        n.longestWriteStallMs() / Math.max(p.longestWriteStallMs(), 0.001), ms(p.longestWriteStallMs()),
                        ms(n.longestWriteStallMs()), p.migrationSeconds(), n.migrationSeconds()));
            }
        });
        b.append('\n');
        for (Result r : results) {
            detail(b, r);
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("report.md"), b.toString());
        log("report: %s", out.resolve("report.md"));
    }

    private static String ms(double ms) {
        if (ms >= 1000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000);
        }
        return String.format(Locale.ROOT, ms >= 10 ? "%.0f ms" : "%.1f ms", ms);
    }

    private static void detail(StringBuilder b, Result r) {
        b.append(String.format(Locale.ROOT, "## %s, %,d rows, %s\n\n", r.domain(), r.rows(), r.variant()));
        b.append(String.format(Locale.ROOT, "- migration: %.1f s in %d attempt(s) %s\n", r.migrationSeconds(), r.attempts(),
                r.attemptNote()));
        b.append(String.format(Locale.ROOT, "- writes overlapping it: %,d (p50 %s, p99 %s, max %s); reads %,d (max %s)\n",
                r.writesInWindow(), ms(r.p50WriteMs()), ms(r.p99WriteMs()), ms(r.maxWriteMs()), r.readsInWindow(),
                ms(r.maxReadMs())));
        b.append(String.format(Locale.ROOT, "- longest writer stall: %s, %s; ran meanwhile: %s\n", ms(r.longestWriteStallMs()),
                r.longestStallOp(), r.longestStallCause()));
        b.append(String.format(Locale.ROOT, "- stalls (>= 100 ms): %d writes, %.1f s in total; writes over 1 s: %d\n",
                r.stalledWrites(), r.stalledWriteSeconds(), r.writesOverTarget()));
        b.append("- failed operations: ").append(r.errors().isEmpty() ? "none" : r.errors().toString()).append('\n');
        b.append("- tables rewritten (relfilenode changed): ")
                .append(r.rewrittenTables().isEmpty() ? "none" : String.join(", ", r.rewrittenTables())).append('\n');
        b.append("- existing indexes rebuilt: ")
                .append(r.rebuiltIndexes().isEmpty() ? "none" : String.join(", ", r.rebuiltIndexes())).append('\n');
        b.append("- schema: ").append(r.verify()).append('\n');
        b.append("- slowest writes:\n");
        r.topStalls().forEach(t -> b.append("  - ").append(t).append('\n'));
        b.append('\n');
        b.append("Longest steps:\n\n| step | status | seconds |\n|---|---|---:|\n");
        r.steps().stream().sorted(Comparator.comparingDouble(Step::seconds).reversed()).limit(8)
                .forEach(s -> b.append(String.format(Locale.ROOT, "| `%s` | %s | %.2f |\n", s.label(), s.status(), s.seconds())));
        b.append(String.format(Locale.ROOT, "\nRelation locks seen (pg_locks, %d samples, 100 ms apart; times since the writers started, the migration "
                + "started at %.1f s; ~seconds = samples x 0.1):\n\n", r.lockSamples(), r.migrationStartSeconds()));
        b.append("| who | relation | mode | granted | first seen | last seen | ~seconds |\n|---|---|---|---|---:|---:|---:|\n");
        r.locks().stream()
                .sorted(Comparator.comparing((LockSampler.Seen s) -> s.who).thenComparing(s -> -s.samples))
                .forEach(s -> b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.1f s | %.1f s | %.1f |\n", s.who,
                        s.relation, s.mode, s.granted ? "yes" : "waiting", s.firstNanos / 1e9, s.lastNanos / 1e9,
                        s.samples * 0.1)));
        b.append('\n');
    }
}
