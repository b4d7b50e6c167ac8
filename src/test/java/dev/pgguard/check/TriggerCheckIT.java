package dev.pgguard.check;

import static dev.pgguard.check.Eval.attrs;
import static dev.pgguard.check.Eval.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgguard.testkit.PgExtension;
import dev.pgguard.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgExtension.class)
class TriggerCheckIT {

    private static final String HOSTILE = "x'; DROP TABLE service_ops.\"UserRole\"; --";

    @BeforeAll
    static void schema(TestDatabase db) {
        db.execute("""
                CREATE SCHEMA service_ops;
                CREATE FUNCTION service_ops."setUpdatedAt"() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
                CREATE FUNCTION public.audit() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
                CREATE TABLE service_ops."UserRole" (id int PRIMARY KEY, parent int REFERENCES service_ops."UserRole");
                CREATE TRIGGER "trgUpdatedAt" BEFORE UPDATE ON service_ops."UserRole"
                  FOR EACH ROW EXECUTE FUNCTION service_ops."setUpdatedAt"();
                CREATE TRIGGER audit_row AFTER INSERT ON service_ops."UserRole" FOR EACH ROW EXECUTE FUNCTION public.audit();
                CREATE TABLE public."UserRole" (id int);
                CREATE TABLE public.plain (id int);
                """);
    }

    @Test
    void triggerPresentIsExact(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.TRIGGER_PRESENT, "schemaName", "service_ops", "tableName", "UserRole",
                "triggerName", "trgUpdatedAt");
        assertThat(o.holds()).isTrue();
        assertThat(o.message()).isEqualTo("trigger \"trgUpdatedAt\" on service_ops.\"UserRole\" exists and executes"
                + " service_ops.\"setUpdatedAt\"()");
        Outcome folded = eval(db, Vocabulary.TRIGGER_PRESENT, "schemaName", "service_ops", "tableName", "UserRole",
                "triggerName", "trgupdatedat");
        assertThat(folded.holds()).isFalse();
        assertThat(folded.message()).isEqualTo("trigger trgupdatedat on service_ops.\"UserRole\" does not exist"
                + " (did you mean \"trgUpdatedAt\"?)");
        Outcome other = eval(db, Vocabulary.TRIGGER_PRESENT, "schemaName", "service_ops", "tableName", "UserRole",
                "triggerName", "trg_gone");
        assertThat(other.message()).isEqualTo("trigger trg_gone on service_ops.\"UserRole\" does not exist;"
                + " its triggers: audit_row, \"trgUpdatedAt\"");
        assertThat(eval(db, Vocabulary.TRIGGER_PRESENT, "tableName", "UserRole", "triggerName", "trgUpdatedAt").message())
                .as("public.\"UserRole\" has no triggers")
                .isEqualTo("trigger \"trgUpdatedAt\" on public.\"UserRole\" does not exist; the table has no triggers");
    }

    @Test
    void functionNameIsCompared(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.TRIGGER_PRESENT, "schemaName", "service_ops", "tableName", "UserRole",
                "triggerName", "audit_row", "functionName", "audit").holds()).isTrue();
        Outcome wrong = eval(db, Vocabulary.TRIGGER_PRESENT, "schemaName", "service_ops", "tableName", "UserRole",
                "triggerName", "trgUpdatedAt", "functionName", "setupdatedat");
        assertThat(wrong.holds()).isFalse();
        assertThat(wrong.message()).isEqualTo("trigger \"trgUpdatedAt\" on service_ops.\"UserRole\" executes"
                + " service_ops.\"setUpdatedAt\"(), expected setupdatedat() (function names are compared exactly: write setUpdatedAt)");
    }

    @Test
    void internalTriggersAreNotUserTriggers(TestDatabase db) throws Exception {
        String internal = db.value("SELECT tgname FROM pg_trigger WHERE tgisinternal"
                + " AND tgrelid = 'service_ops.\"UserRole\"'::regclass LIMIT 1");
        assertThat(eval(db, Vocabulary.TRIGGER_PRESENT, "schemaName", "service_ops", "tableName", "UserRole",
                "triggerName", internal).holds()).isFalse();
        assertThat(eval(db, Vocabulary.TRIGGER_MISSING, "schemaName", "service_ops", "tableName", "UserRole",
                "triggerName", internal).holds()).isTrue();
    }

    @Test
    void triggerMissing(TestDatabase db) throws Exception {
        Outcome holds = eval(db, Vocabulary.TRIGGER_MISSING, "tableName", "plain", "triggerName", "trgUpdatedAt");
        assertThat(holds.holds()).isTrue();
        assertThat(holds.message()).isEqualTo("trigger \"trgUpdatedAt\" on public.plain does not exist");
        Outcome fails = eval(db, Vocabulary.TRIGGER_MISSING, "schemaName", "service_ops", "tableName", "UserRole",
                "triggerName", "audit_row");
        assertThat(fails.holds()).isFalse();
        assertThat(fails.message()).isEqualTo("trigger audit_row on service_ops.\"UserRole\" exists (executes public.audit()),"
                + " expected it not to");
        assertThat(eval(db, Vocabulary.TRIGGER_MISSING, "schemaName", "service_ops", "tableName", "nope", "triggerName", "t")
                .message()).isEqualTo("trigger t on service_ops.nope does not exist: table service_ops.nope does not exist");
        Outcome noTable = eval(db, Vocabulary.TRIGGER_PRESENT, "schemaName", "service_ops", "tableName", "userrole",
                "triggerName", "t");
        assertThat(noTable.holds()).isFalse();
        assertThat(noTable.message()).isEqualTo("trigger t on service_ops.userrole cannot exist: table service_ops.userrole"
                + " does not exist (did you mean service_ops.\"UserRole\" or public.\"UserRole\"?)");
    }

    @Test
    void hostileStringsSimplyDoNotMatch(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.TRIGGER_PRESENT, "schemaName", "service_ops", "tableName", "UserRole",
                "triggerName", HOSTILE, "functionName", HOSTILE).holds()).isFalse();
        assertThat(eval(db, Vocabulary.TRIGGER_PRESENT, "schemaName", "service_ops", "tableName", "UserRole",
                "triggerName", "audit_row", "functionName", HOSTILE).holds()).isFalse();
        assertThat(eval(db, Vocabulary.TRIGGER_PRESENT, "schemaName", HOSTILE, "tableName", HOSTILE,
                "triggerName", "audit_row").holds()).isFalse();
        assertThat(eval(db, Vocabulary.TRIGGER_MISSING, "schemaName", "service_ops", "tableName", "UserRole",
                "triggerName", HOSTILE).holds()).isTrue();
        assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'UserRole'")).isEqualTo("2");
    }

    @Test
    void validationBeforeAnySql() {
        assertThat(Vocabulary.TRIGGER_PRESENT.validate(attrs("tableName", "t")))
                .containsExactly("triggerPresent: attribute 'triggerName' is required");
        assertThat(Vocabulary.TRIGGER_MISSING.validate(attrs("tableName", "t", "triggerName", "x", "functionName", "f")))
                .singleElement().asString().startsWith("triggerMissing: unknown attribute 'functionName'");
    }
}
