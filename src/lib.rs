//! rolecall answers "who owns this?" questions in Slack, with verbatim sources.
//!
//! # Layout
//!
//! - [`rules`]: the `responses/` table (embedded default, or `--rules DIR`), validated at load.
//! - [`answer`]: pure matcher, question -> [`answer::Answer`] (owner, comparison, or decline).
//! - [`reply`]: pure renderers, answer -> JSON, terminal text.
//! - [`cli`]: the subcommands `main.rs` dispatches to.
//! - [`manifest`]: the Slack app manifest, built from [`routes`].
//! - [`env_names`]: the environment variables the server reads (deploy files are tested on it).
//! - [`live`]: the rules engine and team file as one snapshot, reloaded on SIGHUP or `--watch`.
//! - [`config`]: what `rolecall serve` reads from flags and the environment; secrets redacted.
//! - [`server`]: the Slack webhook service: routes, handlers, the reply queue, graceful shutdown.
//! - [`slack`]: request signatures, inbound payloads -> [`slack::inbound::Inbound`], button
//!   clicks -> [`slack::interactions::Action`], Web API and `response_url` clients. The newer
//!   places people ask ride the same arrows: the AI-app panel and Workflow Builder step runs
//!   are events ([`slack::surfaces`]), the "Who owns this?" shortcut an interactivity payload
//!   ([`slack::shortcut`]).
//! - [`metrics`]: Prometheus counters and histograms behind `GET /metrics`.
//! - [`socket_mode`]: the second transport (Slack's WebSocket) feeding the same handlers.
//! - [`claims`], [`rate_limits`]: exactly-once events and the Web API's 429 blocks, in-process
//!   or, through [`shared_state`] and [`redis_link`], shared by replicas on Redis.
//! - [`question_log`], [`report`]: the question log (SQLite or Postgres, fed by one writer
//!   task) and the pure `gaps`/`stats` reports over it.
//! - [`team`]: who holds each role in this workspace; [`routes`]: the paths served.
//! - [`install`]: multi-workspace mode ("Add to Slack"): OAuth install, installations with
//!   sealed tokens, token rotation, and which installation answers each request.
//!
//! # One Slack request
//!
//! `POST /slack/events` -> body capped at 1 MiB -> [`slack::signature`] on the raw bytes (401
//! and nothing else on failure) -> [`slack::inbound::parse_event`] (400 if malformed) -> claim
//! the `event_id` (a retry is acked and dropped) -> 200 at once, the job on a bounded queue ->
//! the reply worker: [`answer::Engine::answer`] -> [`reply::slack`] -> `chat.postMessage` in the
//! thread. A slash command stops after parsing: its answer is the HTTP response itself. A
//! button click (`POST /slack/interactions`) is claimed by its `trigger_id` (a click delivered
//! twice acts once) and acked empty; its effect goes to the click's `response_url` from a
//! background task.
#![forbid(unsafe_code)]

pub mod answer;
pub mod claims;
pub mod cli;
pub mod config;
pub mod env_names;
pub mod error_text;
pub mod install;
pub mod live;
pub mod log_throttle;
pub mod manifest;
pub mod metrics;
pub mod question_log;
pub mod rate_limits;
pub mod recent;
pub mod redis_link;
pub mod reply;
pub mod report;
pub mod report_draft;
pub mod routes;
pub mod rules;
pub mod server;
pub mod shared_state;
pub mod slack;
pub mod socket_mode;
pub mod team;
#[cfg(test)]
mod test_support;
