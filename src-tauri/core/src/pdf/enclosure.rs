//! Another document's pages printed inside a batch (issue 15, item 5): a platform use's
//! presentation document (Directive 5.1) after each family's form, so that one envelope holds
//! the form and what the parent signs he was informed of.
//!
//! A PDF's pages are copied with their content and resources only (no annotation, link, form
//! field or action comes along, and nothing the pages do not draw); a PNG or JPEG image is placed
//! on a Letter page, scaled to fit inside half-inch margins, the page turned to landscape when
//! the image is wider than tall (a JPEG's EXIF orientation applied). Each document is embedded
//! once; every insertion is a new page object over the same content.

use std::collections::HashSet;
use std::io::Cursor;

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};

use super::PdfError;
use crate::attachment::{MAX_SCAN_PIXELS, MAX_SCAN_SIDE};

/// A document to insert, as stored.
#[derive(Clone, Copy, Debug)]
pub enum Source<'a> {
    Pdf(&'a [u8]),
    Png(&'a [u8]),
    Jpeg(&'a [u8]),
}

/// Why a document cannot be inserted. The caller says it in the person's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnclosureError {
    /// The PDF cannot be read: damaged, or protected by a password.
    PdfUnreadable { protected: bool },
    /// The PDF has no page.
    NoPages,
    /// The image does not decode.
    ImageUnreadable,
    /// The image is larger than a scan may be (`attachment::MAX_SCAN_SIDE`, `MAX_SCAN_PIXELS`).
    ImageTooLarge { width: u32, height: u32 },
}

/// A document read and ready to insert.
pub struct Enclosure {
    content: Content,
}

enum Content {
    Pdf(Box<Document>),
    Image(Image),
}

/// An image XObject's pieces.
struct Image {
    width: u32,
    height: u32,
    color_space: &'static str,
    /// DCTDecode (a JPEG as it is) or FlateDecode (a PNG's samples, decoded then deflated).
    filter: &'static str,
    data: Vec<u8>,
    /// Inverted samples: an Adobe CMYK JPEG.
    invert: bool,
    /// A PNG's alpha channel, as a soft mask.
    alpha: Option<Vec<u8>>,
    /// EXIF orientation: 1 as stored, 3 upside down, 6 turned right, 8 turned left.
    orientation: u8,
}

/// Half an inch, in points: office printers leave a few millimetres unprinted.
const IMAGE_MARGIN_PT: f32 = 36.0;
const LETTER_PT: (f32, f32) = (612.0, 792.0);

impl Enclosure {
    /// Reads the document; nothing is inserted yet.
    pub fn read(source: Source<'_>) -> Result<Enclosure, EnclosureError> {
        let content = match source {
            Source::Pdf(bytes) => {
                let document = Document::load_mem(bytes)
                    .map_err(|_| EnclosureError::PdfUnreadable { protected: contains(bytes, b"/Encrypt") })?;
                if document.get_pages().is_empty() {
                    return Err(EnclosureError::NoPages);
                }
                Content::Pdf(Box::new(document))
            }
            Source::Png(bytes) => Content::Image(png_image(bytes)?),
            Source::Jpeg(bytes) => Content::Image(jpeg_image(bytes)?),
        };
        Ok(Enclosure { content })
    }

    /// How many pages it adds each time it is inserted.
    pub fn pages(&self) -> usize {
        match &self.content {
            Content::Pdf(document) => document.get_pages().len(),
            Content::Image(_) => 1,
        }
    }
}

/// Some pages of a document, and what follows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Group {
    pub pages: usize,
    /// The index of the enclosure inserted after them, if any.
    pub enclosure: Option<usize>,
}

