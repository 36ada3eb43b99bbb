//! The one door for a file a person gives Balise: regular file only, bounded read, French messages.
//!
//! A class list, a scan or document, a backup to check or restore: the path is whatever was typed
//! or chosen, so it may be missing, a folder, a FIFO that blocks forever, `/dev/zero` that never
//! ends, or a file far larger than its kind can be. Its metadata is asked first (never opening what
//! is not a regular file), it is opened without blocking, checked again once open, and read
//! through a bound one byte past its kind's maximum, whatever size the file claimed.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// What a file is for: it sets the largest size accepted and the message that refuses a larger one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A class list (CSV, workbook, OneRoster zip or one file of a OneRoster folder). A
    /// 2,000-student export is well under 2 MB; 50 MiB leaves room for any real school.
    ClassList,
    /// A scan (a returned form, a written confirmation) or an attached document. A scanned page
    /// is a few hundred kilobytes; 20 MiB is a whole letter scanned in colour.
    Document,
    /// A backup to check or restore: SQLite opens it, Balise reads none of it itself, so only its
    /// size is bounded. 64 GiB is far past any school's store: scans are at most 20 MiB each and
    /// a year of 2,000 forms with a 1 MB scan each is 2 GB.
    Backup,
    /// A scanned stack of returned forms to read (issue 16): one PDF, TIFF, PNG or JPEG from a
    /// copier. 500 sheets at 300 dpi in greyscale JPEG are about 200 MB; 1.5 GiB leaves room for
    /// colour, and the reader holds the file once in memory (`scan::input`), so no more.
    Stack,
}

impl Kind {
    /// The largest file of this kind, in bytes.
    pub const fn max_bytes(self) -> u64 {
        match self {
            Kind::ClassList => 50 * 1024 * 1024,
            Kind::Document => 20 * 1024 * 1024,
            Kind::Backup => 64 * 1024 * 1024 * 1024,
            Kind::Stack => 1536 * 1024 * 1024,
        }
    }
}

/// Checks that `path` is an existing regular file (a link to one is followed) no larger than its
/// kind allows, without opening it; gives its metadata.
pub fn check(path: &Path, kind: Kind) -> Result<Metadata> {
    let metadata = std::fs::metadata(path).map_err(|e| refused(path, e))?;
    if !metadata.file_type().is_file() {
        return Err(not_a_file(path, &metadata));
    }
    if metadata.len() > kind.max_bytes() {
        return Err(too_large(path, kind, metadata.len()));
    }
    Ok(metadata)
}

/// Reads a regular file of this kind whole, never more than its maximum: checked by `check`,
/// opened without blocking, checked again once open (the path may have changed in between), and
/// read through a bound (a file may grow, or say it is smaller than it is).
pub fn read(path: &Path, kind: Kind) -> Result<Vec<u8>> {
    let before = check(path, kind)?;
    let file = open_without_blocking(path).map_err(|e| refused(path, e))?;
    let opened = file.metadata().map_err(|e| refused(path, e))?;
    if !opened.file_type().is_file() {
        return Err(not_a_file(path, &opened));
    }
    let mut bytes = Vec::with_capacity(before.len().min(kind.max_bytes()) as usize);
    file.take(kind.max_bytes() + 1).read_to_end(&mut bytes).map_err(|e| refused(path, e))?;
    if bytes.len() as u64 > kind.max_bytes() {
        return Err(too_large(path, kind, bytes.len() as u64));
    }
    Ok(bytes)
}

/// Opening a FIFO for reading waits for a writer; `O_NONBLOCK` returns at once, and means nothing
/// for a regular file's reads.
#[cfg(unix)]
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

fn refused(path: &Path, err: std::io::Error) -> Error {
    match err.kind() {
        std::io::ErrorKind::NotFound => Error::InputMissing(path.to_path_buf()),
        _ => Error::io(path, err),
    }
}

fn not_a_file(path: &Path, metadata: &Metadata) -> Error {
    let file_type = metadata.file_type();
    let (what, what_en) = if file_type.is_dir() { ("un dossier", "a folder") } else { special_kind(&file_type) };
    Error::InputNotAFile { path: path.to_path_buf(), what, what_en }
}

