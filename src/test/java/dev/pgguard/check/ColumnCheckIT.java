package dev.pgguard.check;

import static dev.pgguard.check.Eval.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgguard.testkit.PgExtension;
import dev.pgguard.testkit.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgExtension.class)
class ColumnCheckIT {

    @BeforeAll
    static void schema(TestDatabase db) {
        db.execute("""
                CREATE SCHEMA service_ops;
                CREATE TYPE service_ops."ConditionStatus" AS ENUM ('ACTIVE', 'RESOLVED');
                CREATE TABLE service_ops.send_serviceops (
                  message_id bigint PRIMARY KEY,
                  created_at timestamp,
                  created_tz timestamptz(3),
                  audit_user varchar(100),
                  amount numeric(10,2),
                  tags text[],
                  status service_ops."ConditionStatus",
                  flag boolean DEFAULT false,
                  state text NOT NULL DEFAULT 'PENDING',
                  epoch timestamptz DEFAULT '1970-01-01 00:00:00+00',
                  gone int,
                  "studentId" uuid);
                ALTER TABLE service_ops.send_serviceops DROP COLUMN gone;
                CREATE TABLE public.send_serviceops (message_id int);
                """);
    }

    @Test
    void typesCompareNormalised(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.COLUMN_TYPE_IS, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "created_at", "type", "timestamp").holds()).isTrue();
        assertThat(eval(db, Vocabulary.COLUMN_TYPE_IS, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "created_at", "type", "timestamp without time zone").holds()).isTrue();
        assertThat(eval(db, Vocabulary.COLUMN_TYPE_IS, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "created_tz", "type", "timestamptz(3)").holds()).isTrue();
        assertThat(eval(db, Vocabulary.COLUMN_TYPE_IS, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "audit_user", "type", "VARCHAR(100)").holds()).isTrue();
        assertThat(eval(db, Vocabulary.COLUMN_TYPE_IS, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "amount", "type", "decimal(10, 2)").holds()).isTrue();
        assertThat(eval(db, Vocabulary.COLUMN_TYPE_IS, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "tags", "type", "text[]").holds()).isTrue();
        assertThat(eval(db, Vocabulary.COLUMN_TYPE_IS, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "message_id", "type", "int8").holds()).isTrue();
        assertThat(eval(db, Vocabulary.COLUMN_TYPE_IS, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "status", "type", "\"ConditionStatus\"").holds()).isTrue();
        assertThat(eval(db, Vocabulary.COLUMN_TYPE_IS, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "status", "type", "service_ops.\"ConditionStatus\"").holds()).isTrue();
    }

    @Test
    void typeMismatchSaysExpectedAndFound(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.COLUMN_TYPE_IS, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "created_at", "type", "timestamptz");
        assertThat(o.holds()).isFalse();
        assertThat(o.message()).isEqualTo("column service_ops.send_serviceops.created_at is timestamp without time zone,"
                + " expected timestamp with time zone");
        Outcome unquoted = eval(db, Vocabulary.COLUMN_TYPE_IS, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "status", "type", "ConditionStatus");
        assertThat(unquoted.holds()).as("unquoted names fold to lower case, as in PostgreSQL").isFalse();
        assertThat(unquoted.message()).contains("write \"ConditionStatus\"");
    }

    @Test
    void namesAreExactAndSchemasSeparate(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.COLUMN_PRESENT, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "studentId").holds()).isTrue();
        Outcome folded = eval(db, Vocabulary.COLUMN_PRESENT, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "studentid");
        assertThat(folded.holds()).isFalse();
        assertThat(folded.message()).contains("did you mean \"studentId\"?");
        assertThat(eval(db, Vocabulary.COLUMN_PRESENT, "tableName", "send_serviceops", "columnName", "created_at").holds())
                .as("default schema is public, whose send_serviceops has no created_at").isFalse();
        assertThat(eval(db, Vocabulary.COLUMN_MISSING, "tableName", "send_serviceops", "columnName", "created_at").holds())
                .isTrue();
    }

    @Test
    void droppedColumnIsMissing(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.COLUMN_MISSING, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "gone").holds()).isTrue();
        assertThat(eval(db, Vocabulary.COLUMN_PRESENT, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "gone").holds()).isFalse();
    }

    @Test
    void missingTableHasNoColumn(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.COLUMN_MISSING, "schemaName", "service_ops", "tableName", "nope", "columnName", "x");
        assertThat(o.holds()).as("certainly missing: an ADD COLUMN it guards fails loudly unless an earlier changeset"
                + " creates the table, as in an updateSQL preview of a whole changelog").isTrue();
        assertThat(o.message()).isEqualTo("column service_ops.nope.x does not exist: table service_ops.nope does not exist");
    }

    @Test
    void nullabilityAndDefaults(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.COLUMN_NULLABLE, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "state", "nullable", false).holds()).isTrue();
        Outcome n = eval(db, Vocabulary.COLUMN_NULLABLE, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "flag", "nullable", "false");
        assertThat(n.message()).isEqualTo("column service_ops.send_serviceops.flag is nullable, expected NOT NULL");
        assertThat(eval(db, Vocabulary.COLUMN_DEFAULT_IS, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "state", "defaultValue", "'PENDING'").holds()).isTrue();
        assertThat(eval(db, Vocabulary.COLUMN_DEFAULT_IS, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "state", "defaultValue", "'PENDING'::text").holds()).isTrue();
        assertThat(eval(db, Vocabulary.COLUMN_DEFAULT_IS, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "flag", "defaultValue", "FALSE").holds()).isTrue();
        assertThat(eval(db, Vocabulary.COLUMN_DEFAULT_IS, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "epoch", "defaultValue", "'1970-01-01 00:00:00+00'").holds()).isTrue();
        Outcome d = eval(db, Vocabulary.COLUMN_DEFAULT_IS, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "flag", "defaultValue", "NULL");
        assertThat(d.holds()).isFalse();
        assertThat(d.message()).isEqualTo("column service_ops.send_serviceops.flag has default false, expected none (NULL)");
        assertThat(eval(db, Vocabulary.COLUMN_DEFAULT_IS, "schemaName", "service_ops", "tableName", "send_serviceops",
                "columnName", "audit_user", "defaultValue", "NULL").holds()).isTrue();
    }

    @Test
    void hostileStringsSimplyDoNotMatch(TestDatabase db) throws Exception {
        String hostile = "x'; DROP TABLE service_ops.send_serviceops; --";
        assertThat(eval(db, Vocabulary.COLUMN_PRESENT, "schemaName", "service_ops", "tableName", hostile,
                "columnName", hostile).holds()).isFalse();
        assertThat(eval(db, Vocabulary.COLUMN_TYPE_IS, "schemaName", hostile, "tableName", "send_serviceops",
                "columnName", "state", "type", hostile).holds()).isFalse();
        assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'send_serviceops'")).isEqualTo("2");
    }

    @Test
    void tooLongNameIsRejectedBeforeAnySql() {
        String longName = "a".repeat(64);
        assertThatThrownBy(() -> Vocabulary.COLUMN_PRESENT.create(Map.of("tableName", longName, "columnName", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attribute 'tableName'")
                .hasMessageContaining("64 bytes");
        assertThat(Vocabulary.COLUMN_PRESENT.validate(Map.of("tableName", "t"))).containsExactly(
                "columnPresent: attribute 'columnName' is required");
    }
}
