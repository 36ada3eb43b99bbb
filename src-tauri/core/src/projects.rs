//! Projects (issue 17): what the source documents' annexes 3 to 6 are printed for. A project has
//! a title, a description, a medium (a newspaper, a video, the school's page on a social medium),
//! its dates, the classes or single students who take part, the staff responsible, and the adults
//! it shows (annexes 4 and 6). `social` says it publishes on a social medium: its forms are then
//! annexes 5 and 6, otherwise annexes 3 and 4.
//!
//! A project belongs to one school year (that of its start) and is purged with it. Its forms
//! hold for its dates (`forms::template::Validity::ProjectDuration`).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::forms::template::TemplateId;
use crate::register::{class, staff};
use crate::store::Db;
use crate::text::{self, date_from_sql, invalid, Field};
use crate::year::{self, SchoolYear};

/// A project as the screens and the command line show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Project {
    pub id: i64,
    #[serde(serialize_with = "year_text")]
    pub year: SchoolYear,
    pub title: String,
    pub description: String,
    /// « Média »: where the photos, recordings and productions go.
    pub medium: String,
    /// Published on a social medium (annexes 5 and 6).
    pub social: bool,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Codes of the classes taking part, in code order.
    pub classes: Vec<String>,
    /// Students named one by one (besides the classes): their ids.
    pub students: Vec<i64>,
    /// Staff responsible, by name.
    pub staff: Vec<String>,
}

fn year_text<S: serde::Serializer>(year: &SchoolYear, serializer: S) -> std::result::Result<S::Ok, S::Error> {
    serializer.serialize_str(&year.to_string())
}

impl Project {
    /// The template of the forms its students sign.
    pub fn student_template(&self) -> TemplateId {
        if self.social {
            TemplateId::MediaSocial
        } else {
            TemplateId::Photos
        }
    }

    /// The template of the forms its adults sign.
    pub fn adult_template(&self) -> TemplateId {
        if self.social {
            TemplateId::MediaSocialAdulte
        } else {
            TemplateId::PhotosAdulte
        }
    }
}

/// `project add`: classes by code, staff by name (each already on file).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProjectDraft {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub medium: String,
    #[serde(default)]
    pub social: bool,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    #[serde(default)]
    pub classes: Vec<String>,
    #[serde(default)]
    pub staff: Vec<String>,
}

/// The roles annexes 4 and 6 list: « direction, enseignant, membre du personnel, parent, autre
/// adulte ».
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdultRole {
    Direction,
    Enseignant,
    Personnel,
    Parent,
    Autre,
}

impl AdultRole {
    pub const ALL: [AdultRole; 5] =
        [AdultRole::Direction, AdultRole::Enseignant, AdultRole::Personnel, AdultRole::Parent, AdultRole::Autre];

    pub fn code(self) -> &'static str {
        match self {
            AdultRole::Direction => "direction",
            AdultRole::Enseignant => "enseignant",
            AdultRole::Personnel => "personnel",
            AdultRole::Parent => "parent",
            AdultRole::Autre => "autre",
        }
    }

    /// The annexes' own words beside the box.
    pub fn label_fr(self) -> &'static str {
        match self {
            AdultRole::Direction => "Direction",
            AdultRole::Enseignant => "Enseignant",
            AdultRole::Personnel => "Membre du personnel",
            AdultRole::Parent => "Parent",
            AdultRole::Autre => "Autre adulte",
        }
    }

    pub fn parse(typed: &str) -> Result<AdultRole> {
        let folded = text::fold(typed);
        AdultRole::ALL
            .into_iter()
            .find(|role| role.code() == folded || text::fold(role.label_fr()) == folded)
            .ok_or_else(|| {
                invalid(
                    Field::Role,
                    "rôle inconnu : écrivez direction, enseignant, personnel, parent ou autre",
                    "unknown role: write direction, enseignant, personnel, parent or autre",
                )
            })
    }
}

/// An adult a project shows (annexes 4 and 6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Adult {
    pub id: i64,
    pub project_id: i64,
    pub role: AdultRole,
    pub last_name: String,
    pub first_name: String,
    /// The staff member on file, when the adult is one.
    pub staff_id: Option<i64>,
}

impl Adult {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// `project adult add`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AdultDraft {
    pub role: AdultRole,
    pub last_name: String,
    pub first_name: String,
    /// A staff member on file, by name: links the adult to the register's staff.
    #[serde(default)]
    pub staff: Option<String>,
}

