//! The second way a file may write a list: TABLE-FORMAT.md names what `synonyms.toml` and
//! `scope.toml` hold, not their TOML shape, so a table written from it alone may give the
//! table's words for an abbreviation as a list, or its out-of-scope words as one plain list.
//! Both read as the shape the docs show, as does one `[topic.sources]` block written as a
//! table, and a list of words written as one string. The embedded table's binary snapshot
//! keeps the one shape: a binary format cannot tell a string from a list by looking.

use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// The group name of `outside = [...]` written as one plain list.
pub const ONE_LIST: &str = "outside";

#[derive(Deserialize)]
#[serde(untagged)]
enum Words {
    One(String),
    Many(Vec<String>),
}

/// `[expand]` values: `"sev1" = "severity one"` or `"bin" = ["waste", "rubbish"]`.
pub fn expansions<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, String>, D::Error> {
    if !deserializer.is_human_readable() {
        return BTreeMap::deserialize(deserializer);
    }
    let written: BTreeMap<String, Words> = BTreeMap::deserialize(deserializer).map_err(|_| {
        serde::de::Error::custom(
            "each [expand] entry is what people type = the table's words, as a string \
             (sev1 = \"severity one\") or a list of strings (bin = [\"waste\", \"rubbish\"])",
        )
    })?;
    Ok(written
        .into_iter()
        .map(|(phrase, words)| {
            let words = match words {
                Words::One(text) => text,
                Words::Many(list) => list.join(" "),
            };
            (phrase, words)
        })
        .collect())
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Outside {
    Groups(BTreeMap<String, Vec<String>>),
    OneList(Vec<String>),
}

/// `[outside]` named lists, or `outside = [...]`: one list, named [`ONE_LIST`].
pub fn outside_groups<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, Vec<String>>, D::Error> {
    if !deserializer.is_human_readable() {
        return BTreeMap::deserialize(deserializer);
    }
    let written = Outside::deserialize(deserializer).map_err(|_| {
        serde::de::Error::custom(
            "outside is a list of words (outside = [\"parking\"]) or named lists under \
             [outside] (parking = [\"car park\", \"permit\"])",
        )
    })?;
    Ok(match written {
        Outside::Groups(groups) => groups,
        Outside::OneList(words) => BTreeMap::from([(ONE_LIST.to_string(), words)]),
    })
}

/// A list of words written as one string (`aliases = "who runs the rota"`): one item.
pub fn one_or_many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    if !deserializer.is_human_readable() {
        return Vec::deserialize(deserializer);
    }
    let written = Words::deserialize(deserializer).map_err(|_| {
        serde::de::Error::custom("a list of strings ([\"a\", \"b\"]) or one string")
    })?;
    Ok(match written {
        Words::One(one) => vec![one],
        Words::Many(many) => many,
    })
}

/// A key of `scope.toml` the format does not name: a list of words, or named lists.
#[derive(Debug)]
pub enum WordLists {
    One(Vec<String>),
    Named(BTreeMap<String, Vec<String>>),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum WordListsText {
    One(Vec<String>),
    Named(BTreeMap<String, Vec<String>>),
}

impl<'de> Deserialize<'de> for WordLists {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // serde's own message for an untagged enum names no key and no fix.
        let written = WordListsText::deserialize(deserializer).map_err(|_| {
            serde::de::Error::custom(
                "scope.toml holds lists of words to decline (out_of_scope = [\"parking\"]) or \
                 named lists of them, and allow, group_words and question_starts",
            )
        })?;
        Ok(match written {
            WordListsText::One(words) => WordLists::One(words),
            WordListsText::Named(groups) => WordLists::Named(groups),
        })
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Citations {
    Many(Vec<super::Citation>),
    One(super::Citation),
}

/// A topic's sources: `[[topic.sources]]` blocks, or one block written `[topic.sources]`
/// (TOML's table where the format shows an array of them).
pub fn citations<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<super::Citation>, D::Error> {
    if !deserializer.is_human_readable() {
        return Vec::deserialize(deserializer);
    }
    let written = Citations::deserialize(deserializer).map_err(|_| {
        serde::de::Error::custom(
            "sources are [[topic.sources]] blocks, each with source = \"id\" and \
             quote = \"...\"",
        )
    })?;
    Ok(match written {
        Citations::Many(list) => list,
        Citations::One(one) => vec![one],
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::model::{Scope, ScopeFile, Synonyms, Topic};

    #[test]
    fn an_expansion_may_be_a_list_of_the_tables_words() {
        let synonyms: Synonyms =
            toml::from_str("[expand]\nbin = [\"waste\", \"rubbish\"]\nsev1 = \"severity one\"\n")
                .unwrap();
        assert_eq!(synonyms.expand["bin"], "waste rubbish");
        assert_eq!(synonyms.expand["sev1"], "severity one");
    }

    #[test]
    fn an_expansion_that_is_neither_says_what_is_read() {
        let error = toml::from_str::<Synonyms>("[expand]\nbin = 3\n").unwrap_err();
        assert!(error.message().contains("list of strings"), "{error}");
    }

    #[test]
    fn out_of_scope_words_may_be_one_plain_list() {
        let read = |text: &str| -> Scope { toml::from_str::<ScopeFile>(text).unwrap().into() };
        let scope = read("outside = [\"parking\", \"canteen\"]\n");
        assert_eq!(scope.outside["outside"], ["parking", "canteen"]);
        let scope = read("[outside]\nfood = [\"canteen\"]\n");
        assert_eq!(scope.outside["food"], ["canteen"]);
    }

    #[test]
    fn out_of_scope_words_of_another_shape_say_what_is_read() {
        let error = toml::from_str::<ScopeFile>("outside = \"parking\"\n").unwrap_err();
        assert!(error.message().contains("named lists"), "{error}");
    }

    #[test]
    fn a_list_written_as_one_string_is_a_list_of_one() {
        let topic: Topic = toml::from_str(
            "id = \"a\"\ntitle = \"A\"\nowner = \"x\"\nanswer = \"y\"\n\
             aliases = \"who runs the rota\"\nrelated = [\"b\"]\n",
        )
        .unwrap();
        assert_eq!(topic.aliases, ["who runs the rota"]);
        assert_eq!(topic.related, ["b"]);
        let error = toml::from_str::<Topic>(
            "id = \"a\"\ntitle = \"A\"\nowner = \"x\"\nanswer = \"y\"\naliases = 3\n",
        )
        .unwrap_err();
        assert!(error.message().contains("a list of strings"), "{error}");
    }

    #[test]
    fn one_source_block_written_as_a_table_is_one_source() {
        let topic: Topic = toml::from_str(
            "id = \"a\"\ntitle = \"A\"\nowner = \"x\"\nanswer = \"y\"\n\
             [sources]\nsource = \"handbook\"\nquote = \"q\"\n",
        )
        .unwrap();
        assert_eq!(topic.sources.len(), 1);
        assert_eq!(topic.sources[0].source, "handbook");
    }
}
