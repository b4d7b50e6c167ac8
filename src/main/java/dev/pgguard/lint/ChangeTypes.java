package dev.pgguard.lint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Liquibase change types written as the PostgreSQL they run, so the SQL rules see them:
 * {@code sql}, {@code createTable}, {@code addColumn}, {@code createIndex}, {@code dropIndex},
 * {@code addForeignKeyConstraint} ({@code validate: false} is NOT VALID),
 * {@code addUniqueConstraint}, {@code addPrimaryKey}, {@code addNotNullConstraint},
 * {@code dropColumn}, {@code dropTable}, {@code modifyDataType}, {@code renameColumn},
 * {@code renameTable}. Other change types (and {@code sqlFile}) are not linted.
 */
final class ChangeTypes {

    private ChangeTypes() {
    }

    static List<String> sql(String type, JsonNode c) {
        String table = q(c.path("schemaName").asText(null), c.path("tableName").asText(""));
        List<String> out = new ArrayList<>();
        switch (type) {
            case "sql" -> out.addAll(SqlStatements.split(c.isTextual() ? c.asText() : c.path("sql").asText("")));
            case "createTable" -> out.add("CREATE TABLE " + table + " ()");
            case "addColumn" -> {
                for (JsonNode col : columns(c)) {
                    StringBuilder b = new StringBuilder("ALTER TABLE " + table + " ADD COLUMN " + quote(col.path("name").asText())
                            + " " + col.path("type").asText("text"));
                    String def = defaultOf(col);
                    if (def != null) {
                        b.append(" DEFAULT ").append(def);
                    }
                    JsonNode k = col.path("constraints");
                    if (k.has("nullable") && !k.path("nullable").asBoolean(true)) {
                        b.append(" NOT NULL");
                    }
                    if (k.has("references") || k.has("referencedTableName") || k.has("foreignKeyName")) {
                        b.append(" REFERENCES x");
                    }
                    if (k.has("checkConstraint")) {
                        b.append(" CHECK (").append(k.path("checkConstraint").asText()).append(")");
                    }
                    out.add(b.toString());
                }
            }
            case "createIndex" -> out.add("CREATE " + (c.path("unique").asBoolean(false) ? "UNIQUE " : "") + "INDEX "
                    + quote(c.path("indexName").asText("i")) + " ON " + table + " (x)");
            case "dropIndex" -> out.add("DROP INDEX " + quote(c.path("indexName").asText("i")));
            case "addForeignKeyConstraint" -> out.add("ALTER TABLE " + q(c.path("baseTableSchemaName").asText(null),
                    c.path("baseTableName").asText("")) + " ADD CONSTRAINT " + quote(c.path("constraintName").asText("fk"))
                    + " FOREIGN KEY (x) REFERENCES y (x)" + (isFalse(c.get("validate")) ? " NOT VALID" : ""));
            case "addUniqueConstraint" -> out.add("ALTER TABLE " + table + " ADD CONSTRAINT "
                    + quote(c.path("constraintName").asText("uq")) + " UNIQUE (x)");
            case "addPrimaryKey" -> out.add("ALTER TABLE " + table + " ADD CONSTRAINT "
                    + quote(c.path("constraintName").asText("pk")) + " PRIMARY KEY (x)");
            case "addNotNullConstraint" -> out.add("ALTER TABLE " + table + " ALTER COLUMN "
                    + quote(c.path("columnName").asText()) + " SET NOT NULL");
            case "dropColumn" -> {
                if (c.has("columnName")) {
                    out.add("ALTER TABLE " + table + " DROP COLUMN " + quote(c.path("columnName").asText()));
                }
                for (JsonNode col : columns(c)) {
                    out.add("ALTER TABLE " + table + " DROP COLUMN " + quote(col.path("name").asText()));
                }
            }
            case "dropTable" -> out.add("DROP TABLE " + table);
            case "modifyDataType" -> out.add("ALTER TABLE " + table + " ALTER COLUMN " + quote(c.path("columnName").asText())
                    + " TYPE " + c.path("newDataType").asText());
            case "renameColumn" -> out.add("ALTER TABLE " + table + " RENAME COLUMN " + quote(c.path("oldColumnName").asText())
                    + " TO " + quote(c.path("newColumnName").asText()));
            case "renameTable" -> out.add("ALTER TABLE " + q(c.path("schemaName").asText(null), c.path("oldTableName").asText())
                    + " RENAME TO " + quote(c.path("newTableName").asText()));
            default -> {
                // not linted
            }
        }
        return out;
    }

    private static boolean isFalse(JsonNode n) {
        return n != null && "false".equalsIgnoreCase(n.asText());
    }

    private static List<JsonNode> columns(JsonNode c) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : c.path("columns")) {
            out.add(e.has("column") ? e.get("column") : e);
        }
        return out;
    }

    private static String defaultOf(JsonNode col) {
        if (col.has("defaultValueComputed")) {
            return col.path("defaultValueComputed").asText();
        }
        for (String k : List.of("defaultValue", "defaultValueNumeric", "defaultValueBoolean", "defaultValueDate")) {
            if (col.has(k)) {
                return "'" + col.path(k).asText().replace("'", "''") + "'";
            }
        }
        return null;
    }

    /** Liquibase names are taken as PostgreSQL stores them: quoted when not plain lower case. */
    private static String quote(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String q(String schema, String table) {
        return (schema == null || schema.isEmpty() ? "" : quote(schema) + ".") + quote(table);
    }
}
