//! The platform register on the command line (issue #3): catalogue, staff, classes, uses,
//! infractions and the dashboard. Each command reads its words, makes one call into
//! `balise_core::register` and prints the answer: the domain's own structs with `--json`, short
//! aligned French lines otherwise. Dates, statuses and audiences are parsed by the domain too, so
//! a mistake reads the same here as in the window.

use balise_core::register::detail::{self, ClassDetail, UseView};
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use balise_core::attachment::{self, AttachmentMeta, NewAttachment};
use balise_core::dashboard::{self, Dashboard, UseFinding};
use balise_core::register::class::{self, Class, ClassChange, ClassDraft};
use balise_core::register::infraction::{self, Infraction, InfractionDraft};
use balise_core::register::platform::{self, Audience, Platform, PlatformDraft, PlatformStatus};
use balise_core::register::platform_change::{self, PlatformChange, PlatformPreview};
use balise_core::register::platform_use::{self, AuthorizationDraft, UseDraft};
use balise_core::register::rules::{OnePlatformWarning, Reason, Severity, UseState};
use balise_core::register::staff::{self, Staff, StaffChange, StaffDraft};
use balise_core::settings;
use balise_core::store::Db;
use balise_core::text::{parse_date, Field};
use balise_core::year::SchoolYear;
use balise_core::Error;

use super::Cli;

#[derive(Subcommand)]
pub(super) enum RegisterCommand {
    /// Catalogue des plateformes et de leur statut (Directive, art. 4).
    #[command(subcommand)]
    Platform(PlatformCommand),
    /// Membres du personnel (enseignant·es).
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Classes (groupes) d'une année scolaire.
    #[command(subcommand)]
    Class(ClassCommand),
    /// Plateformes utilisées par les classes.
    ///
    /// Autorisation de la direction et comité de sécurité (art. 4), document de présentation aux
    /// parents (art. 5.1), fin d'utilisation.
    #[command(subcommand)]
    Use(UseCommand),
    /// Infractions : plateforme proscrite constatée dans une classe.
    ///
    /// Une infraction est suivie jusqu'à sa résolution (art. 4).
    #[command(subcommand)]
    Infraction(InfractionCommand),
    /// Pièces jointes (lettres d'autorisation, documents de présentation).
    #[command(subcommand)]
    Attachment(AttachmentCommand),
    /// Tableau de bord de la direction.
    ///
    /// Classes sans plateforme, utilisations non conformes ou pas prêtes, plus d'une plateforme
    /// pour un même groupe (art. 5.2), infractions ouvertes.
    Status {
        #[command(flatten)]
        year: YearArg,
    },
}

#[derive(Subcommand)]
pub(super) enum PlatformCommand {
    /// Affiche le catalogue.
    List,
    /// Ajoute une plateforme au catalogue.
    Add {
        /// Nom de la plateforme.
        #[arg(value_name = "NOM")]
        name: String,
        /// Statut : approuvee, autorisation-requise, toleree ou proscrite.
        #[arg(long, value_name = "STATUT")]
        status: String,
        #[command(flatten)]
        fields: PlatformFields,
    },
    /// Modifie une plateforme : affiche d'abord les utilisations touchées et leur état avant → après.
    Set {
        /// Nom actuel de la plateforme.
        #[arg(value_name = "NOM")]
        name: String,
        /// Nouveau nom.
        #[arg(long, value_name = "NOM")]
        rename: Option<String>,
        /// Nouveau statut : approuvee, autorisation-requise, toleree ou proscrite.
        #[arg(long, value_name = "STATUT")]
        status: Option<String>,
        #[command(flatten)]
        fields: PlatformFields,
        /// Affiche seulement ce que la modification changerait, sans rien enregistrer.
        #[arg(long)]
        dry_run: bool,
    },
}

