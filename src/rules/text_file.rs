//! Reading a table's text files (TOML files, `tests.toml`, `team.toml`, `sources/*.txt`).

use std::io::{Error, ErrorKind};
use std::path::Path;

/// The file's text. One that is not UTF-8 says how to fix it: the standard library's "stream
/// did not contain valid UTF-8" means nothing to someone who saved a handbook from Word or
/// Notepad as Windows-1252 or UTF-16.
pub fn read_text(path: &Path) -> std::io::Result<String> {
    std::fs::read_to_string(path).map_err(|error| match error.kind() {
        ErrorKind::InvalidData => Error::new(
            ErrorKind::InvalidData,
            "the file is not UTF-8 text; open it in a text editor and save it again with the \
             encoding UTF-8",
        ),
        _ => error,
    })
}
