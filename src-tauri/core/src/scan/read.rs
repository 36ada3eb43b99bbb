//! One scanned page read as VotingWorks' ballot interpreter reads a ballot: the QR code looked
//! for in the corners only (top-right on a page the right way up, bottom-left on a page turned
//! over, the other two for a page turned a quarter), its corners giving the orientation and a
//! first map from the sheet to the scan; the four corner marks found near where that map puts
//! them and the map fitted on them; then each box's ink measured inside its border against the
//! blank form (white), with a dark and a light threshold set from the page's own paper and ink.
//! Anything marginal (both boxes marked, a faint mark, a mark outside the boxes, a crossed-out
//! answer, a page registered poorly, a form printed without marks) is `AVerifier` with its
//! reason: the reader never guesses. Only the regions measured are sampled; the page is never
//! warped as a whole.

use image::GrayImage;
use serde::Serialize;

use super::geometry::{self, Affine, Ink};
use crate::forms::code::{self, AttestationCode, Code, Parsed, RectMm, Sheet};
use crate::forms::template::TemplateId;

/// What a page says to one question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Oui,
    Non,
    /// Neither box marked.
    Vide,
    /// A person must look (see the page's `reasons`).
    AVerifier,
}

/// Why a page, or one of its answers, goes to a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// No code could be read: the page goes to « pages non classées ».
    NoCode,
    /// A code that is not a Balise form's.
    OtherDocument,
    /// A form printed before the corner marks (its code holds the number only).
    OldFormWithoutMarks,
    /// A layout version this build does not know.
    UnknownLayout,
    /// The corner marks or the boxes' borders were not found where expected.
    RegistrationUncertain,
    /// Both boxes of a question marked.
    BothMarked,
    /// A light mark (pencil, a faint pen, a rubbed-out mark).
    FaintMark,
    /// Ink around a box, outside it.
    MarkOutsideBoxes,
    /// A filled box next to a marked one: an answer crossed out.
    CrossedOut,
    /// Too little ink on the signature line to say.
    SignatureUncertain,
    /// No signature on its line.
    NotSigned,
}

impl Answer {
    /// As scripts read it (`oui`, `non`, `vide`, `a_verifier`).
    pub fn code(self) -> &'static str {
        match self {
            Answer::Oui => "oui",
            Answer::Non => "non",
            Answer::Vide => "vide",
            Answer::AVerifier => "a_verifier",
        }
    }
}

impl Reason {
    /// A stable code for scripts and the window (the serialized name).
    pub fn code(self) -> &'static str {
        match self {
            Reason::NoCode => "no_code",
            Reason::OtherDocument => "other_document",
            Reason::OldFormWithoutMarks => "old_form_without_marks",
            Reason::UnknownLayout => "unknown_layout",
            Reason::RegistrationUncertain => "registration_uncertain",
            Reason::BothMarked => "both_marked",
            Reason::FaintMark => "faint_mark",
            Reason::MarkOutsideBoxes => "mark_outside_boxes",
            Reason::CrossedOut => "crossed_out",
            Reason::SignatureUncertain => "signature_uncertain",
            Reason::NotSigned => "not_signed",
        }
    }

    pub fn fr(self) -> &'static str {
        match self {
            Reason::NoCode => "pas de code lisible",
            Reason::OtherDocument => "page d’un autre document",
            Reason::OldFormWithoutMarks => "formulaire sans repères (imprimé avant la lecture des piles)",
            Reason::UnknownLayout => "mise en page inconnue de cette version de Balise",
            Reason::RegistrationUncertain => "repérage incertain de la page",
            Reason::BothMarked => "les deux cases cochées",
            Reason::FaintMark => "marque pâle",
            Reason::MarkOutsideBoxes => "marque hors des cases",
            Reason::CrossedOut => "réponse raturée",
            Reason::SignatureUncertain => "signature incertaine",
            Reason::NotSigned => "pas de signature",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Reason::NoCode => "no readable code",
            Reason::OtherDocument => "a page of another document",
            Reason::OldFormWithoutMarks => "form without corner marks (printed before stacks were read)",
            Reason::UnknownLayout => "layout unknown to this version of Balise",
            Reason::RegistrationUncertain => "page registration uncertain",
            Reason::BothMarked => "both boxes marked",
            Reason::FaintMark => "faint mark",
            Reason::MarkOutsideBoxes => "mark outside the boxes",
            Reason::CrossedOut => "answer crossed out",
            Reason::SignatureUncertain => "signature uncertain",
            Reason::NotSigned => "not signed",
        }
    }
}

