package dev.pgguard.check;

/**
 * Lexical helpers for SQL text from changelogs and from the catalog: a scanner that knows
 * PostgreSQL's quoting (string literals, E'' escapes, quoted identifiers, dollar quotes,
 * comments) and the normalisation used to compare definitions.
 */
public final class SqlText {

    private SqlText() {
    }

    /** True when {@code sql} holds a {@code ;} outside literals, identifiers and comments. */
    public static boolean hasStatementSeparator(String sql) {
        return scan(sql).separator;
    }

    /** True when a literal, identifier, comment or parenthesis is left open, or closed before it opened. */
    public static boolean hasUnbalancedQuotesOrParentheses(String sql) {
        Scan s = scan(sql);
        return s.unterminated || s.depth != 0 || s.negative;
    }

    /**
     * The comparison form of a definition: runs of white space become one space, no space after
     * an opening or before a closing parenthesis, none before a comma; text inside literals and
     * quoted identifiers is left as it is.
     */
    public static String normalize(String sql) {
        if (sql == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        int n = sql.length();
        boolean pendingSpace = false;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                pendingSpace = true;
                i++;
                continue;
            }
            int end = i + 1;
            if (c == '\'' || c == '"') {
                end = quotedEnd(sql, i, c);
            }
            if (pendingSpace && out.length() > 0) {
                char last = out.charAt(out.length() - 1);
                if (last != '(' && c != ')' && c != ',') {
                    out.append(' ');
                }
            }
            pendingSpace = false;
            out.append(sql, i, end);
            i = end;
        }
        return out.toString();
    }

    /**
     * The form two SQL texts are compared in: {@link #normalize(String)}, then letters outside
     * literals and quoted identifiers lower-cased (PostgreSQL folds keywords and plain names).
     */
    public static String comparable(String sql) {
        if (sql == null) {
            return null;
        }
        String n = normalize(sql.trim());
        StringBuilder out = new StringBuilder(n.length());
        char quote = 0;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
                out.append(c);
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                out.append(c);
            } else {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString();
    }

    private static int quotedEnd(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static final class Scan {
        boolean separator;
        boolean unterminated;
        boolean negative;
        int depth;
    }

    private static Scan scan(String sql) {
        Scan s = new Scan();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)));
                int j = i + 1;
                boolean closed = false;
                while (j < n) {
                    char d = sql.charAt(j);
                    if (escapes && d == '\\') {
                        j += 2;
                        continue;
                    }
                    if (d == '\'') {
                        if (j + 1 < n && sql.charAt(j + 1) == '\'') {
                            j += 2;
                            continue;
                        }
                        closed = true;
                        break;
                    }
                    j++;
                }
                if (!closed) {
                    s.unterminated = true;
                    return s;
                }
                i = j + 1;
            } else if (c == '"') {
                int end = quotedEnd(sql, i, '"');
                if (end == n && (end - i < 2 || sql.charAt(end - 1) != '"')) {
                    s.unterminated = true;
                    return s;
                }
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int level = 1;
                int j = i + 2;
                while (j < n && level > 0) {
                    if (sql.startsWith("/*", j)) {
                        level++;
                        j += 2;
                    } else if (sql.startsWith("*/", j)) {
                        level--;
                        j += 2;
                    } else {
                        j++;
                    }
                }
                if (level > 0) {
                    s.unterminated = true;
                    return s;
                }
                i = j;
            } else if (c == '$' && (i == 0 || !isIdentChar(sql.charAt(i - 1)))) {
                int j = i + 1;
                while (j < n && isIdentChar(sql.charAt(j)) && sql.charAt(j) != '$') {
                    j++;
                }
                if (j < n && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
                    String tag = sql.substring(i, j + 1);
                    int close = sql.indexOf(tag, j + 1);
                    if (close < 0) {
                        s.unterminated = true;
                        return s;
                    }
                    i = close + tag.length();
                } else {
                    i++;
                }
            } else {
                if (c == ';') {
                    s.separator = true;
                } else if (c == '(') {
                    s.depth++;
                } else if (c == ')') {
                    s.depth--;
                    if (s.depth < 0) {
                        s.negative = true;
                    }
                }
                i++;
            }
        }
        return s;
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
