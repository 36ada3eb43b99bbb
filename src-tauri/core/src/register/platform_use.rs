//! Each class's platform uses (class × platform × audience, from a date): recording one, the
//! principal's authorization and the security committee's validation (art. 4) — for a tolerated
//! platform, the permission and whether the staff member already used it the year before (note
//! de service of 25 August 2025) —, the presentation document, its validation and its sending to
//! parents (art. 5.1), the end of a use, and the use's own staff members (the Annexe A's « membre
//! du personnel », who empties the platform by 30 June, 5.9): `staff_of_use`, the class's
//! teachers when the use names none.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::class;
use super::platform::{self, Audience, PlatformStatus};
use super::staff::{self, Staff};
use crate::attachment::{self, AttachmentMeta, NewAttachment};
use crate::error::{Error, Result};
use crate::store::Db;
use crate::text::{self, invalid, Field};
use crate::year::SchoolYear;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlatformUse {
    pub id: i64,
    pub year: SchoolYear,
    pub class_id: i64,
    pub class_code: String,
    pub platform_id: i64,
    pub platform: String,
    pub audience: Audience,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub notes: String,
    /// Directive 4: the principal's written authorization (or, for a tolerated platform, permission).
    pub authorization: Option<Authorization>,
    /// Directive 4: the principal "s'assurera de valider auprès du comité de sécurité du CSSPB".
    pub committee_validated_on: Option<NaiveDate>,
    /// Directive 5.1.
    pub presentation: Presentation,
    /// The staff members this use names itself (empty: the class's teachers; see `staff_of_use`).
    pub own_staff: Vec<Staff>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Authorization {
    pub on: NaiveDate,
    pub by: String,
    pub document: Option<AttachmentMeta>,
    /// Note de service of 25 August 2025, footnote 1: the permission says the staff member
    /// already used the (tolerated) platform the year before (« utilisait déjà »).
    pub prior_use: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Presentation {
    pub document: Option<AttachmentMeta>,
    pub validation: Option<PresentationValidation>,
    pub sent_on: Option<NaiveDate>,
}

/// The principal's validation, with the SHA-256 of the document validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresentationValidation {
    pub on: NaiveDate,
    pub by: String,
    pub sha256: String,
}

/// A new use, as typed in `use add`: the class by year and code, the platform by name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct UseDraft {
    pub year: SchoolYear,
    pub class_code: String,
    pub platform: String,
    pub audience: Audience,
    pub started_on: NaiveDate,
    #[serde(default)]
    pub notes: String,
    /// The staff members who use the platform with the class, by name (each on the staff
    /// list); none: the class's teachers.
    #[serde(default)]
    pub staff: Vec<String>,
}

/// `use authorize`: the principal's authorization (or permission, for a tolerated platform).
/// Without a document, a letter attached earlier is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationDraft {
    pub on: NaiveDate,
    pub by: String,
    pub document: Option<NewAttachment>,
    /// For a tolerated platform: the staff member already used it the year before (note de
    /// service of 25 August 2025, footnote 1: « pour celles et ceux qui l'utilisaient déjà »).
    pub prior_use: bool,
}

impl PlatformUse {
    /// In use on `day`: not yet ended (a use ended on a day is over that day).
    pub fn is_active(&self, day: NaiveDate) -> bool {
        match self.ended_on {
            None => true,
            Some(ended) => day < ended,
        }
    }
}

