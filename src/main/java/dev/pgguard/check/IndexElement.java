package dev.pgguard.check;

import java.util.Locale;

/**
 * One key column of an index as a changelog writes it ({@code "studentId"}, {@code lower(email)},
 * {@code created_at DESC NULLS LAST}) and its comparison with what the catalog holds: the column
 * name (pg_attribute.attname) or expression (pg_get_indexdef(oid, k, true)) and pg_index.indoption.
 */
final class IndexElement {

    /** pg_index.indoption bits. */
    static final int DESC = 1;
    static final int NULLS_FIRST = 2;

    private final String written;
    private final String base;
    private final int options;

    private IndexElement(String written, String base, int options) {
        this.written = written;
        this.base = base;
        this.options = options;
    }

    static IndexElement parse(String text) {
        String s = text.trim();
        Boolean nullsFirst = null;
        if (endsWithWord(s, " nulls first")) {
            nullsFirst = true;
            s = s.substring(0, s.length() - " nulls first".length()).trim();
        } else if (endsWithWord(s, " nulls last")) {
            nullsFirst = false;
            s = s.substring(0, s.length() - " nulls last".length()).trim();
        }
        boolean desc = false;
        if (endsWithWord(s, " desc")) {
            desc = true;
            s = s.substring(0, s.length() - " desc".length()).trim();
        } else if (endsWithWord(s, " asc")) {
            s = s.substring(0, s.length() - " asc".length()).trim();
        }
        boolean first = nullsFirst == null ? desc : nullsFirst;
        return new IndexElement(text.trim(), s, (desc ? DESC : 0) | (first ? NULLS_FIRST : 0));
    }

    private static boolean endsWithWord(String s, String suffix) {
        return s.length() > suffix.length() && s.toLowerCase(Locale.ROOT).endsWith(suffix);
    }

    /**
     * @param attname    the key column's name, or {@code null} or empty for an expression
     * @param definition pg_get_indexdef(indexrelid, k, true) of that key column
     * @param indoption  pg_index.indoption of that key column
     */
    boolean matches(String attname, String definition, int indoption) {
        if ((indoption & (DESC | NULLS_FIRST)) != options) {
            return false;
        }
        if (attname != null && !attname.isEmpty()) {
            return base.equals(attname) || base.equals(Identifiers.quote(attname));
        }
        return sameExpression(base, definition);
    }

    /** Equal as SQL text, allowing one extra level of outer parentheses on either side. */
    static boolean sameExpression(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        String ca = SqlText.comparable(a);
        String cb = SqlText.comparable(b);
        String sa = SqlText.comparable(withoutOuterParentheses(a));
        String sb = SqlText.comparable(withoutOuterParentheses(b));
        return ca.equals(cb) || sa.equals(cb) || ca.equals(sb);
    }

    /** {@code s} without one pair of parentheses enclosing all of it, or {@code s} when there is none. */
    static String withoutOuterParentheses(String s) {
        String t = s.trim();
        if (t.length() < 2 || t.charAt(0) != '(' || t.charAt(t.length() - 1) != ')') {
            return t;
        }
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0 && i < t.length() - 1) {
                    return t;
                }
            }
        }
        return t.substring(1, t.length() - 1).trim();
    }

    @Override
    public String toString() {
        return written;
    }
}
