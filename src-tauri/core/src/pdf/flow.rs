//! The page flow every printed document shares, so that a document describes its content only:
//! the margins (`Frame`), pages filled from the top with a new page (and its running header) when
//! a block does not fit, tables whose header row is drawn again on every page they run onto, and
//! the footer with « Page N de M » once the count is known; and the organisation's logo, which
//! every document's first header draws with `logo` or `logo_beside` (a document's own header knows
//! what stands beside it: the Annexe A's QR code, a confidentiality box).

use super::fonts::Face;
use super::image::Image;
use super::page::{Align, Page, Stroke, TextStyle, LETTER_HEIGHT_MM, LETTER_WIDTH_MM};

/// Where content goes on a Letter page, in millimetres from the top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub left_mm: f32,
    pub right_mm: f32,
    pub top_mm: f32,
    /// The footer's rule; the footer's text sits just under it.
    pub footer_top_mm: f32,
    /// Content ends here: a block that would go past it starts a new page.
    pub bottom_mm: f32,
}

impl Frame {
    /// `side_mm` on each side, `top_mm` at the top, the footer rule 16 mm above the bottom edge
    /// and the content ending `gap_mm` above that rule.
    pub const fn letter(side_mm: f32, top_mm: f32, gap_mm: f32) -> Frame {
        let footer_top_mm = LETTER_HEIGHT_MM - 16.0;
        Frame {
            left_mm: side_mm,
            right_mm: LETTER_WIDTH_MM - side_mm,
            top_mm,
            footer_top_mm,
            bottom_mm: footer_top_mm - gap_mm,
        }
    }

    pub const fn width_mm(&self) -> f32 {
        self.right_mm - self.left_mm
    }
}

/// The frame of most documents: 18 mm sides, 15 mm top, content up to 3 mm above the footer.
pub const STANDARD: Frame = Frame::letter(18.0, 15.0, 3.0);

/// The footer's text style: small and grey.
pub const FOOTER_STYLE: TextStyle = TextStyle::new(Face::Sans, 8.5).with_line_height(1.2).with_grey(0.35);

/// The standard footer: a grey rule, `left` under it, « Page N de M » on the right.
pub fn footer(page: &mut Page, frame: &Frame, left: &str, number: usize, count: usize) {
    let y = footer_rule(page, frame);
    page.text(frame.left_mm, y, FOOTER_STYLE, left);
    page.text_aligned(frame.right_mm, y, FOOTER_STYLE, Align::Right, &format!("Page {number} de {count}"));
}

/// The footer's rule alone, for a document whose footer says more; returns where its text goes.
pub fn footer_rule(page: &mut Page, frame: &Frame) -> f32 {
    page.horizontal_line(frame.left_mm, frame.right_mm, frame.footer_top_mm, Stroke::new(0.5, 0.45));
    frame.footer_top_mm + 1.5
}

/// Calls `footer(page, number, count)` on every page, once the count is known.
pub fn number_pages(pages: &mut [Page], mut footer: impl FnMut(&mut Page, usize, usize)) {
    let count = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        footer(page, index + 1, count);
    }
}

/// The logo's height on every document: a letterhead's, small beside the Annexe A's QR code.
pub const LOGO_HEIGHT_MM: f32 = 14.0;
/// The widest a logo prints; a wide one is made lower to keep its proportions.
pub const LOGO_MAX_WIDTH_MM: f32 = 45.0;
/// Between the logo and what follows it.
pub const LOGO_GAP_MM: f32 = 4.0;

/// The organisation's logo (Paramètres) with its top-left corner at (`x`, `y`): 14 mm high, or
/// lower when it would be wider than 45 mm, its proportions kept. Returns its width and height;
/// `None`, drawing nothing, without a logo.
pub fn logo(page: &mut Page, x: f32, y: f32, logo: Option<&Image>) -> Option<(f32, f32)> {
    logo_within(page, x, y, logo, (LOGO_MAX_WIDTH_MM, LOGO_HEIGHT_MM))
}

/// As `logo`, within a smaller box (`max_width_mm`, `height_mm`): beside a column of text that
/// must keep its width, or a title whose line it must not make taller.
pub fn logo_within(
    page: &mut Page,
    x: f32,
    y: f32,
    logo: Option<&Image>,
    (max_width_mm, height_mm): (f32, f32),
) -> Option<(f32, f32)> {
    let logo = logo?;
    let aspect = logo.aspect();
    let (mut width, mut height) = (height_mm * aspect, height_mm);
    if width > max_width_mm {
        (width, height) = (max_width_mm, max_width_mm / aspect);
    }
    page.image(logo, x, y, width, height);
    Some((width, height))
}

/// The logo at the top left of a first header, its title beside it: drawn at (`x`, `y`), it
/// returns the x where the title's lines start and the y under the logo, below which the header's
/// other lines go. Without a logo, (`x`, `y`) themselves: the page is as it always was.
pub fn logo_beside(page: &mut Page, x: f32, y: f32, image: Option<&Image>) -> (f32, f32) {
    match logo(page, x, y, image) {
        Some((width, height)) => (x + width + LOGO_GAP_MM, y + height),
        None => (x, y),
    }
}

