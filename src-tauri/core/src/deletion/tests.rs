//! Tests of the deletion confirmations on a real encrypted store with a fixed clock around 1 June
//! and 30 June: the list and its groups, printing (events and PDF), confirmations, corrections,
//! refusals that change nothing, the summary and the dashboard, and the append-only table.

use super::*;
use crate::attachment::NewAttachment;
use crate::audit;
use crate::dashboard;
use crate::export::Existing;
use crate::pdf::test_support::{flatten, pages_text};
use crate::register::class::{self, ClassDraft};
use crate::register::platform::Audience;
use crate::register::platform_use::{self, UseDraft};
use crate::register::staff::{self, StaffDraft};
use crate::settings::{self, Key};
use crate::test_store::{day, fresh, year, Store};
use crate::Error;

/// Use ids of the school below.
struct Uses {
    dojo_601: i64,
    teams_601: i64,
    mozaik_601: i64,
    classroom_602: i64,
    teams_603: i64,
}

/// A school on 28 August 2025: 601 (Marie Tremblay) with ClassDojo, Teams and Mozaïk-Portail; 602
/// (Karim Haddad and Marie Tremblay) with Classroom; 603 (no teacher) with Teams.
fn school() -> (Store, Uses) {
    let mut store = fresh("2025-08-28");
    for (key, value) in [
        (Key::CssName, "Centre de services scolaire des Patriotes"),
        (Key::SchoolName, "École du Boisé"),
        (Key::PrincipalName, "Claire Bouchard"),
    ] {
        settings::set(&mut store.db, key, value).unwrap();
    }
    for name in ["Marie Tremblay", "Karim Haddad"] {
        staff::add(&mut store.db, &StaffDraft { name: name.into(), email: String::new() }).unwrap();
    }
    for (code, teachers) in [("601", vec!["Marie Tremblay"]), ("602", vec!["Karim Haddad", "Marie Tremblay"])] {
        let teachers = teachers.into_iter().map(String::from).collect();
        class::add(&mut store.db, &ClassDraft { year: year(), code: code.into(), level: String::new(), teachers })
            .unwrap();
    }
    // A class without a teacher, as a roster import without a « Titulaire » column leaves it
    // (`class add` insists on one).
    store.db.conn.execute("INSERT INTO classes (year, code, level) VALUES ('2025-2026', '603', '')", []).unwrap();
    let mut add = |code: &str, platform: &str, audience: Audience| {
        platform_use::add(
            &mut store.db,
            &UseDraft {
                year: year(),
                class_code: code.into(),
                platform: platform.into(),
                audience,
                started_on: day("2025-08-28"),
                notes: String::new(),
                staff: Vec::new(),
            },
        )
        .unwrap()
        .id
    };
    let uses = Uses {
        dojo_601: add("601", "ClassDojo", Audience::Parents),
        teams_601: add("601", "Teams", Audience::Students),
        mozaik_601: add("601", "Mozaïk-Portail", Audience::Parents),
        classroom_602: add("602", "Classroom", Audience::Students),
        teams_603: add("603", "Teams", Audience::Students),
    };
    (store, uses)
}

fn event_count(store: &Store) -> i64 {
    store.db.conn.query_row("SELECT count(*) FROM deletion_events", [], |r| r.get(0)).unwrap()
}

fn confirm_input(staff: &str, use_id: Option<i64>, on: &str) -> ConfirmInput {
    ConfirmInput {
        staff: staff.into(),
        use_id,
        use_ids: Vec::new(),
        year: year(),
        on: day(on),
        how: DeletionHow::Papier,
        // Directive 5.10: nothing was to be kept (a « oui » needs its list: see the 5.10 tests).
        dossier: Some(false),
        keep: Vec::new(),
    }
}

fn state_of(store: &Store, use_id: i64) -> DeletionState {
    let list = list(&store.db, year(), store.db.clock().today()).unwrap();
    list.groups.iter().flat_map(|g| &g.uses).find(|u| u.use_id == use_id).expect("use listed").state
}

fn scan() -> NewAttachment {
    NewAttachment {
        original_name: "attestation signée.pdf".into(),
        bytes: crate::attachment::minimal_pdf("attestation signée"),
    }
}

#[test]
fn the_list_groups_uses_by_teacher_and_leaves_exempt_platforms_out() {
    let (mut store, uses) = school();
    store.on("2026-05-31");
    let list = list(&store.db, year(), day("2026-05-31")).unwrap();
    let groups: Vec<(&str, Vec<i64>)> =
        list.groups.iter().map(|g| (g.staff.as_str(), g.uses.iter().map(|u| u.use_id).collect())).collect();
    assert_eq!(
        groups,
        vec![
            ("Karim Haddad", vec![uses.classroom_602]),
            ("Marie Tremblay", vec![uses.dojo_601, uses.teams_601, uses.classroom_602]),
            ("Sans enseignant·e", vec![uses.teams_603]),
        ],
        "grouped by teacher in French order, a class without a teacher last; Mozaïk-Portail is exempt (5.9)"
    );
    assert!(list.groups.iter().flat_map(|g| &g.uses).all(|u| u.use_id != uses.mozaik_601));
    let dojo = &list.groups[1].uses[0];
    assert!(dojo.tolerated, "ClassDojo is tolerated: its accounts are closed too");
    assert!(!list.groups[1].uses[1].tolerated);
    assert_eq!(list.summary.total, 4, "a shared use counts once");
    assert_eq!(list.summary.a_faire, 4);
    assert!(!list.summary.due_now, "not due before 1 June");
    assert_eq!(list.deadline, day("2026-06-30"));
}

