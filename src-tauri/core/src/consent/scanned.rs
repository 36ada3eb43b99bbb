//! A scanned stack's pages in the store (issue 16): where each page the reader read belongs — a
//! form of this store and year to record, one already recorded, a page from elsewhere — and the
//! recording of a page a person confirmed, through the same checks as a typed return
//! (`returns::record`: closed year, dates, signer, « déjà enregistré »), the page itself kept,
//! encrypted, as that form's scan. Nothing here decides an answer the reader was not sure of:
//! such a page is `Standing::Review`, and only a person's answers record it.
//!
//! The 5.9 attestations come back in the same stacks: their pages are filed with the staff
//! member their code names (`deletion::scanned`), and a confirmed one is recorded as that staff
//! member's signed attestation, its 5.10 answer (question 1 of the page) with the lines a person
//! typed when it is « oui ».

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::project_forms::{self, ItemsReturn, ProjectForm};
use super::registry::{self, FormView};
use super::returns::{self, Recorded, ReturnInput, SignerInput};
use super::state::{How, Reply};
use crate::attachment::NewAttachment;
use crate::deletion::confirm::KeepInput;
use crate::deletion::scanned::{self as attestations, AttestationView};
use crate::error::{Error, Result};
use crate::forms::code::{CopyFor, StoreTag};
use crate::scan::input::{PageError, PageRef, Stack};
use crate::scan::read::{self, Found, Options, PageReading};
use crate::store::Db;
use crate::year::SchoolYear;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What the reader proposes for one question (`oui`, `non`, `vide`, or `a_verifier`: a person
/// answers).
pub use crate::scan::read::Answer as Proposed;

/// The answer to record, when the reader is sure of it.
pub fn reply_of(answer: Proposed) -> Option<Reply> {
    match answer {
        Proposed::Oui => Some(Reply::Oui),
        Proposed::Non => Some(Reply::Non),
        Proposed::Vide => Some(Reply::Vide),
        Proposed::AVerifier => None,
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
    pub store_tag: Option<StoreTag>,
    /// The school year in the code (`None`: an older form).
    pub year: Option<SchoolYear>,
    pub copy: CopyOf,
    /// A 5.9 attestation's page: the staff member its code names (then `number` is `None`).
    pub attestation_of: Option<i64>,
    /// A project's form (issue 17): its number, and each box as read.
    pub project: Option<String>,
    pub items: Vec<Proposed>,
    /// A page of an attestation before its closing one: nothing to read or record.
    pub continued: bool,
    pub q1: Proposed,
    pub q2: Proposed,
    /// Ink on the signature line (`None`: the reader could not tell).
    pub signed: Option<bool>,
    /// The reader wants a person to look (its reasons come with its reading).
    pub review: bool,
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
    /// A page of a 5.9 attestation before its closing one (a long list continued): nothing to
    /// read or record on it.
    Continued,
    /// No readable Balise code: « pages non classées », never guessed.
    Unclassified,
    /// Recorded from this stack (`record_pages`).
    Recorded,
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
    /// A project's form with a box the reader could not read for sure, or not signed: its
    /// return is typed on the Projets screen (the stack's keys are the Annexe A's two questions).
    ProjectToType,
    /// The code names no school year or store (printed before codes carried them): the number
    /// alone files it, a person checks it is this school's form.
    OldCode,
    /// An attestation's 5.10 « oui »: a person types which students' documents went into their
    /// file (the handwritten lines are not read).
    KeptToType,
}

impl FilingReason {
    /// A stable code for scripts (`reason` codes beside the reader's).
    pub fn code(self) -> &'static str {
        match self {
            FilingReason::NotSigned => "not_signed",
            FilingReason::SignatureUnsure => "signature_uncertain",
            FilingReason::AnswerUnsure => "answer_unsure",
            FilingReason::OldCode => "old_code",
            FilingReason::KeptToType => "kept_to_type",
            FilingReason::ProjectToType => "project_to_type",
        }
    }

    pub fn text_fr(self) -> &'static str {
        match self {
            FilingReason::NotSigned => "pas de signature : un formulaire non signé n'est pas un consentement écrit",
            FilingReason::SignatureUnsure => "signature à vérifier sur la page",
            FilingReason::AnswerUnsure => "réponse à vérifier",
            FilingReason::OldCode => "formulaire imprimé avant la lecture automatique : vérifiez qu'il est de l'école",
            FilingReason::KeptToType => {
                "art. 5.10 « oui » : saisissez chaque élève et le document versé à son dossier (une ligne par document)"
            }
            FilingReason::ProjectToType => "formulaire d'un projet à vérifier : saisissez son retour à l'écran Projets",
        }
    }

    pub fn text_en(self) -> &'static str {
        match self {
            FilingReason::NotSigned => "no signature: an unsigned form is no written consent",
            FilingReason::SignatureUnsure => "check the signature on the page",
            FilingReason::AnswerUnsure => "answer to check",
            FilingReason::OldCode => "form printed before automatic reading: check it is this school's",
            FilingReason::KeptToType => "art. 5.10 \"yes\": type each student and the document put in their file",
            FilingReason::ProjectToType => "a project's form to check: type its return on the Projects screen",
        }
    }
}

