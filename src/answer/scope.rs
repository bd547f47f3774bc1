//! A question read against the out-of-scope lists (built in from [`outside`], a table's own
//! from `scope.toml`): the listed phrase it holds and where, whether it asks when, and
//! whether it names a team.

use super::hash::{FastMap, FastSet};
use super::intent::{YES_OR_NO, asking_clause_start, asks_who, asks_who_does, without_marks};
use super::outside;
use super::tokens::{Class, Word};
use serde::{Deserialize, Serialize};

/// What the scope lists say about one question.
pub struct ScopeReading<'a> {
    /// The group of the first listed out-of-scope phrase it holds.
    pub listed: Option<&'a str>,
    /// Where that phrase is, counted in words without marks: (first word, length).
    pub listed_at: Option<(usize, usize)>,
    /// Every listed phrase is in the setting, before the clause that asks ("the coffee
    /// machine is broken again but anyway, who handles room service?").
    pub listed_in_setting: bool,
    /// It, or its asking clause, opens by asking when ("what day does ...", "ok, so when
    /// is the ..."): only a table that states the time can answer it.
    pub asks_when: bool,
    /// Its asking clause opens by asking how many, how much or how long, and asks no
    /// owner ("how much holiday do i have left?"): only a table that states a number or a
    /// length of time can answer it.
    pub asks_how_much: bool,
}

/// One word of a listed out-of-scope phrase: its stem, and the ending a question's word
/// needs as well when the list wrote an inflected form. Stems alone would read "fired" in
/// "a fire at the market" and "raises" in "who can raise a PO".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedWord {
    pub stem: String,
    ending: Ending,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Ending {
    Any,
    /// Written "-ed" or "-ing": a verb's participle.
    Verbal,
    /// Written with a plural "-s".
    Plural,
}

impl ListedWord {
    /// `written` in lower case, `stem` its stem.
    pub fn new(written: &str, stem: String) -> ListedWord {
        let ending = if written == stem {
            Ending::Any
        } else if written.ends_with("ed") || written.ends_with("ing") {
            Ending::Verbal
        } else if written.ends_with('s') && !written.ends_with("ss") {
            Ending::Plural
        } else {
            Ending::Any
        };
        ListedWord { stem, ending }
    }

    fn matches(&self, word: &Word) -> bool {
        *word.stem == *self.stem
            && match self.ending {
                Ending::Any => true,
                Ending::Verbal => word.surface.ends_with("ed") || word.surface.ends_with("ing"),
                Ending::Plural => word.surface.ends_with('s'),
            }
    }
}

/// Out-of-scope phrases and group words as stems, built once from `scope.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ScopeRules {
    /// First stem -> (group, the phrase's words).
    outside: FastMap<String, Vec<(String, Vec<ListedWord>)>>,
    stems: FastSet<String>,
    group_words: Vec<String>,
    /// Openings (as stems) that only count at the start of a question.
    starts: Vec<Vec<String>>,
    /// Verbs (as stems) that make a "when" question ask for a time ([`outside::WHEN_VERBS`]).
    when_verbs: Vec<String>,
    /// A day and the word after it, as the table's own texts write them ("saturday catch
    /// up"): that day names one of its things, not a date.
    days_named_with: FastSet<(String, String)>,
}

impl ScopeRules {
    pub fn new(
        phrases: Vec<(String, Vec<ListedWord>)>,
        group_words: Vec<String>,
        starts: Vec<Vec<String>>,
        when_verbs: Vec<String>,
        days_named_with: FastSet<(String, String)>,
    ) -> Self {
        let mut rules = ScopeRules {
            group_words,
            starts,
            when_verbs,
            days_named_with,
            ..ScopeRules::default()
        };
        for (group, phrase) in phrases {
            let Some(first) = phrase.first() else {
                continue;
            };
            rules
                .stems
                .extend(phrase.iter().map(|word| word.stem.clone()));
            rules
                .outside
                .entry(first.stem.clone())
                .or_default()
                .push((group, phrase));
        }
        rules
    }

    /// Whether a stem belongs to any out-of-scope phrase (the typo pass must not turn
    /// "lunch" into "launch").
    pub fn knows(&self, stem: &str) -> bool {
        self.stems.contains(stem)
    }

