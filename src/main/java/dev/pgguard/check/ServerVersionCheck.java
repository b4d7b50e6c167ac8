package dev.pgguard.check;

import java.util.List;

/** {@code serverVersionAtLeast}: server_version_num is at least the given major[.minor] version. */
final class ServerVersionCheck implements Check {

    private final String version;
    private final int wantNum;

    ServerVersionCheck(Attributes a) {
        this.version = a.string("version");
        String[] parts = version.split("\\.");
        this.wantNum = Integer.parseInt(parts[0]) * 10000 + (parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
    }

    @Override
    public String key() {
        return "serverVersionAtLeast";
    }

    @Override
    public String describe() {
        return "server is PostgreSQL " + version + " or later";
    }

    @Override
    public Outcome evaluate(CatalogSession s) throws CheckException {
        int num = s.query("SELECT pg_catalog.current_setting('server_version_num')::int", List.of(),
                rs -> rs.next() ? rs.getInt(1) : 0);
        String found = "server is PostgreSQL " + display(num) + " (" + num + ")";
        return num >= wantNum ? Outcome.holds(found + ", at least " + version)
                : Outcome.fails(found + ", expected at least " + version);
    }

    /** 170006 as 17.6; before version 10, 90624 as 9.6.24. */
    static String display(int num) {
        if (num >= 100000) {
            return num / 10000 + "." + num % 10000;
        }
        return num / 10000 + "." + num / 100 % 100 + "." + num % 100;
    }
}
