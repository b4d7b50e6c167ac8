package dev.pgguard.api;

import dev.pgguard.verify.VerifyReport;
import java.util.List;
import java.util.Optional;

/**
 * The result of one {@link Pgguard} update: every changeset that was considered, in order, with
 * its outcome and the guard's reason, and the verify result against the domain's expected schema
 * (absent when the changelog has no {@code expected-schema.yaml} beside it or verify was turned
 * off). Immutable.
 */
public record MigrationReport(String changelog, List<ChangeSetOutcome> changeSets, VerifyReport verifyReport,
        long millis) {

    public MigrationReport {
        changeSets = List.copyOf(changeSets);
    }

    public List<ChangeSetOutcome> executed() {
        return with(ChangeSetOutcome.Status.EXECUTED);
    }

    public List<ChangeSetOutcome> markedRan() {
        return with(ChangeSetOutcome.Status.MARK_RAN);
    }

    /** Changesets whose guard said "not yet" ({@code onFail: CONTINUE}); not recorded. */
    public List<ChangeSetOutcome> skipped() {
        return with(ChangeSetOutcome.Status.SKIPPED);
    }

    public Optional<VerifyReport> verify() {
        return Optional.ofNullable(verifyReport);
    }

    /** True when the verify ran and found no FAIL or ERROR, or did not run. */
    public boolean verified() {
        return verifyReport == null || verifyReport.passed();
    }

    private List<ChangeSetOutcome> with(ChangeSetOutcome.Status status) {
        return changeSets.stream().filter(c -> c.status() == status).toList();
    }

    /** {@code 98 executed, 21 marked ran, 4 skipped in 5210 ms; verify: 202 PASS}. */
    public String summary() {
        String s = executed().size() + " executed, " + markedRan().size() + " marked ran, " + skipped().size()
                + " skipped in " + millis + " ms";
        if (verifyReport != null) {
            s += "; verify: " + verifyReport.count(VerifyReport.Status.PASS) + " PASS, "
                    + verifyReport.count(VerifyReport.Status.FAIL) + " FAIL, " + verifyReport.count(VerifyReport.Status.ERROR)
                    + " ERROR";
        }
        return s;
    }
}