    /// The words of the question that are on an out-of-scope list, as written: what a
    /// table's `allow` would name to lift it. For `explain`.
    pub fn listed_words(&self, words: &[Word]) -> Option<String> {
        let (at, length) = self.read(words).listed_at?;
        let content = without_marks(words);
        let phrase: Vec<&str> = content
            .get(at..at + length)?
            .iter()
            .map(|word| &*word.surface)
            .collect();
        Some(phrase.join(" "))
    }

    /// The group of the first out-of-scope phrase the question contains (marks aside), or
    /// "question_starts" when it opens by asking when. For `explain`.
    pub fn outside_phrase(&self, words: &[Word]) -> Option<&str> {
        let read = self.read(words);
        if read.asks_when {
            return Some("question_starts");
        }
        if read.asks_how_much {
            return Some("question_asks_how_much");
        }
        read.listed
    }

    /// What the scope lists say about a question, read in one pass over its words.
    pub fn read(&self, words: &[Word]) -> ScopeReading<'_> {
        let content = without_marks(words);
        let asking_clause = asking_clause_start(words);
        // "..., but when does the consultation end?": the clause asks from its second word;
        // "anyone know when the last bus leaves?" from its "when".
        let mut asking = &content[asking_clause..];
        while let [first, rest @ ..] = asking
            && !rest.is_empty()
            && JOINING_WORDS.contains(&&*first.surface)
        {
            asking = rest;
        }
        if let Some(frame) = ASKING_WHO_KNOWS.iter().find(|frame| {
            asking.len() > frame.len()
                && frame
                    .iter()
                    .zip(asking)
                    .all(|(word, asked)| *word == &*asked.surface)
        }) {
            asking = &asking[frame.len()..];
        }
        // "when the build breaks on main, who fixes it?" opens with "when", but asks who.
        let asks_for_an_owner = asking.iter().any(|word| asks_who(word));
        // "do nights work friday night?" asks whether a thing happens on a day: when, too.
        // "can i work alone on a saturday?" asks about a routine, not a day; but "is the
        // gym open on sundays?" asks when it opens, however often. "can i open the shop
        // alone on saturdays?" asks what a person may do: a routine again. ("are we open on
        // mondays?" is the workplace's hours: "we" is not that person.)
        // Looked at only for a yes-or-no question naming a day, not for every question.
        let opens_or_closes = || {
            let a_person_does_it = asking.get(1).is_some_and(|word| &*word.surface == "i");
            !a_person_does_it && asking.iter().any(|word| self.is_when_verb(&word.stem))
        };
        let asks_of_a_day = asking
            .first()
            .is_some_and(|first| YES_OR_NO.contains(&&*first.surface))
            && (asking_clause..content.len()).any(|at| {
                outside::names_a_day(&content[at].surface)
                    && (!names_a_routine(&content, at) || opens_or_closes())
            });
        let asks_when = self.asks_when(asking)
            || (!asks_for_an_owner && self.asks_when(&content))
            || asks_of_a_day;
        let asks_how_much = !asks_for_an_owner
            && matches!(
                asking,
                [how, amount, _, ..] if &*how.surface == "how"
                    && matches!(&*amount.surface, "many" | "much" | "long")
            );
        // "what time does reception close on a Saturday?": a day or a month in a question
        // that asks when is part of what is asked; the table's text decides
        // ([`Engine::says_when`]). "next", "today", "this week" still ask a calendar.
        let listed = self.listed_phrase(&content, asking_clause, asks_when);
        ScopeReading {
            listed: listed.map(|(group, _)| group),
            listed_at: listed.map(|(_, at)| at),
            listed_in_setting: listed.is_some()
                && self.listed_phrase(asking, 0, asks_when).is_none(),
            asks_when,
            asks_how_much,
        }
    }

    /// A clause that opens asking for a time ("what day does ...", "when is the ..."), or
    /// opens with "when" and says a thing starts, ends or happens ("when does term start?"),
    /// or names only the thing ("when's break?"). "when do I have to declare it?" asks in
    /// which case, not at what time.
    fn asks_when(&self, clause: &[&Word]) -> bool {
        let opens_with = |start: &[String]| {
            !start.is_empty()
                && clause.len() >= start.len()
                && start.iter().zip(clause).all(|(a, b)| **a == *b.stem)
        };
        let opens_with_when = clause
            .first()
            .is_some_and(|first| &*first.surface == "when");
        // "when's break?", "when's half term?", "when is graduation this year?": "when" and
        // a thing, nothing else but the year or term it is asked of.
        let mut thing = clause.get(1..).unwrap_or_default();
        if let [is, rest @ ..] = thing
            && matches!(&*is.surface, "is" | "are" | "was")
        {
            thing = rest;
            // "when are refunds allowed?": a be-verb and a participle ask in which case.
            if thing
                .last()
                .is_some_and(|word| reads_as_a_participle(&word.surface))
            {
                thing = &[];
            }
        }
        if let [rest @ .., this, period] = thing
            && matches!(&*this.surface, "this" | "next")
            && matches!(&*period.surface, "year" | "term" | "semester" | "season")
        {
            thing = rest;
        }
        let names_only_a_thing =
            (1..=2).contains(&thing.len()) && thing.iter().all(|word| word.class == Class::Content);
        self.starts.iter().any(|start| opens_with(start))
            || (opens_with_when
                && (names_only_a_thing || clause.iter().any(|word| self.is_when_verb(&word.stem))))
    }

    /// The group of the first listed phrase in `content`, and where it is (first word,
    /// length). A date or a time
    /// ([`outside::CONTEXT_GROUPS`]) counts only in the clause that asks: "who's on call this
    /// week?" wants a date looked up, but in "we ship v2 next month, who plans the launch?"
    /// the date is only the setting.
    fn listed_phrase(
        &self,
        content: &[&Word],
        asking_clause: usize,
        asks_when: bool,
    ) -> Option<(&str, (usize, usize))> {
        let asks_a_duty = asks_who_does(content);
        (0..content.len()).find_map(|at| {
            let phrases = self.outside.get(&*content[at].stem)?;
            phrases
                .iter()
                .find(|(group, phrase)| {
                    let day = phrase.len() == 1 && outside::says_when(&content[at].surface);
                    let context = outside::CONTEXT_GROUPS.contains(&group.as_str());
                    // "who allocates the desks *for tomorrow*?": the date is the desks', the
                    // owner of allocating them is the same any day.
                    let dates_a_thing = asks_a_duty && at > 0 && &*content[at - 1].surface == "for";
                    !(day
                        && (asks_when
                            || names_a_routine(content, at)
                            || self.names_a_thing_of_the_table(content, at)))
                        && !(context && dates_a_thing)
                        && content[at..].len() >= phrase.len()
                        && phrase.iter().zip(&content[at..]).all(|(a, b)| a.matches(b))
                        && (at >= asking_clause || !context)
                })
                .map(|(group, phrase)| (group.as_str(), (at, phrase.len())))
        })
    }

    /// "who arranges the saturday catch up?" where the table's texts speak of "a Saturday
    /// catch-up": the day and the word after it are one of the table's things.
    fn names_a_thing_of_the_table(&self, content: &[&Word], at: usize) -> bool {
        content.get(at + 1).is_some_and(|next| {
            self.days_named_with
                .contains(&(content[at].stem.to_string(), next.stem.to_string()))
        })
    }

    /// Whether a stem is one of the verbs that ask for a time ("finish", "open").
    pub fn is_when_verb(&self, stem: &str) -> bool {
        self.when_verbs.iter().any(|verb| **verb == *stem)
    }

    /// "team blue", "the phoenix squad": a group word next to a word the table does not know.
    pub fn names_a_group(&self, words: &[Word], known: impl Fn(&Word) -> bool) -> bool {
        let unknown = |word: Option<&Word>| {
            word.is_some_and(|word| word.class == Class::Content && !known(word))
        };
        words.iter().enumerate().any(|(at, word)| {
            self.group_words.iter().any(|group| **group == *word.stem)
                && (unknown(words.get(at + 1)) || unknown(at.checked_sub(1).map(|i| &words[i])))
        })
    }
}

