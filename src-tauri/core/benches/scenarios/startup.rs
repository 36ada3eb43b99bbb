//! Issue 18's start-up figures: the installed program (the release binary `scripts/bench` builds
//! and names in `BALISE_APP_BIN`) opened on a store of 2,000 students × 3 school years, under the X
//! display and the keyring session `scripts/bench` gives it. Per run: process start → the window's
//! first painted frame → the dashboard painted with its figures, and the memory (PSS) of the app
//! and of WebKit's processes once the dashboard is shown. Medians over five runs after one untimed
//! run. Goals: a usable dashboard in 0.6 s at most, 300 MB of PSS at most.
//!
//! The window reports its moments itself when `BALISE_STARTUP_PROBE=1` (`startup_mark`, one line
//! of standard output, times only), and the Rust side adds its own (the program loaded, the store
//! open, the window created, the core's dashboard); the bench compares them with the moment it
//! started the process, so each step of the start has its figure.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use balise_core::consent::{returns as consent_returns, Reply};
use balise_core::dashboard;
use balise_core::keychain::OsKeychain;
use balise_core::paths::DataDir;
use balise_core::settings;
use balise_core::vault;
use balise_core::year::SchoolYear;

use crate::returns::{at, paper_return, printed_year};

const RUNS: usize = 5;
const STUDENTS: usize = 2_000;
const YEARS: [i32; 3] = [2023, 2024, 2025];
/// The day the app is started on (`BALISE_NOW`): October of the third year, its forms back.
const NOW: &str = "2025-10-15T10:00:00-04:00";
/// Longest wait for the dashboard of one run.
const WAIT: Duration = Duration::from_secs(60);

