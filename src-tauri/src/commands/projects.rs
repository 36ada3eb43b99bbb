//! Projects and their forms in the window, like `cli/projects.rs` (issue 17): the year's
//! projects, one project with its forms, adding a project or an adult, printing a batch (a viewer
//! copy or « Enregistrer sous… », like every PDF), and the returns box by box.

use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};

use balise_core::consent::project_forms::{self, ItemsReturn, ProjectForm, ProjectPrint, RecordedItems, Who};
use balise_core::consent::{How, SignerInput};
use balise_core::export::ViewerCopy;
use balise_core::projects::{self, Adult, AdultDraft, Project, ProjectDraft};
use balise_core::text::{parse_date, Field};

use super::{deliver, year_or_current, Destination, Saved};
use crate::ipc::IpcError;
use crate::state::App;

#[tauri::command(async)]
pub fn project_list(app: State<'_, App>, year: Option<String>) -> Result<Vec<Project>, IpcError> {
    app.with_store(|s| projects::list(&s.db, year_or_current(&s.db, year)?))
}

/// A project and its forms, each with what its boxes allow today.
#[derive(serde::Serialize)]
pub struct ProjectDetail {
    project: Project,
    forms: Vec<ProjectForm>,
}

#[tauri::command(async)]
pub fn project_show(app: State<'_, App>, id: i64) -> Result<ProjectDetail, IpcError> {
    app.with_store(|s| {
        Ok(ProjectDetail { project: projects::get(&s.db, id)?, forms: project_forms::forms_of(&s.db, id)? })
    })
}

/// A project as the window's form sends it: dates as typed, checked by the core's parser.
#[derive(Deserialize)]
pub struct ProjectFields {
    title: String,
    description: String,
    medium: String,
    social: bool,
    starts_on: String,
    ends_on: String,
    classes: Vec<String>,
    staff: Vec<String>,
}

#[tauri::command(async)]
pub fn project_add(app: State<'_, App>, project: ProjectFields) -> Result<Project, IpcError> {
    app.with_store(|s| {
        let draft = ProjectDraft {
            title: project.title,
            description: project.description,
            medium: project.medium,
            social: project.social,
            starts_on: parse_date(Field::StartedOn, &project.starts_on)?,
            ends_on: parse_date(Field::EndedOn, &project.ends_on)?,
            classes: project.classes,
            staff: project.staff,
        };
        projects::add(&mut s.db, &draft)
    })
}

#[tauri::command(async)]
pub fn project_adult_add(app: State<'_, App>, id: i64, adult: AdultDraft) -> Result<Adult, IpcError> {
    app.with_store(|s| projects::add_adult(&mut s.db, id, &adult))
}

/// Prints a project's forms: its students' (one class's, or all) or its adults'.
#[tauri::command(async)]
pub fn project_print<R: Runtime>(
    app: State<'_, App>,
    handle: AppHandle<R>,
    id: i64,
    who: Who,
    missing_only: bool,
    destination: Destination,
    title: String,
) -> Result<Option<Saved>, IpcError> {
    let name = format!("projet-{id}.pdf");
    let request = ProjectPrint { project_id: id, who, missing_only };
    deliver(&app, &handle, destination, &title, ViewerCopy::Forms, &name, |db, path, existing| {
        project_forms::print(db, &request, path, existing).map(|_| ())
    })
}

/// One form's history: its events, what it allows today.
#[tauri::command(async)]
pub fn project_form_history(app: State<'_, App>, number: String) -> Result<project_forms::ProjectFormRecord, IpcError> {
    app.with_store(|s| project_forms::history(&s.db, &number))
}

/// The project a project form's number belongs to: Retours sends a secretary who typed one there.
#[tauri::command(async)]
pub fn project_form_locate(app: State<'_, App>, number: String) -> Result<i64, IpcError> {
    app.with_store(|s| Ok(project_forms::show(&s.db, &number)?.project_id))
}

/// What the window saves for a project's form.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProjectReturn {
    Record { input: ItemsReturn },
    Correct { input: ItemsReturn, reason: String },
    Refuse { on: Option<String>, signer: SignerInput, how: How },
    Withdraw { items: Vec<String>, on: Option<String>, by: String, how: How },
}

#[tauri::command(async)]
pub fn project_return(app: State<'_, App>, number: String, action: ProjectReturn) -> Result<RecordedItems, IpcError> {
    app.with_store(|s| {
        let day = |field, text: Option<String>| {
            text.filter(|t| !t.trim().is_empty()).map(|t| parse_date(field, &t)).transpose()
        };
        match action {
            ProjectReturn::Record { input } => project_forms::record(&mut s.db, &number, &input, None),
            ProjectReturn::Correct { input, reason } => project_forms::correct(&mut s.db, &number, &input, &reason),
            ProjectReturn::Refuse { on, signer, how } => {
                project_forms::refuse(&mut s.db, &number, day(Field::ReceivedOn, on)?, &signer, how, None)
            }
            ProjectReturn::Withdraw { items, on, by, how } => {
                project_forms::withdraw(&mut s.db, &number, &items, day(Field::WithdrawnOn, on)?, &by, how)
            }
        }
    })
}
