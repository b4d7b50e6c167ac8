package dev.pgguard.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code foreignKeyPresent}, {@code foreignKeyMissing}, {@code foreignKeyCountIs}: foreign keys
 * by what they do (these columns, in this order, reference those columns of that table), whatever
 * they are named. One query reads every foreign key of the table with its columns resolved to
 * names in key order; the matching is done here. The extra rows PostgreSQL adds for each
 * partition of a referenced partitioned table (their parent constraint is on the same table) are
 * not counted; a partition's copy of its parent's foreign key is.
 */
final class ForeignKeyCheck implements Check {

    enum Mode { PRESENT, MISSING, COUNT }

    /** Attribute value of {@code onDelete} / {@code onUpdate} to pg_constraint.confdeltype / confupdtype. */
    static final Map<String, String> ACTIONS = Map.of(
            "noAction", "a", "restrict", "r", "cascade", "c", "setNull", "n", "setDefault", "d");

    private static final String SQL =
            "SELECT c.relkind::text, k.conname, k.convalidated, k.confdeltype::text, k.confupdtype::text, rn.nspname, rc.relname,"
                    + " ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(k.conkey) WITH ORDINALITY u(attnum, ord)"
                    + "  JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.ord),"
                    + " ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(k.confkey) WITH ORDINALITY u(attnum, ord)"
                    + "  JOIN pg_catalog.pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.ord)"
                    + " FROM pg_catalog.pg_class c"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    + " LEFT JOIN pg_catalog.pg_constraint k ON k.conrelid = c.oid AND k.contype = 'f'"
                    + "  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint pk WHERE pk.oid = k.conparentid"
                    + "  AND pk.conrelid = k.conrelid)"
                    + " LEFT JOIN pg_catalog.pg_class rc ON rc.oid = k.confrelid"
                    + " LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace"
                    + " WHERE n.nspname = ?::name AND c.relname = ?::name"
                    + " ORDER BY k.conname";

    private final Mode mode;
    private final String schemaName;
    private final String tableName;
    private final List<String> columns;
    private final String referencedSchemaName;
    private final String referencedTableName;
    private final List<String> referencedColumns;
    private final String onDelete;
    private final String onUpdate;
    private final Boolean validated;
    private final int count;

    /** One foreign key as found. */
    private record Fk(String name, boolean validated, String onDelete, String onUpdate, String refSchema, String refTable,
            List<String> columns, List<String> refColumns) {

        String describe() {
            return Identifiers.display(name) + " " + job(columns, refSchema, refTable, refColumns)
                    + ("a".equals(onDelete) ? "" : " ON DELETE " + action(onDelete))
                    + ("a".equals(onUpdate) ? "" : " ON UPDATE " + action(onUpdate))
                    + (validated ? "" : " NOT VALID");
        }
    }

    ForeignKeyCheck(Mode mode, Attributes a) {
        this.mode = mode;
        this.schemaName = a.orNull("schemaName");
        this.tableName = a.string("tableName");
        this.columns = a.list("columnNames");
        this.referencedSchemaName = a.orNull("referencedSchemaName");
        this.referencedTableName = a.string("referencedTableName");
        this.referencedColumns = a.list("referencedColumnNames");
        this.onDelete = a.optional("onDelete").map(ACTIONS::get).orElse(null);
        this.onUpdate = a.optional("onUpdate").map(ACTIONS::get).orElse(null);
        this.validated = a.bool("validated").orElse(null);
        this.count = mode == Mode.COUNT ? a.count("count") : -1;
    }

    /** Cross-attribute rule: the two column lists pair up one to one. */
    static List<String> pairing(String key, Map<String, ?> raw) {
        Object from = raw.get("columnNames");
        Object to = raw.get("referencedColumnNames");
        if (from == null || to == null) {
            return List.of();
        }
        int n = Attributes.list(from).size();
        int m = Attributes.list(to).size();
        return n == m ? List.of() : List.of(key + ": attribute 'columnNames' has " + n + " name(s) but attribute"
                + " 'referencedColumnNames' has " + m + "; a foreign key pairs them one to one");
    }

    @Override
    public String key() {
        switch (mode) {
            case PRESENT: return "foreignKeyPresent";
            case MISSING: return "foreignKeyMissing";
            default: return "foreignKeyCountIs";
        }
    }

    @Override
    public String describe() {
        String table = Identifiers.display(schemaName == null ? "<default schema>" : schemaName, tableName);
        String refSchema = referencedSchemaName != null ? referencedSchemaName
                : schemaName != null ? schemaName : "<default schema>";
        String job = job(columns, refSchema, referencedTableName, referencedColumns);
        switch (mode) {
            case PRESENT: return "a foreign key on " + table + " does " + job;
            case MISSING: return "no foreign key on " + table + " does " + job;
            default: return count + " foreign key(s) on " + table + " do " + job;
        }
    }

