package dev.pgguard.domains;

import dev.pgguard.api.MigrationReport;
import dev.pgguard.api.Pgguard;
import dev.pgguard.api.PgguardMigrationException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up migration README "atlas-openehr" shows, written as a service would: the lines
 * between the README markers are the README's code block, line for line ({@link AtlasOpenehrIT}
 * checks it and runs this).
 */
final class AtlasStartup {

    private static final Logger log = LoggerFactory.getLogger(AtlasStartup.class);

    private AtlasStartup() {
    }

    static MigrationReport migrate(DataSource dataSource, String atlasVersion) {
        // README:begin
        MigrationReport report;
        try {
            report = Pgguard.migration(dataSource, "atlas-openehr")
                    .tagBefore("atlas-" + atlasVersion)          // rollback --tag atlas-<version> returns here
                    .onChangeSet(o -> log.info("schema: {}", o))
                    .update();
        } catch (PgguardMigrationException e) {
            // a halt (not the owner, rows outside a CHECK, ...) has changed nothing: do not start
            log.error("schema migration halted: {}", e.getMessage());
            throw e;
        }
        if (!report.verified()) {
            throw new IllegalStateException("schema is not atlas-openehr's target:\n" + report.verify().orElseThrow().format());
        }
        log.info("schema: {}", report.summary());
        // README:end
        return report;
    }
}
