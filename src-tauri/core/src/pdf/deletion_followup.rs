//! The printable follow-up of the deletion confirmations still missing (Directive 5.9): per
//! staff member, each use not confirmed, its state (*en retard* after 30 June marked) and when its
//! attestation was printed; then the 5.10 checklist, the students' documents the confirmations
//! say must be put in their file, a box to tick each. Dated: it is true the day it is printed.

use chrono::NaiveDate;

use super::document::{render_document, DocumentInfo};
use super::flow::{self, Flow, STANDARD};
use super::fonts::Face;
use super::image::Image;
use super::page::{Page, Stroke, TextStyle};
use super::typography::{fr_long_date, fr_typography};
use super::wrap::{wrap, Span};
use super::PdfError;
use crate::year::SchoolYear;

/// What the follow-up prints.
#[derive(Clone, Debug, PartialEq)]
pub struct DeletionFollowup {
    pub css_name: String,
    pub school_name: String,
    pub school_year: SchoolYear,
    pub date: NaiveDate,
    /// Uses needing deletion this year, and how many are confirmed.
    pub total: u32,
    pub confirmed: u32,
    /// Of `confirmed`, those dated after 30 June: said « dont N en retard » (Directive 5.9).
    pub confirmed_late: u32,
    pub groups: Vec<FollowupGroup>,
    /// Directive 5.10: the documents to put in the students' files.
    pub kept: Vec<KeptLine>,
}

/// One line of the 5.10 checklist.
#[derive(Clone, Debug, PartialEq)]
pub struct KeptLine {
    /// « Nom, Prénom »; empty for a confirmation whose « oui » came without its list.
    pub student: String,
    pub class_code: String,
    pub document: String,
    /// Where it comes from: « 601 ClassDojo — Marie Tremblay, 2026-06-29 ».
    pub source: String,
}

/// One staff member (or « Sans enseignant·e ») and their uses not confirmed.
#[derive(Clone, Debug, PartialEq)]
pub struct FollowupGroup {
    pub staff: String,
    pub rows: Vec<FollowupRow>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FollowupRow {
    pub class_code: String,
    pub platform: String,
    /// « à faire », « attestation imprimée », « en retard ».
    pub state: String,
    pub late: bool,
    pub printed_on: Option<NaiveDate>,
}

const LEFT_MM: f32 = STANDARD.left_mm;
const RIGHT_MM: f32 = STANDARD.right_mm;
const TOP_MM: f32 = STANDARD.top_mm;
const CONTENT_WIDTH_MM: f32 = STANDARD.width_mm();
const CLASS_X: f32 = LEFT_MM + 4.0;
const PLATFORM_X: f32 = LEFT_MM + 32.0;
const STATE_X: f32 = LEFT_MM + 95.0;
const PRINTED_X: f32 = LEFT_MM + 135.0;
// The 5.10 checklist's columns: the box, the student, the class, the document, the source.
const BOX_MM: f32 = 3.2;
const KEPT_STUDENT_X: f32 = LEFT_MM + 8.0;
const KEPT_CLASS_X: f32 = LEFT_MM + 58.0;
const KEPT_DOCUMENT_X: f32 = LEFT_MM + 74.0;
const KEPT_DOCUMENT_MM: f32 = 50.0;
const KEPT_SOURCE_X: f32 = LEFT_MM + 127.0;
const KEPT_SOURCE_MM: f32 = RIGHT_MM - KEPT_SOURCE_X;

const TITLE_STYLE: TextStyle = TextStyle::new(Face::SansBold, 15.0).with_line_height(1.25);
const INFO_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.5).with_line_height(1.35);
const HEADING_STYLE: TextStyle = TextStyle::new(Face::SansBold, 11.5).with_line_height(1.4);
const COLUMN_STYLE: TextStyle = TextStyle::new(Face::SansBold, 9.0).with_line_height(1.3).with_grey(0.3);
const CELL_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.0).with_line_height(1.45);
const EMPTY_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.5).with_line_height(1.45).with_grey(0.4);
const NOTE_STYLE: TextStyle = TextStyle::new(Face::Sans, 9.0).with_line_height(1.35).with_grey(0.3);
const SOURCE_STYLE: TextStyle = TextStyle::new(Face::Sans, 8.5).with_line_height(1.35).with_grey(0.25);