/// The code found on a page.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Found {
    /// A Balise form: its number, store, year and layout (`forms::code`).
    Form(Code),
    /// A 5.9 attestation: its store, year, staff member and layout.
    Attestation(AttestationCode),
    /// A project's form (issue 17): its number, store, year, template and boxes.
    Template(crate::forms::code::TemplateCode),
    /// A code that is not a Balise form's, with its text.
    Other { text: String },
    /// No code read.
    Unreadable,
}

/// The ink measured in and around one box, as shares of the pixels sampled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct BoxInk {
    /// Inside the border: darker than the dark threshold.
    pub dark: f32,
    /// Inside the border: darker than the light threshold.
    pub light: f32,
    /// In a band around the box, outside its border: dark.
    pub outside: f32,
}

/// One question's reading.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Question {
    pub answer: Answer,
    pub yes: BoxInk,
    pub no: BoxInk,
}

/// Small upright greyscale PNGs of the parts a person checks: `boxes[question][0 = yes, 1 = no]`
/// (each box with 2.5 mm around it) and the signature's line.
#[derive(Clone, Debug, PartialEq)]
pub struct Crops {
    pub boxes: Vec<[Vec<u8>; 2]>,
    pub signature: Vec<u8>,
}

/// What one scanned page says.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PageReading {
    /// A blank back of a two-sided scan: skip it.
    pub blank: bool,
    pub found: Found,
    /// One answer per question of the page's sheet (the Annexe A's two, the attestation's 5.10
    /// one), in the page's order; empty when the page was not read (see `reasons`).
    pub answers: Vec<Answer>,
    /// Ink on the signature line; `None` when it could not be measured or is too little to say.
    pub signed: Option<bool>,
    /// Whether a person must look at the page before anything is recorded.
    pub review: bool,
    pub reasons: Vec<Reason>,
    /// The measures behind `answers`, when the page was registered.
    pub questions: Option<Vec<Question>>,
    /// The signature area's dark share.
    pub signature_ink: Option<f32>,
    /// Clockwise quarter turns of the scan from the upright page (0 to 3), once registered.
    pub quarter_turns: Option<u8>,
    #[serde(skip)]
    pub crops: Option<Crops>,
}

impl PageReading {
    /// The answer to question `index` (from 0): `AVerifier` when the page was not read.
    pub fn answer(&self, index: usize) -> Answer {
        self.answers.get(index).copied().unwrap_or(Answer::AVerifier)
    }

    /// The Annexe A's question 1 (the attestation's 5.10 question).
    pub fn q1(&self) -> Answer {
        self.answer(0)
    }

    /// The Annexe A's question 2.
    pub fn q2(&self) -> Answer {
        self.answer(1)
    }

    /// Whether the page is one of an attestation's pages before its closing: nothing to read.
    pub fn continued(&self) -> bool {
        matches!(&self.found, Found::Attestation(code) if code.layout.is_none())
    }
}

/// How much to do for each page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Make the crops for the review screen (the command line does not need them).
    pub crops: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { crops: true }
    }
}

/// Thresholds, as shares of the pixels sampled inside a box's border (about 3 × 3 mm).
const MARKED_DARK: f32 = 0.10;
const EMPTY_DARK: f32 = 0.02;
const EMPTY_LIGHT: f32 = 0.05;
const FILLED_DARK: f32 = 0.72;
const OUTSIDE_DARK: f32 = 0.03;
/// The signature area's dark share: above it signed, below the other not, between uncertain.
const SIGNED_DARK: f32 = 0.012;
const UNSIGNED_DARK: f32 = 0.003;
/// A page whose pixels are almost all paper is a blank back.
const BLANK_INK_SHARE: f32 = 0.0015;
/// How far from its predicted place a corner mark is looked for, and the worst residual
/// accepted once the map is fitted on the marks.
const MARK_SEARCH_MM: f32 = 9.0;
const MARK_RESIDUAL_MM: f32 = 0.8;
/// How far a box's border is looked for around where the map puts it.
const BOX_SEARCH_MM: f32 = 0.6;
/// Inset of the measured interior from the border's middle line.
const INTERIOR_INSET_MM: f32 = 0.55;

