package dev.pgguard.run;

import dev.pgguard.api.ChangeSetOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import liquibase.change.Change;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.exception.PreconditionErrorException;
import liquibase.exception.PreconditionFailedException;
import liquibase.precondition.ErrorPrecondition;
import liquibase.precondition.FailedPrecondition;
import liquibase.precondition.core.NotPrecondition;
import liquibase.precondition.core.PreconditionContainer;

/**
 * A Liquibase {@code ChangeExecListener} that records what each changeset did and why. Liquibase
 * calls {@code willRun} before a changeset, {@code preconditionFailed} when its guard is false,
 * and {@code ran} with EXECUTED / MARK_RAN — but nothing for a changeset skipped by
 * {@code onFail: CONTINUE}: such a changeset is the one that started and never reported
 * {@code ran}. Each outcome is handed to the optional consumer as soon as it is known (live
 * progress for the command line). Single-threaded, as Liquibase runs changesets.
 */
public final class OutcomeRecorder implements liquibase.changelog.visitor.ChangeExecListener {

    private final List<ChangeSetOutcome> outcomes = new ArrayList<>();
    private final Consumer<ChangeSetOutcome> onOutcome;
    private ChangeSet current;
    private long started;
    private String reason;

    public OutcomeRecorder(Consumer<ChangeSetOutcome> onOutcome) {
        this.onOutcome = onOutcome == null ? o -> { } : onOutcome;
    }

    public OutcomeRecorder() {
        this(null);
    }

    /** Every outcome so far, in order (a changeset still open is reported as SKIPPED). */
    public List<ChangeSetOutcome> outcomes() {
        closeCurrent();
        return List.copyOf(outcomes);
    }

    @Override
    public void willRun(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database,
            ChangeSet.RunStatus runStatus) {
        closeCurrent();
        current = changeSet;
        started = System.nanoTime();
        reason = null;
    }

    @Override
    public void ran(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database, ChangeSet.ExecType execType) {
        // Liquibase 4.31 also reports a changeset skipped by onFail/onError CONTINUE here (as SKIPPED);
        // 4.33 and 5.0 do not call ran() for it at all
        ChangeSetOutcome.Status status;
        switch (execType) {
            case MARK_RAN:
                status = ChangeSetOutcome.Status.MARK_RAN;
                break;
            case SKIPPED:
                status = ChangeSetOutcome.Status.SKIPPED;
                break;
            case FAILED:
                status = ChangeSetOutcome.Status.FAILED;
                break;
            default:
                status = ChangeSetOutcome.Status.EXECUTED;
        }
        add(changeSet, status, status == ChangeSetOutcome.Status.EXECUTED ? null : reason);
        current = null;
    }

    @Override
    public void preconditionFailed(PreconditionFailedException error, PreconditionContainer.FailOption onFail) {
        reason = failed(error);
    }

    @Override
    public void preconditionErrored(PreconditionErrorException error, PreconditionContainer.ErrorOption onError) {
        reason = errored(error);
    }

    @Override
    public void runFailed(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database, Exception exception) {
        String why = reason != null ? reason : rootMessage(exception);
        add(changeSet, ChangeSetOutcome.Status.FAILED, why);
        current = null;
    }

    @Override
    public void willRollback(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database) {
        current = null;
        started = System.nanoTime();
    }

    @Override
    public void rolledBack(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database) {
        add(changeSet, ChangeSetOutcome.Status.ROLLED_BACK, null);
    }

    @Override
    public void rollbackFailed(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database, Exception exception) {
        add(changeSet, ChangeSetOutcome.Status.FAILED, rootMessage(exception));
    }

    @Override
    public void willRun(Change change, ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
    }

    @Override
    public void ran(Change change, ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
    }

    private void closeCurrent() {
        if (current != null) {
            add(current, ChangeSetOutcome.Status.SKIPPED, reason);
            current = null;
        }
    }

    private void add(ChangeSet cs, ChangeSetOutcome.Status status, String why) {
        long ms = (System.nanoTime() - started) / 1_000_000;
        ChangeSetOutcome o = new ChangeSetOutcome(cs.getId(), cs.getAuthor(), cs.getFilePath(), status, why, ms);
        outcomes.add(o);
        onOutcome.accept(o);
    }

    /** The failed checks' own messages, joined ("columnMissing: column … exists"). */
    public static String failed(PreconditionFailedException e) {
        List<FailedPrecondition> list = e.getFailedPreconditions();
        if (list == null || list.isEmpty()) {
            return oneLine(e.getMessage());
        }
        return list.stream().map(OutcomeRecorder::message).map(OutcomeRecorder::oneLine)
                .collect(Collectors.joining("; "));
    }

    /** Liquibase's {@code not} says only "Not precondition failed"; name what held instead. */
    private static String message(FailedPrecondition f) {
        if (f.getPrecondition() instanceof NotPrecondition not) {
            return "not: " + not.getNestedPreconditions().stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + " holds";
        }
        return f.getMessage();
    }

    public static String errored(PreconditionErrorException e) {
        List<ErrorPrecondition> list = e.getErrorPreconditions();
        if (list == null || list.isEmpty()) {
            return oneLine(e.getMessage());
        }
        return "error: " + list.stream().map(ep -> ep.getCause() == null ? String.valueOf(ep) : rootMessage(ep.getCause()))
                .map(OutcomeRecorder::oneLine).collect(Collectors.joining("; "));
    }

    static String rootMessage(Throwable t) {
        Throwable x = t;
        while (x.getCause() != null && x.getCause() != x) {
            x = x.getCause();
        }
        return oneLine(x.getMessage() != null ? x.getMessage() : x.toString());
    }

    static String oneLine(String s) {
        return s == null ? null : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
