//! The « Attestation de suppression » (Directive 5.9–5.10): one Letter page per staff member,
//! listing their classes and platforms, the statement that the students' information and
//! documents were deleted or destroyed (and, for a tolerated platform such as ClassDojo, that the
//! accounts were closed: note de service of 25 August 2025), the 5.10 box with ruled lines to
//! list which students' documents went into their file (issue 15: the confirmation records that
//! list), and the signature lines of the staff member and of the principal who receives it.
//!
//! An attestation naming its staff member comes back in the same scanned stacks as the Annexe A
//! (issue 16): each of its pages carries the corner marks and a QR code (`forms::code`'s
//! attestation payload: the store, the year, the staff member, and on the closing page where
//! the 5.10 boxes and the signature line are), so the same reader files and reads it.

use chrono::NaiveDate;

use super::document::{render_document, DocumentInfo};
use super::flow::{self, Frame, FOOTER_STYLE};
use super::fonts::Face;
use super::image::Image;
use super::page::{Align, Page, Stroke, TextStyle};
use super::qr::{corner_marks, draw_qr_code};
use super::typography::{fr_long_date, fr_typography};
use super::wrap::Span;
use super::PdfError;
use crate::forms::code::{self, AttestationLayout, StoreTag};
use crate::year::SchoolYear;
use qrcode::EcLevel;

/// One staff member's attestation.
#[derive(Clone, Debug, PartialEq)]
pub struct Attestation {
    pub css_name: String,
    pub school_name: String,
    pub school_year: SchoolYear,
    /// The staff member; empty for classes without a teacher (a line to fill in by hand).
    pub staff: String,
    /// The principal (Paramètres); empty leaves a line to fill in.
    pub principal: String,
    pub rows: Vec<AttestationRow>,
    pub printed_on: NaiveDate,
    /// The staff member's id on file, for the reader's code; `None` (no named staff member)
    /// prints no code: that page is filed by hand.
    pub staff_id: Option<i64>,
    /// The tag of the store that prints it (`forms::code::StoreTag`).
    pub store_tag: StoreTag,
}

/// One class and platform the attestation covers.
#[derive(Clone, Debug, PartialEq)]
pub struct AttestationRow {
    pub class_code: String,
    pub platform: String,
    /// A tolerated platform (ClassDojo): its accounts are closed too.
    pub tolerated: bool,
}

/// Wider sides than the lists: a letter to be signed and filed.
const FRAME: Frame = Frame::letter(20.0, 16.0, 4.0);
const TOP_MM: f32 = FRAME.top_mm;
const LEFT_MM: f32 = FRAME.left_mm;
const RIGHT_MM: f32 = FRAME.right_mm;
const CONTENT_WIDTH_MM: f32 = FRAME.width_mm();
const BOTTOM_MM: f32 = FRAME.bottom_mm;
const CLASS_COLUMN_MM: f32 = 38.0;
/// The 5.10 boxes: the Annexe A's size, where `forms::code` says (the reader reads them).
const CHECKBOX_MM: f32 = code::BOX_SIDE_MM;
/// Directive 5.10: ruled lines to list the students and their documents kept.
const KEEP_LINES: usize = 4;
const KEEP_LINE_MM: f32 = 6.0;
const KEEP_DOCUMENT_X: f32 = LEFT_MM + 62.0;

const HEAD_STYLE: TextStyle = TextStyle::new(Face::SansBold, 10.5).with_line_height(1.3);
const HEAD_INFO_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.5).with_line_height(1.3);
const TITLE_STYLE: TextStyle = TextStyle::new(Face::SansBold, 17.0).with_line_height(1.25);
const SUBTITLE_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.0).with_line_height(1.3).with_grey(0.25);
const BODY_STYLE: TextStyle = TextStyle::new(Face::Sans, 11.0).with_line_height(1.4);
const LABEL_STYLE: TextStyle = TextStyle::new(Face::SansBold, 11.0).with_line_height(1.4);
const TABLE_HEAD_STYLE: TextStyle = TextStyle::new(Face::SansBold, 10.0).with_line_height(1.5);
const CELL_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.5).with_line_height(1.5);
const NOTE_STYLE: TextStyle = TextStyle::new(Face::Sans, 9.0).with_line_height(1.3).with_grey(0.3);
const CAPTION_STYLE: TextStyle = TextStyle::new(Face::Sans, 8.5).with_line_height(1.2).with_grey(0.3);

