package dev.pgguard.battery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Per table of some schemas (Liquibase's own tables left out): the row count and an
 * order-independent checksum of the rows as text ({@code md5} of the rows' text forms sorted
 * byte-wise), read with TimeZone UTC and fixed output styles so equal data gives equal lines.
 * A row's text form lists its columns in name order, not in position order: a column's position
 * is not data (system-configuration's status conversion moves {@code status} to the end of
 * {@code chronic_conditions} without a rewrite, and no rollback can move it back without one; the
 * catalog snapshot compares columns by name for the same reason).
 * One sorted line per table, e.g. {@code sample.item rows=6 md5=...}.
 */
public final class RowChecksums {

    private static final String TABLES = """
            SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname), n.nspname || '.' || c.relname,
                   (SELECT coalesce(pg_catalog.string_agg('r.' || pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attname COLLATE "C"), '')
                      FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'p', 'm')
               AND c.relname NOT IN ('databasechangelog', 'databasechangeloglock')
             ORDER BY 2
            """;

    private RowChecksums() {
    }

    /** Opens nothing: runs on {@code connection} after setting its session to {@link StableSession}. */
    public static List<String> of(Connection connection, List<String> schemas) throws SQLException {
        StableSession.apply(connection);
        List<String[]> tables = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(TABLES)) {
            ps.setArray(1, connection.createArrayOf("text", schemas.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] t : tables) {
            String sql = "SELECT count(*), md5(coalesce(string_agg(s.x, E'\\n' ORDER BY s.x COLLATE \"C\"), ''))"
                    + " FROM (SELECT ROW(" + t[2] + ")::text AS x FROM " + t[0] + " r) s";
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                lines.add(t[1] + " rows=" + rs.getLong(1) + " md5=" + rs.getString(2));
            }
        }
        return List.copyOf(lines);
    }
}
