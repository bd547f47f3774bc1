//! Helpers shared by the integration test binaries (`mod support;`). `postgres_server.rs` is
//! included by path (`#[path = "../support/postgres_server.rs"]`) by the binaries that need it.

pub mod redis_server;
