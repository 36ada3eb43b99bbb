// Issue 15, items 12 and 13 in the real window: the organisation's logo chosen in Paramètres (its
// preview shown under the strict CSP), then seen on a printed Annexe A (`pdfimages -list` finds
// the image on every form); the teachers' reminder list printed from the dashboard and from the
// class; the logo removed again. Screenshots of each step, and the PDFs' first pages as PNG.

use std::path::{Path, PathBuf};

use base64::Engine;
use serde_json::json;

use crate::util::pdf_text;
use crate::util::webview::Window;

const SEPTEMBER: &str = "2025-09-04T10:00:00-04:00";

/// The path at the end of a « …: /path/file.pdf » message.
async fn saved_path(w: &Window, css: &str) -> PathBuf {
    w.wait_until("the PDF's path", &format!("return !document.querySelector('{css}').hidden")).await;
    let message = w.text(css).await;
    let path = PathBuf::from(message.split(": ").last().unwrap_or_default().trim());
    assert!(path.extension().is_some_and(|e| e == "pdf") && path.exists(), "{message}");
    path
}

/// Page 1 of `pdf` as `target/screenshots/<name>.png` (60 dpi), to look at.
fn pdf_page(pdf: &Path, name: &str) {
    let stem = crate::util::target_dir().join("screenshots").join(name);
    let status = std::process::Command::new("pdftoppm")
        .args(["-png", "-singlefile", "-r", "60", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg(&stem)
        .status()
        .expect("pdftoppm (poppler-utils)");
    assert!(status.success());
}

/// The pages (from 1) on which `pdfimages -list` finds an image.
fn pages_with_images(pdf: &Path) -> Vec<usize> {
    let out =
        std::process::Command::new("pdfimages").arg("-list").arg(pdf).output().expect("pdfimages (poppler-utils)");
    assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut pages: Vec<usize> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter(|line| line.split_whitespace().nth(2) == Some("image"))
        .map(|line| line.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    pages.dedup();
    pages
}

#[tokio::test]
async fn the_logo_chosen_in_parametres_is_printed_and_the_reminder_list_comes_from_the_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    crate::letterhead_cli::school(&data);
    let icon = std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("icons/128x128.png")).unwrap();

    let w = Window::open_at(&data, SEPTEMBER).await;
    w.wait_for("a[data-nav=\"parametres\"]").await;
    w.click("#lang-fr").await;
    w.go("#/parametres").await;
    w.wait_until("the logo section", "return document.querySelector('#settings-logo').dataset.logo === 'non'").await;
    assert!(w.text("#logo-info").await.contains("Aucun logo"));

    // A file that is not an image: refused in French, nothing changes.
    w.eval(
        "const input = document.querySelector('#logo-file');
         const transfer = new DataTransfer();
         transfer.items.add(new File(['GIF89a'], 'photo.gif', {type: 'image/gif'}));
         input.files = transfer.files;",
        vec![],
    )
    .await;
    w.click("#logo-save").await;
    w.wait_until("the refusal", "return document.querySelector('#logo-status').dataset.kind === 'error'").await;
    let refusal = w.text("#logo-status").await;
    assert!(refusal.contains("« photo.gif » ne peut pas servir de logo"), "{refusal}");
    w.eval("document.querySelector('#settings-logo').scrollIntoView({block: 'center'})", vec![]).await;
    w.screenshot("90-parametres-logo-refuse").await;

    // The icon as the logo: stored, then shown from a data: URL the CSP lets through.
    w.eval(
        "const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
         const input = document.querySelector('#logo-file');
         const transfer = new DataTransfer();
         transfer.items.add(new File([bytes], 'logo-css.png', {type: 'image/png'}));
         input.files = transfer.files;",
        vec![json!(base64::engine::general_purpose::STANDARD.encode(&icon))],
    )
    .await;
    w.click("#logo-save").await;
    w.wait_until("the preview", "return document.querySelector('#settings-logo').dataset.logo === 'oui'").await;
    w.wait_until(
        "the image decoded",
        "const img = document.querySelector('#logo-preview'); return img.complete && img.naturalWidth === 128;",
    )
    .await;
    let info = w.text("#logo-info").await;
    assert!(info.contains("logo-css.png — PNG, 128 × 128 pixels"), "{info}");
    assert!(w.text("#logo-status").await.contains("Logo enregistré"));
    w.eval("document.querySelector('#settings-logo').scrollIntoView({block: 'center'})", vec![]).await;
    w.screenshot("91-parametres-logo").await;

    // Printed on every form from Formulaires.
    w.go("#/formulaires/601").await;
    w.wait_for("#forms-list tr[data-student-id]").await;
    w.click("#forms-print").await;
    let forms = saved_path(&w, "#forms-result").await;
    assert_eq!(pages_with_images(&forms), [1, 2], "the logo on each form");
    assert!(pdf_text(&forms).contains("FORMULAIRE DE CONSENTEMENT"));
    pdf_page(&forms, "92-annexe-a-avec-logo");

    // The reminder list from the dashboard, beside the CSV and Excel exports.
    w.go("#/tableau-de-bord").await;
    w.wait_for("#dash-print-reminders").await;
    w.screenshot("93-tableau-de-bord-liste-de-rappel").await;
    w.click("#dash-print-reminders").await;
    let list = saved_path(&w, "#dash-export-result").await;
    let text = pdf_text(&list);
    for expected in [
        "Formulaires à récupérer — classe 601",
        "non revenu",
        "Aya N'Guessan",
        "date limite de retour : 12 septembre 2025",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    assert_eq!(pages_with_images(&list), [1], "the logo on the list too");
    pdf_page(&list, "94-liste-de-rappel");

    // And from the class.
    w.go("#/classes/601").await;
    w.click("#class-print-reminders").await;
    let class_list = saved_path(&w, "#class-print-status").await;
    assert!(pdf_text(&class_list).contains("Formulaires à récupérer — classe 601"));
    w.screenshot("95-classe-liste-de-rappel").await;

    // Removed: the preview goes, documents print without it.
    w.go("#/parametres").await;
    w.wait_until("the logo shown", "return document.querySelector('#settings-logo').dataset.logo === 'oui'").await;
    w.click("#logo-remove").await;
    w.wait_until("the logo removed", "return document.querySelector('#settings-logo').dataset.logo === 'non'").await;
    assert!(w.text("#logo-status").await.contains("Logo retiré"));
    w.eval("document.querySelector('#settings-logo').scrollIntoView({block: 'center'})", vec![]).await;
    w.screenshot("96-parametres-logo-retire").await;
    w.go("#/classes/601").await;
    w.click("#class-print-sheet").await;
    let without = saved_path(&w, "#class-print-status").await;
    assert!(pdf_text(&without).contains("Confidentiel"));
    assert!(pages_with_images(&without).is_empty(), "no logo once removed");
    w.close().await;
}
