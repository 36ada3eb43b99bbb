//! The end-of-year deletion on the command line (issue #7, Directive 5.9–5.10):
//! `balise deletion list|confirm|correct`; the attestations and the follow-up are printed by
//! `balise print attestation|deletion-followup` (in `forms.rs`), through the functions here.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Subcommand;

use balise_core::attachment::NewAttachment;
use balise_core::deletion::{
    self, AttestationRequest, ConfirmInput, Confirmed, CorrectionInput, DeletionHow, KeepInput,
};
use balise_core::export::Existing;
use balise_core::store::Db;
use balise_core::text::{parse_date, Field};
use balise_core::Error;

use super::register::YearArg;
use super::Cli;

#[derive(Subcommand)]
pub(super) enum DeletionCommand {
    /// Les utilisations à vider au 30 juin, par membre du personnel, avec leur état.
    List {
        #[command(flatten)]
        year: YearArg,
    },
    /// Enregistre la confirmation écrite d'un membre du personnel (toutes ses utilisations, ou une).
    Confirm {
        /// Le membre du personnel qui confirme.
        #[arg(long, value_name = "NOM")]
        staff: String,
        /// Seulement cette utilisation (numéro de `balise deletion list`).
        #[arg(long = "use", value_name = "NUMERO")]
        use_id: Option<i64>,
        /// La date de la confirmation écrite (AAAA-MM-JJ).
        #[arg(long, value_name = "DATE")]
        date: String,
        /// papier (attestation signée) ou courriel.
        #[arg(long, value_name = "papier|courriel")]
        how: String,
        /// La numérisation de l'attestation signée ou du courriel (PDF, JPEG ou PNG).
        #[arg(long, value_name = "FICHIER")]
        scan: Option<PathBuf>,
        /// Art. 5.10 : renseignements à conserver versés au dossier de l'élève (oui ou non). Un
        /// « oui » se donne avec --keep : quels documents, de quels élèves.
        #[arg(long, value_name = "oui|non")]
        dossier: Option<String>,
        /// Art. 5.10 : un document versé au dossier d'un·e élève, « ÉLÈVE:document » (l'élève par
        /// sa fiche, son code permanent ou « Nom, Prénom ») ; répétez l'option, une par élève et
        /// document.
        #[arg(long = "keep", value_name = "ELEVE:DOCUMENT")]
        keep: Vec<String>,
        #[command(flatten)]
        year: YearArg,
    },
    /// Corrige la confirmation enregistrée (l'originale reste dans l'historique).
    Correct {
        #[arg(long = "use", value_name = "NUMERO")]
        use_id: i64,
        /// La date de la confirmation écrite (par défaut, celle déjà enregistrée).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long, value_name = "papier|courriel")]
        how: String,
        #[arg(long, value_name = "oui|non")]
        dossier: Option<String>,
        /// Art. 5.10 : la nouvelle liste des documents versés au dossier (« ÉLÈVE:document »,
        /// répétable) ; sans elle, la liste enregistrée reste.
        #[arg(long = "keep", value_name = "ELEVE:DOCUMENT")]
        keep: Vec<String>,
        /// Le membre du personnel qui a confirmé, s'il faut le changer.
        #[arg(long, value_name = "NOM")]
        staff: Option<String>,
        #[arg(long, value_name = "FICHIER")]
        scan: Option<PathBuf>,
        /// Pourquoi la correction (obligatoire).
        #[arg(long, value_name = "TEXTE")]
        reason: String,
    },
}

fn scan(path: Option<&PathBuf>) -> Result<Option<NewAttachment>, Error> {
    path.map(|p| NewAttachment::read_file(p)).transpose()
}

fn dossier(text: Option<&str>) -> Result<Option<bool>, Error> {
    text.map(deletion::parse_dossier).transpose()
}

fn keep(lines: &[String]) -> Result<Vec<KeepInput>, Error> {
    lines.iter().map(|line| deletion::parse_keep(line)).collect()
}

impl Cli {
    pub(super) fn deletion(&self, command: DeletionCommand) -> Result<i32, Error> {
        let mut store = self.open()?;
        let db = &mut store.db;
        match command {
            DeletionCommand::List { year } => {
                let year = year.resolve(db)?;
                let list = deletion::list(db, year, db.clock().today())?;
                self.print(&list, || list_text(&list))
            }
            DeletionCommand::Confirm { staff, use_id, date, how, scan: file, dossier: answer, keep: lines, year } => {
                let input = ConfirmInput {
                    staff,
                    use_id,
                    use_ids: Vec::new(),
                    year: year.resolve(db)?,
                    on: parse_date(Field::ReceivedOn, &date)?,
                    how: DeletionHow::parse(&how)?,
                    dossier: dossier(answer.as_deref())?,
                    keep: keep(&lines)?,
                };
                let scan = scan(file.as_ref())?;
                let confirmed = deletion::confirm(db, &input, scan.as_ref())?;
                self.print(&confirmed, || confirmed_text("Suppression confirmée", &confirmed))
            }
            DeletionCommand::Correct { use_id, date, how, dossier: answer, keep: lines, staff, scan: file, reason } => {
                let input = CorrectionInput {
                    use_id,
                    on: date.as_deref().map(|d| parse_date(Field::ReceivedOn, d)).transpose()?,
                    how: DeletionHow::parse(&how)?,
                    dossier: dossier(answer.as_deref())?,
                    staff,
                    keep: if lines.is_empty() { None } else { Some(keep(&lines)?) },
                    reason,
                };
                let scan = scan(file.as_ref())?;
                let corrected = deletion::correct(db, &input, scan.as_ref())?;
                self.print(&corrected, || confirmed_text("Confirmation corrigée", &corrected))
            }
        }
    }

