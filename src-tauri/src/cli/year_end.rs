//! The end of the year on the command line (issue #7): `balise year close|open|list` and
//! `balise purge [--dry-run]`, each a call into `balise_core::year_end`.

use clap::Subcommand;

use balise_core::year::SchoolYear;
use balise_core::year_end::{self, YearState};
use balise_core::Error;

use super::register::YearArg;
use super::Cli;

#[derive(Subcommand)]
pub(super) enum YearEndCommand {
    /// L'année scolaire : clore, ouvrir la suivante, lister.
    #[command(subcommand)]
    Year(YearCommand),
    /// Purge les renseignements personnels des années closes dont la conservation est échue.
    Purge {
        /// Affiche ce qui serait purgé, sans rien modifier.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
pub(super) enum YearCommand {
    /// Clôt l'année (lecture seule ensuite) : toutes les suppressions de fin d'année confirmées
    /// (art. 5.9), ou une dérogation motivée.
    Close {
        #[command(flatten)]
        year: YearArg,
        /// Clore malgré des suppressions non confirmées (la liste et la raison sont consignées).
        #[arg(long = "override", requires = "reason")]
        force: bool,
        /// La raison de la dérogation.
        #[arg(long, value_name = "TEXTE", requires = "force")]
        reason: Option<String>,
    },
    /// Ouvre l'année suivante (ex. 2026-2027) : catalogue, personnel et paramètres gardés ; ni
    /// classe, ni élève, ni consentement reporté.
    Open {
        #[arg(value_name = "AAAA-AAAA")]
        year: String,
    },
    /// Les années et leur état : en cours, terminée, close, purgée.
    List,
}

impl Cli {
    pub(super) fn year_end(&self, command: YearEndCommand) -> Result<i32, Error> {
        let mut store = self.open()?;
        match command {
            YearEndCommand::Year(YearCommand::Close { year, force, reason }) => {
                let year = year.resolve(&store.db)?;
                let reason = if force { Some(reason.unwrap_or_default()) } else { None };
                let closure = year_end::close(&mut store.db, year, reason)?;
                self.print(&closure, || {
                    let mut text = format!(
                        "Année {} close le {} : elle est maintenant en lecture seule.",
                        closure.year, closure.closed_on
                    );
                    if !closure.missing.is_empty() {
                        text.push_str(&format!(
                            "\nDérogation consignée : {} suppression(s) non confirmée(s) au moment de la clôture.",
                            closure.missing.len()
                        ));
                    }
                    text
                })
            }
            YearEndCommand::Year(YearCommand::Open { year }) => {
                let year = SchoolYear::parse(&year)?;
                let opened = year_end::open(&mut store.db, year)?;
                self.print(&opened, || {
                    format!(
                        "Année {} ouverte (après {}) : catalogue ({} plateformes) et personnel ({}) gardés.\nAucune classe, aucun élève ni consentement n'est reporté : importez la liste des élèves de {}.",
                        opened.year, opened.previous, opened.platforms_kept, opened.staff_kept, opened.year
                    )
                })
            }
            YearEndCommand::Year(YearCommand::List) => {
                let years = year_end::list(&store.db)?;
                self.print(&years, || {
                    years
                        .iter()
                        .map(|y| {
                            let state = match y.state {
                                YearState::Open => "en cours".to_string(),
                                YearState::Over => "terminée (non close)".to_string(),
                                YearState::Closed => format!(
                                    "close le {}{}, purge prévue le {}",
                                    y.closed_on.map(|d| d.to_string()).unwrap_or_default(),
                                    if y.closed_with_override { " avec dérogation" } else { "" },
                                    y.purge_due_on.map(|d| d.to_string()).unwrap_or_default()
                                ),
                                YearState::Purged => {
                                    format!("purgée le {}", y.purged_at.as_deref().unwrap_or_default())
                                }
                            };
                            let current = if y.current { "  (année courante)" } else { "" };
                            format!("{}  {state}{current}", y.year)
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
            }
            YearEndCommand::Purge { dry_run } => {
                let report = year_end::purge(&mut store.db, &self.data, &store.key, dry_run)?;
                self.print(&report, || {
                    if report.years.is_empty() {
                        return format!(
                            "Rien à purger : aucune année close dont la conservation ({} an(s) après la clôture) est échue.",
                            report.retention_years
                        );
                    }
                    let verb = if report.dry_run { "Serait purgée" } else { "Purgée" };
                    let mut lines: Vec<String> = report
                        .years
                        .iter()
                        .map(|y| {
                            let c = &y.counts;
                            format!(
                                "{verb} : {} — {} élève(s), {} parent(s), {} formulaire(s) ({} revenu(s), {} consentement(s), {} refus, {} retrait(s)), {} pièce(s) jointe(s), {} suppression(s) confirmée(s)",
                                y.year, c.students, c.guardians, c.forms, c.forms_returned, c.consents_given,
                                c.consents_refused, c.consents_withdrawn, c.attachments, c.deletion_confirmations
                            )
                        })
                        .collect();
                    if report.dry_run {
                        lines.push("Simulation : rien n'a été modifié.".into());
                    } else {
                        lines.push(format!(
                            "Comptes anonymes gardés. {} ancienne(s) sauvegarde(s) supprimée(s), nouvelle sauvegarde : {} ; {} copie(s) en clair supprimée(s) du dossier exports.",
                            report.backups_removed.len(),
                            report.backup_made.as_ref().map(|b| b.file.as_str()).unwrap_or("aucune"),
                            report.exports_removed
                        ));
                    }
                    lines.join("\n")
                })
            }
        }
    }
}
