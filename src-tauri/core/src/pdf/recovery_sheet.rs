//! The recovery-key sheet: one Letter page, in French, that a school principal files away and
//! reads again the day Balise's encrypted data must be unlocked without the computer's keychain.

use chrono::NaiveDate;

use super::document::{render_document, DocumentInfo};
use super::flow::Frame;
use super::fonts::Face;
use super::image::Image;
use super::page::{Align, Page, Stroke, TextStyle, LETTER_WIDTH_MM, MARGIN_MM};
use super::typography::{fr_long_date, fr_typography};
use super::wrap::Span;
use super::PdfError;

/// What the recovery sheet prints.
#[derive(Clone, Copy, Debug)]
pub struct RecoverySheet<'a> {
    pub css_name: &'a str,
    /// May be empty: the sheet then leaves a line to write the school's name by hand.
    pub school_name: &'a str,
    /// The day the key was created; also the sheet's generation date (the key is printed when it
    /// is created).
    pub created_on: NaiveDate,
    /// Groups of letters and digits separated by dashes, e.g. `K7QM-3RXD-9TPA-…`.
    pub code: &'a str,
    /// The organisation's logo (Paramètres), beside the title; none at the first start.
    pub logo: Option<&'a Image>,
}

/// **The** recovery sheet both faces print (`balise init --recovery-sheet`, the first-run
/// screen): the school's names from Paramètres, today's date, the code; written whole to `output`.
pub fn write_recovery_sheet(
    db: &crate::store::Db,
    code: &crate::secret::SecretString,
    output: &std::path::Path,
) -> crate::Result<()> {
    let settings = crate::settings::all(db)?;
    let logo = Image::letterhead(db)?;
    let bytes = recovery_sheet(&RecoverySheet {
        css_name: &settings.css_name,
        school_name: &settings.school_name,
        created_on: db.clock().today(),
        code: code.expose(),
        logo: logo.as_ref(),
    })?;
    crate::paths::write_atomic(output, &bytes)
}

/// Renders the recovery sheet as a one-page PDF.
pub fn recovery_sheet(sheet: &RecoverySheet<'_>) -> Result<Vec<u8>, PdfError> {
    let (page, _) = layout(sheet)?;
    let info = DocumentInfo { title: TITLE, created_on: sheet.created_on };
    render_document(&info, vec![page])
}

const TITLE: &str = "Clé de récupération — Balise";
/// The sheet's frame: wider margins than the lists (it is kept in a safe, often folded), and its
/// footer rule 26 mm above the bottom edge.
const FRAME: Frame = Frame {
    left_mm: MARGIN_MM,
    right_mm: LETTER_WIDTH_MM - MARGIN_MM,
    top_mm: MARGIN_MM,
    footer_top_mm: super::page::LETTER_HEIGHT_MM - MARGIN_MM - 6.0,
    bottom_mm: super::page::LETTER_HEIGHT_MM - MARGIN_MM - 8.0,
};
const CONTENT_WIDTH_MM: f32 = FRAME.width_mm();
/// Top of the footer rule; the body must end above it.
const FOOTER_TOP_MM: f32 = FRAME.footer_top_mm;
const GROUPS_PER_ROW: usize = 4;
/// The code is printed as large as fits, up to this size.
const CODE_MAX_SIZE_PT: f32 = 26.0;

const TITLE_STYLE: TextStyle = TextStyle::new(Face::SansBold, 22.0).with_line_height(1.2);
const INFO_STYLE: TextStyle = TextStyle::new(Face::Sans, 11.5).with_line_height(1.45);
const HEADING_STYLE: TextStyle = TextStyle::new(Face::SansBold, 13.0).with_line_height(1.3);
const BODY_STYLE: TextStyle = TextStyle::new(Face::Sans, 11.0).with_line_height(1.4);
const CAPTION_STYLE: TextStyle = TextStyle::new(Face::Sans, 9.5).with_grey(0.35);
const FOOTER_STYLE: TextStyle = TextStyle::new(Face::SansBold, 9.0);

