package dev.pgguard.api;

/**
 * An update that stopped: a guard halted it (the preflight, or {@code onFail: HALT}), a changeset's
 * SQL failed, or the database could not be reached. {@link #report()} holds the changesets handled
 * before the stop, the failed one last.
 */
public final class PgguardMigrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient MigrationReport report;

    public PgguardMigrationException(String message, MigrationReport report, Throwable cause) {
        super(message, cause);
        this.report = report;
    }

    public MigrationReport report() {
        return report;
    }
}
