//! The PDFs Balise prints: a small page-layout layer over printpdf (embedded Liberation fonts,
//! measured word-wrapping, French typography, pages in millimetres) and the documents built on it.
//!
//! Pages are plain values (`Page`) that borrow nothing, so a long batch (1,000 consent forms) can be
//! built on several threads with `build_pages` and handed to `render_document` in one go. The fonts
//! are parsed once per process and subset by printpdf when the document is saved.

mod document;
mod fonts;
mod page;
mod recovery_sheet;
mod typography;
mod wrap;

pub use document::{build_pages, render_document, DocumentInfo};
pub use fonts::Face;
pub use page::{Align, Page, Stroke, TextStyle, LETTER_HEIGHT_MM, LETTER_WIDTH_MM, MARGIN_MM};
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
        "La création du PDF a échoué\u{a0}: {0}. Réessayez\u{202F}; si l’erreur revient, \
         signalez-la au soutien informatique."
    )]
    Serialization(String),
}
