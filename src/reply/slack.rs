//! Pure: [`Answer`] -> a Slack message (Block Kit plus the plain `text` fallback that
//! notifications and screen readers use). Text from the rules table is escaped (`& < >`)
//! and every block is trimmed to Slack's limits, because one block over a limit makes Slack
//! reject the whole message.

use crate::answer::{Answer, Outcome};
use crate::rules::{Owner, Rules, Topic};
use crate::team::{LINE_LEAD, Team};
use serde::Serialize;

pub(super) use super::mrkdwn::cut;
use super::mrkdwn::{MARKS, cut_mrkdwn, fit_mrkdwn, open_marks, split_at_most};
pub use super::mrkdwn::{escape, fit, whole_characters};

pub const MAX_BLOCKS: usize = 50;
pub const MAX_HOME_BLOCKS: usize = 100;
pub const MAX_SECTION_TEXT: usize = 3000;
pub const MAX_HEADER_TEXT: usize = 150;
pub const MAX_CONTEXT_ELEMENTS: usize = 10;
/// Well under Slack's 4,000-character advice for a message.
pub const MAX_FALLBACK_TEXT: usize = 3000;
/// A quote longer than this is cut: the context block is a citation, not the article.
const MAX_QUOTE: usize = 1000;

/// What `chat.postMessage` or a slash-command response carries.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Message {
    pub text: String,
    /// Left out when empty: a plain-text message has no `blocks` at all.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<Block>,
}

/// The Block Kit blocks rolecall sends. Typed rather than `serde_json::Value`: the slash
/// path renders one per request, and maps of small strings are most of the cost there.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Header {
        text: Text,
    },
    Section {
        text: Text,
    },
    Context {
        elements: Vec<Text>,
    },
    Divider,
    /// Buttons ([`super::buttons`] builds them).
    Actions {
        block_id: String,
        elements: Vec<Button>,
    },
}

/// A Block Kit button. `kind` is always `"button"`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Button {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub action_id: String,
    pub text: Text,
    pub value: String,
}

/// A Block Kit text object.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Text {
    PlainText { text: String, emoji: bool },
    Mrkdwn { text: String },
}

/// The Home tab (`views.publish`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HomeView {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub blocks: Vec<Block>,
}

/// The answer (or the decline with suggestions).
pub fn answer(answer: &Answer<'_>, rules: &Rules) -> Message {
    answer_with_team(answer, rules, None)
}

/// As [`answer`], with "In this workspace: <@U123>" under each topic's owner when the team
/// file names someone for that role.
pub fn answer_with_team(answer: &Answer<'_>, rules: &Rules, team: Option<&Team>) -> Message {
    match &answer.outcome {
        Outcome::Answered { topics, .. } => {
            answered(topics, super::did_you_mean(answer), rules, team)
        }
        Outcome::Declined {
            reason,
            suggestions,
        } => declined(
            &super::decline_text(*reason, rules, suggestions),
            super::whole_role_people(*reason, suggestions, rules, team, escape).as_deref(),
            suggestions,
        ),
    }
}

/// Usage, with example questions from `responses/messages.toml`.
pub fn help(rules: &Rules) -> Message {
    intro(&rules.messages.help, rules, MAX_BLOCKS)
}

/// The onboarding DM for someone who just joined.
pub fn welcome(rules: &Rules) -> Message {
    intro(&rules.messages.welcome, rules, MAX_BLOCKS)
}

