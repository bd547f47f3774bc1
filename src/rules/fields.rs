//! Fields a table's files hold that the format does not name. A table written by people who
//! annotate (`url` on a source, `tags` on a topic) must still load: such a field is not read,
//! and `check` and `serve` say so. A field that reads as a misspelt one (`alias`, `titel`,
//! `owners`) is an error instead, since the table would silently lose what it meant to say.

use super::validate::{Problem, problem};

/// The fields each entry of a file may have, and the file's own top-level keys.
pub(super) struct Shape {
    /// The array of entries: `role`, `source` or `topic`.
    pub entries: &'static str,
    pub entry_fields: &'static [&'static str],
    pub top_fields: &'static [&'static str],
    /// An array inside each entry and its fields: a topic's `[[topic.sources]]`.
    pub nested: Option<(&'static str, &'static [&'static str])>,
    /// Whether a top-level key the format does not name is read all the same.
    pub other_keys_read: bool,
}

pub(super) const ROLES: Shape = Shape {
    entries: "role",
    entry_fields: &["id", "name", "aliases", "about"],
    top_fields: &["version", "role"],
    nested: None,
    other_keys_read: false,
};

pub(super) const SOURCES: Shape = Shape {
    entries: "source",
    entry_fields: &["id", "title", "author"],
    top_fields: &["source"],
    nested: None,
    other_keys_read: false,
};

pub(super) const TOPICS: Shape = Shape {
    entries: "topic",
    entry_fields: &[
        "id", "title", "owner", "answer", "sources", "aliases", "related", "compares", "note",
    ],
    top_fields: &["topic"],
    nested: Some(("sources", &["source", "quote"])),
    other_keys_read: false,
};

pub(super) const SYNONYMS: Shape = Shape {
    entries: "",
    entry_fields: &[],
    // `roles` is version 1's list of role phrases, refused with what to do instead.
    top_fields: &["expand", "compare", "roles"],
    nested: None,
    other_keys_read: false,
};

pub(super) const MESSAGES: Shape = Shape {
    entries: "",
    entry_fields: &[],
    top_fields: &["help", "welcome", "decline", "whole_role", "examples"],
    nested: None,
    other_keys_read: false,
};

/// Every other list in `scope.toml` is read as out-of-scope words (the file holds "extra
/// out-of-scope words ... and allow"), so only a misspelt key here is said, and one that
/// names `allow` in another form is refused.
pub(super) const SCOPE: Shape = Shape {
    entries: "",
    entry_fields: &[],
    top_fields: &["outside", "group_words", "question_starts", "allow"],
    nested: None,
    other_keys_read: true,
};

/// Lists the format puts at the top of a file that TOML puts inside a section when they are
/// written below its header: (file, section, key). Read as what they were meant to be, and
/// said, since the file is wrong all the same.
pub(super) const MISPLACED: [(&str, &str, &str); 2] = [
    ("synonyms.toml", "expand", "compare"),
    ("scope.toml", "outside", "allow"),
];

/// The words of `key` written below `[section]`: a list, or one word as a string.
pub(super) fn misplaced_list(text: &str, section: &str, key: &str) -> Option<Vec<String>> {
    let table = text.parse::<toml::Table>().ok()?;
    match table.get(section)?.as_table()?.get(key)? {
        toml::Value::String(word) => Some(vec![word.clone()]),
        toml::Value::Array(words) => words
            .iter()
            .map(|word| word.as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

/// What `check` and `serve` say about a list read from below a section header.
pub(super) fn misplaced(file: &str, text: &str, section: &str, key: &str) -> Option<Problem> {
    misplaced_list(text, section, key)?;
    Some(problem(
        file,
        None,
        format!(
            "`{key}` is below [{section}], where TOML puts it inside [{section}]; it is read as \
             `{key}` all the same: move the line above the [{section}] line"
        ),
    ))
}

/// A key the format does not name, where it was found, and what it reads as.
#[derive(Debug, PartialEq, Eq)]
struct Unknown {
    /// The entry's id (or its number, 1-based, when it has no id); `None` at the top.
    entry: Option<String>,
    /// Inside the entry's `[[topic.sources]]` block (1-based), when it is there.
    nested: Option<usize>,
    key: String,
    reading: Reading,
}

#[derive(Debug, PartialEq, Eq)]
enum Reading {
    /// One or two slips from this field.
    Misspelt(&'static str),
    /// A topic's own field written below its `[[topic.sources]]`, at this line: TOML gives
    /// it to that source.
    BelowSources(Option<usize>),
    Unread,
}

/// What a file's fields the format does not name come to, from one reading of the file.
#[derive(Debug, Default)]
pub(super) struct Findings {
    /// Misspelt fields and topic fields below their sources: they stop the table loading.
    pub refused: Vec<Problem>,
    /// Fields that are not read (and are no misspelling): said by `check` and `serve`.
    pub unread: Vec<Problem>,
}

impl Findings {
    pub fn extend(&mut self, more: Findings) {
        self.refused.extend(more.refused);
        self.unread.extend(more.unread);
    }
}

pub(super) fn findings(file: &str, text: &str, shape: &Shape) -> Findings {
    let found = unknown(text, shape);
    Findings {
        refused: found
            .iter()
            .filter_map(|found| refusal(file, shape, found))
            .collect(),
        unread: found
            .iter()
            .filter_map(|found| unread(file, shape, found))
            .collect(),
    }
}

fn refusal(file: &str, shape: &Shape, found: &Unknown) -> Option<Problem> {
    let said = match found.reading {
        Reading::Misspelt(meant) => {
            format!("unknown field `{}`: did you mean `{meant}`?", found.key)
        }
        Reading::BelowSources(line) => format!(
            "field `{}`{} is below [[topic.sources]], so it belongs to that source: \
             every line below [[topic.sources]] belongs to that source until the next \
             [[topic]]; move this line above its topic's first [[topic.sources]]",
            found.key,
            line.map(|line| format!(" (line {line})"))
                .unwrap_or_default()
        ),
        Reading::Unread => return None,
    };
    Some(problem(
        file,
        topic_of(shape, found),
        format!("{}{said}", place(shape, found)),
    ))
}

/// Topic fields written below their `[[topic.sources]]`, for a topic file that does not
/// parse because a required one is there.
pub(super) fn below_sources(text: &str) -> Vec<Problem> {
    unknown(text, &TOPICS)
        .iter()
        .filter(|found| matches!(found.reading, Reading::BelowSources(_)))
        .filter_map(|found| refusal("", &TOPICS, found))
        .collect()
}

fn unread(file: &str, shape: &Shape, found: &Unknown) -> Option<Problem> {
    if found.reading != Reading::Unread || (found.entry.is_none() && shape.other_keys_read) {
        return None;
    }
    let known = match (&found.entry, found.nested, shape.nested) {
        (Some(_), Some(_), Some((_, fields))) => fields,
        (Some(_), _, _) => shape.entry_fields,
        (None, _, _) => shape.top_fields,
    };
    Some(problem(
        file,
        topic_of(shape, found),
        format!(
            "{}field `{}` is not read (the format's fields here: {})",
            place(shape, found),
            found.key,
            known.join(", ")
        ),
    ))
}

/// A topic's problems name the topic, as every other topic problem does.
fn topic_of<'a>(shape: &Shape, found: &'a Unknown) -> Option<&'a str> {
    (shape.entries == "topic")
        .then_some(found.entry.as_deref())
        .flatten()
}

/// Where a role's or a source's field is, since those problems name no topic, and which of
/// a topic's sources holds it.
fn place(shape: &Shape, found: &Unknown) -> String {
    match (&found.entry, found.nested) {
        (_, Some(n)) => format!("source {n} of the topic: "),
        (Some(entry), None) if shape.entries != "topic" => format!("{} '{entry}': ", shape.entries),
        _ => String::new(),
    }
}

fn unknown(text: &str, shape: &Shape) -> Vec<Unknown> {
    // A file that is not valid TOML is reported by the load itself, with its line.
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for key in table.keys() {
        if !shape.top_fields.contains(&key.as_str()) {
            found.push(Unknown {
                entry: None,
                nested: None,
                key: key.clone(),
                reading: top_reading(key, shape),
            });
        }
    }
    let entries = table.get(shape.entries).and_then(toml::Value::as_array);
    for (index, entry) in entries.into_iter().flatten().enumerate() {
        let Some(entry) = entry.as_table() else {
            continue;
        };
        let name = entry
            .get("id")
            .and_then(toml::Value::as_str)
            .map_or_else(|| (index + 1).to_string(), str::to_string);
        for key in entry.keys() {
            if !shape.entry_fields.contains(&key.as_str()) {
                found.push(Unknown {
                    entry: Some(name.clone()),
                    nested: None,
                    key: key.clone(),
                    reading: misspelling(key, shape.entry_fields),
                });
            }
        }
        let Some((array, fields)) = shape.nested else {
            continue;
        };
        // One block written `[topic.sources]` is one source, as the loader reads it.
        let blocks: Vec<&toml::Table> = match entry.get(array) {
            Some(toml::Value::Array(blocks)) => {
                blocks.iter().filter_map(toml::Value::as_table).collect()
            }
            Some(toml::Value::Table(block)) => vec![block],
            _ => Vec::new(),
        };
        for (n, block) in blocks.into_iter().enumerate() {
            for key in block.keys() {
                if fields.contains(&key.as_str()) {
                    continue;
                }
                let reading = if shape.entry_fields.contains(&key.as_str()) {
                    Reading::BelowSources(line_below_sources(text, key))
                } else {
                    misspelling(key, fields)
                };
                found.push(Unknown {
                    entry: Some(name.clone()),
                    nested: Some(n + 1),
                    key: key.clone(),
                    reading,
                });
            }
        }
    }
    found
}

/// The line (1-based) of the first `key = ...` under a `[[topic.sources]]` header.
fn line_below_sources(text: &str, key: &str) -> Option<usize> {
    let mut under_sources = false;
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('[') {
            under_sources =
                line.trim_start_matches('[').trim_end_matches(']').trim() == "topic.sources";
        } else if under_sources
            && line
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        {
            return Some(index + 1);
        }
    }
    None
}

/// What a top-level key the format does not name reads as. Where such a key is read all
/// the same (scope.toml: as words to decline), one naming `allow` in another form
/// (`allowed`, `allow_list`) would decline the very words it was written to let in.
fn top_reading(key: &str, shape: &Shape) -> Reading {
    if shape.other_keys_read
        && shape.top_fields.contains(&"allow")
        && key.to_lowercase().contains("allow")
    {
        return Reading::Misspelt("allow");
    }
    misspelling(key, shape.top_fields)
}

fn misspelling(key: &str, known: &[&'static str]) -> Reading {
    looks_like(key, known).map_or(Reading::Unread, Reading::Misspelt)
}

/// The known field `key` is one or two slips from: one for a short field, two for a longer
/// one (`alias` for `aliases`), with two letters swapped counted as one slip (`titel`); or
/// the field with a word ending added (`allowed` for `allow`), which in scope.toml would
/// otherwise decline the very words it was to let in. A field of the writer's own built on
/// a known one (`owner_id`, `name_fr`) is another field, not read, not a slip.
fn looks_like(key: &str, known: &[&'static str]) -> Option<&'static str> {
    let key = key.to_lowercase();
    known.iter().copied().find(|field| {
        let slips = strsim::osa_distance(&key, field);
        let ending_added = key.len() >= 4
            && key.strip_prefix(field).is_some_and(|ending| {
                ending.len() <= 3 && ending.chars().all(|c| c.is_ascii_alphabetic())
            });
        slips <= if field.len() >= 6 { 2 } else { 1 } || ending_added
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_field_is_an_error_naming_the_field_meant() {
        let text = "[[topic]]\nid = \"rota\"\ntitel = \"Rota\"\nalias = [\"a\"]\nOwner = \"x\"\n";
        let errors: Vec<String> = findings("topics/a.toml", text, &TOPICS)
            .refused
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errors,
            [
                "topics/a.toml: topic 'rota': unknown field `Owner`: did you mean `owner`?",
                "topics/a.toml: topic 'rota': unknown field `alias`: did you mean `aliases`?",
                "topics/a.toml: topic 'rota': unknown field `titel`: did you mean `title`?",
            ]
        );
        assert!(findings("topics/a.toml", text, &TOPICS).unread.is_empty());
    }

    #[test]
    fn another_field_is_not_read_and_named_with_its_entry() {
        let text = "title = \"Our docs\"\n[[source]]\nid = \"handbook\"\ntitle = \"H\"\nurl = \"https://x\"\n[[source]]\ndate = 2024\n";
        let said: Vec<String> = findings("sources.toml", text, &SOURCES)
            .unread
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            said,
            [
                "sources.toml: field `title` is not read (the format's fields here: source)",
                "sources.toml: source 'handbook': field `url` is not read (the format's fields here: id, title, author)",
                "sources.toml: source '2': field `date` is not read (the format's fields here: id, title, author)",
            ]
        );
        assert!(findings("sources.toml", text, &SOURCES).refused.is_empty());
    }

    #[test]
    fn a_known_key_with_an_ending_added_is_misspelt() {
        let said: Vec<String> = findings("scope.toml", "allowed = [\"coffee\"]\n", &SCOPE)
            .refused
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            said,
            ["scope.toml: unknown field `allowed`: did you mean `allow`?"]
        );
        assert!(
            findings("scope.toml", "out_of_scope = [\"x\"]\n", &SCOPE)
                .refused
                .is_empty()
        );
    }

    #[test]
    fn a_field_of_ones_own_built_on_a_known_one_is_not_read_not_refused() {
        let text = "[[topic]]\nid = \"rota\"\nowner_id = 7\ntitle_fr = \"Rota\"\nowners = \"x\"\n";
        let found = findings("topics/a.toml", text, &TOPICS);
        let refused: Vec<String> = found.refused.iter().map(ToString::to_string).collect();
        assert_eq!(
            refused,
            ["topics/a.toml: topic 'rota': unknown field `owners`: did you mean `owner`?"]
        );
        let unread: Vec<String> = found.unread.iter().map(ToString::to_string).collect();
        assert_eq!(unread.len(), 2, "{unread:?}");
        assert!(
            unread[0].contains("field `owner_id` is not read"),
            "{unread:?}"
        );
        assert!(
            unread[1].contains("field `title_fr` is not read"),
            "{unread:?}"
        );
    }

    #[test]
    fn the_formats_own_fields_and_a_file_that_is_no_toml_say_nothing() {
        let text = "version = 2\n[[role]]\nid = \"a\"\nname = \"A\"\naliases = []\nabout = \"x\"\n";
        assert!(unknown(text, &ROLES).is_empty());
        assert!(unknown("[[role]\n", &ROLES).is_empty());
    }
}
