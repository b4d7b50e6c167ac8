package dev.pgguard.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small SQL scanner for the linter, not a parser: splits a script into statements at
 * {@code ;} outside string literals, quoted identifiers, dollar quotes and comments, drops the
 * comments, collapses white space, and opens {@code DO} blocks so the statements of their body
 * (and their {@code set_config} calls) are seen in order.
 */
final class SqlStatements {

    private static final Pattern DO_BLOCK = Pattern.compile("(?is)^DO\\s+(?:LANGUAGE\\s+plpgsql\\s+)?(\\$[A-Za-z0-9_]*\\$)(.*)\\1.*$");

    private SqlStatements() {
    }

    /** The statements of {@code script}, in order, each on one line; DO blocks replaced by their body's statements. */
    static List<String> split(String script) {
        List<String> out = new ArrayList<>();
        for (String s : splitTop(script == null ? "" : script)) {
            Matcher m = DO_BLOCK.matcher(s);
            if (m.matches()) {
                for (String inner : splitTop(m.group(2))) {
                    String t = inner.replaceFirst("(?i)^BEGIN\\s+", "").replaceFirst("(?i)^END$", "").trim();
                    if (!t.isEmpty()) {
                        out.add(t);
                    }
                }
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static List<String> splitTop(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                cur.append(' ');
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int depth = 0;
                while (i < n) {
                    if (sql.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                        if (depth == 0) {
                            break;
                        }
                    } else {
                        i++;
                    }
                }
                cur.append(' ');
                continue;
            }
            if (c == '\'' || c == '"') {
                int end = i + 1;
                while (end < n) {
                    if (sql.charAt(end) == c) {
                        if (end + 1 < n && sql.charAt(end + 1) == c) {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                end = Math.min(end + 1, n);
                cur.append(sql, i, end);
                i = end;
                continue;
            }
            if (c == '$') {
                Matcher tag = Pattern.compile("\\$[A-Za-z_0-9]*\\$").matcher(sql).region(i, n);
                if (tag.lookingAt() && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
                    String t = tag.group();
                    int close = sql.indexOf(t, i + t.length());
                    int end = close < 0 ? n : close + t.length();
                    cur.append(sql, i, end);
                    i = end;
                    continue;
                }
            }
            if (c == ';') {
                add(out, cur);
                cur.setLength(0);
                i++;
                continue;
            }
            cur.append(c);
            i++;
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = collapse(cur.toString());
        if (!s.isEmpty()) {
            out.add(s);
        }
    }

    /** White space outside literals collapsed to one space, trimmed. */
    private static String collapse(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                b.append(c);
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
            }
            if (Character.isWhitespace(c)) {
                space = true;
                continue;
            }
            if (space && b.length() > 0) {
                b.append(' ');
            }
            space = false;
            b.append(c);
        }
        return b.toString().trim();
    }

    /** Splits {@code s} at commas outside parentheses and quotes (the actions of an ALTER TABLE). */
    static List<String> topLevelCommas(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(s.substring(start).trim());
        return out;
    }
}
