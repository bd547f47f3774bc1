//! One analysed word: its stem, surface, class (content, role, comparison, stop, clause
//! mark) and flags. Shared by the lexicon, the typo pass, intent detection and ranking.

use super::index::TermId;
use super::normalise::CLAUSE_MARKS;
use super::stopwords::is_stop;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Shared text: a table word's stem and surface are made once and shared by every
/// analysis that meets the word, so analysing costs no allocation per known word.
pub type Text = Arc<str>;

/// The one stem every comparison word becomes.
pub const COMPARE: &str = "@compare";

/// What a word does in a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Class {
    /// Carries the topic ("roadmap", "pricing").
    Content,
    /// A role phrase collapsed to one word ("product owner" -> `@product owner`).
    Role,
    /// Marks a comparison ("vs", "difference").
    Compare,
    /// Function words and asking words ("who", "owns", "the").
    #[default]
    Stop,
    /// A clause mark (`,` `/` `&` `?` ...), kept so a two-part question can be split.
    Mark(char),
}

#[derive(Debug, Clone, Default)]
pub struct Word {
    /// The stem, or `@phrase` for a role, or the mark itself.
    pub stem: Text,
    pub class: Class,
    /// The word as written (lower case); for an expansion, the word it came from.
    pub surface: Text,
    /// Written with a capital and not all capitals ("Sarah", not "PO" nor "PCs").
    pub capitalised: bool,
    /// Written in capitals ("HR", "SEN", "PCs"): an acronym, not a typo of another word
    /// ("seen") nor WordNet's sense of the lower-case word ("hr", an hour).
    pub in_capitals: bool,
    /// Replaced by the nearest table word.
    pub corrected: bool,
    /// The stem's term in the index, looked up once by `Engine::finish` for content, role
    /// and comparison words (`None` before, and for a stem no topic has): scoring and the
    /// decisions after it read it many times over.
    pub term: Option<TermId>,
}

/// A one-character token that is a clause mark.
pub fn as_mark(written: &str) -> Option<char> {
    let mut chars = written.chars();
    let first = chars.next()?;
    (chars.next().is_none() && CLAUSE_MARKS.contains(&first)).then_some(first)
}

/// "PCs", "MRs": capitals, then the "s" of a plural. Not a name, though not all capitals.
fn is_plural_acronym(written: &str) -> bool {
    written.strip_suffix('s').is_some_and(|acronym| {
        acronym.chars().count() >= 2
            && acronym
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit())
    })
}

impl Word {
    pub fn mark(written: &str, mark: char) -> Word {
        let text = Text::from(written);
        Word {
            stem: text.clone(),
            class: Class::Mark(mark),
            surface: text,
            capitalised: false,
            in_capitals: false,
            corrected: false,
            term: None,
        }
    }

    /// A word as written, with its lower-case surface and stem.
    pub fn new(surface: Text, stem: Text, written: &str) -> Word {
        let stop = is_stop(&surface);
        Word::read(surface, stem, stop, written)
    }

    /// [`Word::new`] for a word whose surface is already known to be a stop word or not.
    pub fn read(surface: Text, stem: Text, stop: bool, written: &str) -> Word {
        let plural_acronym = is_plural_acronym(written);
        let mut chars = written.chars();
        let capitalised = chars.next().is_some_and(char::is_uppercase)
            && chars.any(char::is_lowercase)
            && !plural_acronym;
        let letters = || written.chars().filter(|c| c.is_alphabetic());
        let in_capitals =
            (letters().count() >= 2 && letters().all(char::is_uppercase)) || plural_acronym;
        Word {
            class: if stop { Class::Stop } else { Class::Content },
            stem,
            surface,
            capitalised,
            in_capitals,
            corrected: false,
            term: None,
        }
    }

    pub fn is_mark(&self) -> bool {
        matches!(self.class, Class::Mark(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word as a question writes it.
    fn written(as_written: &str) -> Word {
        let lower = as_written.to_lowercase();
        Word::new(Text::from(lower.as_str()), Text::from("x"), as_written)
    }

    #[test]
    fn a_name_is_capitalised_and_an_acronym_or_its_plural_is_not() {
        for name in ["Sarah", "Mrs", "Ms", "Dr", "McDonald"] {
            assert!(written(name).capitalised, "{name}");
        }
        for acronym in ["PO", "PCs", "MRs", "P60s", "sarah"] {
            assert!(!written(acronym).capitalised, "{acronym}");
        }
    }

    #[test]
    fn an_acronym_is_in_capitals_and_a_name_or_a_lone_letter_is_not() {
        for acronym in ["HR", "SEN", "PCs", "P60s", "A&E"] {
            assert!(written(acronym).in_capitals, "{acronym}");
        }
        for word in ["I", "Sarah", "hr", "Mrs"] {
            assert!(!written(word).in_capitals, "{word}");
        }
    }
}
