//! Balise's bench harness (`cargo bench --bench bench`): runs each scenario several times and
//! prints the median. Later issues add their figures here. Uses the real OS keychain when one
//! answers (as `scripts/test` provides), else says so and uses an in-memory one.

use std::time::{Duration, Instant};

use balise_core::clock::Clock;
use balise_core::keychain::{Keychain, MemoryKeychain, OsKeychain};
use balise_core::paths::DataDir;
use balise_core::settings::{self, Key};
use balise_core::{backup, vault};

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

    while balise_core::audit::latest(&u.db, 1).unwrap()[0].id < 10_000 {
        u.db.write_logged("bench.remplissage", "objet", "entrée de remplissage du banc d'essai").unwrap();
    }
    let backup_time = measure(5, || {
        backup::create(&mut u.db, &data, &u.key).expect("backup");
    });
    report("sauvegarde chiffrée d'un coffre de 10 000 entrées", backup_time, None);
}
