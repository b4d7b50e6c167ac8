-- packet-workflow fixture: the schema as of migration 016 (before 017-022), with realistic rows.
-- Shapes: spec 01 section 1. Deterministic data (no random()), so checksums are stable.
CREATE SCHEMA service_ops;

CREATE TABLE service_ops.message_status (
  message_status_id integer PRIMARY KEY,
  status_name text NOT NULL UNIQUE
);
INSERT INTO service_ops.message_status VALUES (1, 'INGESTED'), (2, 'VALIDATED'), (3, 'SENT'), (4, 'ERROR');

CREATE TABLE service_ops.workflow_instance (workflow_instance_id bigint PRIMARY KEY);
INSERT INTO service_ops.workflow_instance SELECT g FROM generate_series(1, 50) g;

CREATE TABLE service_ops.packet (
  packet_id bigint PRIMARY KEY,
  decision_tracking_id uuid NOT NULL,
  detailed_status text,
  CONSTRAINT uq_packet_decision_tracking_id UNIQUE (decision_tracking_id)
);
CREATE INDEX idx_packet_decision_tracking_id ON service_ops.packet (decision_tracking_id);
INSERT INTO service_ops.packet
SELECT g,
       md5('packet' || g)::uuid,
       (ARRAY['Pending - New', 'Intake', 'Validation', 'Pending - Clinical Review', 'Clinical Decision Received',
              'Pending - UTN', 'UTN Received', 'Decision Complete', 'Dismissal', 'Dismissal Complete'])[1 + g % 10]
FROM generate_series(1, 300) g;

CREATE TABLE service_ops.packet_document (
  packet_document_id bigint PRIMARY KEY,
  packet_id bigint NOT NULL REFERENCES service_ops.packet (packet_id)
);
INSERT INTO service_ops.packet_document SELECT 1000 + g, 1 + (g % 300) FROM generate_series(1, 600) g;

CREATE TABLE service_ops.packet_decision (
  packet_decision_id bigserial PRIMARY KEY,
  packet_id bigint NOT NULL REFERENCES service_ops.packet (packet_id) ON DELETE CASCADE,
  packet_document_id bigint NOT NULL REFERENCES service_ops.packet_document (packet_document_id) ON DELETE CASCADE,
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
INSERT INTO service_ops.packet_decision (packet_id, packet_document_id, decision_type, denial_reason, denial_details,
    correlation_id, created_by, created_at, utn_status, letter_status, requires_utn_fix)
SELECT 1 + (g % 300), 1001 + (g % 600),
       CASE WHEN g % 3 = 0 THEN 'DISMISSAL' ELSE 'APPROVE' END,
       CASE WHEN g % 3 = 0 THEN 'MISSING_FIELDS' END,
       CASE WHEN g % 3 = 0 THEN jsonb_build_object('field', 'npi', 'n', g) END,
       md5('decision' || g)::uuid, 'reviewer' || (g % 7),
       timestamptz '2024-03-01 08:00:00+00' + g * interval '37 minutes',
       (ARRAY['NONE', 'PENDING', 'RECEIVED'])[1 + g % 3],
       (ARRAY['NONE', 'PENDING', 'READY', 'FAILED', 'SENT', NULL])[1 + g % 6],
       g % 11 = 0
FROM generate_series(1, 400) g;

CREATE TABLE service_ops.send_serviceops (
  message_id bigserial PRIMARY KEY,
  decision_tracking_id uuid NOT NULL,
  workflow_instance_id bigint,
  payload jsonb NOT NULL,
  message_status_id integer,
  created_at timestamp DEFAULT CURRENT_TIMESTAMP,
  audit_user varchar(100),
  audit_timestamp timestamptz DEFAULT CURRENT_TIMESTAMP,
  is_deleted boolean DEFAULT false
);
INSERT INTO service_ops.send_serviceops (decision_tracking_id, workflow_instance_id, payload, message_status_id,
    created_at, audit_user, audit_timestamp, is_deleted)
SELECT md5('packet' || (1 + g % 300))::uuid, 1 + g % 50,
       jsonb_build_object('message_type', CASE WHEN g % 2 = 0 THEN 'ESMD_PAYLOAD' ELSE 'LETTER_PACKAGE' END, 'seq', g),
       1 + g % 4, timestamp '2024-01-01 00:00:00' + g * interval '1 hour 7 minutes', 'svc-' || (g % 5),
       timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour 7 minutes', g % 13 = 0
FROM generate_series(1, 500) g;

CREATE TABLE service_ops.integration_poll_watermark (
  id smallint PRIMARY KEY DEFAULT 1,
  last_created_at timestamp NOT NULL DEFAULT '1970-01-01 00:00:00',
  last_message_id bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT chk_integration_poll_watermark_single_row CHECK (id = 1)
);
INSERT INTO service_ops.integration_poll_watermark VALUES (1, '2024-06-30 23:15:00', 4711, '2024-07-01 00:00:00+00');

CREATE TABLE service_ops.clinical_ops_poll_watermark (
  id smallint PRIMARY KEY DEFAULT 1,
  last_created_at timestamptz NOT NULL DEFAULT '1970-01-01 00:00:00+00',
  last_message_id bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT check_single_row CHECK (id = 1)
);
INSERT INTO service_ops.clinical_ops_poll_watermark VALUES (1, '2024-06-30 22:00:00+00', 815, '2024-07-01 00:00:00+00');

SELECT setval('service_ops.packet_decision_packet_decision_id_seq', 400);
SELECT setval('service_ops.send_serviceops_message_id_seq', 500);
