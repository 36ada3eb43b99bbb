//! Tests of reading a scanned stack's files (`scan::input`): real files built here (PDFs with
//! lopdf, G4 with `fax`'s encoder, JPEG/PNG/TIFF with their encoders, a printed Annexe A through
//! poppler's pdftoppm), the pixels, resolution and polarity checked (against poppler's own
//! rendering where it applies), the originals read back, and every bad input's message.

use std::io::Write;

use chrono::NaiveDate;
use image::Luma;
use lopdf::{dictionary, Dictionary, Object};

use super::*;
use crate::attachment::NewAttachment;
use crate::pdf::test_support::render_grey;

// ------------------------------------------------------------------------------------ builders

/// A letter page at `dpi`: white, with a black square a quarter of the width in from the left
/// and a third of the height down (the one mark the tests look for), and a grey band.
fn sheet(dpi: u32) -> GrayImage {
    let (w, h) = (dpi * 17 / 2, dpi * 11);
    GrayImage::from_fn(w, h, |x, y| {
        if (w / 4..w / 4 + dpi).contains(&x) && (h / 3..h / 3 + dpi).contains(&y) {
            Luma([0])
        } else if (h - dpi..h - dpi / 2).contains(&y) {
            Luma([128])
        } else {
            Luma([255])
        }
    })
}

/// Black and white: the grey band is dropped.
fn bilevel(dpi: u32) -> GrayImage {
    let mut image = sheet(dpi);
    image.iter_mut().for_each(|v| *v = if *v < 100 { 0 } else { 255 });
    image
}

/// Checks the mark: black inside, white around, and where the test expects it.
fn assert_mark(image: &GrayImage, dpi: u32, label: &str) {
    let (w, h) = (image.width(), image.height());
    assert_eq!((w, h), (dpi * 17 / 2, dpi * 11), "{label}: size");
    let inside = image.get_pixel(w / 4 + dpi / 2, h / 3 + dpi / 2).0[0];
    let left = image.get_pixel(w / 4 - dpi / 4, h / 3 + dpi / 2).0[0];
    let above = image.get_pixel(w / 4 + dpi / 2, h / 3 - dpi / 4).0[0];
    let corner = image.get_pixel(5, 5).0[0];
    assert!(inside < 40, "{label}: the square is black (0 = black), found {inside}");
    assert!(
        left > 215 && above > 215 && corner > 215,
        "{label}: the paper is white (255), found {left}, {above}, {corner}"
    );
}

fn jpeg(image: &GrayImage, quality: u8, dpi: Option<u16>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    if let Some(dpi) = dpi {
        encoder.set_pixel_density(image::codecs::jpeg::PixelDensity::dpi(dpi));
    }
    encoder.encode(image.as_raw(), image.width(), image.height(), image::ExtendedColorType::L8).unwrap();
    out
}

