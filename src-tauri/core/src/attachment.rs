//! Attachments (authorization letters, presentation documents): the bytes kept inside the
//! encrypted store with their SHA-256, type (read from the content, not the name), size and
//! original name, which is data to show and never a path. Limit 20 MB.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::export::{self, Existing};
use crate::input;
use crate::store::Db;

/// 20 MB (`input::Kind::Document`): a scanned letter or a presentation document is far smaller;
/// a larger file is a mistake.
pub const MAX_BYTES: u64 = input::Kind::Document.max_bytes();

/// The types Balise accepts, recognised by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MediaType {
    #[serde(rename = "application/pdf")]
    Pdf,
    #[serde(rename = "image/png")]
    Png,
    #[serde(rename = "image/jpeg")]
    Jpeg,
    #[serde(rename = "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    Docx,
    #[serde(rename = "application/vnd.oasis.opendocument.text")]
    Odt,
}

/// A file about to be attached: its bytes and the name it had where it came from.
#[derive(Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub original_name: String,
    pub bytes: Vec<u8>,
}

/// What is known about a stored attachment, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentMeta {
    pub id: i64,
    pub sha256: String,
    /// Cleaned for display (no folder, no control character); never used as a path.
    pub original_name: String,
    pub media_type: MediaType,
    pub size: u64,
    pub added_at: String,
}

/// An attachment with its bytes, checked against its SHA-256, for viewing.
#[derive(Clone, PartialEq, Eq)]
pub struct AttachmentContent {
    pub meta: AttachmentMeta,
    pub bytes: Vec<u8>,
}

impl MediaType {
    pub const ALL: [MediaType; 5] = [MediaType::Pdf, MediaType::Png, MediaType::Jpeg, MediaType::Docx, MediaType::Odt];

    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Pdf => "application/pdf",
            MediaType::Png => "image/png",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            MediaType::Odt => "application/vnd.oasis.opendocument.text",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Pdf => "pdf",
            MediaType::Png => "png",
            MediaType::Jpeg => "jpg",
            MediaType::Docx => "docx",
            MediaType::Odt => "odt",
        }
    }

    /// The type the content says it is, whatever its name says.
    pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
        const ZIP: &[u8] = b"PK\x03\x04";
        const ODT_MIMETYPE: &[u8] = b"mimetypeapplication/vnd.oasis.opendocument.text";
        if bytes.starts_with(b"%PDF-") {
            Some(MediaType::Pdf)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(MediaType::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(MediaType::Jpeg)
        } else if bytes.starts_with(ZIP) && bytes.get(30..30 + ODT_MIMETYPE.len()) == Some(ODT_MIMETYPE) {
            // OpenDocument stores an uncompressed `mimetype` entry first (ODF 1.2, 3.3).
            Some(MediaType::Odt)
        } else if bytes.starts_with(ZIP) && contains(bytes, b"word/document.xml") {
            // Entry names are stored uncompressed in a ZIP, so the main part of a .docx is visible.
            Some(MediaType::Docx)
        } else {
            None
        }
    }
}

impl NewAttachment {
    pub fn new(original_name: impl Into<String>, bytes: Vec<u8>) -> NewAttachment {
        NewAttachment { original_name: original_name.into(), bytes }
    }

    /// Reads a file chosen on the command line through `input`: a regular file, at most 20 MB.
    pub fn read_file(path: &Path) -> Result<NewAttachment> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let bytes = input::read(path, input::Kind::Document)?;
        Ok(NewAttachment { original_name: name, bytes })
    }
}

/// The bytes are not printed: a letter may hold personal information.
impl std::fmt::Debug for NewAttachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NewAttachment({:?}, {} bytes)", self.original_name, self.bytes.len())
    }
}

impl std::fmt::Debug for AttachmentContent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AttachmentContent({:?}, {} bytes)", self.meta, self.bytes.len())
    }
}

impl AttachmentMeta {
    /// A safe file name to offer when exporting: made from the number and type, not the original name.
    pub fn suggested_file_name(&self) -> String {
        format!("piece-{}.{}", self.id, self.media_type.extension())
    }
}

