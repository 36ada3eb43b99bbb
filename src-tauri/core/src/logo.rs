//! The organisation's logo, printed at the top of every document (SPEC, « organisation (CSS name,
//! logo) »; issue 15, item 12). Chosen in Paramètres, it is checked on the way in — a PNG or JPEG
//! by its content, at most 2 MB and 4,000 pixels a side, the image whole (a PNG decoded to its
//! last row, a JPEG's segments read up to its end) and in a form every PDF reader shows (8-bit
//! JPEG in grey or RGB, baseline or progressive) — then kept encrypted in the store as an
//! attachment with its SHA-256, pointed to by a settings row. Choosing, replacing and removing it
//! are journaled; a refused file leaves everything as it was.
//!
//! For printing, a JPEG is embedded as it is; a PNG is decoded to 8-bit grey or RGB samples with
//! its transparency apart (the PDF's soft mask), reduced to at most 1,200 pixels on its long side.

use std::io::Cursor;

use serde::Serialize;

use crate::attachment::{self, AttachmentMeta, MediaType, NewAttachment};
use crate::error::{Error, Result};
use crate::settings;
use crate::store::Db;

/// A logo is a small picture: 2 MB is far more than any letterhead's needs.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// Pixels a side, at most: 4,000 pixels print a 14 mm logo at well over 1,000 dpi.
pub const MAX_SIDE: u32 = 4_000;
/// A decoded PNG is reduced to this many pixels on its long side for printing: 45 mm (the widest
/// a logo prints) at 675 dpi.
pub const PRINT_MAX_SIDE: u32 = 1_200;

/// The logo as the page engine embeds it.
#[derive(Clone, PartialEq, Eq)]
pub struct Logo {
    pub width: u32,
    pub height: u32,
    /// The SHA-256 of the stored file (hex): names the image inside a PDF.
    pub sha256: String,
    pub picture: Picture,
}

/// The pixels, in a form a PDF takes as it is.
#[derive(Clone, PartialEq, Eq)]
pub enum Picture {
    /// A JPEG's bytes, embedded untouched (PDF's DCTDecode): 1 (grey) or 3 (RGB) components.
    Jpeg { bytes: Vec<u8>, components: u8 },
    /// 8-bit samples, row by row: grey (1 per pixel) or RGB (3), and the opacity of each pixel
    /// apart when the image has transparency.
    Pixels { rgb: bool, samples: Vec<u8>, alpha: Option<Vec<u8>> },
}

impl std::fmt::Debug for Logo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match &self.picture {
            Picture::Jpeg { .. } => "JPEG",
            Picture::Pixels { alpha: Some(_), .. } => "pixels + alpha",
            Picture::Pixels { .. } => "pixels",
        };
        write!(f, "Logo({} × {}, {kind})", self.width, self.height)
    }
}

/// The logo in store, as Paramètres shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogoInfo {
    pub attachment: AttachmentMeta,
    pub width: u32,
    pub height: u32,
}

/// Why a file is refused, in French and English.
struct Refusal(&'static str, &'static str);

fn refused(name: &str, Refusal(reason, reason_en): Refusal) -> Error {
    Error::LogoRefused { name: attachment::display_name(name), reason: reason.into(), reason_en: reason_en.into() }
}

/// Checks a file chosen as the logo: its type by its content (PNG or JPEG), at most 2 MB, its
/// dimensions bounded before anything is decoded, and the whole image readable. Returns it decoded
/// at full size.
pub fn check(file: &NewAttachment) -> Result<Logo> {
    decode(&file.bytes, None).map_err(|refusal| refused(&file.original_name, refusal))
}

/// Decodes a checked logo; a PNG larger than `max_side` on its long side is reduced to it.
fn decode(bytes: &[u8], max_side: Option<u32>) -> std::result::Result<Logo, Refusal> {
    if bytes.len() > MAX_BYTES {
        return Err(Refusal("le fichier dépasse 2 Mo", "the file is over 2 MB"));
    }
    let sha256 = attachment::sha256_hex(bytes);
    let logo = match MediaType::sniff(bytes) {
        Some(MediaType::Png) => png_logo(bytes, sha256, max_side)?,
        Some(MediaType::Jpeg) => jpeg_logo(bytes, sha256)?,
        _ => return Err(Refusal("ce n'est pas une image PNG ou JPEG", "it is not a PNG or JPEG image")),
    };
    Ok(logo)
}

