//! What a form's events add up to: **the one function** (`derive`) that turns the append-only
//! events of a form into the answers that stand on a day. The class sheet, the dashboard, the
//! follow-up lists, the exports and `balise student list` all read consents through it.
//!
//! The rules (Directive 5.5 to 5.8, Annexe A):
//! - each person who signs has their own answers (a *voice*): a guardian on file, the student
//!   where the school allows it, or a person recorded as holding parental authority with a
//!   reason. A name that is none of these (« signataire non inscrit au dossier ») is kept but
//!   does not count, and is flagged to follow up;
//! - a question's answer in force is *oui* only when a voice said oui and no voice says non;
//!   when one says oui and another non, the answers are **contradictory** and count as non
//!   (5.7: « il appartient alors au personnel de s'assurer de respecter ce refus »);
//! - a receipt sets its signer's two answers as ticked; a box left blank is no answer from
//!   that person (counts as no when nobody said oui, and is flagged);
//! - a refusal of the whole form is its signer's no to both questions;
//! - a withdrawal (5.8), by either parent, takes back every yes on the question from the day it
//!   was reported: its reporter's answer becomes non, the others' yes lapse;
//! - a correction replaces what a receipt or refusal said, signer included, whatever its date
//!   (it fixes a typing mistake or links a signer to the file, it is not a new decision);
//! - a person's decisions take effect in the order of their dates (then of their recording):
//!   their latest stands, so a new form they sign after a withdrawal gives the consent again;
//! - nothing dated after the day asked about counts yet.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::forms::Answer;
use crate::text::{invalid, Field};

/// What was ticked for one question on a returned form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    Oui,
    Non,
    /// Neither box ticked: counts as no (5.7) and is flagged to follow up.
    Vide,
}

impl Reply {
    pub fn parse(text: &str) -> Result<Reply> {
        match crate::text::fold(text).as_str() {
            "oui" | "o" | "yes" | "y" => Ok(Reply::Oui),
            "non" | "n" | "no" => Ok(Reply::Non),
            "vide" | "v" | "blank" | "" => Ok(Reply::Vide),
            _ => Err(invalid(
                Field::Answer,
                "réponse invalide : écrivez oui, non ou vide",
                "invalid answer: write oui, non or vide",
            )),
        }
    }

    pub fn answer(self) -> Answer {
        match self {
            Reply::Oui => Answer::Oui,
            Reply::Non => Answer::Non,
            Reply::Vide => Answer::SansReponse,
        }
    }
}

/// How a form or a withdrawal reached the school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// The paper form, in the backpack (the default).
    #[default]
    Papier,
    /// By e-mail, to the return address.
    Courriel,
    /// Told to the school (a withdrawal by telephone or in person: 5.8 allows it at any time).
    Verbal,
}

impl How {
    pub fn parse(text: &str) -> Result<How> {
        match crate::text::fold(text).as_str() {
            "papier" | "paper" => Ok(How::Papier),
            "courriel" | "email" | "e-mail" | "mail" => Ok(How::Courriel),
            "verbal" | "telephone" | "phone" => Ok(How::Verbal),
            _ => Err(invalid(
                Field::How,
                "moyen invalide : écrivez papier, courriel ou verbal",
                "invalid means: write papier, courriel or verbal",
            )),
        }
    }
}

/// Which question a withdrawal takes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Question {
    #[serde(rename = "1")]
    Q1,
    #[serde(rename = "2")]
    Q2,
    #[serde(rename = "les_deux")]
    Both,
}

impl Question {
    pub fn parse(text: &str) -> Result<Question> {
        match crate::text::fold(text).as_str() {
            "1" | "q1" => Ok(Question::Q1),
            "2" | "q2" => Ok(Question::Q2),
            "both" | "les deux" | "les_deux" | "lesdeux" | "1+2" | "12" => Ok(Question::Both),
            _ => Err(invalid(
                Field::Question,
                "question invalide : écrivez 1, 2 ou both (les deux)",
                "invalid question: write 1, 2 or both",
            )),
        }
    }

    /// Whether a withdrawal of this question has something to take back in `state`: a yes in
    /// force, or contradictory answers (a withdrawal is one way to settle them, 5.7–5.8).
    pub fn has_consent_to_withdraw(self, state: &ConsentState) -> bool {
        state.contradictory
            || (self.covers_q1() && state.q1 == Answer::Oui)
            || (self.covers_q2() && state.q2 == Answer::Oui)
    }

    fn covers_q1(self) -> bool {
        matches!(self, Question::Q1 | Question::Both)
    }

    fn covers_q2(self) -> bool {
        matches!(self, Question::Q2 | Question::Both)
    }
}

