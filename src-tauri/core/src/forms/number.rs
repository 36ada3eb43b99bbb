//! The form number printed on every Annexe A: seven characters a secretary can read over the
//! phone and type on the Retours screen (`K7M-4QXC`), the last one a check character that
//! catches any single mistyped character and any two neighbours swapped.
//!
//! The store hands out serials from a counter that never goes back (uniqueness is its job), and
//! this module turns a serial into the printed number. Serials are mixed by a permutation keyed
//! with the store's own secret (`Numbering::keyed`) before they are written: the forms of one
//! batch do not differ in their last character only (a number typed with two errors that slips
//! past the check almost never lands on another form), and two stores, or a store and a copy
//! restored elsewhere, print different numbers for the same serial, so a paper from one is not
//! filed in the other. `encode` and `parse` are the fixed numbering of the stores made before
//! each had its secret (their forms keep those numbers), used by tests and the bench.

use std::fmt;

pub use crate::error::FormNumberError;

/// 32 symbols without 0/O and 1/I, as the recovery key: every printed character has one reading.
pub(crate) const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Symbols carrying the serial (5 bits each), before the check symbol.
const DATA_SYMBOLS: usize = 6;
/// The printed number: 3 symbols, a dash, 3 symbols and the check symbol.
const FIRST_GROUP: usize = 3;
const SERIAL_BITS: u32 = 5 * DATA_SYMBOLS as u32;

/// The largest serial a form number can carry (2^30 − 1, about a billion forms).
pub const MAX_SERIAL: u64 = (1 << SERIAL_BITS) - 1;

/// Length of a form number once dashes and spaces are removed.
pub const SYMBOLS: usize = DATA_SYMBOLS + 1;

/// The printed form number of `serial` in the fixed numbering, such as `K7M-4QXC`.
///
/// # Panics
///
/// If `serial` is larger than `MAX_SERIAL` (see `Numbering::encode`).
pub fn encode(serial: u64) -> String {
    Numbering::FIXED.encode(serial)
}

/// How one store turns its serials into printed numbers: a permutation of the 2^30 serials keyed
/// by the store's secret. It hides nothing from someone holding the store; it only makes the
/// numbers of two stores differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Numbering {
    round_keys: [u32; 4],
}

impl Numbering {
    /// The numbering of the stores made before each had its own secret.
    pub const FIXED: Numbering = Numbering { round_keys: [0x2f1d, 0x63a9, 0x1b57, 0x4ce3] };

    /// The numbering of a store whose secret is `secret` (32 random bytes kept in the store).
    pub fn keyed(secret: &[u8]) -> Numbering {
        use sha2::{Digest, Sha256};
        let digest = Sha256::new().chain_update(b"balise: numeros de formulaire\0").chain_update(secret).finalize();
        let mut round_keys = [0u32; 4];
        for (key, bytes) in round_keys.iter_mut().zip(digest.chunks_exact(4)) {
            *key = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        }
        Numbering { round_keys }
    }

    /// The printed form number of `serial`.
    ///
    /// # Panics
    ///
    /// If `serial` is larger than `MAX_SERIAL`. The store numbers forms from 1 upwards; a school
    /// would need a million forms a year for a thousand years to get there, so reaching it is a bug.
    pub fn encode(&self, serial: u64) -> String {
        assert!(serial <= MAX_SERIAL, "numéro de série de formulaire hors limites : {serial}");
        let mixed = self.mix(serial as u32);
        let mut symbols = [0u8; SYMBOLS];
        for (index, symbol) in symbols[..DATA_SYMBOLS].iter_mut().enumerate() {
            let shift = 5 * (DATA_SYMBOLS - 1 - index);
            *symbol = ((mixed >> shift) & 31) as u8;
        }
        symbols[DATA_SYMBOLS] = check_symbol(&symbols[..DATA_SYMBOLS]);
        printed(&symbols)
    }

    /// The serial of a typed number in this numbering (see `parse`).
    pub fn serial(&self, input: &str) -> Result<u64, FormNumberError> {
        let symbols = checked_symbols(input)?;
        let mixed = symbols[..DATA_SYMBOLS].iter().fold(0u32, |acc, symbol| (acc << 5) | u32::from(*symbol));
        Ok(u64::from(self.unmix(mixed)))
    }

    /// A four-round Feistel network on two 15-bit halves.
    fn mix(&self, serial: u32) -> u32 {
        let (mut left, mut right) = (serial >> HALF_BITS, serial & HALF_MASK);
        for key in self.round_keys {
            (left, right) = (right, left ^ round(right, key));
        }
        (left << HALF_BITS) | right
    }

    fn unmix(&self, mixed: u32) -> u32 {
        let (mut left, mut right) = (mixed >> HALF_BITS, mixed & HALF_MASK);
        for key in self.round_keys.iter().rev() {
            (left, right) = (right ^ round(left, *key), left);
        }
        (left << HALF_BITS) | right
    }
}

/// A typed number in its printed form (`k7m 4qxc` → `K7M-4QXC`), checked: what the store looks up.
pub fn normalize(input: &str) -> Result<String, FormNumberError> {
    Ok(printed(&checked_symbols(input)?))
}

