// The returns through the built binary (issue #6), on a fixed clock: recording, the refusal of a
// form already recorded, a correction, a withdrawal, the « ne pas contacter » override, history,
// the follow-up list and its export, and `student list --json` with the answers in force; then
// SIGKILL during saves never leaves half a record.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use rand::Rng;
use serde_json::Value;

use crate::cli::{authorize_use, json_at, run_at, stderr};
use crate::util::balise_bin;

const PRINTED: &str = "2025-08-25T10:00:00-04:00";
const SEPTEMBER: &str = "2025-09-04T10:00:00-04:00";

/// A school of 2025-2026 with the GPI fixture (601: Côté, N'Guessan), ClassDojo for 601's
/// parents, and 601's forms printed; returns the form numbers in class-list order.
fn printed_school(data: &Path) -> Vec<String> {
    json_at(PRINTED, data, &["init"]);
    for (key, value) in [
        ("school_year", "2025-2026"),
        ("school_name", "École des Bleuets"),
        ("return_email", "secretariat@bleuets.exemple.ca"),
        ("form_deadline", "2025-09-12"),
    ] {
        json_at(PRINTED, data, &["settings", "set", key, value]);
    }
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster/gpi_utf8_bom.csv");
    json_at(PRINTED, data, &["import", "roster", fixture.to_str().unwrap()]);
    let dojo =
        json_at(PRINTED, data, &["use", "add", "--class", "601", "--platform", "ClassDojo", "--audience", "parents"]);
    authorize_use(Some(PRINTED), data, &dojo["id"]);
    let out = data.parent().unwrap().join("601.pdf");
    let printed = json_at(PRINTED, data, &["print", "annexe-a", "--class", "601", "-o", out.to_str().unwrap()]);
    printed["forms"].as_array().unwrap().iter().map(|f| f["number"].as_str().unwrap().to_string()).collect()
}

fn json(data: &Path, args: &[&str]) -> Value {
    json_at(SEPTEMBER, data, args)
}

/// Runs at SEPTEMBER, insists on failure, returns the one French line on stderr.
fn fails(data: &Path, args: &[&str]) -> String {
    let out = run_at(SEPTEMBER, data, args);
    assert!(!out.status.success(), "balise {args:?} should fail");
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    err
}

