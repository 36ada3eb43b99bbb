//! The teacher's class sheet: for one class and one platform, whose photos and achievements may be
//! published, whose parents may be written to privately, and what exactly is not allowed for the
//! others (Directive 5.3 to 5.8). Dated and
//! confidential: it is accurate the day it is printed and is never pinned on a wall.
//!
//! The three lists come made (`SheetLists`, built by `consent::sheet` through `forms::allowed`,
//! the one rule that says what two answers allow): this file only draws them.

use chrono::NaiveDate;

use super::document::{render_document, DocumentInfo};
use super::flow::{self, Flow, STANDARD};
use super::fonts::Face;
use super::image::Image;
use super::page::{Align, Page, Stroke, TextStyle};
use super::typography::{fr_long_date, fr_typography};
use super::wrap::Span;
use super::PdfError;
use crate::register::platform::Audience;
use crate::year::SchoolYear;

/// What the class sheet prints.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassSheet {
    pub css_name: String,
    pub school_name: String,
    pub school_year: SchoolYear,
    /// The class's code, such as `601`.
    pub class_code: String,
    pub platform: String,
    pub audience: Option<Audience>,
    /// Whether students sign in with school accounts (Microsoft, Google): the full name may then
    /// show; otherwise first name and avatar only (Directive 5.4).
    pub institutional: bool,
    /// The staff members who use the platform with the class.
    pub staff: Vec<String>,
    /// The day the answers were read: the sheet is true on that day.
    pub date: NaiveDate,
    /// The class's students sorted into the sheet's three lists, in the order to print.
    pub lists: SheetLists,
}

/// The sheet's three lists (Directive 5.5 to 5.8).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SheetLists {
    /// Question 1 yes: may be shown to the class.
    pub may_show: Vec<String>,
    /// Question 2 yes: the parents may be written to privately.
    pub may_write: Vec<String>,
    /// Each restricted student with what is withheld and why, as printed.
    pub restricted: Vec<(String, String)>,
}

/// A class's page for one project (issue 17): for each box of the project's form, the students
/// whose signed form allows it, then what is not allowed, student by student.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectSheet {
    pub css_name: String,
    pub school_name: String,
    pub school_year: SchoolYear,
    pub class_code: String,
    pub date: NaiveDate,
    pub project: String,
    /// « Journal Le Bleuet, du 1er octobre 2025 au 29 mai 2026 ».
    pub medium_and_dates: String,
    /// « Annexe 3 — Autorisation d'utilisation de photos… ».
    pub form: String,
    /// One list per box: its heading (what a yes allows), the box's printed words, the names.
    pub sections: Vec<(String, String, Vec<String>)>,
    /// Each student with something withheld, and what (in `forms::template`'s words).
    pub restricted: Vec<(String, String)>,
}

/// Renders the sheet, on as many Letter pages as the class needs, the organisation's `logo` above
/// its first header.
pub fn render(sheet: &ClassSheet, logo: Option<&Image>) -> Result<Vec<u8>, PdfError> {
    render_all(std::slice::from_ref(sheet), &[], logo)
}

/// Renders several sheets (a class's platforms, then its projects) one after the other in one
/// PDF, each starting on a new page and numbered on its own (« Page 1 de 2 »). The document is
/// dated by the first.
pub fn render_all(sheets: &[ClassSheet], projects: &[ProjectSheet], logo: Option<&Image>) -> Result<Vec<u8>, PdfError> {
    let (class_code, date) = match (sheets.first(), projects.first()) {
        (Some(first), _) => (first.class_code.clone(), first.date),
        (None, Some(first)) => (first.class_code.clone(), first.date),
        (None, None) => return Err(PdfError::NoPages),
    };
    let mut pages: Vec<Page> = sheets.iter().flat_map(|sheet| layout(sheet, logo)).collect();
    pages.extend(projects.iter().flat_map(|sheet| project_layout(sheet, logo)));
    let title = match (sheets, projects) {
        ([only], []) => format!("Feuille de l’enseignant·e — classe {} — {}", only.class_code, only.platform),
        _ => format!("Feuilles de l’enseignant·e — classe {class_code}"),
    };
    render_document(&DocumentInfo { title: &title, created_on: date }, pages)
}

