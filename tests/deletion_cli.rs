// The end-of-year deletion confirmations through the built binary (issue #7, Directive 5.9–5.10),
// on a fixed clock: attestations printed for all staff and read back with pdftotext, two
// confirmations (one with a scan), the list's states before and after 30 June, a correction, the
// follow-up PDF, and bad inputs refused with one French line and nothing changed.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::cli::{json_at, run_at, stderr};
use crate::util::pdf_words;

const AUGUST: &str = "2025-08-25T10:00:00-04:00";
pub(crate) const JUNE_1: &str = "2026-06-01T10:00:00-04:00";
pub(crate) const JUNE_30: &str = "2026-06-30T10:00:00-04:00";
const JULY_1: &str = "2026-07-01T10:00:00-04:00";
const AUGUST_20: &str = "2026-08-20T10:00:00-04:00";

/// A school of 2025-2026 from the GPI fixture (601: Marie-Ève Tremblay; 602: Paul Gagnon), with
/// ClassDojo for 601's parents, Teams for 601's and 602's students, Mozaïk-Portail (exempt) for
/// 602's parents. (A class without a teacher is covered by the core tests: `class add` needs one.)
pub(crate) fn school(data: &Path) {
    json_at(AUGUST, data, &["init"]);
    for (key, value) in [
        ("school_year", "2025-2026"),
        ("css_name", "Centre de services scolaire du Pays-des-Bleuets"),
        ("school_name", "École des Bleuets"),
        ("principal_name", "Claire Bouchard"),
    ] {
        json_at(AUGUST, data, &["settings", "set", key, value]);
    }
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster/gpi_utf8_bom.csv");
    json_at(AUGUST, data, &["import", "roster", fixture.to_str().unwrap()]);
    for (class, platform, audience) in [
        ("601", "ClassDojo", "parents"),
        ("601", "Teams", "eleves"),
        ("602", "Teams", "eleves"),
        ("602", "Mozaïk-Portail", "parents"),
    ] {
        json_at(AUGUST, data, &["use", "add", "--class", class, "--platform", platform, "--audience", audience]);
    }
}

/// Runs at `now`, insists on failure, returns the one French line on stderr.
fn fails(now: &str, data: &Path, args: &[&str]) -> String {
    let out = run_at(now, data, args);
    assert!(!out.status.success(), "balise {args:?} should fail");
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("balise : "), "{err}");
    err
}

/// (use id, class, platform, state) of every row, in list order, each use once.
fn states(list: &Value) -> Vec<(i64, String, String, String)> {
    let mut rows: Vec<(i64, String, String, String)> = Vec::new();
    for group in list["groups"].as_array().unwrap() {
        for row in group["uses"].as_array().unwrap() {
            let id = row["use_id"].as_i64().unwrap();
            if rows.iter().all(|r| r.0 != id) {
                rows.push((
                    id,
                    row["class_code"].as_str().unwrap().into(),
                    row["platform"].as_str().unwrap().into(),
                    row["state"].as_str().unwrap().into(),
                ));
            }
        }
    }
    rows
}

fn use_id(list: &Value, class: &str, platform: &str) -> i64 {
    states(list).iter().find(|r| r.1 == class && r.2 == platform).unwrap_or_else(|| panic!("{class} {platform}")).0
}

