package dev.pgguard.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTextTest {

    @Test
    void findsOnlyRealStatementSeparators() {
        assertThat(SqlText.hasStatementSeparator("a = 1; DROP TABLE t")).isTrue();
        assertThat(SqlText.hasStatementSeparator("a = ';'")).isFalse();
        assertThat(SqlText.hasStatementSeparator("\"we;ird\" = 1")).isFalse();
        assertThat(SqlText.hasStatementSeparator("a = 1 -- ; comment\n")).isFalse();
        assertThat(SqlText.hasStatementSeparator("a = 1 /* ; /* nested ; */ */")).isFalse();
        assertThat(SqlText.hasStatementSeparator("a = $x$;$x$")).isFalse();
        assertThat(SqlText.hasStatementSeparator("a = E'\\';'")).isFalse();
        assertThat(SqlText.hasStatementSeparator("a = 'x''; DROP TABLE t; --'")).isFalse();
    }

    @Test
    void detectsUnbalancedQuotesAndParentheses() {
        assertThat(SqlText.hasUnbalancedQuotesOrParentheses("x'; DROP TABLE t; --")).isTrue();
        assertThat(SqlText.hasUnbalancedQuotesOrParentheses("1=1) OR (1=1")).isTrue();
        assertThat(SqlText.hasUnbalancedQuotesOrParentheses("(a IN ('x', 'y'))")).isFalse();
        assertThat(SqlText.hasUnbalancedQuotesOrParentheses("a = 1 /* open")).isTrue();
    }

    @Test
    void comparableFoldsSpaceAndCaseButNotLiterals() {
        assertThat(SqlText.comparable("CHECK ( status IN ( 'A',  'b' ) )")).isEqualTo("check (status in ('A', 'b'))");
        assertThat(SqlText.comparable("\"studentId\"  IS NOT NULL")).isEqualTo("\"studentId\" is not null");
        assertThat(SqlText.comparable("x = 'Two  Spaces'")).isEqualTo("x = 'Two  Spaces'");
    }
}