fn project_layout(sheet: &ProjectSheet, logo: Option<&Image>) -> Vec<Page> {
    let mut first = Page::letter();
    let beside = flow::logo_beside(&mut first, LEFT_MM, TOP_MM, logo);
    let y = project_header(&mut first, sheet, Some(beside)) + 3.0;
    let mut writer = Flow::starting_with(STANDARD, first, y, |page| project_header(page, sheet, None));
    for (heading, explanation, names) in &sheet.sections {
        name_columns(&mut writer, &format!("{heading} ({})", names.len()), explanation, names);
    }
    let explanation = fr_typography(
        "Case laissée vide ou « non » (aucune autorisation), autorisation retirée, formulaire non revenu (pas \
         d’autorisation écrite) ou projet terminé. Seul ce qui est indiqué est retenu.",
    );
    restricted_section(&mut writer, &sheet.restricted, &explanation);
    let mut pages = writer.finish();
    let left = format!(
        "Classe {} — projet {} — situation au {} — confidentiel",
        sheet.class_code.trim(),
        sheet.project.trim(),
        fr_long_date(sheet.date)
    );
    flow::number_pages(&mut pages, |page, number, count| flow::footer(page, &STANDARD, &left, number, count));
    pages
}

fn project_header(page: &mut Page, sheet: &ProjectSheet, first: Option<(f32, f32)>) -> f32 {
    let head = Header {
        title: fr_typography(&format!("Classe {} — projet « {} »", sheet.class_code.trim(), sheet.project.trim())),
        subtitle: "Feuille de l’enseignant·e : autorisations du projet",
        lines: vec![
            (fr_typography("Média et durée : "), fr_typography(&sheet.medium_and_dates)),
            (fr_typography("Formulaire : "), sheet.form.clone()),
        ],
        school: school_line(&sheet.school_name, &sheet.css_name, sheet.school_year),
        date: sheet.date,
    };
    draw_header(page, &head, first)
}

/// What a sheet's header says: its title, the line beside the logo, the labelled lines under it
/// (each label and value already typeset), the school's line and the day it is true on.
struct Header {
    title: String,
    subtitle: &'static str,
    lines: Vec<(String, String)>,
    school: String,
    date: NaiveDate,
}

fn school_line(school_name: &str, css_name: &str, year: SchoolYear) -> String {
    format!("{} — {} — année scolaire {year}", school_name.trim(), css_name.trim())
        .trim_start_matches(" — ")
        .to_string()
}

/// The header, with the confidentiality mark; in full on the first page (`first`: the title and
/// its line beside the logo, from that x, the rest under the logo's bottom), on two lines on the
/// next ones. Returns the y below it.
fn draw_header(page: &mut Page, head: &Header, first: Option<(f32, f32)>) -> f32 {
    let confidential = "Confidentiel — ne pas afficher";
    let confidential_width = Face::SansBold.text_width_mm(confidential, CONFIDENTIAL_STYLE.size_pt) + 6.0;
    let box_height = CONFIDENTIAL_STYLE.line_height_mm() + 2.5;
    page.rectangle(RIGHT_MM - confidential_width, TOP_MM, confidential_width, box_height, Stroke::new(1.2, 0.0));
    page.text_aligned(RIGHT_MM - 3.0, TOP_MM + 1.25, CONFIDENTIAL_STYLE, Align::Right, confidential);

    let (title_x, logo_bottom) = first.unwrap_or((LEFT_MM, TOP_MM));
    let title_width = CONTENT_WIDTH_MM - confidential_width - 4.0 - (title_x - LEFT_MM);
    let mut y = page.paragraph_text(title_x, TOP_MM, title_width, TITLE_STYLE, &head.title);
    let date = format!("Situation au {}", fr_long_date(head.date));
    if first.is_some() {
        y = page.paragraph_text(title_x, y, title_width, INFO_STYLE, head.subtitle);
        y = y.max(logo_bottom) + 1.0;
        for (label, value) in &head.lines {
            y = page.paragraph(LEFT_MM, y, CONTENT_WIDTH_MM, INFO_STYLE, &[Span::bold(label), Span::regular(value)]);
        }
        y = page.paragraph_text(LEFT_MM, y, CONTENT_WIDTH_MM, INFO_STYLE, &head.school);
        y = page.text(LEFT_MM, y, INFO_STYLE.with_face(Face::SansBold), &date);
    } else {
        y = page.text(LEFT_MM, y, INFO_STYLE, &format!("{date} (suite)"));
    }
    y = y.max(TOP_MM + box_height) + 2.0;
    page.horizontal_line(LEFT_MM, RIGHT_MM, y, Stroke::new(0.8, 0.0));
    y + 4.0
}

