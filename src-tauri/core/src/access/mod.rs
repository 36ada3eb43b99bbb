//! Access and rectification (seed 004, art. 4): everything Balise holds about one student or
//! guardian, exported as JSON and a readable PDF, and the correction of a field; both audited.
//!
//! The journal names the person by id only (« élève n° 12 », « parent n° 7 ») and never holds a
//! value: a rectification says which field of which id was corrected and the reason's category,
//! not the old or new value. Balise keeps no copy of the old value (decision for issue #7: no
//! migration number was reserved for a correction table, and the old value of a wrong name is
//! itself personal information to let go; the person's request, kept by the school, holds it).

mod pdf;
pub mod requests;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::attachment;
use crate::audit::AuditEntry;
use crate::consent::lookup::{self, FormHistory};
use crate::error::{Error, Result};
use crate::paths;
use crate::roster::students::load_student;
use crate::roster::values;
use crate::roster::StudentView;
use crate::store::Db;
use crate::text::fold;
use crate::year::SchoolYear;

/// Everything Balise holds about one student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudentExport {
    /// When the export was made (RFC 3339).
    pub exported_at: String,
    pub year: SchoolYear,
    pub student: StudentView,
    pub memberships: Vec<Membership>,
    /// Every guardian ever named for the student, current or ended.
    pub guardians: Vec<GuardianRecord>,
    /// Every form with its number, platform, state in force and history.
    pub forms: Vec<FormHistory>,
    /// The forms of the projects the student took part in (issue 17), whole.
    pub project_forms: Vec<crate::consent::project_forms::ProjectFormRecord>,
    /// Documents kept in the student's file at the end of the year (Directive 5.10), as the
    /// staff member's confirmation listed them.
    pub kept_documents: Vec<KeptDocument>,
    /// The same person in the store's other school years (`same_student`), oldest first: the
    /// export covers every year Balise holds, not only the one asked for.
    pub other_years: Vec<YearRecord>,
    /// The journal's entries about the student, the guardians and the forms, in every year (they
    /// name objects by id or number).
    pub audit: Vec<AuditEntry>,
}

/// What Balise holds about the student in one other school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearRecord {
    pub year: SchoolYear,
    pub student: StudentView,
    pub memberships: Vec<Membership>,
    pub guardians: Vec<GuardianRecord>,
    pub forms: Vec<FormHistory>,
    pub kept_documents: Vec<KeptDocument>,
}

/// A document a 5.10 confirmation says was kept in the student's file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeptDocument {
    pub document: String,
    /// The day of the confirmation that lists it.
    pub confirmed_on: String,
    /// The platforms the confirmation covered (one line kept for several of the student's uses).
    pub platform: String,
}

/// The 5.10 lines naming a student, oldest first.
fn kept_documents(conn: &rusqlite::Connection, student_id: i64) -> Result<Vec<KeptDocument>> {
    let mut stmt = conn.prepare_cached(
        "SELECT k.document, e.on_date, group_concat(DISTINCT p.name) FROM deletion_keeps k
         JOIN deletion_events e ON e.id = k.event_id
         JOIN platform_uses u ON u.id = e.use_id
         JOIN platforms p ON p.id = u.platform_id
         WHERE k.student_id = ?1 GROUP BY k.document, e.on_date ORDER BY e.on_date, min(k.id)",
    )?;
    let rows = stmt
        .query_map([student_id], |r| {
            Ok(KeptDocument { document: r.get(0)?, confirmed_on: r.get(1)?, platform: r.get(2)? })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A class the student was in, from when until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    pub class_code: String,
    pub from_on: NaiveDate,
    pub until_on: Option<NaiveDate>,
}

/// One guardian row: a guardian is kept per student (up to two per student).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuardianRecord {
    pub id: i64,
    pub student_id: i64,
    pub rank: i64,
    pub last_name: String,
    pub first_name: String,
    pub email: String,
    pub relation: String,
    pub do_not_contact: bool,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
}

/// Everything Balise holds about one guardian: their rows (one per child) and, for each child,
/// the student's identity and the forms about that child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuardianExport {
    pub exported_at: String,
    pub guardian: Vec<GuardianRecord>,
    pub students: Vec<ChildRecord>,
    pub audit: Vec<AuditEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChildRecord {
    pub year: SchoolYear,
    pub student: StudentView,
    pub forms: Vec<FormHistory>,
}

/// Either export, as written to a folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PersonExport {
    Eleve(Box<StudentExport>),
    Parent(GuardianExport),
}