#[test]
fn the_summary_and_the_dashboard_show_it_from_the_first_of_june() {
    let (mut store, _) = school();
    store.on("2026-05-31");
    assert_eq!(for_dashboard(&store.db, year(), day("2026-05-31")).unwrap(), None, "31 May: not yet shown");
    assert_eq!(dashboard::build(&store.db, year(), day("2026-05-31")).unwrap().deletions, None);
    store.on("2026-06-01");
    let shown = dashboard::build(&store.db, year(), day("2026-06-01")).unwrap().deletions.expect("1 June: shown");
    assert_eq!((shown.total, shown.a_faire, shown.en_retard, shown.due_now), (4, 4, 0, true));
    store.on("2026-07-01");
    let late = dashboard::build(&store.db, year(), day("2026-07-01")).unwrap().deletions.expect("1 July: shown");
    assert_eq!((late.en_retard, late.a_faire), (4, 0), "after 30 June every unconfirmed use is overdue");
    let missing = outstanding(&store.db, year(), day("2026-07-01")).unwrap();
    assert_eq!(missing.len(), 4);
    let classroom = missing.iter().find(|m| m.class_code == "602").unwrap();
    assert_eq!(classroom.staff, "Karim Haddad, Marie Tremblay");
    assert_eq!(classroom.state, DeletionState::EnRetard);
}

#[test]
fn printing_records_one_event_per_staff_member_and_use_with_the_pdf() {
    let (mut store, uses) = school();
    store.on("2026-06-01");
    let output = store._tmp.path().join("attestations.pdf");
    let request = AttestationRequest { year: year(), staff: None };
    let printed = print_attestations(&mut store.db, &request, &output, Existing::Refuse).unwrap();
    assert_eq!(printed.pages, 3, "one page per staff member and one for the classes without a teacher");
    assert_eq!(event_count(&store), 5, "1 + 3 + 1 uses printed");
    assert_eq!(state_of(&store, uses.dojo_601), DeletionState::AttestationImprimee);
    let pages = pages_text(&std::fs::read(&output).unwrap());
    assert_eq!(pages.len(), 3);
    let tremblay = flatten(&pages[1]);
    for expected in [
        "Centre de services scolaire des Patriotes",
        "École du Boisé",
        "2025-2026",
        "Membre du personnel : Marie Tremblay",
        "601 ClassDojo",
        "601 Teams",
        "602 Classroom",
        "supprimés ou détruits",
        "comptes ont été fermés",
        "versés au dossier de l’élève",
        "Reçu par la direction",
        "Claire Bouchard",
    ] {
        assert!(tremblay.contains(expected), "{expected:?} missing from:\n{tremblay}");
    }
    assert!(!flatten(&pages[0]).contains("comptes ont été fermés"), "Karim has no tolerated platform");
    // Never over an existing file, and nothing recorded then.
    let again = print_attestations(&mut store.db, &request, &output, Existing::Refuse);
    assert!(matches!(again, Err(Error::ExportTargetExists(_))), "{again:?}");
    assert_eq!(event_count(&store), 5);
    // One staff member.
    let one = store._tmp.path().join("haddad.pdf");
    let request = AttestationRequest { year: year(), staff: Some("karim haddad".into()) };
    let printed = print_attestations(&mut store.db, &request, &one, Existing::Refuse).unwrap();
    assert_eq!(printed.attestations[0].use_ids, vec![uses.classroom_602]);
    assert_eq!(event_count(&store), 6);
    let audit = audit::latest(&store.db.conn, 1).unwrap();
    assert_eq!(audit[0].action, "suppression.impression");
    assert!(!audit[0].summary.contains("Haddad"), "no name in the journal: {}", audit[0].summary);
}