fn bounded(width: u32, height: u32) -> std::result::Result<(), Refusal> {
    if width == 0 || height == 0 {
        return Err(Refusal("l'image est vide (0 pixel)", "the image is empty (0 pixels)"));
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(Refusal("l'image dépasse 4 000 pixels de côté", "the image is over 4,000 pixels a side"));
    }
    Ok(())
}

const DAMAGED: Refusal = Refusal("l'image est endommagée ou incomplète", "the image is damaged or incomplete");

fn jpeg_logo(bytes: &[u8], sha256: String) -> std::result::Result<Logo, Refusal> {
    let frame = attachment::jpeg_frame(bytes).ok_or(DAMAGED)?;
    bounded(frame.width, frame.height)?;
    // Baseline, extended and progressive Huffman coding, 8 bits: what every PDF reader decodes.
    if !matches!(frame.marker, 0xC0..=0xC2) || frame.precision != 8 {
        return Err(Refusal(
            "ce codage JPEG (sans perte, arithmétique ou 12 bits) n'est pas lu par tous les lecteurs de PDF ; \
             enregistrez l'image de nouveau en JPEG ordinaire ou en PNG",
            "this JPEG coding (lossless, arithmetic or 12-bit) is not read by every PDF reader; save the image \
             again as an ordinary JPEG or as a PNG",
        ));
    }
    if !matches!(frame.components, 1 | 3) {
        return Err(Refusal(
            "c'est un JPEG en CMJN (pour l'imprimeur) ; enregistrez-le en RVB ou en PNG",
            "it is a CMYK JPEG (for a print shop); save it as RGB or as a PNG",
        ));
    }
    Ok(Logo {
        width: frame.width,
        height: frame.height,
        sha256,
        picture: Picture::Jpeg { bytes: bytes.to_vec(), components: frame.components },
    })
}

fn png_logo(bytes: &[u8], sha256: String, max_side: Option<u32>) -> std::result::Result<Logo, Refusal> {
    // Chunks whole, CRCs right, IEND reached, before the decoder sees it.
    let (width, height) = attachment::png_size(bytes).ok_or(DAMAGED)?;
    bounded(width, height)?;
    // 4,000 × 4,000 RGBA is 64 MB; the decoder's own buffers stay within the limit.
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), png::Limits { bytes: 96 * 1024 * 1024 });
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|_| DAMAGED)?;
    let size = reader.output_buffer_size().ok_or(DAMAGED)?;
    let mut buffer = vec![0; size];
    let frame = reader.next_frame(&mut buffer).map_err(|_| DAMAGED)?;
    buffer.truncate(frame.buffer_size());
    let (colour, depth) = reader.output_color_type();
    if depth != png::BitDepth::Eight {
        return Err(DAMAGED);
    }
    let (channels, rgb) = match colour {
        png::ColorType::Grayscale => (1, false),
        png::ColorType::GrayscaleAlpha => (2, false),
        png::ColorType::Rgb => (3, true),
        png::ColorType::Rgba => (4, true),
        png::ColorType::Indexed => return Err(DAMAGED), // expanded by the transformations
    };
    let (width, height) = (frame.width, frame.height);
    if buffer.len() != width as usize * height as usize * channels {
        return Err(DAMAGED);
    }
    let colours = if rgb { 3 } else { 1 };
    let (mut samples, mut alpha) = if channels == colours {
        (buffer, None)
    } else {
        let mut samples = Vec::with_capacity(width as usize * height as usize * colours);
        let mut alpha = Vec::with_capacity(width as usize * height as usize);
        for pixel in buffer.chunks_exact(channels) {
            samples.extend_from_slice(&pixel[..colours]);
            alpha.push(pixel[colours]);
        }
        // Opaque everywhere: no mask.
        (samples, Some(alpha).filter(|alpha| alpha.iter().any(|a| *a != 255)))
    };
    let (mut width, mut height) = (width, height);
    if let Some(max_side) = max_side {
        let factor = width.max(height).div_ceil(max_side.max(1));
        if factor > 1 {
            (samples, alpha, width, height) = reduce(&samples, alpha.as_deref(), colours, width, height, factor);
        }
    }
    Ok(Logo { width, height, sha256, picture: Picture::Pixels { rgb, samples, alpha } })
}

type Reduced = (Vec<u8>, Option<Vec<u8>>, u32, u32);

