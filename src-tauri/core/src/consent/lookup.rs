//! Reading what was recorded (Directive 5.5 to 5.8): the form a typed or scanned number stands
//! for, with its state and history as the returns screen shows it; the search by a student's
//! name; and a student's consents in a year. Nothing here writes: `returns.rs` records.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::ledger;
use super::state::{derive, ConsentState, Event, EventKind, FormStatus, How, Question, Reply, Returned, Signer};
use crate::attachment::AttachmentMeta;
use crate::error::{Error, Result};
use crate::forms::template::TemplateId;
use crate::forms::{number, Answer};
use crate::roster::students::load_student;
use crate::roster::{GuardianView, StudentView};
use crate::store::Db;
use crate::text::fold;
use crate::year::{self, SchoolYear};

/// The age from which a student may give their own consent (seed 003, 7.1.2).
pub const STUDENT_CONSENT_AGE: u32 = 14;

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
    /// The school allows a student's own consent (`student_consent`) and the student is 14 or
    /// older today, so may sign for themself.
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
    /// Two people gave opposite answers: counts as non until settled (5.7).
    pub contradictory: bool,
    /// The latest paper back was signed by a person not on file: it does not count.
    pub unknown_signer: bool,
    /// May show the student to the class (5.5) and write privately to the parent (5.6).
    pub may_show: bool,
    pub may_write: bool,
    /// What question 1 allows, in `forms`' words (« ne publier ni photo ni réalisation de cet
    /// élève »): the command line and the window show it and never word it themselves.
    pub publication_fr: &'static str,
    /// What question 2 allows (« pas de message privé aux parents sur la plateforme »).
    pub private_message_fr: &'static str,
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
            contradictory: s.contradictory,
            unknown_signer: s.unknown_signer,
            may_show: permission.may_show,
            may_write: permission.may_write,
            publication_fr: permission.publication_fr(),
            private_message_fr: permission.private_message_fr(),
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
        student_may_sign: crate::settings::student_may_consent(db)?
            && age_on(&student, today).is_some_and(|age| age >= STUDENT_CONSENT_AGE),
        guardians: student.guardians,
        state: state.into(),
        events: event_views(&db.conn, form.id, &events)?,
    })
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
pub(crate) const FORM_COLUMNS: &str = "f.id, f.number, f.student_id, f.use_id, c.year, c.code, p.name";

pub(crate) const FORM_JOINS: &str = "forms f
     JOIN platform_uses u ON u.id = f.use_id
     JOIN classes c ON c.id = u.class_id
     JOIN platforms p ON p.id = u.platform_id";

pub(crate) fn form_from_row(r: &rusqlite::Row, first: usize) -> rusqlite::Result<FormRow> {
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
    let number = number::normalize(typed)?;
    let mut stmt = conn.prepare_cached(&format!("SELECT {FORM_COLUMNS} FROM {FORM_JOINS} WHERE f.number = ?1"))?;
    if let Some(found) = stmt.query_row([&number], |r| form_from_row(r, 0)).optional()? {
        return Ok(found);
    }
    Err(other_template(conn, &number)?.unwrap_or(Error::FormNotFound(number)))
}

/// The error for a number typed where another template's returns are recorded: what the form is
/// and where it goes instead. `None` when no form has that number.
pub(crate) fn other_template(conn: &Connection, number: &str) -> Result<Option<Error>> {
    let template: Option<String> =
        conn.query_row("SELECT template FROM forms WHERE number = ?1", [number], |r| r.get(0)).optional()?;
    let Some(template) = template.as_deref().and_then(TemplateId::parse) else { return Ok(None) };
    let t = template.template();
    let (what, what_en, how, how_en) = match template {
        TemplateId::AnnexeA => (
            "un formulaire de l'Annexe A (plateforme de communication)".to_string(),
            "an Annexe A form (communication platform)".to_string(),
            "enregistrez son retour à l'écran Retours ou avec « balise consent record ».",
            "record its return on the Returns screen or with « balise consent record ».",
        ),
        TemplateId::DemandeEspace => (
            "une demande de création d'un espace de média social".to_string(),
            "a request to create a social-media space".to_string(),
            "sa décision se consigne à l'écran Espaces de média social ou avec « balise space decide ».",
            "its decision is recorded on the Social-media spaces screen or with « balise space decide ».",
        ),
        _ => (
            format!("l'{} d'un projet (« {} »)", t.annexe.to_lowercase(), t.title),
            format!("a project's {} (« {} »)", t.annexe.to_lowercase(), t.title),
            "enregistrez son retour à l'écran Projets ou avec « balise project return ».",
            "record its return on the Projects screen or with « balise project return ».",
        ),
    };
    Ok(Some(Error::OtherTemplate { number: number.to_string(), what, what_en, how: how.into(), how_en: how_en.into() }))
}

/// The form's student, with current guardians.
pub(crate) fn student_of(conn: &Connection, form: &FormRow) -> Result<StudentView> {
    load_student(conn, form.student_id)?.ok_or_else(|| Error::FormNotFound(form.number.clone()))
}

/// The student's age in whole years on `on`, if the birth date is known.
pub(crate) fn age_on(student: &StudentView, on: NaiveDate) -> Option<u32> {
    full_years(student.birth_date?, on)
}

/// A person's age in whole years on `on`, born on `born`.
pub(crate) fn full_years(born: NaiveDate, on: NaiveDate) -> Option<u32> {
    let mut age = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    u32::try_from(age).ok()
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
            EventKind::Withdrawn { question, by, how, .. } => {
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

pub(crate) fn returned_text(r: &Returned) -> String {
    format!("({}) : Q1 {}, Q2 {} — {}", how_text(r.how), reply_text(r.q1), reply_text(r.q2), signer_text(&r.signer))
}

pub(crate) fn signer_text(signer: &Signer) -> String {
    let mut text = if signer.student {
        format!("signé par l'élève, {}", signer.name)
    } else {
        format!("signé par {}", signer.name)
    };
    if let Some(reason) = &signer.do_not_contact_override {
        text.push_str(&format!(" (marqué « ne pas contacter », accepté : {reason})"));
    }
    if let Some(reason) = &signer.authority {
        text.push_str(&format!(" (titulaire de l'autorité parentale hors du dossier : {reason})"));
    } else if !signer.counts() {
        text.push_str(" (signataire non inscrit au dossier : ne compte pas)");
    }
    text
}

pub(crate) fn reply_text(reply: Reply) -> &'static str {
    match reply {
        Reply::Oui => "oui",
        Reply::Non => "non",
        Reply::Vide => "vide",
    }
}

pub(crate) fn how_text(how: How) -> &'static str {
    match how {
        How::Papier => "papier",
        How::Courriel => "courriel",
        How::Verbal => "verbalement",
    }
}

pub(crate) fn answers_text((q1, q2): (Answer, Answer)) -> String {
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