/// "allowed", "approved", "given": a past participle, as after "is" in a passive. Any
/// word ending in "-ed" is taken for one; a thing so named ("speed") is rarer than the
/// passive.
fn reads_as_a_participle(word: &str) -> bool {
    (word.len() > 4 && word.ends_with("ed"))
        || matches!(
            word,
            "given" | "paid" | "done" | "made" | "taken" | "sent" | "kept" | "held"
        )
}

/// "my Saturday shift", "every Tuesday", "on a Sunday", "on Saturdays": a day that says
/// which routine, not which date, so no calendar is asked.
fn names_a_routine(content: &[&Word], at: usize) -> bool {
    let before = at.checked_sub(1).map(|before| &*content[before].surface);
    content[at].surface.ends_with('s')
        || before.is_some_and(|before| ROUTINE_WORDS.contains(&before))
}

/// How people ask whoever reads before the question itself: "anyone know when ...?" asks
/// when.
#[rustfmt::skip]
const ASKING_WHO_KNOWS: &[&[&str]] = &[
    &["does", "anyone", "know"], &["does", "anybody", "know"], &["anyone", "know"],
    &["anybody", "know"], &["do", "you", "know"], &["do", "we", "know"], &["any", "idea"],
    &["any", "ideas"],
];

/// Words that join a clause to what came before it ("but", "so") and ask nothing.
const JOINING_WORDS: &[&str] = &[
    "also", "and", "anyway", "but", "ok", "okay", "plus", "so", "well",
];

