//! The rules table in `responses/`: the embedded copy is complete and every quote stands in its
//! source; a broken copy is refused with an error that names the file and the topic.

use rolecall::rules::{self, LoadError, Problem, Rules};
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn embedded() -> Rules {
    match rules::embedded() {
        Ok(rules) => rules,
        Err(error) => panic!("the embedded table does not load:\n{error}"),
    }
}

#[test]
fn embedded_table_loads_and_every_quote_is_verbatim_in_its_source() {
    let rules = embedded();
    let sources = manifest_dir().join("../shared/sources");
    if !sources.is_dir() {
        eprintln!(
            "skipped the quote check: {} is absent (it holds the five source articles)",
            sources.display()
        );
        return;
    }
    let problems = rules::check_quotes(&rules, &sources);
    assert!(
        problems.is_empty(),
        "quotes not found:\n{}",
        lines(&problems)
    );
}

#[test]
fn embedded_table_covers_at_least_sixty_topics_and_every_owner_label() {
    let rules = embedded();
    assert!(
        rules.topics.len() >= 60,
        "only {} topics; the sources support at least 60",
        rules.topics.len()
    );
    let labels: Vec<&str> = rules
        .topics
        .iter()
        .map(|topic| topic.owner.label())
        .collect();
    for label in [
        "product_manager",
        "product_owner",
        "shared",
        "project_manager",
        "scrum_master",
        "info",
    ] {
        assert!(labels.contains(&label), "no topic has owner '{label}'");
    }
}

#[test]
fn every_topic_cites_a_source_and_has_at_least_three_aliases() {
    for topic in &embedded().topics {
        assert!(!topic.sources.is_empty(), "{}: no source", topic.id);
        assert!(
            topic.aliases.len() >= 3,
            "{}: only {} aliases",
            topic.id,
            topic.aliases.len()
        );
    }
}

#[test]
fn every_answer_is_one_short_paragraph_slack_can_show_as_is() {
    for topic in &embedded().topics {
        let answer = &topic.answer;
        assert!(
            answer.chars().count() <= 600,
            "{}: answer is {} characters",
            topic.id,
            answer.chars().count()
        );
        assert!(
            !answer.contains('\n'),
            "{}: answer has a line break",
            topic.id
        );
        assert!(
            !answer.contains(['<', '>', '&']),
            "{}: answer uses < > or &, which Slack reads as markup",
            topic.id
        );
    }
}

#[test]
fn every_answer_names_the_role_it_gives_the_topic_to() {
    for topic in &embedded().topics {
        let answer = topic.answer.to_lowercase();
        let rules = embedded();
        let needed: Vec<String> = topic
            .owner
            .roles()
            .iter()
            .map(|id| rules.role(id).expect("a role").name.to_lowercase())
            .collect();
        for role in needed {
            assert!(
                answer.contains(&role),
                "{}: answer never says '{role}'",
                topic.id
            );
        }
    }
}

#[test]
fn topics_where_the_sources_split_say_so_in_a_note() {
    for topic in &embedded().topics {
        if let Some(note) = &topic.note {
            assert!(!note.trim().is_empty(), "{}: empty note", topic.id);
        }
    }
    let noted = embedded()
        .topics
        .iter()
        .filter(|topic| topic.owner.roles().len() > 1 && topic.note.is_some())
        .count();
    assert!(noted >= 3, "only {noted} shared topics explain the split");
}

// ---------------------------------------------------------------- broken copies

/// A copy of `responses/` in a temporary directory, to corrupt.
struct TableCopy {
    dir: tempfile::TempDir,
}

impl TableCopy {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        copy_tree(&manifest_dir().join("responses"), dir.path());
        TableCopy { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Adds `topics/zz_extra.toml` with the given text.
    fn add_topic_file(&self, text: &str) {
        std::fs::write(self.path().join("topics/zz_extra.toml"), text).expect("write topic file");
    }

    /// `rolecall check --rules` on the copy, run as the binary.
    fn check(&self) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_rolecall"))
            .arg("check")
            .arg("--rules")
            .arg(self.path())
            .env_remove("ROLECALL_RULES")
            .output()
            .expect("run rolecall check")
    }

