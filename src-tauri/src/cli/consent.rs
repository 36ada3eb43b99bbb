//! The returns on the command line (issue #6): `balise consent record|correct|refuse|withdraw`
//! on a form number, `consent history --student S`, and `consent missing` (the list to chase,
//! optionally exported as CSV or XLSX, or printed as the teachers' reminder list in PDF).

use balise_core::consent::lookup;
use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use balise_core::attachment::NewAttachment;
use balise_core::consent::followup::{self, MissingForm};
use balise_core::consent::returns::{self, RefusalInput, WithdrawalInput};
use balise_core::consent::{FormStatus, How, Question, Recorded, Reply, ReturnInput, SignerInput, StateView};
use balise_core::export::Existing;
use balise_core::forms::Answer;
use balise_core::text::{parse_date, Field};
use balise_core::Error;

use super::register::YearArg;
use super::Cli;

#[derive(Subcommand)]
pub(super) enum ConsentCommand {
    /// Enregistre un formulaire revenu : les deux réponses, la date, qui a signé.
    Record {
        #[arg(value_name = "NUMERO")]
        number: String,
        #[command(flatten)]
        answers: AnswerArgs,
        /// Un nouveau formulaire signé, qui remplace les réponses déjà enregistrées à partir de sa date.
        #[arg(long)]
        again: bool,
    },
    /// Corrige ce qui a été saisi (une case mal lue) ; l'original reste dans l'historique.
    Correct {
        #[arg(value_name = "NUMERO")]
        number: String,
        #[command(flatten)]
        answers: AnswerArgs,
        /// Pourquoi la correction (obligatoire).
        #[arg(long, value_name = "TEXTE")]
        reason: String,
    },
    /// Enregistre le refus complet du formulaire (par écrit ou par courriel).
    Refuse {
        #[arg(value_name = "NUMERO")]
        number: String,
        /// Le jour du refus (AAAA-MM-JJ ; par défaut, aujourd'hui).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[command(flatten)]
        signer: SignerArgs,
        /// papier, courriel ou verbal.
        #[arg(long, default_value = "papier")]
        how: String,
        /// La numérisation du refus (PDF, JPEG ou PNG, 20 Mo au plus).
        #[arg(long, value_name = "FICHIER")]
        scan: Option<PathBuf>,
    },
    /// Enregistre le retrait d'un consentement (5.8), en vigueur dès sa date.
    Withdraw {
        #[arg(value_name = "NUMERO")]
        number: String,
        /// 1, 2 ou both (les deux).
        #[arg(long)]
        question: String,
        /// Le jour où le retrait a été signalé (AAAA-MM-JJ).
        #[arg(long, value_name = "DATE")]
        date: String,
        /// Qui l'a signalé.
        #[arg(long, value_name = "NOM")]
        by: String,
        /// papier, courriel ou verbal.
        #[arg(long, default_value = "verbal")]
        how: String,
        /// La numérisation du retrait écrit (PDF, JPEG ou PNG).
        #[arg(long, value_name = "FICHIER")]
        scan: Option<PathBuf>,
    },
    /// Rattache une signature d'une personne non inscrite au dossier : à un parent ou tuteur au
    /// dossier, ou à une personne titulaire de l'autorité parentale (avec le motif). La
    /// signature compte dès lors ; l'original reste dans l'historique.
    LinkSigner {
        #[arg(value_name = "NUMERO")]
        number: String,
        /// Le parent ou tuteur au dossier (son numéro : « balise student list --json », guardians.id).
        #[arg(long, value_name = "ID", required_unless_present = "authority", conflicts_with = "authority")]
        guardian: Option<i64>,
        /// La personne est titulaire de l'autorité parentale sans être au dossier : le motif (jugement, tutelle…).
        #[arg(long, value_name = "MOTIF")]
        authority: Option<String>,
    },
    /// L'historique des consentements d'un élève : chaque formulaire, son état, ses événements.
    History {
        /// Fiche, code permanent ou « Nom, Prénom ».
        #[arg(long, value_name = "ELEVE")]
        student: String,
        #[command(flatten)]
        year: YearArg,
    },
    /// Les formulaires à relancer : pas revenus, revenus avec une réponse vide, des réponses contradictoires ou un signataire non inscrit.
    Missing {
        /// Seulement cette classe (groupe).
        #[arg(long = "class", value_name = "GROUPE")]
        class: Option<String>,
        /// Exporte la liste dans ce fichier : .csv ou .xlsx, ou .pdf pour la liste de rappel
        /// imprimée, par classe, à remettre aux enseignant·es (jamais par-dessus un fichier).
        #[arg(long, value_name = "FICHIER")]
        export: Option<PathBuf>,
        #[command(flatten)]
        year: YearArg,
    },
}

