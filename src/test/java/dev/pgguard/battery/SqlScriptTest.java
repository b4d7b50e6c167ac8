package dev.pgguard.battery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsOnSemicolonsOutsideQuotesDollarQuotesAndComments() {
        String script = """
                -- Changeset changelog.yaml::001::pgguard
                SET SEARCH_PATH TO public, "$user","public";
                INSERT INTO t VALUES ('a;b', 'it''s; fine', E'back\\'slash;');
                /* a ; comment /* nested ; */ still */
                DO $pgguard$
                BEGIN
                  PERFORM 1; PERFORM $$;$$;
                END
                $pgguard$;
                SELECT $1, a$b FROM "we;ird";
                -- trailing comment; with a semicolon
                """;
        assertThat(SqlScript.split(script)).hasSize(4);
        assertThat(SqlScript.split(script).get(0)).startsWith("-- Changeset").endsWith("\"public\"");
        assertThat(SqlScript.split(script).get(1)).endsWith("E'back\\'slash;')");
        assertThat(SqlScript.split(script).get(2)).contains("PERFORM $$;$$;").endsWith("$pgguard$");
        assertThat(SqlScript.split(script).get(3)).isEqualTo("SELECT $1, a$b FROM \"we;ird\"");
    }

    @Test
    void aScriptOfCommentsHasNoStatements() {
        assertThat(SqlScript.split("-- only a comment;\n/* and; another */\n\n")).isEmpty();
    }
}