/// Who signed a returned form, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signer {
    /// The name as shown (a guardian on file, the student, or a name typed in).
    pub name: String,
    /// The guardian on file who signed, when it is one.
    #[serde(default)]
    pub guardian_id: Option<i64>,
    /// The student signed for themself (14 years or older: seed 003, 7.1.2).
    #[serde(default)]
    pub student: bool,
    /// Set when the signer is a guardian marked « ne pas contacter » and the person recording
    /// accepted it anyway: their reason (kept in the encrypted event, not in the journal).
    #[serde(default)]
    pub do_not_contact_override: Option<String>,
    /// A person not on the roster whom the office recorded as holding parental authority (the
    /// roster may lag behind a custody change): the reason given. Such a signer counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
}

impl Signer {
    /// Whether this signer's answers count: a guardian on file, the student, or a person
    /// recorded as holding parental authority.
    pub fn counts(&self) -> bool {
        self.guardian_id.is_some() || self.student || self.authority.is_some()
    }

    /// The same person signed both: the same voice, or the same name typed in.
    pub fn same_person(&self, other: &Signer) -> bool {
        match (self.voice(), other.voice()) {
            (Some(a), Some(b)) => a == b,
            (None, None) => crate::text::fold(&self.name) == crate::text::fold(&other.name),
            _ => false,
        }
    }

    fn voice(&self) -> Option<Voice> {
        if let Some(id) = self.guardian_id {
            Some(Voice::Guardian(id))
        } else if self.student {
            Some(Voice::Student)
        } else if self.authority.is_some() {
            Some(Voice::Named(crate::text::fold(&self.name)))
        } else {
            None
        }
    }
}

/// Whose answers a decision is: one key per person.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Voice {
    Guardian(i64),
    Student,
    /// A person named on a withdrawal or recorded with parental authority, by folded name.
    Named(String),
}

/// What a receipt (or its correction) says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Returned {
    pub q1: Reply,
    pub q2: Reply,
    pub signer: Signer,
    pub how: How,
}

/// One event of a form, with the details its kind carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: i64,
    /// The day it happened (printed, received, reported), not the day it was typed.
    pub on: NaiveDate,
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    Printed {
        reminder: bool,
    },
    Received(Returned),
    /// The whole form refused (a written or e-mailed refusal, not boxes ticked).
    Refused {
        signer: Signer,
        how: How,
    },
    Withdrawn {
        question: Question,
        by: String,
        how: How,
        /// The guardian on file who reported it, when `by` is one (recorded since stop 15;
        /// older withdrawals are matched by name to the form's signers).
        by_guardian: Option<i64>,
        /// The student reported it.
        by_student: bool,
    },
    /// Replaces what event `corrects` (a receipt or a refusal) said, and its date.
    Corrected {
        corrects: i64,
        returned: Returned,
        reason: String,
    },
}

/// A form's state on a day: what the teacher may rely on, and what the office must follow up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ConsentState {
    pub q1: Answer,
    pub q2: Answer,
    /// How many times the form was printed.
    pub printed: u32,
    /// The day the answer in force came back (a receipt or a refusal), if it has.
    pub returned_on: Option<NaiveDate>,
    /// A question was left blank on the returned form (counts as no; to follow up).
    pub blank: bool,
    /// The parent refused: the whole form, or a question answered no.
    pub refused: bool,
    /// A withdrawal is in force on at least one question.
    pub withdrawn: bool,
    /// The student signed for themself.
    pub student_signed: bool,
    /// One person said oui and another non to the same question: counts as non until a new
    /// signed form or a withdrawal/refusal settles it (5.7).
    pub contradictory: bool,
    /// The latest paper back was signed by someone not on file: it does not count until the
    /// office links it to a guardian or records that the person holds parental authority.
    pub unknown_signer: bool,
}

impl ConsentState {
    pub fn answers(&self) -> (Answer, Answer) {
        (self.q1, self.q2)
    }

    pub fn returned(&self) -> bool {
        self.returned_on.is_some()
    }

    /// Where the form stands, in one word: **the** classification the screens, the command line
    /// and the lists show.
    pub fn status(&self) -> FormStatus {
        if !self.returned() {
            if self.printed > 0 {
                FormStatus::NotReturned
            } else {
                FormStatus::NotPrinted
            }
        } else if self.contradictory {
            FormStatus::Contradictory
        } else if self.unknown_signer {
            FormStatus::UnknownSigner
        } else if self.withdrawn {
            FormStatus::Withdrawn
        } else if self.blank {
            FormStatus::Blank
        } else {
            FormStatus::Returned
        }
    }
}

