package dev.pgguard.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiquibaseRunnerIT {

    @Test
    void updateAfterRollbackInTheSameJvmRunsTheChangesetsAgain(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("changelog.yaml"), """
                databaseChangeLog:
                  - changeSet:
                      id: 001-create-table-widgets
                      author: pgguard
                      changes:
                        - sql: {sql: CREATE TABLE widgets (id int)}
                      rollback:
                        - sql: {sql: DROP TABLE widgets}
                """);
        try (TestDatabase db = PgServer.get().createDatabase("runner_rollback_update");
                DirectoryResourceAccessor accessor = new DirectoryResourceAccessor(dir)) {
            try (Connection c = db.connect()) {
                LiquibaseRunner lb = new LiquibaseRunner(c, accessor, "changelog.yaml");
                lb.tag("before");
                lb.update();
                lb.update();
                lb.rollbackToTag("before");
                assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'widgets'")).isEqualTo("0");
                lb.update();
            }
            assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'widgets'"))
                    .as("update after a rollback runs the rolled-back changeset again (Liquibase's up-to-date"
                            + " cache must not answer for a database that changed)").isEqualTo("1");
        }
    }
}
