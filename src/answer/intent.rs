//! What kind of question it is, from its analysed words alone: a comparison of the roles,
//! two questions in one, where the clause that asks starts, or one about someone the
//! sources never cover (a named person). The scope lists are read in `scope`.

use super::english;
use super::tokens::{Class, Word};

pub(super) fn without_marks(words: &[Word]) -> Vec<&Word> {
    words.iter().filter(|word| !word.is_mark()).collect()
}

/// Where the clause that asks starts, as an index into `words`: the last clause, after the
/// last sentence or clause mark that has words after it ("/" and "&" join words, they do not
/// end a clause), unless only an earlier clause holds an asking word ("who was on nights
/// last thursday? need to ask them something"); with no mark, at a "who" that follows the
/// setting unmarked, or 0 ("who owns pricing?" is one clause).
pub fn asking_clause_at(words: &[Word]) -> usize {
    let starts_a_clause = |at: usize| {
        matches!(words[at - 1].class, Class::Mark(mark) if ends_a_clause(mark))
            && words[at..].iter().any(|word| !word.is_mark())
    };
    let Some(last) = (1..words.len()).rev().find(|&at| starts_a_clause(at)) else {
        return asking_word_after_setting(words);
    };
    // Most questions end with the clause that asks: the other clauses are not gathered then.
    if has_an_asking_word(&words[last..]) {
        return last;
    }
    let starts: Vec<usize> = (1..=last).filter(|&at| starts_a_clause(at)).collect();
    clause_that_asks(&starts, words.len(), |clause| {
        has_an_asking_word(&words[clause])
    })
}

/// Of the clauses starting at 0 and at each of `clause_starts` (ascending, the last one
/// ending at `end`), the one that asks: the last, unless it holds no asking word and an
/// earlier one does ("how do you pronounce GIF? settling a debate in the channel").
pub fn clause_that_asks(
    clause_starts: &[usize],
    end: usize,
    asks: impl Fn(std::ops::Range<usize>) -> bool,
) -> usize {
    let last = clause_starts.last().copied().unwrap_or(0);
    if asks(last..end) {
        return last;
    }
    let starts = std::iter::once(0).chain(clause_starts.iter().copied());
    let ends = clause_starts.iter().copied().chain([end]);
    starts
        .zip(ends)
        .filter(|(start, end)| asks(*start..*end))
        .last()
        .map_or(last, |(start, _)| start)
}

/// "my licence runs out next month who books the refresher": with no mark between them, a
/// "who" right after a word of the setting starts the clause that asks, if something
/// follows it ("the casting for the new Doctor Who?" ends with a name).
fn asking_word_after_setting(words: &[Word]) -> usize {
    (1..words.len())
        .rev()
        .find(|&at| {
            asks_who(&words[at])
                && matches!(words[at - 1].class, Class::Content | Class::Role)
                && words[at + 1..].iter().any(|after| !after.is_mark())
        })
        .unwrap_or(0)
}

/// Where the last sentence starts: after the last full stop, question or exclamation mark
/// that more words follow. The clause that asks may be the end of a list ("who handles
/// sales, marketing and support?"); its sentence holds the asking word.
pub fn last_sentence_at(words: &[Word]) -> usize {
    (0..words.len())
        .rev()
        .find(|&at| ends_a_sentence_before_more(words, at))
        .map_or(0, |at| at + 1)
}

/// Whether `words[at]` is a full stop, question or exclamation mark that more words follow.
fn ends_a_sentence_before_more(words: &[Word], at: usize) -> bool {
    matches!(words[at].class, Class::Mark('.' | '?' | '!'))
        && words[at + 1..].iter().any(|after| !after.is_mark())
}

/// A sentence or clause mark; "/" and "&" join words instead.
pub fn ends_a_clause(mark: char) -> bool {
    matches!(mark, ',' | '.' | ';' | ':' | '!' | '?')
}

