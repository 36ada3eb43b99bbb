//! Each line of the table checked into a `RosterRow`, or `Rejected` with its line number and
//! every reason in French and English (never the refused value itself). Lines that repeat a
//! student: identical repeats are kept once; differing ones are all refused, since Balise cannot
//! tell which is right.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::collate::french_sort_key;
use super::columns::{Field, GuardianPart, Mapping};
use super::language::{self, Language};
use super::table::{RawRow, Table};
use super::values::{self, clean, Checked, Reason};

/// A student as the file describes him. `None` (and an empty level) means the file says nothing:
/// an import never erases what Balise knows from an empty cell, except guardians (below).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    pub line: usize,
    pub fiche: Option<String>,
    pub code_permanent: Option<String>,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: Option<NaiveDate>,
    pub class_code: String,
    pub level: Option<String>,
    /// As written in the file (« Tremblay, Marie-Ève » included).
    pub teachers: Vec<String>,
    /// `None` when the file has no guardian column; otherwise the student's guardians (at most
    /// two), which replace the current ones: a guardian the school no longer lists is ended.
    pub guardians: Option<Vec<GuardianRow>>,
    /// The family's language cell (`None`: no such column, or an empty cell). Without guardian
    /// columns, it sets the current guardians' language.
    pub family_language: Option<Language>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardianRow {
    pub last_name: String,
    pub first_name: String,
    pub email: String,
    pub relation: String,
    /// From the guardian's own language cell, else the family's; `None`: the file says nothing,
    /// and what Balise holds stays (French for a new guardian).
    pub language: Option<Language>,
}

/// A line refused: where, and why. The reason names fields, not values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub line: usize,
    pub reason: String,
    pub reason_en: String,
    /// Who the line was probably about, so that `--withdraw-missing` never marks departed a
    /// student whose line was merely refused.
    #[serde(skip)]
    pub(crate) hint: IdentityHint,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct IdentityHint {
    pub fiche: Option<String>,
    pub code_permanent: Option<String>,
    pub name_key: Option<String>,
}

impl Rejected {
    pub(crate) fn new(line: usize, reason: Reason, hint: IdentityHint) -> Rejected {
        Rejected { line, reason: reason.fr, reason_en: reason.en, hint }
    }
}

impl RosterRow {
    /// The key a student is found by when he has neither fiche nor code permanent.
    pub(crate) fn name_key(&self) -> String {
        name_key(&self.last_name, &self.first_name)
    }
}

pub(crate) fn name_key(last: &str, first: &str) -> String {
    format!("{}|{}", french_sort_key(last), french_sort_key(first))
}

/// Checks every line of `table` under `mapping`; lines come out in file order.
pub fn rows(table: &Table, mapping: &Mapping) -> (Vec<RosterRow>, Vec<Rejected>) {
    let workbook = table.format.is_workbook();
    let mut good = Vec::new();
    let mut rejected = Vec::new();
    for raw in &table.rows {
        match row(raw, mapping, workbook) {
            Ok(row) => good.push(row),
            Err((reason, hint)) => rejected.push(Rejected::new(raw.line, reason, hint)),
        }
    }
    let (good, duplicates) = without_duplicates(good);
    rejected.extend(duplicates);
    rejected.sort_by_key(|r| r.line);
    (good, rejected)
}

