package dev.pgguard.battery;

import java.util.Objects;

/**
 * A documented data change of a domain: in {@code table} (schema-qualified), a row whose
 * {@code column} held {@code from} (null: SQL NULL) before the update may hold {@code to} after it.
 * Values compare as text (TimeZone UTC).
 */
public record Backfill(String table, String column, String from, String to) {

    public Backfill {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
    }

    boolean allows(String table, String column, String before, String after) {
        return this.table.equals(table) && this.column.equals(column) && Objects.equals(from, before)
                && Objects.equals(to, after);
    }
}
