//! Printing on the command line (issue #5): `balise print annexe-a` (a class, some students, or
//! the missing forms only), `balise print class-sheet`, `balise print reminder-list` (the
//! teachers' reminder list of the forms to get back), and `balise form show NUMBER`.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};

use balise_core::consent::{self, followup, BatchRequest, Selection, SheetRequest};
use balise_core::export::Existing;
use balise_core::Error;

use super::register::YearArg;
use super::Cli;

#[derive(Subcommand)]
pub(super) enum FormsCommand {
    /// Imprime des documents en PDF.
    #[command(subcommand)]
    Print(PrintCommand),
    /// Formulaires de consentement (Annexe A).
    #[command(subcommand)]
    Form(FormCommand),
}

#[derive(Subcommand)]
pub(super) enum PrintCommand {
    /// Les formulaires de consentement (Annexe A), préremplis, une page par élève et plateforme.
    ///
    /// Chaque formulaire reçoit un numéro (avec un caractère de contrôle et un code QR) qu'il
    /// garde pour de bon; l'impression est consignée pour chaque formulaire.
    #[command(name = "annexe-a", group(ArgGroup::new("who").required(true).args(["class", "students"])))]
    AnnexeA(AnnexeArgs),
    /// La feuille de l'enseignant·e : photos et réalisations publiables, messages privés permis, et ce qui n'est pas permis, élève par élève.
    #[command(name = "class-sheet")]
    ClassSheet {
        /// La classe (groupe).
        #[arg(long = "class", value_name = "GROUPE")]
        class: String,
        /// Seulement cette utilisation de plateforme (numéro de `balise use list`).
        #[arg(long = "use", value_name = "NUMERO")]
        use_id: Option<i64>,
        #[command(flatten)]
        year: YearArg,
        /// Le fichier PDF à créer (jamais par-dessus un fichier).
        #[arg(short, long, value_name = "FICHIER.pdf")]
        output: PathBuf,
    },
    /// L'attestation de suppression (art. 5.9–5.10), une page par membre du personnel ;
    /// l'impression est consignée pour chaque utilisation.
    #[command(group(ArgGroup::new("who").required(true).args(["staff", "all"])))]
    Attestation {
        /// Un membre du personnel.
        #[arg(long, value_name = "NOM")]
        staff: Option<String>,
        /// Tout le personnel, en un seul PDF.
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        year: YearArg,
        /// Le fichier PDF à créer (jamais par-dessus un fichier).
        #[arg(short, long, value_name = "FICHIER.pdf")]
        output: PathBuf,
    },
    /// La liste de rappel des formulaires à récupérer, par classe, à remettre aux enseignant·es :
    /// pas revenus, pas encore imprimés, une question vide, des réponses contradictoires ou un
    /// signataire non inscrit, avec les parents à joindre et la date limite.
    #[command(name = "reminder-list")]
    ReminderList {
        /// Seulement cette classe (groupe) ; sinon toutes, chacune sur ses pages.
        #[arg(long = "class", value_name = "GROUPE")]
        class: Option<String>,
        #[command(flatten)]
        year: YearArg,
        /// Le fichier PDF à créer (jamais par-dessus un fichier).
        #[arg(short, long, value_name = "FICHIER.pdf")]
        output: PathBuf,
    },
    /// La liste des confirmations de suppression qui manquent, par membre du personnel.
    #[command(name = "deletion-followup")]
    DeletionFollowup {
        #[command(flatten)]
        year: YearArg,
        /// Le fichier PDF à créer (jamais par-dessus un fichier).
        #[arg(short, long, value_name = "FICHIER.pdf")]
        output: PathBuf,
    },
}

#[derive(Args)]
pub(super) struct AnnexeArgs {
    /// Toute une classe (groupe).
    #[arg(long = "class", value_name = "GROUPE")]
    class: Option<String>,
    /// Un élève (fiche, code permanent ou « Nom, Prénom »); répétez l'option pour plusieurs.
    #[arg(long = "student", value_name = "ELEVE")]
    students: Vec<String>,
    /// Seulement cette utilisation de plateforme (numéro de `balise use list`).
    #[arg(long = "use", value_name = "NUMERO")]
    use_id: Option<i64>,
    /// Seulement les formulaires pas encore revenus, marqués « Rappel » et datés.
    #[arg(long)]
    missing_only: bool,
    /// Un exemplaire par parent ou tuteur au dossier, chacun dans la langue de ce parent.
    #[arg(long)]
    per_guardian: bool,
    /// Après le formulaire de chaque famille, les pages du document de présentation validé de la
    /// plateforme (art. 5.1), pour une seule enveloppe. Refusé si le document n'est pas validé,
    /// a changé depuis sa validation, ou n'est ni un PDF ni une image.
    #[arg(long)]
    with_presentation: bool,
    #[command(flatten)]
    year: YearArg,
    /// Le fichier PDF à créer (jamais par-dessus un fichier).
    #[arg(short, long, value_name = "FICHIER.pdf")]
    output: PathBuf,
}

