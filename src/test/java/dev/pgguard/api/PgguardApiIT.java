package dev.pgguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class PgguardApiIT {

    static DataSource dataSource(TestDatabase db) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(db.url());
        ds.setUser(db.server().user());
        if (!db.server().password().isEmpty()) {
            ds.setPassword(db.server().password());
        }
        return ds;
    }

    static void load(TestDatabase db, String... resources) throws IOException {
        for (String r : resources) {
            try (InputStream in = PgguardApiIT.class.getClassLoader().getResourceAsStream(r)) {
                db.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void updateReportsEachOutcomeAndVerifiesThenASecondCallDoesNothing() throws IOException {
        try (TestDatabase db = PgServer.get().createDatabase("api_production")) {
            load(db, "pgguard/demo/base-pre017.sql", "pgguard/demo/delta-production.sql", "pgguard/demo/delta-json-false.sql");
            MigrationReport report = Pgguard.update(dataSource(db), "packet-workflow");
            assertThat(report.executed()).as(report.summary()).isNotEmpty()
                    .anySatisfy(o -> assertThat(o.id()).isEqualTo("021-add-column-send_integration.correlation_id"))
                    .allSatisfy(o -> assertThat(o.reason()).isNull());
            assertThat(report.markedRan()).isNotEmpty().anySatisfy(o -> {
                assertThat(o.id()).isEqualTo("018-create-table-send_integration");
                assertThat(o.reason()).as("the guard's message").startsWith("tableMissing: ").contains("send_integration");
            });
            assertThat(report.skipped()).isEmpty();
            assertThat(report.changeSets()).hasSize(report.executed().size() + report.markedRan().size());
            assertThat(report.verify()).isPresent();
            assertThat(report.verified()).as(report.verifyReport().format()).isTrue();
            assertThat(report.summary()).contains(report.executed().size() + " executed").contains("0 FAIL");

            MigrationReport second = Pgguard.update(dataSource(db), "packet-workflow");
            assertThat(second.changeSets()).as("a second update executes and records nothing").isEmpty();
            assertThat(second.verified()).isTrue();
        }
    }

    @Test
    void skippedChangesetsCarryTheGuardsReasonAndTheBuilderTagsAndStreams() throws IOException {
        try (TestDatabase db = PgServer.get().createDatabase("api_no_lookups")) {
            load(db, "pgguard/demo/base-pre017.sql", "pgguard/demo/delta-production.sql",
                    "fixtures/packet-workflow/delta-no-lookups.sql");
            List<ChangeSetOutcome> streamed = new ArrayList<>();
            MigrationReport report = Pgguard.migration(dataSource(db), "packet-workflow").tagBefore("api-before")
                    .onChangeSet(streamed::add).update();
            assertThat(report.skipped()).as("FKs to the absent lookup tables wait for a later update").isNotEmpty()
                    .allSatisfy(o -> assertThat(o.reason()).isNotBlank());
            assertThat(streamed).isEqualTo(report.changeSets());
            assertThat(db.value("SELECT count(*) FROM databasechangelog WHERE tag = 'api-before'")).isEqualTo("1");
        }
    }

    @Test
    void aHaltedUpdateThrowsWithWhatHappenedBefore() throws IOException {
        try (TestDatabase db = PgServer.get().createDatabase("api_halt")) {
            load(db, "pgguard/demo/base-pre017.sql", "pgguard/demo/delta-production.sql",
                    "fixtures/packet-workflow/delta-bad-detailed-status.sql");
            assertThatThrownBy(() -> Pgguard.update(dataSource(db), "packet-workflow"))
                    .isInstanceOf(PgguardMigrationException.class).hasMessageContaining("rows of service_ops.packet match")
                    .satisfies(e -> assertThat(((PgguardMigrationException) e).report().executed())
                            .as("the preflight halts before any change").isEmpty());
        }
    }

    @Test
    void anUnknownDomainSaysWhereItLooked() {
        assertThatThrownBy(() -> Pgguard.update(new PGSimpleDataSource(), "no-such-domain"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("changelogs/no-such-domain/changelog.yaml");
    }
}
