//! `rolecall init DIR`: a new, commented rules table (two roles, one topic, a source,
//! tests.toml) that passes `check` and `test` as created, and what to edit next.

use super::fail;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create the table in (new or empty).
    pub dir: PathBuf,
}

/// The skeleton's files, relative path -> text (templates/init in the repository).
const FILES: [(&str, &str); 6] = [
    (
        "roles.toml",
        include_str!("../../templates/init/roles.toml"),
    ),
    (
        "sources.toml",
        include_str!("../../templates/init/sources.toml"),
    ),
    (
        "sources/handbook.txt",
        include_str!("../../templates/init/sources/handbook.txt"),
    ),
    (
        "topics/planning.toml",
        include_str!("../../templates/init/topics/planning.toml"),
    ),
    (
        "synonyms.toml",
        include_str!("../../templates/init/synonyms.toml"),
    ),
    (
        "tests.toml",
        include_str!("../../templates/init/tests.toml"),
    ),
];

#[derive(Debug, thiserror::Error)]
enum InitError {
    #[error("{0}: not empty; rolecall init writes a new table only into a new or empty folder")]
    NotEmpty(String),
    #[error("{0}: a file, not a folder; give rolecall init a new or empty folder")]
    NotAFolder(String),
    #[error("{0}: cannot tell whether it is empty ({1}); nothing was written")]
    Read(String, String),
    #[error("{file}: cannot write: {reason} (nothing was left behind)")]
    Write { file: String, reason: String },
}

pub fn run(args: InitArgs) -> ExitCode {
    match create(&args.dir) {
        Ok(()) => {
            outln!("{}", next_steps(&args.dir));
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

/// Writes every file or none: a table half written would fail `check` and make the next
/// `init` refuse the folder as not empty.
fn create(dir: &Path) -> Result<(), InitError> {
    let new_folder = is_new(dir)?;
    let written = FILES.iter().try_for_each(|(relative, text)| {
        let path = dir.join(relative);
        let write = || -> std::io::Result<()> {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, text)
        };
        write().map_err(|error| InitError::Write {
            file: path.display().to_string(),
            reason: error.to_string(),
        })
    });
    if written.is_err() {
        undo(dir, new_folder);
    }
    written
}

/// Whether `dir` is to be made (true) or is an empty folder already there (false). Anything
/// else at that path is refused before a file is written, since [`undo`] removes what it
/// takes to be init's own: a dangling symlink is not a new folder, and a folder that cannot
/// be listed may hold files of the same names.
fn is_new(dir: &Path) -> Result<bool, InitError> {
    let shown = || dir.display().to_string();
    match std::fs::symlink_metadata(dir) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(true),
        Err(error) => return Err(InitError::Read(shown(), error.to_string())),
        Ok(_) => {}
    }
    if !dir.is_dir() {
        return Err(InitError::NotAFolder(shown()));
    }
    let mut entries =
        std::fs::read_dir(dir).map_err(|error| InitError::Read(shown(), error.to_string()))?;
    if entries.next().is_some() {
        return Err(InitError::NotEmpty(shown()));
    }
    Ok(false)
}

/// Removes what `create` wrote: the folder if it made it, else only the skeleton's files
/// and the subfolders they needed.
fn undo(dir: &Path, new_folder: bool) {
    if new_folder {
        let _ = std::fs::remove_dir_all(dir);
        return;
    }
    for (relative, _) in FILES {
        let _ = std::fs::remove_file(dir.join(relative));
    }
    for sub in ["sources", "topics"] {
        let _ = std::fs::remove_dir(dir.join(sub));
    }
}

fn next_steps(dir: &Path) -> String {
    let shown = dir.display();
    let dir = shell_word(&shown.to_string());
    format!(
        "Created a rules table in {shown}. What to edit next:\n\
         1. sources/: put your documents there as .txt files and list them in sources.toml.\n\
         2. roles.toml: your roles (id, name, the aliases people use).\n\
         3. topics/: one [[topic]] per duty, owned by a role, with a quote copied word for word.\n\
         4. tests.toml: questions and the topic, owner or decline you expect.\n\
         Then check and test it:\n\
         \x20 rolecall check --rules {dir}\n\
         \x20 rolecall test --rules {dir}\n\
         and run it: rolecall serve --rules {dir}. docs/writing-a-table.md walks through it."
    )
}

/// A path as one shell word, so the commands above can be pasted as they are: single-quoted
/// when it holds anything but letters, digits and `_./-` ("my table" would be two words).
fn shell_word(path: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_./-".contains(c);
    if !path.is_empty() && path.chars().all(plain) {
        return path.to_string();
    }
    format!("'{}'", path.replace('\'', r"'\''"))
}
