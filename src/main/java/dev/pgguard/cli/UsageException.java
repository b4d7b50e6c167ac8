package dev.pgguard.cli;

/** A bad command line: exit code 2, with a message that says what to type instead. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
