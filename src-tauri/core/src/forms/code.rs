//! What a printed Annexe A tells a reader (issue 16): the QR code's payload (the form number, a
//! tag of the store that printed it, the school year and where the boxes are) and the page's
//! geometry (corner marks, QR code, answer boxes, signature line), in millimetres from the
//! page's top-left corner. `pdf::annexe_a` prints from this module and `scan::read` reads from
//! it: one contract, so every printed form is readable by the same reader.
//!
//! The payload, layout version 1, is 22 characters of the QR code's alphanumeric mode:
//!
//! ```text
//! B1 K7M4QXC 7QF2 25 F 2Q 3M 8Z      (written without the spaces)
//! │└ layout  │      │   │ │  │  │  └ signature line's y, in 0.25 mm, base 36
//! └ Balise   │      │   │ │  │  └ top of question 2's boxes, in 0.25 mm, base 36
//!            │      │   │ │  └ top of question 1's boxes, in 0.25 mm, base 36
//!            │      │   │ └ the labels beside the boxes: F (« Oui », « Non ») or E (« Yes », « No »)
//!            │      │   └ the school year's first year, last two digits (25: 2025-2026)
//!            │      └ the store's tag (`StoreTag`): a form from another store is not filed here
//!            └ the form number without its dash, check symbol included
//! ```
//!
//! The box rows move with the length of the names and the wording, so their y travels in the
//! code; their x and size, the marks and the QR code are fixed per layout version (below).
//! Forms printed before this payload carry the bare number (`K7M-4QXC`) and no marks: `parse`
//! still reads them, as a number without store, year or geometry.

use std::fmt;

use super::number;
use crate::year::SchoolYear;

/// The sheet (US Letter), in mm.
pub const PAGE_WIDTH_MM: f32 = 215.9;
pub const PAGE_HEIGHT_MM: f32 = 279.4;

/// The side of each corner mark, a solid black square.
pub const MARK_SIDE_MM: f32 = 5.0;
/// Distance from the sheet's edges to a mark's outer side: past the 4 to 6 mm a printer leaves
/// unprinted, short of the content (18 mm at the sides, 14 mm at the top, the footer's text ending
/// about 268 mm down).
pub const MARK_INSET_MM: f32 = 7.0;

/// The four corner marks' centres: top-left, top-right, bottom-right, bottom-left.
pub const MARK_CENTRES_MM: [(f32, f32); 4] = {
    let near = MARK_INSET_MM + MARK_SIDE_MM / 2.0;
    [
        (near, near),
        (PAGE_WIDTH_MM - near, near),
        (PAGE_WIDTH_MM - near, PAGE_HEIGHT_MM - near),
        (near, PAGE_HEIGHT_MM - near),
    ]
};

/// The QR code's square, quiet zone included (top-right, inside the content's frame).
pub const QR_SIDE_MM: f32 = 23.2;
pub const QR_LEFT_MM: f32 = PAGE_WIDTH_MM - 18.0 - QR_SIDE_MM;
pub const QR_TOP_MM: f32 = 14.0;
/// The light margin around the code (ISO/IEC 18004: 4 modules).
pub const QR_QUIET_MODULES: usize = 4;

/// The side of an answer box, measured on its border's middle (the 0.8 pt stroke is centred on
/// the box's sides).
pub const BOX_SIDE_MM: f32 = 4.2;
/// The printed border's width (0.8 pt).
pub const BOX_BORDER_MM: f32 = 0.8 * 25.4 / 72.0;

/// The signature line: from the content's left edge, 95 mm long.
pub const SIGNATURE_LEFT_MM: f32 = 18.0;
pub const SIGNATURE_WIDTH_MM: f32 = 95.0;
/// The room a signature is looked for in, above its line (the « lieu » and « date » captions of
/// the line before end higher up).
pub const SIGNATURE_ROOM_MM: f32 = 8.5;

/// The layout version this build prints.
pub const LAYOUT_VERSION: u8 = 1;

const PREFIX: char = 'B';
/// Length of a version 1 payload.
pub const PAYLOAD_LEN: usize = 22;
/// The unit of the y positions in the payload: a quarter millimetre.
const Y_UNITS_PER_MM: f32 = 4.0;
const BASE36: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// Four symbols of the form numbers' alphabet derived from a store's numbering secret: enough to
/// tell two stores apart (one chance in a million of a clash), nothing about the school.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StoreTag([u8; 4]);

impl StoreTag {
    /// The tag of the store whose numbering secret is `secret` (`form_numbering.secret`).
    pub fn of_secret(secret: &[u8]) -> StoreTag {
        use sha2::{Digest, Sha256};
        let digest = Sha256::new().chain_update(b"balise: etiquette du magasin\0").chain_update(secret).finalize();
        let bits = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]);
        let mut symbols = [0u8; 4];
        for (index, symbol) in symbols.iter_mut().enumerate() {
            *symbol = number::ALPHABET[((bits >> (27 - 5 * index)) & 31) as usize];
        }
        StoreTag(symbols)
    }

    fn parse(text: &str) -> Option<StoreTag> {
        let bytes: [u8; 4] = text.as_bytes().try_into().ok()?;
        bytes.iter().all(|b| number::ALPHABET.contains(b)).then_some(StoreTag(bytes))
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("????")
    }
}