/// Draws the sheet and returns it with the y where its body ends (the tests check the footer
/// is never overrun).
fn layout(sheet: &RecoverySheet<'_>) -> Result<(Page, f32), PdfError> {
    let groups = code_groups(sheet.code)?;
    let left = MARGIN_MM;
    let right = LETTER_WIDTH_MM - MARGIN_MM;
    let mut page = Page::letter();

    // The logo no taller than the title's line: the sheet keeps its room.
    let logo_box = (super::flow::LOGO_MAX_WIDTH_MM, TITLE_STYLE.line_height_mm());
    let mut y = match super::flow::logo_within(&mut page, left, MARGIN_MM, sheet.logo, logo_box) {
        Some((width, height)) => {
            let x = left + width + super::flow::LOGO_GAP_MM;
            page.paragraph_text(x, MARGIN_MM, right - x, TITLE_STYLE, TITLE).max(MARGIN_MM + height)
        }
        None => page.text(left, MARGIN_MM, TITLE_STYLE, TITLE),
    };
    y += 2.5;
    page.horizontal_line(left, right, y, Stroke::new(1.0, 0.0));
    y += 5.0;

    y = identity_block(&mut page, y, sheet);
    y += 6.0;
    y = code_box(&mut page, y, &groups);
    y += 9.0;

    let fr = fr_typography;
    y = heading(&mut page, y, "À quoi sert cette clé ?");
    y = body(
        &mut page,
        y,
        &[Span::regular(&fr("Les données de Balise sont chiffrées sur l’ordinateur de l’école. Cette clé les \
             déverrouille si\u{a0}:"))],
    );
    for item in [
        "le trousseau de clés de l’ordinateur, où Balise range sa clé habituelle, est perdu ou réinitialisé ;",
        "l’ordinateur est remplacé ;",
        "le dossier de données de Balise est restauré sur un autre ordinateur.",
    ] {
        y = list_item(&mut page, y, "•", &[Span::regular(&fr(item))]);
    }
    y += 1.5;
    y = body(
        &mut page,
        y,
        &[
            Span::bold(&fr("Sans cette clé, Balise ne peut pas récupérer les données.")),
            Span::regular(&fr(" Personne au centre de services scolaire ne peut les récupérer à votre place.")),
        ],
    );

    y += 6.0;
    y = heading(&mut page, y, "Où la garder ?");
    y = list_item(
        &mut page,
        y,
        "•",
        &[
            Span::regular(&fr("Dans un endroit ")),
            Span::bold("verrouillé"),
            Span::regular(&fr(" de l’école, loin de l’ordinateur : le coffre-fort ou le classeur verrouillé de la \
                 direction, par exemple.")),
        ],
    );
    y = list_item(
        &mut page,
        y,
        "•",
        &[Span::bold("Jamais"), Span::regular(" dans un courriel, sur un lecteur partagé ou en photo.")],
    );
    y = list_item(
        &mut page,
        y,
        "•",
        &[Span::regular(&fr(
            "Ne remettez un second exemplaire à la personne désignée par l’école que si la politique \
             de l’école ou du centre de services scolaire le prévoit.",
        ))],
    );

    y += 6.0;
    y = heading(&mut page, y, "Comment l’utiliser ?");
    y = list_item(
        &mut page,
        y,
        "1.",
        &[
            Span::regular(&fr("Au démarrage, Balise affiche l’écran ")),
            Span::bold(&fr("« Déverrouiller avec la clé de récupération »")),
            Span::regular(&fr(" lorsqu’il ne peut pas ouvrir les données par lui-même.")),
        ],
    );
    y = list_item(
        &mut page,
        y,
        "2.",
        &[Span::regular(&fr(
            "Tapez le code encadré ci-dessus. Les tirets et la casse (majuscules ou minuscules) n’ont \
             pas d’importance.",
        ))],
    );
    y = list_item(
        &mut page,
        y,
        "3.",
        &[Span::regular(&fr("Remettez ensuite cette feuille à sa place : elle pourrait resservir."))],
    );

    footer(&mut page, sheet.created_on);
    Ok((page, y))
}