/// Renders the attestations, each starting on a new page, in one PDF; the organisation's `logo`
/// beside the school's lines of each.
pub fn render(attestations: &[Attestation], logo: Option<&Image>) -> Result<Vec<u8>, PdfError> {
    let Some(first) = attestations.first() else {
        return Err(PdfError::NoPages);
    };
    let mut pages = Vec::new();
    for att in attestations {
        pages.extend(layout(att, logo)?);
    }
    let title = format!("Attestations de suppression — {}", first.school_year);
    render_document(&DocumentInfo { title: &title, created_on: first.printed_on }, pages)
}

fn layout(att: &Attestation, logo: Option<&Image>) -> Result<Vec<Page>, PdfError> {
    let mut pages = vec![Page::letter()];
    let mut y = header(&mut pages[0], att, logo);

    // The classes and platforms, continued on a new page for a (rare) long list.
    y = table_head(pages.last_mut().expect("a page"), y);
    for row in &att.rows {
        let height = CELL_STYLE.line_height_mm() + if row.tolerated { NOTE_STYLE.line_height_mm() } else { 0.0 };
        if y + height > BOTTOM_MM {
            pages.push(Page::letter());
            let page = pages.last_mut().expect("a page");
            let top = page.text(LEFT_MM, TOP_MM, HEAD_INFO_STYLE, &continued(att));
            y = table_head(page, top + 2.0);
        }
        y = table_row(pages.last_mut().expect("a page"), y, row);
    }
    y += 5.0;

    // The statement, the 5.10 box and the signatures stay together.
    if y + closing_height(att) > BOTTOM_MM {
        pages.push(Page::letter());
        let page = pages.last_mut().expect("a page");
        y = page.text(LEFT_MM, TOP_MM, HEAD_INFO_STYLE, &continued(att)) + 4.0;
    }
    let read = closing(pages.last_mut().expect("a page"), y, att);

    let count = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        footer(page, att, index + 1, count);
        if let Some(staff_id) = att.staff_id {
            // The closing page says where its boxes are; a page before it, that it has none.
            let layout = (index + 1 == count).then_some(&read);
            let payload = u32::try_from(staff_id)
                .ok()
                .and_then(|id| code::encode_attestation(att.store_tag, att.school_year, id, layout))
                .ok_or_else(|| PdfError::QrCode(format!("code d'attestation impossible : {layout:?}")))?;
            corner_marks(page);
            draw_qr_code(page, code::QR_LEFT_MM, code::QR_TOP_MM, code::QR_SIDE_MM, &payload, EcLevel::Q)?;
        }
    }
    Ok(pages)
}

fn continued(att: &Attestation) -> String {
    let who = if att.staff.trim().is_empty() { "Attestation de suppression" } else { att.staff.trim() };
    format!("{who} — année scolaire {} (suite)", att.school_year)
}

/// The school's lines (beside the logo), the title, the staff member. Returns the y below.
fn header(page: &mut Page, att: &Attestation, logo: Option<&Image>) -> f32 {
    let (x, logo_bottom) = match flow::logo(page, LEFT_MM, TOP_MM, logo) {
        Some((width, height)) => (LEFT_MM + width + flow::LOGO_GAP_MM, TOP_MM + height),
        None => (LEFT_MM, TOP_MM),
    };
    // The year stands left of the reader's code (top-right corner), the rule stops short of it.
    let year_right = QR_CLEAR_MM;
    let width = year_right - 40.0 - x;
    let mut y = page.paragraph_text(x, TOP_MM, width, HEAD_STYLE, att.css_name.trim());
    y = page.paragraph_text(x, y, width, HEAD_INFO_STYLE, att.school_name.trim()).max(logo_bottom);
    page.text_aligned(year_right, TOP_MM, HEAD_STYLE, Align::Right, "Année scolaire");
    page.text_aligned(
        year_right,
        TOP_MM + HEAD_STYLE.line_height_mm(),
        HEAD_INFO_STYLE,
        Align::Right,
        &att.school_year.to_string(),
    );
    y = y.max(TOP_MM + 2.0 * HEAD_STYLE.line_height_mm()) + 2.0;
    page.horizontal_line(LEFT_MM, year_right, y, Stroke::new(0.8, 0.0));
    y += 6.0;
    y = page.paragraph_text(LEFT_MM, y, CONTENT_WIDTH_MM, TITLE_STYLE, "Attestation de suppression");
    y = page.paragraph_text(
        LEFT_MM,
        y + 0.5,
        CONTENT_WIDTH_MM,
        SUBTITLE_STYLE,
        &fr_typography(
            "Renseignements et documents concernant les élèves sur les plateformes de communication — \
             Directive sur l’utilisation des plateformes de communication, art. 5.9 et 5.10",
        ),
    );
    y += 6.0;
    let label = "Membre du personnel : ";
    let label = fr_typography(label);
    page.text(LEFT_MM, y, LABEL_STYLE, &label);
    let x = LEFT_MM + Face::SansBold.text_width_mm(&label, LABEL_STYLE.size_pt) + 1.0;
    if att.staff.trim().is_empty() {
        let baseline = y + LABEL_STYLE.baseline_offset_mm() + 0.6;
        page.horizontal_line(x, x + 90.0, baseline, Stroke::new(0.6, 0.0));
    } else {
        page.text(x, y, BODY_STYLE, att.staff.trim());
    }
    y += LABEL_STYLE.line_height_mm() + 4.0;
    page.paragraph_text(
        LEFT_MM,
        y,
        CONTENT_WIDTH_MM,
        BODY_STYLE,
        &fr_typography("Plateformes utilisées avec les élèves ou leurs parents au cours de l’année :"),
    ) + 1.5
}

