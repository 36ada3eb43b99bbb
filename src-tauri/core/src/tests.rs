//! Tests of the store, the unlock paths, settings, the audit chain and backups, on temporary
//! folders with an in-memory keychain (never the OS keychain).

use std::fs;
use std::path::Path;

use chrono::{Duration, Local, TimeZone};

use crate::audit;
use crate::backup;
use crate::clock::Clock;
use crate::error::{Error, KeychainProblem};
use crate::keychain::{Keychain, MemoryKeychain};
use crate::paths::DataDir;
use crate::recovery::RecoveryFile;
use crate::settings::{self, Key};
use crate::store::Db;
use crate::vault::{self, Opening};

fn fixed(y: i32, m: u32, d: u32) -> Clock {
    Clock::Fixed(Local.with_ymd_and_hms(y, m, d, 9, 30, 0).unwrap())
}

fn new_store() -> (tempfile::TempDir, DataDir, MemoryKeychain, vault::Unlocked, String) {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path().join("Balise"));
    let keychain = MemoryKeychain::default();
    let (unlocked, code) = vault::create(&data, &keychain, fixed(2026, 8, 20)).unwrap();
    (tmp, data, keychain, unlocked, code.expose().to_string())
}

fn all_bytes_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(all_bytes_under(&path));
        } else {
            out.push((path.display().to_string(), fs::read(&path).unwrap()));
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_new_store_opens_again_from_the_keychain() {
    let (_tmp, data, keychain, unlocked, _) = new_store();
    drop(unlocked);
    match vault::open(&data, &keychain, Clock::System) {
        Opening::Ready(u) => assert!(u.db.verify().unwrap().ok),
        Opening::NeedsInit => panic!("an existing store must not ask for a new one"),
        Opening::Locked(e) => panic!("the keychain holds the key, yet: {e}"),
    }
}

#[test]
fn an_empty_folder_needs_init_and_a_second_init_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let keychain = MemoryKeychain::default();
    assert!(matches!(vault::open(&data, &keychain, Clock::System), Opening::NeedsInit));
    let (u, _) = vault::create(&data, &keychain, Clock::System).unwrap();
    drop(u);
    let before = fs::read(data.recovery_file()).unwrap();
    assert!(matches!(vault::create(&data, &keychain, Clock::System), Err(Error::StoreExists(_))));
    assert_eq!(fs::read(data.recovery_file()).unwrap(), before, "a refused init must not touch the key file");
}

#[test]
fn no_keychain_at_first_run_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path().join("Balise"));
    let keychain = MemoryKeychain::default();
    *keychain.failure.lock().unwrap() = Some(KeychainProblem::Unavailable("test".into()));
    let err = vault::create(&data, &keychain, Clock::System).err().expect("init without keychain must fail");
    assert_eq!(err.code(), "keychain_unavailable");
    assert!(!data.database().exists() && !data.recovery_file().exists(), "no file may be left");
}

#[test]
fn keychain_entry_deleted_then_recovery_code_unlocks_and_restores_it() {
    let (_tmp, data, keychain, unlocked, code) = new_store();
    drop(unlocked);
    let store_id = RecoveryFile::load(&data).unwrap().store_id;
    keychain.delete(&store_id).unwrap();
    match vault::open(&data, &keychain, Clock::System) {
        Opening::Locked(e) => assert_eq!(e.code(), "keychain_entry_missing"),
        _ => panic!("without its keychain entry the store must be locked"),
    }
    let db_before = fs::read(data.database()).unwrap();
    let wrong = crate::recovery::generate_code();
    let err = vault::unlock_with_recovery(&data, &keychain, wrong.expose(), Clock::System).err().unwrap();
    assert_eq!(err.code(), "wrong_recovery_key");
    assert!(keychain.load(&store_id).is_err(), "a wrong code must not put anything in the keychain");
    assert_eq!(fs::read(data.database()).unwrap(), db_before, "a wrong code must change nothing");

    let (u, problem) = vault::unlock_with_recovery(&data, &keychain, &code.to_lowercase(), Clock::System).unwrap();
    assert!(problem.is_none());
    drop(u);
    assert!(matches!(vault::open(&data, &keychain, Clock::System), Opening::Ready(_)), "key back in the keychain");
}

