-- The Directive read strictly (issue 15, items 6, 8, 10 and 11).

-- Item 6. Annexe A names « le membre du personnel » who uses the platform: a use has its own
-- staff (a specialist, a resource teacher using Teams with several groups). No row: the class's
-- teachers, as before. The same people empty the platform by 30 June (5.9).
CREATE TABLE use_staff (
    use_id   INTEGER NOT NULL REFERENCES platform_uses(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    PRIMARY KEY (use_id, staff_id)
) STRICT;

CREATE INDEX use_staff_by_staff ON use_staff(staff_id);

-- Item 8. 5.9 covers every platform but Mozaïk-Portail, Portail Parents and Clic École; art. 3
-- leaves out professional e-mail only. `named_in` says which article names a platform: only the
-- seeded rows carry it (ids 1, 2, 3 and 6 of migration 0002, whatever they were renamed since),
-- and nothing may set it afterwards. Any other platform without the deletion, or declared outside
-- the Directive, carries the reason given for it (NULL in a store made before this rule).
ALTER TABLE platforms ADD COLUMN named_in TEXT CHECK (named_in IS NULL OR named_in IN ('5.9', '3'));
ALTER TABLE platforms ADD COLUMN deletion_exemption_reason TEXT
    CHECK (deletion_exemption_reason IS NULL OR length(trim(deletion_exemption_reason)) > 0);
ALTER TABLE platforms ADD COLUMN outside_directive_reason TEXT
    CHECK (outside_directive_reason IS NULL OR length(trim(outside_directive_reason)) > 0);

UPDATE platforms SET named_in = '5.9' WHERE id IN (1, 2, 3);
UPDATE platforms SET named_in = '3' WHERE id = 6;

CREATE TRIGGER platforms_named_in_seeded BEFORE INSERT ON platforms WHEN NEW.named_in IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'seules les plateformes que la Directive nomme (art. 3, 5.9) portent cette mention');
END;

CREATE TRIGGER platforms_named_in_fixed BEFORE UPDATE OF named_in ON platforms
WHEN NEW.named_in IS NOT OLD.named_in
BEGIN
    SELECT RAISE(ABORT, 'seules les plateformes que la Directive nomme (art. 3, 5.9) portent cette mention');
END;

-- Item 11. Note de service of 25 August 2025, footnote 1: ClassDojo is tolerated in 2025-2026
-- « pour celles et ceux qui l'utilisaient déjà ». The permission records that the staff member
-- already used the platform the year before; a permission recorded before this rule says no.
ALTER TABLE platform_uses ADD COLUMN authorized_prior_use INTEGER NOT NULL DEFAULT 0
    CHECK (authorized_prior_use IN (0, 1));

-- Item 10. 5.10: what must be kept goes into the student's file. A confirmation lists which
-- students' documents were put there, each line with the student and the document. Append-only
-- with its confirmation; a confirmation recorded before this rule has only its yes/no box.
CREATE TABLE deletion_keeps (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES deletion_events(id),
    student_id INTEGER NOT NULL REFERENCES students(id),
    document   TEXT NOT NULL CHECK (length(trim(document)) > 0)
) STRICT;

CREATE INDEX deletion_keeps_by_event ON deletion_keeps(event_id);
CREATE INDEX deletion_keeps_by_student ON deletion_keeps(student_id);

CREATE TRIGGER deletion_keeps_no_update BEFORE UPDATE ON deletion_keeps
BEGIN
    SELECT RAISE(ABORT, 'les confirmations de suppression sont en ajout seulement : faites une correction');
END;

CREATE TRIGGER deletion_keeps_no_delete BEFORE DELETE ON deletion_keeps
WHEN NOT EXISTS (SELECT 1 FROM purge_in_progress)
BEGIN
    SELECT RAISE(ABORT, 'les confirmations de suppression sont en ajout seulement : faites une correction');
END;
