//! Tests of the platform register on a real encrypted store in a temporary folder (in-memory
//! keychain, fixed clock): the seeded catalogue, recording uses step by step, attachments,
//! infractions, catalogue changes and their preview, the dashboard, and the audit trail.

mod rules;

use crate::attachment::{self, NewAttachment, MAX_BYTES};
use crate::audit;
use crate::dashboard;
use crate::register::class::{self, ClassChange, ClassDraft};
use crate::register::detail;
use crate::register::infraction::{self, InfractionDraft};
use crate::register::platform::{self, Audience, PlatformDraft, PlatformStatus};
use crate::register::platform_change::{self, PlatformChange};
use crate::register::platform_use::{self, AuthorizationDraft, UseDraft};
use crate::register::rules::UseState;
use crate::register::staff::{self, StaffChange, StaffDraft};
use crate::test_store::{day, fresh, year, Store};
use crate::text::fold;
use crate::year::SchoolYear;

const TEACHER: &str = "Marie-Ève Tremblay";

/// A new store whose clock says `date`, with one teacher and classes 601 and 602 of 2025-2026.
fn store_on(date: &str) -> Store {
    let mut store = fresh(date);
    staff::add(&mut store.db, &StaffDraft { name: TEACHER.into(), email: "me.tremblay@csspb.qc.ca".into() }).unwrap();
    for code in ["601", "602"] {
        let draft =
            ClassDraft { year: year(), code: code.into(), level: "6e année".into(), teachers: vec![TEACHER.into()] };
        class::add(&mut store.db, &draft).unwrap();
    }
    store
}

impl Store {
    fn add_use(&mut self, class_code: &str, platform: &str, audience: Audience) -> i64 {
        let draft = UseDraft {
            year: year(),
            class_code: class_code.into(),
            platform: platform.into(),
            audience,
            started_on: day("2025-08-28"),
            notes: String::new(),
            staff: Vec::new(),
        };
        platform_use::add(&mut self.db, &draft).unwrap().id
    }

    fn state(&self, use_id: i64) -> (UseState, Vec<&'static str>) {
        let view = detail::show_use(&self.db, use_id).unwrap();
        let codes = view.assessment.reasons.iter().filter(|r| r.severity >= crate::register::rules::Severity::PasPrete);
        (view.assessment.state, codes.map(|r| r.code).collect())
    }

    fn audit_text(&self) -> String {
        audit::latest(&self.db.conn, 500)
            .unwrap()
            .iter()
            .map(|e| format!("{} | {} | {}\n", e.action, e.object, e.summary))
            .collect()
    }
}

fn pdf(text: &str) -> NewAttachment {
    NewAttachment::new("Présentation Teams.pdf", format!("%PDF-1.7\n{text}\n%%EOF").into_bytes())
}

#[test]
fn the_catalogue_is_seeded_with_the_csspb_defaults() {
    let store = store_on("2025-08-20");
    let platforms = platform::list(&store.db).unwrap();
    type Row<'a> = (&'a str, PlatformStatus, Option<&'a str>, &'a [Audience], bool, bool, bool);
    use Audience::*;
    use PlatformStatus::*;
    // name, status, tolerated until, audiences, end-of-year deletion (5.9), institutional (5.4), outside (3)
    let expected: [Row; 11] = [
        ("Mozaïk-Portail", Approved, None, &[Parents, Students], false, true, false),
        ("Portail Parents (mParent)", Approved, None, &[Parents], false, true, false),
        ("Clic École", Approved, None, &[Parents], false, true, false),
        ("Teams", Approved, None, &[Students], true, true, false),
        ("Classroom", Approved, None, &[Students], true, true, false),
        ("Courriel professionnel", Approved, None, &[Parents], false, true, true),
        ("ClassDojo", Tolerated, Some("2026-06-30"), &[Parents, Students], true, false, false),
        ("Facebook (groupes)", Prohibited, None, &[Parents, Students], true, false, false),
        ("Messenger", Prohibited, None, &[Parents, Students], true, false, false),
        ("SMS / texto", Prohibited, None, &[Parents, Students], true, false, false),
        ("Courriel ou réseau social personnel", Prohibited, None, &[Parents, Students], true, false, false),
    ];
    assert_eq!(platforms.len(), expected.len(), "{platforms:#?}");
    for (name, status, until, audiences, deletion, institutional, outside) in expected {
        let p = platforms.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("{name} is not seeded"));
        let got =
            (p.status, p.tolerated_until, p.audiences.as_slice(), p.end_of_year_deletion, p.institutional_account);
        assert_eq!(got, (status, until.map(day), audiences, deletion, institutional), "{name}");
        assert_eq!(p.outside_directive, outside, "{name}");
        let key: String =
            store.db.conn.query_row("SELECT name_key FROM platforms WHERE id = ?1", [p.id], |r| r.get(0)).unwrap();
        assert_eq!(key, fold(name), "{name}: the seeded key must be what `fold` computes, or lookups miss it");
    }
    // 5.9: only Mozaïk-Portail, Portail Parents and Clic École (and e-mail, outside the Directive) are exempt.
    let exempt: Vec<&str> = platforms.iter().filter(|p| !p.end_of_year_deletion).map(|p| p.name.as_str()).collect();
    assert_eq!(exempt, ["Clic École", "Courriel professionnel", "Mozaïk-Portail", "Portail Parents (mParent)"]);
    let found = platform::find(&store.db, "  mozaik-PORTAIL ").unwrap();
    assert_eq!(found.name, "Mozaïk-Portail", "found without accents");
}

