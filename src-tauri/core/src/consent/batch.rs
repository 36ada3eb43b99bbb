//! An Annexe A batch: which forms a printing covers (a class, some students, or only the forms
//! not yet returned, as reminders), in class then French alphabetical order, and the printing
//! itself — the forms numbered, the PDF written and a *printed* event recorded per form, all in
//! one transaction: a batch that fails leaves no number, no event and no file.
//!
//! What a form's pages are (`copies`, issue 15, items 4 and 14): the parents' copy in the
//! guardians' language (English, the Annexe A's faithful translation, for a guardian whose
//! language is English), then, when the school allows it, the student's own copy for a student
//! of 14 or more on the printing day; all of a form's pages carry its one number. With
//! `with_presentation` (item 5), the use's validated presentation document (5.1) follows each
//! form's pages, so one envelope holds both.

use crate::register::detail::{self, UseView};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::lookup::{age_on, STUDENT_CONSENT_AGE};
use super::{ledger, needs_consent, registry};
use crate::attachment::{self, MediaType};
use crate::error::{Error, Result};
use crate::export::{self, Existing};
use crate::forms::code::CopyFor;
use crate::pdf::annexe_a::{self, FormData, Wording};
use crate::pdf::enclosure::{self, Enclosure, EnclosureError, Group, Source};
use crate::register::platform::{self, Audience};
use crate::register::platform_use::{self};
use crate::roster::{self, Language, StudentView};
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
    /// One copy per guardian on file (each naming that guardian, in their language) instead of
    /// one per student.
    #[serde(default)]
    pub per_guardian: bool,
    /// The use's presentation document (5.1) after each form's pages: refused unless it is
    /// validated and unchanged since, and a PDF or an image.
    #[serde(default)]
    pub with_presentation: bool,
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
    /// The form's pages, in order (`copies`): each is one page carrying the form's number.
    pub copies: Vec<PlannedCopy>,
    /// Pages of the presentation document printed after the form (`with_presentation`), else 0.
    pub presentation_pages: usize,
}

/// One page of a form: its wording and the guardians it names (none on the student's copy,
/// which names the student as the one who signs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedCopy {
    pub wording: Wording,
    pub guardians: Vec<String>,
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

/// What a printing covers, read once: its forms, their students (the printing needs their names
/// and class), the uses it prints, and the presentation documents read (`with_presentation`), by
/// printed use.
struct Plan {
    forms: Vec<PlannedForm>,
    students: Vec<StudentView>,
    uses: Vec<UseView>,
    presentations: Vec<(i64, Enclosure)>,
}

/// The plan of `request`.
fn plan_with_students(db: &Db, request: &BatchRequest) -> Result<Plan> {
    let today = db.clock().today();
    let students = chosen_students(db, request)?;
    let all_uses = all_uses_needing_consent(db, request.year, today, None)?;
    let uses = one_per_platform(db, request.year, today, all_uses.clone(), request.use_id)?;
    // Each audience's use needs its own authorization (art. 4), even when one form covers both.
    for use_ in &all_uses {
        let u = &use_.platform_use;
        let printed =
            uses.iter().any(|k| k.platform_use.class_id == u.class_id && k.platform_use.platform_id == u.platform_id);
        if let Some(student) = students.iter().find(|s| printed && s.class_id == u.class_id) {
            ensure_authorized(use_, &student.class_code)?;
        }
    }
    // A student of 14 or more may consent for themself only where the school allows it.
    let student_consent = settings::student_may_consent(db)?;
    let mut forms = Vec::new();
    for student in &students {
        let student_copy = student_consent && age_on(student, today).is_some_and(|age| age >= STUDENT_CONSENT_AGE);
        for use_ in uses.iter().filter(|u| u.platform_use.class_id == student.class_id) {
            let use_id = use_.platform_use.id;
            if request.missing_only && registry::returned(&db.conn, student.id, use_id, today)? {
                continue;
            }
            let addressees = addressees(student);
            let guardians: Vec<String> = addressees.iter().map(|(name, _)| name.clone()).collect();
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
                copies: copies(&addressees, request.per_guardian, student_copy),
                presentation_pages: 0,
            });
        }
    }
    if forms.is_empty() {
        return Err(Error::NothingToPrint(empty_reason(request, students.is_empty(), uses.is_empty())));
    }
    let presentations =
        if request.with_presentation { presentations(db, &uses, &all_uses, &forms)? } else { Vec::new() };
    for form in &mut forms {
        form.presentation_pages =
            presentations.iter().find(|(id, _)| *id == form.use_id).map_or(0, |(_, document)| document.pages());
    }
    Ok(Plan { forms, students, uses, presentations })
}

