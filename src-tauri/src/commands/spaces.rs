//! Social-media spaces in the window, like `cli/spaces.rs` (issue 17; seed 003): the year's
//! requests, one request, adding one, and its workflow (send, decide, administrators,
//! conditions, members). Dates come as typed and are checked by the core's parser.

use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};

use balise_core::spaces::{self, ConsentBy, MemberDraft, Space, SpaceDraft};
use balise_core::text::{parse_date, Field};

use balise_core::export::ViewerCopy;

use super::{deliver, year_or_current, Destination, Saved, UploadedFile};
use crate::ipc::IpcError;
use crate::state::App;

#[tauri::command(async)]
pub fn space_list(app: State<'_, App>, year: Option<String>) -> Result<Vec<Space>, IpcError> {
    app.with_store(|s| spaces::list(&s.db, year_or_current(&s.db, year)?))
}

/// The checklist of articles 6 to 9: `(key, text)`.
#[tauri::command(async)]
pub fn space_conditions(app: State<'_, App>) -> Result<Vec<(&'static str, String)>, IpcError> {
    app.with_store(|s| spaces::conditions(&s.db))
}

#[tauri::command(async)]
pub fn space_add(app: State<'_, App>, space: SpaceDraft) -> Result<Space, IpcError> {
    app.with_store(|s| spaces::add(&mut s.db, &space))
}

/// One step of a request's workflow.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SpaceStep {
    Send { on: String },
    Decide { accepted: bool, on: String, scan: Option<UploadedFile> },
    Admin { staff: String },
    Condition { key: String, on: String },
    Member { student_id: i64, consent_by: ConsentBy, consent_on: String, signer: String },
}

#[tauri::command(async)]
pub fn space_step(app: State<'_, App>, id: i64, step: SpaceStep) -> Result<Space, IpcError> {
    app.with_store(|s| match step {
        SpaceStep::Send { on } => spaces::send(&mut s.db, id, parse_date(Field::SentOn, &on)?),
        SpaceStep::Decide { accepted, on, scan } => {
            let scan = scan.map(UploadedFile::into_attachment).transpose()?;
            spaces::decide(&mut s.db, id, accepted, parse_date(Field::AnsweredOn, &on)?, scan.as_ref())
        }
        SpaceStep::Admin { staff } => spaces::add_admin(&mut s.db, id, &staff),
        SpaceStep::Condition { key, on } => {
            spaces::tick_condition(&mut s.db, id, &key, parse_date(Field::ValidatedOn, &on)?)
        }
        SpaceStep::Member { student_id, consent_by, consent_on, signer } => spaces::add_member(
            &mut s.db,
            id,
            &MemberDraft {
                student_id,
                consent_by,
                consent_on: parse_date(Field::ReceivedOn, &consent_on)?,
                signer,
                joined_on: None,
            },
        ),
    })
}

/// Prints the request (the policy's annexe A), numbered the first time, like every PDF.
#[tauri::command(async)]
pub fn space_print<R: Runtime>(
    app: State<'_, App>,
    handle: AppHandle<R>,
    id: i64,
    destination: Destination,
    title: String,
) -> Result<Option<Saved>, IpcError> {
    let name = format!("demande-espace-{id}.pdf");
    deliver(&app, &handle, destination, &title, ViewerCopy::Forms, &name, |db, path, existing| {
        spaces::print_request(db, id, path, existing).map(|_| ())
    })
}
