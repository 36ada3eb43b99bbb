//! The Annexe A of the Directive, « Formulaire de consentement », pre-filled: one Letter page per
//! student and platform use, with the form number in clear and as a QR code for the returns.
//!
//! The text is the Directive's (seed 000, Annexe A) with its OCR errors corrected. What Balise
//! fills in (names, platform, year, address, deadline) is set in bold so a parent sees at a
//! glance what was written for them; what is left to fill by hand is a line.

use std::sync::LazyLock;

use chrono::NaiveDate;

use super::document::{render_document, try_build_pages, DocumentInfo};
use super::flow::{self, Frame};
use super::fonts::Face;
use super::image::Image;
use super::page::{Align, Page, Stroke, TextStyle, LETTER_WIDTH_MM};
use super::qr::draw_qr_code;
use super::typography::{fr_long_date, fr_typography};
use super::wrap::{wrap, Line, Span};
use super::PdfError;
use crate::forms::number;
use crate::register::platform::Audience;
use crate::year::SchoolYear;

/// What one printed form says about its student, platform use and return.
#[derive(Clone, Debug, PartialEq)]
pub struct FormData {
    /// The centre de services scolaire, as it signs the Directive (« Centre de services scolaire
    /// du Pays-des-Bleuets »): the form says « j’autorise le {css_name} ».
    pub css_name: String,
    pub school_name: String,
    pub student_full_name: String,
    /// The parents or guardians to name, in order: one, two, or none (a line is then left to
    /// write a name). Guardians marked « ne pas contacter » are left out by the caller.
    pub guardians: Vec<String>,
    pub platform: String,
    /// Who the platform is used with, when the school wants the form to say it.
    pub audience: Option<Audience>,
    /// The staff member who uses the platform with the class.
    pub staff_member: String,
    pub school_year: SchoolYear,
    pub return_email: String,
    pub deadline: NaiveDate,
    /// The form number, as the store's `forms::number::Numbering` wrote it.
    pub form_number: String,
    /// Set on reminder copies: « Rappel » and the day it was printed.
    pub reminder: Option<NaiveDate>,
}

/// One page per form, in the order given. `printed_on` is the document's date (its properties),
/// passed in so a reprint is the same file. `logo`, the organisation's (Paramètres), heads each
/// form's left column.
pub fn render(forms: &[FormData], printed_on: NaiveDate, logo: Option<&Image>) -> Result<Vec<u8>, PdfError> {
    let pages = try_build_pages(forms, |form| layout(form, logo).map(|(page, _)| page))?;
    let info = DocumentInfo { title: TITLE, created_on: printed_on };
    render_document(&info, pages)
}

const TITLE: &str = "Annexe A — Formulaire de consentement";

/// Sides of at least 12 mm: office printers leave 4 to 6 mm unprinted and a photocopy shifts
/// the page by a few more.
const FRAME: Frame = Frame::letter(18.0, 14.0, 3.0);
const TOP_MM: f32 = FRAME.top_mm;
const LEFT_MM: f32 = FRAME.left_mm;
const RIGHT_MM: f32 = FRAME.right_mm;
const CONTENT_WIDTH_MM: f32 = FRAME.width_mm();

/// The QR code's square, quiet zone included: 29 modules of 0.8 mm. It stands in the top-right
/// corner, far from the signature and from a staple in the top-left corner.
const QR_SIDE_MM: f32 = 23.2;
/// Width of the header's left column (the CSS and the school).
const HEADER_LEFT_WIDTH_MM: f32 = 100.0;
/// The logo beside them is at most this wide, so that the CSS's name keeps two thirds of the
/// column and the header stays within the QR code's height.
const LOGO_MAX_WIDTH_MM: f32 = 30.0;
/// Left indent of the two questions' text, after their number.
const QUESTION_INDENT_MM: f32 = 7.0;
const QUESTION_WIDTH_MM: f32 = CONTENT_WIDTH_MM - QUESTION_INDENT_MM;
const PARAGRAPH_GAP_MM: f32 = 2.6;
const CHECKBOX_MM: f32 = 4.2;

