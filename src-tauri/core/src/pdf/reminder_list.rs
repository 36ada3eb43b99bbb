//! The printed reminder list (SPEC, « Reminder list … for missing returns »; issue 15, item 13):
//! per class, the forms to get back — not returned, not printed yet, a question left blank,
//! contradictory answers, a signer not on file — with each student's platform, form number,
//! what is missing in French and the guardians to contact, and what the teacher does about it,
//! against the return deadline in Paramètres. The secretary hands each teacher their class's
//! pages: each class starts a page, its header repeating on the pages it runs onto, numbered on
//! its own. Confidential (names and e-mail addresses), dated.
//!
//! The rows come made (`consent::followup::reminder_list`, from the follow-up list): this file
//! only draws them.

use chrono::NaiveDate;

use super::document::{render_document, DocumentInfo};
use super::flow::{self, Flow, STANDARD};
use super::fonts::Face;
use super::image::Image;
use super::page::{Align, Page, Stroke, TextStyle};
use super::typography::{fr_long_date, fr_typography};
use super::wrap::{wrap, Line, Span};
use super::PdfError;
use crate::year::SchoolYear;

/// What the reminder list prints.
#[derive(Clone, Debug, PartialEq)]
pub struct ReminderList {
    pub css_name: String,
    pub school_name: String,
    pub school_year: SchoolYear,
    /// The day the list was drawn up: it is true that day.
    pub date: NaiveDate,
    /// The return deadline in Paramètres.
    pub deadline: Option<NaiveDate>,
    /// Where families send the form back (Paramètres), or empty.
    pub return_email: String,
    /// The classes, in order; a class asked for with nothing missing has no rows.
    pub classes: Vec<ReminderClass>,
}

/// One class's forms to get back.
#[derive(Clone, Debug, PartialEq)]
pub struct ReminderClass {
    pub class_code: String,
    pub teachers: Vec<String>,
    pub rows: Vec<ReminderRow>,
}

/// One form to get back.
#[derive(Clone, Debug, PartialEq)]
pub struct ReminderRow {
    /// « Nom, Prénom ».
    pub student: String,
    pub platform: String,
    /// The form's number, once printed.
    pub number: Option<String>,
    /// What is missing, in French (« non revenu », « question laissée vide »…).
    pub status: String,
    /// What the teacher does about it.
    pub action: String,
    /// The guardians who may be contacted, « Prénom Nom <courriel> ».
    pub guardians: Vec<String>,
}

const LEFT_MM: f32 = STANDARD.left_mm;
const RIGHT_MM: f32 = STANDARD.right_mm;
const TOP_MM: f32 = STANDARD.top_mm;
const CONTENT_WIDTH_MM: f32 = STANDARD.width_mm();
const CELL_PADDING_MM: f32 = 1.2;
const CHECKBOX_MM: f32 = 3.4;

/// The table's columns: title and width in millimetres (the widths add up to the frame's).
const COLUMNS: [(&str, f32); 6] = [
    ("Fait", 9.0),
    ("Élève", 40.0),
    ("Plateforme", 24.0),
    ("Formulaire n°", 21.0),
    ("À récupérer", 40.0),
    ("Parents à joindre", 45.9),
];

const TITLE_STYLE: TextStyle = TextStyle::new(Face::SansBold, 15.0).with_line_height(1.25);
const INFO_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.5).with_line_height(1.35);
const CONFIDENTIAL_STYLE: TextStyle = TextStyle::new(Face::SansBold, 10.5).with_line_height(1.2);
const ADVICE_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.0).with_line_height(1.35);
const COLUMN_STYLE: TextStyle = TextStyle::new(Face::SansBold, 8.5).with_line_height(1.3).with_grey(0.3);
const CELL_STYLE: TextStyle = TextStyle::new(Face::Sans, 9.5).with_line_height(1.3);
const ACTION_STYLE: TextStyle = TextStyle::new(Face::Sans, 8.5).with_line_height(1.25).with_grey(0.3);
const NUMBER_STYLE: TextStyle = TextStyle::new(Face::Mono, 9.5).with_line_height(1.3);
const EMPTY_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.5).with_line_height(1.45).with_grey(0.4);

