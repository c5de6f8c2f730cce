-- Tokens: {id} identity primary key, {timestamp} UTC instant, {date} calendar day.
-- SQLite keeps both as fixed-width ISO-8601 text so that text order is time order.

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Counters hand out numbers that are never reused, such as asset tags, even if a row is deleted.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

CREATE TABLE sites (
    id         {id},
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    address    TEXT,
    created_at {timestamp} NOT NULL
);

CREATE TABLE locations (
    id      {id},
    site_id BIGINT NOT NULL REFERENCES sites (id),
    name    TEXT NOT NULL,
    UNIQUE (site_id, name)
);

CREATE TABLE donors (
    id         {id},
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    contact    TEXT,
    notes      TEXT,
    created_at {timestamp} NOT NULL
);

CREATE TABLE computer_points (
    id                {id},
    code              TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    site_id           BIGINT REFERENCES sites (id),
    location_id       BIGINT REFERENCES locations (id),
    lease_notes       TEXT,
    maintenance_notes TEXT,
    created_at        {timestamp} NOT NULL
);

CREATE TABLE devices (
    id               {id},
    tag              TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL,
    make             TEXT,
    model            TEXT,
    serial_number    TEXT,
    imei             TEXT,
    os               TEXT,
    os_version       TEXT,
    status           TEXT NOT NULL,
    condition        TEXT NOT NULL,
    site_id          BIGINT REFERENCES sites (id),
    location_id      BIGINT REFERENCES locations (id),
    point_id         BIGINT REFERENCES computer_points (id),
    acquisition      TEXT NOT NULL,
    acquired_on      {date},
    cost_cents       BIGINT CHECK (cost_cents >= 0),
    donor_id         BIGINT REFERENCES donors (id),
    supplier         TEXT,
    transferred_from TEXT,
    lease_end        {date},
    lease_paid_by    TEXT,
    accessories      TEXT,
    notes            TEXT,
    needs_wipe       BOOLEAN NOT NULL,
    last_wiped_at    {timestamp},
    created_at       {timestamp} NOT NULL,
    updated_at       {timestamp} NOT NULL
);

CREATE INDEX ix_devices_serial ON devices (serial_number);
CREATE INDEX ix_devices_status ON devices (status, id);
CREATE INDEX ix_devices_kind ON devices (kind, id);
CREATE INDEX ix_devices_site ON devices (site_id, id);
-- Most devices belong to no computer point, have no donor and no lease: partial indexes keep those rows
-- out of the index entirely, which makes every insert cheaper and the indexes small.
CREATE INDEX ix_devices_point ON devices (point_id) WHERE point_id IS NOT NULL;
CREATE INDEX ix_devices_donor ON devices (donor_id) WHERE donor_id IS NOT NULL;
CREATE INDEX ix_devices_lease_end ON devices (lease_end) WHERE lease_end IS NOT NULL;

-- One row per recorded wipe: by hand now, by the provisioning pipeline later.
CREATE TABLE sanitisations (
    id           {id},
    device_id    BIGINT NOT NULL REFERENCES devices (id),
    method       TEXT NOT NULL,
    level        TEXT NOT NULL,
    tool         TEXT,
    operator     TEXT NOT NULL,
    performed_at {timestamp} NOT NULL,
    verification TEXT,
    result       TEXT NOT NULL,
    notes        TEXT
);
CREATE INDEX ix_sanitisations_device ON sanitisations (device_id, id);

CREATE TABLE audit_log (
    id          {id},
    at          {timestamp} NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id   BIGINT,
    record_key  TEXT,
    before_json TEXT,
    after_json  TEXT
);
CREATE INDEX ix_audit_record ON audit_log (record_type, record_id, id);
CREATE INDEX ix_audit_at ON audit_log (at);

INSERT INTO settings (name, value) VALUES ('tag_prefix', 'LL-');
INSERT INTO settings (name, value) VALUES ('tag_digits', '6');
INSERT INTO counters (name, value) VALUES ('device_tag', 0);
INSERT INTO counters (name, value) VALUES ('point_code', 0);
