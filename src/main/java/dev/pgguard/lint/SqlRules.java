package dev.pgguard.lint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The production-safety rules PG001-PG013 (README "Linter"): what each changeset's SQL does to
 * tables that may hold rows and traffic. The SQL of {@code sql} changes is scanned statement by
 * statement ({@link SqlStatements}); Liquibase change types (addColumn, createIndex,
 * addForeignKeyConstraint, addNotNullConstraint, dropColumn, modifyDataType, …) are first written
 * as the SQL they stand for. Rollback blocks are not linted by these rules.
 *
 * <p>An <em>existing table</em> is one no CREATE TABLE / createTable earlier in the changelog (in
 * file order, across includes) or earlier in the same changeset created.
 */
final class SqlRules {

    static final String LOCK_TIMEOUT = "PG001";
    static final String INDEX_CONCURRENTLY = "PG002";
    static final String CONCURRENTLY_IN_TRANSACTION = "PG003";
    static final String NOT_VALID = "PG004";
    static final String SET_NOT_NULL = "PG005";
    static final String TYPE_REWRITE = "PG006";
    static final String DROP_WITHOUT_COPY = "PG007";
    static final String GUARD_CORE_ONLY = "PG008";
    static final String GUARD_MISSES_OBJECT = "PG009";
    static final String ADD_REQUIRED_COLUMN = "PG010";
    static final String ADD_COLUMN_REWRITE = "PG011";
    static final String UNIQUE_CONSTRAINT = "PG012";
    static final String RENAME = "PG013";

    /** liquibase-core keys that fold case (or test only existence) and so cannot prove a target shape. */
    static final Set<String> CORE_EXISTENCE = Set.of("tableExists", "columnExists", "indexExists", "sequenceExists",
            "viewExists", "primaryKeyExists", "uniqueConstraintExists", "foreignKeyConstraintExists", "tableIsEmpty",
            "rowCount", "changeSetExecuted", "changeLogPropertyDefined", "dbms", "runningAs", "expectedQuotingStrategy");
    private static final Set<String> ATTRIBUTES = Set.of("onFail", "onError", "onSqlOutput", "onFailMessage",
            "onErrorMessage", "onUpdateSQL");
    private static final Set<String> VOLATILE = Set.of("random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v4",
            "clock_timestamp", "timeofday", "nextval", "txid_current", "statement_timestamp");