/// A page assessed: where it stands, the form it is (when this store knows the number), and
/// what a person must look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Filed {
    pub standing: Standing,
    pub form: Option<FormView>,
    /// The project's form the page is (issue 17), when this store knows its number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<ProjectForm>,
    /// The 5.9 attestation the page is, when its staff member is on file.
    pub attestation: Option<AttestationView>,
    pub reasons: Vec<FilingReason>,
}

/// This store's tag, as its printed codes carry it.
pub fn store_tag(db: &Db) -> Result<StoreTag> {
    crate::forms::code::store_tag(&db.conn)
}

/// Where `page` stands in the store, with `tag` this store's tag (`store_tag`). Writes nothing.
pub fn assess(db: &Db, page: &PageRead, tag: StoreTag) -> Result<Filed> {
    let unfiled = |standing| Ok(Filed { project: None, standing, form: None, attestation: None, reasons: Vec::new() });
    if let Some(staff_id) = page.attestation_of {
        return assess_attestation(db, page, staff_id, tag);
    }
    if let Some(number) = &page.project {
        return assess_project(db, page, number, tag);
    }
    let Some(number) = &page.number else { return unfiled(Standing::Unclassified) };
    if page.store_tag.is_some_and(|t| t != tag) {
        return unfiled(Standing::OtherSchool);
    }
    let form = match registry::show(db, number) {
        Ok(form) => form,
        Err(Error::FormNotFound(_)) | Err(Error::FormNumberInvalid(_)) => return unfiled(Standing::UnknownNumber),
        Err(other) => return Err(other),
    };
    if page.year.is_some_and(|year| year != form.year) {
        let year = page.year.map(|y| y.to_string()).unwrap_or_default();
        return Ok(Filed {
            project: None,
            standing: Standing::OtherYear { year },
            form: None,
            attestation: None,
            reasons: Vec::new(),
        });
    }
    let mut reasons = Vec::new();
    if page.store_tag.is_none() || page.year.is_none() {
        reasons.push(FilingReason::OldCode);
    }
    let input = ReturnInput {
        q1: reply_of(page.q1).unwrap_or(Reply::Vide),
        q2: reply_of(page.q2).unwrap_or(Reply::Vide),
        received_on: None,
        signer: page.copy.signer(),
        how: How::Papier,
        do_not_contact_reason: None,
    };
    match returns::check_recordable(db, &form.number, &input) {
        Ok(()) => {}
        Err(Error::FormAlreadyRecorded { on, answers, .. }) => {
            let standing = Standing::AlreadyRecorded { on, answers };
            return Ok(Filed { project: None, standing, form: Some(form), attestation: None, reasons });
        }
        Err(Error::YearClosed(_)) => {
            return Ok(Filed {
                project: None,
                standing: Standing::YearClosed,
                form: Some(form),
                attestation: None,
                reasons,
            })
        }
        // The store itself failing is said now, never taken for a page to review.
        Err(
            error @ (Error::Database(_) | Error::NotReadable | Error::DiskFull | Error::DiskUnwritable | Error::Busy),
        ) => return Err(error),
        // Another refusal (a signer marked « ne pas contacter », a student's copy without the
        // setting…) is said when the person records the page.
        Err(_) => {}
    }
    if reply_of(page.q1).is_none() || reply_of(page.q2).is_none() {
        reasons.push(FilingReason::AnswerUnsure);
    }
    signature_reasons(page, &mut reasons);
    let standing = if reasons.is_empty() && !page.review { Standing::Clear } else { Standing::Review };
    Ok(Filed { project: None, standing, form: Some(form), attestation: None, reasons })
}