/// [`asking_clause_at`], counted in words without marks.
pub(super) fn asking_clause_start(words: &[Word]) -> usize {
    words[..asking_clause_at(words)]
        .iter()
        .filter(|word| !word.is_mark())
        .count()
}

/// Titles written before a person's name ("Mrs Patel", "dr okafor").
const TITLES: [&str; 6] = ["mr", "mrs", "ms", "mx", "dr", "prof"];

/// Whether a lower-case word is a title written before a name.
pub fn is_title(word: &str) -> bool {
    TITLES.contains(&word)
}

/// "what does Sarah own": a capitalised word the table does not know, not at the start of
/// a sentence (where every word is capitalised).
pub fn names_a_person(words: &[Word], known: impl Fn(&Word) -> bool) -> bool {
    (0..words.len()).any(|at| is_unknown_name(words, at, &known))
}

/// A capitalised word the table does not know, not at the start of a sentence.
fn is_unknown_name(words: &[Word], at: usize, known: impl Fn(&Word) -> bool) -> bool {
    let word = &words[at];
    is_capitalised_mid_sentence(words, at) && word.class == Class::Content && !known(word)
}

/// A word written with a capital where a sentence does not start: a name ("the editor of
/// *Vogue*"), whatever the same word means in lower case.
pub fn is_capitalised_mid_sentence(words: &[Word], at: usize) -> bool {
    let sentence_start = at == 0 || ends_a_sentence(&words[at - 1]);
    words[at].capitalised && !sentence_start
}

/// A mark after which every word is written with a capital.
pub fn ends_a_sentence(word: &Word) -> bool {
    matches!(word.class, Class::Mark('.' | '?' | '!' | ':' | ','))
}

/// "Mrs Patel wants to pay monthly, who do I pass her to?": a person named before the clause
/// that asks who is part of the story, not what is asked, so the name's words become
/// function words. A name in the asking clause ("who is Dev's manager?", "is Priya on
/// call?") still asks about one person, which no table answers.
pub fn read_story_names(words: &mut [Word], known: impl Fn(&Word) -> bool) {
    let asking = asking_clause_at(words);
    let remark = remark_at(words, asking);
    let question = &words[asking..remark];
    if question.len() == words.len() || !question.iter().any(asks_who) {
        return;
    }
    if names_a_person(question, &known) {
        return;
    }
    let names: Vec<usize> = (0..words.len())
        .filter(|&at| !(asking..remark).contains(&at) && is_unknown_name(words, at, &known))
        .collect();
    for at in names {
        words[at].class = Class::Stop;
    }
}

/// Where a remark after the question starts ("who approves refunds? *the guest is from
/// Berlin*"): the sentence after the one the clause that asks (starting at `asking`) is in,
/// or the end of the question when there is none. Like the setting before the question, a
/// remark tells the story.
pub fn remark_at(words: &[Word], asking: usize) -> usize {
    (asking..words.len())
        .find(|&at| ends_a_sentence_before_more(words, at))
        .map_or(words.len(), |at| at + 1)
}

/// "9 Birch Way", "Elm Road", "at Northgate", "St Anne's": a place sets the scene of a
/// question, and its capitalised words name no person and no duty. Its words become function
/// words: a run of capitalised words that ends with a street word, starts with "St", or
/// follows a house number or "at", "in", "from".
pub fn read_addresses(words: &mut [Word], known: impl Fn(&Word) -> bool) {
    let asking = asking_clause_at(words);
    let remark = remark_at(words, asking);
    let mut at = 0;
    while at < words.len() {
        if !words[at].capitalised {
            at += 1;
            continue;
        }
        let end = (at..words.len())
            .find(|&after| !words[after].capitalised)
            .unwrap_or(words.len());
        let before = at.checked_sub(1).map(|before| &*words[before].surface);
        let numbered = before.is_some_and(|before| before.chars().all(|c| c.is_ascii_digit()));
        // "at Northgate", "the branch in Riverside": where something happens. In the clause
        // that asks, a place the table never names is somewhere else: "who's on the board
        // at Arsenal?" asks about a football club.
        let placed = before.is_some_and(|before| PLACE_WORDS.contains(&before))
            && (at < asking || at >= remark || words[at..end].iter().all(&known));
        let saint = ["st", "saint"]
            .iter()
            .any(|saint| saint.eq_ignore_ascii_case(&words[at].surface));
        let last = &words[end - 1].surface;
        let street = STREET_WORDS
            .iter()
            .any(|street| street.eq_ignore_ascii_case(last));
        if numbered || placed || saint || street {
            for word in &mut words[at..end] {
                word.class = Class::Stop;
            }
        }
        at = end;
    }
}