#[test]
fn a_use_becomes_conforme_step_by_step_and_a_changed_document_shows() {
    let mut store = store_on("2025-08-20");
    let id = store.add_use("601", "teams", Audience::Students);
    assert_eq!(
        store.state(id),
        (
            UseState::PasPrete,
            vec!["presentation_document_missing", "presentation_not_validated", "presentation_not_sent"]
        )
    );

    let err = platform_use::validate_document(&mut store.db, id, day("2025-08-20"), "Direction").unwrap_err();
    assert_eq!(err.code(), "no_presentation_document", "nothing to validate yet");

    let with_doc = platform_use::attach_document(&mut store.db, id, &pdf("version 1")).unwrap();
    let first = with_doc.presentation.document.clone().unwrap();
    assert_eq!(first.original_name, "Présentation Teams.pdf");
    platform_use::validate_document(&mut store.db, id, day("2025-08-20"), "Julie Gagnon, directrice").unwrap();
    assert_eq!(store.state(id), (UseState::PasPrete, vec!["presentation_not_sent"]));

    let err = platform_use::send_document(&mut store.db, id, day("2025-08-21")).unwrap_err();
    assert_eq!(err.code(), "invalid_value", "a sending tomorrow cannot be recorded today: {err}");
    let sent = platform_use::send_document(&mut store.db, id, day("2025-08-20")).unwrap();
    assert_eq!(sent.presentation.validation.as_ref().unwrap().sha256, first.sha256, "the validation keeps the hash");
    assert_eq!(store.state(id), (UseState::Conforme, vec![]));

    // The teacher edits the document after the principal validated it.
    platform_use::attach_document(&mut store.db, id, &pdf("version 2")).unwrap();
    assert_eq!(store.state(id), (UseState::PasPrete, vec!["presentation_changed"]));
    let old = attachment::open(&store.db, first.id).unwrap();
    assert!(old.bytes.ends_with(b"version 1\n%%EOF"), "the validated version is kept");
    platform_use::validate_document(&mut store.db, id, day("2025-08-20"), "Julie Gagnon, directrice").unwrap();
    assert_eq!(store.state(id), (UseState::Conforme, vec![]));

    let journal = store.audit_text();
    for action in ["utilisation.ajout", "utilisation.document_presentation", "utilisation.validation_document"] {
        assert!(journal.contains(action), "{action} is audited:\n{journal}");
    }
    assert!(journal.contains("remplace la pièce"), "the replacement is in the journal:\n{journal}");
    assert!(!journal.contains("Tremblay") && !journal.contains("Présentation"), "no names in the journal:\n{journal}");
}

#[test]
fn an_unlisted_platform_needs_the_letter_and_the_committee() {
    let mut store = store_on("2025-09-10");
    let draft = PlatformDraft {
        name: "Remind".into(),
        audiences: vec![Audience::Parents],
        status: PlatformStatus::AuthorizationRequired,
        tolerated_until: None,
        end_of_year_deletion: true,
        institutional_account: false,
        outside_directive: false,
        notes: String::new(),
        reason: None,
    };
    platform::add(&mut store.db, &draft).unwrap();
    assert_eq!(platform::add(&mut store.db, &draft).unwrap_err().code(), "platform_exists");
    let id = store.add_use("601", "Remind", Audience::Parents);
    for step in ["attach", "validate", "send"] {
        match step {
            "attach" => platform_use::attach_document(&mut store.db, id, &pdf("Remind")).map(|_| ()),
            "validate" => {
                platform_use::validate_document(&mut store.db, id, day("2025-09-01"), "Direction").map(|_| ())
            }
            _ => platform_use::send_document(&mut store.db, id, day("2025-09-02")).map(|_| ()),
        }
        .unwrap();
    }
    assert_eq!(store.state(id), (UseState::NonConforme, vec!["authorization_missing", "committee_validation_missing"]));

    let permission =
        AuthorizationDraft { on: day("2025-09-03"), by: "Julie Gagnon".into(), document: None, prior_use: false };
    platform_use::authorize(&mut store.db, id, &permission).unwrap();
    assert_eq!(
        store.state(id),
        (UseState::NonConforme, vec!["authorization_document_missing", "committee_validation_missing"])
    );
    let letter = AuthorizationDraft {
        document: Some(NewAttachment::new("lettre.png", b"\x89PNG\r\n\x1a\nscan".to_vec())),
        ..permission.clone()
    };
    platform_use::authorize(&mut store.db, id, &letter).unwrap();
    assert_eq!(store.state(id), (UseState::NonConforme, vec!["committee_validation_missing"]));
    // Recording the authorization again without a letter keeps the letter attached before.
    let again = platform_use::authorize(&mut store.db, id, &permission).unwrap();
    assert!(again.authorization.unwrap().document.is_some(), "the letter stays");
    platform_use::validate_committee(&mut store.db, id, day("2025-09-09")).unwrap();
    assert_eq!(store.state(id), (UseState::Conforme, vec![]));
}

