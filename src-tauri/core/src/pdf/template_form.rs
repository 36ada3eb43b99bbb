//! The project forms of issue 17 (annexes 3 to 6 of the Pratique de gestion TI-07), one Letter
//! page each, laid out like the source: the school's name (or logo) in the header box, the
//! title, the identification of the student or the adult (filled in), the project table (média,
//! titre et description, durée), the source's paragraphs, the table of « cochez si vous êtes
//! d'accord » boxes, the date, the parent's name in block letters and the signature.
//!
//! Every page carries the corner marks and a QR code (`forms::code::encode_template`: the form
//! number, the store, the year, the template, where its boxes and signature line are), the form
//! number printed beside it, like the Annexe A.

use chrono::NaiveDate;
use qrcode::EcLevel;

use super::document::{render_document, DocumentInfo};
use super::flow::{self, Frame};
use super::fonts::Face;
use super::image::Image;
use super::page::{Align, Page, Stroke, TextStyle};
use super::qr::{corner_marks, draw_qr_code};
use super::typography::{fr_long_date, fr_source};
use super::wrap::{wrap, Span};
use super::PdfError;
use crate::forms::code::{self, StoreTag, TemplateLayout};
use crate::forms::template::TemplateId;
use crate::forms::templates_text::{annexe3, annexe4, annexe5, annexe6};
use crate::year::SchoolYear;

/// Who the form is about, as its identification block prints it.
#[derive(Clone, Debug, PartialEq)]
pub struct Identified {
    pub last_name: String,
    pub first_name: String,
    /// « Niveau scolaire » (students only; `None` for an adult's form, which has no such line).
    pub level: Option<String>,
}

/// The project, as its table prints it.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectLine {
    pub medium: String,
    pub title: String,
    pub description: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// One form to print.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateForm {
    pub template: TemplateId,
    /// The organisation's name (Paramètres), for `{organisation}`.
    pub css_name: String,
    /// The school's name (Paramètres), in the header box and the identification.
    pub school_name: String,
    /// The web address of the organisation's social-media resources (annexes 5 and 6), if set.
    pub social_media_site: String,
    pub school_year: SchoolYear,
    pub person: Identified,
    pub project: ProjectLine,
    pub form_number: String,
    pub store_tag: StoreTag,
}

/// The fixed words of one annexe, in the order the page prints them.
struct Words {
    annexe: &'static str,
    source: &'static str,
    title: &'static str,
    identification_heading: &'static str,
    identification_fields: &'static [(&'static str, &'static str)],
    intro: &'static str,
    project_columns: &'static [(&'static str, &'static str)],
    /// Annexes 3 and 4: « Dans ce contexte, j'accepte… »; annexes 5 and 6: the resources.
    after_table: &'static str,
    items_heading: &'static str,
    tick_heading: &'static str,
    items: &'static [(&'static str, &'static str)],
    signed_on: &'static str,
    /// The parent's name line (annexes 3 and 5); none where the adult signs.
    signer_name: Option<(&'static str, &'static str)>,
    signature: &'static str,
}

