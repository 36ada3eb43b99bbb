//! OneRoster 1.1 and 1.2 CSV (a zip or a folder) flattened into the same `Table` as a GPI export:
//! one row per student with French headers that `columns::recognise` knows. The student's class is
//! his homeroom class, else his first class; its teachers are the users enrolled as teachers;
//! guardians are users with role parent or guardian linked through `agentSourcedIds` (either way).
//! Legal names are used, not 1.2's preferred names: the consent form is a legal document.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

use super::table::{csv_records, Format, RawRow, Table};
use super::{decode, MAX_FILE_BYTES, MAX_UNPACKED_BYTES};
use crate::error::{Error, Result};
use crate::input;

/// The files of an export `flatten` reads; a zip's other entries are never inflated.
const READ: [&str; 6] =
    ["users.csv", "classes.csv", "enrollments.csv", "roles.csv", "demographics.csv", "manifest.csv"];

/// The entries a OneRoster zip may hold: an export has one file per kind of object, about
/// fifteen in 1.2, and a folder entry or two.
const MAX_ENTRIES: usize = 100;

/// The first guardian column in `HEADERS`.
const GUARDIANS_FROM: usize = 7;

const HEADERS: [&str; 15] = [
    "Fiche",
    "Nom",
    "Prénom",
    "Date de naissance",
    "Groupe",
    "Niveau",
    "Enseignant",
    "Parent 1 nom",
    "Parent 1 prénom",
    "Parent 1 courriel",
    "Parent 1 lien",
    "Parent 2 nom",
    "Parent 2 prénom",
    "Parent 2 courriel",
    "Parent 2 lien",
];

pub(crate) fn is_oneroster_zip(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes))
        .map(|zip| zip.file_names().any(|n| n.map(|n| base_name(&n) == "users.csv").unwrap_or(false)))
        .unwrap_or(false)
}

/// Reads the export's files from a zip, never trusting what the zip says of itself: at most
/// `MAX_ENTRIES` entries; only the files `flatten` reads are inflated, each through a bound of
/// `MAX_FILE_BYTES` (the size an entry declares may lie) and all of them within
/// `MAX_UNPACKED_BYTES`. A 20 MB zip of 400 entries of 50 MiB is refused in a moment.
pub(crate) fn read_zip(bytes: &[u8], file_name: &str) -> Result<Table> {
    let damaged = || unreadable(file_name, "zip illisible", "unreadable zip");
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged())?;
    if zip.len() > MAX_ENTRIES {
        return Err(unreadable(
            file_name,
            &format!("ce zip contient plus de {MAX_ENTRIES} fichiers, bien plus qu'un export OneRoster ; vérifiez que c'est le bon fichier"),
            &format!("this zip holds more than {MAX_ENTRIES} files, far more than a OneRoster export; check that it is the right file"),
        ));
    }
    let mut files: HashMap<String, Vec<u8>> = HashMap::new();
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|_| damaged())?;
        let name = entry.name().map(|n| base_name(&n)).unwrap_or_default();
        if entry.is_dir() || !READ.contains(&name.as_str()) {
            continue;
        }
        let left = MAX_UNPACKED_BYTES - unpacked;
        let bound = (MAX_FILE_BYTES as u64).min(left);
        let too_large = || unpacks_too_large(file_name, &name, bound < MAX_FILE_BYTES as u64);
        if entry.size() > bound {
            return Err(too_large());
        }
        let mut content = Vec::new();
        entry.by_ref().take(bound + 1).read_to_end(&mut content).map_err(|_| damaged())?;
        if content.len() as u64 > bound {
            return Err(too_large());
        }
        unpacked += content.len() as u64;
        files.insert(name, content);
    }
    flatten(&Files(files), file_name)
}

pub(crate) fn read_folder(folder: &Path, folder_name: &str) -> Result<Table> {
    let mut files: HashMap<String, Vec<u8>> = HashMap::new();
    for entry in std::fs::read_dir(folder).map_err(|e| Error::io(folder, e))? {
        let path = entry.map_err(|e| Error::io(folder, e))?.path();
        let name = base_name(&path.to_string_lossy());
        if !READ.contains(&name.as_str()) {
            continue;
        }
        files.insert(name, input::read(&path, input::Kind::ClassList)?);
    }
    if !files.contains_key("users.csv") {
        return Err(unreadable(
            folder_name,
            "ce dossier n'a pas de users.csv : ce n'est pas un export OneRoster",
            "this folder has no users.csv: it is not a OneRoster export",
        ));
    }
    flatten(&Files(files), folder_name)
}

/// The CSV files of the export, by lower-case base name.
struct Files(HashMap<String, Vec<u8>>);

/// One OneRoster CSV file: its columns by name and its records.
struct Sheet {
    columns: HashMap<String, usize>,
    rows: Vec<RawRow>,
}

