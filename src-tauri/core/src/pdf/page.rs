//! A Letter page drawn in millimetres from its top-left corner: text, wrapped paragraphs, rules
//! and boxes. A `Page` borrows nothing, so the pages of a batch can be built on several threads.
//!
//! A page writes its PDF content stream as it is drawn (operators in points, from the bottom-left
//! corner), except the glyph codes of its text: those depend on the font subset, known only once
//! every page of the document is drawn, and `document.rs` splices them in (`Page::content`).

use std::fmt::Write as _;
use std::ops::Range;

use super::fonts::Face;
use super::image::Image;
use super::wrap::{wrap, Line, Span};

/// US Letter, the paper in Quebec school offices.
pub const LETTER_WIDTH_MM: f32 = 215.9;
pub const LETTER_HEIGHT_MM: f32 = 279.4;
/// Default margin on every side. Office printers commonly cannot print the outer 4 to 6 mm of a
/// sheet, so layouts keep to at least 12 mm; 20 mm reads calmer.
pub const MARGIN_MM: f32 = 20.0;

/// How a piece of text looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextStyle {
    pub face: Face,
    pub size_pt: f32,
    /// Distance between baselines, as a multiple of the size.
    pub line_height: f32,
    /// 0 is black, 1 is white (PDF DeviceGray).
    pub grey: f32,
}

impl TextStyle {
    pub const fn new(face: Face, size_pt: f32) -> Self {
        TextStyle { face, size_pt, line_height: 1.3, grey: 0.0 }
    }

    pub const fn with_line_height(self, line_height: f32) -> Self {
        TextStyle { line_height, ..self }
    }

    pub const fn with_grey(self, grey: f32) -> Self {
        TextStyle { grey, ..self }
    }

    pub const fn with_face(self, face: Face) -> Self {
        TextStyle { face, ..self }
    }

    /// Height of one line of this style, in millimetres.
    pub fn line_height_mm(&self) -> f32 {
        self.size_pt * self.line_height * MM_PER_PT
    }

    /// Distance from the top of a line box to its baseline: the ascent plus half of the extra
    /// leading (as in CSS), so text sits in the same place whatever its line height. Useful to
    /// draw a fill-in rule on the baseline of a label.
    pub fn baseline_offset_mm(&self) -> f32 {
        let size_mm = self.size_pt * MM_PER_PT;
        let content = self.face.ascent_em() + self.face.descent_em();
        (self.line_height - content) / 2.0 * size_mm + self.face.ascent_em() * size_mm
    }
}

/// Where a single line of text stands relative to its x.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// x is the left edge.
    Left,
    /// x is the middle.
    Center,
    /// x is the right edge.
    Right,
}

/// How a line or a box outline is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    pub thickness_pt: f32,
    /// 0 is black, 1 is white.
    pub grey: f32,
}

impl Stroke {
    pub const fn new(thickness_pt: f32, grey: f32) -> Self {
        Stroke { thickness_pt, grey }
    }
}

/// One page of a document. Coordinates are millimetres from the top-left corner, y growing
/// downwards; text positions are the top of the line box, and each text method returns the y just
/// below what it drew so a layout can flow down the page.
///
/// Text is printed as given: run French prose through `fr_typography` first.
#[derive(Clone, Debug)]
pub struct Page {
    width_mm: f32,
    height_mm: f32,
    /// The content stream, without the glyph codes of text strings.
    content: String,
    /// Where each text string goes in `content`, and its glyphs.
    strings: Vec<GlyphString>,
    /// The original glyph ids of every string, one after the other.
    glyphs: Vec<u16>,
    /// The images the content names (`/Name Do`), each once.
    images: Vec<Image>,
    // The graphics state the viewer will be in, to skip redundant operators (a 1,000-page batch
    // would otherwise repeat them on every line). PDF starts with black and 1 pt lines.
    font: Option<(Face, f32)>,
    fill_grey: f32,
    stroke: Stroke,
}

