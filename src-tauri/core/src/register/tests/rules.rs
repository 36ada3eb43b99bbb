//! Table tests of the Directive's rules (`rules`) and of the dashboard built from them, on plain
//! values with a fixed "today": no store involved.

use chrono::NaiveDate;

use crate::attachment::{AttachmentMeta, MediaType};
use crate::dashboard;
use crate::register::class::Class;
use crate::register::infraction::Infraction;
use crate::register::platform::{Audience, NamedIn, Platform, PlatformStatus};
use crate::register::platform_use::{Authorization, PlatformUse, Presentation, PresentationValidation};
use crate::register::rules::{self, Requirement, Severity, UseState, WhyAuthorization};
use crate::year::SchoolYear;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn platform(id: i64, name: &str, status: PlatformStatus, until: Option<&str>, audiences: &[Audience]) -> Platform {
    Platform {
        id,
        name: name.into(),
        audiences: audiences.to_vec(),
        status,
        tolerated_until: until.map(day),
        end_of_year_deletion: true,
        institutional_account: false,
        outside_directive: false,
        notes: String::new(),
        named_in: None,
        deletion_exemption_reason: None,
        outside_directive_reason: None,
    }
}

const BOTH: &[Audience] = &[Audience::Parents, Audience::Students];

fn mozaik() -> Platform {
    Platform {
        end_of_year_deletion: false,
        institutional_account: true,
        named_in: Some(NamedIn::Art5_9),
        ..platform(1, "Mozaïk-Portail", PlatformStatus::Approved, None, BOTH)
    }
}
fn clic_ecole() -> Platform {
    Platform { id: 3, name: "Clic École".into(), audiences: vec![Audience::Parents], ..mozaik() }
}
fn teams() -> Platform {
    Platform {
        institutional_account: true,
        ..platform(4, "Teams", PlatformStatus::Approved, None, &[Audience::Students])
    }
}
fn classroom() -> Platform {
    Platform { id: 5, name: "Classroom".into(), ..teams() }
}
fn courriel() -> Platform {
    Platform {
        end_of_year_deletion: false,
        institutional_account: true,
        outside_directive: true,
        named_in: Some(NamedIn::Art3),
        ..platform(6, "Courriel professionnel", PlatformStatus::Approved, None, &[Audience::Parents])
    }
}
fn classdojo() -> Platform {
    platform(7, "ClassDojo", PlatformStatus::Tolerated, Some("2026-06-30"), BOTH)
}
fn facebook() -> Platform {
    platform(8, "Facebook (groupes)", PlatformStatus::Prohibited, None, BOTH)
}
fn remind() -> Platform {
    platform(12, "Remind", PlatformStatus::AuthorizationRequired, None, BOTH)
}

fn document(id: i64, sha: char) -> AttachmentMeta {
    AttachmentMeta {
        id,
        sha256: sha.to_string().repeat(64),
        original_name: "presentation.pdf".into(),
        media_type: MediaType::Pdf,
        size: 1000,
        added_at: "2025-08-20T09:00:00.000-04:00".into(),
    }
}

/// A use of `platform` by class 601 in 2025-2026 from 28 August, with nothing recorded yet.
fn use_of(platform: &Platform, audience: Audience) -> PlatformUse {
    PlatformUse {
        id: 1,
        year: SchoolYear::starting(2025),
        class_id: 601,
        class_code: "601".into(),
        platform_id: platform.id,
        platform: platform.name.clone(),
        audience,
        started_on: day("2025-08-28"),
        ended_on: None,
        notes: String::new(),
        authorization: None,
        committee_validated_on: None,
        presentation: Presentation::default(),
        own_staff: Vec::new(),
    }
}

/// Directive 5.1 done: document attached, validated as is, sent.
fn presented(mut u: PlatformUse) -> PlatformUse {
    u.presentation = Presentation {
        document: Some(document(10, 'a')),
        validation: Some(PresentationValidation {
            on: day("2025-08-25"),
            by: "Direction".into(),
            sha256: "a".repeat(64),
        }),
        sent_on: Some(day("2025-08-27")),
    };
    u
}

