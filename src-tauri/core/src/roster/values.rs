//! One cell checked into a value Balise keeps, or a reason in French and English. Cells are data,
//! never interpreted: HTML stays literal text, and a cell that a spreadsheet would run as a
//! formula (`=`, `+`, `-`, `@` first) is refused where Balise keeps it, so that no list or export
//! made from Balise ever hands a formula back to Excel.

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

/// Why a value is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reason {
    pub fr: String,
    pub en: String,
}

impl Reason {
    pub fn new(fr: impl Into<String>, en: impl Into<String>) -> Reason {
        Reason { fr: fr.into(), en: en.into() }
    }
}

pub(crate) type Checked<T> = std::result::Result<T, Reason>;

/// Longest values kept, in characters (as the register's own limits where they overlap).
pub(crate) const MAX_NAME: usize = 100;
pub(crate) const MAX_CLASS: usize = 20;
pub(crate) const MAX_LEVEL: usize = 60;
pub(crate) const MAX_RELATION: usize = 60;
pub(crate) const MAX_EMAIL: usize = 200;
pub(crate) const MAX_FICHE: usize = 64;

/// Trimmed, inner whitespace collapsed, composed (NFC). A lone dash is an empty cell.
pub(crate) fn clean(cell: &str) -> String {
    let text: String = cell.split_whitespace().collect::<Vec<_>>().join(" ").nfc().collect();
    if matches!(text.as_str(), "-" | "--" | "—" | "–") {
        String::new()
    } else {
        text
    }
}

/// Text kept as is (a class code, a level, a relationship): short, no control character, no
/// formula.
pub(crate) fn plain(value: &str, max: usize) -> Checked<String> {
    if value.chars().count() > max {
        return Err(Reason::new(format!("dépasse {max} caractères"), format!("longer than {max} characters")));
    }
    if value.chars().any(char::is_control) {
        return Err(Reason::new("contient un caractère de contrôle", "contains a control character"));
    }
    if value.starts_with(['=', '+', '-', '@']) {
        return Err(Reason::new(
            "commence par = + - ou @ (une formule de tableur, pas une donnée)",
            "starts with = + - or @ (a spreadsheet formula, not data)",
        ));
    }
    Ok(value.to_string())
}

/// A person's name: plain text with at least one letter. Côté, N'Guessan, N’Guessan, Ève-Marie,
/// O'Neil-Bérubé pass; « <b>Léa</b> » is kept as those characters.
pub(crate) fn name(value: &str) -> Checked<String> {
    let value = plain(value, MAX_NAME)?;
    if !value.chars().any(char::is_alphabetic) {
        return Err(Reason::new("ne contient aucune lettre", "contains no letter"));
    }
    Ok(value)
}

/// « Nom, Prénom » splits at the first comma. Without a comma, leading words in capitals are the
/// last name (« CÔTÉ Ève-Marie »); otherwise the last word is the first name and the words before
/// it the last name (« De La Fontaine Jean »): write « Nom, Prénom » for a compound first name.
pub(crate) fn split_full_name(value: &str) -> Checked<(String, String)> {
    if let Some((last, first)) = value.split_once(',') {
        return Ok((clean(last), clean(first)));
    }
    let words: Vec<&str> = value.split(' ').filter(|w| !w.is_empty()).collect();
    if words.len() < 2 {
        return Err(Reason::new(
            "un seul mot : le prénom est introuvable (écrivez « Nom, Prénom »)",
            "a single word: the first name cannot be found (write \"Last, First\")",
        ));
    }
    let capitals = words.iter().take_while(|w| is_capitalised(w)).count();
    let split = if capitals > 0 && capitals < words.len() { capitals } else { words.len() - 1 };
    Ok((words[..split].join(" "), words[split..].join(" ")))
}

