// Issue 15, items 16–17 in the real window, on a fixed clock (25 September 2025): Paramètres →
// Sauvegardes checks a backup and restores it after a confirmation that says what is lost (the
// store closed and reopened, the current file kept aside); the Demandes d'accès screen records a
// request about a guardian found by name, shows its legal deadline there and on the dashboard,
// exports the guardian's file, rectifies the guardian's e-mail, and records the answer, after
// which the dashboard no longer lists it. Screenshots of each step.

use std::path::{Path, PathBuf};

use crate::cli::json_at;
use crate::util::webview::{Window, SAVE_AS_FOLDER};

const SEPTEMBER: &str = "2025-09-10T10:00:00-04:00";
const LATE_SEPTEMBER: &str = "2025-09-25T09:00:00-04:00";

/// The GPI fixture in 2025-2026, a backup made on the 10th, then one change after it (the
/// principal's name): what a restore of that backup loses.
fn school(data: &Path) -> String {
    json_at(SEPTEMBER, data, &["init"]);
    for (key, value) in [
        ("school_year", "2025-2026"),
        ("school_name", "École des Bleuets"),
        ("principal_name", "Hélène Simard"),
        ("return_email", "secretariat@bleuets.exemple.ca"),
        ("form_deadline", "2025-09-12"),
    ] {
        json_at(SEPTEMBER, data, &["settings", "set", key, value]);
    }
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster/gpi_utf8_bom.csv");
    json_at(SEPTEMBER, data, &["import", "roster", fixture.to_str().unwrap()]);
    let made = json_at(SEPTEMBER, data, &["backup", "create"]);
    json_at(SEPTEMBER, data, &["settings", "set", "principal_name", "Nom saisi après la sauvegarde"]);
    made["file"].as_str().unwrap().to_string()
}

async fn scroll_to(w: &Window, css: &str) {
    w.eval(&format!("document.querySelector({css:?}).scrollIntoView({{block: 'center'}})"), vec![]).await;
}

