//! The question log against real databases: SQLite files in a temp dir, and a throwaway
//! Postgres server (see `../support/postgres_server.rs`). Plus the `gaps` / `stats` commands on them.

mod cli;
mod helpers;
mod postgres;
#[path = "../support/postgres_server.rs"]
mod postgres_server;
mod privacy;
mod sqlite;
