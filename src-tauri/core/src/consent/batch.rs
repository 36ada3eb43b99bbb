//! An Annexe A batch: which forms a printing covers (a class, some students, or only the forms
//! not yet returned, as reminders), in class then French alphabetical order, and the printing
//! itself — the forms numbered, the PDF written and a *printed* event recorded per form, all in
//! one transaction: a batch that fails leaves no number, no event and no file.

use crate::register::detail::{self, UseView};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{ledger, needs_consent, registry};
use crate::error::{Error, Result};
use crate::export::{self, Existing};
use crate::pdf::annexe_a::{self, FormData};
use crate::register::platform;
use crate::register::platform_use::{self};
use crate::roster::{self, StudentView};
use crate::settings::{self, Key};
use crate::store::Db;
use crate::text::fold;
use crate::year::SchoolYear;

/// Whose forms: a whole class, or students named by fiche, code permanent or « Nom, Prénom ».
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Selection {
    Class(String),
    Students(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BatchRequest {
    pub year: SchoolYear,
    pub selection: Selection,
    /// Only this platform use; otherwise every use of the class that needs consent.
    #[serde(default)]
    pub use_id: Option<i64>,
    /// Only the forms not returned yet, printed as reminders (« Rappel » and the date).
    #[serde(default)]
    pub missing_only: bool,
    /// One copy per guardian on file (each naming that guardian) instead of one per student.
    #[serde(default)]
    pub per_guardian: bool,
}

/// One form of a batch, as the preview lists it and the printing numbers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedForm {
    pub student_id: i64,
    pub student: String,
    pub class_code: String,
    pub use_id: i64,
    pub platform: String,
    /// Guardians printed on the form (« ne pas contacter » left out).
    pub guardians: Vec<String>,
    /// Set once printed (a form keeps its number across reprints).
    pub number: Option<String>,
    /// Characters of the names that the embedded font cannot print (they would come out as
    /// boxes): the preview warns, so the name can be checked before printing.
    pub unprintable: String,
}

/// What a printing should say before it is done: the uses whose presentation document (5.1) is
/// missing, not validated or changed since (the parent signs that he was « dûment informé(e) »).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintWarning {
    pub use_id: i64,
    pub class_code: String,
    pub platform: String,
    pub article: &'static str,
    pub text_fr: String,
    pub text_en: String,
}

/// What was printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintedBatch {
    pub batch: String,
    pub path: PathBuf,
    pub pages: usize,
    pub forms: Vec<PlannedForm>,
    pub reminder: bool,
    /// Said, not refused: the 5.1 presentation document of a use is not validated.
    pub warnings: Vec<PrintWarning>,
}

/// The forms a request covers, without numbering or printing anything (the Formulaires screen's
/// preview). Refuses an empty batch with a message saying why.
pub fn plan(db: &Db, request: &BatchRequest) -> Result<Vec<PlannedForm>> {
    Ok(plan_with_students(db, request)?.forms)
}

/// What the printing of `request` should say first (`PrintWarning`); refuses, like the printing,
/// a use the Directive does not allow yet.
pub fn warnings(db: &Db, request: &BatchRequest) -> Result<Vec<PrintWarning>> {
    let Plan { forms, uses, .. } = plan_with_students(db, request)?;
    Ok(presentation_warnings(&uses, &forms))
}

/// Article 4 first: a form is never printed for a use without the authorization (or the
/// permission, for a tolerated platform) it needs, or of a prohibited platform; what is
/// missing is said with its article.
fn ensure_authorized(use_: &UseView, class_code: &str) -> Result<()> {
    use crate::register::rules::{Severity, UseState};
    if use_.assessment.state != UseState::NonConforme {
        return Ok(());
    }
    let blocking: Vec<_> = use_.assessment.reasons.iter().filter(|r| r.severity == Severity::NonConforme).collect();
    Err(Error::UseNotAuthorized {
        platform: use_.platform_use.platform.clone(),
        class_code: class_code.to_string(),
        missing: blocking.iter().map(|r| r.text_fr.as_str()).collect::<Vec<_>>().join(" "),
        missing_en: blocking.iter().map(|r| r.text_en.as_str()).collect::<Vec<_>>().join(" "),
    })
}