#[test]
fn a_new_recovery_code_replaces_the_old_one_and_the_key_stays() {
    let (_tmp, data, keychain, mut unlocked, old_code) = new_store();
    let key_before = unlocked.key.clone();
    let new_code = vault::renew_recovery_code(&data, &mut unlocked.db, &key_before).unwrap();
    assert_ne!(new_code.expose().replace('-', ""), old_code.replace('-', ""));
    let journal = unlocked.db.journal(5).unwrap();
    assert_eq!(journal[0].action, "coffre.nouvelle_cle_recuperation");
    drop(unlocked);
    // The old code (the old printed sheet) no longer opens the store; the new one does.
    let err = vault::unlock_with_recovery(&data, &keychain, &old_code, Clock::System).err().unwrap();
    assert_eq!(err.code(), "wrong_recovery_key");
    let (again, _) = vault::unlock_with_recovery(&data, &keychain, new_code.expose(), Clock::System).unwrap();
    assert!(again.key == key_before, "the store's key itself does not change");
    drop(again);
    assert!(matches!(vault::open(&data, &keychain, Clock::System), Opening::Ready(_)), "the keychain still opens it");
}

#[test]
fn a_locked_keychain_is_reported_and_no_new_key_is_made() {
    let (_tmp, data, keychain, unlocked, _) = new_store();
    drop(unlocked);
    let key_file = fs::read(data.recovery_file()).unwrap();
    *keychain.failure.lock().unwrap() = Some(KeychainProblem::Locked);
    match vault::open(&data, &keychain, Clock::System) {
        Opening::Locked(e) => {
            assert_eq!(e.code(), "keychain_locked");
            assert!(e.to_string().contains("verrouillé"), "{e}");
        }
        _ => panic!("a locked keychain must give the locked state"),
    }
    assert_eq!(fs::read(data.recovery_file()).unwrap(), key_file);
}

#[test]
fn canary_is_nowhere_in_plaintext_wal_included() {
    let (_tmp, data, _keychain, mut unlocked, _) = new_store();
    let canary = "CANARI-Zoé-Côté-8f3a";
    settings::set(&mut unlocked.db, Key::SchoolName, canary).unwrap();
    backup::create(&mut unlocked.db, &data, &unlocked.key).unwrap();
    settings::set(&mut unlocked.db, Key::PrincipalName, canary).unwrap();
    // The connection is still open, so the last write sits in the WAL.
    let files = all_bytes_under(data.root());
    assert!(files.iter().any(|(p, _)| p.ends_with("-wal")), "the test must see a WAL file");
    assert!(files.iter().any(|(p, _)| p.contains("sauvegardes")), "the test must see a backup");
    for (path, bytes) in files {
        assert!(!contains(&bytes, canary.as_bytes()), "canary found in clear in {path}");
        assert!(!contains(&bytes, b"SQLite format 3"), "{path} is a plaintext SQLite file");
    }
}

#[cfg(unix)]
#[test]
fn files_are_private_even_with_an_open_umask() {
    use std::os::unix::fs::PermissionsExt;
    let (_tmp, data, _k, mut unlocked, _) = new_store();
    settings::set(&mut unlocked.db, Key::SchoolName, "x").unwrap();
    backup::create(&mut unlocked.db, &data, &unlocked.key).unwrap();
    for (path, _) in all_bytes_under(data.root()) {
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{path} has mode {mode:o}");
    }
    let dir_mode = fs::metadata(data.backups()).unwrap().permissions().mode() & 0o777;
    assert_eq!(dir_mode, 0o700);
}

