//! The school's compliance report for one year (issue #7): a summary page for the principal to
//! send to the CSS, then a table per class; as PDF and CSV.
//!
//! The report holds NO student name, guardian or other personal information about a student:
//! counts only, per class and school-wide. It leaves the school (it goes to the CSS), so nothing
//! here may read a name into it. Every figure comes from the function that owns it: the use
//! states from `register::rules` (through the dashboard), the consents from `consent::follow_up`,
//! the deletions from `deletion::list`; nothing is re-derived here.

mod pdf;

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::consent::followup::{neutralise, Counts};
use crate::dashboard;
use crate::deletion::{self, DeletionState, DeletionSummary};
use crate::error::Result;
use crate::register::platform::{self, Audience, PlatformStatus};
use crate::register::rules::{self, UseState};
use crate::register::{class, infraction, platform_use};
use crate::settings;
use crate::store::Db;
use crate::year::SchoolYear;

/// The year's report: the summary, then one entry per class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchoolReport {
    pub year: SchoolYear,
    /// The day the report was made.
    pub date: NaiveDate,
    /// The day the year is looked at: the report's date, or 30 June for a past year.
    pub as_of: NaiveDate,
    pub school_name: String,
    pub css_name: String,
    pub principal_name: String,
    pub classes: ClassTotals,
    /// Platforms in use, by catalogue status, in the catalogue's order of gravity.
    pub platforms: Vec<StatusCount>,
    pub uses: UseTotals,
    /// School-wide consent counts (`consent::follow_up`).
    pub consents: Counts,
    /// Deletion confirmations (Directive 5.9), from `deletion::summary`.
    pub deletion: DeletionSummary,
    pub infractions: InfractionTotals,
    /// Every class of the year, by code.
    pub class_reports: Vec<ClassReport>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ClassTotals {
    pub count: u32,
    /// Classes with no active platform use (art. 4).
    pub without_platform: u32,
}

/// The platforms of one catalogue status that the year's classes use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusCount {
    pub status: PlatformStatus,
    /// « approuvée », « autorisation requise », « tolérée », « proscrite ».
    pub label: String,
    /// Distinct platforms of this status in use.
    pub platforms: u32,
    /// Active uses of those platforms.
    pub uses: u32,
    /// Their names, in alphabetical order.
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct UseTotals {
    pub total: u32,
    pub conformes: u32,
    pub pas_pretes: u32,
    pub non_conformes: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct InfractionTotals {
    pub open: u32,
    pub resolved: u32,
}

/// One class: its uses and its consent counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassReport {
    pub class_code: String,
    pub level: String,
    pub teachers: Vec<String>,
    pub uses: Vec<UseRow>,
    /// The class's consent counts (zeros when no platform of the class needs consent).
    pub consents: Counts,
}

/// One active platform use of a class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UseRow {
    pub use_id: i64,
    pub platform: String,
    pub status: PlatformStatus,
    pub audience: Audience,
    pub state: UseState,
    /// Where its end-of-year deletion stands (Directive 5.9); `None` when the platform needs no
    /// deletion or no deletion is tracked for the year yet.
    pub deletion: Option<DeletionState>,
    /// The Annexe A's « membre du personnel » (5.9): the use's own staff, else the class's
    /// teachers (`platform_use::staff_by_use`, the rule the forms are printed with).
    pub staff: Vec<String>,
    /// Whether the use names its own staff (the report then says so under the class's table).
    pub own_staff: bool,
}

