package dev.pgguard.battery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.ChecksumVersion;
import liquibase.resource.DirectoryResourceAccessor;

/**
 * What pins a released changeset: Liquibase's checksum (which covers the changes only), and sha256
 * of its preConditions and of its rollback, each normalised (parsed, then written as JSON with
 * sorted keys: YAML style, quoting and comments do not count, values and list order do). One
 * line of {@code src/test/resources/pinned-changesets.tsv} each:
 * {@code domain TAB id TAB checksum TAB preconditions-sha256 TAB rollback-sha256}.
 *
 * <p>{@code main} prints the lines of every changeset of every domain (to regenerate by hand).
 */
final class ChangesetPins {

    /** One changeset's pin. */
    record Pin(String domain, String id, String checksum, String preconditions, String rollback) {

        String line() {
            return String.join("\t", domain, id, checksum, preconditions, rollback);
        }

        static Pin parse(String line) {
            String[] f = line.split("\t", -1);
            if (f.length != 5) {
                throw new IllegalArgumentException("pinned-changesets.tsv: expected 5 tab-separated fields, got " + f.length
                        + ": " + line);
            }
            return new Pin(f[0], f[1], f[2], f[3], f[4]);
        }
    }

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private ChangesetPins() {
    }

    /** The pins of every changeset of the domain, in changelog order, keyed by id. */
    static Map<String, Pin> of(ChangelogFiles.Domain domain) throws Exception {
        Map<String, ChangeSet> parsed = new LinkedHashMap<>();
        try (DirectoryResourceAccessor accessor = new DirectoryResourceAccessor(domain.directory())) {
            for (String file : domain.files()) {
                DatabaseChangeLog log = ChangelogFiles.parse(file, accessor);
                for (ChangeSet cs : log.getChangeSets()) {
                    parsed.putIfAbsent(cs.getId(), cs);
                }
            }
        }
        Map<String, Pin> pins = new LinkedHashMap<>();
        for (String file : domain.files()) {
            for (JsonNode cs : ChangelogFiles.changeSets(ChangelogFiles.tree(domain.directory().resolve(file)))) {
                String id = cs.path("id").asText();
                ChangeSet changeSet = parsed.get(id);
                if (changeSet == null) {
                    throw new IllegalStateException(domain.name() + "/" + file + ": Liquibase did not parse changeset " + id);
                }
                String checksum = changeSet.generateCheckSum(ChecksumVersion.latest()).toString();
                pins.putIfAbsent(id, new Pin(domain.name(), id, checksum, sha256(cs.get("preConditions")),
                        sha256(cs.get("rollback"))));
            }
        }
        return pins;
    }

    /** sha256 of the node written as canonical JSON; "-" for an absent block. */
    static String sha256(JsonNode node) throws Exception {
        if (node == null || node.isNull()) {
            return "-";
        }
        Object plain = CANONICAL.treeToValue(node, Object.class);
        byte[] json = CANONICAL.writeValueAsString(plain).getBytes(StandardCharsets.UTF_8);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints the pin lines of every changeset of every domain. */
    public static void main(String[] args) throws Exception {
        List<String> lines = new ArrayList<>();
        for (ChangelogFiles.Domain d : ChangelogFiles.all()) {
            of(d).values().forEach(p -> lines.add(p.line()));
        }
        lines.forEach(System.out::println);
    }
}
