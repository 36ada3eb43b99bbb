// The end of the year through the built binary (issue #7): a school with the GPI fixture plus a
// canary student, forms printed, a consent with a scan, a clear export, backups; the year closed
// with an override, the clock moved past retention, the purge. Then no byte of the canary is
// left anywhere in the data folder (UTF-8 or UTF-16LE), nor in a decrypted copy of the store,
// where it was found before; and `verify` still passes.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::cli::{json_at, run_at, stderr};

const PRINTED: &str = "2025-08-25T10:00:00-04:00";
const SEPTEMBER: &str = "2025-09-04T10:00:00-04:00";
const END_OF_JUNE: &str = "2026-06-30T16:00:00-04:00";
const DAY_BEFORE_DUE: &str = "2027-06-29T10:00:00-04:00";
const DUE: &str = "2027-06-30T10:00:00-04:00";

const CANARY: &str = "Zyxcanari";
const CANARY_ROW: &str =
    "1099;;Qwertonne;Zyxcanari;2014-05-05;601;6e année;Tremblay, Marie-Ève;Qwertonne;Zyxcanaria;zyx.qwertonne@exemple.ca;;;;\r\n";

/// Every file under `dir`, recursively (WAL, SHM, backups, exports included).
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The files under `dir` holding the canary in UTF-8 or UTF-16LE.
fn canary_in(dir: &Path) -> Vec<PathBuf> {
    let utf16: Vec<u8> = CANARY.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    files(dir)
        .into_iter()
        .filter(|f| {
            let bytes = std::fs::read(f).unwrap();
            contains(&bytes, CANARY.as_bytes()) || contains(&bytes, &utf16)
        })
        .collect()
}

/// A plaintext copy of the store: the key unwrapped from `balise.recovery` with the recovery key
/// (on a copy of the folder, with an in-memory keychain), then `sqlcipher_export` into a file
/// with no key. Returns its bytes.
fn decrypted(data: &Path, recovery_key: &str, scratch: &Path) -> Vec<u8> {
    let copy = scratch.join("copie");
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy).unwrap();
    for name in ["balise.db", "balise.db-wal", "balise.recovery"] {
        if data.join(name).exists() {
            std::fs::copy(data.join(name), copy.join(name)).unwrap();
        }
    }
    let (unlocked, _) = balise_core::vault::unlock_with_recovery(
        &balise_core::paths::DataDir::new(&copy),
        &balise_core::keychain::MemoryKeychain::default(),
        recovery_key,
        balise_core::clock::Clock::System,
    )
    .expect("the recovery key unwraps the store's key");
    let hex: String = unlocked.key.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    drop(unlocked);
    let plain = scratch.join("clair.db");
    let _ = std::fs::remove_file(&plain);
    let conn = rusqlite::Connection::open(copy.join("balise.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{hex}'\";")).unwrap();
    conn.execute_batch(&format!(
        "ATTACH DATABASE '{}' AS plain KEY ''; SELECT sqlcipher_export('plain'); DETACH DATABASE plain;",
        plain.display()
    ))
    .unwrap();
    drop(conn);
    std::fs::read(&plain).unwrap()
}

fn fails_at(now: &str, data: &Path, args: &[&str]) -> (i32, String) {
    let out = run_at(now, data, args);
    assert!(!out.status.success(), "balise {args:?} should fail");
    (out.status.code().unwrap_or(-1), stderr(&out))
}