/// The 5.1 reasons of the uses a batch prints, once per use.
fn presentation_warnings(uses: &[UseView], forms: &[PlannedForm]) -> Vec<PrintWarning> {
    let mut warnings = Vec::new();
    for use_ in uses.iter().filter(|u| forms.iter().any(|f| f.use_id == u.platform_use.id)) {
        let class_code = forms.iter().find(|f| f.use_id == use_.platform_use.id).map(|f| f.class_code.clone());
        for reason in use_.assessment.reasons.iter().filter(|r| r.article == "5.1" && r.code != "presentation_not_sent")
        {
            warnings.push(PrintWarning {
                use_id: use_.platform_use.id,
                class_code: class_code.clone().unwrap_or_default(),
                platform: use_.platform_use.platform.clone(),
                article: reason.article,
                text_fr: reason.text_fr.clone(),
                text_en: reason.text_en.clone(),
            });
        }
    }
    warnings
}

/// A batch's forms, the students it covers (the printing needs their names and class) and the
/// uses it prints, read once.
struct Plan {
    forms: Vec<PlannedForm>,
    students: Vec<StudentView>,
    uses: Vec<UseView>,
}

/// The plan of `request`.
fn plan_with_students(db: &Db, request: &BatchRequest) -> Result<Plan> {
    let today = db.clock().today();
    let students = chosen_students(db, request)?;
    let all = all_uses_needing_consent(db, request.year, today, None)?;
    let uses = one_per_platform(db, request.year, today, all.clone(), request.use_id)?;
    // Each audience's use needs its own authorization (art. 4), even when one form covers both.
    for use_ in all {
        let u = &use_.platform_use;
        let printed =
            uses.iter().any(|k| k.platform_use.class_id == u.class_id && k.platform_use.platform_id == u.platform_id);
        if let Some(student) = students.iter().find(|s| printed && s.class_id == u.class_id) {
            ensure_authorized(&use_, &student.class_code)?;
        }
    }
    let mut forms = Vec::new();
    for student in &students {
        for use_ in uses.iter().filter(|u| u.platform_use.class_id == student.class_id) {
            let use_id = use_.platform_use.id;
            if request.missing_only && registry::returned(&db.conn, student.id, use_id, today)? {
                continue;
            }
            let guardians = printable_guardians(student);
            let names = format!("{} {} {}", student.first_name, student.last_name, guardians.join(" "));
            forms.push(PlannedForm {
                student_id: student.id,
                student: format!("{}, {}", student.last_name, student.first_name),
                class_code: student.class_code.clone(),
                use_id,
                platform: use_.platform_use.platform.clone(),
                guardians,
                number: registry::existing_number(&db.conn, student.id, use_id)?,
                // Pre-filled values are printed in bold.
                unprintable: crate::pdf::Face::SansBold.missing_glyphs(&names).into_iter().collect(),
            });
        }
    }
    if forms.is_empty() {
        return Err(Error::NothingToPrint(empty_reason(request, students.is_empty(), uses.is_empty())));
    }
    Ok(Plan { forms, students, uses })
}

