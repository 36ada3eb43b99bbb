//! Changing a platform in the catalogue: the preview of which uses the change would touch (their
//! state before and after), and the audited change itself. Taking the end-of-year deletion off a
//! platform 5.9 does not exempt, or declaring one outside the Directive that art. 3 does not leave
//! out, needs a reason: the journal quotes the article with it (`platform::settle_reasons`).

use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::platform::{self, Audience, Deviation, Platform, PlatformStatus};
use super::platform_use;
use super::rules::{self, Reason, UseState};
use crate::error::{Error, Result};
use crate::store::Db;
use crate::text::fold;
use crate::year::SchoolYear;

/// What `platform set` changes; `None` leaves a field as it is. Leaving the `toleree` status
/// clears the tolerance date unless a new status needs one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct PlatformChange {
    pub name: Option<String>,
    pub audiences: Option<Vec<Audience>>,
    pub status: Option<PlatformStatus>,
    pub tolerated_until: Option<NaiveDate>,
    pub end_of_year_deletion: Option<bool>,
    pub institutional_account: Option<bool>,
    pub outside_directive: Option<bool>,
    pub notes: Option<String>,
    /// Why the change takes the deletion off (art. 5.9) or puts the platform outside the
    /// Directive (art. 3); required then, and journaled.
    pub reason: Option<String>,
}

/// What a change would do, shown before it is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlatformPreview {
    pub before: Platform,
    pub after: Platform,
    /// The uses of this platform in the current and coming school years that have not ended.
    pub uses: Vec<AffectedUse>,
    /// The deviations from an article this change introduces: each needs a reason (art. 5.9, 3).
    pub reasons_needed: Vec<Deviation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AffectedUse {
    pub use_id: i64,
    pub year: SchoolYear,
    pub class_id: i64,
    pub class_code: String,
    pub audience: Audience,
    pub state_before: UseState,
    pub state_after: UseState,
    pub state_changes: bool,
    pub reasons_after: Vec<Reason>,
}

impl PlatformChange {
    /// The platform as it would be after the change, checked, its reasons settled (a deviation
    /// from art. 5.9 or 3 new to this change is refused without `reason`).
    pub fn apply(&self, before: &Platform) -> Result<Platform> {
        let mut after = self.apply_unsettled(before)?;
        platform::settle_reasons(Some(before), &mut after, self.reason.as_deref())?;
        Ok(after)
    }

    /// The deviations this change would introduce (each needs a reason).
    pub fn new_deviations(&self, before: &Platform) -> Result<Vec<Deviation>> {
        let after = self.apply_unsettled(before)?;
        let had = before.deviations();
        Ok(after.deviations().into_iter().filter(|d| !had.contains(d)).collect())
    }

    fn apply_unsettled(&self, before: &Platform) -> Result<Platform> {
        let mut after = before.clone();
        if let Some(name) = &self.name {
            after.name = name.clone();
        }
        if let Some(audiences) = &self.audiences {
            after.audiences = audiences.clone();
        }
        if let Some(status) = self.status {
            after.status = status;
            if status != PlatformStatus::Tolerated {
                after.tolerated_until = None;
            }
        }
        if let Some(until) = self.tolerated_until {
            after.tolerated_until = Some(until);
        }
        if let Some(flag) = self.end_of_year_deletion {
            after.end_of_year_deletion = flag;
        }
        if let Some(flag) = self.institutional_account {
            after.institutional_account = flag;
        }
        if let Some(flag) = self.outside_directive {
            after.outside_directive = flag;
        }
        if let Some(notes) = &self.notes {
            after.notes = notes.clone();
        }
        platform::checked(after)
    }
}

