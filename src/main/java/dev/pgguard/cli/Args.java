package dev.pgguard.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parsed command line: one command and {@code --option value} / {@code --option=value}
 * pairs, in any order. Parsed by hand: a dozen options do not need a library.
 */
final class Args {

    static final List<String> COMMANDS = List.of("update", "update-sql", "rollback", "status", "verify", "lint", "demo",
            "help");

    /** Options that take a value. */
    static final Set<String> VALUED = Set.of("changelog", "url", "user", "password-file", "data-dir", "database",
            "contexts", "labels", "tag", "count", "tag-before", "output", "log-file");
    /** Options that are flags. */
    static final Set<String> FLAGS = Set.of("help", "version");

    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "update", Set.of("changelog", "contexts", "labels", "tag-before", "count"),
            "update-sql", Set.of("changelog", "contexts", "labels", "output"),
            "rollback", Set.of("changelog", "contexts", "labels", "tag", "count"),
            "status", Set.of("changelog", "contexts", "labels"),
            "verify", Set.of("changelog"),
            "lint", Set.of("changelog"),
            "demo", Set.of(),
            "help", Set.of());
    /** Where the database is: every command that touches one. */
    private static final Set<String> CONNECTION = Set.of("url", "user", "password-file", "data-dir", "database", "log-file");

    private final String command;
    private final Map<String, String> options;

    private Args(String command, Map<String, String> options) {
        this.command = command;
        this.options = options;
    }

    static Args parse(String[] argv) throws UsageException {
        String command = null;
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.equals("-h")) {
                a = "--help";
            }
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = a.substring(2, eq < 0 ? a.length() : eq);
                if (name.equals("password")) {
                    // never echo what followed: it may be the password
                    throw new UsageException("--password is not accepted: a password given as an argument is visible to"
                            + " every user of the machine (ps, /proc) and stays in shell history. Set PGPASSWORD, or put it"
                            + " on the first line of a file readable only by you and give --password-file <path>");
                }
                if (FLAGS.contains(name)) {
                    if (eq >= 0) {
                        throw new UsageException("--" + name + " takes no value");
                    }
                    options.put(name, "true");
                } else if (VALUED.contains(name)) {
                    String value;
                    if (eq >= 0) {
                        value = a.substring(eq + 1);
                    } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                        value = argv[++i];
                    } else {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    if (value.isBlank()) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    if (options.put(name, value) != null) {
                        throw new UsageException("--" + name + " given twice");
                    }
                } else {
                    throw new UsageException("unknown option --" + name + " (pgguard --help lists them)");
                }
            } else if (a.startsWith("-") && a.length() > 1) {
                throw new UsageException("unknown option " + a + " (options are --long; pgguard --help lists them)");
            } else if (command == null) {
                if (!COMMANDS.contains(a)) {
                    throw new UsageException("unknown command '" + a + "'; commands: " + String.join(", ", COMMANDS));
                }
                command = a;
            } else {
                throw new UsageException("unexpected argument '" + a + "' after the command " + command);
            }
        }
        Args args = new Args(command, options);
        if (command != null && !options.containsKey("help")) {
            args.checkAllowed();
        }
        return args;
    }

    private void checkAllowed() throws UsageException {
        for (String name : options.keySet()) {
            boolean ok = FLAGS.contains(name) || name.equals("log-file") || ALLOWED.get(command).contains(name)
                    || (CONNECTION.contains(name) && !command.equals("lint") && !command.equals("help"));
            if (!ok) {
                throw new UsageException("--" + name + " does not apply to " + command + " (pgguard " + command
                        + " --help)");
            }
        }
        if (command.equals("demo") && (options.containsKey("url") || options.containsKey("database"))) {
            throw new UsageException("demo always runs on the embedded PostgreSQL (it drops and recreates its own database);"
                    + " use --data-dir to choose where it keeps its data");
        }
        if (options.containsKey("url") && (options.containsKey("data-dir") || options.containsKey("database"))) {
            throw new UsageException("--data-dir and --database are for the embedded PostgreSQL; with --url the database is in the URL");
        }
        if (options.containsKey("url")) {
            String url = options.get("url");
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new UsageException("--url must be a PostgreSQL JDBC URL: jdbc:postgresql://host[:port]/database");
            }
            if (url.toLowerCase(java.util.Locale.ROOT).matches(".*[?&]password=.*")) {
                throw new UsageException("--url must not carry a password (it would be visible to every user of the machine);"
                        + " set PGPASSWORD or give --password-file <path>");
            }
        }
    }

    String command() {
        return command;
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    String require(String name, String why) throws UsageException {
        String v = options.get(name);
        if (v == null) {
            throw new UsageException(command + " needs --" + name + " " + why);
        }
        return v;
    }

    /** A positive integer option. */
    Optional<Integer> count(String name) throws UsageException {
        String v = options.get(name);
        if (v == null) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(v);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return Optional.of(n);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a positive whole number, got '" + v + "'");
        }
    }
}
