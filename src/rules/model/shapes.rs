//! The second way a file may write a list: TABLE-FORMAT.md names what `synonyms.toml` and
//! `scope.toml` hold, not their TOML shape, so a table written from it alone may give the
//! table's words for an abbreviation as a list, or its out-of-scope words as one plain list.
//! Both read as the shape the docs show. The embedded table's binary snapshot keeps the one
//! shape: a binary format cannot tell a string from a list by looking.

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

#[cfg(test)]
mod tests {
    use crate::rules::model::{Scope, Synonyms};

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
        let scope: Scope = toml::from_str("outside = [\"parking\", \"canteen\"]\n").unwrap();
        assert_eq!(scope.outside["outside"], ["parking", "canteen"]);
        let scope: Scope = toml::from_str("[outside]\nfood = [\"canteen\"]\n").unwrap();
        assert_eq!(scope.outside["food"], ["canteen"]);
    }

    #[test]
    fn out_of_scope_words_of_another_shape_say_what_is_read() {
        let error = toml::from_str::<Scope>("outside = \"parking\"\n").unwrap_err();
        assert!(error.message().contains("named lists"), "{error}");
    }
}
