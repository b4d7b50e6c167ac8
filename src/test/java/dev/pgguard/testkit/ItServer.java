package dev.pgguard.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The PostgreSQL of the sample consumer builds under {@code src/it} (maven-invoker-plugin).
 *
 * <p>Run by exec:java in {@code pre-integration-test}, so inside Maven's JVM: the server lives until
 * {@link ItServerStop} (post-integration-test) or the end of that JVM. Arguments: the port (reserved
 * by build-helper's reserve-network-port, so the pom knows it before the server exists and hands it
 * to the child builds as {@code -Dpgguard.it.port}), the data directory, and the names of the
 * databases to create. Each is loaded with the packet-workflow production drift state
 * (base-pre017.sql + delta-production.sql) that the child builds then migrate.
 */
public final class ItServer {

    /** Key under which the running server is kept in the JVM's system properties for {@link ItServerStop}. */
    static final String HANDLE = "pgguard.it.server";

    private static final List<String> FIXTURES = List.of(
            "fixtures/packet-workflow/base-pre017.sql",
            "fixtures/packet-workflow/delta-production.sql");

    private ItServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: ItServer <port> <data directory> <database>...");
        }
        int port = Integer.parseInt(args[0].trim());
        Path data = Path.of(args[1]);
        List<String> databases = List.of(args).subList(2, args.length);
        // one server per Maven JVM: a second run (e.g. mvn verify verify) stops the first
        ItServerStop.stop();
        deleteRecursively(data);
        Files.createDirectories(data.getParent());
        // the data directory is removed here, before the start, not by EmbeddedPostgres.close(): exec:java
        // closes its class loader when main returns, and close() would then miss commons-io's FileUtils
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "100")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .start();
        System.getProperties().put(HANDLE, pg);
        try {
            createDatabases(port, databases);
        } catch (Exception e) {
            ItServerStop.stop();
            throw e;
        }
        System.out.println("[pgguard] IT PostgreSQL on port " + port + " (data " + data + "), databases " + databases
                + " loaded with the packet-workflow production state");
    }

    private static void createDatabases(int port, List<String> databases) throws Exception {
        String base = "jdbc:postgresql://localhost:" + port + "/";
        for (String db : databases) {
            if (!db.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("database names are lower-case identifiers: " + db);
            }
            try (Connection c = connect(base + "postgres"); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + db + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
            }
            try (Connection c = connect(base + db);
                    Statement st = c.createStatement()) {
                for (String fixture : FIXTURES) {
                    st.execute(resource(fixture));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot load the production state into " + db + ": " + e.getMessage(), e);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The driver itself: DriverManager may not see drivers of exec:java's class loader. */
    private static Connection connect(String url) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        return new org.postgresql.Driver().connect(url, props);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = ItServer.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no " + path + " on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
