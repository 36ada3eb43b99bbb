//! The three typefaces compiled into Balise (Liberation Sans, Sans Bold, Mono), parsed once per
//! process, and the glyph-advance measuring that word-wrapping and alignment rely on.

use std::sync::LazyLock;

use printpdf::{FontId, ParsedFont};

/// A typeface embedded in every PDF that uses it (subset to the glyphs used).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    /// Liberation Sans Regular: body text.
    Sans,
    /// Liberation Sans Bold: titles, headings, emphasis.
    SansBold,
    /// Liberation Mono Regular: codes that must be read back character by character.
    Mono,
}

impl Face {
    pub const ALL: [Face; 3] = [Face::Sans, Face::SansBold, Face::Mono];

    /// Width of `text` set on one line at `size_pt`, in millimetres, without kerning (a page
    /// writes none either, so this is what ends up on paper).
    pub fn text_width_mm(self, text: &str, size_pt: f32) -> f32 {
        let metrics = self.metrics();
        let units: u32 = text.chars().map(|c| u32::from(metrics.advance(self.printable(c)))).sum();
        units as f32 / metrics.units_per_em * size_pt * MM_PER_PT
    }

    /// Whether the font has a glyph for `c` (after the substitutions `printable` makes).
    pub fn has_glyph(self, c: char) -> bool {
        self.metrics().glyph(self.printable(c)).is_some()
    }

    /// Characters of `text` this face would print as an empty box, in order of appearance.
    /// Callers that print names typed by people can warn about them before printing.
    pub fn missing_glyphs(self, text: &str) -> Vec<char> {
        let mut missing: Vec<char> = Vec::new();
        for c in text.chars() {
            if !c.is_control() && !self.has_glyph(c) && !missing.contains(&c) {
                missing.push(c);
            }
        }
        missing
    }

    /// Distance from the baseline to the top of the tallest glyphs, as a fraction of the size.
    pub fn ascent_em(self) -> f32 {
        self.metrics().ascent_em
    }

    /// Distance from the baseline to the bottom of the descenders, as a fraction of the size.
    pub fn descent_em(self) -> f32 {
        self.metrics().descent_em
    }

    /// The character actually sent to the PDF for `c`. Liberation Mono has no NARROW NO-BREAK
    /// SPACE (U+202F) that `fr_typography` puts before « ; ! ? », so it falls back to the full
    /// no-break space there rather than printing an empty box.
    pub(crate) fn printable(self, c: char) -> char {
        match c {
            '\u{202F}' | '\u{2009}' if self.metrics().glyph(c).is_none() => '\u{A0}',
            _ => c,
        }
    }

    /// The resource name the pages use for this face. It is fixed (printpdf would otherwise draw
    /// a random one per `add_font`) so pages can be built before, and apart from, the document.
    /// printpdf also takes its first six characters as the subset tag (`BALSRG+LiberationSans`),
    /// which must be six capital letters (ISO 32000-1, 9.6.4), different for each face.
    pub(crate) fn font_id(self) -> FontId {
        FontId(self.resource_name().to_string())
    }

    /// The face's name in a page's resources, as in `/BALSRG 11 Tf`.
    pub(crate) fn resource_name(self) -> &'static str {
        match self {
            Face::Sans => "BALSRG",
            Face::SansBold => "BALSBD",
            Face::Mono => "BALMRG",
        }
    }

    /// The face whose resource name is `name`.
    pub(crate) fn from_resource_name(name: &[u8]) -> Option<Face> {
        Face::ALL.into_iter().find(|face| face.resource_name().as_bytes() == name)
    }

    /// The glyph printed for `c` (after `printable`), 0 (.notdef, an empty box) when the face has none.
    pub(crate) fn glyph_id(self, c: char) -> u16 {
        let metrics = self.metrics();
        let c = self.printable(c);
        let code = c as u32;
        if code < TABLE_END {
            metrics.glyph_ids[code as usize]
        } else {
            metrics.glyph(c).unwrap_or(0)
        }
    }

    /// The character a glyph stands for in extracted text (the lowest code point drawn with it,
    /// so a no-break space reads back as a space when both share a glyph); `None` for glyphs
    /// reached only from code points past the Latin and punctuation blocks.
    pub(crate) fn char_of_glyph(self, glyph: u16) -> Option<char> {
        self.metrics().chars_by_glyph.get(usize::from(glyph)).copied().flatten()
    }

    pub(crate) fn parsed_font(self) -> &'static ParsedFont {
        &self.metrics().parsed
    }

    fn metrics(self) -> &'static FaceMetrics {
        match self {
            Face::Sans => &SANS,
            Face::SansBold => &SANS_BOLD,
            Face::Mono => &MONO,
        }
    }
}

const MM_PER_PT: f32 = 25.4 / 72.0;

// The faces as build.rs compressed them (zlib); each is inflated once, when first parsed.
static SANS_TTF_Z: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/LiberationSans-Regular.ttf.z"));
static SANS_BOLD_TTF_Z: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/LiberationSans-Bold.ttf.z"));
static MONO_TTF_Z: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/LiberationMono-Regular.ttf.z"));

// Parsing a face takes milliseconds and a batch of 1,000 pages measures every word, so each face is
// parsed on first use and then shared by every page and thread of the process.
static SANS: LazyLock<FaceMetrics> = LazyLock::new(|| FaceMetrics::parse(&inflate(SANS_TTF_Z), "Sans"));
static SANS_BOLD: LazyLock<FaceMetrics> = LazyLock::new(|| FaceMetrics::parse(&inflate(SANS_BOLD_TTF_Z), "Sans Bold"));
static MONO: LazyLock<FaceMetrics> = LazyLock::new(|| FaceMetrics::parse(&inflate(MONO_TTF_Z), "Mono"));

