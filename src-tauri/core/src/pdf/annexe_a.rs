//! The Annexe A of the Directive, « Formulaire de consentement », pre-filled: one Letter page per
//! student and platform use, with the form number in clear and as a QR code for the returns.
//!
//! The text is the Directive's (seed 000, Annexe A) with its OCR errors corrected. What Balise
//! fills in (names, platform, year, address, deadline) is set in bold so a parent sees at a
//! glance what was written for them; what is left to fill by hand is a line.
//!
//! Two other wordings share the layout, the number and the QR code (`Wording`): the Annexe A's
//! faithful English translation, for a parent whose language is English, and a variant worded
//! for a student of 14 or more who consents for themself. Each says on the page what it is.

use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Serialize;

use super::document::{render_document, try_build_pages, DocumentInfo};
use super::flow::{self, Frame};
use super::fonts::Face;
use super::image::Image;
use super::page::{Align, Page, Stroke, TextStyle, LETTER_WIDTH_MM};
use super::qr::draw_qr_code;
use super::typography::{en_long_date, fr_long_date, fr_typography};
use super::wrap::{wrap, Line, Span};
use super::PdfError;
use crate::forms::code::{self, Labels, StoreTag};
use crate::forms::number;
use crate::register::platform::Audience;
use crate::year::SchoolYear;
use qrcode::EcLevel;

/// What one printed form says about its student, platform use and return.
#[derive(Clone, Debug, PartialEq)]
pub struct FormData {
    /// The centre de services scolaire, as it signs the Directive (« Centre de services scolaire
    /// du Pays-des-Bleuets »): the form says « j’autorise le {css_name} ».
    pub css_name: String,
    pub school_name: String,
    pub student_full_name: String,
    /// The parents or guardians to name, in order: one, two, or none (a line is then left to
    /// write a name). Guardians marked « ne pas contacter » are left out by the caller. Not
    /// printed on the student's wording, which names the student as the one who signs.
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
    /// The tag of the store that prints the form (`forms::code::StoreTag::of_secret` of its
    /// numbering secret), carried in the QR code so a form from another store is not filed.
    pub store_tag: StoreTag,
    /// Whose copy the page is (the family's, one guardian's, the student's), in the QR code so
    /// that its returned page is that person's answer.
    pub copy: code::CopyFor,
    /// Set on reminder copies: « Rappel » and the day it was printed.
    pub reminder: Option<NaiveDate>,
    /// Whose words the page is in.
    pub wording: Wording,
}

/// The words of a page: the Directive's, its English translation, or the student's variant.
/// The two questions mean the same in each, so an answer records the same way whatever the
/// copy signed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Wording {
    /// The Directive's Annexe A, signed by a parent or guardian.
    #[default]
    Parent,
    /// Balise's French variant for a student of 14 or more who consents for themself (the
    /// *Loi sur l'accès* lets the person concerned consent from 14): first person, « me
    /// concernant », « Signature de l'élève ». Marked on the page as not the Directive's text.
    Student,
    /// The Annexe A's faithful English translation, for a parent or guardian whose language is
    /// English. Marked on the page: the French text prevails.
    English,
}

impl Wording {
    pub const ALL: [Wording; 3] = [Wording::Parent, Wording::Student, Wording::English];
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

/// The QR code's square, quiet zone included: 33 modules of 0.7 mm (`forms::code`). It stands in
/// the top-right corner, far from the signature and from a staple in the top-left corner.
const QR_SIDE_MM: f32 = code::QR_SIDE_MM;
/// Width of the header's left column (the CSS and the school).
const HEADER_LEFT_WIDTH_MM: f32 = 100.0;
/// The logo beside them is at most this wide, so that the CSS's name keeps two thirds of the
/// column and the header stays within the QR code's height.
const LOGO_MAX_WIDTH_MM: f32 = 30.0;
/// Left indent of the two questions' text, after their number.
const QUESTION_INDENT_MM: f32 = 7.0;
const QUESTION_WIDTH_MM: f32 = CONTENT_WIDTH_MM - QUESTION_INDENT_MM;
const PARAGRAPH_GAP_MM: f32 = 2.6;
/// The gap on a page that carries a mark (`Text::mark`): the mark's lines take the difference.
const MARKED_PARAGRAPH_GAP_MM: f32 = 2.2;
const CHECKBOX_MM: f32 = code::BOX_SIDE_MM;
/// Inner margin of the framed boxes (the wording's mark, the return instruction).
const PADDING_MM: f32 = 2.5;

const CSS_STYLE: TextStyle = TextStyle::new(Face::SansBold, 12.0).with_line_height(1.2);
const SCHOOL_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.0).with_line_height(1.3).with_grey(0.2);
const ANNEXE_STYLE: TextStyle = TextStyle::new(Face::SansBold, 13.0).with_line_height(1.25);
const LABEL_STYLE: TextStyle = TextStyle::new(Face::Sans, 8.5).with_line_height(1.2).with_grey(0.35);
const NUMBER_STYLE: TextStyle = TextStyle::new(Face::Mono, 17.0).with_line_height(1.15);
const REMINDER_STYLE: TextStyle = TextStyle::new(Face::SansBold, 10.0).with_line_height(1.3);
const TITLE_STYLE: TextStyle = TextStyle::new(Face::SansBold, 15.0).with_line_height(1.3);
const SUBTITLE_STYLE: TextStyle = TextStyle::new(Face::Sans, 10.5).with_line_height(1.3).with_grey(0.25);
const MARK_STYLE: TextStyle = TextStyle::new(Face::Sans, 8.5).with_line_height(1.25).with_grey(0.15);
const BODY_STYLE: TextStyle = TextStyle::new(Face::Sans, 11.0).with_line_height(1.38);
const CAPTION_STYLE: TextStyle = TextStyle::new(Face::Sans, 8.0).with_line_height(1.2).with_grey(0.35);
const FOOTER_STYLE: TextStyle = TextStyle::new(Face::Sans, 8.0).with_line_height(1.2).with_grey(0.35);

