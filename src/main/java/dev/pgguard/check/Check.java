package dev.pgguard.check;

/**
 * One fact about a PostgreSQL database, decided by (at most) one catalog query on the path where
 * it holds. Implementations are immutable and validated at construction.
 */
public interface Check {

    /** The vocabulary key, e.g. {@code columnTypeIs}. */
    String key();

    /** What the check asserts, e.g. {@code column service_ops.packet.detailed_status is text}. */
    String describe();

    /**
     * Decides the fact.
     *
     * @throws CheckException when the fact cannot be decided (SQL error, a prerequisite missing)
     */
    Outcome evaluate(CatalogSession session) throws CheckException;
}