/// Words before a place's name.
const PLACE_WORDS: &[&str] = &["at", "from", "in", "inside", "near", "opposite", "outside"];

/// The last word of a street's or a building's name.
#[rustfmt::skip]
const STREET_WORDS: &[&str] = &[
    "avenue", "close", "court", "crescent", "drive", "estate", "gardens", "green", "grove",
    "house", "lane", "mews", "place", "rd", "road", "row", "square", "st", "street",
    "terrace", "tower", "walk", "way",
];

/// "vs", "difference", or two roles and nothing else ("PM or PO?"). A question that names
/// two roles around a duty ("can members merge or only reviewers?") is about the duty.
/// The declared roles a question names, by id, each once, in id order.
pub fn role_ids(words: &[Word]) -> Vec<&str> {
    let mut roles: Vec<&str> = words
        .iter()
        .filter(|word| word.class == Class::Role)
        .filter_map(|word| word.stem.strip_prefix('@'))
        .collect();
    roles.sort_unstable();
    roles.dedup();
    roles
}

pub fn is_comparison(words: &[Word]) -> bool {
    words.iter().any(|word| word.class == Class::Compare) || names_two_roles_alone(words)
}

/// Two roles, and no word that names a duty.
fn names_two_roles_alone(words: &[Word]) -> bool {
    names_two_roles(words) && !words.iter().any(|word| word.class == Class::Content)
}

fn names_two_roles(words: &[Word]) -> bool {
    let mut roles = words.iter().filter(|word| word.class == Class::Role);
    let first = roles.next();
    first.is_some_and(|first| roles.any(|other| other.stem != first.stem))
}

/// "is the EM the same as the tech lead?", "how do the EM and the TL split the work?": with
/// two roles and no duty, these words ask how the roles differ, and read as "vs" does.
/// So does a verb with "what" for its object ("who covers what?", "who signs what?"): it
/// asks how the work is divided, whatever the verb.
pub fn read_roles_apart(words: &mut [Word]) {
    let apart = |at: usize| {
        ROLES_APART.contains(&&*words[at].surface)
            || words
                .get(at + 1)
                .is_some_and(|next| &*next.surface == "what")
    };
    let is_duty = |at: usize| words[at].class == Class::Content && !apart(at);
    if (0..words.len()).any(is_duty) || !names_two_roles(words) {
        return;
    }
    for word in words.iter_mut().filter(|word| word.class == Class::Content) {
        word.class = Class::Compare;
    }
}

/// Words that, between two roles and with no duty named, ask how the roles differ.
#[rustfmt::skip]
const ROLES_APART: &[&str] = &[
    "divide", "duties", "job", "jobs", "overlap", "responsibilities", "role", "roles", "same",
    "share", "split", "thing", "work",
];

/// Whether a word opens a second question after "and": "... and who writes user stories?",
/// "... and is X ...".
fn opens_a_question(word: &Word) -> bool {
    WH_WORDS.contains(&&*word.surface) || &*word.surface == "is"
}

/// Whether some words ask something: an asking word, or a question mark at the end.
/// An auxiliary asks only where it opens a clause: "can I merge?" asks, "the tenant
/// couldn't get hold of anyone" tells.
pub fn asks(words: &[Word]) -> bool {
    words
        .last()
        .is_some_and(|word| word.class == Class::Mark('?'))
        || has_an_asking_word(words)
}

