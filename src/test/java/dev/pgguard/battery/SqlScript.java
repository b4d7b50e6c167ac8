package dev.pgguard.battery;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a SQL script the way {@code psql -f} does: statement by statement, each in autocommit
 * (so CREATE INDEX CONCURRENTLY works and a SET LOCAL does nothing, exactly as for a DBA who runs
 * the updateSQL preview). Statements end at a {@code ;} outside quotes, dollar quotes and
 * comments; a piece holding only comments and white space is not a statement.
 */
public final class SqlScript {

    private SqlScript() {
    }

    /** The statements of the script, without their terminating {@code ;}. */
    public static List<String> split(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean meaningful = false;
        int n = script.length();
        int i = 0;
        while (i < n) {
            char c = script.charAt(i);
            int end;
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                current.append(script, i, end);
                i = end;
                continue;
            }
            if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                end = blockCommentEnd(script, i);
                current.append(script, i, end);
                i = end;
                continue;
            }
            if (c == ';') {
                if (meaningful) {
                    out.add(current.toString().strip());
                }
                current.setLength(0);
                meaningful = false;
                i++;
                continue;
            }
            if (c == '\'') {
                boolean escapes = i > 0 && (script.charAt(i - 1) == 'E' || script.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(script.charAt(i - 2)));
                end = quotedEnd(script, i, '\'', escapes);
            } else if (c == '"') {
                end = quotedEnd(script, i, '"', false);
            } else if (c == '$' && (i == 0 || !isIdentifierPart(script.charAt(i - 1)))) {
                String tag = dollarTag(script, i);
                if (tag != null) {
                    int close = script.indexOf(tag, i + tag.length());
                    end = close < 0 ? n : close + tag.length();
                } else {
                    end = i + 1;
                }
            } else {
                end = i + 1;
            }
            if (!Character.isWhitespace(c)) {
                meaningful = true;
            }
            current.append(script, i, end);
            i = end;
        }
        if (meaningful) {
            out.add(current.toString().strip());
        }
        return out;
    }

    /** Executes every statement of the script in autocommit, in order; the first failure names its statement. */
    public static void run(Connection connection, String script) throws SQLException {
        connection.setAutoCommit(true);
        int number = 0;
        for (String statement : split(script)) {
            number++;
            try (Statement st = connection.createStatement()) {
                st.execute(statement);
            } catch (SQLException e) {
                throw new SQLException("statement " + number + " of the script failed: " + e.getMessage() + "\n" + statement,
                        e.getSQLState(), e);
            }
        }
    }

    private static int blockCommentEnd(String s, int start) {
        int depth = 0;
        int i = start;
        while (i < s.length()) {
            if (s.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (s.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return s.length();
    }

    private static int quotedEnd(String s, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return s.length();
    }

    /** {@code $$} or {@code $tag$} starting at {@code start}, or null for a {@code $1} parameter or a lone dollar. */
    private static String dollarTag(String s, int start) {
        int i = start + 1;
        while (i < s.length() && s.charAt(i) != '$') {
            char c = s.charAt(i);
            boolean ok = i == start + 1 ? Character.isLetter(c) || c == '_' : isIdentifierPart(c);
            if (!ok) {
                return null;
            }
            i++;
        }
        return i < s.length() ? s.substring(start, i + 1) : null;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
