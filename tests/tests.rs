//! Balise's one integration-test binary: the real binary, the real keychain, the real webview.
//! Run through `scripts/test`, which provides a D-Bus session with gnome-keyring and an X display.

mod access_cli;
mod access_e2e;
mod cli;
mod consent_cli;
mod corruption;
mod crash;
mod deletion_cli;
mod e2e;
mod forms_cli;
mod forms_copies_cli;
mod forms_copies_e2e;
mod forms_e2e;
mod keychain;
mod letterhead_cli;
mod letterhead_e2e;
mod migration;
mod projects_cli;
mod projects_e2e;
mod register_cli;
mod register_e2e;
mod report_cli;
mod returns_e2e;
mod roster_cli;
mod roster_e2e;
mod scan_cli;
mod scan_e2e;
mod spaces_cli;
mod spaces_e2e;
mod util;
mod year_end_cli;
mod year_end_e2e;
