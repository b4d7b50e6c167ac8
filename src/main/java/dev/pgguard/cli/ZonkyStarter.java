package dev.pgguard.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;

/** The only class that links to zonky; loaded only after {@link EmbeddedServer#available()}. */
final class ZonkyStarter {

    private ZonkyStarter() {
    }

    static EmbeddedServer start(Path dataDirectory) throws IOException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .start();
        return new EmbeddedServer(pg, pg.getPort(), dataDirectory);
    }
}