const LEFT_MM: f32 = STANDARD.left_mm;
const RIGHT_MM: f32 = STANDARD.right_mm;
const TOP_MM: f32 = STANDARD.top_mm;
const CONTENT_WIDTH_MM: f32 = STANDARD.width_mm();
const COLUMNS: usize = 2;
const COLUMN_WIDTH_MM: f32 = CONTENT_WIDTH_MM / COLUMNS as f32;
/// Width of the names in the third list; the reason takes the rest of the line.
const RESTRICTED_NAME_MM: f32 = 62.0;

const TITLE_STYLE: TextStyle = TextStyle::new(Face::SansBold, 15.0).with_line_height(1.25);
const INFO_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.5).with_line_height(1.35);
const CONFIDENTIAL_STYLE: TextStyle = TextStyle::new(Face::SansBold, 10.5).with_line_height(1.2);
const ADVICE_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.0).with_line_height(1.35);
const HEADING_STYLE: TextStyle = TextStyle::new(Face::SansBold, 12.0).with_line_height(1.3);
const NAME_STYLE: TextStyle = TextStyle::new(Face::Sans, 11.0).with_line_height(1.45);
const EMPTY_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.5).with_line_height(1.45).with_grey(0.4);
const REASON_STYLE: TextStyle = TextStyle::new(Face::Sans, 9.5).with_line_height(1.3).with_grey(0.15);

fn layout(sheet: &ClassSheet, logo: Option<&Image>) -> Vec<Page> {
    let mut first = Page::letter();
    let beside = flow::logo_beside(&mut first, LEFT_MM, TOP_MM, logo);
    let y = header(&mut first, sheet, Some(beside));
    let y = advice(&mut first, y, sheet) + 5.0;
    let mut writer = Flow::starting_with(STANDARD, first, y, |page| header(page, sheet, None));

    let lists = &sheet.lists;
    name_columns(
        &mut writer,
        &format!("Photos et réalisations publiables ({})", lists.may_show.len()),
        "Question 1\u{a0}: oui. Réalisations et photos de l’élève peuvent être publiées pour les autres élèves de la classe, leurs parents et le gestionnaire de la plateforme (art.\u{a0}5.5).",
        &lists.may_show,
    );
    name_columns(
        &mut writer,
        &format!("Leurs parents peuvent recevoir des messages privés ({})", lists.may_write.len()),
        "Question 2\u{a0}: oui. Renseignements sur l’élève transmis à ses parents dans leur espace réservé de la plateforme (art.\u{a0}5.6).",
        &lists.may_write,
    );
    restricted_rows(&mut writer, &lists.restricted);

    let mut pages = writer.finish();
    let left = format!(
        "Classe {} — {} — situation au {} — confidentiel",
        sheet.class_code.trim(),
        sheet.platform.trim(),
        fr_long_date(sheet.date)
    );
    flow::number_pages(&mut pages, |page, number, count| flow::footer(page, &STANDARD, &left, number, count));
    pages
}

/// A platform's sheet header: the class and platform, the platform's line and its staff.
fn header(page: &mut Page, sheet: &ClassSheet, first: Option<(f32, f32)>) -> f32 {
    let mut lines = vec![(fr_typography("Plateforme : "), platform_line(sheet))];
    let staff = sheet.staff.iter().map(|name| name.trim()).filter(|name| !name.is_empty()).collect::<Vec<_>>();
    if !staff.is_empty() {
        let label = if staff.len() > 1 { "Membres du personnel : " } else { "Membre du personnel : " };
        lines.push((fr_typography(label), staff.join(", ")));
    }
    let head = Header {
        title: format!("Classe {} — {}", sheet.class_code.trim(), sheet.platform.trim()),
        subtitle: "Feuille de l’enseignant·e : consentements (Annexe A)",
        lines,
        school: school_line(&sheet.school_name, &sheet.css_name, sheet.school_year),
        date: sheet.date,
    };
    draw_header(page, &head, first)
}

fn platform_line(sheet: &ClassSheet) -> String {
    let mut line = sheet.platform.trim().to_string();
    line.push_str(if sheet.institutional { " (compte institutionnel)" } else { " (compte non institutionnel)" });
    if let Some(audience) = sheet.audience {
        line.push_str(match audience {
            Audience::Parents => ", avec les parents",
            Audience::Students => ", avec les élèves",
        });
    }
    line
}