/// Registers a use. A prohibited platform is refused: record an infraction instead (art. 4).
pub fn add(db: &mut Db, draft: &UseDraft) -> Result<PlatformUse> {
    db.exclusive(|db| {
        let notes = text::paragraph(Field::Notes, &draft.notes, 2000, false)?;
        let class = class::find(db, draft.year, &draft.class_code)?;
        let own_staff = staff_named(&db.conn, &draft.staff)?;
        crate::year::ensure_open(&db.conn, draft.year, crate::year::Write::YearData)?;
        let platform = platform::find(db, &draft.platform)?;
        if platform.status == PlatformStatus::Prohibited {
            return Err(Error::ProhibitedPlatform(platform.name));
        }
        if !draft.year.contains(draft.started_on) {
            return Err(invalid(
                Field::StartedOn,
                format!("le {} n'est pas dans l'année scolaire {} de la classe", draft.started_on, draft.year),
                format!("{} is not in the class's school year {}", draft.started_on, draft.year),
            ));
        }
        let object = format!("classe {}/{}", class.year, class.code);
        let id = db.write("utilisation.ajout", &object, |tx| {
            let existing: Option<i64> = tx
                .query_row(
                    "SELECT id FROM platform_uses
                 WHERE class_id = ?1 AND platform_id = ?2 AND audience = ?3 AND ended_on IS NULL",
                    params![class.id, platform.id, draft.audience.code()],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(existing) = existing {
                return Err(Error::UseExists {
                    class_code: class.code.clone(),
                    platform: platform.name.clone(),
                    audience: draft.audience.label_fr().into(),
                    existing,
                });
            }
            tx.execute(
                "INSERT INTO platform_uses (class_id, platform_id, audience, started_on, notes)
             VALUES (?1, ?2, ?3, ?4, ?5)",
                params![class.id, platform.id, draft.audience.code(), text::sql_date(draft.started_on), notes],
            )?;
            let id = tx.last_insert_rowid();
            insert_staff_in(tx, id, &own_staff)?;
            let summary = format!(
                "utilisation n° {id} : {} pour les {}, depuis le {}{}",
                platform.name,
                draft.audience.code(),
                draft.started_on,
                staff_audit(&own_staff)
            );
            Ok((id, summary))
        })?;
        get(db, id)
    })
}

/// One use.
pub fn get(db: &Db, id: i64) -> Result<PlatformUse> {
    get_in(&db.conn, id)
}

/// Records the principal's written authorization, or permission for a tolerated platform (art. 4).
pub fn authorize(db: &mut Db, id: i64, draft: &AuthorizationDraft) -> Result<PlatformUse> {
    db.exclusive(|db| {
        let by = text::line(Field::AuthorizedBy, &draft.by, 100, true)?;
        text::not_after_today(Field::AuthorizedOn, draft.on, db.clock().today())?;
        writable(db, id)?;
        let at = db.clock().now_rfc3339();
        db.write("utilisation.autorisation", &object(id), |tx| {
            let document = draft.document.as_ref().map(|d| attachment::insert(tx, d, &at)).transpose()?;
            tx.execute(
                "UPDATE platform_uses SET authorized_on = ?2, authorized_by = ?3,
                 authorization_document_id = coalesce(?4, authorization_document_id),
                 authorized_prior_use = ?5
             WHERE id = ?1",
                params![id, text::sql_date(draft.on), by, document.as_ref().map(|d| d.id), draft.prior_use],
            )?;
            let letter = document.map(|d| format!(", lettre : pièce {}", d.id)).unwrap_or_default();
            // Note de service of 25 August 2025, footnote 1.
            let prior = if draft.prior_use { ", utilisait déjà la plateforme l'année précédente" } else { "" };
            Ok(((), format!("autorisation de la direction du {}{letter}{prior}", draft.on)))
        })?;
        get(db, id)
    })
}

/// Records the security committee's validation of the authorization (art. 4).
pub fn validate_committee(db: &mut Db, id: i64, on: NaiveDate) -> Result<PlatformUse> {
    text::not_after_today(Field::CommitteeValidatedOn, on, db.clock().today())?;
    let what = "validation du comité de sécurité";
    set_date(db, id, "committee_validated_on", on, "utilisation.validation_comite", what)
}

/// Attaches (or replaces) the presentation document (art. 5.1). A validation of an earlier
/// document stays recorded with that document's hash, so the use shows the change.
pub fn attach_document(db: &mut Db, id: i64, document: &NewAttachment) -> Result<PlatformUse> {
    db.exclusive(|db| {
        let before = writable(db, id)?;
        let at = db.clock().now_rfc3339();
        db.write("utilisation.document_presentation", &object(id), |tx| {
            let meta = attachment::insert(tx, document, &at)?;
            tx.execute("UPDATE platform_uses SET presentation_document_id = ?2 WHERE id = ?1", params![id, meta.id])?;
            let replaced =
                before.presentation.document.map(|d| format!(" (remplace la pièce {})", d.id)).unwrap_or_default();
            Ok(((), format!("document de présentation : pièce {}, sha256 {}{replaced}", meta.id, &meta.sha256[..16])))
        })?;
        get(db, id)
    })
}

/// Records the principal's validation of the current presentation document and its hash (art. 5.1).
pub fn validate_document(db: &mut Db, id: i64, on: NaiveDate, by: &str) -> Result<PlatformUse> {
    db.exclusive(|db| {
        let by = text::line(Field::ValidatedBy, by, 100, true)?;
        text::not_after_today(Field::ValidatedOn, on, db.clock().today())?;
        let document = writable(db, id)?.presentation.document.ok_or(Error::NoPresentationDocument(id))?;
        db.write("utilisation.validation_document", &object(id), |tx| {
            tx.execute(
                "UPDATE platform_uses SET presentation_validated_on = ?2, presentation_validated_by = ?3,
                 presentation_validated_sha256 = ?4
             WHERE id = ?1",
                params![id, text::sql_date(on), by, document.sha256],
            )?;
            Ok(((), format!("document de présentation (pièce {}) validé par la direction le {on}", document.id)))
        })?;
        get(db, id)
    })
}

/// Records the day the presentation document was sent to the parents (art. 5.1).
pub fn send_document(db: &mut Db, id: i64, on: NaiveDate) -> Result<PlatformUse> {
    text::not_after_today(Field::SentOn, on, db.clock().today())?;
    if get(db, id)?.presentation.document.is_none() {
        return Err(Error::NoPresentationDocument(id));
    }
    set_date(db, id, "presentation_sent_on", on, "utilisation.transmission_document", "document transmis aux parents")
}

/// Ends a use on a day (on or after its start); it then no longer counts for 5.2 or the dashboard.
pub fn end(db: &mut Db, id: i64, on: NaiveDate) -> Result<PlatformUse> {
    let use_ = get(db, id)?;
    if let Some(ended) = use_.ended_on {
        return Err(invalid(
            Field::EndedOn,
            format!("l'utilisation n° {id} a déjà pris fin le {ended}"),
            format!("use no. {id} already ended on {ended}"),
        ));
    }
    if on < use_.started_on {
        return Err(invalid(
            Field::EndedOn,
            format!("le {on} précède le début de l'utilisation ({})", use_.started_on),
            format!("{on} is before the use started ({})", use_.started_on),
        ));
    }
    set_date(db, id, "ended_on", on, "utilisation.fin", "fin de l'utilisation")
}

/// Names the staff members who use the platform with the class (the Annexe A's « membre du
/// personnel »; who empties it by 30 June, 5.9). An empty list goes back to the class's teachers.
pub fn set_staff(db: &mut Db, id: i64, names: &[String]) -> Result<PlatformUse> {
    db.exclusive(|db| {
        let own = staff_named(&db.conn, names)?;
        writable(db, id)?;
        db.write("utilisation.personnel", &object(id), |tx| {
            tx.execute("DELETE FROM use_staff WHERE use_id = ?1", [id])?;
            insert_staff_in(tx, id, &own)?;
            let summary = if own.is_empty() {
                "membre du personnel : les enseignant·es de la classe".to_string()
            } else {
                format!("membre(s) du personnel : n° {}", ids(&own))
            };
            Ok(((), summary))
        })?;
        get(db, id)
    })
}

/// The staff members a use names: its own, else its class's teachers (the Annexe A's « membre
/// du personnel »; who must empty the platform by 30 June, Directive 5.9).
pub fn staff_of_use(db: &Db, use_id: i64) -> Result<Vec<Staff>> {
    let use_ = get(db, use_id)?;
    if !use_.own_staff.is_empty() {
        return Ok(use_.own_staff);
    }
    Ok(class::by_id(&db.conn, use_.class_id)?.teachers)
}

/// `staff_of_use` for every use of a year at once (the Annexe A batch, the deletion list).
pub fn staff_by_use(db: &Db, year: SchoolYear) -> Result<HashMap<i64, Vec<Staff>>> {
    staff_by_use_in(&db.conn, year)
}

pub(crate) fn staff_by_use_in(conn: &Connection, year: SchoolYear) -> Result<HashMap<i64, Vec<Staff>>> {
    let mut own: HashMap<i64, Vec<Staff>> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT us.use_id, s.id, s.name, s.email FROM use_staff us
             JOIN staff s ON s.id = us.staff_id
             JOIN platform_uses u ON u.id = us.use_id
             JOIN classes c ON c.id = u.class_id
             WHERE c.year = ?1 ORDER BY s.name_key",
        )?;
        let rows = stmt.query_map([year.to_string()], |r| {
            Ok((r.get::<_, i64>(0)?, Staff { id: r.get(1)?, name: r.get(2)?, email: r.get(3)? }))
        })?;
        for row in rows {
            let (use_id, member) = row?;
            own.entry(use_id).or_default().push(member);
        }
    }
    let mut teachers: HashMap<i64, Vec<Staff>> = HashMap::new();
    let mut out = HashMap::new();
    for (use_id, class_id) in {
        let mut stmt = conn.prepare_cached(
            "SELECT u.id, u.class_id FROM platform_uses u JOIN classes c ON c.id = u.class_id WHERE c.year = ?1",
        )?;
        let rows = stmt.query_map([year.to_string()], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        rows.collect::<Result<Vec<_>, _>>()?
    } {
        let staff = match own.remove(&use_id) {
            Some(list) => list,
            None => match teachers.get(&class_id) {
                Some(list) => list.clone(),
                None => {
                    let list = class::by_id(conn, class_id)?.teachers;
                    teachers.insert(class_id, list.clone());
                    list
                }
            },
        };
        out.insert(use_id, staff);
    }
    Ok(out)
}

