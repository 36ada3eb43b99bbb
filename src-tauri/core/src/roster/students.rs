//! The roster read back: a year's students with their class and current guardians, in the order
//! of a class list (class, then last and first name in French order).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::collate::french_sort_key;
use super::language::Language;
use crate::error::{Error, Result};
use crate::register::class;
use crate::store::Db;
use crate::text::{date_from_sql, optional_date_from_sql};
use crate::year::SchoolYear;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudentView {
    pub id: i64,
    pub fiche: Option<String>,
    pub code_permanent: Option<String>,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: Option<NaiveDate>,
    /// The current class (the last one, for a departed student).
    pub class_code: String,
    #[serde(skip)]
    pub(crate) class_id: i64,
    pub level: String,
    pub status: StudentStatus,
    pub departed_on: Option<NaiveDate>,
    /// Current guardians, by rank.
    pub guardians: Vec<GuardianView>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StudentStatus {
    Active,
    Departed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuardianView {
    pub id: i64,
    pub rank: i64,
    pub last_name: String,
    pub first_name: String,
    pub email: String,
    pub relation: String,
    /// « Ne pas contacter »: set in Balise, never by an import.
    pub do_not_contact: bool,
    /// The language this guardian's Annexe A is printed in (issue 15, item 14).
    pub language: Language,
}

/// The active students of a year, or of one of its classes (code, case ignored), in class-list
/// order. Departed students are kept with their history: see `list_departed`.
pub fn list_students(db: &Db, year: SchoolYear, class_code: Option<&str>) -> Result<Vec<StudentView>> {
    let class_id = match class_code {
        Some(code) => Some(
            class::find_id(&db.conn, year, code.trim())?
                .ok_or_else(|| Error::ClassNotFound { year: year.to_string(), code: code.trim().to_string() })?,
        ),
        None => None,
    };
    let mut students: Vec<StudentView> = load_year(&db.conn, year)?
        .into_iter()
        .filter(|s| s.status == StudentStatus::Active && class_id.is_none_or(|id| s.class_id == id))
        .collect();
    sort(&mut students);
    Ok(students)
}

/// The year's departed students, in class-list order.
pub fn list_departed(db: &Db, year: SchoolYear) -> Result<Vec<StudentView>> {
    let mut students: Vec<StudentView> =
        load_year(&db.conn, year)?.into_iter().filter(|s| s.status == StudentStatus::Departed).collect();
    sort(&mut students);
    Ok(students)
}

/// Class code, then last name, then first name, each by `french_sort_key`, then as spelled.
pub(crate) fn sort(students: &mut [StudentView]) {
    students.sort_by_cached_key(|s| {
        (
            s.class_code.to_lowercase(),
            french_sort_key(&s.last_name),
            french_sort_key(&s.first_name),
            s.last_name.clone(),
            s.first_name.clone(),
            s.id,
        )
    });
}

/// Every student of the year, active or departed, with current guardians (two queries).
pub(crate) fn load_year(conn: &Connection, year: SchoolYear) -> Result<Vec<StudentView>> {
    let mut guardians = load_guardians(conn, year)?;
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.fiche, s.code_permanent, s.last_name, s.first_name, s.birth_date, c.code, s.class_id,
                s.level, s.status, s.departed_on
         FROM students s JOIN classes c ON c.id = s.class_id WHERE s.year = ?1",
    )?;
    let rows = stmt.query_map([year.to_string()], student_from_row)?;
    let mut students = rows.collect::<Result<Vec<_>, _>>()?;
    for student in &mut students {
        student.guardians = guardians.remove(&student.id).unwrap_or_default();
    }
    Ok(students)
}

/// One student, with current guardians (the returns screen's hot path: two small queries).
pub(crate) fn load_student(conn: &Connection, id: i64) -> Result<Option<StudentView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.fiche, s.code_permanent, s.last_name, s.first_name, s.birth_date, c.code, s.class_id,
                s.level, s.status, s.departed_on
         FROM students s JOIN classes c ON c.id = s.class_id WHERE s.id = ?1",
    )?;
    let Some(mut student) = stmt.query_row([id], student_from_row).optional()? else { return Ok(None) };
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.rank, g.last_name, g.first_name, g.email, g.relation, g.do_not_contact, g.language
         FROM guardians g WHERE g.student_id = ?1 AND g.ended_on IS NULL ORDER BY g.rank, g.id",
    )?;
    student.guardians = stmt
        .query_map([id], |r| {
            Ok(GuardianView {
                id: r.get(0)?,
                rank: r.get(1)?,
                last_name: r.get(2)?,
                first_name: r.get(3)?,
                email: r.get(4)?,
                relation: r.get(5)?,
                do_not_contact: r.get::<_, i64>(6)? == 1,
                language: Language::from_code(&r.get::<_, String>(7)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(student))
}

fn student_from_row(row: &Row) -> rusqlite::Result<StudentView> {
    let status: String = row.get(9)?;
    Ok(StudentView {
        id: row.get(0)?,
        fiche: row.get(1)?,
        code_permanent: row.get(2)?,
        last_name: row.get(3)?,
        first_name: row.get(4)?,
        birth_date: optional_date_from_sql(row.get(5)?)?,
        class_code: row.get(6)?,
        class_id: row.get(7)?,
        level: row.get(8)?,
        status: if status == "parti" { StudentStatus::Departed } else { StudentStatus::Active },
        departed_on: row.get::<_, Option<String>>(10)?.as_deref().map(date_from_sql).transpose()?,
        guardians: Vec::new(),
    })
}

fn load_guardians(conn: &Connection, year: SchoolYear) -> Result<HashMap<i64, Vec<GuardianView>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.student_id, g.id, g.rank, g.last_name, g.first_name, g.email, g.relation, g.do_not_contact,
                g.language
         FROM guardians g JOIN students s ON s.id = g.student_id
         WHERE s.year = ?1 AND g.ended_on IS NULL ORDER BY g.student_id, g.rank, g.id",
    )?;
    let rows = stmt.query_map(params![year.to_string()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            GuardianView {
                id: r.get(1)?,
                rank: r.get(2)?,
                last_name: r.get(3)?,
                first_name: r.get(4)?,
                email: r.get(5)?,
                relation: r.get(6)?,
                do_not_contact: r.get::<_, i64>(7)? == 1,
                language: Language::from_code(&r.get::<_, String>(8)?),
            },
        ))
    })?;
    let mut out: HashMap<i64, Vec<GuardianView>> = HashMap::new();
    for row in rows {
        let (student, guardian) = row?;
        out.entry(student).or_default().push(guardian);
    }
    Ok(out)
}

