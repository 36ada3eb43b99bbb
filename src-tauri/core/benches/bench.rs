//! Balise's bench harness (`cargo bench --bench bench`): runs each scenario several times and
//! prints the median. Later issues add their figures here. Uses the real OS keychain when one
//! answers (as `scripts/test` provides), else says so and uses an in-memory one.

use std::process::Command;
use std::time::{Duration, Instant};

use balise_core::clock::Clock;
use balise_core::forms::number;
use balise_core::keychain::{Keychain, MemoryKeychain, OsKeychain};
use balise_core::paths::DataDir;
use balise_core::pdf::annexe_a::{self, FormData};
use balise_core::register::platform::Audience;
use balise_core::roster::{self, ImportOptions};
use balise_core::settings::{self, Key};
use balise_core::year::SchoolYear;
use balise_core::{backup, vault};
use chrono::NaiveDate;

#[path = "scenarios/returns.rs"]
mod returns;
#[path = "scenarios/scan.rs"]
mod scan;
#[path = "scenarios/startup.rs"]
mod startup;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn measure(runs: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn report(name: &str, d: Duration, target: Option<Duration>) {
    let verdict = match target {
        Some(t) if d <= t => format!("  (objectif ≤ {t:?} : atteint)"),
        Some(t) => format!("  (objectif ≤ {t:?} : MANQUÉ)"),
        None => String::new(),
    };
    println!("{name:<58} médiane {:>10.3} ms{verdict}", d.as_secs_f64() * 1000.0);
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass nothing: run in both cases.
    // `BALISE_BENCH=scan` runs the scanned stack's figure alone (its peak memory is then its own).
    // `BALISE_BENCH=scan-read` reads the stack alone, in a process that did not make it: its peak
    // memory is the reading's own (the figure issue 16 names).
    if std::env::var("BALISE_BENCH").as_deref() == Ok("scan") {
        scan::scan_input_bench();
        return;
    }
    if std::env::var("BALISE_BENCH").as_deref() == Ok("scan-read") {
        scan::scan_read_alone();
        return;
    }
    // `BALISE_BENCH=startup`: the window's start-up and memory alone (issue 18).
    if std::env::var("BALISE_BENCH").as_deref() == Ok("startup") {
        startup::startup_bench();
        return;
    }
    annexe_a_batch();
    roster_import();
    returns::returns_bench();
    scan::scan_input_bench();
    startup::startup_bench();

    let tmp = tempfile::tempdir().expect("temp dir");
    let data = DataDir::new(tmp.path().join("Balise"));
    let os = OsKeychain;
    let probe = tempfile::tempdir().expect("temp dir");
    let keychain: Box<dyn Keychain> = match vault::create(&DataDir::new(probe.path()), &os, Clock::System) {
        Ok(_) => {
            println!("trousseau : celui du système");
            Box::new(os)
        }
        Err(e) => {
            println!("trousseau : indisponible ({}), trousseau en mémoire", e.code());
            Box::new(MemoryKeychain::default())
        }
    };
    let (unlocked, _code) = vault::create(&data, keychain.as_ref(), Clock::System).expect("create store");
    drop(unlocked);

    let open = measure(20, || match vault::open(&data, keychain.as_ref(), Clock::System) {
        vault::Opening::Ready(u) => drop(u),
        _ => panic!("store must open"),
    });
    report("ouverture du coffre (trousseau + clé + première requête)", open, None);

    let vault::Opening::Ready(mut u) = vault::open(&data, keychain.as_ref(), Clock::System) else { panic!() };
    let mut i = 0;
    let write = measure(50, || {
        i += 1;
        settings::set(&mut u.db, Key::SchoolName, &format!("École {i}")).expect("write");
    });
    report("écriture d'un réglage + entrée de journal (synchronous=FULL)", write, None);

    while u.db.journal(1).unwrap()[0].id < 10_000 {
        u.db.write_logged("bench.remplissage", "objet", "entrée de remplissage du banc d'essai").unwrap();
    }
    let backup_time = measure(5, || {
        backup::create(&mut u.db, &data, &u.key).expect("backup");
    });
    report("sauvegarde chiffrée d'un coffre de 10 000 entrées", backup_time, None);
}

/// 1,000 pre-filled Annexe A pages, the back-to-school batch of a large school, from the data to
/// the PDF's bytes. Target: at least 6× faster than LibreOffice's ≈ 2.8 s for the same document
/// on this machine (issue 5), so 450 ms at most.
fn annexe_a_batch() {
    const FIRST: [&str; 10] =
        ["Léa", "Noah", "Zoé", "William", "Chloé", "Thomas", "Émile", "Florence", "Jérémy", "Marie-Ève"];
    const LAST: [&str; 10] = [
        "Côté",
        "Gagnon",
        "Tremblay-Pelletier",
        "Bélanger",
        "Roy",
        "O'Neil-Bérubé",
        "Lévesque",
        "Nguyen",
        "Bouchard",
        "Desrosiers",
    ];
    let forms: Vec<FormData> = (0..1_000u64)
        .map(|i| {
            let last = LAST[(i / 10 % 10) as usize];
            FormData {
                css_name: "Centre de services scolaire du Pays-des-Bleuets".into(),
                school_name: "École Notre-Dame-de-l'Assomption".into(),
                student_full_name: format!("{} {last}", FIRST[(i % 10) as usize]),
                guardians: match i % 3 {
                    0 => vec![format!("Marie-Hélène {last}"), "François Bélanger".into()],
                    1 => vec![format!("Stéphanie {last}")],
                    _ => Vec::new(),
                },
                platform: if i % 2 == 0 { "Microsoft Teams".into() } else { "ClassDojo".into() },
                audience: Some(if i % 2 == 0 { Audience::Students } else { Audience::Parents }),
                staff_member: format!("Enseignant·e {}", i / 25),
                school_year: SchoolYear::starting(2025),
                return_email: "secretariat.notre-dame@cssbleuets.qc.ca".into(),
                deadline: NaiveDate::from_ymd_opt(2025, 9, 12).expect("date"),
                form_number: number::encode(i + 1),
                store_tag: Default::default(),
                copy: Default::default(),
                reminder: None,
                wording: Default::default(),
            }
        })
        .collect();
    let printed_on = NaiveDate::from_ymd_opt(2025, 8, 25).expect("date");
    let mut size = 0;
    let time = measure(5, || {
        size = annexe_a::render(&forms, printed_on, None).expect("render the forms").len();
    });
    report("1 000 pages Annexe A préremplies (PDF complet)", time, Some(Duration::from_millis(450)));
    println!("{:<58} {:>10.1} Mo", "  taille du PDF de 1 000 pages", size as f64 / 1_000_000.0);
    libreoffice_peer(&forms, time);
}

/// The peer of issue 5: LibreOffice (`soffice --headless --convert-to pdf`) turning the same
/// 1,000 forms, as a Flat ODT document, into a PDF. Its PDF must have 1,000 pages, one a form, or
/// the comparison would not be honest. Skipped, with a line saying so, when `soffice` or `pdfinfo`
/// is missing: `scripts/bench` installs them.
fn libreoffice_peer(forms: &[FormData], balise: Duration) {
    let missing: Vec<&str> = ["soffice", "pdfinfo"].into_iter().filter(|tool| !on_path(tool)).collect();
    if !missing.is_empty() {
        println!(
            "LibreOffice (pair de comparaison) : ignoré, faute de {} dans le PATH (scripts/bench installe ce qui manque)",
            missing.join(" et ")
        );
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let source = tmp.path().join("annexe-a.fodt");
    let pdf = tmp.path().join("annexe-a.pdf");
    std::fs::write(&source, annexe_a_fodt(forms)).expect("write the LibreOffice document");
    // A private profile: no clash with a LibreOffice already open, and no user settings.
    let profile = format!("-env:UserInstallation=file://{}", tmp.path().join("lo-profile").display());
    let convert = || {
        let _ = std::fs::remove_file(&pdf);
        let started = Instant::now();
        let output = Command::new("soffice")
            .args(["--headless", "--norestore", &profile, "--convert-to", "pdf", "--outdir"])
            .arg(tmp.path())
            .arg(&source)
            .output()
            .expect("run soffice");
        let elapsed = started.elapsed();
        assert!(
            output.status.success() && pdf.is_file(),
            "soffice n'a pas converti le document ({}) : {}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        elapsed
    };
    // One untimed first run, as `measure` does for Balise: it creates the fresh profile and warms
    // the disk cache (here it cost barely more than the others: the profile takes ≈ 0.1 s). Then
    // the median of three runs; each is a whole `soffice` process, start-up (≈ 1 s) included.
    let first = convert();
    let time = median((0..3).map(|_| convert()).collect());

    let info = Command::new("pdfinfo").arg(&pdf).output().expect("run pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|count| count.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo ne donne pas le nombre de pages du PDF de LibreOffice : {info}"));
    assert_eq!(
        pages,
        forms.len(),
        "le PDF de LibreOffice a {pages} pages pour {} formulaires : les documents ne sont pas équivalents",
        forms.len()
    );

    report("LibreOffice, le même document (soffice --convert-to pdf)", time, None);
    let size = std::fs::metadata(&pdf).expect("LibreOffice's PDF").len();
    println!("{:<58} {:>10.1} Mo", "  taille de son PDF de 1 000 pages", size as f64 / 1_000_000.0);
    println!("{:<58} {:>10.3} ms", "  premier lancement, profil neuf (non compté)", first.as_secs_f64() * 1000.0);
    let ratio = time.as_secs_f64() / balise.as_secs_f64();
    let verdict = if ratio >= 6.0 { "atteinte" } else { "MANQUÉE" };
    println!("Balise {ratio:.1}× plus rapide que LibreOffice (cible ≥ 6× : {verdict})");
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()))
}

