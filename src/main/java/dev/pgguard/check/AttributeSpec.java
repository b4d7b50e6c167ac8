package dev.pgguard.check;

import java.util.List;
import java.util.Objects;

/** One attribute of a check: its name, what kind of value it takes, whether it is required. */
public record AttributeSpec(String name, Kind kind, boolean required, List<String> choices) {

    /** What kind of value an attribute takes, and so how it is validated. */
    public enum Kind {
        /** A PostgreSQL identifier taken exactly (no case folding), at most 63 bytes. */
        IDENTIFIER,
        /** A list of identifiers: a YAML list, or a comma-separated string. */
        IDENTIFIER_LIST,
        /** A list of SQL fragments (index elements): a YAML list, or a comma-separated string without parentheses. */
        SQL_LIST,
        /** Free text compared by the check (a type, a default expression, a definition). */
        TEXT,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A SQL boolean expression from the changelog: a single expression, no statement separator. */
        SQL_PREDICATE,
        /** One of {@link AttributeSpec#choices()}. */
        CHOICE,
        /** A non-negative whole number (a YAML number, or text holding one). */
        COUNT,
        /** Free text that PostgreSQL stores as a name-sized label (an enum value): at most 63 bytes, compared exactly. */
        LABEL,
        /** A PostgreSQL server version: a major version (10 or later) with an optional minor, e.g. 12, 12.4, 16.2. */
        VERSION
    }

    public AttributeSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        choices = List.copyOf(choices);
    }

    public static AttributeSpec required(String name, Kind kind) {
        return new AttributeSpec(name, kind, true, List.of());
    }

    public static AttributeSpec optional(String name, Kind kind) {
        return new AttributeSpec(name, kind, false, List.of());
    }

    public static AttributeSpec choice(String name, boolean required, String... choices) {
        return new AttributeSpec(name, Kind.CHOICE, required, List.of(choices));
    }
}
