//! Slack message text -> plain lower-case words and clause marks. Owns every rule about
//! Slack markup, HTML escapes, emoji, apostrophes and punctuation; nothing here knows the
//! rules table.

/// Characters kept as their own token: they separate clauses ("who owns X / who owns Y?"),
/// which is how a question with two duties is split. Everything else that is not a letter or
/// a digit becomes a space.
pub const CLAUSE_MARKS: [char; 8] = ['/', '&', ',', '?', ';', ':', '!', '.'];

/// Strips Slack markup and folds the text to words separated by single spaces, with clause
/// marks as separate tokens. Case is kept (a capitalised unknown word is a name, see
/// `intent`); the analyser lower-cases. `<@U1|sam> who's the PO's go-to?` -> `who the PO go to ?`.
pub fn normalise(text: &str) -> String {
    // Most text has no markup at all: skip the copies then.
    let plain = if text.contains(['<', '&', ':']) {
        std::borrow::Cow::Owned(unescape(&strip_markup(text)))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let mut out = String::with_capacity(plain.len());
    let mut chars = plain.chars().peekable();
    let space = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    // Brackets open: "(Year 10)" is no list's item number.
    let mut brackets = 0usize;
    // Inside "e.g." or "U.K.": the word goes on after its points.
    let mut dotted = false;
    while let Some(c) = chars.next() {
        if !c.is_alphanumeric() && c != '.' {
            dotted = false;
        }
        match c {
            _ if c.is_alphanumeric() => push_letter(&mut out, c),
            // "e.g.", "a.m.", "U.K.": the points of an abbreviation end no sentence. Its
            // letters are one word, and a Latin or clock one says nothing at all.
            '.' if (dotted || last_word(&out).chars().count() == 1)
                && letter_then_point(chars.clone()) =>
            {
                dotted = true;
            }
            '.' if dotted => {
                dotted = false;
                let word = last_word(&out);
                if is_one_of(word, &DOTTED_FILLERS) {
                    out.truncate(out.len() - word.len());
                }
            }
            // "31/12", "24/7": a slash inside a number is part of it, not two things.
            '/' if out.ends_with(|last: char| last.is_ascii_digit())
                && chars.peek().is_some_and(char::is_ascii_digit) =>
            {
                out.push(c)
            }
            // "w/" and "w/o" are "with" and "without", not a slash between two things.
            '/' if last_word(&out).eq_ignore_ascii_case("w") => {
                out.pop();
                let mut ahead = chars.clone();
                let without = ahead
                    .next()
                    .is_some_and(|next| next.eq_ignore_ascii_case(&'o'))
                    && ahead.next().is_none_or(|next| !next.is_alphanumeric());
                if without {
                    chars.next();
                    out.push_str("without");
                } else {
                    out.push_str("with");
                }
                space(&mut out);
            }
            // "Dr. Okafor", "PM vs. PO": a title's point is no full stop either.
            '.' if is_one_of(last_word(&out), &POINTED_WORDS) => {}
            // "3.2", "1,000": a point or comma inside a number is part of it.
            '.' | ','
                if out.ends_with(|last: char| last.is_ascii_digit())
                    && chars.peek().is_some_and(char::is_ascii_alphanumeric) =>
            {
                out.push(c)
            }
            // "S&P", "R&D", "M&S": an ampersand inside a word joins it, as a table's
            // `expand` key writes it; with spaces around it parts two things.
            '&' if out.ends_with(char::is_alphanumeric)
                && chars.peek().is_some_and(|next| next.is_alphanumeric()) =>
            {
                out.push(c)
            }
            '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' => {
                // "who's", "PO's", "don't": the part after the apostrophe is a clitic
                // ('s, 't, 're, 'll) that carries no topic, so it is dropped. A quote mark
                // at a word edge is just punctuation: "`sprint planning`" keeps "sprint".
                // Any other part joins the word it follows: "O'Brien", "D'Souza".
                if out.ends_with(char::is_alphanumeric) {
                    let mut clitic = String::new();
                    while let Some(next) = chars.next_if(|next| next.is_alphabetic()) {
                        clitic.push(next);
                    }
                    if clitic.eq_ignore_ascii_case("t") {
                        undo_negation(&mut out);
                    } else if !is_one_of(&clitic, &CLITICS) {
                        // "o'clock" stays two words, as the schedule phrases write it.
                        if clitic.eq_ignore_ascii_case("clock") {
                            out.push(' ');
                        }
                        for letter in clitic.chars() {
                            push_letter(&mut out, letter);
                        }
                        continue;
                    }
                }
                space(&mut out);
            }
            _ if CLAUSE_MARKS.contains(&c) => {
                space(&mut out);
                out.push(c);
                out.push(' ');
            }
            // "costs more than last year - who decides?": a dash between spaces, or an em
            // dash, parts clauses as a comma does; "falling-apart" stays one phrase.
            '-' | '\u{2013}' | '\u{2014}'
                if c == '\u{2014}'
                    || ((out.is_empty() || out.ends_with(' '))
                        && chars.peek().is_none_or(|next| next.is_whitespace())) =>
            {
                space(&mut out);
                out.push(',');
                out.push(' ');
            }
            // "1) who owns the roadmap 2) who owns pricing": a list's number ends the item
            // before it, as a comma does, and says nothing itself.
            '(' => {
                brackets += 1;
                space(&mut out);
            }
            ')' if brackets == 0 && ends_with_list_number(&out) => {
                out.truncate(out.trim_end_matches(|c: char| c.is_ascii_digit()).len());
                space(&mut out);
                out.push(',');
                out.push(' ');
            }
            ')' => {
                brackets = brackets.saturating_sub(1);
                space(&mut out);
            }
            // Emoji, symbols, dashes, brackets, quotes: word breaks.
            _ => space(&mut out),
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Whether the text ends with a word of one or two digits ("2" in "... roadmap 2").
fn ends_with_list_number(out: &str) -> bool {
    let word = out.rsplit(' ').next().unwrap_or_default();
    (1..=2).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit())
}

/// "café", "crèche", "naïve": a word written with or without its accents is one word.
fn push_letter(out: &mut String, letter: char) {
    if letter.is_ascii() {
        out.push(letter);
    } else {
        push_without_accents(out, letter);
    }
}

/// A letter without its accents ("é" -> "e"); letters without a plain form stay as they are,
/// and so does a letter made only of marks (some scripts' vowel signs), which must not vanish:
/// what follows a letter ("a&b") is read the same however often the text is normalised.
fn push_without_accents(out: &mut String, letter: char) {
    let before = out.len();
    unicode_normalization::char::decompose_canonical(letter, |part| {
        if part.is_alphanumeric() && !unicode_normalization::char::is_combining_mark(part) {
            out.push(part);
        }
    });
    if out.len() == before {
        out.push(letter);
    }
}

/// The endings an apostrophe cuts off a word ("who's", "we're", "I'd", "can't").
const CLITICS: [&str; 8] = ["s", "t", "re", "ll", "ve", "d", "m", ""];

/// Written with points, these say nothing about a question: "e.g.", "i.e.", "a.m.", "p.m.".
const DOTTED_FILLERS: [&str; 6] = ["eg", "ie", "am", "pm", "nb", "cf"];

/// Words written with a point that ends no sentence.
const POINTED_WORDS: [&str; 10] = [
    "mr", "mrs", "ms", "mx", "dr", "prof", "st", "vs", "etc", "approx",
];

/// Whether `word` is one of `list` (lower case), in any case: no lower-case copy per point
/// or apostrophe of every question.
fn is_one_of(word: &str, list: &[&str]) -> bool {
    list.iter().any(|listed| listed.eq_ignore_ascii_case(word))
}

/// The word `out` ends with (empty after a space or a mark).
fn last_word(out: &str) -> &str {
    let start = out.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |at| {
        at + out[at..].chars().next().map_or(1, char::len_utf8)
    });
    &out[start..]
}

/// Whether the text after a point goes on as "g." does in "e.g.".
fn letter_then_point(mut ahead: impl Iterator<Item = char>) -> bool {
    ahead.next().is_some_and(char::is_alphabetic) && ahead.next() == Some('.')
}

/// "won't", "hadn't", "shan't": the word before a negating "'t" is its verb, which says
/// no more about a duty than "will" or "had" do. Left as "won" or "hadn" it would be an
/// unknown word, or be repaired into a table's ("hand").
fn undo_negation(out: &mut String) {
    let start = out.len() - last_word(out).len();
    let word = out[start..].to_lowercase();
    let verb = match word.as_str() {
        "won" => "will",
        "shan" => "shall",
        "ain" => "is",
        "can" => "can",
        _ if word.len() > 2 && word.ends_with('n') => &word[..word.len() - 1],
        _ => return,
    };
    out.truncate(start);
    out.push_str(verb);
}

/// Resolves Slack's `<...>` forms: user mentions are dropped, channel mentions keep their
/// name, links keep their label (a bare link is dropped: a URL names no duty). `:emoji:`
/// codes are dropped too.
fn strip_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let inner = &after[..close];
        let (target, label) = match inner.split_once('|') {
            Some((target, label)) => (target, Some(label)),
            None => (inner, None),
        };
        let after_it = &after[close + 1..];
        let keep = match (target.chars().next(), label) {
            (Some('@'), _) if names_someone(&out, after_it) => Some(MENTIONED),
            (Some('@'), _) | (Some('!'), _) => None,
            (Some('#'), label) => label,
            (_, label) => label,
        };
        if let Some(keep) = keep {
            out.push(' ');
            out.push_str(keep);
        }
        out.push(' ');
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    strip_emoji_codes(&out)
}

/// What a user mentioned inside a question reads as: a capitalised word no table uses, so
/// the question names a person ("is <@U123> our product owner?" asks about one person, which
/// no table answers).
pub const MENTIONED: &str = "Slackmember";

/// Whether a user mention names someone the question is about, rather than whom it is
/// addressed to: "<@UBOT> who owns pricing?", "hey <@UBOT>, ...", "... thanks <@UBOT>!"
/// address the bot.
fn names_someone(before: &str, after: &str) -> bool {
    const GREETINGS: [&str; 8] = ["hey", "hi", "hello", "hiya", "yo", "ok", "okay", "thanks"];
    let before = before.trim_matches(|c: char| !c.is_alphanumeric());
    let opens = before.is_empty()
        || before.split_whitespace().count() == 1
            && GREETINGS
                .iter()
                .any(|greeting| greeting.eq_ignore_ascii_case(before));
    let closes = after
        .trim_matches(|c: char| !c.is_alphanumeric())
        .is_empty();
    !(opens || closes)
}

/// Removes `:name:` emoji codes (letters, digits, `_`, `-`, `+`, no spaces). A lone colon,
/// as in "PM vs PO: who owns it", stays.
fn strip_emoji_codes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(':') {
        let after = &rest[start + 1..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+')))
            .unwrap_or(after.len());
        if end > 0 && after[end..].starts_with(':') {
            out.push_str(&rest[..start]);
            out.push(' ');
            rest = &after[end + 1..];
        } else {
            out.push_str(&rest[..=start]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Slack escapes exactly these three in message text.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn a_point_or_comma_inside_a_number_is_kept() {
        assert_eq!(
            normalise("release 3.2, then 1,000 users. Done"),
            "release 3.2 , then 1,000 users . Done"
        );
    }

    #[test]
    fn user_mentions_that_address_the_message_are_dropped_in_both_forms() {
        assert_eq!(normalise("<@U0BOT> who owns pricing"), "who owns pricing");
        assert_eq!(
            normalise("<@U0BOT|rolecall> who owns pricing"),
            "who owns pricing"
        );
        assert_eq!(
            normalise("hey <@U0BOT>, who owns pricing"),
            "hey , who owns pricing"
        );
        assert_eq!(
            normalise("who owns pricing? thanks <@U0BOT>"),
            "who owns pricing ? thanks"
        );
    }

    #[test]
    fn a_user_mentioned_inside_a_question_is_a_person() {
        assert_eq!(
            normalise("is <@U0ABC|sam> our product owner?"),
            format!("is {} our product owner ?", super::MENTIONED)
        );
        assert_eq!(
            normalise("I asked <@U0ABC> about pricing"),
            format!("I asked {} about pricing", super::MENTIONED)
        );
    }

    #[test]
    fn links_keep_their_label_and_bare_links_vanish() {
        assert_eq!(
            normalise("see <https://x.io/a|the roadmap> <https://x.io/b>"),
            "see the roadmap"
        );
    }

    #[test]
    fn channel_mentions_keep_the_channel_name() {
        assert_eq!(
            normalise("in <#C123|product-team> who"),
            "in product team who"
        );
    }

    #[test]
    fn html_escapes_are_undone_and_ampersand_is_a_clause_mark() {
        assert_eq!(normalise("pricing &amp; roadmap"), "pricing & roadmap");
        assert_eq!(normalise("&lt;b&gt;"), "b");
    }

    #[test]
    fn an_ampersand_inside_a_word_keeps_the_word_whole() {
        assert_eq!(normalise("who does the S&amp;P?"), "who does the S&P ?");
        assert_eq!(normalise("R&D & sales"), "R&D & sales");
        assert_eq!(normalise("& then"), "& then");
        assert_eq!(normalise("pricing&roadmap?"), "pricing&roadmap ?");
    }

    #[test]
    fn emoji_codes_and_emoji_characters_are_dropped() {
        assert_eq!(
            normalise("who ranks stories? :pray: 🙏"),
            "who ranks stories ?"
        );
        assert_eq!(normalise("PM vs PO: roadmap"), "PM vs PO : roadmap");
    }

    #[test]
    fn apostrophes_straight_or_curly_drop_the_clitic() {
        assert_eq!(normalise("who's the PO's boss"), "who the PO boss");
        assert_eq!(normalise("who\u{2019}s the PM\u{2019}s"), "who the PM");
        assert_eq!(normalise("it isn't"), "it is");
    }

    #[test]
    fn a_slash_in_a_date_or_in_w_slash_parts_nothing() {
        assert_eq!(
            normalise("shift w/ the chef w/o cover on 31/12, 24/7 / rota"),
            "shift with the chef without cover on 31/12 , 24/7 / rota"
        );
        assert_eq!(
            normalise("who owns pricing/roadmap"),
            "who owns pricing / roadmap"
        );
    }

    #[test]
    fn accents_are_folded_to_plain_letters() {
        assert_eq!(
            normalise("the café crèche, Zoë's résumé, naïve, straße, 東京"),
            "the cafe creche , Zoe resume , naive , straße , 東京"
        );
        // A letter made only of marks stays: "a&" must stay joined to it.
        assert_eq!(normalise("a&\u{11937}"), "a&\u{11937}");
    }

    #[test]
    fn an_apostrophe_inside_a_name_keeps_the_name_whole() {
        assert_eq!(
            normalise("Mrs O'Brien and D\u{2019}Souza at 9 o'clock, we'd go"),
            "Mrs OBrien and DSouza at 9 o clock , we go"
        );
    }

    #[test]
    fn the_points_of_an_abbreviation_end_no_sentence() {
        assert_eq!(
            normalise("who books it e.g. for 3 p.m. in the U.K. or i.e. here"),
            "who books it for 3 in the UK or here"
        );
        assert_eq!(
            normalise("Dr. Okafor asked, PM vs. PO etc. who decides?"),
            "Dr Okafor asked , PM vs PO etc who decides ?"
        );
        assert_eq!(normalise("it ends here. Next"), "it ends here . Next");
        assert_eq!(normalise("plan A. Then"), "plan A . Then");
    }

    #[test]
    fn a_negating_apostrophe_t_leaves_the_verb_it_negates() {
        assert_eq!(
            normalise("he won't leave, I hadn't asked, we can't, she ain't, Shan't"),
            "he will leave , I had asked , we can , she is , shall"
        );
        assert_eq!(normalise("don't, mightn\u{2019}t, n't"), "do , might , n");
    }

    #[test]
    fn a_quote_mark_before_a_word_keeps_the_word() {
        for quoted in [
            "who owns `sprint planning`?",
            "who owns 'sprint planning'?",
            "who owns \u{2018}sprint planning\u{2019}?",
        ] {
            assert_eq!(normalise(quoted), "who owns sprint planning ?", "{quoted}");
        }
    }

    #[test]
    fn a_dash_between_spaces_or_an_em_dash_parts_clauses() {
        assert_eq!(
            normalise("more than last year - who decides?"),
            "more than last year , who decides ?"
        );
        assert_eq!(
            normalise("last year\u{2014}who decides"),
            "last year , who decides"
        );
        assert_eq!(normalise("a 2\u{2013}3 day job"), "a 2 3 day job");
        assert_eq!(normalise("falling-apart books"), "falling apart books");
    }

    #[test]
    fn a_numbered_lists_numbers_part_its_items() {
        assert_eq!(
            normalise("1) who owns the roadmap 2) who owns pricing"),
            ", who owns the roadmap , who owns pricing"
        );
        assert_eq!(
            normalise("pupils (Year 10) and staff"),
            "pupils Year 10 and staff"
        );
        assert_eq!(normalise("version (v2) is out"), "version v2 is out");
    }

    #[test]
    fn punctuation_becomes_word_breaks_and_case_is_kept() {
        assert_eq!(normalise("Go-To-Market (GTM)?!"), "Go To Market GTM ? !");
    }
}