/// Reads one page. `dpi`, when the file says it, sets the scale; otherwise the page is taken to
/// be a Letter sheet scanned whole.
pub fn read_page(image: &GrayImage, dpi: Option<f32>, options: &Options) -> PageReading {
    let (width, height) = (image.width() as f32, image.height() as f32);
    let pixels_per_mm = match dpi {
        Some(dpi) if dpi > 20.0 => dpi / 25.4,
        _ => width.min(height) / code::PAGE_WIDTH_MM,
    };
    let (paper, ink) = geometry::levels(image);
    let mut reading = PageReading {
        blank: false,
        found: Found::Unreadable,
        answers: Vec::new(),
        signed: None,
        review: true,
        reasons: Vec::new(),
        questions: None,
        signature_ink: None,
        quarter_turns: None,
        crops: None,
    };
    if is_blank(image, paper) {
        reading.blank = true;
        reading.review = false;
        return reading;
    }
    let contrast = f32::from(paper.saturating_sub(ink)).max(40.0);
    let dark = (f32::from(paper) - 0.5 * contrast) as u8;
    let light = (f32::from(paper) - 0.15 * contrast) as u8;

    let Some(qr) = find_code(image, pixels_per_mm) else {
        reading.reasons.push(Reason::NoCode);
        return reading;
    };
    let sheet: Sheet = match code::parse(&qr.text) {
        Parsed::Balise(form) => {
            reading.found = Found::Form(form.clone());
            let Some(layout) = form.layout else {
                reading.reasons.push(if form.store.is_none() {
                    Reason::OldFormWithoutMarks
                } else {
                    Reason::UnknownLayout
                });
                return reading;
            };
            layout.sheet()
        }
        Parsed::Attestation(attestation) => {
            reading.found = Found::Attestation(attestation.clone());
            let Some(layout) = attestation.layout else {
                // A page before the closing one: its list only, nothing to read or record.
                reading.review = false;
                return reading;
            };
            layout.sheet()
        }
        // A project's form (issue 17): its boxes are read, one per item; the space request (`D`)
        // has none, and is another document here.
        Parsed::Template(template) if template.layout.template != TemplateId::DemandeEspace.letter() => {
            reading.found = Found::Template(template.clone());
            template.layout.sheet()
        }
        Parsed::Template(template) => {
            reading.found = Found::Other { text: format!("demande {}", template.number) };
            reading.reasons.push(Reason::OtherDocument);
            return reading;
        }
        Parsed::Other(text) => {
            reading.found = Found::Other { text };
            reading.reasons.push(Reason::OtherDocument);
            return reading;
        }
    };
    let Some(map) = register(image, &qr, pixels_per_mm, dark) else {
        reading.reasons.push(Reason::RegistrationUncertain);
        return reading;
    };
    reading.quarter_turns = Some(quarter_turns(&map));

    let mut reasons = Vec::new();
    let mut questions = Vec::with_capacity(sheet.rows.len());
    let mut placed = vec![[map; 2]; sheet.rows.len()];
    for (index, row) in sheet.rows.iter().enumerate() {
        let mut inks = [BoxInk::default(); 2];
        let mut found_borders = true;
        for (side, rect) in row.iter().enumerate() {
            let (box_map, border_found) = place_box(image, &map, rect, light);
            placed[index][side] = box_map;
            found_borders &= border_found;
            inks[side] = box_ink(image, &box_map, rect, dark, light);
        }
        let answer = if found_borders && sheet.single {
            classify_single(inks[0], &mut reasons)
        } else if found_borders {
            classify(inks[0], inks[1], &mut reasons)
        } else {
            reasons.push(Reason::RegistrationUncertain);
            Answer::AVerifier
        };
        questions.push(Question { answer, yes: inks[0], no: inks[1] });
    }
    reading.answers = questions.iter().map(|q| q.answer).collect();
    reading.questions = Some(questions);

    let area = sheet.signature;
    let signature = geometry::ink_in(image, &map, (area.left, area.top, area.width, area.height), dark, light).dark;
    reading.signature_ink = Some(signature);
    reading.signed = if signature >= SIGNED_DARK {
        Some(true)
    } else if signature <= UNSIGNED_DARK {
        reasons.push(Reason::NotSigned);
        Some(false)
    } else {
        reasons.push(Reason::SignatureUncertain);
        None
    };
    if options.crops {
        reading.crops = Some(crops(image, &placed, &sheet, &map));
    }
    let mut unique = Vec::new();
    for reason in reasons {
        if !unique.contains(&reason) {
            unique.push(reason);
        }
    }
    reading.reasons = unique;
    reading.review = !reading.reasons.is_empty();
    reading
}

