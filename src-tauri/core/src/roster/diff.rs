//! What an import would do, worked out before anything is written: each line matched to a
//! student of the year (by fiche, else code permanent, else name and birth date), and sorted into
//! added, changed (with what changed), unchanged; the year's active students the file does not
//! name are absent; classes and teachers named in the file and unknown to Balise are to create.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::collate::french_sort_key;
use super::language::Language;
use super::rows::{GuardianRow, IdentityHint, Rejected, RosterRow};
use super::students::{load_year, GuardianView, StudentStatus, StudentView};
use super::values::Reason;
use crate::error::Result;
use crate::store::Db;
use crate::text::fold;
use crate::year::SchoolYear;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportOptions {
    /// Import the valid lines even when others are refused (`--skip-invalid`).
    pub skip_invalid: bool,
    /// Mark the year's active students absent from the file as departed today (`--withdraw-missing`).
    pub withdraw_missing: bool,
    /// The file's name, for the audit entry.
    pub file_name: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub absent: usize,
    pub rejected: usize,
}

/// The import, shown before it is confirmed. Serialized flat: the counts, then the lists.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    pub year: SchoolYear,
    #[serde(flatten)]
    pub counts: Counts,
    pub rejected_rows: Vec<Rejected>,
    pub added_rows: Vec<StudentLine>,
    pub changed_rows: Vec<ChangedStudent>,
    /// Active students of the year the file does not name: left as they are, or marked departed
    /// with `withdraw_missing`.
    pub absent_students: Vec<StudentLine>,
    pub classes_to_create: Vec<NewClass>,
    pub teachers_to_create: Vec<String>,
    /// Teachers named in the file for an existing class they are not yet attached to.
    pub teachers_to_assign: Vec<TeacherAssignment>,
    pub withdraw_missing: bool,
    /// Lines are refused and `skip_invalid` is off: applying would refuse the whole import.
    pub blocked: bool,
    /// Applying would write nothing (the file matches what Balise holds).
    pub nothing_to_do: bool,
    #[serde(skip)]
    pub(crate) plan: Plan,
}

/// A student as the preview lists him; `line` is his line in the file (none when absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudentLine {
    pub line: Option<usize>,
    pub fiche: Option<String>,
    pub last_name: String,
    pub first_name: String,
    pub class_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangedStudent {
    #[serde(flatten)]
    pub student: StudentLine,
    pub changes: Vec<Change>,
}

/// One difference: what Balise holds (`before`) and what the file says (`after`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Fiche,
    CodePermanent,
    LastName,
    FirstName,
    BirthDate,
    Class,
    Level,
    GuardianAdded,
    GuardianChanged,
    GuardianRemoved,
    /// A departed student is in the file again.
    Returned,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewClass {
    pub code: String,
    pub level: String,
    pub teachers: Vec<String>,
    #[serde(skip)]
    pub(crate) teacher_refs: Vec<TeacherRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeacherAssignment {
    pub class_code: String,
    pub teacher: String,
    #[serde(skip)]
    pub(crate) class_id: i64,
    #[serde(skip)]
    pub(crate) teacher_ref: TeacherRef,
}

/// A teacher as the import will write him: an existing staff member, or one to create by name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct TeacherRef {
    pub name: String,
    pub staff_id: Option<i64>,
}

/// What `import::apply` writes, worked out here so that the preview and the import agree.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    pub added: Vec<RosterRow>,
    pub updates: Vec<Update>,
    pub absent: Vec<i64>,
}

#[derive(Debug, Clone)]
pub(crate) struct Update {
    pub before: StudentView,
    pub row: RosterRow,
    pub changes: Vec<Change>,
    pub guardians: GuardianPlan,
}

/// The guardian rows to update (same person: their `do_not_contact` stays), end and insert, and
/// the languages a family language column sets when the file names no guardian.
#[derive(Debug, Clone, Default)]
pub(crate) struct GuardianPlan {
    pub updates: Vec<(i64, i64, GuardianRow)>,
    pub ends: Vec<i64>,
    pub inserts: Vec<(i64, GuardianRow)>,
    pub languages: Vec<(i64, Language)>,
}

/// Compares the checked lines of a file with the year's roster. Writes nothing.
pub fn preview(
    db: &Db,
    year: SchoolYear,
    rows: &[RosterRow],
    rejected: &[Rejected],
    opts: &ImportOptions,
) -> Result<Preview> {
    preview_in(&db.conn, year, rows, rejected, opts)
}

