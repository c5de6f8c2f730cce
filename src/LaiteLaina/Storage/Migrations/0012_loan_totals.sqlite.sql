-- The totals (0012_loan_totals.sql says what they are): a year is read as one range of the key, with no second look-up per row.
CREATE TABLE loan_totals (
    basis         TEXT NOT NULL,
    month         TEXT NOT NULL,
    site_id       BIGINT NOT NULL,
    counsellor    TEXT NOT NULL,
    unit          TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    loans         BIGINT NOT NULL,
    days_late_sum BIGINT NOT NULL,
    days_late_max BIGINT NOT NULL,
    missing       BIGINT NOT NULL,
    damaged       BIGINT NOT NULL,
    PRIMARY KEY (basis, month, site_id, counsellor, unit, outcome)
) WITHOUT ROWID;
CREATE INDEX ix_loan_totals_stale ON loan_totals (basis) WHERE days_late_max < 0;

-- A month of returns, found by the day they came back when a maximum is counted again.
CREATE INDEX ix_loans_closed_at ON loans (closed_at);

-- What each loan counts, worked out once for both of the months it is counted in.
CREATE VIEW loan_facts AS
SELECT l.id AS loan_id, l.borrower_id, l.state, l.due_on, l.closed_at, substr(l.due_on, 1, 7) AS due_month,
       substr(l.closed_at, 1, 7) AS closed_month, coalesce(l.site_id, 0) AS site_id, l.counsellor, coalesce(b.unit, '') AS unit,
       CASE WHEN l.state = 'Returned' AND substr(l.closed_at, 1, 10) > l.due_on
            THEN CAST(julianday(substr(l.closed_at, 1, 10)) - julianday(l.due_on) AS INTEGER) ELSE 0 END AS days_late,
       CASE WHEN l.accessories_missing IS NOT NULL THEN 1 ELSE 0 END AS missing,
       CASE WHEN l.damaged OR (l.condition_in <> l.condition_out AND l.condition_in = 'Broken') OR (CASE l.condition_in WHEN 'New' THEN 0 WHEN 'Good' THEN 1 WHEN 'Fair' THEN 2 WHEN 'Poor' THEN 3 WHEN 'Broken' THEN 4 END)
                 - (CASE l.condition_out WHEN 'New' THEN 0 WHEN 'Good' THEN 1 WHEN 'Fair' THEN 2 WHEN 'Poor' THEN 3 WHEN 'Broken' THEN 4 END) >= 2
            THEN 1 ELSE 0 END AS damaged
FROM loans l LEFT JOIN borrowers b ON b.id = l.borrower_id;

-- What each loan adds to loan_totals (0012_loan_totals.sql): one row for the month of its due date, and one more for
-- the month it came back. "at" is the column that month is taken from, for finding a month of loans by index.
CREATE VIEW loan_contributions AS
SELECT loan_id, borrower_id, 'due' AS basis, due_month AS month, due_on AS at, site_id, counsellor, unit,
       CASE state WHEN 'Open' THEN 'Open' WHEN 'Lost' THEN 'Lost' ELSE CASE WHEN days_late > 0 THEN 'Late' ELSE 'OnTime' END END AS outcome,
       days_late, missing, damaged
FROM loan_facts WHERE due_on IS NOT NULL AND state IN ('Open', 'Returned', 'Lost')
UNION ALL
SELECT loan_id, borrower_id, 'returned', closed_month, closed_at, site_id, counsellor, unit,
       CASE WHEN days_late > 0 THEN 'Late' ELSE 'OnTime' END, days_late, missing, damaged
FROM loan_facts WHERE state = 'Returned' AND due_on IS NOT NULL;

INSERT INTO loan_totals (basis, month, site_id, counsellor, unit, outcome, loans, days_late_sum, days_late_max, missing, damaged)
SELECT basis, month, site_id, counsellor, unit, outcome, count(*), sum(days_late), max(days_late), sum(missing), sum(damaged)
FROM loan_contributions GROUP BY basis, month, site_id, counsellor, unit, outcome;


-- A change to count: the loans' and borrowers' triggers note what one loan (or every loan of one borrower) counts,
-- taken away (sign -1) before the change and added (+1) after it, and this table's trigger applies it at once.
CREATE TABLE loan_totals_changes (loan_id BIGINT, borrower_id BIGINT, sign INTEGER NOT NULL);

