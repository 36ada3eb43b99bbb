//! Recording what comes back (Directive 5.5 to 5.8): a returned form's two answers, a refusal, a
//! withdrawal, a correction. Each is one event appended with its audit entry (and its scan, if
//! any) in one transaction: all of it is saved, or nothing. Nothing is overwritten; the answers
//! in force are `state::derive` of the events.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::ledger;
use super::state::{derive, ConsentState, Event, EventKind, FormStatus, How, Question, Reply, Returned, Signer};
use crate::attachment::{self, AttachmentMeta, NewAttachment};
use crate::error::{Error, Result};
use crate::forms::{number, Answer};
use crate::roster::students::load_student;
use crate::roster::{GuardianView, StudentView};
use crate::store::Db;
use crate::text::{fold, line, Field};
use crate::year;
use crate::year::SchoolYear;

/// The age from which a student may give their own consent (seed 003, 7.1.2).
pub const STUDENT_CONSENT_AGE: u32 = 14;

/// Who signed, as chosen on the returns screen or the command line.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum SignerInput {
    /// The first guardian on file who may be contacted (the usual case).
    #[default]
    OnFile,
    /// A guardian on file, by id.
    Guardian(i64),
    /// The student (14 or older).
    Student,
    /// A name: a guardian on file if it matches one, otherwise recorded as typed.
    Name(String),
}

/// A returned form as typed: the two answers, the day it came back, who signed and how.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReturnInput {
    pub q1: Reply,
    pub q2: Reply,
    /// Today when absent.
    #[serde(default)]
    pub received_on: Option<NaiveDate>,
    #[serde(default)]
    pub signer: SignerInput,
    #[serde(default = "paper")]
    pub how: How,
    /// Accepts a guardian marked « ne pas contacter » as the signer, for this reason (audited).
    #[serde(default)]
    pub do_not_contact_reason: Option<String>,
}

fn paper() -> How {
    How::Papier
}

/// A withdrawal as reported (5.8).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WithdrawalInput {
    pub question: Question,
    /// Today when absent.
    #[serde(default)]
    pub on: Option<NaiveDate>,
    pub by: String,
    #[serde(default = "paper")]
    pub how: How,
}

/// A refusal of the whole form.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RefusalInput {
    #[serde(default)]
    pub on: Option<NaiveDate>,
    #[serde(default)]
    pub signer: SignerInput,
    #[serde(default = "paper")]
    pub how: How,
    #[serde(default)]
    pub do_not_contact_reason: Option<String>,
}

/// What the returns screen shows once a number is typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormCard {
    pub number: String,
    pub year: SchoolYear,
    /// The year is over: nothing can be recorded on this form any more.
    pub year_closed: bool,
    pub student_id: i64,
    pub student: String,
    pub class_code: String,
    pub use_id: i64,
    pub platform: String,
    pub guardians: Vec<GuardianView>,
    /// The student is 14 or older today, so may sign for themself.
    pub student_may_sign: bool,
    pub state: StateView,
    pub events: Vec<EventView>,
}

/// A form's state as the screens and `--json` show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StateView {
    /// Where the form stands, derived once (`ConsentState::status`).
    pub status: FormStatus,
    pub q1: Answer,
    pub q2: Answer,
    pub printed: u32,
    pub returned_on: Option<NaiveDate>,
    pub blank: bool,
    pub refused: bool,
    pub withdrawn: bool,
    pub student_signed: bool,
    /// May show the student to the class (5.5) and write privately to the parent (5.6).
    pub may_show: bool,
    pub may_write: bool,
}

impl From<ConsentState> for StateView {
    fn from(s: ConsentState) -> StateView {
        let (q1, q2) = s.answers();
        let permission = crate::forms::allowed(q1, q2);
        StateView {
            status: s.status(),
            q1,
            q2,
            printed: s.printed,
            returned_on: s.returned_on,
            blank: s.blank,
            refused: s.refused,
            withdrawn: s.withdrawn,
            student_signed: s.student_signed,
            may_show: permission.may_show,
            may_write: permission.may_write,
        }
    }
}

