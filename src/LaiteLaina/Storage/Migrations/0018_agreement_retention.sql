-- Signed agreements and receipts are kept apart from the borrower's other data, 3 years after the loan closed by
-- default (the general limitation period, Act 728/2003); stored here so the settings page shows the value in force.
INSERT INTO settings (name, value) VALUES ('agreement_retention_years', '3');