/// The image shrunk by `factor` in each direction, each new pixel the mean of the block it covers;
/// colours weighted by their opacity, so transparent pixels (often black) leave no dark fringe.
fn reduce(samples: &[u8], alpha: Option<&[u8]>, colours: usize, width: u32, height: u32, factor: u32) -> Reduced {
    let (w, h, f) = (width as usize, height as usize, factor as usize);
    let (new_w, new_h) = (w.div_ceil(f), h.div_ceil(f));
    let mut out = Vec::with_capacity(new_w * new_h * colours);
    let mut out_alpha = alpha.map(|_| Vec::with_capacity(new_w * new_h));
    for by in 0..new_h {
        for bx in 0..new_w {
            let mut sums = [0u64; 3];
            let (mut weight, mut count) = (0u64, 0u64);
            for y in by * f..((by + 1) * f).min(h) {
                for x in bx * f..((bx + 1) * f).min(w) {
                    let i = y * w + x;
                    let a = alpha.map_or(255, |alpha| u64::from(alpha[i]));
                    for (c, sum) in sums.iter_mut().enumerate().take(colours) {
                        *sum += u64::from(samples[i * colours + c]) * a;
                    }
                    weight += a;
                    count += 1;
                }
            }
            for sum in sums.iter().take(colours) {
                // A block wholly transparent: white, the paper it will show.
                out.push((sum + weight / 2).checked_div(weight).map_or(255, |mean| mean as u8));
            }
            if let Some(out_alpha) = out_alpha.as_mut() {
                out_alpha.push(((weight + count / 2) / count.max(1)) as u8);
            }
        }
    }
    (out, out_alpha, new_w as u32, new_h as u32)
}

/// The logo in store, for Paramètres; `None` when none is chosen.
pub fn info(db: &Db) -> Result<Option<LogoInfo>> {
    Ok(stored(db)?.map(|(info, _)| info))
}

/// The logo in store with its file's bytes (checked against their SHA-256), for its preview.
pub fn read(db: &Db) -> Result<Option<(LogoInfo, Vec<u8>)>> {
    stored(db)
}

/// The logo to print, decoded and reduced for the page; `None` when none is chosen.
pub fn for_print(db: &Db) -> Result<Option<Logo>> {
    let Some((info, bytes)) = stored(db)? else { return Ok(None) };
    decode(&bytes, Some(PRINT_MAX_SIDE)).map(Some).map_err(|refusal| refused(&info.attachment.original_name, refusal))
}

fn stored(db: &Db) -> Result<Option<(LogoInfo, Vec<u8>)>> {
    let Some(id) = settings::logo_attachment(&db.conn)? else { return Ok(None) };
    let content = attachment::open(db, id)?;
    let (width, height) = dimensions(&content.bytes).unwrap_or((0, 0));
    Ok(Some((LogoInfo { attachment: content.meta, width, height }, content.bytes)))
}

/// The declared size of a checked PNG or JPEG.
fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    match MediaType::sniff(bytes)? {
        MediaType::Png => attachment::png_size(bytes),
        MediaType::Jpeg => attachment::jpeg_frame(bytes).map(|frame| (frame.width, frame.height)),
        _ => None,
    }
}

/// Chooses `file` as the logo, or replaces the one in store (whose file is then removed: a logo
/// holds no personal information and nothing else points to it). Checked first: a refused file
/// leaves everything as it was. One journal entry names the attachment, its type, size and
/// SHA-256.
pub fn set(db: &mut Db, file: &NewAttachment) -> Result<LogoInfo> {
    let logo = check(file)?;
    db.exclusive(|db| {
        let previous = settings::logo_attachment(&db.conn)?;
        let at = db.clock().now_rfc3339();
        let action = if previous.is_some() { "logo.remplacement" } else { "logo.choix" };
        db.write(action, "logo", |tx| {
            let meta = attachment::insert(tx, file, &at)?;
            settings::store_logo_attachment_in(tx, Some(meta.id))?;
            let mut summary = format!(
                "logo de l'organisation : pièce {} ({}, {} × {} pixels, {} octets, SHA-256 {})",
                meta.id,
                meta.media_type.mime(),
                logo.width,
                logo.height,
                meta.size,
                meta.sha256
            );
            if let Some(old) = previous {
                attachment::remove_in(tx, old)?;
                summary.push_str(&format!(", remplace la pièce {old}"));
            }
            Ok((LogoInfo { attachment: meta, width: logo.width, height: logo.height }, summary))
        })
    })
}

