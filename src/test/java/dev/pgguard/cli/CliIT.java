package dev.pgguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line run in-process ({@link Main#run}) against the test server through {@code --url},
 * on the packet-workflow production drift state (the demo's fixture).
 */
class CliIT {

    static final String SECRET = "pg-s3cr3t-never-printed";

    @TempDir
    static Path dir;
    static Path passwordFile;

    @BeforeAll
    static void passwordFile() throws IOException {
        passwordFile = dir.resolve("pgpass");
        Files.writeString(passwordFile, SECRET + "\nsecond line ignored\n");
    }

    static void loadProductionState(TestDatabase db) throws IOException {
        for (String f : List.of("base-pre017.sql", "delta-production.sql", "delta-json-false.sql")) {
            try (InputStream in = CliIT.class.getClassLoader().getResourceAsStream("pgguard/demo/" + f)) {
                db.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    /** The command with the connection options of {@code db} (password from the file) appended. */
    static Cli cli(TestDatabase db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", db.url(), "--user", db.server().user(), "--password-file", passwordFile.toString(),
                "--log-file", dir.resolve("pgguard.log").toString()));
        Cli r = Cli.run(all.toArray(String[]::new));
        assertThat(r.all()).as("the password never appears in output").doesNotContain(SECRET);
        return r;
    }

    static int number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("/" + regex + "/ in\n" + text).isTrue();
        return Integer.parseInt(m.group(1));
    }

    static String columns(TestDatabase db) {
        return db.value("SELECT count(*) FROM pg_attribute WHERE attrelid = 'service_ops.send_integration'::regclass"
                + " AND attnum > 0 AND NOT attisdropped");
    }

    @Test
    void updatePreviewStatusVerifyRollbackOnTheProductionState() throws IOException {
        try (TestDatabase db = PgServer.get().createDatabase("cli_production")) {
            loadProductionState(db);
            String pw = "packet-workflow";

            Cli verify = cli(db, "verify", "--changelog", pw);
            assertThat(verify.exit()).as(verify.toString()).isEqualTo(ExitCode.CHECK_FAILED);
            assertThat(verify.out()).containsPattern("FAIL\\s+columnTypeIs\\s+column service_ops.packet.validation_status does not exist").containsPattern("\\d+ checks: \\d+ PASS, [1-9]\\d* FAIL");

            Cli status = cli(db, "status", "--changelog", pw);
            assertThat(status.exit()).as(status.toString()).isZero();
            assertThat(status.out()).contains("preflight: passes")
                    .containsPattern("would be MARK_RAN\\s+018-create-table-send_integration: tableMissing: service_ops.send_integration exists")
                    .containsPattern("would run\\s+021-add-column-send_integration.correlation_id");
            assertThat(number(status.out(), "(\\d+) pending changesets")).isGreaterThan(100);

            Cli sql = cli(db, "update-sql", "--changelog", pw);
            assertThat(sql.exit()).as(sql.toString()).isZero();
            assertThat(sql.out()).as("the preview: DDL for what is missing")
                    .contains("ALTER TABLE service_ops.send_integration ADD COLUMN correlation_id")
                    .as("no DDL for objects already in their target state, their MARK_RAN rows instead")
                    .doesNotContain("CREATE TABLE service_ops.send_integration").contains("'MARK_RAN'");
            assertThat(sql.err()).as("connection chatter stays off standard output").doesNotContain("ALTER TABLE");
            assertThat(columns(db)).as("update-sql changes nothing").isEqualTo("9");

            Path previewFile = dir.resolve("preview.sql");
            Cli toFile = cli(db, "update-sql", "--changelog", pw, "--output", previewFile.toString());
            assertThat(toFile.exit()).isZero();
            assertThat(Files.readString(previewFile)).isEqualTo(sql.out());

            Cli update = cli(db, "update", "--changelog", pw, "--tag-before", "before-cli");
            assertThat(update.exit()).as(update.toString()).isZero();
            assertThat(update.out()).containsPattern("EXECUTED\\s+021-add-column-send_integration.correlation_id\\s+\\d+ ms")
                    .containsPattern("MARK_RAN\\s+018-create-table-send_integration\\s+\\d+ ms  tableMissing: ")
                    .containsPattern("verify: \\d+ checks: \\d+ PASS, 0 FAIL, 0 ERROR");
            assertThat(number(update.out(), "update: (\\d+) executed")).isGreaterThan(0);
            assertThat(number(update.out(), "executed, (\\d+) MARK_RAN")).isGreaterThan(0);
            assertThat(columns(db)).isEqualTo("15");

            Cli verified = cli(db, "verify", "--changelog", pw);
            assertThat(verified.exit()).as(verified.toString()).isZero();
            assertThat(verified.out()).doesNotContain("FAIL    ").containsPattern("\\d+ checks: \\d+ PASS, 0 FAIL, 0 ERROR");

            Cli again = cli(db, "update", "--changelog", pw);
            assertThat(again.out()).as(again.toString()).contains("update: 0 executed, 0 MARK_RAN, 0 skipped");
            assertThat(cli(db, "status", "--changelog", pw).out()).contains("no pending changesets");

            Cli one = cli(db, "rollback", "--changelog", pw, "--count", "1");
            assertThat(one.exit()).as(one.toString()).isZero();
            assertThat(one.out()).contains("rollback: 1 changesets rolled back");
            assertThat(number(cli(db, "status", "--changelog", pw).out(), "(\\d+) pending changesets")).isEqualTo(1);

            Cli back = cli(db, "rollback", "--changelog", pw, "--tag", "before-cli");
            assertThat(back.exit()).as(back.toString()).isZero();
            assertThat(number(back.out(), "rollback: (\\d+) changesets rolled back")).isGreaterThan(100);
            assertThat(columns(db)).as("rollback to the tag restores the 9 columns").isEqualTo("9");
            assertThat(cli(db, "verify", "--changelog", pw).exit()).isEqualTo(ExitCode.CHECK_FAILED);
        }
    }

    @Test
    void aHaltingPreflightExitsOneAndChangesNothing() throws IOException {
        try (TestDatabase db = PgServer.get().createDatabase("cli_halt")) {
            loadProductionState(db);
            db.execute("UPDATE service_ops.packet SET detailed_status = 'bogus' WHERE packet_id <= 4");
            Cli update = cli(db, "update", "--changelog", "packet-workflow");
            assertThat(update.exit()).as(update.toString()).isEqualTo(ExitCode.FAILED);
            assertThat(update.err()).contains("4 rows of service_ops.packet match").contains("'bogus' (4)");
            assertThat(columns(db)).isEqualTo("9");
            Cli status = cli(db, "status", "--changelog", "packet-workflow");
            assertThat(status.out()).contains("preflight: would HALT the update").contains("'bogus' (4)");
        }
    }

    @Test
    void aChangelogGivenAsAFileAndItsExpectedSchemaBesideIt() throws IOException {
        Path cl = dir.resolve("mine");
        Files.createDirectories(cl);
        Files.writeString(cl.resolve("changelog.yaml"), """
                databaseChangeLog:
                  - changeSet:
                      id: 001-create-table-widgets
                      author: pgguard
                      comment: a table
                      preConditions:
                        - onFail: MARK_RAN
                        - onError: HALT
                        - onSqlOutput: TEST
                        - tableMissing: {tableName: widgets}
                      changes:
                        - sql: {sql: CREATE TABLE widgets (id int)}
                      rollback:
                        - sqlIfExecuted: {sql: DROP TABLE widgets}
                  - changeSet:
                      id: 001-create-table-gadgets
                      author: pgguard
                      comment: only where the lookup exists
                      preConditions:
                        - onFail: CONTINUE
                        - onError: HALT
                        - onSqlOutput: TEST
                        - tablePresent: {tableName: lookup}
                      changes:
                        - sql: {sql: CREATE TABLE gadgets (id int)}
                      rollback:
                        - sqlIfExecuted: {sql: DROP TABLE gadgets}
                """);
        Files.writeString(cl.resolve("expected-schema.yaml"), "checks:\n  - tablePresent: {tableName: widgets}\n");
        try (TestDatabase db = PgServer.get().createDatabase("cli_file")) {
            String path = cl.resolve("changelog.yaml").toString();
            Cli update = cli(db, "update", "--changelog", path);
            assertThat(update.exit()).as(update.toString()).isZero();
            assertThat(update.out()).containsPattern("EXECUTED\\s+001-create-table-widgets")
                    .containsPattern("SKIPPED\\s+001-create-table-gadgets\\s+\\d+ ms  tablePresent: ")
                    .contains("update: 1 executed, 0 MARK_RAN, 1 skipped").contains("verify: 1 checks: 1 PASS");
            Cli status = cli(db, "status", "--changelog", path);
            assertThat(status.out()).containsPattern("would be skipped\\s+001-create-table-gadgets: tablePresent: ");
        }
    }

    @Test
    void lintPassesOurChangelogsAndNamesTheBrokenRule() throws IOException {
        Cli ours = Cli.run("lint", "--changelog", "packet-workflow", "--log-file", dir.resolve("pgguard.log").toString());
        assertThat(ours.exit()).as(ours.toString()).isZero();
        assertThat(ours.out()).contains("lint packet-workflow: no findings");

        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("changelog.yaml"), """
                databaseChangeLog:
                  - include: {file: part.yaml, relativeToChangelogFile: true}
                """);
        Files.writeString(broken.resolve("part.yaml"), """
                databaseChangeLog:
                  - changeSet:
                      id: 001-create-table-widgets
                      author: pgguard
                      comment: no guard, no rollback
                      changes:
                        - sql: {sql: CREATE TABLE widgets (id int)}
                """);
        Cli lint = Cli.run("lint", "--changelog", broken.resolve("changelog.yaml").toString());
        assertThat(lint.exit()).as(lint.toString()).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(lint.out()).contains("broken/part.yaml:3 001-create-table-widgets: no rollback")
                .contains("[preconditions-missing]").contains("lint ").contains("2 findings");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(Cli.run().exit()).isEqualTo(ExitCode.USAGE);
        Cli pw = Cli.run("update", "--changelog", "packet-workflow", "--password", SECRET);
        assertThat(pw.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(pw.err()).contains("--password is not accepted").doesNotContain(SECRET);
        assertThat(Cli.run("update").err()).contains("update needs --changelog");
        assertThat(Cli.run("rollback", "--changelog", "packet-workflow").err()).contains("exactly one of --tag");
        assertThat(Cli.run("verify", "--changelog", "no-such-domain").err()).contains("no domain 'no-such-domain'");
        assertThat(Cli.run("lint", "--changelog", "packet-workflow", "--url", "jdbc:postgresql://h/d").exit())
                .isEqualTo(ExitCode.USAGE);
        Cli help = Cli.run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("exit codes").contains("4  cannot connect").contains("--password-file");
    }

    @Test
    void aDatabaseThatCannotBeReachedExitsFourWithoutThePassword() {
        String url = PgServer.get().url("no_such_database_here");
        Cli r = Cli.run(Map.of("PGPASSWORD", SECRET), "status", "--changelog", "packet-workflow", "--url", url,
                "--user", PgServer.get().user(), "--log-file", dir.resolve("pgguard.log").toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.NO_DATABASE);
        assertThat(r.err()).contains("cannot connect to " + url).contains("no_such_database_here");
        assertThat(r.all()).doesNotContain(SECRET);
    }
}
