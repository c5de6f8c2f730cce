-- The desk (#16). A reminder of an overdue loan is noted on the loan itself (the last one: the day and who), so the
-- overdue list shows "reminded on" without reading the audit log, which keeps every reminder.
ALTER TABLE loans ADD COLUMN reminded_on {date};
ALTER TABLE loans ADD COLUMN reminded_by TEXT;

-- The desk looks a device up by whatever its label or box shows: the IMEI as well as the tag and serial number.
CREATE INDEX ix_devices_imei ON devices (imei) WHERE imei IS NOT NULL;

-- The desk lists the reservations starting today: a short range of this index, not every booking of a kind.
CREATE INDEX ix_reservations_starts ON reservations (starts_on) WHERE cancelled_at IS NULL;