const CSS_STYLE: TextStyle = TextStyle::new(Face::SansBold, 12.0).with_line_height(1.2);
const SCHOOL_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.0).with_line_height(1.3).with_grey(0.2);
const ANNEXE_STYLE: TextStyle = TextStyle::new(Face::SansBold, 13.0).with_line_height(1.25);
const LABEL_STYLE: TextStyle = TextStyle::new(Face::Sans, 8.5).with_line_height(1.2).with_grey(0.35);
const NUMBER_STYLE: TextStyle = TextStyle::new(Face::Mono, 17.0).with_line_height(1.15);
const REMINDER_STYLE: TextStyle = TextStyle::new(Face::SansBold, 10.0).with_line_height(1.3);
const TITLE_STYLE: TextStyle = TextStyle::new(Face::SansBold, 15.0).with_line_height(1.3);
const SUBTITLE_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.5).with_line_height(1.3).with_grey(0.25);
const BODY_STYLE: TextStyle = TextStyle::new(Face::Sans, 11.0).with_line_height(1.38);
const CAPTION_STYLE: TextStyle = TextStyle::new(Face::Sans, 8.0).with_line_height(1.2).with_grey(0.35);
const FOOTER_STYLE: TextStyle = TextStyle::new(Face::Sans, 8.0).with_line_height(1.2).with_grey(0.35);

/// A line left for a name to be written by hand, inside a sentence.
const BLANK: &str = "____________________________";

/// The paragraphs that are the same on every form, wrapped once per process: a batch of 1,000
/// forms only wraps the sentences that carry names.
struct FixedText {
    question_1: Vec<Line>,
    question_2: Vec<Line>,
    refusal: Vec<Line>,
    revocation: Vec<Line>,
    note: Vec<Line>,
}

static FIXED: LazyLock<FixedText> = LazyLock::new(|| {
    let size = BODY_STYLE.size_pt;
    let plain = |text: &str, width: f32| wrap(&[Span::regular(&fr_typography(text))], size, width);
    FixedText {
        question_1: plain(
            "À communiquer certains renseignements personnels sur mon enfant aux autres élèves de la \
             classe dans un espace de la plateforme prévu à cette fin, de même qu’au gestionnaire de \
             la plateforme aux fins de gestion de la plateforme, uniquement lorsque ce renseignement \
             personnel concerne une activité de mon enfant dans le cadre des activités de sa classe \
             ou de l’école, et ce, lorsqu’il s’agit d’une réalisation académique, sportive ou \
             artistique ou d’une photo sur laquelle il apparaît :",
            QUESTION_WIDTH_MM,
        ),
        question_2: plain(
            "À me transmettre des renseignements personnels sur mon enfant dans un espace de la \
             plateforme réservé à cette fin et à les communiquer au gestionnaire de la plateforme \
             aux fins de gestion de la plateforme :",
            QUESTION_WIDTH_MM,
        ),
        refusal: plain(
            "Je comprends que je peux refuser de fournir l’un ou l’autre des consentements ci-haut \
             sans que ce refus affecte la qualité des services éducatifs à mon enfant.",
            CONTENT_WIDTH_MM,
        ),
        revocation: plain(
            "Je comprends également que je peux révoquer de tels consentements en tout temps.",
            CONTENT_WIDTH_MM,
        ),
        note: wrap(
            &[
                Span::bold(&fr_typography("Note :")),
                Span::regular(&fr_typography(
                    " En cas de refus de consentir, nous vous demandons d’expliquer votre décision à \
                     votre enfant compte tenu des implications pour celui-ci.",
                )),
            ],
            size,
            CONTENT_WIDTH_MM,
        ),
    }
});

