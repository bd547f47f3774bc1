//! General English that every table gets, kept apart from any table's domain words: the
//! frames people wrap an ownership question in ("who is in charge of", "whose job is it
//! to", "who signs off on"), the few asking words that a table may use as nouns ("owner",
//! "role", "job"), and the words that make a question a comparison.

use super::hash::FastSet;
use std::sync::LazyLock;

/// Phrases that only say "who owns it": they are read as stop words, so the duty around
/// them decides. "accountable" alone is not one (governance documents name accountabilities
/// as duties), but "accountable for" is: it stems to "account for", and "who's accountable
/// for refunds?" went to a table's overdue accounts. Kept sorted; each is matched on stems,
/// word for word.
#[rustfmt::skip]
pub const FRAMES: &[&str] = &[
    "accountable for", "be in charge of", "best person", "best person to ask", "call the shots on",
    "came up again", "came up at", "came up in", "comes up in", "contact person for", "final say",
    "flag it to", "flag it with", "flag that to", "flag that with", "flag this to",
    "flag this with", "gets to", "gets to decide", "has the final say", "has the final say on",
    "has to", "have to", "help me with", "in charge", "in charge of", "is meant to",
    "is responsible for", "job is it", "job is it to", "look after", "looking after",
    "looks after", "main contact for", "make the call on", "makes the call on", "need help with",
    "need some help with", "need to", "needs to", "on our end", "on our side", "on the hook for",
    "pick it up", "pick that up", "pick this up", "picks it up", "picks that up", "picks this up",
    "point person", "point person for", "responsible for", "right person", "run point on", "runs point on", "should i reach out to",
    "sign off", "sign off on", "signs off", "signs off on", "take care of", "take charge",
    "take charge of", "take the lead on", "takes care of", "takes charge", "takes charge of",
    "takes the lead on", "taking care of", "the contact for", "what team", "which team",
    "who can answer that", "who can answer this", "who can i ask", "who do i ask",
    "who do i ask about", "who do i contact", "who do i go to", "who do i need to ask",
    "who do i need to talk to", "who do i speak to", "who do i talk to", "who should i ask",
    "who should i contact", "who should i ping", "who should i reach out to",
    "who should i speak to", "who should i talk to", "whose job", "whose responsibility",
];

/// Phrases that open or close a message without asking anything ("quick question",
/// "not sure if this is the right place to ask", "thanks in advance"): dropped before the
/// question is read, whatever the table asks with ("question", "place", "advance"), so that
/// the clause left is the one that asks. Phrases of stop words alone ("does anyone know")
/// need no entry. Kept sorted; matched on stems, word for word, as normalised: an
/// apostrophe's clitic is dropped ("i'm new here" is "i new here").
#[rustfmt::skip]
pub const COURTESIES: &[&str] = &[
    "any help appreciated", "any help would be appreciated",
    "apologies if this is the wrong channel", "apologies if this is the wrong place",
    "appreciate any help", "appreciate it", "asking for a friend", "basic question",
    "can someone help me understand", "can you help me understand", "cheers", "dumb question",
    "first day here", "first week here", "for my own understanding", "hello all",
    "hello everyone", "hello team", "help me understand", "hey all", "hey everyone",
    "hey folks", "hey guys", "hey team", "hi all", "hi everyone", "hi folks", "hi guys",
    "hi team", "hope all is well", "hope this is the right channel",
    "hope this is the right place", "hope you all well", "hope you are all well",
    "hope you are well", "hope you well", "i just started here", "i new here", "i wanted to ask",
    "i was wondering",
    "i would like to know", "just curious", "just joined", "just wondering",
    "looking for some clarity", "many thanks", "many thanks in advance", "morning all",
    "morning everyone", "morning team", "much appreciated", "need some clarity",
    "need some clarity on", "new here", "new joiner here", "new starter here", "newbie question",
    "not sure if this is the right channel", "not sure if this is the right place",
    "not sure if this is the right place to ask", "not sure this is the right place",
    "out of curiosity", "please", "pls", "plz", "quick one", "quick q", "quick question",
    "random q", "random question", "right place to ask", "same q for", "same question about",
    "same question but for", "same question for", "silly question",
    "sorry for the dumb question", "sorry if this is a dumb question",
    "sorry if this is the wrong channel", "sorry to bother", "sorry to bother you",
    "still finding my feet", "stupid question", "thank you", "thank you in advance",
    "thank you so much", "thanks", "thanks a lot", "thanks in advance", "thanks so much",
    "thanks very much", "thx", "tia", "trying to figure out", "trying to understand",
    "trying to work out", "ty", "wrong channel",
];

