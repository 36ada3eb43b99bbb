-- Access and rectification requests (issue 15, item 17; seed 004, art. 4): the register of what
-- a person asked, when, and what was answered, with the legal deadline (Loi sur l'accès, art. 98:
-- 20 days from receipt, extended once by at most 10 days with a notice sent within the 20 days).
-- A request belongs to no school year: the deadline runs in calendar days, summer included, and
-- a request may concern any year Balise holds. Rows are purged with the year in which they were
-- answered (year_end::purge); an open request is never purged, only unlinked from purged rows.

CREATE TABLE access_requests (
    id            INTEGER PRIMARY KEY,
    received_on   TEXT NOT NULL CHECK (date(received_on) IS received_on),
    kind          TEXT NOT NULL CHECK (kind IN ('acces', 'rectification', 'autre')),
    -- What is asked, in the office's words (encrypted with the store; never in the journal).
    details       TEXT NOT NULL DEFAULT '',
    -- Who asked, as written on the request.
    requester     TEXT NOT NULL CHECK (length(trim(requester)) > 0),
    -- Whom it is about, when that person is on file: a student row or a guardian row.
    student_id    INTEGER REFERENCES students(id),
    guardian_id   INTEGER REFERENCES guardians(id),
    -- The day the 10-day extension was decided and the requester told (art. 98, al. 2).
    extended_on   TEXT CHECK (extended_on IS NULL OR (date(extended_on) IS extended_on AND extended_on >= received_on)),
    answer        TEXT CHECK (answer IS NULL OR answer IN ('accordee', 'partielle', 'refusee', 'retiree')),
    answer_reason TEXT NOT NULL DEFAULT '',
    answered_on   TEXT CHECK (answered_on IS NULL OR (date(answered_on) IS answered_on AND answered_on >= received_on)),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK ((answer IS NULL) = (answered_on IS NULL)),
    CHECK (student_id IS NULL OR guardian_id IS NULL)
) STRICT;

CREATE INDEX access_requests_open ON access_requests(answered_on, received_on);

-- An answer is final: the row no longer changes, except to be unlinked by a purge.
CREATE TRIGGER access_requests_answered_stay BEFORE UPDATE ON access_requests
WHEN OLD.answer IS NOT NULL AND NOT EXISTS (SELECT 1 FROM purge_in_progress)
BEGIN
    SELECT RAISE(ABORT, 'une demande répondue ne se modifie plus');
END;

CREATE TRIGGER access_requests_no_delete BEFORE DELETE ON access_requests
WHEN NOT EXISTS (SELECT 1 FROM purge_in_progress)
BEGIN
    SELECT RAISE(ABORT, 'une demande ne se supprime que par la purge d''une année expirée');
END;