/// What `platform add` and `platform set` share; in `set`, an option left out keeps its value.
#[derive(Args)]
pub(super) struct PlatformFields {
    /// Destinataires : parents, eleves (répétez l'option, ou séparez par une virgule).
    #[arg(long = "audience", value_name = "DESTINATAIRES", value_delimiter = ',')]
    audiences: Vec<String>,
    /// Date de fin de tolérance (AAAA-MM-JJ), pour une plateforme tolérée.
    #[arg(long, value_name = "AAAA-MM-JJ")]
    tolerated_until: Option<String>,
    /// Renseignements à supprimer au plus tard le 30 juin (art. 5.9). À l'ajout : oui.
    #[arg(long, value_name = "OUI|NON")]
    deletion: Option<YesNo>,
    /// Accès par un compte fourni par le CSSPB (art. 5.4). À l'ajout : non.
    #[arg(long, value_name = "OUI|NON")]
    institutional: Option<YesNo>,
    /// Hors du champ de la Directive, comme le courriel professionnel (art. 3). À l'ajout : non.
    #[arg(long, value_name = "OUI|NON")]
    outside_directive: Option<YesNo>,
    /// Notes libres.
    #[arg(long, value_name = "TEXTE")]
    notes: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub(super) enum YesNo {
    Oui,
    Non,
}

#[derive(Subcommand)]
pub(super) enum AttachmentCommand {
    /// Enregistre une copie d'une pièce hors du coffre chiffré (jamais par-dessus un fichier).
    Export {
        /// Numéro de la pièce (voir `balise use list`).
        #[arg(value_name = "NUMERO")]
        id: i64,
        /// Fichier à créer.
        #[arg(short, long, value_name = "FICHIER")]
        output: PathBuf,
    },
}

#[derive(Subcommand)]
pub(super) enum StaffCommand {
    /// Ajoute un membre du personnel.
    Add {
        /// Prénom et nom.
        #[arg(value_name = "NOM")]
        name: String,
        /// Courriel professionnel.
        #[arg(long, value_name = "COURRIEL")]
        email: Option<String>,
    },
    /// Corrige le nom ou le courriel d'un membre du personnel (ses classes suivent).
    Set {
        /// Nom actuel (majuscules et accents ignorés).
        #[arg(value_name = "NOM")]
        name: String,
        /// Nouveau nom.
        #[arg(long = "name", value_name = "NOUVEAU_NOM")]
        new_name: Option<String>,
        /// Nouveau courriel (vide pour l'effacer).
        #[arg(long, value_name = "COURRIEL")]
        email: Option<String>,
    },
    /// Liste le personnel.
    List,
}

/// What `class add` and `class set` take.
#[derive(clap::Args)]
pub(super) struct ClassFields {
    /// Code de la classe (exemple : 601).
    #[arg(value_name = "CLASSE")]
    code: String,
    /// Enseignant·e, inscrit·e au personnel (répétez l'option pour en nommer plusieurs ; pour
    /// `class set`, la liste remplace l'ancienne).
    #[arg(long = "teacher", value_name = "NOM")]
    teachers: Vec<String>,
    /// Niveau (exemple : 6).
    #[arg(long, value_name = "NIVEAU")]
    level: Option<String>,
    #[command(flatten)]
    year: YearArg,
}

#[derive(Subcommand)]
pub(super) enum ClassCommand {
    /// Ajoute une classe à une année scolaire.
    Add(ClassFields),
    /// Modifie le niveau ou les enseignant·es d'une classe (la liste donnée remplace l'ancienne).
    Set(ClassFields),
    /// Liste les classes d'une année scolaire.
    List {
        #[command(flatten)]
        year: YearArg,
    },
    /// Fiche d'une classe : plateformes et leur état, avertissements (art. 5.2), infractions.
    Show {
        /// Code de la classe.
        #[arg(value_name = "CLASSE")]
        code: String,
        #[command(flatten)]
        year: YearArg,
    },
}

#[derive(Subcommand)]
pub(super) enum UseCommand {
    /// Inscrit une plateforme qu'une classe utilise.
    ///
    /// Une plateforme proscrite est refusée : consignez plutôt une infraction.
    Add {
        /// Code de la classe.
        #[arg(long, value_name = "CLASSE")]
        class: String,
        /// Nom de la plateforme, tel qu'au catalogue.
        #[arg(long, value_name = "PLATEFORME")]
        platform: String,
        /// Destinataires : parents ou eleves.
        #[arg(long, value_name = "DESTINATAIRES")]
        audience: String,
        /// Date de début (AAAA-MM-JJ ; par défaut, aujourd'hui).
        #[arg(long, value_name = "AAAA-MM-JJ")]
        from: Option<String>,
        /// Notes libres.
        #[arg(long, value_name = "TEXTE")]
        notes: Option<String>,
        #[command(flatten)]
        year: YearArg,
    },
    /// Liste les utilisations et leur état.
    List {
        /// Seulement cette classe.
        #[arg(long, value_name = "CLASSE")]
        class: Option<String>,
        #[command(flatten)]
        year: YearArg,
    },
    /// Consigne l'autorisation écrite de la direction (ou sa permission, pour une plateforme tolérée).
    Authorize {
        /// Numéro de l'utilisation.
        #[arg(value_name = "N°")]
        id: i64,
        /// Date de l'autorisation (AAAA-MM-JJ).
        #[arg(long, value_name = "AAAA-MM-JJ")]
        date: String,
        /// Qui a autorisé.
        #[arg(long, value_name = "NOM")]
        by: String,
        /// Lettre d'autorisation à joindre (PDF, PNG, JPEG, DOCX ou ODT).
        #[arg(long, value_name = "FICHIER")]
        document: Option<PathBuf>,
    },
    /// Consigne la validation par le comité de sécurité du CSSPB (art. 4).
    ValidateCommittee {
        /// Numéro de l'utilisation.
        #[arg(value_name = "N°")]
        id: i64,
        /// Date de la validation (AAAA-MM-JJ).
        #[arg(long, value_name = "AAAA-MM-JJ")]
        date: String,
    },
    /// Joint (ou remplace) le document de présentation aux parents (art. 5.1).
    AttachDoc {
        /// Numéro de l'utilisation.
        #[arg(value_name = "N°")]
        id: i64,
        /// Le document (PDF, PNG, JPEG, DOCX ou ODT).
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
    },
    /// Consigne la validation du document de présentation par la direction (art. 5.1).
    ValidateDoc {
        /// Numéro de l'utilisation.
        #[arg(value_name = "N°")]
        id: i64,
        /// Date de la validation (AAAA-MM-JJ).
        #[arg(long, value_name = "AAAA-MM-JJ")]
        date: String,
        /// Qui a validé.
        #[arg(long, value_name = "NOM")]
        by: String,
    },
    /// Consigne l'envoi du document de présentation aux parents (art. 5.1).
    SendDoc {
        /// Numéro de l'utilisation.
        #[arg(value_name = "N°")]
        id: i64,
        /// Date de l'envoi (AAAA-MM-JJ).
        #[arg(long, value_name = "AAAA-MM-JJ")]
        date: String,
    },
    /// Met fin à une utilisation.
    End {
        /// Numéro de l'utilisation.
        #[arg(value_name = "N°")]
        id: i64,
        /// Date de fin (AAAA-MM-JJ).
        #[arg(long, value_name = "AAAA-MM-JJ")]
        date: String,
    },
}

#[derive(Subcommand)]
pub(super) enum InfractionCommand {
    /// Consigne une infraction constatée dans une classe.
    Add {
        /// Code de la classe.
        #[arg(long, value_name = "CLASSE")]
        class: String,
        /// Nom de la plateforme, tel qu'au catalogue.
        #[arg(long, value_name = "PLATEFORME")]
        platform: String,
        /// Date du constat (AAAA-MM-JJ).
        #[arg(long, value_name = "AAAA-MM-JJ")]
        found: String,
        /// Ce qui a été constaté.
        #[arg(long, value_name = "TEXTE")]
        description: String,
        #[command(flatten)]
        year: YearArg,
    },
    /// Consigne la résolution d'une infraction.
    Resolve {
        /// Numéro de l'infraction.
        #[arg(value_name = "N°")]
        id: i64,
        /// Date de la résolution (AAAA-MM-JJ).
        #[arg(long, value_name = "AAAA-MM-JJ")]
        date: String,
        /// Ce qui a été fait (groupe supprimé, parents informés…).
        #[arg(long, value_name = "TEXTE")]
        resolution: String,
    },
    /// Liste les infractions d'une année scolaire.
    List {
        /// Seulement celles qui ne sont pas résolues.
        #[arg(long)]
        open: bool,
        #[command(flatten)]
        year: YearArg,
    },
}

#[derive(Args)]
pub(super) struct YearArg {
    /// Année scolaire (par défaut, le réglage school_year).
    #[arg(long, value_name = "AAAA-AAAA")]
    year: Option<String>,
}

impl Cli {
    pub(super) fn register(&self, command: RegisterCommand) -> Result<i32, Error> {
        let mut store = self.open()?;
        let db = &mut store.db;
        match command {
            RegisterCommand::Platform(command) => self.platform(db, command),
            RegisterCommand::Staff(command) => self.staff(db, command),
            RegisterCommand::Attachment(AttachmentCommand::Export { id, output }) => {
                let written = attachment::export(db, id, &output, balise_core::export::Existing::Refuse)?;
                let path = written.display().to_string();
                self.print(&serde_json::json!({ "id": id, "path": path }), || {
                    format!("Pièce n° {id} enregistrée : {path}")
                })
            }
            RegisterCommand::Class(command) => self.class(db, command),
            RegisterCommand::Use(command) => self.platform_use(db, command),
            RegisterCommand::Infraction(command) => self.infraction(db, command),
            RegisterCommand::Status { year } => {
                let year = year.resolve(db)?;
                let today = db.clock().today();
                let board = dashboard::build(db, year, today)?;
                self.print(&board, || dashboard_text(&board))
            }
        }
    }

