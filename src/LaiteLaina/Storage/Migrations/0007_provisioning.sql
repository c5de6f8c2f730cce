-- Provisioning: a job per tablet, step by step, and tablets seen on adb that match no device.
-- Jobs and steps hold no personal data: the tablet's serial, model and what the scripts reported.

CREATE TABLE provisioning_jobs (
    id               {id},
    device_id        BIGINT REFERENCES devices (id),
    tag              TEXT,
    adb_serial       TEXT NOT NULL,          -- what 'adb -s' takes: a USB serial or host:port
    serial_number    TEXT,                   -- ro.serialno, as identify reported it
    profile          TEXT,                   -- null until precheck picks one when the job was started without
    state            TEXT NOT NULL,          -- Queued, Running, NeedsPerson, Gone, Failed, Interrupted, Cancelled, Done
    step             TEXT,
    message          TEXT,
    instruction      TEXT,                   -- what a person must do, when state is NeedsPerson or a step waits for one
    facts            TEXT,                   -- JSON: what identify learnt (model, Android version, patch, encryption)
    cancel_requested BOOLEAN NOT NULL,
    runner           TEXT,                   -- host/pid/instance of the process running it, to tell a crash from a run
    created_at       {timestamp} NOT NULL,
    created_by       TEXT NOT NULL,
    started_at       {timestamp},
    finished_at      {timestamp},
    updated_at       {timestamp} NOT NULL
);

CREATE INDEX ix_provisioning_jobs_state ON provisioning_jobs (state, id);
CREATE INDEX ix_provisioning_jobs_device ON provisioning_jobs (device_id, id);
-- One job at a time per connected tablet, whoever starts it (the service's watcher or 'provision run').
CREATE UNIQUE INDEX ux_provisioning_jobs_active ON provisioning_jobs (adb_serial) WHERE state IN ('Queued', 'Running');

CREATE TABLE provisioning_steps (
    job_id      BIGINT NOT NULL REFERENCES provisioning_jobs (id),
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    state       TEXT NOT NULL,               -- Pending, Running, Done, Skipped, NeedsPerson, Gone, Failed, Interrupted, Cancelled
    progress    INTEGER NOT NULL,
    message     TEXT,
    instruction TEXT,
    attempts    INTEGER NOT NULL,
    started_at  {timestamp},
    finished_at {timestamp},
    duration_ms BIGINT,
    PRIMARY KEY (job_id, position)
);

CREATE TABLE provisioning_intake (
    id              {id},
    serial_number   TEXT NOT NULL UNIQUE,
    adb_serial      TEXT NOT NULL,
    make            TEXT,
    model           TEXT,
    android_version TEXT,
    state           TEXT NOT NULL,           -- Pending, Registered, Ignored
    device_id       BIGINT REFERENCES devices (id),
    first_seen_at   {timestamp} NOT NULL,
    last_seen_at    {timestamp} NOT NULL,
    decided_by      TEXT,
    decided_at      {timestamp}
);