pub fn startup_bench() {
    let Some(app) = std::env::var_os("BALISE_APP_BIN") else {
        println!("Démarrage de la fenêtre : non mesuré (BALISE_APP_BIN absent ; scripts/bench le donne)");
        return;
    };
    if std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
        println!("Démarrage de la fenêtre : non mesuré (aucun écran X ; scripts/bench en ouvre un)");
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let data = DataDir::new(tmp.path().join("Balise"));
    // The app finds its key in the OS keychain, so the store is made with that one.
    let (unlocked, _code) = match vault::create(&data, &OsKeychain, at("2023-08-25")) {
        Ok(created) => created,
        Err(e) => {
            println!("Démarrage de la fenêtre : non mesuré (trousseau indisponible : {})", e.code());
            return;
        }
    };
    let key = unlocked.key;
    let mut db = unlocked.db;
    let prints = tmp.path().join("impressions");
    std::fs::create_dir(&prints).expect("prints dir");
    let mut forms = 0;
    let mut recorded = 0;
    for start in YEARS {
        if start != YEARS[0] {
            db = settings::open_store(&data.database(), &key, at(&format!("{start}-08-25"))).expect("reopen");
        }
        let year_dir = prints.join(start.to_string());
        std::fs::create_dir(&year_dir).expect("year dir");
        let numbers = printed_year(&mut db, &year_dir, SchoolYear::starting(start), STUDENTS);
        forms += numbers.len();
        drop(db);
        // September: nine forms in ten come back.
        let mut september =
            settings::open_store(&data.database(), &key, at(&format!("{start}-09-10"))).expect("reopen");
        let replies = [Reply::Oui, Reply::Oui, Reply::Non, Reply::Oui];
        for (i, number) in numbers.iter().take(STUDENTS * 9 / 10).enumerate() {
            let input = paper_return(i, replies);
            consent_returns::record(&mut september, number, &input, None, false).expect("record");
            recorded += 1;
        }
        db = september;
    }
    // The dashboard the window asks for first, in the core alone, on the day the app is started:
    // once on a store just opened (SQLCipher decrypts every page it reads for the first time, as
    // the window's first call does), then the median of warm calls.
    drop(db);
    let today = chrono::DateTime::parse_from_rfc3339(NOW).expect("NOW").date_naive();
    let year = SchoolYear::starting(YEARS[YEARS.len() - 1]);
    let db = settings::open_store(&data.database(), &key, at("2025-10-15")).expect("reopen");
    let started = std::time::Instant::now();
    let board = dashboard::build(&db, year, today).expect("dashboard");
    let cold = started.elapsed();
    assert_eq!(board.consents.as_ref().map(|c| c.school.expected), Some(STUDENTS as u32));
    let warm = crate::measure(11, || {
        dashboard::build(&db, year, today).expect("dashboard");
    });
    crate::report("Tableau de bord dans le cœur, coffre à peine ouvert", cold, None);
    crate::report("Tableau de bord dans le cœur (2 000 élèves × 3 ans)", warm, None);
    println!(
        "  sections : {} non conformes, {} pas prêtes, {} classes sans plateforme, {} avertissements, \
         {} élèves changés de classe, {} classes au suivi",
        board.uses_non_conformes.len(),
        board.uses_pas_pretes.len(),
        board.classes_without_platform.len(),
        board.warnings_one_platform.len(),
        board.students_changed_class.len(),
        board.consents.as_ref().map_or(0, |c| c.classes.len()),
    );
    drop(db);
    std::fs::remove_dir_all(&prints).expect("remove prints");
    let store_mb = std::fs::metadata(data.database()).map(|m| m.len() as f64 / 1e6).unwrap_or(0.0);
    println!(
        "{:<58} {:>10}",
        format!("  coffre : 2 000 élèves × {} ans, {forms} formulaires, {recorded} retours", YEARS.len()),
        format!("{store_mb:.1} Mo")
    );

    let app = Path::new(&app);
    let home = tempfile::tempdir().expect("home");
    let mut steps: Vec<Vec<Duration>> = vec![Vec::new(); STEPS.len()];
    let mut pss = Vec::new();
    // The first start of the day makes the daily backup before the store is used: the morning's
    // start, timed apart (once: the next starts of the day find the backup made).
    let mut morning = None;
    for run in 0..=RUNS {
        let Some(sample) = one_run(app, data.root(), home.path()) else {
            println!("Démarrage de la fenêtre : ÉCHEC (voir ci-dessus)");
            return;
        };
        if run == 0 {
            morning = Some(sample.steps);
        } else {
            for (all, at) in steps.iter_mut().zip(sample.steps) {
                all.push(at);
            }
            pss.push(sample.pss_kib);
        }
    }
    pss.sort_unstable();
    let pss_mb = pss[pss.len() / 2] as f64 * 1024.0 / 1e6;
    for ((name, label), all) in STEPS.iter().zip(steps) {
        // The goal is a usable dashboard: painted with its figures.
        let target = (*name == "tableau-de-bord").then_some(Duration::from_millis(600));
        crate::report(&format!("Démarrage : {label}"), crate::median(all), target);
    }
    if let Some(morning) = morning {
        let at = |name: &str| STEPS.iter().position(|(step, _)| *step == name).map(|i| morning[i]);
        if let (Some(opened), Some(ready)) = (at("coffre-ouvert"), at("tableau-de-bord")) {
            println!(
                "{:<58} {:>10.0} ms  (coffre ouvert à {} ms)",
                "Démarrage, première fois du jour (sauvegarde quotidienne)",
                ready.as_secs_f64() * 1000.0,
                opened.as_millis()
            );
        }
    }
    let verdict = if pss_mb <= 300.0 { "atteint" } else { "MANQUÉ" };
    println!(
        "{:<58} {:>10.1} Mo  (objectif ≤ 300 Mo : {verdict})",
        "Mémoire (PSS) de Balise et de WebKit, tableau de bord affiché", pss_mb
    );
}

/// The moments of the probe line (`startup_mark`), in order, and how the bench names them: the
/// Rust side's (`processus`, `coffre-ouvert`, `fenetre`, `calcul-*`) and the window's.
const STEPS: [(&str, &str); 16] = [
    ("processus", "programme chargé (bibliothèques liées)"),
    ("coffre-ouvert", "coffre ouvert (trousseau, SQLCipher)"),
    ("fenetre", "fenêtre et vue web créées"),
    ("page", "la page commence à se charger"),
    ("premier-affichage", "premier affichage de la fenêtre"),
    ("script", "scripts de l'interface chargés"),
    ("coffre", "réglages lus dans le coffre"),
    ("coquille", "cadre de l'application construit"),
    ("demande", "tableau de bord demandé au cœur"),
    ("calcul-debut", "le cœur commence le calcul"),
    ("calcul-fin", "le cœur a fini le calcul"),
    ("donnees", "chiffres du tableau de bord reçus"),
    ("construit", "tableau de bord construit"),
    ("mise-en-page", "tableau de bord mis en page"),
    ("image-suivante", "image suivante commencée"),
    ("tableau-de-bord", "tableau de bord prêt (2 000 élèves × 3 ans)"),
];

