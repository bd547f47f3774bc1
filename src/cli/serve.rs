//! `rolecall serve`: the Slack webhook service. Reads flags and the environment, sets up
//! tracing, binds, and runs [`crate::server::serve`] until ctrl-c or SIGTERM.

use super::{RulesArgs, fail};
use crate::config::{self, Config};
use crate::server::{self, AppState};
use std::net::SocketAddr;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Pretty,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Secrets are not flags (flags show in `ps`): SLACK_SIGNING_SECRET (required),
/// SLACK_SIGNING_SECRET_PREVIOUS (during a rotation) and SLACK_BOT_TOKEN come from the
/// environment only.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "ROLECALL_ADDR", default_value = config::DEFAULT_ADDR)]
    pub addr: SocketAddr,
    /// Slack Web API base URL (tests point it at a fake).
    #[arg(long, env = "SLACK_API_URL", default_value = config::DEFAULT_SLACK_API_URL)]
    pub slack_api_url: String,
    /// Log line format; the level comes from RUST_LOG (default: info).
    #[arg(
        long,
        env = "ROLECALL_LOG_FORMAT",
        value_enum,
        default_value = "pretty"
    )]
    pub log_format: LogFormat,
    #[command(flatten)]
    pub rules: RulesArgs,
}

pub fn run(args: ServeArgs) -> ExitCode {
    let config = match Config::from_env(args.addr, args.slack_api_url.clone()) {
        Ok(config) => config,
        Err(error) => return fail(&error),
    };
    init_tracing(args.log_format);
    let rules = match args.rules.load() {
        Ok(rules) => rules,
        Err(error) => return fail(&error),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(&error),
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(config.addr).await {
            Ok(listener) => listener,
            Err(error) => return fail(&format!("cannot listen on {}: {error}", config.addr)),
        };
        let addr = listener.local_addr().unwrap_or(config.addr);
        let state = AppState::new(&config, rules);
        tracing::info!(
            %addr,
            slack_api_url = %config.slack_api_url,
            bot_token = config.bot_token.is_some(),
            signing_secrets = config.signing_secrets.len(),
            "rolecall listening"
        );
        if config.bot_token.is_none() {
            tracing::warn!("SLACK_BOT_TOKEN is not set: slash commands work, events are acknowledged and skipped");
        }
        match server::serve(listener, state, server::shutdown_signal()).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => fail(&error),
        }
    })
}

fn init_tracing(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Pretty => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}
