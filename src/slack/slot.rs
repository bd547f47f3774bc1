//! [`Slot`]: a reply worker's place, held by the job whose Web API calls it makes and given
//! back while a call only waits (out a `Retry-After`, or between redeliveries). Slack's rate
//! limits are per method per workspace: replies sleeping through one workspace's 429 must not
//! fill every worker and keep another workspace's reply, or another method, waiting
//! (SLACK.md section 6).

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// No slot (clicks, start-up calls): waiting is plain sleeping.
#[derive(Debug, Clone, Default)]
pub struct Slot(Option<Arc<Held>>);

#[derive(Debug)]
struct Held {
    slots: Arc<Semaphore>,
    permit: Mutex<Option<OwnedSemaphorePermit>>,
}

impl Slot {
    /// The slot `permit`, taken from `slots`.
    pub fn held(slots: Arc<Semaphore>, permit: OwnedSemaphorePermit) -> Slot {
        Slot(Some(Arc::new(Held {
            slots,
            permit: Mutex::new(Some(permit)),
        })))
    }

    /// Sleeps `wait` with the slot given back, then takes one again before the job goes on.
    pub async fn wait_out(&self, wait: Duration) {
        let Some(held) = &self.0 else {
            return tokio::time::sleep(wait).await;
        };
        // Another call of the same job may be waiting already and hold nothing to give.
        let given_back = held.permit().take().is_some();
        tokio::time::sleep(wait).await;
        if given_back && let Ok(permit) = held.slots.clone().acquire_owned().await {
            *held.permit() = Some(permit);
        }
    }
}

impl Held {
    fn permit(&self) -> std::sync::MutexGuard<'_, Option<OwnedSemaphorePermit>> {
        self.permit
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_waiting_job_frees_its_slot_and_takes_one_back_after() {
        let slots = Arc::new(Semaphore::new(1));
        let permit = slots.clone().acquire_owned().await.unwrap();
        let slot = Slot::held(slots.clone(), permit);
        assert_eq!(slots.available_permits(), 0);
        let waiting = tokio::spawn({
            let slot = slot.clone();
            async move { slot.wait_out(Duration::from_millis(200)).await }
        });
        let other = tokio::time::timeout(Duration::from_secs(5), slots.clone().acquire_owned())
            .await
            .expect("the slot is free while its job waits")
            .unwrap();
        drop(other);
        waiting.await.unwrap();
        assert_eq!(slots.available_permits(), 0, "taken back after the wait");
        drop(slot);
        assert_eq!(slots.available_permits(), 1);
    }
}
