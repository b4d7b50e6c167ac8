package dev.pgguard.liquibase;

import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.database.Database;
import liquibase.exception.DatabaseException;
import liquibase.exception.DatabaseHistoryException;

/**
 * What DATABASECHANGELOG says about a changeset: whether its changes were really executed, or it
 * was only recorded (MARK_RAN) because its guard found the target state already there.
 */
final class ExecutionRecord {

    enum State { EXECUTED, MARKED_RAN, NOT_RECORDED }

    private ExecutionRecord() {
    }

    static State of(Database database, ChangeSet changeSet) throws DatabaseException, DatabaseHistoryException {
        RanChangeSet ran = ChangeLogHistoryServiceFactory.getInstance().getChangeLogService(database).getRanChangeSet(changeSet);
        if (ran == null || ran.getExecType() == null) {
            return State.NOT_RECORDED;
        }
        switch (ran.getExecType()) {
            case EXECUTED:
            case RERAN:
                return State.EXECUTED;
            default:
                // MARK_RAN, and SKIPPED/FAILED which record nothing done
                return State.MARKED_RAN;
        }
    }
}
