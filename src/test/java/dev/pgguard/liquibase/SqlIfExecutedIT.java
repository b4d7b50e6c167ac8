package dev.pgguard.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgguard.run.LiquibaseRunner;
import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact-rollback mechanism: a MARK_RAN changeset's rollback changes nothing. */
class SqlIfExecutedIT {

    private static final String CHANGELOG = """
            databaseChangeLog:
              - changeSet:
                  id: 001-create-table-widgets
                  author: pgguard
                  comment: create widgets if missing
                  preConditions:
                    - onFail: MARK_RAN
                    - onError: HALT
                    - onSqlOutput: TEST
                    - tableMissing:
                        tableName: widgets
                  changes:
                    - sql:
                        sql: CREATE TABLE widgets (id int PRIMARY KEY)
                  rollback:
                    - sqlIfExecuted:
                        sql: DROP TABLE widgets
            """;

    @TempDir
    Path dir;

    private LiquibaseRunner runner(Connection c) throws Exception {
        Files.writeString(dir.resolve("changelog.yaml"), CHANGELOG);
        return new LiquibaseRunner(c, new DirectoryResourceAccessor(dir), "changelog.yaml");
    }

    @Test
    void rollbackOfMarkRanKeepsThePreExistingObject() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("sqlifexec_markran")) {
            db.execute("CREATE TABLE widgets (id int PRIMARY KEY); INSERT INTO widgets VALUES (1), (2)");
            try (Connection c = db.connect()) {
                LiquibaseRunner lb = runner(c);
                lb.tag("before");
                lb.update();
                assertThat(db.value("SELECT exectype FROM databasechangelog WHERE id = '001-create-table-widgets'"))
                        .isEqualTo("MARK_RAN");
                StringWriter preview = new StringWriter();
                lb.rollbackSqlToTag("before", preview);
                assertThat(preview.toString()).as("the rollback preview shows no DROP for a MARK_RAN changeset")
                        .doesNotContain("DROP TABLE widgets");
                lb.rollbackToTag("before");
            }
            assertThat(db.value("SELECT count(*) FROM widgets")).as("pre-existing table and rows survive rollback").isEqualTo("2");
            assertThat(db.value("SELECT count(*) FROM databasechangelog WHERE id = '001-create-table-widgets'")).isEqualTo("0");
        }
    }

    @Test
    void rollbackOfExecutedUndoesIt() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("sqlifexec_executed")) {
            try (Connection c = db.connect()) {
                LiquibaseRunner lb = runner(c);
                lb.tag("before");
                lb.update();
                assertThat(db.value("SELECT exectype FROM databasechangelog WHERE id = '001-create-table-widgets'"))
                        .isEqualTo("EXECUTED");
                StringWriter preview = new StringWriter();
                lb.rollbackSqlToTag("before", preview);
                assertThat(preview.toString()).contains("DROP TABLE widgets");
                lb.rollbackToTag("before");
            }
            assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'widgets'")).isEqualTo("0");
        }
    }
}