#[test]
fn a_prohibited_platform_is_refused_as_a_use_and_followed_as_an_infraction() {
    let mut store = store_on("2025-09-15");
    let draft = UseDraft {
        year: year(),
        class_code: "601".into(),
        platform: "Facebook (groupes)".into(),
        audience: Audience::Parents,
        started_on: day("2025-08-28"),
        notes: String::new(),
        staff: Vec::new(),
    };
    let err = platform_use::add(&mut store.db, &draft).unwrap_err();
    assert_eq!(err.code(), "prohibited_platform");
    assert!(err.to_string().contains("infraction"), "the message says what to do instead: {err}");
    assert!(err.message_en().contains("infraction"), "{}", err.message_en());
    assert!(detail::uses(&store.db, year(), None).unwrap().is_empty(), "nothing was recorded");

    let found = InfractionDraft {
        year: year(),
        class_code: "601".into(),
        platform: "facebook (groupes)".into(),
        found_on: day("2025-09-12"),
        description: "Groupe Facebook privé de la classe, 24 parents".into(),
    };
    let infraction = infraction::add(&mut store.db, &found).unwrap();
    let board = dashboard::build(&store.db, year(), day("2025-09-15")).unwrap();
    assert_eq!(board.open_infractions.len(), 1);
    assert_eq!(board.open_infractions[0].class_code, "601");
    assert!(board.open_infractions[0].reasons[0].text_fr.contains("supprimer le groupe"));

    let err = infraction::resolve(&mut store.db, infraction.id, day("2025-09-11"), "x").unwrap_err();
    assert_eq!(err.code(), "invalid_value", "resolved before it was found");
    let resolved = infraction::resolve(&mut store.db, infraction.id, day("2025-09-14"), "Groupe supprimé").unwrap();
    assert_eq!(resolved.resolved_on, Some(day("2025-09-14")));
    let err = infraction::resolve(&mut store.db, infraction.id, day("2025-09-15"), "").unwrap_err();
    assert_eq!(err.code(), "infraction_already_resolved");
    assert!(infraction::list(&store.db, year(), true).unwrap().is_empty());
    assert_eq!(infraction::list(&store.db, year(), false).unwrap().len(), 1, "history is kept");
    assert!(dashboard::build(&store.db, year(), day("2025-09-15")).unwrap().open_infractions.is_empty());
    let journal = store.audit_text();
    assert!(journal.contains("infraction.ajout") && journal.contains("infraction.resolution"), "{journal}");
    assert!(!journal.contains("24 parents") && !journal.contains("supprimé"), "free text stays out of the journal");
}

#[test]
fn a_catalogue_change_is_previewed_then_saved_and_audited() {
    let mut store = store_on("2025-09-15");
    let id = store.add_use("602", "ClassDojo", Audience::Parents);
    // Note de service of 25 August 2025: the teacher already used ClassDojo in 2024-2025.
    let permission =
        AuthorizationDraft { on: day("2025-08-25"), by: "Julie Gagnon".into(), document: None, prior_use: true };
    platform_use::authorize(&mut store.db, id, &permission).unwrap();
    let teams = store.add_use("601", "Teams", Audience::Students);
    assert_eq!(store.state(id).0, UseState::PasPrete, "tolerated with permission; 5.1 to do");

    let change = PlatformChange { status: Some(PlatformStatus::Prohibited), ..PlatformChange::default() };
    let preview = platform_change::preview(&store.db, "ClassDojo", &change).unwrap();
    assert_eq!(preview.after.status, PlatformStatus::Prohibited);
    assert_eq!(preview.after.tolerated_until, None, "leaving « tolérée » drops the date");
    let affected: Vec<_> =
        preview.uses.iter().map(|u| (u.use_id, u.class_code.as_str(), u.state_before, u.state_after)).collect();
    assert_eq!(
        affected,
        [(id, "602", UseState::PasPrete, UseState::NonConforme)],
        "only ClassDojo's uses, not {teams}"
    );
    assert!(preview.uses[0].state_changes);
    assert_eq!(
        platform::find(&store.db, "ClassDojo").unwrap().status,
        PlatformStatus::Tolerated,
        "a preview saves nothing"
    );

    let saved = platform_change::set(&mut store.db, "classdojo", &change).unwrap();
    assert_eq!(saved, preview.after, "what is saved is what was previewed");
    assert_eq!(store.state(id), (UseState::NonConforme, vec!["prohibited"]));
    let last = &audit::latest(&store.db.conn, 1).unwrap()[0];
    assert_eq!((last.action.as_str(), last.object.as_str()), ("plateforme.modification", "ClassDojo"));
    assert!(last.summary.contains("statut : toleree → proscrite"), "{}", last.summary);
    assert!(last.summary.contains("tolérée jusqu'au : 2026-06-30 → —"), "{}", last.summary);

    let count = audit::latest(&store.db.conn, 500).unwrap().len();
    platform_change::set(&mut store.db, "ClassDojo", &change).unwrap();
    assert_eq!(audit::latest(&store.db.conn, 500).unwrap().len(), count, "no change, no entry");

    let tolerated_without_date =
        PlatformChange { status: Some(PlatformStatus::Tolerated), ..PlatformChange::default() };
    let err = platform_change::set(&mut store.db, "ClassDojo", &tolerated_without_date).unwrap_err();
    assert_eq!(err.code(), "invalid_value");
    let rename = PlatformChange { name: Some("teams".into()), ..PlatformChange::default() };
    assert_eq!(platform_change::set(&mut store.db, "ClassDojo", &rename).unwrap_err().code(), "platform_exists");
}

