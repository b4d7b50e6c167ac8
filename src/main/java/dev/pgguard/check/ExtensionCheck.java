package dev.pgguard.check;

import java.util.List;

/**
 * {@code extensionPresent} / {@code extensionMissing}: an installed extension of exactly this
 * name; for {@code extensionPresent} optionally installed in the schema of exactly this name.
 */
final class ExtensionCheck implements Check {

    private static final String SQL =
            "SELECT n.nspname, e.extversion FROM pg_catalog.pg_extension e"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace"
                    + " WHERE e.extname = ?::name";

    private static final String HINT =
            "SELECT (SELECT pg_catalog.string_agg(e.extname::text, ' or ' ORDER BY e.extname) FROM pg_catalog.pg_extension e"
                    + "  WHERE pg_catalog.lower(e.extname) = pg_catalog.lower(?)),"
                    + " (SELECT a.default_version FROM pg_catalog.pg_available_extensions a WHERE a.name = ?::name)";

    private final boolean wantPresent;
    private final String extensionName;
    private final String schemaName;

    private record Found(String schema, String version) {
    }

    ExtensionCheck(boolean wantPresent, Attributes a) {
        this.wantPresent = wantPresent;
        this.extensionName = a.string("extensionName");
        this.schemaName = wantPresent ? a.orNull("schemaName") : null;
    }

    @Override
    public String key() {
        return wantPresent ? "extensionPresent" : "extensionMissing";
    }

    @Override
    public String describe() {
        String name = "extension " + Identifiers.display(extensionName);
        if (!wantPresent) {
            return name + " is not installed";
        }
        return name + " is installed" + (schemaName == null ? "" : " in schema " + Identifiers.display(schemaName));
    }

    @Override
    public Outcome evaluate(CatalogSession s) throws CheckException {
        String name = "extension " + Identifiers.display(extensionName);
        Found f = s.query(SQL, List.of(extensionName), rs -> rs.next() ? new Found(rs.getString(1), rs.getString(2)) : null);
        if (!wantPresent) {
            return f == null ? Outcome.holds(name + " is not installed")
                    : Outcome.fails(name + " is installed (version " + f.version() + ", schema "
                    + Identifiers.display(f.schema()) + "), expected it not to be");
        }
        if (f == null) {
            return Outcome.fails(name + " is not installed" + hint(s));
        }
        String found = name + " is installed in schema " + Identifiers.display(f.schema()) + " (version " + f.version() + ")";
        if (schemaName != null && !schemaName.equals(f.schema())) {
            return Outcome.fails(found + ", expected schema " + Identifiers.display(schemaName));
        }
        return Outcome.holds(found);
    }

    private String hint(CatalogSession s) throws CheckException {
        return s.query(HINT, List.of(extensionName, extensionName), rs -> {
            rs.next();
            String near = rs.getString(1);
            String available = rs.getString(2);
            if (near != null) {
                return " (did you mean " + near + "?)";
            }
            return available == null ? "; it is not available on the server either"
                    : "; the server offers version " + available + " (CREATE EXTENSION " + Identifiers.display(extensionName) + ")";
        });
    }
}
