//! A scanned stack through the real binary (issue 16): Balise's own forms printed, rendered as a
//! copier scans them, answered, signed or not, with a blank back and a page of another document;
//! `balise scan read` says each page and writes nothing; `balise scan file` records nothing without
//! `--confirm-clear`, then only the clear pages, each with its own page as the scan, and a second
//! pass finds them « déjà enregistré ». Bad files are refused in French, nothing written.

use std::path::Path;

use serde_json::Value;

use crate::cli::{json_at, run_at, stderr};
use crate::util::scans::{answer, blank_like, code_of, rendered_pages, stack_pdf};
use crate::util::text_pdf;

pub(crate) const PRINTED: &str = "2025-08-25T10:00:00-04:00";
pub(crate) const BACK: &str = "2025-09-03T10:00:00-04:00";
const DPI: u32 = 200;

fn pages_of(out: &Value) -> &Vec<Value> {
    out["pages"].as_array().unwrap()
}

/// 601's forms printed (Côté, then N'Guessan) and scanned back: Côté answered oui / non and signed,
/// N'Guessan's form with both boxes of question 1 marked and signed, a blank back, and a page of
/// another document. Returns the stack's path and the two numbers.
pub(crate) fn scanned_stack(dir: &Path, data: &Path) -> (std::path::PathBuf, String, String) {
    crate::cli::bleuets_school(PRINTED, data);
    let printed_pdf = dir.join("601.pdf");
    let printed = json_at(PRINTED, data, &["print", "annexe-a", "--class", "601", "-o", printed_pdf.to_str().unwrap()]);
    let numbers: Vec<String> =
        printed["forms"].as_array().unwrap().iter().map(|f| f["number"].as_str().unwrap().to_string()).collect();
    let mut pages = rendered_pages(&printed_pdf, DPI);
    assert_eq!(pages.len(), 2);
    assert_eq!(code_of(&pages[0], DPI).number, numbers[0], "each page's code carries its form's number");
    answer(&mut pages[0], DPI, [Some(0), Some(1)], true);
    let mut both = pages[1].clone();
    answer(&mut both, DPI, [Some(0), Some(0)], true);
    answer(&mut both, DPI, [Some(1), None], false);
    let other = dir.join("autre.pdf");
    std::fs::write(&other, text_pdf(&["NOTE AUX PARENTS", "Sortie au musée le 12 octobre"])).unwrap();
    let other_page = rendered_pages(&other, DPI).remove(0);
    let stack = vec![pages[0].clone(), blank_like(&pages[0]), both, other_page];
    let path = dir.join("pile du 3 septembre.pdf");
    std::fs::write(&path, stack_pdf(&stack)).unwrap();
    (path, numbers[0].clone(), numbers[1].clone())
}

#[test]
fn a_stack_is_read_then_only_its_clear_pages_are_recorded_with_their_scan() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    let (stack, cote, nguessan) = scanned_stack(dir.path(), &data);
    let stack = stack.to_str().unwrap();

    let read = json_at(BACK, &data, &["scan", "read", stack]);
    let pages = pages_of(&read);
    assert_eq!(read["blank"], 1, "the blank back is skipped: {read}");
    assert_eq!(pages.len(), 3, "{read}");
    let first = &pages[0];
    assert_eq!((first["page"].as_u64(), first["number"].as_str()), (Some(1), Some(cote.as_str())), "{first}");
    assert_eq!((first["q1"].as_str(), first["q2"].as_str()), (Some("oui"), Some("non")), "{first}");
    assert_eq!(first["signed"], true);
    assert_eq!(first["review"], false, "{first}");
    assert_eq!(first["standing"]["kind"], "clear");
    assert_eq!(first["student"], "Côté, Ève-Marie");
    assert_eq!(first["class_code"], "601");
    let second = &pages[1];
    assert_eq!(second["number"].as_str(), Some(nguessan.as_str()));
    assert_eq!(second["q1"], "a_verifier", "both boxes marked: never guessed: {second}");
    assert_eq!(second["review"], true);
    assert!(second["reasons"].as_array().unwrap().iter().any(|r| r == "both_marked"), "{second}");
    let third = &pages[2];
    assert_eq!(third["number"], Value::Null, "a page of another document has no number: {third}");
    assert_eq!(third["standing"]["kind"], "unclassified");
    let text = run_at(BACK, &data, &["scan", "read", stack]);
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    eprintln!("{text}");
    assert!(text.contains(&format!("Page 1 (pile du 3 septembre.pdf, p. 1) — {cote} Côté, Ève-Marie (601, ClassDojo) : Q1 oui, Q2 non, signé — claire")), "{text}");
    assert!(text.contains("Q1 à vérifier, Q2 oui, signé — à vérifier"), "{text}");
    assert!(text.contains("à vérifier : les deux cases cochées"), "{text}");
    assert!(text.contains("aucun code lisible — page non classée"), "{text}");
    assert!(text.contains("1 verso(s) blanc(s) ignoré(s)"), "{text}");
    // Reading writes nothing.
    let history = json_at(BACK, &data, &["consent", "history", "--student", "Côté, Ève-Marie"]);
    assert_eq!(history["forms"][0]["state"]["status"], "not_returned", "{history}");

    // Without --confirm-clear, nothing is recorded; the text says so.
    let dry = run_at(BACK, &data, &["scan", "file", stack]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    let said = String::from_utf8_lossy(&dry.stdout);
    assert!(said.contains("rien n'est enregistré sans --confirm-clear"), "{said}");
    let history = json_at(BACK, &data, &["consent", "history", "--student", "Côté, Ève-Marie"]);
    assert_eq!(history["forms"][0]["state"]["status"], "not_returned", "{history}");

    let filed = json_at(BACK, &data, &["scan", "file", stack, "--confirm-clear", "--received", "2025-09-02"]);
    let recorded = filed["recorded"].as_array().unwrap();
    assert_eq!(recorded.len(), 1, "only the clear page: {filed}");
    assert_eq!(recorded[0]["number"].as_str(), Some(cote.as_str()));
    assert_eq!(recorded[0]["recorded"], true);
    let left: Vec<u64> = filed["left"].as_array().unwrap().iter().map(|p| p["page"].as_u64().unwrap()).collect();
    assert_eq!(left, vec![3, 4], "what is left for a person: {filed}");

    let history = json_at(BACK, &data, &["consent", "history", "--student", "Côté, Ève-Marie"]);
    let form = &history["forms"][0];
    assert_eq!((form["state"]["q1"].as_str(), form["state"]["q2"].as_str()), (Some("oui"), Some("non")), "{form}");
    let received = form["events"].as_array().unwrap().iter().find(|e| e["kind"] == "recu").expect("a receipt");
    assert_eq!(received["on"], "2025-09-02", "the day given: {received}");
    assert!(received["scan"]["id"].is_number(), "the page is the form's scan: {received}");
    let name = received["scan"]["original_name"].as_str().unwrap();
    assert_eq!(name, "pile du 3 septembre.pdf page 1.pdf", "the page alone, named after its stack: {received}");
    assert!(received["scan"]["size"].as_u64().unwrap() < 2_000_000, "one page, not the whole stack: {received}");
    let nguessan_history = json_at(BACK, &data, &["consent", "history", "--student", "1002"]);
    assert_eq!(nguessan_history["forms"][0]["state"]["status"], "not_returned", "{nguessan_history}");

    // The same stack again: the recorded form is « déjà enregistré », never overwritten.
    let again = json_at(BACK, &data, &["scan", "read", stack]);
    assert_eq!(pages_of(&again)[0]["standing"]["kind"], "already_recorded", "{again}");
    let refiled = json_at(BACK, &data, &["scan", "file", stack, "--confirm-clear"]);
    assert_eq!(refiled["recorded"].as_array().unwrap().len(), 0, "{refiled}");
}