    fn platform(&self, db: &mut Db, command: PlatformCommand) -> Result<i32, Error> {
        match command {
            PlatformCommand::List => {
                let platforms = platform::list(db)?;
                self.print(&platforms, || platform_table(&platforms))
            }
            PlatformCommand::Add { name, status, fields } => {
                let draft = PlatformDraft {
                    name,
                    audiences: fields.audiences()?,
                    status: PlatformStatus::parse(&status)?,
                    tolerated_until: fields.tolerated_until()?,
                    // Defaults on the cautious side: 5.9 deletion applies unless said otherwise,
                    // and without an institutional account the 5.4 advice is shown.
                    end_of_year_deletion: !matches!(fields.deletion, Some(YesNo::Non)),
                    institutional_account: fields.institutional.is_some_and(YesNo::is_yes),
                    outside_directive: fields.outside_directive.is_some_and(YesNo::is_yes),
                    notes: fields.notes.unwrap_or_default(),
                };
                let added = platform::add(db, &draft)?;
                self.print(&added, || format!("Plateforme ajoutée au catalogue : {}", platform_summary(&added)))
            }
            PlatformCommand::Set { name, rename, status, fields, dry_run } => {
                let audiences = fields.audiences()?;
                let change = PlatformChange {
                    name: rename,
                    audiences: (!audiences.is_empty()).then_some(audiences),
                    status: status.as_deref().map(PlatformStatus::parse).transpose()?,
                    tolerated_until: fields.tolerated_until()?,
                    end_of_year_deletion: fields.deletion.map(YesNo::is_yes),
                    institutional_account: fields.institutional.map(YesNo::is_yes),
                    outside_directive: fields.outside_directive.map(YesNo::is_yes),
                    notes: fields.notes,
                };
                let preview = platform_change::preview(db, &name, &change)?;
                if !dry_run {
                    platform_change::set(db, &name, &change)?;
                }
                #[derive(Serialize)]
                struct Out<'a> {
                    saved: bool,
                    #[serde(flatten)]
                    preview: &'a PlatformPreview,
                }
                self.print(&Out { saved: !dry_run, preview: &preview }, || {
                    let last = if preview.before == preview.after {
                        "Aucun changement."
                    } else if dry_run {
                        "Aperçu seulement : rien n'a été enregistré."
                    } else {
                        "Modification enregistrée."
                    };
                    format!("{}\n{last}", preview_text(&preview))
                })
            }
        }
    }