#[test]
fn attachments_are_checked_kept_encrypted_and_exported_safely() {
    let mut store = store_on("2025-09-15");
    let id = store.add_use("601", "Teams", Audience::Students);
    let entries_before = audit::latest(&store.db.conn, 500).unwrap().len();

    let mut too_big = b"%PDF-1.7\n".to_vec();
    too_big.resize(MAX_BYTES as usize + 1, b' ');
    let err = platform_use::attach_document(&mut store.db, id, &NewAttachment::new("scan.pdf", too_big)).unwrap_err();
    assert_eq!(err.code(), "attachment_too_large");
    assert!(err.to_string().contains("20 Mo") && err.to_string().contains("scan.pdf"), "{err}");
    let exe = NewAttachment::new("lettre.pdf", b"MZ\x90\x00\x03".to_vec());
    let err = platform_use::attach_document(&mut store.db, id, &exe).unwrap_err();
    assert_eq!(err.code(), "attachment_unsupported", "a .pdf name does not make a PDF");
    let empty = NewAttachment::new("vide.pdf", Vec::new());
    assert_eq!(platform_use::attach_document(&mut store.db, id, &empty).unwrap_err().code(), "attachment_unsupported");
    assert_eq!(audit::latest(&store.db.conn, 500).unwrap().len(), entries_before, "a refused file leaves no trace");

    // From the command line: the size is checked before the file is read.
    let huge = store._tmp.path().join("numérisation.pdf");
    std::fs::File::create(&huge).unwrap().set_len(MAX_BYTES + 1).unwrap();
    assert_eq!(NewAttachment::read_file(&huge).unwrap_err().code(), "attachment_too_large");
    std::fs::write(&huge, b"%PDF-1.7\n").unwrap();
    let read = NewAttachment::read_file(&huge).unwrap();
    assert_eq!((read.original_name.as_str(), read.bytes.len()), ("numérisation.pdf", 9));

    let mut at_limit = b"%PDF-1.7\n".to_vec();
    at_limit.resize(MAX_BYTES as usize, b' ');
    platform_use::attach_document(&mut store.db, id, &NewAttachment::new("grand.pdf", at_limit)).unwrap();

    let canary = "CANARI-lettre-8c1f";
    let named = NewAttachment::new("../../../etc/Lettre\u{202E}fdp.exe", format!("%PDF-1.4 {canary}").into_bytes());
    let meta = platform_use::attach_document(&mut store.db, id, &named).unwrap().presentation.document.unwrap();
    assert_eq!(meta.original_name, "Lettrefdp.exe", "no folder, no direction override");
    assert_eq!(meta.suggested_file_name(), format!("piece-{}.pdf", meta.id), "the name offered comes from the type");
    assert_eq!(meta.size, named.bytes.len() as u64);
    assert_eq!(meta.sha256, attachment::sha256_hex(&named.bytes));
    let opened = attachment::open(&store.db, meta.id).unwrap();
    assert_eq!(opened.bytes, named.bytes);

    let out = store._tmp.path().join("export.pdf");
    attachment::export(&mut store.db, meta.id, &out, crate::export::Existing::Refuse).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), named.bytes);
    assert_eq!(
        attachment::export(&mut store.db, meta.id, &out, crate::export::Existing::Refuse).unwrap_err().code(),
        "export_target_exists"
    );
    assert!(store.audit_text().contains("piece.export"), "an export is audited");
    std::fs::write(&out, b"ancien").unwrap();
    attachment::export(&mut store.db, meta.id, &out, crate::export::Existing::Replace).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), named.bytes, "a save dialog's answer replaces the file");
    for entry in std::fs::read_dir(store.data.root()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            assert!(!bytes.windows(canary.len()).any(|w| w == canary.as_bytes()), "canary in clear in {path:?}");
        }
    }

    let refused = store.db.conn.execute("UPDATE attachments SET original_name = 'x' WHERE id = ?1", [meta.id]);
    assert!(refused.is_err(), "an attachment is never changed in place");
    store
        .db
        .conn
        .execute_batch(&format!(
            "DROP TRIGGER attachments_no_update;
             UPDATE attachments SET bytes = CAST(replace(CAST(bytes AS TEXT), 'CANARI', 'canari') AS BLOB) WHERE id = {};",
            meta.id
        ))
        .unwrap();
    assert_eq!(attachment::open(&store.db, meta.id).unwrap_err().code(), "attachment_damaged");
    assert_eq!(attachment::open(&store.db, 9999).unwrap_err().code(), "attachment_not_found");
}

