//! Shared helpers for the integration tests: the built app binary, throwaway data directories,
//! the target directory, and the end-to-end window harness (`webview`).
#![allow(dead_code)]

pub mod webview;

use std::path::PathBuf;

/// Path of the `balise` binary that cargo built for these tests.
pub fn balise_bin() -> &'static str {
    env!("CARGO_BIN_EXE_balise")
}

/// A fresh, empty data directory, removed when dropped.
pub fn temp_data_dir() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("balise-test-").tempdir().expect("create a temporary data directory")
}

/// Cargo's target directory: `CARGO_TARGET_DIR` if set, else found from the test executable's
/// path (`<target>/<profile>/deps/tests-…`), else `<repo>/target`.
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        let dir = PathBuf::from(dir);
        return if dir.is_absolute() { dir } else { PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir) };
    }
    if let Ok(exe) = std::env::current_exe() {
        if let Some(deps) = exe.parent().filter(|d| d.ends_with("deps")) {
            if let Some(target) = deps.parent().and_then(|profile| profile.parent()) {
                return target.to_path_buf();
            }
        }
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target")
}

/// The text of a PDF as poppler's `pdftotext` reads it (layout kept).
pub fn pdf_text(pdf: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/test");
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8(out.stdout).expect("pdftotext gives UTF-8")
}

/// The smallest PDF a reader opens, with `comment` as a comment line (the core's test scan).
pub fn minimal_pdf(comment: &str) -> Vec<u8> {
    balise_core::attachment::minimal_pdf(comment)
}

/// Prints a battery's figures (rounds, acknowledged, lost) where a test run shows them: stderr
/// written directly is not captured by the test harness, as `println!` is.
pub fn figures(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "figures : {line}");
}
