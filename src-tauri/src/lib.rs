//! Balise's shell: the command line and the Tauri window, two thin faces over balise-core.

mod cli;
mod commands;
mod ipc;
mod save_as;
mod state;

use balise_core::clock::Clock;
use balise_core::keychain::OsKeychain;
use balise_core::paths::DataDir;
use tauri::Manager;

pub use cli::main_entry;
pub use state::App;

/// Builds the Tauri app around a ready `App` state; shared by the real window and the mock test.
pub fn builder<R: tauri::Runtime>(builder: tauri::Builder<R>, app: App) -> tauri::Builder<R> {
    builder.manage(app).manage(commands::scan::StackState::default()).invoke_handler(tauri::generate_handler![
        commands::app_status,
        commands::startup_mark,
        commands::init_store,
        commands::new_recovery_key,
        commands::print_recovery_sheet,
        commands::recovery_key_noted,
        commands::unlock_with_recovery,
        commands::settings_get,
        commands::settings_set,
        commands::logo_get,
        commands::logo_set,
        commands::logo_remove,
        commands::audit_list,
        commands::backup_create,
        commands::backup_list,
        commands::daily_backup,
        commands::verify_store,
        commands::register::register_dashboard,
        commands::register::platform_list,
        commands::register::platform_add,
        commands::register::platform_preview,
        commands::register::platform_set,
        commands::register::staff_list,
        commands::register::staff_add,
        commands::register::staff_set,
        commands::register::class_list,
        commands::register::class_add,
        commands::register::class_set,
        commands::register::class_show,
        commands::register::use_list,
        commands::register::use_add,
        commands::register::use_authorize,
        commands::register::use_validate_committee,
        commands::register::use_attach_doc,
        commands::register::use_validate_doc,
        commands::register::use_send_doc,
        commands::register::use_end,
        commands::register::use_set_staff,
        commands::register::infraction_list,
        commands::register::infraction_add,
        commands::register::infraction_resolve,
        commands::register::attachment_view,
        commands::register::attachment_save_as,
        commands::roster::roster_preview,
        commands::roster::roster_import,
        commands::roster::student_list,
        commands::roster::guardian_do_not_contact,
        commands::roster::guardian_language,
        commands::forms::forms_plan,
        commands::forms::forms_warnings,
        commands::forms::forms_print,
        commands::forms::class_sheet_print,
        commands::forms::form_show,
        commands::consent::return_lookup,
        commands::consent::return_search,
        commands::consent::return_save,
        commands::consent::consent_history,
        commands::consent::consent_matrix,
        commands::consent::consent_follow_up,
        commands::consent::consent_missing,
        commands::consent::consent_missing_export,
        commands::consent::consent_reminder_print,
        commands::deletion::deletion_print,
        commands::deletion::deletion_followup_print,
        commands::deletion::deletion_confirm,
        commands::deletion::deletion_correct,
        commands::year_end::year_end_overview,
        commands::year_end::year_close,
        commands::year_end::year_open,
        commands::year_end::purge_preview,
        commands::year_end::purge_run,
        commands::scan::scan_stack_add,
        commands::scan::scan_stack_read,
        commands::scan::scan_stack_confirm,
        commands::scan::scan_stack_clear,
        commands::report::report_print,
        commands::report::report_csv,
        commands::report::person_export,
        commands::report::guardian_export,
        commands::report::person_search,
        commands::report::person_correct,
        commands::access::request_list,
        commands::access::request_add,
        commands::access::request_answer,
        commands::access::request_extend,
        commands::projects::project_list,
        commands::projects::project_show,
        commands::projects::project_add,
        commands::projects::project_adult_add,
        commands::projects::project_print,
        commands::projects::project_return,
        commands::projects::project_form_history,
        commands::projects::project_form_locate,
        commands::spaces::space_list,
        commands::spaces::space_add,
        commands::spaces::space_step,
        commands::spaces::space_print,
        commands::spaces::space_conditions,
        commands::backup_verify,
        commands::backup_restore_preview,
        commands::backup_restore,
    ])
}

/// Opens the window on `data` (the per-user data folder unless `--data-dir` says otherwise).
pub fn run_window(data: DataDir) -> i32 {
    #[cfg(windows)]
    release_own_console();
    commands::moment(commands::Moment::Main);
    #[cfg(target_os = "linux")]
    plain_rendering();
    let open_viewer = std::env::var_os("BALISE_NO_VIEWER").is_none();
    // The store opens on a thread of its own meanwhile (`App::start`).
    let app = App::start(data, Clock::from_env(), Box::new(OsKeychain), open_viewer);
    let tauri_builder = tauri::Builder::default()
        // First, so a second launch only focuses the window that is already open.
        .plugin(tauri_plugin_single_instance::init(|handle, _args, _cwd| {
            if let Some(window) = handle.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .setup(|_| {
            commands::moment(commands::Moment::Setup);
            Ok(())
        });
    let result = builder(tauri_builder, app).run(tauri::generate_context!());
    match result {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("balise : la fenêtre n'a pas pu s'ouvrir : {error}");
            1
        }
    }
}

/// Balise's screens are plain documents (text, tables, forms): WebKitGTK's accelerated
/// compositing buys them nothing, and where there is no GPU it runs OpenGL in software. Measured
/// under Xvfb (issue 18's start-up bench): it cost 0.3 s before the first paint and 95 MB in
/// WebKit's web process. Turned off unless the variable is set (to "0", WebKit keeps compositing:
/// the end-to-end tests do, for WebKitWebDriver's screenshots). Called before
/// GTK, WebKit or any other thread starts, so nothing reads the environment while it changes.
#[cfg(target_os = "linux")]
fn plain_rendering() {
    const COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(COMPOSITING).is_none() {
        std::env::set_var(COMPOSITING, "1");
    }
}

/// Started from the Start menu or the Explorer, a console program gets a console window of its
/// own, which would stay open behind Balise's window: it is let go (it closes). Started from a
/// cmd.exe or PowerShell window, the console is shared with that shell and stays.
#[cfg(windows)]
fn release_own_console() {
    use windows_sys::Win32::System::Console::{FreeConsole, GetConsoleProcessList};
    let mut attached = [0u32; 2];
    // SAFETY: the pointer and the length describe `attached`, which outlives the call; both
    // functions only read or change this process's console attachment.
    unsafe {
        if GetConsoleProcessList(attached.as_mut_ptr(), attached.len() as u32) == 1 {
            FreeConsole();
        }
    }
}

#[cfg(test)]
mod tests;
