//! `rolecall serve`: the Slack webhook service. Reads flags and the environment, sets up
//! tracing, binds, and runs [`crate::server::serve`] until ctrl-c or SIGTERM; SIGHUP (and
//! with `--watch` a file change) reloads the rules table and team file.

use super::log_args::LogArgs;
use super::{RulesArgs, TeamArgs, fail};
use crate::config::{self, Config, ConfigError};
use crate::install::settings::{Given, SettingsError};
use crate::install::team_dir::TeamDir;
use crate::install::{self, Clock, Installs, Settings};
use crate::live::{self, Sources};
use crate::question_log::{HashKey, LogError};
use crate::server::{self, AppState};
use crate::shared_state::{RedisArgs, SharedState};
use crate::socket_mode::SocketConfig;
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
  SLACK_APP_TOKEN                xapp-... (connections:write), for --socket-mode only
  SLACK_CLIENT_ID, SLACK_CLIENT_SECRET
                                 both set: multi-workspace mode (\"Add to Slack\" at
                                 PUBLIC_URL/slack/install); needs --public-url, --db and
                                 ROLECALL_TOKEN_KEY (below)
  ROLECALL_TOKEN_KEY             32 random bytes, base64, sealing the stored tokens
  ROLECALL_HASH_KEY              optional secret keying the asker hash with the stored salt,
                                 so the database alone re-identifies no one (docs/security.md)

--dev: no Slack needed. Loopback only, signing secret rolecall-dev-signing-secret (never
accepted without --dev), and Web API calls are printed to stdout instead of sent. Drive it
with `rolecall simulate slash|mention|dm|join|assistant|shortcut|step \"TEXT\"` from a second
terminal.

--socket-mode: no public URL needed. Slack delivers over a WebSocket opened with
SLACK_APP_TOKEN; SLACK_SIGNING_SECRET is then optional. The probes stay on HTTP (--addr).

Routes: POST /slack/commands, POST /slack/events, POST /slack/interactions, GET /healthz,
GET /readyz, GET /metrics (on --metrics-addr instead when given); in multi-workspace mode also GET /slack/install and
GET /slack/oauth_redirect"
)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:3000].
    #[arg(long, env = "ROLECALL_ADDR", value_parser = super::listen_addr::parse)]
    pub addr: Option<SocketAddr>,
    /// Convenience: listen on 127.0.0.1:PORT. Ignored when --addr / ROLECALL_ADDR is given.
    /// A flag only: a stray PORT in the environment must not move the server.
    #[arg(long)]
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
    /// Local development without Slack: loopback only, the public dev signing secret, and
    /// what the bot would post printed to the terminal.
    #[arg(long, conflicts_with = "socket_mode")]
    pub dev: bool,
    /// Receive from Slack over Socket Mode (SLACK_APP_TOKEN) instead of HTTP webhooks.
    #[arg(long)]
    pub socket_mode: bool,
    #[command(flatten)]
    pub rules: RulesArgs,
    #[command(flatten)]
    pub team: TeamArgs,
    /// Reload the rules directory and team file when a file in them changes (SIGHUP
    /// always reloads; a bad file keeps the running table). ROLECALL_WATCH takes 1/0,
    /// true/false, yes/no, on/off.
    #[arg(long, env = "ROLECALL_WATCH", value_parser = clap::builder::BoolishValueParser::new())]
    pub watch: bool,
    /// The question log: --db, --log-days, --no-log (--dev keeps none unless --db is given).
    #[command(flatten)]
    pub log: LogArgs,
    #[command(flatten)]
    pub redis: RedisArgs,
    /// Multi-workspace mode (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET set): the public https
    /// base URL Slack sends installers back to (PUBLIC_URL/slack/oauth_redirect).
    #[arg(long, env = install::settings::PUBLIC_URL_ENV)]
    pub public_url: Option<String>,
    /// Serve GET /metrics on this address instead of the main one (which then answers 404
    /// there), so a public endpoint need not expose it [default: on --addr].
    #[arg(long, env = "ROLECALL_METRICS_ADDR", value_parser = super::listen_addr::parse)]
    pub metrics_addr: Option<SocketAddr>,
    /// Multi-workspace mode: a directory of team files, DIR/<team_id>.toml per workspace;
    /// a workspace without one uses --team.
    #[arg(long, env = "ROLECALL_TEAM_DIR")]
    pub team_dir: Option<std::path::PathBuf>,
    /// With SLACK_BOT_TOKEN: requests naming another app (api_app_id) are dropped (the
    /// workspace is pinned from auth.test in any case).
    #[arg(long, env = config::APP_ID_ENV)]
    pub app_id: Option<String>,
}

