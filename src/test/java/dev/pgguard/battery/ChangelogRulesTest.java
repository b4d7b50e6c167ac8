package dev.pgguard.battery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The changeset rules of conventions §3, read from the YAML of every changelog (Jackson, no
 * Liquibase): explicit rollback made only of {@code sqlIfExecuted} (§3.4: a MARK_RAN changeset's
 * rollback must change nothing) or {@code empty} (a step with nothing to undo), preConditions with at least one check, an explicit onFail,
 * {@code onError: HALT} and {@code onSqlOutput: TEST}, a comment, the library's one author, an id
 * of the form {@code <migration>-<verb>-<object>}, unique within the domain.
 */
class ChangelogRulesTest {

    /** {@code 018-add-column-send_integration.correlation_id}, {@code 000-create-table-service_ops.packet}. */
    static final Pattern ID = Pattern.compile("^\\d{3}-[a-z]+(-[a-z]+)*-[A-Za-z0-9_.]+$");
    static final String AUTHOR = "pgguard";
    private static final Set<String> ON_FAIL = Set.of("MARK_RAN", "CONTINUE", "HALT");
    private static final Set<String> ATTRIBUTES = Set.of("onFail", "onError", "onSqlOutput", "onFailMessage",
            "onErrorMessage", "onUpdateSQL");

    @Test
    void everyChangelogFollowsTheRules() {
        List<ChangelogFiles.Domain> domains = ChangelogFiles.all();
        assertThat(domains).as("the sample domain is checked").anySatisfy(d -> {
            assertThat(d.name()).isEqualTo(ChangelogFiles.SAMPLE);
            assertThat(d.files()).containsExactly("changelog.yaml");
        });
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (ChangelogFiles.Domain d : domains) {
            problems.addAll(problems(d));
            for (String f : d.files()) {
                checked += ChangelogFiles.changeSets(ChangelogFiles.tree(d.directory().resolve(f))).size();
            }
        }
        assertThat(checked).as("changesets checked (the sample alone has 8)").isGreaterThanOrEqualTo(8);
        assertThat(problems).as("changeset rule violations (conventions §3)").isEmpty();
    }

    @Test
    void theIdRuleAcceptsTheConventionsExamples() {
        assertThat(List.of("018-add-column-send_integration.correlation_id", "000-create-table-service_ops.packet",
                "001-add-constraint-item_status_check", "022-add-value-ConfigCategory.SECURITY"))
                .allSatisfy(id -> assertThat(id).matches(ID));
        assertThat(List.of("18-add-column-x", "018-Add-column-x", "018-x", "018-add column-x", "add-column-x"))
                .noneSatisfy(id -> assertThat(id).matches(ID));
    }

    @Test
    void eachRuleCatchesItsViolation(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("changelog.yaml"), """
                databaseChangeLog:
                  - changeSet:
                      id: 001-add-column-t.a
                      author: someone
                      preConditions:
                        - onFail: MARK_RAN
                        - tableMissing: {tableName: t}
                      changes:
                        - sql: {sql: SELECT 1}
                  - changeSet:
                      id: 001-add-column-t.a
                      author: pgguard
                      comment: twice
                      changes:
                        - sql: {sql: SELECT 1}
                      rollback:
                        - sql: {sql: SELECT 1}
                  - changeSet:
                      id: Add_Column
                      author: pgguard
                      comment: no checks
                      preConditions:
                        - onFail: MARK_RAN
                        - onError: HALT
                        - onSqlOutput: TEST
                      changes:
                        - sql: {sql: SELECT 1}
                      rollback:
                        - sqlIfExecuted: {sql: SELECT 1}
                """);
        Files.writeString(dir.resolve("expected-schema.yaml"), "checks: []\n");
        List<String> problems = problems(ChangelogFiles.domain("broken", dir));
        assertThat(String.join("\n", problems)).as("every rule reports its own violation, naming the changeset")
                .contains("001-add-column-t.a: no rollback")
                .contains("001-add-column-t.a: author is 'someone'")
                .contains("001-add-column-t.a: no comment")
                .contains("001-add-column-t.a: preConditions lacks onError: HALT")
                .contains("001-add-column-t.a: preConditions lacks onSqlOutput: TEST")
                .contains("001-add-column-t.a: duplicate id")
                .contains("001-add-column-t.a: no preConditions")
                .contains("001-add-column-t.a: rollback entry 'sql' is not sqlIfExecuted")
                .contains("Add_Column: id does not match")
                .contains("Add_Column: preConditions has no check");
        assertThat(problems).as("expected-schema.yaml is not a changelog").noneMatch(p -> p.contains("expected-schema"));
    }

    @Test
    void anEmptyChangelogsTreeHasNoDomains(@TempDir Path dir) {
        assertThat(ChangelogFiles.under(dir.resolve("changelogs"))).isEmpty();
    }

    static List<String> problems(ChangelogFiles.Domain domain) {
        List<String> problems = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (String file : domain.files()) {
            for (JsonNode cs : ChangelogFiles.changeSets(ChangelogFiles.tree(domain.directory().resolve(file)))) {
                String id = cs.path("id").asText("");
                String where = domain.name() + "/" + file + " " + id + ": ";
                String first = seen.putIfAbsent(id, file);
                if (first != null) {
                    problems.add(where + "duplicate id (also in " + domain.name() + "/" + first + ")");
                }
                if (!ID.matcher(id).matches()) {
                    problems.add(where + "id does not match " + ID.pattern() + " (<migration>-<verb>-<object>)");
                }
                if (!AUTHOR.equals(cs.path("author").asText(null))) {
                    problems.add(where + "author is '" + cs.path("author").asText("") + "', the library's one author is '"
                            + AUTHOR + "'");
                }
                if (cs.path("comment").asText("").isBlank()) {
                    problems.add(where + "no comment");
                }
                rollback(cs.get("rollback"), where, problems);
                preconditions(cs.get("preConditions"), where, problems);
            }
        }
        return problems;
    }

    private static void rollback(JsonNode rollback, String where, List<String> problems) {
        if (rollback == null || rollback.isNull() || rollback.isEmpty()) {
            problems.add(where + "no rollback (every changeset has an explicit one, conventions §3.4)");
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
                    problems.add(where + "rollback entry '" + name + "' is not sqlIfExecuted (a MARK_RAN changeset's"
                            + " rollback must change nothing) nor empty (nothing to undo)");
                }
            });
        }
    }

    private static void preconditions(JsonNode pre, String where, List<String> problems) {
        if (pre == null || pre.isNull() || pre.isEmpty()) {
            problems.add(where + "no preConditions (every changeset is guarded, conventions §3.2)");
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
                }
            }
        }
        if (checks == 0) {
            problems.add(where + "preConditions has no check");
        }
        if (!ON_FAIL.contains(attributes.getOrDefault("onFail", ""))) {
            problems.add(where + "preConditions lacks an explicit onFail (MARK_RAN, CONTINUE or HALT)");
        }
        if (!"HALT".equals(attributes.get("onError"))) {
            problems.add(where + "preConditions lacks onError: HALT");
        }
        if (!"TEST".equals(attributes.get("onSqlOutput"))) {
            problems.add(where + "preConditions lacks onSqlOutput: TEST");
        }
    }
}
