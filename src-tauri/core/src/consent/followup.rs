//! The follow-up of the returns (September's question: « qui n'a pas rapporté son formulaire ? »):
//! per class and school-wide, the forms expected, printed, received, missing, left blank,
//! refused and withdrawn, against the return deadline; the list of what to chase; and that list
//! exported as CSV or XLSX, with spreadsheet formulas neutralised, or printed as the teachers'
//! reminder list (PDF, per class: `pdf::reminder_list`). Everything reads the answers through
//! `state::derive` (via `ledger::year_states`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use super::batch::uses_needing_consent;
use super::ledger::{self, FormState};
use super::lookup::StateView;
use super::state::{ConsentState, FormStatus};
use crate::error::{Error, Result};
use crate::export::{self, Existing};
use crate::roster::{self, StudentView};
use crate::settings::{self, Key};
use crate::store::Db;
use crate::year::SchoolYear;

/// Counts for a class or the school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    /// Forms the Directive asks for: each active student × each platform of their class that
    /// needs consent.
    pub expected: u32,
    pub printed: u32,
    /// Came back (answered or refused).
    pub received: u32,
    /// Not back yet (printed or not).
    pub missing: u32,
    /// Not printed yet.
    pub not_printed: u32,
    /// Came back with a question left blank (counts as no; to follow up).
    pub blank: u32,
    /// Refused: the whole form, or a question answered no.
    pub refused: u32,
    /// A withdrawal in force.
    pub withdrawn: u32,
    /// Two people answered oui and non (counts as non; to settle, 5.7).
    pub contradictory: u32,
    /// Signed by a person not on file (does not count; to link or chase).
    pub unknown_signer: u32,
    /// Both questions answered yes and in force.
    pub consented: u32,
}

impl Counts {
    fn add(&mut self, state: &ConsentState) {
        self.expected += 1;
        if state.printed > 0 {
            self.printed += 1;
        } else {
            self.not_printed += 1;
        }
        if state.returned() {
            self.received += 1;
        } else {
            self.missing += 1;
        }
        self.blank += u32::from(state.blank);
        self.refused += u32::from(state.refused);
        self.withdrawn += u32::from(state.withdrawn);
        self.contradictory += u32::from(state.contradictory);
        self.unknown_signer += u32::from(state.unknown_signer);
        let (q1, q2) = state.answers();
        self.consented +=
            u32::from(crate::forms::allowed(q1, q2) == crate::forms::Permission { may_show: true, may_write: true });
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassCounts {
    pub class_code: String,
    pub counts: Counts,
}

/// The follow-up of a year, as the dashboard shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub year: SchoolYear,
    /// The return deadline in Paramètres, if set.
    pub deadline: Option<NaiveDate>,
    /// The deadline has passed and forms are still missing.
    pub overdue: bool,
    pub school: Counts,
    /// Classes with at least one expected form, by code.
    pub classes: Vec<ClassCounts>,
}

/// One form to chase: not back yet, back with a blank answer, with contradictory answers, or
/// signed by a person not on file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingForm {
    pub class_code: String,
    pub student_id: i64,
    pub student: String,
    pub fiche: Option<String>,
    pub use_id: i64,
    pub platform: String,
    /// The form's number, once printed.
    pub number: Option<String>,
    /// `non_imprime`, `non_retourne`, `reponses_contradictoires`, `signataire_non_inscrit` or
    /// `reponse_vide`.
    pub status: &'static str,
    pub state: StateView,
    /// The guardians who may be contacted: « Prénom Nom <courriel> ».
    pub guardians: Vec<String>,
}

/// A form the Directive expects: the student, the use's id and platform, and the form if printed.
pub(crate) type ExpectedForm = (StudentView, i64, String, Option<FormState>);

/// Every expected (student, use) pair of the year with its form's state, in class-list order.
/// `class_code` narrows to one class.
pub(crate) fn expected_pairs(db: &Db, year: SchoolYear, class_code: Option<&str>) -> Result<Vec<ExpectedForm>> {
    let today = db.clock().today();
    let on = year.as_of(today);
    let students = roster::list_students(db, year, class_code)?;
    let uses = uses_needing_consent(db, year, on, None)?;
    let mut by_class: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    for u in &uses {
        by_class.entry(u.platform_use.class_id).or_default().push((u.platform_use.id, u.platform_use.platform.clone()));
    }
    let mut states = ledger::year_states(&db.conn, year, on)?;
    let mut pairs = Vec::new();
    for student in students {
        for (use_id, platform) in by_class.get(&student.class_id).cloned().unwrap_or_default() {
            let state = states.remove(&(student.id, use_id));
            pairs.push((student.clone(), use_id, platform, state));
        }
    }
    Ok(pairs)
}

