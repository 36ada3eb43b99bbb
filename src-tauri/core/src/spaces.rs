//! Social-media spaces (issue 17; seed 003, the social-media policy): the school's request to
//! create a space (its annexe A), and what follows it. A space goes **brouillon → envoyée** (to the
//! service centre, with the day) **→ acceptée or refusée** (the director general's decision, its
//! day and the signed decision scanned). The principal designates its administrators (staff,
//! art. 6) and ticks the conditions of articles 6 to 9 one by one.
//!
//! Only an accepted space takes members, and each student joins with the written consent the
//! space's access level asks, checked against the birth date on the day they join
//! (`forms::template::membership`, art. 7.1.2): under 13 never; 13, a parent's consent; 14 and
//! over, the student's own or a parent's. A space « pour consultation seulement » has no members.
//!
//! The request is printed like every form: a number of the store's one series and a QR code.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::attachment::{self, NewAttachment};
use crate::consent::lookup::full_years;
use crate::consent::registry;
use crate::error::{Error, Result};
use crate::export::{self, Existing};
use crate::forms::template::{membership, AccessLevel, Membership, TemplateId};
use crate::forms::templates_text::demande_espace;
use crate::pdf::space_request::{self, SpaceRequestPage};
use crate::register::staff;
use crate::roster::students::load_student;
use crate::settings::{self, Key};
use crate::store::Db;
use crate::text::{self, date_from_sql, invalid, optional_date_from_sql, Field};
use crate::year::{self, SchoolYear};

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpaceStatus {
    Brouillon,
    Envoyee,
    Acceptee,
    Refusee,
}

impl SpaceStatus {
    fn code(self) -> &'static str {
        match self {
            SpaceStatus::Brouillon => "brouillon",
            SpaceStatus::Envoyee => "envoyee",
            SpaceStatus::Acceptee => "acceptee",
            SpaceStatus::Refusee => "refusee",
        }
    }

    fn parse(code: &str) -> Option<SpaceStatus> {
        [SpaceStatus::Brouillon, SpaceStatus::Envoyee, SpaceStatus::Acceptee, SpaceStatus::Refusee]
            .into_iter()
            .find(|s| s.code() == code)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            SpaceStatus::Brouillon => "brouillon",
            SpaceStatus::Envoyee => "envoyée au centre de services",
            SpaceStatus::Acceptee => "acceptée",
            SpaceStatus::Refusee => "refusée",
        }
    }
}

/// A request as the screens and the command line show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Space {
    pub id: i64,
    #[serde(serialize_with = "year_text")]
    pub year: SchoolYear,
    pub name: String,
    /// A key of the request's boxes (`demande_espace::PLATFORMS`).
    pub platform: String,
    pub platform_other: String,
    pub use_type: String,
    /// Said by its key (`demande_espace::ACCESS_LEVELS`), as the request's boxes name it.
    #[serde(serialize_with = "access_key")]
    pub access_level: AccessLevel,
    pub content: String,
    pub administration: String,
    pub training: String,
    pub monitoring: String,
    pub responsible: String,
    pub status: SpaceStatus,
    pub sent_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    /// The scanned decision signed by the director general.
    pub decision_scan_id: Option<i64>,
    /// The request's form number, once printed.
    pub number: Option<String>,
    pub admins: Vec<String>,
    /// The conditions ticked (keys of `demande_espace::CONDITIONS`) and their day.
    pub conditions: Vec<(String, NaiveDate)>,
    pub members: Vec<Member>,
}

fn year_text<S: serde::Serializer>(year: &SchoolYear, serializer: S) -> std::result::Result<S::Ok, S::Error> {
    serializer.serialize_str(&year.to_string())
}

fn access_key<S: serde::Serializer>(level: &AccessLevel, serializer: S) -> std::result::Result<S::Ok, S::Error> {
    serializer.serialize_str(level.key())
}

/// A student who joined, with the consent their age asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub student_id: i64,
    pub name: String,
    pub class_code: String,
    pub joined_on: NaiveDate,
    pub consent_by: ConsentBy,
    pub consent_on: NaiveDate,
    pub signer: String,
}