/// Reads one line, collecting every problem (« nom : manquant ; courriel du parent 1 : … »).
fn row(raw: &RawRow, mapping: &Mapping, workbook: bool) -> Result<RosterRow, (Reason, IdentityHint)> {
    let mut problems: Vec<(Field, Reason)> = Vec::new();
    let cell = |field: Field| mapping.index(field).and_then(|i| raw.cells.get(i)).map(|c| clean(c)).unwrap_or_default();

    let birth_date = match cell(Field::BirthDate) {
        empty if empty.is_empty() => None,
        text => values::birth_date(&text, workbook).map_err(|r| problems.push((Field::BirthDate, r))).ok(),
    };
    let teachers = teachers(&cell(Field::Teacher)).unwrap_or_else(|reason| {
        problems.push((Field::Teacher, reason));
        Vec::new()
    });
    let family_language = language_of(&cell(Field::FamilyLanguage));
    let guardians = guardians(raw, mapping, family_language, &mut problems);
    let (last, first) = names(&cell, mapping).unwrap_or_else(|reason| {
        problems.push((Field::FullName, reason));
        (String::new(), String::new())
    });
    let full_name_failed = problems.iter().any(|(field, _)| *field == Field::FullName);

    let mut take = |field: Field, value: String, required: bool, check: &dyn Fn(&str) -> Checked<String>| {
        if value.is_empty() {
            if required {
                problems.push((field, Reason::new("manquant", "missing")));
            }
            return None;
        }
        check(&value).map_err(|reason| problems.push((field, reason))).ok()
    };
    let fiche = take(Field::Fiche, cell(Field::Fiche), false, &values::fiche);
    let code_permanent = take(Field::CodePermanent, cell(Field::CodePermanent), false, &values::code_permanent);
    let last_name = take(Field::LastName, last, !full_name_failed, &values::name);
    let first_name = take(Field::FirstName, first, !full_name_failed, &values::name);
    let class_code = take(Field::Class, cell(Field::Class), true, &|c| values::plain(c, values::MAX_CLASS));
    let level = take(Field::Level, cell(Field::Level), false, &|l| values::plain(l, values::MAX_LEVEL));

    let hint = IdentityHint {
        fiche: fiche.clone(),
        code_permanent: code_permanent.clone(),
        name_key: last_name.as_ref().zip(first_name.as_ref()).map(|(l, f)| name_key(l, f)),
    };
    let (Some(last_name), Some(first_name), Some(class_code), true) =
        (last_name, first_name, class_code, problems.is_empty())
    else {
        return Err((joined(&problems), hint));
    };
    Ok(RosterRow {
        line: raw.line,
        fiche,
        code_permanent,
        last_name,
        first_name,
        birth_date,
        class_code,
        level,
        teachers,
        guardians,
        family_language,
    })
}

/// A language cell: English or French; a language Balise does not print gives the Directive's
/// French form (the line is not refused: the family's other data is good).
fn language_of(cell: &str) -> Option<Language> {
    language::read(cell).unwrap_or(Some(Language::Fr))
}

/// Last and first name, from their own columns or split from the combined one.
fn names(cell: &dyn Fn(Field) -> String, mapping: &Mapping) -> Checked<(String, String)> {
    if mapping.index(Field::LastName).is_some() && mapping.index(Field::FirstName).is_some() {
        return Ok((cell(Field::LastName), cell(Field::FirstName)));
    }
    match cell(Field::FullName) {
        full if full.is_empty() => Ok((String::new(), String::new())),
        full => values::split_full_name(&full),
    }
}

/// Several teachers in one cell: `;` always separates them; `/` only between two names, that
/// is with a letter or a period just before it and a letter just after it, spaces allowed
/// (« Marie Tremblay / Paul Roy », « Tremblay, M./Roy, P. »). Any other `/` belongs to the name:
/// « Julie <b>Bédard</b> » is one person, kept as those characters.
fn teachers(cell: &str) -> Checked<Vec<String>> {
    let mut names = Vec::new();
    for name in cell.split(';').flat_map(split_at_slashes_between_names).map(clean).filter(|n| !n.is_empty()) {
        names.push(values::name(&name)?);
    }
    Ok(names)
}

