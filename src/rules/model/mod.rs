//! The shapes of the `responses/` files, as a non-programmer edits them. A role, source or
//! topic may hold fields the format does not name; `rules::fields` says which, and refuses
//! the misspelt ones.

use serde::{Deserialize, Serialize};
use std::fmt;

mod shapes;

/// Ids a table cannot give a role: they mean something in every table (`info` a fact,
/// `shared` several roles in `ask --json`, `none` a decline).
pub const RESERVED_ROLE_IDS: [&str; 3] = ["info", "shared", "none"];

/// One entry of `roles.toml`: who can own a topic in this table.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct Role {
    /// Lower-case words joined by `_`; topics and `team.toml` name the role by it.
    pub id: String,
    /// How answers, `topics` and App Home show it ("Product owner").
    pub name: String,
    /// How people name it in questions ("PO", "product owner").
    #[serde(default, deserialize_with = "shapes::one_or_many")]
    pub aliases: Vec<String>,
    /// One line about the role, shown where roles are listed.
    #[serde(default)]
    pub about: Option<String>,
}

impl Role {
    /// The role's `about` line, when it says something.
    pub fn about(&self) -> Option<&str> {
        self.about
            .as_deref()
            .map(str::trim)
            .filter(|about| !about.is_empty())
    }
}

/// Who a topic belongs to: one or more of the table's roles, or `Info`, a fact with no owner
/// (salary, origins, ...). In a file: `owner = "id"`, `owner = ["a", "b"]` or `owner = "info"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    Info,
    Roles(Vec<String>),
}

impl Owner {
    /// One role, by id.
    pub fn role(id: &str) -> Owner {
        Owner::Roles(vec![id.to_string()])
    }

    /// The label in JSON output: the role id, `shared` for several roles, or `info`. The
    /// default table's labels are the ones scores have always compared.
    pub fn label(&self) -> &str {
        match self {
            Owner::Info => "info",
            Owner::Roles(ids) if ids.len() == 1 => &ids[0],
            Owner::Roles(_) => "shared",
        }
    }

    /// The role ids behind the owner (none for a fact).
    pub fn roles(&self) -> &[String] {
        match self {
            Owner::Info => &[],
            Owner::Roles(ids) => ids,
        }
    }
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Deserialize, Serialize)]
#[serde(untagged)]
enum OwnerText {
    One(String),
    Many(Vec<String>),
}

/// [`Owner`] in a binary format (the embedded table's snapshot, src/answer/snapshot.rs):
/// those cannot tell a string from a list by looking, as [`OwnerText`] needs.
#[derive(Deserialize, Serialize)]
enum OwnerTag {
    Info,
    Roles(Vec<String>),
}

impl<'de> Deserialize<'de> for Owner {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if !deserializer.is_human_readable() {
            return Ok(match OwnerTag::deserialize(deserializer)? {
                OwnerTag::Info => Owner::Info,
                OwnerTag::Roles(ids) => Owner::Roles(ids),
            });
        }
        // serde's own message for an untagged enum names no field and no fix.
        let text = OwnerText::deserialize(deserializer).map_err(|_| {
            serde::de::Error::custom(
                "owner must be a role id (owner = \"role_id\"), a list of role ids \
                 (owner = [\"a\", \"b\"]) or \"info\"",
            )
        })?;
        Ok(match text {
            OwnerText::One(id) if id == "info" => Owner::Info,
            OwnerText::One(id) => Owner::Roles(vec![id]),
            OwnerText::Many(ids) => Owner::Roles(ids),
        })
    }
}

impl Serialize for Owner {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return match self {
                Owner::Info => OwnerTag::Info,
                Owner::Roles(ids) => OwnerTag::Roles(ids.clone()),
            }
            .serialize(serializer);
        }
        match self {
            Owner::Info => OwnerText::One("info".into()),
            Owner::Roles(ids) if ids.len() == 1 => OwnerText::One(ids[0].clone()),
            Owner::Roles(ids) => OwnerText::Many(ids.clone()),
        }
        .serialize(serializer)
    }
}

