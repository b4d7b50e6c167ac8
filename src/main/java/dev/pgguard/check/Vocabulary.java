package dev.pgguard.check;

import static dev.pgguard.check.AttributeSpec.Kind.BOOLEAN;
import static dev.pgguard.check.AttributeSpec.Kind.COUNT;
import static dev.pgguard.check.AttributeSpec.Kind.IDENTIFIER;
import static dev.pgguard.check.AttributeSpec.Kind.IDENTIFIER_LIST;
import static dev.pgguard.check.AttributeSpec.Kind.SQL_LIST;
import static dev.pgguard.check.AttributeSpec.choice;
import static dev.pgguard.check.AttributeSpec.Kind.LABEL;
import static dev.pgguard.check.AttributeSpec.Kind.SQL_PREDICATE;
import static dev.pgguard.check.AttributeSpec.Kind.TEXT;
import static dev.pgguard.check.AttributeSpec.Kind.VERSION;
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
    private static final AttributeSpec TYPE_NAME = required("typeName", IDENTIFIER);
    private static final AttributeSpec FUNCTION = required("functionName", IDENTIFIER);
    private static final AttributeSpec ARGUMENTS = optional("arguments", TEXT);
    private static final AttributeSpec TRIGGER = required("triggerName", IDENTIFIER);
    private static final AttributeSpec EXTENSION = required("extensionName", IDENTIFIER);

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
            "no column of this exact name (also when the table itself is missing)",
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

    private static final AttributeSpec CONSTRAINT = required("constraintName", IDENTIFIER);
    private static final AttributeSpec VALIDATED = optional("validated", BOOLEAN);

    public static final CheckType CONSTRAINT_PRESENT = type("constraintPresent",
            "the table has a constraint with this exact name; optionally of this type, with this definition"
                    + " (as pg_get_constraintdef() prints it) and validated or NOT VALID",
            List.of(SCHEMA, TABLE, CONSTRAINT,
                    choice("type", false, "check", "foreignKey", "unique", "primaryKey", "exclusion", "notNull"),
                    optional("definition", TEXT), VALIDATED),
            a -> new ConstraintCheck(true, a));
    public static final CheckType CONSTRAINT_MISSING = type("constraintMissing",
            "no constraint of this exact name on the table, whatever its type (also when the table is missing; a view is an error)",
            List.of(SCHEMA, TABLE, CONSTRAINT), a -> new ConstraintCheck(false, a));

    private static final List<AttributeSpec> FK_JOB = List.of(SCHEMA, TABLE, required("columnNames", IDENTIFIER_LIST),
            optional("referencedSchemaName", IDENTIFIER), required("referencedTableName", IDENTIFIER),
            required("referencedColumnNames", IDENTIFIER_LIST));
    private static final String[] FK_ACTIONS = {"noAction", "restrict", "cascade", "setNull", "setDefault"};

    public static final CheckType FOREIGN_KEY_PRESENT = new CheckType("foreignKeyPresent",
            "a foreign key, whatever its name, makes these columns (in this order) reference those columns of that table;"
                    + " optionally with these ON DELETE / ON UPDATE actions and validated or NOT VALID",
            concat(FK_JOB, choice("onDelete", false, FK_ACTIONS), choice("onUpdate", false, FK_ACTIONS), VALIDATED),
            raw -> ForeignKeyCheck.pairing("foreignKeyPresent", raw),
            a -> new ForeignKeyCheck(ForeignKeyCheck.Mode.PRESENT, a));
    public static final CheckType FOREIGN_KEY_MISSING = new CheckType("foreignKeyMissing",
            "no foreign key, whatever its name or actions, makes these columns reference those (also when the table"
                    + " is missing)",
            FK_JOB, raw -> ForeignKeyCheck.pairing("foreignKeyMissing", raw),
            a -> new ForeignKeyCheck(ForeignKeyCheck.Mode.MISSING, a));
    public static final CheckType FOREIGN_KEY_COUNT_IS = new CheckType("foreignKeyCountIs",
            "exactly this many foreign keys (under any names) make these columns reference those: finds duplicates"
                    + " (an error when the table is missing)",
            concat(FK_JOB, required("count", COUNT)), raw -> ForeignKeyCheck.pairing("foreignKeyCountIs", raw),
            a -> new ForeignKeyCheck(ForeignKeyCheck.Mode.COUNT, a));

    private static final AttributeSpec INDEX = required("indexName", IDENTIFIER);

    public static final CheckType INDEX_PRESENT = type("indexPresent",
            "an index with this exact name exists in the schema and is valid; optionally on this table, with these key"
                    + " columns (names or expressions, DESC / NULLS FIRST / NULLS LAST), unique or not, with this predicate"
                    + " (as pg_get_expr() prints it) and this access method (btree, gin, ...)",
            List.of(SCHEMA, INDEX, optional("tableName", IDENTIFIER), optional("columns", SQL_LIST), optional("unique", BOOLEAN),
                    optional("predicate", TEXT), optional("method", TEXT)),
            a -> new IndexCheck(IndexCheck.Mode.PRESENT, a));
    public static final CheckType INDEX_MISSING = type("indexMissing",
            "no relation (index, table, ...) with this exact name exists in the schema; an INVALID index left by an"
                    + " interrupted CREATE INDEX CONCURRENTLY is reported as such",
            List.of(SCHEMA, INDEX), a -> new IndexCheck(IndexCheck.Mode.MISSING, a));
    public static final CheckType INDEX_VALID = type("indexValid",
            "the index exists and is valid and ready (not left INVALID by an interrupted CREATE INDEX CONCURRENTLY)",
            List.of(SCHEMA, INDEX), a -> new IndexCheck(IndexCheck.Mode.VALID, a));
    public static final CheckType ENUM_TYPE_PRESENT = type("enumTypePresent",
            "an enum type with this exact name exists in the schema (a domain, composite or base type of that name fails)",
            List.of(SCHEMA, TYPE_NAME), a -> new EnumCheck(EnumCheck.Mode.TYPE_PRESENT, a));
    public static final CheckType ENUM_TYPE_MISSING = type("enumTypeMissing",
            "no type of any kind (enum, domain, composite, base) with this exact name exists in the schema",
            List.of(SCHEMA, TYPE_NAME), a -> new EnumCheck(EnumCheck.Mode.TYPE_MISSING, a));
    public static final CheckType ENUM_VALUE_PRESENT = type("enumValuePresent",
            "the enum has this exact label (at most 63 bytes)",
            List.of(SCHEMA, TYPE_NAME, required("value", LABEL)), a -> new EnumCheck(EnumCheck.Mode.VALUE_PRESENT, a));
    public static final CheckType ENUM_VALUE_MISSING = type("enumValueMissing",
            "the enum lacks this exact label (also when the type is missing; a type that is not an enum is an error)",
            List.of(SCHEMA, TYPE_NAME, required("value", LABEL)), a -> new EnumCheck(EnumCheck.Mode.VALUE_MISSING, a));

    public static final CheckType FUNCTION_PRESENT = type("functionPresent",
            "a function (or procedure) with this exact name exists in the schema; with arguments (\"integer, text\","
                    + " \"()\" for none) that overload",
            List.of(SCHEMA, FUNCTION, ARGUMENTS), a -> new FunctionCheck(true, a));
    public static final CheckType FUNCTION_MISSING = type("functionMissing",
            "no function with this exact name exists in the schema; with arguments, no such overload",
            List.of(SCHEMA, FUNCTION, ARGUMENTS), a -> new FunctionCheck(false, a));

    public static final CheckType TRIGGER_PRESENT = type("triggerPresent",
            "the table has a (non-internal) trigger with this exact name, optionally executing the function of this exact name",
            List.of(SCHEMA, TABLE, TRIGGER, optional("functionName", IDENTIFIER)), a -> new TriggerCheck(true, a));
    public static final CheckType TRIGGER_MISSING = type("triggerMissing",
            "no trigger with this exact name on the table (also when the table is missing)",
            List.of(SCHEMA, TABLE, TRIGGER), a -> new TriggerCheck(false, a));

    public static final CheckType EXTENSION_PRESENT = type("extensionPresent",
            "the extension is installed, optionally in the schema of this exact name",
            List.of(EXTENSION, optional("schemaName", IDENTIFIER)), a -> new ExtensionCheck(true, a));
    public static final CheckType EXTENSION_MISSING = type("extensionMissing", "the extension is not installed",
            List.of(EXTENSION), a -> new ExtensionCheck(false, a));

    public static final CheckType NO_ROWS_MATCH = type("noRowsMatch",
            "no row of the table satisfies the SQL predicate (a missing table has none); valueColumn reports the matching values",
            List.of(SCHEMA, TABLE, required("where", SQL_PREDICATE), optional("valueColumn", IDENTIFIER)),
            NoRowsMatchCheck::new);
    public static final CheckType SERVER_VERSION_AT_LEAST = type("serverVersionAtLeast",
            "the server's version (server_version_num) is at least this major[.minor] version, e.g. 12, 12.4, 16.2",
            List.of(required("version", VERSION)), ServerVersionCheck::new);
    public static final CheckType CURRENT_USER_OWNS = type("currentUserOwns",
            "the current user may act as the table's owner: is the owner, a member inheriting the owner role, or a superuser",
            List.of(SCHEMA, TABLE), CurrentUserOwnsCheck::new);
    public static final CheckType SESSION_SETTING_IS = type("sessionSettingIs",
            "the session's setting has this value, compared case-insensitively (current_setting(name, true))",
            List.of(required("name", TEXT), required("value", TEXT)), SessionSettingCheck::new);

    public static final CheckType COMMENT_IS = type("commentIs",
            "the table's comment, or the column's when columnName is given, equals comment exactly (NULL: no comment)",
            List.of(SCHEMA, TABLE, optional("columnName", IDENTIFIER), required("comment", TEXT)), CommentCheck::new);

    private static final Map<String, CheckType> BY_KEY = index();

    private Vocabulary() {
    }

    private static CheckType type(String key, String summary, List<AttributeSpec> attributes, Function<Attributes, Check> factory) {
        return new CheckType(key, summary, attributes, factory);
    }

    private static List<AttributeSpec> concat(List<AttributeSpec> first, AttributeSpec... more) {
        List<AttributeSpec> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    private static Map<String, CheckType> index() {
        Map<String, CheckType> map = new LinkedHashMap<>();
        for (CheckType t : List.of(
                SCHEMA_PRESENT, SCHEMA_MISSING,
                TABLE_PRESENT, TABLE_MISSING,
                COLUMN_PRESENT, COLUMN_MISSING, COLUMN_TYPE_IS, COLUMN_NULLABLE, COLUMN_DEFAULT_IS,
                CONSTRAINT_PRESENT, CONSTRAINT_MISSING,
                FOREIGN_KEY_PRESENT, FOREIGN_KEY_MISSING, FOREIGN_KEY_COUNT_IS,
                INDEX_PRESENT, INDEX_MISSING, INDEX_VALID,
                ENUM_TYPE_PRESENT, ENUM_TYPE_MISSING, ENUM_VALUE_PRESENT, ENUM_VALUE_MISSING,
                FUNCTION_PRESENT, FUNCTION_MISSING,
                TRIGGER_PRESENT, TRIGGER_MISSING,
                EXTENSION_PRESENT, EXTENSION_MISSING,
                COMMENT_IS,
                NO_ROWS_MATCH, SERVER_VERSION_AT_LEAST, CURRENT_USER_OWNS, SESSION_SETTING_IS)) {
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