/// The tag of this store, printed in every form's and attestation's QR code, from its numbering
/// secret (`form_numbering.secret`): a returned page from another store is not filed here.
pub fn store_tag(conn: &rusqlite::Connection) -> crate::error::Result<StoreTag> {
    let secret: Vec<u8> = conn.query_row("SELECT secret FROM form_numbering WHERE id = 1", [], |r| r.get(0))?;
    Ok(StoreTag::of_secret(&secret))
}

impl Default for StoreTag {
    /// The tag of an empty secret: for tests and callers that print outside a store.
    fn default() -> StoreTag {
        StoreTag::of_secret(b"")
    }
}

impl fmt::Display for StoreTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The words beside the boxes, which set the boxes' x.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Labels {
    /// « Oui ☐  Non ☐ » (the Directive's wording and the student's variant).
    French,
    /// « Yes ☐  No ☐ » (the English translation).
    English,
}

impl Labels {
    fn letter(self) -> char {
        match self {
            Labels::French => 'F',
            Labels::English => 'E',
        }
    }

    /// The left edges of the « yes » and « no » boxes, in mm (layout version 1): each box 2 mm
    /// after its bold 11 pt label, the « no » label 12 mm after the « yes » box, the « yes »
    /// label 25 mm from the sheet's left edge. `pdf::annexe_a` checks it draws them there.
    pub fn box_lefts_mm(self) -> [f32; 2] {
        match self {
            Labels::French => [FRENCH_BOX_LEFTS_MM[0], FRENCH_BOX_LEFTS_MM[1]],
            Labels::English => [ENGLISH_BOX_LEFTS_MM[0], ENGLISH_BOX_LEFTS_MM[1]],
        }
    }
}

const FRENCH_BOX_LEFTS_MM: [f32; 2] = [33.467, 59.210];
const ENGLISH_BOX_LEFTS_MM: [f32; 2] = [33.905, 57.278];

/// Where one printed form's variable parts stand (layout version 1).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Layout {
    pub version: u8,
    pub labels: Labels,
    /// The top edge of question 1's two boxes, in mm from the sheet's top.
    pub q1_top_mm: f32,
    /// The top edge of question 2's two boxes.
    pub q2_top_mm: f32,
    /// The signature line's y.
    pub signature_line_mm: f32,
}

/// A rectangle on the sheet, in mm from its top-left corner.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct RectMm {
    pub left: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
}

impl Layout {
    /// The positions rounded as the payload carries them (a quarter millimetre).
    pub fn rounded(self) -> Layout {
        let round = |mm: f32| (mm * Y_UNITS_PER_MM).round() / Y_UNITS_PER_MM;
        Layout {
            q1_top_mm: round(self.q1_top_mm),
            q2_top_mm: round(self.q2_top_mm),
            signature_line_mm: round(self.signature_line_mm),
            ..self
        }
    }

    /// The answer boxes, through the middle of their borders: `[question][0 = yes, 1 = no]`.
    pub fn boxes(&self) -> [[RectMm; 2]; 2] {
        let lefts = self.labels.box_lefts_mm();
        [self.q1_top_mm, self.q2_top_mm]
            .map(|top| lefts.map(|left| RectMm { left, top, width: BOX_SIDE_MM, height: BOX_SIDE_MM }))
    }

    /// Where a signature's ink is looked for: above its line, the line itself left out.
    pub fn signature_area(&self) -> RectMm {
        self.sheet().signature
    }
}

/// What a reader measures on one printed page, whatever the form: the rows of « yes » / « no »
/// boxes, in the page's order, and where a signature's ink is looked for. Each printed layout
/// (`Layout`, `AttestationLayout`) gives its own.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    /// `rows[question][0 = yes, 1 = no]`, through the middle of the boxes' borders.
    pub rows: Vec<[RectMm; 2]>,
    /// Where a signature's ink is looked for: above its line, the line itself left out.
    pub signature: RectMm,
    /// What a person is shown of the signature: its line with room above and below.
    pub signature_crop: RectMm,
    /// Each row is one « cochez si vous êtes d'accord » box (given twice in `rows`): ticked is
    /// yes, empty is no (issue 17's annexes), not a « oui » / « non » pair.
    pub single: bool,
}

impl Sheet {
    fn signature_on(left_mm: f32, width_mm: f32, line_mm: f32) -> (RectMm, RectMm) {
        let area = RectMm {
            left: left_mm + 1.0,
            top: line_mm - SIGNATURE_ROOM_MM,
            width: width_mm - 2.0,
            height: SIGNATURE_ROOM_MM - 0.9,
        };
        let crop = RectMm { left: left_mm - 1.0, top: line_mm - 11.0, width: width_mm + 2.0, height: 14.0 };
        (area, crop)
    }
}

