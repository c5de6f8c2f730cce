-- Let a document go only when its erasure has been recorded (see document_erasures).
DROP TRIGGER documents_no_delete;
CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
WHEN NOT EXISTS (SELECT 1 FROM document_erasures e WHERE e.document_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'documents are immutable; issue a new version instead');
END;

-- The site of a device by its id, from a small index instead of the wide device row: the return audit looks up the
-- site of every loan of a year, and SQLite would otherwise read each device's row (it prefers the rowid).
CREATE INDEX ix_devices_site_of ON devices (id, site_id);
