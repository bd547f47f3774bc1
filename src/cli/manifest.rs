//! `rolecall manifest`: print the Slack app manifest for a public URL, or for Socket Mode.

use crate::manifest::{BaseUrl, Delivery, distributed, manifest};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ManifestArgs {
    /// The bot's public base URL, e.g. https://bot.example.com (routes are appended).
    #[arg(long, required_unless_present = "socket_mode")]
    pub url: Option<String>,
    /// Socket Mode: no request URLs, Slack delivers over the app's WebSocket.
    #[arg(long)]
    pub socket_mode: bool,
    /// For installing into many workspaces ("Add to Slack", multi-workspace mode): adds the
    /// OAuth redirect URL, token rotation and org-wide installs. Needs --url.
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
        (false, Some(base)) if args.distribute => {
            print!("{}", distributed(&base));
            return ExitCode::SUCCESS;
        }
        (false, Some(base)) => Delivery::Http(base),
        (false, None) => {
            eprintln!("rolecall: --url is required without --socket-mode");
            return ExitCode::from(2);
        }
    };
    print!("{}", manifest(&delivery));
    ExitCode::SUCCESS
}
