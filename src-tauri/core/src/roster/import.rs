//! The import written: the preview's plan in one transaction through `Db::write`, with one audit
//! entry that holds counts, class codes, staff numbers and the file's name, never a student's name.
//! An import that would change nothing writes nothing, not even an audit entry: importing the same
//! file twice leaves the store byte for byte as the first import left it.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;

use super::diff::{self, ChangeKind, Counts, GuardianPlan, ImportOptions, NewClass, Plan, Preview, TeacherRef, Update};
use super::rows::{name_key, GuardianRow, Rejected, RosterRow};
use super::spreadsheet::cut_for_message;
use crate::error::{Error, Result};
use crate::register::{class, staff};
use crate::store::Db;
use crate::text::{fold, sql_date};
use crate::year::SchoolYear;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    #[serde(flatten)]
    pub counts: Counts,
    /// Absent students marked departed (`withdraw_missing`).
    pub withdrawn: usize,
    pub classes_created: Vec<String>,
    pub teachers_created: Vec<String>,
    pub teachers_assigned: usize,
    pub rejected_rows: Vec<Rejected>,
    /// False when there was nothing to change: no write, no audit entry.
    pub written: bool,
}

/// Imports the checked lines into `year`. Refused lines abort the whole import unless
/// `skip_invalid`; the preview is worked out again here, so what is written is what Balise holds
/// now compared with the file.
pub fn apply(
    db: &mut Db,
    year: SchoolYear,
    rows: &[RosterRow],
    rejected: &[Rejected],
    opts: &ImportOptions,
) -> Result<ImportSummary> {
    db.exclusive(|db| {
        crate::year::ensure_open(&db.conn, year, crate::year::Write::YearData)?;
        let preview = diff::preview(db, year, rows, rejected, opts)?;
        if preview.blocked {
            return Err(Error::RosterRejectedRows {
                count: preview.counts.rejected,
                first_line: preview.rejected_rows.first().map(|r| r.line).unwrap_or(0),
            });
        }
        if preview.nothing_to_do {
            return Ok(summary(&preview, 0, false));
        }
        let today = db.clock().today();
        let now = db.clock().now_rfc3339();
        let object = format!("élèves {year}");
        db.write("eleves.importation", &object, |tx| {
            let written = Writer { tx, year, today, now: &now };
            let new_staff = written.teachers(&preview.teachers_to_create)?;
            written.classes(&preview.classes_to_create, &new_staff)?;
            for assignment in &preview.teachers_to_assign {
                written.attach(assignment.class_id, &assignment.teacher_ref, &new_staff)?;
            }
            written.updates(&preview.plan)?;
            for row in &preview.plan.added {
                written.add(row)?;
            }
            let withdrawn = if opts.withdraw_missing { written.withdraw(&preview.plan.absent)? } else { 0 };
            let result = summary(&preview, withdrawn, true);
            let entry = audit_summary(&result, &opts.file_name, &new_staff);
            Ok((result, entry))
        })
    })
}

fn summary(preview: &Preview, withdrawn: usize, written: bool) -> ImportSummary {
    ImportSummary {
        counts: preview.counts,
        withdrawn,
        classes_created: if written {
            preview.classes_to_create.iter().map(|c| c.code.clone()).collect()
        } else {
            Vec::new()
        },
        teachers_created: if written { preview.teachers_to_create.clone() } else { Vec::new() },
        teachers_assigned: if written { preview.teachers_to_assign.len() } else { 0 },
        rejected_rows: preview.rejected_rows.clone(),
        written,
    }
}