    fn staff(&self, db: &mut Db, command: StaffCommand) -> Result<i32, Error> {
        match command {
            StaffCommand::Add { name, email } => {
                let added = staff::add(db, &StaffDraft { name, email: email.unwrap_or_default() })?;
                self.print(&added, || format!("Ajouté·e au personnel : {} (n° {})", added.name, added.id))
            }
            StaffCommand::Set { name, new_name, email } => {
                let edited = staff::set(db, &name, &StaffChange { name: new_name, email })?;
                self.print(&edited, || format!("Modifié·e : {} (n° {})", edited.name, edited.id))
            }
            StaffCommand::List => {
                let everyone = staff::list(db)?;
                self.print(&everyone, || staff_table(&everyone))
            }
        }
    }

    fn class(&self, db: &mut Db, command: ClassCommand) -> Result<i32, Error> {
        match command {
            ClassCommand::Add(ClassFields { code, teachers, level, year }) => {
                let draft = ClassDraft { year: year.resolve(db)?, code, level: level.unwrap_or_default(), teachers };
                let added = class::add(db, &draft)?;
                self.print(&added, || format!("Classe ajoutée : {}", class_summary(&added)))
            }
            ClassCommand::Set(ClassFields { code, teachers, level, year }) => {
                let teachers = if teachers.is_empty() { None } else { Some(teachers) };
                let change = ClassChange { level, teachers };
                let edited = class::set(db, year.resolve(db)?, &code, &change)?;
                self.print(&edited, || format!("Classe modifiée : {}", class_summary(&edited)))
            }
            ClassCommand::List { year } => {
                let year = year.resolve(db)?;
                let classes = class::list(db, year)?;
                self.print(&classes, || class_table(year, &classes))
            }
            ClassCommand::Show { code, year } => {
                let detail = detail::show_class(db, year.resolve(db)?, &code)?;
                self.print(&detail, || class_sheet(&detail))
            }
        }
    }