/// What people say to the bot about its last answer or the chat itself ("that's wrong",
/// "tell me more", "are you sure?"), or as filler ("at the end of the day", "long story
/// short"), not about a duty: dropped where one stands as a clause of its own, so a message
/// of nothing else asks nothing. Kept sorted; written as people type them, read as
/// normalised stems.
#[rustfmt::skip]
pub const REMARKS: &[&str] = &[
    "all done", "all sorted", "all things considered", "any news", "any update", "any updates",
    "are you a bot", "are you sure", "at the end of the day", "bad bot", "bottom line", "brilliant",
    "bump", "can i talk to a human", "can you double check", "can you explain more",
    "can you give an example", "can you say more", "didn't help", "do you have a link",
    "doesn't help", "doesn't sound right", "done", "double check", "explain more", "fixed",
    "following", "give me an example", "good bot", "got it", "how do you work",
    "i don't think that's correct", "i don't think that's right", "i meant the other one",
    "in a nutshell", "interesting", "is that correct", "is that right", "legend", "lifesaver",
    "link please", "long story short", "makes sense", "me too", "never mind",
    "no i meant the other one", "no worries", "not helpful", "not right", "not that one",
    "not what i asked", "nvm", "on it", "perfect", "ping", "same", "same here", "say more",
    "says who", "seriously", "since when", "sorted", "source please", "still waiting",
    "super helpful", "talk to a human", "tell me more", "that answers it",
    "that answers my question", "that didn't help", "that doesn't help", "that doesn't sound right",
    "that helps", "that is not right", "that is wrong", "that makes sense", "that's helpful",
    "that's not right", "that's useful", "that's wrong", "that's wrong answer", "thats wrong",
    "very helpful", "what are your sources", "what can you do", "what do you do",
    "what do you know", "what sources do you use", "what's the answer", "what's the policy",
    "what's the process", "when all is said and done", "where are your sources",
    "where did you get that", "where do you get that from", "where do you get your answers",
    "who are you", "who made you", "will do", "wrong answer", "you're a lifesaver", "you're wrong",
];

/// Initials everyone writes ("PM", "DM", "CEO", "UK"): they mean what they always do, never
/// a phrase that happens to recur in one table's text ("PCR machine", "database migration").
/// Kept sorted.
const COMMON_ACRONYMS: &[&str] = &[
    "am", "aob", "asap", "btw", "ceo", "cfo", "coo", "cto", "cv", "dm", "eod", "eow", "eta", "eu",
    "faq", "fyi", "id", "imo", "mp", "nb", "ok", "pa", "pm", "ps", "pto", "rsvp", "tba", "tbc",
    "tbh", "tv", "uk", "us", "vip", "wfh",
];

/// Whether lower-case initials are one of [`COMMON_ACRONYMS`].
pub fn is_common_acronym(initials: &str) -> bool {
    COMMON_ACRONYMS.binary_search(&initials).is_ok()
}

/// Sounds and one-word replies that open a clause without saying anything ("hmm", "ok",
/// "no", "please"). Kept sorted.
pub const INTERJECTIONS: &[&str] = &[
    "ah", "er", "hm", "hmm", "no", "nope", "oh", "ok", "okay", "please", "so", "uh", "um", "well",
    "yeah", "yes",
];

/// Words that greet whoever they name next: "Hello rolecall, who ...", "hi Sam and team: ...".
/// The greeting and the one to three words it addresses ask nothing. Kept sorted.
pub const GREETINGS: &[&str] = &[
    "afternoon",
    "dear",
    "evening",
    "hello",
    "hey",
    "heya",
    "hi",
    "hiya",
    "howdy",
    "morning",
    "yo",
];