impl Layout {
    /// The Annexe A's two questions and its signature line.
    pub fn sheet(&self) -> Sheet {
        let (signature, signature_crop) =
            Sheet::signature_on(SIGNATURE_LEFT_MM, SIGNATURE_WIDTH_MM, self.signature_line_mm);
        Sheet { rows: self.boxes().to_vec(), signature, signature_crop, single: false }
    }
}

/// What a Balise code says.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Code {
    /// The form number in its printed form (`K7M-4QXC`), its check symbol verified.
    pub number: String,
    /// The store that printed it; `None` on forms printed before the tag (bare number).
    pub store: Option<StoreTag>,
    /// The school year printed on it; `None` on older forms.
    #[serde(serialize_with = "year_text")]
    pub year: Option<SchoolYear>,
    /// Where its boxes are; `None` on older forms or an unknown layout version.
    pub layout: Option<Layout>,
    /// Whose copy it is: the family's, one guardian's own (`--per-guardian`) or the student's.
    pub copy: CopyFor,
}

/// Whose copy of a form a page is, so that a returned page is recorded as that person's answer
/// (5.7: each guardian's answer is theirs): the payload's optional end, `S` (the student's copy)
/// or `G` and the guardian's id in base 36; nothing for the family's copy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(tag = "kind", content = "guardian", rename_all = "snake_case")]
pub enum CopyFor {
    /// Any guardian on file signs (the usual copy, naming every guardian).
    #[default]
    Family,
    /// One guardian's own copy, by the guardian's id on file.
    Guardian(u32),
    /// The student's own copy (a student of 14 or more, where the school allows it).
    Student,
}

/// The longest guardian id the payload carries (base 36, 5 symbols): past it, the family's copy.
const MAX_GUARDIAN_ID: u32 = 36 * 36 * 36 * 36 * 36 - 1;

impl CopyFor {
    fn suffix(self) -> String {
        match self {
            CopyFor::Family => String::new(),
            CopyFor::Student => "S".into(),
            CopyFor::Guardian(id) if id <= MAX_GUARDIAN_ID => format!("G{}", base36(id)),
            CopyFor::Guardian(_) => String::new(),
        }
    }

    fn parse(text: &str) -> Option<CopyFor> {
        match text.as_bytes() {
            [] => Some(CopyFor::Family),
            [b'S'] => Some(CopyFor::Student),
            [b'G', digits @ ..] if (1..=5).contains(&digits.len()) && digits[0] != b'0' => {
                let mut id = 0u32;
                for digit in digits {
                    id = id * 36 + BASE36.iter().position(|b| b == digit)? as u32;
                }
                Some(CopyFor::Guardian(id))
            }
            _ => None,
        }
    }
}

fn year_text<S: serde::Serializer>(year: &Option<SchoolYear>, serializer: S) -> Result<S::Ok, S::Error> {
    match year {
        Some(year) => serializer.serialize_some(&year.to_string()),
        None => serializer.serialize_none(),
    }
}

impl serde::Serialize for StoreTag {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The payload of the QR code of form `number` (checked) printed by the store tagged `store`
/// for `year`, its boxes at `layout`. `None` when the number does not pass its check or a
/// position is off the sheet (a bug: the printer refuses the page).
pub fn encode(number: &str, store: StoreTag, year: SchoolYear, layout: &Layout, copy: CopyFor) -> Option<String> {
    let number = number::normalize(number).ok()?;
    use chrono::Datelike;
    let start = year.first_day().year();
    let mut payload = String::with_capacity(PAYLOAD_LEN);
    payload.push(PREFIX);
    payload.push(char::from(b'0' + LAYOUT_VERSION));
    payload.extend(number.chars().filter(|c| *c != '-'));
    payload.push_str(store.as_str());
    payload.push_str(&format!("{:02}", start.rem_euclid(100)));
    payload.push(layout.labels.letter());
    for mm in [layout.q1_top_mm, layout.q2_top_mm, layout.signature_line_mm] {
        payload.push_str(&base36_position(mm)?);
    }
    debug_assert_eq!(payload.len(), PAYLOAD_LEN);
    payload.push_str(&copy.suffix());
    Some(payload)
}

// ---------------------------------------------------------------- the attestation ------------

/// The 5.9 attestation's payload starts with these two symbols (`B`, then `A` where a form's
/// layout version digit stands): a build that does not know it reads another document's code.
const ATTESTATION_PREFIX: &str = "BA";
/// Length of an attestation's payload.
pub const ATTESTATION_PAYLOAD_LEN: usize = 17;

/// The left edges of the attestation's 5.10 « Oui » and « Non » boxes, in mm (`pdf::attestation`
/// draws them there, the same size as the Annexe A's).
pub const ATTESTATION_BOX_LEFTS_MM: [f32; 2] = [24.0, 52.0];
/// The staff member's signature line: from the attestation's left margin, 100 mm long.
pub const ATTESTATION_SIGNATURE_LEFT_MM: f32 = 20.0;
pub const ATTESTATION_SIGNATURE_WIDTH_MM: f32 = 100.0;

/// Where the variable parts of the page of an attestation that holds its closing stand: the
/// 5.10 boxes and the staff member's signature line (the direction's own signature, below, is
/// not read: the direction receives the page).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct AttestationLayout {
    /// The top edge of the 5.10 « Oui » / « Non » boxes, in mm from the sheet's top.
    pub box_top_mm: f32,
    /// The staff member's signature line's y.
    pub signature_line_mm: f32,
}