/// Prints the batch to `output` (Letter, one page per form or per guardian), numbering new forms
/// and recording a *printed* event for each, in one audited transaction.
pub fn print_annexe_a(db: &mut Db, request: &BatchRequest, output: &Path, existing: Existing) -> Result<PrintedBatch> {
    export::refuse_existing(&[output], existing)?;
    crate::year::ensure_open(&db.conn, request.year, crate::year::Write::YearData)?;
    let fixed = Fixed::read(db)?;
    let Plan { mut forms, students, uses } = plan_with_students(db, request)?;
    let warnings = presentation_warnings(&uses, &forms);
    let students: HashMap<i64, StudentView> = students.into_iter().map(|s| (s.id, s)).collect();
    // The Annexe A's « membre du personnel »: each use's own staff, else the class's teachers.
    let staff = platform_use::staff_by_use(db, request.year)?;
    let today = db.clock().today();
    let now = db.clock().now_rfc3339();
    let batch = batch_name(request);
    let reminder = request.missing_only.then_some(today);
    let object = format!("formulaires {}", request.year);
    // The forms are numbered and the file staged in one transaction; the file appears only once
    // the transaction has committed, so a crash never leaves a printed number the store does not know.
    let logo = crate::pdf::Image::letterhead(db)?;
    let staging = export::Staging::of(db);
    let (pages, batch, staged) = db.write("formulaires.impression", &object, |tx| {
        let mut pages = Vec::new();
        for form in &mut forms {
            let number = registry::number_for(tx, form.student_id, form.use_id, &now)?;
            ledger::record_printed(tx, &number, today, &now, &batch, request.missing_only)?;
            form.number = Some(number.clone());
            let student = &students[&form.student_id];
            let page = FormData {
                css_name: fixed.css_name.clone(),
                school_name: fixed.school_name.clone(),
                student_full_name: format!("{} {}", student.first_name, student.last_name),
                guardians: form.guardians.clone(),
                platform: form.platform.clone(),
                audience: None,
                staff_member: staff
                    .get(&form.use_id)
                    .map(|people| people.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(" et "))
                    .unwrap_or_default(),
                school_year: request.year,
                return_email: fixed.return_email.clone(),
                deadline: fixed.deadline,
                form_number: number,
                reminder,
            };
            if request.per_guardian && form.guardians.len() > 1 {
                for guardian in &form.guardians {
                    pages.push(FormData { guardians: vec![guardian.clone()], ..page.clone() });
                }
            } else {
                pages.push(page);
            }
        }
        let staged = staging.stage(output, &annexe_a::render(&pages, today, logo.as_ref())?)?;
        let summary = format!("{} formulaire(s), {} page(s) : {batch}", forms.len(), pages.len());
        Ok(((pages.len(), batch.clone(), staged), summary))
    })?;
    staged.publish()?;
    Ok(PrintedBatch { batch, path: output.to_path_buf(), pages, forms, reminder: request.missing_only, warnings })
}

/// The school's lines printed on every form, checked before anything is numbered.
struct Fixed {
    css_name: String,
    school_name: String,
    return_email: String,
    deadline: NaiveDate,
}

impl Fixed {
    fn read(db: &Db) -> Result<Fixed> {
        let required = |key: Key, what: &str, what_en: &str| -> Result<String> {
            let value = settings::get(db, key)?;
            if value.trim().is_empty() {
                return Err(Error::SettingNeededToPrint { what: what.into(), what_en: what_en.into() });
            }
            Ok(value)
        };
        let deadline = required(Key::FormDeadline, "la date limite de retour", "The return deadline")?;
        Ok(Fixed {
            css_name: required(
                Key::CssName,
                "la mention du centre de services scolaire",
                "The school service centre's name",
            )?,
            school_name: required(Key::SchoolName, "la mention du nom de l'école", "The school's name")?,
            return_email: required(
                Key::ReturnEmail,
                "l'adresse de retour des formulaires",
                "The return e-mail address",
            )?,
            // Paramètres checks the date when it is saved: a stored deadline always reads.
            deadline: NaiveDate::parse_from_str(&deadline, "%Y-%m-%d").map_err(|_| Error::SettingNeededToPrint {
                what: "une date limite de retour valide (AAAA-MM-JJ)".into(),
                what_en: "A valid return deadline (YYYY-MM-DD)".into(),
            })?,
        })
    }
}

fn batch_name(request: &BatchRequest) -> String {
    let who = match &request.selection {
        Selection::Class(code) => format!("classe {}", code.trim()),
        Selection::Students(list) => format!("{} élève(s) choisi(s)", list.len()),
    };
    if request.missing_only {
        format!("rappels, {who}")
    } else {
        who
    }
}

fn empty_reason(request: &BatchRequest, no_student: bool, no_use: bool) -> String {
    if no_student {
        "aucun élève dans cette classe (importez la liste des élèves)".into()
    } else if no_use {
        "aucune plateforme de cette classe ne demande de consentement".into()
    } else if request.missing_only {
        "tous les formulaires de ce choix sont revenus".into()
    } else {
        "aucun formulaire ne correspond à ce choix".into()
    }
}

