//! The catalogue of platforms (Directive art. 4): each platform's status, audiences and flags.
//! Seeded with the CSSPB defaults by migration 0002; adding one is audited (changes: `platform_change`).
//! Two flags are the Directive's, not the school's: the end-of-year deletion (5.9 names the only
//! platforms it exempts) and « hors Directive » (art. 3: professional e-mail only). The platforms
//! the articles name carry `named_in` (seeded by migration 0010, never set afterwards); any other
//! platform differs from its article only with a reason, kept and journaled (`settle_reasons`).

use chrono::NaiveDate;
use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::Db;
use crate::text::{self, fold, invalid, Field};

/// Who a platform use talks to: the parents, or the students.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Audience {
    #[serde(rename = "parents")]
    Parents,
    #[serde(rename = "eleves", alias = "élèves")]
    Students,
}

/// The article of the Directive that names a platform: seeded, never set by a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NamedIn {
    /// 5.9 exempts it from the end-of-year deletion (Mozaïk-Portail, Portail Parents, Clic École).
    #[serde(rename = "5.9")]
    Art5_9,
    /// Art. 3: the Directive does not apply to it (professional e-mail); nor does 5.9, then.
    #[serde(rename = "3")]
    Art3,
}

/// A flag set otherwise than its article says, which needs a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Deviation {
    /// No end-of-year deletion on a platform 5.9 does not exempt.
    Deletion,
    /// « Hors Directive » on a platform art. 3 does not leave out.
    OutsideDirective,
}

impl Deviation {
    pub fn article(self) -> &'static str {
        match self {
            Deviation::Deletion => "5.9",
            Deviation::OutsideDirective => "3",
        }
    }
}

/// What the CSSPB says about a platform (Directive art. 4; note de service of 25 August 2025).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlatformStatus {
    #[serde(rename = "approuvee", alias = "approuvée")]
    Approved,
    /// Allowed only with the principal's written authorization, validated with the security committee.
    #[serde(rename = "autorisation_requise")]
    AuthorizationRequired,
    /// Allowed until `tolerated_until` with the principal's permission; afterwards, authorization required.
    #[serde(rename = "toleree", alias = "tolérée")]
    Tolerated,
    #[serde(rename = "proscrite")]
    Prohibited,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Platform {
    pub id: i64,
    pub name: String,
    pub audiences: Vec<Audience>,
    pub status: PlatformStatus,
    /// Set exactly when the status is `toleree`.
    pub tolerated_until: Option<NaiveDate>,
    /// Directive 5.9: information on the platform deleted by 30 June and confirmed in writing.
    pub end_of_year_deletion: bool,
    /// Directive 5.4: access through an account the CSSPB provides (Microsoft, Google, Mozaïk).
    pub institutional_account: bool,
    /// Directive 3: the Directive does not apply (professional e-mail).
    pub outside_directive: bool,
    pub notes: String,
    /// The article that names this platform (seeded): only these differ from the default flags.
    pub named_in: Option<NamedIn>,
    /// Why the end-of-year deletion is off on a platform 5.9 does not exempt (None: not given,
    /// in a store made before the rule).
    pub deletion_exemption_reason: Option<String>,
    /// Why a platform other than professional e-mail is declared outside the Directive (art. 3).
    pub outside_directive_reason: Option<String>,
}

/// A new platform for the catalogue, as typed in `platform add` or the Plateformes screen.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PlatformDraft {
    pub name: String,
    pub audiences: Vec<Audience>,
    pub status: PlatformStatus,
    #[serde(default)]
    pub tolerated_until: Option<NaiveDate>,
    pub end_of_year_deletion: bool,
    pub institutional_account: bool,
    #[serde(default)]
    pub outside_directive: bool,
    #[serde(default)]
    pub notes: String,
    /// Required when the deletion is off (art. 5.9) or the platform is declared outside the
    /// Directive (art. 3): no new platform is named by those articles.
    #[serde(default)]
    pub reason: Option<String>,
}

impl Audience {
    pub const ALL: [Audience; 2] = [Audience::Parents, Audience::Students];

    pub fn code(self) -> &'static str {
        match self {
            Audience::Parents => "parents",
            Audience::Students => "eleves",
        }
    }
    pub fn label_fr(self) -> &'static str {
        match self {
            Audience::Parents => "parents",
            Audience::Students => "élèves",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Audience::Parents => "parents",
            Audience::Students => "students",
        }
    }

    /// `parents`, `eleves` or `élèves` (any case).
    pub fn parse(text: &str) -> Result<Audience> {
        match fold(text).as_str() {
            "parents" | "parent" => Ok(Audience::Parents),
            "eleves" | "eleve" => Ok(Audience::Students),
            _ => Err(invalid(Field::Audiences, "« parents » ou « eleves »", "\"parents\" or \"eleves\"")),
        }
    }
}

