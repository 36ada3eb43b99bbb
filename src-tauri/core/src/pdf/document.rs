//! Turning built pages into PDF bytes: the embedded fonts, the document's metadata and its date
//! (always passed in, so a reprint is reproducible and tests need no clock), and building the
//! pages of a long batch on several threads.
//!
//! printpdf embeds the fonts, subset to the glyphs the document uses; the pages' content streams
//! are written by `Page` itself and compressed on every core. printpdf would translate and
//! compress 1,000 pages one after the other, which took ~0.9 s of the 1.1 s a batch of 1,000
//! consent forms cost; see `render_document`.

use std::collections::BTreeMap;
use std::io::Write as _;

use chrono::NaiveDate;
use lopdf::{dictionary, Object, ObjectId, Stream};
use printpdf::{
    Codepoint, Mm, OffsetDateTime, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfParseErrorSeverity,
    PdfSaveOptions, Pt, TextItem,
};

use super::fonts::Face;
use super::page::Page;
use super::PdfError;

/// What a document says about itself in its properties.
#[derive(Clone, Copy, Debug)]
pub struct DocumentInfo<'a> {
    pub title: &'a str,
    /// Written as the creation and modification dates (midnight UTC of that day).
    pub created_on: NaiveDate,
}

/// Serialises `pages` into a PDF, embedding, subset, only the faces the pages use.
///
/// How: the glyphs used by all pages are collected per face, and printpdf is handed a document
/// of one page that shows each of them once. It subsets the faces and writes their dictionaries
/// (widths, ToUnicode for text extraction), and the codes it writes on that page are the codes
/// of the subset fonts. That page is then replaced by the real pages, whose content streams are
/// written with those codes and compressed in parallel.
pub fn render_document(info: &DocumentInfo<'_>, pages: Vec<Page>) -> Result<Vec<u8>, PdfError> {
    let Some(first_page) = pages.first() else {
        return Err(PdfError::NoPages);
    };
    let date = pdf_date(info.created_on)?;
    let used = used_glyphs(&pages);

    let mut document = PdfDocument::new(info.title);
    document.metadata.info.creation_date = date;
    document.metadata.info.modification_date = date;
    document.metadata.info.metadata_date = date;
    document.metadata.info.creator = "Balise".to_string();
    document.metadata.info.producer = "Balise".to_string();
    let mut census = Vec::new();
    for (face, glyphs) in Face::ALL.into_iter().zip(&used) {
        if glyphs.is_empty() {
            continue;
        }
        document.resources.fonts.map.insert(face.font_id(), PdfFont::new(face.parsed_font().clone()));
        let codepoints =
            glyphs.iter().map(|(glyph, c)| Codepoint { gid: *glyph, offset: 0.0, cid: Some(c.to_string()) }).collect();
        census.extend([
            Op::StartTextSection,
            Op::SetFont { font: PdfFontHandle::External(face.font_id()), size: Pt(10.0) },
            Op::ShowText { items: vec![TextItem::GlyphIds(codepoints)] },
            Op::EndTextSection,
        ]);
    }
    document.pages = vec![PdfPage::new(Mm(first_page.width_mm()), Mm(first_page.height_mm()), census)];

    let mut warnings = Vec::new();
    // `optimize: false`: printpdf compresses nothing, so the census page can be read back.
    let options = PdfSaveOptions { optimize: false, ..PdfSaveOptions::default() };
    let mut serialised = document.to_lopdf_document(&options, &mut warnings);
    // printpdf reports problems (a font it could not subset) as warnings beside the result; an
    // error among them means the file is not what was drawn.
    let errors: Vec<String> = warnings
        .into_iter()
        .filter(|warning| warning.severity == PdfParseErrorSeverity::Error)
        .map(|warning| warning.msg)
        .collect();
    if !errors.is_empty() {
        return Err(PdfError::Serialization(errors.join("\u{202F}; ")));
    }

    let census = read_census(&serialised, &used)?;
    for id in census.objects_to_remove {
        serialised.objects.remove(&id);
    }
    let mut resources = dictionary! { "Font" => census.fonts.clone() };
    // Each image the pages show (the logo), once for the whole document.
    let mut images = lopdf::Dictionary::new();
    for page in &pages {
        for image in page.images() {
            if images.has(image.name().as_bytes()) {
                continue;
            }
            let (mut stream, mask) = image.objects();
            if let Some(mask) = mask {
                stream.dict.set("SMask", serialised.add_object(mask));
            }
            images.set(image.name(), serialised.add_object(stream));
        }
    }
    if !images.is_empty() {
        resources.set("XObject", images);
    }
    let resources_id = serialised.add_object(resources);

    let streams = map_in_parallel(&pages, |page| {
        let content = page.content(|face, glyph| census.codes[face as usize].get(&glyph).copied().unwrap_or(0));
        compressed_stream(content, flate2::Compression::fast())
    });
    let mut kids = Vec::with_capacity(pages.len());
    for (page, stream) in pages.iter().zip(streams) {
        let contents_id = serialised.add_object(stream);
        let media_box: Vec<Object> =
            [0.0, 0.0, mm_to_pt(page.width_mm()), mm_to_pt(page.height_mm())].into_iter().map(Object::Real).collect();
        kids.push(Object::Reference(serialised.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => census.pages_id,
            "MediaBox" => media_box,
            "Resources" => resources_id,
            "Contents" => contents_id,
        })));
    }
    let count = kids.len() as i64;
    let pages_dictionary = serialised
        .get_object_mut(census.pages_id)
        .and_then(Object::as_dict_mut)
        .map_err(|error| PdfError::Serialization(error.to_string()))?;
    pages_dictionary.set("Kids", kids);
    pages_dictionary.set("Count", count);
    // The census page's empty resource dictionaries (XObject, ExtGState, Shading) go too.
    serialised.prune_objects();

    // The font programs and their maps, once per document: the default level makes them smaller.
    for object in serialised.objects.values_mut() {
        if let Ok(stream) = object.as_stream_mut() {
            if stream.allows_compression && stream.dict.get(b"Filter").is_err() {
                let content = std::mem::take(&mut stream.content);
                *stream =
                    compressed_stream_with(std::mem::take(&mut stream.dict), content, flate2::Compression::default());
            }
        }
    }
    let mut bytes = Vec::new();
    serialised.save_to(&mut bytes).map_err(|error| PdfError::Serialization(error.to_string()))?;
    Ok(bytes)
}

