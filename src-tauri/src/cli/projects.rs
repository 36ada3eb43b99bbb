//! Projects and their forms on the command line (issue 17): `balise project add|list|show|
//! students|adult|print|return|refuse|withdraw|correct|sheet`. Each one call into
//! `balise_core::projects` or `balise_core::consent::project_forms`.

use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;

use balise_core::attachment::NewAttachment;
use balise_core::consent::project_forms::{self, ItemsReturn, ProjectForm, ProjectPrint, Who};
use balise_core::consent::{How, SignerInput};
use balise_core::export::Existing;
use balise_core::projects::{self, AdultDraft, AdultRole, Project, ProjectDraft};
use balise_core::text::{parse_date, Field};
use balise_core::Error;

use super::register::YearArg;
use super::Cli;

#[derive(Subcommand)]
pub(super) enum ProjectCommand {
    /// Inscrit un projet (annexes 3 à 6) : titre, média, dates, classes et responsables.
    Add {
        #[arg(long, value_name = "TITRE")]
        title: String,
        #[arg(long, value_name = "TEXTE", default_value = "")]
        description: String,
        /// Le média : un journal, une émission, la page de l'école sur un média social…
        #[arg(long, value_name = "MEDIA")]
        medium: String,
        /// Le projet publie sur un média social (annexes 5 et 6 plutôt que 3 et 4).
        #[arg(long)]
        social: bool,
        /// Début (AAAA-MM-JJ).
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Fin (AAAA-MM-JJ) : les autorisations valent jusqu'à ce jour.
        #[arg(long, value_name = "DATE")]
        to: String,
        /// Une classe qui participe ; répétez l'option pour en nommer plusieurs.
        #[arg(long = "class", value_name = "CLASSE")]
        classes: Vec<String>,
        /// Un membre du personnel responsable ; répétez l'option pour en nommer plusieurs.
        #[arg(long = "staff", value_name = "NOM")]
        staff: Vec<String>,
    },
    /// Les projets d'une année scolaire, avec leurs formulaires revenus.
    List {
        #[command(flatten)]
        year: YearArg,
    },
    /// Un projet : ses participants, leurs formulaires et ce qui est permis.
    Show { id: i64 },
    /// Ajoute des élèves un à un (en plus des classes) : fiche, code permanent ou « Nom, Prénom ».
    Students {
        id: i64,
        #[arg(value_name = "ELEVE", required = true)]
        students: Vec<String>,
    },
    /// Ajoute un adulte que le projet montre (annexes 4 et 6).
    Adult {
        id: i64,
        /// direction, enseignant, personnel, parent ou autre.
        #[arg(long, value_name = "ROLE")]
        role: String,
        #[arg(long, value_name = "NOM")]
        last_name: String,
        #[arg(long, value_name = "PRENOM")]
        first_name: String,
        /// Le membre du personnel au dossier, s'il en est un.
        #[arg(long, value_name = "NOM")]
        staff: Option<String>,
    },
    /// Imprime les formulaires d'un projet en PDF : ceux des élèves (annexe 3 ou 5) ou des
    /// adultes (annexe 4 ou 6).
    Print {
        id: i64,
        /// Seulement les élèves de cette classe.
        #[arg(long, value_name = "CLASSE", conflicts_with = "adults")]
        class: Option<String>,
        /// Les formulaires des adultes du projet.
        #[arg(long)]
        adults: bool,
        /// Seulement les formulaires pas encore revenus (rappel).
        #[arg(long)]
        missing_only: bool,
        #[arg(short, long, value_name = "FICHIER.pdf")]
        output: PathBuf,
    },
    /// Enregistre un formulaire revenu : les cases cochées (les autres sont des refus).
    Return {
        #[arg(value_name = "NUMERO")]
        number: String,
        /// Une case cochée (photos, enregistrements, droits_productions) ; répétez l'option.
        #[arg(long = "tick", value_name = "CASE")]
        ticked: Vec<String>,
        /// Aucune case cochée : le formulaire est revenu signé, sans rien autoriser.
        #[arg(long, conflicts_with = "ticked")]
        none: bool,
        #[command(flatten)]
        common: ReturnArgs,
        /// La numérisation du formulaire (PDF, JPEG ou PNG, 20 Mo au plus).
        #[arg(long, value_name = "FICHIER")]
        scan: Option<PathBuf>,
    },
    /// Corrige le dernier retour enregistré (une case mal lue) ; l'original reste à l'historique.
    Correct {
        #[arg(value_name = "NUMERO")]
        number: String,
        #[arg(long = "tick", value_name = "CASE")]
        ticked: Vec<String>,
        #[command(flatten)]
        common: ReturnArgs,
        #[arg(long, value_name = "MOTIF")]
        reason: String,
    },
    /// Enregistre le refus du formulaire entier.
    Refuse {
        #[arg(value_name = "NUMERO")]
        number: String,
        #[command(flatten)]
        common: ReturnArgs,
    },
    /// L'historique d'un formulaire : impressions, retours, refus, retraits, corrections.
    History {
        #[arg(value_name = "NUMERO")]
        number: String,
    },
    /// Enregistre le retrait d'une ou de plusieurs cases (toutes, sans --item).
    Withdraw {
        #[arg(value_name = "NUMERO")]
        number: String,
        #[arg(long = "item", value_name = "CASE")]
        items: Vec<String>,
        /// Date du retrait (AAAA-MM-JJ ; par défaut, aujourd'hui).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Qui a signalé le retrait.
        #[arg(long, value_name = "NOM")]
        by: String,
        /// papier, courriel ou verbal.
        #[arg(long, default_value = "papier")]
        how: String,
    },
}

