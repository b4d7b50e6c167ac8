package dev.pgguard.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A fresh database on the test server. Closing it drops it. */
public final class TestDatabase implements AutoCloseable {

    private final PgServer server;
    private final String name;

    TestDatabase(PgServer server, String name) {
        this.server = server;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public PgServer server() {
        return server;
    }

    public String url() {
        return server.url(name);
    }

    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    /** Runs SQL (one or more statements) in autocommit mode. */
    public void execute(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + name + ": " + e.getMessage() + "\n" + sql, e);
        }
    }

    /** The first column of every row, as text. */
    public List<String> column(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + name + ": " + e.getMessage() + "\n" + sql, e);
        }
    }

    /** The single value of a one-row, one-column query, as text. */
    public String value(String sql) {
        List<String> rows = column(sql);
        if (rows.size() != 1) {
            throw new IllegalStateException("expected one row, got " + rows.size() + ": " + sql);
        }
        return rows.get(0);
    }

    @Override
    public void close() {
        server.dropDatabase(name);
    }
}