    /// `balise print attestation`.
    pub(super) fn print_attestation(
        &self,
        db: &mut Db,
        staff: Option<String>,
        year: YearArg,
        output: PathBuf,
    ) -> Result<i32, Error> {
        let request = AttestationRequest { year: year.resolve(db)?, staff };
        let printed = deletion::print_attestations(db, &request, &output, Existing::Refuse)?;
        self.print(&printed, || {
            let mut text =
                format!("{} attestation(s) de suppression : {}", printed.attestations.len(), printed.path.display());
            for a in &printed.attestations {
                let _ = write!(text, "\n  {} : {} utilisation(s)", a.staff, a.use_ids.len());
            }
            text
        })
    }

    /// `balise print deletion-followup`.
    pub(super) fn print_deletion_followup(&self, db: &mut Db, year: YearArg, output: PathBuf) -> Result<i32, Error> {
        let year = year.resolve(db)?;
        let printed = deletion::print_followup(db, year, &output, Existing::Refuse)?;
        self.print(&printed, || {
            format!(
                "Suivi des suppressions : {} à confirmer, dont {} en retard : {}",
                printed.missing,
                printed.en_retard,
                printed.path.display()
            )
        })
    }
}

fn list_text(list: &deletion::DeletionList) -> String {
    let s = &list.summary;
    let mut text = format!(
        "Suppressions de fin d'année {} (art. 5.9, au plus tard le {}) : {} utilisation(s) — {} confirmée(s) (dont {} en retard), {} attestation(s) imprimée(s), {} à faire, {} en retard",
        list.year, list.deadline, s.total, s.confirmee, s.confirmee_en_retard, s.attestation_imprimee, s.a_faire, s.en_retard
    );
    if list.groups.is_empty() {
        text.push_str("\n  Aucune utilisation de plateforme à vider cette année.");
    }
    for group in &list.groups {
        let _ = write!(text, "\n\n{}", group.staff);
        for row in &group.uses {
            let state = deletion::state_label(row.state);
            let state =
                if row.state == deletion::DeletionState::EnRetard { state.to_uppercase() } else { state.into() };
            let _ = write!(text, "\n  n° {:<4} {:<6} {:<24} {}", row.use_id, row.class_code, row.platform, state);
            if let Some(c) = &row.confirmation {
                let _ = write!(text, " — le {} par {}, {}", c.on, c.staff, c.how.label_fr());
                if c.scan.is_some() {
                    text.push_str(", numérisation jointe");
                }
                match c.dossier {
                    Some(true) if c.kept.is_empty() => text.push_str(", versés au dossier : oui (sans liste)"),
                    Some(true) => {
                        let _ = write!(text, ", versés au dossier : {} document(s)", c.kept.len());
                    }
                    Some(false) => text.push_str(", versés au dossier : non"),
                    None => {}
                }
                if c.corrected {
                    text.push_str(" (corrigée)");
                }
            } else if let Some(on) = row.printed_on {
                let _ = write!(text, " — imprimée le {on}");
            }
        }
    }
    // Directive 5.10: the documents to put in each student's file.
    if !list.checklist.is_empty() {
        let _ = write!(text, "\n\nDocuments à verser au dossier de l'élève (art. 5.10) :");
        for item in &list.checklist {
            let student = if item.student.is_empty() { "—" } else { item.student.as_str() };
            let _ = write!(
                text,
                "\n  {student} ({}) : {} — {}, confirmé par {} le {}",
                item.class_code,
                item.document,
                item.uses.join(", "),
                item.staff,
                item.confirmed_on
            );
        }
    }
    text
}

fn confirmed_text(what: &str, c: &Confirmed) -> String {
    let mut text = format!("{what} le {} par {}, {} :", c.on, c.staff, c.how.label_fr());
    for u in &c.uses {
        let _ = write!(text, "\n  n° {} {} — {}", u.use_id, u.class_code, u.platform);
    }
    if !c.kept.is_empty() {
        let _ = write!(text, "\n  Art. 5.10 : {} document(s) versé(s) au dossier de l'élève", c.kept.len());
    }
    if !c.already_confirmed.is_empty() {
        let ids: Vec<String> = c.already_confirmed.iter().map(i64::to_string).collect();
        let _ = write!(text, "\n  Déjà confirmées, laissées telles quelles : n° {}", ids.join(", "));
    }
    text
}
