//! Table format version 2 (`../shared/TABLE-FORMAT.md`): roles are data. A small table whose
//! roles are not the default table's (tests/fixtures/review-table) loads, names its own roles
//! everywhere, answers `ask --json` with its role ids; copies broken one way each are refused
//! by `check` naming the file and the entry.

use rolecall::reply::slack;
use rolecall::rules::{self, LoadError, Owner, Problem, Rules};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod files_read;
mod names;
mod refusals;
mod table_tests;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review-table")
}

fn load() -> Rules {
    rules::load_dir(&fixture()).unwrap_or_else(|error| panic!("fixture does not load:\n{error}"))
}

fn rolecall(args: &[&str], rules_env: Option<&Path>, stdin: &str) -> Output {
    use std::io::Write;
    let mut command = Command::new(env!("CARGO_BIN_EXE_rolecall"));
    command
        .args(args)
        .env_remove("ROLECALL_RULES")
        .env_remove("ROLECALL_TEAM")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    if let Some(dir) = rules_env {
        command.env("ROLECALL_RULES", dir);
    }
    let mut child = command.spawn().expect("run rolecall");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("rolecall output")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

// ---------------------------------------------------------------- broken copies

struct Copy {
    dir: tempfile::TempDir,
}

impl Copy {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixture(), dir.path());
        Copy { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn edit(&self, file: &str, from: &str, to: &str) -> &Self {
        let path = self.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        self
    }

    fn write(&self, file: &str, text: &str) -> &Self {
        std::fs::write(self.path().join(file), text).unwrap();
        self
    }

    fn problems(&self) -> Vec<Problem> {
        match rules::load_dir(self.path()) {
            Err(LoadError::Invalid(problems)) => problems,
            Err(other) => panic!("expected problems, got: {other}"),
            Ok(_) => panic!("the broken table loaded"),
        }
    }

    fn check(&self) -> Output {
        rolecall(
            &["check", "--rules", self.path().to_str().unwrap()],
            None,
            "",
        )
    }

    /// `rolecall check` fails, saying `words` on stderr (for what only `check` finds).
    fn check_fails_saying(&self, words: &str) {
        let output = self.check();
        assert!(!output.status.success());
        let stderr = text(&output.stderr);
        assert!(stderr.contains(words), "{stderr}");
    }

    /// The load names `file` (and `topic`) with `words`, and `rolecall check` fails saying so.
    fn refused(&self, file: &str, topic: Option<&str>, words: &str) {
        let problems = self.problems();
        assert!(
            problems.iter().any(|problem| problem.file == file
                && problem.topic.as_deref() == topic
                && problem.message.contains(words)),
            "no problem naming {file} {topic:?} saying {words:?}:\n{}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
        let output = self.check();
        assert!(!output.status.success());
        let stderr = text(&output.stderr);
        assert!(stderr.contains(file) && stderr.contains(words), "{stderr}");
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}
