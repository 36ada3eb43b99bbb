//! The shell through Tauri's mock runtime: commands answer through real IPC with the app state,
//! an in-memory keychain and a temporary data folder.

use balise_core::clock::Clock;
use balise_core::keychain::MemoryKeychain;
use balise_core::paths::DataDir;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::Manager;

use crate::App;

fn invoke(
    webview: &tauri::WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // The origin Tauri serves the bundled ui/ from on Linux and macOS: a "local" URL for the ACL.
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<serde_json::Value>().unwrap())
}

type MockWindow = tauri::WebviewWindow<tauri::test::MockRuntime>;

/// The app on a fresh data folder, under the mock runtime, with the real context: its
/// capabilities are what grant (or refuse) each command.
fn mock_app(data: &std::path::Path) -> (tauri::App<tauri::test::MockRuntime>, MockWindow) {
    let state = App::start(DataDir::new(data), Clock::System, Box::new(MemoryKeychain::default()), false);
    let app = crate::builder(mock_builder(), state).build(tauri::generate_context!()).unwrap();
    let webview = match app.get_webview_window("main") {
        Some(window) => window,
        None => tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap(),
    };
    (app, webview)
}

#[test]
fn first_run_settings_and_journal_through_ipc() {
    let tmp = tempfile::tempdir().unwrap();
    let (_app, webview) = mock_app(tmp.path());

    let status = invoke(&webview, "app_status", serde_json::json!({})).unwrap();
    assert_eq!(status["state"], "needs_init");
    let today = status["today"].as_str().unwrap();
    assert!(chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").is_ok(), "the core's day: {today}");
    let not_open = invoke(&webview, "settings_get", serde_json::json!({})).unwrap_err();
    assert_eq!(not_open["code"], "not_open", "settings before the store exists must say so");

    let created = invoke(&webview, "init_store", serde_json::json!({})).unwrap();
    let code = created["recovery_key"].as_str().unwrap();
    assert_eq!(code.len(), 34, "7 groups of 4 with dashes: {code}");
    assert_eq!(invoke(&webview, "app_status", serde_json::json!({})).unwrap()["state"], "ready");

    let refused =
        invoke(&webview, "settings_set", serde_json::json!({"key": "return_email", "value": "pas une adresse"}))
            .unwrap_err();
    assert_eq!(refused["code"], "invalid_setting");
    assert!(refused["message"].as_str().unwrap().contains("courriel"), "{refused}");
    let saved =
        invoke(&webview, "settings_set", serde_json::json!({"key": "school_name", "value": "École des Bleuets"}))
            .unwrap();
    assert_eq!(saved["school_name"], "École des Bleuets");

    let journal = invoke(&webview, "audit_list", serde_json::json!({"limit": 10})).unwrap();
    assert_eq!(journal[0]["object"], "school_name", "newest entry first: {journal}");
    let sheet = invoke(&webview, "print_recovery_sheet", serde_json::json!({})).unwrap();
    let path = std::path::PathBuf::from(sheet["path"].as_str().unwrap());
    assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF"));
    invoke(&webview, "recovery_key_noted", serde_json::json!({})).unwrap();
    assert!(!path.exists(), "the sheet holding the code is removed once the code is noted");
    let gone = invoke(&webview, "print_recovery_sheet", serde_json::json!({})).unwrap_err();
    assert_eq!(gone["code"], "recovery_key_gone");
}

#[test]
fn the_days_backup_is_made_when_the_window_asks_and_once_a_day() {
    let tmp = tempfile::tempdir().unwrap();
    let (_app, webview) = mock_app(tmp.path());
    let not_open = invoke(&webview, "daily_backup", serde_json::json!({})).unwrap_err();
    assert_eq!(not_open["code"], "not_open");
    invoke(&webview, "init_store", serde_json::json!({})).unwrap();
    // Opening the store makes none: the window asks once its first screen is painted.
    assert_eq!(invoke(&webview, "backup_list", serde_json::json!({})).unwrap(), serde_json::json!([]));
    let made = invoke(&webview, "daily_backup", serde_json::json!({})).unwrap();
    let file = made["file"].as_str().unwrap();
    let listed = invoke(&webview, "backup_list", serde_json::json!({})).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["file"], file);
    assert_eq!(invoke(&webview, "daily_backup", serde_json::json!({})).unwrap(), serde_json::Value::Null, "once a day");
    assert_eq!(invoke(&webview, "backup_list", serde_json::json!({})).unwrap().as_array().unwrap().len(), 1);
}

#[test]
fn a_command_the_capability_does_not_grant_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (_app, webview) = mock_app(tmp.path());
    let refused = invoke(&webview, "plugin:opener|open_path", serde_json::json!({"path": "/etc/passwd"})).unwrap_err();
    assert!(refused.to_string().contains("not allowed"), "the webview has no opener permission: {refused}");
}

#[test]
fn clear_copies_left_for_the_viewer_are_removed_at_start() {
    // An attachment opened in the system viewer is a clear copy of personal information: it must
    // not outlive the session, even if Balise was closed while the viewer had it.
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    std::fs::create_dir_all(data.exports()).unwrap();
    let left = [data.exports().join("piece-3-document.pdf"), data.exports().join("cle-recuperation-2026-11-24.pdf")];
    let chosen_by_the_user = data.exports().join("rapport.pdf");
    for file in left.iter().chain([&chosen_by_the_user]) {
        std::fs::write(file, b"%PDF").unwrap();
    }
    let _state = App::start(data, Clock::System, Box::new(MemoryKeychain::default()), false);
    assert!(left.iter().all(|f| !f.exists()), "viewer copies must be gone");
    assert!(chosen_by_the_user.exists(), "other files in exports/ are left alone");
}

/// The two faces mirror each other: one file per domain in `cli/` and in `commands/`, with the
/// same names, and neither face imports the other (a step of their own would creep in there).
#[test]
fn the_window_and_the_command_line_mirror_each_other_and_never_import_each_other() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/src");
    // A domain is a file `x.rs` or, once it has grown, a folder `x/`.
    let domains = |folder: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(src.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter_map(|p| match p.extension() {
                Some(ext) if ext == "rs" => p.file_stem().map(|s| s.to_string_lossy().into_owned()),
                None if p.is_dir() => p.file_name().map(|s| s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        names.sort();
        names
    };
    assert_eq!(domains("cli"), domains("commands"), "cli/ and commands/ hold the same domains");
    for (folder, other) in [("cli", "crate::commands"), ("commands", "crate::cli")] {
        let mut files = Vec::new();
        let mut pending = vec![src.join(folder)];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        assert!(files.len() >= 8, "{folder}/ was read");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(!text.contains(other), "{} names {other}: the faces must not import each other", file.display());
        }
    }
}
