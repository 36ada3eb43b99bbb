// The platform register through the built binary (issue #3), on a fixed clock: the issue's scenario.
// A class from "no platform" to conforme, a prohibited platform followed up as an infraction, the 5.2
// warning, a dry-run catalogue change, and French errors.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::cli::{json_at, run_at, stderr, stdout};

/// Every call runs on 10 September 2025, so dates "today" and the states they give are fixed.
const NOW: &str = "2025-09-10T10:00:00-04:00";

fn run(data: &Path, args: &[&str]) -> Output {
    run_at(NOW, data, args)
}

/// Runs and insists on success, returning stdout.
fn ok(data: &Path, args: &[&str]) -> String {
    let out = run(data, args);
    assert!(out.status.success(), "balise {args:?} failed: {}", stderr(&out));
    stdout(&out)
}

/// Runs with `--json` and parses the answer.
fn json(data: &Path, args: &[&str]) -> Value {
    json_at(NOW, data, args)
}

/// A new store for 2025-2026 with Julie Tremblay teaching class 601 (level 6).
fn school(data: &Path) {
    json(data, &["init"]);
    ok(data, &["settings", "set", "school_year", "2025-2026"]);
    ok(data, &["staff", "add", "Julie Tremblay"]);
    ok(data, &["class", "add", "601", "--teacher", "Julie Tremblay", "--level", "6"]);
}

/// Registers a use and returns its number.
fn add_use(data: &Path, platform: &str, audience: &str) -> i64 {
    let added = json(data, &["use", "add", "--class", "601", "--platform", platform, "--audience", audience]);
    added["id"].as_i64().unwrap_or_else(|| panic!("use add --json gives the id: {added}"))
}

/// A use's state as `use list --json` reports it (`conforme`, `pas_prete`, `non_conforme`).
fn use_state(data: &Path, id: i64) -> String {
    let list = json(data, &["use", "list"]);
    let found = list.as_array().unwrap().iter().find(|u| u["id"] == id);
    let found = found.unwrap_or_else(|| panic!("use {id} is in use list: {list}"));
    found["assessment"]["state"].as_str().unwrap().to_string()
}

/// The use numbers in one of the dashboard's use lists.
fn use_ids(board: &Value, list: &str) -> Vec<i64> {
    board[list]
        .as_array()
        .unwrap_or_else(|| panic!("status --json has {list}: {board}"))
        .iter()
        .map(|f| f["use_id"].as_i64().unwrap())
        .collect()
}

fn class_codes(board: &Value, list: &str) -> Vec<String> {
    board[list]
        .as_array()
        .unwrap_or_else(|| panic!("status --json has {list}: {board}"))
        .iter()
        .map(|f| f["class_code"].as_str().unwrap().to_string())
        .collect()
}

