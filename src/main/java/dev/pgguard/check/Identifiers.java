package dev.pgguard.check;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/** PostgreSQL identifiers: validation, quoting, and the forms used in messages. */
public final class Identifiers {

    /** NAMEDATALEN - 1: PostgreSQL silently truncates longer identifiers. */
    public static final int MAX_BYTES = 63;

    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

    private Identifiers() {
    }

    /**
     * Why {@code name} cannot be a PostgreSQL identifier, or {@code null} when it can. Names are
     * taken exactly as stored (no case folding); the limit is 63 bytes in UTF-8.
     */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "is empty";
        }
        if (name.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return "is " + bytes + " bytes long; PostgreSQL identifiers are at most " + MAX_BYTES
                    + " bytes and longer ones are silently truncated, so no object can have this name";
        }
        return null;
    }

    /** Always double-quoted, for SQL text. */
    public static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Quoted only when PostgreSQL would need it (approximation of quote_ident without keywords), for messages. */
    public static String display(String name) {
        return PLAIN.matcher(name).matches() ? name : quote(name);
    }

    public static String display(String schema, String name) {
        return display(schema) + '.' + display(name);
    }

    public static String display(String schema, String table, String column) {
        return display(schema, table) + '.' + display(column);
    }

    /** Case-insensitive comparison used only to suggest a near match in a message. */
    public static boolean sameIgnoringCase(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }
}