/// A line left for a name to be written by hand, inside a sentence.
const BLANK: &str = "____________________________";

/// What a page says in one wording, French typography applied to the French ones, and the
/// paragraphs that are the same on every form already wrapped: a batch of 1,000 forms only
/// wraps the sentences that carry names.
struct Text {
    annexe: String,
    number_label: String,
    reminder: String,
    title: String,
    subtitle: String,
    /// What the page is, when it is not the Directive's own French text.
    mark: Option<Vec<Line>>,
    /// Between paragraphs: a little less on a marked page, so the longest names still fit.
    gap: f32,
    /// « Je, »: the signer's name follows.
    opening: String,
    /// The line's caption when no signer is named.
    signer_label: String,
    or: String,
    /// « , à titre de titulaire de l’autorité parentale de »: the child's name follows. None on
    /// the student's wording, where the signer is the student.
    parental_authority: Option<String>,
    child_label: String,
    informed: String,
    platform_label: String,
    platform_named: String,
    with_parents: String,
    with_students: String,
    objectives: String,
    authorization: String,
    css_label: String,
    and: String,
    staff_label: String,
    colon: String,
    question_1: Vec<Line>,
    question_2: Vec<Line>,
    yes: String,
    no: String,
    refusal: Vec<Line>,
    revocation: Vec<Line>,
    valid_for: String,
    valid_end: String,
    signed_at: String,
    place: String,
    on: String,
    date: String,
    signature: String,
    return_start: String,
    before: String,
    note: Vec<Line>,
    footer_number: String,
    school_year: String,
    long_date: fn(NaiveDate) -> String,
}

/// The words of one wording, as written (French typography is added by `Text::new`).
struct Words {
    annexe: &'static str,
    number_label: &'static str,
    reminder: &'static str,
    title: &'static str,
    subtitle: &'static str,
    mark: Option<&'static str>,
    opening: &'static str,
    signer_label: &'static str,
    or: &'static str,
    parental_authority: Option<&'static str>,
    child_label: &'static str,
    informed: &'static str,
    platform_label: &'static str,
    platform_named: &'static str,
    with_parents: &'static str,
    with_students: &'static str,
    objectives: &'static str,
    authorization: &'static str,
    css_label: &'static str,
    and: &'static str,
    staff_label: &'static str,
    colon: &'static str,
    question_1: &'static str,
    question_2: &'static str,
    yes: &'static str,
    no: &'static str,
    refusal: &'static str,
    revocation: &'static str,
    valid_for: &'static str,
    valid_end: &'static str,
    signed_at: &'static str,
    place: &'static str,
    on: &'static str,
    date: &'static str,
    signature: &'static str,
    return_start: &'static str,
    before: &'static str,
    note_label: &'static str,
    note: &'static str,
    footer_number: &'static str,
    school_year: &'static str,
}

