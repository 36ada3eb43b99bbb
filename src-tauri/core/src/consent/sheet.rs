//! The teacher's class sheet: for one class and each of its platforms that needs consent, whose
//! photos and achievements may be published, whose parents may be written to privately, and
//! what exactly is not allowed for the others — from the answers `state::derive` gives, through
//! `forms::allowed` and in `forms`' words (5.5 to 5.8). Printing it is audited: a list of
//! students leaves the encrypted store.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::batch::uses_needing_consent;
use super::project_forms::ItemsStatus;
use super::{ledger, needs_consent};
use crate::error::{Error, Result};
use crate::export::{self, Existing};
use crate::forms::{allowed, Answer, NOT_RETURNED};
use crate::pdf::class_sheet::{self, ClassSheet, ProjectSheet, SheetLists};
use crate::pdf::fr_typography;
use crate::register::{class, platform};
use crate::roster;
use crate::settings::{self, Key};
use crate::store::Db;
use crate::year::SchoolYear;

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
    /// The class's projects (issue 17): per box, who may appear; who has something withheld.
    pub projects: Vec<ProjectSummary>,
}

/// What one project's page of the class sheet says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectSummary {
    pub project: String,
    /// (what a yes allows, the students it is allowed for), one per box.
    pub allowed: Vec<(String, Vec<String>)>,
    pub must_not: Vec<String>,
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
    // Whom each sheet is for: the use's own staff (a specialist), else the class's teachers.
    let staff_by_use = crate::register::platform_use::staff_by_use(db, request.year)?;
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
            // A blank answer says so itself (« question 1 : laissée en blanc »); a form not
            // back is said by `lists` (5.5.3, 5.6), never as a refusal.
            let note = if state.contradictory {
                Some(CONTRADICTORY.to_string())
            } else {
                state.withdrawn.then(|| "consentement retiré (art. 5.8)".to_string())
            };
            // Only a paper signed by someone not on file: no written consent that counts.
            let unknown_only = state.unknown_signer && (q1, q2) == (Answer::SansReponse, Answer::SansReponse);
            consents.push(StudentConsent {
                name: format!("{}, {}", student.last_name, student.first_name),
                q1,
                q2,
                returned: state.returned() && !unknown_only,
                unknown_signer: unknown_only,
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
                staff: staff_by_use.get(&u.id).map(|s| s.iter().map(|t| t.name.clone()).collect()).unwrap_or_default(),
                date: today,
                lists: lists(&consents),
            },
        ));
    }
    Ok(sheets)
}

/// One student's answers to the Annexe A for one platform, as they stand on the sheet's date.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct StudentConsent {
    pub name: String,
    /// Question 1: shown to the class (Directive 5.5).
    pub q1: Answer,
    /// Question 2: private messages to the parents (Directive 5.6).
    pub q2: Answer,
    /// Whether the signed form is back: if not, there is no written consent (5.5.3, 5.6).
    pub returned: bool,
    /// Back, but signed only by a person not on file: no written consent that counts.
    pub unknown_signer: bool,
    /// Said beside a restriction, such as « consentement retiré (5.8) ».
    pub note: Option<String>,
}

/// Beside a student whose parents answered oui and non (5.7: the refusal is respected).
pub(crate) const CONTRADICTORY: &str = "réponses contradictoires des parents : compte comme un non (art. 5.7)";

/// Beside a student whose form came back signed only by a person not on file.
pub(crate) const UNKNOWN_SIGNER: &str =
    "signé par une personne non inscrite au dossier : pas de consentement écrit valable (art. 5.5.3, 5.6)";

