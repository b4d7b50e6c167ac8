package dev.pgguard.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgguard.battery.CatalogSnapshot;
import dev.pgguard.battery.RowChecksums;
import dev.pgguard.domains.Fixtures;
import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import dev.pgguard.verify.ExpectedSchema;
import dev.pgguard.verify.SchemaVerifier;
import dev.pgguard.verify.VerifyReport;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import liquibase.util.LiquibaseUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liquibase's own command line ({@code liquibase.integration.commandline.LiquibaseCommandLine}) in
 * a separate JVM whose classpath is what a Liquibase installation holds plus pgguard, the way a DBA
 * runs it with the jar in Liquibase's {@code lib} directory: update-sql on the production state,
 * tag, update, rollback to the tag.
 */
class LiquibaseCliIT {

    private static final String CHANGELOG = "changelogs/packet-workflow/changelog.yaml";
    private static final List<String> SCHEMAS = List.of("service_ops");
    private static final String COLUMNS = "SELECT count(*) FROM pg_catalog.pg_attribute"
            + " WHERE attrelid = 'service_ops.send_integration'::regclass AND attnum > 0 AND NOT attisdropped";
    private static final String CREATED_AT = "SELECT format_type(atttypid, atttypmod) FROM pg_catalog.pg_attribute"
            + " WHERE attrelid = 'service_ops.send_serviceops'::regclass AND attname = 'created_at'";

    /** Jars of a Liquibase 4.33 installation (lib/ and internal/lib/) that a test classpath also holds. */
    private static final Pattern DISTRIBUTION = Pattern.compile(
            "(liquibase-core-|picocli-|snakeyaml-|opencsv-|commons-|jaxb|javax\\.activation|postgresql-)");

    @TempDir
    Path work;

    @Test
    void updateSqlUpdateAndRollbackThroughTheLiquibaseCommandLine() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("cli_production")) {
            Fixtures.load(db, "packet-workflow", "base-pre017.sql", "delta-production.sql");
            List<String> catalogBefore;
            List<String> rowsBefore;
            try (Connection c = db.connect()) {
                catalogBefore = CatalogSnapshot.of(c, SCHEMAS);
                rowsBefore = RowChecksums.of(c, SCHEMAS);
            }

            Path preview = work.resolve("preview.sql");
            liquibase(db, "--output-file=" + preview, "update-sql");
            String sql = Files.readString(preview, StandardCharsets.UTF_8);
            assertThat(sql)
                    .contains("ALTER TABLE service_ops.send_integration ADD COLUMN correlation_id")
                    .containsPattern("(?i)INSERT INTO (public\\.)?databasechangelog [^\\n]*'000-create-table-packet'[^\\n]*'MARK_RAN'")
                    .doesNotContain("CREATE TABLE service_ops.packet ");
            assertThat(db.value(COLUMNS)).as("update-sql changes nothing").isEqualTo("9");

            liquibase(db, "tag", "--tag=before-pgguard");
            liquibase(db, "update");
            try (Connection c = db.connect()) {
                VerifyReport report = SchemaVerifier.verify(c, ExpectedSchema.forDomain("packet-workflow"));
                assertThat(report.problems()).as(report.format()).isEmpty();
            }
            assertThat(db.value(COLUMNS)).isEqualTo("15");
            assertThat(db.value(CREATED_AT)).isEqualTo("timestamp with time zone");
            assertThat(db.value("SELECT string_agg(DISTINCT liquibase, ',') FROM public.databasechangelog WHERE tag IS NULL"))
                    .as("run by the command line of the Liquibase on the test classpath")
                    .isEqualTo(LiquibaseUtil.getBuildVersion());

            liquibase(db, "rollback", "--tag=before-pgguard");
            assertThat(db.value(COLUMNS)).isEqualTo("9");
            assertThat(db.value(CREATED_AT)).isEqualTo("timestamp without time zone");
            try (Connection c = db.connect()) {
                assertThat(CatalogSnapshot.of(c, SCHEMAS)).as("catalog after rollback").containsExactlyElementsOf(catalogBefore);
                assertThat(RowChecksums.of(c, SCHEMAS)).as("rows after rollback").containsExactlyElementsOf(rowsBefore);
            }
        }
    }

    /** Runs {@code LiquibaseCommandLine} with the connection, the changelog and {@code args}; asserts exit 0. */
    private void liquibase(TestDatabase db, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-cp", liquibaseInstallationClassPath(),
                "liquibase.integration.commandline.LiquibaseCommandLine",
                "--show-banner=false",
                "--url=" + db.url(),
                "--username=" + db.server().user()));
        if (!db.server().password().isEmpty()) {
            command.add("--password=" + db.server().password());
        }
        command.add("--changelog-file=" + CHANGELOG);
        command.addAll(List.of(args));
        Path log = Files.createTempFile(work, "liquibase-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // no network on the build machines: Liquibase 4.30+ would try to send usage analytics
        pb.environment().put("LIQUIBASE_ANALYTICS_ENABLED", "false");
        Process process = pb.start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("liquibase %s finished within 3 minutes:%n%s", List.of(args), output).isTrue();
        assertThat(process.exitValue()).as("exit code of liquibase %s:%n%s", List.of(args), output).isZero();
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * What a Liquibase installation holds plus pgguard: liquibase-core and the libraries of its
     * distribution (picocli, snakeyaml, opencsv, commons, jaxb, the PostgreSQL driver) and pgguard's
     * classes, taken from the test classpath (failsafe's JVM may see only its manifest-only booter jar
     * in java.class.path, hence surefire.test.class.path). No Jackson, no test classes: the
     * preconditions and changelogs need nothing else.
     */
    private static String liquibaseInstallationClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        List<String> kept = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            boolean pgguard = entry.replace(File.separatorChar, '/').endsWith("target/classes") || name.startsWith("pgguard-");
            if (pgguard || DISTRIBUTION.matcher(name).lookingAt()) {
                kept.add(entry);
            }
        }
        assertThat(kept).as("liquibase-core and pgguard on the classpath %s", cp)
                .anyMatch(e -> e.contains("liquibase-core"))
                .anyMatch(e -> e.endsWith("classes") || e.contains("pgguard-"))
                .noneMatch(e -> e.contains("jackson") || e.contains("test-classes"));
        return String.join(File.pathSeparator, kept);
    }
}