/// Which uses a change would affect, and how, without saving anything. A change that needs a
/// reason not yet given is previewed all the same (`reasons_needed` says so); saving refuses it.
pub fn preview(db: &Db, name: &str, change: &PlatformChange) -> Result<PlatformPreview> {
    let before = platform::find(db, name)?;
    let reasons_needed = change.new_deviations(&before)?;
    let after = match change.apply(&before) {
        Ok(after) => after,
        Err(_) if !reasons_needed.is_empty() && change.reason.as_deref().is_none_or(|r| r.trim().is_empty()) => {
            change.apply_unsettled(&before)?
        }
        Err(err) => return Err(err),
    };
    let today = db.clock().today();
    let mut uses = Vec::new();
    for use_ in platform_use::of_platform_in(&db.conn, before.id)? {
        let as_of = use_.year.as_of(today);
        // A past year's register is history: a change today does not rewrite it.
        if use_.year.last_day() < today || !use_.is_active(as_of) {
            continue;
        }
        let state_before = rules::assess(&use_, &before, as_of).state;
        let assessed_after = rules::assess(&use_, &after, as_of);
        uses.push(AffectedUse {
            use_id: use_.id,
            year: use_.year,
            class_id: use_.class_id,
            class_code: use_.class_code,
            audience: use_.audience,
            state_before,
            state_after: assessed_after.state,
            state_changes: state_before != assessed_after.state,
            reasons_after: assessed_after.reasons,
        });
    }
    Ok(PlatformPreview { before, after, uses, reasons_needed })
}

/// Saves a change to a platform (audited with each field's old and new value).
pub fn set(db: &mut Db, name: &str, change: &PlatformChange) -> Result<Platform> {
    db.exclusive(|db| {
        let before = platform::find(db, name)?;
        let after = change.apply(&before)?;
        if after == before {
            return Ok(after);
        }
        let object = before.name.clone();
        db.write("plateforme.modification", &object, |tx| {
            if fold(&after.name) != fold(&before.name) {
                let clash: i64 =
                    tx.query_row("SELECT count(*) FROM platforms WHERE name_key = ?1", [fold(&after.name)], |r| {
                        r.get(0)
                    })?;
                if clash > 0 {
                    return Err(Error::PlatformExists(after.name.clone()));
                }
            }
            tx.execute(
                "UPDATE platforms SET name = ?2, name_key = ?3, for_parents = ?4, for_students = ?5, status = ?6,
                 tolerated_until = ?7, end_of_year_deletion = ?8, institutional_account = ?9,
                 outside_directive = ?10, notes = ?11, deletion_exemption_reason = ?12,
                 outside_directive_reason = ?13
             WHERE id = ?1",
                params![
                    after.id,
                    after.name,
                    fold(&after.name),
                    after.serves(Audience::Parents),
                    after.serves(Audience::Students),
                    after.status.code(),
                    after.tolerated_until.map(crate::text::sql_date),
                    after.end_of_year_deletion,
                    after.institutional_account,
                    after.outside_directive,
                    after.notes,
                    after.deletion_exemption_reason,
                    after.outside_directive_reason,
                ],
            )?;
            let summary = changes(&before, &after);
            Ok((after, summary))
        })
    })
}

/// "field: old → new" for each field that changed; notes are only said to have changed.
fn changes(before: &Platform, after: &Platform) -> String {
    let mut out = Vec::new();
    if before.name != after.name {
        out.push(format!("nom : « {} » → « {} »", before.name, after.name));
    }
    for ((label, old), (_, new)) in platform::settings_of(before).into_iter().zip(platform::settings_of(after)) {
        if old != new {
            out.push(format!("{label} : {old} → {new}"));
        }
    }
    if before.notes != after.notes {
        out.push("notes modifiées".into());
    }
    // Directive 5.9 and 3: a deviation and its reason, quoting the article.
    for deviation in after.deviations() {
        let reason = after.reason_of(deviation).unwrap_or_default();
        if before.reason_of(deviation) != Some(reason) || !before.deviations().contains(&deviation) {
            out.push(platform::deviation_audit(deviation, reason));
        }
    }
    for deviation in before.deviations() {
        if !after.deviations().contains(&deviation) {
            out.push(format!("art. {} : de nouveau comme l'article le dit", deviation.article()));
        }
    }
    out.join(" ; ")
}
