package dev.pgguard.battery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * No data is lost: every row that existed before the update is still there after it, with the same
 * value in every column it had, except documented {@link Backfill}s. Rows are matched by primary
 * key (tables without one compare as a multiset of whole rows); values compare as text with
 * TimeZone UTC. A naive {@code timestamp} that became {@code timestamptz} compares equal when
 * {@code new AT TIME ZONE 'UTC'} gives back the old value (the conversion read it as UTC).
 */
public final class DataPreservation {

    private static final String TIMESTAMP = "timestamp without time zone";
    private static final String TIMESTAMPTZ = "timestamp with time zone";

    /** One table as it was: its columns and types, its key columns, and its rows by key. */
    record Table(String name, String quoted, Map<String, String> columns, List<String> key, Map<String, List<String>> rows,
            List<String> unkeyed) {
    }

    /** The data of some schemas at one moment. */
    public record Captured(List<Table> tables) {
    }

    private DataPreservation() {
    }

    public static Captured capture(Connection connection, List<String> schemas) throws SQLException {
        StableSession.apply(connection);
        List<Table> tables = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT c.oid, n.nspname || '.' || c.relname,
                       pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)
                  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'p')
                   AND c.relname NOT IN ('databasechangelog', 'databasechangeloglock')
                 ORDER BY 2
                """)) {
            ps.setArray(1, connection.createArrayOf("text", schemas.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long oid = rs.getLong(1);
                    Map<String, String> columns = columns(connection, oid);
                    List<String> key = primaryKey(connection, oid);
                    tables.add(read(connection, rs.getString(2), rs.getString(3), columns, key, Map.of()));
                }
            }
        }
        return new Captured(tables);
    }

    /**
     * Every difference between {@code before} and the data now in the database, one line each;
     * empty when every row and value survived (or changed only as a backfill allows).
     */
    public static List<String> problems(Connection connection, Captured before, List<Backfill> backfills) throws SQLException {
        return problems(connection, before, backfills, List.of());
    }

    /** As {@link #problems(Connection, Captured, List)}, reading a renamed column's values under its new name. */
    public static List<String> problems(Connection connection, Captured before, List<Backfill> backfills, List<Rename> renames)
            throws SQLException {
        StableSession.apply(connection);
        List<String> problems = new ArrayList<>();
        for (Table old : before.tables()) {
            Long oid = oid(connection, old.quoted());
            if (oid == null) {
                problems.add("table " + old.name() + " no longer exists (it held " + (old.rows().size() + old.unkeyed().size())
                        + " rows)");
                continue;
            }
            Map<String, String> now = columns(connection, oid);
            Map<String, String> render = new LinkedHashMap<>();
            boolean dropped = false;
            for (Map.Entry<String, String> c : old.columns().entrySet()) {
                String type = now.get(c.getKey());
                String renamed = renames.stream().filter(r -> r.table().equals(old.name()) && r.column().equals(c.getKey()))
                        .map(Rename::to).findFirst().orElse(null);
                if (type == null && renamed != null && now.containsKey(renamed)) {
                    render.put(c.getKey(), quote(renamed));
                } else if (type == null) {
                    problems.add("column " + old.name() + "." + c.getKey() + " no longer exists");
                    dropped = true;
                } else if (c.getValue().equals(TIMESTAMP) && type.equals(TIMESTAMPTZ)) {
                    render.put(c.getKey(), "(" + quote(c.getKey()) + " AT TIME ZONE 'UTC')");
                }
            }
            if (dropped) {
                continue;
            }
            Table after = read(connection, old.name(), old.quoted(), old.columns(), old.key(), render);
            if (old.key().isEmpty()) {
                if (!after.unkeyed().containsAll(old.unkeyed()) || after.unkeyed().size() < old.unkeyed().size()) {
                    List<String> missing = new ArrayList<>(old.unkeyed());
                    after.unkeyed().forEach(missing::remove);
                    problems.add("table " + old.name() + " (no primary key) lost or changed rows: " + missing);
                }
                continue;
            }
            List<String> names = new ArrayList<>(old.columns().keySet());
            for (Map.Entry<String, List<String>> row : old.rows().entrySet()) {
                List<String> nowRow = after.rows().get(row.getKey());
                if (nowRow == null) {
                    problems.add("row " + old.name() + " " + old.key() + "=" + row.getKey() + " is gone");
                    continue;
                }
                for (int i = 0; i < names.size(); i++) {
                    String was = row.getValue().get(i);
                    String is = nowRow.get(i);
                    if (Objects.equals(was, is)) {
                        continue;
                    }
                    String column = names.get(i);
                    if (backfills.stream().noneMatch(b -> b.allows(old.name(), column, was, is))) {
                        problems.add("row " + old.name() + " " + old.key() + "=" + row.getKey() + " column " + column
                                + " was " + show(was) + ", is " + show(is) + " (not a documented backfill)");
                    }
                }
            }
        }
        return problems;
    }

    private static String show(String v) {
        return v == null ? "NULL" : "'" + v + "'";
    }

    private static Table read(Connection connection, String name, String quoted, Map<String, String> columns, List<String> key,
            Map<String, String> render) throws SQLException {
        List<String> names = new ArrayList<>(columns.keySet());
        StringBuilder sql = new StringBuilder("SELECT ");
        sql.append(key.isEmpty() ? "NULL" : "ROW(" + String.join(", ", key.stream().map(DataPreservation::quote).toList())
                + ")::text");
        for (String c : names) {
            sql.append(", ").append(render.getOrDefault(c, quote(c))).append("::text");
        }
        sql.append(" FROM ").append(quoted);
        Map<String, List<String>> rows = new TreeMap<>();
        List<String> unkeyed = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    values.add(rs.getString(i + 2));
                }
                if (key.isEmpty()) {
                    unkeyed.add(values.toString());
                } else {
                    rows.put(rs.getString(1), values);
                }
            }
        }
        unkeyed.sort(null);
        return new Table(name, quoted, columns, key, rows, unkeyed);
    }

    private static Long oid(Connection connection, String quoted) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_catalog.to_regclass(?)::oid")) {
            ps.setString(1, quoted);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? null : v;
            }
        }
    }

    private static Map<String, String> columns(Connection connection, long oid) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a
                 WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
                """)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return columns;
    }

    private static List<String> primaryKey(Connection connection, long oid) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT a.attname FROM pg_catalog.pg_index i
                  CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                 WHERE i.indrelid = ? AND i.indisprimary ORDER BY k.ord
                """)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return key;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
