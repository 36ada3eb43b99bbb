// The school report and access requests through the built binary (issue #7), on a fixed clock:
// `balise report` (PDF read back with pdftotext, CSV parsed, no student name anywhere),
// `balise export person` (JSON fields, PDF text, a non-empty folder refused) and
// `balise person correct` (the new name in `student list --json`; bad input in one French line).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::cli::{json_at, run_at, stderr};
use crate::util::pdf_text;

const PRINTED: &str = "2025-08-25T10:00:00-04:00";
const SEPTEMBER: &str = "2025-09-10T10:00:00-04:00";

/// The GPI fixture (601: Côté, N'Guessan; 602: O'Neil-Bérubé, Lévesque), ClassDojo for 601's
/// parents and Teams for 601's students, 601's forms printed; Côté's ClassDojo form back yes/yes,
/// N'Guessan's refused. Returns the form numbers in print order.
fn school(data: &Path) -> Vec<String> {
    json_at(PRINTED, data, &["init"]);
    for (key, value) in [
        ("school_year", "2025-2026"),
        ("school_name", "École des Bleuets"),
        ("principal_name", "Hélène Simard"),
        ("return_email", "secretariat@bleuets.exemple.ca"),
        ("form_deadline", "2025-09-12"),
    ] {
        json_at(PRINTED, data, &["settings", "set", key, value]);
    }
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster/gpi_utf8_bom.csv");
    json_at(PRINTED, data, &["import", "roster", fixture.to_str().unwrap()]);
    let dojo =
        json_at(PRINTED, data, &["use", "add", "--class", "601", "--platform", "ClassDojo", "--audience", "parents"]);
    crate::cli::authorize_use(Some(PRINTED), data, &dojo["id"]);
    json_at(PRINTED, data, &["use", "add", "--class", "601", "--platform", "Teams", "--audience", "eleves"]);
    let out = data.parent().unwrap().join("601.pdf");
    let printed = json_at(PRINTED, data, &["print", "annexe-a", "--class", "601", "-o", out.to_str().unwrap()]);
    let numbers: Vec<String> =
        printed["forms"].as_array().unwrap().iter().map(|f| f["number"].as_str().unwrap().to_string()).collect();
    assert_eq!(numbers.len(), 4, "two students × two platforms");
    let form_of = |student: &str, platform: &str| {
        printed["forms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["student"].as_str().unwrap().contains(student) && f["platform"] == platform)
            .unwrap()["number"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let cote = form_of("Côté", "ClassDojo");
    let awa = form_of("N'Guessan", "ClassDojo");
    json(data, &["consent", "record", &cote, "--q1", "oui", "--q2", "oui", "--received", "2025-09-03"]);
    json(data, &["consent", "refuse", &awa, "--date", "2025-09-04"]);
    vec![cote, awa]
}

fn json(data: &Path, args: &[&str]) -> Value {
    json_at(SEPTEMBER, data, args)
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fails(data: &Path, args: &[&str]) -> String {
    let out = run_at(SEPTEMBER, data, args);
    assert!(!out.status.success(), "balise {args:?} should fail");
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    err
}

const NAMES: [&str; 10] = ["Côté", "Ève-Marie", "N'Guessan", "Awa", "O'Neil", "Léa", "Lévesque", "Émile", "Luc", "Aya"];

#[test]
fn the_report_shows_the_figures_and_the_class_tables_without_a_name() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    let pdf = dir.path().join("r.pdf");
    let csv = dir.path().join("r.csv");
    let written = json(&data, &["report", "-o", pdf.to_str().unwrap(), "--csv", csv.to_str().unwrap()]);
    assert_eq!(written["classes"], 2, "{written}");
    let text = flat(&pdf_text(&pdf));
    for expected in [
        "Rapport de l’école — année scolaire 2025-2026",
        "Direction : Hélène Simard",
        "Classes sans plateforme inscrite 1",
        "Formulaires attendus 4",
        "Reçus 2",
        "Manquants 2",
        "Refus 1",
        "Classe 601",
        "ClassDojo tolérée parents",
        "Teams approuvée élèves",
        "Consentements : 4 attendus, 2 reçus, 2 manquants, 1 refus, 0 retraits",
        "Classe 602",
        "Aucune plateforme inscrite",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from the report:\n{text}");
    }
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let csv_text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = csv_text.lines().collect();
    assert!(lines.contains(&"Formulaires reçus;2"), "{csv_text}");
    assert!(lines.contains(&"Refus;1"), "{csv_text}");
    let header = lines.iter().position(|l| l.starts_with("Classe;Niveau;")).expect("class table");
    let rows: Vec<Vec<&str>> = lines[header + 1..].iter().map(|l| l.split(';').collect()).collect();
    assert_eq!(rows.len(), 3, "601 × 2 uses, 602 without platform:\n{csv_text}");
    let dojo = rows.iter().find(|r| r[3] == "ClassDojo").unwrap();
    assert_eq!((dojo[0], dojo[7], dojo[8], dojo[9], dojo[10]), ("601", "4", "2", "2", "1"), "{csv_text}");
    for name in NAMES {
        assert!(!text.contains(name), "{name} appears in the report PDF");
        assert!(!csv_text.contains(name), "{name} appears in the report CSV");
    }
    // Never over an existing file.
    let err = fails(&data, &["report", "-o", pdf.to_str().unwrap()]);
    assert!(err.contains("existe déjà"), "{err}");
}

#[test]
fn a_person_is_exported_and_corrected_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    let numbers = school(&data);
    let folder = dir.path().join("acces-cote");
    let written = json(&data, &["export", "person", "--student", "Côté, Ève-Marie", "-o", folder.to_str().unwrap()]);
    assert_eq!(written["folder"], folder.to_str().unwrap());
    let person: Value = serde_json::from_slice(&std::fs::read(folder.join("personne.json")).unwrap()).unwrap();
    assert_eq!(person["kind"], "eleve");
    assert_eq!(person["student"]["last_name"], "Côté");
    assert_eq!(person["student"]["fiche"], "1001");
    assert_eq!(person["memberships"][0]["class_code"], "601");
    assert_eq!(person["guardians"].as_array().unwrap().len(), 2, "{person}");
    let forms = person["forms"].as_array().unwrap();
    assert_eq!(forms.len(), 2, "ClassDojo and Teams");
    assert!(forms.iter().any(|f| f["number"] == numbers[0].as_str() && f["state"]["q1"] == "oui"));
    assert!(person["audit"].as_array().unwrap().iter().any(|e| e["object"] == format!("formulaire {}", numbers[0])));
    let text = flat(&pdf_text(&folder.join("personne.pdf")));
    for expected in ["Côté", "Ève-Marie", numbers[0].as_str(), "Luc", "Reçu (papier)"] {
        assert!(text.contains(expected), "{expected:?} missing from the access PDF:\n{text}");
    }
    // A folder that is not empty is refused; a guardian is found by name.
    let err = fails(&data, &["export", "person", "--student", "1001", "-o", folder.to_str().unwrap()]);
    assert!(err.contains("n'est pas vide"), "{err}");
    let parent = dir.path().join("acces-aya");
    let written = json(&data, &["export", "person", "--guardian", "Aya N'Guessan", "-o", parent.to_str().unwrap()]);
    assert!(written["pdf"].as_str().unwrap().ends_with("personne.pdf"));

    // A rectification: the new name in the student list; the journal holds no value.
    json(
        &data,
        &["person", "correct", "--student", "1001", "--field", "first_name", "--value", "Eve", "--reason", "demande"],
    );
    let students = json(&data, &["student", "list", "--class", "601"]);
    assert!(
        students.as_array().unwrap().iter().any(|s| s["first_name"] == "Eve" && s["last_name"] == "Côté"),
        "{students}"
    );
    let audit = flat(&json(&data, &["audit", "--limit", "50"]).to_string());
    assert!(audit.contains("personne.rectification"), "{audit}");
    assert!(!audit.contains("\"Eve\"") && !audit.contains("Eve "), "no value in the journal: {audit}");
    // Bad field, value, reason: one French line each, nothing changed.
    assert!(fails(
        &data,
        &["person", "correct", "--student", "1001", "--field", "fiche", "--value", "9", "--reason", "demande"]
    )
    .contains("ne peut pas être rectifié"));
    assert!(fails(
        &data,
        &["person", "correct", "--student", "1001", "--field", "last_name", "--value", "=1+1", "--reason", "erreur"]
    )
    .contains("Rectification refusée"));
    assert!(fails(
        &data,
        &["person", "correct", "--student", "1001", "--field", "birth_date", "--value", "hier", "--reason", "erreur"]
    )
    .contains("date invalide"));
    assert!(fails(
        &data,
        &["person", "correct", "--guardian", "Luc Côté", "--field", "email", "--value", "x", "--reason", "oups"]
    )
    .contains("Motif"));
    assert!(fails(
        &data,
        &[
            "person",
            "correct",
            "--guardian",
            "Personne Inconnue",
            "--field",
            "email",
            "--value",
            "a@b.ca",
            "--reason",
            "demande"
        ]
    )
    .contains("Aucun parent"));
    let students = json(&data, &["student", "list", "--class", "601"]);
    assert!(students.as_array().unwrap().iter().any(|s| s["last_name"] == "Côté"), "unchanged after refusals");
}
