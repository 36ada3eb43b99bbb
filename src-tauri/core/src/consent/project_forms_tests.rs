//! Tests of the project forms (issue 17) on a real encrypted store: one number series with the
//! Annexe A, printing annexe 3 for a class and annexe 4 for an adult, returns box by box (an
//! unticked box refuses), two parents who disagree, a withdrawal, a correction, the project's
//! end, a closed year, and each form's number refused by the other template's returns.

use std::collections::HashSet;

use super::project_forms::{self, ItemsReturn, ItemsStatus, ProjectPrint, Who};
use super::returns::{self, ReturnInput, SignerInput};
use super::sheet::{self, SheetRequest};
use super::state::{How, Reply};
use super::tests::printed_store;
use crate::error::Error;
use crate::export::Existing;
use crate::forms::template::{Mark, TemplateId};
use crate::pdf::test_support::{pages_text, screenshot};
use crate::projects::{self, AdultDraft, AdultRole, ProjectDraft};
use crate::test_store::{day, Store};

fn expo(store: &mut Store, social: bool) -> i64 {
    projects::add(
        &mut store.db,
        &ProjectDraft {
            title: "Expo-sciences".into(),
            description: "Les élèves présentent leurs expériences au public.".into(),
            medium: "Journal Le Bleuet".into(),
            social,
            starts_on: day("2025-10-01"),
            ends_on: day("2026-05-29"),
            classes: vec!["601".into()],
            staff: vec!["Marie Tremblay".into()],
        },
    )
    .unwrap()
    .id
}

fn print_class(store: &mut Store, project: i64) -> (Vec<String>, Vec<u8>) {
    let output = store._tmp.path().join(format!("projet-{project}.pdf"));
    let printed = project_forms::print(
        &mut store.db,
        &ProjectPrint { project_id: project, who: Who::Students { class: Some("601".into()) }, missing_only: false },
        &output,
        Existing::Replace,
    )
    .unwrap();
    (printed.forms.into_iter().map(|f| f.number).collect(), std::fs::read(output).unwrap())
}

fn ticked(keys: &[&str]) -> ItemsReturn {
    ItemsReturn {
        ticked: keys.iter().map(|k| k.to_string()).collect(),
        received_on: None,
        signer: SignerInput::OnFile,
        how: How::Papier,
        do_not_contact_reason: None,
    }
}

fn marks(store: &Store, number: &str) -> Vec<Mark> {
    project_forms::show(&store.db, number).unwrap().state.items.iter().map(|i| i.mark).collect()
}