/// Asking words ("who is the owner of X", "what is my role in Y") that name a thing when a
/// table uses them that way: a role called "Owner", a topic titled "Job titles". Only these
/// can stop being stop words; function words never do.
#[rustfmt::skip]
pub const TABLE_NOUNS: &[&str] = &[
    "duties", "duty", "job", "jobs", "owner", "owners", "ownership", "responsibilities",
    "responsibility", "role", "roles", "task", "tasks",
];

/// Everyday words that phrase a question rather than name its subject ("my teammate went
/// off and ..., who takes it from here?"). A table that asks with one of them (in an alias
/// or a title) keeps it as a word of its own; otherwise it is read as a stop word, so that
/// it neither counts against the match nor gets "repaired" into a table word. No word here
/// names a duty or a thing people own. The people a scene is about ("lady on the phone",
/// "a kid in the library") are here too, beside "guy" and "bloke"; "man" is not (a verb,
/// "who mans the desk"), nor "old" ("how old do you have to be" asks an age).
#[rustfmt::skip]
pub const EVERYDAY: &[&str] = &[
    "abt", "afaik", "afternoon", "again", "ages", "ago", "ahead", "almost", "already", "also",
    "another", "anybody", "anyhow", "anymore", "anyway", "anyways", "asap", "asked", "asking",
    "asks", "awesome", "back", "bad", "basic", "better", "big", "bit", "bloke", "blokes",
    "btw", "bunch", "came", "certain", "chap", "chaps", "colleague", "colleagues", "come",
    "comes", "coming", "cool", "couple", "covers", "coworker", "coworkers", "coz", "crazy",
    "cuz", "definitely", "down", "dunno", "easy", "entire", "escalate", "escalated",
    "escalates", "escalating", "evening", "ever", "everybody", "everyone",
    "everything", "exact", "few", "figure", "figured", "figures", "figuring", "fine", "folk",
    "folks", "fyi", "gave", "gentleman", "gentlemen", "gimme", "give", "given", "gives",
    "giving", "going", "gone", "gonna", "good", "gotta", "great", "guess", "guessing", "guy",
    "happen", "happened", "happening", "happens", "hard", "hmm", "hte", "huge", "hwo", "idea",
    "ideas", "idk", "iirc", "imho", "imo", "keep", "keeping", "keeps", "kept", "kid", "kids",
    "kind", "kinda", "lad", "ladies", "lads", "lady", "lemme", "literally", "little",
    "lol", "look", "looked", "looking", "looks", "lot", "lots", "made", "make", "makes",
    "making", "many", "maybe", "mean", "means", "mid", "might", "morning", "must", "nice",
    "night", "nobody", "none", "nope", "normal", "nothing", "now", "off", "oh", "ok", "okay",
    "oops", "out", "over", "particular", "people", "perhaps", "person", "ppl", "pretty",
    "probably", "put", "puts", "putting", "question", "questions", "quick", "quickly", "quite",
    "random", "re", "ready", "really", "reason", "reasons", "recently", "regular", "right",
    "said", "saw", "say", "saying", "says", "see", "seeing", "seem", "seemed", "seems", "seen",
    "sees", "several", "simple", "smth", "soon", "sorry", "sort", "sorta", "sorted", "sorting",
    "sorts", "sth", "still", "strange", "super", "take", "takes", "taking", "tbh", "teammate",
    "teammates", "teh", "think", "thinking", "thinks", "tho", "though",
    "thought", "through", "thru", "tiny", "told", "took", "totally", "tough", "tried", "tries",
    "try", "trying", "typical", "uh", "um", "up", "ur", "usual", "waht", "wanna", "want",
    "wanted", "wanting", "wants", "wat", "way", "weird", "went", "whatever", "whole", "wht",
    "woman", "women", "wonder", "wondered", "wondering", "wot", "wrt", "yall", "yep", "yes",
    "yet",
];

/// Common English verbs and adverbs that are never nouns, with their inflected
/// forms ("bring", "brought", "bringing", "quietly"), one per line in byte order. Written from
/// WordNet 3.0 by `examples/general_words.rs`, which says how and why. A question word on
/// it that a table never uses says how something happens, not what the question is about.
const VERBS_AND_ADVERBS: &str = include_str!("data/verbs_and_adverbs.txt");

