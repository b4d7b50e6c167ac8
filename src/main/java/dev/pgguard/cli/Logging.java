package dev.pgguard.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Keeps Liquibase's INFO logging off the console: java.util.logging (Liquibase's default log
 * service) goes to a file instead. The console shows only what the command line prints.
 */
final class Logging {

    private static Path current;

    private Logging() {
    }

    /** Sends all java.util.logging output to {@code file} (appending); null: nowhere. Idempotent. */
    static synchronized void toFile(Path file) {
        if (file != null && file.equals(current)) {
            return;
        }
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
            h.close();
        }
        root.setLevel(Level.INFO);
        current = file;
        if (file == null) {
            return;
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            FileHandler handler = new FileHandler(file.toString(), true);
            handler.setFormatter(new SimpleFormatter());
            handler.setLevel(Level.ALL);
            root.addHandler(handler);
        } catch (IOException | SecurityException e) {
            current = null; // no log file: logging is dropped, the console stays clean
        }
    }
}
