-- Safety benchmark starting state for packet-workflow: the production state of spec 01 section 3
-- (the battery's base-pre017.sql + delta-production.sql), at production size. ${rows} rows in
-- packet, packet_decision and send_serviceops; ${rows} packet_document rows; ${rows}/10 rows in
-- the hand-made 9-column send_integration. Same shapes, same value patterns as the battery's
-- fixtures (1 packet in 7 with a NULL detailed_status), built set-based, indexes after the load.
DO $$ BEGIN
  IF current_setting('server_version_num')::int < 130000 THEN CREATE EXTENSION IF NOT EXISTS pgcrypto; END IF;
END $$;
CREATE SCHEMA service_ops;

CREATE TABLE service_ops.message_status (
  message_status_id integer PRIMARY KEY,
  status_name text NOT NULL UNIQUE
);
INSERT INTO service_ops.message_status VALUES (1, 'INGESTED'), (2, 'VALIDATED'), (3, 'SENT'), (4, 'ERROR');

CREATE TABLE service_ops.workflow_instance (workflow_instance_id bigint PRIMARY KEY);
INSERT INTO service_ops.workflow_instance SELECT g FROM generate_series(1, 50) g;

CREATE TABLE service_ops.packet (
  packet_id bigint NOT NULL,
  decision_tracking_id uuid NOT NULL,
  detailed_status text
);
INSERT INTO service_ops.packet
SELECT g,
       md5('packet' || g)::uuid,
       CASE WHEN g % 7 = 0 THEN NULL ELSE
       (ARRAY['Pending - New', 'Intake', 'Validation', 'Pending - Clinical Review', 'Clinical Decision Received',
              'Pending - UTN', 'UTN Received', 'Decision Complete', 'Dismissal', 'Dismissal Complete'])[1 + g % 10] END
FROM generate_series(1, ${rows}) g;
ALTER TABLE service_ops.packet ADD PRIMARY KEY (packet_id);
ALTER TABLE service_ops.packet ADD CONSTRAINT uq_packet_decision_tracking_id UNIQUE (decision_tracking_id);
CREATE INDEX idx_packet_decision_tracking_id ON service_ops.packet (decision_tracking_id);

CREATE TABLE service_ops.packet_document (
  packet_document_id bigint NOT NULL,
  packet_id bigint NOT NULL
);
INSERT INTO service_ops.packet_document SELECT g, g FROM generate_series(1, ${rows}) g;
ALTER TABLE service_ops.packet_document ADD PRIMARY KEY (packet_document_id);
ALTER TABLE service_ops.packet_document ADD FOREIGN KEY (packet_id) REFERENCES service_ops.packet (packet_id);

CREATE TABLE service_ops.packet_decision (
  packet_decision_id bigserial NOT NULL,
  packet_id bigint NOT NULL,
  packet_document_id bigint NOT NULL,
  decision_type text NOT NULL CHECK (decision_type IN ('APPROVE', 'DISMISSAL')),
  denial_reason text CHECK (denial_reason IN ('MISSING_FIELDS', 'INVALID_PECOS', 'INVALID_HETS', 'PROCEDURE_NOT_SUPPORTED', 'NO_MEDICAL_RECORDS', 'OTHER')),
  denial_details jsonb,
  notes text,
  linked_validation_run_ids jsonb,
  correlation_id uuid NOT NULL DEFAULT gen_random_uuid(),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  decision_subtype text,
  decision_outcome text,
  part_type text,
  esmd_request_status text DEFAULT 'NOT_SENT',
  esmd_request_payload jsonb,
  esmd_request_payload_history jsonb DEFAULT '[]'::jsonb,
  esmd_attempt_count integer DEFAULT 0,
  esmd_last_sent_at timestamptz,
  esmd_last_error text,
  utn text,
  utn_status text DEFAULT 'NONE',
  utn_received_at timestamptz,
  utn_fail_payload jsonb,
  utn_action_required text,
  requires_utn_fix boolean DEFAULT false,
  letter_owner text,
  letter_status text DEFAULT 'NONE',
  letter_package jsonb,
  letter_medical_docs jsonb DEFAULT '[]'::jsonb,
  letter_generated_at timestamptz,
  letter_sent_to_integration_at timestamptz,
  CONSTRAINT check_letter_status CHECK (letter_status IS NULL OR letter_status IN ('NONE', 'PENDING', 'READY', 'FAILED', 'SENT'))
);
INSERT INTO service_ops.packet_decision (packet_decision_id, packet_id, packet_document_id, decision_type, denial_reason, denial_details,
    correlation_id, created_by, created_at, utn_status, letter_status, requires_utn_fix)
SELECT g, 1 + (g % ${rows}), 1 + ((g + 1) % ${rows}),
       CASE WHEN g % 3 = 0 THEN 'DISMISSAL' ELSE 'APPROVE' END,
       CASE WHEN g % 3 = 0 THEN 'MISSING_FIELDS' END,
       CASE WHEN g % 3 = 0 THEN jsonb_build_object('field', 'npi', 'n', g) END,
       md5('decision' || g)::uuid, 'reviewer' || (g % 7),
       timestamptz '2024-03-01 08:00:00+00' + g * interval '37 seconds',
       (ARRAY['NONE', 'PENDING', 'RECEIVED'])[1 + g % 3],
       (ARRAY['NONE', 'PENDING', 'READY', 'FAILED', 'SENT', NULL])[1 + g % 6],
       g % 11 = 0
FROM generate_series(1, ${rows}) g;
ALTER TABLE service_ops.packet_decision ADD PRIMARY KEY (packet_decision_id);
ALTER TABLE service_ops.packet_decision ADD FOREIGN KEY (packet_id) REFERENCES service_ops.packet (packet_id) ON DELETE CASCADE;
ALTER TABLE service_ops.packet_decision ADD FOREIGN KEY (packet_document_id) REFERENCES service_ops.packet_document (packet_document_id) ON DELETE CASCADE;
CREATE INDEX idx_packet_decision_doc_time ON service_ops.packet_decision (packet_document_id, created_at DESC);
CREATE INDEX idx_packet_decision_packet_time ON service_ops.packet_decision (packet_id, created_at DESC);
CREATE INDEX idx_packet_decision_type_doc ON service_ops.packet_decision (decision_type, packet_document_id);
CREATE UNIQUE INDEX idx_packet_decision_idempotency ON service_ops.packet_decision (decision_type, packet_document_id, correlation_id);
CREATE INDEX idx_packet_decision_correlation_id ON service_ops.packet_decision (correlation_id);
CREATE INDEX idx_packet_decision_denial_details ON service_ops.packet_decision USING gin (denial_details);
CREATE INDEX idx_packet_decision_linked_runs ON service_ops.packet_decision USING gin (linked_validation_run_ids);
CREATE INDEX idx_packet_decision_utn_status ON service_ops.packet_decision (utn_status) WHERE utn_status IS NOT NULL;
CREATE INDEX idx_packet_decision_requires_utn_fix ON service_ops.packet_decision (requires_utn_fix) WHERE requires_utn_fix = true;
CREATE INDEX idx_packet_decision_esmd_request_status ON service_ops.packet_decision (esmd_request_status) WHERE esmd_request_status IS NOT NULL;
CREATE INDEX idx_packet_decision_letter_status ON service_ops.packet_decision (letter_status) WHERE letter_status IS NOT NULL;
CREATE INDEX idx_packet_decision_decision_outcome ON service_ops.packet_decision (decision_outcome) WHERE decision_outcome IS NOT NULL;
SELECT setval('service_ops.packet_decision_packet_decision_id_seq', ${rows});

CREATE TABLE service_ops.send_serviceops (
  message_id bigserial NOT NULL,
  decision_tracking_id uuid NOT NULL,
  workflow_instance_id bigint,
  payload jsonb NOT NULL,
  message_status_id integer,
  created_at timestamp DEFAULT CURRENT_TIMESTAMP,
  audit_user varchar(100),
  audit_timestamp timestamptz DEFAULT CURRENT_TIMESTAMP,
  is_deleted boolean DEFAULT false
);
INSERT INTO service_ops.send_serviceops (message_id, decision_tracking_id, workflow_instance_id, payload, message_status_id,
    created_at, audit_user, audit_timestamp, is_deleted)
SELECT g, md5('packet' || (1 + g % ${rows}))::uuid, 1 + g % 50,
       jsonb_build_object('message_type', CASE WHEN g % 2 = 0 THEN 'ESMD_PAYLOAD' ELSE 'LETTER_PACKAGE' END, 'seq', g),
       1 + g % 4, timestamp '2024-01-01 00:00:00' + g * interval '7 seconds', 'svc-' || (g % 5),
       timestamptz '2024-01-01 00:00:00+00' + g * interval '7 seconds', g % 13 = 0
FROM generate_series(1, ${rows}) g;
ALTER TABLE service_ops.send_serviceops ADD PRIMARY KEY (message_id);
SELECT setval('service_ops.send_serviceops_message_id_seq', ${rows});

CREATE TABLE service_ops.integration_poll_watermark (
  id smallint PRIMARY KEY DEFAULT 1,
  last_created_at timestamp NOT NULL DEFAULT '1970-01-01 00:00:00',
  last_message_id bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT chk_integration_poll_watermark_single_row CHECK (id = 1)
);
INSERT INTO service_ops.integration_poll_watermark VALUES (1, '2024-06-30 23:15:00', 4711, '2024-07-01 00:00:00+00');

-- delta-production: send_integration created by hand with 9 of its 15 columns, no indexes, no FKs;
-- clinical_ops_poll_watermark missing
CREATE TABLE service_ops.send_integration (
  message_id bigserial NOT NULL,
  decision_tracking_id uuid NOT NULL,
  workflow_instance_id bigint,
  payload jsonb NOT NULL,
  message_status_id integer,
  created_at timestamptz DEFAULT CURRENT_TIMESTAMP,
  audit_user varchar(100),
  audit_timestamp timestamptz DEFAULT CURRENT_TIMESTAMP,
  is_deleted boolean DEFAULT false
);
INSERT INTO service_ops.send_integration (message_id, decision_tracking_id, workflow_instance_id, payload, message_status_id,
    created_at, audit_user, audit_timestamp, is_deleted)
SELECT g, md5('packet' || (1 + g % ${rows}))::uuid, 1 + g % 50,
       jsonb_build_object('message_type', CASE WHEN g % 2 = 0 THEN 'ESMD_PAYLOAD' ELSE 'LETTER_PACKAGE' END, 'seq', g),
       1 + g % 4, timestamptz '2024-01-10 12:00:00+00' + g * interval '20 seconds', 'svc-' || (g % 5),
       timestamptz '2024-01-10 12:00:00+00' + g * interval '20 seconds', false
FROM generate_series(1, ${rows} / 10) g;
ALTER TABLE service_ops.send_integration ADD PRIMARY KEY (message_id);
SELECT setval('service_ops.send_integration_message_id_seq', ${rows} / 10);