/// `document` (a PDF Balise made) with, after each group of its pages, the pages of that group's
/// enclosure. The groups cover the document's pages in order, all of them.
pub fn insert(document: &[u8], groups: &[Group], enclosures: Vec<Enclosure>) -> Result<Vec<u8>, PdfError> {
    let broken = |what: String| PdfError::Serialization(format!("insertion du document de présentation\u{a0}: {what}"));
    let mut main = Document::load_mem(document).map_err(|error| broken(error.to_string()))?;
    let pages_id = main
        .catalog()
        .and_then(|catalog| catalog.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|error| broken(error.to_string()))?;
    let original: Vec<ObjectId> = main.page_iter().collect();
    if groups.iter().map(|group| group.pages).sum::<usize>() != original.len() {
        return Err(broken(format!("{} pages attendues", original.len())));
    }
    if groups.iter().filter_map(|group| group.enclosure).any(|index| index >= enclosures.len()) {
        return Err(broken("document inconnu".into()));
    }
    // Each enclosure's objects, once; its pages as dictionaries to give a parent.
    let templates: Vec<Vec<Dictionary>> =
        enclosures.into_iter().map(|enclosure| import(&mut main, enclosure)).collect::<Result<_, _>>()?;

    let mut kids = Vec::new();
    let mut next = original.into_iter();
    for group in groups {
        kids.extend(next.by_ref().take(group.pages).map(Object::Reference));
        for template in group.enclosure.map(|index| &templates[index]).into_iter().flatten() {
            let mut page = template.clone();
            page.set("Type", "Page");
            page.set("Parent", pages_id);
            kids.push(Object::Reference(main.add_object(page)));
        }
    }
    let count = kids.len() as i64;
    let pages =
        main.get_object_mut(pages_id).and_then(Object::as_dict_mut).map_err(|error| broken(error.to_string()))?;
    pages.set("Kids", kids);
    pages.set("Count", count);
    let mut bytes = Vec::new();
    main.save_to(&mut bytes).map_err(|error| broken(error.to_string()))?;
    Ok(bytes)
}

/// Moves what the enclosure's pages draw into `main`; returns its pages' dictionaries.
fn import(main: &mut Document, enclosure: Enclosure) -> Result<Vec<Dictionary>, PdfError> {
    match enclosure.content {
        Content::Pdf(mut document) => {
            document.renumber_objects_with(main.max_id + 1);
            let pages: Vec<Dictionary> = document.page_iter().map(|id| page_template(&document, id)).collect();
            // Only what the pages reach: not the other document's catalog, outlines, annotations,
            // forms or scripts.
            let mut wanted = HashSet::new();
            let mut pending: Vec<ObjectId> = Vec::new();
            for page in &pages {
                references(&Object::Dictionary(page.clone()), &mut pending);
            }
            while let Some(id) = pending.pop() {
                if !wanted.insert(id) {
                    continue;
                }
                if let Ok(object) = document.get_object(id) {
                    references(object, &mut pending);
                }
            }
            for id in wanted {
                if let Some(object) = document.objects.remove(&id) {
                    main.max_id = main.max_id.max(id.0);
                    main.objects.insert(id, object);
                }
            }
            Ok(pages)
        }
        Content::Image(image) => Ok(vec![image_page(main, image)]),
    }
}

/// A page's own drawing: its content, its resources and its boxes (inherited ones included),
/// never its annotations or actions.
fn page_template(document: &Document, page_id: ObjectId) -> Dictionary {
    let mut template = Dictionary::new();
    let mut node = document.get_dictionary(page_id).ok();
    let mut depth = 0;
    while let Some(dictionary) = node {
        for key in [&b"Resources"[..], b"MediaBox", b"CropBox", b"Rotate", b"Contents", b"Group", b"UserUnit"] {
            // Only Resources, MediaBox, CropBox and Rotate are inherited (PDF 32000, 7.7.3.4).
            let inheritable = matches!(key, b"Resources" | b"MediaBox" | b"CropBox" | b"Rotate");
            if (depth == 0 || inheritable) && template.get(key).is_err() {
                if let Ok(value) = dictionary.get(key) {
                    template.set(key.to_vec(), value.clone());
                }
            }
        }
        depth += 1;
        node = if depth > 32 {
            None
        } else {
            dictionary.get(b"Parent").and_then(Object::as_reference).and_then(|id| document.get_dictionary(id)).ok()
        };
    }
    if template.get(b"MediaBox").is_err() {
        template.set("MediaBox", letter_box(false));
    }
    if template.get(b"Resources").is_err() {
        template.set("Resources", Dictionary::new());
    }
    template
}

