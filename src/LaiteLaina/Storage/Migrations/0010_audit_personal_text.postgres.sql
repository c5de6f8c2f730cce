-- The append-only trigger steps aside for this one rewrite, inside the migration's transaction.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change;

UPDATE audit_log SET before_json = jsonb_set(before_json::jsonb, '{returnNotes}', '"changed"')::text
WHERE record_type = 'loan' AND before_json::jsonb ->> 'returnNotes' IS NOT NULL;
UPDATE audit_log SET after_json = jsonb_set(after_json::jsonb, '{returnNotes}', '"changed"')::text
WHERE record_type = 'loan' AND after_json::jsonb ->> 'returnNotes' IS NOT NULL;
UPDATE audit_log SET before_json = jsonb_set(before_json::jsonb, '{purpose}', '"changed"')::text
WHERE record_type = 'reservation' AND before_json::jsonb ->> 'purpose' IS NOT NULL;
UPDATE audit_log SET after_json = jsonb_set(after_json::jsonb, '{purpose}', '"changed"')::text
WHERE record_type = 'reservation' AND after_json::jsonb ->> 'purpose' IS NOT NULL;

ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change;
