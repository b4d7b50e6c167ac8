package dev.pgguard.lint;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which {@code ALTER COLUMN … TYPE} changes PostgreSQL makes without rewriting the table (and
 * without rebuilding its indexes): the binary-coercible cases below. Anything else rewrites the
 * whole table under an ACCESS EXCLUSIVE lock.
 *
 * <ul>
 *   <li>the same type;
 *   <li>{@code varchar(n)} → {@code varchar(m)} with m ≥ n, {@code varchar}, {@code text};
 *       {@code varchar} ↔ {@code text};
 *   <li>{@code numeric(p,s)} → {@code numeric(q,s)} with q ≥ p, or {@code numeric};
 *   <li>{@code varbit(n)} → {@code varbit(m)} with m ≥ n, or {@code varbit}; {@code cidr} → {@code inet};
 *   <li>{@code timestamp} ↔ {@code timestamptz} when the changeset set the session TimeZone to UTC
 *       before it (PostgreSQL 12+ then only changes the catalog).
 * </ul>
 */
final class TypeChange {

    private static final Map<String, String> ALIASES = Map.ofEntries(Map.entry("character varying", "varchar"),
            Map.entry("timestamp without time zone", "timestamp"), Map.entry("timestamp with time zone", "timestamptz"),
            Map.entry("integer", "int4"), Map.entry("int", "int4"), Map.entry("smallint", "int2"), Map.entry("bigint", "int8"),
            Map.entry("decimal", "numeric"), Map.entry("bit varying", "varbit"), Map.entry("boolean", "bool"));
    private static final Pattern SIZED = Pattern.compile("^([a-z0-9 ]+?)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)$");

    private TypeChange() {
    }

    /** Lower case, one space, aliases folded ({@code character varying(20)} → {@code varchar(20)}). */
    static String normalize(String type) {
        String t = type.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT).replaceAll("\\s*\\(\\s*", "(")
                .replaceAll("\\s*\\)", ")").replaceAll("\\s*,\\s*", ",");
        for (Map.Entry<String, String> a : ALIASES.entrySet()) {
            if (t.equals(a.getKey()) || t.startsWith(a.getKey() + "(")) {
                return a.getValue() + t.substring(a.getKey().length());
            }
        }
        return t;
    }

    /** Null when {@code from} → {@code to} needs no rewrite, otherwise what to do instead. */
    static String safe(String from, String to, boolean utc) {
        if (from == null) {
            return "on an existing table: the linter cannot tell the current type, so assume a rewrite under an ACCESS "
                    + "EXCLUSIVE lock; guard the changeset with columnTypeIs (the current type) so a binary-coercible "
                    + "change is recognised, or add a new column and backfill it in batches";
        }
        if (from.equals(to)) {
            return null;
        }
        if ((from.equals("timestamp") && to.equals("timestamptz")) || (from.equals("timestamptz") && to.equals("timestamp"))) {
            return utc ? null : "from " + from + " rewrites the table unless the session TimeZone is UTC: set it first in "
                    + "the same changeset (set_config('TimeZone', 'UTC', true) with lock_timeout in a DO block)";
        }
        Sized f = Sized.of(from);
        Sized t = Sized.of(to);
        if (f.base.equals("varchar") && (to.equals("text") || (t.base.equals("varchar") && (t.n < 0 || (f.n >= 0 && t.n >= f.n))))) {
            return null;
        }
        if (from.equals("text") && to.equals("varchar")) {
            return null;
        }
        if (f.base.equals("numeric") && t.base.equals("numeric") && (t.n < 0 || (f.n >= 0 && t.n >= f.n && t.s == f.s))) {
            return null;
        }
        if (f.base.equals("varbit") && t.base.equals("varbit") && (t.n < 0 || (f.n >= 0 && t.n >= f.n))) {
            return null;
        }
        if (from.equals("cidr") && to.equals("inet")) {
            return null;
        }
        return "from " + from + " rewrites the table and its indexes under an ACCESS EXCLUSIVE lock: add a new column, "
                + "backfill it in batches, switch readers, then drop the old one";
    }

    private record Sized(String base, int n, int s) {
        static Sized of(String type) {
            Matcher m = SIZED.matcher(type);
            if (m.matches()) {
                return new Sized(normalize(m.group(1)), Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
            }
            return new Sized(type, -1, 0);
        }
    }
}