/// The objects `object` names, not following the links back up or out of the page.
fn references(object: &Object, found: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(id) => found.push(*id),
        Object::Array(items) => items.iter().for_each(|item| references(item, found)),
        Object::Dictionary(dictionary) => dictionary_references(dictionary, found),
        Object::Stream(stream) => dictionary_references(&stream.dict, found),
        _ => {}
    }
}

fn dictionary_references(dictionary: &Dictionary, found: &mut Vec<ObjectId>) {
    for (key, value) in dictionary.iter() {
        if !matches!(key.as_slice(), b"Parent" | b"P" | b"Annots" | b"AA" | b"A" | b"StructParents" | b"B") {
            references(value, found);
        }
    }
}

fn letter_box(landscape: bool) -> Vec<Object> {
    let (width, height) = if landscape { (LETTER_PT.1, LETTER_PT.0) } else { LETTER_PT };
    [0.0, 0.0, width, height].into_iter().map(Object::Real).collect()
}

/// A Letter page showing the image as large as the margins allow, centred.
fn image_page(main: &mut Document, image: Image) -> Dictionary {
    let turned = matches!(image.orientation, 6 | 8);
    let (shown_width, shown_height) =
        if turned { (image.height as f32, image.width as f32) } else { (image.width as f32, image.height as f32) };
    let landscape = shown_width > shown_height;
    let (page_width, page_height) = if landscape { (LETTER_PT.1, LETTER_PT.0) } else { LETTER_PT };
    let scale =
        ((page_width - 2.0 * IMAGE_MARGIN_PT) / shown_width).min((page_height - 2.0 * IMAGE_MARGIN_PT) / shown_height);
    let (w, h) = (shown_width * scale, shown_height * scale);
    let (x, y) = ((page_width - w) / 2.0, (page_height - h) / 2.0);
    // The image's unit square onto the page, turned as its EXIF orientation says.
    let matrix = match image.orientation {
        3 => [-w, 0.0, 0.0, -h, x + w, y + h],
        6 => [0.0, -h, w, 0.0, x, y + h],
        8 => [0.0, h, -w, 0.0, x + w, y],
        _ => [w, 0.0, 0.0, h, x, y],
    };

    let mut dictionary = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => i64::from(image.width),
        "Height" => i64::from(image.height),
        "ColorSpace" => image.color_space,
        "BitsPerComponent" => 8,
        "Filter" => image.filter,
    };
    if image.invert {
        dictionary.set("Decode", [1, 0, 1, 0, 1, 0, 1, 0].into_iter().map(Object::Integer).collect::<Vec<_>>());
    }
    if let Some(alpha) = image.alpha {
        let mask = main.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => i64::from(image.width),
                "Height" => i64::from(image.height),
                "ColorSpace" => "DeviceGray",
                "BitsPerComponent" => 8,
                "Filter" => "FlateDecode",
            },
            deflate(&alpha),
        ));
        dictionary.set("SMask", mask);
    }
    let xobject = main.add_object(Stream::new(dictionary, image.data).with_compression(false));
    let numbers: Vec<String> = matrix.iter().map(|n| format!("{n:.3}")).collect();
    let drawing = format!("q {} cm /Im0 Do Q\n", numbers.join(" "));
    let contents = main.add_object(Stream::new(Dictionary::new(), drawing.into_bytes()));
    let resources = main.add_object(dictionary! { "XObject" => dictionary! { "Im0" => xobject } });
    dictionary! {
        "MediaBox" => letter_box(landscape),
        "Resources" => resources,
        "Contents" => contents,
    }
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