/// Whether some words hold a word that asks: a question word anywhere, or an auxiliary or
/// a request opening a clause. "anywhere decent near the site?" only ends like a question.
pub fn has_an_asking_word(words: &[Word]) -> bool {
    let opens_clause = |at: usize| at == 0 || words[at - 1].is_mark();
    words
        .iter()
        .enumerate()
        .any(|(at, word)| is_asking_word(&word.surface, opens_clause(at)))
}

/// Whether a lower-case word asks: a question word wherever it stands, "is" or a request
/// where it opens a clause.
pub fn is_asking_word(word: &str, opens_clause: bool) -> bool {
    WH_WORDS.contains(&word) || (opens_clause && (word == "is" || REQUESTS.contains(&word)))
}

/// Question words that ask wherever they stand.
const WH_WORDS: [&str; 8] = [
    "who", "whos", "whose", "what", "whats", "which", "where", "how",
];

/// Auxiliaries that open a yes-or-no question.
pub(super) const YES_OR_NO: [&str; 11] = [
    "am", "are", "can", "could", "do", "does", "is", "may", "must", "should", "will",
];

/// "how many ...", "how long ...": a quantity is a fact, whoever sees to it.
fn asks_how_much(words: &[Word]) -> bool {
    matches!(
        words,
        [first, second, ..] if &*first.surface == "how"
            && matches!(&*second.surface, "many" | "much" | "long" | "often" | "far")
    )
}

/// "what's the dose of meloxicam?", "what is the gym timetable?": when a question asks
/// what a thing is, the words naming that thing, up to the first mark or condition
/// ("what's the procedure *if* ..."), without the attribute asked of it (the first noun
/// phrase, "the dose", "the cut off time", or its last word when nothing follows it: "the
/// gym *timetable*"), which is the question's own word, not the thing's; in "what does X
/// mean?" or "what does X stand for?", all of X. `None` for any other shape.
pub fn thing_asked_what_it_is(words: &[Word]) -> Option<Vec<&Word>> {
    let [first, second, ..] = words else {
        return None;
    };
    if !matches!(&*first.surface, "what" | "whats") {
        return None;
    }
    // "what does an *SPDX identifier* mean?": the words between name the thing.
    if matches!(&*second.surface, "does" | "do")
        && let Some(meaning) = words
            .iter()
            .position(|word| matches!(&*word.surface, "mean" | "stand"))
    {
        return Some(words[2..meaning].iter().collect());
    }
    // "what *size* chef whites should I order?": the noun after "what" is the attribute.
    let attribute_follows_what =
        second.class == Class::Content && !english::is_verb_or_adverb(&second.surface);
    let asks_what_is = attribute_follows_what
        || matches!(
            &*second.surface,
            "is" | "are" | "was" | "were" | "the" | "my" | "our" | "your" | "this" | "that"
        );
    if !asks_what_is {
        return None;
    }
    let end = words
        .iter()
        .position(|word| {
            word.is_mark()
                || matches!(
                    &*word.surface,
                    "if" | "when" | "after" | "before" | "because"
                )
        })
        .unwrap_or(words.len());
    let clause = &words[..end];
    if attribute_follows_what {
        return Some(clause.iter().skip(2).collect());
    }
    let phrase_start = clause.iter().position(|word| word.class != Class::Stop)?;
    let phrase_end = clause[phrase_start..]
        .iter()
        .position(|word| word.class == Class::Stop || matches!(&*word.surface, "per" | "via"))
        .map_or(clause.len(), |length| phrase_start + length);
    // "the cut off time *for home visit requests*": the thing follows the attribute. With
    // nothing after it, the words before the attribute's last one name the thing: "the
    // *gym* timetable".
    let after: Vec<&Word> = clause[phrase_end..].iter().collect();
    if after.iter().any(|word| word.class != Class::Stop) {
        return Some(after);
    }
    Some(clause[..phrase_end - 1].iter().collect())
}