/// The sheet's three lists, each from `forms::allowed`: whose photos and achievements may be
/// published, whose parents may be written to, and who is restricted, with exactly what is
/// withheld (in `forms`' words) and why.
pub(crate) fn lists(students: &[StudentConsent]) -> SheetLists {
    let mut lists = SheetLists::default();
    for student in students {
        let permission = allowed(student.q1, student.q2);
        let name = student.name.trim().to_string();
        if permission.may_show {
            lists.may_show.push(name.clone());
        }
        if permission.may_write {
            lists.may_write.push(name.clone());
        }
        if permission.is_restricted() {
            let withheld = [
                (!permission.may_show).then(|| (permission.publication_fr(), 1, student.q1)),
                (!permission.may_write).then(|| (permission.private_message_fr(), 2, student.q2)),
            ];
            let reason = if student.returned {
                // The answer on the form says why (5.7 a refusal, 5.8 a withdrawal, or left blank).
                let mut reasons: Vec<String> = withheld
                    .into_iter()
                    .flatten()
                    .map(|(words, question, answer)| format!("{words} (question {question} : {})", answer_text(answer)))
                    .collect();
                if let Some(note) = student.note.as_deref().map(str::trim).filter(|note| !note.is_empty()) {
                    reasons.push(note.to_string());
                }
                reasons.join(" ; ")
            } else {
                // Directive 5.5.3, 5.6: no written consent yet, which is not a refusal (5.7).
                let words: Vec<&str> = withheld.into_iter().flatten().map(|(words, _, _)| words).collect();
                let why = if student.unknown_signer { UNKNOWN_SIGNER } else { NOT_RETURNED };
                format!("{why} — {}", words.join(" ; "))
            };
            lists.restricted.push((name, fr_typography(&reason)));
        }
    }
    lists
}

/// An answer on a returned form.
fn answer_text(answer: Answer) -> &'static str {
    match answer {
        Answer::Oui => "oui",
        Answer::Non => "non",
        // Directive 5.5.3, 5.6: a question left blank is no written consent to it.
        Answer::SansReponse => "laissée en blanc",
    }
}

/// What one sheet says, from the lists it prints.
pub fn summary(sheet: &ClassSheet, use_id: i64) -> SheetSummary {
    SheetSummary {
        use_id,
        platform: sheet.platform.clone(),
        may_show: sheet.lists.may_show.clone(),
        may_write: sheet.lists.may_write.clone(),
        must_not: sheet.lists.restricted.iter().map(|(name, _)| name.clone()).collect(),
    }
}

/// The class's page for each project it takes part in (issue 17): per box of the project's form,
/// the students whose signed form allows it today, then each student with something withheld and
/// what, in `forms::template`'s words (a form not back is no written authorization, not a refusal).
pub fn project_sheets(db: &Db, year: SchoolYear, class_code: &str) -> Result<Vec<ProjectSheet>> {
    let today = db.clock().today();
    let class = class::find(db, year, class_code)?;
    let (css_name, school_name) = (settings::get(db, Key::CssName)?, settings::get(db, Key::SchoolName)?);
    let mut out = Vec::new();
    for project in crate::projects::list(db, year)? {
        let forms: Vec<_> = super::project_forms::forms_of(db, project.id)?
            .into_iter()
            .filter(|f| f.student_id.is_some() && crate::text::fold(&f.group) == crate::text::fold(&class.code))
            .collect();
        if forms.is_empty() {
            continue;
        }
        let template = project.student_template().template();
        let sections = template
            .items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let names = forms
                    .iter()
                    .filter(|f| f.state.items.get(index).is_some_and(|i| i.allowed))
                    .map(|f| f.name.clone())
                    .collect();
                let heading = capitalised(item.allows);
                let words = crate::pdf::fr_source(&item.text.replace("{organisation}", css_name.trim()));
                (heading, words, names)
            })
            .collect();
        let restricted = forms
            .iter()
            .filter(|f| f.state.items.iter().any(|i| !i.allowed))
            .map(|f| {
                let withheld: Vec<&str> = f.state.items.iter().filter(|i| !i.allowed).map(|i| i.words).collect();
                let mut withheld = withheld;
                withheld.dedup();
                let why = match f.state.status {
                    ItemsStatus::NotPrinted | ItemsStatus::NotReturned => {
                        format!("formulaire non revenu : pas d'autorisation écrite — {}", template_withheld(template))
                    }
                    ItemsStatus::Expired => "projet terminé : plus rien n'est permis".to_string(),
                    ItemsStatus::Withdrawn => format!("{} ; autorisation retirée", withheld.join(" ; ")),
                    ItemsStatus::Contradictory => {
                        format!("{} ; réponses contradictoires des parents : compte comme un non", withheld.join(" ; "))
                    }
                    ItemsStatus::UnknownSigner => format!(
                        "signé par une personne non inscrite au dossier : pas d'autorisation écrite valable — {}",
                        template_withheld(template)
                    ),
                    ItemsStatus::Returned | ItemsStatus::Refused => withheld.join(" ; "),
                };
                (f.name.clone(), crate::pdf::fr_source(&why))
            })
            .collect();
        out.push(ProjectSheet {
            css_name: css_name.clone(),
            school_name: school_name.clone(),
            school_year: year,
            class_code: class.code.clone(),
            date: today,
            project: project.title.clone(),
            medium_and_dates: format!(
                "{}, du {} au {}",
                project.medium,
                crate::pdf::fr_long_date(project.starts_on),
                crate::pdf::fr_long_date(project.ends_on)
            ),
            form: crate::pdf::fr_source(&format!("{} — {}", template.annexe, template.title)),
            sections,
            restricted,
        });
    }
    Ok(out)
}

