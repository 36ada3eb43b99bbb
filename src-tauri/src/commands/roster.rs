//! Class lists in the window, like `cli/roster.rs` (issue #4): the Importer screen sends the chosen
//! file with the mapping the person set, gets back the columns found, the first rows and the
//! diff, and only a second call, after « Importer », writes (the file is parsed outside the
//! store's lock); the roster read back; a guardian's « ne pas contacter » and form language.

use serde::{Deserialize, Serialize};
use tauri::State;

use balise_core::roster::{
    self, Field, GuardianView, ImportOptions, ImportSummary, Mapping, Preview, RawRow, StudentView, Table,
};
use balise_core::Error;

use super::{year_or_current, UploadedFile};
use crate::ipc::IpcError;
use crate::state::App;

/// How many of the file's rows the mapping step shows.
const SAMPLE_ROWS: usize = 5;

/// What the Importer screen sends: the file, the sheet, the person's column choices, the options.
#[derive(Deserialize)]
pub struct ImportRequest {
    file: UploadedFile,
    #[serde(default)]
    sheet: Option<String>,
    /// Field key (`groupe`, `parent1_courriel`…) → header; an empty header unmaps the field.
    #[serde(default)]
    overrides: Vec<ColumnChoice>,
    #[serde(default)]
    year: Option<String>,
    #[serde(default)]
    skip_invalid: bool,
    #[serde(default)]
    withdraw_missing: bool,
}

#[derive(Deserialize)]
pub struct ColumnChoice {
    field: String,
    header: String,
}

/// The mapping step and the diff. `mapping_error` is set (and `preview` empty) when the columns
/// Balise needs are not all found: the screen then asks the person to choose them.
#[derive(Serialize)]
pub struct ImportView {
    file_name: String,
    format: roster::Format,
    sheets: Vec<String>,
    headers: Vec<String>,
    sample: Vec<RawRow>,
    rows: usize,
    fields: Vec<FieldChoice>,
    mapping: Option<Mapping>,
    mapping_error: Option<IpcError>,
    /// What an import would do (`roster_preview`).
    preview: Option<Preview>,
    /// What the import did (`roster_import`), worked out once, inside the write.
    summary: Option<ImportSummary>,
}

/// A field the mapping step offers, with its labels.
#[derive(Serialize)]
pub struct FieldChoice {
    key: String,
    label: String,
    label_en: String,
}

/// Reads the file and shows what an import would do; writes nothing.
#[tauri::command(async)]
pub fn roster_preview(app: State<'_, App>, request: ImportRequest) -> Result<ImportView, IpcError> {
    prepare(&app, request, false)
}

/// Imports: the diff worked out again against the store as it is now, written in one transaction.
#[tauri::command(async)]
pub fn roster_import(app: State<'_, App>, request: ImportRequest) -> Result<ImportView, IpcError> {
    prepare(&app, request, true)
}

#[tauri::command(async)]
pub fn student_list(
    app: State<'_, App>,
    year: Option<String>,
    class_code: Option<String>,
) -> Result<Vec<StudentView>, IpcError> {
    app.with_store(|s| roster::list_students(&s.db, year_or_current(&s.db, year)?, class_code.as_deref()))
}

/// Marks a guardian « ne pas contacter », or clears the mark (audited).
#[tauri::command(async)]
pub fn guardian_do_not_contact(
    app: State<'_, App>,
    guardian_id: i64,
    do_not_contact: bool,
) -> Result<GuardianView, IpcError> {
    app.with_store(|s| roster::set_do_not_contact(&mut s.db, guardian_id, do_not_contact))
}

/// Sets the language a guardian's forms are printed in, `fr` or `en` (audited).
#[tauri::command(async)]
pub fn guardian_language(app: State<'_, App>, guardian_id: i64, language: String) -> Result<GuardianView, IpcError> {
    app.with_store(|s| roster::set_language(&mut s.db, guardian_id, roster::Language::parse(&language)?))
}

fn prepare(app: &App, request: ImportRequest, write: bool) -> Result<ImportView, IpcError> {
    let bytes = request.file.bytes()?;
    let table = roster::read_table(&bytes, &request.file.name, request.sheet.as_deref())?;
    drop(bytes);
    let overrides = request
        .overrides
        .iter()
        .map(|choice| Ok((choice.field.parse::<Field>()?, choice.header.clone())))
        .collect::<Result<Vec<_>, Error>>()?;
    let mut view = ImportView::of(&request.file.name, &table);
    let prepared = match roster::prepare(&table, &overrides) {
        Ok(prepared) => prepared,
        Err(e @ Error::RosterMissingColumn { .. }) if !write => {
            // The mapping step starts from what was recognised; the person chooses the rest.
            view.mapping = Some(roster::guess(&table.headers, &overrides)?);
            view.mapping_error = Some(IpcError::from(e));
            return Ok(view);
        }
        Err(e) => return Err(e.into()),
    };
    let (mapping, rows, rejected) = (prepared.mapping, prepared.rows, prepared.rejected);
    let opts = ImportOptions {
        skip_invalid: request.skip_invalid,
        withdraw_missing: request.withdraw_missing,
        file_name: request.file.name.clone(),
    };
    app.with_store(|s| {
        let year = year_or_current(&s.db, request.year.clone())?;
        if write {
            view.summary = Some(roster::apply(&mut s.db, year, &rows, &rejected, &opts)?);
        } else {
            view.preview = Some(roster::preview(&s.db, year, &rows, &rejected, &opts)?);
        }
        Ok(())
    })?;
    view.mapping = Some(mapping);
    Ok(view)
}

impl ImportView {
    fn of(file_name: &str, table: &Table) -> ImportView {
        ImportView {
            file_name: file_name.to_string(),
            format: table.format.clone(),
            sheets: table.sheets.clone(),
            headers: table.headers.clone(),
            sample: table.rows.iter().take(SAMPLE_ROWS).cloned().collect(),
            rows: table.rows.len(),
            fields: Field::all()
                .into_iter()
                .map(|f| FieldChoice { key: f.key(), label: f.label(), label_en: f.label_en() })
                .collect(),
            mapping: None,
            mapping_error: None,
            preview: None,
            summary: None,
        }
    }
}