/// The TrueType bytes of a face compiled in compressed. Like parsing, a failure is a broken build.
fn inflate(compressed: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut bytes = Vec::new();
    flate2::read::ZlibDecoder::new(compressed).read_to_end(&mut bytes).expect("embedded font inflates");
    bytes
}

/// Advances up to this code point are looked up once into a table: it covers Latin, the general
/// punctuation block (no-break spaces, dashes, guillemets) and the euro sign.
const TABLE_END: u32 = 0x2100;

/// Marks a code point without a glyph in the advance table.
const NO_GLYPH: u16 = u16::MAX;

struct FaceMetrics {
    parsed: ParsedFont,
    units_per_em: f32,
    ascent_em: f32,
    descent_em: f32,
    /// Advance in font units of each code point below `TABLE_END`, or `NO_GLYPH`.
    table: Vec<u16>,
    /// Advance of glyph 0 (.notdef), which is what a page prints for a missing character.
    notdef_advance: u16,
    /// Glyph of each code point below `TABLE_END`, 0 when there is none.
    glyph_ids: Vec<u16>,
    /// The lowest code point below `TABLE_END` drawn with each glyph.
    chars_by_glyph: Vec<Option<char>>,
}

impl FaceMetrics {
    fn parse(bytes: &[u8], name: &str) -> FaceMetrics {
        // The bytes are compiled in and parsed by this module's tests, so a failure here is a
        // broken build, not a condition a school could meet at run time.
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
            .unwrap_or_else(|| panic!("embedded font Liberation {name} does not parse"));
        let pdf_metrics = &parsed.pdf_font_metrics;
        let units_per_em = f32::from(pdf_metrics.units_per_em.max(1));
        let ascent_em = f32::from(pdf_metrics.ascender) / units_per_em;
        let descent_em = -f32::from(pdf_metrics.descender) / units_per_em;
        let notdef_advance = parsed.get_horizontal_advance(0);
        let glyph_ids: Vec<u16> = (0..TABLE_END).map(|code| lookup(&parsed, code).unwrap_or(0)).collect();
        let table = glyph_ids
            .iter()
            .map(|gid| if *gid == 0 { NO_GLYPH } else { parsed.get_horizontal_advance(*gid) })
            .collect();
        let glyph_count = glyph_ids.iter().copied().max().map_or(0, |max| usize::from(max) + 1);
        let mut chars_by_glyph = vec![None; glyph_count];
        for (code, gid) in glyph_ids.iter().enumerate().rev() {
            if *gid != 0 {
                chars_by_glyph[usize::from(*gid)] = char::from_u32(code as u32);
            }
        }
        FaceMetrics { parsed, units_per_em, ascent_em, descent_em, table, notdef_advance, glyph_ids, chars_by_glyph }
    }

    fn glyph(&self, c: char) -> Option<u16> {
        lookup(&self.parsed, c as u32)
    }

    fn advance(&self, c: char) -> u16 {
        let code = c as u32;
        if code < TABLE_END {
            match self.table[code as usize] {
                NO_GLYPH => self.notdef_advance,
                advance => advance,
            }
        } else {
            self.glyph(c).map_or(self.notdef_advance, |gid| self.parsed.get_horizontal_advance(gid))
        }
    }
}

/// Glyph id for a code point; glyph 0 is .notdef, which means "no glyph" as much as `None` does.
fn lookup(parsed: &ParsedFont, code: u32) -> Option<u16> {
    parsed.lookup_glyph_index(code).filter(|gid| *gid != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_face_parses_and_knows_french_letters() {
        for face in Face::ALL {
            for c in "àâäçéèêëîïôöùûüÿœæÀÂÇÉÈÊËÎÏÔÙÛÜŒ«»’—–".chars() {
                assert!(face.has_glyph(c), "{face:?} lacks {c}");
            }
            assert!(face.ascent_em() > 0.5 && face.ascent_em() < 1.2);
            assert!(face.descent_em() > 0.0 && face.descent_em() < 0.5);
        }
    }

    #[test]
    fn widths_are_additive_and_scale_with_size() {
        let face = Face::Sans;
        let whole = face.text_width_mm("Clé de récupération", 12.0);
        let parts = face.text_width_mm("Clé de ", 12.0) + face.text_width_mm("récupération", 12.0);
        assert!((whole - parts).abs() < 1e-3);
        let double = face.text_width_mm("Clé de récupération", 24.0);
        assert!((double - 2.0 * whole).abs() < 1e-3);
        // Liberation Sans is metric-compatible with Arial: "M" is 0.833 em wide.
        let m_width = face.text_width_mm("M", 72.0);
        assert!((m_width - 0.833 * 25.4).abs() < 0.1, "M at 72 pt measured {m_width} mm");
    }

    #[test]
    fn mono_is_monospaced_and_lacks_only_the_narrow_space() {
        let a = Face::Mono.text_width_mm("K7QM", 20.0);
        let b = Face::Mono.text_width_mm("-- i", 20.0);
        assert!((a - b).abs() < 1e-3);
        assert!(Face::Sans.metrics().glyph('\u{202F}').is_some());
        assert!(Face::Mono.metrics().glyph('\u{202F}').is_none());
        assert_eq!(Face::Mono.printable('\u{202F}'), '\u{A0}');
        assert_eq!(Face::Sans.printable('\u{202F}'), '\u{202F}');
        assert!(Face::Mono.missing_glyphs("a\u{202F}?").is_empty());
    }

    #[test]
    fn missing_glyphs_are_reported_once() {
        assert_eq!(Face::Sans.missing_glyphs("École 学校学"), vec!['学', '校']);
        assert!(Face::Sans.missing_glyphs("Zoë Ñúñez-Łukasz").is_empty());
    }
}
