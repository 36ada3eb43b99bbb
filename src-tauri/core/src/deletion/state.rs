//! The event model of a use's deletion and `derive`, the one function that says where a use
//! stands on a day (Directive 5.9): confirmed once a written confirmation is recorded (a
//! correction replaces what it corrects) — *confirmée en retard* for good when the confirmation in
//! force is dated after 30 June —, otherwise overdue after 30 June, otherwise printed or still to
//! do.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::DeletionState;
use crate::error::Result;
use crate::text::{invalid, Field};
use crate::year::SchoolYear;

/// How the staff member confirmed in writing to the principal (Directive 5.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeletionHow {
    /// The signed attestation, on paper.
    Papier,
    /// An e-mail to the principal.
    Courriel,
}

impl DeletionHow {
    pub fn code(self) -> &'static str {
        match self {
            DeletionHow::Papier => "papier",
            DeletionHow::Courriel => "courriel",
        }
    }

    /// « attestation signée (papier) » or « par courriel », for sentences.
    pub fn label_fr(self) -> &'static str {
        match self {
            DeletionHow::Papier => "attestation signée (papier)",
            DeletionHow::Courriel => "par courriel",
        }
    }

    pub fn parse(text: &str) -> Result<DeletionHow> {
        match crate::text::fold(text).as_str() {
            "papier" | "paper" => Ok(DeletionHow::Papier),
            "courriel" | "email" | "e-mail" => Ok(DeletionHow::Courriel),
            _ => Err(invalid(Field::How, "écrivez papier ou courriel", "write papier or courriel")),
        }
    }
}

/// Parses the 5.10 answer: « oui » or « non ».
pub fn parse_dossier(text: &str) -> Result<bool> {
    match crate::text::fold(text).as_str() {
        "oui" | "yes" | "o" => Ok(true),
        "non" | "no" | "n" => Ok(false),
        _ => Err(invalid(Field::Answer, "écrivez oui ou non", "write oui or non")),
    }
}

/// What happened to a use's deletion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    /// The attestation was printed (for the staff member of the event, if any).
    Printed,
    /// The written confirmation.
    Confirmed(Confirmation),
    /// A correction of the confirmation `corrects`, which it replaces.
    Corrected { corrects: i64, confirmation: Confirmation, reason: String },
}

/// What a confirmation says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    pub how: DeletionHow,
    /// Directive 5.10: what must be kept was put in the student's file (None: not said). Since
    /// issue 15 a yes comes with `kept`; a confirmation recorded before has only the box.
    pub dossier: Option<bool>,
    /// Directive 5.10: which students' documents were put in their file.
    pub kept: Vec<Kept>,
}

/// Directive 5.10: one student's document put in the student's file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Kept {
    pub student_id: i64,
    pub document: String,
}

/// One row of `deletion_events`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: i64,
    pub use_id: i64,
    pub staff_id: Option<i64>,
    /// The day printed, or the day the confirmation is dated.
    pub on: NaiveDate,
    pub at: String,
    pub scan_id: Option<i64>,
    pub kind: EventKind,
}

impl Event {
    /// The confirmation this event records, if it is one (a correction records one too).
    pub fn confirmation(&self) -> Option<&Confirmation> {
        match &self.kind {
            EventKind::Printed => None,
            EventKind::Confirmed(c) | EventKind::Corrected { confirmation: c, .. } => Some(c),
        }
    }
}

/// The confirmation in force: the last one recorded (a correction always comes after what it
/// corrects, and replaces it).
pub fn in_force(events: &[Event]) -> Option<&Event> {
    events.iter().filter(|e| e.confirmation().is_some()).max_by_key(|e| e.id)
}

/// The last day an attestation was printed for this use, if ever.
pub fn printed_on(events: &[Event]) -> Option<NaiveDate> {
    events.iter().filter(|e| e.kind == EventKind::Printed).map(|e| e.on).max()
}

/// Where a use of `year` stands on `today`, from its events (any order).
pub fn derive(events: &[Event], today: NaiveDate, year: SchoolYear) -> DeletionState {
    if let Some(confirmation) = in_force(events) {
        // Directive 5.9: « au plus tard le 30 juin ». A confirmation dated after it is recorded
        // (only a closed year refuses one) but stays late, whatever the day it is read.
        if confirmation.on > year.last_day() {
            DeletionState::ConfirmeeEnRetard
        } else {
            DeletionState::Confirmee
        }
    } else if today > year.last_day() {
        // Directive 5.9: « au plus tard le 30 juin ».
        DeletionState::EnRetard
    } else if printed_on(events).is_some() {
        DeletionState::AttestationImprimee
    } else {
        DeletionState::AFaire
    }
}