/// Pages filled from the top. A new page gets the document's running header (which returns
/// where the content starts under it).
pub struct Flow<'h> {
    pub frame: Frame,
    pages: Vec<Page>,
    /// Where the next block starts on the current page.
    pub y: f32,
    running_header: Box<dyn FnMut(&mut Page) -> f32 + 'h>,
}

impl<'h> Flow<'h> {
    /// A flow with one page, started with the running header.
    pub fn new(frame: Frame, running_header: impl FnMut(&mut Page) -> f32 + 'h) -> Flow<'h> {
        let mut flow = Flow { frame, pages: Vec::new(), y: frame.top_mm, running_header: Box::new(running_header) };
        flow.new_page();
        flow
    }

    /// A flow whose first page the document drew itself (a title page, a fuller first header),
    /// its content continuing at `y`.
    pub fn starting_with(
        frame: Frame,
        first: Page,
        y: f32,
        running_header: impl FnMut(&mut Page) -> f32 + 'h,
    ) -> Flow<'h> {
        Flow { frame, pages: vec![first], y, running_header: Box::new(running_header) }
    }

    /// The page being filled.
    pub fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a flow always has a page")
    }

    /// Starts a new page under its running header.
    pub fn new_page(&mut self) {
        let mut page = Page::letter();
        self.y = (self.running_header)(&mut page);
        self.pages.push(page);
    }

    /// Makes room for a block of `height_mm`: a new page when it would go past the frame's
    /// bottom. Returns whether a page was started.
    pub fn room(&mut self, height_mm: f32) -> bool {
        if self.y + height_mm <= self.frame.bottom_mm {
            return false;
        }
        self.new_page();
        true
    }

    /// Draws a block with `draw(page, y) -> y below it` at the current place.
    pub fn draw(&mut self, draw: impl FnOnce(&mut Page, f32) -> f32) {
        let y = self.y;
        let page = self.pages.last_mut().expect("a flow always has a page");
        self.y = draw(page, y);
    }

    /// Rows of a table, each `height(row)` high: `header(page, y, continued)` is drawn first and
    /// again at the top of every page the rows run onto, with `continued` true there (to say
    /// « Classe 601 (suite) »). Each function takes the page and the y to draw at and returns the
    /// y below.
    pub fn table<R>(
        &mut self,
        rows: &[R],
        height: impl Fn(&R) -> f32,
        mut header: impl FnMut(&mut Page, f32, bool) -> f32,
        mut row: impl FnMut(&mut Page, f32, &R) -> f32,
    ) {
        self.draw(|page, y| header(page, y, false));
        for item in rows {
            if self.room(height(item)) {
                self.draw(|page, y| header(page, y, true));
            }
            self.draw(|page, y| row(page, y, item));
        }
    }

    /// The pages, to be numbered and rendered.
    pub fn finish(self) -> Vec<Page> {
        self.pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROW: f32 = 10.0;

    /// A table longer than a page repeats its header on each new page, under the running header.
    #[test]
    fn a_table_repeats_its_header_on_every_page_it_runs_onto() {
        let mut flow = Flow::new(STANDARD, |page| page.text(STANDARD.left_mm, STANDARD.top_mm, FOOTER_STYLE, "Titre"));
        let rows: Vec<usize> = (0..60).collect();
        let mut headers = Vec::new();
        let mut placed = Vec::new();
        flow.table(
            &rows,
            |_| ROW,
            |_, y, continued| {
                headers.push((y, continued));
                y + ROW
            },
            |_, y, row| {
                placed.push((*row, y));
                y + ROW
            },
        );
        let pages = flow.finish();
        assert!(pages.len() >= 3, "{} pages", pages.len());
        assert_eq!(headers.len(), pages.len(), "one header row per page");
        assert!(!headers[0].1 && headers[1..].iter().all(|(_, continued)| *continued), "{headers:?}");
        assert_eq!(placed.len(), 60, "every row drawn once");
        assert!(placed.iter().all(|(_, y)| *y + ROW <= STANDARD.bottom_mm), "no row past the bottom");
    }

    #[test]
    fn a_frame_is_its_margins() {
        let frame = Frame::letter(20.0, 16.0, 4.0);
        assert_eq!((frame.left_mm, frame.right_mm), (20.0, LETTER_WIDTH_MM - 20.0));
        assert_eq!(frame.width_mm(), LETTER_WIDTH_MM - 40.0);
        assert_eq!(frame.footer_top_mm - frame.bottom_mm, 4.0, "content ends 4 mm above the footer rule");
    }

    #[test]
    fn the_footer_numbers_every_page_once_the_count_is_known() {
        let mut pages = vec![Page::letter(), Page::letter(), Page::letter()];
        let mut seen = Vec::new();
        number_pages(&mut pages, |_, number, count| seen.push((number, count)));
        assert_eq!(seen, vec![(1, 3), (2, 3), (3, 3)]);
    }
}
