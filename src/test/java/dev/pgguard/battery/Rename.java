package dev.pgguard.battery;

import java.util.Objects;

/**
 * A documented rename of a domain: in {@code table} (schema-qualified), {@code column} is renamed
 * {@code to} with its values. {@link DataPreservation} then compares each row's old value with the
 * value under the new name, instead of reporting the column as gone.
 */
public record Rename(String table, String column, String to) {

    public Rename {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(to, "to");
    }
}
