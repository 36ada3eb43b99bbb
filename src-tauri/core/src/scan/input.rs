//! The input side of reading a scanned stack (issue 16): the files a copier produces (a PDF with
//! one image a page, a multi-page TIFF, a PNG, a JPEG) become a stack of pages, each decoded only
//! when asked into an 8-bit grey image (0 black, 255 white, whatever the source's polarity) with
//! its resolution, and each able to give its original (the page alone, to store as that form's
//! scan).
//!
//! Opening a stack reads each file through `crate::input` (`Kind::Stack`, so a 2 GB file is
//! refused from its size before a byte is read) and lists its pages without decoding any image: a
//! PDF is parsed with lopdf with its image streams left out (only their place in the file is
//! kept), so the file is held once in memory whatever its size, and every page's image found
//! (inside a form XObject too), checked and planned. `Stack` is `Sync`: pages are decoded one at
//! a time or in parallel (`stack.page(i)` from rayon or threads), never all held. Every size a file declares is checked
//! before anything is allocated for it (at most 12,000 pixels a side and 100 megapixels, the
//! bounds the store puts on a scan, `attachment::MAX_SCAN_SIDE`), and a compressed image is read
//! only as far as its declared size.
//!
//! A file that cannot be read at all (encrypted, cut short, not an image, too large, a PDF with no
//! scanned page) is an `Error` in French; a page that is not one scanned image (text, drawings,
//! several images) or whose image cannot be decoded is a `PageError` of that page only, for the
//! « pages non classées ».

use std::io::{Cursor, Read};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use image::GrayImage;
use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::attachment::{self, MediaType};
use crate::error::{Error, Result};
use crate::input;

/// The largest side of a page's image, in pixels (the store's bound on a scan).
pub const MAX_SIDE: u32 = attachment::MAX_SCAN_SIDE;
/// The most pixels a page's image may have (the store's bound on a scan).
pub const MAX_PIXELS: u64 = attachment::MAX_SCAN_PIXELS;
/// The most pages a stack may have across its files: 10,000 sheets is far past any school's
/// returns, and bounds what a file's page tree may claim.
pub const MAX_PAGES: usize = 10_000;
/// The resolution assumed when a file says none: a US Letter page (215.9 × 279.4 mm) filling it.
const LETTER_INCHES: (f32, f32) = (8.5, 11.0);
/// An image counts as the page's scan when it covers at least this share of the page.
const COVERING: f32 = 0.5;
/// The most a page's content stream may decompress to (a scan's is a few dozen bytes).
const MAX_CONTENT_BYTES: usize = 16 * 1024 * 1024;

/// A stack of scanned pages from one or more files, in the order given. Nothing is decoded until a
/// page is asked for; `Sync`, so pages may be decoded in parallel.
pub struct Stack {
    files: Vec<Arc<Source>>,
    /// For each page of the stack: its file and its index in that file (from 0).
    pages: Vec<(usize, usize)>,
}

/// Where a page stands in the stack: enough to name it to a person, even when it cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRef {
    /// Its place in the whole stack, from 1, across the files in the order they were given.
    pub index: usize,
    /// The name of its file (the file name alone, never its folder).
    pub file: String,
    /// Its place in its file, from 1.
    pub page_in_file: usize,
}

/// One page, decoded.
pub struct Page {
    pub at: PageRef,
    /// The page upright as the file shows it (a PDF page's `/Rotate` and the image's placement
    /// applied), 8 bits, 0 black and 255 white.
    pub image: GrayImage,
    /// Its resolution across and down, in dots per inch.
    pub dpi: Dpi,
    source: Arc<Source>,
    in_file: usize,
}

/// A page's resolution, in dots per inch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dpi {
    pub x: f32,
    pub y: f32,
    /// True when the file said nothing and the page was assumed to be US Letter wide.
    pub assumed: bool,
}

impl Dpi {
    /// The mean of both directions (a fax scan may be 204 × 196).
    pub fn mean(&self) -> f32 {
        (self.x + self.y) / 2.0
    }
}

/// A page alone, as it came from the copier, to store as that form's scan (`attachment`):
/// - from a PDF, a one-page PDF holding the page's image stream byte for byte (a JPEG stays that
///   JPEG, a G4 page that G4 data), drawn where the stack's page drew it;
/// - from a PNG or JPEG file, the file's bytes unchanged (the file is that one page);
/// - from a TIFF page, a PNG of the page: 1 bit a pixel when the page was black and white, else
///   8-bit grey (a colour TIFF page is kept in grey: the form is read in grey anyway).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Original {
    pub media_type: MediaType,
    pub bytes: Vec<u8>,
}

/// Why one page of a stack gives no image. The rest of the stack is read; the page goes to the
/// « pages non classées ».
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageError {
    /// Not the image of a sheet: text, drawings, no image covering the page, or several.
    NotAScan,
    /// Its image declares more pixels than a scan has.
    TooLarge { width: u64, height: u64 },
    /// Its image is coded in a way Balise does not decode.
    Unsupported { what: &'static str, what_en: &'static str },
    /// Its image is damaged or cut short.
    Damaged,
}

impl PageError {
    /// A stable code for the interface and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            PageError::NotAScan => "page_not_a_scan",
            PageError::TooLarge { .. } => "page_too_large",
            PageError::Unsupported { .. } => "page_unsupported",
            PageError::Damaged => "page_damaged",
        }
    }

    /// What a person reads, in French.
    pub fn message(&self) -> String {
        match self {
            PageError::NotAScan => "Cette page n'est pas l'image d'une feuille numérisée (du texte, des dessins, ou plusieurs images) : elle n'est pas lue.".into(),
            PageError::TooLarge { width, height } => format!("L'image de cette page fait {width} × {height} pixels : une numérisation en a bien moins (au plus 12 000 pixels de côté et 100 mégapixels). Numérisez-la de nouveau à 300 ppp."),
            PageError::Unsupported { what, .. } => format!("L'image de cette page est codée en {what}, que Balise ne lit pas. Réglez le copieur en JPEG ou en noir et blanc (G4), puis numérisez-la de nouveau."),
            PageError::Damaged => "L'image de cette page est endommagée ou incomplète. Numérisez-la de nouveau.".into(),
        }
    }

    /// The same in English.
    pub fn message_en(&self) -> String {
        match self {
            PageError::NotAScan => "This page is not the image of a scanned sheet (text, drawings, or several images): it is not read.".into(),
            PageError::TooLarge { width, height } => format!("This page's image is {width} × {height} pixels: a scan has far fewer (at most 12,000 pixels a side and 100 megapixels). Scan it again at 300 dpi."),
            PageError::Unsupported { what_en, .. } => format!("This page's image is coded as {what_en}, which Balise does not read. Set the copier to JPEG or black and white (G4), then scan it again."),
            PageError::Damaged => "This page's image is damaged or incomplete. Scan it again.".into(),
        }
    }
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for PageError {}

