package dev.pgguard.check;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds names that match case-insensitively, for the "did you mean" part of a failure message.
 * Runs only on the failing path of a check; the passing path never pays for it.
 */
final class NearMatch {

    private NearMatch() {
    }

    /** Relations named like {@code name} in any schema, the given schema first. */
    static String relation(CatalogSession s, String schema, String name) throws CheckException {
        List<String> found = s.query(
                "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c"
                        + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE pg_catalog.lower(c.relname) = pg_catalog.lower(?)"
                        + " AND c.relkind IN ('r','p','v','m','f')"
                        + " ORDER BY n.nspname = ? DESC, n.nspname, c.relname LIMIT 3",
                List.of(name, schema),
                rs -> {
                    List<String> names = new ArrayList<>();
                    while (rs.next()) {
                        names.add(Identifiers.display(rs.getString(1), rs.getString(2)));
                    }
                    return names;
                });
        return found.isEmpty() ? "" : " (did you mean " + String.join(" or ", found) + "?)";
    }

    /** Columns of the given relation named like {@code column}. */
    static String column(CatalogSession s, String schema, String table, String column) throws CheckException {
        List<String> found = s.query(
                "SELECT a.attname FROM pg_catalog.pg_attribute a"
                        + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                        + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ?::name AND c.relname = ?::name AND a.attnum > 0 AND NOT a.attisdropped"
                        + " AND pg_catalog.lower(a.attname) = pg_catalog.lower(?) ORDER BY a.attnum LIMIT 3",
                List.of(schema, table, column),
                rs -> {
                    List<String> names = new ArrayList<>();
                    while (rs.next()) {
                        names.add(Identifiers.display(rs.getString(1)));
                    }
                    return names;
                });
        return found.isEmpty() ? "" : " (did you mean " + String.join(" or ", found) + "?)";
    }

    /** Constraints of the given table named like {@code constraint}. */
    static String constraint(CatalogSession s, String schema, String table, String constraint) throws CheckException {
        return names(s, "SELECT k.conname FROM pg_catalog.pg_constraint k"
                        + " JOIN pg_catalog.pg_class c ON c.oid = k.conrelid"
                        + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ?::name AND c.relname = ?::name"
                        + " AND pg_catalog.lower(k.conname) = pg_catalog.lower(?) ORDER BY k.conname LIMIT 3",
                List.of(schema, table, constraint), false);
    }

    /** Indexes named like {@code index} in any schema, the given schema first. */
    static String index(CatalogSession s, String schema, String index) throws CheckException {
        return names(s, "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c"
                        + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE pg_catalog.lower(c.relname) = pg_catalog.lower(?) AND c.relkind IN ('i','I')"
                        + " ORDER BY n.nspname = ? DESC, n.nspname, c.relname LIMIT 3",
                List.of(index, schema), true);
    }

    private static String names(CatalogSession s, String sql, List<String> params, boolean qualified) throws CheckException {
        List<String> found = s.query(sql, params, rs -> {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(qualified ? Identifiers.display(rs.getString(1), rs.getString(2)) : Identifiers.display(rs.getString(1)));
            }
            return names;
        });
        return found.isEmpty() ? "" : " (did you mean " + String.join(" or ", found) + "?)";
    }
}