fn signature_reasons(page: &PageRead, reasons: &mut Vec<FilingReason>) {
    match page.signed {
        Some(true) => {}
        Some(false) => reasons.push(FilingReason::NotSigned),
        None => reasons.push(FilingReason::SignatureUnsure),
    }
}

/// Where an attestation's page stands: clear when signed with 5.10 « non » and uses still to
/// confirm; a « oui » waits for a person to type its lines.
fn assess_attestation(db: &Db, page: &PageRead, staff_id: i64, tag: StoreTag) -> Result<Filed> {
    let filed =
        |standing, attestation, reasons| Ok(Filed { project: None, standing, form: None, attestation, reasons });
    if page.store_tag.is_some_and(|t| t != tag) {
        return filed(Standing::OtherSchool, None, Vec::new());
    }
    if page.continued {
        return filed(Standing::Continued, None, Vec::new());
    }
    let Some(year) = page.year else { return filed(Standing::Unclassified, None, Vec::new()) };
    let view = match attestations::assess(db, staff_id, year)? {
        attestations::Filing::Unknown => return filed(Standing::UnknownNumber, None, Vec::new()),
        attestations::Filing::YearClosed(view) => return filed(Standing::YearClosed, Some(view), Vec::new()),
        attestations::Filing::AlreadyConfirmed { view, on, how } => {
            let standing = Standing::AlreadyRecorded { on: on.to_string(), answers: how.label_fr().to_string() };
            return filed(standing, Some(view), Vec::new());
        }
        attestations::Filing::Open(view) => view,
    };
    let mut reasons = Vec::new();
    match page.q1 {
        Proposed::Non => {}
        Proposed::Oui => reasons.push(FilingReason::KeptToType),
        Proposed::Vide | Proposed::AVerifier => reasons.push(FilingReason::AnswerUnsure),
    }
    signature_reasons(page, &mut reasons);
    let standing = if reasons.is_empty() && !page.review { Standing::Clear } else { Standing::Review };
    filed(standing, Some(view), reasons)
}

/// Where a project form's page stands: clear when every box was read, the page signed, and the
/// form not back yet; otherwise a person types it on Projets.
fn assess_project(db: &Db, page: &PageRead, number: &str, tag: StoreTag) -> Result<Filed> {
    let filed = |standing, project, reasons| Ok(Filed { standing, form: None, attestation: None, project, reasons });
    if page.store_tag.is_some_and(|t| t != tag) {
        return filed(Standing::OtherSchool, None, Vec::new());
    }
    let form = match project_forms::show(db, number) {
        Ok(form) => form,
        Err(Error::FormNotFound(_) | Error::FormNumberInvalid(_) | Error::OtherTemplate { .. }) => {
            return filed(Standing::UnknownNumber, None, Vec::new())
        }
        Err(other) => return Err(other),
    };
    let year = crate::projects::get(db, form.project_id)?.year;
    if page.year.is_some_and(|y| y != year) {
        let year = page.year.map(|y| y.to_string()).unwrap_or_default();
        return filed(Standing::OtherYear { year }, None, Vec::new());
    }
    if crate::year::ensure_open(&db.conn, year, crate::year::Write::Consent { today: db.clock().today() }).is_err() {
        return filed(Standing::YearClosed, Some(form), Vec::new());
    }
    if form.state.status.returned() {
        let on = form.state.returned_on.map(|d| d.to_string()).unwrap_or_default();
        let answers = project_forms::marks_text(&form.state);
        return filed(Standing::AlreadyRecorded { on, answers }, Some(form), Vec::new());
    }
    let mut reasons = Vec::new();
    let read_all = page.items.len() == form.state.items.len() && page.items.iter().all(|a| reply_of(*a).is_some());
    if !read_all || page.signed != Some(true) || page.review {
        signature_reasons(page, &mut reasons);
        if !read_all {
            reasons.push(FilingReason::AnswerUnsure);
        }
        reasons.push(FilingReason::ProjectToType);
    }
    let standing = if reasons.is_empty() { Standing::Clear } else { Standing::Review };
    filed(standing, Some(form), reasons)
}