/// A file of the stack: its bytes, held once, and what its pages are.
struct Source {
    name: String,
    bytes: Vec<u8>,
    kind: SourceKind,
}

enum SourceKind {
    /// Each page's image, planned (or why the page has none).
    Pdf(Vec<std::result::Result<PdfImage, PageError>>),
    /// A TIFF's page count.
    Tiff(usize),
    Png,
    Jpeg,
}

impl Stack {
    /// Opens the files of a stack, in order: each through `crate::input`, its pages listed, no
    /// image decoded. A file that cannot be read at all refuses the whole stack (nothing is read
    /// from a stack half understood).
    pub fn open<P: AsRef<Path>>(paths: &[P]) -> Result<Stack> {
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            let path = path.as_ref();
            let bytes = input::read(path, input::Kind::Stack)?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            files.push((name, bytes));
        }
        Stack::from_files(files)
    }

    /// A stack from files already in memory (the window sends a file's bytes): `(name, bytes)` in
    /// order. The name is a file name as a person gave it, shown in messages.
    pub fn from_files(files: Vec<(String, Vec<u8>)>) -> Result<Stack> {
        if files.is_empty() {
            return Err(Error::ScanStackEmpty);
        }
        let mut stack = Stack { files: Vec::with_capacity(files.len()), pages: Vec::new() };
        for (name, bytes) in files {
            let name = attachment::display_name(&name);
            if bytes.len() as u64 > input::Kind::Stack.max_bytes() {
                return Err(Error::ScanStackTooLarge {
                    name,
                    megabytes: format!("{:.0}", bytes.len() as f64 / (1024.0 * 1024.0)),
                    limit: input::Kind::Stack.max_bytes() >> 20,
                });
            }
            let source = Source::open(name, bytes)?;
            let count = source.page_count();
            if stack.pages.len() + count > MAX_PAGES {
                return Err(damaged(&source.name, "plus de 10 000 pages", "more than 10,000 pages"));
            }
            let file = stack.files.len();
            stack.pages.extend((0..count).map(|in_file| (file, in_file)));
            stack.files.push(Arc::new(source));
        }
        Ok(stack)
    }

    /// The number of pages across all files.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// Where page `index` (from 1) stands. Panics outside `1..=len()`.
    pub fn page_ref(&self, index: usize) -> PageRef {
        let (file, in_file) = self.pages[index - 1];
        PageRef { index, file: self.files[file].name.clone(), page_in_file: in_file + 1 }
    }

    /// Decodes page `index` (from 1). Panics outside `1..=len()`. Each call decodes anew: keep
    /// the page while it is needed, drop it after.
    pub fn page(&self, index: usize) -> std::result::Result<Page, PageError> {
        let (file, in_file) = self.pages[index - 1];
        let source = &self.files[file];
        let (image, dpi) = source.decode(in_file)?;
        Ok(Page { at: self.page_ref(index), image, dpi, source: Arc::clone(source), in_file })
    }

    /// Every page in order, decoded one at a time as the iterator is walked.
    pub fn pages(&self) -> impl Iterator<Item = (PageRef, std::result::Result<Page, PageError>)> + '_ {
        (1..=self.len()).map(|index| (self.page_ref(index), self.page(index)))
    }

    /// The original of page `index` (from 1), without decoding it first when it comes from a PDF,
    /// a PNG or a JPEG. Panics outside `1..=len()`.
    pub fn original(&self, index: usize) -> std::result::Result<Original, PageError> {
        let (file, in_file) = self.pages[index - 1];
        self.files[file].original(in_file)
    }
}

impl Page {
    /// This page alone as it came from the copier, to store as its form's scan (see `Original`).
    pub fn original(&self) -> std::result::Result<Original, PageError> {
        self.source.original(self.in_file)
    }
}

impl Source {
    fn open(name: String, bytes: Vec<u8>) -> Result<Source> {
        let kind = if bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
            SourceKind::Pdf(pdf_plan(&name, &bytes)?)
        } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
            SourceKind::Tiff(tiff_count(&name, &bytes)?)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            SourceKind::Png
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            SourceKind::Jpeg
        } else {
            return Err(Error::ScanStackUnsupported { name });
        };
        Ok(Source { name, bytes, kind })
    }

    fn page_count(&self) -> usize {
        match &self.kind {
            SourceKind::Pdf(pages) => pages.len(),
            SourceKind::Tiff(count) => *count,
            SourceKind::Png | SourceKind::Jpeg => 1,
        }
    }

    fn decode(&self, in_file: usize) -> std::result::Result<(GrayImage, Dpi), PageError> {
        match &self.kind {
            SourceKind::Pdf(pages) => {
                let plan = pages[in_file].as_ref().map_err(Clone::clone)?;
                plan.decode(&self.bytes)
            }
            SourceKind::Tiff(_) => tiff_page(&self.bytes, in_file).map(|(image, dpi, _)| (image, dpi)),
            SourceKind::Png => png_page(&self.bytes),
            SourceKind::Jpeg => {
                let (image, density) = jpeg_grey(&self.bytes)?;
                let dpi = density.unwrap_or_else(|| assumed_dpi(image.width(), image.height()));
                Ok((image, dpi))
            }
        }
    }

    fn original(&self, in_file: usize) -> std::result::Result<Original, PageError> {
        match &self.kind {
            SourceKind::Pdf(pages) => {
                let plan = pages[in_file].as_ref().map_err(Clone::clone)?;
                plan.original(&self.bytes)
            }
            SourceKind::Tiff(_) => {
                let (image, _, bilevel) = tiff_page(&self.bytes, in_file)?;
                Ok(Original { media_type: MediaType::Png, bytes: png_of(&image, bilevel) })
            }
            SourceKind::Png => Ok(Original { media_type: MediaType::Png, bytes: self.bytes.clone() }),
            SourceKind::Jpeg => Ok(Original { media_type: MediaType::Jpeg, bytes: self.bytes.clone() }),
        }
    }
}

fn damaged(name: &str, reason: &str, reason_en: &str) -> Error {
    Error::ScanStackDamaged { name: name.to_string(), reason: reason.to_string(), reason_en: reason_en.to_string() }
}

/// Refuses a declared size before anything is allocated for it.
fn check_size(width: u64, height: u64) -> std::result::Result<(), PageError> {
    if width == 0 || height == 0 {
        return Err(PageError::Damaged);
    }
    if width > u64::from(MAX_SIDE) || height > u64::from(MAX_SIDE) || width * height > MAX_PIXELS {
        return Err(PageError::TooLarge { width, height });
    }
    Ok(())
}

/// A page said nothing of its resolution: it is taken to be US Letter wide (or high, when it lies
/// in landscape).
fn assumed_dpi(width: u32, height: u32) -> Dpi {
    let (short, long) = LETTER_INCHES;
    let inches = if width <= height { short } else { long };
    let dpi = width as f32 / inches;
    Dpi { x: dpi, y: dpi, assumed: true }
}

// ------------------------------------------------------------------------------------------ PDF

