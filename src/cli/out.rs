//! Printing to stdout for the printing subcommands. `println!` panics when the reader has gone
//! away (`rolecall topics | head -1`). A reader that left wants no more output, but the
//! command's result still stands: output stops quietly, the command runs to its end, and its
//! exit code is what it would have been (`rolecall test | head -1` still fails a failing
//! table, as `set -o pipefail` expects).

use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// `println!` that goes quiet once stdout's reader has gone away.
macro_rules! outln {
    () => { $crate::cli::out::write(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::cli::out::write(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `print!` that goes quiet once stdout's reader has gone away.
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::out::write(format_args!($($arg)*)) };
}

/// Set once a write finds the reader gone: later output is dropped, not attempted.
static READER_GONE: AtomicBool = AtomicBool::new(false);

pub fn write(text: std::fmt::Arguments) {
    if READER_GONE.load(Ordering::Relaxed) {
        return;
    }
    if let Err(error) = std::io::stdout().lock().write_fmt(text) {
        if is_closed_pipe(&error) {
            READER_GONE.store(true, Ordering::Relaxed);
            return;
        }
        eprintln!("rolecall: cannot write to stdout: {error}");
        std::process::exit(1);
    }
}

pub fn is_closed_pipe(error: &std::io::Error) -> bool {
    error.kind() == ErrorKind::BrokenPipe
}
