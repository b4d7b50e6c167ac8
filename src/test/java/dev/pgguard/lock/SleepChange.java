package dev.pgguard.lock;

import liquibase.change.custom.CustomTaskChange;
import liquibase.database.Database;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;

/**
 * A changeset step that keeps the JVM busy for {@code -Dpgguard.test.sleepSeconds} seconds (default 0)
 * while its transaction stays open: the moment to kill the process "in the middle of an update".
 */
public final class SleepChange implements CustomTaskChange {

    @Override
    public void execute(Database database) {
        long seconds = Long.getLong("pgguard.test.sleepSeconds", 0L);
        if (seconds > 0) {
            System.out.println("[sleep] in the middle of the update for " + seconds + " s");
            try {
                Thread.sleep(seconds * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String getConfirmationMessage() {
        return "slept";
    }

    @Override
    public void setUp() {
    }

    @Override
    public void setFileOpener(ResourceAccessor resourceAccessor) {
    }

    @Override
    public ValidationErrors validate(Database database) {
        return new ValidationErrors();
    }
}
