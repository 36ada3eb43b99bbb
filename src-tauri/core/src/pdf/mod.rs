//! The PDFs Balise prints: a small page-layout layer (embedded Liberation fonts, measured
//! word-wrapping, French typography, pages in millimetres, QR codes) and the documents built on
//! it: the Annexe A consent forms, the teacher's class sheet, the recovery-key sheet.
//!
//! Pages are plain values (`Page`) that borrow nothing and write their own content streams, so a
//! long batch (1,000 consent forms) is built on several threads with `build_pages` and handed to
//! `render_document` in one go, which has printpdf embed the fonts, subset once over the glyphs
//! of all pages, and compresses the pages' streams in parallel.

pub mod annexe_a;
pub mod attestation;
pub mod class_sheet;
pub mod deletion_followup;
mod document;
pub mod enclosure;
pub mod flow;
mod fonts;
mod image;
mod page;
mod qr;
mod recovery_sheet;
pub mod reminder_list;
pub mod space_request;
pub mod template_form;
#[cfg(test)]
pub(crate) mod test_support;
mod typography;
mod wrap;

pub use crate::error::PdfError;
pub use document::{build_pages, render_document, try_build_pages, DocumentInfo};
pub use flow::{Flow, Frame};
pub use fonts::Face;
pub use image::Image;
pub use page::{Align, Page, Stroke, TextStyle, LETTER_HEIGHT_MM, LETTER_WIDTH_MM, MARGIN_MM};
pub use qr::{draw_qr_code, QUIET_ZONE_MODULES};
pub use recovery_sheet::{recovery_sheet, write_recovery_sheet, RecoverySheet};
pub use typography::{en_long_date, fr_long_date, fr_source, fr_typography};
pub use wrap::{wrap, Line, Run, Span};
