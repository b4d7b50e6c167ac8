package dev.pgguard.lock;

import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * The session that holds a changelog lock, from {@code pg_stat_activity}. Fields another role may
 * not see (without {@code pg_read_all_stats}) are null.
 */
public record LockHolder(int pid, String user, String applicationName, String clientAddress, OffsetDateTime backendStart,
        OffsetDateTime transactionStart, String state, String query) {

    private static final int QUERY_CHARS = 200;

    /** "pid 4711, application_name 'orders-7f9c', user migrator, from 10.1.2.3, connected since …, …". */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append("pid ").append(pid);
        s.append(", application_name '").append(applicationName == null ? "" : applicationName).append('\'');
        if (user != null) {
            s.append(", user ").append(user);
        }
        s.append(", from ").append(clientAddress == null ? "a local socket (or not visible to this role)" : clientAddress);
        if (backendStart != null) {
            s.append(", connected since ").append(backendStart);
        }
        if (transactionStart != null) {
            s.append(", current transaction since ").append(transactionStart);
        }
        if (state != null) {
            s.append(", state ").append(state);
        }
        if (query != null && !query.isBlank()) {
            String q = query.strip().replaceAll("\\s+", " ");
            if (q.length() > QUERY_CHARS) {
                q = q.substring(0, QUERY_CHARS) + "…";
            }
            s.append(", ").append(state != null && state.toLowerCase(Locale.ROOT).startsWith("active") ? "running" : "last query")
                    .append(": ").append(q);
        }
        return s.toString();
    }
}