    fn platform_use(&self, db: &mut Db, command: UseCommand) -> Result<i32, Error> {
        // Every change prints the use as it now stands, with its state and the reasons for it.
        let changed = match command {
            UseCommand::List { class, year } => {
                let views = detail::uses(db, year.resolve(db)?, class.as_deref())?;
                return self.print(&views, || use_table(&views));
            }
            UseCommand::Add { class, platform, audience, from, notes, year } => {
                let draft = UseDraft {
                    year: year.resolve(db)?,
                    class_code: class,
                    platform,
                    audience: Audience::parse(&audience)?,
                    started_on: match from {
                        Some(text) => parse_date(Field::StartedOn, &text)?,
                        None => db.clock().today(),
                    },
                    notes: notes.unwrap_or_default(),
                };
                platform_use::add(db, &draft)?.id
            }
            UseCommand::Authorize { id, date, by, document } => {
                let draft = AuthorizationDraft {
                    on: parse_date(Field::AuthorizedOn, &date)?,
                    by,
                    document: document.as_deref().map(NewAttachment::read_file).transpose()?,
                };
                platform_use::authorize(db, id, &draft)?.id
            }
            UseCommand::ValidateCommittee { id, date } => {
                platform_use::validate_committee(db, id, parse_date(Field::CommitteeValidatedOn, &date)?)?.id
            }
            UseCommand::AttachDoc { id, file } => {
                platform_use::attach_document(db, id, &NewAttachment::read_file(&file)?)?.id
            }
            UseCommand::ValidateDoc { id, date, by } => {
                platform_use::validate_document(db, id, parse_date(Field::ValidatedOn, &date)?, &by)?.id
            }
            UseCommand::SendDoc { id, date } => {
                platform_use::send_document(db, id, parse_date(Field::SentOn, &date)?)?.id
            }
            UseCommand::End { id, date } => platform_use::end(db, id, parse_date(Field::EndedOn, &date)?)?.id,
        };
        let view = detail::show_use(db, changed)?;
        self.print(&view, || use_sheet(&view).join("\n"))
    }

    fn infraction(&self, db: &mut Db, command: InfractionCommand) -> Result<i32, Error> {
        match command {
            InfractionCommand::Add { class, platform, found, description, year } => {
                let draft = InfractionDraft {
                    year: year.resolve(db)?,
                    class_code: class,
                    platform,
                    found_on: parse_date(Field::FoundOn, &found)?,
                    description,
                };
                let added = infraction::add(db, &draft)?;
                self.print(&added, || {
                    let mut lines = vec![format!("Infraction consignée : {}", infraction_summary(&added))];
                    lines.extend(added.reasons().iter().map(|r| format!("  {}", reason_line(r))));
                    lines.join("\n")
                })
            }
            InfractionCommand::Resolve { id, date, resolution } => {
                let resolved = infraction::resolve(db, id, parse_date(Field::ResolvedOn, &date)?, &resolution)?;
                self.print(&resolved, || format!("Infraction résolue : {}", infraction_summary(&resolved)))
            }
            InfractionCommand::List { open, year } => {
                let year = year.resolve(db)?;
                let infractions = infraction::list(db, year, open)?;
                self.print(&infractions, || infraction_table(year, open, &infractions))
            }
        }
    }
}

impl YearArg {
    /// The year typed, or the school year set in Paramètres.
    pub(super) fn resolve(&self, db: &Db) -> Result<SchoolYear, Error> {
        settings::year_or_current(db, self.year.as_deref())
    }
}

impl PlatformFields {
    fn audiences(&self) -> Result<Vec<Audience>, Error> {
        self.audiences.iter().map(|a| Audience::parse(a)).collect()
    }

