// A damaged database file: `verify` fails and says so, never overwrites it, and a backup restores it.

use crate::cli::{balise, init, ok, stdout};

#[test]
fn a_changed_byte_is_reported_and_a_backup_restores_the_store() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    ok(dir.path(), &["settings", "set", "school_name", "École des Bleuets"]);
    // Enough pages that a byte in the middle hits data, not page 1.
    for i in 0..40 {
        ok(dir.path(), &["settings", "set", "principal_name", &format!("Direction {i} {}", "x".repeat(150))]);
    }
    let made: serde_json::Value = serde_json::from_str(&ok(dir.path(), &["backup", "create", "--json"])).unwrap();
    let backup = dir.path().join("sauvegardes").join(made["file"].as_str().unwrap());

    let db = dir.path().join("balise.db");
    let mut bytes = std::fs::read(&db).unwrap();
    assert!(bytes.len() > 8192, "the store must span several pages");
    let target = bytes.len() - 4096 + 100; // inside the last page's encrypted content
    bytes[target] ^= 0x5A;
    std::fs::write(&db, &bytes).unwrap();

    let out = balise(dir.path(), &["verify"]);
    assert_eq!(out.status.code(), Some(1), "verify must fail on a damaged file");
    let report = stdout(&out);
    assert!(report.contains("ÉCHOUÉE"), "{report}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "verify must not overwrite the damaged file");

    ok(dir.path(), &["backup", "restore", backup.to_str().unwrap()]);
    assert!(ok(dir.path(), &["verify"]).contains("réussie"));
    assert_eq!(ok(dir.path(), &["settings", "get", "school_name"]).trim(), "École des Bleuets");
    let kept_aside = std::fs::read_dir(dir.path())
        .unwrap()
        .any(|e| e.unwrap().file_name().to_string_lossy().starts_with("balise.db.avant-restauration-"));
    assert!(kept_aside, "the damaged file is kept aside, not deleted");
}
