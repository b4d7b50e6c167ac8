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
class EnumCheckIT {

    private static final String HOSTILE = "x'; DROP TABLE service_ops.packet; --";

    @BeforeAll
    static void schema(TestDatabase db) {
        db.execute("""
                CREATE SCHEMA service_ops;
                CREATE TYPE service_ops."ConfigCategory" AS ENUM ('GENERAL', 'NETWORK', 'Security');
                ALTER TYPE service_ops."ConfigCategory" ADD VALUE 'AUDIT' BEFORE 'GENERAL';
                CREATE TYPE public."ConfigCategory" AS ENUM ('SECURITY');
                CREATE TYPE service_ops."UserRole" AS ENUM ('ADMIN', 'it''s');
                CREATE DOMAIN service_ops.positive AS integer CHECK (VALUE > 0);
                CREATE TYPE service_ops.pair AS (a int, b int);
                CREATE TABLE service_ops.packet (id int);
                """);
    }

    @Test
    void enumTypePresentIsExact(TestDatabase db) throws Exception {
        Outcome o = eval(db, Vocabulary.ENUM_TYPE_PRESENT, "schemaName", "service_ops", "typeName", "ConfigCategory");
        assertThat(o.holds()).isTrue();
        assertThat(o.message()).isEqualTo("enum service_ops.\"ConfigCategory\" exists (values: AUDIT, GENERAL, NETWORK, Security)");
        Outcome folded = eval(db, Vocabulary.ENUM_TYPE_PRESENT, "schemaName", "service_ops", "typeName", "configcategory");
        assertThat(folded.holds()).isFalse();
        assertThat(folded.message()).isEqualTo("enum service_ops.configcategory does not exist"
                + " (did you mean service_ops.\"ConfigCategory\" or public.\"ConfigCategory\"?)");
        assertThat(eval(db, Vocabulary.ENUM_TYPE_PRESENT, "typeName", "UserRole").holds())
                .as("default schema public has no UserRole").isFalse();
    }

    @Test
    void otherKindsOfTypeAreNamed(TestDatabase db) throws Exception {
        Outcome domain = eval(db, Vocabulary.ENUM_TYPE_PRESENT, "schemaName", "service_ops", "typeName", "positive");
        assertThat(domain.holds()).isFalse();
        assertThat(domain.message()).isEqualTo("service_ops.positive is a domain, expected an enum");
        assertThat(eval(db, Vocabulary.ENUM_TYPE_PRESENT, "schemaName", "service_ops", "typeName", "pair").message())
                .isEqualTo("service_ops.pair is a composite type, expected an enum");
        assertThat(eval(db, Vocabulary.ENUM_TYPE_PRESENT, "schemaName", "service_ops", "typeName", "packet").message())
                .isEqualTo("service_ops.packet is the row type of a table, expected an enum");
        assertThat(eval(db, Vocabulary.ENUM_TYPE_PRESENT, "schemaName", "pg_catalog", "typeName", "int4").message())
                .isEqualTo("pg_catalog.int4 is a base type, expected an enum");
        Outcome taken = eval(db, Vocabulary.ENUM_TYPE_MISSING, "schemaName", "service_ops", "typeName", "positive");
        assertThat(taken.holds()).isFalse();
        assertThat(taken.message()).isEqualTo("service_ops.positive exists as a domain, expected no type of that name (the name is taken)");
    }

    @Test
    void enumTypeMissing(TestDatabase db) throws Exception {
        Outcome free = eval(db, Vocabulary.ENUM_TYPE_MISSING, "schemaName", "service_ops", "typeName", "Status");
        assertThat(free.holds()).isTrue();
        assertThat(free.message()).isEqualTo("no type service_ops.\"Status\" exists");
        Outcome exists = eval(db, Vocabulary.ENUM_TYPE_MISSING, "schemaName", "service_ops", "typeName", "UserRole");
        assertThat(exists.holds()).isFalse();
        assertThat(exists.message()).isEqualTo("enum service_ops.\"UserRole\" exists, expected no type of that name");
    }