#[test]
fn refusals_say_what_is_wrong() {
    let mut store = store_on("2025-09-15");
    let check = |result: crate::Result<()>, code: &str, why: &str| {
        let err = result.expect_err(why);
        assert_eq!(err.code(), code, "{why}: {err}");
        assert!(!err.message_en().is_empty());
    };
    let class = |code: &str, teachers: &[&str]| ClassDraft {
        year: year(),
        code: code.into(),
        level: String::new(),
        teachers: teachers.iter().map(|t| t.to_string()).collect(),
    };
    let use_draft = |class_code: &str, started_on: &str| UseDraft {
        year: year(),
        class_code: class_code.into(),
        platform: "Teams".into(),
        audience: Audience::Students,
        started_on: day(started_on),
        notes: String::new(),
        staff: Vec::new(),
    };
    let db = &mut store.db;
    check(
        staff::add(db, &StaffDraft { name: "MARIE-EVE TREMBLAY".into(), email: String::new() }).map(|_| ()),
        "staff_exists",
        "same name, other case and accents",
    );
    check(
        staff::add(db, &StaffDraft { name: "Luc Roy".into(), email: "luc.roy@".into() }).map(|_| ()),
        "invalid_value",
        "bad e-mail",
    );
    check(class::add(db, &class("603", &[])).map(|_| ()), "invalid_value", "a class has a teacher");
    check(class::add(db, &class("603", &["Inconnu"])).map(|_| ()), "staff_not_found", "unknown teacher");
    check(class::add(db, &class(" 601 ", &[TEACHER])).map(|_| ()), "class_exists", "601 exists");
    check(class::find(db, year(), "999").map(|_| ()), "class_not_found", "no such class");
    check(
        class::find(db, SchoolYear::starting(2026), "601").map(|_| ()),
        "class_not_found",
        "601 is a 2025-2026 class",
    );
    check(platform_use::add(db, &use_draft("601", "2026-07-01")).map(|_| ()), "invalid_value", "after the school year");
    check(
        platform_use::add(db, &UseDraft { platform: "Skype".into(), ..use_draft("601", "2025-09-01") }).map(|_| ()),
        "platform_not_found",
        "not in the catalogue",
    );
    let id = platform_use::add(db, &use_draft("601", "2025-09-01")).unwrap().id;
    check(
        platform_use::add(db, &use_draft("601", "2025-09-02")).map(|_| ()),
        "use_exists",
        "Teams twice for 601's students",
    );
    check(platform_use::get(db, 999).map(|_| ()), "use_not_found", "no such use");
    let future = AuthorizationDraft { on: day("2025-09-16"), by: "Direction".into(), document: None, prior_use: false };
    check(
        platform_use::authorize(db, id, &future).map(|_| ()),
        "invalid_value",
        "an authorization cannot be dated tomorrow",
    );
    let anonymous = AuthorizationDraft { on: day("2025-09-15"), by: " ".into(), document: None, prior_use: false };
    check(platform_use::authorize(db, id, &anonymous).map(|_| ()), "invalid_value", "by whom");
    check(platform_use::end(db, id, day("2025-08-31")).map(|_| ()), "invalid_value", "an end before the start");
    platform_use::end(db, id, day("2025-12-22")).unwrap();
    check(platform_use::end(db, id, day("2025-12-23")).map(|_| ()), "invalid_value", "ended twice");
    // Once the first use has ended, the class may register Teams again.
    platform_use::add(db, &use_draft("601", "2026-01-05")).unwrap();
    check(infraction::resolve(db, 42, day("2025-09-15"), "").map(|_| ()), "infraction_not_found", "no such infraction");
    let err = SchoolYear::parse("2025-2027").unwrap_err();
    assert!(err.to_string().contains("année scolaire"), "{err}");
}

