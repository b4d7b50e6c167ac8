package dev.pgguard.cli;

import dev.pgguard.api.ChangeSetOutcome;
import dev.pgguard.check.CheckException;
import dev.pgguard.lint.ChangelogLinter;
import dev.pgguard.run.ChangelogLocation;
import dev.pgguard.run.LiquibaseRunner;
import dev.pgguard.run.OutcomeRecorder;
import dev.pgguard.run.PendingStatus;
import dev.pgguard.verify.ExpectedSchema;
import dev.pgguard.verify.SchemaVerifier;
import dev.pgguard.verify.VerifyReport;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import liquibase.exception.LiquibaseException;

/** The commands that work on a changelog: update, update-sql, rollback, status, verify, lint, demo. */
final class Commands {

    private final Args args;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    Commands(Args args, Map<String, String> env, PrintStream out, PrintStream err) {
        this.args = args;
        this.env = env;
        this.out = out;
        this.err = err;
    }

    int run() throws UsageException, Target.Unreachable {
        return switch (args.command()) {
            case "update" -> update();
            case "update-sql" -> updateSql();
            case "rollback" -> rollback();
            case "status" -> status();
            case "verify" -> verify();
            case "lint" -> lint();
            case "demo" -> new Demo(args, env, out, err).run();
            default -> throw new UsageException("unknown command " + args.command());
        };
    }