/// The year's follow-up: counts per class and for the school, against the deadline.
pub fn follow_up(db: &Db, year: SchoolYear) -> Result<FollowUp> {
    let today = db.clock().today();
    let on = year.as_of(today);
    let uses = uses_needing_consent(db, year, on, None)?;
    let mut class_of_use: HashMap<i64, i64> = HashMap::new();
    let mut uses_by_class: HashMap<i64, Vec<i64>> = HashMap::new();
    for u in &uses {
        class_of_use.insert(u.platform_use.id, u.platform_use.class_id);
        uses_by_class.entry(u.platform_use.class_id).or_default().push(u.platform_use.id);
    }
    // Light: ids and classes only (the dashboard's hot path; no guardians, no sorting by name).
    let mut stmt = db.conn.prepare_cached(
        "SELECT s.id, s.class_id, c.code FROM students s JOIN classes c ON c.id = s.class_id
         WHERE s.year = ?1 AND s.status = 'actif'",
    )?;
    let students = stmt
        .query_map([year.to_string()], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let states = ledger::year_states(&db.conn, year, on)?;
    let empty = ConsentState::default();
    let mut school = Counts::default();
    let mut classes: HashMap<String, Counts> = HashMap::new();
    for (student_id, class_id, class_code) in students {
        for use_id in uses_by_class.get(&class_id).into_iter().flatten() {
            let state = states.get(&(student_id, *use_id)).map(|f| &f.state).unwrap_or(&empty);
            school.add(state);
            classes.entry(class_code.clone()).or_default().add(state);
        }
    }
    let mut classes: Vec<ClassCounts> =
        classes.into_iter().map(|(class_code, counts)| ClassCounts { class_code, counts }).collect();
    classes.sort_by(|a, b| a.class_code.cmp(&b.class_code));
    let deadline = settings::get(db, Key::FormDeadline)?;
    let deadline = NaiveDate::parse_from_str(deadline.trim(), "%Y-%m-%d").ok();
    Ok(FollowUp { year, deadline, overdue: deadline.is_some_and(|d| today > d) && school.missing > 0, school, classes })
}

/// The forms to chase in a year (or a class): not back yet, or back with a blank answer, in
/// class-list order. The reminders (« formulaires manquants seulement ») print the ones not back.
pub fn missing(db: &Db, year: SchoolYear, class_code: Option<&str>) -> Result<Vec<MissingForm>> {
    let mut list = Vec::new();
    for (student, use_id, platform, form) in expected_pairs(db, year, class_code)? {
        let state = form.as_ref().map(|f| f.state).unwrap_or_default();
        let status = match state.status() {
            FormStatus::NotPrinted => "non_imprime",
            FormStatus::NotReturned => "non_retourne",
            FormStatus::Contradictory => "reponses_contradictoires",
            FormStatus::UnknownSigner => "signataire_non_inscrit",
            // A withdrawn form left blank is still chased as before: the blank is what is missing.
            _ if state.blank => "reponse_vide",
            _ => continue,
        };
        list.push(MissingForm {
            class_code: student.class_code.clone(),
            student_id: student.id,
            student: format!("{}, {}", student.last_name, student.first_name),
            fiche: student.fiche.clone(),
            use_id,
            platform,
            number: form.map(|f| f.number),
            status,
            state: state.into(),
            guardians: student
                .guardians
                .iter()
                .filter(|g| !g.do_not_contact)
                .map(|g| {
                    let name = format!("{} {}", g.first_name, g.last_name).trim().to_string();
                    match (name.is_empty(), g.email.is_empty()) {
                        (_, true) => name,
                        (true, false) => g.email.clone(),
                        (false, false) => format!("{name} <{}>", g.email),
                    }
                })
                .collect(),
        });
    }
    Ok(list)
}

/// The export formats of the follow-up list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    /// The printed reminder list, per class, for the teachers.
    Pdf,
}

impl ExportFormat {
    /// From the file's extension.
    pub fn of(path: &Path) -> Option<ExportFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(ExportFormat::Csv),
            "xlsx" => Some(ExportFormat::Xlsx),
            "pdf" => Some(ExportFormat::Pdf),
            _ => None,
        }
    }
}

const HEADERS: [&str; 7] = ["Classe", "Élève", "Fiche", "Plateforme", "Formulaire", "État", "Parents à joindre"];

