package dev.pgguard.check;

import static dev.pgguard.check.Eval.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgguard.testkit.PgExtension;
import dev.pgguard.testkit.TestDatabase;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgExtension.class)
class ForeignKeyCheckIT {

    @BeforeAll
    static void schema(TestDatabase db) {
        db.execute("""
                CREATE SCHEMA app;
                CREATE TABLE public.users (id int PRIMARY KEY, user_id int UNIQUE);
                CREATE TABLE app.users (id int PRIMARY KEY);
                CREATE TABLE public.import_jobs (id int, user_id int,
                  CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES public.users (user_id));
                ALTER TABLE public.import_jobs ADD FOREIGN KEY (user_id) REFERENCES public.users (user_id);
                CREATE TABLE app.import_jobs (id int, user_id int,
                  CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES app.users (id) ON DELETE CASCADE);
                CREATE TABLE "UserRole" ("roleId" int PRIMARY KEY);
                CREATE TABLE "Enrollment" ("studentId" int, "roleId" int);
                ALTER TABLE "Enrollment" ADD CONSTRAINT "fkRole" FOREIGN KEY ("roleId") REFERENCES "UserRole" ("roleId") NOT VALID;
                CREATE TABLE parts (id int, user_id int, at date,
                  CONSTRAINT parts_user FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE) PARTITION BY RANGE (at);
                CREATE TABLE parts_2024 PARTITION OF parts FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                CREATE TABLE accounts (id int, region int, PRIMARY KEY (id, region)) PARTITION BY LIST (region);
                CREATE TABLE accounts_1 PARTITION OF accounts FOR VALUES IN (1);
                CREATE TABLE accounts_2 PARTITION OF accounts FOR VALUES IN (2);
                CREATE TABLE ledger (account_id int, region int,
                  CONSTRAINT ledger_account FOREIGN KEY (account_id, region) REFERENCES accounts (id, region));
                CREATE VIEW jobs_view AS SELECT * FROM import_jobs;
                """);
    }

