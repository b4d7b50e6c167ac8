package dev.pgguard.check;

import java.sql.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code enumTypePresent}, {@code enumTypeMissing}, {@code enumValuePresent},
 * {@code enumValueMissing}: one query reads the type of exactly this name in the schema, what
 * kind of type it is, and its labels in sort order.
 */
final class EnumCheck implements Check {

    enum Mode { TYPE_PRESENT, TYPE_MISSING, VALUE_PRESENT, VALUE_MISSING }

    private static final String SQL =
            "SELECT t.typtype::text, t.typcategory::text, c.relkind::text,"
                    + " ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid"
                    + "  ORDER BY e.enumsortorder)"
                    + " FROM pg_catalog.pg_type t"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
                    + " LEFT JOIN pg_catalog.pg_class c ON c.oid = t.typrelid"
                    + " WHERE n.nspname = ?::name AND t.typname = ?::name";

    private static final String NEAR =
            "SELECT n.nspname, t.typname FROM pg_catalog.pg_type t"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
                    + " WHERE pg_catalog.lower(t.typname) = pg_catalog.lower(?) AND t.typtype = 'e'"
                    + " ORDER BY n.nspname = ? DESC, n.nspname, t.typname LIMIT 3";

    private final Mode mode;
    private final String schemaName;
    private final String typeName;
    private final String value;

    private record Found(String typtype, String category, String relkind, List<String> labels) {
    }

    EnumCheck(Mode mode, Attributes a) {
        this.mode = mode;
        this.schemaName = a.orNull("schemaName");
        this.typeName = a.string("typeName");
        this.value = mode == Mode.VALUE_PRESENT || mode == Mode.VALUE_MISSING ? a.string("value") : null;
    }

    @Override
    public String key() {
        switch (mode) {
            case TYPE_PRESENT: return "enumTypePresent";
            case TYPE_MISSING: return "enumTypeMissing";
            case VALUE_PRESENT: return "enumValuePresent";
            default: return "enumValueMissing";
        }
    }

    @Override
    public String describe() {
        String name = Identifiers.display(schemaName == null ? "<default schema>" : schemaName, typeName);
        switch (mode) {
            case TYPE_PRESENT: return "enum " + name + " exists";
            case TYPE_MISSING: return "no type " + name + " exists";
            case VALUE_PRESENT: return "enum " + name + " has value " + Literals.quote(value);
            default: return "enum " + name + " exists without value " + Literals.quote(value);
        }
    }

    @Override
    public Outcome evaluate(CatalogSession s) throws CheckException {
        String schema = s.schema(schemaName);
        String name = Identifiers.display(schema, typeName);
        Found f = s.query(SQL, List.of(schema, typeName), rs -> {
            if (!rs.next()) {
                return null;
            }
            Array labels = rs.getArray(4);
            List<String> list = labels == null ? List.of() : Arrays.asList((String[]) labels.getArray());
            return new Found(rs.getString(1), rs.getString(2), rs.getString(3), list);
        });
        switch (mode) {
            case TYPE_PRESENT:
                if (f == null) {
                    return Outcome.fails("enum " + name + " does not exist" + near(s, schema));
                }
                return isEnum(f)
                        ? Outcome.holds("enum " + name + " exists (values: " + Literals.list(f.labels()) + ")")
                        : Outcome.fails(name + " is " + kind(f) + ", expected an enum");
            case TYPE_MISSING:
                if (f == null) {
                    return Outcome.holds("no type " + name + " exists");
                }
                return isEnum(f)
                        ? Outcome.fails("enum " + name + " exists, expected no type of that name")
                        : Outcome.fails(name + " exists as " + kind(f) + ", expected no type of that name (the name is taken)");
            case VALUE_PRESENT:
                if (f == null) {
                    return Outcome.fails("enum " + name + " does not exist" + near(s, schema)
                            + ", so it has no value " + Literals.quote(value));
                }
                if (!isEnum(f)) {
                    return Outcome.fails(name + " is " + kind(f) + ", expected an enum with value " + Literals.quote(value));
                }
                return f.labels().contains(value)
                        ? Outcome.holds("enum " + name + " has value " + Literals.quote(value))
                        : Outcome.fails("enum " + name + " has no value " + Literals.quote(value) + nearLabel(f.labels())
                                + "; its values: " + Literals.list(f.labels()));
            default:
                if (f == null) {
                    return Outcome.holds("enum " + name + " has no value " + Literals.quote(value) + ": type " + name
                            + " does not exist");
                }
                if (!isEnum(f)) {
                    throw new CheckException("cannot decide whether enum " + name + " lacks value " + Literals.quote(value)
                            + ": " + name + " is " + kind(f) + ", not an enum");
                }
                return f.labels().contains(value)
                        ? Outcome.fails("enum " + name + " has value " + Literals.quote(value) + ", expected it not to")
                        : Outcome.holds("enum " + name + " has no value " + Literals.quote(value));
        }
    }

    private static boolean isEnum(Found f) {
        return "e".equals(f.typtype());
    }

    private static String kind(Found f) {
        switch (f.typtype()) {
            case "b": return "A".equals(f.category()) ? "an array type" : "a base type";
            case "c": return f.relkind() == null || "c".equals(f.relkind()) ? "a composite type"
                    : "the row type of " + RelationKind.describe(f.relkind());
            case "d": return "a domain";
            case "p": return "a pseudo-type";
            case "r": return "a range type";
            case "m": return "a multirange type";
            default: return "a type of kind '" + f.typtype() + "'";
        }
    }

    private String nearLabel(List<String> labels) {
        for (String label : labels) {
            if (Identifiers.sameIgnoringCase(label, value)) {
                return " (did you mean " + Literals.quote(label) + "?)";
            }
        }
        return "";
    }

    private String near(CatalogSession s, String schema) throws CheckException {
        List<String> found = s.query(NEAR, List.of(typeName, schema), rs -> {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(Identifiers.display(rs.getString(1), rs.getString(2)));
            }
            return names;
        });
        return found.isEmpty() ? "" : " (did you mean " + String.join(" or ", found) + "?)";
    }
}