/// Whose written consent a member joined with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentBy {
    Parent,
    Eleve,
}

impl ConsentBy {
    fn code(self) -> &'static str {
        match self {
            ConsentBy::Parent => "parent",
            ConsentBy::Eleve => "eleve",
        }
    }

    pub fn parse(typed: &str) -> Result<ConsentBy> {
        match text::fold(typed).as_str() {
            "parent" | "tuteur" => Ok(ConsentBy::Parent),
            "eleve" | "student" => Ok(ConsentBy::Eleve),
            _ => Err(invalid(Field::Signer, "écrivez parent ou eleve", "write parent or eleve")),
        }
    }
}

/// A request as typed (`space add`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SpaceDraft {
    pub name: String,
    pub platform: String,
    #[serde(default)]
    pub platform_other: String,
    #[serde(default)]
    pub use_type: String,
    pub access_level: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub administration: String,
    #[serde(default)]
    pub training: String,
    #[serde(default)]
    pub monitoring: String,
    #[serde(default)]
    pub responsible: String,
}

/// A member as typed (`space member`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MemberDraft {
    pub student_id: i64,
    pub consent_by: ConsentBy,
    pub consent_on: NaiveDate,
    pub signer: String,
    #[serde(default)]
    pub joined_on: Option<NaiveDate>,
}

fn platform_key(typed: &str) -> Result<&'static str> {
    let folded = text::fold(typed);
    demande_espace::PLATFORMS
        .iter()
        .find(|(key, label)| *key == folded || text::fold(label) == folded || key.trim_start_matches("meta_") == folded)
        .map(|(key, _)| *key)
        .ok_or_else(|| {
            let keys: Vec<&str> = demande_espace::PLATFORMS.iter().map(|(k, _)| *k).collect();
            invalid(
                Field::PlatformName,
                format!("plateforme inconnue : écrivez {}", keys.join(", ")),
                format!("unknown platform: write {}", keys.join(", ")),
            )
        })
}

fn access_level(typed: &str) -> Result<AccessLevel> {
    let folded = text::fold(typed);
    let short = match folded.as_str() {
        "consultation" => Some(AccessLevel::Consultation),
        "13" | "adhesion-13" | "adhesion_13" => Some(AccessLevel::Adhesion13),
        "14" | "adhesion-14" | "adhesion_14" => Some(AccessLevel::Adhesion14),
        _ => None,
    };
    short.or_else(|| AccessLevel::parse(typed)).ok_or_else(|| {
        invalid(
            Field::AccessLevel,
            "niveau d'accès inconnu : écrivez consultation, 13 ou 14",
            "unknown access level: write consultation, 13 or 14",
        )
    })
}

/// Records a draft request for the current school year.
pub fn add(db: &mut Db, draft: &SpaceDraft) -> Result<Space> {
    db.exclusive(|db| {
        let year = settings::year_or_current(db, None)?;
        year::ensure_open(&db.conn, year, year::Write::YearData)?;
        let name = text::line(Field::Title, &draft.name, 200, true)?;
        let platform = platform_key(&draft.platform)?;
        let platform_other = text::line(Field::PlatformName, &draft.platform_other, 120, platform == "autre")?;
        let use_type = text::line(Field::Description, &draft.use_type, 300, false)?;
        let level = access_level(&draft.access_level)?;
        let blocks = [&draft.content, &draft.administration, &draft.training, &draft.monitoring]
            .map(|b| text::paragraph(Field::Description, b, 4000, false));
        let [content, administration, training, monitoring] = blocks;
        let (content, administration, training, monitoring) = (content?, administration?, training?, monitoring?);
        let responsible = text::paragraph(Field::Requester, &draft.responsible, 500, false)?;
        let now = db.clock().now_rfc3339();
        let id = db.write("espace.ajout", &format!("espace {year}"), |tx| {
            tx.execute(
                "INSERT INTO spaces (year, name, platform, platform_other, use_type, access_level, content,
                     administration, training, monitoring, responsible, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    year.to_string(),
                    name,
                    platform,
                    platform_other,
                    use_type,
                    level.key(),
                    content,
                    administration,
                    training,
                    monitoring,
                    responsible,
                    now
                ],
            )?;
            let id = tx.last_insert_rowid();
            Ok((id, format!("demande n° {id} ({platform}, {})", level.key())))
        })?;
        get_in(&db.conn, id)
    })
}