/// The original name as shown: its last path component, without control or direction-changing
/// characters, at most 120 characters.
pub fn display_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last.chars().filter(|c| !c.is_control() && !is_bidi_control(*c)).take(120).collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        "document".into()
    } else {
        cleaned.into()
    }
}

/// The attachment's metadata.
pub fn meta(db: &Db, id: i64) -> Result<AttachmentMeta> {
    meta_in(&db.conn, id)
}

/// The attachment's bytes, after checking them against the SHA-256 recorded when it was added.
pub fn open(db: &Db, id: i64) -> Result<AttachmentContent> {
    let meta = meta_in(&db.conn, id)?;
    let bytes: Vec<u8> = db.conn.query_row("SELECT bytes FROM attachments WHERE id = ?1", [id], |r| r.get(0))?;
    if sha256_hex(&bytes) != meta.sha256 {
        return Err(Error::AttachmentDamaged(id));
    }
    Ok(AttachmentContent { meta, bytes })
}

/// Writes the attachment to a file the person chose, private (0600), atomically; the export is
/// audited since the document leaves the encrypted store.
pub fn export(db: &mut Db, id: i64, destination: &Path, existing: Existing) -> Result<PathBuf> {
    export::refuse_existing(&[destination], existing)?;
    let content = open(db, id)?;
    let summary = format!("exportée hors du coffre ({}, {} octets)", content.meta.media_type.mime(), content.meta.size);
    export::write(db, &[(destination, &content.bytes)], existing, "piece.export", &format!("pièce {id}"), summary)?;
    Ok(destination.to_path_buf())
}

/// Stores a new attachment inside the caller's transaction; refuses an empty, unknown or too
/// large file with a message naming it.
pub(crate) fn insert(conn: &Connection, new: &NewAttachment, added_at: &str) -> Result<AttachmentMeta> {
    let name = display_name(&new.original_name);
    let size = new.bytes.len() as u64;
    if size > MAX_BYTES {
        return Err(too_large(&name, size));
    }
    let media_type = MediaType::sniff(&new.bytes).ok_or_else(|| Error::AttachmentUnsupported { name: name.clone() })?;
    let sha256 = sha256_hex(&new.bytes);
    conn.execute(
        "INSERT INTO attachments (sha256, original_name, media_type, size, added_at, bytes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![sha256, name, media_type.mime(), size as i64, added_at, new.bytes],
    )?;
    Ok(AttachmentMeta {
        id: conn.last_insert_rowid(),
        sha256,
        original_name: name,
        media_type,
        size,
        added_at: added_at.into(),
    })
}

/// Removes an attachment nothing else points to, inside the caller's transaction: the
/// organisation's logo it replaces or that is removed (`logo`), which holds no personal
/// information and is referenced by its settings row only.
pub(crate) fn remove_in(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM attachments WHERE id = ?1", [id])?;
    Ok(())
}

/// The columns `from_row` reads, for a table aliased `alias`.
pub(crate) fn columns(alias: &str) -> String {
    ["id", "sha256", "original_name", "media_type", "size", "added_at"].map(|c| format!("{alias}.{c}")).join(", ")
}

/// Reads the six columns of `columns` starting at `first`; `None` when the id is NULL (a LEFT JOIN).
pub(crate) fn from_row(row: &Row, first: usize) -> rusqlite::Result<Option<AttachmentMeta>> {
    let Some(id) = row.get::<_, Option<i64>>(first)? else { return Ok(None) };
    let mime: String = row.get(first + 3)?;
    let media_type = MediaType::ALL.into_iter().find(|m| m.mime() == mime).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(first + 3, rusqlite::types::Type::Text, format!("type {mime}").into())
    })?;
    Ok(Some(AttachmentMeta {
        id,
        sha256: row.get(first + 1)?,
        original_name: row.get(first + 2)?,
        media_type,
        size: row.get::<_, i64>(first + 4)? as u64,
        added_at: row.get(first + 5)?,
    }))
}

