//! The register of access and rectification requests (seed 004, art. 4; issue 15, item 17):
//! who asked, when, what, about whom on file, the answer and its date, and the legal deadline.
//!
//! The deadline is the law's, not the policy's (004 only says a request is made in writing to the
//! person in charge of access): the *Loi sur l'accès aux documents des organismes publics*, art.
//! 98, gives 20 days from receipt; before they run out, the person in charge may extend it once by
//! at most 10 days, telling the requester (al. 2): 30 days at most. A refusal, total or partial,
//! is given with its reason.
//!
//! A request belongs to no school year: the deadline runs in calendar days (July included, when
//! the year is over or closed), and the person may ask about any year Balise holds. So the
//! register is written whatever the state of the school year, and never through
//! `year::ensure_open`; what it leads to (a rectification) follows the year's guard. The journal
//! names a request by its number only (« demande n° 3 ») and never holds who asked or what: those
//! stay in the encrypted row. `year_end::purge` deletes a request with the year in which it was
//! answered, and unlinks an open one from the rows it purges.

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Field, Result};
use crate::store::Db;
use crate::text::{self, fold};

/// Days to answer from the receipt (Loi sur l'accès, art. 98, al. 1).
pub const DAYS_TO_ANSWER: i64 = 20;
/// The one extension the person in charge may give, told to the requester (art. 98, al. 2).
pub const EXTENSION_DAYS: i64 = 10;
/// From how many days left an open request is flagged as due soon on the dashboard.
pub const DUE_SOON_DAYS: i64 = 5;

const MAX_REQUESTER: usize = 200;
const MAX_DETAILS: usize = 2000;
const MAX_REASON: usize = 2000;

/// What is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// To see what is held (art. 4, « accéder »).
    Acces,
    /// To correct what is inaccurate, incomplete or equivocal (art. 4, « rectification »).
    Rectification,
    /// Anything else (a complaint goes to the person in charge too, art. 6).
    Autre,
}

/// How a request was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestAnswer {
    Accordee,
    /// Granted in part: the reason says what was not given and why.
    Partielle,
    /// Refused, with its reason.
    Refusee,
    /// The requester withdrew the request.
    Retiree,
}

impl RequestKind {
    pub const ALL: [RequestKind; 3] = [RequestKind::Acces, RequestKind::Rectification, RequestKind::Autre];
    pub fn name(self) -> &'static str {
        match self {
            RequestKind::Acces => "acces",
            RequestKind::Rectification => "rectification",
            RequestKind::Autre => "autre",
        }
    }
    pub fn label_fr(self) -> &'static str {
        match self {
            RequestKind::Acces => "accès",
            RequestKind::Rectification => "rectification",
            RequestKind::Autre => "autre",
        }
    }
    pub fn parse(text: &str) -> Result<RequestKind> {
        let t = fold(text.trim());
        RequestKind::ALL.into_iter().find(|k| k.name() == t).ok_or_else(|| {
            text::invalid(
                Field::RequestKind,
                format!("« {} » inconnu ; possibles : acces, rectification, autre", text.trim()),
                format!("unknown \"{}\"; possible: acces, rectification, autre", text.trim()),
            )
        })
    }
}

impl RequestAnswer {
    pub const ALL: [RequestAnswer; 4] =
        [RequestAnswer::Accordee, RequestAnswer::Partielle, RequestAnswer::Refusee, RequestAnswer::Retiree];
    pub fn name(self) -> &'static str {
        match self {
            RequestAnswer::Accordee => "accordee",
            RequestAnswer::Partielle => "partielle",
            RequestAnswer::Refusee => "refusee",
            RequestAnswer::Retiree => "retiree",
        }
    }
    pub fn label_fr(self) -> &'static str {
        match self {
            RequestAnswer::Accordee => "accordée",
            RequestAnswer::Partielle => "accordée en partie",
            RequestAnswer::Refusee => "refusée",
            RequestAnswer::Retiree => "retirée par la personne",
        }
    }
    /// A refusal, even partial, says why.
    pub fn needs_reason(self) -> bool {
        matches!(self, RequestAnswer::Partielle | RequestAnswer::Refusee)
    }
    pub fn parse(text: &str) -> Result<RequestAnswer> {
        let t = fold(text.trim());
        RequestAnswer::ALL.into_iter().find(|a| a.name() == t).ok_or_else(|| {
            text::invalid(
                Field::Answer,
                format!("« {} » inconnue ; possibles : accordee, partielle, refusee, retiree", text.trim()),
                format!("unknown \"{}\"; possible: accordee, partielle, refusee, retiree", text.trim()),
            )
        })
    }
}

