//! A class or a use as the register's screens show them: with their states under the
//! Directive's rules (`rules`) as of the day they are looked at (30 June for a past year).

use chrono::NaiveDate;
use serde::Serialize;

use super::class::{self, Class};
use super::infraction::{self, Infraction};
use super::platform;
use super::platform_use::{self, PlatformUse};
use super::rules::{self, Assessment, OnePlatformWarning};
use super::staff::Staff;
use crate::error::Result;
use crate::store::Db;
use crate::year::SchoolYear;

/// `class show`: the class, its uses with their states, and what the principal follows up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassDetail {
    pub class: Class,
    pub as_of: NaiveDate,
    pub uses: Vec<UseView>,
    pub warnings_one_platform: Vec<OnePlatformWarning>,
    pub infractions: Vec<Infraction>,
}

/// A use with its state as of the day it is looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UseView {
    #[serde(flatten)]
    pub platform_use: PlatformUse,
    pub active: bool,
    pub assessment: Assessment,
    /// Who uses the platform with the class (the Annexe A's « membre du personnel »): the use's
    /// own staff, else the class's teachers (`platform_use::staff_of_use`).
    pub staff: Vec<Staff>,
    /// The staff are the class's teachers (the use names none of its own).
    pub staff_from_class: bool,
}

/// The class's sheet in the register, as of today (30 June for a past year).
pub fn show_class(db: &Db, year: SchoolYear, code: &str) -> Result<ClassDetail> {
    let class = class::find(db, year, code)?;
    let as_of = year.as_of(db.clock().today());
    let uses = uses(db, year, Some(&class.code))?;
    let platforms = platform::list(db)?;
    let pairs: Vec<_> = uses
        .iter()
        .filter_map(|u| platforms.iter().find(|p| p.id == u.platform_use.platform_id).map(|p| (&u.platform_use, p)))
        .collect();
    let warnings_one_platform = rules::one_platform_warnings(&pairs, as_of);
    let infractions = infraction::of_class_in(&db.conn, class.id)?;
    Ok(ClassDetail { class, as_of, uses, warnings_one_platform, infractions })
}

/// One use with its state today.
pub fn show_use(db: &Db, id: i64) -> Result<UseView> {
    let use_ = platform_use::get(db, id)?;
    view(db, use_, db.clock().today())
}

/// The uses of a year, or of one class of it, each with its state as of today (30 June for a
/// past year).
pub fn uses(db: &Db, year: SchoolYear, class_code: Option<&str>) -> Result<Vec<UseView>> {
    let uses = match class_code {
        Some(code) => platform_use::of_class_in(&db.conn, class::find(db, year, code)?.id)?,
        None => platform_use::of_year_in(&db.conn, year)?,
    };
    let today = db.clock().today();
    uses.into_iter().map(|u| view(db, u, today)).collect()
}

fn view(db: &Db, platform_use: PlatformUse, today: NaiveDate) -> Result<UseView> {
    let platform = platform::by_id(&db.conn, platform_use.platform_id)?;
    let as_of = platform_use.year.as_of(today);
    let assessment = rules::assess(&platform_use, &platform, as_of);
    let staff_from_class = platform_use.own_staff.is_empty();
    // As `platform_use::staff_of_use`, without reading the use again.
    let staff = if staff_from_class {
        super::class::by_id(&db.conn, platform_use.class_id)?.teachers
    } else {
        platform_use.own_staff.clone()
    };
    Ok(UseView { active: platform_use.is_active(as_of), platform_use, assessment, staff, staff_from_class })
}