/// The Directive's Annexe A (seed 000), its OCR errors corrected.
const PARENT: Words = Words {
    annexe: "Annexe A",
    number_label: "Formulaire n°",
    reminder: "Rappel",
    title: "FORMULAIRE DE CONSENTEMENT",
    subtitle: "Confidentiel — Transmis électroniquement",
    mark: None,
    opening: "Je, ",
    signer_label: " (nom du parent ou tuteur)",
    or: " ou ",
    parental_authority: Some(", à titre de titulaire de l’autorité parentale de "),
    child_label: "(nom de l’enfant)",
    informed: ", confirme avoir été dûment informé(e) de l’utilisation dans la classe de la plateforme technologique ",
    platform_label: "(nom de la plateforme)",
    platform_named: " (ci-après « Plateforme »),",
    // Not in the Directive's text: which side of the class the platform talks to, so a parent
    // of a class with two platforms knows which one this form is about.
    with_parents: " utilisée avec les parents,",
    with_students: " utilisée avec les élèves,",
    objectives: " et des objectifs pédagogiques et éducatifs poursuivis.",
    authorization: "À ces fins, j’autorise, par la présente, le ",
    css_label: "(nom du centre de services scolaire)",
    and: ", et ",
    staff_label: "(nom du membre du personnel)",
    colon: " :",
    question_1: "À communiquer certains renseignements personnels sur mon enfant aux autres élèves de la \
                 classe dans un espace de la plateforme prévu à cette fin, de même qu’au gestionnaire de \
                 la plateforme aux fins de gestion de la plateforme, uniquement lorsque ce renseignement \
                 personnel concerne une activité de mon enfant dans le cadre des activités de sa classe \
                 ou de l’école, et ce, lorsqu’il s’agit d’une réalisation académique, sportive ou \
                 artistique ou d’une photo sur laquelle il apparaît :",
    question_2: "À me transmettre des renseignements personnels sur mon enfant dans un espace de la \
                 plateforme réservé à cette fin et à les communiquer au gestionnaire de la plateforme \
                 aux fins de gestion de la plateforme :",
    yes: "Oui",
    no: "Non",
    refusal: "Je comprends que je peux refuser de fournir l’un ou l’autre des consentements ci-haut \
              sans que ce refus affecte la qualité des services éducatifs à mon enfant.",
    revocation: "Je comprends également que je peux révoquer de tels consentements en tout temps.",
    valid_for: "Ce consentement est valide pour la durée de l’année scolaire ",
    valid_end: ".",
    signed_at: "En foi de quoi, j’ai signé à",
    place: "(lieu)",
    on: "le",
    date: "(date)",
    signature: "Signature du parent ou tuteur",
    return_start: "Transmettre obligatoirement votre formulaire à l’adresse courriel suivante : ",
    before: " avant le ",
    note_label: "Note :",
    note: " En cas de refus de consentir, nous vous demandons d’expliquer votre décision à votre enfant \
           compte tenu des implications pour celui-ci.",
    footer_number: "Formulaire n°",
    school_year: "année scolaire",
};

/// The student's variant: the Annexe A in the first person of the student, each question
/// meaning what it means on the parent's form — question 2 is still about the parents' own space
/// of the platform (Directive 5.6), now with the student's consent.
const STUDENT: Words = Words {
    mark: Some(
        "Version pour l’élève de 14 ans ou plus (Loi sur l’accès : consentement de la personne concernée). \
         Texte de l’Annexe A de la Directive adapté par l’école pour que l’élève consente lui-même ou \
         elle-même ; ce n’est pas le libellé de la Directive.",
    ),
    signer_label: " (nom de l’élève)",
    parental_authority: None,
    question_1: "À communiquer certains renseignements personnels me concernant aux autres élèves de la \
                 classe dans un espace de la plateforme prévu à cette fin, de même qu’au gestionnaire de \
                 la plateforme aux fins de gestion de la plateforme, uniquement lorsque ce renseignement \
                 personnel concerne une de mes activités dans le cadre des activités de ma classe ou de \
                 l’école, et ce, lorsqu’il s’agit d’une réalisation académique, sportive ou artistique ou \
                 d’une photo sur laquelle j’apparais :",
    question_2: "À transmettre à mes parents ou tuteurs des renseignements personnels me concernant dans \
                 l’espace de la plateforme qui leur est réservé à cette fin et à les communiquer au \
                 gestionnaire de la plateforme aux fins de gestion de la plateforme :",
    refusal: "Je comprends que je peux refuser de fournir l’un ou l’autre des consentements ci-haut \
              sans que ce refus affecte la qualité des services éducatifs qui me sont offerts.",
    signature: "Signature de l’élève",
    note: " Ce formulaire accompagne celui de vos parents ou tuteurs et porte le même numéro. Vous pouvez \
           le signer vous-même ; un refus, le vôtre ou celui d’un parent, est respecté (Directive, art. 5.7).",
    ..PARENT
};

/// The Annexe A's faithful English translation.
const ENGLISH: Words = Words {
    annexe: "Appendix A",
    number_label: "Form no.",
    reminder: "Reminder",
    title: "CONSENT FORM",
    subtitle: "Confidential — Sent electronically",
    mark: Some(
        "Faithful translation of Appendix A of the Directive; in case of discrepancy, the French text prevails. \
         / Traduction fidèle de l’Annexe A de la Directive\u{202F}; en cas de divergence, le texte français prévaut.",
    ),
    opening: "I, ",
    signer_label: " (name of parent or guardian)",
    or: " or ",
    parental_authority: Some(", as holder of parental authority over "),
    child_label: "(name of child)",
    informed: ", confirm that I have been duly informed of the use in the classroom of the technological platform ",
    platform_label: "(name of platform)",
    platform_named: " (hereinafter the “Platform”),",
    with_parents: " used with the parents,",
    with_students: " used with the students,",
    objectives: " and of the pedagogical and educational objectives pursued.",
    authorization: "For these purposes, I hereby authorize the ",
    css_label: "(name of the school service centre)",
    and: " and ",
    staff_label: "(name of staff member)",
    colon: ":",
    question_1: "To communicate certain personal information about my child to the other students of the \
                 class in a space of the platform provided for that purpose, as well as to the platform \
                 manager for the purposes of managing the platform, only when that personal information \
                 concerns an activity of my child within the activities of his or her class or of the \
                 school, and only when it is an academic, athletic or artistic achievement or a photo in \
                 which he or she appears:",
    question_2: "To send me personal information about my child in a space of the platform reserved for \
                 that purpose, and to communicate it to the platform manager for the purposes of managing \
                 the platform:",
    yes: "Yes",
    no: "No",
    refusal: "I understand that I may refuse to give either of the above consents without that refusal \
              affecting the quality of the educational services provided to my child.",
    revocation: "I also understand that I may revoke such consents at any time.",
    valid_for: "This consent is valid for the duration of the ",
    valid_end: " school year.",
    signed_at: "In witness whereof, I have signed at",
    place: "(place)",
    on: "on",
    date: "(date)",
    signature: "Signature of parent or guardian",
    return_start: "Your form must be sent to the following e-mail address: ",
    before: " before ",
    note_label: "Note:",
    note: " If you refuse to consent, we ask that you explain your decision to your child, given the \
           implications for him or her.",
    footer_number: "Form no.",
    school_year: "school year",
};

