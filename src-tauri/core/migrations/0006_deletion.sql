-- Deletion confirmations (issue #7, Directive 5.9–5.10): by 30 June, the information and documents
-- on every platform flagged `end_of_year_deletion` are deleted or destroyed and the staff member
-- confirms it in writing to the principal; what must be kept goes into the student's file (5.10).
--
-- Append-only, like `form_events`: printing an attestation ('imprimee'), a written confirmation
-- ('confirmee') and a correction of one ('corrigee', with its reason and the event it corrects)
-- are rows; nothing is updated. The state of a use is derived from its rows (deletion::state).

-- The year-end purge sets this one row while it removes an expired year; only then may
-- `deletion_events` rows be deleted. Created here so the trigger below can name it.
CREATE TABLE IF NOT EXISTS purge_in_progress (one INTEGER PRIMARY KEY CHECK (one = 1)) STRICT;

CREATE TABLE deletion_events (
    id       INTEGER PRIMARY KEY,
    use_id   INTEGER NOT NULL REFERENCES platform_uses(id),
    -- Who confirms, or for whom the attestation was printed (NULL: printed for a class without
    -- a teacher, on a blank name line).
    staff_id INTEGER REFERENCES staff(id),
    kind     TEXT NOT NULL CHECK (kind IN ('imprimee', 'confirmee', 'corrigee')),
    -- When it was typed in (RFC 3339).
    at       TEXT NOT NULL,
    -- The day printed, or the day the written confirmation is dated.
    on_date  TEXT NOT NULL CHECK (date(on_date) IS on_date),
    how      TEXT CHECK (how IN ('papier', 'courriel')),
    scan_id  INTEGER REFERENCES attachments(id),
    -- Directive 5.10: « versés au dossier de l'élève » ticked (1), not ticked (0), not said (NULL).
    dossier  INTEGER CHECK (dossier IN (0, 1)),
    reason   TEXT CHECK (reason IS NULL OR length(trim(reason)) > 0),
    corrects INTEGER REFERENCES deletion_events(id),
    -- A printing says only who and when; a confirmation or correction always says by whom and how.
    CHECK (kind <> 'imprimee' OR (how IS NULL AND scan_id IS NULL AND dossier IS NULL AND reason IS NULL)),
    CHECK (kind = 'imprimee' OR (staff_id IS NOT NULL AND how IS NOT NULL)),
    CHECK ((kind = 'corrigee') = (corrects IS NOT NULL)),
    CHECK ((kind = 'corrigee') = (reason IS NOT NULL))
) STRICT;

CREATE INDEX deletion_events_by_use ON deletion_events(use_id);

CREATE TRIGGER deletion_events_no_update BEFORE UPDATE ON deletion_events
BEGIN
    SELECT RAISE(ABORT, 'les confirmations de suppression sont en ajout seulement : faites une correction');
END;

CREATE TRIGGER deletion_events_no_delete BEFORE DELETE ON deletion_events
WHEN NOT EXISTS (SELECT 1 FROM purge_in_progress)
BEGIN
    SELECT RAISE(ABORT, 'les confirmations de suppression sont en ajout seulement : faites une correction');
END;