/// From 1 June the deletion is due: the dashboard shows it (Directive 5.9).
pub fn due_from(year: SchoolYear) -> NaiveDate {
    let last = year.last_day();
    NaiveDate::from_ymd_opt(chrono::Datelike::year(&last), 6, 1).expect("1 June exists")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_store::{day, year};
    use DeletionState::*;

    fn printed(id: i64, on: &str) -> Event {
        Event {
            id,
            use_id: 1,
            staff_id: Some(1),
            on: day(on),
            at: String::new(),
            scan_id: None,
            kind: EventKind::Printed,
        }
    }

    fn confirmed(id: i64, on: &str) -> Event {
        let kind =
            EventKind::Confirmed(Confirmation { how: DeletionHow::Papier, dossier: Some(true), kept: Vec::new() });
        Event { kind, ..printed(id, on) }
    }

    fn corrected(id: i64, corrects: i64, on: &str) -> Event {
        let confirmation = Confirmation { how: DeletionHow::Courriel, dossier: Some(false), kept: Vec::new() };
        Event {
            kind: EventKind::Corrected { corrects, confirmation, reason: "date mal lue".into() },
            ..printed(id, on)
        }
    }

    fn check(events: &[Event], today: &str, expected: DeletionState) {
        let got = derive(events, day(today), year());
        let kinds: Vec<String> = events.iter().map(|e| format!("{:?}@{}", e.kind, e.on)).collect();
        assert_eq!(got, expected, "events {kinds:?} on {today}");
    }

    #[test]
    fn the_state_follows_the_events_and_the_thirtieth_of_june() {
        // Nothing recorded: to do until 30 June inclusive, then overdue.
        check(&[], "2026-05-31", AFaire);
        check(&[], "2026-06-01", AFaire);
        check(&[], "2026-06-30", AFaire);
        check(&[], "2026-07-01", EnRetard);
        // Printed: waiting for the signed copy, overdue all the same after 30 June.
        check(&[printed(1, "2026-05-31")], "2026-06-01", AttestationImprimee);
        check(&[printed(1, "2026-06-01")], "2026-06-30", AttestationImprimee);
        check(&[printed(1, "2026-06-01")], "2026-07-01", EnRetard);
        // Confirmed by 30 June: confirmed for good.
        check(&[printed(1, "2026-06-01"), confirmed(2, "2026-06-20")], "2026-06-30", Confirmee);
        check(&[printed(1, "2026-06-01"), confirmed(2, "2026-06-20")], "2026-07-01", Confirmee);
        check(&[confirmed(1, "2026-05-31")], "2026-05-31", Confirmee);
        // A later printing does not undo a confirmation.
        check(&[confirmed(1, "2026-06-02"), printed(2, "2026-06-10")], "2026-06-12", Confirmee);
    }

    /// Directive 5.9: « au plus tard le 30 juin ». A confirmation dated after it is done but
    /// late, and stays *confirmée en retard* whatever the day it is read (issue 15, item 9: it
    /// used to become a plain *confirmée*).
    #[test]
    fn a_late_confirmation_keeps_its_lateness() {
        let table: [(&[Event], &str, DeletionState, &str); 7] = [
            (&[confirmed(1, "2026-06-30")], "2026-06-30", Confirmee, "5.9: the 30th itself is on time"),
            (&[confirmed(1, "2026-06-30")], "2026-09-01", Confirmee, "5.9: on time stays on time"),
            (&[confirmed(1, "2026-07-01")], "2026-07-01", ConfirmeeEnRetard, "5.9: the 1st of July is late"),
            (&[confirmed(1, "2026-07-03")], "2026-07-05", ConfirmeeEnRetard, "5.9: late, read two days after"),
            (&[confirmed(1, "2026-07-03")], "2027-01-15", ConfirmeeEnRetard, "5.9: still late months after"),
            (
                &[printed(1, "2026-06-01"), confirmed(2, "2026-07-10"), printed(3, "2026-07-12")],
                "2026-07-12",
                ConfirmeeEnRetard,
                "5.9: a reprint after a late confirmation changes nothing",
            ),
            (
                &[confirmed(1, "2026-07-02"), corrected(2, 1, "2026-06-29")],
                "2026-07-05",
                Confirmee,
                "5.9: a correction of a misread date decides, as any correction replaces what it corrects",
            ),
        ];
        for (events, today, expected, why) in table {
            assert_eq!(derive(events, day(today), year()), expected, "{why}");
            assert!(expected.is_confirmed(), "{why}: confirmed, late or not");
        }
        assert!(!EnRetard.is_confirmed() && !AFaire.is_confirmed() && !AttestationImprimee.is_confirmed());
    }

    #[test]
    fn a_correction_replaces_what_it_corrects() {
        let events = [printed(1, "2026-06-01"), confirmed(2, "2026-06-20"), corrected(3, 2, "2026-06-19")];
        let force = in_force(&events).expect("a confirmation is in force");
        assert_eq!(force.id, 3, "the correction is in force");
        assert_eq!(force.confirmation().unwrap().how, DeletionHow::Courriel);
        assert_eq!(force.on, day("2026-06-19"));
        assert_eq!(printed_on(&events), Some(day("2026-06-01")));
        check(&events, "2026-07-01", Confirmee);
    }

    #[test]
    fn due_from_the_first_of_june_and_inputs_parse() {
        assert_eq!(due_from(year()), day("2026-06-01"));
        assert_eq!(DeletionHow::parse(" Courriel ").unwrap(), DeletionHow::Courriel);
        assert_eq!(DeletionHow::parse("PAPIER").unwrap(), DeletionHow::Papier);
        assert!(DeletionHow::parse("verbal").is_err(), "5.9 asks for writing: no verbal confirmation");
        assert!(parse_dossier("oui").unwrap());
        assert!(!parse_dossier("Non").unwrap());
        assert!(parse_dossier("peut-être").is_err());
    }
}
