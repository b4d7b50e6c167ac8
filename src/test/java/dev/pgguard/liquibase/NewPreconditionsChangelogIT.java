package dev.pgguard.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgguard.run.LiquibaseRunner;
import dev.pgguard.testkit.PgExtension;
import dev.pgguard.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The new keys load from a YAML changelog (attributes such as value, name, where) and decide changesets. */
@ExtendWith(PgExtension.class)
class NewPreconditionsChangelogIT {

    @Test
    void preconditionsLoadFromYamlAndDecide(TestDatabase db, @TempDir Path dir) throws Exception {
        db.execute("""
                CREATE SCHEMA service_ops;
                CREATE TYPE service_ops."ConfigCategory" AS ENUM ('GENERAL');
                CREATE TABLE service_ops.packet (id int, detailed_status text);
                INSERT INTO service_ops.packet VALUES (1, 'Legacy');
                """);
        Files.writeString(dir.resolve("changelog.yaml"), """
                databaseChangeLog:
                  - changeSet:
                      id: add-security
                      author: test
                      runInTransaction: false
                      preConditions:
                        - onFail: MARK_RAN
                        - enumValueMissing:
                            schemaName: service_ops
                            typeName: ConfigCategory
                            value: SECURITY
                        - serverVersionAtLeast:
                            version: "12"
                        - sessionSettingIs:
                            name: standard_conforming_strings
                            value: "ON"
                        - currentUserOwns:
                            schemaName: service_ops
                            tableName: packet
                      changes:
                        - sql:
                            sql: ALTER TYPE service_ops."ConfigCategory" ADD VALUE 'SECURITY'
                  - changeSet:
                      id: legacy-rows
                      author: test
                      preConditions:
                        - onFail: MARK_RAN
                        - noRowsMatch:
                            schemaName: service_ops
                            tableName: packet
                            where: detailed_status NOT IN ('NEW') -- legacy
                            valueColumn: detailed_status
                      changes:
                        - sql:
                            sql: CREATE TABLE service_ops.should_not_exist (id int)
                """);
        try (Connection c = db.connect()) {
            new LiquibaseRunner(c, new DirectoryResourceAccessor(dir), "changelog.yaml").update();
        }
        assertThat(db.column("SELECT enumlabel FROM pg_enum WHERE enumtypid = 'service_ops.\"ConfigCategory\"'::regtype"
                + " ORDER BY enumsortorder")).isEqualTo(List.of("GENERAL", "SECURITY"));
        assertThat(db.column("SELECT id || ':' || exectype FROM databasechangelog ORDER BY orderexecuted"))
                .containsExactly("add-security:EXECUTED", "legacy-rows:MARK_RAN");
        assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'should_not_exist'")).isEqualTo("0");
    }
}