    fn tolerated_until(&self) -> Result<Option<chrono::NaiveDate>, Error> {
        self.tolerated_until.as_deref().map(|d| parse_date(Field::ToleratedUntil, d)).transpose()
    }
}

impl YesNo {
    fn is_yes(self) -> bool {
        matches!(self, YesNo::Oui)
    }
}

// ------------------------------------------------------------------ human text ----------------

fn state_fr(state: UseState) -> &'static str {
    match state {
        UseState::Conforme => "conforme",
        UseState::PasPrete => "pas prête",
        UseState::NonConforme => "non conforme",
    }
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "oui"
    } else {
        "non"
    }
}

fn reason_line(reason: &Reason) -> String {
    format!("[art. {}] {}", reason.article, reason.text_fr)
}

/// The reasons that set a state (pas prête, non conforme); warnings and advice only inform.
fn sets_state(reason: &&Reason) -> bool {
    reason.severity >= Severity::PasPrete
}

/// Pads every column but the last to its widest cell, two spaces apart.
fn aligned(rows: &[Vec<String>], indent: &str) -> Vec<String> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|cell| cell.chars().count()).max().unwrap_or(0))
        .collect();
    rows.iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(i, cell)| if i + 1 == row.len() { cell.clone() } else { format!("{cell:<0$}", widths[i]) })
                .collect();
            format!("{indent}{}", cells.join("  ")).trim_end().to_string()
        })
        .collect()
}

fn audiences_fr(audiences: &[Audience]) -> String {
    audiences.iter().map(|a| a.label_fr()).collect::<Vec<_>>().join(", ")
}

fn status_fr(platform: &Platform) -> String {
    match platform.tolerated_until {
        Some(until) => format!("{} jusqu'au {until}", platform.status.label_fr()),
        None => platform.status.label_fr().to_string(),
    }
}

fn platform_summary(p: &Platform) -> String {
    format!(
        "{} : {} ; pour les {} ; suppression de fin d'année : {} ; compte institutionnel : {}{}",
        p.name,
        status_fr(p),
        audiences_fr(&p.audiences),
        yes_no(p.end_of_year_deletion),
        yes_no(p.institutional_account),
        if p.outside_directive { " ; hors Directive (art. 3)" } else { "" }
    )
}

fn platform_table(platforms: &[Platform]) -> String {
    let mut rows = vec![vec!["plateforme".into(), "statut".into(), "destinataires".into()]];
    rows.extend(platforms.iter().map(|p| vec![p.name.clone(), status_fr(p), audiences_fr(&p.audiences)]));
    aligned(&rows, "").join("\n")
}

fn preview_text(preview: &PlatformPreview) -> String {
    let mut lines = vec![
        format!("Avant : {}", platform_summary(&preview.before)),
        format!("Après : {}", platform_summary(&preview.after)),
    ];
    if preview.uses.is_empty() {
        lines.push("Aucune utilisation en cours n'est touchée.".into());
        return lines.join("\n");
    }
    lines.push(format!("Utilisations touchées ({}) :", preview.uses.len()));
    for affected in &preview.uses {
        let change = if affected.state_changes {
            format!("{} → {}", state_fr(affected.state_before), state_fr(affected.state_after))
        } else {
            format!("{} (inchangé)", state_fr(affected.state_after))
        };
        let row = vec![
            format!("n° {}", affected.use_id),
            format!("classe {}", affected.class_code),
            affected.audience.label_fr().to_string(),
            affected.year.to_string(),
            change,
        ];
        lines.extend(aligned(&[row], "  "));
        lines.extend(affected.reasons_after.iter().filter(sets_state).map(|r| format!("      {}", reason_line(r))));
    }
    lines.join("\n")
}

fn staff_table(everyone: &[Staff]) -> String {
    if everyone.is_empty() {
        return "Aucun membre du personnel inscrit.".into();
    }
    let mut rows = vec![vec!["n°".into(), "nom".into(), "courriel".into()]];
    rows.extend(everyone.iter().map(|s| vec![s.id.to_string(), s.name.clone(), s.email.clone()]));
    aligned(&rows, "").join("\n")
}

fn teachers_fr(class: &Class) -> String {
    class.teachers.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", ")
}

fn class_summary(class: &Class) -> String {
    let level = if class.level.is_empty() { String::new() } else { format!(", niveau {}", class.level) };
    format!("{} ({}){level} ; {}", class.code, class.year, teachers_fr(class))
}

