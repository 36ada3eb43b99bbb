// A store made by an earlier release (`tests/fixtures/release-1`, made by stop 14's binary)
// opened by this one: the migrations run, `verify` passes, and every recorded event is still
// there, read the same way; only what later rules make of them changes (issue 15: two
// guardians' opposite answers are contradictory, a signer not on file does not count).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::cli::{balise_env, stderr, stdout};

const ON: &str = "2025-10-02T10:00:00-04:00";

fn fixture() -> PathBuf {
    fixture_of("release-1")
}

fn fixture_of(release: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(release)
}

/// A private copy of the fixture's data folder, as the release left it (on Unix, its modes as
/// Balise sets them; Windows keeps a user's profile private by itself).
fn copy_of_release_1(to: &Path) -> PathBuf {
    copy_of(&fixture(), to)
}

fn copy_of(fixture: &Path, to: &Path) -> PathBuf {
    let data = to.join("Balise");
    std::fs::create_dir_all(&data).unwrap();
    private(&data, 0o700);
    for file in ["balise.db", "balise.recovery"] {
        std::fs::copy(fixture.join("Balise").join(file), data.join(file)).unwrap();
        private(&data.join(file), 0o600);
    }
    data
}

#[cfg(unix)]
fn private(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn private(_path: &Path, _mode: u32) {}

fn run_json(data: &Path, key: &str, args: &[&str]) -> Value {
    let args: Vec<&str> = args.iter().copied().chain(["--json"]).collect();
    let out = balise_env(data, &args, &[("BALISE_NOW", ON), ("BALISE_RECOVERY_KEY", key)]);
    assert!(out.status.success(), "balise {args:?}: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn a_store_made_by_release_1_migrates_without_losing_a_recorded_answer() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_of_release_1(dir.path());
    let key = std::fs::read_to_string(fixture().join("recovery-key.txt")).unwrap();
    let key = key.trim();

    let verified = balise_env(&data, &["verify"], &[("BALISE_NOW", ON), ("BALISE_RECOVERY_KEY", key)]);
    assert!(verified.status.success(), "verify: {}", stderr(&verified));
    assert!(stdout(&verified).contains("réussie"), "{}", stdout(&verified));

    // Every student, every form number, every event: the same as release 1 answered.
    let before: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture().join("students.json")).unwrap()).unwrap();
    let after = run_json(&data, key, &["student", "list"]);
    let forms = |list: &Value| -> Vec<(String, String)> {
        list.as_array()
            .unwrap()
            .iter()
            .flat_map(|s| {
                let name = format!("{}, {}", s["last_name"].as_str().unwrap(), s["first_name"].as_str().unwrap());
                s["consents"].as_array().unwrap().iter().map(move |c| (name.clone(), c["number"].to_string()))
            })
            .collect()
    };
    assert_eq!(forms(&after), forms(&before), "the same students and form numbers");
    let mut events_checked = 0;
    for student in before.as_array().unwrap() {
        let fiche = student["fiche"].as_str().unwrap();
        let history = run_json(&data, key, &["consent", "history", "--student", fiche]);
        for form in history["forms"].as_array().unwrap() {
            let events = form["events"].as_array().unwrap();
            assert!(!events.is_empty());
            events_checked += events.len();
        }
    }
    let old_cote: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture().join("history-cote.json")).unwrap()).unwrap();
    let new_cote = run_json(&data, key, &["consent", "history", "--student", "1001"]);
    let events = |h: &Value| -> Vec<(i64, String, String, String)> {
        h["forms"][0]["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["id"].as_i64().unwrap(),
                    e["kind"].as_str().unwrap().to_string(),
                    e["on"].as_str().unwrap().to_string(),
                    e["summary"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(events(&new_cote), events(&old_cote), "Côté's history reads as release 1 wrote it");
    assert!(events_checked >= 9, "{events_checked} events");

    // What the rules of this release make of the same events.
    let state_of = |last_name: &str| -> Value {
        let s = after.as_array().unwrap().iter().find(|s| s["last_name"] == last_name).unwrap();
        s["consents"][0]["state"].clone()
    };
    let cote = state_of("Côté");
    assert_eq!(cote["status"], "contradictory", "the mother's no and the father's yes (5.7): {cote}");
    assert_eq!((cote["may_show"].as_bool(), cote["may_write"].as_bool()), (Some(false), Some(false)));
    let awa = state_of("N'Guessan");
    assert_eq!(awa["status"], "unknown_signer", "signed by a name not on file: {awa}");
    assert_eq!(awa["may_show"], false);
    let lea = state_of("O'Neil-Bérubé");
    assert_eq!(lea["status"], "withdrawn", "{lea}");
    assert_eq!((lea["q1"].as_str(), lea["q2"].as_str()), (Some("oui"), Some("non")), "correction then withdrawal");
    let emile = state_of("Lévesque");
    assert_eq!(emile["may_show"], false, "the typed-in refusal still allows nothing: {emile}");
    assert_eq!(emile["status"], "unknown_signer");

    // Migration 0011 (issue 15, item 14): every guardian release 1 knew prints in French.
    let languages: Vec<&Value> = after
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["guardians"].as_array().unwrap())
        .map(|g| &g["language"])
        .collect();
    assert!(!languages.is_empty() && languages.iter().all(|l| *l == "fr"), "{languages:?}");
}

/// Issue 17: a store made by the release before the form engine (stop 24, schema 0011) opens
/// with `forms` rebuilt around its templates: every student, form number, answer and state reads
/// exactly as that release answered, the attached scan is still there, the store verifies, and
/// the next form printed (a project's annexe 3) takes a number no Annexe A has.
#[test]
fn a_store_made_by_release_2_keeps_every_annexe_a_number_and_answer_through_the_form_engine() {
    let fixture = fixture_of("release-2");
    let dir = tempfile::tempdir().unwrap();
    let data = copy_of(&fixture, dir.path());
    let key = std::fs::read_to_string(fixture.join("recovery-key.txt")).unwrap();
    let key = key.trim();
    let verified = balise_env(&data, &["verify"], &[("BALISE_NOW", ON), ("BALISE_RECOVERY_KEY", key)]);
    assert!(verified.status.success(), "verify: {}", stderr(&verified));
    assert!(stdout(&verified).contains("réussie"), "{}", stdout(&verified));

    // The whole list, every consent's number and state: identical.
    let before: Value = serde_json::from_str(&std::fs::read_to_string(fixture.join("students.json")).unwrap()).unwrap();
    let after = run_json(&data, key, &["student", "list"]);
    assert_eq!(after, before, "students, numbers and states as release 2 answered");
    let old_cote: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture.join("history-cote.json")).unwrap()).unwrap();
    assert_eq!(run_json(&data, key, &["consent", "history", "--student", "1001"]), old_cote);

    // N'Guessan's receipt still has its scan.
    let history = run_json(&data, key, &["consent", "history", "--student", "1002"]);
    assert!(history.to_string().contains("scan.png"), "the scan is kept: {history}");

    // A project's forms join the same number series.
    let env = [("BALISE_NOW", ON), ("BALISE_RECOVERY_KEY", key)];
    let added = balise_env(
        &data,
        &[
            "project",
            "add",
            "--title",
            "Expo",
            "--medium",
            "Journal",
            "--from",
            "2025-10-01",
            "--to",
            "2026-05-29",
            "--class",
            "601",
            "--json",
        ],
        &env,
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let id = serde_json::from_str::<Value>(&stdout(&added)).unwrap()["id"].to_string();
    let pdf = dir.path().join("expo.pdf");
    let printed = balise_env(&data, &["project", "print", &id, "-o", pdf.to_str().unwrap(), "--json"], &env);
    assert!(printed.status.success(), "{}", stderr(&printed));
    let printed: Value = serde_json::from_str(&stdout(&printed)).unwrap();
    let old_numbers: Vec<String> = after
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["consents"].as_array().unwrap().iter().map(|c| c["number"].as_str().unwrap().to_string()))
        .collect();
    for form in printed["forms"].as_array().unwrap() {
        assert!(!old_numbers.contains(&form["number"].as_str().unwrap().to_string()), "{form}");
    }
}