/// Whether a lower-case word is one of [`VERBS_AND_ADVERBS`].
pub fn is_verb_or_adverb(word: &str) -> bool {
    sorted_lines_contain(VERBS_AND_ADVERBS, word)
}

/// Every single-word lemma of WordNet 3.0 written in lower case somewhere (so not only a
/// name: "handel" is left out) and the irregular forms of its exception lists ("went",
/// "children"), one per line in byte order, written by `examples/general_words.rs`.
const ENGLISH_WORDS: &str = include_str!("data/english_words.txt");

/// Regular endings of nouns and verbs and what they may have replaced, WordNet's own
/// detachment rules ("morphy"): "planning" may be "plann" + ing or "planne" + ing, and
/// doubled letters are undone below. Comparatives ("-er", "-est") are left out: without
/// knowing the part of speech they make "leter" "let" + er.
const ENDINGS: &[(&str, &str)] = &[
    ("s", ""),
    ("ses", "s"),
    ("xes", "x"),
    ("zes", "z"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("men", "man"),
    ("ies", "y"),
    ("es", "e"),
    ("es", ""),
    ("ed", "e"),
    ("ed", ""),
    ("ing", "e"),
    ("ing", ""),
];

/// Whether a lower-case word is a WordNet lemma as it stands ("arrive", not "agains").
fn is_lemma(word: &str) -> bool {
    sorted_lines_contain(ENGLISH_WORDS, word)
}

/// Whether a lower-case word is English: a WordNet lemma or a regular form of one
/// ("sending", "planned", "marinas"). A word that is not is most likely a typo ("leter",
/// "gude") or a name.
pub fn is_english(word: &str) -> bool {
    // WordNet lists abbreviations too ("prc"): a stem without a vowel is not a word's.
    let plausible = |stem: &str| stem.len() >= 2 && stem.bytes().any(|b| b"aeiouy".contains(&b));
    is_lemma(word) || find_base(word, plausible, |base| is_lemma(base).then_some(())).is_some()
}

/// The first base form of a word that `lookup` finds, trying WordNet's endings in order
/// ("replies" -> "reply", "planning" -> "plan"): only stems that `stem_ok` accepts.
fn find_base<T>(
    word: &str,
    stem_ok: impl Fn(&str) -> bool,
    lookup: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    ENDINGS.iter().find_map(|(ending, replacement)| {
        let stem = word.strip_suffix(ending).filter(|stem| stem_ok(stem))?;
        lookup(&format!("{stem}{replacement}")).or_else(|| {
            let base = undoubled(stem).filter(|_| replacement.is_empty())?;
            lookup(base)
        })
    })
}

/// "plann" -> "plan", "stopp" -> "stop": the stem of a form that doubled its last letter.
fn undoubled(stem: &str) -> Option<&str> {
    // By characters, not bytes: a question may end a word in any script.
    let mut last_two = stem.char_indices().rev();
    let ((last_at, last), (_, before)) = (last_two.next()?, last_two.next()?);
    (last == before).then(|| &stem[..last_at])
}

/// WordNet 3.0's nearest words of each lemma, from its commonest sense that does not write
/// it as a name ("loos" is the plural of "loo" here, never the architect Loos): that sense's
/// other words, then the words derived from it, then (for a noun) its broader words
/// ("reply" -> "answer", "response"; "sue" -> "litigate"). One `lemma\tword word ...` line
/// per lemma in byte order, written by `examples/general_words.rs`.
const NEAREST_WORDS: &str = include_str!("data/nearest_words.txt");

/// WordNet's nearest words of a lower-case word or of its base form ("suing" -> "sue"),
/// nearest first.
pub fn nearest_words(word: &str) -> impl Iterator<Item = &'static str> {
    let lookup = |base: &str| sorted_keyed_line(NEAREST_WORDS, base);
    let line = lookup(word).or_else(|| find_base(word, |stem| stem.len() >= 2, lookup));
    line.into_iter().flat_map(|rest| rest.split(' '))
}

