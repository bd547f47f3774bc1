//! [`Clock`]: the time the install flow reads (state expiry, token expiry). The system clock
//! in production; tests hold a manual one and move it on instead of sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

#[derive(Debug, Clone, Default)]
pub struct Clock(Option<Arc<AtomicI64>>);

impl Clock {
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A clock that stands at `unix` seconds until [`Clock::advance`] moves it.
    pub fn manual(unix: i64) -> Clock {
        Clock(Some(Arc::new(AtomicI64::new(unix))))
    }

    /// Unix seconds now.
    pub fn now(&self) -> i64 {
        match &self.0 {
            Some(manual) => manual.load(Ordering::SeqCst),
            None => crate::question_log::unix_now(),
        }
    }

    /// Moves a manual clock on (a system clock ignores this).
    pub fn advance(&self, seconds: i64) {
        if let Some(manual) = &self.0 {
            manual.fetch_add(seconds, Ordering::SeqCst);
        }
    }
}
