package dev.pgguard.lock;

import liquibase.configuration.AutoloadedConfigurations;
import liquibase.configuration.ConfigurationDefinition;

/**
 * How long one statement of a changeset may keep writers queued behind its lock request, and how
 * often it is tried again ({@link LockRetryExecutor}). In Liquibase's configuration: system
 * properties {@code pgguard.lockTimeoutCap} and {@code pgguard.lockRetries}, environment variables
 * {@code PGGUARD_LOCK_TIMEOUT_CAP} and {@code PGGUARD_LOCK_RETRIES}, a Liquibase defaults file, or a
 * Scope value.
 */
public final class LockWaitConfiguration implements AutoloadedConfigurations {

    /** Milliseconds; a {@code lock_timeout} a changeset sets above this is lowered to it. 0 turns the cap off. */
    public static final ConfigurationDefinition<Integer> LOCK_TIMEOUT_CAP;
    /** How many times a statement stopped by {@code lock_timeout} inside a transaction is run again. 0 turns retrying off. */
    public static final ConfigurationDefinition<Integer> LOCK_RETRIES;

    static {
        ConfigurationDefinition.Builder builder = new ConfigurationDefinition.Builder("pgguard");
        LOCK_TIMEOUT_CAP = builder.define("lockTimeoutCap", Integer.class)
                .setDescription("Milliseconds: a lock_timeout a changeset sets (SET LOCAL lock_timeout) above this is lowered to"
                        + " it for the changeset's later statements, so writers queue behind a lock request at most this"
                        + " long; 0 = off. Default 500 (half of the 1 s writer-stall budget).")
                .setDefaultValue(500)
                .build();
        LOCK_RETRIES = builder.define("lockRetries", Integer.class)
                .setDescription("How many times a statement stopped by lock_timeout (SQLState 55P03) inside a changeset's"
                        + " transaction is rolled back to a savepoint and run again, after a pause that doubles from"
                        + " 500 ms up to 8 s; 0 = off. Default 10.")
                .setDefaultValue(10)
                .build();
    }

    static int cap() {
        return nonNegative(LOCK_TIMEOUT_CAP);
    }

    static int retries() {
        return nonNegative(LOCK_RETRIES);
    }

    private static int nonNegative(ConfigurationDefinition<Integer> definition) {
        Integer value = definition.getCurrentValue();
        if (value == null) {
            return definition.getDefaultValue();
        }
        if (value < 0) {
            throw new IllegalArgumentException(definition.getKey() + "=" + value + " is negative; use 0 to turn it off"
                    + " or a positive number");
        }
        return value;
    }
}