impl ServeArgs {
    /// --addr / ROLECALL_ADDR, else 127.0.0.1:--port, else the default.
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

impl ServeArgs {
    /// `Ok(None)` unless SLACK_CLIENT_ID / SLACK_CLIENT_SECRET turn multi-workspace mode on.
    fn multi_workspace(&self) -> Result<Option<Settings>, SettingsError> {
        // A --dev trial talks to no Slack at all, so it installs nowhere either.
        if self.dev {
            return Ok(None);
        }
        let given = Given {
            public_url: self.public_url.as_deref(),
            db: db_chosen().then_some(self.log.db.db.as_str()),
        };
        Settings::from_lookup(&given, |name| std::env::var(name).ok())
    }

    fn config(&self) -> Result<Config, ConfigError> {
        let (addr, api) = (self.listen_addr(), self.slack_api_url.clone());
        // SLACK_APP_ID is read by clap (so --help lists it) and handed over as the env's.
        let env = |name: &str| match name {
            config::APP_ID_ENV => self.app_id.clone(),
            _ => std::env::var(name).ok(),
        };
        if self.dev {
            // /metrics carries no secret, but "loopback only" is what --dev promises.
            if let Some(metrics) = self.metrics_addr.filter(|addr| !addr.ip().is_loopback()) {
                return Err(ConfigError::DevNotLoopback(metrics));
            }
            Config::dev(addr, api)
        } else if self.socket_mode {
            Config::socket_mode_from_lookup(addr, api, env)
        } else {
            Config::from_lookup(addr, api, env)
        }
    }
}

pub fn run(args: ServeArgs) -> ExitCode {
    if let Err(error) = config::refuse_non_text(&crate::env_names::SERVER_ENV) {
        return fail(&error);
    }
    let config = match args.config() {
        Ok(config) => config,
        Err(error) => return fail(&error),
    };
    let multi = match args.multi_workspace() {
        Ok(multi) => multi,
        Err(error) => return fail(&error),
    };
    match (&args.team_dir, &multi) {
        (Some(_), None) => {
            return fail(
                &"--team-dir is for multi-workspace mode (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET); with one bot token use --team",
            );
        }
        (Some(dir), Some(_)) => {
            // read_dir, not is_dir: a directory the service user may not read (under a
            // root-only /etc/rolecall, say) is named with the reason, not as "not a directory".
            if let Err(error) = std::fs::read_dir(dir) {
                return fail(&format!(
                    "--team-dir {} cannot be read: {error}",
                    dir.display()
                ));
            }
        }
        _ => {}
    }
    let socket = match args.socket_mode.then(SocketConfig::from_env).transpose() {
        Ok(socket) => socket.map(|socket| socket.with_api_base(&config.slack_api_url)),
        Err(error) => return fail(&error),
    };
    let hash_key = match HashKey::from_env() {
        Ok(key) => key,
        Err(error) => return fail(&error),
    };
    if let Err(error) = init_tracing(args.log_format) {
        return fail(&error);
    }
    warn_about_unlikely_values(&config);
    warn_about_unused_settings(&args, multi.is_some());
    args.redis.warn_if_past_the_ack();
    if hash_key.as_ref().is_some_and(HashKey::is_short) {
        tracing::warn!(
            "ROLECALL_HASH_KEY is shorter than 16 bytes: whoever reads the question log could guess it and tell whose questions are whose; set a long random one (`openssl rand -base64 32`) before the log holds much"
        );
    }
    let sources = Sources::new(args.rules.rules.clone(), args.team.team.clone());
    // Reading and indexing the table is most of start-up (bench/README.md): it runs on its
    // own thread while the runtime starts and the port is bound.
    let loading = {
        let sources = sources.clone();
        std::thread::spawn(move || sources.load())
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(&error),
    };
    runtime.block_on(async move {
        // First: opening the log or reaching Redis can take seconds, and until a handler is
        // installed a SIGHUP (a config reloader, an operator) ends the process.
        let hangup = match live::hangup() {
            Ok(hangup) => hangup,
            Err(error) => return fail(&error),
        };
        // Ctrl-c or SIGTERM drains; a second one, from an operator who will not wait out
        // the drain, stops at once and says what that drops. Taken as early as SIGHUP: one
        // during start-up ends the process cleanly instead of by the default action.
        let stops = match server::stop_signals() {
            Ok(stops) => stops,
            Err(error) => return fail(&format!("cannot listen for SIGTERM: {error}")),
        };
        let listener = match tokio::net::TcpListener::bind(config.addr).await {
            Ok(listener) => listener,
            Err(error) => return fail(&format!("cannot listen on {}: {error}", config.addr)),
        };
        let addr = listener.local_addr().unwrap_or(config.addr);
        let metrics_listener = match args.metrics_addr {
            Some(metrics_addr) => match tokio::net::TcpListener::bind(metrics_addr).await {
                Ok(listener) => Some(listener),
                Err(error) => {
                    return fail(&format!("cannot listen on --metrics-addr {metrics_addr}: {error}"))
                }
            },
            None => None,
        };
        if args.watch
            && sources.rules_dir.is_none()
            && sources.team_file.is_none()
            && args.team_dir.is_none()
        {
            tracing::warn!("--watch: nothing to watch (the embedded table cannot change)");
        }
        // Operators asked for a loud start-up failure over a bot that silently logs nothing;
        // --no-log is the way to run without one. A --dev trial keeps no log unless --db
        // names one (to try gaps and stats). A SQLite log is migrated while the server
        // already answers (questions queue meanwhile); if that fails, the server stops with
        // the same error.
        // Each step here may wait on a store that does not answer: a stop meanwhile ends the
        // process, with nothing accepted yet and so nothing to drain.
        let starting = async {
            // The table, the team file and the Redis URL before the log: a server that will
            // not start must leave no new SQLite file, nor a shared Postgres log migrated
            // under replicas of the previous release.
            let loaded = match loading.join() {
                Ok(Ok(loaded)) => loaded,
                Ok(Err(error)) => return Err(fail(&error)),
                Err(panic) => std::panic::resume_unwind(panic),
            };
            // A Redis that is down is not fatal (the replica starts degraded); a bad URL is.
            let shared = match SharedState::from_args(&args.redis).await {
                Ok(shared) => shared,
                Err(error) => return Err(fail(&error)),
            };
            let log = if args.dev && !db_chosen() {
                None
            } else {
                let mut log_config = args.log.config();
                log_config.hash_key = hash_key;
                if log_config.db.is_some() && log_config.hash_key.is_none() {
                    tracing::warn!("ROLECALL_HASH_KEY is not set: askers are hashed with the salt stored in the database, so whoever holds the database can re-identify them (see docs/security.md)");
                }
                match log_config.start().await {
                    Ok(log) => log,
                    Err(error) => return Err(fail(&log_unopenable(&error))),
                }
            };
            let (log, mut log_opening) = match log {
                Some((log, opening)) => (Some(log), Some(opening)),
                None => {
                    tracing::info!("no question log: questions are answered and not recorded");
                    (None, None)
                }
            };
            let shared_state = shared.backend();
            let state = match multi {
                None => AppState::reloadable_shared(&config, sources, loaded, log, shared),
                Some(settings) => {
                    // The installations live in the same file: it is migrated first.
                    if let Some(opening) = log_opening.take()
                        && let Err(error) = log_opened(opening).await
                    {
                        return Err(fail(&error));
                    }
                    let redis = shared.redis().cloned();
                    let metrics = crate::metrics::Metrics::new();
                    let installs = match Installs::open(&settings, &config.slack_api_url, redis, Clock::system(), metrics).await {
                        Ok(installs) => installs,
                        Err(error) => return Err(fail(&format!("cannot open the installations in --db ({error})"))),
                    };
                    tracing::info!(
                        store = installs.store().kind(),
                        install_url = %settings.public_url.join(install::INSTALL_PATH),
                        "multi-workspace mode: answering every workspace that installs rolecall"
                    );
                    let team_dir = args
                        .team_dir
                        .clone()
                        .map(|dir| TeamDir::new(dir, installs.metrics().clone()));
                    AppState::multi_workspace(&config, sources, loaded, log, shared, installs, team_dir)
                }
            };
            Ok((state, log_opening, shared_state))
        };
        let mut early = stops.clone();
        let (state, log_opening, shared_state) = tokio::select! {
            started = starting => match started {
                Ok(started) => started,
                Err(failed) => return failed,
            },
            Ok(_) = early.wait_for(|count| *count >= 1) => {
                tracing::info!("stopped while starting up");
                return ExitCode::SUCCESS;
            }
        };
        // A SIGHUP taken during start-up reloads now.
        if let Err(error) = live::spawn_triggers(
            state.live().clone(),
            args.watch,
            args.team_dir.as_deref(),
            hangup,
        ) {
            return fail(&error);
        }
        tracing::info!(
            %addr,
            shared_state,
            slack_api_url = %config.slack_api_url,
            bot_token = config.bot_token.is_some(),
            signing_secrets = config.signing_secrets.len(),
            topics = state.snapshot().engine.rules().topics.len(),
            team = state.team().is_some(),
            watch = args.watch,
            dev = config.dev,
            socket_mode = socket.is_some(),
            "rolecall listening"
        );
        if config.dev {
            let example = state.snapshot().engine.rules().messages.examples.first().cloned();
            dev_banner(addr, example.as_deref().unwrap_or("who owns this?"));
        } else if config.bot_token.is_none() && state.installs().is_none() {
            tracing::warn!("SLACK_BOT_TOKEN is not set: slash commands work, events are acknowledged and skipped");
        }
        let metrics_at = match metrics_listener {
            Some(metrics_listener) => {
                if let Ok(metrics_addr) = metrics_listener.local_addr() {
                    tracing::info!(addr = %metrics_addr, "/metrics served on its own listener, not on --addr");
                }
                let metrics = server::metrics_router(state.clone());
                // Ends with the process: nothing to drain on a metrics scrape.
                tokio::spawn(async move {
                    if let Err(error) = axum::serve(metrics_listener, metrics).await {
                        tracing::error!(%error, "the metrics listener stopped");
                    }
                });
                server::MetricsAt::Apart
            }
            None => server::MetricsAt::Main,
        };
        let app = server::router_for(state.clone(), metrics_at);
        // Stop on ctrl-c / SIGTERM, or when the question log failed to open.
        let (log_failed_tx, log_failed) = tokio::sync::oneshot::channel::<String>();
        if let Some(opening) = log_opening {
            tokio::spawn(async move {
                if let Err(error) = log_opened(opening).await {
                    let _ = log_failed_tx.send(error);
                }
            });
        }
        let (failed, mut failure) = tokio::sync::watch::channel(None::<String>);
        let mut second = stops.clone();
        let abandon = async move {
            let _ = second.wait_for(|count| *count >= 2).await;
        };
        let mut first = stops;
        let shutdown = async move {
            tokio::select! {
                _ = first.wait_for(|count| *count >= 1) => {}
                Ok(error) = log_failed => {
                    tracing::error!("{error}");
                    let _ = failed.send(Some(error));
                }
            }
        };
        let served = match socket {
            Some(socket) => {
                with_socket_mode(listener, app, state, socket, shutdown, abandon).await
            }
            None => server::serve_router_until(listener, app, state, shutdown, abandon).await,
        };
        if let Some(error) = failure.borrow_and_update().clone() {
            return fail(&error);
        }
        match served {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => fail(&error),
        }
    })
}

/// Whether `--db` / `ROLECALL_DB` was given rather than defaulted: installations must go
/// where the operator chose, not into a file that appears in the working directory.
fn db_chosen() -> bool {
    use clap::CommandFactory;
    use clap::parser::ValueSource;
    let Ok(matches) = crate::cli::Cli::command().try_get_matches_from(std::env::args_os()) else {
        return false;
    };
    matches
        .subcommand_matches("serve")
        .and_then(|serve| serve.value_source("db"))
        .is_some_and(|source| source != ValueSource::DefaultValue)
}

/// Waits for a question log handed out before its store was open; the error as the
/// start-up message says it.
async fn log_opened(opening: crate::question_log::Opening) -> Result<(), String> {
    match opening.await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => Err(log_unopenable(&error)),
        // The writer task ended without saying: it panicked, and the log counts its rows.
        Err(_) => Err("cannot open the question log (its writer stopped)".to_string()),
    }
}