fn is_blank(image: &GrayImage, paper: u8) -> bool {
    let raw = image.as_raw();
    let step = (raw.len() / 200_000).max(1) | 1;
    let threshold = paper.saturating_sub(90);
    let (mut inked, mut count) = (0u32, 0u32);
    let mut index = 0;
    while index < raw.len() {
        inked += u32::from(raw[index] < threshold);
        count += 1;
        index += step;
    }
    (inked as f32) < BLANK_INK_SHARE * count as f32
}

/// A decoded code and where its corners are in the scan.
struct QrFound {
    text: String,
    /// The code's corners in its own orientation (top-left, top-right, bottom-right, bottom-left).
    bounds: [(f32, f32); 4],
    /// The symbol's width in modules.
    modules: usize,
}

/// Looks for the code in each corner of the scan, the darkest corner first (half a code's
/// modules are dark; on a page the right way up, the top-right), each corner at about 150 dpi
/// (averaged down from the scan's resolution). When no corner gives a code, the darkest is tried
/// again at twice the resolution (a small or blurred code).
fn find_code(image: &GrayImage, pixels_per_mm: f32) -> Option<QrFound> {
    let (width, height) = (image.width() as usize, image.height() as usize);
    let side = ((55.0 * pixels_per_mm) as usize).min(width).min(height);
    let factor = ((pixels_per_mm * 25.4 / 150.0).round() as usize).max(1);
    let corners = [(width - side, 0), (0, height - side), (0, 0), (width - side, height - side)];
    let raw = image.as_raw();
    let darkness = |(x0, y0): (usize, usize)| {
        let mut dark = 0u32;
        for y in (y0..y0 + side).step_by(4) {
            dark += raw[y * width + x0..][..side].iter().step_by(4).filter(|v| **v < 128).count() as u32;
        }
        dark
    };
    let mut order: Vec<(u32, (usize, usize))> = corners.iter().map(|c| (darkness(*c), *c)).collect();
    // Stable: equal corners keep the top-right, bottom-left order.
    order.sort_by_key(|(dark, _)| std::cmp::Reverse(*dark));
    for (_, corner) in &order {
        if let Some(found) = decode_corner(image, *corner, side, factor, 1) {
            return Some(found);
        }
    }
    let darkest = order[0].1;
    if factor >= 2 {
        decode_corner(image, darkest, side, factor / 2, 1)
    } else {
        decode_corner(image, darkest, side, 1, 2)
    }
}

