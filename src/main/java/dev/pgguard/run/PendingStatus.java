package dev.pgguard.run;

import java.util.List;

/**
 * What an update would do now ({@link LiquibaseRunner#status()}): the changelog's preflight
 * verdict and each pending changeset's.
 */
public record PendingStatus(Verdict preflight, List<Pending> pending) {

    /**
     * RUN: the guard holds, the changes would run; MARK_RAN: it would only be recorded; SKIP: not
     * yet possible ({@code onFail: CONTINUE}), neither run nor recorded; HALT: the update would stop.
     */
    public enum Kind { RUN, MARK_RAN, SKIP, HALT }

    public record Verdict(Kind kind, String message) {
    }

    public record Pending(String id, String author, String file, Kind kind, String message) {
    }

    public PendingStatus {
        pending = List.copyOf(pending);
    }

    public long count(Kind kind) {
        return pending.stream().filter(p -> p.kind() == kind).count();
    }
}
