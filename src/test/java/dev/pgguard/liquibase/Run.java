package dev.pgguard.liquibase;

import dev.pgguard.run.LiquibaseRunner;
import dev.pgguard.testkit.TestDatabase;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import liquibase.resource.DirectoryResourceAccessor;

/** Test helper: runs a YAML changelog text against a test database through {@link LiquibaseRunner}. */
final class Run {

    private static final AtomicInteger FILES = new AtomicInteger();

    private Run() {
    }

    /** Writes the changelog to a new file in {@code dir} and runs update; the caught exception, or null. */
    static Exception update(TestDatabase db, Path dir, String yaml) throws Exception {
        String name = write(dir, yaml);
        try (Connection c = db.connect(); DirectoryResourceAccessor accessor = new DirectoryResourceAccessor(dir)) {
            new LiquibaseRunner(c, accessor, name).update();
            return null;
        } catch (liquibase.exception.LiquibaseException e) {
            return e;
        }
    }

    /** Writes the changelog to a new file in {@code dir} and returns the updateSql output. */
    static String updateSql(TestDatabase db, Path dir, String yaml) throws Exception {
        String name = write(dir, yaml);
        StringWriter out = new StringWriter();
        try (Connection c = db.connect(); DirectoryResourceAccessor accessor = new DirectoryResourceAccessor(dir)) {
            new LiquibaseRunner(c, accessor, name).updateSql(out);
        }
        return out.toString();
    }

    /** The message of the exception and all its causes, one per line. */
    static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return b.toString();
    }

    private static String write(Path dir, String yaml) {
        String name = "changelog-" + FILES.incrementAndGet() + ".yaml";
        ChangelogYaml.write(dir, name, yaml);
        return name;
    }
}
