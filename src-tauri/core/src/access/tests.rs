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

    let bytes = pdf::render(&PersonExport::Eleve(Box::new(export.clone())), None).unwrap();
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
    let bytes = pdf::render(&PersonExport::Parent(export), None).unwrap();
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

// ---- Every school year (issue 15, item 17) ----

/// The same person's rows across school years: the access export's rule (`same_person`), table
/// cases. A wrong match hands one family another child's file, so a name alone never joins.
#[test]
fn the_same_student_in_another_year_is_found_by_code_fiche_or_name_and_birth_date() {
    let id = |fiche: Option<&str>, code: Option<&str>, name: &str, birth: Option<&str>| Identity {
        fiche: fiche.map(Into::into),
        code_permanent: code.map(Into::into),
        name_key: name.into(),
        birth_date: birth.map(Into::into),
    };
    let noah = id(Some("1002"), Some("GAGN12041401"), "gagnon noah", Some("2014-04-12"));
    let cases = [
        // (other row, same person?, why)
        (id(Some("1002"), None, "gagnon noah", None), true, "same fiche"),
        (id(None, Some("GAGN12041401"), "gagnon-roy noah", None), true, "same code permanent, name rectified"),
        (id(Some("1002"), None, "roy noah", Some("2014-04-12")), true, "same fiche, new name"),
        (id(None, None, "gagnon noah", Some("2014-04-12")), true, "same name and birth date"),
        (id(None, None, "gagnon noah", None), false, "a name alone never joins"),
        (id(Some("2002"), None, "gagnon noah", Some("2014-04-12")), false, "another fiche contradicts"),
        (id(Some("1002"), Some("GAGN30111301"), "gagnon noah", None), false, "another code permanent contradicts"),
        (id(Some("1002"), None, "gagnon noah", Some("2013-11-30")), false, "another birth date contradicts"),
        (id(None, None, "gagnon noe", Some("2014-04-12")), false, "another name, no identifier"),
    ];
    for (other, expected, why) in cases {
        assert_eq!(same_person(&noah, &other), expected, "{why}: {other:?}");
        assert_eq!(same_person(&other, &noah), expected, "{why} (either way)");
    }
}

const LAST_YEAR: &str =
    "Fiche;Nom;Prénom;Date de naissance;Groupe;Niveau;Parent 1 nom;Parent 1 prénom;Parent 1 courriel
1002;Gagnon;Noah;2014-04-12;501;5e année;Gagnon;Aya;aya@exemple.ca
2002;Gagnon;Noah;2013-11-30;502;5e année;Gagnon;Marc;marc@exemple.ca
";

/// The small school, with 2024-2025's list imported too: Noah Gagnon (fiche 1002) in 501, and
/// another Noah Gagnon (fiche 2002, another birth date) in 502.
fn two_years() -> crate::test_store::Store {
    let mut store = small_school();
    let last = crate::year::SchoolYear::starting(2024);
    let table = crate::roster::read_table(LAST_YEAR.as_bytes(), "2024.csv", None).unwrap();
    let mapping = crate::roster::recognise(&table.headers, &[]).unwrap();
    let (rows, rejected) = crate::roster::rows(&table, &mapping);
    let options = crate::roster::ImportOptions { file_name: "2024.csv".into(), ..Default::default() };
    crate::roster::apply(&mut store.db, last, &rows, &rejected, &options).unwrap();
    store
}

#[test]
fn a_student_export_covers_every_school_year_the_store_holds_about_the_person() {
    let mut store = two_years();
    let id = find_student(&store.db, year(), "Gagnon, Noah").unwrap();
    let export = export_student(&mut store.db, id).unwrap();
    assert_eq!(export.year, year());
    assert_eq!(export.other_years.len(), 1, "2024-2025's row of the same fiche, not the namesake");
    let last = &export.other_years[0];
    assert_eq!(last.year.to_string(), "2024-2025");
    assert_eq!(last.student.fiche.as_deref(), Some("1002"));
    assert_eq!(last.memberships[0].class_code, "501");
    assert_eq!(last.guardians[0].email, "aya@exemple.ca");
    assert!(journal(&store.db).contains("2 année(s)"), "the journal says how many years");
    let bytes = pdf::render(&PersonExport::Eleve(Box::new(export)), None).unwrap();
    screenshot(&bytes, pages_text(&bytes).len(), 60, "access-student-years");
    let text = flatten(&pages_text(&bytes).join(" "));
    assert!(text.contains("Année scolaire 2024-2025 (même élève)"), "{text}");
    assert!(text.contains("Classe 501"), "{text}");
    assert!(!text.contains("2013-11-30") && !text.contains("502"), "never the namesake:\n{text}");

    // The namesake's export holds only his own year.
    let other = find_student(&store.db, crate::year::SchoolYear::starting(2024), "2002").unwrap();
    let theirs = export_student(&mut store.db, other).unwrap();
    assert!(theirs.other_years.is_empty(), "{:?}", theirs.other_years);
}

