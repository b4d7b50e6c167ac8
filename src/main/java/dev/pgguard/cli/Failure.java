package dev.pgguard.cli;

import java.util.LinkedHashSet;
import java.util.Set;

/** Turns a Liquibase exception chain into one readable message, without repeating itself. */
final class Failure {

    private Failure() {
    }

    static String describe(Throwable e) {
        Set<String> parts = new LinkedHashSet<>();
        for (Throwable x = e; x != null && x != x.getCause(); x = x.getCause()) {
            String raw = x.getMessage();
            if (raw == null || raw.isBlank()) {
                continue;
            }
            String m = raw.strip().replaceAll("^((liquibase|java)(\\.\\w+)*\\.\\w*Exception): ", "").strip();
            if (parts.stream().noneMatch(p -> p.contains(m))) {
                parts.removeIf(m::contains);
                parts.add(m);
            }
        }
        return String.join("\n  ", parts);
    }
}
