//! The platform register (Directive art. 4, 5.1–5.4, 5.9): the catalogue of platforms, staff,
//! classes, each class's platform uses and their states, and infractions. `rules` holds the Directive's rules as pure functions; the other
//! modules read and write the store through `Db::write`.

pub mod class;
pub mod detail;
pub mod infraction;
pub mod platform;
pub mod platform_change;
pub mod platform_use;
pub mod rules;
pub mod staff;

#[cfg(test)]
mod tests;