fn check_size(width: u32, height: u32) -> Result<(), EnclosureError> {
    if width == 0 || height == 0 {
        return Err(EnclosureError::ImageUnreadable);
    }
    if width > MAX_SCAN_SIDE || height > MAX_SCAN_SIDE || u64::from(width) * u64::from(height) > MAX_SCAN_PIXELS {
        return Err(EnclosureError::ImageTooLarge { width, height });
    }
    Ok(())
}

/// A PNG decoded to 8-bit grey or RGB samples (a palette expanded), its alpha apart.
fn png_image(bytes: &[u8]) -> Result<Image, EnclosureError> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|_| EnclosureError::ImageUnreadable)?;
    let (width, height) = (reader.info().width, reader.info().height);
    check_size(width, height)?;
    let size = reader.output_buffer_size().ok_or(EnclosureError::ImageUnreadable)?;
    let mut samples = vec![0; size];
    let frame = reader.next_frame(&mut samples).map_err(|_| EnclosureError::ImageUnreadable)?;
    samples.truncate(frame.buffer_size());
    let (channels, color_space, has_alpha) = match frame.color_type {
        png::ColorType::Grayscale => (1, "DeviceGray", false),
        png::ColorType::GrayscaleAlpha => (2, "DeviceGray", true),
        png::ColorType::Rgb => (3, "DeviceRGB", false),
        png::ColorType::Rgba => (4, "DeviceRGB", true),
        png::ColorType::Indexed => return Err(EnclosureError::ImageUnreadable),
    };
    let row = frame.line_size;
    let colour_channels = if has_alpha { channels - 1 } else { channels };
    let mut colour = Vec::with_capacity(width as usize * height as usize * colour_channels);
    let mut alpha = has_alpha.then(|| Vec::with_capacity(width as usize * height as usize));
    for line in samples.chunks(row).take(height as usize) {
        for pixel in line.chunks(channels).take(width as usize) {
            colour.extend_from_slice(&pixel[..colour_channels]);
            if let Some(alpha) = alpha.as_mut() {
                alpha.push(pixel[channels - 1]);
            }
        }
    }
    // A mask that hides nothing is left out.
    let alpha = alpha.filter(|alpha| alpha.iter().any(|&a| a != 255));
    Ok(Image {
        width,
        height,
        color_space,
        filter: "FlateDecode",
        data: deflate(&colour),
        invert: false,
        alpha,
        orientation: 1,
    })
}

/// A JPEG kept as it is (PDF readers decode it), its frame header and markers read for its size,
/// colours and orientation.
fn jpeg_image(bytes: &[u8]) -> Result<Image, EnclosureError> {
    let markers = jpeg_markers(bytes).ok_or(EnclosureError::ImageUnreadable)?;
    let (width, height, components) = markers.frame.ok_or(EnclosureError::ImageUnreadable)?;
    check_size(width, height)?;
    let color_space = match components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        4 => "DeviceCMYK",
        _ => return Err(EnclosureError::ImageUnreadable),
    };
    Ok(Image {
        width,
        height,
        color_space,
        filter: "DCTDecode",
        data: bytes.to_vec(),
        // Adobe's CMYK JPEGs store inverted samples (what every reader assumes).
        invert: components == 4 && markers.adobe,
        alpha: None,
        orientation: markers.orientation,
    })
}

struct JpegMarkers {
    frame: Option<(u32, u32, u8)>,
    adobe: bool,
    orientation: u8,
}