/// A tiny file the store recognises as a PDF (it reads the `%PDF-` signature, not the name).
fn pdf(dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
        .unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn the_issue_scenario_from_a_class_without_platform_to_conforme() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);

    let board = json(&data, &["status"]);
    assert_eq!(board["year"], "2025-2026", "--year defaults to the school_year setting");
    assert_eq!(class_codes(&board, "classes_without_platform"), ["601"], "601 has nothing registered yet (art. 4)");

    // ClassDojo is tolerated: the principal's permission is missing, which is non conforme (art. 4).
    let dojo = add_use(&data, "ClassDojo", "parents");
    assert_eq!(use_state(&data, dojo), "non_conforme", "a tolerated platform without permission is non conforme");
    let board = json(&data, &["status"]);
    assert!(class_codes(&board, "classes_without_platform").is_empty(), "601 now has a platform: {board}");
    assert_eq!(use_ids(&board, "uses_non_conformes"), [dojo], "{board}");
    assert!(use_ids(&board, "uses_pas_pretes").is_empty(), "a use is listed under its gravest state only: {board}");
    let reasons = board["uses_non_conformes"][0]["reasons"].as_array().unwrap();
    assert!(
        reasons.iter().any(|r| r["code"] == "permission_missing" && r["article"] == "4"),
        "the finding cites the missing permission under art. 4: {reasons:?}"
    );
    let listed = ok(&data, &["use", "list"]);
    assert!(
        listed.contains("non conforme") && listed.contains("[art. 4]") && listed.contains("[art. 5.1]"),
        "the human list says the state and the articles: {listed}"
    );

    // A permission that does not say the teacher already used ClassDojo covers no one (note de
    // service of 25 August 2025, footnote 1; art. 4): still non conforme (issue 15, item 11).
    let letter = pdf(dir.path(), "permission.pdf");
    let new_user = json(
        &data,
        &["use", "authorize", &dojo.to_string(), "--date", "2025-09-10", "--by", "Mme Gagnon", "--document", &letter],
    );
    assert_eq!(new_user["assessment"]["state"], "non_conforme", "{new_user}");
    assert_eq!(new_user["authorization"]["prior_use"], false);
    let reasons = new_user["assessment"]["reasons"].as_array().unwrap();
    let refusal = reasons.iter().find(|r| r["code"] == "tolerated_new_user").expect("the memo's condition");
    assert_eq!(refusal["article"], "4");
    let text = refusal["text_fr"].as_str().unwrap();
    assert!(
        text.contains("« pour celles et ceux qui l'utilisaient déjà »")
            && text.contains("note de service du 25 août 2025"),
        "{text}"
    );
    // The permission, « utilisait déjà ClassDojo en 2024-2025 »: only the presentation document (art. 5.1) is left.
    let human = ok(
        &data,
        &["use", "authorize", &dojo.to_string(), "--date", "2025-09-10", "--by", "Mme Gagnon", "--already-used"],
    );
    assert!(human.contains("utilisait déjà la plateforme l'année précédente"), "{human}");
    let authorized =
        json(&data, &["use", "list"]).as_array().unwrap().iter().find(|u| u["id"] == dojo).unwrap().clone();
    assert_eq!(authorized["authorization"]["prior_use"], true, "{authorized}");
    assert_eq!(authorized["authorization"]["document"]["media_type"], "application/pdf", "{authorized}");
    assert_eq!(authorized["assessment"]["state"], "pas_prete", "permission recorded, presentation missing");
    assert_eq!(use_ids(&json(&data, &["status"]), "uses_pas_pretes"), [dojo]);

    let document = pdf(dir.path(), "presentation.pdf");
    ok(&data, &["use", "attach-doc", &dojo.to_string(), &document]);
    ok(&data, &["use", "validate-doc", &dojo.to_string(), "--date", "2025-09-10", "--by", "Mme Gagnon"]);
    let sent = ok(&data, &["use", "send-doc", &dojo.to_string(), "--date", "2025-09-10"]);
    assert!(sent.contains("État : conforme"), "the last step prints the new state: {sent}");
    assert_eq!(use_state(&data, dojo), "conforme", "permission + document attached, validated and sent");
    let board = json(&data, &["status"]);
    assert!(
        !use_ids(&board, "uses_non_conformes").contains(&dojo) && !use_ids(&board, "uses_pas_pretes").contains(&dojo),
        "a conforme use leaves the dashboard: {board}"
    );

    // Messenger is prohibited: refused as a use, recorded as an infraction instead.
    let refused = run(&data, &["use", "add", "--class", "601", "--platform", "Messenger", "--audience", "parents"]);
    assert_eq!(refused.status.code(), Some(1), "a prohibited platform cannot be registered");
    let message = stderr(&refused);
    assert!(message.contains("proscrite") && message.contains("infraction"), "the message says what to do: {message}");
    assert_eq!(message.trim_end().lines().count(), 1, "one line on stderr: {message}");
    assert_eq!(json(&data, &["use", "list"]).as_array().unwrap().len(), 1, "nothing was registered for Messenger");

    let infraction = json(
        &data,
        &[
            "infraction",
            "add",
            "--class",
            "601",
            "--platform",
            "Messenger",
            "--found",
            "2025-09-09",
            "--description",
            "Conversation Messenger de la classe",
        ],
    );
    let infraction_id = infraction["id"].as_i64().unwrap().to_string();
    let board = json(&data, &["status"]);
    assert_eq!(class_codes(&board, "open_infractions"), ["601"], "the open infraction is on the dashboard: {board}");
    ok(
        &data,
        &["infraction", "resolve", &infraction_id, "--date", "2025-09-10", "--resolution", "Conversation supprimée"],
    );
    let board = json(&data, &["status"]);
    assert!(class_codes(&board, "open_infractions").is_empty(), "a resolved infraction leaves the dashboard: {board}");
    let open = json(&data, &["infraction", "list", "--open"]);
    assert!(open.as_array().unwrap().is_empty(), "--open leaves out the resolved one: {open}");
    let all = json(&data, &["infraction", "list"]);
    assert_eq!(all[0]["resolution"], "Conversation supprimée", "the history is kept: {all}");

    // Two platforms for the same students: a 5.2 warning, not a refusal.
    add_use(&data, "Teams", "eleves");
    add_use(&data, "Classroom", "élèves");
    let board = json(&data, &["status"]);
    let warnings = board["warnings_one_platform"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "one warning, for 601's students: {board}");
    assert_eq!(warnings[0]["class_code"], "601");
    assert_eq!(warnings[0]["audience"], "eleves");
    assert_eq!(warnings[0]["platforms"], serde_json::json!(["Classroom", "Teams"]));
    assert_eq!(warnings[0]["reasons"][0]["article"], "5.2");

    // What proscribing ClassDojo would do, without doing it.
    let audit_before = json(&data, &["audit", "--limit", "1"]);
    let preview = json(&data, &["platform", "set", "ClassDojo", "--status", "proscrite", "--dry-run"]);
    assert_eq!(preview["saved"], false);
    assert_eq!(preview["after"]["status"], "proscrite", "{preview}");
    let affected = preview["uses"].as_array().unwrap();
    assert_eq!(affected.len(), 1, "only the ClassDojo use is touched: {preview}");
    assert_eq!(affected[0]["use_id"], dojo);
    assert_eq!(
        (&affected[0]["state_before"], &affected[0]["state_after"]),
        (&"conforme".into(), &"non_conforme".into())
    );
    let human = ok(&data, &["platform", "set", "ClassDojo", "--status", "proscrite", "--dry-run"]);
    assert!(
        human.contains("conforme → non conforme") && human.contains("rien n'a été enregistré"),
        "the preview reads before → after and says nothing was saved: {human}"
    );
    let catalogue = json(&data, &["platform", "list"]);
    let dojo_platform = catalogue.as_array().unwrap().iter().find(|p| p["name"] == "ClassDojo").unwrap();
    assert_eq!(dojo_platform["status"], "toleree", "a dry run changes nothing in the catalogue");
    assert_eq!(use_state(&data, dojo), "conforme", "nor the use's state");
    assert_eq!(json(&data, &["audit", "--limit", "1"]), audit_before, "nor the journal");
}

