//! Printing to stdout for the printing subcommands. `println!` panics when the reader has gone
//! away (`rolecall topics | head -1`); a command whose reader left has nothing more to do, so it
//! ends quietly and successfully, as Unix tools do.

use std::io::{ErrorKind, Write};

/// `println!` that ends the process quietly when stdout's reader has gone away.
macro_rules! outln {
    () => { $crate::cli::out::write(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::cli::out::write(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `print!` that ends the process quietly when stdout's reader has gone away.
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::out::write(format_args!($($arg)*)) };
}

pub fn write(text: std::fmt::Arguments) {
    if let Err(error) = std::io::stdout().lock().write_fmt(text) {
        exit_on(&error);
    }
}

/// Ends the process: quietly (success) for a closed pipe, with the error otherwise.
pub fn exit_on(error: &std::io::Error) -> ! {
    if is_closed_pipe(error) {
        std::process::exit(0);
    }
    eprintln!("rolecall: cannot write to stdout: {error}");
    std::process::exit(1);
}

pub fn is_closed_pipe(error: &std::io::Error) -> bool {
    error.kind() == ErrorKind::BrokenPipe
}
