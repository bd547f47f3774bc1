//! Words a table writes with a hyphen, learnt as the words they join.

use super::{Class, Expansion, Lexicon, Text, is_stop};
use crate::answer::hash::FastSet;

impl Lexicon {
    /// The words synonyms expand to, for the typo vocabulary. Not the phrases people type:
    /// those are everyday words, and "sending" must not turn into "spending".
    /// "check-out", "e-book", "inter-library": a word the table writes with a hyphen is the
    /// same word written joined ("checkout", "ebook"), which then reads as its parts, unless
    /// the table also writes the joined form itself or defines it. Returns the joined forms,
    /// towards which typos are repaired.
    pub fn learn_compounds<'a>(&mut self, texts: impl Iterator<Item = &'a str>) -> Vec<String> {
        let mut hyphenated: Vec<String> = Vec::new();
        let mut written: FastSet<String> = FastSet::default();
        for text in texts {
            let lower = text.to_lowercase();
            for token in lower.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
                let parts: Vec<&str> = token.split('-').collect();
                if parts.len() == 2
                    && parts
                        .iter()
                        .all(|part| !part.is_empty() && part.chars().all(char::is_alphabetic))
                {
                    hyphenated.push(token.to_string());
                } else if parts.len() == 1 && !token.is_empty() {
                    written.insert(token.to_string());
                }
            }
        }
        hyphenated.sort_unstable();
        hyphenated.dedup();
        let mut joined_forms = Vec::new();
        let mut compounds_seen: FastSet<String> = FastSet::default();
        for compound in hyphenated {
            let joined = compound.replace('-', "");
            let stem = self.stem(&joined).to_string();
            if written.contains(&joined) {
                continue;
            }
            // "e-book" and "e-books" share a stem: one expansion, both joined forms.
            if self.expand.contains_key(&stem) {
                if compounds_seen.contains(&stem) {
                    joined_forms.push(joined);
                }
                continue;
            }
            compounds_seen.insert(stem.clone());
            // "get-in", "check-in", "goods-in", "add-on": "in" or "on" joined to a word
            // names a thing of its own (the check-in desk is not any check), however it is
            // written: "get in" reads as the one word. Other function words join a phrase
            // ("go-to", "product-owner"), not a thing.
            let parts: Vec<&str> = compound.split('-').collect();
            if matches!(parts.as_slice(), [_, "in" | "on"]) {
                let key: Vec<String> = parts
                    .iter()
                    .map(|part| self.stem(part).to_string())
                    .collect();
                self.add_expansion(Expansion {
                    key,
                    words: vec![(
                        Text::from(joined.as_str()),
                        Text::from(stem.as_str()),
                        Class::Content,
                    )],
                    built_in: true,
                });
                self.known.insert(stem.clone());
                continue;
            }
            let words = compound
                .split('-')
                .map(|part| {
                    let class = if is_stop(part) {
                        Class::Stop
                    } else {
                        Class::Content
                    };
                    (Text::from(part), self.stem(part), class)
                })
                .collect();
            self.known.insert(stem.clone());
            self.add_expansion(Expansion {
                key: vec![stem],
                words,
                built_in: true,
            });
            joined_forms.push(joined);
        }
        joined_forms
    }
}
