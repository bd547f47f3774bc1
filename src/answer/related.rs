//! General English word groups ([`english::RELATED`]) narrowed to one table: a question
//! word the table never asks with is read as the group's word that the table does use.
//! "who has to ping the CTO" in a table that asks "who contacts the CTO".

use super::english;
use super::hash::FastMap;
use super::tokens::{Lexicon, Text};
use serde::{Deserialize, Serialize};

/// Question stem -> (surface, stem) of the table's own word for it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Related {
    map: FastMap<String, (Text, Text)>,
}

impl Related {
    /// `asked` are the words of the table's aliases and titles; `asks_with` says whether
    /// the table asks with a stem.
    pub fn new<'a>(
        lexicon: &Lexicon,
        asked: impl Iterator<Item = &'a str>,
        asks_with: impl Fn(&str) -> bool,
    ) -> Self {
        let mut map = FastMap::default();
        for group in english::RELATED {
            let members: Vec<(&str, Text)> = group
                .iter()
                .map(|word| (*word, lexicon.stem(word)))
                .collect();
            let Some((surface, stem)) = members.iter().find(|(_, stem)| asks_with(stem)) else {
                continue;
            };
            let own = (Text::from(*surface), stem.clone());
            for (_, other) in &members {
                if !asks_with(other) {
                    map.entry(other.to_string()).or_insert_with(|| own.clone());
                }
            }
        }
        // "who do patients *complain* to?" in a table that asks about complaints: a verb is
        // read as the noun it makes, when the table asks with the noun and never the verb.
        for noun in asked {
            let own = (Text::from(noun), lexicon.stem(noun));
            for verb in english::verbs_of_noun(noun) {
                let stem = lexicon.stem(&verb);
                if !asks_with(&stem) && *stem != *own.1 {
                    map.entry(stem.to_string()).or_insert_with(|| own.clone());
                }
            }
        }
        Related { map }
    }

    /// The table's word for a stem it does not ask with, if a group links them.
    pub fn table_word(&self, stem: &str) -> Option<&(Text, Text)> {
        self.map.get(stem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Synonyms;

    #[test]
    fn a_word_maps_to_the_groups_word_the_table_asks_with() {
        let lexicon = Lexicon::new(&Synonyms::default());
        let contact = lexicon.stem("contact");
        let related = Related::new(&lexicon, std::iter::empty(), |stem| *stem == *contact);
        let (surface, stem) = related.table_word(&lexicon.stem("ping")).expect("ping");
        assert_eq!((&**surface, stem), ("contact", &contact));
        assert!(related.table_word(&contact).is_none());
    }

    #[test]
    fn no_group_reads_a_word_as_one_an_organisation_uses_for_a_thing() {
        // A warehouse's picking, a newspaper's lead, a delivery run, a car crash, a hotel's
        // check-in, "right now", a hotel's functions.
        let lexicon = Lexicon::new(&Synonyms::default());
        for (own, asked) in [
            ("pick", "decide"),
            ("order", "prioritise"),
            ("lead", "coordinate"),
            ("run", "operate"),
            ("crash", "broken"),
            ("check", "review"),
            ("right", "access"),
            ("coach", "train"),
            // A member whose stem is another word: "settings" -> "set", "objective" ->
            // "object", "functionality" -> "function", "poorly" -> "poor".
            ("set", "configuration"),
            ("object", "goal"),
            ("function", "feature"),
            ("poor", "sick"),
            ("product", "prod"),
        ] {
            let own = lexicon.stem(own);
            let related = Related::new(&lexicon, std::iter::empty(), |stem| *stem == *own);
            assert!(
                related.table_word(&lexicon.stem(asked)).is_none(),
                "{asked}"
            );
        }
    }

    #[test]
    fn a_group_the_table_never_uses_maps_nothing() {
        let lexicon = Lexicon::new(&Synonyms::default());
        let related = Related::new(&lexicon, std::iter::empty(), |_| false);
        assert!(related.table_word(&lexicon.stem("ping")).is_none());
    }
}
