// Class lists through the built binary (issue #4), on a fixed clock: the preview, the import,
// idempotence across encodings, refused lines, a class change, withdraw-missing, --map.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::cli::{json_at, run_at, stderr, stdout};

/// Every call runs on 25 August 2025, in the 2025-2026 school year.
const NOW: &str = "2025-08-25T10:00:00-04:00";

fn run(data: &Path, args: &[&str]) -> Output {
    run_at(NOW, data, args)
}

fn json(data: &Path, args: &[&str]) -> Value {
    json_at(NOW, data, args)
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster").join(name).display().to_string()
}

fn school(data: &Path) {
    json(data, &["init"]);
    json(data, &["settings", "set", "school_year", "2025-2026"]);
}

fn counts(report: &Value) -> [i64; 5] {
    ["added", "changed", "unchanged", "absent", "rejected"].map(|k| report[k].as_i64().unwrap_or(-1))
}

fn students(data: &Path) -> Vec<Value> {
    json(data, &["student", "list"]).as_array().unwrap().clone()
}

#[test]
fn a_dry_run_writes_nothing_then_the_import_does_once_whatever_the_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    let file = fixture("gpi_utf8_bom.csv");

    let preview = json(&data, &["import", "roster", &file, "--dry-run"]);
    assert_eq!(counts(&preview), [4, 0, 0, 0, 0], "{preview}");
    assert_eq!(preview["written"], false);
    let ignored = preview["mapping"]["ignored"].as_array().unwrap();
    assert!(ignored.iter().any(|h| h == "Remarque"), "columns Balise does not need are listed: {ignored:?}");
    assert!(students(&data).is_empty(), "a dry run writes nothing");

    let imported = json(&data, &["import", "roster", &file]);
    assert_eq!(counts(&imported), [4, 0, 0, 0, 0]);
    assert_eq!(imported["written"], true);
    let list = students(&data);
    assert_eq!(list.len(), 4);
    let cote = list.iter().find(|s| s["fiche"] == "1001").expect("fiche 1001");
    assert_eq!((cote["last_name"].as_str(), cote["first_name"].as_str()), (Some("Côté"), Some("Ève-Marie")));
    assert_eq!(cote["class_code"], "601");
    assert_eq!(cote["birth_date"], "2014-03-09");
    assert_eq!(cote["guardians"].as_array().unwrap().len(), 2, "father and mother: {cote}");
    let nguessan = list.iter().find(|s| s["fiche"] == "1002").unwrap();
    assert_eq!(nguessan["birth_date"], "2013-04-12", "09/03/2014 style dates are day first");
    let classes: Value = json(&data, &["class", "list"]);
    let codes: Vec<&str> = classes.as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["601", "602"], "the classes named in the file are created");
    let audit = stdout(&run(&data, &["audit", "--limit", "5"]));
    assert!(audit.contains("eleves.importation"), "one audit entry: {audit}");
    assert!(!audit.contains("Côté"), "the journal holds no student name: {audit}");

    // The same list again, and the same list as Excel on a French Windows saves it: nothing changes.
    for again in [file.as_str(), &fixture("gpi_windows1252.csv")] {
        let second = json(&data, &["import", "roster", again]);
        assert_eq!(counts(&second), [0, 0, 4, 0, 0], "{again}: {second}");
        assert_eq!(second["written"], false, "nothing to write");
    }
    let entries = stdout(&run(&data, &["audit", "--limit", "50"]));
    assert_eq!(entries.matches("eleves.importation").count(), 1, "an import that changes nothing is not journaled");
}

#[test]
fn refused_lines_abort_the_import_unless_skipped_and_say_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    let hostile = fixture("hostile.csv");

    let refused = run(&data, &["import", "roster", &hostile, "--json"]);
    assert_eq!(refused.status.code(), Some(1), "refused lines abort the import");
    let report: Value = serde_json::from_str(&stdout(&refused)).expect("the preview is still printed as JSON");
    let rows = report["rejected_rows"].as_array().unwrap();
    assert!(report["rejected"].as_i64().unwrap() >= 4, "{report}");
    assert_eq!(rows.len() as i64, report["rejected"].as_i64().unwrap());
    for row in rows {
        assert!(row["line"].as_i64().unwrap() >= 2, "a line number under the header: {row}");
        assert!(!row["reason"].as_str().unwrap().is_empty());
    }
    assert!(rows.iter().any(|r| r["line"] == 2), "the =HYPERLINK name (line 2) is refused: {rows:?}");
    assert!(stderr(&refused).contains("ligne"), "one French line says which line: {}", stderr(&refused));
    assert!(students(&data).is_empty(), "nothing was imported");

    let human = run(&data, &["import", "roster", &hostile]);
    assert!(stdout(&human).contains("ligne 2 :"), "the human preview lists the refused lines: {}", stdout(&human));

    let skipped = json(&data, &["import", "roster", &hostile, "--skip-invalid"]);
    assert_eq!(skipped["written"], true);
    let list = students(&data);
    assert_eq!(list.len() as i64, skipped["added"].as_i64().unwrap());
    for s in &list {
        let name = format!("{} {}", s["last_name"], s["first_name"]);
        assert!(!name.contains('='), "no formula-looking name is stored: {name}");
    }
}

