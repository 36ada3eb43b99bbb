//! The platform register (Directive art. 4, 5.1–5.4, 5.9): the catalogue of platforms, staff,
//! classes, each class's platform uses and their states, infractions, attachments, and the
//! principal's dashboard. `rules` holds the Directive's rules as pure functions; the other
//! modules read and write the store through `Db::write`.

pub mod attachment;
pub mod class;
pub mod dashboard;
pub mod infraction;
pub mod platform;
pub mod platform_change;
pub mod platform_use;
pub mod rules;
pub mod staff;
pub mod text;
pub mod year;

pub use year::SchoolYear;

#[cfg(test)]
mod rules_tests;
