-- The counsellor's own word at a return: "returned damaged", with an optional short description. The return audit
-- counts a loan as damaged when it is marked so, came back broken, or came back two condition steps or more worse.
ALTER TABLE loans ADD COLUMN damaged BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE loans ADD COLUMN damage_notes TEXT;

-- The return audit's whole months, counted in advance: a year by site, unit or counsellor reads a few thousand of
-- these rows instead of a million loans. One row per basis (the month of the due date, or of the day it came back),
-- month, site, counsellor, the borrower's unit and outcome (Open for a loan still out: whether it is overdue depends
-- on the day it is read, so the audit reads the current month from the loans themselves). The loans' triggers keep
-- it in the transaction of every change (per engine, in the files next to this one); `laitelaina audit rebuild-totals`
-- recounts it. days_late_max is -1 for a moment when the loan that held the maximum left the row.
-- (The table itself is made per engine: SQLite keeps it in its key order, WITHOUT ROWID.)

-- The live part of the audit still reads the due-date index alone, now with the damage mark in it.
DROP INDEX ix_loans_due;
CREATE INDEX ix_loans_due ON loans (due_on, state, closed_at, site_id, counsellor, borrower_id, condition_out, condition_in, accessories_missing, damaged);
