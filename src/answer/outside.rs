//! Out-of-scope knowledge every table gets: IT, HR and payroll, money, facilities, dates and
//! schedules, small talk. A table's `scope.toml` adds its own words and `allow` lifts
//! built-in ones; a built-in phrase the table itself asks with (in an alias or a title) is
//! lifted too, since the table's own questions say what it covers ("who gives me github
//! access" in a table about code review), and so is a built-in word or two-word phrase its
//! answers or quotes use ("the final pages go to the printer" in a newsroom's).

/// (group, phrases). Entries stay specific: a word that names a duty in many
/// organisations (budget, release, review, access, team) must not be here.
#[rustfmt::skip]
pub const OUTSIDE: &[(&str, &[&str])] = &[
    ("it", &[
        "password", "passwords", "laptop", "vpn", "wifi", "wi-fi", "printer",
        "sso", "2fa", "mfa", "keyboard", "headset", "second monitor", "external monitor", "admin rights", "it support",
        "it ticket", "helpdesk", "help desk", "software licence", "software license",
        "email account", "mailbox", "okta", "zendesk", "google drive",
        "shared drive", "zoom account", "slack workspace", "github", "gitlab", "jenkins",
        "support ticket", "helpdesk ticket", "login", "logins", "log in", "locked out",
        "work phone", "unlock my account", "my account is locked", "it team", "it department",
        "it desk", "number for it", "log out", "logs out", "logging out", "logged out",
        "logs me out", "logging me out", "logged me out", "user is locked", "account locked",
        "charger", "key fob", "door fob", "outlook", "out of office", "eduroam", "bluetooth",
        "ethernet", "it problem", "it problems", "it issue", "it issues", "it fault",
        "it faults", "computer problem", "computer problems",
    ]),
    ("hr", &[
        "payroll", "payslip", "pay slip", "paycheck", "payday", "get paid", "salary raise", "pay raise",
        "pay rise", "a raise", "my raise", "raises", "my salary", "bonus", "bonuses", "vacation",
        "holiday", "holidays", "pto", "time off", "day off", "days off", "sick leave",
        "parental leave", "maternity leave", "paternity leave", "leave request",
        "employee benefits", "health benefits", "pension", "health insurance", "visa",
        "relocation", "performance review", "performance reviews", "hr", "human resources",
        "fired", "firing", "laid off", "layoffs", "harassment", "overtime", "sick days",
        "sick day", "annual leave", "training budget", "learning budget", "conference budget",
        "my manager", "my boss", "line manager", "org chart", "reorg", "promoted", "get promoted",
        "salary band", "recruiter", "recruiters", "onboarding paperwork", "days leave",
        "days of leave", "days holiday", "days of holiday", "holiday allowance",
        "leave allowance", "leave balance", "leave entitlement", "holiday entitlement",
        "timesheet", "emergency contact", "staff discount", "tattoo", "reference letter",
        "union rep", "trade union", "union representative", "work from home",
        "working from home", "wfh", "remote working", "hybrid working", "bank details",
        "p60", "p45", "tax code", "my contract", "employment contract", "contract of employment",
        "contracted hours",
    ]),
    ("finance", &[
        "expense", "expenses", "reimburse", "reimbursement", "invoice", "invoices", "receipt",
        "receipts", "travel booking", "book travel", "claim back", "train fare", "taxi fare", "mileage", "corporate card", "credit card", "tax",
        "taxes", "book flight", "purchase order", "accounts payable", "petty cash", "share price",
        "stock price", "stock options", "earnings call", "bank account", "isa",
        "mortgage", "car insurance", "phone contract",
    ]),
    ("facilities", &[
        "coffee", "coffee machine", "kitchen", "fridge", "snacks", "desk", "desks", "parking",
        "office key", "badge", "meeting room", "meeting rooms", "printer paper", "fire drill",
        "toilet", "bathroom", "dress code", "lost and found", "heating", "air conditioning",
        "aircon", "radiator", "thermostat", "elevator", "vending machine", "microwave",
        "canteen", "locker", "lockers", "light bulb", "cleaners", "the lift", "the lifts",
        "loo", "toilets", "boiler", "car park", "air con", "kettle", "water cooler",
        "my chair", "office chair", "business card", "lanyard", "open plan", "office plants",
        "staff fridge", "my desk", "standing desk", "new desk", "hot desk", "hot desking",
        "uniform", "uniforms", "i park", "we park", "i meant to park", "we meant to park",
        "i allowed to park", "we allowed to park", "park my car", "park my bike",
        "place to park", "where to park", "where can i park", "where do i park",
    ]),
    ("schedules", &[
        "holiday schedule", "work schedule", "shift schedule", "meeting schedule", "calendar",
        "which date", "due date", "today", "tomorrow", "yesterday", "tonight", "right now",
        "next week", "this week", "next month", "this month", "weekend", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "o clock", "opening hours",
        "when is the next", "when the next", "when is our next", "start date",
        "last year", "last quarter", "last month", "last week", "clocks go back",
        "clocks go forward", "clocks change",
    ]),
    ("small_talk", &[
        "lunch", "dinner", "breakfast", "weather", "rain", "raining", "rainy", "forecast",
        "sunny", "snowing", "haiku", "poem", "limerick", "joke",
        "jokes", "song", "lyrics", "riddle", "recipe", "movie", "movies", "football",
        "birthday", "beer", "pizza", "restaurant", "how are you", "how are you doing",
        "meaning of life", "capital of", "horoscope", "good morning", "good night",
        "are you a bot", "are you human", "who made you", "your name", "summer party",
        "christmas party", "office party", "staff party", "choir", "set a reminder",
        "remind me", "translate this", "summarise this", "summarize this", "in the news",
        "know a good", "recommend a good", "know any good", "who won",
        "premier league", "that does food", "somewhere to eat", "place to eat",
        "bus stop", "which bus", "last bus", "bus times", "bus timetable", "train times",
        "mot", "car service", "clamped", "flu jab", "gp appointment", "visiting times",
        "bin collection", "bins collected", "bin day", "son school", "daughter school",
        "kid school", "kids school", "child school", "son nursery", "daughter nursery",
        "kid nursery", "my flight",
    ]),
];

