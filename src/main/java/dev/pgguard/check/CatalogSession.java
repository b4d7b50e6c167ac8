package dev.pgguard.check;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.Objects;

/**
 * A JDBC connection plus the schema that checks use when none is named. All SQL of the checks
 * goes through here: prepared statements, bind parameters only.
 */
public final class CatalogSession {

    /** Reads the rows of one query. */
    @FunctionalInterface
    public interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final Connection connection;
    private final String defaultSchema;

    private CatalogSession(Connection connection, String defaultSchema) {
        this.connection = connection;
        this.defaultSchema = defaultSchema;
    }

    /**
     * @param defaultSchema the schema used when a check names none; {@code null} reads the
     *                      connection's {@code current_schema()} once
     */
    public static CatalogSession of(Connection connection, String defaultSchema) throws CheckException {
        Objects.requireNonNull(connection, "connection");
        if (defaultSchema != null && !defaultSchema.isEmpty()) {
            return new CatalogSession(connection, defaultSchema);
        }
        CatalogSession probe = new CatalogSession(connection, null);
        String current = probe.query("SELECT pg_catalog.current_schema()", List.of(),
                rs -> rs.next() ? rs.getString(1) : null);
        if (current == null) {
            throw new CheckException("no schema named and current_schema() is NULL (the search_path names no "
                    + "existing schema): set schemaName, liquibase.defaultSchemaName or the search_path");
        }
        return new CatalogSession(connection, current);
    }

    public Connection connection() {
        return connection;
    }

    public String defaultSchema() {
        return defaultSchema;
    }

    /** The schema to use for an attribute that may be absent. */
    public String schema(String named) {
        return named == null ? defaultSchema : named;
    }

    /**
     * Runs one query with bind parameters ({@code String}, {@code Boolean}, {@code Integer},
     * {@code Long} or {@code String[]} for a text array).
     */
    public <T> T query(String sql, List<?> params, Rows<T> rows) throws CheckException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                return rows.read(rs);
            }
        } catch (SQLException e) {
            throw new CheckException("catalog query failed: " + describe(e), e);
        }
    }

    /**
     * Runs a query built from changelog SQL (a predicate). Inside a transaction it runs under a
     * savepoint, so an error does not leave the transaction aborted for what follows.
     */
    public <T> T queryUserSql(String sql, List<?> params, Rows<T> rows) throws SQLException {
        boolean inTransaction = !connection.getAutoCommit();
        Savepoint savepoint = inTransaction ? connection.setSavepoint() : null;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, params);
            T result;
            try (ResultSet rs = ps.executeQuery()) {
                result = rows.read(rs);
            }
            if (savepoint != null) {
                connection.releaseSavepoint(savepoint);
            }
            return result;
        } catch (SQLException e) {
            if (savepoint != null) {
                try {
                    connection.rollback(savepoint);
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    static String describe(SQLException e) {
        String state = e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]";
        return e.getMessage() + state;
    }

    private void bind(PreparedStatement ps, List<?> params) throws SQLException {
        int i = 1;
        for (Object p : params) {
            if (p == null) {
                ps.setNull(i, java.sql.Types.VARCHAR);
            } else if (p instanceof String s) {
                ps.setString(i, s);
            } else if (p instanceof Boolean b) {
                ps.setBoolean(i, b);
            } else if (p instanceof Integer n) {
                ps.setInt(i, n);
            } else if (p instanceof Long n) {
                ps.setLong(i, n);
            } else if (p instanceof String[] values) {
                Array array = connection.createArrayOf("text", values);
                ps.setArray(i, array);
            } else {
                throw new IllegalArgumentException("unsupported bind parameter type " + p.getClass().getName());
            }
            i++;
        }
    }
}
