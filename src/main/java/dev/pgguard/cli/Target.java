package dev.pgguard.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The database a command works on: the server of {@code --url}, or the embedded PostgreSQL with
 * its persistent data directory. The password comes from PGPASSWORD or {@code --password-file},
 * never from an argument, and is never printed.
 */
final class Target implements AutoCloseable {

    /** Thrown when no database can be reached: exit code 4. */
    static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final String EMBEDDED_DATABASE = "pgguard";
    private static final Pattern SECRET = Pattern.compile("(?i)(password=)[^&]*");

    private final String url;
    private final String user;
    private final String password;
    private final EmbeddedServer embedded;

    private Target(String url, String user, String password, EmbeddedServer embedded) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    /** Opens what the options name; prints a line about the embedded server when it is used. */
    static Target open(Args args, Map<String, String> env, PrintStream out) throws UsageException, Unreachable {
        String password = password(args, env);
        if (args.option("url").isPresent()) {
            String user = args.option("user").orElse(env.get("PGUSER"));
            Target t = new Target(args.option("url").get(), user, password, null);
            t.probe();
            return t;
        }
        String database = args.option("database").orElse(EMBEDDED_DATABASE);
        EmbeddedServer server = startEmbedded(args, env, out);
        Target t = new Target("jdbc:postgresql://localhost:" + server.port() + "/" + database,
                args.option("user").orElse("postgres"), password, server);
        t.createDatabaseIfMissing(database);
        t.probe();
        return t;
    }

    static EmbeddedServer startEmbedded(Args args, Map<String, String> env, PrintStream out) throws Unreachable {
        if (!EmbeddedServer.available()) {
            throw new Unreachable("no --url given and no embedded PostgreSQL on the classpath: use the pgguard-"
                    + Main.version() + "-cli.jar or give --url", null);
        }
        Path dir = args.option("data-dir").map(Path::of).orElse(EmbeddedServer.defaultDataDirectory(env))
                .toAbsolutePath().normalize();
        boolean fresh = !Files.exists(dir.resolve("postgresql.conf"));
        out.println("embedded PostgreSQL " + String.valueOf(EmbeddedServer.binariesVersion()) + ", data in " + dir
                + (fresh ? " (new: initdb, about 10 s)" : ""));
        out.println("  (it persists between runs; to start over: rm -rf " + dir + ")");
        out.flush();
        try {
            return EmbeddedServer.start(dir);
        } catch (IOException | RuntimeException e) {
            throw new Unreachable("cannot start the embedded PostgreSQL in " + dir + ": " + e.getMessage()
                    + (String.valueOf(e.getMessage()).contains("lock") ? " (is another pgguard using this --data-dir?)" : "")
                    + "; the embedded server of the -cli jar is Linux x86_64, elsewhere give --url", e);
        }
    }

    private static String password(Args args, Map<String, String> env) throws UsageException {
        if (args.option("password-file").isPresent()) {
            Path f = Path.of(args.option("password-file").get());
            try {
                List<String> lines = Files.readAllLines(f);
                if (lines.isEmpty() || lines.get(0).isEmpty()) {
                    throw new UsageException("--password-file " + f + " is empty (the password is its first line)");
                }
                return lines.get(0);
            } catch (IOException e) {
                throw new UsageException("cannot read --password-file " + f + ": " + e.getMessage());
            }
        }
        String p = env.get("PGPASSWORD");
        return p == null || p.isEmpty() ? null : p;
    }

    private void probe() throws Unreachable {
        try (Connection c = connect()) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new Unreachable("cannot connect to " + displayUrl() + (user == null ? "" : " as " + user) + ": "
                    + scrub(e.getMessage()), e);
        }
    }

    private void createDatabaseIfMissing(String database) throws Unreachable {
        String admin = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
        try (Connection c = DriverManager.getConnection(admin, properties());
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_catalog.pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    try (Statement st = c.createStatement()) {
                        st.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
                    }
                }
            }
        } catch (SQLException e) {
            throw new Unreachable("cannot create database " + database + " on the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, properties());
    }

    /** A connection to another database of the same server (the demo's). */
    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url.substring(0, url.lastIndexOf('/') + 1) + database, properties());
    }

    private Properties properties() {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "pgguard");
        return p;
    }

    boolean embedded() {
        return embedded != null;
    }

    /** The URL without any secret in it, for output. */
    String displayUrl() {
        return SECRET.matcher(url).replaceAll("$1***");
    }

    /** Removes the password from a message that might echo it. */
    String scrub(String message) {
        if (message == null) {
            return "";
        }
        String m = SECRET.matcher(message).replaceAll("$1***");
        return password == null ? m : m.replace(password, "***");
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
