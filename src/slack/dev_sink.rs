//! The Web API as seen in `rolecall serve --dev`: every call is printed to the terminal
//! (method, channel, thread, text, and the blocks rendered readably) instead of being sent,
//! and answered with the `ok: true` response Slack would give, so the rest of the service runs
//! unchanged without a workspace. [`render_blocks`] is shared with `rolecall simulate`.

use serde_json::{Value, json};
use std::io::Write;
use std::sync::{Arc, Mutex};

/// The bot's user id in dev mode: `auth.test` answers it, and `rolecall simulate mention`
/// mentions it, so the mention is stripped from the question as in a real workspace.
pub const BOT_USER_ID: &str = "U0DEVBOT";
/// The DM channel `conversations.open` answers in dev mode.
pub const DM_CHANNEL: &str = "D0DEVDM";

/// Where the would-be calls go: stdout by default, any writer in tests.
#[derive(Clone)]
pub struct DevSink {
    out: Arc<Mutex<dyn Write + Send>>,
}

impl std::fmt::Debug for DevSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DevSink")
    }
}

impl Default for DevSink {
    fn default() -> Self {
        Self::new(std::io::stdout())
    }
}

impl DevSink {
    pub fn new(out: impl Write + Send + 'static) -> Self {
        DevSink {
            out: Arc::new(Mutex::new(out)),
        }
    }

    /// Prints the call and returns Slack's answer to it.
    pub fn call(&self, method: &str, body: &Value) -> Value {
        let printed = render_call(method, body);
        // One write per call under the lock: replies posted at once never interleave.
        let mut out = self.out.lock().unwrap_or_else(|p| p.into_inner());
        let _ = out.write_all(printed.as_bytes());
        let _ = out.flush();
        fake_response(method, body)
    }
}

/// What Slack would answer: enough for the callers (`auth.test` -> our user id,
/// `conversations.open` -> a DM channel), `ok: true` for the rest.
pub fn fake_response(method: &str, body: &Value) -> Value {
    match method {
        "auth.test" => json!({ "ok": true, "user_id": BOT_USER_ID, "bot_id": "B0DEVBOT" }),
        "conversations.open" => json!({ "ok": true, "channel": { "id": DM_CHANNEL } }),
        "chat.postMessage" => {
            json!({ "ok": true, "channel": body["channel"], "ts": "0000000000.000100" })
        }
        _ => json!({ "ok": true }),
    }
}

/// One call, as a few readable lines. The first line names the method and where it goes
/// (`channel=`, `thread_ts=`, `user_id=`, `users=`), so a reader or a test can find it.
pub fn render_call(method: &str, body: &Value) -> String {
    let mut out = format!("--> {method}");
    for key in [
        "channel",
        "channel_id",
        "thread_ts",
        "user_id",
        "users",
        "function_execution_id",
        "response_type",
    ] {
        if let Some(value) = body[key].as_str() {
            out.push_str(&format!(" {key}={value}"));
        }
    }
    out.push('\n');
    if let Some(text) = body["text"].as_str() {
        out.push_str(&indent("text: ", text));
    }
    // The panel's and a workflow step's calls: what each one sets.
    for key in ["status", "title", "error"] {
        if let Some(value) = body[key].as_str() {
            out.push_str(&indent(&format!("{key}: "), value));
        }
    }
    if let Some(prompts) = body["prompts"].as_array() {
        for prompt in prompts {
            out.push_str(&indent(
                "prompt: ",
                prompt["message"].as_str().unwrap_or(""),
            ));
        }
    }
    if let Some(outputs) = body["outputs"].as_object() {
        for (name, value) in outputs {
            let shown = match value.as_str() {
                Some("") => "(empty)".to_string(),
                Some(text) => text.to_string(),
                None => value.to_string(),
            };
            out.push_str(&indent(&format!("output {name}: "), &shown));
        }
    }
    let blocks = body["blocks"]
        .as_array()
        .or_else(|| body["view"]["blocks"].as_array());
    if let Some(blocks) = blocks {
        out.push_str(&render_blocks(blocks));
    }
    out.push('\n');
    out
}