/// The report of `year` as of `today` (30 June for a past year).
pub fn build(db: &Db, year: SchoolYear, today: NaiveDate) -> Result<SchoolReport> {
    let as_of = year.as_of(today);
    let settings = settings::all(db)?;
    let board = dashboard::build(db, year, today)?;
    let classes = class::list(db, year)?;
    let catalogue = platform::list(db)?;
    let uses = platform_use::of_year_in(&db.conn, year)?;
    let staff = platform_use::staff_by_use_in(&db.conn, year)?;
    let follow = match board.consents.clone() {
        Some(follow) => follow,
        None => crate::consent::follow_up(db, year)?,
    };
    let deletions = deletion::list(db, year, today)?;
    let deletion_states: HashMap<i64, DeletionState> =
        deletions.groups.iter().flat_map(|g| g.uses.iter().map(|u| (u.use_id, u.state))).collect();
    let deletion = deletions.summary;
    let infractions = infraction::list(db, year, false)?;

    // Directive art. 4: the states are the register's rules on the report's day, as on the dashboard.
    let mut rows: BTreeMap<i64, Vec<UseRow>> = BTreeMap::new();
    let mut by_status: HashMap<&'static str, (PlatformStatus, Vec<String>, u32)> = HashMap::new();
    let mut totals = UseTotals::default();
    for use_ in uses.iter().filter(|u| u.year == year && u.is_active(as_of)) {
        let Some(platform) = catalogue.iter().find(|p| p.id == use_.platform_id) else { continue };
        let state = rules::assess(use_, platform, as_of).state;
        totals.total += 1;
        match state {
            UseState::Conforme => totals.conformes += 1,
            UseState::PasPrete => totals.pas_pretes += 1,
            UseState::NonConforme => totals.non_conformes += 1,
        }
        let entry = by_status.entry(platform.status.label_fr()).or_insert((platform.status, Vec::new(), 0));
        if !entry.1.contains(&platform.name) {
            entry.1.push(platform.name.clone());
        }
        entry.2 += 1;
        // Directive 5.9: the state `deletion::list` derived, for the platforms flagged for it.
        let deletion = deletion_states.get(&use_.id).copied();
        rows.entry(use_.class_id).or_default().push(UseRow {
            use_id: use_.id,
            platform: platform.name.clone(),
            status: platform.status,
            audience: use_.audience,
            state,
            deletion,
            staff: staff
                .get(&use_.id)
                .map(|people| people.iter().map(|p| p.name.clone()).collect())
                .unwrap_or_default(),
            own_staff: !use_.own_staff.is_empty(),
        });
    }
    // The dashboard's own counts of the rules' outcome must agree with the rows above.
    debug_assert_eq!(totals.non_conformes as usize, board.uses_non_conformes.len());
    debug_assert_eq!(totals.pas_pretes as usize, board.uses_pas_pretes.len());

    let platforms = [
        PlatformStatus::Approved,
        PlatformStatus::AuthorizationRequired,
        PlatformStatus::Tolerated,
        PlatformStatus::Prohibited,
    ]
    .into_iter()
    .map(|status| {
        let (platforms, uses) = by_status
            .get(status.label_fr())
            .map(|(_, names, uses)| {
                let mut names = names.clone();
                names.sort_by_key(|n| crate::roster::french_sort_key(n));
                (names, *uses)
            })
            .unwrap_or_default();
        StatusCount {
            status,
            label: status.label_fr().to_string(),
            platforms: platforms.len() as u32,
            uses,
            names: platforms,
        }
    })
    .collect();

    let consents_by_class: HashMap<&str, Counts> =
        follow.classes.iter().map(|c| (c.class_code.as_str(), c.counts)).collect();
    let mut class_reports: Vec<ClassReport> = classes
        .iter()
        .map(|c| {
            let mut uses = rows.remove(&c.id).unwrap_or_default();
            uses.sort_by_key(|u| (crate::roster::french_sort_key(&u.platform), u.audience, u.use_id));
            ClassReport {
                class_code: c.code.clone(),
                level: c.level.clone(),
                teachers: c.teachers.iter().map(|t| t.name.clone()).collect(),
                uses,
                consents: consents_by_class.get(c.code.as_str()).copied().unwrap_or_default(),
            }
        })
        .collect();
    class_reports.sort_by(|a, b| a.class_code.cmp(&b.class_code));

    Ok(SchoolReport {
        year,
        date: today,
        as_of,
        school_name: settings.school_name,
        css_name: settings.css_name,
        principal_name: settings.principal_name,
        classes: ClassTotals {
            count: classes.len() as u32,
            without_platform: board.classes_without_platform.len() as u32,
        },
        platforms,
        uses: totals,
        consents: follow.school,
        deletion,
        infractions: InfractionTotals {
            open: infractions.iter().filter(|i| i.is_open()).count() as u32,
            resolved: infractions.iter().filter(|i| !i.is_open()).count() as u32,
        },
        class_reports,
    })
}

