//! Tests of class-list imports on a real encrypted store (in-memory keychain, fixed clock): the
//! diff, the import in one audited transaction, idempotence, class changes kept as history,
//! withdrawals, classes and teachers created, refused lines, and the class-list order.

mod format;

use crate::audit;
use crate::error::Error;
use crate::register::class::{self, ClassDraft};
use crate::register::staff::{self, StaffDraft};
use crate::roster::{self, ChangeKind, ImportOptions, ImportSummary, Preview, StudentStatus, StudentView};
use crate::test_store::{day, fresh, year, Store};

const HEADER: &str = "Fiche;Code permanent;Nom;Prénom;Date de naissance;Groupe;Niveau;Enseignant;Parent 1 nom;Parent 1 prénom;Parent 1 courriel;Parent 2 nom;Parent 2 prénom;Parent 2 courriel";

/// The start-of-year list: four students in 601 and 602, two teachers, guardians.
fn august_list() -> Vec<&'static str> {
    vec![
        "1001;COTE09531401;Côté;Ève-Marie;2014-03-09;601;6e année;Tremblay, Marie-Ève;Côté;Luc;luc.cote@exemple.ca;Bérubé;Anne;anne.berube@exemple.ca",
        "1002;NGUA12541301;N'Guessan;Awa;2013-04-12;601;6e année;Tremblay, Marie-Ève;N'Guessan;Aya;aya@exemple.ca;;;",
        "1003;;O'Neil-Bérubé;Léa;2014-06-20;602;6e année;Paul Gagnon;O'Neil;Sean;sean@exemple.ca;;;",
        "1004;;Émond;Zoé;2014-01-02;602;6e année;Paul Gagnon;;;;;;",
    ]
}

fn csv(lines: &[&str]) -> String {
    let mut text = String::from(HEADER);
    for line in lines {
        text.push('\n');
        text.push_str(line);
    }
    text.push('\n');
    text
}

fn checked(text: &str) -> (Vec<roster::RosterRow>, Vec<roster::Rejected>) {
    let table = roster::read_table(text.as_bytes(), "liste.csv", None).unwrap();
    let mapping = roster::recognise(&table.headers, &[]).unwrap();
    roster::rows(&table, &mapping)
}

fn options() -> ImportOptions {
    ImportOptions { file_name: "liste.csv".into(), ..ImportOptions::default() }
}

impl Store {
    fn preview(&self, text: &str, opts: &ImportOptions) -> Preview {
        let (rows, rejected) = checked(text);
        roster::preview(&self.db, year(), &rows, &rejected, opts).unwrap()
    }

    fn import(&mut self, text: &str, opts: &ImportOptions) -> crate::error::Result<ImportSummary> {
        let (rows, rejected) = checked(text);
        roster::apply(&mut self.db, year(), &rows, &rejected, opts)
    }

    fn students(&self) -> Vec<StudentView> {
        roster::list_students(&self.db, year(), None).unwrap()
    }

    fn student(&self, fiche: &str) -> StudentView {
        let all = crate::roster::students::load_year(&self.db.conn, year()).unwrap();
        all.into_iter().find(|s| s.fiche.as_deref() == Some(fiche)).unwrap_or_else(|| panic!("student {fiche}"))
    }

    fn audit_count(&self) -> i64 {
        self.db.conn.query_row("SELECT count(*) FROM audit", [], |r| r.get(0)).unwrap()
    }

    fn count(&self, table: &str) -> i64 {
        self.db.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
    }

