-- The platform register (issue #3): the catalogue of platforms (seeded with the CSSPB defaults),
-- staff, classes, each class's platform uses, infractions, and attachments kept in the store.
-- Dates are TEXT 'YYYY-MM-DD'; booleans are INTEGER 0/1; `*_key` columns hold the folded name
-- (lower case, no accents) that keeps names unique and findable.

-- Directive art. 4; note de service of 25 August 2025.
CREATE TABLE platforms (
    id                    INTEGER PRIMARY KEY,
    name                  TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_key              TEXT NOT NULL UNIQUE,
    for_parents           INTEGER NOT NULL CHECK (for_parents IN (0, 1)),
    for_students          INTEGER NOT NULL CHECK (for_students IN (0, 1)),
    status                TEXT NOT NULL CHECK (status IN ('approuvee', 'autorisation_requise', 'toleree', 'proscrite')),
    tolerated_until       TEXT CHECK (tolerated_until IS NULL OR date(tolerated_until) IS tolerated_until),
    end_of_year_deletion  INTEGER NOT NULL CHECK (end_of_year_deletion IN (0, 1)),
    institutional_account INTEGER NOT NULL CHECK (institutional_account IN (0, 1)),
    outside_directive     INTEGER NOT NULL CHECK (outside_directive IN (0, 1)),
    notes                 TEXT NOT NULL DEFAULT '',
    CHECK (for_parents + for_students > 0),
    CHECK ((status = 'toleree') = (tolerated_until IS NOT NULL))
) STRICT;

CREATE TABLE staff (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_key TEXT NOT NULL UNIQUE,
    email    TEXT NOT NULL DEFAULT ''
) STRICT;

-- A class (groupe) belongs to one school year, written '2025-2026'.
CREATE TABLE classes (
    id    INTEGER PRIMARY KEY,
    year  TEXT NOT NULL CHECK (
              year GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'
              AND CAST(substr(year, 6, 4) AS INTEGER) = CAST(substr(year, 1, 4) AS INTEGER) + 1),
    code  TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(code)) > 0),
    level TEXT NOT NULL DEFAULT '',
    UNIQUE (year, code)
) STRICT;

CREATE TABLE class_teachers (
    class_id INTEGER NOT NULL REFERENCES classes(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    PRIMARY KEY (class_id, staff_id)
) STRICT;

CREATE INDEX class_teachers_by_staff ON class_teachers(staff_id);

-- Encrypted at rest with the rest of the store. The type is read from the content; the original
-- name is display data, never a path. 20 MB at most (20 971 520 bytes). Never changed once stored.
CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
    original_name TEXT NOT NULL,
    media_type    TEXT NOT NULL CHECK (media_type IN (
                      'application/pdf', 'image/png', 'image/jpeg',
                      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
                      'application/vnd.oasis.opendocument.text')),
    size          INTEGER NOT NULL CHECK (size > 0 AND size <= 20971520),
    added_at      TEXT NOT NULL,
    -- Last, so reading the columns above never reads the bytes.
    bytes         BLOB NOT NULL CHECK (length(bytes) = size)
) STRICT;

CREATE TRIGGER attachments_no_update BEFORE UPDATE ON attachments
BEGIN
    SELECT RAISE(ABORT, 'une pièce jointe ne se modifie pas : joignez-en une nouvelle');
END;

-- One class × platform × audience, from a date. Directive 4: authorization and committee
-- validation; Directive 5.1: presentation document, its validation (with the hash of the document
-- validated) and its sending to parents.
CREATE TABLE platform_uses (
    id                            INTEGER PRIMARY KEY,
    class_id                      INTEGER NOT NULL REFERENCES classes(id),
    platform_id                   INTEGER NOT NULL REFERENCES platforms(id),
    audience                      TEXT NOT NULL CHECK (audience IN ('parents', 'eleves')),
    started_on                    TEXT NOT NULL CHECK (date(started_on) IS started_on),
    ended_on                      TEXT CHECK (ended_on IS NULL OR (date(ended_on) IS ended_on AND ended_on >= started_on)),
    notes                         TEXT NOT NULL DEFAULT '',
    authorized_on                 TEXT CHECK (authorized_on IS NULL OR date(authorized_on) IS authorized_on),
    authorized_by                 TEXT,
    authorization_document_id     INTEGER REFERENCES attachments(id),
    committee_validated_on        TEXT CHECK (committee_validated_on IS NULL OR date(committee_validated_on) IS committee_validated_on),
    presentation_document_id      INTEGER REFERENCES attachments(id),
    presentation_validated_on     TEXT CHECK (presentation_validated_on IS NULL OR date(presentation_validated_on) IS presentation_validated_on),
    presentation_validated_by     TEXT,
    presentation_validated_sha256 TEXT CHECK (presentation_validated_sha256 IS NULL OR length(presentation_validated_sha256) = 64),
    presentation_sent_on          TEXT CHECK (presentation_sent_on IS NULL OR date(presentation_sent_on) IS presentation_sent_on),
    CHECK ((authorized_on IS NULL) = (authorized_by IS NULL)),
    CHECK ((presentation_validated_on IS NULL) = (presentation_validated_by IS NULL)),
    CHECK ((presentation_validated_on IS NULL) = (presentation_validated_sha256 IS NULL))
) STRICT;

