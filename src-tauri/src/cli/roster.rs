//! Class lists on the command line (issue #4): `balise import roster FILE` shows the diff against
//! the year's roster and writes it in one transaction (or only shows it with `--dry-run`);
//! `balise student list` reads the roster back; `do-not-contact` and `guardian-language` set a
//! guardian's mark and form language.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde::Serialize;

use balise_core::roster::{self, ImportOptions, Mapping, Preview, StudentView, Table};
use balise_core::store::Db;
use balise_core::Error;

use super::register::YearArg;
use super::Cli;

#[derive(Subcommand)]
pub(super) enum RosterCommand {
    /// Importe des données dans Balise.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Élèves de l'année scolaire.
    #[command(subcommand)]
    Student(StudentCommand),
}

#[derive(Subcommand)]
pub(super) enum ImportCommand {
    /// Importe les listes de classes (CSV, Excel ou OneRoster) exportées de Mozaïk-Portail / GPI.
    ///
    /// Compare le fichier aux élèves de l'année : ajoutés, modifiés, inchangés, absents du
    /// fichier, refusés. Rien n'est écrit avec --dry-run; sinon tout est écrit d'un coup, avec une
    /// seule entrée au journal. Importer deux fois le même fichier ne change rien la seconde fois.
    ///
    /// Plusieurs enseignant·es dans une cellule sont séparés par « ; », ou par « / » entre deux
    /// noms (« Marie Tremblay / Paul Roy ») ; un « / » qui n'est pas entre deux noms fait partie
    /// du nom (« Julie <b>Bédard</b> » est une seule personne).
    Roster(RosterArgs),
}

#[derive(Args)]
pub(super) struct RosterArgs {
    /// Le fichier (.csv, .xlsx, .xls, ou OneRoster en .zip ou en dossier).
    #[arg(value_name = "FICHIER")]
    file: PathBuf,
    #[command(flatten)]
    year: YearArg,
    /// La feuille du classeur à lire (par défaut, la première).
    #[arg(long, value_name = "NOM")]
    sheet: Option<String>,
    /// Affiche l'aperçu sans rien écrire.
    #[arg(long)]
    dry_run: bool,
    /// Choisit la colonne d'un champ : --map groupe="Groupe-repère" (champ vide : ne pas l'importer).
    #[arg(long = "map", value_name = "CHAMP=EN-TÊTE")]
    map: Vec<String>,
    /// Importe les lignes valides même si d'autres sont refusées.
    #[arg(long)]
    skip_invalid: bool,
    /// Marque « parti » (date du jour) les élèves de l'année absents du fichier.
    #[arg(long)]
    withdraw_missing: bool,
}

#[derive(Subcommand)]
pub(super) enum StudentCommand {
    /// Liste les élèves avec leur classe et leurs parents ou tuteurs.
    List {
        /// Seulement cette classe (groupe).
        #[arg(long = "class", value_name = "GROUPE")]
        class: Option<String>,
        #[command(flatten)]
        year: YearArg,
    },
    /// Marque un parent ou tuteur « ne pas contacter » (jamais imprimé sur un formulaire, jamais
    /// accepté comme signataire sans dérogation) ; --off retire la mention.
    DoNotContact {
        /// Le numéro du parent (`balise student list --json`, champ guardians.id).
        #[arg(value_name = "PARENT")]
        guardian: i64,
        #[arg(long)]
        off: bool,
    },
    /// La langue des formulaires d'un parent ou tuteur : fr (l'Annexe A de la Directive) ou en
    /// (sa traduction fidèle en anglais). Une liste de classes avec une colonne de langue la
    /// modifie aussi, par une cellule non vide.
    GuardianLanguage {
        /// Le numéro du parent (`balise student list --json`, champ guardians.id).
        #[arg(value_name = "PARENT")]
        guardian: i64,
        /// fr ou en (aussi : français, anglais, english).
        #[arg(value_name = "LANGUE")]
        language: String,
    },
}

/// A student in `student list --json`: the student and their consents.
#[derive(Serialize)]
struct StudentWithConsents<'a> {
    #[serde(flatten)]
    student: &'a StudentView,
    consents: Vec<balise_core::consent::followup::UseConsent>,
}

/// What `import roster --json` prints: the preview, and whether it was written.
#[derive(Serialize)]
struct ImportOut<'a> {
    file: String,
    written: bool,
    withdrawn: usize,
    format: &'a roster::Format,
    mapping: &'a Mapping,
    #[serde(flatten)]
    preview: &'a Preview,
}

