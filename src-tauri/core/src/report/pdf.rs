//! The school report as a PDF (issue #7): a summary page for the principal to sign and send to
//! the CSS, then a table per class whose header row repeats when it runs onto a new page.
//!
//! Counts only: a report holds no student's name or personal information (it leaves the school).

use super::{deletion_text, state_text, ClassReport, SchoolReport};
use crate::pdf::flow::{self, Flow, STANDARD};
use crate::pdf::{
    fr_long_date, fr_typography, render_document, Align, DocumentInfo, Face, Image, Page, PdfError, Span, Stroke,
    TextStyle,
};

const LEFT_MM: f32 = STANDARD.left_mm;
const RIGHT_MM: f32 = STANDARD.right_mm;
const TOP_MM: f32 = STANDARD.top_mm;
const CONTENT_WIDTH_MM: f32 = STANDARD.width_mm();
const BOTTOM_MM: f32 = STANDARD.bottom_mm;
/// Where the figures of the summary stand.
const VALUE_X_MM: f32 = LEFT_MM + 95.0;

const TITLE_STYLE: TextStyle = TextStyle::new(Face::SansBold, 15.0).with_line_height(1.25);
const INFO_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.5).with_line_height(1.35);
const HEADING_STYLE: TextStyle = TextStyle::new(Face::SansBold, 11.5).with_line_height(1.4);
const ROW_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.0).with_line_height(1.4);
const NOTE_STYLE: TextStyle = TextStyle::new(Face::Sans, 9.0).with_line_height(1.3).with_grey(0.3);
const CELL_STYLE: TextStyle = TextStyle::new(Face::Sans, 9.5).with_line_height(1.5);

/// The class table's columns: title and width in millimetres.
const COLUMNS: [(&str, f32); 5] = [
    ("Plateforme", 52.0),
    ("Statut au catalogue", 38.0),
    ("Destinataires", 26.0),
    ("État", 28.0),
    ("Suppression (5.9)", 35.9),
];

/// Renders the report: the summary page (under the organisation's `logo`), then the classes.
pub fn render(report: &SchoolReport, logo: Option<&Image>) -> Result<Vec<u8>, PdfError> {
    let mut pages = vec![summary_page(report, logo)];
    // Each class page starts under the report's header and a rule.
    let mut classes = Flow::new(STANDARD, |page| {
        let y = header(page, report, (LEFT_MM, TOP_MM)) + 1.5;
        page.horizontal_line(LEFT_MM, RIGHT_MM, y, Stroke::new(0.8, 0.0));
        y + 4.0
    });
    classes.draw(|page, y| page.text(LEFT_MM, y, TITLE_STYLE, "Détail par classe") + 2.0);
    if report.class_reports.is_empty() {
        classes.draw(|page, y| {
            page.text(LEFT_MM, y, ROW_STYLE, "Aucune classe inscrite pour cette année.");
            y
        });
    }
    for class in &report.class_reports {
        class_table(&mut classes, class);
    }
    pages.extend(classes.finish());
    let left = format!("Rapport de l’école — {} — {} — nombres seulement", report.school_name.trim(), report.year);
    let left = left.replace(" —  —", " —");
    flow::number_pages(&mut pages, |page, number, count| flow::footer(page, &STANDARD, left.trim(), number, count));
    let title = format!("Rapport de l’école — {} — {}", report.school_name.trim(), report.year);
    render_document(&DocumentInfo { title: &title, created_on: report.date }, pages)
}

/// The title and the school, from `x` (beside the logo on the summary page, whose bottom is
/// `below`: the lines after them go under it). Returns the y below.
fn header(page: &mut Page, report: &SchoolReport, (x, below): (f32, f32)) -> f32 {
    let width = CONTENT_WIDTH_MM - (x - LEFT_MM);
    let mut y = page.paragraph_text(
        x,
        TOP_MM,
        width,
        TITLE_STYLE,
        &format!("Rapport de l’école — année scolaire {}", report.year),
    );
    let school = [report.school_name.trim(), report.css_name.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" — ");
    if !school.is_empty() {
        y = page.paragraph_text(x, y, width, INFO_STYLE, &school);
    }
    y.max(below)
}