/// Renders the list: each class from a new page, the organisation's `logo` above each class's
/// first header. A list with no class prints one page saying nothing is missing.
pub fn render(list: &ReminderList, logo: Option<&Image>) -> Result<Vec<u8>, PdfError> {
    let mut pages = Vec::new();
    if list.classes.is_empty() {
        pages.extend(layout(list, None, logo));
    }
    for class in &list.classes {
        pages.extend(layout(list, Some(class), logo));
    }
    let title = match list.classes.as_slice() {
        [only] => format!("Formulaires à récupérer — classe {} — {}", only.class_code.trim(), list.school_year),
        _ => format!("Formulaires à récupérer — {}", list.school_year),
    };
    render_document(&DocumentInfo { title: &title, created_on: list.date }, pages)
}

/// A row's cells, wrapped once: its height decides where pages break.
struct Cells {
    student: Vec<Line>,
    platform: Vec<Line>,
    status: Vec<Line>,
    action: Vec<Line>,
    /// Each guardian's name and e-mail address, each with its style.
    guardians: Vec<(Vec<Line>, TextStyle)>,
    number: String,
}

impl Cells {
    fn of(row: &ReminderRow) -> Cells {
        let width = |column: usize| COLUMNS[column].1 - 2.0 * CELL_PADDING_MM;
        let plain =
            |text: &str, style: TextStyle, column: usize| wrap(&[Span::regular(text)], style.size_pt, width(column));
        // « Prénom Nom <courriel> »: the name, then the address under it, smaller.
        let guardians = if row.guardians.is_empty() {
            vec![(plain("aucun parent à joindre au dossier", ACTION_STYLE, 5), ACTION_STYLE)]
        } else {
            row.guardians
                .iter()
                .flat_map(|guardian| {
                    let (name, email) = match guardian.trim().split_once(" <") {
                        Some((name, email)) => (name, email.trim_end_matches('>')),
                        None => (guardian.trim(), ""),
                    };
                    let mut lines = vec![(plain(name, CELL_STYLE, 5), CELL_STYLE)];
                    if !email.is_empty() {
                        lines.push((plain(email, ACTION_STYLE, 5), ACTION_STYLE));
                    }
                    lines
                })
                .collect()
        };
        Cells {
            student: wrap(&[Span::bold(row.student.trim())], CELL_STYLE.size_pt, width(1)),
            platform: plain(row.platform.trim(), CELL_STYLE, 2),
            status: wrap(&[Span::bold(&fr_typography(&row.status))], CELL_STYLE.size_pt, width(4)),
            action: plain(&fr_typography(&row.action), ACTION_STYLE, 4),
            guardians,
            number: row.number.clone().unwrap_or_else(|| "—".into()),
        }
    }

    fn height(&self) -> f32 {
        let lines = |lines: &[Line], style: TextStyle| lines.len() as f32 * style.line_height_mm();
        let guardians: f32 = self.guardians.iter().map(|(g, style)| lines(g, *style)).sum();
        let status = lines(&self.status, CELL_STYLE) + lines(&self.action, ACTION_STYLE);
        let tallest = [lines(&self.student, CELL_STYLE), lines(&self.platform, CELL_STYLE), status, guardians]
            .into_iter()
            .fold(CELL_STYLE.line_height_mm(), f32::max);
        tallest + 2.0 * CELL_PADDING_MM
    }
}

/// One class's pages (or, with no class, the page saying nothing is missing), numbered.
fn layout(list: &ReminderList, class: Option<&ReminderClass>, logo: Option<&Image>) -> Vec<Page> {
    let mut first = Page::letter();
    let beside = flow::logo_beside(&mut first, LEFT_MM, TOP_MM, logo);
    let mut y = header(&mut first, list, class, Some(beside));
    let rows = class.map(|c| c.rows.as_slice()).unwrap_or_default();
    if rows.is_empty() {
        let text = match class {
            Some(_) => {
                "Aucun formulaire à récupérer : tous les formulaires attendus de cette classe sont revenus, complets."
            }
            None => "Aucun formulaire à récupérer : tous les formulaires attendus sont revenus, complets.",
        };
        first.paragraph_text(LEFT_MM, y, CONTENT_WIDTH_MM, EMPTY_STYLE, &fr_typography(text));
    } else {
        y = advice(&mut first, y, list, rows.len()) + 5.0;
    }
    let mut flow = Flow::starting_with(STANDARD, first, y, |page| header(page, list, class, None));
    if !rows.is_empty() {
        let cells: Vec<Cells> = rows.iter().map(Cells::of).collect();
        // The column titles and a first row stay together.
        flow.room(COLUMN_STYLE.line_height_mm() + 2.0 + cells[0].height());
        flow.table(&cells, Cells::height, column_titles, row);
    }
    let mut pages = flow.finish();
    let scope = match class {
        Some(class) => format!("Classe {} — formulaires à récupérer", class.class_code.trim()),
        None => "Formulaires à récupérer".to_string(),
    };
    let left = format!("{scope} — situation au {} — confidentiel", fr_long_date(list.date));
    flow::number_pages(&mut pages, |page, number, count| flow::footer(page, &STANDARD, &left, number, count));
    pages
}