impl Cli {
    pub(super) fn roster(&self, command: RosterCommand) -> Result<i32, Error> {
        let mut store = self.open()?;
        let db = &mut store.db;
        match command {
            RosterCommand::Import(ImportCommand::Roster(args)) => self.import_roster(db, args),
            RosterCommand::Student(StudentCommand::List { class, year }) => {
                let year = year.resolve(db)?;
                let students = roster::list_students(db, year, class.as_deref())?;
                if self.json {
                    // With each student's consents per platform use (`q1`, `q2`: the answers in force).
                    let mut consents = balise_core::consent::followup::by_student(db, year, class.as_deref())?;
                    let listed: Vec<StudentWithConsents> = students
                        .iter()
                        .map(|s| StudentWithConsents {
                            student: s,
                            consents: consents.remove(&s.id).unwrap_or_default(),
                        })
                        .collect();
                    return self.print(&listed, String::new);
                }
                self.print(&students, || student_table(&students))
            }
            RosterCommand::Student(StudentCommand::GuardianLanguage { guardian, language }) => {
                let updated = roster::set_language(db, guardian, roster::Language::parse(&language)?)?;
                self.print(&updated, || {
                    let name = format!("{} {}", updated.first_name, updated.last_name);
                    format!("{} : formulaires en {}.", name.trim(), updated.language.label_fr())
                })
            }
            RosterCommand::Student(StudentCommand::DoNotContact { guardian, off }) => {
                let updated = roster::set_do_not_contact(db, guardian, !off)?;
                self.print(&updated, || {
                    let name = format!("{} {}", updated.first_name, updated.last_name);
                    if updated.do_not_contact {
                        format!("{} : « ne pas contacter ».", name.trim())
                    } else {
                        format!("{} : peut être contacté·e.", name.trim())
                    }
                })
            }
        }
    }

    fn import_roster(&self, db: &mut Db, args: RosterArgs) -> Result<i32, Error> {
        let year = args.year.resolve(db)?;
        let overrides = args.map.iter().map(|m| roster::parse_override(m)).collect::<Result<Vec<_>, _>>()?;
        let table = roster::read_path(&args.file, args.sheet.as_deref())?;
        let roster::Prepared { mapping, rows, rejected } = roster::prepare(&table, &overrides)?;
        let file_name = args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let opts = ImportOptions {
            skip_invalid: args.skip_invalid,
            withdraw_missing: args.withdraw_missing,
            file_name: file_name.clone(),
        };
        let preview = roster::preview(db, year, &rows, &rejected, &opts)?;
        let mut out = ImportOut {
            file: file_name,
            written: false,
            withdrawn: 0,
            format: &table.format,
            mapping: &mapping,
            preview: &preview,
        };
        if args.dry_run || preview.blocked {
            self.print(&out, || preview_text(&table, &mapping, &preview, args.dry_run))?;
            if preview.blocked {
                // The reasons are printed above; the error line says what to do.
                return Err(Error::RosterRejectedRows {
                    count: preview.counts.rejected,
                    first_line: preview.rejected_rows.first().map(|r| r.line).unwrap_or(0),
                });
            }
            return Ok(0);
        }
        let summary = roster::apply(db, year, &rows, &rejected, &opts)?;
        out.written = summary.written;
        out.withdrawn = summary.withdrawn;
        self.print(&out, || {
            let mut text = preview_text(&table, &mapping, &preview, false);
            if summary.written {
                let _ = write!(text, "\nImportation enregistrée (une entrée au journal).");
                if summary.withdrawn > 0 {
                    let _ = write!(text, " {} élève(s) marqué(s) parti(s).", summary.withdrawn);
                }
            } else {
                let _ = write!(text, "\nRien à changer : Balise a déjà ces élèves tels quels.");
            }
            text
        })
    }
}

fn format_fr(format: &roster::Format) -> String {
    match format {
        roster::Format::Csv { encoding, separator } => {
            let encoding = match encoding {
                roster::Encoding::Utf8 => "UTF-8",
                roster::Encoding::Utf8Bom => "UTF-8 avec BOM",
                roster::Encoding::Utf16 => "UTF-16",
                roster::Encoding::Windows1252 => "Windows-1252",
            };
            let separator = match separator {
                '\t' => "tabulation".to_string(),
                other => format!("« {other} »"),
            };
            format!("CSV, {encoding}, séparateur {separator}")
        }
        roster::Format::Xlsx { sheet } => format!("Excel (.xlsx), feuille « {sheet} »"),
        roster::Format::Xls { sheet } => format!("Excel (.xls), feuille « {sheet} »"),
        roster::Format::OneRoster { version } => format!("OneRoster {version}"),
    }
}

