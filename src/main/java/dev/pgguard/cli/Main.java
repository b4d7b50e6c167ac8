package dev.pgguard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Properties;

/**
 * {@code pgguard <command> [options]}: the command line. {@link #run} does the work and returns
 * the exit code, so tests run it in-process; only {@link #main} exits the JVM.
 */
public final class Main {

    static final String HELP = """
            pgguard %s: bring a PostgreSQL database safely to its target schema with Liquibase

            usage: pgguard <command> [options]

            commands
              demo         on an embedded PostgreSQL: build the packet-workflow production drift state, preview
                           the update (updateSQL), tag, update, verify, roll back, and show the state restored
              update       apply pending changesets; one line per changeset (EXECUTED / MARK_RAN / SKIPPED and
                           the guard's reason), a summary line, and the verify summary
                             --tag-before <tag>  tag the database first (for rollback --tag)
                             --count <n>         apply only the next n pending changesets
              update-sql   print the SQL update would run (guards evaluated against the live database)
                             --output <file>     write it to a file instead of standard output
              rollback     --tag <tag> | --count <n>: undo changesets (a MARK_RAN one changes nothing)
              status       pending changesets and what their guards say now (would run / would be MARK_RAN /
                           would be skipped, with the reason)
              verify       PASS / FAIL table of the database against the changelog's expected-schema.yaml
              lint         the changeset rules on the changelog's YAML (no database)

            options
              --changelog <domain|path>   a domain in the jar (packet-workflow) or a changelog file;
                                          required by every command but demo
              --contexts <expr>           Liquibase contexts (update, update-sql, rollback, status)
              --labels <expr>             Liquibase label filter (update, update-sql, rollback, status)
              --url <jdbc-url>            jdbc:postgresql://host[:port]/database; without it: the embedded PostgreSQL
              --user <name>               database user (default: PGUSER; postgres on the embedded server)
              --password-file <path>      the password is the file's first line; otherwise PGPASSWORD.
                                          There is no --password: an argument is visible to every user of the machine
              --data-dir <path>           embedded data directory (default ${XDG_CACHE_HOME:-~/.cache}/pgguard/embedded-pg<major>)
              --database <name>           database on the embedded server (default pgguard)
              --log-file <path>           Liquibase's log (default <cache>/pgguard/pgguard.log)
              --help, --version

            exit codes
              0  done (verify and lint: everything passed)
              1  the migration failed or halted (preflight, a HALT guard, a changeset's SQL)
              2  usage error (unknown command or option, missing value, --password)
              3  verify found FAIL or ERROR rows; lint found a broken rule
              4  cannot connect to the database, or cannot start the embedded PostgreSQL

            The embedded PostgreSQL of the -cli jar is Linux x86_64; elsewhere give --url.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line; returns its exit code ({@link ExitCode}). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    static int run(String[] argv, PrintStream out, PrintStream err, Map<String, String> env) {
        Args args;
        try {
            args = Args.parse(argv);
        } catch (UsageException e) {
            err.println("pgguard: " + e.getMessage());
            err.println("pgguard --help lists the commands and options");
            return ExitCode.USAGE;
        }
        if (args.flag("version")) {
            out.println("pgguard " + version());
            return ExitCode.OK;
        }
        if (args.command() == null || args.command().equals("help") || args.flag("help")) {
            out.print(String.format(java.util.Locale.ROOT, HELP, version()));
            return args.command() == null && !args.flag("help") ? ExitCode.USAGE : ExitCode.OK;
        }
        quietLiquibase(args, env);
        try {
            return new Commands(args, env, out, err).run();
        } catch (UsageException e) {
            err.println("pgguard: " + e.getMessage());
            return ExitCode.USAGE;
        } catch (Target.Unreachable e) {
            err.println("pgguard: " + e.getMessage());
            return ExitCode.NO_DATABASE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static void quietLiquibase(Args args, Map<String, String> env) {
        System.setProperty("java.util.logging.SimpleFormatter.format",
                System.getProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n"));
        if (System.getProperty("liquibase.analytics.enabled") == null) {
            System.setProperty("liquibase.analytics.enabled", "false");
        }
        Logging.toFile(args.option("log-file").map(java.nio.file.Path::of)
                .orElse(EmbeddedServer.cacheHome(env).resolve("pgguard").resolve("pgguard.log")));
    }

    /** The jar's version ({@code pgguard/version.properties}, filtered by Maven). */
    static String version() {
        String v = buildProperty("version");
        return v == null || v.startsWith("$") ? "<version>" : v;
    }

    static String buildProperty(String name) {
        try (InputStream in = Main.class.getClassLoader().getResourceAsStream("pgguard/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty(name);
            }
        } catch (IOException e) {
            // unknown
        }
        return null;
    }
}