#[test]
fn the_dashboard_of_a_store() {
    let mut store = store_on("2025-09-15");
    store.add_use("601", "Teams", Audience::Students);
    store.add_use("601", "Classroom", Audience::Students);
    store.add_use("601", "Courriel professionnel", Audience::Parents);
    let dojo = store.add_use("602", "ClassDojo", Audience::Parents);
    let other = ClassDraft { year: year(), code: "603".into(), level: String::new(), teachers: vec![TEACHER.into()] };
    class::add(&mut store.db, &other).unwrap();

    let board = dashboard::current(&store.db).unwrap();
    assert_eq!(board.year, year(), "the year of Paramètres, which follows the clock by default");
    let classes: Vec<&str> = board.classes_without_platform.iter().map(|c| c.class_code.as_str()).collect();
    assert_eq!(classes, ["603"]);
    let non_conformes: Vec<(&str, &str)> =
        board.uses_non_conformes.iter().map(|u| (u.class_code.as_str(), u.platform.as_str())).collect();
    assert_eq!(non_conformes, [("602", "ClassDojo")], "ClassDojo without the principal's permission");
    let pas_pretes: Vec<&str> = board.uses_pas_pretes.iter().map(|u| u.platform.as_str()).collect();
    assert_eq!(pas_pretes, ["Classroom", "Teams"], "e-mail is outside the Directive, so never pas prête");
    assert_eq!(board.warnings_one_platform.len(), 1);
    assert_eq!(board.warnings_one_platform[0].platforms, ["Classroom", "Teams"]);

    // A year looked at after it ended reads as of 30 June: the tolerance still covered it then.
    let permission =
        AuthorizationDraft { on: day("2025-09-15"), by: "Julie Gagnon".into(), document: None, prior_use: true };
    platform_use::authorize(&mut store.db, dojo, &permission).unwrap();
    store.on("2026-08-20");
    let past = dashboard::build(&store.db, year(), store.db.clock().today()).unwrap();
    assert_eq!(past.as_of, day("2026-06-30"));
    assert!(past.uses_non_conformes.is_empty(), "{:#?}", past.uses_non_conformes);
    // Regression (issue 7): an unset school year used to move on by itself on 1 July, hiding June's
    // deletions as they became overdue. It stays on the year of the classes until the next is opened.
    let current = dashboard::current(&store.db).unwrap();
    assert_eq!(current.year, year(), "the year of the classes, until the next one is opened");
    crate::year_end::open(&mut store.db, crate::year_end::next_year(year())).unwrap();
    let current = dashboard::current(&store.db).unwrap();
    assert_eq!(current.year.to_string(), "2026-2027");
    assert!(current.classes_without_platform.is_empty(), "no class registered in 2026-2027 yet");

    let detail = detail::show_class(&store.db, year(), "601").unwrap();
    assert_eq!(detail.uses.len(), 3);
    assert_eq!(detail.warnings_one_platform.len(), 1);
    assert_eq!(detail.class.teachers[0].name, TEACHER);
    let json = serde_json::to_value(&detail).unwrap();
    assert_eq!(json["uses"][0]["class_code"], "601", "a use view is flat: {}", json["uses"][0]);
    assert!(json["uses"][0]["assessment"]["state"].is_string());
}

#[test]
fn a_class_is_edited_its_teachers_replaced_and_the_change_audited() {
    let mut store = store_on("2025-09-10");
    staff::add(&mut store.db, &StaffDraft { name: "Marc Gagnon".into(), email: String::new() }).unwrap();
    let change = ClassChange { level: Some("5e-6e année".into()), teachers: Some(vec!["marc gagnon".into()]) };
    let edited = class::set(&mut store.db, year(), "601", &change).unwrap();
    assert_eq!(edited.level, "5e-6e année");
    let names: Vec<&str> = edited.teachers.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Marc Gagnon"], "the new list replaces the old one, found without case or accents");
    let reread = class::find(&store.db, year(), "601").unwrap();
    assert_eq!(reread, edited, "what set returns is what is stored");
    let last = audit::latest(&store.db.conn, 1).unwrap().remove(0);
    assert_eq!((last.action.as_str(), last.object.as_str()), ("classe.modification", "classe 2025-2026/601"));

    // Only the level: the teachers stay.
    let edited =
        class::set(&mut store.db, year(), "601", &ClassChange { level: Some("6e".into()), teachers: None }).unwrap();
    assert_eq!(edited.teachers.len(), 1);
    // No teacher at all is refused, and nothing changes.
    let none = ClassChange { level: None, teachers: Some(Vec::new()) };
    assert!(class::set(&mut store.db, year(), "601", &none).is_err(), "a class keeps at least one teacher");
    assert_eq!(class::find(&store.db, year(), "601").unwrap(), edited);
    let unknown = ClassChange { level: None, teachers: Some(vec!["Personne Inconnue".into()]) };
    assert_eq!(class::set(&mut store.db, year(), "601", &unknown).unwrap_err().code(), "staff_not_found");
}

#[test]
fn a_staff_member_is_corrected_and_the_classes_follow() {
    let mut store = store_on("2025-09-10");
    staff::add(&mut store.db, &StaffDraft { name: "Luc Roy".into(), email: String::new() }).unwrap();
    let change =
        StaffChange { name: Some(" Marie-Ève Tremblay-Côté ".into()), email: Some("me.tc@csspb.qc.ca".into()) };
    let edited = staff::set(&mut store.db, "marie-eve tremblay", &change).unwrap();
    assert_eq!((edited.name.as_str(), edited.email.as_str()), ("Marie-Ève Tremblay-Côté", "me.tc@csspb.qc.ca"));
    let class = class::find(&store.db, year(), "601").unwrap();
    assert_eq!(class.teachers[0].name, "Marie-Ève Tremblay-Côté", "the class refers to the person, not the old name");
    let last = audit::latest(&store.db.conn, 1).unwrap().remove(0);
    assert_eq!(last.action, "personnel.modification");
    assert!(!last.summary.contains("Tremblay"), "the journal holds no names: {}", last.summary);

    // Taking someone else's name, a bad e-mail or an unknown person: refused, nothing changes.
    let clash = StaffChange { name: Some("LUC ROY".into()), email: None };
    assert_eq!(staff::set(&mut store.db, "Marie-Ève Tremblay-Côté", &clash).unwrap_err().code(), "staff_exists");
    let bad = StaffChange { name: None, email: Some("pas-un-courriel".into()) };
    assert!(staff::set(&mut store.db, "Luc Roy", &bad).is_err());
    assert_eq!(staff::set(&mut store.db, "Personne", &StaffChange::default()).unwrap_err().code(), "staff_not_found");
    assert_eq!(staff::find(&store.db, "luc roy").unwrap().email, "");
    // The same person keeping its name in another case is allowed.
    let recased = StaffChange { name: Some("LUC ROY".into()), email: None };
    assert_eq!(staff::set(&mut store.db, "Luc Roy", &recased).unwrap().name, "LUC ROY");
}