struct Sample {
    /// Each of `STEPS`, from the process's start.
    steps: Vec<Duration>,
    pss_kib: u64,
}

/// Starts the app, waits for its probe line, measures the memory of its process tree, then stops it.
fn one_run(app: &Path, data_dir: &Path, home: &Path) -> Option<Sample> {
    let started_ms = epoch_ms(SystemTime::now());
    // `BALISE_BENCH_PERF=FILE`: each run under `perf record` (the app and WebKit's processes,
    // which it starts), FILE keeping the last one; the figures are then slower and only the shares
    // of `perf report --sort comm,dso` mean something. That is how the font lookups were found.
    let mut command = match std::env::var_os("BALISE_BENCH_PERF") {
        Some(out) => {
            let mut perf = Command::new("perf");
            perf.args(["record", "-F", "4000", "-g", "-o"]).arg(out).arg("--").arg(app);
            perf
        }
        None => Command::new(app),
    };
    let mut child = command
        .arg("--data-dir")
        .arg(data_dir)
        .env("BALISE_STARTUP_PROBE", "1")
        .env("BALISE_NOW", NOW)
        .env("BALISE_NO_VIEWER", "1")
        // The window's remembered size and WebKit's caches stay in the bench's own folders.
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_DATA_HOME", home.join("data"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        // Its own process group, so that stopping it stops WebKit's helpers too.
        .process_group(0)
        .spawn()
        .expect("start the app (or perf, with BALISE_BENCH_PERF)");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(marks) = line.strip_prefix("balise-startup ") {
                let _ = tx.send(marks.to_string());
            }
        }
    });
    let marks = match rx.recv_timeout(WAIT) {
        Ok(marks) => marks,
        Err(_) => {
            println!("  la fenêtre n'a pas signalé son tableau de bord en {WAIT:?}");
            stop(&mut child);
            return None;
        }
    };
    let mark = |name: &str| -> Option<u64> {
        marks.split_whitespace().find_map(|pair| pair.strip_prefix(name)?.strip_prefix('=')?.parse().ok())
    };
    let Some(at) = STEPS.iter().map(|(name, _)| mark(name)).collect::<Option<Vec<u64>>>() else {
        println!("  ligne de mesure illisible : {marks}");
        stop(&mut child);
        return None;
    };
    // What the window holds once the dashboard is shown and WebKit has settled.
    std::thread::sleep(Duration::from_secs(2));
    let pss_kib = tree(child.id()).into_iter().filter_map(pss_of).sum();
    stop(&mut child);
    Some(Sample {
        steps: at.into_iter().map(|at| Duration::from_millis(at.saturating_sub(started_ms))).collect(),
        pss_kib,
    })
}

fn epoch_ms(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// `root` and all its descendants (WebKit's web and network processes), from `/proc`.
fn tree(root: u32) -> Vec<u32> {
    let mut parents = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        // The command name is in parentheses and may hold spaces: the parent is after the last ')'.
        let Some(after) = stat.rsplit_once(')').map(|(_, rest)| rest) else { continue };
        if let Some(ppid) = after.split_whitespace().nth(1).and_then(|p| p.parse::<u32>().ok()) {
            parents.push((pid, ppid));
        }
    }
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(parents.iter().filter(|(_, ppid)| *ppid == parent).map(|(pid, _)| *pid));
        i += 1;
    }
    found
}

/// Proportional set size of one process, in KiB.
fn pss_of(pid: u32) -> Option<u64> {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    rollup.lines().find_map(|line| line.strip_prefix("Pss:")?.trim().strip_suffix("kB")?.trim().parse().ok())
}

/// Stops the app's process group and waits for the app, so the next run starts alone (a second
/// instance would hand over to the first and exit).
fn stop(child: &mut Child) {
    let group = child.id() as i32;
    // SAFETY: kill(2) with a negative pid signals the process group the bench created.
    unsafe {
        libc::kill(-group, libc::SIGTERM);
    }
    let _ = child.wait();
    std::thread::sleep(Duration::from_millis(500));
}