/// Groups whose phrases are only out of scope in the clause that asks the question: a
/// date or a time earlier in the question is its setting ("we ship next month, ...").
pub const CONTEXT_GROUPS: &[&str] = &["schedules"];

/// Words for a group of people: next to a name the table does not know ("team blue",
/// "the phoenix squad") they make the question about one particular group.
pub const GROUP_WORDS: &[&str] = &[
    "team",
    "squad",
    "tribe",
    "guild",
    "chapter",
    "crew",
    "department",
];

/// Words that say when: a table whose answer or quote holds one can answer a question
/// that asks when ("the rotation hands over on Tuesday at 11:00"). "May" is left out: it is
/// far more often the verb.
#[rustfmt::skip]
const WHEN_WORDS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays",
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "noon", "midday", "midnight",
];

/// Whether a word is a day of the week, a month or a time of day ("saturday", "noon").
pub fn says_when(word: &str) -> bool {
    names_a_day(word) || is_time_of_day(word)
}

/// Whether a word is a day of the week or a month ("fridays", "june"), or noon or midnight.
pub fn names_a_day(word: &str) -> bool {
    WHEN_WORDS.contains(&word)
}

/// A day, a month or a time of day, or a word that asks for one ("time", "date").
pub fn names_a_time(word: &str) -> bool {
    says_when(word)
        || matches!(
            word,
            "time" | "times" | "day" | "days" | "date" | "dates" | "hour" | "hours"
        )
}

