package dev.pgguard.liquibase;

import liquibase.Scope;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.core.RawSQLChange;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.exception.DatabaseException;
import liquibase.exception.DatabaseHistoryException;
import liquibase.exception.UnexpectedLiquibaseException;
import liquibase.exception.ValidationErrors;
import liquibase.statement.SqlStatement;

/**
 * {@code sqlIfExecuted}: SQL for a {@code rollback} block that runs only when the changeset was
 * really executed. Liquibase also rolls back changesets recorded as MARK_RAN
 * (liquibase/liquibase#2013), which would undo objects that existed before the changelog came;
 * with this change, rolling back a MARK_RAN changeset changes nothing, and rolling back an
 * executed one runs exactly its undo SQL. The decision is read from DATABASECHANGELOG when the
 * rollback (or its rollbackSQL preview) is generated. Same attributes as {@code sql}.
 */
@DatabaseChange(name = "sqlIfExecuted",
        description = "Rollback SQL that runs only if the changeset was executed (not recorded MARK_RAN)",
        priority = ChangeMetaData.PRIORITY_DEFAULT)
public class SqlIfExecutedChange extends RawSQLChange {

    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors errors = super.validate(database);
        if (getSql() == null || getSql().isBlank()) {
            errors.addError("sqlIfExecuted: attribute 'sql' is required (the undo SQL of the changeset)");
        }
        return errors;
    }

    @Override
    public SqlStatement[] generateStatements(Database database) {
        ChangeSet changeSet = getChangeSet();
        if (changeSet == null) {
            throw new UnexpectedLiquibaseException("sqlIfExecuted belongs in the rollback block of a changeset");
        }
        ExecutionRecord.State state;
        try {
            state = ExecutionRecord.of(database, changeSet);
        } catch (DatabaseException | DatabaseHistoryException e) {
            throw new UnexpectedLiquibaseException("sqlIfExecuted: cannot read DATABASECHANGELOG for " + changeSet + ": "
                    + e.getMessage(), e);
        }
        switch (state) {
            case EXECUTED:
                return super.generateStatements(database);
            case MARKED_RAN:
                Scope.getCurrentScope().getLog(getClass()).info("Changeset " + changeSet
                        + " was recorded MARK_RAN (its target state was already there): its rollback changes nothing");
                return new SqlStatement[0];
            default:
                throw new UnexpectedLiquibaseException("sqlIfExecuted belongs in a rollback block; changeset " + changeSet
                        + " is not recorded in DATABASECHANGELOG, so there is nothing to roll back");
        }
    }

    @Override
    public boolean generateStatementsVolatile(Database database) {
        return true;
    }

    @Override
    public String getConfirmationMessage() {
        return "Undo SQL of an executed changeset run";
    }

}