#[test]
fn a_guardian_export_covers_the_children_of_every_year() {
    let mut store = two_years();
    let aya = find_guardian(&store.db, year(), "Aya Gagnon").unwrap();
    let export = export_guardian(&mut store.db, aya).unwrap();
    let years: Vec<String> = export.students.iter().map(|c| c.year.to_string()).collect();
    assert_eq!(years.len(), 2, "{years:?}");
    assert!(years.contains(&"2024-2025".into()) && years.contains(&"2025-2026".into()), "{years:?}");
    assert!(export.students.iter().all(|c| c.student.fiche.as_deref() == Some("1002")), "never Marc's child");
}

#[test]
fn a_closed_year_refuses_a_rectification_and_a_guardian_keeps_the_closed_rows() {
    let mut store = two_years();
    let last = crate::year::SchoolYear::starting(2024);
    store.on("2025-06-15");
    crate::year_end::close(&mut store.db, last, Some("année de test".into())).unwrap();
    store.on("2025-09-15");
    let old = find_student(&store.db, last, "1002").unwrap();
    let err =
        correct_student(&mut store.db, old, StudentField::FirstName, "Noé", CorrectionReason::Demande).unwrap_err();
    assert_eq!(err.code(), "year_read_only", "{err}");
    // The guardian: this year's row is corrected, last year's stays as it was.
    let aya = find_guardian(&store.db, year(), "Aya Gagnon").unwrap();
    let rows =
        correct_guardian(&mut store.db, aya, GuardianField::Relation, "mère", CorrectionReason::Demande).unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let kept: String =
        store.db.conn.query_row("SELECT relation FROM guardians WHERE student_id = ?1", [old], |r| r.get(0)).unwrap();
    assert_eq!(kept, "", "the closed year's row is unchanged");
}

// ---- The register of requests (issue 15, item 17; Loi sur l'accès, art. 98) ----

use super::requests::{self, NewRequest, RequestAnswer, RequestKind, Subject};

fn new_request(received: &str, subject: Option<Subject>, requester: &str) -> NewRequest {
    NewRequest {
        received_on: crate::test_store::day(received),
        kind: RequestKind::Acces,
        details: "Copie de tout ce que l'école détient sur mon fils".into(),
        requester: requester.into(),
        subject,
    }
}

/// The deadline, table cases: 20 days from receipt (art. 98, al. 1), 30 once extended (al. 2).
#[test]
fn the_legal_deadline_is_twenty_days_or_thirty_once_extended() {
    use crate::test_store::day;
    for (received, extended, expected) in [
        ("2025-09-10", false, "2025-09-30"),
        ("2025-09-10", true, "2025-10-10"),
        ("2025-06-20", false, "2025-07-10"), // summer counts: calendar days
        ("2025-12-31", true, "2026-01-30"),
    ] {
        assert_eq!(requests::deadline(day(received), extended), day(expected), "{received} extended={extended}");
    }
}

#[test]
fn a_request_is_registered_answered_once_and_audited_without_names() {
    let mut store = small_school();
    store.on("2025-09-15");
    let aya = find_guardian(&store.db, year(), "Aya Gagnon").unwrap();
    let request = requests::add(&mut store.db, &new_request("2025-09-10", Some(Subject::Parent(aya)), "")).unwrap();
    assert_eq!(request.requester, "Aya Gagnon", "the person on file's name when nobody else is named");
    assert_eq!(request.subject.as_ref().unwrap().year, "2025-2026");
    assert_eq!(request.deadline.to_string(), "2025-09-30");
    assert_eq!((request.open, request.days_left, request.overdue, request.due_soon), (true, Some(15), false, false));
    // Refused without a reason; in the future; before the receipt.
    let err =
        requests::answer(&mut store.db, request.id, RequestAnswer::Refusee, crate::test_store::day("2025-09-14"), " ")
            .unwrap_err();
    assert_eq!(err.code(), "invalid_value", "a refusal says why: {err}");
    let err =
        requests::answer(&mut store.db, request.id, RequestAnswer::Accordee, crate::test_store::day("2025-09-16"), "")
            .unwrap_err();
    assert_eq!(err.code(), "invalid_value", "{err}");
    let err =
        requests::answer(&mut store.db, request.id, RequestAnswer::Accordee, crate::test_store::day("2025-09-09"), "")
            .unwrap_err();
    assert!(err.to_string().contains("précéder"), "{err}");
    let answered =
        requests::answer(&mut store.db, request.id, RequestAnswer::Accordee, crate::test_store::day("2025-09-14"), "")
            .unwrap();
    assert!(!answered.open && !answered.answered_late);
    assert_eq!(answered.answer, Some(RequestAnswer::Accordee));
    let again = requests::answer(
        &mut store.db,
        request.id,
        RequestAnswer::Refusee,
        crate::test_store::day("2025-09-15"),
        "non",
    )
    .unwrap_err();
    assert_eq!(again.code(), "request_already_answered", "{again}");
    // The row itself refuses a change and a deletion.
    assert!(store.db.conn.execute("UPDATE access_requests SET answer = 'refusee'", []).is_err());
    assert!(store.db.conn.execute("DELETE FROM access_requests", []).is_err());
    let log = journal(&store.db);
    assert!(log.contains(&format!("demande.inscription | demande | demande n° {} inscrite : accès, reçue le 2025-09-10, réponse due au plus tard le 2025-09-30", request.id)), "{log}");
    assert!(
        log.contains(&format!("demande.reponse | demande n° {} | réponse : accordée le 2025-09-14", request.id)),
        "{log}"
    );
    assert!(!log.contains("Aya") && !log.contains("mon fils"), "no name nor request text in the journal:\n{log}");
    // Someone not on file, by name only; nobody at all is refused.
    let named = requests::add(&mut store.db, &new_request("2025-09-12", None, "Jean Tremblay")).unwrap();
    assert!(named.subject.is_none());
    let err = requests::add(&mut store.db, &new_request("2025-09-12", None, "  ")).unwrap_err();
    assert!(err.to_string().contains("qui a fait la demande"), "{err}");
    let err = requests::add(&mut store.db, &new_request("2025-09-16", None, "Jean Tremblay")).unwrap_err();
    assert_eq!(err.code(), "invalid_value", "received tomorrow: {err}");
    let err = requests::add(&mut store.db, &new_request("2025-09-12", Some(Subject::Eleve(9999)), "")).unwrap_err();
    assert_eq!(err.code(), "student_not_found");
}

