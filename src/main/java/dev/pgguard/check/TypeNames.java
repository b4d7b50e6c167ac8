package dev.pgguard.check;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises a type name as a changelog writes it ({@code int4}, {@code varchar(100)},
 * {@code timestamptz}, {@code text[]}, {@code "ConditionStatus"}) to the form
 * {@code pg_catalog.format_type()} prints, so the two compare as text.
 */
public final class TypeNames {

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("int", "integer"), Map.entry("int4", "integer"), Map.entry("integer", "integer"),
            Map.entry("serial", "integer"), Map.entry("serial4", "integer"),
            Map.entry("int2", "smallint"), Map.entry("smallint", "smallint"),
            Map.entry("smallserial", "smallint"), Map.entry("serial2", "smallint"),
            Map.entry("int8", "bigint"), Map.entry("bigint", "bigint"),
            Map.entry("bigserial", "bigint"), Map.entry("serial8", "bigint"),
            Map.entry("float8", "double precision"), Map.entry("float", "double precision"),
            Map.entry("double precision", "double precision"),
            Map.entry("float4", "real"), Map.entry("real", "real"),
            Map.entry("bool", "boolean"), Map.entry("boolean", "boolean"),
            Map.entry("varchar", "character varying"), Map.entry("character varying", "character varying"),
            Map.entry("char", "character(1)"), Map.entry("character", "character(1)"),
            Map.entry("bpchar", "bpchar"),
            Map.entry("decimal", "numeric"), Map.entry("numeric", "numeric"),
            Map.entry("timestamptz", "timestamp with time zone"),
            Map.entry("timestamp with time zone", "timestamp with time zone"),
            Map.entry("timestamp", "timestamp without time zone"),
            Map.entry("timestamp without time zone", "timestamp without time zone"),
            Map.entry("timetz", "time with time zone"), Map.entry("time with time zone", "time with time zone"),
            Map.entry("time", "time without time zone"), Map.entry("time without time zone", "time without time zone"),
            Map.entry("varbit", "bit varying"), Map.entry("bit varying", "bit varying"));

    private static final Pattern WITH_MODIFIER = Pattern.compile("([a-z ]+?)\\s*\\(([0-9 ,]+)\\)(.*)");

    private TypeNames() {
    }

    /**
     * The format_type() form of {@code written}. Quoted parts are kept exactly; unquoted parts
     * are lower-cased (PostgreSQL folds them).
     */
    public static String normalize(String written) {
        String s = collapse(written.trim());
        int arrayDims = 0;
        while (s.endsWith("[]")) {
            s = s.substring(0, s.length() - 2).trim();
            arrayDims++;
        }
        String base = SqlText.comparable(s);
        base = base(base);
        return base + "[]".repeat(arrayDims);
    }

    private static String base(String s) {
        String alias = ALIASES.get(s);
        if (alias != null) {
            return alias;
        }
        Matcher m = WITH_MODIFIER.matcher(s);
        if (m.matches()) {
            String name = m.group(1).trim();
            String mod = m.group(2).replace(" ", "").replace(",", ",");
            String rest = m.group(3).trim();
            switch (name) {
                case "varchar":
                case "character varying":
                    return "character varying(" + mod + ")";
                case "char":
                case "character":
                case "bpchar":
                    return "character(" + mod + ")";
                case "decimal":
                case "numeric":
                    return "numeric(" + mod + ")";
                case "timestamptz":
                    return "timestamp(" + mod + ") with time zone";
                case "timestamp":
                    return "timestamp(" + mod + ") " + (rest.isEmpty() ? "without time zone" : rest);
                case "timetz":
                    return "time(" + mod + ") with time zone";
                case "time":
                    return "time(" + mod + ") " + (rest.isEmpty() ? "without time zone" : rest);
                case "varbit":
                case "bit varying":
                    return "bit varying(" + mod + ")";
                default:
                    return name + "(" + mod + ")" + (rest.isEmpty() ? "" : " " + rest);
            }
        }
        return s;
    }

    private static String collapse(String s) {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        boolean space = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && Character.isWhitespace(c)) {
                space = true;
                continue;
            }
            if (space && out.length() > 0 && c != '(' && c != ')' && c != '[' && c != ']' && c != ','
                    && out.charAt(out.length() - 1) != '(' && out.charAt(out.length() - 1) != ',') {
                out.append(' ');
            } else if (space && c == '(' && !quoted) {
                // "numeric (10, 2)" -> "numeric(10,2)"
            }
            space = false;
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Removes a leading {@code schema.} qualifier (quoted or not) from a format_type() result
     * when it names {@code schema}; format_type() qualifies a type that the search_path does not see.
     */
    public static String unqualify(String formatted, String schema) {
        if (schema == null) {
            return formatted;
        }
        for (String prefix : new String[] {Identifiers.quote(schema) + ".", schema + "."}) {
            if (formatted.startsWith(prefix)) {
                return formatted.substring(prefix.length());
            }
        }
        return formatted;
    }
}
