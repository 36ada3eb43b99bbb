//! The principal's dashboard (Tableau de bord) for one school year: classes without a platform,
//! uses non conformes and pas prêtes, 5.2 warnings, open infractions. `balise status --json`
//! prints it as is.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Result;
use crate::register::class::{self, Class};
use crate::register::infraction::{self, Infraction};
use crate::register::platform::{self, Audience, Platform};
use crate::register::platform_use::{self, PlatformUse};
use crate::register::rules::{self, OnePlatformWarning, Reason, Severity, UseState};
use crate::settings;
use crate::store::Db;
use crate::year::SchoolYear;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dashboard {
    pub year: SchoolYear,
    /// The day the year is looked at: today, or 30 June once the year is over.
    pub as_of: NaiveDate,
    pub classes_without_platform: Vec<ClassFinding>,
    pub uses_non_conformes: Vec<UseFinding>,
    pub uses_pas_pretes: Vec<UseFinding>,
    pub warnings_one_platform: Vec<OnePlatformWarning>,
    pub open_infractions: Vec<InfractionFinding>,
    /// Students who changed class and need forms for their new class's platforms (issue 4).
    pub students_changed_class: Vec<crate::consent::MovedStudent>,
    /// The returns: forms expected, received, missing… per class and school-wide (issue 6).
    pub consents: Option<crate::consent::FollowUp>,
    /// The deletion confirmations (Directive 5.9, issue 7): from 1 June, or whenever something
    /// is overdue; None otherwise.
    pub deletions: Option<crate::deletion::DeletionSummary>,
    /// Access and rectification requests not answered yet (seed 004, art. 4), soonest deadline
    /// first, each with its legal deadline (Loi sur l'accès, art. 98); whatever the year shown,
    /// since a request belongs to no school year.
    pub open_requests: Vec<crate::access::requests::Request>,
    /// Projects still running whose forms are not all back (issue 17), each with its counts.
    pub projects_missing_forms: Vec<crate::consent::project_forms::ProjectCounts>,
    /// Social-media spaces to follow up: a request awaiting its decision, an accepted space
    /// without administrators or with conditions not ticked (issue 17).
    pub spaces_to_follow: Vec<crate::spaces::SpaceFinding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassFinding {
    pub class_id: i64,
    pub class_code: String,
    pub reasons: Vec<Reason>,
}

/// A use to follow up; `reasons` are those that set its state (advice left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UseFinding {
    pub use_id: i64,
    pub class_id: i64,
    pub class_code: String,
    pub platform: String,
    pub audience: Audience,
    pub state: UseState,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InfractionFinding {
    pub infraction_id: i64,
    pub class_id: i64,
    pub class_code: String,
    pub platform: String,
    pub found_on: NaiveDate,
    pub reasons: Vec<Reason>,
}

/// The dashboard of the school year set in Paramètres, today.
pub fn current(db: &Db) -> Result<Dashboard> {
    let year = settings::school_year(db)?;
    build(db, year, db.clock().today())
}

/// The dashboard of `year` as of `today` (30 June for a past year).
pub fn build(db: &Db, year: SchoolYear, today: NaiveDate) -> Result<Dashboard> {
    let classes = class::list(db, year)?;
    let uses = platform_use::of_year_in(&db.conn, year)?;
    let platforms = platform::list(db)?;
    let infractions = infraction::list(db, year, true)?;
    let mut dashboard = compile(year, year.as_of(today), &classes, &uses, &platforms, &infractions);
    dashboard.students_changed_class = crate::consent::moved_students_needing_forms(db, year)?;
    dashboard.consents = Some(crate::consent::follow_up(db, year)?);
    // Today, not `as_of`: after 30 June what is not confirmed is overdue.
    dashboard.deletions = crate::deletion::for_dashboard(db, year, today)?;
    dashboard.open_requests = crate::access::requests::open_on(&db.conn, today)?;
    dashboard.projects_missing_forms = crate::consent::project_forms::missing_by_project(db, year)?;
    dashboard.spaces_to_follow = crate::spaces::to_follow(db, year)?;
    Ok(dashboard)
}

/// The dashboard from plain values: what `build` reads, passed in, so it can be tested by hand.
pub fn compile(
    year: SchoolYear,
    as_of: NaiveDate,
    classes: &[Class],
    uses: &[PlatformUse],
    platforms: &[Platform],
    infractions: &[Infraction],
) -> Dashboard {
    let active: Vec<(&PlatformUse, &Platform)> = uses
        .iter()
        .filter(|u| u.year == year && u.is_active(as_of))
        .filter_map(|u| platforms.iter().find(|p| p.id == u.platform_id).map(|p| (u, p)))
        .collect();
    let classes_without_platform = classes
        .iter()
        .filter(|c| c.year == year && !active.iter().any(|(u, _)| u.class_id == c.id))
        .map(|c| ClassFinding { class_id: c.id, class_code: c.code.clone(), reasons: vec![no_platform(c)] })
        .collect();
    let mut uses_non_conformes = Vec::new();
    let mut uses_pas_pretes = Vec::new();
    for (use_, platform) in &active {
        let assessment = rules::assess(use_, platform, as_of);
        let finding = UseFinding {
            use_id: use_.id,
            class_id: use_.class_id,
            class_code: use_.class_code.clone(),
            platform: platform.name.clone(),
            audience: use_.audience,
            state: assessment.state,
            reasons: assessment.reasons.into_iter().filter(|r| r.severity >= Severity::PasPrete).collect(),
        };
        match finding.state {
            UseState::NonConforme => uses_non_conformes.push(finding),
            UseState::PasPrete => uses_pas_pretes.push(finding),
            UseState::Conforme => {}
        }
    }
    let open_infractions = infractions
        .iter()
        .filter(|i| i.year == year && i.is_open())
        .map(|i| InfractionFinding {
            infraction_id: i.id,
            class_id: i.class_id,
            class_code: i.class_code.clone(),
            platform: i.platform.clone(),
            found_on: i.found_on,
            reasons: i.reasons(),
        })
        .collect();
    Dashboard {
        year,
        as_of,
        classes_without_platform,
        uses_non_conformes,
        uses_pas_pretes,
        warnings_one_platform: rules::one_platform_warnings(&active, as_of),
        open_infractions,
        students_changed_class: Vec::new(),
        consents: None,
        deletions: None,
        open_requests: Vec::new(),
        projects_missing_forms: Vec::new(),
        spaces_to_follow: Vec::new(),
    }
}

// The register exists to apply art. 4: a class with nothing registered has not been looked at.
fn no_platform(class: &Class) -> Reason {
    Reason {
        code: "no_platform",
        article: "4",
        severity: Severity::Warning,
        text_fr: format!(
            "Aucune plateforme inscrite pour la classe {} : inscrire celle qu'utilise le personnel (art. 4).",
            class.code
        ),
        text_en: format!("No platform registered for class {}: register the one its staff use (art. 4).", class.code),
    }
}
