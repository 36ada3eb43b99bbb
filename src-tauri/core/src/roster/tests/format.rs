//! Tests of reading class lists, without a store: every encoding and separator, workbooks,
//! OneRoster folders and zips, the committed fixtures (`tests/fixtures/roster`) with their hostile
//! cells, and what each line becomes.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::error::Error;
use crate::roster::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/roster").join(name)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Reads, recognises and checks a table: the rows and the refused lines.
fn checked(table: &Table) -> (Vec<RosterRow>, Vec<Rejected>) {
    let mapping = recognise(&table.headers, &[]).expect("columns recognised");
    rows(table, &mapping)
}

fn names(rows: &[RosterRow]) -> Vec<(String, String, String)> {
    rows.iter().map(|r| (r.last_name.clone(), r.first_name.clone(), r.class_code.clone())).collect()
}

fn guardian(last: &str, first: &str, email: &str, relation: &str) -> GuardianRow {
    GuardianRow {
        last_name: last.into(),
        first_name: first.into(),
        email: email.into(),
        relation: relation.into(),
        language: None,
    }
}

const CANONICAL: [[&str; 8]; 4] = [
    ["Fiche", "Nom", "Prénom", "Groupe", "Date de naissance", "Parent 1 nom", "Parent 1 courriel", "Remarque"],
    ["1001", "Côté", "Ève-Marie", "601", "2014-03-09", "Côté", "luc.cote@exemple.ca", "dit « bonjour »; \"toujours\""],
    ["1002", "N’Guessan", "Awa", "601", "12/04/2013", "N’Guessan", "aya@exemple.ca", "deux\nlignes"],
    ["1003", "O'Neil-Bérubé", "Léa", "602", "", "", "", ""],
];

/// The canonical list written with `separator`, quoted as Excel does.
fn canonical_csv(separator: char) -> String {
    let mut text = String::new();
    for record in CANONICAL {
        let cells: Vec<String> = record
            .iter()
            .map(|c| {
                if c.contains([separator, '"', '\n']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.to_string()
                }
            })
            .collect();
        text.push_str(&cells.join(&separator.to_string()));
        text.push_str("\r\n");
    }
    text
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    bytes
}

#[test]
fn every_encoding_and_separator_reads_the_same_students() {
    let windows_1252 = |text: &str| encoding_rs::WINDOWS_1252.encode(text).0.into_owned();
    let cases: Vec<(&str, Vec<u8>, Encoding, char)> = vec![
        ("UTF-8 ;", canonical_csv(';').into_bytes(), Encoding::Utf8, ';'),
        ("UTF-8 ,", canonical_csv(',').into_bytes(), Encoding::Utf8, ','),
        ("UTF-8 tab", canonical_csv('\t').into_bytes(), Encoding::Utf8, '\t'),
        ("UTF-8 BOM ;", [b"\xEF\xBB\xBF".as_slice(), canonical_csv(';').as_bytes()].concat(), Encoding::Utf8Bom, ';'),
        ("Windows-1252 ;", windows_1252(&canonical_csv(';')), Encoding::Windows1252, ';'),
        ("Windows-1252 ,", windows_1252(&canonical_csv(',')), Encoding::Windows1252, ','),
        ("UTF-16 tab", utf16le_with_bom(&canonical_csv('\t')), Encoding::Utf16, '\t'),
    ];
    for (label, bytes, encoding, separator) in cases {
        let table = read_table(&bytes, "liste.csv", None).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(table.format, Format::Csv { encoding, separator }, "{label}");
        assert_eq!(table.headers.len(), 8, "{label}");
        assert_eq!(
            table.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            [2, 3, 5],
            "{label}: a record starts where its first line is"
        );
        assert_eq!(
            table.rows[0].cells[7], "dit « bonjour »; \"toujours\"",
            "{label}: quotes and separators inside quotes"
        );
        assert_eq!(table.rows[1].cells[7], "deux\r\nlignes".replace("\r\n", "\n"), "{label}: embedded line break");
        let (rows, rejected) = checked(&table);
        assert!(rejected.is_empty(), "{label}: {rejected:?}");
        assert_eq!(
            names(&rows),
            [
                ("Côté".into(), "Ève-Marie".into(), "601".into()),
                ("N’Guessan".into(), "Awa".into(), "601".into()),
                ("O'Neil-Bérubé".into(), "Léa".into(), "602".into())
            ],
            "{label}"
        );
        assert_eq!(rows[0].birth_date, Some(day(2014, 3, 9)), "{label}");
        assert_eq!(rows[1].birth_date, Some(day(2013, 4, 12)), "{label}: day first, as in French");
        assert_eq!(rows[0].guardians, Some(vec![guardian("Côté", "", "luc.cote@exemple.ca", "")]), "{label}");
        assert_eq!(rows[2].guardians, Some(vec![]), "{label}: no guardian on this line");
    }
}