impl AttestationLayout {
    /// The positions rounded as the payload carries them.
    pub fn rounded(self) -> AttestationLayout {
        let round = |mm: f32| (mm * Y_UNITS_PER_MM).round() / Y_UNITS_PER_MM;
        AttestationLayout { box_top_mm: round(self.box_top_mm), signature_line_mm: round(self.signature_line_mm) }
    }

    /// The 5.10 question and the staff member's signature line.
    pub fn sheet(&self) -> Sheet {
        let row = ATTESTATION_BOX_LEFTS_MM.map(|left| RectMm {
            left,
            top: self.box_top_mm,
            width: BOX_SIDE_MM,
            height: BOX_SIDE_MM,
        });
        let (signature, signature_crop) =
            Sheet::signature_on(ATTESTATION_SIGNATURE_LEFT_MM, ATTESTATION_SIGNATURE_WIDTH_MM, self.signature_line_mm);
        Sheet { rows: vec![row], signature, signature_crop, single: false }
    }
}

/// What an attestation's code says (Directive 5.9, issue 16: the attestations come back signed,
/// in the same stacks as the Annexe A).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AttestationCode {
    pub store: StoreTag,
    #[serde(serialize_with = "plain_year")]
    pub year: SchoolYear,
    /// The staff member's id on file (an attestation without a named staff member has no code).
    pub staff_id: u32,
    /// Where its boxes are; `None` on a page before the closing one (a long list continued):
    /// nothing to read there.
    pub layout: Option<AttestationLayout>,
}

fn plain_year<S: serde::Serializer>(year: &SchoolYear, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&year.to_string())
}

/// The payload of an attestation's QR code: `BA`, the store's tag, the school year's two digits,
/// the 5.10 boxes' top and the signature line's y (two base 36 symbols each, in 0.25 mm; `0000`
/// on a page before the closing one), then the staff member's id in five base 36 symbols: 17
/// symbols, QR version 2 at level Q, the Annexe A's module size (the smallest payloads make a
/// version 1 code whose 0.8 mm modules and 5.6 mm finder patterns the reader found less
/// reliably). `None` for an id of 0 or past five symbols, or a position off the sheet.
pub fn encode_attestation(
    store: StoreTag,
    year: SchoolYear,
    staff_id: u32,
    layout: Option<&AttestationLayout>,
) -> Option<String> {
    use chrono::Datelike;
    if staff_id == 0 || staff_id > MAX_GUARDIAN_ID {
        return None;
    }
    let mut payload = String::from(ATTESTATION_PREFIX);
    payload.push_str(store.as_str());
    payload.push_str(&format!("{:02}", year.first_day().year().rem_euclid(100)));
    match layout {
        Some(layout) => {
            for mm in [layout.box_top_mm, layout.signature_line_mm] {
                payload.push_str(&base36_position(mm)?);
            }
        }
        None => payload.push_str("0000"),
    }
    payload.push_str(&format!("{:0>5}", base36(staff_id)));
    debug_assert_eq!(payload.len(), ATTESTATION_PAYLOAD_LEN);
    Some(payload)
}

fn base36_position(mm: f32) -> Option<String> {
    let units = (mm * Y_UNITS_PER_MM).round();
    if !(0.0..36.0 * 36.0).contains(&units) || mm > PAGE_HEIGHT_MM {
        return None;
    }
    let units = units as usize;
    Some([BASE36[units / 36], BASE36[units % 36]].iter().map(|b| char::from(*b)).collect())
}

fn read_base36_position(pair: &[u8]) -> Option<f32> {
    let high = BASE36.iter().position(|b| *b == pair[0])?;
    let low = BASE36.iter().position(|b| *b == pair[1])?;
    Some((high * 36 + low) as f32 / Y_UNITS_PER_MM)
}

fn base36(mut value: u32) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(BASE36[(value % 36) as usize]);
        value /= 36;
        if value == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8_lossy(&digits).into_owned()
}

