//! Filing a scanned stack's pages (issue 16) on a real store: where each page stands — clear, to
//! review (and why), already recorded, another school's, another year's, an unknown number, no
//! code, a closed year — and a confirmed page recorded with its scan through the typed checks.

use super::returns::SignerInput;
use super::scanned::{self, assess, store_tag, Confirmed, CopyOf, FilingReason, PageRead, Proposed, Standing};
use super::state::How;
use super::tests::printed_store;
use crate::attachment::NewAttachment;
use crate::consent::lookup;
use crate::consent::state::Reply;
use crate::forms::code::StoreTag;
use crate::forms::Answer;
use crate::test_store::year;

fn page(number: &str, tag: StoreTag) -> PageRead {
    PageRead {
        number: Some(number.to_string()),
        store_tag: Some(tag),
        year: Some(year()),
        copy: CopyOf::Family,
        attestation_of: None,
        continued: false,
        project: None,
        items: Vec::new(),
        q1: Proposed::Oui,
        q2: Proposed::Non,
        signed: Some(true),
        review: false,
    }
}

fn scan() -> NewAttachment {
    NewAttachment::new("pile.pdf", crate::attachment::minimal_pdf("page 3 de la pile"))
}

#[test]
fn a_clear_page_is_recorded_with_its_scan_then_shown_as_already_recorded() {
    let (mut store, numbers) = printed_store();
    store.on("2025-09-03");
    let tag = scanned::store_tag(&store.db).unwrap();
    let filed = scanned::assess(&store.db, &page(&numbers[0], tag), tag).unwrap();
    assert_eq!(filed.standing, Standing::Clear, "{filed:?}");
    assert!(filed.reasons.is_empty());
    assert_eq!(filed.form.as_ref().unwrap().number, numbers[0]);

    let page_scan = scan();
    let confirmed = Confirmed {
        number: &numbers[0],
        q1: Reply::Oui,
        q2: Reply::Non,
        copy: CopyOf::Family,
        received_on: None,
        page: &page_scan,
    };
    let recorded = scanned::confirm(&mut store.db, &confirmed).unwrap();
    let card = lookup::lookup(&store.db, &numbers[0]).unwrap();
    assert_eq!((card.state.q1, card.state.q2), (Answer::Oui, Answer::Non));
    let event = card.events.iter().find(|e| e.id == recorded.event_id).unwrap();
    assert!(event.scan.is_some(), "the page is kept as the form's scan: {event:?}");

    // The same page again: never overwritten, and said with what was recorded.
    let again = scanned::assess(&store.db, &page(&numbers[0], tag), tag).unwrap();
    match again.standing {
        Standing::AlreadyRecorded { on, answers } => {
            assert_eq!(on, "2025-09-03");
            assert!(answers.contains("oui") && answers.contains("non"), "{answers}");
        }
        other => panic!("expected « déjà enregistré », got {other:?}"),
    }
    assert_eq!(scanned::confirm(&mut store.db, &confirmed).unwrap_err().code(), "form_already_recorded");
}

#[test]
fn a_page_from_elsewhere_is_never_filed_here() {
    let (mut store, numbers) = printed_store();
    store.on("2025-09-03");
    let tag = scanned::store_tag(&store.db).unwrap();
    let other_school =
        scanned::assess(&store.db, &page(&numbers[0], StoreTag::of_secret(b"another store")), tag).unwrap();
    assert_eq!(other_school.standing, Standing::OtherSchool);
    assert!(other_school.form.is_none(), "another school's form is not shown as this store's");

    let mut old_year = page(&numbers[0], tag);
    old_year.year = Some(crate::year::SchoolYear::starting(2024));
    let filed = scanned::assess(&store.db, &old_year, tag).unwrap();
    assert_eq!(filed.standing, Standing::OtherYear { year: "2024-2025".into() });

    let unknown = scanned::assess(&store.db, &page(&crate::forms::number::encode(999_999), tag), tag).unwrap();
    assert_eq!(unknown.standing, Standing::UnknownNumber);

    let no_code = PageRead { number: None, ..page(&numbers[0], tag) };
    assert_eq!(scanned::assess(&store.db, &no_code, tag).unwrap().standing, Standing::Unclassified);
}

#[test]
fn a_person_reviews_what_the_reader_was_not_sure_of_or_an_unsigned_form() {
    let (mut store, numbers) = printed_store();
    store.on("2025-09-03");
    let tag = scanned::store_tag(&store.db).unwrap();
    let cases = [
        (PageRead { q2: Proposed::AVerifier, ..page(&numbers[0], tag) }, vec![FilingReason::AnswerUnsure]),
        // Annexe A, 5.5.3: a form without a signature is no written consent.
        (PageRead { signed: Some(false), ..page(&numbers[0], tag) }, vec![FilingReason::NotSigned]),
        (PageRead { signed: None, ..page(&numbers[0], tag) }, vec![FilingReason::SignatureUnsure]),
        // A code printed before codes carried the store and the year: the number alone files it.
        (PageRead { store_tag: None, year: None, ..page(&numbers[0], tag) }, vec![FilingReason::OldCode]),
    ];
    for (read, reasons) in cases {
        let filed = scanned::assess(&store.db, &read, tag).unwrap();
        assert_eq!(filed.standing, Standing::Review, "{read:?}");
        assert_eq!(filed.reasons, reasons, "{read:?}");
        assert_eq!(filed.form.unwrap().number, numbers[0]);
    }
    // « Vide » is an answer the reader is sure of: neither box marked (counts as no, 5.7).
    let empty = PageRead { q1: Proposed::Vide, ..page(&numbers[0], tag) };
    assert_eq!(scanned::assess(&store.db, &empty, tag).unwrap().standing, Standing::Clear);
}

