package dev.pgguard.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgguard.battery.RowChecksums;
import dev.pgguard.domains.Fixtures;
import dev.pgguard.run.LiquibaseRunner;
import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import dev.pgguard.verify.ExpectedSchema;
import dev.pgguard.verify.SchemaVerifier;
import dev.pgguard.verify.VerifyReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances of a service (separate JVMs, {@code -Dpgguard.test.crowd}, default 8) start together
 * against one production database and migrate it with the packet-workflow changelog: each
 * changeset runs exactly once and the data is what a single update gives.
 */
class LockCrowdIT {

    private static final String CHANGELOG = "changelogs/packet-workflow/changelog.yaml";
    private static final List<String> SCHEMAS = List.of("service_ops");
    private static final String HISTORY = "SELECT id || ' ' || exectype FROM databasechangelog ORDER BY id";

    @TempDir
    Path work;

    @Test
    void instancesStartedTogetherRunEveryChangesetOnceAndConverge() throws Exception {
        int instances = Integer.getInteger("pgguard.test.crowd", 8);
        try (TestDatabase crowd = PgServer.get().createDatabase("lock_crowd");
                TestDatabase reference = PgServer.get().createDatabase("lock_crowd_reference")) {
            for (TestDatabase db : List.of(crowd, reference)) {
                Fixtures.load(db, "packet-workflow", "base-pre017.sql", "delta-production.sql");
            }
            try (Connection c = reference.connect(); ClassLoaderResourceAccessor resources = new ClassLoaderResourceAccessor()) {
                new LiquibaseRunner(c, resources, CHANGELOG).update();
            }

            long start = System.nanoTime();
            List<Jvm> jvms = new ArrayList<>();
            for (int i = 1; i <= instances; i++) {
                jvms.add(Jvm.start(crowd, CHANGELOG, "crowd-" + i, work));
            }
            for (Jvm jvm : jvms) {
                boolean finished = jvm.process().waitFor(5, TimeUnit.MINUTES);
                if (!finished) {
                    jvms.forEach(j -> j.process().destroyForcibly());
                }
                assertThat(finished).as("%s finished:%n%s", jvm.name(), jvm.output()).isTrue();
            }
            System.out.printf("[LockCrowdIT] %d instances done in %d ms%n", instances,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            for (Jvm jvm : jvms) {
                assertThat(jvm.process().exitValue()).as("exit code of %s:%n%s", jvm.name(), jvm.output()).isZero();
            }

            assertThat(crowd.value("SELECT count(*) - count(DISTINCT (id, author, filename)) FROM databasechangelog"))
                    .as("no changeset recorded twice").isEqualTo("0");
            assertThat(crowd.column(HISTORY)).as("the same history as one update")
                    .containsExactlyElementsOf(reference.column(HISTORY));
            try (Connection c = crowd.connect(); Connection r = reference.connect()) {
                VerifyReport report = SchemaVerifier.verify(c, ExpectedSchema.forDomain("packet-workflow"));
                assertThat(report.problems()).as(report.format()).isEmpty();
                assertThat(RowChecksums.of(c, SCHEMAS))
                        .as("every table (backfill backups included) holds what one update gives: no step ran twice")
                        .containsExactlyElementsOf(RowChecksums.of(r, SCHEMAS));
            }
            assertThat(crowd.value("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).isEqualTo("0");
            long waited = jvms.stream().filter(j -> {
                try {
                    return j.output().contains(") is held by pid");
                } catch (java.io.IOException e) {
                    return false;
                }
            }).count();
            System.out.printf("[LockCrowdIT] %d of %d instances logged that they waited for the holder%n", waited, instances);
        }
    }
}
