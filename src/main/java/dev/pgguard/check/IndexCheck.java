package dev.pgguard.check;

import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code indexPresent}, {@code indexMissing}, {@code indexValid}: an index with exactly this name
 * in the schema. Present may also ask for its table, key columns (names, expressions and
 * DESC / NULLS order), uniqueness, predicate and access method. One query reads the relation of
 * that name and, when it is an index, its pg_index row with every key column resolved.
 */
final class IndexCheck implements Check {

    enum Mode { PRESENT, MISSING, VALID }

    private static final String KEYS = " FROM pg_catalog.generate_series(0, i.indnkeyatts - 1) g(k)";

    private static final String SQL =
            "SELECT r.relkind::text, i.indisvalid AND i.indisready, i.indisunique, t.relname, am.amname,"
                    + " CASE WHEN i.indexrelid IS NOT NULL THEN pg_catalog.pg_get_indexdef(i.indexrelid) END,"
                    + " pg_catalog.pg_get_expr(i.indpred, i.indrelid, true),"
                    + " ARRAY(SELECT COALESCE(a.attname::text, '')" + KEYS
                    + "  LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[g.k]"
                    + "  AND i.indkey[g.k] <> 0 ORDER BY g.k),"
                    + " ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, g.k + 1, true)" + KEYS + " ORDER BY g.k),"
                    + " ARRAY(SELECT i.indoption[g.k]::int" + KEYS + " ORDER BY g.k)"
                    + " FROM pg_catalog.pg_class r"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace"
                    + " LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = r.oid"
                    + " LEFT JOIN pg_catalog.pg_class t ON t.oid = i.indrelid"
                    + " LEFT JOIN pg_catalog.pg_am am ON am.oid = r.relam"
                    + " WHERE n.nspname = ?::name AND r.relname = ?::name";

    private static final String INVALID = " is INVALID (left by an interrupted CREATE INDEX CONCURRENTLY)";

    private final Mode mode;
    private final String schemaName;
    private final String indexName;
    private final String tableName;
    private final List<IndexElement> columns;
    private final Boolean unique;
    private final String predicate;
    private final String method;

    private record Found(String relkind, boolean valid, boolean unique, String table, String method, String definition,
            String predicate, List<String> attnames, List<String> keyDefinitions, List<Integer> options) {
    }

    IndexCheck(Mode mode, Attributes a) {
        this.mode = mode;
        this.schemaName = a.orNull("schemaName");
        this.indexName = a.string("indexName");
        this.tableName = a.orNull("tableName");
        this.columns = a.list("columns").stream().map(IndexElement::parse).collect(Collectors.toUnmodifiableList());
        this.unique = a.bool("unique").orElse(null);
        this.predicate = a.optional("predicate").map(p -> p.trim().replaceFirst("(?i)^where\\s+", "")).orElse(null);
        this.method = a.optional("method").map(m -> m.trim().toLowerCase(Locale.ROOT)).orElse(null);
    }

    @Override
    public String key() {
        switch (mode) {
            case PRESENT: return "indexPresent";
            case MISSING: return "indexMissing";
            default: return "indexValid";
        }
    }

    @Override
    public String describe() {
        String name = Identifiers.display(schemaName == null ? "<default schema>" : schemaName, indexName);
        switch (mode) {
            case PRESENT: return "index " + name + " exists";
            case MISSING: return "no relation " + name + " exists";
            default: return "index " + name + " is valid";
        }
    }

    @Override
    public Outcome evaluate(CatalogSession s) throws CheckException {
        String schema = s.schema(schemaName);
        String name = Identifiers.display(schema, indexName);
        Found f = s.query(SQL, List.of(schema, indexName), rs -> rs.next()
                ? new Found(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), strings(rs.getArray(8)), strings(rs.getArray(9)), ints(rs.getArray(10)))
                : null);
        if (mode == Mode.MISSING) {
            if (f == null) {
                return Outcome.holds("no relation " + name + " exists");
            }
            if (f.definition() == null) {
                return Outcome.fails(name + " exists as " + RelationKind.describe(f.relkind()) + ", expected no relation of that name");
            }
            return Outcome.fails(f.valid() ? "index " + name + " exists (" + f.definition() + "), expected no relation of that name"
                    : "index " + name + " exists but" + INVALID + ", expected no relation of that name; it must be dropped"
                            + " (DROP INDEX CONCURRENTLY " + name + ") before it is created again");
        }
        if (f == null) {
            return Outcome.fails("index " + name + " does not exist" + NearMatch.index(s, schema, indexName));
        }
        if (f.definition() == null) {
            return Outcome.fails(name + " is " + RelationKind.describe(f.relkind()) + ", expected an index");
        }
        if (!f.valid()) {
            return Outcome.fails("index " + name + (mode == Mode.PRESENT ? " exists but" : "") + INVALID
                    + "; it must be dropped (DROP INDEX CONCURRENTLY " + name + ") and rebuilt");
        }
        if (mode == Mode.VALID) {
            return Outcome.holds("index " + name + " is valid");
        }
        List<String> differences = differences(schema, f);
        if (!differences.isEmpty()) {
            return Outcome.fails("index " + name + " is " + f.definition() + ", expected " + String.join(", ", differences));
        }
        return Outcome.holds("index " + name + " exists: " + f.definition());
    }

    private List<String> differences(String schema, Found f) {
        List<String> out = new ArrayList<>();
        if (tableName != null && !tableName.equals(f.table())) {
            out.add("on table " + Identifiers.display(schema, tableName));
        }
        if (!columns.isEmpty() && !sameColumns(f)) {
            out.add("columns " + columns.stream().map(IndexElement::toString).collect(Collectors.joining(", ", "(", ")")));
        }
        if (unique != null && unique != f.unique()) {
            out.add(unique ? "unique" : "not unique");
        }
        if (predicate != null && !IndexElement.sameExpression(predicate, f.predicate())) {
            out.add("predicate WHERE " + predicate);
        }
        if (method != null && !method.equals(f.method())) {
            out.add("method " + method);
        }
        return out;
    }

    private boolean sameColumns(Found f) {
        if (columns.size() != f.attnames().size()) {
            return false;
        }
        for (int k = 0; k < columns.size(); k++) {
            if (!columns.get(k).matches(f.attnames().get(k), f.keyDefinitions().get(k), f.options().get(k))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static List<Integer> ints(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((Integer[]) array.getArray());
    }
}
