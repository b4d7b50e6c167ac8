package dev.pgguard.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgguard.batch.BatchedSqlChange;
import dev.pgguard.battery.BatteryDescriptor;
import dev.pgguard.battery.DataPreservation;
import dev.pgguard.battery.SqlScript;
import dev.pgguard.run.LiquibaseRunner;
import dev.pgguard.run.OutcomeRecorder;
import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import dev.pgguard.verify.ExpectedSchema;
import dev.pgguard.verify.SchemaVerifier;
import dev.pgguard.verify.VerifyReport;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.change.core.RawSQLChange;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Crash fault injection. For each domain of {@code changelogs/} (its battery's {@code production}
 * state, or its last state that neither halts nor starts half-applied), a separate JVM
 * ({@link CrashChild}) runs {@code update} and is killed at a kill point:
 *
 * <ul>
 *   <li><b>after changeset k</b> — right after Liquibase reports it ran (EXECUTED or MARK_RAN);
 *   <li><b>inside changeset k</b> — for every non-transactional changeset (CREATE INDEX
 *       CONCURRENTLY) and every data step (UPDATE) that the update really executes from that
 *       state: while its statement waits on a lock, its backend is terminated and the process halted,
 *       leaving an INVALID index or a rolled-back data step behind;
 *   <li><b>between batches of changeset k</b> — for every {@code batchedSql} step the update executes:
 *       the process is halted as soon as the step's progress row records a committed batch, so the
 *       rerun must resume after it (the batch in flight, if any, rolled back with the dead session).
 * </ul>
 *
 * Then assert that no advisory lock is left (pgguard's lock service: the dead session's lock went
 * with it, no {@code releaseLocks}), rerun {@code update} in-process, and assert that the expected
 * schema verifies with every check PASS, that every pre-existing row is intact (the battery's
 * {@link DataPreservation}, documented backfills allowed) and that a second update executes nothing.
 *
 * <p>{@code mvn verify} runs a sample of {@value #SAMPLE_BOUNDARIES} boundaries spread over the
 * changelog and {@value #SAMPLE_INSIDE} kills inside CONCURRENTLY builds per domain;
 * {@code mvn verify -Pcrash} (system property {@code pgguard.crash=all}) runs every kill point and
 * writes {@code target/crash/report.md}; {@code -Dpgguard.crash.match=<text>} keeps only the kill
 * points of changesets whose id contains the text (e.g. the steps of one conversion).
 */
class CrashIT {

    static final int SAMPLE_BOUNDARIES = 4;
    static final int SAMPLE_INSIDE = 2;
    private static final Pattern CIC = Pattern.compile("(?is)CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\s+\\S+\\s+ON\\s+(?:ONLY\\s+)?(\\S+)");
    private static final Pattern UPDATE = Pattern.compile("(?is)(?:^|;)\\s*UPDATE\\s+(?:ONLY\\s+)?([A-Za-z0-9_.\"]+)");
    private static final Map<String, int[]> SURVIVED = new ConcurrentHashMap<>();

    record KillPoint(int index, String key, String mode, String table) {
        String label() {
            return String.format(Locale.ROOT, "%s %03d %s", mode, index + 1, key.substring(0, key.indexOf("::")));
        }
    }

    static boolean all() {
        return "all".equals(System.getProperty("pgguard.crash", "sample"));
    }

    @TestFactory
    Stream<DynamicNode> crash() throws Exception {
        List<DynamicNode> domains = new ArrayList<>();
        for (BatteryDescriptor d : BatteryDescriptor.all()) {
            if (!d.changelog().startsWith("changelogs/")) {
                continue;
            }
            BatteryDescriptor.State state = startingState(d);
            List<KillPoint> points = killPoints(d, state);
            domains.add(DynamicContainer.dynamicContainer(d.domain() + " from " + state.name(),
                    points.stream().map(p -> DynamicTest.dynamicTest(p.label(), () -> survive(d, state, p)))));
        }
        assertThat(domains).as("at least one domain under changelogs/ has a battery").isNotEmpty();
        return domains.stream();
    }

    @AfterAll
    static void report() throws Exception {
        StringBuilder b = new StringBuilder("# Crash fault injection (" + (all() ? "every kill point" : "sample") + ")\n\n"
                + "| domain | kill points | survived |\n|---|---|---|\n");
        new TreeMap<>(SURVIVED).forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v[0]).append(" | ")
                .append(v[1]).append(" |\n"));
        Path out = Path.of(System.getProperty("basedir", "."), "target", "crash", "report.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, b.toString(), StandardCharsets.UTF_8);
    }

    static BatteryDescriptor.State startingState(BatteryDescriptor d) {
        BatteryDescriptor.State chosen = null;
        for (BatteryDescriptor.State s : d.states()) {
            if (s.halts() == null && s.applyFirst() == null && s.timeZone() == null) {
                if (s.name().equals("production")) {
                    return s;
                }
                chosen = s;
            }
        }
        return chosen;
    }

    /** Every boundary, and inside every non-transactional changeset and data step the update executes from this state. */
    private static List<KillPoint> killPoints(BatteryDescriptor d, BatteryDescriptor.State state) throws Exception {
        List<ChangeSet> sets = changeSets(d);
        List<String> executed;
        try (TestDatabase db = PgServer.get().createDatabase(d.domain() + "_crash_dry")) {
            load(d, state, db);
            OutcomeRecorder rec = new OutcomeRecorder();
            try (Connection c = db.connect()) {
                runner(c, d).update(rec);
            }
            executed = rec.outcomes().stream().filter(o -> o.status().name().equals("EXECUTED")).map(o -> o.id() + "::" + o.author())
                    .toList();
        }
        List<KillPoint> boundaries = new ArrayList<>();
        List<KillPoint> inside = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            ChangeSet cs = sets.get(i);
            String key = CrashChild.key(cs);
            boundaries.add(new KillPoint(i, key, "after", null));
            if (!executed.contains(key)) {
                continue;
            }
            String sql = sql(cs);
            Matcher cic = CIC.matcher(sql);
            Matcher upd = UPDATE.matcher(sql);
            BatchedSqlChange batched = cs.getChanges().stream().filter(ch -> ch instanceof BatchedSqlChange)
                    .map(ch -> (BatchedSqlChange) ch).findFirst().orElse(null);
            if (batched != null) {
                inside.add(new KillPoint(i, key, "batch", progressTable(batched)));
            } else if (!cs.isRunInTransaction() && cic.find()) {
                inside.add(new KillPoint(i, key, "inside", cic.group(1)));
            } else if (upd.find()) {
                inside.add(new KillPoint(i, key, "inside", upd.group(1)));
            }
        }
        if (all()) {
            List<KillPoint> out = new ArrayList<>(boundaries);
            out.addAll(inside);
            String match = System.getProperty("pgguard.crash.match", "");
            return out.stream().filter(p -> p.key().contains(match)).toList();
        }
        List<KillPoint> out = new ArrayList<>();
        for (int k = 1; k <= SAMPLE_BOUNDARIES; k++) {
            out.add(boundaries.get(k * boundaries.size() / (SAMPLE_BOUNDARIES + 1)));
        }
        List<KillPoint> builds = inside.stream().filter(p -> p.mode().equals("inside") && !sets.get(p.index()).isRunInTransaction())
                .toList();
        assertThat(builds).as("%s: the update from %s executes CONCURRENTLY builds to interrupt", d.domain(), state.name())
                .hasSizeGreaterThanOrEqualTo(SAMPLE_INSIDE);
        out.add(builds.get(0));
        out.add(builds.get(builds.size() - 1));
        inside.stream().filter(p -> p.mode().equals("batch")).forEach(out::add);
        return out;
    }

    private static void survive(BatteryDescriptor d, BatteryDescriptor.State state, KillPoint p) throws Exception {
        SURVIVED.computeIfAbsent(d.domain(), k -> new int[2])[0]++;
        try (TestDatabase db = PgServer.get().createDatabase(d.domain() + "_crash")) {
            load(d, state, db);
            DataPreservation.Captured before;
            try (Connection c = db.connect()) {
                before = DataPreservation.capture(c, d.schemas());
            }
            int exit = runChild(db, d, p);
            assertThat(exit).as("the update process was killed at %s (exit 137), not ended otherwise", p.label())
                    .isEqualTo(CrashChild.KILLED);
            if (p.mode().equals("inside") && !changeSets(d).get(p.index()).isRunInTransaction()) {
                assertThat(db.value("SELECT count(*) FROM pg_catalog.pg_index WHERE NOT indisvalid"))
                        .as("the interrupted CONCURRENTLY build left an INVALID index behind").isNotEqualTo("0");
            }
            awaitChildSessionsEnded(db);
            if (p.mode().equals("batch")) {
                assertThat(db.value("SELECT batches FROM " + p.table() + " WHERE change_set = '" + p.key().replace("'", "''") + "'"))
                        .as("the batched step was killed after committing a batch").isNotEqualTo("0");
            }
            assertThat(db.value("SELECT count(*) FROM pg_catalog.pg_locks WHERE locktype = 'advisory'"))
                    .as("the dead process's advisory lock went with its session: nothing to release by hand").isEqualTo("0");
            try (Connection c = db.connect()) {
                runner(c, d).update();
            }
            try (Connection c = db.connect()) {
                VerifyReport report = SchemaVerifier.verify(c, expected(d));
                assertThat(report.problems()).as("%s after a kill at %s and a rerun:%n%s", d.domain(), p.label(), report.format())
                        .isEmpty();
                assertThat(DataPreservation.problems(c, before, d.backfills(), d.renames()))
                        .as("rows changed after a kill at %s and a rerun", p.label()).isEmpty();
                assertThat(db.value("SELECT count(*) FROM pg_catalog.pg_index WHERE NOT indisvalid"))
                        .as("no INVALID index is left").isEqualTo("0");
            }
            String rows = db.value("SELECT count(*) FROM public.databasechangelog");
            OutcomeRecorder second = new OutcomeRecorder();
            try (Connection c = db.connect()) {
                runner(c, d).update(second);
            }
            assertThat(second.outcomes()).as("a second update executes nothing").isEmpty();
            assertThat(db.value("SELECT count(*) FROM public.databasechangelog")).isEqualTo(rows);
        }
        SURVIVED.get(d.domain())[1]++;
    }

    /**
     * The killed process's sessions end when their backends read EOF from its closed sockets, which
     * happens just after the process's exit, not with it (a kill at boundary 19 of atlas-openehr once
     * saw the advisory lock still held a few milliseconds after exit). Wait for them to be gone (at
     * most 30 s, for a backend that must first finish a running statement) before asserting what they left.
     */
    private static void awaitChildSessionsEnded(TestDatabase db) throws InterruptedException {
        String open = "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE application_name = 'pgguard-crash-child'";
        for (int i = 0; i < 300 && !db.value(open).equals("0"); i++) {
            Thread.sleep(100);
        }
        assertThat(db.value(open)).as("sessions of the killed update process have ended").isEqualTo("0");
    }

    /** The step's progress table, schema-qualified and quoted (its schema defaults to the connection's, public here). */
    private static String progressTable(BatchedSqlChange change) {
        String schema = change.getSchemaName() == null ? "public" : change.getSchemaName();
        String table = change.getProgressTable() == null || change.getProgressTable().isBlank()
                ? dev.pgguard.batch.BatchPlan.DEFAULT_PROGRESS_TABLE : change.getProgressTable();
        return "\"" + schema.replace("\"", "\"\"") + "\".\"" + table.replace("\"", "\"\"") + "\"";
    }

    private static int runChild(TestDatabase db, BatteryDescriptor d, KillPoint p) throws Exception {
        PgServer server = db.server();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the failsafe class path holds the jar and target/classes: the same changelog twice
                "-Dliquibase.duplicateFileMode=WARN", "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), db.url(), server.user(),
                server.password(), d.changelog(), p.mode(), p.key()));
        if (p.table() != null) {
            cmd.add(p.table());
        }
        File log = Files.createTempFile("pgguard-crash", ".log").toFile();
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        if (!proc.waitFor(5, TimeUnit.MINUTES)) {
            proc.destroyForcibly();
            throw new AssertionError("crash child did not end; log " + log);
        }
        int exit = proc.exitValue();
        if (exit != CrashChild.KILLED) {
            System.err.println(Files.readString(log.toPath()));
        }
        log.delete();
        return exit;
    }

    private static void load(BatteryDescriptor d, BatteryDescriptor.State state, TestDatabase db) throws SQLException {
        for (String file : state.fixtures()) {
            try (Connection c = db.connect()) {
                SqlScript.run(c, d.fixture(file));
            }
        }
    }

    private static LiquibaseRunner runner(Connection c, BatteryDescriptor d) {
        return new LiquibaseRunner(c, new ClassLoaderResourceAccessor(CrashIT.class.getClassLoader()), d.changelog());
    }

    private static ExpectedSchema expected(BatteryDescriptor d) throws Exception {
        try (InputStream in = CrashIT.class.getClassLoader().getResourceAsStream(d.expectedSchema())) {
            return ExpectedSchema.read(d.expectedSchema(), in);
        }
    }

    private static final Map<String, List<ChangeSet>> PARSED = new ConcurrentHashMap<>();

    private static List<ChangeSet> changeSets(BatteryDescriptor d) throws Exception {
        if (!PARSED.containsKey(d.domain())) {
            ClassLoaderResourceAccessor acc = new ClassLoaderResourceAccessor(CrashIT.class.getClassLoader());
            Scope.ScopedRunnerWithReturn<DatabaseChangeLog> parse = () -> ChangeLogParserFactory.getInstance()
                    .getParser(d.changelog(), acc).parse(d.changelog(), new ChangeLogParameters(), acc);
            DatabaseChangeLog log = Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), acc), parse);
            PARSED.put(d.domain(), List.copyOf(log.getChangeSets()));
        }
        return PARSED.get(d.domain());
    }

    private static String sql(ChangeSet cs) {
        StringBuilder b = new StringBuilder();
        for (Change ch : cs.getChanges()) {
            if (ch instanceof RawSQLChange raw) {
                b.append(raw.getSql()).append(";\n");
            }
        }
        return b.toString();
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
