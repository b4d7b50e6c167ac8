package dev.pgguard.check;

import java.util.List;

/** {@code schemaPresent} / {@code schemaMissing}: a schema with exactly this name. */
final class SchemaCheck implements Check {

    private final boolean wantPresent;
    private final String schemaName;

    SchemaCheck(boolean wantPresent, Attributes a) {
        this.wantPresent = wantPresent;
        this.schemaName = a.string("schemaName");
    }

    @Override
    public String key() {
        return wantPresent ? "schemaPresent" : "schemaMissing";
    }

    @Override
    public String describe() {
        return "schema " + Identifiers.display(schemaName) + (wantPresent ? " exists" : " does not exist");
    }

    @Override
    public Outcome evaluate(CatalogSession s) throws CheckException {
        boolean exists = s.query("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?::name",
                List.of(schemaName), rs -> rs.next());
        String name = Identifiers.display(schemaName);
        if (exists == wantPresent) {
            return Outcome.holds("schema " + name + (exists ? " exists" : " does not exist"));
        }
        return Outcome.fails("schema " + name + (exists ? " exists, expected it not to" : " does not exist"));
    }
}
