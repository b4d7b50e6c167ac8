package dev.pgguard.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import liquibase.change.Change;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.core.PostgresDatabase;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code batchedSql} in YAML: parsed into the class with every attribute, and wrong attributes refused at parse time. */
class BatchedSqlParseTest {

    @TempDir
    Path dir;

    private static String changelog(String change, boolean runInTransaction) {
        return """
                databaseChangeLog:
                  - changeSet:
                      id: 030-backfill-widgets.size
                      author: pgguard
                      runInTransaction: %s
                      changes:
                        - batchedSql:
                %s
                      rollback:
                        - sqlIfExecuted:
                            sql: DELETE FROM pgguard_batch_progress WHERE change_set = '030-backfill-widgets.size::pgguard'
                """.formatted(runInTransaction, change.indent(12).stripTrailing());
    }

    private DatabaseChangeLog parse(String yaml) throws Exception {
        String name = "changelog-" + System.nanoTime() + ".yaml";
        Files.writeString(dir.resolve(name), yaml);
        try (DirectoryResourceAccessor accessor = new DirectoryResourceAccessor(dir)) {
            return ChangeLogParserFactory.getInstance().getParser(name, accessor).parse(name, new ChangeLogParameters(), accessor);
        }
    }

    @Test
    void everyAttributeParsesIntoTheChange() throws Exception {
        DatabaseChangeLog log = parse(changelog("""
                schemaName: app
                tableName: widgets
                keyColumn: id
                where: size IS NULL
                batchSize: 500
                pauseMillis: 20
                progressTable: my_progress
                sql: UPDATE app.widgets SET size = 0 WHERE id BETWEEN :lower AND :upper AND size IS NULL
                """, false));
        ChangeSet cs = log.getChangeSets().get(0);
        List<Change> changes = cs.getChanges();
        assertThat(changes).hasSize(1).first().isInstanceOf(BatchedSqlChange.class);
        BatchedSqlChange c = (BatchedSqlChange) changes.get(0);
        assertThat(c.getSchemaName()).isEqualTo("app");
        assertThat(c.getTableName()).isEqualTo("widgets");
        assertThat(c.getKeyColumn()).isEqualTo("id");
        assertThat(c.getWhere()).isEqualTo("size IS NULL");
        assertThat(c.getBatchSize()).isEqualTo(500);
        assertThat(c.getPauseMillis()).isEqualTo(20);
        assertThat(c.getProgressTable()).isEqualTo("my_progress");
        assertThat(c.getSql()).contains(":lower AND :upper");
        assertThat(c.stepId()).isEqualTo("030-backfill-widgets.size::pgguard");
        assertThat(c.validate(new PostgresDatabase()).getErrorMessages()).isEmpty();
        assertThat(c.generateCheckSum().toString()).as("checksum from the attributes").isNotBlank();
    }

    @Test
    void missingAttributesAreNamed() {
        assertThatThrownBy(() -> parse(changelog("""
                tableName: widgets
                sql: UPDATE widgets SET size = 0
                """, false)))
                .hasMessageContaining("attribute 'keyColumn' is required")
                .hasMessageContaining("must use both :lower and :upper");
    }

    @Test
    void unknownAttributeIsNamedWithTheRightSpelling() {
        assertThatThrownBy(() -> parse(changelog("""
                tableName: widgets
                keycolumn: id
                sql: UPDATE widgets SET size = 0 WHERE id BETWEEN :lower AND :upper
                """, false)))
                .hasMessageContaining("unknown attribute 'keycolumn' (did you mean 'keyColumn'?)");
    }

    @Test
    void badBatchSizeAndSeveralStatementsAreRefused() {
        assertThatThrownBy(() -> parse(changelog("""
                tableName: widgets
                keyColumn: id
                batchSize: 0
                sql: UPDATE widgets SET size = 0 WHERE id BETWEEN :lower AND :upper; DELETE FROM widgets
                """, false)))
                .hasMessageContaining("'batchSize' must be between 1 and")
                .hasMessageContaining("must be one statement");
    }

    @Test
    void aTransactionalChangesetFailsValidation() throws Exception {
        DatabaseChangeLog log = parse(changelog("""
                tableName: widgets
                keyColumn: id
                sql: UPDATE widgets SET size = 0 WHERE id BETWEEN :lower AND :upper
                """, true));
        BatchedSqlChange c = (BatchedSqlChange) log.getChangeSets().get(0).getChanges().get(0);
        assertThat(c.validate(new PostgresDatabase()).getErrorMessages())
                .anySatisfy(m -> assertThat(m).contains("give the changeset runInTransaction: false"));
    }

    @Test
    void placeholdersAreReplacedOutsideCastsAndSemicolonsInQuotesAreAllowed() {
        BatchPlan plan = new BatchPlan("x::y", "public", "widgets", "id", null,
                "UPDATE widgets SET note = ';'::text WHERE id BETWEEN :lower AND :upper AND note <> $$a;b$$;",
                null, null, null);
        assertThat(plan.batchSql("1", "9")).isEqualTo("UPDATE widgets SET note = ';'::text WHERE id BETWEEN 1 AND 9 AND note <> $$a;b$$");
        assertThat(plan.previewSql()).contains("DO $pgguard_batch$").contains("COMMIT;")
                .contains("EXECUTE $pgguard_sql_batch$UPDATE widgets SET note = ';'::text WHERE id BETWEEN $1 AND $2");
        assertThat(BatchPlan.literal("it's a \\ path")).isEqualTo("E'it''s a \\\\ path'");
    }
}