/// The segments before the image data: the frame header (SOF: height, width, components), an
/// Adobe APP14 segment, the EXIF orientation (APP1).
fn jpeg_markers(bytes: &[u8]) -> Option<JpegMarkers> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let be16 = |at: usize| bytes.get(at..at + 2).map(|b| u16::from_be_bytes([b[0], b[1]]) as usize);
    let mut found = JpegMarkers { frame: None, adobe: false, orientation: 1 };
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        while *bytes.get(at + 1)? == 0xFF {
            at += 1;
        }
        let marker = *bytes.get(at + 1)?;
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            at += 2;
            continue;
        }
        if marker == 0xD9 {
            return None;
        }
        let length = be16(at + 2)?;
        let body = bytes.get(at + 4..(at + 2).checked_add(length)?)?;
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) && body.len() >= 6 {
            let height = u16::from_be_bytes([body[1], body[2]]) as u32;
            let width = u16::from_be_bytes([body[3], body[4]]) as u32;
            found.frame = Some((width, height, body[5]));
        }
        if marker == 0xEE && body.starts_with(b"Adobe") {
            found.adobe = true;
        }
        if marker == 0xE1 && body.starts_with(b"Exif\0\0") {
            found.orientation = exif_orientation(&body[6..]).unwrap_or(1);
        }
        if marker == 0xDA {
            return Some(found);
        }
        at += 2 + length;
    }
}