    @Test
    void presentWhateverTheName(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.FOREIGN_KEY_PRESENT, "tableName", "import_jobs", "columnNames", "user_id",
                "referencedTableName", "users", "referencedColumnNames", List.of("user_id"), "onDelete", "noAction",
                "onUpdate", "noAction", "validated", true);
        assertThat(o.holds()).isTrue();
        assertThat(o.message()).isEqualTo("foreign key fk_user on public.import_jobs does (user_id) -> public.users(user_id)");
    }

    @Test
    void absentListsTheForeignKeysOnThoseColumns(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.FOREIGN_KEY_PRESENT, "tableName", "import_jobs", "columnNames", "user_id",
                "referencedTableName", "users", "referencedColumnNames", "id");
        assertThat(o.holds()).isFalse();
        assertThat(o.message()).isEqualTo("no foreign key on public.import_jobs does (user_id) -> public.users(id); found"
                + " fk_user (user_id) -> public.users(user_id), import_jobs_user_id_fkey (user_id) -> public.users(user_id)");
        Outcome none = eval(db, Vocabulary.FOREIGN_KEY_PRESENT, "tableName", "import_jobs", "columnNames", "id",
                "referencedTableName", "users", "referencedColumnNames", "id");
        assertThat(none.message()).isEqualTo("no foreign key on public.import_jobs does (id) -> public.users(id); found none on (id)");
        assertThat(eval(db, Vocabulary.FOREIGN_KEY_MISSING, "tableName", "import_jobs", "columnNames", "id",
                "referencedTableName", "users", "referencedColumnNames", "id").holds()).isTrue();
    }

    @Test
    void duplicatesAreCounted(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.FOREIGN_KEY_COUNT_IS, "tableName", "import_jobs", "columnNames", "user_id",
                "referencedTableName", "users", "referencedColumnNames", "user_id", "count", "1");
        assertThat(o.holds()).isFalse();
        assertThat(o.message()).isEqualTo("2 foreign keys do the job of (user_id) -> public.users(user_id):"
                + " fk_user, import_jobs_user_id_fkey; expected 1");
        assertThat(eval(db, Vocabulary.FOREIGN_KEY_COUNT_IS, "tableName", "import_jobs", "columnNames", "user_id",
                "referencedTableName", "users", "referencedColumnNames", "user_id", "count", 2).holds()).isTrue();
        Outcome missing = eval(db, Vocabulary.FOREIGN_KEY_MISSING, "tableName", "import_jobs", "columnNames", "user_id",
                "referencedTableName", "users", "referencedColumnNames", "user_id");
        assertThat(missing.holds()).isFalse();
        assertThat(missing.message()).isEqualTo("foreign keys fk_user, import_jobs_user_id_fkey on public.import_jobs do"
                + " (user_id) -> public.users(user_id), expected none");
    }

    @Test
    void schemasAreSeparateAndActionsCompared(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.FOREIGN_KEY_PRESENT, "schemaName", "app", "tableName", "import_jobs",
                "columnNames", "user_id", "referencedTableName", "users", "referencedColumnNames", "id").holds())
                .as("referencedSchemaName defaults to the table's own schema").isTrue();
        Outcome otherSchema = eval(db, Vocabulary.FOREIGN_KEY_PRESENT, "schemaName", "app", "tableName", "import_jobs",
                "columnNames", "user_id", "referencedSchemaName", "public", "referencedTableName", "users",
                "referencedColumnNames", "id");
        assertThat(otherSchema.message())
                .isEqualTo("no foreign key on app.import_jobs does (user_id) -> public.users(id); found"
                        + " fk_user (user_id) -> app.users(id) ON DELETE CASCADE");
        assertThat(eval(db, Vocabulary.FOREIGN_KEY_PRESENT, "schemaName", "app", "tableName", "import_jobs",
                "columnNames", "user_id", "referencedSchemaName", "app", "referencedTableName", "users",
                "referencedColumnNames", "id", "onDelete", "cascade").holds()).isTrue();
        Outcome action = eval(db, Vocabulary.FOREIGN_KEY_PRESENT, "schemaName", "app", "tableName", "import_jobs",
                "columnNames", "user_id", "referencedSchemaName", "app", "referencedTableName", "users",
                "referencedColumnNames", "id", "onDelete", "noAction", "onUpdate", "setNull");
        assertThat(action.holds()).isFalse();
        assertThat(action.message()).isEqualTo("foreign key fk_user on app.import_jobs does (user_id) -> app.users(id) but"
                + " is ON DELETE CASCADE, expected ON DELETE NO ACTION and is ON UPDATE NO ACTION, expected ON UPDATE SET NULL");
        assertThat(eval(db, Vocabulary.FOREIGN_KEY_COUNT_IS, "schemaName", "app", "tableName", "import_jobs",
                "columnNames", "user_id", "referencedSchemaName", "app", "referencedTableName", "users",
                "referencedColumnNames", "id", "count", "1").holds()).isTrue();
    }

    @Test
    void quotedMixedCaseNamesAndNotValid(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.FOREIGN_KEY_PRESENT, "tableName", "Enrollment", "columnNames", "roleId",
                "referencedTableName", "UserRole", "referencedColumnNames", "roleId", "validated", "true");
        assertThat(o.holds()).isFalse();
        assertThat(o.message()).isEqualTo("foreign key \"fkRole\" on public.\"Enrollment\" does (\"roleId\") ->"
                + " public.\"UserRole\"(\"roleId\") but is NOT VALID, expected validated");
        assertThat(eval(db, Vocabulary.FOREIGN_KEY_PRESENT, "tableName", "Enrollment", "columnNames", "roleId",
                "referencedTableName", "UserRole", "referencedColumnNames", "roleId", "validated", false).holds()).isTrue();
        Outcome folded = eval(db, Vocabulary.FOREIGN_KEY_PRESENT, "tableName", "Enrollment", "columnNames", "roleid",
                "referencedTableName", "UserRole", "referencedColumnNames", "roleId");
        assertThat(folded.message()).isEqualTo("no foreign key on public.\"Enrollment\" does (roleid) ->"
                + " public.\"UserRole\"(\"roleId\"); found none on (roleid)");
    }

    @Test
    void partitionedTablesOnEitherSide(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.FOREIGN_KEY_PRESENT, "tableName", "parts", "columnNames", "user_id",
                "referencedTableName", "users", "referencedColumnNames", "id", "onUpdate", "cascade").holds()).isTrue();
        Outcome partition = eval(db, Vocabulary.FOREIGN_KEY_COUNT_IS, "tableName", "parts_2024", "columnNames", "user_id",
                "referencedTableName", "users", "referencedColumnNames", "id", "count", "1");
        assertThat(partition.message()).isEqualTo("1 foreign key does the job of (user_id) -> public.users(id): parts_user");
        assertThat(partition.holds()).isTrue();
        Outcome referenced = eval(db, Vocabulary.FOREIGN_KEY_COUNT_IS, "tableName", "ledger",
                "columnNames", List.of("account_id", "region"), "referencedTableName", "accounts",
                "referencedColumnNames", List.of("id", "region"), "count", "1");
        assertThat(referenced.message()).as("the rows PostgreSQL adds per referenced partition are not duplicates")
                .isEqualTo("1 foreign key does the job of (account_id, region) -> public.accounts(id, region): ledger_account");
        assertThat(eval(db, Vocabulary.FOREIGN_KEY_PRESENT, "tableName", "ledger", "columnNames", "region, account_id",
                "referencedTableName", "accounts", "referencedColumnNames", "region, id").holds())
                .as("column order is part of the key").isFalse();
    }

    @Test
    void viewOrMissingTable(TestDatabase db) throws Exception {
        Outcome view = eval(db, Vocabulary.FOREIGN_KEY_PRESENT, "tableName", "jobs_view", "columnNames", "user_id",
                "referencedTableName", "users", "referencedColumnNames", "user_id");
        assertThat(view.holds()).isFalse();
        assertThat(view.message()).isEqualTo("no foreign key can do (user_id) -> public.users(user_id): public.jobs_view is a view, not a table");
        assertThatThrownBy(() -> eval(db, Vocabulary.FOREIGN_KEY_MISSING, "tableName", "jobs_view", "columnNames", "user_id",
                "referencedTableName", "users", "referencedColumnNames", "user_id"))
                .isInstanceOf(CheckException.class)
                .hasMessageStartingWith("cannot decide whether foreign keys on public.jobs_view do (user_id) -> public.users(user_id):");
        assertThatThrownBy(() -> eval(db, Vocabulary.FOREIGN_KEY_COUNT_IS, "tableName", "nope", "columnNames", "user_id",
                "referencedTableName", "users", "referencedColumnNames", "user_id", "count", "0"))
                .isInstanceOf(CheckException.class)
                .hasMessage("cannot decide how many foreign keys on public.nope do (user_id) -> public.users(user_id): table"
                        + " public.nope does not exist; create the table first (order the changesets) or guard on tablePresent");
        assertThat(eval(db, Vocabulary.FOREIGN_KEY_PRESENT, "tableName", "Import_Jobs", "columnNames", "user_id",
                "referencedTableName", "users", "referencedColumnNames", "user_id").message())
                .isEqualTo("no foreign key can do (user_id) -> public.users(user_id): table public.\"Import_Jobs\" does not"
                        + " exist (did you mean public.import_jobs or app.import_jobs?)");
    }

    @Test
    void hostileStringsDoNotMatchOrAreRejected(TestDatabase db) throws Exception {
        String hostile = "x'; DROP TABLE import_jobs; --";
        String[] identifiers = {"schemaName", "tableName", "columnNames", "referencedSchemaName", "referencedTableName"};
        for (String attribute : identifiers) {
            Map<String, Object> attrs = new LinkedHashMap<>(Map.of("tableName", "import_jobs", "columnNames", "user_id",
                    "referencedTableName", "users", "referencedColumnNames", "user_id"));
            attrs.put(attribute, hostile);
            try (Connection c = db.connect()) {
                CatalogSession s = CatalogSession.of(c, null);
                if (attribute.equals("schemaName") || attribute.equals("tableName")) {
                    assertThat(Vocabulary.FOREIGN_KEY_PRESENT.create(attrs).evaluate(s).holds()).isFalse();
                } else {
                    assertThat(Vocabulary.FOREIGN_KEY_MISSING.create(attrs).evaluate(s).holds()).as(attribute).isTrue();
                }
            }
        }
        assertThat(eval(db, Vocabulary.FOREIGN_KEY_MISSING, "tableName", "import_jobs", "columnNames", "user_id",
                "referencedTableName", "users", "referencedColumnNames", hostile).holds()).isTrue();
        assertThat(Vocabulary.FOREIGN_KEY_PRESENT.validate(Map.of("tableName", "import_jobs", "columnNames", "user_id",
                "referencedTableName", "users", "referencedColumnNames", "user_id", "onDelete", hostile, "validated", hostile)))
                .containsExactly("foreignKeyPresent: attribute 'onDelete' is '" + hostile
                                + "'; expected one of noAction, restrict, cascade, setNull, setDefault",
                        "foreignKeyPresent: attribute 'validated' must be true or false, not '" + hostile + "'");
        assertThat(Vocabulary.FOREIGN_KEY_COUNT_IS.validate(Map.of("tableName", "import_jobs", "columnNames", "user_id",
                "referencedTableName", "users", "referencedColumnNames", "user_id", "count", hostile)))
                .containsExactly("foreignKeyCountIs: attribute 'count' must be a non-negative whole number, not '" + hostile + "'");
        assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'import_jobs'")).isEqualTo("2");
    }

    @Test
    void malformedAttributesAreReportedBeforeAnySql() {
        assertThat(Vocabulary.FOREIGN_KEY_PRESENT.validate(Map.of("tableName", "t", "columnNames", "a",
                "referencedTableName", "r"))).containsExactly(
                "foreignKeyPresent: attribute 'referencedColumnNames' is required");
        assertThat(Vocabulary.FOREIGN_KEY_MISSING.validate(Map.of("tableName", "t", "columnNames", List.of("a", "b"),
                "referencedTableName", "r", "referencedColumnNames", "id"))).containsExactly(
                "foreignKeyMissing: attribute 'columnNames' has 2 name(s) but attribute 'referencedColumnNames' has 1;"
                        + " a foreign key pairs them one to one");
        Map<String, Object> counted = Map.of("tableName", "t", "columnNames", "a", "referencedTableName", "r",
                "referencedColumnNames", "id");
        assertThat(Vocabulary.FOREIGN_KEY_COUNT_IS.validate(counted)).containsExactly(
                "foreignKeyCountIs: attribute 'count' is required");
        Map<String, Object> negative = new LinkedHashMap<>(counted);
        negative.put("count", "-1");
        assertThat(Vocabulary.FOREIGN_KEY_COUNT_IS.validate(negative)).containsExactly(
                "foreignKeyCountIs: attribute 'count' must be a non-negative whole number, not '-1'");
        negative.put("count", "abc");
        assertThatThrownBy(() -> Vocabulary.FOREIGN_KEY_COUNT_IS.create(negative))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("foreignKeyCountIs: attribute 'count' must be a non-negative whole number, not 'abc'");
    }
}