/// Every box's « not allowed » words of a template: a form not back allows none of them.
fn template_withheld(template: &crate::forms::template::Template) -> String {
    let mut words: Vec<&str> = template.items.iter().map(|i| i.withheld).collect();
    words.dedup();
    words.join(" ; ")
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Prints the class's sheets into one PDF at `output`, audited.
pub fn print_class_sheet(
    db: &mut Db,
    request: &SheetRequest,
    output: &Path,
    existing: Existing,
) -> Result<PrintedSheet> {
    export::refuse_existing(&[output], existing)?;
    crate::year::ensure_open(&db.conn, request.year, crate::year::Write::YearData)?;
    // A class with projects but no platform needing consent still gets its projects' pages.
    let platform_sheets = match sheets(db, request) {
        Err(Error::NothingToPrint(_)) if request.use_id.is_none() => Vec::new(),
        other => other?,
    };
    let projects =
        if request.use_id.is_none() { project_sheets(db, request.year, &request.class_code)? } else { Vec::new() };
    if platform_sheets.is_empty() && projects.is_empty() {
        return Err(Error::NothingToPrint(format!(
            "la classe {} n'a aucune plateforme qui demande un consentement ni aucun projet",
            request.class_code.trim()
        )));
    }
    let (use_ids, sheets): (Vec<i64>, Vec<ClassSheet>) = platform_sheets.into_iter().unzip();
    let summaries: Vec<SheetSummary> = sheets.iter().zip(&use_ids).map(|(sheet, id)| summary(sheet, *id)).collect();
    let project_summaries = projects
        .iter()
        .map(|p| ProjectSummary {
            project: p.project.clone(),
            allowed: p.sections.iter().map(|(heading, _, names)| (heading.clone(), names.clone())).collect(),
            must_not: p.restricted.iter().map(|(name, _)| name.clone()).collect(),
        })
        .collect();
    let logo = crate::pdf::Image::letterhead(db)?;
    let pdf = class_sheet::render_all(&sheets, &projects, logo.as_ref())?;
    let object = format!("classe {}/{}", request.year, request.class_code.trim());
    let summary =
        format!("feuille de l'enseignant·e imprimée ({} plateforme(s), {} projet(s))", sheets.len(), projects.len());
    export::write(db, &[(output, &pdf)], existing, "feuille_classe.impression", &object, summary)?;
    Ok(PrintedSheet { path: output.to_path_buf(), sheets: summaries, projects: project_summaries })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Answer::{Non, Oui, SansReponse};

    fn student(name: &str, q1: Answer, q2: Answer) -> StudentConsent {
        StudentConsent { name: name.into(), q1, q2, returned: true, unknown_signer: false, note: None }
    }

    /// Every student is on each list exactly when `allowed` says so.
    #[test]
    fn the_lists_are_what_allowed_says() {
        let answers = [Oui, Non, SansReponse];
        let students: Vec<StudentConsent> = answers
            .iter()
            .flat_map(|q1| answers.iter().map(move |q2| student(&format!("{q1:?}-{q2:?}"), *q1, *q2)))
            .collect();
        let lists = lists(&students);
        for student in &students {
            let permission = allowed(student.q1, student.q2);
            let name = student.name.as_str();
            assert_eq!(lists.may_show.iter().any(|n| n == name), permission.may_show, "{name} shown");
            assert_eq!(lists.may_write.iter().any(|n| n == name), permission.may_write, "{name} written to");
            let restricted = lists.restricted.iter().find(|(n, _)| *n == name);
            assert_eq!(restricted.is_some(), permission.is_restricted(), "{name} restricted");
        }
    }

    /// What the sheet says beside a restricted student, exactly (issue 15, item 3): a form not
    /// back is no written consent (5.5.3, 5.6), not a refusal (5.7); question 1's no withholds
    /// photos and achievements (5.5.2), not the student's presence (5.4); question 2's no the
    /// parents' private messages (5.6).
    #[test]
    fn the_sheet_says_exactly_what_is_not_allowed_and_why() {
        let not_back = StudentConsent { returned: false, ..student("x", SansReponse, SansReponse) };
        let withdrawn =
            StudentConsent { note: Some("consentement retiré (art. 5.8)".into()), ..student("x", Non, Non) };
        let contradictory = StudentConsent { note: Some(CONTRADICTORY.into()), ..student("x", Non, Oui) };
        let unknown =
            StudentConsent { returned: false, unknown_signer: true, ..student("x", SansReponse, SansReponse) };
        let table = [
            (
                not_back,
                "formulaire non revenu : pas de consentement écrit (art. 5.5.3, 5.6) — ne publier ni photo ni \
                 réalisation de cet élève ; pas de message privé aux parents sur la plateforme",
                "5.5.3, 5.6: not back is no written consent, not a refusal",
            ),
            (
                student("x", Non, Oui),
                "ne publier ni photo ni réalisation de cet élève (question 1 : non)",
                "5.7, 5.5.2: a refusal of question 1 withholds photos and achievements",
            ),
            (
                student("x", Oui, Non),
                "pas de message privé aux parents sur la plateforme (question 2 : non)",
                "5.7, 5.6: a refusal of question 2 withholds private messages",
            ),
            (
                student("x", Oui, SansReponse),
                "pas de message privé aux parents sur la plateforme (question 2 : laissée en blanc)",
                "5.6: a question left blank is no written consent",
            ),
            (
                withdrawn,
                "ne publier ni photo ni réalisation de cet élève (question 1 : non) ; pas de message privé aux \
                 parents sur la plateforme (question 2 : non) ; consentement retiré (art. 5.8)",
                "5.8: a withdrawal is said",
            ),
            (
                contradictory,
                "ne publier ni photo ni réalisation de cet élève (question 1 : non) ; réponses contradictoires des \
                 parents : compte comme un non (art. 5.7)",
                "5.7: one parent's no stands against the other's yes",
            ),
            (
                unknown,
                "signé par une personne non inscrite au dossier : pas de consentement écrit valable (art. 5.5.3, \
                 5.6) — ne publier ni photo ni réalisation de cet élève ; pas de message privé aux parents sur la \
                 plateforme",
                "5.5.3: only a guardian on file consents",
            ),
        ];
        for (consent, expected, why) in table {
            let lists = lists(std::slice::from_ref(&consent));
            assert_eq!(lists.restricted, vec![("x".to_string(), fr_typography(expected))], "{why}");
        }
        assert!(lists(&[student("x", Oui, Oui)]).restricted.is_empty(), "5.5.3, 5.6: two yeses, nothing withheld");
    }
}