/// Designates a staff member as one of the space's administrators (art. 6).
pub fn add_admin(db: &mut Db, id: i64, staff_name: &str) -> Result<Space> {
    db.exclusive(|db| {
        let space = get_in(&db.conn, id)?;
        year::ensure_open(&db.conn, space.year, year::Write::YearData)?;
        let member = staff::find(db, staff_name)?;
        db.write("espace.administrateur", &format!("espace {id}"), |tx| {
            tx.execute("INSERT OR IGNORE INTO space_admins (space_id, staff_id) VALUES (?1, ?2)", [id, member.id])?;
            Ok(((), format!("membre du personnel n° {}", member.id)))
        })?;
        get_in(&db.conn, id)
    })
}

/// Ticks one condition of articles 6 to 9 as met on `on`.
pub fn tick_condition(db: &mut Db, id: i64, key: &str, on: NaiveDate) -> Result<Space> {
    db.exclusive(|db| {
        let space = get_in(&db.conn, id)?;
        year::ensure_open(&db.conn, space.year, year::Write::YearData)?;
        text::not_after_today(Field::ValidatedOn, on, db.clock().today())?;
        let key = demande_espace::CONDITIONS.iter().map(|(k, _)| *k).find(|k| *k == key.trim()).ok_or_else(|| {
            invalid(
                Field::Item,
                format!("condition inconnue « {} » (voir « balise space show »)", key.trim()),
                format!("unknown condition « {} » (see « balise space show »)", key.trim()),
            )
        })?;
        db.write("espace.condition", &format!("espace {id}"), |tx| {
            tx.execute(
                "INSERT OR REPLACE INTO space_conditions (space_id, key, met_on) VALUES (?1, ?2, ?3)",
                params![id, key, text::sql_date(on)],
            )?;
            Ok(((), format!("{key} le {on}")))
        })?;
        get_in(&db.conn, id)
    })
}

/// Sends the request to the service centre on `on`: only a draft, and only once its four blocks
/// and its responsible person are filled in (the director general decides on them).
pub fn send(db: &mut Db, id: i64, on: NaiveDate) -> Result<Space> {
    db.exclusive(|db| {
        let space = get_in(&db.conn, id)?;
        year::ensure_open(&db.conn, space.year, year::Write::YearData)?;
        text::not_after_today(Field::SentOn, on, db.clock().today())?;
        if space.status != SpaceStatus::Brouillon {
            return Err(invalid(
                Field::Status,
                format!("la demande est déjà {}", space.status.label_fr()),
                "the request was already sent",
            ));
        }
        let missing: Vec<&str> = [
            (space.content.is_empty(), "le contenu envisagé"),
            (space.administration.is_empty(), "l'administration de l'espace"),
            (space.training.is_empty(), "la diffusion, la formation et l'encadrement"),
            (space.monitoring.is_empty(), "la vigie"),
            (space.responsible.is_empty(), "la personne responsable"),
        ]
        .into_iter()
        .filter_map(|(empty, what)| empty.then_some(what))
        .collect();
        if !missing.is_empty() {
            return Err(invalid(
                Field::Description,
                format!("à remplir avant l'envoi : {}", missing.join(", ")),
                format!("to fill in before sending: {} block(s)", missing.len()),
            ));
        }
        db.write("espace.envoi", &format!("espace {id}"), |tx| {
            tx.execute(
                "UPDATE spaces SET status = 'envoyee', sent_on = ?2 WHERE id = ?1",
                params![id, text::sql_date(on)],
            )?;
            Ok(((), format!("envoyée le {on}")))
        })?;
        get_in(&db.conn, id)
    })
}