/// A text string of a page: shown with `face`, to be written at byte `at` of the content.
#[derive(Clone, Debug)]
pub(crate) struct GlyphString {
    pub at: usize,
    pub face: Face,
    pub glyphs: Range<usize>,
}

impl Page {
    pub fn letter() -> Page {
        Page::new(LETTER_WIDTH_MM, LETTER_HEIGHT_MM)
    }

    pub fn new(width_mm: f32, height_mm: f32) -> Page {
        Page {
            width_mm,
            height_mm,
            content: String::with_capacity(8 * 1024),
            strings: Vec::with_capacity(64),
            glyphs: Vec::with_capacity(4 * 1024),
            images: Vec::new(),
            font: None,
            fill_grey: 0.0,
            stroke: Stroke::new(1.0, 0.0),
        }
    }

    pub fn width_mm(&self) -> f32 {
        self.width_mm
    }

    pub fn height_mm(&self) -> f32 {
        self.height_mm
    }

    /// One line of text with its left edge at `x_mm`. Returns the y below it.
    pub fn text(&mut self, x_mm: f32, y_mm: f32, style: TextStyle, text: &str) -> f32 {
        self.text_aligned(x_mm, y_mm, style, Align::Left, text)
    }

    /// One line of text placed by `align` relative to `x_mm` (no wrapping). Returns the y below it.
    pub fn text_aligned(&mut self, x_mm: f32, y_mm: f32, style: TextStyle, align: Align, text: &str) -> f32 {
        let width = style.face.text_width_mm(text, style.size_pt);
        let left = match align {
            Align::Left => x_mm,
            Align::Center => x_mm - width / 2.0,
            Align::Right => x_mm - width,
        };
        self.begin_text(style.grey);
        self.show_line(left, y_mm + style.baseline_offset_mm(), style.size_pt, [(style.face, text)]);
        self.content.push_str("ET\n");
        y_mm + style.line_height_mm()
    }