#[test]
fn a_purge_leaves_no_trace_of_a_canary_name_anywhere_in_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    let recovery_key = json_at(PRINTED, &data, &["init"])["recovery_key"].as_str().unwrap().to_string();
    for (key, value) in [
        ("school_year", "2025-2026"),
        ("school_name", "École des Bleuets"),
        ("return_email", "secretariat@bleuets.exemple.ca"),
        ("form_deadline", "2025-09-12"),
    ] {
        json_at(PRINTED, &data, &["settings", "set", key, value]);
    }
    // The GPI fixture with one more student: the canary.
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster/gpi_utf8_bom.csv");
    let mut list = std::fs::read(&fixture).unwrap();
    list.extend_from_slice(CANARY_ROW.as_bytes());
    let roster = dir.path().join("liste.csv");
    std::fs::write(&roster, list).unwrap();
    json_at(PRINTED, &data, &["import", "roster", roster.to_str().unwrap()]);
    let dojo =
        json_at(PRINTED, &data, &["use", "add", "--class", "601", "--platform", "ClassDojo", "--audience", "parents"]);
    crate::cli::authorize_use(Some(PRINTED), &data, &dojo["id"]);
    // Printed into the export folder, as the window does for the viewer.
    std::fs::create_dir_all(data.join("exports")).unwrap();
    let pdf = data.join("exports").join("balise-formulaires-601.pdf");
    let printed = json_at(PRINTED, &data, &["print", "annexe-a", "--class", "601", "-o", pdf.to_str().unwrap()]);
    let forms = printed["forms"].as_array().unwrap();
    let canary_form = forms
        .iter()
        .find(|f| f["student"].as_str().unwrap().contains("Qwertonne"))
        .unwrap_or_else(|| panic!("the canary's form is printed: {printed}"));
    let number = canary_form["number"].as_str().unwrap().to_string();

    // A returned form with its scan (question 2 left blank, so it is on the follow-up list), a
    // clear follow-up export, two backups.
    let scan = dir.path().join("scan.pdf");
    std::fs::write(&scan, crate::util::minimal_pdf(&format!("formulaire de {CANARY} Qwertonne"))).unwrap();
    json_at(
        SEPTEMBER,
        &data,
        &[
            "consent",
            "record",
            &number,
            "--q1",
            "oui",
            "--q2",
            "vide",
            "--received",
            "2025-09-03",
            "--scan",
            scan.to_str().unwrap(),
        ],
    );
    let export = data.join("exports").join("suivi.csv");
    json_at(SEPTEMBER, &data, &["consent", "missing", "--export", export.to_str().unwrap()]);
    json_at(SEPTEMBER, &data, &["backup", "create"]);
    json_at(SEPTEMBER, &data, &["backup", "create"]);

    // Before: the byte search finds the canary in the clear export, and in the decrypted store.
    let found = canary_in(&data);
    assert!(found.iter().any(|f| f.ends_with("suivi.csv")), "the search finds a clear copy: {found:?}");
    let plain = decrypted(&data, &recovery_key, dir.path());
    assert!(contains(&plain, CANARY.as_bytes()), "the decrypted store holds the canary before the purge");

    // Closing: an override needs a reason; with one, the year closes.
    let (code, err) = fails_at(END_OF_JUNE, &data, &["year", "close", "--override"]);
    assert_eq!(code, 2, "--override without --reason is a usage error: {err}");
    let closed = json_at(END_OF_JUNE, &data, &["year", "close", "--override", "--reason", "Une attestation manque"]);
    assert_eq!(closed["year"], "2025-2026");
    assert_eq!(closed["closed_on"], "2026-06-30");
    let (code, err) = fails_at(END_OF_JUNE, &data, &["year", "close"]);
    assert_eq!(code, 1);
    assert!(err.contains("déjà close (le 2026-06-30)"), "{err}");
    let (_, err) =
        fails_at(END_OF_JUNE, &data, &["use", "add", "--class", "601", "--platform", "Teams", "--audience", "eleves"]);
    assert!(err.contains("L'année 2025-2026 est close"), "a closed year is read-only: {err}");
    let years = json_at(END_OF_JUNE, &data, &["year", "list"]);
    assert_eq!(years[0]["state"], "closed", "{years}");
    assert_eq!(years[0]["purge_due_on"], "2027-06-30", "one year of retention by default");
    let opened = json_at(END_OF_JUNE, &data, &["year", "open", "2026-2027"]);
    assert_eq!(opened["previous"], "2025-2026");

    // The day before the anniversary nothing is due; on it, the dry run lists the year.
    let report = json_at(DAY_BEFORE_DUE, &data, &["purge", "--dry-run"]);
    assert_eq!(report["years"].as_array().unwrap().len(), 0, "{report}");
    let backups_before = json_at(DUE, &data, &["backup", "list"]);
    let report = json_at(DUE, &data, &["purge", "--dry-run"]);
    assert_eq!(report["years"][0]["year"], "2025-2026", "{report}");
    assert_eq!(report["years"][0]["counts"]["students"], 5, "four in the fixture's file plus the canary: {report}");
    assert_eq!(report["years"][0]["counts"]["consents_given"], 1);
    assert_eq!(json_at(DUE, &data, &["backup", "list"]), backups_before, "a dry run writes nothing");
    assert!(!canary_in(&data).is_empty(), "a dry run removes nothing");

    let report = json_at(DUE, &data, &["purge"]);
    assert_eq!(report["dry_run"], false);
    // Every backup made before the purge (the rotation keeps one a day) is gone, replaced by one.
    let before = backups_before.as_array().unwrap().len();
    assert!(before >= 1, "backups existed before: {backups_before}");
    assert_eq!(report["backups_removed"].as_array().unwrap().len(), before, "{report}");
    assert!(report["backup_made"]["file"].is_string(), "a fresh backup: {report}");

    // After: nothing, anywhere — store, WAL, backups, exports — nor in the decrypted store.
    let found = canary_in(&data);
    assert!(found.is_empty(), "the canary is still in {found:?}");
    let plain = decrypted(&data, &recovery_key, dir.path());
    assert!(!contains(&plain, CANARY.as_bytes()), "the decrypted store still holds the canary");
    assert!(!contains(&plain, b"Qwertonne"), "nor the last name");
    let verify = json_at(DUE, &data, &["verify"]);
    assert_eq!(verify["ok"], true, "the audit chain is intact after the purge: {verify}");
    let years = json_at(DUE, &data, &["year", "list"]);
    let past = years.as_array().unwrap().iter().find(|y| y["year"] == "2025-2026").unwrap();
    assert_eq!(past["state"], "purged", "{years}");
    assert_eq!(past["counts"]["forms"], canary_form_count(&printed), "the counts are kept");
    let (code, _) = fails_at(DUE, &data, &["consent", "record", &number, "--q1", "oui", "--q2", "oui"]);
    assert_eq!(code, 1, "the purged form is gone");
    let audit = json_at(DUE, &data, &["audit", "--limit", "500"]);
    assert!(!audit.to_string().contains(CANARY), "no name in the journal");
    assert!(audit.to_string().contains("annee.purge"), "the purge is in the journal");
}

fn canary_form_count(printed: &Value) -> Value {
    Value::from(printed["forms"].as_array().unwrap().len())
}
