//! The school report on a small school: counts from the register, the roster and a few returns;
//! the CSV's columns and neutralised cells; the PDF read back with pdftotext, with no name in it.

use super::*;
use crate::consent::batch::{self, BatchRequest, Selection};
use crate::consent::returns::{self, ReturnInput, SignerInput, WithdrawalInput};
use crate::consent::state::{How, Question, Reply};
use crate::deletion::DeletionState;
use crate::pdf::test_support::{flatten, pdftotext, screenshot};

/// Each page's text with its columns kept (`pdftotext -layout`), spaces collapsed.
fn layout_pages(bytes: &[u8]) -> Vec<String> {
    let text = pdftotext(bytes, true);
    text.split('\u{c}').filter(|p| !p.trim().is_empty()).map(flatten).collect()
}
use crate::export::Existing;
use crate::register::class::ClassDraft;
use crate::register::infraction::{self, InfractionDraft};
use crate::register::platform_use::UseDraft;
use crate::roster::{self, ImportOptions};
use crate::settings::Key;
use crate::test_store::{day, school_on, year, Store};

const LIST: &str = "Fiche;Nom;Prénom;Date de naissance;Groupe;Niveau;Parent 1 nom;Parent 1 prénom;Parent 1 courriel
1001;Côté;Ève-Marie;2014-03-09;601;6e année;Côté;Luc;luc@exemple.ca
1002;Gagnon;Noah;2014-04-12;601;6e année;Gagnon;Aya;aya@exemple.ca
1003;Émond;Zoé;2014-01-02;601;6e année;Émond;Paul;paul@exemple.ca
1004;Roy;Léo;2015-01-02;602;5e année;Roy;Lise;lise@exemple.ca
";

fn add_use(store: &mut Store, class_code: &str, platform: &str, audience: Audience) -> i64 {
    platform_use::add(
        &mut store.db,
        &UseDraft {
            year: year(),
            class_code: class_code.into(),
            platform: platform.into(),
            audience,
            started_on: day("2025-08-28"),
            notes: String::new(),
            staff: Vec::new(),
        },
    )
    .unwrap()
    .id
}

fn input(q1: Reply, q2: Reply) -> ReturnInput {
    ReturnInput {
        q1,
        q2,
        received_on: None,
        signer: SignerInput::OnFile,
        how: How::Papier,
        do_not_contact_reason: None,
    }
}

/// 601 (three students) with ClassDojo and Teams, 602 (one student, forms not printed) with
/// ClassDojo; 603 empty, without platform. Forms of 601 printed; one received
/// yes/yes, one refused, one withdrawn after a yes; one open infraction.
pub(crate) fn small_school() -> Store {
    let mut store = school_on(
        "2025-08-28",
        &[
            (Key::CssName, "Centre de services scolaire du Pays-des-Bleuets"),
            (Key::SchoolName, "=École du Boisé"),
            (Key::PrincipalName, "Hélène Simard"),
            (Key::ReturnEmail, "secretariat@exemple.ca"),
            (Key::FormDeadline, "2025-09-12"),
        ],
        "Marie Tremblay",
    );
    for (code, level) in [("601", "6e année"), ("602", "5e année"), ("603", "")] {
        class::add(
            &mut store.db,
            &ClassDraft {
                year: year(),
                code: code.into(),
                level: level.into(),
                teachers: vec!["Marie Tremblay".into()],
            },
        )
        .unwrap();
    }
    let dojo = add_use(&mut store, "601", "ClassDojo", Audience::Parents);
    // Article 4: the permission of the principal, without which no form is printed.
    crate::test_store::authorize_use(&mut store.db, dojo, "2025-08-28");
    let teams = add_use(&mut store, "601", "Teams", Audience::Students);
    // Annexe A, 5.9: a use naming its own staff, whom the report says beside the class's teachers.
    let staff = crate::register::staff::StaffDraft { name: "Karim Haddad".into(), email: String::new() };
    crate::register::staff::add(&mut store.db, &staff).unwrap();
    platform_use::set_staff(&mut store.db, teams, &["Karim Haddad".into()]).unwrap();
    add_use(&mut store, "602", "ClassDojo", Audience::Parents);
    let table = roster::read_table(LIST.as_bytes(), "liste.csv", None).unwrap();
    let mapping = roster::recognise(&table.headers, &[]).unwrap();
    let (rows, rejected) = roster::rows(&table, &mapping);
    let options = ImportOptions { file_name: "liste.csv".into(), ..ImportOptions::default() };
    roster::apply(&mut store.db, year(), &rows, &rejected, &options).unwrap();
    let request = BatchRequest {
        year: year(),
        selection: Selection::Class("601".into()),
        use_id: None,
        missing_only: false,
        per_guardian: false,
        with_presentation: false,
    };
    let output = store._tmp.path().join("formulaires.pdf");
    let printed = batch::print_annexe_a(&mut store.db, &request, &output, Existing::Refuse).unwrap();
    let form = |student: &str, platform: &str| {
        printed
            .forms
            .iter()
            .find(|f| f.student.contains(student) && f.platform == platform)
            .unwrap()
            .number
            .clone()
            .unwrap()
    };
    let (cote, emond, gagnon) = (form("Côté", "ClassDojo"), form("Émond", "ClassDojo"), form("Gagnon", "ClassDojo"));
    store.on("2025-09-03");
    returns::record(&mut store.db, &cote, &input(Reply::Oui, Reply::Oui), None, false).unwrap();
    returns::record(&mut store.db, &emond, &input(Reply::Non, Reply::Non), None, false).unwrap();
    returns::record(&mut store.db, &gagnon, &input(Reply::Oui, Reply::Oui), None, false).unwrap();
    store.on("2025-09-10");
    let withdrawal =
        WithdrawalInput { question: Question::Both, on: None, by: "Aya Gagnon".into(), how: How::Courriel };
    returns::withdraw(&mut store.db, &gagnon, &withdrawal, None).unwrap();
    infraction::add(
        &mut store.db,
        &InfractionDraft {
            year: year(),
            class_code: "601".into(),
            platform: "Facebook (groupes)".into(),
            found_on: day("2025-09-08"),
            description: "Groupe de classe".into(),
        },
    )
    .unwrap();
    store
}

