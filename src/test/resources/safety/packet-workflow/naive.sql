-- Naive baseline for packet-workflow: what the original UNIFIED_MIGRATION_017_022.sql does, as
-- spec 01 describes it (section 2 target, section 4 data rules, section 3 production state), not
-- a copy of it (the script itself is not stored). Run by the safety benchmark in ONE transaction
-- (the unified script is one BEGIN ... COMMIT), under the server's time zone, with no
-- lock_timeout:
--   017 (spec 2.1-2.3, 4): ADD COLUMN without default, then UPDATE every NULL row, then SET
--       DEFAULT, then SET NOT NULL (a full scan under ACCESS EXCLUSIVE); CHECKs dropped-if-exists
--       and added validated; FKs added validated; plain CREATE INDEX.
--   018 (2.4): CREATE TABLE IF NOT EXISTS (no-op: the 9-column table exists).
--   019 (2.6, 4): the watermark table created with its seed row.
--   020 (4): ALTER COLUMN TYPE timestamptz USING col AT TIME ZONE 'UTC' (rewrites the table).
--   021 (2.4): ADD COLUMN IF NOT EXISTS (attempt_count, payload_version with DEFAULT 1), FKs
--       added validated, the 9 indexes with plain CREATE INDEX IF NOT EXISTS.
--   022 (2.5, 4): ADD COLUMN json_sent_to_integration (no default), the FALSE -> NULL repair
--       (unified rule), plain CREATE INDEX.
-- The harness wraps it in BEGIN/COMMIT; no statement here commits.

-- 017 ------------------------------------------------------------------------------------
ALTER TABLE service_ops.packet ADD COLUMN IF NOT EXISTS validation_status TEXT;
UPDATE service_ops.packet SET validation_status = 'Pending - Validation' WHERE validation_status IS NULL;
UPDATE service_ops.packet SET detailed_status = 'Pending - New' WHERE detailed_status IS NULL;
ALTER TABLE service_ops.packet ALTER COLUMN validation_status SET DEFAULT 'Pending - Validation';
ALTER TABLE service_ops.packet ALTER COLUMN detailed_status SET DEFAULT 'Pending - New';
ALTER TABLE service_ops.packet ALTER COLUMN validation_status SET NOT NULL;
ALTER TABLE service_ops.packet ALTER COLUMN detailed_status SET NOT NULL;
ALTER TABLE service_ops.packet DROP CONSTRAINT IF EXISTS check_validation_status;
ALTER TABLE service_ops.packet ADD CONSTRAINT check_validation_status CHECK (validation_status IN ('Pending - Validation', 'Validation In Progress', 'Pending - Manual Review', 'Validation Updated', 'Validation Complete', 'Validation Failed'));
ALTER TABLE service_ops.packet DROP CONSTRAINT IF EXISTS check_detailed_status;
ALTER TABLE service_ops.packet ADD CONSTRAINT check_detailed_status CHECK (detailed_status IN ('Pending - New', 'Intake', 'Validation', 'Pending - Clinical Review', 'Clinical Decision Received', 'Pending - UTN', 'UTN Received', 'Generate Decision Letter - Pending', 'Generate Decision Letter - Complete', 'Send Decision Letter - Pending', 'Send Decision Letter - Complete', 'Decision Complete', 'Dismissal', 'Dismissal Complete'));
COMMENT ON COLUMN service_ops.packet.validation_status IS 'Validation state: Pending - Validation, Validation In Progress, Pending - Manual Review, Validation Updated, Validation Complete, Validation Failed';