    fn memberships(&self, student_id: i64) -> Vec<(String, String, Option<String>)> {
        let mut stmt = self
            .db
            .conn
            .prepare(
                "SELECT c.code, m.from_on, m.until_on FROM class_memberships m JOIN classes c ON c.id = m.class_id
                 WHERE m.student_id = ?1 ORDER BY m.id",
            )
            .unwrap();
        stmt.query_map([student_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
    }
}

#[test]
fn a_first_import_adds_students_classes_teachers_and_guardians_in_one_audited_write() {
    let mut store = fresh("2025-08-20");
    let before = store.audit_count();
    let preview = store.preview(&csv(&august_list()), &options());
    assert_eq!(
        (preview.counts.added, preview.counts.changed, preview.counts.unchanged, preview.counts.absent),
        (4, 0, 0, 0)
    );
    assert_eq!(preview.classes_to_create.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), ["601", "602"]);
    assert_eq!(preview.classes_to_create[0].level, "6e année");
    assert_eq!(
        preview.teachers_to_create,
        ["Marie-Ève Tremblay", "Paul Gagnon"],
        "« Nom, Prénom » is written « Prénom Nom »"
    );
    assert_eq!(store.count("students"), 0, "a preview writes nothing");
    assert_eq!(store.audit_count(), before);

    let summary = store.import(&csv(&august_list()), &options()).unwrap();
    assert!(summary.written);
    assert_eq!(summary.counts.added, 4);
    assert_eq!(summary.classes_created, ["601", "602"]);
    assert_eq!(store.audit_count(), before + 1, "one import, one audit entry");

    let classes = class::list(&store.db, year()).unwrap();
    assert_eq!(
        classes.iter().map(|c| (c.code.as_str(), c.teachers[0].name.as_str())).collect::<Vec<_>>(),
        [("601", "Marie-Ève Tremblay"), ("602", "Paul Gagnon")]
    );
    let eve = store.student("1001");
    assert_eq!(
        (eve.class_code.as_str(), eve.code_permanent.as_deref(), eve.birth_date),
        ("601", Some("COTE09531401"), Some(day("2014-03-09")))
    );
    assert_eq!(eve.guardians.len(), 2);
    assert_eq!(
        (eve.guardians[1].first_name.as_str(), eve.guardians[1].rank, eve.guardians[1].do_not_contact),
        ("Anne", 2, false)
    );
    assert_eq!(store.memberships(eve.id), [("601".to_string(), "2025-08-20".to_string(), None)]);

    let entry = &audit::latest(&store.db.conn, 1).unwrap()[0];
    assert_eq!((entry.action.as_str(), entry.object.as_str()), ("eleves.importation", "élèves 2025-2026"));
    assert!(
        entry.summary.contains("liste.csv")
            && entry.summary.contains("4 ajouté(s)")
            && entry.summary.contains("601, 602"),
        "{}",
        entry.summary
    );
    for name in ["Côté", "Ève", "Guessan", "Tremblay", "Gagnon", "luc.cote"] {
        assert!(!entry.summary.contains(name), "the journal names no person: {}", entry.summary);
    }
}

#[test]
fn importing_the_same_file_twice_changes_nothing_the_second_time() {
    let mut store = fresh("2025-08-20");
    store.import(&csv(&august_list()), &options()).unwrap();
    let (audit_before, students_before) = (store.audit_count(), store.students());
    store.on("2025-08-21");
    let preview = store.preview(&csv(&august_list()), &options());
    assert!(preview.nothing_to_do, "{:?}", preview.changed_rows);
    assert_eq!((preview.counts.added, preview.counts.changed, preview.counts.unchanged), (0, 0, 4));
    assert!(
        preview.classes_to_create.is_empty()
            && preview.teachers_to_create.is_empty()
            && preview.teachers_to_assign.is_empty()
    );
    let summary = store.import(&csv(&august_list()), &options()).unwrap();
    assert!(!summary.written, "nothing to change: no write");
    assert_eq!(store.audit_count(), audit_before, "and no audit entry");
    assert_eq!(store.students(), students_before);
}

#[test]
fn a_class_change_keeps_the_old_class_as_history() {
    let mut store = fresh("2025-08-20");
    store.import(&csv(&august_list()), &options()).unwrap();
    let eve = store.student("1001");
    store.on("2025-10-06");
    let mut moved = august_list();
    moved[0] = "1001;COTE09531401;Côté;Ève-Marie;2014-03-09;602;6e année;Paul Gagnon;Côté;Luc;luc.cote@exemple.ca;Bérubé;Anne;anne.berube@exemple.ca";
    let preview = store.preview(&csv(&moved), &options());
    assert_eq!((preview.counts.changed, preview.counts.unchanged), (1, 3));
    let change = &preview.changed_rows[0].changes;
    assert_eq!(
        change.iter().map(|c| (c.kind, c.before.as_str(), c.after.as_str())).collect::<Vec<_>>(),
        [(ChangeKind::Class, "601", "602")]
    );
    store.import(&csv(&moved), &options()).unwrap();
    let after = store.student("1001");
    assert_eq!((after.id, after.class_code.as_str()), (eve.id, "602"), "the same student, in his new class");
    assert_eq!(
        store.memberships(eve.id),
        [
            ("601".to_string(), "2025-08-20".to_string(), Some("2025-10-06".to_string())),
            ("602".to_string(), "2025-10-06".to_string(), None)
        ],
        "the old class stays as history"
    );
    assert_eq!(after.guardians, eve.guardians, "guardians untouched");
    let err = store.db.conn.execute("DELETE FROM class_memberships", []).unwrap_err();
    assert!(err.to_string().contains("ajout seulement"), "class history cannot be deleted: {err}");
}

#[test]
fn changes_in_spelling_guardians_and_identifiers_are_listed_and_applied() {
    let mut store = fresh("2025-08-20");
    store.import(&csv(&august_list()), &options()).unwrap();
    let awa_guardian = store.student("1002").guardians[0].id;
    store.db.conn.execute("UPDATE guardians SET do_not_contact = 1 WHERE id = ?1", [awa_guardian]).unwrap();
    let mut changed = august_list();
    // Spelling of a name; a second guardian; a new e-mail for the same guardian; a code permanent.
    changed[0] =
        "1001;COTE09531401;Côté;Ève-Marie;2014-03-09;601;6e année;Tremblay, Marie-Ève;Côté;Luc;luc.cote@exemple.ca;;;";
    changed[1] = "1002;NGUA12541301;N’Guessan;Awa;2013-04-12;601;6e année;Tremblay, Marie-Ève;N'GUESSAN;Aya;aya.nguessan@exemple.ca;Koné;Ali;ali@exemple.ca";
    changed[3] = "1004;EMOZ02011401;Emond;Zoé;2014-01-02;602;6e année;Paul Gagnon;;;;;;";
    let preview = store.preview(&csv(&changed), &options());
    let kinds = |fiche: &str| -> Vec<ChangeKind> {
        preview
            .changed_rows
            .iter()
            .find(|c| c.student.fiche.as_deref() == Some(fiche))
            .unwrap()
            .changes
            .iter()
            .map(|c| c.kind)
            .collect()
    };
    assert_eq!(kinds("1001"), [ChangeKind::GuardianRemoved]);
    assert_eq!(kinds("1002"), [ChangeKind::LastName, ChangeKind::GuardianChanged, ChangeKind::GuardianAdded]);
    assert_eq!(kinds("1004"), [ChangeKind::CodePermanent, ChangeKind::LastName]);
    assert_eq!(preview.counts.changed, 3);
    store.on("2025-09-15");
    store.import(&csv(&changed), &options()).unwrap();

    let eve = store.student("1001");
    assert_eq!(eve.guardians.len(), 1, "a guardian the school no longer lists is no longer current");
    let ended: Option<String> = store
        .db
        .conn
        .query_row("SELECT ended_on FROM guardians WHERE student_id = ?1 AND first_name = 'Anne'", [eve.id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(ended.as_deref(), Some("2025-09-15"), "but stays as history");
    let awa = store.student("1002");
    assert_eq!(awa.last_name, "N’Guessan");
    assert_eq!(
        (awa.guardians[0].id, awa.guardians[0].email.as_str()),
        (awa_guardian, "aya.nguessan@exemple.ca"),
        "same person, same row"
    );
    assert!(awa.guardians[0].do_not_contact, "« ne pas contacter » follows the person through an import");
    assert_eq!(awa.guardians[1].first_name, "Ali");
    assert_eq!(store.student("1004").code_permanent.as_deref(), Some("EMOZ02011401"));
    assert!(store.preview(&csv(&changed), &options()).nothing_to_do, "and a second import changes nothing");
}

#[test]
fn students_are_found_by_code_permanent_or_name_and_birth_date_without_a_fiche() {
    let mut store = fresh("2025-08-20");
    store.import(&csv(&august_list()), &options()).unwrap();
    let no_fiche = "Code permanent;Nom;Prénom;Date de naissance;Groupe\n\
                    COTE09531401;Côté;Ève-Marie;2014-03-09;601\n\
                    ;O'Neil-Bérubé;Léa;2014-06-20;602\n\
                    ;Emond;Zoe;2014-01-02;602\n\
                    ;Nouvelle;Élève;2014-05-05;602\n";
    let (rows, rejected) = checked(no_fiche);
    let preview = roster::preview(&store.db, year(), &rows, &rejected, &options()).unwrap();
    assert_eq!(
        (preview.counts.unchanged, preview.counts.changed, preview.counts.added, preview.counts.absent),
        (2, 1, 1, 1),
        "Ève by code permanent, Léa by name and birth date, Zoé's accents differ, Awa absent: {preview:#?}"
    );
    assert_eq!(
        preview.changed_rows[0].changes.iter().map(|c| c.kind).collect::<Vec<_>>(),
        [ChangeKind::LastName, ChangeKind::FirstName]
    );
    assert_eq!(preview.absent_students[0].fiche.as_deref(), Some("1002"));
    assert!(store.student("1001").fiche.is_some(), "a file without fiche never erases it");
}

#[test]
fn absent_students_are_left_alone_or_withdrawn_and_may_come_back() {
    let mut store = fresh("2025-08-20");
    store.import(&csv(&august_list()), &options()).unwrap();
    let without_lea: Vec<&str> = august_list().into_iter().filter(|l| !l.starts_with("1003")).collect();
    store.on("2025-11-03");
    let summary = store.import(&csv(&without_lea), &options()).unwrap();
    assert_eq!(
        (summary.counts.absent, summary.withdrawn, summary.written),
        (1, 0, false),
        "absent and listed, left as she is"
    );
    assert_eq!(store.student("1003").status, StudentStatus::Active);

    let withdraw = ImportOptions { withdraw_missing: true, ..options() };
    let preview = store.preview(&csv(&without_lea), &withdraw);
    assert!(!preview.nothing_to_do && preview.withdraw_missing);
    assert_eq!(preview.absent_students.iter().map(|s| s.last_name.as_str()).collect::<Vec<_>>(), ["O'Neil-Bérubé"]);
    let summary = store.import(&csv(&without_lea), &withdraw).unwrap();
    assert_eq!((summary.withdrawn, summary.written), (1, true));
    let lea = store.student("1003");
    assert_eq!((lea.status, lea.departed_on), (StudentStatus::Departed, Some(day("2025-11-03"))));
    assert_eq!(lea.guardians.len(), 1, "a departed student keeps her guardians and history");
    assert_eq!(store.memberships(lea.id)[0].2.as_deref(), Some("2025-11-03"));
    assert!(!store.students().iter().any(|s| s.id == lea.id), "no longer on the class lists");
    assert_eq!(roster::list_departed(&store.db, year()).unwrap()[0].id, lea.id);
    assert!(store.preview(&csv(&without_lea), &withdraw).nothing_to_do, "a departed student is not absent again");

    store.on("2026-01-12");
    let preview = store.preview(&csv(&august_list()), &options());
    assert_eq!(preview.changed_rows[0].changes[0].kind, ChangeKind::Returned);
    store.import(&csv(&august_list()), &options()).unwrap();
    let back = store.student("1003");
    assert_eq!(
        (back.id, back.status, back.departed_on),
        (lea.id, StudentStatus::Active, None),
        "the same student is back"
    );
    assert_eq!(store.memberships(lea.id).len(), 2);
}

#[test]
fn refused_lines_abort_the_import_unless_skipped_and_never_cause_a_withdrawal() {
    let mut store = fresh("2025-08-20");
    store.import(&csv(&august_list()), &options()).unwrap();
    let audit_before = store.audit_count();
    let mut with_errors = august_list();
    with_errors[1] =
        "1002;NGUA12541301;N'Guessan;Awa;2013-04-12;601;6e année;Tremblay, Marie-Ève;N'Guessan;Aya;pas-un-courriel;;;";
    with_errors.push("1005;;Nouveau;Noé;2014-02-02;601;6e année;;;;;;;");
    with_errors.push("1006;;=1+1;Noé;2014-02-02;601;6e année;;;;;;;");
    let withdraw = ImportOptions { withdraw_missing: true, ..options() };

    match store.import(&csv(&with_errors), &withdraw) {
        Err(Error::RosterRejectedRows { count: 2, first_line: 3 }) => {}
        other => panic!("refused lines must abort: {other:?}"),
    }
    assert_eq!((store.audit_count(), store.count("students")), (audit_before, 4), "nothing written");

    let skip = ImportOptions { skip_invalid: true, ..withdraw };
    let preview = store.preview(&csv(&with_errors), &skip);
    assert_eq!(preview.counts.absent, 0, "Awa's line is refused, not absent: she is not withdrawn");
    let summary = store.import(&csv(&with_errors), &skip).unwrap();
    assert_eq!((summary.counts.added, summary.counts.rejected, summary.withdrawn), (1, 2, 0));
    assert_eq!(summary.rejected_rows.iter().map(|r| r.line).collect::<Vec<_>>(), [3, 7]);
    assert_eq!(store.student("1002").status, StudentStatus::Active);
    assert!(store.audit_count() == audit_before + 1);
}

#[test]
fn a_failure_inside_the_import_leaves_nothing_behind() {
    let mut store = fresh("2025-08-20");
    let audit_before = store.audit_count();
    store
        .db
        .conn
        .execute_batch(
            "CREATE TEMP TRIGGER boom BEFORE INSERT ON students WHEN NEW.last_name = 'Émond'
             BEGIN SELECT RAISE(ABORT, 'panne simulée'); END;",
        )
        .unwrap();
    let err = store.import(&csv(&august_list()), &options()).unwrap_err();
    assert_eq!(err.code(), "database", "{err}");
    for table in ["students", "guardians", "class_memberships", "classes", "staff", "class_teachers"] {
        assert_eq!(store.count(table), 0, "{table}: the transaction is all or nothing");
    }
    assert_eq!(store.audit_count(), audit_before);
}

#[test]
fn existing_classes_and_staff_are_reused_and_teachers_attached() {
    let mut store = fresh("2025-08-20");
    staff::add(&mut store.db, &StaffDraft { name: "Marie-Ève Tremblay".into(), email: String::new() }).unwrap();
    staff::add(&mut store.db, &StaffDraft { name: "Julie Roy".into(), email: String::new() }).unwrap();
    let draft = ClassDraft { year: year(), code: "601".into(), level: "6e".into(), teachers: vec!["Julie Roy".into()] };
    class::add(&mut store.db, &draft).unwrap();
    let preview = store.preview(&csv(&august_list()), &options());
    assert_eq!(preview.classes_to_create.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), ["602"]);
    assert_eq!(
        preview.teachers_to_create,
        ["Paul Gagnon"],
        "« Tremblay, Marie-Ève » is the staff member « Marie-Ève Tremblay »"
    );
    assert_eq!(
        preview.teachers_to_assign.iter().map(|a| (a.class_code.as_str(), a.teacher.as_str())).collect::<Vec<_>>(),
        [("601", "Marie-Ève Tremblay")]
    );
    store.import(&csv(&august_list()), &options()).unwrap();
    let class_601 = class::find(&store.db, year(), "601").unwrap();
    assert_eq!(class_601.level, "6e", "an existing class keeps its level");
    assert_eq!(
        class_601.teachers.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["Julie Roy", "Marie-Ève Tremblay"]
    );
    assert_eq!(staff::list(&store.db).unwrap().len(), 3);
}

#[test]
fn conflicting_identifiers_and_two_lines_for_one_student_are_refused() {
    let mut store = fresh("2025-08-20");
    store.import(&csv(&august_list()), &options()).unwrap();
    let lines = [
        // A new fiche with Ève's code permanent.
        "2001;COTE09531401;Autre;Élève;2014-03-09;601;;;;;;;;",
        // Awa by fiche, and again by name and birth date on another line.
        "1002;;N'Guessan;Awa;2013-04-12;601;;;;;;;;",
        ";;N'Guessan;Awa;2013-04-12;601;;;;;;;;",
    ];
    let preview = store.preview(&csv(&lines), &ImportOptions { skip_invalid: true, ..options() });
    let reasons: Vec<(usize, &str)> = preview.rejected_rows.iter().map(|r| (r.line, r.reason.as_str())).collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(reasons[0].0 == 2 && reasons[0].1.contains("code permanent appartient déjà"), "{reasons:?}");
    assert!(reasons[1].0 == 4 && reasons[1].1.contains("même élève que la ligne 3"), "{reasons:?}");
}

#[test]
fn students_list_in_class_then_french_alphabetical_order() {
    let mut store = fresh("2025-08-20");
    let lines = [
        "1;;Nguyen;Minh;;601;;;;;;;;",
        "2;;émond;Zoé;;601;;;;;;;;",
        "3;;N'Guessan;Awa;;601;;;;;;;;",
        "4;;Eddy;Paul;;601;;;;;;;;",
        "5;;Côté;Ève;;601;;;;;;;;",
        "6;;Cote;Léo;;601;;;;;;;;",
        "7;;Ezra;Ana;;601;;;;;;;;",
        "8;;Abel;Jo;;502;;;;;;;;",
        "9;;Côté;Éric;;601;;;;;;;;",
    ];
    store.import(&csv(&lines), &options()).unwrap();
    let names: Vec<String> =
        store.students().iter().map(|s| format!("{} {} {}", s.class_code, s.last_name, s.first_name)).collect();
    assert_eq!(
        names,
        [
            "502 Abel Jo",
            "601 Côté Éric",
            "601 Côté Ève",
            "601 Cote Léo",
            "601 Eddy Paul",
            "601 émond Zoé",
            "601 Ezra Ana",
            "601 N'Guessan Awa",
            "601 Nguyen Minh",
        ],
        "accents and case ignored: Cote and Côté are one name, their first names decide"
    );
    let class_601 = roster::list_students(&store.db, year(), Some("601")).unwrap();
    assert_eq!(class_601.len(), 8);
    let err = roster::list_students(&store.db, year(), Some("999")).unwrap_err();
    assert_eq!(err.code(), "class_not_found");
}

#[test]
fn the_preview_serializes_to_the_json_the_command_line_prints() {
    let store = fresh("2025-08-20");
    let mut lines = august_list();
    lines.push("1009;;;Sans nom;;601;;;;;;;;");
    let preview = store.preview(&csv(&lines), &options());
    let json = serde_json::to_value(&preview).unwrap();
    for key in ["added", "changed", "unchanged", "absent", "rejected"] {
        assert!(json[key].is_u64(), "{key} is an integer count: {json}");
    }
    assert_eq!(json["added"], 4);
    assert_eq!(
        json["rejected_rows"],
        serde_json::json!([{"line": 6, "reason": "nom : manquant", "reason_en": "last name: missing"}])
    );
    assert_eq!(json["blocked"], true);
    assert!(json.get("plan").is_none());
    assert_eq!(json["changed_rows"], serde_json::json!([]));
    assert_eq!(json["added_rows"][0]["line"], 2);
}

#[test]
fn a_header_alone_imports_nothing_and_withdraws_nobody() {
    let mut store = fresh("2025-08-20");
    store.import(&csv(&august_list()), &options()).unwrap();
    let withdraw = ImportOptions { withdraw_missing: true, ..options() };
    let preview = store.preview(&csv(&[]), &withdraw);
    assert!(preview.nothing_to_do, "{preview:?}");
    assert_eq!((preview.counts.added, preview.counts.absent), (0, 0), "an empty list says nothing about who left");
    assert!(!store.import(&csv(&[]), &withdraw).unwrap().written);
    assert_eq!(store.students().len(), 4);
}
