#![forbid(unsafe_code)]

use rolecall::cli::{parse, run};
use std::process::ExitCode;

fn main() -> ExitCode {
    run(parse())
}

// glibc's malloc/free were ~15 % of server CPU on the slash path (perf); mimalloc is faster
// for many small, short-lived allocations.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