#[test]
fn platform_set_without_dry_run_shows_the_preview_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    let dojo = add_use(&data, "ClassDojo", "parents");
    let saved = ok(&data, &["platform", "set", "ClassDojo", "--status", "proscrite"]);
    assert!(
        saved.contains(&format!("n° {dojo}")) && saved.contains("Modification enregistrée"),
        "the affected use is shown, then the change is saved: {saved}"
    );
    assert_eq!(use_state(&data, dojo), "non_conforme", "the use of a now prohibited platform is non conforme");
    let audit = json(&data, &["audit", "--limit", "1"]);
    assert_eq!(audit[0]["action"], "plateforme.modification", "the change is audited: {audit}");
}

#[test]
fn class_show_lists_the_uses_with_their_state() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    add_use(&data, "Teams", "eleves");
    let sheet = json(&data, &["class", "show", "601"]);
    assert_eq!(sheet["class"]["code"], "601");
    assert_eq!(sheet["class"]["teachers"][0]["name"], "Julie Tremblay");
    let uses = sheet["uses"].as_array().unwrap();
    assert_eq!(uses.len(), 1, "{sheet}");
    assert_eq!(uses[0]["platform"], "Teams");
    // Teams is approved for students, so only the presentation document (5.1) is missing.
    assert_eq!(uses[0]["assessment"]["state"], "pas_prete", "{sheet}");
    let human = ok(&data, &["class", "show", "601"]);
    assert!(human.contains("Teams pour les élèves") && human.contains("État : pas prête"), "{human}");
    assert!(human.contains("[art. 5.1]"), "reasons cite their article: {human}");
}