    private ChangelogLocation changelog() throws UsageException {
        String given = args.require("changelog", "(a domain such as packet-workflow, or a changelog file)");
        try {
            return ChangelogLocation.resolve(given, Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException | IOException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private LiquibaseRunner runner(Connection c, ChangelogLocation loc) {
        return new LiquibaseRunner(c, loc.accessor(), loc.path()).contexts(args.option("contexts").orElse(null))
                .labels(args.option("labels").orElse(null));
    }

    private int update() throws UsageException, Target.Unreachable {
        ChangelogLocation loc = changelog();
        Optional<Integer> count = args.count("count");
        try (Target t = Target.open(args, env, out); Connection c = t.connect()) {
            out.println("update " + loc.label() + " on " + t.displayUrl());
            LiquibaseRunner runner = runner(c, loc);
            long start = System.nanoTime();
            OutcomeRecorder recorder = new OutcomeRecorder(o -> {
                out.println(Console.outcome(o));
                out.flush();
            });
            try {
                if (args.option("tag-before").isPresent()) {
                    runner.tag(args.option("tag-before").get());
                    out.println("  tagged " + args.option("tag-before").get());
                }
                if (count.isPresent()) {
                    runner.updateCount(count.get(), recorder);
                } else {
                    runner.update(recorder);
                }
            } catch (LiquibaseException e) {
                List<ChangeSetOutcome> done = recorder.outcomes();
                out.println(Console.summary("update FAILED", done, millis(start)));
                err.println("pgguard: update stopped: " + t.scrub(Failure.describe(e)));
                err.println("  nothing after the failed step ran; fix the cause and run update again");
                return ExitCode.FAILED;
            }
            out.println(Console.summary("update", recorder.outcomes(), millis(start)));
            verifySummary(c, loc);
            return ExitCode.OK;
        } catch (SQLException e) {
            throw new Target.Unreachable("lost the database connection: " + e.getMessage(), e);
        }
    }

    private void verifySummary(Connection c, ChangelogLocation loc) {
        try {
            Optional<ExpectedSchema> expected = loc.expectedSchema();
            if (expected.isPresent()) {
                VerifyReport r = SchemaVerifier.verify(c, expected.get());
                out.println("verify: " + Console.verifySummary(r) + (r.passed() ? "" : " (pgguard verify shows which)"));
            }
        } catch (IOException | CheckException e) {
            out.println("verify: could not run: " + e.getMessage());
        }
    }

    private int updateSql() throws UsageException, Target.Unreachable {
        ChangelogLocation loc = changelog();
        Optional<Path> file = args.option("output").map(Path::of);
        // with the SQL on standard output, everything else goes to standard error so the SQL can be piped
        PrintStream info = file.isPresent() ? out : err;
        try (Target t = Target.open(args, env, info); Connection c = t.connect()) {
            LiquibaseRunner runner = runner(c, loc);
            try {
                if (file.isPresent()) {
                    try (Writer w = Files.newBufferedWriter(file.get(), StandardCharsets.UTF_8)) {
                        runner.updateSql(w);
                    }
                    out.println("update-sql " + loc.label() + ": written to " + file.get().toAbsolutePath());
                } else {
                    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                    runner.updateSql(w);
                    w.flush();
                }
            } catch (LiquibaseException e) {
                err.println("pgguard: update-sql stopped: " + t.scrub(Failure.describe(e)));
                return ExitCode.FAILED;
            } catch (IOException e) {
                throw new UsageException("cannot write " + file.orElse(null) + ": " + e.getMessage());
            }
            return ExitCode.OK;
        } catch (SQLException e) {
            throw new Target.Unreachable("lost the database connection: " + e.getMessage(), e);
        }
    }

    private int rollback() throws UsageException, Target.Unreachable {
        ChangelogLocation loc = changelog();
        Optional<String> tag = args.option("tag");
        Optional<Integer> count = args.count("count");
        if (tag.isPresent() == count.isPresent()) {
            throw new UsageException("rollback needs exactly one of --tag <tag> or --count <n>");
        }
        try (Target t = Target.open(args, env, out); Connection c = t.connect()) {
            out.println("rollback " + loc.label() + " on " + t.displayUrl() + (tag.map(s -> " to tag " + s)
                    .orElse(" of the last " + count.orElse(0) + " changesets")));
            long start = System.nanoTime();
            OutcomeRecorder recorder = new OutcomeRecorder(o -> {
                out.println(Console.outcome(o));
                out.flush();
            });
            try {
                if (tag.isPresent()) {
                    runner(c, loc).rollbackToTag(tag.get(), recorder);
                } else {
                    runner(c, loc).rollbackCount(count.get(), recorder);
                }
            } catch (LiquibaseException e) {
                out.println(Console.summary("rollback FAILED", recorder.outcomes(), millis(start)));
                err.println("pgguard: rollback stopped: " + t.scrub(Failure.describe(e)));
                return ExitCode.FAILED;
            }
            out.println(Console.summary("rollback", recorder.outcomes(), millis(start)));
            return ExitCode.OK;
        } catch (SQLException e) {
            throw new Target.Unreachable("lost the database connection: " + e.getMessage(), e);
        }
    }

    private int status() throws UsageException, Target.Unreachable {
        ChangelogLocation loc = changelog();
        try (Target t = Target.open(args, env, out); Connection c = t.connect()) {
            out.println("status " + loc.label() + " on " + t.displayUrl());
            PendingStatus status;
            try {
                status = runner(c, loc).status();
            } catch (LiquibaseException e) {
                err.println("pgguard: status failed: " + t.scrub(Failure.describe(e)));
                return ExitCode.FAILED;
            }
            StringBuilder sb = new StringBuilder();
            Console.status(status, sb);
            out.print(sb);
            return ExitCode.OK;
        } catch (SQLException e) {
            throw new Target.Unreachable("lost the database connection: " + e.getMessage(), e);
        }
    }

    private int verify() throws UsageException, Target.Unreachable {
        ChangelogLocation loc = changelog();
        ExpectedSchema expected;
        try {
            expected = loc.expectedSchema().orElseThrow(() -> new UsageException("no expected-schema.yaml beside "
                    + loc.path() + ": verify needs the target schema as data"));
        } catch (IOException e) {
            throw new UsageException("cannot read the expected schema of " + loc.label() + ": " + e.getMessage());
        }
        try (Target t = Target.open(args, env, out); Connection c = t.connect()) {
            out.println("verify " + loc.label() + " (" + expected.source() + ") on " + t.displayUrl());
            VerifyReport r = SchemaVerifier.verify(c, expected);
            out.print(Console.verifyTable(r, -1));
            return r.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
        } catch (SQLException | CheckException e) {
            throw new Target.Unreachable("cannot read the catalog: " + e.getMessage(), e);
        }
    }

    private int lint() throws UsageException {
        ChangelogLocation loc = changelog();
        List<ChangelogLinter.Finding> findings;
        try {
            if (loc.domain() != null) {
                findings = ChangelogLinter.lintClasspathDomain(loc.domain());
            } else {
                Path root = Path.of("").toAbsolutePath();
                Path file = loc.directory().resolve(loc.path().substring(loc.path().lastIndexOf('/') + 1));
                Path base = file.startsWith(root) ? root : loc.directory();
                findings = ChangelogLinter.lintFile(base, base.relativize(file).toString().replace('\\', '/'),
                        loc.directory().getFileName().toString());
            }
        } catch (RuntimeException e) {
            err.println("pgguard: lint cannot read " + loc.label() + ": " + e.getMessage());
            return ExitCode.CHECK_FAILED;
        }
        findings.forEach(f -> out.println(Console.finding(f)));
        out.println("lint " + loc.label() + ": " + (findings.isEmpty() ? "no findings" : findings.size() + " findings"));
        return findings.isEmpty() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
