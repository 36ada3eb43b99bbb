// Issue 15, items 12 and 13 through the built binary, on a fixed clock: the organisation's logo
// chosen with `settings logo` (checked, refused in French, journaled) and then on the printed
// Annexe A (`pdfimages -list`), removed again; and the teachers' printed reminder list from
// `consent missing --export FILE.pdf` and `print reminder-list`.

use std::path::{Path, PathBuf};

use crate::cli::{json_at, run_at, stderr, stdout};
use crate::util::pdf_text;

const PRINTED: &str = "2025-08-25T10:00:00-04:00";
const SEPTEMBER: &str = "2025-09-04T10:00:00-04:00";

/// Balise's own icon, a real PNG (16 bits, RGBA), as the school's logo.
fn icon() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("icons/128x128.png")
}

/// A school of 2025-2026 with the GPI fixture (601: Côté, N'Guessan; 602: O'Neil-Bérubé) and
/// ClassDojo authorized for 601's parents.
pub(crate) fn school(data: &Path) {
    crate::cli::bleuets_school(PRINTED, data);
}

/// Runs at `now`, insists on success, returns stdout.
fn text_at(now: &str, data: &Path, args: &[&str]) -> String {
    let out = run_at(now, data, args);
    assert!(out.status.success(), "balise {args:?} failed: {}", stderr(&out));
    stdout(&out)
}

/// Runs at `now`, insists on failure, returns the one French line on stderr.
fn fails_at(now: &str, data: &Path, args: &[&str]) -> String {
    let out = run_at(now, data, args);
    assert!(!out.status.success(), "balise {args:?} should fail");
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    err
}

/// The pages (from 1) on which `pdfimages -list` finds an image (not its transparency mask).
fn pages_with_images(pdf: &Path) -> Vec<usize> {
    let out =
        std::process::Command::new("pdfimages").arg("-list").arg(pdf).output().expect("pdfimages (poppler-utils)");
    assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut pages: Vec<usize> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter(|line| line.split_whitespace().nth(2) == Some("image"))
        .map(|line| line.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    pages.dedup();
    pages
}

#[test]
fn the_logo_is_chosen_checked_printed_and_removed_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    let none = text_at(PRINTED, &data, &["settings", "logo"]);
    assert!(none.starts_with("Aucun logo : les documents s'impriment sans logo"), "{none}");

    // Refused: not an image, too large, missing; nothing stored, said in one French line.
    let gif = dir.path().join("logo.gif");
    std::fs::write(&gif, b"GIF89a\x01\x00\x01\x00\x00\x00\x00;").unwrap();
    let err = fails_at(PRINTED, &data, &["settings", "logo", gif.to_str().unwrap()]);
    assert!(
        err.contains("« logo.gif » ne peut pas servir de logo : ce n'est pas une image PNG ou JPEG")
            && err.contains("rien n'a été enregistré"),
        "{err}"
    );
    let mut big = std::fs::read(icon()).unwrap();
    big.resize(3 * 1024 * 1024, 0);
    let big_path = dir.path().join("grand.png");
    std::fs::write(&big_path, &big).unwrap();
    let err = fails_at(PRINTED, &data, &["settings", "logo", big_path.to_str().unwrap()]);
    assert!(err.contains("le fichier dépasse 2 Mo"), "{err}");
    let err = fails_at(PRINTED, &data, &["settings", "logo", "absent.png"]);
    assert!(err.contains("n'existe pas"), "{err}");
    let err = fails_at(PRINTED, &data, &["settings", "logo", icon().to_str().unwrap(), "--remove"]);
    assert!(err.contains("arguments invalides") || err.contains("--remove"), "{err}");
    assert!(text_at(PRINTED, &data, &["settings", "logo"]).starts_with("Aucun logo"));

    let chosen = json_at(PRINTED, &data, &["settings", "logo", icon().to_str().unwrap()]);
    assert_eq!((chosen["width"].as_u64(), chosen["height"].as_u64()), (Some(128), Some(128)), "{chosen}");
    assert_eq!(chosen["attachment"]["media_type"], "image/png");
    let shown = text_at(PRINTED, &data, &["settings", "logo"]);
    assert!(shown.starts_with("Logo : 128x128.png (PNG, 128 × 128 pixels, "), "{shown}");
    // The row behind it is not a setting one types.
    let err = fails_at(PRINTED, &data, &["settings", "set", "logo_attachment", "1"]);
    assert!(err.contains("Réglage inconnu"), "{err}");

    // On every form printed, beside the school; the text is the form's.
    let forms = dir.path().join("601.pdf");
    json_at(PRINTED, &data, &["print", "annexe-a", "--class", "601", "-o", forms.to_str().unwrap()]);
    assert_eq!(pages_with_images(&forms), [1, 2], "the logo on both forms");
    let text = pdf_text(&forms);
    assert!(text.contains("FORMULAIRE DE CONSENTEMENT") && text.contains("École des Bleuets"), "{text}");

    let removed = text_at(PRINTED, &data, &["settings", "logo", "--remove"]);
    assert_eq!(removed.trim(), "Logo retiré : les documents s'impriment sans logo.");
    assert_eq!(text_at(PRINTED, &data, &["settings", "logo", "--remove"]).trim(), "Aucun logo à retirer.");
    let sheet = dir.path().join("feuille.pdf");
    json_at(PRINTED, &data, &["print", "class-sheet", "--class", "601", "-o", sheet.to_str().unwrap()]);
    assert!(pages_with_images(&sheet).is_empty(), "no logo once removed");

    let journal = text_at(PRINTED, &data, &["audit", "--limit", "50"]);
    for action in ["logo.choix", "logo.retrait"] {
        assert_eq!(journal.matches(action).count(), 1, "{action} once:\n{journal}");
    }
    assert!(!journal.contains("logo.gif") && !journal.contains("grand.png"), "a refused file leaves no entry");
}

