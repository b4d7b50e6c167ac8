-- The production state of spec 01 section 3 on top of base-pre017.sql: 017 not applied;
-- send_integration created by hand with 9 of its 15 columns, no indexes, no FKs;
-- clinical_ops_poll_watermark missing (019 could not run); packet.detailed_status with NULLs.
DROP TABLE service_ops.clinical_ops_poll_watermark;

CREATE TABLE service_ops.send_integration (
  message_id bigserial PRIMARY KEY,
  decision_tracking_id uuid NOT NULL,
  workflow_instance_id bigint,
  payload jsonb NOT NULL,
  message_status_id integer,
  created_at timestamptz DEFAULT CURRENT_TIMESTAMP,
  audit_user varchar(100),
  audit_timestamp timestamptz DEFAULT CURRENT_TIMESTAMP,
  is_deleted boolean DEFAULT false
);
INSERT INTO service_ops.send_integration (decision_tracking_id, workflow_instance_id, payload, message_status_id,
    created_at, audit_user, audit_timestamp, is_deleted)
SELECT md5('packet' || (1 + g % 300))::uuid, 1 + g % 50,
       jsonb_build_object('message_type', CASE WHEN g % 2 = 0 THEN 'ESMD_PAYLOAD' ELSE 'LETTER_PACKAGE' END, 'seq', g),
       1 + g % 4, timestamptz '2024-01-10 12:00:00+00' + g * interval '2 hours', 'svc-' || (g % 5),
       timestamptz '2024-01-10 12:00:00+00' + g * interval '2 hours', false
FROM generate_series(1, 120) g;
SELECT setval('service_ops.send_integration_message_id_seq', 120);

UPDATE service_ops.packet SET detailed_status = NULL WHERE packet_id % 7 = 0;