/// An attachment's description by id, when there is one.
pub(crate) fn meta_optional(conn: &Connection, id: i64) -> Result<Option<AttachmentMeta>> {
    match meta_in(conn, id) {
        Ok(meta) => Ok(Some(meta)),
        Err(Error::AttachmentNotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

pub(crate) fn meta_in(conn: &Connection, id: i64) -> Result<AttachmentMeta> {
    let found = conn
        .query_row(&format!("SELECT {} FROM attachments a WHERE a.id = ?1", columns("a")), [id], |r| from_row(r, 0))
        .optional()?
        .flatten();
    found.ok_or(Error::AttachmentNotFound(id))
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn too_large(name: &str, size: u64) -> Error {
    let megabytes = format!("{:.1}", size as f64 / (1024.0 * 1024.0)).replace('.', ",");
    Error::AttachmentTooLarge { name: display_name(name), megabytes }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A scan's largest side and area: a letter page scanned at 600 ppp is 5,100 × 6,600 pixels
/// (34 megapixels); 12,000 pixels a side and 100 megapixels leave room for any real scan and
/// refuse an image declaring 100,000 × 100,000 pixels that a viewer would try to allocate.
pub const MAX_SCAN_SIDE: u32 = 12_000;
pub const MAX_SCAN_PIXELS: u64 = 100_000_000;

/// Scans (a returned form, a written confirmation): PDF, JPEG or PNG only, at most 20 MB, and
/// checked beyond their type before anything is saved. An image's header is parsed (PNG chunks
/// and their CRCs, JPEG segments up to the image data) and its dimensions bounded; a PDF is
/// parsed with lopdf and every object, those of compressed object streams included, is searched
/// for active content. A stored scan is only ever opened by the system viewer, from a copy named
/// by its number and type (`export::ViewerCopy`); the window never renders one.
pub fn check_scan(scan: &NewAttachment) -> Result<()> {
    let name = display_name(&scan.original_name);
    if scan.bytes.len() as u64 > MAX_BYTES {
        // insert says it with the size.
        return Ok(());
    }
    let malformed = || Error::ScanMalformed { name: name.clone() };
    let (width, height) = match MediaType::sniff(&scan.bytes) {
        Some(MediaType::Pdf) => return check_pdf(&scan.bytes, &name),
        Some(MediaType::Png) => png_size(&scan.bytes).ok_or_else(malformed)?,
        Some(MediaType::Jpeg) => jpeg_size(&scan.bytes).ok_or_else(malformed)?,
        Some(MediaType::Docx | MediaType::Odt) | None => return Err(Error::ScanUnsupported { name }),
    };
    if width == 0 || height == 0 {
        return Err(malformed());
    }
    if width > MAX_SCAN_SIDE || height > MAX_SCAN_SIDE || u64::from(width) * u64::from(height) > MAX_SCAN_PIXELS {
        return Err(Error::ScanImageTooLarge { name, width, height });
    }
    Ok(())
}

/// A PNG's width and height, once its chunks are whole, their CRCs right, the image data there
/// and `IEND` reached.
pub(crate) fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let be32 = |at: usize| bytes.get(at..at + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    let mut at = 8;
    let (mut size, mut has_data) = (None, false);
    loop {
        let length = be32(at)? as usize;
        let kind = bytes.get(at + 4..at + 8)?;
        let body = bytes.get(at + 4..(at + 8).checked_add(length)?)?;
        let mut crc = flate2::Crc::new();
        crc.update(body);
        if be32(at + 8 + length)? != crc.sum() {
            return None;
        }
        match kind {
            b"IHDR" if size.is_none() && length == 13 => size = Some((be32(at + 8)?, be32(at + 12)?)),
            _ if size.is_none() => return None, // IHDR comes first (PNG 5.6)
            b"IDAT" => has_data = true,
            b"IEND" => return size.filter(|_| has_data),
            _ => {}
        }
        at += 12 + length;
    }
}

/// A JPEG's width and height from its frame header, once its segments are whole up to the start
/// of the image data, and that data is there, ending with the end-of-image marker.
fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    jpeg_frame(bytes).map(|frame| (frame.width, frame.height))
}

/// What a JPEG's frame header (SOF) says: its coding process, sample precision, size and number
/// of colour components.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JpegFrame {
    /// The SOF marker's second byte: 0xC0 baseline, 0xC1 extended, 0xC2 progressive, …
    pub marker: u8,
    pub precision: u8,
    pub width: u32,
    pub height: u32,
    pub components: u8,
}

/// A JPEG's frame header, once its segments are whole up to the start of the image data, and that
/// data is there, ending with the end-of-image marker.
pub(crate) fn jpeg_frame(bytes: &[u8]) -> Option<JpegFrame> {
    let be16 = |at: usize| bytes.get(at..at + 2).map(|b| u16::from_be_bytes([b[0], b[1]]) as usize);
    let mut at = 2;
    let mut frame = None;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        while *bytes.get(at + 1)? == 0xFF {
            at += 1; // fill bytes
        }
        let marker = *bytes.get(at + 1)?;
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            at += 2; // a marker without a segment
            continue;
        }
        if marker == 0xD9 || marker == 0xD8 {
            return None; // the image ends, or starts again, before its data
        }
        let length = be16(at + 2)?;
        let end = (at + 2).checked_add(length)?;
        if length < 2 || end > bytes.len() {
            return None;
        }
        // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC): precision, height, width, components.
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            if length < 8 {
                return None;
            }
            frame = Some(JpegFrame {
                marker,
                precision: *bytes.get(at + 4)?,
                width: be16(at + 7)? as u32,
                height: be16(at + 5)? as u32,
                components: *bytes.get(at + 9)?,
            });
        }
        if marker == 0xDA {
            let data_and_end = bytes.len() - end;
            return frame.filter(|_| data_and_end > 2 && bytes.ends_with(&[0xFF, 0xD9]));
        }
        at = end;
    }
}