/// Where a form stands (`ConsentState::status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FormStatus {
    NotPrinted,
    NotReturned,
    /// Two people gave opposite answers: counts as non, to settle (5.7).
    Contradictory,
    /// Signed by a person not on file: does not count, to follow up.
    UnknownSigner,
    /// A withdrawal is in force (Directive 5.8).
    Withdrawn,
    /// Back with a question left blank: counts as no, to follow up.
    Blank,
    Returned,
}

impl FormStatus {
    pub fn label_fr(self) -> &'static str {
        match self {
            FormStatus::NotPrinted => "pas encore imprimé",
            FormStatus::NotReturned => "pas revenu",
            FormStatus::Contradictory => "réponses contradictoires",
            FormStatus::UnknownSigner => "signataire non inscrit au dossier",
            FormStatus::Withdrawn => "consentement retiré",
            FormStatus::Blank => "réponse laissée en blanc",
            FormStatus::Returned => "revenu",
        }
    }
}

/// **The** derivation: the state of a form on `on`, from all its events (any order; they are
/// sorted here). Events dated after `on` are not in force yet.
pub fn derive(events: &[Event], on: NaiveDate) -> ConsentState {
    let mut state = ConsentState::default();
    // Corrections replace their target's content and date; the latest correction wins.
    let mut decisions: Vec<(NaiveDate, i64, Decision)> = Vec::new();
    for event in events {
        match &event.kind {
            EventKind::Printed { .. } => state.printed += 1,
            EventKind::Received(returned) => decisions.push((event.on, event.id, Decision::Returned(returned.clone()))),
            EventKind::Refused { signer, .. } => {
                decisions.push((event.on, event.id, Decision::Refused(signer.clone())))
            }
            EventKind::Withdrawn { question, by, by_guardian, by_student, .. } => {
                let voice = match (by_guardian, by_student) {
                    (Some(id), _) => Some(Voice::Guardian(*id)),
                    (None, true) => Some(Voice::Student),
                    (None, false) => None,
                };
                decisions.push((event.on, event.id, Decision::Withdrawn(*question, voice, by.clone())))
            }
            EventKind::Corrected { .. } => {}
        }
    }
    let mut corrections: Vec<&Event> =
        events.iter().filter(|e| matches!(e.kind, EventKind::Corrected { .. })).collect();
    corrections.sort_by_key(|e| e.id);
    for correction in corrections {
        let EventKind::Corrected { corrects, returned, .. } = &correction.kind else { continue };
        if let Some(target) = decisions.iter_mut().find(|(_, id, _)| id == corrects) {
            target.0 = correction.on;
            target.2 = Decision::Returned(returned.clone());
        }
    }
    // A withdrawal recorded before stop 15 names its reporter only by name: the signer of that
    // name among the form's decisions, if any.
    let signers: Vec<(String, Voice)> = decisions
        .iter()
        .filter_map(|(_, _, d)| match d {
            Decision::Returned(r) => Some(&r.signer),
            Decision::Refused(s) => Some(s),
            Decision::Withdrawn(..) => None,
        })
        .filter_map(|s| s.voice().map(|v| (crate::text::fold(&s.name), v)))
        .collect();
    decisions.retain(|(date, _, _)| *date <= on);
    decisions.sort_by_key(|(date, id, _)| (*date, *id));

    let mut voices: Vec<(Voice, Said)> = Vec::new();
    let mut last_counted: Option<(NaiveDate, i64)> = None;
    let mut last_unknown: Option<(NaiveDate, i64)> = None;
    for (date, id, decision) in decisions {
        if !matches!(decision, Decision::Withdrawn(..)) {
            state.returned_on = Some(date);
        }
        match decision {
            Decision::Returned(r) => match r.signer.voice() {
                Some(voice) => {
                    set_voice(&mut voices, voice, Said::given(r.q1, r.q2, r.signer.student));
                    last_counted = Some((date, id));
                }
                None => last_unknown = Some((date, id)),
            },
            Decision::Refused(signer) => match signer.voice() {
                Some(voice) => {
                    set_voice(&mut voices, voice, Said::given(Reply::Non, Reply::Non, signer.student));
                    last_counted = Some((date, id));
                }
                None => last_unknown = Some((date, id)),
            },
            Decision::Withdrawn(question, voice, by) => {
                let reporter = voice.or_else(|| {
                    let key = crate::text::fold(&by);
                    signers.iter().find(|(name, _)| *name == key).map(|(_, v)| v.clone())
                });
                let reporter = reporter.unwrap_or(Voice::Named(crate::text::fold(&by)));
                // Only a question someone said yes to has a consent to take back.
                let taken_back = match (
                    question.covers_q1() && voices.iter().any(|(_, s)| s.q1 == Mark::Oui),
                    question.covers_q2() && voices.iter().any(|(_, s)| s.q2 == Mark::Oui),
                ) {
                    (true, true) => Question::Both,
                    (true, false) => Question::Q1,
                    (false, true) => Question::Q2,
                    (false, false) => continue,
                };
                for (_, said) in voices.iter_mut() {
                    said.lapse(taken_back);
                }
                let mut said = voices.iter().find(|(v, _)| *v == reporter).map(|(_, s)| *s).unwrap_or_default();
                said.withdraw(taken_back);
                set_voice(&mut voices, reporter, said);
            }
        }
    }
    let (q1, q2) = (tally(voices.iter().map(|(_, s)| s.q1)), tally(voices.iter().map(|(_, s)| s.q2)));
    state.q1 = q1.answer;
    state.q2 = q2.answer;
    state.blank = q1.blank || q2.blank;
    state.contradictory = q1.contradictory || q2.contradictory;
    state.refused = voices.iter().any(|(_, s)| s.q1 == Mark::Non || s.q2 == Mark::Non);
    state.withdrawn = voices.iter().any(|(_, s)| s.q1 == Mark::Withdrawn || s.q2 == Mark::Withdrawn);
    state.student_signed = voices.iter().any(|(_, s)| s.student);
    state.unknown_signer = match (last_unknown, last_counted) {
        (Some(unknown), Some(counted)) => unknown > counted,
        (Some(_), None) => true,
        (None, _) => false,
    };
    state
}

