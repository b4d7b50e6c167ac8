package dev.pgguard.check;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code noRowsMatch}: no row of the table satisfies the changelog's predicate. The predicate is
 * SQL from the changelog (validated lexically: one expression, no statement separator, balanced
 * quotes and parentheses) and is wrapped as {@code WHERE (\n...\n)}, the newlines keeping a
 * trailing {@code --} comment from swallowing the parenthesis. Without {@code valueColumn} the
 * count stops at {@value #COUNTED} + 1 matching rows ("more than 1000 rows match"), so a guard
 * written {@code not: noRowsMatch} (work is pending) returns at the first matches instead of
 * counting a whole big table. With {@code valueColumn}, one scan also reports the ten most frequent
 * values of that column among all the matching rows (what a halting preflight shows the DBA).
 */
final class NoRowsMatchCheck implements Check {

    private static final int SHOWN = 10;
    static final int COUNTED = 1000;

    private static final String TABLE_EXISTS =
            "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ?::name AND c.relname = ?::name";

    private final String schemaName;
    private final String tableName;
    private final String where;
    private final String valueColumn;

    private record Value(String value, long count) {
    }

    private record Result(long total, long distinct, List<Value> values) {
    }

    NoRowsMatchCheck(Attributes a) {
        this.schemaName = a.orNull("schemaName");
        this.tableName = a.string("tableName");
        this.where = a.string("where");
        this.valueColumn = a.orNull("valueColumn");
    }

    @Override
    public String key() {
        return "noRowsMatch";
    }

    @Override
    public String describe() {
        return "no rows of " + Identifiers.display(schemaName == null ? "<default schema>" : schemaName, tableName)
                + " match (" + shownPredicate() + ")";
    }

    private String shownPredicate() {
        return Attributes.abbreviate(SqlText.normalize(where.trim()));
    }

    String sql(String schema) {
        String from = " FROM " + Identifiers.quote(schema) + "." + Identifiers.quote(tableName) + " WHERE (\n" + where + "\n)";
        if (valueColumn == null) {
            return "SELECT count(*) FROM (SELECT 1" + from + " LIMIT " + (COUNTED + 1) + ") m";
        }
        return "SELECT v, n, sum(n) OVER () AS total, count(*) OVER () AS distinct_values"
                + " FROM (SELECT " + Identifiers.quote(valueColumn) + "::text AS v, count(*) AS n" + from + " GROUP BY 1) g"
                + " ORDER BY n DESC, v NULLS FIRST LIMIT " + SHOWN;
    }

    @Override
    public Outcome evaluate(CatalogSession s) throws CheckException {
        String schema = s.schema(schemaName);
        String table = Identifiers.display(schema, tableName);
        Result r;
        try {
            r = s.queryUserSql(sql(schema), List.of(), rs -> {
                if (valueColumn == null) {
                    rs.next();
                    return new Result(rs.getLong(1), 0, List.of());
                }
                List<Value> values = new ArrayList<>();
                long total = 0;
                long distinct = 0;
                while (rs.next()) {
                    values.add(new Value(rs.getString(1), rs.getLong(2)));
                    total = rs.getLong(3);
                    distinct = rs.getLong(4);
                }
                return new Result(total, distinct, values);
            });
        } catch (SQLException e) {
            if (("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState()))
                    && !s.query(TABLE_EXISTS, List.of(schema, tableName), rs -> rs.next())) {
                return Outcome.holds("table " + table + " does not exist, so no rows match");
            }
            throw new CheckException("cannot evaluate noRowsMatch on " + table + " where (" + shownPredicate() + "): "
                    + CatalogSession.describe(e), e);
        }
        if (r.total() == 0) {
            return Outcome.holds("no rows of " + table + " match (" + shownPredicate() + ")");
        }
        String counted = valueColumn == null && r.total() > COUNTED ? "more than " + COUNTED : Long.toString(r.total());
        String message = counted + (r.total() == 1 ? " row of " + table + " matches (" : " rows of " + table + " match (")
                + shownPredicate() + ")";
        if (valueColumn != null) {
            List<String> shown = new ArrayList<>();
            for (Value v : r.values()) {
                shown.add(Literals.quote(v.value()) + " (" + v.count() + ")");
            }
            message += "; " + Identifiers.display(valueColumn) + " values: " + String.join(", ", shown);
            long more = r.distinct() - r.values().size();
            if (more > 0) {
                message += " (and " + more + " more value" + (more == 1 ? "" : "s") + ")";
            }
        }
        return Outcome.fails(message);
    }
}
