package dev.pgguard.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-aspect-validation data migration at scale (issue 7's benchmark; reported, never
 * asserted). Generates {@code -Dpgguard.bench.rows} legacy validation_results (default 20,000; the
 * issue's figure is 1,000,000) with on average 3 messages each drawn from 200 distinct signatures,
 * 5% of them second validations of a resource, plus the flat legacy settings; then times the whole
 * {@code update} of {@code changelogs/per-aspect-validation/changelog.yaml} in a separate JVM
 * ({@link BenchUpdateMain}, {@code -Xmx512m}) while a writer inserts into the legacy table every
 * 10 ms and records its slowest insert. Its own embedded PostgreSQL with durable settings (fsync
 * and synchronous_commit on, unlike the test server), data in {@code target/bench-pg}.
 *
 * <pre>
 * mvn -B verify -Pbenchmark -DskipTests -Dpgguard.bench.main=dev.pgguard.bench.PerAspectMigrationBenchmark -Dpgguard.bench.rows=1000000
 * </pre>
 *
 * Writes {@code target/bench/per-aspect-migration.md}.
 */
public final class PerAspectMigrationBenchmark {

    private static final String CHANGELOG = "changelogs/per-aspect-validation/changelog.yaml";
    /** The source project's migration guide: about 60 minutes for 1M resources, row by row. */
    private static final double GUIDE_SECONDS_PER_MILLION = 3600;

    private PerAspectMigrationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("pgguard.bench.rows", 20_000);
        Path data = Path.of(System.getProperty("basedir", "."), "target", "bench-pg");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true)
                .setServerConfig("shared_buffers", "256MB").setServerConfig("max_wal_size", "4GB")
                .setServerConfig("max_connections", "50").start()) {
            run(pg, rows);
        }
    }

    private static void run(EmbeddedPostgres pg, int rows) throws Exception {
        String admin = pg.getJdbcUrl("postgres", "postgres");
        try (Connection c = java.sql.DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE bench");
        }
        String url = pg.getJdbcUrl("postgres", "bench");
        long genStart = System.nanoTime();
        try (Connection c = java.sql.DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(generate(rows));
            st.execute("VACUUM ANALYZE");
        }
        double genSeconds = (System.nanoTime() - genStart) / 1e9;
        String load = Files.readString(Path.of("/proc/loadavg")).trim();

        // the writer: an old application instance still validating into the legacy table
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong maxNanos = new AtomicLong();
        AtomicLong inserts = new AtomicLong();
        AtomicLong overOneSecond = new AtomicLong();
        int resources = resources(rows);
        Thread writer = new Thread(() -> {
            try (Connection c = java.sql.DriverManager.getConnection(url); Statement st = c.createStatement()) {
                long k = 0;
                while (!stop.get()) {
                    long id = 1 + (k++ * 7919) % resources;
                    long t0 = System.nanoTime();
                    st.execute("INSERT INTO public.validation_results (resource_id, is_valid, issues, validated_at, server_id, resource_type,"
                            + " fhir_resource_id) SELECT id, true, '[]', now(), server_id, resource_type, resource_id FROM public.fhir_resources"
                            + " WHERE id = " + id);
                    long d = System.nanoTime() - t0;
                    maxNanos.accumulateAndGet(d, Math::max);
                    inserts.incrementAndGet();
                    if (d > 1_000_000_000L) {
                        overOneSecond.incrementAndGet();
                    }
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "legacy-writer");
        writer.start();

        Path log = Path.of(System.getProperty("basedir", "."), "target", "bench", "per-aspect-update.log");
        Files.createDirectories(log.getParent());
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", classPath(), BenchUpdateMain.class.getName(), url, "postgres", "", CHANGELOG);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(2, TimeUnit.HOURS)) {
            p.destroyForcibly();
            throw new IllegalStateException("update did not end; log " + log);
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        writer.join();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("update failed (exit " + p.exitValue() + "); log " + log);
        }
        Matcher m = Pattern.compile("RESULT update_ms=(\\d+) heap_max_used_mb=(\\d+) heap_samples=(\\d+) heap_last_used_mb=(\\d+) vm_hwm_kb=(-?\\d+)")
                .matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no RESULT line in " + log);
        }
        long batchLines = out.lines().filter(l -> l.contains("batchedSql 013-") && l.contains(": batch ")).count();
        String counts;
        try (Connection c = java.sql.DriverManager.getConnection(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM public.validation_results_per_aspect),"
                        + " (SELECT count(*) FROM public.validation_messages), (SELECT count(*) FROM public.validation_message_groups),"
                        + " (SELECT count(*) FROM public.pgguard_013_legacy_latest), current_setting('server_version')")) {
            rs.next();
            counts = String.format(Locale.ROOT, "%d per-aspect rows, %d messages, %d groups from %d legacy resources; PostgreSQL %s",
                    rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5));
        }
        double updateSeconds = Long.parseLong(m.group(1)) / 1000.0;
        double guide = GUIDE_SECONDS_PER_MILLION * rows / 1_000_000.0;
        StringBuilder b = new StringBuilder();
        b.append("# per-aspect-validation migration benchmark\n\n");
        b.append(String.format(Locale.ROOT, "| legacy rows | update (whole changelog) | rows/s | guide's row-by-row estimate | ratio |"
                + " peak RSS of the update JVM | max heap used (of -Xmx512m, %s samples) | writer inserts | slowest insert | inserts > 1 s |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n", m.group(3)));
        b.append(String.format(Locale.ROOT, "| %,d | %.1f s | %,.0f | %.0f s | %.0fx faster | %,d MB | %s MB | %,d | %.0f ms | %d |%n", rows,
                updateSeconds, rows / updateSeconds, guide, guide / updateSeconds, Long.parseLong(m.group(5)) / 1024,
                m.group(2), inserts.get(), maxNanos.get() / 1e6, overOneSecond.get()));
        b.append("\n").append(counts).append("; ").append(batchLines).append(" batch progress lines on the log.\n");
        b.append(String.format(Locale.ROOT, "Process wall time %.1f s (JVM start included); data generation %.1f s (not timed);"
                + " load average before the run: %s; %d cores.%n", wallSeconds, genSeconds, load, Runtime.getRuntime().availableProcessors()));
        Path report = log.resolveSibling("per-aspect-migration.md");
        Files.writeString(report, b.toString(), StandardCharsets.UTF_8);
        System.out.println(b);
        System.out.println("log: " + log + "\nreport: " + report);
    }

    static int resources(int rows) {
        return Math.max(1, (int) (rows * 0.95));
    }

    /** The test class path: exec:java runs this in a class loader of its own, not on java.class.path. */
    private static String classPath() {
        List<String> parts = new ArrayList<>();
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        while (cl != null) {
            if (cl instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    parts.add(new File(url.getPath()).getPath());
                }
            }
            cl = cl.getParent();
        }
        return parts.isEmpty() ? System.getProperty("java.class.path") : String.join(File.pathSeparator, parts);
    }

    /** The legacy state: servers, resources, 200 message templates, legacy rows, flat settings. */
    public static String generate(int rows) {
        int res = resources(rows);
        return """
                CREATE TABLE public.fhir_servers (id serial PRIMARY KEY, name text NOT NULL, url text NOT NULL, is_active boolean DEFAULT false,
                  auth_config jsonb, created_at timestamp DEFAULT now());
                INSERT INTO public.fhir_servers (name, url, is_active) VALUES ('A', 'https://a.example/fhir', true),
                  ('B', 'https://b.example/fhir', false), ('C', 'https://c.example/fhir', false);
                CREATE TABLE public.fhir_resources (id serial PRIMARY KEY, server_id integer REFERENCES public.fhir_servers (id),
                  resource_type text NOT NULL, resource_id text NOT NULL, version_id text, data jsonb NOT NULL, resource_hash text,
                  last_modified timestamp);
                INSERT INTO public.fhir_resources (server_id, resource_type, resource_id, data)
                SELECT 1 + g %% 3, (ARRAY['Patient', 'Observation', 'Encounter', 'Condition'])[1 + g %% 4], 'r-' || g, '{}'
                  FROM generate_series(1, %1$d) g;
                CREATE TABLE public.validation_results (id serial PRIMARY KEY, resource_id integer REFERENCES public.fhir_resources (id),
                  profile_id integer, is_valid boolean NOT NULL, errors jsonb DEFAULT '[]', warnings jsonb DEFAULT '[]',
                  issues jsonb DEFAULT '[]', profile_url text, error_count integer DEFAULT 0, warning_count integer DEFAULT 0,
                  validation_score integer DEFAULT 0, validated_at timestamp DEFAULT now(), settings_hash text,
                  settings_version integer DEFAULT 1, resource_hash text, validation_engine_version text DEFAULT '1.0.0',
                  performance_metrics jsonb DEFAULT '{}', aspect_breakdown jsonb DEFAULT '{}', validation_duration_ms integer DEFAULT 0,
                  created_at timestamp DEFAULT now(), updated_at timestamp DEFAULT now(),
                  server_id integer REFERENCES public.fhir_servers (id), resource_type text, fhir_resource_id text NOT NULL DEFAULT '');
                CREATE TEMPORARY TABLE bench_issue AS
                SELECT n, jsonb_build_object('severity', (ARRAY['error', 'warning', 'info', 'warning'])[1 + n %% 4],
                       'code', (ARRAY['required', 'code-invalid', 'invariant', 'structure', 'value'])[1 + n %% 5],
                       'message', 'Check ' || n || ': element ' || (ARRAY['Name', 'Code', 'Status', 'Subject', 'Value'])[1 + n %% 5]
                                  || ' failed  rule ' || n %% 7,
                       'path', (ARRAY['Patient', 'Observation', 'Encounter', 'Condition'])[1 + n %% 4] || '.field' || n %% 50 || '[' || n %% 3 || ']',
                       'aspect', (ARRAY['structural', 'profile', 'terminology', 'reference', 'businessRule', 'metadata'])[1 + n %% 6]) AS issue
                  FROM generate_series(0, 199) n;
                INSERT INTO public.validation_results (id, resource_id, is_valid, issues, error_count, warning_count, validated_at,
                       created_at, updated_at, server_id, resource_type, fhir_resource_id)
                SELECT g, r.id, true, coalesce((SELECT jsonb_agg(i.issue ORDER BY k) FROM generate_series(1, g %% 7) k
                                                  JOIN bench_issue i ON i.n = (g * 7 + k * 11) %% 200), '[]'),
                       0, 0, timestamp '2024-01-01' + g * interval '1 second', timestamp '2024-01-01' + g * interval '1 second',
                       timestamp '2024-01-01' + g * interval '1 second', r.server_id, r.resource_type, r.resource_id
                  FROM generate_series(1, %2$d) g
                  JOIN public.fhir_resources r ON r.id = CASE WHEN g <= %1$d THEN g ELSE 1 + (g * 37) %% %1$d END;
                SELECT setval('public.validation_results_id_seq', %2$d);
                CREATE INDEX idx_validation_results_fhir_identity ON public.validation_results (server_id, resource_type, fhir_resource_id);
                CREATE INDEX idx_validation_results_resource_id ON public.validation_results (resource_id);
                CREATE TABLE public.validation_settings (id serial PRIMARY KEY, version integer NOT NULL DEFAULT 1, settings jsonb NOT NULL,
                  is_active boolean DEFAULT true, created_at timestamp DEFAULT now(), updated_at timestamp DEFAULT now(), created_by text,
                  updated_by text);
                INSERT INTO public.validation_settings (settings) VALUES ('{"structural": {"enabled": true, "severity": "error"}, "profile": {"enabled": false}}');
                """.formatted(res, rows);
    }
}
