-- As the production state, plus the ORIGINAL 022: json_sent_to_integration added with DEFAULT FALSE,
-- so every old row holds FALSE. Later rows: some TRUE (sent), some FALSE (failed or default-filled).
-- send_integration's first row is at 2024-01-10 14:00 UTC; send_serviceops rows span 2024-01-01 .. 2024-01-24.
ALTER TABLE service_ops.send_serviceops ADD COLUMN json_sent_to_integration boolean DEFAULT false;
UPDATE service_ops.send_serviceops SET json_sent_to_integration = true WHERE message_id % 3 = 0 AND created_at >= '2024-01-12';