#[test]
fn a_bad_date_is_one_french_line_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    let out = run(
        &data,
        &["use", "add", "--class", "601", "--platform", "Teams", "--audience", "eleves", "--from", "10/09/2025"],
    );
    assert_eq!(out.status.code(), Some(1), "a value the domain refuses exits 1");
    let message = stderr(&out);
    assert!(message.starts_with("balise : Valeur refusée pour « date de début »"), "{message}");
    assert!(message.contains("AAAA-MM-JJ"), "it says how to write the date: {message}");
    assert_eq!(message.trim_end().lines().count(), 1, "one line on stderr: {message}");
    assert!(json(&data, &["use", "list"]).as_array().unwrap().is_empty(), "nothing was registered");

    let out = run(
        &data,
        &[
            "infraction",
            "add",
            "--class",
            "601",
            "--platform",
            "Messenger",
            "--found",
            "2025-02-30",
            "--description",
            "x",
        ],
    );
    assert!(stderr(&out).contains("date du constat"), "an impossible day is refused too: {}", stderr(&out));
}

#[test]
fn class_set_changes_the_level_and_replaces_the_teachers() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    ok(&data, &["staff", "add", "Marc Gagnon"]);
    let edited = json(&data, &["class", "set", "601", "--level", "5-6", "--teacher", "Marc Gagnon"]);
    assert_eq!(edited["level"], "5-6");
    assert_eq!(edited["teachers"][0]["name"], "Marc Gagnon");
    assert_eq!(edited["teachers"].as_array().unwrap().len(), 1, "the new list replaces the old one: {edited}");
    let sheet = json(&data, &["class", "show", "601"]);
    assert_eq!(sheet["class"], edited, "the change is stored");
    let refused = run(&data, &["class", "set", "601", "--teacher", "Personne Inconnue"]);
    assert_eq!(refused.status.code(), Some(1), "an unknown teacher is refused");
    assert_eq!(json(&data, &["class", "show", "601"])["class"], edited, "and nothing changed");
}

#[test]
fn staff_set_corrects_a_name_and_the_class_follows() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    let edited = json(
        &data,
        &["staff", "set", "julie tremblay", "--name", "Julie Tremblay-Côté", "--email", "j.tc@csspb.qc.ca"],
    );
    assert_eq!(
        (edited["name"].as_str(), edited["email"].as_str()),
        (Some("Julie Tremblay-Côté"), Some("j.tc@csspb.qc.ca"))
    );
    assert_eq!(json(&data, &["class", "show", "601"])["class"]["teachers"][0]["name"], "Julie Tremblay-Côté");
    let refused = run(&data, &["staff", "set", "Personne", "--name", "X"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("Personne"), "the error names who was not found: {}", stderr(&refused));
    let bad = run(&data, &["staff", "set", "Julie Tremblay-Côté", "--email", "pas-un-courriel"]);
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(json(&data, &["staff", "list"])[0]["email"], "j.tc@csspb.qc.ca", "a refused change changes nothing");
}

