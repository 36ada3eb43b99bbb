// The register in the real window: class 601 with its teacher, ClassDojo for parents from non
// conforme to conforme step by step (the permission says the teacher already used it: note de
// service of 25 August 2025), Messenger refused and recorded as an infraction that the dashboard
// shows; a use's own staff; the 5.9 reason asked on the catalogue; screenshots of the dashboard,
// class list, class detail and catalogue.

use serde_json::json;

use crate::cli::{init, ok};
use crate::util::webview::Window;

/// Runs one of a use card's actions: opens its form, fills the date / name / file, submits, and
/// waits for the class detail to render again.
async fn use_action(w: &Window, action: &str, by: Option<&str>, with_file: bool) {
    use_action_ticking(w, action, by, with_file, false).await;
}

/// The same, ticking « utilisait déjà » when `prior_use` (the permission for a tolerated platform).
async fn use_action_ticking(w: &Window, action: &str, by: Option<&str>, with_file: bool, prior_use: bool) {
    w.click(&format!(".use-card [data-action=\"{action}\"]")).await;
    let form = format!(".use-card form[data-action=\"{action}\"]");
    w.wait_for(&form).await;
    if let Some(name) = by {
        w.fill(&format!("{form} input[name=\"by\"]"), name).await;
    }
    if prior_use {
        w.click(&format!("{form} input[name=\"prior\"]")).await;
    }
    if with_file {
        // A one-page PDF, put in the file input the way a person's choice would be.
        w.eval(
            "const input = document.querySelector(arguments[0]); \
             const pdf = new File(['%PDF-1.4\\n1 0 obj<<>>endobj\\ntrailer<<>>\\n%%EOF\\n'], 'presentation.pdf', {type: 'application/pdf'}); \
             const transfer = new DataTransfer(); transfer.items.add(pdf); input.files = transfer.files;",
            vec![json!(format!("{form} input[name=\"file\"]"))],
        )
        .await;
    }
    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.click(&format!("{form} [type=submit]")).await;
    w.wait_ready().await;
}

async fn choose(w: &Window, select: &str, text: &str) {
    // The options arrive with the screen's data: wait for them rather than race the render.
    let has_option = format!(
        "const s = document.querySelector({select:?}); return !!s && [...s.options].some((o) => o.textContent.includes({text:?}));"
    );
    w.wait_until(&format!("{select} to offer « {text} »"), &has_option).await;
    let found = w
        .eval(
            "const s = document.querySelector(arguments[0]); \
             const o = [...s.options].find((o) => o.textContent.includes(arguments[1])); \
             if (!o) return false; s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true})); return true;",
            vec![json!(select), json!(text)],
        )
        .await;
    assert_eq!(found, json!(true), "{select} offers « {text} »");
}

