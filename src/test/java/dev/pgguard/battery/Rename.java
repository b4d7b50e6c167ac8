package dev.pgguard.battery;

import java.util.Objects;

/**
 * A documented column rename of a domain: in {@code table} (schema-qualified), the values the
 * column {@code from} held before the update are read from the column {@code to} after it (a
 * {@code RENAME COLUMN} keeps the values; {@link DataPreservation} would otherwise report the old
 * column as gone).
 */
public record Rename(String table, String from, String to) {

    public Rename {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