/// One event of a form's history, for people to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventView {
    pub id: i64,
    /// `imprime`, `recu`, `corrige`, `retire`, `refuse`.
    pub kind: &'static str,
    pub on: NaiveDate,
    /// When it was typed in (RFC 3339).
    pub at: String,
    /// One line in French: « Reçu (papier) : Q1 oui, Q2 non — signé par Marie Tremblay ».
    pub summary: String,
    pub scan: Option<AttachmentMeta>,
}

/// What a record, correction, refusal or withdrawal leaves: the form's new state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recorded {
    pub number: String,
    pub event_id: i64,
    pub state: StateView,
}

/// The form a typed (or scanned) number stands for, with everything the returns screen shows.
pub fn lookup(db: &Db, typed: &str) -> Result<FormCard> {
    let form = find_form(&db.conn, typed)?;
    let today = db.clock().today();
    let student = student_of(&db.conn, &form)?;
    let events = ledger::events_of_form(&db.conn, form.id)?;
    let state = derive(&events, today);
    Ok(FormCard {
        number: form.number.clone(),
        year: form.year,
        year_closed: year::status(&db.conn, form.year, today)? != year::YearStatus::Open,
        student_id: student.id,
        student: format!("{}, {}", student.last_name, student.first_name),
        class_code: form.class_code.clone(),
        use_id: form.use_id,
        platform: form.platform.clone(),
        student_may_sign: age_on(&student, today).is_some_and(|age| age >= STUDENT_CONSENT_AGE),
        guardians: student.guardians,
        state: state.into(),
        events: event_views(&db.conn, form.id, &events)?,
    })
}

/// Records a returned form. Refuses a form already recorded (unless `again`: a new form signed
/// later, which replaces the answers from its date) with what was recorded, so the person can
/// choose to correct it.
pub fn record(
    db: &mut Db,
    typed: &str,
    input: &ReturnInput,
    scan: Option<&NewAttachment>,
    again: bool,
) -> Result<Recorded> {
    let (form, today) = open_for_writing(db, typed)?;
    // Said first: for a form already recorded, what was recorded matters more than this input.
    if !again {
        let events = ledger::events_of_form(&db.conn, form.id)?;
        if let Some(previous) = last_answer(&events) {
            return Err(Error::FormAlreadyRecorded {
                number: form.number.clone(),
                on: previous.on.to_string(),
                answers: answers_text(derive(&events, today).answers()),
            });
        }
    }
    let student = student_of(&db.conn, &form)?;
    let on = day_of(input.received_on, today, &form, &db.conn, Field::ReceivedOn)?;
    let signer = resolve_signer(&student, &input.signer, input.do_not_contact_reason.as_deref(), on)?;
    let returned = Returned { q1: input.q1, q2: input.q2, signer, how: input.how };
    let summary = format!(
        "reçu le {on} ({}) : Q1 {}, Q2 {}{}{}",
        how_text(input.how),
        reply_text(input.q1),
        reply_text(input.q2),
        if again { " ; nouveau formulaire signé" } else { "" },
        signer_audit(&returned.signer)
    );
    save(db, &form, on, EventKind::Received(returned), scan, "consentement.reception", summary)
}

/// Corrects what was recorded for a form (a typing mistake, a misread box): a new event that
/// replaces the answers, date, signer and means of the receipt or refusal in force, with the
/// reason. The original stays in the history.
pub fn correct(
    db: &mut Db,
    typed: &str,
    input: &ReturnInput,
    reason: &str,
    scan: Option<&NewAttachment>,
) -> Result<Recorded> {
    let (form, today) = open_for_writing(db, typed)?;
    let reason = line(Field::Reason, reason, 300, true)?;
    let student = student_of(&db.conn, &form)?;
    let events = ledger::events_of_form(&db.conn, form.id)?;
    let target = last_answer(&events).ok_or_else(|| Error::NothingToCorrect(form.number.clone()))?;
    let on = day_of(input.received_on.or(Some(target.on)), today, &form, &db.conn, Field::ReceivedOn)?;
    let signer = resolve_signer(&student, &input.signer, input.do_not_contact_reason.as_deref(), on)?;
    let returned = Returned { q1: input.q1, q2: input.q2, signer, how: input.how };
    let summary = format!(
        "correction de l'événement n° {} : reçu le {on} ({}) : Q1 {}, Q2 {}{}",
        target.id,
        how_text(input.how),
        reply_text(input.q1),
        reply_text(input.q2),
        signer_audit(&returned.signer)
    );
    save(
        db,
        &form,
        on,
        EventKind::Corrected { corrects: target.id, returned, reason },
        scan,
        "consentement.correction",
        summary,
    )
}

