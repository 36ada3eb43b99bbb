//! The command line: the same binary run headless, a thin face over balise-core for IT staff,
//! scripts and tests. Exit 0 on success; otherwise one French line on stderr and a non-zero code.
//! The platform register's commands live in `register`.

mod access;
mod consent;
mod deletion;
mod forms;
mod projects;
mod register;
mod report;
mod roster;
mod scan;
mod spaces;
mod year_end;

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use serde::Serialize;

use balise_core::attachment::NewAttachment;
use balise_core::clock::Clock;
use balise_core::keychain::OsKeychain;
use balise_core::logo;
use balise_core::paths::DataDir;
use balise_core::settings::{self, Key};
use balise_core::vault::{self, Opening, Unlocked};
use balise_core::{backup, pdf, Error};

#[derive(Parser)]
#[command(
    name = "balise",
    version,
    about = "Balise : plateformes de communication et consentements (Directive du CSSPB).\nSans commande, ouvre la fenêtre.",
    disable_help_subcommand = true
)]
struct Args {
    /// Dossier des données (par défaut, le dossier de données de l'utilisateur).
    #[arg(long, global = true, env = "BALISE_DATA_DIR", value_name = "DOSSIER")]
    data_dir: Option<PathBuf>,
    /// Déverrouille avec la clé de récupération plutôt qu'avec le trousseau (préférez la variable
    /// d'environnement : une option de commande se voit dans la liste des processus).
    #[arg(long, global = true, env = "BALISE_RECOVERY_KEY", hide_env_values = true, value_name = "CLÉ")]
    recovery_key: Option<String>,
    /// Sortie JSON sur la sortie standard.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Crée le coffre chiffré et affiche la clé de récupération (une seule fois).
    Init {
        /// Enregistre aussi la feuille « Clé de récupération » en PDF.
        #[arg(long, value_name = "FICHIER.pdf")]
        recovery_sheet: Option<PathBuf>,
    },
    /// Nouvelle clé de récupération (la direction) : l'ancienne, et sa feuille imprimée, ne
    /// déverrouillent plus le coffre ; la clé du coffre elle-même ne change pas.
    NewRecoveryKey {
        /// Confirme le remplacement de l'ancienne clé de récupération.
        #[arg(long)]
        confirm: bool,
        /// Enregistre aussi la nouvelle feuille « Clé de récupération » en PDF.
        #[arg(long, value_name = "FICHIER.pdf")]
        recovery_sheet: Option<PathBuf>,
    },
    /// Vérifie l'intégrité du fichier et la chaîne du journal.
    Verify,
    /// Sauvegardes chiffrées.
    #[command(subcommand)]
    Backup(BackupCommand),
    /// Paramètres de l'école.
    #[command(subcommand)]
    Settings(SettingsCommand),
    #[command(flatten)]
    Register(register::RegisterCommand),
    #[command(flatten)]
    Roster(roster::RosterCommand),
    #[command(flatten)]
    Forms(forms::FormsCommand),
    /// Formulaires revenus : réponses, refus, retraits, historique, suivi.
    #[command(subcommand)]
    Consent(consent::ConsentCommand),
    #[command(flatten)]
    YearEnd(year_end::YearEndCommand),
    /// Suppression de fin d'année (art. 5.9–5.10) : liste, confirmations, corrections.
    #[command(subcommand)]
    Deletion(deletion::DeletionCommand),
    #[command(flatten)]
    Report(report::ReportCommand),
    /// Une pile de formulaires revenus, numérisée : lire les pages, enregistrer les claires.
    #[command(subcommand)]
    Scan(scan::ScanCommand),
    /// Demandes d'accès et de rectification (politique, art. 4) : registre et délais.
    #[command(subcommand)]
    Request(access::RequestCommand),
    /// Projets (photos, enregistrements, médias sociaux) : leurs formulaires, annexes 3 à 6.
    #[command(subcommand)]
    Project(projects::ProjectCommand),
    /// Espaces de média social : la demande à la direction générale, sa décision, ses membres.
    #[command(subcommand)]
    Space(spaces::SpaceCommand),
    /// Dernières entrées du journal.
    Audit {
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Écrit des entrées de journal en boucle (test de coupure brutale).
    #[command(hide = true)]
    StressAudit {
        #[arg(long, default_value_t = u64::MAX)]
        count: u64,
    },
}

#[derive(Subcommand)]
enum BackupCommand {
    /// Crée une sauvegarde maintenant.
    Create,
    /// Liste les sauvegardes.
    List,
    /// Vérifie une sauvegarde sans rien modifier.
    Verify {
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
    },
    /// Remplace les données par une sauvegarde vérifiée (l'ancien fichier est gardé de côté).
    Restore {
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Dit seulement ce que la restauration ferait perdre (les changements inscrits depuis la
        /// sauvegarde) ; rien n'est remplacé.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum SettingsCommand {
    /// Affiche un réglage, ou tous.
    Get { key: Option<String> },
    /// Modifie un réglage.
    Set { key: String, value: String },
    /// Le logo de l'organisation, en haut de chaque document imprimé : sans argument, celui qui
    /// est choisi ; avec un fichier PNG ou JPEG (au plus 2 Mo et 4 000 pixels de côté), le choisit
    /// ou le remplace ; --remove le retire.
    Logo {
        /// L'image PNG ou JPEG à prendre comme logo.
        #[arg(value_name = "FICHIER", conflicts_with = "remove")]
        file: Option<PathBuf>,
        /// Retire le logo : les documents s'impriment sans logo.
        #[arg(long)]
        remove: bool,
    },
}

/// Entry point of the binary: the window without a subcommand, the command line with one.
pub fn main_entry() -> i32 {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion) => {
            let _ = e.print();
            return 0;
        }
        Err(e) => {
            eprintln!("{}", usage_error(&e));
            return 2;
        }
    };
    let data = args.data_dir.clone().map(DataDir::new).unwrap_or_else(DataDir::default_location);
    // What a killed export left in Balise's own folder goes now (the window does it at its start).
    balise_core::export::remove_leftovers(&data);
    let Some(command) = args.command else {
        return crate::run_window(data);
    };
    let cli = Cli { data, json: args.json, recovery_key: args.recovery_key, clock: Clock::from_env() };
    match cli.run(command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("balise : {}", one_line(&e.to_string()));
            1
        }
    }
}