/// Renders the follow-up on as many Letter pages as it needs, the organisation's `logo` above its
/// first header.
pub fn render(followup: &DeletionFollowup, logo: Option<&Image>) -> Result<Vec<u8>, PdfError> {
    render_counted(followup, logo).map(|(bytes, _)| bytes)
}

/// The PDF and its number of pages.
pub fn render_counted(followup: &DeletionFollowup, logo: Option<&Image>) -> Result<(Vec<u8>, usize), PdfError> {
    let mut first = Page::letter();
    let beside = flow::logo_beside(&mut first, LEFT_MM, TOP_MM, logo);
    let y = header(&mut first, followup, Some(beside));
    if followup.groups.is_empty() {
        first.text(LEFT_MM, y, EMPTY_STYLE, "Aucune confirmation ne manque : toutes les suppressions sont confirmées.");
    }
    let mut flow = Flow::starting_with(STANDARD, first, y, |page| header(page, followup, None));
    for group in &followup.groups {
        // A staff member's heading, the column titles and one row stay together.
        flow.room(HEADING_STYLE.line_height_mm() + COLUMN_STYLE.line_height_mm() + CELL_STYLE.line_height_mm());
        flow.table(
            &group.rows,
            |_| CELL_STYLE.line_height_mm(),
            |page, y, continued| group_head(page, y, &group.staff, continued),
            row_line,
        );
        flow.y += 4.0;
    }
    if !followup.kept.is_empty() {
        kept_section(&mut flow, &followup.kept);
    }
    let mut pages = flow.finish();
    let count = pages.len();
    let left =
        format!("Suppressions à confirmer — {} — situation au {}", followup.school_year, fr_long_date(followup.date));
    flow::number_pages(&mut pages, |page, number, count| flow::footer(page, &STANDARD, &left, number, count));
    let title = format!("Suppressions à confirmer — {}", followup.school_year);
    render_document(&DocumentInfo { title: &title, created_on: followup.date }, pages).map(|bytes| (bytes, count))
}

/// The title, and on the first page (`first`: the title and the school beside the logo, from
/// that x, the rest under the logo's bottom) the date and the counts; « (suite) » on the next
/// ones. Returns the y below.
fn header(page: &mut Page, f: &DeletionFollowup, first: Option<(f32, f32)>) -> f32 {
    let (title_x, logo_bottom) = first.unwrap_or((LEFT_MM, TOP_MM));
    let title_width = CONTENT_WIDTH_MM - (title_x - LEFT_MM);
    let title = format!("Suppressions de fin d’année à confirmer — {}", f.school_year);
    let mut y = page.paragraph_text(title_x, TOP_MM, title_width, TITLE_STYLE, &title);
    let date = format!("Situation au {}", fr_long_date(f.date));
    if first.is_some() {
        let school = format!("{} — {}", f.school_name.trim(), f.css_name.trim());
        y = page.paragraph_text(title_x, y, title_width, INFO_STYLE, school.trim_start_matches(" — "));
        y = y.max(logo_bottom);
        y = page.text(LEFT_MM, y, INFO_STYLE.with_face(Face::SansBold), &date);
        let missing = f.total.saturating_sub(f.confirmed);
        let late = match f.confirmed_late {
            0 => String::new(),
            late => format!(" (dont {late} confirmée(s) en retard)"),
        };
        let counts = fr_typography(&format!(
            "{} utilisation(s) de plateforme à vider au plus tard le {} (Directive, art. 5.9) : {} confirmée(s){late}, {} à confirmer.",
            f.total,
            fr_long_date(f.school_year.last_day()),
            f.confirmed,
            missing
        ));
        y = page.paragraph_text(LEFT_MM, y, CONTENT_WIDTH_MM, INFO_STYLE, &counts);
    } else {
        y = page.text(LEFT_MM, y, INFO_STYLE, &format!("{date} (suite)"));
    }
    y += 2.0;
    page.horizontal_line(LEFT_MM, RIGHT_MM, y, Stroke::new(0.8, 0.0));
    y + 4.0
}