fn words(template: TemplateId) -> Option<Words> {
    Some(match template {
        TemplateId::Photos => Words {
            annexe: annexe3::ANNEXE,
            source: annexe3::SOURCE,
            title: annexe3::TITLE,
            identification_heading: annexe3::IDENTIFICATION_HEADING,
            identification_fields: annexe3::IDENTIFICATION_FIELDS,
            intro: annexe3::INTRO,
            project_columns: annexe3::PROJECT_COLUMNS,
            after_table: annexe3::CONSENT,
            items_heading: annexe3::ITEMS_HEADING,
            tick_heading: annexe3::TICK_HEADING,
            items: annexe3::ITEMS,
            signed_on: annexe3::SIGNED_ON,
            signer_name: Some((annexe3::SIGNER_NAME, annexe3::SIGNER_NAME_HINT)),
            signature: annexe3::SIGNATURE,
        },
        TemplateId::PhotosAdulte => Words {
            annexe: annexe4::ANNEXE,
            source: annexe4::SOURCE,
            title: annexe4::TITLE,
            identification_heading: annexe4::IDENTIFICATION_HEADING,
            identification_fields: annexe4::IDENTIFICATION_FIELDS,
            intro: annexe4::INTRO,
            project_columns: annexe4::PROJECT_COLUMNS,
            after_table: annexe4::CONSENT,
            items_heading: annexe4::ITEMS_HEADING,
            tick_heading: annexe4::TICK_HEADING,
            items: annexe4::ITEMS,
            signed_on: annexe4::SIGNED_ON,
            signer_name: None,
            signature: annexe4::SIGNATURE,
        },
        TemplateId::MediaSocial => Words {
            annexe: annexe5::ANNEXE,
            source: annexe5::SOURCE,
            title: annexe5::TITLE,
            identification_heading: annexe5::IDENTIFICATION_HEADING,
            identification_fields: annexe5::IDENTIFICATION_FIELDS,
            intro: annexe5::INTRO,
            project_columns: annexe5::PROJECT_COLUMNS,
            after_table: annexe5::RESOURCES,
            items_heading: annexe5::ITEMS_HEADING,
            tick_heading: annexe5::TICK_HEADING,
            items: annexe5::ITEMS,
            signed_on: annexe5::SIGNED_ON,
            signer_name: Some((annexe5::SIGNER_NAME, annexe5::SIGNER_NAME_HINT)),
            signature: annexe5::SIGNATURE,
        },
        TemplateId::MediaSocialAdulte => Words {
            annexe: annexe6::ANNEXE,
            source: annexe6::SOURCE,
            title: annexe6::TITLE,
            identification_heading: annexe6::IDENTIFICATION_HEADING,
            identification_fields: annexe6::IDENTIFICATION_FIELDS,
            intro: annexe6::INTRO,
            project_columns: annexe6::PROJECT_COLUMNS,
            after_table: annexe6::RESOURCES,
            items_heading: annexe6::ITEMS_HEADING,
            tick_heading: annexe6::TICK_HEADING,
            items: annexe6::ITEMS,
            signed_on: annexe6::SIGNED_ON,
            signer_name: None,
            signature: annexe6::SIGNATURE,
        },
        TemplateId::AnnexeA | TemplateId::DemandeEspace => return None,
    })
}

const FRAME: Frame = Frame::letter(18.0, 14.0, 3.0);
const LEFT_MM: f32 = FRAME.left_mm;
const RIGHT_MM: f32 = FRAME.right_mm;
const WIDTH_MM: f32 = FRAME.width_mm();
/// The header box's text stops short of the QR code.
const HEADER_RIGHT_MM: f32 = code::QR_LEFT_MM - 4.0;
/// The items table: the text column, then the boxes' column (the box at
/// `code::TEMPLATE_BOX_LEFT_MM`, centred in it).
const TICK_COLUMN_MM: f32 = 32.0;
const ITEM_TEXT_WIDTH_MM: f32 = WIDTH_MM - TICK_COLUMN_MM - 4.0;

const SCHOOL_STYLE: TextStyle = TextStyle::new(Face::SansBold, 11.0).with_line_height(1.3);
const HEAD_INFO_STYLE: TextStyle = TextStyle::new(Face::Sans, 9.5).with_line_height(1.3).with_grey(0.25);
const TITLE_STYLE: TextStyle = TextStyle::new(Face::SansBold, 14.0).with_line_height(1.25);
const HEADING_STYLE: TextStyle = TextStyle::new(Face::SansBold, 10.5).with_line_height(1.35);
const BODY_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.0).with_line_height(1.35);
const TABLE_HEAD_STYLE: TextStyle = TextStyle::new(Face::SansBold, 8.5).with_line_height(1.3);
const CELL_STYLE: TextStyle = TextStyle::new(Face::Sans, 9.5).with_line_height(1.3);
const CAPTION_STYLE: TextStyle = TextStyle::new(Face::Sans, 8.0).with_line_height(1.2).with_grey(0.3);
const NUMBER_STYLE: TextStyle = TextStyle::new(Face::Mono, 10.0).with_line_height(1.3);
const THIN: Stroke = Stroke::new(0.5, 0.0);
const RULE: Stroke = Stroke::new(0.8, 0.0);

