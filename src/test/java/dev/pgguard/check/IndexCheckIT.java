package dev.pgguard.check;

import static dev.pgguard.check.Eval.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgguard.testkit.PgExtension;
import dev.pgguard.testkit.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgExtension.class)
class IndexCheckIT {

    private static final String EMAIL = "CREATE INDEX idx_users_email ON public.users USING btree (lower(email))";
    private static final String STUDENT =
            "CREATE UNIQUE INDEX \"uqStudent\" ON public.users USING btree (\"studentId\") WHERE (deleted_at IS NULL)";
    private static final String INVALID = " is INVALID (left by an interrupted CREATE INDEX CONCURRENTLY)";

    @BeforeAll
    static void schema(TestDatabase db) {
        db.execute("""
                CREATE SCHEMA app;
                CREATE TABLE users (id int PRIMARY KEY, email text, "studentId" int, created_at timestamptz,
                  deleted_at timestamptz, tags text[]);
                CREATE TABLE app.users (id int, email text);
                CREATE INDEX idx_users_email ON users (lower(email));
                CREATE UNIQUE INDEX "uqStudent" ON users ("studentId") WHERE deleted_at IS NULL;
                CREATE INDEX idx_created ON users (created_at DESC, id NULLS FIRST) INCLUDE (email);
                CREATE INDEX idx_tags ON users USING gin (tags);
                CREATE INDEX idx_users_email ON app.users (email);
                CREATE VIEW users_view AS SELECT * FROM users;
                CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);
                CREATE INDEX idx_events_at ON events (at);
                CREATE TABLE dupes (v int);
                INSERT INTO dupes VALUES (1), (1);
                """);
        assertThatThrownBy(() -> db.execute("CREATE UNIQUE INDEX CONCURRENTLY uq_dupes ON dupes (v)"))
                .hasMessageContaining("could not create unique index");
    }

