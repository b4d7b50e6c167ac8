package dev.pgguard.domains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgguard.battery.RowChecksums;
import dev.pgguard.run.LiquibaseRunner;
import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import dev.pgguard.verify.ExpectedSchema;
import dev.pgguard.verify.SchemaVerifier;
import dev.pgguard.verify.VerifyReport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;

/**
 * per-aspect-validation beyond the battery: the migrated messages are exactly what the application's
 * own code (shared/validation-types.ts, per-aspect-persistence.ts) would have written, re-implemented
 * here independently in Java; the settings reshape of each legacy shape; the checks that halt with
 * the numbers; and a data step killed between batches that resumes to the very rows of an
 * uninterrupted run.
 */
class PerAspectValidationIT {

    static final String DOMAIN = "per-aspect-validation";
    static final String CHANGELOG = "changelogs/" + DOMAIN + "/changelog.yaml";
    static final String STEP = "013-insert-rows-validation_results_per_aspect.from_validation_results::pgguard";
    /** JavaScript's \s. */
    static final String WS = "[\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]";
    static final ObjectMapper JSON = new ObjectMapper();

    static LiquibaseRunner runner(Connection c) {
        return new LiquibaseRunner(c, new ClassLoaderResourceAccessor(), CHANGELOG);
    }

    static void update(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            runner(c).update();
        }
    }

    static void assertVerified(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            VerifyReport report = SchemaVerifier.verify(c, ExpectedSchema.forDomain(DOMAIN));
            assertThat(report.problems()).as(report.format()).isEmpty();
        }
    }

    // ---- the application's rules, from shared/validation-types.ts and per-aspect-persistence.ts

    static String canonicalPath(String path) {
        return path.replaceAll("\\[\\d+\\]", "").replaceAll("\\.{2,}", ".").replaceAll("^\\.+|\\.+$", "")
                .toLowerCase(Locale.ROOT).replaceAll(WS + "+", "");
    }

    static String normalizedText(String text) {
        return text.replaceAll("^" + WS + "+|" + WS + "+$", "").replaceAll(WS + "+", " ").toLowerCase(Locale.ROOT)
                .replaceAll("[\\x00-\\x1F\\x7F]", "");
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    static String left(String s, int n) {
        return s.length() > n ? s.substring(0, n) : s;
    }

    /** One expected message, as the test derives it from a legacy row's JSON. */
    record Msg(int legacyId, String aspect, String severity, String code, String canonicalPath, String text, String normalizedText,
               boolean pathTruncated, boolean textTruncated, String signature) {
    }

    static List<Msg> expectedMessages(int legacyId, JsonNode issues, JsonNode errors, JsonNode warnings) throws Exception {
        List<JsonNode> elements = new ArrayList<>();
        List<String> defaults = new ArrayList<>();
        if (issues != null && issues.isArray() && !issues.isEmpty()) {
            issues.forEach(e -> { elements.add(e); defaults.add("information"); });
        } else {
            if (errors != null && errors.isArray()) {
                errors.forEach(e -> { elements.add(e); defaults.add("error"); });
            }
            if (warnings != null && warnings.isArray()) {
                warnings.forEach(e -> { elements.add(e); defaults.add("warning"); });
            }
        }
        List<Msg> out = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            JsonNode e = elements.get(i);
            String text = e.isTextual() ? e.asText() : first(e, "message", "diagnostics", "text", "details");
            String path = first(e, "path", "expression");
            if (path.isEmpty() && e.has("location")) {
                path = e.get("location").isArray() ? e.get("location").get(0).asText() : e.get("location").asText();
            }
            String code = e.has("code") && !e.get("code").asText().isEmpty() ? e.get("code").asText() : null;
            String sev = e.has("severity") ? e.get("severity").asText().toLowerCase(Locale.ROOT) : "";
            String severity = switch (sev) {
                case "error", "fatal" -> "error";
                case "warning" -> "warning";
                case "info", "information" -> "information";
                default -> defaults.get(i);
            };
            String rawAspect = first(e, "aspect", "category").replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
            String aspect = switch (rawAspect) {
                case "profile", "terminology", "reference", "metadata" -> rawAspect;
                case "businessrule", "businessrules" -> "businessRule";
                default -> "structural";
            };
            String p = canonicalPath(path);
            String t = normalizedText(text);
            String codeN = code == null ? "" : code.replaceAll("^" + WS + "+|" + WS + "+$", "").toLowerCase(Locale.ROOT);
            String signature = sha256(String.join("|", aspect.toLowerCase(Locale.ROOT), severity, codeN, left(p, 256), "",
                    left(t, 512)));
            out.add(new Msg(legacyId, aspect, severity, code, left(p, 256), text, left(t, 512), p.length() > 256, t.length() > 512,
                    signature));
        }
        return out;
    }

    private static String first(JsonNode e, String... keys) {
        if (!e.isObject()) {
            return "";
        }
        for (String k : keys) {
            if (e.has(k) && !e.get(k).isNull()) {
                return e.get(k).asText();
            }
        }
        return "";
    }

    @Test
    void migratedRowsAndMessagesAreWhatTheApplicationWouldHaveWritten() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("pav_content")) {
            Fixtures.load(db, DOMAIN, "base-legacy.sql", "settings-flat.sql");
            update(db);
            assertVerified(db);

            // the most recent legacy row of each resource, chosen independently here
            Map<String, int[]> latest = new LinkedHashMap<>();
            Map<Integer, String[]> json = new LinkedHashMap<>();
            try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                    SELECT l.id, coalesce(l.server_id, r.server_id) || '/' || coalesce(nullif(l.resource_type, ''), r.resource_type)
                           || '/' || coalesce(nullif(l.fhir_resource_id, ''), r.resource_id),
                           extract(epoch FROM l.validated_at)::bigint, l.issues::text, l.errors::text, l.warnings::text
                      FROM public.validation_results l LEFT JOIN public.fhir_resources r ON r.id = l.resource_id
                     WHERE coalesce(nullif(l.fhir_resource_id, ''), r.resource_id) IS NOT NULL ORDER BY l.id""")) {
                while (rs.next()) {
                    int id = rs.getInt(1);
                    long at = rs.getLong(3);
                    latest.merge(rs.getString(2), new int[] {id, (int) at}, (a, b) -> b[1] > a[1] || (b[1] == a[1] && b[0] > a[0]) ? b : a);
                    json.put(id, new String[] {rs.getString(4), rs.getString(5), rs.getString(6)});
                }
            }
            assertThat(latest).as("resources in the fixture").hasSize(1800);
            List<String> expected = new ArrayList<>();
            for (int[] w : latest.values()) {
                String[] j = json.get(w[0]);
                for (Msg m : expectedMessages(w[0], JSON.readTree(j[0]), JSON.readTree(j[1]), JSON.readTree(j[2]))) {
                    expected.add(String.join("|", String.valueOf(m.legacyId()), m.aspect(), m.severity(), String.valueOf(m.code()),
                            m.canonicalPath(), m.text(), m.normalizedText(), String.valueOf(m.pathTruncated()),
                            String.valueOf(m.textTruncated()), m.signature()));
                }
            }
            List<String> actual = db.column("""
                    SELECT concat_ws('|', p.detailed_result ->> 'legacyId', m.aspect, m.severity, coalesce(m.code, 'null'), m.canonical_path,
                           m.text, m.normalized_text, m.path_truncated::text, m.text_truncated::text, m.signature)
                      FROM public.validation_messages m JOIN public.validation_results_per_aspect p ON p.id = m.validation_result_id
                     ORDER BY m.id""");
            assertThat(actual).as("every migrated message against the Java re-implementation").containsExactlyInAnyOrderElementsOf(expected);
            assertThat(actual).as("the fixture exercises the rules").hasSizeGreaterThan(2000)
                    .anySatisfy(l -> assertThat(l).contains("|patient.identifier.system|"))
                    .anySatisfy(l -> assertThat(l).contains("|observation.value|"))
                    .anySatisfy(l -> assertThat(l).contains("|encounter.status|"))
                    .anySatisfy(l -> assertThat(l).contains("|reference target patient/123 not found|"))
                    .anySatisfy(l -> assertThat(l).contains("|information|"));

            assertThat(db.column("SELECT DISTINCT settings_snapshot_hash FROM public.validation_results_per_aspect"))
                    .as("the hash the application computes for any settings (its JSON.stringify keeps only the aspect keys)")
                    .containsExactly(sha256("{\"businessRule\":{},\"metadata\":{},\"profile\":{},\"reference\":{},\"structural\":{},\"terminology\":{}}"));
            assertThat(db.value("SELECT count(*) FROM public.validation_results_per_aspect")).isEqualTo(String.valueOf(6 * 1800));
            assertThat(db.value("""
                    SELECT count(*) FROM public.validation_results_per_aspect p
                     WHERE p.score <> CASE WHEN NOT p.is_valid THEN 0 WHEN p.warning_count > 0 THEN greatest(0, 100 - 10 * p.warning_count) ELSE 100 END
                        OR p.is_valid <> (p.error_count = 0 AND (p.aspect <> 'structural' OR p.is_valid))
                        OR p.error_count + p.warning_count + p.information_count
                           <> (SELECT count(*) FROM public.validation_messages m WHERE m.validation_result_id = p.id)"""))
                    .as("score, validity and counts of every row agree with its messages").isEqualTo("0");
            assertThat(db.value("""
                    SELECT count(*) FROM public.validation_results_per_aspect p JOIN public.validation_results l ON l.id = (p.detailed_result ->> 'legacyId')::integer
                     WHERE p.validated_at <> l.validated_at"""))
                    .as("timestamps come from the legacy row").isEqualTo("0");
            assertThat(db.value("""
                    SELECT count(*) FROM public.validation_message_groups g
                     WHERE g.total_resources <> (SELECT count(*) FROM public.validation_messages m WHERE m.server_id = g.server_id AND m.signature = g.signature)
                        OR g.sample_text <> (SELECT m.text FROM public.validation_messages m WHERE m.server_id = g.server_id AND m.signature = g.signature ORDER BY m.id LIMIT 1)"""))
                    .as("groups count messages, sample the first").isEqualTo("0");
            assertThat(db.value("SELECT count(DISTINCT signature) FROM public.validation_message_groups")).isNotEqualTo("0");
        }
    }

    @Test
    void eachLegacySettingsShapeConvergesToTheCanonicalFormAndTheJsonIsKept() throws Exception {
        try (TestDatabase flat = PgServer.get().createDatabase("pav_set_flat");
             TestDatabase flags = PgServer.get().createDatabase("pav_set_flags");
             TestDatabase canonical = PgServer.get().createDatabase("pav_set_canonical");
             TestDatabase empty = PgServer.get().createDatabase("pav_set_empty")) {
            Map<TestDatabase, String> shapes = Map.of(flat, "settings-flat.sql", flags, "settings-flags.sql", canonical,
                    "settings-canonical.sql", empty, "settings-empty.sql");
            Map<TestDatabase, List<String>> before = new LinkedHashMap<>();
            for (var e : shapes.entrySet()) {
                Fixtures.load(e.getKey(), DOMAIN, "base-legacy.sql", e.getValue());
                before.put(e.getKey(), e.getKey().column("SELECT id || ' ' || settings::text FROM public.validation_settings ORDER BY id"));
                update(e.getKey());
                assertVerified(e.getKey());
                assertThat(e.getKey().column("SELECT id || ' ' || settings::text FROM public.validation_settings WHERE settings IS NOT NULL ORDER BY id"))
                        .as("legacy settings JSON untouched (%s)", e.getValue()).isEqualTo(before.get(e.getKey()));
            }
            String q = "SELECT aspects::text || ' ' || performance::text || ' ' || resource_types::text FROM public.validation_settings WHERE id = ";
            assertThat(flat.value(q + 1)).isEqualTo(
                    "{\"profile\": {\"enabled\": false, \"severity\": \"warning\"}, \"metadata\": {\"enabled\": true, \"severity\": \"information\"}, "
                    + "\"reference\": {\"enabled\": true, \"severity\": \"warning\"}, \"structural\": {\"enabled\": true, \"severity\": \"error\"}, "
                    + "\"terminology\": {\"enabled\": true, \"severity\": \"warning\"}, \"businessRule\": {\"enabled\": false, \"severity\": \"error\"}} "
                    + "{\"batchSize\": 25, \"maxConcurrent\": 8} {\"enabled\": true, \"excludedTypes\": [], \"includedTypes\": [\"Patient\", \"Observation\"]}");
            assertThat(flags.value(q + 1)).isEqualTo(
                    "{\"profile\": {\"enabled\": true, \"severity\": \"warning\"}, \"metadata\": {\"enabled\": true, \"severity\": \"error\"}, "
                    + "\"reference\": {\"enabled\": true, \"severity\": \"error\"}, \"structural\": {\"enabled\": true, \"severity\": \"error\"}, "
                    + "\"terminology\": {\"enabled\": false, \"severity\": \"warning\"}, \"businessRule\": {\"enabled\": false, \"severity\": \"error\"}} "
                    + "{\"batchSize\": 50, \"maxConcurrent\": 3} {\"enabled\": true, \"excludedTypes\": [], \"includedTypes\": []}");
            assertThat(canonical.value("SELECT (aspects = settings -> 'aspects')::text FROM public.validation_settings WHERE id = 1"))
                    .as("a complete canonical row keeps its aspect objects as they are (timeoutMs included)").isEqualTo("true");
            assertThat(canonical.value("SELECT aspects -> 'businessRule' FROM public.validation_settings WHERE id = 2"))
                    .as("businessRules (plural) becomes businessRule").isEqualTo("{\"enabled\": false, \"severity\": \"warning\"}");
            assertThat(canonical.value("SELECT aspects -> 'profile' FROM public.validation_settings WHERE id = 3"))
                    .as("a missing aspect gets its default").isEqualTo("{\"enabled\": true, \"severity\": \"warning\"}");
            assertThat(empty.column("SELECT id || ' ' || is_active || ' ' || (created_at IS NULL) || ' ' || performance::text FROM public.validation_settings"))
                    .as("an empty table gets one default row").containsExactly("1 true true {\"batchSize\": 50, \"maxConcurrent\": 5}");
        }
    }

    @Test
    void aMismatchHaltsWithTheNumbersAndRecordsNothing() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("pav_mismatch")) {
            Fixtures.load(db, DOMAIN, "base-legacy.sql", "settings-flat.sql", "delta-per-aspect-empty.sql");
            // a hand-made trigger that swallows some messages: the check must notice
            db.execute("""
                    CREATE FUNCTION public.swallow() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN IF NEW.text LIKE '%narrative%' THEN RETURN NULL; END IF; RETURN NEW; END $$;
                    CREATE TRIGGER swallow BEFORE INSERT ON public.validation_messages FOR EACH ROW EXECUTE FUNCTION public.swallow()""");
            try (Connection c = db.connect()) {
                assertThatThrownBy(() -> runner(c).update())
                        .hasStackTraceContaining("per-aspect migration check failed: ")
                        .satisfies(e -> assertThat(Run.messages(e)).containsPattern("\\d+ legacy issues in public.validation_results, \\d+ migrated rows"));
            }
            assertThat(db.value("SELECT count(*) FROM public.databasechangelog WHERE id = '" + STEP.replace("::pgguard", "") + "'"))
                    .isEqualTo("0");
        }
    }

    @Test
    void aDataStepKilledBetweenBatchesResumesToTheRowsOfAnUninterruptedRun() throws Exception {
        try (TestDatabase killed = PgServer.get().createDatabase("pav_killed");
             TestDatabase straight = PgServer.get().createDatabase("pav_straight")) {
            for (TestDatabase db : List.of(killed, straight)) {
                Fixtures.load(db, DOMAIN, "base-legacy.sql", "settings-flat.sql", "delta-per-aspect-empty.sql");
                // 4,000 more resources, each validated once: 5 batches of 1,000 resources
                db.execute("""
                        INSERT INTO public.fhir_resources (id, server_id, resource_type, resource_id, data)
                        SELECT g, 1 + g % 3, 'Observation', 'obs-' || g, '{}' FROM generate_series(1801, 5800) g;
                        INSERT INTO public.validation_results (id, resource_id, is_valid, issues, validated_at, created_at, updated_at,
                               server_id, resource_type, fhir_resource_id)
                        SELECT 1000 + g, g, g % 2 = 0,
                               jsonb_build_array(jsonb_build_object('severity', 'warning', 'code', 'value', 'path', 'Observation.value[' || g % 3 || ']',
                                                                    'message', 'Value out of range', 'aspect', 'structural')),
                               timestamp '2025-01-01' + g * interval '1 second', timestamp '2025-01-01', timestamp '2025-01-01',
                               1 + g % 3, 'Observation', 'obs-' || g
                          FROM generate_series(1801, 5800) g""");
            }
            update(straight);

            String pid;
            try (Connection c = killed.connect()) {
                pid = killedValue(c, "SELECT pg_backend_pid()");
                CompletableFuture<Exception> run = CompletableFuture.supplyAsync(() -> {
                    try {
                        runner(c).update();
                        return null;
                    } catch (Exception e) {
                        return e;
                    }
                });
                // terminate the migration's session as soon as its second batch is committed
                for (int i = 0; i < 60_000 && !run.isDone(); i++) {
                    List<String> b = killed.value("SELECT to_regclass('public.pgguard_batch_progress') IS NULL").equals("t") ? List.of()
                            : killed.column("SELECT batches FROM public.pgguard_batch_progress WHERE change_set = '" + STEP + "'");
                    if (!b.isEmpty() && Integer.parseInt(b.get(0)) >= 2) {
                        killed.execute("SELECT pg_terminate_backend(" + pid + ")");
                        break;
                    }
                    Thread.sleep(1);
                }
                assertThat(run.get(120, TimeUnit.SECONDS)).as("the update was killed inside the data step").isNotNull();
            }
            int batches = Integer.parseInt(killed.value("SELECT batches FROM public.pgguard_batch_progress WHERE change_set = '" + STEP + "'"));
            assertThat(batches).as("killed after some batches, before the last").isBetween(2, 5);
            update(killed);
            assertVerified(killed);
            assertThat(killed.value("SELECT batches FROM public.pgguard_batch_progress WHERE change_set = '" + STEP + "'"))
                    .isEqualTo("6");
            try (Connection a = killed.connect(); Connection b = straight.connect()) {
                assertThat(RowChecksums.of(a, List.of("public"))).as("resumed run = uninterrupted run, row for row")
                        .isEqualTo(RowChecksums.of(b, List.of("public")));
            }
        }
    }

    @Test
    void cleanupRunsOnlyWhenAskedForAndRollsBackExactly() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("pav_cleanup")) {
            Fixtures.load(db, DOMAIN, "base-legacy.sql", "settings-flat.sql");
            update(db);
            assertThat(db.value("SELECT count(*) FROM public.validation_results")).as("update keeps the legacy table").isEqualTo("2200");
            String cleanup = "changelogs/" + DOMAIN + "/cleanup.yaml";
            try (Connection c = db.connect()) {
                LiquibaseRunner lb = new LiquibaseRunner(c, new ClassLoaderResourceAccessor(), cleanup).contexts("cleanup");
                lb.tag("before-cleanup");
                lb.update();
                assertThat(db.value("SELECT to_regclass('public.validation_results') IS NULL")).isEqualTo("t");
                assertThat(db.value("SELECT count(*) FROM pgguard_retired.validation_results")).isEqualTo("2200");
                lb.rollbackToTag("before-cleanup");
            }
            assertThat(db.value("SELECT count(*) FROM public.validation_results")).as("rollback moves it back").isEqualTo("2200");
            assertThat(db.value("SELECT to_regnamespace('pgguard_retired') IS NULL")).isEqualTo("t");
        }
    }

    private static String killedValue(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Messages of an exception chain (as dev.pgguard.liquibase.Run has them, which is package-private there). */
    static final class Run {
        static String messages(Throwable e) {
            StringBuilder b = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                b.append(t.getMessage()).append('\n');
            }
            return b.toString();
        }
    }
}
