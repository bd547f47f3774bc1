//! Reading `responses/`: from the copy embedded at build time, or from a directory on disk.

use super::Rules;
use super::defaults::MessagesFile;
use super::fields;
use super::model::{Role, Scope, ScopeFile, Source, Synonyms, Topic};
use super::text_file::{in_any_case, read_text};
use super::validate::{Problem, problems};
use include_dir::{Dir, include_dir};
use serde::Deserialize;
use std::path::Path;

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
    #[error(
        "roles.toml: missing: this is a version-1 table. Add roles.toml with one [[role]] \
         (id, name, aliases) per role, move synonyms.toml's `roles` phrases into those \
         aliases, and write `owner = [\"role_a\", \"role_b\"]` where a topic said \
         `owner = \"shared\"` (see TABLE-FORMAT.md, version 2)"
    )]
    VersionOne,
    #[error(
        "roles.toml: version = {version}: this rolecall reads version 2 of the table format \
         (TABLE-FORMAT.md); write `version = 2` or leave the line out"
    )]
    Version { version: String },
    #[error(
        "topics/: no topic (every rules directory needs at least one [[topic]] in a \
         topics/*.toml file)"
    )]
    NoTopics,
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
struct TopicFile {
    #[serde(default)]
    topic: Vec<Topic>,
}

#[derive(Deserialize)]
struct RoleFile {
    /// The format's version, which people write at the top since the format has one
    /// ("version 2: roles are data"). Optional; only 2 is read, written as 2, 2.0 or "2".
    #[serde(default)]
    version: Option<toml::Value>,
    #[serde(default)]
    role: Vec<Role>,
}

/// `roles.toml`, whose `version`, if given, must be the one this build reads.
fn parse_roles(text: &str) -> Result<RoleFile, LoadError> {
    let roles: RoleFile = parse("roles.toml", text)?;
    let Some(version) = &roles.version else {
        return Ok(roles);
    };
    let number = match version {
        toml::Value::Integer(number) => Some(*number as f64),
        toml::Value::Float(number) => Some(*number),
        toml::Value::String(text) => text.trim().trim_start_matches(['v', 'V']).parse().ok(),
        _ => None,
    };
    if number == Some(FORMAT_VERSION as f64) {
        Ok(roles)
    } else {
        Err(LoadError::Version {
            version: version.to_string(),
        })
    }
}

/// The version of TABLE-FORMAT.md this build reads.
const FORMAT_VERSION: i64 = 2;

#[derive(Deserialize)]
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

    /// What the fields of every file the format names come to, each file read once; a list
    /// written below a section header it belongs above is said with the unread fields.
    fn findings(&self) -> fields::Findings {
        let named = [
            ("roles.toml", &fields::ROLES),
            ("sources.toml", &fields::SOURCES),
            ("synonyms.toml", &fields::SYNONYMS),
            ("messages.toml", &fields::MESSAGES),
            ("scope.toml", &fields::SCOPE),
        ];
        let mut found = fields::Findings::default();
        for (name, shape) in named {
            if let Some(text) = self.optional(name) {
                found.extend(fields::findings(name, text, shape));
            }
        }
        let mut topic_files: Vec<_> = self.topic_files().collect();
        topic_files.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, text) in topic_files {
            found.extend(fields::findings(path, text, &fields::TOPICS));
        }
        for (file, section, key) in fields::MISPLACED {
            let misplaced = self.optional(file);
            found
                .unread
                .extend(misplaced.and_then(|text| fields::misplaced(file, text, section, key)));
        }
        found
    }

    /// An optional file: `None` when the directory has none.
    fn optional(&self, name: &str) -> Option<&str> {
        self.get(name).ok()
    }

    fn topic_files(&self) -> impl Iterator<Item = &(String, String)> {
        self.0
            .iter()
            .filter(|(path, _)| path.starts_with("topics/") && path.ends_with(".toml"))
    }
}

/// One file of the embedded table as text (`tests.toml`), if it has it.
pub fn embedded_file(name: &str) -> Option<&'static str> {
    EMBEDDED
        .get_file(name)
        .and_then(|file| file.contents_utf8())
}

/// The table compiled into the binary. It is validated by the test suite, so a failure
/// here is a build defect.
pub fn embedded() -> Result<Rules, LoadError> {
    let mut files = Vec::new();
    collect_embedded(&EMBEDDED, &mut files);
    build(&Files(files)).map(|(rules, _)| rules)
}

