-- The NIST SP 800-88 fields of a sanitisation done by a pipeline (Android tablets through ADB, laptop disks
-- with nwipe), beside the wipes recorded by hand that 0001 already keeps. The device's identity is copied at
-- the time of the wipe, so that a later edit of the device does not change what a certificate says was wiped.
-- document_id is the certificate issued with the record in the same transaction; null for wipes by hand.

ALTER TABLE sanitisations ADD COLUMN make TEXT;
ALTER TABLE sanitisations ADD COLUMN model TEXT;
ALTER TABLE sanitisations ADD COLUMN serial_number TEXT;
ALTER TABLE sanitisations ADD COLUMN media_type TEXT;
ALTER TABLE sanitisations ADD COLUMN tool_version TEXT;
ALTER TABLE sanitisations ADD COLUMN verification_result TEXT;
ALTER TABLE sanitisations ADD COLUMN android_version TEXT;
ALTER TABLE sanitisations ADD COLUMN security_patch TEXT;
ALTER TABLE sanitisations ADD COLUMN encryption TEXT;
ALTER TABLE sanitisations ADD COLUMN site_id BIGINT REFERENCES sites (id);
ALTER TABLE sanitisations ADD COLUMN document_id BIGINT REFERENCES documents (id);
ALTER TABLE sanitisations ADD COLUMN recorded_by TEXT;