#[test]
fn an_extension_is_given_once_before_the_twenty_days_and_lateness_stays() {
    use crate::test_store::day;
    let mut store = small_school();
    store.on("2025-09-25");
    let noah = find_student(&store.db, year(), "Gagnon, Noah").unwrap();
    let mut ask = new_request("2025-09-01", Some(Subject::Eleve(noah)), "Aya Gagnon");
    ask.kind = RequestKind::Rectification;
    let late = requests::add(&mut store.db, &ask).unwrap();
    assert_eq!((late.deadline.to_string(), late.overdue, late.days_left), ("2025-09-21".into(), true, Some(-4)));
    let err = requests::extend(&mut store.db, late.id, day("2025-09-24")).unwrap_err();
    assert_eq!(err.code(), "request_extension_too_late", "after the 20 days: {err}");
    let on_time = requests::add(&mut store.db, &new_request("2025-09-10", Some(Subject::Eleve(noah)), "")).unwrap();
    assert!(on_time.due_soon, "5 days left: {on_time:?}");
    let extended = requests::extend(&mut store.db, on_time.id, day("2025-09-25")).unwrap();
    assert_eq!(extended.deadline_in_force.to_string(), "2025-10-10");
    assert!(!extended.due_soon && extended.days_left == Some(15));
    let err = requests::extend(&mut store.db, on_time.id, day("2025-09-25")).unwrap_err();
    assert_eq!(err.code(), "request_already_extended");
    // The dashboard lists the open ones, soonest first, whatever the school year shown.
    let board = crate::dashboard::current(&store.db).unwrap();
    let ids: Vec<i64> = board.open_requests.iter().map(|r| r.id).collect();
    assert_eq!(ids, [late.id, on_time.id]);
    let answered = requests::answer(
        &mut store.db,
        late.id,
        RequestAnswer::Partielle,
        day("2025-09-25"),
        "la date de naissance est celle du certificat",
    )
    .unwrap();
    assert!(answered.answered_late, "answered after the deadline, and it stays so");
    assert!(journal(&store.db).contains("après le délai (dû le 2025-09-21)"));
    let board = crate::dashboard::current(&store.db).unwrap();
    assert_eq!(board.open_requests.len(), 1);
    let all = requests::list(&store.db, false).unwrap();
    assert_eq!(all.iter().map(|r| r.id).collect::<Vec<_>>(), [on_time.id, late.id], "open first");
    assert_eq!(requests::list(&store.db, true).unwrap().len(), 1);
}

#[test]
fn a_person_is_searched_in_every_year_and_a_guardian_is_one_person() {
    let store = two_years();
    let hits = search(&store.db, "gagnon").unwrap();
    let students: Vec<(String, String)> = hits
        .iter()
        .filter(|h| matches!(h.subject, Subject::Eleve(_)))
        .map(|h| (h.name.clone(), h.year.to_string()))
        .collect();
    assert_eq!(students.len(), 3, "Noah in 2025-2026, both Noahs in 2024-2025: {students:?}");
    assert_eq!(students[0].1, "2025-2026", "newest year first");
    let parents: Vec<&PersonHit> = hits.iter().filter(|h| matches!(h.subject, Subject::Parent(_))).collect();
    assert_eq!(parents.len(), 2, "Aya (two rows, one person) and Marc: {parents:?}");
    let aya = parents.iter().find(|h| h.name == "Aya Gagnon").unwrap();
    assert_eq!(aya.detail, "parent de Noah Gagnon", "one child's name, said once");
    assert!(search(&store.db, "1002").unwrap().iter().all(|h| h.detail.starts_with("classe")), "by fiche");
    assert!(search(&store.db, "g").unwrap().is_empty(), "one letter finds nothing");
    assert!(search(&store.db, "AYA@exemple").unwrap().iter().any(|h| h.name == "Aya Gagnon"), "by e-mail");
}
