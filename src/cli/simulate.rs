//! `rolecall simulate slash|mention|dm|join|assistant|shortcut|step "TEXT"`: plays Slack
//! against a running server.
//! Sends exactly what Slack sends (built by [`crate::slack::simulate`]: the form or the event
//! envelope with a fresh `event_id`, the timestamp and v0 signature headers) and prints the
//! HTTP status and the reply, a slash command's both as JSON and rendered readably.

use super::fail;
use crate::config::{DEV_SIGNING_SECRET, SIGNING_SECRET_ENV};
use crate::routes;
use crate::slack::dev_sink::render_blocks;
use crate::slack::simulate::{self, Fresh, Kind};
use std::process::ExitCode;
use std::time::Duration;

/// Slack gives up on a reply after 3 s; wait a little longer to show what a slow server does.
const TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SimKind {
    /// `/rolecall TEXT` -> POST /slack/commands; the reply is printed here.
    Slash,
    /// `@rolecall TEXT` in a channel -> app_mention; the bot answers in the thread.
    Mention,
    /// A direct message TEXT to the bot -> message.im.
    Dm,
    /// A member named TEXT joins the workspace -> team_join; the bot sends a welcome DM.
    Join,
    /// TEXT asked in the AI-app panel -> assistant_thread_started, then message.im in the
    /// thread; the bot sets prompts, status, answer and title.
    Assistant,
    /// "Who owns this?" on a message saying TEXT -> message_action; the answer goes to the
    /// clicker through the response_url.
    Shortcut,
    /// A workflow's "Find the owner" step asks TEXT -> function_executed; the bot completes
    /// the run.
    Step,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Defaults match `rolecall serve --dev`: --url http://127.0.0.1:3000, signed with the dev
secret rolecall-dev-signing-secret. SLACK_SIGNING_SECRET is NOT read unless you pass
--secret-from-env, so a real secret exported in your shell cannot break the dev loop.
Events are answered through the Web API: with `serve --dev`, look at the server's terminal."
)]
pub struct SimulateArgs {
    /// What Slack delivers.
    #[arg(value_enum)]
    pub kind: SimKind,
    /// The question (slash, mention, dm, assistant, step), the message the shortcut is used
    /// on (shortcut) or the new member's name (join).
    #[arg(default_value = "")]
    pub text: String,
    /// Base URL of the running server.
    #[arg(long, default_value = "http://127.0.0.1:3000", value_parser = parse_server_url)]
    pub url: String,
    /// Sign with this secret instead of the dev one (flags show in `ps`: for a real
    /// secret prefer --secret-from-env).
    #[arg(long, conflicts_with = "secret_from_env", value_parser = parse_secret)]
    pub secret: Option<String>,
    /// Sign with SLACK_SIGNING_SECRET from the environment.
    #[arg(long)]
    pub secret_from_env: bool,
}

impl SimulateArgs {
    fn secret(&self) -> Result<String, String> {
        match (&self.secret, self.secret_from_env) {
            (Some(secret), _) => Ok(secret.clone()),
            (None, true) => std::env::var(SIGNING_SECRET_ENV)
                .ok()
                .filter(|secret| !secret.trim().is_empty())
                .map(|secret| secret.trim().to_string())
                .ok_or_else(|| format!("--secret-from-env: {SIGNING_SECRET_ENV} is not set")),
            (None, false) => Ok(DEV_SIGNING_SECRET.to_string()),
        }
    }
}