#[test]
fn confirming_all_of_a_staff_members_uses_with_a_scan() {
    let (mut store, uses) = school();
    store.on("2026-06-30");
    let confirmed =
        confirm(&mut store.db, &confirm_input("Marie Tremblay", None, "2026-06-29"), Some(&scan())).unwrap();
    let ids: Vec<i64> = confirmed.uses.iter().map(|u| u.use_id).collect();
    assert_eq!(ids, vec![uses.dojo_601, uses.teams_601, uses.classroom_602]);
    assert!(confirmed.scan_id.is_some());
    for id in ids {
        assert_eq!(state_of(&store, id), DeletionState::Confirmee);
    }
    let list = list(&store.db, year(), day("2026-06-30")).unwrap();
    let row = list.groups.iter().flat_map(|g| &g.uses).find(|u| u.use_id == uses.dojo_601).unwrap();
    let c = row.confirmation.as_ref().expect("confirmation shown");
    assert_eq!(
        (c.on, c.staff.as_str(), c.how, c.dossier),
        (day("2026-06-29"), "Marie Tremblay", DeletionHow::Papier, Some(false))
    );
    assert_eq!(c.scan.as_ref().unwrap().original_name, "attestation signée.pdf");
    // Karim's page shows the shared use confirmed by Marie.
    assert_eq!(list.groups[0].uses[0].state, DeletionState::Confirmee);
    let audit = audit::latest(&store.db.conn, 1).unwrap();
    assert_eq!(audit[0].action, "suppression.confirmation");
    assert!(audit[0].summary.contains("pièce") && !audit[0].summary.contains("Tremblay"), "{}", audit[0].summary);
    // Everything confirmed: a second confirmation is refused with when and how.
    let again = confirm(&mut store.db, &confirm_input("Marie Tremblay", None, "2026-06-30"), None).unwrap_err();
    assert!(matches!(again, Error::DeletionAlreadyConfirmed { .. }), "{again:?}");
    assert!(again.to_string().contains("2026-06-29") && again.to_string().contains("correction"), "{again}");
}

#[test]
fn refusals_say_why_and_change_nothing() {
    let (mut store, uses) = school();
    store.on("2026-06-15");
    let refuse = |store: &mut Store, input: ConfirmInput, scan: Option<&NewAttachment>| {
        let before = event_count(store);
        let err = confirm(&mut store.db, &input, scan).unwrap_err();
        assert_eq!(event_count(store), before, "nothing recorded for {err:?}");
        err
    };
    let err = refuse(&mut store, confirm_input("Marie Tremblay", Some(uses.dojo_601), "2026-06-16"), None);
    assert!(err.to_string().contains("dans le futur"), "{err}");
    let err = refuse(&mut store, confirm_input("Marie Tremblay", Some(uses.dojo_601), "2025-06-30"), None);
    assert!(err.to_string().contains("précède le début de l'année scolaire 2025-2026"), "{err}");
    let err = refuse(&mut store, confirm_input("Marie Tremblay", Some(uses.mozaik_601), "2026-06-15"), None);
    assert!(matches!(err, Error::DeletionNotNeeded { .. }), "{err:?}");
    let err = refuse(&mut store, confirm_input("Karim Haddad", Some(uses.dojo_601), "2026-06-15"), None);
    assert!(matches!(err, Error::DeletionNotOfStaff { .. }), "{err:?}");
    let err = refuse(&mut store, confirm_input("Marie Tremblay", Some(9999), "2026-06-15"), None);
    assert!(matches!(err, Error::UseNotFound(9999)), "{err:?}");
    let err = refuse(&mut store, confirm_input("Personne Inconnue", None, "2026-06-15"), None);
    assert!(matches!(err, Error::StaffNotFound(_)), "{err:?}");
    let text = NewAttachment { original_name: "note.txt".into(), bytes: b"bonjour".to_vec() };
    let err = refuse(&mut store, confirm_input("Marie Tremblay", Some(uses.dojo_601), "2026-06-15"), Some(&text));
    assert!(matches!(err, Error::ScanUnsupported { .. }), "{err:?}");
    // A class without a teacher: whoever did it may confirm.
    confirm(&mut store.db, &confirm_input("Karim Haddad", Some(uses.teams_603), "2026-06-15"), None).unwrap();
    assert_eq!(state_of(&store, uses.teams_603), DeletionState::Confirmee);
    // One use, then the rest: the one already confirmed is left as it was.
    confirm(&mut store.db, &confirm_input("Marie Tremblay", Some(uses.teams_601), "2026-06-10"), None).unwrap();
    let err = refuse(&mut store, confirm_input("Marie Tremblay", Some(uses.teams_601), "2026-06-12"), None);
    assert!(err.to_string().contains("déjà confirmée : le 2026-06-10, attestation signée (papier)"), "{err}");
    let rest = confirm(&mut store.db, &confirm_input("Marie Tremblay", None, "2026-06-14"), None).unwrap();
    assert_eq!(rest.already_confirmed, vec![uses.teams_601]);
    assert_eq!(rest.uses.len(), 2);
}

