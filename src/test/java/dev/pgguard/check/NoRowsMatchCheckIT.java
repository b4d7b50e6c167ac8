package dev.pgguard.check;

import static dev.pgguard.check.Eval.attrs;
import static dev.pgguard.check.Eval.eval;
import static dev.pgguard.check.Eval.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgguard.testkit.PgExtension;
import dev.pgguard.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgExtension.class)
class NoRowsMatchCheckIT {

    private static final String IN_LIST = "detailed_status NOT IN ('NEW', 'SENT')";

    @BeforeAll
    static void schema(TestDatabase db) {
        db.execute("""
                CREATE SCHEMA service_ops;
                CREATE TABLE service_ops.packet (id int, detailed_status text, "studentId" int);
                INSERT INTO service_ops.packet VALUES (1, 'NEW', 1), (2, 'SENT', 1), (3, 'Legacy', 2), (4, 'Legacy', 2),
                  (5, NULL, 3);
                CREATE TABLE public.packet (id int, detailed_status text);
                INSERT INTO public.packet VALUES (1, 'NEW');
                CREATE TABLE public."UserRole" (id int, "roleName" text);
                INSERT INTO public."UserRole" SELECT g, 'role_' || g FROM generate_series(1, 12) g;
                INSERT INTO public."UserRole" VALUES (13, 'role_1'), (14, 'it''s');
                """);
    }

