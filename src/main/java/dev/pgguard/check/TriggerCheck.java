package dev.pgguard.check;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code triggerPresent} / {@code triggerMissing}: a user trigger (never an internal one, such
 * as those behind foreign keys) of exactly this name on the table; for {@code triggerPresent}
 * optionally executing the function of exactly this name. One query reads the table and the
 * trigger with its function.
 */
final class TriggerCheck implements Check {

    private static final String SQL =
            "SELECT c.relkind::text, t.tgname, fn.nspname, p.proname"
                    + " FROM pg_catalog.pg_class c"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    + " LEFT JOIN pg_catalog.pg_trigger t ON t.tgrelid = c.oid AND t.tgname = ?::name AND NOT t.tgisinternal"
                    + " LEFT JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid"
                    + " LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = p.pronamespace"
                    + " WHERE n.nspname = ?::name AND c.relname = ?::name AND c.relkind IN ('r','p','v','f')";

    private static final String TRIGGERS =
            "SELECT t.tgname FROM pg_catalog.pg_trigger t"
                    + " JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ?::name AND c.relname = ?::name AND NOT t.tgisinternal ORDER BY t.tgname";

    private final boolean wantPresent;
    private final String schemaName;
    private final String tableName;
    private final String triggerName;
    private final String functionName;

    private record Found(String relkind, String trigger, String functionSchema, String function) {
    }

    TriggerCheck(boolean wantPresent, Attributes a) {
        this.wantPresent = wantPresent;
        this.schemaName = a.orNull("schemaName");
        this.tableName = a.string("tableName");
        this.triggerName = a.string("triggerName");
        this.functionName = wantPresent ? a.orNull("functionName") : null;
    }

    @Override
    public String key() {
        return wantPresent ? "triggerPresent" : "triggerMissing";
    }

    @Override
    public String describe() {
        String table = Identifiers.display(schemaName == null ? "<default schema>" : schemaName, tableName);
        String trigger = "trigger " + Identifiers.display(triggerName) + " on " + table;
        if (!wantPresent) {
            return trigger + " does not exist";
        }
        return trigger + " exists" + (functionName == null ? "" : " and executes " + Identifiers.display(functionName) + "()");
    }

    @Override
    public Outcome evaluate(CatalogSession s) throws CheckException {
        String schema = s.schema(schemaName);
        String table = Identifiers.display(schema, tableName);
        String trigger = "trigger " + Identifiers.display(triggerName) + " on " + table;
        Found f = s.query(SQL, List.of(triggerName, schema, tableName),
                rs -> rs.next() ? new Found(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)) : null);
        if (f == null) {
            if (!wantPresent) {
                return Outcome.holds(trigger + " does not exist: table " + table + " does not exist");
            }
            return Outcome.fails(trigger + " cannot exist: table " + table + " does not exist"
                    + NearMatch.relation(s, schema, tableName));
        }
        if (f.trigger() == null) {
            if (!wantPresent) {
                return Outcome.holds(trigger + " does not exist");
            }
            return Outcome.fails(trigger + " does not exist" + others(s, schema));
        }
        String function = Identifiers.display(f.functionSchema(), f.function()) + "()";
        if (!wantPresent) {
            return Outcome.fails(trigger + " exists (executes " + function + "), expected it not to");
        }
        if (functionName != null && !functionName.equals(f.function())) {
            String hint = Identifiers.sameIgnoringCase(functionName, f.function())
                    ? " (function names are compared exactly: write " + f.function() + ")" : "";
            return Outcome.fails(trigger + " executes " + function + ", expected " + Identifiers.display(functionName) + "()" + hint);
        }
        return Outcome.holds(trigger + " exists and executes " + function);
    }

    /** The table's triggers: a case-insensitive match first, else all of them. */
    private String others(CatalogSession s, String schema) throws CheckException {
        List<String> names = s.query(TRIGGERS, List.of(schema, tableName), rs -> {
            List<String> list = new ArrayList<>();
            while (rs.next()) {
                list.add(rs.getString(1));
            }
            return list;
        });
        List<String> shown = new ArrayList<>();
        for (String name : names) {
            if (Identifiers.sameIgnoringCase(name, triggerName)) {
                return " (did you mean " + Identifiers.display(name) + "?)";
            }
            shown.add(Identifiers.display(name));
        }
        return names.isEmpty() ? "; the table has no triggers" : "; its triggers: " + String.join(", ", shown);
    }
}
