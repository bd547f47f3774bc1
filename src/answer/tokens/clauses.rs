//! What a message says around its question: frames, greetings, courtesies, remarks to the
//! bot and interjections, read as stop words or dropped before anything reads the question.

use super::{Class, Lexicon, Word, english};

impl Lexicon {
    /// "who is in charge of X", "whose job is it to X": the frame says nothing about which
    /// duty, so its words are read as stop words.
    pub(super) fn strip_frames(&self, words: &mut [Word]) {
        let mut at = 0;
        while at < words.len() {
            match self.frames.length_at(words, at) {
                Some(length) => {
                    for word in &mut words[at..at + length] {
                        word.class = Class::Stop;
                    }
                    at += length;
                }
                None => at += 1,
            }
        }
    }

    /// "hey all, quick question - who owns X? thanks in advance!": the courtesies go, so that
    /// what asks is the clause that is left ("... who's on shift tonight? thanks!" still asks
    /// a rota) and its first word is the first word asked.
    pub fn drop_courtesies(&self, words: &mut Vec<Word>) {
        drop_greeting(words);
        // Before the courtesies: "link please" is a remark whole.
        self.drop_remarks(words);
        let mut at = 0;
        while at < words.len() {
            match self.courtesies.length_at(words, at) {
                Some(length) => {
                    words.drain(at..at + length);
                }
                None => at += 1,
            }
        }
    }

    /// "that's wrong", "tell me more", "is that right?": said to the bot about its last
    /// answer, not asked about a duty. Only a remark that is a clause of its own goes: "the
    /// wrong answer on the form" keeps its words.
    fn drop_remarks(&self, words: &mut Vec<Word>) {
        let ends_clause = |words: &[Word], at: usize| at == words.len() || words[at].is_mark();
        // Where the clause at `at` starts, while only interjections have opened it ("hmm, no,
        // that doesn't sound right"): they go with the remark. Past any other word, no
        // remark can start this clause.
        let mut clause = Some(0);
        let mut at = 0;
        while at < words.len() {
            if words[at].is_mark() {
                at += 1;
                clause = Some(at);
                continue;
            }
            if let Some(start) = clause
                && let Some(length) = self.remarks.length_at(words, at)
                && ends_clause(words, at + length)
            {
                words.drain(start..at + length);
                at = start;
                continue;
            }
            if !english::INTERJECTIONS.contains(&&*words[at].surface) {
                clause = None;
            }
            at += 1;
        }
        drop_interjection_clauses(words);
    }
}

/// "no, ...", "ok so ...": a clause of interjections alone says nothing, though a table may
/// use the word ("no" in "no-show charges").
fn drop_interjection_clauses(words: &mut Vec<Word>) {
    let mut start = 0;
    while start < words.len() {
        let end = words[start..]
            .iter()
            .position(Word::is_mark)
            .map_or(words.len(), |mark| start + mark);
        let said_nothing = end > start
            && words[start..end]
                .iter()
                .all(|word| english::INTERJECTIONS.contains(&&*word.surface));
        if said_nothing {
            words.drain(start..end);
        } else {
            start = end + 1;
        }
    }
}

/// The words a greeting may address before its mark: "hello rolecall,", "hi Sam and team:".
const ADDRESSED_WORDS: usize = 3;

/// "Hello rolecall, who owns X?": a greeting that opens the message and the few words it
/// addresses, up to the mark that ends them, ask nothing. The bot's own name is a word no
/// table uses, and would otherwise count against the question.
fn drop_greeting(words: &mut Vec<Word>) {
    let greets = |word: &Word| english::GREETINGS.binary_search(&&*word.surface).is_ok();
    if !words.first().is_some_and(greets) {
        return;
    }
    let ends = words
        .iter()
        .take(ADDRESSED_WORDS + 2)
        .position(|word| matches!(word.class, Class::Mark(',' | '!' | ':' | ';' | '.')));
    if let Some(mark) = ends
        && words[1..mark].iter().all(|word| !word.is_mark())
    {
        words.drain(..=mark);
    }
}