/// Records that the parent refused the whole form (in writing or by e-mail): no to both.
pub fn refuse(db: &mut Db, typed: &str, input: &RefusalInput, scan: Option<&NewAttachment>) -> Result<Recorded> {
    let (form, today) = open_for_writing(db, typed)?;
    let student = student_of(&db.conn, &form)?;
    let on = day_of(input.on, today, &form, &db.conn, Field::ReceivedOn)?;
    let signer = resolve_signer(&student, &input.signer, input.do_not_contact_reason.as_deref(), on)?;
    let summary = format!("refus complet le {on} ({}){}", how_text(input.how), signer_audit(&signer));
    save(db, &form, on, EventKind::Refused { signer, how: input.how }, scan, "consentement.refus", summary)
}

/// Records a withdrawal (5.8): the question(s) become no from that day, on every class sheet.
/// Refuses a withdrawal with nothing to take back (no yes in force on that question).
pub fn withdraw(db: &mut Db, typed: &str, input: &WithdrawalInput, scan: Option<&NewAttachment>) -> Result<Recorded> {
    let (form, today) = open_for_writing(db, typed)?;
    let on = day_of(input.on, today, &form, &db.conn, Field::WithdrawnOn)?;
    let by = line(Field::ReportedBy, &input.by, 120, true)?;
    let events = ledger::events_of_form(&db.conn, form.id)?;
    if !input.question.has_consent_to_withdraw(&derive(&events, on)) {
        return Err(Error::NothingToWithdraw(form.number.clone()));
    }
    let question = match input.question {
        Question::Q1 => "question 1",
        Question::Q2 => "question 2",
        Question::Both => "questions 1 et 2",
    };
    let summary = format!("retrait ({question}) le {on} ({})", how_text(input.how));
    save(
        db,
        &form,
        on,
        EventKind::Withdrawn { question: input.question, by, how: input.how },
        scan,
        "consentement.retrait",
        summary,
    )
}

/// The event, its scan and its audit entry, in one transaction.
fn save(
    db: &mut Db,
    form: &FormRow,
    on: NaiveDate,
    kind: EventKind,
    scan: Option<&NewAttachment>,
    action: &str,
    summary: String,
) -> Result<Recorded> {
    if let Some(scan) = scan {
        attachment::check_scan(scan)?;
    }
    let at = db.clock().now_rfc3339();
    let today = db.clock().today();
    let object = format!("formulaire {}", form.number);
    let (event_id, state) = db.write(action, &object, |tx| {
        let scan_id = scan.map(|s| attachment::insert(tx, s, &at)).transpose()?.map(|m| m.id);
        let event_id = ledger::append(tx, form.id, on, &at, &kind, scan_id)?;
        let state = derive(&ledger::events_of_form(tx, form.id)?, today);
        let summary = if scan_id.is_some() { format!("{summary} ; numérisation jointe") } else { summary };
        Ok(((event_id, state), summary))
    })?;
    Ok(Recorded { number: form.number.clone(), event_id, state: state.into() })
}

/// A form as the returns need it.
#[derive(Debug, Clone)]
pub(crate) struct FormRow {
    pub id: i64,
    pub number: String,
    pub student_id: i64,
    pub use_id: i64,
    pub year: SchoolYear,
    pub class_code: String,
    pub platform: String,
}

/// The columns `form_from_row` reads, and the joins they need (`forms f` with its use, class and
/// platform): what every lookup of a form selects.
const FORM_COLUMNS: &str = "f.id, f.number, f.student_id, f.use_id, c.year, c.code, p.name";
const FORM_JOINS: &str = "forms f
     JOIN platform_uses u ON u.id = f.use_id
     JOIN classes c ON c.id = u.class_id
     JOIN platforms p ON p.id = u.platform_id";