/// Issue 15, item 8. Directive 5.9 names the platforms it exempts and art. 3 the one it leaves
/// out: only the seeded rows carry that mark, nothing can give it to another platform, and taking
/// the deletion off (or declaring « hors Directive ») elsewhere is a change with a reason that
/// the journal quotes with the article.
#[test]
fn the_deletion_and_outside_flags_follow_the_articles_and_any_difference_is_reasoned_and_journaled() {
    use crate::register::platform::{Deviation, NamedIn};
    let mut store = store_on("2025-09-15");
    let named: Vec<(String, Option<NamedIn>)> = platform::list(&store.db)
        .unwrap()
        .into_iter()
        .filter(|p| p.named_in.is_some())
        .map(|p| (p.name, p.named_in))
        .collect();
    assert_eq!(
        named,
        [
            ("Clic École".to_string(), Some(NamedIn::Art5_9)),
            ("Courriel professionnel".to_string(), Some(NamedIn::Art3)),
            ("Mozaïk-Portail".to_string(), Some(NamedIn::Art5_9)),
            ("Portail Parents (mParent)".to_string(), Some(NamedIn::Art5_9)),
        ],
        "5.9 names three platforms, art. 3 one"
    );
    let conn = &store.db.conn;
    assert!(conn.execute("UPDATE platforms SET named_in = '5.9' WHERE name = 'Teams'", []).is_err(), "not settable");
    assert!(
        conn.execute("UPDATE platforms SET named_in = NULL WHERE name = 'Clic École'", []).is_err(),
        "nor removable"
    );
    assert!(
        conn.execute(
            "INSERT INTO platforms (name, name_key, for_parents, for_students, status, end_of_year_deletion,
                 institutional_account, outside_directive, named_in) VALUES ('X', 'x', 1, 0, 'approuvee', 0, 0, 0, '5.9')",
            []
        )
        .is_err(),
        "a new platform cannot claim it"
    );
    let teams_use = store.add_use("601", "Teams", Audience::Students);
    let entries = audit::latest(&store.db.conn, 500).unwrap().len();

    // 5.9: unticking the deletion on Teams needs a reason; the preview says so, saving refuses.
    let untick = PlatformChange { end_of_year_deletion: Some(false), ..PlatformChange::default() };
    let preview = platform_change::preview(&store.db, "Teams", &untick).unwrap();
    assert_eq!(preview.reasons_needed, [Deviation::Deletion]);
    let err = platform_change::set(&mut store.db, "Teams", &untick).unwrap_err();
    assert_eq!(err.code(), "invalid_value");
    assert!(err.to_string().contains("art. 5.9") && err.to_string().contains("raison"), "{err}");
    assert!(platform::find(&store.db, "Teams").unwrap().end_of_year_deletion, "nothing saved");
    assert_eq!(audit::latest(&store.db.conn, 500).unwrap().len(), entries, "nothing journaled");
    let reasoned = PlatformChange { reason: Some("Teams du CSS vidé par le service TI".into()), ..untick.clone() };
    let saved = platform_change::set(&mut store.db, "Teams", &reasoned).unwrap();
    assert!(!saved.end_of_year_deletion);
    assert_eq!(saved.deletion_exemption_reason.as_deref(), Some("Teams du CSS vidé par le service TI"));
    let last = &audit::latest(&store.db.conn, 1).unwrap()[0];
    assert_eq!(last.action, "plateforme.modification");
    assert!(last.summary.contains("art. 5.9 (« Lorsqu'une autre plateforme que Mozaïk-Portail"), "{}", last.summary);
    assert!(last.summary.contains("raison : Teams du CSS vidé par le service TI"), "{}", last.summary);
    let view = detail::show_use(&store.db, teams_use).unwrap();
    assert!(view.assessment.reasons.iter().any(|r| r.code == "deletion_exempted"), "the use says it");
    // Another change keeps the reason; ticking it back drops it and says so.
    let notes = PlatformChange { notes: Some("pour les élèves".into()), ..PlatformChange::default() };
    let kept = platform_change::set(&mut store.db, "Teams", &notes).unwrap();
    assert_eq!(kept.deletion_exemption_reason.as_deref(), Some("Teams du CSS vidé par le service TI"));
    let back = PlatformChange { end_of_year_deletion: Some(true), ..PlatformChange::default() };
    let back = platform_change::set(&mut store.db, "Teams", &back).unwrap();
    assert_eq!((back.end_of_year_deletion, back.deletion_exemption_reason), (true, None));
    assert!(audit::latest(&store.db.conn, 1).unwrap()[0]
        .summary
        .contains("art. 5.9 : de nouveau comme l'article le dit"));
    // 5.9 exempts Mozaïk-Portail: ticking the deletion there is stricter, no reason needed.
    let stricter = PlatformChange { end_of_year_deletion: Some(true), ..PlatformChange::default() };
    assert!(platform_change::set(&mut store.db, "Mozaïk-Portail", &stricter).unwrap().end_of_year_deletion);

    // Art. 3: « hors Directive » on Classroom needs a reason; on professional e-mail it is the article.
    let outside = PlatformChange { outside_directive: Some(true), ..PlatformChange::default() };
    let err = platform_change::set(&mut store.db, "Classroom", &outside).unwrap_err();
    assert!(err.to_string().contains("art. 3") && err.to_string().contains("courriel professionnel"), "{err}");
    let outside = PlatformChange { reason: Some("usage administratif seulement".into()), ..outside };
    platform_change::set(&mut store.db, "Classroom", &outside).unwrap();
    let last = &audit::latest(&store.db.conn, 1).unwrap()[0];
    assert!(
        last.summary.contains("art. 3 (« Elle ne s'applique pas à l'utilisation du courriel professionnel »)"),
        "{}",
        last.summary
    );

    // A new platform without the deletion, or outside the Directive, needs its reason too.
    let draft = PlatformDraft {
        name: "Seesaw".into(),
        audiences: vec![Audience::Parents],
        status: PlatformStatus::AuthorizationRequired,
        tolerated_until: None,
        end_of_year_deletion: false,
        institutional_account: false,
        outside_directive: false,
        notes: String::new(),
        reason: None,
    };
    let err = platform::add(&mut store.db, &draft).unwrap_err();
    assert!(err.to_string().contains("art. 5.9"), "{err}");
    assert!(platform::find(&store.db, "Seesaw").is_err(), "nothing added");
    let added =
        platform::add(&mut store.db, &PlatformDraft { reason: Some("essai d'une semaine".into()), ..draft }).unwrap();
    assert_eq!(added.deletion_exemption_reason.as_deref(), Some("essai d'une semaine"));
    assert!(audit::latest(&store.db.conn, 1).unwrap()[0].summary.contains("art. 5.9"));
}