/// The same forms as a Flat ODT (one XML file, no zip), built as a school would in Writer: one
/// Letter page per form (18 mm sides), Liberation Sans, the header as a two-column table, the
/// Directive's paragraphs with the pre-filled values in bold and the same line heights, boxes as
/// « ☐ », and the form number again in the page footer (a chapter field showing the number,
/// which is each page's level-1 heading).
///
/// Without the QR code: Writer has no QR field, and 1,000 codes as vector shapes make its layout
/// superlinear (measured here: 3.3 s for 100 pages, 21 s for 300, minutes for 1,000), so the
/// peer would be a straw man. Leaving them out only favours LibreOffice: the ratio printed is a
/// lower bound.
fn annexe_a_fodt(forms: &[FormData]) -> String {
    use balise_core::pdf::{fr_long_date, fr_typography};
    use std::fmt::Write;

    let opening_after_guardians = fr_typography(", à titre de titulaire de l’autorité parentale de ");
    let opening_after_child = fr_typography(
        ", confirme avoir été dûment informé(e) de l’utilisation dans la classe de la plateforme technologique ",
    );
    let platform_named = fr_typography(" (ci-après « Plateforme »),");
    let authorization = fr_typography("À ces fins, j’autorise, par la présente, le ");
    let question_1 = fr_typography(
        "À communiquer certains renseignements personnels sur mon enfant aux autres élèves de la classe dans un \
         espace de la plateforme prévu à cette fin, de même qu’au gestionnaire de la plateforme aux fins de \
         gestion de la plateforme, uniquement lorsque ce renseignement personnel concerne une activité de mon \
         enfant dans le cadre des activités de sa classe ou de l’école, et ce, lorsqu’il s’agit d’une \
         réalisation académique, sportive ou artistique ou d’une photo sur laquelle il apparaît :",
    );
    let question_2 = fr_typography(
        "À me transmettre des renseignements personnels sur mon enfant dans un espace de la plateforme réservé \
         à cette fin et à les communiquer au gestionnaire de la plateforme aux fins de gestion de la plateforme :",
    );
    let refusal = fr_typography(
        "Je comprends que je peux refuser de fournir l’un ou l’autre des consentements ci-haut sans que ce refus \
         affecte la qualité des services éducatifs à mon enfant.",
    );
    let revocation = "Je comprends également que je peux révoquer de tels consentements en tout temps.";
    let return_start = fr_typography("Transmettre obligatoirement votre formulaire à l’adresse courriel suivante : ");
    let note = fr_typography(
        " En cas de refus de consentir, nous vous demandons d’expliquer votre décision à votre enfant compte tenu \
         des implications pour celui-ci.",
    );
    let colon = fr_typography(" :");
    let blank = "____________________________";
    let bold = |value: &str| format!("<text:span text:style-name=\"B\">{}</text:span>", xml(value.trim()));
    let or_blank = |value: &str, label: &str| {
        if value.trim().is_empty() {
            format!("{blank} {}", xml(&fr_typography(label)))
        } else {
            bold(value)
        }
    };
    let answers = "<text:p text:style-name=\"Answers\">Oui ☐<text:s text:c=\"12\"/>Non ☐</text:p>";

    let mut doc = String::with_capacity(forms.len() * 7_000);
    doc.push_str(FODT_HEAD);
    // The footer's right part is the batch's school and year, the same on every form.
    let first = forms.first().expect("at least one form");
    write!(
        doc,
        "<office:master-styles><style:master-page style:name=\"Standard\" style:page-layout-name=\"Letter\">\
         <style:footer><text:p text:style-name=\"Footer\">Formulaire n° <text:chapter text:display=\"name\" \
         text:outline-level=\"1\"/><text:tab/>{} — année scolaire {}</text:p></style:footer></style:master-page>\
         </office:master-styles><office:body><office:text>",
        xml(first.school_name.trim()),
        first.school_year,
    )
    .unwrap();
    for (index, form) in forms.iter().enumerate() {
        assert_eq!((&form.school_name, form.school_year), (&first.school_name, first.school_year));
        let table_style = if index == 0 { "Header" } else { "HeaderBreak" };
        write!(
            doc,
            "<table:table table:style-name=\"{table_style}\"><table:table-column table:style-name=\"Left\"/>\
             <table:table-column table:style-name=\"Right\"/><table:table-row><table:table-cell \
             table:style-name=\"Cell\"><text:p text:style-name=\"Css\">{}</text:p><text:p \
             text:style-name=\"School\">{}</text:p></table:table-cell><table:table-cell table:style-name=\"Cell\">\
             <text:p text:style-name=\"Annexe\">Annexe A</text:p><text:p text:style-name=\"Label\">Formulaire \
             n°</text:p><text:h text:style-name=\"Number\" text:outline-level=\"1\">{}</text:h></table:table-cell>\
             </table:table-row></table:table><text:p text:style-name=\"Title\">FORMULAIRE DE CONSENTEMENT</text:p>\
             <text:p text:style-name=\"Subtitle\">Confidentiel — Transmis électroniquement</text:p>",
            xml(form.css_name.trim()),
            xml(form.school_name.trim()),
            xml(&form.form_number),
        )
        .unwrap();

        let guardians = if form.guardians.is_empty() {
            format!("{blank} (nom du parent ou tuteur)")
        } else {
            form.guardians.iter().map(|name| bold(name)).collect::<Vec<_>>().join(" ou ")
        };
        let audience = match form.audience {
            Some(Audience::Parents) => " utilisée avec les parents,",
            Some(Audience::Students) => " utilisée avec les élèves,",
            None => "",
        };
        write!(
            doc,
            "<text:p text:style-name=\"Body\">Je, {guardians}{}{}{}{}{}{audience} et des objectifs pédagogiques et \
             éducatifs poursuivis.</text:p><text:p text:style-name=\"Body\">{}{}, et {}{}</text:p>",
            xml(&opening_after_guardians),
            or_blank(&form.student_full_name, "(nom de l’enfant)"),
            xml(&opening_after_child),
            or_blank(&form.platform, "(nom de la plateforme)"),
            xml(&platform_named),
            xml(&authorization),
            or_blank(&form.css_name, "(nom du centre de services scolaire)"),
            or_blank(&form.staff_member, "(nom du membre du personnel)"),
            xml(&colon),
        )
        .unwrap();
        write!(
            doc,
            "<text:p text:style-name=\"Question\"><text:span text:style-name=\"B\">1.</text:span><text:tab/>{}\
             </text:p>{answers}<text:p text:style-name=\"Question\"><text:span text:style-name=\"B\">2.</text:span>\
             <text:tab/>{}</text:p>{answers}<text:p text:style-name=\"Body\">{}</text:p><text:p \
             text:style-name=\"Body\">{revocation}</text:p><text:p text:style-name=\"Body\">Ce consentement est \
             valide pour la durée de l’année scolaire {}.</text:p>",
            xml(&question_1),
            xml(&question_2),
            xml(&refusal),
            bold(&form.school_year.to_string()),
        )
        .unwrap();
        write!(
            doc,
            "<text:p text:style-name=\"Signature\">En foi de quoi, j’ai signé à \
             ______________________________ le _____________________ .</text:p><text:p \
             text:style-name=\"Places\"><text:tab/>(lieu)<text:tab/>(date)</text:p><text:p \
             text:style-name=\"SignatureLine\">Signature du parent ou tuteur</text:p><text:p \
             text:style-name=\"Return\">{}{} avant le {}.</text:p><text:p text:style-name=\"Note\"><text:span \
             text:style-name=\"B\">Note{}</text:span>{}</text:p>",
            xml(&return_start),
            or_blank(&form.return_email, ""),
            bold(&fr_long_date(form.deadline)),
            xml(&colon),
            xml(&note),
        )
        .unwrap();
    }
    doc.push_str("</office:text></office:body></office:document>\n");
    doc
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The Flat ODT's prologue: Letter pages with the margins of Balise's form (18 mm sides, 14 mm
/// top, the footer's rule about 16 mm from the bottom), and the styles of `pdf::annexe_a`: sizes,
/// weights, greys, spacing, and exact line heights (size × its line-height factor).
const FODT_HEAD: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>Annexe A — Formulaire de consentement</dc:title></office:meta>
<office:font-face-decls>
 <style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'" style:font-family-generic="swiss" style:font-pitch="variable"/>
 <style:font-face style:name="Liberation Mono" svg:font-family="'Liberation Mono'" style:font-family-generic="modern" style:font-pitch="fixed"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0mm" fo:margin-bottom="0mm"/>
  <style:text-properties style:font-name="Liberation Sans" fo:font-size="11pt" fo:language="fr" fo:country="CA" fo:hyphenate="false"/>
 </style:default-style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="Letter">
  <style:page-layout-properties fo:page-width="215.9mm" fo:page-height="279.4mm" style:print-orientation="portrait" fo:margin-top="14mm" fo:margin-bottom="11mm" fo:margin-left="18mm" fo:margin-right="18mm"/>
  <style:footer-style><style:header-footer-properties fo:min-height="0mm" fo:margin-top="3mm"/></style:footer-style>
 </style:page-layout>
 <style:style style:name="Header" style:family="table"><style:table-properties style:width="155.7mm" table:align="left"/></style:style>
 <style:style style:name="HeaderBreak" style:family="table"><style:table-properties style:width="155.7mm" table:align="left" fo:break-before="page"/></style:style>
 <style:style style:name="Left" style:family="table-column"><style:table-column-properties style:column-width="100mm"/></style:style>
 <style:style style:name="Right" style:family="table-column"><style:table-column-properties style:column-width="55.7mm"/></style:style>
 <style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0mm" fo:border="none" style:vertical-align="top"/></style:style>
 <style:style style:name="Css" style:family="paragraph"><style:paragraph-properties fo:line-height="14.4pt" fo:margin-top="2mm"/><style:text-properties fo:font-size="12pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="School" style:family="paragraph"><style:paragraph-properties fo:line-height="13pt" fo:margin-top="0.5mm"/><style:text-properties fo:font-size="10pt" fo:color="#333333"/></style:style>
 <style:style style:name="Annexe" style:family="paragraph"><style:paragraph-properties fo:text-align="end" fo:line-height="16.25pt" fo:margin-top="2mm" fo:margin-bottom="1mm" fo:margin-right="1mm"/><style:text-properties fo:font-size="13pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="Label" style:family="paragraph"><style:paragraph-properties fo:text-align="end" fo:line-height="10.2pt" fo:margin-right="1mm"/><style:text-properties fo:font-size="8.5pt" fo:color="#595959"/></style:style>
 <style:style style:name="Number" style:family="paragraph"><style:paragraph-properties fo:text-align="end" fo:line-height="19.55pt" fo:margin-right="1mm"/><style:text-properties style:font-name="Liberation Mono" fo:font-size="17pt" fo:font-weight="normal"/></style:style>
 <style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:line-height="19.5pt" fo:margin-top="3mm"/><style:text-properties fo:font-size="15pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="Subtitle" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:line-height="13.65pt" fo:margin-bottom="5mm"/><style:text-properties fo:font-size="10.5pt" fo:color="#404040"/></style:style>
 <style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:line-height="15.18pt" fo:margin-bottom="2.6mm"/></style:style>
 <style:style style:name="Question" style:family="paragraph"><style:paragraph-properties fo:line-height="15.18pt" fo:margin-left="7mm" fo:text-indent="-6mm" fo:margin-bottom="1.2mm"><style:tab-stops><style:tab-stop style:position="0mm"/></style:tab-stops></style:paragraph-properties></style:style>
 <style:style style:name="Answers" style:family="paragraph"><style:paragraph-properties fo:line-height="15.18pt" fo:margin-left="7mm" fo:margin-bottom="2.6mm"/><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="Signature" style:family="paragraph"><style:paragraph-properties fo:line-height="15.18pt" fo:margin-top="1.5mm"/></style:style>
 <style:style style:name="Places" style:family="paragraph"><style:paragraph-properties fo:line-height="9.6pt"><style:tab-stops><style:tab-stop style:position="80mm" style:type="center"/><style:tab-stop style:position="141mm" style:type="center"/></style:tab-stops></style:paragraph-properties><style:text-properties fo:font-size="8pt" fo:color="#595959"/></style:style>
 <style:style style:name="SignatureLine" style:family="paragraph"><style:paragraph-properties fo:line-height="9.6pt" fo:margin-top="11mm" fo:margin-right="84.9mm" fo:margin-bottom="5mm" fo:border-top="0.6pt solid #000000" fo:padding-top="1mm"/><style:text-properties fo:font-size="8pt" fo:color="#333333"/></style:style>
 <style:style style:name="Return" style:family="paragraph"><style:paragraph-properties fo:line-height="15.18pt" fo:border="0.8pt solid #000000" fo:padding="2.5mm" fo:margin-bottom="3.6mm"/></style:style>
 <style:style style:name="Note" style:family="paragraph"><style:paragraph-properties fo:line-height="15.18pt"/></style:style>
 <style:style style:name="Footer" style:family="paragraph"><style:paragraph-properties fo:line-height="9.6pt" fo:border-top="0.5pt solid #737373" fo:padding-top="1.5mm"><style:tab-stops><style:tab-stop style:position="179mm" style:type="right"/></style:tab-stops></style:paragraph-properties><style:text-properties fo:font-size="8pt" fo:color="#595959"/></style:style>
 <style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
</office:automatic-styles>
"##;

/// Issue 4: a 2,000-student class list, as CSV and as XLSX, read and previewed against a fresh
/// store, then imported into it (students, 80 classes, 80 teachers, 4,000 guardians, one
/// transaction); and the same file previewed again against the full roster. Target: 0.5 s each.
fn roster_import() {
    let csv = roster_csv(2_000);
    let xlsx = roster_xlsx(&csv);
    let year = SchoolYear::starting(2025);
    let target = Some(Duration::from_millis(500));
    for (label, bytes, name) in [("CSV", csv.into_bytes(), "eleves.csv"), ("XLSX", xlsx, "eleves.xlsx")] {
        let (mut previews, mut imports, mut again) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..5 {
            let tmp = tempfile::tempdir().expect("temp dir");
            let data = DataDir::new(tmp.path().join("Balise"));
            let (mut unlocked, _code) = vault::create(&data, &MemoryKeychain::default(), Clock::System).expect("store");
            let opts = ImportOptions { file_name: name.into(), ..ImportOptions::default() };
            let read_and_preview = |db: &balise_core::store::Db| {
                let table = roster::read_table(&bytes, name, None).expect("read");
                let mapping = roster::recognise(&table.headers, &[]).expect("columns");
                let (rows, rejected) = roster::rows(&table, &mapping);
                let preview = roster::preview(db, year, &rows, &rejected, &opts).expect("preview");
                (rows, rejected, preview)
            };
            let started = Instant::now();
            let (rows, rejected, preview) = read_and_preview(&unlocked.db);
            previews.push(started.elapsed());
            assert_eq!((preview.counts.added, preview.counts.rejected), (2_000, 0), "{label}");
            let started = Instant::now();
            roster::apply(&mut unlocked.db, year, &rows, &rejected, &opts).expect("import");
            imports.push(started.elapsed());
            let started = Instant::now();
            let (_, _, preview) = read_and_preview(&unlocked.db);
            again.push(started.elapsed());
            assert!(preview.nothing_to_do, "{label}: a second import changes nothing");
        }
        report(&format!("2 000 élèves ({label}) : lecture + prévisualisation"), median(previews), target);
        report(&format!("2 000 élèves ({label}) : importation, coffre neuf"), median(imports), target);
        report(&format!("2 000 élèves ({label}) : réimportation (aucun changement)"), median(again), target);
    }
}

/// A GPI-like export: `;`, UTF-8, 25 students a class, two guardians each.
fn roster_csv(students: usize) -> String {
    const FIRST: [&str; 10] =
        ["Léa", "Noah", "Zoé", "William", "Chloé", "Thomas", "Émile", "Florence", "Jérémy", "Ève-Marie"];
    const LAST: [&str; 10] = [
        "Côté",
        "Gagnon",
        "Tremblay",
        "Bélanger",
        "Roy",
        "O'Neil-Bérubé",
        "Lévesque",
        "N'Guessan",
        "Bouchard",
        "Desrosiers",
    ];
    let mut text = String::from(
        "Fiche;Code permanent;Nom;Prénom;Date de naissance;Groupe-repère;Niveau;Titulaire;\
         nom_pere;pnom_pere;adr_electr_pere;nom_mere;pnom_mere;adr_electr_mere\n",
    );
    for i in 0..students {
        let (last, first) = (LAST[i % 10], FIRST[(i / 10) % 10]);
        let class = i / 25;
        let teacher = format!("{}, {}", LAST[class % 10], FIRST[(class / 10) % 10]);
        text.push_str(&format!(
            "{};ABCD{:08};{last};{first};{}-{:02}-{:02};{}{:02};{}e année;{teacher};{last};Luc;p{i}@exemple.ca;Roy;Anne;m{i}@exemple.ca\n",
            100_000 + i,
            i,
            2012 + i % 6,
            1 + i % 12,
            1 + i % 28,
            1 + class / 14,
            class % 14,
            1 + class / 14,
        ));
    }
    text
}

/// The same list as a workbook: fiches as numbers, as Excel stores them.
fn roster_xlsx(csv: &str) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (row, line) in csv.lines().enumerate() {
        for (col, cell) in line.split(';').enumerate() {
            match cell.parse::<f64>() {
                Ok(number) if col == 0 && row > 0 => sheet.write_number(row as u32, col as u16, number),
                _ => sheet.write_string(row as u32, col as u16, cell),
            }
            .expect("cell");
        }
    }
    book.save_to_buffer().expect("workbook")
}