/// Block Kit as terminal text: a header as `# Title`, sections as their text, context
/// elements as `> quote` lines, buttons as `[Label]`.
pub fn render_blocks(blocks: &[Value]) -> String {
    let mut out = String::new();
    for block in blocks {
        let line = match block["type"].as_str().unwrap_or("") {
            "header" => format!("# {}", text_of(&block["text"])),
            "section" => {
                let mut parts = vec![text_of(&block["text"])];
                if let Some(fields) = block["fields"].as_array() {
                    parts.extend(fields.iter().map(text_of));
                }
                if block["accessory"]["type"] == "button" {
                    parts.push(button(&block["accessory"]));
                }
                parts.retain(|part| !part.is_empty());
                parts.join("\n")
            }
            "context" => elements(block)
                .iter()
                .map(|element| format!("> {}", text_of(element)))
                .collect::<Vec<_>>()
                .join("\n"),
            "actions" => elements(block)
                .iter()
                .map(button)
                .collect::<Vec<_>>()
                .join(" "),
            "divider" => "---".to_string(),
            other => format!("({other} block)"),
        };
        out.push_str(&indent("  ", &line));
    }
    out
}

fn elements(block: &Value) -> &[Value] {
    block["elements"].as_array().map_or(&[], Vec::as_slice)
}

fn button(element: &Value) -> String {
    match element["type"].as_str() {
        Some("button") => format!("[{}]", text_of(&element["text"])),
        Some(other) => format!("({other})"),
        None => String::new(),
    }
}

/// A text object's text (plain or mrkdwn), Slack's `&amp; &lt; &gt;` undone for reading.
fn text_of(text: &Value) -> String {
    let raw = text["text"].as_str().or(text.as_str()).unwrap_or("");
    raw.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Prefixes the first line with `first` and the rest with as many spaces.
fn indent(first: &str, text: &str) -> String {
    let pad = " ".repeat(first.chars().count());
    let mut out = String::new();
    for (n, line) in text.lines().enumerate() {
        out.push_str(if n == 0 { first } else { &pad });
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::SharedBuffer;

    #[test]
    fn a_post_shows_method_channel_thread_text_and_readable_blocks() {
        let body = json!({
            "channel": "C0DEV", "thread_ts": "1700000000.000200", "text": "Product Owner: yes",
            "blocks": [
                {"type": "header", "text": {"type": "plain_text", "text": "Sprint planning"}},
                {"type": "section", "text": {"type": "mrkdwn", "text": "*Owner:* PO &amp; team"}},
                {"type": "context", "elements": [{"type": "mrkdwn", "text": "*Guide*: “quote”"}]},
                {"type": "actions", "elements": [
                    {"type": "button", "text": {"type": "plain_text", "text": "Helpful"}},
                    {"type": "button", "text": {"type": "plain_text", "text": "Not quite"}}]}
            ]
        });
        let shown = render_call("chat.postMessage", &body);
        assert!(
            shown.starts_with("--> chat.postMessage channel=C0DEV thread_ts=1700000000.000200\n"),
            "{shown}"
        );
        for line in [
            "text: Product Owner: yes",
            "  # Sprint planning",
            "  *Owner:* PO & team",
            "  > *Guide*: “quote”",
            "  [Helpful] [Not quite]",
        ] {
            assert!(shown.contains(line), "{line:?} missing from:\n{shown}");
        }
    }

    #[test]
    fn calls_are_printed_and_answered_like_slack() {
        let buffer = SharedBuffer::default();
        let sink = DevSink::new(buffer.clone());
        assert_eq!(sink.call("auth.test", &json!({}))["user_id"], BOT_USER_ID);
        let opened = sink.call("conversations.open", &json!({"users": "U0NEW"}));
        assert_eq!(opened["channel"]["id"], DM_CHANNEL);
        let published = sink.call(
            "views.publish",
            &json!({"user_id": "U1", "view": {"type": "home", "blocks": [{"type": "divider"}]}}),
        );
        assert_eq!(published["ok"], true);
        let printed = buffer.text();
        assert!(
            printed.contains("--> conversations.open users=U0NEW"),
            "{printed}"
        );
        assert!(
            printed.contains("--> views.publish user_id=U1\n  ---"),
            "{printed}"
        );
    }
}