#[test]
fn the_gpi_fixtures_in_both_encodings_give_the_same_rows() {
    let utf8 = read_path(&fixture("gpi_utf8_bom.csv"), None).unwrap();
    let cp1252 = read_path(&fixture("gpi_windows1252.csv"), None).unwrap();
    assert_eq!(utf8.format, Format::Csv { encoding: Encoding::Utf8Bom, separator: ';' });
    assert_eq!(cp1252.format, Format::Csv { encoding: Encoding::Windows1252, separator: ';' });
    assert_eq!(utf8.rows, cp1252.rows);
    let mapping = recognise(&utf8.headers, &[]).unwrap();
    assert_eq!(mapping.ignored, ["Remarque"], "only what Balise needs is imported");
    let (rows, rejected) = rows(&utf8, &mapping);
    assert!(rejected.is_empty(), "{rejected:?}");
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 4, 5, 6], "the remark spans lines 2 and 3");
    let eve = &rows[0];
    assert_eq!(eve.fiche.as_deref(), Some("1001"));
    assert_eq!(eve.code_permanent.as_deref(), Some("COTE09531401"));
    assert_eq!(eve.level.as_deref(), Some("6e année"));
    assert_eq!(eve.teachers, ["Tremblay, Marie-Ève"]);
    assert_eq!(
        eve.guardians,
        Some(vec![
            guardian("Côté", "Luc", "luc.cote@exemple.ca", "père"),
            guardian("Bérubé", "Anne", "anne.berube@exemple.ca", "mère")
        ]),
        "GPI's father and mother columns, with the relationship they imply"
    );
    assert_eq!(rows[1].guardians, Some(vec![guardian("N'Guessan", "Aya", "aya.nguessan@exemple.ca", "mère")]));
    assert_eq!(rows[3].code_permanent, None);
}

#[test]
fn a_combined_name_column_and_a_tab_list_are_read() {
    let table = read_path(&fixture("mozaik_comma.csv"), None).unwrap();
    let (rows, rejected) = checked(&table);
    assert!(rejected.is_empty(), "{rejected:?}");
    assert_eq!(
        names(&rows),
        [
            ("Côté".into(), "Ève-Marie".into(), "601".into()),
            ("N’Guessan".into(), "Awa".into(), "601".into()),
            ("O'NEIL-BÉRUBÉ".into(), "Léa".into(), "602".into()),
            ("Lévesque".into(), "Émile".into(), "602".into())
        ]
    );
    assert_eq!(rows[0].guardians.as_ref().unwrap()[1], guardian("Bérubé", "Anne", "anne.berube@exemple.ca", "mère"));
    let tab = read_path(&fixture("liste_tab.txt"), None).unwrap();
    assert_eq!(tab.format, Format::Csv { encoding: Encoding::Utf8, separator: '\t' });
    let (rows, _) = checked(&tab);
    assert_eq!(rows[0].level.as_deref(), Some("6"));
    assert_eq!(rows[1].last_name, "N'Guessan");
}

fn rejected_reasons(rejected: &[Rejected]) -> Vec<(usize, String)> {
    rejected.iter().map(|r| (r.line, r.reason.clone())).collect()
}

