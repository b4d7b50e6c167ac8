-- Naive baseline for upf-fixes: what migration_fix_schema_nov2025.sql does, as spec 04 section 2
-- describes it (its "table exists" guards are true on this state, so they are left out), in ONE
-- transaction (the SQL file is one transaction), with no lock_timeout: columns added with
-- ADD COLUMN IF NOT EXISTS, the production_lots status CHECK dropped and re-added validated (a
-- full scan under ACCESS EXCLUSIVE), indexes with plain CREATE INDEX IF NOT EXISTS. The Python
-- step 5 (spec 04 section 2, later version only) is not in the SQL file and not here.
ALTER TABLE production_lots ADD COLUMN IF NOT EXISTS created_by INTEGER REFERENCES users (user_id) ON DELETE SET NULL;
ALTER TABLE production_lots ADD COLUMN IF NOT EXISTS worst_case_estimated_cost NUMERIC(12,2);
ALTER TABLE production_lots DROP CONSTRAINT IF EXISTS production_lots_status_check;
ALTER TABLE production_lots ADD CONSTRAINT production_lots_status_check CHECK (lower(status) IN ('planning', 'ready', 'in progress', 'in_progress', 'active', 'inactive', 'draft', 'completed', 'failed', 'cancelled', 'archived'));
CREATE INDEX IF NOT EXISTS idx_production_lots_status ON production_lots (status);
ALTER TABLE item_master ADD COLUMN IF NOT EXISTS category TEXT;
CREATE INDEX IF NOT EXISTS idx_item_master_category ON item_master (category);
ALTER TABLE substitute_groups ADD COLUMN IF NOT EXISTS deleted_at TIMESTAMP;
CREATE INDEX IF NOT EXISTS idx_substitute_groups_deleted_at ON substitute_groups (deleted_at) WHERE deleted_at IS NULL;
