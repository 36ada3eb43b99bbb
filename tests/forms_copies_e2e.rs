// What a printed batch holds, in the real window on a fixed clock (issue 15, items 5 and 14): a
// guardian's form language set on the class detail, then Formulaires with « Avec le document de
// présentation » — refused while the document is not validated, then each family's form followed
// by the document's pages (the PDF read back with pdftotext, its pages counted with pdfinfo).
// Screenshots of each step.

use std::path::Path;

use crate::cli::{json_at, run_at, stderr};
use crate::util::webview::Window;
use crate::util::{pdf_pages, pdf_text, text_pdf};

const NOW: &str = "2025-08-25T10:00:00-04:00";

/// The GPI fixture (601: Côté with Luc and Anne, N'Guessan with Aya) and ClassDojo for 601's
/// parents, authorized, its presentation document attached but not validated yet.
fn school(data: &Path) -> String {
    let id = crate::cli::bleuets_school(NOW, data).to_string();
    let document = data.parent().unwrap().join("presentation.pdf");
    std::fs::write(&document, text_pdf(&["CLASSDOJO EN 601", "NOS OBJECTIFS"])).unwrap();
    json_at(NOW, data, &["use", "attach-doc", &id, document.to_str().unwrap()]);
    id
}

#[tokio::test]
async fn a_guardians_language_is_set_on_the_class_and_the_presentation_goes_in_the_envelope() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    let dojo = school(&data);
    let w = Window::open_at(&data, NOW).await;
    w.wait_for("a[data-nav=\"formulaires\"]").await;
    w.click("#lang-fr").await;

    // The class detail: Anne Bérubé's forms in English, saved at once.
    w.go("#/classes/601").await;
    w.wait_for("select[data-action=\"guardian-language\"]").await;
    let anne = w
        .eval(
            "return [...document.querySelectorAll('li.guardian-toggle')]
               .find((li) => li.textContent.includes('Anne Bérubé')).dataset.guardianId",
            vec![],
        )
        .await
        .as_str()
        .unwrap()
        .to_string();
    let select = format!("select[data-action=\"guardian-language\"][data-guardian-id=\"{anne}\"]");
    assert_eq!(w.value(&select).await, "fr", "French unless said otherwise");
    w.eval(
        &format!(
            "document.body.dataset.ready = '0'; const s = document.querySelector('{select}');
             s.value = 'en'; s.dispatchEvent(new Event('change'));"
        ),
        vec![],
    )
    .await;
    w.wait_until(
        "the language saved",
        &format!("return document.body.dataset.ready === '1' && !document.querySelector('{select}').disabled"),
    )
    .await;
    w.eval(&format!("document.querySelector('{select}').scrollIntoView({{block: 'center'}})"), vec![]).await;
    w.screenshot("90-classe-langue-du-parent").await;
    // Read back from the store: the class shown again says English.
    w.go("#/classes/601").await;
    w.wait_for(&select).await;
    assert_eq!(w.value(&select).await, "en", "saved in the store");

    // Formulaires: Côté's form is printed in French and in English (one number).
    w.go("#/formulaires/601").await;
    w.wait_for("#forms-list tr[data-student-id]").await;
    let list = w.text("#forms-list").await;
    assert!(list.contains("français + anglais"), "{list}");
    assert!(w.text("#forms-preview-title").await.contains("2 formulaire(s), 3 page(s)"));

    // With the presentation document: refused while it is not validated, with the reason.
    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.click("#forms-with-presentation").await;
    w.wait_ready().await;
    w.wait_until("the refusal", "return !document.querySelector('#forms-error').hidden").await;
    let refused = w.text("#forms-error").await;
    assert!(
        refused.contains("ClassDojo (classe 601)") && refused.contains("n'est pas validé par la direction (art. 5.1)"),
        "{refused}"
    );
    w.screenshot("91-formulaires-presentation-non-validee").await;

    // The principal validates it; the same choice now previews each family's envelope.
    let validated = run_at(NOW, &data, &["use", "validate-doc", &dojo, "--date", "2025-08-25", "--by", "La direction"]);
    assert!(validated.status.success(), "{}", stderr(&validated));
    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.click("#forms-with-presentation").await; // off
    w.wait_ready().await;
    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.click("#forms-with-presentation").await; // on again
    w.wait_ready().await;
    w.wait_for("#forms-list tr[data-student-id]").await;
    assert!(w.text("#forms-error").await.is_empty() || !w.exists("#forms-error:not([hidden])").await);
    let list = w.text("#forms-list").await;
    assert!(list.contains("français + anglais + présentation (2 p.)"), "{list}");
    assert!(w.text("#forms-preview-title").await.contains("2 formulaire(s), 7 page(s)"));
    w.eval("document.querySelector('#forms-preview').scrollIntoView()", vec![]).await;
    w.screenshot("92-formulaires-avec-presentation").await;

    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.click("#forms-print").await;
    w.wait_ready().await;
    w.wait_until("the PDF's path", "return !document.querySelector('#forms-result').hidden").await;
    let result = w.text("#forms-result").await;
    let path = result.split(": ").last().unwrap_or_default().trim().to_string();
    assert!(path.ends_with(".pdf"), "{result}");
    w.close().await;

    let pdf = Path::new(&path);
    assert_eq!(pdf_pages(pdf), 7, "Côté: French, English, 2 pages; N'Guessan: French, 2 pages");
    let text = pdf_text(pdf);
    let pages: Vec<&str> = text.split('\u{c}').filter(|page| !page.trim().is_empty()).collect();
    assert!(pages[0].contains("FORMULAIRE DE CONSENTEMENT") && pages[1].contains("CONSENT FORM"));
    assert!(pages[1].contains("Faithful translation") && pages[1].contains("Anne Bérubé"), "{}", pages[1]);
    assert!(pages[2].contains("CLASSDOJO EN 601") && pages[3].contains("NOS OBJECTIFS"));
    assert!(pages[4].contains("FORMULAIRE DE CONSENTEMENT") && pages[5].contains("CLASSDOJO EN 601"));
}
