//! Reading a table's text files (TOML files, `tests.toml`, `team.toml`, `sources/*.txt`).

use std::io::{Error, ErrorKind};
use std::path::{Path, PathBuf};

/// The file's text. One that is not UTF-8 says how to fix it: the standard library's "stream
/// did not contain valid UTF-8" means nothing to someone who saved a handbook from Word or
/// Notepad as Windows-1252 or UTF-16.
pub fn read_text(path: &Path) -> std::io::Result<String> {
    let text = std::fs::read_to_string(path).map_err(|error| match error.kind() {
        ErrorKind::InvalidData => Error::new(
            ErrorKind::InvalidData,
            "the file is not UTF-8 text; open it in a text editor and save it again with the \
             encoding UTF-8",
        ),
        _ => error,
    })?;
    Ok(with_line_feeds(text))
}

/// Old Mac line endings (a carriage return alone) as line feeds: TOML reads no line break
/// in them, so such a file would be one long line that is not valid TOML, and a source text
/// one line. Windows line endings become line feeds on the way, which TOML reads the same.
fn with_line_feeds(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// `dir/name`, or the one entry of `dir` whose name differs from it only in case
/// (`Sources.toml`, `Topics/`): a table made on a laptop that ignores case reads the same on
/// a server that does not. The exact name wins when both are there.
pub fn in_any_case(dir: &Path, name: &str) -> PathBuf {
    let exact = dir.join(name);
    if exact.symlink_metadata().is_ok() {
        return exact;
    }
    the_one_entry(dir, |path| {
        path.file_name()
            .and_then(|found| found.to_str())
            .is_some_and(|found| found.eq_ignore_ascii_case(name))
    })
    .unwrap_or(exact)
}

/// A source's text: `dir/ID.txt`, else the file `ID` when the id kept its extension, else the
/// one file named `ID` with another extension (`ID.TXT`, `ID.md`): the format names a source
/// by its file name without the extension.
pub fn source_text_path(dir: &Path, id: &str) -> PathBuf {
    let txt = in_any_case(dir, &format!("{id}.txt"));
    if txt.symlink_metadata().is_ok() {
        return txt;
    }
    // An id written with its extension ("handbook.txt") still names the file.
    let named = dir.join(id);
    if Path::new(id).extension().is_some() && named.is_file() {
        return named;
    }
    the_one_entry(dir, |path| {
        path.file_stem().and_then(|stem| stem.to_str()) == Some(id) && path.extension().is_some()
    })
    .unwrap_or(txt)
}

/// The entry of `dir` that `wanted` picks, when it picks exactly one: with two
/// (`Roles.toml` and `ROLES.toml`), which was meant cannot be told.
fn the_one_entry(dir: &Path, wanted: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    let mut matching = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| wanted(path));
    match (matching.next(), matching.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_text_is_found_by_its_id_with_or_without_an_extension() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["handbook.txt", "policy.md", "rota.TXT"] {
            std::fs::write(dir.path().join(name), "text").unwrap();
        }
        let found = |id: &str| source_text_path(dir.path(), id);
        assert_eq!(found("handbook"), dir.path().join("handbook.txt"));
        assert_eq!(found("handbook.txt"), dir.path().join("handbook.txt"));
        assert_eq!(found("policy"), dir.path().join("policy.md"));
        assert_eq!(found("rota"), dir.path().join("rota.TXT"));
        assert_eq!(found("missing"), dir.path().join("missing.txt"));
    }
}