pub fn run(args: SimulateArgs) -> ExitCode {
    let secret = match args.secret() {
        Ok(secret) => secret,
        Err(error) => return fail(&error),
    };
    let kind = match args.kind {
        SimKind::Slash => Kind::Slash,
        SimKind::Mention => Kind::Mention,
        SimKind::Dm => Kind::Dm,
        SimKind::Join => Kind::Join,
        SimKind::Assistant => Kind::Assistant,
        SimKind::Shortcut => Kind::Shortcut,
        SimKind::Step => Kind::Step,
    };
    let text = match (kind, args.text.trim()) {
        (Kind::Join, "") => "new-teammate",
        (_, text) => text,
    };
    let deliveries = simulate::deliveries(kind, text, secret.as_bytes(), &Fresh::now());
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(&error),
    };
    let mut failed = false;
    for delivery in &deliveries {
        let url = format!("{}{}", args.url.trim_end_matches('/'), delivery.route);
        match send(&runtime, &url, delivery) {
            Ok(status) => failed |= !status,
            Err(code) => return code,
        }
    }
    if kind != Kind::Slash {
        outln!("{}", where_the_answer_goes(kind));
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Sends one delivery and prints it and its reply; `Ok(false)` for a non-2xx answer.
fn send(
    runtime: &tokio::runtime::Runtime,
    url: &str,
    delivery: &simulate::Delivery,
) -> Result<bool, ExitCode> {
    outln!("POST {url}");
    if let Some(ids) = event_ids(&delivery.body) {
        outln!("{ids}");
    }
    let sent = runtime.block_on(async {
        let client = reqwest::Client::builder().timeout(TIMEOUT).build()?;
        let mut request = client
            .post(url)
            .header("content-type", delivery.content_type)
            .body(delivery.body.clone());
        for (name, value) in &delivery.headers {
            request = request.header(*name, value);
        }
        let response = request.send().await?;
        let status = response.status();
        let body = response.text().await?;
        Ok::<_, reqwest::Error>((status, body))
    });
    let (status, body) = match sent {
        Ok(reply) => reply,
        Err(error) => {
            return Err(fail(&format!(
                "{url}: {error} (is `rolecall serve --dev` running?)"
            )));
        }
    };
    outln!("HTTP {status}");
    out!("{}", show_reply(&body));
    if status.is_success() && delivery.route == routes::COMMANDS && body.trim().is_empty() {
        outln!("{EMPTY_SLASH_REPLY}");
    }
    Ok(status.is_success())
}

/// `event_id: Ev... ts: ...` for an event: the ts is the thread a mention is answered in.
fn event_ids(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    let event_id = value["event_id"].as_str()?;
    Some(match value["event"]["ts"].as_str() {
        Some(ts) => format!("event_id: {event_id} ts: {ts}"),
        None => format!("event_id: {event_id}"),
    })
}

/// The reply: a JSON body pretty-printed and, when it has blocks, rendered; anything else
/// as it came.
fn show_reply(body: &str) -> String {
    let mut out = String::new();
    match serde_json::from_str::<serde_json::Value>(body) {
        Ok(json) => {
            out.push_str(&serde_json::to_string_pretty(&json).unwrap_or_default());
            out.push('\n');
            if let Some(blocks) = json["blocks"].as_array() {
                out.push_str("\nrendered:\n");
                out.push_str(&render_blocks(blocks));
            }
        }
        Err(_) if !body.trim().is_empty() => {
            out.push_str(body.trim_end());
            out.push('\n');
        }
        Err(_) => {}
    }
    out
}

/// A slash command acknowledged with no answer at all: said, since a blank after `HTTP 200`
/// looks like success. The likely cause is the workspace pin: a server with a real
/// `SLACK_BOT_TOKEN` drops requests naming any workspace but its token's, and simulate's is
/// a made-up one.
const EMPTY_SLASH_REPLY: &str = "(empty reply: the server acknowledged the command and answered nothing. \
A server with SLACK_BOT_TOKEN set answers only its token's workspace, and simulate sends the \
made-up workspace T0DEV: its log says \"another workspace\". Try it against `serve --dev`, \
or a server without SLACK_BOT_TOKEN.)";

/// Where an acknowledged delivery's effect shows, on the `serve --dev` terminal.
fn where_the_answer_goes(kind: Kind) -> &'static str {
    match kind {
        Kind::Shortcut => {
            "(acknowledged; the answer goes to the clicker's response_url: with `serve --dev`, see its terminal)"
        }
        Kind::Step => {
            "(acknowledged; the bot completes the run with functions.completeSuccess, or functions.completeError for an empty question: with `serve --dev`, see its terminal)"
        }
        _ => {
            "(acknowledged; the bot answers through the Web API: with `serve --dev`, see its terminal)"
        }
    }
}

/// `--secret`: a blank one signs requests no server accepts (an unset shell variable in
/// `--secret "$SECRET"`); refused before anything is sent, as `--secret-from-env` refuses it.
fn parse_secret(value: &str) -> Result<String, String> {
    if value.trim().is_empty() {
        Err("the secret is empty: give the server's signing secret, or leave --secret out to sign with the dev one".into())
    } else {
        Ok(value.to_string())
    }
}

/// `--url`: an http(s) URL with a host, refused before anything is sent.
fn parse_server_url(value: &str) -> Result<String, String> {
    super::http_url(value).ok_or_else(|| {
        format!("'{value}' is not the http(s) URL of a running server, like http://127.0.0.1:3000")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_url_must_be_http_with_a_host() {
        assert!(parse_server_url("http://127.0.0.1:3000").is_ok());
        for bad in ["notaurl", "ftp://x/y", "http://[::1", ""] {
            assert!(parse_server_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_slash_reply_is_shown_as_json_and_rendered() {
        let shown = show_reply(
            r#"{"response_type":"ephemeral","text":"t","blocks":[{"type":"header","text":{"type":"plain_text","text":"Sprint planning"}}]}"#,
        );
        assert!(
            shown.contains("\"response_type\": \"ephemeral\""),
            "{shown}"
        );
        assert!(shown.contains("rendered:\n  # Sprint planning"), "{shown}");
    }

    #[test]
    fn an_event_ack_says_where_the_answer_goes() {
        assert!(show_reply("").is_empty());
        assert!(where_the_answer_goes(Kind::Mention).contains("see its terminal"));
        assert!(where_the_answer_goes(Kind::Step).contains("functions.completeSuccess"));
    }

    #[test]
    fn an_empty_step_question_is_not_promised_a_success() {
        // `simulate step ""` is completed with functions.completeError; the hint must not
        // send the reader looking for a completeSuccess that never comes.
        assert!(where_the_answer_goes(Kind::Step).contains("functions.completeError"));
    }
}
