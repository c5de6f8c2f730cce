-- Let a document go only when its erasure has been recorded (see document_erasures); updates and TRUNCATE stay refused.
CREATE OR REPLACE FUNCTION documents_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM document_erasures e WHERE e.document_id = OLD.id) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'documents are immutable; issue a new version instead';
END;
$$;