#[test]
fn bad_files_are_refused_in_french_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    crate::cli::bleuets_school(PRINTED, &data);
    let text_only = dir.path().join("texte.pdf");
    std::fs::write(&text_only, text_pdf(&["PAS UNE NUMÉRISATION"])).unwrap();
    let truncated = dir.path().join("coupé.pdf");
    std::fs::write(&truncated, b"%PDF-1.5\n1 0 obj << /Type /Catalog").unwrap();
    let word = dir.path().join("lettre.docx");
    std::fs::write(&word, b"PK\x03\x04 word/document.xml").unwrap();
    for (file, expected) in [(&text_only, "numérisée"), (&truncated, "PDF"), (&word, "lettre.docx")] {
        let out = run_at(BACK, &data, &["scan", "file", file.to_str().unwrap(), "--confirm-clear"]);
        assert!(!out.status.success(), "{file:?} refused");
        let err = stderr(&out);
        assert!(err.contains(expected), "{file:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one French line: {err}");
    }
    let journal = json_at(BACK, &data, &["audit", "--limit", "5"]);
    assert!(!journal.to_string().contains("consentement.reception"), "nothing recorded: {journal}");
}

/// 5.7 through a scanned stack: each guardian's own copy (`--per-guardian`, one number) is that
/// guardian's answer — the father's oui and the mother's non both recorded, « réponses
/// contradictoires », which count as no — never « déjà enregistré » for the second.
#[test]
fn each_guardians_own_copy_is_recorded_as_that_guardians_answer() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    crate::cli::bleuets_school(PRINTED, &data);
    let printed_pdf = dir.path().join("601.pdf");
    let printed = json_at(
        PRINTED,
        &data,
        &["print", "annexe-a", "--class", "601", "--per-guardian", "-o", printed_pdf.to_str().unwrap()],
    );
    let cote = printed["forms"][0]["number"].as_str().unwrap().to_string();
    let mut pages = rendered_pages(&printed_pdf, DPI);
    assert_eq!(pages.len(), 3, "Côté's two guardians' copies, then N'Guessan's");
    let (luc, anne) = (code_of(&pages[0], DPI), code_of(&pages[1], DPI));
    assert_eq!((luc.number.as_str(), anne.number.as_str()), (cote.as_str(), cote.as_str()), "one number");
    assert_ne!(luc.copy, anne.copy, "each copy says whose it is");
    answer(&mut pages[0], DPI, [Some(0), Some(0)], true);
    answer(&mut pages[1], DPI, [Some(1), Some(1)], true);
    let stack = dir.path().join("pile.pdf");
    std::fs::write(&stack, stack_pdf(&pages[..2])).unwrap();

    let filed = json_at(BACK, &data, &["scan", "file", stack.to_str().unwrap(), "--confirm-clear"]);
    let recorded = filed["recorded"].as_array().unwrap();
    assert_eq!(recorded.len(), 2, "{filed}");
    assert!(recorded.iter().all(|r| r["recorded"] == true), "both copies recorded: {filed}");
    let history = json_at(BACK, &data, &["consent", "history", "--student", "Côté, Ève-Marie"]);
    let state = &history["forms"][0]["state"];
    assert_eq!(state["status"], "contradictory", "a yes against a no counts as no (5.7): {state}");
    let signers: Vec<String> = history["forms"][0]["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "recu")
        .map(|e| e["summary"].as_str().unwrap().to_string())
        .collect();
    assert!(
        signers.iter().any(|s| s.contains("Luc Côté")) && signers.iter().any(|s| s.contains("Anne Bérubé")),
        "{signers:?}"
    );
}
