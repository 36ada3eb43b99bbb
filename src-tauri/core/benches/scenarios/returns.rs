//! Issue 6's figures: a 2,000-student school in September. Recording a returned form (checks, the
//! event, its audit entry, the derived state; one committed transaction each, `synchronous=FULL`)
//! measured form by form for its p50 and p99; then the dashboard's follow-up counts over the
//! whole year.

use balise_core::consent::lookup;
use std::path::Path;
use std::time::{Duration, Instant};

use balise_core::clock::Clock;
use balise_core::consent::batch::{self, BatchRequest, Selection};
use balise_core::consent::{followup, returns, How, Reply, ReturnInput, SignerInput};
use balise_core::dashboard;
use balise_core::export::Existing;
use balise_core::keychain::MemoryKeychain;
use balise_core::paths::DataDir;
use balise_core::register::class;
use balise_core::register::platform::Audience;
use balise_core::register::platform_use::{self, UseDraft};
use balise_core::roster::{self, ImportOptions};
use balise_core::settings::{self, Key};
use balise_core::store::Db;
use balise_core::vault;
use balise_core::year::SchoolYear;
use chrono::{Datelike, Local, NaiveDate, TimeZone};

use crate::{median, report, roster_csv};

pub fn at(date: &str) -> Clock {
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date");
    Clock::Fixed(Local.from_local_datetime(&day.and_hms_opt(10, 0, 0).expect("time")).single().expect("local time"))
}

fn percentile(mut samples: Vec<Duration>, p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 * p).ceil() as usize).clamp(1, samples.len()) - 1]
}

pub fn returns_bench() {
    let year = SchoolYear::starting(2025);
    let tmp = tempfile::tempdir().expect("temp dir");
    let data = DataDir::new(tmp.path().join("Balise"));
    let (unlocked, _code) = vault::create(&data, &MemoryKeychain::default(), at("2025-08-25")).expect("store");
    let (mut db, key) = (unlocked.db, unlocked.key);
    let numbers = printed_year(&mut db, tmp.path(), year, 2_000);
    assert_eq!(numbers.len(), 2_000, "one form per student");
    drop(db);

    // September: the forms come back.
    let mut db = balise_core::settings::open_store(&data.database(), &key, at("2025-09-10")).expect("reopen");
    let replies = [Reply::Oui, Reply::Oui, Reply::Non, Reply::Vide];
    let mut samples = Vec::new();
    for (i, number) in numbers.iter().take(1_500).enumerate() {
        let input = paper_return(i, replies);
        let started = Instant::now();
        returns::record(&mut db, number, &input, None, false).expect("record");
        samples.push(started.elapsed());
    }
    let target = Some(Duration::from_millis(5));
    for (label, p, target) in [("p50", 0.50, None), ("p99", 0.99, target)] {
        let d = percentile(samples.clone(), p);
        let verdict = match target {
            Some(t) if d <= t => format!("  (objectif ≤ {t:?} : atteint)"),
            Some(t) => format!("  (objectif ≤ {t:?} : MANQUÉ)"),
            None => String::new(),
        };
        let name = "Retour d'un formulaire (2 000 élèves, écrit et journalisé)";
        println!("{name:<58} {label:>7} {:>10.3} ms{verdict}", d.as_secs_f64() * 1000.0);
    }
    println!("{:<58} {:>10}", "  formulaires enregistrés un à un", samples.len());

    let lookup = median(
        numbers
            .iter()
            .take(200)
            .map(|n| {
                let started = Instant::now();
                lookup::lookup(&db, n).expect("lookup");
                started.elapsed()
            })
            .collect(),
    );
    report("Fiche d'un formulaire au scan du numéro (Retours)", lookup, None);

    let counts = median(
        (0..21)
            .map(|_| {
                let started = Instant::now();
                let follow = followup::follow_up(&db, year).expect("follow-up");
                assert_eq!((follow.school.expected, follow.school.received), (2_000, 1_500));
                started.elapsed()
            })
            .collect(),
    );
    report("Tableau de bord : compteurs de suivi (2 000 élèves)", counts, Some(Duration::from_millis(20)));
    let whole = median(
        (0..11)
            .map(|_| {
                let started = Instant::now();
                dashboard::current(&db).expect("dashboard");
                started.elapsed()
            })
            .collect(),
    );
    report("Tableau de bord complet (registre + suivi)", whole, None);
}

/// A school year as the bench's stores hold it in September: the school's settings, `students`
/// students in 80 classes imported, one ClassDojo use a class (with the principal's permission),
/// and every Annexe A printed. Returns the forms' numbers.
pub fn printed_year(db: &mut Db, dir: &Path, year: SchoolYear, students: usize) -> Vec<String> {
    let start = year.first_day().year();
    let year_label = year.to_string();
    let deadline = format!("{start}-09-12");
    for (k, v) in [
        (Key::SchoolYear, year_label.as_str()),
        (Key::CssName, "Centre de services scolaire des Patriotes"),
        (Key::SchoolName, "École du Boisé"),
        (Key::ReturnEmail, "secretariat@exemple.ca"),
        (Key::FormDeadline, deadline.as_str()),
    ] {
        settings::set(db, k, v).expect("setting");
    }
    let csv = roster_csv(students);
    let table = roster::read_table(csv.as_bytes(), "eleves.csv", None).expect("read");
    let mapping = roster::recognise(&table.headers, &[]).expect("columns");
    let (rows, rejected) = roster::rows(&table, &mapping);
    let opts = ImportOptions { file_name: "eleves.csv".into(), ..ImportOptions::default() };
    roster::apply(db, year, &rows, &rejected, &opts).expect("import");
    let classes = class::list(db, year).expect("classes");
    let mut numbers = Vec::new();
    for c in &classes {
        let draft = UseDraft {
            year,
            class_code: c.code.clone(),
            platform: "ClassDojo".into(),
            audience: Audience::Parents,
            started_on: NaiveDate::from_ymd_opt(start, 8, 25).expect("date"),
            notes: String::new(),
            staff: Vec::new(),
        };
        let added = platform_use::add(db, &draft).expect("use");
        // Article 4: the principal's permission (ClassDojo, tolerated in 2025-2026), or no form prints.
        let permission = platform_use::AuthorizationDraft {
            on: NaiveDate::from_ymd_opt(start, 8, 25).expect("date"),
            by: "Direction".into(),
            document: None,
            prior_use: true,
        };
        platform_use::authorize(db, added.id, &permission).expect("permission");
        let request = BatchRequest {
            year,
            selection: Selection::Class(c.code.clone()),
            use_id: None,
            missing_only: false,
            per_guardian: false,
            with_presentation: false,
        };
        let pdf = dir.join(format!("{}.pdf", c.code));
        let printed = batch::print_annexe_a(db, &request, &pdf, Existing::Refuse).expect("print");
        numbers.extend(printed.forms.into_iter().map(|f| f.number.expect("number")));
    }
    numbers
}

/// The `i`-th form of a batch back on paper, signed by a guardian on file, its two answers cycling
/// through `replies` (question 2 four times slower than question 1, so every pair comes up).
pub fn paper_return(i: usize, replies: [Reply; 4]) -> ReturnInput {
    ReturnInput {
        q1: replies[i % 4],
        q2: replies[(i / 4) % 4],
        received_on: None,
        signer: SignerInput::OnFile,
        how: How::Papier,
        do_not_contact_reason: None,
    }
}
