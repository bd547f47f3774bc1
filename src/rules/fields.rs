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
}

pub(super) const ROLES: Shape = Shape {
    entries: "role",
    entry_fields: &["id", "name", "aliases", "about"],
    top_fields: &["version", "role"],
};

pub(super) const SOURCES: Shape = Shape {
    entries: "source",
    entry_fields: &["id", "title", "author"],
    top_fields: &["source"],
};

pub(super) const TOPICS: Shape = Shape {
    entries: "topic",
    entry_fields: &[
        "id", "title", "owner", "answer", "sources", "aliases", "related", "compares", "note",
    ],
    top_fields: &["topic"],
};

/// A key the format does not name, where it was found, and the field it looks like a
/// misspelling of, if any.
#[derive(Debug, PartialEq, Eq)]
struct Unknown {
    /// The entry's id (or its number, 1-based, when it has no id); `None` at the top.
    entry: Option<String>,
    key: String,
    meant: Option<&'static str>,
}

/// Misspelt fields: errors that stop the table loading.
pub(super) fn misspelt(file: &str, text: &str, shape: &Shape) -> Vec<Problem> {
    unknown(text, shape)
        .into_iter()
        .filter_map(|found| {
            let meant = found.meant?;
            Some(problem(
                file,
                topic_of(shape, &found),
                format!(
                    "{}unknown field `{}`: did you mean `{meant}`?",
                    place(shape, &found),
                    found.key
                ),
            ))
        })
        .collect()
}

/// Fields that are not read (and are no misspelling): said by `check` and `serve`.
pub(super) fn unread(file: &str, text: &str, shape: &Shape) -> Vec<Problem> {
    unknown(text, shape)
        .into_iter()
        .filter(|found| found.meant.is_none())
        .map(|found| {
            let known = if found.entry.is_some() {
                shape.entry_fields
            } else {
                shape.top_fields
            };
            problem(
                file,
                topic_of(shape, &found),
                format!(
                    "{}field `{}` is not read (the format's fields here: {})",
                    place(shape, &found),
                    found.key,
                    known.join(", ")
                ),
            )
        })
        .collect()
}

/// A topic's problems name the topic, as every other topic problem does.
fn topic_of<'a>(shape: &Shape, found: &'a Unknown) -> Option<&'a str> {
    (shape.entries == "topic")
        .then_some(found.entry.as_deref())
        .flatten()
}

/// Where a role's or a source's field is, since those problems name no topic.
fn place(shape: &Shape, found: &Unknown) -> String {
    match &found.entry {
        Some(entry) if shape.entries != "topic" => format!("{} '{entry}': ", shape.entries),
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
                key: key.clone(),
                meant: looks_like(key, shape.top_fields),
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
                    key: key.clone(),
                    meant: looks_like(key, shape.entry_fields),
                });
            }
        }
    }
    found
}

/// The known field `key` is one or two slips from: one for a short field, two for a longer
/// one (`alias` for `aliases`), with two letters swapped counted as one slip (`titel`).
fn looks_like(key: &str, known: &[&'static str]) -> Option<&'static str> {
    let key = key.to_lowercase();
    known.iter().copied().find(|field| {
        let slips = strsim::osa_distance(&key, field);
        slips <= if field.len() >= 6 { 2 } else { 1 }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_field_is_an_error_naming_the_field_meant() {
        let text = "[[topic]]\nid = \"rota\"\ntitel = \"Rota\"\nalias = [\"a\"]\nOwner = \"x\"\n";
        let errors: Vec<String> = misspelt("topics/a.toml", text, &TOPICS)
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
        assert!(unread("topics/a.toml", text, &TOPICS).is_empty());
    }

    #[test]
    fn another_field_is_not_read_and_named_with_its_entry() {
        let text = "title = \"Our docs\"\n[[source]]\nid = \"handbook\"\ntitle = \"H\"\nurl = \"https://x\"\n[[source]]\ndate = 2024\n";
        let said: Vec<String> = unread("sources.toml", text, &SOURCES)
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
        assert!(misspelt("sources.toml", text, &SOURCES).is_empty());
    }

    #[test]
    fn the_formats_own_fields_and_a_file_that_is_no_toml_say_nothing() {
        let text = "version = 2\n[[role]]\nid = \"a\"\nname = \"A\"\naliases = []\nabout = \"x\"\n";
        assert!(unknown(text, &ROLES).is_empty());
        assert!(unknown("[[role]\n", &ROLES).is_empty());
    }
}