    fn load(&self) -> Result<Rules, LoadError> {
        rules::load_dir(self.path())
    }

    fn problems(&self) -> Vec<Problem> {
        match self.load() {
            Err(LoadError::Invalid(problems)) => problems,
            Err(other) => panic!("expected validation problems, got: {other}"),
            Ok(_) => panic!("the broken table loaded without complaint"),
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create directory");
    for entry in std::fs::read_dir(from).expect("read responses/") {
        let path = entry.expect("directory entry").path();
        let target = to.join(path.file_name().expect("file name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy file");
        }
    }
}

/// One well-formed topic; each test breaks one field of it.
struct Extra<'a> {
    id: &'a str,
    owner: &'a str,
    alias: &'a str,
    related: &'a str,
    source: &'a str,
    quote: &'a str,
}

const GOOD: Extra<'static> = Extra {
    id: "test-only-topic",
    owner: "product_owner",
    alias: "a question nobody else asks",
    related: "sprint-planning",
    source: "001_1288d7b1c289176f",
    quote: "Responsible for Sprint Planning and Release cycles",
};

impl Extra<'_> {
    fn toml(&self) -> String {
        format!(
            r#"# A topic added by tests/responses.rs.

[[topic]]
id = "{id}"
title = "A test topic"
owner = "{owner}"
answer = "*The product owner* does this."
aliases = ["{alias}", "a second question", "a third question"]
related = ["{related}"]

[[topic.sources]]
source = "{source}"
quote = "{quote}"
"#,
            id = self.id,
            owner = self.owner,
            alias = self.alias,
            related = self.related,
            source = self.source,
            quote = self.quote,
        )
    }
}

