//! The environment variables `rolecall serve` reads, in one list. The deploy files (Dockerfile,
//! Kubernetes, systemd, compose) are tested against it, so a misspelt name in them fails a test
//! instead of being silently ignored in production.

/// Where `serve` listens when neither `--addr` nor `ROLECALL_ADDR` is given.
pub const DEFAULT_ADDR: &str = "127.0.0.1:3000";

/// Every variable the server reads (clap `env = ...` names, plus `RUST_LOG` for the filter).
pub const SERVER_ENV: [&str; 25] = [
    "SLACK_SIGNING_SECRET",
    "SLACK_SIGNING_SECRET_PREVIOUS",
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "ROLECALL_ADDR",
    "ROLECALL_RULES",
    "ROLECALL_TEAM",
    "ROLECALL_WATCH",
    "ROLECALL_REDIS_URL",
    "ROLECALL_CLAIM_STALE_SECS",
    "ROLECALL_REDIS_TIMEOUT_MS",
    "ROLECALL_DB",
    "ROLECALL_LOG_DAYS",
    "ROLECALL_LOG_FORMAT",
    "RUST_LOG",
    // Multi-workspace mode (docs/getting-started.md, "many workspaces").
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "ROLECALL_PUBLIC_URL",
    "ROLECALL_TOKEN_KEY",
    "ROLECALL_TEAM_DIR",
    // Privacy and least privilege (docs/security.md).
    "ROLECALL_HASH_KEY",
    "ROLECALL_LOG_TEXT",
    "ROLECALL_METRICS_ADDR",
    "SLACK_APP_ID",
];

/// Variables only the deploy files read. `ROLECALL_PG_PASSWORD`: compose's Postgres
/// password, set once in `deploy/.env` for the database and the `ROLECALL_DB` URL it is
/// spliced into. (`ROLECALL_DB` itself the server reads: a password is never passed as
/// `--db`, where `ps` would show it.)
pub const DEPLOY_ONLY_ENV: [&str; 1] = ["ROLECALL_PG_PASSWORD"];
