package dev.pgguard.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5: resolves a {@link TestDatabase} parameter with one fresh database per test class
 * (shared by its tests, dropped after the class).
 */
public final class PgExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PgExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        ExtensionContext classContext = c.getRoot() == c ? c : classContext(c);
        return classContext.getStore(NS).getOrComputeIfAbsent("db",
                k -> new Closing(PgServer.get().createDatabase(classContext.getRequiredTestClass().getSimpleName())),
                Closing.class).db;
    }

    private static ExtensionContext classContext(ExtensionContext c) {
        ExtensionContext x = c;
        while (x.getTestMethod().isPresent() && x.getParent().isPresent()) {
            x = x.getParent().get();
        }
        return x;
    }

    /** Store value that drops the database when JUnit closes the class's store. */
    private static final class Closing implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final TestDatabase db;

        Closing(TestDatabase db) {
            this.db = db;
        }

        @Override
        public void close() {
            db.close();
        }
    }
}