pub(crate) fn preview_in(
    conn: &Connection,
    year: SchoolYear,
    rows: &[RosterRow],
    rejected: &[Rejected],
    opts: &ImportOptions,
) -> Result<Preview> {
    let stored = load_year(conn, year)?;
    let roster = Roster::new(&stored);
    let mut rejected_rows = rejected.to_vec();
    let mut claimed: HashMap<usize, usize> = HashMap::new();
    let mut plan = Plan::default();
    let mut accepted: Vec<&RosterRow> = Vec::new();
    let mut unchanged = 0;

    for row in rows {
        let found = roster.find(row).and_then(|found| match found {
            Some(i) => roster.check_ids_free(i, row).map(|_| Some(i)),
            None => Ok(None),
        });
        let found = match found {
            Ok(Some(i)) if claimed.contains_key(&i) => Err(same_student_as(claimed[&i])),
            other => other,
        };
        match found {
            Err(reason) => rejected_rows.push(Rejected::new(row.line, reason, hint_of(row))),
            Ok(None) => {
                plan.added.push(row.clone());
                accepted.push(row);
            }
            Ok(Some(i)) => {
                claimed.insert(i, row.line);
                accepted.push(row);
                let update = compare(&stored[i], row);
                if update.changes.is_empty() {
                    unchanged += 1;
                } else {
                    plan.updates.push(update);
                }
            }
        }
    }
    rejected_rows.sort_by_key(|r| r.line);
    // A file with no student in it (a header alone, or every line refused) says nothing about
    // who left: nobody is absent, so `--withdraw-missing` can never empty the school.
    let spared = spared_by_rejected(&roster, &rejected_rows);
    let absent: Vec<&StudentView> = stored
        .iter()
        .enumerate()
        .filter(|(i, s)| s.status == StudentStatus::Active && !claimed.contains_key(i) && !spared.contains(i))
        .filter(|_| !accepted.is_empty())
        .map(|(_, s)| s)
        .collect();
    plan.absent = absent.iter().map(|s| s.id).collect();

    let (classes_to_create, teachers_to_create, teachers_to_assign) = classes_and_teachers(conn, year, &accepted)?;
    let counts = Counts {
        added: plan.added.len(),
        changed: plan.updates.len(),
        unchanged,
        absent: plan.absent.len(),
        rejected: rejected_rows.len(),
    };
    let nothing_to_do = counts.added == 0
        && counts.changed == 0
        && (counts.absent == 0 || !opts.withdraw_missing)
        && classes_to_create.is_empty()
        && teachers_to_create.is_empty()
        && teachers_to_assign.is_empty();
    Ok(Preview {
        year,
        counts,
        blocked: counts.rejected > 0 && !opts.skip_invalid,
        nothing_to_do,
        withdraw_missing: opts.withdraw_missing,
        added_rows: plan.added.iter().map(line_of_row).collect(),
        changed_rows: plan
            .updates
            .iter()
            .map(|u| ChangedStudent { student: line_of_row(&u.row), changes: u.changes.clone() })
            .collect(),
        absent_students: absent.iter().map(|s| line_of_student(s)).collect(),
        rejected_rows,
        classes_to_create,
        teachers_to_create,
        teachers_to_assign,
        plan,
    })
}

/// The year's students indexed by each identifier.
struct Roster<'a> {
    students: &'a [StudentView],
    by_fiche: HashMap<&'a str, usize>,
    by_code: HashMap<&'a str, usize>,
    by_name: HashMap<String, Vec<usize>>,
}

impl<'a> Roster<'a> {
    fn new(students: &'a [StudentView]) -> Roster<'a> {
        let mut roster =
            Roster { students, by_fiche: HashMap::new(), by_code: HashMap::new(), by_name: HashMap::new() };
        for (i, s) in students.iter().enumerate() {
            if let Some(fiche) = &s.fiche {
                roster.by_fiche.insert(fiche, i);
            }
            if let Some(code) = &s.code_permanent {
                roster.by_code.insert(code, i);
            }
            roster.by_name.entry(super::rows::name_key(&s.last_name, &s.first_name)).or_default().push(i);
        }
        roster
    }

    /// Fiche first, then code permanent, then name (with the birth date when both sides have
    /// one). A student whose identifiers contradict the line's is not him.
    fn find(&self, row: &RosterRow) -> std::result::Result<Option<usize>, Reason> {
        if let Some(&i) = row.fiche.as_deref().and_then(|f| self.by_fiche.get(f)) {
            return Ok(Some(i));
        }
        if let Some(&i) = row.code_permanent.as_deref().and_then(|c| self.by_code.get(c)) {
            if self.students[i].fiche.is_some() && row.fiche.is_some() {
                return Err(code_taken());
            }
            return Ok(Some(i));
        }
        let candidates: Vec<usize> = self
            .by_name
            .get(&row.name_key())
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| compatible(&self.students[i], row))
            .collect();
        match candidates[..] {
            [] => Ok(None),
            [i] => Ok(Some(i)),
            _ => Err(Reason::new(
                "plusieurs élèves de l'année portent ce nom : ajoutez la fiche, le code permanent ou la date de naissance pour les distinguer",
                "several students of the year have this name: add the student number, permanent code or date of birth to tell them apart",
            )),
        }
    }

