// Access requests through the built binary (issue 15, items 16–17), on fixed clocks: a school
// with two years (2024-2025 closed, 2025-2026 open), the export covering both, the register of
// requests (`balise request add|extend|answer|list|show`) with the deadline of the Loi sur
// l'accès (art. 98) in `balise status --json`, `balise person find`, a rectification refused in
// the closed year, and `balise backup restore --dry-run`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::cli::{json_at, run_at, stderr, stdout};

const LAST_YEAR: &str = "2024-09-03T10:00:00-04:00";
const JUNE: &str = "2025-06-15T10:00:00-04:00";
const SEPTEMBER: &str = "2025-09-10T10:00:00-04:00";
const LATE_SEPTEMBER: &str = "2025-09-25T10:00:00-04:00";

fn fixture() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster/gpi_utf8_bom.csv").display().to_string()
}

/// The GPI fixture imported in 2024-2025, that year closed in June, 2025-2026 opened and the same
/// list imported again: each student has a row in both years.
fn two_years(data: &Path) {
    json_at(LAST_YEAR, data, &["init"]);
    for (key, value) in [
        ("school_year", "2024-2025"),
        ("school_name", "École des Bleuets"),
        ("principal_name", "Hélène Simard"),
        ("return_email", "secretariat@bleuets.exemple.ca"),
        ("form_deadline", "2024-09-13"),
    ] {
        json_at(LAST_YEAR, data, &["settings", "set", key, value]);
    }
    json_at(LAST_YEAR, data, &["import", "roster", &fixture()]);
    json_at(JUNE, data, &["year", "close", "--override", "--reason", "essai"]);
    json_at(JUNE, data, &["year", "open", "2025-2026"]);
    json_at(SEPTEMBER, data, &["import", "roster", &fixture()]);
}

fn fails(now: &str, data: &Path, args: &[&str]) -> String {
    let out = run_at(now, data, args);
    assert!(!out.status.success(), "balise {args:?} should fail");
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    err
}

#[test]
fn the_export_covers_every_year_and_a_closed_year_refuses_a_rectification() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    two_years(&data);
    let folder = dir.path().join("acces-cote");
    json_at(SEPTEMBER, &data, &["export", "person", "--student", "Côté, Ève-Marie", "-o", folder.to_str().unwrap()]);
    let person: Value = serde_json::from_slice(&std::fs::read(folder.join("personne.json")).unwrap()).unwrap();
    assert_eq!(person["year"], "2025-2026");
    let others = person["other_years"].as_array().unwrap();
    assert_eq!(others.len(), 1, "{person}");
    assert_eq!(others[0]["year"], "2024-2025");
    assert_eq!(others[0]["student"]["fiche"], "1001");
    let text = crate::util::pdf_text(&folder.join("personne.pdf"));
    assert!(text.contains("Année scolaire 2024-2025 (même élève)"), "{text}");

    // A guardian's export: both children rows (one per year).
    let parent = dir.path().join("acces-aya");
    json_at(SEPTEMBER, &data, &["export", "person", "--guardian", "Aya N'Guessan", "-o", parent.to_str().unwrap()]);
    let person: Value = serde_json::from_slice(&std::fs::read(parent.join("personne.json")).unwrap()).unwrap();
    let years: Vec<&str> = person["students"].as_array().unwrap().iter().map(|c| c["year"].as_str().unwrap()).collect();
    assert_eq!(years.len(), 2, "{years:?}");

    // `person find` sees both years.
    let hits = json_at(SEPTEMBER, &data, &["person", "find", "N'Guessan"]);
    let kinds: Vec<(String, String)> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["kind"].as_str().unwrap().to_string(), h["year"].as_str().unwrap().to_string()))
        .collect();
    assert!(kinds.contains(&("eleve".into(), "2024-2025".into())), "{kinds:?}");
    assert!(kinds.contains(&("eleve".into(), "2025-2026".into())), "{kinds:?}");
    assert_eq!(kinds.iter().filter(|(k, _)| k == "parent").count(), 1, "one guardian, one person: {kinds:?}");

    // The closed year refuses a rectification; the open year takes it.
    let err = fails(
        SEPTEMBER,
        &data,
        &[
            "person",
            "correct",
            "--student",
            "1001",
            "--year",
            "2024-2025",
            "--field",
            "first_name",
            "--value",
            "Eve",
            "--reason",
            "demande",
        ],
    );
    assert!(err.contains("2024-2025") && err.contains("close"), "{err}");
    json_at(
        SEPTEMBER,
        &data,
        &["person", "correct", "--student", "1001", "--field", "first_name", "--value", "Eve", "--reason", "demande"],
    );
}