/// The staff members named, each once, each on the staff list.
fn staff_named(conn: &Connection, names: &[String]) -> Result<Vec<Staff>> {
    let mut out: Vec<Staff> = Vec::new();
    for name in names.iter().filter(|n| !n.trim().is_empty()) {
        let member = staff::find_in(conn, name)?;
        if !out.contains(&member) {
            out.push(member);
        }
    }
    Ok(out)
}

fn insert_staff_in(tx: &Connection, use_id: i64, own: &[Staff]) -> Result<()> {
    for member in own {
        tx.execute("INSERT INTO use_staff (use_id, staff_id) VALUES (?1, ?2)", params![use_id, member.id])?;
    }
    Ok(())
}

fn ids(staff: &[Staff]) -> String {
    staff.iter().map(|s| s.id.to_string()).collect::<Vec<_>>().join(", ")
}

/// The journal names staff by number only.
fn staff_audit(own: &[Staff]) -> String {
    if own.is_empty() {
        String::new()
    } else {
        format!(", personnel n° {}", ids(own))
    }
}

fn set_date(db: &mut Db, id: i64, column: &str, on: NaiveDate, action: &str, what: &str) -> Result<PlatformUse> {
    db.exclusive(|db| {
        writable(db, id)?;
        db.write(action, &object(id), |tx| {
            tx.execute(
                &format!("UPDATE platform_uses SET {column} = ?2 WHERE id = ?1"),
                params![id, text::sql_date(on)],
            )?;
            Ok(((), format!("{what} le {on}")))
        })?;
        get(db, id)
    })
}

