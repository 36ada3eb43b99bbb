//! Reading a class-list file into a `Table` (`table.rs`) of text cells, each row with the line a
//! person finds it at: CSV (encoding and separator detected), Excel workbooks, OneRoster (a zip or a folder). The format is read from the content, not trusted from the file's name.

use std::path::Path;

use super::table::{csv_records, table_from_records, Format, Table};
use super::{decode, oneroster, spreadsheet, MAX_FILE_BYTES};
use crate::error::{Error, Result};
use crate::input;

/// Reads a file, or a folder of OneRoster CSV files (`users.csv`, `classes.csv`,
/// `enrollments.csv`, and `roles.csv` in 1.2). `sheet` chooses a workbook's sheet.
pub fn read_path(path: &Path, sheet: Option<&str>) -> Result<Table> {
    let name = display_name(path);
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return oneroster::read_folder(path, &name);
    }
    let bytes = input::read(path, input::Kind::ClassList)?;
    read_table(&bytes, &name, sheet)
}

/// Reads a file's bytes; `file_name` is only for messages. A zip holding `users.csv` is
/// OneRoster, another zip or an OLE file a workbook, anything else CSV text.
pub fn read_table(bytes: &[u8], file_name: &str, sheet: Option<&str>) -> Result<Table> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(file_name, bytes.len()));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) || bytes == b"\xEF\xBB\xBF" {
        return Err(Error::RosterEmpty { name: file_name.to_string() });
    }
    if bytes.starts_with(b"PK\x03\x04") {
        if oneroster::is_oneroster_zip(bytes) {
            return oneroster::read_zip(bytes, file_name);
        }
        return spreadsheet::read(bytes, file_name, sheet);
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return spreadsheet::read(bytes, file_name, sheet);
    }
    read_csv(bytes, file_name)
}

/// A CSV file's bytes: encoding, then separator, then records with the line each starts on.
pub(crate) fn read_csv(bytes: &[u8], file_name: &str) -> Result<Table> {
    let (text, encoding) = decode::decode(bytes).map_err(|problem| Error::RosterEncoding {
        name: file_name.to_string(),
        line: problem.line,
        reason: problem.reason.into(),
        reason_en: problem.reason_en.into(),
    })?;
    let separator = detect_separator(&text);
    let records = csv_records(&text, separator, file_name)?;
    let format = Format::Csv { encoding, separator: separator as char };
    table_from_records(records, Vec::new(), format, file_name)
}

/// `;`, `,` or tab: whichever appears most, outside quotes, in the first line that has any.
fn detect_separator(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted && counts.iter().any(|&n| n > 0) => break,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let separators = [b';', b',', b'\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        separators[best]
    }
}

fn too_large(name: &str, bytes: usize) -> Error {
    Error::RosterTooLarge { name: name.to_string(), megabytes: format!("{:.1}", bytes as f64 / 1_048_576.0) }
}

fn display_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_the_most_frequent_outside_quotes() {
        for (text, expected) in [
            ("fiche;nom;prénom\n1;a;b", b';'),
            ("fiche,nom,prénom\n1,a,b", b','),
            ("fiche\tnom\tprénom\n1\ta\tb", b'\t'),
            ("\"nom, prénom\";groupe\n", b';'),
            ("\n\nfiche,nom;x,y\n", b','),
            ("seul\n", b','),
        ] {
            assert_eq!(detect_separator(text) as char, expected as char, "{text:?}");
        }
    }
}