fn set_voice(voices: &mut Vec<(Voice, Said)>, voice: Voice, said: Said) {
    match voices.iter_mut().find(|(v, _)| *v == voice) {
        Some((_, old)) => *old = said,
        None => voices.push((voice, said)),
    }
}

/// One person's mark on one question, as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Mark {
    /// Nothing from this person on this question (or their yes lapsed with a withdrawal).
    #[default]
    Nothing,
    Oui,
    Non,
    /// Left blank on the form they signed.
    Vide,
    /// They withdrew their consent (5.8): a non.
    Withdrawn,
}

/// What one person says on both questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Said {
    q1: Mark,
    q2: Mark,
    student: bool,
}

impl Said {
    fn given(q1: Reply, q2: Reply, student: bool) -> Said {
        let mark = |r: Reply| match r {
            Reply::Oui => Mark::Oui,
            Reply::Non => Mark::Non,
            Reply::Vide => Mark::Vide,
        };
        Said { q1: mark(q1), q2: mark(q2), student }
    }

    /// Someone else withdrew: this person's yes on the question lapses.
    fn lapse(&mut self, question: Question) {
        if question.covers_q1() && self.q1 == Mark::Oui {
            self.q1 = Mark::Nothing;
        }
        if question.covers_q2() && self.q2 == Mark::Oui {
            self.q2 = Mark::Nothing;
        }
    }

    /// This person withdrew: their answer on the question becomes a withdrawal.
    fn withdraw(&mut self, question: Question) {
        if question.covers_q1() {
            self.q1 = Mark::Withdrawn;
        }
        if question.covers_q2() {
            self.q2 = Mark::Withdrawn;
        }
    }
}

/// A question's answer in force from every person's mark.
struct Tally {
    answer: Answer,
    blank: bool,
    contradictory: bool,
}

fn tally(marks: impl Iterator<Item = Mark> + Clone) -> Tally {
    let oui = marks.clone().any(|m| m == Mark::Oui);
    let non = marks.clone().any(|m| matches!(m, Mark::Non | Mark::Withdrawn));
    let vide = marks.clone().any(|m| m == Mark::Vide);
    let answer = if non {
        Answer::Non
    } else if oui {
        Answer::Oui
    } else {
        Answer::SansReponse
    };
    Tally { answer, blank: vide && !oui && !non, contradictory: oui && non }
}

