//! `rolecall manifest`: print the Slack app manifest for a public URL, or for Socket Mode.

use crate::manifest::{BaseUrl, Delivery, distributed, manifest, manifest_with};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ManifestArgs {
    /// The bot's public base URL, e.g. https://bot.example.com (routes are appended).
    #[arg(long, required_unless_present = "socket_mode")]
    pub url: Option<String>,
    /// Socket Mode: no request URLs, Slack delivers over the app's WebSocket.
    #[arg(long)]
    pub socket_mode: bool,
    /// A rules directory whose example questions become the AI-app panel's suggested
    /// prompts and the slash command's usage hint (default: the embedded table's).
    #[arg(long, env = "ROLECALL_RULES")]
    pub rules: Option<PathBuf>,
    /// For installing into many workspaces ("Add to Slack", multi-workspace mode): adds the
    /// OAuth redirect URL, token rotation and the uninstall events (every manifest allows
    /// org-wide installs already). Needs --url.
    #[arg(long, conflicts_with = "socket_mode", requires = "url")]
    pub distribute: bool,
}

pub fn run(args: ManifestArgs) -> ExitCode {
    let base = match args.url.as_deref().map(BaseUrl::parse).transpose() {
        Ok(base) => base,
        Err(error) => {
            eprintln!("rolecall: --url {error}");
            // A bad argument is a usage error, like clap's own (exit 2).
            return ExitCode::from(2);
        }
    };
    let delivery = match (args.socket_mode, base) {
        (true, base) => {
            if base.is_some() {
                eprintln!("rolecall: note: --url is not used with --socket-mode");
            }
            Delivery::SocketMode
        }
        (false, Some(base)) => Delivery::Http(base),
        (false, None) => {
            eprintln!("rolecall: --url is required without --socket-mode");
            return ExitCode::from(2);
        }
    };
    let examples = match &args.rules {
        None => None,
        Some(dir) => match crate::rules::load_dir(dir) {
            Ok(rules) => Some(rules.messages.examples),
            Err(error) => {
                eprintln!("rolecall: --rules {}: {error}", dir.display());
                return ExitCode::from(2);
            }
        },
    };
    let text = match (&delivery, examples) {
        (Delivery::Http(base), examples) if args.distribute => {
            let examples = examples.unwrap_or_else(embedded_examples);
            distributed(base, &examples, args.rules.as_deref())
        }
        (_, None) => manifest(&delivery),
        (_, Some(examples)) => manifest_with(&delivery, &examples, args.rules.as_deref()),
    };
    out!("{text}");
    ExitCode::SUCCESS
}

/// The embedded table's example questions (the panel's prompts when no --rules is given).
fn embedded_examples() -> Vec<String> {
    crate::rules::embedded()
        .map(|rules| rules.messages.examples)
        .unwrap_or_default()
}