#[test]
fn annexe_3_is_printed_for_a_class_in_the_same_number_series_as_the_annexe_a() {
    let (mut store, annexe_a) = printed_store();
    store.on("2025-10-02");
    let project = expo(&mut store, false);
    let (numbers, pdf) = print_class(&mut store, project);
    assert_eq!(numbers.len(), 3, "one form per student of 601");
    let all: HashSet<&String> = annexe_a.iter().chain(&numbers).collect();
    assert_eq!(all.len(), 6, "one series: no number twice");
    let templates: Vec<String> = store
        .db
        .conn
        .prepare("SELECT template FROM forms ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(templates, ["annexe_a", "annexe_a", "annexe_a", "photos", "photos", "photos"]);

    // The page reads like the source's annexe 3, filled in.
    let pages = pages_text(&pdf);
    assert_eq!(pages.len(), 3, "one page per form");
    let first = &pages[0];
    for expected in [
        "Autorisation d’utilisation de photos",
        "Identification de l’élève",
        "Côté",
        "Ève-Marie",
        "École du Boisé",
        "NOM DU MÉDIA",
        "Journal Le Bleuet",
        "Expo-sciences",
        "Du 1er octobre 2025 au 29 mai 2026",
        "COCHEZ SI VOUS ÊTES D’ACCORD",
        "J’autorise la prise de photos individuelles ou collectives de mon enfant.",
        "Centre de services scolaire des Patriotes à disposer des droits",
        "Nom du parent ou du tuteur",
        "Signature du parent ou du tuteur",
        &numbers[0],
    ] {
        assert!(crate::pdf::test_support::flatten(first).contains(expected), "« {expected} » missing:\n{first}");
    }
    screenshot(&pdf, 1, 80, "annexe-3");

    // Printing again numbers nothing new: the same forms, one more printing each.
    let (again, _) = print_class(&mut store, project);
    assert_eq!(again, numbers);
    let form = project_forms::show(&store.db, &numbers[0]).unwrap();
    assert_eq!((form.state.printed, form.state.status), (2, ItemsStatus::NotReturned));
}

#[test]
fn a_box_left_empty_refuses_that_item_and_the_sheet_says_what_is_allowed() {
    let (mut store, _) = printed_store();
    store.on("2025-10-02");
    let project = expo(&mut store, false);
    let (numbers, _) = print_class(&mut store, project);
    store.on("2025-10-06");
    let recorded =
        project_forms::record(&mut store.db, &numbers[0], &ticked(&["photos", "droits_productions"]), None).unwrap();
    assert_eq!(recorded.state.status, ItemsStatus::Returned);
    assert_eq!(marks(&store, &numbers[0]), [Mark::Yes, Mark::No, Mark::Yes]);

    let sheet = project_forms::sheet(&store.db, project).unwrap();
    let cote = sheet.iter().find(|l| l.number == numbers[0]).unwrap();
    let words: Vec<&str> = cote.allowed.iter().map(|i| i.words).collect();
    assert_eq!(
        words,
        [
            "photos individuelles ou de groupe permises",
            "aucun enregistrement audio ou vidéo",
            "productions reproduites et diffusées, sans contrepartie"
        ]
    );
    let others: Vec<ItemsStatus> = sheet.iter().filter(|l| l.number != numbers[0]).map(|l| l.status).collect();
    assert_eq!(others, [ItemsStatus::NotReturned, ItemsStatus::NotReturned]);
    assert!(sheet.iter().filter(|l| l.number != numbers[0]).all(|l| l.allowed.iter().all(|i| !i.allowed)));

    // The class sheet has the project's page after the platform's: who may appear in what.
    let output = store._tmp.path().join("feuille-601.pdf");
    let request = SheetRequest { year: crate::test_store::year(), class_code: "601".into(), use_id: None };
    let printed = sheet::print_class_sheet(&mut store.db, &request, &output, Existing::Refuse).unwrap();
    assert_eq!(printed.sheets.len(), 1, "ClassDojo's sheet");
    let project = &printed.projects[0];
    assert_eq!(project.project, "Expo-sciences");
    assert_eq!(
        project.allowed,
        [
            ("Photos individuelles ou de groupe permises".to_string(), vec!["Côté, Ève-Marie".to_string()]),
            ("Enregistrements audio ou vidéo pour les médias permis".to_string(), vec![]),
            (
                "Productions reproduites et diffusées, sans contrepartie".to_string(),
                vec!["Côté, Ève-Marie".to_string()]
            ),
        ]
    );
    assert_eq!(project.must_not.len(), 3, "Côté (no recordings) and the two forms not back");
    let pdf = std::fs::read(&output).unwrap();
    let pages = pages_text(&pdf);
    let last = crate::pdf::test_support::flatten(pages.last().unwrap());
    for expected in [
        "Classe 601 — projet « Expo-sciences »",
        "Annexe 3",
        "aucun enregistrement audio ou vidéo",
        "formulaire non revenu : pas d’autorisation écrite",
    ] {
        assert!(last.contains(expected), "« {expected} » missing:\n{last}");
    }
    screenshot(&pdf, pages.len(), 80, "feuille-classe-projet");

    // The same parent's second paper is refused: a correction is the way.
    let again = project_forms::record(&mut store.db, &numbers[0], &ticked(&["photos"]), None).unwrap_err();
    assert!(matches!(again, Error::FormAlreadyRecorded { .. }), "{again:?}");
    let corrected =
        project_forms::correct(&mut store.db, &numbers[0], &ticked(&["photos", "enregistrements"]), "case mal lue")
            .unwrap();
    assert_eq!(corrected.state.items.iter().map(|i| i.mark).collect::<Vec<_>>(), [Mark::Yes, Mark::Yes, Mark::No]);

    // An unknown box is refused by name, nothing written.
    let events: i64 = store.db.conn.query_row("SELECT count(*) FROM form_events", [], |r| r.get(0)).unwrap();
    let err = project_forms::record(&mut store.db, &numbers[1], &ticked(&["selfies"]), None).unwrap_err();
    assert!(err.to_string().contains("case inconnue « selfies »"), "{err}");
    let after: i64 = store.db.conn.query_row("SELECT count(*) FROM form_events", [], |r| r.get(0)).unwrap();
    assert_eq!(after, events);
}

#[test]
fn two_parents_who_disagree_count_as_no_and_a_withdrawal_takes_a_box_back() {
    let (mut store, _) = printed_store();
    store.on("2025-10-02");
    let project = expo(&mut store, false);
    let (numbers, _) = print_class(&mut store, project);
    store.on("2025-10-06");
    let cote = &numbers[0];
    project_forms::record(&mut store.db, cote, &ticked(&["photos", "enregistrements", "droits_productions"]), None)
        .unwrap();
    let mother = ItemsReturn { signer: SignerInput::Name("Anne Bérubé".into()), ..ticked(&["enregistrements"]) };
    let state = project_forms::record(&mut store.db, cote, &mother, None).unwrap().state;
    assert_eq!(state.status, ItemsStatus::Contradictory);
    assert_eq!(state.items.iter().map(|i| i.mark).collect::<Vec<_>>(), [Mark::No, Mark::Yes, Mark::No]);

    // N'Guessan: yes to all, then photos withdrawn by telephone.
    let awa = &numbers[2];
    project_forms::record(&mut store.db, awa, &ticked(&["photos", "enregistrements", "droits_productions"]), None)
        .unwrap();
    store.on("2025-11-03");
    let state = project_forms::withdraw(&mut store.db, awa, &["photos".into()], None, "Aya N'Guessan", How::Verbal)
        .unwrap()
        .state;
    assert_eq!(state.status, ItemsStatus::Withdrawn);
    assert_eq!(state.items.iter().map(|i| i.mark).collect::<Vec<_>>(), [Mark::No, Mark::Yes, Mark::Yes]);
    let nothing = project_forms::withdraw(&mut store.db, awa, &["photos".into()], None, "Aya N'Guessan", How::Verbal)
        .unwrap_err();
    assert!(matches!(nothing, Error::NothingToWithdraw(_)), "{nothing:?}");

    // An access request: the student's export holds the project form whole, its scan written.
    let scan = crate::attachment::NewAttachment::new("retour.pdf", crate::attachment::minimal_pdf("annexe 3"));
    let emond = &numbers[1];
    let named = ItemsReturn { signer: SignerInput::Name("Julie Émond".into()), ..ticked(&["photos"]) };
    project_forms::record(&mut store.db, emond, &named, Some(&scan)).unwrap();
    let student: i64 =
        store.db.conn.query_row("SELECT student_id FROM forms WHERE number = ?1", [emond], |r| r.get(0)).unwrap();
    let export = crate::access::export_student(&mut store.db, student).unwrap();
    assert_eq!(export.project_forms.len(), 1);
    let record = &export.project_forms[0];
    assert_eq!((record.number.as_str(), record.project.as_str()), (emond.as_str(), "Expo-sciences"));
    assert!(record.events.iter().any(|e| e.summary.starts_with("reçu : ") && e.scan.is_some()), "{record:?}");
    let folder = store._tmp.path().join("acces");
    let written =
        crate::access::write_export(&mut store.db, &crate::access::PersonExport::Eleve(Box::new(export)), &folder)
            .unwrap();
    assert!(written.scans.iter().any(|p| p.file_name().unwrap().to_string_lossy().starts_with(emond.as_str())));
    let json = std::fs::read_to_string(&written.json).unwrap();
    assert!(json.contains("Expo-sciences"), "the JSON holds the project form");

    // After the project's end, nothing is allowed any more.
    store.on("2026-06-01");
    let over = project_forms::show(&store.db, awa).unwrap().state;
    assert_eq!(over.status, ItemsStatus::Expired);
    assert!(over.items.iter().all(|i| !i.allowed));
}

#[test]
fn an_adult_signs_annexe_4_for_themself() {
    let (mut store, _) = printed_store();
    store.on("2025-10-02");
    let project = expo(&mut store, false);
    let adult = projects::add_adult(
        &mut store.db,
        project,
        &AdultDraft {
            role: AdultRole::Enseignant,
            last_name: "Tremblay".into(),
            first_name: "Marie".into(),
            staff: Some("Marie Tremblay".into()),
        },
    )
    .unwrap();
    let output = store._tmp.path().join("adultes.pdf");
    let printed = project_forms::print(
        &mut store.db,
        &ProjectPrint { project_id: project, who: Who::Adults, missing_only: false },
        &output,
        Existing::Refuse,
    )
    .unwrap();
    assert_eq!(printed.template, TemplateId::PhotosAdulte);
    let pdf = std::fs::read(&output).unwrap();
    let page = crate::pdf::test_support::flatten(&pages_text(&pdf)[0]);
    for expected in ["Identification de l’adulte", "Tremblay", "J’autorise la prise de photos de moi", "Signature"]
    {
        assert!(page.contains(expected), "« {expected} » missing:\n{page}");
    }
    assert!(!page.contains("Nom du parent"), "the adult signs their own:\n{page}");
    screenshot(&pdf, 1, 80, "annexe-4");

    let number = &printed.forms[0].number;
    let state = project_forms::record(&mut store.db, number, &ticked(&["photos"]), None).unwrap().state;
    assert_eq!(state.status, ItemsStatus::Returned, "the adult's own signature counts");
    assert_eq!(state.items.iter().map(|i| i.mark).collect::<Vec<_>>(), [Mark::Yes, Mark::No, Mark::No]);
    let form = project_forms::show(&store.db, number).unwrap();
    assert_eq!((form.adult_id, form.group.as_str()), (Some(adult.id), "Enseignant"));
}

#[test]
fn each_template_number_is_refused_by_the_other_returns_with_where_to_record_it() {
    let (mut store, annexe_a) = printed_store();
    store.on("2025-10-02");
    let project = expo(&mut store, true);
    let (numbers, pdf) = print_class(&mut store, project);
    let page = crate::pdf::test_support::flatten(&pages_text(&pdf)[0]);
    assert!(page.contains("Autorisation de participation à un projet sur un média social"), "annexe 5:\n{page}");
    screenshot(&pdf, 1, 80, "annexe-5");

    let input = ReturnInput {
        q1: Reply::Oui,
        q2: Reply::Oui,
        received_on: None,
        signer: SignerInput::OnFile,
        how: How::Papier,
        do_not_contact_reason: None,
    };
    let err = returns::record(&mut store.db, &numbers[0], &input, None, false).unwrap_err();
    assert!(matches!(err, Error::OtherTemplate { .. }), "{err:?}");
    assert!(err.to_string().contains("annexe 5"), "{err}");
    let err = project_forms::record(&mut store.db, &annexe_a[0], &ticked(&["photos"]), None).unwrap_err();
    assert!(err.to_string().contains("Annexe A"), "{err}");
}

#[test]
fn a_closed_year_takes_no_more_project_returns() {
    let (mut store, _) = printed_store();
    store.on("2025-10-02");
    let project = expo(&mut store, false);
    let (numbers, _) = print_class(&mut store, project);
    store
        .db
        .conn
        .execute(
            "INSERT INTO year_closures (year, closed_on, closed_at, closed_by)
             VALUES ('2025-2026', '2025-10-03', '2025-10-03T10:00:00-04:00', 'test')",
            [],
        )
        .unwrap();
    let err = project_forms::record(&mut store.db, &numbers[0], &ticked(&["photos"]), None).unwrap_err();
    assert!(matches!(err, Error::YearClosed(_) | Error::YearReadOnly { .. }), "{err:?}");
}