/// The Directive's advice for the teacher, framed: 5.4 (how students are named), 5.3 (what needs
/// no consent), 5.5.3 and 5.6 (a form not back is no written consent, not a refusal), 5.8 (a
/// withdrawal applies at once).
fn advice(page: &mut Page, y: f32, sheet: &ClassSheet) -> f32 {
    const PADDING_MM: f32 = 3.0;
    let naming = if sheet.institutional {
        "Compte institutionnel\u{a0}: le nom complet de l’élève, tel que l’affiche le système d’authentification, \
         est permis (art.\u{a0}5.4)."
    } else {
        "Plateforme non institutionnelle\u{a0}: identifiez les élèves par leur prénom et un avatar seulement, \
         jamais par leur nom complet (art.\u{a0}5.4)."
    };
    let items = [
        naming,
        "L’information générale et neutre (horaire, matériel, sorties, rappels) peut être publiée sans \
         consentement (art.\u{a0}5.3).",
        "Formulaire non revenu\u{a0}: pas de consentement écrit (art.\u{a0}5.5.3, 5.6). Ce n’est pas un refus, \
         mais tant qu’il n’est pas revenu signé, ne publiez ni photo ni réalisation de l’élève et n’écrivez pas \
         en privé à ses parents sur la plateforme.",
        "Un parent peut retirer son consentement en tout temps\u{a0}: fiez-vous à la feuille la plus récente \
         (art.\u{a0}5.8).",
    ];
    let x = LEFT_MM + PADDING_MM;
    let width = CONTENT_WIDTH_MM - 2.0 * PADDING_MM;
    let mut bottom = y + PADDING_MM;
    for item in items {
        bottom = page.list_item(x, bottom, width, ADVICE_STYLE, "•", &[Span::regular(&fr_typography(item))]) + 0.6;
    }
    bottom += PADDING_MM - 0.6;
    page.rectangle(LEFT_MM, y, CONTENT_WIDTH_MM, bottom - y, Stroke::new(0.6, 0.4));
    bottom
}

/// A heading, its explanation, and names in columns (filled down, then across), continued on
/// the next page if needed.
fn name_columns(writer: &mut Flow<'_>, heading: &str, explanation: &str, names: &[String]) {
    let explanation = fr_typography(explanation);
    let heading_height = section_heading_height(&explanation);
    let row_height = NAME_STYLE.line_height_mm();
    writer.room(heading_height + row_height);
    let y = writer.y;
    writer.y = section_heading(writer.page(), y, heading, &explanation);
    if names.is_empty() {
        let y = writer.y;
        writer.y = writer.page().text(LEFT_MM, y, EMPTY_STYLE, "Aucun élève.") + 5.0;
        return;
    }
    let mut remaining = names;
    while !remaining.is_empty() {
        let rows_fit = (((writer.frame.bottom_mm - writer.y) / row_height).floor() as usize).max(1);
        let rows = remaining.len().div_ceil(COLUMNS).min(rows_fit);
        let on_this_page = remaining.len().min(rows * COLUMNS);
        let (now, later) = remaining.split_at(on_this_page);
        let rows = now.len().div_ceil(COLUMNS);
        let y = writer.y;
        for (index, name) in now.iter().enumerate() {
            let (column, row) = (index / rows, index % rows);
            let x = LEFT_MM + column as f32 * COLUMN_WIDTH_MM;
            let top = y + row as f32 * row_height;
            name_cell(writer.page(), x, top, COLUMN_WIDTH_MM - 4.0, name);
        }
        writer.y = y + rows as f32 * row_height;
        remaining = later;
        if !remaining.is_empty() {
            writer.new_page();
            let y = writer.y;
            writer.y = writer.page().text(LEFT_MM, y, HEADING_STYLE, &format!("{heading} (suite)")) + 1.0;
        }
    }
    writer.y += 5.0;
}

/// The students for whom something is not allowed, with exactly what and why.
fn restricted_rows(writer: &mut Flow<'_>, rows: &[(String, String)]) {
    let explanation = fr_typography(
        "Question 1 ou 2\u{a0}: non (le refus d’un parent doit être respecté, art.\u{a0}5.7), consentement retiré \
         (art.\u{a0}5.8), formulaire non revenu ou réponse laissée en blanc (pas de consentement écrit, \
         art.\u{a0}5.5.3 et 5.6). Seul ce qui est indiqué est retenu.",
    );
    restricted_section(writer, rows, &explanation);
}