fn authorized(mut u: PlatformUse, with_letter: bool) -> PlatformUse {
    let document = with_letter.then(|| document(11, 'b'));
    u.authorization =
        Some(Authorization { on: day("2025-08-22"), by: "M. Gagnon, directeur".into(), document, prior_use: false });
    u
}

/// The principal's permission for a tolerated platform, saying (or not) that the staff member
/// already used it the year before (note de service of 25 August 2025, footnote 1).
fn permitted(u: PlatformUse, prior_use: bool) -> PlatformUse {
    let mut u = authorized(u, false);
    if let Some(a) = u.authorization.as_mut() {
        a.prior_use = prior_use;
    }
    u
}

fn committee(mut u: PlatformUse) -> PlatformUse {
    u.committee_validated_on = Some(day("2025-09-05"));
    u
}

fn in_year_2026(mut u: PlatformUse, started_on: &str) -> PlatformUse {
    u.year = SchoolYear::starting(2026);
    u.started_on = day(started_on);
    u
}

/// The state and the codes of the reasons that set it (advice apart), in order.
fn check(case: &str, u: &PlatformUse, p: &Platform, today: &str, state: UseState, codes: &[&str]) {
    let assessment = rules::assess(u, p, day(today));
    let got: Vec<&str> =
        assessment.reasons.iter().filter(|r| r.severity >= Severity::PasPrete).map(|r| r.code).collect();
    assert_eq!((assessment.state, got.as_slice()), (state, codes), "{case}: {:#?}", assessment.reasons);
    for reason in &assessment.reasons {
        assert!(!reason.article.is_empty() && !reason.text_fr.is_empty() && !reason.text_en.is_empty(), "{case}");
        assert!(
            reason.text_fr.contains(&format!("art. {}", reason.article)),
            "{case}: {} cites its article",
            reason.code
        );
    }
}

#[test]
fn approved_platforms_need_only_the_presentation_document() {
    use Audience::*;
    use UseState::*;
    let all_5_1 = ["presentation_document_missing", "presentation_not_validated", "presentation_not_sent"];
    check("Teams, nothing recorded", &use_of(&teams(), Students), &teams(), "2025-09-15", PasPrete, &all_5_1);
    check("Teams, 5.1 done", &presented(use_of(&teams(), Students)), &teams(), "2025-09-15", Conforme, &[]);
    check("Mozaïk, 5.1 done", &presented(use_of(&mozaik(), Parents)), &mozaik(), "2025-09-15", Conforme, &[]);

    let mut attached_only = use_of(&mozaik(), Parents);
    attached_only.presentation.document = Some(document(10, 'a'));
    check(
        "document attached, neither validated nor sent",
        &attached_only,
        &mozaik(),
        "2025-09-15",
        PasPrete,
        &["presentation_not_validated", "presentation_not_sent"],
    );

    let mut not_sent = presented(use_of(&mozaik(), Parents));
    not_sent.presentation.sent_on = None;
    check("validated, not sent", &not_sent, &mozaik(), "2025-09-15", PasPrete, &["presentation_not_sent"]);

    let mut sent_unvalidated = presented(use_of(&mozaik(), Parents));
    sent_unvalidated.presentation.validation = None;
    check("sent, not validated", &sent_unvalidated, &mozaik(), "2025-09-15", PasPrete, &["presentation_not_validated"]);

    let mut changed = presented(use_of(&mozaik(), Parents));
    changed.presentation.document = Some(document(13, 'c'));
    check("document replaced after validation", &changed, &mozaik(), "2025-09-15", PasPrete, &["presentation_changed"]);
}