    /// A paragraph wrapped to `width_mm`; spans may switch between regular, bold and mono (the
    /// style's face is not used). Returns the y below its last line.
    pub fn paragraph(&mut self, x_mm: f32, y_mm: f32, width_mm: f32, style: TextStyle, spans: &[Span<'_>]) -> f32 {
        let lines = wrap(spans, style.size_pt, width_mm);
        self.lines(x_mm, y_mm, style, &lines)
    }

    /// Lines already wrapped by `wrap` at the style's size, one below the other. A document that
    /// prints the same paragraph on every page of a batch wraps it once and draws it with this.
    /// Returns the y below the last line.
    pub fn lines(&mut self, x_mm: f32, y_mm: f32, style: TextStyle, lines: &[Line]) -> f32 {
        if lines.is_empty() {
            return y_mm;
        }
        self.begin_text(style.grey);
        let mut top = y_mm;
        for line in lines {
            let runs = line.runs.iter().map(|run| (run.face, run.text.as_str()));
            self.show_line(x_mm, top + style.baseline_offset_mm(), style.size_pt, runs);
            top += style.line_height_mm();
        }
        self.content.push_str("ET\n");
        top
    }

    /// A paragraph of plain text in the style's face, wrapped to `width_mm`.
    pub fn paragraph_text(&mut self, x_mm: f32, y_mm: f32, width_mm: f32, style: TextStyle, text: &str) -> f32 {
        self.paragraph(x_mm, y_mm, width_mm, style, &[Span { text, face: style.face }])
    }

    /// A list item: `marker` (a bullet, « 1. ») at `x_mm` and the text wrapped beside it with a
    /// hanging indent of 1.6 em, or more if the marker is wider. Returns the y below it.
    pub fn list_item(
        &mut self,
        x_mm: f32,
        y_mm: f32,
        width_mm: f32,
        style: TextStyle,
        marker: &str,
        spans: &[Span<'_>],
    ) -> f32 {
        let em_mm = style.size_pt * MM_PER_PT;
        let marker_mm = style.face.text_width_mm(marker, style.size_pt);
        let indent_mm = (1.6 * em_mm).max(marker_mm + 0.5 * em_mm);
        self.text(x_mm, y_mm, style, marker);
        self.paragraph(x_mm + indent_mm, y_mm, width_mm - indent_mm, style, spans)
    }

    /// A horizontal rule at `y_mm`.
    pub fn horizontal_line(&mut self, x_from_mm: f32, x_to_mm: f32, y_mm: f32, stroke: Stroke) {
        self.set_stroke(stroke);
        let y = self.height_mm - y_mm;
        let content = &mut self.content;
        for value in [x_from_mm, y] {
            write_number(content, mm_to_pt(value));
        }
        content.push_str("m ");
        for value in [x_to_mm, y] {
            write_number(content, mm_to_pt(value));
        }
        content.push_str("l S\n");
    }

    /// The outline of a rectangle whose top-left corner is at (`x_mm`, `y_mm`).
    pub fn rectangle(&mut self, x_mm: f32, y_mm: f32, width_mm: f32, height_mm: f32, stroke: Stroke) {
        self.set_stroke(stroke);
        self.push_rectangle(x_mm, y_mm, width_mm, height_mm);
        self.content.push_str("S\n");
    }

    /// An empty square to tick by hand. Liberation has no ☐ glyph, so boxes are drawn.
    pub fn checkbox(&mut self, x_mm: f32, y_mm: f32, side_mm: f32) {
        self.rectangle(x_mm, y_mm, side_mm, side_mm, Stroke::new(0.8, 0.0));
    }

    /// Filled rectangles, each `[x, y, width, height]` from its top-left corner, painted as one
    /// path: where they touch, no hairline seam shows, as it can between shapes filled one by one
    /// (a QR code's modules must print as solid blocks).
    pub fn fill_rectangles(&mut self, rectangles: &[[f32; 4]], grey: f32) {
        if rectangles.is_empty() {
            return;
        }
        self.set_fill(grey);
        for &[x, y, width, height] in rectangles {
            self.push_rectangle(x, y, width, height);
        }
        self.content.push_str("f\n");
    }

    /// `image` stretched over the rectangle whose top-left corner is at (`x_mm`, `y_mm`): keep its
    /// proportions by choosing the rectangle (`flow::logo` does).
    pub fn image(&mut self, image: &Image, x_mm: f32, y_mm: f32, width_mm: f32, height_mm: f32) {
        // Its own graphics state: the image's matrix does not leak into what follows.
        self.content.push_str("q\n");
        let bottom = self.height_mm - y_mm - height_mm;
        for value in [width_mm, 0.0, 0.0, height_mm, x_mm, bottom] {
            write_number(&mut self.content, mm_to_pt(value));
        }
        let _ = writeln!(self.content, "cm\n/{} Do\nQ", image.name());
        if !self.images.iter().any(|known| known.name() == image.name()) {
            self.images.push(image.clone());
        }
    }

    /// The images the page shows.
    pub(crate) fn images(&self) -> &[Image] {
        &self.images
    }

    /// The content stream with the glyph codes written by `code` (the subset font's code of an
    /// original glyph id of a face). Codes are two bytes (Identity-H) in literal strings: half
    /// the size of hexadecimal, which a 1,000-page batch feels when it compresses its streams.
    pub(crate) fn content(&self, mut code: impl FnMut(Face, u16) -> u16) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.content.len() + 2 * self.glyphs.len() + 4 * self.strings.len());
        let mut copied = 0;
        for string in &self.strings {
            bytes.extend_from_slice(&self.content.as_bytes()[copied..string.at]);
            copied = string.at;
            bytes.push(b'(');
            for glyph in &self.glyphs[string.glyphs.clone()] {
                for byte in code(string.face, *glyph).to_be_bytes() {
                    // ISO 32000-1, 7.3.4.2: parentheses and backslashes are escaped, and line ends
                    // too, which a reader would otherwise turn into a plain line feed.
                    match byte {
                        b'(' | b')' | b'\\' => bytes.extend_from_slice(&[b'\\', byte]),
                        b'\r' => bytes.extend_from_slice(b"\\r"),
                        b'\n' => bytes.extend_from_slice(b"\\n"),
                        _ => bytes.push(byte),
                    }
                }
            }
            bytes.push(b')');
        }
        bytes.extend_from_slice(&self.content.as_bytes()[copied..]);
        bytes
    }