fn is_capitalised(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// Four letters and eight digits (spaces and hyphens ignored), kept in capitals.
pub(crate) fn code_permanent(value: &str) -> Checked<String> {
    let code: String = value.chars().filter(|c| !matches!(c, ' ' | '-')).flat_map(char::to_uppercase).collect();
    let chars: Vec<char> = code.chars().collect();
    let valid = chars.len() == 12
        && chars[..4].iter().all(|c| c.is_ascii_uppercase())
        && chars[4..].iter().all(|c| c.is_ascii_digit());
    if !valid {
        return Err(Reason::new(
            "invalide : 4 lettres suivies de 8 chiffres attendues (exemple : TREL09531201)",
            "invalid: 4 letters followed by 8 digits expected (for example TREL09531201)",
        ));
    }
    Ok(code)
}

/// The school's number for the student: letters, digits, `-`, `_`, `.`; `12345.0` (an id Excel
/// turned into a number) reads `12345`.
pub(crate) fn fiche(value: &str) -> Checked<String> {
    let value = match value.split_once('.') {
        Some((whole, zeros))
            if !whole.is_empty() && whole.chars().all(|c| c.is_ascii_digit()) && zeros.chars().all(|c| c == '0') =>
        {
            whole
        }
        _ => value,
    };
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if value.chars().count() > MAX_FICHE
        || !value.chars().all(allowed)
        || !value.starts_with(|c: char| c.is_ascii_alphanumeric())
    {
        return Err(Reason::new(
            format!("invalide : lettres et chiffres seulement, {MAX_FICHE} au plus"),
            format!("invalid: letters and digits only, {MAX_FICHE} at most"),
        ));
    }
    Ok(value.to_string())
}

pub(crate) fn email(value: &str) -> Checked<String> {
    if value.chars().count() > MAX_EMAIL {
        return Err(Reason::new(
            format!("dépasse {MAX_EMAIL} caractères"),
            format!("longer than {MAX_EMAIL} characters"),
        ));
    }
    if !crate::settings::looks_like_email(value) || value.starts_with(['=', '+', '-', '@']) {
        return Err(Reason::new(
            "adresse invalide (une seule adresse, par exemple prenom.nom@exemple.ca)",
            "invalid address (one address, for example first.last@example.ca)",
        ));
    }
    Ok(value.to_string())
}

/// A birth date: `2014-03-09`, `2014/03/09`, `20140309`, or day first as in French
/// (`09/03/2014`, `9-3-2014`, `09.03.2014` = 9 March); in a workbook also an Excel date serial.
/// A time after the date is ignored. Years from 1900 to 2100.
pub(crate) fn birth_date(value: &str, workbook: bool) -> Checked<NaiveDate> {
    let date_part = value.split([' ', 'T']).next().unwrap_or(value);
    let parsed = if workbook && is_serial(date_part) { excel_serial(date_part) } else { calendar_date(date_part) };
    match parsed {
        Some(date) if (1900..=2100).contains(&date.year()) => Ok(date),
        _ => Err(Reason::new(
            "date invalide (écrivez AAAA-MM-JJ ou JJ/MM/AAAA, par exemple 2014-03-09 ou 09/03/2014)",
            "invalid date (write YYYY-MM-DD or DD/MM/YYYY, for example 2014-03-09 or 09/03/2014)",
        )),
    }
}

fn calendar_date(text: &str) -> Option<NaiveDate> {
    if text.len() == 8 && text.chars().all(|c| c.is_ascii_digit()) {
        return NaiveDate::parse_from_str(text, "%Y%m%d").ok();
    }
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let [a, b, c] = parts[..] else { return None };
    if ![a, b, c].iter().all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|ch| ch.is_ascii_digit())) {
        return None;
    }
    let number = |p: &str| p.parse::<u32>().ok();
    match (a.len(), c.len()) {
        (4, 1..=2) => NaiveDate::from_ymd_opt(number(a)? as i32, number(b)?, number(c)?),
        (1..=2, 4) => NaiveDate::from_ymd_opt(number(c)? as i32, number(b)?, number(a)?),
        _ => None,
    }
}

