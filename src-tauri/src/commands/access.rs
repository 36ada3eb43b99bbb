//! The register of access and rectification requests in the window, like `cli/access.rs` (issue
//! 15, item 17; seed 004, art. 4): list, add, answer, extend. Dates come as the window typed
//! them and are checked by the core's own parser, so a bad date is refused in French.

use serde::Deserialize;
use tauri::State;

use balise_core::access::requests::{self, NewRequest, Request, RequestAnswer, RequestKind, Subject};
use balise_core::text::{parse_date, Field};

use crate::ipc::IpcError;
use crate::state::App;

/// Every request (open ones first, by deadline), or only the open ones.
#[tauri::command(async)]
pub fn request_list(app: State<'_, App>, open_only: bool) -> Result<Vec<Request>, IpcError> {
    app.with_store(|s| requests::list(&s.db, open_only))
}

/// A request as the window's form sends it.
#[derive(Deserialize)]
pub struct RequestForm {
    received_on: String,
    kind: String,
    details: String,
    requester: String,
    subject: Option<Subject>,
}

#[tauri::command(async)]
pub fn request_add(app: State<'_, App>, request: RequestForm) -> Result<Request, IpcError> {
    app.with_store(|s| {
        let new = NewRequest {
            received_on: parse_date(Field::ReceivedOn, &request.received_on)?,
            kind: RequestKind::parse(&request.kind)?,
            details: request.details,
            requester: request.requester,
            subject: request.subject,
        };
        requests::add(&mut s.db, &new)
    })
}

#[tauri::command(async)]
pub fn request_answer(
    app: State<'_, App>,
    id: i64,
    answer: String,
    on: String,
    reason: String,
) -> Result<Request, IpcError> {
    app.with_store(|s| {
        let answer = RequestAnswer::parse(&answer)?;
        requests::answer(&mut s.db, id, answer, parse_date(Field::AnsweredOn, &on)?, &reason)
    })
}

#[tauri::command(async)]
pub fn request_extend(app: State<'_, App>, id: i64, on: String) -> Result<Request, IpcError> {
    app.with_store(|s| requests::extend(&mut s.db, id, parse_date(Field::ExtendedOn, &on)?))
}
