package dev.pgguard.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The embedded PostgreSQL of the command line (zonky binaries from Maven Central), whose data
 * directory persists between runs. Nothing here names a zonky class: the library's main jar does
 * not carry zonky (an optional dependency), so its presence is tested first and the one class that
 * links to it ({@link ZonkyStarter}) is loaded only then.
 */
final class EmbeddedServer implements AutoCloseable {

    static final String ZONKY_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

    private final AutoCloseable server;
    private final int port;
    private final Path dataDirectory;

    EmbeddedServer(AutoCloseable server, int port, Path dataDirectory) {
        this.server = server;
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    static boolean available() {
        try {
            Class.forName(ZONKY_CLASS, false, EmbeddedServer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The PostgreSQL version of the embedded binaries this jar was built with ({@code 17.6.0}), or null. */
    static String binariesVersion() {
        String v = Main.buildProperty("postgres");
        return v == null || v.startsWith("$") ? null : v;
    }

    /** {@code ${XDG_CACHE_HOME:-~/.cache}/pgguard/embedded-pg<major>}. */
    static Path defaultDataDirectory(Map<String, String> env) {
        String version = binariesVersion();
        String major = version == null ? "" : version.substring(0, version.indexOf('.') < 0 ? version.length() : version.indexOf('.'));
        return cacheHome(env).resolve("pgguard").resolve("embedded-pg" + major);
    }

    static Path cacheHome(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg);
        }
        return Path.of(System.getProperty("user.home"), ".cache");
    }

    /** Starts the server on {@code dataDirectory} (initdb on first use, kept afterwards). */
    static EmbeddedServer start(Path dataDirectory) throws IOException {
        Files.createDirectories(dataDirectory);
        return ZonkyStarter.start(dataDirectory);
    }

    int port() {
        return port;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            // the JVM ends anyway; zonky's own shutdown hook stops the server
        }
    }
}