#[test]
fn every_write_is_audited_and_a_failed_write_leaves_no_entry() {
    let (_tmp, _data, _k, mut unlocked, _) = new_store();
    let db = &mut unlocked.db;
    settings::set(db, Key::OperatorName, "Mme Tremblay").unwrap();
    settings::set(db, Key::SchoolName, "École des Bleuets").unwrap();
    let latest = audit::latest(&db.conn, 10).unwrap();
    assert_eq!(latest[0].action, "parametre.modification");
    assert_eq!(latest[0].object, "school_name");
    assert_eq!(latest[0].operator, "Mme Tremblay", "the operator set in Paramètres signs later entries");
    let count = latest.len();
    let failed: crate::Result<()> = db.write("essai", "x", |tx| {
        tx.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')", [])?;
        Err(Error::Database("échec voulu".into()))
    });
    assert!(failed.is_err());
    assert_eq!(audit::latest(&db.conn, 10).unwrap().len(), count, "no audit entry for a rolled-back write");
    let stored: i64 = db.conn.query_row("SELECT count(*) FROM settings WHERE key = 'k'", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, 0, "the write itself rolled back");
}

#[test]
fn the_audit_log_refuses_updates_and_verify_names_a_tampered_entry() {
    let (_tmp, _data, _k, mut unlocked, _) = new_store();
    for i in 0..5 {
        unlocked.db.write_logged("essai", &format!("objet-{i}"), "résumé").unwrap();
    }
    let refused = unlocked.db.conn.execute("UPDATE audit SET summary = 'x' WHERE id = 3", []);
    assert!(refused.is_err(), "the trigger must refuse an update");
    assert!(unlocked.db.verify().unwrap().ok);
    // Someone with the key and a SQLite shell drops the trigger and edits entry 3.
    unlocked
        .db
        .conn
        .execute_batch("DROP TRIGGER audit_no_update; UPDATE audit SET summary = 'x' WHERE id = 3;")
        .unwrap();
    let report = unlocked.db.verify().unwrap();
    assert!(!report.ok);
    assert!(report.problems.iter().any(|p| p.contains("n° 3")), "{:?}", report.problems);
}

#[test]
fn a_database_from_a_newer_balise_is_refused_untouched() {
    let (_tmp, data, keychain, unlocked, _) = new_store();
    unlocked.db.conn.pragma_update(None, "user_version", 999).unwrap();
    drop(unlocked);
    let before = fs::read(data.database()).unwrap();
    match vault::open(&data, &keychain, Clock::System) {
        Opening::Locked(e) => {
            assert_eq!(e.code(), "newer_schema");
            assert!(e.to_string().contains("plus récente"), "{e}");
        }
        _ => panic!("a newer schema must be refused"),
    }
    assert_eq!(fs::read(data.database()).unwrap(), before);
}

#[test]
fn settings_round_trip_and_defaults() {
    let (_tmp, _data, _k, mut unlocked, _) = new_store();
    let s = settings::all(&unlocked.db).unwrap();
    assert_eq!(s.css_name, settings::DEFAULT_CSS_NAME);
    assert_eq!(s.school_year, "2026-2027", "the clock says 20 August 2026");
    assert_eq!(s.language, "fr");
    settings::set(&mut unlocked.db, Key::FormDeadline, "2026-09-15").unwrap();
    assert_eq!(settings::get(&unlocked.db, Key::FormDeadline).unwrap(), "2026-09-15");
    let err = settings::set(&mut unlocked.db, Key::ReturnEmail, "pas-une-adresse").unwrap_err();
    assert_eq!(err.code(), "invalid_setting");
    assert!(matches!(Key::parse("couleur"), Err(Error::UnknownSetting(..))));
}

