package dev.pgguard.check;

import static dev.pgguard.check.Eval.attrs;
import static dev.pgguard.check.Eval.eval;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgguard.testkit.PgExtension;
import dev.pgguard.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgExtension.class)
class FunctionCheckIT {

    private static final String HOSTILE = "x'; DROP TABLE service_ops.packet; --";

    @BeforeAll
    static void schema(TestDatabase db) {
        db.execute("""
                CREATE SCHEMA service_ops;
                CREATE TYPE service_ops."ConfigCategory" AS ENUM ('GENERAL');
                CREATE TABLE service_ops.packet (id int);
                CREATE FUNCTION service_ops.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
                CREATE FUNCTION service_ops.touch(p_id integer, p_note text) RETURNS void LANGUAGE sql AS $$SELECT$$;
                CREATE FUNCTION service_ops."nextId"(VARIADIC ids bigint[]) RETURNS bigint LANGUAGE sql AS $$SELECT 1::bigint$$;
                CREATE FUNCTION service_ops.categorize(c service_ops."ConfigCategory") RETURNS int LANGUAGE sql AS $$SELECT 1$$;
                CREATE PROCEDURE service_ops.purge(days int) LANGUAGE sql AS $$SELECT$$;
                CREATE FUNCTION public.touch(t timestamptz) RETURNS void LANGUAGE sql AS $$SELECT$$;
                """);
    }

    @Test
    void anyOverloadWhenNoArgumentsAreGiven(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.FUNCTION_PRESENT, "schemaName", "service_ops", "functionName", "touch");
        assertThat(o.holds()).isTrue();
        assertThat(o.message()).isEqualTo("function service_ops.touch() exists");
        Outcome missing = eval(db, Vocabulary.FUNCTION_MISSING, "schemaName", "service_ops", "functionName", "touch");
        assertThat(missing.holds()).isFalse();
        assertThat(missing.message()).isEqualTo("functions named service_ops.touch exist, expected none:"
                + " service_ops.touch(), service_ops.touch(p_id integer, p_note text)");
        assertThat(eval(db, Vocabulary.FUNCTION_MISSING, "schemaName", "service_ops", "functionName", "vanish").message())
                .isEqualTo("no function named service_ops.vanish exists");
    }

    @Test
    void argumentsSelectTheOverload(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.FUNCTION_PRESENT, "schemaName", "service_ops", "functionName", "touch",
                "arguments", "()").message()).isEqualTo("function service_ops.touch() exists");
        assertThat(eval(db, Vocabulary.FUNCTION_PRESENT, "schemaName", "service_ops", "functionName", "touch",
                "arguments", "int4, TEXT").message()).isEqualTo("function service_ops.touch(p_id integer, p_note text) exists");
        assertThat(eval(db, Vocabulary.FUNCTION_PRESENT, "schemaName", "service_ops", "functionName", "touch",
                "arguments", "(p_id integer, p_note text)").holds()).isTrue();
        assertThat(eval(db, Vocabulary.FUNCTION_PRESENT, "schemaName", "service_ops", "functionName", "nextId",
                "arguments", "VARIADIC ids bigint[]").holds()).isTrue();
        assertThat(eval(db, Vocabulary.FUNCTION_PRESENT, "schemaName", "service_ops", "functionName", "nextId",
                "arguments", "int8[]").holds()).isTrue();
        assertThat(eval(db, Vocabulary.FUNCTION_PRESENT, "schemaName", "service_ops", "functionName", "categorize",
                "arguments", "\"ConfigCategory\"").holds()).isTrue();
        assertThat(eval(db, Vocabulary.FUNCTION_PRESENT, "schemaName", "service_ops", "functionName", "categorize",
                "arguments", "service_ops.\"ConfigCategory\"").holds()).isTrue();
        Outcome proc = eval(db, Vocabulary.FUNCTION_PRESENT, "schemaName", "service_ops", "functionName", "purge",
                "arguments", "integer");
        assertThat(proc.message()).as("PostgreSQL 14+ prints IN for procedure arguments")
                .matches("procedure service_ops\\.purge\\((IN )?days integer\\) exists");

        Outcome wrong = eval(db, Vocabulary.FUNCTION_PRESENT, "schemaName", "service_ops", "functionName", "touch",
                "arguments", "bigint");
        assertThat(wrong.holds()).isFalse();
        assertThat(wrong.message()).isEqualTo("function service_ops.touch(bigint) does not exist; overloads found:"
                + " service_ops.touch(), service_ops.touch(p_id integer, p_note text)");
        Outcome free = eval(db, Vocabulary.FUNCTION_MISSING, "schemaName", "service_ops", "functionName", "touch",
                "arguments", "bigint");
        assertThat(free.holds()).isTrue();
        assertThat(free.message()).isEqualTo("function service_ops.touch(bigint) does not exist (other overloads:"
                + " service_ops.touch(), service_ops.touch(p_id integer, p_note text))");
        Outcome taken = eval(db, Vocabulary.FUNCTION_MISSING, "schemaName", "service_ops", "functionName", "touch",
                "arguments", "()");
        assertThat(taken.holds()).isFalse();
        assertThat(taken.message()).isEqualTo("function service_ops.touch() exists, expected it not to");
    }

    @Test
    void namesAreExactAndSchemasSeparate(TestDatabase db) throws Exception {
        Outcome folded = eval(db, Vocabulary.FUNCTION_PRESENT, "schemaName", "service_ops", "functionName", "nextid");
        assertThat(folded.holds()).isFalse();
        assertThat(folded.message()).isEqualTo("function service_ops.nextid does not exist: no function named"
                + " service_ops.nextid exists (did you mean service_ops.\"nextId\"?)");
        assertThat(eval(db, Vocabulary.FUNCTION_PRESENT, "functionName", "touch", "arguments", "timestamptz").holds())
                .as("public.touch(timestamptz)").isTrue();
        assertThat(eval(db, Vocabulary.FUNCTION_PRESENT, "functionName", "touch", "arguments", "()").message())
                .isEqualTo("function public.touch() does not exist; overloads found: public.touch(t timestamp with time zone)");
    }

    @Test
    void hostileStringsSimplyDoNotMatch(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.FUNCTION_PRESENT, "schemaName", HOSTILE, "functionName", HOSTILE,
                "arguments", HOSTILE).holds()).isFalse();
        assertThat(eval(db, Vocabulary.FUNCTION_PRESENT, "schemaName", "service_ops", "functionName", "touch",
                "arguments", HOSTILE).holds()).isFalse();
        assertThat(eval(db, Vocabulary.FUNCTION_MISSING, "schemaName", "service_ops", "functionName", HOSTILE).holds()).isTrue();
        assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'packet'")).isEqualTo("1");
    }

    @Test
    void validationBeforeAnySql() {
        assertThat(Vocabulary.FUNCTION_PRESENT.validate(attrs("schemaName", "service_ops")))
                .containsExactly("functionPresent: attribute 'functionName' is required");
        assertThat(Vocabulary.FUNCTION_MISSING.validate(attrs("functionName", "f", "arguments", "")))
                .containsExactly("functionMissing: attribute 'arguments' is empty");
    }
}
