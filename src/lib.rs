//! rolecall answers "who owns this?" questions in Slack, with verbatim sources.
//!
//! # Layout
//!
//! - [`rules`]: the `responses/` table (embedded default, or `--rules DIR`), validated at load.
//! - [`answer`]: pure matcher, question -> [`answer::Answer`] (owner, comparison, or decline).
//! - [`reply`]: pure renderers, answer -> JSON, terminal text.
//! - [`cli`]: the subcommands `main.rs` dispatches to.
#![forbid(unsafe_code)]

pub mod answer;
pub mod backoff;
pub mod claims;
pub mod cli;
pub mod config;
pub mod metrics;
pub mod reply;
pub mod routes;
pub mod rules;
pub mod server;
pub mod slack;
