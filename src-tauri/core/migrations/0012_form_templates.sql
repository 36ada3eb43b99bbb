-- The form engine (issue 17): a form is one of the templates of `forms::template`, about a
-- student (Annexe A, annexes 3 and 5), an adult (annexes 4 and 6) or a social-media space (the
-- request of the social-media policy), for a platform use, a project or a space. One number
-- series for all of them (`form_numbering`); the Annexe A forms keep their numbers, events and
-- scans.

-- A project: what annexes 3 to 6 are printed for (their table: média, titre et description,
-- durée). `social` says the project publishes on a social medium (annexes 5 and 6) rather than
-- in the media (annexes 3 and 4). The forms it is printed for hold from `starts_on` to `ends_on`.
CREATE TABLE projects (
    id          INTEGER PRIMARY KEY,
    year        TEXT NOT NULL CHECK (
                    year GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'
                    AND CAST(substr(year, 6, 4) AS INTEGER) = CAST(substr(year, 1, 4) AS INTEGER) + 1),
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description TEXT NOT NULL DEFAULT '',
    medium      TEXT NOT NULL CHECK (length(trim(medium)) > 0),
    social      INTEGER NOT NULL CHECK (social IN (0, 1)),
    starts_on   TEXT NOT NULL CHECK (date(starts_on) IS starts_on),
    ends_on     TEXT NOT NULL CHECK (date(ends_on) IS ends_on AND ends_on >= starts_on),
    created_at  TEXT NOT NULL
) STRICT;

-- Who takes part: whole classes, single students, and the staff responsible.
CREATE TABLE project_classes (
    project_id INTEGER NOT NULL REFERENCES projects(id),
    class_id   INTEGER NOT NULL REFERENCES classes(id),
    PRIMARY KEY (project_id, class_id)
) STRICT;

CREATE TABLE project_students (
    project_id INTEGER NOT NULL REFERENCES projects(id),
    student_id INTEGER NOT NULL REFERENCES students(id),
    PRIMARY KEY (project_id, student_id)
) STRICT;

CREATE TABLE project_staff (
    project_id INTEGER NOT NULL REFERENCES projects(id),
    staff_id   INTEGER NOT NULL REFERENCES staff(id),
    PRIMARY KEY (project_id, staff_id)
) STRICT;

-- An adult an annexe 4 or 6 is about, in the annexes' own list: « direction, enseignant, membre
-- du personnel, parent, autre adulte ». A staff member is linked to the register's `staff`.
-- Personal information: it belongs to its project's year and is purged with it.
CREATE TABLE adults (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    role       TEXT NOT NULL CHECK (role IN ('direction', 'enseignant', 'personnel', 'parent', 'autre')),
    last_name  TEXT NOT NULL CHECK (length(trim(last_name)) > 0),
    first_name TEXT NOT NULL CHECK (length(trim(first_name)) > 0),
    staff_id   INTEGER REFERENCES staff(id),
    created_at TEXT NOT NULL
) STRICT;

CREATE INDEX adults_by_project ON adults(project_id);

-- A social-media space the school asks the director general to create (social-media policy,
-- annexe A). Its workflow: brouillon → envoyee (to the CSS) → acceptee or refusee, each with its
-- date; the signed decision is scanned. An accepted space is a platform use (`use_id`).
CREATE TABLE spaces (
    id                INTEGER PRIMARY KEY,
    year              TEXT NOT NULL CHECK (
                          year GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'
                          AND CAST(substr(year, 6, 4) AS INTEGER) = CAST(substr(year, 1, 4) AS INTEGER) + 1),
    name              TEXT NOT NULL CHECK (length(trim(name)) > 0),
    platform          TEXT NOT NULL CHECK (platform IN
                          ('google', 'linkedin', 'meta_facebook', 'meta_instagram', 'youtube', 'x', 'autre')),
    platform_other    TEXT NOT NULL DEFAULT '',
    use_type          TEXT NOT NULL DEFAULT '',
    access_level      TEXT NOT NULL CHECK (access_level IN
                          ('consultation_13', 'adhesion_13_consentement_parental', 'adhesion_14_plus_consentement')),
    content           TEXT NOT NULL DEFAULT '',
    administration    TEXT NOT NULL DEFAULT '',
    training          TEXT NOT NULL DEFAULT '',
    monitoring        TEXT NOT NULL DEFAULT '',
    responsible       TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'brouillon'
                          CHECK (status IN ('brouillon', 'envoyee', 'acceptee', 'refusee')),
    sent_on           TEXT CHECK (sent_on IS NULL OR date(sent_on) IS sent_on),
    decided_on        TEXT CHECK (decided_on IS NULL OR (date(decided_on) IS decided_on AND decided_on >= sent_on)),
    decision_scan_id  INTEGER REFERENCES attachments(id),
    use_id            INTEGER REFERENCES platform_uses(id),
    created_at        TEXT NOT NULL,
    CHECK (platform <> 'autre' OR length(trim(platform_other)) > 0),
    CHECK ((status = 'brouillon') = (sent_on IS NULL)),
    CHECK ((status IN ('acceptee', 'refusee')) = (decided_on IS NOT NULL))
) STRICT;

