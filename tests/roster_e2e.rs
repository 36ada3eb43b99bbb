// Class lists in the real window (issue #4): a GPI export whose class column has a name Balise does
// not know; the mapping step shows the columns and their first values, the person chooses « groupe »
// for it, reads the preview, imports, and sees the classes. Screenshots of each step.

use serde_json::json;

use crate::cli::{init, ok};
use crate::util::webview::Window;

#[tokio::test]
async fn a_class_list_is_mapped_previewed_and_imported_through_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    init(data);
    ok(data, &["settings", "set", "school_name", "École des Bleuets"]);
    ok(data, &["settings", "set", "operator_name", "Mme Roy"]);
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster/gpi_utf8_bom.csv");
    let text = std::fs::read_to_string(fixture).unwrap().replace("Groupe-repère", "Salle du matin");

    let w = Window::open(data).await;
    w.wait_for("a[data-nav=\"importer\"]").await;
    w.click("#lang-fr").await;
    w.click("a[data-nav=\"importer\"]").await;
    w.wait_ready().await;
    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.eval(
        "const input = document.querySelector('#import-file'); \
         const file = new File([arguments[0]], 'extraction-gpi.csv', {type: 'text/csv'}); \
         const transfer = new DataTransfer(); transfer.items.add(file); input.files = transfer.files; \
         input.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![json!(text)],
    )
    .await;
    w.wait_ready().await;
    w.wait_for("#import-mapping").await;
    let problem = w.text("#import-mapping-error").await;
    assert!(problem.contains("Salle du matin"), "the missing class column is explained: {problem}");
    let facts = w.text("#import-file-facts").await;
    assert!(facts.contains("UTF-8") && facts.contains("4"), "what was read: {facts}");
    // Read as textContent: the row may be scrolled out of the table's view.
    let row = w
        .eval(
            "return document.querySelector('#import-mapping tr[data-header-index=\"5\"] .mapping-sample').textContent",
            vec![],
        )
        .await;
    let row = row.as_str().unwrap_or_default().to_string();
    assert_eq!(row, "601 · 601 · 602", "each column with its first values");
    w.screenshot("40-importer-colonnes").await;

    // The person says which column holds the class.
    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    let chosen = w
        .eval(
            "const s = document.querySelector('select.mapping-field[data-header=\"Salle du matin\"]'); \
             s.value = 'groupe'; s.dispatchEvent(new Event('change', {bubbles: true})); return s.value;",
            vec![],
        )
        .await;
    assert_eq!(chosen, json!("groupe"));
    w.wait_ready().await;
    w.wait_for("#import-confirm").await;
    assert_eq!(w.eval("return document.querySelector('#import-count-added').dataset.count", vec![]).await, json!("4"));
    assert_eq!(
        w.eval("return document.querySelector('#import-count-rejected').dataset.count", vec![]).await,
        json!("0")
    );
    let preview = w.text("#import-preview").await;
    assert!(preview.contains("601") && preview.contains("602"), "the classes to create are named: {preview}");
    w.eval("document.querySelector('#import-preview').scrollIntoView()", vec![]).await;
    w.screenshot("41-importer-apercu").await;
    assert!(ok(data, &["student", "list", "--json"]).trim() == "[]", "nothing is written before « Importer »");

    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.click("#import-confirm").await;
    w.wait_ready().await;
    let result = w.text("#import-result").await;
    assert!(result.contains("4 élève(s) ajouté(s)"), "the result says what was done: {result}");
    w.screenshot("42-importer-fait").await;
    w.click("#import-result a").await;
    w.wait_ready().await;
    w.wait_for("#class-list [data-class=\"602\"]").await;
    let classes = w.text("#class-list").await;
    assert!(classes.contains("601") && classes.contains("602"), "{classes}");
    w.screenshot("43-classes-importees").await;
    w.eval("document.body.dataset.ready = '0'; location.hash = '#/classes/601'", vec![]).await;
    w.wait_ready().await;
    let students = w.text("#student-table").await;
    assert!(
        students.contains("Côté, Ève-Marie") && students.contains("Anne Bérubé"),
        "the class shows its students: {students}"
    );
    assert!(!students.contains("Lévesque"), "only this class's students: {students}");
    w.eval("document.querySelector('#class-students-title').scrollIntoView()", vec![]).await;
    w.screenshot("44-classe-eleves").await;
    w.close().await;

    let students: serde_json::Value = serde_json::from_str(&ok(data, &["student", "list", "--json"])).unwrap();
    assert_eq!(students.as_array().unwrap().len(), 4);
}
