package dev.pgguard.check;

import static dev.pgguard.check.Eval.eval;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgguard.testkit.PgExtension;
import dev.pgguard.testkit.TestDatabase;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgExtension.class)
class TableCheckIT {

    @BeforeAll
    static void schema(TestDatabase db) {
        db.execute("""
                CREATE SCHEMA service_ops;
                CREATE TABLE service_ops.packet (packet_id bigint PRIMARY KEY);
                CREATE TABLE public.packet (id int);
                CREATE TABLE service_ops."UserRole" (id int);
                CREATE VIEW service_ops.packet_view AS SELECT packet_id FROM service_ops.packet;
                CREATE TABLE service_ops.events (id int, at date) PARTITION BY RANGE (at);
                CREATE SEQUENCE service_ops.packet_seq;
                """);
    }

    @Test
    void presentAndMissing(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.TABLE_PRESENT, "schemaName", "service_ops", "tableName", "packet").message())
                .isEqualTo("table service_ops.packet exists");
        assertThat(eval(db, Vocabulary.TABLE_MISSING, "schemaName", "service_ops", "tableName", "packet_validation").holds())
                .isTrue();
        Outcome taken = eval(db, Vocabulary.TABLE_MISSING, "schemaName", "service_ops", "tableName", "packet");
        assertThat(taken.holds()).isFalse();
        assertThat(taken.message()).isEqualTo("service_ops.packet exists as a table, expected no relation of that name");
    }

    @Test
    void quotedMixedCaseIsExact(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.TABLE_PRESENT, "schemaName", "service_ops", "tableName", "UserRole").holds()).isTrue();
        Outcome folded = eval(db, Vocabulary.TABLE_PRESENT, "schemaName", "service_ops", "tableName", "userrole");
        assertThat(folded.holds()).isFalse();
        assertThat(folded.message()).isEqualTo("table service_ops.userrole does not exist (did you mean service_ops.\"UserRole\"?)");
    }

    @Test
    void sameNameInTwoSchemasAndTheDefaultSchema(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.TABLE_PRESENT, "tableName", "packet").message())
                .as("no schemaName: the connection's current_schema(), public")
                .isEqualTo("table public.packet exists");
        Outcome other = eval(db, Vocabulary.TABLE_PRESENT, "tableName", "UserRole");
        assertThat(other.message()).isEqualTo("table public.\"UserRole\" does not exist (did you mean service_ops.\"UserRole\"?)");
        try (Connection c = db.connect()) {
            Outcome o = Vocabulary.TABLE_PRESENT.create(Map.of("tableName", "UserRole")).evaluate(CatalogSession.of(c, "service_ops"));
            assertThat(o.holds()).as("an explicit default schema (liquibase.defaultSchemaName) is used").isTrue();
        }
    }

    @Test
    void otherRelationKindsAreReportedAsWhatTheyAre(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.TABLE_PRESENT, "schemaName", "service_ops", "tableName", "packet_view").message())
                .isEqualTo("service_ops.packet_view is a view, expected a table");
        assertThat(eval(db, Vocabulary.TABLE_PRESENT, "schemaName", "service_ops", "tableName", "events").message())
                .isEqualTo("service_ops.events is a partitioned table, expected a table");
        assertThat(eval(db, Vocabulary.TABLE_MISSING, "schemaName", "service_ops", "tableName", "packet_seq").message())
                .isEqualTo("service_ops.packet_seq exists as a sequence, expected no relation of that name");
    }

    @Test
    void schemas(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.SCHEMA_PRESENT, "schemaName", "service_ops").holds()).isTrue();
        assertThat(eval(db, Vocabulary.SCHEMA_MISSING, "schemaName", "service_ops").message())
                .isEqualTo("schema service_ops exists, expected it not to");
        assertThat(eval(db, Vocabulary.SCHEMA_PRESENT, "schemaName", "Service_Ops").message())
                .isEqualTo("schema \"Service_Ops\" does not exist");
    }

    @Test
    void hostileStringDoesNotMatchAndChangesNothing(TestDatabase db) throws Exception {
        String hostile = "x'; DROP TABLE service_ops.packet; --";
        assertThat(eval(db, Vocabulary.TABLE_PRESENT, "schemaName", hostile, "tableName", hostile).holds()).isFalse();
        assertThat(eval(db, Vocabulary.TABLE_MISSING, "schemaName", "service_ops", "tableName", hostile).holds()).isTrue();
        assertThat(eval(db, Vocabulary.SCHEMA_PRESENT, "schemaName", hostile).holds()).isFalse();
        assertThat(db.value("SELECT count(*) FROM service_ops.packet")).isEqualTo("0");
    }
}
