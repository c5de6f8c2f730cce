-- Each run of the scheduled backup (#20): when, into which folder, how it ended. The manager's settings page, `doctor`
-- and /metrics read the last one; a failed run keeps its reason as a stored message, so it reads in each one's language.
CREATE TABLE backups (
    id          {id},
    started_at  {timestamp} NOT NULL,
    finished_at {timestamp} NOT NULL,
    folder      TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('ok', 'failed')),
    bytes       BIGINT NOT NULL DEFAULT 0,
    row_count   BIGINT NOT NULL DEFAULT 0,
    problem     TEXT
);
CREATE INDEX backups_finished ON backups (finished_at);
