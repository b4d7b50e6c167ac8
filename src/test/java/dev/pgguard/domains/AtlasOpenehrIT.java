package dev.pgguard.domains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgguard.api.MigrationReport;
import dev.pgguard.battery.CatalogSnapshot;
import dev.pgguard.battery.RowChecksums;
import dev.pgguard.run.LiquibaseRunner;
import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import dev.pgguard.verify.ExpectedSchema;
import dev.pgguard.verify.SchemaVerifier;
import dev.pgguard.verify.VerifyReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * atlas-openehr decisions that need a targeted test beyond the battery: export_status is renamed
 * (same column, same values), archetype_node_id is kept under another name and comes back on
 * rollback, a migrating user who does not own the tables is stopped before any change with the
 * statement that fixes it, and the README's start-up snippet runs as shown.
 */
class AtlasOpenehrIT {

    static final String CHANGELOG = "changelogs/atlas-openehr/changelog.yaml";
    static final String TAG = "atlas-before";

    static LiquibaseRunner runner(Connection c) {
        return new LiquibaseRunner(c, new ClassLoaderResourceAccessor(), CHANGELOG);
    }

    static void update(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            runner(c).update();
        }
    }

    static void assertVerified(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            VerifyReport report = SchemaVerifier.verify(c, ExpectedSchema.forDomain("atlas-openehr"));
            assertThat(report.problems()).as(report.format()).isEmpty();
        }
    }

    @Test
    void exportStatusIsRenamedWithItsValuesNotDroppedAndAdded() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("atlas_rename")) {
            Fixtures.load(db, "atlas-openehr", "old-shapes.sql");
            String attnum = "SELECT attnum FROM pg_attribute WHERE attrelid = 'public.watermarks'::regclass AND attname = '%s'";
            String before = db.value(attnum.formatted("export_status"));
            List<String> values = db.column("SELECT id || '=' || export_status FROM public.watermarks ORDER BY id");
            assertThat(values).hasSize(60).anyMatch(v -> v.endsWith("=failed")).anyMatch(v -> v.endsWith("=in_progress"));

            update(db);
            assertVerified(db);

            assertThat(db.value(attnum.formatted("last_export_status")))
                    .as("last_export_status is the same column as export_status was (a rename keeps attnum; ADD COLUMN would not)")
                    .isEqualTo(before);
            assertThat(db.value("SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.watermarks'::regclass AND attisdropped"))
                    .as("no column of watermarks was dropped").isEqualTo("0");
            assertThat(db.column("SELECT id || '=' || last_export_status FROM public.watermarks ORDER BY id"))
                    .as("every status kept, row by row").containsExactlyElementsOf(values);
            assertThat(db.column("SELECT DISTINCT last_exported_timestamp::text || ' ' || last_export_started_at::text"
                    + " || ' ' || compositions_exported_count FROM public.watermarks"))
                    .as("old rows: nothing known to be exported (the epoch), count 0")
                    .containsExactly("1970-01-01 00:00:00+00 1970-01-01 00:00:00+00 0");
        }
    }

    @Test
    void archetypeNodeIdLeavesTheTargetShapeButRollbackBringsItsValuesBack() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("atlas_archetype")) {
            Fixtures.load(db, "atlas-openehr", "old-shapes.sql");
            String values = "SELECT id || '=' || %s FROM public.compositions ORDER BY id";
            List<String> before = db.column(values.formatted("archetype_node_id"));
            assertThat(before).hasSize(600).allMatch(v -> v.contains("=openEHR-EHR-COMPOSITION."));
            try (Connection c = db.connect()) {
                runner(c).tag(TAG);
                runner(c).update();
            }
            assertVerified(db);
            assertThat(db.value("SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.compositions'::regclass"
                    + " AND attname = 'archetype_node_id' AND NOT attisdropped")).isEqualTo("0");
            assertThat(db.column(values.formatted("pgguard_removed_archetype_node_id")))
                    .as("the values are kept under the new name").containsExactlyElementsOf(before);
            assertThat(db.value("SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.compositions'::regclass"
                    + " AND attisdropped")).as("nothing was dropped").isEqualTo("0");

            // the new build inserts without the column: it must not be NOT NULL any more
            db.execute("""
                    INSERT INTO public.compositions (id, ehr_id, composition_uid, template_id, time_committed, content,
                        export_mode, atlas_version) VALUES ('new::local.ehrbase.org::1', 'e', 'new::local.ehrbase.org::1',
                        'IDCR - Vital Signs.v1', '2025-01-01 00:00:00+00', '{}', 'preserve', '2.1.0')""");
            db.execute("DELETE FROM public.compositions WHERE id = 'new::local.ehrbase.org::1'");

            try (Connection c = db.connect()) {
                runner(c).rollbackToTag(TAG);
            }
            assertThat(db.column(values.formatted("archetype_node_id"))).as("rollback gives the values back")
                    .containsExactlyElementsOf(before);
            assertThat(db.value("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'public.compositions'::regclass"
                    + " AND attname = 'archetype_node_id'")).as("and its NOT NULL").isEqualTo("t");
        }
    }

    @Test
    void aMigratingUserWhoIsNotTheOwnerIsStoppedBeforeAnyChangeWithTheStatementToRun() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("atlas_not_owner")) {
            String[] parts = db.name().toLowerCase(Locale.ROOT).split("_");
            String owner = "atlas_owner_" + parts[0] + "_" + parts[1];
            String migrator = "atlas_migrator_" + parts[0] + "_" + parts[1];
            Fixtures.load(db, "atlas-openehr", "old-shapes.sql");
            db.execute("CREATE ROLE " + owner + " NOLOGIN; CREATE ROLE " + migrator
                    + " LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB PASSWORD 'migrator-pw';"
                    + " ALTER TABLE public.compositions OWNER TO " + owner + ";"
                    + " ALTER TABLE public.watermarks OWNER TO " + owner + ";"
                    + " GRANT CREATE ON SCHEMA public TO " + migrator + ";"
                    + " GRANT SELECT, INSERT, UPDATE, DELETE ON public.compositions, public.watermarks TO " + migrator);
            try {
                assertThat(db.value("SELECT rolsuper FROM pg_roles WHERE rolname = '" + migrator + "'")).isEqualTo("f");
                List<String> catalog;
                List<String> rows;
                try (Connection c = db.connect()) {
                    catalog = CatalogSnapshot.of(c, List.of("public"));
                    rows = RowChecksums.of(c, List.of("public"));
                }

                String fix = haltsNamingTheFix(db, migrator, owner, "compositions");
                assertUnchanged(db, catalog, rows);

                db.execute(fix);   // what the message says to run, as a superuser
                String second = haltsNamingTheFix(db, migrator, owner, "watermarks");
                db.execute(second);

                try (Connection c = DriverManager.getConnection(db.url(), migrator, "migrator-pw")) {
                    runner(c).update();
                }
                assertVerified(db);
                assertThat(db.value("SELECT count(*) FROM public.watermarks WHERE last_export_status = 'failed'"))
                        .isEqualTo("10");
            } finally {
                db.execute("DROP OWNED BY " + owner + ", " + migrator + " CASCADE; DROP ROLE " + migrator + "; DROP ROLE " + owner);
            }
        }
    }

    /** Runs update as {@code migrator}, asserts it halts naming owner, user and the ALTER TABLE; returns that statement. */
    private static String haltsNamingTheFix(TestDatabase db, String migrator, String owner, String table) throws Exception {
        String statement = "ALTER TABLE public." + table + " OWNER TO " + migrator + ";";
        try (Connection c = DriverManager.getConnection(db.url(), migrator, "migrator-pw")) {
            assertThatThrownBy(() -> runner(c).update())
                    .as("update as a user who does not own public.%s halts", table)
                    .satisfies(e -> assertThat(messages(e))
                            .contains("table public." + table + " is owned by " + owner + ", not by " + migrator)
                            .contains("or have " + owner + " or a superuser run: " + statement));
        }
        if (db.value("SELECT to_regclass('public.databasechangelog') IS NOT NULL").equals("t")) {
            assertThat(db.value("SELECT count(*) FROM public.databasechangelog")).as("nothing recorded").isEqualTo("0");
        }
        return statement;
    }

    private static void assertUnchanged(TestDatabase db, List<String> catalog, List<String> rows) throws Exception {
        try (Connection c = db.connect()) {
            assertThat(CatalogSnapshot.of(c, List.of("public"))).as("catalog untouched by the halted update")
                    .containsExactlyElementsOf(catalog);
            assertThat(RowChecksums.of(c, List.of("public"))).as("rows untouched").containsExactlyElementsOf(rows);
        }
        assertThat(db.value("SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.watermarks'::regclass"
                + " AND attname = 'export_status'")).as("no rename happened").isEqualTo("1");
    }

    @Test
    void statusesOutsideTheFourAreNotRemappedTheUpdateHaltsWithValuesAndCounts() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("atlas_bad_status")) {
            Fixtures.load(db, "atlas-openehr", "old-shapes.sql", "delta-bad-status.sql");
            try (Connection c = db.connect()) {
                assertThatThrownBy(() -> runner(c).update())
                        .satisfies(e -> assertThat(messages(e)).contains("5 rows of public.watermarks match")
                                .contains("export_status values: 'Completed' (3), 'done' (2)"));
            }
            assertThat(db.column("SELECT export_status || ' ' || count(*) FROM public.watermarks"
                    + " WHERE export_status IN ('Completed', 'done') GROUP BY export_status ORDER BY 1"))
                    .as("not remapped, column not renamed").containsExactly("Completed 3", "done 2");
        }
    }

    @Test
    void theReadmeStartUpSnippetIsThisCodeAndMigratesAtStartUp() throws Exception {
        assertThat(lines(readmeSnippet())).as("README \"atlas-openehr\" java block vs AtlasStartup between the markers")
                .containsExactlyElementsOf(lines(sampleSnippet()));
        try (TestDatabase db = PgServer.get().createDatabase("atlas_startup")) {
            Fixtures.load(db, "atlas-openehr", "old-shapes.sql");
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(db.url());
            ds.setUser(db.server().user());
            ds.setPassword(db.server().password());

            MigrationReport first = AtlasStartup.migrate(ds, "2.1.0");
            assertThat(first.executed()).as("the first start migrates the older build's tables").isNotEmpty();
            assertThat(first.verified()).isTrue();
            assertThat(first.verify()).isPresent();
            assertVerified(db);

            MigrationReport restart = AtlasStartup.migrate(ds, "2.1.0");
            assertThat(restart.executed()).as("a restart runs nothing").isEmpty();
            assertThat(restart.verified()).isTrue();
        }
    }

    private static String readmeSnippet() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("### atlas-openehr");
        assertThat(start).as("README has the atlas-openehr section").isNotNegative();
        int end = readme.indexOf("\n## ", start);
        Matcher m = Pattern.compile("(?s)```java\n(.*?)```").matcher(readme.substring(start, end));
        assertThat(m.find()).as("a java block in README \"atlas-openehr\"").isTrue();
        return m.group(1);
    }

    private static String sampleSnippet() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/pgguard/domains/AtlasStartup.java"), StandardCharsets.UTF_8);
        int begin = source.indexOf("// README:begin");
        int end = source.indexOf("// README:end");
        assertThat(begin).isNotNegative();
        return source.substring(source.indexOf('\n', begin) + 1, end);
    }

    private static List<String> lines(String block) {
        return block.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append('\n');
        }
        return b.toString();
    }
}