impl Text {
    fn new(wording: Wording) -> Text {
        let (words, french) = match wording {
            Wording::Parent => (&PARENT, true),
            Wording::Student => (&STUDENT, true),
            Wording::English => (&ENGLISH, false),
        };
        let typo = |text: &str| if french { fr_typography(text) } else { text.to_string() };
        let size = BODY_STYLE.size_pt;
        let plain = |text: &str, width: f32| wrap(&[Span::regular(&typo(text))], size, width);
        Text {
            annexe: typo(words.annexe),
            number_label: typo(words.number_label),
            reminder: typo(words.reminder),
            title: typo(words.title),
            subtitle: typo(words.subtitle),
            mark: words.mark.map(|mark| {
                wrap(&[Span::regular(&typo(mark))], MARK_STYLE.size_pt, CONTENT_WIDTH_MM - 2.0 * PADDING_MM)
            }),
            gap: if words.mark.is_some() { MARKED_PARAGRAPH_GAP_MM } else { PARAGRAPH_GAP_MM },
            opening: typo(words.opening),
            signer_label: typo(words.signer_label),
            or: typo(words.or),
            parental_authority: words.parental_authority.map(typo),
            child_label: typo(words.child_label),
            informed: typo(words.informed),
            platform_label: typo(words.platform_label),
            platform_named: typo(words.platform_named),
            with_parents: typo(words.with_parents),
            with_students: typo(words.with_students),
            objectives: typo(words.objectives),
            authorization: typo(words.authorization),
            css_label: typo(words.css_label),
            and: typo(words.and),
            staff_label: typo(words.staff_label),
            colon: typo(words.colon),
            question_1: plain(words.question_1, QUESTION_WIDTH_MM),
            question_2: plain(words.question_2, QUESTION_WIDTH_MM),
            yes: words.yes.to_string(),
            no: words.no.to_string(),
            refusal: plain(words.refusal, CONTENT_WIDTH_MM),
            revocation: plain(words.revocation, CONTENT_WIDTH_MM),
            valid_for: typo(words.valid_for),
            valid_end: typo(words.valid_end),
            signed_at: typo(words.signed_at),
            place: typo(words.place),
            on: typo(words.on),
            date: typo(words.date),
            signature: typo(words.signature),
            return_start: typo(words.return_start),
            before: typo(words.before),
            note: wrap(
                &[Span::bold(&typo(words.note_label)), Span::regular(&typo(words.note))],
                size,
                CONTENT_WIDTH_MM,
            ),
            footer_number: typo(words.footer_number),
            school_year: typo(words.school_year),
            long_date: if french { fr_long_date } else { en_long_date },
        }
    }
}

static TEXTS: LazyLock<[Text; 3]> = LazyLock::new(|| Wording::ALL.map(Text::new));

fn text_of(wording: Wording) -> &'static Text {
    &TEXTS[wording as usize]
}

