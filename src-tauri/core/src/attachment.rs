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

/// Scans (a returned form, a written confirmation): PDF, JPEG or PNG only, at most 20 MB, and well formed enough to be
/// opened (a truncated or mislabelled file is refused before anything is saved).
pub fn check_scan(scan: &NewAttachment) -> Result<()> {
    let name = display_name(&scan.original_name);
    if scan.bytes.len() as u64 > MAX_BYTES {
        // insert says it with the size.
        return Ok(());
    }
    let media = MediaType::sniff(&scan.bytes);
    let well_formed = match media {
        Some(MediaType::Pdf) => {
            let tail = &scan.bytes[scan.bytes.len().saturating_sub(1024)..];
            tail.windows(5).any(|w| w == b"%%EOF")
        }
        Some(MediaType::Png) => {
            scan.bytes.len() > 33
                && &scan.bytes[12..16] == b"IHDR"
                && scan.bytes.windows(4).rev().take(64).any(|w| w == b"IEND")
        }
        Some(MediaType::Jpeg) => {
            let tail = &scan.bytes[scan.bytes.len().saturating_sub(64)..];
            tail.windows(2).any(|w| w == [0xFF, 0xD9])
        }
        Some(MediaType::Docx | MediaType::Odt) | None => return Err(Error::ScanUnsupported { name }),
    };
    if !well_formed {
        return Err(Error::ScanMalformed { name });
    }
    Ok(())
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

    #[test]
    fn sizes_are_written_in_french() {
        let Error::AttachmentTooLarge { megabytes, .. } = too_large("x.pdf", 21 * 1024 * 1024 + 100_000) else {
            panic!("too_large must give AttachmentTooLarge")
        };
        assert_eq!(megabytes, "21,1");
    }
}