/// The rest of the line whose key (the line up to a tab, or all of it) is `key`, by binary
/// search over a text sorted by key. The text is not split first: a question reads a dozen
/// of its lines, so most of the list never leaves the binary's file pages.
fn sorted_keyed_line(text: &'static str, key: &str) -> Option<&'static str> {
    let bytes = text.as_bytes();
    // `low` is always the start of a line; the answer, if any, starts in `low..high`.
    let (mut low, mut high) = (0, bytes.len());
    while low < high {
        let middle = low + (high - low) / 2;
        // memchr's word-at-a-time search: a byte loop here cost more than the rest of
        // an answer that looks up a few unknown words.
        let start = memchr::memrchr(b'\n', &bytes[..middle]).map_or(0, |newline| newline + 1);
        let end =
            memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |newline| start + newline);
        let line = &text[start..end];
        let (line_key, rest) = line.split_once('\t').unwrap_or((line, ""));
        match line_key.cmp(key) {
            std::cmp::Ordering::Equal => return Some(rest),
            std::cmp::Ordering::Less => low = end + 1,
            std::cmp::Ordering::Greater => high = start,
        }
    }
    None
}

/// Whether a sorted text holds a line that is exactly `word`.
fn sorted_lines_contain(text: &'static str, word: &str) -> bool {
    sorted_keyed_line(text, word).is_some()
}

/// Whether a lower-case word is one of [`EVERYDAY`]. A hash set, as for stop words: a
/// binary search of the list compared eight strings for every question word.
pub fn is_everyday(word: &str) -> bool {
    static SET: LazyLock<FastSet<&'static str>> =
        LazyLock::new(|| EVERYDAY.iter().copied().collect());
    SET.contains(word)
}

/// Groups of words that name the same thing in everyday workplace English. A question word
/// the table never asks with is read as the first word of its group that the table does
/// ask with ([`super::related`]): "ping" as "contact", "sign-off" as "approval". Plain
/// general English, no one organisation's terms; a word may sit in one group only. A word
/// that some organisation uses for a thing of its own stays out ("pick" and "order" in a
/// warehouse, "check" in a hotel, "coach" at a football club, "the lead" of a newspaper, a
/// delivery "run", a car "crash"): in such a table the group would read every "decide" as
/// order picking. So does a word whose stem is another word ("rights" as in "right now",
/// "settings" as "set", "objective" as "object", "poorly" as "poor").
#[rustfmt::skip]
pub const RELATED: &[&[&str]] = &[
    &["approve", "approval", "authorise", "authorize", "greenlight", "permit", "permission", "allow"],
    &["decide", "decision", "choose", "choice", "select", "determine"],
    &["contact", "notify", "inform", "ping", "message", "reach"],
    &["fix", "repair", "resolve", "mend", "remedy"],
    &["broken", "break", "breaks", "failing", "fail", "fails", "failure", "outage"],
    &["review", "inspect", "vet", "examine", "assess", "evaluate"],
    &["write", "draft", "document", "writeup"],
    &["hire", "hiring", "recruit", "recruiting", "recruitment", "headcount"],
    &["operate", "operates", "maintain", "maintains", "manage", "manages"],
    &["coordinate", "coordinates", "organise", "organize"],
    &["remove", "delete", "revoke", "cancel", "withdraw"],
    &["buy", "purchase", "procure", "procurement", "pay", "spend", "spending"],
    &["raise", "bump", "elevate", "increase"],
    &["problem", "issue", "bug", "defect", "glitch", "concern", "concerns"],
    &["customer", "client", "user"],
    &["release", "deploy", "deployment", "rollout"],
    &["secret", "secrets", "credential", "credentials", "token", "tokens"],
    &["documentation", "docs", "doc", "wiki", "handbook"],
    &["goal", "target", "okr", "okrs"],
    &["price", "pricing", "cost", "costs"],
    &["feedback", "comment", "comments", "complaint", "complaints"],
    &["estimate", "estimation", "forecast", "sizing"],
    &["prioritise", "prioritize", "priority", "priorities", "rank"],
    &["vulnerability", "vulnerabilities", "hole", "exploit", "cve"],
    &["feature", "capability"],
    &["announce", "announcement", "communicate", "communication", "broadcast", "publish"],
    &["train", "training", "teach", "mentor", "mentoring"],
    &["test", "testing", "qa"],
    &["budget", "funding", "money"],
    &["contract", "agreement"],
    &["vendor", "supplier", "provider"],
    &["repository", "repo", "codebase"],
    &["meeting", "meetings", "sync", "syncs"],
    &["create", "creation", "setup"],
    &["conflict", "dispute", "disagreement", "argument", "arguing"],
    &["onboard", "onboarding", "welcome"],
    &["schedule", "rota", "roster", "rotation"],
    &["alone", "lone", "solo"],
    &["closed", "shut"],
    &["aggressive", "aggression", "abusive", "shouting", "threatening", "disruptive", "rude"],
    &[
        "sick", "sickness", "ill", "illness", "unwell", "migraine", "flu", "fever",
        "vomiting",
    ],
];