/// Records a clear project page: the boxes as read (ticked ones allowed, the others refused),
/// the family's signer, the page as the form's scan. A page a person would have to check is
/// typed on Projets instead.
fn record_project_page(
    stack: &Stack,
    page: &StackPage,
    form: &ProjectForm,
    index: usize,
    received_on: Option<NaiveDate>,
    db: &mut Db,
) -> PageRecorded {
    let refused = |fr: String, en: String| PageRecorded {
        page: index,
        number: Some(form.number.clone()),
        recorded: false,
        message: Some(fr),
        message_en: Some(en),
    };
    let Some(reading) = page.reading.as_ref().filter(|_| page.filed.standing == Standing::Clear) else {
        return refused(
            format!("La page {index} est un formulaire de projet à vérifier : saisissez son retour à l'écran Projets."),
            format!("Page {index} is a project's form to check: type its return on the Projects screen."),
        );
    };
    let ticked = form
        .state
        .items
        .iter()
        .zip(&reading.answers)
        .filter(|(_, answer)| **answer == Proposed::Oui)
        .map(|(item, _)| item.key.to_string())
        .collect();
    let original = match stack.original(index) {
        Ok(original) => original,
        Err(error) => return refused(error.message(), error.message_en()),
    };
    let scan = NewAttachment::new(
        format!("{} page {}.{}", page.at.file, page.at.page_in_file, original.media_type.extension()),
        original.bytes,
    );
    let input =
        ItemsReturn { ticked, received_on, signer: SignerInput::OnFile, how: How::Papier, do_not_contact_reason: None };
    match project_forms::record(db, &form.number, &input, Some(&scan)) {
        Ok(recorded) => {
            PageRecorded { page: index, number: Some(recorded.number), recorded: true, message: None, message_en: None }
        }
        Err(error) => refused(error.to_string(), error.message_en()),
    }
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

/// One page of a stack, read and filed.
#[derive(Debug, Clone)]
pub struct StackPage {
    pub at: PageRef,
    /// What the reader read; `None` when the page gave no image (`page_error`).
    pub reading: Option<PageReading>,
    /// Why the page gave no image (not a scanned sheet, damaged…): « pages non classées ».
    pub page_error: Option<PageError>,
    pub filed: Filed,
    /// A small picture (PNG) of a page without a readable code, for the person to see.
    pub thumbnail: Option<Vec<u8>>,
}

impl StackPage {
    /// Whether « Enregistrer les pages claires » records it: its answers as read.
    pub fn clear_answers(&self) -> Option<(Reply, Reply)> {
        if self.filed.standing != Standing::Clear {
            return None;
        }
        let reading = self.reading.as_ref()?;
        if self.filed.project.is_some() {
            // The boxes are recorded as read (`record_project_page`); the two replies are unused.
            return Some((Reply::Vide, Reply::Vide));
        }
        if self.filed.attestation.is_some() {
            // The 5.10 answer, the attestation's one question.
            return Some((reply_of(reading.q1())?, Reply::Vide));
        }
        Some((reply_of(reading.q1())?, reply_of(reading.q2())?))
    }

    /// The number the page's code carries, if it is a Balise form (a project's too).
    pub fn number(&self) -> Option<&str> {
        match self.reading.as_ref().map(|r| &r.found) {
            Some(Found::Form(code)) => Some(&code.number),
            Some(Found::Template(code)) => Some(&code.number),
            _ => None,
        }
    }

    /// Every reason a person must look, the reader's then the filing's, each once, as
    /// (code, French, English).
    pub fn reasons(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        let mut all: Vec<(&'static str, &'static str, &'static str)> = Vec::new();
        if let Some(reading) = &self.reading {
            all.extend(reading.reasons.iter().map(|r| (r.code(), r.fr(), r.en())));
        }
        let reader_said = !all.is_empty();
        for reason in &self.filed.reasons {
            // The reader's own reasons already say which answer is unsure, and why.
            if reader_said && *reason == FilingReason::AnswerUnsure {
                continue;
            }
            if !all.iter().any(|(code, ..)| *code == reason.code()) {
                all.push((reason.code(), reason.text_fr(), reason.text_en()));
            }
        }
        all
    }
}

/// The pages of a stack as read, before filing: nothing of the store is needed to read them, so
/// a long stack is read without holding the store.
pub struct ReadPages {
    stack: Stack,
    read: Vec<(usize, PageOutcome)>,
}

/// A page read (with its thumbnail when it has no code), or why it gave no image.
type PageOutcome = std::result::Result<(PageReading, Option<Vec<u8>>), PageError>;

/// Reads every page of `stack`, on the machine's cores, each page decoded, read and dropped in
/// turn (never the whole stack's images at once); `progress(done, total)` after each page.
/// `crops`: the review screen's crops and thumbnails (the command line does without).
pub fn read_pages(stack: Stack, crops: bool, progress: &(dyn Fn(usize, usize) + Sync)) -> ReadPages {
    let total = stack.len();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8).min(total.max(1));
    let next = AtomicUsize::new(1);
    let done = AtomicUsize::new(0);
    let options = Options { crops };
    let mut read: Vec<_> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index > total {
                            break;
                        }
                        let outcome = stack.page(index).map(|page| {
                            let reading = read::read_page(&page.image, Some(page.dpi.mean()), &options);
                            let unfiled =
                                !reading.blank && !matches!(reading.found, Found::Form(_) | Found::Attestation(_));
                            let thumbnail = (crops && unfiled).then(|| read::thumbnail(&page.image));
                            (reading, thumbnail)
                        });
                        mine.push((index, outcome));
                        progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                    }
                    mine
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_default()).collect()
    });
    read.sort_by_key(|(index, _)| *index);
    ReadPages { stack, read }
}