fn split_at_slashes_between_names(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (at, c) in text.char_indices().filter(|(_, c)| *c == '/') {
        let before = text[..at].trim_end().chars().next_back();
        let after = text[at + c.len_utf8()..].trim_start().chars().next();
        if before.is_some_and(|b| b.is_alphabetic() || b == '.') && after.is_some_and(char::is_alphabetic) {
            parts.push(&text[start..at]);
            start = at + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

/// The first two guardians with any data, in slot order; `None` without guardian columns.
fn guardians(
    raw: &RawRow,
    mapping: &Mapping,
    family_language: Option<Language>,
    problems: &mut Vec<(Field, Reason)>,
) -> Option<Vec<GuardianRow>> {
    let slots = mapping.guardian_slots();
    if slots.is_empty() {
        return None;
    }
    let mut found = Vec::new();
    for slot in slots {
        let part = |p: GuardianPart| {
            mapping.index(Field::Guardian(slot, p)).and_then(|i| raw.cells.get(i)).map(|c| clean(c)).unwrap_or_default()
        };
        let (last, first, email, relation) = (
            part(GuardianPart::LastName),
            part(GuardianPart::FirstName),
            part(GuardianPart::Email),
            part(GuardianPart::Relation),
        );
        if last.is_empty() && first.is_empty() && email.is_empty() {
            continue;
        }
        let mut check = |p: GuardianPart, value: &str, f: &dyn Fn(&str) -> Checked<String>| -> String {
            if value.is_empty() {
                return String::new();
            }
            f(value).unwrap_or_else(|reason| {
                problems.push((Field::Guardian(slot, p), reason));
                String::new()
            })
        };
        let relation = if relation.is_empty() { slot.implied_relation().to_string() } else { relation };
        found.push(GuardianRow {
            last_name: check(GuardianPart::LastName, &last, &values::name),
            first_name: check(GuardianPart::FirstName, &first, &values::name),
            email: check(GuardianPart::Email, &email, &values::email),
            relation: check(GuardianPart::Relation, &relation, &|r| values::plain(r, values::MAX_RELATION)),
            language: language_of(&part(GuardianPart::Language)).or(family_language),
        });
    }
    found.truncate(2);
    Some(found)
}

fn joined(problems: &[(Field, Reason)]) -> Reason {
    let fr: Vec<String> = problems.iter().map(|(field, r)| format!("{} : {}", field.label(), r.fr)).collect();
    let en: Vec<String> = problems.iter().map(|(field, r)| format!("{}: {}", field.label_en(), r.en)).collect();
    Reason::new(fr.join(" ; "), en.join("; "))
}

/// Lines naming the same student (same fiche, else same code permanent, else same name and birth
/// date): kept once when identical, all refused when they differ.
fn without_duplicates(rows: Vec<RosterRow>) -> (Vec<RosterRow>, Vec<Rejected>) {
    let mut rejected = Vec::new();
    let mut rows = rows;
    for key in [DuplicateKey::Fiche, DuplicateKey::CodePermanent, DuplicateKey::NameAndBirth] {
        let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, row) in rows.iter().enumerate() {
            if let Some(k) = key.of(row) {
                groups.entry(k).or_default().push(i);
            }
        }
        let mut drop = vec![false; rows.len()];
        for members in groups.values().filter(|m| m.len() > 1) {
            let first = &rows[members[0]];
            let identical = members.iter().all(|&i| RosterRow { line: first.line, ..rows[i].clone() } == *first);
            for (n, &i) in members.iter().enumerate() {
                if identical {
                    drop[i] = n > 0;
                    continue;
                }
                drop[i] = true;
                let others: Vec<String> =
                    members.iter().filter(|&&j| j != i).map(|&j| rows[j].line.to_string()).collect();
                let hint = IdentityHint {
                    fiche: rows[i].fiche.clone(),
                    code_permanent: rows[i].code_permanent.clone(),
                    name_key: Some(rows[i].name_key()),
                };
                rejected.push(Rejected::new(rows[i].line, key.reason(&others.join(", ")), hint));
            }
        }
        let mut index = 0;
        rows.retain(|_| {
            index += 1;
            !drop[index - 1]
        });
    }
    (rows, rejected)
}

#[derive(Clone, Copy)]
enum DuplicateKey {
    Fiche,
    CodePermanent,
    NameAndBirth,
}

impl DuplicateKey {
    fn of(self, row: &RosterRow) -> Option<String> {
        match self {
            DuplicateKey::Fiche => row.fiche.clone(),
            DuplicateKey::CodePermanent => row.code_permanent.clone(),
            DuplicateKey::NameAndBirth if row.fiche.is_none() && row.code_permanent.is_none() => {
                Some(format!("{}|{:?}", row.name_key(), row.birth_date))
            }
            DuplicateKey::NameAndBirth => None,
        }
    }

    fn reason(self, others: &str) -> Reason {
        match self {
            DuplicateKey::Fiche => Reason::new(
                format!("fiche en double avec des données différentes (voir aussi la ligne {others}) : aucune des lignes n'est importée"),
                format!("duplicate student number with different data (see also line {others}): none of the lines is imported"),
            ),
            DuplicateKey::CodePermanent => Reason::new(
                format!("code permanent en double (voir aussi la ligne {others}) : aucune des lignes n'est importée"),
                format!("duplicate permanent code (see also line {others}): none of the lines is imported"),
            ),
            DuplicateKey::NameAndBirth => Reason::new(
                format!("même nom et même date de naissance qu'à la ligne {others}, sans fiche ni code permanent pour les distinguer : aucune des lignes n'est importée"),
                format!("same name and date of birth as line {others}, with no student number or permanent code to tell them apart: none of the lines is imported"),
            ),
        }
    }
}
