-- A provisioning job's warning that does not stop it (a tablet past its last security update, #18): kept on the job
-- beside its last message, which later steps overwrite, so the board still shows it when the tablet is ready.
ALTER TABLE provisioning_jobs ADD COLUMN warning TEXT;
