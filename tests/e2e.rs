// The real window (WebKitGTK through tauri-driver under Xvfb): first run, recovery key, settings,
// restart, English, every screen's screenshot, the locked screen, and the CSP and ACL gates.

use serde_json::json;

use crate::util::webview::Window;

const SCREENS: [&str; 9] = [
    "tableau-de-bord",
    "classes",
    "plateformes",
    "importer",
    "formulaires",
    "retours",
    "fin-annee",
    "journal",
    "parametres",
];

#[tokio::test]
async fn first_run_then_restart_english_and_every_screen() {
    let dir = tempfile::tempdir().unwrap();

    // First run: welcome → key shown once → settings → main shell.
    let w = Window::open(dir.path()).await;
    w.wait_for("#welcome-create").await;
    w.screenshot("01-accueil").await;
    w.click("#welcome-create").await;
    let key = w.text("#recovery-key").await;
    let groups: Vec<&str> = key.trim().split('-').collect();
    assert_eq!(groups.len(), 7, "the key shows as 7 groups: {key:?}");
    w.click("#recovery-print").await;
    w.wait_until("the sheet's path", "return !document.querySelector('#recovery-print-result').hidden").await;
    let sheet_path = w.text("#recovery-print-result").await;
    assert!(sheet_path.contains("cle-recuperation-"), "{sheet_path}");
    w.screenshot("02-cle-de-recuperation").await;
    w.click("#recovery-confirm").await;
    w.click("#recovery-noted").await;

    w.wait_for("#setup-form").await;
    w.fill("#setting-school_name", "École Saint-Joseph").await;
    w.fill("#setting-principal_name", "Mme Lapointe").await;
    w.fill("#setting-operator_name", "M. Gagnon").await;
    w.fill("#setting-return_email", "secretariat@stjoseph.example").await;
    w.eval(
        "const i = document.querySelector('#setting-form_deadline'); i.value = '2026-09-15'; \
         i.dispatchEvent(new Event('input', {bubbles: true})); i.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![],
    )
    .await;
    w.screenshot("03-parametres-initiaux").await;
    w.click("#setup-save").await;
    w.wait_for("a[data-nav=\"tableau-de-bord\"]").await;
    w.wait_ready().await;

    // The ACL gate: a plugin command the capability does not grant is refused.
    let refused = w
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             window.__TAURI__.core.invoke('plugin:opener|open_path', {path: '/etc/passwd'}) \
               .then(() => done('allowed'), (e) => done(String(e)));",
            vec![],
        )
        .await
        .unwrap();
    assert!(refused.as_str().unwrap_or("").contains("not allowed"), "opener must not be granted: {refused}");
    // The CSP gate: an injected inline script does not run.
    w.eval(
        "window.__injected = false; const s = document.createElement('script'); \
         s.textContent = 'window.__injected = true'; document.body.appendChild(s);",
        vec![],
    )
    .await;
    assert_eq!(w.eval("return window.__injected", vec![]).await, json!(false), "CSP must block inline scripts");
    w.close().await;
    assert!(!std::path::Path::new(&sheet_path).exists(), "the sheet with the code is gone once noted");

    // Restart: no question asked, settings still there.
    let w = Window::open(dir.path()).await;
    w.wait_for("a[data-nav=\"parametres\"]").await;
    assert!(!w.exists("#unlock-code").await && !w.exists("#welcome-create").await, "a restart asks nothing");
    w.click("a[data-nav=\"parametres\"]").await;
    w.wait_ready().await;
    assert_eq!(w.value("#setting-school_name").await, "École Saint-Joseph");
    assert_eq!(w.value("#setting-return_email").await, "secretariat@stjoseph.example");
    assert_eq!(w.value("#setting-form_deadline").await, "2026-09-15");

    // A new recovery key from Paramètres: only once the principal ticks the confirmation; shown
    // once with its sheet; the old sheet stops working (the binary's test proves the unlock).
    assert_eq!(w.eval("return document.querySelector('#recovery-renew').disabled", vec![]).await, json!(true));
    w.click("#recovery-renew-agree").await;
    w.click("#recovery-renew").await;
    w.wait_for("#recovery-renew-shown #recovery-key").await;
    let renewed = w.text("#recovery-key").await;
    assert_eq!(renewed.trim().split('-').count(), 7, "{renewed:?}");
    assert_ne!(renewed.trim(), key.trim(), "a new key");
    w.click("#recovery-print").await;
    w.wait_until("the new sheet's path", "return !document.querySelector('#recovery-print-result').hidden").await;
    let new_sheet = w.text("#recovery-print-result").await;
    assert!(new_sheet.contains("cle-recuperation-"), "{new_sheet}");
    w.screenshot("05-nouvelle-cle-de-recuperation").await;
    w.click("#recovery-noted").await;
    w.wait_until("the key forgotten", "return document.querySelector('#recovery-renew-shown').hidden").await;
    assert!(w.text("#recovery-renew-status").await.contains("L’ancienne ne déverrouille plus"));
    assert!(!w.exists("#recovery-key").await, "the key is no longer on the page");

    // A change in Paramètres is saved and shows in the Journal.
    w.fill("#setting-principal_name", "Mme Lapointe-Roy").await;
    w.click("#settings-save").await;
    w.wait_until("the saved notice", "return !document.querySelector('#settings-saved').hidden").await;
    w.click("a[data-nav=\"journal\"]").await;
    w.wait_ready().await;
    let journal = w.text("#audit-table").await;
    assert!(journal.contains("principal_name") && journal.contains("M. Gagnon"), "journal: {journal}");
    assert!(journal.contains("nouvelle clé de récupération"), "journal: {journal}");
    assert!(!journal.contains(renewed.trim()), "no key in the journal");

    for screen in SCREENS {
        w.click(&format!("a[data-nav=\"{screen}\"]")).await;
        w.wait_ready().await;
        assert!(!w.text("#screen-title").await.is_empty());
        w.screenshot(&format!("10-fr-{screen}")).await;
    }
    // On Linux (WebKitGTK) the text is in the desktop's generic font, which fontconfig finds at the
    // first lookup: a list of fonts looked up one by one cost 0.2 s at start-up (issue 18).
    let fonts = w
        .eval(
            "return [getComputedStyle(document.body).fontFamily, \
             getComputedStyle(document.querySelector('#screen-title')).fontFamily, \
             document.documentElement.hasAttribute('data-system-font')]",
            vec![],
        )
        .await;
    assert_eq!(fonts, json!(["sans-serif", "sans-serif", false]), "the interface's fonts on Linux");

    // English: the switch changes the interface and is remembered.
    w.click("#lang-en").await;
    w.click("a[data-nav=\"parametres\"]").await;
    w.wait_ready().await;
    assert_eq!(w.eval("return document.documentElement.lang", vec![]).await, json!("en"));
    let title = w.text("#screen-title").await;
    assert_eq!(title, "Settings", "English title of Paramètres");
    for screen in SCREENS {
        w.click(&format!("a[data-nav=\"{screen}\"]")).await;
        w.wait_ready().await;
        w.screenshot(&format!("20-en-{screen}")).await;
    }
    w.close().await;
    let w = Window::open(dir.path()).await;
    w.wait_for("a[data-nav=\"parametres\"]").await;
    w.wait_ready().await;
    assert_eq!(w.eval("return document.documentElement.lang", vec![]).await, json!("en"), "English is remembered");
    w.click("#lang-fr").await;
    w.close().await;
}

