-- Returned forms (issue #6): receipts, corrections, withdrawals and refusals are more kinds of
-- the same append-only `form_events` (their details in `data` as JSON). A scan of the returned
-- paper, or of a written withdrawal, is an attachment inside the encrypted store.
ALTER TABLE form_events ADD COLUMN scan_id INTEGER REFERENCES attachments(id);

-- The dashboard asks, for every student, whether they changed class: without this index each
-- question read the whole history table.
CREATE INDEX class_memberships_by_student ON class_memberships(student_id);
