-- Every document issued (loan agreement, return receipt, handover agreement, later certificates and
-- reports), kept byte for byte with the template version and hash it was made with. Re-issuing adds a row
-- with the next version for the same subject and kind; rows are never changed (see the engine files).
-- {blob} is BLOB on SQLite and BYTEA on PostgreSQL.

CREATE TABLE documents (
    id               {id},
    kind             TEXT NOT NULL,
    language         TEXT NOT NULL,
    template_name    TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    sha256           TEXT NOT NULL CHECK (length(sha256) = 64),
    created_at       {timestamp} NOT NULL,
    created_by       TEXT NOT NULL,
    subject_type     TEXT NOT NULL,
    subject_id       BIGINT NOT NULL,
    subject_key      TEXT,
    version          INTEGER NOT NULL CHECK (version >= 1),
    content          {blob} NOT NULL,
    UNIQUE (subject_type, subject_id, kind, version)
);
CREATE INDEX ix_documents_subject_key ON documents (subject_key);