/// The verbs a noun is made from by a suffix ([`NOUN_SUFFIXES`]): "complaint" from
/// "complain", "referral" from "refer", "arrival" from "arrive", "delivery" from "deliver".
/// Only lemmas of five letters or more: shorter ones meet a noun by chance ("fine",
/// "final"), and a made-up one stems as a real one ("forme" as "form", for "formal").
/// A final "e" drops, or a consonant doubles, only before a vowel ("arrangement" keeps it).
pub fn verbs_of_noun(noun: &str) -> impl Iterator<Item = String> + '_ {
    NOUN_SUFFIXES
        .iter()
        .filter_map(move |suffix| Some((noun.strip_suffix(suffix)?, *suffix)))
        .flat_map(|(base, suffix)| {
            let vowel = suffix.starts_with(['a', 'e', 'i', 'o', 'u']);
            let undoubled = base
                .char_indices()
                .next_back()
                .filter(|&(at, last)| vowel && at > 0 && base[..at].ends_with(last))
                .map(|(at, _)| base[..at].to_string());
            [
                Some(base.to_string()),
                vowel.then(|| format!("{base}e")),
                undoubled,
            ]
        })
        .flatten()
        .filter(|verb| verb.len() >= 5 && is_lemma(verb))
}

/// The endings that make a noun of a verb: complain-t, refer-ral, deliver-y, pay-ment.
const NOUN_SUFFIXES: &[&str] = &[
    "t", "al", "ment", "ion", "ation", "y", "ance", "ence", "ure", "ery",
];

