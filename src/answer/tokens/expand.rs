//! Synonym expansion and role phrases: the table's words for a phrase, and a role's name
//! collapsed to its role word.

use super::{ARTICLES, Class, Expansion, FastMap, Lexicon, Text, Word, intent, is_stop};

/// Role phrases up to this many are scanned at each word; more are looked up by first stem.
const SCANNED_ROLE_PHRASES: usize = 64;

impl Lexicon {
    pub(super) fn expand_synonyms(&self, mut words: Vec<Word>) -> Vec<Word> {
        // Decide on the words as they stand, then move them out once (no copies).
        let mut plan: Vec<(usize, &Expansion)> = Vec::new();
        let mut at = 0;
        while at < words.len() {
            if titles_a_name(&words, at) {
                words[at].class = Class::Stop;
                at += 1;
                continue;
            }
            let matching = |first: &str| {
                self.expand.get(first).and_then(|phrases| {
                    phrases.iter().find(|expansion| {
                        expansion.key.len() <= words.len() - at
                            && expansion.key.iter().zip(&words[at..]).all(|(key, word)| {
                                (**key == *word.stem || **key == *word.surface) && !word.is_mark()
                            })
                    })
                })
            };
            let matched = matching(&words[at].stem).or_else(|| matching(&words[at].surface));
            match matched {
                Some(expansion) => {
                    plan.push((at, expansion));
                    at += expansion.key.len();
                }
                None => at += 1,
            }
        }
        if plan.is_empty() {
            return words;
        }
        let mut out = Vec::with_capacity(words.len() + 2 * plan.len());
        let mut plan = plan.into_iter().peekable();
        let mut skip_to = 0;
        for (at, word) in words.into_iter().enumerate() {
            if let Some((_, expansion)) = plan.next_if(|(start, _)| *start == at) {
                for (surface, stem, class) in &expansion.words {
                    out.push(Word {
                        stem: stem.clone(),
                        class: *class,
                        surface: surface.clone(),
                        capitalised: false,
                        in_capitals: false,
                        corrected: word.corrected,
                        term: None,
                    });
                }
                skip_to = at + expansion.key.len();
            } else if at >= skip_to {
                out.push(word);
            }
        }
        out
    }

    pub(super) fn collapse_roles(&self, words: Vec<Word>) -> Vec<Word> {
        // A few phrases are scanned faster than a word's stem is hashed; thousands are not.
        let starts = (self.roles.len() > SCANNED_ROLE_PHRASES).then(|| {
            self.role_starts.get_or_init(|| {
                let mut starts: FastMap<String, Vec<usize>> = FastMap::default();
                for (index, (key, _)) in self.roles.iter().enumerate() {
                    starts.entry(key[0].clone()).or_default().push(index);
                }
                starts
            })
        });
        let mut plan: Vec<(usize, usize, &Text)> = Vec::new();
        let mut at = 0;
        while at < words.len() {
            let candidates: &mut dyn Iterator<Item = &(Vec<String>, Text)> = match starts {
                Some(starts) => &mut starts
                    .get(&*words[at].stem)
                    .into_iter()
                    .flatten()
                    .map(|&index| &self.roles[index]),
                None => &mut self.roles.iter(),
            };
            // The longest name wins: "principal dentist" is one role even when "the
            // principal" is another alias of it; among equals, the first listed.
            let role = candidates
                .filter_map(|(key, name)| Some((role_span(key, &words[at..])?, name)))
                .reduce(|best, next| if next.0 > best.0 { next } else { best });
            match role {
                Some((length, name)) => {
                    plan.push((at, length, name));
                    at += length;
                }
                None => at += 1,
            }
        }
        if plan.is_empty() {
            return words;
        }
        let mut out: Vec<Word> = Vec::with_capacity(words.len());
        let mut plan = plan.into_iter().peekable();
        let mut skip_to = 0;
        for (at, word) in words.into_iter().enumerate() {
            if let Some((_, length, name)) = plan.next_if(|(start, _, _)| *start == at) {
                skip_to = at + length;
                // "reception & billing", "reception and billing": two aliases of one role in
                // a row name it once.
                if names_again(&mut out, name) {
                    continue;
                }
                out.push(Word {
                    stem: name.clone(),
                    class: Class::Role,
                    surface: name.clone(),
                    capitalised: false,
                    in_capitals: false,
                    corrected: false,
                    term: None,
                });
            } else if at >= skip_to {
                out.push(word);
            }
        }
        out
    }
}

/// Whether the words so far end with role `name`, alone or before an "and" or "&": a second
/// alias of the same role there is the same mention.
fn names_again(words: &mut Vec<Word>, name: &Text) -> bool {
    let same = |word: Option<&Word>| {
        word.is_some_and(|word| word.class == Class::Role && word.stem == *name)
    };
    if same(words.last()) {
        return true;
    }
    let before_and = words.len() >= 2
        && matches!(words[words.len() - 1].surface.as_ref(), "and" | "&")
        && same(words.get(words.len() - 2));
    if before_and {
        words.pop();
    }
    before_and
}

/// How many of `words` a role's name (as stems, articles removed) covers from the first
/// word on, articles inside it included.
fn role_span(key: &[String], words: &[Word]) -> Option<usize> {
    // A word a frame has read ("who's *accountable* for") asks; alone it names no role, even
    // one whose name shares its stem (the accounts supervisor). Inside a longer name that
    // other words of the question also spell ("the nurse *in charge*"), it is that name.
    let asks = |word: &Word| word.class == Class::Stop && !is_stop(&word.surface);
    let mut at = 0;
    let (mut asking, mut naming) = (false, false);
    for (position, stem) in key.iter().enumerate() {
        if position > 0 {
            while words
                .get(at)
                .is_some_and(|word| ARTICLES.contains(&&*word.stem))
            {
                at += 1;
            }
        }
        let word = words.get(at).filter(|word| **stem == *word.stem)?;
        if asks(word) {
            asking = true;
        } else if !is_stop(&word.surface) {
            naming = true;
        }
        at += 1;
    }
    // Only frame words (and function words): the frame, not a name.
    (!asking || naming).then_some(at)
}

/// "Mrs Patel", "Dr Marsh": a title of address, written as a name is or before one, is part
/// of the name and names no duty, nor the abbreviation it also spells ("MRs" are merge
/// requests).
fn titles_a_name(words: &[Word], at: usize) -> bool {
    intent::is_title(&words[at].surface)
        && (words[at].capitalised || words.get(at + 1).is_some_and(|next| next.capitalised))
}