    @Test
    void enumValuePresentListsLabelsInSortOrder(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.ENUM_VALUE_PRESENT, "schemaName", "service_ops", "typeName", "ConfigCategory",
                "value", "Security").message()).isEqualTo("enum service_ops.\"ConfigCategory\" has value 'Security'");
        Outcome absent = eval(db, Vocabulary.ENUM_VALUE_PRESENT, "schemaName", "service_ops", "typeName", "ConfigCategory",
                "value", "SECURITY");
        assertThat(absent.holds()).isFalse();
        assertThat(absent.message()).isEqualTo("enum service_ops.\"ConfigCategory\" has no value 'SECURITY'"
                + " (did you mean 'Security'?); its values: AUDIT, GENERAL, NETWORK, Security");
        Outcome plain = eval(db, Vocabulary.ENUM_VALUE_PRESENT, "schemaName", "service_ops", "typeName", "ConfigCategory",
                "value", "LEGACY");
        assertThat(plain.message()).isEqualTo("enum service_ops.\"ConfigCategory\" has no value 'LEGACY';"
                + " its values: AUDIT, GENERAL, NETWORK, Security");
        assertThat(eval(db, Vocabulary.ENUM_VALUE_PRESENT, "typeName", "ConfigCategory", "value", "SECURITY").holds())
                .as("same type name in public has SECURITY").isTrue();
        assertThat(eval(db, Vocabulary.ENUM_VALUE_PRESENT, "schemaName", "service_ops", "typeName", "UserRole",
                "value", "it's").holds()).isTrue();
        Outcome noType = eval(db, Vocabulary.ENUM_VALUE_PRESENT, "schemaName", "service_ops", "typeName", "Nope", "value", "A");
        assertThat(noType.holds()).isFalse();
        assertThat(noType.message()).isEqualTo("enum service_ops.\"Nope\" does not exist, so it has no value 'A'");
    }

    @Test
    void enumValueMissing(TestDatabase db) throws Exception {
        Outcome holds = eval(db, Vocabulary.ENUM_VALUE_MISSING, "schemaName", "service_ops", "typeName", "ConfigCategory",
                "value", "SECURITY");
        assertThat(holds.holds()).isTrue();
        assertThat(holds.message()).isEqualTo("enum service_ops.\"ConfigCategory\" has no value 'SECURITY'");
        Outcome fails = eval(db, Vocabulary.ENUM_VALUE_MISSING, "schemaName", "service_ops", "typeName", "ConfigCategory",
                "value", "GENERAL");
        assertThat(fails.holds()).isFalse();
        assertThat(fails.message()).isEqualTo("enum service_ops.\"ConfigCategory\" has value 'GENERAL', expected it not to");
        Outcome noType = eval(db, Vocabulary.ENUM_VALUE_MISSING, "schemaName", "service_ops", "typeName", "Nope", "value", "A");
        assertThat(noType.holds()).isTrue();
        assertThat(noType.message()).isEqualTo("enum service_ops.\"Nope\" has no value 'A': type service_ops.\"Nope\" does not exist");
        assertThatThrownBy(() -> eval(db, Vocabulary.ENUM_VALUE_MISSING, "schemaName", "service_ops", "typeName", "positive",
                "value", "A"))
                .isInstanceOf(CheckException.class)
                .hasMessageContaining("service_ops.positive is a domain, not an enum");
    }

    @Test
    void hostileStringsSimplyDoNotMatch(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.ENUM_TYPE_PRESENT, "schemaName", HOSTILE, "typeName", HOSTILE).holds()).isFalse();
        assertThat(eval(db, Vocabulary.ENUM_TYPE_MISSING, "schemaName", "service_ops", "typeName", HOSTILE).holds()).isTrue();
        assertThat(eval(db, Vocabulary.ENUM_VALUE_PRESENT, "schemaName", "service_ops", "typeName", "ConfigCategory",
                "value", HOSTILE).holds()).isFalse();
        assertThat(eval(db, Vocabulary.ENUM_VALUE_MISSING, "schemaName", "service_ops", "typeName", "ConfigCategory",
                "value", HOSTILE).holds()).isTrue();
        assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'packet'")).isEqualTo("1");
    }

    @Test
    void validationBeforeAnySql() {
        assertThat(Vocabulary.ENUM_TYPE_PRESENT.validate(attrs("schemaName", "service_ops")))
                .containsExactly("enumTypePresent: attribute 'typeName' is required");
        assertThat(Vocabulary.ENUM_VALUE_PRESENT.validate(attrs("typeName", "ConfigCategory")))
                .containsExactly("enumValuePresent: attribute 'value' is required");
        assertThat(Vocabulary.ENUM_VALUE_MISSING.validate(attrs("typeName", "t", "value", "é".repeat(32))))
                .containsExactly("enumValueMissing: attribute 'value' is 64 bytes long; PostgreSQL labels are at most 63 bytes,"
                        + " so no enum can have this value");
        assertThat(Vocabulary.ENUM_VALUE_MISSING.validate(attrs("typeName", "t", "value", "x".repeat(63)))).isEmpty();
        assertThat(Vocabulary.ENUM_TYPE_MISSING.validate(attrs("typeName", "a".repeat(64))))
                .singleElement().asString().contains("attribute 'typeName'").contains("64 bytes");
    }
}