-- A removal carries minus the largest delay it took away: a row whose maximum that was is marked -1 and its maximum
-- counted again from the loans once the change is made.
CREATE TRIGGER loan_totals_apply AFTER INSERT ON loan_totals_changes
BEGIN
    INSERT INTO loan_totals (basis, month, site_id, counsellor, unit, outcome, loans, days_late_sum, days_late_max, missing, damaged)
    SELECT basis, month, site_id, counsellor, unit, outcome, NEW.sign * count(*), NEW.sign * sum(days_late), NEW.sign * max(days_late),
           NEW.sign * sum(missing), NEW.sign * sum(damaged)
    FROM loan_contributions WHERE loan_id = NEW.loan_id OR borrower_id = NEW.borrower_id
    GROUP BY basis, month, site_id, counsellor, unit, outcome
    ON CONFLICT (basis, month, site_id, counsellor, unit, outcome) DO UPDATE SET
        loans = loan_totals.loans + excluded.loans, days_late_sum = loan_totals.days_late_sum + excluded.days_late_sum,
        days_late_max = CASE WHEN loan_totals.days_late_max < 0 THEN -1
                             WHEN excluded.days_late_max < 0 THEN CASE WHEN -excluded.days_late_max >= loan_totals.days_late_max THEN -1 ELSE loan_totals.days_late_max END
                             WHEN excluded.days_late_max > loan_totals.days_late_max THEN excluded.days_late_max ELSE loan_totals.days_late_max END,
        missing = loan_totals.missing + excluded.missing, damaged = loan_totals.damaged + excluded.damaged;
    UPDATE loan_totals SET days_late_max = (
        SELECT coalesce(max(v.days_late), 0) FROM loan_contributions v
        WHERE v.basis = loan_totals.basis AND v.at >= loan_totals.month AND v.at < loan_totals.month || '~' AND v.month = loan_totals.month
          AND v.site_id = loan_totals.site_id AND v.counsellor = loan_totals.counsellor AND v.unit = loan_totals.unit AND v.outcome = loan_totals.outcome)
    WHERE NEW.sign > 0 AND days_late_max < 0;
    -- A key nothing counts any more goes: it may hold an erased borrower's unit.
    DELETE FROM loan_totals WHERE NEW.sign < 0 AND loans = 0 AND (basis, month, site_id, counsellor, unit, outcome) IN (
        SELECT basis, month, site_id, counsellor, unit, outcome FROM loan_contributions WHERE loan_id = NEW.loan_id OR borrower_id = NEW.borrower_id);
    DELETE FROM loan_totals_changes WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER loan_totals_loan_before_update BEFORE UPDATE OF state, due_on, closed_at, site_id, counsellor, borrower_id,
    condition_out, condition_in, accessories_missing, damaged ON loans
BEGIN
    INSERT INTO loan_totals_changes (loan_id, sign) VALUES (OLD.id, -1);
END;
CREATE TRIGGER loan_totals_loan_after_update AFTER UPDATE OF state, due_on, closed_at, site_id, counsellor, borrower_id,
    condition_out, condition_in, accessories_missing, damaged ON loans
BEGIN
    INSERT INTO loan_totals_changes (loan_id, sign) VALUES (NEW.id, 1);
END;
CREATE TRIGGER loan_totals_loan_insert AFTER INSERT ON loans
BEGIN
    INSERT INTO loan_totals_changes (loan_id, sign) VALUES (NEW.id, 1);
END;
-- After a delete there is nothing to add: the empty change only counts the marked maxima again.
CREATE TRIGGER loan_totals_loan_before_delete BEFORE DELETE ON loans
BEGIN
    INSERT INTO loan_totals_changes (loan_id, sign) VALUES (OLD.id, -1);
END;
CREATE TRIGGER loan_totals_loan_after_delete AFTER DELETE ON loans
BEGIN
    INSERT INTO loan_totals_changes (loan_id, sign) VALUES (NULL, 1);
END;

-- The audit counts by the borrower's unit as it is now: a new unit (or none, after an erasure) moves their loans.
CREATE TRIGGER loan_totals_unit_before BEFORE UPDATE OF unit ON borrowers WHEN coalesce(OLD.unit, '') <> coalesce(NEW.unit, '')
BEGIN
    INSERT INTO loan_totals_changes (borrower_id, sign) VALUES (OLD.id, -1);
END;
CREATE TRIGGER loan_totals_unit_after AFTER UPDATE OF unit ON borrowers WHEN coalesce(OLD.unit, '') <> coalesce(NEW.unit, '')
BEGIN
    INSERT INTO loan_totals_changes (borrower_id, sign) VALUES (NEW.id, 1);
END;