fn answered(
    topics: &[&Topic],
    did_you_mean: &[&Topic],
    rules: &Rules,
    team: Option<&Team>,
) -> Message {
    let mut blocks = Vec::new();
    let mut text = String::new();
    // Each topic asked about keeps its header, answer and related line within Slack's 50
    // blocks: its citations share what is left after those, a "did you mean" and the
    // buttons. Cut at 50 instead, a topic with many quotes took the next topic's answer.
    let citations_each = ((MAX_BLOCKS - 2) / topics.len().max(1)).saturating_sub(3);
    for topic in topics {
        let owner = escape(&rules.owner_name(&topic.owner));
        blocks.push(header(&topic.title));
        // A team line's Slack references (`<@U123>`, `#pmo`) are sent as they are; the role
        // names and the holders written as names among them are escaped.
        let answer = escape(topic.answer.trim());
        let mut head = format!("*Owner:* {owner}");
        let mut tail = answer.clone();
        if let Some(note) = &topic.note {
            tail.push('\n');
            tail.push_str(&italic(&escape(note.trim())));
        }
        let room = room_before(&tail, MAX_SECTION_TEXT);
        let here = team.and_then(|team| {
            let max = room.saturating_sub(head.chars().count() + 1);
            people_line(team, &topic.people_roles(), rules, max)
        });
        if let Some(here) = &here {
            head.push('\n');
            head.push_str(here);
        }
        // The answer is what was asked for: a long list of owners or of people is cut to
        // leave it room, rather than the section's limit cutting the answer away.
        let mut body = cut(&head, room);
        body.push('\n');
        body.push_str(&tail);
        blocks.push(section(&body));
        for citation in topic.sources.iter().take(citations_each) {
            let title = rules
                .source(&citation.source)
                .map_or(citation.source.as_str(), |source| source.title.as_str());
            let quote = fit_mrkdwn(citation.quote.trim(), MAX_QUOTE);
            blocks.push(context(&[format!("*{}*: “{quote}”", escape(title))]));
        }
        let related: Vec<String> = topic
            .related
            .iter()
            .filter_map(|id| rules.topic(id))
            .map(|related| escape(&related.title))
            .collect();
        if !related.is_empty() {
            blocks.push(context(&[format!("Related: {}", related.join(" · "))]));
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        // Where the sources disagree the note says so, in a notification or a screen
        // reader's reading of the fallback as well as in the blocks.
        let owner = cut(&owner, room_before(&tail, MAX_FALLBACK_TEXT));
        text.push_str(&format!("{owner}: {tail}"));
        if let Some(here) = &here {
            text.push('\n');
            text.push_str(here);
        }
    }
    if !did_you_mean.is_empty() {
        let titles: Vec<String> = did_you_mean.iter().map(|t| escape(&t.title)).collect();
        blocks.push(context(&[format!(
            "Or did you mean: {}",
            titles.join(" · ")
        )]));
    }
    let mut message = finish(String::new(), blocks, MAX_BLOCKS);
    // The fallback is built escaped (it carries the team's references): cut, not re-escaped.
    message.text = cut_mrkdwn(&text, MAX_FALLBACK_TEXT);
    message
}

/// Each role's line (`lead` then its holders), all within `max` characters: a role with
/// hundreds of holders is shortened ("and 310 more") rather than the section's cut taking
/// the roles after it. Short lines are kept whole; the long ones share what is left.
pub(super) fn within(rows: &[(String, Vec<String>)], max: usize) -> Vec<String> {
    let full: Vec<usize> = rows
        .iter()
        .map(|(lead, holders)| lead.chars().count() + holders.join(", ").chars().count())
        .collect();
    let mut by_length: Vec<usize> = (0..rows.len()).collect();
    by_length.sort_by_key(|&row| full[row]);
    let mut left = max.saturating_sub(rows.len().saturating_sub(1));
    let mut room = vec![0; rows.len()];
    for (done, &row) in by_length.iter().enumerate() {
        room[row] = full[row].min(left / (rows.len() - done));
        left -= room[row];
    }
    rows.iter()
        .zip(full.iter().zip(room))
        .map(|((lead, holders), (&full, room))| {
            let mut line = lead.clone();
            if full <= room {
                line.push_str(&holders.join(", "));
                return line;
            }
            for (shown, holder) in holders.iter().enumerate() {
                let more = match shown {
                    0 => format!("{} in the team file", holders.len()),
                    _ => format!(" and {} more", holders.len() - shown),
                };
                let separator = if shown == 0 { "" } else { ", " };
                let last = shown + 1 == holders.len();
                let after = if last { 0 } else { " and 9999 more".len() };
                if line.chars().count() + separator.len() + holder.chars().count() + after > room {
                    line.push_str(&more);
                    break;
                }
                line.push_str(separator);
                line.push_str(holder);
            }
            line
        })
        .collect()
}

/// "In this workspace: ..." as [`Team::line`] says it, within `max` characters: each
/// role sharing a duty keeps its people, a long list shortened to "and N more", rather
/// than a cut taking the roles after it.
fn people_line(team: &Team, owner: &Owner, rules: &Rules, max: usize) -> Option<String> {
    let rows = team.rows(owner, rules, escape);
    // `within` keeps a character between lines; "; " takes two.
    let room = max.saturating_sub(LINE_LEAD.len() + rows.len().saturating_sub(1));
    let parts = within(&rows, room);
    (!parts.is_empty()).then(|| format!("{LINE_LEAD}{}", parts.join("; ")))
}

/// `here`: who holds the role a whole-role decline is about, a team line of Slack
/// references (sent as they are, never escaped).
fn declined(decline: &str, here: Option<&str>, suggestions: &[&Topic]) -> Message {
    let mut body = decline_body(decline, suggestions);
    if let Some(here) = here {
        body = super::under_first_line(&body, here);
    }
    // A table's decline text long enough to fill the section would take the suggestions
    // with the cut, while their buttons stay: they get a section of their own then.
    let blocks = if body.chars().count() <= MAX_SECTION_TEXT {
        vec![section(&body)]
    } else {
        let mut blocks = sections(&escape(decline));
        blocks.extend(here.map(section));
        if !suggestions.is_empty() {
            blocks.push(section(decline_body("", suggestions).trim_start()));
        }
        blocks
    };
    let mut message = finish(decline.to_string(), blocks, MAX_BLOCKS);
    if let Some(here) = here
        && message.text.chars().count() + 1 + here.chars().count() <= MAX_FALLBACK_TEXT
    {
        message.text = super::under_first_line(&message.text, here);
    }
    message
}

/// A decline in mrkdwn: its text, then each suggested topic's title on a line of its own.
pub fn decline_body(decline: &str, suggestions: &[&Topic]) -> String {
    let mut body = escape(decline);
    for topic in suggestions {
        body.push_str("\n• ");
        body.push_str(&escape(&topic.title));
    }
    body
}

/// What the example questions under help and welcome open with.
const TRY: &str = "*Try:*\n";

fn intro(message: &str, rules: &Rules, max_blocks: usize) -> Message {
    let mut blocks = sections(&escape(message.trim()));
    let try_list = example_list(rules, MAX_SECTION_TEXT - TRY.chars().count());
    if let Some(examples) = try_list.filter(|_| !lists_questions(message, rules)) {
        blocks.push(section(&format!("{TRY}{examples}")));
    }
    finish(message.trim().to_string(), blocks, max_blocks)
}

/// Whether a table's own help or welcome already shows questions to try (a bullet list, or
/// one of its example questions): the examples are then not listed a second time.
fn lists_questions(message: &str, rules: &Rules) -> bool {
    let message = message.to_lowercase();
    message.contains('•')
        || rules
            .messages
            .examples
            .iter()
            .any(|example| message.contains(&example.trim().to_lowercase()))
}

/// The plain-text fallback is escaped and trimmed like the blocks; blocks past the limit
/// are dropped rather than sending a message Slack would reject.
fn finish(text: String, mut blocks: Vec<Block>, max_blocks: usize) -> Message {
    blocks.truncate(max_blocks);
    Message {
        text: fit_mrkdwn(&text, MAX_FALLBACK_TEXT),
        blocks,
    }
}

pub(super) fn header(text: &str) -> Block {
    Block::Header {
        text: Text::PlainText {
            text: cut(text.trim(), MAX_HEADER_TEXT),
            emoji: true,
        },
    }
}

/// The example questions as a mrkdwn bullet list of at most `max` characters, when the
/// table has any. Whole questions only: the section's cut would leave one's code span open.
pub(super) fn example_list(rules: &Rules, max: usize) -> Option<String> {
    let mut list = String::new();
    for example in &rules.messages.examples {
        let line = format!("• {}", code(example));
        if list.chars().count() + line.chars().count() + 1 > max {
            break;
        }
        if !list.is_empty() {
            list.push('\n');
        }
        list.push_str(&line);
    }
    (!list.is_empty()).then_some(list)
}

/// Escaped mrkdwn in `_italics_`, line by line: mrkdwn's italics end at a line break, so
/// one pair around a note of two lines shows both underscores instead.
pub fn italic(text: &str) -> String {
    text.lines()
        .map(|line| match line.trim() {
            "" => String::new(),
            line => format!("_{line}_"),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Raw text as an escaped mrkdwn code span, on one line (a span ends at a line break).
/// Mrkdwn cannot put a backtick inside one: a text with its own backticks is quoted
/// instead, or the span would end early and the rest would show its backticks.
pub(super) fn code(text: &str) -> String {
    let text = escape(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    if text.contains('`') {
        format!("“{text}”")
    } else {
        format!("`{text}`")
    }
}

/// `text` is mrkdwn that is already escaped.
pub(super) fn section(text: &str) -> Block {
    Block::Section {
        text: Text::Mrkdwn {
            text: cut_mrkdwn(text, MAX_SECTION_TEXT),
        },
    }
}

/// Escaped mrkdwn in as many sections as it needs: a table's own help, welcome or decline
/// may be longer than one section holds, and a cut would lose its end. Parts end between
/// paragraphs where they can, else between lines, else between words, so that no escape
/// or reference is split.
pub(super) fn sections(text: &str) -> Vec<Block> {
    // A `*bold*` or code span a split falls inside is closed at the end of one section and
    // opened again at the start of the next, or each would show a lone mark.
    let mut carried: Vec<char> = Vec::new();
    split_at_most(text, MAX_SECTION_TEXT - 2 * MARKS.len())
        .into_iter()
        .map(|part| {
            let mut text: String = carried.iter().collect();
            text.push_str(part);
            carried = open_marks(&text);
            text.extend(carried.iter().rev());
            section(&text)
        })
        .collect()
}

/// `elements` are mrkdwn texts that are already escaped.
pub(super) fn context(elements: &[String]) -> Block {
    let elements = elements
        .iter()
        .take(MAX_CONTEXT_ELEMENTS)
        .map(|text| Text::Mrkdwn {
            text: cut_mrkdwn(text, MAX_SECTION_TEXT),
        })
        .collect();
    Block::Context { elements }
}

/// How long a text before `tail` may be for both to fit in `max`, with a separator and the
/// `…` of a later cut of what follows: never under a third of `max`, so an over-long tail
/// still leaves its lead-in readable.
fn room_before(tail: &str, max: usize) -> usize {
    max.saturating_sub(tail.chars().count() + 3).max(max / 3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::{DeclineReason, Kind};
    use crate::rules::{Citation, Messages, Owner, Source, Synonyms};
    use serde_json::Value;

    fn topic(id: &str, title: &str, answer: &str, sources: usize) -> Topic {
        Topic {
            id: id.into(),
            title: title.into(),
            owner: Owner::role("reviewer"),
            answer: answer.into(),
            sources: (0..sources)
                .map(|_| Citation {
                    source: "s1".into(),
                    quote: "The PM owns the <why> & the vision.".into(),
                })
                .collect(),
            aliases: vec![],
            related: vec!["other".into()],
            note: None,
            compares: vec![],
            file: String::new(),
        }
    }

    fn rules(topics: Vec<Topic>) -> Rules {
        Rules::new(
            topics,
            vec![Source {
                id: "s1".into(),
                title: "An <article>".into(),
                author: "A".into(),
            }],
            Synonyms::default(),
            Messages {
                help: "Ask me who owns work.".into(),
                welcome: "Welcome & hello!".into(),
                decline: "I can't answer that.".into(),
                whole_role: crate::rules::WHOLE_ROLE.into(),
                examples: vec!["who owns sprint planning?".into()],
            },
        )
        .with_roles(crate::rules::fixture_roles())
    }

    fn answered<'a>(topics: Vec<&'a Topic>) -> Answer<'a> {
        Answer {
            question: "q".into(),
            confidence: 0.9,
            outcome: Outcome::Answered {
                kind: Kind::Single,
                topics,
                runners_up: vec![],
            },
        }
    }

    fn text_of(block: &Block) -> String {
        serde_json::to_string(block).unwrap()
    }

    fn json(message: &Message) -> Vec<Value> {
        serde_json::to_value(&message.blocks)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }

    #[test]
    fn an_answer_has_owner_answer_a_context_per_source_and_related_topics() {
        let rules = rules(vec![
            topic("strategy", "Product strategy", "The PM sets it.", 2),
            topic("other", "Roadmap", "x", 0),
        ]);
        let message = answer(&answered(vec![rules.topic("strategy").unwrap()]), &rules);
        let blocks = json(&message);
        let kinds: Vec<&str> = blocks.iter().map(|b| b["type"].as_str().unwrap()).collect();
        assert_eq!(
            kinds,
            ["header", "section", "context", "context", "context"]
        );
        assert!(text_of(&message.blocks[1]).contains("*Owner:* Code reviewer"));
        assert!(text_of(&message.blocks[2]).contains("An &lt;article&gt;"));
        assert!(text_of(&message.blocks[2]).contains("the &lt;why&gt; &amp; the vision"));
        assert!(text_of(&message.blocks[4]).contains("Related: Roadmap"));
        assert_eq!(message.text, "Code reviewer: The PM sets it.");
    }

    #[test]
    fn over_long_texts_and_too_many_blocks_are_trimmed_to_slacks_limits() {
        let long = "word & ".repeat(2000);
        let mut big = topic("big", &"T".repeat(400), &long, 60);
        big.sources[0].quote = "<".repeat(5000);
        let rules = rules(vec![big]);
        let message = answer(&answered(vec![rules.topic("big").unwrap()]), &rules);
        // Room is left for the buttons' block.
        assert!(message.blocks.len() < MAX_BLOCKS);
        assert!(message.text.chars().count() <= MAX_FALLBACK_TEXT);
        let blocks = json(&message);
        let header = blocks[0]["text"]["text"].as_str().unwrap();
        assert!(header.chars().count() <= MAX_HEADER_TEXT);
        let section = blocks[1]["text"]["text"].as_str().unwrap();
        assert!(section.chars().count() <= MAX_SECTION_TEXT);
        assert!(!section.ends_with("&amp…") && !section.contains("&am…"));
        for block in &blocks[2..] {
            let text = block["elements"][0]["text"].as_str().unwrap();
            assert!(text.chars().count() <= MAX_SECTION_TEXT);
        }
    }

    #[test]
    fn a_topic_with_many_quotes_leaves_the_next_topic_its_answer_and_the_buttons_their_room() {
        let rules = rules(vec![
            topic("quoted", "Much quoted", "First answer.", 60),
            topic("second", "Second duty", "Second answer.", 1),
        ]);
        let asked = vec![
            rules.topic("quoted").unwrap(),
            rules.topic("second").unwrap(),
        ];
        let message = answer(&answered(asked), &rules);
        assert!(
            message.blocks.len() < MAX_BLOCKS,
            "{}",
            message.blocks.len()
        );
        let headers: Vec<String> = json(&message)
            .iter()
            .filter(|block| block["type"] == "header")
            .map(|block| block["text"]["text"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(headers, ["Much quoted", "Second duty"]);
        assert!(
            message
                .blocks
                .iter()
                .any(|block| text_of(block).contains("Second answer."))
        );
    }

    #[test]
    fn a_note_over_several_lines_is_in_italics_line_by_line() {
        let mut noted = topic("noted", "Noted", "The answer.", 0);
        noted.note = Some("\nFirst line & more.\nSecond line.\n\nThird.\n".into());
        let rules = rules(vec![noted]);
        let message = answer(&answered(vec![rules.topic("noted").unwrap()]), &rules);
        let Block::Section {
            text: Text::Mrkdwn { text },
        } = &message.blocks[1]
        else {
            panic!("{:?}", message.blocks[1]);
        };
        assert!(
            text.ends_with("The answer.\n_First line &amp; more._\n_Second line._\n\n_Third._"),
            "{text}"
        );
        // The fallback (notifications, screen readers) says it too.
        assert!(
            message
                .text
                .ends_with("The answer.\n_First line &amp; more._\n_Second line._\n\n_Third._"),
            "{}",
            message.text
        );
    }

    /// A decline of `question` for `reason`, suggesting the table's first topic.
    fn declined<'a>(question: &str, reason: DeclineReason, rules: &'a Rules) -> Answer<'a> {
        Answer {
            question: question.into(),
            confidence: 0.0,
            outcome: Outcome::Declined {
                reason,
                suggestions: vec![&rules.topics[0]],
            },
        }
    }

    #[test]
    fn a_decline_lists_suggestions() {
        let rules = rules(vec![topic("other", "Roadmap", "x", 0)]);
        let declined = declined("q", DeclineReason::LowConfidence, &rules);
        let message = answer(&declined, &rules);
        assert_eq!(message.text, "I can't answer that.");
        assert!(text_of(&message.blocks[0]).contains("• Roadmap"));
    }

    #[test]
    fn a_decline_too_long_for_its_section_keeps_its_suggestions() {
        let mut rules = rules(vec![topic("other", "Roadmap", "x", 0)]);
        rules.messages.decline = "We only cover the handbook. ".repeat(200);
        let declined = declined("q", DeclineReason::LowConfidence, &rules);
        let message = answer(&declined, &rules);
        assert!(
            message
                .blocks
                .iter()
                .any(|block| text_of(block).contains("• Roadmap"))
        );
        for block in &message.blocks {
            if let Block::Section {
                text: Text::Mrkdwn { text },
            } = block
            {
                assert!(text.chars().count() <= MAX_SECTION_TEXT);
            }
        }
    }

    #[test]
    fn a_question_about_a_whole_role_asks_which_duty() {
        // Not "I can't answer that": the bot knows the role's duties, just not which is meant.
        let rules = rules(vec![topic("other", "Roadmap", "x", 0)]);
        let declined = declined("what does the PM do?", DeclineReason::WholeRole, &rules);
        let message = answer(&declined, &rules);
        assert!(
            message
                .text
                .starts_with("That role looks after several things")
        );
        assert!(!text_of(&message.blocks[0]).contains("I can't answer that"));
        assert!(text_of(&message.blocks[0]).contains("• Roadmap"));
    }

    #[test]
    fn two_roles_compared_with_no_topic_comparing_them_offer_each_roles_duties() {
        let rules = rules(vec![topic("other", "Roadmap", "x", 0)]);
        let declined = declined("PM vs PO?", DeclineReason::TwoRoles, &rules);
        let message = answer(&declined, &rules);
        assert!(
            message.text.starts_with(crate::reply::TWO_ROLES),
            "{}",
            message.text
        );
        assert!(!text_of(&message.blocks[0]).contains("I can't answer that"));
        assert!(text_of(&message.blocks[0]).contains("• Roadmap"));
    }

    #[test]
    fn a_whole_role_reply_opens_with_the_roles_about_line_escaped() {
        let opening = |about: Option<&str>| {
            let mut rules = rules(vec![topic("other", "Roadmap", "x", 0)]);
            rules.roles[0].about = about.map(str::to_string);
            let declined = declined(
                "what does the reviewer do?",
                DeclineReason::WholeRole,
                &rules,
            );
            text_of(&answer(&declined, &rules).blocks[0])
        };
        let with = opening(Some("Reads every change & <signs> it off."));
        assert!(
            with.contains("Code reviewer: Reads every change &amp; &lt;signs&gt; it off."),
            "{with}"
        );
        assert!(
            with.contains("That role looks after several things"),
            "{with}"
        );
        assert!(!opening(None).contains("Code reviewer:"));
    }

    #[test]
    fn role_and_holder_names_in_a_shared_owners_team_line_are_escaped_and_mentions_are_not() {
        let mut kit = topic("kit", "Emergency kit", "Checked weekly.", 0);
        kit.owner = Owner::Roles(vec!["reviewer".into(), "release_captain".into()]);
        let mut roles = crate::rules::fixture_roles();
        roles[0].name = "Decon <Sterile> & Lead".into();
        let rules = rules(vec![kit]).with_roles(roles);
        let team = Team::parse(
            "team.toml",
            "reviewer = \"<@U1>\"\nrelease_captain = [\"<@U2>\", \"<!channel> & Carol\"]\n",
        )
        .unwrap();

        let message = answer_with_team(
            &answered(vec![rules.topic("kit").unwrap()]),
            &rules,
            Some(&team),
        );

        // A holder written as a name is text: it must not ping the channel.
        let here = "In this workspace: Decon &lt;Sterile&gt; &amp; Lead <@U1>; \
             Release captain <@U2>, &lt;!channel&gt; &amp; Carol";
        assert!(
            text_of(&message.blocks[1]).contains(here),
            "{:?}",
            message.blocks[1]
        );
        assert!(message.text.contains(here), "{}", message.text);
    }

    #[test]
    fn a_shared_duty_whose_first_role_has_hundreds_of_people_still_names_the_second_roles() {
        let mut kit = topic("kit", "Emergency kit", "Checked weekly.", 0);
        kit.owner = Owner::Roles(vec!["reviewer".into(), "release_captain".into()]);
        let rules = rules(vec![kit]);
        let many: Vec<String> = (0..400).map(|n| format!("\"<@U{n:08}>\"")).collect();
        let team = Team::parse(
            "team.toml",
            &format!(
                "reviewer = [{}]\nrelease_captain = \"<@U2>\"\n",
                many.join(", ")
            ),
        )
        .unwrap();

        let message = answer_with_team(
            &answered(vec![rules.topic("kit").unwrap()]),
            &rules,
            Some(&team),
        );

        let body = text_of(&message.blocks[1]);
        for text in [&body, &message.text] {
            assert!(
                text.contains("In this workspace: Code reviewer <@U00000000>, "),
                "{text}"
            );
            assert!(text.contains(" more; Release captain <@U2>"), "{text}");
            assert!(text.contains("Checked weekly."), "{text}");
        }
        assert!(message.text.chars().count() <= MAX_FALLBACK_TEXT);
    }

    #[test]
    fn many_long_owner_names_and_their_people_leave_the_answer_its_room() {
        let ids: Vec<String> = (0..8).map(|n| format!("role_{n}")).collect();
        let roles = ids
            .iter()
            .map(|id| crate::rules::Role {
                id: id.clone(),
                name: format!("{id} & <name> ").repeat(12),
                aliases: vec![id.clone()],
                about: None,
            })
            .collect();
        let said = "The eight roles share the duty, week by week. ".repeat(14);
        let said = said.trim();
        let mut duty = topic("duty", "Duty", said, 0);
        duty.owner = Owner::Roles(ids.clone());
        let rules = rules(vec![duty]).with_roles(roles);
        let team_file: String = ids
            .iter()
            .enumerate()
            .map(|(n, id)| {
                let people: Vec<String> = (0..10).map(|p| format!("\"<@U{n}{p:07}>\"")).collect();
                format!("{id} = [{}]\n", people.join(", "))
            })
            .collect();
        let team = Team::parse("team.toml", &team_file).unwrap();

        let message = answer_with_team(
            &answered(vec![rules.topic("duty").unwrap()]),
            &rules,
            Some(&team),
        );

        let Block::Section {
            text: Text::Mrkdwn { text: body },
        } = &message.blocks[1]
        else {
            panic!("{:?}", message.blocks[1]);
        };
        assert!(body.chars().count() <= MAX_SECTION_TEXT);
        assert!(body.ends_with(said), "{body}");
        assert!(
            message.text.contains(&format!(": {said}\n")),
            "{}",
            message.text
        );
        assert!(message.text.chars().count() <= MAX_FALLBACK_TEXT);
        for text in [body, &message.text] {
            assert_eq!(
                text.matches('<').count(),
                text.matches('>').count(),
                "{text}"
            );
        }
        assert_eq!(
            cut("Here: <@U1234567>, <@U7654321>", 24),
            "Here: <@U1234567>, …",
            "a reference is cut whole"
        );
        assert_eq!(
            cut("Plans <and> fees", 9),
            "Plans <a…",
            "a title's own < stays"
        );
    }

    #[test]
    fn the_team_line_sits_under_the_owner_it_names_and_nowhere_else() {
        let mut backlog = topic("backlog", "Backlog", "The PO & team.", 0);
        backlog.owner = Owner::role("release_captain");
        let rules = rules(vec![
            topic("strategy", "Product strategy", "The PM sets it.", 0),
            backlog,
        ]);
        let team = Team::parse("team.toml", "release_captain = \"<@U123>\"\n").unwrap();
        let multi = answered(vec![
            rules.topic("strategy").unwrap(),
            rules.topic("backlog").unwrap(),
        ]);

        let message = answer_with_team(&multi, &rules, Some(&team));

        let sections: Vec<String> = message
            .blocks
            .iter()
            .filter(|block| matches!(block, Block::Section { .. }))
            .map(text_of)
            .collect();
        assert!(
            !sections[0].contains("In this workspace"),
            "{}",
            sections[0]
        );
        assert!(
            sections[1].contains(
                "*Owner:* Release captain\\nIn this workspace: <@U123>\\nThe PO &amp; team."
            ),
            "{}",
            sections[1]
        );
        assert_eq!(
            message.text,
            "Code reviewer: The PM sets it.\n\nRelease captain: The PO &amp; team.\nIn this workspace: <@U123>"
        );
        let without = answer(&multi, &rules);
        assert!(
            !serde_json::to_string(&without)
                .unwrap()
                .contains("In this workspace")
        );
    }

    #[test]
    fn help_and_welcome_carry_the_examples_escaped() {
        let rules = rules(vec![]);
        let welcome = welcome(&rules);
        assert_eq!(welcome.text, "Welcome &amp; hello!");
        assert!(text_of(&welcome.blocks[1]).contains("who owns sprint planning?"));
        assert!(text_of(&help(&rules).blocks[0]).contains("Ask me who owns work."));
    }

    #[test]
    fn an_example_question_written_over_two_lines_is_one_code_span() {
        let mut rules = rules(vec![]);
        rules.messages.examples = vec!["who owns\r\n  the roadmap?\n".into()];
        let list = text_of(&help(&rules).blocks[1]);
        assert!(list.contains("• `who owns the roadmap?`"), "{list}");
    }

    #[test]
    fn sixty_long_example_questions_are_listed_whole_within_the_section() {
        let mut rules = rules(vec![]);
        rules.messages.examples = (0..60)
            .map(|n| format!("who owns question {n} & the rest of a long example question?"))
            .collect();
        for message in [help(&rules), welcome(&rules), {
            let view = super::super::home::home(&rules, None);
            Message {
                text: String::new(),
                blocks: view.blocks,
            }
        }] {
            let list = message
                .blocks
                .iter()
                .map(text_of)
                .find(|block| block.contains("*Try"))
                .unwrap();
            let list: Value = serde_json::from_str(&list).unwrap();
            let list = list["text"]["text"].as_str().unwrap();
            assert!(list.chars().count() <= MAX_SECTION_TEXT);
            for line in list.lines().skip(1) {
                assert!(
                    line.starts_with("• `who owns") && line.ends_with("question?`"),
                    "{line}"
                );
            }
        }
    }

    /// Every section's text of a message, in order.
    fn section_texts(message: &Message) -> Vec<String> {
        message
            .blocks
            .iter()
            .filter_map(|block| match block {
                Block::Section {
                    text: Text::Mrkdwn { text },
                } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_help_welcome_or_decline_longer_than_a_section_is_split_not_cut() {
        let paragraph = |n: usize| format!("Paragraph {n}: we cover the handbook & its annexes.");
        let long: Vec<String> = (0..120).map(paragraph).collect();
        let mut rules = rules(vec![topic("other", "Roadmap", "x", 0)]);
        rules.messages.help = long.join("\n\n");
        rules.messages.welcome = long.join(" ");
        rules.messages.decline = long.join("\n");
        let decline = answer(&declined("q", DeclineReason::LowConfidence, &rules), &rules);
        for message in [help(&rules), welcome(&rules), decline] {
            let texts = section_texts(&message);
            assert!(texts.len() >= 3, "{texts:?}");
            assert!(
                texts
                    .iter()
                    .all(|text| text.chars().count() <= MAX_SECTION_TEXT)
            );
            let all = texts.join(" ");
            for n in 0..120 {
                assert!(
                    all.contains(&escape(&paragraph(n))),
                    "paragraph {n} kept whole"
                );
            }
        }
    }

    #[test]
    fn a_bold_phrase_split_between_two_sections_is_closed_and_opened_again() {
        let long = format!(
            "Start. *{}bold end* after.",
            "very long bold words ".repeat(200)
        );
        let texts: Vec<String> = sections(&long).iter().map(text_of).collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        let parts: Vec<Value> = texts
            .iter()
            .map(|t| serde_json::from_str(t).unwrap())
            .collect();
        let first = parts[0]["text"]["text"].as_str().unwrap();
        let second = parts[1]["text"]["text"].as_str().unwrap();
        assert!(
            first.starts_with("Start. *very") && first.ends_with("words*"),
            "{first}"
        );
        assert!(
            second.starts_with("*very") && second.ends_with("bold end* after."),
            "{second}"
        );
        assert!(first.chars().count() <= MAX_SECTION_TEXT);
        assert!(
            open_marks("*not\nbold*").is_empty(),
            "marks end at a line break"
        );
    }

    #[test]
    fn a_long_text_splits_between_paragraphs_then_lines_then_words() {
        let paragraphs = format!("{}\n\n{}", "a ".repeat(40), "b ".repeat(40));
        assert_eq!(
            split_at_most(&paragraphs, 100),
            ["a ".repeat(40).trim(), "b ".repeat(40).trim()]
        );
        let lines = format!("{}\n{}", "a ".repeat(40), "b ".repeat(40));
        assert_eq!(split_at_most(&lines, 100).len(), 2);
        let words = "word ".repeat(50);
        let parts = split_at_most(&words, 100);
        assert!(
            parts
                .iter()
                .all(|part| part.chars().count() <= 100 && part.ends_with("word"))
        );
        assert_eq!(parts.join(" "), words.trim());
        assert_eq!(split_at_most(&"x".repeat(250), 100).len(), 3);
        assert_eq!(split_at_most("  short  ", 100), ["short"]);
    }

    #[test]
    fn a_help_that_already_lists_questions_does_not_get_them_twice() {
        let mut rules = rules(vec![]);
        let example = rules.messages.examples[0].clone();
        rules.messages.help = format!("Ask me, for example:\n• `/rolecall {example}`");
        assert_eq!(help(&rules).blocks.len(), 1, "no second *Try:* list");
        rules.messages.help = "Ask me who owns a piece of work.".into();
        assert_eq!(
            help(&rules).blocks.len(),
            2,
            "the examples follow a help without any"
        );
    }
}