    @Override
    public Outcome evaluate(CatalogSession s) throws CheckException {
        String schema = s.schema(schemaName);
        // absent, the referenced table is in the table's own schema (the usual case, and what a reader expects)
        String refSchema = referencedSchemaName != null ? referencedSchemaName : schema;
        String table = Identifiers.display(schema, tableName);
        String job = job(columns, refSchema, referencedTableName, referencedColumns);
        List<String> relkind = new ArrayList<>(1);
        List<Fk> all = s.query(SQL, List.of(schema, tableName), rs -> {
            List<Fk> fks = new ArrayList<>();
            while (rs.next()) {
                if (relkind.isEmpty()) {
                    relkind.add(rs.getString(1));
                }
                if (rs.getString(2) != null) {
                    fks.add(new Fk(rs.getString(2), rs.getBoolean(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), names(rs.getArray(8)), names(rs.getArray(9))));
                }
            }
            return fks;
        });
        if (relkind.isEmpty() || !("r".equals(relkind.get(0)) || "p".equals(relkind.get(0)))) {
            String why = relkind.isEmpty() ? "table " + table + " does not exist" + NearMatch.relation(s, schema, tableName)
                    : table + " is " + RelationKind.describe(relkind.get(0)) + ", not a table";
            if (mode == Mode.PRESENT) {
                return Outcome.fails("no foreign key can do " + job + ": " + why);
            }
            if (relkind.isEmpty() && mode == Mode.MISSING) {
                return Outcome.holds("no foreign key on " + table + " does " + job + ": table " + table + " does not exist");
            }
            throw new CheckException("cannot decide " + (mode == Mode.MISSING ? "whether" : "how many")
                    + " foreign keys on " + table + " do " + job + ": " + why
                    + "; create the table first (order the changesets) or guard on tablePresent");
        }
        List<Fk> same = all.stream().filter(fk -> fk.columns().equals(columns) && fk.refSchema().equals(refSchema)
                && fk.refTable().equals(referencedTableName) && fk.refColumns().equals(referencedColumns))
                .collect(Collectors.toList());
        switch (mode) {
            case MISSING:
                return same.isEmpty() ? Outcome.holds("no foreign key on " + table + " does " + job)
                        : Outcome.fails((same.size() == 1 ? "foreign key " : "foreign keys ") + describeAll(same) + " on "
                                + table + (same.size() == 1 ? " does " : " do ") + job + ", expected none");
            case COUNT:
                return count(job, same);
            default:
                return present(table, job, all, same);
        }
    }

    private Outcome present(String table, String job, List<Fk> all, List<Fk> same) {
        if (same.isEmpty()) {
            String onColumns = all.stream().filter(fk -> fk.columns().equals(columns)).map(Fk::describe)
                    .collect(Collectors.joining(", "));
            return Outcome.fails("no foreign key on " + table + " does " + job + "; found "
                    + (onColumns.isEmpty() ? "none on " + columnList(columns) : onColumns));
        }
        List<String> firstDifferences = null;
        for (Fk fk : same) {
            List<String> differences = differences(fk);
            if (differences.isEmpty()) {
                return Outcome.holds("foreign key " + Identifiers.display(fk.name()) + " on " + table + " does " + job);
            }
            if (firstDifferences == null) {
                firstDifferences = differences;
            }
        }
        return Outcome.fails("foreign key " + Identifiers.display(same.get(0).name()) + " on " + table + " does " + job
                + " but " + String.join(" and ", firstDifferences));
    }

    private List<String> differences(Fk fk) {
        List<String> out = new ArrayList<>();
        if (onDelete != null && !onDelete.equals(fk.onDelete())) {
            out.add("is ON DELETE " + action(fk.onDelete()) + ", expected ON DELETE " + action(onDelete));
        }
        if (onUpdate != null && !onUpdate.equals(fk.onUpdate())) {
            out.add("is ON UPDATE " + action(fk.onUpdate()) + ", expected ON UPDATE " + action(onUpdate));
        }
        if (validated != null && validated != fk.validated()) {
            out.add(fk.validated() ? "is validated, expected NOT VALID" : "is NOT VALID, expected validated");
        }
        return out;
    }

    private Outcome count(String job, List<Fk> same) {
        int n = same.size();
        String message = n + (n == 1 ? " foreign key does" : " foreign keys do") + " the job of " + job
                + (n == 0 ? "" : ": " + same.stream().map(fk -> Identifiers.display(fk.name())).collect(Collectors.joining(", ")));
        return n == count ? Outcome.holds(message) : Outcome.fails(message + "; expected " + count);
    }

    private static String describeAll(List<Fk> fks) {
        return fks.stream().map(fk -> Identifiers.display(fk.name())).collect(Collectors.joining(", "));
    }

    private static List<String> names(java.sql.Array array) throws java.sql.SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    static String job(List<String> from, String refSchema, String refTable, List<String> to) {
        return columnList(from) + " -> " + Identifiers.display(refSchema, refTable) + columnList(to);
    }

    private static String columnList(List<String> names) {
        return names.stream().map(Identifiers::display).collect(Collectors.joining(", ", "(", ")"));
    }

    static String action(String code) {
        switch (code) {
            case "a": return "NO ACTION";
            case "r": return "RESTRICT";
            case "c": return "CASCADE";
            case "n": return "SET NULL";
            case "d": return "SET DEFAULT";
            default: return "'" + code + "'";
        }
    }
}
