package dev.pgguard.check;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The validated attribute values of one check, read by the check's constructor. Built only by
 * {@link CheckType#create(Map)}, so every value here has passed its {@link AttributeSpec}.
 */
public final class Attributes {

    private static final Pattern VERSION = Pattern.compile("[1-9][0-9](\\.[0-9]{1,2})?");

    private final Map<String, Object> values;

    private Attributes(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * Validates raw values (from a changelog or an expected-schema file) against the specs.
     *
     * @return the problems, each naming the attribute and what to do; empty when valid
     */
    static List<String> problems(String key, List<AttributeSpec> specs, Map<String, ?> raw) {
        List<String> problems = new ArrayList<>();
        Map<String, AttributeSpec> byName = new LinkedHashMap<>();
        for (AttributeSpec spec : specs) {
            byName.put(spec.name(), spec);
        }
        for (String name : raw.keySet()) {
            if (!byName.containsKey(name)) {
                String hint = byName.keySet().stream()
                        .filter(known -> Identifiers.sameIgnoringCase(known, name))
                        .findFirst()
                        .map(known -> " (did you mean '" + known + "'?)")
                        .orElse("");
                problems.add(key + ": unknown attribute '" + name + "'" + hint + "; known attributes: "
                        + String.join(", ", byName.keySet()));
            }
        }
        for (AttributeSpec spec : specs) {
            Object value = raw.get(spec.name());
            if (value == null) {
                if (spec.required()) {
                    problems.add(key + ": attribute '" + spec.name() + "' is required");
                }
                continue;
            }
            String problem = problem(spec, value);
            if (problem != null) {
                problems.add(key + ": attribute '" + spec.name() + "' " + problem);
            }
        }
        return problems;
    }

    static Attributes of(Map<String, ?> raw) {
        return new Attributes(new LinkedHashMap<>(raw));
    }

    private static String problem(AttributeSpec spec, Object value) {
        switch (spec.kind()) {
            case IDENTIFIER: {
                if (!(value instanceof String s)) {
                    return "must be a name, not " + describe(value);
                }
                String p = Identifiers.problem(s);
                return p == null ? null : "'" + abbreviate(s) + "' " + p;
            }
            case IDENTIFIER_LIST: {
                List<String> items = list(value);
                if (items.isEmpty()) {
                    return "is empty; give at least one name";
                }
                for (String item : items) {
                    String p = Identifiers.problem(item);
                    if (p != null) {
                        return "has a name '" + abbreviate(item) + "' that " + p;
                    }
                }
                return null;
            }
            case SQL_LIST: {
                List<String> items = list(value);
                if (items.isEmpty() || items.stream().anyMatch(String::isEmpty)) {
                    return "is empty or has an empty element";
                }
                for (String item : items) {
                    if (SqlText.hasStatementSeparator(item)) {
                        return "element '" + abbreviate(item) + "' contains ';' outside quotes: one SQL element only";
                    }
                    if (SqlText.hasUnbalancedQuotesOrParentheses(item)) {
                        return "element '" + abbreviate(item) + "' has unbalanced quotes or parentheses"
                                + " (write an expression containing commas as a YAML list element)";
                    }
                }
                return null;
            }
            case TEXT:
                return value.toString().isBlank() ? "is empty" : null;
            case BOOLEAN:
                if (value instanceof Boolean) {
                    return null;
                }
                String b = value.toString().toLowerCase(Locale.ROOT);
                return b.equals("true") || b.equals("false") ? null : "must be true or false, not '" + abbreviate(value.toString()) + "'";
            case SQL_PREDICATE: {
                String sql = value.toString();
                if (sql.isBlank()) {
                    return "is empty; give a SQL boolean expression";
                }
                if (SqlText.hasStatementSeparator(sql)) {
                    return "contains ';' outside quotes: it must be one SQL boolean expression, not statements";
                }
                if (SqlText.hasUnbalancedQuotesOrParentheses(sql)) {
                    return "has unbalanced quotes or parentheses: '" + abbreviate(sql) + "'";
                }
                return null;
            }
            case LABEL: {
                String text = value.toString();
                if (text.isEmpty()) {
                    return "is empty";
                }
                int bytes = text.getBytes(StandardCharsets.UTF_8).length;
                return bytes <= Identifiers.MAX_BYTES ? null
                        : "is " + bytes + " bytes long; PostgreSQL labels are at most " + Identifiers.MAX_BYTES
                        + " bytes, so no enum can have this value";
            }
            case VERSION:
                return VERSION.matcher(value.toString()).matches() ? null
                        : "is '" + abbreviate(value.toString()) + "'; expected a PostgreSQL version such as 12, 12.4 or 16.2"
                        + " (major version 10 or later, optional minor version)";
            case CHOICE:
                return spec.choices().contains(value.toString()) ? null
                        : "is '" + abbreviate(value.toString()) + "'; expected one of " + String.join(", ", spec.choices());
            case COUNT:
                return countProblem(value);
            default:
                throw new IllegalStateException(spec.kind().toString());
        }
    }

    private static String countProblem(Object value) {
        String text = value.toString().trim();
        if (!text.matches("[0-9]{1,9}")) {
            return "must be a non-negative whole number, not '" + abbreviate(value.toString()) + "'";
        }
        return null;
    }

    private static String describe(Object value) {
        return value instanceof Collection ? "a list" : value.getClass().getSimpleName();
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    static List<String> list(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> c) {
            for (Object o : c) {
                out.add(o == null ? "" : o.toString().trim());
            }
        } else {
            String s = value.toString();
            if (s.isBlank()) {
                return out;
            }
            for (String part : s.split(",", -1)) {
                out.add(part.trim());
            }
        }
        return out;
    }

    public String string(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("attribute " + name + " not set");
        }
        return v.toString();
    }

    public Optional<String> optional(String name) {
        Object v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(v.toString());
    }

    /** The value, or {@code null} when absent. */
    public String orNull(String name) {
        Object v = values.get(name);
        return v == null ? null : v.toString();
    }

    public List<String> list(String name) {
        Object v = values.get(name);
        return v == null ? List.of() : List.copyOf(list(v));
    }

    /** A {@link AttributeSpec.Kind#COUNT} value. */
    public int count(String name) {
        return Integer.parseInt(string(name).trim());
    }

    public Optional<Boolean> bool(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.of(v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString().toLowerCase(Locale.ROOT)));
    }
}
