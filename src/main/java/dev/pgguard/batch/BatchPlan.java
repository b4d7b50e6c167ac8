package dev.pgguard.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code batchedSql} step does, as SQL text: the driving table and its key, the batch
 * statement with its {@code :lower} / {@code :upper} placeholders, the progress table, and the
 * preview (a {@code DO} block) that does in psql what {@link BatchRunner} does over JDBC. Pure:
 * no connection, no Liquibase.
 */
public final class BatchPlan {

    /** Default name of the progress table, created in the driving table's schema. */
    public static final String DEFAULT_PROGRESS_TABLE = "pgguard_batch_progress";
    /** Default number of driving keys per batch. */
    public static final int DEFAULT_BATCH_SIZE = 10_000;
    static final int MAX_BATCH_SIZE = 10_000_000;

    private static final Pattern PLACEHOLDER = Pattern.compile("(?<![:\\w]):(lower|upper)\\b");
    private static final Pattern IDENT = Pattern.compile("[^\\x00]{1,63}");

    private final String stepId;
    private final String schema;
    private final String table;
    private final String keyColumn;
    private final String where;
    private final String sql;
    private final int batchSize;
    private final String progressTable;
    private final int pauseMillis;

    BatchPlan(String stepId, String schema, String table, String keyColumn, String where, String sql,
              Integer batchSize, String progressTable, Integer pauseMillis) {
        List<String> problems = problems(table, keyColumn, sql, batchSize, progressTable, pauseMillis, schema);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("batchedSql: " + String.join("; ", problems));
        }
        this.stepId = stepId;
        this.schema = schema;
        this.table = table;
        this.keyColumn = keyColumn;
        this.where = where == null || where.isBlank() ? null : where.strip();
        this.sql = stripSemicolon(sql);
        this.batchSize = batchSize == null ? DEFAULT_BATCH_SIZE : batchSize;
        this.progressTable = progressTable == null || progressTable.isBlank() ? DEFAULT_PROGRESS_TABLE : progressTable;
        this.pauseMillis = pauseMillis == null ? 0 : pauseMillis;
    }

    /**
     * What is wrong with a set of attributes, one sentence per problem naming the attribute and
     * the fix; empty when they are usable. {@code schemaName} may be null (the default schema).
     */
    public static List<String> problems(String table, String keyColumn, String sql, Integer batchSize,
                                        String progressTable, Integer pauseMillis, String schema) {
        List<String> out = new ArrayList<>();
        if (table == null || table.isBlank()) {
            out.add("attribute 'tableName' is required (the table whose key orders the batches)");
        } else if (!IDENT.matcher(table).matches()) {
            out.add("attribute 'tableName' is not a PostgreSQL identifier: '" + table + "'");
        }
        if (keyColumn == null || keyColumn.isBlank()) {
            out.add("attribute 'keyColumn' is required (a column of 'tableName' with a btree order: integer, text, uuid, timestamp..., ideally its primary key)");
        } else if (!IDENT.matcher(keyColumn).matches()) {
            out.add("attribute 'keyColumn' is not a PostgreSQL identifier: '" + keyColumn + "'");
        }
        if (schema != null && !IDENT.matcher(schema).matches()) {
            out.add("attribute 'schemaName' is not a PostgreSQL identifier: '" + schema + "'");
        }
        if (sql == null || sql.isBlank()) {
            out.add("attribute 'sql' is required (one statement that does one batch, between :lower and :upper inclusive)");
        } else {
            java.util.Set<String> found = new java.util.HashSet<>();
            Matcher m = PLACEHOLDER.matcher(sql);
            while (m.find()) {
                found.add(m.group(1));
            }
            if (!found.contains("lower") || !found.contains("upper")) {
                out.add("attribute 'sql' must use both :lower and :upper (the first and last key of the batch, inclusive),"
                        + " e.g. WHERE id BETWEEN :lower AND :upper");
            }
            if (hasTopLevelSemicolon(stripSemicolon(sql))) {
                out.add("attribute 'sql' must be one statement (combine steps with data-modifying WITH clauses)");
            }
        }
        if (batchSize != null && (batchSize < 1 || batchSize > MAX_BATCH_SIZE)) {
            out.add("attribute 'batchSize' must be between 1 and " + MAX_BATCH_SIZE + ", was " + batchSize);
        }
        if (pauseMillis != null && (pauseMillis < 0 || pauseMillis > 60_000)) {
            out.add("attribute 'pauseMillis' must be between 0 and 60000, was " + pauseMillis);
        }
        if (progressTable != null && !progressTable.isBlank() && !IDENT.matcher(progressTable).matches()) {
            out.add("attribute 'progressTable' is not a PostgreSQL identifier: '" + progressTable + "'");
        }
        return out;
    }

    public String stepId() {
        return stepId;
    }

    public String schema() {
        return schema;
    }

    public int batchSize() {
        return batchSize;
    }

    public int pauseMillis() {
        return pauseMillis;
    }

    String qualifiedTable() {
        return ident(schema) + "." + ident(table);
    }

    String qualifiedProgressTable() {
        return ident(schema) + "." + ident(progressTable);
    }

    String key() {
        return ident(keyColumn);
    }

    String table() {
        return table;
    }

    String keyColumn() {
        return keyColumn;
    }

    /** The progress table: one row per step, written in the same transaction as each batch. */
    public String createProgressTableSql() {
        return "CREATE TABLE IF NOT EXISTS " + qualifiedProgressTable() + " (\n"
                + "    change_set text PRIMARY KEY,\n"
                + "    last_key text NOT NULL,\n"
                + "    batches integer NOT NULL,\n"
                + "    rows_done bigint NOT NULL,\n"
                + "    rows_affected bigint NOT NULL\n"
                + ")";
    }

    String progressSql() {
        return "SELECT last_key, batches, rows_done, rows_affected FROM " + qualifiedProgressTable()
                + " WHERE change_set = " + literal(stepId);
    }

    /** Count of the keys still to do, after {@code lastLiteral} (a SQL expression of the key type) when not null. */
    String countSql(String lastLiteral) {
        return "SELECT count(*) FROM " + qualifiedTable() + filter(lastLiteral);
    }

    /** First key, last key and number of keys of the next batch. */
    String boundsSql(String lastLiteral) {
        return "SELECT b.k[1]::text, b.k[cardinality(b.k)]::text, coalesce(cardinality(b.k), 0) FROM " + nextKeys(lastLiteral);
    }

    /**
     * The keys of the next batch as one ordered array {@code b.k} (first, last and count come from
     * it: PostgreSQL has no min()/max() for some btree types, uuid among them).
     */
    private String nextKeys(String lastLiteral) {
        return "(SELECT array_agg(s.k ORDER BY s.k) AS k FROM (SELECT " + key() + " AS k FROM " + qualifiedTable()
                + filter(lastLiteral) + " ORDER BY " + key() + " LIMIT " + batchSize + ") s) b";
    }

    private String filter(String lastLiteral) {
        List<String> conds = new ArrayList<>();
        if (lastLiteral != null) {
            conds.add(key() + " > " + lastLiteral);
        }
        if (where != null) {
            conds.add("(" + where + ")");
        }
        return conds.isEmpty() ? "" : " WHERE " + String.join(" AND ", conds);
    }

    /** The batch statement with its placeholders replaced by the given SQL expressions. */
    String batchSql(String lowerExpr, String upperExpr) {
        Matcher m = PLACEHOLDER.matcher(sql);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(m.group(1).equals("lower") ? lowerExpr : upperExpr));
        }
        m.appendTail(b);
        return b.toString();
    }

    String recordBatchSql(String lastKey, long keys, long affected) {
        String pt = qualifiedProgressTable();
        return "INSERT INTO " + pt + " AS p (change_set, last_key, batches, rows_done, rows_affected) VALUES ("
                + literal(stepId) + ", " + literal(lastKey) + ", 1, " + keys + ", " + affected + ")"
                + " ON CONFLICT (change_set) DO UPDATE SET last_key = EXCLUDED.last_key, batches = p.batches + 1,"
                + " rows_done = p.rows_done + EXCLUDED.rows_done, rows_affected = p.rows_affected + EXCLUDED.rows_affected";
    }

    /**
     * The {@code updateSQL} text: the progress table, then a {@code DO} block that runs the same
     * batches, each committed ({@code COMMIT} inside {@code DO}, PostgreSQL 11+, so psql must run
     * it in autocommit mode, its default), resuming after the recorded last key, with a NOTICE per
     * batch.
     */
    public String previewSql() {
        String t = qualifiedTable();
        String keyType = t + "." + key() + "%TYPE";
        String tag = dollarTag(sql + (where == null ? "" : where));
        String tagSql = tag.replace("$pgguard", "$pgguard_sql");
        String batch = batchSql("$1", "$2");
        StringBuilder b = new StringBuilder();
        b.append(createProgressTableSql()).append(";\n\n");
        b.append("-- batchedSql ").append(stepId).append(": batches of ").append(batchSize).append(" keys of ")
                .append(t).append(" in ").append(key()).append(" order, each committed; resumes after the last key recorded in ")
                .append(qualifiedProgressTable()).append("\n");
        b.append("DO ").append(tag).append("\n");
        b.append("DECLARE\n");
        b.append("    pgguard_lower ").append(keyType).append(";\n");
        b.append("    pgguard_upper ").append(keyType).append(";\n");
        b.append("    pgguard_last ").append(keyType).append(";\n");
        b.append("    pgguard_keys bigint;\n");
        b.append("    pgguard_rows bigint;\n");
        b.append("    pgguard_total bigint;\n");
        b.append("    pgguard_batches integer := 0;\n");
        b.append("    pgguard_batch integer := 0;\n");
        b.append("    pgguard_done bigint := 0;\n");
        b.append("    pgguard_started timestamptz := clock_timestamp();\n");
        b.append("    pgguard_rate numeric;\n");
        b.append("BEGIN\n");
        b.append("    SELECT p.last_key, p.batches INTO pgguard_last, pgguard_batches FROM ").append(qualifiedProgressTable())
                .append(" p WHERE p.change_set = ").append(literal(stepId)).append(";\n");
        b.append("    pgguard_batches := coalesce(pgguard_batches, 0);\n");
        b.append("    IF pgguard_last IS NULL THEN\n");
        b.append("        SELECT count(*) INTO pgguard_total FROM ").append(t).append(filter(null)).append(";\n");
        b.append("    ELSE\n");
        b.append("        SELECT count(*) INTO pgguard_total FROM ").append(t).append(filter("pgguard_last")).append(";\n");
        b.append("    END IF;\n");
        b.append("    LOOP\n");
        b.append("        IF pgguard_last IS NULL THEN\n");
        String bounds = "            SELECT b.k[1], b.k[cardinality(b.k)], coalesce(cardinality(b.k), 0) INTO pgguard_lower, pgguard_upper,"
                + " pgguard_keys\n                FROM ";
        b.append(bounds).append(nextKeys(null)).append(";\n");
        b.append("        ELSE\n");
        b.append(bounds).append(nextKeys("pgguard_last")).append(";\n");
        b.append("        END IF;\n");
        b.append("        EXIT WHEN pgguard_keys = 0;\n");
        b.append("        EXECUTE ").append(tagSql).append(batch).append(tagSql).append("\n");
        b.append("            USING pgguard_lower, pgguard_upper;\n");
        b.append("        GET DIAGNOSTICS pgguard_rows = ROW_COUNT;\n");
        b.append("        INSERT INTO ").append(qualifiedProgressTable())
                .append(" AS p (change_set, last_key, batches, rows_done, rows_affected)\n");
        b.append("            VALUES (").append(literal(stepId)).append(", pgguard_upper::text, 1, pgguard_keys, pgguard_rows)\n");
        b.append("            ON CONFLICT (change_set) DO UPDATE SET last_key = EXCLUDED.last_key, batches = p.batches + 1,"
                + " rows_done = p.rows_done + EXCLUDED.rows_done, rows_affected = p.rows_affected + EXCLUDED.rows_affected;\n");
        b.append("        COMMIT;\n");
        b.append("        pgguard_last := pgguard_upper;\n");
        b.append("        pgguard_batch := pgguard_batch + 1;\n");
        b.append("        pgguard_done := pgguard_done + pgguard_keys;\n");
        b.append("        pgguard_rate := pgguard_done / greatest(extract(epoch FROM clock_timestamp() - pgguard_started), 0.001);\n");
        b.append("        RAISE NOTICE 'batchedSql %: batch % of %, % of % rows done, % rows/s, ETA % s', ")
                .append(literal(stepId)).append(", pgguard_batches + pgguard_batch,\n");
        b.append("            pgguard_batches + greatest(pgguard_batch, ceil(pgguard_total::numeric / ").append(batchSize)
                .append(")::integer), pgguard_done, pgguard_total, round(pgguard_rate),\n");
        b.append("            round(greatest(pgguard_total - pgguard_done, 0) / pgguard_rate);\n");
        if (pauseMillis > 0) {
            b.append("        PERFORM pg_catalog.pg_sleep(").append(pauseMillis / 1000.0).append(");\n");
        }
        b.append("    END LOOP;\n");
        b.append("END\n");
        b.append(tag);
        return b.toString();
    }

    /** A double-quoted identifier. */
    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** An escape-string literal, correct whatever {@code standard_conforming_strings} is. */
    static String literal(String value) {
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static String dollarTag(String body) {
        String tag = "$pgguard_batch$";
        int n = 0;
        while (body.contains(tag.substring(0, tag.length() - 1)) || body.contains("$pgguard_sql")) {
            tag = "$pgguard_batch" + (++n) + "$";
            if (n > 1000) {
                throw new IllegalArgumentException("batchedSql: 'sql' contains too many $pgguard_ dollar quotes");
            }
        }
        return tag;
    }

    private static String stripSemicolon(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        while (t.endsWith(";")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        return t;
    }

    /** A {@code ;} outside quotes, dollar quotes and comments. */
    static boolean hasTopLevelSemicolon(String sql) {
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int e = sql.indexOf('\n', i);
                i = e < 0 ? n : e;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int e = sql.indexOf("*/", i + 2);
                i = e < 0 ? n : e + 2;
            } else if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < n) {
                    if (sql.charAt(j) == c) {
                        if (j + 1 < n && sql.charAt(j + 1) == c) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    if (c == '\'' && sql.charAt(j) == '\\' && i > 0 && Character.toUpperCase(sql.charAt(i - 1)) == 'E') {
                        j++;
                    }
                    j++;
                }
                i = j + 1;
            } else if (c == '$') {
                Matcher m = Pattern.compile("\\$[A-Za-z_][A-Za-z0-9_]*\\$|\\$\\$").matcher(sql);
                if (m.find(i) && m.start() == i && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
                    String tag = m.group();
                    int e = sql.indexOf(tag, i + tag.length());
                    i = e < 0 ? n : e + tag.length();
                } else {
                    i++;
                }
            } else if (c == ';') {
                return true;
            } else {
                i++;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "batchedSql " + stepId + " over " + qualifiedTable() + " by " + key() + " (" + batchSize + " keys a batch)"
                + (where == null ? "" : " where " + where.toLowerCase(Locale.ROOT).replaceAll("\\s+", " "));
    }
}