/// The pages of one form (issue 15, items 4 and 14), in order:
///
/// - the parents' copy, naming every guardian on file: in French (the Directive's text), in
///   English (its faithful translation) when every one of them reads English, and when their
///   languages differ the French copy then the same copy in English (one number: either is
///   signed); with `per_guardian`, one copy per guardian instead, each naming that guardian, in
///   that guardian's language; no guardian on file: one French copy with a line for the name;
/// - then, when `student_copy` (the school allows a student's own consent and the student is 14
///   or more on the printing day), the student's own copy, in French like the school's teaching.
///   The parents' copies stay: the parents keep their say (a refusal, 5.7; either signature
///   records on the number).
pub(crate) fn copies(guardians: &[(String, Language)], per_guardian: bool, student_copy: bool) -> Vec<PlannedCopy> {
    let wording = |language: Language| match language {
        Language::Fr => Wording::Parent,
        Language::En => Wording::English,
    };
    let mut copies = Vec::new();
    if per_guardian && guardians.len() > 1 {
        for (name, language) in guardians {
            copies.push(PlannedCopy { wording: wording(*language), guardians: vec![name.clone()] });
        }
    } else {
        let names: Vec<String> = guardians.iter().map(|(name, _)| name.clone()).collect();
        let reads = |language: Language| guardians.iter().any(|(_, l)| *l == language);
        if guardians.is_empty() || reads(Language::Fr) {
            copies.push(PlannedCopy { wording: Wording::Parent, guardians: names.clone() });
        }
        if reads(Language::En) {
            copies.push(PlannedCopy { wording: Wording::English, guardians: names });
        }
    }
    if student_copy {
        copies.push(PlannedCopy { wording: Wording::Student, guardians: Vec::new() });
    }
    copies
}

/// The presentation document each printed use sends with its forms (Directive 5.1), read and
/// checked: joined, validated by the principal and unchanged since (its SHA-256 is the one
/// validated), and printable (a PDF or an image). For a platform used with both the parents and
/// the students, the parents' use's document goes in the family's envelope.
fn presentations(db: &Db, uses: &[UseView], all: &[UseView], forms: &[PlannedForm]) -> Result<Vec<(i64, Enclosure)>> {
    let mut read = Vec::new();
    for printed in uses {
        let Some(form) = forms.iter().find(|f| f.use_id == printed.platform_use.id) else { continue };
        let same = |u: &&UseView| {
            u.platform_use.class_id == printed.platform_use.class_id
                && u.platform_use.platform_id == printed.platform_use.platform_id
        };
        let source = all.iter().filter(same).find(|u| u.platform_use.audience == Audience::Parents).unwrap_or(printed);
        let refuse = |why: String, why_en: String| Error::PresentationNotPrintable {
            platform: printed.platform_use.platform.clone(),
            class_code: form.class_code.clone(),
            why,
            why_en,
        };
        let presentation = &source.platform_use.presentation;
        let Some(document) = &presentation.document else {
            return Err(refuse(
                "aucun document n'est joint à cette utilisation (art. 5.1). Joignez-le et faites-le valider par la direction."
                    .into(),
                "no document is attached to this use (art. 5.1). Attach it and have the principal validate it.".into(),
            ));
        };
        match &presentation.validation {
            None => {
                return Err(refuse(
                    "il n'est pas validé par la direction (art. 5.1). Faites-le valider.".into(),
                    "it is not validated by the principal (art. 5.1). Have it validated.".into(),
                ))
            }
            Some(validation) if validation.sha256 != document.sha256 => {
                return Err(refuse(
                    format!(
                        "il a été remplacé depuis sa validation du {} (art. 5.1) : la direction doit valider la nouvelle version.",
                        validation.on
                    ),
                    format!(
                        "it was replaced after its validation of {} (art. 5.1): the principal must validate the new version.",
                        validation.on
                    ),
                ))
            }
            Some(_) => {}
        }
        let content = attachment::open(db, document.id)?;
        let source = match document.media_type {
            MediaType::Pdf => Source::Pdf(&content.bytes),
            MediaType::Png => Source::Png(&content.bytes),
            MediaType::Jpeg => Source::Jpeg(&content.bytes),
            MediaType::Docx | MediaType::Odt => {
                let kind = if document.media_type == MediaType::Docx { "Word (.docx)" } else { "OpenDocument (.odt)" };
                return Err(refuse(
                    format!(
                        "c'est un fichier {kind}, que Balise ne peut pas imprimer. Enregistrez-le en PDF depuis le traitement de texte (Fichier, Exporter en PDF), joignez ce PDF à l'utilisation et faites-le valider par la direction."
                    ),
                    format!(
                        "it is a {kind} file, which Balise cannot print. Save it as a PDF from the word processor (File, Export as PDF), attach that PDF to the use and have the principal validate it."
                    ),
                ));
            }
        };
        let enclosure = Enclosure::read(source).map_err(|error| {
            let (why, why_en) = unreadable(&error);
            refuse(why, why_en)
        })?;
        read.push((printed.platform_use.id, enclosure));
    }
    Ok(read)
}

