//! QR codes drawn on a page as vector rectangles, so they stay sharp at any printer resolution
//! and survive a photocopy: used for the form number of every Annexe A and the code of every
//! attestation, with the corner marks a reader registers the page with (`forms::code`).

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{bits, ec, Color, EcLevel};

use super::page::Page;
use super::PdfError;

/// The four corner marks a reader registers a returned page with
/// (`forms::code::MARK_CENTRES_MM`): solid squares between the printer's unprinted edge and the
/// content, on every page that carries a reader's code.
pub fn corner_marks(page: &mut Page) {
    use crate::forms::code;
    let half = code::MARK_SIDE_MM / 2.0;
    let squares = code::MARK_CENTRES_MM.map(|(x, y)| [x - half, y - half, code::MARK_SIDE_MM, code::MARK_SIDE_MM]);
    page.fill_rectangles(&squares, 0.0);
}

/// The light margin around the code that readers need to find it (ISO/IEC 18004: 4 modules).
pub const QUIET_ZONE_MODULES: usize = 4;

/// Draws a QR code of `text` whose square, quiet zone included, has its top-left corner at
/// (`x_mm`, `y_mm`) and sides of `side_mm`, with error correction `ec`. At H about 30 % of the
/// modules can be lost to a staple, a pen stroke or a poor copy, at Q 25 %. The Annexe A's
/// payload (22 alphanumeric characters, `forms::code`) fits version 2 at Q (25 × 25 modules), so
/// at 23.2 mm a module is 0.7 mm wide, which office scanners read at 150 dpi and more; at H it
/// would need version 3 and modules of 0.63 mm.
///
/// Runs of dark modules are merged into rectangles (about a hundred for a form number rather
/// than two hundred squares) and painted as one path.
pub fn draw_qr_code(
    page: &mut Page,
    x_mm: f32,
    y_mm: f32,
    side_mm: f32,
    text: &str,
    ec: EcLevel,
) -> Result<(), PdfError> {
    let (modules, width) = qr_modules(text, ec)?;
    let module_mm = side_mm / (width + 2 * QUIET_ZONE_MODULES) as f32;
    let origin_x = x_mm + QUIET_ZONE_MODULES as f32 * module_mm;
    let origin_y = y_mm + QUIET_ZONE_MODULES as f32 * module_mm;
    let rectangles: Vec<[f32; 4]> = dark_blocks(&modules, width)
        .into_iter()
        .map(|block| {
            [
                origin_x + block.column as f32 * module_mm,
                origin_y + block.row as f32 * module_mm,
                block.columns as f32 * module_mm,
                block.rows as f32 * module_mm,
            ]
        })
        .collect();
    page.fill_rectangles(&rectangles, 0.0);
    Ok(())
}

/// The modules of the QR code of `text` (row by row, `true` for dark) and its width.
///
/// This is what `qrcode::QrCode::with_error_correction_level` computes, mask choice included,
/// but about ten times faster: qrcode scores the eight masks with a boxed closure per module,
/// 0.15 ms a code, which was a third of the time of a batch of 1,000 forms. The scores here
/// are the same (ISO/IEC 18004 rules as qrcode applies them), so the same mask is chosen; a
/// test compares the two.
fn qr_modules(text: &str, level: EcLevel) -> Result<(Vec<Color>, usize), PdfError> {
    let qr_error = |error: qrcode::types::QrError| PdfError::QrCode(error.to_string());
    let bits = bits::encode_auto(text.as_bytes(), level).map_err(qr_error)?;
    let version = bits.version();
    let data = bits.into_bytes();
    let (data_codewords, ec_codewords) = ec::construct_codewords(&data, version, level).map_err(qr_error)?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data_codewords, &ec_codewords);
    let width = version.width() as usize;
    let best = MASKS
        .iter()
        .map(|pattern| {
            let mut masked = canvas.clone();
            masked.apply_mask(*pattern);
            masked.into_colors()
        })
        .min_by_key(|modules| penalty(modules, width))
        .unwrap_or_default();
    Ok((best, width))
}

