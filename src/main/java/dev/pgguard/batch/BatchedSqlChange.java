package dev.pgguard.batch;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import liquibase.Scope;
import liquibase.change.AbstractChange;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.PreparedStatementFactory;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.exception.UnexpectedLiquibaseException;
import liquibase.exception.ValidationErrors;
import liquibase.executor.Executor;
import liquibase.executor.ExecutorService;
import liquibase.executor.LoggingExecutor;
import liquibase.parser.core.ParsedNode;
import liquibase.parser.core.ParsedNodeException;
import liquibase.resource.ResourceAccessor;
import liquibase.statement.AbstractSqlStatement;
import liquibase.statement.ExecutablePreparedStatement;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.RawSqlStatement;

/**
 * {@code batchedSql}: a data step run in key-ordered batches, each its own committed transaction,
 * resumable after a kill and logged with its progress. The changeset must be
 * {@code runInTransaction: false}.
 *
 * <pre>
 * - batchedSql:
 *     tableName: validation_results      # the driving table (schemaName optional)
 *     keyColumn: id                       # any btree-ordered key (integer, text, uuid...); batches are ranges of it
 *     where: resource_id IS NOT NULL      # optional: which driving rows count
 *     batchSize: 10000                    # keys per batch (default 10000)
 *     sql: INSERT INTO t SELECT ... FROM validation_results WHERE id BETWEEN :lower AND :upper
 * </pre>
 *
 * On {@code update} the batches run over JDBC ({@link BatchRunner}); on {@code updateSQL} the
 * preview is a {@code DO} block that runs the same batches in psql ({@link BatchPlan#previewSql()}).
 * Progress is one row per step in {@code <schema>.pgguard_batch_progress}, written in each
 * batch's transaction; the step's rollback must delete that row.
 */
@DatabaseChange(name = "batchedSql",
        description = "A data step in key-ordered batches, each committed, resumable, with progress on the log",
        priority = ChangeMetaData.PRIORITY_DEFAULT)
public class BatchedSqlChange extends AbstractChange {

    private static final Set<String> ATTRIBUTES = Set.of("schemaName", "tableName", "keyColumn", "where", "sql",
            "batchSize", "progressTable", "pauseMillis");

    private String schemaName;
    private String tableName;
    private String keyColumn;
    private String where;
    private String sql;
    private Integer batchSize;
    private String progressTable;
    private Integer pauseMillis;

    @DatabaseChangeProperty(description = "Schema of the driving table and of the progress table (default: the default schema)")
    public String getSchemaName() {
        return schemaName;
    }

    public void setSchemaName(String schemaName) {
        this.schemaName = schemaName;
    }

    @DatabaseChangeProperty(description = "The driving table, whose key orders and bounds the batches", requiredForDatabase = "all")
    public String getTableName() {
        return tableName;
    }

    public void setTableName(String tableName) {
        this.tableName = tableName;
    }

    @DatabaseChangeProperty(description = "The driving table's key column (any btree-ordered type: integer, text, uuid...; ideally unique)", requiredForDatabase = "all")
    public String getKeyColumn() {
        return keyColumn;
    }

    public void setKeyColumn(String keyColumn) {
        this.keyColumn = keyColumn;
    }

    @DatabaseChangeProperty(description = "Optional condition on the driving table: only these rows are batched and counted")
    public String getWhere() {
        return where;
    }

    public void setWhere(String where) {
        this.where = where;
    }

    @DatabaseChangeProperty(description = "One statement doing one batch; :lower and :upper are its first and last key (inclusive)",
            requiredForDatabase = "all")
    public String getSql() {
        return sql;
    }

    public void setSql(String sql) {
        this.sql = sql;
    }

    @DatabaseChangeProperty(description = "Keys per batch (default 10000)")
    public Integer getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(Integer batchSize) {
        this.batchSize = batchSize;
    }

    @DatabaseChangeProperty(description = "Progress table name in schemaName (default pgguard_batch_progress)")
    public String getProgressTable() {
        return progressTable;
    }

    public void setProgressTable(String progressTable) {
        this.progressTable = progressTable;
    }

    @DatabaseChangeProperty(description = "Pause between batches in milliseconds (default 0)")
    public Integer getPauseMillis() {
        return pauseMillis;
    }

    public void setPauseMillis(Integer pauseMillis) {
        this.pauseMillis = pauseMillis;
    }