/// Why a presentation document cannot be printed, in French and English.
fn unreadable(error: &EnclosureError) -> (String, String) {
    match error {
        EnclosureError::PdfUnreadable { protected: true } => (
            "ce PDF est protégé par un mot de passe. Joignez une version sans mot de passe et faites-la valider."
                .into(),
            "this PDF is protected by a password. Attach a version without one and have it validated.".into(),
        ),
        EnclosureError::PdfUnreadable { protected: false } => (
            "ce PDF est endommagé ou illisible. Enregistrez-le de nouveau en PDF, joignez-le et faites-le valider."
                .into(),
            "this PDF is damaged or unreadable. Save it again as a PDF, attach it and have it validated.".into(),
        ),
        EnclosureError::NoPages => ("ce PDF n'a aucune page.".into(), "this PDF has no page.".into()),
        EnclosureError::ImageUnreadable => (
            "cette image est endommagée ou d'un type que Balise ne lit pas. Joignez-la en PDF et faites-la valider."
                .into(),
            "this image is damaged or of a kind Balise cannot read. Attach it as a PDF and have it validated.".into(),
        ),
        EnclosureError::ImageTooLarge { width, height } => (
            format!("cette image est trop grande ({width} × {height} pixels). Joignez-la en PDF et faites-la valider."),
            format!("this image is too large ({width} × {height} pixels). Attach it as a PDF and have it validated."),
        ),
    }
}

