package dev.pgguard.verify;

import java.util.List;

/** The result of checking a database against an {@link ExpectedSchema}: one row per check. */
public record VerifyReport(List<Row> rows) {

    /** PASS: the fact holds; FAIL: it does not; ERROR: it could not be decided. */
    public enum Status { PASS, FAIL, ERROR }

    public record Row(String key, String check, Status status, String found) {
    }

    public VerifyReport {
        rows = List.copyOf(rows);
    }

    public boolean passed() {
        return rows.stream().allMatch(r -> r.status() == Status.PASS);
    }

    public List<Row> problems() {
        return rows.stream().filter(r -> r.status() != Status.PASS).toList();
    }

    public long count(Status status) {
        return rows.stream().filter(r -> r.status() == status).count();
    }

    /** A fixed-width table for a terminal or a log. */
    public String format() {
        StringBuilder out = new StringBuilder();
        for (Row r : rows) {
            out.append(String.format("%-5s %-22s %s%n", r.status(), r.key(), r.status() == Status.PASS ? r.check() : r.found()));
        }
        out.append(String.format("%d checks: %d PASS, %d FAIL, %d ERROR%n", rows.size(), count(Status.PASS),
                count(Status.FAIL), count(Status.ERROR)));
        return out.toString();
    }
}
