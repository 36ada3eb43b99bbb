//! Tests of closing, opening, retention and purge on a real encrypted store with fixed clocks:
//! closing windows and refusals, a closed year refusing every kind of write, the next year
//! opened empty, retention boundaries, the purge's dry run and its traceless removal (checked
//! on a plaintext export of the store, where the canary is first found, then not).

use super::*;
use crate::attachment::NewAttachment;
use crate::audit;
use crate::consent::batch::{self, BatchRequest, Selection};
use crate::consent::lookup;
use crate::consent::returns::{self, ReturnInput, SignerInput};
use crate::consent::state::{How, Reply};
use crate::deletion::DeletionState;
use crate::export::Existing;
use crate::register::class::{self, ClassDraft};
use crate::register::detail;
use crate::register::infraction::{self, InfractionDraft};
use crate::register::platform::Audience;
use crate::register::platform_use::{self, AuthorizationDraft, UseDraft};
use crate::register::staff::{self, StaffDraft};
use crate::roster::{self, ImportOptions};
use crate::test_store::{day, fresh, school_on, year, Store};

const CANARY: &str = "Zyxcanari";

const LIST: &str = "Fiche;Nom;Prénom;Date de naissance;Groupe;Niveau;Parent 1 nom;Parent 1 prénom;Parent 1 courriel
1001;Côté;Ève-Marie;2014-03-09;601;6e année;Côté;Luc;luc@exemple.ca
1002;Qwertonne;Zyxcanari;2014-04-12;601;6e année;Qwertonne;Zyxcanaria;zyxcanari@exemple.ca
1003;Émond;Zoé;2014-01-02;601;6e année;;;
";

/// A scan whose bytes name the canary (a PDF comment), to be searched for after the purge.
fn scan_bytes() -> Vec<u8> {
    crate::attachment::minimal_pdf("scan du formulaire de Zyxcanari Qwertonne")
}

/// A store of 2025-2026: class 601 (three students, one the canary), ClassDojo with a letter,
/// forms printed, one returned with a scan, one infraction, one backup.
fn school() -> (Store, Vec<String>) {
    let mut store = school_on(
        "2025-08-28",
        &[
            (Key::SchoolName, "École du Boisé"),
            (Key::ReturnEmail, "secretariat@exemple.ca"),
            (Key::FormDeadline, "2025-09-12"),
            (Key::SchoolYear, "2025-2026"),
        ],
        "Marie Tremblay",
    );
    class::add(
        &mut store.db,
        &ClassDraft { year: year(), code: "601".into(), level: "6e".into(), teachers: vec!["Marie Tremblay".into()] },
    )
    .unwrap();
    let use_ = platform_use::add(&mut store.db, &use_draft("601", "ClassDojo")).unwrap();
    let letter = NewAttachment::new("lettre.pdf", b"%PDF-1.4\n% lettre pour la classe 601\n%%EOF\n".to_vec());
    platform_use::authorize(
        &mut store.db,
        use_.id,
        &AuthorizationDraft { on: day("2025-08-28"), by: "Direction".into(), document: Some(letter), prior_use: true },
    )
    .unwrap();
    import(&mut store).unwrap();
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
    let numbers: Vec<String> = printed.forms.iter().map(|f| f.number.clone().unwrap()).collect();
    store.on("2025-09-03");
    // Class-list order: Côté, Émond, Qwertonne.
    let scan = NewAttachment::new("scan.pdf", scan_bytes());
    returns::record(&mut store.db, &numbers[2], &answers(Reply::Oui, Reply::Non), Some(&scan), false).unwrap();
    returns::record(&mut store.db, &numbers[0], &answers(Reply::Non, Reply::Non), None, false).unwrap();
    infraction::add(
        &mut store.db,
        &InfractionDraft {
            year: year(),
            class_code: "601".into(),
            platform: "Messenger".into(),
            found_on: day("2025-09-02"),
            description: "Conversation Messenger avec les parents de Zyxcanari".into(),
        },
    )
    .unwrap();
    crate::backup::create(&mut store.db, &store.data, &store.key).unwrap();
    (store, numbers)
}