#[test]
fn hostile_cells_are_data_and_bad_lines_are_refused_with_a_reason() {
    let table = read_path(&fixture("hostile.csv"), None).unwrap();
    let (rows, rejected) = checked(&table);
    let refused = rejected_reasons(&rejected);
    let expect = |line: usize, words: &str| {
        let reason = &refused
            .iter()
            .find(|(l, _)| *l == line)
            .unwrap_or_else(|| panic!("line {line} must be refused: {refused:?}"))
            .1;
        assert!(reason.contains(words), "line {line}: {reason:?} should say {words:?}");
    };
    expect(2, "nom : commence par = + - ou @");
    expect(3, "nom : commence par");
    expect(4, "nom : commence par");
    expect(5, "nom : commence par");
    expect(7, "groupe : manquant");
    expect(8, "code permanent : invalide");
    expect(9, "date de naissance : date invalide");
    expect(10, "courriel du parent 1 : adresse invalide");
    expect(11, "fiche en double");
    expect(12, "fiche en double");
    assert_eq!(refused.len(), 10, "{refused:?}");
    for r in &rejected {
        assert!(
            !r.reason.contains("HYPERLINK") && !r.reason.contains("Bouchard"),
            "a reason never echoes the cell: {r:?}"
        );
        assert!(!r.reason_en.is_empty());
    }
    assert_eq!(
        names(&rows),
        [
            ("<b>Léa</b>".into(), "<script>alert(1)</script>".into(), "601".into()),
            ("Roy".into(), "Noah".into(), "601".into())
        ],
        "HTML is kept as literal text; a line repeated identically is imported once"
    );
}

#[test]
fn a_ten_megabyte_field_is_refused_quickly_and_not_carried_around() {
    let huge = "a".repeat(10 * 1024 * 1024);
    for (label, text) in [
        ("in a name", format!("Fiche,Nom,Prénom,Groupe\n3001,{huge},Léa,601\n3002,Roy,Noah,601\n")),
        ("quoted in a name", format!("Fiche,Nom,Prénom,Groupe\n3001,\"{huge}\",Léa,601\n3002,Roy,Noah,601\n")),
    ] {
        let started = Instant::now();
        let table = read_table(text.as_bytes(), "gros.csv", None).unwrap();
        assert!(table.rows[0].cells[1].chars().count() <= MAX_CELL_CHARS + 1, "{label}: the cell is cut");
        let (rows, rejected) = checked(&table);
        assert!(started.elapsed() < Duration::from_secs(5), "{label}: took {:?}", started.elapsed());
        assert_eq!(rejected_reasons(&rejected), [(2, "nom : dépasse 100 caractères".to_string())], "{label}");
        assert_eq!(names(&rows), [("Roy".into(), "Noah".into(), "601".into())], "{label}");
    }
    let ignored = format!("Fiche,Nom,Prénom,Groupe,Notes\n3001,Côté,Léa,601,{huge}\n");
    let (rows, rejected) = checked(&read_table(ignored.as_bytes(), "notes.csv", None).unwrap());
    assert!(rejected.is_empty() && rows.len() == 1, "a long cell in a column Balise ignores does not matter");
}

#[test]
fn empty_files_header_only_and_bad_encodings() {
    let empty = read_path(&fixture("empty.csv"), None).unwrap_err();
    assert_eq!(empty.code(), "roster_empty");
    assert!(empty.to_string().contains("empty.csv") && empty.to_string().contains("vide"), "{empty}");
    assert_eq!(read_table(b"\xEF\xBB\xBF\r\n\r\n", "x.csv", None).unwrap_err().code(), "roster_empty");

    let header_only = read_path(&fixture("header_only.csv"), None).unwrap();
    let (rows, rejected) = checked(&header_only);
    assert!(rows.is_empty() && rejected.is_empty(), "a header alone is zero rows, not an error");

    match read_path(&fixture("invalid_encoding.csv"), None) {
        Err(Error::RosterEncoding { line, .. }) => assert_eq!(line, 3, "the line of the first bad byte"),
        other => panic!("expected an encoding error, got {other:?}"),
    }
    let err = read_path(&fixture("invalid_encoding.csv"), None).unwrap_err();
    assert!(err.to_string().contains("ligne 3") && !err.to_string().contains('\u{FFFD}'), "{err}");
    assert!(err.message_en().contains("line 3"));
}

