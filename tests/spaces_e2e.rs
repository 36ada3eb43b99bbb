// Issue 17 in the real window (20 October 2025): Espaces de média social records a request for an
// Instagram space open to members of 13 (a parent's consent), prints it, records it as sent, then
// accepted; a condition of the policy is ticked; N'Guessan (14) joins with her own consent, Côté
// (11) is refused with her age said. Screenshots of the request and of the accepted space.

use crate::cli::{bleuets_school, json_at};
use crate::util::webview::Window;

const OCTOBER: &str = "2025-10-20T10:00:00-04:00";

async fn set(w: &Window, css: &str, value: &str) {
    w.eval(
        "const i = document.querySelector(arguments[0]); i.value = arguments[1]; \
         i.dispatchEvent(new Event('input', {bubbles: true})); i.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![css.into(), value.into()],
    )
    .await;
}

async fn card_status(w: &Window) -> String {
    w.eval("return document.querySelector('#space-list .space-card').dataset.status", vec![])
        .await
        .as_str()
        .unwrap()
        .to_string()
}

async fn wait_status(w: &Window, status: &str) {
    w.wait_until(
        status,
        &format!("const c = document.querySelector('#space-list .space-card'); return !!c && c.dataset.status === '{status}' && document.body.dataset.ready === '1'"),
    )
    .await;
}

#[tokio::test]
async fn a_space_request_is_followed_to_its_decision_and_members_join_by_age() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    bleuets_school(OCTOBER, &data);
    json_at(
        OCTOBER,
        &data,
        &[
            "person",
            "correct",
            "--student",
            "1002",
            "--field",
            "birth_date",
            "--value",
            "2011-04-12",
            "--reason",
            "document",
        ],
    );
    let w = Window::open_at(&data, OCTOBER).await;
    w.wait_for("a[data-nav=\"espaces\"]").await;
    w.click("#lang-fr").await;
    w.click("a[data-nav=\"espaces\"]").await;
    w.wait_for("#space-form").await;
    w.wait_ready().await;

    w.fill("#space-name", "Les Bleuets en action").await;
    set(&w, "#space-platform", "meta_instagram").await;
    w.fill("#space-use-type", "Partage d'information avec les familles").await;
    set(&w, "#space-access", "adhesion_13_consentement_parental").await;
    w.fill("#space-content", "Les projets des classes.").await;
    w.fill("#space-administration", "Deux administratrices désignées.").await;
    w.fill("#space-training", "Nétiquette présentée.").await;
    w.fill("#space-monitoring", "Vigie hebdomadaire.").await;
    w.fill("#space-responsible", "Claire Bouchard, direction").await;
    w.click("#space-add").await;
    wait_status(&w, "brouillon").await;
    assert!(w.text("#space-list .space-card").await.contains("Méta (Instagram)"));

    // Printed (numbered), sent, accepted.
    w.click("#space-list .space-card button[data-action=print]").await;
    w.wait_until(
        "the number",
        "const c = document.querySelector('#space-list .space-card'); \
         return !!c && c.dataset.number !== '' && document.body.dataset.ready === '1'",
    )
    .await;
    set(&w, "#space-list .space-card input[id$=sent-on]", "2025-10-06").await;
    w.click("#space-list .space-card button[data-action=send]").await;
    wait_status(&w, "envoyee").await;
    w.screenshot("91-espace-envoye").await;
    set(&w, "#space-list .space-card input[id$=decided-on]", "2025-10-17").await;
    w.click("#space-list .space-card button[data-action=accept]").await;
    w.wait_until(
        "the decision or its refusal",
        "const c = document.querySelector('#space-list .space-card'); const m = c && c.querySelector('.message'); \
         return !!c && document.body.dataset.ready === '1' && (c.dataset.status === 'acceptee' || (!!m && !m.hidden));",
    )
    .await;
    let said = w.eval("const m = document.querySelector('#space-list .space-card .message'); return m.hidden ? '' : m.textContent", vec![]).await;
    assert_eq!(card_status(&w).await, "acceptee", "{said}");

    // A condition ticked (the checklist is folded under its title).
    w.click("#space-list .space-card details.space-conditions summary").await;
    w.click("#space-list .space-card input[id$=condition-aucun_compte_personnel]").await;
    w.wait_until(
        "the condition",
        "const b = document.querySelector('#space-list .space-card input[id$=condition-aucun_compte_personnel]'); return !!b && b.disabled && b.checked",
    )
    .await;

    // Members: N'Guessan (14) with her own consent; Côté (11) refused.
    let choose = "const s = document.querySelector('#space-list .space-card select[id$=member-student]'); \
                  const o = [...s.options].find(o => o.textContent.startsWith(arguments[0])); s.value = o.value; return true;";
    w.eval(choose, vec!["N'Guessan".into()]).await;
    set(&w, "#space-list .space-card select[id$=member-by]", "eleve").await;
    w.fill("#space-list .space-card input[id$=member-signer]", "Awa N'Guessan").await;
    w.click("#space-list .space-card button[data-action=member]").await;
    w.wait_until(
        "the member",
        "return document.querySelector('#space-list .space-card ul[id$=members]').textContent.includes('Guessan')",
    )
    .await;
    w.eval(choose, vec!["Côté".into()]).await;
    set(&w, "#space-list .space-card select[id$=member-by]", "parent").await;
    w.fill("#space-list .space-card input[id$=member-signer]", "Luc Côté").await;
    w.click("#space-list .space-card button[data-action=member]").await;
    w.wait_until(
        "the refusal",
        "const m = document.querySelector('#space-list .space-card p[id$=member-message]'); \
         return !!m && !m.hidden && m.textContent.includes('11')",
    )
    .await;
    let members = w.text("#space-list .space-card ul[id$=members]").await;
    assert!(members.contains("consentement de l’élève") && !members.contains("Côté"), "{members}");
    w.eval(
        "document.querySelector('#space-list .space-card p[id$=member-message]').scrollIntoView({block: 'center'})",
        vec![],
    )
    .await;
    w.screenshot("92-espace-accepte-membres").await;

    // The dashboard follows the accepted space: no administrator yet, conditions not all ticked.
    w.eval("document.body.dataset.ready = '0'; location.hash = '#/tableau-de-bord'", vec![]).await;
    w.wait_ready().await;
    let finding = w.text("#dash-spaces").await;
    assert!(
        finding.contains("Les Bleuets en action")
            && finding.contains("aucun administrateur désigné")
            && finding.contains("30 condition(s)"),
        "{finding}"
    );
    w.close().await;
}