fn class_table(year: SchoolYear, classes: &[Class]) -> String {
    if classes.is_empty() {
        return format!("Aucune classe pour l'année scolaire {year}.");
    }
    let mut rows = vec![vec!["classe".into(), "niveau".into(), "enseignant·es".into()]];
    rows.extend(classes.iter().map(|c| vec![c.code.clone(), c.level.clone(), teachers_fr(c)]));
    aligned(&rows, "").join("\n")
}

fn attachment_fr(document: &AttachmentMeta) -> String {
    format!("{} (pièce n° {})", document.original_name, document.id)
}

/// One use as a short sheet: what it is, what has been recorded, its state and why.
fn use_sheet(view: &UseView) -> Vec<String> {
    let u = &view.platform_use;
    let mut lines = vec![format!(
        "Utilisation n° {} : classe {} ({}), {} pour les {}, depuis le {}",
        u.id,
        u.class_code,
        u.year,
        u.platform,
        u.audience.label_fr(),
        u.started_on
    )];
    if let Some(authorization) = &u.authorization {
        let letter = authorization.document.as_ref().map(|d| format!(", lettre : {}", attachment_fr(d)));
        lines.push(format!(
            "  Autorisation de la direction : le {}, par {}{}",
            authorization.on,
            authorization.by,
            letter.unwrap_or_default()
        ));
    }
    if let Some(on) = u.committee_validated_on {
        lines.push(format!("  Comité de sécurité : validé le {on}"));
    }
    if let Some(document) = &u.presentation.document {
        let mut text = format!("  Document de présentation : {}", attachment_fr(document));
        if let Some(validation) = &u.presentation.validation {
            text.push_str(&format!(", validé le {} par {}", validation.on, validation.by));
        }
        if let Some(sent) = u.presentation.sent_on {
            text.push_str(&format!(", transmis le {sent}"));
        }
        lines.push(text);
    }
    match u.ended_on {
        Some(ended) if !view.active => lines.push(format!("  Terminée le {ended}")),
        Some(ended) => lines.push(format!("  Fin prévue le {ended}")),
        None => {}
    }
    lines.push(format!("  État : {}", state_fr(view.assessment.state)));
    let reasons = &view.assessment.reasons;
    lines.extend(reasons.iter().filter(sets_state).map(|r| format!("  {}", reason_line(r))));
    let notes: Vec<&Reason> = reasons.iter().filter(|r| !sets_state(r)).collect();
    if !notes.is_empty() {
        lines.push("  À retenir :".into());
        lines.extend(notes.iter().map(|r| format!("    {}", reason_line(r))));
    }
    lines
}

fn use_table(views: &[UseView]) -> String {
    if views.is_empty() {
        return "Aucune utilisation inscrite.".into();
    }
    let mut rows =
        vec![vec!["n°".into(), "classe".into(), "plateforme".into(), "pour".into(), "depuis".into(), "état".into()]];
    rows.extend(views.iter().map(|v| {
        let u = &v.platform_use;
        let state = match u.ended_on {
            Some(ended) if !v.active => format!("terminée le {ended}"),
            _ => state_fr(v.assessment.state).to_string(),
        };
        vec![
            u.id.to_string(),
            u.class_code.clone(),
            u.platform.clone(),
            u.audience.label_fr().into(),
            u.started_on.to_string(),
            state,
        ]
    }));
    let lines = aligned(&rows, "");
    let mut out = vec![lines[0].clone()];
    for (line, view) in lines[1..].iter().zip(views) {
        out.push(line.clone());
        if view.active {
            out.extend(view.assessment.reasons.iter().filter(sets_state).map(|r| format!("    {}", reason_line(r))));
        }
    }
    out.join("\n")
}

fn warning_lines(warnings: &[OnePlatformWarning], indent: &str) -> Vec<String> {
    warnings
        .iter()
        .flat_map(|w| w.reasons.iter().map(move |r| format!("{indent}classe {} : {}", w.class_code, reason_line(r))))
        .collect()
}

fn infraction_summary(i: &Infraction) -> String {
    let state = match i.resolved_on {
        Some(on) if i.resolution.is_empty() => format!("résolue le {on}"),
        Some(on) => format!("résolue le {on} ({})", i.resolution),
        None => "ouverte".into(),
    };
    format!("n° {}, classe {}, {}, constatée le {} ; {state}", i.id, i.class_code, i.platform, i.found_on)
}