/// rqrr on the square of `side` pixels at `corner`, averaged by `factor` then enlarged `zoom`
/// times (bilinear).
fn decode_corner(
    image: &GrayImage,
    (x0, y0): (usize, usize),
    side: usize,
    factor: usize,
    zoom: usize,
) -> Option<QrFound> {
    let width = image.width() as usize;
    let raw = image.as_raw();
    let small = side / factor;
    // Smaller than the smallest code with its quiet zone at a pixel a module: nothing to read.
    if small < 29 {
        return None;
    }
    let mut buffer = vec![0u8; small * small];
    for (row, line) in buffer.chunks_exact_mut(small).enumerate() {
        for (column, value) in line.iter_mut().enumerate() {
            let mut sum = 0u32;
            for dy in 0..factor {
                let start = (y0 + row * factor + dy) * width + x0 + column * factor;
                sum += raw[start..start + factor].iter().map(|v| u32::from(*v)).sum::<u32>();
            }
            *value = (sum / (factor * factor) as u32) as u8;
        }
    }
    let size = small * zoom;
    let at = |x: usize, y: usize| -> u8 {
        if zoom == 1 {
            return buffer[y * small + x];
        }
        let (fx, fy) = ((x as f32 + 0.5) / zoom as f32 - 0.5, (y as f32 + 0.5) / zoom as f32 - 0.5);
        let (ix, iy) = (fx.max(0.0) as usize, fy.max(0.0) as usize);
        let (jx, jy) = ((ix + 1).min(small - 1), (iy + 1).min(small - 1));
        let (tx, ty) = ((fx - ix as f32).clamp(0.0, 1.0), (fy - iy as f32).clamp(0.0, 1.0));
        let top = f32::from(buffer[iy * small + ix]) * (1.0 - tx) + f32::from(buffer[iy * small + jx]) * tx;
        let bottom = f32::from(buffer[jy * small + ix]) * (1.0 - tx) + f32::from(buffer[jy * small + jx]) * tx;
        (top * (1.0 - ty) + bottom * ty) as u8
    };
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(size, size, at);
    for grid in prepared.detect_grids() {
        let Ok((meta, text)) = grid.decode() else { continue };
        let scale = factor as f32 / zoom as f32;
        let offset = (factor as f32 - 1.0) / 2.0;
        let bounds =
            grid.bounds.map(|p| (x0 as f32 + p.x as f32 * scale + offset, y0 as f32 + p.y as f32 * scale + offset));
        return Some(QrFound { text, bounds, modules: 17 + 4 * meta.version.0 });
    }
    None
}

/// The map from the sheet to the scan: a first one from the code's corners, then fitted on the
/// corner marks found near where it puts them. `None` when fewer than three marks are found or
/// they disagree with each other or with the code.
fn register(image: &GrayImage, qr: &QrFound, pixels_per_mm: f32, dark: u8) -> Option<Affine> {
    // rqrr's corners: the symbol's top-left corner, then one module past its other edges.
    let module = code::QR_SIDE_MM / (qr.modules + 2 * code::QR_QUIET_MODULES) as f32;
    let origin_x = code::QR_LEFT_MM + code::QR_QUIET_MODULES as f32 * module;
    let origin_y = code::QR_TOP_MM + code::QR_QUIET_MODULES as f32 * module;
    let far = (qr.modules + 1) as f32 * module;
    let qr_mm = [
        (origin_x, origin_y),
        (origin_x + far, origin_y),
        (origin_x + far, origin_y + far),
        (origin_x, origin_y + far),
    ];
    let first = Affine::fit(&qr_mm, &qr.bounds)?;
    let scale = first.scale();
    if !(0.5 * pixels_per_mm..2.0 * pixels_per_mm).contains(&scale) {
        return None;
    }
    let mut from = Vec::with_capacity(4);
    let mut to = Vec::with_capacity(4);
    for centre in code::MARK_CENTRES_MM {
        if let Some(found) = find_mark(image, first.apply(centre), scale, dark) {
            from.push(centre);
            to.push(found);
        }
    }
    let tolerance = MARK_RESIDUAL_MM * scale;
    let map = match from.len() {
        4 => {
            let map = Affine::fit(&from, &to)?;
            if map.worst_residual(&from, &to) <= tolerance {
                map
            } else {
                // One mark wrong (a smudge, a staple): the three that agree, if they do.
                (0..4)
                    .filter_map(|skip| {
                        let f: Vec<_> = (0..4).filter(|i| *i != skip).map(|i| from[i]).collect();
                        let t: Vec<_> = (0..4).filter(|i| *i != skip).map(|i| to[i]).collect();
                        let map = Affine::fit(&f, &t)?;
                        let miss = map.apply(from[skip]);
                        let gap = ((miss.0 - to[skip].0).powi(2) + (miss.1 - to[skip].1).powi(2)).sqrt();
                        Some((gap, map))
                    })
                    .min_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, map)| map)?
            }
        }
        3 => Affine::fit(&from, &to)?,
        // A skewed or shifted page can lose two corners off the scan: the two marks left (any
        // two stand at least 197 mm apart) and the code's corners give a similarity (a scanner
        // turns, scales and shifts, it does not stretch one axis), when they agree.
        2 => {
            from.extend(qr_mm);
            to.extend(qr.bounds);
            let map = Affine::fit_similarity(&from, &to)?;
            if map.worst_residual(&from, &to) > tolerance {
                return None;
            }
            map
        }
        _ => return None,
    };
    // The marks' map must put the code where it was read.
    if map.worst_residual(&qr_mm, &qr.bounds) > 1.5 * scale {
        return None;
    }
    Some(map)
}

