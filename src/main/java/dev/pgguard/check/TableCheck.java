package dev.pgguard.check;

import java.util.List;

/**
 * {@code tablePresent} / {@code tableMissing}: an ordinary table with exactly this name in the
 * schema. A view, partitioned table, foreign table or any other relation of that name is reported
 * as what it is: it is neither the table a changeset expects nor a free name to create one.
 */
final class TableCheck implements Check {

    private final boolean wantPresent;
    private final String schemaName;
    private final String tableName;

    TableCheck(boolean wantPresent, Attributes a) {
        this.wantPresent = wantPresent;
        this.schemaName = a.orNull("schemaName");
        this.tableName = a.string("tableName");
    }

    @Override
    public String key() {
        return wantPresent ? "tablePresent" : "tableMissing";
    }

    @Override
    public String describe() {
        String name = Identifiers.display(schemaName == null ? "<default schema>" : schemaName, tableName);
        return "table " + name + (wantPresent ? " exists" : " does not exist");
    }

    @Override
    public Outcome evaluate(CatalogSession s) throws CheckException {
        String schema = s.schema(schemaName);
        String name = Identifiers.display(schema, tableName);
        String relkind = s.query(
                "SELECT c.relkind::text FROM pg_catalog.pg_class c"
                        + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ?::name AND c.relname = ?::name",
                List.of(schema, tableName),
                rs -> rs.next() ? rs.getString(1) : null);
        if (wantPresent) {
            if ("r".equals(relkind)) {
                return Outcome.holds("table " + name + " exists");
            }
            if (relkind != null) {
                return Outcome.fails(name + " is " + RelationKind.describe(relkind) + ", expected a table");
            }
            return Outcome.fails("table " + name + " does not exist" + NearMatch.relation(s, schema, tableName));
        }
        if (relkind == null) {
            return Outcome.holds("no relation " + name + " exists");
        }
        return Outcome.fails(name + " exists as " + RelationKind.describe(relkind) + ", expected no relation of that name");
    }
}