/// The copies of a form beyond the Directive's one French page, and the presentation document.
fn copies_text(form: &consent::batch::PlannedForm) -> String {
    use balise_core::pdf::annexe_a::Wording;
    let mut said: Vec<String> = Vec::new();
    if form.copies.len() > 1 || form.copies.iter().any(|c| c.wording != Wording::Parent) {
        let copies: Vec<&str> = form
            .copies
            .iter()
            .map(|c| match c.wording {
                Wording::Parent => "français",
                Wording::English => "anglais",
                Wording::Student => "élève",
            })
            .collect();
        said.push(format!("exemplaires : {}", copies.join(", ")));
    }
    if form.presentation_pages > 0 {
        said.push(format!("présentation : {} page(s)", form.presentation_pages));
    }
    if said.is_empty() {
        String::new()
    } else {
        format!(" ({})", said.join(" ; "))
    }
}

#[derive(Subcommand)]
pub(super) enum FormCommand {
    /// Ce que désigne un numéro de formulaire : élève, classe, plateforme, année, impressions.
    Show {
        #[arg(value_name = "NUMERO")]
        number: String,
    },
}

impl Cli {
    pub(super) fn forms(&self, command: FormsCommand) -> Result<i32, Error> {
        let mut store = self.open()?;
        let db = &mut store.db;
        match command {
            FormsCommand::Print(PrintCommand::AnnexeA(args)) => {
                let selection = match args.class {
                    Some(code) => Selection::Class(code),
                    None => Selection::Students(args.students),
                };
                let request = BatchRequest {
                    year: args.year.resolve(db)?,
                    selection,
                    use_id: args.use_id,
                    missing_only: args.missing_only,
                    per_guardian: args.per_guardian,
                    with_presentation: args.with_presentation,
                };
                let printed = consent::print_annexe_a(db, &request, &args.output, Existing::Refuse)?;
                for warning in &printed.warnings {
                    // Said, not refused (5.1): the parent signs that he was « dûment informé(e) ».
                    eprintln!(
                        "balise : attention, {} (classe {}) : {}",
                        warning.platform, warning.class_code, warning.text_fr
                    );
                }
                for form in printed.forms.iter().filter(|f| !f.unprintable.is_empty()) {
                    // On stderr, for the person at the terminal: the JSON on stdout has the field too.
                    eprintln!(
                        "balise : attention, formulaire {} : la police ne peut pas imprimer « {} » (le caractère sortira comme un carré) ; vérifiez le nom.",
                        form.number.as_deref().unwrap_or("?"),
                        form.unprintable
                    );
                }
                self.print(&printed, || {
                    let mut text = format!(
                        "{} formulaire(s), {} page(s) ({}) : {}",
                        printed.forms.len(),
                        printed.pages,
                        printed.batch,
                        printed.path.display()
                    );
                    for form in &printed.forms {
                        let _ = write!(
                            text,
                            "\n  {}  {:<6} {}  —  {}{}",
                            form.number.as_deref().unwrap_or("?"),
                            form.class_code,
                            form.student,
                            form.platform,
                            copies_text(form)
                        );
                    }
                    text
                })
            }
            FormsCommand::Print(PrintCommand::ClassSheet { class, use_id, year, output }) => {
                let request = SheetRequest { year: year.resolve(db)?, class_code: class, use_id };
                let printed = consent::print_class_sheet(db, &request, &output, Existing::Refuse)?;
                self.print(&printed, || {
                    let mut text = format!("Feuille de l'enseignant·e : {}", printed.path.display());
                    for sheet in &printed.sheets {
                        let _ = write!(
                            text,
                            "\n  {} : photos et réalisations publiables pour {}, messages privés permis pour {}, une restriction pour {}",
                            sheet.platform,
                            sheet.may_show.len(),
                            sheet.may_write.len(),
                            sheet.must_not.len()
                        );
                    }
                    text
                })
            }
            FormsCommand::Print(PrintCommand::Attestation { staff, all: _, year, output }) => {
                self.print_attestation(db, staff, year, output)
            }
            FormsCommand::Print(PrintCommand::ReminderList { class, year, output }) => {
                let year = year.resolve(db)?;
                let printed = followup::print_reminder_list(db, year, class.as_deref(), &output, Existing::Refuse)?;
                self.print(&printed, || {
                    format!("Liste de rappel, {} formulaire(s) à récupérer : {}", printed.rows, printed.path.display())
                })
            }
            FormsCommand::Print(PrintCommand::DeletionFollowup { year, output }) => {
                self.print_deletion_followup(db, year, output)
            }
            FormsCommand::Form(FormCommand::Show { number }) => {
                let form = consent::show(db, &number)?;
                self.print(&form, || {
                    let mut text = format!(
                        "Formulaire {} — année {}\n  Élève : {} (fiche {})\n  Classe : {}\n  Plateforme : {} ({})",
                        form.number,
                        form.year,
                        form.student,
                        form.fiche.as_deref().unwrap_or("—"),
                        form.class_code,
                        form.platform,
                        form.audience.label_fr()
                    );
                    for printed in &form.printed {
                        let _ = write!(
                            text,
                            "\n  Imprimé le {} ({}){}",
                            printed.on,
                            printed.batch,
                            if printed.reminder { ", rappel" } else { "" }
                        );
                    }
                    text
                })
            }
        }
    }
}
