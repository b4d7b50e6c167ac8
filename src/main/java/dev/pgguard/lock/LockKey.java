package dev.pgguard.lock;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * The advisory lock key of one DATABASECHANGELOG table: the two-int form of PostgreSQL's advisory
 * locks, {@code pg_try_advisory_lock(namespace, table)}.
 *
 * <ul>
 *   <li>{@code namespace} is the fixed {@link #NAMESPACE} ({@code 0x70676764}, the bytes of "pggd"),
 *       so pgguard's lock does not collide with an application's own advisory locks on small
 *       integers;</li>
 *   <li>{@code table} is the CRC-32 of {@code <liquibase schema>.<changelog table>} as Liquibase
 *       names them (e.g. {@code public.databasechangelog}), with the sign bit cleared: two changelog
 *       tables in one database do not block each other.</li>
 * </ul>
 *
 * In {@code pg_locks} the lock is the row with {@code locktype = 'advisory'}, {@code classid =
 * namespace}, {@code objid = table} and {@code objsubid = 2} (the two-int form).
 */
public record LockKey(int namespace, int table, String changelogTable) {

    /** "pggd". */
    public static final int NAMESPACE = 0x70676764;

    /**
     * "pgge": the short lock around Liquibase's check and creation of DATABASECHANGELOG
     * ({@link SerializedChangeLogHistoryService}), same second key.
     */
    public static final int INIT_NAMESPACE = 0x70676765;

    public static LockKey of(String liquibaseSchema, String changelogTable) {
        String text = (liquibaseSchema == null || liquibaseSchema.isEmpty() ? "" : liquibaseSchema + ".") + changelogTable;
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return new LockKey(NAMESPACE, (int) (crc.getValue() & 0x7fffffffL), text);
    }

    /** How to find the lock in {@code pg_locks}, e.g. for the README and the log. */
    public String pgLocksCondition() {
        return String.format(Locale.ROOT, "locktype = 'advisory' AND classid = %d AND objid = %d AND objsubid = 2",
                namespace, table);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "advisory lock (%d, %d) for %s", namespace, table, changelogTable);
    }
}
