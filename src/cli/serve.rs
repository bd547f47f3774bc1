//! `rolecall serve`: the Slack webhook service. Reads flags and the environment, sets up
//! tracing, binds, and runs [`crate::server::serve`] until ctrl-c or SIGTERM.

use super::log_args::LogArgs;
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
#[command(
    after_help = "Secrets come from the environment only, never from flags:
  SLACK_SIGNING_SECRET           required (app settings > Basic Information > App Credentials > Signing Secret)
  SLACK_SIGNING_SECRET_PREVIOUS  optional, also accepted while rotating the secret
  SLACK_BOT_TOKEN                xoxb-...; without it slash commands work and events are acknowledged and skipped

Routes: POST /slack/commands, POST /slack/events, POST /slack/interactions, GET /healthz,
GET /readyz, GET /metrics"
)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:3000].
    #[arg(long, env = "ROLECALL_ADDR")]
    pub addr: Option<SocketAddr>,
    /// Convenience for platforms that hand out a port: listen on 127.0.0.1:PORT.
    /// Ignored when --addr / ROLECALL_ADDR is given.
    #[arg(long, env = "PORT")]
    pub port: Option<u16>,
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
    /// The question log: --db, --log-days, --no-log.
    #[command(flatten)]
    pub log: LogArgs,
}

impl ServeArgs {
    /// --addr / ROLECALL_ADDR, else 127.0.0.1:--port / PORT, else the default.
    fn listen_addr(&self) -> SocketAddr {
        let default: SocketAddr = config::DEFAULT_ADDR
            .parse()
            .expect("the default address parses");
        match (self.addr, self.port) {
            (Some(addr), _) => addr,
            (None, Some(port)) => SocketAddr::new(default.ip(), port),
            (None, None) => default,
        }
    }
}

pub fn run(args: ServeArgs) -> ExitCode {
    let config = match Config::from_env(args.listen_addr(), args.slack_api_url.clone()) {
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
        // Operators asked for a loud start-up failure over a bot that silently logs nothing;
        // --no-log is the way to run without one.
        let log = match args.log.config().open().await {
            Ok(log) => log,
            Err(error) => {
                return fail(&format!(
                    "cannot open the question log ({error}). Fix --db / ROLECALL_DB, or start with --no-log to run without one."
                ));
            }
        };
        if log.is_none() {
            tracing::info!("--no-log: questions are answered and not recorded");
        }
        let state = AppState::with_log(&config, rules, server::REPLY_QUEUE, log);
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn addr(args: &[&str]) -> SocketAddr {
        let cli = crate::cli::Cli::try_parse_from(args).unwrap();
        let crate::cli::Command::Serve(serve) = cli.command else {
            panic!("not serve");
        };
        serve.listen_addr()
    }

    #[test]
    fn addr_wins_over_port_and_the_default_is_loopback_3000() {
        // Flags and env share these names; an environment that sets them decides instead.
        if std::env::var_os("ROLECALL_ADDR").is_some() || std::env::var_os("PORT").is_some() {
            return;
        }
        assert_eq!(
            addr(&["rolecall", "serve", "--port", "3010"]).to_string(),
            "127.0.0.1:3010"
        );
        assert_eq!(
            addr(&[
                "rolecall",
                "serve",
                "--addr",
                "0.0.0.0:8080",
                "--port",
                "3010"
            ])
            .to_string(),
            "0.0.0.0:8080"
        );
        assert_eq!(
            addr(&["rolecall", "serve"]).to_string(),
            config::DEFAULT_ADDR
        );
    }
}
