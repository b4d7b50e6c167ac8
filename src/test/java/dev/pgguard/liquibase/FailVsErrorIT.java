package dev.pgguard.liquibase;

import static dev.pgguard.liquibase.ChangelogYaml.changeSet;
import static dev.pgguard.liquibase.ChangelogYaml.changelog;
import static dev.pgguard.liquibase.ChangelogYaml.sqlChange;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A false fact goes to onFail; a check that cannot decide goes to onError, never to onFail, so a
 * MARK_RAN guard cannot record a changeset as applied when nothing was actually known.
 */
class FailVsErrorIT {

    private static final Map<String, Object> BROKEN_PREDICATE = Map.of("tableName", "src", "where", "missing_column = 1");

    @TempDir
    Path dir;

    @Test
    void falseFactWithOnFailHaltStopsWithExpectedAndFound() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("fail_halt")) {
            Exception e = Run.update(db, dir, changelog(changeSet("needs-widgets", "onFail: HALT, onError: HALT",
                    "tablePresent", Map.of("tableName", "widgets"), sqlChange("CREATE TABLE marker (id int)"))));

            assertThat(e).as("update halts").isNotNull();
            assertThat(Run.messages(e)).contains("tablePresent: table public.widgets does not exist");
            assertThat(recorded(db, "needs-widgets")).isZero();
            assertThat(exists(db, "marker")).isFalse();
        }
    }

    @Test
    void undecidableCheckWithOnFailMarkRanAndOnErrorHaltHalts() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("error_halt")) {
            db.execute("CREATE TABLE src (id int)");
            Exception e = Run.update(db, dir, changelog(changeSet("drop-x", "onFail: MARK_RAN, onError: HALT",
                    "noRowsMatch", BROKEN_PREDICATE, sqlChange("CREATE TABLE marker (id int)"))));

            assertThat(e).as("an error is not a false fact: it must not be marked ran").isNotNull();
            assertThat(Run.messages(e)).contains("column \"missing_column\" does not exist");
            assertThat(recorded(db, "drop-x")).isZero();
            assertThat(exists(db, "marker")).isFalse();
        }
    }

    @Test
    void undecidableCheckWithOnErrorContinueSkipsWithoutRecording() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("error_continue")) {
            db.execute("CREATE TABLE src (id int)");
            Exception e = Run.update(db, dir, changelog(
                    changeSet("drop-x", "onFail: MARK_RAN, onError: CONTINUE",
                            "noRowsMatch", BROKEN_PREDICATE, sqlChange("CREATE TABLE marker (id int)")),
                    changeSet("after", "onFail: HALT, onError: HALT",
                            "tableMissing", Map.of("tableName", "after_marker"), sqlChange("CREATE TABLE after_marker (id int)"))));

            assertThat(e).isNull();
            assertThat(recorded(db, "drop-x")).as("skipped, so the next update tries again").isZero();
            assertThat(exists(db, "marker")).isFalse();
            assertThat(recorded(db, "after")).as("the update went on").isEqualTo(1);
            assertThat(exists(db, "after_marker")).isTrue();
        }
    }

    private static int recorded(TestDatabase db, String id) {
        return Integer.parseInt(db.value("SELECT count(*) FROM databasechangelog WHERE id = '" + id + "'"));
    }

    private static boolean exists(TestDatabase db, String table) {
        return db.value("SELECT to_regclass('public." + table + "') IS NOT NULL").equals("t");
    }
}
