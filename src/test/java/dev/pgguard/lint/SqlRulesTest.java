package dev.pgguard.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgguard.lint.ChangelogLinter.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each production-safety rule with a changeset it flags and the safe way it accepts. */
class SqlRulesTest {

    /** A changeset with every structural rule satisfied, so only the SQL rules speak. */
    static String changeSet(String id, String pre, String extra, String sql) {
        return """
                  - changeSet:
                      id: '%s'
                      author: pgguard
                      comment: test
                %s      preConditions:
                        - onFail: MARK_RAN
                        - onError: HALT
                        - onSqlOutput: TEST
                %s      changes:
                        - sql:
                            splitStatements: false
                            sql: |-
                %s
                      rollback:
                        - empty: {}
                """.formatted(id, extra, pre.isEmpty() ? "        - tablePresent: {tableName: t, columnName: c, indexName: i, constraintName: k}\n" : pre,
                sql.lines().map(l -> "              " + l).reduce((a, b) -> a + "\n" + b).orElse(""));
    }

    static List<String> rules(String... changeSets) {
        String text = "databaseChangeLog:\n" + String.join("", changeSets);
        List<Finding> f = ChangelogLinter.lint(List.of(new ChangelogLinter.Source("t/changelog.yaml", text)));
        return f.stream().map(x -> x.rule() + " " + x.changeSetId()).toList();
    }

    static String cs(String sql) {
        return changeSet("001-do-x", "", "", sql);
    }

    @Test
    void pg001LockTimeout() {
        assertThat(rules(cs("ALTER TABLE s.t ADD COLUMN c text"))).containsExactly("PG001 001-do-x");
        assertThat(rules(cs("SET LOCAL lock_timeout = '5s';\nALTER TABLE s.t ADD COLUMN c text"))).isEmpty();
        assertThat(rules(cs("DO $x$\nBEGIN\n  PERFORM pg_catalog.set_config('lock_timeout', '5s', true);\n"
                + "  ALTER TABLE s.t ADD COLUMN c text;\nEND\n$x$"))).as("set_config in a DO block").isEmpty();
        assertThat(rules(cs("CREATE TABLE s.t (c int);\nALTER TABLE s.t ADD COLUMN d text"))).as("a new table").isEmpty();
        assertThat(rules(cs("ALTER TABLE s.t ADD COLUMN c text;\nSET LOCAL lock_timeout = '5s'")))
                .as("set after the DDL is too late").containsExactly("PG001 001-do-x");
    }

    @Test
    void pg002IndexConcurrently() {
        assertThat(rules(cs("CREATE INDEX i ON s.t (c)"))).containsExactly("PG002 001-do-x");
        assertThat(rules(changeSet("001-do-x", "", "      runInTransaction: false\n",
                "DROP INDEX CONCURRENTLY IF EXISTS s.i;\nCREATE INDEX CONCURRENTLY i ON s.t (c)"))).isEmpty();
        assertThat(rules(changeSet("000-create-t", "        - tableMissing: {tableName: t}\n", "", "CREATE TABLE s.t (c int)"),
                cs("CREATE INDEX i ON s.t (c)"))).as("a table created earlier in the changelog").isEmpty();
        assertThat(rules(cs("SET LOCAL lock_timeout = '1s';\nDROP INDEX s.i"))).containsExactly("PG002 001-do-x");
    }

    @Test
    void pg003ConcurrentlyInTransaction() {
        assertThat(rules(cs("CREATE INDEX CONCURRENTLY i ON s.t (c)"))).containsExactly("PG003 001-do-x");
        assertThat(rules(changeSet("001-do-x", "", "      runInTransaction: false\n", "CREATE INDEX CONCURRENTLY i ON s.t (c)")))
                .isEmpty();
    }

    @Test
    void pg004NotValid() {
        String lt = "SET LOCAL lock_timeout = '5s';\n";
        assertThat(rules(cs(lt + "ALTER TABLE s.t ADD CONSTRAINT k CHECK (c > 0)"))).containsExactly("PG004 001-do-x");
        assertThat(rules(cs(lt + "ALTER TABLE s.t ADD CONSTRAINT k FOREIGN KEY (c) REFERENCES s.u (id)")))
                .containsExactly("PG004 001-do-x");
        assertThat(rules(cs(lt + "ALTER TABLE s.t ADD CONSTRAINT k FOREIGN KEY (c) REFERENCES s.u (id) NOT VALID"))).isEmpty();
        assertThat(rules(cs(lt + "ALTER TABLE s.t ADD COLUMN c int REFERENCES s.u (id)"))).containsExactly("PG004 001-do-x");
    }

