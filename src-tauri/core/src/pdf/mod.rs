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
mod fonts;
mod page;
mod qr;
mod recovery_sheet;
pub mod school_report;
#[cfg(test)]
pub(crate) mod test_support;
mod typography;
mod wrap;

pub use document::{build_pages, render_document, try_build_pages, DocumentInfo};
pub use fonts::Face;
pub use page::{Align, Page, Stroke, TextStyle, LETTER_HEIGHT_MM, LETTER_WIDTH_MM, MARGIN_MM};
pub use qr::{draw_qr_code, QUIET_ZONE_MODULES};
pub use recovery_sheet::{recovery_sheet, RecoverySheet};
pub use typography::{fr_long_date, fr_typography};
pub use wrap::{wrap, Line, Run, Span};

/// Why a PDF could not be produced. Messages are in French: they reach the school staff as is.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("Le document PDF ne contient aucune page\u{a0}: il n’a pas été créé.")]
    NoPages,

    #[error("La date du {0} ne peut pas être inscrite dans un PDF\u{a0}: vérifiez la date de l’ordinateur.")]
    DateOutOfRange(chrono::NaiveDate),

    #[error(
        "La clé de récupération est vide ou mal formée (seuls des lettres, des chiffres et des \
         tirets entre les groupes sont attendus)\u{a0}: la feuille n’a pas été créée."
    )]
    InvalidRecoveryCode,

    #[error(
        "Le numéro de formulaire «\u{a0}{0}\u{a0}» est mal formé\u{a0}: les formulaires n’ont pas été \
         créés. Signalez-le au soutien informatique."
    )]
    InvalidFormNumber(String),

    #[error("Le code QR n’a pas pu être créé\u{a0}: {0}.")]
    QrCode(String),

    #[error(
        "La création du PDF a échoué\u{a0}: {0}. Réessayez\u{202F}; si l’erreur revient, \
         signalez-la au soutien informatique."
    )]
    Serialization(String),
}