fn status_text(status: &str) -> &'static str {
    match status {
        "non_imprime" => "non imprimé",
        "non_retourne" => "non retourné",
        "reponses_contradictoires" => "réponses contradictoires des parents (compte comme un non, art. 5.7)",
        "signataire_non_inscrit" => "signataire non inscrit au dossier (ne compte pas)",
        _ => "réponse vide (compte comme un non)",
    }
}

fn cells(form: &MissingForm) -> [String; 7] {
    [
        form.class_code.clone(),
        form.student.clone(),
        form.fiche.clone().unwrap_or_default(),
        form.platform.clone(),
        form.number.clone().unwrap_or_default(),
        status_text(form.status).to_string(),
        form.guardians.join(" ; "),
    ]
    .map(|c| neutralise(&c))
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first)
/// is prefixed with an apostrophe, so it reads as text (OWASP's CSV injection advice).
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The follow-up list as a CSV for French Excel (UTF-8 with BOM, `;`).
pub fn to_csv(forms: &[MissingForm]) -> Result<Vec<u8>> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut out);
        let io = |e: csv::Error| Error::Database(e.to_string());
        writer.write_record(HEADERS).map_err(io)?;
        for form in forms {
            writer.write_record(cells(form)).map_err(io)?;
        }
        writer.flush().map_err(|e| Error::Database(e.to_string()))?;
    }
    Ok(out)
}

/// The follow-up list as an XLSX workbook (every cell written as text, never as a formula).
pub fn to_xlsx(forms: &[MissingForm]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| Error::Database(format!("classeur XLSX : {e}"));
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Suivi").map_err(fail)?;
    let bold = Format::new().set_bold();
    for (col, header) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *header, &bold).map_err(fail)?;
    }
    for (row, form) in forms.iter().enumerate() {
        for (col, cell) in cells(form).iter().enumerate() {
            sheet.write_string(row as u32 + 1, col as u16, cell).map_err(fail)?;
        }
    }
    for (col, width) in [8, 28, 10, 18, 12, 30, 48].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width).map_err(fail)?;
    }
    workbook.save_to_buffer().map_err(fail)
}

/// What the reminder list says is missing, and what the teacher does about it.
fn reminder_text(status: &str) -> (&'static str, &'static str) {
    match status {
        "non_imprime" => ("pas encore imprimé", "le secrétariat l’imprime, puis le remettre à l’élève"),
        "non_retourne" => ("non revenu", "remettre un nouvel exemplaire ; rappeler à la famille de le rapporter signé"),
        "reponses_contradictoires" => (
            "réponses contradictoires des parents",
            "compte comme un non (art. 5.7) : un nouveau formulaire signé d’un commun accord",
        ),
        "signataire_non_inscrit" => (
            "signé par une personne non inscrite au dossier",
            "ne compte pas : le faire signer par un parent ou tuteur inscrit",
        ),
        _ => ("question laissée vide", "compte comme un non : faire remplir la question sur un nouvel exemplaire"),
    }
}

/// The printed reminder list of a year, or of one class (issue 15, item 13): the forms to chase,
/// grouped by class in class-list order, with each class's teachers, the school's lines and the
/// return deadline from Paramètres. A class asked for that has nothing missing is listed, empty;
/// an unknown class is refused.
pub fn reminder_list(
    db: &Db,
    year: SchoolYear,
    class_code: Option<&str>,
) -> Result<crate::pdf::reminder_list::ReminderList> {
    let forms = missing(db, year, class_code)?;
    reminder_list_of(db, year, class_code, &forms)
}

