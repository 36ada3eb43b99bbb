//! A scanned stack of returned forms in the window, like `cli/scan.rs` (issue 16): Retours →
//! « Lire une pile numérisée ». The files arrive raw (not base64: a stack is tens of megabytes),
//! one invoke each, and stay in this process's memory — never on disk in clear — until the person
//! is done; the pages are read with a progress channel and without holding the store, then filed;
//! the clear pages, or a page a person answered, are recorded with their own page as the scan.

use std::sync::Mutex;

use base64::Engine;
use serde::Serialize;
use tauri::ipc::{Channel, InvokeBody, Request};
use tauri::State;

use balise_core::consent::scanned::{self, PageAnswers, PageRecorded, ReadStack, StackPage, Standing};
use balise_core::deletion::scanned::AttestationView;
use balise_core::scan::input::Stack;
use balise_core::scan::read::Found;
use balise_core::text::{parse_date, Field};

use crate::ipc::IpcError;
use crate::state::App;

/// The stack being read in this window: the files sent, then the pages read and filed.
#[derive(Default)]
pub struct StackState {
    files: Mutex<Vec<(String, Vec<u8>)>>,
    read: Mutex<Option<ReadStack>>,
}

impl StackState {
    fn files(&self) -> std::sync::MutexGuard<'_, Vec<(String, Vec<u8>)>> {
        self.files.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn read(&self) -> std::sync::MutexGuard<'_, Option<ReadStack>> {
        self.read.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// How far the reading is.
#[derive(Clone, Serialize)]
pub struct Progress {
    done: usize,
    total: usize,
}

#[derive(Serialize)]
pub struct Added {
    files: usize,
}

/// One page as the review screen shows it.
#[derive(Serialize)]
pub struct PageView {
    page: usize,
    file: String,
    page_in_file: usize,
    /// `formulaire`, `attestation` (a 5.9 attestation: `q1` is its 5.10 answer), `projet` (a
    /// project's form: `items`) or `autre`.
    kind: &'static str,
    /// A project's form: each box as read (`oui` ticked, `non` empty, `a_verifier`), with what
    /// it is for.
    items: Vec<ItemView>,
    number: Option<String>,
    student: Option<String>,
    class_code: Option<String>,
    platform: Option<String>,
    /// An attestation's staff member, year and uses.
    attestation: Option<AttestationView>,
    q1: &'static str,
    q2: Option<&'static str>,
    signed: Option<bool>,
    standing: Standing,
    reasons: Vec<ReasonView>,
    crops: Option<CropsView>,
    thumbnail: Option<String>,
    recorded: bool,
}

#[derive(Serialize)]
pub struct ItemView {
    key: &'static str,
    read: &'static str,
}

#[derive(Serialize)]
pub struct ReasonView {
    code: &'static str,
    fr: String,
    en: String,
}

/// The crops of the boxes (two per question: an Annexe A has two questions, an attestation one)
/// and the signature, as `data:` URLs (the strict CSP allows images from `data:` only for these).
#[derive(Serialize)]
pub struct CropsView {
    q1_oui: String,
    q1_non: String,
    q2_oui: Option<String>,
    q2_non: Option<String>,
    signature: String,
}

#[derive(Serialize)]
pub struct StackView {
    pages: Vec<PageView>,
    blank: usize,
}

/// One file of the stack, its bytes as the request's body and its name in `x-file-name`
/// (percent-encoded).
#[tauri::command(async)]
pub fn scan_stack_add(stack: State<'_, StackState>, request: Request<'_>) -> Result<Added, IpcError> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(IpcError {
            code: "scan_stack_transfer".into(),
            message: "Le fichier n'est pas arrivé de la fenêtre : choisissez-le de nouveau.".into(),
            message_en: "The file did not arrive from the window: choose it again.".into(),
        });
    };
    let name = request
        .headers()
        .get("x-file-name")
        .and_then(|value| value.to_str().ok())
        .map(percent_decoded)
        .unwrap_or_else(|| "pile".into());
    let mut files = stack.files();
    files.push((name, bytes.clone()));
    Ok(Added { files: files.len() })
}

/// Reads the files sent (`progress` after each page), files the pages and keeps them for
/// `scan_stack_confirm`.
#[tauri::command(async)]
pub fn scan_stack_read(
    app: State<'_, App>,
    stack: State<'_, StackState>,
    progress: Channel<Progress>,
) -> Result<StackView, IpcError> {
    let files = std::mem::take(&mut *stack.files());
    *stack.read() = None;
    let opened = Stack::from_files(files)?;
    let pages = scanned::read_pages(opened, true, &|done, total| {
        let _ = progress.send(Progress { done, total });
    });
    let read = app.with_store(|s| scanned::file_pages(&s.db, pages))?;
    let view = view_of(&read);
    *stack.read() = Some(read);
    Ok(view)
}

