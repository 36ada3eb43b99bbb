// Issue 17 in the real window, on a fixed clock (2 October 2025): Projets records a project for
// class 601, prints its annexe 3 forms, then a returned form is typed with the keyboard (the
// number, boxes 1 and 3 ticked, Entrée): the table says what each box allows, the form not back
// allows nothing, and the dashboard lists the project with its forms missing. Screenshots of each.

use fantoccini::key::Key;

use crate::cli::bleuets_school;
use crate::util::webview::Window;

const OCTOBER: &str = "2025-10-02T10:00:00-04:00";

async fn set_date(w: &Window, css: &str, value: &str) {
    w.eval(
        &format!(
            "const i = document.querySelector('{css}'); i.value = '{value}'; \
             i.dispatchEvent(new Event('input', {{bubbles: true}}));"
        ),
        vec![],
    )
    .await;
}

#[tokio::test]
async fn a_project_is_recorded_printed_and_its_returns_typed_with_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    bleuets_school(OCTOBER, &data);
    let w = Window::open_at(&data, OCTOBER).await;
    w.wait_for("a[data-nav=\"projets\"]").await;
    w.click("#lang-fr").await;

    // A new project; a bad one first (the end before the start) is refused in French.
    w.go("#/projets").await;
    assert!(w.text("#project-list").await.contains("Aucun projet"));
    w.fill("#project-title", "Expo-sciences").await;
    w.fill("#project-medium", "Journal Le Bleuet").await;
    w.fill("#project-description", "Les élèves présentent leurs expériences au public.").await;
    set_date(&w, "#project-from", "2025-10-01").await;
    set_date(&w, "#project-to", "2025-09-01").await;
    w.fill("#project-classes", "601").await;
    w.click("#project-add").await;
    w.wait_until("the refusal", "return document.querySelector('#project-form .message--error') !== null || [...document.querySelectorAll('#project-form .message')].some(m => !m.hidden && m.textContent.includes('précède'))").await;
    set_date(&w, "#project-to", "2026-05-29").await;
    w.click("#project-add").await;
    w.wait_for("#project-list li[data-project-id]").await;
    assert!(w.text("#project-list").await.contains("Journal Le Bleuet, du 2025-10-01 au 2026-05-29"));
    w.screenshot("87-projets").await;

    // Its page: two students of 601, nothing printed yet; the forms printed.
    w.click("#project-list li[data-project-id] a").await;
    w.wait_for("#project-forms").await;
    w.wait_ready().await;
    assert_eq!(
        w.eval(
            "return [...document.querySelectorAll('#project-forms tbody tr')].map(r => r.dataset.status).join(',')",
            vec![]
        )
        .await,
        "not_printed,not_printed"
    );
    w.click("#project-print-students").await;
    w.wait_until(
        "the forms printed",
        "return [...document.querySelectorAll('#project-forms tbody tr')].every(r => r.dataset.status === 'not_returned')",
    )
    .await;
    let number = w.eval("return document.querySelector('#project-forms tbody tr').dataset.number", vec![]).await;
    let number = number.as_str().unwrap().to_string();
    assert_eq!(number.len(), 8, "{number}");

    // Côté's return with the keyboard: the number, Entrée, boxes 1 and 3, Entrée.
    w.click("#project-number").await;
    w.keys(&number).await;
    w.wait_until("the boxes", "return !document.querySelector('#project-boxes').hidden").await;
    assert!(w.text("#project-return-who").await.contains("Côté"));
    w.keys(&char::from(Key::Enter).to_string()).await;
    w.keys("13").await;
    w.screenshot("88-projet-retour-clavier").await;
    w.keys(&char::from(Key::Enter).to_string()).await;
    let row = format!("#project-forms tr[data-number=\"{number}\"]");
    w.wait_until(
        "the form recorded",
        &format!("const r = document.querySelector('{row}'); return !!r && r.dataset.status === 'returned'"),
    )
    .await;
    assert!(w.text("#project-return-message").await.contains(&format!("Formulaire {number} enregistré")));
    let focused = w.eval("return document.activeElement.id", vec![]).await;
    assert_eq!(focused, "project-number", "ready for the next form");
    let allowed = w.text(&row).await;
    assert!(allowed.contains("photos individuelles ou de groupe permises"), "{allowed}");
    assert!(allowed.contains("aucun enregistrement audio ou vidéo"), "box 2 left empty: {allowed}");
    assert!(allowed.contains("productions reproduites et diffusées"), "{allowed}");
    let other = w.text("#project-forms tbody tr[data-status=not_returned]").await;
    assert!(other.contains("Rien n’est permis"), "{other}");
    assert!(w.text("#project-counts").await.contains("1 formulaire(s) revenu(s) sur 2"));
    w.screenshot("89-projet-formulaires").await;

    // Côté's number again: its history, then photos withdrawn (reported by telephone).
    w.click("#project-number").await;
    w.keys(&number).await;
    w.wait_until("the history", "const c = document.querySelector('#project-return-chosen'); return !!c && !c.hidden && c.textContent.includes('reçu')").await;
    let history = w.text("#project-history").await;
    assert!(history.contains("imprimé") && history.contains("photos oui"), "{history}");
    w.click("#project-box-photos").await;
    w.fill("#project-withdraw-by", "Luc Côté").await;
    w.click("#project-return-withdraw").await;
    w.wait_until(
        "the withdrawal",
        &format!("const r = document.querySelector('{row}'); return !!r && r.dataset.status === 'withdrawn'"),
    )
    .await;
    let allowed = w.text(&row).await;
    assert!(allowed.contains("aucune photo") && allowed.contains("productions reproduites"), "{allowed}");
    w.screenshot("93-projet-retrait").await;

    // N'Guessan's number typed on Retours: refused there, with a button to its project, the
    // number typed in.
    let other = w
        .eval(
            "return document.querySelector('#project-forms tbody tr[data-status=not_returned]').dataset.number",
            vec![],
        )
        .await;
    let other = other.as_str().unwrap().to_string();
    w.go("#/retours").await;
    w.fill("#return-number", &other).await;
    w.keys(&char::from(Key::Enter).to_string()).await;
    w.wait_for("#return-open-project").await;
    assert!(
        w.text("#return-error").await.contains("balise project return")
            || w.text("#return-error").await.contains("écran Projets")
    );
    w.click("#return-open-project").await;
    w.wait_until("the project's page with the number", "const b = document.querySelector('#project-return-who'); return !!b && !b.hidden && b.textContent.includes('Guessan')").await;

    // The dashboard lists the project with its form missing, and leads to it.
    w.go("#/tableau-de-bord").await;
    let finding = w.text("#dash-projects").await;
    assert!(finding.contains("Expo-sciences : 1 revenu(s) sur 2"), "{finding}");
    w.screenshot("90-tableau-de-bord-projets").await;
    w.close().await;
}

