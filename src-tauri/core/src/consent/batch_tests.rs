//! Tests of what a printed batch holds (issue 15, items 4, 5 and 14), on a real store with a
//! fixed clock: which copies each form prints, in which wording and language (by the guardians'
//! language, the student's age on the printing day and the `student_consent` setting), the
//! guardians' language read from a class list and set by hand, and the validated presentation
//! document (Directive 5.1) printed after each family's form, or the option refused.

use crate::attachment::NewAttachment;
use crate::audit;
use crate::consent::batch::{self, copies, BatchRequest, PlannedCopy, PlannedForm, Selection};
use crate::error::Error;
use crate::export::Existing;
use crate::pdf::annexe_a::Wording;
use crate::pdf::test_support::{pages_text, screenshot};
use crate::register::class::{self, ClassDraft};
use crate::register::platform::Audience;
use crate::register::platform_use::{self, UseDraft};
use crate::roster::{self, ImportOptions, Language};
use crate::settings::{self, Key};
use crate::test_store::{authorize_use, day, school_on, year, Store};

use Language::{En, Fr};
use Wording::{English, Parent, Student};

/// Issue 15, items 4 and 14: a form's pages by its guardians' languages, `--per-guardian` and
/// whether the student gets their own copy (14 or more, setting on).
#[test]
fn which_copies_a_form_prints() {
    let guardians = |list: &[(&str, Language)]| -> Vec<(String, Language)> {
        list.iter().map(|(name, language)| (name.to_string(), *language)).collect()
    };
    let copy = |wording: Wording, names: &[&str]| PlannedCopy {
        wording,
        guardians: names.iter().map(|n| n.to_string()).collect(),
    };
    type Case = (&'static str, Vec<(String, Language)>, bool, bool, Vec<PlannedCopy>);
    let cases: Vec<Case> = vec![
        (
            "no guardian on file: the Directive's form, a line for the name",
            guardians(&[]),
            false,
            false,
            vec![copy(Parent, &[])],
        ),
        ("French guardian (default)", guardians(&[("Luc", Fr)]), false, false, vec![copy(Parent, &["Luc"])]),
        (
            "English guardian: the faithful translation",
            guardians(&[("Ann", En)]),
            false,
            false,
            vec![copy(English, &["Ann"])],
        ),
        (
            "two English guardians: one English copy naming both",
            guardians(&[("Ann", En), ("Bob", En)]),
            false,
            false,
            vec![copy(English, &["Ann", "Bob"])],
        ),
        (
            "two languages on one copy: the French copy, then the same in English (one number)",
            guardians(&[("Luc", Fr), ("Ann", En)]),
            false,
            false,
            vec![copy(Parent, &["Luc", "Ann"]), copy(English, &["Luc", "Ann"])],
        ),
        (
            "--per-guardian: each guardian's copy in their language",
            guardians(&[("Luc", Fr), ("Ann", En)]),
            true,
            false,
            vec![copy(Parent, &["Luc"]), copy(English, &["Ann"])],
        ),
        (
            "--per-guardian with one guardian: one copy",
            guardians(&[("Ann", En)]),
            true,
            false,
            vec![copy(English, &["Ann"])],
        ),
        (
            "student of 14 or more, setting on (Loi sur l'accès): the parents' copy stays, the student's follows",
            guardians(&[("Luc", Fr)]),
            false,
            true,
            vec![copy(Parent, &["Luc"]), copy(Student, &[])],
        ),
        (
            "student's copy, English family: the student's copy is French",
            guardians(&[("Ann", En)]),
            false,
            true,
            vec![copy(English, &["Ann"]), copy(Student, &[])],
        ),
        (
            "student's copy, no guardian on file",
            guardians(&[]),
            true,
            true,
            vec![copy(Parent, &[]), copy(Student, &[])],
        ),
    ];
    for (name, guardians, per_guardian, student_copy, expected) in cases {
        assert_eq!(copies(&guardians, per_guardian, student_copy), expected, "{name}");
    }
}

/// Class 601 with ClassDojo (parents) authorized: Ann Smith reads English (her own language
/// column), the Gagnon family reads English (the family column), the others French.
/// - Léa turns 14 on 28 August 2025 (the printing day): 14;
/// - Noah turns 14 on 29 August 2025: 13 on the 28th;
/// - Zoé has no birth date.
const LIST: &str = "Fiche;Nom;Prénom;Date de naissance;Groupe;Langue;Parent 1 nom;Parent 1 prénom;Parent 1 langue;Parent 2 nom;Parent 2 prénom;Parent 2 langue
2001;Côté;Léa;2011-08-28;601;;Côté;Luc;;Smith;Ann;English
2002;Gagnon;Noah;2011-08-29;601;Anglais;Gagnon;Paul;;;;
2003;Roy;Zoé;;601;Espagnol;Roy;Marie;;;;
";

fn school(list: &str) -> (Store, i64) {
    let (store, uses) = school_with(list, &[Audience::Parents]);
    (store, uses[0])
}

/// The school with ClassDojo used in 601 for each of `audiences`, in that order, authorized.
fn school_with(list: &str, audiences: &[Audience]) -> (Store, Vec<i64>) {
    let mut store = school_on(
        "2025-08-28",
        &[
            (Key::SchoolName, "École du Boisé"),
            (Key::ReturnEmail, "secretariat@exemple.ca"),
            (Key::FormDeadline, "2025-09-12"),
        ],
        "Marie Tremblay",
    );
    class::add(
        &mut store.db,
        &ClassDraft { year: year(), code: "601".into(), level: "6e".into(), teachers: vec!["Marie Tremblay".into()] },
    )
    .unwrap();
    let mut uses = Vec::new();
    for audience in audiences {
        let id = use_of(&mut store, "ClassDojo", *audience);
        authorize_use(&mut store.db, id, "2025-08-28");
        uses.push(id);
    }
    import(&mut store, list);
    (store, uses)
}

fn use_of(store: &mut Store, platform: &str, audience: Audience) -> i64 {
    let draft = UseDraft {
        year: year(),
        class_code: "601".into(),
        platform: platform.into(),
        audience,
        started_on: day("2025-08-28"),
        notes: String::new(),
        staff: Vec::new(),
    };
    platform_use::add(&mut store.db, &draft).unwrap().id
}

fn import(store: &mut Store, list: &str) -> roster::ImportSummary {
    let table = roster::read_table(list.as_bytes(), "liste.csv", None).unwrap();
    let mapping = roster::recognise(&table.headers, &[]).unwrap();
    let (rows, rejected) = roster::rows(&table, &mapping);
    let options = ImportOptions { file_name: "liste.csv".into(), ..ImportOptions::default() };
    roster::apply(&mut store.db, year(), &rows, &rejected, &options).unwrap()
}

fn request() -> BatchRequest {
    BatchRequest {
        year: year(),
        selection: Selection::Class("601".into()),
        use_id: None,
        missing_only: false,
        per_guardian: false,
        with_presentation: false,
    }
}

/// Each form's copies as (student, wordings).
fn wordings(forms: &[PlannedForm]) -> Vec<(String, Vec<Wording>)> {
    forms.iter().map(|f| (f.student.clone(), f.copies.iter().map(|c| c.wording).collect())).collect()
}

fn journal(store: &Store) -> String {
    audit::latest(&store.db.conn, 50).unwrap().iter().map(|e| format!("{} | {}\n", e.action, e.summary)).collect()
}

/// Issue 15, items 4 and 14, on the printing day's clock: the guardians' languages from the
/// class list, and the student's own copy only with the setting on and from the day the student
/// is 14.
#[test]
fn copies_follow_the_guardians_language_and_the_students_age_on_the_printing_day() {
    let (mut store, _) = school(LIST);
    let students = roster::list_students(&store.db, year(), Some("601")).unwrap();
    let languages: Vec<(String, Language)> =
        students.iter().flat_map(|s| s.guardians.iter().map(|g| (g.first_name.clone(), g.language))).collect();
    assert_eq!(
        languages,
        [("Luc".into(), Fr), ("Ann".into(), En), ("Paul".into(), En), ("Marie".into(), Fr)],
        "Ann's own column, the Gagnons' family column; Spanish is not printed: French"
    );

    // Setting off (the default): no student's copy, whatever the age.
    let off = wordings(&batch::plan(&store.db, &request()).unwrap());
    assert_eq!(
        off,
        [
            ("Côté, Léa".into(), vec![Parent, English]),
            ("Gagnon, Noah".into(), vec![English]),
            ("Roy, Zoé".into(), vec![Parent]),
        ]
    );

    // Setting on: Léa is 14 today; Noah is 13 until tomorrow; Zoé's age is not known.
    settings::set(&mut store.db, Key::StudentConsent, "oui").unwrap();
    let on = wordings(&batch::plan(&store.db, &request()).unwrap());
    assert_eq!(on[0], ("Côté, Léa".into(), vec![Parent, English, Student]));
    assert_eq!(on[1], ("Gagnon, Noah".into(), vec![English]), "13 on the printing day");
    assert_eq!(on[2], ("Roy, Zoé".into(), vec![Parent]), "no birth date: no student's copy");
    store.on("2025-08-29");
    let next_day = wordings(&batch::plan(&store.db, &request()).unwrap());
    assert_eq!(next_day[1], ("Gagnon, Noah".into(), vec![English, Student]), "14 today");

    // --per-guardian: each guardian's copy in their language, the student's after them.
    let per_guardian = BatchRequest { per_guardian: true, ..request() };
    let forms = batch::plan(&store.db, &per_guardian).unwrap();
    let lea: Vec<(Wording, Vec<String>)> = forms[0].copies.iter().map(|c| (c.wording, c.guardians.clone())).collect();
    assert_eq!(
        lea,
        [(Parent, vec!["Luc Côté".to_string()]), (English, vec!["Ann Smith".to_string()]), (Student, vec![])]
    );

    // Printed: one page per copy, one number on all of a form's pages.
    let output = store._tmp.path().join("601.pdf");
    let printed = batch::print_annexe_a(&mut store.db, &per_guardian, &output, Existing::Refuse).unwrap();
    assert_eq!(printed.pages, 3 + 2 + 1, "Léa: 3, Noah: 2, Zoé: 1");
    let bytes = std::fs::read(&output).unwrap();
    let pages = pages_text(&bytes);
    assert_eq!(pages.len(), 6);
    let number = printed.forms[0].number.clone().unwrap();
    for (page, expected) in
        pages[..3].iter().zip(["Je, Luc Côté, à titre", "I, Ann Smith, as holder", "Je, Léa Côté, confirme"])
    {
        assert!(page.contains(&number), "the form's number on each of its copies: {page}");
        assert!(crate::pdf::test_support::flatten(page).contains(expected), "{expected:?} in {page}");
    }
    assert!(pages[1].contains("Faithful translation") && pages[2].contains("Version pour l’élève"));
    assert!(pages[3].contains("I, Paul Gagnon") && pages[4].contains("Je, Noah Gagnon, confirme"));
    screenshot(&bytes, 3, 60, "lot-copie-eleve");
    assert!(journal(&store).contains("6 page(s) (2 en anglais, 2 pour l'élève)"), "{}", journal(&store));
}

/// Issue 15, item 14: the language is set by hand (audited), a re-import without a language
/// column leaves it, a non-empty cell sets it, and a family column in a file without guardian
/// columns sets every guardian's.
#[test]
fn a_guardians_language_is_set_by_hand_or_by_the_class_list() {
    let plain = "Fiche;Nom;Prénom;Date de naissance;Groupe;Parent 1 nom;Parent 1 prénom
2001;Côté;Léa;2011-08-28;601;Côté;Luc
";
    let (mut store, _) = school(plain);
    let luc = roster::list_students(&store.db, year(), None).unwrap()[0].guardians[0].clone();
    assert_eq!(luc.language, Fr, "French unless said otherwise");
    let set = roster::set_language(&mut store.db, luc.id, Language::parse("Anglais").unwrap()).unwrap();
    assert_eq!(set.language, En);
    assert!(journal(&store).contains("parent.langue | langue des formulaires : anglais"), "{}", journal(&store));
    assert_eq!(Language::parse("allemand").unwrap_err().code(), "invalid_value");

    // The same file again: nothing to change, the language stays.
    assert!(!import(&mut store, plain).written);
    let after = &roster::list_students(&store.db, year(), None).unwrap()[0].guardians[0];
    assert_eq!(after.language, En);

    // A language cell says French: it is the file's word now, shown as a change.
    let with_language = "Fiche;Nom;Prénom;Groupe;Parent 1 nom;Parent 1 prénom;Parent 1 langue
2001;Côté;Léa;601;Côté;Luc;fr
";
    let table = roster::read_table(with_language.as_bytes(), "liste.csv", None).unwrap();
    let mapping = roster::recognise(&table.headers, &[]).unwrap();
    let (rows, rejected) = roster::rows(&table, &mapping);
    let preview = roster::preview(&store.db, year(), &rows, &rejected, &ImportOptions::default()).unwrap();
    let change = &preview.changed_rows[0].changes[0];
    assert!(
        change.before.ends_with("[formulaire en anglais]") && change.after.ends_with("[formulaire en français]"),
        "{change:?}"
    );
    import(&mut store, with_language);
    assert_eq!(roster::list_students(&store.db, year(), None).unwrap()[0].guardians[0].language, Fr);

    // A family column without guardian columns: the current guardians' forms in English.
    import(&mut store, "Fiche;Nom;Prénom;Groupe;Langue de correspondance\n2001;Côté;Léa;601;EN\n");
    let student = &roster::list_students(&store.db, year(), None).unwrap()[0];
    assert_eq!(student.guardians.iter().map(|g| g.language).collect::<Vec<_>>(), [En], "{student:?}");
}

/// Two pages of a presentation document, as a school would attach it.
fn presentation_pdf() -> Vec<u8> {
    use crate::pdf::{render_document, DocumentInfo, Face, Page, TextStyle, MARGIN_MM};
    let pages = ["ClassDojo en 601 : présentation", "Objectifs pédagogiques"]
        .iter()
        .map(|text| {
            let mut page = Page::letter();
            page.text(MARGIN_MM, 40.0, TextStyle::new(Face::SansBold, 20.0), text);
            page
        })
        .collect();
    render_document(&DocumentInfo { title: "Présentation", created_on: day("2025-08-20") }, pages).unwrap()
}

fn attach(store: &mut Store, use_id: i64, name: &str, bytes: Vec<u8>) {
    platform_use::attach_document(&mut store.db, use_id, &NewAttachment::new(name, bytes)).unwrap();
}

fn validate(store: &mut Store, use_id: i64) {
    platform_use::validate_document(&mut store.db, use_id, day("2025-08-28"), "La direction").unwrap();
}

fn refusal(store: &mut Store, request: &BatchRequest) -> String {
    let output = store._tmp.path().join("refuse.pdf");
    let error = batch::print_annexe_a(&mut store.db, request, &output, Existing::Refuse).unwrap_err();
    assert_eq!(error.code(), "presentation_not_printable", "{error}");
    assert!(!output.exists(), "nothing printed");
    assert!(
        matches!(batch::plan(&store.db, request), Err(Error::PresentationNotPrintable { .. })),
        "the preview says it too"
    );
    error.to_string()
}

/// Issue 15, item 5 (Directive 5.1): the presentation document after each family's form pages,
/// only once the principal validated it and as long as it is the document validated; a Word file
/// is refused with the way to a PDF; an image is one more page.
#[test]
fn the_validated_presentation_document_follows_each_familys_form() {
    let (mut store, dojo) = school(LIST);
    let with = BatchRequest { with_presentation: true, ..request() };
    let printed_events = |store: &Store| -> i64 {
        store.db.conn.query_row("SELECT count(*) FROM form_events", [], |r| r.get(0)).unwrap()
    };

    let missing = refusal(&mut store, &with);
    assert!(missing.contains("ClassDojo (classe 601)") && missing.contains("aucun document n'est joint"), "{missing}");
    attach(&mut store, dojo, "presentation.pdf", presentation_pdf());
    let not_validated = refusal(&mut store, &with);
    assert!(not_validated.contains("n'est pas validé par la direction (art. 5.1)"), "{not_validated}");
    assert_eq!(printed_events(&store), 0, "a refused printing records nothing");

    validate(&mut store, dojo);
    let forms = batch::plan(&store.db, &with).unwrap();
    assert!(forms.iter().all(|f| f.presentation_pages == 2), "{forms:?}");
    let output = store._tmp.path().join("601.pdf");
    let printed = batch::print_annexe_a(&mut store.db, &with, &output, Existing::Refuse).unwrap();
    // Léa: French and English copies; Noah: English; Zoé: French; each followed by 2 pages.
    assert_eq!(printed.pages, 4 + 3 * 2);
    let bytes = std::fs::read(&output).unwrap();
    let pages: Vec<String> = pages_text(&bytes);
    assert_eq!(pages.len(), 10);
    let kinds: Vec<&str> = pages
        .iter()
        .map(|page| {
            if page.contains("présentation") {
                "présentation 1"
            } else if page.contains("Objectifs pédagogiques")
                && !page.contains("FORMULAIRE")
                && !page.contains("CONSENT")
            {
                "présentation 2"
            } else if page.contains("CONSENT FORM") {
                "anglais"
            } else {
                "français"
            }
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "français",
            "anglais",
            "présentation 1",
            "présentation 2",
            "anglais",
            "présentation 1",
            "présentation 2",
            "français",
            "présentation 1",
            "présentation 2"
        ]
    );
    screenshot(&bytes, 3, 40, "lot-presentation-pdf");
    assert!(journal(&store).contains("avec le document de présentation"), "{}", journal(&store));

    // Replaced after its validation: refused until the new version is validated.
    attach(&mut store, dojo, "presentation-v2.pdf", presentation_pdf().into_iter().chain(*b"\n% v2\n").collect());
    let changed = refusal(&mut store, &with);
    assert!(changed.contains("remplacé depuis sa validation du 2025-08-28"), "{changed}");

    // A Word document cannot be printed, validated or not.
    let docx = b"PK\x03\x04\x14\0\0\0\0\0word/document.xml et le reste".to_vec();
    attach(&mut store, dojo, "presentation.docx", docx);
    validate(&mut store, dojo);
    let word = refusal(&mut store, &with);
    assert!(word.contains("fichier Word (.docx)") && word.contains("Enregistrez-le en PDF"), "{word}");

    // An image: one page after each form.
    let image = {
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, 40, 60);
        encoder.set_color(png::ColorType::Grayscale);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[90; 40 * 60]).unwrap();
        drop(writer);
        bytes
    };
    attach(&mut store, dojo, "affiche.png", image);
    validate(&mut store, dojo);
    let output = store._tmp.path().join("601-image.pdf");
    let printed = batch::print_annexe_a(&mut store.db, &with, &output, Existing::Refuse).unwrap();
    assert_eq!(printed.pages, 4 + 3);
    // Without the option, the forms alone.
    let output = store._tmp.path().join("601-seul.pdf");
    assert_eq!(batch::print_annexe_a(&mut store.db, &request(), &output, Existing::Refuse).unwrap().pages, 4);
}