/// Counts, class codes and staff numbers: the journal names no student and no person.
fn audit_summary(result: &ImportSummary, file_name: &str, new_staff: &HashMap<String, i64>) -> String {
    let c = &result.counts;
    let mut text = format!(
        "fichier « {} » : {} ajouté(s), {} modifié(s), {} inchangé(s), {} absent(s) dont {} marqué(s) parti(s), {} ligne(s) refusée(s)",
        cut_for_message(file_name),
        c.added,
        c.changed,
        c.unchanged,
        c.absent,
        result.withdrawn,
        c.rejected
    );
    if !result.classes_created.is_empty() {
        text.push_str(&format!(" ; classes créées : {}", result.classes_created.join(", ")));
    }
    if !new_staff.is_empty() {
        let mut numbers: Vec<i64> = new_staff.values().copied().collect();
        numbers.sort();
        let numbers: Vec<String> = numbers.iter().map(|n| n.to_string()).collect();
        text.push_str(&format!(" ; personnel ajouté : n° {}", numbers.join(", ")));
    }
    if result.teachers_assigned > 0 {
        text.push_str(&format!(" ; {} enseignant·e(s) rattaché(e)s à une classe", result.teachers_assigned));
    }
    text
}

/// The writes, inside the import's one transaction.
struct Writer<'a> {
    tx: &'a Connection,
    year: SchoolYear,
    today: NaiveDate,
    now: &'a str,
}

