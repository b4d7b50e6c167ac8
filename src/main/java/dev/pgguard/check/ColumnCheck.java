package dev.pgguard.check;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The column checks: {@code columnPresent}, {@code columnMissing}, {@code columnTypeIs},
 * {@code columnNullable}, {@code columnDefaultIs}. One query reads the relation and the column
 * (never a dropped one) with its format_type(), NOT NULL flag and default expression.
 */
final class ColumnCheck implements Check {

    enum Mode { PRESENT, MISSING, TYPE, NULLABLE, DEFAULT }

    private static final String SQL =
            "SELECT c.relkind::text, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),"
                    + " tn.nspname, a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid)"
                    + " FROM pg_catalog.pg_class c"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    + " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = ?::name"
                    + "  AND a.attnum > 0 AND NOT a.attisdropped"
                    + " LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
                    + " LEFT JOIN pg_catalog.pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'"
                    + " LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = COALESCE(et.typnamespace, t.typnamespace)"
                    + " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    + " WHERE n.nspname = ?::name AND c.relname = ?::name AND c.relkind IN ('r','p','v','m','f')";

    /** A trailing {@code ::type} cast that PostgreSQL adds to a stored default. */
    private static final Pattern TRAILING_CAST =
            Pattern.compile("::(\"[^\"]+\"|[a-z_][a-z0-9_ .]*)(\\([0-9, ]+\\))?( with(out)? time zone)?(\\[\\])*$");

    private final Mode mode;
    private final String schemaName;
    private final String tableName;
    private final String columnName;
    private final String expected;

    private record Found(String relkind, String column, String type, String typeSchema, boolean notNull, String defaultExpr) {
    }

    ColumnCheck(Mode mode, Attributes a) {
        this.mode = mode;
        this.schemaName = a.orNull("schemaName");
        this.tableName = a.string("tableName");
        this.columnName = a.string("columnName");
        switch (mode) {
            case TYPE:
                this.expected = a.string("type");
                break;
            case NULLABLE:
                this.expected = a.bool("nullable").orElseThrow().toString();
                break;
            case DEFAULT:
                this.expected = a.string("defaultValue");
                break;
            default:
                this.expected = null;
        }
    }

    @Override
    public String key() {
        switch (mode) {
            case PRESENT: return "columnPresent";
            case MISSING: return "columnMissing";
            case TYPE: return "columnTypeIs";
            case NULLABLE: return "columnNullable";
            default: return "columnDefaultIs";
        }
    }

    @Override
    public String describe() {
        String name = Identifiers.display(schemaName == null ? "<default schema>" : schemaName, tableName, columnName);
        switch (mode) {
            case PRESENT: return "column " + name + " exists";
            case MISSING: return "column " + name + " does not exist";
            case TYPE: return "column " + name + " is " + TypeNames.normalize(expected);
            case NULLABLE: return "column " + name + (Boolean.parseBoolean(expected) ? " is nullable" : " is NOT NULL");
            default: return "column " + name + " has default " + expected;
        }
    }

    @Override
    public Outcome evaluate(CatalogSession s) throws CheckException {
        String schema = s.schema(schemaName);
        String table = Identifiers.display(schema, tableName);
        String name = Identifiers.display(schema, tableName, columnName);
        Found f = s.query(SQL, List.of(columnName, schema, tableName), rs -> rs.next()
                ? new Found(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5), rs.getString(6))
                : null);
        if (f == null) {
            if (mode == Mode.MISSING) {
                // certainly missing; a changeset it guards fails loudly unless an earlier one creates the
                // table, which is what keeps an updateSQL preview of a whole changelog truthful
                return Outcome.holds("column " + name + " does not exist: table " + table + " does not exist");
            }
            return Outcome.fails("column " + name + " cannot exist: table " + table + " does not exist"
                    + NearMatch.relation(s, schema, tableName));
        }
        if (f.column() == null) {
            if (mode == Mode.MISSING) {
                return Outcome.holds("column " + name + " does not exist");
            }
            return Outcome.fails("column " + name + " does not exist" + NearMatch.column(s, schema, tableName, columnName));
        }
        switch (mode) {
            case PRESENT:
                return Outcome.holds("column " + name + " exists (" + f.type() + ")");
            case MISSING:
                return Outcome.fails("column " + name + " exists (" + f.type() + "), expected it not to");
            case TYPE:
                return type(name, f);
            case NULLABLE: {
                boolean wantNullable = Boolean.parseBoolean(expected);
                String found = f.notNull() ? "NOT NULL" : "nullable";
                String want = wantNullable ? "nullable" : "NOT NULL";
                return f.notNull() != wantNullable
                        ? Outcome.holds("column " + name + " is " + found)
                        : Outcome.fails("column " + name + " is " + found + ", expected " + want);
            }
            default:
                return defaultValue(name, f);
        }
    }

    private Outcome type(String name, Found f) {
        String want = TypeNames.normalize(expected);
        String found = f.type();
        String foundShort = TypeNames.unqualify(found, f.typeSchema());
        boolean same = want.equals(found) || want.equals(foundShort)
                || want.equals(SqlText.comparable(Identifiers.quote(f.typeSchema())) + "." + foundShort)
                || want.equals(f.typeSchema() + "." + foundShort);
        if (same) {
            return Outcome.holds("column " + name + " is " + found);
        }
        String hint = want.equalsIgnoreCase(foundShort) || want.replace("\"", "").equalsIgnoreCase(foundShort.replace("\"", ""))
                ? " (type names are compared exactly: write " + foundShort + ")" : "";
        return Outcome.fails("column " + name + " is " + found + ", expected " + want + hint);
    }

    private Outcome defaultValue(String name, Found f) {
        String found = f.defaultExpr();
        boolean wantNone = expected.trim().equalsIgnoreCase("NULL");
        if (wantNone) {
            boolean none = found == null || SqlText.comparable(found).startsWith("null::");
            return none ? Outcome.holds("column " + name + " has no default")
                    : Outcome.fails("column " + name + " has default " + found + ", expected none (NULL)");
        }
        if (found == null) {
            return Outcome.fails("column " + name + " has no default, expected " + expected);
        }
        String want = SqlText.comparable(expected);
        String have = SqlText.comparable(found);
        String haveUncast = TRAILING_CAST.matcher(have).replaceFirst("");
        // written without the cast PostgreSQL stores ('PENDING' for 'PENDING'::text), or exactly
        if (want.equals(have) || want.equals(haveUncast)) {
            return Outcome.holds("column " + name + " has default " + found);
        }
        return Outcome.fails("column " + name + " has default " + found + ", expected " + expected);
    }
}
