//! A scanned stack of returned forms on the command line (issue 16): `balise scan read FILE...`
//! prints what each page says and writes nothing; `balise scan file FILE... --confirm-clear`
//! records the clear pages (and only those) and prints what is left for a person. The 5.9
//! attestations come back in the same stacks: their page says `kind: attestation`, the staff
//! member, and `q1` is the 5.10 answer.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Subcommand;
use serde::Serialize;

use balise_core::consent::scanned::{self, PageAnswers, ReadStack, StackPage, Standing};
use balise_core::scan::input::Stack;
use balise_core::scan::read::Found;
use balise_core::text::{parse_date, Field};
use balise_core::Error;

use super::Cli;

#[derive(Subcommand)]
pub(super) enum ScanCommand {
    /// Lit une pile de formulaires numérisés (PDF, TIFF, PNG, JPEG) et dit, page par page, le
    /// numéro, les deux réponses lues, la signature et ce qui est à vérifier (pour une attestation
    /// de suppression : le membre du personnel et la réponse à l'art. 5.10). N'enregistre rien.
    Read {
        #[arg(value_name = "FICHIER", required = true)]
        files: Vec<PathBuf>,
    },
    /// Lit la pile et enregistre les pages claires (réponses sûres, signées, pas encore
    /// enregistrées), chacune avec sa page comme numérisation ; dit ce qui reste à vérifier.
    File {
        #[arg(value_name = "FICHIER", required = true)]
        files: Vec<PathBuf>,
        /// Confirme l'enregistrement des pages claires (sans cette option, rien n'est enregistré).
        #[arg(long)]
        confirm_clear: bool,
        /// Le jour où les formulaires sont revenus (AAAA-MM-JJ ; par défaut, aujourd'hui).
        #[arg(long, value_name = "DATE")]
        received: Option<String>,
    },
}

/// One page as `scan read --json` prints it.
#[derive(Serialize)]
struct PageLine<'a> {
    page: usize,
    file: &'a str,
    page_in_file: usize,
    /// `formulaire` (an Annexe A), `attestation` (a 5.9 attestation) or `autre` (no Balise code).
    kind: &'static str,
    number: Option<&'a str>,
    /// An attestation's staff member.
    staff: Option<&'a str>,
    /// An attestation's `q1` is its 5.10 answer; it has no `q2`.
    q1: &'static str,
    q2: Option<&'static str>,
    signed: Option<bool>,
    review: bool,
    reasons: Vec<&'static str>,
    standing: &'a Standing,
    student: Option<&'a str>,
    class_code: Option<&'a str>,
    platform: Option<&'a str>,
}

#[derive(Serialize)]
struct ReadOut<'a> {
    pages: Vec<PageLine<'a>>,
    blank: usize,
}

#[derive(Serialize)]
struct FileOut<'a> {
    recorded: Vec<scanned::PageRecorded>,
    left: Vec<PageLine<'a>>,
    blank: usize,
    confirmed: bool,
}

impl Cli {
    pub(super) fn scan(&self, command: ScanCommand) -> Result<i32, Error> {
        match command {
            ScanCommand::Read { files } => {
                let pages = scanned::read_pages(Stack::open(&files)?, false, &|_, _| {});
                let store = self.open()?;
                let stack = scanned::file_pages(&store.db, pages)?;
                let out = ReadOut { pages: stack.pages.iter().map(line).collect(), blank: stack.blank };
                self.print(&out, || pages_text(&stack, &stack.pages.iter().collect::<Vec<_>>()))
            }
            ScanCommand::File { files, confirm_clear, received } => {
                let received = received.map(|d| parse_date(Field::ReceivedOn, &d)).transpose()?;
                let pages = scanned::read_pages(Stack::open(&files)?, false, &|_, _| {});
                let mut store = self.open()?;
                let mut stack = scanned::file_pages(&store.db, pages)?;
                let clear: Vec<PageAnswers> = stack
                    .pages
                    .iter()
                    .filter_map(|p| {
                        p.clear_answers().map(|(q1, q2)| PageAnswers { page: p.at.index, q1, q2, keep: Vec::new() })
                    })
                    .collect();
                let recorded = if confirm_clear {
                    scanned::record_pages(&mut store.db, &mut stack, &clear, received)
                } else {
                    Vec::new()
                };
                let done: Vec<usize> = recorded.iter().filter(|r| r.recorded).map(|r| r.page).collect();
                let left: Vec<&StackPage> = stack.pages.iter().filter(|p| !done.contains(&p.at.index)).collect();
                let out = FileOut {
                    recorded: recorded.clone(),
                    left: left.iter().map(|p| line(p)).collect(),
                    blank: stack.blank,
                    confirmed: confirm_clear,
                };
                self.print(&out, || {
                    let mut text = String::new();
                    if confirm_clear {
                        let _ = writeln!(text, "{} page(s) claire(s) enregistrée(s).", done.len());
                        for r in recorded.iter().filter(|r| !r.recorded) {
                            let _ = writeln!(
                                text,
                                "Page {} non enregistrée : {}",
                                r.page,
                                r.message.as_deref().unwrap_or("")
                            );
                        }
                    } else {
                        let _ = writeln!(
                            text,
                            "{} page(s) claire(s) à enregistrer : rien n'est enregistré sans --confirm-clear.",
                            clear.len()
                        );
                    }
                    let _ = write!(text, "Reste à vérifier :\n{}", pages_text(&stack, &left));
                    text
                })
            }
        }
    }
}

