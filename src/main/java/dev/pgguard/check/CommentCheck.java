package dev.pgguard.check;

import java.util.List;

/**
 * {@code commentIs}: the comment (pg_description) on a table, or on one of its columns when
 * {@code columnName} is given, equals {@code comment} exactly; {@code NULL} means no comment.
 */
final class CommentCheck implements Check {

    private static final String SQL =
            "SELECT c.relkind::text, a.attnum, pg_catalog.col_description(c.oid, COALESCE(a.attnum, 0)::int),"
                    + " pg_catalog.obj_description(c.oid, 'pg_class')"
                    + " FROM pg_catalog.pg_class c"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    + " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = ?::name"
                    + "  AND a.attnum > 0 AND NOT a.attisdropped"
                    + " WHERE n.nspname = ?::name AND c.relname = ?::name AND c.relkind IN ('r','p','v','m','f')";

    private final String schemaName;
    private final String tableName;
    private final String columnName;
    private final String comment;

    CommentCheck(Attributes a) {
        this.schemaName = a.orNull("schemaName");
        this.tableName = a.string("tableName");
        this.columnName = a.orNull("columnName");
        String c = a.string("comment");
        this.comment = c.equals("NULL") ? null : c;
    }

    @Override
    public String key() {
        return "commentIs";
    }

    @Override
    public String describe() {
        return target(schemaName == null ? "<default schema>" : schemaName) + " has "
                + (comment == null ? "no comment" : "comment '" + Attributes.abbreviate(comment) + "'");
    }

    private String target(String schema) {
        return columnName == null ? "table " + Identifiers.display(schema, tableName)
                : "column " + Identifiers.display(schema, tableName, columnName);
    }

    @Override
    public Outcome evaluate(CatalogSession s) throws CheckException {
        String schema = s.schema(schemaName);
        String name = target(schema);
        Object[] row = s.query(SQL, List.of(columnName == null ? "" : columnName, schema, tableName),
                rs -> rs.next() ? new Object[] {rs.getString(1), rs.getObject(2), rs.getString(3), rs.getString(4)} : null);
        if (row == null) {
            return Outcome.fails(name + " cannot have a comment: table " + Identifiers.display(schema, tableName)
                    + " does not exist" + NearMatch.relation(s, schema, tableName));
        }
        if (columnName != null && row[1] == null) {
            return Outcome.fails(name + " does not exist" + NearMatch.column(s, schema, tableName, columnName));
        }
        String found = columnName == null ? (String) row[3] : (String) row[2];
        if (java.util.Objects.equals(found, comment)) {
            return Outcome.holds(name + (found == null ? " has no comment" : " has the expected comment"));
        }
        return Outcome.fails(name + " has " + (found == null ? "no comment" : "comment '" + Attributes.abbreviate(found) + "'")
                + ", expected " + (comment == null ? "none" : "'" + Attributes.abbreviate(comment) + "'"));
    }
}