    /// A matched student may take the line's code permanent only if no other student has it.
    fn check_ids_free(&self, i: usize, row: &RosterRow) -> std::result::Result<(), Reason> {
        match row.code_permanent.as_deref().and_then(|c| self.by_code.get(c)) {
            Some(&other) if other != i => Err(code_taken()),
            _ => Ok(()),
        }
    }
}

fn compatible(student: &StudentView, row: &RosterRow) -> bool {
    fn differ<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
        a.is_some() && b.is_some() && a != b
    }
    let contradicts = differ(&student.fiche, &row.fiche)
        || differ(&student.code_permanent, &row.code_permanent)
        || differ(&student.birth_date, &row.birth_date);
    !contradicts
}

fn code_taken() -> Reason {
    Reason::new(
        "ce code permanent appartient déjà à un autre élève de l'année (autre fiche) : vérifiez la fiche et le code permanent",
        "this permanent code already belongs to another student of the year (another student number): check both",
    )
}

fn same_student_as(line: usize) -> Reason {
    Reason::new(
        format!("désigne le même élève que la ligne {line} : une seule ligne par élève"),
        format!("names the same student as line {line}: one line per student"),
    )
}

fn hint_of(row: &RosterRow) -> IdentityHint {
    IdentityHint {
        fiche: row.fiche.clone(),
        code_permanent: row.code_permanent.clone(),
        name_key: Some(row.name_key()),
    }
}

/// Students a refused line probably names: never counted absent, so never withdrawn for it.
fn spared_by_rejected(roster: &Roster, rejected: &[Rejected]) -> HashSet<usize> {
    let mut spared = HashSet::new();
    for hint in rejected.iter().map(|r| &r.hint) {
        if let Some(&i) = hint.fiche.as_deref().and_then(|f| roster.by_fiche.get(f)) {
            spared.insert(i);
        } else if let Some(&i) = hint.code_permanent.as_deref().and_then(|c| roster.by_code.get(c)) {
            spared.insert(i);
        } else if let Some(same_name) = hint.name_key.as_ref().and_then(|k| roster.by_name.get(k)) {
            spared.extend(same_name.iter().copied());
        }
    }
    spared
}

/// What the line changes for a matched student. Empty cells change nothing, except guardians.
fn compare(before: &StudentView, row: &RosterRow) -> Update {
    let mut changes = Vec::new();
    let mut differs = |kind: ChangeKind, old: Option<String>, new: Option<String>| {
        if let Some(new) = new {
            let old = old.unwrap_or_default();
            if old != new {
                changes.push(Change { kind, before: old, after: new });
            }
        }
    };
    differs(ChangeKind::Fiche, before.fiche.clone(), row.fiche.clone());
    differs(ChangeKind::CodePermanent, before.code_permanent.clone(), row.code_permanent.clone());
    differs(ChangeKind::LastName, Some(before.last_name.clone()), Some(row.last_name.clone()));
    differs(ChangeKind::FirstName, Some(before.first_name.clone()), Some(row.first_name.clone()));
    differs(ChangeKind::BirthDate, before.birth_date.map(|d| d.to_string()), row.birth_date.map(|d| d.to_string()));
    // Class codes compare as the register stores them: case ignored.
    let class = (before.class_code.to_lowercase() != row.class_code.to_lowercase()).then(|| row.class_code.clone());
    differs(ChangeKind::Class, Some(before.class_code.clone()), class);
    differs(ChangeKind::Level, Some(before.level.clone()), row.level.clone());
    if let (StudentStatus::Departed, Some(on)) = (before.status, before.departed_on) {
        differs(ChangeKind::Returned, Some(format!("parti le {on}")), Some("actif".into()));
    }
    let guardians = match (&row.guardians, row.family_language) {
        (Some(wanted), _) => reconcile_guardians(&before.guardians, wanted, &mut changes),
        (None, Some(language)) => family_language(&before.guardians, language, &mut changes),
        (None, None) => GuardianPlan::default(),
    };
    Update { before: before.clone(), row: row.clone(), changes, guardians }
}

