package dev.pgguard.verify;

import dev.pgguard.check.CatalogSession;
import dev.pgguard.check.Check;
import dev.pgguard.check.CheckException;
import dev.pgguard.check.Outcome;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/** Checks a database against an {@link ExpectedSchema}, every check, and reports each. */
public final class SchemaVerifier {

    private SchemaVerifier() {
    }

    public static VerifyReport verify(Connection connection, ExpectedSchema expected) throws CheckException {
        CatalogSession session = CatalogSession.of(connection, null);
        List<VerifyReport.Row> rows = new ArrayList<>();
        for (ExpectedSchema.Entry entry : expected.entries()) {
            Check check = entry.check();
            try {
                if (entry.when() != null) {
                    Outcome condition = entry.when().evaluate(session);
                    if (!condition.holds()) {
                        rows.add(new VerifyReport.Row(check.key(), check.describe(), VerifyReport.Status.SKIPPED,
                                "not applicable: " + condition.message()));
                        continue;
                    }
                }
                Outcome o = check.evaluate(session);
                rows.add(new VerifyReport.Row(check.key(), check.describe(),
                        o.holds() ? VerifyReport.Status.PASS : VerifyReport.Status.FAIL, o.message()));
            } catch (CheckException e) {
                rows.add(new VerifyReport.Row(check.key(), check.describe(), VerifyReport.Status.ERROR, e.getMessage()));
            }
        }
        return new VerifyReport(rows);
    }
}