fn is_serial(text: &str) -> bool {
    let whole = text.split_once('.').map(|(w, _)| w).unwrap_or(text);
    (1..=7).contains(&whole.len()) && text.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Excel's 1900 date system (days since 30 December 1899, for any date after February 1900).
fn excel_serial(text: &str) -> Option<NaiveDate> {
    let days = text.parse::<f64>().ok()?.floor() as i64;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_signed(chrono::Duration::days(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn french_names_pass_and_formulas_do_not() {
        for ok in ["Côté", "N'Guessan", "N’Guessan", "Ève-Marie", "O'Neil-Bérubé", "<b>Léa</b>", "Lê Văn", "D'Amours"]
        {
            assert_eq!(name(&clean(ok)).as_deref(), Ok(ok), "{ok} must pass unchanged");
        }
        for bad in ["=HYPERLINK(\"http://x\",\"Léa\")", "+Léa", "-Léa", "@SUM(A1)", "1234", "..."] {
            assert!(name(&clean(bad)).is_err(), "{bad} must be refused");
        }
        assert!(name(&"a".repeat(101)).is_err(), "101 characters is too long");
    }

    #[test]
    fn cells_are_trimmed_collapsed_and_composed() {
        assert_eq!(clean("  Côté \u{a0} Léa\t"), "Côté Léa");
        assert_eq!(clean("Co\u{302}te\u{301}"), "Côté", "decomposed accents are composed (NFC)");
        assert_eq!(clean(" - "), "");
    }

    #[test]
    fn combined_names_split_at_the_comma_or_by_rule() {
        for (full, last, first) in [
            ("Côté, Ève-Marie", "Côté", "Ève-Marie"),
            ("Côté Ève-Marie", "Côté", "Ève-Marie"),
            ("De La Fontaine Jean", "De La Fontaine", "Jean"),
            ("CÔTÉ BÉRUBÉ Marie Ève", "CÔTÉ BÉRUBÉ", "Marie Ève"),
            ("O'NEIL-BÉRUBÉ Léa", "O'NEIL-BÉRUBÉ", "Léa"),
            ("N'Guessan,Awa", "N'Guessan", "Awa"),
        ] {
            assert_eq!(split_full_name(full), Ok((last.to_string(), first.to_string())), "{full}");
        }
        assert!(split_full_name("Côté").is_err());
    }

    #[test]
    fn codes_permanents_are_four_letters_and_eight_digits() {
        assert_eq!(code_permanent("trel 0953 1201").as_deref(), Ok("TREL09531201"));
        for bad in ["TRE09531201", "TREL0953120", "TRÉL09531201", "1234TREL5678", "=TREL09531201"] {
            assert!(code_permanent(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn fiches_read_back_from_excel_numbers() {
        assert_eq!(fiche("12345.0").as_deref(), Ok("12345"));
        assert_eq!(fiche("12345").as_deref(), Ok("12345"));
        assert_eq!(fiche("7f3c-9a").as_deref(), Ok("7f3c-9a"));
        assert!(fiche("=1+1").is_err() && fiche("12 34").is_err() && fiche(&"9".repeat(65)).is_err());
    }

    #[test]
    fn birth_dates_in_every_usual_form() {
        for (text, workbook, expected) in [
            ("2014-03-09", false, Some(day(2014, 3, 9))),
            ("2014/3/9", false, Some(day(2014, 3, 9))),
            ("09/03/2014", false, Some(day(2014, 3, 9))),
            ("9-3-2014", false, Some(day(2014, 3, 9))),
            ("09.03.2014", false, Some(day(2014, 3, 9))),
            ("20140309", false, Some(day(2014, 3, 9))),
            ("2014-03-09 00:00:00", false, Some(day(2014, 3, 9))),
            ("41707", true, Some(day(2014, 3, 9))),
            ("41707", false, None),
            ("03/13/2014", false, None),
            ("2014-02-30", false, None),
            ("09/03/14", false, None),
            ("1850-01-01", false, None),
            ("demain", false, None),
        ] {
            assert_eq!(birth_date(text, workbook).ok(), expected, "{text} (workbook: {workbook})");
        }
    }

    #[test]
    fn emails_are_single_and_plausible() {
        assert!(email("marie.cote@exemple.ca").is_ok());
        for bad in ["marie.cote", "a@b.ca; c@d.ca", "=a@b.ca", "@b.ca"] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }
}