/// Removes the logo: documents print without it again. Returns whether there was one; nothing is
/// written when there was none.
pub fn remove(db: &mut Db) -> Result<bool> {
    db.exclusive(|db| {
        let Some(old) = settings::logo_attachment(&db.conn)? else { return Ok(false) };
        db.write("logo.retrait", "logo", |tx| {
            settings::store_logo_attachment_in(tx, None)?;
            attachment::remove_in(tx, old)?;
            Ok((true, format!("logo de l'organisation retiré (pièce {old})")))
        })
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::test_store::fresh;

    /// Balise's own icon: a real PNG, 16 bits per sample, RGBA with transparent corners.
    pub(crate) const ICON: &[u8] = include_bytes!("../../../icons/128x128.png");

    /// A PNG of `width` × `height` in `colour` (8 bits), each pixel from `pixel(x, y)`.
    pub(crate) fn png(
        width: u32,
        height: u32,
        colour: png::ColorType,
        pixel: impl Fn(u32, u32) -> Vec<u8>,
        palette: Option<(&[u8], &[u8])>,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(colour);
        encoder.set_depth(png::BitDepth::Eight);
        if let Some((palette, trns)) = palette {
            encoder.set_palette(palette.to_vec());
            encoder.set_trns(trns.to_vec());
        }
        let mut writer = encoder.write_header().unwrap();
        let samples: Vec<u8> =
            (0..height).flat_map(|y| (0..width).flat_map(|x| pixel(x, y)).collect::<Vec<_>>()).collect();
        writer.write_image_data(&samples).unwrap();
        writer.finish().unwrap();
        out
    }

    /// A wide emblem, 600 × 120: a blue band, its left end a disc, on a transparent ground.
    pub(crate) fn wide_png() -> Vec<u8> {
        png(
            600,
            120,
            png::ColorType::Rgba,
            |x, y| {
                let (dx, dy) = (x as i64 - 60, y as i64 - 60);
                let disc = dx * dx + dy * dy <= 55 * 55;
                let band = (30..90).contains(&y) && x < 590;
                if disc {
                    vec![200, 40, 40, 255]
                } else if band {
                    vec![20, 70, 160, 255]
                } else {
                    vec![0, 0, 0, 0]
                }
            },
            None,
        )
    }

    /// A JPEG's first segments with the frame header `sof` (its marker, precision, size and
    /// components), then a token of image data and the end marker: what the check reads.
    fn jpeg(marker: u8, precision: u8, width: u16, height: u16, components: u8) -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        out.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        let length = 8 + 3 * u16::from(components);
        out.extend([0xFF, marker]);
        out.extend(length.to_be_bytes());
        out.push(precision);
        out.extend(height.to_be_bytes());
        out.extend(width.to_be_bytes());
        out.push(components);
        for id in 0..components {
            out.extend([id + 1, 0x11, 0x00]);
        }
        out.extend([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
        out.extend([0x7F, 0xA0, 0xFF, 0x00, 0x12]);
        out.extend([0xFF, 0xD9]);
        out
    }

    fn checked(name: &str, bytes: Vec<u8>) -> std::result::Result<Logo, String> {
        check(&NewAttachment::new(name, bytes)).map_err(|e| e.to_string())
    }

    /// What a logo may be (issue 15, item 12: « PNG or JPEG, checked »): each file, and what
    /// Balise says of it.
    #[test]
    fn a_logo_is_a_png_or_jpeg_checked_before_it_is_kept() {
        let opaque = png(300, 100, png::ColorType::Rgb, |x, _| vec![x as u8, 80, 160], None);
        let grey = png(40, 40, png::ColorType::Grayscale, |x, y| vec![(x * y) as u8], None);
        let indexed = png(
            20,
            10,
            png::ColorType::Indexed,
            |x, _| vec![(x % 2) as u8],
            Some((&[255, 0, 0, 0, 0, 255], &[0, 255])),
        );
        let mut padded = png(10, 10, png::ColorType::Rgb, |_, _| vec![1, 2, 3], None);
        padded.splice(33..33, text_chunk(MAX_BYTES));
        let mut truncated = opaque.clone();
        truncated.truncate(opaque.len() - 20);
        let bad_data = png_with_idat(b"not zlib at all");
        // Each: the file, then its size and kind once accepted, or a piece of the refusal.
        type Accepted<'a> = (&'a str, Vec<u8>, (u32, u32), &'a str);
        let accepted: [Accepted; 6] = [
            ("Balise's icon: 16 bits, RGBA", ICON.to_vec(), (128, 128), "rgb+alpha"),
            ("an opaque RGB PNG has no mask", opaque, (300, 100), "rgb"),
            ("a grey PNG", grey, (40, 40), "grey"),
            ("a palette with a transparent entry", indexed, (20, 10), "rgb+alpha"),
            ("a baseline RGB JPEG", jpeg(0xC0, 8, 320, 100, 3), (320, 100), "jpeg 3"),
            ("a progressive grey JPEG", jpeg(0xC2, 8, 4000, 1000, 1), (4000, 1000), "jpeg 1"),
        ];
        for (label, bytes, size, kind) in accepted {
            let logo = checked("logo", bytes).unwrap_or_else(|e| panic!("{label}: {e}"));
            assert_eq!((logo.width, logo.height), size, "{label}");
            let found = match &logo.picture {
                Picture::Jpeg { components, .. } => format!("jpeg {components}"),
                Picture::Pixels { rgb, alpha, .. } => {
                    format!("{}{}", if *rgb { "rgb" } else { "grey" }, if alpha.is_some() { "+alpha" } else { "" })
                }
            };
            assert_eq!(found, kind, "{label}");
        }
        let refused: [(&str, Vec<u8>, &str); 12] = [
            ("a PDF", crate::attachment::minimal_pdf("logo"), "ce n'est pas une image PNG ou JPEG"),
            ("a GIF", b"GIF89a\x01\x00\x01\x00".to_vec(), "ce n'est pas une image PNG ou JPEG"),
            ("an empty file", Vec::new(), "ce n'est pas une image PNG ou JPEG"),
            ("a PNG over 2 MB", padded, "le fichier dépasse 2 Mo"),
            ("a PNG 4,001 pixels wide", png(4001, 1, png::ColorType::Grayscale, |_, _| vec![0], None), "4 000 pixels"),
            ("a JPEG 4,001 pixels high", jpeg(0xC0, 8, 10, 4001, 3), "4 000 pixels"),
            ("a PNG cut short", truncated, "endommagée ou incomplète"),
            ("a PNG whose data is not deflated", bad_data, "endommagée ou incomplète"),
            ("a CMYK JPEG", jpeg(0xC0, 8, 100, 100, 4), "CMJN"),
            ("a 12-bit JPEG", jpeg(0xC1, 12, 100, 100, 3), "12 bits"),
            ("a lossless JPEG", jpeg(0xC3, 8, 100, 100, 3), "sans perte"),
            ("an arithmetic-coded JPEG", jpeg(0xC9, 8, 100, 100, 3), "arithmétique"),
        ];
        for (label, bytes, reason) in refused {
            let error = checked("C:\\Images\\logo.png", bytes).map(|_| ()).unwrap_err();
            assert!(error.starts_with("« logo.png » ne peut pas servir de logo : "), "{label}: {error}");
            assert!(error.contains(reason), "{label}: {error}");
            assert!(error.ends_with("rien n'a été enregistré."), "{label}: {error}");
        }
    }

    /// A `tEXt` chunk whose text is `size` bytes.
    fn text_chunk(size: usize) -> Vec<u8> {
        let mut data = b"Comment\0".to_vec();
        data.resize(size, b'x');
        chunk(b"tEXt", &data)
    }

    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend(kind);
        out.extend(data);
        out.extend(crc.sum().to_be_bytes());
        out
    }

    /// A 1 × 1 grey PNG whose IDAT chunk (right CRC) holds `data`.
    fn png_with_idat(data: &[u8]) -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        out.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
        out.extend(chunk(b"IDAT", data));
        out.extend(chunk(b"IEND", b""));
        out
    }

    /// A PNG far larger than a printed logo needs is reduced for the page, colours weighted by
    /// their opacity: a block half transparent black, half opaque red prints red, half opaque.
    #[test]
    fn a_large_png_is_reduced_for_printing_with_its_transparency() {
        let bytes = png(
            2500,
            1000,
            png::ColorType::Rgba,
            |x, _| {
                if x % 3 == 0 {
                    vec![0, 0, 0, 0]
                } else {
                    vec![200, 0, 0, 255]
                }
            },
            None,
        );
        let full = checked("grand.png", bytes.clone()).unwrap();
        assert_eq!((full.width, full.height), (2500, 1000), "checked at full size");
        let printed = decode(&bytes, Some(PRINT_MAX_SIDE)).map_err(|Refusal(fr, _)| fr).unwrap();
        assert_eq!((printed.width, printed.height), (834, 334), "a third: 2,500 / 1,200 rounded up");
        let Picture::Pixels { rgb: true, samples, alpha: Some(alpha) } = &printed.picture else {
            panic!("RGB with a mask: {printed:?}")
        };
        assert_eq!(&samples[..3], &[200, 0, 0], "no dark fringe from the transparent black");
        assert_eq!(alpha[0], 170, "two thirds opaque");
        assert_eq!(samples.len(), 834 * 334 * 3);
    }

    fn journal(db: &Db) -> Vec<String> {
        crate::audit::latest(&db.conn, 50).unwrap().iter().map(|e| format!("{} | {}", e.action, e.summary)).collect()
    }

    fn attachments(db: &Db) -> i64 {
        db.conn.query_row("SELECT count(*) FROM attachments", [], |r| r.get(0)).unwrap()
    }

    /// Choosing, replacing and removing the logo are journaled; the replaced file goes; a refused
    /// file changes nothing; the settings row is not a setting one types.
    #[test]
    fn the_logo_is_chosen_replaced_and_removed_with_a_journal_entry_each() {
        let mut store = fresh("2025-08-20");
        let db = &mut store.db;
        assert_eq!(info(db).unwrap(), None);
        assert!(for_print(db).unwrap().is_none());
        assert!(!remove(db).unwrap(), "nothing to remove");
        let entries = journal(db).len();

        let chosen = set(db, &NewAttachment::new("logo-css.png", ICON.to_vec())).unwrap();
        assert_eq!((chosen.width, chosen.height), (128, 128));
        assert_eq!(chosen.attachment.media_type, MediaType::Png);
        assert_eq!(chosen.attachment.original_name, "logo-css.png");
        assert_eq!(info(db).unwrap().as_ref(), Some(&chosen));
        let (_, bytes) = read(db).unwrap().unwrap();
        assert_eq!(bytes, ICON, "kept whole, encrypted in the store");
        let latest = &journal(db)[0];
        assert!(latest.starts_with("logo.choix | logo de l'organisation : pièce "), "{latest}");
        assert!(
            latest.contains("image/png, 128 × 128 pixels") && latest.contains(&chosen.attachment.sha256),
            "{latest}"
        );
        assert_eq!(journal(db).len(), entries + 1);

        // Refused: nothing changes, not even the journal.
        let before = (journal(db).len(), attachments(db));
        let refused = set(db, &NewAttachment::new("photo.gif", b"GIF89a".to_vec())).unwrap_err();
        assert_eq!(refused.code(), "logo_refused");
        assert_eq!((journal(db).len(), attachments(db)), before);
        assert_eq!(info(db).unwrap().as_ref(), Some(&chosen));

        let replaced = set(db, &NewAttachment::new("large.png", wide_png())).unwrap();
        assert_eq!((replaced.width, replaced.height), (600, 120));
        assert_eq!(attachments(db), 1, "the replaced file is removed");
        let latest = &journal(db)[0];
        assert!(latest.starts_with("logo.remplacement |"), "{latest}");
        assert!(latest.ends_with(&format!("remplace la pièce {}", chosen.attachment.id)), "{latest}");
        let printed = for_print(db).unwrap().unwrap();
        assert_eq!((printed.width, printed.height), (600, 120));

        assert!(remove(db).unwrap());
        assert_eq!(info(db).unwrap(), None);
        assert_eq!(attachments(db), 0);
        assert!(journal(db)[0]
            .starts_with(&format!("logo.retrait | logo de l'organisation retiré (pièce {})", replaced.attachment.id)));
        let after = journal(db).len();
        assert!(!remove(db).unwrap());
        assert_eq!(journal(db).len(), after, "removing no logo writes nothing");

        // The row is not a setting: `settings set` does not know it, `settings get` does not list it.
        assert_eq!(settings::Key::parse("logo_attachment").unwrap_err().code(), "unknown_setting");
        assert_eq!(crate::audit::verify_chain(&db.conn).unwrap(), None, "the journal's chain holds");
    }
}