fn summary_page(report: &SchoolReport, logo: Option<&Image>) -> Page {
    let mut page = Page::letter();
    let beside = flow::logo_beside(&mut page, LEFT_MM, TOP_MM, logo);
    let mut y = header(&mut page, report, beside);
    y = page.paragraph_text(
        LEFT_MM,
        y,
        CONTENT_WIDTH_MM,
        INFO_STYLE,
        "Plateformes de communication et consentements (Directive du CSSPB) : sommaire pour le centre de services scolaire",
    );
    let principal = if report.principal_name.trim().is_empty() { "—" } else { report.principal_name.trim() };
    y = page.paragraph(
        LEFT_MM,
        y,
        CONTENT_WIDTH_MM,
        INFO_STYLE,
        &[Span::bold(&fr_typography("Direction : ")), Span::regular(principal)],
    );
    let mut date = format!("Rapport du {}", fr_long_date(report.date));
    if report.as_of != report.date {
        date.push_str(&format!(" (situation au {})", fr_long_date(report.as_of)));
    }
    y = page.text(LEFT_MM, y, INFO_STYLE.with_face(Face::SansBold), &date) + 1.5;
    page.horizontal_line(LEFT_MM, RIGHT_MM, y, Stroke::new(0.8, 0.0));
    y += 3.0;

    let c = &report.classes;
    y = section(&mut page, y, "Classes (art. 4)");
    y = figure(&mut page, y, "Classes de l’année", c.count);
    y = figure(&mut page, y, "Classes sans plateforme inscrite", c.without_platform);

    y = section(&mut page, y, "Plateformes en usage, par statut au catalogue");
    for status in &report.platforms {
        let label = format!("{} : {} plateforme(s)", capitalise(&status.label), status.platforms);
        y = row(&mut page, y, &label, &format!("{} utilisation(s)", status.uses));
        if !status.names.is_empty() {
            y = page.paragraph_text(LEFT_MM + 6.0, y, 85.0, NOTE_STYLE, &status.names.join(", "));
        }
    }

    let u = &report.uses;
    y = section(&mut page, y, "Utilisations des plateformes (art. 4, 5.1 à 5.4)");
    y = figure(&mut page, y, "Utilisations en cours", u.total);
    y = figure(&mut page, y, "Conformes", u.conformes);
    y = figure(&mut page, y, "Pas prêtes", u.pas_pretes);
    y = figure(&mut page, y, "Non conformes", u.non_conformes);

    let k = &report.consents;
    y = section(&mut page, y, "Consentements des parents (Annexe A, art. 5.5 à 5.8)");
    y = figure(&mut page, y, "Formulaires attendus", k.expected);
    y = figure(&mut page, y, "Reçus", k.received);
    y = figure(&mut page, y, "Manquants", k.missing);
    y = figure(&mut page, y, "Refus", k.refused);
    y = figure(&mut page, y, "Retraits", k.withdrawn);
    y = figure(&mut page, y, "Réponses laissées vides (comptent comme un non)", k.blank);

    let d = &report.deletion;
    y = section(&mut page, y, "Suppression en fin d’année (art. 5.9)");
    y = figure(&mut page, y, "Utilisations à vider au 30 juin", d.total);
    y = figure(&mut page, y, "Suppressions confirmées par écrit", d.confirmee);
    y = figure(&mut page, y, "dont confirmées en retard (après le 30 juin)", d.confirmee_en_retard);
    y = figure(&mut page, y, "En retard", d.en_retard);

    y = section(&mut page, y, "Infractions constatées");
    y = figure(&mut page, y, "Ouvertes", report.infractions.open);
    y = figure(&mut page, y, "Résolues", report.infractions.resolved);

    y += 3.0;
    y = page.paragraph_text(
        LEFT_MM,
        y,
        CONTENT_WIDTH_MM,
        NOTE_STYLE,
        &fr_typography(
            "Ce rapport ne contient que des nombres : aucun nom d’élève ni renseignement personnel. \
             Le détail par classe suit.",
        ),
    );
    // The principal signs before sending to the CSS.
    let signature_top = y.max(BOTTOM_MM - 24.0) + 2.0;
    let mut y = page.paragraph_text(
        LEFT_MM,
        signature_top,
        CONTENT_WIDTH_MM,
        INFO_STYLE,
        &fr_typography(&format!(
            "J’atteste que ce rapport reflète la situation de l’école inscrite dans Balise au {}.",
            fr_long_date(report.as_of)
        )),
    );
    y += 9.0;
    page.horizontal_line(LEFT_MM, LEFT_MM + 95.0, y, Stroke::new(0.6, 0.0));
    page.horizontal_line(LEFT_MM + 115.0, RIGHT_MM, y, Stroke::new(0.6, 0.0));
    let label = format!(
        "Signature de la direction{}",
        if principal == "—" { String::new() } else { format!(" ({principal})") }
    );
    page.text(LEFT_MM, y + 1.0, NOTE_STYLE, &label);
    page.text(LEFT_MM + 115.0, y + 1.0, NOTE_STYLE, "Date");
    page
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn section(page: &mut Page, y: f32, title: &str) -> f32 {
    page.text(LEFT_MM, y + 1.5, HEADING_STYLE, &fr_typography(title))
}

fn figure(page: &mut Page, y: f32, label: &str, value: u32) -> f32 {
    row(page, y, label, &value.to_string())
}

fn row(page: &mut Page, y: f32, label: &str, value: &str) -> f32 {
    page.text(LEFT_MM + 3.0, y, ROW_STYLE, &fr_typography(label));
    page.text_aligned(VALUE_X_MM + 40.0, y, ROW_STYLE.with_face(Face::SansBold), Align::Right, value);
    page.horizontal_line(
        LEFT_MM + 3.0,
        VALUE_X_MM + 40.0,
        y + ROW_STYLE.line_height_mm() - 0.6,
        Stroke::new(0.25, 0.8),
    );
    y + ROW_STYLE.line_height_mm()
}

fn class_heading(class: &ClassReport, continued: bool) -> String {
    let mut heading = format!("Classe {}", class.class_code.trim());
    if !class.level.trim().is_empty() {
        heading.push_str(&format!(" — {}", class.level.trim()));
    }
    if continued {
        heading.push_str(" (suite)");
    }
    heading
}

/// A class: heading, teachers, consent counts, then its uses as a table whose header row is
/// repeated on a new page.
fn class_table(writer: &mut Flow<'_>, class: &ClassReport) {
    let row_height = CELL_STYLE.line_height_mm();
    let counts = class.consents;
    let teachers =
        if class.teachers.is_empty() { "aucun·e inscrit·e".to_string() } else { class.teachers.join(", ") };
    let consents = format!(
        "Consentements : {} attendus, {} reçus, {} manquants, {} refus, {} retraits",
        counts.expected, counts.received, counts.missing, counts.refused, counts.withdrawn
    );
    // The heading block and at least the header row and one use stay together.
    writer.room(HEADING_STYLE.line_height_mm() + 2.0 * INFO_STYLE.line_height_mm() + 2.0 * row_height + 4.0);
    let y = writer.y;
    let page = writer.page();
    let mut y = page.text(LEFT_MM, y, HEADING_STYLE, &class_heading(class, false));
    y = page.paragraph(
        LEFT_MM,
        y,
        CONTENT_WIDTH_MM,
        INFO_STYLE,
        &[Span::bold(&fr_typography("Enseignant·es : ")), Span::regular(&teachers)],
    );
    y = page.paragraph_text(LEFT_MM, y, CONTENT_WIDTH_MM, INFO_STYLE, &fr_typography(&consents)) + 1.0;
    writer.y = y;
    if class.uses.is_empty() {
        let y = writer.y;
        writer.y = writer.page().text(LEFT_MM + 3.0, y, NOTE_STYLE, "Aucune plateforme inscrite (art. 4).") + 5.0;
        return;
    }
    writer.table(
        &class.uses,
        |_| row_height,
        |page, y, continued| {
            let y = if continued { page.text(LEFT_MM, y, HEADING_STYLE, &class_heading(class, true)) } else { y };
            header_row(page, y)
        },
        |page, y, use_| {
            let cells = [
                use_.platform.clone(),
                use_.status.label_fr().to_string(),
                use_.audience.label_fr().to_string(),
                state_text(use_.state).to_string(),
                deletion_text(use_.deletion).to_string(),
            ];
            let mut x = LEFT_MM;
            for ((_, width), cell) in COLUMNS.iter().zip(&cells) {
                page.text(x + 1.0, y + 0.3, CELL_STYLE, &fit(cell, width - 2.0));
                x += width;
            }
            page.horizontal_line(LEFT_MM, RIGHT_MM, y + row_height, Stroke::new(0.3, 0.7));
            y + row_height
        },
    );
    // The Annexe A's « membre du personnel » (5.9): said only for a use that names its own staff;
    // the others are the class's teachers, above.
    for use_ in class.uses.iter().filter(|u| u.own_staff) {
        let line = format!(
            "{} ({}) : personnel de l’utilisation — {}",
            use_.platform,
            use_.audience.label_fr(),
            use_.staff.join(", ")
        );
        writer.room(NOTE_STYLE.line_height_mm() + 1.0);
        let y = writer.y + 1.0;
        writer.y = writer.page().paragraph_text(LEFT_MM, y, CONTENT_WIDTH_MM, NOTE_STYLE, &fr_typography(&line));
    }
    writer.y += 6.0;
}

fn header_row(page: &mut Page, y: f32) -> f32 {
    let height = CELL_STYLE.line_height_mm();
    page.fill_rectangles(&[[LEFT_MM, y, CONTENT_WIDTH_MM, height]], 0.9);
    let mut x = LEFT_MM;
    for (title, width) in COLUMNS {
        page.text(x + 1.0, y + 0.3, CELL_STYLE.with_face(Face::SansBold), title);
        x += width;
    }
    page.horizontal_line(LEFT_MM, RIGHT_MM, y + height, Stroke::new(0.6, 0.0));
    y + height
}

/// `text` shortened with « … » to fit `width_mm`.
fn fit(text: &str, width_mm: f32) -> String {
    let mut shown = text.trim().to_string();
    while Face::Sans.text_width_mm(&shown, CELL_STYLE.size_pt) > width_mm && shown.chars().count() > 2 {
        shown.pop();
        shown = format!("{}…", shown.trim_end_matches('…').trim_end());
    }
    shown
}
