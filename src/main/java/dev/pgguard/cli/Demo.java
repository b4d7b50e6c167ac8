package dev.pgguard.cli;

import dev.pgguard.check.CheckException;
import dev.pgguard.run.ChangelogLocation;
import dev.pgguard.run.LiquibaseRunner;
import dev.pgguard.run.OutcomeRecorder;
import dev.pgguard.verify.ExpectedSchema;
import dev.pgguard.verify.SchemaVerifier;
import dev.pgguard.verify.VerifyReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import liquibase.exception.LiquibaseException;

/**
 * {@code pgguard demo}: the packet-workflow production drift state on the embedded PostgreSQL,
 * its updateSQL preview, update, verify, rollback to the tag taken before, and the state restored.
 * The database {@code pgguard_demo} is dropped and recreated on every run.
 */
final class Demo {

    static final String DATABASE = "pgguard_demo";
    static final String DOMAIN = "packet-workflow";
    static final String TAG = "pgguard-demo-before";
    private static final List<String> FIXTURES = List.of("base-pre017.sql", "delta-production.sql", "delta-json-false.sql");
    private static final int PREVIEW_LINES = 14;

    private final Args args;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    Demo(Args args, Map<String, String> env, PrintStream out, PrintStream err) {
        this.args = args;
        this.env = env;
        this.out = out;
        this.err = err;
    }

    int run() throws Target.Unreachable, UsageException {
        long begin = System.nanoTime();
        out.println("pgguard demo: packet-workflow (Wiser ServiceOps 017-022) on a drifted production copy");
        out.println();
        try (Target t = Target.open(args, env, out)) {
            step("1/6 build the production drift state in database " + DATABASE);
            long s = System.nanoTime();
            recreate(t);
            try (Connection c = t.connect(DATABASE)) {
                for (String f : FIXTURES) {
                    execute(c, resource("pgguard/demo/" + f));
                }
                out.println("  loaded " + String.join(" + ", FIXTURES) + " in " + Console.duration(Commands.millis(s)));
                Map<String, String> before = facts(c);
                before.forEach((k, v) -> out.println(String.format(Locale.ROOT, "  %-50s %s", k, v)));
                ChangelogLocation loc = ChangelogLocation.domain(DOMAIN);
                ExpectedSchema expected = loc.expectedSchema().orElseThrow();
                out.println("  verify against the target schema: " + Console.verifySummary(SchemaVerifier.verify(c, expected)));

                step("2/6 updateSQL preview: what update would run, every guard evaluated against this database");
                LiquibaseRunner runner = new LiquibaseRunner(c, loc.accessor(), loc.path());
                Path preview = previewFile();
                s = System.nanoTime();
                try (Writer w = Files.newBufferedWriter(preview, StandardCharsets.UTF_8)) {
                    runner.updateSql(w);
                }
                showPreview(Files.readString(preview, StandardCharsets.UTF_8), preview, Commands.millis(s));

                step("3/6 tag " + TAG + ", then update (one line per changeset: outcome, time, the guard's reason)");
                runner.tag(TAG);
                s = System.nanoTime();
                OutcomeRecorder recorder = new OutcomeRecorder(o -> {
                    out.println(Console.outcome(o));
                    out.flush();
                });
                try {
                    runner.update(recorder);
                } catch (LiquibaseException e) {
                    out.println(Console.summary("update FAILED", recorder.outcomes(), Commands.millis(s)));
                    err.println("pgguard demo: update stopped: " + Failure.describe(e));
                    return ExitCode.FAILED;
                }
                out.println(Console.summary("update", recorder.outcomes(), Commands.millis(s)));
                Map<String, String> updated = facts(c);

                step("4/6 verify against changelogs/packet-workflow/expected-schema.yaml");
                VerifyReport report = SchemaVerifier.verify(c, expected);
                out.print(Console.verifyTable(report, 10));

                step("5/6 rollback to " + TAG);
                s = System.nanoTime();
                AtomicInteger rolled = new AtomicInteger();
                OutcomeRecorder back = new OutcomeRecorder(o -> {
                    if (rolled.incrementAndGet() % 25 == 0) {
                        out.println("  … " + rolled.get() + " changesets rolled back");
                        out.flush();
                    }
                });
                try {
                    runner.rollbackToTag(TAG, back);
                } catch (LiquibaseException e) {
                    err.println("pgguard demo: rollback stopped: " + Failure.describe(e));
                    return ExitCode.FAILED;
                }
                out.println(Console.summary("rollback", back.outcomes(), Commands.millis(s))
                        + " (MARK_RAN ones change nothing: sqlIfExecuted)");

                step("6/6 the state after rollback");
                Map<String, String> after = facts(c);
                out.println(String.format(Locale.ROOT, "  %-50s %-16s %-16s %s", "", "start", "after update", "after rollback"));
                for (String k : before.keySet()) {
                    out.println(String.format(Locale.ROOT, "  %-50s %-16s %-16s %s", k, before.get(k), updated.get(k),
                            after.get(k)));
                }
                boolean restored = before.equals(after);
                out.println(restored ? "  restored: every fact above, the catalog and every row equal the starting state"
                        : "  NOT restored: the rows above that differ from the start");
                out.println();
                out.println("demo " + (restored && report.passed() ? "done" : "FAILED") + " in "
                        + Console.duration(Commands.millis(begin)) + "; database " + DATABASE + " on the embedded server"
                        + " is left as rolled back (the next demo recreates it)");
                return restored && report.passed() ? ExitCode.OK : ExitCode.FAILED;
            }
        } catch (SQLException | IOException | CheckException | LiquibaseException e) {
            err.println("pgguard demo: " + Failure.describe(e));
            return ExitCode.FAILED;
        }
    }

