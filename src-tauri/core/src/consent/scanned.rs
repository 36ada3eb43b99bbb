//! A scanned stack's pages in the store (issue 16): where each page the reader read belongs — a
//! form of this store and year to record, one already recorded, a page from elsewhere — and the
//! recording of a page a person confirmed, through the same checks as a typed return
//! (`returns::record`: closed year, dates, signer, « déjà enregistré »), the page itself kept,
//! encrypted, as that form's scan. Nothing here decides an answer the reader was not sure of:
//! such a page is `Standing::Review`, and only a person's answers record it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::registry::{self, FormView};
use super::returns::{self, Recorded, ReturnInput, SignerInput};
use super::state::{How, Reply};
use crate::attachment::NewAttachment;
use crate::error::{Error, Result};
use crate::store::Db;
use crate::year::SchoolYear;

/// What the reader proposes for one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Proposed {
    Oui,
    Non,
    /// Neither box marked.
    Vide,
    /// Not sure (both boxes, a faint or crossed-out mark, a mark outside the boxes…): a person
    /// answers.
    AVerifier,
}

impl Proposed {
    /// The answer to record, when the reader is sure of it.
    pub fn reply(self) -> Option<Reply> {
        match self {
            Proposed::Oui => Some(Reply::Oui),
            Proposed::Non => Some(Reply::Non),
            Proposed::Vide => Some(Reply::Vide),
            Proposed::AVerifier => None,
        }
    }
}

/// Whom the printed copy names as its signer (the code's copy mark): the family's copy (any
/// guardian on file, the first one who may be contacted by default, as on Retours), one
/// guardian's own copy (`--per-guardian`), or the student's own copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(tag = "kind", content = "guardian", rename_all = "snake_case")]
pub enum CopyOf {
    #[default]
    Family,
    Guardian(i64),
    Student,
}

impl CopyOf {
    fn signer(self) -> SignerInput {
        match self {
            CopyOf::Family => SignerInput::OnFile,
            CopyOf::Guardian(id) => SignerInput::Guardian(id),
            CopyOf::Student => SignerInput::Student,
        }
    }
}

/// One page as the reader read it, reduced to what filing needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRead {
    /// The form number of the page's code (`None`: no readable Balise code).
    pub number: Option<String>,
    /// The store's tag in the code (`None`: a form printed before codes carried it).
    pub store_tag: Option<String>,
    /// The school year in the code (`None`: an older form).
    pub year: Option<SchoolYear>,
    pub copy: CopyOf,
    pub q1: Proposed,
    pub q2: Proposed,
    /// Ink on the signature line (`None`: the reader could not tell).
    pub signed: Option<bool>,
}

/// Where a page stands once assessed against the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Standing {
    /// Both answers read, signed, a form of this store and year not recorded yet: recorded by
    /// « Enregistrer les pages claires » (`--confirm-clear`).
    Clear,
    /// A person looks at the page and answers (the reasons say why).
    Review,
    /// Recorded before: shown as such, never overwritten (a correction stays explicit, on
    /// Retours).
    AlreadyRecorded { on: String, answers: String },
    /// A Balise form printed by another school's store: never filed here.
    OtherSchool,
    /// A form of this store for another school year.
    OtherYear { year: String },
    /// A number this store never printed.
    UnknownNumber,
    /// The form's year is closed: nothing is recorded in it any more.
    YearClosed,
    /// No readable Balise code: « pages non classées », never guessed.
    Unclassified,
}

/// Why a page needs a person, from the filing side (the reader's own reasons come with its
/// reading).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FilingReason {
    /// No ink on the signature line: an unsigned form is no written consent (5.5.3, Annexe A).
    NotSigned,
    /// The reader could not tell whether the form is signed.
    SignatureUnsure,
    /// A question the reader could not read for sure.
    AnswerUnsure,
    /// The code names no school year or store (printed before codes carried them): the number
    /// alone files it, a person checks it is this school's form.
    OldCode,
}