/// "who's the *MP* for brennock?", "who is the *editor* of the paper?": the word naming
/// the post whose holder is asked for, in a question of that form.
pub fn post_asked_who_holds(words: &[Word]) -> Option<&Word> {
    let mut rest = words.iter().filter(|word| !word.is_mark());
    if &*rest.next()?.surface != "who" {
        return None;
    }
    let mut next = rest.next()?;
    if matches!(&*next.surface, "is" | "was" | "s") {
        next = rest.next()?;
    }
    if !matches!(&*next.surface, "the" | "our" | "your") {
        return None;
    }
    rest.next().filter(|post| post.class == Class::Content)
}

/// The kind of answer a question's shape asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expects {
    /// "who merges pull requests?", "whose call is it?"
    Owner,
    /// "can I merge if CI is red?", "does a -1 count as a veto?": whether something holds.
    Fact,
    /// "what about the roadmap?", "pricing"
    Either,
}

/// "who allocates ...", "who books ...": "who" followed by the verb of a duty, not by
/// "is" or "will" (asking who holds a place on a rota), nor by what is left of "who's":
/// "who's on call" reads "who on call", "who's answering" "who answering".
pub(super) fn asks_who_does(content: &[&Word]) -> bool {
    content.windows(2).any(|pair| {
        &*pair[0].surface == "who"
            && pair[1].class == Class::Content
            && !pair[1].surface.ends_with("ing")
    })
}

/// "who decides?", "who picks it up?", "where do I find it?", "is it allowed?": a question
/// whose one word that is not a function word is its verb, with no object or only a
/// pronoun, names no duty. It follows up on something said before, which one question
/// cannot see; any topic asked with that verb would be a guess.
pub fn names_nothing_but_its_verb(words: &[Word]) -> bool {
    // Marks end a clause: "who? refunds" names its thing after one. Only those around the
    // message are left out.
    let said_at = |word: &Word| !word.is_mark();
    let (Some(first), Some(last)) = (
        words.iter().position(said_at),
        words.iter().rposition(said_at),
    ) else {
        return false;
    };
    let words: Vec<&Word> = words[first..=last].iter().collect();
    let Some(verb) = words.iter().position(|word| word.class == Class::Content) else {
        return false;
    };
    let said = |at: usize| &*words[at].surface;
    // "who approves", "where do I find", "how does it work", "is it allowed", "can I swap":
    // an asking word, then modals, then perhaps whoever does it.
    let mut at = 0;
    if WH_WORDS.contains(&said(0)) {
        at += 1;
    }
    while at < verb && MODALS.contains(&said(at)) {
        at += 1;
    }
    // "does", "is" ask of a subject: "who does vettings?" and "who is oncall?" name what
    // is done.
    let opens = if at < verb && DO_OR_BE.contains(&said(at)) {
        SUBJECTS.contains(&said(at + 1)) && at + 2 == verb
    } else {
        at > 0 && (at == verb || SUBJECTS.contains(&said(at)) && at + 1 == verb)
    };
    opens
        && words[verb + 1..]
            .iter()
            .all(|word| POINTERS.contains(&&*word.surface) || PARTICLES.contains(&&*word.surface))
}

/// Between an asking word and its verb.
const MODALS: [&str; 9] = [
    "can", "could", "may", "might", "must", "shall", "should", "will", "would",
];

/// Auxiliaries that need a subject before the verb.
const DO_OR_BE: [&str; 7] = ["am", "are", "did", "do", "does", "is", "was"];

/// Who does it, in a question that names nothing else.
const SUBJECTS: [&str; 8] = ["he", "i", "it", "one", "she", "they", "we", "you"];

/// What a follow-up points back with instead of naming the thing.
const POINTERS: [&str; 9] = [
    "her", "him", "it", "one", "that", "them", "these", "this", "those",
];

