//! What Socket Mode tells the rest of the service: whether a connection to Slack is up now.
//! Over Socket Mode nothing arrives while it is down, and no request fails to show it, so
//! `/readyz` and `/metrics` read it here.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Cheap to clone: clones share one state.
#[derive(Debug, Clone, Default)]
pub struct LinkStatus(Arc<AtomicBool>);

impl LinkStatus {
    /// Whether a connection has said `hello` and not dropped since.
    pub fn connected(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    pub(crate) fn set_connected(&self, connected: bool) {
        self.0.store(connected, Ordering::Relaxed);
    }
}