impl FilingReason {
    pub fn text_fr(self) -> &'static str {
        match self {
            FilingReason::NotSigned => "pas de signature : un formulaire non signé n'est pas un consentement écrit",
            FilingReason::SignatureUnsure => "signature à vérifier sur la page",
            FilingReason::AnswerUnsure => "réponse à vérifier",
            FilingReason::OldCode => "formulaire imprimé avant la lecture automatique : vérifiez qu'il est de l'école",
        }
    }

    pub fn text_en(self) -> &'static str {
        match self {
            FilingReason::NotSigned => "no signature: an unsigned form is no written consent",
            FilingReason::SignatureUnsure => "check the signature on the page",
            FilingReason::AnswerUnsure => "answer to check",
            FilingReason::OldCode => "form printed before automatic reading: check it is this school's",
        }
    }
}

/// A page assessed: where it stands, the form it is (when this store knows the number), and
/// what a person must look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Filed {
    pub standing: Standing,
    pub form: Option<FormView>,
    pub reasons: Vec<FilingReason>,
}

/// This store's tag, as its printed codes carry it.
pub fn store_tag(db: &Db) -> Result<String> {
    registry::store_tag(&db.conn)
}

/// Where `page` stands in the store, with `tag` this store's tag (`store_tag`). Writes nothing.
pub fn assess(db: &Db, page: &PageRead, tag: &str) -> Result<Filed> {
    let unfiled = |standing| Ok(Filed { standing, form: None, reasons: Vec::new() });
    let Some(number) = &page.number else { return unfiled(Standing::Unclassified) };
    if page.store_tag.as_deref().is_some_and(|t| t != tag) {
        return unfiled(Standing::OtherSchool);
    }
    let form = match registry::show(db, number) {
        Ok(form) => form,
        Err(Error::FormNotFound(_)) | Err(Error::FormNumberInvalid(_)) => return unfiled(Standing::UnknownNumber),
        Err(other) => return Err(other),
    };
    if page.year.is_some_and(|year| year != form.year) {
        let year = page.year.map(|y| y.to_string()).unwrap_or_default();
        return Ok(Filed { standing: Standing::OtherYear { year }, form: None, reasons: Vec::new() });
    }
    let mut reasons = Vec::new();
    if page.store_tag.is_none() || page.year.is_none() {
        reasons.push(FilingReason::OldCode);
    }
    let input = ReturnInput {
        q1: page.q1.reply().unwrap_or(Reply::Vide),
        q2: page.q2.reply().unwrap_or(Reply::Vide),
        received_on: None,
        signer: page.copy.signer(),
        how: How::Papier,
        do_not_contact_reason: None,
    };
    match returns::check_recordable(db, &form.number, &input) {
        Ok(()) => {}
        Err(Error::FormAlreadyRecorded { on, answers, .. }) => {
            return Ok(Filed { standing: Standing::AlreadyRecorded { on, answers }, form: Some(form), reasons })
        }
        Err(Error::YearClosed(_)) => return Ok(Filed { standing: Standing::YearClosed, form: Some(form), reasons }),
        // Another refusal (a signer marked « ne pas contacter », a student's copy without the
        // setting…) is said when the person records the page.
        Err(_) => {}
    }
    if page.q1.reply().is_none() || page.q2.reply().is_none() {
        reasons.push(FilingReason::AnswerUnsure);
    }
    match page.signed {
        Some(true) => {}
        Some(false) => reasons.push(FilingReason::NotSigned),
        None => reasons.push(FilingReason::SignatureUnsure),
    }
    let standing = if reasons.is_empty() { Standing::Clear } else { Standing::Review };
    Ok(Filed { standing, form: Some(form), reasons })
}

/// A page a person confirmed (or a clear page): its answers, the copy's signer, the day it came
/// back (today when `None`) and the page itself, stored encrypted as the form's scan.
pub struct Confirmed<'a> {
    pub number: &'a str,
    pub q1: Reply,
    pub q2: Reply,
    pub copy: CopyOf,
    pub received_on: Option<NaiveDate>,
    pub page: &'a NewAttachment,
}

/// Records a confirmed page as a typed return would be, with every check of `returns::record`;
/// a form already recorded is refused (never overwritten).
pub fn confirm(db: &mut Db, confirmed: &Confirmed<'_>) -> Result<Recorded> {
    let input = ReturnInput {
        q1: confirmed.q1,
        q2: confirmed.q2,
        received_on: confirmed.received_on,
        signer: confirmed.copy.signer(),
        how: How::Papier,
        do_not_contact_reason: None,
    };
    returns::record(db, confirmed.number, &input, Some(confirmed.page), false)
}