/// One entry of a `responses/topics/*.toml` file.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Topic {
    pub id: String,
    pub title: String,
    pub owner: Owner,
    pub answer: String,
    /// `[[topic.sources]]` blocks; one written `[topic.sources]` is one source.
    #[serde(default, deserialize_with = "shapes::citations")]
    pub sources: Vec<Citation>,
    #[serde(default, deserialize_with = "shapes::one_or_many")]
    pub aliases: Vec<String>,
    #[serde(default, deserialize_with = "shapes::one_or_many")]
    pub related: Vec<String>,
    /// Two roles this topic compares: it answers "role_a vs role_b" questions.
    #[serde(default)]
    pub compares: Vec<String>,
    /// Where the sources disagree: said alongside the answer.
    #[serde(default)]
    pub note: Option<String>,
    /// The file it came from (set by the loader), so errors can name it.
    #[serde(skip)]
    pub file: String,
}

impl Topic {
    /// The roles whose people an answer names: the owner's, or, for a fact that compares two
    /// roles ("CD vs PM"), the two it compares. A reader weighing two roles wants to know who
    /// holds each here as much as one asking who owns a duty.
    pub fn people_roles(&self) -> Owner {
        match &self.owner {
            Owner::Info if !self.compares.is_empty() => Owner::Roles(self.compares.clone()),
            owner => owner.clone(),
        }
    }
}

/// A verbatim quote from one source file.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Citation {
    /// The source file name without `.txt`.
    pub source: String,
    pub quote: String,
}

/// One entry of `responses/sources.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    /// Who wrote it; many internal documents have no one author, so it may be left out.
    #[serde(default)]
    pub author: String,
}

/// Texts the bot says that are not answers: help, welcome, decline.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Messages {
    pub help: String,
    pub welcome: String,
    pub decline: String,
    /// Opens the reply to a question about a whole role ("what does the PO do?"), before
    /// that role's topics.
    pub whole_role: String,
    pub examples: Vec<String>,
}

/// `responses/synonyms.toml`: how people's words map onto the table's words.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Synonyms {
    /// Phrase (lower case, one or more words) -> the words it stands for. A file may give
    /// those words as one string or as a list (`bin = ["waste", "rubbish"]`).
    #[serde(default, deserialize_with = "shapes::expansions")]
    pub expand: std::collections::BTreeMap<String, String>,
    /// Phrases that name a role ("product owner"): the aliases and names of `roles.toml`,
    /// filled in by the loader (a version-1 file listed them here). They appear in almost
    /// every topic, so they only pick between role-specific topics.
    #[serde(skip)]
    pub roles: Vec<String>,
    /// Role phrase -> the id of the role it names, filled in with `roles`: every phrase of
    /// one role reads as one role word ("maintainer" and "committer" alike).
    #[serde(skip)]
    pub role_of: std::collections::BTreeMap<String, String>,
    /// Words that make a question a comparison of the roles ("vs", "difference").
    #[serde(default, deserialize_with = "shapes::one_or_many")]
    pub compare: Vec<String>,
}

/// What the sources never cover, so the bot declines it (`scope.toml`, read through
/// [`ScopeFile`]).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Scope {
    /// Group name (it, hr, small_talk, ...) -> words or phrases; any of them in a question
    /// means the bot declines. A file may give one plain list (`outside = ["parking"]`),
    /// which is the group [`shapes::ONE_LIST`] ([`ScopeFile`] reads the file).
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

/// `scope.toml` as written: the format says it holds "extra out-of-scope words for this
/// table, and `allow`", not under which key, so a list under any other key
/// (`out_of_scope = [...]`) is out-of-scope words too, a group named by its key, and a table
/// of lists (`[declined] hr = [...]`) is named groups as `[outside]` is.
#[derive(Debug, Default, Deserialize)]
pub struct ScopeFile {
    #[serde(default, deserialize_with = "shapes::outside_groups")]
    outside: std::collections::BTreeMap<String, Vec<String>>,
    #[serde(default, deserialize_with = "shapes::one_or_many")]
    group_words: Vec<String>,
    #[serde(default, deserialize_with = "shapes::one_or_many")]
    question_starts: Vec<String>,
    #[serde(default, deserialize_with = "shapes::one_or_many")]
    allow: Vec<String>,
    #[serde(flatten)]
    other: std::collections::BTreeMap<String, shapes::WordLists>,
}

impl From<ScopeFile> for Scope {
    fn from(file: ScopeFile) -> Scope {
        let mut outside = file.outside;
        for (key, lists) in file.other {
            match lists {
                shapes::WordLists::One(words) => {
                    outside.entry(key).or_default().extend(words);
                }
                shapes::WordLists::Named(groups) => {
                    for (group, words) in groups {
                        outside.entry(group).or_default().extend(words);
                    }
                }
            }
        }
        Scope {
            outside,
            group_words: file.group_words,
            question_starts: file.question_starts,
            allow: file.allow,
        }
    }
}