#[test]
fn a_title_line_above_the_header_is_skipped_and_numbers_stay_physical() {
    let text = "Liste des élèves — École du Boisé\n\nFiche;Nom;Prénom;Groupe\n1;Côté;Léa;601\n\n2;Roy;Noah;602\n";
    let table = read_table(text.as_bytes(), "liste.csv", None).unwrap();
    assert_eq!(table.headers, ["Fiche", "Nom", "Prénom", "Groupe"]);
    assert_eq!(table.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [4, 6]);
}

/// A workbook with an « Élèves » sheet (ids as numbers, a date cell, a date serial without format,
/// text dates) and an « Autre » sheet.
fn workbook() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format as XlsxFormat, Workbook};
    let mut book = Workbook::new();
    let date = XlsxFormat::new().set_num_format("yyyy-mm-dd");
    let sheet = book.add_worksheet();
    sheet.set_name("Élèves").unwrap();
    for (col, header) in
        ["Fiche", "Nom", "Prénom", "Groupe-repère", "Date de naissance", "Code permanent"].iter().enumerate()
    {
        sheet.write_string(1, col as u16, *header).unwrap();
    }
    sheet.write_string(0, 0, "Extraction GPI").unwrap();
    sheet.write_number(2, 0, 12345.0).unwrap();
    sheet.write_string(2, 1, "Côté").unwrap();
    sheet.write_string(2, 2, "Ève-Marie").unwrap();
    sheet.write_number(2, 3, 601.0).unwrap();
    sheet.write_datetime_with_format(2, 4, ExcelDateTime::from_ymd(2014, 3, 9).unwrap(), &date).unwrap();
    sheet.write_string(2, 5, "cote09531401").unwrap();
    sheet.write_number(3, 0, 12346.0).unwrap();
    sheet.write_string(3, 1, "N'Guessan").unwrap();
    sheet.write_string(3, 2, "Awa").unwrap();
    sheet.write_string(3, 3, "601").unwrap();
    sheet.write_string(3, 4, "09/03/2014").unwrap();
    sheet.write_number(4, 0, 12347.0).unwrap();
    sheet.write_string(4, 1, "Lévesque").unwrap();
    sheet.write_string(4, 2, "Émile").unwrap();
    sheet.write_string(4, 3, "602").unwrap();
    sheet.write_number(4, 4, 41707.0).unwrap();
    sheet.write_number(5, 0, 12348.0).unwrap();
    sheet.write_string(5, 1, "=HYPERLINK(\"http://x\")").unwrap();
    sheet.write_string(5, 2, "Léa").unwrap();
    sheet.write_string(5, 3, "602").unwrap();
    sheet.write_string(5, 4, "2014-03-09").unwrap();
    let other = book.add_worksheet();
    other.set_name("Autre").unwrap();
    for (col, header) in ["Nom", "Prénom", "Classe"].iter().enumerate() {
        other.write_string(0, col as u16, *header).unwrap();
    }
    for (col, value) in ["Roy", "Noah", "603"].iter().enumerate() {
        other.write_string(1, col as u16, *value).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn a_workbook_reads_ids_dates_and_excel_row_numbers() {
    let table = read_table(&workbook(), "eleves.xlsx", None).unwrap();
    assert_eq!(table.sheets, ["Élèves", "Autre"]);
    assert_eq!(table.format, Format::Xlsx { sheet: "Élèves".into() });
    assert_eq!(table.rows[0].cells[0], "12345", "an id Excel stored as 12345.0 reads back 12345");
    let (rows, rejected) = checked(&table);
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [3, 4, 5], "Excel row numbers, the title row skipped");
    assert_eq!(rows.iter().map(|r| r.fiche.clone().unwrap()).collect::<Vec<_>>(), ["12345", "12346", "12347"]);
    assert_eq!(rows[0].class_code, "601");
    assert_eq!(rows[0].code_permanent.as_deref(), Some("COTE09531401"));
    for (row, label) in rows.iter().zip(["date cell", "text date, day first", "date serial without format"]) {
        assert_eq!(row.birth_date, Some(day(2014, 3, 9)), "{label}");
    }
    assert_eq!(rejected_reasons(&rejected).len(), 1);
    assert_eq!(rejected[0].line, 6, "the formula-looking name, at its Excel row");

    let other = read_table(&workbook(), "eleves.xlsx", Some(" autre ")).unwrap();
    assert_eq!(other.format, Format::Xlsx { sheet: "Autre".into() }, "the sheet is chosen, case ignored");
    assert_eq!(names(&checked(&other).0), [("Roy".into(), "Noah".into(), "603".into())]);

    let unknown = read_table(&workbook(), "eleves.xlsx", Some("Feuil1")).unwrap_err();
    assert_eq!(unknown.code(), "roster_unknown_sheet");
    assert!(
        unknown.to_string().contains("« Feuil1 »") && unknown.to_string().contains("« Élèves », « Autre »"),
        "{unknown}"
    );
}

