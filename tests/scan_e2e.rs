// A scanned stack in the real window (issue 16): Retours → « Lire une pile numérisée », the stack
// of 601's forms (a clear page, a page with both boxes of question 1 marked, a blank back, a page
// of another document) dropped on the frame, read with its progress, then the review list with the
// crops; the clear page recorded in one action, the page to check answered with the keyboard
// (n, o, Entrée); both forms' histories then hold their own page as the scan. Screenshots of each.

use fantoccini::key::Key;
use serde_json::json;

use crate::cli::json_at;
use crate::scan_cli::{scanned_stack, BACK};
use crate::util::webview::Window;

/// Types `text` into whatever has the focus (`Window::keys`).
async fn keys(w: &Window, text: &str) {
    w.keys(text).await;
}

#[tokio::test]
async fn a_dropped_stack_is_read_reviewed_with_the_keyboard_and_recorded_with_its_pages() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    let (stack, cote, nguessan) = scanned_stack(dir.path(), &data);

    let w = Window::open_at(&data, BACK).await;
    w.wait_for("a[data-nav=\"retours\"]").await;
    w.click("#lang-fr").await;
    w.eval("document.body.dataset.ready = '0'; location.hash = '#/retours'", vec![]).await;
    w.wait_ready().await;
    w.click("#return-stack-open").await;
    w.wait_for("#stack-drop").await;
    w.screenshot("80-stack-empty").await;

    // The copier's PDF dragged from the file manager onto the frame.
    w.drop_pdf("#stack-drop", "pile du 3 septembre.pdf", &std::fs::read(&stack).unwrap()).await;
    w.wait_until("the pages read", "return document.querySelectorAll('.stack-page').length === 3;").await;
    w.wait_ready().await;
    let summary = w.text("#stack-summary").await;
    assert!(
        summary.contains("1 claire(s)") && summary.contains("1 à vérifier") && summary.contains("1 non classée(s)"),
        "{summary}"
    );
    assert!(w.text("#stack-progress-text").await.contains("1 verso(s) blanc(s)"));
    let clear = format!(".stack-page[data-number=\"{cote}\"]");
    let review = format!(".stack-page[data-number=\"{nguessan}\"]");
    assert_eq!(
        w.eval("return document.querySelector(arguments[0]).dataset.standing;", vec![json!(clear)]).await,
        json!("clear")
    );
    let review_text = w.text(&review).await;
    assert!(review_text.contains("les deux cases cochées") && review_text.contains("N'Guessan, Awa"), "{review_text}");
    let crops = w
        .eval(
            "return [...document.querySelectorAll(arguments[0] + ' .stack-crop img')].filter((i) => i.complete && i.naturalWidth > 20).length;",
            vec![json!(review)],
        )
        .await;
    assert_eq!(crops, json!(5), "the four boxes and the signature, as read");
    let unclassified = w.text(".stack-page[data-standing=\"unclassified\"]").await;
    assert!(unclassified.contains("Aucun code lisible"), "{unclassified}");
    // The focus starts on the page to check.
    w.wait_until(
        "the page to check focused",
        &format!("return document.activeElement === document.querySelector('{}');", review.replace('\'', "\\'")),
    )
    .await;
    w.eval(
        &format!("document.querySelector('{}').scrollIntoView({{block: 'center'}})", review.replace('\'', "\\'")),
        vec![],
    )
    .await;
    w.screenshot("81-stack-review").await;

    // The clear page in one action.
    w.eval(
        "window.scrollTo(0, 0); document.querySelector('#stack-confirm-clear').scrollIntoView({block: 'center'})",
        vec![],
    )
    .await;
    w.click("#stack-confirm-clear").await;
    w.wait_until(
        "the clear page recorded",
        &format!("return document.querySelector('{}').dataset.standing === 'recorded';", clear.replace('\'', "\\'")),
    )
    .await;

    // The page to check: question 1 non, question 2 oui, Entrée.
    w.eval(&format!("document.querySelector('{}').focus()", review.replace('\'', "\\'")), vec![]).await;
    keys(&w, "no").await;
    let shown = w.text(&review).await;
    assert!(shown.contains("non") && shown.contains("oui"), "{shown}");
    w.screenshot("82-stack-answered").await;
    keys(&w, &char::from(Key::Enter).to_string()).await;
    w.wait_until(
        "the checked page recorded",
        &format!("return document.querySelector('{}').dataset.standing === 'recorded';", review.replace('\'', "\\'")),
    )
    .await;
    let summary = w.text("#stack-summary").await;
    assert!(summary.contains("2 enregistrée(s)"), "{summary}");
    let recorded = w.text(&review).await;
    assert!(recorded.contains("non") && !recorded.contains("à vérifier"), "the answers recorded are shown: {recorded}");
    w.screenshot("83-stack-recorded").await;
    w.close().await;

    for (student, answers) in [("Côté, Ève-Marie", ("oui", "non")), ("1002", ("non", "oui"))] {
        let history = json_at(BACK, &data, &["consent", "history", "--student", student]);
        let form = &history["forms"][0];
        assert_eq!((form["state"]["q1"].as_str().unwrap(), form["state"]["q2"].as_str().unwrap()), answers, "{form}");
        let received = form["events"].as_array().unwrap().iter().find(|e| e["kind"] == "recu").expect("a receipt");
        assert!(received["scan"]["id"].is_number(), "its own page as the scan: {received}");
    }
}

