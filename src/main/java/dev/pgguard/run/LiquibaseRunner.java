package dev.pgguard.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import liquibase.Scope;
import liquibase.command.CommandResults;
import liquibase.command.CommandScope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Runs Liquibase commands (update, updateSql, tag, rollback) on a JDBC connection through
 * Liquibase's {@link CommandScope} API, which is the same in 4.31, 4.33 and 5.0. The connection
 * stays open: the caller owns it.
 */
public final class LiquibaseRunner {

    private final Connection connection;
    private final ResourceAccessor resources;
    private final String changelog;
    private String contexts;
    private String labels;

    public LiquibaseRunner(Connection connection, ResourceAccessor resources, String changelog) {
        this.connection = connection;
        this.resources = resources;
        this.changelog = changelog;
    }

    public LiquibaseRunner contexts(String contexts) {
        this.contexts = contexts;
        return this;
    }

    public LiquibaseRunner labels(String labels) {
        this.labels = labels;
        return this;
    }

    public void update() throws LiquibaseException {
        run("update", Map.of(), null);
    }

    /** Writes the SQL that {@link #update()} would run (the DBA's preview) to {@code out}. */
    public void updateSql(Writer out) throws LiquibaseException {
        run("updateSql", Map.of(), out);
    }

    public void tag(String tag) throws LiquibaseException {
        run("tag", Map.of("tag", tag), null);
    }

    public void rollbackToTag(String tag) throws LiquibaseException {
        run("rollback", Map.of("tag", tag), null);
    }

    public void rollbackSqlToTag(String tag, Writer out) throws LiquibaseException {
        run("rollbackSql", Map.of("tag", tag), out);
    }

    public void rollbackCount(int count) throws LiquibaseException {
        run("rollbackCount", Map.of("count", count), null);
    }

    private CommandResults run(String command, Map<String, Object> args, Writer sqlOut) throws LiquibaseException {
        ByteArrayOutputStream buffer = sqlOut == null ? null : new ByteArrayOutputStream();
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put(Scope.Attr.resourceAccessor.name(), resources);
        scope.put(Scope.Attr.ui.name(), new LoggerUIService());
        try {
            return Scope.child(scope, () -> {
                Database database = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                CommandScope cmd = new CommandScope(command).addArgumentValue("database", database);
                if (!command.equals("tag")) {
                    cmd.addArgumentValue("changelogFile", changelog);
                    if (contexts != null) {
                        cmd.addArgumentValue("contexts", contexts);
                    }
                    if (labels != null) {
                        cmd.addArgumentValue("labelFilter", labels);
                    }
                }
                args.forEach(cmd::addArgumentValue);
                if (buffer != null) {
                    cmd.setOutput(buffer);
                }
                return cmd.execute();
            });
        } catch (LiquibaseException e) {
            throw e;
        } catch (Exception e) {
            throw new LiquibaseException(e.getMessage(), e);
        } finally {
            if (buffer != null) {
                try {
                    sqlOut.write(buffer.toString(StandardCharsets.UTF_8));
                    sqlOut.flush();
                } catch (IOException e) {
                    throw new LiquibaseException("cannot write the SQL output: " + e.getMessage(), e);
                }
            }
        }
    }
}