/// The title, the class's teachers, the school and the date with the deadline, and the
/// confidentiality mark; in full on a class's first page (`first`: the title and its line beside
/// the logo, from that x, the rest under the logo's bottom), on two lines on the next ones.
/// Returns the y below it.
fn header(page: &mut Page, list: &ReminderList, class: Option<&ReminderClass>, first: Option<(f32, f32)>) -> f32 {
    let confidential = "Confidentiel — ne pas afficher";
    let confidential_width = Face::SansBold.text_width_mm(confidential, CONFIDENTIAL_STYLE.size_pt) + 6.0;
    let box_height = CONFIDENTIAL_STYLE.line_height_mm() + 2.5;
    page.rectangle(RIGHT_MM - confidential_width, TOP_MM, confidential_width, box_height, Stroke::new(1.2, 0.0));
    page.text_aligned(RIGHT_MM - 3.0, TOP_MM + 1.25, CONFIDENTIAL_STYLE, Align::Right, confidential);

    let (title_x, logo_bottom) = first.unwrap_or((LEFT_MM, TOP_MM));
    let title_width = CONTENT_WIDTH_MM - confidential_width - 4.0 - (title_x - LEFT_MM);
    let title = match class {
        Some(class) => format!("Formulaires à récupérer — classe {}", class.class_code.trim()),
        None => "Formulaires à récupérer".to_string(),
    };
    let mut y = page.paragraph_text(title_x, TOP_MM, title_width, TITLE_STYLE, &title);
    let date = format!("Situation au {}", fr_long_date(list.date));
    if first.is_some() {
        y = page
            .paragraph_text(
                title_x,
                y,
                title_width,
                INFO_STYLE,
                &fr_typography("Liste de rappel pour l’enseignant·e (Annexe A)"),
            )
            .max(logo_bottom);
        let teachers: Vec<&str> =
            class.map(|c| c.teachers.iter().map(|t| t.trim()).filter(|t| !t.is_empty()).collect()).unwrap_or_default();
        if !teachers.is_empty() {
            let label = if teachers.len() > 1 { "Enseignant·es : " } else { "Enseignant·e : " };
            y = page.paragraph(
                LEFT_MM,
                y + 1.0,
                CONTENT_WIDTH_MM,
                INFO_STYLE,
                &[Span::bold(&fr_typography(label)), Span::regular(&teachers.join(", "))],
            );
        }
        let school =
            format!("{} — {} — année scolaire {}", list.school_name.trim(), list.css_name.trim(), list.school_year);
        y = page.paragraph_text(LEFT_MM, y, CONTENT_WIDTH_MM, INFO_STYLE, school.trim_start_matches(" — "));
        let deadline = match list.deadline {
            Some(deadline) if list.date > deadline => {
                format!("date limite de retour : {} (passée)", fr_long_date(deadline))
            }
            Some(deadline) => format!("date limite de retour : {}", fr_long_date(deadline)),
            None => "aucune date limite de retour dans Paramètres".to_string(),
        };
        y = page.paragraph_text(
            LEFT_MM,
            y,
            CONTENT_WIDTH_MM,
            INFO_STYLE.with_face(Face::SansBold),
            &fr_typography(&format!("{date} — {deadline}")),
        );
    } else {
        y = page.text(LEFT_MM, y, INFO_STYLE, &format!("{date} (suite)"));
    }
    y = y.max(TOP_MM + box_height) + 2.0;
    page.horizontal_line(LEFT_MM, RIGHT_MM, y, Stroke::new(0.8, 0.0));
    y + 4.0
}