/// Records the director general's decision on `on`, with the signed decision scanned.
pub fn decide(db: &mut Db, id: i64, accepted: bool, on: NaiveDate, scan: Option<&NewAttachment>) -> Result<Space> {
    db.exclusive(|db| {
        let space = get_in(&db.conn, id)?;
        year::ensure_open(&db.conn, space.year, year::Write::YearData)?;
        text::not_after_today(Field::AnsweredOn, on, db.clock().today())?;
        if space.status != SpaceStatus::Envoyee {
            return Err(invalid(
                Field::Status,
                format!("la demande est {} : seule une demande envoyée reçoit une décision", space.status.label_fr()),
                "only a request sent gets a decision",
            ));
        }
        if space.sent_on.is_some_and(|sent| on < sent) {
            return Err(invalid(
                Field::AnsweredOn,
                format!("le {on} précède l'envoi de la demande"),
                format!("{on} is before the request was sent"),
            ));
        }
        if let Some(scan) = scan {
            attachment::check_scan(scan)?;
        }
        let at = db.clock().now_rfc3339();
        let status = if accepted { SpaceStatus::Acceptee } else { SpaceStatus::Refusee };
        db.write("espace.decision", &format!("espace {id}"), |tx| {
            let scan_id = scan.map(|s| attachment::insert(tx, s, &at)).transpose()?.map(|m| m.id);
            tx.execute(
                "UPDATE spaces SET status = ?2, decided_on = ?3, decision_scan_id = ?4 WHERE id = ?1",
                params![id, status.code(), text::sql_date(on), scan_id],
            )?;
            Ok((
                (),
                format!("{} le {on}{}", status.label_fr(), if scan_id.is_some() { ", décision numérisée" } else { "" }),
            ))
        })?;
        get_in(&db.conn, id)
    })
}

/// Adds a student to an accepted space, with the written consent their age asks on the day they
/// join: refused for a space « consultation seulement », under 13 (or 14), a birth date unknown,
/// or a student's own consent before 14.
pub fn add_member(db: &mut Db, id: i64, draft: &MemberDraft) -> Result<Space> {
    db.exclusive(|db| {
        let space = get_in(&db.conn, id)?;
        year::ensure_open(&db.conn, space.year, year::Write::YearData)?;
        if space.status != SpaceStatus::Acceptee {
            return Err(invalid(
                Field::Status,
                format!(
                    "l'espace est {} : seul un espace accepté par la direction générale a des membres",
                    space.status.label_fr()
                ),
                "only a space accepted by the director general has members",
            ));
        }
        let today = db.clock().today();
        let joined = draft.joined_on.unwrap_or(today);
        text::not_after_today(Field::StartedOn, joined, today)?;
        text::not_after_today(Field::ReceivedOn, draft.consent_on, today)?;
        let signer = text::line(Field::Signer, &draft.signer, 120, true)?;
        let student = load_student(&db.conn, draft.student_id)?
            .filter(|s| s.status == crate::roster::StudentStatus::Active)
            .ok_or_else(|| Error::StudentNotFound(draft.student_id.to_string()))?;
        let born = student.birth_date.ok_or(Error::StudentAgeUnknown)?;
        let age = full_years(born, joined).unwrap_or(0);
        match (membership(space.access_level, age), draft.consent_by) {
            (Membership::NoMembers, _) => {
                return Err(invalid(
                    Field::AccessLevel,
                    "cet espace est pour consultation seulement, sans adhésion (art. 7.1.2)",
                    "this space is for consultation only, without members (art. 7.1.2)",
                ))
            }
            (Membership::TooYoung, _) => return Err(Error::StudentTooYoung(age)),
            (Membership::ParentConsent, ConsentBy::Eleve) => {
                return Err(invalid(
                    Field::Signer,
                    "à 13 ans, le consentement du titulaire de l'autorité parentale est requis (art. 7.1.2)",
                    "at 13, the consent of the holder of parental authority is required (art. 7.1.2)",
                ))
            }
            _ => {}
        }
        let consent_by = draft.consent_by;
        db.write("espace.membre", &format!("espace {id}"), |tx| {
            let added = tx.execute(
                "INSERT OR IGNORE INTO space_members (space_id, student_id, joined_on, consent_by, consent_on, signer)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id,
                    draft.student_id,
                    text::sql_date(joined),
                    consent_by.code(),
                    text::sql_date(draft.consent_on),
                    signer
                ],
            )?;
            Ok((
                (),
                if added == 1 {
                    format!("élève n° {} ({age} ans)", draft.student_id)
                } else {
                    "déjà membre".into()
                },
            ))
        })?;
        get_in(&db.conn, id)
    })
}