fn collect_embedded(dir: &Dir<'_>, out: &mut Vec<(String, String)>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(text) = file.contents_utf8().filter(|_| is_table_file(&path)) {
            out.push((path, text.to_string()));
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// Loads a directory with the same layout as `responses/`.
pub fn load_dir(dir: &Path) -> Result<Rules, LoadError> {
    load_dir_noting(dir).map(|(rules, _)| rules)
}

/// [`load_dir`], with what `check` and `serve` say without refusing the table: the fields
/// the format does not name, which are not read (as [`unread_fields`] finds them), from the
/// same one reading of the files.
pub fn load_dir_noting(dir: &Path) -> Result<(Rules, Vec<Problem>), LoadError> {
    let mut files = Vec::new();
    read_table_files(dir, &mut files)?;
    build(&Files(files))
}

/// Every TOML error in a table's files, each file read on its own: [`load_dir`] stops at
/// the first, and `check` names them all.
pub fn syntax_errors(dir: &Path) -> Vec<LoadError> {
    let mut files = Vec::new();
    if let Err(error) = read_table_files(dir, &mut files) {
        return vec![error];
    }
    let files = Files(files);
    let mut errors = Vec::new();
    let mut check = |result: Result<(), LoadError>| {
        if let Err(error) = result {
            errors.push(error);
        }
    };
    if let Some(text) = files.optional("sources.toml") {
        check(parse::<SourceFile>("sources.toml", text).map(drop));
    }
    if let Some(text) = files.optional("roles.toml") {
        check(parse_roles(text).map(drop));
    }
    if let Some(text) = files.optional("synonyms.toml") {
        check(parse::<Synonyms>("synonyms.toml", &without_roles(text)).map(drop));
    }
    if let Some(text) = files.optional("messages.toml") {
        check(parse::<MessagesFile>("messages.toml", text).map(drop));
    }
    if let Some(text) = files.optional("scope.toml") {
        check(parse::<ScopeFile>("scope.toml", text).map(drop));
    }
    for (path, text) in files.topic_files() {
        check(parse_topics(path, text).map(drop));
    }
    errors
}

/// The files a table is made of, at its top level (TABLE-FORMAT.md); `team.toml` and
/// `tests.toml` are read by the commands that use them, not by the loader.
const TABLE_FILES: [&str; 5] = [
    "sources.toml",
    "roles.toml",
    "synonyms.toml",
    "scope.toml",
    "messages.toml",
];

/// The folder of topic files: `topics/*.toml`, one level.
const TOPICS_DIR: &str = "topics";

/// Whether a path inside a table (with `/` between folders) is one of its files.
fn is_table_file(relative: &str) -> bool {
    match relative.split_once('/') {
        None => TABLE_FILES.contains(&relative),
        Some((TOPICS_DIR, name)) => !name.contains('/') && name.ends_with(".toml"),
        Some(_) => false,
    }
}

/// What sits in `topics/` but is never read as a topic file: a folder (drafts parked in
/// `topics/old/`, say) or a name that does not end in `.toml` exactly (`rota.TOML`). Said
/// by `check`, so a table writer who grouped topics in folders learns those topics are not
/// in the table before people ask about them.
pub fn unread_in_topics(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(in_any_case(dir, TOPICS_DIR)) else {
        return Vec::new();
    };
    let mut unread: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_dir = entry.path().is_dir();
            if is_dir && !name.starts_with('.') {
                Some(format!(
                    "{TOPICS_DIR}/{name}/: a folder: its files are not read (topic files go \
                     straight in {TOPICS_DIR}/, one level)"
                ))
            } else if !is_dir
                && name.to_ascii_lowercase().ends_with(".toml")
                && !name.ends_with(".toml")
            {
                Some(format!(
                    "{TOPICS_DIR}/{name}: not read: a topic file's name ends in .toml, lower case"
                ))
            } else {
                None
            }
        })
        .collect();
    unread.sort();
    unread
}

/// Reads the files [`is_table_file`] names, and nothing else: no other folder is entered,
/// so a symlink loop, a folder of other tables or a whole file system is never walked.
fn read_table_files(dir: &Path, out: &mut Vec<(String, String)>) -> Result<(), LoadError> {
    let read_error = |path: &Path, error: std::io::Error| LoadError::Read {
        file: path.display().to_string(),
        reason: error.to_string(),
    };
    // Read before anything else, so a directory that is not there is named as such.
    std::fs::read_dir(dir).map_err(|error| read_error(dir, error))?;
    for name in TABLE_FILES {
        let path = in_any_case(dir, name);
        if let Some(text) = read_regular(&path).map_err(|error| read_error(&path, error))? {
            out.push((name.to_string(), text));
        }
    }
    let topics = in_any_case(dir, TOPICS_DIR);
    if !topics.is_dir() {
        return Ok(());
    }
    let mut names: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(&topics).map_err(|error| read_error(&topics, error))? {
        let Ok(entry) = entry else { continue };
        match entry.file_name().into_string() {
            Ok(name) if is_table_file(&format!("{TOPICS_DIR}/{name}")) => names.push(name),
            Ok(_) => {}
            // A topic file saved under a name in another encoding is still a topic file:
            // named, not skipped with its topics.
            Err(name) if name.as_encoded_bytes().ends_with(b".toml") => {
                return Err(LoadError::Read {
                    file: topics.join(name).display().to_string(),
                    reason: "the file name is not UTF-8; rename the file".into(),
                });
            }
            Err(_) => {}
        }
    }
    names.sort();
    for name in names {
        let path = topics.join(&name);
        // A folder or a pipe named *.toml is no topic file: skipped, not entered or read. A
        // symlink to nothing is a topic file gone missing: named, not skipped, or its topics
        // would vanish from the table without a word.
        match std::fs::metadata(&path) {
            Ok(meta) if !meta.is_file() => continue,
            Ok(_) => {}
            Err(error) => return Err(read_error(&path, error)),
        }
        let text = read_text(&path).map_err(|error| read_error(&path, error))?;
        out.push((format!("{TOPICS_DIR}/{name}"), text));
    }
    Ok(())
}

