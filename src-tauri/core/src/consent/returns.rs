//! Recording what comes back (Directive 5.5 to 5.8): a returned form's two answers, a refusal, a
//! withdrawal, a correction. Each is one event appended with its audit entry (and its scan, if
//! any) in one transaction: all of it is saved, or nothing. Nothing is overwritten; the answers
//! in force are `state::derive` of the events.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::ledger;
use super::lookup::{
    age_on, answers_text, find_form, how_text, reply_text, student_of, FormRow, StateView, STUDENT_CONSENT_AGE,
};
use super::state::{derive, Event, EventKind, How, Question, Reply, Returned, Signer};
use crate::attachment::{self, NewAttachment};
use crate::error::{Error, Result};
use crate::roster::{GuardianView, StudentView};
use crate::store::Db;
use crate::text::{fold, line, Field};
use crate::year;

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
    /// A name: a guardian on file if it matches one, otherwise recorded as typed (« signataire
    /// non inscrit au dossier »: kept, but it does not count until linked).
    Name(String),
}

/// Whom a signature by a person not on file is linked to (`link_signer`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum LinkTo {
    /// A guardian on file, by id: the signature was theirs (a name typed differently).
    Guardian(i64),
    /// The person holds parental authority though not on the roster (the roster may lag
    /// behind a custody change): the reason, kept in the form's history.
    Authority(String),
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
    #[serde(default)]
    pub how: How,
    /// Accepts a guardian marked « ne pas contacter » as the signer, for this reason (audited).
    #[serde(default)]
    pub do_not_contact_reason: Option<String>,
}

/// A withdrawal as reported (5.8).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WithdrawalInput {
    pub question: Question,
    /// Today when absent.
    #[serde(default)]
    pub on: Option<NaiveDate>,
    pub by: String,
    #[serde(default)]
    pub how: How,
}

/// A refusal of the whole form.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RefusalInput {
    #[serde(default)]
    pub on: Option<NaiveDate>,
    #[serde(default)]
    pub signer: SignerInput,
    #[serde(default)]
    pub how: How,
    #[serde(default)]
    pub do_not_contact_reason: Option<String>,
}

/// What a record, correction, refusal or withdrawal leaves: the form's new state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recorded {
    pub number: String,
    pub event_id: i64,
    pub state: StateView,
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
    db.exclusive(|db| {
        let (form, today) = open_for_writing(db, typed)?;
        let student = student_of(&db.conn, &form)?;
        let student_consent = crate::settings::student_may_consent(db)?;
        let signer =
            |on| resolve_signer(&student, &input.signer, input.do_not_contact_reason.as_deref(), on, student_consent);
        // Said first: for a form already recorded, what was recorded matters more than this input.
        if !again {
            refuse_if_recorded(&db.conn, &form, input.received_on.unwrap_or(today), today, signer)?;
        }
        let on = day_of(input.received_on, today, &form, &db.conn, Field::ReceivedOn)?;
        let signer = signer(on)?;
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
    })
}

/// `Error::FormAlreadyRecorded` when the person `signer` resolves to on `day` already has an answer
/// on the form; another person's copy of the same form (printed per guardian) is that person's
/// answer, not a second one.
fn refuse_if_recorded(
    conn: &Connection,
    form: &FormRow,
    day: NaiveDate,
    today: NaiveDate,
    signer: impl Fn(NaiveDate) -> Result<Signer>,
) -> Result<()> {
    let events = ledger::events_of_form(conn, form.id)?;
    let Some(previous) = last_answer(&events) else { return Ok(()) };
    let same_person = match signer(day) {
        Ok(signer) => answered_by(&events, &signer),
        Err(_) => true,
    };
    if same_person {
        return Err(Error::FormAlreadyRecorded {
            number: form.number.clone(),
            on: previous.on.to_string(),
            answers: answers_text(derive(&events, today).answers()),
        });
    }
    Ok(())
}

/// Whether `record` would take `input` for the form `typed` without `again`: the same refusals
/// (a closed year, a form already recorded for that person), nothing written. A scanned page is
/// assessed with it before a person confirms it.
pub(crate) fn check_recordable(db: &Db, typed: &str, input: &ReturnInput) -> Result<()> {
    let (form, today) = open_for_writing(db, typed)?;
    let student = student_of(&db.conn, &form)?;
    let student_consent = crate::settings::student_may_consent(db)?;
    let signer =
        |on| resolve_signer(&student, &input.signer, input.do_not_contact_reason.as_deref(), on, student_consent);
    refuse_if_recorded(&db.conn, &form, input.received_on.unwrap_or(today), today, signer)
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
    db.exclusive(|db| {
        let (form, today) = open_for_writing(db, typed)?;
        let reason = line(Field::Reason, reason, 300, true)?;
        let student = student_of(&db.conn, &form)?;
        let events = ledger::events_of_form(&db.conn, form.id)?;
        let target = last_answer(&events).ok_or_else(|| Error::NothingToCorrect(form.number.clone()))?;
        let on = day_of(input.received_on.or(Some(target.on)), today, &form, &db.conn, Field::ReceivedOn)?;
        let student_consent = crate::settings::student_may_consent(db)?;
        let signer =
            resolve_signer(&student, &input.signer, input.do_not_contact_reason.as_deref(), on, student_consent)?;
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
    })
}