#[tokio::test]
async fn a_class_platform_goes_from_non_conforme_to_conforme_and_messenger_becomes_an_infraction() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    ok(dir.path(), &["settings", "set", "school_name", "École des Bleuets"]);
    ok(dir.path(), &["settings", "set", "operator_name", "Mme Roy"]);
    ok(dir.path(), &["staff", "add", "Julie Tremblay"]);

    // 10 September 2025: ClassDojo is tolerated until 30 June 2026 (note de service of 25 August
    // 2025), so the permission's « utilisait déjà » decides (a real clock would pass that date).
    let w = Window::open_at(dir.path(), "2025-09-10T10:00:00-04:00").await;
    w.wait_for("a[data-nav=\"classes\"]").await;
    w.click("#lang-fr").await;
    w.click("a[data-nav=\"classes\"]").await;
    w.wait_ready().await;
    w.fill("#class-code", "601").await;
    w.fill("#class-level", "6").await;
    w.fill("#class-teacher", "Julie Tremblay").await;
    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.click("#class-add-submit").await;
    w.wait_ready().await;
    w.wait_for("#class-list [data-class=\"601\"]").await;
    w.screenshot("30-classes").await;

    w.eval("document.body.dataset.ready = '0'; location.hash = '#/classes/601'", vec![]).await;
    w.wait_for("#class-detail").await;
    w.wait_ready().await;
    w.screenshot("31-classe-vide").await;
    choose(&w, "#use-platform", "ClassDojo").await;
    choose(&w, "#use-audience", "arents").await;
    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.click("#use-add-submit").await;
    w.wait_ready().await;
    let state = w.text(".use-card .use-state").await;
    assert_eq!(state.to_lowercase(), "non conforme", "ClassDojo with nothing recorded (art. 4)");
    let card = w.text(".use-card").await;
    assert!(card.contains("art. 4"), "the reasons cite article 4: {card}");
    w.screenshot("31-classe-non-conforme").await;

    // Note de service of 25 August 2025: a permission that does not say the teacher already used
    // ClassDojo covers no one (art. 4); the form quotes the memo beside its box.
    w.click(".use-card [data-action=\"authorize\"]").await;
    w.wait_for(".use-card form[data-action=\"authorize\"] input[name=\"prior\"]").await;
    let help = w.text(".use-card form[data-action=\"authorize\"]").await;
    assert!(
        help.contains("Julie Tremblay utilisait déjà ClassDojo en 2024-2025")
            && help.contains("pour celles et ceux qui l’utilisaient déjà"),
        "the box names the teacher and the memo: {help}"
    );
    w.screenshot("31b-permission-utilisait-deja").await;
    w.click(".use-card form[data-action=\"authorize\"] button[type=button]").await;
    use_action(&w, "authorize", Some("Mme Lapointe"), true).await;
    let card = w.text(".use-card").await;
    assert!(card.contains("la tolérance ne couvre pas un nouvel utilisateur"), "{card}");
    assert!(w.exists(".use-card .reasons [data-code=\"tolerated_new_user\"]").await, "a new user is refused: {card}");
    // Art. 4: the principal's written authorization and the committee; art. 5.1: the document.
    use_action_ticking(&w, "authorize", Some("Mme Lapointe"), false, true).await;
    assert!(!w.exists(".use-card .reasons [data-code=\"tolerated_new_user\"]").await, "« utilisait déjà » recorded");
    use_action(&w, "committee", None, false).await;
    use_action(&w, "attach-doc", None, true).await;
    use_action(&w, "validate-doc", Some("Mme Lapointe"), false).await;
    use_action(&w, "send-doc", None, false).await;
    let state = w.text(".use-card .use-state").await;
    assert_eq!(state.to_lowercase(), "conforme", "every step recorded: {}", w.text(".use-card").await);
    w.screenshot("32-classe-conforme").await;

    // Art. 4: Messenger is prohibited; it can only be recorded as an infraction.
    choose(&w, "#use-platform", "Messenger").await;
    w.click("#use-add-submit").await;
    w.wait_until("the refusal", "return !document.querySelector('#use-error').hidden").await;
    let refusal = w.text("#use-error").await;
    assert!(refusal.contains("infraction"), "the refusal points to an infraction: {refusal}");
    w.click("#use-record-infraction").await;
    w.fill("#infraction-description", "Conversation Messenger de la classe à supprimer").await;
    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.click("#infraction-submit").await;
    w.wait_ready().await;

    w.click("a[data-nav=\"tableau-de-bord\"]").await;
    w.wait_ready().await;
    let infractions = w.text("#dash-infractions").await;
    assert!(infractions.contains("601") && infractions.contains("Messenger"), "dashboard: {infractions}");
    let non_conformes = w.text("#dash-non-conformes").await;
    assert!(!non_conformes.contains("ClassDojo"), "ClassDojo is conforme now: {non_conformes}");
    w.screenshot("33-tableau-de-bord").await;

    w.click("a[data-nav=\"plateformes\"]").await;
    w.wait_ready().await;
    w.wait_for("#platform-table tr[data-platform]").await;
    w.screenshot("34-plateformes").await;
    w.close().await;
}