fn line(page: &StackPage) -> PageLine<'_> {
    let reading = page.reading.as_ref();
    let form = page.filed.form.as_ref();
    let attestation = page.filed.attestation.as_ref();
    let is_attestation = reading.is_some_and(|r| matches!(r.found, Found::Attestation(_)));
    let mut reasons: Vec<&'static str> = page.reasons().into_iter().map(|(code, ..)| code).collect();
    if let Some(error) = &page.page_error {
        reasons.push(error.code());
    }
    PageLine {
        page: page.at.index,
        file: &page.at.file,
        page_in_file: page.at.page_in_file,
        kind: match reading.map(|r| &r.found) {
            Some(Found::Form(_)) => "formulaire",
            Some(Found::Attestation(_)) => "attestation",
            Some(Found::Template(_)) => "projet",
            _ => "autre",
        },
        number: page.number(),
        staff: attestation.map(|a| a.staff.as_str()),
        q1: reading.map_or("a_verifier", |r| r.q1().code()),
        q2: (!is_attestation).then(|| reading.map_or("a_verifier", |r| r.q2().code())),
        signed: reading.and_then(|r| r.signed),
        review: !matches!(page.filed.standing, Standing::Clear | Standing::Recorded),
        reasons,
        standing: &page.filed.standing,
        student: form.map(|f| f.student.as_str()),
        class_code: form.map(|f| f.class_code.as_str()),
        platform: form.map(|f| f.platform.as_str()),
    }
}

/// One line per page: « Page 3 (pile.pdf) — K7M-4QXC Côté, Ève (601, ClassDojo) : Q1 oui, Q2 non,
/// signé — à vérifier : marque pâle ».
fn pages_text(stack: &ReadStack, pages: &[&StackPage]) -> String {
    let mut text = String::new();
    for page in pages {
        let l = line(page);
        let _ = write!(text, "Page {} ({}, p. {})", l.page, l.file, l.page_in_file);
        if let Some(attestation) = &page.filed.attestation {
            let _ = write!(text, " — attestation de suppression de {} ({})", attestation.staff, attestation.year);
        }
        match (l.number, page.filed.form.as_ref()) {
            _ if l.kind == "attestation" && page.filed.attestation.is_some() => {}
            _ if l.kind == "attestation" => text.push_str(" — attestation de suppression"),
            (Some(number), Some(form)) => {
                let _ = write!(text, " — {number} {} ({}, {})", form.student, form.class_code, form.platform);
            }
            (Some(number), None) => {
                let _ = write!(text, " — {number}");
            }
            (None, _) => text.push_str(" — aucun code lisible"),
        }
        if page.filed.form.is_some() {
            let said = |answer: &str| if answer == "a_verifier" { "à vérifier" } else { answer }.to_string();
            let signed = match l.signed {
                Some(true) => "signé",
                Some(false) => "non signé",
                None => "signature à vérifier",
            };
            let _ = write!(text, " : Q1 {}, Q2 {}, {signed}", said(l.q1), said(l.q2.unwrap_or_default()));
        } else if page.filed.attestation.is_some() && !matches!(page.filed.standing, Standing::Continued) {
            let signed = match l.signed {
                Some(true) => "signée",
                Some(false) => "non signée",
                None => "signature à vérifier",
            };
            let answer = if l.q1 == "a_verifier" { "à vérifier" } else { l.q1 };
            let _ = write!(text, " : art. 5.10 {answer}, {signed}");
        }
        let _ = writeln!(text, " — {}", standing_text(&page.filed.standing));
        let reasons: Vec<&str> = page.reasons().into_iter().map(|(_, fr, _)| fr).collect();
        if let Some(error) = &page.page_error {
            let _ = writeln!(text, "    {}", error.message());
        }
        if !reasons.is_empty() {
            let _ = writeln!(text, "    à vérifier : {}", reasons.join(" ; "));
        }
    }
    let _ = write!(text, "{} page(s), {} verso(s) blanc(s) ignoré(s).", stack.pages.len(), stack.blank);
    text
}

/// Where a page stands, in French.
fn standing_text(standing: &Standing) -> String {
    match standing {
        Standing::Clear => "claire, prête à enregistrer".into(),
        Standing::Review => "à vérifier".into(),
        Standing::AlreadyRecorded { on, answers } => {
            format!("déjà enregistré le {on} ({answers}) : rien n'est remplacé")
        }
        Standing::OtherSchool => "formulaire d'une autre école : pas classé ici".into(),
        Standing::OtherYear { year } => format!("formulaire de l'année {year} : pas classé dans cette année"),
        Standing::UnknownNumber => "numéro jamais imprimé ici".into(),
        Standing::YearClosed => "année close : rien n'y est enregistré".into(),
        Standing::Unclassified => "page non classée (aucun code lisible)".into(),
        Standing::Recorded => "enregistrée".into(),
        Standing::Continued => "page d'une attestation avant sa signature : rien à lire".into(),
    }
}