/// What `write_export` left in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Written {
    pub folder: PathBuf,
    pub json: PathBuf,
    pub pdf: PathBuf,
    pub scans: Vec<PathBuf>,
}

/// Everything about one student (by id), in every school year the store holds about the
/// person; the access is audited (seed 004, art. 4).
pub fn export_student(db: &mut Db, student_id: i64) -> Result<StudentExport> {
    let export = student_export(db, student_id)?;
    let forms = export.forms.len() + export.other_years.iter().map(|y| y.forms.len()).sum::<usize>();
    let years = 1 + export.other_years.len();
    db.write("personne.acces", &format!("élève n° {student_id}"), |_| {
        Ok(((), format!("accès : renseignements de l'élève exportés ({forms} formulaire(s), {years} année(s))")))
    })?;
    Ok(export)
}

/// Everything about one guardian (by the id of one of their rows: the person's other rows, for
/// their other children, come too); the access is audited.
pub fn export_guardian(db: &mut Db, guardian_id: i64) -> Result<GuardianExport> {
    let export = guardian_export(db, guardian_id)?;
    db.write("personne.acces", &format!("parent n° {guardian_id}"), |_| {
        Ok(((), format!("accès : renseignements du parent exportés ({} élève(s))", export.students.len())))
    })?;
    Ok(export)
}

fn student_export(db: &Db, student_id: i64) -> Result<StudentExport> {
    let student = load_student(&db.conn, student_id)?.ok_or_else(|| Error::StudentNotFound(student_id.to_string()))?;
    let year = year_of(&db.conn, student_id)?;
    let forms = forms_of(db, year, student_id)?;
    let guardians = guardian_rows(&db.conn, "student_id = ?1", student_id)?;
    let mut objects = vec![format!("élève n° {student_id}")];
    objects.extend(guardians.iter().map(|g| format!("parent n° {}", g.id)));
    objects.extend(forms.iter().map(|f| format!("formulaire {}", f.number)));
    let project_forms = crate::consent::project_forms::records_of_student(db, student_id)?;
    objects.extend(project_forms.iter().map(|f| format!("formulaire {}", f.number)));
    let mut other_years = Vec::new();
    for other in same_student(&db.conn, student_id)? {
        let Some(row) = load_student(&db.conn, other)? else { continue };
        let year = year_of(&db.conn, other)?;
        let record = YearRecord {
            year,
            memberships: memberships(&db.conn, other)?,
            guardians: guardian_rows(&db.conn, "student_id = ?1", other)?,
            forms: forms_of(db, year, other)?,
            kept_documents: kept_documents(&db.conn, other)?,
            student: row,
        };
        objects.push(format!("élève n° {other}"));
        objects.extend(record.guardians.iter().map(|g| format!("parent n° {}", g.id)));
        objects.extend(record.forms.iter().map(|f| format!("formulaire {}", f.number)));
        other_years.push(record);
    }
    other_years.sort_by_key(|r| (r.year, r.student.id));
    Ok(StudentExport {
        exported_at: db.clock().now_rfc3339(),
        year,
        memberships: memberships(&db.conn, student_id)?,
        kept_documents: kept_documents(&db.conn, student_id)?,
        audit: audit_about(&db.conn, &objects)?,
        student,
        project_forms,
        guardians,
        forms,
        other_years,
    })
}

/// What identifies a student row across school years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Identity {
    pub fiche: Option<String>,
    pub code_permanent: Option<String>,
    pub name_key: String,
    pub birth_date: Option<String>,
}

