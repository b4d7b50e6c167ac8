package dev.pgguard.check;

import java.util.List;
import java.util.Map;

/**
 * {@code constraintPresent} / {@code constraintMissing}: a constraint with exactly this name on
 * the table. Present may also ask for its type, its definition as pg_get_constraintdef() prints
 * it, and whether it is validated. One query reads the table and the constraint.
 */
final class ConstraintCheck implements Check {

    /** Attribute value of {@code type} to pg_constraint.contype. */
    static final Map<String, String> TYPES = Map.of(
            "check", "c", "foreignKey", "f", "unique", "u", "primaryKey", "p", "exclusion", "x", "notNull", "n");

    private static final String SQL =
            "SELECT c.relkind::text, k.conname, k.contype::text, pg_catalog.pg_get_constraintdef(k.oid), k.convalidated,"
                    + " pg_catalog.current_setting('server_version_num')::int"
                    + " FROM pg_catalog.pg_class c"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    + " LEFT JOIN pg_catalog.pg_constraint k ON k.conrelid = c.oid AND k.conname = ?::name"
                    + " WHERE n.nspname = ?::name AND c.relname = ?::name";

    private static final String NOT_VALID = " NOT VALID";

    private final boolean wantPresent;
    private final String schemaName;
    private final String tableName;
    private final String constraintName;
    private final String type;
    private final String definition;
    private final Boolean validated;

    private record Found(String relkind, String name, String contype, String definition, boolean validated, int serverVersion) {
    }

    ConstraintCheck(boolean wantPresent, Attributes a) {
        this.wantPresent = wantPresent;
        this.schemaName = a.orNull("schemaName");
        this.tableName = a.string("tableName");
        this.constraintName = a.string("constraintName");
        this.type = a.orNull("type");
        this.definition = a.orNull("definition");
        this.validated = a.bool("validated").orElse(null);
    }

    @Override
    public String key() {
        return wantPresent ? "constraintPresent" : "constraintMissing";
    }

    @Override
    public String describe() {
        String table = Identifiers.display(schemaName == null ? "<default schema>" : schemaName, tableName);
        return "constraint " + Identifiers.display(constraintName) + " on " + table + (wantPresent ? " exists" : " does not exist");
    }

    @Override
    public Outcome evaluate(CatalogSession s) throws CheckException {
        String schema = s.schema(schemaName);
        String table = Identifiers.display(schema, tableName);
        String name = "constraint " + Identifiers.display(constraintName) + " on " + table;
        Found f = s.query(SQL, List.of(constraintName, schema, tableName), rs -> rs.next()
                ? new Found(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5), rs.getInt(6))
                : null);
        if (f == null && !wantPresent) {
            return Outcome.holds(name + " does not exist: table " + table + " does not exist");
        }
        if (f == null || !isTable(f.relkind())) {
            String why = f == null ? "table " + table + " does not exist" + NearMatch.relation(s, schema, tableName)
                    : table + " is " + RelationKind.describe(f.relkind()) + ", not a table";
            if (!wantPresent) {
                throw new CheckException("cannot decide whether " + name + " is missing: " + why
                        + "; create the table first (order the changesets) or guard on tablePresent");
            }
            return Outcome.fails(name + " cannot exist: " + why);
        }
        if (f.name() == null) {
            if (!wantPresent) {
                return Outcome.holds(name + " does not exist");
            }
            String hint = "notNull".equals(type) && f.serverVersion() < 180000
                    ? " (PostgreSQL before 18 does not record NOT NULL as a constraint; use columnNullable)" : "";
            return Outcome.fails(name + " does not exist" + NearMatch.constraint(s, schema, tableName, constraintName) + hint);
        }
        String found = withoutNotValid(f.definition());
        if (!wantPresent) {
            return Outcome.fails(name + " exists (" + found + "), expected it not to");
        }
        if (type != null && !TYPES.get(type).equals(f.contype())) {
            return Outcome.fails(name + " is " + kind(f.contype()) + " (" + found + "), expected " + kind(TYPES.get(type)));
        }
        if (definition != null && !SqlText.comparable(definition).equals(SqlText.comparable(found))) {
            return Outcome.fails(name + " is " + found + ", expected " + definition.trim());
        }
        if (validated != null && validated != f.validated()) {
            return Outcome.fails(f.validated() ? name + " is validated, expected NOT VALID"
                    : name + " exists but is NOT VALID, expected validated");
        }
        return Outcome.holds(name + " exists (" + f.definition() + ")");
    }

    private static boolean isTable(String relkind) {
        return "r".equals(relkind) || "p".equals(relkind) || "f".equals(relkind);
    }

    private static String withoutNotValid(String definition) {
        return definition.endsWith(NOT_VALID) ? definition.substring(0, definition.length() - NOT_VALID.length()) : definition;
    }

    /** pg_constraint.contype in words, for messages. */
    static String kind(String contype) {
        switch (contype) {
            case "c": return "a CHECK constraint";
            case "f": return "a FOREIGN KEY";
            case "u": return "a UNIQUE constraint";
            case "p": return "a PRIMARY KEY";
            case "x": return "an EXCLUSION constraint";
            case "n": return "a NOT NULL constraint";
            case "t": return "a constraint trigger";
            default: return "a constraint of type '" + contype + "'";
        }
    }
}