/// How a PDF page's image is coded.
#[derive(Debug, Clone)]
enum Coding {
    Dct,
    /// CCITT Group 4 (`K < 0`).
    G4 {
        columns: u32,
        rows: u32,
        black_is_1: bool,
    },
    /// Raw samples, deflated (`predictor` as in /DecodeParms) or not.
    Samples {
        flate: bool,
        predictor: i64,
        columns: u32,
        colors: u32,
        bits: u32,
    },
}

/// A PDF page's one image, found and checked at opening: what it takes to decode it from the
/// file's bytes, and to write the page alone.
#[derive(Debug, Clone)]
struct PdfImage {
    /// The image stream's data in the file.
    data: Range<usize>,
    width: u32,
    height: u32,
    coding: Coding,
    /// `/Decode [1 0]` (or an image mask's): sample 0 is white.
    inverted: bool,
    /// Clockwise quarter turns that make the image upright on the page as shown.
    turns: u8,
    dpi: Dpi,
    /// For the page alone: its media box, `/Rotate`, the matrix that drew the image, and the
    /// image's dictionary with every value direct.
    media_box: [f32; 4],
    rotate: i64,
    matrix: [f32; 6],
    dict: Dictionary,
}

/// lopdf's loader keeps every stream's bytes; an image's are left out here (one byte stands for
/// them, so that lopdf does not read them back), and read from the file's bytes when the page is
/// decoded: the file is held once, not twice.
fn leave_images_out(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = object {
        if stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Image") {
            // Not `set_content`, which would write over `/Length`, the one way to find them.
            stream.content = vec![b' '];
        }
    }
    // lopdf keeps the object as changed in place: the returned one only says "keep it".
    Some((id, Object::Null))
}

fn pdf_plan(name: &str, bytes: &[u8]) -> Result<Vec<std::result::Result<PdfImage, PageError>>> {
    let encrypted = || Error::ScanStackEncrypted { name: name.to_string() };
    let options = lopdf::LoadOptions {
        filter: Some(leave_images_out),
        max_decompressed_size: Some(64 * 1024 * 1024),
        ..Default::default()
    };
    let doc = match Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(_) if contains(bytes, b"/Encrypt") => return Err(encrypted()),
        Err(_) => {
            return Err(damaged(
                name,
                "sa structure PDF est illisible ou coupée",
                "its PDF structure is unreadable or cut short",
            ))
        }
    };
    if doc.is_encrypted() || doc.was_encrypted() {
        return Err(encrypted());
    }
    let start = bytes.windows(5).position(|w| w == b"%PDF-").unwrap_or(0);
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(damaged(name, "il n'a aucune page", "it has no page"));
    }
    if pages.len() > MAX_PAGES {
        return Err(damaged(name, "plus de 10 000 pages", "more than 10,000 pages"));
    }
    let plans: Vec<_> =
        pages.values().map(|&page| plan_page(&doc, &bytes[start..], page).map(|p| p.shifted(start))).collect();
    if plans.iter().all(|p| matches!(p, Err(PageError::NotAScan))) {
        return Err(Error::ScanStackNoScan { name: name.to_string(), pages: plans.len() });
    }
    Ok(plans)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

impl PdfImage {
    fn shifted(mut self, by: usize) -> PdfImage {
        self.data = self.data.start + by..self.data.end + by;
        self
    }
}

/// A page attribute, inherited from the page tree when the page lacks it.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut dict = page;
    for _ in 0..32 {
        if let Ok(value) = dict.get(key) {
            return doc.dereference(value).ok().map(|(_, o)| o);
        }
        dict = dict.get(b"Parent").and_then(Object::as_reference).and_then(|id| doc.get_dictionary(id)).ok()?;
    }
    None
}

fn deref<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    doc.dereference(object).map(|(_, o)| o).unwrap_or(object)
}

fn number(doc: &Document, object: &Object) -> Option<f32> {
    deref(doc, object).as_float().ok()
}