impl ReadPages {
    /// How many pages carry a Balise form's code (the bench's check that it read them).
    pub fn forms_found(&self) -> usize {
        self.read
            .iter()
            .filter(|(_, r)| matches!(r, Ok((reading, _)) if matches!(reading.found, Found::Form(_))))
            .count()
    }
}

/// A stack read and filed: its pages (blank backs left out, counted), and the files kept in
/// memory — never on disk — until the person is done, so that each confirmed page's original is
/// stored as its form's scan.
pub struct ReadStack {
    pub pages: Vec<StackPage>,
    pub blank: usize,
    stack: Stack,
}

/// Files each page read against the store (`assess`). Writes nothing.
pub fn file_pages(db: &Db, read: ReadPages) -> Result<ReadStack> {
    let tag = store_tag(db)?;
    let ReadPages { stack, read } = read;
    let mut pages = Vec::new();
    let mut blank = 0;
    for (index, outcome) in read {
        let at = stack.page_ref(index);
        match outcome {
            Err(error) => pages.push(StackPage {
                at,
                reading: None,
                page_error: Some(error),
                filed: Filed {
                    project: None,
                    standing: Standing::Unclassified,
                    form: None,
                    attestation: None,
                    reasons: Vec::new(),
                },
                thumbnail: None,
            }),
            Ok((reading, _)) if reading.blank => blank += 1,
            Ok((reading, thumbnail)) => {
                let filed = assess(db, &page_read(&reading), tag)?;
                pages.push(StackPage { at, reading: Some(reading), page_error: None, filed, thumbnail });
            }
        }
    }
    Ok(ReadStack { pages, blank, stack })
}