fn preview_text(table: &Table, mapping: &Mapping, preview: &Preview, dry_run: bool) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "Fichier lu : {} ({} ligne(s) sous l'en-tête)", format_fr(&table.format), table.rows.len());
    let columns: Vec<String> =
        mapping.columns.iter().map(|c| format!("« {} » → {}", c.header, c.field.label())).collect();
    let _ = writeln!(text, "Colonnes reconnues : {}", columns.join(", "));
    if !mapping.ignored.is_empty() {
        let _ = writeln!(text, "Colonnes ignorées (Balise n'en a pas besoin) : {}", mapping.ignored.join(", "));
    }
    let _ = writeln!(
        text,
        "{} — année {} :",
        if dry_run { "Aperçu, rien n'est écrit" } else { "Importation" },
        preview.year
    );
    let c = &preview.counts;
    let _ = writeln!(text, "  ajoutés : {}", c.added);
    let _ = writeln!(text, "  modifiés : {}", c.changed);
    for changed in &preview.changed_rows {
        let what: Vec<String> = changed
            .changes
            .iter()
            .map(|change| format!("{} « {} » → « {} »", change_fr(change.kind), change.before, change.after))
            .collect();
        let s = &changed.student;
        let _ = writeln!(text, "    {}, {} ({}) : {}", s.last_name, s.first_name, s.class_code, what.join("; "));
    }
    let _ = writeln!(text, "  inchangés : {}", c.unchanged);
    let absent_rule = if preview.withdraw_missing {
        "marqués partis à la date du jour"
    } else {
        "laissés tels quels; --withdraw-missing les marque partis"
    };
    let _ = writeln!(text, "  absents du fichier : {} ({absent_rule})", c.absent);
    for s in &preview.absent_students {
        let _ = writeln!(text, "    {}, {} ({})", s.last_name, s.first_name, s.class_code);
    }
    let _ = writeln!(text, "  refusés : {}", c.rejected);
    for r in &preview.rejected_rows {
        let _ = writeln!(text, "    ligne {} : {}", r.line, r.reason);
    }
    if !preview.classes_to_create.is_empty() {
        let classes: Vec<String> =
            preview
                .classes_to_create
                .iter()
                .map(|k| {
                    if k.teachers.is_empty() {
                        k.code.clone()
                    } else {
                        format!("{} ({})", k.code, k.teachers.join(", "))
                    }
                })
                .collect();
        let _ = writeln!(text, "Classes à créer : {}", classes.join(", "));
    }
    if !preview.teachers_to_create.is_empty() {
        let _ = writeln!(text, "Personnel à ajouter : {}", preview.teachers_to_create.join(", "));
    }
    if preview.blocked {
        let _ = writeln!(
            text,
            "Des lignes sont refusées : corrigez-les dans le fichier, ou importez sans elles avec --skip-invalid."
        );
    }
    text.trim_end().to_string()
}

fn change_fr(kind: roster::ChangeKind) -> &'static str {
    use roster::ChangeKind::*;
    match kind {
        Fiche => "fiche",
        CodePermanent => "code permanent",
        LastName => "nom",
        FirstName => "prénom",
        BirthDate => "date de naissance",
        Class => "classe",
        Level => "niveau",
        GuardianAdded => "parent ajouté",
        GuardianChanged => "parent modifié",
        GuardianRemoved => "parent retiré",
        Returned => "de retour",
    }
}

fn student_table(students: &[StudentView]) -> String {
    if students.is_empty() {
        return "Aucun élève. Importez les listes de classes : balise import roster FICHIER".into();
    }
    let mut text = String::new();
    for s in students {
        let guardians: Vec<String> = s
            .guardians
            .iter()
            .map(|g| {
                let name = format!("{} {}", g.first_name, g.last_name).trim().to_string();
                let mut one = if g.email.is_empty() { name } else { format!("{name} <{}>", g.email) };
                if g.do_not_contact {
                    one.push_str(" [ne pas contacter]");
                }
                if g.language == roster::Language::En {
                    one.push_str(" [formulaires en anglais]");
                }
                one
            })
            .collect();
        let fiche = s.fiche.as_deref().unwrap_or("—");
        let _ = writeln!(
            text,
            "{:<6} {:<10} {}, {}  —  {}",
            s.class_code,
            fiche,
            s.last_name,
            s.first_name,
            if guardians.is_empty() { "aucun parent au dossier".to_string() } else { guardians.join(" ; ") }
        );
    }
    let _ = write!(text, "{} élève(s)", students.len());
    text
}
