package dev.pgguard.lint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import liquibase.precondition.PreconditionFactory;

/**
 * The changeset rules of conventions §3, read from a changelog's YAML (Jackson, no Liquibase, no
 * database): an explicit rollback made only of {@code sqlIfExecuted} (a MARK_RAN changeset's
 * rollback must change nothing) or {@code empty} (a step with nothing to undo); preConditions
 * with at least one check, an explicit {@code onFail}, {@code onError: HALT} and
 * {@code onSqlOutput: TEST}; a comment; the library's one author; an id of the form
 * {@code <migration>-<verb>-<object>}, unique within the domain. Then the production-safety rules
 * PG001-PG013 of {@link SqlRules} on each changeset's SQL (and on the Liquibase change types that
 * stand for SQL), in file order across includes.
 */
public final class ChangelogLinter {

    /** {@code 018-add-column-send_integration.correlation_id}, {@code 000-create-table-service_ops.packet}. */
    public static final Pattern ID = Pattern.compile("^\\d{3}-[a-z]+(-[a-z]+)*-[A-Za-z0-9_.]+$");
    public static final String AUTHOR = "pgguard";
    private static final Set<String> ON_FAIL = Set.of("MARK_RAN", "CONTINUE", "HALT");
    private static final Set<String> ATTRIBUTES = Set.of("onFail", "onError", "onSqlOutput", "onFailMessage",
            "onErrorMessage", "onUpdateSQL");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * One broken rule.
     *
     * @param file the changelog file, prefixed by its domain ({@code packet-workflow/018-send-integration.yaml})
     * @param line the line of the changeset's id, 0 when unknown
     * @param rule a stable rule id ({@code rollback-missing}, {@code on-error}, …)
     */
    public record Finding(String file, int line, String changeSetId, String rule, String message) {
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + " " + changeSetId + ": " + message + " [" + rule + "]";
        }
    }

    /** A changelog file's name (for findings) and its YAML text. */
    public record Source(String name, String text) {
    }

    private ChangelogLinter() {
    }

    /** Lints the given files as one domain (ids must be unique across them). */
    public static List<Finding> lint(List<Source> sources) {
        List<Finding> findings = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        SqlRules.State sqlState = new SqlRules.State();
        for (Source source : sources) {
            Map<String, Integer> occurrence = new HashMap<>();
            for (JsonNode cs : changeSets(tree(source))) {
                String id = cs.path("id").asText("");
                Rules r = new Rules(source, id, occurrence.merge(id, 1, Integer::sum), findings);
                String first = seen.putIfAbsent(id, source.name());
                if (first != null) {
                    r.add("id-unique", "duplicate id (also in " + first + ")");
                }
                if (!ID.matcher(id).matches()) {
                    r.add("id-format", "id does not match " + ID.pattern() + " (<migration>-<verb>-<object>)");
                }
                if (!AUTHOR.equals(cs.path("author").asText(null))) {
                    r.add("author", "author is '" + cs.path("author").asText("") + "', the library's one author is '"
                            + AUTHOR + "'");
                }
                if (cs.path("comment").asText("").isBlank()) {
                    r.add("comment", "no comment");
                }
                rollback(cs.get("rollback"), r);
                preconditions(cs.get("preConditions"), r);
                SqlRules.check(cs, sqlState, r::add);
            }
        }
        return findings;
    }

    /**
     * Every YAML changelog (top-level {@code databaseChangeLog}) anywhere under {@code dir}, included
     * or not, as domain {@code domain}.
     */
    public static List<Finding> lintDirectory(String domain, Path dir) {
        return lint(directorySources(domain, dir));
    }

    /** The changelog files under {@code dir}, sorted, named {@code domain/relative-path}. */
    public static List<Source> directorySources(String domain, Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Source> out = new ArrayList<>();
            for (Path f : files.filter(Files::isRegularFile).filter(ChangelogLinter::isYaml).sorted().toList()) {
                Source s = new Source(domain + "/" + dir.relativize(f).toString().replace('\\', '/'),
                        Files.readString(f, StandardCharsets.UTF_8));
                JsonNode root = tree(s);
                if (root != null && root.has("databaseChangeLog")) {
                    out.add(s);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The master changelog and every file it includes ({@code include}; {@code includeAll} where
     * {@code reader} can list a folder is not supported and is reported), as Liquibase would read
     * them. {@code reader} maps a root-relative path to its text.
     */
    public static List<Finding> lintIncluded(String label, String master, Function<String, Optional<String>> reader) {
        List<Source> sources = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(master);
        String base = master.contains("/") ? master.substring(0, master.lastIndexOf('/') + 1) : "";
        while (!todo.isEmpty()) {
            String path = todo.removeFirst();
            if (!done.add(path)) {
                continue;
            }
            String name = label + "/" + (path.startsWith(base) ? path.substring(base.length()) : path);
            Optional<String> text = reader.apply(path);
            if (text.isEmpty()) {
                findings.add(new Finding(name, 0, "-", "include-missing", "included file not found: " + path));
                continue;
            }
            Source s = new Source(name, text.get());
            sources.add(s);
            JsonNode list = tree(s).path("databaseChangeLog");
            List<String> includes = new ArrayList<>();
            for (JsonNode entry : list) {
                JsonNode inc = entry.get("include");
                if (inc != null) {
                    String file = inc.path("file").asText("");
                    boolean relative = inc.path("relativeToChangelogFile").asBoolean(false);
                    String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "";
                    includes.add(normalize(relative ? dir + file : file));
                }
                if (entry.has("includeAll")) {
                    findings.add(new Finding(name, 0, "-", "include-all", "includeAll is not followed by lint; "
                            + "lint the folder instead (pgguard lint --changelog <folder>/changelog.yaml from a checkout)"));
                }
            }
            for (int i = includes.size() - 1; i >= 0; i--) {
                todo.addFirst(includes.get(i)); // depth-first, in include order, as Liquibase reads them
            }
        }
        findings.addAll(lint(sources));
        return findings;
    }

    /** A classpath domain ({@code changelogs/<domain>/changelog.yaml} and its includes). */
    public static List<Finding> lintClasspathDomain(String domain) {
        ClassLoader cl = ChangelogLinter.class.getClassLoader();
        return lintIncluded(domain, "changelogs/" + domain + "/changelog.yaml", path -> {
            try (InputStream in = cl.getResourceAsStream(path)) {
                return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A changelog file and its includes, paths resolved against {@code root}. */
    public static List<Finding> lintFile(Path root, String relativePath, String label) {
        return lintIncluded(label, relativePath, path -> {
            Path f = root.resolve(path);
            try {
                return Files.isRegularFile(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8)) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String normalize(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String p : path.replace('\\', '/').split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..") && !parts.isEmpty()) {
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }

    private static boolean isYaml(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    private static JsonNode tree(Source s) {
        try {
            JsonNode root = YAML.readTree(s.text());
            return root == null ? YAML.createObjectNode() : root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + s.name() + ": " + e.getMessage(), e);
        }
    }

    /** The {@code changeSet} objects of a changelog, in order. */
    private static List<JsonNode> changeSets(JsonNode root) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode list = root.get("databaseChangeLog");
        if (list != null && list.isArray()) {
            for (JsonNode entry : list) {
                if (entry.has("changeSet")) {
                    out.add(entry.get("changeSet"));
                }
            }
        }
        return out;
    }

    private static void rollback(JsonNode rollback, Rules r) {
        if (rollback == null || rollback.isNull() || rollback.isEmpty()) {
            r.add("rollback-missing", "no rollback (every changeset has an explicit one, conventions §3.4)");
            return;
        }
        List<JsonNode> entries = new ArrayList<>();
        if (rollback.isArray()) {
            rollback.forEach(entries::add);
        } else {
            entries.add(rollback);
        }
        for (JsonNode entry : entries) {
            entry.fieldNames().forEachRemaining(name -> {
                // empty: the explicit "nothing to undo" of a step such as VALIDATE CONSTRAINT
                if (!name.equals("sqlIfExecuted") && !name.equals("empty")) {
                    r.add("rollback-exact", "rollback entry '" + name + "' is not sqlIfExecuted (a MARK_RAN changeset's"
                            + " rollback must change nothing) nor empty (nothing to undo)");
                }
            });
        }
    }

    private static void preconditions(JsonNode pre, Rules r) {
        if (pre == null || pre.isNull() || pre.isEmpty()) {
            r.add("preconditions-missing", "no preConditions (every changeset is guarded, conventions §3.2)");
            return;
        }
        Map<String, String> attributes = new HashMap<>();
        int checks = 0;
        List<JsonNode> entries = new ArrayList<>();
        if (pre.isArray()) {
            pre.forEach(entries::add);
        } else {
            entries.add(pre);
        }
        for (JsonNode entry : entries) {
            for (var f : entry.properties()) {
                if (ATTRIBUTES.contains(f.getKey())) {
                    attributes.put(f.getKey(), f.getValue().asText());
                } else {
                    checks++;
                    knownKeys(f.getKey(), f.getValue(), r);
                }
            }
        }
        if (checks == 0) {
            r.add("preconditions-check", "preConditions has no check");
        }
        if (!ON_FAIL.contains(attributes.getOrDefault("onFail", ""))) {
            r.add("on-fail", "preConditions lacks an explicit onFail (MARK_RAN, CONTINUE or HALT)");
        }
        if (!"HALT".equals(attributes.get("onError"))) {
            r.add("on-error", "preConditions lacks onError: HALT");
        }
        if (!"TEST".equals(attributes.get("onSqlOutput"))) {
            r.add("on-sql-output", "preConditions lacks onSqlOutput: TEST");
        }
    }

    /**
     * Every precondition key, nested ones under and/or/not included, must be one Liquibase knows (its
     * own or an extension's, pgguard's among them). Liquibase refuses an unknown key that has attributes,
     * but silently drops one written with none ({@code tabelPresent: {}}), leaving the changeset unguarded.
     */
    private static void knownKeys(String key, JsonNode value, Rules r) {
        if (key.equals("and") || key.equals("or") || key.equals("not")) {
            if (value != null && value.isArray()) {
                for (JsonNode nested : value) {
                    nested.properties().forEach(f -> knownKeys(f.getKey(), f.getValue(), r));
                }
            }
            return;
        }
        if (!PreconditionFactory.getInstance().getPreconditions().containsKey(key)) {
            r.add("precondition-key", "unknown precondition key '" + key + "': Liquibase drops a key it does not know when"
                    + " it has no attributes, and the changeset then runs unguarded; fix the spelling or add the extension"
                    + " that provides it");
        }
    }

    /** Adds findings for one changeset, with the line of its id. */
    private static final class Rules {
        private final Source source;
        private final String id;
        private final int occurrence;
        private final List<Finding> findings;
        private int line = -1;

        Rules(Source source, String id, int occurrence, List<Finding> findings) {
            this.source = source;
            this.id = id;
            this.occurrence = occurrence;
            this.findings = findings;
        }

        void add(String rule, String message) {
            if (line < 0) {
                line = lineOf(source.text(), id, occurrence);
            }
            findings.add(new Finding(source.name(), line, id, rule, message));
        }
    }

    /** The 1-based line of the {@code occurrence}-th {@code id: <id>} in the text, 0 when not found. */
    static int lineOf(String text, String id, int occurrence) {
        if (id.isEmpty()) {
            return 0;
        }
        Pattern p = Pattern.compile("^\\s*(-\\s+)?id:\\s*['\"]?" + Pattern.quote(id) + "['\"]?\\s*(#.*)?$");
        String[] lines = text.split("\\R", -1);
        int seen = 0;
        for (int i = 0; i < lines.length; i++) {
            if (p.matcher(lines[i]).matches() && ++seen == occurrence) {
                return i + 1;
            }
        }
        return 0;
    }
}