/// Records that the parent refused the whole form (in writing or by e-mail): no to both.
pub fn refuse(db: &mut Db, typed: &str, input: &RefusalInput, scan: Option<&NewAttachment>) -> Result<Recorded> {
    db.exclusive(|db| {
        let (form, today) = open_for_writing(db, typed)?;
        let student = student_of(&db.conn, &form)?;
        let on = day_of(input.on, today, &form, &db.conn, Field::ReceivedOn)?;
        let student_consent = crate::settings::student_may_consent(db)?;
        let signer =
            resolve_signer(&student, &input.signer, input.do_not_contact_reason.as_deref(), on, student_consent)?;
        let summary = format!("refus complet le {on} ({}){}", how_text(input.how), signer_audit(&signer));
        save(db, &form, on, EventKind::Refused { signer, how: input.how }, scan, "consentement.refus", summary)
    })
}

/// Records a withdrawal (5.8): the question(s) become no from that day, on every class sheet.
/// Refuses a withdrawal with nothing to take back (no yes in force on that question).
pub fn withdraw(db: &mut Db, typed: &str, input: &WithdrawalInput, scan: Option<&NewAttachment>) -> Result<Recorded> {
    db.exclusive(|db| {
        let (form, today) = open_for_writing(db, typed)?;
        let on = day_of(input.on, today, &form, &db.conn, Field::WithdrawnOn)?;
        let by = line(Field::ReportedBy, &input.by, 120, true)?;
        let student = student_of(&db.conn, &form)?;
        let (by_guardian, by_student) = reporter_of(&student, &by);
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
            EventKind::Withdrawn { question: input.question, by, how: input.how, by_guardian, by_student },
            scan,
            "consentement.retrait",
            summary,
        )
    })
}

/// Links the latest signature by a person not on file to a guardian on file, or records that
/// the person holds parental authority (with the reason): a correction of that receipt or
/// refusal with the same answers, so it counts from its own date. The original stays in the
/// history.
pub fn link_signer(db: &mut Db, typed: &str, to: &LinkTo) -> Result<Recorded> {
    db.exclusive(|db| {
        let (form, _) = open_for_writing(db, typed)?;
        let student = student_of(&db.conn, &form)?;
        let events = ledger::events_of_form(&db.conn, form.id)?;
        let (target, on, previous) = as_recorded(&events)
            .into_iter()
            .filter(|(_, _, r)| !r.signer.counts())
            .max_by_key(|(id, on, _)| (*on, *id))
            .ok_or_else(|| Error::NoUnknownSigner(form.number.clone()))?;
        let (signer, reason) = match to {
            LinkTo::Guardian(id) => {
                let guardian = student.guardians.iter().find(|g| g.id == *id).ok_or(Error::GuardianNotFound(*id))?;
                let name = format!("{} {}", guardian.first_name, guardian.last_name).trim().to_string();
                let signer = Signer {
                    name: if name.is_empty() { guardian.email.clone() } else { name },
                    guardian_id: Some(guardian.id),
                    student: false,
                    do_not_contact_override: None,
                    authority: None,
                };
                (signer, format!("signature de « {} » rattachée au parent ou tuteur au dossier", previous.signer.name))
            }
            LinkTo::Authority(reason) => {
                let reason = line(Field::Reason, reason, 300, true)?;
                let signer = Signer { authority: Some(reason.clone()), ..previous.signer.clone() };
                (signer, format!("titulaire de l'autorité parentale hors du dossier : {reason}"))
            }
        };
        let returned = Returned { signer, ..previous };
        let summary = format!(
            "correction de l'événement n° {target} : signataire {}",
            if returned.signer.guardian_id.is_some() {
                "rattaché à un parent ou tuteur au dossier"
            } else {
                "reconnu titulaire de l'autorité parentale (motif dans l'historique du formulaire)"
            }
        );
        save(
            db,
            &form,
            on,
            EventKind::Corrected { corrects: target, returned, reason },
            None,
            "consentement.correction",
            summary,
        )
    })
}

