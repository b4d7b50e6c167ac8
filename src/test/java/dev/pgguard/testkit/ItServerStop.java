package dev.pgguard.testkit;

/**
 * Stops the PostgreSQL {@link ItServer} started in this JVM (exec:java in post-integration-test).
 * exec:java gives each execution its own class loader, so the server is found through the JVM's
 * system properties, typed as {@link AutoCloseable} (a JDK type both loaders share).
 */
public final class ItServerStop {

    private ItServerStop() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(stop() ? "[pgguard] IT PostgreSQL stopped" : "[pgguard] no IT PostgreSQL to stop");
    }

    static boolean stop() throws Exception {
        Object server = System.getProperties().remove(ItServer.HANDLE);
        if (server instanceof AutoCloseable closeable) {
            closeable.close();
            return true;
        }
        return false;
    }
}
