//! End-of-year deletion (Directive 5.9–5.10): every platform use whose platform must be emptied by
//! 30 June, the attestation each staff member signs, the confirmations recorded as events, and
//! what is still due or overdue.
//!
//! The two functions below are the interface the year's closing, the school report and the
//! dashboard rely on; their signatures stay as they are.
//!
//! `state` (the event model and `derive`, the one function that says where a use stands),
//! `ledger` (events in and out of SQL), `list` (the year's uses grouped by staff member, and the
//! 5.10 checklist), `confirm` (confirmations and corrections, with the 5.10 lines: which
//! students' documents went into their file), `print` (attestations and the follow-up),
//! `scanned` (a returned attestation read from a scanned stack, issue 16).

pub mod confirm;
mod ledger;
pub mod list;
pub mod print;
pub mod scanned;
pub mod state;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Result;
use crate::store::Db;
use crate::year::SchoolYear;

pub use confirm::{confirm, correct, parse_keep, ConfirmInput, Confirmed, ConfirmedUse, CorrectionInput, KeepInput};
pub use list::{
    list, state_label, ChecklistItem, ConfirmationView, DeletionEventView, DeletionList, DeletionRow, KeptView,
    StaffGroup,
};
pub use print::{
    print_attestations, print_followup, AttestationRequest, PrintedAttestation, PrintedAttestations, PrintedFollowup,
};
pub use state::{parse_dossier, DeletionHow};

/// Where one use stands on a day (Directive 5.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeletionState {
    /// Nothing done yet (and 30 June not passed).
    AFaire,
    /// The attestation was printed for the staff member, not yet returned.
    AttestationImprimee,
    /// The written confirmation is recorded, dated by 30 June.
    Confirmee,
    /// The written confirmation is recorded but dated after 30 June: done, and late for good
    /// (Directive 5.9, « au plus tard le 30 juin »).
    ConfirmeeEnRetard,
    /// After 30 June and not confirmed.
    EnRetard,
}

impl DeletionState {
    /// Whether a written confirmation is recorded, on time or late.
    pub fn is_confirmed(self) -> bool {
        matches!(self, DeletionState::Confirmee | DeletionState::ConfirmeeEnRetard)
    }
}

/// The year's deletion confirmations counted, for the dashboard and the school report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DeletionSummary {
    /// Uses whose platform must be emptied by 30 June.
    pub total: u32,
    pub a_faire: u32,
    pub attestation_imprimee: u32,
    /// Every use confirmed in writing, on time or late (so `total - confirmee` is what is missing).
    pub confirmee: u32,
    /// Of `confirmee`, those confirmed after 30 June (Directive 5.9): they stay late.
    pub confirmee_en_retard: u32,
    /// After 30 June and not confirmed.
    pub en_retard: u32,
    /// From 1 June: the dashboard shows what is due.
    pub due_now: bool,
    /// 30 June of the year (Directive 5.9); after it, what is not confirmed is overdue.
    pub deadline: NaiveDate,
}

/// A use not yet confirmed: what closing the year lists when it is asked to close anyway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outstanding {
    pub use_id: i64,
    pub class_code: String,
    pub platform: String,
    /// The use's staff (its own, else the class's teachers), as one line ("" when none).
    pub staff: String,
    pub state: DeletionState,
}

/// The year's deletion confirmations counted as of `today`.
pub fn summary(db: &Db, year: SchoolYear, today: NaiveDate) -> Result<DeletionSummary> {
    let uses = list::uses_of_year(&db.conn, year)?;
    let events = ledger::events_of_year(&db.conn, year)?;
    let states: Vec<DeletionState> = uses
        .iter()
        .map(|u| state::derive(events.get(&u.use_id).map(Vec::as_slice).unwrap_or_default(), today, year))
        .collect();
    Ok(list::count(&states, year, today))
}

/// The uses of `year` whose deletion is not confirmed as of `today`, by class then platform.
pub fn outstanding(db: &Db, year: SchoolYear, today: NaiveDate) -> Result<Vec<Outstanding>> {
    let uses = list::uses_of_year(&db.conn, year)?;
    let events = ledger::events_of_year(&db.conn, year)?;
    let mut missing = Vec::new();
    for use_ in uses {
        let state = state::derive(events.get(&use_.use_id).map(Vec::as_slice).unwrap_or_default(), today, year);
        if !state.is_confirmed() {
            missing.push(Outstanding {
                use_id: use_.use_id,
                staff: use_.staff.iter().map(|(_, name)| name.as_str()).collect::<Vec<_>>().join(", "),
                class_code: use_.class_code,
                platform: use_.platform,
                state,
            });
        }
    }
    Ok(missing)
}

/// What the dashboard shows (Directive 5.9): the counts from 1 June, or earlier whenever
/// something is overdue (a past year still open); None otherwise, and when nothing needs deletion.
pub fn for_dashboard(db: &Db, year: SchoolYear, today: NaiveDate) -> Result<Option<DeletionSummary>> {
    let summary = summary(db, year, today)?;
    Ok((summary.total > 0 && (summary.due_now || summary.en_retard > 0)).then_some(summary))
}

#[cfg(test)]
mod tests;
