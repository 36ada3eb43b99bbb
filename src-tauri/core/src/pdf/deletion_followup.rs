//! The printable follow-up of the deletion confirmations still missing (Directive 5.9): per
//! staff member, each use not confirmed, its state (*en retard* after 30 June marked) and when its
//! attestation was printed. Dated: it is true the day it is printed.

use chrono::NaiveDate;

use super::document::{render_document, DocumentInfo};
use super::flow::{self, Flow, STANDARD};
use super::fonts::Face;
use super::image::Image;
use super::page::{Page, Stroke, TextStyle};
use super::typography::{fr_long_date, fr_typography};
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

const TITLE_STYLE: TextStyle = TextStyle::new(Face::SansBold, 15.0).with_line_height(1.25);
const INFO_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.5).with_line_height(1.35);
const HEADING_STYLE: TextStyle = TextStyle::new(Face::SansBold, 11.5).with_line_height(1.4);
const COLUMN_STYLE: TextStyle = TextStyle::new(Face::SansBold, 9.0).with_line_height(1.3).with_grey(0.3);
const CELL_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.0).with_line_height(1.45);
const EMPTY_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.5).with_line_height(1.45).with_grey(0.4);

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
        let flat = flatten(&pages_text(&render(&empty, None).unwrap())[0]);
        assert!(flat.contains("toutes les suppressions sont confirmées"), "{flat}");
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