/// Renders the forms, one page each, in one PDF; the organisation's `logo` in the header box.
pub fn render(forms: &[TemplateForm], printed_on: NaiveDate, logo: Option<&Image>) -> Result<Vec<u8>, PdfError> {
    let Some(first) = forms.first() else {
        return Err(PdfError::NoPages);
    };
    let pages = super::document::try_build_pages(forms, |form| layout(form, logo))?;
    let title = match words(first.template) {
        Some(w) => format!("{} — {}", w.annexe, w.title),
        None => return Err(PdfError::Serialization("modèle sans page imprimable".into())),
    };
    render_document(&DocumentInfo { title: &title, created_on: printed_on }, pages)
}

/// The placeholders of the source's words filled in.
fn filled(text: &str, form: &TemplateForm) -> String {
    let site = form.social_media_site.trim();
    let text = if site.is_empty() {
        // « … sur le site internet du {organisation} {site_medias_sociaux}. » without an address.
        text.replace(" {site_medias_sociaux}", "")
    } else {
        text.replace("{site_medias_sociaux}", site)
    };
    fr_source(&text.replace("{organisation}", form.css_name.trim()).replace("{etablissement}", form.school_name.trim()))
}

fn layout(form: &TemplateForm, logo: Option<&Image>) -> Result<Page, PdfError> {
    let w = words(form.template).ok_or_else(|| PdfError::Serialization("modèle sans page imprimable".into()))?;
    let mut page = Page::letter();

    // The header box: the logo or the school's name (the source's « LOGO OU NOM DE
    // L'ÉTABLISSEMENT »), the annexe and the year; the form number under the QR code.
    let (x, logo_bottom) = flow::logo_beside(&mut page, LEFT_MM, FRAME.top_mm, logo);
    let mut y = page.paragraph_text(x, FRAME.top_mm, HEADER_RIGHT_MM - x, SCHOOL_STYLE, form.school_name.trim());
    y = page.paragraph_text(x, y, HEADER_RIGHT_MM - x, HEAD_INFO_STYLE, form.css_name.trim());
    y = page.text(x, y, HEAD_INFO_STYLE, &format!("{} — année scolaire {}", w.annexe, form.school_year));
    y = y.max(logo_bottom).max(code::QR_TOP_MM + code::QR_SIDE_MM) + 1.0;
    page.text_aligned(
        code::QR_LEFT_MM + code::QR_SIDE_MM / 2.0,
        code::QR_TOP_MM + code::QR_SIDE_MM,
        NUMBER_STYLE,
        Align::Center,
        &form.form_number,
    );
    y += 3.0;
    page.horizontal_line(LEFT_MM, RIGHT_MM, y, RULE);
    y += 4.0;

    // The title.
    y = page.paragraph_text(LEFT_MM, y, WIDTH_MM, TITLE_STYLE, &fr_source(w.title)) + 0.5;
    y = page.paragraph_text(LEFT_MM, y, WIDTH_MM, HEAD_INFO_STYLE, &fr_source(w.source)) + 3.0;

    // The identification, filled in.
    y = page.paragraph_text(LEFT_MM, y, WIDTH_MM, HEADING_STYLE, &fr_source(w.identification_heading)) + 1.0;
    for (key, label) in w.identification_fields {
        let value = match *key {
            "nom" => form.person.last_name.trim().to_string(),
            "prenom" => form.person.first_name.trim().to_string(),
            "niveau" => form.person.level.clone().unwrap_or_default(),
            "etablissement" => form.school_name.trim().to_string(),
            _ => String::new(),
        };
        y = field_line(&mut page, y, label, &value);
    }
    y += 3.0;

    // The source's request, then the project table.
    y = page.paragraph_text(LEFT_MM, y, WIDTH_MM, BODY_STYLE, &filled(w.intro, form)) + 3.0;
    y = project_table(&mut page, y, w.project_columns, &form.project) + 3.0;
    y = page.paragraph_text(LEFT_MM, y, WIDTH_MM, BODY_STYLE, &filled(w.after_table, form)) + 4.0;

    // The boxes.
    let (after_items, box_tops) = items_table(&mut page, y, &w, form);
    y = after_items + 6.0;

    // The date, the parent's name, the signature.
    let signed_on = fr_source(w.signed_on);
    page.text(LEFT_MM, y, BODY_STYLE, &signed_on);
    let date_x = LEFT_MM + Face::Sans.text_width_mm(&signed_on, BODY_STYLE.size_pt) + 2.0;
    let baseline = y + BODY_STYLE.baseline_offset_mm() + 0.8;
    page.horizontal_line(date_x, date_x + 50.0, baseline, THIN);
    y += BODY_STYLE.line_height_mm() + 10.0;
    if let Some((name, hint)) = w.signer_name {
        page.horizontal_line(LEFT_MM, LEFT_MM + code::TEMPLATE_SIGNATURE_WIDTH_MM, y, THIN);
        let bottom = page.text(LEFT_MM, y + 0.8, CAPTION_STYLE, &fr_source(name));
        page.text(
            LEFT_MM + Face::Sans.text_width_mm(&fr_source(name), CAPTION_STYLE.size_pt) + 1.5,
            y + 0.8,
            CAPTION_STYLE,
            hint,
        );
        y = bottom + 10.0;
    }
    let signature_line = y;
    page.horizontal_line(code::TEMPLATE_SIGNATURE_LEFT_MM, LEFT_MM + code::TEMPLATE_SIGNATURE_WIDTH_MM, y, THIN);
    page.text(LEFT_MM, y + 0.8, CAPTION_STYLE, &fr_source(w.signature));

    flow::footer(&mut page, &FRAME, &format!("{} — formulaire {}", w.annexe, form.form_number), 1, 1);

    let layout =
        TemplateLayout { template: form.template.letter(), box_tops_mm: box_tops, signature_line_mm: signature_line };
    let payload = code::encode_template(&form.form_number, form.store_tag, form.school_year, &layout)
        .ok_or_else(|| PdfError::InvalidFormNumber(form.form_number.clone()))?;
    corner_marks(&mut page);
    draw_qr_code(&mut page, code::QR_LEFT_MM, code::QR_TOP_MM, code::QR_SIDE_MM, &payload, EcLevel::Q)?;
    Ok(page)
}

