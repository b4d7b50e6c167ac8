package dev.pgguard.check;

import java.util.Objects;

/**
 * The answer of one catalog check: whether the fact holds, and a message that says what was
 * expected and what was found. The message is written for a person reading a failed migration.
 */
public record Outcome(boolean holds, String message) {

    public Outcome {
        Objects.requireNonNull(message, "message");
    }

    public static Outcome holds(String message) {
        return new Outcome(true, message);
    }

    public static Outcome fails(String message) {
        return new Outcome(false, message);
    }
}
