//! The language a guardian's Annexe A is printed in (issue 15, item 14): French, the
//! Directive's text, or English, its faithful translation. Read from a class list's language
//! column, or typed (`balise student guardian-language`, the class detail's guardians).

use serde::{Deserialize, Serialize};

use super::values::Reason;
use crate::error::Result;

/// The language a guardian's printed forms are in: French (the Directive's text) unless English
/// is asked. No other language is printed: a family whose language is another one gets the
/// Directive's French form.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    Fr,
    En,
}

impl Language {
    /// As stored and typed: `fr`, `en`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Fr => "fr",
            Language::En => "en",
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Language::Fr => "français",
            Language::En => "anglais",
        }
    }

    /// What a person types after `guardian-language`: `fr`/`en`, or the language's name in French
    /// or English, accents and case ignored.
    pub fn parse(typed: &str) -> Result<Language> {
        read(typed).ok().flatten().ok_or_else(|| {
            crate::text::invalid(
                crate::error::Field::Language,
                "écrivez fr (français) ou en (anglais) : Balise imprime l'Annexe A en français ou en anglais",
                "write fr (French) or en (English): Balise prints the Annexe A in French or in English",
            )
        })
    }

    pub(crate) fn from_code(code: &str) -> Language {
        if code == "en" {
            Language::En
        } else {
            Language::Fr
        }
    }
}

/// A language cell (« Langue », « Langue de correspondance », « Parent 1 langue »): English
/// or French by code or name, in French or English, accents, case and a region ignored (`EN`,
/// `en-CA`, `Anglais`, `English`, `A`; `fr`, `Français`, `F`). Empty: the file says nothing.
/// Anything else is not a language Balise prints (`Err`): the import then keeps French (`rows`).
pub(crate) fn read(value: &str) -> std::result::Result<Option<Language>, Reason> {
    let folded = crate::text::fold(value);
    let word: String = folded.trim().chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    if folded.trim().is_empty() {
        return Ok(None);
    }
    match word.as_str() {
        "en" | "eng" | "ang" | "a" | "e" | "anglais" | "anglaise" | "english" | "anglophone" => Ok(Some(Language::En)),
        "fr" | "fra" | "fre" | "f" | "francais" | "francaise" | "french" | "francophone" => Ok(Some(Language::Fr)),
        _ => Err(Reason::new(
            "langue non imprimée par Balise (formulaire en français)",
            "a language Balise does not print (French form)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 15, item 14: the family's language read from a class list; only English and French
    /// are printed.
    #[test]
    fn languages_read_as_english_or_french() {
        for (cell, expected) in [
            ("en", Ok(Some(Language::En))),
            ("EN", Ok(Some(Language::En))),
            ("en-CA", Ok(Some(Language::En))),
            ("Anglais", Ok(Some(Language::En))),
            ("English", Ok(Some(Language::En))),
            ("A", Ok(Some(Language::En))),
            ("fr", Ok(Some(Language::Fr))),
            ("Français", Ok(Some(Language::Fr))),
            ("FRANCAIS", Ok(Some(Language::Fr))),
            ("fr_CA", Ok(Some(Language::Fr))),
            ("", Ok(None)),
            ("  ", Ok(None)),
            ("Espagnol", Err(())),
            ("=1+1", Err(())),
        ] {
            assert_eq!(read(cell).map_err(|_| ()), expected, "{cell:?}");
        }
    }
}