#[test]
fn the_reminder_list_is_printed_per_class_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    let forms = dir.path().join("601.pdf");
    let printed = json_at(PRINTED, &data, &["print", "annexe-a", "--class", "601", "-o", forms.to_str().unwrap()]);
    let numbers: Vec<String> =
        printed["forms"].as_array().unwrap().iter().map(|f| f["number"].as_str().unwrap().to_string()).collect();
    // Côté's form back with question 2 left blank; N'Guessan's not back.
    json_at(
        SEPTEMBER,
        &data,
        &["consent", "record", &numbers[0], "--q1", "oui", "--q2", "vide", "--signer", "Luc Côté"],
    );

    let list = dir.path().join("rappels.pdf");
    let said = text_at(SEPTEMBER, &data, &["consent", "missing", "--export", list.to_str().unwrap()]);
    assert_eq!(said.trim(), format!("Liste de rappel imprimée, 2 formulaire(s) à récupérer : {}", list.display()));
    let text = pdf_text(&list);
    for expected in [
        "Formulaires à récupérer — classe 601",
        "Enseignant·e : Marie-Ève Tremblay",
        "Situation au 4 septembre 2025 — date limite de retour : 12 septembre 2025",
        "avant le 12 septembre 2025",
        "question laissée vide",
        "non revenu",
        "Aya N'Guessan",
        "aya.nguessan@exemple.ca",
        numbers[1].as_str(),
        "Page 1 de 1",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    assert!(!text.contains("O'Neil"), "602 has nothing to chase: {text}");

    // `print reminder-list`: one class, a PDF only, never over a file.
    let one = dir.path().join("rappels-601.pdf");
    let printed = json_at(SEPTEMBER, &data, &["print", "reminder-list", "--class", "601", "-o", one.to_str().unwrap()]);
    assert_eq!(printed["rows"], 2);
    assert!(pdf_text(&one).contains("Formulaires à récupérer — classe 601"));
    let err = fails_at(SEPTEMBER, &data, &["print", "reminder-list", "-o", one.to_str().unwrap()]);
    assert!(err.contains("existe déjà"), "{err}");
    let csv = dir.path().join("rappels.csv");
    let err = fails_at(SEPTEMBER, &data, &["print", "reminder-list", "-o", csv.to_str().unwrap()]);
    assert!(err.contains("le fichier doit finir par .pdf"), "{err}");
    let err = fails_at(
        SEPTEMBER,
        &data,
        &["print", "reminder-list", "--class", "999", "-o", dir.path().join("x.pdf").to_str().unwrap()],
    );
    assert!(err.contains("999"), "{err}");
    assert!(!csv.exists() && !dir.path().join("x.pdf").exists());

    let journal = text_at(SEPTEMBER, &data, &["audit", "--limit", "20"]);
    assert!(journal.contains("liste de rappel imprimée (PDF, toute l'école, 2 formulaire(s))"), "{journal}");
    assert!(journal.contains("liste de rappel imprimée (PDF, classe 601, 2 formulaire(s))"), "{journal}");
    assert!(!journal.contains("N'Guessan"), "no name in the journal");
}