fn parse_attestation(text: &str) -> Option<AttestationCode> {
    let rest = text.strip_prefix(ATTESTATION_PREFIX)?;
    if !rest.is_ascii() || text.len() != ATTESTATION_PAYLOAD_LEN {
        return None;
    }
    let store = StoreTag::parse(&rest[..4])?;
    let yy = &rest[4..6];
    if !yy.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = SchoolYear::starting(2000 + yy.parse::<i32>().ok()?);
    let positions = &rest.as_bytes()[6..10];
    let layout = if positions == b"0000" {
        None
    } else {
        let box_top_mm = read_base36_position(&positions[..2])?;
        let signature_line_mm = read_base36_position(&positions[2..])?;
        let on_sheet =
            |mm: f32| (MARK_INSET_MM + MARK_SIDE_MM..=PAGE_HEIGHT_MM - MARK_INSET_MM - MARK_SIDE_MM).contains(&mm);
        if !on_sheet(box_top_mm) || !on_sheet(signature_line_mm) || signature_line_mm < box_top_mm + BOX_SIDE_MM {
            return None;
        }
        Some(AttestationLayout { box_top_mm, signature_line_mm })
    };
    let mut staff_id = 0u32;
    for digit in &rest.as_bytes()[10..] {
        staff_id = staff_id * 36 + BASE36.iter().position(|b| b == digit)? as u32;
    }
    (staff_id != 0).then_some(AttestationCode { store, year, staff_id, layout })
}

// ---------------------------------------------------------------- the other templates ------

/// The payload of the other templates' forms (issue 17: annexes 3 to 6) starts with `BT`: a
/// build that does not know it reads another document's code and files nothing.
const TEMPLATE_PREFIX: &str = "BT";
/// `BT`, the number (7), the store's tag (4), the year (2), the template's letter, the three
/// boxes' tops and the signature line (2 symbols each, in 0.25 mm).
pub const TEMPLATE_PAYLOAD_LEN: usize = 2 + number::SYMBOLS + 4 + 2 + 1 + 4 * 2;

/// The left edge of a « cochez si vous êtes d'accord » box, in mm (`pdf::template_form` draws
/// every item's box there, the Annexe A's size).
pub const TEMPLATE_BOX_LEFT_MM: f32 = 183.0;
/// The signature line of the other templates: from the content's left edge, 95 mm long (as
/// the Annexe A's).
pub const TEMPLATE_SIGNATURE_LEFT_MM: f32 = SIGNATURE_LEFT_MM;
pub const TEMPLATE_SIGNATURE_WIDTH_MM: f32 = SIGNATURE_WIDTH_MM;

/// Where a template form's boxes and signature line stand.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct TemplateLayout {
    /// The template's letter (`template_letter`).
    pub template: char,
    /// The top edge of each item's box, in printed order.
    pub box_tops_mm: [f32; 3],
    pub signature_line_mm: f32,
}

/// What a template form's code says.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct TemplateCode {
    pub number: String,
    pub store: StoreTag,
    #[serde(serialize_with = "school_year_text")]
    pub year: SchoolYear,
    pub layout: TemplateLayout,
}

fn school_year_text<S: serde::Serializer>(year: &SchoolYear, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&year.to_string())
}

impl TemplateLayout {
    /// One row per item: its single box, given twice where a reader expects a pair (a
    /// « cochez si vous êtes d'accord » box has no « non »), and the signature.
    pub fn sheet(&self) -> Sheet {
        let (signature, signature_crop) =
            Sheet::signature_on(TEMPLATE_SIGNATURE_LEFT_MM, TEMPLATE_SIGNATURE_WIDTH_MM, self.signature_line_mm);
        let rows = self
            .box_tops_mm
            .iter()
            .map(|&top| {
                let rect = RectMm { left: TEMPLATE_BOX_LEFT_MM, top, width: BOX_SIDE_MM, height: BOX_SIDE_MM };
                [rect, rect]
            })
            .collect();
        Sheet { rows, signature, signature_crop, single: true }
    }
}

/// The payload of a template form's QR code. `None` when the number does not pass its check or
/// a position is off the sheet (a bug: the printer refuses the page).
pub fn encode_template(number: &str, store: StoreTag, year: SchoolYear, layout: &TemplateLayout) -> Option<String> {
    let number = number::normalize(number).ok()?;
    use chrono::Datelike;
    if !layout.template.is_ascii_uppercase() {
        return None;
    }
    let mut payload = String::with_capacity(TEMPLATE_PAYLOAD_LEN);
    payload.push_str(TEMPLATE_PREFIX);
    payload.extend(number.chars().filter(|c| *c != '-'));
    payload.push_str(store.as_str());
    payload.push_str(&format!("{:02}", year.first_day().year().rem_euclid(100)));
    payload.push(layout.template);
    for mm in layout.box_tops_mm.iter().chain([&layout.signature_line_mm]) {
        payload.push_str(&base36_position(*mm)?);
    }
    debug_assert_eq!(payload.len(), TEMPLATE_PAYLOAD_LEN);
    Some(payload)
}