    @Test
    void holdsWhenNothingMatches(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.NO_ROWS_MATCH, "tableName", "packet", "where", IN_LIST);
        assertThat(o.holds()).as("public.packet only has NEW").isTrue();
        assertThat(o.message()).isEqualTo("no rows of public.packet match (" + IN_LIST + ")");
        assertThat(eval(db, Vocabulary.NO_ROWS_MATCH, "tableName", "packet", "where", IN_LIST,
                "valueColumn", "detailed_status").holds()).isTrue();
    }

    @Test
    void failureCountsAndListsValues(TestDatabase db) throws Exception {
        Outcome count = eval(db, Vocabulary.NO_ROWS_MATCH, "schemaName", "service_ops", "tableName", "packet",
                "where", IN_LIST + " OR detailed_status IS NULL");
        assertThat(count.holds()).isFalse();
        assertThat(count.message()).isEqualTo("3 rows of service_ops.packet match (" + IN_LIST + " OR detailed_status IS NULL)");
        Outcome values = eval(db, Vocabulary.NO_ROWS_MATCH, "schemaName", "service_ops", "tableName", "packet",
                "where", IN_LIST + " OR detailed_status IS NULL", "valueColumn", "detailed_status");
        assertThat(values.message()).isEqualTo("3 rows of service_ops.packet match (" + IN_LIST
                + " OR detailed_status IS NULL); detailed_status values: 'Legacy' (2), NULL (1)");
        Outcome one = eval(db, Vocabulary.NO_ROWS_MATCH, "schemaName", "service_ops", "tableName", "packet",
                "where", "\"studentId\" = 3", "valueColumn", "studentId");
        assertThat(one.message()).isEqualTo("1 row of service_ops.packet matches (\"studentId\" = 3); \"studentId\" values: '3' (1)");
    }

    @Test
    void atMostTenValuesAreListed(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.NO_ROWS_MATCH, "tableName", "UserRole", "where", "\"roleName\" IS NOT NULL",
                "valueColumn", "roleName");
        assertThat(o.holds()).isFalse();
        assertThat(o.message()).isEqualTo("14 rows of public.\"UserRole\" match (\"roleName\" IS NOT NULL); \"roleName\" values:"
                + " 'role_1' (2), 'it''s' (1), 'role_10' (1), 'role_11' (1), 'role_12' (1), 'role_2' (1), 'role_3' (1),"
                + " 'role_4' (1), 'role_5' (1), 'role_6' (1) (and 3 more values)");
    }

    @Test
    void trailingLineCommentCannotSwallowTheParenthesis(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.NO_ROWS_MATCH, "schemaName", "service_ops", "tableName", "packet",
                "where", "detailed_status = 'Legacy' -- the old ones");
        assertThat(o.holds()).isFalse();
        assertThat(o.message()).startsWith("2 rows of service_ops.packet match");
    }

    @Test
    void missingTableHasNoRows(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.NO_ROWS_MATCH, "schemaName", "service_ops", "tableName", "gone", "where", "true");
        assertThat(o.holds()).isTrue();
        assertThat(o.message()).isEqualTo("table service_ops.gone does not exist, so no rows match");
        assertThat(eval(db, Vocabulary.NO_ROWS_MATCH, "schemaName", "no_schema", "tableName", "packet", "where", "true").message())
                .isEqualTo("table no_schema.packet does not exist, so no rows match");
    }

    @Test
    void missingTableInThePredicateIsAnError(TestDatabase db) {
        assertThatThrownBy(() -> eval(db, Vocabulary.NO_ROWS_MATCH, "schemaName", "service_ops", "tableName", "packet",
                "where", "id IN (SELECT id FROM service_ops.nowhere)"))
                .isInstanceOf(CheckException.class)
                .hasMessageStartingWith("cannot evaluate noRowsMatch on service_ops.packet where (id IN (SELECT id FROM"
                        + " service_ops.nowhere)): ERROR: relation \"service_ops.nowhere\" does not exist")
                .hasMessageContaining("[SQLState 42P01]");
    }

    @Test
    void brokenPredicateIsAnErrorAndChangesNothing(TestDatabase db) throws Exception {
        assertThatThrownBy(() -> eval(db, Vocabulary.NO_ROWS_MATCH, "schemaName", "service_ops", "tableName", "packet",
                "where", "detailed_status = = 'x'"))
                .isInstanceOf(CheckException.class)
                .hasMessageContaining("syntax error")
                .hasMessageContaining("[SQLState 42601]");
        assertThatThrownBy(() -> eval(db, Vocabulary.NO_ROWS_MATCH, "schemaName", "service_ops", "tableName", "packet",
                "where", "no_column = 1"))
                .isInstanceOf(CheckException.class)
                .hasMessageContaining("column \"no_column\" does not exist");
        assertThat(db.value("SELECT count(*) FROM service_ops.packet")).isEqualTo("5");
    }

    @Test
    void errorInsideATransactionLeavesItUsable(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> on(c, Vocabulary.NO_ROWS_MATCH, "tableName", "packet", "where", "1/0 = 1"))
                    .isInstanceOf(CheckException.class)
                    .hasMessageContaining("division by zero");
            assertThat(on(c, Vocabulary.NO_ROWS_MATCH, "tableName", "packet", "where", "false").holds()).isTrue();
            c.rollback();
        }
    }

    @Test
    void hostileStringsAreRejectedOrDoNotMatch(TestDatabase db) throws Exception {
        String hostile = "x'; DROP TABLE service_ops.packet; --";
        assertThat(Vocabulary.NO_ROWS_MATCH.validate(attrs("tableName", "packet", "where", hostile)))
                .as("the quote opened by x' is never closed")
                .containsExactly("noRowsMatch: attribute 'where' has unbalanced quotes or parentheses: '" + hostile + "'");
        assertThat(Vocabulary.NO_ROWS_MATCH.validate(attrs("tableName", "packet", "where", "true; DROP TABLE service_ops.packet")))
                .containsExactly("noRowsMatch: attribute 'where' contains ';' outside quotes: it must be one SQL boolean"
                        + " expression, not statements");
        assertThat(Vocabulary.NO_ROWS_MATCH.validate(attrs("tableName", "packet", "where", "true) OR (true")))
                .singleElement().asString().contains("unbalanced quotes or parentheses");
        Outcome names = eval(db, Vocabulary.NO_ROWS_MATCH, "schemaName", hostile, "tableName", hostile,
                "where", "true", "valueColumn", hostile);
        assertThat(names.holds()).as("quoted as identifiers: no such table").isTrue();
        assertThatThrownBy(() -> eval(db, Vocabulary.NO_ROWS_MATCH, "schemaName", "service_ops", "tableName", "packet",
                "where", "true", "valueColumn", hostile))
                .isInstanceOf(CheckException.class)
                .hasMessageContaining("[SQLState 42703]");
        Outcome literal = eval(db, Vocabulary.NO_ROWS_MATCH, "schemaName", "service_ops", "tableName", "packet",
                "where", "detailed_status = 'x''; DROP TABLE service_ops.packet; --'");
        assertThat(literal.holds()).as("a string literal, compared").isTrue();
        assertThat(db.value("SELECT count(*) FROM service_ops.packet")).isEqualTo("5");
    }

    @Test
    void validationBeforeAnySql() {
        assertThat(Vocabulary.NO_ROWS_MATCH.validate(attrs("tableName", "packet")))
                .containsExactly("noRowsMatch: attribute 'where' is required");
        assertThat(Vocabulary.NO_ROWS_MATCH.validate(attrs("where", "true")))
                .containsExactly("noRowsMatch: attribute 'tableName' is required");
    }

    /**
     * A guard written {@code not: noRowsMatch} only needs to know that rows match: the count stops
     * after 1001 matches. The predicate divides by zero from row 1500 on, so a full count would fail.
     */
    @Test
    void theCountStopsAfterAThousandMatchesSoPendingWorkIsFoundWithoutAFullScan(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE public.pending (id int); INSERT INTO public.pending SELECT g FROM generate_series(1, 3000) g;");
        String where = "CASE WHEN id >= 1500 THEN 1 / (id - id) = 1 ELSE true END";
        Outcome o = eval(db, Vocabulary.NO_ROWS_MATCH, "tableName", "pending", "where", where);
        assertThat(o.holds()).isFalse();
        assertThat(o.message()).isEqualTo("more than 1000 rows of public.pending match (" + where + ")");
        Outcome exact = eval(db, Vocabulary.NO_ROWS_MATCH, "tableName", "pending", "where", "id <= 1000");
        assertThat(exact.message()).isEqualTo("1000 rows of public.pending match (id <= 1000)");
    }

    @Test
    void sqlWrapsThePredicateOnItsOwnLines() throws Exception {
        NoRowsMatchCheck check = (NoRowsMatchCheck) Vocabulary.NO_ROWS_MATCH.create(
                attrs("tableName", "UserRole", "where", "a = 1 -- note", "valueColumn", "roleName"));
        assertThat(check.sql("public")).isEqualTo("SELECT v, n, sum(n) OVER () AS total, count(*) OVER () AS distinct_values"
                + " FROM (SELECT \"roleName\"::text AS v, count(*) AS n FROM \"public\".\"UserRole\" WHERE (\na = 1 -- note\n)"
                + " GROUP BY 1) g ORDER BY n DESC, v NULLS FIRST LIMIT 10");
    }
}
