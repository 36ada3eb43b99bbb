//! The school's settings (Paramètres): names, return address and deadline printed on the forms,
//! school year, language. Each change is audited with its old and new value.

use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::Db;

pub const DEFAULT_CSS_NAME: &str = "Centre de services scolaire du Pays-des-Bleuets";
/// A closed year's personal information is kept one year after closing unless set otherwise.
pub const DEFAULT_RETENTION_YEARS: u32 = 1;
pub const MAX_RETENTION_YEARS: u32 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    CssName,
    SchoolName,
    PrincipalName,
    OperatorName,
    ReturnEmail,
    FormDeadline,
    SchoolYear,
    Language,
    /// Years after closing during which a closed year's personal information is kept.
    RetentionYears,
    /// `oui`: a student of 14 or more may sign the Annexe A for themself (Quebec's access law
    /// allows it; the Directive's form is worded for a parent). `non` by default.
    StudentConsent,
    /// The web address of the organisation's social-media resources, printed on annexes 5 and 6
    /// (their sentence ends without it when empty).
    SocialMediaSite,
    /// The e-mail a space request goes back to (the organisation's communications office); the
    /// request's last sentence says « par courriel » without it when empty.
    CommunicationsEmail,
}

impl Key {
    pub const ALL: [Key; 12] = [
        Key::CssName,
        Key::SchoolName,
        Key::PrincipalName,
        Key::OperatorName,
        Key::ReturnEmail,
        Key::FormDeadline,
        Key::SchoolYear,
        Key::Language,
        Key::RetentionYears,
        Key::StudentConsent,
        Key::SocialMediaSite,
        Key::CommunicationsEmail,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Key::CssName => "css_name",
            Key::SchoolName => "school_name",
            Key::PrincipalName => "principal_name",
            Key::OperatorName => "operator_name",
            Key::ReturnEmail => "return_email",
            Key::FormDeadline => "form_deadline",
            Key::SchoolYear => "school_year",
            Key::Language => "language",
            Key::RetentionYears => "retention_years",
            Key::StudentConsent => "student_consent",
            Key::SocialMediaSite => "social_media_site",
            Key::CommunicationsEmail => "communications_email",
        }
    }

    pub fn parse(name: &str) -> Result<Key> {
        Key::ALL
            .into_iter()
            .find(|k| k.name() == name.trim())
            .ok_or_else(|| Error::UnknownSetting(name.into(), Key::ALL.map(Key::name).join(", ")))
    }
}

/// All settings at once, as the UI and `balise settings get` show them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Settings {
    pub css_name: String,
    pub school_name: String,
    pub principal_name: String,
    pub operator_name: String,
    pub return_email: String,
    pub form_deadline: String,
    pub school_year: String,
    pub language: String,
    pub retention_years: String,
    pub student_consent: String,
    pub social_media_site: String,
    pub communications_email: String,
}

fn default_for(db: &Db, key: Key) -> String {
    match key {
        Key::CssName => DEFAULT_CSS_NAME.into(),
        // The year of the newest class, so that an unset year does not move on by itself on
        // 1 July while June's deletions (Directive 5.9) are still being confirmed; a store
        // without classes yet follows the calendar.
        Key::SchoolYear => newest_class_year(db).unwrap_or_else(|| school_year_of(db.clock().today())),
        Key::Language => "fr".into(),
        Key::RetentionYears => DEFAULT_RETENTION_YEARS.to_string(),
        Key::StudentConsent => "non".into(),
        _ => String::new(),
    }
}

/// The school year (1 July – 30 June) a date falls in, written `2025-2026`.
pub fn school_year_of(date: NaiveDate) -> String {
    use chrono::Datelike;
    let start = if date.month() >= 7 { date.year() } else { date.year() - 1 };
    format!("{start}-{}", start + 1)
}

fn newest_class_year(db: &Db) -> Option<String> {
    db.conn.query_row("SELECT max(year) FROM classes", [], |r| r.get(0)).ok().flatten()
}

/// Opens an existing store (`Db::open`) with the operator named in Paramètres, who then signs
/// every journal entry.
pub fn open_store(path: &std::path::Path, key: &crate::secret::DbKey, clock: crate::clock::Clock) -> Result<Db> {
    let mut db = Db::open(path, key, clock)?;
    let operator = get(&db, Key::OperatorName)?;
    db.set_operator(&operator);
    Ok(db)
}

pub fn get(db: &Db, key: Key) -> Result<String> {
    let stored: Option<String> =
        db.conn.query_row("SELECT value FROM settings WHERE key = ?1", [key.name()], |r| r.get(0)).optional()?;
    Ok(stored.unwrap_or_else(|| default_for(db, key)))
}

