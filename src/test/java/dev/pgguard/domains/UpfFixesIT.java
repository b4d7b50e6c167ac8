package dev.pgguard.domains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgguard.run.LiquibaseRunner;
import dev.pgguard.testkit.PgServer;
import dev.pgguard.testkit.TestDatabase;
import dev.pgguard.verify.ExpectedSchema;
import dev.pgguard.verify.SchemaVerifier;
import dev.pgguard.verify.VerifyReport;
import java.sql.Connection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * upf-fixes decisions that need a targeted test beyond the battery: the case-insensitive status
 * CHECK and its halt, the convergence of import_jobs' FKs from every starting shape (orphans halt
 * with their ids), created_by vs user_id, and the trigger function's replace and exact restore.
 */
class UpfFixesIT {

    static final String CHANGELOG = "changelogs/upf-fixes/changelog.yaml";
    static final String DOMAIN = "upf-fixes";
    static final String TAG = "before-upf";

    /** Every FK of import_jobs: name, definition, validated. */
    static final String IMPORT_JOBS_FKS = "SELECT coalesce(string_agg(conname || ' ' || pg_get_constraintdef(oid) || ' validated='"
            + " || convalidated, '; ' ORDER BY conname), '') FROM pg_constraint"
            + " WHERE conrelid = 'public.import_jobs'::regclass AND contype = 'f'";

    /** The column layout of public, to show a halted update changed nothing. */
    static final String SCHEMA_SHAPE = "SELECT string_agg(table_name || '.' || column_name || ':' || data_type, ','"
            + " ORDER BY table_name, column_name) FROM information_schema.columns WHERE table_schema = 'public'"
            + " AND table_name NOT LIKE 'databasechangelog%'";

    static final String FUNCTION_DEF = "SELECT pg_get_functiondef('public.update_import_jobs_updated_at()'::regprocedure)";

    static LiquibaseRunner runner(Connection c) {
        return new LiquibaseRunner(c, new ClassLoaderResourceAccessor(), CHANGELOG);
    }