/// The conditions of articles 6 to 9, each `(key, text)`, the organisation's name filled in: the
/// checklist a space's screen shows.
pub fn conditions(db: &Db) -> Result<Vec<(&'static str, String)>> {
    let css_name = settings::get(db, Key::CssName)?;
    Ok(demande_espace::CONDITIONS
        .iter()
        .map(|(key, text)| (*key, crate::pdf::fr_source(&text.replace("{organisation}", css_name.trim()))))
        .collect())
}

/// A space to follow up on the dashboard: a request waiting for its decision, or an accepted space
/// without administrators or with conditions of articles 6 to 9 not ticked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpaceFinding {
    pub space_id: i64,
    pub name: String,
    pub status: SpaceStatus,
    /// What is missing, in French.
    pub missing: Vec<String>,
}

/// The year's spaces to follow up (`SpaceFinding`), oldest first.
pub fn to_follow(db: &Db, year: SchoolYear) -> Result<Vec<SpaceFinding>> {
    let total = demande_espace::CONDITIONS.len();
    let mut out = Vec::new();
    for space in list(db, year)?.into_iter().rev() {
        let mut missing = Vec::new();
        match space.status {
            SpaceStatus::Envoyee => missing.push(format!(
                "décision de la direction générale attendue (demande envoyée le {})",
                space.sent_on.map(|d| d.to_string()).unwrap_or_default()
            )),
            SpaceStatus::Acceptee => {
                if space.admins.is_empty() {
                    missing.push("aucun administrateur désigné (art. 6)".into());
                }
                if space.conditions.len() < total {
                    missing.push(format!(
                        "{} condition(s) des articles 6 à 9 non cochée(s)",
                        total - space.conditions.len()
                    ));
                }
            }
            SpaceStatus::Brouillon | SpaceStatus::Refusee => {}
        }
        if !missing.is_empty() {
            out.push(SpaceFinding { space_id: space.id, name: space.name, status: space.status, missing });
        }
    }
    Ok(out)
}