    /** Reads the attributes and validates them at parse time: a wrong attribute stops the changelog from loading. */
    @Override
    public void load(ParsedNode parsedNode, ResourceAccessor resourceAccessor) throws ParsedNodeException {
        List<String> problems = new ArrayList<>();
        for (ParsedNode child : parsedNode.getChildren()) {
            if (!ATTRIBUTES.contains(child.getName())) {
                String hint = ATTRIBUTES.stream().filter(a -> a.equalsIgnoreCase(child.getName())).findFirst()
                        .map(a -> " (did you mean '" + a + "'?)").orElse(" (known: " + String.join(", ", ATTRIBUTES.stream().sorted().toList()) + ")");
                problems.add("unknown attribute '" + child.getName() + "'" + hint);
            }
        }
        try {
            super.load(parsedNode, resourceAccessor);
        } catch (ParsedNodeException | RuntimeException e) {
            problems.add(e.getMessage());
        }
        problems.addAll(attributeProblems());
        if (!problems.isEmpty()) {
            throw new ParsedNodeException("batchedSql: " + String.join("; ", problems));
        }
    }

    private List<String> attributeProblems() {
        return BatchPlan.problems(tableName, keyColumn, sql, batchSize, progressTable, pauseMillis, schemaName);
    }

    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors errors = new ValidationErrors(this);
        for (String problem : attributeProblems()) {
            errors.addError("batchedSql: " + problem);
        }
        ChangeSet cs = getChangeSet();
        if (cs != null && cs.isRunInTransaction()) {
            errors.addError("batchedSql in changeset " + cs.getId() + " commits each batch: give the changeset runInTransaction: false");
        }
        if (!(database instanceof PostgresDatabase)) {
            errors.addError("batchedSql supports PostgreSQL only, not " + database.getShortName());
        }
        return errors;
    }

    @Override
    public boolean supports(Database database) {
        return database instanceof PostgresDatabase;
    }

    /** The step's identity in the progress table: changeset id and author (not the file path, which varies by front end). */
    String stepId() {
        ChangeSet cs = getChangeSet();
        if (cs == null) {
            throw new UnexpectedLiquibaseException("batchedSql must be inside a changeset");
        }
        return cs.getId() + "::" + cs.getAuthor();
    }

    BatchPlan plan(Database database) {
        String schema = schemaName != null && !schemaName.isBlank() ? schemaName : database.getDefaultSchemaName();
        if (schema == null) {
            throw new UnexpectedLiquibaseException("batchedSql: no schemaName and the connection has no default schema");
        }
        return new BatchPlan(stepId(), schema, tableName, keyColumn, where, sql, batchSize, progressTable, pauseMillis);
    }

    @Override
    public SqlStatement[] generateStatements(Database database) {
        BatchPlan plan = plan(database);
        Executor executor = Scope.getCurrentScope().getSingleton(ExecutorService.class).getExecutor("jdbc", database);
        if (executor instanceof LoggingExecutor) {
            return new SqlStatement[] {new RawSqlStatement(plan.previewSql(), "")};
        }
        return new SqlStatement[] {new Run(plan, database)};
    }

    @Override
    public boolean generateStatementsVolatile(Database database) {
        // the work depends on the progress recorded by earlier runs
        return true;
    }

    @Override
    public boolean generateRollbackStatementsVolatile(Database database) {
        return true;
    }

    @Override
    public String getConfirmationMessage() {
        return "Batched data step over " + tableName + " done";
    }

    @Override
    public String getSerializedObjectNamespace() {
        return STANDARD_CHANGELOG_NAMESPACE;
    }

    /** The statement Liquibase's JDBC executor hands the connection to: the batches run here. */
    public static final class Run extends AbstractSqlStatement implements ExecutablePreparedStatement {

        private final BatchPlan plan;
        private final Database database;

        Run(BatchPlan plan, Database database) {
            this.plan = plan;
            this.database = database;
        }

        @Override
        public void execute(PreparedStatementFactory factory) throws DatabaseException {
            if (!(database.getConnection() instanceof JdbcConnection jdbc)) {
                throw new DatabaseException("batchedSql needs a JDBC connection");
            }
            Connection c = jdbc.getUnderlyingConnection();
            try {
                new BatchRunner(plan, msg -> Scope.getCurrentScope().getLog(BatchedSqlChange.class).info(msg)).run(c);
            } catch (SQLException e) {
                throw new DatabaseException(plan + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public String getFormattedStatement(Database db) {
            return plan.previewSql();
        }

        @Override
        public String toString() {
            return plan.toString();
        }
    }
}