impl PlatformStatus {
    pub const ALL: [PlatformStatus; 4] = [
        PlatformStatus::Approved,
        PlatformStatus::AuthorizationRequired,
        PlatformStatus::Tolerated,
        PlatformStatus::Prohibited,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PlatformStatus::Approved => "approuvee",
            PlatformStatus::AuthorizationRequired => "autorisation_requise",
            PlatformStatus::Tolerated => "toleree",
            PlatformStatus::Prohibited => "proscrite",
        }
    }
    pub fn label_fr(self) -> &'static str {
        match self {
            PlatformStatus::Approved => "approuvée",
            PlatformStatus::AuthorizationRequired => "autorisation requise",
            PlatformStatus::Tolerated => "tolérée",
            PlatformStatus::Prohibited => "proscrite",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            PlatformStatus::Approved => "approved",
            PlatformStatus::AuthorizationRequired => "authorization required",
            PlatformStatus::Tolerated => "tolerated",
            PlatformStatus::Prohibited => "prohibited",
        }
    }

    /// A status code or its French label, accents and case ignored (`approuvée`, `autorisation requise`).
    pub fn parse(text: &str) -> Result<PlatformStatus> {
        let key = fold(text).replace(['_', '-'], " ");
        PlatformStatus::ALL.into_iter().find(|s| fold(s.label_fr()) == key).ok_or_else(|| {
            invalid(
                Field::Status,
                "« approuvee », « autorisation_requise », « toleree » ou « proscrite »",
                "\"approuvee\", \"autorisation_requise\", \"toleree\" or \"proscrite\"",
            )
        })
    }
}

impl Platform {
    pub fn serves(&self, audience: Audience) -> bool {
        self.audiences.contains(&audience)
    }

    /// What the articles say of this platform's two flags: the deletion by 30 June unless 5.9
    /// (or art. 3) names it; outside the Directive only if art. 3 names it.
    pub fn deletion_by_article(&self) -> bool {
        self.named_in.is_none()
    }

    pub fn outside_by_article(&self) -> bool {
        self.named_in == Some(NamedIn::Art3)
    }

    /// The flags set otherwise than the articles say (each needs a reason).
    pub fn deviations(&self) -> Vec<Deviation> {
        let mut out = Vec::new();
        if !self.end_of_year_deletion && self.deletion_by_article() {
            out.push(Deviation::Deletion);
        }
        if self.outside_directive && !self.outside_by_article() {
            out.push(Deviation::OutsideDirective);
        }
        out
    }

    /// The reason recorded for a deviation.
    pub fn reason_of(&self, deviation: Deviation) -> Option<&str> {
        match deviation {
            Deviation::Deletion => self.deletion_exemption_reason.as_deref(),
            Deviation::OutsideDirective => self.outside_directive_reason.as_deref(),
        }
    }
}

/// Sets the reasons `after` carries: a deviation new to this change (or a new platform) needs
/// `reason` (Directive 5.9: only Mozaïk-Portail, Portail Parents and Clic École are exempt;
/// art. 3: only professional e-mail is outside); one already there keeps its reason unless another
/// is given; a flag back to what its article says drops its reason.
pub(crate) fn settle_reasons(before: Option<&Platform>, after: &mut Platform, reason: Option<&str>) -> Result<()> {
    let given = match reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(text) => Some(text::line(Field::Reason, text, 300, true)?),
        None => None,
    };
    let deviations = after.deviations();
    for deviation in [Deviation::Deletion, Deviation::OutsideDirective] {
        let kept = before.filter(|b| b.deviations().contains(&deviation)).and_then(|b| b.reason_of(deviation));
        let was = before.is_some_and(|b| b.deviations().contains(&deviation));
        let value = if !deviations.contains(&deviation) {
            None
        } else if let Some(given) = &given {
            Some(given.clone())
        } else if was {
            kept.map(str::to_string)
        } else {
            return Err(reason_needed(&after.name, deviation));
        };
        match deviation {
            Deviation::Deletion => after.deletion_exemption_reason = value,
            Deviation::OutsideDirective => after.outside_directive_reason = value,
        }
    }
    Ok(())
}