/// What the teacher does, framed: hand a new copy or remind the family before the deadline; a
/// form not back is no written consent (5.5.3, 5.6), not a refusal (5.7).
fn advice(page: &mut Page, y: f32, list: &ReminderList, rows: usize) -> f32 {
    const PADDING_MM: f32 = 3.0;
    let by = match list.deadline {
        Some(deadline) if list.date > deadline => {
            format!("dès que possible (la date limite du {} est passée)", fr_long_date(deadline))
        }
        Some(deadline) => format!("avant le {}", fr_long_date(deadline)),
        None => "dès que possible".to_string(),
    };
    let email = list.return_email.trim();
    let back = if email.is_empty() {
        "au secrétariat".to_string()
    } else {
        format!("au secrétariat (ou de le transmettre à {email})")
    };
    let todo = fr_typography(&format!(
        "pour chaque élève ci-dessous, remettre un nouvel exemplaire du formulaire (le secrétariat l’imprime) \
         ou rappeler à la famille de le rapporter signé {back} {by}. Cochez « Fait » une fois la copie \
         remise ou la famille jointe."
    ));
    let note = fr_typography(
        "Tant qu’un formulaire manque ou n’est pas en ordre, il n’y a pas de consentement écrit \
         (art. 5.5.3, 5.6) : ne publier ni photo ni réalisation de l’élève, pas de message privé aux \
         parents sur la plateforme. Ce n’est pas un refus (art. 5.7).",
    );
    let count = format!("{rows} formulaire(s) à récupérer.");
    let x = LEFT_MM + PADDING_MM;
    let width = CONTENT_WIDTH_MM - 2.0 * PADDING_MM;
    let label = fr_typography("À faire : ");
    let mut bottom = page.paragraph(
        x,
        y + PADDING_MM,
        width,
        ADVICE_STYLE,
        &[Span::bold(&count), Span::regular(" "), Span::bold(&label), Span::regular(&todo)],
    );
    bottom = page.paragraph(x, bottom + 1.0, width, ADVICE_STYLE, &[Span::regular(&note)]) + PADDING_MM - 1.0;
    page.rectangle(LEFT_MM, y, CONTENT_WIDTH_MM, bottom - y, Stroke::new(0.8, 0.0));
    bottom
}

/// The left edge of column `index`.
fn column_x(index: usize) -> f32 {
    LEFT_MM + COLUMNS[..index].iter().map(|(_, width)| width).sum::<f32>()
}

fn column_titles(page: &mut Page, y: f32, _continued: bool) -> f32 {
    for (index, (title, _)) in COLUMNS.iter().enumerate() {
        page.text(column_x(index) + CELL_PADDING_MM, y, COLUMN_STYLE, title);
    }
    let y = y + COLUMN_STYLE.line_height_mm() + 0.5;
    page.horizontal_line(LEFT_MM, RIGHT_MM, y, Stroke::new(0.6, 0.2));
    y + 0.3
}

