-- An issued document is evidence of what was signed: the database itself refuses to change or remove it.
CREATE FUNCTION documents_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'documents are immutable; issue a new version instead';
END;
$$;

CREATE TRIGGER documents_no_change BEFORE UPDATE OR DELETE ON documents
FOR EACH ROW EXECUTE FUNCTION documents_immutable();

-- TRUNCATE passes row triggers by; refuse it too.
CREATE TRIGGER documents_no_truncate BEFORE TRUNCATE ON documents
FOR EACH STATEMENT EXECUTE FUNCTION documents_immutable();