/// Each receipt and refusal with its corrections applied: (event id, day, what it says).
fn as_recorded(events: &[Event]) -> Vec<(i64, NaiveDate, Returned)> {
    let mut recorded: Vec<(i64, NaiveDate, Returned)> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Received(r) => Some((e.id, e.on, r.clone())),
            EventKind::Refused { signer, how } => {
                Some((e.id, e.on, Returned { q1: Reply::Non, q2: Reply::Non, signer: signer.clone(), how: *how }))
            }
            _ => None,
        })
        .collect();
    let mut corrections: Vec<&Event> =
        events.iter().filter(|e| matches!(e.kind, EventKind::Corrected { .. })).collect();
    corrections.sort_by_key(|e| e.id);
    for correction in corrections {
        let EventKind::Corrected { corrects, returned, .. } = &correction.kind else { continue };
        if let Some(target) = recorded.iter_mut().find(|(id, ..)| id == corrects) {
            target.1 = correction.on;
            target.2 = returned.clone();
        }
    }
    recorded
}

/// Whether this person already has a receipt or refusal on the form (a guardian, the student,
/// or the same name typed in).
fn answered_by(events: &[Event], signer: &Signer) -> bool {
    as_recorded(events).iter().any(|(_, _, r)| r.signer.same_person(signer))
}

/// The guardian on file (or the student) a withdrawal's « signalé par » names, if it does.
fn reporter_of(student: &StudentView, by: &str) -> (Option<i64>, bool) {
    if let Some(guardian) = student.guardians.iter().find(|g| names_guardian(g, by)) {
        return (Some(guardian.id), false);
    }
    let key = fold(&by.replace(',', " "));
    let (first, last) = (fold(&student.first_name), fold(&student.last_name));
    let is_student =
        key == format!("{first} {last}") || key == format!("{last} {first}") || key == "eleve" || key == "l'eleve";
    (None, is_student)
}

/// Whether `typed` names this guardian: « Prénom Nom », « Nom, Prénom » or the e-mail.
fn names_guardian(g: &GuardianView, typed: &str) -> bool {
    let key = fold(&typed.replace(',', " "));
    let (first, last) = (fold(&g.first_name), fold(&g.last_name));
    key == format!("{first} {last}")
        || key == format!("{last} {first}")
        || (!g.email.is_empty() && key == fold(&g.email))
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

/// The form to write an event on, and today: refused when its year is closed.
fn open_for_writing(db: &Db, typed: &str) -> Result<(FormRow, NaiveDate)> {
    let form = find_form(&db.conn, typed)?;
    let today = db.clock().today();
    year::ensure_open(&db.conn, form.year, year::Write::Consent { today })?;
    Ok((form, today))
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
/// the student if the school allows it (`student_consent`) and 14 or older on that day, or a
/// name typed in (recorded, not counted).
pub(crate) fn resolve_signer(
    student: &StudentView,
    input: &SignerInput,
    dnc_reason: Option<&str>,
    on: NaiveDate,
    student_consent: bool,
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
        Ok(Signer {
            name,
            guardian_id: Some(g.id),
            student: false,
            do_not_contact_override: override_reason,
            authority: None,
        })
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
            if !student_consent {
                return Err(Error::StudentConsentOff);
            }
            let age = age_on(student, on).ok_or(Error::StudentAgeUnknown)?;
            if age < STUDENT_CONSENT_AGE {
                return Err(Error::StudentTooYoung(age));
            }
            Ok(Signer {
                name: format!("{} {}", student.first_name, student.last_name),
                guardian_id: None,
                student: true,
                do_not_contact_override: None,
                authority: None,
            })
        }
        SignerInput::Name(typed) => {
            let name = line(Field::Signer, typed, 120, true)?;
            match student.guardians.iter().find(|g| names_guardian(g, &name)) {
                Some(guardian) => as_guardian(guardian),
                None => Ok(Signer {
                    name,
                    guardian_id: None,
                    student: false,
                    do_not_contact_override: None,
                    authority: None,
                }),
            }
        }
    }
}

/// The receipt or refusal in force's event (the latest by date, then by recording), if any.
fn last_answer(events: &[Event]) -> Option<&Event> {
    events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Received(_) | EventKind::Refused { .. }))
        .max_by_key(|e| (e.on, e.id))
}

/// What the journal says about the signer: never a name.
fn signer_audit(signer: &Signer) -> &'static str {
    if signer.do_not_contact_override.is_some() {
        " ; signataire marqué « ne pas contacter » accepté par dérogation (motif dans l'historique du formulaire)"
    } else if signer.student {
        " ; signé par l'élève (14 ans ou plus)"
    } else if signer.authority.is_some() {
        " ; signataire titulaire de l'autorité parentale hors du dossier (motif dans l'historique du formulaire)"
    } else if signer.guardian_id.is_none() {
        " ; signataire non inscrit au dossier : ne compte pas"
    } else {
        ""
    }
}