fn integer(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<i64> {
    dict.get(key).ok().and_then(|o| deref(doc, o).as_i64().ok())
}

fn multiply(m: [f32; 6], n: [f32; 6]) -> [f32; 6] {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// Finds the page's one image covering the page, and plans its decoding.
fn plan_page(doc: &Document, bytes: &[u8], page_id: ObjectId) -> std::result::Result<PdfImage, PageError> {
    let page = doc.get_dictionary(page_id).map_err(|_| PageError::Damaged)?;
    let media_box = inherited(doc, page, b"MediaBox")
        .and_then(|o| o.as_array().ok())
        .and_then(|a| {
            let v: Vec<f32> = a.iter().filter_map(|o| number(doc, o)).collect();
            (v.len() == 4).then(|| [v[0].min(v[2]), v[1].min(v[3]), v[0].max(v[2]), v[1].max(v[3])])
        })
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let page_area = (media_box[2] - media_box[0]) * (media_box[3] - media_box[1]);
    let rotate = inherited(doc, page, b"Rotate").and_then(|o| o.as_i64().ok()).unwrap_or(0).rem_euclid(360);
    let xobjects = inherited(doc, page, b"Resources")
        .and_then(|r| r.as_dict().ok())
        .and_then(|r| r.get(b"XObject").ok())
        .and_then(|x| deref(doc, x).as_dict().ok());

    // The page's content, walked for the images it draws and where.
    let mut content = Vec::new();
    for id in doc.get_page_contents(page_id) {
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else { continue };
        let part = if stream.dict.has(b"Filter") {
            stream.decompressed_content_with_limit(MAX_CONTENT_BYTES).map_err(|_| PageError::Damaged)?
        } else {
            stream.content.clone()
        };
        content.extend_from_slice(&part);
        content.push(b'\n');
        if content.len() > MAX_CONTENT_BYTES {
            return Err(PageError::NotAScan);
        }
    }
    let mut covering = Vec::new();
    let page_box = PageBox { media_box, area: page_area };
    walk(doc, &content, IDENTITY, xobjects, &page_box, 0, &mut covering)?;
    let [(image_id, matrix)] = covering[..] else { return Err(PageError::NotAScan) };
    let stream = doc.get_object(image_id).and_then(Object::as_stream).map_err(|_| PageError::Damaged)?;
    plan_image(doc, bytes, image_id, &stream.dict, matrix, media_box, rotate)
}

const IDENTITY: [f32; 6] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

struct PageBox {
    media_box: [f32; 4],
    area: f32,
}

/// Walks a content stream for the images it draws and where (`cm`, `q`/`Q`), entering form
/// XObjects (a scan « printed » to PDF wraps its image in one) a few levels deep; keeps the
/// images covering at least half the page, with the matrix that drew them.
fn walk(
    doc: &Document,
    content: &[u8],
    start: [f32; 6],
    xobjects: Option<&Dictionary>,
    page: &PageBox,
    depth: usize,
    covering: &mut Vec<(ObjectId, [f32; 6])>,
) -> std::result::Result<(), PageError> {
    let operations = lopdf::content::Content::decode(content).map_err(|_| PageError::NotAScan)?.operations;
    let mut ctm = start;
    let mut saved = Vec::new();
    for op in &operations {
        match op.operator.as_str() {
            "q" => saved.push(ctm),
            "Q" => ctm = saved.pop().unwrap_or(start),
            "cm" if op.operands.len() == 6 => {
                let v: Vec<f32> = op.operands.iter().filter_map(|o| o.as_float().ok()).collect();
                if v.len() == 6 {
                    ctm = multiply([v[0], v[1], v[2], v[3], v[4], v[5]], ctm);
                }
            }
            "Do" => {
                let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) else { continue };
                let Some(Object::Reference(id)) = xobjects.and_then(|x| x.get(name).ok()) else { continue };
                let Ok(stream) = doc.get_object(*id).and_then(Object::as_stream) else { continue };
                match stream.dict.get(b"Subtype").and_then(Object::as_name) {
                    Ok(b"Image") => {
                        // The unit square through the matrix: the image's box on the page.
                        let corners = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)].map(|(x, y): (f32, f32)| {
                            (ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5])
                        });
                        let m = page.media_box;
                        let x0 = corners.iter().map(|c| c.0).fold(f32::MAX, f32::min).max(m[0]);
                        let x1 = corners.iter().map(|c| c.0).fold(f32::MIN, f32::max).min(m[2]);
                        let y0 = corners.iter().map(|c| c.1).fold(f32::MAX, f32::min).max(m[1]);
                        let y1 = corners.iter().map(|c| c.1).fold(f32::MIN, f32::max).min(m[3]);
                        let area = (x1 - x0).max(0.0) * (y1 - y0).max(0.0);
                        if page.area > 0.0 && area >= COVERING * page.area {
                            covering.push((*id, ctm));
                        }
                    }
                    Ok(b"Form") if depth < 4 => {
                        let matrix = stream
                            .dict
                            .get(b"Matrix")
                            .ok()
                            .and_then(|o| deref(doc, o).as_array().ok())
                            .map(|a| a.iter().filter_map(|o| number(doc, o)).collect::<Vec<f32>>())
                            .filter(|v| v.len() == 6)
                            .map_or(IDENTITY, |v| [v[0], v[1], v[2], v[3], v[4], v[5]]);
                        let own = stream
                            .dict
                            .get(b"Resources")
                            .ok()
                            .and_then(|r| deref(doc, r).as_dict().ok())
                            .and_then(|r| r.get(b"XObject").ok())
                            .and_then(|x| deref(doc, x).as_dict().ok());
                        let inner = if stream.dict.has(b"Filter") {
                            stream.decompressed_content_with_limit(MAX_CONTENT_BYTES).map_err(|_| PageError::Damaged)?
                        } else {
                            stream.content.clone()
                        };
                        walk(doc, &inner, multiply(matrix, ctm), own.or(xobjects), page, depth + 1, covering)?;
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The image's data in the file: after the `stream` keyword that follows its object's start, as
/// long as its `/Length`, and followed by `endstream`.
fn locate_stream(doc: &Document, bytes: &[u8], id: ObjectId, dict: &Dictionary) -> Option<Range<usize>> {
    let lopdf::xref::XrefEntry::Normal { offset, .. } = doc.reference_table.get(id.0)? else { return None };
    let offset = *offset as usize;
    let length = usize::try_from(integer(doc, dict, b"Length")?).ok()?;
    let window = bytes.get(offset..)?;
    let window = &window[..window.len().min(64 * 1024)];
    let keyword = window.windows(6).position(|w| w == b"stream")?;
    let mut start = offset + keyword + 6;
    match bytes.get(start..start + 2)? {
        [b'\r', b'\n'] => start += 2,
        [b'\n', _] | [b'\r', _] => start += 1,
        _ => return None,
    }
    let end = start.checked_add(length)?;
    let after = bytes.get(end..(end + 12).min(bytes.len()))?;
    let after = after.iter().position(|b| !b" \r\n\t".contains(b)).map(|p| &after[p..])?;
    after.starts_with(b"endstream").then_some(start..end)
}

fn plan_image(
    doc: &Document,
    bytes: &[u8],
    id: ObjectId,
    dict: &Dictionary,
    matrix: [f32; 6],
    media_box: [f32; 4],
    rotate: i64,
) -> std::result::Result<PdfImage, PageError> {
    let width = integer(doc, dict, b"Width").ok_or(PageError::Damaged)?;
    let height = integer(doc, dict, b"Height").ok_or(PageError::Damaged)?;
    if width <= 0 || height <= 0 {
        return Err(PageError::Damaged);
    }
    check_size(width as u64, height as u64)?;
    let (width, height) = (width as u32, height as u32);
    let mask = dict.get(b"ImageMask").ok().and_then(|o| deref(doc, o).as_bool().ok()).unwrap_or(false);
    let bits = if mask { 1 } else { integer(doc, dict, b"BitsPerComponent").unwrap_or(8) as u32 };

    // Colour space: by its number of components (an ICC profile's /N).
    let (components, colour_space) = if mask {
        (1, None)
    } else {
        let space = dict.get(b"ColorSpace").map(|o| deref(doc, o)).map_err(|_| PageError::Damaged)?;
        let family = match space {
            Object::Name(n) => n.as_slice(),
            Object::Array(a) => a.first().and_then(|o| o.as_name().ok()).unwrap_or(b""),
            _ => b"",
        };
        let components = match family {
            b"DeviceGray" | b"CalGray" | b"G" => 1,
            b"DeviceRGB" | b"CalRGB" | b"RGB" => 3,
            b"DeviceCMYK" | b"CMYK" => 4,
            b"ICCBased" => {
                let n = match space {
                    Object::Array(a) => {
                        a.get(1).and_then(|o| deref(doc, o).as_stream().ok()).and_then(|s| integer(doc, &s.dict, b"N"))
                    }
                    _ => None,
                };
                match n {
                    Some(n @ (1 | 3 | 4)) => n as u32,
                    _ => return Err(PageError::Damaged),
                }
            }
            b"Indexed" | b"I" => {
                return Err(PageError::Unsupported { what: "couleurs indexées", what_en: "indexed colours" })
            }
            _ => {
                return Err(PageError::Unsupported {
                    what: "un espace de couleurs particulier",
                    what_en: "a special colour space",
                })
            }
        };
        let name: &[u8] = match components {
            1 => b"DeviceGray",
            3 => b"DeviceRGB",
            _ => b"DeviceCMYK",
        };
        (components, Some(name))
    };

    // Filters and their parameters, every value made direct.
    let filters: Vec<Vec<u8>> = match dict.get(b"Filter").map(|o| deref(doc, o)) {
        Ok(Object::Name(n)) => vec![n.clone()],
        Ok(Object::Array(a)) => a.iter().filter_map(|o| deref(doc, o).as_name().ok().map(<[u8]>::to_vec)).collect(),
        _ => Vec::new(),
    };
    let params = match dict.get(b"DecodeParms").map(|o| deref(doc, o)) {
        Ok(Object::Dictionary(d)) => Some(d),
        Ok(Object::Array(a)) => a.first().and_then(|o| deref(doc, o).as_dict().ok()),
        _ => None,
    };
    let param = |key: &[u8]| params.and_then(|p| integer(doc, p, key));
    let flag =
        |key: &[u8]| params.and_then(|p| p.get(key).ok()).and_then(|o| deref(doc, o).as_bool().ok()).unwrap_or(false);
    let filter_names: Vec<&[u8]> = filters.iter().map(Vec::as_slice).collect();
    let coding = match filter_names[..] {
        [b"DCTDecode" | b"DCT"] => Coding::Dct,
        [b"CCITTFaxDecode" | b"CCF"] => {
            if param(b"K").unwrap_or(0) >= 0 {
                return Err(PageError::Unsupported { what: "CCITT groupe 3", what_en: "CCITT group 3" });
            }
            if flag(b"EncodedByteAlign") {
                return Err(PageError::Unsupported {
                    what: "CCITT G4 aligné sur les octets",
                    what_en: "byte-aligned CCITT G4",
                });
            }
            let columns = param(b"Columns").unwrap_or(1728);
            let rows = param(b"Rows").filter(|&r| r > 0).unwrap_or(i64::from(height));
            if columns != i64::from(width) || rows != i64::from(height) || bits != 1 {
                return Err(PageError::Damaged);
            }
            Coding::G4 { columns: width, rows: height, black_is_1: flag(b"BlackIs1") }
        }
        [] | [b"FlateDecode" | b"Fl"] => {
            if !matches!(bits, 1 | 2 | 4 | 8 | 16) {
                return Err(PageError::Damaged);
            }
            let predictor = param(b"Predictor").unwrap_or(1);
            if predictor > 1 {
                let (colors, bpc, columns) = (
                    param(b"Colors").unwrap_or(1),
                    param(b"BitsPerComponent").unwrap_or(8),
                    param(b"Columns").unwrap_or(1),
                );
                if colors != i64::from(components) || bpc != i64::from(bits) || columns != i64::from(width) {
                    return Err(PageError::Damaged);
                }
                if predictor == 2 && bits != 8 {
                    return Err(PageError::Unsupported { what: "un prédicteur TIFF", what_en: "a TIFF predictor" });
                }
            }
            Coding::Samples { flate: !filters.is_empty(), predictor, columns: width, colors: components, bits }
        }
        [b"JBIG2Decode"] => return Err(PageError::Unsupported { what: "JBIG2", what_en: "JBIG2" }),
        [b"JPXDecode"] => return Err(PageError::Unsupported { what: "JPEG 2000", what_en: "JPEG 2000" }),
        _ => {
            return Err(PageError::Unsupported {
                what: "une suite de filtres particulière",
                what_en: "an unusual chain of filters",
            })
        }
    };
    let decode: Vec<f32> = dict
        .get(b"Decode")
        .ok()
        .and_then(|o| deref(doc, o).as_array().ok())
        .map(|a| a.iter().filter_map(|o| number(doc, o)).collect())
        .unwrap_or_default();
    let inverted = decode.len() >= 2 && decode[0] > decode[1];

    let data = locate_stream(doc, bytes, id, dict).ok_or(PageError::Damaged)?;

    // Upright: the image's own turn on the page (from the matrix), then the page's /Rotate.
    let own = if matrix[0].abs() >= matrix[1].abs() {
        if matrix[0] >= 0.0 && matrix[3] >= 0.0 {
            0
        } else {
            2
        }
    } else if matrix[1] > 0.0 {
        3
    } else {
        1
    };
    let turns = ((own + rotate / 90) % 4) as u8;
    // Resolution: pixels across the image's box on the page.
    let box_w = (matrix[0].abs() + matrix[2].abs()).max(1e-3) / 72.0;
    let box_h = (matrix[1].abs() + matrix[3].abs()).max(1e-3) / 72.0;
    let (across, down) = if own % 2 == 0 { (width, height) } else { (height, width) };
    let (mut dpi_x, mut dpi_y) = (across as f32 / box_w, down as f32 / box_h);
    if rotate % 180 == 90 {
        std::mem::swap(&mut dpi_x, &mut dpi_y);
    }

    let mut image_dict = Dictionary::new();
    image_dict.set("Type", Object::Name(b"XObject".to_vec()));
    image_dict.set("Subtype", Object::Name(b"Image".to_vec()));
    image_dict.set("Width", Object::Integer(i64::from(width)));
    image_dict.set("Height", Object::Integer(i64::from(height)));
    match colour_space {
        Some(name) => {
            image_dict.set("ColorSpace", Object::Name(name.to_vec()));
            image_dict.set("BitsPerComponent", Object::Integer(i64::from(bits)));
        }
        None => image_dict.set("ImageMask", Object::Boolean(true)),
    }
    if !filters.is_empty() {
        image_dict.set("Filter", Object::Array(filters.iter().map(|f| Object::Name(f.clone())).collect()));
    }
    if let Some(params) = params {
        let mut direct = Dictionary::new();
        for (key, value) in params.iter() {
            direct.set(key.clone(), deref(doc, value).clone());
        }
        image_dict.set("DecodeParms", Object::Dictionary(direct));
    }
    if !decode.is_empty() {
        image_dict.set("Decode", Object::Array(decode.iter().map(|&v| Object::Real(v)).collect()));
    }
    Ok(PdfImage {
        data,
        width,
        height,
        coding,
        inverted,
        turns,
        dpi: Dpi { x: dpi_x, y: dpi_y, assumed: false },
        media_box,
        rotate,
        matrix,
        dict: image_dict,
    })
}

impl PdfImage {
    fn decode(&self, bytes: &[u8]) -> std::result::Result<(GrayImage, Dpi), PageError> {
        let data = &bytes[self.data.clone()];
        let mut image = match &self.coding {
            Coding::Dct => {
                let (image, _) = jpeg_grey(data)?;
                if image.width() != self.width || image.height() != self.height {
                    return Err(PageError::Damaged);
                }
                if self.inverted {
                    invert(image)
                } else {
                    image
                }
            }
            Coding::G4 { columns, rows, black_is_1 } => g4_grey(data, *columns, *rows, *black_is_1 != self.inverted)?,
            Coding::Samples { flate, predictor, columns, colors, bits } => {
                let reader: Box<dyn Read + '_> =
                    if *flate { Box::new(flate2::read::ZlibDecoder::new(data)) } else { Box::new(data) };
                samples_grey(reader, *columns, self.height, *colors, *bits, *predictor, self.inverted)?
            }
        };
        image = turn(image, self.turns);
        Ok((image, self.dpi))
    }

    /// The page alone: a one-page PDF drawing the same image stream, byte for byte, with the same
    /// matrix on the same page box.
    fn original(&self, bytes: &[u8]) -> std::result::Result<Original, PageError> {
        let mut doc = Document::with_version("1.5");
        let mut stream = lopdf::Stream::new(self.dict.clone(), bytes[self.data.clone()].to_vec());
        stream.allows_compression = false;
        let image = doc.add_object(stream);
        let m = self.matrix;
        let content = format!("q {} {} {} {} {} {} cm /Im0 Do Q", m[0], m[1], m[2], m[3], m[4], m[5]);
        let mut content_stream = lopdf::Stream::new(Dictionary::new(), content.into_bytes());
        content_stream.allows_compression = false;
        let content = doc.add_object(content_stream);
        let pages = doc.new_object_id();
        let mut xobjects = Dictionary::new();
        xobjects.set("Im0", Object::Reference(image));
        let mut resources = Dictionary::new();
        resources.set("XObject", Object::Dictionary(xobjects));
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Parent", Object::Reference(pages));
        page.set("MediaBox", Object::Array(self.media_box.iter().map(|&v| Object::Real(v)).collect()));
        if self.rotate != 0 {
            page.set("Rotate", Object::Integer(self.rotate));
        }
        page.set("Resources", Object::Dictionary(resources));
        page.set("Contents", Object::Reference(content));
        let page = doc.add_object(page);
        let mut tree = Dictionary::new();
        tree.set("Type", Object::Name(b"Pages".to_vec()));
        tree.set("Kids", Object::Array(vec![Object::Reference(page)]));
        tree.set("Count", Object::Integer(1));
        doc.objects.insert(pages, Object::Dictionary(tree));
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference(pages));
        let catalog = doc.add_object(catalog);
        doc.trailer.set("Root", Object::Reference(catalog));
        let mut out = Vec::with_capacity(self.data.len() + 1024);
        doc.save_to(&mut out).map_err(|_| PageError::Damaged)?;
        Ok(Original { media_type: MediaType::Pdf, bytes: out })
    }
}

fn invert(mut image: GrayImage) -> GrayImage {
    image.iter_mut().for_each(|v| *v = 255 - *v);
    image
}

/// Clockwise quarter turns.
fn turn(image: GrayImage, turns: u8) -> GrayImage {
    match turns % 4 {
        1 => image::imageops::rotate90(&image),
        2 => image::imageops::rotate180(&image),
        3 => image::imageops::rotate270(&image),
        _ => image,
    }
}

/// CCITT G4 to grey. `white_is_0`: a white run's samples are 0, shown black (`/BlackIs1` and a
/// `/Decode [1 0]` each flip it).
fn g4_grey(data: &[u8], columns: u32, rows: u32, white_is_0: bool) -> std::result::Result<GrayImage, PageError> {
    let (white, black) = if white_is_0 { (0u8, 255u8) } else { (255u8, 0u8) };
    let (width, height) = (columns as usize, rows as usize);
    let mut pixels = vec![white; width * height];
    let mut row = 0usize;
    let decoded = fax::decoder::decode_g4(data.iter().copied(), columns as u16, Some(rows as u16), |transitions| {
        if row >= height {
            return;
        }
        let line = &mut pixels[row * width..(row + 1) * width];
        // Transitions start with white: [white run end, black run end, …].
        let mut at = 0usize;
        for (i, &change) in transitions.iter().enumerate() {
            let change = (change as usize).min(width);
            if i % 2 == 1 {
                line[at..change.max(at)].fill(black);
            }
            at = change.max(at);
        }
        if transitions.len() % 2 == 1 {
            line[at..].fill(black);
        }
        row += 1;
    });
    if decoded.is_none() || row < height {
        return Err(PageError::Damaged);
    }
    GrayImage::from_raw(columns, rows, pixels).ok_or(PageError::Damaged)
}

/// Raw samples (deflated or not, with a PNG or TIFF predictor) to grey, a row at a time: never
/// more read than the image's declared size (a deflate bomb stops there).
fn samples_grey(
    mut reader: impl Read,
    width: u32,
    height: u32,
    colors: u32,
    bits: u32,
    predictor: i64,
    inverted: bool,
) -> std::result::Result<GrayImage, PageError> {
    let row_bytes = (width as usize * colors as usize * bits as usize).div_ceil(8);
    let png = predictor >= 10;
    let bpp = ((colors * bits) as usize).div_ceil(8).max(1);
    let mut row = vec![0u8; row_bytes + usize::from(png)];
    let mut previous = vec![0u8; row_bytes];
    let mut out = GrayImage::new(width, height);
    let mut samples = vec![0u8; width as usize * colors as usize];
    for y in 0..height {
        reader.read_exact(&mut row).map_err(|_| PageError::Damaged)?;
        let line: &mut [u8] = if png {
            let (kind, line) = row.split_first_mut().expect("a row has its filter byte");
            unfilter(*kind, line, &previous, bpp)?;
            line
        } else {
            &mut row[..]
        };
        if predictor == 2 {
            for i in bpp..line.len() {
                line[i] = line[i].wrapping_add(line[i - bpp]);
            }
        }
        previous.copy_from_slice(line);
        unpack(line, bits, &mut samples);
        let target = &mut out.as_mut()[y as usize * width as usize..(y as usize + 1) * width as usize];
        grey_row(&samples, colors, target);
        if inverted {
            target.iter_mut().for_each(|v| *v = 255 - *v);
        }
    }
    Ok(out)
}

/// PNG's row filters (the PDF predictors 10 to 15 name the same five).
fn unfilter(kind: u8, line: &mut [u8], previous: &[u8], bpp: usize) -> std::result::Result<(), PageError> {
    match kind {
        0 => {}
        1 => (bpp..line.len()).for_each(|i| line[i] = line[i].wrapping_add(line[i - bpp])),
        2 => line.iter_mut().zip(previous).for_each(|(v, p)| *v = v.wrapping_add(*p)),
        3 => {
            for i in 0..line.len() {
                let left = if i >= bpp { line[i - bpp] } else { 0 };
                line[i] = line[i].wrapping_add(((u16::from(left) + u16::from(previous[i])) / 2) as u8);
            }
        }
        4 => {
            for i in 0..line.len() {
                let (a, b) = (if i >= bpp { line[i - bpp] } else { 0 }, previous[i]);
                let c = if i >= bpp { previous[i - bpp] } else { 0 };
                let p = i16::from(a) + i16::from(b) - i16::from(c);
                let (pa, pb, pc) = ((p - i16::from(a)).abs(), (p - i16::from(b)).abs(), (p - i16::from(c)).abs());
                let predicted = if pa <= pb && pa <= pc {
                    a
                } else if pb <= pc {
                    b
                } else {
                    c
                };
                line[i] = line[i].wrapping_add(predicted);
            }
        }
        _ => return Err(PageError::Damaged),
    }
    Ok(())
}

/// Samples of 1, 2, 4, 8 or 16 bits to 8 bits (16 keeps its high byte).
fn unpack(line: &[u8], bits: u32, out: &mut [u8]) {
    match bits {
        8 => out.copy_from_slice(&line[..out.len()]),
        16 => out.iter_mut().enumerate().for_each(|(i, v)| *v = line[2 * i]),
        _ => {
            let per_byte = 8 / bits as usize;
            let mask = (1u16 << bits) - 1;
            let scale = 255 / mask;
            for (i, v) in out.iter_mut().enumerate() {
                let byte = u16::from(line[i / per_byte]);
                let shift = 8 - bits as usize * (i % per_byte + 1);
                *v = (((byte >> shift) & mask) * scale) as u8;
            }
        }
    }
}

/// Grey, RGB or CMYK samples to grey (Rec. 601 weights).
fn grey_row(samples: &[u8], colors: u32, out: &mut [u8]) {
    match colors {
        1 => out.copy_from_slice(samples),
        3 => out.iter_mut().zip(samples.chunks_exact(3)).for_each(|(v, p)| *v = luma(p[0], p[1], p[2])),
        _ => out.iter_mut().zip(samples.chunks_exact(4)).for_each(|(v, p)| *v = cmyk_grey(p[0], p[1], p[2], p[3])),
    }
}

fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((77 * u32::from(r) + 150 * u32::from(g) + 29 * u32::from(b) + 128) >> 8) as u8
}

fn cmyk_grey(c: u8, m: u8, y: u8, k: u8) -> u8 {
    let ink = u32::from(luma(c, m, y)) + u32::from(k);
    255 - ink.min(255) as u8
}

// ----------------------------------------------------------------------------------------- JPEG

/// A JPEG decoded straight to grey (its luma, no colour conversion), with the density its header
/// gives in dpi when it gives one.
fn jpeg_grey(data: &[u8]) -> std::result::Result<(GrayImage, Option<Dpi>), PageError> {
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;
    let options = DecoderOptions::default()
        .set_max_width(MAX_SIDE as usize)
        .set_max_height(MAX_SIDE as usize)
        .jpeg_set_out_colorspace(ColorSpace::Luma);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(zune_core::bytestream::ZCursor::new(data), options);
    // The header first: its declared size is checked before any pixel is allocated.
    if decoder.decode_headers().is_err() {
        let info = decoder.info();
        return Err(match info {
            Some(info) if check_size(u64::from(info.width), u64::from(info.height)).is_err() => {
                PageError::TooLarge { width: u64::from(info.width), height: u64::from(info.height) }
            }
            _ => jpeg_header_size(data).map_or(PageError::Damaged, |(w, h)| match check_size(w, h) {
                Err(too_large) => too_large,
                Ok(()) => PageError::Damaged,
            }),
        });
    }
    let info = decoder.info().ok_or(PageError::Damaged)?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    check_size(u64::from(width), u64::from(height))?;
    let pixels = decoder.decode().map_err(|_| PageError::Damaged)?;
    let components = decoder.output_colorspace().map(|c| c.num_components()).unwrap_or(1);
    let pixels = match components {
        1 => pixels,
        3 => pixels.chunks_exact(3).map(|p| luma(p[0], p[1], p[2])).collect(),
        4 => pixels.chunks_exact(4).map(|p| cmyk_grey(p[0], p[1], p[2], p[3])).collect(),
        _ => return Err(PageError::Damaged),
    };
    let image = GrayImage::from_raw(width, height, pixels).ok_or(PageError::Damaged)?;
    Ok((image, jfif_density(data)))
}

/// The density a JPEG's JFIF header gives, in dpi (units 1: per inch, 2: per centimetre).
fn jfif_density(data: &[u8]) -> Option<Dpi> {
    let app0 = data.get(2..20)?;
    if app0[..2] != [0xFF, 0xE0] || &app0[4..9] != b"JFIF\0" {
        return None;
    }
    let (x, y) = (u16::from_be_bytes([app0[12], app0[13]]), u16::from_be_bytes([app0[14], app0[15]]));
    let scale = match app0[11] {
        1 => 1.0,
        2 => 2.54,
        _ => return None,
    };
    (x > 0 && y > 0).then(|| Dpi { x: f32::from(x) * scale, y: f32::from(y) * scale, assumed: false })
}

/// The size a JPEG's frame header declares, read by hand: zune refuses a frame past its bounds
/// without saying how large it was.
fn jpeg_header_size(data: &[u8]) -> Option<(u64, u64)> {
    let mut at = 2;
    while at + 9 < data.len() {
        if data[at] != 0xFF {
            return None;
        }
        let marker = data[at + 1];
        let length = usize::from(u16::from_be_bytes([data[at + 2], data[at + 3]]));
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let height = u16::from_be_bytes([data[at + 5], data[at + 6]]);
            let width = u16::from_be_bytes([data[at + 7], data[at + 8]]);
            return Some((u64::from(width), u64::from(height)));
        }
        at += 2 + length;
    }
    None
}

// ------------------------------------------------------------------------------------------ PNG

fn png_page(data: &[u8]) -> std::result::Result<(GrayImage, Dpi), PageError> {
    // The size its header declares, checked before the decoder is asked anything.
    let declared = |at: usize| data.get(at..at + 4).map(|b| u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])));
    if data.get(12..16) == Some(b"IHDR") {
        check_size(declared(16).unwrap_or(0), declared(20).unwrap_or(0))?;
    }
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(data), png::Limits { bytes: 2 * MAX_PIXELS as usize });
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| match e {
        png::DecodingError::LimitsExceeded => PageError::TooLarge { width: 0, height: 0 },
        _ => PageError::Damaged,
    })?;
    let info = reader.info();
    let (width, height) = (info.width, info.height);
    check_size(u64::from(width), u64::from(height))?;
    let dpi = match info.pixel_dims {
        Some(png::PixelDimensions { xppu, yppu, unit: png::Unit::Meter }) if xppu > 0 && yppu > 0 => {
            Dpi { x: xppu as f32 * 0.0254, y: yppu as f32 * 0.0254, assumed: false }
        }
        _ => assumed_dpi(width, height),
    };
    let (colour, _) = reader.output_color_type();
    let channels = colour.samples();
    let mut out = GrayImage::new(width, height);
    let mut y = 0usize;
    // Row by row: a colour page is never held in colour whole.
    if !reader.info().interlaced {
        while let Some(row) = reader.next_row().map_err(|_| PageError::Damaged)? {
            if y >= height as usize {
                break;
            }
            let target = &mut out.as_mut()[y * width as usize..(y + 1) * width as usize];
            png_row(row.data(), channels, target);
            y += 1;
        }
    } else {
        let mut buffer = vec![0; reader.output_buffer_size().ok_or(PageError::Damaged)?];
        let frame = reader.next_frame(&mut buffer).map_err(|_| PageError::Damaged)?;
        for (row, target) in buffer.chunks(frame.line_size).zip(out.as_mut().chunks_mut(width as usize)) {
            png_row(row, channels, target);
            y += 1;
        }
    }
    if y < height as usize {
        return Err(PageError::Damaged);
    }
    Ok((out, dpi))
}