/// The clockwise quarter turns of the scan: where the sheet's « down » points in the image.
fn quarter_turns(map: &Affine) -> u8 {
    let (dx, dy) = (map.m[1], map.m[4]);
    if dy.abs() >= dx.abs() {
        if dy > 0.0 {
            0
        } else {
            2
        }
    } else if dx < 0.0 {
        1
    } else {
        3
    }
}

/// The centre of the corner mark near `predicted`: a solid square of `MARK_SIDE_MM`, alone in
/// its surroundings, found with a summed-area table of the dark pixels of the search window.
fn find_mark(image: &GrayImage, predicted: (f32, f32), scale: f32, dark: u8) -> Option<(f32, f32)> {
    let (width, height) = (image.width() as i64, image.height() as i64);
    let reach = (MARK_SEARCH_MM * scale) as i64;
    let x0 = (predicted.0 as i64 - reach).max(0);
    let y0 = (predicted.1 as i64 - reach).max(0);
    let x1 = (predicted.0 as i64 + reach).min(width);
    let y1 = (predicted.1 as i64 + reach).min(height);
    if x1 - x0 < 8 || y1 - y0 < 8 {
        return None;
    }
    let (w, h) = ((x1 - x0) as usize, (y1 - y0) as usize);
    let raw = image.as_raw();
    // sums[(y + 1) * (w + 1) + x + 1]: dark pixels above and left of (x, y), inclusive.
    let mut sums = vec![0u32; (w + 1) * (h + 1)];
    for y in 0..h {
        let line = &raw[(y0 as usize + y) * width as usize + x0 as usize..][..w];
        let mut run = 0u32;
        for (x, value) in line.iter().enumerate() {
            run += u32::from(*value < dark);
            sums[(y + 1) * (w + 1) + x + 1] = sums[y * (w + 1) + x + 1] + run;
        }
    }
    let count = |cx: i64, cy: i64, half: i64| -> u32 {
        let (l, t) = ((cx - half).clamp(0, w as i64) as usize, (cy - half).clamp(0, h as i64) as usize);
        let (r, b) = ((cx + half).clamp(0, w as i64) as usize, (cy + half).clamp(0, h as i64) as usize);
        sums[b * (w + 1) + r] + sums[t * (w + 1) + l] - sums[t * (w + 1) + r] - sums[b * (w + 1) + l]
    };
    let inner = ((0.35 * code::MARK_SIDE_MM * scale) as i64).max(2);
    let inner_area = (2 * inner * 2 * inner) as f32;
    let outer = (4.0 * scale) as i64;
    let mark_area = code::MARK_SIDE_MM * code::MARK_SIDE_MM * scale * scale;
    let mut best: Option<(u32, i64, i64, i64)> = None;
    let step = ((scale / 4.0) as i64).max(1);
    let mut cy = inner;
    while cy < h as i64 - inner {
        let mut cx = inner;
        while cx < w as i64 - inner {
            let filled = count(cx, cy, inner);
            if filled as f32 >= 0.9 * inner_area {
                let distance = (cx + x0 - predicted.0 as i64).pow(2) + (cy + y0 - predicted.1 as i64).pow(2);
                let better = match best {
                    None => true,
                    Some((f, _, _, d)) => filled > f || (filled == f && distance < d),
                };
                if better {
                    best = Some((filled, cx, cy, distance));
                }
            }
            cx += step;
        }
        cy += step;
    }
    let (_, cx, cy, _) = best?;
    // Alone: the dark pixels of an 8 mm square around it are the mark's and little else.
    let around = count(cx, cy, outer) as f32;
    if !(0.75 * mark_area..1.35 * mark_area).contains(&around) {
        return None;
    }
    // Its centre: the centroid of the dark pixels around it.
    let (mut sx, mut sy, mut n) = (0.0f64, 0.0f64, 0.0f64);
    for y in (cy - outer).max(0)..(cy + outer).min(h as i64) {
        let line = &raw[(y0 + y) as usize * width as usize..];
        for x in (cx - outer).max(0)..(cx + outer).min(w as i64) {
            if line[(x0 + x) as usize] < dark {
                sx += x as f64;
                sy += y as f64;
                n += 1.0;
            }
        }
    }
    (n > 0.0).then(|| ((x0 as f64 + sx / n) as f32, (y0 as f64 + sy / n) as f32))
}