fn event_count(now: &str, data: &Path) -> usize {
    let list = json_at(now, data, &["deletion", "list"]);
    list["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["uses"].as_array().unwrap())
        .map(|u| u["history"].as_array().unwrap().len())
        .sum()
}

#[test]
fn deletion_attestations_confirmations_and_lateness_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);

    let list = json_at(JUNE_1, &data, &["deletion", "list"]);
    assert_eq!(list["summary"]["total"], 3, "Mozaïk-Portail is exempt (5.9): {list}");
    assert_eq!(list["summary"]["due_now"], true);
    let staff: Vec<&str> = list["groups"].as_array().unwrap().iter().map(|g| g["staff"].as_str().unwrap()).collect();
    assert_eq!(staff.len(), 2, "one group per teacher: {staff:?}");
    let tremblay = staff.iter().find(|s| s.contains("Tremblay")).unwrap().to_string();
    let gagnon = staff.iter().find(|s| s.contains("Gagnon")).unwrap().to_string();
    let (dojo, teams_601, teams_602) =
        (use_id(&list, "601", "ClassDojo"), use_id(&list, "601", "Teams"), use_id(&list, "602", "Teams"));
    let status = json_at(JUNE_1, &data, &["status"]);
    assert_eq!(status["deletions"]["a_faire"], 3, "the dashboard shows it from 1 June: {}", status["deletions"]);

    // Attestations for everyone, in one PDF.
    let pdf = dir.path().join("attestations.pdf");
    let printed = json_at(JUNE_1, &data, &["print", "attestation", "--all", "-o", pdf.to_str().unwrap()]);
    assert_eq!(printed["pages"], 2, "{printed}");
    let text = pdf_words(&pdf);
    for expected in [
        "Centre de services scolaire du Pays-des-Bleuets",
        "École des Bleuets",
        "2025-2026",
        "Attestation de suppression",
        tremblay.as_str(),
        gagnon.as_str(),
        "601 ClassDojo",
        "601 Teams",
        "602 Teams",
        "ont été supprimés ou détruits (Directive, art. 5.9)",
        "j’atteste aussi que les comptes ont été fermés",
        "Les renseignements et documents à conserver ont été versés au dossier de l’élève (art. 5.10)",
        "Reçu par la direction",
        "Claire Bouchard",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    assert_eq!(text.matches("comptes ont été fermés").count(), 1, "only Tremblay has ClassDojo");
    let list = json_at(JUNE_1, &data, &["deletion", "list"]);
    assert!(states(&list).iter().all(|r| r.3 == "attestation_imprimee"), "{:?}", states(&list));
    // Never over an existing file.
    let err = fails(JUNE_1, &data, &["print", "attestation", "--all", "-o", pdf.to_str().unwrap()]);
    assert!(err.contains("existe déjà"), "{err}");

    // Two confirmations: ClassDojo with the scanned attestation, 602's Teams by e-mail.
    let scan = dir.path().join("attestation-signee.pdf");
    std::fs::write(&scan, crate::util::minimal_pdf("attestation signée")).unwrap();
    let dojo_arg = dojo.to_string();
    let confirmed = json_at(
        JUNE_30,
        &data,
        &[
            "deletion",
            "confirm",
            "--staff",
            &tremblay,
            "--use",
            &dojo_arg,
            "--date",
            "2026-06-29",
            "--how",
            "papier",
            "--scan",
            scan.to_str().unwrap(),
            "--dossier",
            "oui",
            "--keep",
            "1001:Portfolio d'écriture",
        ],
    );
    assert_eq!(confirmed["uses"][0]["use_id"], dojo, "{confirmed}");
    assert_eq!(confirmed["kept"].as_array().unwrap().len(), 1, "{confirmed}");
    assert!(confirmed["scan_id"].is_i64(), "{confirmed}");
    json_at(
        JUNE_30,
        &data,
        &["deletion", "confirm", "--staff", &gagnon, "--date", "2026-06-30", "--how", "courriel", "--dossier", "non"],
    );
    let list = json_at(JUNE_30, &data, &["deletion", "list"]);
    let state = |list: &Value, id: i64| {
        states(list).into_iter().find(|r| r.0 == id).unwrap_or_else(|| panic!("use {id} not listed: {list}")).3
    };
    assert_eq!(state(&list, dojo), "confirmee");
    assert_eq!(state(&list, teams_602), "confirmee");
    assert_eq!(state(&list, teams_601), "attestation_imprimee");
    let dojo_row = list["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["uses"].as_array().unwrap())
        .find(|u| u["use_id"] == dojo)
        .unwrap();
    assert_eq!(dojo_row["confirmation"]["how"], "papier");
    assert_eq!(dojo_row["confirmation"]["dossier"], true);
    assert_eq!(dojo_row["confirmation"]["kept"][0]["student"], "Côté, Ève-Marie");
    assert_eq!(dojo_row["confirmation"]["kept"][0]["document"], "Portfolio d'écriture");
    assert_eq!(dojo_row["confirmation"]["scan"]["original_name"], "attestation-signee.pdf");
    assert_eq!(dojo_row["tolerated"], true);

    // Bad inputs: one French line each, nothing changed.
    let before = event_count(JUNE_30, &data);
    let teams_601_arg = teams_601.to_string();
    for (args, expected) in [
        (
            vec![
                "deletion",
                "confirm",
                "--staff",
                &tremblay,
                "--use",
                &dojo_arg,
                "--date",
                "2026-06-30",
                "--how",
                "papier",
            ],
            "déjà confirmée : le 2026-06-29",
        ),
        (
            vec![
                "deletion",
                "confirm",
                "--staff",
                &gagnon,
                "--use",
                &teams_601_arg,
                "--date",
                "2026-06-30",
                "--how",
                "papier",
            ],
            "n'est pas confiée à ce membre du personnel",
        ),
        (vec!["deletion", "confirm", "--staff", &tremblay, "--date", "2026-07-15", "--how", "papier"], "dans le futur"),
        (
            vec!["deletion", "confirm", "--staff", &tremblay, "--date", "2026-06-30", "--how", "verbal"],
            "papier ou courriel",
        ),
        (vec!["deletion", "confirm", "--staff", &tremblay, "--date", "30/06/2026", "--how", "papier"], "AAAA-MM-JJ"),
        (
            vec![
                "deletion",
                "confirm",
                "--staff",
                &tremblay,
                "--date",
                "2026-06-30",
                "--how",
                "papier",
                "--dossier",
                "peut-être",
            ],
            "oui ou non",
        ),
        (
            vec!["deletion", "confirm", "--staff", "Personne Inconnue", "--date", "2026-06-30", "--how", "papier"],
            "Aucun membre du personnel",
        ),
        (
            vec!["deletion", "correct", "--use", &teams_601_arg, "--how", "papier", "--reason", "erreur"],
            "Rien à corriger",
        ),
        (
            vec!["print", "attestation", "--staff", "Personne Inconnue", "-o", "/tmp/x-inconnu.pdf"],
            "Aucun membre du personnel",
        ),
    ] {
        let err = fails(JUNE_30, &data, &args);
        assert!(err.contains(expected), "{args:?}: {expected:?} not in {err}");
    }
    let text_scan = dir.path().join("note.txt");
    std::fs::write(&text_scan, "bonjour").unwrap();
    let err = fails(
        JUNE_30,
        &data,
        &[
            "deletion",
            "confirm",
            "--staff",
            &tremblay,
            "--use",
            &teams_601_arg,
            "--date",
            "2026-06-30",
            "--how",
            "papier",
            "--scan",
            text_scan.to_str().unwrap(),
        ],
    );
    assert!(err.contains("PDF, JPEG et PNG"), "{err}");
    assert_eq!(event_count(JUNE_30, &data), before, "refusals recorded nothing");

    // A correction: a new event with its reason; the original stays.
    let corrected = json_at(
        JUNE_30,
        &data,
        &[
            "deletion",
            "correct",
            "--use",
            &dojo_arg,
            "--date",
            "2026-06-28",
            "--how",
            "papier",
            "--reason",
            "date mal lue",
        ],
    );
    assert_eq!(corrected["on"], "2026-06-28");
    assert_eq!(event_count(JUNE_30, &data), before + 1);

    // After 30 June: what is not confirmed is overdue, and a late confirmation is still recorded.
    let list = json_at(JULY_1, &data, &["deletion", "list", "--year", "2025-2026"]);
    assert_eq!(state(&list, teams_601), "en_retard");
    assert_eq!(state(&list, dojo), "confirmee");
    assert_eq!(list["summary"]["en_retard"], 1);
    let human = crate::cli::stdout(&run_at(JULY_1, &data, &["deletion", "list", "--year", "2025-2026"]));
    assert!(human.contains("EN RETARD") && human.contains(&tremblay), "{human}");
    let followup = dir.path().join("suivi.pdf");
    let printed = json_at(
        JULY_1,
        &data,
        &["print", "deletion-followup", "--year", "2025-2026", "-o", followup.to_str().unwrap()],
    );
    assert_eq!((printed["missing"].as_i64(), printed["en_retard"].as_i64()), (Some(1), Some(1)), "{printed}");
    let text = pdf_words(&followup);
    for expected in ["Situation au 1er juillet 2026", tremblay.as_str(), "601 Teams EN RETARD"] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    let missing_part = text.split("Documents à verser").next().unwrap();
    assert!(!missing_part.contains("ClassDojo"), "confirmed uses are not in what is missing: {text}");
    assert!(text.contains("Côté, Ève-Marie 601 Portfolio d'écriture 601 ClassDojo"), "the 5.10 checklist: {text}");
    let teams_601_late = teams_601.to_string();
    json_at(
        JULY_1,
        &data,
        &[
            "deletion",
            "confirm",
            "--staff",
            &tremblay,
            "--use",
            &teams_601_late,
            "--date",
            "2026-07-01",
            "--how",
            "courriel",
        ],
    );
    // Directive 5.9, « au plus tard le 30 juin »: late, not forbidden, and late it stays, in the
    // list, the dashboard and the school report, weeks later (issue 15, item 9).
    let list = json_at(JULY_1, &data, &["deletion", "list", "--year", "2025-2026"]);
    assert_eq!(state(&list, teams_601), "confirmee_en_retard", "late, not forbidden");
    let list = json_at(AUGUST_20, &data, &["deletion", "list", "--year", "2025-2026"]);
    assert_eq!(state(&list, teams_601), "confirmee_en_retard", "still late in August");
    assert_eq!(state(&list, dojo), "confirmee", "confirmed by 30 June stays on time");
    assert_eq!(
        (list["summary"]["confirmee"].as_i64(), list["summary"]["confirmee_en_retard"].as_i64()),
        (Some(3), Some(1)),
        "{}",
        list["summary"]
    );
    let human = crate::cli::stdout(&run_at(AUGUST_20, &data, &["deletion", "list", "--year", "2025-2026"]));
    assert!(human.contains("confirmée en retard — le 2026-07-01"), "{human}");
    assert!(human.contains("(dont 1 en retard)"), "{human}");
    let status = crate::cli::stdout(&run_at(AUGUST_20, &data, &["status"]));
    assert!(status.contains("dont 1 confirmée(s) en retard"), "the dashboard keeps the lateness: {status}");
    let (report_pdf, report_csv) = (dir.path().join("rapport.pdf"), dir.path().join("rapport.csv"));
    json_at(
        AUGUST_20,
        &data,
        &["report", "--year", "2025-2026", "-o", report_pdf.to_str().unwrap(), "--csv", report_csv.to_str().unwrap()],
    );
    let csv = std::fs::read_to_string(&report_csv).unwrap();
    assert!(csv.contains("dont confirmées en retard (après le 30 juin);1"), "{csv}");
    assert!(csv.contains("confirmée en retard"), "the class × use line says it: {csv}");
    let report_text = pdf_words(&report_pdf);
    assert!(report_text.contains("dont confirmées en retard (après le 30 juin)"), "the report's PDF: {report_text}");
}

/// Directive 5.10 (issue 15, item 10): a confirmation that says documents had to be kept lists
/// them, `--keep ÉLÈVE:document`, and the list, the human text and the follow-up PDF show which
/// students and which documents; a « oui » without them is refused. And (item 6) each use is
/// grouped under its own staff member: the one who empties the platform.
#[test]
fn the_5_10_checklist_and_the_uses_own_staff_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    json_at(AUGUST, &data, &["staff", "add", "Sophie Roy"]);
    let list = json_at(JUNE_1, &data, &["deletion", "list"]);
    let teams_602 = use_id(&list, "602", "Teams").to_string();
    json_at(AUGUST, &data, &["use", "staff", &teams_602, "--staff", "Sophie Roy"]);
    let list = json_at(JUNE_1, &data, &["deletion", "list"]);
    let sophie = list["groups"].as_array().unwrap().iter().find(|g| g["staff"] == "Sophie Roy").expect("her group");
    assert_eq!(sophie["uses"][0]["use_id"].to_string(), teams_602, "5.9: she empties 602's Teams");
    let gagnon = list["groups"].as_array().unwrap().iter().find(|g| g["staff"].as_str().unwrap().contains("Gagnon"));
    assert!(gagnon.is_none(), "602's teacher has nothing else to empty: {list}");
    let tremblay =
        list["groups"].as_array().unwrap().iter().find(|g| g["staff"].as_str().unwrap().contains("Tremblay"));
    let tremblay = tremblay.unwrap()["staff"].as_str().unwrap().to_string();

    let err = fails(
        JUNE_30,
        &data,
        &["deletion", "confirm", "--staff", &tremblay, "--date", "2026-06-29", "--how", "papier", "--dossier", "oui"],
    );
    assert!(err.contains("art. 5.10") && err.contains("quels documents de quels élèves"), "{err}");
    let err = fails(
        JUNE_30,
        &data,
        &[
            "deletion",
            "confirm",
            "--staff",
            &tremblay,
            "--date",
            "2026-06-29",
            "--how",
            "papier",
            "--keep",
            "portfolio",
        ],
    );
    assert!(err.contains("ÉLÈVE:document"), "{err}");
    let err = fails(
        JUNE_30,
        &data,
        &[
            "deletion",
            "confirm",
            "--staff",
            &tremblay,
            "--date",
            "2026-06-29",
            "--how",
            "papier",
            "--keep",
            "1003:dessin",
        ],
    );
    assert!(err.contains("O'Neil-Bérubé, Léa n'était dans aucune des classes"), "{err}");
    let confirmed = crate::cli::stdout(&run_at(
        JUNE_30,
        &data,
        &[
            "deletion",
            "confirm",
            "--staff",
            &tremblay,
            "--date",
            "2026-06-29",
            "--how",
            "papier",
            "--keep",
            "1001:Portfolio d'écriture",
            "--keep",
            "N'Guessan, Awa:Carnet de lecture",
        ],
    ));
    assert!(confirmed.contains("Art. 5.10 : 2 document(s) versé(s) au dossier de l'élève"), "{confirmed}");
    json_at(
        JUNE_30,
        &data,
        &[
            "deletion",
            "confirm",
            "--staff",
            "Sophie Roy",
            "--date",
            "2026-06-30",
            "--how",
            "courriel",
            "--dossier",
            "non",
        ],
    );
    let list = json_at(JUNE_30, &data, &["deletion", "list"]);
    let checklist: Vec<(String, String, String)> = list["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["student"].as_str().unwrap().into(), i["document"].as_str().unwrap().into(), i["uses"].to_string()))
        .collect();
    assert_eq!(
        checklist,
        vec![
            ("Côté, Ève-Marie".into(), "Portfolio d'écriture".into(), r#"["601 ClassDojo","601 Teams"]"#.into()),
            ("N'Guessan, Awa".into(), "Carnet de lecture".into(), r#"["601 ClassDojo","601 Teams"]"#.into()),
        ]
    );
    let human = crate::cli::stdout(&run_at(JUNE_30, &data, &["deletion", "list"]));
    assert!(human.contains("Documents à verser au dossier de l'élève (art. 5.10) :"), "{human}");
    assert!(human.contains("Côté, Ève-Marie (601) : Portfolio d'écriture — 601 ClassDojo, 601 Teams"), "{human}");
    assert!(human.contains("versés au dossier : 2 document(s)"), "{human}");
    let followup = dir.path().join("suivi.pdf");
    let printed = json_at(JUNE_30, &data, &["print", "deletion-followup", "-o", followup.to_str().unwrap()]);
    assert_eq!(printed["kept"], 2, "{printed}");
    let text = pdf_words(&followup);
    for expected in [
        "Documents à verser au dossier de l’élève (Directive, art. 5.10)",
        "Côté, Ève-Marie",
        "Carnet de lecture",
        "Aucune confirmation ne manque",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    // A correction with a new list replaces it; the journal has counts, never a name.
    let dojo = use_id(&list, "601", "ClassDojo").to_string();
    json_at(
        JUNE_30,
        &data,
        &[
            "deletion",
            "correct",
            "--use",
            &dojo,
            "--how",
            "papier",
            "--keep",
            "1002:Carnet de lecture",
            "--reason",
            "une ligne en trop",
        ],
    );
    let list = json_at(JUNE_30, &data, &["deletion", "list"]);
    assert_eq!(
        list["checklist"].as_array().unwrap().len(),
        2,
        "Ève's portfolio stays through 601's Teams: {}",
        list["checklist"]
    );
    let audit = json_at(JUNE_30, &data, &["audit", "--limit", "5"]);
    let text = audit.to_string();
    assert!(text.contains("art. 5.10 : 2 document(s) de 2 élève(s)") && !text.contains("Awa"), "{text}");
}

/// Issue 16: the printed attestations come back in a scanned stack. `scan read` names each page's
/// staff member with its art. 5.10 answer; `scan file --confirm-clear` records the signed « non »
/// as that staff member's written confirmation with its page as the scan, and leaves the unsigned
/// one for a person.
#[test]
fn scanned_attestations_are_filed_by_staff_member_and_the_clear_one_recorded() {
    use crate::util::scans::{answer_attestation, rendered_pages, stack_pdf};
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Balise");
    school(&data);
    let pdf = dir.path().join("attestations.pdf");
    json_at(JUNE_1, &data, &["print", "attestation", "--all", "-o", pdf.to_str().unwrap()]);
    let list = json_at(JUNE_1, &data, &["deletion", "list"]);
    let staff_id = |name: &str| {
        list["groups"].as_array().unwrap().iter().find(|g| g["staff"].as_str().unwrap().contains(name)).unwrap()
            ["staff_id"]
            .as_i64()
            .unwrap()
    };
    let (tremblay, gagnon) = (staff_id("Tremblay"), staff_id("Gagnon"));
    let dpi = 200;
    let mut pages = rendered_pages(&pdf, dpi);
    assert_eq!(pages.len(), 2);
    for page in &mut pages {
        // Tremblay signs with « non »; Gagnon ticks « non » and forgets to sign.
        let probe = answer_attestation(&mut page.clone(), dpi, None, false);
        answer_attestation(page, dpi, Some(1), i64::from(probe) == tremblay);
    }
    let stack = dir.path().join("attestations revenues.pdf");
    std::fs::write(&stack, stack_pdf(&pages)).unwrap();
    let stack = stack.to_str().unwrap();

    let read = json_at(JUNE_30, &data, &["scan", "read", stack]);
    let pages = read["pages"].as_array().unwrap();
    let page_of = |name: &str| pages.iter().find(|p| p["staff"].as_str().is_some_and(|s| s.contains(name))).unwrap();
    let (mine, his) = (page_of("Tremblay"), page_of("Gagnon"));
    assert_eq!((mine["kind"].as_str(), mine["q1"].as_str()), (Some("attestation"), Some("non")), "{mine}");
    assert_eq!(mine["q2"], Value::Null, "an attestation has one question: {mine}");
    assert_eq!((mine["signed"].as_bool(), mine["standing"]["kind"].as_str()), (Some(true), Some("clear")), "{mine}");
    assert_eq!(mine["number"], Value::Null);
    assert_eq!(his["standing"]["kind"], "review", "{his}");
    assert!(his["reasons"].as_array().unwrap().iter().any(|r| r == "not_signed"), "{his}");
    let text = String::from_utf8_lossy(&run_at(JUNE_30, &data, &["scan", "read", stack]).stdout).into_owned();
    assert!(
        text.contains("attestation de suppression de Marie-Ève Tremblay (2025-2026) : art. 5.10 non, signée — claire"),
        "{text}"
    );

    let filed = json_at(JUNE_30, &data, &["scan", "file", stack, "--confirm-clear", "--received", "2026-06-29"]);
    let recorded = filed["recorded"].as_array().unwrap();
    assert_eq!(recorded.len(), 1, "{filed}");
    assert_eq!(recorded[0]["recorded"], true, "{filed}");
    let left: Vec<&str> = filed["left"].as_array().unwrap().iter().filter_map(|p| p["staff"].as_str()).collect();
    assert_eq!(left.len(), 1, "{filed}");
    assert!(left[0].contains("Gagnon"), "{filed}");

    let list = json_at(JUNE_30, &data, &["deletion", "list"]);
    let group = list["groups"].as_array().unwrap().iter().find(|g| g["staff_id"] == tremblay).unwrap();
    for row in group["uses"].as_array().unwrap() {
        if row["class_code"] == "601" {
            assert_eq!(row["state"], "confirmee", "{row}");
            let confirmation = &row["confirmation"];
            assert_eq!(
                (confirmation["on"].as_str(), confirmation["how"].as_str()),
                (Some("2026-06-29"), Some("papier"))
            );
            assert_eq!(confirmation["dossier"], false);
            let name = confirmation["scan"]["original_name"].as_str().unwrap();
            assert!(name.starts_with("attestations revenues.pdf page "), "its own page as the scan: {name}");
        }
    }
    let gagnon_group = list["groups"].as_array().unwrap().iter().find(|g| g["staff_id"] == gagnon).unwrap();
    assert!(
        gagnon_group["uses"].as_array().unwrap().iter().all(|r| r["state"] != "confirmee"),
        "unsigned: nothing recorded"
    );
}