fn form_from_row(r: &rusqlite::Row, first: usize) -> rusqlite::Result<FormRow> {
    let year: String = r.get(first + 4)?;
    let year = year.parse::<SchoolYear>().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(first + 4, rusqlite::types::Type::Text, e.to_string().into())
    })?;
    Ok(FormRow {
        id: r.get(first)?,
        number: r.get(first + 1)?,
        student_id: r.get(first + 2)?,
        use_id: r.get(first + 3)?,
        year,
        class_code: r.get(first + 5)?,
        platform: r.get(first + 6)?,
    })
}

/// The form a typed number stands for: the check character first (a typo is said so), then the
/// store.
pub(crate) fn find_form(conn: &Connection, typed: &str) -> Result<FormRow> {
    let number = number::encode(number::parse(typed)?);
    let mut stmt = conn.prepare_cached(&format!("SELECT {FORM_COLUMNS} FROM {FORM_JOINS} WHERE f.number = ?1"))?;
    stmt.query_row([&number], |r| form_from_row(r, 0)).optional()?.ok_or(Error::FormNotFound(number))
}

/// The form to write an event on, and today: refused when its year is closed.
fn open_for_writing(db: &Db, typed: &str) -> Result<(FormRow, NaiveDate)> {
    let form = find_form(&db.conn, typed)?;
    let today = db.clock().today();
    year::ensure_open(&db.conn, form.year, year::Write::Consent { today })?;
    Ok((form, today))
}

/// The form's student, with current guardians.
fn student_of(conn: &Connection, form: &FormRow) -> Result<StudentView> {
    load_student(conn, form.student_id)?.ok_or_else(|| Error::FormNotFound(form.number.clone()))
}

/// The day an event happened: today by default; never in the future, never before the form
/// was first printed, and inside the form's school year.
fn day_of(
    typed: Option<NaiveDate>,
    today: NaiveDate,
    form: &FormRow,
    conn: &Connection,
    field: Field,
) -> Result<NaiveDate> {
    let on = typed.unwrap_or(today);
    if on > today {
        return Err(crate::text::invalid(
            field,
            format!("le {on} est dans le futur : indiquez le jour où c'est arrivé"),
            format!("{on} is in the future: give the day it happened"),
        ));
    }
    if let Some(printed) = ledger::first_printed(conn, form.id)? {
        if on < printed {
            return Err(crate::text::invalid(
                field,
                format!("le {on} précède l'impression du formulaire ({printed}) : vérifiez la date"),
                format!("{on} is before the form was printed ({printed}): check the date"),
            ));
        }
    }
    if !form.year.contains(on) {
        return Err(crate::text::invalid(
            field,
            format!("le {on} n'est pas dans l'année scolaire {}", form.year),
            format!("{on} is not in the school year {}", form.year),
        ));
    }
    Ok(on)
}

/// Who signed, checked: a guardian of this student (« ne pas contacter » only with a reason),
/// the student if 14 or older on that day, or a name typed in.
fn resolve_signer(
    student: &StudentView,
    input: &SignerInput,
    dnc_reason: Option<&str>,
    on: NaiveDate,
) -> Result<Signer> {
    let as_guardian = |g: &GuardianView| -> Result<Signer> {
        let name = format!("{} {}", g.first_name, g.last_name).trim().to_string();
        let name = if name.is_empty() { g.email.clone() } else { name };
        let override_reason = if g.do_not_contact {
            let reason = dnc_reason.map(str::trim).filter(|r| !r.is_empty()).ok_or(Error::DoNotContactSigner)?;
            Some(line(Field::Reason, reason, 300, true)?)
        } else {
            None
        };
        Ok(Signer { name, guardian_id: Some(g.id), student: false, do_not_contact_override: override_reason })
    };
    match input {
        SignerInput::OnFile => {
            let guardian = student.guardians.iter().find(|g| !g.do_not_contact).ok_or(Error::SignerNeeded)?;
            as_guardian(guardian)
        }
        SignerInput::Guardian(id) => {
            let guardian = student.guardians.iter().find(|g| g.id == *id).ok_or(Error::SignerNeeded)?;
            as_guardian(guardian)
        }
        SignerInput::Student => {
            let age = age_on(student, on).ok_or(Error::StudentAgeUnknown)?;
            if age < STUDENT_CONSENT_AGE {
                return Err(Error::StudentTooYoung(age));
            }
            Ok(Signer {
                name: format!("{} {}", student.first_name, student.last_name),
                guardian_id: None,
                student: true,
                do_not_contact_override: None,
            })
        }
        SignerInput::Name(typed) => {
            let name = line(Field::Signer, typed, 120, true)?;
            let key = fold(&name.replace(',', " "));
            let matches = |g: &&GuardianView| {
                let (first, last) = (fold(&g.first_name), fold(&g.last_name));
                key == format!("{first} {last}")
                    || key == format!("{last} {first}")
                    || (!g.email.is_empty() && key == fold(&g.email))
            };
            match student.guardians.iter().find(matches) {
                Some(guardian) => as_guardian(guardian),
                None => Ok(Signer { name, guardian_id: None, student: false, do_not_contact_override: None }),
            }
        }
    }
}

