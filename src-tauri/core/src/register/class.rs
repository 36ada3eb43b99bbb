//! Classes (groupes): one school year, a code such as `601`, a level, one or more teachers; and
//! a class's sheet in the register (its uses and their states, 5.2 warnings, infractions).

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::staff::{self, Staff};
use crate::error::{Error, Result};
use crate::store::Db;
use crate::text::{self, invalid, Field};
use crate::year::SchoolYear;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Class {
    pub id: i64,
    pub year: SchoolYear,
    pub code: String,
    pub level: String,
    pub teachers: Vec<Staff>,
}

/// A new class, as typed in `class add`: teachers by name, each already on the staff list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ClassDraft {
    pub year: SchoolYear,
    pub code: String,
    #[serde(default)]
    pub level: String,
    pub teachers: Vec<String>,
}

/// `class set`: what to change in a class; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ClassChange {
    #[serde(default)]
    pub level: Option<String>,
    /// The whole new list of teachers, by name (each on the staff list).
    #[serde(default)]
    pub teachers: Option<Vec<String>>,
}

/// Adds a class to a school year (audited by code).
pub fn add(db: &mut Db, draft: &ClassDraft) -> Result<Class> {
    db.exclusive(|db| {
        let code = text::line(Field::ClassCode, &draft.code, 20, true)?;
        let level = text::line(Field::Level, &draft.level, 60, false)?;
        let teachers = teachers_named(db, &draft.teachers)?;
        crate::year::ensure_open(&db.conn, draft.year, crate::year::Write::YearData)?;
        let object = format!("classe {}/{code}", draft.year);
        db.write("classe.ajout", &object, |tx| {
            if let Some(existing) = find_id(tx, draft.year, &code)? {
                let existing_code: String =
                    tx.query_row("SELECT code FROM classes WHERE id = ?1", [existing], |r| r.get(0))?;
                return Err(Error::ClassExists { year: draft.year.to_string(), code: existing_code });
            }
            let id = insert_in(tx, draft.year, &code, &level)?;
            for teacher in &teachers {
                add_teacher_in(tx, id, teacher.id)?;
            }
            let numbers: Vec<String> = teachers.iter().map(|t| t.id.to_string()).collect();
            let summary = format!("classe ajoutée, personnel n° {}", numbers.join(", "));
            Ok((Class { id, year: draft.year, code, level, teachers }, summary))
        })
    })
}

/// Inserts a class inside the caller's audited write (an import creates the classes it names);
/// returns its id. The code and level are already checked.
pub(crate) fn insert_in(tx: &Connection, year: SchoolYear, code: &str, level: &str) -> Result<i64> {
    tx.execute("INSERT INTO classes (year, code, level) VALUES (?1, ?2, ?3)", params![year.to_string(), code, level])?;
    Ok(tx.last_insert_rowid())
}

/// Names a staff member as one of the class's teachers (once), inside the caller's write.
pub(crate) fn add_teacher_in(tx: &Connection, class_id: i64, staff_id: i64) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO class_teachers (class_id, staff_id) VALUES (?1, ?2)",
        params![class_id, staff_id],
    )?;
    Ok(())
}

/// Changes a class's level or teachers (audited by code; teachers by staff number).
pub fn set(db: &mut Db, year: SchoolYear, code: &str, change: &ClassChange) -> Result<Class> {
    db.exclusive(|db| {
        crate::year::ensure_open(&db.conn, year, crate::year::Write::YearData)?;
        let before = find(db, year, code)?;
        let level = match &change.level {
            Some(level) => text::line(Field::Level, level, 60, false)?,
            None => before.level.clone(),
        };
        let teachers = match &change.teachers {
            Some(names) => teachers_named(db, names)?,
            None => before.teachers.clone(),
        };
        let object = format!("classe {year}/{}", before.code);
        db.write("classe.modification", &object, |tx| {
            tx.execute("UPDATE classes SET level = ?1 WHERE id = ?2", params![level, before.id])?;
            tx.execute("DELETE FROM class_teachers WHERE class_id = ?1", [before.id])?;
            for teacher in &teachers {
                add_teacher_in(tx, before.id, teacher.id)?;
            }
            let numbers: Vec<String> = teachers.iter().map(|t| t.id.to_string()).collect();
            let summary = format!("niveau « {} » → « {level} », personnel n° {}", before.level, numbers.join(", "));
            Ok((Class { teachers, level, ..before.clone() }, summary))
        })
    })
}

/// The staff members named, each once; a class has at least one.
fn teachers_named(db: &Db, names: &[String]) -> Result<Vec<Staff>> {
    let mut teachers = Vec::new();
    for name in names {
        let teacher = staff::find(db, name)?;
        if !teachers.contains(&teacher) {
            teachers.push(teacher);
        }
    }
    if teachers.is_empty() {
        return Err(invalid(
            Field::Teachers,
            "une classe a au moins un·e enseignant·e (son nom figure sur le formulaire de consentement)",
            "a class has at least one teacher (named on the consent form)",
        ));
    }
    Ok(teachers)
}

/// The classes of a school year, by code.
pub fn list(db: &Db, year: SchoolYear) -> Result<Vec<Class>> {
    let ids: Vec<i64> = {
        let mut stmt = db.conn.prepare("SELECT id FROM classes WHERE year = ?1 ORDER BY code")?;
        let rows = stmt.query_map([year.to_string()], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    ids.into_iter().map(|id| by_id(&db.conn, id)).collect()
}

/// A class by year and code (case ignored).
pub fn find(db: &Db, year: SchoolYear, code: &str) -> Result<Class> {
    match find_id(&db.conn, year, code.trim())? {
        Some(id) => by_id(&db.conn, id),
        None => Err(Error::ClassNotFound { year: year.to_string(), code: code.trim().to_string() }),
    }
}

pub(crate) fn by_id(conn: &Connection, id: i64) -> Result<Class> {
    let (year, code, level): (String, String, String) =
        conn.query_row("SELECT year, code, level FROM classes WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let mut stmt = conn.prepare(
        "SELECT s.id, s.name, s.email FROM class_teachers t JOIN staff s ON s.id = t.staff_id
         WHERE t.class_id = ?1 ORDER BY s.name_key",
    )?;
    let teachers = stmt.query_map([id], staff::from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(Class { id, year: SchoolYear::parse(&year)?, code, level, teachers })
}

pub(crate) fn find_id(conn: &Connection, year: SchoolYear, code: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT id FROM classes WHERE year = ?1 AND code = ?2", params![year.to_string(), code], |r| {
            r.get(0)
        })
        .optional()?)
}