#[test]
fn a_correction_is_a_new_event_with_its_reason() {
    let (mut store, uses) = school();
    store.on("2026-06-20");
    let input = |reason: &str| CorrectionInput {
        use_id: uses.dojo_601,
        on: Some(day("2026-06-18")),
        how: DeletionHow::Courriel,
        dossier: None,
        staff: None,
        keep: None,
        reason: reason.into(),
    };
    let err = correct(&mut store.db, &input("date mal lue"), None).unwrap_err();
    assert!(matches!(err, Error::DeletionNothingToCorrect(_)), "{err:?}");
    confirm(&mut store.db, &confirm_input("Marie Tremblay", Some(uses.dojo_601), "2026-06-19"), Some(&scan())).unwrap();
    let err = correct(&mut store.db, &input("  "), None).unwrap_err();
    assert!(err.to_string().contains("motif"), "a reason is required: {err}");
    let corrected = correct(&mut store.db, &input("date mal lue"), None).unwrap();
    assert_eq!(corrected.dossier, Some(false), "the 5.10 answer stays unless given");
    let list = list(&store.db, year(), day("2026-06-20")).unwrap();
    let row = list.groups.iter().flat_map(|g| &g.uses).find(|u| u.use_id == uses.dojo_601).unwrap();
    let c = row.confirmation.as_ref().unwrap();
    assert_eq!((c.on, c.how, c.corrected), (day("2026-06-18"), DeletionHow::Courriel, true));
    assert!(c.scan.is_some(), "the scan stays with the corrected confirmation");
    let kinds: Vec<&str> = row.history.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, vec!["confirmee", "corrigee"], "the original stays in the history");
    assert_eq!(row.history[1].reason.as_deref(), Some("date mal lue"));
    assert_eq!(row.history[1].corrects, Some(row.history[0].id));
    let audit = audit::latest(&store.db.conn, 1).unwrap();
    assert!(!audit[0].summary.contains("date mal lue"), "the reason stays in the event: {}", audit[0].summary);
}

#[test]
fn after_the_thirtieth_of_june_unconfirmed_is_late_and_a_late_confirmation_is_recorded() {
    let (mut store, uses) = school();
    store.on("2026-06-30");
    assert_eq!(state_of(&store, uses.teams_603), DeletionState::AFaire);
    store.on("2026-07-01");
    assert_eq!(state_of(&store, uses.teams_603), DeletionState::EnRetard);
    confirm(&mut store.db, &confirm_input("Karim Haddad", Some(uses.classroom_602), "2026-07-01"), None).unwrap();
    // Directive 5.9: late, not forbidden, and late it stays (issue 15, item 9).
    assert_eq!(state_of(&store, uses.classroom_602), DeletionState::ConfirmeeEnRetard, "late, not forbidden");
    let summary = summary(&store.db, year(), day("2026-07-01")).unwrap();
    assert_eq!((summary.confirmee, summary.confirmee_en_retard, summary.en_retard), (1, 1, 3));
    store.on("2026-08-20");
    assert_eq!(state_of(&store, uses.classroom_602), DeletionState::ConfirmeeEnRetard, "still late in August");
    let list = list(&store.db, year(), day("2026-08-20")).unwrap();
    let row = list.groups.iter().flat_map(|g| &g.uses).find(|u| u.use_id == uses.classroom_602).unwrap();
    assert_eq!(state_label(row.state), "confirmée en retard", "the list says it in words");
    let missing = outstanding(&store.db, year(), day("2026-08-20")).unwrap();
    assert!(missing.iter().all(|m| m.use_id != uses.classroom_602), "a late confirmation is not missing");
}

#[test]
fn deletion_events_are_append_only_except_during_a_purge() {
    let (mut store, uses) = school();
    store.on("2026-06-15");
    confirm(&mut store.db, &confirm_input("Marie Tremblay", Some(uses.dojo_601), "2026-06-15"), None).unwrap();
    let conn = &store.db.conn;
    assert!(conn.execute("UPDATE deletion_events SET on_date = '2026-06-01'", []).is_err(), "no update");
    assert!(conn.execute("DELETE FROM deletion_events", []).is_err(), "no delete");
    conn.execute("INSERT INTO purge_in_progress (one) VALUES (1)", []).unwrap();
    assert_eq!(conn.execute("DELETE FROM deletion_events", []).unwrap(), 1, "the year-end purge may delete");
    conn.execute("DELETE FROM purge_in_progress", []).unwrap();
}

/// Students of 601 and 602 inserted as an import would leave them (a row and a membership).
fn students(store: &mut Store) -> (i64, i64, i64) {
    let conn = &store.db.conn;
    let add = |fiche: &str, last: &str, first: &str, class: &str| -> i64 {
        let class_id: i64 = conn
            .query_row("SELECT id FROM classes WHERE year = '2025-2026' AND code = ?1", [class], |r| r.get(0))
            .unwrap();
        conn.execute(
            "INSERT INTO students (year, fiche, last_name, first_name, name_key, class_id, created_at, updated_at)
             VALUES ('2025-2026', ?1, ?2, ?3, ?4, ?5, 'x', 'x')",
            rusqlite::params![fiche, last, first, crate::roster::french_sort_key(&format!("{last} {first}")), class_id],
        )
        .unwrap();
        let id = conn.last_insert_rowid();
        conn.execute(
            "INSERT INTO class_memberships (student_id, class_id, from_on) VALUES (?1, ?2, '2025-08-28')",
            rusqlite::params![id, class_id],
        )
        .unwrap();
        id
    };
    (add("1001", "Côté", "Ève-Marie", "601"), add("1002", "N'Guessan", "Awa", "601"), add("2001", "Roy", "Léo", "602"))
}