/// « Ce qui n'est pas permis, élève par élève », under `explanation`.
fn restricted_section(writer: &mut Flow<'_>, rows: &[(String, String)], explanation: &str) {
    let explanation = explanation.to_string();
    let heading = format!("Ce qui n’est pas permis, élève par élève ({})", rows.len());
    writer.room(section_heading_height(&explanation) + NAME_STYLE.line_height_mm());
    let y = writer.y;
    writer.y = section_heading(writer.page(), y, &heading, &explanation);
    if rows.is_empty() {
        let y = writer.y;
        writer.y = writer.page().text(LEFT_MM, y, EMPTY_STYLE, "Aucun élève.");
        return;
    }
    let reason_x = LEFT_MM + RESTRICTED_NAME_MM;
    let reason_width = RIGHT_MM - reason_x;
    // Each row: the name's lines, the reason's lines, and the row's height.
    let rows: Vec<_> = rows
        .iter()
        .map(|(name, reason)| {
            let reason_lines = super::wrap::wrap(&[Span::regular(reason)], REASON_STYLE.size_pt, reason_width);
            let name_lines = super::wrap::wrap(&[Span::bold(name)], NAME_STYLE.size_pt, RESTRICTED_NAME_MM - 3.0);
            let height = (name_lines.len() as f32 * NAME_STYLE.line_height_mm())
                .max(reason_lines.len() as f32 * REASON_STYLE.line_height_mm() + 1.2);
            (name_lines, reason_lines, height)
        })
        .collect();
    writer.table(
        &rows,
        |(_, _, height)| height + 1.5,
        // The section's heading is drawn above; a page it runs onto says « (suite) ».
        |page, y, continued| {
            if continued {
                page.text(LEFT_MM, y, HEADING_STYLE, &format!("{heading} (suite)")) + 1.0
            } else {
                y
            }
        },
        |page, y, (name_lines, reason_lines, height)| {
            page.lines(LEFT_MM, y, NAME_STYLE.with_face(Face::SansBold), name_lines);
            page.lines(reason_x, y + 0.9, REASON_STYLE, reason_lines);
            let bottom = y + height + 1.5;
            page.horizontal_line(LEFT_MM, RIGHT_MM, bottom - 0.75, Stroke::new(0.3, 0.7));
            bottom
        },
    );
}

fn name_cell(page: &mut Page, x: f32, y: f32, width: f32, name: &str) {
    // A box to tick when the teacher has checked the platform against the sheet.
    let box_side = 3.2;
    page.rectangle(x, y + NAME_STYLE.baseline_offset_mm() - box_side + 0.1, box_side, box_side, Stroke::new(0.5, 0.3));
    let text_x = x + box_side + 2.0;
    let mut shown = name.to_string();
    // A name too long for its column is shortened rather than run into the next one.
    while Face::Sans.text_width_mm(&shown, NAME_STYLE.size_pt) > width - box_side - 2.0 && shown.chars().count() > 1 {
        shown.pop();
        shown = format!("{}…", shown.trim_end_matches('…').trim_end());
        if shown.chars().count() <= 2 {
            break;
        }
    }
    page.text(text_x, y, NAME_STYLE, &shown);
}

fn section_heading_height(explanation: &str) -> f32 {
    let lines = super::wrap::wrap(&[Span::regular(explanation)], ADVICE_STYLE.size_pt, CONTENT_WIDTH_MM).len();
    HEADING_STYLE.line_height_mm() + lines as f32 * ADVICE_STYLE.line_height_mm() + 2.0
}

