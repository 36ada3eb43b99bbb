//! Turning built pages into PDF bytes: the embedded fonts, the document's metadata and its date
//! (always passed in, so a reprint is reproducible and tests need no clock), and building the
//! pages of a long batch on several threads.

use chrono::NaiveDate;
use printpdf::{OffsetDateTime, PdfDocument, PdfFont, PdfParseErrorSeverity, PdfSaveOptions};

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

/// Serialises `pages` into a PDF. Every face is registered, and printpdf embeds, subset, only the
/// faces the pages use.
pub fn render_document(info: &DocumentInfo<'_>, pages: Vec<Page>) -> Result<Vec<u8>, PdfError> {
    if pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    let date = pdf_date(info.created_on)?;
    let mut document = PdfDocument::new(info.title);
    document.metadata.info.creation_date = date;
    document.metadata.info.modification_date = date;
    document.metadata.info.metadata_date = date;
    document.metadata.info.creator = "Balise".to_string();
    document.metadata.info.producer = "Balise".to_string();
    for face in Face::ALL {
        document.resources.fonts.map.insert(face.font_id(), PdfFont::new(face.parsed_font().clone()));
    }
    document.pages = pages.into_iter().map(Page::into_pdf_page).collect();

    let mut warnings = Vec::new();
    let options = PdfSaveOptions { optimize: false, ..PdfSaveOptions::default() };
    let mut serialised = document.to_lopdf_document(&options, &mut warnings);
    // printpdf reports problems (a font it could not subset, text outside a text section) as
    // warnings beside the result; an error among them means the file is not what was drawn.
    let errors: Vec<String> = warnings
        .into_iter()
        .filter(|warning| warning.severity == PdfParseErrorSeverity::Error)
        .map(|warning| warning.msg)
        .collect();
    if !errors.is_empty() {
        return Err(PdfError::Serialization(errors.join("\u{202F}; ")));
    }

    // `PdfDocument::save` compresses the streams one after the other at zlib's best level, about
    // 40 % of the save of a 1,000-page batch; the same compression is done here on every core
    // (in printpdf 0.12, `optimize: false` turns off only that step).
    let streams: Vec<_> = serialised
        .objects
        .values_mut()
        .filter_map(|object| object.as_stream_mut().ok())
        .filter(|stream| stream.allows_compression)
        .collect();
    in_parallel(streams, |stream| {
        // As in lopdf's own `compress`: a stream that fails to compress is written as it is.
        let _ = stream.compress();
    });
    let mut bytes = Vec::new();
    serialised.save_to(&mut bytes).map_err(|error| PdfError::Serialization(error.to_string()))?;
    Ok(bytes)
}

/// Builds one page per item, on as many threads as the machine has cores, keeping the items'
/// order. For batches such as 1,000 consent forms; the fonts are shared, not copied, by threads.
pub fn build_pages<T, F>(items: &[T], build: F) -> Vec<Page>
where
    T: Sync,
    F: Fn(&T) -> Page + Sync,
{
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len().max(1));
    if threads <= 1 {
        return items.iter().map(&build).collect();
    }
    let chunk_size = items.len().div_ceil(threads);
    let build = &build;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk_size)
            .map(|chunk| scope.spawn(move || chunk.iter().map(build).collect::<Vec<Page>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| match handle.join() {
                Ok(pages) => pages,
                // A panic while drawing a page is a bug in the layout code: let it surface.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

/// Runs `work` on every item, the items split evenly between the machine's cores.
fn in_parallel<T: Send>(mut items: Vec<T>, work: impl Fn(&mut T) + Sync) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len().max(1));
    if threads <= 1 {
        items.iter_mut().for_each(work);
        return;
    }
    let chunk_size = items.len().div_ceil(threads);
    let work = &work;
    std::thread::scope(|scope| {
        for chunk in items.chunks_mut(chunk_size) {
            scope.spawn(move || chunk.iter_mut().for_each(work));
        }
    });
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
    fn pages_built_in_parallel_keep_their_order() {
        let numbers: Vec<usize> = (0..37).collect();
        let pages = build_pages(&numbers, |n| {
            let mut page = Page::letter();
            page.text(MARGIN_MM, MARGIN_MM, TextStyle::new(Face::Sans, 10.0), &format!("Page {n}"));
            page
        });
        assert_eq!(pages.len(), 37);
        let expected: Vec<String> = numbers.iter().map(|n| format!("{:?}", Some(format!("Page {n}")))).collect();
        let found: Vec<String> = pages.iter().map(|page| format!("{:?}", page.first_text())).collect();
        assert_eq!(found, expected);
    }
}
