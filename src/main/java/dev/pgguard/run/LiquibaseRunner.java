package dev.pgguard.run;

import java.io.ByteArrayOutputStream;
import java.io.Writer;
import java.nio.charset.Charset;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import liquibase.Contexts;
import liquibase.GlobalConfiguration;
import liquibase.LabelExpression;
import liquibase.RuntimeEnvironment;
import liquibase.changelog.ChangeLogIterator;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.filter.ContextChangeSetFilter;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.changelog.filter.IgnoreChangeSetFilter;
import liquibase.changelog.filter.LabelChangeSetFilter;
import liquibase.changelog.filter.ShouldRunChangeSetFilter;
import liquibase.changelog.visitor.ListVisitor;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.ChangeExecListener;
import liquibase.changelog.visitor.DefaultChangeExecListener;
import liquibase.exception.PreconditionErrorException;
import liquibase.exception.PreconditionFailedException;
import liquibase.precondition.core.PreconditionContainer;
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

    /** The update and rollback commands' argument for a ChangeExecListener (4.31 to 5.0). */
    private static final String LISTENER = "changeExecListener";

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
     * Update, telling {@code listener} what each changeset does (see {@link OutcomeRecorder}). The
     * listener is wrapped in Liquibase's default one, so Liquibase's own summary and logs still work.
     */
    public void update(ChangeExecListener listener) throws LiquibaseException {
        run("update", Map.of(LISTENER, new DefaultChangeExecListener(listener)));
    }

    /** {@link #updateCount(int)} with a listener. */
    public void updateCount(int count, ChangeExecListener listener) throws LiquibaseException {
        run("updateCount", Map.of("count", count, LISTENER, new DefaultChangeExecListener(listener)));
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

    /** Rollback to a tag, telling {@code listener} each changeset rolled back. */
    public void rollbackToTag(String tag, ChangeExecListener listener) throws LiquibaseException {
        run("rollback", Map.of("tag", tag, LISTENER, new DefaultChangeExecListener(listener)), null);
    }

    public void rollbackCount(int count, ChangeExecListener listener) throws LiquibaseException {
        run("rollbackCount", Map.of("count", count, LISTENER, new DefaultChangeExecListener(listener)), null);
    }

    /**
     * What an update would do now: the changelog's preflight and every changeset not yet in
     * DATABASECHANGELOG (after contexts and labels), each with its guard evaluated against the
     * database as it is now — as an {@code updateSQL} preview evaluates them. Changes nothing
     * (DATABASECHANGELOG is not created when absent).
     */
    public PendingStatus status() throws LiquibaseException {
        return inScope(() -> {
            Database database = database();
            Contexts ctx = new Contexts(contexts);
            LabelExpression lbl = new LabelExpression(labels);
            // parsed and filtered as the status command does, but without validating first: validation
            // checks the changelog's preconditions and would throw where the preflight halts
            DatabaseChangeLog log = ChangeLogParserFactory.getInstance().getParser(changelog, resources)
                    .parse(changelog, new ChangeLogParameters(database), resources);
            ListVisitor unrunVisitor = new ListVisitor();
            new ChangeLogIterator(log, new ShouldRunChangeSetFilter(database), new ContextChangeSetFilter(ctx),
                    new LabelChangeSetFilter(lbl), new DbmsChangeSetFilter(database), new IgnoreChangeSetFilter())
                    .run(unrunVisitor, new RuntimeEnvironment(database, ctx, lbl));
            List<ChangeSet> unrun = unrunVisitor.getSeenChangeSets();
            PendingStatus.Verdict preflight = evaluate(log.getPreconditions(), database, log, null);
            List<PendingStatus.Pending> pending = new ArrayList<>();
            for (ChangeSet cs : unrun) {
                PendingStatus.Verdict v = evaluate(cs.getPreconditions(), database, log, cs);
                pending.add(new PendingStatus.Pending(cs.getId(), cs.getAuthor(), cs.getFilePath(), v.kind(), v.message()));
            }
            return new PendingStatus(preflight, pending);
        });
    }

    private static PendingStatus.Verdict evaluate(PreconditionContainer pre, Database database, DatabaseChangeLog log,
            ChangeSet cs) throws Exception {
        if (pre == null || pre.getNestedPreconditions().isEmpty()) {
            return new PendingStatus.Verdict(PendingStatus.Kind.RUN, null);
        }
        try {
            pre.check(database, log, cs, null);
            return new PendingStatus.Verdict(PendingStatus.Kind.RUN, null);
        } catch (PreconditionFailedException e) {
            String why = OutcomeRecorder.failed(e);
            return switch (pre.getOnFail()) {
                case MARK_RAN -> new PendingStatus.Verdict(PendingStatus.Kind.MARK_RAN, why);
                case CONTINUE -> new PendingStatus.Verdict(PendingStatus.Kind.SKIP, why);
                case WARN -> new PendingStatus.Verdict(PendingStatus.Kind.RUN, "warning: " + why);
                default -> new PendingStatus.Verdict(PendingStatus.Kind.HALT, why);
            };
        } catch (PreconditionErrorException e) {
            String why = OutcomeRecorder.errored(e);
            return switch (pre.getOnError()) {
                case MARK_RAN -> new PendingStatus.Verdict(PendingStatus.Kind.MARK_RAN, why);
                case CONTINUE -> new PendingStatus.Verdict(PendingStatus.Kind.SKIP, why);
                case WARN -> new PendingStatus.Verdict(PendingStatus.Kind.RUN, "warning: " + why);
                default -> new PendingStatus.Verdict(PendingStatus.Kind.HALT, why);
            };
        } finally {
            database.rollback();
        }
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
        return inScope(() -> {
                Database database = database();
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
                // always an output stream: without one Liquibase prints its update summary to System.out
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                cmd.setOutput(bytes);
                CommandResults results = cmd.execute();
                if (out != null) {
                    out.write(bytes.toString(Charset.forName(GlobalConfiguration.OUTPUT_FILE_ENCODING.getCurrentValue())));
                    out.flush();
                }
                return results;
        });
    }

    private Database database() throws LiquibaseException {
        return DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
    }

    /** Runs {@code body} in a Liquibase scope with our resources and a UI that only logs. */
    private <T> T inScope(Scope.ScopedRunnerWithReturn<T> body) throws LiquibaseException {
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
                return body.run();
            });
        } catch (LiquibaseException e) {
            throw e;
        } catch (Exception e) {
            throw new LiquibaseException(e.getMessage(), e);
        }
    }
}