#[cfg(unix)]
fn special_kind(file_type: &std::fs::FileType) -> (&'static str, &'static str) {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        ("un tube nommé (FIFO)", "a named pipe (FIFO)")
    } else if file_type.is_char_device() || file_type.is_block_device() {
        ("un périphérique", "a device")
    } else if file_type.is_socket() {
        ("une socket", "a socket")
    } else {
        ("un fichier spécial", "a special file")
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> (&'static str, &'static str) {
    ("un fichier spécial", "a special file")
}

/// The refusal of a file too large for its kind, in the words each kind already uses.
fn too_large(path: &Path, kind: Kind, size: u64) -> Error {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    let megabytes = format!("{:.1}", size as f64 / (1024.0 * 1024.0));
    match kind {
        Kind::ClassList => Error::RosterTooLarge { name, megabytes },
        Kind::Document => Error::AttachmentTooLarge { name, megabytes: megabytes.replace('.', ",") },
        Kind::Backup => Error::BadBackup {
            file: path.display().to_string(),
            reason: format!(
                "elle fait {} Go, plus que la limite de {} Go : ce n'est pas une sauvegarde de Balise",
                size >> 30,
                Kind::Backup.max_bytes() >> 30
            ),
        },
        Kind::Stack => Error::ScanStackTooLarge {
            name,
            megabytes: format!("{:.0}", size as f64 / (1024.0 * 1024.0)),
            limit: Kind::Stack.max_bytes() >> 20,
        },
    }
}

// FIFOs, /dev/zero and symbolic links are unix's; the door itself is the same everywhere.
#[cfg(all(test, unix))]
mod tests {
    use super::*;

    const KINDS: [Kind; 4] = [Kind::ClassList, Kind::Document, Kind::Backup, Kind::Stack];

    /// Reads through the door on a thread and gives up after five seconds, so that a read that
    /// would hang (a FIFO without a writer) fails the test instead of hanging it.
    fn read_soon(path: &Path, kind: Kind) -> Result<Vec<u8>> {
        let path = path.to_path_buf();
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || send.send(read(&path, kind)));
        receive.recv_timeout(std::time::Duration::from_secs(5)).expect("the read must not hang")
    }

    fn refusal(path: &Path, kind: Kind) -> Error {
        let checked = check(path, kind).expect_err("check refuses it");
        let read = read_soon(path, kind).expect_err("read refuses it");
        assert_eq!(checked.code(), read.code(), "check and read agree on {}", path.display());
        read
    }

    #[test]
    fn a_regular_file_is_read_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("liste.csv");
        std::fs::write(&file, "Fiche;Nom\n1;Côté\n").unwrap();
        for kind in KINDS {
            assert_eq!(read_soon(&file, kind).unwrap(), "Fiche;Nom\n1;Côté\n".as_bytes(), "{kind:?}");
        }
        let link = tmp.path().join("lien.csv");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert!(read_soon(&link, Kind::ClassList).is_ok(), "a link to a regular file is that file");
    }

    #[test]
    fn a_missing_file_is_said_to_be_missing_in_french() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("nexiste pas.csv");
        for kind in KINDS {
            let err = refusal(&missing, kind);
            assert_eq!(err.code(), "input_missing", "{kind:?}");
            assert_eq!(
                err.to_string(),
                format!(
                    "Le fichier {} n'existe pas. Vérifiez son nom et son dossier (une faute de frappe, un fichier déplacé ?), puis recommencez.",
                    missing.display()
                )
            );
            assert!(err.message_en().contains("does not exist"), "{}", err.message_en());
        }
    }

    #[test]
    fn a_folder_a_fifo_a_device_and_a_link_to_one_are_refused_unopened() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("tube");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success(), "mkfifo");
        let link_to_zero = tmp.path().join("zero.csv");
        std::os::unix::fs::symlink("/dev/zero", &link_to_zero).unwrap();
        for (path, what) in [
            (tmp.path().to_path_buf(), "un dossier"),
            (fifo, "un tube nommé (FIFO)"),
            ("/dev/zero".into(), "un périphérique"),
            (link_to_zero, "un périphérique"),
        ] {
            for kind in KINDS {
                let err = refusal(&path, kind);
                assert_eq!(err.code(), "input_not_a_file", "{kind:?} {}", path.display());
                assert_eq!(
                    err.to_string(),
                    format!(
                        "{} n'est pas un fichier ordinaire : c'est {what}. Balise ne lit que des fichiers ; choisissez le fichier lui-même, puis recommencez.",
                        path.display()
                    )
                );
            }
        }
    }

    #[test]
    fn a_file_larger_than_its_kind_is_refused_before_it_is_read() {
        let tmp = tempfile::tempdir().unwrap();
        let sparse = tmp.path().join("enorme.csv");
        // A sparse file: its size is declared, its bytes take no room on disk.
        File::create(&sparse).unwrap().set_len(Kind::ClassList.max_bytes() + 1).unwrap();
        let class_list = refusal(&sparse, Kind::ClassList);
        assert_eq!(class_list.code(), "roster_too_large");
        assert!(class_list.to_string().contains("« enorme.csv » fait 50.0 Mo"), "{class_list}");
        let document = refusal(&sparse, Kind::Document);
        assert_eq!(document.code(), "attachment_too_large");
        assert!(document.to_string().contains("« enorme.csv » fait 50,0 Mo"), "{document}");
        assert!(read_soon(&sparse, Kind::Backup).is_ok(), "50 MiB is a small backup");

        File::create(&sparse).unwrap().set_len(Kind::Backup.max_bytes() + 1).unwrap();
        let backup = refusal(&sparse, Kind::Backup);
        assert_eq!(backup.code(), "bad_backup");
        assert!(backup.to_string().contains("plus que la limite de 64 Go"), "{backup}");
    }
}
