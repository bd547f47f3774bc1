//! General English that every table gets, kept apart from any table's domain words: the
//! frames people wrap an ownership question in ("who is in charge of", "whose job is it
//! to", "who signs off on"), the few asking words that a table may use as nouns ("owner",
//! "role", "job"), and the words that make a question a comparison.

/// Phrases that only say "who owns it": they are read as stop words, so the duty around
/// them decides. Not "accountable": governance documents use accountability as a duty. Kept sorted; each is matched on stems, word for word.
#[rustfmt::skip]
pub const FRAMES: &[&str] = &[
    "be in charge of", "call the shots on", "gets to", "gets to decide",
    "has the final say", "has the final say on", "has to", "have to", "in charge",
    "in charge of", "is meant to", "is responsible for", "job is it",
    "job is it to", "look after", "looking after", "looks after", "make the call on",
    "makes the call on", "need to", "needs to", "on the hook for", "responsible for",
    "sign off", "sign off on", "signs off", "signs off on", "take care of", "takes care of",
    "taking care of", "who do i ask", "who do i ask about", "who do i go to",
    "who do i talk to", "who should i ask", "who should i contact", "who should i ping",
    "who should i talk to", "whose job", "whose responsibility",
];

/// Asking words ("who is the owner of X", "what is my role in Y") that name a thing when a
/// table uses them that way: a role called "Owner", a topic titled "Job titles". Only these
/// can stop being stop words; function words never do.
#[rustfmt::skip]
pub const TABLE_NOUNS: &[&str] = &[
    "duties", "duty", "job", "jobs", "owner", "owners", "ownership", "responsibilities",
    "responsibility", "role", "roles", "task", "tasks",
];

/// Words that make a question a comparison, for every table (`synonyms.toml` may add more).
#[rustfmt::skip]
pub const COMPARE: &[&str] = &[
    "compare", "compared", "comparison", "contrast", "diff", "differ", "difference",
    "differences", "different", "differentiate", "differs", "distinction", "distinguish",
    "versus", "vs",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_are_sorted_without_duplicates() {
        for list in [FRAMES, TABLE_NOUNS, COMPARE] {
            assert!(list.windows(2).all(|pair| pair[0] < pair[1]), "{list:?}");
        }
    }
}