/// The refusal of a deviation without its reason, quoting the article.
pub(crate) fn reason_needed(name: &str, deviation: Deviation) -> Error {
    match deviation {
        Deviation::Deletion => invalid(
            Field::Reason,
            format!(
                "l'art. 5.9 vise toute plateforme autre que Mozaïk-Portail, Portail Parents et Clic École : retirer la suppression de fin d'année de {name} demande une raison, qui est consignée au journal"
            ),
            format!(
                "art. 5.9 covers every platform other than Mozaïk-Portail, Portail Parents and Clic École: taking the end-of-year deletion off {name} needs a reason, which is journaled"
            ),
        ),
        Deviation::OutsideDirective => invalid(
            Field::Reason,
            format!(
                "l'art. 3 ne laisse hors de la Directive que le courriel professionnel : déclarer {name} hors Directive demande une raison, qui est consignée au journal"
            ),
            format!(
                "art. 3 leaves only professional e-mail outside the Directive: declaring {name} outside it needs a reason, which is journaled"
            ),
        ),
    }
}

/// The journal's words for a deviation and its reason, quoting the article.
pub(crate) fn deviation_audit(deviation: Deviation, reason: &str) -> String {
    match deviation {
        Deviation::Deletion => format!(
            "art. 5.9 (« Lorsqu'une autre plateforme que Mozaïk-Portail, Portail Parents et Clic École est utilisée, le personnel doit, au plus tard le 30 juin, procéder […] à la suppression ») : suppression de fin d'année retirée, raison : {reason}"
        ),
        Deviation::OutsideDirective => format!(
            "art. 3 (« Elle ne s'applique pas à l'utilisation du courriel professionnel ») : déclarée hors Directive, raison : {reason}"
        ),
    }
}

/// The whole catalogue, by name.
pub fn list(db: &Db) -> Result<Vec<Platform>> {
    list_in(&db.conn)
}

/// A platform by name, case and accents ignored.
pub fn find(db: &Db, name: &str) -> Result<Platform> {
    find_in(&db.conn, name)
}

/// Adds a platform to the catalogue (audited).
pub fn add(db: &mut Db, draft: &PlatformDraft) -> Result<Platform> {
    let candidate = Platform {
        id: 0,
        name: draft.name.clone(),
        audiences: draft.audiences.clone(),
        status: draft.status,
        tolerated_until: draft.tolerated_until,
        end_of_year_deletion: draft.end_of_year_deletion,
        institutional_account: draft.institutional_account,
        outside_directive: draft.outside_directive,
        notes: draft.notes.clone(),
        named_in: None,
        deletion_exemption_reason: None,
        outside_directive_reason: None,
    };
    let mut platform = checked(candidate)?;
    settle_reasons(None, &mut platform, draft.reason.as_deref())?;
    db.write("plateforme.ajout", &platform.name.clone(), |tx| {
        if let Some(existing) = find_optional(tx, &platform.name)? {
            return Err(Error::PlatformExists(existing.name));
        }
        tx.execute(
            "INSERT INTO platforms (name, name_key, for_parents, for_students, status, tolerated_until,
                 end_of_year_deletion, institutional_account, outside_directive, notes,
                 deletion_exemption_reason, outside_directive_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                platform.name,
                fold(&platform.name),
                platform.serves(Audience::Parents),
                platform.serves(Audience::Students),
                platform.status.code(),
                platform.tolerated_until.map(text::sql_date),
                platform.end_of_year_deletion,
                platform.institutional_account,
                platform.outside_directive,
                platform.notes,
                platform.deletion_exemption_reason,
                platform.outside_directive_reason,
            ],
        )?;
        let added = Platform { id: tx.last_insert_rowid(), ..platform };
        let mut summary = format!("ajoutée au catalogue : {}", describe(&added));
        for deviation in added.deviations() {
            let reason = added.reason_of(deviation).unwrap_or_default();
            summary.push_str(&format!(" ; {}", deviation_audit(deviation, reason)));
        }
        Ok((added, summary))
    })
}

/// Normalises and checks a platform as it would be saved (art. 4 statuses).
pub(crate) fn checked(mut platform: Platform) -> Result<Platform> {
    platform.name = text::line(Field::PlatformName, &platform.name, 80, true)?;
    platform.notes = text::paragraph(Field::Notes, &platform.notes, 2000, false)?;
    platform.audiences.sort();
    platform.audiences.dedup();
    if platform.audiences.is_empty() {
        return Err(invalid(
            Field::Audiences,
            "au moins un destinataire : parents, élèves, ou les deux",
            "at least one audience: parents, students, or both",
        ));
    }
    match (platform.status, platform.tolerated_until) {
        (PlatformStatus::Tolerated, None) => Err(invalid(
            Field::ToleratedUntil,
            "une plateforme tolérée l'est jusqu'à une date : indiquez-la",
            "a tolerated platform is tolerated until a date: give it",
        )),
        (status, Some(_)) if status != PlatformStatus::Tolerated => Err(invalid(
            Field::ToleratedUntil,
            "seule une plateforme tolérée a une date de fin de tolérance",
            "only a tolerated platform has a tolerance end date",
        )),
        _ => Ok(platform),
    }
}