/// « Nom : Tremblay », the label in bold, the value on a rule.
fn field_line(page: &mut Page, y: f32, label: &str, value: &str) -> f32 {
    let label = fr_source(label);
    let style = BODY_STYLE.with_face(Face::SansBold);
    page.text(LEFT_MM, y, style, &label);
    let x = LEFT_MM + Face::SansBold.text_width_mm(&label, style.size_pt) + 2.0;
    let baseline = y + BODY_STYLE.baseline_offset_mm() + 0.8;
    page.horizontal_line(x, RIGHT_MM, baseline, Stroke::new(0.4, 0.5));
    page.text(x + 1.0, y, BODY_STYLE, value);
    y + BODY_STYLE.line_height_mm() + 0.6
}

/// The project table: its header row (the source's capitals) and the project's one row.
fn project_table(page: &mut Page, y: f32, columns: &[(&str, &str)], project: &ProjectLine) -> f32 {
    let widths = [WIDTH_MM * 0.25, WIDTH_MM * 0.5, WIDTH_MM * 0.25];
    let mut lefts = [LEFT_MM; 3];
    for i in 1..3 {
        lefts[i] = lefts[i - 1] + widths[i - 1];
    }
    let pad = 1.5;
    let head_lines: Vec<_> = columns
        .iter()
        .zip(widths)
        .map(|((_, label), width)| wrap(&[Span::bold(label)], TABLE_HEAD_STYLE.size_pt, width - 2.0 * pad))
        .collect();
    let head_height =
        head_lines.iter().map(|l| l.len()).max().unwrap_or(1) as f32 * TABLE_HEAD_STYLE.line_height_mm() + 2.0 * pad;
    for (i, lines) in head_lines.iter().enumerate() {
        page.lines(lefts[i] + pad, y + pad, TABLE_HEAD_STYLE, lines);
    }
    let duration = format!("Du {} au {}", fr_long_date(project.starts_on), fr_long_date(project.ends_on));
    let title = if project.description.trim().is_empty() {
        project.title.trim().to_string()
    } else {
        format!("{} — {}", project.title.trim(), project.description.trim())
    };
    let cells = [project.medium.trim().to_string(), title, duration];
    let cell_lines: Vec<_> = cells
        .iter()
        .zip(widths)
        .map(|(text, width)| wrap(&[Span::regular(&fr_source(text))], CELL_STYLE.size_pt, width - 2.0 * pad))
        .collect();
    let row_top = y + head_height;
    let row_height =
        cell_lines.iter().map(|l| l.len()).max().unwrap_or(1) as f32 * CELL_STYLE.line_height_mm() + 2.0 * pad;
    for (i, lines) in cell_lines.iter().enumerate() {
        page.lines(lefts[i] + pad, row_top + pad, CELL_STYLE, lines);
    }
    let bottom = row_top + row_height;
    page.rectangle(LEFT_MM, y, WIDTH_MM, bottom - y, THIN);
    page.horizontal_line(LEFT_MM, RIGHT_MM, row_top, THIN);
    for left in &lefts[1..] {
        vertical(page, *left, y, bottom);
    }
    bottom
}