#[test]
fn a_damaged_workbook_or_a_random_zip_is_a_clear_error() {
    let mut book = workbook();
    book.truncate(book.len() / 2);
    assert_eq!(read_table(&book, "eleves.xlsx", None).unwrap_err().code(), "roster_unreadable");
    let zip = zip_of(&[("notes.txt", b"bonjour".as_slice())]);
    let err = read_table(&zip, "archive.zip", None).unwrap_err();
    assert_eq!(err.code(), "roster_unreadable", "{err}");
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn zip_folder(folder: &str, prefix: &str) -> Vec<u8> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(fixture(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (format!("{prefix}{}", p.file_name().unwrap().to_string_lossy()), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    zip_of(&refs)
}

#[test]
fn oneroster_folders_and_zips_flatten_students_classes_teachers_and_guardians() {
    for (label, table, version) in [
        ("1.1 folder", read_path(&fixture("oneroster_1_1"), None).unwrap(), "1.1"),
        ("1.1 zip", read_table(&zip_folder("oneroster_1_1", ""), "export.zip", None).unwrap(), "1.1"),
        ("1.2 folder", read_path(&fixture("oneroster_1_2"), None).unwrap(), "1.2"),
        (
            "1.2 zip in a subfolder",
            read_table(&zip_folder("oneroster_1_2", "export/"), "export.zip", None).unwrap(),
            "1.2",
        ),
    ] {
        assert_eq!(table.format, Format::OneRoster { version: version.into() }, "{label}");
        let (rows, rejected) = checked(&table);
        assert!(rejected.is_empty(), "{label}: {rejected:?}");
        assert_eq!(
            names(&rows),
            [("Côté".into(), "Ève-Marie".into(), "601".into()), ("N'Guessan".into(), "Awa".into(), "601".into())],
            "{label}: the homeroom class is chosen over the music class, the student to be deleted is left out"
        );
        let eve = &rows[0];
        assert_eq!(eve.line, 2, "{label}: the student's line in users.csv");
        assert_eq!(eve.fiche.as_deref(), Some("1001"), "{label}");
        assert_eq!(eve.teachers, ["Marie-Ève Tremblay"], "{label}");
        assert_eq!(
            eve.guardians,
            Some(vec![
                guardian("Côté", "Luc", "luc.cote@exemple.ca", "parent"),
                guardian("Bérubé", "Anne", "anne.berube@exemple.ca", "tuteur")
            ]),
            "{label}: guardians named in the student's agentSourcedIds"
        );
        assert_eq!(
            rows[1].guardians,
            Some(vec![guardian("N'Guessan", "Aya", "aya.nguessan@exemple.ca", "parent")]),
            "{label}: a parent naming the student in its own agentSourcedIds"
        );
        let awa_fiche = if version == "1.1" { "1002" } else { "s2" };
        assert_eq!(rows[1].fiche.as_deref(), Some(awa_fiche), "{label}: identifier, else sourcedId");
    }
    let birth = checked(&read_path(&fixture("oneroster_1_1"), None).unwrap()).0[0].birth_date;
    assert_eq!(birth, Some(day(2014, 3, 9)), "1.1 demographics.csv gives the birth date");
}

#[test]
fn a_folder_without_users_csv_is_not_oneroster() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("classes.csv"), "sourcedId\n").unwrap();
    assert_eq!(read_path(tmp.path(), None).unwrap_err().code(), "roster_unreadable");
}

#[test]
fn names_without_a_comma_and_overrides_reach_the_rows() {
    let text = "Élève;Local;Classe\nCôté Ève-Marie;B-12;601\nDe La Fontaine Jean;B-12;601\nSeul;B-12;601\n";
    let table = read_table(text.as_bytes(), "l.csv", None).unwrap();
    let mapping = recognise(&table.headers, &[parse_override("groupe=Local").unwrap()]).unwrap();
    let (rows, rejected) = rows(&table, &mapping);
    assert_eq!(
        names(&rows),
        [("Côté".into(), "Ève-Marie".into(), "B-12".into()), ("De La Fontaine".into(), "Jean".into(), "B-12".into())]
    );
    assert_eq!(rejected.len(), 1);
    assert!(rejected[0].reason.starts_with("nom et prénom : un seul mot"), "{:?}", rejected[0]);
}

#[test]
fn the_ignored_columns_and_the_mapping_serialize_for_the_window() {
    let table = read_path(&fixture("gpi_utf8_bom.csv"), None).unwrap();
    let mapping = recognise(&table.headers, &[]).unwrap();
    let json = serde_json::to_value(&mapping).unwrap();
    assert_eq!(json["columns"][0], serde_json::json!({"field": "fiche", "index": 0, "header": "Fiche"}));
    assert!(json["columns"].as_array().unwrap().iter().any(|c| c["field"] == "pere_courriel"));
    let back: Mapping = serde_json::from_value(json).unwrap();
    assert_eq!(back, mapping, "the window can send the mapping back");
}

#[test]
fn a_oneroster_export_without_parents_has_no_guardian_columns() {
    let tmp = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture("oneroster_1_1")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let kept: Vec<&str> = text.lines().filter(|l| !l.contains(",parent,") && !l.contains(",guardian,")).collect();
        std::fs::write(tmp.path().join(path.file_name().unwrap()), kept.join("\n")).unwrap();
    }
    let table = read_path(tmp.path(), None).unwrap();
    assert_eq!(table.headers.len(), 7, "{:?}", table.headers);
    let (rows, _) = checked(&table);
    assert_eq!(rows[0].guardians, None, "so that an import never ends guardians another file gave");
}

