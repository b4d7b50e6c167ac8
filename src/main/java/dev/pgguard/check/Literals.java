package dev.pgguard.check;

import java.util.List;

/** Text values as SQL literals and lists, for messages only (never for SQL text). */
final class Literals {

    private Literals() {
    }

    /** {@code 'it''s'}; {@code NULL} for null. */
    static String quote(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }

    /** Elements joined with ", ", or "(none)". */
    static String list(List<String> items) {
        return items.isEmpty() ? "(none)" : String.join(", ", items);
    }
}
