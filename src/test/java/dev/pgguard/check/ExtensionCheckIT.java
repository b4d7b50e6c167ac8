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
class ExtensionCheckIT {

    private static final String HOSTILE = "x'; DROP TABLE service_ops.packet; --";

    @BeforeAll
    static void schema(TestDatabase db) {
        db.execute("""
                CREATE SCHEMA service_ops;
                CREATE TABLE service_ops.packet (id int);
                CREATE EXTENSION citext SCHEMA service_ops;
                """);
    }

    @Test
    void extensionPresent(TestDatabase db) throws Exception {
        String version = db.value("SELECT extversion FROM pg_extension WHERE extname = 'citext'");
        Outcome o = eval(db, Vocabulary.EXTENSION_PRESENT, "extensionName", "citext");
        assertThat(o.holds()).isTrue();
        assertThat(o.message()).isEqualTo("extension citext is installed in schema service_ops (version " + version + ")");
        assertThat(eval(db, Vocabulary.EXTENSION_PRESENT, "extensionName", "citext", "schemaName", "service_ops").holds())
                .isTrue();
        Outcome elsewhere = eval(db, Vocabulary.EXTENSION_PRESENT, "extensionName", "citext", "schemaName", "public");
        assertThat(elsewhere.holds()).isFalse();
        assertThat(elsewhere.message()).isEqualTo("extension citext is installed in schema service_ops (version "
                + version + "), expected schema public");
        assertThat(eval(db, Vocabulary.EXTENSION_PRESENT, "extensionName", "plpgsql", "schemaName", "pg_catalog").holds())
                .isTrue();
    }

    @Test
    void absentExtensionSaysWhatTheServerOffers(TestDatabase db) throws Exception {
        String offered = db.value("SELECT default_version FROM pg_available_extensions WHERE name = 'pg_trgm'");
        Outcome o = eval(db, Vocabulary.EXTENSION_PRESENT, "extensionName", "pg_trgm");
        assertThat(o.holds()).isFalse();
        assertThat(o.message()).isEqualTo("extension pg_trgm is not installed; the server offers version " + offered
                + " (CREATE EXTENSION pg_trgm)");
        assertThat(eval(db, Vocabulary.EXTENSION_PRESENT, "extensionName", "CITEXT").message())
                .isEqualTo("extension \"CITEXT\" is not installed (did you mean citext?)");
        assertThat(eval(db, Vocabulary.EXTENSION_PRESENT, "extensionName", "no_such_ext").message())
                .isEqualTo("extension no_such_ext is not installed; it is not available on the server either");
    }

    @Test
    void extensionMissing(TestDatabase db) throws Exception {
        Outcome holds = eval(db, Vocabulary.EXTENSION_MISSING, "extensionName", "pg_trgm");
        assertThat(holds.holds()).isTrue();
        assertThat(holds.message()).isEqualTo("extension pg_trgm is not installed");
        String version = db.value("SELECT extversion FROM pg_extension WHERE extname = 'citext'");
        Outcome fails = eval(db, Vocabulary.EXTENSION_MISSING, "extensionName", "citext");
        assertThat(fails.holds()).isFalse();
        assertThat(fails.message()).isEqualTo("extension citext is installed (version " + version
                + ", schema service_ops), expected it not to be");
    }

    @Test
    void hostileStringsSimplyDoNotMatch(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.EXTENSION_PRESENT, "extensionName", HOSTILE).holds()).isFalse();
        assertThat(eval(db, Vocabulary.EXTENSION_PRESENT, "extensionName", "citext", "schemaName", HOSTILE).holds()).isFalse();
        assertThat(eval(db, Vocabulary.EXTENSION_MISSING, "extensionName", HOSTILE).holds()).isTrue();
        assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'packet'")).isEqualTo("1");
    }

    @Test
    void validationBeforeAnySql() {
        assertThat(Vocabulary.EXTENSION_PRESENT.validate(attrs("schemaName", "public")))
                .containsExactly("extensionPresent: attribute 'extensionName' is required");
        assertThat(Vocabulary.EXTENSION_MISSING.validate(attrs("extensionName", "citext", "schemaName", "public")))
                .singleElement().asString().startsWith("extensionMissing: unknown attribute 'schemaName'");
    }
}
