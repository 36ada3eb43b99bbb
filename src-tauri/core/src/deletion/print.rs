//! Printing the attestations (one page per staff member, one or all in a batch) with an
//! *imprimée* event per use recorded in the same transaction as the PDF is written, and the
//! follow-up of what is missing, with the 5.10 checklist of documents to put in students' files.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::ledger;
use super::list::{self, state_label, StaffGroup};
use super::state::EventKind;
use super::DeletionState;
use crate::error::{Error, Result};
use crate::export::{self, Existing};
use crate::pdf::attestation::{self, Attestation, AttestationRow};
use crate::pdf::deletion_followup::{self, DeletionFollowup, FollowupGroup, FollowupRow, KeptLine};
use crate::register::staff;
use crate::settings::{self, Key};
use crate::store::Db;
use crate::year::{self, SchoolYear, Write};

/// Whose attestations: one staff member by name, or everyone (`staff` None).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AttestationRequest {
    pub year: SchoolYear,
    #[serde(default)]
    pub staff: Option<String>,
}

/// What was printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintedAttestations {
    pub path: PathBuf,
    pub pages: usize,
    pub attestations: Vec<PrintedAttestation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintedAttestation {
    /// None: the classes without a teacher.
    pub staff_id: Option<i64>,
    pub staff: String,
    pub use_ids: Vec<i64>,
}

/// What the follow-up printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintedFollowup {
    pub path: PathBuf,
    pub pages: usize,
    /// Uses not confirmed.
    pub missing: u32,
    pub en_retard: u32,
    /// Lines of the 5.10 checklist printed.
    pub kept: usize,
}

/// Prints the attestations to `output` and records an *imprimée* event per staff member and use,
/// in one audited transaction: a printing that fails leaves no event and no file.
pub fn print_attestations(
    db: &mut Db,
    request: &AttestationRequest,
    output: &Path,
    existing: Existing,
) -> Result<PrintedAttestations> {
    export::refuse_existing(&[output], existing)?;
    let year = request.year;
    year::ensure_open(&db.conn, year, Write::YearData)?;
    let today = db.clock().today();
    let (css_name, school_name) = school_lines(db)?;
    let principal = settings::get(db, Key::PrincipalName)?;
    let all = list::list(db, year, today)?;
    let store_tag = crate::forms::code::store_tag(&db.conn)?;
    let groups: Vec<StaffGroup> = match &request.staff {
        Some(name) => {
            let person = staff::find(db, name)?;
            let group = all.groups.into_iter().find(|g| g.staff_id == Some(person.id));
            vec![group.ok_or_else(|| Error::DeletionNoUses(year.to_string()))?]
        }
        None => all.groups,
    };
    if groups.is_empty() {
        return Err(Error::NothingToPrint(format!(
            "aucune utilisation de plateforme visée par la suppression de fin d'année en {year} (art. 5.9)"
        )));
    }
    let pages: Vec<Attestation> = groups
        .iter()
        .map(|g| Attestation {
            css_name: css_name.clone(),
            school_name: school_name.clone(),
            school_year: year,
            staff: if g.staff_id.is_some() { g.staff.clone() } else { String::new() },
            principal: principal.clone(),
            rows: g
                .uses
                .iter()
                .map(|u| AttestationRow {
                    class_code: u.class_code.clone(),
                    platform: u.platform.clone(),
                    tolerated: u.tolerated,
                })
                .collect(),
            printed_on: today,
            staff_id: g.staff_id,
            store_tag,
        })
        .collect();
    let printed: Vec<PrintedAttestation> = groups
        .iter()
        .map(|g| PrintedAttestation {
            staff_id: g.staff_id,
            staff: g.staff.clone(),
            use_ids: g.uses.iter().map(|u| u.use_id).collect(),
        })
        .collect();
    let at = db.clock().now_rfc3339();
    let object = format!("suppression {year}");
    let logo = crate::pdf::Image::letterhead(db)?;
    let staging = export::Staging::of(db);
    let (pages_count, staged) = db.write("suppression.impression", &object, |tx| {
        let mut events = 0;
        for printed_for in &printed {
            for use_id in &printed_for.use_ids {
                ledger::append(tx, *use_id, printed_for.staff_id, today, &at, &EventKind::Printed, None)?;
                events += 1;
            }
        }
        let staged = staging.stage(output, &attestation::render(&pages, logo.as_ref())?)?;
        let staff_ids: Vec<String> = printed
            .iter()
            .map(|a| a.staff_id.map(|id| id.to_string()).unwrap_or_else(|| "sans enseignant·e".into()))
            .collect();
        let summary = format!(
            "{} attestation(s) de suppression imprimée(s), {events} utilisation(s) ; personnel n° {}",
            printed.len(),
            staff_ids.join(", ")
        );
        Ok(((pages.len(), staged), summary))
    })?;
    staged.publish()?;
    Ok(PrintedAttestations { path: output.to_path_buf(), pages: pages_count, attestations: printed })
}

