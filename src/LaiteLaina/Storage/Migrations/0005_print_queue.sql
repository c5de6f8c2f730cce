-- The label print queue and the scan log. Neither holds personal data: a label carries the tag, the
-- organisation, kind and model and a "return to" line; a scan row keeps the device it found, never the
-- text of a code that matched no device (that could be someone's card).

CREATE TABLE print_jobs (
    id              {id},
    device_id       BIGINT REFERENCES devices (id),
    tag             TEXT NOT NULL,
    printer         TEXT NOT NULL,
    copies          INTEGER NOT NULL,
    language        TEXT NOT NULL,
    payload         TEXT NOT NULL,          -- the bytes to send, base64: ESC/POS is binary
    state           TEXT NOT NULL,          -- Queued, Printing, Printed, Failed, Cancelled
    attempts        INTEGER NOT NULL,
    last_error      TEXT,
    next_attempt_at {timestamp} NOT NULL,
    created_at      {timestamp} NOT NULL,
    created_by      TEXT NOT NULL,
    claimed_at      {timestamp},
    claimed_by      TEXT,
    printed_at      {timestamp},
    cancelled_at    {timestamp},
    reprint_of      BIGINT REFERENCES print_jobs (id)
);

-- The worker's claim reads the oldest due job of its printers.
CREATE INDEX ix_print_jobs_due ON print_jobs (state, next_attempt_at, id);

CREATE TABLE scans (
    id        {id},
    at        {timestamp} NOT NULL,
    scanner   TEXT NOT NULL,
    mode      TEXT NOT NULL,
    symbology TEXT NOT NULL,
    outcome   TEXT NOT NULL,                -- device-scanned, unknown-code, mode-unavailable
    device_id BIGINT REFERENCES devices (id)
);

CREATE INDEX ix_scans_at ON scans (at);

INSERT INTO settings (name, value) VALUES ('label_organisation', 'LaiteLaina');
INSERT INTO settings (name, value) VALUES ('label_return_to', 'Palauta / Return: palveluneuvonta');
