//! `rolecall manifest`: print the Slack app manifest for a public URL, or for Socket Mode.

use crate::manifest::{BaseUrl, Delivery, manifest, manifest_with};
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
    /// prompts (default: the embedded table's).
    #[arg(long)]
    pub rules: Option<PathBuf>,
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
    let text = match &args.rules {
        None => manifest(&delivery),
        Some(dir) => match crate::rules::load_dir(dir) {
            Ok(rules) => manifest_with(&delivery, &rules.messages.examples),
            Err(error) => {
                eprintln!("rolecall: --rules {}: {error}", dir.display());
                return ExitCode::from(2);
            }
        },
    };
    print!("{text}");
    ExitCode::SUCCESS
}