/// Tag 0x0112 of a TIFF header's first directory: 1 (as stored), 3, 6 or 8; mirrored
/// orientations are shown as stored.
fn exif_orientation(tiff: &[u8]) -> Option<u8> {
    let little = match tiff.get(..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |at: usize| {
        tiff.get(at..at + 2).map(|b| {
            if little {
                u16::from_le_bytes([b[0], b[1]])
            } else {
                u16::from_be_bytes([b[0], b[1]])
            }
        })
    };
    let u32_at = |at: usize| {
        tiff.get(at..at + 4).map(|b| {
            let b = [b[0], b[1], b[2], b[3]];
            if little {
                u32::from_le_bytes(b)
            } else {
                u32::from_be_bytes(b)
            }
        })
    };
    let directory = u32_at(4)? as usize;
    let entries = u16_at(directory)? as usize;
    let value = (0..entries.min(200)).find_map(|n| {
        let entry = directory + 2 + 12 * n;
        (u16_at(entry)? == 0x0112).then(|| u16_at(entry + 8)).flatten()
    })?;
    Some(if matches!(value, 3 | 6 | 8) { value as u8 } else { 1 })
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

/// Each page's width and height in points, for the tests.
#[cfg(test)]
pub(crate) fn page_sizes(document: &[u8]) -> Vec<(f32, f32)> {
    let document = Document::load_mem(document).unwrap();
    let mut sizes = Vec::new();
    for id in document.page_iter() {
        let template = page_template(&document, id);
        let media: Vec<f32> = template
            .get(b"MediaBox")
            .and_then(Object::as_array)
            .map(|items| items.iter().filter_map(|n| n.as_float().ok()).collect())
            .unwrap_or_default();
        sizes.push((media[2] - media[0], media[3] - media[1]));
    }
    sizes
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::pdf::test_support::{pages_text, render_grey, screenshot};
    use crate::pdf::{render_document, DocumentInfo, Face, Page, TextStyle, MARGIN_MM};

    fn document(texts: &[&str]) -> Vec<u8> {
        let pages = texts
            .iter()
            .map(|text| {
                let mut page = Page::letter();
                page.text(MARGIN_MM, 40.0, TextStyle::new(Face::SansBold, 24.0), text);
                page
            })
            .collect();
        let info = DocumentInfo { title: "Essai", created_on: NaiveDate::from_ymd_opt(2025, 8, 25).unwrap() };
        render_document(&info, pages).unwrap()
    }

    /// A two-page presentation whose first page carries a link running a script, and whose
    /// catalog runs one on opening: neither may come along.
    fn presentation_with_a_script() -> Vec<u8> {
        let mut presentation = Document::load_mem(&document(&["Présentation 1", "Présentation 2"])).unwrap();
        let script = presentation
            .add_object(dictionary! { "S" => "JavaScript", "JS" => Object::string_literal("app.alert(1)") });
        let link = presentation.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Link",
            "Rect" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "A" => script,
        });
        let first = presentation.page_iter().next().unwrap();
        presentation.get_object_mut(first).unwrap().as_dict_mut().unwrap().set("Annots", vec![Object::Reference(link)]);
        let catalog = presentation.trailer.get(b"Root").unwrap().as_reference().unwrap();
        presentation.get_object_mut(catalog).unwrap().as_dict_mut().unwrap().set("OpenAction", script);
        let mut bytes = Vec::new();
        presentation.save_to(&mut bytes).unwrap();
        bytes
    }

    fn png(width: u32, height: u32, alpha: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, width, height);
        encoder.set_color(if alpha { png::ColorType::Rgba } else { png::ColorType::Rgb });
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        let channels = if alpha { 4 } else { 3 };
        let mut data = Vec::new();
        for y in 0..height {
            for x in 0..width {
                // A dark block in the middle, white (or transparent) around it.
                let inside = x > width / 4 && x < 3 * width / 4 && y > height / 4 && y < 3 * height / 4;
                let value = if inside { 20 } else { 255 };
                data.extend([value, value, value]);
                if alpha {
                    data.push(if inside { 255 } else { 0 });
                }
            }
        }
        assert_eq!(data.len(), (width * height * channels) as usize);
        writer.write_image_data(&data).unwrap();
        drop(writer);
        bytes
    }

    /// The grey level at a point of a page, given in fractions of its width and height.
    fn grey_at(bytes: &[u8], page: usize, x: f32, y: f32) -> u8 {
        let image = render_grey(bytes, page, 30);
        image.pixels[(y * image.height as f32) as usize * image.width + (x * image.width as f32) as usize]
    }

    #[test]
    fn a_pdfs_pages_follow_each_group_and_nothing_active_comes_along() {
        let forms = document(&["Formulaire A", "Formulaire B1", "Formulaire B2"]);
        let enclosure = Enclosure::read(Source::Pdf(&presentation_with_a_script())).unwrap();
        assert_eq!(enclosure.pages(), 2);
        let groups = [Group { pages: 1, enclosure: Some(0) }, Group { pages: 2, enclosure: Some(0) }];
        let merged = insert(&forms, &groups, vec![enclosure]).unwrap();
        let pages: Vec<String> = pages_text(&merged).iter().map(|page| page.trim().to_string()).collect();
        assert_eq!(
            pages,
            [
                "Formulaire A",
                "Présentation 1",
                "Présentation 2",
                "Formulaire B1",
                "Formulaire B2",
                "Présentation 1",
                "Présentation 2"
            ]
        );
        let text = String::from_utf8_lossy(&merged);
        assert!(!text.contains("JavaScript") && !text.contains("app.alert") && !text.contains("/Annots"), "{text}");
        // The presentation's page content is embedded once, whatever the number of families.
        let once = insert(
            &forms,
            &[Group { pages: 3, enclosure: Some(0) }],
            vec![Enclosure::read(Source::Pdf(&presentation_with_a_script())).unwrap()],
        )
        .unwrap();
        assert!(merged.len() < once.len() + 600, "{} bytes for two insertions, {} for one", merged.len(), once.len());
        screenshot(&merged, 2, 40, "presentation-pdf-insere");
    }

    #[test]
    fn groups_without_an_enclosure_keep_their_pages_and_a_wrong_count_is_refused() {
        let forms = document(&["A", "B"]);
        let enclosure = Enclosure::read(Source::Pdf(&document(&["P"]))).unwrap();
        let merged = insert(
            &forms,
            &[Group { pages: 1, enclosure: None }, Group { pages: 1, enclosure: Some(0) }],
            vec![enclosure],
        )
        .unwrap();
        let pages: Vec<String> = pages_text(&merged).iter().map(|page| page.trim().to_string()).collect();
        assert_eq!(pages, ["A", "B", "P"]);
        let enclosure = Enclosure::read(Source::Pdf(&document(&["P"]))).unwrap();
        assert!(insert(&forms, &[Group { pages: 3, enclosure: Some(0) }], vec![enclosure]).is_err());
    }

    #[test]
    fn an_image_is_placed_on_a_letter_page_scaled_to_fit() {
        let forms = document(&["Formulaire"]);
        for (image, landscape, name) in [
            (png(300, 200, false), true, "presentation-png-paysage"),
            (png(200, 300, true), false, "presentation-png-portrait-alpha"),
        ] {
            let enclosure = Enclosure::read(Source::Png(&image)).unwrap();
            let merged = insert(&forms, &[Group { pages: 1, enclosure: Some(0) }], vec![enclosure]).unwrap();
            let sizes = page_sizes(&merged);
            assert_eq!(sizes.len(), 2);
            assert_eq!(sizes[1], if landscape { (792.0, 612.0) } else { (612.0, 792.0) }, "{name}");
            screenshot(&merged, 2, 30, name);
            // The dark block in the middle; white (or transparent, so white) at the corners.
            assert!(grey_at(&merged, 2, 0.5, 0.5) < 60, "{name}: the middle is dark");
            assert!(grey_at(&merged, 2, 0.2, 0.2) > 200, "{name}: the edge is light");
        }
    }

    #[test]
    fn a_jpeg_is_kept_as_it_is_and_turned_as_its_exif_says() {
        let jpeg = include_bytes!("fixtures/presentation.jpg").to_vec();
        let forms = document(&["Formulaire"]);
        let merged = insert(
            &forms,
            &[Group { pages: 1, enclosure: Some(0) }],
            vec![Enclosure::read(Source::Jpeg(&jpeg)).unwrap()],
        )
        .unwrap();
        assert_eq!(page_sizes(&merged)[1], (612.0, 792.0), "a portrait scan on a portrait page");
        assert!(String::from_utf8_lossy(&merged).contains("/DCTDecode"));
        // The black band is at the top of the scan.
        assert!(grey_at(&merged, 2, 0.5, 0.2) < 100 && grey_at(&merged, 2, 0.5, 0.8) > 200);
        screenshot(&merged, 2, 30, "presentation-jpeg");

        // The same photo taken turned: EXIF orientation 6 (turn right to view).
        let mut app1 = b"Exif\0\0II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x06\0\0\0\0\0\0\0".to_vec();
        let length = (app1.len() + 2) as u16;
        app1.splice(0..0, [0xFF, 0xE1, (length >> 8) as u8, length as u8]);
        let mut turned = jpeg.clone();
        turned.splice(2..2, app1);
        let merged = insert(
            &forms,
            &[Group { pages: 1, enclosure: Some(0) }],
            vec![Enclosure::read(Source::Jpeg(&turned)).unwrap()],
        )
        .unwrap();
        assert_eq!(page_sizes(&merged)[1], (792.0, 612.0), "shown turned: wider than tall");
        // The band, at the top of the stored image, is now on the right.
        assert!(grey_at(&merged, 2, 0.75, 0.5) < 100 && grey_at(&merged, 2, 0.25, 0.5) > 200);
        screenshot(&merged, 2, 30, "presentation-jpeg-exif6");
    }

    #[test]
    fn unreadable_documents_are_refused_with_their_reason() {
        for (source, expected) in [
            (Source::Pdf(b"%PDF-1.4 pas un PDF"), EnclosureError::PdfUnreadable { protected: false }),
            (Source::Pdf(b"%PDF-1.4 /Encrypt 5 0 R"), EnclosureError::PdfUnreadable { protected: true }),
            (Source::Png(b"\x89PNG\r\n\x1a\nabime"), EnclosureError::ImageUnreadable),
            (Source::Jpeg(&[0xFF, 0xD8, 0xFF, 0xD9]), EnclosureError::ImageUnreadable),
        ] {
            assert_eq!(Enclosure::read(source).err(), Some(expected), "{source:?}");
        }
        let wide = png(MAX_SCAN_SIDE + 1, 1, false);
        assert_eq!(
            Enclosure::read(Source::Png(&wide)).err(),
            Some(EnclosureError::ImageTooLarge { width: MAX_SCAN_SIDE + 1, height: 1 })
        );
        let empty = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
        assert!(matches!(
            Enclosure::read(Source::Pdf(empty)).err(),
            Some(EnclosureError::NoPages | EnclosureError::PdfUnreadable { .. })
        ));
    }
}