fn row(page: &mut Page, y: f32, cells: &Cells) -> f32 {
    let top = y + CELL_PADDING_MM;
    let at = |index: usize| column_x(index) + CELL_PADDING_MM;
    let box_top = top + CELL_STYLE.baseline_offset_mm() - CHECKBOX_MM + 0.3;
    page.checkbox(at(0) + 0.5, box_top, CHECKBOX_MM);
    page.lines(at(1), top, CELL_STYLE, &cells.student);
    page.lines(at(2), top, CELL_STYLE, &cells.platform);
    page.text(at(3), top, NUMBER_STYLE, &cells.number);
    let below = page.lines(at(4), top, CELL_STYLE, &cells.status);
    page.lines(at(4), below, ACTION_STYLE, &cells.action);
    let mut guardian_y = top;
    for (lines, style) in &cells.guardians {
        guardian_y = page.lines(at(5), guardian_y, *style, lines);
    }
    let bottom = y + cells.height();
    page.horizontal_line(LEFT_MM, RIGHT_MM, bottom, Stroke::new(0.3, 0.7));
    bottom
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::test_support::{flatten, pages_text, pdftotext, screenshot};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn row(student: &str, status: &str, guardians: &[&str]) -> ReminderRow {
        ReminderRow {
            student: student.into(),
            platform: "ClassDojo".into(),
            number: Some("KT9-PSQB".into()),
            status: status.into(),
            action: "remettre un nouvel exemplaire ; rappeler la famille".into(),
            guardians: guardians.iter().map(|g| g.to_string()).collect(),
        }
    }

    pub(crate) fn list(rows: Vec<ReminderRow>) -> ReminderList {
        ReminderList {
            css_name: "Centre de services scolaire des Patriotes".into(),
            school_name: "École du Boisé".into(),
            school_year: SchoolYear::starting(2025),
            date: date(2025, 9, 5),
            deadline: Some(date(2025, 9, 12)),
            return_email: "secretariat@exemple.ca".into(),
            classes: vec![ReminderClass { class_code: "601".into(), teachers: vec!["Marie Tremblay".into()], rows }],
        }
    }

    /// Each class from its own page, numbered on its own, its header and column titles again on
    /// every page it runs onto; every row printed once.
    #[test]
    fn a_long_class_continues_under_its_header_and_each_class_starts_a_page() {
        let rows: Vec<ReminderRow> = (0..60)
            .map(|i| {
                row(
                    &format!("Élève-{i:02}, Prénom"),
                    "non revenu",
                    &["Luc Côté <luc.cote@exemple.ca>", "Anne Bérubé-Lapointe <anne.berube-lapointe@exemple.ca>"],
                )
            })
            .collect();
        let mut two = list(rows);
        two.classes.push(ReminderClass {
            class_code: "602".into(),
            teachers: vec!["Paul Roy".into(), "Julie Bédard".into()],
            rows: vec![row("Roy, Léo", "question laissée vide", &[])],
        });
        let bytes = render(&two, None).unwrap();
        screenshot(&bytes, 2, 80, "reminder-list-p2");
        let pages = pages_text(&bytes);
        assert!(pages.len() >= 4, "{} pages", pages.len());
        let last = pages.len() - 1;
        let class_601 = &pages[..last];
        for (index, page) in class_601.iter().enumerate() {
            let flat = flatten(page);
            assert!(flat.contains("Formulaires à récupérer — classe 601"), "page {}: {flat}", index + 1);
            assert!(flat.contains("Confidentiel — ne pas afficher"), "page {}", index + 1);
            assert!(
                flat.contains("Fait Élève Plateforme Formulaire n° À récupérer Parents à joindre"),
                "page {}: {flat}",
                index + 1
            );
            assert!(flat.contains(&format!("Page {} de {}", index + 1, class_601.len())), "page {}: {flat}", index + 1);
            if index > 0 {
                assert!(flat.contains("Situation au 5 septembre 2025 (suite)"), "page {}: {flat}", index + 1);
            }
        }
        let all = flatten(&class_601.join(" "));
        for i in 0..60 {
            assert_eq!(all.matches(&format!("Élève-{i:02}, Prénom")).count(), 1, "student {i}");
        }
        let other = flatten(&pages[last]);
        assert!(other.contains("Formulaires à récupérer — classe 602"), "{other}");
        assert!(other.contains("Enseignant·es : Paul Roy, Julie Bédard"), "{other}");
        assert!(other.contains("aucun parent à joindre au dossier"), "{other}");
        assert!(other.contains("Page 1 de 1"), "{other}");
    }

    #[test]
    fn nothing_missing_says_so_and_a_passed_deadline_is_said() {
        let mut none = list(Vec::new());
        let flat = flatten(&pages_text(&render(&none, None).unwrap())[0]);
        assert!(
            flat.contains("Aucun formulaire à récupérer : tous les formulaires attendus de cette classe"),
            "{flat}"
        );
        none.classes.clear();
        let flat = flatten(&pages_text(&render(&none, None).unwrap())[0]);
        assert!(flat.contains("Aucun formulaire à récupérer : tous les formulaires attendus sont revenus"), "{flat}");
        let mut late = list(vec![row("Émond, Zoé", "non revenu", &[])]);
        late.date = date(2025, 9, 15);
        let flat = flatten(&pdftotext(&render(&late, None).unwrap(), false));
        assert!(flat.contains("date limite de retour : 12 septembre 2025 (passée)"), "{flat}");
        assert!(flat.contains("dès que possible (la date limite du 12 septembre 2025 est passée)"), "{flat}");
        late.deadline = None;
        late.return_email.clear();
        let flat = flatten(&pdftotext(&render(&late, None).unwrap(), false));
        assert!(flat.contains("aucune date limite de retour dans Paramètres"), "{flat}");
        assert!(flat.contains("rapporter signé au secrétariat dès que possible."), "{flat}");
    }
}