#[derive(Args)]
pub(super) struct AnswerArgs {
    /// Réponse à la question 1 : oui, non ou vide.
    #[arg(long)]
    q1: String,
    /// Réponse à la question 2 : oui, non ou vide.
    #[arg(long)]
    q2: String,
    /// Le jour où le formulaire est revenu (AAAA-MM-JJ ; par défaut, aujourd'hui).
    #[arg(long, value_name = "DATE")]
    received: Option<String>,
    #[command(flatten)]
    signer: SignerArgs,
    /// papier ou courriel.
    #[arg(long, default_value = "papier")]
    how: String,
    /// La numérisation du formulaire (PDF, JPEG ou PNG, 20 Mo au plus).
    #[arg(long, value_name = "FICHIER")]
    scan: Option<PathBuf>,
}

#[derive(Args)]
pub(super) struct SignerArgs {
    /// Qui a signé (un parent au dossier, sinon le nom tel quel) ; par défaut, le premier parent au dossier.
    #[arg(long, value_name = "NOM", conflicts_with = "student_signed")]
    signer: Option<String>,
    /// L'élève (14 ans ou plus) a signé lui-même ou elle-même (si Paramètres le permet : student_consent).
    #[arg(long)]
    student_signed: bool,
    /// Accepte la signature d'un parent marqué « ne pas contacter », pour ce motif (consigné).
    #[arg(long, value_name = "MOTIF")]
    do_not_contact_reason: Option<String>,
}

impl SignerArgs {
    fn input(&self) -> SignerInput {
        match (&self.signer, self.student_signed) {
            (_, true) => SignerInput::Student,
            (Some(name), false) => SignerInput::Name(name.clone()),
            (None, false) => SignerInput::OnFile,
        }
    }
}

fn date(field: Field, text: Option<&str>) -> Result<Option<NaiveDate>, Error> {
    text.map(|t| parse_date(field, t)).transpose()
}

fn scan(path: Option<&PathBuf>) -> Result<Option<NewAttachment>, Error> {
    path.map(|p| NewAttachment::read_file(p)).transpose()
}

impl AnswerArgs {
    fn input(&self) -> Result<ReturnInput, Error> {
        Ok(ReturnInput {
            q1: Reply::parse(&self.q1)?,
            q2: Reply::parse(&self.q2)?,
            received_on: date(Field::ReceivedOn, self.received.as_deref())?,
            signer: self.signer.input(),
            how: How::parse(&self.how)?,
            do_not_contact_reason: self.signer.do_not_contact_reason.clone(),
        })
    }
}