fn parse_template(text: &str) -> Option<TemplateCode> {
    if !text.is_ascii() || text.len() != TEMPLATE_PAYLOAD_LEN || !text.starts_with(TEMPLATE_PREFIX) {
        return None;
    }
    let rest = &text[TEMPLATE_PREFIX.len()..];
    let raw_number = &rest[..number::SYMBOLS];
    if !raw_number.bytes().all(|b| number::ALPHABET.contains(&b)) {
        return None;
    }
    let number = number::normalize(raw_number).ok()?;
    let rest = &rest[number::SYMBOLS..];
    let store = StoreTag::parse(&rest[..4])?;
    let yy = &rest[4..6];
    if !yy.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = SchoolYear::starting(2000 + yy.parse::<i32>().ok()?);
    let template = char::from(rest.as_bytes()[6]);
    if !template.is_ascii_uppercase() {
        return None;
    }
    let mut positions = [0.0f32; 4];
    for (position, pair) in positions.iter_mut().zip(rest.as_bytes()[7..].chunks_exact(2)) {
        *position = read_base36_position(pair)?;
        if *position < MARK_INSET_MM + MARK_SIDE_MM || *position > PAGE_HEIGHT_MM - MARK_INSET_MM - MARK_SIDE_MM {
            return None;
        }
    }
    if positions.windows(2).any(|pair| pair[1] < pair[0] + BOX_SIDE_MM) {
        return None;
    }
    let [a, b, c, signature_line_mm] = positions;
    Some(TemplateCode {
        number,
        store,
        year,
        layout: TemplateLayout { template, box_tops_mm: [a, b, c], signature_line_mm },
    })
}

/// What a decoded QR code is.
#[derive(Clone, Debug, PartialEq)]
pub enum Parsed {
    /// A Balise form (new payload or a bare number).
    Balise(Code),
    /// A 5.9 attestation.
    Attestation(AttestationCode),
    /// A form of another template (issue 17: annexes 3 to 6).
    Template(TemplateCode),
    /// Anything else (another document's code, a garbled text): never filed.
    Other(String),
}

/// Reads a decoded QR code's text. Strict: a payload whose every part is not exactly as printed
/// (length, alphabet, number's check symbol, tag, year, labels, positions on the sheet) is
/// `Other`, never a guess. The years 2000 to 2099 are read from two digits.
pub fn parse(text: &str) -> Parsed {
    if let Some(attestation) = parse_attestation(text) {
        return Parsed::Attestation(attestation);
    }
    if let Some(template) = parse_template(text) {
        return Parsed::Template(template);
    }
    parse_balise(text).map_or_else(|| Parsed::Other(text.to_string()), Parsed::Balise)
}

