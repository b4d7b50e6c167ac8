package dev.pgguard.battery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgguard.lint.ChangelogLinter;
import dev.pgguard.lint.ChangelogLinter.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    static final Pattern ID = ChangelogLinter.ID;

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
                        - or:
                            - tabelPresent: {}
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
                .contains("Add_Column: preConditions has no check")
                .contains("001-add-column-t.a: unknown precondition key 'tabelPresent'")
                .contains("broken/changelog.yaml:3 001-add-column-t.a: no rollback")
                .contains("broken/changelog.yaml:13 001-add-column-t.a: duplicate id");
        assertThat(problems).as("expected-schema.yaml is not a changelog").noneMatch(p -> p.contains("expected-schema"));
    }

    @Test
    void anEmptyChangelogsTreeHasNoDomains(@TempDir Path dir) {
        assertThat(ChangelogFiles.under(dir.resolve("changelogs"))).isEmpty();
    }

    /** The rules live in main code ({@link ChangelogLinter}); the same findings as text. */
    static List<String> problems(ChangelogFiles.Domain domain) {
        return ChangelogLinter.lintDirectory(domain.name(), domain.directory()).stream().map(Finding::toString).toList();
    }
}
