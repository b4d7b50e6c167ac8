package dev.pgguard.battery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applied changesets never change (conventions §3.8). {@code src/test/resources/pinned-changesets.tsv}
 * pins every released changeset: its Liquibase checksum, and (because the checksum covers neither)
 * its preConditions and its rollback. A pinned changeset whose pin changed, or that disappeared,
 * fails the build: released changesets never change; add a new changeset.
 *
 * <p>Pinning is explicit: a changeset not in the file fails too, with the line to paste. While a
 * changeset is unreleased, delete its line and paste the new one when you change it (the diff of
 * the tsv shows it in review). {@code mvn verify -Dpgguard.pin.write=true} appends the lines of
 * all unpinned changesets to the file (it never rewrites a pinned line); {@link ChangesetPins#main}
 * prints every line.
 */
class PinnedChecksumsTest {

    static final Path PINS = ChangelogFiles.projectDir().resolve("src/test/resources/pinned-changesets.tsv");

    @Test
    void releasedChangesetsNeverChange() throws Exception {
        Map<String, ChangesetPins.Pin> current = new LinkedHashMap<>();
        for (ChangelogFiles.Domain d : ChangelogFiles.all()) {
            ChangesetPins.of(d).values().forEach(p -> current.put(p.domain() + "\t" + p.id(), p));
        }
        if (Boolean.getBoolean("pgguard.pin.write")) {
            Map<String, ChangesetPins.Pin> before = readPins();
            List<String> add = current.entrySet().stream().filter(e -> !before.containsKey(e.getKey()))
                    .map(e -> e.getValue().line()).toList();
            Files.write(PINS, add, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            System.out.println("pinned " + add.size() + " changesets in " + PINS);
        }
        Map<String, ChangesetPins.Pin> pinned = readPins();
        assertThat(pinned.keySet()).as("the sample domain is pinned, so the check checks something")
                .anyMatch(k -> k.startsWith(ChangelogFiles.SAMPLE + "\t"));

        List<String> changed = new ArrayList<>();
        pinned.forEach((key, pin) -> {
            ChangesetPins.Pin now = current.get(key);
            if (now == null) {
                changed.add(pin.domain() + " " + pin.id() + ": pinned but no longer in the changelog");
            } else {
                changed.addAll(differences(pin, now));
            }
        });
        assertThat(changed).as("released changesets never change; add a new changeset (pins in %s)", PINS).isEmpty();

        List<String> unpinned = current.entrySet().stream().filter(e -> !pinned.containsKey(e.getKey()))
                .map(e -> e.getValue().line()).toList();
        assertThat(unpinned).as("changesets not pinned yet: paste these lines into %s, or run"
                + " mvn verify -Dpgguard.pin.write=true%n%s", PINS, String.join("\n", unpinned)).isEmpty();
    }

    @Test
    void aChangeToChangesPreconditionsOrRollbackIsSeen(@TempDir Path dir) throws Exception {
        Path sample = ChangelogFiles.projectDir().resolve("src/test/resources/battery-sample/changelog.yaml");
        String yaml = Files.readString(sample);
        Map<String, ChangesetPins.Pin> original = pins(dir.resolve("a"), yaml);
        String id = "001-add-column-item.priority";

        assertThat(original).containsKey(id);
        assertThat(pins(dir.resolve("b"), yaml.replace("where the baseline", "where the first")).get(id))
                .as("a YAML comment is not part of the pin").isEqualTo(original.get(id));
        assertThat(differences(original.get(id), pins(dir.resolve("c"),
                yaml.replace("priority integer NOT NULL DEFAULT 0;", "priority integer NOT NULL DEFAULT 1;")).get(id)))
                .singleElement().asString().contains("changes");
        assertThat(differences(original.get(id), pins(dir.resolve("d"),
                yaml.replace("columnName: priority", "columnName: prio")).get(id)))
                .singleElement().asString().contains("preConditions");
        assertThat(differences(original.get(id), pins(dir.resolve("e"),
                yaml.replace("sql: ALTER TABLE sample.item DROP COLUMN priority", "sql: ALTER TABLE sample.item DROP COLUMN priority CASCADE"))
                .get(id))).singleElement().asString().contains("rollback");
    }

    private static Map<String, ChangesetPins.Pin> pins(Path dir, String yaml) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("changelog.yaml"), yaml);
        return ChangesetPins.of(ChangelogFiles.domain(ChangelogFiles.SAMPLE, dir));
    }

    private static List<String> differences(ChangesetPins.Pin pinned, ChangesetPins.Pin now) {
        List<String> out = new ArrayList<>();
        String who = pinned.domain() + " " + pinned.id() + ": ";
        if (!pinned.checksum().equals(now.checksum())) {
            out.add(who + "changes differ (Liquibase checksum " + pinned.checksum() + " is now " + now.checksum() + ")");
        }
        if (!pinned.preconditions().equals(now.preconditions())) {
            out.add(who + "preConditions differ (sha256 " + pinned.preconditions() + " is now " + now.preconditions() + ")");
        }
        if (!pinned.rollback().equals(now.rollback())) {
            out.add(who + "rollback differs (sha256 " + pinned.rollback() + " is now " + now.rollback() + ")");
        }
        return out;
    }

    private static Map<String, ChangesetPins.Pin> readPins() throws IOException {
        Map<String, ChangesetPins.Pin> pins = new LinkedHashMap<>();
        for (String line : Files.readAllLines(PINS, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            ChangesetPins.Pin p = ChangesetPins.Pin.parse(line);
            if (pins.put(p.domain() + "\t" + p.id(), p) != null) {
                throw new IllegalStateException(PINS + ": " + p.domain() + " " + p.id() + " is pinned twice");
            }
        }
        return pins;
    }
}