/// Draws one form; returns the page and the y where its body ends (tests check it stays above
/// the footer whatever the names).
fn layout(form: &FormData, logo: Option<&Image>) -> Result<(Page, f32), PdfError> {
    // A mangled number would send the returned form to nobody: refuse it before printing.
    // It is printed as `encode` writes it, whatever its case and dashes.
    let number = match number::normalize(&form.form_number) {
        Ok(number) => number,
        Err(_) => return Err(PdfError::InvalidFormNumber(form.form_number.clone())),
    };
    let text = text_of(form.wording);
    let mut page = Page::letter();
    super::qr::corner_marks(&mut page);
    let mut y = header(&mut page, form, &number, logo)?;
    if let Some(mark) = &text.mark {
        y = framed_lines(&mut page, y - 3.0, MARK_STYLE, mark) + text.gap;
    }

    // The opening paragraph: who signs, for which child, about which platform.
    // The student's copy names the student as the one who signs.
    let mut spans = vec![Span::regular(&text.opening)];
    let signers = match form.wording {
        Wording::Student => std::slice::from_ref(&form.student_full_name),
        Wording::Parent | Wording::English => form.guardians.as_slice(),
    };
    spans.extend(signer_spans(signers, text));
    if let Some(parental_authority) = &text.parental_authority {
        spans.push(Span::regular(parental_authority));
        spans.extend(value_or_blank(&form.student_full_name, &text.child_label));
    }
    spans.push(Span::regular(&text.informed));
    spans.extend(value_or_blank(&form.platform, &text.platform_label));
    spans.push(Span::regular(&text.platform_named));
    if let Some(audience) = form.audience {
        spans.push(Span::regular(match audience {
            Audience::Parents => &text.with_parents,
            Audience::Students => &text.with_students,
        }));
    }
    spans.push(Span::regular(&text.objectives));
    y = body(&mut page, y, &spans) + text.gap;

    // The authorization to the CSS and the staff member.
    let mut spans = vec![Span::regular(&text.authorization)];
    spans.extend(value_or_blank(&form.css_name, &text.css_label));
    spans.push(Span::regular(&text.and));
    spans.extend(value_or_blank(&form.staff_member, &text.staff_label));
    spans.push(Span::regular(&text.colon));
    y = body(&mut page, y, &spans) + text.gap;

    let labels = match form.wording {
        Wording::Parent | Wording::Student => Labels::French,
        Wording::English => Labels::English,
    };
    let q1_top_mm;
    let q2_top_mm;
    (y, q1_top_mm) = question(&mut page, y, "1.", &text.question_1, text, labels);
    (y, q2_top_mm) = question(&mut page, y + text.gap, "2.", &text.question_2, text, labels);
    y += text.gap;

    y = page.lines(LEFT_MM, y, BODY_STYLE, &text.refusal) + text.gap;
    y = page.lines(LEFT_MM, y, BODY_STYLE, &text.revocation) + text.gap;
    let year = form.school_year.to_string();
    y = body(&mut page, y, &[Span::regular(&text.valid_for), Span::bold(&year), Span::regular(&text.valid_end)])
        + text.gap
        + 1.5;

    let signature_line_mm;
    (y, signature_line_mm) = signature(&mut page, y, text);
    y += 5.0;
    y = return_instruction(&mut page, y, form, text) + text.gap + 1.0;
    y = page.lines(LEFT_MM, y, BODY_STYLE, &text.note);

    footer(&mut page, form, &number, text);

    // The QR code says where the boxes ended up, for the reader of the returned page.
    let layout = code::Layout { version: code::LAYOUT_VERSION, labels, q1_top_mm, q2_top_mm, signature_line_mm };
    let payload = code::encode(&number, form.store_tag, form.school_year, &layout, form.copy)
        .ok_or_else(|| PdfError::QrCode(format!("mise en page hors de la feuille : {layout:?}")))?;
    draw_qr_code(&mut page, code::QR_LEFT_MM, code::QR_TOP_MM, QR_SIDE_MM, &payload, EcLevel::Q)?;
    Ok((page, y))
}