/// The signed attestations come back in a stack: Paul Gagnon's (art. 5.10 « non ») is recorded in
/// one action; Marie-Ève Tremblay's « oui » waits for its lines, typed in the card, then Entrée.
#[tokio::test]
async fn scanned_attestations_are_recorded_from_the_window_with_their_5_10_lines() {
    use crate::deletion_cli::{school, JUNE_1, JUNE_30};
    use crate::util::scans::{answer_attestation, rendered_pages, stack_pdf};
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    let pdf = dir.path().join("attestations.pdf");
    json_at(JUNE_1, &data, &["print", "attestation", "--all", "-o", pdf.to_str().unwrap()]);
    let dpi = 200;
    let mut pages = rendered_pages(&pdf, dpi);
    let list = json_at(JUNE_1, &data, &["deletion", "list"]);
    let tremblay =
        list["groups"].as_array().unwrap().iter().find(|g| g["staff"].as_str().unwrap().contains("Tremblay")).unwrap()
            ["staff_id"]
            .as_i64()
            .unwrap();
    for page in &mut pages {
        let staff = answer_attestation(&mut page.clone(), dpi, None, false);
        answer_attestation(page, dpi, Some(usize::from(i64::from(staff) != tremblay)), true);
    }

    let w = Window::open_at(&data, JUNE_30).await;
    w.wait_for("a[data-nav=\"retours\"]").await;
    w.click("#lang-fr").await;
    w.eval("document.body.dataset.ready = '0'; location.hash = '#/retours/pile'", vec![]).await;
    w.wait_ready().await;
    w.wait_for("#stack-drop").await;
    w.drop_pdf("#stack-drop", "attestations.pdf", &stack_pdf(&pages)).await;
    w.wait_until("the pages read", "return document.querySelectorAll('.stack-page').length === 2;").await;
    w.wait_ready().await;
    let summary = w.text("#stack-summary").await;
    assert!(summary.contains("1 claire(s)") && summary.contains("1 à vérifier"), "{summary}");
    let review = ".stack-page[data-standing=\"review\"]";
    let card = w.text(review).await;
    assert!(
        card.contains("Attestation de suppression") && card.contains("Tremblay") && card.contains("Art. 5.10"),
        "{card}"
    );
    assert!(card.contains("saisissez chaque élève"), "the reason: {card}");
    let crops = w
        .eval(
            "return [...document.querySelectorAll(arguments[0] + ' .stack-crop img')].filter((i) => i.complete && i.naturalWidth > 20).length;",
            vec![json!(review)],
        )
        .await;
    assert_eq!(crops, json!(3), "the two 5.10 boxes and the signature");
    w.click("#stack-confirm-clear").await;
    w.wait_until(
        "the clear page recorded",
        "return document.querySelectorAll('.stack-page[data-standing=\"recorded\"]').length === 1;",
    )
    .await;

    // Tremblay's « oui »: Entrée without the lines is refused, then a line typed and Entrée.
    w.eval("document.querySelector(arguments[0]).focus()", vec![json!(review)]).await;
    keys(&w, &char::from(Key::Enter).to_string()).await;
    w.wait_until("the refusal", "return !document.querySelector('#stack-error').hidden;").await;
    assert!(w.text("#stack-error").await.contains("élève:document"));
    w.click(".stack-keep-lines").await;
    keys(&w, "1001:portfolio d'écriture").await;
    w.eval("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", vec![json!(review)]).await;
    w.screenshot("84-stack-attestation").await;
    w.eval("document.querySelector(arguments[0]).focus()", vec![json!(review)]).await;
    keys(&w, &char::from(Key::Enter).to_string()).await;
    w.wait_until(
        "both recorded",
        "return document.querySelectorAll('.stack-page[data-standing=\"recorded\"]').length === 2;",
    )
    .await;
    w.close().await;

    let list = json_at(JUNE_30, &data, &["deletion", "list"]);
    let mut kept = Vec::new();
    for row in list["groups"].as_array().unwrap().iter().flat_map(|g| g["uses"].as_array().unwrap()) {
        assert_eq!(row["state"], "confirmee", "{row}");
        assert!(row["confirmation"]["scan"]["id"].is_number(), "its page as the scan: {row}");
        kept.extend(row["confirmation"]["kept"].as_array().unwrap().iter().map(|k| k["document"].clone()));
    }
    assert!(kept.contains(&json!("portfolio d'écriture")), "{kept:?}");
}