impl Sheet {
    fn get<'a>(&self, row: &'a RawRow, column: &str) -> &'a str {
        self.columns.get(&column.to_lowercase()).and_then(|&i| row.cells.get(i)).map(|s| s.trim()).unwrap_or("")
    }

    fn live(&self) -> impl Iterator<Item = &RawRow> {
        self.rows.iter().filter(|r| !self.get(r, "status").eq_ignore_ascii_case("tobedeleted"))
    }
}

impl Files {
    fn sheet(&self, name: &str, export: &str) -> Result<Option<Sheet>> {
        let Some(bytes) = self.0.get(name) else { return Ok(None) };
        let (text, _) = decode::decode(bytes).map_err(|problem| Error::RosterEncoding {
            name: format!("{export}/{name}"),
            line: problem.line,
            reason: problem.reason.into(),
            reason_en: problem.reason_en.into(),
        })?;
        let mut rows = csv_records(&text, b',', &format!("{export}/{name}"))?;
        if rows.is_empty() {
            return Ok(Some(Sheet { columns: HashMap::new(), rows }));
        }
        let header = rows.remove(0);
        let columns = header.cells.iter().enumerate().map(|(i, h)| (h.trim().to_lowercase(), i)).collect();
        Ok(Some(Sheet { columns, rows }))
    }

    fn required(&self, name: &str, export: &str) -> Result<Sheet> {
        self.sheet(name, export)?.ok_or_else(|| {
            unreadable(
                export,
                &format!("l'export OneRoster n'a pas de {name}"),
                &format!("the OneRoster export has no {name}"),
            )
        })
    }
}

struct User {
    line: usize,
    given: String,
    family: String,
    identifier: String,
    email: String,
    role: String,
    agents: Vec<String>,
    grades: String,
}

fn flatten(files: &Files, export: &str) -> Result<Table> {
    let users_sheet = files.required("users.csv", export)?;
    let classes = files.required("classes.csv", export)?;
    let enrollments = files.required("enrollments.csv", export)?;
    let roles = files.sheet("roles.csv", export)?;
    let demographics = files.sheet("demographics.csv", export)?;
    let version = version(files, export, roles.is_some())?;

    let role_of = roles.as_ref().map(primary_roles).unwrap_or_default();
    let (order, users) = users(&users_sheet, &role_of);
    let births: HashMap<&str, &str> = demographics
        .as_ref()
        .map(|d| d.live().map(|r| (d.get(r, "sourcedId"), d.get(r, "birthDate"))).collect())
        .unwrap_or_default();
    let class_rows: HashMap<&str, &RawRow> = classes.live().map(|r| (classes.get(r, "sourcedId"), r)).collect();
    let mut students_of: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut teachers_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for row in enrollments.live() {
        let (class, user) = (enrollments.get(row, "classSourcedId"), enrollments.get(row, "userSourcedId"));
        match enrollments.get(row, "role").to_lowercase().as_str() {
            "student" => students_of.entry(user).or_default().push(class),
            "teacher" => teachers_of.entry(class).or_default().push(user),
            _ => {}
        }
    }

    let mut rows = Vec::new();
    for id in order.iter().filter(|id| users[*id].role == "student") {
        let student = &users[id];
        let class = students_of.get(id.as_str()).and_then(|classes_of| homeroom(classes_of, &class_rows, &classes));
        let (group, class_grades, teachers) = match class {
            Some((class_id, row)) => {
                let code = classes.get(row, "classCode");
                let group = if code.is_empty() { classes.get(row, "title") } else { code };
                let names: Vec<String> = teachers_of
                    .get(class_id)
                    .into_iter()
                    .flatten()
                    .filter_map(|t| users.get(*t))
                    .map(|t| format!("{} {}", t.given, t.family).trim().to_string())
                    .collect();
                (group.to_string(), classes.get(row, "grades").to_string(), names.join("; "))
            }
            None => (String::new(), String::new(), String::new()),
        };
        let fiche = if student.identifier.is_empty() { id.to_string() } else { student.identifier.clone() };
        let grades = if student.grades.is_empty() { class_grades } else { student.grades.clone() };
        let mut cells = vec![
            fiche,
            student.family.clone(),
            student.given.clone(),
            births.get(id.as_str()).copied().unwrap_or("").to_string(),
            group,
            grades,
            teachers,
        ];
        for guardian in guardians_of(id, &order, &users).into_iter().take(2) {
            let relation = if guardian.role == "guardian" { "tuteur" } else { "parent" };
            cells.extend([guardian.family.clone(), guardian.given.clone(), guardian.email.clone(), relation.into()]);
        }
        cells.resize(HEADERS.len(), String::new());
        rows.push(RawRow { line: student.line, cells });
    }
    // Without a single parent or guardian in the export, the file says nothing about guardians:
    // no guardian column, so that an import never ends the guardians another file gave.
    let width = if rows.iter().any(|r| r.cells[GUARDIANS_FROM..].iter().any(|c| !c.is_empty())) {
        HEADERS.len()
    } else {
        GUARDIANS_FROM
    };
    for row in &mut rows {
        row.cells.truncate(width);
    }
    Ok(Table {
        headers: HEADERS[..width].iter().map(|h| h.to_string()).collect(),
        rows,
        sheets: Vec::new(),
        format: Format::OneRoster { version },
    })
}

