//! What a form's events add up to: **the one function** (`derive`) that turns the append-only
//! events of a form into the answers that stand on a day. The class sheet, the dashboard, the
//! follow-up lists, the exports and `balise student list` all read consents through it.
//!
//! The rules (Directive 5.5 to 5.8, Annexe A):
//! - a receipt sets both answers as ticked; a box left blank counts as no and is flagged;
//! - a refusal of the whole form is a no to both questions;
//! - a withdrawal turns a question (or both) into no from the day it was reported;
//! - a correction replaces what a receipt or refusal said, whatever its date (it fixes a typing
//!   mistake, it is not a new decision);
//! - receipts, refusals and withdrawals take effect in the order of their dates (then of their
//!   recording): the latest decision of the parent stands, so a new form signed after a
//!   withdrawal gives the consent again;
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// The paper form, in the backpack.
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

    /// Whether a withdrawal of this question has something to take back in `state`.
    pub fn has_consent_to_withdraw(self, state: &ConsentState) -> bool {
        (self.covers_q1() && state.q1 == Answer::Oui) || (self.covers_q2() && state.q2 == Answer::Oui)
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
                decisions.push((event.on, event.id, Decision::Refused { student: signer.student }))
            }
            EventKind::Withdrawn { question, .. } => {
                decisions.push((event.on, event.id, Decision::Withdrawn(*question)))
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
    decisions.retain(|(date, _, _)| *date <= on);
    decisions.sort_by_key(|(date, id, _)| (*date, *id));
    let (mut withdrawn_q1, mut withdrawn_q2) = (false, false);
    for (date, _, decision) in decisions {
        match decision {
            Decision::Returned(r) => {
                state.q1 = r.q1.answer();
                state.q2 = r.q2.answer();
                state.returned_on = Some(date);
                state.blank = r.q1 == Reply::Vide || r.q2 == Reply::Vide;
                state.refused = r.q1 == Reply::Non || r.q2 == Reply::Non;
                state.student_signed = r.signer.student;
                (withdrawn_q1, withdrawn_q2) = (false, false);
            }
            Decision::Refused { student } => {
                state.q1 = Answer::Non;
                state.q2 = Answer::Non;
                state.returned_on = Some(date);
                state.blank = false;
                state.refused = true;
                state.student_signed = student;
                (withdrawn_q1, withdrawn_q2) = (false, false);
            }
            Decision::Withdrawn(question) => {
                if question.covers_q1() && state.q1 == Answer::Oui {
                    state.q1 = Answer::Non;
                    withdrawn_q1 = true;
                }
                if question.covers_q2() && state.q2 == Answer::Oui {
                    state.q2 = Answer::Non;
                    withdrawn_q2 = true;
                }
            }
        }
    }
    state.withdrawn = withdrawn_q1 || withdrawn_q2;
    state
}

#[derive(Debug, Clone)]
enum Decision {
    Returned(Returned),
    Refused { student: bool },
    Withdrawn(Question),
}

#[cfg(test)]
mod tests {
    use super::*;
    use Answer::{Non, Oui, SansReponse};

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn parent() -> Signer {
        Signer { name: "Parent".into(), guardian_id: Some(1), student: false, do_not_contact_override: None }
    }

    fn received(id: i64, on: &str, q1: Reply, q2: Reply) -> Event {
        Event { id, on: d(on), kind: EventKind::Received(Returned { q1, q2, signer: parent(), how: How::Papier }) }
    }

    fn by_student(id: i64, on: &str, q1: Reply, q2: Reply) -> Event {
        let signer = Signer { name: "Élève".into(), guardian_id: None, student: true, do_not_contact_override: None };
        Event { id, on: d(on), kind: EventKind::Received(Returned { q1, q2, signer, how: How::Papier }) }
    }

    fn printed(id: i64, on: &str) -> Event {
        Event { id, on: d(on), kind: EventKind::Printed { reminder: false } }
    }

    fn withdrawn(id: i64, on: &str, question: Question) -> Event {
        Event { id, on: d(on), kind: EventKind::Withdrawn { question, by: "Parent".into(), how: How::Verbal } }
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
