package dev.pgguard.check;

import static dev.pgguard.check.Eval.eval;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgguard.testkit.PgExtension;
import dev.pgguard.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgExtension.class)
class CommentCheckIT {

    @BeforeAll
    static void schema(TestDatabase db) {
        db.execute("""
                CREATE SCHEMA s;
                CREATE TABLE s.t (payload jsonb, "studentId" int, plain int);
                COMMENT ON TABLE s.t IS 'audit trail';
                COMMENT ON COLUMN s.t.payload IS 'holds message_type ESMD_PAYLOAD or LETTER_PACKAGE';
                COMMENT ON COLUMN s.t."studentId" IS 'it''s quoted';
                """);
    }

    @Test
    void tableAndColumnComments(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.COMMENT_IS, "schemaName", "s", "tableName", "t", "comment", "audit trail").holds()).isTrue();
        assertThat(eval(db, Vocabulary.COMMENT_IS, "schemaName", "s", "tableName", "t", "columnName", "payload",
                "comment", "holds message_type ESMD_PAYLOAD or LETTER_PACKAGE").holds()).isTrue();
        assertThat(eval(db, Vocabulary.COMMENT_IS, "schemaName", "s", "tableName", "t", "columnName", "studentId",
                "comment", "it's quoted").holds()).isTrue();
        assertThat(eval(db, Vocabulary.COMMENT_IS, "schemaName", "s", "tableName", "t", "columnName", "plain",
                "comment", "NULL").message()).isEqualTo("column s.t.plain has no comment");
    }

    @Test
    void mismatchesSayWhatWasFound(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.COMMENT_IS, "schemaName", "s", "tableName", "t", "columnName", "plain",
                "comment", "x").message()).isEqualTo("column s.t.plain has no comment, expected 'x'");
        assertThat(eval(db, Vocabulary.COMMENT_IS, "schemaName", "s", "tableName", "t", "comment", "NULL").message())
                .isEqualTo("table s.t has comment 'audit trail', expected none");
        assertThat(eval(db, Vocabulary.COMMENT_IS, "schemaName", "s", "tableName", "t", "columnName", "studentid",
                "comment", "x").message()).isEqualTo("column s.t.studentid does not exist (did you mean \"studentId\"?)");
        assertThat(eval(db, Vocabulary.COMMENT_IS, "schemaName", "s", "tableName", "nope", "comment", "x").holds()).isFalse();
    }

    @Test
    void hostileStringsDoNotMatch(TestDatabase db) throws Exception {
        String hostile = "x'; DROP TABLE s.t; --";
        assertThat(eval(db, Vocabulary.COMMENT_IS, "schemaName", "s", "tableName", "t", "columnName", hostile,
                "comment", hostile).holds()).isFalse();
        assertThat(eval(db, Vocabulary.COMMENT_IS, "schemaName", hostile, "tableName", hostile, "comment", hostile).holds()).isFalse();
        assertThat(db.value("SELECT count(*) FROM s.t")).isEqualTo("0");
    }
}