/// A use's state in words.
pub fn state_text(state: UseState) -> &'static str {
    match state {
        UseState::Conforme => "conforme",
        UseState::PasPrete => "pas prête",
        UseState::NonConforme => "non conforme",
    }
}

/// A deletion state in words (Directive 5.9).
pub fn deletion_text(state: Option<DeletionState>) -> &'static str {
    match state {
        None => "—",
        Some(state) => crate::deletion::state_label(state),
    }
}

/// The summary as (label, value) lines, the same for the PDF and the CSV.
pub fn summary_lines(report: &SchoolReport) -> Vec<(String, String)> {
    let mut lines = vec![
        ("École".to_string(), report.school_name.clone()),
        ("Centre de services scolaire".to_string(), report.css_name.clone()),
        ("Direction".to_string(), report.principal_name.clone()),
        ("Année scolaire".to_string(), report.year.to_string()),
        ("Date du rapport".to_string(), report.date.to_string()),
        ("Classes".to_string(), report.classes.count.to_string()),
        ("Classes sans plateforme".to_string(), report.classes.without_platform.to_string()),
    ];
    for status in &report.platforms {
        lines.push((format!("Plateformes {} (utilisations)", status.label), status.uses.to_string()));
    }
    let u = &report.uses;
    lines.extend([
        ("Utilisations".to_string(), u.total.to_string()),
        ("Utilisations conformes".to_string(), u.conformes.to_string()),
        ("Utilisations pas prêtes".to_string(), u.pas_pretes.to_string()),
        ("Utilisations non conformes".to_string(), u.non_conformes.to_string()),
    ]);
    let c = &report.consents;
    lines.extend([
        ("Formulaires attendus".to_string(), c.expected.to_string()),
        ("Formulaires reçus".to_string(), c.received.to_string()),
        ("Formulaires manquants".to_string(), c.missing.to_string()),
        ("Refus".to_string(), c.refused.to_string()),
        ("Retraits".to_string(), c.withdrawn.to_string()),
        ("Réponses vides".to_string(), c.blank.to_string()),
    ]);
    let d = &report.deletion;
    lines.extend([
        ("Suppressions à confirmer (total)".to_string(), d.total.to_string()),
        ("Suppressions confirmées".to_string(), d.confirmee.to_string()),
        ("dont confirmées en retard (après le 30 juin)".to_string(), d.confirmee_en_retard.to_string()),
        ("Suppressions en retard".to_string(), d.en_retard.to_string()),
        ("Infractions ouvertes".to_string(), report.infractions.open.to_string()),
        ("Infractions résolues".to_string(), report.infractions.resolved.to_string()),
    ]);
    lines
}

/// The columns of the CSV's class table.
pub const CLASS_HEADERS: [&str; 14] = [
    "Classe",
    "Niveau",
    "Enseignant·es",
    "Plateforme",
    "Statut au catalogue",
    "Destinataires",
    "État",
    "Attendus",
    "Reçus",
    "Manquants",
    "Refusés",
    "Retirés",
    "Suppression (5.9)",
    "Personnel de l'utilisation (Annexe A, 5.9)",
];