/// Why the question log cannot be opened, and what to do.
fn log_unopenable(error: &LogError) -> String {
    match error {
        // The error names the step: the --db is right, and --no-log would answer with
        // no log while the installations in the same database stay unreadable.
        LogError::SchemaTooNew { .. } => format!("cannot open the question log ({error})"),
        _ => format!(
            "cannot open the question log ({error}). Fix --db / ROLECALL_DB, or start with --no-log to run without one."
        ),
    }
}

/// Socket Mode delivers Slack's requests; the HTTP listener stays up for the probes and
/// metrics. Ctrl-c or SIGTERM ends Socket Mode first (its handlers finish and queue their
/// replies), then the HTTP side, which drains the reply queue. A refused app token ends both.
/// Socket Mode, with the probes on HTTP. A stop ends Socket Mode first (its handlers
/// finish), then the HTTP side, which drains the replies; `abandon` (a second signal) ends
/// that drain at once, as in HTTP mode.
async fn with_socket_mode(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    state: AppState,
    socket: SocketConfig,
    shutdown: impl Future<Output = ()>,
    abandon: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    tracing::info!("Socket Mode: connecting to Slack with SLACK_APP_TOKEN");
    // The moment the stop began: Socket Mode's wait for its handlers and the drain after it
    // share one budget, which fits in the grace a stopping replica is given.
    let (stop, mut stopped) = tokio::sync::watch::channel(None::<tokio::time::Instant>);
    let http = tokio::spawn(server::serve_router_stopping(
        listener,
        app,
        state.clone(),
        async move {
            let began = stopped
                .wait_for(Option::is_some)
                .await
                .ok()
                .and_then(|b| *b);
            began.unwrap_or_else(tokio::time::Instant::now)
        },
        abandon,
    ));
    let began = std::sync::OnceLock::new();
    let shutdown = async {
        shutdown.await;
        let _ = began.set(tokio::time::Instant::now());
    };
    let socket = server::serve_socket_mode(state, socket, shutdown).await;
    // Without a stop (Slack refused the app token), the HTTP side stops from now.
    let _ = stop.send(Some(
        began
            .get()
            .copied()
            .unwrap_or_else(tokio::time::Instant::now),
    ));
    let http = http.await.map_err(std::io::Error::other)?;
    socket.map_err(std::io::Error::other)?;
    http
}