/// Clap's usage error as one French line: what was wrong in what was typed, and which help to
/// read. Clap's own text is English, so it is rebuilt from the error's context (the argument,
/// the value, the other argument of a conflict); nothing of clap's wording is passed through.
fn usage_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(list)) => list.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let (arg, value) = (context(ContextKind::InvalidArg), context(ContextKind::InvalidValue));
    // The command that was being read, found by walking what was typed down the subcommands
    // (clap gives its usage line with some errors only).
    let mut found = <Args as clap::CommandFactory>::command();
    let mut words = vec!["balise".to_string()];
    for typed in std::env::args().skip(1) {
        if let Some(sub) = found.find_subcommand(&typed).cloned() {
            words.push(sub.get_name().to_string());
            found = sub;
        }
    }
    let command = words.join(" ");
    let mut detail = match e.kind() {
        ErrorKind::UnknownArgument => format!("l'argument « {arg} » n'est pas connu de cette commande"),
        ErrorKind::InvalidSubcommand => {
            format!("la commande « {} » n'existe pas", context(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => {
            // A required group comes as « <--class <GROUPE>|--students <FICHES>> ».
            let missing = match e.get(ContextKind::InvalidArg) {
                Some(ContextValue::Strings(list)) => list
                    .iter()
                    .map(|a| {
                        let a = if a.starts_with("<-") { &a[1..a.len() - 1] } else { a.as_str() };
                        a.replace('|', " ou ")
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => arg.clone(),
            };
            format!("il manque {missing}")
        }
        ErrorKind::ArgumentConflict => {
            let prior = context(ContextKind::PriorArg);
            if prior == arg {
                format!("l'argument « {arg} » est donné deux fois")
            } else if prior.is_empty() {
                format!("« {arg} » ne peut pas être donné avec les autres arguments ; retirez l'un d'eux")
            } else {
                format!("« {arg} » et « {prior} » ne peuvent pas être donnés ensemble ; gardez l'un ou l'autre")
            }
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("« {arg} » attend une valeur"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let mut text = format!("valeur « {value} » refusée pour « {arg} »");
            let source = std::error::Error::source(e);
            if source.is_some_and(|s| s.is::<std::num::ParseIntError>()) {
                text.push_str(" : un nombre entier est attendu");
            }
            let valid = context(ContextKind::ValidValue);
            if !valid.is_empty() {
                text.push_str(&format!(" ; valeurs possibles : {valid}"));
            }
            text
        }
        ErrorKind::NoEquals => format!("« {arg} » s'écrit avec un signe égal ({arg}=valeur)"),
        ErrorKind::TooManyValues => format!("la valeur « {value} » est en trop pour « {arg} »"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("« {arg} » n'a pas le bon nombre de valeurs")
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let choices = found
                .get_subcommands()
                .filter(|s| !s.is_hide_set())
                .map(|s| s.get_name().to_string())
                .collect::<Vec<_>>()
                .join(", ");
            format!("il manque la commande après « {command} » (commandes possibles : {choices})")
        }
        ErrorKind::InvalidUtf8 => "un argument contient des caractères illisibles (pas de l'UTF-8)".into(),
        _ => "la commande tapée n'a pas pu être lue".into(),
    };
    let suggested = [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg, ContextKind::SuggestedValue]
        .into_iter()
        .map(context)
        .find(|s| !s.is_empty());
    if let Some(suggested) = suggested {
        detail.push_str(&format!(" (vouliez-vous dire « {suggested} » ?)"));
    }
    format!("balise : arguments invalides : {detail}. Voir « {command} --help ».")
}

/// Writes the answer and a newline on the locked standard output. A reader that went away
/// (`balise student list | head -1`) ends the command quietly, status 0: the answer is printed
/// after the work is done and committed, so a failure status would tell a script that a backup
/// or a record it asked for was not made when it was. Any other failure to write is reported.
fn write_answer(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        // ENOSPC on Unix; on Windows std maps ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL to StorageFull.
        Err(e) if e.kind() == std::io::ErrorKind::StorageFull || (cfg!(unix) && e.raw_os_error() == Some(28)) => {
            Err(Error::DiskFull)
        }
        Err(e) => Err(Error::Io { path: PathBuf::from("sortie standard"), detail: e.to_string() }),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Cli {
    data: DataDir,
    json: bool,
    recovery_key: Option<String>,
    clock: Clock,
}

impl Cli {
    fn run(&self, command: Command) -> Result<i32, Error> {
        match command {
            Command::Init { recovery_sheet } => self.init(recovery_sheet),
            Command::NewRecoveryKey { confirm, recovery_sheet } => self.new_recovery_key(confirm, recovery_sheet),
            Command::Verify => self.verify(),
            Command::Backup(b) => self.backup(b),
            Command::Settings(s) => self.settings(s),
            Command::Register(r) => self.register(r),
            Command::Roster(r) => self.roster(r),
            Command::Forms(f) => self.forms(f),
            Command::Consent(c) => self.consent(c),
            Command::YearEnd(y) => self.year_end(y),
            Command::Deletion(d) => self.deletion(d),
            Command::Report(r) => self.report(r),
            Command::Scan(s) => self.scan(s),
            Command::Request(r) => self.request(r),
            Command::Project(p) => self.project(p),
            Command::Space(s) => self.space(s),
            Command::Audit { limit } => {
                let store = self.open()?;
                let entries = store.db.journal(limit)?;
                self.print(&entries, || {
                    entries
                        .iter()
                        .map(|e| {
                            format!(
                                "{:>6}  {}  {} ({})  {}  {}  {}",
                                e.id, e.at, e.operator, e.os_user, e.action, e.object, e.summary
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
            }
            Command::StressAudit { count } => {
                let mut store = self.open()?;
                let mut out = std::io::stdout().lock();
                for i in 0..count {
                    let id = store.db.write_logged("test.ecriture", &format!("essai-{i}"), "écriture en boucle")?;
                    // Reported only after the commit returned: the crash test trusts this line.
                    let _ = writeln!(out, "{id}");
                    let _ = out.flush();
                }
                Ok(0)
            }
        }
    }

    /// Opens the store from the keychain, or with the recovery key when one is given.
    fn open(&self) -> Result<Unlocked, Error> {
        if let Some(code) = &self.recovery_key {
            let (unlocked, problem) = vault::unlock_with_recovery(&self.data, &OsKeychain, code, self.clock.clone())?;
            if let Some(p) = problem {
                eprintln!("balise : déverrouillé avec la clé de récupération, mais la clé n'a pas pu être remise dans le trousseau : {}", one_line(&p.to_string()));
            }
            return Ok(unlocked);
        }
        match vault::open(&self.data, &OsKeychain, self.clock.clone()) {
            Opening::Ready(unlocked) => Ok(unlocked),
            Opening::NeedsInit => Err(Error::NoStore(self.data.root().to_path_buf())),
            Opening::Locked(e) => Err(e),
        }
    }

    fn print<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) -> Result<i32, Error> {
        let text = if self.json { serde_json::to_string_pretty(value).unwrap_or_default() } else { human() };
        if !text.is_empty() {
            write_answer(&text)?;
        }
        Ok(0)
    }

    fn init(&self, sheet: Option<PathBuf>) -> Result<i32, Error> {
        let (unlocked, code) = vault::create(&self.data, &OsKeychain, self.clock.clone())?;
        if let Some(path) = &sheet {
            pdf::write_recovery_sheet(&unlocked.db, &code, path)?;
        }
        #[derive(Serialize)]
        struct Out<'a> {
            recovery_key: &'a str,
            data_dir: String,
        }
        let out = Out { recovery_key: code.expose(), data_dir: self.data.root().display().to_string() };
        self.print(&out, || {
            format!(
                "Coffre créé dans {}.\n\nClé de récupération (affichée une seule fois) :\n\n    {}\n\nImprimez-la ou notez-la et gardez-la sous clé : sans elle, les données ne peuvent pas être récupérées sur un autre ordinateur.",
                out.data_dir, out.recovery_key
            )
        })
    }

    fn new_recovery_key(&self, confirm: bool, sheet: Option<PathBuf>) -> Result<i32, Error> {
        if !confirm {
            eprintln!("balise : une nouvelle clé de récupération remplace l'ancienne : l'ancienne feuille ne déverrouillera plus le coffre. Ajoutez --confirm pour le faire (la direction), et gardez la nouvelle feuille sous clé.");
            return Ok(2);
        }
        let mut unlocked = self.open()?;
        let code = vault::renew_recovery_code(&self.data, &mut unlocked.db, &unlocked.key)?;
        if let Some(path) = &sheet {
            pdf::write_recovery_sheet(&unlocked.db, &code, path)?;
        }
        #[derive(Serialize)]
        struct Out<'a> {
            recovery_key: &'a str,
        }
        let out = Out { recovery_key: code.expose() };
        self.print(&out, || {
            format!(
                "Nouvelle clé de récupération (affichée une seule fois ; l'ancienne ne déverrouille plus le coffre) :\n\n    {}\n\nImprimez-la ou notez-la, gardez-la sous clé et détruisez l'ancienne feuille.",
                out.recovery_key
            )
        })
    }

    fn verify(&self) -> Result<i32, Error> {
        let report = match self.open() {
            Ok(store) => store.db.verify()?,
            // An unreadable file is a finding of `verify`, not a usage error.
            Err(Error::NotReadable) => {
                balise_core::store::Report { ok: false, problems: vec![Error::NotReadable.to_string()] }
            }
            Err(e) => return Err(e),
        };
        self.print(&report, || {
            if report.ok {
                "Vérification réussie : fichier intègre, journal intact.".into()
            } else {
                format!(
                    "Vérification ÉCHOUÉE :\n{}",
                    report.problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n")
                )
            }
        })?;
        Ok(if report.ok { 0 } else { 1 })
    }

    fn backup(&self, command: BackupCommand) -> Result<i32, Error> {
        match command {
            BackupCommand::Create => {
                let mut store = self.open()?;
                let made = backup::create(&mut store.db, &self.data, &store.key)?;
                self.print(&made, || {
                    format!(
                        "Sauvegarde créée : {} ({} octets)",
                        self.data.backups().join(&made.file).display(),
                        made.size
                    )
                })
            }
            BackupCommand::List => {
                let list = backup::list(&self.data)?;
                self.print(&list, || {
                    if list.is_empty() {
                        return "Aucune sauvegarde.".into();
                    }
                    list.iter()
                        .map(|b| format!("{}  {}  {} octets", b.file, b.created_at, b.size))
                        .collect::<Vec<_>>()
                        .join("\n")
                })
            }
            BackupCommand::Verify { file } => {
                let store = self.open()?;
                let report = backup::verify(&file, &store.key)?;
                self.print(&report, || {
                    if report.ok {
                        format!("Sauvegarde intègre : {}", file.display())
                    } else {
                        format!("Sauvegarde ENDOMMAGÉE : {}\n{}", file.display(), report.problems.join("\n"))
                    }
                })?;
                Ok(if report.ok { 0 } else { 1 })
            }
            BackupCommand::Restore { file, dry_run: true } => {
                let store = self.open()?;
                let preview = backup::preview_restore(&store.db, &file, &store.key)?;
                self.print(&preview, || {
                    format!(
                        "Sauvegarde intègre : {} (faite le {}).\nLa restaurer ferait perdre {} changement(s) inscrit(s) au journal depuis{}. Rien n'a été remplacé.",
                        file.display(),
                        preview.created_at.replace('T', " à "),
                        preview.changes_lost,
                        preview.latest_change_at.as_deref().map(|at| format!(" (le dernier le {})", at.get(..10).unwrap_or(at))).unwrap_or_default()
                    )
                })
            }
            BackupCommand::Restore { file, dry_run: false } => {
                // The key is needed, then every connection is closed before the file is replaced.
                let key = match self.open() {
                    Ok(Unlocked { key, .. }) => key,
                    Err(e) => return Err(e),
                };
                let aside = backup::restore(&self.data, &key, &file, &self.clock)?;
                #[derive(Serialize)]
                struct Out {
                    restored_from: String,
                    previous_file_kept_as: String,
                }
                let out = Out {
                    restored_from: file.display().to_string(),
                    previous_file_kept_as: aside.display().to_string(),
                };
                self.print(&out, || {
                    format!(
                        "Restauration faite depuis {}.\nL'ancien fichier est gardé : {}",
                        out.restored_from, out.previous_file_kept_as
                    )
                })
            }
        }
    }

    fn settings(&self, command: SettingsCommand) -> Result<i32, Error> {
        let mut store = self.open()?;
        match command {
            SettingsCommand::Get { key: None } => {
                let all = settings::all(&store.db)?;
                self.print(&all, || {
                    Key::ALL
                        .iter()
                        .map(|k| format!("{} = {}", k.name(), settings::get(&store.db, *k).unwrap_or_default()))
                        .collect::<Vec<_>>()
                        .join("\n")
                })
            }
            SettingsCommand::Get { key: Some(name) } => {
                let key = Key::parse(&name)?;
                let value = settings::get(&store.db, key)?;
                self.print(&serde_json::json!({ key.name(): value }), || value.clone())
            }
            SettingsCommand::Set { key, value } => {
                let key = Key::parse(&key)?;
                let stored = settings::set(&mut store.db, key, &value)?;
                self.print(&serde_json::json!({ key.name(): stored }), || format!("{} = {}", key.name(), stored))
            }
            SettingsCommand::Logo { file: Some(path), .. } => {
                let chosen = logo::set(&mut store.db, &NewAttachment::read_file(&path)?)?;
                self.print(&chosen, || {
                    format!("Logo enregistré : {}. Il paraît en haut de chaque document imprimé.", logo_text(&chosen))
                })
            }
            SettingsCommand::Logo { file: None, remove: true } => {
                let removed = logo::remove(&mut store.db)?;
                self.print(&serde_json::json!({ "removed": removed }), || {
                    if removed {
                        "Logo retiré : les documents s'impriment sans logo.".into()
                    } else {
                        "Aucun logo à retirer.".into()
                    }
                })
            }
            SettingsCommand::Logo { file: None, remove: false } => {
                let current = logo::info(&store.db)?;
                self.print(&current, || match &current {
                    Some(info) => format!("Logo : {}", logo_text(info)),
                    None => "Aucun logo : les documents s'impriment sans logo (« balise settings logo FICHIER » en choisit un).".into(),
                })
            }
        }
    }
}

/// A logo as one line: its name, type, size in pixels and in kilobytes.
fn logo_text(info: &logo::LogoInfo) -> String {
    let kilobytes = format!("{:.1}", info.attachment.size as f64 / 1024.0).replace('.', ",");
    let kind = if info.attachment.media_type == balise_core::attachment::MediaType::Png { "PNG" } else { "JPEG" };
    format!("{} ({kind}, {} × {} pixels, {kilobytes} Ko)", info.attachment.original_name, info.width, info.height)
}
