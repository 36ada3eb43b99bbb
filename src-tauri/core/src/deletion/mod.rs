//! End-of-year deletion (Directive 5.9–5.10): every platform use whose platform must be emptied by
//! 30 June, the attestation each staff member signs, the confirmations recorded as events, and
//! what is still due or overdue.
//!
//! The two functions below are the interface the year's closing, the school report and the
//! dashboard rely on; their signatures stay as they are.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Result;
use crate::register::SchoolYear;
use crate::store::Db;

/// Where one use stands on a day (Directive 5.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeletionState {
    /// Nothing done yet (and 30 June not passed).
    AFaire,
    /// The attestation was printed for the staff member, not yet returned.
    AttestationImprimee,
    /// The written confirmation is recorded.
    Confirmee,
    /// After 30 June and not confirmed.
    EnRetard,
}

/// The year's deletion confirmations counted, for the dashboard and the school report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DeletionSummary {
    /// Uses whose platform must be emptied by 30 June.
    pub total: u32,
    pub a_faire: u32,
    pub attestation_imprimee: u32,
    pub confirmee: u32,
    pub en_retard: u32,
    /// From 1 June: the dashboard shows what is due.
    pub due_now: bool,
}

/// A use not yet confirmed: what closing the year lists when it is asked to close anyway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outstanding {
    pub use_id: i64,
    pub class_code: String,
    pub platform: String,
    /// The class's teachers, as one line ("" when the class has none).
    pub staff: String,
    pub state: DeletionState,
}

/// The year's deletion confirmations counted as of `today`.
pub fn summary(_db: &Db, _year: SchoolYear, _today: NaiveDate) -> Result<DeletionSummary> {
    Ok(DeletionSummary::default())
}

/// The uses of `year` whose deletion is not confirmed as of `today`, by class then platform.
pub fn outstanding(_db: &Db, _year: SchoolYear, _today: NaiveDate) -> Result<Vec<Outstanding>> {
    Ok(Vec::new())
}
