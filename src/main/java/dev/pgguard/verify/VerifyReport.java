package dev.pgguard.verify;

import java.util.List;

/** The result of checking a database against an {@link ExpectedSchema}: one row per check. */
public record VerifyReport(List<Row> rows) {

    /**
     * PASS: the fact holds; FAIL: it does not; ERROR: it could not be decided; SKIPPED: its
     * {@code when} condition does not hold here, so it does not apply.
     */
    public enum Status { PASS, FAIL, ERROR, SKIPPED }

    public record Row(String key, String check, Status status, String found) {
    }

    public VerifyReport {
        rows = List.copyOf(rows);
    }

    /** True when no check failed or errored (skipped ones do not apply). */
    public boolean passed() {
        return rows.stream().allMatch(r -> r.status() == Status.PASS || r.status() == Status.SKIPPED);
    }

    public List<Row> problems() {
        return rows.stream().filter(r -> r.status() == Status.FAIL || r.status() == Status.ERROR).toList();
    }

    public long count(Status status) {
        return rows.stream().filter(r -> r.status() == status).count();
    }

    /** A fixed-width table for a terminal or a log. */
    public String format() {
        StringBuilder out = new StringBuilder();
        for (Row r : rows) {
            out.append(String.format("%-7s %-22s %s%n", r.status(), r.key(), r.status() == Status.PASS ? r.check() : r.found()));
        }
        out.append(String.format("%d checks: %d PASS, %d FAIL, %d ERROR, %d SKIPPED%n", rows.size(), count(Status.PASS),
                count(Status.FAIL), count(Status.ERROR), count(Status.SKIPPED)));
        return out.toString();
    }
}
