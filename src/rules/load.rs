//! Reading `responses/`: from the copy embedded at build time, or from a directory on disk.

use super::Rules;
use super::model::{Messages, Scope, Source, Synonyms, Topic};
use super::validate::{Problem, problems};
use include_dir::{Dir, include_dir};
use serde::Deserialize;
use std::path::{Path, PathBuf};

static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/responses");

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{file}: cannot read: {reason}")]
    Read { file: String, reason: String },
    #[error("{file}:{line}: {message}")]
    Toml {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: missing (every rules directory needs it)")]
    Missing { file: String },
    #[error("the rules table has {} problem(s):\n{}", .0.len(), list(.0))]
    Invalid(Vec<Problem>),
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|problem| format!("  {problem}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicFile {
    #[serde(default)]
    topic: Vec<Topic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceFile {
    #[serde(default)]
    source: Vec<Source>,
}

/// The file set of a rules directory, as (relative path, text) pairs.
struct Files(Vec<(String, String)>);

impl Files {
    fn get(&self, name: &str) -> Result<&str, LoadError> {
        self.0
            .iter()
            .find(|(path, _)| path == name)
            .map(|(_, text)| text.as_str())
            .ok_or_else(|| LoadError::Missing {
                file: name.to_string(),
            })
    }

    fn topic_files(&self) -> impl Iterator<Item = &(String, String)> {
        self.0
            .iter()
            .filter(|(path, _)| path.starts_with("topics/") && path.ends_with(".toml"))
    }
}

/// The table compiled into the binary. It is validated by the test suite, so a failure
/// here is a build defect.
pub fn embedded() -> Result<Rules, LoadError> {
    let mut files = Vec::new();
    collect_embedded(&EMBEDDED, &mut files);
    build(Files(files))
}

fn collect_embedded(dir: &Dir<'_>, out: &mut Vec<(String, String)>) {
    for file in dir.files() {
        if let Some(text) = file.contents_utf8() {
            out.push((
                file.path().to_string_lossy().replace('\\', "/"),
                text.to_string(),
            ));
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// Loads a directory with the same layout as `responses/`.
pub fn load_dir(dir: &Path) -> Result<Rules, LoadError> {
    let mut files = Vec::new();
    read_dir_into(dir, dir, &mut files)?;
    build(Files(files))
}

fn read_dir_into(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, String)>,
) -> Result<(), LoadError> {
    let read_error = |path: &Path, error: std::io::Error| LoadError::Read {
        file: path.display().to_string(),
        reason: error.to_string(),
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|error| read_error(dir, error))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_dir_into(root, &path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "toml") {
            let text = std::fs::read_to_string(&path).map_err(|error| read_error(&path, error))?;
            let relative = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((relative, text));
        }
    }
    Ok(())
}

fn build(files: Files) -> Result<Rules, LoadError> {
    let sources: SourceFile = parse("sources.toml", files.get("sources.toml")?)?;
    let synonyms: Synonyms = parse("synonyms.toml", files.get("synonyms.toml")?)?;
    let messages: Messages = parse("messages.toml", files.get("messages.toml")?)?;
    // Optional: a table without it simply declines less.
    let scope: Scope = match files.get("scope.toml") {
        Ok(text) => parse("scope.toml", text)?,
        Err(_) => Scope::default(),
    };
    let mut topics = Vec::new();
    let mut topic_files: Vec<_> = files.topic_files().collect();
    topic_files.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, text) in topic_files {
        let file: TopicFile = parse(path, text)?;
        topics.extend(file.topic.into_iter().map(|topic| Topic {
            file: format!("topics/{}", path.trim_start_matches("topics/")),
            ..topic
        }));
    }
    let rules = Rules::new(topics, sources.source, synonyms, messages).with_scope(scope);
    let found = problems(&rules);
    if found.is_empty() {
        Ok(rules)
    } else {
        Err(LoadError::Invalid(found))
    }
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, LoadError> {
    toml::from_str(text).map_err(|error| LoadError::Toml {
        file: file.to_string(),
        line: toml_error_line(text, &error),
        message: error.message().to_string(),
    })
}

/// The 1-based line a TOML error points at, so messages name "file:line".
pub(crate) fn toml_error_line(text: &str, error: &toml::de::Error) -> usize {
    error
        .span()
        .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1)
        .unwrap_or(1)
}
