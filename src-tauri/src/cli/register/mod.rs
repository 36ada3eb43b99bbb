//! The platform register on the command line (issue #3): catalogue, staff, classes, uses,
//! infractions and the dashboard. Each command reads its words, makes one call into
//! `balise_core::register` and prints the answer: the domain's own structs with `--json`, short
//! aligned French lines otherwise. Dates, statuses and audiences are parsed by the domain too, so
//! a mistake reads the same here as in the window.

use balise_core::register::detail::{self};
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use balise_core::attachment::{self, NewAttachment};
use balise_core::dashboard::{self};
use balise_core::register::class::{self, ClassChange, ClassDraft};
use balise_core::register::infraction::{self, InfractionDraft};
use balise_core::register::platform::{self, Audience, PlatformDraft, PlatformStatus};
use balise_core::register::platform_change::{self, PlatformChange, PlatformPreview};
use balise_core::register::platform_use::{self, AuthorizationDraft, UseDraft};
use balise_core::register::staff::{self, StaffChange, StaffDraft};
use balise_core::settings;
use balise_core::store::Db;
use balise_core::text::{parse_date, Field};
use balise_core::year::SchoolYear;
use balise_core::Error;

use super::Cli;

mod text;
use text::*;

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
    /// Raison, obligatoire pour retirer la suppression de fin d'année d'une plateforme que
    /// l'art. 5.9 n'exempte pas (seules Mozaïk-Portail, Portail Parents et Clic École le sont), ou
    /// pour déclarer hors Directive une autre plateforme que le courriel professionnel (art. 3).
    /// Consignée au journal avec l'article.
    #[arg(long, value_name = "TEXTE")]
    reason: Option<String>,
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
        /// Membre du personnel qui utilise la plateforme avec la classe, nommé sur l'Annexe A et
        /// chargé de la vider au 30 juin (art. 5.9) ; répétez l'option pour en nommer plusieurs.
        /// Par défaut : les enseignant·es de la classe.
        #[arg(long = "staff", value_name = "NOM")]
        staff: Vec<String>,
        #[command(flatten)]
        year: YearArg,
    },
    /// Nomme le ou les membres du personnel d'une utilisation (Annexe A, art. 5.9).
    ///
    /// La liste donnée remplace l'ancienne ; --class-teachers revient aux enseignant·es de la classe.
    Staff {
        /// Numéro de l'utilisation.
        #[arg(value_name = "N°")]
        id: i64,
        /// Membre du personnel, inscrit·e au personnel (répétez l'option pour en nommer plusieurs).
        #[arg(long = "staff", value_name = "NOM", required_unless_present = "class_teachers")]
        staff: Vec<String>,
        /// Revenir aux enseignant·es de la classe.
        #[arg(long, conflicts_with = "staff")]
        class_teachers: bool,
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
        /// Plateforme tolérée : le membre du personnel l'utilisait déjà l'année précédente
        /// (ClassDojo en 2024-2025). La note de service du 25 août 2025 ne la tolère que « pour
        /// celles et ceux qui l'utilisaient déjà » ; sans cette mention, l'utilisation est non
        /// conforme (art. 4).
        #[arg(long)]
        already_used: bool,
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
                    reason: fields.reason,
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
                    reason: fields.reason,
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
            UseCommand::Add { class, platform, audience, from, notes, staff, year } => {
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
                    staff,
                };
                platform_use::add(db, &draft)?.id
            }
            UseCommand::Staff { id, staff, class_teachers } => {
                let names = if class_teachers { Vec::new() } else { staff };
                platform_use::set_staff(db, id, &names)?.id
            }
            UseCommand::Authorize { id, date, by, document, already_used } => {
                let draft = AuthorizationDraft {
                    on: parse_date(Field::AuthorizedOn, &date)?,
                    by,
                    document: document.as_deref().map(NewAttachment::read_file).transpose()?,
                    prior_use: already_used,
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
