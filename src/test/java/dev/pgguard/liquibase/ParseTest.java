package dev.pgguard.liquibase;

import static dev.pgguard.liquibase.ChangelogYaml.changeSet;
import static dev.pgguard.liquibase.ChangelogYaml.changelog;
import static dev.pgguard.liquibase.ChangelogYaml.sqlChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgguard.check.AttributeSpec;
import dev.pgguard.check.CheckType;
import dev.pgguard.check.Vocabulary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.precondition.Precondition;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changelog parsing of every key, and the errors a mistyped changelog gets before anything runs. */
class ParseTest {

    private static final String OPTIONS = "onFail: HALT, onError: HALT, onSqlOutput: TEST";

    @TempDir
    Path dir;

    @Test
    void everyKeyWithEveryAttributeParsesToOurPrecondition() throws Exception {
        Map<String, Map<String, Object>> expected = new LinkedHashMap<>();
        List<String> changeSets = new ArrayList<>();
        for (CheckType type : Vocabulary.all()) {
            Map<String, Object> attrs = ChangelogYaml.sampleAttributes(type);
            expected.put(type.key(), attrs);
            changeSets.add(changeSet(type.key(), OPTIONS, type.key(), attrs, sqlChange("SELECT 1")));
        }
        DatabaseChangeLog log = parse(changelog(changeSets.toArray(String[]::new)));

        assertThat(log.getChangeSets()).extracting(ChangeSet::getId)
                .containsExactlyElementsOf(expected.keySet());
        for (ChangeSet cs : log.getChangeSets()) {
            List<Precondition> nested = cs.getPreconditions().getNestedPreconditions();
            assertThat(nested).as(cs.getId()).hasSize(1);
            assertThat(nested.get(0)).as(cs.getId()).isInstanceOf(PgguardPrecondition.class);
            PgguardPrecondition p = (PgguardPrecondition) nested.get(0);
            assertThat(p.getName()).isEqualTo(cs.getId());
            assertThat(p.getAttributes()).as("attributes of %s as the YAML set them", cs.getId())
                    .isEqualTo(expected.get(cs.getId()));
        }
    }

    @Test
    void everyAttributeOfEveryKeyIsSetSomewhere() {
        for (CheckType type : Vocabulary.all()) {
            Map<String, Object> attrs = ChangelogYaml.sampleAttributes(type);
            for (AttributeSpec spec : type.attributes()) {
                if (spec.required()) {
                    assertThat(attrs).as("%s.%s", type.key(), spec.name()).containsKey(spec.name());
                }
            }
        }
    }

    @Test
    void unknownAttributeFailsNamingItAndSuggestingTheRightOne() {
        String yaml = changelog(changeSet("typo", OPTIONS, "tablePresent", Map.of("tablename", "widgets"),
                sqlChange("SELECT 1")));
        assertThatThrownBy(() -> parse(yaml))
                .hasMessageContaining("tablePresent: unknown attribute 'tablename' (did you mean 'tableName'?)")
                .hasMessageContaining("attribute 'tableName' is required");
    }

    @Test
    void missingRequiredAttributeFailsNamingIt() {
        for (CheckType type : Vocabulary.all()) {
            for (AttributeSpec spec : type.attributes()) {
                if (!spec.required()) {
                    continue;
                }
                Map<String, Object> attrs = new LinkedHashMap<>(ChangelogYaml.sampleAttributes(type));
                attrs.remove(spec.name());
                String yaml = changelog(changeSet("missing", OPTIONS, type.key(), attrs, sqlChange("SELECT 1")));
                assertThatThrownBy(() -> parse(yaml)).as("%s without %s", type.key(), spec.name())
                        .hasMessageContaining(type.key() + ": attribute '" + spec.name() + "' is required");
            }
        }
    }

    @Test
    void tooLongNameFailsAtParseTimeNamingTheAttributeAnd63Bytes() {
        for (CheckType type : Vocabulary.all()) {
            for (AttributeSpec spec : type.attributes()) {
                if (spec.kind() != AttributeSpec.Kind.IDENTIFIER) {
                    continue;
                }
                Map<String, Object> attrs = new LinkedHashMap<>(ChangelogYaml.sampleAttributes(type));
                attrs.put(spec.name(), "ä".repeat(32));
                String yaml = changelog(changeSet("long", OPTIONS, type.key(), attrs, sqlChange("SELECT 1")));
                assertThatThrownBy(() -> parse(yaml)).as("%s.%s of 32 characters, 64 bytes", type.key(), spec.name())
                        .hasMessageContaining("attribute '" + spec.name() + "'")
                        .hasMessageContaining("64 bytes")
                        .hasMessageContaining("at most 63 bytes");
            }
        }
    }

    @Test
    void unknownKeyWithAttributesFailsToParse() {
        String yaml = changelog(changeSet("typo", OPTIONS, "tabelPresent", Map.of("tableName", "widgets"),
                sqlChange("SELECT 1")));
        assertThatThrownBy(() -> parse(yaml))
                .as("Liquibase's default changelogParseMode STRICT rejects an unknown precondition with attributes")
                .hasMessageContaining("Unknown precondition 'tabelPresent'");
    }

    @Test
    void unknownKeyWithoutAttributesIsSilentlyIgnoredByLiquibase() throws Exception {
        String yaml = changelog(changeSet("bare", OPTIONS, "tabelPresent", Map.of(), sqlChange("SELECT 1")));
        DatabaseChangeLog log = parse(yaml);
        assertThat(log.getChangeSets()).hasSize(1);
        assertThat(log.getChangeSets().get(0).getPreconditions().getNestedPreconditions())
                .as("Liquibase drops an unknown key that has no attributes: the guard is gone without a word")
                .isEmpty();
    }

    private DatabaseChangeLog parse(String yaml) throws Exception {
        String name = "changelog-" + System.nanoTime() + ".yaml";
        ChangelogYaml.write(dir, name, yaml);
        try (DirectoryResourceAccessor accessor = new DirectoryResourceAccessor(dir)) {
            return ChangeLogParserFactory.getInstance().getParser(name, accessor)
                    .parse(name, new ChangeLogParameters(), accessor);
        }
    }
}
