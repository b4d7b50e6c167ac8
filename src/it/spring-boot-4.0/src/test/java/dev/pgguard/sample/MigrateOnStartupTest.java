package dev.pgguard.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.verify.ExpectedSchema;
import dev.pgguard.verify.SchemaVerifier;
import dev.pgguard.verify.VerifyReport;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import liquibase.util.LiquibaseUtil;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the application on the packet-workflow production state: Spring Boot runs the changelog,
 * the schema verifies, and a second start changes nothing.
 */
class MigrateOnStartupTest {

    private static final String CHANGELOG_ROWS = "SELECT count(*) || ' ' || string_agg(id || ':' || exectype || ':' || orderexecuted"
            + " || ':' || dateexecuted || ':' || md5sum, ',' ORDER BY orderexecuted) FROM public.databasechangelog";

    @Test
    void startMigratesTheProductionStateAndARestartIsANoOp() throws Exception {
        String expected = System.getProperty("expected.liquibase.version");
        assertEquals(expected, LiquibaseUtil.getBuildVersion(), "the Liquibase version the Spring Boot BOM manages");

        String afterFirstStart;
        try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class)) {
            assertEquals("classpath:changelogs/packet-workflow/changelog.yaml",
                    context.getBean(SpringLiquibase.class).getChangeLog(), "Spring Boot's Liquibase bean");
            try (Connection c = context.getBean(DataSource.class).getConnection()) {
                VerifyReport report = SchemaVerifier.verify(c, ExpectedSchema.forDomain("packet-workflow"));
                assertTrue(report.passed(), report.format());
                assertEquals("0", value(c, "SELECT count(*) FROM public.databasechangelog WHERE liquibase <> '" + expected + "'"),
                        "every changeset recorded by Liquibase " + expected);
                assertTrue(Integer.parseInt(value(c, "SELECT count(*) FROM public.databasechangelog WHERE exectype = 'MARK_RAN'")) > 0,
                        "what production already had is recorded MARK_RAN");
                assertEquals("1", value(c, "SELECT count(*) FROM public.databasechangelog"
                        + " WHERE id = '021-add-column-send_integration.correlation_id' AND exectype = 'EXECUTED'"));
                afterFirstStart = value(c, CHANGELOG_ROWS);
            }
        }

        try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class);
                Connection c = context.getBean(DataSource.class).getConnection()) {
            assertEquals(afterFirstStart, value(c, CHANGELOG_ROWS), "a restart runs no changeset");
            VerifyReport report = SchemaVerifier.verify(c, ExpectedSchema.forDomain("packet-workflow"));
            assertTrue(report.passed(), report.format());
        }
    }

    private static String value(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }
}