fn table_head(page: &mut Page, y: f32) -> f32 {
    page.text(LEFT_MM + 2.0, y, TABLE_HEAD_STYLE, "Classe");
    page.text(LEFT_MM + CLASS_COLUMN_MM, y, TABLE_HEAD_STYLE, "Plateforme");
    let y = y + TABLE_HEAD_STYLE.line_height_mm();
    page.horizontal_line(LEFT_MM, RIGHT_MM, y, Stroke::new(0.8, 0.0));
    y + 0.8
}

fn table_row(page: &mut Page, y: f32, row: &AttestationRow) -> f32 {
    page.text(LEFT_MM + 2.0, y, CELL_STYLE, row.class_code.trim());
    let mut bottom = page.text(LEFT_MM + CLASS_COLUMN_MM, y, CELL_STYLE, row.platform.trim());
    if row.tolerated {
        bottom = page.text(
            LEFT_MM + CLASS_COLUMN_MM,
            bottom - 1.0,
            NOTE_STYLE,
            &fr_typography("Plateforme tolérée : les comptes sont aussi à fermer (note de service)"),
        ) + 1.0;
    }
    page.horizontal_line(LEFT_MM, RIGHT_MM, bottom, Stroke::new(0.3, 0.6));
    bottom + 0.8
}

fn statement() -> String {
    fr_typography(
        "J’atteste que tous les renseignements et documents concernant les élèves qui se trouvaient sur \
         chacune des plateformes ci-dessus ont été supprimés ou détruits (Directive, art. 5.9).",
    )
}

