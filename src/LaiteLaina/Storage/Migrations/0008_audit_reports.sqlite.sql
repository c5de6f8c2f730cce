-- Let a document go only when its erasure has been recorded (see document_erasures).
DROP TRIGGER documents_no_delete;
CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
WHEN NOT EXISTS (SELECT 1 FROM document_erasures e WHERE e.document_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'documents are immutable; issue a new version instead');
END;

