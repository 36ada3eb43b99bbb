// What a printed Annexe A batch holds, through the built binary on a fixed clock (issue 15,
// items 4, 5 and 14): a guardian's language from the class list and set by hand, the English
// copy, the student's own copy when the school allows it, and the validated presentation
// document after each family's form (pages counted with pdfinfo, read back with pdftotext).

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::cli::{json_at, run_at, stderr};
use crate::util::{grey_png, pdf_pages, pdf_text, text_pdf};

const NOW: &str = "2025-08-25T10:00:00-04:00";

fn run(data: &Path, args: &[&str]) -> Output {
    run_at(NOW, data, args)
}

fn json(data: &Path, args: &[&str]) -> Value {
    json_at(NOW, data, args)
}

/// The GPI fixture (601: Côté, N'Guessan) with ClassDojo for 601's parents, authorized.
fn school(data: &Path) -> i64 {
    crate::cli::bleuets_school(NOW, data)
}

fn pages(text: &str) -> Vec<&str> {
    text.split('\u{c}').filter(|page| !page.trim().is_empty()).collect()
}

/// A page's text as one line: the layout's line breaks and column spaces removed.
fn flat(page: &str) -> String {
    page.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The id of the guardian named `first` of student `fiche`.
fn guardian_id(data: &Path, fiche: &str, first: &str) -> String {
    let students = json(data, &["student", "list", "--class", "601"]);
    let student = students.as_array().unwrap().iter().find(|s| s["fiche"] == fiche).unwrap();
    let guardian = student["guardians"].as_array().unwrap().iter().find(|g| g["first_name"] == first).unwrap();
    guardian["id"].as_i64().unwrap().to_string()
}

#[test]
fn a_guardian_reading_english_gets_the_translation_and_a_student_of_14_their_own_copy() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);

    // Anne Bérubé reads English: set by hand, audited, shown in the list.
    let anne = guardian_id(&data, "1001", "Anne");
    let set = json(&data, &["student", "guardian-language", &anne, "en"]);
    assert_eq!(set["language"], "en");
    let list = String::from_utf8_lossy(&run(&data, &["student", "list", "--class", "601"]).stdout).into_owned();
    assert!(list.contains("Anne Bérubé <anne.berube@exemple.ca> [formulaires en anglais]"), "{list}");
    let refused = run(&data, &["student", "guardian-language", &anne, "espagnol"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("fr (français) ou en (anglais)"), "{}", stderr(&refused));

    // --per-guardian: Luc's copy in French, Anne's in English, one number.
    let out = dir.path().join("cote.pdf");
    let printed =
        json(&data, &["print", "annexe-a", "--student", "1001", "--per-guardian", "-o", out.to_str().unwrap()]);
    assert_eq!(printed["pages"], 2);
    let number = printed["forms"][0]["number"].as_str().unwrap().to_string();
    let text = pdf_text(&out);
    let both = pages(&text);
    assert_eq!(both.len(), 2);
    assert!(both[0].contains("FORMULAIRE DE CONSENTEMENT") && both[0].contains("Luc Côté"), "{}", both[0]);
    for expected in [
        "CONSENT FORM",
        "Appendix A",
        "Faithful translation of Appendix A of the Directive; in case of discrepancy, the French text prevails.",
        "Anne Bérubé",
        "Signature of parent or guardian",
        "before September 12, 2025.",
        "2025-2026 school year",
        number.as_str(),
    ] {
        assert!(flat(both[1]).contains(expected), "the English copy holds « {expected} »:\n{}", both[1]);
    }
    assert!(both[0].contains(number.as_str()), "the same number on both copies");

    // Without --per-guardian: one copy naming both, in French, then the same in English.
    let out = dir.path().join("cote-famille.pdf");
    let text = run(&data, &["print", "annexe-a", "--student", "1001", "-o", out.to_str().unwrap()]);
    assert!(text.status.success(), "{}", stderr(&text));
    assert!(
        String::from_utf8_lossy(&text.stdout).contains("(exemplaires : français, anglais)"),
        "{}",
        String::from_utf8_lossy(&text.stdout)
    );
    assert_eq!(pdf_pages(&out), 2);

    // A student of 14 today (born 25 August 2011), her family's language from the class list's
    // « Langue » column.
    let list = dir.path().join("jade.csv");
    std::fs::write(
        &list,
        "Fiche;Nom;Prénom;Date de naissance;Groupe-repère;Langue;nom_pere;pnom_pere;adr_electr_pere\n\
         1005;Tremblay;Jade;2011-08-25;601;Anglais;Tremblay;Marc;marc@exemple.ca\n\
         1006;Simard;Louis;2011-08-26;601;;Simard;Éric;eric@exemple.ca\n",
    )
    .unwrap();
    json(&data, &["import", "roster", list.to_str().unwrap()]);
    let out = dir.path().join("jade-sans.pdf");
    json(&data, &["print", "annexe-a", "--student", "1005", "-o", out.to_str().unwrap()]);
    assert_eq!(pdf_pages(&out), 1, "the setting is off: the parent's copy only");
    assert!(pdf_text(&out).contains("I, Marc Tremblay"));

    json(&data, &["settings", "set", "student_consent", "oui"]);
    let out = dir.path().join("jade-louis.pdf");
    let printed =
        json(&data, &["print", "annexe-a", "--student", "1005", "--student", "1006", "-o", out.to_str().unwrap()]);
    let copies: Vec<Vec<&str>> = printed["forms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["copies"].as_array().unwrap().iter().map(|c| c["wording"].as_str().unwrap()).collect())
        .collect();
    assert_eq!(copies, [vec!["parent"], vec!["english", "student"]], "Louis (Simard) is 13 until tomorrow; Jade is 14");
    assert_eq!(pdf_pages(&out), 3);
    let text = pdf_text(&out);
    let all = pages(&text);
    let jade = all[2];
    for expected in [
        "Version pour l’élève de 14 ans ou plus (Loi sur l’accès : consentement de la personne concernée).",
        "ce n’est pas le libellé de la Directive.",
        "Je, Jade Tremblay, confirme avoir été dûment informé(e)",
        "renseignements personnels me concernant",
        "Signature de l’élève",
    ] {
        assert!(flat(jade).contains(expected), "the student's copy holds « {expected} »:\n{jade}");
    }
    assert!(all[1].contains("CONSENT FORM") && all[1].contains("Marc Tremblay"), "{}", all[1]);
}

#[test]
fn the_validated_presentation_document_is_printed_after_each_familys_form() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    let dojo = school(&data).to_string();
    let print = |name: &str| {
        let out = dir.path().join(name);
        (run(&data, &["print", "annexe-a", "--class", "601", "--with-presentation", "-o", out.to_str().unwrap()]), out)
    };

    let (refused, out) = print("sans-document.pdf");
    assert_eq!(refused.status.code(), Some(1));
    let err = stderr(&refused);
    assert!(
        err.contains(
            "Le document de présentation de ClassDojo (classe 601) ne peut pas être imprimé avec les formulaires"
        ) && err.contains("aucun document n'est joint"),
        "{err}"
    );
    assert!(!out.exists());

    let document = dir.path().join("presentation.pdf");
    std::fs::write(&document, text_pdf(&["PRESENTATION DE CLASSDOJO", "NOS OBJECTIFS EN 601"])).unwrap();
    json(&data, &["use", "attach-doc", &dojo, document.to_str().unwrap()]);
    let (refused, _) = print("pas-valide.pdf");
    assert!(stderr(&refused).contains("n'est pas validé par la direction (art. 5.1)"), "{}", stderr(&refused));

    json(&data, &["use", "validate-doc", &dojo, "--date", "2025-08-25", "--by", "La direction"]);
    let (printed, out) = print("avec-presentation.pdf");
    assert!(printed.status.success(), "{}", stderr(&printed));
    assert_eq!(pdf_pages(&out), 2 + 2 * 2, "two forms, each followed by the two pages");
    let text = pdf_text(&out);
    let order: Vec<&str> = pages(&text)
        .iter()
        .map(|page| {
            if page.contains("PRESENTATION DE CLASSDOJO") {
                "présentation 1"
            } else if page.contains("NOS OBJECTIFS EN 601") {
                "présentation 2"
            } else if page.contains("FORMULAIRE DE CONSENTEMENT") {
                "formulaire"
            } else {
                "?"
            }
        })
        .collect();
    assert_eq!(
        order,
        ["formulaire", "présentation 1", "présentation 2", "formulaire", "présentation 1", "présentation 2"]
    );
    assert!(String::from_utf8_lossy(&printed.stdout).contains("présentation : 2 page(s)"));

    // A Word document cannot be printed: the message says to attach a PDF.
    let word = dir.path().join("presentation.docx");
    std::fs::write(&word, b"PK\x03\x04\x14\0\0\0\0\0word/document.xml et le reste").unwrap();
    json(&data, &["use", "attach-doc", &dojo, word.to_str().unwrap()]);
    json(&data, &["use", "validate-doc", &dojo, "--date", "2025-08-25", "--by", "La direction"]);
    let (refused, _) = print("word.pdf");
    let err = stderr(&refused);
    assert!(err.contains("fichier Word (.docx)") && err.contains("Enregistrez-le en PDF"), "{err}");

    // An image: one Letter page after each form.
    let image = dir.path().join("affiche.png");
    std::fs::write(&image, grey_png(120, 80, 60)).unwrap();
    json(&data, &["use", "attach-doc", &dojo, image.to_str().unwrap()]);
    // Replaced after the validation: refused until validated again.
    let (refused, _) = print("remplace.pdf");
    assert!(stderr(&refused).contains("remplacé depuis sa validation du 2025-08-25"), "{}", stderr(&refused));
    json(&data, &["use", "validate-doc", &dojo, "--date", "2025-08-25", "--by", "La direction"]);
    let (printed, out) = print("avec-image.pdf");
    assert!(printed.status.success(), "{}", stderr(&printed));
    assert_eq!(pdf_pages(&out), 2 + 2);
    let sizes = String::from_utf8_lossy(
        &std::process::Command::new("pdfinfo").args(["-f", "2", "-l", "2"]).arg(&out).output().unwrap().stdout,
    )
    .into_owned();
    assert!(sizes.contains("792 x 612 pts"), "a wide image on a landscape Letter page: {sizes}");
}