/// What filing needs of a reading.
fn page_read(reading: &PageReading) -> PageRead {
    let code = match &reading.found {
        Found::Form(code) => Some(code),
        Found::Attestation(code) => {
            return PageRead {
                number: None,
                store_tag: Some(code.store),
                year: Some(code.year),
                copy: CopyOf::Family,
                attestation_of: Some(i64::from(code.staff_id)),
                continued: code.layout.is_none(),
                project: None,
                items: Vec::new(),
                q1: reading.q1(),
                q2: Proposed::Vide,
                signed: reading.signed,
                review: reading.review,
            }
        }
        Found::Template(code) => {
            return PageRead {
                number: None,
                store_tag: Some(code.store),
                year: Some(code.year),
                copy: CopyOf::Family,
                attestation_of: None,
                continued: false,
                project: Some(code.number.clone()),
                items: reading.answers.clone(),
                q1: reading.q1(),
                q2: reading.q2(),
                signed: reading.signed,
                review: reading.review,
            }
        }
        _ => None,
    };
    PageRead {
        number: code.map(|c| c.number.clone()),
        store_tag: code.and_then(|c| c.store),
        year: code.and_then(|c| c.year),
        copy: code.map_or(CopyOf::Family, |c| match c.copy {
            CopyFor::Family => CopyOf::Family,
            CopyFor::Guardian(id) => CopyOf::Guardian(i64::from(id)),
            CopyFor::Student => CopyOf::Student,
        }),
        attestation_of: None,
        continued: false,
        project: None,
        items: Vec::new(),
        q1: reading.q1(),
        q2: reading.q2(),
        signed: reading.signed,
        review: reading.review,
    }
}

/// A page to record: its place in the stack (from 1) and the answers, as read or as a person gave
/// them. On an attestation's page, `q1` is the 5.10 answer (`q2` is not asked) and `keep` the
/// lines a person typed for a « oui ».
#[derive(Debug, Clone, Deserialize)]
pub struct PageAnswers {
    pub page: usize,
    pub q1: Reply,
    pub q2: Reply,
    #[serde(default)]
    pub keep: Vec<KeepInput>,
}

/// What recording one page did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageRecorded {
    pub page: usize,
    pub number: Option<String>,
    pub recorded: bool,
    /// Why it was not recorded, in French and in English.
    pub message: Option<String>,
    pub message_en: Option<String>,
}

