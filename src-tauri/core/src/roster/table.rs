//! A class-list file read as rows of text (`Table`), before any column is interpreted, and the
//! pieces every reader shares: CSV records with their physical lines, cells cut to size, and the
//! header found under an optional title line.

use serde::{Deserialize, Serialize};

use super::MAX_CELL_CHARS;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_long_cells_are_cut_one_past_the_limit() {
        assert_eq!(cut("abc"), "abc");
        let long = "é".repeat(5_000);
        assert_eq!(cut(&long).chars().count(), MAX_CELL_CHARS + 1);
    }
}