#[test]
fn backup_verify_and_restore_bring_back_the_old_state() {
    let (_tmp, data, _k, mut unlocked, _) = new_store();
    settings::set(&mut unlocked.db, Key::SchoolName, "Avant").unwrap();
    let made = backup::create(&mut unlocked.db, &data, &unlocked.key).unwrap();
    settings::set(&mut unlocked.db, Key::SchoolName, "Après").unwrap();
    let file = data.backups().join(&made.file);
    assert!(backup::verify(&file, &unlocked.key).unwrap().ok);
    let key = unlocked.key.clone();
    drop(unlocked);
    let aside = backup::restore(&data, &key, &file, &Clock::System).unwrap();
    assert!(aside.exists(), "the replaced file is kept aside");
    let db = Db::open(&data.database(), &key, Clock::System).unwrap();
    assert_eq!(settings::get(&db, Key::SchoolName).unwrap(), "Avant");
    assert!(db.verify().unwrap().ok);
}

/// Paramètres → Sauvegardes (issue 15, item 16): before a restore the window says what it loses
/// — the changes recorded since the backup, backups left out — and reaches only the backups
/// folder, by name.
#[test]
fn a_restore_preview_counts_the_changes_since_the_backup_and_names_only_backups() {
    let (_tmp, data, _k, mut unlocked, _) = new_store();
    settings::set(&mut unlocked.db, Key::SchoolName, "Avant").unwrap();
    let made = backup::create(&mut unlocked.db, &data, &unlocked.key).unwrap();
    let file = backup::in_folder(&data, &made.file).unwrap();
    let preview = backup::preview_restore(&unlocked.db, &file, &unlocked.key).unwrap();
    assert_eq!((preview.changes_lost, preview.latest_change_at.as_deref()), (0, None), "only the backup's own entry");
    assert!(preview.last_entry_at.is_some());
    for name in ["Après", "Encore après"] {
        settings::set(&mut unlocked.db, Key::SchoolName, name).unwrap();
    }
    // A later backup's entry (the rotation would keep one backup a day: its entry alone).
    unlocked.db.write_logged("sauvegarde.creation", "balise-20260820-100000.db", "sauvegarde chiffrée").unwrap();
    let preview = backup::preview_restore(&unlocked.db, &file, &unlocked.key).unwrap();
    assert_eq!(preview.changes_lost, 2, "two settings changes, not the later backup: {preview:?}");
    assert_eq!(preview.file, made.file);
    assert!(preview.latest_change_at.is_some());
    for bad in
        ["../balise.db", "balise.db", "balise-20260820-093000.db.partiel", "/etc/passwd", "balise-20990101-000000.db"]
    {
        let err = backup::in_folder(&data, bad).unwrap_err();
        assert_eq!(err.code(), "input_missing", "{bad}: {err}");
    }
}

#[test]
fn a_damaged_backup_is_refused_and_the_store_is_left_alone() {
    let (_tmp, data, _k, mut unlocked, _) = new_store();
    for i in 0..200 {
        unlocked.db.write_logged("essai", &format!("objet-{i}"), &"x".repeat(200)).unwrap();
    }
    let made = backup::create(&mut unlocked.db, &data, &unlocked.key).unwrap();
    let file = data.backups().join(&made.file);
    let mut bytes = fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xFF;
    fs::write(&file, bytes).unwrap();
    let key = unlocked.key.clone();
    drop(unlocked);
    let before = fs::read(data.database()).unwrap();
    let err = backup::restore(&data, &key, &file, &Clock::System).unwrap_err();
    assert_eq!(err.code(), "backup_damaged", "{err}");
    assert_eq!(fs::read(data.database()).unwrap(), before, "a refused restore must not touch the store");
}

#[test]
fn rotation_keeps_fourteen_days_and_twelve_months() {
    let (_tmp, data, _k, unlocked, _) = new_store();
    let key = unlocked.key.clone();
    let start = Local.with_ymd_and_hms(2025, 1, 1, 8, 0, 0).unwrap();
    // One backup a day for 500 days, through a clock moved forward each day.
    let path = unlocked.db.path().to_path_buf();
    drop(unlocked);
    for day in 0..500 {
        let clock = Clock::Fixed(start + Duration::days(day));
        let mut db = Db::open(&path, &key, clock).unwrap();
        assert!(backup::daily(&mut db, &data, &key).unwrap().is_some());
        assert!(backup::daily(&mut db, &data, &key).unwrap().is_none(), "at most one a day");
    }
    let kept = backup::list(&data).unwrap();
    // 14 latest days; the 12 latest months overlap the current month once.
    assert_eq!(kept.len(), 14 + 11, "{:?}", kept.iter().map(|b| &b.file).collect::<Vec<_>>());
}

