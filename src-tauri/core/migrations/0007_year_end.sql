-- Closing a school year, retention and purge (issue #7). A closed year is read-only; once its
-- retention has run out its personal information is purged, leaving anonymised counts.

-- The flag a purge sets inside its own transaction: while a row is here, the append-only
-- triggers below let rows be deleted. Same definition as in 0006 (deletion), so either may come
-- first.
CREATE TABLE IF NOT EXISTS purge_in_progress (one INTEGER PRIMARY KEY CHECK (one = 1)) STRICT;

-- One row per year closed (« Clore l'année »). `missing` is the JSON list of what was not
-- confirmed when the year was closed with an override (empty list otherwise); `override_reason`
-- NULL for a normal closing. Never changed, never deleted.
CREATE TABLE year_closures (
    year            TEXT PRIMARY KEY CHECK (
                        year GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'
                        AND CAST(substr(year, 6, 4) AS INTEGER) = CAST(substr(year, 1, 4) AS INTEGER) + 1),
    closed_on       TEXT NOT NULL CHECK (date(closed_on) IS closed_on),
    closed_at       TEXT NOT NULL,
    override_reason TEXT CHECK (override_reason IS NULL OR length(trim(override_reason)) > 0),
    missing         TEXT NOT NULL DEFAULT '[]',
    closed_by       TEXT NOT NULL
) STRICT;

CREATE TRIGGER year_closures_no_update BEFORE UPDATE ON year_closures
BEGIN
    SELECT RAISE(ABORT, 'une année close le reste');
END;

CREATE TRIGGER year_closures_no_delete BEFORE DELETE ON year_closures
BEGIN
    SELECT RAISE(ABORT, 'une année close le reste');
END;

-- What is left of a purged year: anonymised counts (JSON), never a name.
CREATE TABLE purged_years (
    year      TEXT PRIMARY KEY REFERENCES year_closures(year),
    purged_at TEXT NOT NULL,
    counts    TEXT NOT NULL
) STRICT;

CREATE TRIGGER purged_years_no_update BEFORE UPDATE ON purged_years
BEGIN
    SELECT RAISE(ABORT, 'le relevé d''une purge ne se modifie pas');
END;

CREATE TRIGGER purged_years_no_delete BEFORE DELETE ON purged_years
BEGIN
    SELECT RAISE(ABORT, 'le relevé d''une purge ne se modifie pas');
END;

-- The append-only histories stay append-only, except inside a purge's own transaction.
DROP TRIGGER form_events_no_delete;
CREATE TRIGGER form_events_no_delete BEFORE DELETE ON form_events
WHEN NOT EXISTS (SELECT 1 FROM purge_in_progress)
BEGIN
    SELECT RAISE(ABORT, 'les événements des formulaires sont en ajout seulement');
END;

DROP TRIGGER class_memberships_no_delete;
CREATE TRIGGER class_memberships_no_delete BEFORE DELETE ON class_memberships
WHEN NOT EXISTS (SELECT 1 FROM purge_in_progress)
BEGIN
    SELECT RAISE(ABORT, 'l''historique des classes est en ajout seulement');
END;

-- Nothing else may delete a form, a student or an attachment outside a purge either.
CREATE TRIGGER forms_no_delete BEFORE DELETE ON forms
WHEN NOT EXISTS (SELECT 1 FROM purge_in_progress)
BEGIN
    SELECT RAISE(ABORT, 'un formulaire ne se supprime que par la purge d''une année expirée');
END;
