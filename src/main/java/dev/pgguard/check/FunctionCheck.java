package dev.pgguard.check;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code functionPresent} / {@code functionMissing}: a function (or procedure, aggregate) of
 * exactly this name in the schema, optionally with these arguments. One query reads all
 * overloads of the name (few); the arguments are matched here, against both
 * pg_get_function_identity_arguments() ({@code a integer, VARIADIC b text[]}) and the bare
 * argument types ({@code integer, text[]}), aliases such as {@code int4} normalised.
 * {@code arguments: "()"} means no arguments.
 */
final class FunctionCheck implements Check {

    private static final String SQL =
            "SELECT pg_catalog.pg_get_function_identity_arguments(p.oid), pg_catalog.oidvectortypes(p.proargtypes),"
                    + " p.prokind::text"
                    + " FROM pg_catalog.pg_proc p"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
                    + " WHERE p.proname = ?::name AND n.nspname = ?::name"
                    + " ORDER BY 1";

    private static final String NEAR =
            "SELECT DISTINCT n.nspname, p.proname, n.nspname = ? FROM pg_catalog.pg_proc p"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
                    + " WHERE pg_catalog.lower(p.proname) = pg_catalog.lower(?)"
                    + " ORDER BY 3 DESC, 1, 2 LIMIT 3";

    private final boolean wantPresent;
    private final String schemaName;
    private final String functionName;
    private final String arguments;

    private record Overload(String identity, String types, String kind) {
    }

    FunctionCheck(boolean wantPresent, Attributes a) {
        this.wantPresent = wantPresent;
        this.schemaName = a.orNull("schemaName");
        this.functionName = a.string("functionName");
        this.arguments = a.orNull("arguments");
    }

    @Override
    public String key() {
        return wantPresent ? "functionPresent" : "functionMissing";
    }

    @Override
    public String describe() {
        String name = signature(schemaName == null ? "<default schema>" : schemaName);
        return "function " + name + (wantPresent ? " exists" : " does not exist");
    }

    private String signature(String schema) {
        String name = Identifiers.display(schema, functionName);
        return arguments == null ? name : name + "(" + String.join(", ", elements(arguments)) + ")";
    }

    @Override
    public Outcome evaluate(CatalogSession s) throws CheckException {
        String schema = s.schema(schemaName);
        String name = Identifiers.display(schema, functionName);
        String wanted = signature(schema);
        List<Overload> overloads = s.query(SQL, List.of(functionName, schema), rs -> {
            List<Overload> list = new ArrayList<>();
            while (rs.next()) {
                list.add(new Overload(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
            return list;
        });
        Overload match = null;
        for (Overload o : overloads) {
            if (arguments == null || matches(o, schema)) {
                match = o;
                break;
            }
        }
        if (wantPresent) {
            if (match != null) {
                return Outcome.holds(kind(match) + " " + name + "(" + match.identity() + ") exists");
            }
            if (overloads.isEmpty()) {
                return Outcome.fails("function " + wanted + " does not exist: no function named " + name
                        + " exists" + near(s, schema));
            }
            return Outcome.fails("function " + wanted + " does not exist; overloads found: " + list(name, overloads));
        }
        if (match == null) {
            return Outcome.holds(overloads.isEmpty() ? "no function named " + name + " exists"
                    : "function " + wanted + " does not exist (other overloads: " + list(name, overloads) + ")");
        }
        return Outcome.fails(arguments == null
                ? "functions named " + name + " exist, expected none: " + list(name, overloads)
                : kind(match) + " " + name + "(" + match.identity() + ") exists, expected it not to");
    }

    private boolean matches(Overload o, String schema) {
        String want = String.join(",", elements(arguments));
        if (want.equals(String.join(",", comparable(o.identity())))) {
            return true;
        }
        List<String> types = new ArrayList<>();
        for (String t : comparable(o.types())) {
            types.add(TypeNames.unqualify(t, schema));
        }
        List<String> wanted = new ArrayList<>();
        for (String t : elements(arguments)) {
            wanted.add(TypeNames.unqualify(t, schema));
        }
        return wanted.equals(types);
    }

    /** The written arguments, outer parentheses dropped, split at top-level commas, each normalised as a type. */
    private static List<String> elements(String written) {
        String s = written.trim();
        if (s.startsWith("(") && s.endsWith(")") && !SqlText.hasUnbalancedQuotesOrParentheses(s.substring(1, s.length() - 1))) {
            s = s.substring(1, s.length() - 1).trim();
        }
        List<String> out = new ArrayList<>();
        for (String part : split(s)) {
            out.add(TypeNames.normalize(part));
        }
        return out;
    }

    private static List<String> comparable(String catalog) {
        List<String> out = new ArrayList<>();
        for (String part : split(catalog)) {
            out.add(SqlText.comparable(part));
        }
        return out;
    }

    /** Splits at commas outside parentheses and double quotes; an empty text has no elements. */
    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        if (s.isBlank()) {
            return out;
        }
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                out.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(s.substring(start).trim());
        return out;
    }

    private static String kind(Overload o) {
        switch (o.kind()) {
            case "p": return "procedure";
            case "a": return "aggregate";
            case "w": return "window function";
            default: return "function";
        }
    }

    private static String list(String name, List<Overload> overloads) {
        List<String> out = new ArrayList<>();
        for (Overload o : overloads) {
            out.add(name + "(" + o.identity() + ")");
        }
        return String.join(", ", out);
    }

    private String near(CatalogSession s, String schema) throws CheckException {
        List<String> found = s.query(NEAR, List.of(schema, functionName), rs -> {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(Identifiers.display(rs.getString(1), rs.getString(2)));
            }
            return names;
        });
        return found.isEmpty() ? "" : " (did you mean " + String.join(" or ", found) + "?)";
    }
}