fn printed(symbols: &[u8]) -> String {
    let mut printed = String::with_capacity(SYMBOLS + 1);
    for (index, symbol) in symbols.iter().enumerate() {
        if index == FIRST_GROUP {
            printed.push('-');
        }
        printed.push(char::from(ALPHABET[usize::from(*symbol)]));
    }
    printed
}

/// The serial of a typed form number in the fixed numbering. Case, spaces and dashes do not
/// matter (`k7m 4qxc`, `K7M-4QXC`, `k7m4qxc`); a changed character or two swapped neighbours fail
/// the check.
pub fn parse(input: &str) -> Result<u64, FormNumberError> {
    Numbering::FIXED.serial(input)
}

/// The symbols of a typed number, its check verified.
fn checked_symbols(input: &str) -> Result<Vec<u8>, FormNumberError> {
    let mut symbols = Vec::with_capacity(SYMBOLS);
    for c in input.chars() {
        if c.is_whitespace() || is_dash(c) {
            continue;
        }
        let upper = c.to_ascii_uppercase();
        let value = ALPHABET.iter().position(|a| char::from(*a) == upper);
        match value {
            Some(value) => symbols.push(value as u8),
            None => return Err(FormNumberError::UnexpectedCharacter(c)),
        }
    }
    if symbols.is_empty() {
        return Err(FormNumberError::Empty);
    }
    if symbols.len() != SYMBOLS {
        return Err(FormNumberError::WrongLength(symbols.len()));
    }
    if damm(&symbols) != 0 {
        return Err(FormNumberError::CheckFailed);
    }
    Ok(symbols)
}

/// A form number in its printed form, when it is handy to carry one checked value around.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FormNumber(u64);

impl FormNumber {
    /// The number of `serial`; `None` above `MAX_SERIAL`.
    pub fn new(serial: u64) -> Option<FormNumber> {
        (serial <= MAX_SERIAL).then_some(FormNumber(serial))
    }

    pub fn serial(self) -> u64 {
        self.0
    }
}

impl fmt::Display for FormNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&encode(self.0))
    }
}

impl std::str::FromStr for FormNumber {
    type Err = FormNumberError;

    fn from_str(input: &str) -> Result<FormNumber, FormNumberError> {
        parse(input).map(FormNumber)
    }
}

fn is_dash(c: char) -> bool {
    // Hyphen-minus, the Unicode hyphens and dashes a word processor or a phone keyboard may put in.
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '_')
}

/// The check symbol: the Damm algorithm over the 32 symbols. Its table is the quasigroup
/// x ∘ y = 2·x + y in GF(32), which is totally anti-symmetric, so every single substitution and
/// every transposition of two different neighbours (the check symbol included) changes the
/// result (H. M. Damm, *Totally anti-symmetric quasigroups for all orders n ≠ 2, 6*, 2007).
fn check_symbol(data: &[u8]) -> u8 {
    // The check c makes the whole string come back to 0: 2·r + c = 0, so c = 2·r (characteristic 2).
    double(damm(data))
}

fn damm(symbols: &[u8]) -> u8 {
    symbols.iter().fold(0, |interim, symbol| double(interim) ^ symbol)
}

/// Multiplication by x (that is, 2) in GF(2^5) modulo the primitive polynomial x^5 + x^2 + 1.
fn double(value: u8) -> u8 {
    let shifted = value << 1;
    if shifted & 0b10_0000 != 0 {
        (shifted ^ 0b10_0101) & 31
    } else {
        shifted
    }
}

const HALF_BITS: u32 = SERIAL_BITS / 2;
const HALF_MASK: u32 = (1 << HALF_BITS) - 1;

