package dev.pgguard.cli;

import dev.pgguard.api.ChangeSetOutcome;
import dev.pgguard.lint.ChangelogLinter;
import dev.pgguard.run.PendingStatus;
import dev.pgguard.verify.VerifyReport;
import java.util.List;
import java.util.Locale;

/** How the command line shows things: one place for every line format. */
final class Console {

    private Console() {
    }

    /** {@code   MARK_RAN  018-create-table-service_ops.send_integration      3 ms  tableMissing: …}. */
    static String outcome(ChangeSetOutcome o) {
        String line = String.format(Locale.ROOT, "  %-11s %-60s %7s", o.status(), o.id(), o.millis() + " ms");
        return o.reason() == null ? line : line + "  " + o.reason();
    }

    static String summary(String what, List<ChangeSetOutcome> outcomes, long millis) {
        long executed = count(outcomes, ChangeSetOutcome.Status.EXECUTED);
        long markRan = count(outcomes, ChangeSetOutcome.Status.MARK_RAN);
        long skipped = count(outcomes, ChangeSetOutcome.Status.SKIPPED);
        long failed = count(outcomes, ChangeSetOutcome.Status.FAILED);
        long rolledBack = count(outcomes, ChangeSetOutcome.Status.ROLLED_BACK);
        StringBuilder s = new StringBuilder(what).append(": ");
        if (rolledBack > 0 || what.startsWith("rollback")) {
            s.append(rolledBack).append(" changesets rolled back");
        } else {
            s.append(executed).append(" executed, ").append(markRan).append(" MARK_RAN, ").append(skipped).append(" skipped");
        }
        if (failed > 0) {
            s.append(", ").append(failed).append(" FAILED");
        }
        return s.append(" in ").append(duration(millis)).toString();
    }

    static String duration(long millis) {
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static long count(List<ChangeSetOutcome> outcomes, ChangeSetOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    static String verdict(PendingStatus.Kind kind) {
        return switch (kind) {
            case RUN -> "would run";
            case MARK_RAN -> "would be MARK_RAN";
            case SKIP -> "would be skipped";
            case HALT -> "would HALT the update";
        };
    }

    static void status(PendingStatus status, StringBuilder out) {
        PendingStatus.Verdict pre = status.preflight();
        out.append("preflight: ").append(pre.kind() == PendingStatus.Kind.RUN ? "passes" : verdict(pre.kind()))
                .append(pre.message() == null ? "" : ": " + pre.message()).append('\n');
        if (status.pending().isEmpty()) {
            out.append("no pending changesets: the database is up to date with the changelog\n");
            return;
        }
        for (PendingStatus.Pending p : status.pending()) {
            String line = String.format(Locale.ROOT, "  %-22s %s", verdict(p.kind()), p.id());
            out.append(p.message() == null ? line : line + ": " + p.message()).append('\n');
        }
        out.append(String.format(Locale.ROOT, "%d pending changesets: %d would run, %d would be MARK_RAN, %d would be skipped, %d would halt%n",
                status.pending().size(), status.count(PendingStatus.Kind.RUN), status.count(PendingStatus.Kind.MARK_RAN),
                status.count(PendingStatus.Kind.SKIP), status.count(PendingStatus.Kind.HALT)));
        out.append("(every guard evaluated against the database as it is now, as updateSQL evaluates them)\n");
    }

    static String verifySummary(VerifyReport r) {
        return String.format(Locale.ROOT, "%d checks: %d PASS, %d FAIL, %d ERROR, %d SKIPPED", r.rows().size(),
                r.count(VerifyReport.Status.PASS), r.count(VerifyReport.Status.FAIL), r.count(VerifyReport.Status.ERROR),
                r.count(VerifyReport.Status.SKIPPED));
    }

    /**
     * The verify table; {@code passLimit} PASS rows at most (then a count of the rest), every
     * FAIL / ERROR / SKIPPED row in full. A negative limit shows everything.
     */
    static String verifyTable(VerifyReport r, int passLimit) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        int hidden = 0;
        for (VerifyReport.Row row : r.rows()) {
            if (row.status() == VerifyReport.Status.PASS && passLimit >= 0 && shown >= passLimit) {
                hidden++;
                continue;
            }
            if (row.status() == VerifyReport.Status.PASS) {
                shown++;
            }
            out.append(String.format(Locale.ROOT, "  %-7s %-20s %s%n", row.status(), row.key(),
                    row.status() == VerifyReport.Status.PASS ? row.check() : row.found()));
        }
        if (hidden > 0) {
            out.append("  … and ").append(hidden).append(" more PASS (pgguard verify prints every row)\n");
        }
        return out.append(verifySummary(r)).append('\n').toString();
    }

    static String finding(ChangelogLinter.Finding f) {
        return "  " + f;
    }
}
