-- Form numbers (issue 14): a number once printed never names another student, in this store or
-- in another. Serials come from a counter that never goes back (a purge, or a batch rolled back
-- by a crash, cannot hand the same number to someone else later), and are mixed with this
-- store's own secret (`forms::number::Numbering::keyed`), so two stores print different numbers.
-- A restored copy gets a new secret (`backup::restore`): the papers printed after its backup was
-- made are not filed under the restored store's new forms. SQLite's randomblob is seeded from
-- the system's random source; the secret tells stores apart, it protects nothing.
CREATE TABLE form_numbering (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    secret      BLOB NOT NULL CHECK (length(secret) = 32),
    next_serial INTEGER NOT NULL CHECK (next_serial >= 1)
) STRICT;

-- Existing forms keep their numbers; the counter starts after the highest serial handed out.
INSERT INTO form_numbering (id, secret, next_serial)
    VALUES (1, randomblob(32), (SELECT coalesce(max(id), 0) + 1 FROM forms));