#[test]
fn unreadable_files_are_refused_with_a_french_line_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    for (name, expected) in [("invalid_encoding.csv", "ligne 3"), ("empty.csv", "vide")] {
        let out = run(&data, &["import", "roster", &fixture(name)]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let message = stderr(&out);
        assert!(message.contains(expected), "{name}: {message}");
        assert_eq!(message.lines().count(), 1, "one line: {message}");
        assert!(!message.contains('\u{FFFD}'), "never a replacement character: {message}");
    }
    let header_only = json(&data, &["import", "roster", &fixture("header_only.csv")]);
    assert_eq!(counts(&header_only), [0, 0, 0, 0, 0]);
    assert!(students(&data).is_empty());
    let missing = run(&data, &["import", "roster", &dir.path().join("absent.csv").display().to_string()]);
    assert_eq!(missing.status.code(), Some(1));
}

/// Regression, issue 14 item 7: `import roster "nexiste pas.csv"` answered « (os error 2) »,
/// `/dev/zero` was read until memory ran out and a FIFO hung; a folder as `--scan` said « Is a
/// directory (os error 21) ». Each now ends at once with one French line, exit code 1.
#[cfg(unix)]
#[test]
fn a_missing_file_a_device_a_fifo_or_a_folder_is_refused_in_french_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    let fifo = dir.path().join("tube.csv");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success(), "mkfifo");
    let missing = dir.path().join("nexiste pas.csv");
    let folder = dir.path().to_path_buf();
    let (fifo, missing, folder) =
        (fifo.display().to_string(), missing.display().to_string(), folder.display().to_string());
    for (args, expected) in [
        (vec!["import", "roster", missing.as_str()], format!("balise : Le fichier {missing} n'existe pas.")),
        (
            vec!["import", "roster", "/dev/zero"],
            "balise : /dev/zero n'est pas un fichier ordinaire : c'est un périphérique.".into(),
        ),
        (
            vec!["import", "roster", fifo.as_str()],
            format!("balise : {fifo} n'est pas un fichier ordinaire : c'est un tube nommé (FIFO)."),
        ),
        (
            vec!["consent", "record", "K7M-4QXC", "--q1", "oui", "--q2", "oui", "--scan", folder.as_str()],
            format!("balise : {folder} n'est pas un fichier ordinaire : c'est un dossier."),
        ),
        (
            vec!["consent", "record", "K7M-4QXC", "--q1", "oui", "--q2", "oui", "--scan", "/dev/zero"],
            "balise : /dev/zero n'est pas un fichier ordinaire : c'est un périphérique.".into(),
        ),
    ] {
        let started = std::time::Instant::now();
        let out = run(&data, &args);
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "{args:?} took {:?}", started.elapsed());
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let message = stderr(&out);
        assert!(message.starts_with(&expected), "{args:?}: {message}");
        assert_eq!(message.trim_end().lines().count(), 1, "one line: {message}");
        assert!(!message.contains("os error"), "no system jargon: {message}");
    }
    assert!(students(&data).is_empty(), "nothing was imported");
}

#[test]
fn a_class_change_and_withdraw_missing_keep_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    json(&data, &["import", "roster", &fixture("gpi_utf8_bom.csv")]);

    // Ève-Marie moves to 602 and Émile (1004) is no longer in the file.
    let original = std::fs::read_to_string(fixture("gpi_utf8_bom.csv")).unwrap();
    let moved: String = original
        .split_inclusive('\n')
        .filter(|line| !line.starts_with("1004;"))
        .map(|line| if line.starts_with("1001;") { line.replacen(";601;", ";602;", 1) } else { line.to_string() })
        .collect();
    let file = dir.path().join("rentree.csv");
    std::fs::write(&file, moved).unwrap();
    let file = file.display().to_string();

    let preview = json(&data, &["import", "roster", &file, "--dry-run"]);
    assert_eq!(counts(&preview), [0, 1, 2, 1, 0], "{preview}");
    let change = &preview["changed_rows"][0];
    assert_eq!(change["fiche"], "1001");
    assert!(
        change["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["kind"] == "class" && c["before"] == "601" && c["after"] == "602"),
        "{change}"
    );
    let kept = json(&data, &["import", "roster", &file]);
    assert_eq!(kept["withdrawn"], 0, "absent students are left as they are by default");
    assert_eq!(students(&data).len(), 4);
    let in_602 = json(&data, &["student", "list", "--class", "602"]);
    assert!(in_602.as_array().unwrap().iter().any(|s| s["fiche"] == "1001"), "{in_602}");

    let withdrawn = json(&data, &["import", "roster", &file, "--withdraw-missing"]);
    assert_eq!(withdrawn["withdrawn"], 1);
    let list = students(&data);
    assert_eq!(list.len(), 3, "a departed student leaves the list");
    assert!(list.iter().all(|s| s["fiche"] != "1004"));
}

#[test]
fn map_chooses_a_column_the_headers_do_not_name() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    let file = dir.path().join("liste.csv");
    std::fs::write(&file, "Nom;Prénom;Salle du matin\nRoy;Zoé;603\nO'Neil-Bérubé;Léa;603\n").unwrap();
    let file = file.display().to_string();

    let missing = run(&data, &["import", "roster", &file]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("Salle du matin"), "the error lists the headers found: {}", stderr(&missing));

    let mapped = json(&data, &["import", "roster", &file, "--map", "groupe=Salle du matin"]);
    assert_eq!(counts(&mapped), [2, 0, 0, 0, 0]);
    let list = json(&data, &["student", "list", "--class", "603"]);
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|s| s["last_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["O'Neil-Bérubé", "Roy"], "French order");

    let unknown = run(&data, &["import", "roster", &file, "--map", "groupe=Inexistante"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr(&unknown).contains("Inexistante"));
}
