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
class ServerAndSessionCheckIT {

    private static final String HOSTILE = "x'; DROP TABLE public.packet; --";

    @BeforeAll
    static void schema(TestDatabase db) {
        db.execute("CREATE TABLE public.packet (id int)");
    }

    @Test
    void serverVersionAtLeast(TestDatabase db) throws Exception {
        int num = Integer.parseInt(db.value("SHOW server_version_num"));
        String shown = num / 10000 + "." + num % 10000;
        Outcome o = eval(db, Vocabulary.SERVER_VERSION_AT_LEAST, "version", "12");
        assertThat(o.holds()).isTrue();
        assertThat(o.message()).isEqualTo("server is PostgreSQL " + shown + " (" + num + "), at least 12");
        assertThat(eval(db, Vocabulary.SERVER_VERSION_AT_LEAST, "version", shown).holds()).as("equal").isTrue();
        assertThat(eval(db, Vocabulary.SERVER_VERSION_AT_LEAST, "version", num / 10000 + "." + (num % 10000 + 1)).holds())
                .as("one minor release ahead").isFalse();
        Outcome f = eval(db, Vocabulary.SERVER_VERSION_AT_LEAST, "version", "99.2");
        assertThat(f.holds()).isFalse();
        assertThat(f.message()).isEqualTo("server is PostgreSQL " + shown + " (" + num + "), expected at least 99.2");
        assertThat(ServerVersionCheck.display(110022)).isEqualTo("11.22");
        assertThat(ServerVersionCheck.display(90624)).isEqualTo("9.6.24");
    }

    @Test
    void serverVersionFormatIsValidated() {
        assertThat(Vocabulary.SERVER_VERSION_AT_LEAST.validate(attrs("version", "16.2"))).isEmpty();
        for (String bad : new String[] {"9.6", "12.4.1", "v12", "12.", "twelve", HOSTILE}) {
            assertThat(Vocabulary.SERVER_VERSION_AT_LEAST.validate(attrs("version", bad))).as(bad)
                    .containsExactly("serverVersionAtLeast: attribute 'version' is '" + bad + "'; expected a PostgreSQL"
                            + " version such as 12, 12.4 or 16.2 (major version 10 or later, optional minor version)");
        }
        assertThat(Vocabulary.SERVER_VERSION_AT_LEAST.validate(attrs()))
                .containsExactly("serverVersionAtLeast: attribute 'version' is required");
    }

    @Test
    void sessionSettingIs(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'America/New_York'");
            Outcome f = on(c, Vocabulary.SESSION_SETTING_IS, "name", "TimeZone", "value", "UTC");
            assertThat(f.holds()).isFalse();
            assertThat(f.message()).isEqualTo("TimeZone is America/New_York, expected UTC");
            st.execute("SET TimeZone = 'UTC'");
            Outcome o = on(c, Vocabulary.SESSION_SETTING_IS, "name", "TimeZone", "value", "utc");
            assertThat(o.holds()).isTrue();
            assertThat(o.message()).isEqualTo("TimeZone is UTC");
            assertThat(on(c, Vocabulary.SESSION_SETTING_IS, "name", "timezone", "value", "UTC").holds())
                    .as("setting names are case-insensitive in PostgreSQL").isTrue();
            st.execute("SET standard_conforming_strings = on");
            assertThat(on(c, Vocabulary.SESSION_SETTING_IS, "name", "standard_conforming_strings", "value", "ON").holds())
                    .isTrue();
            st.execute("SET myapp.mode = 'Strict'");
            assertThat(on(c, Vocabulary.SESSION_SETTING_IS, "name", "myapp.mode", "value", "strict").holds()).isTrue();
        }
    }

    @Test
    void unknownSettingCannotBeDecided(TestDatabase db) {
        assertThatThrownBy(() -> eval(db, Vocabulary.SESSION_SETTING_IS, "name", "no_such_setting", "value", "x"))
                .isInstanceOf(CheckException.class)
                .hasMessage("setting 'no_such_setting' is unknown to the server (not a PostgreSQL setting and no custom"
                        + " setting of that name is set)");
        assertThatThrownBy(() -> eval(db, Vocabulary.SESSION_SETTING_IS, "name", HOSTILE, "value", HOSTILE))
                .isInstanceOf(CheckException.class)
                .hasMessageContaining("is unknown to the server");
        assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'packet'")).isEqualTo("1");
    }

    @Test
    void hostileValueSimplyDoesNotMatch(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.SESSION_SETTING_IS, "name", "TimeZone", "value", HOSTILE).holds()).isFalse();
        assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'packet'")).isEqualTo("1");
    }

    @Test
    void sessionSettingValidation() {
        assertThat(Vocabulary.SESSION_SETTING_IS.validate(attrs("name", "TimeZone")))
                .containsExactly("sessionSettingIs: attribute 'value' is required");
    }
}