/// The use, when its year is still open to writes (not closed).
fn writable(db: &Db, id: i64) -> Result<PlatformUse> {
    let use_ = get(db, id)?;
    crate::year::ensure_open(&db.conn, use_.year, crate::year::Write::YearData)?;
    Ok(use_)
}

fn object(id: i64) -> String {
    format!("utilisation {id}")
}

const SELECT: &str = "SELECT u.id, c.year, u.class_id, c.code, u.platform_id, p.name, u.audience, u.started_on,
        u.ended_on, u.notes, u.authorized_on, u.authorized_by, u.committee_validated_on,
        u.presentation_validated_on, u.presentation_validated_by, u.presentation_validated_sha256,
        u.presentation_sent_on, u.authorized_prior_use";

fn query(conn: &Connection, filter: &str, param: &dyn rusqlite::ToSql) -> Result<Vec<PlatformUse>> {
    let sql = format!(
        "{SELECT}, {}, {}
         FROM platform_uses u
         JOIN classes c ON c.id = u.class_id
         JOIN platforms p ON p.id = u.platform_id
         LEFT JOIN attachments a ON a.id = u.authorization_document_id
         LEFT JOIN attachments d ON d.id = u.presentation_document_id
         WHERE {filter}
         ORDER BY c.code, p.name_key, u.audience, u.id",
        attachment::columns("a"),
        attachment::columns("d"),
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([param], from_row)?;
    let mut uses = rows.collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.name, s.email FROM use_staff us JOIN staff s ON s.id = us.staff_id
         WHERE us.use_id = ?1 ORDER BY s.name_key",
    )?;
    for use_ in &mut uses {
        use_.own_staff = stmt.query_map([use_.id], staff::from_row)?.collect::<Result<Vec<_>, _>>()?;
    }
    Ok(uses)
}