#[test]
fn another_guardians_copy_is_that_guardians_answer_and_a_closed_year_takes_nothing() {
    let (mut store, numbers) = printed_store();
    store.on("2025-09-03");
    let tag = scanned::store_tag(&store.db).unwrap();
    let guardians = lookup::lookup(&store.db, &numbers[0]).unwrap().guardians;
    assert_eq!(guardians.len(), 2, "Côté has two guardians on file");
    let (luc, anne) = (guardians[0].id, guardians[1].id);
    let page_scan = scan();
    let first = Confirmed {
        number: &numbers[0],
        q1: Reply::Oui,
        q2: Reply::Oui,
        copy: CopyOf::Guardian(luc),
        received_on: None,
        page: &page_scan,
    };
    scanned::confirm(&mut store.db, &first).unwrap();
    // 5.7: the other guardian's own copy is their answer, not « déjà enregistré ».
    let second = PageRead { copy: CopyOf::Guardian(anne), ..page(&numbers[0], tag) };
    assert_eq!(scanned::assess(&store.db, &second, tag).unwrap().standing, Standing::Clear);
    let same = PageRead { copy: CopyOf::Guardian(luc), ..page(&numbers[0], tag) };
    assert!(matches!(scanned::assess(&store.db, &same, tag).unwrap().standing, Standing::AlreadyRecorded { .. }));

    store.on("2026-07-02");
    let closed = scanned::assess(&store.db, &page(&numbers[1], tag), tag).unwrap();
    assert_eq!(closed.standing, Standing::YearClosed);
}

/// Issue 17: a project form's page is filed under its project form — clear when signed, every
/// box read and the form not back; to type on Projets otherwise; another school's or an unknown
/// number never filed — and a clear one is recorded with its boxes as read.
#[test]
fn a_project_forms_page_is_filed_under_its_form() {
    use crate::consent::project_forms::{self, ProjectPrint, Who};
    use crate::export::Existing;
    use crate::projects::{self, ProjectDraft};
    let (mut store, _) = printed_store();
    store.on("2025-10-02");
    let project = projects::add(
        &mut store.db,
        &ProjectDraft {
            title: "Expo".into(),
            description: String::new(),
            medium: "Journal".into(),
            social: false,
            starts_on: crate::test_store::day("2025-10-01"),
            ends_on: crate::test_store::day("2026-05-29"),
            classes: vec!["601".into()],
            staff: Vec::new(),
        },
    )
    .unwrap();
    let output = store._tmp.path().join("expo.pdf");
    let printed = project_forms::print(
        &mut store.db,
        &ProjectPrint { project_id: project.id, who: Who::Students { class: None }, missing_only: false },
        &output,
        Existing::Refuse,
    )
    .unwrap();
    let number = printed.forms[0].number.clone();
    let tag = store_tag(&store.db).unwrap();
    let project_page =
        |items: Vec<Proposed>| PageRead { number: None, project: Some(number.clone()), items, ..page(&number, tag) };
    let read = vec![Proposed::Oui, Proposed::Non, Proposed::Oui];
    let filed = assess(&store.db, &project_page(read.clone()), tag).unwrap();
    assert_eq!(filed.standing, Standing::Clear, "{filed:?}");
    assert_eq!(filed.project.as_ref().map(|p| p.number.as_str()), Some(number.as_str()));

    let unsure =
        assess(&store.db, &project_page(vec![Proposed::Oui, Proposed::AVerifier, Proposed::Oui]), tag).unwrap();
    assert_eq!(unsure.standing, Standing::Review);
    assert!(unsure.reasons.contains(&FilingReason::ProjectToType), "{unsure:?}");
    let unsigned = assess(&store.db, &PageRead { signed: Some(false), ..project_page(read.clone()) }, tag).unwrap();
    assert!(unsigned.reasons.contains(&FilingReason::NotSigned) && unsigned.standing == Standing::Review);
    let elsewhere = assess(&store.db, &project_page(read.clone()), StoreTag::of_secret(&[9; 32])).unwrap();
    assert_eq!(elsewhere.standing, Standing::OtherSchool);
    let unknown = PageRead { project: Some(crate::forms::number::encode(999_999)), ..project_page(read.clone()) };
    assert_eq!(assess(&store.db, &unknown, tag).unwrap().standing, Standing::UnknownNumber);

    // Once recorded (typed on Projets), the page is « déjà enregistré », never recorded again.
    let input = project_forms::ItemsReturn {
        ticked: vec!["photos".into()],
        received_on: None,
        signer: SignerInput::OnFile,
        how: How::Papier,
        do_not_contact_reason: None,
    };
    project_forms::record(&mut store.db, &number, &input, None).unwrap();
    let again = assess(&store.db, &project_page(read), tag).unwrap();
    assert!(matches!(again.standing, Standing::AlreadyRecorded { .. }), "{again:?}");
}