/// The names that make a PDF act rather than show: scripts, launching a program, embedded
/// files or media, dynamic (XFA) forms, actions run on opening or on events (`/AA`). An
/// `/OpenAction` that only shows a page is harmless; one that runs a script names `/JavaScript`.
const ACTIVE_KEYS: [&[u8]; 7] = [b"JavaScript", b"JS", b"AA", b"EmbeddedFiles", b"EmbeddedFile", b"RichMedia", b"XFA"];
const ACTIVE_NAMES: [&[u8]; 6] = [b"JavaScript", b"Launch", b"EmbeddedFile", b"RichMedia", b"FileAttachment", b"Movie"];

/// Parsed with lopdf (a file it cannot read is refused, as a viewer's repair could show what a
/// check did not see); every object is walked, compressed object streams included, since the
/// reader unpacks them.
fn check_pdf(bytes: &[u8], name: &str) -> Result<()> {
    let document = lopdf::Document::load_mem(bytes).map_err(|_| Error::ScanMalformed { name: name.to_string() })?;
    if document.objects.values().any(is_active) || is_active(&lopdf::Object::Dictionary(document.trailer.clone())) {
        return Err(Error::ScanActiveContent { name: name.to_string() });
    }
    Ok(())
}

/// Whether an object holds an active key or names an active action anywhere inside it (lopdf
/// bounds the nesting when it parses, so the recursion is bounded too).
fn is_active(object: &lopdf::Object) -> bool {
    use lopdf::Object;
    let dictionary_is_active = |dictionary: &lopdf::Dictionary| {
        dictionary.iter().any(|(key, value)| ACTIVE_KEYS.contains(&key.as_slice()) || is_active(value))
    };
    match object {
        Object::Name(name) => ACTIVE_NAMES.contains(&name.as_slice()),
        Object::Array(items) => items.iter().any(is_active),
        Object::Dictionary(dictionary) => dictionary_is_active(dictionary),
        Object::Stream(stream) => dictionary_is_active(&stream.dict),
        _ => false,
    }
}

