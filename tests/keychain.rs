// The real OS keychain (gnome-keyring in the test's D-Bus session): a deleted entry is restored
// through the recovery key; no Secret Service gives a clear error, no new key, no plaintext key.

use std::process::Command;

use crate::cli::{balise, balise_env, init, ok, stderr};

fn store_id(data: &std::path::Path) -> String {
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.join("balise.recovery")).unwrap()).unwrap();
    file["store_id"].as_str().unwrap().to_string()
}

fn secret_tool(action: &str, id: &str) -> std::process::Output {
    Command::new("secret-tool")
        .args([action, "service", "Balise", "username", &format!("cle-base-{id}")])
        .output()
        .expect("secret-tool (libsecret-tools) is installed by scripts/test")
}

#[test]
fn the_key_lives_in_the_keychain_and_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let id = store_id(dir.path());
    let found = secret_tool("lookup", &id);
    assert!(found.status.success() && !found.stdout.is_empty(), "the key must be in the Secret Service");
    // A new process reads it back: no silent in-memory store.
    assert!(ok(dir.path(), &["verify"]).contains("réussie"));
}

#[test]
fn entry_deleted_then_the_recovery_key_unlocks_and_puts_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let code = init(dir.path());
    let id = store_id(dir.path());
    assert!(secret_tool("clear", &id).status.success());

    let locked = balise(dir.path(), &["settings", "get"]);
    assert_eq!(locked.status.code(), Some(1));
    assert!(stderr(&locked).contains("clé de récupération"), "must offer the recovery path: {}", stderr(&locked));

    let wrong =
        balise_env(dir.path(), &["settings", "get"], &[("BALISE_RECOVERY_KEY", "2222-2222-2222-2222-2222-2222-2222")]);
    assert_eq!(wrong.status.code(), Some(1));
    let before = std::fs::read(dir.path().join("balise.db")).unwrap();
    let wrong_but_wellformed = {
        // A real code of another store: passes its check, fails the unwrap.
        let other = tempfile::tempdir().unwrap();
        init(other.path())
    };
    let refused = balise_env(dir.path(), &["settings", "get"], &[("BALISE_RECOVERY_KEY", &wrong_but_wellformed)]);
    assert!(stderr(&refused).contains("ne correspond pas"), "{}", stderr(&refused));
    assert_eq!(std::fs::read(dir.path().join("balise.db")).unwrap(), before, "a wrong key changes nothing");
    assert!(!secret_tool("lookup", &id).status.success(), "a wrong key puts nothing in the keychain");

    let recovered =
        balise_env(dir.path(), &["settings", "get", "css_name"], &[("BALISE_RECOVERY_KEY", &code.to_lowercase())]);
    assert!(recovered.status.success(), "{}", stderr(&recovered));
    assert!(secret_tool("lookup", &id).status.success(), "the key is back in the keychain");
    assert!(ok(dir.path(), &["verify"]).contains("réussie"), "later runs need no recovery key");
}

#[test]
fn no_secret_service_gives_a_clear_error_and_no_key_on_disk() {
    let no_bus = [("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")];
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    let out = balise_env(&data, &["init"], &no_bus);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("trousseau"), "{}", stderr(&out));
    assert!(
        !data.join("balise.db").exists() && !data.join("balise.recovery").exists(),
        "nothing created without a keychain"
    );

    // An existing store with the keychain gone: locked, no new key, files untouched.
    let dir = tempfile::tempdir().unwrap();
    let code = init(dir.path());
    let files_before: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    let recovery_before = std::fs::read(dir.path().join("balise.recovery")).unwrap();
    let out = balise_env(dir.path(), &["settings", "get"], &no_bus);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("pas disponible"), "{}", stderr(&out));
    let files_after: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(files_before.len(), files_after.len(), "no file added: {files_after:?}");
    assert_eq!(std::fs::read(dir.path().join("balise.recovery")).unwrap(), recovery_before);
    // The recovery key still opens it, and says the keychain could not be refilled.
    let out = balise_env(dir.path(), &["settings", "get", "css_name"], &[no_bus[0], ("BALISE_RECOVERY_KEY", &code)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("n'a pas pu être remise"), "{}", stderr(&out));
}

#[test]
fn a_new_recovery_key_replaces_the_old_one_with_its_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let old = init(dir.path());
    let unconfirmed = balise(dir.path(), &["new-recovery-key"]);
    assert_eq!(unconfirmed.status.code(), Some(2));
    assert!(stderr(&unconfirmed).contains("Ajoutez --confirm"), "{}", stderr(&unconfirmed));

    let sheet = dir.path().join("nouvelle-cle.pdf");
    let renewed =
        balise(dir.path(), &["--json", "new-recovery-key", "--confirm", "--recovery-sheet", sheet.to_str().unwrap()]);
    assert!(renewed.status.success(), "{}", stderr(&renewed));
    let json: serde_json::Value = serde_json::from_slice(&renewed.stdout).unwrap();
    let new = json["recovery_key"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    let printed = crate::util::pdf_text(&sheet);
    for group in new.split('-') {
        assert!(printed.contains(group), "the new sheet holds the new key ({group}):\n{printed}");
    }

    // Without the keychain entry, only the new key opens the store; the key itself did not change.
    let id = store_id(dir.path());
    assert!(secret_tool("clear", &id).status.success());
    let with_old = balise_env(dir.path(), &["settings", "get"], &[("BALISE_RECOVERY_KEY", &old)]);
    assert!(stderr(&with_old).contains("ne correspond pas"), "the old key is refused: {}", stderr(&with_old));
    let with_new = balise_env(dir.path(), &["settings", "get"], &[("BALISE_RECOVERY_KEY", &new)]);
    assert!(with_new.status.success(), "{}", stderr(&with_new));
    let journal = crate::cli::ok(dir.path(), &["audit", "--limit", "5"]);
    assert!(journal.contains("coffre.nouvelle_cle_recuperation"), "{journal}");
    assert!(!journal.contains(&new) && !journal.contains(&old), "no key in the journal");
}