    @Test
    void pg005SetNotNullAfterAValidatedCheck() {
        String lt = "SET LOCAL lock_timeout = '5s';\n";
        assertThat(rules(cs(lt + "ALTER TABLE s.t ALTER COLUMN c SET NOT NULL"))).containsExactly("PG005 001-do-x");
        assertThat(rules(changeSet("001-add-constraint-k", "", "", lt + "ALTER TABLE s.t ADD CONSTRAINT k CHECK (c IS NOT NULL) NOT VALID"),
                changeSet("001-validate-constraint-k", "", "", lt + "ALTER TABLE s.t VALIDATE CONSTRAINT k"),
                changeSet("001-set-not-null-c", "", "", lt + "ALTER TABLE s.t ALTER COLUMN c SET NOT NULL"))).isEmpty();
        assertThat(rules(changeSet("001-add-constraint-k", "", "", lt + "ALTER TABLE s.t ADD CONSTRAINT k CHECK (c IS NOT NULL) NOT VALID"),
                changeSet("001-set-not-null-c", "", "", lt + "ALTER TABLE s.t ALTER COLUMN c SET NOT NULL")))
                .as("a NOT VALID check that was never validated proves nothing").containsExactly("PG005 001-set-not-null-c");
    }

    @Test
    void pg006TypeRewrite() {
        String lt = "SET LOCAL lock_timeout = '5s';\n";
        String guardTs = "        - columnTypeIs: {tableName: t, columnName: c, type: timestamp}\n";
        String guardVc = "        - columnTypeIs: {tableName: t, columnName: c, type: varchar(20)}\n";
        assertThat(rules(changeSet("001-do-x", guardTs, "", lt + "ALTER TABLE s.t ALTER COLUMN c TYPE timestamptz")))
                .containsExactly("PG006 001-do-x");
        assertThat(rules(changeSet("001-do-x", guardTs, "", lt + "SET LOCAL TimeZone = 'UTC';\nALTER TABLE s.t ALTER COLUMN c TYPE timestamptz")))
                .isEmpty();
        assertThat(rules(changeSet("001-do-x", guardVc, "", lt + "ALTER TABLE s.t ALTER COLUMN c TYPE varchar(40)"))).isEmpty();
        assertThat(rules(changeSet("001-do-x", guardVc, "", lt + "ALTER TABLE s.t ALTER COLUMN c TYPE text"))).isEmpty();
        assertThat(rules(changeSet("001-do-x", guardVc, "", lt + "ALTER TABLE s.t ALTER COLUMN c TYPE varchar(10)")))
                .containsExactly("PG006 001-do-x");
        assertThat(rules(cs(lt + "ALTER TABLE s.t ALTER COLUMN c TYPE bigint"))).as("current type unknown")
                .containsExactly("PG006 001-do-x");
    }

    @Test
    void pg007DropWithoutCopy() {
        String lt = "SET LOCAL lock_timeout = '5s';\n";
        assertThat(rules(cs(lt + "ALTER TABLE s.t DROP COLUMN c"))).containsExactly("PG007 001-do-x");
        assertThat(rules(cs("DROP TABLE s.t"))).containsExactly("PG007 001-do-x");
        assertThat(rules(cs(lt + "CREATE TABLE s.t_backup AS SELECT id, c FROM s.t;\nALTER TABLE s.t DROP COLUMN c"))).isEmpty();
        assertThat(rules(cs(lt + "ALTER TABLE s.t ALTER COLUMN c DROP DEFAULT"))).as("not a column drop").isEmpty();
    }

    @Test
    void pg008AndPg009MarkRanGuards() {
        String lt = "SET LOCAL lock_timeout = '5s';\n";
        assertThat(rules(changeSet("001-do-x", "        - not:\n            - columnExists: {tableName: t, columnName: c}\n", "",
                lt + "ALTER TABLE s.t ADD COLUMN c text"))).containsExactly("PG008 001-do-x");
        assertThat(rules(changeSet("001-do-x", "        - columnMissing: {tableName: t, columnName: c}\n", "",
                lt + "ALTER TABLE s.t ADD COLUMN c text"))).isEmpty();
        assertThat(rules(changeSet("001-do-x", "        - columnMissing: {tableName: t, columnName: other}\n", "",
                lt + "ALTER TABLE s.t ADD COLUMN c text"))).containsExactly("PG009 001-do-x");
        assertThat(rules(changeSet("001-do-x", "        - foreignKeyMissing: {tableName: t, columnNames: c, referencedTableName: u}\n", "",
                lt + "ALTER TABLE s.t ADD CONSTRAINT fk_t_c FOREIGN KEY (c) REFERENCES s.u (id) NOT VALID")))
                .as("a foreign key is named by its shape").isEmpty();
    }