/// The smallest PDF a reader opens (one blank page, a right cross-reference table), with
/// `comment` as a comment line: the scan the tests attach (the core's and the integration tests';
/// Balise refuses a scan it cannot parse).
#[doc(hidden)]
pub fn minimal_pdf(comment: &str) -> Vec<u8> {
    let mut pdf = format!("%PDF-1.4\n% {comment}\n").into_bytes();
    let mut offsets = Vec::new();
    for object in [
        "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n",
        "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n",
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n",
    ] {
        offsets.push(pdf.len());
        pdf.extend(object.as_bytes());
    }
    let xref = pdf.len();
    pdf.extend(b"xref\n0 4\n0000000000 65535 f \n");
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend(format!("trailer<</Size 4/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    pdf
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, expected: &str) {
        assert_eq!(display_name(raw), expected, "display_name({raw:?})");
    }

    #[test]
    fn original_names_lose_their_folders_and_control_characters() {
        check("lettre.pdf", "lettre.pdf");
        check("../../etc/passwd", "passwd");
        check("C:\\Users\\dir\\Lettre direction.pdf", "Lettre direction.pdf");
        check("a\u{0}b\nc.pdf", "abc.pdf");
        check("facture\u{202E}fdp.exe", "facturefdp.exe");
        check("..", "document");
        check("dossier/", "document");
        check("   ", "document");
        assert_eq!(display_name(&"é".repeat(300)).chars().count(), 120);
    }

    #[test]
    fn the_type_comes_from_the_content() {
        let mut odt = b"PK\x03\x04".to_vec();
        odt.extend([0u8; 26]);
        odt.extend(b"mimetypeapplication/vnd.oasis.opendocument.text");
        let mut docx = b"PK\x03\x04".to_vec();
        docx.extend([0u8; 40]);
        docx.extend(b"[Content_Types].xml...word/document.xml");
        for (bytes, expected) in [
            (b"%PDF-1.7\n".to_vec(), Some(MediaType::Pdf)),
            (b"\x89PNG\r\n\x1a\n....".to_vec(), Some(MediaType::Png)),
            (vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0], Some(MediaType::Jpeg)),
            (odt, Some(MediaType::Odt)),
            (docx, Some(MediaType::Docx)),
            (b"PK\x03\x04 a plain zip".to_vec(), None),
            (b"MZ\x90\x00 an executable".to_vec(), None),
            (b"<html>".to_vec(), None),
            (Vec::new(), None),
        ] {
            assert_eq!(
                MediaType::sniff(&bytes),
                expected,
                "{:?}",
                String::from_utf8_lossy(&bytes[..bytes.len().min(12)])
            );
        }
    }

    fn scan_check(name: &str, bytes: Vec<u8>) -> std::result::Result<(), &'static str> {
        check_scan(&NewAttachment::new(name, bytes)).map_err(|e| e.code())
    }

    /// A one-page PDF built with lopdf, `change` adding to its catalog and page; saved with
    /// compressed object streams when `packed`.
    fn pdf_with(
        packed: bool,
        change: impl FnOnce(&mut lopdf::Document, &mut lopdf::Dictionary, &mut lopdf::Dictionary),
    ) -> Vec<u8> {
        use lopdf::{dictionary, Object};
        let mut document = lopdf::Document::with_version("1.5");
        let pages_id = document.new_object_id();
        let mut page = dictionary! { "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()] };
        let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages_id };
        change(&mut document, &mut catalog, &mut page);
        let page_id = document.add_object(page);
        document.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 }),
        );
        let catalog_id = document.add_object(catalog);
        document.trailer.set("Root", catalog_id);
        let mut bytes = Vec::new();
        if packed {
            document.save_modern(&mut bytes).unwrap()
        } else {
            document.save_to(&mut bytes).unwrap()
        };
        bytes
    }

    /// Regression, issue 14 item 10: a PDF with JavaScript or a Launch action was accepted as a
    /// form's scan. Every kind of active content is refused, also inside a compressed object stream.
    #[test]
    fn a_pdf_with_active_content_is_refused() {
        use lopdf::{dictionary, Object, Stream};
        assert_eq!(scan_check("f.pdf", minimal_pdf("formulaire")), Ok(()), "a plain PDF is a scan");
        assert_eq!(scan_check("f.pdf", pdf_with(false, |_, _, _| {})), Ok(()));
        assert_eq!(scan_check("f.pdf", pdf_with(true, |_, _, _| {})), Ok(()), "object streams are fine");
        let shows_a_page = pdf_with(false, |_, catalog, _| catalog.set("OpenAction", vec![Object::Null, "Fit".into()]));
        assert_eq!(scan_check("f.pdf", shows_a_page), Ok(()), "an OpenAction that only shows a page");
        type Change = fn(&mut lopdf::Document, &mut lopdf::Dictionary, &mut lopdf::Dictionary);
        let cases: [(&str, Change); 7] = [
            ("OpenAction with JavaScript", |_, catalog, _| {
                catalog.set(
                    "OpenAction",
                    dictionary! { "S" => "JavaScript", "JS" => Object::string_literal("app.alert(1)") },
                )
            }),
            ("Launch on a page event (AA)", |_, _, page| {
                page.set(
                    "AA",
                    dictionary! { "O" => dictionary! { "S" => "Launch", "F" => Object::string_literal("calc.exe") } },
                )
            }),
            ("JavaScript in the name tree", |document, catalog, _| {
                let script =
                    document.add_object(dictionary! { "S" => "JavaScript", "JS" => Object::string_literal("x") });
                catalog.set("Names", dictionary! { "JavaScript" => dictionary! { "Names" => vec![Object::string_literal("a"), script.into()] } })
            }),
            ("an embedded file", |document, catalog, _| {
                let file = document.add_object(Stream::new(dictionary! { "Type" => "EmbeddedFile" }, b"MZ".to_vec()));
                let spec = dictionary! { "Type" => "Filespec", "F" => Object::string_literal("a.exe"), "EF" => dictionary! { "F" => file } };
                catalog.set("Names", dictionary! { "EmbeddedFiles" => dictionary! { "Names" => vec![Object::string_literal("a"), spec.into()] } })
            }),
            ("an XFA form", |document, catalog, _| {
                let xfa = document.add_object(Stream::new(dictionary! {}, b"<xdp/>".to_vec()));
                catalog.set("AcroForm", dictionary! { "Fields" => Vec::<Object>::new(), "XFA" => xfa })
            }),
            ("rich media", |_, _, page| {
                page.set("Annots", vec![dictionary! { "Type" => "Annot", "Subtype" => "RichMedia" }.into()])
            }),
            ("a file attachment annotation", |_, _, page| {
                page.set("Annots", vec![dictionary! { "Type" => "Annot", "Subtype" => "FileAttachment" }.into()])
            }),
        ];
        for (label, change) in cases {
            for packed in [false, true] {
                let bytes = pdf_with(packed, change);
                assert_eq!(scan_check("f.pdf", bytes), Err("scan_active_content"), "{label}, object streams: {packed}");
            }
        }
        let err = check_scan(&NewAttachment::new("f.pdf", pdf_with(true, cases[0].1))).unwrap_err();
        assert!(
            err.to_string().contains("imprimez-le en PDF") && err.to_string().contains("Numérisez de nouveau"),
            "{err}"
        );
        assert_eq!(
            scan_check("f.pdf", b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec()),
            Err("scan_malformed")
        );
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
            out.extend((data.len() as u32).to_be_bytes());
            let mut crc = flate2::Crc::new();
            crc.update(kind);
            crc.update(data);
            out.extend(kind);
            out.extend(data);
            out.extend(crc.sum().to_be_bytes());
        }
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let header = [&width.to_be_bytes()[..], &height.to_be_bytes(), &[8, 0, 0, 0, 0]].concat();
        chunk(&mut out, b"IHDR", &header);
        // One grey pixel (filter 0, value 0), zlib-compressed: a whole image when 1 × 1.
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut zlib, &[0, 0]).unwrap();
        chunk(&mut out, b"IDAT", &zlib.finish().unwrap());
        chunk(&mut out, b"IEND", b"");
        out
    }

    fn jpeg(width: u16, height: u16) -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8];
        out.extend([0xFF, 0xE0, 0x00, 0x10]);
        out.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        out.extend([0xFF, 0xDB, 0x00, 0x43, 0x00]);
        out.extend([1u8; 64]);
        out.extend([0xFF, 0xC0, 0x00, 0x0B, 0x08]);
        out.extend(height.to_be_bytes());
        out.extend(width.to_be_bytes());
        out.extend([0x01, 0x01, 0x11, 0x00]);
        out.extend([0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01]);
        out.extend([0u8; 15]);
        out.extend([0x00]);
        out.extend([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
        out.extend([0x7F, 0xA0, 0xFF, 0x00, 0x12]);
        out.extend([0xFF, 0xD9]);
        out
    }

    /// Regression, issue 14 item 10: a PNG declaring 100,000 × 100,000 pixels and a 41-byte
    /// "JPEG" were accepted as a form's scan. An image's header is parsed and its size bounded.
    #[test]
    fn an_image_scan_has_a_whole_header_and_bounded_dimensions() {
        assert_eq!(scan_check("s.png", png(1, 1)), Ok(()));
        assert_eq!(scan_check("s.png", png(5_100, 6_600)), Ok(()), "a letter page at 600 ppp");
        assert_eq!(scan_check("s.jpg", jpeg(2_550, 3_300)), Ok(()), "a letter page at 300 ppp");
        for (label, bytes) in [
            ("PNG 100,000 × 100,000", png(100_000, 100_000)),
            ("PNG 12,001 × 10", png(12_001, 10)),
            ("PNG 11,000 × 11,000 (121 megapixels)", png(11_000, 11_000)),
            ("JPEG 60,000 × 60,000", jpeg(60_000, 60_000)),
            ("JPEG 10 × 12,001", jpeg(10, 12_001)),
        ] {
            assert_eq!(scan_check("s", bytes), Err("scan_image_too_large"), "{label}");
        }
        let err = check_scan(&NewAttachment::new("s.png", png(100_000, 100_000))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "« s.png » est une image de 100000 × 100000 pixels : une numérisation en a bien moins (au plus 12 000 pixels de côté et 100 mégapixels). Numérisez de nouveau à 300 ppp ; rien n'a été enregistré."
        );

        let mut forty_one = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        forty_one.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        forty_one.extend([0x55; 19]);
        forty_one.extend([0xFF, 0xD9]);
        assert_eq!(forty_one.len(), 41);
        let mut bad_crc = png(1, 1);
        bad_crc[20] ^= 1;
        let whole_jpeg = jpeg(100, 100);
        for (label, bytes) in [
            ("a 41-byte JPEG", forty_one),
            ("a JPEG cut in its image data", whole_jpeg[..whole_jpeg.len() - 4].to_vec()),
            ("a JPEG cut in its frame header", whole_jpeg[..100].to_vec()),
            ("a JPEG of zero width", jpeg(0, 10)),
            ("a PNG cut after its header", png(1, 1)[..33].to_vec()),
            ("a PNG whose header fails its CRC", bad_crc),
            ("a PNG of zero height", png(1, 0)),
        ] {
            assert_eq!(scan_check("s", bytes), Err("scan_malformed"), "{label}");
        }
    }

    #[test]
    fn sizes_are_written_in_french() {
        let Error::AttachmentTooLarge { megabytes, .. } = too_large("x.pdf", 21 * 1024 * 1024 + 100_000) else {
            panic!("too_large must give AttachmentTooLarge")
        };
        assert_eq!(megabytes, "21,1");
    }
}
