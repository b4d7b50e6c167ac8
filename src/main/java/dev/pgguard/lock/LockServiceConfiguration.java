package dev.pgguard.lock;

import java.util.Locale;
import liquibase.configuration.AutoloadedConfigurations;
import liquibase.configuration.ConfigurationDefinition;

/**
 * pgguard's lock setting, in Liquibase's configuration (system property {@code pgguard.lockService},
 * environment variable {@code PGGUARD_LOCK_SERVICE}, a Liquibase defaults file, or a Scope value).
 */
public final class LockServiceConfiguration implements AutoloadedConfigurations {

    /** {@code advisory} (default): {@link AdvisoryLockService}; {@code table}: Liquibase's DATABASECHANGELOGLOCK row. */
    public static final ConfigurationDefinition<String> LOCK_SERVICE;

    static {
        ConfigurationDefinition.Builder builder = new ConfigurationDefinition.Builder("pgguard");
        LOCK_SERVICE = builder.define("lockService", String.class)
                .setDescription("Changelog lock on PostgreSQL: 'advisory' (pgguard's session advisory lock, the default)"
                        + " or 'table' (Liquibase's DATABASECHANGELOGLOCK row)")
                .setDefaultValue("advisory")
                .setValueHandler(value -> value == null ? null : String.valueOf(value).trim().toLowerCase(Locale.ROOT))
                .build();
    }

    /** Whether the advisory lock is selected; an unknown value is an error naming the allowed ones. */
    static boolean advisory() {
        String value = LOCK_SERVICE.getCurrentValue();
        if (value == null || value.isEmpty() || value.equals("advisory")) {
            return true;
        }
        if (value.equals("table")) {
            return false;
        }
        throw new IllegalArgumentException("pgguard.lockService=" + value + " is not a lock service; use 'advisory' (the default)"
                + " or 'table' (Liquibase's DATABASECHANGELOGLOCK row)");
    }
}