    /// Each text string's face and original glyph ids.
    pub(crate) fn glyph_strings(&self) -> impl Iterator<Item = (Face, &[u16])> {
        self.strings.iter().map(|string| (string.face, &self.glyphs[string.glyphs.clone()]))
    }

    fn push_rectangle(&mut self, x_mm: f32, y_mm: f32, width_mm: f32, height_mm: f32) {
        let bottom = self.height_mm - y_mm - height_mm;
        for value in [x_mm, bottom, width_mm, height_mm] {
            write_number(&mut self.content, mm_to_pt(value));
        }
        self.content.push_str("re\n");
    }

    fn begin_text(&mut self, grey: f32) {
        self.content.push_str("BT\n");
        self.set_fill(grey);
    }

    fn set_fill(&mut self, grey: f32) {
        if grey != self.fill_grey {
            write_number(&mut self.content, grey.clamp(0.0, 1.0));
            self.content.push_str("g\n");
            self.fill_grey = grey;
        }
    }

    /// Draws runs one after the other from (`x_mm`, baseline); inside a text section.
    fn show_line<'t>(
        &mut self,
        x_mm: f32,
        baseline_mm: f32,
        size_pt: f32,
        runs: impl IntoIterator<Item = (Face, &'t str)>,
    ) {
        // An absolute text matrix (`Tm`): `Td` would be relative to the previous line.
        self.content.push_str("1 0 0 1 ");
        write_number(&mut self.content, mm_to_pt(x_mm));
        write_number(&mut self.content, mm_to_pt(self.height_mm - baseline_mm));
        self.content.push_str("Tm\n");
        for (face, text) in runs {
            if self.font != Some((face, size_pt)) {
                let _ = write!(self.content, "/{} ", face.resource_name());
                write_number(&mut self.content, size_pt);
                self.content.push_str("Tf\n");
                self.font = Some((face, size_pt));
            }
            let start = self.glyphs.len();
            self.glyphs.extend(text.chars().map(|c| face.glyph_id(c)));
            self.strings.push(GlyphString { at: self.content.len(), face, glyphs: start..self.glyphs.len() });
            self.content.push_str(" Tj\n");
        }
    }

    fn set_stroke(&mut self, stroke: Stroke) {
        if stroke.thickness_pt != self.stroke.thickness_pt {
            write_number(&mut self.content, stroke.thickness_pt);
            self.content.push_str("w\n");
        }
        if stroke.grey != self.stroke.grey {
            write_number(&mut self.content, stroke.grey.clamp(0.0, 1.0));
            self.content.push_str("G\n");
        }
        self.stroke = stroke;
    }
}

#[cfg(test)]
impl Page {
    /// The text of each string shown, in order, to check which page is which.
    pub(crate) fn texts(&self) -> Vec<String> {
        self.glyph_strings()
            .map(|(face, glyphs)| glyphs.iter().map(|glyph| face.char_of_glyph(*glyph).unwrap_or('\u{FFFD}')).collect())
            .collect()
    }

    /// The content stream with every glyph code written as `AA`, for tests of the operators.
    pub(crate) fn operators(&self) -> String {
        String::from_utf8(self.content(|_, _| u16::from_be_bytes(*b"AA"))).expect("ASCII")
    }
}

const MM_PER_PT: f32 = 25.4 / 72.0;

fn mm_to_pt(mm: f32) -> f32 {
    mm / MM_PER_PT
}