/// Whom a request is about, when that person is on file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Subject {
    /// A student row (one school year; the export finds the person's other years).
    Eleve(i64),
    /// A guardian row (the export finds the person's other rows).
    Parent(i64),
}

/// A new request as the office writes it down.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NewRequest {
    pub received_on: NaiveDate,
    pub kind: RequestKind,
    pub details: String,
    /// Who asked; empty when the subject asked for themselves (their name is then used).
    pub requester: String,
    pub subject: Option<Subject>,
}

/// The person on file a request is about, as the register shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubjectView {
    #[serde(flatten)]
    pub subject: Subject,
    pub name: String,
    /// The school year of the student row (of the child's row, for a guardian).
    pub year: String,
}

/// One request with its deadline as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Request {
    pub id: i64,
    pub received_on: NaiveDate,
    pub kind: RequestKind,
    pub details: String,
    pub requester: String,
    pub subject: Option<SubjectView>,
    /// 20 days after receipt (art. 98, al. 1).
    pub deadline: NaiveDate,
    /// When the 10-day extension was given, if it was.
    pub extended_on: Option<NaiveDate>,
    /// The deadline that applies: 20 days, or 30 once extended.
    pub deadline_in_force: NaiveDate,
    pub answer: Option<RequestAnswer>,
    pub answer_reason: String,
    pub answered_on: Option<NaiveDate>,
    /// Not answered yet.
    pub open: bool,
    /// Days left before `deadline_in_force` (negative once past), for an open request.
    pub days_left: Option<i64>,
    /// Open and past its deadline.
    pub overdue: bool,
    /// Open, not overdue, and `DUE_SOON_DAYS` or fewer days left.
    pub due_soon: bool,
    /// Answered after the deadline in force.
    pub answered_late: bool,
}

/// The deadline of a request received on `received_on`, extended or not (art. 98).
pub fn deadline(received_on: NaiveDate, extended: bool) -> NaiveDate {
    received_on + Duration::days(DAYS_TO_ANSWER + if extended { EXTENSION_DAYS } else { 0 })
}

/// Writes a new request down; audited as « demande n° N » with its kind and dates only.
pub fn add(db: &mut Db, new: &NewRequest) -> Result<Request> {
    let today = db.clock().today();
    text::not_after_today(Field::ReceivedOn, new.received_on, today)?;
    let details = text::paragraph(Field::Description, &new.details, MAX_DETAILS, false)?;
    db.exclusive(|db| {
        let subject = new.subject.map(|s| subject_view(&db.conn, s)).transpose()?;
        let typed = text::line(Field::Requester, &new.requester, MAX_REQUESTER, false)?;
        let requester = match (&typed[..], &subject) {
            ("", Some(s)) => s.name.clone(),
            ("", None) => {
                return Err(text::invalid(
                    Field::Requester,
                    "dites qui a fait la demande (son nom), ou choisissez la personne au dossier",
                    "say who made the request (their name), or choose the person on file",
                ))
            }
            _ => typed,
        };
        let (student_id, guardian_id) = match new.subject {
            Some(Subject::Eleve(id)) => (Some(id), None),
            Some(Subject::Parent(id)) => (None, Some(id)),
            None => (None, None),
        };
        let now = db.clock().now_rfc3339();
        let due = deadline(new.received_on, false);
        let id = db.write("demande.inscription", "demande", |tx| {
            tx.execute(
                "INSERT INTO access_requests (received_on, kind, details, requester, student_id, guardian_id,
                                              created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                params![day(new.received_on), new.kind.name(), details, requester, student_id, guardian_id, now],
            )?;
            let id = tx.last_insert_rowid();
            Ok((
                id,
                format!(
                    "demande n° {id} inscrite : {}, reçue le {}, réponse due au plus tard le {due} (Loi sur l'accès, art. 98)",
                    new.kind.label_fr(),
                    new.received_on
                ),
            ))
        })?;
        load(&db.conn, id, today)
    })
}

