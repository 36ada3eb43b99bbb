//! « Enregistrer sous… »: the system's save dialog, asked from Rust (the webview gets no dialog or
//! file-system permission). The chosen file is written by the domain, atomically and private.
//!
//! WebDriver cannot answer a GTK dialog, so the end-to-end tests set `BALISE_SAVE_AS_DIR`: the
//! dialog is then not shown and the answer is the suggested name in that folder. Nothing else
//! changes, the write and its audit entry included.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

/// Where the person chose to save `suggested` (a file name, never a path), or `None` if they
/// cancelled. Blocks until the dialog closes: call it from an async command, never the main thread.
pub fn ask<R: Runtime>(
    handle: &AppHandle<R>,
    title: &str,
    suggested: &str,
    filter: (&str, &[&str]),
) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("BALISE_SAVE_AS_DIR") {
        return Some(PathBuf::from(dir).join(suggested));
    }
    let mut dialog = handle.dialog().file().set_title(title).set_file_name(suggested).add_filter(filter.0, filter.1);
    if let Ok(documents) = handle.path().document_dir() {
        dialog = dialog.set_directory(documents);
    }
    dialog.blocking_save_file().and_then(|chosen| chosen.into_path().ok())
}