/// The items table: the heading row, then one row per item with its box. Returns the y below
/// the table and each box's top.
fn items_table(page: &mut Page, y: f32, w: &Words, form: &TemplateForm) -> (f32, [f32; 3]) {
    let pad = 1.5;
    let tick_left = RIGHT_MM - TICK_COLUMN_MM;
    let heading = wrap(&[Span::bold(&fr_source(w.items_heading))], TABLE_HEAD_STYLE.size_pt, ITEM_TEXT_WIDTH_MM);
    let tick = wrap(&[Span::bold(&fr_source(w.tick_heading))], TABLE_HEAD_STYLE.size_pt, TICK_COLUMN_MM - 2.0 * pad);
    let head_height = heading.len().max(tick.len()) as f32 * TABLE_HEAD_STYLE.line_height_mm() + 2.0 * pad;
    page.lines(LEFT_MM + pad, y + pad, TABLE_HEAD_STYLE, &heading);
    page.lines(tick_left + pad, y + pad, TABLE_HEAD_STYLE, &tick);
    let mut top = y + head_height;
    page.horizontal_line(LEFT_MM, RIGHT_MM, top, THIN);
    let mut box_tops = [0.0; 3];
    for (index, (_, text)) in w.items.iter().enumerate().take(3) {
        let lines = wrap(&[Span::regular(&filled(text, form))], BODY_STYLE.size_pt, ITEM_TEXT_WIDTH_MM);
        let height = (lines.len() as f32 * BODY_STYLE.line_height_mm()).max(code::BOX_SIDE_MM + 2.0) + 2.0 * pad;
        page.lines(LEFT_MM + pad, top + pad, BODY_STYLE, &lines);
        let box_top = top + (height - code::BOX_SIDE_MM) / 2.0;
        page.checkbox(code::TEMPLATE_BOX_LEFT_MM, box_top, code::BOX_SIDE_MM);
        box_tops[index] = box_top;
        top += height;
        page.horizontal_line(LEFT_MM, RIGHT_MM, top, THIN);
    }
    page.rectangle(LEFT_MM, y, WIDTH_MM, top - y, THIN);
    vertical(page, tick_left, y, top);
    (top, box_tops)
}

