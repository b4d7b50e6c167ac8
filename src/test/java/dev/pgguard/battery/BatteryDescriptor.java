package dev.pgguard.battery;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the battery runs for one domain: {@code src/test/resources/fixtures/<domain>/battery.yaml}.
 *
 * <pre>
 * changelog: changelogs/packet-workflow/changelog.yaml     # classpath; this is the default
 * expectedSchema: changelogs/packet-workflow/expected-schema.yaml   # classpath; the default
 * schemas: [service_ops]                # what the snapshots, checksums and data checks cover
 * backfills:                            # documented data changes (DataPreservation)
 *   - {table: service_ops.packet, column: detailed_status, from: null, to: Pending - New}
 * renames:                              # documented column renames (values read from the new name)
 *   - {table: public.cost_items, from: rate_per_unit, to: amount}
 * states:
 *   - name: empty                       # no fixtures: an empty database
 *   - name: legacy
 *     fixtures: [legacy.sql]            # SQL files beside battery.yaml, loaded in order
 *   - name: migrated-by-hand
 *     fixtures: [migrated.sql]
 *     executes: 0                       # optional: how many changesets update really executes
 *   - name: interrupted
 *     fixtures: [legacy.sql]
 *     applyFirst: 4                     # then Liquibase updateCount 4: a run stopped halfway
 *   - name: server-time-zone
 *     fixtures: [legacy.sql]
 *     timeZone: America/New_York        # ALTER DATABASE ... SET TimeZone, and the session running Liquibase
 *   - name: bad-data
 *     fixtures: [legacy.sql, bad.sql]
 *     halts: "text in the failure"      # update (and updateSQL) must fail and change nothing
 *   - name: not-the-owner
 *     fixtures: [legacy.sql, roles.sql]
 *     runAs: app_user                   # Liquibase connects as this login role (password = its name),
 *                                       # which a fixture creates; snapshots and loading stay with the server user
 *   - name: interrupted-build
 *     fixtures: [legacy.sql, invalid-index.sql]
 *     invalidIndexesRebuilt: true       # S holds INVALID indexes that update rebuilds: rollback cannot
 *                                       # give an INVALID index back, so it is compared without them
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record BatteryDescriptor(String domain, Path directory, String changelog, String expectedSchema, List<String> schemas,
        List<Backfill> backfills, List<Rename> renames, List<State> states) {

    /** One starting state of the domain's databases. */
    public record State(String name, List<String> fixtures, Integer applyFirst, String timeZone, String halts,
            Integer executes, String runAs, Boolean invalidIndexesRebuilt) {

        public State {
            fixtures = fixtures == null ? List.of() : List.copyOf(fixtures);
        }
    }

    public BatteryDescriptor {
        if (schemas == null || schemas.isEmpty()) {
            throw new IllegalArgumentException(domain + ": battery.yaml must list the domain's 'schemas'");
        }
        if (states == null || states.isEmpty()) {
            throw new IllegalArgumentException(domain + ": battery.yaml must list 'states'");
        }
        changelog = changelog == null ? "changelogs/" + domain + "/changelog.yaml" : changelog;
        expectedSchema = expectedSchema == null ? "changelogs/" + domain + "/expected-schema.yaml" : expectedSchema;
        backfills = backfills == null ? List.of() : List.copyOf(backfills);
        renames = renames == null ? List.of() : List.copyOf(renames);
        states = List.copyOf(states);
    }

    /** The SQL of a fixture file beside battery.yaml. */
    public String fixture(String file) {
        try {
            return Files.readString(directory.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(domain + ": fixture " + file + " cannot be read", e);
        }
    }

    /**
     * Every {@code fixtures/<domain>/battery.yaml} on the test classpath, by domain name; with
     * {@code -Dpgguard.domains=a,b} only those domains (to run one domain's battery or crash test).
     */
    public static List<BatteryDescriptor> all() {
        String only = System.getProperty("pgguard.domains", "").trim();
        if (only.isEmpty()) {
            return discover();
        }
        List<String> names = List.of(only.split("\\s*,\\s*"));
        List<BatteryDescriptor> found = discover().stream().filter(d -> names.contains(d.domain())).toList();
        if (found.size() != names.size()) {
            throw new IllegalArgumentException("-Dpgguard.domains=" + only + ": no battery.yaml for "
                    + names.stream().filter(n -> found.stream().noneMatch(d -> d.domain().equals(n))).toList());
        }
        return found;
    }

    private static List<BatteryDescriptor> discover() {
        URL root = BatteryDescriptor.class.getClassLoader().getResource("fixtures");
        if (root == null) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(Path.of(root.toURI()))) {
            List<BatteryDescriptor> out = new ArrayList<>();
            for (Path dir : dirs.sorted().toList()) {
                if (Files.isRegularFile(dir.resolve("battery.yaml"))) {
                    out.add(read(dir));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static BatteryDescriptor read(Path dir) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        Raw raw = yaml.readValue(dir.resolve("battery.yaml").toFile(), Raw.class);
        return new BatteryDescriptor(dir.getFileName().toString(), dir, raw.changelog(), raw.expectedSchema(), raw.schemas(),
                raw.backfills(), raw.renames(), raw.states());
    }

    /** battery.yaml as written. */
    record Raw(String changelog, String expectedSchema, List<String> schemas, List<Backfill> backfills, List<Rename> renames,
            List<State> states) {
    }
}
