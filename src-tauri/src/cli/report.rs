//! The school report and access requests on the command line (issue #7): `balise report`,
//! `balise export person` and `balise person correct`.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};

use balise_core::access::requests::Subject;
use balise_core::access::{self, CorrectionReason, GuardianField, PersonExport, StudentField};
use balise_core::export::Existing;
use balise_core::report;
use balise_core::Error;

use super::register::YearArg;
use super::Cli;

#[derive(Subcommand)]
pub(super) enum ReportCommand {
    /// Le rapport de l'école pour le centre de services : sommaire et tableau par classe, en PDF
    /// (et en CSV). Des nombres seulement, aucun nom d'élève.
    Report {
        #[command(flatten)]
        year: YearArg,
        /// Le fichier PDF à créer (jamais par-dessus un fichier).
        #[arg(short, long, value_name = "FICHIER.pdf")]
        output: PathBuf,
        /// Aussi en CSV (UTF-8, « ; »), pour un tableur.
        #[arg(long, value_name = "FICHIER.csv")]
        csv: Option<PathBuf>,
    },
    /// Exporte des renseignements personnels (demande d'accès).
    #[command(subcommand)]
    Export(ExportCommand),
    /// Renseignements d'une personne : rectification.
    #[command(subcommand)]
    Person(PersonCommand),
}

#[derive(Subcommand)]
pub(super) enum ExportCommand {
    /// Tout ce que Balise détient sur un·e élève ou un parent : personne.json, personne.pdf et les
    /// numérisations, dans un nouveau dossier.
    Person {
        #[command(flatten)]
        who: Who,
        #[command(flatten)]
        year: YearArg,
        /// Le dossier à créer (refusé s'il existe et n'est pas vide).
        #[arg(short, long, value_name = "DOSSIER")]
        output: PathBuf,
    },
}

#[derive(Subcommand)]
pub(super) enum PersonCommand {
    /// Trouve un·e élève ou un parent au dossier, dans toutes les années (nom, fiche ou courriel).
    Find {
        #[arg(value_name = "TEXTE")]
        text: String,
    },
    /// Rectifie un renseignement (élève : first_name, last_name, birth_date, code_permanent ;
    /// parent : first_name, last_name, email, relation). Le journal dit quel champ, jamais la valeur.
    Correct {
        #[command(flatten)]
        who: Who,
        #[command(flatten)]
        year: YearArg,
        /// Le champ à corriger.
        #[arg(long, value_name = "CHAMP")]
        field: String,
        /// La nouvelle valeur.
        #[arg(long, value_name = "VALEUR")]
        value: String,
        /// Motif : demande, erreur ou document.
        #[arg(long, value_name = "MOTIF")]
        reason: String,
    },
}

#[derive(Args)]
#[command(group(ArgGroup::new("person").required(true).args(["student", "guardian"])))]
pub(super) struct Who {
    /// L'élève : fiche, code permanent ou « Nom, Prénom ».
    #[arg(long, value_name = "ELEVE")]
    student: Option<String>,
    /// Le parent ou tuteur : « Prénom Nom », « Nom, Prénom », courriel ou numéro.
    #[arg(long, value_name = "PARENT")]
    guardian: Option<String>,
}

impl Cli {
    pub(super) fn report(&self, command: ReportCommand) -> Result<i32, Error> {
        let mut store = self.open()?;
        let db = &mut store.db;
        match command {
            ReportCommand::Report { year, output, csv } => {
                let year = year.resolve(db)?;
                let written = report::write(db, year, Some(&output), csv.as_deref(), Existing::Refuse)?;
                self.print(&written, || {
                    let mut text = format!("Rapport {year} ({} classe(s)) : {}", written.classes, output.display());
                    if let Some(csv) = &written.csv {
                        text.push_str(&format!("\nCSV : {}", csv.display()));
                    }
                    text
                })
            }
            ReportCommand::Export(ExportCommand::Person { who, year, output }) => {
                let year = year.resolve(db)?;
                let export = match (&who.student, &who.guardian) {
                    (Some(student), _) => {
                        let id = access::find_student(db, year, student)?;
                        PersonExport::Eleve(Box::new(access::export_student(db, id)?))
                    }
                    (None, Some(guardian)) => {
                        let id = access::find_guardian(db, year, guardian)?;
                        PersonExport::Parent(access::export_guardian(db, id)?)
                    }
                    (None, None) => unreachable!("clap requires --student or --guardian"),
                };
                let written = access::write_export(db, &export, &output)?;
                self.print(&written, || {
                    format!(
                        "Dossier écrit : {} (personne.json, personne.pdf, {} numérisation(s))",
                        written.folder.display(),
                        written.scans.len()
                    )
                })
            }
            ReportCommand::Person(PersonCommand::Find { text }) => {
                let hits = access::search(db, &text)?;
                self.print(&hits, || {
                    if hits.is_empty() {
                        return format!("Personne au dossier ne correspond à « {} ».", text.trim());
                    }
                    hits.iter()
                        .map(|h| {
                            let (kind, id) = match h.subject {
                                Subject::Eleve(id) => ("élève", id),
                                Subject::Parent(id) => ("parent", id),
                            };
                            format!("{kind} n° {id:<5} {}  ({}, {})", h.name, h.detail, h.year)
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
            }
            ReportCommand::Person(PersonCommand::Correct { who, year, field, value, reason }) => {
                let year = year.resolve(db)?;
                let reason = CorrectionReason::parse(&reason)?;
                match (&who.student, &who.guardian) {
                    (Some(student), _) => {
                        let field = StudentField::parse(&field)?;
                        let id = access::find_student(db, year, student)?;
                        let student = access::correct_student(db, id, field, &value, reason)?;
                        self.print(&student, || format!("Élève n° {id} : {} rectifié.", field.label_fr()))
                    }
                    (None, Some(guardian)) => {
                        let field = GuardianField::parse(&field)?;
                        let id = access::find_guardian(db, year, guardian)?;
                        let rows = access::correct_guardian(db, id, field, &value, reason)?;
                        self.print(&rows, || format!("Parent n° {id} : {} rectifié.", field.label_fr()))
                    }
                    (None, None) => unreachable!("clap requires --student or --guardian"),
                }
            }
        }
    }
}
