//! The register of access and rectification requests on the command line (issue 15, item 17;
//! seed 004, art. 4): `balise request add|answer|extend|list|show`. Each one call into
//! `balise_core::access::requests`; the export and the rectification themselves are
//! `balise export person` and `balise person correct` (`report.rs`).

use chrono::NaiveDate;
use clap::{ArgGroup, Args, Subcommand};

use balise_core::access::requests::{self, NewRequest, Request, RequestAnswer, RequestKind, Subject};
use balise_core::access::{find_guardian, find_student};
use balise_core::text::{parse_date, Field};
use balise_core::Error;

use super::register::YearArg;
use super::Cli;

#[derive(Subcommand)]
pub(super) enum RequestCommand {
    /// Inscrit une demande d'accès ou de rectification reçue (politique, art. 4) ; le délai de
    /// réponse est de 20 jours (Loi sur l'accès, art. 98).
    Add {
        #[command(flatten)]
        about: About,
        #[command(flatten)]
        year: YearArg,
        /// Qui a fait la demande (par défaut, la personne au dossier choisie).
        #[arg(long, value_name = "NOM")]
        by: Option<String>,
        /// Date de réception (AAAA-MM-JJ ; par défaut, aujourd'hui).
        #[arg(long, value_name = "DATE")]
        received: Option<String>,
        /// Ce qui est demandé : acces, rectification ou autre.
        #[arg(long, value_name = "OBJET")]
        kind: String,
        /// Le détail de la demande, dans ses mots.
        #[arg(long, value_name = "TEXTE", default_value = "")]
        details: String,
    },
    /// Inscrit la réponse à une demande (une seule fois) : accordee, partielle, refusee (avec le
    /// motif) ou retiree.
    Answer {
        /// Le numéro de la demande.
        id: i64,
        #[arg(long, value_name = "REPONSE")]
        answer: String,
        /// Date de la réponse (AAAA-MM-JJ ; par défaut, aujourd'hui).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Le motif (obligatoire pour un refus, même partiel).
        #[arg(long, value_name = "TEXTE", default_value = "")]
        reason: String,
    },
    /// Prolonge le délai de 10 jours, une fois, avant l'échéance des 20 jours, avec un avis à la
    /// personne (Loi sur l'accès, art. 98, al. 2).
    Extend {
        id: i64,
        /// Date de la prolongation et de l'avis (AAAA-MM-JJ ; par défaut, aujourd'hui).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Les demandes : d'abord celles qui attendent une réponse, par échéance.
    List {
        /// Seulement celles qui attendent une réponse.
        #[arg(long)]
        open: bool,
    },
    /// Une demande.
    Show { id: i64 },
}

#[derive(Args)]
#[command(group(ArgGroup::new("about").multiple(false).args(["student", "guardian"])))]
pub(super) struct About {
    /// L'élève que la demande concerne : fiche, code permanent ou « Nom, Prénom ».
    #[arg(long, value_name = "ELEVE")]
    student: Option<String>,
    /// Le parent ou tuteur que la demande concerne : « Prénom Nom », « Nom, Prénom », courriel ou
    /// numéro.
    #[arg(long, value_name = "PARENT")]
    guardian: Option<String>,
}

impl Cli {
    pub(super) fn request(&self, command: RequestCommand) -> Result<i32, Error> {
        let mut store = self.open()?;
        let db = &mut store.db;
        let today = db.clock().today();
        let day = |field, text: Option<String>| -> Result<NaiveDate, Error> {
            text.map(|t| parse_date(field, &t)).transpose().map(|d| d.unwrap_or(today))
        };
        match command {
            RequestCommand::Add { about, year, by, received, kind, details } => {
                let subject = match (&about.student, &about.guardian) {
                    (Some(student), _) => Some(Subject::Eleve(find_student(db, year.resolve(db)?, student)?)),
                    (None, Some(guardian)) => Some(Subject::Parent(find_guardian(db, year.resolve(db)?, guardian)?)),
                    (None, None) => None,
                };
                let new = NewRequest {
                    received_on: day(Field::ReceivedOn, received)?,
                    kind: RequestKind::parse(&kind)?,
                    details,
                    requester: by.unwrap_or_default(),
                    subject,
                };
                let request = requests::add(db, &new)?;
                self.print(&request, || {
                    format!(
                        "Demande n° {} inscrite : réponse due au plus tard le {} (20 jours, Loi sur l'accès, art. 98).",
                        request.id, request.deadline
                    )
                })
            }
            RequestCommand::Answer { id, answer, date, reason } => {
                let answer = RequestAnswer::parse(&answer)?;
                let request = requests::answer(db, id, answer, day(Field::AnsweredOn, date)?, &reason)?;
                self.print(&request, || {
                    let late = if request.answered_late { " (après le délai)" } else { "" };
                    format!("Demande n° {id} : réponse « {} » inscrite{late}.", answer.label_fr())
                })
            }
            RequestCommand::Extend { id, date } => {
                let request = requests::extend(db, id, day(Field::ExtendedOn, date)?)?;
                self.print(&request, || {
                    format!(
                        "Demande n° {id} : délai prolongé ; réponse due au plus tard le {}.",
                        request.deadline_in_force
                    )
                })
            }
            RequestCommand::List { open } => {
                let list = requests::list(db, open)?;
                self.print(&list, || {
                    if list.is_empty() {
                        return "Aucune demande.".into();
                    }
                    list.iter().map(line).collect::<Vec<_>>().join("\n")
                })
            }
            RequestCommand::Show { id } => {
                let request = requests::get(db, id)?;
                self.print(&request, || {
                    let mut text = line(&request);
                    if !request.details.is_empty() {
                        text.push_str(&format!("\n  demande : {}", request.details));
                    }
                    if !request.answer_reason.is_empty() {
                        text.push_str(&format!("\n  motif : {}", request.answer_reason));
                    }
                    text
                })
            }
        }
    }
}

/// One request as a short French line: number, kind, who, about whom, received, where it stands.
fn line(r: &Request) -> String {
    let about = r.subject.as_ref().map(|s| format!(" (au sujet de {}, {})", s.name, s.year)).unwrap_or_default();
    let state = match (r.answer, r.answered_on) {
        (Some(answer), Some(on)) => {
            let late = if r.answered_late { ", en retard" } else { "" };
            format!("répondue le {on} : {}{late}", answer.label_fr())
        }
        _ if r.overdue => format!("EN RETARD : réponse due le {}", r.deadline_in_force),
        _ => {
            let extended = if r.extended_on.is_some() { ", délai prolongé" } else { "" };
            format!("réponse due le {} ({} jour(s){extended})", r.deadline_in_force, r.days_left.unwrap_or_default())
        }
    };
    format!("n° {:<4} {:<14} {}{about}, reçue le {} — {state}", r.id, r.kind.label_fr(), r.requester, r.received_on)
}
