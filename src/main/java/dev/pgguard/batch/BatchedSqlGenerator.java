package dev.pgguard.batch;

import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.exception.ValidationErrors;
import liquibase.sql.Sql;
import liquibase.sql.UnparsedSql;
import liquibase.sqlgenerator.SqlGeneratorChain;
import liquibase.sqlgenerator.core.AbstractSqlGenerator;

/**
 * The SQL text of a {@code batchedSql} step, for the places where Liquibase asks for a statement's
 * SQL without running it: Liquibase 4.31 puts every statement's SQL into the log's MDC before
 * executing the changeset and fails on a statement it has no generator for. The batches themselves
 * never run through this text on {@code update}: the JDBC executor runs {@link BatchedSqlChange.Run}
 * as an {@code ExecutablePreparedStatement}. The text is the same {@code DO} block
 * {@code updateSQL} shows, so whatever prints it prints the truth.
 */
public final class BatchedSqlGenerator extends AbstractSqlGenerator<BatchedSqlChange.Run> {

    @Override
    public boolean supports(BatchedSqlChange.Run statement, Database database) {
        return database instanceof PostgresDatabase;
    }

    @Override
    public ValidationErrors validate(BatchedSqlChange.Run statement, Database database, SqlGeneratorChain<BatchedSqlChange.Run> chain) {
        return new ValidationErrors();
    }

    @Override
    public Sql[] generateSql(BatchedSqlChange.Run statement, Database database, SqlGeneratorChain<BatchedSqlChange.Run> chain) {
        return new Sql[] {new UnparsedSql(statement.getFormattedStatement(database))};
    }
}
