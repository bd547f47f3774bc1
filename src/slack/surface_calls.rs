//! The Web API calls of the newer surfaces, on [`SlackClient`] with its retries and typed
//! errors: the AI-app panel (`assistant.threads.*`) and a workflow step's completion
//! (`functions.completeSuccess` / `functions.completeError`).

use super::surfaces::Prompt;
use super::web_api::{SlackClient, WebApiError};
use serde::Serialize;
use serde_json::json;

impl SlackClient {
    /// The prompts offered in a new panel thread (`assistant.threads.setSuggestedPrompts`).
    pub async fn set_suggested_prompts(
        &self,
        channel: &str,
        thread_ts: &str,
        prompts: &[Prompt],
    ) -> Result<(), WebApiError> {
        let body = json!({ "channel_id": channel, "thread_ts": thread_ts, "prompts": prompts });
        self.call("assistant.threads.setSuggestedPrompts", &body)
            .await
            .map(drop)
    }

    /// "is looking it up..." under the panel's input while the answer is made; the reply
    /// clears it.
    pub async fn set_status(
        &self,
        channel: &str,
        thread_ts: &str,
        status: &str,
    ) -> Result<(), WebApiError> {
        let body = json!({ "channel_id": channel, "thread_ts": thread_ts, "status": status });
        self.call("assistant.threads.setStatus", &body)
            .await
            .map(drop)
    }

    /// The panel thread's name in the user's history.
    pub async fn set_title(
        &self,
        channel: &str,
        thread_ts: &str,
        title: &str,
    ) -> Result<(), WebApiError> {
        let body = json!({ "channel_id": channel, "thread_ts": thread_ts, "title": title });
        self.call("assistant.threads.setTitle", &body)
            .await
            .map(drop)
    }

    /// Finishes a workflow step run with its outputs.
    pub async fn complete_success(
        &self,
        execution_id: &str,
        outputs: &impl Serialize,
    ) -> Result<(), WebApiError> {
        let body = json!({ "function_execution_id": execution_id, "outputs": outputs });
        self.call("functions.completeSuccess", &body)
            .await
            .map(drop)
    }

    /// Finishes a workflow step run as failed; `error` is shown to the workflow's owner.
    pub async fn complete_error(&self, execution_id: &str, error: &str) -> Result<(), WebApiError> {
        let body = json!({ "function_execution_id": execution_id, "error": error });
        self.call("functions.completeError", &body).await.map(drop)
    }
}
