//! Scanned stacks for the scan tests (issue 16): Balise's own printed forms rendered in grey by
//! pdftoppm as a copier would scan them, answered and signed where the page's own code says the
//! boxes are, then written as a copier writes a stack (one grey JPEG image a page, in one PDF).

use std::path::Path;

use balise_core::forms::code::Code;
use balise_core::scan::read::{self, Found, Options};
use image::{GrayImage, Luma};

/// The pages of `pdf` rendered in grey at `dpi`.
pub fn rendered_pages(pdf: &Path, dpi: u32) -> Vec<GrayImage> {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("pdftoppm")
        .args(["-gray", "-r", &dpi.to_string()])
        .arg(pdf)
        .arg(dir.path().join("p"))
        .status()
        .expect("pdftoppm (poppler-utils)");
    assert!(status.success());
    let mut files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|f| pgm(&std::fs::read(f).unwrap())).collect()
}

/// A binary PGM (P5, 8 bits) as pdftoppm writes it.
fn pgm(bytes: &[u8]) -> GrayImage {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (width, height): (u32, u32) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let data = bytes[at + 1..].to_vec();
    GrayImage::from_raw(width, height, data).unwrap()
}

/// The form the page's code names (number and layout), as the reader finds it on the blank page.
pub fn code_of(page: &GrayImage, dpi: u32) -> Code {
    match read::read_page(page, Some(dpi as f32), &Options { crops: false }).found {
        Found::Form(code) => code,
        other => panic!("a printed Annexe A carries its code: {other:?}"),
    }
}

/// Marks the page as a parent would: a pen cross in the « oui » (0) or « non » (1) box of each
/// question (`None`: left blank), and a signature on its line when `sign`.
pub fn answer(page: &mut GrayImage, dpi: u32, boxes: [Option<usize>; 2], sign: bool) {
    let layout = code_of(page, dpi).layout.expect("a form printed with its layout");
    for (question, side) in boxes.iter().enumerate() {
        let Some(side) = side else { continue };
        cross(page, dpi, layout.boxes()[question][*side]);
    }
    if sign {
        signature(page, dpi, layout.signature_area());
    }
}

/// Answers a project's printed form (issue 17) as a parent would: a cross in the boxes `ticked`
/// (by row, from 0), the others left empty, and a signature when `sign`. Returns its number.
pub fn answer_project(page: &mut GrayImage, dpi: u32, ticked: &[usize], sign: bool) -> String {
    let code = match read::read_page(page, Some(dpi as f32), &Options { crops: false }).found {
        Found::Template(code) => code,
        other => panic!("a printed project form carries its code: {other:?}"),
    };
    let sheet = code.layout.sheet();
    for row in ticked {
        cross(page, dpi, sheet.rows[*row][0]);
    }
    if sign {
        signature(page, dpi, sheet.signature);
    }
    code.number
}

/// A pen cross inside a box.
fn cross(page: &mut GrayImage, dpi: u32, rect: balise_core::forms::code::RectMm) {
    let px = |mm: f32| (mm * dpi as f32 / 25.4).round() as i64;
    let (x0, y0, size) = (px(rect.left + 0.5), px(rect.top + 0.5), px(rect.width - 1.0));
    for t in 0..=size {
        for w in -1..=1 {
            put(page, x0 + t, y0 + t + w);
            put(page, x0 + size - t, y0 + t + w);
        }
    }
}

/// A wavy pen signature in a signature's area.
fn signature(page: &mut GrayImage, dpi: u32, area: balise_core::forms::code::RectMm) {
    let px = |mm: f32| (mm * dpi as f32 / 25.4).round() as i64;
    let (x0, y0) = (px(area.left + 8.0), px(area.top + area.height * 0.55));
    for t in 0..px(45.0) {
        let y = y0 + ((t as f32 / (dpi as f32 / 20.0)).sin() * dpi as f32 / 30.0) as i64;
        for w in -1..=1 {
            put(page, x0 + t, y + w);
        }
    }
}

fn put(page: &mut GrayImage, x: i64, y: i64) {
    if x >= 0 && y >= 0 && (x as u32) < page.width() && (y as u32) < page.height() {
        page.put_pixel(x as u32, y as u32, Luma([25]));
    }
}

/// A blank sheet (the back of a two-sided scan) the size of `like`.
pub fn blank_like(like: &GrayImage) -> GrayImage {
    GrayImage::from_pixel(like.width(), like.height(), Luma([250]))
}

/// The stack as a copier writes it: one grey JPEG image a Letter page, in one PDF.
pub fn stack_pdf(pages: &[GrayImage]) -> Vec<u8> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let tree = doc.new_object_id();
    let mut kids = Vec::new();
    for page in pages {
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80).encode_image(page).unwrap();
        let mut stream = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => page.width() as i64,
                "Height" => page.height() as i64, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
                "Filter" => "DCTDecode",
            },
            jpeg,
        );
        stream.allows_compression = false;
        let image = doc.add_object(stream);
        let content = doc.add_object(Stream::new(dictionary! {}, b"q 612 0 0 792 0 0 cm /Im0 Do Q".to_vec()));
        let id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => tree,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image } },
            "Contents" => content,
        });
        kids.push(Object::Reference(id));
    }
    let count = kids.len() as i64;
    doc.objects.insert(tree, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Answers a printed 5.9 attestation as a staff member would: a pen cross in its art. 5.10
/// « oui » (0) or « non » (1) box (`None`: left blank), and a signature on the staff member's line
/// when `sign`. Returns the staff member's id its code names.
pub fn answer_attestation(page: &mut GrayImage, dpi: u32, side: Option<usize>, sign: bool) -> u32 {
    let code = match read::read_page(page, Some(dpi as f32), &Options { crops: false }).found {
        Found::Attestation(code) => code,
        other => panic!("a printed attestation naming its staff member carries its code: {other:?}"),
    };
    let sheet = code.layout.expect("the closing page").sheet();
    if let Some(side) = side {
        cross(page, dpi, sheet.rows[0][side]);
    }
    if sign {
        signature(page, dpi, sheet.signature);
    }
    code.staff_id
}
