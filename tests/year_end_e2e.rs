// The June flow in the real window (issue #7), on fixed clocks: from 1 June the dashboard shows the
// deletions due; the Fin d'année screen prints every attestation (read back with pdftotext), records
// two written confirmations (one listing the student's document put in the file, 5.10, which the
// checklist then shows); after 30 June the one left shows overdue in red, and the year is closed
// with an explicit override, after which it is read-only. Screenshots of each step.

use std::path::{Path, PathBuf};

use crate::cli::json_at;
use crate::util::pdf_text;
use crate::util::webview::{Window, SAVE_AS_FOLDER};

const JUNE: &str = "2026-06-02T09:00:00-04:00";
const JULY: &str = "2026-07-03T09:00:00-04:00";

/// A school of 2025-2026 (601: Tremblay, 602: Gagnon) with three uses needing deletion:
/// 601 ClassDojo (parents) and Teams (students), 602 Classroom (students).
fn school(data: &Path) {
    json_at(JUNE, data, &["init"]);
    for (key, value) in [
        ("school_year", "2025-2026"),
        ("school_name", "École des Bleuets"),
        ("principal_name", "Mme Roy"),
        ("return_email", "secretariat@bleuets.exemple.ca"),
        ("form_deadline", "2025-09-12"),
    ] {
        json_at(JUNE, data, &["settings", "set", key, value]);
    }
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster/gpi_utf8_bom.csv");
    json_at(JUNE, data, &["import", "roster", fixture.to_str().unwrap()]);
    for (class, platform, audience) in
        [("601", "ClassDojo", "parents"), ("601", "Teams", "eleves"), ("602", "Classroom", "eleves")]
    {
        json_at(
            JUNE,
            data,
            &["use", "add", "--class", class, "--platform", platform, "--audience", audience, "--from", "2025-09-01"],
        );
    }
}

async fn count(w: &Window, key: &str) -> String {
    let script = format!("return document.querySelector('#yearend-count-{key}').dataset.count");
    w.eval(&script, vec![]).await.as_str().unwrap_or_default().to_string()
}