    static void update(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            runner(c).update();
        }
    }

    static void tag(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            runner(c).tag(TAG);
        }
    }

    static void rollback(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            runner(c).rollbackToTag(TAG);
        }
    }

    static void assertVerified(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            VerifyReport report = SchemaVerifier.verify(c, ExpectedSchema.forDomain(DOMAIN));
            assertThat(report.problems()).as(report.format()).isEmpty();
        }
    }

    static String exectype(TestDatabase db, String id) {
        return db.value("SELECT exectype FROM databasechangelog WHERE id = '" + id + "'");
    }

    // ---------------------------------------------------------------- status CHECK

    @Test
    void statusOutsideTheElevenValuesHaltsBeforeAnyChangeListingValuesAndCounts() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("upf_bad_status")) {
            Fixtures.load(db, DOMAIN, "base.sql", "upf.sql", "delta-bad-status.sql");
            String before = db.value(SCHEMA_SHAPE);
            assertThatThrownBy(() -> update(db))
                    .hasStackTraceContaining("5 rows of public.production_lots match")
                    .hasStackTraceContaining("'On Hold' (3)")
                    .hasStackTraceContaining("'Shipped' (2)");
            assertThat(db.value(SCHEMA_SHAPE)).as("nothing changed").isEqualTo(before);
            assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname IN ('import_jobs', 'pgguard_upf_002_production_lots_status_check')"))
                    .as("no table created, no backup taken").isEqualTo("0");
            assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'databasechangelog'"
                    + " AND relnamespace = 'public'::regnamespace")).as("no changeset ran").isIn("0", "1");
            if (db.value("SELECT to_regclass('public.databasechangelog') IS NOT NULL").equals("t")) {
                assertThat(db.value("SELECT count(*) FROM databasechangelog")).isEqualTo("0");
            }
        }
    }

    @Test
    void titleCaseStatusesPassTheCaseInsensitiveCheckWhichIsValidatedAndRestoredOnRollback() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("upf_status_ci")) {
            Fixtures.load(db, DOMAIN, "base.sql", "upf.sql");
            String check = "SELECT pg_get_constraintdef(oid) || ' validated=' || convalidated FROM pg_constraint"
                    + " WHERE conrelid = 'public.production_lots'::regclass AND conname = 'production_lots_status_check'";
            String before = db.value(check);
            assertThat(before).contains("'In Progress'::character varying");
            tag(db);
            update(db);
            assertVerified(db);
            assertThat(db.value(check)).contains("lower((status)::text)").contains("'in_progress'::text").endsWith("validated=true");
            assertThat(db.value("SELECT count(*) FROM production_lots WHERE status = 'In Progress'"))
                    .as("title-case values kept, not rewritten").isNotEqualTo("0");
            db.execute("UPDATE production_lots SET status = 'in_progress' WHERE id = 1");
            assertThatThrownBy(() -> db.execute("UPDATE production_lots SET status = 'On Hold' WHERE id = 2"))
                    .hasStackTraceContaining("production_lots_status_check");
            assertThat(exectype(db, "002-replace-constraint-production_lots.production_lots_status_check")).isEqualTo("EXECUTED");
            assertThat(exectype(db, "002-validate-constraint-production_lots.production_lots_status_check")).isEqualTo("EXECUTED");
            db.execute("UPDATE production_lots SET status = 'In Progress' WHERE id = 1");
            rollback(db);
            assertThat(db.value(check)).as("the title-case CHECK comes back exactly").isEqualTo(before);
        }
    }

    @Test
    void rollbackFailsRatherThanLoseTheOldCheckWhenRowsWrittenSinceAreOutsideIt() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("upf_status_rollback")) {
            Fixtures.load(db, DOMAIN, "base.sql", "upf.sql");
            tag(db);
            update(db);
            db.execute("UPDATE production_lots SET status = 'archived' WHERE id = 3");
            assertThatThrownBy(() -> rollback(db)).hasStackTraceContaining("production_lots_status_check");
            assertThat(db.value("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'production_lots_status_check'"))
                    .as("the failed rollback changed nothing").contains("lower(");
        }
    }

    // ---------------------------------------------------------------- import_jobs FKs

    @ParameterizedTest
    @ValueSource(strings = {"none", "broken", "both", "duplicates", "duplicates-not-valid", "three"})
    void importJobsForeignKeysConvergeToExactlyOneValidFkAndRollBackExactly(String shape) throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("upf_fk_" + shape.replace('-', '_'))) {
            Fixtures.load(db, DOMAIN, "base.sql", "upf.sql", "delta-import-jobs-broken-fk.sql");
            switch (shape) {
                case "none" -> db.execute("ALTER TABLE import_jobs DROP CONSTRAINT fk_user");
                case "broken" -> { }
                case "both" -> Fixtures.load(db, DOMAIN, "delta-both-fks.sql");
                case "duplicates" -> db.execute("""
                        ALTER TABLE import_jobs DROP CONSTRAINT fk_user;
                        ALTER TABLE import_jobs ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (user_id) ON DELETE CASCADE;
                        ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (user_id);
                        """);
                case "duplicates-not-valid" -> db.execute("""
                        ALTER TABLE import_jobs DROP CONSTRAINT fk_user;
                        ALTER TABLE import_jobs ADD CONSTRAINT a_user FOREIGN KEY (user_id) REFERENCES users (user_id) NOT VALID;
                        ALTER TABLE import_jobs ADD CONSTRAINT b_user FOREIGN KEY (user_id) REFERENCES users (user_id) ON DELETE CASCADE NOT VALID;
                        """);
                case "three" -> db.execute("""
                        ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (user_id) ON DELETE CASCADE;
                        ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_user_id_fkey1 FOREIGN KEY (user_id) REFERENCES users (user_id) ON DELETE CASCADE;
                        """);
                default -> throw new IllegalArgumentException(shape);
            }
            String before = db.value(IMPORT_JOBS_FKS);
            String rows = db.value("SELECT count(*) || ':' || sum(user_id) FROM import_jobs");
            tag(db);
            update(db);
            assertVerified(db);
            String after = db.value(IMPORT_JOBS_FKS);
            assertThat(after.split("; ")).as("exactly one FK on import_jobs after update (%s); was: %s", shape, before)
                    .hasSize(1);
            assertThat(after).contains("FOREIGN KEY (user_id) REFERENCES users(user_id)").endsWith("validated=true");
            switch (shape) {
                case "none", "broken" -> assertThat(after).startsWith("fk_user ").contains("ON DELETE CASCADE");
                case "both" -> assertThat(after).startsWith("import_jobs_user_id_fkey ");
                case "duplicates" -> assertThat(after).as("of two validated, the one named fk_user is kept").startsWith("fk_user ");
                case "three" -> assertThat(after).as("the broken fk_user dropped, then the first valid one by name kept")
                        .startsWith("import_jobs_user_id_fkey ");
                case "duplicates-not-valid" -> assertThat(after).as("the first by name, validated").startsWith("a_user ");
                default -> throw new IllegalArgumentException(shape);
            }
            assertThat(db.value("SELECT count(*) || ':' || sum(user_id) FROM import_jobs")).as("no job deleted or changed")
                    .isEqualTo(rows);
            update(db);
            assertThat(db.value(IMPORT_JOBS_FKS)).as("a second update changes nothing").isEqualTo(after);
            rollback(db);
            assertThat(db.value(IMPORT_JOBS_FKS)).as("rollback gives back the FKs of shape %s exactly", shape).isEqualTo(before);
            assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname LIKE 'pgguard\\_upf\\_001\\_%'")).as("backups dropped")
                    .isEqualTo("0");
        }
    }

    @Test
    void importJobsReferencingMissingUsersHaltWithTheirIdsAndAreKept() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("upf_fk_orphans")) {
            Fixtures.load(db, DOMAIN, "base.sql", "upf.sql", "delta-import-jobs-broken-fk.sql", "delta-orphan-jobs.sql");
            String before = db.value(SCHEMA_SHAPE);
            assertThatThrownBy(() -> update(db))
                    .hasStackTraceContaining("3 rows of public.import_jobs match")
                    .hasStackTraceContaining("'9001' (2)")
                    .hasStackTraceContaining("'9002' (1)");
            assertThat(db.value(SCHEMA_SHAPE)).as("nothing changed").isEqualTo(before);
            assertThat(db.value("SELECT count(*) FROM import_jobs WHERE user_id IN (9001, 9002)")).as("orphans kept, not deleted")
                    .isEqualTo("3");
            assertThat(db.value(IMPORT_JOBS_FKS)).isEmpty();
        }
    }

    @Test
    void brokenFkIsNotRepointedWhenUsersIdDiffersFromUserId() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("upf_fk_id_differs")) {
            Fixtures.load(db, DOMAIN, "base.sql", "upf.sql", "delta-import-jobs-broken-fk.sql");
            // users.id and users.user_id disagree for two users: jobs naming users(id) 3 and 4 would
            // silently change owner if the FK were re-pointed at users(user_id)
            db.execute("""
                    ALTER TABLE import_jobs DROP CONSTRAINT fk_user;
                    UPDATE users SET id = -3 WHERE user_id = 3;
                    UPDATE users SET id = 3 WHERE user_id = 4;
                    UPDATE users SET id = 4 WHERE user_id = 3;
                    ALTER TABLE import_jobs ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
                    """);
            String fks = db.value(IMPORT_JOBS_FKS);
            String jobs = db.value("SELECT count(*) FROM import_jobs WHERE user_id IN (3, 4)");
            assertThatThrownBy(() -> update(db))
                    .hasStackTraceContaining(jobs + " rows of public.import_jobs match (EXISTS (SELECT 1 FROM public.users u WHERE u.id")
                    .hasStackTraceContaining("user_id values: '3' (");
            assertThat(db.value(IMPORT_JOBS_FKS)).as("the broken FK is left as it was").isEqualTo(fks);
        }
    }

    // ---------------------------------------------------------------- created_by vs user_id

    @Test
    void userIdInsteadOfCreatedByKeepsUserIdAndRollbackRestoresItsNotNull() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("upf_user_id")) {
            Fixtures.load(db, DOMAIN, "base.sql", "upf.sql", "delta-import-jobs-broken-fk.sql", "delta-user-id.sql");
            String userIds = db.value("SELECT string_agg(id || '=' || user_id, ',' ORDER BY id) FROM production_lots");
            tag(db);
            update(db);
            assertVerified(db);
            assertThat(db.value("SELECT string_agg(id || '=' || user_id, ',' ORDER BY id) FROM production_lots"))
                    .as("user_id values untouched").isEqualTo(userIds);
            assertThat(db.value("SELECT count(*) FROM production_lots WHERE created_by IS NOT NULL"))
                    .as("created_by added empty: user_id is not copied").isEqualTo("0");
            assertThat(db.value("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'production_lots'"
                    + " AND column_name = 'user_id'")).isEqualTo("YES");
            rollback(db);
            assertThat(db.value("SELECT count(*) FROM information_schema.columns WHERE table_name = 'production_lots'"
                    + " AND column_name = 'created_by'")).as("created_by, added by pgguard, dropped").isEqualTo("0");
            assertThat(db.value("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'production_lots'"
                    + " AND column_name = 'user_id'")).isEqualTo("NO");
            assertThat(db.value("SELECT string_agg(id || '=' || user_id, ',' ORDER BY id) FROM production_lots")).isEqualTo(userIds);
        }
    }

    @Test
    void preExistingCreatedByIsNeverDroppedByRollbackAndUserIdBesideItIsKept() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("upf_both_columns")) {
            Fixtures.load(db, DOMAIN, "base.sql", "upf.sql");
            // both columns, both with values (spec 3.2 "instead of (or besides)")
            db.execute("ALTER TABLE production_lots ADD COLUMN user_id integer NOT NULL DEFAULT 1;"
                    + " UPDATE production_lots SET user_id = 1 + id % 3");
            String values = "SELECT string_agg(id || ':' || coalesce(created_by::text, '-') || ':' || user_id, ',' ORDER BY id)"
                    + " FROM production_lots";
            String before = db.value(values);
            tag(db);
            update(db);
            assertVerified(db);
            assertThat(exectype(db, "002-add-column-production_lots.created_by")).isEqualTo("MARK_RAN");
            assertThat(db.value(values)).as("neither column lost or changed").isEqualTo(before);
            rollback(db);
            assertThat(db.value(values)).as("rollback keeps the pre-existing created_by and its values").isEqualTo(before);
            assertThat(db.value("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'production_lots'"
                    + " AND column_name = 'user_id'")).isEqualTo("NO");
        }
    }

    // ---------------------------------------------------------------- trigger function

    @Test
    void aDifferentFunctionBodyIsReplacedAndRollbackRestoresItExactly() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("upf_fn_replace")) {
            Fixtures.load(db, DOMAIN, "base.sql", "upf.sql", "delta-import-jobs-broken-fk.sql", "delta-duplicate-fks.sql");
            String before = db.value(FUNCTION_DEF);
            assertThat(before).contains("clock_timestamp()");
            tag(db);
            update(db);
            assertVerified(db);
            assertThat(exectype(db, "001-create-function-update_import_jobs_updated_at")).isEqualTo("EXECUTED");
            assertThat(db.value(FUNCTION_DEF)).contains("NEW.updated_at = NOW();").doesNotContain("clock_timestamp");
            String xmin = db.value("SELECT xmin FROM pg_proc WHERE oid = 'public.update_import_jobs_updated_at()'::regprocedure");
            db.execute("UPDATE import_jobs SET updated_at = '2000-01-01' WHERE id = 1;"
                    + " UPDATE import_jobs SET status = 'completed' WHERE id = 1");
            assertThat(db.value("SELECT updated_at > '2020-01-01' FROM import_jobs WHERE id = 1")).as("the trigger sets updated_at")
                    .isEqualTo("t");
            update(db);
            assertThat(db.value("SELECT xmin FROM pg_proc WHERE oid = 'public.update_import_jobs_updated_at()'::regprocedure"))
                    .as("a second update does not touch the function").isEqualTo(xmin);
            rollback(db);
            assertThat(db.value(FUNCTION_DEF)).as("the hand-patched body comes back exactly").isEqualTo(before);
            assertThat(db.value("SELECT count(*) FROM pg_trigger WHERE tgname = 'trigger_update_import_jobs_updated_at'"))
                    .as("the pre-existing trigger stays").isEqualTo("1");
        }
    }

    @Test
    void theSourceBodyIsRecordedMarkRanAndLeftAsItIs() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("upf_fn_same")) {
            Fixtures.load(db, DOMAIN, "base.sql", "upf.sql", "delta-import-jobs-broken-fk.sql");
            String before = db.value(FUNCTION_DEF);
            update(db);
            assertThat(exectype(db, "001-create-function-update_import_jobs_updated_at")).isEqualTo("MARK_RAN");
            assertThat(db.value(FUNCTION_DEF)).isEqualTo(before);
        }
    }

    @Test
    void onAnEmptyDatabaseTheFunctionAndTriggerAreCreatedAndRollbackDropsThem() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("upf_fn_empty")) {
            tag(db);
            update(db);
            assertVerified(db);
            assertThat(db.value("SELECT count(*) FROM pg_trigger WHERE tgname = 'trigger_update_import_jobs_updated_at'")).isEqualTo("1");
            rollback(db);
            assertThat(db.value("SELECT count(*) FROM pg_proc WHERE proname = 'update_import_jobs_updated_at'")).isEqualTo("0");
            assertThat(db.value("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                    + " AND relname NOT LIKE 'databasechangelog%'")).as("nothing of the domain left").isEqualTo("0");
        }
    }
}
