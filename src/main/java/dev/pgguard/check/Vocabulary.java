package dev.pgguard.check;

import static dev.pgguard.check.AttributeSpec.Kind.BOOLEAN;
import static dev.pgguard.check.AttributeSpec.Kind.IDENTIFIER;
import static dev.pgguard.check.AttributeSpec.Kind.TEXT;
import static dev.pgguard.check.AttributeSpec.optional;
import static dev.pgguard.check.AttributeSpec.required;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every key of pgguard's precondition vocabulary. The Liquibase preconditions, the
 * expected-schema verifier and the documentation are all generated from this one table.
 */
public final class Vocabulary {

    private static final AttributeSpec SCHEMA = optional("schemaName", IDENTIFIER);
    private static final AttributeSpec TABLE = required("tableName", IDENTIFIER);
    private static final AttributeSpec COLUMN = required("columnName", IDENTIFIER);

    public static final CheckType SCHEMA_PRESENT = type("schemaPresent", "a schema with this exact name exists",
            List.of(required("schemaName", IDENTIFIER)), a -> new SchemaCheck(true, a));
    public static final CheckType SCHEMA_MISSING = type("schemaMissing", "no schema with this exact name exists",
            List.of(required("schemaName", IDENTIFIER)), a -> new SchemaCheck(false, a));

    public static final CheckType TABLE_PRESENT = type("tablePresent",
            "an ordinary table with this exact name exists in the schema",
            List.of(SCHEMA, TABLE), a -> new TableCheck(true, a));
    public static final CheckType TABLE_MISSING = type("tableMissing",
            "no relation (table, view, sequence, index, ...) with this exact name exists in the schema",
            List.of(SCHEMA, TABLE), a -> new TableCheck(false, a));

    public static final CheckType COLUMN_PRESENT = type("columnPresent", "the table has this column",
            List.of(SCHEMA, TABLE, COLUMN), a -> new ColumnCheck(ColumnCheck.Mode.PRESENT, a));
    public static final CheckType COLUMN_MISSING = type("columnMissing",
            "the table exists and lacks this column (an error when the table itself is missing)",
            List.of(SCHEMA, TABLE, COLUMN), a -> new ColumnCheck(ColumnCheck.Mode.MISSING, a));
    public static final CheckType COLUMN_TYPE_IS = type("columnTypeIs",
            "the column's type, compared as format_type() prints it (aliases such as int4, varchar(n), timestamptz normalised)",
            List.of(SCHEMA, TABLE, COLUMN, required("type", TEXT)), a -> new ColumnCheck(ColumnCheck.Mode.TYPE, a));
    public static final CheckType COLUMN_NULLABLE = type("columnNullable",
            "the column is nullable (nullable: true) or NOT NULL (nullable: false)",
            List.of(SCHEMA, TABLE, COLUMN, required("nullable", BOOLEAN)), a -> new ColumnCheck(ColumnCheck.Mode.NULLABLE, a));
    public static final CheckType COLUMN_DEFAULT_IS = type("columnDefaultIs",
            "the column's default expression as pg_get_expr() prints it (a trailing cast may be left out; NULL means no default)",
            List.of(SCHEMA, TABLE, COLUMN, required("defaultValue", TEXT)), a -> new ColumnCheck(ColumnCheck.Mode.DEFAULT, a));

    private static final Map<String, CheckType> BY_KEY = index();

    private Vocabulary() {
    }

    private static CheckType type(String key, String summary, List<AttributeSpec> attributes, Function<Attributes, Check> factory) {
        return new CheckType(key, summary, attributes, factory);
    }

    private static Map<String, CheckType> index() {
        Map<String, CheckType> map = new LinkedHashMap<>();
        for (CheckType t : List.of(
                SCHEMA_PRESENT, SCHEMA_MISSING,
                TABLE_PRESENT, TABLE_MISSING,
                COLUMN_PRESENT, COLUMN_MISSING, COLUMN_TYPE_IS, COLUMN_NULLABLE, COLUMN_DEFAULT_IS)) {
            if (map.put(t.key(), t) != null) {
                throw new IllegalStateException("duplicate key " + t.key());
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** All keys, in declaration order. */
    public static List<CheckType> all() {
        return new ArrayList<>(BY_KEY.values());
    }

    public static Optional<CheckType> find(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }
}
