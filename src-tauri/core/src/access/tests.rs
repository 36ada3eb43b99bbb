//! Access and rectification on a small school: a student's export with two forms and a
//! withdrawal, a guardian's, the folder written; corrections validated as the import validates
//! them, and journal entries that never hold a value.

use super::*;
use crate::audit;
use crate::pdf::test_support::{flatten, pages_text, screenshot};
use crate::report::tests::small_school;
use crate::test_store::year;

fn journal(db: &Db) -> String {
    audit::latest(&db.conn, 500)
        .unwrap()
        .iter()
        .map(|e| format!("{} | {} | {}\n", e.action, e.object, e.summary))
        .collect()
}

#[test]
fn a_student_export_holds_identity_classes_guardians_forms_history_and_journal() {
    let mut store = small_school();
    let id = find_student(&store.db, year(), "Gagnon, Noah").unwrap();
    assert_eq!(find_student(&store.db, year(), "1002").unwrap(), id, "by fiche too");
    let export = export_student(&mut store.db, id).unwrap();
    assert_eq!(export.student.last_name, "Gagnon");
    assert_eq!(export.student.fiche.as_deref(), Some("1002"));
    assert_eq!(export.memberships.len(), 1);
    assert_eq!(export.memberships[0].class_code, "601");
    assert_eq!(export.guardians.len(), 1);
    assert_eq!(export.guardians[0].email, "aya@exemple.ca");
    assert_eq!(export.forms.len(), 2, "ClassDojo and Teams");
    let dojo = export.forms.iter().find(|f| f.platform == "ClassDojo").unwrap();
    assert!(dojo.state.withdrawn, "the withdrawal is in force");
    let kinds: Vec<&str> = dojo.events.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, ["imprime", "recu", "retire"]);
    assert!(dojo.events[2].summary.contains("Retrait du consentement"), "{}", dojo.events[2].summary);
    let objects: Vec<&str> = export.audit.iter().map(|e| e.object.as_str()).collect();
    assert!(objects.contains(&format!("formulaire {}", dojo.number).as_str()), "{objects:?}");
    let log = journal(&store.db);
    assert!(log.contains(&format!("personne.acces | élève n° {id} |")), "{log}");
    assert!(!log.contains("Gagnon") && !log.contains("Noah"), "no name in the journal:\n{log}");

    let json = serde_json::to_value(PersonExport::Eleve(Box::new(export.clone()))).unwrap();
    assert_eq!(json["kind"], "eleve");
    assert_eq!(json["student"]["first_name"], "Noah");
    assert_eq!(json["forms"][0]["events"][0]["kind"], "imprime");

    let bytes = pdf::render(&PersonExport::Eleve(Box::new(export.clone()))).unwrap();
    screenshot(&bytes, 1, 60, "access-student-p1");
    let text = flatten(&pages_text(&bytes).join(" "));
    for expected in ["Noah", "Gagnon", &dojo.number, "Retrait du consentement", "Aya", "consentement.retrait"] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
    if pages_text(&bytes).len() > 1 {
        screenshot(&bytes, 2, 60, "access-student-p2");
    }
}

#[test]
fn the_export_folder_is_private_refuses_a_non_empty_folder_and_is_audited() {
    use std::os::unix::fs::PermissionsExt;
    let mut store = small_school();
    let id = find_student(&store.db, year(), "Gagnon, Noah").unwrap();
    let export = PersonExport::Eleve(Box::new(export_student(&mut store.db, id).unwrap()));
    let folder = store._tmp.path().join("acces-gagnon");
    let written = write_export(&mut store.db, &export, &folder).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&written.json), 0o600);
    assert_eq!(mode(&written.pdf), 0o600);
    let back: serde_json::Value = serde_json::from_slice(&std::fs::read(&written.json).unwrap()).unwrap();
    assert_eq!(back["student"]["last_name"], "Gagnon");
    let again = write_export(&mut store.db, &export, &folder);
    assert!(matches!(again, Err(Error::ExportFolderNotEmpty(_))), "{again:?}");
    assert!(journal(&store.db).contains(&format!("personne.acces.dossier | élève n° {id}")));
}

#[test]
fn a_guardian_is_found_by_name_and_exported_with_the_child() {
    let mut store = small_school();
    let id = find_guardian(&store.db, year(), "Aya Gagnon").unwrap();
    assert_eq!(find_guardian(&store.db, year(), "Gagnon, Aya").unwrap(), id);
    assert_eq!(find_guardian(&store.db, year(), "AYA@exemple.ca").unwrap(), id);
    assert!(matches!(find_guardian(&store.db, year(), "Personne Inconnue"), Err(Error::GuardianNameNotFound(_))));
    let export = export_guardian(&mut store.db, id).unwrap();
    assert_eq!(export.guardian.len(), 1);
    assert_eq!(export.students.len(), 1);
    assert_eq!(export.students[0].student.first_name, "Noah");
    assert_eq!(export.students[0].forms.len(), 2);
    let bytes = pdf::render(&PersonExport::Parent(export)).unwrap();
    screenshot(&bytes, 1, 60, "access-guardian-p1");
    assert!(flatten(&pages_text(&bytes)[0]).contains("Enfant : Noah Gagnon"));
}