/// Records `answers`, each a page of `stack` a person confirmed (or a clear page), one after the
/// other, each with its page's original as the form's scan, through `confirm` (every check of a
/// typed return); a page that cannot be recorded (already recorded, a closed year, not a form of
/// this store) says why and the others go on. A recorded page is marked so, and never recorded
/// twice.
pub fn record_pages(
    db: &mut Db,
    stack: &mut ReadStack,
    answers: &[PageAnswers],
    received_on: Option<NaiveDate>,
) -> Vec<PageRecorded> {
    let mut results = Vec::new();
    for answer in answers {
        let refused = |number: Option<String>, fr: String, en: String| PageRecorded {
            page: answer.page,
            number,
            recorded: false,
            message: Some(fr),
            message_en: Some(en),
        };
        let Some(page) = stack.pages.iter_mut().find(|p| p.at.index == answer.page) else {
            results.push(refused(
                None,
                format!("La page {} n'est pas dans la pile lue.", answer.page),
                format!("Page {} is not in the stack read.", answer.page),
            ));
            continue;
        };
        if let Some(form) = page.filed.project.clone() {
            let outcome = record_project_page(&stack.stack, page, &form, answer.page, received_on, db);
            if outcome.recorded {
                page.filed.standing = Standing::Recorded;
            }
            results.push(outcome);
            continue;
        }
        if let Some(view) = page.filed.attestation.clone() {
            let outcome = record_attestation(&stack.stack, page, &view, answer, received_on, db);
            if outcome.recorded {
                page.filed.standing = Standing::Recorded;
            }
            results.push(outcome);
            continue;
        }
        let Some(number) = page.filed.form.as_ref().map(|f| f.number.clone()) else {
            results.push(refused(
                None,
                format!("La page {} n'est pas un formulaire de cette école : rien n'est enregistré.", answer.page),
                format!("Page {} is not a form of this school: nothing is recorded.", answer.page),
            ));
            continue;
        };
        if matches!(page.filed.standing, Standing::OtherSchool | Standing::OtherYear { .. }) {
            results.push(refused(
                Some(number),
                format!("La page {} est d'une autre école ou d'une autre année : rien n'est enregistré.", answer.page),
                format!("Page {} is from another school or year: nothing is recorded.", answer.page),
            ));
            continue;
        }
        let original = match stack.stack.original(answer.page) {
            Ok(original) => original,
            Err(error) => {
                results.push(refused(Some(number), error.message(), error.message_en()));
                continue;
            }
        };
        let scan = NewAttachment::new(
            format!("{} page {}.{}", page.at.file, page.at.page_in_file, original.media_type.extension()),
            original.bytes,
        );
        let copy = page.reading.as_ref().map_or(CopyOf::Family, |r| page_read(r).copy);
        let confirmed = Confirmed { number: &number, q1: answer.q1, q2: answer.q2, copy, received_on, page: &scan };
        match confirm(db, &confirmed) {
            Ok(recorded) => {
                page.filed.standing = Standing::Recorded;
                results.push(PageRecorded {
                    page: answer.page,
                    number: Some(recorded.number),
                    recorded: true,
                    message: None,
                    message_en: None,
                })
            }
            Err(error) => results.push(refused(Some(number), error.to_string(), error.message_en())),
        }
    }
    results
}

/// Records an attestation's page a person confirmed (or a clear one): 5.10 « non », or « oui »
/// with its lines; a page that cannot be recorded says why.
fn record_attestation(
    stack: &Stack,
    page: &StackPage,
    view: &AttestationView,
    answer: &PageAnswers,
    received_on: Option<NaiveDate>,
    db: &mut Db,
) -> PageRecorded {
    let refused = |fr: String, en: String| PageRecorded {
        page: answer.page,
        number: None,
        recorded: false,
        message: Some(fr),
        message_en: Some(en),
    };
    if !matches!(page.filed.standing, Standing::Clear | Standing::Review) {
        return refused(
            format!("La page {} n'est pas une attestation à enregistrer : rien n'est enregistré.", answer.page),
            format!("Page {} is not an attestation to record: nothing is recorded.", answer.page),
        );
    }
    let dossier = match answer.q1 {
        Reply::Oui => true,
        Reply::Non => false,
        _ => {
            return refused(
                format!("Page {} : cochez « oui » ou « non » à l'article 5.10 de l'attestation.", answer.page),
                format!("Page {}: answer \"yes\" or \"no\" to article 5.10 of the attestation.", answer.page),
            )
        }
    };
    let Some(year) = page.reading.as_ref().map(page_read).and_then(|r| r.year) else {
        return refused(
            format!("La page {} n'a pas d'année scolaire lisible.", answer.page),
            format!("Page {} has no readable school year.", answer.page),
        );
    };
    let original = match stack.original(answer.page) {
        Ok(original) => original,
        Err(error) => return refused(error.message(), error.message_en()),
    };
    let scan = NewAttachment::new(
        format!("{} page {}.{}", page.at.file, page.at.page_in_file, original.media_type.extension()),
        original.bytes,
    );
    let confirmed = attestations::ConfirmedPage {
        staff_id: view.staff_id,
        year,
        dossier,
        keep: answer.keep.clone(),
        on: received_on,
        page: &scan,
    };
    match attestations::confirm(db, confirmed) {
        Ok(_) => PageRecorded { page: answer.page, number: None, recorded: true, message: None, message_en: None },
        Err(error) => refused(error.to_string(), error.message_en()),
    }
}
