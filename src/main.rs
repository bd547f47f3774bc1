#![forbid(unsafe_code)]

use clap::Parser;
use rolecall::cli::{Cli, run};
use std::process::ExitCode;

fn main() -> ExitCode {
    run(Cli::parse())
}

// glibc's malloc/free were ~15 % of server CPU on the slash path (perf); mimalloc is faster
// for many small, short-lived allocations.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