    private void step(String title) {
        out.println();
        out.println("== " + title);
        out.flush();
    }

    private void recreate(Target t) throws SQLException {
        try (Connection c = t.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + DATABASE);
        }
    }

    private Path previewFile() throws IOException {
        Path dir = args.option("data-dir").map(d -> Path.of(d).toAbsolutePath().normalize().getParent())
                .orElse(EmbeddedServer.cacheHome(env).resolve("pgguard"));
        Files.createDirectories(dir);
        return dir.resolve("pgguard-demo-update.sql");
    }

    /** The change statements of the preview (not its comments or DATABASECHANGELOG bookkeeping), abbreviated. */
    private void showPreview(String sql, Path file, long millis) {
        List<String> changes = new ArrayList<>();
        for (String line : sql.split("\\R")) {
            String l = line.strip();
            String lower = l.toLowerCase(Locale.ROOT);
            if (l.isEmpty() || l.startsWith("--") || lower.contains("databasechangelog")) {
                continue;
            }
            changes.add(l);
        }
        int markRan = count(sql, "'MARK_RAN'");
        int executed = count(sql, "'EXECUTED'");
        for (String l : changes.subList(0, Math.min(PREVIEW_LINES, changes.size()))) {
            out.println("  " + (l.length() > 150 ? l.substring(0, 147) + "..." : l));
        }
        if (changes.size() > PREVIEW_LINES) {
            out.println("  … " + (changes.size() - PREVIEW_LINES) + " more lines of SQL");
        }
        out.println("  preview: " + executed + " changesets would execute, " + markRan
                + " would only be recorded MARK_RAN (no DDL for what is already there); " + Console.duration(millis));
        out.println("  the full preview: " + file);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    /** A few facts of the drift state, and fingerprints of the whole catalog and all rows of service_ops. */
    static Map<String, String> facts(Connection c) throws SQLException {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("send_integration columns", value(c, "SELECT count(*) FROM pg_catalog.pg_attribute"
                + " WHERE attrelid = 'service_ops.send_integration'::regclass AND attnum > 0 AND NOT attisdropped"));
        f.put("send_integration indexes", value(c, "SELECT count(*) FROM pg_catalog.pg_index"
                + " WHERE indrelid = 'service_ops.send_integration'::regclass"));
        f.put("send_serviceops.created_at type", value(c, "SELECT replace(replace(pg_catalog.format_type(atttypid, atttypmod),"
                + " 'timestamp with time zone', 'timestamptz'), 'timestamp without time zone', 'timestamp')"
                + " FROM pg_catalog.pg_attribute WHERE attrelid = 'service_ops.send_serviceops'::regclass AND attname = 'created_at'"));
        f.put("send_serviceops.json_sent_to_integration default", value(c, "SELECT coalesce((SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid)"
                + " FROM pg_catalog.pg_attrdef d JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum"
                + " WHERE d.adrelid = 'service_ops.send_serviceops'::regclass AND a.attname = 'json_sent_to_integration'), 'none')"));
        f.put("send_serviceops rows holding FALSE", value(c,
                "SELECT count(*) FROM service_ops.send_serviceops WHERE json_sent_to_integration = false"));
        f.put("packet rows with NULL detailed_status", value(c,
                "SELECT count(*) FROM service_ops.packet WHERE detailed_status IS NULL"));
        f.put("clinical_ops_poll_watermark", value(c,
                "SELECT CASE WHEN to_regclass('service_ops.clinical_ops_poll_watermark') IS NULL THEN 'missing' ELSE 'present' END"));
        f.put("catalog of service_ops (md5)", value(c, "SELECT left(md5(coalesce(string_agg(x, E'\\n' ORDER BY x), '')), 12) FROM ("
                + " SELECT c.relname || '.' || a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod) || ' '"
                + "   || a.attnotnull || ' ' || coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), '') AS x"
                + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                + " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum"
                + " WHERE n.nspname = 'service_ops' AND c.relkind IN ('r', 'p', 'v', 'i')"
                + " UNION ALL SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_catalog.pg_get_constraintdef(oid)"
                + " FROM pg_catalog.pg_constraint WHERE connamespace = 'service_ops'::regnamespace) s"));
        f.put("rows of service_ops (md5)", rowsFingerprint(c));
        return f;
    }

    private static String rowsFingerprint(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_catalog.quote_ident(relname)"
                + " FROM pg_catalog.pg_class WHERE relnamespace = 'service_ops'::regnamespace AND relkind = 'r' ORDER BY relname")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        StringBuilder all = new StringBuilder();
        for (String t : tables) {
            all.append(t).append(' ').append(value(c, "SET LOCAL TimeZone = 'UTC'; SELECT md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), ''))"
                    + " FROM service_ops." + t + " r")).append('\n');
        }
        return value(c, "SELECT left(md5('" + all.toString().replace("'", "''") + "'), 12)");
    }

    private static String value(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            boolean rs = st.execute(sql);
            while (!rs) {
                if (st.getUpdateCount() == -1) {
                    return "";
                }
                rs = st.getMoreResults();
            }
            try (ResultSet r = st.getResultSet()) {
                return r.next() ? r.getString(1) : "";
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = Demo.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