/// Writes `value` and a space, with at most three decimals (a thousandth of a point is far below
/// any printer's dot) and no trailing zeros, as PDF numbers are written.
fn write_number(out: &mut String, value: f32) {
    let thousandths = (f64::from(value) * 1000.0).round() as i64;
    if thousandths < 0 {
        out.push('-');
    }
    let magnitude = thousandths.unsigned_abs();
    let _ = write!(out, "{}", magnitude / 1000);
    let mut fraction = magnitude % 1000;
    if fraction != 0 {
        out.push('.');
        let mut divisor = 100;
        while fraction != 0 {
            out.push(char::from(b'0' + (fraction / divisor) as u8));
            fraction %= divisor;
            divisor /= 10;
        }
    }
    out.push(' ');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flowing_text_moves_down_by_line_heights() {
        let mut page = Page::letter();
        let style = TextStyle::new(Face::Sans, 12.0);
        let y = page.text(MARGIN_MM, 30.0, style, "Bonjour");
        assert!((y - (30.0 + style.line_height_mm())).abs() < 1e-4);
        let words = "mot ".repeat(200);
        let below = page.paragraph_text(MARGIN_MM, y, 100.0, style, &words);
        let lines = wrap(&[Span::regular(&words)], 12.0, 100.0).len();
        assert!(lines > 3);
        assert!((below - (y + lines as f32 * style.line_height_mm())).abs() < 1e-3);
        assert_eq!(page.paragraph_text(MARGIN_MM, below, 100.0, style, ""), below);
    }

    #[test]
    fn fonts_and_colours_are_set_only_when_they_change() {
        let mut page = Page::letter();
        let style = TextStyle::new(Face::Sans, 11.0);
        for row in 0..10 {
            page.text(MARGIN_MM, 20.0 + row as f32 * 6.0, style, "ligne");
        }
        let count = |page: &Page, operator: &str| page.operators().lines().filter(|l| l.ends_with(operator)).count();
        assert_eq!((count(&page, " Tf"), count(&page, " g"), count(&page, " Tj")), (1, 0, 10));
        page.text(MARGIN_MM, 90.0, style.with_grey(0.4), "gris");
        page.text(MARGIN_MM, 96.0, style.with_face(Face::SansBold), "gras");
        assert_eq!((count(&page, " Tf"), count(&page, " g")), (2, 2));
        assert_eq!(page.texts().last().map(String::as_str), Some("gras"));
    }

    #[test]
    fn boxes_are_placed_from_the_top_left_corner() {
        let mut page = Page::letter();
        page.rectangle(20.0, 30.0, 50.0, 10.0, Stroke::new(1.0, 0.0));
        // x, bottom edge, width and height in points, then stroked.
        let bottom = mm_to_pt(LETTER_HEIGHT_MM - 40.0);
        let expected = format!("56.693 {} 141.732 28.346 re\nS\n", (bottom * 1000.0).round() / 1000.0);
        assert_eq!(page.operators(), expected);
        page.fill_rectangles(&[[0.0, 0.0, 1.0, 1.0], [1.0, 0.0, 1.0, 1.0]], 0.0);
        assert!(page.operators().ends_with(" re\nf\n"), "touching squares are filled as one path");
    }

    #[test]
    fn numbers_are_written_as_pdf_expects() {
        let written = |value: f32| {
            let mut out = String::new();
            write_number(&mut out, value);
            out
        };
        for (value, expected) in [(0.0, "0 "), (12.0, "12 "), (0.35, "0.35 "), (-3.5, "-3.5 "), (791.9996, "792 ")] {
            assert_eq!(written(value), expected, "{value}");
        }
        assert_eq!(written(-0.0001), "0 ");
    }

    #[test]
    fn text_is_left_out_of_the_content_until_its_codes_are_known() {
        let mut page = Page::letter();
        page.text(MARGIN_MM, 20.0, TextStyle::new(Face::Mono, 10.0), "Aé");
        let a = Face::Mono.glyph_id('A');
        let e = Face::Mono.glyph_id('é');
        assert!(a != 0 && e != 0);
        let content = page.content(|_, glyph| if glyph == a { 0x4142 } else { 0x0A28 });
        let expected: &[u8] = b"(AB\\n\\() Tj";
        assert!(content.windows(expected.len()).any(|w| w == expected), "{}", String::from_utf8_lossy(&content));
        assert_eq!(page.texts(), ["Aé"]);
    }
}
