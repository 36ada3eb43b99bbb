// The command line through the built binary: init, settings, audit, backups, verify, errors.

use std::path::Path;
use std::process::{Command, Output};

use crate::util::balise_bin;

/// Runs `balise --data-dir DIR ARGS…` with the session's real keychain.
pub fn balise(data: &Path, args: &[&str]) -> Output {
    balise_env(data, args, &[])
}

pub fn balise_env(data: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(balise_bin());
    command.arg("--data-dir").arg(data).args(args).env_remove("BALISE_RECOVERY_KEY").env("BALISE_NO_VIEWER", "1");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("the balise binary runs")
}

/// The school most scenario tests start from, at `now`: École des Bleuets in 2025-2026 (return
/// address and deadline set), the GPI fixture imported (601: Côté and N'Guessan), and ClassDojo
/// for 601's parents, authorized (`authorize_use`). Returns ClassDojo's use id.
pub fn bleuets_school(now: &str, data: &Path) -> i64 {
    json_at(now, data, &["init"]);
    for (key, value) in [
        ("school_year", "2025-2026"),
        ("school_name", "École des Bleuets"),
        ("return_email", "secretariat@bleuets.exemple.ca"),
        ("form_deadline", "2025-09-12"),
    ] {
        json_at(now, data, &["settings", "set", key, value]);
    }
    let fixture = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster/gpi_utf8_bom.csv");
    json_at(now, data, &["import", "roster", fixture.to_str().unwrap()]);
    let dojo =
        json_at(now, data, &["use", "add", "--class", "601", "--platform", "ClassDojo", "--audience", "parents"]);
    authorize_use(Some(now), data, &dojo["id"]);
    dojo["id"].as_i64().unwrap()
}

/// Runs with the clock fixed at `now` (`BALISE_NOW`), as the scenario tests do.
pub fn run_at(now: &str, data: &Path, args: &[&str]) -> Output {
    balise_env(data, args, &[("BALISE_NOW", now)])
}

/// Records what article 4 asks before any form is printed for use `id`: the principal's written
/// authorization with its letter (the permission, for ClassDojo while tolerated in 2025-2026,
/// to a teacher who already used it: « utilisait déjà »)
/// and the security committee's validation (needed once the tolerance ended, 30 June 2026),
/// dated `now`'s day (today's when `None`).
pub fn authorize_use(now: Option<&str>, data: &Path, id: &serde_json::Value) {
    let id = id.as_i64().map(|i| i.to_string()).unwrap_or_else(|| id.to_string());
    let day = match now {
        Some(now) => now[..10].to_string(),
        None => chrono::Local::now().date_naive().to_string(),
    };
    let letter = data.parent().unwrap_or(data).join(format!("autorisation-{id}.pdf"));
    std::fs::write(&letter, crate::util::minimal_pdf("lettre d'autorisation")).unwrap();
    let letter = letter.to_str().unwrap().to_string();
    for args in [
        vec![
            "use",
            "authorize",
            id.as_str(),
            "--date",
            day.as_str(),
            "--by",
            "La direction",
            "--document",
            &letter,
            "--already-used",
        ],
        vec!["use", "validate-committee", id.as_str(), "--date", day.as_str()],
    ] {
        let out = match now {
            Some(now) => run_at(now, data, &args),
            None => balise(data, &args),
        };
        assert!(out.status.success(), "balise {args:?} failed: {}", stderr(&out));
    }
}

/// Runs with `--json` at `now`, insists on success and parses the answer.
pub fn json_at(now: &str, data: &Path, args: &[&str]) -> serde_json::Value {
    let args: Vec<&str> = args.iter().copied().chain(["--json"]).collect();
    let out = run_at(now, data, &args);
    assert!(out.status.success(), "balise {args:?} failed: {}", stderr(&out));
    let text = stdout(&out);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("balise {args:?} --json is not JSON ({e}): {text}"))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs and insists on success, returning stdout.
pub fn ok(data: &Path, args: &[&str]) -> String {
    let out = balise(data, args);
    assert!(out.status.success(), "balise {args:?} failed: {}", stderr(&out));
    stdout(&out)
}

