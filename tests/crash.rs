// Power cut: a child writing audit entries is killed with SIGKILL at random moments, 50 rounds;
// every entry it reported as committed must be there, and `balise verify` must pass.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use rand::Rng;

use crate::cli::{init, ok};
use crate::util::balise_bin;

#[test]
fn sigkill_during_writes_never_loses_a_committed_entry() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let mut rng = rand::thread_rng();
    let mut reported: Vec<i64> = Vec::new();
    for round in 0..50 {
        let mut child = Command::new(balise_bin())
            .arg("--data-dir")
            .arg(dir.path())
            .arg("stress-audit")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(id) = line.trim().parse::<i64>() {
                    let _ = tx.send(id);
                }
            }
        });
        // Wait for the first commit so each round kills in the middle of writing, then a random extra delay.
        let first =
            rx.recv_timeout(Duration::from_secs(30)).unwrap_or_else(|_| panic!("round {round}: no commit reported"));
        reported.push(first);
        std::thread::sleep(Duration::from_millis(rng.gen_range(0..40)));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        reader.join().unwrap();
        reported.extend(rx.try_iter());
    }
    assert!(reported.len() >= 50, "at least one commit per round");
    let audit: serde_json::Value =
        serde_json::from_str(&ok(dir.path(), &["audit", "--limit", "1000000", "--json"])).unwrap();
    let present: std::collections::HashSet<i64> =
        audit.as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
    let lost: Vec<&i64> = reported.iter().filter(|id| !present.contains(id)).collect();
    assert!(lost.is_empty(), "entries reported committed but missing after SIGKILL: {lost:?}");
    let verify = crate::cli::balise(dir.path(), &["verify"]);
    assert!(verify.status.success(), "verify after 50 kills: {}", crate::cli::stdout(&verify));
}

/// A school of 2025-2026 with `classes` classes of `per_class` students, ClassDojo for each
/// class's parents: every printing of a class numbers new forms.
fn school_of(data: &std::path::Path, classes: usize, per_class: usize) {
    use crate::cli::json_at;
    const NOW: &str = "2025-08-25T10:00:00-04:00";
    json_at(NOW, data, &["init"]);
    for (key, value) in [
        ("school_year", "2025-2026"),
        ("school_name", "École des Bleuets"),
        ("return_email", "secretariat@bleuets.exemple.ca"),
        ("form_deadline", "2025-09-12"),
    ] {
        json_at(NOW, data, &["settings", "set", key, value]);
    }
    let mut csv = String::from(
        "Fiche;Nom;Prénom;Date de naissance;Groupe;Niveau;Parent 1 nom;Parent 1 prénom;Parent 1 courriel\n",
    );
    for class in 0..classes {
        for n in 0..per_class {
            let fiche = 10_000 + class * per_class + n;
            csv += &format!(
                "{fiche};Élève{fiche};Prénom;2014-03-09;{};6e année;Parent;Un;p{fiche}@exemple.ca\n",
                600 + class
            );
        }
    }
    let list = data.parent().unwrap().join("liste.csv");
    std::fs::write(&list, csv).unwrap();
    json_at(NOW, data, &["import", "roster", list.to_str().unwrap()]);
    for class in 0..classes {
        let code = (600 + class).to_string();
        let dojo =
            json_at(NOW, data, &["use", "add", "--class", &code, "--platform", "ClassDojo", "--audience", "parents"]);
        crate::cli::authorize_use(Some(NOW), data, &dojo["id"]);
    }
}

