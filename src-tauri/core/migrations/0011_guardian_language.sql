-- Printed forms in English (issue 15, item 14): the language a guardian's Annexe A is printed in.
-- `fr` (the Directive's text) unless the class list says English or someone sets it in Balise; an
-- import changes it only from a non-empty language cell. Existing guardians read `fr`.
ALTER TABLE guardians ADD COLUMN language TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en'));
