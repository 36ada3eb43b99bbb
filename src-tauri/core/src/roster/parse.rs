//! Reading a class-list file into a `Table` of text cells, each row with the line a person finds
//! it at: CSV (encoding and separator detected), Excel workbooks, OneRoster (a zip or a folder). The format is read from the content, not trusted from the file's name.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{decode, oneroster, spreadsheet, MAX_CELL_CHARS, MAX_FILE_BYTES};
use crate::error::{Error, Result};

/// A file read as rows of text, before any column is interpreted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// The header row's cells, trimmed; an empty header reads « (colonne N) ».
    pub headers: Vec<String>,
    /// The rows under the header, each as wide as `headers`; wholly empty rows are left out.
    pub rows: Vec<RawRow>,
    /// The workbook's sheets, in order (empty for CSV and OneRoster).
    pub sheets: Vec<String>,
    pub format: Format,
}

/// One row: `line` is where a person finds it (the physical line where a CSV record starts, the
/// Excel row number, or the line of the student in OneRoster's users.csv).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRow {
    pub line: usize,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Format {
    Csv { encoding: Encoding, separator: char },
    Xlsx { sheet: String },
    Xls { sheet: String },
    OneRoster { version: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16,
    Windows1252,
}

impl Format {
    /// Whether numbers in the birth-date column may be Excel date serials.
    pub(crate) fn is_workbook(&self) -> bool {
        matches!(self, Format::Xlsx { .. } | Format::Xls { .. })
    }
}

/// Reads a file, or a folder of OneRoster CSV files (`users.csv`, `classes.csv`,
/// `enrollments.csv`, and `roles.csv` in 1.2). `sheet` chooses a workbook's sheet.
pub fn read_path(path: &Path, sheet: Option<&str>) -> Result<Table> {
    let name = display_name(path);
    if path.is_dir() {
        return oneroster::read_folder(path, &name);
    }
    let size = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
    if size > MAX_FILE_BYTES as u64 {
        return Err(too_large(&name, size as usize));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
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

/// Every record with the physical line it starts on; cells cut at `MAX_CELL_CHARS` + 1.
pub(crate) fn csv_records(text: &str, separator: u8, file_name: &str) -> Result<Vec<RawRow>> {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(separator).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut rows = Vec::new();
    let mut lines = LineCounter::new(text);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = lines.record_start(record.position().map(|p| p.byte() as usize).unwrap_or(0));
                rows.push(RawRow { line, cells: record.iter().map(cut).collect() });
            }
            Err(e) => {
                let line = lines.record_start(e.position().map(|p| p.byte() as usize).unwrap_or(0));
                return Err(Error::RosterUnreadable {
                    name: file_name.to_string(),
                    reason: format!("CSV mal formé à la ligne {line}"),
                    reason_en: format!("malformed CSV at line {line}"),
                });
            }
        }
    }
    Ok(rows)
}

/// Physical line numbers from the csv reader's byte offsets. (Its own line count is off after a
/// CRLF or a blank line; the offset it gives is where the previous record ended, so the record
/// starts past the line breaks that follow.)
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter { bytes: text.as_bytes(), offset: 0, line: 1 }
    }

    /// The line of the record whose position is `offset`; offsets only grow.
    fn record_start(&mut self, offset: usize) -> usize {
        let mut start = offset.max(self.offset).min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        self.line += self.bytes[self.offset..start].iter().filter(|&&b| b == b'\n').count();
        self.offset = start;
        self.line
    }
}

/// A cell as kept: at most one character past the longest field Balise accepts.
pub(crate) fn cut(cell: &str) -> String {
    match cell.char_indices().nth(MAX_CELL_CHARS + 1) {
        Some((end, _)) => cell[..end].to_string(),
        None => cell.to_string(),
    }
}

/// The header is the first row with at least two filled cells among the first twenty (a title
/// line above it is skipped), else the first non-empty row. Rows wholly empty are left out.
pub(crate) fn table_from_records(
    records: Vec<RawRow>,
    sheets: Vec<String>,
    format: Format,
    file_name: &str,
) -> Result<Table> {
    let mut records: Vec<RawRow> =
        records.into_iter().filter(|r| r.cells.iter().any(|c| !c.trim().is_empty())).collect();
    if records.is_empty() {
        return Err(Error::RosterEmpty { name: file_name.to_string() });
    }
    let filled = |r: &RawRow| r.cells.iter().filter(|c| !c.trim().is_empty()).count();
    let header_at = records.iter().take(20).position(|r| filled(r) >= 2).unwrap_or(0);
    let rest = records.split_off(header_at + 1);
    let header = records.pop().expect("the header row is there");
    let width = header.cells.len();
    let headers = header
        .cells
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = h.split_whitespace().collect::<Vec<_>>().join(" ");
            if h.is_empty() {
                format!("(colonne {})", i + 1)
            } else {
                h
            }
        })
        .collect();
    let rows = rest
        .into_iter()
        .map(|mut r| {
            r.cells.resize(width, String::new());
            r
        })
        .filter(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
        .collect();
    Ok(Table { headers, rows, sheets, format })
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

    #[test]
    fn over_long_cells_are_cut_one_past_the_limit() {
        assert_eq!(cut("abc"), "abc");
        let long = "é".repeat(5_000);
        assert_eq!(cut(&long).chars().count(), MAX_CELL_CHARS + 1);
    }
}