/// The CSS, the school (or a line to write it on) and the key's creation date.
fn identity_block(page: &mut Page, y: f32, sheet: &RecoverySheet<'_>) -> f32 {
    let left = MARGIN_MM;
    // « CSS », not « Centre de services scolaire »: the name itself usually starts with those words.
    let css_label = fr_typography("CSS : ");
    let mut y = page.paragraph(
        left,
        y,
        CONTENT_WIDTH_MM,
        INFO_STYLE,
        &[Span::bold(&css_label), Span::regular(sheet.css_name.trim())],
    );

    let school_label = fr_typography("École : ");
    let school_name = sheet.school_name.trim();
    if school_name.is_empty() {
        // Left blank on purpose: the principal writes the school's name by hand.
        let label = INFO_STYLE.with_face(Face::SansBold);
        page.text(left, y, label, &school_label);
        let rule_from = left + Face::SansBold.text_width_mm(&school_label, INFO_STYLE.size_pt) + 1.0;
        let baseline = y + INFO_STYLE.baseline_offset_mm() + 0.8;
        page.horizontal_line(rule_from, left + 110.0, baseline, Stroke::new(0.6, 0.0));
        y += INFO_STYLE.line_height_mm();
    } else {
        y = page.paragraph(
            left,
            y,
            CONTENT_WIDTH_MM,
            INFO_STYLE,
            &[Span::bold(&school_label), Span::regular(school_name)],
        );
    }

    let created = format!("Créée le {}", fr_long_date(sheet.created_on));
    page.text(left, y, INFO_STYLE, &created)
}

/// The code in large monospace, groups spaced out, rows aligned in columns inside a frame.
fn code_box(page: &mut Page, y: f32, groups: &[&str]) -> f32 {
    const PADDING_X_MM: f32 = 10.0;
    const PADDING_Y_MM: f32 = 5.0;
    let rows: Vec<String> = groups.chunks(GROUPS_PER_ROW).map(|row| row.join(" - ")).collect();
    let widest_at_1pt = rows.iter().map(|row| Face::Mono.text_width_mm(row, 1.0)).fold(0.0_f32, f32::max);
    let size_pt = CODE_MAX_SIZE_PT.min((CONTENT_WIDTH_MM - 2.0 * PADDING_X_MM) / widest_at_1pt);
    let style = TextStyle::new(Face::Mono, size_pt).with_line_height(1.45);

    let height = 2.0 * PADDING_Y_MM + rows.len() as f32 * style.line_height_mm();
    page.rectangle(MARGIN_MM, y, CONTENT_WIDTH_MM, height, Stroke::new(1.5, 0.0));
    // Rows share one left edge so the groups of the second row sit under those of the first.
    let rows_left = LETTER_WIDTH_MM / 2.0 - widest_at_1pt * size_pt / 2.0;
    let mut row_top = y + PADDING_Y_MM;
    for row in &rows {
        row_top = page.text(rows_left, row_top, style, row);
    }

    let lengths: Vec<usize> = groups.iter().map(|group| group.chars().count()).collect();
    let shape = if lengths.iter().all(|length| *length == lengths[0]) {
        format!("{} groupes de {} caractères", groups.len(), lengths[0])
    } else {
        format!("{} caractères", lengths.iter().sum::<usize>())
    };
    let caption = fr_typography(&format!("{shape}. Les tirets et la casse n’ont pas d’importance à la saisie."));
    page.text_aligned(LETTER_WIDTH_MM / 2.0, y + height + 2.0, CAPTION_STYLE, Align::Center, &caption)
}

fn heading(page: &mut Page, y: f32, text: &str) -> f32 {
    page.text(MARGIN_MM, y, HEADING_STYLE, &fr_typography(text)) + 1.0
}

