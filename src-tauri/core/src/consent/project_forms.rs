//! The forms of projects (issue 17): annexes 3 and 5 for each student taking part, annexes 4
//! and 6 for each adult the project shows. Same engine as the Annexe A: a form is numbered once
//! in the store's one series, printed in batches (each printing an event), and what comes back is
//! appended, never overwritten — a receipt with each box ticked or not, a refusal, a withdrawal
//! of some boxes, a correction. What a form allows on a day is `derive`d from its events:
//!
//! - only a ticked box allows (« cochez si vous êtes d'accord »: a box left empty on a returned
//!   form is a refusal of that item);
//! - each person's latest paper stands; one person's « non » where another said « oui » counts as
//!   « non » and is flagged (the Directive's 5.7, read the same way here);
//! - a withdrawal takes its boxes back from its date, for everyone, until a new form is signed;
//! - a signature by someone not on file does not count until the office links it;
//! - the form holds for the project's dates: after its end it allows nothing (« échu »).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::lookup::{full_years, other_template};
use super::registry;
use super::returns::{resolve_signer, SignerInput};
use super::state::{How, Reply, Signer};
use crate::attachment::{self, NewAttachment};
use crate::error::{Error, Result};
use crate::export::{self, Existing};
use crate::forms::number;
use crate::forms::template::{allowed_words, mark_of_box, Item, ItemKind, Mark, TemplateId};
use crate::pdf::template_form::{self, Identified, ProjectLine, TemplateForm};
use crate::projects::{self, Adult, Participant, Project};
use crate::roster::students::load_student;
use crate::roster::StudentView;
use crate::settings::{self, Key};
use crate::store::Db;
use crate::text::{fold, invalid, line, Field};
use crate::year;

/// Whom a batch prints for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Who {
    /// The students taking part (annexe 3 or 5), all of them or one class's.
    Students { class: Option<String> },
    /// The adults the project shows (annexe 4 or 6).
    Adults,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProjectPrint {
    pub project_id: i64,
    pub who: Who,
    /// Only the forms not back yet (a reminder).
    #[serde(default)]
    pub missing_only: bool,
}

/// A project's form and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectForm {
    pub number: String,
    pub template: TemplateId,
    pub project_id: i64,
    pub student_id: Option<i64>,
    pub adult_id: Option<i64>,
    /// « Côté, Émile ».
    pub name: String,
    /// The class code, or the adult's role.
    pub group: String,
    pub state: ItemsState,
}

/// What a form allows on a day.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ItemsState {
    pub items: Vec<ItemState>,
    pub printed: u32,
    pub returned_on: Option<NaiveDate>,
    pub status: ItemsStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemState {
    pub key: &'static str,
    pub mark: Mark,
    pub allowed: bool,
    /// What staff read: what it allows, or what they must not do.
    pub words: &'static str,
}

/// Where a project's form stands, in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemsStatus {
    #[default]
    NotPrinted,
    NotReturned,
    Returned,
    Refused,
    Withdrawn,
    Contradictory,
    UnknownSigner,
    /// The project is over: the form allows nothing more.
    Expired,
}

impl ItemsStatus {
    pub fn label_fr(self) -> &'static str {
        match self {
            ItemsStatus::NotPrinted => "non imprimé",
            ItemsStatus::NotReturned => "non revenu",
            ItemsStatus::Returned => "revenu",
            ItemsStatus::Refused => "refusé",
            ItemsStatus::Withdrawn => "retiré",
            ItemsStatus::Contradictory => "réponses contradictoires",
            ItemsStatus::UnknownSigner => "signataire non inscrit au dossier",
            ItemsStatus::Expired => "échu (projet terminé)",
        }
    }

    /// Back, whatever it says.
    pub fn returned(self) -> bool {
        !matches!(self, ItemsStatus::NotPrinted | ItemsStatus::NotReturned)
    }
}

/// A returned form as typed: the boxes ticked, the day, who signed, how.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ItemsReturn {
    /// The keys of the boxes ticked; every other box of the form was left empty.
    pub ticked: Vec<String>,
    #[serde(default)]
    pub received_on: Option<NaiveDate>,
    /// For a student's form: the parent (as on the Annexe A). An adult signs their own.
    #[serde(default)]
    pub signer: SignerInput,
    #[serde(default)]
    pub how: How,
    #[serde(default)]
    pub do_not_contact_reason: Option<String>,
}

/// What a batch printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintedProjectBatch {
    pub path: PathBuf,
    pub template: TemplateId,
    pub forms: Vec<PrintedProjectForm>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintedProjectForm {
    pub number: String,
    pub name: String,
    pub group: String,
}

/// What a record, refusal or withdrawal leaves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordedItems {
    pub number: String,
    pub template: TemplateId,
    pub event_id: i64,
    pub state: ItemsState,
}