/// The map for one box, nudged (within `BOX_SEARCH_MM`) onto its printed border; and whether the
/// border was found. The border is thin (0.28 mm, under two pixels at 150 dpi): its pixels are
/// counted when darker than the light threshold.
fn place_box(image: &GrayImage, map: &Affine, rect: &RectMm, dark: u8) -> (Affine, bool) {
    let scale = map.scale();
    let reach = (BOX_SEARCH_MM * scale).ceil() as i32;
    let samples = 16;
    let mut points = Vec::with_capacity(4 * samples);
    for k in 0..samples {
        let t = (k as f32 + 0.5) / samples as f32;
        let (x, y) = (rect.left + t * rect.width, rect.top + t * rect.height);
        points.push((x, rect.top));
        points.push((x, rect.top + rect.height));
        points.push((rect.left, y));
        points.push((rect.left + rect.width, y));
    }
    let mapped: Vec<(f32, f32)> = points.iter().map(|p| map.apply(*p)).collect();
    let mut best = (0u32, i32::MAX, 0, 0);
    for dy in -reach..=reach {
        for dx in -reach..=reach {
            // A border is thin: sample its middle line and a pixel either side.
            let hits = mapped
                .iter()
                .filter(|(x, y)| {
                    let (x, y) = (x + dx as f32, y + dy as f32);
                    geometry::pixel(image, (x, y)) < dark
                })
                .count() as u32;
            let distance = dx * dx + dy * dy;
            if hits > best.0 || (hits == best.0 && distance < best.1) {
                best = (hits, distance, dx, dy);
            }
        }
    }
    let found = best.0 as f32 >= 0.6 * mapped.len() as f32;
    (map.shifted(best.2 as f32, best.3 as f32), found)
}

fn box_ink(image: &GrayImage, map: &Affine, rect: &RectMm, dark: u8, light: u8) -> BoxInk {
    let inset = INTERIOR_INSET_MM;
    let inside = (rect.left + inset, rect.top + inset, rect.width - 2.0 * inset, rect.height - 2.0 * inset);
    let interior = geometry::ink_in(image, map, inside, dark, light);
    // A band from 0.6 to 1.5 mm outside the border, on its four sides.
    let (near, far) = (0.6, 1.5);
    let band = far - near;
    let (l, t, w, h) = (rect.left, rect.top, rect.width, rect.height);
    let strips = [
        (l - far, t - far, w + 2.0 * far, band),
        (l - far, t + h + near, w + 2.0 * far, band),
        (l - far, t - near, band, h + 2.0 * near),
        (l + w + near, t - near, band, h + 2.0 * near),
    ];
    let outside = strips.iter().map(|s| geometry::ink_in(image, map, *s, dark, light)).map(|Ink { dark, .. }| dark);
    BoxInk { dark: interior.dark, light: interior.light, outside: outside.fold(0.0, f32::max) }
}