fn keep(student: &str, document: &str) -> KeepInput {
    KeepInput { student_id: None, student: student.into(), document: document.into() }
}

/// Issue 15, item 6: the deletion list groups each use under its own staff (who must empty the
/// platform, Directive 5.9), and only they confirm it; a use without its own staff stays with the
/// class's teachers.
#[test]
fn the_list_groups_uses_by_their_own_staff_who_alone_confirm_them() {
    let (mut store, uses) = school();
    store.on("2026-06-10");
    staff::add(&mut store.db, &StaffDraft { name: "Sophie Roy".into(), email: String::new() }).unwrap();
    crate::register::platform_use::set_staff(&mut store.db, uses.teams_601, &["Sophie Roy".into()]).unwrap();
    let list = list(&store.db, year(), day("2026-06-10")).unwrap();
    let groups: Vec<(&str, Vec<i64>)> =
        list.groups.iter().map(|g| (g.staff.as_str(), g.uses.iter().map(|u| u.use_id).collect())).collect();
    assert_eq!(
        groups,
        vec![
            ("Karim Haddad", vec![uses.classroom_602]),
            ("Marie Tremblay", vec![uses.dojo_601, uses.classroom_602]),
            ("Sophie Roy", vec![uses.teams_601]),
            ("Sans enseignant·e", vec![uses.teams_603]),
        ],
        "5.9: Teams of 601 is Sophie's to empty, not the class teacher's"
    );
    let err =
        confirm(&mut store.db, &confirm_input("Marie Tremblay", Some(uses.teams_601), "2026-06-10"), None).unwrap_err();
    assert!(matches!(err, Error::DeletionNotOfStaff { .. }), "{err:?}");
    let mine = confirm(&mut store.db, &confirm_input("Marie Tremblay", None, "2026-06-10"), None).unwrap();
    assert_eq!(mine.uses.iter().map(|u| u.use_id).collect::<Vec<_>>(), vec![uses.dojo_601, uses.classroom_602]);
    confirm(&mut store.db, &confirm_input("Sophie Roy", None, "2026-06-10"), None).unwrap();
    assert_eq!(state_of(&store, uses.teams_601), DeletionState::Confirmee);
    let missing = outstanding(&store.db, year(), day("2026-06-10")).unwrap();
    assert_eq!(missing.iter().map(|m| m.use_id).collect::<Vec<_>>(), vec![uses.teams_603]);
}