/// A platform the class uses with the parents and the students is one form (item 7): the
/// parents' use's presentation document goes in the family's envelope, whichever use was added
/// first.
#[test]
fn a_platform_used_with_both_audiences_sends_the_parents_document() {
    // The students' use first: it stands for both (its form), yet the envelope is the family's.
    let (mut store, uses) = school_with(LIST, &[Audience::Students, Audience::Parents]);
    let (for_students, for_parents) = (uses[0], uses[1]);
    attach(&mut store, for_students, "presentation-eleves.pdf", crate::attachment::minimal_pdf("élèves"));
    attach(&mut store, for_parents, "presentation.pdf", presentation_pdf());
    validate(&mut store, for_parents);
    let with = BatchRequest { with_presentation: true, ..request() };
    let forms = batch::plan(&store.db, &with).unwrap();
    assert_eq!(forms.len(), 3, "one form per student");
    assert!(forms.iter().all(|f| f.use_id == for_students && f.presentation_pages == 2), "{forms:?}");
    // The parents' document not validated: refused, though the students' one is there.
    attach(&mut store, for_parents, "presentation-v2.pdf", presentation_pdf().into_iter().chain(*b"% v2\n").collect());
    assert!(matches!(batch::plan(&store.db, &with), Err(Error::PresentationNotPrintable { .. })));
}
