-- Reminders by e-mail (#20). The user's e-mail address, for the counsellor's morning list of overdue loans, is
-- users.email from 0028.

-- Every reminder the daily job sent, one row per loan, kind and office-local day: the unique key is what keeps a
-- restart (or a second pass the same day) from sending it twice. Only what was sent and to which kind of recipient,
-- never an address or a name: the loan says whose it is.
CREATE TABLE loan_reminders (
    id        {id},
    loan_id   BIGINT NOT NULL REFERENCES loans (id),
    kind      TEXT NOT NULL CHECK (kind IN ('DueTomorrow', 'DueToday', 'OverdueList')),
    for_date  {date} NOT NULL,
    sent_to   TEXT NOT NULL CHECK (sent_to IN ('borrower', 'counsellor')),
    sent_at   {timestamp} NOT NULL,
    UNIQUE (loan_id, kind, for_date)
);
CREATE INDEX ix_loan_reminders_date ON loan_reminders (for_date);

INSERT INTO settings (name, value) VALUES ('reminder_time', '07:00');
