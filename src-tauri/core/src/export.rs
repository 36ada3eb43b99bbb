//! **The** door for a file the person asked for (a printed batch, a list, a report, a document
//! taken out of the store): refused over an existing file unless the person chose it in a save
//! dialog, written in full beside its destination, published only after the journal entry has
//! committed, and never half there. Also the clear copies handed to the system viewer, and their
//! clean-up, in one place.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::paths::{self, DataDir, Staged};
use crate::store::Db;

/// Whether an export may replace a file already at its destination (a save dialog has already
/// asked the person; the command line never replaces).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Refuse,
    Replace,
}

/// Refuses when one of `targets` exists and the person did not choose to replace it.
pub fn refuse_existing(targets: &[&Path], existing: Existing) -> Result<()> {
    if existing == Existing::Refuse {
        if let Some(path) = targets.iter().find(|p| p.exists()) {
            return Err(Error::ExportTargetExists(path.to_path_buf()));
        }
    }
    Ok(())
}

/// Stages a file inside a store transaction; `publish` it once the transaction has committed.
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged> {
    paths::stage(path, bytes)
}

/// Publishes staged files. A file that cannot be renamed into place is reported; those already
/// published stay (the journal already says they were written).
pub fn publish(staged: Vec<Staged>) -> Result<Vec<PathBuf>> {
    staged.into_iter().map(Staged::publish).collect()
}

/// The whole procedure for files whose content is known before the journal entry: refuse an
/// existing file (`existing`), stage every file, write the audit entry, then publish. If anything
/// fails before the entry commits, no destination has changed.
pub fn write(
    db: &mut Db,
    files: &[(&Path, &[u8])],
    existing: Existing,
    action: &str,
    object: &str,
    summary: String,
) -> Result<Vec<PathBuf>> {
    let targets: Vec<&Path> = files.iter().map(|(path, _)| *path).collect();
    refuse_existing(&targets, existing)?;
    let staged = files.iter().map(|(path, bytes)| stage(path, bytes)).collect::<Result<Vec<_>>>()?;
    db.write(action, object, |_| Ok(((), summary)))?;
    publish(staged)
}

/// What a clear copy for the system viewer holds; its prefix in `exports/` says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewerCopy {
    RecoverySheet,
    Attachment,
    Forms,
    ClassSheet,
    Attestations,
    Report,
}

impl ViewerCopy {
    pub const ALL: [ViewerCopy; 6] = [
        ViewerCopy::RecoverySheet,
        ViewerCopy::Attachment,
        ViewerCopy::Forms,
        ViewerCopy::ClassSheet,
        ViewerCopy::Attestations,
        ViewerCopy::Report,
    ];

    pub fn prefix(self) -> &'static str {
        match self {
            ViewerCopy::RecoverySheet => "cle-recuperation-",
            ViewerCopy::Attachment => "piece-",
            ViewerCopy::Forms => "formulaires-",
            ViewerCopy::ClassSheet => "feuille-",
            ViewerCopy::Attestations => "attestations-",
            ViewerCopy::Report => "rapport-",
        }
    }

    /// `exports/<prefix><name>`, the folder created private if needed.
    pub fn path(self, data: &DataDir, name: &str) -> Result<PathBuf> {
        paths::ensure_private_dir(&data.exports())?;
        Ok(data.exports().join(format!("{}{name}", self.prefix())))
    }
}

/// The copies handed to the system viewer (the recovery sheet holds the code; an attachment holds
/// personal information) are outside the encrypted store: removed when the code is noted and at
/// every start, so none outlives the session that opened it. A file the person saved elsewhere
/// or named otherwise is never touched.
pub fn remove_viewer_copies(data: &DataDir) {
    if let Ok(entries) = std::fs::read_dir(data.exports()) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if ViewerCopy::ALL.iter().any(|copy| name.starts_with(copy.prefix())) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_store::fresh;

    #[test]
    fn a_failed_journal_entry_leaves_the_destination_as_it_was() {
        let mut store = fresh("2025-09-10");
        let folder = tempfile::tempdir().unwrap();
        let kept = folder.path().join("rapport.pdf");
        std::fs::write(&kept, b"ancien").unwrap();
        let failed = (|| -> Result<Vec<PathBuf>> {
            let staged = vec![stage(&kept, b"nouveau")?];
            store.db.write("test.export", "x", |_| -> Result<((), String)> {
                Err(Error::Database("disque plein".into()))
            })?;
            publish(staged)
        })();
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&kept).unwrap(), b"ancien", "the file being replaced is untouched");
        let left: Vec<_> = std::fs::read_dir(folder.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left.len(), 1, "no temporary file left behind: {left:?}");
    }

    #[test]
    fn an_existing_file_is_refused_unless_replacing_was_chosen() {
        let mut store = fresh("2025-09-10");
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("liste.csv");
        std::fs::write(&path, b"ancien").unwrap();
        let refused = write(&mut store.db, &[(&path, b"nouveau")], Existing::Refuse, "test.export", "x", "s".into());
        assert!(matches!(refused, Err(Error::ExportTargetExists(_))), "{refused:?}");
        assert_eq!(std::fs::read(&path).unwrap(), b"ancien");
        write(&mut store.db, &[(&path, b"nouveau")], Existing::Replace, "test.export", "x", "s".into()).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"nouveau");
    }

    #[test]
    fn only_viewer_copies_are_removed() {
        let folder = tempfile::tempdir().unwrap();
        let data = DataDir::new(folder.path());
        let copy = ViewerCopy::Attachment.path(&data, "3-document.pdf").unwrap();
        let chosen = data.exports().join("mon-rapport.pdf");
        std::fs::write(&copy, b"x").unwrap();
        std::fs::write(&chosen, b"x").unwrap();
        remove_viewer_copies(&data);
        assert!(!copy.exists() && chosen.exists(), "the copy goes, the person's own file stays");
    }
}