/// Records pages (the clear ones as read, the others as a person answered them), each with its
/// page as the form's scan; says, page by page, what happened.
#[tauri::command(async)]
pub fn scan_stack_confirm(
    app: State<'_, App>,
    stack: State<'_, StackState>,
    pages: Vec<PageAnswers>,
    received_on: Option<String>,
) -> Result<Vec<PageRecorded>, IpcError> {
    let received = received_on.filter(|d| !d.is_empty()).map(|d| parse_date(Field::ReceivedOn, &d)).transpose()?;
    let mut held = stack.read();
    let Some(read) = held.as_mut() else {
        return Err(IpcError {
            code: "scan_stack_gone".into(),
            message: "Aucune pile n'est lue : choisissez de nouveau les fichiers numérisés.".into(),
            message_en: "No stack is read: choose the scanned files again.".into(),
        });
    };
    app.with_store(|s| Ok(scanned::record_pages(&mut s.db, read, &pages, received)))
}

/// Forgets the stack (its files and pages) held in memory.
#[tauri::command]
pub fn scan_stack_clear(stack: State<'_, StackState>) {
    stack.files().clear();
    *stack.read() = None;
}

fn view_of(read: &ReadStack) -> StackView {
    StackView { pages: read.pages.iter().map(page_view).collect(), blank: read.blank }
}

fn page_view(page: &StackPage) -> PageView {
    let reading = page.reading.as_ref();
    let form = page.filed.form.as_ref();
    let mut reasons: Vec<ReasonView> =
        page.reasons().into_iter().map(|(code, fr, en)| ReasonView { code, fr: fr.into(), en: en.into() }).collect();
    if let Some(error) = &page.page_error {
        reasons.push(ReasonView { code: error.code(), fr: error.message(), en: error.message_en() });
    }
    let png =
        |bytes: &[u8]| format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes));
    let kind = match reading.map(|r| &r.found) {
        Some(Found::Form(_)) => "formulaire",
        Some(Found::Attestation(_)) => "attestation",
        Some(Found::Template(_)) => "projet",
        _ => "autre",
    };
    PageView {
        page: page.at.index,
        file: page.at.file.clone(),
        page_in_file: page.at.page_in_file,
        kind,
        number: page.number().map(str::to_string),
        items: match (&page.filed.project, reading) {
            (Some(project), Some(r)) => project
                .state
                .items
                .iter()
                .zip(&r.answers)
                .map(|(item, answer)| ItemView { key: item.key, read: answer.code() })
                .collect(),
            _ => Vec::new(),
        },
        student: form.map(|f| f.student.clone()).or_else(|| page.filed.project.as_ref().map(|p| p.name.clone())),
        class_code: form.map(|f| f.class_code.clone()).or_else(|| page.filed.project.as_ref().map(|p| p.group.clone())),
        platform: form.map(|f| f.platform.clone()),
        attestation: page.filed.attestation.clone(),
        q1: reading.map_or("a_verifier", |r| r.q1().code()),
        q2: (kind != "attestation").then(|| reading.map_or("a_verifier", |r| r.q2().code())),
        signed: reading.and_then(|r| r.signed),
        standing: page.filed.standing.clone(),
        reasons,
        crops: reading.and_then(|r| r.crops.as_ref()).and_then(|c| {
            let [q1_oui, q1_non] = c.boxes.first()?.each_ref().map(|b| png(b));
            let q2 = c.boxes.get(1).map(|row| row.each_ref().map(|b| png(b)));
            let [q2_oui, q2_non] = q2.map_or([None, None], |[oui, non]| [Some(oui), Some(non)]);
            Some(CropsView { q1_oui, q1_non, q2_oui, q2_non, signature: png(&c.signature) })
        }),
        thumbnail: page.thumbnail.as_deref().map(png),
        recorded: page.filed.standing == Standing::Recorded,
    }
}

/// `encodeURIComponent`'s text back (a name the window sent); a malformed escape stays as it is.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[index + 1]), hex(bytes[index + 2])) {
                out.push((high * 16 + low) as u8);
                index += 3;
                continue;
            }
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_name_sent_by_the_window_is_decoded() {
        assert_eq!(super::percent_decoded("pile%20de%20la%20601%C3%A9.pdf"), "pile de la 601é.pdf");
        assert_eq!(super::percent_decoded("100%.pdf"), "100%.pdf");
        assert_eq!(super::percent_decoded("a%2"), "a%2");
    }
}