/// The student's age in whole years on `on`, if the birth date is known.
fn age_on(student: &StudentView, on: NaiveDate) -> Option<u32> {
    let born = student.birth_date?;
    let mut age = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    u32::try_from(age).ok()
}

/// The receipt or refusal in force's event (the latest by date, then by recording), if any.
fn last_answer(events: &[Event]) -> Option<&Event> {
    events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Received(_) | EventKind::Refused { .. }))
        .max_by_key(|e| (e.on, e.id))
}

/// The human lines of a form's history, with each event's scan.
pub(crate) fn event_views(conn: &Connection, form_id: i64, events: &[Event]) -> Result<Vec<EventView>> {
    let extra = ledger::event_extras(conn, form_id)?;
    let mut views = Vec::new();
    for event in events {
        let (at, batch, scan) = extra
            .iter()
            .find(|(id, ..)| *id == event.id)
            .map(|(_, at, batch, scan)| (at.clone(), batch.clone(), scan.clone()))
            .unwrap_or_default();
        let (kind, summary) = match &event.kind {
            EventKind::Printed { reminder } => {
                ("imprime", if *reminder { format!("Rappel imprimé ({batch})") } else { format!("Imprimé ({batch})") })
            }
            EventKind::Received(r) => ("recu", format!("Reçu {}", returned_text(r))),
            EventKind::Refused { signer, how } => {
                ("refuse", format!("Refus complet ({}) — {}", how_text(*how), signer_text(signer)))
            }
            EventKind::Withdrawn { question, by, how } => {
                let which = match question {
                    Question::Q1 => "question 1",
                    Question::Q2 => "question 2",
                    Question::Both => "questions 1 et 2",
                };
                ("retire", format!("Retrait du consentement ({which}, {}) — signalé par {by}", how_text(*how)))
            }
            EventKind::Corrected { corrects, returned, reason } => (
                "corrige",
                format!("Correction de l'événement n° {corrects} : {} — motif : {reason}", returned_text(returned)),
            ),
        };
        views.push(EventView { id: event.id, kind, on: event.on, at, summary, scan });
    }
    Ok(views)
}

fn returned_text(r: &Returned) -> String {
    format!("({}) : Q1 {}, Q2 {} — {}", how_text(r.how), reply_text(r.q1), reply_text(r.q2), signer_text(&r.signer))
}

fn signer_text(signer: &Signer) -> String {
    let mut text = if signer.student {
        format!("signé par l'élève, {}", signer.name)
    } else {
        format!("signé par {}", signer.name)
    };
    if let Some(reason) = &signer.do_not_contact_override {
        text.push_str(&format!(" (marqué « ne pas contacter », accepté : {reason})"));
    }
    text
}

/// What the journal says about the signer: never a name.
fn signer_audit(signer: &Signer) -> &'static str {
    if signer.do_not_contact_override.is_some() {
        " ; signataire marqué « ne pas contacter » accepté par dérogation (motif dans l'historique du formulaire)"
    } else if signer.student {
        " ; signé par l'élève (14 ans ou plus)"
    } else if signer.guardian_id.is_none() {
        " ; signataire absent du dossier"
    } else {
        ""
    }
}

fn reply_text(reply: Reply) -> &'static str {
    match reply {
        Reply::Oui => "oui",
        Reply::Non => "non",
        Reply::Vide => "vide",
    }
}

