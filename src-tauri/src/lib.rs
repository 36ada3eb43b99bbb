//! Balise's shell: the command line and the Tauri window, two thin faces over balise-core.

mod cli;
mod commands;
mod consent_commands;
mod forms_commands;
mod ipc;
mod register_commands;
mod roster_commands;
mod save_as;
mod state;
mod year_end_commands;

use balise_core::clock::Clock;
use balise_core::keychain::OsKeychain;
use balise_core::paths::DataDir;
use tauri::Manager;

pub use cli::main_entry;
pub use state::App;

/// Builds the Tauri app around a ready `App` state; shared by the real window and the mock test.
pub fn builder<R: tauri::Runtime>(builder: tauri::Builder<R>, app: App) -> tauri::Builder<R> {
    builder.manage(app).invoke_handler(tauri::generate_handler![
        commands::app_status,
        commands::init_store,
        commands::print_recovery_sheet,
        commands::recovery_key_noted,
        commands::unlock_with_recovery,
        commands::settings_get,
        commands::settings_set,
        commands::audit_list,
        commands::backup_create,
        commands::backup_list,
        commands::verify_store,
        register_commands::register_dashboard,
        register_commands::platform_list,
        register_commands::platform_add,
        register_commands::platform_preview,
        register_commands::platform_set,
        register_commands::staff_list,
        register_commands::staff_add,
        register_commands::staff_set,
        register_commands::class_list,
        register_commands::class_add,
        register_commands::class_set,
        register_commands::class_show,
        register_commands::use_list,
        register_commands::use_add,
        register_commands::use_authorize,
        register_commands::use_validate_committee,
        register_commands::use_attach_doc,
        register_commands::use_validate_doc,
        register_commands::use_send_doc,
        register_commands::use_end,
        register_commands::infraction_list,
        register_commands::infraction_add,
        register_commands::infraction_resolve,
        register_commands::attachment_view,
        register_commands::attachment_save_as,
        roster_commands::roster_preview,
        roster_commands::roster_import,
        roster_commands::student_list,
        forms_commands::forms_plan,
        forms_commands::forms_print,
        forms_commands::class_sheet_print,
        forms_commands::form_show,
        consent_commands::return_lookup,
        consent_commands::return_search,
        consent_commands::return_save,
        consent_commands::consent_history,
        consent_commands::consent_matrix,
        consent_commands::consent_follow_up,
        consent_commands::consent_missing,
        consent_commands::consent_missing_export,
        consent_commands::guardian_do_not_contact,
        year_end_commands::year_end_overview,
        year_end_commands::deletion_print,
        year_end_commands::deletion_followup_print,
        year_end_commands::deletion_confirm,
        year_end_commands::deletion_correct,
        year_end_commands::year_close,
        year_end_commands::year_open,
        year_end_commands::purge_preview,
        year_end_commands::purge_run,
        year_end_commands::report_print,
        year_end_commands::report_csv,
        year_end_commands::person_export,
    ])
}

/// Opens the window on `data` (the per-user data folder unless `--data-dir` says otherwise).
pub fn run_window(data: DataDir) -> i32 {
    let open_viewer = std::env::var_os("BALISE_NO_VIEWER").is_none();
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
        .plugin(tauri_plugin_dialog::init());
    let result = builder(tauri_builder, app).run(tauri::generate_context!());
    match result {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("balise : la fenêtre n'a pas pu s'ouvrir : {error}");
            1
        }
    }
}

#[cfg(test)]
mod tests;
