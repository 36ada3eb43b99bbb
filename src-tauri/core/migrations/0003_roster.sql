-- Class lists (issue #4): the students of each school year, imported from the school's student
-- information system, their guardians, and the history of their class memberships. Nothing here
-- is deleted by an import: a student who leaves is marked departed, a class change closes the old
-- membership, a guardian who is no longer named is ended. Consents (issue #6) attach to students.
-- Dates are TEXT 'YYYY-MM-DD'; timestamps RFC 3339; booleans INTEGER 0/1.

-- One row per student and school year (a student comes back next year as a new row).
-- `class_id` is the current class, or the last one for a departed student; `name_key` is
-- roster::french_sort_key of the last and first names, for sorting and for identity by name.
CREATE TABLE students (
    id             INTEGER PRIMARY KEY,
    year           TEXT NOT NULL CHECK (
                       year GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'
                       AND CAST(substr(year, 6, 4) AS INTEGER) = CAST(substr(year, 1, 4) AS INTEGER) + 1),
    fiche          TEXT CHECK (fiche IS NULL OR length(fiche) BETWEEN 1 AND 64),
    code_permanent TEXT CHECK (code_permanent IS NULL OR code_permanent GLOB
                       '[A-Z][A-Z][A-Z][A-Z][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    last_name      TEXT NOT NULL CHECK (length(trim(last_name)) > 0),
    first_name     TEXT NOT NULL CHECK (length(trim(first_name)) > 0),
    name_key       TEXT NOT NULL,
    birth_date     TEXT CHECK (birth_date IS NULL OR date(birth_date) IS birth_date),
    class_id       INTEGER NOT NULL REFERENCES classes(id),
    level          TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'actif' CHECK (status IN ('actif', 'parti')),
    departed_on    TEXT CHECK (departed_on IS NULL OR date(departed_on) IS departed_on),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK ((status = 'parti') = (departed_on IS NOT NULL))
) STRICT;

CREATE UNIQUE INDEX students_one_fiche ON students(year, fiche) WHERE fiche IS NOT NULL;
CREATE UNIQUE INDEX students_one_code_permanent ON students(year, code_permanent) WHERE code_permanent IS NOT NULL;
CREATE INDEX students_by_class ON students(class_id);
CREATE INDEX students_by_name ON students(year, name_key);

-- Up to two current guardians per student (rank 1 and 2, as in the file); one who is no longer
-- named gets `ended_on` and stays as history. `do_not_contact` is set in Balise (issue #5), never
-- by an import, and follows the person when the file changes their e-mail or rank.
CREATE TABLE guardians (
    id             INTEGER PRIMARY KEY,
    student_id     INTEGER NOT NULL REFERENCES students(id),
    rank           INTEGER NOT NULL CHECK (rank IN (1, 2)),
    last_name      TEXT NOT NULL DEFAULT '',
    first_name     TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    relation       TEXT NOT NULL DEFAULT '',
    do_not_contact INTEGER NOT NULL DEFAULT 0 CHECK (do_not_contact IN (0, 1)),
    started_on     TEXT NOT NULL CHECK (date(started_on) IS started_on),
    ended_on       TEXT CHECK (ended_on IS NULL OR (date(ended_on) IS ended_on AND ended_on >= started_on)),
    CHECK (length(trim(last_name || first_name || email)) > 0)
) STRICT;

CREATE INDEX guardians_by_student ON guardians(student_id);

-- Which class a student was in, from when until when (`until_on` NULL: still there). A class
-- change closes one row and opens another, so consents given for the old class's uses keep
-- their context.
CREATE TABLE class_memberships (
    id         INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    class_id   INTEGER NOT NULL REFERENCES classes(id),
    from_on    TEXT NOT NULL CHECK (date(from_on) IS from_on),
    until_on   TEXT CHECK (until_on IS NULL OR (date(until_on) IS until_on AND until_on >= from_on))
) STRICT;

CREATE UNIQUE INDEX class_memberships_one_open ON class_memberships(student_id) WHERE until_on IS NULL;
CREATE INDEX class_memberships_by_class ON class_memberships(class_id);

CREATE TRIGGER class_memberships_no_delete BEFORE DELETE ON class_memberships
BEGIN
    SELECT RAISE(ABORT, 'l''historique des classes est en ajout seulement');
END;
