package dev.pgguard.battery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgguard.run.LiquibaseRunner;
import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import dev.pgguard.verify.ExpectedSchema;
import dev.pgguard.verify.SchemaVerifier;
import dev.pgguard.verify.VerifyReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The battery every domain passes (conventions §4), for every state of every domain described by a
 * {@code src/test/resources/fixtures/<domain>/battery.yaml} (see {@link BatteryDescriptor}):
 *
 * <ol>
 *   <li>load the state; snapshot S (catalog, row checksums, data); tag {@value #TAG};
 *   <li>{@code update}; the expected schema verifies with every check PASS;
 *   <li>every row of S is still there with the same values, except documented backfills;
 *   <li>a second {@code update} records and executes nothing;
 *   <li>rollback to the tag gives back S exactly (catalog and row checksums);
 *   <li>{@code update} again converges to the same catalog and rows as the first;
 *   <li>on a second database loaded with the same state, the {@code updateSQL} output run
 *       statement by statement (as psql runs it) gives the same catalog, rows and
 *       DATABASECHANGELOG as {@code update}.
 * </ol>
 *
 * A state with {@code halts:} instead expects update and updateSQL to fail with that text and the
 * database to be unchanged.
 */
class BatteryIT {

    static final String TAG = "pgguard-before";

    @TestFactory
    Stream<DynamicNode> battery() {
        List<BatteryDescriptor> domains = BatteryDescriptor.all();
        if (System.getProperty("pgguard.domains", "").isBlank()) {
            assertThat(domains).as("the sample domain's battery.yaml is on the test classpath")
                    .extracting(BatteryDescriptor::domain).contains("battery-sample");
        }
        return domains.stream().map(d -> DynamicContainer.dynamicContainer(d.domain(),
                d.states().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> run(d, s)))));
    }

    private static void run(BatteryDescriptor d, BatteryDescriptor.State state) throws Exception {
        String label = d.domain() + "_" + state.name();
        try (TestDatabase db = PgServer.get().createDatabase(label);
                TestDatabase copy = PgServer.get().createDatabase(label + "_sql")) {
            load(d, state, db);
            Snapshot s = Snapshot.of(db, d);
            DataPreservation.Captured data;
            try (Connection c = db.connect()) {
                data = DataPreservation.capture(c, d.schemas());
            }
            try (Connection c = liquibaseConnection(db, state)) {
                runner(c, d).tag(TAG);
            }

            if (state.halts() != null) {
                haltsAndChangesNothing(d, state, db, s);
                return;
            }

            // 1. update converges
            int recordedBefore = changelogRows(db).size();
            try (Connection c = liquibaseConnection(db, state)) {
                runner(c, d).update();
            }
            verifies(d, db, "after update");
            List<ChangelogRow> afterUpdate = changelogRows(db);
            List<ChangelogRow> recorded = afterUpdate.subList(recordedBefore, afterUpdate.size());
            assertThat(recorded).as("update records every changeset it runs as EXECUTED or MARK_RAN")
                    .allSatisfy(r -> assertThat(r.exectype()).isIn("EXECUTED", "MARK_RAN"));
            assertThat(afterUpdate.stream().filter(r -> r.filename().equals(d.changelog())).count())
                    .as("after update every changeset of %s is recorded (none left pending)", d.changelog())
                    .isEqualTo(changeSetCount(d));
            if (state.executes() != null) {
                assertThat(recorded.stream().filter(r -> r.exectype().equals("EXECUTED")).map(ChangelogRow::id).toList())
                        .as("changesets update really executed in state %s", state.name()).hasSize(state.executes());
            }
            Snapshot updated = Snapshot.of(db, d);

            // 2. no data lost
            try (Connection c = db.connect()) {
                assertThat(DataPreservation.problems(c, data, d.backfills(), d.renames()))
                        .as("rows of state %s changed by update other than by a documented backfill", state.name()).isEmpty();
            }

            // 3. a second update executes nothing
            try (Connection c = liquibaseConnection(db, state)) {
                runner(c, d).update();
            }
            assertThat(changelogRows(db)).as("a second update records nothing new").isEqualTo(afterUpdate);
            assertThat(Snapshot.of(db, d)).as("a second update changes nothing").isEqualTo(updated);

            // 4. rollback to the tag gives back S exactly
            try (Connection c = liquibaseConnection(db, state)) {
                runner(c, d).rollbackToTag(TAG);
            }
            Snapshot rolledBack = Snapshot.of(db, d);
            List<String> expectedCatalog = s.catalog();
            if (Boolean.TRUE.equals(state.invalidIndexesRebuilt())) {
                // An INVALID index left by an interrupted CREATE INDEX CONCURRENTLY is rebuilt by update;
                // rollback drops the rebuilt index and cannot give the INVALID one back.
                assertThat(s.catalog()).as("state %s holds an INVALID index", state.name())
                        .anyMatch(line -> line.startsWith("index ") && line.contains(" valid=false"));
                expectedCatalog = s.catalog().stream()
                        .filter(line -> !(line.startsWith("index ") && line.contains(" valid=false"))).toList();
            }
            assertThat(rolledBack.catalog()).as("catalog after rollback to %s equals state %s", TAG, state.name())
                    .containsExactlyElementsOf(expectedCatalog);
            assertThat(rolledBack.rows()).as("row checksums after rollback to %s equal state %s", TAG, state.name())
                    .containsExactlyElementsOf(s.rows());
            assertThat(changelogRows(db)).as("rollback removes exactly the rows update recorded")
                    .isEqualTo(afterUpdate.subList(0, recordedBefore));

            // 5. update again converges to the same result
            try (Connection c = liquibaseConnection(db, state)) {
                runner(c, d).update();
            }
            verifies(d, db, "after rollback and update again");
            Snapshot again = Snapshot.of(db, d);
            assertThat(again.catalog()).as("catalog of the second convergence").containsExactlyElementsOf(updated.catalog());
            assertThat(again.rows()).as("rows of the second convergence").containsExactlyElementsOf(updated.rows());

            // 6. the updateSQL preview, run as psql runs it on a copy of S, gives what update gave
            load(d, state, copy);
            String sql;
            try (Connection c = liquibaseConnection(copy, state)) {
                runner(c, d).tag(TAG);
                StringWriter out = new StringWriter();
                runner(c, d).updateSql(out);
                sql = out.toString();
            }
            assertThat(Snapshot.of(copy, d)).as("updateSQL itself changes nothing").isEqualTo(s);
            try (Connection c = liquibaseConnection(copy, state)) {
                SqlScript.run(c, sql);
            }
            Snapshot preview = Snapshot.of(copy, d);
            assertThat(preview.catalog()).as("catalog after running the updateSQL output equals catalog after update; script:%n%s",
                    sql).containsExactlyElementsOf(updated.catalog());
            assertThat(preview.rows()).as("rows after running the updateSQL output equal rows after update; script:%n%s", sql)
                    .containsExactlyElementsOf(updated.rows());
            assertThat(changelogRows(copy)).as("DATABASECHANGELOG written by the updateSQL output equals update's")
                    .isEqualTo(afterUpdate);
        }
    }

    private static void haltsAndChangesNothing(BatteryDescriptor d, BatteryDescriptor.State state, TestDatabase db, Snapshot s)
            throws Exception {
        List<ChangelogRow> before = changelogRows(db);
        try (Connection c = liquibaseConnection(db, state)) {
            assertThatThrownBy(() -> runner(c, d).update()).as("update of state %s halts", state.name())
                    .satisfies(e -> assertThat(messages(e)).contains(state.halts()));
        }
        assertThat(Snapshot.of(db, d)).as("a halted update changes nothing in state %s", state.name()).isEqualTo(s);
        assertThat(changelogRows(db)).as("a halted update records nothing").isEqualTo(before);
        try (Connection c = liquibaseConnection(db, state)) {
            assertThatThrownBy(() -> runner(c, d).updateSql(new StringWriter()))
                    .as("the updateSQL preview of state %s halts too", state.name())
                    .satisfies(e -> assertThat(messages(e)).contains(state.halts()));
        }
    }

    /** Loads the state's fixtures (and its server time zone, and its first changesets) into an empty database. */
    private static void load(BatteryDescriptor d, BatteryDescriptor.State state, TestDatabase db) throws Exception {
        if (state.timeZone() != null) {
            db.execute("ALTER DATABASE \"" + db.name() + "\" SET TimeZone = '" + state.timeZone().replace("'", "''") + "'");
        }
        for (String file : state.fixtures()) {
            try (Connection c = withTimeZone(db.connect(), state)) {
                SqlScript.run(c, d.fixture(file));
            }
        }
        if (state.applyFirst() != null) {
            try (Connection c = liquibaseConnection(db, state)) {
                runner(c, d).updateCount(state.applyFirst());
            }
        }
    }

    /**
     * A connection as an application would hand it to Liquibase (as the state's {@code runAs} role
     * when it has one). The JDBC driver sends the JVM's time zone at login, which wins over ALTER
     * DATABASE ... SET TimeZone, so a state's server time zone is also set on the session.
     */
    private static Connection liquibaseConnection(TestDatabase db, BatteryDescriptor.State state) throws SQLException {
        return withTimeZone(state.runAs() == null ? db.connect()
                : java.sql.DriverManager.getConnection(db.url(), state.runAs(), state.runAs()), state);
    }

    private static Connection withTimeZone(Connection c, BatteryDescriptor.State state) throws SQLException {
        if (state.timeZone() != null) {
            try (Statement st = c.createStatement()) {
                st.execute("SET TimeZone = '" + state.timeZone().replace("'", "''") + "'");
            }
        }
        return c;
    }

    private static LiquibaseRunner runner(Connection c, BatteryDescriptor d) {
        return new LiquibaseRunner(c, new ClassLoaderResourceAccessor(BatteryIT.class.getClassLoader()), d.changelog());
    }

    private static void verifies(BatteryDescriptor d, TestDatabase db, String when) throws Exception {
        ExpectedSchema expected;
        try (InputStream in = BatteryIT.class.getClassLoader().getResourceAsStream(d.expectedSchema())) {
            if (in == null) {
                throw new IOException("no expected schema on the test classpath at " + d.expectedSchema());
            }
            expected = ExpectedSchema.read(d.expectedSchema(), in);
        }
        try (Connection c = db.connect()) {
            VerifyReport report = SchemaVerifier.verify(c, expected);
            assertThat(report.problems()).as("%s: %s %s verifies; report:%n%s", d.domain(), when, d.expectedSchema(),
                    report.format()).isEmpty();
            assertThat(report.rows()).as("the expected schema checks something").isNotEmpty();
        }
    }

    /** The changesets of the changelog, as Liquibase's updateSQL counts them: one DATABASECHANGELOG insert each. */
    private static long changeSetCount(BatteryDescriptor d) throws Exception {
        liquibase.changelog.DatabaseChangeLog log = ChangelogFiles.parse(d.changelog(),
                new ClassLoaderResourceAccessor(BatteryIT.class.getClassLoader()));
        return log.getChangeSets().stream().filter(cs -> cs.getFilePath().equals(d.changelog())).count();
    }

    /**
     * A DATABASECHANGELOG row without what differs between two runs of the same changesets (when,
     * in which order number, which deployment; the internal row a tag of an empty history adds has
     * a time as its id).
     */
    record ChangelogRow(String id, String author, String filename, String exectype, String md5sum, String description,
            String comments, String tag, String contexts, String labels) {
    }

    static List<ChangelogRow> changelogRows(TestDatabase db) throws SQLException {
        List<ChangelogRow> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            try (ResultSet exists = st.executeQuery("SELECT pg_catalog.to_regclass('public.databasechangelog') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    return rows;
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT id, author, filename, exectype, md5sum, description, comments, tag,"
                    + " contexts, labels FROM public.databasechangelog ORDER BY orderexecuted, dateexecuted")) {
                while (rs.next()) {
                    boolean internal = "liquibase-internal".equals(rs.getString(3));
                    rows.add(new ChangelogRow(internal ? "<tag of an empty history>" : rs.getString(1), rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getString(8), rs.getString(9), rs.getString(10)));
                }
            }
        }
        return rows;
    }

    /** Catalog lines and row checksums of the domain's schemas. */
    record Snapshot(List<String> catalog, List<String> rows) {

        static Snapshot of(TestDatabase db, BatteryDescriptor d) throws SQLException {
            try (Connection c = db.connect()) {
                return new Snapshot(CatalogSnapshot.of(c, d.schemas()), RowChecksums.of(c, d.schemas()));
            }
        }
    }

    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return b.toString();
    }
}
