package dev.pgguard.run;

import java.io.ByteArrayOutputStream;
import java.io.Writer;
import java.nio.charset.Charset;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import liquibase.GlobalConfiguration;
import liquibase.Scope;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.changelog.FastCheckService;
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
        run("update", Map.of());
    }

    /**
     * Runs only the first {@code count} changesets not yet run (e.g. to leave a database as an
     * interrupted update would).
     */
    public void updateCount(int count) throws LiquibaseException {
        run("updateCount", Map.of("count", count));
    }

    /** Writes the SQL that update would run (preconditions with onSqlOutput: TEST are evaluated). */
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

    private void run(String command, Map<String, Object> args) throws LiquibaseException {
        run(command, args, null);
    }

    /**
     * Runs one command. SQL-producing commands write to the command's output stream (the hidden
     * {@code outputWriter} argument is ignored by Liquibase 4.31 to 5.0, and without an output
     * stream the script goes to {@code System.out}); it is collected and handed to {@code out}
     * once the command has succeeded, in Liquibase's output file encoding.
     */
    private CommandResults run(String command, Map<String, Object> args, Writer out) throws LiquibaseException {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put(Scope.Attr.resourceAccessor.name(), resources);
        scope.put(Scope.Attr.ui.name(), new LoggerUIService());
        try {
            return Scope.child(scope, () -> {
                // Liquibase remembers "this database is up to date" per URL and changelog for the whole JVM
                // (FastCheckService) and neither rollback nor another process's changes clear it: an update
                // after a rollback would then run nothing. Every command reads DATABASECHANGELOG afresh.
                Scope.getCurrentScope().getSingleton(FastCheckService.class).clearCache();
                // Liquibase 5 also keeps the history service of a Database it has seen; after a rollbackSql
                // (which updates that cache, not the table) a real rollback found nothing to roll back
                ChangeLogHistoryServiceFactory.getInstance().resetAll();
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
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                if (out != null) {
                    cmd.setOutput(bytes);
                }
                CommandResults results = cmd.execute();
                if (out != null) {
                    out.write(bytes.toString(Charset.forName(GlobalConfiguration.OUTPUT_FILE_ENCODING.getCurrentValue())));
                    out.flush();
                }
                return results;
            });
        } catch (LiquibaseException e) {
            throw e;
        } catch (Exception e) {
            throw new LiquibaseException(e.getMessage(), e);
        }
    }
}