#[test]
fn a_sparse_workbook_costs_its_cells_not_its_extent() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, header) in ["Nom", "Prénom", "Groupe"].iter().enumerate() {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    for (col, value) in ["Côté", "Léa", "601"].iter().enumerate() {
        sheet.write_string(1, col as u16, *value).unwrap();
    }
    sheet.write_string(1_048_575, 16_383, "loin").unwrap();
    sheet.write_string(1_048_575, 2, "602").unwrap();
    let started = Instant::now();
    let table = read_table(&book.save_to_buffer().unwrap(), "creux.xlsx", None).unwrap();
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    assert_eq!(table.headers.len(), 3, "columns past the thousandth are not read");
    assert_eq!(table.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 1_048_576]);
}

/// A zip whose entries, named `names`, are raw copies of one deflated entry of `megabytes` MiB of spaces:
/// a few kilobytes on disk per entry, however much it unpacks to.
fn zip_bomb(megabytes: usize, names: &[String]) -> Vec<u8> {
    let seed = zip_of(&[("seed.csv", vec![b' '; megabytes << 20].as_slice())]);
    let mut seed = zip::ZipArchive::new(std::io::Cursor::new(seed)).unwrap();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for name in names {
        writer.raw_copy_file_rename(seed.by_index(0).unwrap(), name).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// Sets every uncompressed size a zip declares (local and central headers) to `size`.
fn lie_about_sizes(zip: &mut [u8], size: u32) {
    for at in 0..zip.len().saturating_sub(30) {
        let offset = match &zip[at..at + 4] {
            b"PK\x03\x04" => 22,
            b"PK\x01\x02" => 24,
            _ => continue,
        };
        zip[at + offset..at + offset + 4].copy_from_slice(&size.to_le_bytes());
    }
}

/// Regression, issue 14 item 3: a 20 MB OneRoster zip of 400 entries of 50 MiB drove memory to
/// 2.67 GB. Its entries are counted, each is read through a bound whatever size it declares, and
/// the total unpacked is bounded: the bomb is refused in a moment with a French reason.
#[test]
fn a_oneroster_zip_bomb_is_refused_before_it_fills_memory() {
    let users = |n: usize| (0..n).map(|i| format!("copie{i}/users.csv")).collect::<Vec<_>>();
    let many: Vec<String> = (0..150).map(|i| format!("f{i}.csv")).chain(["users.csv".into()]).collect();
    let mut lying = zip_bomb(60, &users(1));
    lie_about_sizes(&mut lying, 1_000);
    for (label, zip, reason) in [
        ("150 entries", zip_bomb(1, &many), "plus de 100 fichiers"),
        ("6 × 45 MiB, declared", zip_bomb(45, &users(6)), "dépasserait 200 Mo une fois décompressé"),
        ("50 MiB + 1", zip_bomb(51, &users(1)), "« users.csv » dans ce zip dépasserait 50 Mo une fois décompressé"),
        // The zip crate stops at the declared size itself; the bound holds either way.
        ("60 MiB declared as 1 KB", lying, "zip illisible"),
    ] {
        assert!(zip.len() < 1 << 20, "{label}: the bomb itself is small ({} bytes)", zip.len());
        let started = Instant::now();
        let err = read_table(&zip, "export.zip", None).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5), "{label}: took {:?}", started.elapsed());
        assert_eq!(err.code(), "roster_unreadable", "{label}: {err}");
        let message = err.to_string();
        assert!(message.contains("« export.zip »") && message.contains(reason), "{label}: {message}");
        assert!(message.contains("Rien n'a été importé"), "{label}: {message}");
    }
}