fn reminder_list_of(
    db: &Db,
    year: SchoolYear,
    class_code: Option<&str>,
    forms: &[MissingForm],
) -> Result<crate::pdf::reminder_list::ReminderList> {
    use crate::pdf::reminder_list::{ReminderClass, ReminderList, ReminderRow};
    let teachers: HashMap<String, Vec<String>> = crate::register::class::list(db, year)?
        .into_iter()
        .map(|class| (class.code, class.teachers.into_iter().map(|t| t.name).collect()))
        .collect();
    let mut classes: Vec<ReminderClass> = Vec::new();
    if let Some(code) = class_code {
        let class = crate::register::class::find(db, year, code)?;
        let teachers = teachers.get(&class.code).cloned().unwrap_or_default();
        classes.push(ReminderClass { class_code: class.code, teachers, rows: Vec::new() });
    }
    for form in forms {
        let (status, action) = reminder_text(form.status);
        let row = ReminderRow {
            student: form.student.clone(),
            platform: form.platform.clone(),
            number: form.number.clone(),
            status: status.into(),
            action: action.into(),
            guardians: form.guardians.clone(),
        };
        match classes.iter_mut().find(|c| c.class_code == form.class_code) {
            Some(class) => class.rows.push(row),
            None => classes.push(ReminderClass {
                class_code: form.class_code.clone(),
                teachers: teachers.get(&form.class_code).cloned().unwrap_or_default(),
                rows: vec![row],
            }),
        }
    }
    let deadline = NaiveDate::parse_from_str(settings::get(db, Key::FormDeadline)?.trim(), "%Y-%m-%d").ok();
    Ok(ReminderList {
        css_name: settings::get(db, Key::CssName)?,
        school_name: settings::get(db, Key::SchoolName)?,
        school_year: year,
        date: db.clock().today(),
        deadline,
        return_email: settings::get(db, Key::ReturnEmail)?,
        classes,
    })
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exported {
    pub path: PathBuf,
    pub rows: usize,
}

/// Writes the follow-up list of a year (or class) to `output` (.csv, .xlsx, or .pdf: the printed
/// reminder list), atomically and private; audited, since a list of students leaves the encrypted
/// store.
pub fn export(
    db: &mut Db,
    year: SchoolYear,
    class_code: Option<&str>,
    output: &Path,
    existing: Existing,
) -> Result<Exported> {
    let format = ExportFormat::of(output).ok_or_else(|| {
        crate::text::invalid(
            crate::text::Field::ExportFile,
            "le fichier doit finir par .csv, .xlsx ou .pdf (la liste de rappel imprimée)",
            "the file name must end with .csv, .xlsx or .pdf (the printed reminder list)",
        )
    })?;
    export::refuse_existing(&[output], existing)?;
    let forms = missing(db, year, class_code)?;
    let bytes = match format {
        ExportFormat::Csv => to_csv(&forms)?,
        ExportFormat::Xlsx => to_xlsx(&forms)?,
        ExportFormat::Pdf => {
            let list = reminder_list_of(db, year, class_code, &forms)?;
            let logo = crate::pdf::Image::letterhead(db)?;
            crate::pdf::reminder_list::render(&list, logo.as_ref())?
        }
    };
    let scope = class_code.map(|c| format!("classe {}", c.trim())).unwrap_or_else(|| "toute l'école".into());
    let summary = match format {
        ExportFormat::Csv => format!("liste de suivi exportée (CSV, {scope}, {} ligne(s))", forms.len()),
        ExportFormat::Xlsx => format!("liste de suivi exportée (XLSX, {scope}, {} ligne(s))", forms.len()),
        ExportFormat::Pdf => format!("liste de rappel imprimée (PDF, {scope}, {} formulaire(s))", forms.len()),
    };
    export::write(db, &[(output, &bytes)], existing, "suivi.export", &format!("suivi {year}"), summary)?;
    Ok(Exported { path: output.to_path_buf(), rows: forms.len() })
}

/// The printed reminder list alone (`balise print reminder-list`, the dashboard's and the class's
/// « Liste de rappel (PDF) »): as `export`, the file's name ending in .pdf.
pub fn print_reminder_list(
    db: &mut Db,
    year: SchoolYear,
    class_code: Option<&str>,
    output: &Path,
    existing: Existing,
) -> Result<Exported> {
    if ExportFormat::of(output) != Some(ExportFormat::Pdf) {
        return Err(crate::text::invalid(
            crate::text::Field::ExportFile,
            "la liste de rappel est un PDF : le fichier doit finir par .pdf",
            "the reminder list is a PDF: the file name must end with .pdf",
        ));
    }
    export(db, year, class_code, output, existing)
}

/// A student's consent on one platform use, as `balise student list --json` and the class detail
/// show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UseConsent {
    pub use_id: i64,
    pub platform: String,
    pub number: Option<String>,
    pub q1: crate::forms::Answer,
    pub q2: crate::forms::Answer,
    pub state: StateView,
}

/// Each student's consents on their class's platforms that need one, by student id.
pub fn by_student(db: &Db, year: SchoolYear, class_code: Option<&str>) -> Result<HashMap<i64, Vec<UseConsent>>> {
    let mut out: HashMap<i64, Vec<UseConsent>> = HashMap::new();
    for (student, use_id, platform, form) in expected_pairs(db, year, class_code)? {
        let state: StateView = form.as_ref().map(|f| f.state).unwrap_or_default().into();
        out.entry(student.id).or_default().push(UseConsent {
            use_id,
            platform,
            number: form.map(|f| f.number),
            q1: state.q1,
            q2: state.q2,
            state,
        });
    }
    Ok(out)
}