/// A scanned stack of annexe 3 pages dropped on Retours → « Lire une pile numérisée »: the signed
/// page with two boxes ticked is clear and recorded in one action with its page; the unsigned one
/// says to type it on Projets, with no keys to answer it here.
#[tokio::test]
async fn a_stack_of_project_forms_is_read_and_its_clear_page_recorded() {
    use crate::cli::json_at;
    use crate::util::scans::{answer_project, rendered_pages, stack_pdf};

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    bleuets_school(OCTOBER, &data);
    let project = crate::projects_cli::expo(&data);
    let pdf = dir.path().join("expo.pdf");
    json_at(OCTOBER, &data, &["project", "print", &project.to_string(), "-o", pdf.to_str().unwrap()]);
    let mut pages = rendered_pages(&pdf, 200);
    let signed = answer_project(&mut pages[1], 200, &[0, 2], true);
    let stack = stack_pdf(&pages);

    let w = Window::open_at(&data, OCTOBER).await;
    w.wait_for("a[data-nav=\"retours\"]").await;
    w.click("#lang-fr").await;
    w.go("#/retours").await;
    w.click("#return-stack-open").await;
    w.wait_for("#stack-drop").await;
    w.drop_pdf("#stack-drop", "pile-projet.pdf", &stack).await;
    w.wait_until("the pages read", "return document.querySelectorAll('.stack-page').length === 2;").await;
    w.wait_ready().await;
    let clear = format!(".stack-page[data-number=\"{signed}\"]");
    let card = w.text(&clear).await;
    assert!(card.contains("N'Guessan, Awa") && card.contains("Photos : case cochée"), "{card}");
    assert!(card.contains("Enregistrements audio ou vidéo : case vide"), "{card}");
    let other = w.text(".stack-page[data-standing=\"review\"]").await;
    assert!(
        other.contains("saisissez son retour à l’écran Projets")
            || other.contains("saisissez son retour à l'écran Projets"),
        "{other}"
    );
    assert!(
        !w.exists(".stack-page[data-standing=\"review\"] button[data-action=record-page]").await,
        "typed on Projets"
    );
    w.screenshot("94-pile-projet").await;
    w.click("#stack-confirm-clear").await;
    w.wait_until(
        "the clear page recorded",
        &format!("const c = document.querySelector('{clear}'); return !!c && c.dataset.standing === 'recorded'"),
    )
    .await;
    let history = json_at(OCTOBER, &data, &["project", "history", &signed]);
    let received: Vec<&serde_json::Value> = history["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["summary"].as_str().unwrap().starts_with("reçu"))
        .collect();
    assert_eq!(received.len(), 1, "{history}");
    assert!(received[0]["summary"]
        .as_str()
        .unwrap()
        .contains("droits_productions oui, enregistrements non, photos oui"));
    assert!(received[0]["scan"].is_object(), "its page kept as the scan");
    w.close().await;
}