/// The answer a question's two boxes give, or `AVerifier` with the reasons.
fn classify(yes: BoxInk, no: BoxInk, reasons: &mut Vec<Reason>) -> Answer {
    #[derive(PartialEq)]
    enum State {
        Empty,
        Faint,
        Marked,
    }
    let state = |ink: BoxInk| {
        if ink.dark >= MARKED_DARK {
            State::Marked
        } else if ink.dark < EMPTY_DARK && ink.light < EMPTY_LIGHT {
            State::Empty
        } else {
            State::Faint
        }
    };
    let (a, b) = (state(yes), state(no));
    let outside = yes.outside >= OUTSIDE_DARK || no.outside >= OUTSIDE_DARK;
    let answer = match (&a, &b) {
        (State::Marked, State::Marked) => {
            let filled = |ink: BoxInk| ink.dark >= FILLED_DARK;
            reasons.push(if filled(yes) != filled(no) { Reason::CrossedOut } else { Reason::BothMarked });
            return Answer::AVerifier;
        }
        (State::Faint, _) | (_, State::Faint) => {
            reasons.push(Reason::FaintMark);
            return Answer::AVerifier;
        }
        (State::Marked, State::Empty) => Answer::Oui,
        (State::Empty, State::Marked) => Answer::Non,
        (State::Empty, State::Empty) => Answer::Vide,
    };
    if outside {
        reasons.push(Reason::MarkOutsideBoxes);
        return Answer::AVerifier;
    }
    answer
}

/// The answer of a « cochez si vous êtes d'accord » box: ticked is `Oui`, empty is `Non` (an
/// unticked box on a signed form refuses the item), anything else `AVerifier` with its reason.
fn classify_single(ink: BoxInk, reasons: &mut Vec<Reason>) -> Answer {
    let answer = if ink.dark >= MARKED_DARK {
        Answer::Oui
    } else if ink.dark < EMPTY_DARK && ink.light < EMPTY_LIGHT {
        Answer::Non
    } else {
        reasons.push(Reason::FaintMark);
        return Answer::AVerifier;
    };
    if ink.outside >= OUTSIDE_DARK {
        reasons.push(Reason::MarkOutsideBoxes);
        return Answer::AVerifier;
    }
    answer
}

const CROP_PIXELS_PER_MM: f32 = 8.0;

/// The width of a page's thumbnail, in pixels: enough to see what the page is.
pub const THUMBNAIL_WIDTH: u32 = 480;

/// A small PNG of a whole page (a page without a readable code, shown to a person), averaged down
/// to `THUMBNAIL_WIDTH` pixels wide.
pub fn thumbnail(image: &GrayImage) -> Vec<u8> {
    let width = THUMBNAIL_WIDTH.min(image.width()).max(1);
    let height = ((u64::from(image.height()) * u64::from(width)) / u64::from(image.width().max(1))).max(1) as u32;
    let small = image::imageops::thumbnail(image, width, height);
    png_bytes(&small)
}

fn png_bytes(image: &GrayImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new(&mut bytes);
    // Writing to memory does not fail.
    let _ = image::ImageEncoder::write_image(
        encoder,
        image.as_raw(),
        image.width(),
        image.height(),
        image::ExtendedColorType::L8,
    );
    bytes
}

fn crops(image: &GrayImage, placed: &[[Affine; 2]], sheet: &Sheet, map: &Affine) -> Crops {
    let png = |crop: GrayImage| png_bytes(&crop);
    let margin = 2.5;
    let boxes = sheet
        .rows
        .iter()
        .zip(placed)
        .map(|(row, maps)| {
            [0, 1].map(|side| {
                let rect = row[side];
                let area =
                    (rect.left - margin, rect.top - margin, rect.width + 2.0 * margin, rect.height + 2.0 * margin);
                png(geometry::crop(image, &maps[side], area, CROP_PIXELS_PER_MM))
            })
        })
        .collect();
    let RectMm { left, top, width, height } = sheet.signature_crop;
    Crops { boxes, signature: png(geometry::crop(image, map, (left, top, width, height), CROP_PIXELS_PER_MM)) }
}