/// The school year set in Paramètres (the year of the newest class when unset).
pub fn school_year(db: &Db) -> Result<crate::year::SchoolYear> {
    crate::year::SchoolYear::parse(&get(db, Key::SchoolYear)?)
}

/// **The** year resolution both faces use: the year the person typed or chose, else the school
/// year set in Paramètres.
pub fn year_or_current(db: &Db, asked: Option<&str>) -> Result<crate::year::SchoolYear> {
    match asked {
        Some(text) => crate::year::SchoolYear::parse(text),
        None => school_year(db),
    }
}

pub fn all(db: &Db) -> Result<Settings> {
    Ok(Settings {
        css_name: get(db, Key::CssName)?,
        school_name: get(db, Key::SchoolName)?,
        principal_name: get(db, Key::PrincipalName)?,
        operator_name: get(db, Key::OperatorName)?,
        return_email: get(db, Key::ReturnEmail)?,
        form_deadline: get(db, Key::FormDeadline)?,
        school_year: get(db, Key::SchoolYear)?,
        language: get(db, Key::Language)?,
        retention_years: get(db, Key::RetentionYears)?,
        student_consent: get(db, Key::StudentConsent)?,
        social_media_site: get(db, Key::SocialMediaSite)?,
        communications_email: get(db, Key::CommunicationsEmail)?,
    })
}

/// Checks and stores one setting inside a caller's audited write (opening a year sets the school
/// year in its own journal entry).
pub(crate) fn store_in(tx: &rusqlite::Connection, key: Key, value: &str) -> Result<()> {
    let value = validate(key, value)?;
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key.name(), &value],
    )?;
    Ok(())
}

/// Checks and stores one setting; returns the value as stored (trimmed, normalised).
pub fn set(db: &mut Db, key: Key, value: &str) -> Result<String> {
    db.exclusive(|db| {
        let value = validate(key, value)?;
        let old = get(db, key)?;
        // A value typed equal to the default is stored all the same: a default can move (the school
        // year's does on 1 July), what the person chose must not.
        let stored_already: bool = db.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM settings WHERE key = ?1 AND value = ?2)",
            [key.name(), &value],
            |r| r.get(0),
        )?;
        if stored_already {
            return Ok(value);
        }
        let stored = value.clone();
        db.write("parametre.modification", key.name(), |tx| {
            store_in(tx, key, &stored)?;
            Ok(((), format!("{} : « {} » → « {} »", key.name(), old, stored)))
        })?;
        if key == Key::OperatorName {
            db.set_operator(&value);
        }
        Ok(value)
    })
}

fn invalid(key: Key, reason: &str) -> Error {
    Error::InvalidSetting { key: key.name().into(), reason: reason.into() }
}

/// Rules for each setting, with a French reason a secretary can act on.
pub fn validate(key: Key, raw: &str) -> Result<String> {
    let value = raw.trim().to_string();
    if value.chars().any(|c| c.is_control()) {
        return Err(invalid(key, "la valeur contient un caractère de contrôle (retour à la ligne, tabulation…)"));
    }
    if value.chars().count() > 200 {
        return Err(invalid(key, "la valeur dépasse 200 caractères"));
    }
    match key {
        Key::CssName if value.is_empty() => Err(invalid(key, "le nom du centre de services ne peut pas être vide")),
        Key::ReturnEmail | Key::CommunicationsEmail if !value.is_empty() && !looks_like_email(&value) => {
            Err(invalid(key, "adresse courriel invalide (exemple : secretariat@ecole.qc.ca)"))
        }
        Key::SocialMediaSite
            if !value.is_empty()
                && (!(value.starts_with("https://") || value.starts_with("http://"))
                    || value.contains(char::is_whitespace)) =>
        {
            Err(invalid(key, "adresse web invalide : elle commence par https:// (exemple : https://www.cssb.gouv.qc.ca/medias-sociaux)"))
        }
        Key::FormDeadline if !value.is_empty() => NaiveDate::parse_from_str(&value, "%Y-%m-%d")
            .map(|d| d.format("%Y-%m-%d").to_string())
            .map_err(|_| invalid(key, "date invalide, écrivez-la AAAA-MM-JJ (exemple : 2026-09-15)")),
        Key::SchoolYear => match crate::year::parse_start(&value) {
            Some(_) => Ok(value),
            None => Err(invalid(key, "année scolaire invalide, écrivez-la comme 2025-2026")),
        },
        Key::Language if value != "fr" && value != "en" => Err(invalid(key, "langue « fr » ou « en »")),
        Key::RetentionYears => match value.parse::<u32>() {
            Ok(years) if years <= MAX_RETENTION_YEARS => Ok(years.to_string()),
            _ => Err(invalid(key, "nombre d'années entier de 0 à 10 (par défaut 1)")),
        },
        Key::StudentConsent => match crate::text::fold(&value).as_str() {
            "oui" | "yes" | "o" | "y" | "true" | "1" => Ok("oui".into()),
            "non" | "no" | "n" | "false" | "0" => Ok("non".into()),
            _ => Err(invalid(key, "écrivez oui (un élève de 14 ans ou plus peut consentir lui-même) ou non")),
        },
        _ => Ok(value),
    }
}

