package dev.pgguard.battery;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Session settings under which values print the same whatever the server's or the JVM's defaults:
 * timestamptz in UTC, ISO dates, full float precision, hex bytea. Set on connections that only
 * read for comparison, never on the connection a changelog runs on.
 */
final class StableSession {

    private StableSession() {
    }

    static void apply(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres';"
                    + " SET extra_float_digits = 1; SET bytea_output = 'hex'");
        }
    }
}
