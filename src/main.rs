#![forbid(unsafe_code)]

use clap::Parser;
use rolecall::cli::{Cli, run};
use std::process::ExitCode;

fn main() -> ExitCode {
    run(Cli::parse())
}
