package dev.pgguard.battery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ResourceAccessor;

/**
 * The library's changelogs on disk, by domain: every YAML changelog (a file whose top level is
 * {@code databaseChangeLog}) under {@code changelogs/<domain>/}, plus the test-only sample domain
 * {@code battery-sample} in {@code src/test/resources/battery-sample/}.
 */
final class ChangelogFiles {

    static final String SAMPLE = "battery-sample";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A domain: its folder and its changelog files (sorted, relative to the folder). */
    record Domain(String name, Path directory, List<String> files) {
    }

    private ChangelogFiles() {
    }

    static Path projectDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    /** The sample domain and every folder under {@code changelogs/} of the project. */
    static List<Domain> all() {
        List<Domain> out = new ArrayList<>();
        out.add(domain(SAMPLE, projectDir().resolve("src/test/resources/battery-sample")));
        out.addAll(under(projectDir().resolve("changelogs")));
        return out;
    }

    /** One domain per folder under {@code root} (none when it does not exist). */
    static List<Domain> under(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).sorted().map(d -> domain(d.getFileName().toString(), d)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Domain domain(String name, Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> changelogs = files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".yaml") || f.getFileName().toString().endsWith(".yml"))
                    .filter(ChangelogFiles::isChangelog)
                    .map(f -> dir.relativize(f).toString().replace('\\', '/')).sorted().toList();
            return new Domain(name, dir, changelogs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    private static boolean isChangelog(Path file) {
        JsonNode root = tree(file);
        return root != null && root.has("databaseChangeLog");
    }

    /** The {@code changeSet} objects of a changelog file, in order. */
    static List<JsonNode> changeSets(JsonNode root) {
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

    /** A changelog parsed by Liquibase's own parser, as update would see it. */
    static DatabaseChangeLog parse(String path, ResourceAccessor accessor) {
        try {
            Scope.ScopedRunnerWithReturn<DatabaseChangeLog> parse = () -> ChangeLogParserFactory.getInstance()
                    .getParser(path, accessor).parse(path, new ChangeLogParameters(), accessor);
            return Scope.child(java.util.Map.of(Scope.Attr.resourceAccessor.name(), accessor), parse);
        } catch (Exception e) {
            throw new IllegalStateException("Liquibase cannot parse " + path + ": " + e.getMessage(), e);
        }
    }
}
