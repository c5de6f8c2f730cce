-- Several sites on one PostgreSQL (#20): an unknown tablet was plugged into one site's provisioning station, so its
-- intake prompt belongs to that site's service, which alone can register or ignore it (the tablet is on its USB hub).
-- NULL means "seen by a service with no Site setting" (one office on its own), which any service may decide.
ALTER TABLE provisioning_intake ADD COLUMN site_id BIGINT REFERENCES sites (id);

-- Prompts from before: where the database knows exactly one site, the tablet was plugged in there. With several
-- sites nobody can tell which station saw it, so it stays unowned (shown under "all sites", decided from any site)
-- rather than be handed to a guess, as migration 0030 did with jobs.
UPDATE provisioning_intake SET site_id = (SELECT min(id) FROM sites) WHERE (SELECT count(*) FROM sites) = 1;

-- The board reads the pending prompts of one site.
CREATE INDEX ix_provisioning_intake_site_state ON provisioning_intake (site_id, state);