/// Draws one form; returns the page and the y where its body ends (tests check it stays above
/// the footer whatever the names).
fn layout(form: &FormData, logo: Option<&Image>) -> Result<(Page, f32), PdfError> {
    // A mangled number would send the returned form to nobody: refuse it before printing.
    // It is printed as `encode` writes it, whatever its case and dashes.
    let number = match number::normalize(&form.form_number) {
        Ok(number) => number,
        Err(_) => return Err(PdfError::InvalidFormNumber(form.form_number.clone())),
    };
    let fixed = &*FIXED;
    let mut page = Page::letter();
    let mut y = header(&mut page, form, &number, logo)?;

    // The opening paragraph: who signs, for which child, about which platform.
    let guardians = guardian_spans(&form.guardians);
    let mut spans = vec![Span::regular("Je, ")];
    spans.extend(guardians.iter().copied());
    spans.push(Span::regular(&OPENING_AFTER_GUARDIANS));
    spans.extend(value_or_blank(&form.student_full_name, &CHILD_LABEL));
    spans.push(Span::regular(&OPENING_AFTER_CHILD));
    spans.extend(value_or_blank(&form.platform, &PLATFORM_LABEL));
    spans.push(Span::regular(&OPENING_PLATFORM_NAMED));
    // Not in the Directive's text: which side of the class the platform talks to, so a parent
    // of a class with two platforms knows which one this form is about.
    if let Some(audience) = form.audience {
        spans.push(Span::regular(match audience {
            Audience::Parents => " utilisée avec les parents,",
            Audience::Students => " utilisée avec les élèves,",
        }));
    }
    spans.push(Span::regular(" et des objectifs pédagogiques et éducatifs poursuivis."));
    y = body(&mut page, y, &spans) + PARAGRAPH_GAP_MM;

    // The authorization to the CSS and the staff member.
    let mut spans = vec![Span::regular(&AUTHORIZATION_START)];
    spans.extend(value_or_blank(&form.css_name, "(nom du centre de services scolaire)"));
    spans.push(Span::regular(", et "));
    spans.extend(value_or_blank(&form.staff_member, &STAFF_LABEL));
    spans.push(Span::regular(&COLON));
    y = body(&mut page, y, &spans) + PARAGRAPH_GAP_MM;

    y = question(&mut page, y, "1.", &fixed.question_1);
    y = question(&mut page, y + PARAGRAPH_GAP_MM, "2.", &fixed.question_2);
    y += PARAGRAPH_GAP_MM;

    y = page.lines(LEFT_MM, y, BODY_STYLE, &fixed.refusal) + PARAGRAPH_GAP_MM;
    y = page.lines(LEFT_MM, y, BODY_STYLE, &fixed.revocation) + PARAGRAPH_GAP_MM;
    let year = form.school_year.to_string();
    y = body(
        &mut page,
        y,
        &[
            Span::regular("Ce consentement est valide pour la durée de l’année scolaire "),
            Span::bold(&year),
            Span::regular("."),
        ],
    ) + PARAGRAPH_GAP_MM
        + 1.5;

    y = signature(&mut page, y) + 5.0;
    y = return_instruction(&mut page, y, form) + PARAGRAPH_GAP_MM + 1.0;
    y = page.lines(LEFT_MM, y, BODY_STYLE, &fixed.note);

    footer(&mut page, form, &number);
    Ok((page, y))
}

static OPENING_AFTER_GUARDIANS: LazyLock<String> =
    LazyLock::new(|| fr_typography(", à titre de titulaire de l’autorité parentale de "));
static OPENING_AFTER_CHILD: LazyLock<String> = LazyLock::new(|| {
    fr_typography(
        ", confirme avoir été dûment informé(e) de l’utilisation dans la classe de la plateforme technologique ",
    )
});
static OPENING_PLATFORM_NAMED: LazyLock<String> = LazyLock::new(|| fr_typography(" (ci-après « Plateforme »),"));
static AUTHORIZATION_START: LazyLock<String> =
    LazyLock::new(|| fr_typography("À ces fins, j’autorise, par la présente, le "));
static COLON: LazyLock<String> = LazyLock::new(|| fr_typography(" :"));
static CHILD_LABEL: LazyLock<String> = LazyLock::new(|| fr_typography("(nom de l’enfant)"));
static PLATFORM_LABEL: LazyLock<String> = LazyLock::new(|| fr_typography("(nom de la plateforme)"));
static STAFF_LABEL: LazyLock<String> = LazyLock::new(|| fr_typography("(nom du membre du personnel)"));

/// The names of the parents on file in bold, or a line to write one.
fn guardian_spans(guardians: &[String]) -> Vec<Span<'_>> {
    let names: Vec<&str> = guardians.iter().map(|name| name.trim()).filter(|name| !name.is_empty()).collect();
    match names.as_slice() {
        [] => vec![Span::regular(BLANK), Span::regular(" (nom du parent ou tuteur)")],
        [only] => vec![Span::bold(only)],
        [first, rest @ ..] => {
            // « Je, Marie Tremblay ou Jean Roy, … »: one of them signs.
            let mut spans = vec![Span::bold(first)];
            for name in rest {
                spans.push(Span::regular(" ou "));
                spans.push(Span::bold(name));
            }
            spans
        }
    }
}