#[tokio::test]
async fn restore_a_backup_then_register_export_rectify_and_answer_a_request() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    let backup = school(&data);
    let w = Window::open_at(&data, LATE_SEPTEMBER).await;
    w.wait_for("a[data-nav=\"parametres\"]").await;
    w.click("#lang-fr").await;
    // The window asks for the day's backup once its first screen is painted: the 25th's appears
    // beside the 10th's.
    let backups = data.join("sauvegardes");
    let days_backup = || {
        std::fs::read_dir(&backups)
            .unwrap()
            .flatten()
            .any(|f| f.file_name().to_string_lossy().starts_with("balise-20250925-"))
    };
    let asked = std::time::Instant::now();
    while !days_backup() {
        assert!(asked.elapsed() < std::time::Duration::from_secs(15), "no backup of the day in {}", backups.display());
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    // Paramètres → Sauvegardes: the backup of the 10th is checked, then restored once confirmed.
    w.go("#/parametres").await;
    assert_eq!(w.eval("return document.querySelectorAll('#backup-list li').length", vec![]).await, 2);
    assert_eq!(w.value("#setting-principal_name").await, "Nom saisi après la sauvegarde");
    // « À propos de Balise » (issue 18): the version, the data folder, the licences of what it ships.
    assert_eq!(w.text("#about-version").await, env!("CARGO_PKG_VERSION"));
    assert_eq!(w.text("#about-data-dir").await, data.display().to_string());
    let licences = w.text("#about-licences").await;
    assert!(licences.contains("SIL Open Font License 1.1") && licences.contains("SQLCipher"), "{licences}");
    assert!(w.text("#settings-about").await.contains("aucune télémétrie"));
    scroll_to(&w, "#settings-about").await;
    w.screenshot("79-parametres-a-propos").await;
    w.eval("window.scrollTo(0, 0)", vec![]).await;
    let item = format!("#backup-list li[data-file=\"{backup}\"]");
    w.click(&format!("{item} button[data-action=verify]")).await;
    w.wait_until("the check", &format!("return document.querySelector('{item}').dataset.ok === 'true'")).await;
    assert!(w.text(&format!("{item} .backup-check")).await.contains("Sauvegarde intègre"));
    w.click(&format!("{item} button[data-action=restore]")).await;
    w.wait_for("#restore-confirm").await;
    let lost = w.text("#restore-lost").await;
    assert!(lost.contains("1 changement(s)"), "what is lost is said: {lost}");
    assert_eq!(w.eval("return document.querySelector('#restore-run').disabled", vec![]).await, true);
    assert!(w.text("#restore-confirm").await.contains("gardé de côté"));
    scroll_to(&w, "#restore-confirm").await;
    w.screenshot("80-sauvegarde-restaurer-confirmation").await;
    w.click("#restore-agree").await;
    w.click("#restore-run").await;
    w.wait_until(
        "the notice",
        "const n = document.querySelector('#app-notice'); return !!n && n.textContent.includes('restaurée')",
    )
    .await;
    w.wait_until(
        "the restored settings",
        "const i = document.querySelector('#setting-principal_name'); return !!i && i.value === 'Hélène Simard'",
    )
    .await;
    w.wait_ready().await;
    let notice = w.text("#app-notice").await;
    assert!(notice.contains("balise.db.avant-restauration-"), "{notice}");
    w.screenshot("81-sauvegarde-restauree").await;
    w.click("#app-notice .notice-close").await;
    let aside = std::fs::read_dir(&data)
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().starts_with("balise.db.avant-restauration-"));
    assert!(aside, "the current file was kept aside");

    // Demandes d'accès: a request about Aya N'Guessan, received on the 10th.
    w.go("#/demandes").await;
    w.fill("#request-person-search", "N'Guessan").await;
    w.wait_for("#request-person-hits li[data-kind=parent] button").await;
    w.click("#request-person-hits li[data-kind=parent] button").await;
    assert!(w.text("#request-person-chosen").await.contains("Aya N'Guessan"));
    w.eval(
        "const i = document.querySelector('#request-received'); i.value = '2025-09-10'; \
         i.dispatchEvent(new Event('input', {bubbles: true}));",
        vec![],
    )
    .await;
    w.fill("#request-details", "Copie de tout ce que l'école détient sur ma fille et sur moi").await;
    w.click("#request-submit").await;
    w.wait_for("#request-list li[data-request-id]").await;
    let card = "#request-list li[data-request-id]";
    let text = w.text(card).await;
    assert!(text.contains("Aya N'Guessan") && text.contains("2025-09-30") && text.contains("dans 5 jour(s)"), "{text}");
    scroll_to(&w, card).await;
    w.screenshot("82-demande-inscrite").await;

    // The dashboard shows it with its deadline.
    w.go("#/tableau-de-bord").await;
    let dash = w.text("#dash-requests").await;
    assert!(dash.contains("Demande n° 1") && dash.contains("2025-09-30"), "{dash}");
    w.screenshot("83-tableau-de-bord-demande").await;

    // From the request: the guardian's file exported, then the e-mail rectified.
    w.go("#/demandes").await;
    w.click(&format!("{card} button[data-action=export]")).await;
    w.wait_until("the export", &format!("return !document.querySelector('{card} .person-status').hidden")).await;
    let saved = w.text(&format!("{card} .person-status")).await;
    let folder = data.join(SAVE_AS_FOLDER).join(
        std::fs::read_dir(data.join(SAVE_AS_FOLDER))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .find(|n| n.to_string_lossy().starts_with("dossier-parent-"))
            .unwrap_or_else(|| panic!("no guardian folder: {saved}")),
    );
    let person: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("personne.json")).unwrap()).unwrap();
    assert_eq!(person["kind"], "parent", "{person}");
    assert_eq!(person["students"][0]["student"]["last_name"], "N'Guessan");
    w.click(&format!("{card} button[data-action=correct]")).await;
    w.wait_for(&format!("{card} form[id$=correct-form]")).await;
    w.eval(
        &format!(
            "const f = document.querySelector('{card} form[id$=correct-form]'); f.elements.field.value = 'email'; \
             f.elements.reason.value = 'demande';"
        ),
        vec![],
    )
    .await;
    w.fill(&format!("{card} form[id$=correct-form] input[name=value]"), "aya.n@exemple.ca").await;
    w.screenshot("84-demande-rectification").await;
    w.click(&format!("{card} form[id$=correct-form] button[type=submit]")).await;
    w.wait_until(
        "the rectification",
        &format!("return document.querySelector('{card} .person-status').textContent.includes('rectifié')"),
    )
    .await;

    // The answer: granted today; the request closes and leaves the dashboard.
    w.click(&format!("{card} button[data-action=answer]")).await;
    w.wait_for(&format!("{card} form[id$=answer-form]")).await;
    w.click(&format!("{card} form[id$=answer-form] button[type=submit]")).await;
    w.wait_until("the answer", &format!("return document.querySelector('{card}').dataset.open === 'false'")).await;
    assert!(w.text(card).await.contains("Réponse : accordée, le 2025-09-25"));
    scroll_to(&w, card).await;
    w.screenshot("85-demande-repondue").await;

    // Without a request: a student found by name, rectified from « Le dossier d'une personne ».
    w.fill("#person-search", "Lévesque").await;
    w.wait_for("#person-hits li[data-kind=eleve] button").await;
    w.click("#person-hits li[data-kind=eleve] button").await;
    w.click("#person-chosen button[data-action=correct]").await;
    w.wait_for("#person-correct-form").await;
    w.eval("document.querySelector('#person-field').value = 'first_name';", vec![]).await;
    w.fill("#person-value", "Émilien").await;
    w.click("#person-correct-form button[type=submit]").await;
    w.wait_until(
        "the student rectified",
        "return document.querySelector('#person-chosen .person-status').textContent.includes('Émilien')",
    )
    .await;
    scroll_to(&w, "#person-chosen").await;
    w.screenshot("86-dossier-eleve-rectifie").await;
    w.go("#/tableau-de-bord").await;
    assert!(!w.exists("#dash-requests").await, "no open request left on the dashboard");
    w.close().await;

    // The rectification is in the store; the journal names neither the person nor the value.
    let students = json_at(LATE_SEPTEMBER, &data, &["student", "list", "--class", "601"]);
    let awa = students.as_array().unwrap().iter().find(|s| s["last_name"] == "N'Guessan").unwrap();
    assert_eq!(awa["guardians"][0]["email"], "aya.n@exemple.ca", "{awa}");
    let others = json_at(LATE_SEPTEMBER, &data, &["student", "list", "--class", "602"]);
    assert!(others.as_array().unwrap().iter().any(|s| s["first_name"] == "Émilien"), "{others}");
    let audit = json_at(LATE_SEPTEMBER, &data, &["audit", "--limit", "40"]).to_string();
    assert!(audit.contains("sauvegarde.restauration") && audit.contains("demande.reponse"), "{audit}");
    assert!(!audit.contains("aya.n@") && !audit.contains("ma fille"), "{audit}");
}
