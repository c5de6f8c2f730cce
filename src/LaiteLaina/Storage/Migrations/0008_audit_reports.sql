-- Managers' audit (issue 8): stocktakes, erasure of personal data, and the indexes the return audit and the
-- reports read through.

-- A walk along the shelves of a site, or of one location in it, scanning every tag found. What was expected is
-- worked out when the result is asked for, from the devices registered there, so a device moved meanwhile is
-- judged where it is registered now.
CREATE TABLE stocktakes (
    id          {id},
    site_id     BIGINT NOT NULL REFERENCES sites (id),
    location_id BIGINT REFERENCES locations (id),
    scanner     TEXT,
    state       TEXT NOT NULL,                -- Open, Closed
    other_codes BIGINT NOT NULL,              -- codes read that were neither a device nor shaped like a tag
    started_at  {timestamp} NOT NULL,
    started_by  TEXT NOT NULL,
    closed_at   {timestamp},
    closed_by   TEXT,
    document_id BIGINT REFERENCES documents (id)
);
CREATE INDEX ix_stocktakes_state ON stocktakes (state, id);

-- One row per distinct code scanned. A code that names no device is kept only when it is shaped like one of our
-- asset tags (a label whose device is not registered); anything else could be someone's card and is only counted.
CREATE TABLE stocktake_scans (
    id           {id},
    stocktake_id BIGINT NOT NULL REFERENCES stocktakes (id),
    at           {timestamp} NOT NULL,
    code         TEXT NOT NULL,
    device_id    BIGINT REFERENCES devices (id),
    UNIQUE (stocktake_id, code)
);
CREATE INDEX ix_stocktake_scans_device ON stocktake_scans (device_id) WHERE device_id IS NOT NULL;

-- Documents stay immutable, with one exception the law makes: a borrower's paperwork is erased when their
-- personal data is anonymised or erased. The erasure is recorded here first (with the hash, as proof of what
-- existed) and the delete triggers let exactly those rows go.
CREATE TABLE document_erasures (
    id           {id},
    document_id  BIGINT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id   BIGINT NOT NULL,
    erased_at    {timestamp} NOT NULL,
    erased_by    TEXT NOT NULL,
    reason       TEXT NOT NULL
);

-- The site a loan was made from (where its device was registered at check-out), set by the check-out itself: the
-- return audit counts by it without looking up a million devices, and a device moved later does not move its history.
ALTER TABLE loans ADD COLUMN site_id BIGINT REFERENCES sites (id);
UPDATE loans SET site_id = (SELECT d.site_id FROM devices d WHERE d.id = loans.device_id);

-- The return audit reads a year of loans (about a million at the scale the benchmark uses) by due date: this index
-- holds every column its counts need, so they come from the index alone, never from the wide loan rows. The loan
-- report reads by start month; the retention job by the borrower's last closing; the audit-log page filters by actor
-- and action, newest first.
CREATE INDEX ix_loans_due ON loans (due_on, state, closed_at, site_id, counsellor, borrower_id, condition_out, condition_in, accessories_missing);
CREATE INDEX ix_loans_started ON loans (started_at, kind, closed_at);
CREATE INDEX ix_loans_borrower_closed ON loans (borrower_id, closed_at);
CREATE INDEX ix_audit_actor ON audit_log (actor, id);
CREATE INDEX ix_audit_action ON audit_log (action, id);

-- Months a borrower's personal data is kept after their last loan closed; then the daily job anonymises them.
INSERT INTO settings (name, value) VALUES ('retention_months', '12');
