//! Words that never say which duty a question is about: English function words and the
//! ways people ask "who owns it" ("whose job", "in charge of", "supposed to").

use super::hash::FastSet;
use std::sync::LazyLock;

/// Kept sorted so that a duplicate is easy to see.
#[rustfmt::skip]
const STOP: &[&str] = &[
    "a", "about", "actual", "actually", "aint", "all", "am", "among", "an", "and", "any", "anyone",
    "anything", "are", "aren", "arent", "around", "as", "ask", "at", "basically", "bc", "be",
    "because", "been", "being", "between", "biggest", "but", "by", "can", "cant", "cos", "could",
    "couldnt", "couldve", "currently", "deal", "deals", "did", "didn", "didnt", "do", "does",
    "doesn", "doesnt", "doing", "don", "done", "dont", "duties", "duty", "each", "either", "else",
    "etc", "even", "every", "exactly", "for", "from", "generally", "get", "gets", "getting", "go",
    "got", "gotten", "guys", "had", "hadnt", "handle", "handled", "handles", "handling", "has",
    "hasnt", "have", "havent", "having", "he", "hello", "her", "here", "heres", "hes", "hey", "hi",
    "him", "his", "how", "hows", "i", "if", "im", "in", "into", "is", "isn", "isnt", "it", "itll",
    "its", "ive", "job", "jobs", "just", "know", "lately", "let", "like", "ll", "m", "main", "me",
    "meant", "mine", "much", "mustnt", "mustve", "my", "neednt", "next", "normally", "of", "on",
    "or", "other", "our", "ours", "own", "owned", "owner", "owners", "ownership", "owning", "owns",
    "please", "pls", "plz", "real", "responsibilities", "responsibility", "responsible", "role",
    "roles", "s", "she", "shes", "should", "shouldn", "shouldnt", "shouldve", "so", "somebody",
    "someone", "something", "stuff", "supposed", "sure", "t", "task", "tasks", "tell", "than",
    "thanks", "that", "thatd", "thatll", "thats", "the", "their", "them", "then", "there",
    "therell", "theres", "these", "they", "theyd", "theyll", "theyre", "theyve", "thing", "things",
    "this", "those", "thx", "to", "typically", "us", "usually", "ve", "was", "wasnt", "we", "were",
    "werent", "weve", "what", "whats", "when", "whens", "where", "whereas", "wheres", "which",
    "who", "whod", "wholl", "whom", "whos", "whose", "whove", "why", "whys", "will", "with",
    "wont", "would", "wouldnt", "wouldve", "ya", "yeah", "you", "youd", "youll", "your", "youre",
    "yours", "youve",
];

/// Every stop word, so the typo pass can repair "handels" to a stop word too.
pub fn all() -> &'static [&'static str] {
    STOP
}

static SET: LazyLock<FastSet<&'static str>> = LazyLock::new(|| STOP.iter().copied().collect());

pub fn is_stop(word: &str) -> bool {
    SET.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_without_duplicates_and_every_entry_is_found() {
        assert!(STOP.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(STOP.iter().all(|word| is_stop(word)));
    }

    #[test]
    fn duty_words_are_not_stop_words() {
        for word in [
            "roadmap", "backlog", "pricing", "team", "both", "same", "plan",
        ] {
            assert!(!is_stop(word), "{word}");
        }
    }
}