#[test]
fn authorization_required_is_non_conforme_until_letter_and_committee_are_recorded() {
    use Audience::*;
    use UseState::*;
    let ready = || presented(use_of(&remind(), Parents));
    check(
        "nothing recorded",
        &ready(),
        &remind(),
        "2025-09-15",
        NonConforme,
        &["authorization_missing", "committee_validation_missing"],
    );
    check(
        "authorization without its letter",
        &committee(authorized(ready(), false)),
        &remind(),
        "2025-09-15",
        NonConforme,
        &["authorization_document_missing"],
    );
    check(
        "letter, no committee",
        &authorized(ready(), true),
        &remind(),
        "2025-09-15",
        NonConforme,
        &["committee_validation_missing"],
    );
    check("committee only", &committee(ready()), &remind(), "2025-09-15", NonConforme, &["authorization_missing"]);
    check("all recorded", &committee(authorized(ready(), true)), &remind(), "2025-09-15", Conforme, &[]);
    check(
        "all recorded but 5.1 not done: non conforme is gone, pas prête remains",
        &committee(authorized(use_of(&remind(), Parents), true)),
        &remind(),
        "2025-09-15",
        PasPrete,
        &["presentation_document_missing", "presentation_not_validated", "presentation_not_sent"],
    );
    check(
        "non conforme and pas prête together: the gravest wins, every reason is listed",
        &use_of(&remind(), Parents),
        &remind(),
        "2025-09-15",
        NonConforme,
        &[
            "authorization_missing",
            "committee_validation_missing",
            "presentation_document_missing",
            "presentation_not_validated",
            "presentation_not_sent",
        ],
    );
}

#[test]
fn an_approved_platform_outside_its_audience_needs_an_authorization() {
    use Audience::*;
    use UseState::*;
    check(
        "Teams for parents",
        &presented(use_of(&teams(), Parents)),
        &teams(),
        "2025-09-15",
        NonConforme,
        &["audience_not_approved", "authorization_missing", "committee_validation_missing"],
    );
    check(
        "Teams for parents, authorized and validated",
        &committee(authorized(presented(use_of(&teams(), Parents)), true)),
        &teams(),
        "2025-09-15",
        Conforme,
        &[],
    );
    let text =
        rules::assess(&presented(use_of(&teams(), Parents)), &teams(), day("2025-09-15")).reasons[0].text_fr.clone();
    assert!(text.contains("élèves seulement"), "the reason says who Teams is for: {text}");
}

#[test]
fn a_tolerated_platform_needs_the_principals_permission_until_its_date() {
    use Audience::*;
    use UseState::*;
    let dojo = classdojo();
    let permitted = || permitted(presented(use_of(&dojo, Parents)), true);
    check(
        "no permission",
        &presented(use_of(&dojo, Parents)),
        &dojo,
        "2025-10-01",
        NonConforme,
        &["permission_missing"],
    );
    check("permission, no letter needed", &permitted(), &dojo, "2025-10-01", Conforme, &[]);
    check("last day of the tolerance", &permitted(), &dojo, "2026-06-30", Conforme, &[]);
    check(
        "the day after",
        &permitted(),
        &dojo,
        "2026-07-01",
        NonConforme,
        &["tolerance_ended", "authorization_document_missing", "committee_validation_missing"],
    );
    check(
        "a use starting after the tolerance is judged on its first day, even when recorded before",
        &in_year_2026(permitted(), "2026-08-27"),
        &dojo,
        "2026-06-01",
        NonConforme,
        &["tolerance_ended", "authorization_document_missing", "committee_validation_missing"],
    );
    check(
        "after the tolerance, a full authorization makes it conforme",
        &in_year_2026(committee(authorized(presented(use_of(&dojo, Parents)), true)), "2026-08-27"),
        &dojo,
        "2026-09-15",
        Conforme,
        &[],
    );
    let undated = Platform { tolerated_until: None, ..classdojo() };
    check(
        "a tolerance without a date (damaged data) covers nothing",
        &permitted(),
        &undated,
        "2025-10-01",
        NonConforme,
        &["authorization_document_missing", "committee_validation_missing"],
    );
}

