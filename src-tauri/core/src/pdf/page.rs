//! A Letter page drawn in millimetres from its top-left corner: text, wrapped paragraphs, rules
//! and boxes. A `Page` borrows nothing, so the pages of a batch can be built on several threads.

use printpdf::{
    Color, Greyscale, Line as PdfLine, LinePoint, Mm, Op, PaintMode, PdfFontHandle, PdfPage, Point, Pt, Rect, TextItem,
    TextMatrix,
};

use super::fonts::Face;
use super::wrap::{wrap, Span};

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
    ops: Vec<Op>,
    // The graphics state printpdf will be in when the page is drawn, to skip redundant operators
    // (a 1,000-page batch would otherwise repeat them on every line).
    font: Option<(Face, f32)>,
    fill_grey: f32,
    stroke: Stroke,
}

impl Page {
    pub fn letter() -> Page {
        Page::new(LETTER_WIDTH_MM, LETTER_HEIGHT_MM)
    }

    pub fn new(width_mm: f32, height_mm: f32) -> Page {
        Page {
            width_mm,
            height_mm,
            ops: Vec::with_capacity(256),
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
        self.ops.push(Op::EndTextSection);
        y_mm + style.line_height_mm()
    }

    /// A paragraph wrapped to `width_mm`; spans may switch between regular, bold and mono (the
    /// style's face is not used). Returns the y below its last line.
    pub fn paragraph(&mut self, x_mm: f32, y_mm: f32, width_mm: f32, style: TextStyle, spans: &[Span<'_>]) -> f32 {
        let lines = wrap(spans, style.size_pt, width_mm);
        if lines.is_empty() {
            return y_mm;
        }
        self.begin_text(style.grey);
        let mut top = y_mm;
        for line in &lines {
            let runs = line.runs.iter().map(|run| (run.face, run.text.as_str()));
            self.show_line(x_mm, top + style.baseline_offset_mm(), style.size_pt, runs);
            top += style.line_height_mm();
        }
        self.ops.push(Op::EndTextSection);
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
        let point = |x: f32| LinePoint { p: Point::new(Mm(x), Mm(y)), bezier: false };
        self.ops
            .push(Op::DrawLine { line: PdfLine { points: vec![point(x_from_mm), point(x_to_mm)], is_closed: false } });
    }

    /// The outline of a rectangle whose top-left corner is at (`x_mm`, `y_mm`).
    pub fn rectangle(&mut self, x_mm: f32, y_mm: f32, width_mm: f32, height_mm: f32, stroke: Stroke) {
        self.set_stroke(stroke);
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Mm(x_mm).into(),
                y: Mm(self.height_mm - y_mm - height_mm).into(),
                width: Mm(width_mm).into(),
                height: Mm(height_mm).into(),
                mode: Some(PaintMode::Stroke),
                winding_order: None,
            },
        });
    }

    /// An empty square to tick by hand. Liberation has no ☐ glyph, so boxes are drawn.
    pub fn checkbox(&mut self, x_mm: f32, y_mm: f32, side_mm: f32) {
        self.rectangle(x_mm, y_mm, side_mm, side_mm, Stroke::new(0.8, 0.0));
    }

    pub(crate) fn into_pdf_page(self) -> PdfPage {
        PdfPage::new(Mm(self.width_mm), Mm(self.height_mm), self.ops)
    }

    fn begin_text(&mut self, grey: f32) {
        self.ops.push(Op::StartTextSection);
        if grey != self.fill_grey {
            self.ops.push(Op::SetFillColor { col: grey_color(grey) });
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
        let x: Pt = Mm(x_mm).into();
        let y: Pt = Mm(self.height_mm - baseline_mm).into();
        // An absolute text matrix: SetTextCursor is PDF `Td`, relative to the previous line.
        self.ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(x, y) });
        for (face, text) in runs {
            if self.font != Some((face, size_pt)) {
                self.ops.push(Op::SetFont { font: PdfFontHandle::External(face.font_id()), size: Pt(size_pt) });
                self.font = Some((face, size_pt));
            }
            self.ops.push(Op::ShowText { items: vec![TextItem::Text(face.printable_text(text).into_owned())] });
        }
    }

    fn set_stroke(&mut self, stroke: Stroke) {
        if stroke.thickness_pt != self.stroke.thickness_pt {
            self.ops.push(Op::SetOutlineThickness { pt: Pt(stroke.thickness_pt) });
        }
        if stroke.grey != self.stroke.grey {
            self.ops.push(Op::SetOutlineColor { col: grey_color(stroke.grey) });
        }
        self.stroke = stroke;
    }
}

#[cfg(test)]
impl Page {
    /// The text of the first text operator, to check which page is which.
    pub(crate) fn first_text(&self) -> Option<String> {
        self.ops.iter().find_map(|op| match op {
            Op::ShowText { items } => items.iter().find_map(|item| match item {
                TextItem::Text(text) => Some(text.clone()),
                _ => None,
            }),
            _ => None,
        })
    }
}

const MM_PER_PT: f32 = 25.4 / 72.0;

fn grey_color(grey: f32) -> Color {
    Color::Greyscale(Greyscale { percent: grey.clamp(0.0, 1.0), icc_profile: None })
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
        let set_fonts = page.ops.iter().filter(|op| matches!(op, Op::SetFont { .. })).count();
        let set_fills = page.ops.iter().filter(|op| matches!(op, Op::SetFillColor { .. })).count();
        assert_eq!((set_fonts, set_fills), (1, 0));
        page.text(MARGIN_MM, 90.0, style.with_grey(0.4), "gris");
        page.text(MARGIN_MM, 96.0, style.with_face(Face::SansBold), "gras");
        let set_fonts = page.ops.iter().filter(|op| matches!(op, Op::SetFont { .. })).count();
        let set_fills = page.ops.iter().filter(|op| matches!(op, Op::SetFillColor { .. })).count();
        assert_eq!((set_fonts, set_fills), (2, 2));
    }

    #[test]
    fn boxes_are_placed_from_the_top_left_corner() {
        let mut page = Page::letter();
        page.rectangle(20.0, 30.0, 50.0, 10.0, Stroke::new(1.0, 0.0));
        let Some(Op::DrawRectangle { rectangle }) = page.ops.last() else { panic!("no rectangle") };
        let bottom: Pt = Mm(LETTER_HEIGHT_MM - 40.0).into();
        assert!((rectangle.y.0 - bottom.0).abs() < 1e-3);
        assert_eq!(rectangle.mode, Some(PaintMode::Stroke));
    }
}
