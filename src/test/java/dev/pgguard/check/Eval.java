package dev.pgguard.check;

import dev.pgguard.testkit.TestDatabase;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds a check from key/value pairs and evaluates it on a fresh connection (or a given one). */
final class Eval {

    private Eval() {
    }

    static Map<String, Object> attrs(Object... kv) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            attrs.put((String) kv[i], kv[i + 1]);
        }
        return attrs;
    }

    static Outcome eval(TestDatabase db, CheckType type, Object... kv) throws Exception {
        try (Connection c = db.connect()) {
            return on(c, type, kv);
        }
    }

    static Outcome on(Connection c, CheckType type, Object... kv) throws Exception {
        return type.create(attrs(kv)).evaluate(CatalogSession.of(c, null));
    }
}
