//! What people type, checked once: names, codes, free text and dates, refused with a reason in
//! French and English; and the folded form that finds « Mozaik-portail » when the catalogue says
//! « Mozaïk-Portail ».

use chrono::NaiveDate;

pub use crate::error::Field;
use crate::error::{Error, Result};

/// Parses a date typed as `AAAA-MM-JJ`.
pub fn parse_date(field: Field, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        invalid(
            field,
            "date invalide, écrivez-la AAAA-MM-JJ (exemple : 2025-08-28)",
            "invalid date, write it YYYY-MM-DD (for example 2025-08-28)",
        )
    })
}

/// The key a name is found and kept unique by: lower case, no accents, single spaces.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.split_whitespace().collect::<Vec<_>>().join(" ").chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' | 'ì' => out.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => out.push('o'),
            'û' | 'ü' | 'ù' | 'ú' => out.push('u'),
            'ÿ' => out.push('y'),
            'ñ' => out.push('n'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            other => out.push(other),
        }
    }
    out
}

pub(crate) fn invalid(field: Field, reason: impl Into<String>, reason_en: impl Into<String>) -> Error {
    Error::InvalidValue { field, reason: reason.into(), reason_en: reason_en.into() }
}

/// One line of text: trimmed, no control character, at most `max` characters; empty only when
/// `required` is false.
pub(crate) fn line(field: Field, raw: &str, max: usize, required: bool) -> Result<String> {
    let value = raw.trim().to_string();
    if required && value.is_empty() {
        return Err(invalid(field, "ne peut pas être vide", "cannot be empty"));
    }
    if value.chars().any(char::is_control) {
        return Err(invalid(
            field,
            "contient un caractère de contrôle (retour à la ligne, tabulation…)",
            "contains a control character (line break, tab…)",
        ));
    }
    too_long(field, &value, max)?;
    Ok(value)
}

/// Free text over several lines (notes, descriptions): line breaks and tabs are kept, other
/// control characters refused.
pub(crate) fn paragraph(field: Field, raw: &str, max: usize, required: bool) -> Result<String> {
    let value = raw.replace("\r\n", "\n").trim().to_string();
    if required && value.is_empty() {
        return Err(invalid(field, "ne peut pas être vide", "cannot be empty"));
    }
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(invalid(field, "contient un caractère de contrôle", "contains a control character"));
    }
    too_long(field, &value, max)?;
    Ok(value)
}

/// Refuses a date after today for something that has already happened (a signature, a sending).
pub(crate) fn not_after_today(field: Field, date: NaiveDate, today: NaiveDate) -> Result<()> {
    if date > today {
        return Err(invalid(
            field,
            format!("le {date} est dans le futur (aujourd'hui : {today}) ; inscrivez-la une fois faite"),
            format!("{date} is in the future (today: {today}); record it once done"),
        ));
    }
    Ok(())
}

fn too_long(field: Field, value: &str, max: usize) -> Result<()> {
    if value.chars().count() > max {
        return Err(invalid(field, format!("dépasse {max} caractères"), format!("longer than {max} characters")));
    }
    Ok(())
}

/// Dates are stored as `AAAA-MM-JJ` text; these two convert at the SQL boundary.
pub(crate) fn sql_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

pub(crate) fn date_from_sql(text: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

pub(crate) fn optional_date_from_sql(text: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    text.as_deref().map(date_from_sql).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, max: usize, required: bool, expected: Result<&str, ()>) {
        let got = line(Field::ClassCode, raw, max, required).map_err(|_| ());
        assert_eq!(got.as_deref(), expected.as_ref().map(|s| *s), "line({raw:?}, {max}, {required})");
    }

    #[test]
    fn lines_are_trimmed_and_checked() {
        check(" 601 ", 20, true, Ok("601"));
        check("   ", 20, true, Err(()));
        check("", 20, false, Ok(""));
        check("60\n1", 20, true, Err(()));
        check("été", 3, true, Ok("été"));
        check("étés", 3, true, Err(()));
    }

    #[test]
    fn folding_ignores_case_accents_and_spacing() {
        for (a, b) in [
            ("Mozaïk-Portail", "mozaik-portail"),
            ("  Clic   École ", "clic ecole"),
            ("Courriel ou réseau social personnel", "courriel ou reseau social personnel"),
            ("CŒUR", "coeur"),
        ] {
            assert_eq!(fold(a), b, "fold({a:?})");
        }
    }

    #[test]
    fn paragraphs_keep_line_breaks_only() {
        assert_eq!(paragraph(Field::Notes, "a\r\nb\tc ", 50, false).unwrap(), "a\nb\tc");
        assert!(paragraph(Field::Notes, "a\u{1b}[31m", 50, false).is_err(), "escape sequences are refused");
        assert!(paragraph(Field::Description, " ", 50, true).is_err());
    }

    #[test]
    fn dates_are_iso() {
        assert_eq!(parse_date(Field::FoundOn, "2025-09-10").unwrap(), NaiveDate::from_ymd_opt(2025, 9, 10).unwrap());
        assert!(parse_date(Field::FoundOn, "10/09/2025").is_err());
        assert!(parse_date(Field::FoundOn, "2026-02-30").is_err());
    }
}