/// The year's requests, newest first.
pub fn list(db: &Db, year: SchoolYear) -> Result<Vec<Space>> {
    let ids: Vec<i64> = db
        .conn
        .prepare_cached("SELECT id FROM spaces WHERE year = ?1 ORDER BY id DESC")?
        .query_map([year.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|id| get_in(&db.conn, id)).collect()
}

pub fn get(db: &Db, id: i64) -> Result<Space> {
    get_in(&db.conn, id)
}

fn get_in(conn: &Connection, id: i64) -> Result<Space> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        [String; 5],
        String,
        Option<String>,
        Option<String>,
        Option<i64>,
    );
    let row: Option<Row> = conn
        .query_row(
            "SELECT year, name, platform, platform_other, use_type, access_level, content, administration,
                    training, monitoring, responsible, status, sent_on, decided_on, decision_scan_id
             FROM spaces WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    [r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?],
                    r.get(11)?,
                    r.get(12)?,
                    r.get(13)?,
                    r.get(14)?,
                ))
            },
        )
        .optional()?;
    let Some((year, name, platform, platform_other, use_type, level, blocks, status, sent_on, decided_on, scan)) = row
    else {
        return Err(Error::SpaceNotFound(id));
    };
    let bad = |what: &str| Error::Database(format!("demande d'espace {id} : {what} illisible"));
    let [content, administration, training, monitoring, responsible] = blocks;
    let number = conn
        .query_row("SELECT number FROM forms WHERE template = 'demande_espace' AND space_id = ?1", [id], |r| r.get(0))
        .optional()?;
    let admins = conn
        .prepare_cached(
            "SELECT s.name FROM space_admins a JOIN staff s ON s.id = a.staff_id WHERE a.space_id = ?1 ORDER BY s.name",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let conditions = conn
        .prepare_cached("SELECT key, met_on FROM space_conditions WHERE space_id = ?1 ORDER BY key")?
        .query_map([id], |r| Ok((r.get::<_, String>(0)?, date_from_sql(&r.get::<_, String>(1)?)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let members = conn
        .prepare_cached(
            "SELECT m.student_id, s.last_name || ', ' || s.first_name, c.code, m.joined_on, m.consent_by,
                    m.consent_on, m.signer
             FROM space_members m JOIN students s ON s.id = m.student_id JOIN classes c ON c.id = s.class_id
             WHERE m.space_id = ?1 ORDER BY s.name_key",
        )?
        .query_map([id], |r| {
            let by: String = r.get(4)?;
            Ok(Member {
                student_id: r.get(0)?,
                name: r.get(1)?,
                class_code: r.get(2)?,
                joined_on: date_from_sql(&r.get::<_, String>(3)?)?,
                consent_by: if by == "eleve" { ConsentBy::Eleve } else { ConsentBy::Parent },
                consent_on: date_from_sql(&r.get::<_, String>(5)?)?,
                signer: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Space {
        id,
        year: year.parse().map_err(|_| bad("année"))?,
        name,
        platform,
        platform_other,
        use_type,
        access_level: AccessLevel::parse(&level).ok_or_else(|| bad("niveau d'accès"))?,
        content,
        administration,
        training,
        monitoring,
        responsible,
        status: SpaceStatus::parse(&status).ok_or_else(|| bad("statut"))?,
        sent_on: optional_date_from_sql(sent_on)?,
        decided_on: optional_date_from_sql(decided_on)?,
        decision_scan_id: scan,
        number,
        admins,
        conditions,
        members,
    })
}

/// Prints the request (the policy's annexe A) filled in, with its number (taken the first time)
/// and QR code, at `output`.
pub fn print_request(db: &mut Db, id: i64, output: &Path, existing: Existing) -> Result<PathBuf> {
    export::refuse_existing(&[output], existing)?;
    let space = get(db, id)?;
    let css_name = settings::get(db, Key::CssName)?;
    let school_name = settings::get(db, Key::SchoolName)?;
    let email = settings::get(db, Key::ReturnEmail)?;
    let communications = settings::get(db, Key::CommunicationsEmail)?;
    let logo = crate::pdf::Image::letterhead(db)?;
    let today = db.clock().today();
    let now = db.clock().now_rfc3339();
    let staging = export::Staging::of(db);
    let staged = db.write("espace.impression", &format!("espace {id}"), |tx| {
        let number = match &space.number {
            Some(number) => number.clone(),
            None => {
                let number = registry::next_number(tx)?;
                tx.execute(
                    "INSERT INTO forms (number, template, space_id, created_at) VALUES (?1, ?2, ?3, ?4)",
                    params![number, TemplateId::DemandeEspace.code(), id, now],
                )?;
                number
            }
        };
        crate::consent::ledger::record_printed(tx, &number, today, &now, &format!("espace {id}"), false)?;
        let page = SpaceRequestPage {
            css_name: css_name.clone(),
            school_name: school_name.clone(),
            email: email.clone(),
            communications_email: communications.clone(),
            school_year: space.year,
            space: space_words(&space),
            form_number: number.clone(),
            store_tag: crate::forms::code::store_tag(tx)?,
        };
        let document = space_request::render(&page, today, logo.as_ref())?;
        Ok((staging.stage(output, &document)?, format!("demande d'espace, formulaire {number}")))
    })?;
    staged.publish()?;
    Ok(output.to_path_buf())
}

fn space_words(space: &Space) -> space_request::SpaceWords {
    space_request::SpaceWords {
        name: space.name.clone(),
        platform: space.platform.clone(),
        platform_other: space.platform_other.clone(),
        use_type: space.use_type.clone(),
        access_level: space.access_level,
        blocks: [space.content.clone(), space.administration.clone(), space.training.clone(), space.monitoring.clone()],
        responsible: space.responsible.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::tests::printed_store;
    use crate::pdf::test_support::{flatten, pages_text, screenshot};
    use crate::test_store::day;

    fn draft(level: &str) -> SpaceDraft {
        SpaceDraft {
            name: "Les Bleuets en action".into(),
            platform: "Instagram".into(),
            platform_other: String::new(),
            use_type: "Partage d'information avec les familles".into(),
            access_level: level.into(),
            content: String::new(),
            administration: String::new(),
            training: String::new(),
            monitoring: String::new(),
            responsible: "Marie Tremblay, enseignante, poste 1234".into(),
        }
    }

    fn filled(level: &str) -> SpaceDraft {
        SpaceDraft {
            content: "Les projets de la classe, en lien avec le projet éducatif.".into(),
            administration: "Deux administratrices désignées ; compte rattaché à celui du centre.".into(),
            training: "Nétiquette présentée aux élèves et aux parents.".into(),
            monitoring: "Vigie hebdomadaire des commentaires.".into(),
            ..draft(level)
        }
    }

    fn member(student_id: i64, by: ConsentBy) -> MemberDraft {
        MemberDraft {
            student_id,
            consent_by: by,
            consent_on: day("2025-10-01"),
            signer: "Aya N'Guessan".into(),
            joined_on: None,
        }
    }

    fn student_id(store: &crate::test_store::Store, last_name: &str) -> i64 {
        store.db.conn.query_row("SELECT id FROM students WHERE last_name = ?1", [last_name], |r| r.get(0)).unwrap()
    }

    #[test]
    fn a_request_goes_from_draft_to_accepted_and_its_members_join_by_age() {
        let (mut store, _) = printed_store();
        store.on("2025-10-01");
        let space = add(&mut store.db, &draft("13")).unwrap();
        assert_eq!((space.status, space.platform.as_str()), (SpaceStatus::Brouillon, "meta_instagram"));

        // Not sent with empty blocks; nothing changed.
        let err = send(&mut store.db, space.id, day("2025-10-01")).unwrap_err();
        assert!(err.to_string().contains("à remplir avant l'envoi : le contenu envisagé"), "{err}");
        assert_eq!(get(&store.db, space.id).unwrap().status, SpaceStatus::Brouillon);
        // A decision before the request is sent is refused.
        assert!(decide(&mut store.db, space.id, true, day("2025-10-01"), None).is_err());

        let space = add(&mut store.db, &filled("13")).unwrap();
        add_admin(&mut store.db, space.id, "Marie Tremblay").unwrap();
        tick_condition(&mut store.db, space.id, "aucun_compte_personnel", day("2025-10-01")).unwrap();
        assert!(tick_condition(&mut store.db, space.id, "n_importe_quoi", day("2025-10-01")).is_err());

        // The printed request reads like the policy's annexe A, filled in.
        let pdf_path = store._tmp.path().join("demande.pdf");
        print_request(&mut store.db, space.id, &pdf_path, Existing::Refuse).unwrap();
        let pdf = std::fs::read(&pdf_path).unwrap();
        let text = flatten(&pages_text(&pdf).join("\n"));
        for expected in [
            "Demande d’autorisation de création d’un espace de média social",
            "IDENTIFICATION DE L’ÉTABLISSEMENT OU DU SERVICE",
            "École du Boisé",
            "Les Bleuets en action",
            "Méta (Instagram)",
            "CONSULTATION ET ADHÉSION",
            "13 ans avec consentement parental",
            "Vigie hebdomadaire des commentaires.",
            "Signature du directeur général",
            "Refusé",
        ] {
            assert!(text.contains(expected), "« {expected} » missing:\n{text}");
        }
        assert!(!text.contains('{'), "{text}");
        screenshot(&pdf, 1, 80, "demande-espace");
        let number = get(&store.db, space.id).unwrap().number.expect("numbered when printed");

        store.on("2025-10-03");
        send(&mut store.db, space.id, day("2025-10-02")).unwrap();
        // No member before the decision.
        let awa = student_id(&store, "N'Guessan");
        assert!(add_member(&mut store.db, space.id, &member(awa, ConsentBy::Eleve)).is_err());
        store.on("2025-10-20");
        let scan = NewAttachment::new("decision.pdf", crate::attachment::minimal_pdf("décision signée"));
        let space = decide(&mut store.db, space.id, true, day("2025-10-17"), Some(&scan)).unwrap();
        assert_eq!((space.status, space.decided_on), (SpaceStatus::Acceptee, Some(day("2025-10-17"))));
        assert!(space.decision_scan_id.is_some());
        assert_eq!(space.number.as_deref(), Some(number.as_str()), "the same number");

        // Ages on 2025-10-20: N'Guessan 14 (her own consent is enough), Côté 11 (too young),
        // Émond made 13 (a parent's consent, not her own).
        add_member(&mut store.db, space.id, &member(awa, ConsentBy::Eleve)).unwrap();
        let cote = student_id(&store, "Côté");
        let err = add_member(&mut store.db, space.id, &member(cote, ConsentBy::Parent)).unwrap_err();
        assert!(matches!(err, Error::StudentTooYoung(11)), "{err:?}");
        let emond = student_id(&store, "Émond");
        store.db.conn.execute("UPDATE students SET birth_date = '2012-05-01' WHERE id = ?1", [emond]).unwrap();
        let err = add_member(&mut store.db, space.id, &member(emond, ConsentBy::Eleve)).unwrap_err();
        assert!(err.to_string().contains("13 ans"), "{err}");
        let space = add_member(&mut store.db, space.id, &member(emond, ConsentBy::Parent)).unwrap();
        // The dashboard's finding: an administrator named, one condition of 31 ticked.
        let findings = to_follow(&store.db, crate::test_store::year()).unwrap();
        let finding = findings.iter().find(|f| f.space_id == space.id).expect("accepted, conditions missing");
        assert_eq!(finding.missing, ["30 condition(s) des articles 6 à 9 non cochée(s)"]);
        let members: Vec<(&str, ConsentBy)> = space.members.iter().map(|m| (m.name.as_str(), m.consent_by)).collect();
        assert_eq!(members, [("Émond, Zoé", ConsentBy::Parent), ("N'Guessan, Awa", ConsentBy::Eleve)]);
    }

    #[test]
    fn a_consultation_space_has_no_members_and_a_refused_one_neither() {
        let (mut store, _) = printed_store();
        store.on("2025-10-01");
        let consultation = add(&mut store.db, &filled("consultation")).unwrap();
        send(&mut store.db, consultation.id, day("2025-10-01")).unwrap();
        decide(&mut store.db, consultation.id, true, day("2025-10-01"), None).unwrap();
        let awa = student_id(&store, "N'Guessan");
        let err = add_member(&mut store.db, consultation.id, &member(awa, ConsentBy::Eleve)).unwrap_err();
        assert!(err.to_string().contains("consultation seulement"), "{err}");

        let refused = add(&mut store.db, &filled("14")).unwrap();
        send(&mut store.db, refused.id, day("2025-10-01")).unwrap();
        let refused = decide(&mut store.db, refused.id, false, day("2025-10-01"), None).unwrap();
        assert_eq!(refused.status, SpaceStatus::Refusee);
        assert!(add_member(&mut store.db, refused.id, &member(awa, ConsentBy::Eleve)).is_err());
        // A decision is taken once.
        assert!(decide(&mut store.db, refused.id, true, day("2025-10-01"), None).is_err());
        assert!(add(&mut store.db, &SpaceDraft { platform: "Myspace".into(), ..filled("14") }).is_err());
        assert!(
            add(&mut store.db, &SpaceDraft { platform: "autre".into(), ..filled("14") }).is_err(),
            "Autre needs its name"
        );
    }
}
