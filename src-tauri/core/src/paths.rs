//! Where Balise's files live, and creating them private (0700 folders, 0600 files) whatever the umask.
//! On Windows no mode is set: `%APPDATA%`'s inherited ACL already keeps the data folder to its user
//! (ARCHITECTURE.md, « Private files »).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The data folder of one Balise store and the names of the files in it.
#[derive(Debug, Clone)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> DataDir {
        DataDir { root: root.into() }
    }

    /// The OS's per-user data folder: `~/.local/share/Balise`, `~/Library/Application Support/Balise`,
    /// `%APPDATA%\Balise`.
    pub fn default_location() -> DataDir {
        let base = dirs::data_dir().unwrap_or_else(|| PathBuf::from("."));
        DataDir::new(base.join("Balise"))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
    pub fn database(&self) -> PathBuf {
        self.root.join("balise.db")
    }
    pub fn recovery_file(&self) -> PathBuf {
        self.root.join("balise.recovery")
    }
    pub fn backups(&self) -> PathBuf {
        self.root.join("sauvegardes")
    }
    pub fn exports(&self) -> PathBuf {
        self.root.join("exports")
    }

    /// Creates the folder (and parents) with mode 0700.
    pub fn ensure(&self) -> Result<()> {
        ensure_private_dir(&self.root)
    }
}

pub fn ensure_private_dir(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|e| Error::io(dir, e))?;
    set_private(dir, true)
}

/// Forces 0600 (files) or 0700 (folders): the umask may have widened what `create` asked for.
pub fn set_private(path: &Path, is_dir: bool) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if is_dir { 0o700 } else { 0o600 };
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).map_err(|e| Error::io(path, e))?;
    }
    #[cfg(not(unix))]
    let _ = (path, is_dir);
    Ok(())
}

/// Creates an empty private file (or leaves an existing one), so SQLite opens a 0600 file and
/// gives its WAL and SHM the same mode.
pub fn touch_private(path: &Path) -> Result<()> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map_err(|e| Error::io(path, e))?;
    set_private(path, false)
}

/// Writes a whole file or nothing: a private temporary beside it, fsync, rename, fsync the folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    stage(path, bytes)?.publish().map(|_| ())
}

/// A file written in full, private and synced, but not yet visible at its destination: `publish`
/// renames it into place; dropped unpublished, it is removed. What is staged inside a store
/// transaction is published only once the transaction has committed, so a crash never leaves a
/// file the store does not know. Staged with `stage_in`, it waits in Balise's own folder (a kill
/// leaves nothing in the person's folder; the next start removes it).
#[derive(Debug)]
#[must_use = "a staged file is removed unless it is published"]
pub struct Staged {
    temporary: PathBuf,
    destination: PathBuf,
    published: bool,
}

impl Staged {
    pub fn destination(&self) -> &Path {
        &self.destination
    }

    /// Renames the file into place (replacing what was there) and makes the rename durable. From
    /// another disk (a USB key, a network folder), it is copied beside the destination under a
    /// temporary name first, then renamed: the destination is never half there.
    pub fn publish(mut self) -> Result<PathBuf> {
        if fs::rename(&self.temporary, &self.destination).is_err() {
            let beside =
                stage(&self.destination, &fs::read(&self.temporary).map_err(|e| Error::io(&self.temporary, e))?)?;
            let _ = fs::remove_file(&self.temporary);
            self.published = true;
            return beside.publish();
        }
        self.published = true;
        sync_dir(self.destination.parent().unwrap_or(Path::new(".")));
        Ok(self.destination.clone())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.published {
            let _ = fs::remove_file(&self.temporary);
        }
    }
}

/// Writes `bytes` to a private temporary file beside `path` and syncs it (see `Staged`).
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let temporary = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("balise"),
        std::process::id()
    ));
    write_staged(Staged { temporary, destination: path.to_path_buf(), published: false }, bytes)
}

/// The prefix of the files `stage_in` writes: the next start removes those a kill left.
pub const STAGED_PREFIX: &str = "en-cours-";

/// Writes `bytes` to a private temporary file in `staging` (Balise's own private folder, on the
/// same disk as the store) for `destination`, and syncs it. Its name says nothing of the file.
pub fn stage_in(staging: &Path, destination: &Path, bytes: &[u8]) -> Result<Staged> {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    ensure_private_dir(staging)?;
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temporary = staging.join(format!("{STAGED_PREFIX}{}-{n}.tmp", std::process::id()));
    write_staged(Staged { temporary, destination: destination.to_path_buf(), published: false }, bytes)
}

fn write_staged(staged: Staged, bytes: &[u8]) -> Result<Staged> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let tmp = &staged.temporary;
    let mut file = options.open(tmp).map_err(|e| Error::io(tmp, e))?;
    set_private(tmp, false)?;
    file.write_all(bytes).map_err(|e| Error::io(tmp, e))?;
    file.sync_all().map_err(|e| Error::io(tmp, e))?;
    Ok(staged)
}

/// Flushes a closed file to the disk. Opened for writing (nothing is written): Windows refuses to
/// flush a handle opened read-only (FlushFileBuffers needs write access).
pub fn sync_file(path: &Path) -> Result<()> {
    OpenOptions::new().write(true).open(path).and_then(|f| f.sync_all()).map_err(|e| Error::io(path, e))
}

/// Makes a rename durable. Best effort: not every platform can open a folder.
pub fn sync_dir(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn files_and_folders_are_private() {
        let tmp = tempfile::tempdir().unwrap();
        let data = DataDir::new(tmp.path().join("a/b"));
        data.ensure().unwrap();
        let file = data.root().join("f");
        write_atomic(&file, b"x").unwrap();
        let dir_mode = fs::metadata(data.root()).unwrap().permissions().mode() & 0o777;
        let file_mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(dir_mode, 0o700, "data folder must be 0700");
        assert_eq!(file_mode, 0o600, "files must be 0600");
        assert_eq!(fs::read(&file).unwrap(), b"x");
    }
}