/// Whether two student rows (of different school years) are the same person — the rule of the
/// access export, stricter than the import's within a year, because a wrong match would hand one
/// family another child's file: no identifier may contradict (a fiche, a code permanent or a
/// birth date both rows have and that differ), and one must agree: the same code permanent, or
/// the same fiche, or the same name (accents, case and hyphens ignored) *and* the same birth
/// date. A name alone never joins two rows.
pub(crate) fn same_person(a: &Identity, b: &Identity) -> bool {
    fn both<'a>(x: &'a Option<String>, y: &'a Option<String>) -> Option<(&'a str, &'a str)> {
        Some((x.as_deref()?, y.as_deref()?))
    }
    let contradicts = [(&a.fiche, &b.fiche), (&a.code_permanent, &b.code_permanent), (&a.birth_date, &b.birth_date)]
        .into_iter()
        .any(|(x, y)| both(x, y).is_some_and(|(x, y)| x != y));
    if contradicts {
        return false;
    }
    let agrees = |x, y| both(x, y).is_some_and(|(x, y)| x == y);
    agrees(&a.code_permanent, &b.code_permanent)
        || agrees(&a.fiche, &b.fiche)
        || (a.name_key == b.name_key && agrees(&a.birth_date, &b.birth_date))
}

/// The student's rows in the store's other school years (`same_person`), by id.
fn same_student(conn: &Connection, student_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare("SELECT id, year, fiche, code_permanent, name_key, birth_date FROM students")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                Identity { fiche: r.get(2)?, code_permanent: r.get(3)?, name_key: r.get(4)?, birth_date: r.get(5)? },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let Some((_, year, me)) = rows.iter().find(|(id, _, _)| *id == student_id) else {
        return Err(Error::StudentNotFound(student_id.to_string()));
    };
    Ok(rows
        .iter()
        .filter(|(id, y, other)| *id != student_id && y != year && same_person(me, other))
        .map(|(id, _, _)| *id)
        .collect())
}

fn guardian_export(db: &Db, guardian_id: i64) -> Result<GuardianExport> {
    let rows = same_guardian(&db.conn, guardian_id)?;
    let mut students = Vec::new();
    let mut objects: Vec<String> = rows.iter().map(|g| format!("parent n° {}", g.id)).collect();
    for row in &rows {
        let Some(student) = load_student(&db.conn, row.student_id)? else { continue };
        let year = year_of(&db.conn, student.id)?;
        let forms = forms_of(db, year, student.id)?;
        objects.extend(forms.iter().map(|f| format!("formulaire {}", f.number)));
        students.push(ChildRecord { year, student, forms });
    }
    Ok(GuardianExport {
        exported_at: db.clock().now_rfc3339(),
        audit: audit_about(&db.conn, &objects)?,
        guardian: rows,
        students,
    })
}

fn year_of(conn: &Connection, student_id: i64) -> Result<SchoolYear> {
    let year: String = conn.query_row("SELECT year FROM students WHERE id = ?1", [student_id], |r| r.get(0))?;
    SchoolYear::parse(&year)
}

/// The student's forms with their histories, through the returns' own history (one derive).
fn forms_of(db: &Db, year: SchoolYear, student_id: i64) -> Result<Vec<FormHistory>> {
    lookup::forms_history(db, year, student_id)
}