/// The masks in the order qrcode tries them (the first of equal scores wins).
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// How hard a masked symbol is to read (ISO/IEC 18004, 7.8.3): long runs of one colour, 2 × 2
/// blocks, patterns that look like a finder, and an unbalanced dark ratio. Lower is better.
fn penalty(modules: &[Color], width: usize) -> u32 {
    let dark = |x: usize, y: usize| modules[y * width + x] == Color::Dark;
    let mut score = 0;
    for horizontal in [true, false] {
        let at = |line: usize, k: usize| if horizontal { dark(k, line) } else { dark(line, k) };
        for line in 0..width {
            // Runs of five modules or more of one colour: 3 + (run − 5).
            let mut run = 1;
            for k in 1..=width {
                if k < width && at(line, k) == at(line, k - 1) {
                    run += 1;
                } else {
                    if run >= 5 {
                        score += run - 2;
                    }
                    run = 1;
                }
            }
            // « dark light dark dark dark light dark » with four light modules on one side at
            // least (outside the symbol counts as light): 40 each.
            for start in 0..width.saturating_sub(6) {
                let looks_like_finder = (0..7).all(|k| at(line, start + k) == FINDER[k]);
                if !looks_like_finder {
                    continue;
                }
                let dark_in =
                    |from: isize, to: isize| (from..to).any(|k| k >= 0 && (k as usize) < width && at(line, k as usize));
                let start = start as isize;
                if !dark_in(start - 4, start) || !dark_in(start + 7, start + 11) {
                    score += 40;
                }
            }
        }
    }
    // 2 × 2 blocks of one colour: 3 each.
    for y in 0..width - 1 {
        for x in 0..width - 1 {
            let colour = dark(x, y);
            if dark(x + 1, y) == colour && dark(x, y + 1) == colour && dark(x + 1, y + 1) == colour {
                score += 3;
            }
        }
    }
    // Distance of the dark ratio from one half, in per cent × 2.
    let dark_count = modules.iter().filter(|module| **module == Color::Dark).count();
    let ratio = dark_count * 200 / modules.len();
    score + ratio.abs_diff(100) as u32
}

const FINDER: [bool; 7] = [true, false, true, true, true, false, true];

/// A rectangle of dark modules, in modules from the code's top-left corner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Block {
    row: usize,
    column: usize,
    rows: usize,
    columns: usize,
}

/// Covers the dark modules with rectangles: each row's runs of dark modules, a run extended
/// downwards while the rows below have a run with exactly the same ends.
fn dark_blocks(modules: &[Color], width: usize) -> Vec<Block> {
    let mut finished = Vec::new();
    // Blocks still growing downwards, keyed by their columns.
    let mut open: Vec<Block> = Vec::new();
    for row in 0..width {
        let line = &modules[row * width..(row + 1) * width];
        let mut runs = Vec::new();
        let mut column = 0;
        while column < width {
            if line[column] == Color::Dark {
                let start = column;
                while column < width && line[column] == Color::Dark {
                    column += 1;
                }
                runs.push((start, column - start));
            } else {
                column += 1;
            }
        }
        let mut still_open = Vec::with_capacity(runs.len());
        for (start, length) in runs {
            match open.iter().position(|block| block.column == start && block.columns == length) {
                Some(index) => {
                    let mut block = open.swap_remove(index);
                    block.rows += 1;
                    still_open.push(block);
                }
                None => still_open.push(Block { row, column: start, rows: 1, columns: length }),
            }
        }
        finished.append(&mut open);
        open = still_open;
    }
    finished.append(&mut open);
    finished
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::QrCode;

    #[test]
    fn blocks_cover_exactly_the_dark_modules() {
        for text in ["K7M-4QXC", "23A-ZZZ9", "https://example.org/un-texte-plus-long?x=1"] {
            let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::H).unwrap();
            let width = code.width();
            let colors = code.to_colors();
            let blocks = dark_blocks(&colors, width);
            let mut covered = vec![0u8; width * width];
            for block in &blocks {
                for row in block.row..block.row + block.rows {
                    for column in block.column..block.column + block.columns {
                        covered[row * width + column] += 1;
                    }
                }
            }
            for (index, color) in colors.iter().enumerate() {
                let expected = u8::from(*color == Color::Dark);
                assert_eq!(covered[index], expected, "module {index} of {text:?} covered {} times", covered[index]);
            }
            let dark = colors.iter().filter(|c| **c == Color::Dark).count();
            assert!(blocks.len() * 2 < dark, "{} blocks for {dark} dark modules: runs were not merged", blocks.len());
        }
    }

    #[test]
    fn a_form_number_fits_the_smallest_version() {
        let (modules, width) = qr_modules("K7M-4QXC", EcLevel::H).unwrap();
        assert_eq!((width, modules.len()), (21, 21 * 21), "version 1 keeps modules large enough for a photocopy");
        // The Annexe A's payload (`forms::code`, 22 alphanumeric characters) fits version 2 at Q.
        let (_, width) = qr_modules("B1K7M4QXC7QF225F2Q3M8Z", EcLevel::Q).unwrap();
        assert_eq!(width, 25);
    }

    /// The fast mask choice must pick what qrcode would: same modules, for many numbers.
    #[test]
    fn the_same_code_as_qrcode_computes() {
        let texts = (0..300).map(crate::forms::number::encode).chain(["https://example.org/?a=1".to_string()]);
        let payloads =
            (0..100).map(|serial| format!("B1{}7QF225F2Q3M8Z", crate::forms::number::encode(serial).replace('-', "")));
        for (text, level) in texts.map(|t| (t, EcLevel::H)).chain(payloads.map(|t| (t, EcLevel::Q))) {
            let reference = QrCode::with_error_correction_level(text.as_bytes(), level).unwrap();
            let (modules, width) = qr_modules(&text, level).unwrap();
            assert_eq!(width, reference.width());
            assert!(modules == reference.to_colors(), "{text}: another mask was chosen");
        }
    }
}