fn body(page: &mut Page, y: f32, spans: &[Span<'_>]) -> f32 {
    page.paragraph(MARGIN_MM, y, CONTENT_WIDTH_MM, BODY_STYLE, spans)
}

fn list_item(page: &mut Page, y: f32, marker: &str, spans: &[Span<'_>]) -> f32 {
    let x = MARGIN_MM + 2.0;
    page.list_item(x, y, CONTENT_WIDTH_MM - 2.0, BODY_STYLE, marker, spans) + 0.8
}

fn footer(page: &mut Page, generated_on: NaiveDate) {
    let left = MARGIN_MM;
    let right = LETTER_WIDTH_MM - MARGIN_MM;
    page.horizontal_line(left, right, FOOTER_TOP_MM, Stroke::new(0.5, 0.45));
    let y = FOOTER_TOP_MM + 2.0;
    page.text(left, y, FOOTER_STYLE, "Confidentiel — ne pas photocopier ni numériser");
    let generated = format!("Feuille générée le {}", fr_long_date(generated_on));
    page.text_aligned(right, y, FOOTER_STYLE.with_face(Face::Sans).with_grey(0.35), Align::Right, &generated);
}

/// The code's dash-separated groups, refusing anything that is not letters and digits: a sheet
/// with a mangled code would be worse than no sheet.
fn code_groups(code: &str) -> Result<Vec<&str>, PdfError> {
    let groups: Vec<&str> = code.trim().split('-').collect();
    let valid = groups.iter().all(|group| !group.is_empty() && group.chars().all(|c| c.is_ascii_alphanumeric()));
    if valid {
        Ok(groups)
    } else {
        Err(PdfError::InvalidRecoveryCode)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::test_support::{flatten, pdftotext};

    const CODE: &str = "K7QM-3RXD-9TPA-WV4N-H2CF-6JYB-E8LZ";

    fn sheet<'a>(school_name: &'a str) -> RecoverySheet<'a> {
        RecoverySheet {
            css_name: "Centre de services scolaire des Premières-Seigneuries",
            school_name,
            created_on: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            code: CODE,
            logo: None,
        }
    }

    #[test]
    fn the_sheet_is_a_pdf_whose_text_reads_back() {
        let bytes = recovery_sheet(&sheet("École Saint-Joseph-de-l’Île")).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
        let text = pdftotext(&bytes, true);
        let flat = flatten(&text);
        for expected in [
            "Clé de récupération — Balise",
            "École Saint-Joseph-de-l’Île",
            "Premières-Seigneuries",
            "Créée le 24 novembre 2026",
            "À quoi sert cette clé ?",
            "Où la garder ?",
            "Comment l’utiliser ?",
            "« Déverrouiller avec la clé de récupération »",
            "Confidentiel — ne pas photocopier ni numériser",
            "Feuille générée le 24 novembre 2026",
        ] {
            assert!(flat.contains(expected), "{expected:?} missing from:\n{text}");
        }
        // The code is spaced out in the frame; once spaces and dashes are dropped it must read
        // back exactly, in order.
        let letters: String = text.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let code_letters: String = CODE.chars().filter(|c| *c != '-').collect();
        assert!(letters.contains(&code_letters), "code not found in:\n{text}");
        for group in CODE.split('-') {
            assert!(text.contains(group), "group {group} missing");
        }
    }

    #[test]
    fn a_missing_school_leaves_a_line_to_fill_in() {
        let bytes = recovery_sheet(&sheet("  ")).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
        let text = pdftotext(&bytes, true);
        let flat = flatten(&text);
        assert!(flat.contains("École : Créée le 24 novembre 2026"), "{text}");
        assert!(!flat.contains("École : Centre"), "{text}");
    }

    #[test]
    fn the_body_stays_above_the_footer_even_with_long_names() {
        let long_css = "Centre de services scolaire des Premières-Seigneuries et de la Région-de-Sherbrooke réunies";
        let long_school = "École primaire et secondaire internationale Notre-Dame-des-Sept-Douleurs-de-l’Île-Verte";
        let sheet = RecoverySheet { css_name: long_css, school_name: long_school, ..sheet("") };
        let (_, bottom) = layout(&sheet).unwrap();
        assert!(bottom < FOOTER_TOP_MM - 2.0, "body ends at {bottom} mm, footer at {FOOTER_TOP_MM} mm");
        // With the organisation's logo beside the title, narrow or wide.
        for logo in [crate::pdf::test_support::logo(), crate::pdf::test_support::wide_logo()] {
            let (_, bottom) = layout(&RecoverySheet { logo: Some(&logo), ..sheet }).unwrap();
            assert!(bottom < FOOTER_TOP_MM - 2.0, "with {logo:?}: body ends at {bottom} mm");
        }
    }

    /// The reviewed text of the sheet (`pdftotext -layout`, the whole document), with the fixed,
    /// fake `CODE`; `UPDATE_EXPECT=1` rewrites the snapshot.
    #[test]
    fn the_sheet_matches_its_reviewed_layout() {
        let bytes = recovery_sheet(&sheet("École Saint-Joseph-de-l’Île")).unwrap();
        expect_test::expect_file!["snapshots/recovery_sheet.txt"].assert_eq(&pdftotext(&bytes, true));
    }

    #[test]
    fn malformed_codes_are_refused() {
        for code in ["", "K7QM--3RXD", "K7QM-3RXD-", "K7QM 3RXD", "K7QM-3RXÉ", "-K7QM"] {
            let result = recovery_sheet(&RecoverySheet { code, ..sheet("École") });
            assert!(matches!(result, Err(PdfError::InvalidRecoveryCode)), "{code:?} was accepted");
        }
        assert_eq!(code_groups(" AB12-CD34 ").unwrap(), ["AB12", "CD34"]);
    }
}