/// The settings row that points at the organisation's logo, an attachment (`logo`). Not a `Key`:
/// it is not typed as text (`settings set` refuses it); `logo::set` and `logo::remove` write it.
const LOGO_ROW: &str = "logo_attachment";

/// The attachment id of the organisation's logo, when one is chosen.
pub(crate) fn logo_attachment(conn: &rusqlite::Connection) -> Result<Option<i64>> {
    let stored: Option<String> =
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [LOGO_ROW], |r| r.get(0)).optional()?;
    Ok(stored.and_then(|value| value.parse().ok()))
}

/// Points the logo's row at attachment `id`, or removes it, inside a caller's audited write.
pub(crate) fn store_logo_attachment_in(tx: &rusqlite::Connection, id: Option<i64>) -> Result<()> {
    match id {
        Some(id) => tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [LOGO_ROW, &id.to_string()],
        )?,
        None => tx.execute("DELETE FROM settings WHERE key = ?1", [LOGO_ROW])?,
    };
    Ok(())
}

/// Whether a student of 14 or more may sign the Annexe A for themself (`student_consent`).
pub fn student_may_consent(db: &Db) -> Result<bool> {
    Ok(get(db, Key::StudentConsent)? == "oui")
}

pub(crate) fn looks_like_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value.contains(char::is_whitespace)
        && !domain.contains('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(key: Key, input: &str, expected: Result<&str, ()>) {
        let got = validate(key, input).map_err(|_| ());
        assert_eq!(got.as_deref(), expected.as_ref().map(|s| *s), "{} = {input:?}", key.name());
    }

    #[test]
    fn validation_table() {
        check(Key::ReturnEmail, " secretariat@ecole.qc.ca ", Ok("secretariat@ecole.qc.ca"));
        check(Key::ReturnEmail, "secretariat@ecole", Err(()));
        check(Key::ReturnEmail, "a b@c.ca", Err(()));
        check(Key::ReturnEmail, "", Ok(""));
        check(Key::CommunicationsEmail, "communications@cssb.qc.ca", Ok("communications@cssb.qc.ca"));
        check(Key::CommunicationsEmail, "communications", Err(()));
        check(Key::SocialMediaSite, " https://www.cssb.qc.ca/medias ", Ok("https://www.cssb.qc.ca/medias"));
        check(Key::SocialMediaSite, "www.cssb.qc.ca", Err(()));
        check(Key::SocialMediaSite, "https://a b", Err(()));
        check(Key::SocialMediaSite, "", Ok(""));
        check(Key::FormDeadline, "2026-09-15", Ok("2026-09-15"));
        check(Key::FormDeadline, "15/09/2026", Err(()));
        check(Key::FormDeadline, "2026-02-30", Err(()));
        check(Key::SchoolYear, "2025-2026", Ok("2025-2026"));
        check(Key::SchoolYear, "2025-2027", Err(()));
        check(Key::SchoolYear, "25-26", Err(()));
        check(Key::Language, "en", Ok("en"));
        check(Key::Language, "de", Err(()));
        check(Key::RetentionYears, " 2 ", Ok("2"));
        check(Key::RetentionYears, "0", Ok("0"));
        check(Key::RetentionYears, "10", Ok("10"));
        check(Key::RetentionYears, "11", Err(()));
        check(Key::RetentionYears, "-1", Err(()));
        check(Key::RetentionYears, "1.5", Err(()));
        check(Key::RetentionYears, "", Err(()));
        check(Key::StudentConsent, " Oui ", Ok("oui"));
        check(Key::StudentConsent, "no", Ok("non"));
        check(Key::StudentConsent, "peut-être", Err(()));
        check(Key::CssName, "  ", Err(()));
        check(Key::SchoolName, "École Saint-Joseph\n", Ok("École Saint-Joseph"));
        check(Key::SchoolName, "a\u{7}b", Err(()));
    }

    #[test]
    fn school_year_turns_on_the_first_of_july() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(school_year_of(d("2026-06-30")), "2025-2026");
        assert_eq!(school_year_of(d("2026-07-01")), "2026-2027");
    }
}
