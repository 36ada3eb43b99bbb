//! Excel workbooks (XLSX, and XLS) through calamine: the first sheet or the one chosen, each cell
//! as the text a person sees (an id Excel turned into `12345.0` reads `12345`, a date cell reads
//! `2014-03-09`), each row numbered as Excel numbers it. XLSX is read cell by cell, so a crafted
//! file with one cell in A1 and one in XFD1048576 costs two cells, not seventeen billion.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Seek};

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xls, Xlsx};

use super::table::{cut, table_from_records, Format, RawRow, Table};
use super::MAX_UNPACKED_BYTES;
use crate::error::{Error, Result};

/// Rows with data a sheet may hold, and the columns read: a class list is far from both.
const MAX_ROWS: usize = 100_000;
const MAX_COLUMNS: u32 = 1_000;

pub(crate) fn read(bytes: &[u8], file_name: &str, sheet: Option<&str>) -> Result<Table> {
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        let workbook: Xls<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| unreadable(file_name))?;
        return read_xls(workbook, file_name, sheet);
    }
    check_unpacked_size(bytes, file_name)?;
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| unreadable(file_name))?;
    let sheets = workbook.sheet_names();
    let chosen = choose_sheet(&sheets, sheet)?;
    let mut cells: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    let mut reader = workbook.worksheet_cells_reader(&chosen).map_err(|_| unreadable(file_name))?;
    while let Some(cell) = reader.next_cell().map_err(|_| unreadable(file_name))? {
        let (row, column) = cell.get_position();
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if column >= MAX_COLUMNS || text.is_empty() {
            continue;
        }
        cells.entry(row).or_default().push((column, text));
        if cells.len() > MAX_ROWS {
            return Err(too_many_rows(file_name));
        }
    }
    table_from_records(dense(cells), sheets, Format::Xlsx { sheet: chosen }, file_name)
}

/// XLS (Excel 97–2003) is at most 65,536 rows × 256 columns: its dense range stays bounded.
fn read_xls<RS: Read + Seek>(mut workbook: Xls<RS>, file_name: &str, sheet: Option<&str>) -> Result<Table> {
    let sheets = workbook.sheet_names();
    let chosen = choose_sheet(&sheets, sheet)?;
    let range = workbook.worksheet_range(&chosen).map_err(|_| unreadable(file_name))?;
    table_from_records(records(&range), sheets, Format::Xls { sheet: chosen }, file_name)
}

/// Rows of cells by position, as rows of text from the first column used.
fn dense(cells: BTreeMap<u32, Vec<(u32, String)>>) -> Vec<RawRow> {
    let first = cells.values().flatten().map(|(c, _)| *c).min().unwrap_or(0);
    let last = cells.values().flatten().map(|(c, _)| *c).max().unwrap_or(0);
    cells
        .into_iter()
        .map(|(row, values)| {
            let mut texts = vec![String::new(); (last - first + 1) as usize];
            for (column, text) in values {
                texts[(column - first) as usize] = text;
            }
            RawRow { line: row as usize + 1, cells: texts }
        })
        .collect()
}

fn too_many_rows(file_name: &str) -> Error {
    Error::RosterUnreadable {
        name: file_name.to_string(),
        reason: format!("la feuille a plus de {MAX_ROWS} lignes remplies : ce n'est pas une liste d'élèves"),
        reason_en: format!("the sheet has more than {MAX_ROWS} filled rows: it is not a class list"),
    }
}

/// The sheet asked for (case and surrounding spaces ignored), else the first.
fn choose_sheet(sheets: &[String], wanted: Option<&str>) -> Result<String> {
    let Some(wanted) = wanted.map(str::trim).filter(|w| !w.is_empty()) else {
        return sheets
            .first()
            .cloned()
            .ok_or_else(|| Error::RosterUnknownSheet { sheet: String::new(), sheets: "(aucune)".into() });
    };
    sheets.iter().find(|s| s.trim().to_lowercase() == wanted.to_lowercase()).cloned().ok_or_else(|| {
        Error::RosterUnknownSheet {
            sheet: cut_for_message(wanted),
            sheets: sheets.iter().map(|s| format!("« {s} »")).collect::<Vec<_>>().join(", "),
        }
    })
}

fn records(range: &Range<Data>) -> Vec<RawRow> {
    let first_row = range.start().map(|(row, _)| row as usize).unwrap_or(0);
    range
        .rows()
        .enumerate()
        .map(|(i, cells)| RawRow { line: first_row + i + 1, cells: cells.iter().map(cell_text).collect() })
        .collect()
}

/// A cell as text: whole numbers without `.0`, dates as `AAAA-MM-JJ` (the time dropped), errors
/// as Excel shows them (`#N/A`).
pub(crate) fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => cut(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "VRAI" } else { "FAUX" }.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (year, month, day, ..) = d.to_ymd_hms_milli();
            format!("{year:04}-{month:02}-{day:02}")
        }
        Data::DateTime(d) => number_text(d.as_f64()),
        Data::DateTimeIso(s) => cut(s.split('T').next().unwrap_or(s)),
        Data::DurationIso(s) => cut(s),
        Data::Error(e) => e.to_string(),
    }
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// The declared sizes of a zip's entries, added up: refused past `MAX_UNPACKED_BYTES`.
fn check_unpacked_size(bytes: &[u8], file_name: &str) -> Result<()> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable(file_name))?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        total = total.saturating_add(zip.by_index_raw(i).map_err(|_| unreadable(file_name))?.size());
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(Error::RosterTooLarge {
            name: file_name.to_string(),
            megabytes: format!("{:.1}", total as f64 / 1_048_576.0),
        });
    }
    Ok(())
}

fn unreadable(file_name: &str) -> Error {
    Error::RosterUnreadable {
        name: file_name.to_string(),
        reason: "ce n'est ni un fichier CSV, ni un classeur Excel (.xlsx, .xls) lisible, ni un zip OneRoster ; \
                 depuis un autre tableur, enregistrez la liste en CSV ou en .xlsx"
            .into(),
        reason_en: "it is neither a CSV file, nor a readable Excel (.xlsx, .xls) workbook, nor a OneRoster zip; \
                    from another spreadsheet, save the list as CSV or .xlsx"
            .into(),
    }
}

/// What the user typed, echoed at most 60 characters long.
pub(crate) fn cut_for_message(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_a_person_sees_them() {
        for (cell, text) in [
            (Data::Float(12345.0), "12345"),
            (Data::Float(2.5), "2.5"),
            (Data::Int(601), "601"),
            (Data::String("=HYPERLINK(\"x\")".into()), "=HYPERLINK(\"x\")"),
            (Data::DateTimeIso("2014-03-09T00:00:00".into()), "2014-03-09"),
            (Data::Empty, ""),
        ] {
            assert_eq!(cell_text(&cell), text, "{cell:?}");
        }
    }
}