/// Abbreviations and spellings of general workplace and software English, expanded in the
/// table's texts and in questions alike, so that "PR" finds "pull request" either way round.
/// A table's own `[expand]` entry or role name with the same key wins. Kept sorted.
#[rustfmt::skip]
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("app", "application"), ("apps", "applications"), ("appt", "appointment"),
    ("appts", "appointments"), ("auth", "authentication"), ("by myself", "alone"),
    ("can ok", "can approve"), ("can okay", "can approve"), ("ci", "continuous integration"),
    ("cllr", "councillor"), ("cllrs", "councillors"), ("comms", "communications"),
    ("config", "configuration"), ("configs", "configurations"), ("db", "database"),
    ("dbs", "databases"), ("deps", "dependencies"), ("dept", "department"),
    ("depts", "departments"), ("docs", "documentation"), ("e mail", "email"),
    ("env", "environment"), ("envs", "environments"), ("exec", "executive"),
    ("execs", "executives"), ("freezer temp", "freezer temperature"),
    ("freezer temps", "freezer temperatures"), ("fridge temp", "fridge temperature"),
    ("fridge temps", "fridge temperatures"), ("give the go ahead", "approve"),
    ("give the green light", "approve"), ("give the ok", "approve"),
    ("give the okay", "approve"), ("govt", "government"), ("hand off", "handoff"),
    ("hand over", "handover"), ("hrs", "hours"), ("id", "identification"),
    ("in touch", "contact"), ("info", "information"), ("infra", "infrastructure"),
    ("k8s", "kubernetes"), ("mgmt", "management"), ("mgr", "manager"), ("mins", "minutes"),
    ("mr", "merge request"), ("mrs", "merge requests"), ("msg", "message"),
    ("msgs", "messages"), ("on my own", "alone"), ("on your own", "alone"),
    ("oncall", "on call"), ("ops", "operations"), ("oss", "open source"),
    ("perf", "performance"), ("pic", "picture"), ("pics", "pictures"),
    ("post mortem", "postmortem"), ("post mortems", "postmortems"), ("pr", "pull request"),
    ("prod", "production"), ("prs", "pull requests"), ("repo", "repository"),
    ("repos", "repositories"), ("reqs", "requirements"), ("roll back", "rollback"),
    ("roll out", "rollout"), ("say yes", "approve"), ("sev", "severity"),
    ("sla", "service level agreement"), ("slo", "service level objective"),
    ("spec", "specification"), ("specs", "specifications"),
    ("temp check", "temperature check"), ("temp checks", "temperature checks"),
    ("temp log", "temperature log"), ("temp logs", "temperature logs"),
    ("temp probe", "temperature probe"), ("tmr", "tomorrow"), ("tmrw", "tomorrow"),
    ("tmw", "tomorrow"), ("to ok", "to approve"), ("to okay", "to approve"),
    ("ui", "user interface"), ("ux", "user experience"), ("vuln", "vulnerability"),
    ("vulns", "vulnerabilities"), ("who okays", "who approves"), ("who oks", "who approves"),
    ("wk", "week"), ("wks", "weeks"), ("yr", "year"), ("yrs", "years"),
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
        for list in [
            FRAMES,
            COURTESIES,
            TABLE_NOUNS,
            COMPARE,
            EVERYDAY,
            GREETINGS,
        ] {
            assert!(list.windows(2).all(|pair| pair[0] < pair[1]), "{list:?}");
        }
    }

    #[test]
    fn a_related_word_sits_in_one_group_and_is_no_stop_or_everyday_word() {
        let mut seen = std::collections::HashSet::new();
        for word in RELATED.iter().copied().flatten() {
            assert!(seen.insert(word), "{word} is in two groups");
            assert!(!crate::answer::is_stop(word), "{word}");
            assert!(!is_everyday(word), "{word}");
        }
    }

    #[test]
    fn nearest_words_are_found_for_a_lemma_and_its_regular_forms() {
        let near = |word: &str| nearest_words(word).collect::<Vec<_>>();
        assert!(near("reply").contains(&"answer"), "{:?}", near("reply"));
        assert_eq!(near("replies"), near("reply"));
        assert!(near("suing").contains(&"litigate"), "{:?}", near("suing"));
        assert!(near("zzzz").is_empty());
        assert!(near("").is_empty());
    }

    #[test]
    fn a_name_lends_its_lower_case_spelling_no_nearest_words() {
        let near = |word: &str| nearest_words(word).collect::<Vec<_>>();
        // "Loos" the architect is not "loos", the plural of "loo".
        assert_eq!(near("loos"), near("loo"));
        assert!(near("loos").contains(&"toilet"), "{:?}", near("loos"));
        // A name's sense gives way to the lower-case one: "a dalmatian", not "a Dalmatian".
        assert!(
            near("dalmatian").contains(&"dog"),
            "{:?}",
            near("dalmatian")
        );
        // An abbreviation is asked in any case.
        assert!(near("rn").contains(&"nurse"), "{:?}", near("rn"));
    }

    #[test]
    fn the_nearest_words_list_is_sorted_by_lemma_each_once() {
        let lemmas: Vec<&str> = NEAREST_WORDS
            .lines()
            .map(|line| line.split_once('\t').expect("a tab").0)
            .collect();
        assert!(lemmas.len() > 50_000, "{}", lemmas.len());
        assert!(lemmas.windows(2).all(|pair| pair[0] < pair[1]));
        for lemma in lemmas.iter().step_by(97) {
            assert!(nearest_words(lemma).next().is_some(), "{lemma}");
        }
    }

    #[test]
    fn every_verb_or_adverb_is_found_and_nothing_between_them() {
        let lines: Vec<&str> = VERBS_AND_ADVERBS.lines().collect();
        assert!(lines.len() > 9_000, "{}", lines.len());
        assert!(lines.windows(2).all(|pair| pair[0] < pair[1]));
        for word in &lines {
            assert!(is_verb_or_adverb(word), "{word}");
            assert!(!is_verb_or_adverb(&format!("{word}q")), "{word}q");
        }
        for absent in [
            "",
            "a",
            "laptop",
            "salary",
            "alert",
            "update",
            "zzzz",
            "\u{1f64c}",
        ] {
            assert!(!is_verb_or_adverb(absent), "{absent}");
        }
        for verb in ["bring", "brought", "bringing", "quietly"] {
            assert!(is_verb_or_adverb(verb), "{verb}");
        }
    }

    #[test]
    fn real_words_and_their_regular_forms_are_english_and_typos_are_not() {
        let lines: Vec<&str> = ENGLISH_WORDS.lines().collect();
        assert!(lines.len() > 60_000, "{}", lines.len());
        assert!(lines.windows(2).all(|pair| pair[0] < pair[1]));
        for word in [
            "sending",
            "spending",
            "planned",
            "planing",
            "marinas",
            "children",
            "went",
            "boxes",
            "stories",
            "committed",
            "guide",
            "letter",
            "newsroom",
        ] {
            assert!(is_english(word), "{word}");
        }
        // "leter" is not "let" + er, "prcing" not the abbreviation "prc" + ing, "handels" not
        // the composer + s.
        for typo in [
            "leter",
            "gude",
            "newsrom",
            "nigth",
            "prcing",
            "vaue",
            "responisble",
            "handels",
            "",
        ] {
            assert!(!is_english(typo), "{typo}");
        }
    }

    #[test]
    fn a_word_ending_in_another_script_is_read_by_characters() {
        // Each of these once cut a character in half looking for a doubled last letter.
        for word in ["e𑓓s", "e𑏑𑓓ed", "ééing", "çaçç"] {
            assert!(!is_english(word), "{word}");
        }
        assert_eq!(undoubled("ééé"), Some("éé"));
        assert_eq!(undoubled("é"), None);
    }

    #[test]
    fn a_sorted_text_is_searched_line_by_line() {
        for (text, word, found) in [
            ("b\nd\nf", "d", true),
            ("b\nd\nf", "b", true),
            ("b\nd\nf", "f", true),
            ("b\nd\nf", "c", false),
            ("b\nd\nf", "g", false),
            ("b\nd\nf\n", "f", true),
            ("", "a", false),
        ] {
            assert_eq!(
                sorted_lines_contain(text, word),
                found,
                "{word} in {text:?}"
            );
        }
    }

    #[test]
    fn common_acronyms_are_sorted_and_found() {
        assert!(COMMON_ACRONYMS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(is_common_acronym("pm"));
        assert!(!is_common_acronym("en"));
    }

    #[test]
    fn a_noun_names_the_verbs_it_is_made_from() {
        let verbs = |noun| verbs_of_noun(noun).collect::<Vec<_>>();
        assert!(verbs("complaint").contains(&"complain".to_string()));
        assert!(verbs("referral").contains(&"refer".to_string()));
        assert!(verbs("arrival").contains(&"arrive".to_string()));
        assert!(verbs("delivery").contains(&"deliver".to_string()));
        assert!(verbs("arrangement").contains(&"arrange".to_string()));
        // Five letters at least: "fine" and "final" meet by chance.
        assert!(verbs("final").is_empty());
        // A word as WordNet lists it: "forme" is no verb of "formal", "signe" none of
        // "signal", and "agains" (a plural of "again") none of "against".
        for noun in ["formal", "signal", "against"] {
            assert!(verbs(noun).is_empty(), "{noun}: {:?}", verbs(noun));
        }
    }

    #[test]
    fn abbreviations_are_sorted_without_duplicates() {
        assert!(ABBREVIATIONS.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }

    #[test]
    fn everyday_words_are_not_already_stop_words() {
        for word in EVERYDAY {
            assert!(!crate::answer::is_stop(word), "{word}");
        }
    }
}
