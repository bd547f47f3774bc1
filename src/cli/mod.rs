//! The `rolecall` command line: argument shapes and one function per subcommand.

#[macro_use]
mod out;
mod ask;
mod check;
mod env_value;
mod forget;
mod gaps;
mod healthcheck;
mod init;
mod installs;
mod listen_addr;
pub mod log_args;
mod manifest;
mod serve;
mod simulate;
mod stats;
mod table_test;

use crate::answer::Engine;
use crate::rules::{self, LoadError};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use env_value::parse;

#[derive(Debug, Parser)]
#[command(
    name = "rolecall",
    version,
    about = "Answers who owns product work, with sources"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer one question (or one per stdin line with `-`).
    Ask(ask::AskArgs),
    /// List the topics in the rules table, grouped by owner.
    Topics(RulesArgs),
    /// Validate a rules table (and, with --sources, every quote against its source).
    Check(check::CheckArgs),
    /// Print the Slack app manifest (YAML) for a public URL or for Socket Mode.
    Manifest(manifest::ManifestArgs),
    /// Probe a running server's /healthz: exit 0 on 200, 1 otherwise (container HEALTHCHECK).
    Healthcheck(healthcheck::HealthcheckArgs),
    /// Questions most often declined or marked "Not quite", from the question log.
    Gaps(gaps::GapsArgs),
    /// Answers by surface, owner and topic; decline and helpful rates; busiest hours.
    Stats(stats::StatsArgs),
    /// Delete one person's questions and feedback from the question log (on their request).
    Forget(forget::ForgetArgs),
    /// Run the Slack webhook service (slash commands, events).
    Serve(Box<serve::ServeArgs>),
    /// The workspaces rolecall is installed in (multi-workspace mode); never a token.
    Installs(installs::InstallsArgs),
    /// Play Slack against a running server: a signed slash command, mention, DM, join,
    /// assistant (AI-app panel) question, shortcut or workflow step.
    Simulate(simulate::SimulateArgs),
    /// Run the table's tests.toml: one line per failure, then `N passed, N failed`.
    Test(RulesArgs),
    /// Write a new, commented rules table into DIR (new or empty) and say what to edit next.
    Init(init::InitArgs),
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// A rules directory with the layout of responses/ (default: the embedded table).
    #[arg(long, env = "ROLECALL_RULES")]
    pub rules: Option<PathBuf>,
}

/// The team file: who holds each role in this workspace.
#[derive(Debug, clap::Args)]
pub struct TeamArgs {
    /// A team file naming who holds each role here (default: team.toml in the --rules
    /// directory, when there is one; the embedded table has none).
    #[arg(long, env = "ROLECALL_TEAM")]
    pub team: Option<PathBuf>,
}

impl RulesArgs {
    pub fn load(&self) -> Result<rules::Rules, LoadError> {
        load_rules(self.rules.as_deref())
    }
}

/// The engine for [`load_rules`]' table, refused as `serve` refuses it.
pub fn load_engine(dir: Option<&Path>) -> Result<Engine, LoadError> {
    load_rules(dir).and_then(Engine::checked)
}

/// The embedded table, or a directory when one is given.
pub fn load_rules(dir: Option<&Path>) -> Result<rules::Rules, LoadError> {
    match dir {
        Some(dir) => rules::load_dir(dir),
        None => rules::embedded(),
    }
}

/// Warns, on stderr, of each file of a `--rules` table that is not read (a topic file in
/// a subfolder, say): said before the table is judged, since it can be what explains an
/// error that follows.
fn warn_unread_topic_files(dir: Option<&Path>) {
    for unread in dir.map(rules::unread_in_topics).unwrap_or_default() {
        eprintln!("warning: {unread}");
    }
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Ask(args) => ask::run(args),
        Command::Topics(args) => topics(args),
        Command::Check(args) => check::run(args),
        Command::Manifest(args) => manifest::run(args),
        Command::Healthcheck(args) => healthcheck::run(args),
        Command::Gaps(args) => gaps::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Serve(args) => serve::run(*args),
        Command::Simulate(args) => simulate::run(args),
        Command::Test(args) => table_test::run(args),
        Command::Init(args) => init::run(args),
        Command::Installs(args) => installs::run(args),
        Command::Forget(args) => forget::run(args),
    }
}

fn topics(args: RulesArgs) -> ExitCode {
    let engine = match load_engine(args.rules.as_deref()) {
        Ok(engine) => engine,
        Err(error) => return fail(&error),
    };
    let rules = engine.rules();
    for owner in rules.owners() {
        let topics: Vec<_> = rules.topics.iter().filter(|t| t.owner == owner).collect();
        if topics.is_empty() {
            continue;
        }
        match rules.about(&owner) {
            Some(about) => outln!("{} ({}): {about}", rules.owner_name(&owner), topics.len()),
            None => outln!("{} ({})", rules.owner_name(&owner), topics.len()),
        }
        for topic in topics {
            outln!("  {:<40} {}", topic.id, topic.title);
        }
        outln!();
    }
    ExitCode::SUCCESS
}

pub(crate) fn fail(error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("rolecall: {error}");
    ExitCode::FAILURE
}

/// A command-line URL rolecall will call: http(s) with a host, trimmed; `None` for anything
/// else, which each flag refuses with an example of its own.
fn http_url(value: &str) -> Option<String> {
    let value = value.trim();
    url::Url::parse(value)
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
        .map(|_| value.to_string())
}
