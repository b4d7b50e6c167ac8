package dev.pgguard.testkit;

import java.sql.SQLException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/** Starts PostgreSQL in a container; only when asked for and a Docker engine answers. */
final class TestcontainersProvider {

    private TestcontainersProvider() {
    }

    static PgServer start(int major) throws SQLException {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        if (!docker) {
            throw new IllegalStateException("-Dpgguard.test.provider=testcontainers was given but no Docker engine answers; "
                    + "start one, or drop the property to use the embedded PostgreSQL, or set PGGUARD_TEST_JDBC_URL");
        }
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:" + major);
        container.start();
        return PgServer.containerServer(container.getHost(), container.getMappedPort(5432), container.getUsername(),
                container.getPassword(), container.getDatabaseName(), container::stop);
    }
}