/// A time ([`names_a_time`]), a day named by when it is asked ("today", "tonight") or a
/// part of one ("this morning", "last night", "at the weekend"): a word that says when,
/// never which duty, though a table may ask with it ("the morning equipment checks").
pub fn says_only_when(word: &str) -> bool {
    names_a_time(word)
        || matches!(
            word,
            "today"
                | "tonight"
                | "tomorrow"
                | "yesterday"
                | "morning"
                | "mornings"
                | "afternoon"
                | "afternoons"
                | "evening"
                | "evenings"
                | "night"
                | "nights"
                | "weekend"
                | "weekends"
        )
}

/// Whether a text states a day, a month or a time of day ("11:00", "15.00", "9am"), or a
/// time counted from something ("35 minutes before the start", "within 48 hours").
pub fn states_a_time(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == ':' || c == '.'))
        .map(|word| word.trim_end_matches(['.', ':']).to_ascii_lowercase())
        .filter(|word| !word.is_empty())
        .collect();
    words.iter().any(|word| says_when(word))
        || words
            .windows(2)
            .any(|pair| counts(&pair[0]) && is_time_unit(&pair[1]))
}

/// Whether a text states a number ("12 items", "two weeks", "£25", "within 48 hours").
/// A day or a month is no amount, and "one" counts only with a unit ("one week"): "no
/// one", "the one who" state nothing.
pub fn states_an_amount(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    // "by 31 January", "March 3rd 2024": the figures of a date say when, not how much.
    let in_a_date = |at: usize| {
        let word = &words[at];
        let month = |at: Option<usize>| {
            at.and_then(|at| words.get(at))
                .is_some_and(|word| names_a_month(word))
        };
        is_year(word)
            || ["st", "nd", "rd", "th"]
                .iter()
                .any(|ordinal| word.strip_suffix(ordinal).is_some_and(is_number))
            || month(at.checked_sub(1))
            || month(Some(at + 1))
    };
    // "one" alone names no amount ("no one", "the one who"); "one week" does.
    let one_of_a_unit = |at: usize| {
        words.get(at + 1).is_some_and(|unit| {
            is_time_unit(unit) || matches!(unit.as_str(), "month" | "months" | "year" | "years")
        })
    };
    words.iter().enumerate().any(|(at, word)| {
        (word.bytes().any(|b| b.is_ascii_digit()) && !in_a_date(at))
            || (word == "one" && one_of_a_unit(at))
            || (word != "one" && !is_number(word) && counts(word))
    })
}

fn is_number(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit())
}

/// "2024": a year, as documents date themselves.
fn is_year(word: &str) -> bool {
    word.len() == 4
        && word
            .parse::<u16>()
            .is_ok_and(|year| (1900..=2099).contains(&year))
}

/// "january": a month of [`WHEN_WORDS`] (not a day of the week, noon or midnight).
fn names_a_month(word: &str) -> bool {
    names_a_day(word)
        && !word.ends_with("day")
        && !word.ends_with("days")
        && !matches!(word, "noon" | "midnight")
}

/// "35", "two": how many of a unit.
fn counts(word: &str) -> bool {
    (!word.is_empty() && word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit()))
        || matches!(
            word,
            "one"
                | "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "twelve"
                | "fifteen"
                | "twenty"
                | "thirty"
                | "forty"
                | "fifty"
        )
}

fn is_time_unit(word: &str) -> bool {
    matches!(
        word,
        "minute" | "minutes" | "hour" | "hours" | "day" | "days" | "week" | "weeks"
    )
}

/// The sentences of a text that state a day, a month or a time of day. A full stop ends a
/// sentence only before a space or the end, so "11.00" stays one word.
pub fn sentences_stating_a_time(text: &str) -> impl Iterator<Item = &str> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let ends = matches!(c, '.' | '!' | '?' | ';' | '\n')
            && chars.peek().is_none_or(|(_, next)| next.is_whitespace());
        if ends {
            sentences.push(&text[start..at]);
            start = at + c.len_utf8();
        }
    }
    sentences.push(&text[start..]);
    sentences
        .into_iter()
        .filter(|sentence| states_a_time(sentence))
}