#[test]
fn prohibited_and_out_of_scope_platforms() {
    use Audience::*;
    use UseState::*;
    let everything = committee(authorized(presented(use_of(&facebook(), Parents)), true));
    check("prohibited, whatever is recorded", &everything, &facebook(), "2025-09-15", NonConforme, &["prohibited"]);
    check(
        "professional e-mail, nothing recorded",
        &use_of(&courriel(), Parents),
        &courriel(),
        "2025-09-15",
        Conforme,
        &[],
    );
    let forbidden_mail = Platform { status: PlatformStatus::Prohibited, ..courriel() };
    check(
        "out of scope, but made prohibited",
        &use_of(&forbidden_mail, Parents),
        &forbidden_mail,
        "2025-09-15",
        NonConforme,
        &["prohibited"],
    );
}

#[test]
fn advice_first_name_and_avatar_and_end_of_year_deletion() {
    use Audience::*;
    let advice = |u: &PlatformUse, p: &Platform| -> Vec<&'static str> {
        rules::assess(u, p, day("2025-09-15"))
            .reasons
            .into_iter()
            .filter(|r| r.severity == Severity::Advice)
            .map(|r| r.code)
            .collect()
    };
    let dojo = authorized(presented(use_of(&classdojo(), Parents)), false);
    assert_eq!(advice(&dojo, &classdojo()), ["tolerated_until", "first_name_and_avatar", "end_of_year_deletion"]);
    assert_eq!(
        advice(&presented(use_of(&teams(), Students)), &teams()),
        ["end_of_year_deletion"],
        "Teams: 5.9, not 5.4"
    );
    assert!(advice(&presented(use_of(&mozaik(), Parents)), &mozaik()).is_empty(), "Mozaïk: exempt from 5.9");
    assert_eq!(advice(&use_of(&courriel(), Parents), &courriel()), ["outside_directive"]);
    assert!(advice(&use_of(&facebook(), Parents), &facebook()).is_empty(), "a prohibited use gets no advice");

    let reasons = rules::assess(&dojo, &classdojo(), day("2025-09-15")).reasons;
    let first_name = reasons.iter().find(|r| r.code == "first_name_and_avatar").unwrap();
    assert!(first_name.text_fr.starts_with("Prénom seulement et avatar"), "{}", first_name.text_fr);
    let deletion = reasons.iter().find(|r| r.code == "end_of_year_deletion").unwrap();
    assert!(deletion.text_fr.contains("2026-06-30"), "the deadline is the year's 30 June: {}", deletion.text_fr);
}

#[test]
fn requirement_table() {
    use Audience::*;
    let check_requirement = |p: &Platform, audience: Audience, on: &str, expected: Requirement| {
        assert_eq!(rules::requirement(p, audience, day(on)), expected, "{} / {audience:?} / {on}", p.name);
    };
    let until = day("2026-06-30");
    check_requirement(&teams(), Students, "2025-09-01", Requirement::None);
    check_requirement(
        &teams(),
        Parents,
        "2025-09-01",
        Requirement::Authorization(WhyAuthorization::AudienceNotApproved),
    );
    check_requirement(&classdojo(), Students, "2026-06-30", Requirement::Permission { until });
    check_requirement(
        &classdojo(),
        Students,
        "2026-07-01",
        Requirement::Authorization(WhyAuthorization::ToleranceEnded { until }),
    );
    check_requirement(&remind(), Parents, "2025-09-01", Requirement::Authorization(WhyAuthorization::NotApproved));
    check_requirement(&facebook(), Parents, "2025-09-01", Requirement::Prohibited);
}

