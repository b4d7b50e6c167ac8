package dev.pgguard.bench.safety;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One domain of the safety benchmark: its production-sized starting state
 * ({@code safety/<domain>/state.sql}, {@code ${rows}} replaced), its naive baseline
 * ({@code safety/<domain>/naive.sql}), the schemas whose relations are watched, and the writer
 * load: single-row statements on the tables the migration changes, using only columns that exist
 * (and values that are valid) both before and after the migration.
 */
record SafetyDomain(String name, List<String> schemas, String longReadSql, List<WriterOp> ops) {

    /** A statement a writer runs; {@code bind} fills its parameters for one execution. */
    record WriterOp(String label, boolean write, String sql, Binder bind) {
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps, ThreadLocalRandom r, long rows, AtomicLong nextId) throws SQLException;
    }

    String stateResource() {
        return "safety/" + name + "/state.sql";
    }

    String naiveResource() {
        return "safety/" + name + "/naive.sql";
    }

    static SafetyDomain named(String name) {
        return switch (name) {
            case "packet-workflow" -> packetWorkflow();
            case "system-configuration" -> systemConfiguration();
            case "upf-fixes" -> upfFixes();
            default -> throw new IllegalArgumentException("no safety workload for domain " + name
                    + " (known: packet-workflow, system-configuration, upf-fixes)");
        };
    }

    private static long anyRow(ThreadLocalRandom r, long rows) {
        return 1 + r.nextLong(rows);
    }

    private static final String[] DETAILED = {"Pending - New", "Intake", "Validation", "Pending - Clinical Review",
        "Clinical Decision Received", "Pending - UTN", "UTN Received", "Decision Complete", "Dismissal", "Dismissal Complete"};

    static SafetyDomain packetWorkflow() {
        return new SafetyDomain("packet-workflow", List.of("service_ops"), "SELECT count(*) FROM service_ops.packet WHERE packet_id < 1000", List.of(
                new WriterOp("INSERT packet", true,
                        "INSERT INTO service_ops.packet (packet_id, decision_tracking_id, detailed_status) VALUES (?, ?::uuid, 'Intake')",
                        (ps, r, rows, id) -> {
                            ps.setLong(1, id.incrementAndGet());
                            ps.setString(2, UUID.randomUUID().toString());
                        }),
                new WriterOp("UPDATE packet", true,
                        "UPDATE service_ops.packet SET detailed_status = ? WHERE packet_id = ?",
                        (ps, r, rows, id) -> {
                            ps.setString(1, DETAILED[r.nextInt(DETAILED.length)]);
                            ps.setLong(2, anyRow(r, rows));
                        }),
                new WriterOp("INSERT packet_decision", true,
                        "INSERT INTO service_ops.packet_decision (packet_id, packet_document_id, decision_type, created_by) VALUES (?, ?, 'APPROVE', 'writer')",
                        (ps, r, rows, id) -> {
                            ps.setLong(1, anyRow(r, rows));
                            ps.setLong(2, anyRow(r, rows));
                        }),
                new WriterOp("UPDATE packet_decision", true,
                        "UPDATE service_ops.packet_decision SET notes = ? WHERE packet_decision_id = ?",
                        (ps, r, rows, id) -> {
                            ps.setString(1, "note " + r.nextInt(1000));
                            ps.setLong(2, anyRow(r, rows));
                        }),
                new WriterOp("INSERT send_serviceops", true,
                        "INSERT INTO service_ops.send_serviceops (decision_tracking_id, workflow_instance_id, payload, message_status_id, audit_user) "
                                + "VALUES (?::uuid, 1, '{\"message_type\": \"ESMD_PAYLOAD\"}'::jsonb, 1, 'writer')",
                        (ps, r, rows, id) -> ps.setString(1, UUID.randomUUID().toString())),
                new WriterOp("UPDATE send_serviceops", true,
                        "UPDATE service_ops.send_serviceops SET message_status_id = ? WHERE message_id = ?",
                        (ps, r, rows, id) -> {
                            ps.setInt(1, 1 + r.nextInt(4));
                            ps.setLong(2, anyRow(r, rows));
                        }),
                new WriterOp("INSERT send_integration", true,
                        "INSERT INTO service_ops.send_integration (decision_tracking_id, workflow_instance_id, payload, message_status_id, audit_user) "
                                + "VALUES (?::uuid, 2, '{\"message_type\": \"LETTER_PACKAGE\"}'::jsonb, 1, 'writer')",
                        (ps, r, rows, id) -> ps.setString(1, UUID.randomUUID().toString())),
                new WriterOp("UPDATE send_integration", true,
                        "UPDATE service_ops.send_integration SET message_status_id = ? WHERE message_id = ?",
                        (ps, r, rows, id) -> {
                            ps.setInt(1, 1 + r.nextInt(4));
                            ps.setLong(2, 1 + r.nextLong(Math.max(1, rows / 10)));
                        }),
                new WriterOp("SELECT packet", false,
                        "SELECT detailed_status FROM service_ops.packet WHERE packet_id = ?",
                        (ps, r, rows, id) -> ps.setLong(1, anyRow(r, rows))),
                new WriterOp("SELECT packet_decision", false,
                        "SELECT decision_type, letter_status FROM service_ops.packet_decision WHERE packet_decision_id = ?",
                        (ps, r, rows, id) -> ps.setLong(1, anyRow(r, rows))),
                new WriterOp("SELECT send_serviceops", false,
                        "SELECT payload FROM service_ops.send_serviceops WHERE message_id = ?",
                        (ps, r, rows, id) -> ps.setLong(1, anyRow(r, rows)))));
    }

    /** The uuid the state builds for row {@code n} of a table: {@code md5(prefix || n)::uuid}. */
    static String md5Uuid(String prefix, long n) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("MD5")
                    .digest((prefix + n).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder h = new StringBuilder(36);
            for (int i = 0; i < d.length; i++) {
                if (i == 4 || i == 6 || i == 8 || i == 10) {
                    h.append('-');
                }
                h.append(String.format(Locale.ROOT, "%02x", d[i] & 0xff));
            }
            return h.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Columns that exist before and after the migration; no enum-typed parameter (status becomes an enum). */
    static SafetyDomain systemConfiguration() {
        return new SafetyDomain("system-configuration", List.of("public"), "SELECT count(*) FROM chronic_conditions WHERE id = md5('chronic1')::uuid", List.of(
                new WriterOp("INSERT health_records", true,
                        "INSERT INTO health_records (\"studentId\", \"recordType\", title, description, \"recordDate\") "
                                + "VALUES (?::uuid, 'CHECKUP', 'Visit', 'writer', now())",
                        (ps, r, rows, id) -> ps.setString(1, md5Uuid("student", anyRow(r, rows)))),
                new WriterOp("UPDATE health_records", true,
                        "UPDATE health_records SET notes = ? WHERE id = ?::uuid",
                        (ps, r, rows, id) -> {
                            ps.setString(1, "note " + r.nextInt(1000));
                            ps.setString(2, md5Uuid("hr", anyRow(r, rows)));
                        }),
                new WriterOp("INSERT allergies", true,
                        "INSERT INTO allergies (\"studentId\", allergen) VALUES (?::uuid, 'Peanuts')",
                        (ps, r, rows, id) -> ps.setString(1, md5Uuid("student", anyRow(r, rows)))),
                new WriterOp("UPDATE allergies", true,
                        "UPDATE allergies SET notes = ? WHERE id = ?::uuid",
                        (ps, r, rows, id) -> {
                            ps.setString(1, "note " + r.nextInt(1000));
                            ps.setString(2, md5Uuid("allergy", anyRow(r, rows)));
                        }),
                new WriterOp("INSERT chronic_conditions", true,
                        "INSERT INTO chronic_conditions (\"studentId\", \"conditionName\", \"diagnosedDate\") VALUES (?::uuid, 'Asthma', now())",
                        (ps, r, rows, id) -> ps.setString(1, md5Uuid("student", anyRow(r, rows)))),
                new WriterOp("UPDATE chronic_conditions", true,
                        "UPDATE chronic_conditions SET notes = ? WHERE id = ?::uuid",
                        (ps, r, rows, id) -> {
                            ps.setString(1, "note " + r.nextInt(1000));
                            ps.setString(2, md5Uuid("chronic", anyRow(r, rows)));
                        }),
                new WriterOp("UPDATE students", true,
                        "UPDATE students SET \"updatedAt\" = now() WHERE id = ?::uuid",
                        (ps, r, rows, id) -> ps.setString(1, md5Uuid("student", anyRow(r, rows)))),
                new WriterOp("SELECT students", false,
                        "SELECT \"lastName\", grade FROM students WHERE id = ?::uuid",
                        (ps, r, rows, id) -> ps.setString(1, md5Uuid("student", anyRow(r, rows)))),
                new WriterOp("SELECT health_records", false,
                        "SELECT title FROM health_records WHERE id = ?::uuid",
                        (ps, r, rows, id) -> ps.setString(1, md5Uuid("hr", anyRow(r, rows))))));
    }

    private static final String[] LOT_STATUS = {"Planning", "Ready", "In Progress", "Completed", "Failed"};

    /** Statuses valid under the title-case CHECK before and the lower(status) CHECK after. */
    static SafetyDomain upfFixes() {
        return new SafetyDomain("upf-fixes", List.of("public"), "SELECT count(*) FROM production_lots WHERE id < 1000", List.of(
                new WriterOp("INSERT production_lots", true,
                        "INSERT INTO production_lots (lot_number, process_id, quantity, status, created_by) VALUES (?, ?, ?, 'Planning', ?)",
                        (ps, r, rows, id) -> {
                            ps.setString(1, "W-" + id.incrementAndGet());
                            ps.setInt(2, 1 + r.nextInt(5));
                            ps.setInt(3, 1 + r.nextInt(100));
                            ps.setInt(4, 1 + r.nextInt(200));
                        }),
                new WriterOp("UPDATE production_lots status", true,
                        "UPDATE production_lots SET status = ? WHERE id = ?",
                        (ps, r, rows, id) -> {
                            ps.setString(1, LOT_STATUS[r.nextInt(LOT_STATUS.length)]);
                            ps.setLong(2, anyRow(r, rows));
                        }),
                new WriterOp("UPDATE production_lots quantity", true,
                        "UPDATE production_lots SET quantity = ? WHERE id = ?",
                        (ps, r, rows, id) -> {
                            ps.setInt(1, 1 + r.nextInt(100));
                            ps.setLong(2, anyRow(r, rows));
                        }),
                new WriterOp("INSERT item_master", true,
                        "INSERT INTO item_master (name, description, model_id, variation_id) VALUES (?, 'writer', 1, 1)",
                        (ps, r, rows, id) -> ps.setString(1, "W-" + id.incrementAndGet())),
                new WriterOp("UPDATE item_master", true,
                        "UPDATE item_master SET description = ? WHERE item_id = ?",
                        (ps, r, rows, id) -> {
                            ps.setString(1, "batch " + r.nextInt(100));
                            ps.setLong(2, 1 + r.nextLong(Math.max(1, rows / 10)));
                        }),
                new WriterOp("UPDATE substitute_groups", true,
                        "UPDATE substitute_groups SET group_description = ? WHERE id = ?",
                        (ps, r, rows, id) -> {
                            ps.setString(1, "sizes " + r.nextInt(100));
                            ps.setLong(2, 1 + r.nextInt(1400));
                        }),
                new WriterOp("SELECT production_lots", false,
                        "SELECT status, quantity FROM production_lots WHERE id = ?",
                        (ps, r, rows, id) -> ps.setLong(1, anyRow(r, rows))),
                new WriterOp("SELECT item_master", false,
                        "SELECT name FROM item_master WHERE item_id = ?",
                        (ps, r, rows, id) -> ps.setLong(1, 1 + r.nextLong(Math.max(1, rows / 10))))));
    }

    @Override
    public String toString() {
        return name.toLowerCase(Locale.ROOT);
    }
}