/// Marks a guardian « ne pas contacter » (or clears it): never printed on a form, never accepted
/// as a signer without an audited override. Set in Balise only; an import never changes it.
pub fn set_do_not_contact(db: &mut Db, guardian_id: i64, do_not_contact: bool) -> Result<GuardianView> {
    db.exclusive(|db| {
        let student_id = current_guardian_student(db, guardian_id)?;
        let summary = if do_not_contact { "marqué « ne pas contacter »" } else { "« ne pas contacter » retiré" };
        db.write("parent.ne_pas_contacter", &format!("parent n° {guardian_id}"), |tx| {
            tx.execute("UPDATE guardians SET do_not_contact = ?2 WHERE id = ?1", params![guardian_id, do_not_contact])?;
            Ok(((), summary.to_string()))
        })?;
        let student =
            load_student(&db.conn, student_id)?.ok_or_else(|| Error::StudentNotFound(student_id.to_string()))?;
        student.guardians.into_iter().find(|g| g.id == guardian_id).ok_or(Error::GuardianNotFound(guardian_id))
    })
}

/// Sets the language a guardian's Annexe A is printed in (audited). An import with a language
/// column sets it too, from a non-empty cell; set here, it holds until such a cell says otherwise.
pub fn set_language(db: &mut Db, guardian_id: i64, language: Language) -> Result<GuardianView> {
    db.exclusive(|db| {
        let student_id = current_guardian_student(db, guardian_id)?;
        let summary = format!("langue des formulaires : {}", language.label_fr());
        db.write("parent.langue", &format!("parent n° {guardian_id}"), |tx| {
            tx.execute("UPDATE guardians SET language = ?2 WHERE id = ?1", params![guardian_id, language.code()])?;
            Ok(((), summary))
        })?;
        let student =
            load_student(&db.conn, student_id)?.ok_or_else(|| Error::StudentNotFound(student_id.to_string()))?;
        student.guardians.into_iter().find(|g| g.id == guardian_id).ok_or(Error::GuardianNotFound(guardian_id))
    })
}

/// The student of a current guardian, once the guardian's year is checked open for writes.
fn current_guardian_student(db: &Db, guardian_id: i64) -> Result<i64> {
    let student_id: Option<i64> = db
        .conn
        .query_row("SELECT student_id FROM guardians WHERE id = ?1 AND ended_on IS NULL", [guardian_id], |r| r.get(0))
        .optional()?;
    let student_id = student_id.ok_or(Error::GuardianNotFound(guardian_id))?;
    let year: String = db.conn.query_row("SELECT year FROM students WHERE id = ?1", [student_id], |r| r.get(0))?;
    crate::year::ensure_open(&db.conn, crate::year::SchoolYear::parse(&year)?, crate::year::Write::YearData)?;
    Ok(student_id)
}

/// A rectification of a student's field (seed 004, art. 4), inside the caller's audited write:
/// `column` is one of the correctable columns, the value already checked.
pub(crate) fn correct_in(
    tx: &Connection,
    id: i64,
    column: &str,
    value: &Option<String>,
    name_key: &str,
    now: &str,
) -> Result<()> {
    let sql = format!("UPDATE students SET {column} = ?2, name_key = ?3, updated_at = ?4 WHERE id = ?1");
    tx.execute(&sql, rusqlite::params![id, value, name_key, now])?;
    Ok(())
}

/// A rectification of a guardian's field on each of their rows (one per child).
pub(crate) fn correct_guardians_in(tx: &Connection, ids: &[i64], column: &str, value: &str) -> Result<()> {
    let sql = format!("UPDATE guardians SET {column} = ?2 WHERE id = ?1");
    for id in ids {
        tx.execute(&sql, rusqlite::params![id, value])?;
    }
    Ok(())
}
