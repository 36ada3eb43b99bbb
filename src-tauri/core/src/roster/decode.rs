//! A CSV file's bytes to text: UTF-8 (with or without its BOM), UTF-16 with a BOM (Excel's
//! « Texte Unicode »), else Windows-1252 (what Excel writes on a French Windows). A file that
//! is none of them is refused with the line of the first bad byte: never replacement characters.

use super::table::Encoding;

/// Why the bytes are not text Balise can trust, and where (the physical line, from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EncodingProblem {
    pub line: usize,
    pub reason: &'static str,
    pub reason_en: &'static str,
}

/// Bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D have no character in Windows-1252.
const UNDEFINED_IN_1252: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

pub(crate) fn decode(bytes: &[u8]) -> Result<(String, Encoding), EncodingProblem> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = utf8(rest).map_err(|offset| invalid_utf8(rest, offset))?;
        return checked(text, Encoding::Utf8Bom);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return utf16(bytes);
    }
    match utf8(bytes) {
        Ok(text) => checked(text, Encoding::Utf8),
        Err(utf8_offset) => windows_1252(bytes, utf8_offset),
    }
}

fn utf8(bytes: &[u8]) -> Result<String, usize> {
    std::str::from_utf8(bytes).map(str::to_string).map_err(|e| e.valid_up_to())
}

fn invalid_utf8(bytes: &[u8], offset: usize) -> EncodingProblem {
    EncodingProblem {
        line: line_of(bytes, offset),
        reason: "octet invalide en UTF-8 alors que le fichier commence par la marque UTF-8",
        reason_en: "invalid UTF-8 byte although the file starts with the UTF-8 mark",
    }
}

fn utf16(bytes: &[u8]) -> Result<(String, Encoding), EncodingProblem> {
    let encoding = if bytes[0] == 0xFF { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
    match encoding.decode_without_bom_handling_and_without_replacement(&bytes[2..]) {
        Some(text) => checked(text.into_owned(), Encoding::Utf16),
        None => Err(EncodingProblem { line: 1, reason: "texte UTF-16 mal formé", reason_en: "malformed UTF-16 text" }),
    }
}

/// Windows-1252, unless a byte has no character there, the text holds control characters, or
/// valid UTF-8 sequences sit beside the invalid byte (a file of two encodings: read as 1252 it
/// would turn « é » into « Ã© »).
fn windows_1252(bytes: &[u8], utf8_offset: usize) -> Result<(String, Encoding), EncodingProblem> {
    if let Some(offset) = bytes.iter().position(|b| UNDEFINED_IN_1252.contains(b)) {
        return Err(EncodingProblem {
            line: line_of(bytes, offset),
            reason: "un octet n'a de sens dans aucun des deux encodages",
            reason_en: "a byte means nothing in either encoding",
        });
    }
    if has_utf8_sequence(bytes) {
        return Err(EncodingProblem {
            line: line_of(bytes, utf8_offset),
            reason: "le fichier mélange deux encodages (des accents en UTF-8, d'autres non)",
            reason_en: "the file mixes two encodings (some accents in UTF-8, others not)",
        });
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    checked(text.into_owned(), Encoding::Windows1252)
}

/// The two-byte UTF-8 forms of Latin letters (C2/C3 + continuation) and of typographic
/// punctuation (E2 80 xx): in Windows-1252 they read « Ã© », « â€™ », which no French text holds.
fn has_utf8_sequence(bytes: &[u8]) -> bool {
    let continuation = |b: u8| (0x80..=0xBF).contains(&b);
    bytes.windows(3).any(|w| {
        ((w[0] == 0xC2 || w[0] == 0xC3) && continuation(w[1])) || (w[0] == 0xE2 && w[1] == 0x80 && continuation(w[2]))
    })
}

/// Text that holds control characters other than tab and line breaks is a binary file (or
/// UTF-16 without its mark), not a list.
fn checked(text: String, encoding: Encoding) -> Result<(String, Encoding), EncodingProblem> {
    let bad = text.char_indices().find(|(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
    match bad {
        Some((offset, _)) => Err(EncodingProblem {
            line: line_of(text.as_bytes(), offset),
            reason: "caractère de contrôle : ce n'est pas un fichier texte",
            reason_en: "control character: this is not a text file",
        }),
        None => Ok((text, encoding)),
    }
}

/// The physical line (from 1) holding byte `offset`.
pub(crate) fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], expected: Result<(&str, Encoding), usize>) {
        let got = decode(bytes);
        match (got, expected) {
            (Ok((text, enc)), Ok((want, want_enc))) => {
                assert_eq!((text.as_str(), enc), (want, want_enc), "decode({bytes:?})")
            }
            (Err(problem), Err(line)) => assert_eq!(problem.line, line, "decode({bytes:?}): {problem:?}"),
            (got, expected) => panic!("decode({bytes:?}) = {got:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn encodings_are_detected_and_bad_bytes_refused_with_their_line() {
        check("Côté;Ève\n".as_bytes(), Ok(("Côté;Ève\n", Encoding::Utf8)));
        check(b"\xEF\xBB\xBFC\xC3\xB4t\xC3\xA9\n", Ok(("Côté\n", Encoding::Utf8Bom)));
        check(b"C\xF4t\xE9;\xC8ve\n", Ok(("Côté;Ève\n", Encoding::Windows1252)));
        check(b"N\x92Guessan\n", Ok(("N’Guessan\n", Encoding::Windows1252)));
        check(b"\xFF\xFEC\x00\xF4\x00t\x00\xE9\x00", Ok(("Côté", Encoding::Utf16)));
        check(b"nom\nok\nbad \x81\x8D\x8F\x90\x9D\n", Err(3));
        check(b"nom\nC\xC3\xB4t\xC3\xA9\nC\xF4t\xE9\n", Err(3));
        check(b"\xEF\xBB\xBFnom\nC\xF4t\xE9\n", Err(2));
        check(b"nom\nab\x00cd\n", Err(2));
        check(b"", Ok(("", Encoding::Utf8)));
    }
}
