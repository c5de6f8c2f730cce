-- Which stored version of a loan's agreement carries the borrower's signature, and when it was signed: the loan page
-- says so, and a second signature is refused unless a counsellor replaces the first on purpose (with a reason, in the
-- audit log). No reference to the document row itself: an erasure removes the documents and keeps the loan.
ALTER TABLE loans ADD COLUMN signed_version INTEGER;
ALTER TABLE loans ADD COLUMN signed_at {timestamp};