/// What may close a verb with no object: "pick it *up*", "talk *to*", "follow *up*".
const PARTICLES: [&str; 14] = [
    "about", "back", "down", "for", "from", "in", "now", "off", "on", "out", "over", "to", "up",
    "with",
];

/// "who", "whose", "whom": the word that asks for an owner.
pub(super) fn asks_who(word: &Word) -> bool {
    matches!(&*word.surface, "who" | "whose" | "whom")
}

pub fn expects(words: &[Word]) -> Expects {
    if words.iter().any(asks_who) {
        Expects::Owner
    } else if words
        .first()
        .is_some_and(|first| YES_OR_NO.contains(&&*first.surface))
        || asks_how_much(words)
    {
        Expects::Fact
    } else {
        Expects::Either
    }
}

/// Words that ask without a question word: "can I ...", "should we ...", "explain ...".
const REQUESTS: [&str; 8] = [
    "can", "could", "should", "do", "does", "explain", "tell", "describe",
];

/// Places where a question might hold two: after a clause mark, or at an "and" that opens
/// a new question or follows a comma. Each is (end of the first half, start of the second).
pub fn split_points(words: &[Word]) -> Vec<(usize, usize)> {
    let mut points = Vec::new();
    for (at, word) in words.iter().enumerate() {
        let next = words.get(at + 1);
        match word.class {
            // "go/no-go", "PM/PO", "R&D": a slash or ampersand joins words; it splits only
            // where a new question starts after it ("who owns X / who owns Y").
            Class::Mark('/' | '&') if !next.is_some_and(opens_a_question) => {}
            Class::Mark(',' | '/' | '&' | ';' | '?') => {
                let and_follows = next.is_some_and(|next| &*next.surface == "and");
                let start = if and_follows { at + 2 } else { at + 1 };
                if start < words.len() && at > 0 {
                    points.push((at, start));
                }
            }
            Class::Stop if matches!(&*word.surface, "and" | "plus") => {
                let opens_question = next.is_some_and(opens_a_question);
                let after_comma = at > 0 && words[at - 1].is_mark();
                if opens_question && !after_comma && at > 0 && at + 1 < words.len() {
                    points.push((at, at + 1));
                }
            }
            _ => {}
        }
    }
    points
}

/// "who owns each?", "who does each of them?", "... respectively?": the question asks of
/// every duty it names. "who reviews each pull request?" asks of one.
pub fn asks_of_each(words: &[Word]) -> bool {
    words
        .iter()
        .enumerate()
        .any(|(at, word)| match &*word.surface {
            "respectively" => true,
            "each" => words.get(at + 1).is_none_or(|next| {
                next.is_mark() || matches!(&*next.surface, "of" | "one" | "thing")
            }),
            _ => false,
        })
}