fn tolerated_statement(att: &Attestation) -> Option<String> {
    let tolerated: Vec<&str> = att.rows.iter().filter(|r| r.tolerated).map(|r| r.platform.trim()).collect();
    if tolerated.is_empty() {
        return None;
    }
    let mut names: Vec<&str> = Vec::new();
    for name in tolerated {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    Some(fr_typography(&format!(
        "Pour {}, plateforme tolérée pour l’année scolaire {} seulement, j’atteste aussi que les comptes \
         ont été fermés (note de service du 25 août 2025).",
        names.join(", "),
        att.school_year
    )))
}

const KEEP_TEXT: &str = "Les renseignements et documents à conserver ont été versés au dossier de l’élève \
                         (art. 5.10).";

fn closing_height(att: &Attestation) -> f32 {
    let lines = |text: &str| super::wrap::wrap(&[Span::regular(text)], BODY_STYLE.size_pt, CONTENT_WIDTH_MM).len();
    let mut count = lines(&statement());
    if let Some(text) = tolerated_statement(att) {
        count += lines(&text);
    }
    count += 2;
    // The blocks below the text (boxes, the two signatures, « Reçu par la direction »): 82 mm.
    count as f32 * BODY_STYLE.line_height_mm() + 82.0 + keep_lines_height()
}

/// The height of the 5.10 list: its caption and ruled lines.
fn keep_lines_height() -> f32 {
    NOTE_STYLE.line_height_mm() + 1.0 + KEEP_LINES as f32 * KEEP_LINE_MM + 2.0
}

/// The statement, the 5.10 answer, the two signature blocks. Returns where the reader finds the
/// 5.10 boxes and the staff member's signature line.
fn closing(page: &mut Page, y: f32, att: &Attestation) -> AttestationLayout {
    let mut y = page.paragraph_text(LEFT_MM, y, CONTENT_WIDTH_MM, BODY_STYLE, &statement()) + 2.0;
    if let Some(text) = tolerated_statement(att) {
        y = page.paragraph_text(LEFT_MM, y, CONTENT_WIDTH_MM, BODY_STYLE, &text) + 2.0;
    }
    y += 2.0;
    // Directive 5.10, with Oui / Non boxes to tick.
    let keep = fr_typography(KEEP_TEXT);
    y = page.paragraph_text(LEFT_MM, y, CONTENT_WIDTH_MM, BODY_STYLE, &keep) + 1.0;
    let box_top = y + LABEL_STYLE.baseline_offset_mm() - CHECKBOX_MM / 2.0 - 1.3;
    let mut x = 0.0;
    for (label, box_x) in ["Oui", "Non"].into_iter().zip(code::ATTESTATION_BOX_LEFTS_MM) {
        page.checkbox(box_x, box_top, CHECKBOX_MM);
        page.text(box_x + CHECKBOX_MM + 2.0, y, LABEL_STYLE, label);
        x = box_x + CHECKBOX_MM + 2.0 + Face::SansBold.text_width_mm(label, LABEL_STYLE.size_pt);
    }
    page.text(
        x + 14.0,
        y + 0.6,
        NOTE_STYLE,
        &fr_typography("(Non : aucun renseignement ni document n’était à conserver)"),
    );
    y += LABEL_STYLE.line_height_mm() + 1.5;
    // Which students, which documents: the secretary records these lines with the confirmation.
    page.text(LEFT_MM + 4.0, y, NOTE_STYLE, &fr_typography("Si oui, élève"));
    page.text(KEEP_DOCUMENT_X, y, NOTE_STYLE, &fr_typography("Document versé à son dossier"));
    y += NOTE_STYLE.line_height_mm() + 1.0;
    for _ in 0..KEEP_LINES {
        y += KEEP_LINE_MM;
        page.horizontal_line(LEFT_MM + 4.0, KEEP_DOCUMENT_X - 4.0, y, Stroke::new(0.4, 0.4));
        page.horizontal_line(KEEP_DOCUMENT_X, RIGHT_MM, y, Stroke::new(0.4, 0.4));
    }
    y += 8.0;

    let signature_line_mm = y + SIGNATURE_ROOM_MM;
    y = signature_block(page, y, "Signature du membre du personnel");
    y += 9.0;
    page.horizontal_line(LEFT_MM, RIGHT_MM, y, Stroke::new(0.5, 0.5));
    y += 4.0;
    y = page.text(LEFT_MM, y, LABEL_STYLE, "Reçu par la direction") + 1.0;
    let label = fr_typography("Nom : ");
    page.text(LEFT_MM, y, BODY_STYLE, &label);
    let x = LEFT_MM + Face::Sans.text_width_mm(&label, BODY_STYLE.size_pt) + 1.0;
    if att.principal.trim().is_empty() {
        page.horizontal_line(x, x + 90.0, y + BODY_STYLE.baseline_offset_mm() + 0.6, Stroke::new(0.6, 0.0));
    } else {
        page.text(x, y, BODY_STYLE, att.principal.trim());
    }
    y += BODY_STYLE.line_height_mm() + 4.0;
    signature_block(page, y, "Signature de la direction");
    AttestationLayout { box_top_mm: box_top, signature_line_mm }
}

/// Room to sign above a signature line.
const SIGNATURE_ROOM_MM: f32 = 12.0;
/// Right of this x the top of the page is the reader's code's (with 4 mm of white before it).
const QR_CLEAR_MM: f32 = code::QR_LEFT_MM - 4.0;

/// A signature line and a date line side by side, with room to sign above. Returns the y below.
fn signature_block(page: &mut Page, y: f32, caption: &str) -> f32 {
    let line_y = y + SIGNATURE_ROOM_MM;
    let rule = Stroke::new(0.6, 0.0);
    page.horizontal_line(
        code::ATTESTATION_SIGNATURE_LEFT_MM,
        code::ATTESTATION_SIGNATURE_LEFT_MM + code::ATTESTATION_SIGNATURE_WIDTH_MM,
        line_y,
        rule,
    );
    page.text(LEFT_MM, line_y + 1.0, CAPTION_STYLE, caption);
    let date_x = LEFT_MM + 112.0;
    page.horizontal_line(date_x, RIGHT_MM, line_y, rule);
    page.text(date_x, line_y + 1.0, CAPTION_STYLE, "Date");
    line_y + 1.0 + CAPTION_STYLE.line_height_mm()
}

fn footer(page: &mut Page, att: &Attestation, number: usize, count: usize) {
    let y = flow::footer_rule(page, &FRAME);
    let deadline = fr_long_date(att.school_year.last_day());
    let left = format!(
        "À remettre signée à la direction au plus tard le {deadline} — imprimée le {}",
        fr_long_date(att.printed_on)
    );
    page.text(LEFT_MM, y, FOOTER_STYLE, &left);
    if count > 1 {
        page.text_aligned(RIGHT_MM, y, FOOTER_STYLE, Align::Right, &format!("Page {number} de {count}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::test_support::{flatten, pages_text, pdftotext, pen_stroke as stroke, scanned, screenshot};

    fn attestation(rows: usize) -> Attestation {
        let platforms = [("601", "Teams", false), ("601", "ClassDojo", true), ("602", "Classroom", false)];
        Attestation {
            css_name: "Centre de services scolaire du Pays-des-Bleuets".into(),
            school_name: "École Notre-Dame-de-l’Assomption".into(),
            school_year: SchoolYear::starting(2025),
            staff: "Geneviève Lévesque".into(),
            principal: "Claire Bouchard".into(),
            rows: (0..rows)
                .map(|i| {
                    let (class, platform, tolerated) = platforms[i % 3];
                    AttestationRow { class_code: class.into(), platform: platform.into(), tolerated }
                })
                .collect(),
            printed_on: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
            staff_id: Some(7),
            store_tag: StoreTag::default(),
        }
    }

    /// Issue 16: an attestation comes back in the scanned stacks; the reader finds its code (the
    /// store, the year, the staff member), its 5.10 boxes and its signature line where the code
    /// says, and reads them as it reads an Annexe A.
    #[test]
    fn the_reader_reads_a_returned_attestation() {
        use crate::scan::read::{read_page, Answer, Found, Options, Reason};
        let bytes = render(&[attestation(3)], None).unwrap();
        let dpi = 200;
        let blank = scanned(&bytes, 1, dpi);
        let reading = read_page(&blank, Some(dpi as f32), &Options::default());
        let Found::Attestation(found) = &reading.found else { panic!("{:?}", reading.found) };
        assert_eq!((found.staff_id, found.year, found.store), (7, SchoolYear::starting(2025), StoreTag::default()));
        let layout = found.layout.expect("the closing page's layout");
        assert_eq!(reading.answers, [Answer::Vide], "{reading:?}");
        assert_eq!(reading.signed, Some(false));
        assert!(reading.review && reading.reasons.contains(&Reason::NotSigned), "{:?}", reading.reasons);

        // « Non » ticked (nothing was to be kept), signed.
        let mut page = blank.clone();
        let no = layout.sheet().rows[0][1];
        stroke(&mut page, dpi, (no.left + 0.8, no.top + 0.8), (no.left + 3.4, no.top + 3.4));
        stroke(&mut page, dpi, (no.left + 3.4, no.top + 0.8), (no.left + 0.8, no.top + 3.4));
        let line = layout.signature_line_mm;
        stroke(&mut page, dpi, (30.0, line - 1.5), (45.0, line - 6.0));
        stroke(&mut page, dpi, (45.0, line - 6.0), (70.0, line - 2.0));
        let reading = read_page(&page, Some(dpi as f32), &Options::default());
        assert_eq!((reading.answers.as_slice(), reading.signed), ([Answer::Non].as_slice(), Some(true)));
        assert!(!reading.review, "{:?}", reading.reasons);
        let crops = reading.crops.expect("crops for the review screen");
        assert_eq!(crops.boxes.len(), 1);
        screenshot(&bytes, 1, 80, "attestation-code");

        // A long list: the page before the closing one says it has nothing to read; no staff
        // member named, no code at all.
        let long = render(&[attestation(40)], None).unwrap();
        let first = read_page(&scanned(&long, 1, 150), Some(150.0), &Options::default());
        assert!(first.continued() && !first.review, "{first:?}");
        let last = read_page(&scanned(&long, pages_text(&long).len(), 150), Some(150.0), &Options::default());
        assert!(matches!(&last.found, Found::Attestation(code) if code.layout.is_some()), "{:?}", last.found);
        let nobody = render(&[Attestation { staff_id: None, staff: String::new(), ..attestation(2) }], None).unwrap();
        let reading = read_page(&scanned(&nobody, 1, 150), Some(150.0), &Options::default());
        assert_eq!(reading.found, Found::Unreadable);
        assert_eq!(code::ATTESTATION_SIGNATURE_LEFT_MM, LEFT_MM, "the line starts at the left margin");
    }

    #[test]
    fn the_attestation_says_what_was_deleted_and_who_signs() {
        let bytes = render(&[attestation(3)], None).unwrap();
        screenshot(&bytes, 1, 80, "attestation-p1");
        let pages = pages_text(&bytes);
        assert_eq!(pages.len(), 1, "one staff member, one page");
        let flat = flatten(&pages[0]);
        for expected in [
            "Centre de services scolaire du Pays-des-Bleuets",
            "École Notre-Dame-de-l’Assomption",
            "2025-2026",
            "Attestation de suppression",
            "Membre du personnel : Geneviève Lévesque",
            "601 Teams",
            "601 ClassDojo",
            "602 Classroom",
            "ont été supprimés ou détruits (Directive, art. 5.9)",
            "Pour ClassDojo, plateforme tolérée pour l’année scolaire 2025-2026 seulement, j’atteste aussi que les comptes ont été fermés",
            "Les renseignements et documents à conserver ont été versés au dossier de l’élève (art. 5.10)",
            "Si oui, élève",
            "Document versé à son dossier",
            "Signature du membre du personnel",
            "Reçu par la direction",
            "Nom : Claire Bouchard",
            "au plus tard le 30 juin 2026",
        ] {
            assert!(flat.contains(expected), "{expected:?} missing from:\n{flat}");
        }
    }

    #[test]
    fn without_a_tolerated_platform_no_account_sentence_and_blank_names_get_lines() {
        let mut att = attestation(1);
        att.staff = String::new();
        att.principal = String::new();
        let flat = flatten(&pages_text(&render(&[att], None).unwrap())[0]);
        assert!(!flat.contains("comptes ont été fermés"), "{flat}");
        assert!(flat.contains("Membre du personnel :"), "{flat}");
    }

    #[test]
    fn a_long_list_continues_and_every_staff_member_starts_a_page() {
        let many = attestation(40);
        let pages = pages_text(&render(&[many, attestation(2)], None).unwrap());
        assert!(pages.len() >= 3, "{} pages", pages.len());
        let first_of_second =
            pages.iter().rposition(|p| flatten(p).contains("Attestation de suppression Renseignements")).unwrap();
        assert!(first_of_second >= 2, "the second attestation starts on its own page");
        assert!(flatten(&pages[1]).contains("(suite)"), "{}", pages[1]);
        assert!(matches!(render(&[], None), Err(PdfError::NoPages)));
    }

    /// The organisation's logo stands beside the school's lines of each attestation, not on its
    /// « (suite) » page.
    #[test]
    fn the_logo_heads_each_attestation() {
        use crate::pdf::test_support::{logo, pages_with_images};
        let bytes = render(&[attestation(40), attestation(2)], Some(&logo())).unwrap();
        screenshot(&bytes, 1, 80, "attestation-logo");
        let pages = pages_text(&bytes);
        let second =
            pages.iter().rposition(|p| flatten(p).contains("Attestation de suppression Renseignements")).unwrap();
        assert_eq!(pages_with_images(&bytes), [1, second + 1]);
        assert!(flatten(&pages[0]).contains("Centre de services scolaire"), "{}", pages[0]);
    }

    /// The reviewed text of an attestation (`pdftotext -layout`, the whole document), with a
    /// tolerated platform; `UPDATE_EXPECT=1` rewrites the snapshot.
    #[test]
    fn the_attestation_matches_its_reviewed_layout() {
        let bytes = render(&[attestation(3)], None).unwrap();
        expect_test::expect_file!["snapshots/attestation.txt"].assert_eq(&pdftotext(&bytes, true));
    }
}