#[test]
fn one_platform_per_class_and_audience_is_a_warning() {
    use Audience::*;
    let (teams, classroom, mozaik, courriel, clic) = (teams(), classroom(), mozaik(), courriel(), clic_ecole());
    let mut ended = use_of(&clic, Parents);
    ended.ended_on = Some(day("2025-10-01"));
    let mut other_class = use_of(&clic, Parents);
    other_class.class_id = 602;
    other_class.class_code = "602".into();
    let uses = [
        (use_of(&teams, Students), &teams),
        (use_of(&classroom, Students), &classroom),
        (use_of(&mozaik, Parents), &mozaik),
        (use_of(&courriel, Parents), &courriel),
        (ended, &clic),
        (other_class, &clic),
        (use_of(&mozaik, Students), &mozaik),
    ];
    let pairs: Vec<(&PlatformUse, &Platform)> = uses.iter().map(|(u, p)| (u, *p)).collect();
    let check_warnings = |as_of: &str, expected: &[(&str, Audience, &[&str])]| {
        let got: Vec<(String, Audience, Vec<String>)> = rules::one_platform_warnings(&pairs, day(as_of))
            .into_iter()
            .map(|w| {
                assert_eq!(w.reasons[0].article, "5.2");
                assert_eq!(w.reasons[0].severity, Severity::Warning);
                (w.class_code, w.audience, w.platforms)
            })
            .collect();
        let expected: Vec<(String, Audience, Vec<String>)> =
            expected.iter().map(|(c, a, ps)| (c.to_string(), *a, ps.iter().map(|p| p.to_string()).collect())).collect();
        assert_eq!(got, expected, "as of {as_of}");
    };
    // Before 1 October the Clic École use is still running; e-mail (art. 3) never counts.
    check_warnings(
        "2025-09-30",
        &[
            ("601", Parents, &["Clic École", "Mozaïk-Portail"]),
            ("601", Students, &["Classroom", "Mozaïk-Portail", "Teams"]),
        ],
    );
    check_warnings("2025-10-01", &[("601", Students, &["Classroom", "Mozaïk-Portail", "Teams"])]);
}

#[test]
fn the_dashboard_sorts_each_use_into_one_list_with_its_reasons() {
    use Audience::*;
    let year = SchoolYear::starting(2025);
    let class = |id: i64, code: &str| Class { id, year, code: code.into(), level: "6e".into(), teachers: Vec::new() };
    let classes = [class(1, "601"), class(2, "602"), class(3, "603"), class(4, "604"), class(5, "605")];
    let (teams, mozaik, remind, facebook) = (teams(), mozaik(), remind(), facebook());
    let on = |mut u: PlatformUse, id: i64, class_id: i64, code: &str| {
        u.id = id;
        u.class_id = class_id;
        u.class_code = code.into();
        u
    };
    let mut ended = on(use_of(&remind, Parents), 5, 5, "605");
    ended.ended_on = Some(day("2025-09-01"));
    let uses = [
        on(presented(use_of(&teams, Students)), 1, 2, "602"),
        on(use_of(&mozaik, Parents), 2, 3, "603"),
        on(presented(use_of(&remind, Parents)), 3, 4, "604"),
        on(presented(use_of(&mozaik, Parents)), 4, 4, "604"),
        ended,
    ];
    let infraction = |id: i64, resolved_on: Option<&str>| Infraction {
        id,
        year,
        class_id: 4,
        class_code: "604".into(),
        platform_id: facebook.id,
        platform: facebook.name.clone(),
        found_on: day("2025-09-10"),
        description: "groupe de classe".into(),
        resolved_on: resolved_on.map(day),
        resolution: String::new(),
    };
    let infractions = [infraction(1, None), infraction(2, Some("2025-09-12"))];
    let platforms = [teams.clone(), mozaik.clone(), remind.clone(), facebook.clone()];
    let board = dashboard::compile(year, day("2025-09-15"), &classes, &uses, &platforms, &infractions);

    let codes = |list: Vec<(String, i64)>| list;
    assert_eq!(
        codes(board.classes_without_platform.iter().map(|c| (c.class_code.clone(), c.class_id)).collect()),
        [("601".to_string(), 1), ("605".to_string(), 5)],
        "601 has nothing, 605's only use has ended"
    );
    assert_eq!(board.uses_non_conformes.iter().map(|u| u.use_id).collect::<Vec<_>>(), [3]);
    assert_eq!(board.uses_pas_pretes.iter().map(|u| u.use_id).collect::<Vec<_>>(), [2]);
    assert_eq!(board.warnings_one_platform.len(), 1);
    assert_eq!(board.warnings_one_platform[0].class_code, "604");
    assert_eq!(board.open_infractions.iter().map(|i| i.infraction_id).collect::<Vec<_>>(), [1], "resolved ones leave");
    assert!(
        board.uses_non_conformes[0].reasons.iter().all(|r| r.severity >= Severity::PasPrete),
        "advice is left out of the dashboard"
    );

    let json = serde_json::to_value(&board).unwrap();
    for key in [
        "classes_without_platform",
        "uses_non_conformes",
        "uses_pas_pretes",
        "warnings_one_platform",
        "open_infractions",
    ] {
        let list = json[key].as_array().unwrap_or_else(|| panic!("{key} must be a list"));
        assert!(!list.is_empty(), "{key} has an entry in this fixture");
        for item in list {
            assert!(item["class_code"].is_string(), "{key} names the class: {item}");
            assert!(item["reasons"][0]["article"].is_string(), "{key} gives reasons with articles: {item}");
        }
    }
    assert_eq!(json["year"], "2025-2026");
    assert_eq!(json["uses_non_conformes"][0]["state"], "non_conforme");
    assert_eq!(json["uses_pas_pretes"][0]["state"], "pas_prete");
}