// ------------------------------------------------------------------ events -------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ReturnedItems {
    items: BTreeMap<String, Reply>,
    signer: Signer,
    how: How,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct RefusedItems {
    signer: Signer,
    how: How,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct WithdrawnItems {
    items: Vec<String>,
    by: String,
    how: How,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct CorrectedItems {
    corrects: i64,
    #[serde(flatten)]
    returned: ReturnedItems,
    reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Decision {
    Returned(ReturnedItems),
    Refused(RefusedItems),
    Withdrawn(WithdrawnItems),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct ItemsEvent {
    id: i64,
    on: NaiveDate,
    kind: ItemsEventKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum ItemsEventKind {
    Printed,
    Decision(Decision),
    Corrected(CorrectedItems),
}

fn events_of(conn: &Connection, form_id: i64) -> Result<Vec<ItemsEvent>> {
    let mut stmt =
        conn.prepare_cached("SELECT form_id, id, kind, on_date, data FROM form_events WHERE form_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([form_id], raw_event)?.collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(|(_, id, kind, on, data)| event(id, &kind, &on, &data)).collect()
}

/// The events of every form of a project in one query, by form (a project's list and the
/// dashboard read them all).
fn events_of_project(conn: &Connection, project_id: i64) -> Result<BTreeMap<i64, Vec<ItemsEvent>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.form_id, e.id, e.kind, e.on_date, e.data FROM form_events e JOIN forms f ON f.id = e.form_id
         WHERE f.project_id = ?1 ORDER BY e.id",
    )?;
    let rows = stmt.query_map([project_id], raw_event)?.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out: BTreeMap<i64, Vec<ItemsEvent>> = BTreeMap::new();
    for (form_id, id, kind, on, data) in rows {
        out.entry(form_id).or_default().push(event(id, &kind, &on, &data)?);
    }
    Ok(out)
}

type RawEvent = (i64, i64, String, String, String);

fn raw_event(r: &rusqlite::Row) -> rusqlite::Result<RawEvent> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn event(id: i64, kind: &str, on: &str, data: &str) -> Result<ItemsEvent> {
    let on = crate::text::date_from_sql(on)?;
    let bad = |e: serde_json::Error| Error::Database(format!("événement {id} illisible : {e}"));
    let kind = match kind {
        "imprime" => ItemsEventKind::Printed,
        "recu" => ItemsEventKind::Decision(Decision::Returned(serde_json::from_str(data).map_err(bad)?)),
        "refuse" => ItemsEventKind::Decision(Decision::Refused(serde_json::from_str(data).map_err(bad)?)),
        "retire" => ItemsEventKind::Decision(Decision::Withdrawn(serde_json::from_str(data).map_err(bad)?)),
        "corrige" => ItemsEventKind::Corrected(serde_json::from_str(data).map_err(bad)?),
        other => return Err(Error::Database(format!("type d'événement inconnu : {other}"))),
    };
    Ok(ItemsEvent { id, on, kind })
}

/// Whose answers a decision is: a guardian on file, the student, or a name (an adult signing
/// their own form, a person with parental authority, or a name not on file).
fn voice(signer: &Signer) -> String {
    match (signer.guardian_id, signer.student) {
        (Some(id), _) => format!("g{id}"),
        (None, true) => "eleve".into(),
        _ => format!("n:{}", fold(&signer.name)),
    }
}

/// **The** rule of a project's form: what its events allow on `on`, for a project ending on
/// `ends_on`.
fn derive(template: TemplateId, events: &[ItemsEvent], on: NaiveDate, ends_on: NaiveDate) -> ItemsState {
    let items = template.template().items;
    let printed = events.iter().filter(|e| matches!(e.kind, ItemsEventKind::Printed)).count() as u32;
    // A correction replaces what the event it corrects said, and its date.
    let mut decisions: Vec<(NaiveDate, i64, Decision)> = Vec::new();
    for event in events {
        if let ItemsEventKind::Decision(decision) = &event.kind {
            decisions.push((event.on, event.id, decision.clone()));
        }
    }
    for event in events {
        if let ItemsEventKind::Corrected(correction) = &event.kind {
            if let Some(target) = decisions.iter_mut().find(|(_, id, _)| *id == correction.corrects) {
                *target = (event.on, target.1, Decision::Returned(correction.returned.clone()));
            }
        }
    }
    decisions.retain(|(day, _, _)| *day <= on);
    decisions.sort_by_key(|(day, id, _)| (*day, *id));

    let mut voices: BTreeMap<String, (BTreeMap<String, Reply>, bool, bool)> = BTreeMap::new();
    let mut returned_on = None;
    let mut withdrawn = false;
    for (day, _, decision) in &decisions {
        match decision {
            Decision::Returned(r) => {
                voices.insert(voice(&r.signer), (r.items.clone(), r.signer.counts(), false));
                returned_on = Some(*day);
                withdrawn = false;
            }
            Decision::Refused(r) => {
                let all_no = items.iter().map(|i| (i.key.to_string(), Reply::Non)).collect();
                voices.insert(voice(&r.signer), (all_no, r.signer.counts(), true));
                returned_on = Some(*day);
            }
            Decision::Withdrawn(w) => {
                for (replies, _, _) in voices.values_mut() {
                    for key in &w.items {
                        replies.insert(key.clone(), Reply::Non);
                    }
                }
                withdrawn = true;
            }
        }
    }
    let counted: Vec<_> = voices.values().filter(|(_, counts, _)| *counts).collect();
    let expired = on > ends_on;
    let mut contradictory = false;
    let states = items
        .iter()
        .map(|item| {
            let mark = if voices.is_empty() {
                Mark::NotReturned
            } else if counted.is_empty() {
                Mark::Blank
            } else {
                let replies: Vec<Reply> =
                    counted.iter().map(|(r, _, _)| r.get(item.key).copied().unwrap_or(Reply::Vide)).collect();
                let yes = replies.contains(&Reply::Oui);
                let no = replies.contains(&Reply::Non);
                contradictory |= yes && no;
                if no {
                    Mark::No
                } else if yes && replies.iter().all(|r| *r == Reply::Oui) {
                    Mark::Yes
                } else {
                    Mark::Blank
                }
            };
            item_state(item, mark, expired)
        })
        .collect();
    let refused = counted.iter().any(|(_, _, refused)| *refused);
    let status = if returned_on.is_none() {
        if printed > 0 {
            ItemsStatus::NotReturned
        } else {
            ItemsStatus::NotPrinted
        }
    } else if contradictory {
        ItemsStatus::Contradictory
    } else if counted.is_empty() {
        ItemsStatus::UnknownSigner
    } else if expired {
        ItemsStatus::Expired
    } else if withdrawn {
        ItemsStatus::Withdrawn
    } else if refused {
        ItemsStatus::Refused
    } else {
        ItemsStatus::Returned
    };
    ItemsState { items: states, printed, returned_on, status }
}

fn item_state(item: &'static Item, mark: Mark, expired: bool) -> ItemState {
    let allowed = crate::forms::template::allows(mark) && !expired;
    let words = if expired { "projet terminé : plus rien n'est permis" } else { allowed_words(item, mark) };
    ItemState { key: item.key, mark, allowed, words }
}

// ------------------------------------------------------------------ reading -------------

/// A project's form as stored.
#[derive(Debug, Clone)]
struct FormRow {
    id: i64,
    number: String,
    template: TemplateId,
    project_id: i64,
    student_id: Option<i64>,
    adult_id: Option<i64>,
}

const FORM_COLUMNS: &str = "f.id, f.number, f.template, f.project_id, f.student_id, f.adult_id";

fn form_from_row(r: &rusqlite::Row) -> rusqlite::Result<FormRow> {
    let template: String = r.get(2)?;
    let template = TemplateId::parse(&template).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, "modèle inconnu".into())
    })?;
    Ok(FormRow {
        id: r.get(0)?,
        number: r.get(1)?,
        template,
        project_id: r.get(3)?,
        student_id: r.get(4)?,
        adult_id: r.get(5)?,
    })
}

/// The project form a typed number stands for; an Annexe A number says where it is recorded.
fn find(conn: &Connection, typed: &str) -> Result<FormRow> {
    let number = number::normalize(typed)?;
    let found = conn
        .query_row(
            &format!("SELECT {FORM_COLUMNS} FROM forms f WHERE f.number = ?1 AND f.project_id IS NOT NULL"),
            [&number],
            form_from_row,
        )
        .optional()?;
    if let Some(found) = found {
        return Ok(found);
    }
    Err(other_template(conn, &number)?.unwrap_or(Error::FormNotFound(number)))
}

/// The forms of a project and where each stands today: its students' then its adults'.
pub fn forms_of(db: &Db, project_id: i64) -> Result<Vec<ProjectForm>> {
    let project = projects::get(db, project_id)?;
    let today = db.clock().today();
    let rows: Vec<FormRow> = db
        .conn
        .prepare_cached(&format!("SELECT {FORM_COLUMNS} FROM forms f WHERE f.project_id = ?1 ORDER BY f.id"))?
        .query_map([project_id], form_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut by_student: BTreeMap<i64, &FormRow> = BTreeMap::new();
    let mut by_adult: BTreeMap<i64, &FormRow> = BTreeMap::new();
    for row in &rows {
        if let Some(id) = row.student_id {
            by_student.insert(id, row);
        }
        if let Some(id) = row.adult_id {
            by_adult.insert(id, row);
        }
    }
    let mut events = events_of_project(&db.conn, project_id)?;
    let people = projects::participants(db, project_id)?
        .into_iter()
        .map(Person::Student)
        .chain(projects::adults(db, project_id)?.into_iter().map(Person::Adult));
    let mut out = Vec::new();
    for person in people {
        let (row, template, student_id, adult_id) = match &person {
            Person::Student(p) => (by_student.get(&p.student_id), project.student_template(), Some(p.student_id), None),
            Person::Adult(a) => (by_adult.get(&a.id), project.adult_template(), None, Some(a.id)),
        };
        let (number, state) = match row {
            Some(row) => {
                let events = events.remove(&row.id).unwrap_or_default();
                (row.number.clone(), derive(row.template, &events, today, project.ends_on))
            }
            None => (String::new(), derive(template, &[], today, project.ends_on)),
        };
        out.push(ProjectForm {
            number,
            template,
            project_id,
            student_id,
            adult_id,
            name: person.name(),
            group: person.group(),
            state,
        });
    }
    Ok(out)
}

/// One form by its number, and where it stands today.
pub fn show(db: &Db, typed: &str) -> Result<ProjectForm> {
    let row = find(&db.conn, typed)?;
    let project = projects::get_in(&db.conn, row.project_id)?;
    let state = derive(row.template, &events_of(&db.conn, row.id)?, db.clock().today(), project.ends_on);
    let person = match (row.student_id, row.adult_id) {
        (Some(id), _) => {
            let s = load_student(&db.conn, id)?.ok_or_else(|| Error::FormNotFound(row.number.clone()))?;
            (format!("{}, {}", s.last_name, s.first_name), s.class_code)
        }
        (None, Some(id)) => {
            let a = projects::adult_in(&db.conn, id)?;
            (format!("{}, {}", a.last_name, a.first_name), a.role.label_fr().to_string())
        }
        (None, None) => return Err(Error::FormNotFound(row.number)),
    };
    Ok(ProjectForm {
        number: row.number,
        template: row.template,
        project_id: row.project_id,
        student_id: row.student_id,
        adult_id: row.adult_id,
        name: person.0,
        group: person.1,
        state,
    })
}

// ------------------------------------------------------------------ printing ------------

/// Prints a project's forms (numbering those printed for the first time) in one PDF at
/// `output`: each form one page, each printing an event, the file published only once the
/// transaction committed.
pub fn print(db: &mut Db, request: &ProjectPrint, output: &Path, existing: Existing) -> Result<PrintedProjectBatch> {
    export::refuse_existing(&[output], existing)?;
    let project = projects::get(db, request.project_id)?;
    let today = db.clock().today();
    year::ensure_open(&db.conn, project.year, year::Write::Consent { today })?;
    let css_name = settings::get(db, Key::CssName)?;
    let site = settings::get(db, Key::SocialMediaSite)?;
    let school_name = settings::get(db, Key::SchoolName)?;
    if school_name.trim().is_empty() {
        return Err(Error::SettingNeededToPrint {
            what: "la mention du nom de l'école".into(),
            what_en: "The school's name".into(),
        });
    }
    let (template, people) = people_to_print(db, &project, request)?;
    if people.is_empty() {
        let why = match &request.who {
            Who::Adults if request.missing_only => "tous les formulaires des adultes sont revenus",
            Who::Adults => "aucun adulte inscrit à ce projet (ajoutez-en avec « balise project adult »)",
            Who::Students { .. } if request.missing_only => "tous les formulaires des élèves sont revenus",
            Who::Students { .. } => "aucun élève dans ce projet (ajoutez une classe ou des élèves)",
        };
        return Err(Error::NothingToPrint(why.into()));
    }
    let logo = crate::pdf::Image::letterhead(db)?;
    let now = db.clock().now_rfc3339();
    let staging = export::Staging::of(db);
    let batch = format!("projet {}{}", project.id, if request.missing_only { ", rappels" } else { "" });
    let object = format!("projet {}", project.id);
    let (forms, staged) = db.write("projet.impression", &object, |tx| {
        let store_tag = crate::forms::code::store_tag(tx)?;
        let mut pages = Vec::new();
        let mut printed = Vec::new();
        for person in &people {
            let number = number_for(tx, template, project.id, person, &now)?;
            super::ledger::record_printed(tx, &number, today, &now, &batch, request.missing_only)?;
            pages.push(TemplateForm {
                template,
                css_name: css_name.clone(),
                school_name: school_name.clone(),
                social_media_site: site.clone(),
                school_year: project.year,
                person: person.identified(),
                project: ProjectLine {
                    medium: project.medium.clone(),
                    title: project.title.clone(),
                    description: project.description.clone(),
                    starts_on: project.starts_on,
                    ends_on: project.ends_on,
                },
                form_number: number.clone(),
                store_tag,
            });
            printed.push(PrintedProjectForm { number, name: person.name(), group: person.group() });
        }
        let document = template_form::render(&pages, today, logo.as_ref())?;
        let staged = staging.stage(output, &document)?;
        let summary = format!("{} formulaire(s) {} : {batch}", printed.len(), template.code());
        Ok(((printed, staged), summary))
    })?;
    staged.publish()?;
    Ok(PrintedProjectBatch { path: output.to_path_buf(), template, forms })
}

/// A person a project's form is printed for.
enum Person {
    Student(Participant),
    Adult(Adult),
}

impl Person {
    fn identified(&self) -> Identified {
        match self {
            Person::Student(p) => Identified {
                last_name: p.last_name.clone(),
                first_name: p.first_name.clone(),
                level: Some(p.level.clone()),
            },
            Person::Adult(a) => {
                Identified { last_name: a.last_name.clone(), first_name: a.first_name.clone(), level: None }
            }
        }
    }

    fn name(&self) -> String {
        match self {
            Person::Student(p) => format!("{}, {}", p.last_name, p.first_name),
            Person::Adult(a) => format!("{}, {}", a.last_name, a.first_name),
        }
    }

    fn group(&self) -> String {
        match self {
            Person::Student(p) => p.class_code.clone(),
            Person::Adult(a) => a.role.label_fr().into(),
        }
    }
}

fn people_to_print(db: &Db, project: &Project, request: &ProjectPrint) -> Result<(TemplateId, Vec<Person>)> {
    let forms = forms_of(db, project.id)?;
    let back = |student: Option<i64>, adult: Option<i64>| {
        forms.iter().any(|f| f.student_id == student && f.adult_id == adult && f.state.status.returned())
    };
    Ok(match &request.who {
        Who::Students { class } => {
            let class = class.as_deref().map(str::trim).filter(|c| !c.is_empty());
            if let Some(code) = class {
                if !project.classes.iter().any(|c| fold(c) == fold(code)) {
                    crate::register::class::find(db, project.year, code)?;
                }
            }
            let people = projects::participants(db, project.id)?
                .into_iter()
                .filter(|p| class.is_none_or(|code| fold(&p.class_code) == fold(code)))
                .filter(|p| !request.missing_only || !back(Some(p.student_id), None))
                .map(Person::Student)
                .collect();
            (project.student_template(), people)
        }
        Who::Adults => {
            let people = projects::adults(db, project.id)?
                .into_iter()
                .filter(|a| !request.missing_only || !back(None, Some(a.id)))
                .map(Person::Adult)
                .collect();
            (project.adult_template(), people)
        }
    })
}

/// The number of the person's form for the project, creating the form the first time.
fn number_for(tx: &Connection, template: TemplateId, project_id: i64, person: &Person, now: &str) -> Result<String> {
    let (student, adult) = match person {
        Person::Student(p) => (Some(p.student_id), None),
        Person::Adult(a) => (None, Some(a.id)),
    };
    let existing: Option<String> = tx
        .query_row(
            "SELECT number FROM forms WHERE template = ?1 AND project_id = ?2
             AND student_id IS ?3 AND adult_id IS ?4",
            params![template.code(), project_id, student, adult],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(number) = existing {
        return Ok(number);
    }
    let number = registry::next_number(tx)?;
    tx.execute(
        "INSERT INTO forms (number, template, student_id, project_id, adult_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![number, template.code(), student, project_id, adult, now],
    )?;
    Ok(number)
}

// ------------------------------------------------------------------ returns -------------

/// The form to write on, its project and today; refused when the project's year is closed.
fn open_for_writing(db: &Db, typed: &str) -> Result<(FormRow, Project, NaiveDate)> {
    let form = find(&db.conn, typed)?;
    let project = projects::get_in(&db.conn, form.project_id)?;
    let today = db.clock().today();
    year::ensure_open(&db.conn, project.year, year::Write::Consent { today })?;
    Ok((form, project, today))
}

/// The day something happened: today by default, never in the future, never before the form was
/// first printed.
fn day_of(
    conn: &Connection,
    form: &FormRow,
    typed: Option<NaiveDate>,
    today: NaiveDate,
    field: Field,
) -> Result<NaiveDate> {
    let on = typed.unwrap_or(today);
    if on > today {
        return Err(invalid(
            field,
            format!("le {on} est dans le futur : indiquez le jour où c'est arrivé"),
            format!("{on} is in the future: give the day it happened"),
        ));
    }
    if let Some(printed) = super::ledger::first_printed(conn, form.id)? {
        if on < printed {
            return Err(invalid(
                field,
                format!("le {on} précède l'impression du formulaire ({printed}) : vérifiez la date"),
                format!("{on} is before the form was printed ({printed}): check the date"),
            ));
        }
    }
    Ok(on)
}

/// Who signed: a student's parent as on the Annexe A (a student of the project does not sign
/// these annexes: « signature du parent ou du tuteur »); the adult, their own.
fn signer_of(db: &Db, form: &FormRow, input: &SignerInput, dnc: Option<&str>, on: NaiveDate) -> Result<Signer> {
    if let Some(adult_id) = form.adult_id {
        let adult = projects::adult_in(&db.conn, adult_id)?;
        return Ok(Signer {
            name: adult.full_name(),
            guardian_id: None,
            student: false,
            do_not_contact_override: None,
            authority: Some("l'adulte concerné, pour lui-même ou elle-même".into()),
        });
    }
    let student = student(db, form)?;
    if matches!(input, SignerInput::Student) {
        return Err(invalid(
            Field::Signer,
            "ce formulaire est signé par un parent ou un tuteur, pas par l'élève",
            "this form is signed by a parent or tutor, not by the student",
        ));
    }
    resolve_signer(&student, input, dnc, on, false)
}

fn student(db: &Db, form: &FormRow) -> Result<StudentView> {
    let id = form.student_id.ok_or_else(|| Error::FormNotFound(form.number.clone()))?;
    load_student(&db.conn, id)?.ok_or_else(|| Error::FormNotFound(form.number.clone()))
}

fn checked_keys(template: TemplateId, keys: &[String]) -> Result<Vec<String>> {
    let t = template.template();
    let mut out = Vec::new();
    for key in keys {
        let key = key.trim();
        if key.is_empty() {
            continue;
        }
        let item = t.item(key).ok_or_else(|| {
            let known: Vec<&str> = t.items.iter().map(|i| i.key).collect();
            invalid(
                Field::Item,
                format!("case inconnue « {key} » : ce formulaire a {}", known.join(", ")),
                format!("unknown box « {key} »: this form has {}", known.join(", ")),
            )
        })?;
        if !out.iter().any(|k| k == item.key) {
            out.push(item.key.to_string());
        }
    }
    Ok(out)
}

/// Records a returned form: each box ticked or left empty. A second paper from the same person
/// is refused (correct it instead); another person's paper is theirs.
pub fn record(db: &mut Db, typed: &str, input: &ItemsReturn, scan: Option<&NewAttachment>) -> Result<RecordedItems> {
    db.exclusive(|db| {
        let (form, project, today) = open_for_writing(db, typed)?;
        let ticked = checked_keys(form.template, &input.ticked)?;
        let on = day_of(&db.conn, &form, input.received_on, today, Field::ReceivedOn)?;
        let signer = signer_of(db, &form, &input.signer, input.do_not_contact_reason.as_deref(), on)?;
        let events = events_of(&db.conn, form.id)?;
        let already = events.iter().any(|e| match &e.kind {
            ItemsEventKind::Decision(Decision::Returned(r)) => voice(&r.signer) == voice(&signer),
            ItemsEventKind::Decision(Decision::Refused(r)) => voice(&r.signer) == voice(&signer),
            _ => false,
        });
        if already {
            let state = derive(form.template, &events, today, project.ends_on);
            return Err(Error::FormAlreadyRecorded {
                number: form.number.clone(),
                on: state.returned_on.map(|d| d.to_string()).unwrap_or_default(),
                answers: marks_text(&state),
            });
        }
        let items = form
            .template
            .template()
            .items
            .iter()
            .map(|item| {
                let ticked = ticked.iter().any(|k| k == item.key);
                let reply = match mark_of_box(item.kind, ticked) {
                    Mark::Yes => Reply::Oui,
                    Mark::No => Reply::Non,
                    _ => Reply::Vide,
                };
                (item.key.to_string(), reply)
            })
            .collect();
        let returned = ReturnedItems { items, signer, how: input.how };
        let summary = format!("reçu le {on} : {} case(s) cochée(s) sur {}", ticked.len(), returned.items.len());
        let data = serde_json::to_string(&returned).map_err(|e| Error::Database(e.to_string()))?;
        save(db, &form, &project, on, "recu", data, scan, "projet.reception", summary)
    })
}

/// Records a refusal of the whole form (every box « non »).
pub fn refuse(
    db: &mut Db,
    typed: &str,
    on: Option<NaiveDate>,
    signer: &SignerInput,
    how: How,
    scan: Option<&NewAttachment>,
) -> Result<RecordedItems> {
    db.exclusive(|db| {
        let (form, project, today) = open_for_writing(db, typed)?;
        let on = day_of(&db.conn, &form, on, today, Field::ReceivedOn)?;
        let signer = signer_of(db, &form, signer, None, on)?;
        let data = serde_json::to_string(&RefusedItems { signer, how }).map_err(|e| Error::Database(e.to_string()))?;
        save(db, &form, &project, on, "refuse", data, scan, "projet.refus", format!("refus du {on}"))
    })
}

/// Records a withdrawal of some boxes (all of them when `items` is empty), from its date.
pub fn withdraw(
    db: &mut Db,
    typed: &str,
    items: &[String],
    on: Option<NaiveDate>,
    by: &str,
    how: How,
) -> Result<RecordedItems> {
    db.exclusive(|db| {
        let (form, project, today) = open_for_writing(db, typed)?;
        let on = day_of(&db.conn, &form, on, today, Field::WithdrawnOn)?;
        let by = line(Field::ReportedBy, by, 120, true)?;
        let mut keys = checked_keys(form.template, items)?;
        if keys.is_empty() {
            keys = form.template.template().items.iter().map(|i| i.key.to_string()).collect();
        }
        let state = derive(form.template, &events_of(&db.conn, form.id)?, on, project.ends_on);
        if !state.items.iter().any(|i| keys.iter().any(|k| k == i.key) && i.mark == Mark::Yes) {
            return Err(Error::NothingToWithdraw(form.number.clone()));
        }
        let summary = format!("retrait du {on} : {}", keys.join(", "));
        let data = serde_json::to_string(&WithdrawnItems { items: keys, by, how })
            .map_err(|e| Error::Database(e.to_string()))?;
        save(db, &form, &project, on, "retire", data, None, "projet.retrait", summary)
    })
}

/// Corrects the latest receipt or refusal (a box misread): a new event with the reason; the
/// original stays in the history.
pub fn correct(db: &mut Db, typed: &str, input: &ItemsReturn, reason: &str) -> Result<RecordedItems> {
    db.exclusive(|db| {
        let (form, project, today) = open_for_writing(db, typed)?;
        let reason = line(Field::Reason, reason, 300, true)?;
        let events = events_of(&db.conn, form.id)?;
        let target = events
            .iter()
            .rev()
            .find(|e| matches!(e.kind, ItemsEventKind::Decision(Decision::Returned(_) | Decision::Refused(_))))
            .ok_or_else(|| Error::NothingToCorrect(form.number.clone()))?;
        let ticked = checked_keys(form.template, &input.ticked)?;
        let on = day_of(&db.conn, &form, input.received_on, today, Field::ReceivedOn)?;
        let signer = signer_of(db, &form, &input.signer, input.do_not_contact_reason.as_deref(), on)?;
        let items = form
            .template
            .template()
            .items
            .iter()
            .map(|item| {
                let reply = if ticked.iter().any(|k| k == item.key) {
                    Reply::Oui
                } else if item.kind == ItemKind::TickIfAgreed {
                    Reply::Non
                } else {
                    Reply::Vide
                };
                (item.key.to_string(), reply)
            })
            .collect();
        let corrected = CorrectedItems {
            corrects: target.id,
            returned: ReturnedItems { items, signer, how: input.how },
            reason: reason.clone(),
        };
        let data = serde_json::to_string(&corrected).map_err(|e| Error::Database(e.to_string()))?;
        let summary = format!("correction de l'événement {} : {} case(s) cochée(s)", target.id, ticked.len());
        save(db, &form, &project, on, "corrige", data, None, "projet.correction", summary)
    })
}

#[allow(clippy::too_many_arguments)]
fn save(
    db: &mut Db,
    form: &FormRow,
    project: &Project,
    on: NaiveDate,
    kind: &str,
    data: String,
    scan: Option<&NewAttachment>,
    action: &str,
    summary: String,
) -> Result<RecordedItems> {
    if let Some(scan) = scan {
        attachment::check_scan(scan)?;
    }
    let at = db.clock().now_rfc3339();
    let today = db.clock().today();
    let object = format!("formulaire {}", form.number);
    let (event_id, state) = db.write(action, &object, |tx| {
        let scan_id = scan.map(|s| attachment::insert(tx, s, &at)).transpose()?.map(|m| m.id);
        tx.execute(
            "INSERT INTO form_events (form_id, kind, at, on_date, data, scan_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![form.id, kind, at, on.to_string(), data, scan_id],
        )?;
        let event_id = tx.last_insert_rowid();
        let state = derive(form.template, &events_of(tx, form.id)?, today, project.ends_on);
        let summary = if scan_id.is_some() { format!("{summary} ; numérisation jointe") } else { summary };
        Ok(((event_id, state), summary))
    })?;
    Ok(RecordedItems { number: form.number.clone(), template: form.template, event_id, state })
}

/// « photos oui, enregistrements non, droits_productions non ».
pub fn marks_text(state: &ItemsState) -> String {
    state
        .items
        .iter()
        .map(|i| {
            let mark = match i.mark {
                Mark::Yes => "oui",
                Mark::No => "non",
                Mark::Blank => "vide",
                Mark::NotReturned => "non revenu",
            };
            format!("{} {mark}", i.key)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

// ------------------------------------------------------------------ what is allowed -----

/// One line of a project's sheet: a person and what each box allows today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetLine {
    pub name: String,
    pub group: String,
    pub number: String,
    pub status: ItemsStatus,
    /// Every box's words, in the form's order.
    pub allowed: Vec<ItemState>,
    /// The student's age today, when the birth date is known (a social medium's age rules).
    pub age: Option<u32>,
}

/// What each student and adult of a project may appear in today: the staff's sheet.
pub fn sheet(db: &Db, project_id: i64) -> Result<Vec<SheetLine>> {
    let today = db.clock().today();
    let participants: BTreeMap<i64, Participant> =
        projects::participants(db, project_id)?.into_iter().map(|p| (p.student_id, p)).collect();
    Ok(forms_of(db, project_id)?
        .into_iter()
        .map(|f| {
            let age = f.student_id.and_then(|id| participants.get(&id)).and_then(|p| full_years(p.birth_date?, today));
            SheetLine {
                name: f.name,
                group: f.group,
                number: f.number,
                status: f.state.status,
                allowed: f.state.items,
                age,
            }
        })
        .collect())
}

/// Counts for the dashboard: forms not back among those a project needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectCounts {
    pub project_id: i64,
    pub title: String,
    pub needed: u32,
    pub returned: u32,
    pub not_printed: u32,
}

/// A year's projects still running, each with its forms not back (the dashboard's list).
pub fn missing_by_project(db: &Db, year: crate::year::SchoolYear) -> Result<Vec<ProjectCounts>> {
    let today = db.clock().today();
    let mut out = Vec::new();
    for project in projects::list(db, year)? {
        if project.ends_on < today {
            continue;
        }
        let forms = forms_of(db, project.id)?;
        let needed = forms.len() as u32;
        let returned = forms.iter().filter(|f| f.state.status.returned()).count() as u32;
        let not_printed = forms.iter().filter(|f| f.state.status == ItemsStatus::NotPrinted).count() as u32;
        if returned < needed {
            out.push(ProjectCounts {
                project_id: project.id,
                title: project.title.clone(),
                needed,
                returned,
                not_printed,
            });
        }
    }
    Ok(out)
}

// ------------------------------------------------------------------ access ---------------

/// A project's form about a person, whole, for an access request (seed 004, art. 4): the
/// project, the form, what it allows today and every event with its scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectFormRecord {
    pub project: String,
    pub annexe: String,
    pub number: String,
    pub status: ItemsStatus,
    pub items: Vec<ItemState>,
    pub events: Vec<ProjectEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectEvent {
    pub id: i64,
    pub on: NaiveDate,
    /// What happened, in French: « imprimé », « reçu : photos oui, … (signé par …) ».
    pub summary: String,
    pub scan: Option<crate::attachment::AttachmentMeta>,
}

/// One project form, whole (its events and scans): `balise project history`, the Projets screen.
pub fn history(db: &Db, typed: &str) -> Result<ProjectFormRecord> {
    let form = find(&db.conn, typed)?;
    records(db, "f.id = ?1", form.id)?.pop().ok_or(Error::FormNotFound(form.number))
}

/// Every project form about a student (`student_id`), for the student's access export.
pub fn records_of_student(db: &Db, student_id: i64) -> Result<Vec<ProjectFormRecord>> {
    records(db, "f.student_id = ?1 AND f.project_id IS NOT NULL", student_id)
}

fn records(db: &Db, filter: &str, id: i64) -> Result<Vec<ProjectFormRecord>> {
    let rows: Vec<FormRow> = db
        .conn
        .prepare(&format!("SELECT {FORM_COLUMNS} FROM forms f WHERE {filter} ORDER BY f.id"))?
        .query_map([id], form_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let today = db.clock().today();
    let mut out = Vec::new();
    for row in rows {
        let project = projects::get_in(&db.conn, row.project_id)?;
        let events = events_of(&db.conn, row.id)?;
        let state = derive(row.template, &events, today, project.ends_on);
        let scans: BTreeMap<i64, Option<i64>> = db
            .conn
            .prepare_cached("SELECT id, scan_id FROM form_events WHERE form_id = ?1")?
            .query_map([row.id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut described = Vec::new();
        for event in &events {
            let scan = match scans.get(&event.id).copied().flatten() {
                Some(id) => Some(crate::attachment::meta_in(&db.conn, id)?),
                None => None,
            };
            described.push(ProjectEvent { id: event.id, on: event.on, summary: event_summary(&event.kind), scan });
        }
        let t = row.template.template();
        out.push(ProjectFormRecord {
            project: project.title.clone(),
            annexe: format!("{} — {}", t.annexe, t.title),
            number: row.number.clone(),
            status: state.status,
            items: state.items,
            events: described,
        });
    }
    Ok(out)
}

fn replies_text(items: &BTreeMap<String, Reply>) -> String {
    items
        .iter()
        .map(|(key, reply)| {
            let word = match reply {
                Reply::Oui => "oui",
                Reply::Non => "non",
                Reply::Vide => "vide",
            };
            format!("{key} {word}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn event_summary(kind: &ItemsEventKind) -> String {
    match kind {
        ItemsEventKind::Printed => "imprimé".into(),
        ItemsEventKind::Decision(Decision::Returned(r)) => {
            format!("reçu : {} (signé par {})", replies_text(&r.items), r.signer.name)
        }
        ItemsEventKind::Decision(Decision::Refused(r)) => format!("refusé (signé par {})", r.signer.name),
        ItemsEventKind::Decision(Decision::Withdrawn(w)) => {
            format!("retrait : {} (signalé par {})", w.items.join(", "), w.by)
        }
        ItemsEventKind::Corrected(c) => format!(
            "correction de l'événement {} : {} (motif : {})",
            c.corrects,
            replies_text(&c.returned.items),
            c.reason
        ),
    }
}