/// `balise init --json` on a fresh folder; returns the recovery key.
pub fn init(data: &Path) -> String {
    let json: serde_json::Value = serde_json::from_str(&ok(data, &["init", "--json"])).unwrap();
    json["recovery_key"].as_str().expect("init --json gives recovery_key").to_string()
}

#[test]
fn init_prints_the_key_once_and_refuses_a_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    let sheet = dir.path().join("cle.pdf");
    let out = balise(&data, &["init", "--recovery-sheet", sheet.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Clé de récupération"), "{text}");
    let key_line = text.lines().find(|l| l.trim().len() == 34).expect("the key is printed on its own line");
    let pdf_text = crate::util::pdf_text(&sheet);
    assert!(pdf_text.contains("Clé de récupération"), "{pdf_text}");
    for group in key_line.trim().split('-') {
        assert!(pdf_text.contains(group), "group {group} missing from the sheet");
    }
    let again = balise(&data, &["init"]);
    assert_eq!(again.status.code(), Some(1));
    let err = stderr(&again);
    assert!(err.starts_with("balise : Un coffre Balise existe déjà"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line on stderr: {err}");
}

#[test]
fn settings_set_get_and_their_audit_entries() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    ok(dir.path(), &["settings", "set", "operator_name", "Mme Tremblay"]);
    ok(dir.path(), &["settings", "set", "school_name", "École Saint-Joseph"]);
    ok(dir.path(), &["settings", "set", "form_deadline", "2026-09-15"]);
    assert_eq!(ok(dir.path(), &["settings", "get", "school_name"]).trim(), "École Saint-Joseph");
    let all: serde_json::Value = serde_json::from_str(&ok(dir.path(), &["settings", "get", "--json"])).unwrap();
    assert_eq!(all["css_name"], "Centre de services scolaire du Pays-des-Bleuets");
    assert_eq!(all["form_deadline"], "2026-09-15");

    let bad = balise(dir.path(), &["settings", "set", "form_deadline", "15 septembre"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("AAAA-MM-JJ"), "{}", stderr(&bad));
    let unknown = balise(dir.path(), &["settings", "set", "couleur", "bleu"]);
    assert!(stderr(&unknown).contains("Réglage inconnu"), "{}", stderr(&unknown));

    let audit: serde_json::Value = serde_json::from_str(&ok(dir.path(), &["audit", "--limit", "3", "--json"])).unwrap();
    let entries = audit.as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0]["object"], "form_deadline", "newest first");
    assert_eq!(entries[0]["operator"], "Mme Tremblay");
    assert!(!entries[0]["os_user"].as_str().unwrap().is_empty());
}

#[test]
fn backups_are_made_listed_verified_and_restored() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    ok(dir.path(), &["settings", "set", "school_name", "Avant"]);
    let made: serde_json::Value = serde_json::from_str(&ok(dir.path(), &["backup", "create", "--json"])).unwrap();
    let file = dir.path().join("sauvegardes").join(made["file"].as_str().unwrap());
    ok(dir.path(), &["settings", "set", "school_name", "Après"]);
    let list: serde_json::Value = serde_json::from_str(&ok(dir.path(), &["backup", "list", "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(ok(dir.path(), &["backup", "verify", file.to_str().unwrap()]).contains("intègre"));
    ok(dir.path(), &["backup", "restore", file.to_str().unwrap()]);
    assert_eq!(ok(dir.path(), &["settings", "get", "school_name"]).trim(), "Avant");
    assert!(ok(dir.path(), &["verify"]).contains("réussie"));
}

#[test]
fn commands_without_a_store_and_bad_arguments_say_so_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let out = balise(dir.path(), &["verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("Aucun coffre Balise"), "{}", stderr(&out));
    let out = balise(dir.path(), &["backup", "frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("balise : arguments invalides"), "{}", stderr(&out));
}

/// Regression (issue 14, item 8): `balise student list | head -1` panicked with « failed printing
/// to stdout: Broken pipe » and exit 101. A reader that goes away ends the command quietly.
#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    ok(dir.path(), &["settings", "set", "school_year", "2025-2026"]);
    let roster = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster/gpi_utf8_bom.csv");
    ok(dir.path(), &["import", "roster", roster.to_str().unwrap()]);
    assert!(ok(dir.path(), &["student", "list"]).lines().count() > 1, "the list has several lines to print");

    let spawn = || {
        Command::new(balise_bin())
            .arg("--data-dir")
            .arg(dir.path())
            .args(["student", "list"])
            .env_remove("BALISE_RECOVERY_KEY")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the balise binary runs")
    };
    // The read end closed before the first write: the write meets a pipe without a reader.
    let mut closed_at_once = spawn();
    drop(closed_at_once.stdout.take());
    // `head -1`: one line read, then the pipe closed.
    let mut one_line_read = spawn();
    let mut first = String::new();
    BufReader::new(one_line_read.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(!first.trim().is_empty(), "the first line arrives");

    for (case, child) in [("closed at once", closed_at_once), ("one line read", one_line_read)] {
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{case}: no panic text: {err}");
        assert!(err.is_empty(), "{case}: nothing to say on stderr: {err}");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{case}: the list was given; a reader that stops early is not a failure"
        );
    }
}

/// Regression (issue 14, item 7): clap's usage errors came out in English (« the argument
/// '--signer <NOM>' cannot be used with '--student-signed' »). Each one is a French line that says
/// what was wrong and where the help is; --help and --version still print and exit 0.
#[test]
fn usage_errors_are_french_and_help_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let check = |args: &[&str], expected: &[&str]| {
        let out = balise(dir.path(), args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: a usage error exits 2: {err}");
        assert!(err.starts_with("balise : arguments invalides : "), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: one line: {err}");
        for part in expected {
            assert!(err.contains(part), "{args:?}: « {part} » expected in: {err}");
        }
        for english in [
            "error:",
            "cannot be used",
            "required",
            "provided",
            "unexpected",
            "invalid value",
            "invalid digit",
            "found",
            "Usage",
            "tip:",
        ] {
            assert!(!err.contains(english), "{args:?}: English « {english} » left in: {err}");
        }
    };
    // Two flags that exclude each other.
    check(
        &["consent", "record", "K7M-4QXC", "--q1", "oui", "--q2", "oui", "--signer", "A", "--student-signed"],
        &[
            "« --signer <NOM> » et « --student-signed » ne peuvent pas être donnés ensemble",
            "balise consent record --help",
        ],
    );
    // A required argument, then a required group, left out.
    check(&["backup", "verify"], &["il manque", "<FICHIER>", "balise backup verify --help"]);
    check(&["print", "annexe-a"], &["il manque", "--class <GROUPE> ou --student <ELEVE>"]);
    check(&["backup", "frobnicate"], &["la commande « frobnicate » n'existe pas"]);
    check(&["backup"], &["il manque la commande après « balise backup »", "create, list, verify, restore"]);
    check(&["--frob"], &["l'argument « --frob » n'est pas connu"]);
    check(
        &["audit", "--limit", "abc"],
        &["valeur « abc » refusée pour « --limit <LIMIT> »", "un nombre entier", "balise audit --help"],
    );
    check(&["settings", "get", "a", "b"], &["l'argument « b » n'est pas connu"]);

    for flag in ["--help", "--version"] {
        let out = balise(dir.path(), &[flag]);
        assert_eq!(out.status.code(), Some(0), "{flag}: {}", stderr(&out));
        assert!(stdout(&out).contains("balise") || stdout(&out).contains("Balise"), "{flag}: {}", stdout(&out));
    }
    assert!(stdout(&balise(dir.path(), &["backup", "--help"])).contains("Crée une sauvegarde maintenant"));
    // What the IT department reads off an installed copy (issue 18): the version of Cargo.toml.
    let version = balise(dir.path(), &["--version"]);
    assert_eq!(stdout(&version).trim(), format!("balise {}", env!("CARGO_PKG_VERSION")));
}

/// Regression (issue 14, item 5): below ~32 KB free, every command, reads included, said
/// « Erreur de la base de données : disk I/O error ». On a small tmpfs filled to several levels
/// of free space, a read and a write either work or say the disk is full; freed, the store is
/// whole. Mounting needs root: as another user the test says so and checks nothing.
#[test]
fn an_almost_full_disk_is_reported_as_full_for_reads_and_writes() {
    use std::io::Write;
    let uid = Command::new("id").arg("-u").output().map(|o| stdout(&o).trim().to_string()).unwrap_or_default();
    if uid != "0" {
        eprintln!("an_almost_full_disk…: not root, no tmpfs: skipped (the error mapping has its unit test)");
        return;
    }
    struct Mounted(std::path::PathBuf);
    impl Drop for Mounted {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("disque");
    std::fs::create_dir(&disk).unwrap();
    let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", "size=4m"]).arg("tmpfs").arg(&disk).status();
    if !mounted.is_ok_and(|s| s.success()) {
        // A container may run as root without the right to mount (no CAP_SYS_ADMIN).
        crate::util::figures("disque presque plein : montage d'un tmpfs refusé ici, test sauté (la correspondance des erreurs a son test unitaire)");
        return;
    }
    let _unmount = Mounted(disk.clone());
    let data = disk.join("Balise");
    init(&data);
    ok(&data, &["settings", "set", "school_name", "Avant"]);

    // Fill the disk to the last byte.
    let filler_path = disk.join("remplissage");
    let mut filler = std::fs::File::create(&filler_path).unwrap();
    for chunk in [65536, 4096, 512, 1] {
        while filler.write_all(&vec![0u8; chunk]).is_ok() {}
    }
    let full_len = filler.metadata().unwrap().len();
    let (mut refused, mut backups_made) = (0, 0);
    for free in [0u64, 4096, 12288, 20480, 28672, 40960, 65536, 262144, 1 << 20] {
        filler.set_len(full_len.saturating_sub(free)).unwrap();
        for args in
            [&["audit", "--limit", "3"][..], &["settings", "set", "school_name", "Pendant"], &["backup", "create"]]
        {
            let out = balise(&data, args);
            backups_made += usize::from(args[0] == "backup" && out.status.success());
            let err = stderr(&out);
            assert!(
                !err.contains("disk I/O error") && !err.contains("Erreur de la base de données"),
                "{free} B free, {args:?}: {err}"
            );
            if !out.status.success() {
                refused += 1;
                assert!(err.contains("Le disque est plein"), "{free} B free, {args:?}: the disk is full: {err}");
                assert!(err.contains("Libérez de l'espace"), "{free} B free, {args:?}: what to do: {err}");
            }
        }
    }
    crate::util::figures(&format!(
        "disque presque plein : {refused} commande(s) refusée(s) sur 27, toutes par « Le disque est plein » ; {backups_made} sauvegarde(s) faite(s) sur 9"
    ));
    assert!(refused > 0, "with 0 bytes free at least one command is refused");
    drop(filler);
    std::fs::remove_file(&filler_path).unwrap();
    assert!(ok(&data, &["verify"]).contains("réussie"), "freed, the store is whole");
    // The journal says only what happened: one backup entry per backup made, none for a refused one.
    let journal: serde_json::Value = serde_json::from_str(&ok(&data, &["--json", "audit", "--limit", "1000"])).unwrap();
    let journaled = journal.as_array().unwrap().iter().filter(|e| e["action"] == "sauvegarde.creation").count();
    let listed: serde_json::Value = serde_json::from_str(&ok(&data, &["--json", "backup", "list"])).unwrap();
    assert!(backups_made >= 1, "with 1 MiB free a backup is made");
    assert_eq!(journaled, backups_made, "backup entries in the journal = backups made");
    assert_eq!(listed.as_array().unwrap().len(), backups_made, "backups on disk = backups made");
    let name = ok(&data, &["settings", "get", "school_name"]);
    assert!(["Avant", "Pendant"].contains(&name.trim()), "the name is one that was acknowledged: {name}");
}
