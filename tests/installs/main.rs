//! Multi-workspace mode end to end: the OAuth install against a fake Slack, per-workspace
//! tokens, org-wide installs, uninstalls, token rotation across replicas, tokens sealed at
//! rest, and the install pages in a real headless Chromium.

mod binary;
mod browser;
mod flow;
mod helpers;
mod postgres;
#[path = "../support/postgres_server.rs"]
mod postgres_server;
mod rotation;
mod routing;
mod socket;
#[path = "../support/mod.rs"]
mod support;