/// A top-level file's text; `None` when there is none. Anything there that is not a
/// regular file (a folder, a pipe) is an error rather than a hang or a silent skip.
fn read_regular(path: &Path) -> std::io::Result<Option<String>> {
    match std::fs::metadata(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
        Ok(meta) if !meta.is_file() => Err(std::io::Error::other("not a regular file")),
        Ok(_) => read_text(path).map(Some),
    }
}

/// Fields of roles, sources and topics the format does not name and that are no misspelling:
/// not read, and said by `check` and `serve` so their writer knows.
pub fn unread_fields(dir: &Path) -> Vec<Problem> {
    let mut files = Vec::new();
    if read_table_files(dir, &mut files).is_err() {
        return Vec::new();
    }
    Files(files).findings().unread
}

/// The table, and the fields of its files that are not read.
fn build(files: &Files) -> Result<(Rules, Vec<Problem>), LoadError> {
    let mut sources: SourceFile = parse("sources.toml", files.get("sources.toml")?)?;
    let mut roles: RoleFile = match files.optional("roles.toml") {
        Some(text) => parse_roles(text)?,
        None => return Err(LoadError::VersionOne),
    };
    for role in &mut roles.role {
        one_line(&mut role.name);
    }
    for source in &mut sources.source {
        one_line(&mut source.title);
    }
    // Optional files: a table without them has no synonyms, declines only what the
    // built-in lists decline, and speaks with the built-in texts.
    let (mut synonyms, listed_roles): (Synonyms, bool) = match files.optional("synonyms.toml") {
        Some(text) => (
            parse("synonyms.toml", &without_roles(text))?,
            has_roles(text),
        ),
        None => (Synonyms::default(), false),
    };
    if let Some(words) = files
        .optional("synonyms.toml")
        .and_then(|text| fields::misplaced_list(text, "expand", "compare"))
    {
        synonyms.expand.remove("compare");
        synonyms.compare.extend(words);
    }
    let messages: MessagesFile = match files.optional("messages.toml") {
        Some(text) => parse("messages.toml", text)?,
        None => MessagesFile::default(),
    };
    let mut scope: Scope = match files.optional("scope.toml") {
        Some(text) => parse::<ScopeFile>("scope.toml", text)?.into(),
        None => Scope::default(),
    };
    if let Some(words) = files
        .optional("scope.toml")
        .and_then(|text| fields::misplaced_list(text, "outside", "allow"))
    {
        scope.outside.remove("allow");
        scope.allow.extend(words);
    }
    let mut topics = Vec::new();
    let mut topic_files: Vec<_> = files.topic_files().collect();
    topic_files.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, text) in topic_files {
        let file = parse_topics(path, text)?;
        topics.extend(file.topic.into_iter().map(|mut topic| {
            one_line(&mut topic.title);
            one_paragraph(&mut topic.answer);
            if let Some(note) = &mut topic.note {
                one_paragraph(note);
            }
            Topic {
                file: format!("topics/{}", path.trim_start_matches("topics/")),
                ..topic
            }
        }));
    }
    // A table that answers nothing must not load (nor replace a working one on reload).
    if topics.is_empty() {
        return Err(LoadError::NoTopics);
    }
    let messages = messages.or_defaults(&roles.role, &topics);
    let rules = Rules::new(topics, sources.source, synonyms, messages)
        .with_roles(roles.role)
        .with_scope(scope);
    let mut found = problems(&rules);
    let findings = files.findings();
    found.extend(findings.refused);
    if listed_roles {
        found.push(Problem {
            file: "synonyms.toml".into(),
            topic: None,
            message: "'roles' is version 1: move these phrases into the `aliases` of the \
                      roles in roles.toml and delete the list"
                .into(),
        });
    }
    if found.is_empty() {
        Ok((rules, findings.unread))
    } else {
        Err(LoadError::Invalid(found))
    }
}

