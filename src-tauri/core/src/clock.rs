//! The one source of "now": business rules take a `Clock` so a test can set today to 30 June.

use chrono::{DateTime, Local, NaiveDate, SecondsFormat};

#[derive(Debug, Clone)]
pub enum Clock {
    System,
    Fixed(DateTime<Local>),
}

impl Clock {
    /// The system clock, unless `BALISE_NOW` (RFC 3339) fixes it, which is how the command-line
    /// tests pin a date through the real binary.
    pub fn from_env() -> Clock {
        std::env::var("BALISE_NOW")
            .ok()
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| Clock::Fixed(t.with_timezone(&Local)))
            .unwrap_or(Clock::System)
    }

    pub fn now(&self) -> DateTime<Local> {
        match self {
            Clock::System => Local::now(),
            Clock::Fixed(t) => *t,
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    pub fn now_rfc3339(&self) -> String {
        self.now().to_rfc3339_opts(SecondsFormat::Millis, false)
    }
}