impl Cli {
    pub(super) fn consent(&self, command: ConsentCommand) -> Result<i32, Error> {
        let mut store = self.open()?;
        let db = &mut store.db;
        match command {
            ConsentCommand::Record { number, answers, again } => {
                let input = answers.input()?;
                let scan = scan(answers.scan.as_ref())?;
                let recorded = returns::record(db, &number, &input, scan.as_ref(), again)?;
                self.print(&recorded, || recorded_text("Enregistré", &recorded))
            }
            ConsentCommand::Correct { number, answers, reason } => {
                let input = answers.input()?;
                let scan = scan(answers.scan.as_ref())?;
                let recorded = returns::correct(db, &number, &input, &reason, scan.as_ref())?;
                self.print(&recorded, || recorded_text("Corrigé", &recorded))
            }
            ConsentCommand::Refuse { number, date: on, signer, how, scan: file } => {
                let input = RefusalInput {
                    on: date(Field::ReceivedOn, on.as_deref())?,
                    signer: signer.input(),
                    how: How::parse(&how)?,
                    do_not_contact_reason: signer.do_not_contact_reason.clone(),
                };
                let scan = scan(file.as_ref())?;
                let recorded = returns::refuse(db, &number, &input, scan.as_ref())?;
                self.print(&recorded, || recorded_text("Refus enregistré", &recorded))
            }
            ConsentCommand::Withdraw { number, question, date: on, by, how, scan: file } => {
                let input = WithdrawalInput {
                    question: Question::parse(&question)?,
                    on: Some(parse_date(Field::WithdrawnOn, &on)?),
                    by,
                    how: How::parse(&how)?,
                };
                let scan = scan(file.as_ref())?;
                let recorded = returns::withdraw(db, &number, &input, scan.as_ref())?;
                self.print(&recorded, || recorded_text("Retrait enregistré", &recorded))
            }
            ConsentCommand::LinkSigner { number, guardian, authority } => {
                let to = match (guardian, authority) {
                    (Some(id), _) => returns::LinkTo::Guardian(id),
                    (None, Some(reason)) => returns::LinkTo::Authority(reason),
                    (None, None) => unreachable!("clap requires --guardian or --authority"),
                };
                let recorded = returns::link_signer(db, &number, &to)?;
                self.print(&recorded, || recorded_text("Signataire rattaché", &recorded))
            }
            ConsentCommand::History { student, year } => {
                let year = year.resolve(db)?;
                let history = lookup::history(db, year, &student)?;
                self.print(&history, || {
                    let mut text = format!("{} — classe {}", history.student, history.class_code);
                    if history.forms.is_empty() {
                        text.push_str("\n  Aucun formulaire imprimé cette année.");
                    }
                    for form in &history.forms {
                        let _ = write!(
                            text,
                            "\n  Formulaire {} — {} (classe {}) : {}",
                            form.number,
                            form.platform,
                            form.class_code,
                            state_text(&form.state)
                        );
                        for event in &form.events {
                            let _ = write!(text, "\n    {}  {}", event.on, event.summary);
                            if let Some(scan) = &event.scan {
                                let _ = write!(text, " [numérisation : pièce n° {}]", scan.id);
                            }
                        }
                    }
                    text
                })
            }
            ConsentCommand::Missing { class, export, year } => {
                let year = year.resolve(db)?;
                if let Some(path) = export {
                    let exported = followup::export(db, year, class.as_deref(), &path, Existing::Refuse)?;
                    let shown = exported.path.display().to_string();
                    let pdf = followup::ExportFormat::of(&path) == Some(followup::ExportFormat::Pdf);
                    return self.print(&exported, || {
                        if pdf {
                            format!("Liste de rappel imprimée, {} formulaire(s) à récupérer : {shown}", exported.rows)
                        } else {
                            format!("{} ligne(s) exportée(s) : {shown}", exported.rows)
                        }
                    });
                }
                let list = followup::missing(db, year, class.as_deref())?;
                self.print(&list, || missing_text(&list))
            }
        }
    }
}

fn answer_text(answer: Answer) -> &'static str {
    match answer {
        Answer::Oui => "oui",
        Answer::Non => "non",
        Answer::SansReponse => "sans réponse",
    }
}

/// The answers, then where the form stands as the core classifies it (`StateView::status`).
fn state_text(state: &StateView) -> String {
    let mut text = format!("Q1 {}, Q2 {}", answer_text(state.q1), answer_text(state.q2));
    match state.returned_on {
        Some(on) => {
            let _ = write!(text, " (revenu le {on})");
            if state.status != FormStatus::Returned {
                let _ = write!(text, " ; {}", state.status.label_fr());
            }
            match state.status {
                FormStatus::Contradictory => text.push_str(
                    " : compte comme un non (art. 5.7) ; pour régler, un nouveau formulaire signé par le parent \
                     qui a dit non, ou un retrait ou un refus enregistré",
                ),
                FormStatus::UnknownSigner => text.push_str(
                    " : ne compte pas ; rattachez la signature à un parent au dossier ou consignez l'autorité \
                     parentale (balise consent link-signer)",
                ),
                _ => {}
            }
        }
        None => {
            let _ = write!(text, " ({})", state.status.label_fr());
        }
    }
    if state.student_signed {
        text.push_str(" ; signé par l'élève");
    }
    text
}

fn recorded_text(what: &str, recorded: &Recorded) -> String {
    // The core's words for what the answers allow (`forms`), never worded here.
    let state = &recorded.state;
    format!(
        "{what} : formulaire {} — {} — {} ; {}.",
        recorded.number,
        state_text(state),
        state.publication_fr,
        state.private_message_fr
    )
}

fn missing_text(list: &[MissingForm]) -> String {
    if list.is_empty() {
        return "Tous les formulaires attendus sont revenus.".into();
    }
    let mut text = format!("{} formulaire(s) à relancer :", list.len());
    for form in list {
        let status = match form.status {
            "non_imprime" => "non imprimé",
            "non_retourne" => "non retourné",
            "reponses_contradictoires" => "réponses contradictoires",
            "signataire_non_inscrit" => "signataire non inscrit",
            _ => "réponse vide",
        };
        let _ = write!(
            text,
            "\n  {:<6} {:<30} {:<20} {:<9} {}",
            form.class_code,
            form.student,
            form.platform,
            form.number.as_deref().unwrap_or("—"),
            status
        );
    }
    text
}
