//! French typography for printed text: the no-break spaces the Office québécois de la langue
//! française asks for around « : ; ! ? » and guillemets, and dates written out in full.

use chrono::{Datelike, NaiveDate};

/// NO-BREAK SPACE: before « : » and inside guillemets.
const NBSP: char = '\u{A0}';
/// NARROW NO-BREAK SPACE: before « ; ! ? ». Liberation Sans has the glyph; where a face lacks it
/// (Liberation Mono), the page layer prints a full no-break space instead.
const NNBSP: char = '\u{202F}';

/// Puts the no-break spaces of French typography into `text` (OQLF, Banque de dépannage
/// linguistique, « Espacement avant et après les signes de ponctuation »):
///
/// - a narrow no-break space before `;`, `!` and `?`;
/// - a no-break space before `:`, after `«` and before `»`.
///
/// An ordinary or no-break space already there is replaced, so the function is idempotent and
/// never doubles a space. A missing space is added only where the sign clearly ends a word:
/// `;`, `!` and `?` after a character that is not a space or another of these signs, and
/// followed by a space, the end of the text or closing punctuation; `:` only after a letter and
/// followed by a space or the end. So `http://`, `14:30`, `page?id=3` and the `!` of `?!` are
/// left alone. Apostrophes and dashes are not touched.
pub fn fr_typography(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        if is_space(c) {
            // A run of spaces before a sign that takes a no-break space becomes that one space.
            let run_end = (index..chars.len()).find(|&i| !is_space(chars[i])).unwrap_or(chars.len());
            match chars.get(run_end).copied().and_then(space_before) {
                Some(space) if index > 0 && !out.ends_with('«') => out.push(space),
                _ => {
                    if out.ends_with('«') {
                        out.push(NBSP);
                    } else {
                        out.extend(&chars[index..run_end]);
                    }
                }
            }
            index = run_end;
            continue;
        }

        let previous = out.chars().next_back();
        let next = chars.get(index + 1).copied();
        if let Some(space) = space_before(c) {
            if let Some(previous) = previous {
                if !is_space(previous) && needs_inserted_space(c, previous, next) {
                    out.push(space);
                }
            }
        }
        out.push(c);
        if c == '«' && next.is_some_and(|n| !is_space(n)) {
            out.push(NBSP);
        }
        index += 1;
    }
    out
}

/// The source documents' words as printed (`forms::templates_text` keeps their straight `'`):
/// apostrophes curled, as the Annexe A prints them, and French spacing.
pub fn fr_source(text: &str) -> String {
    fr_typography(&text.replace('\'', "’"))
}

/// A date the way it is written in a French sentence: « 24 novembre 2026 », « 1er mars 2027 ».
pub fn fr_long_date(date: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let day = match date.day() {
        1 => "1er".to_string(),
        day => day.to_string(),
    };
    format!("{day} {} {}", MONTHS[date.month0() as usize], date.year())
}

/// A date the way it is written in an English sentence (Canadian usage, month first):
/// "November 24, 2026", "March 1, 2027".
pub fn en_long_date(date: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!("{} {}, {}", MONTHS[date.month0() as usize], date.day(), date.year())
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | NBSP | NNBSP | '\u{2009}')
}

/// The space a sign wants before it, if any.
fn space_before(c: char) -> Option<char> {
    match c {
        ';' | '!' | '?' => Some(NNBSP),
        ':' | '»' => Some(NBSP),
        _ => None,
    }
}

fn needs_inserted_space(sign: char, previous: char, next: Option<char>) -> bool {
    let ends_word = match next {
        None => true,
        Some(n) => is_space(n) || matches!(n, '!' | '?' | '»' | ')' | '.' | ',' | '"'),
    };
    match sign {
        '»' => true,
        ':' => previous.is_alphabetic() && !matches!(next, Some(n) if !is_space(n)),
        _ => !matches!(previous, ';' | '!' | '?' | ':') && ends_word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes the expected strings readably: `_` is a no-break space, `~` a narrow one.
    fn expect(pattern: &str) -> String {
        pattern.replace('_', "\u{A0}").replace('~', "\u{202F}")
    }

    #[test]
    fn spaces_before_signs_become_no_break() {
        assert_eq!(fr_typography("À quoi sert cette clé ?"), expect("À quoi sert cette clé~?"));
        assert_eq!(fr_typography("École : Saint-Joseph"), expect("École_: Saint-Joseph"));
        assert_eq!(fr_typography("Attention ! Oui ; non"), expect("Attention~! Oui~; non"));
        assert_eq!(fr_typography("« Déverrouiller »"), expect("«_Déverrouiller_»"));
    }

    #[test]
    fn missing_spaces_are_added_where_a_word_ends() {
        assert_eq!(fr_typography("Où la garder?"), expect("Où la garder~?"));
        assert_eq!(fr_typography("Note: lire"), expect("Note_: lire"));
        assert_eq!(fr_typography("«Balise»"), expect("«_Balise_»"));
        assert_eq!(fr_typography("Vraiment?!"), expect("Vraiment~?!"));
        assert_eq!(fr_typography("(vraiment?)"), expect("(vraiment~?)"));
    }

    #[test]
    fn runs_of_spaces_collapse_to_one_no_break_space() {
        assert_eq!(fr_typography("Quoi   ?"), expect("Quoi~?"));
        assert_eq!(fr_typography("«  Balise  »"), expect("«_Balise_»"));
        assert_eq!(fr_typography("un  deux"), "un  deux");
    }

    #[test]
    fn urls_times_and_codes_are_left_alone() {
        for untouched in [
            "https://balise.example/aide?page=2&x=1",
            "14:30",
            "De 8:15 à 14:30",
            "K7QM-3RXD-9TPA",
            "",
            "?",
            "l’élève d’aujourd’hui",
        ] {
            assert_eq!(fr_typography(untouched), untouched);
        }
    }

    #[test]
    fn is_idempotent() {
        for text in [
            "À quoi sert cette clé ? Où la garder? Note: « ici » ; fin !",
            "«Balise» : voir https://a.b/c?d=1 à 14:30 !",
            "  ? début",
        ] {
            let once = fr_typography(text);
            assert_eq!(fr_typography(&once), once, "not idempotent on {text:?}");
        }
    }

    #[test]
    fn long_dates_are_written_in_french() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(fr_long_date(date(2026, 11, 24)), "24 novembre 2026");
        assert_eq!(fr_long_date(date(2027, 3, 1)), "1er mars 2027");
        assert_eq!(fr_long_date(date(2027, 8, 15)), "15 août 2027");
        assert_eq!(fr_long_date(date(2028, 2, 29)), "29 février 2028");
        assert_eq!(fr_long_date(date(2026, 12, 31)), "31 décembre 2026");
        assert_eq!(en_long_date(date(2026, 11, 24)), "November 24, 2026");
        assert_eq!(en_long_date(date(2027, 3, 1)), "March 1, 2027");
    }
}
