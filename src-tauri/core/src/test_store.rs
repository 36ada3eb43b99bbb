//! What the domain's tests share: a fresh store in a temporary folder on a fixed day, with the
//! in-memory keychain. Each test file adds its own helpers to `Store`.

use chrono::{Local, NaiveDate, TimeZone};

use crate::clock::Clock;
use crate::keychain::MemoryKeychain;
use crate::paths::DataDir;
use crate::register::staff::{self, StaffDraft};
use crate::secret::DbKey;
use crate::settings::{self, Key};
use crate::store::Db;
use crate::vault;
use crate::year::SchoolYear;

pub(crate) struct Store {
    pub _tmp: tempfile::TempDir,
    pub data: DataDir,
    pub key: DbKey,
    pub db: Db,
}

/// The clock of `date` (YYYY-MM-DD) at 9:30 local time.
pub(crate) fn clock(date: &str) -> Clock {
    Clock::Fixed(Local.from_local_datetime(&day(date).and_hms_opt(9, 30, 0).unwrap()).unwrap())
}

pub(crate) fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The school year the tests run in.
pub(crate) fn year() -> SchoolYear {
    SchoolYear::starting(2025)
}

/// A new, empty store whose clock says `date`.
pub(crate) fn fresh(date: &str) -> Store {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path().join("Balise"));
    let (unlocked, _code) = vault::create(&data, &MemoryKeychain::default(), clock(date)).unwrap();
    // The secret each store draws for its form numbers, fixed so that snapshots hold the same
    // numbers every run; a test of the numbering itself sets another.
    unlocked.db.conn.execute("UPDATE form_numbering SET secret = zeroblob(32)", []).unwrap();
    Store { _tmp: tmp, data, key: unlocked.key, db: unlocked.db }
}

/// A fresh store on `date` with the school's `settings` stored and `teacher` on the staff: how
/// the scenario tests of the returns, the year's end and the report begin.
pub(crate) fn school_on(date: &str, settings: &[(Key, &str)], teacher: &str) -> Store {
    let mut store = fresh(date);
    for (key, value) in settings {
        settings::set(&mut store.db, *key, value).unwrap();
    }
    staff::add(&mut store.db, &StaffDraft { name: teacher.into(), email: String::new() }).unwrap();
    store
}

impl Store {
    /// The same store, reopened with the clock at another day.
    pub(crate) fn on(&mut self, date: &str) {
        self.db = crate::settings::open_store(&self.data.database(), &self.key, clock(date)).unwrap();
    }
}

/// Records the principal's written authorization of use `id` (the permission, for a tolerated
/// platform such as ClassDojo in 2025-2026, for a teacher who already used it) on `on`: Balise prints no form for a use article 4
/// does not allow yet.
pub(crate) fn authorize_use(db: &mut Db, id: i64, on: &str) {
    // « utilisait déjà » (memo of 25 August 2025): the permission of a tolerated platform needs it.
    let draft = crate::register::platform_use::AuthorizationDraft {
        on: day(on),
        by: "Direction".into(),
        document: None,
        prior_use: true,
    };
    crate::register::platform_use::authorize(db, id, &draft).unwrap();
}