#[test]
fn an_attachment_is_exported_never_over_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    let dojo = add_use(&data, "ClassDojo", "parents");
    let document = dir.path().join("présentation.pdf");
    std::fs::write(&document, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").unwrap();
    ok(&data, &["use", "attach-doc", &dojo.to_string(), document.to_str().unwrap()]);
    let shown = json(&data, &["use", "list"]);
    let piece = shown[0]["presentation"]["document"]["id"].as_i64().expect("the document's number");

    let out = dir.path().join("copie.pdf");
    let exported = json(&data, &["attachment", "export", &piece.to_string(), "-o", out.to_str().unwrap()]);
    assert_eq!(exported["path"], out.to_str().unwrap());
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&document).unwrap(), "the same bytes come back");
    let again = run(&data, &["attachment", "export", &piece.to_string(), "-o", out.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1), "an existing file is never replaced");
    let missing = run(&data, &["attachment", "export", "999", "-o", dir.path().join("x.pdf").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(!dir.path().join("x.pdf").exists());
}

/// Issue 15, item 6: a use names its own staff (`use add --staff`, `use staff N`), else the
/// class's teachers; the window and `class show` say which.
#[test]
fn a_use_names_its_own_staff_or_the_class_teachers() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    ok(&data, &["staff", "add", "Sophie Roy"]);
    ok(&data, &["staff", "add", "Karim Haddad"]);
    let added = json(
        &data,
        &["use", "add", "--class", "601", "--platform", "Teams", "--audience", "eleves", "--staff", "sophie roy"],
    );
    let id = added["id"].as_i64().unwrap().to_string();
    let names = |v: &Value| -> Vec<String> {
        v["staff"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(names(&added), ["Sophie Roy"], "{added}");
    assert_eq!(added["staff_from_class"], false);
    let changed = json(&data, &["use", "staff", &id, "--staff", "Karim Haddad", "--staff", "Sophie Roy"]);
    assert_eq!(names(&changed), ["Karim Haddad", "Sophie Roy"]);
    let human = ok(&data, &["class", "show", "601"]);
    assert!(human.contains("Membre(s) du personnel : Karim Haddad, Sophie Roy"), "{human}");
    let back = json(&data, &["use", "staff", &id, "--class-teachers"]);
    assert_eq!((names(&back), back["staff_from_class"].as_bool()), (vec!["Julie Tremblay".to_string()], Some(true)));
    let human = ok(&data, &["class", "show", "601"]);
    assert!(human.contains("Membre(s) du personnel : Julie Tremblay (enseignant·es de la classe)"), "{human}");
    let refused = run(&data, &["use", "staff", &id, "--staff", "Personne Inconnue"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("Personne Inconnue"), "{}", stderr(&refused));
    let missing = run(&data, &["use", "staff", &id]);
    assert_eq!(missing.status.code(), Some(2), "a name or --class-teachers is needed");
    let audit = json(&data, &["audit", "--limit", "3"]);
    assert!(audit.as_array().unwrap().iter().any(|e| e["action"] == "utilisation.personnel"), "{audit}");
}

/// Issue 15, item 8: 5.9 exempts only Mozaïk-Portail, Portail Parents and Clic École; art. 3
/// leaves only professional e-mail outside. Otherwise the flag changes only with a reason, which
/// the journal keeps with the article.
#[test]
fn taking_the_deletion_off_or_declaring_outside_the_directive_needs_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    let before = json(&data, &["audit", "--limit", "1"]);
    let refused = run(&data, &["platform", "set", "Teams", "--deletion", "non"]);
    assert_eq!(refused.status.code(), Some(1));
    let message = stderr(&refused);
    assert!(
        message.contains("art. 5.9") && message.contains("Mozaïk-Portail, Portail Parents et Clic École"),
        "{message}"
    );
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    assert_eq!(json(&data, &["audit", "--limit", "1"]), before, "nothing saved, nothing journaled");
    let preview = ok(&data, &["platform", "set", "Teams", "--deletion", "non", "--dry-run"]);
    assert!(preview.contains("Raison requise (art. 5.9)"), "{preview}");
    let saved =
        json(&data, &["platform", "set", "Teams", "--deletion", "non", "--reason", "vidé par le service TI du CSS"]);
    assert_eq!(saved["after"]["end_of_year_deletion"], false);
    assert_eq!(saved["after"]["deletion_exemption_reason"], "vidé par le service TI du CSS");
    let audit = json(&data, &["audit", "--limit", "1"]);
    let summary = audit[0]["summary"].as_str().unwrap();
    assert!(
        summary.contains("art. 5.9 (« Lorsqu'une autre plateforme") && summary.contains("vidé par le service TI"),
        "{summary}"
    );
    let listed = ok(&data, &["platform", "set", "Teams", "--dry-run"]);
    assert!(listed.contains("différent de l'art. 5.9, raison : vidé par le service TI du CSS"), "{listed}");
    // Mozaïk-Portail is named by 5.9: its deletion may stay off; nothing to explain.
    let named = json(&data, &["platform", "list"]);
    let mozaik = named.as_array().unwrap().iter().find(|p| p["name"] == "Mozaïk-Portail").unwrap();
    assert_eq!((mozaik["named_in"].as_str(), mozaik["end_of_year_deletion"].as_bool()), (Some("5.9"), Some(false)));
    // Art. 3.
    let refused = run(&data, &["platform", "set", "Classroom", "--outside-directive", "oui"]);
    assert!(stderr(&refused).contains("art. 3"), "{}", stderr(&refused));
    // A new platform without the deletion.
    let refused = run(
        &data,
        &[
            "platform",
            "add",
            "Seesaw",
            "--status",
            "autorisation-requise",
            "--audience",
            "parents",
            "--deletion",
            "non",
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("art. 5.9"), "{}", stderr(&refused));
    let added = json(
        &data,
        &[
            "platform",
            "add",
            "Seesaw",
            "--status",
            "autorisation-requise",
            "--audience",
            "parents",
            "--deletion",
            "non",
            "--reason",
            "essai d'une semaine",
        ],
    );
    assert_eq!(added["deletion_exemption_reason"], "essai d'une semaine");
}
