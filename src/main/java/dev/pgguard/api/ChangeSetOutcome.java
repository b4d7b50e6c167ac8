package dev.pgguard.api;

import java.util.Locale;

/**
 * What one changeset did in a run: {@code EXECUTED} (its changes ran), {@code MARK_RAN} (its
 * guard found the target state already there; recorded, nothing ran), {@code SKIPPED} (its guard
 * said "not possible yet", {@code onFail: CONTINUE}; not recorded, a later update tries again),
 * {@code FAILED} (its SQL or a HALT guard stopped the run), or {@code ROLLED_BACK}.
 *
 * @param reason the guard's message for MARK_RAN / SKIPPED / FAILED, {@code null} otherwise
 */
public record ChangeSetOutcome(String id, String author, String file, Status status, String reason, long millis) {

    public enum Status { EXECUTED, MARK_RAN, SKIPPED, FAILED, ROLLED_BACK }

    /** {@code file::id::author}, as Liquibase names a changeset. */
    public String key() {
        return file + "::" + id + "::" + author;
    }

    @Override
    public String toString() {
        return status.name().toLowerCase(Locale.ROOT) + " " + id + (reason == null ? "" : ": " + reason);
    }
}
