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

/// Where a file made inside a store transaction waits until the transaction has committed: the
/// store's own `exports/` folder, never beside its destination. A kill leaves no clear copy in the
/// person's folder, and the next start removes it (`remove_leftovers`). Taken before the
/// transaction (`Staging::of`), used inside it (`stage`), published after it (`publish`).
pub struct Staging(PathBuf);

impl Staging {
    pub fn of(db: &Db) -> Staging {
        Staging(DataDir::new(db.path().parent().unwrap_or(Path::new("."))).exports())
    }

    /// Writes the file in full, private and synced, in the staging folder.
    pub fn stage(&self, path: &Path, bytes: &[u8]) -> Result<Staged> {
        paths::stage_in(&self.0, path, bytes)
    }
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
    let staging = Staging::of(db);
    let staged = files.iter().map(|(path, bytes)| staging.stage(path, bytes)).collect::<Result<Vec<_>>>()?;
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

/// What a start removes from `exports/`: the viewer copies (`remove_viewer_copies`) and the files
/// a killed export had staged (`paths::STAGED_PREFIX`) whose process is gone.
pub fn remove_leftovers(data: &DataDir) {
    remove_viewer_copies(data);
    if let Ok(entries) = std::fs::read_dir(data.exports()) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(rest) = name.strip_prefix(paths::STAGED_PREFIX) {
                let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
                let modified = entry.metadata().and_then(|m| m.modified()).ok();
                if abandoned(pid, modified) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }
}

/// Whether a staged file's process is gone: on a system with `/proc`, that process no longer
/// exists; elsewhere, the file is over an hour old (an export stages for seconds).
fn abandoned(pid: Option<u32>, modified: Option<std::time::SystemTime>) -> bool {
    match pid {
        Some(pid) if pid == std::process::id() => false,
        Some(pid) if Path::new("/proc/self").exists() => !Path::new(&format!("/proc/{pid}")).exists(),
        _ => modified.and_then(|m| m.elapsed().ok()).is_none_or(|age| age > std::time::Duration::from_secs(3600)),
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
            let staged = vec![Staging::of(&store.db).stage(&kept, b"nouveau")?];
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

    #[test]
    fn a_staged_file_waits_in_balises_folder_and_a_killed_exports_leftover_goes_at_the_next_start() {
        let store = fresh("2025-09-10");
        let folder = tempfile::tempdir().unwrap();
        let destination = folder.path().join("Formulaires 601.pdf");
        let staged = Staging::of(&store.db).stage(&destination, b"%PDF").unwrap();
        let in_person_folder = std::fs::read_dir(folder.path()).unwrap().count();
        assert_eq!(in_person_folder, 0, "nothing appears in the person's folder before publishing");
        let waiting: Vec<String> = std::fs::read_dir(store.data.exports())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(waiting.len(), 1);
        assert!(waiting[0].starts_with(paths::STAGED_PREFIX) && !waiting[0].contains("601"), "{waiting:?}");
        // This process's own staged file is not a leftover.
        remove_leftovers(&store.data);
        assert_eq!(std::fs::read_dir(store.data.exports()).unwrap().count(), 1);
        publish(vec![staged]).unwrap();
        assert_eq!(std::fs::read(&destination).unwrap(), b"%PDF");
        assert_eq!(std::fs::read_dir(store.data.exports()).unwrap().count(), 0, "renamed from exports/");

        // What a process killed mid-print left (a pid that cannot be running) goes at the next start.
        let left = store.data.exports().join(format!("{}4294967294-0.tmp", paths::STAGED_PREFIX));
        std::fs::write(&left, b"%PDF").unwrap();
        remove_leftovers(&store.data);
        assert!(!left.exists(), "a killed export's staged file is removed at the next start");
    }
}
