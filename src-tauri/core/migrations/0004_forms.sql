-- Annexe A consent forms (issue #5): one form per student and platform use (so per school year,
-- since students and uses belong to one year), numbered once and for good, and its events.
-- Printing records a 'imprime' event per form; the returns (issue #6) add their kinds to the same
-- append-only table, from which the current answers are derived.

-- `id` is the serial the printed number encodes (forms::number::encode(id) = number).
CREATE TABLE forms (
    id         INTEGER PRIMARY KEY,
    number     TEXT NOT NULL UNIQUE,
    student_id INTEGER NOT NULL REFERENCES students(id),
    use_id     INTEGER NOT NULL REFERENCES platform_uses(id),
    created_at TEXT NOT NULL,
    UNIQUE (student_id, use_id)
) STRICT;

CREATE INDEX forms_by_use ON forms(use_id);

-- Append-only: what happened to a form, in order. `batch` names the printing ("classe 601",
-- "rappels 601"); `reminder` marks a copy printed as a reminder; `data` holds the kind's details
-- as JSON (issue #6: answers, signer, how).
CREATE TABLE form_events (
    id       INTEGER PRIMARY KEY,
    form_id  INTEGER NOT NULL REFERENCES forms(id),
    kind     TEXT NOT NULL CHECK (kind IN ('imprime', 'recu', 'corrige', 'retire', 'refuse')),
    at       TEXT NOT NULL,
    on_date  TEXT NOT NULL CHECK (date(on_date) IS on_date),
    batch    TEXT NOT NULL DEFAULT '',
    reminder INTEGER NOT NULL DEFAULT 0 CHECK (reminder IN (0, 1)),
    data     TEXT NOT NULL DEFAULT '{}'
) STRICT;

CREATE INDEX form_events_by_form ON form_events(form_id);

CREATE TRIGGER form_events_no_update BEFORE UPDATE ON form_events
BEGIN
    SELECT RAISE(ABORT, 'les événements des formulaires sont en ajout seulement');
END;

CREATE TRIGGER form_events_no_delete BEFORE DELETE ON form_events
BEGIN
    SELECT RAISE(ABORT, 'les événements des formulaires sont en ajout seulement');
END;

CREATE TRIGGER forms_no_update BEFORE UPDATE ON forms
BEGIN
    SELECT RAISE(ABORT, 'un formulaire garde son numéro, son élève et son utilisation');
END;