/// A pre-filled value in bold, or a line and the form's label when the value is unknown.
fn value_or_blank<'a>(value: &'a str, label: &'a str) -> Vec<Span<'a>> {
    let value = value.trim();
    if value.is_empty() {
        vec![Span::regular(BLANK), Span::regular(" "), Span::regular(label)]
    } else {
        vec![Span::bold(value)]
    }
}

/// The CSS and school (left, beside the organisation's logo when there is one), « Annexe A » and
/// the form number (right, beside the QR code), then the title. Returns the y where the body
/// starts. The logo stands within the QR code's height: the form's body does not move.
fn header(page: &mut Page, form: &FormData, number: &str, logo: Option<&Image>) -> Result<f32, PdfError> {
    let qr_x = RIGHT_MM - QR_SIDE_MM;
    draw_qr_code(page, qr_x, TOP_MM, QR_SIDE_MM, number)?;

    // The text ends 1 mm before the QR code's quiet zone, which must stay blank.
    let right_x = qr_x - 1.0;
    let mut right_y = page.text_aligned(right_x, TOP_MM + 2.0, ANNEXE_STYLE, Align::Right, "Annexe A") + 1.0;
    right_y = page.text_aligned(right_x, right_y, LABEL_STYLE, Align::Right, "Formulaire n°");
    right_y = page.text_aligned(right_x, right_y, NUMBER_STYLE, Align::Right, number);
    if let Some(reminder) = form.reminder {
        let text = format!("Rappel — {}", fr_long_date(reminder));
        right_y = page.text_aligned(right_x, right_y + 0.5, REMINDER_STYLE, Align::Right, &text);
    }

    let (left_x, left_width, logo_bottom) =
        match flow::logo_within(page, LEFT_MM, TOP_MM, logo, (LOGO_MAX_WIDTH_MM, flow::LOGO_HEIGHT_MM)) {
            Some((width, height)) => {
                let shift = width + flow::LOGO_GAP_MM;
                (LEFT_MM + shift, HEADER_LEFT_WIDTH_MM - shift, TOP_MM + height)
            }
            None => (LEFT_MM, HEADER_LEFT_WIDTH_MM, TOP_MM),
        };
    let mut left_y = page.paragraph_text(left_x, TOP_MM + 2.0, left_width, CSS_STYLE, form.css_name.trim());
    left_y = page.paragraph_text(left_x, left_y + 0.5, left_width, SCHOOL_STYLE, form.school_name.trim());
    left_y = left_y.max(logo_bottom);

    let mut y = left_y.max(right_y).max(TOP_MM + QR_SIDE_MM) + 3.0;
    let middle = LETTER_WIDTH_MM / 2.0;
    y = page.text_aligned(middle, y, TITLE_STYLE, Align::Center, "FORMULAIRE DE CONSENTEMENT");
    y = page.text_aligned(middle, y, SUBTITLE_STYLE, Align::Center, "Confidentiel — Transmis électroniquement");
    Ok(y + 5.0)
}

