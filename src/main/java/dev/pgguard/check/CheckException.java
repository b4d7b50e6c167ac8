package dev.pgguard.check;

/**
 * A check could not decide: the fact is neither true nor false (an object it depends on is
 * missing, the server answered with an error, an attribute is malformed). Liquibase adapters turn
 * this into a {@code PreconditionErrorException} (onError), never into a failed fact (onFail).
 */
public final class CheckException extends Exception {

    private static final long serialVersionUID = 1L;

    public CheckException(String message) {
        super(message);
    }

    public CheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