/// Every glyph the pages show, per face (in `Face::ALL` order), with the character it reads back
/// as in extracted text.
fn used_glyphs(pages: &[Page]) -> [BTreeMap<u16, char>; 3] {
    let mut seen: [Vec<bool>; 3] = Default::default();
    let mut used: [BTreeMap<u16, char>; 3] = Default::default();
    for page in pages {
        for (face, glyphs) in page.glyph_strings() {
            let seen = &mut seen[face as usize];
            for glyph in glyphs {
                let index = usize::from(*glyph);
                if index >= seen.len() {
                    seen.resize(index + 1, false);
                }
                if !seen[index] {
                    seen[index] = true;
                    // Glyph 0 is .notdef, the box printed for a character the face lacks.
                    let c = if *glyph == 0 { '\u{FFFD}' } else { face.char_of_glyph(*glyph).unwrap_or('\u{FFFD}') };
                    used[face as usize].insert(*glyph, c);
                }
            }
        }
    }
    used
}

/// What the census page tells: each face's code for each original glyph, the fonts' resource
/// dictionary, and the page tree to put the real pages in.
struct Census {
    codes: [BTreeMap<u16, u16>; 3],
    fonts: Object,
    pages_id: ObjectId,
    objects_to_remove: Vec<ObjectId>,
}

