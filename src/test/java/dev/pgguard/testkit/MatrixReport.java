package dev.pgguard.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prints the version matrix (profile {@code matrix}) from the failsafe summaries of its cells,
 * {@code target/matrix/pg<NN>-lb<version>/failsafe-summary.xml}, as a Markdown table, writes it to
 * {@code target/matrix/matrix.md}, and exits non-zero when a cell failed or did not run.
 */
public final class MatrixReport {

    private static final Pattern CELL = Pattern.compile("pg(\\d+)-lb(.+)");

    private MatrixReport() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "target/matrix");
        Map<String, Map<Integer, String>> cells = new TreeMap<>();
        TreeSet<Integer> majors = new TreeSet<>();
        boolean allPassed = true;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : (Iterable<Path>) dirs.sorted()::iterator) {
                Matcher m = CELL.matcher(dir.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                int major = Integer.parseInt(m.group(1));
                majors.add(major);
                String verdict = verdict(dir.resolve("failsafe-summary.xml"));
                allPassed &= verdict.startsWith("pass");
                cells.computeIfAbsent(m.group(2), k -> new TreeMap<>()).put(major, verdict);
            }
        }
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder("| Liquibase \\ PostgreSQL |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int major : majors) {
            header.append(' ').append(major).append(" |");
            rule.append("---|");
        }
        lines.add(header.toString());
        lines.add(rule.toString());
        cells.forEach((lb, row) -> {
            StringBuilder line = new StringBuilder("| " + lb + " |");
            for (int major : majors) {
                line.append(' ').append(row.getOrDefault(major, "not run")).append(" |");
            }
            lines.add(line.toString());
        });
        String table = String.join("\n", lines) + "\n";
        Files.writeString(root.resolve("matrix.md"), table);
        System.out.println(table);
        if (!allPassed) {
            System.err.println("matrix: at least one cell failed; see " + root);
            System.exit(1);
        }
    }

    private static String verdict(Path summary) throws IOException {
        if (!Files.exists(summary)) {
            return "not run";
        }
        String xml = Files.readString(summary);
        int completed = number(xml, "completed");
        int errors = number(xml, "errors");
        int failures = number(xml, "failures");
        if (completed == 0) {
            return "no tests";
        }
        return errors + failures == 0 ? "pass (" + completed + ")" : "FAIL (" + (errors + failures) + " of " + completed + ")";
    }

    private static int number(String xml, String tag) {
        Matcher m = Pattern.compile("<" + tag + ">(\\d+)</" + tag + ">").matcher(xml);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