#[derive(clap::Args)]
pub(super) struct ReturnArgs {
    /// Le jour où c'est revenu (AAAA-MM-JJ ; par défaut, aujourd'hui).
    #[arg(long, value_name = "DATE")]
    received: Option<String>,
    /// Qui a signé (un parent au dossier, sinon le nom tel quel) ; par défaut, le premier parent
    /// au dossier. Un adulte signe son propre formulaire.
    #[arg(long, value_name = "NOM")]
    signer: Option<String>,
    /// papier ou courriel.
    #[arg(long, default_value = "papier")]
    how: String,
}

impl ReturnArgs {
    fn input(&self, ticked: Vec<String>) -> Result<ItemsReturn, Error> {
        Ok(ItemsReturn {
            ticked,
            received_on: date(Field::ReceivedOn, self.received.as_deref())?,
            signer: self.signer.clone().map_or(SignerInput::OnFile, SignerInput::Name),
            how: How::parse(&self.how)?,
            do_not_contact_reason: None,
        })
    }
}

fn date(field: Field, text: Option<&str>) -> Result<Option<NaiveDate>, Error> {
    text.map(|t| parse_date(field, t)).transpose()
}

impl Cli {
    pub(super) fn project(&self, command: ProjectCommand) -> Result<i32, Error> {
        let mut store = self.open()?;
        let db = &mut store.db;
        match command {
            ProjectCommand::Add { title, description, medium, social, from, to, classes, staff } => {
                let draft = ProjectDraft {
                    title,
                    description,
                    medium,
                    social,
                    starts_on: parse_date(Field::StartedOn, &from)?,
                    ends_on: parse_date(Field::EndedOn, &to)?,
                    classes,
                    staff,
                };
                let project = projects::add(db, &draft)?;
                self.print(&project, || format!("Projet n° {} inscrit : {}", project.id, project_line(&project)))
            }
            ProjectCommand::List { year } => {
                let list = projects::list(db, year.resolve(db)?)?;
                self.print(&list, || {
                    if list.is_empty() {
                        return "Aucun projet.".into();
                    }
                    list.iter().map(|p| format!("n° {:<4} {}", p.id, project_line(p))).collect::<Vec<_>>().join("\n")
                })
            }
            ProjectCommand::Show { id } => {
                let project = projects::get(db, id)?;
                let forms = project_forms::forms_of(db, id)?;
                #[derive(serde::Serialize)]
                struct Out<'a> {
                    project: &'a Project,
                    forms: &'a [ProjectForm],
                }
                self.print(&Out { project: &project, forms: &forms }, || {
                    let mut text = format!("Projet n° {id} : {}", project_line(&project));
                    if forms.is_empty() {
                        text.push_str("\n  Aucun participant : ajoutez une classe, des élèves ou des adultes.");
                    }
                    for form in &forms {
                        let _ = write!(text, "\n  {}", form_line(form));
                    }
                    text
                })
            }
            ProjectCommand::Students { id, students } => {
                let year = projects::get(db, id)?.year;
                let ids = students
                    .iter()
                    .map(|s| balise_core::access::find_student(db, year, s))
                    .collect::<Result<Vec<_>, _>>()?;
                let project = projects::add_students(db, id, &ids)?;
                self.print(&project, || {
                    format!("Projet n° {id} : {} élève(s) nommé(s) un à un.", project.students.len())
                })
            }
            ProjectCommand::Adult { id, role, last_name, first_name, staff } => {
                let draft = AdultDraft { role: AdultRole::parse(&role)?, last_name, first_name, staff };
                let adult = projects::add_adult(db, id, &draft)?;
                self.print(&adult, || {
                    format!(
                        "Adulte n° {} ajouté au projet n° {id} : {} ({})",
                        adult.id,
                        adult.full_name(),
                        adult.role.label_fr()
                    )
                })
            }
            ProjectCommand::Print { id, class, adults, missing_only, output } => {
                let who = if adults { Who::Adults } else { Who::Students { class } };
                let request = ProjectPrint { project_id: id, who, missing_only };
                let printed = project_forms::print(db, &request, &output, Existing::Refuse)?;
                self.print(&printed, || {
                    let t = printed.template.template();
                    let mut text = format!(
                        "{} formulaire(s) « {} » ({}) : {}",
                        printed.forms.len(),
                        t.title,
                        t.annexe,
                        printed.path.display()
                    );
                    for form in &printed.forms {
                        let _ = write!(text, "\n  {}  {:<10} {}", form.number, form.group, form.name);
                    }
                    text
                })
            }
            ProjectCommand::Return { number, ticked, none, common, scan } => {
                let ticked = if none { Vec::new() } else { ticked };
                if ticked.is_empty() && !none {
                    eprintln!("balise : indiquez les cases cochées (--tick photos …) ou --none si le formulaire revient signé sans case cochée ; rien n'a été enregistré.");
                    return Ok(2);
                }
                let scan = scan.map(|p| NewAttachment::read_file(&p)).transpose()?;
                let recorded = project_forms::record(db, &number, &common.input(ticked)?, scan.as_ref())?;
                self.print(&recorded, || {
                    format!("Enregistré : formulaire {} — {}", recorded.number, state_words(&recorded.state))
                })
            }
            ProjectCommand::Correct { number, ticked, common, reason } => {
                let recorded = project_forms::correct(db, &number, &common.input(ticked)?, &reason)?;
                self.print(&recorded, || {
                    format!("Corrigé : formulaire {} — {}", recorded.number, state_words(&recorded.state))
                })
            }
            ProjectCommand::Refuse { number, common } => {
                let input = common.input(Vec::new())?;
                let recorded = project_forms::refuse(db, &number, input.received_on, &input.signer, input.how, None)?;
                self.print(&recorded, || {
                    format!("Refus enregistré : formulaire {} — {}", recorded.number, state_words(&recorded.state))
                })
            }
            ProjectCommand::History { number } => {
                let record = project_forms::history(db, &number)?;
                self.print(&record, || {
                    let mut text =
                        format!("Formulaire {} — projet « {} » ({})", record.number, record.project, record.annexe);
                    let allowed: Vec<&str> = record.items.iter().map(|i| i.words).collect();
                    let _ = write!(text, "\n  {} : {}", record.status.label_fr(), allowed.join(" ; "));
                    for event in &record.events {
                        let scan = if event.scan.is_some() { " (numérisation jointe)" } else { "" };
                        let _ = write!(text, "\n  {}  {}{scan}", event.on, event.summary);
                    }
                    text
                })
            }
            ProjectCommand::Withdraw { number, items, date: on, by, how } => {
                let on = date(Field::WithdrawnOn, on.as_deref())?;
                let recorded = project_forms::withdraw(db, &number, &items, on, &by, How::parse(&how)?)?;
                self.print(&recorded, || {
                    format!("Retrait enregistré : formulaire {} — {}", recorded.number, state_words(&recorded.state))
                })
            }
        }
    }
}