/// The same person is found by name (accents and case ignored), else by e-mail; their row is
/// updated in place so that « ne pas contacter » follows them.
fn reconcile_guardians(current: &[GuardianView], wanted: &[GuardianRow], changes: &mut Vec<Change>) -> GuardianPlan {
    let mut plan = GuardianPlan::default();
    let mut used = vec![false; current.len()];
    for (n, guardian) in wanted.iter().enumerate() {
        let rank = n as i64 + 1;
        let same_name = |g: &GuardianView| {
            person_key(&g.last_name, &g.first_name) == person_key(&guardian.last_name, &guardian.first_name)
        };
        let same_email = |g: &GuardianView| !g.email.is_empty() && g.email.eq_ignore_ascii_case(&guardian.email);
        let found = (0..current.len())
            .find(|&i| !used[i] && same_name(&current[i]))
            .or_else(|| (0..current.len()).find(|&i| !used[i] && same_email(&current[i])));
        match found {
            Some(i) => {
                used[i] = true;
                let old = &current[i];
                let same = old.rank == rank
                    && old.last_name == guardian.last_name
                    && old.first_name == guardian.first_name
                    && old.email == guardian.email
                    && old.relation == guardian.relation
                    && guardian.language.is_none_or(|language| language == old.language);
                if !same {
                    plan.updates.push((old.id, rank, guardian.clone()));
                    changes.push(Change {
                        kind: ChangeKind::GuardianChanged,
                        before: describe_view(old, guardian.language.is_some()),
                        after: describe(guardian, rank),
                    });
                }
            }
            None => {
                plan.inserts.push((rank, guardian.clone()));
                changes.push(Change {
                    kind: ChangeKind::GuardianAdded,
                    before: String::new(),
                    after: describe(guardian, rank),
                });
            }
        }
    }
    for (_, old) in current.iter().enumerate().filter(|(i, _)| !used[*i]) {
        plan.ends.push(old.id);
        changes.push(Change {
            kind: ChangeKind::GuardianRemoved,
            before: describe_view(old, false),
            after: String::new(),
        });
    }
    plan
}

/// A family language column in a file without guardian columns: the current guardians' forms
/// are printed in that language.
fn family_language(current: &[GuardianView], language: Language, changes: &mut Vec<Change>) -> GuardianPlan {
    let mut plan = GuardianPlan::default();
    for old in current.iter().filter(|g| g.language != language) {
        plan.languages.push((old.id, language));
        let after = GuardianView { language, ..old.clone() };
        changes.push(Change {
            kind: ChangeKind::GuardianChanged,
            before: describe_view(old, true),
            after: describe_view(&after, true),
        });
    }
    plan
}

fn person_key(last: &str, first: &str) -> Option<String> {
    let key = format!("{}|{}", french_sort_key(last), french_sort_key(first));
    (key != "|").then_some(key)
}

fn describe(g: &GuardianRow, rank: i64) -> String {
    describe_parts(rank, &g.first_name, &g.last_name, &g.email, &g.relation, g.language)
}

/// A guardian as Balise holds them; their language is said when the file sets one.
fn describe_view(g: &GuardianView, with_language: bool) -> String {
    describe_parts(g.rank, &g.first_name, &g.last_name, &g.email, &g.relation, with_language.then_some(g.language))
}

fn describe_parts(
    rank: i64,
    first: &str,
    last: &str,
    email: &str,
    relation: &str,
    language: Option<Language>,
) -> String {
    let mut text = format!("parent {rank} : {}", format!("{first} {last}").trim());
    if !email.is_empty() {
        text.push_str(&format!(" <{email}>"));
    }
    if !relation.is_empty() {
        text.push_str(&format!(" ({relation})"));
    }
    if let Some(language) = language {
        text.push_str(&format!(" [formulaire en {}]", language.label_fr()));
    }
    text
}

fn line_of_row(row: &RosterRow) -> StudentLine {
    StudentLine {
        line: Some(row.line),
        fiche: row.fiche.clone(),
        last_name: row.last_name.clone(),
        first_name: row.first_name.clone(),
        class_code: row.class_code.clone(),
    }
}

fn line_of_student(s: &StudentView) -> StudentLine {
    StudentLine {
        line: None,
        fiche: s.fiche.clone(),
        last_name: s.last_name.clone(),
        first_name: s.first_name.clone(),
        class_code: s.class_code.clone(),
    }
}

