//! Reading printed PDFs back in tests, as a person's viewer would: text with poppler's
//! `pdftotext`, pixels with `pdftoppm` (poppler-utils, which `scripts/test` installs).

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The text of a PDF as `pdftotext` reads it: `layout` keeps the columns and spacing of the page.
pub(crate) fn pdftotext(bytes: &[u8], layout: bool) -> String {
    let path = temp_pdf(bytes);
    let mut command = Command::new("pdftotext");
    if layout {
        command.arg("-layout");
    }
    let output = command.arg(&path).arg("-").output();
    let _ = std::fs::remove_file(&path);
    let output = output.expect("pdftotext (poppler-utils) is needed by the PDF tests: apt-get install poppler-utils");
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    // poppler reports a malformed file (a bad stream, font or cross-reference) on stderr and
    // carries on: a clean file says nothing.
    assert!(output.stderr.is_empty(), "poppler found problems: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("pdftotext output is UTF-8")
}

/// The text of each page, split on the form feed `pdftotext` puts after every page.
pub(crate) fn pages_text(bytes: &[u8]) -> Vec<String> {
    let text = pdftotext(bytes, false);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    // The last form feed ends the last page.
    if pages.last().is_some_and(|last| last.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Collapses every kind of space and line break to one ordinary space.
pub(crate) fn flatten(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{202F}' || c == '\u{A0}')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A grey-level picture of one page.
pub(crate) struct GreyImage {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

/// Page `page` (from 1) rendered by `pdftoppm` at `dpi` in grey levels.
pub(crate) fn render_grey(bytes: &[u8], page: usize, dpi: u32) -> GreyImage {
    let path = temp_pdf(bytes);
    let output = Command::new("pdftoppm")
        .args(["-gray", "-r", &dpi.to_string(), "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(&path)
        .output();
    let _ = std::fs::remove_file(&path);
    let output = output.expect("pdftoppm (poppler-utils) is needed by the PDF tests: apt-get install poppler-utils");
    assert!(output.status.success(), "pdftoppm failed: {}", String::from_utf8_lossy(&output.stderr));
    parse_pgm(&output.stdout)
}

/// Writes page `page` as `target/screenshots/{name}.png` at `dpi`, for a person to look at.
pub(crate) fn screenshot(bytes: &[u8], page: usize, dpi: u32, name: &str) -> PathBuf {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&folder).expect("create target/screenshots");
    let path = temp_pdf(bytes);
    let stem = folder.join(name);
    let status = Command::new("pdftoppm")
        .args(["-png", "-singlefile", "-r", &dpi.to_string(), "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(&path)
        .arg(&stem)
        .status()
        .expect("pdftoppm (poppler-utils) is needed by the PDF tests");
    let _ = std::fs::remove_file(&path);
    assert!(status.success(), "pdftoppm failed on {name}");
    stem.with_extension("png")
}

/// The images each page shows, as `pdfimages -list` reads them: `(page, type, width, height)`
/// per line, `type` being `image` or `smask` (an image's transparency).
pub(crate) fn images_list(bytes: &[u8]) -> Vec<(usize, String, u32, u32)> {
    let path = temp_pdf(bytes);
    let output = Command::new("pdfimages").arg("-list").arg(&path).output();
    let _ = std::fs::remove_file(&path);
    let output = output.expect("pdfimages (poppler-utils) is needed by the PDF tests");
    assert!(output.status.success(), "pdfimages failed: {}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty(), "poppler found problems: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .skip(2)
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let number = |i: usize| fields[i].parse::<u32>().expect("a number in pdfimages' list");
            (number(0) as usize, fields[2].to_string(), number(3), number(4))
        })
        .collect()
}

/// The pages (from 1) that show an image.
pub(crate) fn pages_with_images(bytes: &[u8]) -> Vec<usize> {
    let mut pages: Vec<usize> =
        images_list(bytes).into_iter().filter(|(_, kind, _, _)| kind == "image").map(|(page, ..)| page).collect();
    pages.dedup();
    pages
}

/// Balise's icon (128 × 128, transparent corners) as the organisation's logo.
pub(crate) fn logo() -> super::Image {
    image_of(crate::logo::tests::ICON, "icone.png")
}

/// A wide logo, 600 × 120 (five to one): printed 45 mm wide and 9 mm high.
pub(crate) fn wide_logo() -> super::Image {
    image_of(&crate::logo::tests::wide_png(), "bandeau.png")
}

fn image_of(bytes: &[u8], name: &str) -> super::Image {
    let logo = crate::logo::check(&crate::attachment::NewAttachment::new(name, bytes.to_vec())).expect("a good logo");
    super::Image::of_logo(&logo)
}

/// A binary PGM (P5, 8 bits), as `pdftoppm -gray` writes it.
fn parse_pgm(data: &[u8]) -> GreyImage {
    let mut fields = Vec::new();
    let mut position = 0;
    while fields.len() < 4 {
        while data[position].is_ascii_whitespace() {
            position += 1;
        }
        if data[position] == b'#' {
            while data[position] != b'\n' {
                position += 1;
            }
            continue;
        }
        let start = position;
        while !data[position].is_ascii_whitespace() {
            position += 1;
        }
        fields.push(std::str::from_utf8(&data[start..position]).expect("PGM header").to_string());
    }
    assert_eq!(fields[0], "P5", "pdftoppm -gray should write a binary PGM");
    let width: usize = fields[1].parse().expect("PGM width");
    let height: usize = fields[2].parse().expect("PGM height");
    assert_eq!(fields[3], "255");
    let pixels = data[position + 1..].to_vec();
    assert_eq!(pixels.len(), width * height, "truncated PGM");
    GreyImage { width, height, pixels }
}

fn temp_pdf(bytes: &[u8]) -> PathBuf {
    // One file per call: the tests run in parallel threads of one process.
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("balise-pdf-test-{}-{call}.pdf", std::process::id()));
    std::fs::write(&path, bytes).expect("write a temporary PDF");
    path
}

/// Page `page` (from 1) rendered by `pdftoppm` at `dpi`, as the scanned-stack reader takes it.
pub(crate) fn scanned(bytes: &[u8], page: usize, dpi: u32) -> image::GrayImage {
    let grey = render_grey(bytes, page, dpi);
    image::GrayImage::from_raw(grey.width as u32, grey.height as u32, grey.pixels).expect("a whole page")
}

/// A pen stroke drawn on a page image from `a` to `b`, in mm from the sheet's top-left corner
/// (a mark in a box, a signature).
pub(crate) fn pen_stroke(image: &mut image::GrayImage, dpi: u32, a: (f32, f32), b: (f32, f32)) {
    let px = dpi as f32 / 25.4;
    let steps = (((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt() * px * 2.0) as usize + 1;
    for step in 0..=steps {
        let t = step as f32 / steps as f32;
        let (x, y) = ((a.0 + t * (b.0 - a.0)) * px, (a.1 + t * (b.1 - a.1)) * px);
        for dy in -2..=2 {
            for dx in -2..=2 {
                image.put_pixel((x as i32 + dx) as u32, (y as i32 + dy) as u32, image::Luma([20]));
            }
        }
    }
}