/// The names of the people who may sign, in bold (one of them signs), or a line to write one.
fn signer_spans<'a>(names: &'a [String], text: &'a Text) -> Vec<Span<'a>> {
    let names: Vec<&str> = names.iter().map(|name| name.trim()).filter(|name| !name.is_empty()).collect();
    match names.as_slice() {
        [] => vec![Span::regular(BLANK), Span::regular(&text.signer_label)],
        [only] => vec![Span::bold(only)],
        [first, rest @ ..] => {
            // « Je, Marie Tremblay ou Jean Roy, … »: one of them signs.
            let mut spans = vec![Span::bold(first)];
            for name in rest {
                spans.push(Span::regular(&text.or));
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
    let text = text_of(form.wording);
    let qr_x = RIGHT_MM - QR_SIDE_MM;

    // The text ends 1 mm before the QR code's quiet zone, which must stay blank.
    let right_x = qr_x - 1.0;
    let mut right_y = page.text_aligned(right_x, TOP_MM + 2.0, ANNEXE_STYLE, Align::Right, &text.annexe) + 1.0;
    right_y = page.text_aligned(right_x, right_y, LABEL_STYLE, Align::Right, &text.number_label);
    right_y = page.text_aligned(right_x, right_y, NUMBER_STYLE, Align::Right, number);
    if let Some(reminder) = form.reminder {
        let reminder = format!("{} — {}", text.reminder, (text.long_date)(reminder));
        right_y = page.text_aligned(right_x, right_y + 0.5, REMINDER_STYLE, Align::Right, &reminder);
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
    y = page.text_aligned(middle, y, TITLE_STYLE, Align::Center, &text.title);
    y = page.text_aligned(middle, y, SUBTITLE_STYLE, Align::Center, &text.subtitle);
    Ok(y + 5.0)
}

fn body(page: &mut Page, y: f32, spans: &[Span<'_>]) -> f32 {
    page.paragraph(LEFT_MM, y, CONTENT_WIDTH_MM, BODY_STYLE, spans)
}

/// Lines in a thin frame the width of the text (its padding a little tighter than the return
/// instruction's: it is small print).
fn framed_lines(page: &mut Page, y: f32, style: TextStyle, lines: &[Line]) -> f32 {
    const INSIDE_MM: f32 = 1.8;
    let bottom = page.lines(LEFT_MM + PADDING_MM, y + INSIDE_MM, style, lines) + INSIDE_MM - 0.6;
    page.rectangle(LEFT_MM, y, CONTENT_WIDTH_MM, bottom - y, Stroke::new(0.5, 0.3));
    bottom
}

/// A numbered authorization, its text indented, then « Oui ☐ Non ☐ » with drawn boxes, where
/// `forms::code` says the boxes of `labels` stand. Returns the y after it and the boxes' top.
fn question(page: &mut Page, y: f32, marker: &str, lines: &[Line], text: &Text, labels: Labels) -> (f32, f32) {
    page.text(LEFT_MM + 1.0, y, BODY_STYLE.with_face(Face::SansBold), marker);
    let x = LEFT_MM + QUESTION_INDENT_MM;
    let y = page.lines(x, y, BODY_STYLE, lines) + 1.2;
    let label_style = BODY_STYLE.with_face(Face::SansBold);
    // Boxes sit on the labels' baseline, centred on the capitals.
    let box_top = y + label_style.baseline_offset_mm() - CHECKBOX_MM / 2.0 - 1.3;
    let mut label_x = x;
    for (label, contract_x) in [&text.yes, &text.no].into_iter().zip(labels.box_lefts_mm()) {
        page.text(label_x, y, label_style, label);
        let box_x = label_x + Face::SansBold.text_width_mm(label, label_style.size_pt) + 2.0;
        debug_assert!((box_x - contract_x).abs() < 0.01, "{label}: box at {box_x} mm, forms::code says {contract_x}");
        page.checkbox(contract_x, box_top, CHECKBOX_MM);
        label_x = contract_x + CHECKBOX_MM + 12.0;
    }
    (y + label_style.line_height_mm(), box_top)
}

/// « En foi de quoi, j’ai signé à ____ le ____. », then the signature line. Returns the y after
/// it and the line's y.
fn signature(page: &mut Page, y: f32, text: &Text) -> (f32, f32) {
    let size = BODY_STYLE.size_pt;
    let rule = Stroke::new(0.6, 0.0);
    let baseline = y + BODY_STYLE.baseline_offset_mm();
    let caption_y = baseline + 1.2;
    const DATE_MM: f32 = 45.0;

    let mut x = LEFT_MM;
    page.text(x, y, BODY_STYLE, &text.signed_at);
    x += Face::Sans.text_width_mm(&text.signed_at, size) + 1.5;
    // The place's line is 62 mm, or what is left once the date's line fits (a longer lead).
    let on_width = Face::Sans.text_width_mm(&text.on, size);
    let room = RIGHT_MM - x - (1.5 + on_width + 1.5 + DATE_MM + 2.0);
    let place_end = x + room.min(62.0);
    page.horizontal_line(x, place_end, baseline + 0.6, rule);
    page.text_aligned((x + place_end) / 2.0, caption_y, CAPTION_STYLE, Align::Center, &text.place);

    x = place_end + 1.5;
    page.text(x, y, BODY_STYLE, &text.on);
    x += on_width + 1.5;
    let date_end = x + DATE_MM;
    page.horizontal_line(x, date_end, baseline + 0.6, rule);
    page.text_aligned((x + date_end) / 2.0, caption_y, CAPTION_STYLE, Align::Center, &text.date);
    page.text(date_end + 0.5, y, BODY_STYLE, ".");

    // Room for a hand-written signature above its line.
    let line_y = y + BODY_STYLE.line_height_mm() + 13.0;
    page.horizontal_line(code::SIGNATURE_LEFT_MM, code::SIGNATURE_LEFT_MM + code::SIGNATURE_WIDTH_MM, line_y, rule);
    (page.text(LEFT_MM, line_y + 1.0, CAPTION_STYLE.with_grey(0.2), &text.signature), line_y)
}

/// Where and by when the form goes back, framed so it is not missed.
fn return_instruction(page: &mut Page, y: f32, form: &FormData, text: &Text) -> f32 {
    let deadline = (text.long_date)(form.deadline);
    let mut spans = vec![Span::regular(&text.return_start)];
    spans.extend(value_or_blank(&form.return_email, ""));
    spans.push(Span::regular(&text.before));
    spans.push(Span::bold(&deadline));
    spans.push(Span::regular("."));
    let x = LEFT_MM + PADDING_MM;
    let bottom =
        page.paragraph(x, y + PADDING_MM, CONTENT_WIDTH_MM - 2.0 * PADDING_MM, BODY_STYLE, &spans) + PADDING_MM - 0.8;
    page.rectangle(LEFT_MM, y, CONTENT_WIDTH_MM, bottom - y, Stroke::new(0.8, 0.0));
    bottom
}

/// The number again at the bottom (a copy cut at the top still finds its form), and the school.
fn footer(page: &mut Page, form: &FormData, number: &str, text: &Text) {
    let y = flow::footer_rule(page, &FRAME);
    page.text(LEFT_MM, y, FOOTER_STYLE, &format!("{} {number}", text.footer_number));
    let right = match form.wording {
        Wording::English => format!("{} — {} {}", form.school_name.trim(), form.school_year, text.school_year),
        _ => format!("{} — {} {}", form.school_name.trim(), text.school_year, form.school_year),
    };
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
            store_tag: StoreTag::of_secret(b"test"),
            copy: Default::default(),
            reminder: None,
            wording: Wording::Parent,
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
        for wording in Wording::ALL {
            let mut long = long_form();
            long.wording = wording;
            let (_, bottom) = layout(&long, None).unwrap();
            assert!(
                bottom < FRAME.bottom_mm,
                "{wording:?}: body ends at {bottom} mm, footer at {} mm",
                FRAME.footer_top_mm
            );
        }
        let long = long_form();
        let bytes = render(std::slice::from_ref(&long), date(2025, 9, 30), None).unwrap();
        screenshot(&bytes, 1, 110, "annexe-a-long-names");
        let pages = pages_text(&bytes);
        assert_eq!(pages.len(), 1);
        assert!(flatten(&pages[0]).contains("Marie-Ève O’Neil-Bérubé-Tremblay ou Jean-Sébastien"));
        for (wording, name) in
            [(Wording::English, "annexe-a-long-names-en"), (Wording::Student, "annexe-a-long-names-eleve")]
        {
            let bytes = render(&[FormData { wording, ..long.clone() }], date(2025, 9, 30), None).unwrap();
            screenshot(&bytes, 1, 110, name);
            assert_eq!(pages_text(&bytes).len(), 1, "{wording:?}");
        }
    }

    fn long_form() -> FormData {
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
        long
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
                let code = read_code(&content);
                assert_eq!(code.number, form.form_number, "page {page} at {dpi} dpi");
                assert_eq!(code.store, Some(form.store_tag));
                assert_eq!(code.year, Some(form.school_year));
                // The boxes and the signature line are where the code says.
                check_geometry(&image, dpi, &code.layout.expect("the layout in the code"));
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

    fn read_code(content: &str) -> code::Code {
        match code::parse(content) {
            code::Parsed::Balise(code) => code,
            other => panic!("not an Annexe A's code: {other:?}"),
        }
    }

    /// The page's ink where `forms::code` and the code's layout say: the corner marks solid,
    /// each box's border dark and its inside light, the signature line dark, its room blank.
    fn check_geometry(image: &crate::pdf::test_support::GreyImage, dpi: u32, layout: &code::Layout) {
        let px = |mm: f32| (mm * dpi as f32 / 25.4).round() as usize;
        let at = |x_mm: f32, y_mm: f32| image.pixels[px(y_mm) * image.width + px(x_mm)];
        for (x, y) in code::MARK_CENTRES_MM {
            for (dx, dy) in [(0.0, 0.0), (-2.0, -2.0), (2.0, 2.0), (-2.0, 2.0), (2.0, -2.0)] {
                assert!(at(x + dx, y + dy) < 60, "mark at ({x}, {y}) mm not solid at {dx}, {dy}");
            }
            for (dx, dy) in [(-3.5, 0.0), (3.5, 0.0), (0.0, -3.5), (0.0, 3.5)] {
                assert!(at(x + dx, y + dy) > 200, "ink around the mark at ({x}, {y}) mm");
            }
        }
        // The path of the border runs through the middle of its stroke.
        let border = 0.0;
        for row in layout.boxes() {
            for rect in row {
                let middle_x = rect.left + rect.width / 2.0;
                let middle_y = rect.top + rect.height / 2.0;
                for (x, y) in [
                    (rect.left + border, middle_y),
                    (rect.left + rect.width - border, middle_y),
                    (middle_x, rect.top + border),
                    (middle_x, rect.top + rect.height - border),
                ] {
                    assert!(at(x, y) < 140, "{rect:?}: no border at ({x}, {y}) mm: {}", at(x, y));
                }
                assert!(at(middle_x, middle_y) > 230, "{rect:?}: ink inside");
                for dx in [-1.0, rect.width + 1.0] {
                    assert!(at(rect.left + dx, middle_y) > 200, "{rect:?}: ink beside the box at {dx}");
                }
            }
        }
        let area = layout.signature_area();
        for k in 0..20 {
            let x = area.left + area.width * k as f32 / 20.0;
            assert!(at(x, layout.signature_line_mm) < 140, "signature line at {x} mm");
            for y in [area.top, area.top + area.height / 2.0, area.top + area.height] {
                assert!(at(x, y) > 200, "ink in the signature's room at ({x}, {y}) mm");
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

    /// Issue 15, item 14: the English copy is the Annexe A's faithful translation, said so on
    /// the page in both languages, with English labels and dates, the same number and QR code.
    #[test]
    fn the_english_copy_is_marked_as_a_faithful_translation() {
        let mut english = form("Léa Côté", &["Marie-Hélène Côté", "François Bélanger"], 101);
        english.wording = Wording::English;
        english.reminder = Some(date(2025, 9, 22));
        let bytes = render(&[english.clone()], date(2025, 9, 22), None).unwrap();
        screenshot(&bytes, 1, 110, "annexe-a-english");
        let flat = flatten(&pdftotext(&bytes, false));
        for expected in [
            "Appendix A",
            "Form no.",
            "Reminder — September 22, 2025",
            "CONSENT FORM",
            "Confidential — Sent electronically",
            "Faithful translation of Appendix A of the Directive; in case of discrepancy, the French text prevails.",
            "Traduction fidèle de l’Annexe A de la Directive ; en cas de divergence, le texte français prévaut.",
            "I, Marie-Hélène Côté or François Bélanger, as holder of parental authority over Léa Côté, confirm that I have been duly informed",
            "Microsoft Teams (hereinafter the “Platform”), used with the students, and of the pedagogical",
            "For these purposes, I hereby authorize the Centre de services scolaire du Pays-des-Bleuets and Geneviève Lévesque:",
            "To communicate certain personal information about my child to the other students of the class",
            "a photo in which he or she appears: Yes No 2. To send me personal information about my child",
            "This consent is valid for the duration of the 2025-2026 school year.",
            "In witness whereof, I have signed at",
            "Signature of parent or guardian",
            "Your form must be sent to the following e-mail address: secretariat.notre-dame@cssbleuets.qc.ca before September 12, 2025.",
            "Note: If you refuse to consent, we ask that you explain your decision to your child",
            "2025-2026 school year",
        ] {
            assert!(flat.contains(expected), "{expected:?} missing from {flat}");
        }
        assert_eq!(flat.matches(english.form_number.as_str()).count(), 2, "{flat}");
        for french in ["Je,", "Oui", "FORMULAIRE DE CONSENTEMENT", "septembre"] {
            assert!(!flat.contains(french), "{french:?} on the English copy: {flat}");
        }
        let image = render_grey(&bytes, 1, 200);
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(image.width, image.height, |x, y| {
            image.pixels[y * image.width + x]
        });
        let (_, content) = prepared.detect_grids()[0].decode().expect("the QR code decodes");
        let code = read_code(&content);
        assert_eq!(code.number, english.form_number, "the same number in the QR code");
        let layout = code.layout.expect("the layout in the code");
        assert_eq!(layout.labels, Labels::English, "« Yes » and « No » move the boxes");
        check_geometry(&image, 200, &layout);
    }

    /// Issue 15, item 4: the student's copy is worded for the student who signs (first person,
    /// « me concernant », « Signature de l’élève »), says it is not the Directive's wording, and
    /// keeps each question's meaning: question 2 is still the parents' space (5.6).
    #[test]
    fn the_students_copy_is_worded_for_the_student_and_says_what_it_is() {
        let mut student = form("Léa Côté", &["Marie-Hélène Côté"], 101);
        student.wording = Wording::Student;
        let bytes = render(&[student], date(2025, 8, 25), None).unwrap();
        screenshot(&bytes, 1, 110, "annexe-a-eleve");
        let flat = flatten(&pdftotext(&bytes, false));
        for expected in [
            "Annexe A",
            "FORMULAIRE DE CONSENTEMENT",
            "Version pour l’élève de 14 ans ou plus (Loi sur l’accès : consentement de la personne concernée).",
            "ce n’est pas le libellé de la Directive.",
            "Je, Léa Côté, confirme avoir été dûment informé(e) de l’utilisation dans la classe de la plateforme technologique Microsoft Teams",
            "À communiquer certains renseignements personnels me concernant aux autres élèves de la classe",
            "concerne une de mes activités dans le cadre des activités de ma classe ou de l’école",
            "d’une photo sur laquelle j’apparais : Oui Non 2. À transmettre à mes parents ou tuteurs des renseignements personnels me concernant",
            "sans que ce refus affecte la qualité des services éducatifs qui me sont offerts.",
            "Signature de l’élève",
            "Ce formulaire accompagne celui de vos parents ou tuteurs et porte le même numéro.",
        ] {
            assert!(flat.contains(expected), "{expected:?} missing from {flat}");
        }
        for parent_only in
            ["titulaire de l’autorité parentale", "Marie-Hélène Côté", "mon enfant", "Signature du parent"]
        {
            assert!(!flat.contains(parent_only), "{parent_only:?} on the student's copy: {flat}");
        }
    }

    /// The reviewed text of the English copy and of the student's copy (`pdftotext -layout`).
    #[test]
    fn the_english_and_student_copies_match_their_reviewed_layout() {
        let mut english = form("Noah Gagnon", &["Stéphanie Roy"], 102);
        english.wording = Wording::English;
        let bytes = render(&[english], date(2025, 8, 25), None).unwrap();
        expect_test::expect_file!["snapshots/annexe_a_english.txt"].assert_eq(&pdftotext(&bytes, true));
        let mut student = form("Noah Gagnon", &["Stéphanie Roy"], 102);
        student.wording = Wording::Student;
        let bytes = render(&[student], date(2025, 8, 25), None).unwrap();
        expect_test::expect_file!["snapshots/annexe_a_student.txt"].assert_eq(&pdftotext(&bytes, true));
    }
}