    private static final String IDENT = "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final String NAME = IDENT + "(?:\\." + IDENT + ")?";
    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)^CREATE\\s+(?:(?:GLOBAL|LOCAL)\\s+)?(?:TEMP|TEMPORARY|UNLOGGED\\s+)?\\s*TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(" + NAME + ")(.*)$");
    private static final Pattern CREATE_INDEX = Pattern.compile("(?i)^CREATE\\s+(UNIQUE\\s+)?INDEX\\s+(CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?(" + NAME + "\\s+)?ON\\s+(?:ONLY\\s+)?(" + NAME + ").*$");
    private static final Pattern DROP_INDEX = Pattern.compile("(?i)^DROP\\s+INDEX\\s+(CONCURRENTLY\\s+)?(?:IF\\s+EXISTS\\s+)?(" + NAME + ").*$");
    private static final Pattern REINDEX_CONCURRENTLY = Pattern.compile("(?i)^REINDEX\\b.*\\bCONCURRENTLY\\b.*$");
    private static final Pattern ALTER_TABLE = Pattern.compile("(?i)^ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?(" + NAME + ")\\s+(.*)$");
    private static final Pattern DROP_TABLE = Pattern.compile("(?i)^DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(.*?)(?:\\s+(?:CASCADE|RESTRICT))?$");
    private static final Pattern TRIGGER = Pattern.compile("(?i)^(?:CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:CONSTRAINT\\s+)?|DROP\\s+)TRIGGER\\b.*?\\bON\\s+(" + NAME + ").*$");
    private static final Pattern LOCK_TIMEOUT_SET = Pattern.compile("(?i)^(?:SET\\s+(?:LOCAL\\s+|SESSION\\s+)?lock_timeout\\b|(?:SELECT|PERFORM)\\b.*set_config\\s*\\(\\s*'lock_timeout').*$");
    private static final Pattern UTC_SET = Pattern.compile("(?i)^(?:SET\\s+(?:LOCAL\\s+|SESSION\\s+)?(?:TIME\\s+ZONE|TimeZone\\s*(?:=|TO))\\s*'(?:UTC|Etc/UTC)'|(?:SELECT|PERFORM)\\b.*set_config\\s*\\(\\s*'TimeZone'\\s*,\\s*'(?:UTC|Etc/UTC)').*$");
    private static final Pattern FROM_TABLES = Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+(?:ONLY\\s+)?(" + NAME + ")");

    private static final Pattern ADD_COLUMN = Pattern.compile("(?i)^ADD\\s+(?:COLUMN\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?(?!CONSTRAINT\\b|CHECK\\b|FOREIGN\\b|UNIQUE\\b|PRIMARY\\b|EXCLUDE\\b)(" + IDENT + ")\\s+(.*)$");
    private static final Pattern ADD_CONSTRAINT = Pattern.compile("(?i)^ADD\\s+(?:CONSTRAINT\\s+(" + IDENT + ")\\s+)?(CHECK|FOREIGN\\s+KEY|UNIQUE|PRIMARY\\s+KEY|EXCLUDE)\\b(.*)$");
    private static final Pattern VALIDATE = Pattern.compile("(?i)^VALIDATE\\s+CONSTRAINT\\s+(" + IDENT + ")$");
    private static final Pattern SET_NOT_NULL_ACTION = Pattern.compile("(?i)^ALTER\\s+(?:COLUMN\\s+)?(" + IDENT + ")\\s+SET\\s+NOT\\s+NULL$");
    private static final Pattern TYPE_ACTION = Pattern.compile("(?i)^ALTER\\s+(?:COLUMN\\s+)?(" + IDENT + ")\\s+(?:SET\\s+DATA\\s+)?TYPE\\s+(.*)$");
    private static final Pattern DROP_COLUMN = Pattern.compile("(?i)^DROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?(?!CONSTRAINT\\b)(" + IDENT + ")(?:\\s+(?:CASCADE|RESTRICT))?$");
    private static final Pattern RENAME_ACTION = Pattern.compile("(?i)^RENAME\\s+(?:(?:COLUMN\\s+)?(?!CONSTRAINT\\b|TO\\b)" + IDENT + "\\s+)?TO\\s+.*$");
    private static final Pattern NOT_NULL_CHECK = Pattern.compile("(?i)^\\(?\\s*\\(?\\s*(" + IDENT + ")\\s+IS\\s+NOT\\s+NULL\\s*\\)?\\s*\\)?$");

    /** What the changelog has done so far, in file order (per domain). */
    static final class State {
        final Set<String> createdTables = new HashSet<>();
        final Map<String, String> indexTables = new HashMap<>();
        /** table.column with a validated CHECK (column IS NOT NULL). */
        final Set<String> provenNotNull = new HashSet<>();
        /** table.constraint -> column of a CHECK (column IS NOT NULL) NOT VALID not yet validated. */
        final Map<String, String> pendingNotNull = new HashMap<>();
    }

    /** One changeset's reporter. */
    interface Report {
        void add(String rule, String message);
    }

    private final State state;
    private final Report report;
    private final boolean transactional;
    private final JsonNode pre;
    private final Set<String> createdHere = new HashSet<>();
    private final Set<String> copied = new HashSet<>();
    private final Set<String> reported = new HashSet<>();
    private boolean lockTimeout;
    private boolean utc;
    private String createdObject;
    /** The created object is a foreign key: a guard on the key's shape (foreignKey… keys) also names it. */
    private boolean createdForeignKey;

    private SqlRules(State state, Report report, JsonNode changeSet) {
        this.state = state;
        this.report = report;
        JsonNode rit = changeSet.get("runInTransaction");
        this.transactional = rit == null || !"false".equalsIgnoreCase(rit.asText());
        this.pre = changeSet.get("preConditions");
    }

    /** Lints one changeset's changes (in order) and guard, updating {@code state}. */
    static void check(JsonNode changeSet, State state, Report report) {
        SqlRules r = new SqlRules(state, report, changeSet);
        for (String sql : statements(changeSet.get("changes"))) {
            r.statement(sql);
        }
        r.guard();
    }

    /** The SQL a changeset's changes stand for, statement by statement. */
    static List<String> statements(JsonNode changes) {
        List<String> out = new ArrayList<>();
        if (changes == null) {
            return out;
        }
        for (JsonNode change : changes.isArray() ? changes : List.of(changes)) {
            Iterator<Map.Entry<String, JsonNode>> it = change.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.addAll(ChangeTypes.sql(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    private void add(String rule, String message) {
        if (reported.add(rule + "\0" + message)) {
            report.add(rule, message);
        }
    }

    private boolean existing(String table) {
        return !createdHere.contains(table) && !state.createdTables.contains(table);
    }

    private void statement(String s) {
        Matcher m;
        if (LOCK_TIMEOUT_SET.matcher(s).matches()) {
            lockTimeout = true;
        }
        if (UTC_SET.matcher(s).matches()) {
            utc = true;
        }
        if ((m = CREATE_TABLE.matcher(s)).matches()) {
            String table = table(m.group(1));
            boolean copy = m.group(2).matches("(?is)^\\s*(?:\\(.*\\)\\s*)?AS\\b.*$");
            if (copy) {
                Matcher from = FROM_TABLES.matcher(m.group(2));
                while (from.find()) {
                    copied.add(table(from.group(1)));
                }
            } else if (createdObject == null) {
                createdObject = table;
            }
            createdHere.add(table);
            state.createdTables.add(table);
        } else if ((m = CREATE_INDEX.matcher(s)).matches()) {
            boolean concurrently = m.group(2) != null;
            String table = table(m.group(4));
            if (m.group(3) != null) {
                String index = table(m.group(3).trim());
                state.indexTables.put(index, table);
                if (createdObject == null) {
                    createdObject = index;
                }
            }
            if (concurrently && transactional) {
                add(CONCURRENTLY_IN_TRANSACTION, "CREATE INDEX CONCURRENTLY cannot run inside a transaction block: "
                        + "give the changeset runInTransaction: false (and nothing else in it that needs a transaction)");
            } else if (!concurrently && existing(table)) {
                add(INDEX_CONCURRENTLY, "CREATE INDEX on existing table " + table + " blocks writes for the whole build: "
                        + "use CREATE INDEX CONCURRENTLY in a runInTransaction: false changeset, guarded by "
                        + "not: indexValid so an INVALID index left by an interrupted build is dropped and rebuilt");
            }
        } else if ((m = DROP_INDEX.matcher(s)).matches()) {
            boolean concurrently = m.group(1) != null;
            String table = state.indexTables.get(table(m.group(2)));
            if (concurrently && transactional) {
                add(CONCURRENTLY_IN_TRANSACTION, "DROP INDEX CONCURRENTLY cannot run inside a transaction block: "
                        + "give the changeset runInTransaction: false");
            } else if (!concurrently && (table == null || existing(table))) {
                add(INDEX_CONCURRENTLY, "DROP INDEX " + table(m.group(2)) + " takes an ACCESS EXCLUSIVE lock on its table: "
                        + "use DROP INDEX CONCURRENTLY in a runInTransaction: false changeset");
            }
        } else if (REINDEX_CONCURRENTLY.matcher(s).matches() && transactional) {
            add(CONCURRENTLY_IN_TRANSACTION, "REINDEX CONCURRENTLY cannot run inside a transaction block: "
                    + "give the changeset runInTransaction: false");
        } else if ((m = ALTER_TABLE.matcher(s)).matches()) {
            alterTable(table(m.group(1)), m.group(2));
        } else if ((m = DROP_TABLE.matcher(s)).matches()) {
            for (String name : SqlStatements.topLevelCommas(m.group(1))) {
                String table = table(name);
                if (existing(table) && !copied.contains(table)) {
                    add(DROP_WITHOUT_COPY, "DROP TABLE " + table + " loses its rows for good: first copy them in the same "
                            + "changeset (CREATE TABLE <backup> AS SELECT * FROM " + table + ") so rollback can restore "
                            + "them, or drop it only in a rollback");
                }
            }
        } else if ((m = TRIGGER.matcher(s)).matches()) {
            lockTimeoutNeeded(table(m.group(1)), "a trigger");
        }
    }

    private void lockTimeoutNeeded(String table, String what) {
        if (!lockTimeout && existing(table)) {
            add(LOCK_TIMEOUT, "DDL on existing table " + table + " (" + what + ") without lock_timeout: while it waits for "
                    + "its lock every query on the table queues behind it; start the changeset with "
                    + "SET LOCAL lock_timeout = '5s' (or set_config('lock_timeout', '5s', true) in a DO block)");
        }
    }

    private void alterTable(String table, String actions) {
        boolean existing = existing(table);
        for (String action : SqlStatements.topLevelCommas(actions)) {
            Matcher m;
            lockTimeoutNeeded(table, firstWords(action));
            if ((m = ADD_CONSTRAINT.matcher(action)).matches()) {
                String name = m.group(1) == null ? null : table(m.group(1));
                String kind = m.group(2).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
                String rest = m.group(3);
                boolean notValid = rest.matches("(?is).*\\bNOT\\s+VALID\\s*$");
                if (name != null && createdObject == null) {
                    createdObject = name;
                    createdForeignKey = kind.equals("FOREIGN KEY");
                }
                if ((kind.equals("CHECK") || kind.equals("FOREIGN KEY")) && existing && !notValid) {
                    add(NOT_VALID, kind + " constraint on existing table " + table + " without NOT VALID scans the table "
                            + "under a lock that blocks writes: add it NOT VALID, then VALIDATE CONSTRAINT in its own changeset");
                }
                if ((kind.equals("UNIQUE") || kind.equals("PRIMARY KEY")) && existing
                        && !rest.matches("(?is)^\\s*USING\\s+INDEX\\b.*")) {
                    add(UNIQUE_CONSTRAINT, kind + " constraint on existing table " + table + " builds its index under an "
                            + "ACCESS EXCLUSIVE lock: CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT … "
                            + kind + " USING INDEX");
                }
                if (kind.equals("CHECK")) {
                    Matcher nn = NOT_NULL_CHECK.matcher(rest.replaceFirst("(?is)\\s*NOT\\s+VALID\\s*$", "").trim());
                    if (nn.matches()) {
                        String column = table(nn.group(1));
                        if (notValid && name != null) {
                            state.pendingNotNull.put(table + "\0" + name, column);
                        } else if (!notValid) {
                            state.provenNotNull.add(table + "." + column);
                        }
                    }
                }
            } else if ((m = ADD_COLUMN.matcher(action)).matches()) {
                String column = table(m.group(1));
                String def = m.group(2);
                if (createdObject == null) {
                    createdObject = column;
                }
                if (!existing) {
                    continue;
                }
                boolean hasDefault = def.matches("(?is).*\\bDEFAULT\\b.*");
                if (def.matches("(?is).*\\bNOT\\s+NULL\\b.*") && !hasDefault && !def.matches("(?is).*\\bGENERATED\\b.*")) {
                    add(ADD_REQUIRED_COLUMN, "ADD COLUMN " + column + " NOT NULL without a DEFAULT fails on a table with rows: "
                            + "give it a constant DEFAULT, or add it nullable, backfill, then SET NOT NULL after a validated CHECK");
                }
                if (rewrites(def)) {
                    add(ADD_COLUMN_REWRITE, "ADD COLUMN " + column + " with a volatile default, a serial type or a stored "
                            + "generated expression rewrites " + table + " under an ACCESS EXCLUSIVE lock: add it without "
                            + "the default (or with a constant one), then backfill in batches");
                }
                if (def.matches("(?is).*\\b(REFERENCES|CHECK)\\b.*")) {
                    add(NOT_VALID, "ADD COLUMN " + column + " with an inline REFERENCES/CHECK validates at once: add the "
                            + "column, then the constraint NOT VALID, then VALIDATE CONSTRAINT in its own changeset");
                }
            } else if ((m = VALIDATE.matcher(action)).matches()) {
                String column = state.pendingNotNull.remove(table + "\0" + table(m.group(1)));
                if (column != null) {
                    state.provenNotNull.add(table + "." + column);
                }
            } else if ((m = SET_NOT_NULL_ACTION.matcher(action)).matches()) {
                String column = table(m.group(1));
                if (existing && !state.provenNotNull.contains(table + "." + column)) {
                    add(SET_NOT_NULL, "SET NOT NULL on " + table + "." + column + " scans the table under an ACCESS "
                            + "EXCLUSIVE lock: first ADD CONSTRAINT … CHECK (" + column + " IS NOT NULL) NOT VALID and "
                            + "VALIDATE CONSTRAINT in earlier changesets (PostgreSQL 12+ then skips the scan)");
                }
            } else if ((m = TYPE_ACTION.matcher(action)).matches()) {
                String column = table(m.group(1));
                if (existing) {
                    typeChange(table, column, m.group(2));
                }
            } else if ((m = DROP_COLUMN.matcher(action)).matches()) {
                String column = table(m.group(1));
                if (existing && !copied.contains(table)) {
                    add(DROP_WITHOUT_COPY, "DROP COLUMN " + table + "." + column + " loses its values for good: first copy "
                            + "them in the same changeset (CREATE TABLE <backup> AS SELECT <key>, " + column + " FROM "
                            + table + ") so rollback can restore them, or drop it only in a rollback");
                }
            } else if (RENAME_ACTION.matcher(action).matches() && existing) {
                add(RENAME, "renaming a column or table of existing table " + table + " breaks every running client that "
                        + "uses the old name: add the new column (or a view), deploy readers, backfill, then drop the old one");
            }
        }
    }

    private static String firstWords(String action) {
        String[] w = action.split("\\s+");
        return String.join(" ", java.util.Arrays.asList(w).subList(0, Math.min(3, w.length)));
    }

    private static boolean rewrites(String def) {
        String d = def.toLowerCase(Locale.ROOT);
        if (d.matches("(?s)^(small|big)?serial\\b.*|^serial[248]\\b.*") || d.matches("(?s).*\\bgenerated\\s+always\\s+as\\s*\\(.*\\bstored\\b.*")) {
            return true;
        }
        Matcher m = Pattern.compile("\\bdefault\\s+(.*)$", Pattern.DOTALL).matcher(d);
        if (!m.find()) {
            return false;
        }
        for (String f : VOLATILE) {
            if (m.group(1).matches("(?s).*\\b" + f + "\\s*\\(.*")) {
                return true;
            }
        }
        return false;
    }

    private void typeChange(String table, String column, String rest) {
        if (rest.matches("(?is).*\\bUSING\\b.*")) {
            add(TYPE_REWRITE, "ALTER COLUMN " + column + " TYPE … USING rewrites " + table + " under an ACCESS EXCLUSIVE lock: "
                    + "add a new column, backfill it in batches, and switch readers over");
            return;
        }
        String to = TypeChange.normalize(rest.replaceFirst("(?is)\\s+COLLATE\\s+.*$", ""));
        String from = guardType(table, column);
        String why = TypeChange.safe(from, to, utc);
        if (why != null) {
            add(TYPE_REWRITE, "ALTER COLUMN " + table + "." + column + " TYPE " + to + " " + why);
        }
    }

    /** The type a {@code columnTypeIs} guard of this changeset says the column has, or null. */
    private String guardType(String table, String column) {
        List<JsonNode> found = new ArrayList<>();
        collect(pre, "columnTypeIs", found);
        for (JsonNode n : found) {
            if (column.equals(n.path("columnName").asText()) && table.endsWith(n.path("tableName").asText("\0"))) {
                return TypeChange.normalize(n.path("type").asText());
            }
        }
        return null;
    }

    private static void collect(JsonNode node, String key, List<JsonNode> out) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            node.forEach(n -> collect(n, key, out));
        } else if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals(key)) {
                    out.add(e.getValue());
                }
                collect(e.getValue(), key, out);
            });
        }
    }

    /** PG008 and PG009: a MARK_RAN guard must be able to prove the target state. */
    private void guard() {
        if (pre == null || !"MARK_RAN".equals(attribute(pre, "onFail"))) {
            return;
        }
        Set<String> keys = new HashSet<>();
        leafKeys(pre, keys);
        if (!keys.isEmpty() && CORE_EXISTENCE.containsAll(keys)) {
            add(GUARD_CORE_ONLY, "onFail: MARK_RAN on a guard made only of liquibase-core keys " + new java.util.TreeSet<>(keys)
                    + ", which fold case and test only that a name exists, not its shape: a wrong object of a similar "
                    + "name is recorded as done; use pgguard's exact keys (tableMissing, columnMissing, indexValid, "
                    + "constraintMissing, columnTypeIs, …) or a sqlCheck on pg_catalog");
        }
        if (createdObject != null) {
            StringBuilder values = new StringBuilder();
            scalars(pre, values);
            String text = values.toString().toLowerCase(Locale.ROOT);
            Pattern word = Pattern.compile("(?<![a-z0-9_$])" + Pattern.quote(createdObject.toLowerCase(Locale.ROOT)) + "(?![a-z0-9_$])");
            boolean shape = createdForeignKey && keys.stream().anyMatch(k -> k.startsWith("foreignKey"));
            if (!shape && !word.matcher(text).find()) {
                add(GUARD_MISSES_OBJECT, "onFail: MARK_RAN, but the guard never names " + createdObject + ", the object this "
                        + "changeset creates: it cannot tell whether that object is already there, so MARK_RAN may record "
                        + "as done a change that was never made; guard on the object itself (e.g. …Missing with its name)");
            }
        }
    }

    /** Every scalar value of a guard (names, sqlCheck and where texts), one per line. */
    private static void scalars(JsonNode node, StringBuilder out) {
        if (node.isContainerNode()) {
            node.forEach(n -> scalars(n, out));
        } else {
            out.append(node.asText()).append('\n');
        }
    }

    private static String attribute(JsonNode pre, String name) {
        for (JsonNode e : pre.isArray() ? pre : List.of(pre)) {
            if (e.has(name)) {
                return e.get(name).asText();
            }
        }
        return null;
    }

    private static void leafKeys(JsonNode node, Set<String> out) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            node.forEach(n -> leafKeys(n, out));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        node.properties().forEach(e -> {
            String k = e.getKey();
            if (ATTRIBUTES.contains(k)) {
                return;
            }
            if (k.equals("and") || k.equals("or") || k.equals("not")) {
                leafKeys(e.getValue(), out);
            } else {
                out.add(k);
            }
        });
    }

    /** The table (or other object) name as PostgreSQL stores it, without its schema. */
    static String table(String name) {
        String n = name.trim();
        List<String> parts = new ArrayList<>();
        Matcher m = Pattern.compile(IDENT).matcher(n);
        while (m.find()) {
            parts.add(m.group());
        }
        String last = parts.isEmpty() ? n : parts.get(parts.size() - 1);
        if (last.startsWith("\"")) {
            return last.substring(1, last.length() - 1).replace("\"\"", "\"");
        }
        return last.toLowerCase(Locale.ROOT);
    }
}
