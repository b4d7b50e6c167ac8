package dev.pgguard.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgguard.testkit.PgExtension;
import dev.pgguard.testkit.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgExtension.class)
class SchemaVerifierIT {

    private static ExpectedSchema parse(String yaml) throws IOException {
        return ExpectedSchema.read("test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void reportsEachCheckWithWhatWasFound(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA IF NOT EXISTS s; CREATE TABLE IF NOT EXISTS s.t (a int NOT NULL, b timestamp)");
        ExpectedSchema expected = parse("""
                checks:
                  - tablePresent: {schemaName: s, tableName: t}
                  - columnTypeIs: {schemaName: s, tableName: t, columnName: b, type: timestamptz}
                  - columnNullable: {schemaName: s, tableName: t, columnName: a, nullable: false}
                  - noRowsMatch: {schemaName: s, tableName: t, where: "no_such_column = 1"}
                """);
        VerifyReport report;
        try (Connection c = db.connect()) {
            report = SchemaVerifier.verify(c, expected);
        }
        assertThat(report.rows()).extracting(VerifyReport.Row::status).containsExactly(
                VerifyReport.Status.PASS, VerifyReport.Status.FAIL, VerifyReport.Status.PASS, VerifyReport.Status.ERROR);
        assertThat(report.rows().get(1).found()).isEqualTo("column s.t.b is timestamp without time zone, expected timestamp with time zone");
        assertThat(report.passed()).isFalse();
        assertThat(report.format()).contains("4 checks: 2 PASS, 1 FAIL, 1 ERROR, 0 SKIPPED");
    }

    @Test
    void malformedEntriesAreAllReportedBeforeAnySql() {
        assertThatThrownBy(() -> parse("""
                checks:
                  - tablePresnt: {tableName: t}
                  - columnTypeIs: {tableName: t, columnName: c}
                """))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("entry 1: unknown check 'tablePresnt'")
                .hasMessageContaining("entry 2: columnTypeIs: attribute 'type' is required");
    }
}