ALTER TABLE service_ops.packet_decision ADD COLUMN IF NOT EXISTS operational_decision TEXT;
ALTER TABLE service_ops.packet_decision ADD COLUMN IF NOT EXISTS clinical_decision TEXT;
ALTER TABLE service_ops.packet_decision ADD COLUMN IF NOT EXISTS is_active BOOLEAN;
ALTER TABLE service_ops.packet_decision ADD COLUMN IF NOT EXISTS supersedes BIGINT;
ALTER TABLE service_ops.packet_decision ADD COLUMN IF NOT EXISTS superseded_by BIGINT;
UPDATE service_ops.packet_decision SET operational_decision = 'PENDING' WHERE operational_decision IS NULL;
UPDATE service_ops.packet_decision SET clinical_decision = 'PENDING' WHERE clinical_decision IS NULL;
UPDATE service_ops.packet_decision SET is_active = TRUE WHERE is_active IS NULL;
ALTER TABLE service_ops.packet_decision ALTER COLUMN operational_decision SET DEFAULT 'PENDING';
ALTER TABLE service_ops.packet_decision ALTER COLUMN clinical_decision SET DEFAULT 'PENDING';
ALTER TABLE service_ops.packet_decision ALTER COLUMN is_active SET DEFAULT TRUE;
ALTER TABLE service_ops.packet_decision ALTER COLUMN operational_decision SET NOT NULL;
ALTER TABLE service_ops.packet_decision ALTER COLUMN clinical_decision SET NOT NULL;
ALTER TABLE service_ops.packet_decision ALTER COLUMN is_active SET NOT NULL;
ALTER TABLE service_ops.packet_decision DROP CONSTRAINT IF EXISTS check_operational_decision;
ALTER TABLE service_ops.packet_decision ADD CONSTRAINT check_operational_decision CHECK (operational_decision IN ('PENDING', 'DISMISSAL', 'DISMISSAL_COMPLETE', 'DECISION_COMPLETE'));
ALTER TABLE service_ops.packet_decision DROP CONSTRAINT IF EXISTS check_clinical_decision;
ALTER TABLE service_ops.packet_decision ADD CONSTRAINT check_clinical_decision CHECK (clinical_decision IN ('PENDING', 'AFFIRM', 'NON_AFFIRM'));
ALTER TABLE service_ops.packet_decision DROP CONSTRAINT IF EXISTS check_letter_status;
ALTER TABLE service_ops.packet_decision ADD CONSTRAINT check_letter_status CHECK (letter_status IS NULL OR letter_status IN ('NONE', 'PENDING', 'READY', 'FAILED', 'SENT'));
ALTER TABLE service_ops.packet_decision ADD CONSTRAINT fk_packet_decision_supersedes FOREIGN KEY (supersedes) REFERENCES service_ops.packet_decision (packet_decision_id) ON DELETE SET NULL;
ALTER TABLE service_ops.packet_decision ADD CONSTRAINT fk_packet_decision_superseded_by FOREIGN KEY (superseded_by) REFERENCES service_ops.packet_decision (packet_decision_id) ON DELETE SET NULL;
CREATE INDEX IF NOT EXISTS idx_packet_decision_active ON service_ops.packet_decision (packet_id, is_active) WHERE is_active = TRUE;