/// Words before a day that make it a routine.
const ROUTINE_WORDS: &[&str] = &[
    "a", "every", "each", "my", "our", "your", "his", "her", "their",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::intent::tests::{word, words};

    #[test]
    fn a_group_word_beside_an_unknown_word_names_a_team() {
        let scope = ScopeRules::new(
            Vec::new(),
            vec!["team".into()],
            Vec::new(),
            Vec::new(),
            FastSet::default(),
        );
        let known = |word: &Word| &*word.surface != "blue";
        assert!(scope.names_a_group(&words("who is the scrum master of team blue"), known));
        assert!(!scope.names_a_group(&words("who coaches the dev team"), known));
    }

    #[test]
    fn an_out_of_scope_phrase_is_found_across_words() {
        let holiday = listed(&[("holiday", "holiday"), ("schedule", "schedul")]);
        let scope = listing("hr", holiday);
        assert_eq!(
            scope.outside_phrase(&words("who knows the holiday schedul ?")),
            Some("hr")
        );
        assert_eq!(scope.outside_phrase(&words("who owns the schedule")), None);
    }

    #[test]
    fn a_date_in_a_question_before_a_remark_is_in_the_clause_that_asks() {
        let thursday = listed(&[("thursday", "thursday")]);
        let scope = listing("schedules", thursday);
        assert_eq!(
            scope.outside_phrase(&words(
                "who was on nights on thursday ? need to ask them something"
            )),
            Some("schedules")
        );
    }

    #[test]
    fn a_date_counts_only_in_the_clause_that_asks() {
        let this_week = listed(&[("this", "this"), ("week", "week")]);
        let scope = listing("schedules", this_week);
        assert_eq!(
            scope.outside_phrase(&words("who is on call this week ?")),
            Some("schedules")
        );
        let setting = words("we ship this week , who owns the launch ?");
        assert_eq!(scope.outside_phrase(&setting), None);
    }

    #[test]
    fn a_day_that_names_a_routine_asks_no_calendar() {
        let scope = ScopeRules::new(
            vec![("schedules".into(), listed(&[("saturday", "saturday")]))],
            Vec::new(),
            Vec::new(),
            Vec::new(),
            FastSet::default(),
        );
        let stemmed = |text: &str| {
            let mut read = words(text);
            for word in &mut read {
                if &*word.surface == "saturdays" {
                    word.stem = "saturday".into();
                }
            }
            read
        };
        for routine in [
            "who approves swapping my saturday shift ?",
            "who staffs the desk on saturdays ?",
            "can i work alone on a saturday ?",
        ] {
            assert_eq!(scope.outside_phrase(&stemmed(routine)), None, "{routine}");
        }
        for date in [
            "who is on call on saturday ?",
            "who opens up this saturday ?",
        ] {
            assert_eq!(
                scope.outside_phrase(&stemmed(date)),
                Some("schedules"),
                "{date}"
            );
        }
    }

    #[test]
    fn other_out_of_scope_phrases_count_in_any_clause() {
        let payroll = listed(&[("payroll", "payroll")]);
        let scope = listing("hr", payroll);
        let question = words("payroll is late , who owns the fix ?");
        assert_eq!(scope.outside_phrase(&question), Some("hr"));
    }

    /// Scope rules with one listed phrase in `group` and nothing else.
    fn listing(group: &str, phrase: Vec<ListedWord>) -> ScopeRules {
        ScopeRules::new(
            vec![(group.into(), phrase)],
            Vec::new(),
            Vec::new(),
            Vec::new(),
            FastSet::default(),
        )
    }

    fn listed(words: &[(&str, &str)]) -> Vec<ListedWord> {
        words
            .iter()
            .map(|(written, stem)| ListedWord::new(written, stem.to_string()))
            .collect()
    }

    /// A question word whose surface and stem differ, as the lexicon makes them.
    fn inflected(surface: &str, stem: &str) -> Word {
        Word {
            surface: surface.into(),
            ..word(stem, Class::Content)
        }
    }

    #[test]
    fn a_phrase_listed_in_an_inflected_form_needs_that_form() {
        let fired = listed(&[("fired", "fire")]);
        let raises = listed(&[("raises", "rais")]);
        let laptop = listed(&[("laptop", "laptop")]);
        let scope = ScopeRules::new(
            vec![
                ("hr".into(), fired),
                ("hr".into(), raises),
                ("it".into(), laptop),
            ],
            Vec::new(),
            Vec::new(),
            Vec::new(),
            FastSet::default(),
        );
        let ask = |surface: &str, stem: &str| {
            let mut question = words("who do i tell about the x ?");
            question[6] = inflected(surface, stem);
            scope.outside_phrase(&question)
        };
        assert_eq!(ask("fired", "fire"), Some("hr"));
        assert_eq!(ask("firing", "fire"), Some("hr"));
        assert_eq!(ask("fire", "fire"), None, "a fire is not a firing");
        assert_eq!(ask("raises", "rais"), Some("hr"));
        assert_eq!(
            ask("raise", "rais"),
            None,
            "to raise a ticket is no pay rise"
        );
        assert_eq!(
            ask("laptops", "laptop"),
            Some("it"),
            "a base form takes any ending"
        );
    }

    #[test]
    fn an_opening_that_asks_for_a_date_counts_only_at_the_start() {
        let when_the = vec!["when".to_string(), "the".to_string()];
        let scope = ScopeRules::new(
            Vec::new(),
            Vec::new(),
            vec![when_the],
            Vec::new(),
            FastSet::default(),
        );
        assert!(
            scope
                .outside_phrase(&words("when the sprint review ?"))
                .is_some()
        );
        let later = words("where do devs go when the stories are unclear ?");
        assert!(scope.outside_phrase(&later).is_none());
        // The clause that asks is "who fixes it": the opening only sets the scene.
        let setting = words("when the build breaks , who fixes it ?");
        assert!(scope.outside_phrase(&setting).is_none());
    }

    #[test]
    fn when_asks_for_a_time_only_with_a_verb_that_says_something_starts_or_ends() {
        let scope = ScopeRules::new(
            Vec::new(),
            Vec::new(),
            Vec::new(),
            vec!["start".into()],
            FastSet::default(),
        );
        assert!(scope.read(&words("when does term start ?")).asks_when);
        assert!(scope.read(&words("ok , when does term start ?")).asks_when);
        assert!(
            scope
                .read(&words("anyone know when term start ?"))
                .asks_when
        );
        assert!(!scope.read(&words("when do i escalate ?")).asks_when);
        assert!(
            !scope
                .read(&words("anyone know when i should escalate ?"))
                .asks_when
        );
        assert!(
            !scope
                .read(&words("who decides when term start ?"))
                .asks_when
        );
    }
}