/// A name or title on one line, without the spaces around it: Slack shows it in `*bold*`,
/// which holds only when the asterisks touch the word (`*  Tech lead *` shows its
/// asterisks) and ends at a line break, and a title is a header, whose plain text has no
/// use for a "\n". The terminal would show the spaces and breaks too.
fn one_line(text: &mut String) {
    if text.trim().len() != text.len() || text.contains(['\n', '\r', '\t']) {
        *text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
}

/// An answer or note as one paragraph: a long text wrapped over lines in a `"""` string is
/// one paragraph to its writer, and Slack would show each line break. A blank line, which
/// the writer typed to start a paragraph, is kept, and so is a line break before a list
/// item ("- ", "* ", "• ", "1. "), which the writer meant as a line of its own.
fn one_paragraph(text: &mut String) {
    if !text.contains('\n') {
        return;
    }
    let mut out = String::with_capacity(text.len());
    for paragraph in text.trim().split("\n\n") {
        let mut joined = String::new();
        for line in paragraph
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
        {
            if !joined.is_empty() {
                joined.push(if is_list_item(line) { '\n' } else { ' ' });
            }
            joined.push_str(&line.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        if joined.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&joined);
    }
    *text = out;
}

/// A line that starts a list item: a bullet, or a number and a dot or bracket.
fn is_list_item(line: &str) -> bool {
    let numbered = line.split_once(['.', ')']).is_some_and(|(number, rest)| {
        !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) && rest.starts_with(' ')
    });
    numbered
        || ["- ", "* ", "\u{2022} "]
            .iter()
            .any(|bullet| line.starts_with(bullet))
}

/// Whether a synonyms file still lists role phrases (version 1).
fn has_roles(text: &str) -> bool {
    text.parse::<toml::Table>()
        .is_ok_and(|table| table.contains_key("roles"))
}

/// The synonyms file without a version-1 `roles` list, so that list is reported as what to
/// change rather than as an unknown field.
fn without_roles(text: &str) -> String {
    match text.parse::<toml::Table>() {
        Ok(mut table) if table.contains_key("roles") => {
            table.remove("roles");
            table.to_string()
        }
        _ => text.to_string(),
    }
}

/// A topic's required field written below its `[[topic.sources]]` belongs to that source in
/// TOML, so serde says only "missing field `answer`": true, but it names neither the cause
/// nor the fix for a field the writer can see in the file.
fn parse_topics(file: &str, text: &str) -> Result<TopicFile, LoadError> {
    parse(file, text).map_err(|error| match error {
        LoadError::Toml {
            file,
            line,
            message,
        } => {
            let below: Vec<String> = fields::below_sources(text)
                .into_iter()
                .map(|problem| match problem.topic {
                    Some(topic) => format!("topic '{topic}': {}", problem.message),
                    None => problem.message,
                })
                .collect();
            let message = if below.is_empty() {
                message
            } else {
                format!("{message}: {}", below.join("; "))
            };
            LoadError::Toml {
                file,
                line,
                message,
            }
        }
        other => other,
    })
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, LoadError> {
    toml::from_str(text).map_err(|error| LoadError::Toml {
        file: file.to_string(),
        line: toml_error_line(text, &error),
        message: toml_error_message(text, &error),
    })
}

/// What a TOML error says, in words: the parser says nothing at all of some lines, and
/// what it says of curly quotes ("invalid string, expected `\"`") does not tell a writer
/// who pasted from a word processor that “ and ” are not ".
pub(crate) fn toml_error_message(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim();
    let message = if message.is_empty() {
        "this line is not valid TOML"
    } else {
        message
    };
    let line = text
        .lines()
        .nth(toml_error_line(text, error).saturating_sub(1))
        .unwrap_or("");
    if curly_quote_outside_strings(line) {
        format!(
            "{message}: this line opens or closes a text with curly quotes (“ ” or ‘ ’), as a \
             word processor types them; write straight ones (\")"
        )
    } else {
        message.to_string()
    }
}

/// Whether `line` has a curly quote mark where TOML wants a straight one: outside every
/// "..." or '...' (inside one, a curly quote is only a character of the text).
fn curly_quote_outside_strings(line: &str) -> bool {
    let mut open: Option<char> = None;
    let mut escaped = false;
    for c in line.chars() {
        match open {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(quote) if c == quote => open = None,
            Some(_) => {}
            None if c == '#' => return false,
            None if c == '"' || c == '\'' => open = Some(c),
            None if matches!(c, '“' | '”' | '‘' | '’') => return true,
            None => {}
        }
    }
    false
}

/// The 1-based line a TOML error points at, so messages name "file:line".
pub(crate) fn toml_error_line(text: &str, error: &toml::de::Error) -> usize {
    error
        .span()
        .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1)
        .unwrap_or(1)
}
