package dev.pgguard.run;

import dev.pgguard.verify.ExpectedSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;

/**
 * Where a changelog is and how Liquibase reads it: a pgguard domain ({@code packet-workflow} →
 * {@code classpath:changelogs/packet-workflow/changelog.yaml}), a classpath resource, or a file.
 * The expected schema is {@code expected-schema.yaml} beside the changelog, when there is one.
 *
 * @param path the changelog path as Liquibase sees it (and records in DATABASECHANGELOG)
 * @param domain the domain name, or {@code null} for a changelog given by path
 */
public record ChangelogLocation(String path, ResourceAccessor accessor, String domain, Path directory) {

    /** A domain name: lower-case words joined by '-' (no '/', no file suffix). */
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public static boolean isDomainName(String s) {
        return DOMAIN.matcher(s).matches();
    }

    /** A domain shipped in the jar; fails naming the path it looked for. */
    public static ChangelogLocation domain(String domain) {
        String path = "changelogs/" + domain + "/changelog.yaml";
        if (ChangelogLocation.class.getClassLoader().getResource(path) == null) {
            throw new IllegalArgumentException("no domain '" + domain + "': " + path + " is not on the classpath");
        }
        return new ChangelogLocation(path, new ClassLoaderResourceAccessor(), domain, null);
    }

    /** A domain name, or a changelog resource on the classpath (a service's own changelog). */
    public static ChangelogLocation classpath(String domainOrResource) {
        if (isDomainName(domainOrResource)) {
            return domain(domainOrResource);
        }
        String path = domainOrResource.startsWith("classpath:") ? domainOrResource.substring("classpath:".length())
                : domainOrResource;
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (ChangelogLocation.class.getClassLoader().getResource(path) == null) {
            throw new IllegalArgumentException("no changelog " + path + " on the classpath");
        }
        return new ChangelogLocation(path, new ClassLoaderResourceAccessor(), null, null);
    }

    /**
     * A domain name, or a file. A file under the working directory is read relative to it (so
     * {@code changelogs/packet-workflow/changelog.yaml} from a checkout records the same file
     * names as the domain from the jar); elsewhere, relative to its own folder.
     */
    public static ChangelogLocation resolve(String domainOrPath, Path workingDirectory) throws IOException {
        if (isDomainName(domainOrPath) && !Files.isRegularFile(workingDirectory.resolve(domainOrPath))) {
            return domain(domainOrPath);
        }
        Path file = workingDirectory.resolve(domainOrPath).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no changelog file " + file + " (and '" + domainOrPath
                    + "' is not a domain name such as packet-workflow)");
        }
        Path wd = workingDirectory.toAbsolutePath().normalize();
        Path root = file.startsWith(wd) ? wd : file.getParent();
        String rel = root.relativize(file).toString().replace('\\', '/');
        return new ChangelogLocation(rel, new DirectoryResourceAccessor(root), null, file.getParent());
    }

    /** What to call it in output: the domain, or the path. */
    public String label() {
        return domain != null ? domain : path;
    }

    /** The expected schema beside the changelog, if there is one. */
    public Optional<ExpectedSchema> expectedSchema() throws IOException {
        if (domain != null) {
            return Optional.of(ExpectedSchema.forDomain(domain));
        }
        if (directory != null) {
            Path f = directory.resolve("expected-schema.yaml");
            if (!Files.isRegularFile(f)) {
                return Optional.empty();
            }
            try (InputStream in = Files.newInputStream(f)) {
                return Optional.of(ExpectedSchema.read(f.toString(), in));
            }
        }
        int slash = path.lastIndexOf('/');
        String res = (slash < 0 ? "" : path.substring(0, slash + 1)) + "expected-schema.yaml";
        try (InputStream in = ChangelogLocation.class.getClassLoader().getResourceAsStream(res)) {
            return in == null ? Optional.empty() : Optional.of(ExpectedSchema.read(res, in));
        }
    }
}