/// Every plain "and" between two words, as a split point.
pub fn and_points(words: &[Word]) -> Vec<(usize, usize)> {
    (1..words.len().saturating_sub(1))
        .filter(|&at| words[at].class == Class::Stop && &*words[at].surface == "and")
        .map(|at| (at, at + 1))
        .collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(in crate::answer) fn word(surface: &str, class: Class) -> Word {
        Word {
            stem: surface.into(),
            class,
            surface: surface.into(),
            capitalised: surface.chars().next().is_some_and(char::is_uppercase),
            in_capitals: false,
            corrected: false,
            term: None,
        }
    }

    /// Words of a test question: a few function words, roles and marks as the lexicon
    /// would class them, everything else content.
    pub(in crate::answer) fn words(text: &str) -> Vec<Word> {
        text.split(' ')
            .map(|w| match w {
                "," | "?" | "/" | "&" | ":" => word(w, Class::Mark(w.chars().next().unwrap())),
                "who" | "and" | "owns" | "the" | "is" | "of" | "what" | "does" => {
                    word(w, Class::Stop)
                }
                "@pm" | "@po" => word(w, Class::Role),
                "vs" => word(w, Class::Compare),
                _ => word(w, Class::Content),
            })
            .collect()
    }

    #[test]
    fn an_and_that_opens_a_second_question_is_a_split_point() {
        let question = words("who owns roadmap and who writes stories ?");
        assert_eq!(split_points(&question), vec![(3, 4)]);
    }

    #[test]
    fn comma_and_is_one_split_point_and_a_final_mark_is_none() {
        let question = words("who owns backlog , and who builds personas ?");
        assert_eq!(split_points(&question), vec![(3, 5)]);
    }

    #[test]
    fn who_asks_for_an_owner_and_an_auxiliary_first_for_a_fact() {
        assert_eq!(expects(&words("can i merge if ci is red ?")), Expects::Fact);
        assert_eq!(expects(&words("does a veto count ?")), Expects::Fact);
        assert_eq!(
            expects(&words("can you tell me who owns roadmap ?")),
            Expects::Owner
        );
        assert_eq!(expects(&words("who can merge ?")), Expects::Owner);
        assert_eq!(expects(&words("roadmap ?")), Expects::Either);
        assert_eq!(expects(&words("")), Expects::Either);
    }

    #[test]
    fn a_setting_before_the_question_asks_nothing() {
        assert!(!asks(&words("got approval on my patch")));
        assert!(asks(&words("who owns roadmap")));
        assert!(asks(&words("roadmap ?")));
    }

    #[test]
    fn a_slash_between_words_joins_them() {
        assert!(split_points(&words("who makes the go / no go call ?")).is_empty());
        assert_eq!(
            split_points(&words("who owns roadmap / who writes stories ?")),
            vec![(3, 4)]
        );
    }

    #[test]
    fn a_plain_and_inside_one_duty_is_not_a_split_point() {
        assert!(split_points(&words("who talks to marketing and sales")).is_empty());
    }

    #[test]
    fn each_at_the_end_asks_of_every_duty_and_any_and_may_split_them() {
        let question = words("roadmap and backlog , who owns each ?");
        assert!(asks_of_each(&question));
        assert_eq!(and_points(&question), vec![(1, 2)]);
        assert!(asks_of_each(&words(
            "who owns roadmap and backlog respectively"
        )));
        assert!(!asks_of_each(&words("who reviews each pull request ?")));
    }

    #[test]
    fn an_address_names_no_person() {
        for text in [
            "keys back on 9 Birch Way , who signs them up ?",
            "lady on Elm Road passed away , who decides ?",
            "stairs in Kingfisher House are blocked , who clears them ?",
            "the printer at Northgate is jammed , who fixes it ?",
            "people at St Anne ask for novels , who buys them ?",
        ] {
            let mut read = words(text);
            read_addresses(&mut read, |_| false);
            assert!(!names_a_person(&read, |_| false), "{text}");
        }
        for text in ["what does Sarah own ?", "is Tom in Leeds today ?"] {
            let mut read = words(text);
            read_addresses(&mut read, |_| false);
            assert!(names_a_person(&read, |_| false), "{text}");
        }
        // In the clause that asks, a place the table never names is somewhere else.
        let northgate = |word: &Word| word.surface.eq_ignore_ascii_case("northgate");
        let mut read = words("who's on the board at Arsenal ?");
        read_addresses(&mut read, northgate);
        assert!(names_a_person(&read, northgate));
        let mut read = words("who fixes the printer at Northgate ?");
        read_addresses(&mut read, northgate);
        assert!(!names_a_person(&read, northgate));
        // A remark after the question tells where, as a setting before it does.
        let mut read = words("who fixes printers ? this one is at Arsenal");
        read_addresses(&mut read, northgate);
        assert!(!names_a_person(&read, northgate));
    }

    #[test]
    fn vs_or_two_different_roles_make_a_comparison() {
        assert!(is_comparison(&words("@pm vs @po")));
        assert!(is_comparison(&words("@pm , @po ?")));
        assert!(!is_comparison(&words("is pricing @pm or @po")));
        assert!(!is_comparison(&words("who owns pricing @pm")));
    }

    #[test]
    fn between_two_roles_same_or_split_asks_how_they_differ_unless_a_duty_is_named() {
        let read = |text: &str| {
            let mut read = words(text);
            read_roles_apart(&mut read);
            is_comparison(&read)
        };
        // (This test's reader knows few stop words: "as", "how", "do" would be content.)
        assert!(read("is the @pm the same , @po ?"));
        assert!(read("@pm and @po split the work ?"));
        assert!(!read("@pm and @po split pricing ?"));
        assert!(!read("is the @pm the same ?"));
    }

    #[test]
    fn a_capitalised_unknown_word_mid_sentence_names_a_person() {
        let known = |word: &Word| &*word.surface != "Sarah";
        assert!(names_a_person(&words("what does Sarah own"), known));
        assert!(!names_a_person(&words("Sarah owns what"), known));
    }

    #[test]
    fn an_auxiliary_asks_only_where_it_opens_a_clause() {
        // (This reader's stop words are few: "can", "could" are content words here.)
        assert!(!asks(&words("the tenant couldn't reach anyone")));
        assert!(!asks(&words("the van could not start")));
        assert!(asks(&words("could someone look")));
        assert!(asks(&words("the van broke , can someone help")));
        assert!(asks(&words("pricing , who owns it")));
    }

    #[test]
    fn a_person_named_around_the_clause_that_asks_who_is_part_of_the_story() {
        let known = |word: &Word| !matches!(&*word.surface, "Priya" | "Dev's");
        let unnamed = |text: &str| {
            let mut read = words(text);
            read_story_names(&mut read, known);
            !names_a_person(&read, known)
        };
        assert!(unnamed("i swap shifts with Priya , who approves swaps ?"));
        // A remark after the question tells the story as a setting before it does.
        assert!(unnamed("who approves swaps ? asking for Priya"));
        assert!(!unnamed("who is Dev's manager ? asking for Priya"));
        // Asked about, not part of the story: the name is in the asking clause.
        assert!(!unnamed("i swap shifts , who is Dev's manager ?"));
        assert!(!unnamed("is Priya on call ?"));
        // The clause that asks does not ask who.
        assert!(!unnamed("i swap shifts with Priya , what does she own ?"));
    }

    #[test]
    fn the_asking_clause_follows_the_last_mark_with_words_after_it() {
        assert_eq!(asking_clause_at(&words("who owns pricing")), 0);
        assert_eq!(asking_clause_at(&words("who owns pricing ?")), 0);
        assert_eq!(
            asking_clause_at(&words("prices rose , who owns pricing ?")),
            3
        );
        assert_eq!(
            asking_clause_start(&words("prices rose , who owns pricing ?")),
            2
        );
        // Without a mark, a "who" after the setting's last word starts the question.
        assert_eq!(
            asking_clause_at(&words("prices rose last week who owns pricing ?")),
            4
        );
        // A "who" that ends the question asks nothing after it.
        assert_eq!(
            asking_clause_at(&words("who decides the casting for doctor who ?")),
            0
        );
    }

    #[test]
    fn a_last_clause_that_asks_nothing_leaves_the_asking_to_the_clause_before() {
        // A remark after the question, and the end of a list, are not what is asked.
        for question in [
            "who was on nights last thursday ? need to ask them something",
            "who handles sales , marketing and support ?",
        ] {
            assert_eq!(asking_clause_at(&words(question)), 0, "{question}");
        }
        assert_eq!(
            asking_clause_at(&words("prices rose , pricing ? finance , who owns it ?")),
            7
        );
        // A setting before a question that asks nothing is still the setting.
        assert_eq!(asking_clause_at(&words("prices rose , pricing ?")), 3);
    }
}
