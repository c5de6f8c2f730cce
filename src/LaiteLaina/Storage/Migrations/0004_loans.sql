-- Borrowers keep only what a loan needs. Never a personal identity code, never credentials.
CREATE TABLE borrowers (
    id                 {id},
    kind               TEXT NOT NULL,
    name               TEXT NOT NULL,
    contact            TEXT,
    client_reference   TEXT,
    unit               TEXT,
    badge              TEXT,
    preferred_language TEXT NOT NULL,
    interpreter_needed BOOLEAN NOT NULL,
    notes              TEXT,
    created_at         {timestamp} NOT NULL,
    updated_at         {timestamp} NOT NULL,
    anonymised_at      {timestamp}
);
CREATE UNIQUE INDEX ux_borrowers_badge ON borrowers (badge) WHERE badge IS NOT NULL;
CREATE INDEX ix_borrowers_name ON borrowers (name);
CREATE INDEX ix_borrowers_client_reference ON borrowers (client_reference);

CREATE TABLE loans (
    id                  {id},
    reference           TEXT NOT NULL UNIQUE,
    kind                TEXT NOT NULL,
    state               TEXT NOT NULL,
    device_id           BIGINT NOT NULL REFERENCES devices (id),
    borrower_id         BIGINT NOT NULL REFERENCES borrowers (id),
    counsellor          TEXT NOT NULL,
    recommending_worker TEXT,
    language            TEXT NOT NULL,
    started_at          {timestamp} NOT NULL,
    due_on              {date},
    closed_at           {timestamp},
    accessories_out     TEXT,
    condition_out       TEXT NOT NULL,
    accessories_missing TEXT,
    condition_in        TEXT,
    return_notes        TEXT,
    renewals            INTEGER NOT NULL,
    coaching_sessions   INTEGER,
    closed_by           TEXT
);
-- At most one open loan per device, held by the database itself: of two counsellors checking out the same
-- tablet at the same moment, exactly one insert can succeed.
CREATE UNIQUE INDEX ux_loans_one_open_per_device ON loans (device_id) WHERE state = 'Open';
CREATE INDEX ix_loans_state_due ON loans (state, due_on);
CREATE INDEX ix_loans_borrower ON loans (borrower_id);
CREATE INDEX ix_loans_device ON loans (device_id, id);

CREATE TABLE reservations (
    id           {id},
    device_id    BIGINT REFERENCES devices (id),
    device_kind  TEXT NOT NULL,
    borrower_id  BIGINT NOT NULL REFERENCES borrowers (id),
    starts_on    {date} NOT NULL,
    ends_on      {date} NOT NULL,
    purpose      TEXT,
    created_by   TEXT NOT NULL,
    created_at   {timestamp} NOT NULL,
    cancelled_at {timestamp},
    CHECK (ends_on >= starts_on)
);
CREATE INDEX ix_reservations_kind_dates ON reservations (device_kind, starts_on, ends_on);
CREATE INDEX ix_reservations_device ON reservations (device_id);

INSERT INTO counters (name, value) VALUES ('loan_reference', 0);
INSERT INTO settings (name, value) VALUES ('loan_renewal_limit', '3');
-- A tablet lent to a colleague for a home visit never held a client's data: it may go straight back to ready.
INSERT INTO settings (name, value) VALUES ('staff_return_to_ready', 'true');
INSERT INTO settings (name, value) VALUES ('organisation_name', 'Sosiaali- ja työllisyyspalvelut');
INSERT INTO settings (name, value) VALUES ('organisation_contact', 'Palveluneuvonta, puh. 014 000 0000');
INSERT INTO settings (name, value) VALUES ('privacy_contact', 'tietosuojavastaava@example.fi');
