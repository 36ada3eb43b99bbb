// Printing in the real window (issue #5): the Formulaires screen previews a class's forms, prints
// them (the PDF read back with pdftotext), saves a copy through « Enregistrer sous… », and the
// class detail prints the teacher's sheet. Screenshots of each step.

use std::path::PathBuf;

use crate::cli::{init, ok};
use crate::util::pdf_text;
use crate::util::webview::{Window, SAVE_AS_FOLDER};

#[tokio::test]
async fn a_class_is_printed_from_the_formulaires_screen() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    init(data);
    let year = ok(data, &["settings", "get", "school_year"]).trim().to_string();
    let year = year.rsplit(' ').next().unwrap_or(&year).to_string();
    for (key, value) in [
        ("school_name", "École des Bleuets"),
        ("operator_name", "Mme Roy"),
        ("return_email", "secretariat@bleuets.exemple.ca"),
        ("form_deadline", "2026-12-18"),
    ] {
        ok(data, &["settings", "set", key, value]);
    }
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster/gpi_utf8_bom.csv");
    ok(data, &["import", "roster", fixture.to_str().unwrap()]);
    let dojo: serde_json::Value = serde_json::from_str(&ok(
        data,
        &["use", "add", "--class", "601", "--platform", "ClassDojo", "--audience", "parents", "--json"],
    ))
    .unwrap();
    crate::cli::authorize_use(None, data, &dojo["id"]);
    std::fs::create_dir_all(data.join(SAVE_AS_FOLDER)).unwrap();

    let w = Window::open(data).await;
    w.wait_for("a[data-nav=\"formulaires\"]").await;
    w.click("#lang-fr").await;
    w.eval("document.body.dataset.ready = '0'; location.hash = '#/formulaires/601'", vec![]).await;
    w.wait_ready().await;
    w.wait_for("#forms-list tr[data-student-id]").await;
    let preview = w.text("#forms-preview").await;
    assert!(preview.contains("2 formulaire(s)"), "two students, one platform: {preview}");
    assert!(w.text("#forms-first-page").await.contains("Côté, Ève-Marie"), "French order: Côté first");
    w.screenshot("50-formulaires-apercu").await;

    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.click("#forms-print").await;
    w.wait_ready().await;
    w.wait_until("the PDF's path", "return !document.querySelector('#forms-result').hidden").await;
    let result = w.text("#forms-result").await;
    let path = result.split(": ").last().unwrap_or_default().trim().to_string();
    assert!(path.contains("formulaires-") && path.ends_with(".pdf"), "{result}");
    let text = pdf_text(std::path::Path::new(&path));
    assert_eq!(text.split('\u{c}').filter(|p| !p.trim().is_empty()).count(), 2, "one page per form");
    assert!(text.contains("Ève-Marie Côté") && text.contains("ClassDojo") && text.contains(&year), "{text}");
    // The numbers now show in the preview.
    let numbered = w.text("#forms-list").await;
    assert!(!numbered.contains("nouveau"), "printed forms have their numbers: {numbered}");
    let first_number = w.eval("return document.querySelector('#forms-list td.mono').textContent", vec![]).await;
    let first_number = first_number.as_str().unwrap_or_default().to_string();
    w.screenshot("51-formulaires-imprimes").await;

    w.click("#forms-save").await;
    w.wait_until(
        "the saved copy",
        "return document.querySelector('#forms-result').textContent.includes('enregistres')",
    )
    .await;
    let saved: Vec<_> = std::fs::read_dir(data.join(SAVE_AS_FOLDER)).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert!(pdf_text(&saved[0]).contains("FORMULAIRE DE CONSENTEMENT"));

    // The teacher's sheet from the class.
    w.eval("document.body.dataset.ready = '0'; location.hash = '#/classes/601'", vec![]).await;
    w.wait_ready().await;
    w.click("#class-print-sheet").await;
    w.wait_until("the sheet's path", "return !document.querySelector('#class-print-status').hidden").await;
    let status = w.text("#class-print-status").await;
    assert!(status.contains("feuille-"), "{status}");
    let sheet = status.split(": ").last().unwrap_or_default().trim().to_string();
    let sheet_text = pdf_text(std::path::Path::new(&sheet));
    assert!(sheet_text.contains("Confidentiel") && sheet_text.contains("Côté, Ève-Marie"), "{sheet_text}");
    w.screenshot("52-classe-feuille").await;
    w.close().await;

    let shown = ok(data, &["form", "show", &first_number]);
    assert!(shown.contains("601") && shown.contains("Côté, Ève-Marie"), "{shown}");
}
