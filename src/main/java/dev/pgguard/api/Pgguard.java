package dev.pgguard.api;

import dev.pgguard.check.CheckException;
import dev.pgguard.run.ChangelogLocation;
import dev.pgguard.run.LiquibaseRunner;
import dev.pgguard.run.OutcomeRecorder;
import dev.pgguard.verify.ExpectedSchema;
import dev.pgguard.verify.SchemaVerifier;
import dev.pgguard.verify.VerifyReport;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import liquibase.exception.LiquibaseException;

/**
 * Migrating at start-up without Spring:
 *
 * <pre>
 * MigrationReport report = Pgguard.update(dataSource, "packet-workflow");
 * log.info("schema: {}", report.summary());
 *
 * Pgguard.migration(dataSource, "db/changelog.yaml")   // a domain name or a classpath changelog
 *        .contexts("prod").labels("!slow").tagBefore("release-42")
 *        .onChangeSet(o -&gt; log.info("{}", o))
 *        .update();
 * </pre>
 *
 * One connection is taken from the data source for the run and closed after it. A failed run
 * throws {@link PgguardMigrationException} carrying what happened before the failure.
 */
public final class Pgguard {

    private Pgguard() {
    }

    /** Update to the changelog of {@code domainOrChangelog}, then verify against its expected schema. */
    public static MigrationReport update(DataSource dataSource, String domainOrChangelog) {
        return migration(dataSource, domainOrChangelog).update();
    }

    public static Migration migration(DataSource dataSource, String domainOrChangelog) {
        return new Migration(Objects.requireNonNull(dataSource, "dataSource"),
                ChangelogLocation.classpath(Objects.requireNonNull(domainOrChangelog, "domainOrChangelog")));
    }

    /** One configured update; {@link #update()} may be called more than once. */
    public static final class Migration {

        private final DataSource dataSource;
        private final ChangelogLocation changelog;
        private String contexts;
        private String labels;
        private String tagBefore;
        private boolean verify = true;
        private Consumer<ChangeSetOutcome> onChangeSet;

        private Migration(DataSource dataSource, ChangelogLocation changelog) {
            this.dataSource = dataSource;
            this.changelog = changelog;
        }

        /** Liquibase contexts expression. */
        public Migration contexts(String contexts) {
            this.contexts = contexts;
            return this;
        }

        /** Liquibase label filter expression. */
        public Migration labels(String labels) {
            this.labels = labels;
            return this;
        }

        /** Tag the database before updating, so {@code rollback --tag} can return to this point. */
        public Migration tagBefore(String tag) {
            this.tagBefore = tag;
            return this;
        }

        /** Verify against the expected schema after the update (default true, when there is one). */
        public Migration verify(boolean verify) {
            this.verify = verify;
            return this;
        }

        /** Called with each changeset's outcome as soon as it is known. */
        public Migration onChangeSet(Consumer<ChangeSetOutcome> listener) {
            this.onChangeSet = listener;
            return this;
        }

        public MigrationReport update() {
            long start = System.nanoTime();
            OutcomeRecorder recorder = new OutcomeRecorder(onChangeSet);
            try (Connection c = dataSource.getConnection()) {
                LiquibaseRunner runner = new LiquibaseRunner(c, changelog.accessor(), changelog.path())
                        .contexts(contexts).labels(labels);
                if (tagBefore != null) {
                    runner.tag(tagBefore);
                }
                try {
                    runner.update(recorder);
                } catch (LiquibaseException e) {
                    MigrationReport partial = new MigrationReport(changelog.label(), recorder.outcomes(), null, millis(start));
                    throw new PgguardMigrationException("update of " + changelog.label() + " failed: " + e.getMessage(),
                            partial, e);
                }
                VerifyReport verifyReport = null;
                if (verify) {
                    Optional<ExpectedSchema> expected = changelog.expectedSchema();
                    if (expected.isPresent()) {
                        verifyReport = SchemaVerifier.verify(c, expected.get());
                    }
                }
                return new MigrationReport(changelog.label(), recorder.outcomes(), verifyReport, millis(start));
            } catch (SQLException | IOException | CheckException | LiquibaseException e) {
                throw new PgguardMigrationException("update of " + changelog.label() + " failed: " + e.getMessage(),
                        new MigrationReport(changelog.label(), recorder.outcomes(), null, millis(start)), e);
            }
        }

        private static long millis(long start) {
            return (System.nanoTime() - start) / 1_000_000;
        }
    }
}
