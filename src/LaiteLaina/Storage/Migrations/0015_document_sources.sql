-- What an agreement was laid out from: the filled-in Markdown exactly as it was printed, and the model (template name,
-- version and title, the settings and records of that moment) as JSON. Signing lays out the same words again with the
-- signature, so the signed version says what the borrower read even after a template or a setting changed.
-- A signed version's row names the unsigned version it signs and that version's SHA-256 (also printed on it).
-- Holds the borrower's name: the erasure deletes these rows with the documents.
CREATE TABLE document_sources (
    document_id   BIGINT PRIMARY KEY REFERENCES documents (id),
    markdown      TEXT NOT NULL,
    model         TEXT NOT NULL,
    signs_version INTEGER CHECK (signs_version >= 1),
    signs_sha256  TEXT CHECK (length(signs_sha256) = 64)
);