#[test]
fn returns_are_recorded_corrected_withdrawn_and_followed_up_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    let numbers = printed_school(&data);
    assert_eq!(numbers.len(), 2);
    let (cote, awa) = (&numbers[0], &numbers[1]);

    // Nothing back yet: both forms to chase.
    let missing = json(&data, &["consent", "missing"]);
    assert_eq!(missing.as_array().unwrap().len(), 2, "{missing}");
    assert_eq!(missing[0]["status"], "non_retourne");

    // Côté's form comes back: yes to 1, no to 2, signed by the father, typed without its dash.
    let typed = cote.replace('-', "").to_lowercase();
    let recorded = json(
        &data,
        &[
            "consent",
            "record",
            &typed,
            "--q1",
            "oui",
            "--q2",
            "non",
            "--signer",
            "Luc Côté",
            "--received",
            "2025-09-03",
        ],
    );
    assert_eq!((recorded["state"]["q1"].as_str(), recorded["state"]["q2"].as_str()), (Some("oui"), Some("non")));
    assert_eq!(recorded["state"]["returned_on"], "2025-09-03");

    // The same form again: refused, saying what was recorded, nothing written.
    let err = fails(&data, &["consent", "record", cote, "--q1", "non", "--q2", "non"]);
    assert!(err.contains("déjà enregistré") && err.contains("Q1 oui, Q2 non"), "{err}");
    // A mistyped number: the check character catches it.
    let mut wrong: Vec<char> = cote.chars().collect();
    wrong[0] = if wrong[0] == 'K' { 'M' } else { 'K' };
    let wrong: String = wrong.into_iter().collect();
    assert!(fails(&data, &["consent", "record", &wrong, "--q1", "oui", "--q2", "oui"]).contains("numéro"));
    // Bad answers and dates in French.
    assert!(fails(&data, &["consent", "record", awa, "--q1", "peut-être", "--q2", "oui"]).contains("oui, non ou vide"));
    assert!(fails(&data, &["consent", "record", awa, "--q1", "oui", "--q2", "oui", "--received", "2025-09-30"])
        .contains("futur"));

    // The correction keeps the original in the history.
    let corrected =
        json(&data, &["consent", "correct", cote, "--q1", "oui", "--q2", "oui", "--reason", "case 2 mal lue"]);
    assert_eq!(corrected["state"]["may_write"], true);

    // Awa's mother is marked « ne pas contacter »: her signature needs an override with a reason.
    let students = json(&data, &["student", "list", "--class", "601"]);
    let awa_row = students.as_array().unwrap().iter().find(|s| s["first_name"] == "Awa").unwrap();
    let guardian = awa_row["guardians"][0]["id"].as_i64().unwrap().to_string();
    json(&data, &["student", "do-not-contact", &guardian]);
    assert!(fails(&data, &["student", "do-not-contact", "999999"]).contains("Aucun parent ou tuteur actuel n° 999999"));
    let err = fails(&data, &["consent", "record", awa, "--q1", "oui", "--q2", "oui", "--signer", "Aya N'Guessan"]);
    assert!(err.contains("ne pas contacter"), "{err}");
    let awa_recorded = json(
        &data,
        &[
            "consent",
            "record",
            awa,
            "--q1",
            "oui",
            "--q2",
            "vide",
            "--signer",
            "Aya N'Guessan",
            "--do-not-contact-reason",
            "garde confirmée",
        ],
    );
    // The core's words for what the answers allow (5.5, 5.6), as `--json` carries them.
    assert_eq!(awa_recorded["state"]["publication_fr"], "photos et réalisations publiables", "{awa_recorded}");
    assert_eq!(
        awa_recorded["state"]["private_message_fr"], "pas de message privé aux parents sur la plateforme",
        "a blank question 2 is no written consent (5.6): {awa_recorded}"
    );

    // A withdrawal of question 1 puts Côté on the class sheet's list of what is not allowed.
    json(&data, &["consent", "withdraw", cote, "--question", "1", "--date", "2025-09-04", "--by", "Luc Côté"]);
    let sheet_pdf = dir.path().join("feuille.pdf");
    let sheet = json(&data, &["print", "class-sheet", "--class", "601", "-o", sheet_pdf.to_str().unwrap()]);
    let must_not: Vec<&str> =
        sheet["sheets"][0]["must_not"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(must_not.contains(&"Côté, Ève-Marie"), "{sheet}");
    let out = std::process::Command::new("pdftotext").arg(&sheet_pdf).arg("-").output().expect("pdftotext");
    let text: String = String::from_utf8(out.stdout)
        .unwrap()
        .split(|c: char| c.is_whitespace() || c == '\u{202F}' || c == '\u{A0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    // Issue 15, item 3: what exactly is withheld (5.5.2, 5.6), and a form not back is no written
    // consent (5.5.3, 5.6), never called a refusal (every form of this class is back: the
    // advice says it; the core's table tests say it beside a student).
    for expected in [
        "ne publier ni photo ni réalisation de cet élève (question 1 : non) ; consentement retiré (art. 5.8)",
        "pas de message privé aux parents sur la plateforme (question 2 : laissée en blanc)",
        "Formulaire non revenu : pas de consentement écrit (art. 5.5.3, 5.6). Ce n’est pas un refus",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from the class sheet: {text}");
    }
    assert!(!text.contains("paraître") && !text.contains("compte comme un refus"), "{text}");
    let may_write: Vec<&str> =
        sheet["sheets"][0]["may_write"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(may_write, ["Côté, Ève-Marie"], "question 2 still stands for Côté; Awa's was left blank");

    // student list --json: q1 and q2 per student and use.
    let students = json(&data, &["student", "list", "--class", "601"]);
    let answers: Vec<(String, String, String)> = students
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let c = &s["consents"][0];
            (
                s["first_name"].as_str().unwrap().to_string(),
                c["q1"].as_str().unwrap().to_string(),
                c["q2"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        answers,
        [("Ève-Marie".into(), "non".into(), "oui".into()), ("Awa".into(), "oui".into(), "sans_reponse".into())]
    );

    // History: every event, in order, with the correction's reason and the override's.
    let history = json(&data, &["consent", "history", "--student", "Côté, Ève-Marie"]);
    let kinds: Vec<&str> =
        history["forms"][0]["events"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["imprime", "recu", "corrige", "retire"]);
    let text = run_at(SEPTEMBER, &data, &["consent", "history", "--student", "1002"]);
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(text.contains("garde confirmée") && text.contains("Q2 vide"), "{text}");

    // Follow-up: Awa's blank answer is still to chase; the export neutralises nothing here but
    // writes the list; it never overwrites.
    let missing = json(&data, &["consent", "missing"]);
    assert_eq!(missing.as_array().unwrap().len(), 1);
    assert_eq!(missing[0]["status"], "reponse_vide");
    let export = dir.path().join("suivi.csv");
    json(&data, &["consent", "missing", "--export", export.to_str().unwrap()]);
    let csv = std::fs::read_to_string(&export).unwrap();
    assert!(csv.contains("N'Guessan, Awa") && csv.contains("réponse vide"), "{csv}");
    assert!(fails(&data, &["consent", "missing", "--export", export.to_str().unwrap()]).contains("existe déjà"));

    // The dashboard counts.
    let status = json(&data, &["status"]);
    let school = &status["consents"]["school"];
    assert_eq!(
        (school["expected"].as_u64(), school["received"].as_u64(), school["blank"].as_u64()),
        (Some(2), Some(2), Some(1)),
        "{status}"
    );

    // The journal holds no name.
    let audit = json(&data, &["audit", "--limit", "100"]);
    let journal = audit.to_string();
    assert!(journal.contains("consentement.reception") && journal.contains("consentement.retrait"));
    for name in ["Côté", "Awa", "Aya", "garde confirmée"] {
        assert!(!journal.contains(name), "{name} in the journal: {journal}");
    }
}

#[test]
fn sigkill_during_saves_never_leaves_half_a_recorded_form() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    json_at(PRINTED, &data, &["init"]);
    for (key, value) in [
        ("school_year", "2025-2026"),
        ("school_name", "École des Bleuets"),
        ("return_email", "secretariat@bleuets.exemple.ca"),
        ("form_deadline", "2025-09-12"),
    ] {
        json_at(PRINTED, &data, &["settings", "set", key, value]);
    }
    // 30 students in 601, each with a parent.
    let mut csv = String::from("Fiche;Nom;Prénom;Groupe;Parent 1 nom;Parent 1 prénom;Parent 1 courriel\n");
    for i in 0..30 {
        csv.push_str(&format!("{};Élève{i:02};Prénom;601;Parent{i:02};Prénom;p{i}@exemple.ca\n", 2000 + i));
    }
    let list = dir.path().join("liste.csv");
    std::fs::File::create(&list).unwrap().write_all(csv.as_bytes()).unwrap();
    json_at(PRINTED, &data, &["import", "roster", list.to_str().unwrap()]);
    let dojo =
        json_at(PRINTED, &data, &["use", "add", "--class", "601", "--platform", "ClassDojo", "--audience", "parents"]);
    authorize_use(Some(PRINTED), &data, &dojo["id"]);
    let out = dir.path().join("601.pdf");
    let printed = json_at(PRINTED, &data, &["print", "annexe-a", "--class", "601", "-o", out.to_str().unwrap()]);
    let numbers: Vec<String> =
        printed["forms"].as_array().unwrap().iter().map(|f| f["number"].as_str().unwrap().to_string()).collect();
    assert_eq!(numbers.len(), 30);

    // Each round starts a save with a scan and kills it at a random moment: before, during or
    // after its transaction.
    let scan = dir.path().join("scan.pdf");
    std::fs::write(&scan, crate::util::minimal_pdf(&"x".repeat(2 * 1024 * 1024))).unwrap();
    let record = |number: &str| {
        Command::new(balise_bin())
            .arg("--data-dir")
            .arg(&data)
            .args(["consent", "record", number, "--q1", "oui", "--q2", "non", "--scan", scan.to_str().unwrap()])
            .env("BALISE_NOW", SEPTEMBER)
            .env("BALISE_NO_VIEWER", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // One save left alone tells how long a save takes here; the kills then aim around its end,
    // where the transaction is.
    let started = std::time::Instant::now();
    assert!(record(&numbers[0]).wait().unwrap().success());
    let whole = started.elapsed().as_millis() as u64;
    let mut rng = rand::thread_rng();
    let mut finished = vec![(numbers[0].clone(), true)];
    for number in &numbers[1..] {
        let mut child = record(number);
        std::thread::sleep(Duration::from_millis(rng.gen_range(whole / 2..whole * 11 / 10)));
        match child.try_wait().unwrap() {
            Some(status) => finished.push((number.clone(), status.success())),
            None => {
                child.kill().unwrap(); // SIGKILL on Unix
                child.wait().unwrap();
            }
        }
    }

    // Every receipt has its audit entry and its scan, and every audit entry its receipt.
    let audit = json(&data, &["audit", "--limit", "100000"]);
    let audited: Vec<String> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "consentement.reception")
        .map(|e| e["object"].as_str().unwrap().trim_start_matches("formulaire ").to_string())
        .collect();
    let mut recorded = Vec::new();
    for number in &numbers {
        let shown = json(&data, &["consent", "history", "--student", &number_student(&data, number)]);
        let events = shown["forms"][0]["events"].as_array().unwrap();
        let receipts: Vec<&Value> = events.iter().filter(|e| e["kind"] == "recu").collect();
        assert!(receipts.len() <= 1, "{number}: at most one receipt");
        if let Some(receipt) = receipts.first() {
            assert!(receipt["scan"].is_object(), "{number}: the receipt has its scan");
            recorded.push(number.clone());
        }
        assert_eq!(
            audited.contains(number),
            !receipts.is_empty(),
            "{number}: the receipt and its audit entry are saved together, or neither"
        );
    }
    for (number, success) in &finished {
        if *success {
            assert!(recorded.contains(number), "{number} reported success, so it is recorded");
        }
    }
    let verify = crate::cli::balise(&data, &["verify"]);
    assert!(verify.status.success(), "verify after the kills: {}", crate::cli::stdout(&verify));
    eprintln!(
        "{} of 30 saves recorded, {} finished before their kill (a save takes {whole} ms)",
        recorded.len(),
        finished.len()
    );
}

/// The student a form number stands for, by fiche.
fn number_student(data: &Path, number: &str) -> String {
    json(data, &["form", "show", number])["fiche"].as_str().unwrap().to_string()
}

/// Issue 15, items 1 and 2, through the binary: the issue's own steps (one copy per guardian,
/// the mother's no, the father's yes the next day with `--again`) give « réponses
/// contradictoires », counted as no on the class sheet (5.7), until the father withdraws; a
/// signer not on file is recorded, does not count, is followed up, then linked.
#[test]
fn two_guardians_disagreeing_and_an_unknown_signer_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    let out = dir.path().join("601-parents.pdf");
    let numbers = printed_school(&data);
    let printed = json_at(
        PRINTED,
        &data,
        &["print", "annexe-a", "--class", "601", "--per-guardian", "-o", out.to_str().unwrap()],
    );
    assert!(printed["pages"].as_u64().unwrap() >= 3, "one copy per guardian: {printed}");
    let (cote, awa) = (&numbers[0], &numbers[1]);
    let record = |number: &str, q1: &str, q2: &str, signer: &str, on: &str, again: bool| {
        let mut args = vec!["consent", "record", number, "--q1", q1, "--q2", q2, "--signer", signer, "--received", on];
        if again {
            args.push("--again");
        }
        json(&data, &args)
    };
    record(cote, "non", "non", "Anne Bérubé", "2025-09-03", false);
    let father = record(cote, "oui", "oui", "Luc Côté", "2025-09-04", true);
    assert_eq!(father["state"]["status"], "contradictory", "{father}");
    assert_eq!((father["state"]["q1"].as_str(), father["state"]["q2"].as_str()), (Some("non"), Some("non")));
    assert_eq!(father["state"]["may_show"], false);
    // The text says what it is and the way out.
    let history = run_at(SEPTEMBER, &data, &["consent", "history", "--student", "Côté, Ève-Marie"]);
    let history = String::from_utf8_lossy(&history.stdout).into_owned();
    assert!(history.contains("réponses contradictoires : compte comme un non (art. 5.7)"), "{history}");
    assert!(history.contains("nouveau formulaire signé par le parent qui a dit non"), "{history}");
    // The class sheet: Côté may not be published nor written to.
    let sheet_pdf = dir.path().join("feuille.pdf");
    let sheet = json(&data, &["print", "class-sheet", "--class", "601", "-o", sheet_pdf.to_str().unwrap()]);
    assert!(sheet["sheets"][0]["must_not"].as_array().unwrap().iter().any(|v| v == "Côté, Ève-Marie"), "{sheet}");
    let text = crate::util::pdf_text(&sheet_pdf).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("réponses contradictoires des parents"), "{text}");

    // A signer not on file: recorded, not counted, followed up.
    let stranger = record(awa, "oui", "oui", "Inconnu Quelconque", "2025-09-03", false);
    assert_eq!(stranger["state"]["status"], "unknown_signer", "{stranger}");
    assert_eq!(stranger["state"]["may_show"], false);
    let missing = json(&data, &["consent", "missing"]);
    let statuses: Vec<(&str, &str)> = missing
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["number"].as_str().unwrap(), m["status"].as_str().unwrap()))
        .collect();
    assert!(statuses.contains(&(cote.as_str(), "reponses_contradictoires")), "{statuses:?}");
    assert!(statuses.contains(&(awa.as_str(), "signataire_non_inscrit")), "{statuses:?}");
    // Linked with the reason that the roster lags behind a custody change: it counts.
    let linked = json(
        &data,
        &["consent", "link-signer", awa, "--authority", "nouvelle tutrice, jugement présenté au secrétariat"],
    );
    assert_eq!(linked["state"]["may_show"], true, "{linked}");
    let err = fails(&data, &["consent", "link-signer", awa, "--authority", "encore"]);
    assert!(err.contains("Rien à rattacher"), "{err}");

    // The father withdraws (5.8): settled, no for both parents.
    let settled =
        json(&data, &["consent", "withdraw", cote, "--question", "both", "--date", "2025-09-04", "--by", "Luc Côté"]);
    assert_eq!(settled["state"]["status"], "withdrawn", "{settled}");
    assert_eq!(settled["state"]["contradictory"], false);

    // A student's own signature needs the school's setting (item 4).
    let err = fails(&data, &["consent", "refuse", awa, "--student-signed"]);
    assert!(err.contains("consentement de l'élève n'est pas permis dans Paramètres"), "{err}");
}