-- A class registers a platform once per audience until that use ends.
CREATE UNIQUE INDEX platform_uses_one_open ON platform_uses(class_id, platform_id, audience) WHERE ended_on IS NULL;
CREATE INDEX platform_uses_by_platform ON platform_uses(platform_id);

-- Directive 4: a prohibited platform found in use, followed up until resolved.
CREATE TABLE infractions (
    id          INTEGER PRIMARY KEY,
    class_id    INTEGER NOT NULL REFERENCES classes(id),
    platform_id INTEGER NOT NULL REFERENCES platforms(id),
    found_on    TEXT NOT NULL CHECK (date(found_on) IS found_on),
    description TEXT NOT NULL CHECK (length(trim(description)) > 0),
    resolved_on TEXT CHECK (resolved_on IS NULL OR (date(resolved_on) IS resolved_on AND resolved_on >= found_on)),
    resolution  TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX infractions_by_class ON infractions(class_id);

-- The CSSPB's catalogue (Directive art. 4, 5.4, 5.9; note de service of 25 August 2025).
INSERT INTO platforms
    (name, name_key, for_parents, for_students, status, tolerated_until, end_of_year_deletion,
     institutional_account, outside_directive, notes)
VALUES
    ('Mozaïk-Portail', 'mozaik-portail', 1, 1, 'approuvee', NULL, 0, 1, 0,
     'Approuvée (art. 4). Exemptée de la suppression de fin d''année (art. 5.9).'),
    ('Portail Parents (mParent)', 'portail parents (mparent)', 1, 0, 'approuvee', NULL, 0, 1, 0,
     'Approuvée (art. 4) ; à privilégier, car liée à Mozaïk-Portail. Exemptée de la suppression de fin d''année (art. 5.9).'),
    ('Clic École', 'clic ecole', 1, 0, 'approuvee', NULL, 0, 1, 0,
     'Approuvée (art. 4) ; remplace mParent à compter d''octobre 2025 (note de service). Exemptée de la suppression de fin d''année (art. 5.9).'),
    ('Teams', 'teams', 0, 1, 'approuvee', NULL, 1, 1, 0,
     'Approuvée pour la communication avec les élèves (art. 4) ; compte institutionnel Microsoft (art. 5.4). Suppression de fin d''année requise (art. 5.9).'),
    ('Classroom', 'classroom', 0, 1, 'approuvee', NULL, 1, 1, 0,
     'Approuvée pour la communication avec les élèves (art. 4) ; compte institutionnel Google (art. 5.4). Suppression de fin d''année requise (art. 5.9).'),
    ('Courriel professionnel', 'courriel professionnel', 1, 0, 'approuvee', NULL, 0, 1, 1,
     'Approuvé pour les parents (note de service) ; hors du champ de la Directive (art. 3). Renseignements personnels : courriel chiffré.'),
    ('ClassDojo', 'classdojo', 1, 1, 'toleree', '2026-06-30', 1, 0, 0,
     'Tolérée pour 2025-2026 seulement, pour le personnel qui l''utilisait déjà, avec la permission de la direction ; comptes supprimés à la fin de l''année (note de service, note 1). Ensuite : autorisation écrite requise (art. 4).'),
    ('Facebook (groupes)', 'facebook (groupes)', 1, 1, 'proscrite', NULL, 1, 0, 0,
     'Proscrit (art. 4). Les groupes Facebook de classe, publics ou privés, sont à supprimer (note de service) ; les pages Facebook officielles de l''école restent permises pour l''information générale.'),
    ('Messenger', 'messenger', 1, 1, 'proscrite', NULL, 1, 0, 0,
     'Proscrit (art. 4). Les conversations Messenger de classe sont à supprimer ; les conversations privées aussi sont à proscrire (note de service).'),
    ('SMS / texto', 'sms / texto', 1, 1, 'proscrite', NULL, 1, 0, 0,
     'Messages textes sur téléphone cellulaire : à ne plus utiliser (note de service).'),
    ('Courriel ou réseau social personnel', 'courriel ou reseau social personnel', 1, 1, 'proscrite', NULL, 1, 0, 0,
     'Proscrit : adresses courriel et comptes de réseaux sociaux personnels du personnel (art. 4).');
