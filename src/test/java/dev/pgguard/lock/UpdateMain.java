package dev.pgguard.lock;

import dev.pgguard.run.LiquibaseRunner;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * One instance of a service that migrates at start, for the separate-process lock tests:
 * {@code UpdateMain <jdbc url> <user> <password or ""> <changelog on the classpath> <application_name>}.
 * Exit 0 when the update succeeded, 1 otherwise (with the stack trace on stderr).
 */
public final class UpdateMain {

    private UpdateMain() {
    }

    public static void main(String[] args) {
        try {
            Properties props = new Properties();
            props.setProperty("user", args[1]);
            if (!args[2].isEmpty()) {
                props.setProperty("password", args[2]);
            }
            props.setProperty("ApplicationName", args[4]);
            try (Connection c = DriverManager.getConnection(args[0], props);
                    ClassLoaderResourceAccessor resources = new ClassLoaderResourceAccessor()) {
                new LiquibaseRunner(c, resources, args[3]).update();
            }
            System.out.println("[" + args[4] + "] update done");
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