/// The report as a CSV for French Excel (UTF-8 with BOM, `;`): first the summary as
/// « Indicateur ; Valeur » lines, an empty line, then the class table, one line per class and
/// use (a class without platform gets one line with the platform columns empty). Cells that a
/// spreadsheet would run as formulas are neutralised.
pub fn csv(report: &SchoolReport) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new().delimiter(b';').flexible(true).from_writer(&mut out);
        // Writing to a Vec cannot fail.
        let mut row = |cells: &[String]| {
            let cells: Vec<String> = cells.iter().map(|c| neutralise(c)).collect();
            writer.write_record(&cells).expect("CSV into memory");
        };
        row(&["Indicateur".into(), "Valeur".into()]);
        for (label, value) in summary_lines(report) {
            row(&[label, value]);
        }
        row(&[String::new()]);
        row(&CLASS_HEADERS.map(String::from));
        for class in &report.class_reports {
            let counts = class.consents;
            let base = [class.class_code.clone(), class.level.clone(), class.teachers.join(", ")];
            let tail = [
                counts.expected.to_string(),
                counts.received.to_string(),
                counts.missing.to_string(),
                counts.refused.to_string(),
                counts.withdrawn.to_string(),
            ];
            if class.uses.is_empty() {
                let mut cells = base.to_vec();
                cells.extend(["".into(), "".into(), "".into(), "".into()]);
                cells.extend(tail.clone());
                cells.extend([String::new(), String::new()]);
                row(&cells);
            }
            for use_ in &class.uses {
                let mut cells = base.to_vec();
                cells.extend([
                    use_.platform.clone(),
                    use_.status.label_fr().to_string(),
                    use_.audience.label_fr().to_string(),
                    state_text(use_.state).to_string(),
                ]);
                cells.extend(tail.clone());
                cells.push(deletion_text(use_.deletion).to_string());
                cells.push(use_.staff.join(", "));
                row(&cells);
            }
        }
        let _ = writer.flush();
    }
    out
}

/// The report as a PDF (see `pdf::school_report`), under the organisation's `logo`.
pub fn pdf(report: &SchoolReport, logo: Option<&crate::pdf::Image>) -> Result<Vec<u8>> {
    Ok(pdf::render(report, logo)?)
}

/// What `write` left on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Written {
    pub pdf: Option<std::path::PathBuf>,
    pub csv: Option<std::path::PathBuf>,
    pub classes: usize,
}

/// Writes the report of `year` as a PDF and/or a CSV through the one export door
/// (`export::write`): with `Existing::Refuse` (the command line) an existing file is never
/// overwritten; the save dialog has already asked, so it replaces. Neither file appears unless
/// the journal entry is written.
pub fn write(
    db: &mut Db,
    year: SchoolYear,
    pdf_path: Option<&std::path::Path>,
    csv_path: Option<&std::path::Path>,
    existing: crate::export::Existing,
) -> Result<Written> {
    let targets: Vec<&std::path::Path> = pdf_path.into_iter().chain(csv_path).collect();
    crate::export::refuse_existing(&targets, existing)?;
    let report = build(db, year, db.clock().today())?;
    let mut files: Vec<(&std::path::Path, Vec<u8>)> = Vec::new();
    if let Some(path) = pdf_path {
        let logo = crate::pdf::Image::letterhead(db)?;
        files.push((path, pdf(&report, logo.as_ref())?));
    }
    if let Some(path) = csv_path {
        files.push((path, csv(&report)));
    }
    let kinds = match (pdf_path.is_some(), csv_path.is_some()) {
        (true, true) => "PDF et CSV",
        (false, true) => "CSV",
        _ => "PDF",
    };
    let summary = format!("rapport de l'école produit ({kinds}, {} classe(s))", report.class_reports.len());
    let files: Vec<(&std::path::Path, &[u8])> = files.iter().map(|(path, bytes)| (*path, bytes.as_slice())).collect();
    crate::export::write(db, &files, existing, "rapport.ecole", &format!("rapport {year}"), summary)?;
    Ok(Written {
        pdf: pdf_path.map(std::path::Path::to_path_buf),
        csv: csv_path.map(std::path::Path::to_path_buf),
        classes: report.class_reports.len(),
    })
}

#[cfg(test)]
pub(crate) mod tests;