/// Note de service of 25 August 2025, footnote 1: ClassDojo « est tolérée pour celles et ceux qui
/// l'utilisaient déjà, avec la permission de la direction » for 2025-2026 only (issue 15, item
/// 11). A permission that does not say the staff member already used it covers no one; after the
/// tolerance, art. 4's written authorization is needed, as for any platform not approved.
#[test]
fn a_tolerated_platform_covers_only_those_who_already_used_it() {
    use Audience::*;
    use UseState::*;
    let dojo = classdojo();
    let ready = || presented(use_of(&dojo, Parents));
    type Case<'a> = (&'a str, PlatformUse, &'a str, UseState, &'a [&'a str]);
    let table: [Case; 7] = [
        ("memo: no permission at all", ready(), "2025-10-01", NonConforme, &["permission_missing"]),
        (
            "memo + art. 4: a permission for a new user",
            permitted(ready(), false),
            "2025-10-01",
            NonConforme,
            &["tolerated_new_user"],
        ),
        ("memo: permission, used it in 2024-2025", permitted(ready(), true), "2025-10-01", Conforme, &[]),
        ("memo: the last day of the tolerance", permitted(ready(), true), "2026-06-30", Conforme, &[]),
        (
            "memo: a new user on the last day",
            permitted(ready(), false),
            "2026-06-30",
            NonConforme,
            &["tolerated_new_user"],
        ),
        (
            "art. 4: after the tolerance, « utilisait déjà » no longer suffices",
            permitted(ready(), true),
            "2026-07-01",
            NonConforme,
            &["tolerance_ended", "authorization_document_missing", "committee_validation_missing"],
        ),
        (
            "art. 4: after the tolerance, a letter and the committee make it conforme, prior use or not",
            committee(authorized(ready(), true)),
            "2026-07-01",
            Conforme,
            &[],
        ),
    ];
    for (case, u, today, state, codes) in &table {
        check(case, u, &dojo, today, *state, codes);
    }
    let refused = rules::assess(&permitted(ready(), false), &dojo, day("2025-10-01"));
    let text = &refused.reasons.iter().find(|r| r.code == "tolerated_new_user").unwrap().text_fr;
    for quoted in
        ["« pour celles et ceux qui l'utilisaient déjà »", "note de service du 25 août 2025", "art. 4", "en 2024-2025"]
    {
        assert!(text.contains(quoted), "the reason quotes {quoted:?}: {text}");
    }
    // A platform that needs the full authorization is not concerned by « utilisait déjà ».
    check(
        "art. 4: Remind with letter and committee",
        &committee(authorized(ready(), true)),
        &remind(),
        "2025-10-01",
        Conforme,
        &[],
    );
}

/// Directive 5.9 exempts only Mozaïk-Portail, Portail Parents and Clic École from the deletion;
/// art. 3 leaves only professional e-mail outside (issue 15, item 8). The catalogue may differ
/// from its article only with a reason, and every use of such a platform says so.
#[test]
fn the_catalogue_flags_differ_from_articles_3_and_5_9_only_with_a_reason() {
    use crate::register::platform::{settle_reasons, Deviation};
    let without_deletion = |p: Platform| Platform { end_of_year_deletion: false, ..p };
    let outside = |p: Platform| Platform { outside_directive: true, ..p };
    let with_deletion = |p: Platform| Platform { end_of_year_deletion: true, ..p };
    type Case = (&'static str, Platform, &'static [Deviation]);
    let table: [Case; 8] = [
        ("5.9: Teams is emptied by 30 June", teams(), &[]),
        ("5.9: Teams without the deletion deviates", without_deletion(teams()), &[Deviation::Deletion]),
        ("5.9: Mozaïk-Portail is named, exempt", mozaik(), &[]),
        ("5.9: Clic École is named, exempt", clic_ecole(), &[]),
        ("5.9: stricter than the article is no deviation", with_deletion(mozaik()), &[]),
        ("art. 3: professional e-mail is outside", courriel(), &[]),
        ("art. 3: Teams declared outside deviates", outside(teams()), &[Deviation::OutsideDirective]),
        (
            "5.9 and art. 3: both on ClassDojo",
            outside(without_deletion(classdojo())),
            &[Deviation::Deletion, Deviation::OutsideDirective],
        ),
    ];
    for (case, platform, expected) in &table {
        assert_eq!(platform.deviations(), *expected, "{case}");
        // A new platform (or a change) introducing a deviation needs its reason.
        let mut candidate = platform.clone();
        let settled = settle_reasons(None, &mut candidate, None);
        assert_eq!(settled.is_err(), !expected.is_empty(), "{case}: {settled:?}");
        if let Err(err) = settled {
            let text = err.to_string();
            assert!(text.contains(&format!("art. {}", expected[0].article())), "{case}: {text}");
        }
        let mut candidate = platform.clone();
        settle_reasons(None, &mut candidate, Some("hébergé par le CSS, purgé par lui")).unwrap();
        for deviation in expected.iter() {
            assert_eq!(candidate.reason_of(*deviation), Some("hébergé par le CSS, purgé par lui"), "{case}");
        }
    }
    // A deviation already recorded keeps its reason; back to the article, the reason goes.
    let mut before = without_deletion(teams());
    before.deletion_exemption_reason = Some("comptes effacés par le CSS".into());
    let mut notes_only = before.clone();
    notes_only.notes = "autre".into();
    settle_reasons(Some(&before), &mut notes_only, None).unwrap();
    assert_eq!(notes_only.deletion_exemption_reason.as_deref(), Some("comptes effacés par le CSS"));
    let mut back = with_deletion(before.clone());
    settle_reasons(Some(&before), &mut back, None).unwrap();
    assert_eq!(back.deletion_exemption_reason, None, "5.9 applies again: no reason left");
    // Every use of a deviating platform says so, with the reason; the state does not change.
    let u = presented(use_of(&teams(), Audience::Students));
    let assessment = rules::assess(&u, &before, day("2025-09-15"));
    assert_eq!(assessment.state, UseState::Conforme);
    let warning = assessment.reasons.iter().find(|r| r.code == "deletion_exempted").expect("5.9 warning");
    assert_eq!((warning.article, warning.severity), ("5.9", Severity::Warning));
    assert!(warning.text_fr.contains("comptes effacés par le CSS"), "{}", warning.text_fr);
    assert!(!assessment.reasons.iter().any(|r| r.code == "end_of_year_deletion"), "no deletion advice then");
    let declared = Platform { outside_directive_reason: None, ..outside(teams()) };
    let assessment = rules::assess(&u, &declared, day("2025-09-15"));
    let warning = assessment.reasons.iter().find(|r| r.code == "outside_declared").expect("art. 3 warning");
    assert!(warning.text_fr.contains("raison : non consignée"), "a store from before the rule: {}", warning.text_fr);
}