/// Issue 15, item 6. The Annexe A names « le membre du personnel » who uses the platform: a use
/// may name its own staff (a specialist using Teams with several groups), else it is the class's
/// teachers. Changing it is audited by staff number.
#[test]
fn a_use_names_its_own_staff_or_else_the_class_teachers() {
    let mut store = store_on("2025-09-15");
    for name in ["Sophie Roy", "Karim Haddad"] {
        staff::add(&mut store.db, &StaffDraft { name: name.into(), email: String::new() }).unwrap();
    }
    let default = store.add_use("601", "Teams", Audience::Students);
    let names = |db: &crate::store::Db, id: i64| -> Vec<String> {
        platform_use::staff_of_use(db, id).unwrap().into_iter().map(|s| s.name).collect()
    };
    assert_eq!(names(&store.db, default), [TEACHER], "no staff of its own: the class's teachers");
    let draft = UseDraft {
        year: year(),
        class_code: "602".into(),
        platform: "Classroom".into(),
        audience: Audience::Students,
        started_on: day("2025-09-02"),
        notes: String::new(),
        staff: vec!["sophie roy".into(), "Karim Haddad".into(), "Sophie Roy".into()],
    };
    let own = platform_use::add(&mut store.db, &draft).unwrap();
    assert_eq!(names(&store.db, own.id), ["Karim Haddad", "Sophie Roy"], "its own, each once, by name");
    let view = detail::show_use(&store.db, own.id).unwrap();
    assert!(!view.staff_from_class && view.staff.len() == 2);
    assert!(detail::show_use(&store.db, default).unwrap().staff_from_class);

    platform_use::set_staff(&mut store.db, default, &["Sophie Roy".into()]).unwrap();
    assert_eq!(names(&store.db, default), ["Sophie Roy"]);
    let by_use = platform_use::staff_by_use(&store.db, year()).unwrap();
    assert_eq!(by_use[&default].iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Sophie Roy"]);
    platform_use::set_staff(&mut store.db, default, &[]).unwrap();
    assert_eq!(names(&store.db, default), [TEACHER], "an empty list goes back to the class's teachers");

    let err = platform_use::set_staff(&mut store.db, default, &["Personne Inconnue".into()]).unwrap_err();
    assert_eq!(err.code(), "staff_not_found");
    let err = platform_use::add(&mut store.db, &UseDraft { staff: vec!["Inconnu".into()], ..draft }).unwrap_err();
    assert_eq!(err.code(), "staff_not_found", "nothing registered with an unknown staff member");
    let journal = store.audit_text();
    assert!(journal.contains("utilisation.personnel"), "{journal}");
    assert!(!journal.contains("Sophie") && !journal.contains("Haddad"), "staff by number only:\n{journal}");
}