/// A PNG row (8 bits a sample) to grey; transparency is laid on white.
fn png_row(row: &[u8], channels: usize, out: &mut [u8]) {
    let on_white = |v: u8, alpha: u8| (u32::from(v) * u32::from(alpha) / 255 + 255 - u32::from(alpha)) as u8;
    for (v, p) in out.iter_mut().zip(row.chunks_exact(channels)) {
        *v = match channels {
            1 => p[0],
            2 => on_white(p[0], p[1]),
            3 => luma(p[0], p[1], p[2]),
            _ => on_white(luma(p[0], p[1], p[2]), p[3]),
        };
    }
}

/// A grey page as a PNG: 1 bit a pixel when it is black and white only.
fn png_of(image: &GrayImage, bilevel: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, image.width(), image.height());
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_compression(png::Compression::Balanced);
    let data: Vec<u8> = if bilevel {
        encoder.set_depth(png::BitDepth::One);
        image
            .rows()
            .flat_map(|row| {
                let row: Vec<u8> = row.map(|p| p.0[0]).collect();
                row.chunks(8)
                    .map(|c| c.iter().enumerate().fold(0u8, |b, (i, &v)| if v >= 128 { b | (0x80 >> i) } else { b }))
                    .collect::<Vec<u8>>()
            })
            .collect()
    } else {
        encoder.set_depth(png::BitDepth::Eight);
        image.as_raw().clone()
    };
    let mut writer = encoder.write_header().expect("writing a PNG header to memory cannot fail");
    writer.write_image_data(&data).expect("a page's PNG data matches its header");
    writer.finish().expect("writing a PNG to memory cannot fail");
    out
}