/// One line naming a platform's settings, for the audit log.
pub(crate) fn describe(p: &Platform) -> String {
    settings_of(p).iter().map(|(label, value)| format!("{label} {value}")).collect::<Vec<_>>().join(", ")
}

/// Each audited setting of a platform with its value (notes apart: they are free text).
pub(crate) fn settings_of(p: &Platform) -> Vec<(&'static str, String)> {
    let audiences: Vec<&str> = p.audiences.iter().map(|a| a.code()).collect();
    vec![
        ("statut", p.status.code().to_string()),
        ("tolérée jusqu'au", p.tolerated_until.map(|d| d.to_string()).unwrap_or_else(|| "—".into())),
        ("destinataires", audiences.join("+")),
        ("suppression de fin d'année", yes_no(p.end_of_year_deletion).into()),
        ("compte institutionnel", yes_no(p.institutional_account).into()),
        ("hors Directive", yes_no(p.outside_directive).into()),
    ]
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "oui"
    } else {
        "non"
    }
}

pub(crate) const COLUMNS: &str = "id, name, for_parents, for_students, status, tolerated_until, end_of_year_deletion, \
     institutional_account, outside_directive, notes, named_in, deletion_exemption_reason, outside_directive_reason";

pub(crate) fn from_row(row: &Row) -> rusqlite::Result<Platform> {
    let mut audiences = Vec::new();
    if row.get::<_, bool>(2)? {
        audiences.push(Audience::Parents);
    }
    if row.get::<_, bool>(3)? {
        audiences.push(Audience::Students);
    }
    let status: String = row.get(4)?;
    let status = PlatformStatus::ALL.into_iter().find(|s| s.code() == status).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, format!("statut {status}").into())
    })?;
    Ok(Platform {
        id: row.get(0)?,
        name: row.get(1)?,
        audiences,
        status,
        tolerated_until: text::optional_date_from_sql(row.get(5)?)?,
        end_of_year_deletion: row.get(6)?,
        institutional_account: row.get(7)?,
        outside_directive: row.get(8)?,
        notes: row.get(9)?,
        named_in: match row.get::<_, Option<String>>(10)?.as_deref() {
            Some("5.9") => Some(NamedIn::Art5_9),
            Some("3") => Some(NamedIn::Art3),
            _ => None,
        },
        deletion_exemption_reason: row.get(11)?,
        outside_directive_reason: row.get(12)?,
    })
}

pub(crate) fn list_in(conn: &Connection) -> Result<Vec<Platform>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM platforms ORDER BY name_key"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

pub(crate) fn find_in(conn: &Connection, name: &str) -> Result<Platform> {
    find_optional(conn, name)?.ok_or_else(|| Error::PlatformNotFound(name.trim().to_string()))
}

fn find_optional(conn: &Connection, name: &str) -> Result<Option<Platform>> {
    use rusqlite::OptionalExtension;
    let found = conn
        .query_row(&format!("SELECT {COLUMNS} FROM platforms WHERE name_key = ?1"), [fold(name)], from_row)
        .optional()?;
    Ok(found)
}

/// A platform by its number (uses refer to it so).
pub(crate) fn by_id(conn: &Connection, id: i64) -> Result<Platform> {
    Ok(conn.query_row(&format!("SELECT {} FROM platforms WHERE id = ?1", COLUMNS), [id], from_row)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_audiences_parse_from_codes_and_french_labels() {
        for (text, status) in [
            ("approuvee", PlatformStatus::Approved),
            ("Approuvée", PlatformStatus::Approved),
            ("autorisation_requise", PlatformStatus::AuthorizationRequired),
            ("autorisation requise", PlatformStatus::AuthorizationRequired),
            ("tolérée", PlatformStatus::Tolerated),
            ("PROSCRITE", PlatformStatus::Prohibited),
        ] {
            assert_eq!(PlatformStatus::parse(text).unwrap(), status, "{text}");
        }
        assert!(PlatformStatus::parse("interdite").is_err());
        assert_eq!(Audience::parse("Élèves").unwrap(), Audience::Students);
        assert_eq!(Audience::parse("parents").unwrap(), Audience::Parents);
        assert!(Audience::parse("enseignants").is_err());
        assert_eq!(serde_json::to_string(&PlatformStatus::AuthorizationRequired).unwrap(), "\"autorisation_requise\"");
        assert_eq!(serde_json::from_str::<Audience>("\"élèves\"").unwrap(), Audience::Students);
    }
}