#[derive(Debug, Clone)]
enum Decision {
    Returned(Returned),
    Refused(Signer),
    /// The question, the reporter's voice if recorded, and the name they gave.
    Withdrawn(Question, Option<Voice>, String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use Answer::{Non, Oui, SansReponse};

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn parent() -> Signer {
        Signer {
            name: "Parent".into(),
            guardian_id: Some(1),
            student: false,
            do_not_contact_override: None,
            authority: None,
        }
    }

    fn received(id: i64, on: &str, q1: Reply, q2: Reply) -> Event {
        Event { id, on: d(on), kind: EventKind::Received(Returned { q1, q2, signer: parent(), how: How::Papier }) }
    }

    fn by_student(id: i64, on: &str, q1: Reply, q2: Reply) -> Event {
        let signer = Signer {
            name: "Élève".into(),
            guardian_id: None,
            student: true,
            do_not_contact_override: None,
            authority: None,
        };
        Event { id, on: d(on), kind: EventKind::Received(Returned { q1, q2, signer, how: How::Papier }) }
    }

    fn printed(id: i64, on: &str) -> Event {
        Event { id, on: d(on), kind: EventKind::Printed { reminder: false } }
    }

    fn withdrawn(id: i64, on: &str, question: Question) -> Event {
        Event {
            id,
            on: d(on),
            kind: EventKind::Withdrawn {
                question,
                by: "Parent".into(),
                how: How::Verbal,
                by_guardian: None,
                by_student: false,
            },
        }
    }

    fn refused(id: i64, on: &str) -> Event {
        Event { id, on: d(on), kind: EventKind::Refused { signer: parent(), how: How::Courriel } }
    }

    fn corrected(id: i64, on: &str, corrects: i64, q1: Reply, q2: Reply) -> Event {
        let returned = Returned { q1, q2, signer: parent(), how: How::Papier };
        Event { id, on: d(on), kind: EventKind::Corrected { corrects, returned, reason: "erreur de saisie".into() } }
    }

    struct Case {
        name: &'static str,
        events: Vec<Event>,
        on: &'static str,
        answers: (Answer, Answer),
        returned: bool,
        blank: bool,
        refused: bool,
        withdrawn: bool,
    }

    /// Event sequences → what the teacher may do (the table, and the edges around it).
    #[test]
    fn event_sequences_give_the_answers_in_force() {
        use Reply::{Non as N, Oui as O, Vide as V};
        let cases = vec![
            Case {
                name: "nothing yet",
                events: vec![],
                on: "2025-09-10",
                answers: (SansReponse, SansReponse),
                returned: false,
                blank: false,
                refused: false,
                withdrawn: false,
            },
            Case {
                name: "printed only",
                events: vec![printed(1, "2025-08-28")],
                on: "2025-09-10",
                answers: (SansReponse, SansReponse),
                returned: false,
                blank: false,
                refused: false,
                withdrawn: false,
            },
            Case {
                name: "yes, yes",
                events: vec![printed(1, "2025-08-28"), received(2, "2025-09-03", O, O)],
                on: "2025-09-10",
                answers: (Oui, Oui),
                returned: true,
                blank: false,
                refused: false,
                withdrawn: false,
            },
            Case {
                name: "yes then no",
                events: vec![received(2, "2025-09-03", O, N)],
                on: "2025-09-10",
                answers: (Oui, Non),
                returned: true,
                blank: false,
                refused: true,
                withdrawn: false,
            },
            Case {
                name: "blank counts as no and is flagged",
                events: vec![received(2, "2025-09-03", V, O)],
                on: "2025-09-10",
                answers: (SansReponse, Oui),
                returned: true,
                blank: true,
                refused: false,
                withdrawn: false,
            },
            Case {
                name: "received yes then withdrawn (both)",
                events: vec![received(2, "2025-09-03", O, O), withdrawn(3, "2025-10-01", Question::Both)],
                on: "2025-10-02",
                answers: (Non, Non),
                returned: true,
                blank: false,
                refused: false,
                withdrawn: true,
            },
            Case {
                name: "a withdrawal is not in force before its day",
                events: vec![received(2, "2025-09-03", O, O), withdrawn(3, "2025-10-01", Question::Both)],
                on: "2025-09-30",
                answers: (Oui, Oui),
                returned: true,
                blank: false,
                refused: false,
                withdrawn: false,
            },
            Case {
                name: "withdrawn question 1 only",
                events: vec![received(2, "2025-09-03", O, O), withdrawn(3, "2025-10-01", Question::Q1)],
                on: "2025-10-02",
                answers: (Non, Oui),
                returned: true,
                blank: false,
                refused: false,
                withdrawn: true,
            },
            Case {
                name: "withdrawn question 2 only",
                events: vec![received(2, "2025-09-03", O, O), withdrawn(3, "2025-10-01", Question::Q2)],
                on: "2025-10-02",
                answers: (Oui, Non),
                returned: true,
                blank: false,
                refused: false,
                withdrawn: true,
            },
            Case {
                name: "withdrawing a no changes nothing",
                events: vec![received(2, "2025-09-03", O, N), withdrawn(3, "2025-10-01", Question::Q2)],
                on: "2025-10-02",
                answers: (Oui, Non),
                returned: true,
                blank: false,
                refused: true,
                withdrawn: false,
            },
            Case {
                name: "corrected",
                events: vec![received(2, "2025-09-03", O, O), corrected(3, "2025-09-03", 2, O, N)],
                on: "2025-09-10",
                answers: (Oui, Non),
                returned: true,
                blank: false,
                refused: true,
                withdrawn: false,
            },
            Case {
                name: "the latest correction wins",
                events: vec![
                    received(2, "2025-09-03", O, O),
                    corrected(3, "2025-09-03", 2, N, N),
                    corrected(4, "2025-09-03", 2, V, O),
                ],
                on: "2025-09-10",
                answers: (SansReponse, Oui),
                returned: true,
                blank: true,
                refused: false,
                withdrawn: false,
            },
            Case {
                name: "a correction of the date moves the receipt",
                events: vec![received(2, "2025-09-03", O, O), corrected(3, "2025-09-20", 2, O, O)],
                on: "2025-09-10",
                answers: (SansReponse, SansReponse),
                returned: false,
                blank: false,
                refused: false,
                withdrawn: false,
            },
            Case {
                name: "a correction keeps a later withdrawal in force",
                events: vec![
                    received(2, "2025-09-03", O, N),
                    withdrawn(3, "2025-10-01", Question::Q1),
                    corrected(4, "2025-09-03", 2, O, O),
                ],
                on: "2025-10-02",
                answers: (Non, Oui),
                returned: true,
                blank: false,
                refused: false,
                withdrawn: true,
            },
            Case {
                name: "two receipts: the later-dated stands",
                events: vec![received(2, "2025-09-10", N, N), received(3, "2025-09-03", O, O)],
                on: "2025-09-12",
                answers: (Non, Non),
                returned: true,
                blank: false,
                refused: true,
                withdrawn: false,
            },
            Case {
                name: "two receipts the same day: the last recorded stands",
                events: vec![received(2, "2025-09-03", N, N), received(3, "2025-09-03", O, O)],
                on: "2025-09-12",
                answers: (Oui, Oui),
                returned: true,
                blank: false,
                refused: false,
                withdrawn: false,
            },
            Case {
                name: "a new form signed after a withdrawal gives consent again",
                events: vec![
                    received(2, "2025-09-03", O, O),
                    withdrawn(3, "2025-10-01", Question::Both),
                    received(4, "2025-11-05", O, N),
                ],
                on: "2025-11-06",
                answers: (Oui, Non),
                returned: true,
                blank: false,
                refused: true,
                withdrawn: false,
            },
            Case {
                name: "a late paper form dated before a withdrawal does not undo it",
                events: vec![withdrawn(5, "2025-10-01", Question::Both), received(6, "2025-09-03", O, O)],
                on: "2025-10-02",
                answers: (Non, Non),
                returned: true,
                blank: false,
                refused: false,
                withdrawn: true,
            },
            Case {
                name: "refused entirely",
                events: vec![printed(1, "2025-08-28"), refused(2, "2025-09-04")],
                on: "2025-09-10",
                answers: (Non, Non),
                returned: true,
                blank: false,
                refused: true,
                withdrawn: false,
            },
            Case {
                name: "a refusal corrected into a receipt",
                events: vec![refused(2, "2025-09-04"), corrected(3, "2025-09-04", 2, O, V)],
                on: "2025-09-10",
                answers: (Oui, SansReponse),
                returned: true,
                blank: true,
                refused: false,
                withdrawn: false,
            },
            Case {
                name: "student 14+ signs for themself",
                events: vec![by_student(2, "2025-09-03", O, N)],
                on: "2025-09-10",
                answers: (Oui, Non),
                returned: true,
                blank: false,
                refused: true,
                withdrawn: false,
            },
        ];
        for case in cases {
            let state = derive(&case.events, d(case.on));
            assert_eq!(state.answers(), case.answers, "{}: answers", case.name);
            assert_eq!(state.returned(), case.returned, "{}: returned", case.name);
            assert_eq!(state.blank, case.blank, "{}: blank", case.name);
            assert_eq!(state.refused, case.refused, "{}: refused", case.name);
            assert_eq!(state.withdrawn, case.withdrawn, "{}: withdrawn", case.name);
            // The order the events come in does not matter: only their dates and ids do.
            let mut reversed = case.events.clone();
            reversed.reverse();
            assert_eq!(derive(&reversed, d(case.on)), state, "{}: order of the slice", case.name);
        }
    }

    fn signed(id: i64, on: &str, who: Signer, q1: Reply, q2: Reply) -> Event {
        Event { id, on: d(on), kind: EventKind::Received(Returned { q1, q2, signer: who, how: How::Papier }) }
    }

    fn guardian(id: i64, name: &str) -> Signer {
        Signer {
            name: name.into(),
            guardian_id: Some(id),
            student: false,
            do_not_contact_override: None,
            authority: None,
        }
    }

    fn stranger(name: &str) -> Signer {
        Signer { name: name.into(), guardian_id: None, student: false, do_not_contact_override: None, authority: None }
    }

    fn refused_by(id: i64, on: &str, who: Signer) -> Event {
        Event { id, on: d(on), kind: EventKind::Refused { signer: who, how: How::Papier } }
    }

    fn withdrawn_by(id: i64, on: &str, question: Question, by: &str, by_guardian: Option<i64>) -> Event {
        let kind = EventKind::Withdrawn { question, by: by.into(), how: How::Verbal, by_guardian, by_student: false };
        Event { id, on: d(on), kind }
    }

    fn relinked(id: i64, on: &str, corrects: i64, who: Signer, q1: Reply, q2: Reply) -> Event {
        let returned = Returned { q1, q2, signer: who, how: How::Papier };
        Event { id, on: d(on), kind: EventKind::Corrected { corrects, returned, reason: "rattaché".into() } }
    }

    /// Two guardians, a signer not on file, and withdrawals by either parent (issue 15, items 1
    /// and 2): (name with article, events, day, answers, contradictory, unknown signer, withdrawn).
    #[test]
    fn each_person_answers_for_themself_and_a_no_stands() {
        use Reply::{Non as N, Oui as O, Vide as V};
        let (mother, father) = (guardian(1, "Anne Bérubé"), guardian(2, "Luc Côté"));
        /// (name with article, events, day, answers, contradictory, unknown signer, withdrawn)
        type Row = (&'static str, Vec<Event>, &'static str, (Answer, Answer), bool, bool, bool);
        let table: Vec<Row> = vec![
            (
                "5.7: the mother's no, then the father's yes on his own copy: contradictory, counts as no",
                vec![signed(2, "2025-09-03", mother.clone(), N, N), signed(3, "2025-09-04", father.clone(), O, O)],
                "2025-09-10",
                (Non, Non),
                true,
                false,
                false,
            ),
            (
                "5.7: the order does not matter: yes first, then the other parent's no",
                vec![signed(2, "2025-09-03", father.clone(), O, O), signed(3, "2025-09-04", mother.clone(), O, N)],
                "2025-09-10",
                (Oui, Non),
                true,
                false,
                false,
            ),
            (
                "5.5.3: both parents say yes: yes",
                vec![signed(2, "2025-09-03", mother.clone(), O, O), signed(3, "2025-09-04", father.clone(), O, O)],
                "2025-09-10",
                (Oui, Oui),
                false,
                false,
                false,
            ),
            (
                "5.5.3: one parent's yes and the other's blank: yes (a blank is no answer from that parent)",
                vec![signed(2, "2025-09-03", mother.clone(), O, O), signed(3, "2025-09-04", father.clone(), V, V)],
                "2025-09-10",
                (Oui, Oui),
                false,
                false,
                false,
            ),
            (
                "5.7: a whole refusal by one parent against the other's yes",
                vec![signed(2, "2025-09-03", father.clone(), O, O), refused_by(3, "2025-09-04", mother.clone())],
                "2025-09-10",
                (Non, Non),
                true,
                false,
                false,
            ),
            (
                "5.7: the parent who said no signs a new form saying yes: settled",
                vec![
                    signed(2, "2025-09-03", mother.clone(), N, N),
                    signed(3, "2025-09-04", father.clone(), O, O),
                    signed(4, "2025-09-08", mother.clone(), O, O),
                ],
                "2025-09-10",
                (Oui, Oui),
                false,
                false,
                false,
            ),
            (
                "5.8: a withdrawal by either parent takes effect for both",
                vec![
                    signed(2, "2025-09-03", mother.clone(), O, O),
                    signed(3, "2025-09-04", father.clone(), O, O),
                    withdrawn_by(4, "2025-10-01", Question::Q2, "Luc Côté", Some(2)),
                ],
                "2025-10-02",
                (Oui, Non),
                false,
                false,
                true,
            ),
            (
                "5.8, 5.7: after the father's withdrawal, the mother's new yes does not override it",
                vec![
                    signed(2, "2025-09-03", mother.clone(), O, O),
                    withdrawn_by(3, "2025-10-01", Question::Both, "Luc Côté", Some(2)),
                    signed(4, "2025-10-05", mother.clone(), O, O),
                ],
                "2025-10-06",
                (Non, Non),
                true,
                false,
                true,
            ),
            (
                "5.7, 5.8: a withdrawal settles contradictory answers",
                vec![
                    signed(2, "2025-09-03", mother.clone(), N, N),
                    signed(3, "2025-09-04", father.clone(), O, O),
                    withdrawn_by(4, "2025-09-08", Question::Both, "Luc Côté", Some(2)),
                ],
                "2025-09-10",
                (Non, Non),
                false,
                false,
                true,
            ),
            (
                "5.8: a withdrawal recorded before stop 15 is matched to its signer by name",
                vec![
                    signed(2, "2025-09-03", father.clone(), O, O),
                    withdrawn_by(3, "2025-10-01", Question::Both, "luc cote", None),
                    signed(4, "2025-10-05", father.clone(), O, O),
                ],
                "2025-10-06",
                (Oui, Oui),
                false,
                false,
                false,
            ),
            (
                "5.5.3: a signer not on file gives nothing and is flagged",
                vec![signed(2, "2025-09-03", stranger("Inconnu Quelconque"), O, O)],
                "2025-09-10",
                (SansReponse, SansReponse),
                false,
                true,
                false,
            ),
            (
                "5.5.3: a stranger's yes does not count beside a guardian's no",
                vec![signed(2, "2025-09-03", mother.clone(), N, N), signed(3, "2025-09-04", stranger("X Y"), O, O)],
                "2025-09-10",
                (Non, Non),
                false,
                true,
                false,
            ),
            (
                "5.5.3: a guardian's form after the stranger's: the flag is moot",
                vec![signed(2, "2025-09-03", stranger("X Y"), O, O), signed(3, "2025-09-04", mother.clone(), O, N)],
                "2025-09-10",
                (Oui, Non),
                false,
                false,
                false,
            ),
            (
                "5.5.3: the stranger linked to a guardian on file counts",
                vec![
                    signed(2, "2025-09-03", stranger("Anne Berube-Tremblay"), O, O),
                    relinked(3, "2025-09-03", 2, mother.clone(), O, O),
                ],
                "2025-09-10",
                (Oui, Oui),
                false,
                false,
                false,
            ),
            (
                "5.5.3: a person recorded as holding parental authority counts",
                vec![
                    signed(2, "2025-09-03", stranger("Julie Roy"), O, N),
                    relinked(
                        3,
                        "2025-09-03",
                        2,
                        Signer { authority: Some("jugement de garde du 2025-08-20".into()), ..stranger("Julie Roy") },
                        O,
                        N,
                    ),
                ],
                "2025-09-10",
                (Oui, Non),
                false,
                false,
                false,
            ),
        ];
        for (name, events, on, answers, contradictory, unknown, withdrawn) in table {
            let state = derive(&events, d(on));
            assert_eq!(state.answers(), answers, "{name}: answers");
            assert_eq!(state.contradictory, contradictory, "{name}: contradictory");
            assert_eq!(state.unknown_signer, unknown, "{name}: unknown signer");
            assert_eq!(state.withdrawn, withdrawn, "{name}: withdrawn");
            assert!(state.returned(), "{name}: came back");
            let expected_status = if contradictory {
                FormStatus::Contradictory
            } else if unknown {
                FormStatus::UnknownSigner
            } else if withdrawn {
                FormStatus::Withdrawn
            } else {
                state.status()
            };
            assert_eq!(state.status(), expected_status, "{name}: status");
            let mut reversed = events.clone();
            reversed.reverse();
            assert_eq!(derive(&reversed, d(on)), state, "{name}: order of the slice");
        }
    }

    #[test]
    fn the_student_flag_and_the_print_count_are_kept() {
        let state = derive(
            &[printed(1, "2025-08-28"), printed(2, "2025-09-15"), by_student(3, "2025-09-16", Reply::Oui, Reply::Oui)],
            d("2025-09-20"),
        );
        assert_eq!(state.printed, 2);
        assert!(state.student_signed);
        assert_eq!(state.returned_on, Some(d("2025-09-16")));
    }

    #[test]
    fn replies_and_means_parse_in_french_and_english() {
        assert_eq!(Reply::parse("OUI").unwrap(), Reply::Oui);
        assert_eq!(Reply::parse(" non ").unwrap(), Reply::Non);
        assert_eq!(Reply::parse("vide").unwrap(), Reply::Vide);
        assert!(Reply::parse("peut-être").is_err());
        assert_eq!(How::parse("Courriel").unwrap(), How::Courriel);
        assert_eq!(How::parse("téléphone").unwrap(), How::Verbal);
        assert!(How::parse("pigeon").is_err());
        assert_eq!(Question::parse("both").unwrap(), Question::Both);
        assert_eq!(Question::parse("2").unwrap(), Question::Q2);
        assert!(Question::parse("3").is_err());
    }
}
