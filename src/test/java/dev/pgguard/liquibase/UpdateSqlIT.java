package dev.pgguard.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import dev.pgguard.run.LiquibaseRunner;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Locale;
import java.util.Map;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preview is the truth: with {@code onSqlOutput: TEST} our preconditions run during updateSql,
 * so the output holds no DDL for an object already in its target state.
 */
class UpdateSqlIT {

    private static final String CHANGELOG = ChangelogYaml.changelog(ChangelogYaml.changeSet("create-widgets",
            "onFail: MARK_RAN, onError: HALT, onSqlOutput: TEST", "tableMissing", Map.of("tableName", "widgets"),
            """
                    - createTable:
                        tableName: widgets
                        columns:
                          - column:
                              name: id
                              type: bigint
                              constraints:
                                primaryKey: true
                                nullable: false
                          - column:
                              name: label
                              type: text
            """));

    @TempDir
    Path dir;

    @Test
    void existingTableGetsNoCreateTableOnlyAMarkRanRow() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("updatesql_existing")) {
            db.execute("CREATE TABLE widgets (id int); INSERT INTO widgets VALUES (7)");
            String sql = Run.updateSql(db, dir, CHANGELOG).toLowerCase(Locale.ROOT);

            assertThat(sql).as("no DDL for a table already there").doesNotContainPattern("create table [^\\n]*widgets");
            assertThat(sql).containsPattern("insert into public\\.databasechangelog[^\\n]*'create-widgets'[^\\n]*'mark_ran'");
            assertThat(db.value("SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute"
                    + " WHERE attrelid = 'widgets'::regclass AND attnum > 0 AND NOT attisdropped"))
                    .as("updateSql changed nothing").isEqualTo("id");
        }
    }

    @Test
    void missingTableGetsItsCreateTable() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("updatesql_missing")) {
            String sql = Run.updateSql(db, dir, CHANGELOG).toLowerCase(Locale.ROOT);

            assertThat(sql).contains("create table public.widgets");
            assertThat(sql).containsPattern("insert into public\\.databasechangelog[^\\n]*'create-widgets'[^\\n]*'executed'");
            assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'widgets'"))
                    .as("updateSql only writes the script").isEqualTo("0");
        }
    }

    @Test
    void updateOnExistingTableRecordsMarkRanAndKeepsTheTable() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("update_existing")) {
            db.execute("CREATE TABLE widgets (id int); INSERT INTO widgets VALUES (7)");
            assertThat(Run.update(db, dir, CHANGELOG)).isNull();

            assertThat(db.value("SELECT exectype FROM databasechangelog WHERE id = 'create-widgets'")).isEqualTo("MARK_RAN");
            assertThat(db.value("SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute"
                    + " WHERE attrelid = 'widgets'::regclass AND attnum > 0 AND NOT attisdropped")).isEqualTo("id");
            assertThat(db.value("SELECT string_agg(id::text, ',') FROM widgets")).isEqualTo("7");
        }
    }

    @Test
    void updateOnMissingTableCreatesIt() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("update_missing")) {
            assertThat(Run.update(db, dir, CHANGELOG)).isNull();

            assertThat(db.value("SELECT exectype FROM databasechangelog WHERE id = 'create-widgets'")).isEqualTo("EXECUTED");
            assertThat(db.value("SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute"
                    + " WHERE attrelid = 'widgets'::regclass AND attnum > 0 AND NOT attisdropped")).isEqualTo("id,label");
        }
    }

    @Test
    void rollbackSqlIsWrittenToTheWriterAndChangesNothing() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("rollbacksql")) {
            String name = "rollback.yaml";
            ChangelogYaml.write(dir, name, CHANGELOG);
            StringWriter out = new StringWriter();
            try (Connection c = db.connect(); DirectoryResourceAccessor accessor = new DirectoryResourceAccessor(dir)) {
                LiquibaseRunner runner = new LiquibaseRunner(c, accessor, name);
                runner.tag("before");
                runner.update();
                runner.rollbackSqlToTag("before", out);
            }
            String sql = out.toString().toLowerCase(Locale.ROOT);
            assertThat(sql).contains("drop table public.widgets");
            assertThat(sql).containsPattern("delete from public\\.databasechangelog[^\\n]*'create-widgets'");
            assertThat(db.value("SELECT to_regclass('public.widgets') IS NOT NULL")).as("only a script").isEqualTo("t");
        }
    }
}
