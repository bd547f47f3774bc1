//! The shapes of the `responses/` files, as a non-programmer edits them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Who a topic belongs to. `Info` is a factual answer with no owner (salary, origins, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    ProductManager,
    ProductOwner,
    Shared,
    ProjectManager,
    ScrumMaster,
    Info,
}

impl Owner {
    pub const ALL: [Owner; 6] = [
        Owner::ProductManager,
        Owner::ProductOwner,
        Owner::Shared,
        Owner::ProjectManager,
        Owner::ScrumMaster,
        Owner::Info,
    ];

    /// The label used in JSON output and in `responses/` files.
    pub fn label(self) -> &'static str {
        match self {
            Owner::ProductManager => "product_manager",
            Owner::ProductOwner => "product_owner",
            Owner::Shared => "shared",
            Owner::ProjectManager => "project_manager",
            Owner::ScrumMaster => "scrum_master",
            Owner::Info => "info",
        }
    }

    /// How a person reads it in Slack or a terminal.
    pub fn display_name(self) -> &'static str {
        match self {
            Owner::ProductManager => "Product manager",
            Owner::ProductOwner => "Product owner",
            Owner::Shared => "Shared (PM and PO)",
            Owner::ProjectManager => "Project manager",
            Owner::ScrumMaster => "Scrum Master",
            Owner::Info => "Background",
        }
    }
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One entry of a `responses/topics/*.toml` file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub id: String,
    pub title: String,
    pub owner: Owner,
    pub answer: String,
    #[serde(default)]
    pub sources: Vec<Citation>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub related: Vec<String>,
    /// Where the sources disagree: said alongside the answer.
    #[serde(default)]
    pub note: Option<String>,
    /// The file it came from (set by the loader), so errors can name it.
    #[serde(skip)]
    pub file: String,
}

/// A verbatim quote from one source file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The source file name without `.txt`.
    pub source: String,
    pub quote: String,
}

/// One entry of `responses/sources.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub author: String,
}

/// Texts the bot says that are not answers: help, welcome, decline.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Messages {
    pub help: String,
    pub welcome: String,
    pub decline: String,
    pub examples: Vec<String>,
}

/// `responses/synonyms.toml`: how people's words map onto the table's words.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Synonyms {
    /// Phrase (lower case, one or more words) -> the words it stands for.
    #[serde(default)]
    pub expand: std::collections::BTreeMap<String, String>,
    /// Phrases that name a role ("product owner"). They appear in almost every topic, so
    /// they only pick between role-specific topics and never choose a topic on their own.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Words that make a question a comparison of the roles ("vs", "difference").
    #[serde(default)]
    pub compare: Vec<String>,
}

/// `responses/scope.toml`: what the sources never cover, so the bot declines it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Group name (it, hr, small_talk, ...) -> words or phrases; any of them in a question
    /// means the bot declines.
    #[serde(default)]
    pub outside: std::collections::BTreeMap<String, Vec<String>>,
    /// Words that, followed or preceded by a name the table does not know, mean one
    /// particular group of people ("team blue", "the phoenix squad").
    #[serde(default)]
    pub group_words: Vec<String>,
    /// Openings that ask for a date or time ("when is the"); only at a question's start.
    #[serde(default)]
    pub question_starts: Vec<String>,
    /// Built-in out-of-scope words and phrases this table covers ("github" for a table about
    /// code review): the bot does not decline them here.
    #[serde(default)]
    pub allow: Vec<String>,
}
