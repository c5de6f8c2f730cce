-- Why a device was retired, as data (a reason code the pages show in the reader's language, or the words given on
-- the command line), instead of an English "Retired: ..." line added to its notes.
ALTER TABLE devices ADD COLUMN retired_reason TEXT;

-- A computer point's lease and maintenance as dates a manager can plan by, beside the free notes it had.
ALTER TABLE computer_points ADD COLUMN lease_end {date};
ALTER TABLE computer_points ADD COLUMN lease_paid_by TEXT;
ALTER TABLE computer_points ADD COLUMN last_maintenance {date};
ALTER TABLE computer_points ADD COLUMN next_maintenance {date};