// ----------------------------------------------------------------------------------------- TIFF

fn tiff_limits() -> tiff::decoder::Limits {
    let mut limits = tiff::decoder::Limits::default();
    // A colour page of the largest size, and no more.
    limits.decoding_buffer_size = 3 * MAX_PIXELS as usize;
    limits.intermediate_buffer_size = 64 * 1024 * 1024;
    limits
}

/// How many pages a TIFF has, reading only its directories.
fn tiff_count(name: &str, data: &[u8]) -> Result<usize> {
    let unreadable = || damaged(name, "ses répertoires TIFF sont illisibles", "its TIFF directories are unreadable");
    let mut decoder =
        tiff::decoder::Decoder::new(Cursor::new(data)).map_err(|_| unreadable())?.with_limits(tiff_limits());
    let mut count = 1;
    while decoder.more_images() {
        if count >= MAX_PAGES {
            return Err(damaged(name, "plus de 10 000 pages", "more than 10,000 pages"));
        }
        decoder.next_image().map_err(|_| unreadable())?;
        count += 1;
    }
    Ok(count)
}

/// A TIFF page to grey, with its resolution and whether it is black and white.
fn tiff_page(data: &[u8], index: usize) -> std::result::Result<(GrayImage, Dpi, bool), PageError> {
    use tiff::decoder::DecodingResult;
    use tiff::tags::Tag;
    use tiff::ColorType;
    let mut decoder =
        tiff::decoder::Decoder::new(Cursor::new(data)).map_err(|_| PageError::Damaged)?.with_limits(tiff_limits());
    decoder.seek_to_image(index).map_err(|_| PageError::Damaged)?;
    let (width, height) = decoder.dimensions().map_err(|_| PageError::Damaged)?;
    check_size(u64::from(width), u64::from(height))?;
    let colour = decoder.colortype().map_err(|_| PageError::Damaged)?;
    let resolution =
        |decoder: &mut tiff::decoder::Decoder<Cursor<&[u8]>>, tag| match decoder.find_tag(tag).ok().flatten() {
            Some(tiff::decoder::ifd::Value::Rational(n, d)) if n > 0 && d > 0 => Some(f64::from(n) / f64::from(d)),
            _ => None,
        };
    let (x, y) = (resolution(&mut decoder, Tag::XResolution), resolution(&mut decoder, Tag::YResolution));
    let unit = decoder.find_tag_unsigned::<u16>(Tag::ResolutionUnit).ok().flatten().unwrap_or(2);
    let dpi = match (x, y, unit) {
        (Some(x), Some(y), 2) => Dpi { x: x as f32, y: y as f32, assumed: false },
        (Some(x), Some(y), 3) => Dpi { x: (x * 2.54) as f32, y: (y * 2.54) as f32, assumed: false },
        _ => assumed_dpi(width, height),
    };
    let (colors, bits) = match colour {
        ColorType::Gray(bits) => (1, bits),
        ColorType::RGB(bits) => (3, bits),
        ColorType::RGBA(bits) => (4, bits),
        ColorType::CMYK(bits) => (4, bits),
        ColorType::GrayA(bits) => (2, bits),
        _ => {
            return Err(PageError::Unsupported {
                what: "une palette de couleurs TIFF",
                what_en: "a TIFF colour palette",
            })
        }
    };
    let result = decoder.read_image().map_err(|e| match e {
        tiff::TiffError::LimitsExceeded => PageError::TooLarge { width: u64::from(width), height: u64::from(height) },
        tiff::TiffError::UnsupportedError(_) => PageError::Unsupported {
            what: "une compression TIFF particulière",
            what_en: "an unusual TIFF compression",
        },
        _ => PageError::Damaged,
    })?;
    let raw: Vec<u8> = match result {
        DecodingResult::U8(v) => v,
        DecodingResult::U16(v) => v.iter().map(|s| (s >> 8) as u8).collect(),
        _ => {
            return Err(PageError::Unsupported {
                what: "des échantillons TIFF particuliers",
                what_en: "unusual TIFF samples",
            })
        }
    };
    let bits = if bits == 16 { 8 } else { u32::from(bits) };
    let row_bytes = (width as usize * colors * bits as usize).div_ceil(8);
    if raw.len() < row_bytes * height as usize {
        return Err(PageError::Damaged);
    }
    let mut out = GrayImage::new(width, height);
    let mut samples = vec![0u8; width as usize * colors];
    for (y, line) in raw.chunks(row_bytes).take(height as usize).enumerate() {
        unpack(line, bits, &mut samples);
        let target = &mut out.as_mut()[y * width as usize..(y + 1) * width as usize];
        match (colour, colors) {
            (ColorType::RGBA(_), _) => {
                target.iter_mut().zip(samples.chunks_exact(4)).for_each(|(v, p)| *v = luma(p[0], p[1], p[2]))
            }
            (_, 2) => target.iter_mut().zip(samples.chunks_exact(2)).for_each(|(v, p)| *v = p[0]),
            _ => grey_row(&samples, colors as u32, target),
        }
    }
    Ok((out, dpi, colors == 1 && bits == 1))
}

#[cfg(test)]
#[path = "input_tests.rs"]
mod tests;