/// The users by sourcedId, and their order in the file. In 1.2 the role comes from roles.csv.
fn users(sheet: &Sheet, role_of: &HashMap<String, String>) -> (Vec<String>, HashMap<String, User>) {
    let mut order = Vec::new();
    let mut users = HashMap::new();
    for row in sheet.live() {
        let id = sheet.get(row, "sourcedId").to_string();
        let role = role_of.get(&id).cloned().unwrap_or_else(|| sheet.get(row, "role").to_lowercase());
        let user = User {
            line: row.line,
            given: sheet.get(row, "givenName").to_string(),
            family: sheet.get(row, "familyName").to_string(),
            identifier: sheet.get(row, "identifier").to_string(),
            email: sheet.get(row, "email").to_string(),
            role,
            agents: sheet
                .get(row, "agentSourcedIds")
                .split(',')
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect(),
            grades: sheet.get(row, "grades").to_string(),
        };
        if users.insert(id.clone(), user).is_none() {
            order.push(id);
        }
    }
    (order, users)
}

/// 1.2's roles.csv: each user's primary role (else the first listed).
fn primary_roles(roles: &Sheet) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    for row in roles.live() {
        let user = roles.get(row, "userSourcedId").to_string();
        let role = roles.get(row, "role").to_lowercase();
        if roles.get(row, "roleType").eq_ignore_ascii_case("primary") {
            out.insert(user, role);
        } else {
            out.entry(user).or_insert(role);
        }
    }
    out
}

/// The student's homeroom class if he has one, else his first class in the file.
fn homeroom<'a>(
    class_ids: &[&'a str],
    class_rows: &HashMap<&str, &'a RawRow>,
    classes: &Sheet,
) -> Option<(&'a str, &'a RawRow)> {
    let known: Vec<(&str, &RawRow)> =
        class_ids.iter().filter_map(|id| class_rows.get(id).map(|row| (*id, *row))).collect();
    known
        .iter()
        .find(|(_, row)| classes.get(row, "classType").eq_ignore_ascii_case("homeroom"))
        .or(known.first())
        .copied()
}

/// Parents and guardians linked to the student, from either side of `agentSourcedIds`, in file order.
fn guardians_of<'a>(student: &str, order: &[String], users: &'a HashMap<String, User>) -> Vec<&'a User> {
    let is_guardian = |u: &User| u.role == "parent" || u.role == "guardian";
    let named_by_student = &users[student].agents;
    order
        .iter()
        .filter_map(|id| users.get(id).map(|u| (id, u)))
        .filter(|(id, u)| is_guardian(u) && (named_by_student.contains(id) || u.agents.iter().any(|a| a == student)))
        .map(|(_, u)| u)
        .collect()
}

/// `oneroster.version` from manifest.csv; else 1.2 when roles.csv is there, 1.1 otherwise.
fn version(files: &Files, export: &str, has_roles: bool) -> Result<String> {
    if let Some(manifest) = files.sheet("manifest.csv", export)? {
        let stated = manifest
            .rows
            .iter()
            .find(|r| manifest.get(r, "propertyName").eq_ignore_ascii_case("oneroster.version"))
            .map(|r| manifest.get(r, "value").to_string());
        if let Some(version) = stated.filter(|v| !v.is_empty()) {
            return Ok(version);
        }
    }
    Ok(if has_roles { "1.2" } else { "1.1" }.to_string())
}

fn base_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_lowercase()
}

/// An entry, or the entries together, would unpack past their bound: a zip bomb or the wrong file.
fn unpacks_too_large(file_name: &str, entry: &str, all_together: bool) -> Error {
    let (megabytes, what, what_en) = if all_together {
        (MAX_UNPACKED_BYTES >> 20, "ce zip".to_string(), "this zip".to_string())
    } else {
        (MAX_FILE_BYTES as u64 >> 20, format!("« {entry} » dans ce zip"), format!("\"{entry}\" in this zip"))
    };
    unreadable(
        file_name,
        &format!("{what} dépasserait {megabytes} Mo une fois décompressé, bien plus qu'une liste d'élèves ; vérifiez que c'est le bon fichier"),
        &format!("{what_en} would exceed {megabytes} MB unpacked, far more than a class list; check that it is the right file"),
    )
}

fn unreadable(name: &str, reason: &str, reason_en: &str) -> Error {
    Error::RosterUnreadable { name: name.to_string(), reason: reason.into(), reason_en: reason_en.into() }
}