/// Directive 5.10, issue 15 item 10: « les renseignements ou documents qui doivent être conservés
/// doivent être déposés au dossier de l'élève ». A confirmation saying so lists which students,
/// which documents; each line goes with the uses of the student's class; the list, not one box.
#[test]
fn a_confirmation_lists_the_documents_put_in_each_students_file() {
    let (mut store, uses) = school();
    store.on("2026-06-20");
    let (eve, awa, leo) = students(&mut store);
    let with = |keep_lines: Vec<KeepInput>, dossier: Option<bool>, use_id: Option<i64>| ConfirmInput {
        dossier,
        keep: keep_lines,
        ..confirm_input("Marie Tremblay", use_id, "2026-06-19")
    };
    // Refusals, nothing recorded: each says what 5.10 asks.
    type Refusal = (&'static str, ConfirmInput, &'static str);
    let refusals: [Refusal; 5] = [
        ("5.10: « oui » without the list", with(vec![], Some(true), None), "quels documents de quels élèves"),
        ("5.10: « non » with a list", with(vec![keep("1001", "portfolio")], Some(false), None), "« non »"),
        ("5.10: a student unknown this year", with(vec![keep("9999", "portfolio")], None, None), "9999"),
        ("5.10: a line without its document", with(vec![keep("1001", "  ")], None, None), "art. 5.10"),
        (
            "5.10: a student of none of the confirmed classes",
            with(vec![keep("2001", "dessin")], None, Some(uses.dojo_601)),
            "n'était dans aucune des classes",
        ),
    ];
    for (case, input, expected) in refusals {
        let before = event_count(&store);
        let err = confirm(&mut store.db, &input, None).unwrap_err();
        assert!(err.to_string().contains(expected), "{case}: {err}");
        assert_eq!(event_count(&store), before, "{case}: nothing recorded");
    }
    assert!(parse_keep("portfolio").is_err(), "ÉLÈVE:document");
    assert_eq!(parse_keep(" Côté, Ève-Marie : bulletin ").unwrap(), keep("Côté, Ève-Marie", "bulletin"));

    // Marie's three uses at once: Ève's and Léo's documents, by fiche and by « Nom, Prénom ».
    let lines = vec![
        keep("1001", "Portfolio d'écriture"),
        keep("roy, leo", "Dessin primé au concours"),
        keep("Côté, Ève-Marie", "portfolio d'écriture"),
    ];
    let confirmed = confirm(&mut store.db, &with(lines, None, None), None).unwrap();
    assert_eq!(confirmed.dossier, Some(true), "lines mean oui");
    assert_eq!(confirmed.kept.len(), 2, "a line given twice counts once");
    let list = list(&store.db, year(), day("2026-06-20")).unwrap();
    let row = |id: i64| list.groups.iter().flat_map(|g| &g.uses).find(|u| u.use_id == id).unwrap().clone();
    let dojo = row(uses.dojo_601).confirmation.unwrap();
    assert_eq!(
        dojo.kept.iter().map(|k| (k.student.as_str(), k.class_code.as_str(), k.document.as_str())).collect::<Vec<_>>(),
        vec![("Côté, Ève-Marie", "601", "Portfolio d'écriture")],
        "601's uses carry 601's student"
    );
    let classroom = row(uses.classroom_602).confirmation.unwrap();
    assert_eq!(classroom.kept.iter().map(|k| k.student_id).collect::<Vec<_>>(), vec![leo]);
    assert!(row(uses.dojo_601).history[0].summary.contains("Côté, Ève-Marie (601) : Portfolio d'écriture"));
    // The checklist: one line per student and document, naming every use it came with.
    let checklist: Vec<(Option<i64>, &str, Vec<&str>)> = list
        .checklist
        .iter()
        .map(|i| (i.student_id, i.document.as_str(), i.uses.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        checklist,
        vec![
            (Some(eve), "Portfolio d'écriture", vec!["601 ClassDojo", "601 Teams"]),
            (Some(leo), "Dessin primé au concours", vec!["602 Classroom"]),
        ]
    );
    assert!(list.checklist.iter().all(|i| i.staff == "Marie Tremblay" && i.confirmed_on == day("2026-06-19")));
    let journal = audit::latest(&store.db.conn, 1).unwrap().remove(0).summary;
    assert!(journal.contains("art. 5.10 : 2 document(s) de 2 élève(s)"), "{journal}");
    assert!(!journal.contains("Côté") && !journal.contains("Portfolio"), "counts only in the journal: {journal}");
    // The student's access export (policy 004, art. 4) shows what was kept in the file.
    let eve: i64 = store.db.conn.query_row("SELECT id FROM students WHERE fiche = '1001'", [], |r| r.get(0)).unwrap();
    let export = crate::access::export_student(&mut store.db, eve).unwrap();
    assert_eq!(
        export.kept_documents.iter().map(|k| k.document.as_str()).collect::<Vec<_>>(),
        ["Portfolio d'écriture"],
        "5.10 lines in the access export"
    );

    // A correction keeps the list unless a new one is given; a new one replaces it.
    let correction = |keep_lines: Option<Vec<KeepInput>>| CorrectionInput {
        use_id: uses.dojo_601,
        on: None,
        how: DeletionHow::Papier,
        dossier: None,
        staff: None,
        keep: keep_lines,
        reason: "ligne oubliée".into(),
    };
    let kept = correct(&mut store.db, &correction(None), None).unwrap();
    assert_eq!(kept.kept.len(), 1, "the list stays");
    let replaced = correct(
        &mut store.db,
        &correction(Some(vec![keep("1002", "Carnet de lecture"), keep("1001", "Portfolio d'écriture")])),
        None,
    )
    .unwrap();
    assert_eq!(replaced.kept.iter().map(|k| k.student_id).collect::<Vec<_>>(), vec![awa, eve]);
    let list = super::list(&store.db, year(), day("2026-06-20")).unwrap();
    assert_eq!(list.checklist.len(), 3, "Awa's notebook joins the checklist: {:#?}", list.checklist);

    // The lines are append-only with their confirmation.
    let conn = &store.db.conn;
    assert!(conn.execute("UPDATE deletion_keeps SET document = 'x'", []).is_err());
    assert!(conn.execute("DELETE FROM deletion_keeps", []).is_err());
}

/// A confirmation recorded before issue 15 had only the 5.10 box: it still reads « oui », and the
/// checklist shows it as documents not listed, so the principal knows whom to ask.
#[test]
fn an_old_yes_box_still_reads_as_it_was_recorded() {
    let (mut store, uses) = school();
    store.on("2026-06-20");
    let staff_id: i64 =
        store.db.conn.query_row("SELECT id FROM staff WHERE name = 'Marie Tremblay'", [], |r| r.get(0)).unwrap();
    for (use_id, dossier) in [(uses.dojo_601, Some(1)), (uses.teams_601, Some(0)), (uses.classroom_602, None)] {
        store
            .db
            .conn
            .execute(
                "INSERT INTO deletion_events (use_id, staff_id, kind, at, on_date, how, dossier)
                 VALUES (?1, ?2, 'confirmee', '2026-06-15T10:00:00-04:00', '2026-06-15', 'papier', ?3)",
                rusqlite::params![use_id, staff_id, dossier],
            )
            .unwrap();
    }
    let list = list(&store.db, year(), day("2026-06-20")).unwrap();
    let row = |id: i64| list.groups.iter().flat_map(|g| &g.uses).find(|u| u.use_id == id).unwrap().clone();
    type Case = (i64, Option<bool>, &'static str);
    let table: [Case; 3] = [
        (uses.dojo_601, Some(true), "versés au dossier de l'élève : oui (sans liste des documents)"),
        (uses.teams_601, Some(false), "versés au dossier de l'élève : non"),
        (uses.classroom_602, None, "attestation signée (papier)"),
    ];
    for (id, dossier, text) in table {
        let r = row(id);
        assert_eq!(r.confirmation.as_ref().unwrap().dossier, dossier, "5.10 box of use {id}");
        assert!(r.confirmation.as_ref().unwrap().kept.is_empty());
        assert!(r.history[0].summary.contains(text), "{}", r.history[0].summary);
    }
    assert!(!row(uses.classroom_602).history[0].summary.contains("dossier"), "not said, nothing said");
    assert_eq!(list.checklist.len(), 1);
    let item = &list.checklist[0];
    assert_eq!((item.student_id, item.document.as_str()), (None, crate::deletion::list::UNDETAILED));
    assert_eq!(item.uses, vec!["601 ClassDojo"]);
    // Correcting only the date keeps the old box as it was.
    let corrected = correct(
        &mut store.db,
        &CorrectionInput {
            use_id: uses.dojo_601,
            on: Some(day("2026-06-14")),
            how: DeletionHow::Papier,
            dossier: None,
            staff: None,
            keep: None,
            reason: "date".into(),
        },
        None,
    )
    .unwrap();
    assert_eq!((corrected.dossier, corrected.kept.len()), (Some(true), 0));
}

/// The follow-up PDF ends with the 5.10 checklist: which students, which documents, a box each.
#[test]
fn the_follow_up_prints_the_checklist_of_documents_to_file() {
    let (mut store, uses) = school();
    store.on("2026-06-20");
    students(&mut store);
    let input = ConfirmInput {
        dossier: None,
        keep: vec![keep("1001", "Portfolio d'écriture")],
        ..confirm_input("Marie Tremblay", Some(uses.dojo_601), "2026-06-19")
    };
    confirm(&mut store.db, &input, None).unwrap();
    let output = store._tmp.path().join("suivi.pdf");
    let printed = print_followup(&mut store.db, year(), &output, Existing::Refuse).unwrap();
    assert_eq!(printed.kept, 1);
    let text = flatten(&pages_text(&std::fs::read(&output).unwrap()).join("\n"));
    for expected in [
        "Documents à verser au dossier de l’élève (Directive, art. 5.10)",
        "Côté, Ève-Marie",
        "Portfolio d'écriture",
        "601 ClassDojo — Marie Tremblay, 2026-06-19",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    let journal = audit::latest(&store.db.conn, 1).unwrap().remove(0).summary;
    assert!(
        journal.contains("1 document(s) à verser au dossier (art. 5.10)") && !journal.contains("Côté"),
        "{journal}"
    );
}

/// Issue 16: a printed attestation comes back in a scanned stack. Its page is filed with the staff
/// member its code names; signed with 5.10 « non », it is clear and recorded as their signed
/// attestation for every use not yet confirmed, the page kept as the scan; the same page again is
/// « déjà enregistrée ». Another staff member's page with 5.10 « oui » waits for a person to type
/// its lines, and is recorded with them.
#[test]
fn a_scanned_attestation_is_filed_read_and_recorded_as_the_confirmation() {
    use crate::consent::scanned::{self as stack, FilingReason, PageAnswers, Standing};
    use crate::consent::state::Reply;
    use crate::forms::code::AttestationLayout;
    use crate::pdf::test_support::{pen_stroke, scanned};
    use crate::scan::input::Stack;
    use crate::scan::read::{read_page, Found, Options};

    let (mut store, uses) = school();
    let (_, _, leo) = students(&mut store);
    store.on("2026-06-01");
    let output = store._tmp.path().join("attestations.pdf");
    let request = AttestationRequest { year: year(), staff: None };
    print_attestations(&mut store.db, &request, &output, Existing::Refuse).unwrap();
    let pdf = std::fs::read(&output).unwrap();
    let marie = staff::find(&store.db, "Marie Tremblay").unwrap().id;
    let karim = staff::find(&store.db, "Karim Haddad").unwrap().id;

    // Each staff member's page, as the copier scans it: Karim's (5.10 « oui »), Marie's (« non »),
    // both signed; the classes without a teacher have no code.
    let dpi = 200;
    let mut files = Vec::new();
    for page in 1..=pages_text(&pdf).len() {
        let mut image = scanned(&pdf, page, dpi);
        let reading = read_page(&image, Some(dpi as f32), &Options::default());
        let Found::Attestation(code) = &reading.found else {
            assert_eq!(reading.found, Found::Unreadable, "page {page}: only the page without a teacher has no code");
            continue;
        };
        let layout: AttestationLayout = code.layout.expect("one page each");
        let side = usize::from(i64::from(code.staff_id) != karim);
        let rect = layout.sheet().rows[0][side];
        pen_stroke(&mut image, dpi, (rect.left + 0.8, rect.top + 0.8), (rect.left + 3.4, rect.top + 3.4));
        pen_stroke(&mut image, dpi, (rect.left + 3.4, rect.top + 0.8), (rect.left + 0.8, rect.top + 3.4));
        let line = layout.signature_line_mm;
        pen_stroke(&mut image, dpi, (28.0, line - 1.5), (50.0, line - 6.5));
        pen_stroke(&mut image, dpi, (50.0, line - 6.5), (75.0, line - 2.0));
        let mut png = Vec::new();
        image.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
        files.push((format!("attestation {page}.png"), png));
    }
    assert_eq!(files.len(), 2, "Marie's and Karim's attestations carry a code");

    store.on("2026-06-20");
    let read = stack::read_pages(Stack::from_files(files).unwrap(), true, &|_, _| {});
    let mut filed = stack::file_pages(&store.db, read).unwrap();
    let page_of = |filed: &stack::ReadStack, id: i64| {
        filed.pages.iter().find(|p| p.filed.attestation.as_ref().is_some_and(|a| a.staff_id == id)).unwrap().at.index
    };
    let (marie_page, karim_page) = (page_of(&filed, marie), page_of(&filed, karim));
    let marie_filed = &filed.pages.iter().find(|p| p.at.index == marie_page).unwrap().filed;
    assert_eq!(marie_filed.standing, Standing::Clear, "{marie_filed:?}");
    let view = marie_filed.attestation.as_ref().unwrap();
    assert_eq!(view.staff, "Marie Tremblay");
    assert_eq!(view.uses, ["601 — ClassDojo", "601 — Teams", "602 — Classroom"]);
    let karim_filed = &filed.pages.iter().find(|p| p.at.index == karim_page).unwrap().filed;
    assert_eq!(karim_filed.standing, Standing::Review);
    assert_eq!(karim_filed.reasons, [FilingReason::KeptToType]);

    // Karim's « oui »: without its lines, refused (5.10); with them, recorded with the page.
    let oui = |keep| PageAnswers { page: karim_page, q1: Reply::Oui, q2: Reply::Vide, keep };
    let refused = stack::record_pages(&mut store.db, &mut filed, &[oui(Vec::new())], None);
    assert!(!refused[0].recorded && refused[0].message.as_deref().unwrap_or("").contains("5.10"), "{refused:?}");
    assert_eq!(state_of(&store, uses.classroom_602), DeletionState::AttestationImprimee, "nothing recorded");
    let lines = vec![KeepInput { student_id: Some(leo), student: String::new(), document: "portfolio".into() }];
    let recorded = stack::record_pages(&mut store.db, &mut filed, &[oui(lines)], None);
    assert!(recorded[0].recorded, "{recorded:?}");
    assert_eq!(state_of(&store, uses.classroom_602), DeletionState::Confirmee);

    // Marie's clear page, as « Enregistrer les pages claires » sends it: her uses left.
    let (q1, q2) = filed.pages.iter().find(|p| p.at.index == marie_page).unwrap().clear_answers().unwrap();
    assert_eq!(q1, Reply::Non);
    let clear = PageAnswers { page: marie_page, q1, q2, keep: Vec::new() };
    let results = stack::record_pages(&mut store.db, &mut filed, std::slice::from_ref(&clear), Some(day("2026-06-19")));
    assert!(results[0].recorded, "{results:?}");
    for id in [uses.dojo_601, uses.teams_601] {
        assert_eq!(state_of(&store, id), DeletionState::Confirmee);
    }
    let list = list(&store.db, year(), day("2026-06-20")).unwrap();
    let row = list.groups.iter().flat_map(|g| &g.uses).find(|u| u.use_id == uses.teams_601).unwrap();
    let confirmation = row.confirmation.as_ref().unwrap();
    assert_eq!(
        (confirmation.on, confirmation.how, confirmation.dossier),
        (day("2026-06-19"), DeletionHow::Papier, Some(false))
    );
    let scan = confirmation.scan.as_ref().expect("the page is the confirmation's scan");
    assert!(scan.original_name.contains("attestation"), "{}", scan.original_name);
    let again = stack::record_pages(&mut store.db, &mut filed, &[clear], None);
    assert!(!again[0].recorded, "a page recorded once is not recorded twice");

    // The stack scanned again: both pages stand as already recorded, never overwritten.
    let files_again = (1..=pages_text(&pdf).len())
        .map(|page| {
            let mut png = Vec::new();
            scanned(&pdf, page, 150).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
            (format!("encore {page}.png"), png)
        })
        .collect();
    let read = stack::read_pages(Stack::from_files(files_again).unwrap(), false, &|_, _| {});
    let again = stack::file_pages(&store.db, read).unwrap();
    let standings: Vec<&Standing> = again.pages.iter().map(|p| &p.filed.standing).collect();
    assert_eq!(standings.iter().filter(|s| matches!(s, Standing::AlreadyRecorded { .. })).count(), 2, "{standings:?}");
}
