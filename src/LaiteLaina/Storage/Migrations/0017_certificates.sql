-- Certificates that claim only what was done (#17 findings 3 and 4).
-- scope: 'media' for a sanitisation of the whole storage (factory reset with file-based encryption, nwipe, ATA/NVMe
-- erase, a verified image write), 'user-profile' when only a secondary user was removed: that run gets a user profile
-- removal record, not a certificate, and does not let a device be handed over. technique names the NIST SP 800-88
-- Rev. 2 technique by a code, so that the document words it in its own language.
ALTER TABLE sanitisations ADD COLUMN scope TEXT NOT NULL DEFAULT 'media';
UPDATE sanitisations SET scope = 'user-profile' WHERE method LIKE 'secondary user removed%';
ALTER TABLE sanitisations ADD COLUMN technique TEXT;
-- The sample certificate's fields: the performer's title and phone as they were that day, whether the data was backed
-- up (yes, no, unknown) and where the media goes (internal-reuse, external-reuse, recycling).
ALTER TABLE sanitisations ADD COLUMN performer_title TEXT;
ALTER TABLE sanitisations ADD COLUMN performer_phone TEXT;
ALTER TABLE sanitisations ADD COLUMN data_backed_up TEXT;
ALTER TABLE sanitisations ADD COLUMN destination TEXT;
-- A second person's validation: the validated certificate is a new stored version of the same document.
ALTER TABLE sanitisations ADD COLUMN validated_by TEXT;
ALTER TABLE sanitisations ADD COLUMN validated_at {timestamp};
-- Staff contact details printed where a person vouches for a document (the certificate's performer and validator).
ALTER TABLE users ADD COLUMN title TEXT;
ALTER TABLE users ADD COLUMN phone TEXT;
-- Why a handover was made after no coaching session; a counsellor's words about the client, erased with the borrower.
ALTER TABLE loans ADD COLUMN coaching_reason TEXT;
-- How a pipeline checked its own wipe (adb-verify, nwipe-verify), so that the certificate words it in its own language;
-- null where a person described their own check. The build fingerprint where the tablet reports it.
ALTER TABLE sanitisations ADD COLUMN verification_code TEXT;
ALTER TABLE sanitisations ADD COLUMN build_fingerprint TEXT;