/// A student taking part, as the forms and the lists name them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Participant {
    pub student_id: i64,
    pub last_name: String,
    pub first_name: String,
    pub class_code: String,
    pub level: String,
    pub birth_date: Option<NaiveDate>,
}

/// Adds a project to the school year of its start (audited by title).
pub fn add(db: &mut Db, draft: &ProjectDraft) -> Result<Project> {
    db.exclusive(|db| {
        let title = text::line(Field::Title, &draft.title, 200, true)?;
        let description = text::paragraph(Field::Description, &draft.description, 2000, false)?;
        let medium = text::line(Field::Medium, &draft.medium, 200, true)?;
        if draft.ends_on < draft.starts_on {
            return Err(invalid(
                Field::EndedOn,
                format!("le {} précède le début du projet ({})", draft.ends_on, draft.starts_on),
                format!("{} is before the project's start ({})", draft.ends_on, draft.starts_on),
            ));
        }
        let year = SchoolYear::of(draft.starts_on);
        year::ensure_open(&db.conn, year, year::Write::YearData)?;
        let mut class_ids = Vec::new();
        for code in &draft.classes {
            let found = class::find(db, year, code)?;
            if !class_ids.contains(&found.id) {
                class_ids.push(found.id);
            }
        }
        let mut staff_ids = Vec::new();
        for name in &draft.staff {
            let found = staff::find(db, name)?;
            if !staff_ids.contains(&found.id) {
                staff_ids.push(found.id);
            }
        }
        let now = db.clock().now_rfc3339();
        let id = db.write("projet.ajout", &format!("projet {year}"), |tx| {
            tx.execute(
                "INSERT INTO projects (year, title, description, medium, social, starts_on, ends_on, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    year.to_string(),
                    title,
                    description,
                    medium,
                    draft.social,
                    text::sql_date(draft.starts_on),
                    text::sql_date(draft.ends_on),
                    now
                ],
            )?;
            let id = tx.last_insert_rowid();
            for class_id in &class_ids {
                tx.execute("INSERT INTO project_classes (project_id, class_id) VALUES (?1, ?2)", [id, *class_id])?;
            }
            for staff_id in &staff_ids {
                tx.execute("INSERT INTO project_staff (project_id, staff_id) VALUES (?1, ?2)", [id, *staff_id])?;
            }
            Ok((id, format!("projet n° {id} ({} classe(s), {} responsable(s))", class_ids.len(), staff_ids.len())))
        })?;
        get_in(&db.conn, id)
    })
}

/// Adds students one by one to a project (besides its classes); a student already in it is
/// left as is.
pub fn add_students(db: &mut Db, project_id: i64, student_ids: &[i64]) -> Result<Project> {
    db.exclusive(|db| {
        let project = get_in(&db.conn, project_id)?;
        year::ensure_open(&db.conn, project.year, year::Write::YearData)?;
        for id in student_ids {
            let of_year: Option<String> =
                db.conn.query_row("SELECT year FROM students WHERE id = ?1", [id], |r| r.get(0)).optional()?;
            if of_year.as_deref() != Some(project.year.to_string().as_str()) {
                return Err(Error::StudentNotFound(id.to_string()));
            }
        }
        db.write("projet.eleves", &format!("projet {project_id}"), |tx| {
            let mut added = 0;
            for id in student_ids {
                added += tx.execute(
                    "INSERT OR IGNORE INTO project_students (project_id, student_id) VALUES (?1, ?2)",
                    [project_id, *id],
                )?;
            }
            Ok(((), format!("{added} élève(s) ajouté(s)")))
        })?;
        get_in(&db.conn, project_id)
    })
}

/// Adds an adult the project shows (audited without the name).
pub fn add_adult(db: &mut Db, project_id: i64, draft: &AdultDraft) -> Result<Adult> {
    db.exclusive(|db| {
        let project = get_in(&db.conn, project_id)?;
        year::ensure_open(&db.conn, project.year, year::Write::YearData)?;
        let last_name = text::line(Field::LastName, &draft.last_name, 100, true)?;
        let first_name = text::line(Field::FirstName, &draft.first_name, 100, true)?;
        let staff_id = match &draft.staff {
            Some(name) if !name.trim().is_empty() => Some(staff::find(db, name)?.id),
            _ => None,
        };
        let now = db.clock().now_rfc3339();
        let id = db.write("projet.adulte", &format!("projet {project_id}"), |tx| {
            tx.execute(
                "INSERT INTO adults (project_id, role, last_name, first_name, staff_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![project_id, draft.role.code(), last_name, first_name, staff_id, now],
            )?;
            let id = tx.last_insert_rowid();
            Ok((id, format!("adulte n° {id} ({})", draft.role.code())))
        })?;
        adult_in(&db.conn, id)
    })
}

