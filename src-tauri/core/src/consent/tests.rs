//! Tests of the returns on a real encrypted store (in-memory keychain, fixed clock): recording,
//! the refusal of a form already recorded, corrections, withdrawals, refusals, signers (« ne pas
//! contacter », the student of 14), scans, closed years, the follow-up counts and lists, the
//! exports, and that the class sheet and the dashboard read the same derived answers.

use crate::attachment::NewAttachment;
use crate::audit;
use crate::consent::batch::{self, BatchRequest, Selection};
use crate::consent::followup;
use crate::consent::lookup;
use crate::consent::returns::{self, RefusalInput, ReturnInput, SignerInput, WithdrawalInput};
use crate::consent::sheet::{self, SheetRequest};
use crate::consent::state::{How, Question, Reply};
use crate::dashboard;
use crate::export::Existing;
use crate::forms::Answer;
use crate::register::class::{self, ClassDraft};
use crate::register::platform::Audience;
use crate::register::platform_use::{self, UseDraft};
use crate::roster::{self, ImportOptions};
use crate::settings::Key;
use crate::test_store::{authorize_use, day, school_on, year, Store};

const LIST: &str = "Fiche;Nom;Prénom;Date de naissance;Groupe;Niveau;Parent 1 nom;Parent 1 prénom;Parent 1 courriel;Parent 2 nom;Parent 2 prénom;Parent 2 courriel
1001;Côté;Ève-Marie;2014-03-09;601;6e année;Côté;Luc;luc@exemple.ca;Bérubé;Anne;anne@exemple.ca
1002;N'Guessan;Awa;2011-04-12;601;6e année;N'Guessan;Aya;aya@exemple.ca;;;
1003;Émond;Zoé;2014-01-02;601;6e année;;;;;;
";

/// A store on 28 August 2025 with class 601 (three students), ClassDojo in use, and its forms printed.
pub(crate) fn printed_store() -> (Store, Vec<String>) {
    printed_store_of(LIST)
}

/// The same with the class list `list`.
fn printed_store_of(list: &str) -> (Store, Vec<String>) {
    printed_store_numbered(list, &[0; 32])
}

/// The same with the class list `list`, the store's numbering secret being `secret`.
fn printed_store_numbered(list: &str, secret: &[u8]) -> (Store, Vec<String>) {
    let mut store = school_on(
        "2025-08-28",
        &[
            (Key::CssName, "Centre de services scolaire des Patriotes"),
            (Key::SchoolName, "École du Boisé"),
            (Key::ReturnEmail, "secretariat@exemple.ca"),
            (Key::FormDeadline, "2025-09-12"),
        ],
        "Marie Tremblay",
    );
    store.db.conn.execute("UPDATE form_numbering SET secret = ?1", [secret]).unwrap();
    class::add(
        &mut store.db,
        &ClassDraft { year: year(), code: "601".into(), level: "6e".into(), teachers: vec!["Marie Tremblay".into()] },
    )
    .unwrap();
    let dojo = platform_use::add(
        &mut store.db,
        &UseDraft {
            year: year(),
            class_code: "601".into(),
            platform: "ClassDojo".into(),
            audience: Audience::Parents,
            started_on: day("2025-08-28"),
            notes: String::new(),
            staff: Vec::new(),
        },
    )
    .unwrap();
    authorize_use(&mut store.db, dojo.id, "2025-08-28");
    let table = roster::read_table(list.as_bytes(), "liste.csv", None).unwrap();
    let mapping = roster::recognise(&table.headers, &[]).unwrap();
    let (rows, rejected) = roster::rows(&table, &mapping);
    let options = ImportOptions { file_name: "liste.csv".into(), ..ImportOptions::default() };
    roster::apply(&mut store.db, year(), &rows, &rejected, &options).unwrap();
    let output = store._tmp.path().join("formulaires.pdf");
    let request = BatchRequest {
        year: year(),
        selection: Selection::Class("601".into()),
        use_id: None,
        missing_only: false,
        per_guardian: false,
        with_presentation: false,
    };
    let printed = batch::print_annexe_a(&mut store.db, &request, &output, Existing::Refuse).unwrap();
    // Class-list order: Côté, Émond, N'Guessan.
    let numbers = printed.forms.iter().map(|f| f.number.clone().unwrap()).collect();
    (store, numbers)
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

impl Store {
    fn answers_of(&self, number: &str) -> (Answer, Answer) {
        let card = lookup::lookup(&self.db, number).unwrap();
        (card.state.q1, card.state.q2)
    }

    fn event_count(&self) -> i64 {
        self.db.conn.query_row("SELECT count(*) FROM form_events", [], |r| r.get(0)).unwrap()
    }

    fn journal(&self) -> String {
        audit::latest(&self.db.conn, 500)
            .unwrap()
            .iter()
            .map(|e| format!("{} | {} | {}\n", e.action, e.object, e.summary))
            .collect()
    }

    fn sheet(&self) -> sheet::SheetSummary {
        let request = SheetRequest { year: year(), class_code: "601".into(), use_id: None };
        let (use_id, sheet) = sheet::sheets(&self.db, &request).unwrap().remove(0);
        sheet::summary(&sheet, use_id)
    }
}

#[test]
fn a_returned_form_is_recorded_with_its_audit_entry_and_changes_what_the_teacher_may_do() {
    let (mut store, numbers) = printed_store();
    store.on("2025-09-03");
    assert_eq!(store.sheet().must_not.len(), 3, "nobody answered yet: everyone is restricted");
    let recorded = returns::record(&mut store.db, &numbers[0], &input(Reply::Oui, Reply::Non), None, false).unwrap();
    assert_eq!((recorded.state.q1, recorded.state.q2), (Answer::Oui, Answer::Non));
    assert!(recorded.state.may_show && !recorded.state.may_write);
    assert_eq!(recorded.state.returned_on, Some(day("2025-09-03")));

    // Typed in lower case with no dash, as a hurried secretary would: same form.
    let card = lookup::lookup(&store.db, &numbers[0].to_lowercase().replace('-', "")).unwrap();
    assert_eq!(card.student, "Côté, Ève-Marie");
    assert_eq!(card.platform, "ClassDojo");
    assert_eq!(card.guardians.len(), 2);
    let received = card.events.iter().find(|e| e.kind == "recu").unwrap();
    assert!(
        received.summary.contains("Q1 oui, Q2 non") && received.summary.contains("Luc Côté"),
        "{}",
        received.summary
    );

    let sheet = store.sheet();
    assert_eq!(sheet.may_show, vec!["Côté, Ève-Marie"]);
    assert!(sheet.may_write.is_empty());
    assert_eq!(sheet.must_not.len(), 3, "a no to question 2 still restricts");

    let journal = store.journal();
    assert!(journal.contains(&format!("consentement.reception | formulaire {}", numbers[0])), "{journal}");
    assert!(journal.contains("Q1 oui, Q2 non"), "{journal}");
    for name in ["Côté", "Luc", "Ève"] {
        assert!(!journal.contains(name), "no name in the journal ({name}):\n{journal}");
    }
    assert_eq!(audit::verify_chain(&store.db.conn).unwrap(), None);
}

#[test]
fn a_form_already_recorded_is_refused_with_what_was_recorded_then_corrected() {
    let (mut store, numbers) = printed_store();
    store.on("2025-09-03");
    returns::record(&mut store.db, &numbers[0], &input(Reply::Oui, Reply::Oui), None, false).unwrap();
    let events = store.event_count();
    let err = returns::record(&mut store.db, &numbers[0], &input(Reply::Non, Reply::Non), None, false).unwrap_err();
    assert_eq!(err.code(), "form_already_recorded");
    assert!(err.to_string().contains("reçu le 2025-09-03, Q1 oui, Q2 oui"), "{err}");
    assert_eq!(store.event_count(), events, "nothing written");

    let err = returns::correct(&mut store.db, &numbers[0], &input(Reply::Oui, Reply::Non), "  ", None).unwrap_err();
    assert_eq!(err.code(), "invalid_value", "a correction needs its reason");
    let corrected =
        returns::correct(&mut store.db, &numbers[0], &input(Reply::Oui, Reply::Non), "case 2 mal lue", None).unwrap();
    assert_eq!((corrected.state.q1, corrected.state.q2), (Answer::Oui, Answer::Non));
    assert_eq!(corrected.state.returned_on, Some(day("2025-09-03")), "the receipt keeps its day");
    let card = lookup::lookup(&store.db, &numbers[0]).unwrap();
    let kinds: Vec<&str> = card.events.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, ["imprime", "recu", "corrige"], "the original stays in the history");
    assert!(card.events[2].summary.contains("case 2 mal lue"));

    // Nothing to correct on a form not back yet.
    let err = returns::correct(&mut store.db, &numbers[1], &input(Reply::Oui, Reply::Oui), "x", None).unwrap_err();
    assert_eq!(err.code(), "nothing_to_correct");

    // A new signed form (`again`) replaces the answers from its day.
    store.on("2025-10-15");
    returns::record(&mut store.db, &numbers[0], &input(Reply::Non, Reply::Non), None, true).unwrap();
    assert_eq!(store.answers_of(&numbers[0]), (Answer::Non, Answer::Non));
}

