//! Schema migrations: append-only numbered SQL files embedded at build time, applied in one
//! transaction, the version kept in `PRAGMA user_version`. A shipped migration is never edited.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// In order; the schema version is the number of migrations applied.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_foundation", include_str!("../migrations/0001_foundation.sql")),
    ("0002_register", include_str!("../migrations/0002_register.sql")),
    ("0003_roster", include_str!("../migrations/0003_roster.sql")),
    ("0004_forms", include_str!("../migrations/0004_forms.sql")),
    ("0005_returns", include_str!("../migrations/0005_returns.sql")),
    ("0006_deletion", include_str!("../migrations/0006_deletion.sql")),
    ("0007_year_end", include_str!("../migrations/0007_year_end.sql")),
    ("0008_form_numbering", include_str!("../migrations/0008_form_numbering.sql")),
    ("0009_access_requests", include_str!("../migrations/0009_access_requests.sql")),
    ("0010_directive_strict", include_str!("../migrations/0010_directive_strict.sql")),
    ("0011_guardian_language", include_str!("../migrations/0011_guardian_language.sql")),
    ("0012_form_templates", include_str!("../migrations/0012_form_templates.sql")),
];

pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Brings the schema up to date; refuses a database made by a newer Balise without touching it.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = latest_version();
    if current > known {
        return Err(Error::NewerSchema { found: current, known });
    }
    if current == known {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for (_, sql) in &MIGRATIONS[current as usize..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", known)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_migrations_is_listed_in_order() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().trim_end_matches(".sql").to_string())
            .collect();
        files.sort();
        let listed: Vec<String> = MIGRATIONS.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(files, listed, "a migration file is missing from MIGRATIONS or out of order");
        for (i, name) in listed.iter().enumerate() {
            assert!(name.starts_with(&format!("{:04}_", i + 1)), "{name} is not numbered {}", i + 1);
        }
    }
}