fn group_head(page: &mut Page, y: f32, staff: &str, continued: bool) -> f32 {
    let heading = if continued { format!("{} (suite)", staff.trim()) } else { staff.trim().to_string() };
    let y = page.text(LEFT_MM, y, HEADING_STYLE, &heading);
    page.text(CLASS_X, y, COLUMN_STYLE, "Classe");
    page.text(PLATFORM_X, y, COLUMN_STYLE, "Plateforme");
    page.text(STATE_X, y, COLUMN_STYLE, "État");
    page.text(PRINTED_X, y, COLUMN_STYLE, "Attestation imprimée");
    let y = y + COLUMN_STYLE.line_height_mm();
    page.horizontal_line(LEFT_MM, RIGHT_MM, y, Stroke::new(0.4, 0.5));
    y + 0.5
}

/// Directive 5.10: « les renseignements ou documents qui doivent être conservés doivent être
/// déposés au dossier de l'élève » — the list to tick, one line per student and document.
fn kept_section(flow: &mut Flow, kept: &[KeptLine]) {
    let title = fr_typography("Documents à verser au dossier de l’élève (Directive, art. 5.10)");
    let note = fr_typography(
        "Ce que les confirmations disent avoir conservé : cochez chaque document une fois déposé au dossier de l’élève.",
    );
    let intro = HEADING_STYLE.line_height_mm() + 2.0 * NOTE_STYLE.line_height_mm();
    flow.y += 2.0;
    flow.room(intro + COLUMN_STYLE.line_height_mm() + kept_height(&kept[0]));
    flow.draw(|page, y| {
        let y = page.paragraph_text(LEFT_MM, y, CONTENT_WIDTH_MM, HEADING_STYLE, &title);
        page.paragraph_text(LEFT_MM, y, CONTENT_WIDTH_MM, NOTE_STYLE, &note) + 1.0
    });
    flow.table(kept, kept_height, kept_head, kept_line);
}

fn kept_head(page: &mut Page, y: f32, continued: bool) -> f32 {
    if continued {
        let title = fr_typography("Documents à verser au dossier de l’élève (suite)");
        let below = page.text(LEFT_MM, y, HEADING_STYLE, &title);
        return kept_head(page, below, false);
    }
    page.text(KEPT_STUDENT_X, y, COLUMN_STYLE, "Élève");
    page.text(KEPT_CLASS_X, y, COLUMN_STYLE, "Classe");
    page.text(KEPT_DOCUMENT_X, y, COLUMN_STYLE, "Document");
    page.text(KEPT_SOURCE_X, y, COLUMN_STYLE, "Confirmé pour");
    let y = y + COLUMN_STYLE.line_height_mm();
    page.horizontal_line(LEFT_MM, RIGHT_MM, y, Stroke::new(0.4, 0.5));
    y + 0.5
}

fn kept_lines(text: &str, width: f32, size: f32) -> usize {
    wrap(&[Span::regular(text)], size, width).len().max(1)
}

fn kept_height(line: &KeptLine) -> f32 {
    let document = kept_lines(&fr_typography(line.document.trim()), KEPT_DOCUMENT_MM, CELL_STYLE.size_pt);
    let source = kept_lines(&fr_typography(line.source.trim()), KEPT_SOURCE_MM, SOURCE_STYLE.size_pt);
    let student = kept_lines(line.student.trim(), KEPT_CLASS_X - KEPT_STUDENT_X - 2.0, CELL_STYLE.size_pt);
    (document.max(student) as f32 * CELL_STYLE.line_height_mm()).max(source as f32 * SOURCE_STYLE.line_height_mm())
        + 0.6
}

