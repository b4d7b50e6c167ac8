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
import java.util.ArrayList;
import java.util.List;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;

/**
 * system-configuration decisions that need a targeted test beyond the battery: the new categories
 * are insertable into system_configurations.category, a key that is not a uuid halts naming its row,
 * SequelizeMeta is ignored, an administrator's seed value survives, configuration_history rows are
 * kept when "configurationId" becomes uuid, and the chronic_conditions.status mapping and its
 * rollback.
 */
class SystemConfigurationIT {

    static final String DOMAIN = "system-configuration";
    static final String CHANGELOG = "changelogs/system-configuration/changelog.yaml";
    static final String BASE = "base-state2.sql";
    static final String LEGACY_STATUS = "delta-chronic-status-legacy.sql";
    static final String STATE3 = "delta-state3-system-configurations.sql";

    static LiquibaseRunner runner(Connection c) {
        return new LiquibaseRunner(c, new ClassLoaderResourceAccessor(), CHANGELOG);
    }

    static void update(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            runner(c).update();
        }
    }

    static void tag(TestDatabase db, String tag) throws Exception {
        try (Connection c = db.connect()) {
            runner(c).tag(tag);
        }
    }

    static void rollbackTo(TestDatabase db, String tag) throws Exception {
        try (Connection c = db.connect()) {
            runner(c).rollbackToTag(tag);
        }
    }

    static void assertVerified(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            VerifyReport report = SchemaVerifier.verify(c, ExpectedSchema.forDomain(DOMAIN));
            assertThat(report.problems()).as(report.format()).isEmpty();
        }
    }

    @Test
    void newCategoriesAreInsertableIntoTheColumnAfterUpdate() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("sc_category")) {
            // state 6: "ConfigCategory" already has all 13 values, the column's auto-named type only 3
            Fixtures.load(db, DOMAIN, BASE, STATE3, "delta-state6-enhance-partial.sql");
            assertThat(db.value("SELECT pg_catalog.format_type(atttypid, atttypmod) FROM pg_attribute"
                    + " WHERE attrelid = 'public.system_configurations'::regclass AND attname = 'category'"))
                    .isEqualTo("enum_system_configurations_category");
            assertThatThrownBy(() -> db.execute("INSERT INTO public.system_configurations (key, value, category)"
                    + " VALUES ('PROBE', 'x', 'HEALTHCARE')"))
                    .as("the source's ALTER TYPE \"ConfigCategory\" does not reach the column")
                    .hasMessageContaining("invalid input value for enum");
            update(db);
            assertVerified(db);
            db.execute("INSERT INTO public.system_configurations (key, value, category, \"valueType\", scope)"
                    + " VALUES ('MEDICATION_REMINDER_MINUTES', '15', 'MEDICATION', 'NUMBER', 'SCHOOL'),"
                    + " ('HEALTHCARE_PROVIDER_NPI_REQUIRED', 'true', 'HEALTHCARE', 'BOOLEAN', 'SYSTEM')");
            assertThat(db.value("SELECT string_agg(category::text, ',' ORDER BY key) FROM public.system_configurations"
                    + " WHERE key IN ('MEDICATION_REMINDER_MINUTES', 'HEALTHCARE_PROVIDER_NPI_REQUIRED')"))
                    .isEqualTo("HEALTHCARE,MEDICATION");
        }
    }

    @Test
    void rollbackOfAddedCategoriesRefusesWhileARowUsesOne() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("sc_category_rb")) {
            Fixtures.load(db, DOMAIN, BASE, STATE3);
            tag(db, "before");
            update(db);
            db.execute("INSERT INTO public.system_configurations (key, value, category) VALUES ('SMS_PROVIDER', 'twilio', 'SMS')");
            assertThatThrownBy(() -> rollbackTo(db, "before")).hasStackTraceContaining("rollback refused: 1 rows of");
            db.execute("DELETE FROM public.system_configurations WHERE key = 'SMS_PROVIDER'");
            rollbackTo(db, "before");
            assertThat(db.value("SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum"
                    + " WHERE enumtypid = 'public.enum_system_configurations_category'::regtype"))
                    .as("the 10 added labels are gone again").isEqualTo("GENERAL,SECURITY,NOTIFICATION");
            assertThat(db.value("SELECT count(*) FROM public.system_configurations")).isEqualTo("12");
        }
    }

    @Test
    void aKeyThatIsNotAUuidHaltsBeforeAnyChangeAndNamesTheRow() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("sc_non_uuid")) {
            Fixtures.load(db, DOMAIN, BASE, "delta-state4-original-health.sql", "delta-state4-non-uuid-id.sql");
            String tables = "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                    + " AND relkind IN ('r', 'i') AND relname NOT LIKE 'databasechangelog%'";
            String before = db.value(tables);
            assertThatThrownBy(() -> update(db)).hasStackTraceContaining("public.vaccinations")
                    .hasStackTraceContaining("'vacc-legacy-0001' (1)");
            assertThat(db.value(tables)).as("no table or index created besides Liquibase's own").isEqualTo(before);
            assertThat(db.value("SELECT count(*) FROM databasechangelog")).isEqualTo("0");
            assertThat(db.value("SELECT pg_catalog.format_type(atttypid, atttypmod) FROM pg_attribute"
                    + " WHERE attrelid = 'public.vaccinations'::regclass AND attname = 'id'")).isEqualTo("character varying(255)");
        }
    }

    @Test
    void originalVarcharKeysBecomeUuidAndRollBackToTheSameText() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("sc_varchar_ids")) {
            Fixtures.load(db, DOMAIN, BASE, "delta-state4-original-health.sql");
            String keys = "SELECT string_agg(id::text || '/' || \"studentId\"::text || '/' || coalesce(\"healthRecordId\"::text, '-'), ',' ORDER BY id::text)"
                    + " FROM public.vaccinations";
            String before = db.value(keys);
            tag(db, "before");
            update(db);
            assertVerified(db);
            assertThat(db.value(keys)).isEqualTo(before);
            assertThat(db.value("SELECT count(*) FROM public.vaccinations v JOIN public.students s ON s.id = v.\"studentId\""))
                    .as("the keys now join as uuid").isEqualTo("2");
            rollbackTo(db, "before");
            assertThat(db.value("SELECT pg_catalog.format_type(atttypid, atttypmod) FROM pg_attribute"
                    + " WHERE attrelid = 'public.vital_signs'::regclass AND attname = 'appointmentId'")).isEqualTo("character varying(255)");
            assertThat(db.value(keys)).isEqualTo(before);
        }
    }

    @Test
    void sequelizeMetaIsIgnored() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("sc_sequelize_meta")) {
            Fixtures.load(db, DOMAIN, BASE, "delta-state5-sequelize-meta.sql");
            update(db);
            assertVerified(db);
            assertThat(db.value("SELECT count(*) FROM databasechangelog WHERE exectype = 'EXECUTED' AND id LIKE '009-%'"))
                    .as("SequelizeMeta claims 20251009013303 ran; the catalog says it did not").isNotEqualTo("0");
            assertThat(db.value("SELECT count(*) FROM public.\"SequelizeMeta\"")).isEqualTo("8");
        }
    }

    @Test
    void anAdministratorsSeedValueSurvivesAndMissingSeedsAreAdded() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("sc_seed")) {
            Fixtures.load(db, DOMAIN, BASE, STATE3);
            db.execute("DELETE FROM public.system_configurations WHERE key = 'MAINTENANCE_MODE'");
            update(db);
            assertVerified(db);
            assertThat(db.value("SELECT value FROM public.system_configurations WHERE key = 'MAX_LOGIN_ATTEMPTS'")).isEqualTo("3");
            assertThat(db.value("SELECT count(*) FROM public.system_configurations")).isEqualTo("12");
            assertThat(db.value("SELECT value || ' ' || id FROM public.system_configurations WHERE key = 'MAINTENANCE_MODE'"))
                    .as("the missing seed is inserted with its deterministic id")
                    .isEqualTo("false " + db.value("SELECT md5('system_configurations:MAINTENANCE_MODE')::uuid"));
        }
    }

    @Test
    void configurationHistoryRowsAreKeptWhenConfigurationIdBecomesUuid() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("sc_history")) {
            Fixtures.load(db, DOMAIN, BASE, STATE3, "delta-state6-enhance-partial.sql");
            String rows = "SELECT string_agg(id || '=' || \"configurationId\"::text, ',' ORDER BY id) FROM public.configuration_history";
            String before = db.value(rows);
            tag(db, "before");
            update(db);
            assertVerified(db);
            assertThat(db.value(rows)).isEqualTo(before);
            assertThat(db.value("SELECT count(*) FROM public.configuration_history h JOIN public.system_configurations s"
                    + " ON s.id = h.\"configurationId\"")).isEqualTo("2");
            rollbackTo(db, "before");
            assertThat(db.value("SELECT pg_catalog.format_type(atttypid, atttypmod) FROM pg_attribute"
                    + " WHERE attrelid = 'public.configuration_history'::regclass AND attname = 'configurationId'")).isEqualTo("text");
            assertThat(db.value(rows)).isEqualTo(before);
        }
    }

    @Test
    void chronicConditionStatusMappingAndItsRollback() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("sc_status")) {
            Fixtures.load(db, DOMAIN, BASE, LEGACY_STATUS);
            String statuses = "SELECT string_agg(\"conditionName\" || '=' || status::text, ',' ORDER BY \"conditionName\")"
                    + " FROM public.chronic_conditions";
            assertThat(db.value(statuses)).isEqualTo("ADHD=MANAGED,Asthma=ACTIVE,Eczema=INACTIVE,Type 1 diabetes=Under review");
            tag(db, "before");
            update(db);
            assertVerified(db);
            assertThat(db.value(statuses)).as("INACTIVE kept (decision), a value outside the type becomes ACTIVE")
                    .isEqualTo("ADHD=MANAGED,Asthma=ACTIVE,Eczema=INACTIVE,Type 1 diabetes=ACTIVE");
            assertThat(db.value("SELECT count(*) FROM public.pgguard_010_chronic_conditions_status")).isEqualTo("1");
            rollbackTo(db, "before");
            assertThat(db.value(statuses)).as("rollback restores the free-text value")
                    .isEqualTo("ADHD=MANAGED,Asthma=ACTIVE,Eczema=INACTIVE,Type 1 diabetes=Under review");
            assertThat(db.value("SELECT pg_catalog.format_type(atttypid, atttypmod) || ' ' || pg_get_expr(adbin, adrelid)"
                    + " FROM pg_attribute JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum"
                    + " WHERE attrelid = 'public.chronic_conditions'::regclass AND attname = 'status'"))
                    .isEqualTo("character varying(50) 'ACTIVE'::character varying");
            assertThat(db.value("SELECT to_regclass('public.pgguard_010_chronic_conditions_status') IS NULL")).isEqualTo("t");
        }
    }

    /**
     * Issue 9: status becomes "ConditionStatus" without rewriting chronic_conditions (same
     * relfilenode), and rows written while the conversion runs (after the batches, before the swap)
     * keep their value through the trigger: an update to a type value, an update to free text
     * (ACTIVE by the mapping rule) and a new row.
     */
    @Test
    void statusConversionRewritesNothingAndWritesDuringItKeepTheirValue() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("sc_status_swap")) {
            Fixtures.load(db, DOMAIN, BASE, LEGACY_STATUS);
            String relfilenode = db.value("SELECT relfilenode FROM pg_class WHERE oid = 'public.chronic_conditions'::regclass");
            String statuses = "SELECT string_agg(\"conditionName\" || '=' || status::text, ',' ORDER BY \"conditionName\")"
                    + " FROM public.chronic_conditions";
            List<String> afterBatches = new ArrayList<>();
            try (Connection c = db.connect()) {
                runner(c).update(new AbstractChangeExecListener() {
                    @Override
                    public void ran(ChangeSet changeSet, DatabaseChangeLog log, Database database, ChangeSet.ExecType type) {
                        if (changeSet.getId().equals("010-update-batches-chronic_conditions.pgguard_010_status")) {
                            afterBatches.add(db.value("SELECT count(*) FROM public.chronic_conditions WHERE pgguard_010_status IS NULL"));
                            db.execute("""
                                    UPDATE public.chronic_conditions SET status = 'RESOLVED' WHERE "conditionName" = 'Asthma';
                                    UPDATE public.chronic_conditions SET status = 'on hold' WHERE "conditionName" = 'ADHD';
                                    INSERT INTO public.chronic_conditions (id, "studentId", "conditionName", "diagnosedDate", status)
                                      SELECT md5('migraine')::uuid, "studentId", 'Migraine', "diagnosedDate", 'MONITORING'
                                        FROM public.chronic_conditions WHERE "conditionName" = 'Asthma';
                                    """);
                        }
                    }
                });
            }
            assertThat(afterBatches).as("the batches filled every row").containsExactly("0");
            assertVerified(db);
            assertThat(db.value(statuses)).isEqualTo("ADHD=ACTIVE,Asthma=RESOLVED,Eczema=INACTIVE,Migraine=MONITORING,Type 1 diabetes=ACTIVE");
            assertThat(db.value("SELECT relfilenode FROM pg_class WHERE oid = 'public.chronic_conditions'::regclass"))
                    .as("no rewrite").isEqualTo(relfilenode);
            assertThat(db.value("SELECT format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull || ' ' || pg_get_expr(d.adbin, d.adrelid)"
                    + " FROM pg_attribute a JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    + " WHERE a.attrelid = 'public.chronic_conditions'::regclass AND a.attname = 'status'"))
                    .isEqualTo("\"ConditionStatus\" true 'ACTIVE'::\"ConditionStatus\"");
            assertThat(db.value("SELECT pg_get_indexdef('public.chronic_conditions_status_idx'::regclass)"))
                    .isEqualTo("CREATE INDEX chronic_conditions_status_idx ON public.chronic_conditions USING btree (status)");
            assertThat(db.value("SELECT (SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.chronic_conditions'::regclass"
                    + " AND attname = 'pgguard_010_status') + (SELECT count(*) FROM pg_trigger WHERE tgname = 'pgguard_010_status')"
                    + " + (SELECT count(*) FROM pg_proc WHERE proname = 'pgguard_010_chronic_conditions_status')"
                    + " + (SELECT count(*) FROM pg_constraint WHERE conname = 'pgguard_010_status_not_null')"))
                    .as("shadow column, trigger, function and check are gone").isEqualTo("0");
        }
    }

    /** A view on the old column would be dropped with it: the swap halts naming it, changes nothing of its own, and converges once the view is gone. */
    @Test
    void aViewOnStatusHaltsTheSwapNamingItThenTheUpdateConverges() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("sc_status_view")) {
            Fixtures.load(db, DOMAIN, BASE);
            db.execute("CREATE VIEW public.active_conditions AS SELECT id FROM public.chronic_conditions WHERE status = 'ACTIVE'");
            assertThatThrownBy(() -> update(db))
                    .hasStackTraceContaining("view active_conditions")
                    .hasStackTraceContaining("depend(s) on chronic_conditions.status and would be dropped with the old varchar column");
            assertThat(db.value("SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                    + " WHERE attrelid = 'public.chronic_conditions'::regclass AND attname = 'status'")).isEqualTo("character varying(50)");
            assertThat(db.value("SELECT count(*) FROM public.chronic_conditions WHERE pgguard_010_status IS NULL")).isEqualTo("0");
            db.execute("DROP VIEW public.active_conditions");
            update(db);
            assertVerified(db);
        }
    }

    @Test
    void emptyDatabaseConverges() throws Exception {
        try (TestDatabase db = PgServer.get().createDatabase("sc_empty")) {
            update(db);
            assertVerified(db);
            assertThat(db.value("SELECT count(*) FROM public.system_configurations")).isEqualTo("12");
        }
    }
}
