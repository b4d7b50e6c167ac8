package dev.pgguard.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pgguard.check.Check;
import dev.pgguard.check.CheckType;
import dev.pgguard.check.Vocabulary;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A domain's target schema as data: a YAML list of checks in the precondition vocabulary,
 * beside the changelog ({@code changelogs/<domain>/expected-schema.yaml}).
 *
 * <pre>
 * checks:
 *   - tablePresent: {schemaName: service_ops, tableName: packet}
 *   - columnTypeIs: {schemaName: service_ops, tableName: packet, columnName: validation_status, type: text}
 * </pre>
 */
public final class ExpectedSchema {

    /** One expected fact, applicable only where its optional {@code when} condition holds. */
    public record Entry(Check check, Check when) {
    }

    private final String source;
    private final List<Entry> entries;

    private ExpectedSchema(String source, List<Entry> entries) {
        this.source = source;
        this.entries = List.copyOf(entries);
    }

    public String source() {
        return source;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Reads {@code changelogs/<domain>/expected-schema.yaml} from the classpath. */
    public static ExpectedSchema forDomain(String domain) throws IOException {
        String path = "changelogs/" + domain + "/expected-schema.yaml";
        try (InputStream in = ExpectedSchema.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no expected schema on the classpath at " + path);
            }
            return read(path, in);
        }
    }

    /**
     * Parses an expected-schema document. Every entry is validated like a precondition; all
     * problems are reported together, each with its entry number.
     */
    public static ExpectedSchema read(String source, InputStream in) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
        JsonNode list = root == null ? null : root.get("checks");
        if (list == null || !list.isArray()) {
            throw new IOException(source + ": expected a top-level 'checks:' list");
        }
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int n = 0;
        for (JsonNode entry : list) {
            n++;
            boolean hasWhen = entry.isObject() && entry.has("when");
            if (!entry.isObject() || entry.size() != (hasWhen ? 2 : 1)) {
                problems.add("entry " + n + ": must be a single key such as 'tablePresent: {...}', optionally with 'when: {...}'");
                continue;
            }
            String key = null;
            for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!k.equals("when")) {
                    key = k;
                }
            }
            Check check = check("entry " + n, key, entry.get(key), problems);
            Check when = null;
            if (hasWhen) {
                JsonNode w = entry.get("when");
                if (!w.isObject() || w.size() != 1) {
                    problems.add("entry " + n + ": 'when' must be a single check such as 'tablePresent: {...}'");
                    continue;
                }
                String wk = w.fieldNames().next();
                when = check("entry " + n + " (when)", wk, w.get(wk), problems);
            }
            if (check != null && (!hasWhen || when != null)) {
                entries.add(new Entry(check, when));
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException(source + ": " + String.join("\n  ", problems));
        }
        return new ExpectedSchema(source, entries);
    }

    private static Check check(String where, String key, JsonNode attributes, List<String> problems) {
        CheckType type = Vocabulary.find(key).orElse(null);
        if (type == null) {
            problems.add(where + ": unknown check '" + key + "'");
            return null;
        }
        Map<String, Object> attrs = attributes(attributes);
        List<String> p = type.validate(attrs);
        if (!p.isEmpty()) {
            problems.add(where + ": " + String.join("; ", p));
            return null;
        }
        return type.create(attrs);
    }

    private static Map<String, Object> attributes(JsonNode node) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        if (node == null || !node.isObject()) {
            return attrs;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(x -> items.add(x.asText()));
                attrs.put(e.getKey(), items);
            } else if (v.isBoolean()) {
                attrs.put(e.getKey(), v.booleanValue());
            } else if (!v.isNull()) {
                attrs.put(e.getKey(), v.asText());
            }
        }
        return attrs;
    }
}