#[test]
fn the_report_counts_classes_uses_consents_and_infractions() {
    let store = small_school();
    let report = build(&store.db, year(), day("2025-09-10")).unwrap();
    assert_eq!(report.classes, ClassTotals { count: 3, without_platform: 1 }, "603 has no platform");
    assert_eq!(report.uses.total, 3);
    assert_eq!(report.uses.conformes + report.uses.pas_pretes + report.uses.non_conformes, 3);
    let board = dashboard::build(&store.db, year(), day("2025-09-10")).unwrap();
    assert_eq!(report.uses.non_conformes as usize, board.uses_non_conformes.len(), "same rules as the dashboard");
    assert_eq!(report.uses.pas_pretes as usize, board.uses_pas_pretes.len());
    let follow = crate::consent::follow_up(&store.db, year()).unwrap();
    assert_eq!(report.consents, follow.school, "the follow-up's counts, not re-derived");
    assert_eq!(report.consents.received, 3, "three forms came back");
    assert_eq!(report.consents.expected, 7, "601: 3 × 2, 602: 1 × 1");
    assert_eq!(report.consents.withdrawn, 1);
    assert!(report.consents.refused >= 1);
    assert_eq!(report.infractions, InfractionTotals { open: 1, resolved: 0 });
    let tolerated = report.platforms.iter().find(|s| s.status == PlatformStatus::Tolerated).unwrap();
    assert_eq!((tolerated.platforms, tolerated.uses), (1, 2), "ClassDojo in 601 and 602: {tolerated:?}");
    let approved = report.platforms.iter().find(|s| s.status == PlatformStatus::Approved).unwrap();
    assert_eq!(approved.names, vec!["Teams".to_string()]);
    let c601 = &report.class_reports[0];
    assert_eq!(c601.class_code, "601");
    assert_eq!(c601.uses.len(), 2);
    assert_eq!(c601.consents.expected, 6, "three students × two platforms");
    assert_eq!(c601.teachers, vec!["Marie Tremblay".to_string()]);
    assert!(report.class_reports[2].uses.is_empty());
    // Directive 5.9: ClassDojo and Teams both need the end-of-year deletion, not confirmed in September.
    assert!(c601.uses.iter().all(|u| u.deletion == Some(DeletionState::AFaire)), "{:?}", c601.uses);
    assert_eq!(report.deletion.total, 3, "601's two uses and 602's ClassDojo");
}