/// « Expo-sciences (Journal Le Bleuet), du 2025-10-01 au 2026-05-29 ; classes 601 ; annexes 3 et 4 ».
fn project_line(p: &Project) -> String {
    let classes =
        if p.classes.is_empty() { "aucune classe".into() } else { format!("classes {}", p.classes.join(", ")) };
    let annexes = if p.social { "annexes 5 et 6 (média social)" } else { "annexes 3 et 4" };
    format!("{} ({}), du {} au {} ; {classes} ; {annexes}", p.title, p.medium, p.starts_on, p.ends_on)
}

/// A person's form: number, group, name, where it stands and what each box allows.
fn form_line(form: &ProjectForm) -> String {
    let number = if form.number.is_empty() { "(non imprimé)".to_string() } else { form.number.clone() };
    format!("{number:<13} {:<20} {:<28} {}", form.group, form.name, state_words(&form.state))
}

/// « revenu : photos individuelles ou de groupe permises ; aucun enregistrement audio ou vidéo ; … ».
fn state_words(state: &project_forms::ItemsState) -> String {
    let words: Vec<&str> = state.items.iter().map(|i| i.words).collect();
    if state.status.returned() {
        format!("{} : {}", state.status.label_fr(), words.join(" ; "))
    } else {
        format!("{} : rien n'est permis (pas d'autorisation écrite)", state.status.label_fr())
    }
}
