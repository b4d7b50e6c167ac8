package dev.pgguard.liquibase;

import static dev.pgguard.liquibase.ChangelogYaml.changeSet;
import static dev.pgguard.liquibase.ChangelogYaml.changelog;
import static dev.pgguard.liquibase.ChangelogYaml.sqlChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.pgguard.check.AttributeSpec;
import dev.pgguard.check.CheckType;
import dev.pgguard.check.Vocabulary;
import dev.pgguard.testkit.PgExtension;
import dev.pgguard.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import liquibase.exception.ChangeLogParseException;
import liquibase.exception.PreconditionErrorException;
import liquibase.exception.PreconditionFailedException;
import liquibase.parser.core.ParsedNodeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changelog text is not trusted to be well-formed: a value with quotes and a statement separator
 * in any attribute of any key is either refused before anything runs, naming the attribute, or
 * compared as a plain value (bind parameters) and so simply does not match. It never runs.
 */
@ExtendWith(PgExtension.class)
class HostileInputIT {

    private static final String HOSTILE = "x'; DROP TABLE victim; --";

    /** Where the other attributes point, so that only the hostile one is wrong. */
    private static final Map<String, Object> REAL = Map.of("schemaName", "public", "tableName", "victim", "columnName", "id");

    /** Kinds for which the hostile text can never be a valid value. */
    private static final Set<AttributeSpec.Kind> ALWAYS_REFUSED = EnumSet.of(AttributeSpec.Kind.BOOLEAN,
            AttributeSpec.Kind.CHOICE, AttributeSpec.Kind.SQL_PREDICATE, AttributeSpec.Kind.SQL_LIST);

    private enum Result { REFUSED_NAMING_ATTRIBUTE, FAILED, ERRORED, HELD }

    @TempDir
    Path dir;

    @BeforeAll
    static void victim(TestDatabase db) {
        db.execute("""
                CREATE TABLE victim (id int PRIMARY KEY, name text NOT NULL);
                INSERT INTO victim VALUES (1, 'a'), (2, 'b'), (3, 'c');
                CREATE TABLE harmless_log (changeset text NOT NULL);
                """);
    }

    @Test
    void hostileValueInEveryAttributeOfEveryKeyNeverRuns(TestDatabase db) throws Exception {
        Map<String, Result> results = new TreeMap<>();
        for (CheckType type : Vocabulary.all()) {
            for (AttributeSpec spec : type.attributes()) {
                String id = type.key() + "." + spec.name();
                Map<String, Object> attrs = new LinkedHashMap<>(ChangelogYaml.sampleAttributes(type, REAL));
                attrs.put(spec.name(), HOSTILE);
                Exception e = Run.update(db, dir, changelog(changeSet(id, "onFail: HALT, onError: HALT, onSqlOutput: TEST",
                        type.key(), attrs, sqlChange("INSERT INTO harmless_log VALUES ('" + id + "')"))));

                assertVictimIntact(db, id);
                Result result = classify(e, spec.name(), id);
                results.put(id, result);
                boolean ran = db.value("SELECT count(*) FROM harmless_log WHERE changeset = '" + id + "'").equals("1");
                assertThat(ran).as("%s: the guarded change ran exactly when the precondition held (%s)", id, result)
                        .isEqualTo(result == Result.HELD);
                if (result == Result.HELD) {
                    assertThat(type.key()).as("%s: only an absence can hold for a name no object has"
                            + " (noRowsMatch: a table that does not exist holds no rows)", id)
                            .matches(".*Missing|noRowsMatch");
                }
                if (ALWAYS_REFUSED.contains(spec.kind())) {
                    assertThat(result).as("%s (%s) cannot hold SQL text", id, spec.kind())
                            .isEqualTo(Result.REFUSED_NAMING_ATTRIBUTE);
                }
            }
        }
        assertThat(results.values()).as("every outcome kind the test claims to cover occurred: %s", results)
                .contains(Result.FAILED);
        assertThat(results.keySet()).as("one case per attribute of every key")
                .hasSize(Vocabulary.all().stream().mapToInt(t -> t.attributes().size()).sum());
    }

    @Test
    void tooLongNameIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        int cases = 0;
        for (CheckType type : Vocabulary.all()) {
            for (AttributeSpec spec : type.attributes()) {
                if (spec.kind() != AttributeSpec.Kind.IDENTIFIER) {
                    continue;
                }
                String id = "long." + type.key() + "." + spec.name();
                Map<String, Object> attrs = new LinkedHashMap<>(ChangelogYaml.sampleAttributes(type, REAL));
                attrs.put(spec.name(), "n".repeat(64));
                Exception e = Run.update(db, dir, changelog(changeSet(id, "onFail: MARK_RAN, onError: HALT",
                        type.key(), attrs, sqlChange("INSERT INTO harmless_log VALUES ('" + id + "')"))));

                assertThat(e).as(id).isNotNull();
                assertThat(classify(e, spec.name(), id)).as(id).isEqualTo(Result.REFUSED_NAMING_ATTRIBUTE);
                assertThat(Run.messages(e)).as(id).contains("at most 63 bytes");
                assertThat(recorded(db, id)).as("%s: not marked ran", id).isZero();
                cases++;
            }
        }
        assertThat(cases).isPositive();
        assertThat(db.value("SELECT count(*) FROM harmless_log WHERE changeset LIKE 'long.%'")).isEqualTo("0");
    }

    private static int recorded(TestDatabase db, String id) {
        if (db.value("SELECT to_regclass('public.databasechangelog') IS NULL").equals("t")) {
            return 0;
        }
        return Integer.parseInt(db.value("SELECT count(*) FROM databasechangelog WHERE id = '" + id + "'"));
    }

    private static void assertVictimIntact(TestDatabase db, String id) {
        assertThat(db.value("SELECT to_regclass('public.victim') IS NOT NULL")).as("%s: victim exists", id).isEqualTo("t");
        assertThat(db.value("SELECT string_agg(id || '=' || name, ',' ORDER BY id) FROM victim"))
                .as("%s: victim's rows", id).isEqualTo("1=a,2=b,3=c");
    }

    private static Result classify(Exception e, String attribute, String id) {
        if (e == null) {
            return Result.HELD;
        }
        String messages = Run.messages(e);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ChangeLogParseException || t instanceof ParsedNodeException) {
                assertThat(messages).as("%s: refused naming the attribute", id).contains("attribute '" + attribute + "'");
                return Result.REFUSED_NAMING_ATTRIBUTE;
            }
            if (t instanceof PreconditionFailedException) {
                return Result.FAILED;
            }
            if (t instanceof PreconditionErrorException) {
                return Result.ERRORED;
            }
        }
        if (messages.contains("attribute '" + attribute + "'")) {
            return Result.REFUSED_NAMING_ATTRIBUTE;
        }
        return fail("%s: neither a refusal naming %s nor a failed or errored precondition:%n%s", id, attribute, messages);
    }
}