#[test]
fn requests_are_registered_with_their_legal_deadline_answered_once_and_shown_on_the_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    two_years(&data);
    let first = json_at(
        SEPTEMBER,
        &data,
        &[
            "request",
            "add",
            "--guardian",
            "Aya N'Guessan",
            "--kind",
            "acces",
            "--received",
            "2025-09-10",
            "--details",
            "Tout ce que l'école détient sur ma fille",
        ],
    );
    assert_eq!(first["requester"], "Aya N'Guessan");
    assert_eq!(first["subject"]["kind"], "parent");
    assert_eq!(first["deadline"], "2025-09-30", "20 days (Loi sur l'accès, art. 98)");
    let id = first["id"].as_i64().unwrap().to_string();
    let second = json_at(
        SEPTEMBER,
        &data,
        &["request", "add", "--by", "Jean Tremblay", "--kind", "autre", "--received", "2025-09-01"],
    );
    let other = second["id"].as_i64().unwrap().to_string();
    assert!(second["subject"].is_null());
    // Bad input: one French line each, nothing written.
    assert!(fails(SEPTEMBER, &data, &["request", "add", "--kind", "acces"]).contains("qui a fait la demande"));
    assert!(
        fails(SEPTEMBER, &data, &["request", "add", "--by", "X", "--kind", "plainte"]).contains("objet de la demande")
    );
    assert!(fails(SEPTEMBER, &data, &["request", "answer", "99", "--answer", "accordee"]).contains("Aucune demande"));

    // The dashboard, on the 25th: the second is overdue (due the 21st), the first due soon.
    let status = json_at(LATE_SEPTEMBER, &data, &["status"]);
    let open = status["open_requests"].as_array().unwrap();
    assert_eq!(open.len(), 2, "{status}");
    assert_eq!((open[0]["id"].to_string(), open[0]["overdue"].clone()), (other.clone(), Value::Bool(true)));
    assert_eq!(open[0]["days_left"], -4);
    assert_eq!((open[1]["due_soon"].clone(), open[1]["days_left"].clone()), (Value::Bool(true), Value::from(5)));
    let listed = stdout(&run_at(LATE_SEPTEMBER, &data, &["request", "list"]));
    assert!(listed.contains("EN RETARD : réponse due le 2025-09-21"), "{listed}");

    // The extension, once, before the 20 days; too late for the other.
    let extended = json_at(LATE_SEPTEMBER, &data, &["request", "extend", &id]);
    assert_eq!(extended["deadline_in_force"], "2025-10-10");
    assert!(fails(LATE_SEPTEMBER, &data, &["request", "extend", &id]).contains("déjà été prolongé"));
    assert!(fails(LATE_SEPTEMBER, &data, &["request", "extend", &other]).contains("avant son échéance du 2025-09-21"));

    // Answers: a refusal needs its reason; an answer is given once; a late one stays late.
    assert!(fails(LATE_SEPTEMBER, &data, &["request", "answer", &id, "--answer", "refusee"]).contains("motif"));
    let answered =
        json_at(LATE_SEPTEMBER, &data, &["request", "answer", &id, "--answer", "accordee", "--date", "2025-09-24"]);
    assert_eq!((answered["open"].clone(), answered["answered_late"].clone()), (Value::Bool(false), Value::Bool(false)));
    assert!(
        fails(LATE_SEPTEMBER, &data, &["request", "answer", &id, "--answer", "retiree"]).contains("déjà sa réponse")
    );
    let late = json_at(
        LATE_SEPTEMBER,
        &data,
        &["request", "answer", &other, "--answer", "refusee", "--reason", "aucun renseignement détenu"],
    );
    assert_eq!(late["answered_late"], true);
    let shown = stdout(&run_at(LATE_SEPTEMBER, &data, &["request", "show", &other]));
    assert!(shown.contains("refusée, en retard") && shown.contains("motif : aucun renseignement détenu"), "{shown}");
    assert!(json_at(LATE_SEPTEMBER, &data, &["request", "list", "--open"]).as_array().unwrap().is_empty());
    assert!(json_at(LATE_SEPTEMBER, &data, &["status"])["open_requests"].as_array().unwrap().is_empty());

    // The journal: numbers and dates, never who asked nor what.
    let audit = json_at(LATE_SEPTEMBER, &data, &["audit", "--limit", "30"]).to_string();
    assert!(audit.contains(&format!("demande n° {id}")), "{audit}");
    for private in ["Tremblay", "N'Guessan", "ma fille", "aucun renseignement"] {
        assert!(!audit.contains(private), "{private} in the journal: {audit}");
    }
}

#[test]
fn a_restore_dry_run_says_what_would_be_lost_and_replaces_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    json_at(SEPTEMBER, &data, &["init"]);
    json_at(SEPTEMBER, &data, &["settings", "set", "school_name", "Avant"]);
    let made = json_at(SEPTEMBER, &data, &["backup", "create"]);
    let file = data.join("sauvegardes").join(made["file"].as_str().unwrap());
    json_at(SEPTEMBER, &data, &["settings", "set", "school_name", "Après"]);
    json_at(SEPTEMBER, &data, &["request", "add", "--by", "Jean Tremblay", "--kind", "acces"]);
    let preview = json_at(SEPTEMBER, &data, &["backup", "restore", "--dry-run", file.to_str().unwrap()]);
    assert_eq!(preview["changes_lost"], 2, "{preview}");
    let text = stdout(&run_at(SEPTEMBER, &data, &["backup", "restore", "--dry-run", file.to_str().unwrap()]));
    assert!(text.contains("ferait perdre 2 changement(s)") && text.contains("Rien n'a été remplacé"), "{text}");
    assert_eq!(json_at(SEPTEMBER, &data, &["settings", "get", "school_name"])["school_name"], "Après");
}
