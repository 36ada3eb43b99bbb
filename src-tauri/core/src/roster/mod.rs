//! Class lists in (issue #4): a file exported from the school's student information system
//! (Mozaïk-Portail / GPI as CSV or Excel, or OneRoster) becomes the students of a school year.
//!
//! The steps, each a plain function; the command line and the window read the file (a path, or
//! the bytes the window sent) and then call `prepare` (2 and 3) and `preview` or `apply`:
//! 1. `parse::read_path` / `parse::read_table` — bytes to a `Table` of text cells with their line
//!    numbers (encoding and separator detected, spreadsheets and OneRoster flattened);
//! 2. `columns::recognise` — which header holds which `Field`, with the user's overrides;
//! 3. `rows::rows` — each line checked into a `RosterRow`, or `Rejected` with a reason;
//! 4. `diff::preview` — what an import would add, change, leave alone or find absent;
//! 5. `import::apply` — the same diff written in one transaction with one audit entry.
//!
//! `students::list_students` reads the roster back, in `french_sort_key` order.

pub mod collate;
pub mod columns;
pub mod diff;
pub mod import;
pub mod language;
pub mod parse;
pub mod rows;
pub mod students;
mod table;

mod decode;
mod oneroster;
mod spreadsheet;
pub(crate) mod values;

pub use collate::french_sort_key;
pub use columns::{guess, parse_override, recognise, Field, GuardianPart, GuardianSlot, MappedColumn, Mapping};
pub use diff::ImportOptions;
pub use diff::{
    preview, Change, ChangeKind, ChangedStudent, Counts, NewClass, Preview, StudentLine, TeacherAssignment,
};
pub use import::{apply, ImportSummary};
pub use language::Language;
pub use parse::{read_path, read_table};
pub use rows::{rows, GuardianRow, Rejected, RosterRow};
pub use students::{
    list_departed, list_students, set_do_not_contact, set_language, GuardianView, StudentStatus, StudentView,
};
pub use table::{Encoding, Format, RawRow, Table};

#[cfg(test)]
mod tests;

/// A file's rows made ready for the store: its columns recognised and each row checked.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub mapping: Mapping,
    pub rows: Vec<RosterRow>,
    pub rejected: Vec<Rejected>,
}

/// **The** first half of an import, the same in both faces: which header holds which field (with
/// the person's `overrides`), then each row checked. A needed column not found is
/// `Error::RosterMissingColumn`; the window then offers `guess`'s partial mapping to choose from.
pub fn prepare(table: &Table, overrides: &[(Field, String)]) -> crate::Result<Prepared> {
    let mapping = recognise(&table.headers, overrides)?;
    let (rows, rejected) = rows(table, &mapping);
    Ok(Prepared { mapping, rows, rejected })
}

/// The largest file Balise reads as a class list (50 MiB, `input::Kind::ClassList`). A
/// 2,000-student export is well under 2 MB.
pub const MAX_FILE_BYTES: usize = crate::input::Kind::ClassList.max_bytes() as usize;

/// The most a zip (a workbook, a OneRoster export) may unpack to, all entries together: a zip
/// bomb is refused before it is inflated into memory.
pub(crate) const MAX_UNPACKED_BYTES: u64 = 4 * MAX_FILE_BYTES as u64;

/// A cell longer than this is kept cut at one character past it: no field Balise keeps is that
/// long, so the row is refused with a reason, and a 10 MB cell never travels further.
pub const MAX_CELL_CHARS: usize = 1_000;