/// Regression, issue 14 item 11: « Julie <b>Bédard</b> » became two staff members (« Julie
/// <b>Bédard< » and « b> »). `;` always separates co-teachers; `/` only between two names (a
/// letter or a period before it, a letter after it, spaces allowed around it).
#[test]
fn a_slash_separates_co_teachers_only_between_two_names() {
    for (cell, expected) in [
        ("Julie <b>Bédard</b>", vec!["Julie <b>Bédard</b>"]),
        ("Marie Tremblay / Paul Roy", vec!["Marie Tremblay", "Paul Roy"]),
        ("Marie Tremblay/Paul Roy", vec!["Marie Tremblay", "Paul Roy"]),
        ("Tremblay, M./Roy, P.", vec!["Tremblay, M.", "Roy, P."]),
        ("Marie Tremblay; Paul Roy / Léa Côté", vec!["Marie Tremblay", "Paul Roy", "Léa Côté"]),
        ("Julie <b>Bédard</b> / Paul Roy", vec!["Julie <b>Bédard</b> / Paul Roy"]),
        ("Paul Roy /", vec!["Paul Roy /"]),
        ("", vec![]),
    ] {
        let text = format!("Fiche;Nom;Prénom;Groupe;Enseignant\n1;Côté;Léa;601;\"{cell}\"\n");
        let (rows, rejected) = checked(&read_table(text.as_bytes(), "l.csv", None).unwrap());
        assert!(rejected.is_empty(), "{cell:?}: {rejected:?}");
        assert_eq!(rows[0].teachers, expected, "{cell:?}");
    }
}