#[test]
fn two_people_with_one_name_are_told_apart() {
    let mut store = small_school();
    let noah = find_guardian(&store.db, year(), "Aya Gagnon").unwrap();
    let cote = find_guardian(&store.db, year(), "Luc Côté").unwrap();
    correct_guardian(&mut store.db, cote, GuardianField::FirstName, "Aya", CorrectionReason::Erreur).unwrap();
    correct_guardian(&mut store.db, cote, GuardianField::LastName, "Gagnon", CorrectionReason::Erreur).unwrap();
    let err = find_guardian(&store.db, year(), "Aya Gagnon").unwrap_err();
    let text = err.to_string();
    assert!(text.contains(&format!("n° {noah}")) && text.contains(&format!("n° {cote}")), "{text}");
    assert!(text.contains("courriel"), "says how to tell them apart: {text}");
    assert_eq!(find_guardian(&store.db, year(), "aya@exemple.ca").unwrap(), noah);
}

#[test]
fn corrections_are_validated_like_the_import_and_audited_without_values() {
    let mut store = small_school();
    let id = find_student(&store.db, year(), "Gagnon, Noah").unwrap();
    let before = journal(&store.db);
    for (field, value) in [
        (StudentField::LastName, "=HYPERLINK(\"x\")"),
        (StudentField::FirstName, "1234"),
        (StudentField::BirthDate, "2014-13-45"),
        (StudentField::CodePermanent, "ABC"),
    ] {
        let err = correct_student(&mut store.db, id, field, value, CorrectionReason::Demande).unwrap_err();
        assert!(matches!(err, Error::CorrectionRefused { .. }), "{field:?}: {err:?}");
        assert!(err.to_string().contains("Rien n'a été modifié"), "{err}");
    }
    assert_eq!(journal(&store.db), before, "a refused value writes nothing");
    let student =
        correct_student(&mut store.db, id, StudentField::LastName, "Gagnon-Roy", CorrectionReason::Demande).unwrap();
    assert_eq!(student.last_name, "Gagnon-Roy");
    let student =
        correct_student(&mut store.db, id, StudentField::BirthDate, "12/04/2014", CorrectionReason::Document).unwrap();
    assert_eq!(student.birth_date.map(|d| d.to_string()).as_deref(), Some("2014-04-12"));
    let student =
        correct_student(&mut store.db, id, StudentField::CodePermanent, "gagn 1204 1401", CorrectionReason::Erreur)
            .unwrap();
    assert_eq!(student.code_permanent.as_deref(), Some("GAGN12041401"));
    // Found by the new name; the roster reads it back.
    assert_eq!(find_student(&store.db, year(), "Gagnon-Roy, Noah").unwrap(), id);
    let log = journal(&store.db);
    assert!(log.contains(&format!("personne.rectification | élève n° {id} | rectification : champ « nom »")), "{log}");
    assert!(log.contains("motif : demande de la personne"), "{log}");
    for value in ["Gagnon-Roy", "GAGN12041401", "2014-04-12"] {
        assert!(!log.contains(value), "the journal never holds the value {value}:\n{log}");
    }
    let guardian = find_guardian(&store.db, year(), "Aya Gagnon").unwrap();
    let err =
        correct_guardian(&mut store.db, guardian, GuardianField::Email, "pas un courriel", CorrectionReason::Demande)
            .unwrap_err();
    assert!(matches!(err, Error::CorrectionRefused { .. }), "{err:?}");
    let rows =
        correct_guardian(&mut store.db, guardian, GuardianField::Relation, "mère", CorrectionReason::Demande).unwrap();
    assert_eq!(rows[0].relation, "mère");
    assert!(matches!(StudentField::parse("fiche"), Err(Error::UnknownCorrectionField(..))));
    assert!(matches!(CorrectionReason::parse("parce que"), Err(Error::UnknownCorrectionReason(..))));
    assert_eq!(GuardianField::parse("relationship").unwrap(), GuardianField::Relation);
}

/// What varies from one machine to another in `personne.json`, made fixed before it is
/// compared: the journal's OS account (`whoami`) and the time zone's offset in the timestamps
/// (the tests' clocks are 9:30 local time, whatever the zone). Nothing varies from run to run on
/// one machine.
fn machine_independent(json: &str) -> String {
    let os_user = format!("\"os_user\": {}", serde_json::to_string(&audit::Actor::os_user_name()).unwrap());
    let mut text = json.replace(&os_user, "\"os_user\": \"<compte du système>\"");
    let mut out = String::new();
    while let Some(at) = text.find("T09:30:00.000") {
        let end = at + "T09:30:00.000".len();
        out.push_str(&text[..end]);
        let offset = &text[end..end + 6];
        assert!(offset.len() == 6 && offset[1..].chars().all(|c| c.is_ascii_digit() || c == ':'), "{offset}");
        out.push_str("±hh:mm");
        text = text[end + 6..].to_string();
    }
    out.push_str(&text);
    out
}

/// The reviewed content of a student's access export as written in its folder: the text of
/// `personne.pdf` (`pdftotext -layout`, the whole document) and `personne.json` (see
/// `machine_independent`); `UPDATE_EXPECT=1` rewrites the snapshots.
#[test]
fn the_student_export_matches_its_reviewed_pdf_and_json() {
    let mut store = small_school();
    let id = find_student(&store.db, year(), "Gagnon, Noah").unwrap();
    let export = PersonExport::Eleve(Box::new(export_student(&mut store.db, id).unwrap()));
    let written = write_export(&mut store.db, &export, &store._tmp.path().join("acces-gagnon")).unwrap();
    let pdf_text = crate::pdf::test_support::pdftotext(&std::fs::read(&written.pdf).unwrap(), true);
    expect_test::expect_file!["snapshots/personne.pdf.txt"].assert_eq(&pdf_text);
    let json = std::fs::read_to_string(&written.json).unwrap();
    expect_test::expect_file!["snapshots/personne.json"].assert_eq(&machine_independent(&json));
}