    @Test
    void expressionIndexWithTableMethodAndUniqueness(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.INDEX_PRESENT, "indexName", "idx_users_email", "tableName", "users",
                "columns", "LOWER(email)", "unique", false, "method", "btree");
        assertThat(o.holds()).isTrue();
        assertThat(o.message()).isEqualTo("index public.idx_users_email exists: " + EMAIL);
        Outcome wrong = eval(db, Vocabulary.INDEX_PRESENT, "indexName", "idx_users_email", "columns", "email",
                "unique", "true");
        assertThat(wrong.holds()).isFalse();
        assertThat(wrong.message()).isEqualTo("index public.idx_users_email is " + EMAIL + ", expected columns (email), unique");
    }

    @Test
    void sameNameInAnotherSchema(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.INDEX_PRESENT, "schemaName", "app", "indexName", "idx_users_email",
                "columns", List.of("email")).holds()).isTrue();
        assertThat(eval(db, Vocabulary.INDEX_PRESENT, "indexName", "idx_users_email", "columns", List.of("email")).holds())
                .as("the default schema is public, where the index is on lower(email)").isFalse();
    }

    @Test
    void quotedNamesUniquenessAndPredicate(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.INDEX_PRESENT, "indexName", "uqStudent", "columns", "studentId", "unique", true,
                "predicate", "deleted_at IS NULL").holds()).isTrue();
        assertThat(eval(db, Vocabulary.INDEX_PRESENT, "indexName", "uqStudent", "columns", "\"studentId\"",
                "predicate", "WHERE (deleted_at is null)").holds()).isTrue();
        Outcome predicate = eval(db, Vocabulary.INDEX_PRESENT, "indexName", "uqStudent", "predicate", "deleted_at IS NOT NULL");
        assertThat(predicate.message()).isEqualTo("index public.\"uqStudent\" is " + STUDENT
                + ", expected predicate WHERE deleted_at IS NOT NULL");
        Outcome folded = eval(db, Vocabulary.INDEX_PRESENT, "indexName", "uqstudent");
        assertThat(folded.holds()).isFalse();
        assertThat(folded.message()).isEqualTo("index public.uqstudent does not exist (did you mean public.\"uqStudent\"?)");
        Outcome column = eval(db, Vocabulary.INDEX_PRESENT, "indexName", "uqStudent", "columns", "studentid");
        assertThat(column.message()).isEqualTo("index public.\"uqStudent\" is " + STUDENT + ", expected columns (studentid)");
    }

    @Test
    void orderOptionsAndIncludedColumns(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.INDEX_PRESENT, "indexName", "idx_created",
                "columns", List.of("created_at DESC", "id NULLS FIRST")).holds()).isTrue();
        assertThat(eval(db, Vocabulary.INDEX_PRESENT, "indexName", "idx_created",
                "columns", List.of("created_at desc nulls first", "id asc nulls first")).holds()).isTrue();
        Outcome plain = eval(db, Vocabulary.INDEX_PRESENT, "indexName", "idx_created", "columns", List.of("created_at", "id"));
        assertThat(plain.holds()).isFalse();
        assertThat(plain.message()).isEqualTo("index public.idx_created is CREATE INDEX idx_created ON public.users USING btree"
                + " (created_at DESC, id NULLS FIRST) INCLUDE (email), expected columns (created_at, id)");
        assertThat(eval(db, Vocabulary.INDEX_PRESENT, "indexName", "idx_created",
                "columns", List.of("created_at DESC", "id NULLS FIRST", "email")).holds()).as("INCLUDE is not a key").isFalse();
    }

    @Test
    void methodAndTable(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.INDEX_PRESENT, "indexName", "idx_tags", "method", "gin", "columns", "tags").holds()).isTrue();
        Outcome o = eval(db, Vocabulary.INDEX_PRESENT, "indexName", "idx_tags", "method", "btree", "tableName", "dupes");
        assertThat(o.message()).isEqualTo("index public.idx_tags is CREATE INDEX idx_tags ON public.users USING gin (tags),"
                + " expected on table public.dupes, method btree");
    }

    @Test
    void missingIsAboutAnyRelationOfThatName(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.INDEX_MISSING, "indexName", "idx_nope").message()).isEqualTo("no relation public.idx_nope exists");
        assertThat(eval(db, Vocabulary.INDEX_MISSING, "indexName", "users").message())
                .isEqualTo("public.users exists as a table, expected no relation of that name");
        Outcome o = eval(db, Vocabulary.INDEX_MISSING, "indexName", "idx_tags");
        assertThat(o.holds()).isFalse();
        assertThat(o.message()).isEqualTo("index public.idx_tags exists (CREATE INDEX idx_tags ON public.users USING gin (tags)),"
                + " expected no relation of that name");
    }

    @Test
    void viewsAndPartitionedTables(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.INDEX_PRESENT, "indexName", "users_view").message())
                .isEqualTo("public.users_view is a view, expected an index");
        assertThat(eval(db, Vocabulary.INDEX_PRESENT, "indexName", "idx_events_at", "tableName", "events",
                "columns", "at").holds()).isTrue();
        assertThat(eval(db, Vocabulary.INDEX_VALID, "indexName", "idx_events_at").holds()).isTrue();
        assertThat(eval(db, Vocabulary.INDEX_VALID, "indexName", "events").message())
                .isEqualTo("public.events is a partitioned table, expected an index");
    }

    @Test
    void invalidIndexLeftByConcurrentBuild(TestDatabase db) throws Exception {
        Outcome valid = eval(db, Vocabulary.INDEX_VALID, "indexName", "uq_dupes");
        assertThat(valid.holds()).isFalse();
        assertThat(valid.message()).isEqualTo("index public.uq_dupes" + INVALID
                + "; it must be dropped (DROP INDEX CONCURRENTLY public.uq_dupes) and rebuilt");
        Outcome present = eval(db, Vocabulary.INDEX_PRESENT, "indexName", "uq_dupes", "columns", "v", "unique", true);
        assertThat(present.holds()).isFalse();
        assertThat(present.message()).isEqualTo("index public.uq_dupes exists but" + INVALID
                + "; it must be dropped (DROP INDEX CONCURRENTLY public.uq_dupes) and rebuilt");
        Outcome missing = eval(db, Vocabulary.INDEX_MISSING, "indexName", "uq_dupes");
        assertThat(missing.holds()).isFalse();
        assertThat(missing.message()).isEqualTo("index public.uq_dupes exists but" + INVALID + ", expected no relation of that"
                + " name; it must be dropped (DROP INDEX CONCURRENTLY public.uq_dupes) before it is created again");
        assertThat(eval(db, Vocabulary.INDEX_VALID, "indexName", "idx_tags").message()).isEqualTo("index public.idx_tags is valid");
        assertThat(eval(db, Vocabulary.INDEX_VALID, "indexName", "idx_Tags").message())
                .isEqualTo("index public.\"idx_Tags\" does not exist (did you mean public.idx_tags?)");
    }

    @Test
    void hostileStringsDoNotMatchOrAreRejected(TestDatabase db) throws Exception {
        String hostile = "x'; DROP TABLE users CASCADE; --";
        assertThat(eval(db, Vocabulary.INDEX_PRESENT, "schemaName", hostile, "indexName", "idx_tags").holds()).isFalse();
        assertThat(eval(db, Vocabulary.INDEX_PRESENT, "indexName", hostile).holds()).isFalse();
        assertThat(eval(db, Vocabulary.INDEX_MISSING, "indexName", hostile).holds()).isTrue();
        assertThat(eval(db, Vocabulary.INDEX_VALID, "indexName", hostile).holds()).isFalse();
        assertThat(Vocabulary.INDEX_PRESENT.validate(Map.of("indexName", "idx_tags", "columns", hostile))).containsExactly(
                "indexPresent: attribute 'columns' element '" + hostile + "' has unbalanced quotes or parentheses"
                        + " (write an expression containing commas as a YAML list element)");
        for (String attribute : List.of("tableName", "predicate", "method")) {
            assertThat(eval(db, Vocabulary.INDEX_PRESENT, "indexName", "uqStudent", attribute, hostile).holds())
                    .as(attribute).isFalse();
        }
        assertThat(Vocabulary.INDEX_PRESENT.validate(Map.of("indexName", "idx_tags", "unique", hostile))).containsExactly(
                "indexPresent: attribute 'unique' must be true or false, not '" + hostile + "'");
        assertThat(Vocabulary.INDEX_PRESENT.validate(Map.of("indexName", "idx_tags", "columns", "tags; DROP TABLE users")))
                .containsExactly("indexPresent: attribute 'columns' element 'tags; DROP TABLE users' contains ';' outside"
                        + " quotes: one SQL element only");
        assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'users'")).isEqualTo("2");
    }

    @Test
    void missingAttributeIsReportedBeforeAnySql() {
        assertThat(Vocabulary.INDEX_PRESENT.validate(Map.of("tableName", "users"))).containsExactly(
                "indexPresent: attribute 'indexName' is required");
        assertThat(Vocabulary.INDEX_VALID.validate(Map.of())).containsExactly("indexValid: attribute 'indexName' is required");
        assertThat(Vocabulary.INDEX_MISSING.validate(Map.of("indexName", "i", "columns", "a"))).containsExactly(
                "indexMissing: unknown attribute 'columns'; known attributes: schemaName, indexName");
    }
}
