-- An issued document is evidence of what was signed: the database itself refuses to change or remove it.
CREATE TRIGGER documents_no_update BEFORE UPDATE ON documents
BEGIN
    SELECT RAISE(ABORT, 'documents are immutable; issue a new version instead');
END;

CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
BEGIN
    SELECT RAISE(ABORT, 'documents are immutable; issue a new version instead');
END;