fn memberships(conn: &Connection, student_id: i64) -> Result<Vec<Membership>> {
    let mut stmt = conn.prepare(
        "SELECT c.code, m.from_on, m.until_on FROM class_memberships m JOIN classes c ON c.id = m.class_id
         WHERE m.student_id = ?1 ORDER BY m.from_on, m.id",
    )?;
    let rows = stmt
        .query_map([student_id], |r| {
            Ok(Membership {
                class_code: r.get(0)?,
                from_on: crate::text::date_from_sql(&r.get::<_, String>(1)?)?,
                until_on: r.get::<_, Option<String>>(2)?.as_deref().map(crate::text::date_from_sql).transpose()?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn guardian_rows(conn: &Connection, condition: &str, value: i64) -> Result<Vec<GuardianRecord>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id, student_id, rank, last_name, first_name, email, relation, do_not_contact, started_on, ended_on
         FROM guardians WHERE {condition} ORDER BY rank, id"
    ))?;
    let rows = stmt
        .query_map([value], |r| {
            Ok(GuardianRecord {
                id: r.get(0)?,
                student_id: r.get(1)?,
                rank: r.get(2)?,
                last_name: r.get(3)?,
                first_name: r.get(4)?,
                email: r.get(5)?,
                relation: r.get(6)?,
                do_not_contact: r.get::<_, i64>(7)? == 1,
                started_on: crate::text::date_from_sql(&r.get::<_, String>(8)?)?,
                ended_on: r.get::<_, Option<String>>(9)?.as_deref().map(crate::text::date_from_sql).transpose()?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The key a guardian person is recognised by across their children's rows: name (accents and
/// case ignored) and e-mail.
fn person_key(g: &GuardianRecord) -> String {
    format!("{}|{}|{}", fold(&g.first_name), fold(&g.last_name), g.email.trim().to_lowercase())
}

/// Every guardian row of the person `guardian_id` names: same name and e-mail, any student, any
/// school year.
fn same_guardian(conn: &Connection, guardian_id: i64) -> Result<Vec<GuardianRecord>> {
    let first = guardian_rows(conn, "id = ?1", guardian_id)?.pop().ok_or(Error::GuardianNotFound(guardian_id))?;
    let key = person_key(&first);
    let mut rows = guardian_rows(conn, "id > ?1", 0)?;
    rows.retain(|row| person_key(row) == key);
    Ok(rows)
}

fn audit_about(conn: &Connection, objects: &[String]) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn
        .prepare_cached(&format!("SELECT {} FROM audit WHERE object = ?1 ORDER BY id", crate::audit::ENTRY_COLUMNS))?;
    let mut entries = Vec::new();
    for object in objects {
        let rows = stmt.query_map([object], crate::audit::entry_from_row)?;
        entries.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
    }
    entries.sort_by_key(|e| e.id);
    entries.dedup_by_key(|e| e.id);
    Ok(entries)
}

/// A person on file found by `search`: a student row (one per school year) or a guardian (one
/// per person, named by their row of the newest year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonHit {
    #[serde(flatten)]
    pub subject: requests::Subject,
    pub name: String,
    pub year: SchoolYear,
    /// The class (a student), or the children (a guardian).
    pub detail: String,
}

/// Students and guardians whose name (accents and case ignored), fiche or e-mail holds `query`,
/// in every school year the store holds; at most 40, newest year first. Fewer than two
/// characters find nothing.
pub fn search(db: &Db, query: &str) -> Result<Vec<PersonHit>> {
    const MAX: usize = 40;
    let wanted = fold(&query.replace(',', " "));
    if wanted.chars().count() < 2 {
        return Ok(Vec::new());
    }
    let holds = |parts: &[&str]| {
        let (a, b) = (fold(&format!("{} {}", parts[0], parts[1])), fold(&format!("{} {}", parts[1], parts[0])));
        a.contains(&wanted) || b.contains(&wanted)
    };
    let mut hits = Vec::new();
    let mut stmt = db.conn.prepare(
        "SELECT s.id, s.first_name, s.last_name, s.year, coalesce(s.fiche, ''), c.code
         FROM students s JOIN classes c ON c.id = s.class_id ORDER BY s.year DESC, s.name_key, s.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    for row in rows {
        let (id, first, last, year, fiche, class) = row?;
        if holds(&[&first, &last]) || (!fiche.is_empty() && fiche == query.trim()) {
            hits.push(PersonHit {
                subject: requests::Subject::Eleve(id),
                name: format!("{last}, {first}"),
                year: SchoolYear::parse(&year)?,
                detail: format!("classe {class}"),
            });
        }
    }
    let mut stmt = db.conn.prepare(
        "SELECT g.id, s.year, s.first_name, s.last_name FROM guardians g JOIN students s ON s.id = g.student_id
         ORDER BY s.year DESC, g.id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut people: Vec<(String, usize)> = Vec::new();
    for (id, year, child_first, child_last) in rows {
        let Some(g) = guardian_rows(&db.conn, "id = ?1", id)?.pop() else { continue };
        if !(holds(&[&g.first_name, &g.last_name]) || (!g.email.is_empty() && fold(&g.email).contains(&wanted))) {
            continue;
        }
        let child = format!("{child_first} {child_last}");
        match people.iter().find(|(key, _)| *key == person_key(&g)) {
            Some((_, at)) => {
                let hit: &mut PersonHit = &mut hits[*at];
                if !hit.detail.contains(&child) {
                    hit.detail.push_str(&format!(", {child}"));
                }
            }
            None => {
                people.push((person_key(&g), hits.len()));
                let name = format!("{} {}", g.first_name, g.last_name).trim().to_string();
                hits.push(PersonHit {
                    subject: requests::Subject::Parent(id),
                    name: if name.is_empty() { g.email.clone() } else { name },
                    year: SchoolYear::parse(&year)?,
                    detail: format!("parent de {child}"),
                });
            }
        }
    }
    hits.truncate(MAX);
    Ok(hits)
}

/// A student named as the command line names one: fiche, code permanent, « Nom, Prénom », or
/// id, in the school year `year`.
pub fn find_student(db: &Db, year: SchoolYear, who: &str) -> Result<i64> {
    let everyone = crate::roster::students::load_year(&db.conn, year)?;
    crate::consent::batch::find_student(&everyone, who)
        .or_else(|| who.trim().parse::<i64>().ok().and_then(|id| everyone.iter().find(|s| s.id == id)))
        .map(|s| s.id)
        .ok_or_else(|| Error::StudentNotFound(who.trim().into()))
}

/// A guardian named by number, e-mail, « Prénom Nom » or « Nom, Prénom », among the guardians
/// of `year`'s students. A name two different people share is refused with their numbers, to be
/// told apart by e-mail or number; one person with several children is one person.
pub fn find_guardian(db: &Db, year: SchoolYear, who: &str) -> Result<i64> {
    let typed = who.trim();
    let mut stmt = db.conn.prepare(
        "SELECT g.id FROM guardians g JOIN students s ON s.id = g.student_id WHERE s.year = ?1 ORDER BY g.id",
    )?;
    let ids = stmt.query_map([year.to_string()], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut rows = Vec::new();
    for id in ids {
        rows.extend(guardian_rows(&db.conn, "id = ?1", id)?);
    }
    if let Ok(id) = typed.parse::<i64>() {
        return rows.iter().find(|g| g.id == id).map(|g| g.id).ok_or(Error::GuardianNotFound(id));
    }
    let key = fold(&typed.replace(',', " "));
    let comma = typed.split_once(',').map(|(last, first)| (fold(last), fold(first)));
    let matches: Vec<&GuardianRecord> = rows
        .iter()
        .filter(|g| {
            let (first, last) = (fold(&g.first_name), fold(&g.last_name));
            (!g.email.is_empty() && fold(&g.email) == fold(typed))
                || key == format!("{first} {last}")
                || comma.as_ref().is_some_and(|(l, f)| *l == last && *f == first)
        })
        .collect();
    let mut people: Vec<(String, i64)> = Vec::new();
    for g in &matches {
        if !people.iter().any(|(k, _)| *k == person_key(g)) {
            people.push((person_key(g), g.id));
        }
    }
    match people.as_slice() {
        [] => Err(Error::GuardianNameNotFound(typed.into())),
        [(_, id)] => Ok(*id),
        several => Err(Error::GuardianAmbiguous {
            name: typed.into(),
            choices: several.iter().map(|(_, id)| format!("n° {id}")).collect::<Vec<_>>().join(", "),
        }),
    }
}

/// Writes an export into `folder`: `personne.json`, `personne.pdf` and the scans in
/// `numérisations/`, named by form number (never by their original name, which is data).
/// The folder is created private (0700, files 0600); an existing folder that is not empty is
/// refused. Audited; on failure what was written is removed.
pub fn write_export(db: &mut Db, export: &PersonExport, folder: &Path) -> Result<Written> {
    if folder.exists() {
        let empty = std::fs::read_dir(folder).map_err(|e| Error::io(folder, e))?.next().is_none();
        if !empty || !folder.is_dir() {
            return Err(Error::ExportFolderNotEmpty(folder.to_path_buf()));
        }
    }
    let created = !folder.exists();
    let result = write_files(db, export, folder);
    if result.is_err() {
        let _ = if created { std::fs::remove_dir_all(folder) } else { clear(folder) };
    }
    result
}

fn clear(folder: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            std::fs::remove_dir_all(path)?;
        } else {
            std::fs::remove_file(path)?;
        }
    }
    Ok(())
}

fn write_files(db: &mut Db, export: &PersonExport, folder: &Path) -> Result<Written> {
    paths::ensure_private_dir(folder)?;
    let json_path = folder.join("personne.json");
    let pdf_path = folder.join("personne.pdf");
    let json = serde_json::to_vec_pretty(export).map_err(|e| Error::Database(e.to_string()))?;
    paths::write_atomic(&json_path, &json)?;
    let logo = crate::pdf::Image::letterhead(db)?;
    paths::write_atomic(&pdf_path, &pdf::render(export, logo.as_ref())?)?;
    let forms: Vec<&FormHistory> = match export {
        PersonExport::Eleve(s) => s.forms.iter().collect(),
        PersonExport::Parent(g) => g.students.iter().flat_map(|c| c.forms.iter()).collect(),
    };
    let mut scans = Vec::new();
    if let PersonExport::Eleve(s) = export {
        for form in &s.project_forms {
            let with_scan: Vec<_> = form.events.iter().filter_map(|e| e.scan.as_ref()).collect();
            for (index, meta) in with_scan.iter().enumerate() {
                let dir = folder.join("numérisations");
                paths::ensure_private_dir(&dir)?;
                let content = attachment::open(db, meta.id)?;
                let suffix = if with_scan.len() > 1 { format!("-{}", index + 1) } else { String::new() };
                let path = dir.join(format!("{}{suffix}.{}", form.number, meta.media_type.extension()));
                paths::write_atomic(&path, &content.bytes)?;
                scans.push(path);
            }
        }
    }
    for form in forms {
        let with_scan: Vec<_> = form.events.iter().filter_map(|e| e.scan.as_ref().map(|s| (e.id, s))).collect();
        for (index, (_, meta)) in with_scan.iter().enumerate() {
            let dir = folder.join("numérisations");
            paths::ensure_private_dir(&dir)?;
            let content = attachment::open(db, meta.id)?;
            let suffix = if with_scan.len() > 1 { format!("-{}", index + 1) } else { String::new() };
            let path = dir.join(format!("{}{suffix}.{}", form.number, meta.media_type.extension()));
            paths::write_atomic(&path, &content.bytes)?;
            scans.push(path);
        }
    }
    let (object, who) = match export {
        PersonExport::Eleve(s) => (format!("élève n° {}", s.student.id), "l'élève"),
        PersonExport::Parent(g) => (format!("parent n° {}", g.guardian.first().map_or(0, |r| r.id)), "le parent"),
    };
    db.write("personne.acces.dossier", &object, |_| {
        Ok(((), format!("accès : dossier sur {who} écrit (JSON, PDF, {} numérisation(s))", scans.len())))
    })?;
    Ok(Written { folder: folder.to_path_buf(), json: json_path, pdf: pdf_path, scans })
}

/// What a rectification may change on a student (seed 004, art. 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StudentField {
    FirstName,
    LastName,
    BirthDate,
    CodePermanent,
}

/// What a rectification may change on a guardian.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GuardianField {
    FirstName,
    LastName,
    Email,
    Relation,
}

/// Why a field is corrected: a category, the only thing the journal says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionReason {
    /// The person (or their parent) asked for it (seed 004, art. 4).
    Demande,
    /// A typing or import error found by the office.
    Erreur,
    /// An official document (birth certificate, judgment) shows otherwise.
    Document,
}

impl StudentField {
    pub const ALL: [StudentField; 4] =
        [StudentField::FirstName, StudentField::LastName, StudentField::BirthDate, StudentField::CodePermanent];
    pub fn name(self) -> &'static str {
        match self {
            StudentField::FirstName => "first_name",
            StudentField::LastName => "last_name",
            StudentField::BirthDate => "birth_date",
            StudentField::CodePermanent => "code_permanent",
        }
    }
    pub fn label_fr(self) -> &'static str {
        match self {
            StudentField::FirstName => "prénom",
            StudentField::LastName => "nom",
            StudentField::BirthDate => "date de naissance",
            StudentField::CodePermanent => "code permanent",
        }
    }
    pub fn parse(text: &str) -> Result<StudentField> {
        let t = text.trim().replace('-', "_");
        StudentField::ALL.into_iter().find(|f| f.name() == t).ok_or_else(|| {
            Error::UnknownCorrectionField(text.trim().into(), StudentField::ALL.map(StudentField::name).join(", "))
        })
    }
}

impl GuardianField {
    pub const ALL: [GuardianField; 4] =
        [GuardianField::FirstName, GuardianField::LastName, GuardianField::Email, GuardianField::Relation];
    pub fn name(self) -> &'static str {
        match self {
            GuardianField::FirstName => "first_name",
            GuardianField::LastName => "last_name",
            GuardianField::Email => "email",
            GuardianField::Relation => "relation",
        }
    }
    pub fn label_fr(self) -> &'static str {
        match self {
            GuardianField::FirstName => "prénom",
            GuardianField::LastName => "nom",
            GuardianField::Email => "courriel",
            GuardianField::Relation => "lien avec l'élève",
        }
    }
    pub fn parse(text: &str) -> Result<GuardianField> {
        let t = text.trim().replace('-', "_");
        let t = if t == "relationship" { "relation".to_string() } else { t };
        GuardianField::ALL.into_iter().find(|f| f.name() == t).ok_or_else(|| {
            Error::UnknownCorrectionField(text.trim().into(), GuardianField::ALL.map(GuardianField::name).join(", "))
        })
    }
}