#[test]
fn sigkill_when_the_printed_pdf_appears_never_leaves_a_number_the_store_does_not_know() {
    const ROUNDS: usize = 20;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school_of(&data, ROUNDS, 20);
    let out_dir = dir.path().join("sortie");
    std::fs::create_dir(&out_dir).unwrap();
    let mut rng = rand::thread_rng();
    let mut with_pdf = 0;
    let mut printed: Vec<(usize, String)> = Vec::new();
    for round in 0..ROUNDS {
        let out = out_dir.join(format!("{}.pdf", 600 + round));
        let mut child = Command::new(balise_bin())
            .arg("--data-dir")
            .arg(&data)
            .args(["print", "annexe-a", "--class", &(600 + round).to_string(), "-o"])
            .arg(&out)
            .env("BALISE_NOW", "2025-08-25T10:00:00-04:00")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Half the rounds kill the moment the PDF appears, the others at a random moment.
        let deadline = std::time::Instant::now() + Duration::from_millis(rng.gen_range(50..3000));
        let at_appearance = round % 2 == 0;
        loop {
            if out.exists() || (!at_appearance && std::time::Instant::now() > deadline) {
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let _ = child.kill();
        child.wait().unwrap();
        let leftovers: Vec<_> = std::fs::read_dir(&out_dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| !name.ends_with(".pdf") || name.starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: a clear temporary copy in the person's folder: {leftovers:?}");
        if !out.exists() {
            continue;
        }
        with_pdf += 1;
        let text = crate::util::pdf_text(&out);
        let numbers: Vec<&str> = text
            .split_whitespace()
            .filter(|w| {
                w.len() == 8 && w.as_bytes()[3] == b'-' && w.chars().all(|c| c == '-' || c.is_ascii_alphanumeric())
            })
            .filter(|w| balise_core::forms::number::normalize(w).is_ok())
            .collect();
        assert!(!numbers.is_empty(), "round {round}: no form number read in the PDF");
        printed.extend(numbers.into_iter().map(|n| (round, n.to_string())));
    }
    // Every form is still to be returned: the follow-up lists every number the store knows.
    let known = ok(&data, &["consent", "missing", "--json"]);
    for (round, number) in &printed {
        assert!(known.contains(number.as_str()), "round {round}: {number} is printed but the store does not know it");
    }
    let numbers_checked = printed.iter().map(|(_, n)| n).collect::<std::collections::HashSet<_>>().len();
    // The next start removes what the kills left in Balise's own folder.
    ok(&data, &["verify"]);
    let staged: Vec<_> = std::fs::read_dir(data.join("exports"))
        .map(|entries| entries.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(staged.is_empty(), "staged copies left after the next start: {staged:?}");
    crate::util::figures(&format!(
        "print kills: {ROUNDS} rounds, {with_pdf} with a PDF, {numbers_checked} printed numbers all known to the store"
    ));
}

/// Prints every class of `school_of` and returns the forms' numbers.
fn print_all(data: &std::path::Path, classes: usize) -> Vec<String> {
    let mut numbers = Vec::new();
    for class in 0..classes {
        let out = data.parent().unwrap().join(format!("imprime-{class}.pdf"));
        let printed = crate::cli::json_at(
            "2025-08-25T10:00:00-04:00",
            data,
            &["print", "annexe-a", "--class", &(600 + class).to_string(), "-o", out.to_str().unwrap()],
        );
        numbers.extend(printed["forms"].as_array().unwrap().iter().map(|f| f["number"].as_str().unwrap().to_string()));
    }
    numbers
}

fn record_command(data: &std::path::Path, number: &str, reply: &str) -> Command {
    let mut command = Command::new(balise_bin());
    command
        .arg("--data-dir")
        .arg(data)
        .args(["consent", "record", number, "--q1", reply, "--q2", reply])
        .env("BALISE_NOW", "2025-09-02T10:00:00-04:00")
        .env("BALISE_NO_VIEWER", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

#[test]
fn two_commands_recording_the_same_form_at_once_are_never_both_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school_of(&data, 2, 20);
    let numbers = print_all(&data, 2);
    assert_eq!(numbers.len(), 40);
    let (mut acknowledged, mut doubles) = (0, 0);
    for number in &numbers {
        let yes = record_command(&data, number, "oui").spawn().unwrap();
        let no = record_command(&data, number, "non").spawn().unwrap();
        let outputs = [yes.wait_with_output().unwrap(), no.wait_with_output().unwrap()];
        let taken = outputs.iter().filter(|o| o.status.success()).count();
        acknowledged += taken;
        doubles += usize::from(taken > 1);
        assert!(
            taken >= 1,
            "{number}: neither was recorded: {:?}",
            outputs.iter().map(crate::cli::stderr).collect::<Vec<_>>()
        );
        for refused in outputs.iter().filter(|o| !o.status.success()) {
            let message = crate::cli::stderr(refused);
            assert!(message.contains("déjà"), "{number}: the second is told the form is already recorded: {message}");
        }
    }
    let history: serde_json::Value = serde_json::from_str(&ok(&data, &["consent", "missing", "--json"])).unwrap();
    let still_missing = history.to_string();
    crate::util::figures(&format!("concurrent commands: 40 pairs on one form each, {acknowledged} acknowledged, {doubles} double acknowledgements"));
    assert_eq!(doubles, 0, "both were told « Enregistré » for one form");
    for number in &numbers {
        assert!(!still_missing.contains(number.as_str()), "{number} recorded but still listed as missing");
    }
}

/// Runs `args` on the store and kills it with SIGKILL after `delay` unless it ended first; the
/// command's output when it ended by itself with success (an acknowledged write).
fn run_or_kill(data: &std::path::Path, args: &[&str], delay: Duration) -> Option<String> {
    let mut child = Command::new(balise_bin())
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("BALISE_NOW", "2025-09-02T10:00:00-04:00")
        .env("BALISE_NO_VIEWER", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + delay;
    while std::time::Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn sigkill_during_imports_records_and_printing_never_loses_an_acknowledged_write() {
    const ROUNDS: usize = 210;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    // Class 600's forms are recorded, class 601 gets the imported students and is printed.
    school_of(&data, 2, 75);
    let mut to_record = print_all(&data, 1).into_iter();
    let mut rng = rand::thread_rng();
    let (mut recorded, mut imported, mut printed) = (Vec::new(), Vec::new(), Vec::new());
    let mut kinds = [0usize; 3];
    for round in 0..ROUNDS {
        match round % 3 {
            0 => {
                let number = to_record.next().expect("a form left to record");
                let args = ["consent", "record", &number, "--q1", "oui", "--q2", "oui"];
                if run_or_kill(&data, &args, Duration::from_millis(rng.gen_range(0..400))).is_some() {
                    recorded.push(number);
                    kinds[0] += 1;
                }
            }
            1 => {
                let fiche = (90_000 + round).to_string();
                let list = dir.path().join(format!("ajout-{round}.csv"));
                std::fs::write(
                    &list,
                    format!("Fiche;Nom;Prénom;Date de naissance;Groupe;Niveau;Parent 1 nom;Parent 1 prénom;Parent 1 courriel\n{fiche};Nouveau{fiche};Élève;2014-05-01;601;6e année;Parent;Deux;n{fiche}@exemple.ca\n"),
                )
                .unwrap();
                let args = ["import", "roster", list.to_str().unwrap()];
                if run_or_kill(&data, &args, Duration::from_millis(rng.gen_range(0..600))).is_some() {
                    imported.push(fiche);
                    kinds[1] += 1;
                }
            }
            _ => {
                let out = dir.path().join(format!("impression-{round}.pdf"));
                let args = ["--json", "print", "annexe-a", "--class", "601", "-o", out.to_str().unwrap()];
                if let Some(json) = run_or_kill(&data, &args, Duration::from_millis(rng.gen_range(0..2500))) {
                    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
                    let numbers =
                        json["forms"].as_array().unwrap().iter().map(|f| f["number"].as_str().unwrap().to_string());
                    printed.extend(numbers);
                    kinds[2] += 1;
                }
            }
        }
    }
    let verify = crate::cli::balise(&data, &["verify"]);
    assert!(verify.status.success(), "verify after {ROUNDS} kills: {}", crate::cli::stdout(&verify));
    let missing = ok(&data, &["consent", "missing", "--json"]);
    let students = ok(&data, &["student", "list", "--json"]);
    let mut lost = Vec::new();
    lost.extend(recorded.iter().filter(|n| missing.contains(n.as_str())).map(|n| format!("réponse {n}")));
    lost.extend(imported.iter().filter(|f| !students.contains(&format!("\"{f}\""))).map(|f| format!("élève {f}")));
    lost.extend(printed.iter().filter(|n| !missing.contains(n.as_str())).map(|n| format!("formulaire {n}")));
    crate::util::figures(&format!(
        "kills during writes: {ROUNDS} rounds, {} acknowledged ({} records, {} imports, {} printings of {} forms), {} lost",
        kinds.iter().sum::<usize>(),
        kinds[0],
        kinds[1],
        kinds[2],
        printed.len(),
        lost.len()
    ));
    assert!(lost.is_empty(), "acknowledged but missing after SIGKILL: {lost:?}");
    assert!(kinds.iter().all(|k| *k > 0), "each kind of write was acknowledged at least once: {kinds:?}");
}
