package dev.pgguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgguard demo} on the embedded default: it starts its own embedded PostgreSQL on a data
 * directory, and a second run reuses that directory.
 */
class DemoIT {

    @Test
    void demoRunsTwiceOnTheSameDataDirectory(@TempDir Path dir) {
        Path data = dir.resolve("data");
        String log = dir.resolve("pgguard.log").toString();

        Cli first = Cli.run("demo", "--data-dir", data.toString(), "--log-file", log);
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out())
                .contains("data in " + data).contains("(new: initdb")
                .containsPattern("send_integration columns\\s+9")
                .containsPattern("send_serviceops.created_at type\\s+timestamp\\n")
                .containsPattern("send_serviceops rows holding FALSE\\s+[1-9]\\d*")
                .contains("== 2/6 updateSQL preview").contains("ALTER TABLE service_ops.packet ADD COLUMN validation_status")
                .containsPattern("preview: [1-9]\\d* changesets would execute, [1-9]\\d* would only be recorded MARK_RAN")
                .containsPattern("EXECUTED\\s+021-add-column-send_integration.correlation_id\\s+\\d+ ms")
                .containsPattern("MARK_RAN\\s+018-create-table-send_integration\\s+\\d+ ms  tableMissing: ")
                .containsPattern("update: [1-9]\\d* executed, [1-9]\\d* MARK_RAN, 0 skipped in ")
                .containsPattern("\\d+ checks: \\d+ PASS, 0 FAIL, 0 ERROR")
                .containsPattern("rollback: [1-9]\\d* changesets rolled back")
                .containsPattern("send_integration columns\\s+9\\s+15\\s+9\\n")
                .contains("restored: every fact above, the catalog and every row equal the starting state")
                .contains("demo done");
        assertThat(first.out()).as("Liquibase's own logging stays off the console")
                .doesNotContain("INFO").doesNotContain("Running Changeset").doesNotContain("UPDATE SUMMARY");
        assertThat(Files.exists(data.resolve("postgresql.conf"))).as("the data directory persists").isTrue();
        assertThat(dir.resolve("pgguard-demo-update.sql")).as("the full preview is written beside the data directory")
                .content().contains("ALTER TABLE service_ops.send_integration ADD COLUMN correlation_id");

        Cli second = Cli.run("demo", "--data-dir", data.toString(), "--log-file", log);
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.out()).doesNotContain("(new: initdb").contains("restored: every fact above").contains("demo done");
    }
}