fn kept_line(page: &mut Page, y: f32, line: &KeptLine) -> f32 {
    page.checkbox(LEFT_MM + 1.5, y + CELL_STYLE.baseline_offset_mm() - BOX_MM + 0.4, BOX_MM);
    let student = if line.student.trim().is_empty() { "—" } else { line.student.trim() };
    let mut bottom = page.paragraph_text(KEPT_STUDENT_X, y, KEPT_CLASS_X - KEPT_STUDENT_X - 2.0, CELL_STYLE, student);
    page.text(KEPT_CLASS_X, y, CELL_STYLE, line.class_code.trim());
    bottom = bottom.max(page.paragraph_text(
        KEPT_DOCUMENT_X,
        y,
        KEPT_DOCUMENT_MM,
        CELL_STYLE,
        &fr_typography(line.document.trim()),
    ));
    bottom = bottom.max(page.paragraph_text(
        KEPT_SOURCE_X,
        y + 0.4,
        KEPT_SOURCE_MM,
        SOURCE_STYLE,
        &fr_typography(line.source.trim()),
    ));
    let bottom = bottom.max(y + kept_height(line) - 0.6);
    page.horizontal_line(LEFT_MM, RIGHT_MM, bottom, Stroke::new(0.25, 0.75));
    bottom + 0.6
}