#[test]
fn the_csv_has_the_summary_then_one_line_per_class_and_use_with_formulas_neutralised() {
    let store = small_school();
    let report = build(&store.db, year(), day("2025-09-10")).unwrap();
    let bytes = csv(&report);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM for French Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Indicateur;Valeur");
    assert!(lines.contains(&"École;'=École du Boisé"), "formula neutralised:\n{text}");
    assert!(lines.contains(&"Formulaires reçus;3"), "{text}");
    assert!(lines.contains(&"Infractions ouvertes;1"), "{text}");
    let header = lines.iter().position(|l| l.starts_with("Classe;Niveau;")).expect("class table header");
    assert_eq!(lines[header].split(';').count(), CLASS_HEADERS.len());
    let table = &lines[header + 1..];
    assert_eq!(table.len(), 4, "601 × 2 uses, 602 × 1, 603 without platform:\n{text}");
    assert!(table.iter().all(|l| l.split(';').count() == CLASS_HEADERS.len()), "{text}");
    assert!(table[0].starts_with("601;6e année;Marie Tremblay;ClassDojo;tolérée;parents;"), "{}", table[0]);
    assert!(table[0].contains(";6;3;3;"), "expected 6, received 3, missing 3: {}", table[0]);
    assert!(table[3].starts_with("603;;Marie Tremblay;;;;;0;0;0;0;0;"), "{}", table[3]);
    assert!(
        table[0].ends_with(";Marie Tremblay"),
        "a use without staff of its own: the class's teachers: {}",
        table[0]
    );
    let teams = table.iter().find(|l| l.contains(";Teams;")).unwrap();
    assert!(teams.ends_with(";Karim Haddad"), "the use's own staff (Annexe A, 5.9): {teams}");
    for name in ["Côté", "Gagnon", "Émond", "Ève-Marie", "Luc", "Aya"] {
        assert!(!text.contains(name), "no personal name in the report: {name}");
    }
}

#[test]
fn the_pdf_has_the_summary_page_and_the_class_tables_without_names() {
    let store = small_school();
    let report = build(&store.db, year(), day("2025-09-10")).unwrap();
    let bytes = pdf(&report, None).unwrap();
    screenshot(&bytes, 1, 60, "school-report-p1");
    screenshot(&bytes, 2, 60, "school-report-p2");
    let pages = layout_pages(&bytes);
    assert_eq!(pages.len(), 2, "summary, then the classes");
    let summary = pages[0].clone();
    for expected in [
        "Rapport de l’école — année scolaire 2025-2026",
        "Direction : Hélène Simard",
        "Rapport du 10 septembre 2025",
        "Classes sans plateforme inscrite 1",
        "Tolérée : 1 plateforme(s) 2 utilisation(s)",
        "Formulaires attendus 7",
        "Reçus 3",
        "Retraits 1",
        "Ouvertes 1",
        "Signature de la direction (Hélène Simard)",
        "Page 1 de 2",
    ] {
        assert!(summary.contains(expected), "{expected:?} missing from:\n{summary}");
    }
    let classes = pages[1].clone();
    for expected in [
        "Classe 601 — 6e année",
        "Plateforme Statut au catalogue Destinataires État Suppression (5.9)",
        "ClassDojo tolérée parents",
        "Teams approuvée élèves",
        "Teams (élèves) : personnel de l’utilisation — Karim Haddad",
        "Consentements : 6 attendus, 3 reçus, 3 manquants",
        "Classe 603",
        "Aucune plateforme inscrite",
    ] {
        assert!(classes.contains(expected), "{expected:?} missing from:\n{classes}");
    }
    let all = pages.join(" ");
    for name in ["Côté", "Gagnon", "Émond", "Ève-Marie", "Luc", "Aya"] {
        assert!(!all.contains(name), "no personal name in the report: {name}");
    }
}

/// Many classes run onto several pages; a table cut by a page repeats its header row.
#[test]
fn long_reports_repeat_the_table_header_on_each_page() {
    let store = small_school();
    let mut report = build(&store.db, year(), day("2025-09-10")).unwrap();
    let model = report.class_reports[0].clone();
    let mut big = model.clone();
    big.class_code = "700".into();
    big.uses = (0..60).map(|i| UseRow { use_id: 1000 + i, ..model.uses[0].clone() }).collect();
    report.class_reports.push(big);
    let bytes = pdf(&report, None).unwrap();
    let pages = layout_pages(&bytes);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    screenshot(&bytes, 3, 60, "school-report-p3");
    let last = pages.last().unwrap().clone();
    assert!(last.contains("Classe 700 — 6e année (suite)"), "{last}");
    assert!(last.contains("Plateforme Statut au catalogue Destinataires État"), "{last}");
    let count = pages.len();
    for (index, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("Page {} de {count}", index + 1)), "{page}");
    }
}

