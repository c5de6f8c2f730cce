-- The append-only trigger steps aside for this one rewrite, inside the migration's transaction.
DROP TRIGGER audit_log_no_update;

UPDATE audit_log SET before_json = json_replace(before_json, '$.returnNotes', 'changed')
WHERE record_type = 'loan' AND json_valid(before_json) AND json_extract(before_json, '$.returnNotes') IS NOT NULL;
UPDATE audit_log SET after_json = json_replace(after_json, '$.returnNotes', 'changed')
WHERE record_type = 'loan' AND json_valid(after_json) AND json_extract(after_json, '$.returnNotes') IS NOT NULL;
UPDATE audit_log SET before_json = json_replace(before_json, '$.purpose', 'changed')
WHERE record_type = 'reservation' AND json_valid(before_json) AND json_extract(before_json, '$.purpose') IS NOT NULL;
UPDATE audit_log SET after_json = json_replace(after_json, '$.purpose', 'changed')
WHERE record_type = 'reservation' AND json_valid(after_json) AND json_extract(after_json, '$.purpose') IS NOT NULL;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