/// The students of the request, in class then French alphabetical order.
fn chosen_students(db: &Db, request: &BatchRequest) -> Result<Vec<StudentView>> {
    match &request.selection {
        Selection::Class(code) => roster::list_students(db, request.year, Some(code)),
        Selection::Students(wanted) => {
            let everyone = roster::list_students(db, request.year, None)?;
            let mut chosen: Vec<StudentView> = Vec::new();
            for who in wanted {
                let found = find_student(&everyone, who).ok_or_else(|| Error::StudentNotFound(who.trim().into()))?;
                if !chosen.iter().any(|s| s.id == found.id) {
                    chosen.push(found.clone());
                }
            }
            // Same order as a class list: `everyone` is already sorted.
            chosen.sort_by_key(|s| everyone.iter().position(|e| e.id == s.id));
            Ok(chosen)
        }
    }
}

pub(crate) fn find_student<'a>(everyone: &'a [StudentView], who: &str) -> Option<&'a StudentView> {
    let who = who.trim();
    everyone
        .iter()
        .find(|s| s.fiche.as_deref() == Some(who))
        .or_else(|| everyone.iter().find(|s| s.code_permanent.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(who))))
        .or_else(|| {
            let key = fold(who);
            everyone.iter().find(|s| fold(&format!("{}, {}", s.last_name, s.first_name)) == key)
        })
}

/// The year's uses active today whose platform needs consent, by platform name: **one per class
/// and platform**. A platform a class uses with both the parents and the students is one consent
/// (one Annexe A per student: its two questions cover both audiences); the use added first
/// stands for both (its form, its sheet, its follow-up).
pub(crate) fn uses_needing_consent(
    db: &Db,
    year: SchoolYear,
    today: NaiveDate,
    only: Option<i64>,
) -> Result<Vec<UseView>> {
    one_per_platform(db, year, today, all_uses_needing_consent(db, year, today, None)?, only)
}

/// `all` kept to one use per class and platform (the first added), narrowed to the platform of
/// use `only` when asked.
fn one_per_platform(
    db: &Db,
    year: SchoolYear,
    today: NaiveDate,
    all: Vec<UseView>,
    only: Option<i64>,
) -> Result<Vec<UseView>> {
    let mut uses: Vec<UseView> = Vec::new();
    for use_ in all {
        let u = &use_.platform_use;
        if !uses.iter().any(|k| k.platform_use.class_id == u.class_id && k.platform_use.platform_id == u.platform_id) {
            uses.push(use_);
        }
    }
    if let Some(id) = only {
        let asked = platform_use::get(db, id)?;
        // The other audience's use of the same platform prints the same form.
        uses.retain(|u| u.platform_use.class_id == asked.class_id && u.platform_use.platform_id == asked.platform_id);
        if uses.is_empty() {
            // Ended or outside the Directive: say which.
            all_uses_needing_consent(db, year, today, Some(id))?;
        }
    }
    Ok(uses)
}

/// Every use active today whose platform needs consent (each audience apart), by platform name.
fn all_uses_needing_consent(db: &Db, year: SchoolYear, today: NaiveDate, only: Option<i64>) -> Result<Vec<UseView>> {
    let catalogue = platform::list(db)?;
    let mut uses: Vec<UseView> = detail::uses(db, year, None)?
        .into_iter()
        .filter(|u| u.platform_use.is_active(today))
        .filter(|u| only.is_none_or(|id| u.platform_use.id == id))
        .filter(|u| catalogue.iter().any(|p| p.id == u.platform_use.platform_id && needs_consent(p)))
        .collect();
    if let Some(id) = only {
        if uses.is_empty() {
            // Unknown, ended or outside the Directive: say which.
            platform_use::get(db, id)?;
        }
    }
    uses.sort_by_key(|u| (fold(&u.platform_use.platform), u.platform_use.id));
    Ok(uses)
}

/// The guardians the form names: « Prénom Nom », never one marked « ne pas contacter ».
pub(crate) fn printable_guardians(student: &StudentView) -> Vec<String> {
    student
        .guardians
        .iter()
        .filter(|g| !g.do_not_contact)
        .map(|g| format!("{} {}", g.first_name, g.last_name).trim().to_string())
        .filter(|name| !name.is_empty())
        .collect()
}