fn parse_balise(text: &str) -> Option<Code> {
    // A form printed before the payload: the bare number, as printed (`K7M-4QXC`).
    if text.len() == number::SYMBOLS + 1 && text.as_bytes().get(3) == Some(&b'-') {
        let number = number::normalize(text).ok()?;
        return (number == text).then_some(Code {
            number,
            store: None,
            year: None,
            layout: None,
            copy: CopyFor::Family,
        });
    }
    if !text.is_ascii() || text.len() < 2 + number::SYMBOLS + 4 + 2 || !text.starts_with(PREFIX) {
        return None;
    }
    let version = text.as_bytes()[1].checked_sub(b'0').filter(|v| (1..=9).contains(v))?;
    let digits = &text[2 + number::SYMBOLS..];
    let raw_number = &text[2..2 + number::SYMBOLS];
    if !raw_number.bytes().all(|b| number::ALPHABET.contains(&b)) {
        return None;
    }
    let number = number::normalize(raw_number).ok()?;
    let store = StoreTag::parse(&digits[..4])?;
    let yy = &digits[4..6];
    if !yy.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = SchoolYear::starting(2000 + yy.parse::<i32>().ok()?);
    let rest = &digits[6..];
    let mut copy = CopyFor::Family;
    let layout = if version == 1 {
        if rest.len() < 7 {
            return None;
        }
        copy = CopyFor::parse(&rest[7..])?;
        let rest = &rest[..7];
        let labels = match rest.as_bytes()[0] {
            b'F' => Labels::French,
            b'E' => Labels::English,
            _ => return None,
        };
        let mut positions = [0.0f32; 3];
        for (position, pair) in positions.iter_mut().zip(rest.as_bytes()[1..].chunks_exact(2)) {
            *position = read_base36_position(pair)?;
            if *position < MARK_INSET_MM + MARK_SIDE_MM || *position > PAGE_HEIGHT_MM - MARK_INSET_MM - MARK_SIDE_MM {
                return None;
            }
        }
        let [q1_top_mm, q2_top_mm, signature_line_mm] = positions;
        // The rows come in the page's order, far enough apart not to overlap.
        if q2_top_mm < q1_top_mm + BOX_SIDE_MM || signature_line_mm < q2_top_mm + BOX_SIDE_MM {
            return None;
        }
        Some(Layout { version, labels, q1_top_mm, q2_top_mm, signature_line_mm })
    } else {
        // A later layout this build does not know: the form is filed, its answers go to a person.
        None
    };
    Some(Code { number, store: Some(store), year: Some(year), layout, copy })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        Layout { version: 1, labels: Labels::French, q1_top_mm: 148.3, q2_top_mm: 176.9, signature_line_mm: 238.12 }
    }

    #[test]
    fn a_payload_reads_back_as_printed() {
        let tag = StoreTag::of_secret(&[7; 32]);
        let number = number::encode(4242);
        let payload = encode(&number, tag, SchoolYear::starting(2025), &layout(), CopyFor::Family).unwrap();
        assert_eq!(payload.len(), PAYLOAD_LEN);
        assert!(payload.starts_with("B1"), "{payload}");
        assert!(
            payload.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()),
            "QR alphanumeric mode: {payload}"
        );
        let Parsed::Balise(code) = parse(&payload) else { panic!("{payload} not read") };
        assert_eq!(code.number, number);
        assert_eq!(code.store, Some(tag));
        assert_eq!(code.year, Some(SchoolYear::starting(2025)));
        assert_eq!(code.layout, Some(layout().rounded()));
        let read = code.layout.unwrap();
        assert!((read.signature_line_mm - 238.12).abs() <= 0.125);
        // English labels move the boxes.
        let english = Layout { labels: Labels::English, ..layout() };
        let payload = encode(&number, tag, SchoolYear::starting(2031), &english, CopyFor::Family).unwrap();
        let Parsed::Balise(code) = parse(&payload) else { panic!() };
        assert_eq!(code.layout.unwrap().labels, Labels::English);
        assert_eq!(code.year, Some(SchoolYear::starting(2031)));
    }

    /// 5.7: a guardian's own copy, or the student's, says so, so that its page is that person's
    /// answer; the family's copy keeps the 22 symbols.
    #[test]
    fn a_copy_says_whose_it_is() {
        let tag = StoreTag::of_secret(&[7; 32]);
        let year = SchoolYear::starting(2025);
        let number = number::encode(4242);
        for (copy, suffix) in [
            (CopyFor::Family, ""),
            (CopyFor::Student, "S"),
            (CopyFor::Guardian(7), "G7"),
            (CopyFor::Guardian(36), "G10"),
            (CopyFor::Guardian(MAX_GUARDIAN_ID), "GZZZZZ"),
        ] {
            let payload = encode(&number, tag, year, &layout(), copy).unwrap();
            assert_eq!(&payload[PAYLOAD_LEN..], suffix, "{copy:?}");
            assert!(payload.len() <= 29, "QR version 2 at level Q holds 29 alphanumeric symbols: {payload}");
            let Parsed::Balise(code) = parse(&payload) else { panic!("{payload} not read") };
            assert_eq!(code.copy, copy);
            assert_eq!(code.number, number);
        }
        let family = encode(&number, tag, year, &layout(), CopyFor::Family).unwrap();
        for bad in ["G", "G0", "G012", "GZZZZZZ", "X", "SS", "g7"] {
            assert!(matches!(parse(&format!("{family}{bad}")), Parsed::Other(_)), "{bad}");
        }
    }

    #[test]
    fn a_bare_number_is_an_older_form() {
        let number = number::encode(77);
        assert_eq!(
            parse(&number),
            Parsed::Balise(Code {
                number: number.clone(),
                store: None,
                year: None,
                layout: None,
                copy: CopyFor::Family
            })
        );
    }

    #[test]
    fn tags_differ_between_stores_and_say_nothing_readable() {
        let a = StoreTag::of_secret(&[1; 32]);
        let b = StoreTag::of_secret(&[2; 32]);
        assert_ne!(a, b);
        assert_eq!(a, StoreTag::of_secret(&[1; 32]), "the same secret, the same tag");
        assert_eq!(a.as_str().len(), 4);
        assert!(a.as_str().bytes().all(|c| number::ALPHABET.contains(&c)));
    }

    /// Garbled or hostile texts are another document's code, never a form.
    #[test]
    fn garbled_payloads_are_not_forms() {
        let tag = StoreTag::of_secret(&[7; 32]);
        let good = encode(&number::encode(4242), tag, SchoolYear::starting(2025), &layout(), CopyFor::Family).unwrap();
        let mut changed_number = good.clone().into_bytes();
        changed_number[4] = if changed_number[4] == b'A' { b'B' } else { b'A' };
        let mut bad_labels = good.clone().into_bytes();
        bad_labels[15] = b'X';
        let mut off_page = good.clone().into_bytes();
        off_page[20] = b'Z';
        off_page[21] = b'Z';
        let swapped_rows = {
            let mut bytes = good.clone().into_bytes();
            bytes.swap(18, 20);
            bytes.swap(19, 21);
            bytes
        };
        let cases: Vec<String> = vec![
            String::new(),
            "B".into(),
            "B1".into(),
            "K7M4QXC".into(),
            "k7m-4qxc".into(),
            "https://example.org/K7M-4QXC".into(),
            format!("{good}0"),
            good[..21].to_string(),
            good.replacen('B', "C", 1),
            good.replacen("B1", "B0", 1),
            good.to_lowercase(),
            String::from_utf8(changed_number).unwrap(),
            String::from_utf8(bad_labels).unwrap(),
            String::from_utf8(off_page).unwrap(),
            String::from_utf8(swapped_rows).unwrap(),
            format!("B1{}", "é".repeat(10)),
            "B1\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}"
                .into(),
            "B1".to_string() + &"Z".repeat(5000),
        ];
        for case in cases {
            assert!(matches!(parse(&case), Parsed::Other(_)), "{case:?} read as a form: {:?}", parse(&case));
        }
        // A later layout version keeps the number, store and year, without geometry.
        let later = good.replacen("B1", "B2", 1);
        let Parsed::Balise(code) = parse(&later) else { panic!("{later}") };
        assert_eq!((code.store, code.layout), (Some(tag), None));
    }

    /// An attestation's code names the store, the year and the staff member, and where its 5.10
    /// boxes and signature line are; a page before the closing one says there is nothing to read.
    #[test]
    fn an_attestation_payload_reads_back_as_printed() {
        let tag = StoreTag::of_secret(&[7; 32]);
        let year = SchoolYear::starting(2025);
        let layout = AttestationLayout { box_top_mm: 171.3, signature_line_mm: 226.9 };
        for staff_id in [1, 35, 36, 4242, MAX_GUARDIAN_ID] {
            let payload = encode_attestation(tag, year, staff_id, Some(&layout)).unwrap();
            assert_eq!(payload.len(), ATTESTATION_PAYLOAD_LEN, "QR version 2 at level Q, as the Annexe A: {payload}");
            assert!(payload.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()), "{payload}");
            let Parsed::Attestation(code) = parse(&payload) else { panic!("{payload} not read") };
            assert_eq!(code, AttestationCode { store: tag, year, staff_id, layout: Some(layout.rounded()) });
        }
        let continued = encode_attestation(tag, year, 12, None).unwrap();
        let Parsed::Attestation(code) = parse(&continued) else { panic!("{continued}") };
        assert_eq!((code.staff_id, code.layout), (12, None));
        assert_eq!(encode_attestation(tag, year, 0, Some(&layout)), None, "no staff member, no code");
        let good = encode_attestation(tag, year, 4242, Some(&layout)).unwrap();
        let swapped = format!("{}{}{}{}", &good[..8], &good[10..12], &good[8..10], &good[12..]);
        for bad in [
            format!("{good}ZZZZ"),
            good[..11].to_string(),
            good.replacen("BA", "BB", 1),
            format!("{}00000", &good[..12]),
            good.replacen("BA", "BA0", 1),
            swapped,
            good.to_lowercase(),
        ] {
            assert!(matches!(parse(&bad), Parsed::Other(_)), "{bad:?} read as {:?}", parse(&bad));
        }
        // The sheet: one question, its boxes the Annexe A's size, the signature above its line.
        let sheet = layout.sheet();
        assert_eq!(sheet.rows.len(), 1);
        assert_eq!(sheet.rows[0][1].left, ATTESTATION_BOX_LEFTS_MM[1]);
        assert!(sheet.signature.top + sheet.signature.height < layout.signature_line_mm);
    }

    #[test]
    fn positions_off_the_sheet_are_not_encoded() {
        let tag = StoreTag::default();
        let bad = Layout { signature_line_mm: 400.0, ..layout() };
        assert_eq!(encode(&number::encode(1), tag, SchoolYear::starting(2025), &bad, CopyFor::Family), None);
        assert_eq!(
            encode("K7M-4QXA", tag, SchoolYear::starting(2025), &layout(), CopyFor::Family),
            None,
            "a bad check symbol"
        );
    }

    #[test]
    fn marks_stand_between_the_unprinted_edge_and_the_content() {
        for (x, y) in MARK_CENTRES_MM {
            let (left, top) = (x - MARK_SIDE_MM / 2.0, y - MARK_SIDE_MM / 2.0);
            assert!(left >= 6.0 && top >= 6.0, "outside the unprinted edge");
            assert!(left + MARK_SIDE_MM <= PAGE_WIDTH_MM - 6.0 && top + MARK_SIDE_MM <= PAGE_HEIGHT_MM - 6.0);
            // Clear of the frame's content (18 mm at the sides, 14 mm at the top).
            assert!(left + MARK_SIDE_MM < 18.0 || left > PAGE_WIDTH_MM - 18.0);
        }
        assert!(QR_LEFT_MM + QR_SIDE_MM < MARK_CENTRES_MM[1].0 - MARK_SIDE_MM / 2.0 - 4.0);
    }
}
