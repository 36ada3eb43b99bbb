//! The social-media policy's annexe A, « Demande d'autorisation de création d'un espace de média
//! social » (issue 17), filled in from the request Balise keeps: the school's identification, the
//! platform's box ticked, the use, the access level's box ticked, the four blocks in the school's
//! words, the responsible person, and the decision block left for the director general. One
//! request per space; it runs onto a second page when its blocks are long. Its first page carries
//! the corner marks, the QR code and the form number.

use chrono::NaiveDate;
use qrcode::EcLevel;

use super::document::{render_document, DocumentInfo};
use super::flow::{self, Flow, Frame};
use super::fonts::Face;
use super::image::Image;
use super::page::{Align, Page, Stroke, TextStyle};
use super::qr::{corner_marks, draw_qr_code};
use super::typography::fr_source;
use super::PdfError;
use crate::forms::code::{self, StoreTag};
use crate::forms::template::AccessLevel;
use crate::forms::templates_text::demande_espace as words;
use crate::year::SchoolYear;

/// What the school wrote in its request.
#[derive(Clone, Debug, PartialEq)]
pub struct SpaceWords {
    pub name: String,
    /// A key of `demande_espace::PLATFORMS`.
    pub platform: String,
    pub platform_other: String,
    pub use_type: String,
    pub access_level: AccessLevel,
    /// Content, administration, training and supervision, monitoring (`demande_espace::BLOCKS`).
    pub blocks: [String; 4],
    pub responsible: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SpaceRequestPage {
    pub css_name: String,
    pub school_name: String,
    /// The school's e-mail (the return address in Paramètres).
    pub email: String,
    /// Where the request goes back (Paramètres `communications_email`); empty: not said.
    pub communications_email: String,
    pub school_year: SchoolYear,
    pub space: SpaceWords,
    pub form_number: String,
    pub store_tag: StoreTag,
}

const FRAME: Frame = Frame::letter(18.0, 14.0, 3.0);
const LEFT_MM: f32 = FRAME.left_mm;
const RIGHT_MM: f32 = FRAME.right_mm;
const WIDTH_MM: f32 = FRAME.width_mm();
const HEADER_RIGHT_MM: f32 = code::QR_LEFT_MM - 4.0;

const SCHOOL_STYLE: TextStyle = TextStyle::new(Face::SansBold, 11.0).with_line_height(1.3);
const HEAD_INFO_STYLE: TextStyle = TextStyle::new(Face::Sans, 9.5).with_line_height(1.3).with_grey(0.25);
const TITLE_STYLE: TextStyle = TextStyle::new(Face::SansBold, 14.0).with_line_height(1.25);
const HEADING_STYLE: TextStyle = TextStyle::new(Face::SansBold, 9.0).with_line_height(1.3);
const BODY_STYLE: TextStyle = TextStyle::new(Face::Sans, 9.5).with_line_height(1.35);
const LABEL_STYLE: TextStyle = TextStyle::new(Face::SansBold, 9.5).with_line_height(1.35);
const NUMBER_STYLE: TextStyle = TextStyle::new(Face::Mono, 10.0).with_line_height(1.3);
const THIN: Stroke = Stroke::new(0.5, 0.0);
const BOX_MM: f32 = 3.6;

/// Renders the request.
pub fn render(request: &SpaceRequestPage, printed_on: NaiveDate, logo: Option<&Image>) -> Result<Vec<u8>, PdfError> {
    let pages = layout(request, logo)?;
    let title = format!("{} — {}", words::ANNEXE, words::TITLE);
    render_document(&DocumentInfo { title: &title, created_on: printed_on }, pages)
}

fn layout(request: &SpaceRequestPage, logo: Option<&Image>) -> Result<Vec<Page>, PdfError> {
    let mut first = Page::letter();
    let (x, logo_bottom) = flow::logo_beside(&mut first, LEFT_MM, FRAME.top_mm, logo);
    let mut y = first.paragraph_text(x, FRAME.top_mm, HEADER_RIGHT_MM - x, SCHOOL_STYLE, request.school_name.trim());
    y = first.paragraph_text(x, y, HEADER_RIGHT_MM - x, HEAD_INFO_STYLE, request.css_name.trim());
    y = first.text(x, y, HEAD_INFO_STYLE, &format!("{} — année scolaire {}", words::ANNEXE, request.school_year));
    y = y.max(logo_bottom).max(code::QR_TOP_MM + code::QR_SIDE_MM) + 4.0;
    first.text_aligned(
        code::QR_LEFT_MM + code::QR_SIDE_MM / 2.0,
        code::QR_TOP_MM + code::QR_SIDE_MM,
        NUMBER_STYLE,
        Align::Center,
        &request.form_number,
    );
    first.horizontal_line(LEFT_MM, RIGHT_MM, y, Stroke::new(0.8, 0.0));
    y += 4.0;
    y = first.paragraph_text(LEFT_MM, y, WIDTH_MM, TITLE_STYLE, &fr_source(words::TITLE)) + 0.5;
    y = first.paragraph_text(LEFT_MM, y, WIDTH_MM, HEAD_INFO_STYLE, &fr_source(words::SOURCE)) + 3.0;
    let number = request.form_number.clone();
    let year = request.school_year;
    let mut flow = Flow::starting_with(FRAME, first, y, move |page| {
        page.text(LEFT_MM, FRAME.top_mm, HEAD_INFO_STYLE, &format!("{} — {} (suite)", words::TITLE, number)) + 4.0
    });

    // Identification.
    heading(&mut flow, words::IDENTIFICATION_HEADING);
    let s = &request.space;
    for (key, label) in words::IDENTIFICATION_FIELDS {
        let value = match *key {
            "nom" => request.school_name.trim().to_string(),
            "courriel" => request.email.trim().to_string(),
            "responsable_projet" => s.responsible.lines().next().unwrap_or_default().trim().to_string(),
            _ => String::new(),
        };
        field(&mut flow, label, &value);
    }

    // The space: its name, the platform's box, the use.
    heading(&mut flow, words::PLATFORM_HEADING);
    flow.draw(|page, y| page.paragraph_text(LEFT_MM, y, WIDTH_MM, BODY_STYLE, &fr_source(s.name.trim())) + 1.0);
    flow.room(BODY_STYLE.line_height_mm() * 2.0);
    flow.draw(|page, y| {
        let mut x = LEFT_MM;
        for (key, label) in words::PLATFORMS {
            let label = fr_source(label);
            tick_box(page, x, y, *key == s.platform);
            page.text(x + BOX_MM + 1.5, y, BODY_STYLE, &label);
            x += BOX_MM + 1.5 + Face::Sans.text_width_mm(&label, BODY_STYLE.size_pt) + 5.0;
        }
        y + BODY_STYLE.line_height_mm() + 0.5
    });
    if s.platform == "autre" {
        field(&mut flow, "Autre :", &s.platform_other);
    }
    flow.draw(|page, y| page.paragraph_text(LEFT_MM, y, WIDTH_MM, HEAD_INFO_STYLE, &fr_source(words::USE_TYPE)));
    lines_or_text(&mut flow, &s.use_type, 1);

    // Access level.
    heading(&mut flow, words::ACCESS_HEADING);
    for level in AccessLevel::ALL {
        flow.room(BODY_STYLE.line_height_mm());
        flow.draw(|page, y| {
            tick_box(page, LEFT_MM, y, level == s.access_level);
            page.paragraph_text(
                LEFT_MM + BOX_MM + 2.0,
                y,
                WIDTH_MM - BOX_MM - 2.0,
                BODY_STYLE,
                &fr_source(level.label()),
            )
        });
    }

    // The four blocks.
    for ((_, label), text) in words::BLOCKS.iter().zip(&s.blocks) {
        heading(&mut flow, label);
        lines_or_text(&mut flow, text, 2);
    }
    heading(&mut flow, words::RESPONSIBLE);
    lines_or_text(&mut flow, &s.responsible, 1);

    // The decision, left to the director general.
    flow.room(30.0);
    flow.draw(|page, y| {
        let y = y + 4.0;
        page.rectangle(LEFT_MM, y, WIDTH_MM, 24.0, THIN);
        let label = fr_source(words::DECISION_SIGNATURE);
        page.text(LEFT_MM + 2.0, y + 3.0, LABEL_STYLE, &label);
        let after = LEFT_MM + 2.0 + Face::SansBold.text_width_mm(&label, LABEL_STYLE.size_pt) + 2.0;
        page.horizontal_line(after, LEFT_MM + WIDTH_MM * 0.6, y + 3.0 + LABEL_STYLE.baseline_offset_mm() + 0.8, THIN);
        let date = fr_source(words::DECISION_DATE);
        page.text(LEFT_MM + 2.0, y + 10.0, LABEL_STYLE, &date);
        let after = LEFT_MM + 2.0 + Face::SansBold.text_width_mm(&date, LABEL_STYLE.size_pt) + 2.0;
        page.horizontal_line(after, after + 40.0, y + 10.0 + LABEL_STYLE.baseline_offset_mm() + 0.8, THIN);
        let mut x = LEFT_MM + 2.0;
        for (_, label) in words::DECISION {
            let label = fr_source(label);
            page.text(x, y + 17.0, LABEL_STYLE, &label);
            x += Face::SansBold.text_width_mm(&label, LABEL_STYLE.size_pt) + 2.0;
            tick_box(page, x, y + 17.0, false);
            x += BOX_MM + 12.0;
        }
        y + 24.0 + 3.0
    });
    let note = match request.communications_email.trim() {
        "" => words::RETURN_NOTE.replace(" à l'adresse {courriel_communications}", ""),
        address => words::RETURN_NOTE.replace("{courriel_communications}", address),
    };
    flow.draw(|page, y| page.paragraph_text(LEFT_MM, y, WIDTH_MM, HEAD_INFO_STYLE, &fr_source(&note)));

    let mut pages = flow.finish();
    let count = pages.len();
    let footer = format!("{} — demande {} — {}", words::ANNEXE, request.form_number, year);
    for (index, page) in pages.iter_mut().enumerate() {
        flow::footer(page, &FRAME, &footer, index + 1, count);
    }
    // The request has no boxes to read: its code files the signed decision under its number.
    let layout = code::TemplateLayout {
        template: crate::forms::template::TemplateId::DemandeEspace.letter(),
        box_tops_mm: [40.0, 50.0, 60.0],
        signature_line_mm: 70.0,
    };
    let payload = code::encode_template(&request.form_number, request.store_tag, request.school_year, &layout)
        .ok_or_else(|| PdfError::InvalidFormNumber(request.form_number.clone()))?;
    corner_marks(&mut pages[0]);
    draw_qr_code(&mut pages[0], code::QR_LEFT_MM, code::QR_TOP_MM, code::QR_SIDE_MM, &payload, EcLevel::Q)?;
    Ok(pages)
}

fn heading(flow: &mut Flow<'_>, text: &str) {
    let text = fr_source(text);
    flow.room(HEADING_STYLE.line_height_mm() * 3.0);
    flow.draw(|page, y| page.paragraph_text(LEFT_MM, y + 2.5, WIDTH_MM, HEADING_STYLE, &text) + 0.8);
}

/// « Adresse : value » on a rule.
fn field(flow: &mut Flow<'_>, label: &str, value: &str) {
    let label = fr_source(label);
    flow.room(BODY_STYLE.line_height_mm() * 2.0);
    flow.draw(|page, y| {
        let width = Face::SansBold.text_width_mm(&label, LABEL_STYLE.size_pt);
        if width > WIDTH_MM * 0.6 {
            // A long label on its own line, the value below.
            let y = page.paragraph_text(LEFT_MM, y, WIDTH_MM, LABEL_STYLE, &label);
            page.horizontal_line(LEFT_MM, RIGHT_MM, y + BODY_STYLE.baseline_offset_mm() + 0.8, Stroke::new(0.4, 0.5));
            return page.text(LEFT_MM + 1.0, y, BODY_STYLE, value.trim()) + 0.6;
        }
        page.text(LEFT_MM, y, LABEL_STYLE, &label);
        let x = LEFT_MM + width + 2.0;
        page.horizontal_line(x, RIGHT_MM, y + BODY_STYLE.baseline_offset_mm() + 0.8, Stroke::new(0.4, 0.5));
        page.text(x + 1.0, y, BODY_STYLE, value.trim()) + 0.6
    });
}

/// The school's words, or `empty_lines` ruled lines to write on when it gave none.
fn lines_or_text(flow: &mut Flow<'_>, text: &str, empty_lines: usize) {
    if text.trim().is_empty() {
        for _ in 0..empty_lines {
            flow.room(7.0);
            flow.draw(|page, y| {
                page.horizontal_line(LEFT_MM, RIGHT_MM, y + 6.0, Stroke::new(0.4, 0.5));
                y + 7.0
            });
        }
        return;
    }
    for paragraph in text.trim().split('\n') {
        let lines =
            super::wrap::wrap(&[super::wrap::Span::regular(&fr_source(paragraph))], BODY_STYLE.size_pt, WIDTH_MM);
        for line in lines {
            flow.room(BODY_STYLE.line_height_mm());
            flow.draw(|page, y| page.lines(LEFT_MM, y, BODY_STYLE, std::slice::from_ref(&line)));
        }
    }
}

/// A box, with an X in it when `ticked` (the request is filled in by Balise).
fn tick_box(page: &mut Page, x: f32, y: f32, ticked: bool) {
    let top = y + (BODY_STYLE.line_height_mm() - BOX_MM) / 2.0 - 0.3;
    page.rectangle(x, top, BOX_MM, BOX_MM, Stroke::new(0.7, 0.0));
    if ticked {
        let stroke = Stroke::new(1.0, 0.0);
        page.rectangle(x + 0.6, top + 0.6, BOX_MM - 1.2, BOX_MM - 1.2, stroke);
        page.fill_rectangles(&[[x + 0.6, top + 0.6, BOX_MM - 1.2, BOX_MM - 1.2]], 0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::test_support::{pdftotext, screenshot};

    /// The reviewed text layout of the request, a draft with two blocks left to fill by hand
    /// (`UPDATE_EXPECT=1` to accept a change, after reviewing its diff).
    #[test]
    fn the_request_matches_its_reviewed_layout() {
        let request = SpaceRequestPage {
            css_name: "Centre de services scolaire du Pays-des-Bleuets".into(),
            school_name: "École des Bleuets".into(),
            email: "secretariat@bleuets.exemple.ca".into(),
            communications_email: "communications@cssb.exemple.ca".into(),
            school_year: SchoolYear::starting(2025),
            space: SpaceWords {
                name: "Les Bleuets en action".into(),
                platform: "autre".into(),
                platform_other: "Flickr".into(),
                use_type: "Partage d'information avec les familles".into(),
                access_level: AccessLevel::Adhesion14,
                blocks: [
                    "Les projets des classes, en lien avec le projet éducatif.".into(),
                    String::new(),
                    "Nétiquette présentée aux élèves et aux parents.".into(),
                    String::new(),
                ],
                responsible: "Claire Bouchard, direction, 418 555-0100".into(),
            },
            form_number: crate::forms::number::encode(4242),
            store_tag: StoreTag::of_secret(&[7; 32]),
        };
        let bytes = render(&request, NaiveDate::from_ymd_opt(2025, 10, 2).unwrap(), None).unwrap();
        screenshot(&bytes, 1, 110, "demande-espace-brouillon");
        expect_test::expect_file!["snapshots/demande_espace.txt"].assert_eq(&pdftotext(&bytes, true));
    }
}