CREATE TABLE IF NOT EXISTS service_ops.packet_validation (
  packet_validation_id BIGSERIAL PRIMARY KEY,
  packet_id BIGINT NOT NULL REFERENCES service_ops.packet (packet_id) ON DELETE CASCADE,
  packet_document_id BIGINT NOT NULL REFERENCES service_ops.packet_document (packet_document_id) ON DELETE CASCADE,
  validation_status TEXT NOT NULL CHECK (validation_status IN ('Pending - Validation', 'Validation In Progress', 'Pending - Manual Review', 'Validation Updated', 'Validation Complete', 'Validation Failed')),
  validation_type TEXT,
  validation_result JSONB,
  validation_errors JSONB,
  is_passed BOOLEAN,
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  supersedes BIGINT REFERENCES service_ops.packet_validation (packet_validation_id) ON DELETE SET NULL,
  superseded_by BIGINT REFERENCES service_ops.packet_validation (packet_validation_id) ON DELETE SET NULL,
  update_reason TEXT,
  validated_by TEXT,
  validated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_packet_validation_packet_active ON service_ops.packet_validation (packet_id, is_active) WHERE is_active = TRUE;
CREATE INDEX IF NOT EXISTS idx_packet_validation_doc_time ON service_ops.packet_validation (packet_document_id, validated_at DESC);
CREATE INDEX IF NOT EXISTS idx_packet_validation_packet_time ON service_ops.packet_validation (packet_id, validated_at DESC);

-- 018 ------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS service_ops.send_integration (
  message_id BIGSERIAL PRIMARY KEY,
  decision_tracking_id UUID NOT NULL,
  workflow_instance_id BIGINT,
  payload JSONB NOT NULL,
  message_status_id INTEGER,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  audit_user VARCHAR(100),
  audit_timestamp TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  is_deleted BOOLEAN DEFAULT false
);

-- 019 ------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS service_ops.clinical_ops_poll_watermark (
  id SMALLINT PRIMARY KEY DEFAULT 1,
  last_created_at TIMESTAMPTZ NOT NULL DEFAULT '1970-01-01 00:00:00+00',
  last_message_id BIGINT NOT NULL DEFAULT 0,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT check_single_row CHECK (id = 1)
);
INSERT INTO service_ops.clinical_ops_poll_watermark (id, last_created_at, last_message_id, updated_at)
VALUES (1, '1970-01-01 00:00:00+00', 0, NOW()) ON CONFLICT (id) DO NOTHING;

-- 020 ------------------------------------------------------------------------------------
ALTER TABLE service_ops.send_serviceops ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at AT TIME ZONE 'UTC';
ALTER TABLE service_ops.integration_poll_watermark ALTER COLUMN last_created_at TYPE TIMESTAMPTZ USING last_created_at AT TIME ZONE 'UTC';

-- 021 ------------------------------------------------------------------------------------
ALTER TABLE service_ops.send_integration ADD COLUMN IF NOT EXISTS correlation_id UUID;
ALTER TABLE service_ops.send_integration ADD COLUMN IF NOT EXISTS attempt_count INTEGER DEFAULT 1;
ALTER TABLE service_ops.send_integration ADD COLUMN IF NOT EXISTS resend_of_message_id BIGINT;
ALTER TABLE service_ops.send_integration ADD COLUMN IF NOT EXISTS payload_hash TEXT;
ALTER TABLE service_ops.send_integration ADD COLUMN IF NOT EXISTS payload_version INTEGER DEFAULT 1;
ALTER TABLE service_ops.send_integration ADD COLUMN IF NOT EXISTS updated_at TIMESTAMPTZ;
ALTER TABLE service_ops.send_integration ADD CONSTRAINT fk_send_integration_message_status FOREIGN KEY (message_status_id) REFERENCES service_ops.message_status (message_status_id);
ALTER TABLE service_ops.send_integration ADD CONSTRAINT fk_send_integration_workflow_instance FOREIGN KEY (workflow_instance_id) REFERENCES service_ops.workflow_instance (workflow_instance_id);
ALTER TABLE service_ops.send_integration ADD CONSTRAINT fk_send_integration_resend FOREIGN KEY (resend_of_message_id) REFERENCES service_ops.send_integration (message_id) ON DELETE SET NULL;
CREATE INDEX IF NOT EXISTS idx_send_integration_decision_tracking ON service_ops.send_integration (decision_tracking_id);
CREATE INDEX IF NOT EXISTS idx_send_integration_message_status ON service_ops.send_integration (message_status_id) WHERE message_status_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_send_integration_correlation_id ON service_ops.send_integration (correlation_id) WHERE correlation_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_send_integration_resend ON service_ops.send_integration (resend_of_message_id) WHERE resend_of_message_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_send_integration_attempt_count ON service_ops.send_integration (attempt_count) WHERE attempt_count > 1;
CREATE INDEX IF NOT EXISTS idx_send_integration_decision_attempt ON service_ops.send_integration (decision_tracking_id, attempt_count);
CREATE INDEX IF NOT EXISTS idx_send_integration_created_at ON service_ops.send_integration (created_at);
CREATE INDEX IF NOT EXISTS idx_send_integration_payload_gin ON service_ops.send_integration USING GIN (payload);
CREATE INDEX IF NOT EXISTS idx_send_integration_message_type ON service_ops.send_integration ((payload->>'message_type')) WHERE payload->>'message_type' IS NOT NULL;

-- 022 ------------------------------------------------------------------------------------
ALTER TABLE service_ops.send_serviceops ADD COLUMN IF NOT EXISTS json_sent_to_integration BOOLEAN DEFAULT NULL;
UPDATE service_ops.send_serviceops SET json_sent_to_integration = NULL
WHERE json_sent_to_integration = FALSE
  AND created_at < COALESCE((SELECT MIN(created_at) FROM service_ops.send_integration WHERE created_at IS NOT NULL), CURRENT_TIMESTAMP);
CREATE INDEX IF NOT EXISTS idx_send_serviceops_json_sent ON service_ops.send_serviceops (decision_tracking_id, json_sent_to_integration) WHERE json_sent_to_integration IS NOT NULL;
