//! Balise's domain: the encrypted store and its keys, the audit log, settings, backups, the
//! platform register and the printed documents. No tauri here: the window and the command line
//! are two faces over this crate.

pub mod access;
pub mod attachment;
pub mod audit;
pub mod backup;
pub mod clock;
pub mod consent;
pub mod dashboard;
pub mod deletion;
pub mod error;
pub mod export;
pub mod forms;
pub mod input;
pub mod keychain;
pub mod logo;
pub mod migrate;
pub mod paths;
pub mod pdf;
pub mod projects;
pub mod recovery;
pub mod register;
pub mod report;
pub mod roster;
pub mod scan;
pub mod secret;
pub mod settings;
pub mod spaces;
pub mod store;
pub mod text;
pub mod vault;
pub mod year;
pub mod year_end;

pub use error::{Error, KeychainProblem, Result};

#[cfg(test)]
mod test_store;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tidy;
