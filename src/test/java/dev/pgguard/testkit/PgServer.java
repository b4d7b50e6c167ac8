package dev.pgguard.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM, and cheap fresh databases on it.
 *
 * <p>Provider, in this order unless {@code -Dpgguard.test.provider=external|testcontainers|embedded}
 * forces one: an external server when {@code PGGUARD_TEST_JDBC_URL} is set (with
 * {@code PGGUARD_TEST_USER} / {@code PGGUARD_TEST_PASSWORD}); Testcontainers when asked for and a
 * Docker engine answers; otherwise an embedded PostgreSQL (zonky binaries from Maven Central, the
 * version pinned by the binaries BOM that {@code -Dpgguard.test.pg=NN} selects in the pom).
 */
public final class PgServer {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile PgServer instance;

    private final String provider;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String adminDatabase;
    private final String urlParameters;
    private final int majorVersion;
    private final AutoCloseable resource;

    private PgServer(String provider, String host, int port, String user, String password, String adminDatabase,
            String urlParameters, AutoCloseable resource) throws SQLException {
        this.provider = provider;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.adminDatabase = adminDatabase;
        this.urlParameters = urlParameters;
        this.resource = resource;
        try (Connection c = connect(adminDatabase); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            this.majorVersion = rs.getInt(1);
        }
    }

    /** The server of this JVM, started on first use. */
    public static PgServer get() {
        PgServer s = instance;
        if (s == null) {
            synchronized (PgServer.class) {
                s = instance;
                if (s == null) {
                    s = start();
                    instance = s;
                    PgServer started = s;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "pgguard-test-pg-stop"));
                }
            }
        }
        return s;
    }

    /** The major version the tests ask for ({@code -Dpgguard.test.pg}, default 17). */
    public static int requestedMajorVersion() {
        return Integer.parseInt(System.getProperty("pgguard.test.pg", "17").trim());
    }

    private static PgServer start() {
        String forced = System.getProperty("pgguard.test.provider", "").trim().toLowerCase(Locale.ROOT);
        String url = System.getenv("PGGUARD_TEST_JDBC_URL");
        try {
            PgServer server;
            if (forced.equals("external") || (forced.isEmpty() && url != null && !url.isBlank())) {
                server = external(url);
            } else if (forced.equals("testcontainers")) {
                server = TestcontainersProvider.start(requestedMajorVersion());
            } else if (forced.isEmpty() || forced.equals("embedded")) {
                server = embedded();
            } else {
                throw new IllegalStateException("-Dpgguard.test.provider=" + forced
                        + " is not a provider; use external, testcontainers or embedded");
            }
            if (!server.provider.equals("external") && server.majorVersion != requestedMajorVersion()) {
                throw new IllegalStateException("asked for PostgreSQL " + requestedMajorVersion() + " (-Dpgguard.test.pg) but the "
                        + server.provider + " server is " + server.majorVersion + "; run through Maven "
                        + "(mvn -B verify -Dpgguard.test.pg=" + requestedMajorVersion() + ") so the pom selects the matching binaries");
            }
            return server;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static PgServer embedded() throws SQLException {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            return new PgServer("embedded", "localhost", pg.getPort(), "postgres", "", "postgres", "", pg);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static PgServer external(String url) throws SQLException {
        if (url == null || !url.startsWith("jdbc:postgresql://")) {
            throw new IllegalStateException("PGGUARD_TEST_JDBC_URL must be jdbc:postgresql://host[:port]/database, got " + url);
        }
        String rest = url.substring("jdbc:postgresql://".length());
        String params = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            params = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String db = slash < 0 || slash == rest.length() - 1 ? "postgres" : rest.substring(slash + 1);
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? 5432 : Integer.parseInt(hostPort.substring(colon + 1));
        String user = System.getenv().getOrDefault("PGGUARD_TEST_USER", "postgres");
        String password = System.getenv().getOrDefault("PGGUARD_TEST_PASSWORD", "");
        return new PgServer("external", host, port, user, password, db, params, null);
    }

    static PgServer containerServer(String host, int port, String user, String password, String db,
            AutoCloseable container) throws SQLException {
        return new PgServer("testcontainers", host, port, user, password, db, "", container);
    }

    public String provider() {
        return provider;
    }

    public int majorVersion() {
        return majorVersion;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String url(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + (urlParameters.isEmpty() ? "" : "?" + urlParameters);
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (!password.isEmpty()) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "pgguard-tests");
        return DriverManager.getConnection(url(database), props);
    }

    /**
     * A new empty database, named after {@code label} (made safe) and a counter. Created from
     * template0, so nothing another test did leaks into it.
     */
    public TestDatabase createDatabase(String label) {
        String safe = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (safe.length() > 40) {
            safe = safe.substring(safe.length() - 40);
        }
        String name = "t" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid() + "_" + safe;
        try (Connection c = connect(adminDatabase); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE \"" + name + "\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return new TestDatabase(this, name);
    }

    void dropDatabase(String name) {
        try (Connection c = connect(adminDatabase); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS \"" + name + "\"" + (majorVersion >= 13 ? " WITH (FORCE)" : ""));
        } catch (SQLException e) {
            // left for the server's end; a test database is disposable
        }
    }

    /**
     * Stops this server now (idempotent). Tests never need it — a shutdown hook stops the server
     * with the JVM — but a main run inside Maven's JVM (exec:java) must, or the server outlives the build.
     */
    public synchronized void stop() {
        close();
    }

    private boolean closed;

    private synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception e) {
                // shutting down anyway
            }
        }
    }
}