#[test]
fn two_people_recording_the_same_form_at_the_same_moment_get_one_receipt() {
    // 40 students; for each form, two handles on the store (two windows, or a window and a
    // command) record it at the same instant, one oui/oui and one non/non.
    let mut list = LIST.lines().next().unwrap().to_string() + "\n";
    for n in 0..40 {
        list += &format!("{};Élève{n};Prénom;2014-03-09;601;6e année;Parent;Un;p{n}@exemple.ca;;;\n", 2000 + n);
    }
    let (mut store, numbers) = printed_store_of(&list);
    assert_eq!(numbers.len(), 40);
    store.on("2025-09-03");
    let database = store.data.database();
    let barrier = std::sync::Barrier::new(2);
    let replies = [Reply::Oui, Reply::Non];
    let outcomes: Vec<Vec<crate::error::Result<returns::Recorded>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = replies
            .iter()
            .map(|reply| {
                let (database, key, barrier, numbers) = (&database, &store.key, &barrier, &numbers);
                scope.spawn(move || {
                    let mut db =
                        crate::settings::open_store(database, key, crate::test_store::clock("2025-09-03")).unwrap();
                    numbers
                        .iter()
                        .map(|number| {
                            barrier.wait();
                            returns::record(&mut db, number, &input(*reply, *reply), None, false)
                        })
                        .collect()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let mut doubles = 0;
    for (index, number) in numbers.iter().enumerate() {
        let acknowledged = outcomes.iter().filter(|o| o[index].is_ok()).count();
        doubles += usize::from(acknowledged > 1);
        assert!(acknowledged >= 1, "form {number}: neither record was taken: {:?}", outcomes[0][index].as_ref().err());
        for outcome in &outcomes {
            if let Err(e) = &outcome[index] {
                assert_eq!(e.code(), "form_already_recorded", "the loser is told what was recorded: {e}");
            }
        }
    }
    store.on("2025-09-03");
    let receipts: i64 =
        store.db.conn.query_row("SELECT count(*) FROM form_events WHERE kind = 'recu'", [], |r| r.get(0)).unwrap();
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "figures : concurrent records: 40 pairs, {} acknowledged, {doubles} double acknowledgements, {receipts} receipts stored",
        40 + doubles
    );
    assert_eq!(doubles, 0, "two people were both told « Enregistré » for the same form");
    assert_eq!(receipts, 40, "one receipt per form in the history");
}

/// Prints class 601's forms for a new use of `platform`; their numbers, in class-list order.
fn print_for(store: &mut Store, platform: &str) -> Vec<String> {
    let draft = UseDraft {
        year: year(),
        class_code: "601".into(),
        platform: platform.into(),
        // As the catalogue approves it, so that art. 4 needs nothing more than the permission.
        audience: if platform == "Teams" { Audience::Students } else { Audience::Parents },
        started_on: day("2025-08-28"),
        notes: String::new(),
        staff: Vec::new(),
    };
    let use_id = platform_use::add(&mut store.db, &draft).unwrap().id;
    authorize_use(&mut store.db, use_id, "2025-08-28");
    let output = store._tmp.path().join(format!("{platform}.pdf"));
    let request = BatchRequest {
        year: year(),
        selection: Selection::Class("601".into()),
        use_id: Some(use_id),
        missing_only: false,
        per_guardian: false,
        with_presentation: false,
    };
    let printed = batch::print_annexe_a(&mut store.db, &request, &output, Existing::Replace).unwrap();
    printed.forms.iter().map(|f| f.number.clone().unwrap()).collect()
}

#[test]
fn a_printed_number_never_names_another_student_here_or_in_another_store() {
    let (mut here, numbers_here) = printed_store();
    let (there, numbers_there) = printed_store_numbered(LIST, &[1; 32]);
    // Each new store draws its own secret (the test stores fix theirs, for the snapshots).
    let drawn = || -> Vec<u8> {
        let folder = tempfile::tempdir().unwrap();
        let data = crate::paths::DataDir::new(folder.path().join("Balise"));
        let keychain = crate::keychain::MemoryKeychain::default();
        let (unlocked, _) = crate::vault::create(&data, &keychain, crate::test_store::clock("2025-08-28")).unwrap();
        unlocked.db.conn.query_row("SELECT secret FROM form_numbering", [], |r| r.get(0)).unwrap()
    };
    assert_ne!(drawn(), drawn(), "each store draws its own numbering secret");
    // Two schools print their first forms under different numbers: a paper from one is unknown
    // to the other.
    for number in &numbers_there {
        assert!(!numbers_here.contains(number), "{number} is printed by both stores");
        assert_eq!(lookup::lookup(&here.db, number).unwrap_err().code(), "form_not_found");
    }
    drop(there);

    // A backup, then forms printed after it, then the backup restored: the restored store
    // never gives those papers' numbers to its new forms.
    let backup = crate::backup::create(&mut here.db, &here.data, &here.key).unwrap();
    let after_backup = print_for(&mut here, "Teams");
    let backup_path = here.data.backups().join(&backup.file);
    crate::backup::restore(&here.data, &here.key, &backup_path, &crate::test_store::clock("2025-08-28")).unwrap();
    here.on("2025-08-28");
    for number in &after_backup {
        assert_eq!(lookup::lookup(&here.db, number).unwrap_err().code(), "form_not_found", "{number} is lost");
    }
    let reprinted = print_for(&mut here, "Teams");
    for number in &reprinted {
        assert!(!after_backup.contains(number), "{number} named one child before the restore and another after");
    }
    // The forms known before the backup keep their numbers.
    assert!(lookup::lookup(&here.db, &numbers_here[0]).is_ok());
}

#[test]
fn a_withdrawal_moves_the_student_to_must_not_appear_from_its_day() {
    let (mut store, numbers) = printed_store();
    store.on("2025-09-03");
    returns::record(&mut store.db, &numbers[0], &input(Reply::Oui, Reply::Oui), None, false).unwrap();
    assert!(!store.sheet().must_not.contains(&"Côté, Ève-Marie".to_string()));

    store.on("2025-10-01");
    let withdrawal = WithdrawalInput { question: Question::Q1, on: None, by: "Luc Côté".into(), how: How::Verbal };
    let after = returns::withdraw(&mut store.db, &numbers[0], &withdrawal, None).unwrap();
    assert_eq!((after.state.q1, after.state.q2), (Answer::Non, Answer::Oui));
    assert!(after.state.withdrawn);
    let sheet = store.sheet();
    assert!(sheet.must_not.contains(&"Côté, Ève-Marie".to_string()));
    assert!(sheet.may_write.contains(&"Côté, Ève-Marie".to_string()), "question 2 still stands");

    // Withdrawing question 1 again: nothing left to take back.
    let err = returns::withdraw(&mut store.db, &numbers[0], &withdrawal, None).unwrap_err();
    assert_eq!(err.code(), "nothing_to_withdraw");
    // Nor on a form never returned.
    let err = returns::withdraw(&mut store.db, &numbers[1], &withdrawal, None).unwrap_err();
    assert_eq!(err.code(), "nothing_to_withdraw");
    // Nor in the future.
    let future = WithdrawalInput { on: Some(day("2025-10-05")), question: Question::Q2, ..withdrawal.clone() };
    assert_eq!(returns::withdraw(&mut store.db, &numbers[0], &future, None).unwrap_err().code(), "invalid_value");
    assert!(store.journal().contains("retrait (question 1) le 2025-10-01"));
}

#[test]
fn a_refusal_and_a_blank_answer_count_as_no_and_are_followed_up() {
    let (mut store, numbers) = printed_store();
    store.on("2025-09-05");
    let refusal =
        RefusalInput { on: None, signer: SignerInput::OnFile, how: How::Courriel, do_not_contact_reason: None };
    returns::refuse(&mut store.db, &numbers[0], &refusal, None).unwrap();
    returns::record(&mut store.db, &numbers[2], &input(Reply::Vide, Reply::Oui), None, false).unwrap();
    assert_eq!(store.answers_of(&numbers[0]), (Answer::Non, Answer::Non));
    assert_eq!(store.answers_of(&numbers[2]), (Answer::SansReponse, Answer::Oui));

    let follow = followup::follow_up(&store.db, year()).unwrap();
    let c = follow.school;
    assert_eq!((c.expected, c.printed, c.received, c.missing, c.blank, c.refused), (3, 3, 2, 1, 1, 1));
    assert_eq!(follow.classes.len(), 1);
    assert_eq!(follow.classes[0].counts, c);
    assert_eq!(follow.deadline, Some(day("2025-09-12")));
    assert!(!follow.overdue);

    let missing = followup::missing(&store.db, year(), None).unwrap();
    let listed: Vec<(&str, &str)> = missing.iter().map(|m| (m.student.as_str(), m.status)).collect();
    assert_eq!(listed, [("Émond, Zoé", "non_retourne"), ("N'Guessan, Awa", "reponse_vide")]);

    // After the deadline, the dashboard says it is overdue.
    store.on("2025-09-15");
    let board = dashboard::current(&store.db).unwrap();
    let consents = board.consents.unwrap();
    assert!(consents.overdue);
    assert_eq!(consents.school.missing, 1);

    // The reminders print only the form not back.
    let request = BatchRequest {
        year: year(),
        selection: Selection::Class("601".into()),
        use_id: None,
        missing_only: true,
        per_guardian: false,
        with_presentation: false,
    };
    let plan = batch::plan(&store.db, &request).unwrap();
    assert_eq!(plan.iter().map(|f| f.student.as_str()).collect::<Vec<_>>(), ["Émond, Zoé"]);
}

#[test]
fn signers_are_checked_do_not_contact_needs_an_audited_override_and_students_must_be_14() {
    let (mut store, numbers) = printed_store();
    let anne: i64 =
        store.db.conn.query_row("SELECT id FROM guardians WHERE first_name = 'Anne'", [], |r| r.get(0)).unwrap();
    store.db.conn.execute("UPDATE guardians SET do_not_contact = 1 WHERE id = ?1", [anne]).unwrap();
    store.on("2025-09-03");
    let mut by_anne = input(Reply::Oui, Reply::Oui);
    by_anne.signer = SignerInput::Name("anne berube".into());
    let err = returns::record(&mut store.db, &numbers[0], &by_anne, None, false).unwrap_err();
    assert_eq!(err.code(), "do_not_contact_signer");
    by_anne.do_not_contact_reason = Some("jugement de garde présenté au secrétariat".into());
    returns::record(&mut store.db, &numbers[0], &by_anne, None, false).unwrap();
    let card = lookup::lookup(&store.db, &numbers[0]).unwrap();
    assert!(card.events.iter().any(|e| e.summary.contains("jugement de garde")), "the reason is in the history");
    let journal = store.journal();
    assert!(journal.contains("dérogation"), "{journal}");
    assert!(
        !journal.contains("jugement") && !journal.contains("Anne"),
        "the reason and the name stay out of the journal"
    );

    // The Annexe A is signed by a parent: a student's own consent needs the school's setting
    // (issue 15, item 4), off by default.
    let mut by_student = input(Reply::Oui, Reply::Non);
    by_student.signer = SignerInput::Student;
    assert_eq!(
        returns::record(&mut store.db, &numbers[2], &by_student, None, false).unwrap_err().code(),
        "student_consent_off"
    );
    crate::settings::set(&mut store.db, Key::StudentConsent, "oui").unwrap();
    // Zoé (born 2014) is 11: she may not sign; Awa (born April 2011) is 14.
    assert_eq!(
        returns::record(&mut store.db, &numbers[1], &by_student, None, false).unwrap_err().code(),
        "student_too_young"
    );
    assert!(!lookup::lookup(&store.db, &numbers[1]).unwrap().student_may_sign);
    assert!(lookup::lookup(&store.db, &numbers[2]).unwrap().student_may_sign);
    let recorded = returns::record(&mut store.db, &numbers[2], &by_student, None, false).unwrap();
    assert!(recorded.state.student_signed);
    assert!(store.journal().contains("signé par l'élève (14 ans ou plus)"));

    // Zoé has no guardian on file: the default signer cannot be guessed.
    assert_eq!(
        returns::record(&mut store.db, &numbers[1], &input(Reply::Oui, Reply::Oui), None, false).unwrap_err().code(),
        "signer_needed"
    );
    let mut named = input(Reply::Oui, Reply::Oui);
    named.signer = SignerInput::Name("Jeanne Émond (tutrice)".into());
    returns::record(&mut store.db, &numbers[1], &named, None, false).unwrap();
    assert!(store.journal().contains("signataire non inscrit au dossier : ne compte pas"));
}

/// Issue 15, items 1 and 2, on a real store: each guardian's copy is that guardian's answer
/// (5.7), a signer not on file does not count until linked, a withdrawal names its reporter.
#[test]
fn each_guardians_copy_counts_for_that_guardian_and_a_stranger_until_linked() {
    let (mut store, numbers) = printed_store();
    let cote = &numbers[0];
    store.on("2025-09-05");
    let by = |name: &str, q1, q2, on: &str| ReturnInput {
        signer: SignerInput::Name(name.into()),
        received_on: Some(day(on)),
        ..input(q1, q2)
    };
    // The mother's copy: no, no.
    returns::record(&mut store.db, cote, &by("Anne Bérubé", Reply::Non, Reply::Non, "2025-09-03"), None, false)
        .unwrap();
    // Her copy typed a second time: refused as already recorded, nothing written.
    let before = store.event_count();
    let err =
        returns::record(&mut store.db, cote, &by("Bérubé, Anne", Reply::Oui, Reply::Oui, "2025-09-04"), None, false)
            .unwrap_err();
    assert_eq!(err.code(), "form_already_recorded");
    assert_eq!(store.event_count(), before);
    // The father's own copy the next day, without --again: his answer, contradictory, counts as no.
    let recorded =
        returns::record(&mut store.db, cote, &by("Luc Côté", Reply::Oui, Reply::Oui, "2025-09-04"), None, false)
            .unwrap();
    assert_eq!((recorded.state.q1, recorded.state.q2), (Answer::Non, Answer::Non));
    assert!(recorded.state.contradictory && !recorded.state.may_show && !recorded.state.may_write);
    assert_eq!(recorded.state.status, crate::consent::FormStatus::Contradictory);
    let missing = followup::missing(&store.db, year(), None).unwrap();
    assert!(
        missing.iter().any(|m| m.number.as_deref() == Some(cote.as_str()) && m.status == "reponses_contradictoires"),
        "the contradiction is followed up"
    );
    assert_eq!(followup::follow_up(&store.db, year()).unwrap().school.contradictory, 1);
    let request = SheetRequest { year: year(), class_code: "601".into(), use_id: None };
    let (_, sheet) = sheet::sheets(&store.db, &request).unwrap().remove(0);
    let (_, why) = sheet.lists.restricted.iter().find(|(name, _)| name.starts_with("Côté")).unwrap();
    assert!(why.contains("contradictoires"), "{why}");
    // The way out: the father withdraws (5.8), which settles it as no for both.
    let withdrawal = WithdrawalInput {
        question: Question::Both,
        on: Some(day("2025-09-05")),
        by: "Luc Côté".into(),
        how: How::Verbal,
    };
    let settled = returns::withdraw(&mut store.db, cote, &withdrawal, None).unwrap();
    assert!(!settled.state.contradictory && settled.state.withdrawn);
    assert_eq!((settled.state.q1, settled.state.q2), (Answer::Non, Answer::Non));

    // Awa's form signed by someone not on file: recorded, does not count, followed up.
    let awa = &numbers[2];
    let stranger = returns::record(
        &mut store.db,
        awa,
        &by("Inconnu Quelconque", Reply::Oui, Reply::Oui, "2025-09-04"),
        None,
        false,
    )
    .unwrap();
    assert!(stranger.state.unknown_signer && !stranger.state.may_show && !stranger.state.may_write);
    assert_eq!(stranger.state.status, crate::consent::FormStatus::UnknownSigner);
    assert!(followup::missing(&store.db, year(), None)
        .unwrap()
        .iter()
        .any(|m| m.number.as_deref() == Some(awa.as_str()) && m.status == "signataire_non_inscrit"));
    // Linked to Awa's mother on file: it counts, from its own date; the original stays.
    let aya: i64 =
        store.db.conn.query_row("SELECT id FROM guardians WHERE first_name = 'Aya'", [], |r| r.get(0)).unwrap();
    let linked = returns::link_signer(&mut store.db, awa, &returns::LinkTo::Guardian(aya)).unwrap();
    assert!(!linked.state.unknown_signer && linked.state.may_show && linked.state.may_write);
    let card = lookup::lookup(&store.db, awa).unwrap();
    assert!(card.events.iter().any(|e| e.summary.contains("Inconnu Quelconque")), "the original stays");
    assert!(!store.journal().contains("Inconnu"), "no name in the journal");
    // Nothing left to link.
    assert_eq!(
        returns::link_signer(&mut store.db, awa, &returns::LinkTo::Guardian(aya)).unwrap_err().code(),
        "no_unknown_signer"
    );
    // Zoé has no guardian on file: her tutor, recorded as holding parental authority, counts.
    let zoe = &numbers[1];
    returns::record(&mut store.db, zoe, &by("Jeanne Émond", Reply::Oui, Reply::Non, "2025-09-04"), None, false)
        .unwrap();
    let reason = returns::LinkTo::Authority("tutelle : jugement présenté le 2025-09-04".into());
    let linked = returns::link_signer(&mut store.db, zoe, &reason).unwrap();
    assert_eq!((linked.state.q1, linked.state.q2), (Answer::Oui, Answer::Non));
    assert!(!store.journal().contains("jugement"), "the reason stays in the form's history");
}

#[test]
fn bad_numbers_dates_and_scans_are_refused_and_nothing_is_written() {
    let (mut store, numbers) = printed_store();
    store.on("2025-09-03");
    let before = store.event_count();
    let mut typo = numbers[0].clone().into_bytes();
    typo[0] = if typo[0] == b'K' { b'M' } else { b'K' };
    let typo = String::from_utf8(typo).unwrap();
    assert_eq!(lookup::lookup(&store.db, &typo).unwrap_err().code(), "form_number_invalid");
    assert_eq!(lookup::lookup(&store.db, &crate::forms::number::encode(999)).unwrap_err().code(), "form_not_found");

    let mut early = input(Reply::Oui, Reply::Oui);
    early.received_on = Some(day("2025-08-20"));
    let err = returns::record(&mut store.db, &numbers[0], &early, None, false).unwrap_err();
    assert!(err.to_string().contains("précède l'impression"), "{err}");
    early.received_on = Some(day("2025-09-04"));
    assert!(returns::record(&mut store.db, &numbers[0], &early, None, false)
        .unwrap_err()
        .to_string()
        .contains("futur"));

    let docx = NewAttachment::new("formulaire.docx", b"PK\x03\x04....word/document.xml....".to_vec());
    let err =
        returns::record(&mut store.db, &numbers[0], &input(Reply::Oui, Reply::Oui), Some(&docx), false).unwrap_err();
    assert_eq!(err.code(), "scan_unsupported");
    let truncated = NewAttachment::new("scan.pdf", b"%PDF-1.7\n1 0 obj << >> endobj\n".to_vec());
    let err = returns::record(&mut store.db, &numbers[0], &input(Reply::Oui, Reply::Oui), Some(&truncated), false)
        .unwrap_err();
    assert_eq!(err.code(), "scan_malformed");
    let huge = NewAttachment::new(
        "scan.pdf",
        [b"%PDF-1.7\n".to_vec(), vec![b' '; 21 * 1024 * 1024], b"%%EOF".to_vec()].concat(),
    );
    let err =
        returns::record(&mut store.db, &numbers[0], &input(Reply::Oui, Reply::Oui), Some(&huge), false).unwrap_err();
    assert_eq!(err.code(), "attachment_too_large");
    assert_eq!(store.event_count(), before, "nothing was written");

    // A good scan is kept encrypted with its SHA-256 and shown in the history.
    let scan = NewAttachment::new("Côté Ève.pdf", crate::attachment::minimal_pdf("formulaire signé"));
    returns::record(&mut store.db, &numbers[0], &input(Reply::Oui, Reply::Oui), Some(&scan), false).unwrap();
    let card = lookup::lookup(&store.db, &numbers[0]).unwrap();
    let meta = card.events.iter().find_map(|e| e.scan.clone()).expect("the scan is in the history");
    assert_eq!(meta.size as usize, scan.bytes.len());
    let content = crate::attachment::open(&store.db, meta.id).unwrap();
    assert_eq!(content.bytes, scan.bytes);
}

#[test]
fn a_past_year_is_closed_and_nothing_carries_over() {
    let (mut store, numbers) = printed_store();
    store.on("2025-09-03");
    returns::record(&mut store.db, &numbers[0], &input(Reply::Oui, Reply::Oui), None, false).unwrap();
    store.on("2026-07-02");
    let card = lookup::lookup(&store.db, &numbers[0]).unwrap();
    assert!(card.year_closed);
    let err = returns::record(&mut store.db, &numbers[1], &input(Reply::Oui, Reply::Oui), None, false).unwrap_err();
    assert_eq!(err.code(), "year_closed");
    assert!(err.to_string().contains("2025-2026"));
    // The next year has no consent at all: its follow-up starts empty.
    let next = followup::follow_up(&store.db, crate::year::SchoolYear::starting(2026)).unwrap();
    assert_eq!(next.school.received, 0);
}

#[test]
fn the_follow_up_exports_neutralise_formulas_in_csv_and_xlsx() {
    let (mut store, _numbers) = printed_store();
    store.db.conn.execute("UPDATE students SET last_name = '=HYPERLINK(\"x\")' WHERE fiche = '1003'", []).unwrap();
    let dir = store._tmp.path().to_path_buf();
    let csv_path = dir.join("suivi.csv");
    let exported = followup::export(&mut store.db, year(), Some("601"), &csv_path, Existing::Refuse).unwrap();
    assert_eq!(exported.rows, 3);
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert!(text.starts_with('\u{feff}'), "a BOM, for Excel");
    assert!(text.contains("'=HYPERLINK"), "{text}");
    assert!(!text.contains(";=HYPERLINK"), "{text}");
    assert!(text.contains("Classe;Élève;Fiche;Plateforme;Formulaire;État;Parents à joindre"));
    assert!(text.contains("Luc Côté <luc@exemple.ca>"));
    assert_eq!(
        followup::export(&mut store.db, year(), None, &csv_path, Existing::Refuse).unwrap_err().code(),
        "export_target_exists"
    );
    let xlsx_path = dir.join("suivi.xlsx");
    followup::export(&mut store.db, year(), None, &xlsx_path, Existing::Refuse).unwrap();
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&xlsx_path).unwrap();
    use calamine::Reader;
    let range = workbook.worksheet_range("Suivi").unwrap();
    let cell = range.rows().find(|row| row[2] == "1003").unwrap()[1].to_string();
    assert_eq!(cell, "'=HYPERLINK(\"x\"), Zoé");
    let formulas = workbook.worksheet_formula("Suivi").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formula in the workbook");
    assert_eq!(
        followup::export(&mut store.db, year(), None, &dir.join("suivi.ods"), Existing::Refuse).unwrap_err().code(),
        "invalid_value"
    );
    assert!(store.journal().contains("suivi.export"));
}

#[test]
fn the_search_by_name_finds_a_students_forms_ignoring_accents() {
    let (mut store, numbers) = printed_store();
    store.on("2025-09-03");
    for query in ["cote eve", "Ève-Marie Côté", "côté"] {
        let hits = lookup::search(&store.db, year(), query).unwrap();
        assert_eq!(hits.len(), 1, "{query}");
        assert_eq!(hits[0].number, numbers[0]);
    }
    let hits = lookup::search(&store.db, year(), "EMOND").unwrap();
    assert_eq!(hits[0].student, "Émond, Zoé");
    assert!(lookup::search(&store.db, year(), "z").unwrap().is_empty(), "one letter is too short");
}

#[test]
fn a_name_the_font_cannot_print_is_flagged_before_printing() {
    let (store, _numbers) = printed_store();
    store.db.conn.execute("UPDATE students SET first_name = 'Zoé 美玲' WHERE fiche = '1003'", []).unwrap();
    let request = BatchRequest {
        year: year(),
        selection: Selection::Class("601".into()),
        use_id: None,
        missing_only: false,
        per_guardian: false,
        with_presentation: false,
    };
    let plan = batch::plan(&store.db, &request).unwrap();
    let flagged: Vec<(&str, &str)> = plan
        .iter()
        .filter(|f| !f.unprintable.is_empty())
        .map(|f| (f.student.as_str(), f.unprintable.as_str()))
        .collect();
    assert_eq!(flagged, [("Émond, Zoé 美玲", "美玲")]);
}

/// The reviewed text of the follow-up list exported as CSV (after its BOM, checked here and kept
/// out of the snapshot where it would be invisible): a form not back, a blank answer, and the
/// forms of a platform added after the printing; `UPDATE_EXPECT=1` rewrites the snapshot.
#[test]
fn the_follow_up_csv_matches_its_reviewed_text() {
    let (mut store, numbers) = printed_store();
    platform_use::add(
        &mut store.db,
        &UseDraft {
            year: year(),
            class_code: "601".into(),
            platform: "Teams".into(),
            audience: Audience::Students,
            started_on: day("2025-09-02"),
            notes: String::new(),
            staff: Vec::new(),
        },
    )
    .unwrap();
    store.on("2025-09-05");
    returns::record(&mut store.db, &numbers[0], &input(Reply::Oui, Reply::Oui), None, false).unwrap();
    returns::record(&mut store.db, &numbers[2], &input(Reply::Vide, Reply::Oui), None, false).unwrap();
    let csv_path = store._tmp.path().join("suivi.csv");
    followup::export(&mut store.db, year(), None, &csv_path, Existing::Refuse).unwrap();
    let text = std::fs::read_to_string(&csv_path).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a BOM, for Excel");
    expect_test::expect_file!["snapshots/followup.csv"].assert_eq(text);
}

/// Issue 15, item 7: a platform a class uses with the parents and with the students is one
/// consent: one Annexe A per student (its two questions cover both audiences), counted once in
/// the follow-up, one teacher's sheet; each audience's use still needs its own authorization.
#[test]
fn a_platform_used_with_parents_and_students_prints_one_form_per_student() {
    let (mut store, numbers) = printed_store();
    let students_use = platform_use::add(
        &mut store.db,
        &UseDraft {
            year: year(),
            class_code: "601".into(),
            platform: "ClassDojo".into(),
            audience: Audience::Students,
            started_on: day("2025-08-28"),
            notes: String::new(),
            staff: Vec::new(),
        },
    )
    .unwrap();
    let request = BatchRequest {
        year: year(),
        selection: Selection::Class("601".into()),
        use_id: None,
        missing_only: false,
        per_guardian: false,
        with_presentation: false,
    };
    // Art. 4: the students' use has no permission yet: nothing prints.
    assert_eq!(batch::plan(&store.db, &request).unwrap_err().code(), "use_not_authorized");
    authorize_use(&mut store.db, students_use.id, "2025-08-28");
    let plan = batch::plan(&store.db, &request).unwrap();
    assert_eq!(plan.len(), 3, "one form per student, not per audience");
    let planned: Vec<&str> = plan.iter().filter_map(|f| f.number.as_deref()).collect();
    assert_eq!(planned, numbers.iter().map(String::as_str).collect::<Vec<_>>(), "the forms already printed");
    // Asking for the students' use prints the same forms.
    let only_students = BatchRequest { use_id: Some(students_use.id), ..request.clone() };
    assert_eq!(batch::plan(&store.db, &only_students).unwrap().len(), 3);
    let follow_up = followup::follow_up(&store.db, year()).unwrap();
    assert_eq!(follow_up.school.expected, 3, "counted once");
    let sheets =
        sheet::sheets(&store.db, &SheetRequest { year: year(), class_code: "601".into(), use_id: None }).unwrap();
    assert_eq!(sheets.len(), 1, "one teacher's sheet for the platform");
}

/// Issue 15, item 6: the Annexe A names « le membre du personnel » who uses the platform: the
/// use's own staff (a specialist with Teams), else the class's teachers joined with « et ».
#[test]
fn the_annexe_a_names_the_uses_own_staff_else_the_class_teachers() {
    let (mut store, _) = printed_store();
    let page_of = |store: &Store, file: &str| {
        let bytes = std::fs::read(store._tmp.path().join(file)).unwrap();
        crate::pdf::test_support::flatten(&crate::pdf::test_support::pages_text(&bytes)[0])
    };
    let default = page_of(&store, "formulaires.pdf");
    assert!(default.contains("Marie Tremblay"), "the class's teacher by default: {default}");
    for name in ["Sophie Roy", "Karim Haddad"] {
        crate::register::staff::add(
            &mut store.db,
            &crate::register::staff::StaffDraft { name: name.into(), email: String::new() },
        )
        .unwrap();
    }
    let dojo: i64 = store.db.conn.query_row("SELECT id FROM platform_uses", [], |r| r.get(0)).unwrap();
    platform_use::set_staff(&mut store.db, dojo, &["Sophie Roy".into(), "Karim Haddad".into()]).unwrap();
    print_for(&mut store, "Teams");
    let request = BatchRequest {
        year: year(),
        selection: Selection::Class("601".into()),
        use_id: Some(dojo),
        missing_only: false,
        per_guardian: false,
        with_presentation: false,
    };
    let output = store._tmp.path().join("dojo.pdf");
    batch::print_annexe_a(&mut store.db, &request, &output, Existing::Refuse).unwrap();
    let own = page_of(&store, "dojo.pdf");
    assert!(own.contains("Karim Haddad et Sophie Roy"), "the use's own staff, joined with « et »: {own}");
    assert!(!own.contains("Marie Tremblay"), "not the class's teacher: {own}");
    let teams = page_of(&store, "Teams.pdf");
    assert!(teams.contains("Marie Tremblay"), "a use without staff of its own keeps the class's teachers: {teams}");
}

/// Issue 15, item 6: the teacher's sheet of a use goes to the staff member who uses the platform:
/// the use's own staff, else the class's teachers.
#[test]
fn the_teachers_sheet_names_the_uses_own_staff() {
    let (mut store, _) = printed_store();
    let request = SheetRequest { year: year(), class_code: "601".into(), use_id: None };
    let (_, sheet) = sheet::sheets(&store.db, &request).unwrap().remove(0);
    assert_eq!(sheet.staff, ["Marie Tremblay"], "the class's teacher by default");
    crate::register::staff::add(
        &mut store.db,
        &crate::register::staff::StaffDraft { name: "Sophie Roy".into(), email: String::new() },
    )
    .unwrap();
    let dojo: i64 = store.db.conn.query_row("SELECT id FROM platform_uses", [], |r| r.get(0)).unwrap();
    platform_use::set_staff(&mut store.db, dojo, &["Sophie Roy".into()]).unwrap();
    let (_, sheet) = sheet::sheets(&store.db, &request).unwrap().remove(0);
    assert_eq!(sheet.staff, ["Sophie Roy"], "the use's own staff");
}

/// The printed reminder list (issue 15, item 13): per class, each form to chase with what is
/// missing in French — not back, not printed, a blank answer, contradictory answers (5.7), a
/// signer not on file — the guardians to contact and what the teacher does, against the deadline
/// in Paramètres; written through the one export door and journaled. Its reviewed text is
/// `pdf/snapshots/reminder_list.txt`; `UPDATE_EXPECT=1` rewrites it.
#[test]
fn the_reminder_list_prints_each_class_forms_to_chase_with_what_the_teacher_does() {
    use crate::pdf::test_support::{flatten, pages_text, pdftotext, screenshot};
    let list = format!(
        "{LIST}1004;Roy;Léo;2014-05-05;601;6e année;Roy;Lise;lise@exemple.ca;;;\n\
         1005;Gagnon;Noah;2014-06-06;602;6e année;Gagnon;Marc;marc.gagnon@exemple.ca;;;\n"
    );
    let (mut store, numbers) = printed_store_of(&list);
    platform_use::add(
        &mut store.db,
        &UseDraft {
            year: year(),
            class_code: "602".into(),
            platform: "Teams".into(),
            audience: Audience::Students,
            started_on: day("2025-09-02"),
            notes: String::new(),
            staff: Vec::new(),
        },
    )
    .unwrap();
    store.on("2025-09-05");
    // Class-list order: Côté, Émond, N'Guessan, Roy.
    let by = |name: &str, q1, q2| ReturnInput { signer: SignerInput::Name(name.into()), ..input(q1, q2) };
    returns::record(&mut store.db, &numbers[0], &by("Anne Bérubé", Reply::Non, Reply::Non), None, false).unwrap();
    returns::record(&mut store.db, &numbers[0], &by("Luc Côté", Reply::Oui, Reply::Oui), None, false).unwrap();
    returns::record(&mut store.db, &numbers[2], &by("Inconnu Quelconque", Reply::Oui, Reply::Oui), None, false)
        .unwrap();
    returns::record(&mut store.db, &numbers[3], &input(Reply::Vide, Reply::Oui), None, false).unwrap();

    let reminders = followup::reminder_list(&store.db, year(), None).unwrap();
    let rows: Vec<(&str, &str, &str)> = reminders
        .classes
        .iter()
        .flat_map(|c| c.rows.iter().map(move |r| (c.class_code.as_str(), r.student.as_str(), r.status.as_str())))
        .collect();
    assert_eq!(
        rows,
        [
            ("601", "Côté, Ève-Marie", "réponses contradictoires des parents"),
            ("601", "Émond, Zoé", "non revenu"),
            ("601", "N'Guessan, Awa", "signé par une personne non inscrite au dossier"),
            ("601", "Roy, Léo", "question laissée vide"),
            ("602", "Gagnon, Noah", "pas encore imprimé"),
        ]
    );
    assert_eq!(reminders.classes[0].teachers, ["Marie Tremblay"]);
    assert_eq!(reminders.deadline, Some(day("2025-09-12")));

    let path = store._tmp.path().join("rappels.pdf");
    let exported = followup::export(&mut store.db, year(), None, &path, Existing::Refuse).unwrap();
    assert_eq!(exported.rows, 5);
    let bytes = std::fs::read(&path).unwrap();
    screenshot(&bytes, 1, 60, "reminder-list-p1");
    let pages = pages_text(&bytes);
    assert_eq!(pages.len(), 2, "each class on its own page");
    let first = flatten(&pages[0]);
    for expected in [
        "Formulaires à récupérer — classe 601",
        "Enseignant·e : Marie Tremblay",
        "Situation au 5 septembre 2025 — date limite de retour : 12 septembre 2025",
        "4 formulaire(s) à récupérer. À faire : pour chaque élève ci-dessous, remettre un nouvel exemplaire",
        "avant le 12 septembre 2025",
        "Luc Côté",
        "luc@exemple.ca",
        "Anne Bérubé",
        "aucun parent à joindre au dossier",
        numbers[1].as_str(),
    ] {
        assert!(first.contains(expected), "{expected:?} missing from:\n{first}");
    }
    assert!(flatten(&pages[1]).contains("Formulaires à récupérer — classe 602"));
    assert!(
        store.journal().contains(
            "suivi.export | suivi 2025-2026 | liste de rappel imprimée (PDF, toute l'école, 5 formulaire(s))"
        ),
        "{}",
        store.journal()
    );
    assert!(!store.journal().contains("Côté"), "no name in the journal");

    // One class; an unknown class is refused and writes nothing.
    let one = store._tmp.path().join("rappels-601.pdf");
    followup::export(&mut store.db, year(), Some("601"), &one, Existing::Refuse).unwrap();
    assert_eq!(pages_text(&std::fs::read(&one).unwrap()).len(), 1);
    let nowhere = store._tmp.path().join("rappels-999.pdf");
    let err = followup::export(&mut store.db, year(), Some("999"), &nowhere, Existing::Refuse).unwrap_err();
    assert_eq!(err.code(), "class_not_found");
    assert!(!nowhere.exists());
    assert_eq!(
        followup::export(&mut store.db, year(), None, &path, Existing::Refuse).unwrap_err().code(),
        "export_target_exists",
        "never over a file"
    );
    let as_csv = store._tmp.path().join("rappels.csv");
    let err = followup::print_reminder_list(&mut store.db, year(), None, &as_csv, Existing::Refuse).unwrap_err();
    assert!(err.to_string().contains("le fichier doit finir par .pdf"), "{err}");
    assert!(!as_csv.exists());
    expect_test::expect_file!["../pdf/snapshots/reminder_list.txt"].assert_eq(&pdftotext(&bytes, true));
}
