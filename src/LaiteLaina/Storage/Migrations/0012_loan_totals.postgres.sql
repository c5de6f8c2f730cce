-- The totals (0012_loan_totals.sql says what they are).
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
);
CREATE INDEX ix_loan_totals_stale ON loan_totals (basis) WHERE days_late_max < 0;

-- A month of returns, found by the day they came back (UTC) when a maximum is counted again.
CREATE INDEX ix_loans_closed_day ON loans (((closed_at AT TIME ZONE 'UTC')::date));

-- What each loan adds to loan_totals (0012_loan_totals.sql): one row for the month of its due date, and one more for
-- the month it came back. "at" is the day that month is taken from, for finding a month of loans by index.
CREATE VIEW loan_facts AS
SELECT l.id AS loan_id, l.borrower_id, l.state, l.due_on, (l.closed_at AT TIME ZONE 'UTC')::date AS closed_at,
       to_char(l.due_on, 'YYYY-MM') AS due_month, to_char(l.closed_at AT TIME ZONE 'UTC', 'YYYY-MM') AS closed_month,
       coalesce(l.site_id, 0) AS site_id, l.counsellor, coalesce(b.unit, '') AS unit,
       CASE WHEN l.state = 'Returned' AND (l.closed_at AT TIME ZONE 'UTC')::date > l.due_on
            THEN (l.closed_at AT TIME ZONE 'UTC')::date - l.due_on ELSE 0 END AS days_late,
       CASE WHEN l.accessories_missing IS NOT NULL THEN 1 ELSE 0 END AS missing,
       CASE WHEN l.damaged OR (l.condition_in <> l.condition_out AND l.condition_in = 'Broken') OR (CASE l.condition_in WHEN 'New' THEN 0 WHEN 'Good' THEN 1 WHEN 'Fair' THEN 2 WHEN 'Poor' THEN 3 WHEN 'Broken' THEN 4 END)
                 - (CASE l.condition_out WHEN 'New' THEN 0 WHEN 'Good' THEN 1 WHEN 'Fair' THEN 2 WHEN 'Poor' THEN 3 WHEN 'Broken' THEN 4 END) >= 2
            THEN 1 ELSE 0 END AS damaged
FROM loans l LEFT JOIN borrowers b ON b.id = l.borrower_id;

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

-- Takes away (sign -1) or adds (+1) what one loan, or every loan of one borrower, counts. A removal carries minus the
-- largest delay it took away: a row whose maximum that was is marked -1 and its maximum counted again from the loans
-- once the change is made (an addition, or the empty one after a delete).
CREATE FUNCTION loan_totals_apply(p_loan BIGINT, p_borrower BIGINT, p_sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO loan_totals (basis, month, site_id, counsellor, unit, outcome, loans, days_late_sum, days_late_max, missing, damaged)
    SELECT basis, month, site_id, counsellor, unit, outcome, p_sign * count(*), p_sign * sum(days_late), p_sign * max(days_late),
           p_sign * sum(missing), p_sign * sum(damaged)
    FROM loan_contributions WHERE loan_id = p_loan OR borrower_id = p_borrower
    GROUP BY basis, month, site_id, counsellor, unit, outcome
    ON CONFLICT (basis, month, site_id, counsellor, unit, outcome) DO UPDATE SET
        loans = loan_totals.loans + excluded.loans, days_late_sum = loan_totals.days_late_sum + excluded.days_late_sum,
        days_late_max = CASE WHEN loan_totals.days_late_max < 0 THEN -1
                             WHEN excluded.days_late_max < 0 THEN CASE WHEN -excluded.days_late_max >= loan_totals.days_late_max THEN -1 ELSE loan_totals.days_late_max END
                             WHEN excluded.days_late_max > loan_totals.days_late_max THEN excluded.days_late_max ELSE loan_totals.days_late_max END,
        missing = loan_totals.missing + excluded.missing, damaged = loan_totals.damaged + excluded.damaged;
    IF p_sign > 0 THEN
        UPDATE loan_totals SET days_late_max = (
            SELECT coalesce(max(v.days_late), 0) FROM loan_contributions v
            WHERE v.basis = loan_totals.basis AND v.at >= to_date(loan_totals.month, 'YYYY-MM')
              AND v.at < (to_date(loan_totals.month, 'YYYY-MM') + interval '1 month')::date
              AND v.site_id = loan_totals.site_id AND v.counsellor = loan_totals.counsellor AND v.unit = loan_totals.unit
              AND v.outcome = loan_totals.outcome)
        WHERE loan_totals.days_late_max < 0;
    ELSE
        -- A key nothing counts any more goes: it may hold an erased borrower's unit.
        DELETE FROM loan_totals t USING (SELECT DISTINCT basis, month, site_id, counsellor, unit, outcome FROM loan_contributions
                                         WHERE loan_id = p_loan OR borrower_id = p_borrower) k
        WHERE t.loans = 0 AND t.basis = k.basis AND t.month = k.month AND t.site_id = k.site_id AND t.counsellor = k.counsellor
          AND t.unit = k.unit AND t.outcome = k.outcome;
    END IF;
END;
$$;

-- Before a loan changes (or goes), what it counted is taken away; after it changed (or came), what it counts now is added.
CREATE FUNCTION loan_totals_on_loan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_WHEN = 'BEFORE' THEN
        PERFORM loan_totals_apply(OLD.id, NULL, -1);
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    -- After a delete there is nothing to add, only marked maxima to count again.
    PERFORM loan_totals_apply(CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.id END, NULL, 1);
    RETURN NULL;
END;
$$;

CREATE TRIGGER loan_totals_take BEFORE UPDATE OF state, due_on, closed_at, site_id, counsellor, borrower_id,
    condition_out, condition_in, accessories_missing, damaged OR DELETE ON loans
    FOR EACH ROW EXECUTE FUNCTION loan_totals_on_loan();
CREATE TRIGGER loan_totals_add AFTER INSERT OR UPDATE OF state, due_on, closed_at, site_id, counsellor, borrower_id,
    condition_out, condition_in, accessories_missing, damaged OR DELETE ON loans
    FOR EACH ROW EXECUTE FUNCTION loan_totals_on_loan();

-- The audit counts by the borrower's unit as it is now: a new unit (or none, after an erasure) moves their loans.
CREATE FUNCTION loan_totals_on_unit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM loan_totals_apply(NULL, NEW.id, CASE WHEN TG_WHEN = 'BEFORE' THEN -1 ELSE 1 END);
    RETURN NEW;
END;
$$;

CREATE TRIGGER loan_totals_take_unit BEFORE UPDATE OF unit ON borrowers
    FOR EACH ROW WHEN (coalesce(OLD.unit, '') <> coalesce(NEW.unit, '')) EXECUTE FUNCTION loan_totals_on_unit();
CREATE TRIGGER loan_totals_add_unit AFTER UPDATE OF unit ON borrowers
    FOR EACH ROW WHEN (coalesce(OLD.unit, '') <> coalesce(NEW.unit, '')) EXECUTE FUNCTION loan_totals_on_unit();
