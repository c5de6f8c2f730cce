-- An issued document is evidence of what was signed: the database itself refuses to change or remove it.
CREATE FUNCTION documents_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'documents are immutable; issue a new version instead';
END;
$$;

CREATE TRIGGER documents_no_change BEFORE UPDATE OR DELETE ON documents
FOR EACH ROW EXECUTE FUNCTION documents_immutable();