/// The 10-day extension (art. 98, al. 2): decided, and told to the requester, before the 20 days
/// run out; once only, on an open request.
pub fn extend(db: &mut Db, id: i64, on: NaiveDate) -> Result<Request> {
    let today = db.clock().today();
    text::not_after_today(Field::ExtendedOn, on, today)?;
    db.exclusive(|db| {
        let request = load(&db.conn, id, today)?;
        ensure_open(&request)?;
        if let Some(on) = request.extended_on {
            return Err(Error::RequestAlreadyExtended { id, on });
        }
        if on < request.received_on || on > request.deadline {
            return Err(Error::RequestExtensionTooLate { id, deadline: request.deadline });
        }
        let now = db.clock().now_rfc3339();
        let until = deadline(request.received_on, true);
        db.write("demande.prolongation", &format!("demande n° {id}"), |tx| {
            tx.execute(
                "UPDATE access_requests SET extended_on = ?1, updated_at = ?2 WHERE id = ?3",
                params![day(on), now, id],
            )?;
            Ok(((), format!("délai prolongé de {EXTENSION_DAYS} jours le {on}, avis à la personne : réponse due au plus tard le {until} (art. 98, al. 2)")))
        })?;
        load(&db.conn, id, today)
    })
}

/// The answer to a request, once: granted, granted in part or refused (with the reason), or
/// withdrawn by the requester. An answer after the deadline is recorded, and stays late.
pub fn answer(db: &mut Db, id: i64, answer: RequestAnswer, on: NaiveDate, reason: &str) -> Result<Request> {
    let today = db.clock().today();
    text::not_after_today(Field::AnsweredOn, on, today)?;
    let reason = text::paragraph(Field::Reason, reason, MAX_REASON, answer.needs_reason())?;
    db.exclusive(|db| {
        let request = load(&db.conn, id, today)?;
        ensure_open(&request)?;
        if on < request.received_on {
            return Err(text::invalid(
                Field::AnsweredOn,
                format!("la réponse ne peut pas précéder la réception de la demande ({})", request.received_on),
                format!("the answer cannot come before the request was received ({})", request.received_on),
            ));
        }
        let late = on > request.deadline_in_force;
        let now = db.clock().now_rfc3339();
        db.write("demande.reponse", &format!("demande n° {id}"), |tx| {
            tx.execute(
                "UPDATE access_requests SET answer = ?1, answer_reason = ?2, answered_on = ?3, updated_at = ?4
                 WHERE id = ?5",
                params![answer.name(), reason, day(on), now, id],
            )?;
            let lateness =
                if late { format!(", après le délai (dû le {})", request.deadline_in_force) } else { String::new() };
            Ok(((), format!("réponse : {} le {on}{lateness}", answer.label_fr())))
        })?;
        load(&db.conn, id, today)
    })
}

fn ensure_open(request: &Request) -> Result<()> {
    match (request.answer, request.answered_on) {
        (Some(answer), Some(on)) => {
            Err(Error::RequestAlreadyAnswered { id: request.id, answer: answer.label_fr().into(), on })
        }
        _ => Ok(()),
    }
}

/// One request as of `today`.
pub fn get(db: &Db, id: i64) -> Result<Request> {
    load(&db.conn, id, db.clock().today())
}

/// Every request, open ones first by deadline, then answered ones newest first; `open_only`
/// keeps the open ones.
pub fn list(db: &Db, open_only: bool) -> Result<Vec<Request>> {
    list_on(&db.conn, db.clock().today(), open_only)
}

/// The open requests as of `today`, soonest deadline first: what the dashboard shows.
pub fn open_on(conn: &Connection, today: NaiveDate) -> Result<Vec<Request>> {
    list_on(conn, today, true)
}

