package dev.pgguard.check;

import java.util.List;

/**
 * {@code currentUserOwns}: the current user may act as the owner of the table, which DDL on it
 * (ALTER TABLE, CREATE INDEX, triggers) requires: it is the owner, a member inheriting the
 * owner's role, or a superuser ({@code pg_has_role(current_user, owner, 'USAGE')}).
 */
final class CurrentUserOwnsCheck implements Check {

    private static final String SQL =
            "SELECT c.relkind::text, pg_catalog.pg_get_userbyid(c.relowner), current_user::text,"
                    + " pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE')"
                    + " FROM pg_catalog.pg_class c"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ?::name AND c.relname = ?::name";

    private final String schemaName;
    private final String tableName;

    private record Found(String relkind, String owner, String user, boolean canAct) {
    }

    CurrentUserOwnsCheck(Attributes a) {
        this.schemaName = a.orNull("schemaName");
        this.tableName = a.string("tableName");
    }

    @Override
    public String key() {
        return "currentUserOwns";
    }

    @Override
    public String describe() {
        return "the current user may act as the owner of table "
                + Identifiers.display(schemaName == null ? "<default schema>" : schemaName, tableName);
    }

    @Override
    public Outcome evaluate(CatalogSession s) throws CheckException {
        String schema = s.schema(schemaName);
        String table = Identifiers.display(schema, tableName);
        Found f = s.query(SQL, List.of(schema, tableName), rs -> rs.next()
                ? new Found(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)) : null);
        if (f == null) {
            return Outcome.fails("table " + table + " does not exist" + NearMatch.relation(s, schema, tableName));
        }
        if (!"r".equals(f.relkind()) && !"p".equals(f.relkind())) {
            return Outcome.fails(table + " is " + RelationKind.describe(f.relkind()) + ", expected a table");
        }
        String owner = Identifiers.display(f.owner());
        String user = Identifiers.display(f.user());
        if (f.canAct()) {
            return Outcome.holds("table " + table + " is owned by " + owner + (f.owner().equals(f.user())
                    ? "" : " and " + user + " may act as " + owner));
        }
        return Outcome.fails("table " + table + " is owned by " + owner + ", not by " + user
                + "; run the migration as " + owner + " or a member of it, or have " + owner
                + " or a superuser run: ALTER TABLE " + table + " OWNER TO " + user + ";");
    }
}
