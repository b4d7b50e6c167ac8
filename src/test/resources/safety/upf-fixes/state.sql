-- Safety benchmark starting state for upf-fixes: spec 04 section 1 (init_schema.sql base tables)
-- plus the UPF tables as migration_add_upf_tables.py left them (title-case production_lots
-- statuses under the title-case CHECK), at production size: ${rows} production_lots, ${rows}/10
-- item_master rows. Same shapes and value patterns as the upf-fixes battery fixtures (base.sql +
-- upf.sql), built set-based, indexes after the load.
CREATE TABLE users (
  user_id serial PRIMARY KEY,
  name varchar(255) NOT NULL,
  email varchar(255) NOT NULL UNIQUE,
  role varchar(50) NOT NULL DEFAULT 'user',
  created_at timestamptz DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamptz DEFAULT CURRENT_TIMESTAMP,
  deleted_at timestamptz
);
INSERT INTO users (name, email, role, created_at, updated_at) VALUES
  ('Admin', 'admin@mtc.local', 'admin', '2025-01-05 09:00:00+00', '2025-01-05 09:00:00+00'),
  ('Demo', 'demo@example.com', 'admin', '2025-01-05 09:05:00+00', '2025-01-05 09:05:00+00');
INSERT INTO users (name, email, role, created_at, updated_at)
SELECT 'Operator ' || g, 'operator' || g || '@mtc.local', CASE WHEN g % 5 = 0 THEN 'manager' ELSE 'user' END,
       timestamptz '2025-02-01 08:00:00+00' + g * interval '1 day', timestamptz '2025-02-01 08:00:00+00' + g * interval '1 day'
  FROM generate_series(1, 198) g;

CREATE TABLE suppliers (
  supplier_id serial PRIMARY KEY,
  firm_name varchar(255) NOT NULL UNIQUE,
  created_at timestamptz DEFAULT CURRENT_TIMESTAMP,
  deleted_at timestamptz
);
INSERT INTO suppliers (firm_name, created_at)
SELECT 'Supplier ' || g || ' Pvt Ltd', timestamptz '2025-01-10 10:00:00+00' + g * interval '3 days' FROM generate_series(1, 90) g;

CREATE TABLE item_master (
  item_id serial NOT NULL,
  name varchar(255) NOT NULL,
  description text,
  model_id integer,
  variation_id integer,
  created_at timestamptz DEFAULT CURRENT_TIMESTAMP,
  deleted_at timestamptz
);
INSERT INTO item_master (item_id, name, description, model_id, variation_id, created_at, deleted_at)
SELECT g, 'Item ' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'Steel part, batch ' || (g % 7) END, 1 + g % 6, 1 + g % 4,
       timestamptz '2025-01-20 07:30:00+00' + g * interval '7 minutes', CASE WHEN g % 19 = 0 THEN timestamptz '2025-05-01 00:00:00+00' END
  FROM generate_series(1, greatest(${rows} / 10, 1)) g;
ALTER TABLE item_master ADD PRIMARY KEY (item_id);
SELECT setval('item_master_item_id_seq', greatest(${rows} / 10, 1));

CREATE TABLE stock_receipts (
  receipt_id serial PRIMARY KEY,
  po_id integer,
  receipt_date date NOT NULL DEFAULT CURRENT_DATE,
  receipt_number varchar(50),
  notes text,
  created_at timestamptz DEFAULT CURRENT_TIMESTAMP,
  deleted_at timestamptz
);
INSERT INTO stock_receipts (po_id, receipt_date, receipt_number, notes, created_at)
SELECT CASE WHEN g % 4 = 0 THEN NULL ELSE 100 + g END, date '2025-03-01' + g % 300, 'GRN-' || lpad(g::text, 7, '0'),
       CASE WHEN g % 6 = 0 THEN 'partial delivery' END, timestamptz '2025-03-01 11:00:00+00' + g * interval '1 hour'
  FROM generate_series(1, 3000) g;

