//! `rolecall check`: validate a rules table, naming file and entry for every problem.

use super::{fail, load_rules};
use crate::rules::{self, LoadError};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A rules directory (default: the embedded table).
    #[arg(long, env = "ROLECALL_RULES")]
    pub rules: Option<PathBuf>,
    /// Folder of source .txt files: check every quote stands in its source verbatim.
    #[arg(long)]
    pub sources: Option<PathBuf>,
}

pub fn run(args: CheckArgs) -> ExitCode {
    let rules = match load_rules(args.rules.as_deref()) {
        Ok(rules) => rules,
        Err(LoadError::Invalid(problems)) => {
            for problem in &problems {
                eprintln!("{problem}");
            }
            eprintln!("rolecall check: {} problem(s)", problems.len());
            return ExitCode::FAILURE;
        }
        Err(error) => return fail(&error),
    };
    if let Some(dir) = &args.sources {
        let problems = rules::check_quotes(&rules, dir);
        if !problems.is_empty() {
            for problem in &problems {
                eprintln!("{problem}");
            }
            eprintln!("rolecall check: {} problem(s)", problems.len());
            return ExitCode::FAILURE;
        }
    }
    let quotes: usize = rules.topics.iter().map(|topic| topic.sources.len()).sum();
    println!(
        "ok: {} topics, {} sources, {} quotes{}",
        rules.topics.len(),
        rules.sources.len(),
        quotes,
        if args.sources.is_some() {
            " (all found verbatim)"
        } else {
            ""
        }
    );
    ExitCode::SUCCESS
}