fn how_text(how: How) -> &'static str {
    match how {
        How::Papier => "papier",
        How::Courriel => "courriel",
        How::Verbal => "verbalement",
    }
}

fn answers_text((q1, q2): (Answer, Answer)) -> String {
    let text = |a: Answer| match a {
        Answer::Oui => "oui",
        Answer::Non => "non",
        Answer::SansReponse => "sans réponse",
    };
    format!("Q1 {}, Q2 {}", text(q1), text(q2))
}

/// The forms of the students whose name contains `query` (accents and case ignored), for the
/// returns screen's search by name; at most 30 students.
pub fn search(db: &Db, year: SchoolYear, query: &str) -> Result<Vec<FormHit>> {
    let key = fold(query.trim());
    if key.chars().count() < 2 {
        return Ok(Vec::new());
    }
    let today = db.clock().today();
    let mut stmt = db.conn.prepare_cached(&format!(
        "SELECT {FORM_COLUMNS}, s.last_name, s.first_name FROM {FORM_JOINS}
         JOIN students s ON s.id = f.student_id
         WHERE s.year = ?1
         ORDER BY s.name_key, s.id, p.name"
    ))?;
    let rows = stmt
        .query_map(params![year.to_string()], |r| {
            Ok((form_from_row(r, 0)?, r.get::<_, String>(7)?, r.get::<_, String>(8)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut hits = Vec::new();
    let mut students = Vec::new();
    for (form, last, first) in rows {
        if !fold(&format!("{last} {first} {first} {last}")).contains(&key) {
            continue;
        }
        if !students.contains(&form.student_id) {
            if students.len() == 30 {
                break;
            }
            students.push(form.student_id);
        }
        let state = derive(&ledger::events_of_form(&db.conn, form.id)?, today);
        hits.push(FormHit {
            number: form.number,
            student: format!("{last}, {first}"),
            class_code: form.class_code,
            platform: form.platform,
            state: state.into(),
        });
    }
    Ok(hits)
}

/// A form found by the student's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormHit {
    pub number: String,
    pub student: String,
    pub class_code: String,
    pub platform: String,
    pub state: StateView,
}

/// Everything recorded about one student's consents in a year: each form (old classes' too),
/// its state and its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudentHistory {
    pub student_id: i64,
    pub student: String,
    pub class_code: String,
    pub forms: Vec<FormHistory>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormHistory {
    pub number: String,
    pub class_code: String,
    pub use_id: i64,
    pub platform: String,
    pub state: StateView,
    pub events: Vec<EventView>,
}

/// The history of a student named by fiche, code permanent or « Nom, Prénom » (departed
/// students included), or by id.
pub fn history(db: &Db, year: SchoolYear, who: &str) -> Result<StudentHistory> {
    let everyone = crate::roster::students::load_year(&db.conn, year)?;
    let found = super::batch::find_student(&everyone, who)
        .or_else(|| who.trim().parse::<i64>().ok().and_then(|id| everyone.iter().find(|s| s.id == id)))
        .ok_or_else(|| Error::StudentNotFound(who.trim().into()))?;
    Ok(StudentHistory {
        student_id: found.id,
        student: format!("{}, {}", found.last_name, found.first_name),
        class_code: found.class_code.clone(),
        forms: forms_history(db, year, found.id)?,
    })
}

/// Every form of one student (by id), old classes' too, with its state and history.
pub(crate) fn forms_history(db: &Db, year: SchoolYear, student_id: i64) -> Result<Vec<FormHistory>> {
    let today = db.clock().today();
    let mut stmt = db
        .conn
        .prepare_cached(&format!("SELECT {FORM_COLUMNS} FROM {FORM_JOINS} WHERE f.student_id = ?1 ORDER BY f.id"))?;
    let rows = stmt.query_map([student_id], |r| form_from_row(r, 0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut forms = Vec::new();
    for form in rows {
        let events = ledger::events_of_form(&db.conn, form.id)?;
        forms.push(FormHistory {
            state: derive(&events, year.as_of(today)).into(),
            events: event_views(&db.conn, form.id, &events)?,
            number: form.number,
            class_code: form.class_code,
            use_id: form.use_id,
            platform: form.platform,
        });
    }
    Ok(forms)
}