#[test]
fn two_backups_in_the_same_second_are_both_made_and_the_newest_is_kept() {
    // Regression: the second backup of a second was named `…-1.db`, sorted before `….db`, and the
    // rotation deleted it right after making it.
    let (_tmp, data, _k, mut unlocked, _) = new_store();
    let first = backup::create(&mut unlocked.db, &data, &unlocked.key).unwrap();
    let second = backup::create(&mut unlocked.db, &data, &unlocked.key).unwrap();
    assert_ne!(first.file, second.file);
    let kept = backup::list(&data).unwrap();
    assert_eq!(kept[0].file, second.file, "the newest backup is listed first and kept: {kept:?}");
    assert!(data.backups().join(&second.file).exists());
}

#[cfg(unix)]
/// Runs `read` on a thread and gives up after five seconds: a read that hangs (a FIFO) fails the
/// test instead of hanging it.
fn within_five_seconds<T: Send + 'static>(read: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || send.send(read()));
    receive.recv_timeout(std::time::Duration::from_secs(5)).expect("the read must not hang")
}

/// Regression, issue 14 item 7: `import roster "nexiste pas.csv"` said « (os error 2) », a folder
/// as `--scan` « Is a directory (os error 21) », a FIFO as a roster hung and `/dev/zero` was read
/// until memory ran out. Every file a person names (a class list, a scan or document, a backup to
/// check or restore) goes through `input`: a French message, and nothing but a regular file read.
#[cfg(unix)]
#[test]
fn every_file_a_person_names_is_checked_before_it_is_read() {
    use crate::attachment::NewAttachment;
    let (tmp, _data, _keychain, unlocked, _) = new_store();
    let fifo = tmp.path().join("tube.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo (coreutils)");
    assert!(made.success(), "mkfifo {}", fifo.display());
    let missing = tmp.path().join("nexiste pas.csv");
    let key = unlocked.key.clone();
    type Read = fn(&Path, &crate::secret::DbKey) -> crate::Result<()>;
    let reads: [(&str, Read); 3] = [
        ("class list", |p, _| crate::roster::read_path(p, None).map(drop)),
        ("scan", |p, _| NewAttachment::read_file(p).map(drop)),
        ("backup", |p, key| backup::verify(p, key).map(drop)),
    ];
    for (label, read) in reads {
        let mut cases = vec![
            (missing.clone(), "input_missing", "n'existe pas"),
            (fifo.clone(), "input_not_a_file", "tube"),
            ("/dev/zero".into(), "input_not_a_file", "périphérique"),
        ];
        if label != "class list" {
            // A folder is a OneRoster export for a class list; anything else wants a file.
            cases.push((tmp.path().to_path_buf(), "input_not_a_file", "dossier"));
        }
        for (path, code, words) in cases {
            let key = key.clone();
            let shown = path.display().to_string();
            let err = within_five_seconds(move || read(&path, &key)).expect_err(label);
            let message = err.to_string();
            assert_eq!(err.code(), code, "{label}, {shown}: {message}");
            assert!(message.contains(words) && message.contains(&shown), "{label}, {shown}: {message}");
            assert!(!message.contains("os error"), "{label}, {shown}: no system jargon: {message}");
        }
    }
}