/// Values Slack would refuse, named (never shown) at start-up: the service runs, but the
/// operator should not have to find out from a silent channel.
fn warn_about_unlikely_values(config: &Config) {
    if let Some(token) = &config.bot_token
        && !token.expose().starts_with("xoxb-")
    {
        tracing::warn!(
            "SLACK_BOT_TOKEN does not start with xoxb-: Slack issues bot tokens as xoxb-... (a user token xoxp- or an app token xapp- will not post as the bot)"
        );
    }
    if let Some(app_id) = &config.app_id
        && !(app_id.starts_with('A')
            && app_id
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
    {
        tracing::warn!(
            "SLACK_APP_ID does not look like a Slack app id (A0123ABCDEF): requests naming the real app will be dropped as another app's"
        );
    }
}

/// Settings for a mode that is off, named at start-up: a forgotten `--socket-mode` or
/// client id otherwise shows only as a channel where nothing is answered.
fn warn_about_unused_settings(args: &ServeArgs, multi_workspace: bool) {
    if args.dev {
        return; // the banner says what --dev ignores
    }
    if let (Some(port), Some(addr)) = (args.port, args.addr) {
        tracing::warn!(
            "--port {port} is ignored: --addr / ROLECALL_ADDR says {addr}, and that is where rolecall listens"
        );
    }
    let app_token = crate::socket_mode::APP_TOKEN_ENV;
    if !args.socket_mode && std::env::var_os(app_token).is_some_and(|value| !value.is_empty()) {
        tracing::warn!(
            "{app_token} is set but --socket-mode is not: requests are expected over HTTP on --addr and the app token is unused"
        );
    }
    if !multi_workspace && args.public_url.is_some() {
        tracing::warn!(
            "--public-url / ROLECALL_PUBLIC_URL is set but unused: it is for multi-workspace mode, which SLACK_CLIENT_ID and SLACK_CLIENT_SECRET turn on"
        );
    }
}

/// Loud, on stdout where the would-be posts appear, so nobody mistakes this for production.
fn dev_banner(addr: SocketAddr, example: &str) {
    let rule = "=".repeat(72);
    let mut notes = String::new();
    if std::env::var_os(config::SIGNING_SECRET_ENV).is_some() {
        notes
            .push_str("  SLACK_SIGNING_SECRET is set and IGNORED: dev mode uses the dev secret.\n");
    }
    if std::env::var_os(config::BOT_TOKEN_ENV).is_some() {
        notes.push_str("  SLACK_BOT_TOKEN is set and IGNORED: dev mode sends nothing to Slack.\n");
    }
    outln!(
        "{rule}\n  rolecall DEV MODE: not for production\n  listening on http://{addr} (loopback only)\n  \
         signing secret: {secret} (public; accepted only with --dev)\n  \
         Web API calls (chat.postMessage, ...) are printed below, never sent to Slack.\n{notes}  \
         try, in a second terminal: rolecall simulate slash \"{example}\"{url}\n{rule}",
        secret = config::DEV_SIGNING_SECRET,
        // simulate's default is the default address; any other needs saying.
        url = if addr.to_string() == "127.0.0.1:3000" {
            String::new()
        } else {
            format!(" --url http://{addr}")
        },
    );
    tracing::warn!(%addr, "DEV MODE: public signing secret, replies printed instead of sent");
}

/// Crates whose trace output carries what Slack sent, or what is stored, word for word:
/// tungstenite logs every Socket Mode frame (a step run's token, `response_url`s,
/// questions); tokio-postgres every statement's parameters at debug (the log's salt, OAuth
/// states, questions with their askers' hashes) and each server notice at info. Never
/// below this.
const WORD_FOR_WORD: &[&str] = &[
    "tungstenite=debug",
    "tokio_tungstenite=debug",
    "tokio_postgres=warn",
];

/// Crates that warn about their own bookkeeping: notify's inotify backend warns "Unable to
/// remove the path from the watches" for each watched table folder a rename-swap deploy
/// replaces, after the kernel has already dropped the watch. A watch error that matters
/// reaches our handler and is logged as rolecall's "file watch error". Quiet unless
/// `RUST_LOG` names the crate.
const QUIET: &[(&str, &str)] = &[("notify", "notify=error")];

/// `RUST_LOG` (or `info` when unset or empty), with the crates that would log payloads
/// capped. A cap only lowers: under `RUST_LOG=info` the websocket crates stay at info, not
/// raised to debug. A filter that does not parse is refused: falling back would hide the
/// typo, and an empty one would log nothing at all, errors included.
fn log_filter(
    rust_log: Option<&str>,
) -> Result<tracing_subscriber::EnvFilter, tracing_subscriber::filter::ParseError> {
    let directives = rust_log
        .map(str::trim)
        .filter(|directives| !directives.is_empty());
    let mut filter = match directives {
        Some(directives) => tracing_subscriber::EnvFilter::try_new(directives)?,
        None => tracing_subscriber::EnvFilter::new("info"),
    };
    // Like a cap, only ever lower: under `RUST_LOG=off` (or `rolecall=debug` alone) these
    // crates log nothing, and must not be let in at ERROR.
    if default_level(directives) > tracing_subscriber::filter::LevelFilter::ERROR {
        for (target, quiet) in QUIET {
            if !directives.is_some_and(|directives| directives.contains(target)) {
                filter = filter.add_directive(quiet.parse().expect("a valid directive"));
            }
        }
    }
    let most = filter.max_level_hint();
    Ok(WORD_FOR_WORD.iter().fold(filter, |filter, cap| {
        let directive: tracing_subscriber::filter::Directive =
            cap.parse().expect("a valid directive");
        let (_, level) = cap.split_once('=').expect("target=level");
        let level: tracing_subscriber::filter::LevelFilter = level.parse().expect("a valid level");
        if most.is_none_or(|most| most > level) {
            filter.add_directive(directive)
        } else {
            filter
        }
    }))
}

/// The level `RUST_LOG` gives a crate it does not name: its last bare level ("info" in
/// `rolecall=debug,info`); without one, none at all. Unset, `info`.
fn default_level(directives: Option<&str>) -> tracing_subscriber::filter::LevelFilter {
    use tracing_subscriber::filter::LevelFilter;
    directives.map_or(LevelFilter::INFO, |directives| {
        directives
            .split(',')
            .filter_map(|directive| directive.trim().parse::<LevelFilter>().ok())
            .next_back()
            .unwrap_or(LevelFilter::OFF)
    })
}

fn init_tracing(format: LogFormat) -> Result<(), String> {
    let name = tracing_subscriber::EnvFilter::DEFAULT_ENV;
    let rust_log = std::env::var(name).ok();
    let filter = log_filter(rust_log.as_deref()).map_err(|error| {
        format!(
            "{name} {:?} is not a log filter ({error}); for example RUST_LOG=info or RUST_LOG=rolecall=debug,info",
            rust_log.unwrap_or_default()
        )
    })?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Pretty => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::SharedBuffer;
    use clap::Parser;

    /// What a subscriber with `log_filter(rust_log)` writes while `emit` runs.
    fn logged(rust_log: Option<&str>, emit: impl FnOnce()) -> String {
        let buffer = SharedBuffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(log_filter(rust_log).unwrap())
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, emit);
        buffer.text()
    }

    #[test]
    fn even_at_trace_the_websocket_and_postgres_crates_never_log_what_they_carry() {
        let log = logged(Some("trace"), || {
            tracing::trace!(target: "tungstenite::protocol", "Received message xwfp-run-token");
            tracing::trace!(target: "tokio_tungstenite::compat", "frame xwfp-run-token");
            tracing::debug!(target: "tungstenite::handshake", "handshake done");
            tracing::debug!(target: "tokio_postgres::query", "parameters: [\"salt-8f3e\"]");
            tracing::trace!(target: "rolecall::socket_mode", "still traced");
        });
        assert!(!log.contains("xwfp-run-token"), "{log}");
        assert!(!log.contains("salt-8f3e"), "{log}");
        assert!(log.contains("handshake done"), "{log}");
        assert!(log.contains("still traced"), "{log}");
        let default = logged(None, || {
            tracing::debug!(target: "rolecall::socket_mode", "debug detail");
            tracing::debug!(target: "tungstenite::handshake", "handshake detail");
            tracing::info!(target: "rolecall::socket_mode", "connected");
        });
        assert!(
            !default.contains("debug detail") && default.contains("connected"),
            "{default}"
        );
        assert!(
            !default.contains("handshake detail"),
            "a cap never raises: {default}"
        );
    }

    /// A rename-swap of the watched table logged two WARN lines from notify's inotify
    /// backend ("Unable to remove the path from the watches: WatchNotFound"), which read
    /// as a failure; the reload itself had worked.
    #[test]
    fn notifys_own_bookkeeping_is_quiet_unless_rust_log_names_it() {
        let emit = || {
            tracing::warn!(target: "notify::inotify", "Unable to remove the path");
            tracing::error!(target: "notify::windows", "CancelIo failed");
            tracing::warn!(target: "rolecall::live::triggers", "file watch error");
        };
        for rust_log in [None, Some("info"), Some("rolecall=debug,info")] {
            let log = logged(rust_log, emit);
            assert!(!log.contains("Unable to remove"), "{rust_log:?}: {log}");
            assert!(log.contains("CancelIo failed"), "{rust_log:?}: {log}");
            assert!(log.contains("file watch error"), "{rust_log:?}: {log}");
        }
        let asked = logged(Some("info,notify=warn"), emit);
        assert!(asked.contains("Unable to remove"), "{asked}");
        // The quieting only lowers: a filter that lets nothing of notify through stays so.
        for rust_log in ["off", "rolecall=debug"] {
            let log = logged(Some(rust_log), emit);
            assert!(!log.contains("CancelIo failed"), "{rust_log}: {log}");
        }
    }

    #[test]
    fn an_empty_rust_log_is_the_default_and_one_that_does_not_parse_is_refused() {
        // `RUST_LOG=` in an env file: errors and all went unlogged.
        for empty in ["", "  "] {
            let log = logged(Some(empty), || tracing::info!("still logged"));
            assert!(log.contains("still logged"), "{empty:?}: {log}");
        }
        assert!(log_filter(Some("info,rolecall=bogus")).is_err());
    }

    /// SLACK_APP_ID was read, and missing from the list of settings `serve --help` gives.
    #[test]
    fn serve_help_lists_slack_app_id_and_its_value_reaches_the_config() {
        use clap::CommandFactory;
        let mut cli = crate::cli::Cli::command();
        let help = cli
            .find_subcommand_mut("serve")
            .expect("serve")
            .render_long_help()
            .to_string();
        assert!(help.contains("[env: SLACK_APP_ID="), "{help}");

        let args = ["rolecall", "serve", "--socket-mode", "--app-id", "A0APP"];
        let crate::cli::Command::Serve(serve) =
            crate::cli::Cli::try_parse_from(args).unwrap().command
        else {
            panic!("not serve");
        };
        assert_eq!(serve.config().unwrap().app_id.as_deref(), Some("A0APP"));
    }

    fn addr(args: &[&str]) -> SocketAddr {
        let cli = crate::cli::Cli::try_parse_from(args).unwrap();
        let crate::cli::Command::Serve(serve) = cli.command else {
            panic!("not serve");
        };
        serve.listen_addr()
    }

    #[test]
    fn addr_wins_over_port_and_the_default_is_loopback_3000() {
        // --addr falls back to ROLECALL_ADDR; an environment that sets it decides instead.
        if std::env::var_os("ROLECALL_ADDR").is_some() {
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
