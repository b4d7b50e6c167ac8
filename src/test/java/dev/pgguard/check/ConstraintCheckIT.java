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
class ConstraintCheckIT {

    private static final String STATUS_CHECK =
            "CHECK ((detailed_status = ANY (ARRAY['NEW'::text, 'DONE'::text])))";

    @BeforeAll
    static void schema(TestDatabase db) {
        db.execute("""
                CREATE SCHEMA service_ops;
                CREATE TABLE service_ops.packet (
                  id int PRIMARY KEY,
                  detailed_status text,
                  "UserRole" text,
                  CONSTRAINT check_detailed_status CHECK (detailed_status IN ('NEW', 'DONE')));
                INSERT INTO service_ops.packet VALUES (1, 'NEW', '');
                ALTER TABLE service_ops.packet ADD CONSTRAINT "chkUserRole" CHECK ("UserRole" <> '') NOT VALID;
                CREATE TABLE public.packet (id int, CONSTRAINT check_detailed_status CHECK (id > 0));
                CREATE VIEW public.packet_view AS SELECT 1 AS id;
                CREATE TABLE public.events (id int, at date, CONSTRAINT events_pkey PRIMARY KEY (id, at))
                  PARTITION BY RANGE (at);
                """);
    }

    @Test
    void presentWithTypeDefinitionAndValidation(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.CONSTRAINT_PRESENT, "schemaName", "service_ops", "tableName", "packet",
                "constraintName", "check_detailed_status", "type", "check",
                "definition", "check ((detailed_status = ANY (ARRAY['NEW'::text,   'DONE'::text])))", "validated", true);
        assertThat(o.holds()).isTrue();
        assertThat(o.message()).isEqualTo("constraint check_detailed_status on service_ops.packet exists (" + STATUS_CHECK + ")");
        assertThat(eval(db, Vocabulary.CONSTRAINT_PRESENT, "schemaName", "service_ops", "tableName", "packet",
                "constraintName", "packet_pkey", "type", "primaryKey", "definition", "PRIMARY KEY (id)").holds()).isTrue();
    }

    @Test
    void definitionMismatchSaysFoundAndExpected(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.CONSTRAINT_PRESENT, "schemaName", "service_ops", "tableName", "packet",
                "constraintName", "check_detailed_status", "definition", "CHECK ((detailed_status = 'NEW'::text))");
        assertThat(o.holds()).isFalse();
        assertThat(o.message()).isEqualTo("constraint check_detailed_status on service_ops.packet is " + STATUS_CHECK
                + ", expected CHECK ((detailed_status = 'NEW'::text))");
    }

    @Test
    void notValidIsReportedAndIgnoredInTheDefinition(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.CONSTRAINT_PRESENT, "schemaName", "service_ops", "tableName", "packet",
                "constraintName", "chkUserRole", "validated", "true");
        assertThat(o.holds()).isFalse();
        assertThat(o.message()).isEqualTo("constraint \"chkUserRole\" on service_ops.packet exists but is NOT VALID, expected validated");
        assertThat(eval(db, Vocabulary.CONSTRAINT_PRESENT, "schemaName", "service_ops", "tableName", "packet",
                "constraintName", "chkUserRole", "validated", false,
                "definition", "CHECK ((\"UserRole\" <> ''::text))").holds()).isTrue();
        Outcome validated = eval(db, Vocabulary.CONSTRAINT_PRESENT, "schemaName", "service_ops", "tableName", "packet",
                "constraintName", "check_detailed_status", "validated", "false");
        assertThat(validated.message()).isEqualTo(
                "constraint check_detailed_status on service_ops.packet is validated, expected NOT VALID");
    }

    @Test
    void otherTypeIsNamed(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.CONSTRAINT_PRESENT, "schemaName", "service_ops", "tableName", "packet",
                "constraintName", "packet_pkey", "type", "unique");
        assertThat(o.holds()).isFalse();
        assertThat(o.message()).isEqualTo(
                "constraint packet_pkey on service_ops.packet is a PRIMARY KEY (PRIMARY KEY (id)), expected a UNIQUE constraint");
    }

    @Test
    void namesAreExactAndSchemasSeparate(TestDatabase db) throws Exception {
        Outcome folded = eval(db, Vocabulary.CONSTRAINT_PRESENT, "schemaName", "service_ops", "tableName", "packet",
                "constraintName", "chkuserrole");
        assertThat(folded.holds()).isFalse();
        assertThat(folded.message()).isEqualTo(
                "constraint chkuserrole on service_ops.packet does not exist (did you mean \"chkUserRole\"?)");
        assertThat(eval(db, Vocabulary.CONSTRAINT_MISSING, "schemaName", "service_ops", "tableName", "packet",
                "constraintName", "chkuserrole").holds()).isTrue();
        Outcome inPublic = eval(db, Vocabulary.CONSTRAINT_PRESENT, "tableName", "packet",
                "constraintName", "check_detailed_status", "definition", STATUS_CHECK);
        assertThat(inPublic.message()).as("the default schema is public, whose packet has its own constraint")
                .isEqualTo("constraint check_detailed_status on public.packet is CHECK ((id > 0)), expected " + STATUS_CHECK);
        assertThat(eval(db, Vocabulary.CONSTRAINT_MISSING, "tableName", "packet", "constraintName", "chkUserRole").holds())
                .isTrue();
    }

    @Test
    void missingFailsWhenTheNameIsTaken(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.CONSTRAINT_MISSING, "schemaName", "service_ops", "tableName", "packet",
                "constraintName", "packet_pkey");
        assertThat(o.holds()).isFalse();
        assertThat(o.message()).isEqualTo("constraint packet_pkey on service_ops.packet exists (PRIMARY KEY (id)), expected it not to");
    }

    @Test
    void partitionedTableIsATableAndViewIsNot(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.CONSTRAINT_PRESENT, "tableName", "events", "constraintName", "events_pkey",
                "type", "primaryKey", "definition", "PRIMARY KEY (id, at)").holds()).isTrue();
        Outcome view = eval(db, Vocabulary.CONSTRAINT_PRESENT, "tableName", "packet_view", "constraintName", "c");
        assertThat(view.holds()).isFalse();
        assertThat(view.message()).isEqualTo("constraint c on public.packet_view cannot exist: public.packet_view is a view, not a table");
        assertThatThrownBy(() -> eval(db, Vocabulary.CONSTRAINT_MISSING, "tableName", "packet_view", "constraintName", "c"))
                .isInstanceOf(CheckException.class)
                .hasMessageStartingWith("cannot decide whether constraint c on public.packet_view is missing: "
                        + "public.packet_view is a view, not a table");
    }

    @Test
    void missingTable(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.CONSTRAINT_PRESENT, "schemaName", "service_ops", "tableName", "Packet",
                "constraintName", "packet_pkey");
        assertThat(o.holds()).isFalse();
        assertThat(o.message()).isEqualTo("constraint packet_pkey on service_ops.\"Packet\" cannot exist: table "
                + "service_ops.\"Packet\" does not exist (did you mean service_ops.packet or public.packet?)");
        assertThat(eval(db, Vocabulary.CONSTRAINT_MISSING, "schemaName", "service_ops", "tableName", "nope",
                "constraintName", "packet_pkey").message())
                .isEqualTo("constraint packet_pkey on service_ops.nope does not exist: table service_ops.nope does not exist");
    }

    @Test
    void notNullBeforePostgres18PointsToColumnNullable(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE nn (v int CONSTRAINT nn_v_not_null NOT NULL)");
        Outcome o = eval(db, Vocabulary.CONSTRAINT_PRESENT, "tableName", "nn", "constraintName", "nn_v_not_null",
                "type", "notNull");
        if (db.server().majorVersion() >= 18) {
            assertThat(o.holds()).isTrue();
        } else {
            assertThat(o.message()).isEqualTo("constraint nn_v_not_null on public.nn does not exist (PostgreSQL before 18"
                    + " does not record NOT NULL as a constraint; use columnNullable)");
        }
    }

    @Test
    void hostileStringsDoNotMatchOrAreRejected(TestDatabase db) throws Exception {
        String hostile = "x'; DROP TABLE service_ops.packet; --";
        assertThat(eval(db, Vocabulary.CONSTRAINT_PRESENT, "schemaName", hostile, "tableName", "packet",
                "constraintName", "packet_pkey").holds()).isFalse();
        assertThat(eval(db, Vocabulary.CONSTRAINT_PRESENT, "schemaName", "service_ops", "tableName", hostile,
                "constraintName", "packet_pkey").holds()).isFalse();
        assertThat(eval(db, Vocabulary.CONSTRAINT_PRESENT, "schemaName", "service_ops", "tableName", "packet",
                "constraintName", hostile).holds()).isFalse();
        assertThat(eval(db, Vocabulary.CONSTRAINT_MISSING, "schemaName", "service_ops", "tableName", "packet",
                "constraintName", hostile).holds()).isTrue();
        assertThat(eval(db, Vocabulary.CONSTRAINT_PRESENT, "schemaName", "service_ops", "tableName", "packet",
                "constraintName", "packet_pkey", "definition", hostile).holds()).isFalse();
        assertThat(Vocabulary.CONSTRAINT_PRESENT.validate(Map.of("tableName", "packet", "constraintName", "packet_pkey",
                "type", hostile, "validated", hostile))).containsExactly(
                "constraintPresent: attribute 'type' is '" + hostile
                        + "'; expected one of check, foreignKey, unique, primaryKey, exclusion, notNull",
                "constraintPresent: attribute 'validated' must be true or false, not '" + hostile + "'");
        assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'packet'")).isEqualTo("2");
    }

    @Test
    void missingAttributeIsReportedBeforeAnySql() {
        assertThat(Vocabulary.CONSTRAINT_PRESENT.validate(Map.of("tableName", "packet"))).containsExactly(
                "constraintPresent: attribute 'constraintName' is required");
        assertThat(Vocabulary.CONSTRAINT_MISSING.validate(Map.of("constraintName", "c", "type", "check"))).containsExactly(
                "constraintMissing: unknown attribute 'type'; known attributes: schemaName, tableName, constraintName",
                "constraintMissing: attribute 'tableName' is required");
    }
}