fn infraction_rows(infractions: &[Infraction], indent: &str) -> Vec<String> {
    let mut rows = vec![vec!["n°".into(), "classe".into(), "plateforme".into(), "constatée le".into(), "suivi".into()]];
    rows.extend(infractions.iter().map(|i| {
        let state = match i.resolved_on {
            Some(on) => format!("résolue le {on}"),
            None => "ouverte".into(),
        };
        vec![i.id.to_string(), i.class_code.clone(), i.platform.clone(), i.found_on.to_string(), state]
    }));
    aligned(&rows, indent)
}

fn infraction_table(year: SchoolYear, open_only: bool, infractions: &[Infraction]) -> String {
    if infractions.is_empty() {
        let which = if open_only { "ouverte" } else { "consignée" };
        return format!("Aucune infraction {which} pour l'année scolaire {year}.");
    }
    infraction_rows(infractions, "").join("\n")
}

fn class_sheet(detail: &ClassDetail) -> String {
    let mut lines = vec![format!("Classe {}", class_summary(&detail.class)), format!("Au {}", detail.as_of)];
    if detail.uses.is_empty() {
        lines.push(String::new());
        lines.push("Aucune plateforme inscrite.".into());
    }
    for view in &detail.uses {
        lines.push(String::new());
        lines.extend(use_sheet(view));
    }
    if !detail.warnings_one_platform.is_empty() {
        lines.push(String::new());
        lines.push("Une seule plateforme par groupe (art. 5.2) :".into());
        lines.extend(warning_lines(&detail.warnings_one_platform, "  "));
    }
    lines.push(String::new());
    if detail.infractions.is_empty() {
        lines.push("Aucune infraction.".into());
    } else {
        lines.push("Infractions :".into());
        lines.extend(infraction_rows(&detail.infractions, "  "));
    }
    lines.join("\n")
}

fn finding_lines(title: &str, findings: &[UseFinding], lines: &mut Vec<String>) {
    if findings.is_empty() {
        lines.push(format!("{title} : aucune"));
        return;
    }
    lines.push(format!("{title} ({}) :", findings.len()));
    for f in findings {
        let row = vec![
            format!("n° {}", f.use_id),
            format!("classe {}", f.class_code),
            f.platform.clone(),
            f.audience.label_fr().into(),
        ];
        lines.extend(aligned(&[row], "  "));
        lines.extend(f.reasons.iter().map(|r| format!("      {}", reason_line(r))));
    }
}

fn dashboard_text(board: &Dashboard) -> String {
    let mut lines = vec![format!("Tableau de bord {}, au {}", board.year, board.as_of), String::new()];
    if board.classes_without_platform.is_empty() {
        lines.push("Classes sans plateforme : aucune".into());
    } else {
        lines.push(format!("Classes sans plateforme ({}) :", board.classes_without_platform.len()));
        for c in &board.classes_without_platform {
            lines.extend(c.reasons.iter().map(|r| format!("  classe {} : {}", c.class_code, reason_line(r))));
        }
    }
    finding_lines("Utilisations non conformes", &board.uses_non_conformes, &mut lines);
    finding_lines("Utilisations pas prêtes", &board.uses_pas_pretes, &mut lines);
    if board.warnings_one_platform.is_empty() {
        lines.push("Groupes à plusieurs plateformes : aucun".into());
    } else {
        lines.push(format!("Groupes à plusieurs plateformes ({}) :", board.warnings_one_platform.len()));
        lines.extend(warning_lines(&board.warnings_one_platform, "  "));
    }
    if board.open_infractions.is_empty() {
        lines.push("Infractions ouvertes : aucune".into());
    } else {
        lines.push(format!("Infractions ouvertes ({}) :", board.open_infractions.len()));
        for i in &board.open_infractions {
            lines.push(format!(
                "  n° {}  classe {}  {}  constatée le {}",
                i.infraction_id, i.class_code, i.platform, i.found_on
            ));
            lines.extend(i.reasons.iter().map(|r| format!("      {}", reason_line(r))));
        }
    }
    if let Some(d) = &board.deletions {
        // Directive 5.9: shown from 1 June, or whenever something is overdue.
        lines.push(format!(
            "Suppressions de fin d'année (au plus tard le {}) : {} confirmée(s) sur {}, {} à faire, {} attestation(s) imprimée(s), {} EN RETARD",
            d.deadline, d.confirmee, d.total, d.a_faire, d.attestation_imprimee, d.en_retard
        ));
    }
    lines.join("\n")
}