impl CorrectionReason {
    pub const ALL: [CorrectionReason; 3] =
        [CorrectionReason::Demande, CorrectionReason::Erreur, CorrectionReason::Document];
    pub fn name(self) -> &'static str {
        match self {
            CorrectionReason::Demande => "demande",
            CorrectionReason::Erreur => "erreur",
            CorrectionReason::Document => "document",
        }
    }
    pub fn label_fr(self) -> &'static str {
        match self {
            CorrectionReason::Demande => "demande de la personne (art. 4)",
            CorrectionReason::Erreur => "erreur de saisie ou d'importation",
            CorrectionReason::Document => "document officiel",
        }
    }
    pub fn parse(text: &str) -> Result<CorrectionReason> {
        let t = fold(text.trim());
        CorrectionReason::ALL.into_iter().find(|r| r.name() == t).ok_or_else(|| {
            Error::UnknownCorrectionReason(
                text.trim().into(),
                CorrectionReason::ALL.map(CorrectionReason::name).join(", "),
            )
        })
    }
}

fn refused(field: &str, reason: values::Reason) -> Error {
    Error::CorrectionRefused { field: field.into(), reason: reason.fr, reason_en: reason.en }
}

/// Corrects one field of a student, checked as the roster import checks it; audited with the
/// field and the reason's category, never the value. The student's sort key follows the name.
/// A later roster import still holding the old value would change it back: correct the source
/// system too.
pub fn correct_student(
    db: &mut Db,
    student_id: i64,
    field: StudentField,
    value: &str,
    reason: CorrectionReason,
) -> Result<StudentView> {
    db.exclusive(|db| {
        let student =
            load_student(&db.conn, student_id)?.ok_or_else(|| Error::StudentNotFound(student_id.to_string()))?;
        // A closed year is read-only, a rectification included: its rows are the archive of that
        // year, purged with it (correct the row of the current year).
        crate::year::ensure_open(&db.conn, year_of(&db.conn, student_id)?, crate::year::Write::YearData)?;
        let cleaned = values::clean(value);
        let label = field.label_fr();
        let checked: Option<String> = match field {
            StudentField::FirstName | StudentField::LastName => {
                Some(values::name(&cleaned).map_err(|r| refused(label, r))?)
            }
            StudentField::BirthDate => {
                let date = values::birth_date(&cleaned, false).map_err(|r| refused(label, r))?;
                Some(date.format("%Y-%m-%d").to_string())
            }
            StudentField::CodePermanent if cleaned.is_empty() => None,
            StudentField::CodePermanent => {
                let code = values::code_permanent(&cleaned).map_err(|r| refused(label, r))?;
                let year = year_of(&db.conn, student_id)?;
                let taken: Option<i64> = db
                    .conn
                    .query_row(
                        "SELECT id FROM students WHERE year = ?1 AND code_permanent = ?2 AND id <> ?3",
                        params![year.to_string(), code, student_id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if taken.is_some() {
                    return Err(Error::CorrectionRefused {
                        field: label.into(),
                        reason: "un autre élève de l'année porte déjà ce code permanent".into(),
                        reason_en: "another student of the year already has this permanent code".into(),
                    });
                }
                Some(code)
            }
        };
        let (last, first) = match field {
            StudentField::LastName => (checked.clone().unwrap_or_default(), student.first_name.clone()),
            StudentField::FirstName => (student.last_name.clone(), checked.clone().unwrap_or_default()),
            _ => (student.last_name.clone(), student.first_name.clone()),
        };
        let name_key = crate::roster::rows::name_key(&last, &first);
        let now = db.clock().now_rfc3339();
        db.write("personne.rectification", &format!("élève n° {student_id}"), |tx| {
            crate::roster::students::correct_in(tx, student_id, field.name(), &checked, &name_key, &now)?;
            Ok(((), format!("rectification : champ « {label} » de l'élève corrigé (motif : {})", reason.label_fr())))
        })?;
        load_student(&db.conn, student_id)?.ok_or_else(|| Error::StudentNotFound(student_id.to_string()))
    })
}

/// Corrects one field of a guardian, on every row of that person (one per child); checked as
/// the roster import checks it; audited with the field and the reason's category only.
pub fn correct_guardian(
    db: &mut Db,
    guardian_id: i64,
    field: GuardianField,
    value: &str,
    reason: CorrectionReason,
) -> Result<Vec<GuardianRecord>> {
    db.exclusive(|db| {
        // The person's rows in closed years stay as they were (a closed year is read-only); the
        // others are corrected. A person only in closed years is refused by the year's guard.
        let mut rows = Vec::new();
        for row in same_guardian(&db.conn, guardian_id)? {
            let year = year_of(&db.conn, row.student_id)?;
            if crate::year::closed_on(&db.conn, year)?.is_none() {
                rows.push(row);
            } else if row.id == guardian_id {
                crate::year::ensure_open(&db.conn, year, crate::year::Write::YearData)?;
            }
        }
        let cleaned = values::clean(value);
        let label = field.label_fr();
        let checked = match field {
            GuardianField::FirstName | GuardianField::LastName if cleaned.is_empty() => String::new(),
            GuardianField::FirstName | GuardianField::LastName => {
                values::name(&cleaned).map_err(|r| refused(label, r))?
            }
            GuardianField::Email if cleaned.is_empty() => String::new(),
            GuardianField::Email => values::email(&cleaned).map_err(|r| refused(label, r))?,
            GuardianField::Relation => values::plain(&cleaned, values::MAX_RELATION).map_err(|r| refused(label, r))?,
        };
        // The schema keeps at least a name or an e-mail for each guardian.
        for row in &rows {
            let (first, last, email) = match field {
                GuardianField::FirstName => (checked.as_str(), row.last_name.as_str(), row.email.as_str()),
                GuardianField::LastName => (row.first_name.as_str(), checked.as_str(), row.email.as_str()),
                GuardianField::Email => (row.first_name.as_str(), row.last_name.as_str(), checked.as_str()),
                GuardianField::Relation => (row.first_name.as_str(), row.last_name.as_str(), row.email.as_str()),
            };
            if format!("{first}{last}{email}").trim().is_empty() {
                return Err(Error::CorrectionRefused {
                    field: label.into(),
                    reason: "un parent doit garder un nom ou un courriel".into(),
                    reason_en: "a parent must keep a name or an e-mail".into(),
                });
            }
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        db.write("personne.rectification", &format!("parent n° {guardian_id}"), |tx| {
            crate::roster::students::correct_guardians_in(tx, &ids, field.name(), &checked)?;
            Ok((
                (),
                format!(
                    "rectification : champ « {label} » du parent corrigé sur {} fiche(s) (motif : {})",
                    ids.len(),
                    reason.label_fr()
                ),
            ))
        })?;
        let mut out = Vec::new();
        for id in ids {
            out.extend(guardian_rows(&db.conn, "id = ?1", id)?);
        }
        Ok(out)
    })
}
