package dev.pgguard.cli;

/** The command line's exit codes (also in {@code --help} and the README). */
public final class ExitCode {

    /** Done; for verify and lint: everything passed. */
    public static final int OK = 0;
    /** The migration failed or halted (preflight, a HALT guard, a changeset's SQL), or demo went wrong. */
    public static final int FAILED = 1;
    /** Bad command line: unknown command or option, missing value, {@code --password}. */
    public static final int USAGE = 2;
    /** verify found a FAIL or ERROR; lint found a rule broken. */
    public static final int CHECK_FAILED = 3;
    /** Cannot connect to the database, or cannot start the embedded PostgreSQL. */
    public static final int NO_DATABASE = 4;

    private ExitCode() {
    }
}