fn read_census(document: &lopdf::Document, used: &[BTreeMap<u16, char>; 3]) -> Result<Census, PdfError> {
    let broken = |what: &str| PdfError::Serialization(format!("page de recensement des polices\u{a0}: {what}"));
    let lopdf_error = |error: lopdf::Error| broken(&error.to_string());
    let catalog = document.catalog().map_err(lopdf_error)?;
    let pages_id = catalog.get(b"Pages").and_then(Object::as_reference).map_err(lopdf_error)?;
    let pages = document.get_dictionary(pages_id).map_err(lopdf_error)?;
    let kids = pages.get(b"Kids").and_then(Object::as_array).map_err(lopdf_error)?;
    let page_id = kids.first().ok_or_else(|| broken("aucune page"))?.as_reference().map_err(lopdf_error)?;
    let page = document.get_dictionary(page_id).map_err(lopdf_error)?;
    let resources_id = page.get(b"Resources").and_then(Object::as_reference).map_err(lopdf_error)?;
    let contents_id = page.get(b"Contents").and_then(Object::as_reference).map_err(lopdf_error)?;
    let resources = document.get_dictionary(resources_id).map_err(lopdf_error)?;
    let fonts = resources.get(b"Font").map_err(lopdf_error)?.clone();
    let stream = document.get_object(contents_id).and_then(Object::as_stream).map_err(lopdf_error)?;
    let content = lopdf::content::Content::decode(&stream.content).map_err(lopdf_error)?;

    let mut codes_in_order: [Vec<u16>; 3] = Default::default();
    let mut face = None;
    for operation in &content.operations {
        match operation.operator.as_str() {
            "Tf" => {
                let name = operation.operands.first().and_then(|name| name.as_name().ok());
                face = name.and_then(Face::from_resource_name);
            }
            "Tj" | "TJ" => {
                let face = face.ok_or_else(|| broken("texte sans police connue"))?;
                let mut strings = Vec::new();
                for operand in &operation.operands {
                    match operand {
                        Object::Array(items) => strings.extend(items.iter().filter_map(|item| item.as_str().ok())),
                        other => strings.extend(other.as_str().ok()),
                    }
                }
                for string in strings {
                    codes_in_order[face as usize].extend(string.chunks(2).map(|pair| match pair {
                        [high, low] => u16::from_be_bytes([*high, *low]),
                        _ => 0,
                    }));
                }
            }
            _ => {}
        }
    }
    let mut codes: [BTreeMap<u16, u16>; 3] = Default::default();
    for face in Face::ALL {
        let glyphs = &used[face as usize];
        let written = &codes_in_order[face as usize];
        if glyphs.len() != written.len() {
            return Err(broken(&format!("{} glyphes attendus, {} écrits", glyphs.len(), written.len())));
        }
        codes[face as usize] = glyphs.keys().copied().zip(written.iter().copied()).collect();
    }
    Ok(Census { codes, fonts, pages_id, objects_to_remove: vec![page_id, resources_id, contents_id] })
}

fn compressed_stream(content: Vec<u8>, level: flate2::Compression) -> Stream {
    compressed_stream_with(lopdf::Dictionary::new(), content, level)
}

/// A stream of `content` deflated at `level`. Page streams use the fast level: on a content
/// stream the best level saves a few per cent of the size for about ten times the time.
fn compressed_stream_with(mut dict: lopdf::Dictionary, content: Vec<u8>, level: flate2::Compression) -> Stream {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::with_capacity(content.len() / 3), level);
    // Writing to a Vec cannot fail.
    let compressed = encoder.write_all(&content).and_then(|()| encoder.finish());
    match compressed {
        Ok(compressed) if compressed.len() < content.len() => {
            dict.set("Filter", "FlateDecode");
            Stream::new(dict, compressed)
        }
        _ => Stream::new(dict, content),
    }
}

fn mm_to_pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

/// Builds one page per item, on as many threads as the machine has cores, keeping the items'
/// order. For batches such as 1,000 consent forms; the fonts are shared, not copied, by threads.
pub fn build_pages<T, F>(items: &[T], build: F) -> Vec<Page>
where
    T: Sync,
    F: Fn(&T) -> Page + Sync,
{
    map_in_parallel(items, build)
}

/// As `build_pages`, for pages whose drawing can fail: the first error, in the items' order, is
/// returned.
pub fn try_build_pages<T, F>(items: &[T], build: F) -> Result<Vec<Page>, PdfError>
where
    T: Sync,
    F: Fn(&T) -> Result<Page, PdfError> + Sync,
{
    map_in_parallel(items, build).into_iter().collect()
}