fn jpeg_rgb(image: &GrayImage) -> Vec<u8> {
    let rgb: Vec<u8> = image.as_raw().iter().flat_map(|&v| [v, v, v.saturating_sub(10)]).collect();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode(&rgb, image.width(), image.height(), image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// CCITT G4 of a black-and-white image; `white_runs_are_black` swaps the colours (for `/BlackIs1`).
fn g4(image: &GrayImage, white_runs_are_black: bool) -> Vec<u8> {
    let mut encoder = fax::encoder::Encoder::new(fax::VecWriter::new());
    for row in image.rows() {
        let pels =
            row.map(|p| if (p.0[0] < 128) != white_runs_are_black { fax::Color::Black } else { fax::Color::White });
        encoder.encode_line(pels, image.width() as u16).unwrap();
    }
    encoder.finish().unwrap().finish()
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

/// 1-bit rows, packed, 1 = white.
fn packed(image: &GrayImage) -> Vec<u8> {
    image
        .rows()
        .flat_map(|row| {
            let row: Vec<u8> = row.map(|p| p.0[0]).collect();
            row.chunks(8)
                .map(|c| c.iter().enumerate().fold(0u8, |b, (i, &v)| if v >= 128 { b | (0x80 >> i) } else { b }))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn image_dict(width: u32, height: u32, entries: &[(&str, Object)]) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", Object::Integer(i64::from(width)));
    dict.set("Height", Object::Integer(i64::from(height)));
    for (key, value) in entries {
        dict.set(*key, value.clone());
    }
    dict
}

fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

fn params(entries: &[(&str, Object)]) -> Object {
    let mut dict = Dictionary::new();
    for (key, value) in entries {
        dict.set(*key, value.clone());
    }
    Object::Dictionary(dict)
}

fn grey_jpeg_dict(image: &GrayImage) -> Dictionary {
    image_dict(
        image.width(),
        image.height(),
        &[("ColorSpace", name("DeviceGray")), ("BitsPerComponent", Object::Integer(8)), ("Filter", name("DCTDecode"))],
    )
}

/// A PDF page: its images (dictionary, stream bytes, matrix), `/Rotate`, and more content.
struct TestPage {
    images: Vec<(Dictionary, Vec<u8>, [f32; 6])>,
    rotate: i64,
    extra: String,
}

const LETTER: [f32; 6] = [612.0, 0.0, 0.0, 792.0, 0.0, 0.0];

fn scan_page(dict: Dictionary, data: Vec<u8>) -> TestPage {
    TestPage { images: vec![(dict, data, LETTER)], rotate: 0, extra: String::new() }
}

/// A PDF of letter pages, written by lopdf (each image's stream kept as given).
fn pdf(pages: Vec<TestPage>) -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.5");
    let tree = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut kids = Vec::new();
    for page in pages {
        let mut xobjects = Dictionary::new();
        let mut content = String::new();
        for (i, (dict, data, m)) in page.images.into_iter().enumerate() {
            let mut stream = lopdf::Stream::new(dict, data);
            stream.allows_compression = false;
            let id = doc.add_object(stream);
            xobjects.set(format!("Im{i}"), Object::Reference(id));
            content += &format!("q {} {} {} {} {} {} cm /Im{i} Do Q\n", m[0], m[1], m[2], m[3], m[4], m[5]);
        }
        content += &page.extra;
        let content = doc.add_object(lopdf::Stream::new(Dictionary::new(), content.into_bytes()));
        let mut page_dict = dictionary! {
            "Type" => "Page",
            "Parent" => tree,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Contents" => content,
            "Resources" => dictionary! { "XObject" => xobjects, "Font" => dictionary! { "F1" => font } },
        };
        if page.rotate != 0 {
            page_dict.set("Rotate", page.rotate);
        }
        kids.push(Object::Reference(doc.add_object(page_dict)));
    }
    let count = kids.len() as i64;
    doc.objects.insert(tree, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn stack_of(name: &str, bytes: Vec<u8>) -> Result<Stack> {
    Stack::from_files(vec![(name.to_string(), bytes)])
}

/// The one image stream of a one-page PDF, as stored.
fn image_stream_of(pdf: &[u8]) -> (Dictionary, Vec<u8>) {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let images = doc.get_page_images(page).unwrap();
    assert_eq!(images.len(), 1, "the page alone holds one image");
    let id = images[0].id;
    let stream = doc.get_object(id).unwrap().as_stream().unwrap();
    (stream.dict.clone(), stream.content.clone())
}

/// Our grey against poppler's own rendering of the same PDF page: same size, nearly the same
/// pixels.
fn assert_like_poppler(pdf: &[u8], page: usize, dpi: u32, ours: &GrayImage, label: &str) {
    let theirs = render_grey(pdf, page, dpi);
    assert_eq!(
        (theirs.width, theirs.height),
        (ours.width() as usize, ours.height() as usize),
        "{label}: poppler's size"
    );
    let differ = ours.as_raw().iter().zip(&theirs.pixels).filter(|(a, b)| a.abs_diff(**b) > 48).count();
    // Poppler smooths the image's edges and a band's border by a pixel: a few rows at most; a
    // wrong polarity or orientation would be most of the page.
    assert!(differ * 50 < theirs.pixels.len(), "{label}: {differ} pixels differ from poppler's rendering (polarity?)");
}

fn check_scan(original: &Original, name: &str) {
    let attachment = NewAttachment::new(format!("{name}.{}", original.media_type.extension()), original.bytes.clone());
    attachment::check_scan(&attachment)
        .unwrap_or_else(|e| panic!("{name}: the original is a scan the store keeps: {e}"));
}

// ------------------------------------------------------------------------------------------ PDF

#[test]
fn a_jpeg_pdf_is_read_page_by_page_in_grey_with_its_dpi_and_each_page_kept_byte_for_byte() {
    let page1 = sheet(100);
    let grey = jpeg(&page1, 85, None);
    let colour = jpeg_rgb(&sheet(150));
    let colour_dict = image_dict(
        1275,
        1650,
        &[("ColorSpace", name("DeviceRGB")), ("BitsPerComponent", Object::Integer(8)), ("Filter", name("DCTDecode"))],
    );
    let bytes = pdf(vec![scan_page(grey_jpeg_dict(&page1), grey.clone()), scan_page(colour_dict, colour.clone())]);
    let stack = stack_of("pile.pdf", bytes.clone()).unwrap();
    assert_eq!(stack.len(), 2);

    let first = stack.page(1).unwrap();
    assert_eq!(first.at, PageRef { index: 1, file: "pile.pdf".into(), page_in_file: 1 });
    assert_mark(&first.image, 100, "grey JPEG page");
    assert!((first.dpi.x - 100.0).abs() < 0.01 && (first.dpi.y - 100.0).abs() < 0.01, "{:?}", first.dpi);
    assert!(!first.dpi.assumed);
    assert_like_poppler(&bytes, 1, 100, &first.image, "grey JPEG page");
    let second = stack.page(2).unwrap();
    assert_mark(&second.image, 150, "colour JPEG page");
    assert!((second.dpi.mean() - 150.0).abs() < 0.01);

    // The page alone: one page, its JPEG byte for byte, a scan the store accepts, drawn the same.
    for (page, data) in [(&first, &grey), (&second, &colour)] {
        let original = page.original().unwrap();
        assert_eq!(original.media_type, MediaType::Pdf);
        let (dict, content) = image_stream_of(&original.bytes);
        assert_eq!(&content, data, "the stored page holds the copier's JPEG unchanged");
        assert_eq!(dict.get(b"Filter").unwrap().as_array().unwrap()[0].as_name().unwrap(), b"DCTDecode");
        check_scan(&original, "page");
        assert_eq!(original, stack.original(page.at.index).unwrap());
    }
    // Bytes before `%PDF-` (some scanners' mail gateways add a line): offsets count from it.
    let mut prefixed = b"Scanned by copier 3\r\n".to_vec();
    prefixed.extend_from_slice(&bytes);
    let shifted = stack_of("préfixe.pdf", prefixed).unwrap();
    assert_eq!(shifted.page(1).unwrap().image, first.image);
    assert_eq!(shifted.original(2).unwrap(), stack.original(2).unwrap());
    let alone = stack_of("seule.pdf", first.original().unwrap().bytes).unwrap();
    assert_eq!(alone.len(), 1);
    assert_eq!(alone.page(1).unwrap().image, first.image, "the page alone reads as it did in the stack");
}

#[test]
fn a_g4_page_is_black_on_white_whatever_its_black_is_1_and_decode() {
    let page = bilevel(120);
    let (w, h) = (page.width(), page.height());
    let ccitt = |extra: &[(&str, Object)], decode: Option<Object>| {
        let mut p = vec![
            ("K", Object::Integer(-1)),
            ("Columns", Object::Integer(i64::from(w))),
            ("Rows", Object::Integer(i64::from(h))),
        ];
        p.extend(extra.iter().cloned());
        let mut entries = vec![
            ("ColorSpace", name("DeviceGray")),
            ("BitsPerComponent", Object::Integer(1)),
            ("Filter", name("CCITTFaxDecode")),
            ("DecodeParms", params(&p)),
        ];
        if let Some(decode) = decode {
            entries.push(("Decode", decode));
        }
        image_dict(w, h, &entries)
    };
    let inverted = Object::Array(vec![Object::Integer(1), Object::Integer(0)]);
    let pages = vec![
        // The usual: white runs are white.
        scan_page(ccitt(&[], None), g4(&page, false)),
        // /BlackIs1: a white run's samples are 0, so the runs are coded the other way round.
        scan_page(ccitt(&[("BlackIs1", Object::Boolean(true))], None), g4(&page, true)),
        // /BlackIs1 and /Decode [1 0] cancel out.
        scan_page(ccitt(&[("BlackIs1", Object::Boolean(true))], Some(inverted)), g4(&page, false)),
        // A stencil mask (some copiers' black and white): sample 0 is painted in black.
        scan_page(
            image_dict(
                w,
                h,
                &[
                    ("ImageMask", Object::Boolean(true)),
                    ("Filter", name("CCITTFaxDecode")),
                    ("DecodeParms", params(&[("K", Object::Integer(-1)), ("Columns", Object::Integer(i64::from(w)))])),
                ],
            ),
            g4(&page, false),
        ),
    ];
    let data = g4(&page, false);
    let bytes = pdf(pages);
    let stack = stack_of("noir et blanc.pdf", bytes.clone()).unwrap();
    for index in 1..=4 {
        let read = stack.page(index).unwrap();
        assert_mark(&read.image, 120, &format!("G4 page {index}"));
        assert_like_poppler(&bytes, index, 120, &read.image, &format!("G4 page {index}"));
        assert!(read.image.iter().all(|&v| v == 0 || v == 255), "a G4 page is black and white only");
    }
    let (dict, content) = image_stream_of(&stack.original(1).unwrap().bytes);
    assert_eq!(content, data, "the stored page holds the G4 data unchanged");
    let parms = dict.get(b"DecodeParms").unwrap().as_dict().unwrap();
    assert_eq!(parms.get(b"K").unwrap().as_i64().unwrap(), -1);
    check_scan(&stack.original(2).unwrap(), "g4");

    // Byte-aligned rows and group 3 are said unsupported, the page alone.
    let aligned = pdf(vec![
        scan_page(ccitt(&[("EncodedByteAlign", Object::Boolean(true))], None), data.clone()),
        scan_page(
            image_dict(
                w,
                h,
                &[
                    ("ColorSpace", name("DeviceGray")),
                    ("BitsPerComponent", Object::Integer(1)),
                    ("Filter", name("CCITTFaxDecode")),
                ],
            ),
            data.clone(),
        ),
        scan_page(ccitt(&[], None), data[..data.len() / 3].to_vec()),
    ]);
    let stack = stack_of("g3.pdf", aligned).unwrap();
    assert!(matches!(stack.page(1), Err(PageError::Unsupported { .. })));
    assert!(matches!(stack.page(2), Err(PageError::Unsupported { what: "CCITT groupe 3", .. })));
    assert_eq!(stack.page(3).err(), Some(PageError::Damaged), "a G4 stream cut short");
}

#[test]
fn deflated_samples_are_read_with_their_predictors_and_bit_depths() {
    let grey = sheet(80);
    let (w, h) = (grey.width(), grey.height());
    // PNG predictor "Up" on every row (filter byte 2), as many copiers' Flate pages have.
    let mut up = Vec::new();
    let raw = grey.as_raw();
    for y in 0..h as usize {
        up.push(2u8);
        for x in 0..w as usize {
            let above = if y == 0 { 0 } else { raw[(y - 1) * w as usize + x] };
            up.push(raw[y * w as usize + x].wrapping_sub(above));
        }
    }
    let predicted = image_dict(
        w,
        h,
        &[
            ("ColorSpace", name("DeviceGray")),
            ("BitsPerComponent", Object::Integer(8)),
            ("Filter", name("FlateDecode")),
            (
                "DecodeParms",
                params(&[
                    ("Predictor", Object::Integer(15)),
                    ("Colors", Object::Integer(1)),
                    ("Columns", Object::Integer(i64::from(w))),
                ]),
            ),
        ],
    );
    let rgb: Vec<u8> = raw.iter().flat_map(|&v| [v, v, v]).collect();
    let rgb_dict = image_dict(
        w,
        h,
        &[("ColorSpace", name("DeviceRGB")), ("BitsPerComponent", Object::Integer(8)), ("Filter", name("FlateDecode"))],
    );
    let one_bit = bilevel(80);
    let one_bit_dict = image_dict(
        w,
        h,
        &[
            ("ColorSpace", name("DeviceGray")),
            ("BitsPerComponent", Object::Integer(1)),
            ("Filter", name("FlateDecode")),
        ],
    );
    // An ICC-based grey space, through a reference, raw (no filter).
    let bytes = {
        let mut doc_pages = vec![
            scan_page(predicted, deflate(&up)),
            scan_page(rgb_dict, deflate(&rgb)),
            scan_page(one_bit_dict, deflate(&packed(&one_bit))),
        ];
        let plain = image_dict(w, h, &[("ColorSpace", name("DeviceGray")), ("BitsPerComponent", Object::Integer(8))]);
        doc_pages.push(scan_page(plain, raw.clone()));
        pdf(doc_pages)
    };
    let stack = stack_of("flate.pdf", bytes.clone()).unwrap();
    assert_eq!(stack.len(), 4);
    for index in 1..=4 {
        let page = stack.page(index).unwrap();
        assert_mark(&page.image, 80, &format!("Flate page {index}"));
        assert_like_poppler(&bytes, index, 80, &page.image, &format!("Flate page {index}"));
    }
    assert_eq!(stack.page(1).unwrap().image, grey, "lossless: the predicted page is the very image");
    assert_eq!(stack.page(3).unwrap().image, one_bit, "lossless: the 1-bit page is the very image");
}

#[test]
fn a_printed_annexe_a_scanned_in_grey_reads_as_poppler_renders_it() {
    use crate::pdf::annexe_a::{self, FormData, Wording};
    use crate::register::platform::Audience;
    use crate::year::SchoolYear;
    let form = FormData {
        css_name: "Centre de services scolaire du Pays-des-Bleuets".into(),
        school_name: "École Notre-Dame-de-l’Assomption".into(),
        student_full_name: "Léa Côté".into(),
        guardians: vec!["Marie-Hélène Côté".into()],
        platform: "Microsoft Teams".into(),
        audience: Some(Audience::Students),
        staff_member: "Geneviève Lévesque".into(),
        school_year: SchoolYear::starting(2025),
        return_email: "secretariat.notre-dame@cssbleuets.qc.ca".into(),
        deadline: NaiveDate::from_ymd_opt(2025, 9, 12).unwrap(),
        form_number: crate::forms::number::encode(101),
        reminder: None,
        wording: Wording::Parent,
        store_tag: Default::default(),
        copy: Default::default(),
    };
    let printed = annexe_a::render(&[form], NaiveDate::from_ymd_opt(2025, 9, 2).unwrap(), None).unwrap();
    // The printed form itself is text and drawings: no scanned page in it.
    let err = stack_of("annexe.pdf", printed.clone()).err().unwrap();
    assert_eq!(err.code(), "scan_stack_no_scan");

    let rendered = render_grey(&printed, 1, 200);
    let scan = GrayImage::from_raw(rendered.width as u32, rendered.height as u32, rendered.pixels).unwrap();
    let jpeg_bytes = jpeg(&scan, 75, Some(200));
    // As a copier writes it, and with an invisible OCR text layer over it (Tr 3), which is still
    // a scan.
    let mut ocr = scan_page(grey_jpeg_dict(&scan), jpeg_bytes.clone());
    ocr.extra = "BT /F1 12 Tf 3 Tr 72 700 Td (Annexe A) Tj ET\n".into();
    let bytes = pdf(vec![scan_page(grey_jpeg_dict(&scan), jpeg_bytes.clone()), ocr]);
    let stack = stack_of("retours.pdf", bytes).unwrap();
    for index in 1..=2 {
        let page = stack.page(index).unwrap();
        assert_eq!(page.image.dimensions(), scan.dimensions());
        assert!((page.dpi.mean() - 200.0).abs() < 0.5, "{:?}", page.dpi);
        let differ = page.image.as_raw().iter().zip(scan.as_raw()).filter(|(a, b)| a.abs_diff(**b) > 64).count();
        assert!(differ * 200 < scan.as_raw().len(), "page {index}: {differ} pixels far from the scanned form");
    }

    // The JPEG file alone (with its JFIF density) reads the same.
    let stack = stack_of("retour.jpg", jpeg_bytes.clone()).unwrap();
    let page = stack.page(1).unwrap();
    assert_eq!(page.dpi, Dpi { x: 200.0, y: 200.0, assumed: false });
    assert_eq!(page.original().unwrap(), Original { media_type: MediaType::Jpeg, bytes: jpeg_bytes });
}

#[test]
fn a_page_turned_by_rotate_or_by_its_matrix_comes_out_upright() {
    let upright = sheet(60);
    let (w, h) = (upright.width(), upright.height());
    // The copier stored the sheet lying on its side and set /Rotate 90 to show it upright.
    let lying = image::imageops::rotate270(&upright);
    let lying_dict = grey_jpeg_dict(&lying);
    let mut rotated = TestPage {
        images: vec![(lying_dict, jpeg(&lying, 95, None), [792.0, 0.0, 0.0, 612.0, 0.0, 0.0])],
        rotate: 90,
        extra: String::new(),
    };
    rotated.images[0].2 = [792.0, 0.0, 0.0, 612.0, 0.0, 0.0];
    // Drawn upside down by its matrix.
    let flipped = TestPage {
        images: vec![(
            grey_jpeg_dict(&upright),
            jpeg(&image::imageops::rotate180(&upright), 95, None),
            [-612.0, 0.0, 0.0, -792.0, 612.0, 792.0],
        )],
        rotate: 0,
        extra: String::new(),
    };
    let bytes = {
        // /Rotate 90 needs a landscape media box.
        let raw = pdf(vec![rotated, flipped]);
        let mut doc = lopdf::Document::load_mem(&raw).unwrap();
        let first = *doc.get_pages().get(&1).unwrap();
        doc.get_dictionary_mut(first).unwrap().set("MediaBox", vec![0.into(), 0.into(), 792.into(), 612.into()]);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    };
    let stack = stack_of("tournée.pdf", bytes.clone()).unwrap();
    for index in 1..=2 {
        let page = stack.page(index).unwrap();
        assert_eq!(page.image.dimensions(), (w, h), "page {index} upright");
        assert_mark(&page.image, 60, &format!("turned page {index}"));
        assert_like_poppler(&bytes, index, 60, &page.image, &format!("turned page {index}"));
        assert!((page.dpi.x - 60.0).abs() < 0.01 && (page.dpi.y - 60.0).abs() < 0.01, "{:?}", page.dpi);
    }
}

#[test]
fn a_page_that_is_not_one_scanned_image_is_a_page_error_and_the_rest_is_read() {
    let scan = sheet(50);
    let small = GrayImage::from_pixel(50, 50, Luma([0]));
    let text = TestPage { images: vec![], rotate: 0, extra: "BT /F1 24 Tf 72 700 Td (Bonjour) Tj ET\n".into() };
    let two_halves = TestPage {
        images: vec![
            (grey_jpeg_dict(&scan), jpeg(&scan, 80, None), [612.0, 0.0, 0.0, 792.0, 0.0, 0.0]),
            (grey_jpeg_dict(&scan), jpeg(&scan, 80, None), [612.0, 0.0, 0.0, 792.0, 0.0, 0.0]),
        ],
        rotate: 0,
        extra: String::new(),
    };
    let logo_only = TestPage {
        images: vec![(grey_jpeg_dict(&small), jpeg(&small, 80, None), [72.0, 0.0, 0.0, 72.0, 72.0, 600.0])],
        rotate: 0,
        extra: String::new(),
    };
    let scan_with_logo = TestPage {
        images: vec![
            (grey_jpeg_dict(&scan), jpeg(&scan, 80, None), LETTER),
            (grey_jpeg_dict(&small), jpeg(&small, 80, None), [72.0, 0.0, 0.0, 72.0, 72.0, 600.0]),
        ],
        rotate: 0,
        extra: String::new(),
    };
    let jbig2 = scan_page(
        image_dict(
            425,
            550,
            &[
                ("ColorSpace", name("DeviceGray")),
                ("BitsPerComponent", Object::Integer(1)),
                ("Filter", name("JBIG2Decode")),
            ],
        ),
        vec![0; 100],
    );
    let bytes = pdf(vec![
        scan_page(grey_jpeg_dict(&scan), jpeg(&scan, 80, None)),
        text,
        two_halves,
        logo_only,
        scan_with_logo,
        jbig2,
    ]);
    let stack = stack_of("mélange.pdf", bytes).unwrap();
    assert_eq!(stack.len(), 6);
    let results: Vec<_> = stack.pages().collect();
    assert!(results[0].1.is_ok());
    for (at, result) in &results[1..4] {
        let err = result.as_ref().err().unwrap_or_else(|| panic!("page {} is not a scan", at.index));
        assert_eq!(*err, PageError::NotAScan, "page {}", at.index);
        assert_eq!(err.code(), "page_not_a_scan");
        assert!(err.message().starts_with("Cette page n'est pas l'image d'une feuille numérisée"), "{err}");
        assert!(err.message_en().contains("not the image of a scanned sheet"));
        assert_eq!(stack.original(at.index).err(), Some(PageError::NotAScan));
    }
    assert_mark(&results[4].1.as_ref().unwrap().image, 50, "a scan with a small image over it");
    let jbig2 = results[5].1.as_ref().err().unwrap();
    assert_eq!(jbig2.code(), "page_unsupported");
    assert!(jbig2.message().contains("JBIG2"), "{jbig2}");
    assert_eq!(results[5].0, PageRef { index: 6, file: "mélange.pdf".into(), page_in_file: 6 });
}

#[test]
fn a_scan_wrapped_in_a_form_xobject_is_found_inside_it() {
    // As a scan « printed » to PDF comes out: the page draws a form, the form draws the image,
    // scaled by the form's own /Matrix.
    let scan = sheet(50);
    let data = jpeg(&scan, 85, None);
    let mut doc = lopdf::Document::with_version("1.5");
    let tree = doc.new_object_id();
    let mut image = lopdf::Stream::new(grey_jpeg_dict(&scan), data.clone());
    image.allows_compression = false;
    let image = doc.add_object(image);
    let form = doc.add_object(lopdf::Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 306.into(), 396.into()],
            "Matrix" => vec![2.into(), 0.into(), 0.into(), 2.into(), 0.into(), 0.into()],
            "Resources" => dictionary! { "XObject" => dictionary! { "Im7" => image } },
        },
        b"q 306 0 0 396 0 0 cm /Im7 Do Q".to_vec(),
    ));
    let content = doc.add_object(lopdf::Stream::new(dictionary! {}, b"q /Fm0 Do Q".to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => tree,
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        "Resources" => dictionary! { "XObject" => dictionary! { "Fm0" => form } },
        "Contents" => content,
    });
    doc.objects
        .insert(tree, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();

    let stack = stack_of("imprimé.pdf", bytes.clone()).unwrap();
    let page = stack.page(1).unwrap();
    assert_mark(&page.image, 50, "a scan inside a form");
    assert!((page.dpi.mean() - 50.0).abs() < 0.01, "{:?}", page.dpi);
    assert_like_poppler(&bytes, 1, 50, &page.image, "a scan inside a form");
    let original = page.original().unwrap();
    assert_eq!(image_stream_of(&original.bytes).1, data);
    // The page alone draws the image with the matrix of both, where the stack's page showed it.
    let alone = stack_of("seule.pdf", original.bytes.clone()).unwrap().page(1).unwrap();
    assert_eq!(alone.image, page.image);
    assert_like_poppler(&original.bytes, 1, 50, &page.image, "the page alone");
}

// ----------------------------------------------------------------------- TIFF, PNG, JPEG files

/// A minimal little-endian TIFF, one strip a page, written by hand (the `tiff` crate does not
/// write G4): `(width, height, bits, compression, strip bytes, dpi)` per page.
type TiffPage = (u32, u32, u16, u16, Vec<u8>, u32);
fn tiff_by_hand(pages: &[TiffPage]) -> Vec<u8> {
    let mut out = b"II*\0\0\0\0\0".to_vec();
    let mut link = 4usize;
    for (width, height, bits, compression, strip, dpi) in pages {
        let strip_at = out.len() as u32;
        out.extend_from_slice(strip);
        if out.len() % 2 == 1 {
            out.push(0);
        }
        let rational_at = out.len() as u32;
        out.extend_from_slice(&dpi.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        let ifd_at = out.len() as u32;
        out[link..link + 4].copy_from_slice(&ifd_at.to_le_bytes());
        let entries: Vec<(u16, u16, u32, u32)> = vec![
            (256, 4, 1, *width),
            (257, 4, 1, *height),
            (258, 3, 1, u32::from(*bits)),
            (259, 3, 1, u32::from(*compression)),
            (262, 3, 1, 0), // WhiteIsZero, as fax TIFFs are
            (273, 4, 1, strip_at),
            (277, 3, 1, 1),
            (278, 4, 1, *height),
            (279, 4, 1, strip.len() as u32),
            (282, 5, 1, rational_at),
            (283, 5, 1, rational_at),
            (296, 3, 1, 2),
        ];
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        for (tag, kind, count, value) in entries {
            out.extend_from_slice(&tag.to_le_bytes());
            out.extend_from_slice(&kind.to_le_bytes());
            out.extend_from_slice(&count.to_le_bytes());
            out.extend_from_slice(&value.to_le_bytes());
        }
        link = out.len();
        out.extend_from_slice(&0u32.to_le_bytes());
    }
    out
}

#[test]
fn a_multi_page_tiff_is_read_page_by_page_whatever_its_compression() {
    use tiff::encoder::compression::DeflateLevel;
    use tiff::encoder::{colortype, Compression, Rational, TiffEncoder};
    use tiff::tags::ResolutionUnit;
    let grey = sheet(60);
    let (w, h) = (grey.width(), grey.height());
    let mut bytes = Vec::new();
    {
        let mut encoder = TiffEncoder::new(std::io::Cursor::new(&mut bytes)).unwrap();
        for compression in [
            Compression::Uncompressed,
            Compression::Lzw,
            Compression::Deflate(DeflateLevel::Balanced),
            Compression::Packbits,
        ] {
            encoder = encoder.with_compression(compression);
            let mut image = encoder.new_image::<colortype::Gray8>(w, h).unwrap();
            image.resolution(ResolutionUnit::Inch, Rational { n: 60, d: 1 });
            image.write_data(grey.as_raw()).unwrap();
        }
        encoder = encoder.with_compression(Compression::Lzw);
        let rgb: Vec<u8> = grey.as_raw().iter().flat_map(|&v| [v, v, v]).collect();
        let mut image = encoder.new_image::<colortype::RGB8>(w, h).unwrap();
        image.resolution(ResolutionUnit::Centimeter, Rational { n: 600, d: 25 }); // 24 dots a cm: 60.96 dpi
        image.write_data(&rgb).unwrap();
    }
    let stack = stack_of("pile.tif", bytes).unwrap();
    assert_eq!(stack.len(), 5);
    for index in 1..=4 {
        let page = stack.page(index).unwrap();
        assert_eq!(page.image, grey, "TIFF page {index} is the very image");
        assert_eq!(page.dpi, Dpi { x: 60.0, y: 60.0, assumed: false });
        assert_eq!(page.at.page_in_file, index);
    }
    let colour = stack.page(5).unwrap();
    assert_mark(&colour.image, 60, "RGB TIFF page");
    assert!((colour.dpi.x - 60.96).abs() < 0.01, "{:?}", colour.dpi);
    let original = colour.original().unwrap();
    assert_eq!(original.media_type, MediaType::Png);
    check_scan(&original, "tiff");
    let again = stack_of("page.png", original.bytes).unwrap().page(1).unwrap();
    assert_eq!(again.image, colour.image, "the PNG of a TIFF page is that page");

    // Fax TIFF: 1 bit, G4, WhiteIsZero, 204 dpi; and a 1-bit uncompressed page.
    let page = bilevel(40);
    let (w, h) = (page.width(), page.height());
    let inverted: Vec<u8> = packed(&page).iter().map(|b| !b).collect(); // WhiteIsZero: 1 = black
    let fax = tiff_by_hand(&[(w, h, 1, 4, g4(&page, false), 204), (w, h, 1, 1, inverted, 200)]);
    let stack = stack_of("fax.tiff", fax).unwrap();
    assert_eq!(stack.len(), 2);
    for index in 1..=2 {
        let read = stack.page(index).unwrap();
        assert_eq!(read.image, page, "1-bit TIFF page {index}: black on white");
    }
    assert_eq!(stack.page(1).unwrap().dpi.x, 204.0);
    let original = stack.original(1).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(&original.bytes));
    let reader = decoder.read_info().unwrap();
    assert_eq!(reader.info().bit_depth, png::BitDepth::One, "a black-and-white page is kept at 1 bit");
    assert!(original.bytes.len() < 8_000, "{} bytes", original.bytes.len());
    assert_eq!(stack_of("fax.png", original.bytes).unwrap().page(1).unwrap().image, page);
}

fn png_file(width: u32, height: u32, colour: png::ColorType, data: &[u8], dpi: Option<u32>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(colour);
    encoder.set_depth(png::BitDepth::Eight);
    if let Some(dpi) = dpi {
        let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
        encoder.set_pixel_dims(Some(png::PixelDimensions { xppu: per_metre, yppu: per_metre, unit: png::Unit::Meter }));
    }
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(data).unwrap();
    writer.finish().unwrap();
    out
}

#[test]
fn png_and_jpeg_files_are_one_page_each_in_the_order_given_and_kept_as_they_are() {
    let grey = sheet(70);
    let (w, h) = (grey.width(), grey.height());
    let grey_png = png_file(w, h, png::ColorType::Grayscale, grey.as_raw(), Some(70));
    let rgba: Vec<u8> = grey.as_raw().iter().flat_map(|&v| [v, v, v, 255]).collect();
    let rgba_png = png_file(w, h, png::ColorType::Rgba, &rgba, None);
    let plain_jpeg = jpeg(&grey, 90, None);
    let tmp = tempfile::tempdir().unwrap();
    let paths: Vec<_> = [("a.png", &grey_png), ("b.png", &rgba_png), ("c.jpg", &plain_jpeg)]
        .iter()
        .map(|(name, bytes)| {
            let path = tmp.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        })
        .collect();
    let stack = Stack::open(&paths).unwrap();
    assert_eq!(stack.len(), 3);
    let names: Vec<_> = stack.pages().map(|(at, _)| (at.index, at.file, at.page_in_file)).collect();
    assert_eq!(names, vec![(1, "a.png".into(), 1), (2, "b.png".into(), 1), (3, "c.jpg".into(), 1)]);
    let first = stack.page(1).unwrap();
    assert_eq!(first.image, grey);
    assert!((first.dpi.x - 70.0).abs() < 0.05 && !first.dpi.assumed, "{:?}", first.dpi);
    let second = stack.page(2).unwrap();
    assert_eq!(second.image, grey);
    assert_eq!(second.dpi, Dpi { x: 70.0, y: 70.0, assumed: true }, "no pHYs: a letter page is 8.5 inches wide");
    assert_mark(&stack.page(3).unwrap().image, 70, "JPEG file");
    assert!(stack.page(3).unwrap().dpi.assumed);
    assert_eq!(stack.original(1).unwrap(), Original { media_type: MediaType::Png, bytes: grey_png });
    assert_eq!(stack.original(3).unwrap(), Original { media_type: MediaType::Jpeg, bytes: plain_jpeg });
}

// ------------------------------------------------------------------------------ many pages

#[test]
fn a_stack_is_shared_by_threads_and_decodes_its_pages_in_parallel() {
    fn sync<T: Sync + Send>() {}
    sync::<Stack>();
    let scan = sheet(40);
    let pages = (0..12).map(|_| scan_page(grey_jpeg_dict(&scan), jpeg(&scan, 80, None))).collect();
    let stack = stack_of("douze.pdf", pdf(pages)).unwrap();
    let done = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for worker in 0..3 {
            let (stack, done) = (&stack, &done);
            scope.spawn(move || {
                for index in (1 + worker..=stack.len()).step_by(3) {
                    let page = stack.page(index).unwrap();
                    assert_mark(&page.image, 40, "parallel page");
                    done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            });
        }
    });
    assert_eq!(done.into_inner(), 12);
}

// ------------------------------------------------------------------------------- bad inputs

/// A PDF whose trailer says it is encrypted (standard handler, a user password Balise does not
/// have).
fn encrypted_pdf() -> Vec<u8> {
    let scan = sheet(30);
    let bytes = pdf(vec![scan_page(grey_jpeg_dict(&scan), jpeg(&scan, 80, None))]);
    let mut doc = lopdf::Document::load_mem(&bytes).unwrap();
    let encrypt = doc.add_object(dictionary! {
        "Filter" => "Standard", "V" => 1, "R" => 2, "Length" => 40, "P" => -44,
        "O" => Object::String(vec![0x11; 32], lopdf::StringFormat::Hexadecimal),
        "U" => Object::String(vec![0x22; 32], lopdf::StringFormat::Hexadecimal),
    });
    doc.trailer.set("Encrypt", encrypt);
    doc.trailer.set(
        "ID",
        vec![
            Object::String(vec![7; 16], lopdf::StringFormat::Hexadecimal),
            Object::String(vec![7; 16], lopdf::StringFormat::Hexadecimal),
        ],
    );
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A PNG header declaring `width` × `height` pixels, with correct CRCs, and no data.
fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend_from_slice(&13u32.to_be_bytes());
    out.extend_from_slice(&ihdr);
    let mut crc = flate2::Crc::new();
    crc.update(&ihdr);
    out.extend_from_slice(&crc.sum().to_be_bytes());
    out
}

#[test]
fn every_bad_input_gets_a_clear_french_message_and_no_panic() {
    let scan = sheet(30);
    let good = pdf(vec![scan_page(grey_jpeg_dict(&scan), jpeg(&scan, 80, None))]);
    let file_level =
        |name: &str, bytes: Vec<u8>| stack_of(name, bytes).err().unwrap_or_else(|| panic!("{name} is refused"));

    let encrypted = file_level("protégé.pdf", encrypted_pdf());
    assert_eq!(encrypted.code(), "scan_stack_encrypted");
    assert!(
        encrypted.to_string().starts_with("« protégé.pdf » est un PDF protégé (chiffré, avec un mot de passe)"),
        "{encrypted}"
    );
    assert!(encrypted.message_en().contains("protected PDF"));

    let truncated = file_level("coupé.pdf", good[..good.len() / 2].to_vec());
    assert_eq!(truncated.code(), "scan_stack_damaged");
    assert!(truncated.to_string().contains("« coupé.pdf » est endommagé ou incomplet"), "{truncated}");

    let mut docx = b"PK\x03\x04".to_vec();
    docx.extend_from_slice(&[0; 200]);
    let random: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    for (name, bytes) in [("lettre.docx", docx), ("bruit.bin", random), ("vide.pdf", Vec::new())] {
        let err = file_level(name, bytes);
        assert_eq!(err.code(), "scan_stack_unsupported", "{name}");
        assert!(
            err.to_string().contains(&format!("« {name} » n'est pas une numérisation que Balise sait lire")),
            "{err}"
        );
    }

    let text_only =
        pdf(vec![TestPage { images: vec![], rotate: 0, extra: "BT /F1 24 Tf 72 700 Td (Texte) Tj ET\n".into() }]);
    let err = file_level("texte.pdf", text_only);
    assert_eq!(err.code(), "scan_stack_no_scan");
    assert_eq!(err.to_string(), "« texte.pdf » ne contient aucune page numérisée : ses 1 page(s) sont du texte ou des dessins, pas l'image d'une feuille. Choisissez le PDF que le copieur a produit, puis recommencez ; rien n'a été lu.");

    assert_eq!(Stack::from_files(Vec::new()).err().unwrap().code(), "scan_stack_empty");

    // A broken TIFF directory.
    let mut tiff = b"II*\0".to_vec();
    tiff.extend_from_slice(&9999u32.to_le_bytes());
    assert_eq!(file_level("abîmé.tif", tiff).code(), "scan_stack_damaged");

    // Pages declaring 100,000 × 100,000 pixels: refused from their header, nothing allocated.
    let huge_pdf = pdf(vec![scan_page(
        image_dict(
            100_000,
            100_000,
            &[
                ("ColorSpace", name("DeviceGray")),
                ("BitsPerComponent", Object::Integer(8)),
                ("Filter", name("FlateDecode")),
            ],
        ),
        deflate(&[0; 1000]),
    )]);
    let mut huge_jpeg = jpeg(&GrayImage::new(16, 16), 80, None);
    let sof = huge_jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    huge_jpeg[sof + 5..sof + 9].copy_from_slice(&[0xEA, 0x60, 0xEA, 0x60]); // 60,000 × 60,000
    let huge_tiff = tiff_by_hand(&[(100_000, 100_000, 1, 1, vec![0; 64], 300)]);
    for (name, bytes, size) in [
        ("géant.pdf", huge_pdf, (100_000, 100_000)),
        ("géant.png", png_declaring(100_000, 100_000), (100_000, 100_000)),
        ("géant.jpg", huge_jpeg, (60_000, 60_000)),
        ("géant.tif", huge_tiff, (100_000, 100_000)),
    ] {
        let stack = stack_of(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let err = stack.page(1).err().unwrap_or_else(|| panic!("{name}: the page is refused"));
        assert_eq!(err, PageError::TooLarge { width: size.0, height: size.1 }, "{name}");
        assert!(
            err.message()
                .contains("une numérisation en a bien moins (au plus 12 000 pixels de côté et 100 mégapixels)"),
            "{err}"
        );
    }

    // A deflate bomb: 1,000 × 1,000 declared, a gigabyte of zeros deflated; only the declared
    // megabyte is inflated.
    let bomb = {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..1024 {
            encoder.write_all(&zeros).unwrap();
        }
        encoder.finish().unwrap()
    };
    let bomb_pdf = pdf(vec![scan_page(
        image_dict(
            1000,
            1000,
            &[
                ("ColorSpace", name("DeviceGray")),
                ("BitsPerComponent", Object::Integer(8)),
                ("Filter", name("FlateDecode")),
            ],
        ),
        bomb,
    )]);
    let started = std::time::Instant::now();
    let page = stack_of("bombe.pdf", bomb_pdf).unwrap().page(1).unwrap();
    assert_eq!(page.image.dimensions(), (1000, 1000));
    assert!(page.image.iter().all(|&v| v == 0));
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "the rest of the bomb is never inflated");

    // A damaged JPEG page inside a good PDF: that page only.
    let mut broken = jpeg(&scan, 80, None);
    let len = broken.len();
    broken[len / 2..len - 2].iter_mut().for_each(|b| *b = 0xFF);
    let stack = stack_of(
        "abîmée.pdf",
        pdf(vec![scan_page(grey_jpeg_dict(&scan), broken), scan_page(grey_jpeg_dict(&scan), jpeg(&scan, 80, None))]),
    )
    .unwrap();
    assert!(stack.page(2).is_ok());
    if let Err(err) = stack.page(1) {
        assert_eq!(err, PageError::Damaged);
        assert_eq!(err.to_string(), "L'image de cette page est endommagée ou incomplète. Numérisez-la de nouveau.");
    }
}

#[test]
fn a_2_gb_file_is_refused_from_its_size_without_being_read() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("pile énorme.pdf");
    // Sparse: two gigabytes declared, nothing on disk; reading it would take seconds and 2 GB.
    std::fs::File::create(&path).unwrap().set_len(2 * 1024 * 1024 * 1024).unwrap();
    let started = std::time::Instant::now();
    let err = Stack::open(&[&path]).err().unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    assert_eq!(err.code(), "scan_stack_too_large");
    assert_eq!(
        err.to_string(),
        "« pile énorme.pdf » fait 2048 Mo : un fichier de pile numérisée fait au plus 1536 Mo. Numérisez la pile en plusieurs fichiers (par exemple 100 feuilles à la fois, en 200 ou 300 ppp, niveaux de gris ou noir et blanc), puis recommencez ; rien n'a été lu."
    );
    assert!(err.message_en().contains("is 2048 MB"));
    // A folder and a missing file: the door's own messages.
    assert_eq!(Stack::open(&[tmp.path()]).err().unwrap().code(), "input_not_a_file");
    assert_eq!(Stack::open(&[tmp.path().join("absent.pdf")]).err().unwrap().code(), "input_missing");
}
