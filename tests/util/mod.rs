//! Shared helpers for the integration tests: the built app binary, throwaway data directories,
//! the target directory, and the end-to-end window harness (`webview`).
#![allow(dead_code)]

pub mod scans;
pub mod webview;

use std::path::PathBuf;

/// Path of the `balise` binary that cargo built for these tests.
pub fn balise_bin() -> &'static str {
    env!("CARGO_BIN_EXE_balise")
}

/// A fresh, empty data directory, removed when dropped.
pub fn temp_data_dir() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("balise-test-").tempdir().expect("create a temporary data directory")
}

/// Cargo's target directory: `CARGO_TARGET_DIR` if set, else found from the test executable's
/// path (`<target>/<profile>/deps/tests-…`), else `<repo>/target`.
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        let dir = PathBuf::from(dir);
        return if dir.is_absolute() { dir } else { PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir) };
    }
    if let Ok(exe) = std::env::current_exe() {
        if let Some(deps) = exe.parent().filter(|d| d.ends_with("deps")) {
            if let Some(target) = deps.parent().and_then(|profile| profile.parent()) {
                return target.to_path_buf();
            }
        }
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target")
}

/// The text of a PDF as poppler's `pdftotext` reads it (layout kept).
pub fn pdf_text(pdf: &std::path::Path) -> String {
    run_pdftotext(pdf, true)
}

/// pdftotext on `pdf`, in its layout mode or in reading order.
fn run_pdftotext(pdf: &std::path::Path, layout: bool) -> String {
    let mut command = std::process::Command::new("pdftotext");
    if layout {
        command.arg("-layout");
    }
    let out = command
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/test");
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8(out.stdout).expect("pdftotext gives UTF-8")
}

/// The smallest PDF a reader opens, with `comment` as a comment line (the core's test scan).
pub fn minimal_pdf(comment: &str) -> Vec<u8> {
    balise_core::attachment::minimal_pdf(comment)
}

/// Prints a battery's figures (rounds, acknowledged, lost) where a test run shows them: stderr
/// written directly is not captured by the test harness, as `println!` is.
pub fn figures(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "figures : {line}");
}

/// A PDF of Letter pages, each showing one line of `pages` in Helvetica (ASCII text): a
/// presentation document as a school would attach it.
pub fn text_pdf(pages: &[&str]) -> Vec<u8> {
    let mut objects = vec![
        "<</Type/Catalog/Pages 2 0 R>>".to_string(),
        format!(
            "<</Type/Pages/Kids[{}]/Count {}>>",
            (0..pages.len()).map(|i| format!("{} 0 R", 4 + 2 * i)).collect::<Vec<_>>().join(" "),
            pages.len()
        ),
        "<</Type/Font/Subtype/Type1/BaseFont/Helvetica-Bold>>".to_string(),
    ];
    for (i, text) in pages.iter().enumerate() {
        objects.push(format!(
            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 3 0 R>>>>/Contents {} 0 R>>",
            5 + 2 * i
        ));
        let stream = format!("BT /F1 24 Tf 72 700 Td ({text}) Tj ET");
        objects.push(format!("<</Length {}>>stream\n{stream}\nendstream", stream.len()));
    }
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend(format!("trailer<</Size {}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
    pdf
}

/// A grey PNG of `width` × `height` (stored, uncompressed deflate blocks): an image a school
/// would attach.
pub fn grey_png(width: u32, height: u32, grey: u8) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    }
    let mut raw = Vec::new();
    for _ in 0..height {
        raw.push(0); // no filter
        raw.extend(std::iter::repeat_n(grey, width as usize));
    }
    // zlib: a header, stored blocks of at most 65,535 bytes, the Adler-32 of the data.
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (n, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(n + 1 == blocks.len()));
        let length = block.len() as u16;
        zlib.extend(length.to_le_bytes());
        zlib.extend((!length).to_le_bytes());
        zlib.extend(*block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for byte in &raw {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend(((b << 16) | a).to_be_bytes());
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend(width.to_be_bytes());
    header.extend(height.to_be_bytes());
    header.extend([8, 0, 0, 0, 0]); // 8-bit grey, deflate, no filter method, no interlace
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// The number of pages of a PDF, as poppler's `pdfinfo` reads it.
pub fn pdf_pages(pdf: &std::path::Path) -> usize {
    let out = std::process::Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo (poppler-utils) is installed");
    assert!(out.status.success(), "pdfinfo failed on {}", pdf.display());
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find(|line| line.starts_with("Pages:")).expect("pdfinfo gives the page count");
    line["Pages:".len()..].trim().parse().expect("a number of pages")
}

/// The words of a PDF's text, in reading order, joined by single spaces (no-break spaces and line
/// breaks included), so a sentence wrapped over two lines is still found.
pub fn pdf_words(pdf: &std::path::Path) -> String {
    run_pdftotext(pdf, false)
        .split(|c: char| c.is_whitespace() || c == '\u{202F}' || c == '\u{A0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