impl Writer<'_> {
    /// New staff members, by folded name → id.
    fn teachers(&self, names: &[String]) -> Result<HashMap<String, i64>> {
        let mut ids = HashMap::new();
        for name in names {
            ids.insert(fold(name), staff::insert_in(self.tx, name, "")?);
        }
        Ok(ids)
    }

    fn classes(&self, classes: &[NewClass], new_staff: &HashMap<String, i64>) -> Result<()> {
        for class in classes {
            let class_id = class::insert_in(self.tx, self.year, &class.code, &class.level)?;
            for teacher in &class.teacher_refs {
                self.attach(class_id, teacher, new_staff)?;
            }
        }
        Ok(())
    }

    fn attach(&self, class_id: i64, teacher: &TeacherRef, new_staff: &HashMap<String, i64>) -> Result<()> {
        let staff_id = teacher.staff_id.or_else(|| new_staff.get(&fold(&teacher.name)).copied());
        if let Some(staff_id) = staff_id {
            class::add_teacher_in(self.tx, class_id, staff_id)?;
        }
        Ok(())
    }

    fn class_id(&self, code: &str) -> Result<i64> {
        Ok(self.tx.query_row(
            "SELECT id FROM classes WHERE year = ?1 AND code = ?2",
            params![self.year.to_string(), code],
            |r| r.get(0),
        )?)
    }

    fn add(&self, row: &RosterRow) -> Result<()> {
        let class_id = self.class_id(&row.class_code)?;
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO students (year, fiche, code_permanent, last_name, first_name, name_key, birth_date,
                                   class_id, level, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'actif', ?10, ?10)",
        )?;
        insert.execute(params![
            self.year.to_string(),
            row.fiche,
            row.code_permanent,
            row.last_name,
            row.first_name,
            name_key(&row.last_name, &row.first_name),
            row.birth_date.map(sql_date),
            class_id,
            row.level.clone().unwrap_or_default(),
            self.now,
        ])?;
        let student_id = self.tx.last_insert_rowid();
        self.open_membership(student_id, class_id)?;
        for (n, guardian) in row.guardians.iter().flatten().enumerate() {
            self.insert_guardian(student_id, n as i64 + 1, guardian)?;
        }
        Ok(())
    }

    /// Changed students. Identifiers that move are cleared first, so that two students trading
    /// a code permanent never collide on the uniqueness index.
    fn updates(&self, plan: &Plan) -> Result<()> {
        for update in &plan.updates {
            let kinds: Vec<ChangeKind> = update.changes.iter().map(|c| c.kind).collect();
            if kinds.contains(&ChangeKind::Fiche) {
                self.tx.execute("UPDATE students SET fiche = NULL WHERE id = ?1", [update.before.id])?;
            }
            if kinds.contains(&ChangeKind::CodePermanent) {
                self.tx.execute("UPDATE students SET code_permanent = NULL WHERE id = ?1", [update.before.id])?;
            }
        }
        for update in &plan.updates {
            self.update(update)?;
        }
        Ok(())
    }

    fn update(&self, update: &Update) -> Result<()> {
        let (before, row) = (&update.before, &update.row);
        let class_id = self.class_id(&row.class_code)?;
        self.tx.execute(
            "UPDATE students SET fiche = ?2, code_permanent = ?3, last_name = ?4, first_name = ?5, name_key = ?6,
                    birth_date = ?7, class_id = ?8, level = ?9, status = 'actif', departed_on = NULL, updated_at = ?10
             WHERE id = ?1",
            params![
                before.id,
                row.fiche.clone().or(before.fiche.clone()),
                row.code_permanent.clone().or(before.code_permanent.clone()),
                row.last_name,
                row.first_name,
                name_key(&row.last_name, &row.first_name),
                row.birth_date.or(before.birth_date).map(sql_date),
                class_id,
                row.level.clone().unwrap_or_else(|| before.level.clone()),
                self.now,
            ],
        )?;
        let moved = class_id != before.class_id;
        let returned = update.changes.iter().any(|c| c.kind == ChangeKind::Returned);
        if moved || returned {
            self.close_membership(before.id)?;
            self.open_membership(before.id, class_id)?;
        }
        self.guardians(before.id, &update.guardians)
    }

    fn guardians(&self, student_id: i64, plan: &GuardianPlan) -> Result<()> {
        for id in &plan.ends {
            self.tx.execute(
                "UPDATE guardians SET ended_on = max(?2, started_on) WHERE id = ?1",
                params![id, sql_date(self.today)],
            )?;
        }
        for (id, rank, g) in &plan.updates {
            self.tx.execute(
                "UPDATE guardians SET rank = ?2, last_name = ?3, first_name = ?4, email = ?5, relation = ?6,
                        language = coalesce(?7, language)
                 WHERE id = ?1",
                params![id, rank, g.last_name, g.first_name, g.email, g.relation, g.language.map(|l| l.code())],
            )?;
        }
        for (id, language) in &plan.languages {
            self.tx.execute("UPDATE guardians SET language = ?2 WHERE id = ?1", params![id, language.code()])?;
        }
        for (rank, g) in &plan.inserts {
            self.insert_guardian(student_id, *rank, g)?;
        }
        Ok(())
    }

    fn insert_guardian(&self, student_id: i64, rank: i64, g: &GuardianRow) -> Result<()> {
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO guardians (student_id, rank, last_name, first_name, email, relation, started_on, language)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, 'fr'))",
        )?;
        insert.execute(params![
            student_id,
            rank,
            g.last_name,
            g.first_name,
            g.email,
            g.relation,
            sql_date(self.today),
            g.language.map(|l| l.code()),
        ])?;
        Ok(())
    }

    fn open_membership(&self, student_id: i64, class_id: i64) -> Result<()> {
        let mut insert = self
            .tx
            .prepare_cached("INSERT INTO class_memberships (student_id, class_id, from_on) VALUES (?1, ?2, ?3)")?;
        insert.execute(params![student_id, class_id, sql_date(self.today)])?;
        Ok(())
    }

    /// Ends the open membership, if any (a departed student's was closed when he left).
    fn close_membership(&self, student_id: i64) -> Result<()> {
        self.tx.execute(
            "UPDATE class_memberships SET until_on = max(?2, from_on) WHERE student_id = ?1 AND until_on IS NULL",
            params![student_id, sql_date(self.today)],
        )?;
        Ok(())
    }

    /// Absent students marked departed today; their history stays.
    fn withdraw(&self, ids: &[i64]) -> Result<usize> {
        for id in ids {
            self.tx.execute(
                "UPDATE students SET status = 'parti', departed_on = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, sql_date(self.today), self.now],
            )?;
            self.close_membership(*id)?;
        }
        Ok(ids.len())
    }
}