/// "11:00", "9:30", "15.00" (as British documents write it), "9am", "10pm".
fn is_time_of_day(word: &str) -> bool {
    let digits = |part: &str| {
        !part.is_empty() && part.len() <= 2 && part.bytes().all(|b| b.is_ascii_digit())
    };
    if let Some((hours, minutes)) = word.split_once([':', '.']) {
        return digits(hours)
            && hours.parse::<u8>().is_ok_and(|hours| hours <= 24)
            && minutes.len() == 2
            && digits(minutes)
            && minutes.parse::<u8>().is_ok_and(|minutes| minutes < 60);
    }
    word.strip_suffix("am")
        .or_else(|| word.strip_suffix("pm"))
        .is_some_and(digits)
}

/// Verbs that make a question opening with "when" ask for a time: "when does term start?",
/// "when does the freeze end?". Without one, "when" asks in which case ("when do I escalate?").
/// Matched as stems, so "starts" and "finishing" count too.
pub const WHEN_VERBS: &[&str] = &[
    "start", "begin", "end", "finish", "open", "close", "happen", "reopen", "kick", "arrive",
];

/// Openings that ask for a date or a time, not an owner; they count only at the start.
#[rustfmt::skip]
pub const QUESTION_STARTS: &[&str] = &[
    "when is the", "when the", "when are the", "when will the", "when was the", "when is our",
    "when is my", "when are our", "when did", "what time", "what day", "what date",
    "what's the deadline", "what is the deadline", "when's the deadline", "when is the deadline",
];

#[cfg(test)]
mod tests {
    use super::{sentences_stating_a_time, states_a_time, states_an_amount};

    /// "how long is the notice period?" was declined over "The notice period is one month.":
    /// "one" is left out for "no one", but with a unit it is a length of time.
    #[test]
    fn one_with_a_unit_is_an_amount_and_no_one_is_not() {
        for text in [
            "The notice period is one month.",
            "DVDs are lent for one week.",
        ] {
            assert!(states_an_amount(text), "{text}");
        }
        assert!(!states_an_amount(
            "No one signs it off; the one who asks books it."
        ));
    }

    #[test]
    fn a_date_is_no_amount_but_a_count_or_a_sum_is() {
        for text in [
            "Books are lent for three weeks, up to 12 items at a time.",
            "Reply within 48 hours.",
            "The fee is £25.",
            "It pays about $112,000 a year.",
        ] {
            assert!(states_an_amount(text), "{text}");
        }
        // "A day or a month is no amount", written as a date as much as by name.
        for text in [
            "Summer slots are shared out in January.",
            "Leave requests for the summer are due by 31 January.",
            "Approved by the branch manager; the policy was last reviewed on March 3rd 2024.",
            "Reviewed in 2023.",
        ] {
            assert!(!states_an_amount(text), "{text}");
        }
    }

    #[test]
    fn only_the_sentences_that_state_a_time_are_kept_and_a_time_ends_none() {
        let text = "Heads of year run parents' evenings. Check-out is 11.00 sharp; late check-out \
                    costs extra! Reports go home in March";
        assert_eq!(
            sentences_stating_a_time(text).collect::<Vec<_>>(),
            vec![" Check-out is 11.00 sharp", " Reports go home in March"]
        );
    }

    #[test]
    fn a_time_is_read_as_people_write_it_and_a_version_is_not_a_time() {
        for text in [
            "Handover is on Tuesday.",
            "Standard check-out is 11.00.",
            "The desk opens at 07:30",
            "Pages close at 9pm",
            "Lunch is served until midday",
            "The half is called 35 minutes before the advertised start",
            "Report it within two days",
        ] {
            assert!(states_a_time(text), "{text}");
        }
        for text in [
            "Version 3.2 added it.",
            "It costs 12.5 per cent.",
            "Room 27.99",
            "Minutes are taken by the clerk",
            "Three members form a quorum",
        ] {
            assert!(!states_a_time(text), "{text}");
        }
    }
}