/// `items.iter().map(work)`, the items split evenly between the machine's cores, in order.
fn map_in_parallel<T, R, F>(items: &[T], work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len().max(1));
    if threads <= 1 {
        return items.iter().map(&work).collect();
    }
    let chunk_size = items.len().div_ceil(threads);
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk_size)
            .map(|chunk| scope.spawn(move || chunk.iter().map(work).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| match handle.join() {
                Ok(results) => results,
                // A panic while drawing a page is a bug in the layout code: let it surface.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

fn pdf_date(date: NaiveDate) -> Result<OffsetDateTime, PdfError> {
    let seconds = date.and_hms_opt(0, 0, 0).ok_or(PdfError::DateOutOfRange(date))?.and_utc().timestamp();
    OffsetDateTime::from_unix_timestamp(seconds).map_err(|_| PdfError::DateOutOfRange(date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::page::{TextStyle, MARGIN_MM};

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn an_empty_document_is_refused() {
        let info = DocumentInfo { title: "Vide", created_on: date() };
        assert!(matches!(render_document(&info, Vec::new()), Err(PdfError::NoPages)));
    }

    #[test]
    fn the_date_passed_in_is_the_creation_date() {
        let mut page = Page::letter();
        page.text(MARGIN_MM, MARGIN_MM, TextStyle::new(Face::Sans, 12.0), "Élève");
        let info = DocumentInfo { title: "Essai", created_on: date() };
        let bytes = render_document(&info, vec![page]).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("D:20261124000000"), "no 2026-11-24 creation date in the file");
        assert!(!text.contains("D:1970"), "a date was left at the epoch");
        assert!(text.contains("/FlateDecode"), "the streams were not compressed");
    }

    #[test]
    fn only_used_faces_are_embedded() {
        let mut page = Page::letter();
        page.text(MARGIN_MM, MARGIN_MM, TextStyle::new(Face::Mono, 12.0), "K7QM");
        let info = DocumentInfo { title: "Essai", created_on: date() };
        let bytes = render_document(&info, vec![page]).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("LiberationMono"));
        assert!(!text.contains("LiberationSans"));
        // Subset: a handful of glyphs, not the 320 KB face.
        assert!(bytes.len() < 60_000, "{} bytes", bytes.len());
    }

    #[test]
    fn pages_without_text_embed_no_font() {
        let mut page = Page::letter();
        page.rectangle(MARGIN_MM, MARGIN_MM, 50.0, 20.0, crate::pdf::Stroke::new(1.0, 0.0));
        let info = DocumentInfo { title: "Cadre", created_on: date() };
        let bytes = render_document(&info, vec![page.clone(), page]).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("Liberation"));
        assert_eq!(crate::pdf::test_support::pages_text(&bytes).len(), 2);
    }

    /// The logo is one object however many pages show it (a 1,000-form batch holds it once), its
    /// transparency a soft mask, and it prints where the page put it.
    #[test]
    fn an_image_is_embedded_once_and_shown_where_each_page_draws_it() {
        use crate::pdf::test_support::{images_list, logo, render_grey};
        let logo = logo();
        let pages: Vec<Page> = (0..3)
            .map(|n| {
                let mut page = Page::letter();
                page.image(&logo, 20.0, 20.0, 30.0, 30.0);
                page.image(&logo, 100.0, 200.0, 10.0, 10.0);
                page.text(MARGIN_MM, 60.0, TextStyle::new(Face::Sans, 10.0), &format!("Page {n}"));
                page
            })
            .collect();
        let info = DocumentInfo { title: "Logo", created_on: date() };
        let bytes = render_document(&info, pages).unwrap();
        let listed = images_list(&bytes);
        let kinds: Vec<(usize, &str)> = listed.iter().map(|(page, kind, _, _)| (*page, kind.as_str())).collect();
        let expected: Vec<(usize, &str)> =
            (1..=3).flat_map(|page| [(page, "image"), (page, "smask"), (page, "image"), (page, "smask")]).collect();
        assert_eq!(kinds, expected);
        assert!(listed.iter().all(|(_, _, width, height)| (*width, *height) == (128, 128)));
        let document = lopdf::Document::load_mem(&bytes).unwrap();
        let images = document
            .objects
            .values()
            .filter(|object| {
                object.as_stream().is_ok_and(|stream| stream.dict.get(b"Subtype").ok() == Some(&Object::from("Image")))
            })
            .count();
        assert_eq!(images, 2, "one image and its mask for the whole document");
        // The icon's teal square shows inside the logo, its white letter in the middle; its transparent corner and the
        // margin beside it are white.
        let page = render_grey(&bytes, 2, 100);
        let grey = |x_mm: f32, y_mm: f32| {
            let dots = 100.0 / 25.4;
            page.pixels[(y_mm * dots) as usize * page.width + (x_mm * dots) as usize]
        };
        assert!(grey(23.0, 35.0) < 160, "the logo is drawn: {}", grey(23.0, 35.0));
        assert!(grey(35.0, 35.0) > 200, "with its white letter in the middle: {}", grey(35.0, 35.0));
        assert!(grey(20.3, 20.3) > 240, "its transparent corner shows the paper: {}", grey(20.3, 20.3));
        assert!(grey(55.0, 35.0) > 240, "nothing beside it");
    }

    #[test]
    fn pages_built_in_parallel_keep_their_order() {
        let numbers: Vec<usize> = (0..37).collect();
        let pages = build_pages(&numbers, |n| {
            let mut page = Page::letter();
            page.text(MARGIN_MM, MARGIN_MM, TextStyle::new(Face::Sans, 10.0), &format!("Page {n}"));
            page
        });
        assert_eq!(pages.len(), 37);
        let expected: Vec<String> = numbers.iter().map(|n| format!("{:?}", Some(format!("Page {n}")))).collect();
        let found: Vec<String> = pages.iter().map(|page| format!("{:?}", page.texts().first())).collect();
        assert_eq!(found, expected);
    }
}
