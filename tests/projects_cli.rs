// Projects and their forms through the built binary (issue 17): a project for class 601, its
// annexe 3 printed and read back with pdftotext, returns with a box left empty, the project's
// sheet saying what each box allows, an adult's annexe 4, the two templates' numbers refused by
// each other's returns, and bad input refused in French with nothing written.

use std::path::Path;

use serde_json::Value;

use crate::cli::{bleuets_school, json_at, run_at, stderr};
use crate::util::pdf_words;

const OCTOBER: &str = "2025-10-02T10:00:00-04:00";
const LATER: &str = "2025-10-06T10:00:00-04:00";

/// Class 601's project « Expo-sciences » (October to May, annexe 3), added through the binary;
/// its id. The window tests of projects start from it too.
pub fn expo(data: &Path) -> i64 {
    let project = json_at(
        OCTOBER,
        data,
        &[
            "project",
            "add",
            "--title",
            "Expo-sciences",
            "--description",
            "Les élèves présentent leurs expériences au public.",
            "--medium",
            "Journal Le Bleuet",
            "--from",
            "2025-10-01",
            "--to",
            "2026-05-29",
            "--class",
            "601",
        ],
    );
    project["id"].as_i64().unwrap()
}

fn form_of<'a>(show: &'a Value, last_name: &str) -> &'a Value {
    show["forms"].as_array().unwrap().iter().find(|f| f["name"].as_str().unwrap().starts_with(last_name)).unwrap()
}

#[test]
fn a_project_prints_annexe_3_for_a_class_and_its_sheet_says_what_each_box_allows() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    bleuets_school(OCTOBER, &data);
    let id = expo(&data);
    let id_text = id.to_string();

    // Before printing: every participant is listed, nothing allowed.
    let show = json_at(OCTOBER, &data, &["project", "show", &id_text]);
    assert_eq!(show["forms"].as_array().unwrap().len(), 2, "601: Côté and N'Guessan: {show}");
    assert_eq!(form_of(&show, "Côté")["state"]["status"], "not_printed");

    let pdf = dir.path().join("expo.pdf");
    let printed =
        json_at(OCTOBER, &data, &["project", "print", &id_text, "--class", "601", "-o", pdf.to_str().unwrap()]);
    assert_eq!(printed["template"], "photos");
    let numbers: Vec<String> =
        printed["forms"].as_array().unwrap().iter().map(|f| f["number"].as_str().unwrap().to_string()).collect();
    assert_eq!(numbers.len(), 2);
    let text = pdf_words(&pdf);
    for expected in [
        "Autorisation d’utilisation de photos",
        "Identification de l’élève",
        "Ève-Marie",
        "Journal Le Bleuet",
        "COCHEZ SI VOUS",
        "Nom du parent ou du tuteur",
        numbers[0].as_str(),
    ] {
        assert!(text.contains(expected), "« {expected} » missing:\n{text}");
    }

    // A stack of these pages scanned back: N'Guessan's signed with boxes 1 and 2 ticked is clear
    // and recorded from the stack with its page; Côté's, unsigned, waits for Projets.
    let mut pages = crate::util::scans::rendered_pages(&pdf, 200);
    assert_eq!(crate::util::scans::answer_project(&mut pages[1], 200, &[0, 1], true), numbers[1]);
    let stack = dir.path().join("pile-projet.pdf");
    std::fs::write(&stack, crate::util::scans::stack_pdf(&pages)).unwrap();
    let read = json_at(LATER, &data, &["scan", "read", stack.to_str().unwrap()]);
    let page = |n: usize| read["pages"].as_array().unwrap().iter().find(|p| p["page"] == n).unwrap().clone();
    assert_eq!((page(1)["kind"].as_str(), page(1)["number"].as_str()), (Some("projet"), Some(numbers[0].as_str())));
    assert_eq!(page(1)["standing"]["kind"], "review", "{read}");
    assert!(page(1)["reasons"].to_string().contains("project_to_type"), "{read}");
    assert_eq!(page(2)["standing"]["kind"], "clear", "{read}");
    let filed = json_at(
        LATER,
        &data,
        &["scan", "file", stack.to_str().unwrap(), "--confirm-clear", "--received", "2025-10-06"],
    );
    assert!(filed.to_string().contains(&numbers[1]), "{filed}");
    let history = json_at(LATER, &data, &["project", "history", &numbers[1]]);
    let received = history["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["summary"].as_str().unwrap().starts_with("reçu"))
        .unwrap()
        .clone();
    assert!(received["summary"].as_str().unwrap().contains("enregistrements oui, photos oui"), "{history}");
    assert!(received["scan"].is_object(), "the page is the form's scan: {history}");

    // Côté's parent ticks photos and productions, leaves recordings empty.
    let cote = &numbers[0];
    let recorded = json_at(
        LATER,
        &data,
        &["project", "return", cote, "--tick", "photos", "--tick", "droits_productions", "--received", "2025-10-06"],
    );
    assert_eq!(recorded["state"]["status"], "returned");
    let marks: Vec<&str> =
        recorded["state"]["items"].as_array().unwrap().iter().map(|i| i["mark"].as_str().unwrap()).collect();
    assert_eq!(marks, ["yes", "no", "yes"]);

    // The sheet, as the staff read it.
    let human = run_at(LATER, &data, &["project", "show", &id_text]);
    assert!(human.status.success(), "{}", stderr(&human));
    let sheet = String::from_utf8_lossy(&human.stdout).into_owned();
    assert!(
        sheet.contains("photos individuelles ou de groupe permises ; aucun enregistrement audio ou vidéo"),
        "{sheet}"
    );
    assert!(
        sheet.contains("enregistrements audio ou vidéo pour les médias permis"),
        "N'Guessan's, from the stack:\n{sheet}"
    );

    // The same parent's second paper is refused; nothing is written.
    let again = run_at(LATER, &data, &["project", "return", cote, "--tick", "photos"]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("déjà"), "{}", stderr(&again));

    // A return with no box given is refused until --none says so; N'Guessan's came from the stack.
    let unclear = run_at(LATER, &data, &["project", "return", &numbers[1]]);
    assert_eq!(unclear.status.code(), Some(2), "{}", stderr(&unclear));
    let again = run_at(LATER, &data, &["project", "return", &numbers[1], "--none"]);
    assert!(stderr(&again).contains("déjà"), "recorded from the stack: {}", stderr(&again));

    // An unknown box, by name.
    let bad = run_at(LATER, &data, &["project", "correct", cote, "--tick", "selfies", "--reason", "x"]);
    assert!(stderr(&bad).contains("case inconnue « selfies »"), "{}", stderr(&bad));

    // A withdrawal of recordings… refused (nothing to withdraw), then of photos; the history says it all.
    let nothing = run_at(LATER, &data, &["project", "withdraw", cote, "--item", "enregistrements", "--by", "Luc Côté"]);
    assert!(!nothing.status.success(), "recordings were not allowed");
    let withdrawn = json_at(
        LATER,
        &data,
        &["project", "withdraw", cote, "--item", "photos", "--by", "Luc Côté", "--how", "verbal"],
    );
    assert_eq!(withdrawn["state"]["status"], "withdrawn");
    let history = json_at(LATER, &data, &["project", "history", cote]);
    let summaries: Vec<&str> =
        history["events"].as_array().unwrap().iter().map(|e| e["summary"].as_str().unwrap()).collect();
    assert_eq!(summaries.len(), 3, "{summaries:?}");
    assert_eq!(summaries[0], "imprimé");
    assert!(
        summaries[1].starts_with("reçu : droits_productions oui, enregistrements non, photos oui"),
        "{summaries:?}"
    );
    assert_eq!(summaries[2], "retrait : photos (signalé par Luc Côté)");

    // The project's number is not an Annexe A, and the reverse.
    let wrong = run_at(LATER, &data, &["consent", "record", cote, "--q1", "oui", "--q2", "oui"]);
    assert!(!wrong.status.success());
    assert!(stderr(&wrong).contains("balise project return"), "{}", stderr(&wrong));
}