/// The reviewed text of the school report's PDF (`pdftotext -layout`, the whole document, pages
/// separated by form feeds) on the small school's fixed day: a change shows up as a diff to
/// review; `UPDATE_EXPECT=1` rewrites the snapshot. The report holds no timestamp: nothing to
/// normalise.
#[test]
fn the_pdf_matches_its_reviewed_layout() {
    let store = small_school();
    let report = build(&store.db, year(), day("2025-09-10")).unwrap();
    let bytes = pdf(&report, None).unwrap();
    expect_test::expect_file!["snapshots/school_report.txt"].assert_eq(&pdftotext(&bytes, true));
}

/// The reviewed text of the school report's CSV, after its BOM (checked here, kept out of the
/// snapshot where it would be invisible); `UPDATE_EXPECT=1` rewrites the snapshot.
#[test]
fn the_csv_matches_its_reviewed_text() {
    let store = small_school();
    let report = build(&store.db, year(), day("2025-09-10")).unwrap();
    let bytes = csv(&report);
    let text = std::str::from_utf8(&bytes).unwrap().strip_prefix('\u{feff}').expect("a BOM, for Excel");
    expect_test::expect_file!["snapshots/school_report.csv"].assert_eq(text);
}

/// The organisation's logo chosen in Paramètres (issue 15, item 12) heads the first page of every
/// printed document: the Annexe A, the teacher's sheet, the 5.9 attestations and their
/// follow-up, the reminder list, the school report, the access export and the recovery sheet.
/// Removed, it is on none.
#[test]
fn the_logo_chosen_in_parametres_heads_every_printed_document() {
    use crate::attachment::NewAttachment;
    use crate::pdf::test_support::pages_with_images;
    let mut store = small_school();
    crate::logo::set(&mut store.db, &NewAttachment::new("logo-css.png", crate::logo::tests::ICON.to_vec())).unwrap();
    let folder = store._tmp.path().to_path_buf();
    let file = |name: &str| folder.join(name);
    let db = &mut store.db;
    let forms = BatchRequest {
        year: year(),
        selection: Selection::Class("601".into()),
        use_id: None,
        missing_only: true,
        per_guardian: false,
        with_presentation: false,
    };
    batch::print_annexe_a(db, &forms, &file("rappels.pdf"), Existing::Refuse).unwrap();
    let sheet = crate::consent::sheet::SheetRequest { year: year(), class_code: "601".into(), use_id: None };
    crate::consent::sheet::print_class_sheet(db, &sheet, &file("feuille.pdf"), Existing::Refuse).unwrap();
    let attestations = crate::deletion::print::AttestationRequest { year: year(), staff: None };
    crate::deletion::print::print_attestations(db, &attestations, &file("attestations.pdf"), Existing::Refuse).unwrap();
    crate::deletion::print::print_followup(db, year(), &file("suivi-suppressions.pdf"), Existing::Refuse).unwrap();
    crate::consent::followup::export(db, year(), None, &file("liste-rappel.pdf"), Existing::Refuse).unwrap();
    write(db, year(), Some(&file("rapport.pdf")), None, Existing::Refuse).unwrap();
    let student = crate::access::find_student(db, year(), "Gagnon, Noah").unwrap();
    let export = crate::access::export_student(db, student).unwrap();
    let person = crate::access::PersonExport::Eleve(Box::new(export));
    crate::access::write_export(db, &person, &file("acces")).unwrap();
    let code = crate::secret::SecretString::new("K7QM-3RXD-9TPA-WV4N-H2CF-6JYB-E8LZ".into());
    crate::pdf::write_recovery_sheet(db, &code, &file("cle.pdf")).unwrap();
    for name in [
        "rappels.pdf",
        "feuille.pdf",
        "attestations.pdf",
        "suivi-suppressions.pdf",
        "liste-rappel.pdf",
        "rapport.pdf",
        "acces/personne.pdf",
        "cle.pdf",
    ] {
        let bytes = std::fs::read(file(name)).unwrap();
        let pages = pages_with_images(&bytes);
        assert_eq!(pages.first(), Some(&1), "{name}: the logo on page 1 ({pages:?})");
        screenshot(&bytes, 1, 50, &format!("logo-{}", name.replace(['/', '.'], "-")));
    }

    assert!(crate::logo::remove(db).unwrap());
    write(db, year(), Some(&file("rapport-sans-logo.pdf")), None, Existing::Refuse).unwrap();
    let bytes = std::fs::read(file("rapport-sans-logo.pdf")).unwrap();
    assert!(pages_with_images(&bytes).is_empty(), "no logo once removed");
}