/// Regression (issue 14, item 7): restoring a truncated backup said only « database disk image
/// is malformed », and a damaged page quoted SQLCipher's « HMAC verification failed for page N ».
/// Whatever the damage (cut at any length, bytes flipped anywhere), `verify` and `restore` say
/// in French that the backup file is incomplete or damaged and to choose another, and the store is
/// left exactly as it was.
#[test]
fn a_truncated_or_damaged_backup_is_refused_in_french_and_the_store_is_left_alone() {
    let (_tmp, data, _k, mut unlocked, _) = new_store();
    for i in 0..200 {
        unlocked.db.write_logged("essai", &format!("objet-{i}"), &"x".repeat(200)).unwrap();
    }
    let made = backup::create(&mut unlocked.db, &data, &unlocked.key).unwrap();
    let good = fs::read(data.backups().join(&made.file)).unwrap();
    assert!(good.len() > 16 * 4096, "the backup spans many pages: {}", good.len());
    let key = unlocked.key.clone();
    drop(unlocked);
    let before = fs::read(data.database()).unwrap();

    let len = good.len();
    let mut damaged: Vec<(String, Vec<u8>)> = Vec::new();
    for cut in [0, 1, 100, 1024, 4095, 4096, 4097, 3 * 4096 + 7, len / 2, len - 4096, len - 1] {
        damaged.push((format!("coupée à {cut} octets"), good[..cut].to_vec()));
    }
    for at in [20, 4096 + 100, len / 2, len - 100] {
        let mut bytes = good.clone();
        for b in &mut bytes[at..at + 8] {
            *b ^= 0x5A;
        }
        damaged.push((format!("8 octets changés à {at}"), bytes));
    }
    let file = data.root().join("sauvegarde-abimee.db");
    for (case, bytes) in damaged {
        fs::write(&file, &bytes).unwrap();
        let verified = backup::verify(&file, &key);
        let restored = backup::restore(&data, &key, &file, &Clock::System);
        for (step, message, code) in [
            (
                "verify",
                verified.as_ref().map(|r| r.problems.join(" ; ")).unwrap_or_else(|e| e.to_string()),
                verified.as_ref().map(|_| "report").unwrap_or_else(|e| e.code()),
            ),
            (
                "restore",
                restored.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|e| e.to_string()),
                restored.as_ref().map(|_| "restored").unwrap_or_else(|e| e.code()),
            ),
        ] {
            assert_eq!(code, "backup_damaged", "{case}, {step}: refused as damaged: {message}");
            assert!(
                message.contains("incomplet ou endommagé") && message.contains("Choisissez une autre sauvegarde"),
                "{case}, {step}: says what happened and what to do: {message}"
            );
            for raw in ["HMAC", "malformed", "database", "page", "file is not", "disk image"] {
                assert!(!message.contains(raw), "{case}, {step}: no SQLite text « {raw} »: {message}");
            }
        }
        assert_eq!(fs::read(data.database()).unwrap(), before, "{case}: a refused restore leaves the store untouched");
        assert!(
            fs::read_dir(data.root()).unwrap().all(|e| !e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("restauration")),
            "{case}: nothing of the refused backup is left in the data folder"
        );
    }
}

/// Regression (issue 14, item 4): a backup that failed (disk full) was journaled as made, since
/// the entry was written before the copy. The journal says only what happened: no entry for a
/// failed backup, one for a backup made.
#[test]
fn a_failed_backup_leaves_no_journal_entry_and_a_made_one_leaves_exactly_one() {
    let (_tmp, data, _k, mut unlocked, _) = new_store();
    let creations = |db: &Db| db.journal(1000).unwrap().iter().filter(|e| e.action == "sauvegarde.creation").count();
    // The copy fails half-way, as on a full disk: the partial file cannot be created.
    let partial = data.backups().join("balise-20260820-093000.db.partiel");
    fs::create_dir_all(&partial).unwrap();
    let failed = backup::create(&mut unlocked.db, &data, &unlocked.key);
    assert!(failed.is_err(), "the backup cannot be written");
    assert_eq!(creations(&unlocked.db), 0, "a failed backup is not journaled");
    assert!(backup::list(&data).unwrap().is_empty(), "and leaves no backup");

    fs::remove_dir(&partial).unwrap();
    let made = backup::create(&mut unlocked.db, &data, &unlocked.key).unwrap();
    assert_eq!(creations(&unlocked.db), 1, "a backup made is journaled once");
    let entry = unlocked.db.journal(1).unwrap().remove(0);
    assert_eq!((entry.action.as_str(), entry.object.as_str()), ("sauvegarde.creation", made.file.as_str()));
    assert!(unlocked.db.verify().unwrap().ok, "the journal's chain holds");
    assert!(backup::verify(&data.backups().join(&made.file), &unlocked.key).unwrap().ok);
}

