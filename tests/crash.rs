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