#[test]
fn an_adult_signs_annexe_4_and_a_social_project_prints_annexe_5() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    bleuets_school(OCTOBER, &data);
    let id = expo(&data).to_string();
    let adult = json_at(
        OCTOBER,
        &data,
        &["project", "adult", &id, "--role", "parent", "--last-name", "Bérubé", "--first-name", "Anne"],
    );
    assert_eq!(adult["role"], "parent");
    let pdf = dir.path().join("adultes.pdf");
    let printed = json_at(OCTOBER, &data, &["project", "print", &id, "--adults", "-o", pdf.to_str().unwrap()]);
    assert_eq!(printed["template"], "photos_adulte");
    let text = pdf_words(&pdf);
    assert!(text.contains("Identification de l’adulte") && text.contains("Bérubé"), "{text}");
    assert!(!text.contains("Nom du parent ou du tuteur"), "the adult signs their own:\n{text}");
    let number = printed["forms"][0]["number"].as_str().unwrap().to_string();
    let recorded = json_at(LATER, &data, &["project", "return", &number, "--tick", "photos"]);
    assert_eq!(recorded["state"]["status"], "returned", "the adult's own signature counts: {recorded}");

    let social = json_at(
        OCTOBER,
        &data,
        &[
            "project",
            "add",
            "--title",
            "Radio étudiante",
            "--medium",
            "Page Facebook de l'école",
            "--social",
            "--from",
            "2025-10-01",
            "--to",
            "2025-12-19",
            "--class",
            "602",
        ],
    );
    let social_pdf = dir.path().join("social.pdf");
    let social_id = social["id"].to_string();
    let printed = json_at(OCTOBER, &data, &["project", "print", &social_id, "-o", social_pdf.to_str().unwrap()]);
    assert_eq!(printed["template"], "media_social");
    assert!(pdf_words(&social_pdf).contains("Autorisation de participation à un projet sur un média social"));

    // Bad input: an end before the start, an unknown class; nothing added.
    let before = json_at(OCTOBER, &data, &["project", "list"]).as_array().unwrap().len();
    for args in [
        vec!["project", "add", "--title", "X", "--medium", "Y", "--from", "2025-11-01", "--to", "2025-10-01"],
        vec![
            "project",
            "add",
            "--title",
            "X",
            "--medium",
            "Y",
            "--from",
            "2025-11-01",
            "--to",
            "2025-12-01",
            "--class",
            "999",
        ],
    ] {
        let out = run_at(OCTOBER, &data, &args);
        assert!(!out.status.success(), "{args:?}");
        let message = stderr(&out);
        assert!(message.starts_with("balise : ") && message.lines().count() == 1, "{message}");
    }
    assert_eq!(json_at(OCTOBER, &data, &["project", "list"]).as_array().unwrap().len(), before);
}