fn body(page: &mut Page, y: f32, spans: &[Span<'_>]) -> f32 {
    page.paragraph(LEFT_MM, y, CONTENT_WIDTH_MM, BODY_STYLE, spans)
}

/// A numbered authorization, its text indented, then « Oui ☐ Non ☐ » with drawn boxes.
fn question(page: &mut Page, y: f32, marker: &str, text: &[Line]) -> f32 {
    page.text(LEFT_MM + 1.0, y, BODY_STYLE.with_face(Face::SansBold), marker);
    let x = LEFT_MM + QUESTION_INDENT_MM;
    let y = page.lines(x, y, BODY_STYLE, text) + 1.2;
    let label_style = BODY_STYLE.with_face(Face::SansBold);
    // Boxes sit on the labels' baseline, centred on the capitals.
    let box_top = y + label_style.baseline_offset_mm() - CHECKBOX_MM / 2.0 - 1.3;
    let mut label_x = x;
    for label in ["Oui", "Non"] {
        page.text(label_x, y, label_style, label);
        let box_x = label_x + Face::SansBold.text_width_mm(label, label_style.size_pt) + 2.0;
        page.checkbox(box_x, box_top, CHECKBOX_MM);
        label_x = box_x + CHECKBOX_MM + 12.0;
    }
    y + label_style.line_height_mm()
}

/// « En foi de quoi, j’ai signé à ____ le ____. », then the signature line.
fn signature(page: &mut Page, y: f32) -> f32 {
    let size = BODY_STYLE.size_pt;
    let rule = Stroke::new(0.6, 0.0);
    let baseline = y + BODY_STYLE.baseline_offset_mm();
    let caption_y = baseline + 1.2;

    let lead = "En foi de quoi, j’ai signé à";
    let mut x = LEFT_MM;
    page.text(x, y, BODY_STYLE, lead);
    x += Face::Sans.text_width_mm(lead, size) + 1.5;
    let place_end = x + 62.0;
    page.horizontal_line(x, place_end, baseline + 0.6, rule);
    page.text_aligned((x + place_end) / 2.0, caption_y, CAPTION_STYLE, Align::Center, "(lieu)");

    x = place_end + 1.5;
    page.text(x, y, BODY_STYLE, "le");
    x += Face::Sans.text_width_mm("le", size) + 1.5;
    let date_end = x + 45.0;
    page.horizontal_line(x, date_end, baseline + 0.6, rule);
    page.text_aligned((x + date_end) / 2.0, caption_y, CAPTION_STYLE, Align::Center, "(date)");
    page.text(date_end + 0.5, y, BODY_STYLE, ".");

    // Room for a hand-written signature above its line.
    let line_y = y + BODY_STYLE.line_height_mm() + 13.0;
    page.horizontal_line(LEFT_MM, LEFT_MM + 95.0, line_y, rule);
    page.text(LEFT_MM, line_y + 1.0, CAPTION_STYLE.with_grey(0.2), "Signature du parent ou tuteur")
}

/// Where and by when the form goes back, framed so it is not missed.
fn return_instruction(page: &mut Page, y: f32, form: &FormData) -> f32 {
    const PADDING_MM: f32 = 2.5;
    let deadline = fr_long_date(form.deadline);
    let mut spans = vec![Span::regular(&RETURN_START)];
    spans.extend(value_or_blank(&form.return_email, ""));
    spans.push(Span::regular(" avant le "));
    spans.push(Span::bold(&deadline));
    spans.push(Span::regular("."));
    let x = LEFT_MM + PADDING_MM;
    let bottom =
        page.paragraph(x, y + PADDING_MM, CONTENT_WIDTH_MM - 2.0 * PADDING_MM, BODY_STYLE, &spans) + PADDING_MM - 0.8;
    page.rectangle(LEFT_MM, y, CONTENT_WIDTH_MM, bottom - y, Stroke::new(0.8, 0.0));
    bottom
}

static RETURN_START: LazyLock<String> =
    LazyLock::new(|| fr_typography("Transmettre obligatoirement votre formulaire à l’adresse courriel suivante : "));

/// The number again at the bottom (a copy cut at the top still finds its form), and the school.
fn footer(page: &mut Page, form: &FormData, number: &str) {
    let y = flow::footer_rule(page, &FRAME);
    page.text(LEFT_MM, y, FOOTER_STYLE, &format!("Formulaire n° {number}"));
    let right = format!("{} — année scolaire {}", form.school_name.trim(), form.school_year);
    page.text_aligned(RIGHT_MM, y, FOOTER_STYLE, Align::Right, right.trim_start_matches(" — "));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::number::encode;
    use crate::pdf::test_support::{flatten, pages_text, pdftotext, render_grey, screenshot};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn form(student: &str, guardians: &[&str], serial: u64) -> FormData {
        FormData {
            css_name: "Centre de services scolaire du Pays-des-Bleuets".into(),
            school_name: "École Notre-Dame-de-l’Assomption".into(),
            student_full_name: student.into(),
            guardians: guardians.iter().map(|name| name.to_string()).collect(),
            platform: "Microsoft Teams".into(),
            audience: Some(Audience::Students),
            staff_member: "Geneviève Lévesque".into(),
            school_year: SchoolYear::starting(2025),
            return_email: "secretariat.notre-dame@cssbleuets.qc.ca".into(),
            deadline: date(2025, 9, 12),
            form_number: encode(serial),
            reminder: None,
        }
    }

    fn class() -> Vec<FormData> {
        vec![
            form("Léa Côté", &["Marie-Hélène Côté", "François Bélanger"], 101),
            form("Noah Gagnon", &["Stéphanie Roy"], 102),
            form("Zoé Tremblay-Pelletier", &[], 103),
        ]
    }

    /// Sentences every form must carry, as pdftotext reads them (accents included: the
    /// embedded fonts' ToUnicode maps must be right).
    const FIXED_SENTENCES: [&str; 19] = [
        "Annexe A",
        "FORMULAIRE DE CONSENTEMENT",
        "Confidentiel — Transmis électroniquement",
        "à titre de titulaire de l’autorité parentale de",
        "confirme avoir été dûment informé(e) de l’utilisation dans la classe de la plateforme technologique",
        "(ci-après « Plateforme »),",
        "et des objectifs pédagogiques et éducatifs poursuivis.",
        "À ces fins, j’autorise, par la présente, le Centre de services scolaire du Pays-des-Bleuets, et",
        "À communiquer certains renseignements personnels sur mon enfant aux autres élèves de la classe",
        "lorsqu’il s’agit d’une réalisation académique, sportive ou artistique ou d’une photo sur laquelle il apparaît :",
        "À me transmettre des renseignements personnels sur mon enfant dans un espace de la plateforme réservé",
        "sans que ce refus affecte la qualité des services éducatifs à mon enfant.",
        "Je comprends également que je peux révoquer de tels consentements en tout temps.",
        "il apparaît : Oui Non 2. À me transmettre",
        "plateforme : Oui Non Je comprends que je peux refuser",
        "En foi de quoi, j’ai signé à",
        "Signature du parent ou tuteur",
        "Transmettre obligatoirement votre formulaire à l’adresse courriel suivante :",
        "Note : En cas de refus de consentir, nous vous demandons d’expliquer votre décision à votre enfant compte tenu des implications pour celui-ci.",
    ];

    #[test]
    fn each_page_holds_its_own_student_and_the_whole_form() {
        let forms = class();
        let bytes = render(&forms, date(2025, 8, 25), None).unwrap();
        let pages = pages_text(&bytes);
        assert_eq!(pages.len(), forms.len(), "one page per form");
        for (index, (page, form)) in pages.iter().zip(&forms).enumerate() {
            let flat = flatten(page);
            let mut expected: Vec<String> = FIXED_SENTENCES.iter().map(|s| s.to_string()).collect();
            expected.extend([
                form.student_full_name.clone(),
                "Microsoft Teams (ci-après « Plateforme »), utilisée avec les élèves, et des objectifs".into(),
                "Geneviève Lévesque :".into(),
                "Ce consentement est valide pour la durée de l’année scolaire 2025-2026.".into(),
                "secretariat.notre-dame@cssbleuets.qc.ca avant le 12 septembre 2025.".into(),
                format!("Formulaire n° {}", form.form_number),
            ]);
            expected.extend(form.guardians.iter().cloned());
            for sentence in &expected {
                assert!(flat.contains(sentence.as_str()), "page {}: {sentence:?} missing from:\n{page}", index + 1);
            }
            // The number printed large in the header and again in the footer.
            assert_eq!(flat.matches(form.form_number.as_str()).count(), 2, "page {}: {page}", index + 1);
            for other in forms.iter().filter(|other| *other != form) {
                assert!(
                    !flat.contains(&other.student_full_name),
                    "page {} names {}",
                    index + 1,
                    other.student_full_name
                );
            }
        }
        // Two guardians are both named, one of them signs; none leaves a line to write a name on.
        let two = flatten(&pages[0]);
        assert!(two.contains("Je, Marie-Hélène Côté ou François Bélanger, à titre"), "{two}");
        let one = flatten(&pages[1]);
        assert!(one.contains("Je, Stéphanie Roy, à titre de titulaire"), "{one}");
        let none = flatten(&pages[2]);
        assert!(none.contains("Je, ____________________________ (nom du parent ou tuteur), à titre"), "{none}");
    }

    #[test]
    fn missing_values_leave_lines_with_the_form_labels() {
        let mut blank = form("Léa Côté", &[], 7);
        blank.staff_member = " ".into();
        blank.platform = String::new();
        blank.audience = None;
        let flat = flatten(&pdftotext(&render(&[blank], date(2025, 8, 25), None).unwrap(), false));
        for expected in [
            "plateforme technologique ____________________________ (nom de la plateforme) (ci-après « Plateforme »), et des",
            "et ____________________________ (nom du membre du personnel) :",
        ] {
            assert!(flat.contains(expected), "{expected:?} missing from {flat}");
        }
    }

    #[test]
    fn reminders_say_so_with_their_date() {
        let mut reminder = form("Noah Gagnon", &["Stéphanie Roy"], 8);
        reminder.reminder = Some(date(2025, 9, 22));
        let flat = flatten(&pdftotext(&render(&[reminder], date(2025, 9, 22), None).unwrap(), false));
        assert!(flat.contains("Rappel — 22 septembre 2025"), "{flat}");
        let plain =
            flatten(&pdftotext(&render(&[form("Noah Gagnon", &[], 8)], date(2025, 9, 22), None).unwrap(), false));
        assert!(!plain.contains("Rappel"), "{plain}");
    }

    #[test]
    fn long_names_still_fit_on_one_page() {
        let mut long = form(
            "Marie-Ève O’Neil-Bérubé-Tremblay",
            &["Marie-Ève O’Neil-Bérubé-Tremblay", "Jean-Sébastien Papadopoulos-Villeneuve-Desrosiers"],
            9,
        );
        long.css_name = "Centre de services scolaire des Premières-Seigneuries et de la Région-de-Sherbrooke".into();
        long.school_name = "École primaire et secondaire internationale Notre-Dame-des-Sept-Douleurs".into();
        long.staff_member = "Marie-Christine Archambault-Lévesque-Bouchard".into();
        long.platform = "Google Classroom (compte institutionnel)".into();
        long.return_email = "secretariat.ecole-notre-dame-des-sept-douleurs@csspremieres-seigneuries.gouv.qc.ca".into();
        long.reminder = Some(date(2025, 9, 30));
        let (_, bottom) = layout(&long, None).unwrap();
        assert!(bottom < FRAME.bottom_mm, "body ends at {bottom} mm, footer at {} mm", FRAME.footer_top_mm);
        let bytes = render(&[long], date(2025, 9, 30), None).unwrap();
        screenshot(&bytes, 1, 110, "annexe-a-long-names");
        let pages = pages_text(&bytes);
        assert_eq!(pages.len(), 1);
        assert!(flatten(&pages[0]).contains("Marie-Ève O’Neil-Bérubé-Tremblay ou Jean-Sébastien"));
    }

    #[test]
    fn a_malformed_form_number_is_refused() {
        let mut bad = form("Léa Côté", &[], 1);
        let good = bad.form_number.clone();
        bad.form_number = format!("{}{}", &good[..7], if good.ends_with('2') { '3' } else { '2' });
        let result = render(&[form("Noah Gagnon", &[], 2), bad], date(2025, 8, 25), None);
        assert!(matches!(result, Err(PdfError::InvalidFormNumber(ref n)) if n.starts_with(&good[..7])), "{result:?}");
        assert!(matches!(render(&[], date(2025, 8, 25), None), Err(PdfError::NoPages)));
    }

    #[test]
    fn the_number_is_printed_the_way_it_is_encoded() {
        let mut typed = form("Léa Côté", &[], 5);
        let canonical = typed.form_number.clone();
        typed.form_number = canonical.to_lowercase().replace('-', " ");
        let flat = flatten(&pdftotext(&render(&[typed], date(2025, 8, 25), None).unwrap(), false));
        assert_eq!(flat.matches(canonical.as_str()).count(), 2, "{flat}");
    }

    /// The QR code is read back from the page as an office scanner sees it (200 and 300 dpi), and
    /// at 200 dpi with the pixels thresholded darker, as a photocopy's toner spreads. (rqrr is
    /// less tolerant than phone and scanner readers below 200 dpi: at 100 to 150 dpi it reads
    /// some renderings and not others, so those are not asserted here.)
    #[test]
    fn the_qr_code_decodes_to_the_printed_number() {
        let forms = class();
        let bytes = render(&forms, date(2025, 8, 25), None).unwrap();
        for (page, form) in [(1, &forms[0]), (3, &forms[2])] {
            for (dpi, photocopy) in [(200, false), (300, false), (200, true)] {
                let image = render_grey(&bytes, page, dpi);
                let threshold = |value: u8| {
                    if photocopy {
                        if value < 170 {
                            0
                        } else {
                            255
                        }
                    } else {
                        value
                    }
                };
                let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(image.width, image.height, |x, y| {
                    threshold(image.pixels[y * image.width + x])
                });
                let grids = prepared.detect_grids();
                assert_eq!(grids.len(), 1, "page {page} at {dpi} dpi: {} QR codes found", grids.len());
                let (_, content) = grids[0].decode().expect("the QR code decodes");
                assert_eq!(content, form.form_number, "page {page} at {dpi} dpi");
                // The code sits in the top-right corner, inside the margins.
                let bounds = grids[0].bounds;
                let dots_per_mm = dpi as f32 / 25.4;
                let right_mm = bounds.iter().map(|p| p.x).max().unwrap() as f32 / dots_per_mm;
                let top_mm = bounds.iter().map(|p| p.y).min().unwrap() as f32 / dots_per_mm;
                assert!(right_mm < RIGHT_MM && right_mm > RIGHT_MM - 6.0, "right edge at {right_mm} mm");
                assert!(top_mm > TOP_MM && top_mm < TOP_MM + 6.0, "top edge at {top_mm} mm");
            }
        }
    }

    /// The organisation's logo heads every form, beside the CSS and the school, within the QR
    /// code's height: the form's body stays where it was, and the longest names still fit on
    /// one page with the widest logo.
    #[test]
    fn the_logo_heads_every_form_and_the_body_does_not_move() {
        use crate::pdf::test_support::{logo, pages_with_images, wide_logo};
        let forms = class();
        let logo = logo();
        let bytes = render(&forms, date(2025, 8, 25), Some(&logo)).unwrap();
        screenshot(&bytes, 1, 110, "annexe-a-logo");
        assert_eq!(pages_with_images(&bytes), [1, 2, 3], "on every form");
        for (page, form) in pages_text(&bytes).iter().zip(&forms) {
            let flat = flatten(page);
            for sentence in FIXED_SENTENCES.iter().chain([&"Centre de services scolaire du Pays-des-Bleuets"]) {
                assert!(flat.contains(sentence), "{sentence:?} missing from:\n{page}");
            }
            assert!(flat.contains(&form.student_full_name));
        }
        for form in &forms {
            let (_, plain) = layout(form, None).unwrap();
            let (_, with_logo) = layout(form, Some(&logo)).unwrap();
            assert_eq!(with_logo, plain, "the body ends where it did");
        }
        let mut long = form("Marie-Ève O’Neil-Bérubé-Tremblay", &["Jean-Sébastien Papadopoulos-Villeneuve"], 9);
        long.css_name = "Centre de services scolaire des Premières-Seigneuries et de la Région-de-Sherbrooke".into();
        long.school_name = "École primaire et secondaire internationale Notre-Dame-des-Sept-Douleurs".into();
        long.reminder = Some(date(2025, 9, 30));
        let wide = wide_logo();
        let (_, bottom) = layout(&long, Some(&wide)).unwrap();
        assert!(bottom < FRAME.bottom_mm, "body ends at {bottom} mm, footer at {} mm", FRAME.footer_top_mm);
        let bytes = render(&[long], date(2025, 9, 30), Some(&wide)).unwrap();
        screenshot(&bytes, 1, 110, "annexe-a-logo-large");
        assert_eq!(pages_text(&bytes).len(), 1);
    }

    /// The reviewed text layout of page 1 (`pdftotext -layout`): a change to the form shows up
    /// here as a diff to review. To accept a change on purpose, run the test with
    /// `UPDATE_EXPECT=1` and review the snapshot's diff before committing it.
    #[test]
    fn page_one_matches_its_reviewed_layout() {
        let bytes = render(&class(), date(2025, 8, 25), None).unwrap();
        screenshot(&bytes, 1, 110, "annexe-a-p1");
        screenshot(&bytes, 3, 110, "annexe-a-p3-no-guardian");
        let first_page = pdftotext(&bytes, true).split('\u{c}').next().unwrap_or_default().to_string();
        expect_test::expect_file!["snapshots/annexe_a_page1.txt"].assert_eq(&first_page);
    }

    /// The reviewed text of a reminder (the whole document, `pdftotext -layout`): the same form
    /// with « Rappel » and its date.
    #[test]
    fn a_reminder_matches_its_reviewed_layout() {
        let mut reminder = form("Noah Gagnon", &["Stéphanie Roy"], 102);
        reminder.reminder = Some(date(2025, 9, 22));
        let bytes = render(&[reminder], date(2025, 9, 22), None).unwrap();
        expect_test::expect_file!["snapshots/annexe_a_reminder.txt"].assert_eq(&pdftotext(&bytes, true));
    }
}