fn use_draft(class_code: &str, platform: &str) -> UseDraft {
    UseDraft {
        year: year(),
        class_code: class_code.into(),
        platform: platform.into(),
        audience: Audience::Parents,
        started_on: day("2025-08-28"),
        notes: String::new(),
        staff: Vec::new(),
    }
}

fn import(store: &mut Store) -> Result<roster::ImportSummary> {
    let table = roster::read_table(LIST.as_bytes(), "liste.csv", None).unwrap();
    let mapping = roster::recognise(&table.headers, &[]).unwrap();
    let (rows, rejected) = roster::rows(&table, &mapping);
    let options = ImportOptions { file_name: "liste.csv".into(), withdraw_missing: true, ..ImportOptions::default() };
    roster::apply(&mut store.db, year(), &rows, &rejected, &options)
}

fn answers(q1: Reply, q2: Reply) -> ReturnInput {
    ReturnInput {
        q1,
        q2,
        received_on: None,
        signer: SignerInput::OnFile,
        how: How::Papier,
        do_not_contact_reason: None,
    }
}

fn count(store: &Store, table: &str) -> i64 {
    store.db.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

fn journal(store: &Store) -> String {
    audit::latest(&store.db.conn, 1000)
        .unwrap()
        .iter()
        .map(|e| format!("{} | {} | {}\n", e.action, e.object, e.summary))
        .collect()
}

/// The store decrypted into a plaintext SQLite file, read back as bytes.
fn plaintext(store: &Store, name: &str) -> Vec<u8> {
    let path = store._tmp.path().join(name);
    // The store's connection may not create files: an empty file is an empty database.
    std::fs::write(&path, b"").unwrap();
    store
        .db
        .conn
        .execute_batch(&format!(
            "ATTACH DATABASE '{}' AS plain KEY ''; SELECT sqlcipher_export('plain'); DETACH DATABASE plain;",
            path.display()
        ))
        .unwrap();
    std::fs::read(&path).unwrap()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

#[test]
fn a_year_closes_from_the_first_of_june_once_and_is_audited() {
    let mut store = fresh("2026-05-31");
    let err = close(&mut store.db, year(), None).unwrap_err();
    assert_eq!(err.code(), "year_too_early_to_close", "31 May is before 1 June: {err}");
    assert!(err.to_string().contains("2026-06-01"), "the refusal says from when: {err}");
    let err = close(&mut store.db, year(), Some("on part en vacances".into())).unwrap_err();
    assert_eq!(err.code(), "year_too_early_to_close", "an override does not close a running year");
    assert_eq!(closed_on(&store.db.conn, year()).unwrap(), None);

    store.on("2026-06-01");
    let closure = close(&mut store.db, year(), None).unwrap();
    assert_eq!(closure.closed_on, day("2026-06-01"));
    assert!(closure.missing.is_empty() && closure.override_reason.is_none());
    assert_eq!(closed_on(&store.db.conn, year()).unwrap(), Some(day("2026-06-01")));
    assert!(
        journal(&store).contains("annee.cloture | année 2025-2026 | année close le 2026-06-01"),
        "{}",
        journal(&store)
    );

    let err = close(&mut store.db, year(), None).unwrap_err();
    assert_eq!(err.code(), "year_already_closed", "closing twice is refused: {err}");
    let stored = closure_of(&store);
    assert_eq!(stored, closure, "the closure row reads back as written");
}

fn closure_of(store: &Store) -> Closure {
    super::closure(&store.db, year()).unwrap().expect("closed")
}

#[test]
fn an_override_needs_a_reason_and_is_a_plain_closing_when_nothing_is_missing() {
    let mut store = fresh("2026-07-02");
    let err = close(&mut store.db, year(), Some("   ".into())).unwrap_err();
    assert_eq!(err.code(), "override_reason_needed", "{err}");
    assert_eq!(closed_on(&store.db.conn, year()).unwrap(), None, "nothing written");
    let closure = close(&mut store.db, year(), Some("Attestations perdues".into())).unwrap();
    assert_eq!(closure.override_reason, None, "nothing was missing: no override to keep");
}

#[test]
fn the_refusal_counts_what_is_missing_and_names_the_first_by_class_and_platform_only() {
    let missing: Vec<Outstanding> = (1..=7)
        .map(|i| Outstanding {
            use_id: i,
            class_code: format!("60{i}"),
            platform: "ClassDojo".into(),
            staff: "Marie Tremblay".into(),
            state: DeletionState::EnRetard,
        })
        .collect();
    let err = missing_error(year(), &missing);
    let text = err.to_string();
    assert_eq!(err.code(), "year_not_confirmed");
    assert!(text.starts_with("Impossible de clore l'année 2025-2026 : 7 suppression(s)"), "{text}");
    assert!(text.contains("601 — ClassDojo (utilisation n° 1), 602 — ClassDojo (utilisation n° 2)"), "{text}");
    assert!(
        text.contains("605 — ClassDojo (utilisation n° 5), et 2 autre(s)"),
        "five named, then the rest counted: {text}"
    );
    assert!(!text.contains("606"), "only the first five: {text}");
    assert!(!text.contains("Tremblay"), "no staff name in an error message: {text}");
    assert!(text.contains("--override --reason"), "the message says how to close anyway: {text}");
    assert!(err.message_en().contains("7 end-of-year deletion(s)"), "{}", err.message_en());
    // The stored list reads back whole, staff included (it stays in the encrypted closure row).
    let json = serde_json::to_string(&missing).unwrap();
    assert_eq!(missing_from_json(&json), missing);
}

#[test]
fn a_closed_year_refuses_every_write_on_its_data_and_leaves_it_unchanged() {
    let (mut store, numbers) = school();
    store.on("2026-06-15");
    close(&mut store.db, year(), Some("Une attestation manque".into())).unwrap();
    let before = (
        count(&store, "classes"),
        count(&store, "platform_uses"),
        count(&store, "form_events"),
        count(&store, "audit"),
    );
    let read_only = |err: Error, what: &str| {
        assert_eq!(err.code(), "year_read_only", "{what}: {err}");
        assert!(err.to_string().starts_with("L'année 2025-2026 est close (depuis le 2026-06-15)"), "{what}: {err}");
    };
    let draft =
        ClassDraft { year: year(), code: "602".into(), level: String::new(), teachers: vec!["Marie Tremblay".into()] };
    read_only(class::add(&mut store.db, &draft).unwrap_err(), "class add");
    let change = class::ClassChange { level: Some("6e B".into()), teachers: None };
    read_only(class::set(&mut store.db, year(), "601", &change).unwrap_err(), "class set");
    read_only(platform_use::add(&mut store.db, &use_draft("601", "Teams")).unwrap_err(), "use add");
    let use_id = detail::uses(&store.db, year(), None).unwrap()[0].platform_use.id;
    read_only(platform_use::end(&mut store.db, use_id, day("2026-06-15")).unwrap_err(), "use end");
    // 15 June: the year is not over, so the consent is refused because the year is closed.
    let err = returns::record(&mut store.db, &numbers[1], &answers(Reply::Oui, Reply::Oui), None, false).unwrap_err();
    read_only(err, "consent record");
    read_only(import(&mut store).unwrap_err(), "roster import");
    let request = BatchRequest {
        year: year(),
        selection: Selection::Class("601".into()),
        use_id: None,
        missing_only: true,
        per_guardian: false,
        with_presentation: false,
    };
    let output = store._tmp.path().join("rappels.pdf");
    read_only(batch::print_annexe_a(&mut store.db, &request, &output, Existing::Refuse).unwrap_err(), "print forms");
    assert!(!output.exists(), "no PDF printed for a closed year");
    let after = (
        count(&store, "classes"),
        count(&store, "platform_uses"),
        count(&store, "form_events"),
        count(&store, "audit"),
    );
    assert_eq!(before, after, "a refused write changes nothing, not even the journal");
    // The catalogue and staff belong to no year: still writable.
    staff::add(&mut store.db, &StaffDraft { name: "Paul Gagnon".into(), email: String::new() }).unwrap();
}

#[test]
fn a_year_over_but_not_closed_refuses_consents_only() {
    let (mut store, numbers) = school();
    store.on("2026-07-02");
    let err = returns::record(&mut store.db, &numbers[1], &answers(Reply::Oui, Reply::Oui), None, false).unwrap_err();
    assert_eq!(err.code(), "year_closed", "consent expires with the year: {err}");
    let draft =
        ClassDraft { year: year(), code: "602".into(), level: String::new(), teachers: vec!["Marie Tremblay".into()] };
    class::add(&mut store.db, &draft).expect("the register of a year over but not closed can still be completed");
}

#[test]
fn the_next_year_opens_from_june_keeps_catalogue_and_staff_and_carries_nothing_over() {
    let (mut store, _) = school();
    store.on("2026-05-31");
    let err = open(&mut store.db, SchoolYear::starting(2026)).unwrap_err();
    assert_eq!(err.code(), "year_open_refused", "{err}");
    assert!(err.to_string().contains("à partir du 2026-06-01"), "{err}");
    store.on("2026-06-20");
    let err = open(&mut store.db, SchoolYear::starting(2027)).unwrap_err();
    assert!(err.to_string().contains("seule l'année qui suit l'année en cours (2025-2026)"), "{err}");
    let platforms = count(&store, "platforms");
    let opened = open(&mut store.db, SchoolYear::starting(2026)).unwrap();
    assert_eq!(opened.previous, year());
    assert_eq!((opened.platforms_kept as i64, opened.staff_kept), (platforms, 1));
    assert_eq!(settings::get(&store.db, Key::SchoolYear).unwrap(), "2026-2027");
    let next = SchoolYear::starting(2026);
    assert!(detail::uses(&store.db, next, None).unwrap().is_empty(), "no use carries over");
    assert!(roster::list_students(&store.db, next, None).unwrap().is_empty(), "no student carries over");
    assert_eq!(roster::list_students(&store.db, year(), None).unwrap().len(), 3, "the past year is still there");
    assert!(journal(&store).contains("annee.ouverture | année 2026-2027"), "audited");
    let err = open(&mut store.db, next).unwrap_err();
    assert!(err.to_string().contains("(2026-2027)"), "opening twice asks for the year after: {err}");
    let years = list(&store.db).unwrap();
    assert_eq!(years[0].year, next);
    assert!(years[0].current && years[0].state == YearState::Open);
    assert_eq!((years[1].year, years[1].state), (year(), YearState::Open), "20 June: 2025-2026 still runs");
}

#[test]
fn retention_runs_from_the_closing_day_with_the_anniversary_as_the_first_purge_day() {
    assert_eq!(purge_due_on(day("2026-06-30"), 1), day("2027-06-30"));
    assert_eq!(purge_due_on(day("2026-06-30"), 0), day("2026-06-30"));
    assert_eq!(purge_due_on(day("2026-07-15"), 3), day("2029-07-15"));
    assert_eq!(purge_due_on(day("2028-02-29"), 1), day("2029-02-28"), "29 February falls back to the 28th");
    assert_eq!(closing_opens_on(year()), day("2026-06-01"));
    assert_eq!(next_year(year()), SchoolYear::starting(2026));

    let mut store = fresh("2026-06-30");
    close(&mut store.db, year(), None).unwrap();
    store.on("2027-06-29");
    let report = purge(&mut store.db, &store.data, &store.key, true).unwrap();
    assert!(report.years.is_empty(), "the day before the anniversary nothing is due: {report:?}");
    store.on("2027-06-30");
    let report = purge(&mut store.db, &store.data, &store.key, true).unwrap();
    assert_eq!(report.years.len(), 1, "due on the anniversary");
    assert_eq!(report.years[0].purge_due_on, Some(day("2027-06-30")));
    settings::set(&mut store.db, Key::RetentionYears, "2").unwrap();
    let report = purge(&mut store.db, &store.data, &store.key, true).unwrap();
    assert!(report.years.is_empty(), "two years of retention: not yet");
    assert_eq!(settings::validate(Key::RetentionYears, "11").unwrap_err().code(), "invalid_setting");
}

#[test]
fn a_dry_run_lists_the_expired_years_with_their_counts_and_writes_nothing() {
    let (mut store, _) = school();
    store.on("2026-06-30");
    close(&mut store.db, year(), Some("ClassDojo non confirmé".into())).unwrap();
    store.on("2027-07-01");
    let (audit_before, students_before) = (count(&store, "audit"), count(&store, "students"));
    let backups_before = crate::backup::list(&store.data).unwrap();
    let report = purge(&mut store.db, &store.data, &store.key, true).unwrap();
    assert!(report.dry_run);
    assert_eq!(report.years.len(), 1);
    let counts = &report.years[0].counts;
    let expected = PurgeCounts {
        students: 3,
        guardians: 2,
        classes: 1,
        uses: 1,
        forms: 3,
        forms_returned: 2,
        consents_given: 1,
        consents_refused: 2,
        consents_withdrawn: 0,
        deletion_confirmations: 0,
        attachments: 2,
        access_requests: 0,
    };
    assert_eq!(counts, &expected, "three students, two forms back (one yes, the other refused)");
    assert_eq!((count(&store, "audit"), count(&store, "students")), (audit_before, students_before), "nothing written");
    assert_eq!(crate::backup::list(&store.data).unwrap(), backups_before, "no backup touched");
    assert!(report.backup_made.is_none() && report.backups_removed.is_empty());
}

#[test]
fn a_purge_removes_the_personal_information_keeps_the_counts_and_leaves_no_trace() {
    let (mut store, numbers) = school();
    std::fs::create_dir_all(store.data.exports()).unwrap();
    std::fs::write(store.data.exports().join("balise-formulaires-601.pdf"), CANARY).unwrap();
    store.on("2026-06-30");
    close(&mut store.db, year(), Some("Attestation de Marie Tremblay perdue".into())).unwrap();
    let old_backups = crate::backup::list(&store.data).unwrap();
    assert_eq!(old_backups.len(), 1);
    let before = plaintext(&store, "avant.db");
    assert!(contains(&before, CANARY.as_bytes()), "the plaintext export finds the canary before the purge");
    assert!(contains(&before, &scan_bytes()[..20]), "and the scan's bytes");

    store.on("2027-06-30");
    let audit_before = count(&store, "audit");
    let report = purge(&mut store.db, &store.data, &store.key, false).unwrap();
    assert_eq!(report.years.len(), 1);
    assert!(!report.years[0].purged_at.is_empty());
    for table in
        ["students", "guardians", "class_memberships", "forms", "form_events", "attachments", "purge_in_progress"]
    {
        assert_eq!(count(&store, table), 0, "{table} emptied");
    }
    assert_eq!(count(&store, "classes"), 1, "the register's skeleton stays");
    assert_eq!(count(&store, "platform_uses"), 1);
    let description: String = store.db.conn.query_row("SELECT description FROM infractions", [], |r| r.get(0)).unwrap();
    assert_eq!(description, "[purgé]", "an infraction's text may name people");
    let stored: String = store.db.conn.query_row("SELECT counts FROM purged_years", [], |r| r.get(0)).unwrap();
    let stored: PurgeCounts = serde_json::from_str(&stored).unwrap();
    assert_eq!(stored.students, 3);
    assert_eq!(stored.forms, 3);
    // The audit: one purge entry more (then the fresh backup's), none rewritten, no name.
    assert!(count(&store, "audit") > audit_before);
    let log = journal(&store);
    assert!(log.contains("annee.purge | années 2025-2026 | renseignements personnels purgés"), "{log}");
    assert!(!log.contains(CANARY) && !log.contains("Tremblay perdue"), "no name nor reason in the journal");
    assert!(store.db.verify().unwrap().ok, "verify passes: audit chain intact");

    // No trace: the plaintext export, the store file, its WAL, the backups, the exports.
    let after = plaintext(&store, "apres.db");
    assert!(!contains(&after, CANARY.as_bytes()), "the canary is gone from the decrypted store");
    assert!(!contains(&after, &utf16le(CANARY)), "in UTF-16 too");
    assert!(!contains(&after, &scan_bytes()[..20]), "and the scan's bytes");
    let free: i64 = store.db.conn.query_row("PRAGMA freelist_count", [], |r| r.get(0)).unwrap();
    assert_eq!(free, 0, "VACUUM left no free page");
    let wal = store.data.database().with_extension("db-wal");
    assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0, "the WAL was truncated");
    let backups = crate::backup::list(&store.data).unwrap();
    assert_eq!(backups.len(), 1, "one fresh backup: {backups:?}");
    assert_ne!(backups[0].file, old_backups[0].file, "the old one is deleted");
    assert_eq!(report.backups_removed, vec![old_backups[0].file.clone()]);
    assert_eq!(report.exports_removed, 1);
    assert!(std::fs::read_dir(store.data.exports()).unwrap().next().is_none(), "exports emptied");

    // The year reads as purged, and stays read-only.
    let years = list(&store.db).unwrap();
    let past = years.iter().find(|y| y.year == year()).expect("2025-2026 is listed");
    assert_eq!(past.state, YearState::Purged, "{years:?}");
    assert_eq!(past.counts.as_ref().map(|c| c.forms), Some(3));
    let err = lookup::lookup(&store.db, &numbers[0]).unwrap_err();
    assert_eq!(err.code(), "form_not_found", "the form is gone");
    // A second purge finds nothing to do and writes nothing.
    let audit_now = count(&store, "audit");
    assert!(purge(&mut store.db, &store.data, &store.key, false).unwrap().years.is_empty());
    assert_eq!(count(&store, "audit"), audit_now);
}

#[test]
fn the_append_only_histories_still_refuse_deletion_outside_a_purge() {
    let (store, _) = school();
    for table in ["form_events", "class_memberships", "forms"] {
        let err = store.db.conn.execute(&format!("DELETE FROM {table}"), []).unwrap_err();
        assert!(err.to_string().contains("ajout seulement") || err.to_string().contains("purge"), "{table}: {err}");
    }
    assert_eq!(count(&store, "form_events"), 5, "three printed, two returned");
}

/// Issue 15, item 17: a request register must not keep what the purge removes. A request goes
/// with the year in which it was answered; an open one stays (its answer is still owed) but no
/// longer points at the purged rows.
#[test]
fn a_purge_removes_the_requests_answered_by_the_years_end_and_unlinks_the_open_ones() {
    use crate::access::requests::{self, NewRequest, RequestAnswer, RequestKind, Subject};
    let (mut store, _) = school();
    let canary: i64 =
        store.db.conn.query_row("SELECT id FROM students WHERE fiche = '1002'", [], |r| r.get(0)).unwrap();
    let parent: i64 =
        store.db.conn.query_row("SELECT id FROM guardians WHERE student_id = ?1", [canary], |r| r.get(0)).unwrap();
    store.on("2025-09-15");
    let ask = |received: &str, subject, requester: &str, details: &str| NewRequest {
        received_on: day(received),
        kind: RequestKind::Acces,
        details: details.into(),
        requester: requester.into(),
        subject: Some(subject),
    };
    let answered =
        requests::add(&mut store.db, &ask("2025-09-10", Subject::Parent(parent), "", "le dossier de Zyxcanari"))
            .unwrap();
    assert!(answered.requester.contains(CANARY));
    requests::answer(&mut store.db, answered.id, RequestAnswer::Accordee, day("2025-09-14"), "").unwrap();
    store.on("2026-06-25");
    let open = requests::add(&mut store.db, &ask("2026-06-20", Subject::Eleve(canary), "Jeanne Doe", "rectification"))
        .unwrap();
    store.on("2026-06-30");
    close(&mut store.db, year(), Some("pour l'essai".into())).unwrap();
    store.on("2027-06-30");
    let dry = purge(&mut store.db, &store.data, &store.key, true).unwrap();
    assert_eq!(dry.years[0].counts.access_requests, 1, "the answered request is counted");
    let report = purge(&mut store.db, &store.data, &store.key, false).unwrap();
    assert_eq!(report.years[0].counts.access_requests, 1);
    let left = requests::list(&store.db, false).unwrap();
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!((left[0].id, left[0].requester.as_str(), left[0].open), (open.id, "Jeanne Doe", true));
    assert!(left[0].subject.is_none(), "unlinked from the purged student");
    let after = plaintext(&store, "apres.db");
    assert!(!contains(&after, CANARY.as_bytes()), "no request keeps the purged name");
}

/// Issue 17: a year's projects go with it — their students, classes, staff, adults, forms, events
/// and scans — and the store still verifies (no form event or membership left pointing at nothing).
#[test]
fn a_purge_removes_the_years_projects_their_adults_and_their_forms() {
    use crate::consent::project_forms::{self, ItemsReturn, ProjectPrint, Who};
    use crate::projects::{self, AdultDraft, AdultRole, ProjectDraft};
    let (mut store, _) = school();
    store.on("2025-10-02");
    let project = projects::add(
        &mut store.db,
        &ProjectDraft {
            title: "Expo-sciences".into(),
            description: String::new(),
            medium: "Journal".into(),
            social: false,
            starts_on: day("2025-10-01"),
            ends_on: day("2026-05-29"),
            classes: vec!["601".into()],
            staff: vec!["Marie Tremblay".into()],
        },
    )
    .unwrap();
    projects::add_adult(
        &mut store.db,
        project.id,
        &AdultDraft { role: AdultRole::Parent, last_name: "Bérubé".into(), first_name: "Anne".into(), staff: None },
    )
    .unwrap();
    let mut numbers = Vec::new();
    for who in [Who::Students { class: None }, Who::Adults] {
        let output = store._tmp.path().join(format!("projet-{}.pdf", numbers.len()));
        let printed = project_forms::print(
            &mut store.db,
            &ProjectPrint { project_id: project.id, who, missing_only: false },
            &output,
            Existing::Refuse,
        )
        .unwrap();
        numbers.extend(printed.forms.into_iter().map(|f| f.number));
    }
    let scan = NewAttachment::new("annexe4.pdf", crate::attachment::minimal_pdf("annexe 4 signée"));
    let input = ItemsReturn {
        ticked: vec!["photos".into()],
        received_on: None,
        signer: SignerInput::OnFile,
        how: How::Papier,
        do_not_contact_reason: None,
    };
    project_forms::record(&mut store.db, numbers.last().unwrap(), &input, Some(&scan)).unwrap();
    assert!(count(&store, "adults") == 1 && count(&store, "project_classes") == 1);

    store.on("2026-06-30");
    close(&mut store.db, year(), Some("Attestation de Marie Tremblay perdue".into())).unwrap();
    store.on("2027-06-30");
    purge(&mut store.db, &store.data, &store.key, false).unwrap();
    for table in ["projects", "project_classes", "project_students", "project_staff", "adults", "forms", "form_events"]
    {
        assert_eq!(count(&store, table), 0, "{table} emptied");
    }
    assert_eq!(count(&store, "attachments"), 0, "the annexe's scan too");
    assert!(store.db.verify().unwrap().ok, "verify passes: no foreign key left dangling");
}