fn vertical(page: &mut Page, x: f32, from: f32, to: f32) {
    page.rectangle(x, from, 0.0, to - from, THIN);
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample(template: TemplateId) -> TemplateForm {
        TemplateForm {
            template,
            css_name: "Centre de services scolaire du Pays-des-Bleuets".into(),
            school_name: "École des Bleuets".into(),
            social_media_site: String::new(),
            school_year: SchoolYear::starting(2025),
            person: Identified {
                last_name: "Côté".into(),
                first_name: "Émile".into(),
                level: matches!(template, TemplateId::Photos | TemplateId::MediaSocial).then(|| "6e année".into()),
            },
            project: ProjectLine {
                medium: "Journal Le Bleuet".into(),
                title: "Expo-sciences".into(),
                description: "Les élèves présentent leurs expériences au public.".into(),
                starts_on: NaiveDate::from_ymd_opt(2025, 10, 1).unwrap(),
                ends_on: NaiveDate::from_ymd_opt(2026, 5, 29).unwrap(),
            },
            form_number: crate::forms::number::encode(4242),
            store_tag: StoreTag::of_secret(&[7; 32]),
        }
    }

    #[test]
    fn each_annexe_is_one_page_whose_code_says_where_its_boxes_are() {
        for template in
            [TemplateId::Photos, TemplateId::PhotosAdulte, TemplateId::MediaSocial, TemplateId::MediaSocialAdulte]
        {
            let form = sample(template);
            let page = layout(&form, None).unwrap();
            let texts = page.texts().join("\n");
            assert!(texts.contains("Côté"), "{template:?}: the name is filled in");
            assert!(texts.contains(&form.form_number), "{template:?}: the number is printed");
            assert!(!texts.contains('{'), "{template:?}: every placeholder is filled: {texts}");
            assert!(texts.contains("Centre de services scolaire du Pays-des-Bleuets"), "{template:?}");
            // The items are the template's, in order, and the boxes stand in the items table.
            let items = template.template().items;
            assert_eq!(items.len(), 3);
        }
    }

    /// The reviewed text layout of each annexe's page (`pdftotext -layout`), beside the source's
    /// text: a change to a form shows up as a diff to review (`UPDATE_EXPECT=1` to accept one),
    /// and its PNG is in `target/screenshots/`.
    #[test]
    fn each_annexe_matches_its_reviewed_layout() {
        use crate::pdf::test_support::{pdftotext, screenshot};
        let printed_on = NaiveDate::from_ymd_opt(2025, 10, 2).unwrap();
        for (template, name) in [
            (TemplateId::Photos, "annexe_3"),
            (TemplateId::PhotosAdulte, "annexe_4"),
            (TemplateId::MediaSocial, "annexe_5"),
            (TemplateId::MediaSocialAdulte, "annexe_6"),
        ] {
            let bytes = render(&[sample(template)], printed_on, None).unwrap();
            screenshot(&bytes, 1, 110, &name.replace('_', "-"));
            let text = pdftotext(&bytes, true);
            let path = format!("{}/src/pdf/snapshots/{name}.txt", env!("CARGO_MANIFEST_DIR"));
            expect_test::expect_file![path].assert_eq(&text);
        }
    }

    /// A returned annexe 3, scanned at 200 dpi: the reader finds its code, the boxes where the
    /// code says, a ticked box as yes, an empty one as no, and the signature.
    #[test]
    fn the_reader_reads_a_returned_annexe_box_by_box() {
        use crate::pdf::test_support::{pen_stroke as stroke, scanned};
        use crate::scan::read::{read_page, Answer, Found, Options, Reason};
        let bytes = render(&[sample(TemplateId::Photos)], NaiveDate::from_ymd_opt(2025, 10, 2).unwrap(), None).unwrap();
        let dpi = 200;
        let blank = scanned(&bytes, 1, dpi);
        let reading = read_page(&blank, Some(dpi as f32), &Options::default());
        let Found::Template(found) = &reading.found else { panic!("{:?}", reading.found) };
        assert_eq!(
            (found.number.as_str(), found.layout.template),
            (sample(TemplateId::Photos).form_number.as_str(), 'P')
        );
        assert_eq!(reading.answers, [Answer::Non, Answer::Non, Answer::Non], "nothing ticked: {reading:?}");
        assert_eq!(reading.signed, Some(false));
        assert!(reading.reasons.contains(&Reason::NotSigned), "{:?}", reading.reasons);

        // Boxes 1 and 3 ticked, signed.
        let mut page = blank.clone();
        let sheet = found.layout.sheet();
        for row in [0, 2] {
            let b = sheet.rows[row][0];
            stroke(&mut page, dpi, (b.left + 0.8, b.top + 0.8), (b.left + 3.4, b.top + 3.4));
            stroke(&mut page, dpi, (b.left + 3.4, b.top + 0.8), (b.left + 0.8, b.top + 3.4));
        }
        let line = found.layout.signature_line_mm;
        stroke(&mut page, dpi, (30.0, line - 1.5), (45.0, line - 6.0));
        stroke(&mut page, dpi, (45.0, line - 6.0), (70.0, line - 2.0));
        let reading = read_page(&page, Some(dpi as f32), &Options::default());
        assert_eq!(reading.answers, [Answer::Oui, Answer::Non, Answer::Oui], "{reading:?}");
        assert_eq!(reading.signed, Some(true));
        assert!(reading.reasons.is_empty() && !reading.review, "{:?}", reading.reasons);
    }

    /// Annexes 5 and 6 end their resources sentence with the site in Paramètres, or without it.
    #[test]
    fn the_resources_sentence_takes_the_site_when_there_is_one() {
        let mut form = sample(TemplateId::MediaSocial);
        let without = filled(annexe5::RESOURCES, &form);
        assert!(without.ends_with("du Centre de services scolaire du Pays-des-Bleuets."), "{without}");
        form.social_media_site = "https://www.cssb.exemple.ca/medias-sociaux".into();
        let with = filled(annexe5::RESOURCES, &form);
        assert!(with.ends_with("Pays-des-Bleuets https://www.cssb.exemple.ca/medias-sociaux."), "{with}");
    }

    #[test]
    fn the_payload_reads_back_with_the_printed_positions() {
        let tag = StoreTag::of_secret(&[7; 32]);
        let number = crate::forms::number::encode(77);
        let layout = TemplateLayout { template: 'P', box_tops_mm: [150.0, 162.5, 175.25], signature_line_mm: 230.0 };
        let payload = code::encode_template(&number, tag, SchoolYear::starting(2025), &layout).unwrap();
        assert_eq!(payload.len(), code::TEMPLATE_PAYLOAD_LEN);
        let code::Parsed::Template(read) = code::parse(&payload) else { panic!("{payload} not read") };
        assert_eq!(read.number, number);
        assert_eq!(read.store, tag);
        assert_eq!(read.year, SchoolYear::starting(2025));
        assert_eq!(read.layout, layout);
        // One symbol changed in the number: its check symbol refuses it.
        let mut broken = payload.clone().into_bytes();
        broken[3] = if broken[3] == b'2' { b'3' } else { b'2' };
        assert!(!matches!(code::parse(std::str::from_utf8(&broken).unwrap()), code::Parsed::Template(_)));
    }
}
