package dev.pgguard.check;

import java.util.List;
import java.util.Locale;

/**
 * {@code sessionSettingIs}: the session's value of a setting ({@code current_setting(name, true)}),
 * compared case-insensitively as PostgreSQL reads setting values ({@code UTC}/{@code utc}).
 */
final class SessionSettingCheck implements Check {

    private final String name;
    private final String value;

    SessionSettingCheck(Attributes a) {
        this.name = a.string("name");
        this.value = a.string("value");
    }

    @Override
    public String key() {
        return "sessionSettingIs";
    }

    @Override
    public String describe() {
        return "setting " + name + " is " + value;
    }

    @Override
    public Outcome evaluate(CatalogSession s) throws CheckException {
        String found = s.query("SELECT pg_catalog.current_setting(?, true)", List.of(name),
                rs -> rs.next() ? rs.getString(1) : null);
        if (found == null) {
            throw new CheckException("setting " + Literals.quote(name) + " is unknown to the server"
                    + " (not a PostgreSQL setting and no custom setting of that name is set)");
        }
        if (found.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
            return Outcome.holds(name + " is " + found);
        }
        return Outcome.fails(name + " is " + found + ", expected " + value);
    }
}