/// Prints the follow-up of the confirmations still missing (audited: it names staff members).
pub fn print_followup(db: &mut Db, year: SchoolYear, output: &Path, existing: Existing) -> Result<PrintedFollowup> {
    export::refuse_existing(&[output], existing)?;
    let today = db.clock().today();
    let (css_name, school_name) = school_lines(db)?;
    let all = list::list(db, year, today)?;
    let groups: Vec<FollowupGroup> = all
        .groups
        .iter()
        .map(|g| FollowupGroup {
            staff: g.staff.clone(),
            rows: g
                .uses
                .iter()
                .filter(|u| !u.state.is_confirmed())
                .map(|u| FollowupRow {
                    class_code: u.class_code.clone(),
                    platform: u.platform.clone(),
                    state: state_label(u.state).into(),
                    late: u.state == DeletionState::EnRetard,
                    printed_on: u.printed_on,
                })
                .collect(),
        })
        .filter(|g: &FollowupGroup| !g.rows.is_empty())
        .collect();
    let followup = DeletionFollowup {
        css_name,
        school_name,
        school_year: year,
        date: today,
        total: all.summary.total,
        confirmed: all.summary.confirmee,
        confirmed_late: all.summary.confirmee_en_retard,
        groups,
        // Directive 5.10: the checklist of documents to put in the students' files.
        kept: all
            .checklist
            .iter()
            .map(|item| KeptLine {
                student: item.student.clone(),
                class_code: item.class_code.clone(),
                document: item.document.clone(),
                source: format!("{} — {}, {}", item.uses.join(", "), item.staff, item.confirmed_on),
            })
            .collect(),
    };
    let missing = all.summary.total - all.summary.confirmee;
    let en_retard = all.summary.en_retard;
    let kept = followup.kept.len();
    let object = format!("suppression {year}");
    let logo = crate::pdf::Image::letterhead(db)?;
    let (pdf, pages) = deletion_followup::render_counted(&followup, logo.as_ref())?;
    let summary = format!(
        "suivi des suppressions imprimé : {missing} à confirmer, dont {en_retard} en retard ; {kept} document(s) à verser au dossier (art. 5.10)"
    );
    export::write(db, &[(output, &pdf)], existing, "suppression.suivi_impression", &object, summary)?;
    Ok(PrintedFollowup { path: output.to_path_buf(), pages, missing, en_retard, kept })
}

/// The CSS and school names printed at the top, required.
fn school_lines(db: &Db) -> Result<(String, String)> {
    let required = |key: Key, what: &str, what_en: &str| -> Result<String> {
        let value = settings::get(db, key)?;
        if value.trim().is_empty() {
            return Err(Error::SettingNeededToPrint { what: what.into(), what_en: what_en.into() });
        }
        Ok(value)
    };
    Ok((
        required(Key::CssName, "la mention du centre de services scolaire", "The school service centre's name")?,
        required(Key::SchoolName, "la mention du nom de l'école", "The school's name")?,
    ))
}