#[tokio::test]
async fn staff_classes_and_platforms_are_edited_and_a_document_saved_where_the_person_chooses() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    init(data);
    ok(data, &["settings", "set", "school_name", "École des Bleuets"]);
    ok(data, &["settings", "set", "operator_name", "Mme Roy"]);
    ok(data, &["staff", "add", "Julie Tremblay"]);
    ok(data, &["staff", "add", "Marc Gagnon"]);
    ok(data, &["class", "add", "601", "--teacher", "Julie Tremblay", "--level", "6"]);
    let added: serde_json::Value = serde_json::from_str(&ok(
        data,
        &["use", "add", "--class", "601", "--platform", "ClassDojo", "--audience", "parents", "--json"],
    ))
    .unwrap();
    let document = data.join("présentation.pdf");
    std::fs::write(&document, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").unwrap();
    ok(data, &["use", "attach-doc", &added["id"].to_string(), document.to_str().unwrap()]);
    let save_dir = data.join(crate::util::webview::SAVE_AS_FOLDER);
    std::fs::create_dir_all(&save_dir).unwrap();

    let w = Window::open(data).await;
    w.wait_for("a[data-nav=\"personnel\"]").await;
    w.click("#lang-fr").await;

    // Personnel: a misspelt name corrected; the class follows.
    w.click("a[data-nav=\"personnel\"]").await;
    w.wait_ready().await;
    w.wait_for("#staff-table tr[data-staff-id]").await;
    let row = w.text("#staff-table tbody").await;
    assert!(row.contains("Julie Tremblay") && row.contains("601"), "each person with their classes: {row}");
    w.click("#staff-table tr[data-staff-id] button[aria-label*=\"Julie\"]").await;
    w.wait_for("#staff-edit-form").await;
    w.fill("#staff-edit-name", "Julie Tremblay-Côté").await;
    w.screenshot("35-personnel-modifier").await;
    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.click("#staff-edit-submit").await;
    w.wait_ready().await;
    w.wait_until(
        "the corrected name",
        "return document.querySelector('#staff-table tbody').textContent.includes('Tremblay-Côté')",
    )
    .await;

    // The class: its level and a second teacher.
    w.eval("document.body.dataset.ready = '0'; location.hash = '#/classes/601'", vec![]).await;
    w.wait_ready().await;
    w.wait_for("#class-detail").await;
    assert!(w.text("#class-detail .facts").await.contains("Julie Tremblay-Côté"));
    w.click("#class-edit-open").await;
    w.wait_for("#class-edit-form").await;
    assert_eq!(w.value("#class-edit-teachers").await, "Julie Tremblay-Côté", "the form starts from what is stored");
    w.fill("#class-edit-level", "6e année").await;
    w.fill("#class-edit-teachers", "Julie Tremblay-Côté; marc gagnon").await;
    w.screenshot("36-classe-modifier").await;
    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.click("#class-edit-submit").await;
    w.wait_ready().await;
    w.wait_until(
        "the new teachers",
        "return document.querySelector('#class-detail .facts').textContent.includes('Marc Gagnon')",
    )
    .await;
    assert!(w.text("#class-detail .facts").await.contains("6e année"));

    // « Enregistrer sous… » the presentation document.
    w.click(".use-card [data-action=\"save-doc\"]").await;
    w.wait_until(
        "the saved path",
        "return document.querySelector('.use-card .inline-status').textContent.includes('enregistres')",
    )
    .await;
    let saved: Vec<_> = std::fs::read_dir(&save_dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(saved.len(), 1, "one copy where the person chose: {saved:?}");
    assert_eq!(std::fs::read(&saved[0]).unwrap(), std::fs::read(&document).unwrap(), "the document's own bytes");

    // Plateformes: the notes and a flag of ClassDojo, through the preview.
    w.click("a[data-nav=\"plateformes\"]").await;
    w.wait_ready().await;
    w.click("#platform-table tr[data-platform=\"ClassDojo\"] button[data-action=\"edit\"]").await;
    w.wait_for("#platform-edit-form").await;
    w.fill("#platform-edit-notes", "Comptes supprimés au 30 juin; permission de la direction").await;
    w.click("#platform-preview-submit").await;
    w.wait_for("#platform-confirm").await;
    w.screenshot("37-plateforme-modifier").await;
    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.click("#platform-confirm").await;
    w.wait_ready().await;
    w.wait_until(
        "the new notes",
        "return document.querySelector('#platform-table tr[data-platform=\"ClassDojo\"]').textContent.includes('permission de la direction')",
    )
    .await;
    w.close().await;

    let class: serde_json::Value = serde_json::from_str(&ok(data, &["class", "show", "601", "--json"])).unwrap();
    let teachers: Vec<&str> =
        class["class"]["teachers"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(teachers, ["Julie Tremblay-Côté", "Marc Gagnon"]);
    let audit = ok(data, &["audit", "--limit", "50"]);
    for action in ["personnel.modification", "classe.modification", "piece.export", "plateforme.modification"] {
        assert!(audit.contains(action), "{action} is in the journal: {audit}");
    }
}

/// Issue 15, items 6 and 8 in the window: a use names its own staff member (a specialist) from
/// its card, and the catalogue asks for the reason, quoting 5.9, before the deletion is taken off
/// Teams; the journal keeps the article and the reason.
#[tokio::test]
async fn a_use_gets_its_own_staff_and_the_catalogue_asks_the_5_9_reason() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    init(data);
    ok(data, &["settings", "set", "school_name", "École des Bleuets"]);
    ok(data, &["staff", "add", "Julie Tremblay"]);
    ok(data, &["staff", "add", "Sophie Roy"]);
    ok(data, &["class", "add", "601", "--teacher", "Julie Tremblay", "--level", "6"]);
    ok(data, &["use", "add", "--class", "601", "--platform", "Teams", "--audience", "eleves"]);

    let w = Window::open(data).await;
    w.wait_for("a[data-nav=\"classes\"]").await;
    w.click("#lang-fr").await;
    w.eval("document.body.dataset.ready = '0'; location.hash = '#/classes/601'", vec![]).await;
    w.wait_for("#class-detail").await;
    w.wait_ready().await;
    let staff = w.text(".use-card .use-staff").await;
    assert!(staff.contains("Julie Tremblay") && staff.contains("enseignant·es de la classe"), "by default: {staff}");
    w.click(".use-card [data-action=\"staff\"]").await;
    w.wait_for(".use-card form[data-action=\"staff\"]").await;
    w.fill(".use-card form[data-action=\"staff\"] input[name=\"staff\"]", "sophie roy").await;
    w.screenshot("38-utilisation-personnel").await;
    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.click(".use-card form[data-action=\"staff\"] [type=submit]").await;
    w.wait_ready().await;
    w.wait_until(
        "the use's own staff",
        "return document.querySelector('.use-card .use-staff').dataset.fromClass === 'false'",
    )
    .await;
    let staff = w.text(".use-card .use-staff").await;
    assert_eq!(staff.trim(), "Sophie Roy", "the use's own staff, not the class's teacher");
    w.screenshot("39-utilisation-personnel-propre").await;

    // Plateformes: unticking Teams' 5.9 deletion asks for the reason, quoting the article.
    w.click("a[data-nav=\"plateformes\"]").await;
    w.wait_ready().await;
    w.click("#platform-table tr[data-platform=\"Teams\"] button[data-action=\"edit\"]").await;
    w.wait_for("#platform-edit-form").await;
    assert!(
        w.eval("return document.querySelector('#platform-edit-reason').closest('.field').hidden", vec![]).await == true,
        "no reason while the flag follows the article"
    );
    w.click("#platform-edit-deletion").await;
    let hint = w.text("#platform-edit-form").await;
    assert!(hint.contains("Art. 5.9") && hint.contains("seules ces trois en sont exemptées"), "{hint}");
    w.click("#platform-preview-submit").await;
    w.wait_until("the reason asked", "return !document.querySelector('#platform-edit-error').hidden").await;
    assert!(w.text("#platform-edit-error").await.contains("raison"), "refused without a reason");
    w.fill("#platform-edit-reason", "Teams du CSS vidé par le service TI").await;
    w.screenshot("3a-plateforme-raison-5-9").await;
    w.click("#platform-preview-submit").await;
    w.wait_for("#platform-confirm").await;
    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.click("#platform-confirm").await;
    w.wait_ready().await;
    w.wait_until(
        "the deviation shown",
        "const row = document.querySelector('#platform-table tr[data-platform=\"Teams\"]'); return !!row && !!row.querySelector('.platform-deviation')",
    )
    .await;
    let row = w.text("#platform-table tr[data-platform=\"Teams\"]").await;
    assert!(row.contains("Différent de l’art. 5.9") && row.contains("vidé par le service TI"), "{row}");
    w.eval(
        "document.querySelector('#platform-table tr[data-platform=\"Teams\"]').scrollIntoView({block: 'center'})",
        vec![],
    )
    .await;
    w.screenshot("3b-plateformes-ecart-5-9").await;
    w.close().await;

    let audit = ok(data, &["audit", "--limit", "5"]);
    assert!(audit.contains("art. 5.9") && audit.contains("Teams du CSS vidé par le service TI"), "{audit}");
    let shown: serde_json::Value = serde_json::from_str(&ok(data, &["use", "list", "--json"])).unwrap();
    assert_eq!(shown[0]["staff"][0]["name"], "Sophie Roy", "{shown}");
}

/// A large school's dashboard (issue 18, start-up): a long list shows its first ten findings and
/// builds the others when asked, the keyboard going on from the first one it had not seen.
#[tokio::test(flavor = "current_thread")]
async fn a_long_list_of_findings_shows_ten_then_the_others_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    ok(dir.path(), &["settings", "set", "school_name", "École des Bleuets"]);
    ok(dir.path(), &["staff", "add", "Julie Tremblay"]);
    // Twelve classes and no platform: twelve « classes sans plateforme ».
    for n in 1..=12 {
        ok(dir.path(), &["class", "add", &format!("{}", 600 + n), "--teacher", "Julie Tremblay", "--level", "6"]);
    }

    let w = Window::open_at(dir.path(), "2025-09-10T10:00:00-04:00").await;
    w.wait_for("#dash-classes-without-platform").await;
    w.wait_ready().await;
    assert_eq!(findings_shown(&w).await, 10, "the first ten findings only");
    let more = w.text("#dash-classes-without-platform-more").await;
    assert_eq!(more, "Voir les 2 autres");
    assert_eq!(w.text("#dash-classes-without-platform-title .count").await, "12", "the count says all of them");
    w.eval("document.getElementById('dash-classes-without-platform-more').scrollIntoView({ block: 'center' })", vec![])
        .await;
    w.screenshot("85-tableau-de-bord-liste-longue").await;

    w.click("#dash-classes-without-platform-more").await;
    assert_eq!(findings_shown(&w).await, 12, "the others are shown");
    let focused = w.eval("return document.activeElement.closest('.finding').dataset.classCode", vec![]).await;
    assert_eq!(focused.as_str(), Some("611"), "the keyboard goes on from the eleventh");
    let gone = w.eval("return document.getElementById('dash-classes-without-platform-more') === null", vec![]).await;
    assert_eq!(gone.as_bool(), Some(true), "the button is gone once everything is shown");
    w.close().await;
}

async fn findings_shown(w: &Window) -> u64 {
    let shown = w.eval("return document.querySelectorAll('#dash-classes-without-platform .finding').length", vec![]);
    shown.await.as_u64().unwrap()
}