-- The space's administrators: staff the principal designates (policy art. 6).
CREATE TABLE space_admins (
    space_id INTEGER NOT NULL REFERENCES spaces(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    PRIMARY KEY (space_id, staff_id)
) STRICT;

-- The students who joined an accepted space, each with the written consent their age asks
-- (policy art. 7.1.2: 13, a parent's; 14 and over, the student's or a parent's), checked against
-- the birth date on the day they join (`spaces::add_member`).
CREATE TABLE space_members (
    space_id      INTEGER NOT NULL REFERENCES spaces(id),
    student_id    INTEGER NOT NULL REFERENCES students(id),
    joined_on     TEXT NOT NULL CHECK (date(joined_on) IS joined_on),
    consent_by    TEXT NOT NULL CHECK (consent_by IN ('parent', 'eleve')),
    consent_on    TEXT NOT NULL CHECK (date(consent_on) IS consent_on),
    signer        TEXT NOT NULL CHECK (length(trim(signer)) > 0),
    PRIMARY KEY (space_id, student_id)
) STRICT;

-- The conditions of the policy's articles 6 to 9, ticked one by one (`key` names the condition
-- in `spaces::CONDITIONS`), with the day.
CREATE TABLE space_conditions (
    space_id INTEGER NOT NULL REFERENCES spaces(id),
    key      TEXT NOT NULL,
    met_on   TEXT NOT NULL CHECK (date(met_on) IS met_on),
    PRIMARY KEY (space_id, key)
) STRICT;

-- The forms table, rebuilt with its template. `migrate` runs inside one transaction with foreign
-- keys on, so `form_events` keeps pointing at `forms(id)` through a deferred check: dropping the
-- table counts its events as orphans, inserting the same ids back resolves them before COMMIT.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE forms_before_0012 AS SELECT id, number, student_id, use_id, created_at FROM forms;
DROP TABLE forms;

CREATE TABLE forms (
    id         INTEGER PRIMARY KEY,
    number     TEXT NOT NULL UNIQUE,
    template   TEXT NOT NULL CHECK (template IN
                   ('annexe_a', 'photos', 'photos_adulte', 'media_social', 'media_social_adulte', 'demande_espace')),
    student_id INTEGER REFERENCES students(id),
    use_id     INTEGER REFERENCES platform_uses(id),
    project_id INTEGER REFERENCES projects(id),
    adult_id   INTEGER REFERENCES adults(id),
    space_id   INTEGER REFERENCES spaces(id),
    created_at TEXT NOT NULL,
    UNIQUE (student_id, use_id),
    UNIQUE (template, project_id, student_id),
    UNIQUE (template, project_id, adult_id),
    UNIQUE (template, space_id),
    -- What each template is about and for (`forms::template`): exactly those columns, no other.
    CHECK (CASE template
        WHEN 'annexe_a' THEN student_id IS NOT NULL AND use_id IS NOT NULL
                             AND project_id IS NULL AND adult_id IS NULL AND space_id IS NULL
        WHEN 'photos' THEN student_id IS NOT NULL AND project_id IS NOT NULL
                           AND use_id IS NULL AND adult_id IS NULL AND space_id IS NULL
        WHEN 'media_social' THEN student_id IS NOT NULL AND project_id IS NOT NULL
                                 AND use_id IS NULL AND adult_id IS NULL AND space_id IS NULL
        WHEN 'photos_adulte' THEN adult_id IS NOT NULL AND project_id IS NOT NULL
                                  AND student_id IS NULL AND use_id IS NULL AND space_id IS NULL
        WHEN 'media_social_adulte' THEN adult_id IS NOT NULL AND project_id IS NOT NULL
                                        AND student_id IS NULL AND use_id IS NULL AND space_id IS NULL
        WHEN 'demande_espace' THEN space_id IS NOT NULL
                                   AND student_id IS NULL AND use_id IS NULL AND project_id IS NULL AND adult_id IS NULL
    END)
) STRICT;

INSERT INTO forms (id, number, template, student_id, use_id, created_at)
    SELECT id, number, 'annexe_a', student_id, use_id, created_at FROM forms_before_0012 ORDER BY id;
DROP TABLE forms_before_0012;

CREATE INDEX forms_by_use ON forms(use_id);
CREATE INDEX forms_by_student ON forms(student_id);
CREATE INDEX forms_by_project ON forms(project_id);

CREATE TRIGGER forms_no_update BEFORE UPDATE ON forms
BEGIN
    SELECT RAISE(ABORT, 'un formulaire garde son numéro, son modèle et ce qu''il concerne');
END;

CREATE TRIGGER forms_no_delete BEFORE DELETE ON forms
WHEN NOT EXISTS (SELECT 1 FROM purge_in_progress)
BEGIN
    SELECT RAISE(ABORT, 'un formulaire ne se supprime que par la purge d''une année expirée');
END;
