// A social-media space through the built binary (issue 17, seed 003): the request printed and read
// back with pdftotext, refused at sending while its blocks are empty, sent, accepted with the
// signed decision scanned, then its members' consents checked by age on the day they join.

use serde_json::Value;

use crate::cli::{bleuets_school, json_at, run_at, stderr};
use crate::util::pdf_words;

const OCTOBER: &str = "2025-10-20T10:00:00-04:00";

#[test]
fn a_space_request_goes_to_accepted_and_its_members_join_by_age() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    bleuets_school(OCTOBER, &data);
    // Ages on 2025-10-20: N'Guessan 14, O'Neil-Bérubé 13, Côté 11 (birth dates rectified).
    for (fiche, born) in [("1002", "2011-04-12"), ("1003", "2012-06-20")] {
        json_at(
            OCTOBER,
            &data,
            &[
                "person",
                "correct",
                "--student",
                fiche,
                "--field",
                "birth_date",
                "--value",
                born,
                "--reason",
                "document",
            ],
        );
    }
    let draft = json_at(
        OCTOBER,
        &data,
        &["space", "add", "--name", "Les Bleuets en action", "--platform", "instagram", "--access", "13"],
    );
    let id = draft["id"].to_string();
    assert_eq!(draft["status"], "brouillon");
    let refused = run_at(OCTOBER, &data, &["space", "send", &id]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("à remplir avant l'envoi"), "{}", stderr(&refused));

    let space = json_at(
        OCTOBER,
        &data,
        &[
            "space",
            "add",
            "--name",
            "Les Bleuets en action",
            "--platform",
            "instagram",
            "--access",
            "13",
            "--content",
            "Les projets des classes.",
            "--administration",
            "Deux administratrices désignées.",
            "--training",
            "Nétiquette présentée.",
            "--monitoring",
            "Vigie hebdomadaire.",
            "--responsible",
            "Claire Bouchard, direction",
        ],
    );
    let id = space["id"].to_string();
    let pdf = dir.path().join("demande.pdf");
    let printed = json_at(OCTOBER, &data, &["space", "print", &id, "-o", pdf.to_str().unwrap()]);
    let number = printed["number"].as_str().unwrap().to_string();
    let text = pdf_words(&pdf);
    for expected in ["Demande d’autorisation de création d’un espace de média social", "Vigie hebdomadaire.", &number]
    {
        assert!(text.contains(expected), "« {expected} » missing:\n{text}");
    }

    // Joining before the decision is refused.
    let early = run_at(
        OCTOBER,
        &data,
        &[
            "space",
            "member",
            &id,
            "--student",
            "1002",
            "--consent-by",
            "eleve",
            "--consent-on",
            "2025-10-20",
            "--signer",
            "Awa N'Guessan",
        ],
    );
    assert!(!early.status.success(), "no member before the decision");

    json_at(OCTOBER, &data, &["space", "send", &id, "--date", "2025-10-06"]);
    let decision = dir.path().join("decision.pdf");
    std::fs::write(&decision, crate::util::minimal_pdf("décision signée")).unwrap();
    let accepted = json_at(
        OCTOBER,
        &data,
        &["space", "decide", &id, "acceptee", "--date", "2025-10-17", "--scan", decision.to_str().unwrap()],
    );
    assert_eq!(accepted["status"], "acceptee");
    assert!(accepted["decision_scan_id"].is_i64());

    let member = |fiche: &str, by: &str| {
        run_at(
            OCTOBER,
            &data,
            &[
                "space",
                "member",
                &id,
                "--student",
                fiche,
                "--consent-by",
                by,
                "--consent-on",
                "2025-10-20",
                "--signer",
                "Un parent",
                "--json",
            ],
        )
    };
    // 14: the student's own consent is enough.
    assert!(member("1002", "eleve").status.success());
    // 13: a parent's, not the student's own.
    let own = member("1003", "eleve");
    assert!(stderr(&own).contains("13 ans"), "{}", stderr(&own));
    assert!(member("1003", "parent").status.success());
    // 11: too young for any consent.
    let young = member("1001", "parent");
    assert!(!young.status.success());
    assert!(stderr(&young).contains("11"), "{}", stderr(&young));

    let shown: Value = json_at(OCTOBER, &data, &["space", "show", &id]);
    let members: Vec<(&str, &str)> = shown["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["name"].as_str().unwrap(), m["consent_by"].as_str().unwrap()))
        .collect();
    assert_eq!(members, [("N'Guessan, Awa", "eleve"), ("O'Neil-Bérubé, Léa", "parent")]);
}