fn row_line(page: &mut Page, y: f32, row: &FollowupRow) -> f32 {
    page.text(CLASS_X, y, CELL_STYLE, row.class_code.trim());
    page.text(PLATFORM_X, y, CELL_STYLE, row.platform.trim());
    if row.late {
        page.text(STATE_X, y, CELL_STYLE.with_face(Face::SansBold), "EN RETARD");
    } else {
        page.text(STATE_X, y, CELL_STYLE, &row.state);
    }
    let printed = row.printed_on.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "non".into());
    page.text(PRINTED_X, y, CELL_STYLE, &printed);
    let bottom = y + CELL_STYLE.line_height_mm();
    page.horizontal_line(LEFT_MM, RIGHT_MM, bottom, Stroke::new(0.25, 0.75));
    bottom + 0.3
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::test_support::{flatten, pages_text, pdftotext, screenshot};

    fn followup(rows_per_group: usize, late: bool) -> DeletionFollowup {
        let row = |i: usize| FollowupRow {
            class_code: format!("60{}", i % 10),
            platform: if i.is_multiple_of(2) { "ClassDojo".into() } else { "Teams".into() },
            state: if late { "en retard".into() } else { "attestation imprimée".into() },
            late,
            printed_on: NaiveDate::from_ymd_opt(2026, 6, 1),
        };
        DeletionFollowup {
            css_name: "Centre de services scolaire du Pays-des-Bleuets".into(),
            school_name: "École du Boisé".into(),
            school_year: SchoolYear::starting(2025),
            date: if late {
                NaiveDate::from_ymd_opt(2026, 7, 2).unwrap()
            } else {
                NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
            },
            total: 10,
            confirmed: 4,
            confirmed_late: if late { 1 } else { 0 },
            groups: vec![
                FollowupGroup { staff: "Geneviève Lévesque".into(), rows: (0..rows_per_group).map(row).collect() },
                FollowupGroup { staff: "Sans enseignant·e".into(), rows: vec![row(3)] },
            ],
            kept: vec![
                KeptLine {
                    student: "Côté, Ève-Marie".into(),
                    class_code: "601".into(),
                    document: "Portfolio d’écriture (trois textes)".into(),
                    source: "601 ClassDojo, 601 Teams — Geneviève Lévesque, 2026-06-29".into(),
                },
                KeptLine {
                    student: String::new(),
                    class_code: "602".into(),
                    document: "documents non détaillés (case « oui » cochée, sans liste)".into(),
                    source: "602 Teams — Paul Gagnon, 2026-06-20".into(),
                },
            ],
        }
    }

    #[test]
    fn the_follow_up_lists_each_missing_use_under_its_staff_member() {
        let bytes = render(&followup(2, true), None).unwrap();
        screenshot(&bytes, 1, 80, "deletion-followup-p1");
        let flat = flatten(&pages_text(&bytes)[0]);
        for expected in [
            "Suppressions de fin d’année à confirmer — 2025-2026",
            "Situation au 2 juillet 2026",
            "10 utilisation(s) de plateforme à vider au plus tard le 30 juin 2026",
            "4 confirmée(s) (dont 1 confirmée(s) en retard), 6 à confirmer",
            "Geneviève Lévesque",
            "600 ClassDojo EN RETARD 2026-06-01",
            "601 Teams EN RETARD",
            "Sans enseignant·e",
            "Documents à verser au dossier de l’élève (Directive, art. 5.10)",
            "Côté, Ève-Marie 601 Portfolio d’écriture (trois textes)",
            "601 ClassDojo, 601 Teams — Geneviève Lévesque, 2026-06-29",
            "documents non détaillés",
        ] {
            assert!(flat.contains(expected), "{expected:?} missing from:\n{flat}");
        }
        let not_late = flatten(&pages_text(&render(&followup(1, false), None).unwrap())[0]);
        assert!(not_late.contains("attestation imprimée") && !not_late.contains("EN RETARD"), "{not_late}");
        assert!(not_late.contains("4 confirmée(s), 6 à confirmer"), "nothing late, nothing said: {not_late}");
    }

    #[test]
    fn a_long_follow_up_continues_and_an_empty_one_says_so() {
        let pages = pages_text(&render(&followup(80, false), None).unwrap());
        assert!(pages.len() >= 2, "{} pages", pages.len());
        assert!(flatten(&pages[1]).contains("Geneviève Lévesque (suite)"), "{}", pages[1]);
        let mut empty = followup(0, false);
        empty.groups.clear();
        empty.kept.clear();
        let flat = flatten(&pages_text(&render(&empty, None).unwrap())[0]);
        assert!(flat.contains("toutes les suppressions sont confirmées"), "{flat}");
        assert!(!flat.contains("art. 5.10"), "no checklist when nothing was kept: {flat}");
        // A long checklist runs onto another page under its heading.
        let mut long = followup(1, false);
        long.kept =
            (0..60).map(|i| KeptLine { student: format!("Élève {i}, Prénom"), ..long.kept[0].clone() }).collect();
        let pages = pages_text(&render(&long, None).unwrap());
        assert!(pages.len() >= 2, "{} pages", pages.len());
        assert!(flatten(pages.last().unwrap()).contains("Documents à verser au dossier de l’élève (suite)"));
    }

    /// The organisation's logo stands above the first page's title only.
    #[test]
    fn the_logo_heads_the_first_page() {
        use crate::pdf::test_support::{logo, pages_with_images};
        let bytes = render(&followup(80, false), Some(&logo())).unwrap();
        screenshot(&bytes, 1, 80, "deletion-followup-logo");
        assert!(pages_text(&bytes).len() >= 2);
        assert_eq!(pages_with_images(&bytes), [1]);
        assert!(flatten(&pages_text(&bytes)[0]).contains("Suppressions de fin d’année à confirmer"));
    }

    /// The reviewed text of the follow-up list after 30 June (`pdftotext -layout`, the whole
    /// document); `UPDATE_EXPECT=1` rewrites the snapshot.
    #[test]
    fn the_follow_up_matches_its_reviewed_layout() {
        let bytes = render(&followup(2, true), None).unwrap();
        expect_test::expect_file!["snapshots/deletion_followup.txt"].assert_eq(&pdftotext(&bytes, true));
    }
}
