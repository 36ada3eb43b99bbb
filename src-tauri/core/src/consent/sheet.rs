//! The teacher's class sheet: for one class and each of its platforms that needs consent, who may
//! be shown to the class, who may be written to privately, and who must not appear — from
//! the answers `state::derive` gives, through `forms::allowed`, the one rule (5.5 to 5.8). Printing it is audited:
//! a list of students leaves the encrypted store.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::batch::{teachers_by_class, uses_needing_consent};
use super::{ledger, needs_consent};
use crate::error::{Error, Result};
use crate::forms::allowed;
use crate::paths;
use crate::pdf::class_sheet::{self, ClassSheet, StudentConsent};
use crate::register::attachment::Existing;
use crate::register::{class, platform, SchoolYear};
use crate::roster;
use crate::settings::{self, Key};
use crate::store::Db;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SheetRequest {
    pub year: SchoolYear,
    pub class_code: String,
    /// Only this use; otherwise one sheet per use of the class that needs consent.
    #[serde(default)]
    pub use_id: Option<i64>,
}

/// What one sheet says, as the command line's `--json` and the tests read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetSummary {
    pub use_id: i64,
    pub platform: String,
    pub may_show: Vec<String>,
    pub may_write: Vec<String>,
    pub must_not: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintedSheet {
    pub path: PathBuf,
    pub sheets: Vec<SheetSummary>,
}

/// The sheets of a class, one per use (with the use's id), with every student's answers as they
/// stand today.
pub fn sheets(db: &Db, request: &SheetRequest) -> Result<Vec<(i64, ClassSheet)>> {
    let today = db.clock().today();
    let class = class::find(db, request.year, &request.class_code)?;
    let students = roster::list_students(db, request.year, Some(&class.code))?;
    let uses: Vec<_> = uses_needing_consent(db, request.year, today, request.use_id)?
        .into_iter()
        .filter(|u| u.platform_use.class_id == class.id)
        .collect();
    if uses.is_empty() {
        return Err(Error::NothingToPrint(format!(
            "la classe {} n'a aucune plateforme qui demande un consentement",
            class.code
        )));
    }
    let catalogue = platform::list(db)?;
    let staff = teachers_by_class(db, request.year)?.remove(&class.id).unwrap_or_default();
    let (css_name, school_name) = (settings::get(db, Key::CssName)?, settings::get(db, Key::SchoolName)?);
    let states = ledger::year_states(&db.conn, request.year, today)?;
    let mut sheets = Vec::new();
    for use_ in &uses {
        let u = &use_.platform_use;
        let institutional =
            catalogue.iter().any(|p| p.id == u.platform_id && needs_consent(p) && p.institutional_account);
        let mut consents = Vec::new();
        for student in &students {
            let state = states.get(&(student.id, u.id)).map(|f| f.state).unwrap_or_default();
            let (q1, q2) = state.answers();
            let note = if !state.returned() {
                Some("formulaire non retourné : compte comme un refus (5.7)".to_string())
            } else if state.withdrawn {
                Some("consentement retiré (5.8)".to_string())
            } else if state.blank {
                Some("réponse laissée en blanc : compte comme un non".to_string())
            } else {
                None
            };
            consents.push(StudentConsent {
                name: format!("{}, {}", student.last_name, student.first_name),
                q1,
                q2,
                note,
            });
        }
        sheets.push((
            u.id,
            ClassSheet {
                css_name: css_name.clone(),
                school_name: school_name.clone(),
                school_year: request.year,
                class_code: class.code.clone(),
                platform: u.platform.clone(),
                audience: Some(u.audience),
                institutional,
                staff: staff.clone(),
                date: today,
                students: consents,
            },
        ));
    }
    Ok(sheets)
}

/// The three lists of a sheet, from `forms::allowed`.
pub fn summary(sheet: &ClassSheet, use_id: i64) -> SheetSummary {
    let mut out = SheetSummary {
        use_id,
        platform: sheet.platform.clone(),
        may_show: vec![],
        may_write: vec![],
        must_not: vec![],
    };
    for student in &sheet.students {
        let permission = allowed(student.q1, student.q2);
        if permission.may_show {
            out.may_show.push(student.name.clone());
        }
        if permission.may_write {
            out.may_write.push(student.name.clone());
        }
        if permission.is_restricted() {
            out.must_not.push(student.name.clone());
        }
    }
    out
}

/// Prints the class's sheets into one PDF at `output`, audited.
pub fn print_class_sheet(
    db: &mut Db,
    request: &SheetRequest,
    output: &Path,
    existing: Existing,
) -> Result<PrintedSheet> {
    if existing == Existing::Refuse && output.exists() {
        return Err(Error::ExportTargetExists(output.to_path_buf()));
    }
    crate::year_end::ensure_open(&db.conn, request.year)?;
    let (use_ids, sheets): (Vec<i64>, Vec<ClassSheet>) = sheets(db, request)?.into_iter().unzip();
    let summaries: Vec<SheetSummary> = sheets.iter().zip(&use_ids).map(|(sheet, id)| summary(sheet, *id)).collect();
    let pdf = class_sheet::render_all(&sheets)?;
    let object = format!("classe {}/{}", request.year, sheets[0].class_code);
    db.write("feuille_classe.impression", &object, |_| {
        paths::write_atomic(output, &pdf)?;
        Ok(((), format!("feuille de l'enseignant·e imprimée ({} plateforme(s))", sheets.len())))
    })?;
    Ok(PrintedSheet { path: output.to_path_buf(), sheets: summaries })
}