/// The projects of a school year, by start date then title.
pub fn list(db: &Db, year: SchoolYear) -> Result<Vec<Project>> {
    let ids: Vec<i64> = db
        .conn
        .prepare_cached("SELECT id FROM projects WHERE year = ?1 ORDER BY starts_on, title, id")?
        .query_map([year.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|id| get_in(&db.conn, id)).collect()
}

pub fn get(db: &Db, id: i64) -> Result<Project> {
    get_in(&db.conn, id)
}

pub(crate) fn get_in(conn: &Connection, id: i64) -> Result<Project> {
    let row = conn
        .query_row(
            "SELECT year, title, description, medium, social, starts_on, ends_on FROM projects WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, bool>(4)?,
                    date_from_sql(&r.get::<_, String>(5)?)?,
                    date_from_sql(&r.get::<_, String>(6)?)?,
                ))
            },
        )
        .optional()?;
    let Some((year, title, description, medium, social, starts_on, ends_on)) = row else {
        return Err(Error::ProjectNotFound(id));
    };
    let strings = |sql: &str| -> Result<Vec<String>> {
        Ok(conn.prepare_cached(sql)?.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
    };
    let classes = strings(
        "SELECT c.code FROM project_classes pc JOIN classes c ON c.id = pc.class_id
         WHERE pc.project_id = ?1 ORDER BY c.code",
    )?;
    let staff = strings(
        "SELECT s.name FROM project_staff ps JOIN staff s ON s.id = ps.staff_id
         WHERE ps.project_id = ?1 ORDER BY s.name",
    )?;
    let students = conn
        .prepare_cached("SELECT student_id FROM project_students WHERE project_id = ?1 ORDER BY student_id")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Project {
        id,
        year: year.parse().map_err(|_| Error::Database(format!("année du projet {id} illisible")))?,
        title,
        description,
        medium,
        social,
        starts_on,
        ends_on,
        classes,
        students,
        staff,
    })
}

/// The adults of a project, by name.
pub fn adults(db: &Db, project_id: i64) -> Result<Vec<Adult>> {
    get_in(&db.conn, project_id)?;
    let ids: Vec<i64> = db
        .conn
        .prepare_cached("SELECT id FROM adults WHERE project_id = ?1 ORDER BY last_name, first_name, id")?
        .query_map([project_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|id| adult_in(&db.conn, id)).collect()
}

pub(crate) fn adult_in(conn: &Connection, id: i64) -> Result<Adult> {
    conn.query_row("SELECT project_id, role, last_name, first_name, staff_id FROM adults WHERE id = ?1", [id], |r| {
        let role: String = r.get(1)?;
        let role = AdultRole::ALL.into_iter().find(|k| k.code() == role).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, "rôle inconnu".into())
        })?;
        Ok(Adult { id, project_id: r.get(0)?, role, last_name: r.get(2)?, first_name: r.get(3)?, staff_id: r.get(4)? })
    })
    .optional()?
    .ok_or(Error::AdultNotFound(id))
}

/// The active students taking part: those of its classes and those named one by one, in class
/// then alphabetical order (the order forms are printed in).
pub fn participants(db: &Db, project_id: i64) -> Result<Vec<Participant>> {
    participants_in(&db.conn, project_id)
}

pub(crate) fn participants_in(conn: &Connection, project_id: i64) -> Result<Vec<Participant>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.last_name, s.first_name, c.code, s.level, s.birth_date, s.name_key
         FROM students s JOIN classes c ON c.id = s.class_id
         WHERE s.status = 'actif'
           AND (s.class_id IN (SELECT class_id FROM project_classes WHERE project_id = ?1)
                OR s.id IN (SELECT student_id FROM project_students WHERE project_id = ?1))
         ORDER BY c.code, s.name_key, s.id",
    )?;
    let rows = stmt
        .query_map([project_id], |r| {
            let birth: Option<String> = r.get(5)?;
            Ok(Participant {
                student_id: r.get(0)?,
                last_name: r.get(1)?,
                first_name: r.get(2)?,
                class_code: r.get(3)?,
                level: r.get(4)?,
                birth_date: text::optional_date_from_sql(birth)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
