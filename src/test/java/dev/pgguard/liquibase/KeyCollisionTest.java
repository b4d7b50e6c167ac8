package dev.pgguard.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgguard.check.CheckType;
import dev.pgguard.check.Vocabulary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import liquibase.precondition.Precondition;
import org.junit.jupiter.api.Test;

/**
 * Liquibase keys preconditions by name alone, and a second class registered under a name silently
 * replaces the first. So no pgguard key may equal a core key, and every key needs exactly one class.
 */
class KeyCollisionTest {

    private static final String SERVICES = "META-INF/services/liquibase.precondition.Precondition";

    /**
     * Core keys of the supported Liquibase versions (4.31.x, 4.33.x, 5.0.x), as listed in
     * conventions.md, for the versions that are not on the test classpath.
     */
    private static final Set<String> DOCUMENTED_CORE_KEYS = Set.of(
            "tableExists", "columnExists", "indexExists", "sequenceExists", "viewExists", "primaryKeyExists",
            "uniqueConstraintExists", "foreignKeyConstraintExists", "tableIsEmpty", "rowCount", "sqlCheck",
            "changeSetExecuted", "changeLogPropertyDefined", "dbms", "runningAs", "expectedQuotingStrategy",
            "customPrecondition", "and", "or", "not", "preConditions");

    private static final Pattern KEY_SHAPE = Pattern.compile("[a-z][A-Za-z0-9]*");
    private static final Pattern PREDICATE = Pattern.compile(".*(Is|AtLeast|AtMost|Nullable|Owns|Match|Matches|Valid)");

    @Test
    void noKeyEqualsACoreKey() throws Exception {
        Set<String> core = new TreeSet<>(names(classesIn(coreServicesFile())).keySet());
        assertThat(core).as("read from liquibase-core's own services file").contains("tableExists", "columnExists",
                "sqlCheck", "and");
        core.addAll(DOCUMENTED_CORE_KEYS);
        Set<String> coreLower = core.stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());

        List<String> keys = keys();
        assertThat(keys).isNotEmpty().doesNotContainAnyElementsOf(core);
        assertThat(keys.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList())
                .as("not even differing only in case: YAML readers and people confuse them")
                .doesNotContainAnyElementsOf(coreLower);
    }

    @Test
    void everyKeyHasExactlyOneRegisteredClass() throws Exception {
        List<String> ours = classesIn(ourServicesFile());
        Map<String, List<String>> byName = names(ours);
        byName.forEach((name, classes) -> assertThat(classes).as("classes registered for %s", name).hasSize(1));
        assertThat(byName.keySet()).as("our services file registers exactly the vocabulary")
                .containsExactlyInAnyOrderElementsOf(keys());
        for (String className : ours) {
            assertThat(Class.forName(className)).as(className).isAssignableTo(PgguardPrecondition.class);
        }
    }

    @Test
    void keysFollowTheNamingRule() {
        List<String> keys = keys();
        for (String key : keys) {
            assertThat(key).as("lower camel case").matches(KEY_SHAPE);
            if (key.endsWith("Present")) {
                String twin = key.substring(0, key.length() - "Present".length()) + "Missing";
                if (!key.equals("extensionPresent")) {
                    assertThat(keys).as("%s needs its twin", key).contains(twin);
                }
            } else if (key.endsWith("Missing")) {
                String twin = key.substring(0, key.length() - "Missing".length()) + "Present";
                assertThat(keys).as("%s needs its twin", key).contains(twin);
            } else {
                assertThat(key).as("a predicate key reads as a statement (…Is, …AtLeast, …Nullable, …Owns, …Match, …Valid)")
                        .matches(PREDICATE);
            }
        }
    }

    private static List<String> keys() {
        return Vocabulary.all().stream().map(CheckType::key).toList();
    }

    private static URL coreServicesFile() throws IOException {
        List<URL> core = Collections.list(KeyCollisionTest.class.getClassLoader().getResources(SERVICES)).stream()
                .filter(u -> u.toString().contains("liquibase-core"))
                .toList();
        assertThat(core).as("liquibase-core's services file on the classpath").hasSize(1);
        return core.get(0);
    }

    private static URL ourServicesFile() throws IOException {
        List<URL> ours = new ArrayList<>();
        for (URL u : Collections.list(KeyCollisionTest.class.getClassLoader().getResources(SERVICES))) {
            if (classesIn(u).stream().anyMatch(c -> c.startsWith("dev.pgguard."))) {
                ours.add(u);
            }
        }
        assertThat(ours).as("one pgguard services file").hasSize(1);
        return ours.get(0);
    }

    private static List<String> classesIn(URL url) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                int hash = line.indexOf('#');
                String name = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (!name.isEmpty()) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    /** getName() of each class, to the classes that answer it. */
    private static Map<String, List<String>> names(List<String> classNames) throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String className : classNames) {
            Precondition p = (Precondition) Class.forName(className).getConstructor().newInstance();
            out.computeIfAbsent(p.getName(), k -> new ArrayList<>()).add(className);
        }
        return out;
    }
}
