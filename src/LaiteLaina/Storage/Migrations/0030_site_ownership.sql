-- Several sites on one PostgreSQL (#20): a print job, a provisioning job and a scan belong to the site whose service
-- made them, and only that site's service works them.
-- NULL means "made by a service with no Site setting" (one office on its own), which any such service works.
ALTER TABLE print_jobs ADD COLUMN site_id BIGINT REFERENCES sites (id);
ALTER TABLE provisioning_jobs ADD COLUMN site_id BIGINT REFERENCES sites (id);
ALTER TABLE scans ADD COLUMN site_id BIGINT REFERENCES sites (id);

-- Rows from before: where the database knows exactly one site, everything was that site's. With several sites
-- nobody can tell which service made an old job, so it stays unowned rather than be handed to a guess.
UPDATE print_jobs SET site_id = (SELECT min(id) FROM sites) WHERE (SELECT count(*) FROM sites) = 1;
UPDATE provisioning_jobs SET site_id = (SELECT min(id) FROM sites) WHERE (SELECT count(*) FROM sites) = 1;
UPDATE scans SET site_id = (SELECT min(id) FROM sites) WHERE (SELECT count(*) FROM sites) = 1;

-- The print worker's claim reads the oldest due job of its own site.
CREATE INDEX ix_print_jobs_site_due ON print_jobs (site_id, state, next_attempt_at, id);
CREATE INDEX ix_provisioning_jobs_site_state ON provisioning_jobs (site_id, state, id);