fn list_on(conn: &Connection, today: NaiveDate, open_only: bool) -> Result<Vec<Request>> {
    let filter = if open_only { "WHERE answered_on IS NULL" } else { "" };
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM access_requests {filter}"))?;
    let rows = stmt.query_map([], row_from)?.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut requests = rows.into_iter().map(|row| view(conn, row, today)).collect::<Result<Vec<_>>>()?;
    requests.sort_by(|a, b| {
        (!a.open, a.open.then_some(a.deadline_in_force), std::cmp::Reverse(a.answered_on), std::cmp::Reverse(a.id)).cmp(
            &(
                !b.open,
                b.open.then_some(b.deadline_in_force),
                std::cmp::Reverse(b.answered_on),
                std::cmp::Reverse(b.id),
            ),
        )
    });
    Ok(requests)
}

const COLUMNS: &str = "id, received_on, kind, details, requester, student_id, guardian_id, extended_on, answer,
                       answer_reason, answered_on";

struct RequestRow {
    id: i64,
    received_on: String,
    kind: String,
    details: String,
    requester: String,
    student_id: Option<i64>,
    guardian_id: Option<i64>,
    extended_on: Option<String>,
    answer: Option<String>,
    answer_reason: String,
    answered_on: Option<String>,
}

fn row_from(r: &Row) -> rusqlite::Result<RequestRow> {
    Ok(RequestRow {
        id: r.get(0)?,
        received_on: r.get(1)?,
        kind: r.get(2)?,
        details: r.get(3)?,
        requester: r.get(4)?,
        student_id: r.get(5)?,
        guardian_id: r.get(6)?,
        extended_on: r.get(7)?,
        answer: r.get(8)?,
        answer_reason: r.get(9)?,
        answered_on: r.get(10)?,
    })
}

fn load(conn: &Connection, id: i64, today: NaiveDate) -> Result<Request> {
    let row = conn
        .query_row(&format!("SELECT {COLUMNS} FROM access_requests WHERE id = ?1"), [id], row_from)
        .optional()?
        .ok_or(Error::RequestNotFound(id))?;
    view(conn, row, today)
}

fn view(conn: &Connection, row: RequestRow, today: NaiveDate) -> Result<Request> {
    let received_on = text::date_from_sql(&row.received_on)?;
    let extended_on = row.extended_on.as_deref().map(text::date_from_sql).transpose()?;
    let answered_on = row.answered_on.as_deref().map(text::date_from_sql).transpose()?;
    let kind = RequestKind::parse(&row.kind)?;
    let answer = row.answer.as_deref().map(RequestAnswer::parse).transpose()?;
    let subject = match (row.student_id, row.guardian_id) {
        (Some(id), _) => Some(subject_view(conn, Subject::Eleve(id))?),
        (None, Some(id)) => Some(subject_view(conn, Subject::Parent(id))?),
        (None, None) => None,
    };
    let deadline_in_force = deadline(received_on, extended_on.is_some());
    let open = answered_on.is_none();
    let days_left = open.then(|| (deadline_in_force - today).num_days());
    let overdue = days_left.is_some_and(|d| d < 0);
    Ok(Request {
        id: row.id,
        received_on,
        kind,
        details: row.details,
        requester: row.requester,
        subject,
        deadline: deadline(received_on, false),
        extended_on,
        deadline_in_force,
        answer,
        answer_reason: row.answer_reason,
        answered_on,
        open,
        days_left,
        overdue,
        due_soon: days_left.is_some_and(|d| (0..=DUE_SOON_DAYS).contains(&d)),
        answered_late: answered_on.is_some_and(|on| on > deadline_in_force),
    })
}

/// The person a subject names, checked to exist.
fn subject_view(conn: &Connection, subject: Subject) -> Result<SubjectView> {
    let found: Option<(String, String, String)> = match subject {
        Subject::Eleve(id) => conn
            .query_row("SELECT first_name, last_name, year FROM students WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?,
        Subject::Parent(id) => conn
            .query_row(
                "SELECT g.first_name, g.last_name, s.year FROM guardians g JOIN students s ON s.id = g.student_id
                 WHERE g.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?,
    };
    let (first, last, year) = found.ok_or_else(|| match subject {
        Subject::Eleve(id) => Error::StudentNotFound(id.to_string()),
        Subject::Parent(id) => Error::GuardianNotFound(id),
    })?;
    Ok(SubjectView { subject, name: format!("{first} {last}").trim().to_string(), year })
}

fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}