pub(crate) fn get_in(conn: &Connection, id: i64) -> Result<PlatformUse> {
    query(conn, "u.id = ?1", &id)?.pop().ok_or(Error::UseNotFound(id))
}

pub(crate) fn of_year_in(conn: &Connection, year: SchoolYear) -> Result<Vec<PlatformUse>> {
    query(conn, "c.year = ?1", &year.to_string())
}

pub(crate) fn of_class_in(conn: &Connection, class_id: i64) -> Result<Vec<PlatformUse>> {
    query(conn, "u.class_id = ?1", &class_id)
}

pub(crate) fn of_platform_in(conn: &Connection, platform_id: i64) -> Result<Vec<PlatformUse>> {
    query(conn, "u.platform_id = ?1", &platform_id)
}

fn from_row(row: &Row) -> rusqlite::Result<PlatformUse> {
    let year: String = row.get(1)?;
    let year = SchoolYear::parse(&year)
        .map_err(|_| rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, year.into()))?;
    let audience: String = row.get(6)?;
    let audience = Audience::ALL
        .into_iter()
        .find(|a| a.code() == audience)
        .ok_or_else(|| rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, audience.into()))?;
    let authorization_document = attachment::from_row(row, 18)?;
    let presentation_document = attachment::from_row(row, 24)?;
    let authorization = match (text::optional_date_from_sql(row.get(10)?)?, row.get::<_, Option<String>>(11)?) {
        (Some(on), Some(by)) => {
            Some(Authorization { on, by, document: authorization_document, prior_use: row.get(17)? })
        }
        _ => None,
    };
    let validation = match (
        text::optional_date_from_sql(row.get(13)?)?,
        row.get::<_, Option<String>>(14)?,
        row.get::<_, Option<String>>(15)?,
    ) {
        (Some(on), Some(by), Some(sha256)) => Some(PresentationValidation { on, by, sha256 }),
        _ => None,
    };
    Ok(PlatformUse {
        id: row.get(0)?,
        year,
        class_id: row.get(2)?,
        class_code: row.get(3)?,
        platform_id: row.get(4)?,
        platform: row.get(5)?,
        audience,
        started_on: text::date_from_sql(&row.get::<_, String>(7)?)?,
        ended_on: text::optional_date_from_sql(row.get(8)?)?,
        notes: row.get(9)?,
        authorization,
        committee_validated_on: text::optional_date_from_sql(row.get(12)?)?,
        presentation: Presentation {
            document: presentation_document,
            validation,
            sent_on: text::optional_date_from_sql(row.get(16)?)?,
        },
        own_staff: Vec::new(),
    })
}