/// « Tremblay, Marie-Ève » is written « Marie-Ève Tremblay », as staff names are in the register.
pub(crate) fn teacher_display_name(written: &str) -> String {
    match written.split_once(',') {
        Some((last, first)) if !first.trim().is_empty() && !first.contains(',') => {
            format!("{} {}", first.trim(), last.trim())
        }
        _ => written.to_string(),
    }
}

/// Classes of the accepted lines missing from the year, teachers missing from the staff list,
/// and teachers to attach to existing classes.
fn classes_and_teachers(
    conn: &Connection,
    year: SchoolYear,
    rows: &[&RosterRow],
) -> Result<(Vec<NewClass>, Vec<String>, Vec<TeacherAssignment>)> {
    let existing = ExistingRegister::load(conn, year)?;
    let mut new_classes: Vec<NewClass> = Vec::new();
    let mut new_teachers: Vec<String> = Vec::new();
    let mut assignments: Vec<TeacherAssignment> = Vec::new();
    for row in rows {
        let class_key = row.class_code.to_lowercase();
        let existing_class = existing.classes.get(&class_key);
        if existing_class.is_none() {
            match new_classes.iter_mut().find(|c| c.code.to_lowercase() == class_key) {
                Some(class) if class.level.is_empty() => class.level = row.level.clone().unwrap_or_default(),
                Some(_) => {}
                None => new_classes.push(NewClass {
                    code: row.class_code.clone(),
                    level: row.level.clone().unwrap_or_default(),
                    teachers: Vec::new(),
                    teacher_refs: Vec::new(),
                }),
            }
        }
        for written in &row.teachers {
            let teacher = existing.teacher(written);
            if teacher.staff_id.is_none() && !new_teachers.iter().any(|t| fold(t) == fold(&teacher.name)) {
                new_teachers.push(teacher.name.clone());
            }
            match existing_class {
                Some((class_id, code, staff)) => {
                    let attached = teacher.staff_id.is_some_and(|id| staff.contains(&id));
                    let listed =
                        assignments.iter().any(|a| a.class_id == *class_id && fold(&a.teacher) == fold(&teacher.name));
                    if !attached && !listed {
                        assignments.push(TeacherAssignment {
                            class_code: code.clone(),
                            teacher: teacher.name.clone(),
                            class_id: *class_id,
                            teacher_ref: teacher,
                        });
                    }
                }
                None => {
                    let class =
                        new_classes.iter_mut().find(|c| c.code.to_lowercase() == class_key).expect("pushed above");
                    if !class.teachers.iter().any(|t| fold(t) == fold(&teacher.name)) {
                        class.teachers.push(teacher.name.clone());
                        class.teacher_refs.push(teacher);
                    }
                }
            }
        }
    }
    Ok((new_classes, new_teachers, assignments))
}

/// The year's classes (by lower-case code: id, code, teachers) and the staff (by folded name).
struct ExistingRegister {
    classes: HashMap<String, (i64, String, HashSet<i64>)>,
    staff: HashMap<String, (i64, String)>,
}

impl ExistingRegister {
    fn load(conn: &Connection, year: SchoolYear) -> Result<ExistingRegister> {
        let mut classes: HashMap<String, (i64, String, HashSet<i64>)> = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT c.id, c.code, t.staff_id FROM classes c LEFT JOIN class_teachers t ON t.class_id = c.id WHERE c.year = ?1",
        )?;
        let rows = stmt.query_map([year.to_string()], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<i64>>(2)?))
        })?;
        for row in rows {
            let (id, code, staff) = row?;
            let entry = classes.entry(code.to_lowercase()).or_insert_with(|| (id, code, HashSet::new()));
            entry.2.extend(staff);
        }
        let mut stmt = conn.prepare_cached("SELECT id, name, name_key FROM staff")?;
        let staff = stmt
            .query_map([], |r| Ok((r.get::<_, String>(2)?, (r.get::<_, i64>(0)?, r.get::<_, String>(1)?))))?
            .collect::<Result<HashMap<_, _>, _>>()?;
        Ok(ExistingRegister { classes, staff })
    }

    /// The staff member a file's teacher name designates (as written, or « Prénom Nom » for
    /// « Nom, Prénom »), else one to create under the « Prénom Nom » form.
    fn teacher(&self, written: &str) -> TeacherRef {
        let display = teacher_display_name(written);
        let found = self.staff.get(&fold(written)).or_else(|| self.staff.get(&fold(&display)));
        match found {
            Some((id, name)) => TeacherRef { name: name.clone(), staff_id: Some(*id) },
            None => TeacherRef { name: display, staff_id: None },
        }
    }
}