    @Test
    void pg010AndPg011AddColumn() {
        String lt = "SET LOCAL lock_timeout = '5s';\n";
        assertThat(rules(cs(lt + "ALTER TABLE s.t ADD COLUMN c text NOT NULL"))).containsExactly("PG010 001-do-x");
        assertThat(rules(cs(lt + "ALTER TABLE s.t ADD COLUMN c text NOT NULL DEFAULT 'x'"))).isEmpty();
        assertThat(rules(cs(lt + "ALTER TABLE s.t ADD COLUMN c uuid DEFAULT gen_random_uuid()"))).containsExactly("PG011 001-do-x");
        assertThat(rules(cs(lt + "ALTER TABLE s.t ADD COLUMN c bigserial"))).containsExactly("PG011 001-do-x");
        assertThat(rules(cs(lt + "ALTER TABLE s.t ADD COLUMN c timestamptz DEFAULT now()"))).as("now() is stable").isEmpty();
    }

    @Test
    void pg012UniqueConstraintAndPg013Rename() {
        String lt = "SET LOCAL lock_timeout = '5s';\n";
        assertThat(rules(cs(lt + "ALTER TABLE s.t ADD CONSTRAINT k UNIQUE (c)"))).containsExactly("PG012 001-do-x");
        assertThat(rules(cs(lt + "ALTER TABLE s.t ADD CONSTRAINT k UNIQUE USING INDEX i"))).isEmpty();
        assertThat(rules(cs(lt + "ALTER TABLE s.t RENAME COLUMN c TO d"))).containsExactly("PG013 001-do-x");
        assertThat(rules(cs(lt + "ALTER TABLE s.t RENAME CONSTRAINT k TO k2"))).as("a constraint rename is harmless").isEmpty();
    }

    @Test
    void liquibaseChangeTypesAreLintedAsTheSqlTheyRun() {
        String text = """
                databaseChangeLog:
                  - changeSet:
                      id: '001-do-x'
                      author: pgguard
                      comment: test
                      preConditions:
                        - onFail: HALT
                        - onError: HALT
                        - onSqlOutput: TEST
                        - tablePresent: {tableName: orders}
                      changes:
                        - createIndex: {tableName: orders, indexName: i_orders, columns: [{column: {name: c}}]}
                        - addForeignKeyConstraint: {baseTableName: orders, baseColumnNames: c, constraintName: fk_c, referencedTableName: u, referencedColumnNames: id}
                        - addNotNullConstraint: {tableName: orders, columnName: c}
                        - dropColumn: {tableName: orders, columnName: d}
                        - modifyDataType: {tableName: orders, columnName: e, newDataType: bigint}
                      rollback:
                        - empty: {}
                """;
        List<String> rules = ChangelogLinter.lint(List.of(new ChangelogLinter.Source("t/c.yaml", text))).stream()
                .map(Finding::rule).distinct().sorted().toList();
        assertThat(rules).containsExactly("PG001", "PG002", "PG004", "PG005", "PG006", "PG007");
    }

    @Test
    void findingsCarryFileLineChangesetAndWhatToDoInstead() {
        String text = "databaseChangeLog:\n" + cs("CREATE INDEX i ON s.t (c)");
        Finding f = ChangelogLinter.lint(List.of(new ChangelogLinter.Source("t/changelog.yaml", text))).get(0);
        assertThat(f.file()).isEqualTo("t/changelog.yaml");
        assertThat(f.line()).isEqualTo(3);
        assertThat(f.changeSetId()).isEqualTo("001-do-x");
        assertThat(f.message()).contains("use CREATE INDEX CONCURRENTLY");
    }

    @Test
    void statementsSplitOutsideQuotesAndOpenDoBlocks() {
        assertThat(SqlStatements.split("SELECT ';'; -- a;\nSELECT $q$ ; $q$ /* ; */; DO $d$ BEGIN PERFORM 1; PERFORM 2; END $d$"))
                .containsExactly("SELECT ';'", "SELECT $q$ ; $q$", "PERFORM 1", "PERFORM 2");
    }
}
