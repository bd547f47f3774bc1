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
#![forbid(unsafe_code)]

pub mod answer;
pub mod backoff;
pub mod claims;
pub mod cli;
pub mod env_names;
pub mod manifest;
pub mod question_log;
pub mod redis_link;
pub mod reply;
pub mod report;
pub mod routes;
pub mod rules;
pub mod shared_state;
pub mod socket_mode;
pub mod team;