fn section_heading(page: &mut Page, y: f32, heading: &str, explanation: &str) -> f32 {
    let y = page.text(LEFT_MM, y, HEADING_STYLE, heading);
    page.paragraph_text(LEFT_MM, y, CONTENT_WIDTH_MM, ADVICE_STYLE.with_grey(0.3), explanation) + 2.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::sheet::{lists, StudentConsent};
    use crate::forms::Answer;
    use crate::pdf::test_support::{flatten, pages_text, pdftotext, screenshot};
    use Answer::{Non, Oui, SansReponse};

    fn student(name: &str, q1: Answer, q2: Answer) -> StudentConsent {
        StudentConsent { name: name.into(), q1, q2, returned: true, unknown_signer: false, note: None }
    }

    fn sheet(students: Vec<StudentConsent>) -> ClassSheet {
        ClassSheet {
            css_name: "Centre de services scolaire du Pays-des-Bleuets".into(),
            school_name: "École Notre-Dame-de-l’Assomption".into(),
            school_year: SchoolYear::starting(2025),
            class_code: "601".into(),
            platform: "ClassDojo".into(),
            audience: Some(Audience::Parents),
            institutional: false,
            staff: vec!["Geneviève Lévesque".into(), "Karim Haddad".into()],
            date: NaiveDate::from_ymd_opt(2025, 9, 22).unwrap(),
            lists: lists(&students),
        }
    }

    fn class() -> Vec<StudentConsent> {
        let mut withdrawn = student("Émile Bouchard", Non, Non);
        withdrawn.note = Some("consentement retiré le 19 septembre 2025".into());
        let mut not_back = student("Zoé Tremblay-Pelletier", SansReponse, SansReponse);
        not_back.returned = false;
        vec![
            student("Léa Côté", Oui, Oui),
            student("Noah Gagnon", Oui, Non),
            not_back,
            student("William Roy", Non, Oui),
            withdrawn,
            student("Chloé Nguyen", Oui, SansReponse),
        ]
    }

    #[test]
    fn the_sheet_reads_as_three_lists_with_the_directive_advice() {
        let bytes = render(&sheet(class()), None).unwrap();
        screenshot(&bytes, 1, 110, "class-sheet-p1");
        let pages = pages_text(&bytes);
        assert_eq!(pages.len(), 1);
        let flat = flatten(&pages[0]);
        for expected in [
            "Classe 601 — ClassDojo",
            "Confidentiel — ne pas afficher",
            "Situation au 22 septembre 2025",
            "ClassDojo (compte non institutionnel), avec les parents",
            "Membres du personnel : Geneviève Lévesque, Karim Haddad",
            "identifiez les élèves par leur prénom et un avatar seulement",
            "(art. 5.4)",
            "L’information générale et neutre (horaire, matériel, sorties, rappels) peut être publiée sans consentement (art. 5.3).",
            "Formulaire non revenu : pas de consentement écrit (art. 5.5.3, 5.6). Ce n’est pas un refus",
            "formulaire non revenu : pas de consentement écrit (art. 5.5.3, 5.6) — ne publier ni photo ni réalisation de cet élève ; pas de message privé aux parents sur la plateforme",
            "ne publier ni photo ni réalisation de cet élève (question 1 : non)",
            "consentement retiré le 19 septembre 2025",
            "Page 1 de 1",
        ] {
            assert!(flat.contains(expected), "{expected:?} missing from:\n{}", pages[0]);
        }
        // Each name under the right headings: the sections come in order.
        let section = |heading: &str| flat.find(heading).unwrap_or_else(|| panic!("no {heading:?} in {flat}"));
        assert!(!flat.contains("paraître") && !flat.contains("refus (5.7)"), "no overstatement left: {flat}");
        let shown = section("Photos et réalisations publiables (3)");
        let written = section("Leurs parents peuvent recevoir des messages privés (2)");
        let restricted = section("Ce qui n’est pas permis, élève par élève (5)");
        let in_section = |name: &str, from: usize, to: usize| flat[from..to].contains(name);
        for name in ["Léa Côté", "Noah Gagnon", "Chloé Nguyen"] {
            assert!(in_section(name, shown, written), "{name} should be shown");
        }
        for name in ["Léa Côté", "William Roy"] {
            assert!(in_section(name, written, restricted), "{name} should be written to");
        }
        for name in ["Noah Gagnon", "Zoé Tremblay-Pelletier", "William Roy", "Émile Bouchard", "Chloé Nguyen"] {
            assert!(in_section(name, restricted, flat.len()), "{name} should be restricted");
        }
        assert!(!in_section("Léa Côté", restricted, flat.len()));
        assert!(!in_section("Zoé Tremblay-Pelletier", shown, restricted));
    }

    #[test]
    fn institutional_platforms_allow_the_full_name() {
        let mut institutional = sheet(class());
        institutional.institutional = true;
        institutional.platform = "Microsoft Teams".into();
        let flat = flatten(&pages_text(&render(&institutional, None).unwrap())[0]);
        assert!(flat.contains("Compte institutionnel : le nom complet de l’élève"), "{flat}");
        assert!(!flat.contains("prénom et un avatar"), "{flat}");
    }

    /// A large class runs onto more pages; every page names the class and is numbered.
    #[test]
    fn long_classes_continue_on_numbered_pages() {
        let answers = [Oui, Non, SansReponse];
        let students: Vec<StudentConsent> = (0..90)
            .map(|i| student(&format!("Élève numéro {i:02} Desrosiers-Lapointe"), answers[i % 3], answers[(i / 3) % 3]))
            .collect();
        let bytes = render(&sheet(students), None).unwrap();
        let pages = pages_text(&bytes);
        assert!(pages.len() >= 3, "{} pages", pages.len());
        let count = pages.len();
        for (index, page) in pages.iter().enumerate() {
            let flat = flatten(page);
            assert!(flat.contains("Classe 601 — ClassDojo"), "page {}: {flat}", index + 1);
            assert!(flat.contains("Confidentiel — ne pas afficher"), "page {}", index + 1);
            assert!(flat.contains(&format!("Page {} de {count}", index + 1)), "page {}: {flat}", index + 1);
        }
        let all = flatten(&pages.join(" "));
        for i in 0..90 {
            assert!(all.contains(&format!("Élève numéro {i:02}")), "student {i} missing");
        }
        let continued = all.matches("(suite)").count();
        assert!(continued >= pages.len() - 1, "continued pages say so");
        screenshot(&bytes, 2, 110, "class-sheet-p2");
    }

    /// The organisation's logo stands above each sheet's first header, not on its « (suite) »
    /// pages; the sheet says the same.
    #[test]
    fn the_logo_heads_each_sheet_and_not_its_next_pages() {
        use crate::pdf::test_support::{logo, pages_with_images};
        let answers = [Oui, Non, SansReponse];
        let students: Vec<StudentConsent> =
            (0..90).map(|i| student(&format!("Élève numéro {i:02}"), answers[i % 3], answers[(i / 3) % 3])).collect();
        let logo = logo();
        let long = render(&sheet(students.clone()), Some(&logo)).unwrap();
        screenshot(&long, 1, 80, "class-sheet-logo");
        let pages = pages_text(&long);
        assert!(pages.len() >= 3, "{} pages", pages.len());
        assert_eq!(pages_with_images(&long), [1]);
        let plain = flatten(&pages_text(&render(&sheet(students), None).unwrap()).join(" "));
        let with_logo = flatten(&pages.join(" "));
        for i in 0..90 {
            assert!(with_logo.contains(&format!("Élève numéro {i:02}")), "student {i} missing");
        }
        assert!(
            with_logo.contains("Feuille de l’enseignant·e : consentements (Annexe A)") && plain.contains("(suite)")
        );
        let two = render_all(&[sheet(class()), sheet(class())], &[], Some(&logo)).unwrap();
        assert_eq!(pages_with_images(&two), [1, 2], "each sheet starts under the logo");
    }

    #[test]
    fn a_class_with_two_platforms_gets_two_sheets_in_one_file() {
        let mut teams = sheet(class());
        teams.platform = "Microsoft Teams".into();
        teams.institutional = true;
        let pages = pages_text(&render_all(&[sheet(class()), teams], &[], None).unwrap());
        assert_eq!(pages.len(), 2);
        assert!(flatten(&pages[0]).contains("Classe 601 — ClassDojo"));
        assert!(flatten(&pages[1]).contains("Classe 601 — Microsoft Teams"));
        assert!(pages.iter().all(|page| flatten(page).contains("Page 1 de 1")));
        assert!(matches!(render_all(&[], &[], None), Err(PdfError::NoPages)));
    }

    #[test]
    fn an_empty_class_still_prints_its_sheet() {
        let flat = flatten(&pages_text(&render(&sheet(Vec::new()), None).unwrap())[0]);
        assert_eq!(flat.matches("Aucun élève.").count(), 3, "{flat}");
    }

    /// The reviewed text of the sheet (`pdftotext -layout`, the whole document): a change shows
    /// up as a diff to review; `UPDATE_EXPECT=1` rewrites the snapshot.
    #[test]
    fn the_sheet_matches_its_reviewed_layout() {
        let bytes = render(&sheet(class()), None).unwrap();
        expect_test::expect_file!["snapshots/class_sheet.txt"].assert_eq(&pdftotext(&bytes, true));
    }
}