CREATE TABLE processes (
  id serial PRIMARY KEY,
  name varchar(200) NOT NULL CONSTRAINT unique_process_name UNIQUE,
  process_class varchar(50) CHECK (process_class IN ('Manufacturing', 'Assembly', 'Packaging', 'Testing', 'Logistics')),
  status varchar(20) DEFAULT 'Active' CHECK (status IN ('Active', 'Inactive', 'Draft')),
  worst_case_cost numeric(12,2) DEFAULT 0.00,
  sales_price numeric(12,2),
  created_by integer REFERENCES users (user_id) ON DELETE SET NULL,
  created_at timestamp DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamp DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO processes (name, process_class, status, worst_case_cost, sales_price, created_by, created_at, updated_at) VALUES
  ('Gear housing', 'Manufacturing', 'Active', 1520.50, 2100.00, 1, '2025-04-01 08:00:00', '2025-04-02 08:00:00'),
  ('Pump assembly', 'Assembly', 'Active', 3400.00, 4999.99, 3, '2025-04-03 08:00:00', '2025-04-03 08:00:00'),
  ('Export crate', 'Packaging', 'Draft', 120.00, NULL, NULL, '2025-04-05 08:00:00', '2025-04-05 08:00:00'),
  ('Pressure test', 'Testing', 'Inactive', 75.25, 90.00, 4, '2025-04-07 08:00:00', '2025-04-09 08:00:00'),
  ('Dispatch', 'Logistics', 'Active', 0.00, NULL, 5, '2025-04-08 08:00:00', '2025-04-08 08:00:00');

CREATE TABLE subprocesses (
  id serial PRIMARY KEY,
  name varchar(200) NOT NULL UNIQUE,
  category varchar(100),
  estimated_time_minutes integer DEFAULT 0,
  labor_cost numeric(10,2) DEFAULT 0.00,
  created_at timestamp DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO subprocesses (name, category, estimated_time_minutes, labor_cost, created_at)
SELECT 'Step ' || g, (ARRAY['cutting', 'welding', 'painting', 'inspection'])[1 + g % 4], 10 * g, 12.5 * g, timestamp '2025-04-01 09:00:00' + g * interval '1 hour'
  FROM generate_series(1, 12) g;

CREATE TABLE production_lots (
  id serial NOT NULL,
  lot_number varchar(50) NOT NULL,
  process_id integer NOT NULL,
  quantity integer NOT NULL,
  status varchar(20) DEFAULT 'Planning' CHECK (status IN ('Planning', 'Ready', 'In Progress', 'Completed', 'Failed')),
  total_cost numeric(12,2),
  started_at timestamp,
  completed_at timestamp,
  created_by integer,
  created_at timestamp DEFAULT CURRENT_TIMESTAMP,
  notes text
);
INSERT INTO production_lots (id, lot_number, process_id, quantity, status, total_cost, started_at, completed_at, created_by, created_at, notes)
SELECT g, 'LOT-' || lpad(g::text, 9, '0'), 1 + g % 5, 10 * (1 + g % 9),
       CASE WHEN g % 23 = 0 THEN NULL ELSE (ARRAY['Planning', 'Ready', 'In Progress', 'Completed', 'Failed'])[1 + g % 5] END,
       CASE WHEN g % 5 >= 2 THEN 100.00 * (g % 1000) END,
       CASE WHEN g % 5 >= 2 THEN timestamp '2020-05-01 06:00:00' + g * interval '2 minutes' END,
       CASE WHEN g % 5 >= 3 THEN timestamp '2020-05-03 18:00:00' + g * interval '2 minutes' END,
       CASE WHEN g % 7 = 0 THEN NULL ELSE 1 + g % 200 END,
       timestamp '2020-04-28 10:00:00' + g * interval '2 minutes', CASE WHEN g % 11 = 0 THEN 'rework requested' END
  FROM generate_series(1, ${rows}) g;
ALTER TABLE production_lots ADD PRIMARY KEY (id);
ALTER TABLE production_lots ADD CONSTRAINT unique_lot_number UNIQUE (lot_number);
ALTER TABLE production_lots ADD FOREIGN KEY (process_id) REFERENCES processes (id) ON DELETE RESTRICT;
ALTER TABLE production_lots ADD FOREIGN KEY (created_by) REFERENCES users (user_id) ON DELETE SET NULL;
CREATE INDEX idx_production_lots_process ON production_lots (process_id);
CREATE INDEX idx_production_lots_status ON production_lots (status);
CREATE INDEX idx_production_lots_created_by ON production_lots (created_by);
SELECT setval('production_lots_id_seq', ${rows});

CREATE TABLE substitute_groups (
  id serial PRIMARY KEY,
  process_subprocess_id integer NOT NULL,
  group_name varchar(255) NOT NULL,
  group_description text,
  selection_method varchar(50) DEFAULT 'dropdown' CHECK (selection_method IN ('dropdown', 'radio', 'list')),
  created_at timestamp DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamp DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO substitute_groups (process_subprocess_id, group_name, group_description, selection_method, created_at, updated_at)
SELECT 1 + g % 8, 'Alternatives ' || g, CASE WHEN g % 2 = 0 THEN 'bolt sizes' END, (ARRAY['dropdown', 'radio', 'list'])[1 + g % 3],
       timestamp '2025-04-10 12:00:00' + g * interval '2 hours', timestamp '2025-04-10 12:00:00' + g * interval '2 hours'
  FROM generate_series(1, 1400) g;

CREATE TABLE cost_items (
  id serial PRIMARY KEY,
  process_subprocess_id integer NOT NULL,
  cost_type varchar(50) NOT NULL CHECK (cost_type IN ('labor', 'electricity', 'maintenance', 'service', 'overhead', 'packing', 'transport', 'other')),
  description text,
  rate_per_unit numeric(10,2) NOT NULL CHECK (rate_per_unit >= 0),
  quantity numeric(10,2) NOT NULL DEFAULT 1,
  created_at timestamp DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamp DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO cost_items (process_subprocess_id, cost_type, description, rate_per_unit, quantity, created_at, updated_at)
SELECT 1 + g % 10, (ARRAY['labor', 'electricity', 'maintenance', 'service', 'overhead', 'packing', 'transport', 'other'])[1 + g % 8],
       'cost line ' || g, 3.75 * (g % 100), 1 + g % 4, timestamp '2025-04-12 08:00:00' + g * interval '30 minutes', timestamp '2025-04-12 08:00:00' + g * interval '30 minutes'
  FROM generate_series(1, 3300) g;
