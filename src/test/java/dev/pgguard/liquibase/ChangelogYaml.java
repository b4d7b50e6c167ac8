package dev.pgguard.liquibase;

import dev.pgguard.check.AttributeSpec;
import dev.pgguard.check.CheckType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test helper: YAML changelogs built from the vocabulary, and generated attribute values for any
 * key, so that tests cover every key of {@code Vocabulary.all()} without naming them.
 */
final class ChangelogYaml {

    static final String AUTHOR = "pgguard-test";

    /**
     * Values for TEXT attributes whose key checks a stricter format than "not blank". Tried before
     * the generic candidates; a key whose attributes no candidate satisfies fails the tests with a
     * message pointing here.
     */
    private static final Map<String, List<Object>> SPECIAL = Map.of(
            "serverVersionAtLeast.version", List.of("12"),
            "foreignKeyCountIs.count", List.of("1"));

    /** Generic candidates per kind, in order of preference. */
    private static List<Object> candidates(AttributeSpec spec) {
        switch (spec.kind()) {
            case IDENTIFIER:
                return List.of("studentId", "a");
            case IDENTIFIER_LIST:
                return List.of("a, b", "a");
            case SQL_LIST:
                return List.of("a, lower(b)", "a");
            case BOOLEAN:
                return List.of(true, false);
            case CHOICE:
                return List.copyOf(spec.choices());
            case SQL_PREDICATE:
                return List.of("status = 'x'", "true");
            case TEXT:
            default:
                return List.of("text", "1", "12", "on", "'x'", "a", "integer");
        }
    }

    private ChangelogYaml() {
    }

    /** Every attribute of the key set to a generated valid value (IDENTIFIER "studentId", ...). */
    static Map<String, Object> sampleAttributes(CheckType type) {
        return sampleAttributes(type, Map.of());
    }

    /**
     * Every attribute of the key set to a valid value; {@code preferred} gives the first candidate
     * for an attribute by name (e.g. tableName: victim). Optional attributes are only left out when
     * the key's own validation refuses them together (mutually exclusive options).
     */
    static Map<String, Object> sampleAttributes(CheckType type, Map<String, Object> preferred) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (AttributeSpec spec : type.attributes()) {
            values.put(spec.name(), candidatesFor(type, spec, preferred).get(0));
        }
        if (type.validate(values).isEmpty()) {
            return values;
        }
        for (AttributeSpec spec : type.attributes()) {
            if (!mentions(type.validate(values), spec.name())) {
                continue;
            }
            for (Object candidate : candidatesFor(type, spec, preferred)) {
                values.put(spec.name(), candidate);
                if (!mentions(type.validate(values), spec.name())) {
                    break;
                }
            }
        }
        for (AttributeSpec spec : type.attributes()) {
            if (type.validate(values).isEmpty()) {
                break;
            }
            if (!spec.required()) {
                Map<String, Object> without = new LinkedHashMap<>(values);
                without.remove(spec.name());
                if (type.validate(without).size() < type.validate(values).size()) {
                    values = without;
                }
            }
        }
        List<String> problems = type.validate(values);
        if (!problems.isEmpty()) {
            throw new AssertionError("no generated value satisfies " + type.key() + ": " + problems
                    + "; add a special case to ChangelogYaml.SPECIAL");
        }
        return values;
    }

    private static List<Object> candidatesFor(CheckType type, AttributeSpec spec, Map<String, Object> preferred) {
        List<Object> out = new ArrayList<>();
        if (preferred.containsKey(spec.name()) && spec.kind() == AttributeSpec.Kind.IDENTIFIER) {
            out.add(preferred.get(spec.name()));
        }
        out.addAll(SPECIAL.getOrDefault(type.key() + "." + spec.name(), List.of()));
        out.addAll(candidates(spec));
        return out;
    }

    private static boolean mentions(List<String> problems, String attribute) {
        return problems.stream().anyMatch(p -> p.contains("'" + attribute + "'"));
    }

    /** A YAML scalar: booleans plain, everything else single-quoted (so it stays a string). */
    static String scalar(Object value) {
        if (value instanceof Boolean) {
            return value.toString();
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }

    /**
     * One changeset.
     *
     * @param options   e.g. {@code onFail: HALT, onError: HALT, onSqlOutput: TEST}
     * @param key       precondition key (need not be ours)
     * @param attrs     its attributes
     * @param changes   YAML list items under {@code changes:}, each line indented by 8 spaces
     */
    static String changeSet(String id, String options, String key, Map<String, ?> attrs, String changes) {
        StringBuilder y = new StringBuilder();
        y.append("  - changeSet:\n");
        y.append("      id: ").append(scalar(id)).append('\n');
        y.append("      author: ").append(AUTHOR).append('\n');
        y.append("      preConditions:\n");
        y.append("        - {").append(options).append("}\n");
        y.append("        - ").append(key).append(":");
        if (attrs.isEmpty()) {
            y.append(" {}\n");
        } else {
            y.append('\n');
            attrs.forEach((k, v) -> y.append("            ").append(k).append(": ").append(scalar(v)).append('\n'));
        }
        y.append("      changes:\n");
        y.append(changes);
        return y.toString();
    }

    /** A raw {@code sql} change. */
    static String sqlChange(String sql) {
        return "        - sql:\n            sql: " + scalar(sql) + "\n";
    }

    static String changelog(String... changeSets) {
        return "databaseChangeLog:\n" + String.join("", changeSets);
    }

    static Path write(Path dir, String name, String yaml) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