async fn row_state(w: &Window, class_code: &str, platform: &str) -> String {
    let script = format!(
        "return [...document.querySelectorAll('#yearend-staff tr[data-use-id]')]
            .filter(r => r.textContent.includes('{class_code}') && r.textContent.includes('{platform}'))
            .map(r => r.dataset.state).join(',')"
    );
    w.eval(&script, vec![]).await.as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn the_june_flow_prints_records_shows_overdue_and_closes_with_an_override() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);

    // 2 June: the deletions are due; the dashboard says so and links to Fin d'année.
    let w = Window::open_at(&data, JUNE).await;
    w.wait_for("a[data-nav=\"fin-annee\"]").await;
    w.click("#lang-fr").await;
    w.go("#/tableau-de-bord").await;
    let due = w.text("#dash-deletions").await;
    assert!(due.contains("3 sur 3") && due.contains("2026-06-30"), "three deletions due by 30 June: {due}");
    assert_eq!(
        w.eval("return document.querySelector('#dash-deletions').dataset.overdue", vec![]).await,
        "false",
        "nothing is overdue before 30 June"
    );
    w.screenshot("70-tableau-suppressions-dues").await;

    w.go("#/fin-annee").await;
    assert_eq!(count(&w, "a_faire").await, "3", "three uses to do before printing");
    let staff = w.text("#yearend-staff").await;
    assert!(staff.contains("Marie-Ève Tremblay") && staff.contains("Paul Gagnon"), "grouped by teacher: {staff}");
    w.screenshot("71-fin-annee-a-faire").await;

    // Print every attestation in one batch.
    w.click("#yearend-print-all").await;
    w.wait_until("the PDF's path", "return !document.querySelector('#yearend-result').hidden").await;
    let result = w.text("#yearend-result").await;
    let path = result.split(": ").last().unwrap_or_default().trim().to_string();
    assert!(path.ends_with(".pdf"), "the attestations were written: {result}");
    let text = pdf_text(Path::new(&path));
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert_eq!(pages.len(), 2, "one page per staff member: {text}");
    assert!(pages.iter().any(|p| p.contains("Tremblay") && p.contains("ClassDojo") && p.contains("Teams")), "{text}");
    assert!(pages.iter().any(|p| p.contains("Gagnon") && p.contains("Classroom")), "{text}");
    assert!(text.contains("dossier de l") && text.contains("2025-2026"), "the 5.10 line and the year: {text}");
    w.go("#/fin-annee").await;
    assert_eq!(count(&w, "attestation_imprimee").await, "3", "printing is recorded for every use");

    // Two written confirmations from Tremblay: ClassDojo on paper with a document kept in Ève-Marie
    // Côté's file (5.10: which student, which document), Teams by e-mail with nothing to keep.
    for (platform, how, dossier) in [("ClassDojo", "papier", "oui"), ("Teams", "courriel", "non")] {
        let tremblay = "#yearend-staff section.staff-deletions:first-of-type";
        w.click(&format!("{tremblay} button[data-action=confirm]")).await;
        w.wait_for("#yearend-confirm-form").await;
        // Only this platform's box stays ticked.
        let script = format!(
            "for (const box of document.querySelectorAll('#yearend-confirm-form input[name=use]')) {{
                 box.checked = box.closest('label').textContent.includes('{platform}');
             }}
             if (document.querySelector('#yearend-confirm-on').value !== '2026-06-02') return false;
             document.querySelector('#yearend-confirm-how').value = '{how}';
             const dossier = document.querySelector('#yearend-confirm-dossier');
             dossier.value = '{dossier}';
             dossier.dispatchEvent(new Event('change', {{bubbles: true}}));
             return true;"
        );
        assert_eq!(w.eval(&script, vec![]).await, true, "the date defaults to the store's today");
        if dossier == "oui" {
            // Art. 5.10: « oui » alone is refused; the line says which student, which document.
            assert!(!w.exists("#yearend-confirm-keep-editor[hidden]").await, "the list opens with « oui »");
            w.click("#yearend-confirm-save").await;
            w.wait_until("the list asked", "return !document.querySelector('#yearend-confirm-error').hidden").await;
            assert!(w.text("#yearend-confirm-error").await.contains("Art. 5.10"), "a « oui » needs its list");
            let filled = w
                .eval(
                    "const select = document.querySelector('#yearend-confirm-keep select[name=keep-student]');
                     const option = [...select.options].find((o) => o.textContent.includes('Côté'));
                     if (!option) return false;
                     select.value = option.value;
                     document.querySelector('#yearend-confirm-keep input[name=keep-document]').value = 'Portfolio d’écriture';
                     return true;",
                    vec![],
                )
                .await;
            assert_eq!(filled, true, "601's students are offered");
            w.screenshot("72a-fin-annee-confirmation-5-10").await;
        }
        w.eval("document.body.dataset.ready = '0'", vec![]).await;
        w.click("#yearend-confirm-save").await;
        w.wait_until(
            "the confirmation saved or refused",
            "const error = document.querySelector('#yearend-confirm-error');
             return document.body.dataset.ready === '1' || (error && !error.hidden)",
        )
        .await;
        assert!(!w.exists("#yearend-confirm-error:not([hidden])").await, "{}", w.text("#yearend-confirm-error").await);
        assert_eq!(row_state(&w, "601", platform).await, "confirmee", "{platform} confirmed");
    }
    assert_eq!(count(&w, "confirmee").await, "2");
    let confirmed = w.text("#yearend-staff").await;
    assert!(confirmed.contains("1 document(s) versé(s) au dossier de l’élève"), "the 5.10 answer shows: {confirmed}");
    // The checklist: which student, which document, from which platform, confirmed by whom.
    let checklist = w.text("#yearend-checklist").await;
    assert!(
        checklist.contains("Côté, Ève-Marie")
            && checklist.contains("Portfolio d’écriture")
            && checklist.contains("601 ClassDojo"),
        "the 5.10 checklist: {checklist}"
    );
    w.eval("document.querySelector('#yearend-checklist').scrollIntoView({block: 'center'})", vec![]).await;
    w.screenshot("72-fin-annee-deux-confirmations").await;
    // A correction starts from the lines recorded and may add one (Awa's reading notebook).
    w.eval(
        "[...document.querySelectorAll('#yearend-staff tr[data-use-id]')].find(r => r.textContent.includes('ClassDojo'))
            .querySelector('button[data-action=correct]').scrollIntoView({block: 'center'})",
        vec![],
    )
    .await;
    w.eval(
        "[...document.querySelectorAll('#yearend-staff tr[data-use-id]')].find(r => r.textContent.includes('ClassDojo'))
            .querySelector('button[data-action=correct]').click()",
        vec![],
    )
    .await;
    w.wait_for("#yearend-correct-form").await;
    let prefilled = w
        .eval(
            "const select = document.querySelector('#yearend-correct-keep select[name=keep-student]');
             return !document.querySelector('#yearend-correct-keep-editor').hidden
                 && select.options[select.selectedIndex].textContent.includes('Côté')
                 && document.querySelector('#yearend-correct-keep input[name=keep-document]').value;",
            vec![],
        )
        .await;
    assert_eq!(prefilled, "Portfolio d’écriture", "the correction starts from the recorded line");
    w.click("#yearend-correct-keep-add").await;
    let added = w
        .eval(
            "const lines = document.querySelectorAll('#yearend-correct-keep li');
             const last = lines[lines.length - 1];
             const select = last.querySelector('select');
             const option = [...select.options].find((o) => o.textContent.includes('Guessan'));
             if (!option) return false;
             select.value = option.value;
             last.querySelector('input').value = 'Carnet de lecture';
             return lines.length === 2;",
            vec![],
        )
        .await;
    assert_eq!(added, true, "a second line for Awa");
    w.fill("#yearend-correct-reason", "ligne oubliée").await;
    w.screenshot("72b-fin-annee-correction-5-10").await;
    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.click("#yearend-correct-save").await;
    w.wait_ready().await;
    let checklist = w.text("#yearend-checklist").await;
    assert!(
        checklist.contains("N'Guessan, Awa")
            && checklist.contains("Carnet de lecture")
            && checklist.contains("Côté, Ève-Marie"),
        "the corrected list: {checklist}"
    );
    // The printed follow-up ends with the same checklist.
    w.eval("document.querySelector('#yearend-print-followup').scrollIntoView({block: 'center'})", vec![]).await;
    w.click("#yearend-print-followup").await;
    w.wait_until("the follow-up's path", "return !document.querySelector('#yearend-result').hidden").await;
    let result = w.text("#yearend-result").await;
    let path = result.split(": ").last().unwrap_or_default().trim().to_string();
    let followup = pdf_text(Path::new(&path));
    assert!(
        followup.contains("art. 5.10") && followup.contains("Côté, Ève-Marie") && followup.contains("Portfolio"),
        "{followup}"
    );

    // An access request (seed 004, art. 4): a student's history exports everything held about them.
    w.go("#/classes/601").await;
    // The window keeps no clock of its own: its date fields start at the core's day (BALISE_NOW),
    // not the machine's (issue 13: the window asks the core for "today").
    assert_eq!(
        w.eval("const from = document.querySelector('#use-from'); return from ? from.value : 'absent'", vec![]).await,
        "2026-06-02",
        "a new use starts on the core's day"
    );
    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.click("button[data-action=\"history\"][data-student-id]").await;
    w.wait_ready().await;
    w.click("#student-access-export").await;
    w.wait_until("the access folder", "return !document.querySelector('#student-access-result').hidden").await;
    let saved = w.text("#student-access-result").await;
    let folder = std::fs::read_dir(data.join(SAVE_AS_FOLDER)).unwrap().map(|e| e.unwrap().path()).find(|p| p.is_dir());
    let folder = folder.unwrap_or_else(|| panic!("no access folder written: {saved}"));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("personne.json")).expect("personne.json")).unwrap();
    assert_eq!(json["kind"], "eleve", "{json}");
    assert!(pdf_text(&folder.join("personne.pdf")).contains("Côté"), "the readable PDF names the student");
    w.screenshot("75-classe-demande-acces").await;
    w.close().await;

    // 3 July: Gagnon's Classroom was never confirmed: overdue, in red, here and on the dashboard.
    let w = Window::open_at(&data, JULY).await;
    w.wait_for("a[data-nav=\"fin-annee\"]").await;
    w.go("#/tableau-de-bord").await;
    assert_eq!(
        w.eval("return document.querySelector('#dash-deletions').dataset.overdue", vec![]).await,
        "true",
        "after 30 June the unconfirmed use is overdue on the dashboard"
    );
    w.go("#/fin-annee").await;
    assert_eq!(row_state(&w, "602", "Classroom").await, "en_retard");
    assert_eq!(count(&w, "en_retard").await, "1");
    let red = w
        .eval(
            "const row = document.querySelector('#yearend-staff tr[data-state=en_retard]');
             return row.classList.contains('is-overdue') && getComputedStyle(row.querySelector('td')).color",
            vec![],
        )
        .await;
    assert_eq!(red, "rgb(134, 28, 34)", "the overdue row is in the danger colour");
    assert_eq!(w.eval("return document.querySelector('#yearend-deadline').dataset.overdue", vec![]).await, "true");
    w.screenshot("73-fin-annee-en-retard").await;

    // Closing: refused without the override; with it (and a reason), the year closes and is read-only.
    let missing = w.text("#yearend-close-missing").await;
    assert!(missing.contains("602") && missing.contains("Classroom"), "what is missing is listed: {missing}");
    w.click("#yearend-close-submit").await;
    w.wait_until("the override is asked", "return !document.querySelector('#yearend-close-result').hidden").await;
    w.click("#yearend-close-override").await;
    w.fill("#yearend-close-reason", "M. Gagnon en congé de maladie").await;
    w.eval("document.body.dataset.ready = '0'", vec![]).await;
    w.click("#yearend-close-submit").await;
    w.wait_ready().await;
    w.wait_for("#yearend-closed").await;
    let closed = w.text("#yearend-close").await;
    assert!(closed.contains("2026-07-03") && closed.contains("congé"), "closed today, the reason kept: {closed}");
    assert!(
        w.eval("return [...document.querySelectorAll('#yearend-staff button[data-action=confirm]')].every(b => b.disabled)", vec![])
            .await
            .as_bool()
            .unwrap_or(false),
        "a closed year takes no more confirmations"
    );
    w.screenshot("74-fin-annee-close").await;
    w.close().await;

    // The override is in the journal, without a name.
    let audit = json_at(JULY, &data, &["audit", "--limit", "5"]);
    let entries = audit.as_array().unwrap();
    let closing =
        entries.iter().find(|e| e["action"].as_str().unwrap_or_default().contains("annee")).expect("closing audited");
    let summary = closing["summary"].as_str().unwrap_or_default();
    assert!(!summary.contains("Gagnon"), "the journal holds no name: {summary}");
}