/// Prints the batch to `output` (Letter, each form's copies then, if asked, its presentation
/// document), numbering new forms and recording a *printed* event for each, in one audited
/// transaction.
pub fn print_annexe_a(db: &mut Db, request: &BatchRequest, output: &Path, existing: Existing) -> Result<PrintedBatch> {
    export::refuse_existing(&[output], existing)?;
    crate::year::ensure_open(&db.conn, request.year, crate::year::Write::YearData)?;
    let fixed = Fixed::read(db)?;
    let Plan { mut forms, students, uses, presentations } = plan_with_students(db, request)?;
    let warnings = presentation_warnings(&uses, &forms);
    let students: HashMap<i64, StudentView> = students.into_iter().map(|s| (s.id, s)).collect();
    // The Annexe A's « membre du personnel »: each use's own staff, else the class's teachers.
    let staff = platform_use::staff_by_use(db, request.year)?;
    let today = db.clock().today();
    let now = db.clock().now_rfc3339();
    let batch = batch_name(request);
    let reminder = request.missing_only.then_some(today);
    let object = format!("formulaires {}", request.year);
    let (use_ids, enclosures): (Vec<i64>, Vec<Enclosure>) = presentations.into_iter().unzip();
    // The forms are numbered and the file staged in one transaction; the file appears only once
    // the transaction has committed, so a crash never leaves a printed number the store does not know.
    let logo = crate::pdf::Image::letterhead(db)?;
    let staging = export::Staging::of(db);
    let (pages, batch, staged) = db.write("formulaires.impression", &object, |tx| {
        let store_tag = crate::forms::code::store_tag(tx)?;
        let mut pages = Vec::new();
        let mut groups = Vec::new();
        for form in &mut forms {
            let number = registry::number_for(tx, form.student_id, form.use_id, &now)?;
            ledger::record_printed(tx, &number, today, &now, &batch, request.missing_only)?;
            form.number = Some(number.clone());
            let student = &students[&form.student_id];
            let page = FormData {
                css_name: fixed.css_name.clone(),
                school_name: fixed.school_name.clone(),
                student_full_name: format!("{} {}", student.first_name, student.last_name),
                guardians: Vec::new(),
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
                store_tag,
                copy: Default::default(),
                reminder,
                wording: Wording::Parent,
            };
            for copy in &form.copies {
                let whose = copy_for(student, copy, form.guardians.len());
                pages.push(FormData {
                    guardians: copy.guardians.clone(),
                    wording: copy.wording,
                    copy: whose,
                    ..page.clone()
                });
            }
            groups
                .push(Group { pages: form.copies.len(), enclosure: use_ids.iter().position(|id| *id == form.use_id) });
        }
        let mut document = annexe_a::render(&pages, today, logo.as_ref())?;
        let mut total = pages.len();
        if request.with_presentation {
            total += forms.iter().map(|f| f.presentation_pages).sum::<usize>();
            document = enclosure::insert(&document, &groups, enclosures)?;
        }
        let staged = staging.stage(output, &document)?;
        let summary =
            format!("{} formulaire(s), {total} page(s){} : {batch}", forms.len(), copies_said(&pages, request));
        Ok(((total, batch.clone(), staged), summary))
    })?;
    staged.publish()?;
    Ok(PrintedBatch { batch, path: output.to_path_buf(), pages, forms, reminder: request.missing_only, warnings })
}

/// What the journal says of a batch's copies beyond the Directive's French form.
fn copies_said(pages: &[FormData], request: &BatchRequest) -> String {
    let count = |wording: Wording| pages.iter().filter(|p| p.wording == wording).count();
    let mut said = Vec::new();
    if count(Wording::English) > 0 {
        said.push(format!("{} en anglais", count(Wording::English)));
    }
    if count(Wording::Student) > 0 {
        said.push(format!("{} pour l'élève", count(Wording::Student)));
    }
    if request.with_presentation {
        said.push("avec le document de présentation".into());
    }
    if said.is_empty() {
        String::new()
    } else {
        format!(" ({})", said.join(", "))
    }
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

/// Whose copy `copy` is, for the QR code (5.7: a returned page is that person's answer): the
/// student's own copy; one guardian's own copy when the form's guardians each get theirs
/// (`--per-guardian`); else the family's.
fn copy_for(student: &StudentView, copy: &PlannedCopy, guardians_on_form: usize) -> CopyFor {
    if copy.wording == Wording::Student {
        return CopyFor::Student;
    }
    let [name] = copy.guardians.as_slice() else { return CopyFor::Family };
    if guardians_on_form < 2 {
        return CopyFor::Family;
    }
    student
        .guardians
        .iter()
        .filter(|g| !g.do_not_contact)
        .find(|g| printed_name(g) == *name)
        .and_then(|g| u32::try_from(g.id).ok())
        .map_or(CopyFor::Family, CopyFor::Guardian)
}

/// A guardian as the form names them: « Prénom Nom ».
fn printed_name(guardian: &roster::GuardianView) -> String {
    format!("{} {}", guardian.first_name, guardian.last_name).trim().to_string()
}

/// The guardians the form names, « Prénom Nom », with the language of their copy; never one
/// marked « ne pas contacter ».
pub(crate) fn addressees(student: &StudentView) -> Vec<(String, Language)> {
    student
        .guardians
        .iter()
        .filter(|g| !g.do_not_contact)
        .map(|g| (printed_name(g), g.language))
        .filter(|(name, _)| !name.is_empty())
        .collect()
}