fn round(half: u32, key: u32) -> u32 {
    let x = half.wrapping_mul(0x9e37_79b1).wrapping_add(key);
    (x ^ (x >> 15) ^ (x >> 7)) & HALF_MASK
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Serials spread over the whole range, small ones first (the store starts at 1).
    const SERIALS: [u64; 12] = [0, 1, 2, 3, 31, 32, 999, 1_000, 65_535, 123_456_789, MAX_SERIAL - 1, MAX_SERIAL];

    fn check(input: &str, expected: Result<u64, FormNumberError>) {
        assert_eq!(parse(input), expected, "parse({input:?})");
    }

    #[test]
    fn numbers_round_trip_and_look_alike() {
        for serial in SERIALS {
            let number = encode(serial);
            assert_eq!(number.len(), 8, "{number} should be 3 + dash + 4");
            assert_eq!(&number[3..4], "-", "{number} is grouped 3-4");
            assert!(number.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))), "{number}");
            assert_eq!(parse(&number), Ok(serial), "{number} does not read back");
            assert_eq!(number.parse::<FormNumber>().map(FormNumber::serial), Ok(serial));
            assert_eq!(FormNumber::new(serial).map(|n| n.to_string()), Some(number));
        }
        assert_eq!(FormNumber::new(MAX_SERIAL + 1), None);
    }

    #[test]
    fn the_permutation_is_a_bijection_that_spreads_neighbours() {
        for serial in (0..5_000u32).chain((MAX_SERIAL as u32 - 5_000)..=MAX_SERIAL as u32) {
            let mixed = Numbering::FIXED.mix(serial);
            assert!(mixed <= MAX_SERIAL as u32);
            assert_eq!(Numbering::FIXED.unmix(mixed), serial);
        }
        // Consecutive forms of a batch should not share their first characters.
        let numbers: Vec<String> = (1..=20).map(encode).collect();
        let same_start = numbers.windows(2).filter(|pair| pair[0][..3] == pair[1][..3]).count();
        assert!(same_start <= 1, "consecutive numbers look alike: {numbers:?}");
    }

    #[test]
    fn typing_variants_are_accepted() {
        let serial = 4_242;
        let number = encode(serial);
        let bare: String = number.chars().filter(|c| *c != '-').collect();
        for typed in [
            number.clone(),
            number.to_lowercase(),
            bare.clone(),
            format!("  {}  ", bare.to_lowercase()),
            format!("{} {}", &bare[..3], &bare[3..]),
            format!("{}–{}", &bare[..3], &bare[3..]),
            bare.chars().map(|c| format!("{c} ")).collect(),
        ] {
            check(&typed, Ok(serial));
        }
    }

    #[test]
    fn malformed_input_is_refused_with_a_reason() {
        let number = encode(77);
        check("", Err(FormNumberError::Empty));
        check(" - ", Err(FormNumberError::Empty));
        check(&number[..7], Err(FormNumberError::WrongLength(6)));
        check(&format!("{number}2"), Err(FormNumberError::WrongLength(8)));
        check("K7M-4QX0", Err(FormNumberError::UnexpectedCharacter('0')));
        check("K7M-4QXo", Err(FormNumberError::UnexpectedCharacter('o')));
        check("K7M-4QXÉ", Err(FormNumberError::UnexpectedCharacter('É')));
        let message = FormNumberError::UnexpectedCharacter('O').to_string();
        assert!(message.contains("0, O, 1 et I"), "{message}");
    }

    /// Every number with one character replaced by another symbol, or two different neighbours
    /// swapped, fails its check: the Damm property, verified exhaustively on many samples.
    #[test]
    fn every_single_substitution_and_adjacent_transposition_is_caught() {
        let samples = SERIALS.iter().copied().chain((0..300).map(|i| i * 3_579_139 % MAX_SERIAL));
        for serial in samples {
            let number = encode(serial);
            let bare: Vec<u8> = number.bytes().filter(|b| *b != b'-').collect();
            for position in 0..SYMBOLS {
                for replacement in ALPHABET.iter().copied().filter(|r| *r != bare[position]) {
                    let mut typo = bare.clone();
                    typo[position] = replacement;
                    let typo = String::from_utf8(typo).unwrap();
                    assert_eq!(parse(&typo), Err(FormNumberError::CheckFailed), "{number} → {typo}");
                }
            }
            for position in 0..SYMBOLS - 1 {
                if bare[position] == bare[position + 1] {
                    continue;
                }
                let mut swapped = bare.clone();
                swapped.swap(position, position + 1);
                let swapped = String::from_utf8(swapped).unwrap();
                assert_eq!(parse(&swapped), Err(FormNumberError::CheckFailed), "{number} → {swapped}");
            }
        }
    }

    #[test]
    fn the_check_table_is_a_totally_anti_symmetric_quasigroup() {
        let op = |x: u8, y: u8| double(x) ^ y;
        for x in 0..32u8 {
            let row: std::collections::BTreeSet<u8> = (0..32).map(|y| op(x, y)).collect();
            let column: std::collections::BTreeSet<u8> = (0..32).map(|y| op(y, x)).collect();
            assert_eq!((row.len(), column.len()), (32, 32), "row or column {x} is not a permutation");
            for c in 0..32u8 {
                for y in 0..32u8 {
                    if x != y {
                        assert_ne!(op(op(c, x), y), op(op(c, y), x), "c={c} x={x} y={y}");
                    }
                }
            }
        }
    }

    #[test]
    fn two_stores_number_the_same_serials_differently_and_each_reads_its_own_back() {
        let (here, there) = (Numbering::keyed(&[1; 32]), Numbering::keyed(&[2; 32]));
        assert_ne!(here, there);
        let mut same = 0;
        for serial in 1..=2_000u64 {
            let number = here.encode(serial);
            assert_eq!(here.serial(&number), Ok(serial), "{number}");
            assert_eq!(normalize(&number.to_lowercase().replace('-', " ")), Ok(number.clone()));
            same += usize::from(there.encode(serial) == number);
        }
        assert_eq!(same, 0, "another store's first 2,000 forms share no number with this one's");
        assert_eq!(Numbering::keyed(&[1; 32]), here, "a store's numbering is the same every time it opens");
        assert_eq!(normalize("K7M-4QX"), Err(FormNumberError::WrongLength(6)));
    }
}