#[tokio::test]
async fn keychain_entry_gone_the_window_asks_for_the_recovery_key() {
    let dir = tempfile::tempdir().unwrap();
    let code = crate::cli::init(dir.path());
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("balise.recovery")).unwrap()).unwrap();
    let account = format!("cle-base-{}", file["store_id"].as_str().unwrap());
    let cleared = std::process::Command::new("secret-tool")
        .args(["clear", "service", "Balise", "username", &account])
        .status()
        .unwrap();
    assert!(cleared.success());

    let w = Window::open(dir.path()).await;
    w.wait_for("#unlock-code").await;
    // An earlier test may have left the interface in English on this computer.
    w.click("#lang-fr").await;
    let reason = w.text("#locked-reason").await;
    assert!(reason.contains("trousseau"), "the reason names the keychain: {reason}");
    w.fill("#unlock-code", "2222-2222-2222-2222-2222-2222-2222").await;
    w.click("#unlock-submit").await;
    w.wait_until("the error", "return !document.querySelector('#unlock-error').hidden").await;
    w.screenshot("04-deverrouillage-erreur").await;
    w.fill("#unlock-code", &code.to_lowercase().replace('-', " ")).await;
    w.click("#unlock-submit").await;
    // An empty school name sends the user to the setup form; either way the store is open.
    w.wait_until("the store to open", "return !!document.querySelector('#setup-form, a[data-nav]')").await;
    w.close().await;
    let again = std::process::Command::new("secret-tool")
        .args(["lookup", "service", "Balise", "username", &account])
        .output()
        .unwrap();
    assert!(again.status.success(), "the key is back in the keychain after recovery");
}