/// Regression (issue 14, item 9): an edited `balise.recovery` with Argon2's memory or passes set
/// to 2³²−1 aborted the process or hung the unlock. Only the parameters Balise writes (within a
/// small bound) are accepted: anything else is refused at once, before any key derivation, as a
/// modified file, and the store and the keychain are left alone.
#[test]
fn an_edited_recovery_file_is_refused_at_once_before_any_derivation() {
    use serde_json::{json, Value};
    let (_tmp, data, keychain, unlocked, code) = new_store();
    drop(unlocked);
    let original: Value = serde_json::from_slice(&fs::read(data.recovery_file()).unwrap()).unwrap();
    keychain.delete(original["store_id"].as_str().unwrap()).unwrap();
    let db_before = fs::read(data.database()).unwrap();
    let max = json!(u32::MAX);
    let edits: Vec<(&str, &str, Value)> = vec![
        ("/kdf/memory_kib", "memory 2³²−1 KiB", max.clone()),
        ("/kdf/memory_kib", "memory 0", json!(0)),
        ("/kdf/memory_kib", "memory 1 MiB", json!(1024)),
        ("/kdf/memory_kib", "memory 4 GiB", json!(4 * 1024 * 1024)),
        ("/kdf/iterations", "passes 2³²−1", max.clone()),
        ("/kdf/iterations", "passes 0", json!(0)),
        ("/kdf/iterations", "passes 1000", json!(1000)),
        ("/kdf/parallelism", "lanes 2³²−1", max.clone()),
        ("/kdf/parallelism", "lanes 0", json!(0)),
        ("/kdf/parallelism", "lanes 64", json!(64)),
        ("/kdf/salt", "salt empty", json!("")),
        ("/kdf/salt", "salt 1 byte", json!("ab")),
        ("/kdf/salt", "salt 1 MB", json!("ab".repeat(1 << 20))),
        ("/kdf/salt", "salt not hex", json!("zz".repeat(16))),
        ("/kdf/algorithm", "argon2i", json!("argon2i")),
        ("/format", "format 2", json!(2)),
        ("/nonce", "nonce 12 bytes", json!("00".repeat(12))),
        ("/nonce", "nonce not hex", json!("zz".repeat(24))),
        ("/wrapped_key", "wrapped key cut", json!("00".repeat(16))),
        ("/wrapped_key", "wrapped key 1 MB", json!("00".repeat(1 << 20))),
        ("/store_id", "store id not hex", json!("../../etc")),
    ];
    for (pointer, case, value) in edits {
        let mut edited = original.clone();
        *edited.pointer_mut(pointer).unwrap() = value;
        fs::write(data.recovery_file(), serde_json::to_vec(&edited).unwrap()).unwrap();
        let started = std::time::Instant::now();
        let err = vault::unlock_with_recovery(&data, &keychain, &code, Clock::System).err().expect(case);
        let took = started.elapsed();
        assert_eq!(err.code(), "recovery_file_modified", "{case}: {err}");
        let text = err.to_string();
        assert!(text.contains("a été modifié") && text.contains("copie"), "{case}: what happened, what to do: {text}");
        assert!(
            took < std::time::Duration::from_millis(500),
            "{case}: refused at once, not after a derivation: {took:?}"
        );
        assert_eq!(fs::read(data.database()).unwrap(), db_before, "{case}: the store is untouched");
    }
    fs::write(data.recovery_file(), serde_json::to_vec_pretty(&original).unwrap()).unwrap();
    vault::unlock_with_recovery(&data, &keychain, &code, Clock::System).expect("the file as Balise wrote it unlocks");
}