fn lines(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The problem list has one naming this file and topic whose message contains `words`.
fn assert_names(problems: &[Problem], file: &str, topic: &str, words: &str) {
    assert!(
        problems.iter().any(|problem| problem.file == file
            && problem.topic.as_deref() == Some(topic)
            && problem.message.contains(words)),
        "no problem naming {file}, topic '{topic}', saying '{words}'; got:\n{}",
        lines(problems)
    );
}

#[test]
fn a_well_formed_extra_topic_file_loads() {
    let table = TableCopy::new();
    table.add_topic_file(&GOOD.toml());
    let rules = table.load().expect("the untouched template is valid");
    let topic = rules
        .topic("test-only-topic")
        .expect("the extra topic is loaded");
    assert_eq!(topic.file, "topics/zz_extra.toml");
}

#[test]
fn a_duplicate_id_names_the_file_and_the_topic() {
    let table = TableCopy::new();
    table.add_topic_file(
        &Extra {
            id: "pricing",
            ..GOOD
        }
        .toml(),
    );
    assert_names(
        &table.problems(),
        "topics/zz_extra.toml",
        "pricing",
        "duplicate id (also in topics/strategy.toml)",
    );
}

#[test]
fn an_unknown_source_id_names_the_file_and_the_topic() {
    let table = TableCopy::new();
    table.add_topic_file(
        &Extra {
            source: "999_0000000000000000",
            ..GOOD
        }
        .toml(),
    );
    assert_names(
        &table.problems(),
        "topics/zz_extra.toml",
        "test-only-topic",
        "unknown source id '999_0000000000000000'",
    );
}

#[test]
fn an_empty_quote_names_the_file_and_the_topic() {
    let table = TableCopy::new();
    table.add_topic_file(
        &Extra {
            quote: "  ",
            ..GOOD
        }
        .toml(),
    );
    assert_names(
        &table.problems(),
        "topics/zz_extra.toml",
        "test-only-topic",
        "empty quote",
    );
}

#[test]
fn a_missing_related_id_names_the_file_and_the_topic() {
    let table = TableCopy::new();
    table.add_topic_file(
        &Extra {
            related: "no-such-topic",
            ..GOOD
        }
        .toml(),
    );
    assert_names(
        &table.problems(),
        "topics/zz_extra.toml",
        "test-only-topic",
        "related topic 'no-such-topic' does not exist",
    );
}

#[test]
fn an_alias_used_by_two_topics_is_warned_about_naming_the_file_and_both_topics() {
    let table = TableCopy::new();
    // Case differs from the original on purpose: aliases clash case-insensitively.
    table.add_topic_file(
        &Extra {
            alias: "Who Owns The Roadmap",
            ..GOOD
        }
        .toml(),
    );
    let output = table.check();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: topics/zz_extra.toml: topic 'test-only-topic': alias 'Who Owns The Roadmap' reads the same as alias")
            && stderr.contains("of topic 'product-roadmap'"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_owner_names_the_file_and_the_owner_line() {
    let table = TableCopy::new();
    let text = Extra {
        owner: "team_lead",
        ..GOOD
    }
    .toml();
    table.add_topic_file(&text);
    assert_names(
        &table.problems(),
        "topics/zz_extra.toml",
        "test-only-topic",
        "owner 'team_lead' is no role in roles.toml",
    );
}

#[test]
fn bad_toml_names_the_file_and_the_line() {
    let table = TableCopy::new();
    let text = GOOD.toml().replace(
        "title = \"A test topic\"",
        "title = \"A test topic with no closing quote",
    );
    let broken_line = line_of(&text, "no closing quote");
    table.add_topic_file(&text);
    match table.load() {
        Err(LoadError::Toml { file, line, .. }) => {
            assert_eq!(file, "topics/zz_extra.toml");
            assert_eq!(line, broken_line);
        }
        Err(other) => panic!("expected a TOML error, got: {other}"),
        Ok(_) => panic!("broken TOML was accepted"),
    }
}

#[test]
fn a_duplicate_id_inside_an_existing_file_names_that_file() {
    let table = TableCopy::new();
    let path = table.path().join("topics/delivery.toml");
    let text = std::fs::read_to_string(&path).expect("read delivery.toml");
    assert!(text.contains("id = \"running-sprints\""), "fixture moved");
    std::fs::write(
        &path,
        text.replace("id = \"running-sprints\"", "id = \"sprint-planning\""),
    )
    .expect("write delivery.toml");
    assert_names(
        &table.problems(),
        "topics/delivery.toml",
        "sprint-planning",
        "duplicate id",
    );
}

#[test]
fn check_command_exits_non_zero_and_prints_file_and_topic() {
    let table = TableCopy::new();
    table.add_topic_file(
        &Extra {
            related: "no-such-topic",
            ..GOOD
        }
        .toml(),
    );
    let output = table.check();
    assert!(!output.status.success(), "check accepted a broken table");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("topics/zz_extra.toml: topic 'test-only-topic'"),
        "stderr: {stderr}"
    );
}

#[test]
fn check_reports_an_alias_that_reads_like_another_topics_alias_once_analysed() {
    let table = TableCopy::new();
    table.add_topic_file(
        &Extra {
            alias: "who owned the sprint planning",
            ..GOOD
        }
        .toml(),
    );
    let output = table.check();
    // A warning: the clashing alias finds neither topic, and the rest of the table works.
    assert!(output.status.success(), "check refused an alias clash");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "warning: topics/zz_extra.toml: topic 'test-only-topic': alias 'who owned the \
             sprint planning'"
        ) && stderr.contains("of topic 'sprint-planning' (topics/delivery.toml)"),
        "stderr: {stderr}"
    );
}

/// 1-based line number of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|line| line.contains(needle))
        .map(|index| index + 1)
        .expect("needle is in the text")
}
