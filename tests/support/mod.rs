//! Helpers shared by the integration test binaries (`mod support;`).

pub mod redis_server;
