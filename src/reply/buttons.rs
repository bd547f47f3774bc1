//! Pure: the buttons under an answer, and the messages their clicks lead to. One actions
//! block: "Helpful" / "Not quite" (value: the question log's id), "Share in channel" (only on
//! an ephemeral slash answer), and one button per related topic (value: the topic id; under a
//! decline, its action id ends in `@` and the declined question's log id). The
//! block's `block_id` carries an [`AnswerRef`], so a click can show the same answer again
//! without storing it: ephemeral messages do not come back in the click's payload.

use super::slack::{Block, Button, MAX_BLOCKS, Message, Text, context, cut};
use crate::answer::{Answer, DeclineReason, Kind, Outcome};
use crate::rules::{Rules, Topic};
use crate::slack::interactions::{
    AnswerRef, BLOCK_PREFIX, HELPFUL, MAX_ID, MAX_VALUE, NOT_QUITE, PICKED_AFTER, RELATED_PREFIX,
    REPLY_IN_THREAD, SHARE, ThreadRef, carry_topic_id, is_topic_digest, topic_digest,
};

/// Slack's limit on a button's text.
pub const MAX_BUTTON_TEXT: usize = 75;
/// Slack's limit on elements in one actions block.
pub const MAX_ACTIONS: usize = 25;
/// Related-topic buttons per answer: more is a menu, not a hint.
pub const MAX_RELATED: usize = 5;

/// What varies per surface.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The question log's id for this answer, or [`crate::slack::interactions::UNLOGGED`].
    pub feedback_value: &'a str,
    /// "Share in channel": only where the answer is ephemeral (a slash command).
    pub share: bool,
}

/// Which answer a message shows, compactly.
pub fn answer_ref(answer: &Answer<'_>) -> AnswerRef {
    let ids = |topics: &[&Topic]| topics.iter().map(|topic| topic.id.clone()).collect();
    match &answer.outcome {
        Outcome::Answered { topics, .. } => AnswerRef {
            answered: true,
            topics: ids(topics),
            others: ids(super::did_you_mean(answer)),
        },
        Outcome::Declined { suggestions, .. } => AnswerRef {
            answered: false,
            topics: ids(suggestions),
            others: Vec::new(),
        },
    }
}

/// The answer's message with its actions block last (a block is dropped first if the
/// message is already at Slack's 50).
pub fn with_buttons(
    mut message: Message,
    answer: &Answer<'_>,
    rules: &Rules,
    options: Options<'_>,
) -> Message {
    let shown = answer_ref(answer);
    let mut elements = vec![
        button(HELPFUL, "Helpful", options.feedback_value),
        button(NOT_QUITE, "Not quite", options.feedback_value),
    ];
    if options.share && shown.answered && !shown.topics.is_empty() {
        elements.push(button(SHARE, "Share in channel", &shown.encode(MAX_VALUE)));
    }
    // Under a decline, a suggestion picked says which topic the question's words belonged
    // to: the button's action id carries the declined row's id too, for `gaps --draft` to
    // propose them as that topic's aliases. Not the value: a release before this one reads
    // any `rolecall_topic_` action, but only a bare topic as its value.
    let declined_row =
        (!shown.answered).then(|| format!("{PICKED_AFTER}{}", options.feedback_value));
    for (index, topic) in related(answer, rules).into_iter().enumerate() {
        // `check` sets no length on an id: one too long for a value goes as its digest,
        // as in a block_id, rather than as a button that does nothing.
        elements.push(button(
            &format!(
                "{RELATED_PREFIX}{index}{}",
                declined_row.as_deref().unwrap_or("")
            ),
            &topic.title,
            &carry_topic_id(&topic.id, MAX_VALUE),
        ));
    }
    elements.truncate(MAX_ACTIONS);
    let block_id = format!(
        "{BLOCK_PREFIX}{}",
        shown.encode(MAX_ID - BLOCK_PREFIX.len())
    );
    message.blocks.truncate(MAX_BLOCKS - 1);
    message.blocks.push(Block::Actions { block_id, elements });
    message
}

/// Topics worth a button: an answer's related topics (not the ones it answered), or a
/// decline's suggestions; each once, at most [`MAX_RELATED`].
fn related<'a>(answer: &Answer<'a>, rules: &'a Rules) -> Vec<&'a Topic> {
    let candidates: Vec<&'a Topic> = match &answer.outcome {
        Outcome::Answered { topics, .. } => topics
            .iter()
            .flat_map(|topic| topic.related.iter())
            .filter_map(|id| rules.topic(id))
            .filter(|topic| !topics.iter().any(|shown| shown.id == topic.id))
            .collect(),
        Outcome::Declined { suggestions, .. } => suggestions.clone(),
    };
    let mut out: Vec<&Topic> = Vec::new();
    for topic in candidates {
        if out.len() < MAX_RELATED && !out.iter().any(|seen| seen.id == topic.id) {
            out.push(topic);
        }
    }
    out
}

fn button(action_id: &str, text: &str, value: &str) -> Button {
    Button {
        kind: "button",
        action_id: cut(action_id, MAX_ID),
        text: Text::PlainText {
            text: cut(text.trim(), MAX_BUTTON_TEXT),
            emoji: true,
        },
        // Values we put here are ids; cutting would break them, so an over-long one
        // (impossible with the ids we make) is left empty and the click ignored.
        value: if value.chars().count() <= MAX_VALUE {
            value.to_string()
        } else {
            String::new()
        },
    }
}

/// The topic a button carried: its id, or the digest of an id too long to carry.
pub fn carried_topic<'a>(id: &str, rules: &'a Rules) -> Option<&'a Topic> {
    match rules.topic(id) {
        Some(topic) => Some(topic),
        None if is_topic_digest(id) => rules
            .topics
            .iter()
            .find(|topic| topic_digest(&topic.id) == id),
        None => None,
    }
}

/// The answer an [`AnswerRef`] names, against the current rules table; `None` when none of
/// its topics exist any more.
pub fn rebuild<'a>(shown: &AnswerRef, rules: &'a Rules) -> Option<Answer<'a>> {
    let topics = known(&shown.topics, rules, &[]);
    // Only a low-confidence answer shows its runners-up ("Or did you mean"): one that
    // carried them is rebuilt as one.
    let mut confidence = 1.0;
    let outcome = if shown.answered {
        if topics.is_empty() {
            return None;
        }
        let runners_up: Vec<&Topic> = known(&shown.others, rules, &topics)
            .into_iter()
            .take(MAX_RELATED)
            .collect();
        if !runners_up.is_empty() {
            confidence = 0.0;
        }
        Outcome::Answered {
            kind: if topics.len() > 1 {
                Kind::Multi
            } else {
                Kind::Single
            },
            runners_up,
            topics,
        }
    } else {
        Outcome::Declined {
            reason: DeclineReason::LowConfidence,
            suggestions: topics,
        }
    };
    Some(Answer {
        question: String::new(),
        confidence,
        outcome,
    })
}

/// The topics `ids` name in `rules`, each once and none of `shown`. The ids come back from
/// Slack verbatim: a topic named twice is shown once, as the engine never repeats one.
fn known<'a>(ids: &[String], rules: &'a Rules, shown: &[&Topic]) -> Vec<&'a Topic> {
    let mut topics: Vec<&Topic> = Vec::new();
    for topic in ids.iter().filter_map(|id| carried_topic(id, rules)) {
        let seen = |other: &&Topic| other.id == topic.id;
        if !topics.iter().any(seen) && !shown.iter().any(seen) {
            topics.push(topic);
        }
    }
    topics
}

/// The answer to one topic, as a related-topic button asks for it.
pub fn topic_answer(topic: &Topic) -> Answer<'_> {
    Answer {
        question: topic.title.clone(),
        confidence: 1.0,
        outcome: Outcome::Answered {
            kind: Kind::Single,
            topics: vec![topic],
            runners_up: Vec::new(),
        },
    }
}

/// The message after a feedback click: the same answer, its buttons swapped for a thank-you.
pub fn thanked(mut message: Message, helpful: bool) -> Message {
    message
        .blocks
        .retain(|block| !matches!(block, Block::Actions { .. }));
    message.blocks.truncate(MAX_BLOCKS - 1);
    let note = if helpful {
        "Thanks for the feedback: glad it helped."
    } else {
        "Thanks: noted that this missed. The people who maintain rolecall's answers review these."
    };
    message.blocks.push(context(&[note.to_string()]));
    message
}

/// What a click on a button whose topics have left the rules table (reloaded since the
/// answer went out) gets instead of silence.
pub fn gone() -> Message {
    let text = "That answer is no longer in rolecall's table (it has changed since): \
                ask again to get the current one.";
    Message {
        text: text.to_string(),
        blocks: Vec::new(),
    }
}

/// The message a "Share in channel" click posts: the answer without buttons, and who shared
/// it. `user_id` is Slack's, from the verified payload; only its id characters are kept.
pub fn shared(message: Message, user_id: &str) -> Message {
    noted(message, format!("Shared by <@{}>", user_ref(user_id)))
}

/// A message shortcut's answer: "Reply in thread" joins its buttons (after the feedback
/// pair), carrying where to post and which answer. Declines get no such button.
pub fn with_reply_in_thread(
    mut message: Message,
    answer: &Answer<'_>,
    channel: &str,
    thread_ts: &str,
) -> Message {
    let thread = ThreadRef {
        channel: channel.to_string(),
        thread_ts: thread_ts.to_string(),
        answer: answer_ref(answer),
    };
    if !thread.answer.answered || thread.answer.topics.is_empty() {
        return message;
    }
    if let Some(Block::Actions { elements, .. }) = message
        .blocks
        .iter_mut()
        .find(|block| matches!(block, Block::Actions { .. }))
    {
        let at = elements.len().min(2);
        elements.insert(
            at,
            button(
                REPLY_IN_THREAD,
                "Reply in thread",
                &thread.encode(MAX_VALUE),
            ),
        );
        elements.truncate(MAX_ACTIONS);
    }
    message
}

/// What "Reply in thread" posts: the answer without buttons, and who asked for it.
pub fn asked_for(message: Message, user_id: &str) -> Message {
    noted(
        message,
        format!("<@{}> asked “Who owns this?”", user_ref(user_id)),
    )
}

/// The answer without its buttons, with `note` (mrkdwn, already safe) under it.
pub fn noted(mut message: Message, note: String) -> Message {
    message
        .blocks
        .retain(|block| !matches!(block, Block::Actions { .. }));
    message.blocks.truncate(MAX_BLOCKS - 1);
    message.blocks.push(context(&[note]));
    message
}

/// A Slack user id from a payload, only its id characters kept.
fn user_ref(user_id: &str) -> String {
    user_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(32)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::slack;
    use crate::rules::{Citation, Messages, Owner, Source, Synonyms};
    use crate::slack::interactions::UNLOGGED;
    use serde_json::Value;

    fn topic(id: &str, title: &str, related: &[&str]) -> Topic {
        Topic {
            id: id.into(),
            title: title.into(),
            owner: Owner::role("release_captain"),
            answer: "The PO does it.".into(),
            sources: vec![Citation {
                source: "s1".into(),
                quote: "q".into(),
            }],
            aliases: vec![],
            related: related.iter().map(|id| id.to_string()).collect(),
            note: None,
            compares: vec![],
            file: String::new(),
        }
    }

    fn rules() -> Rules {
        let mut topics = vec![topic(
            "main",
            "Main",
            &["r0", "main", "r1", "r0", "r2", "r3", "r4", "r5", "missing"],
        )];
        for n in 0..6 {
            topics.push(topic(&format!("r{n}"), &"Long title ".repeat(12), &[]));
        }
        Rules::new(
            topics,
            vec![Source {
                id: "s1".into(),
                title: "S".into(),
                author: "A".into(),
            }],
            Synonyms::default(),
            Messages {
                help: "h".into(),
                welcome: "w".into(),
                decline: "d".into(),
                whole_role: crate::rules::WHOLE_ROLE.into(),
                examples: vec![],
            },
        )
        .with_roles(crate::rules::fixture_roles())
    }

    fn actions(message: &Message) -> Value {
        let blocks = serde_json::to_value(&message.blocks).unwrap();
        blocks.as_array().unwrap().last().unwrap().clone()
    }

    /// One field of every button in an actions block, in order.
    fn each<'a>(block: &'a Value, field: &str) -> Vec<&'a str> {
        block["elements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|button| button[field].as_str().unwrap())
            .collect()
    }

    #[test]
    fn an_answer_gets_feedback_share_and_up_to_five_distinct_related_buttons_within_limits() {
        let rules = rules();
        let answer = topic_answer(rules.topic("main").unwrap());
        let message = slack::answer(&answer, &rules);
        let options = Options {
            feedback_value: "0123456789abcdef",
            share: true,
        };
        let block = actions(&with_buttons(message, &answer, &rules, options));
        assert_eq!(block["type"], "actions");
        assert_eq!(block["block_id"], "rolecall:a:main");
        let buttons = block["elements"].as_array().unwrap();
        assert_eq!(
            each(&block, "action_id"),
            [
                HELPFUL,
                NOT_QUITE,
                SHARE,
                "rolecall_topic_0",
                "rolecall_topic_1",
                "rolecall_topic_2",
                "rolecall_topic_3",
                "rolecall_topic_4"
            ]
        );
        assert_eq!(
            &each(&block, "value")[..4],
            ["0123456789abcdef", "0123456789abcdef", "a:main", "r0"]
        );
        for button in buttons {
            let text = button["text"]["text"].as_str().unwrap();
            assert!(text.chars().count() <= MAX_BUTTON_TEXT, "{text}");
        }
    }

    #[test]
    fn a_decline_offers_its_suggestions_and_no_share() {
        let rules = rules();
        let declined = rebuild(
            &AnswerRef {
                answered: false,
                topics: vec!["r1".into(), "r2".into()],
                others: vec![],
            },
            &rules,
        )
        .unwrap();
        let message = slack::answer(&declined, &rules);
        let options = Options {
            feedback_value: "0123456789abcdef",
            share: true,
        };
        let block = actions(&with_buttons(message, &declined, &rules, options));
        assert_eq!(block["block_id"], "rolecall:d:r1,r2");
        assert_eq!(
            each(&block, "value"),
            ["0123456789abcdef", "0123456789abcdef", "r1", "r2"]
        );
        // A suggestion carries the declined question's id, so a pick names what it answers.
        assert_eq!(
            each(&block, "action_id"),
            [
                HELPFUL,
                NOT_QUITE,
                "rolecall_topic_0@0123456789abcdef",
                "rolecall_topic_1@0123456789abcdef"
            ]
        );
    }

    #[test]
    fn a_full_message_drops_a_block_to_make_room_for_the_buttons() {
        let rules = rules();
        let answer = topic_answer(rules.topic("main").unwrap());
        let mut message = slack::answer(&answer, &rules);
        message.blocks = vec![Block::Divider; MAX_BLOCKS];
        let options = Options {
            feedback_value: UNLOGGED,
            share: false,
        };
        let message = with_buttons(message, &answer, &rules, options);
        assert_eq!(message.blocks.len(), MAX_BLOCKS);
        assert!(matches!(message.blocks.last(), Some(Block::Actions { .. })));
    }

    #[test]
    fn thanked_and_shared_keep_the_answer_and_drop_the_buttons() {
        let rules = rules();
        let answer = topic_answer(rules.topic("main").unwrap());
        let options = Options {
            feedback_value: UNLOGGED,
            share: true,
        };
        let message = with_buttons(slack::answer(&answer, &rules), &answer, &rules, options);
        let thanks = thanked(message.clone(), true);
        assert_eq!(thanks.blocks[..2], message.blocks[..2]);
        assert!(
            actions(&thanks)["elements"][0]["text"]
                .as_str()
                .unwrap()
                .starts_with("Thanks")
        );
        let shared = shared(message, "U123<script>");
        assert_eq!(
            actions(&shared)["elements"][0]["text"],
            "Shared by <@U123script>"
        );
        assert!(
            !shared
                .blocks
                .iter()
                .any(|b| matches!(b, Block::Actions { .. }))
        );
    }

    #[test]
    fn reply_in_thread_joins_an_answers_buttons_but_not_a_declines() {
        let rules = rules();
        let answer = topic_answer(rules.topic("main").unwrap());
        let options = Options {
            feedback_value: UNLOGGED,
            share: false,
        };
        let message = with_buttons(slack::answer(&answer, &rules), &answer, &rules, options);
        let replied = with_reply_in_thread(message, &answer, "C1", "1700000000.000100");
        let block = actions(&replied);
        assert_eq!(block["elements"][2]["action_id"], REPLY_IN_THREAD);
        assert_eq!(block["elements"][2]["value"], "C1|1700000000.000100|a:main");
        assert!(block["elements"].as_array().unwrap().len() <= MAX_ACTIONS);

        let declined = rebuild(
            &AnswerRef {
                answered: false,
                topics: vec!["r1".into()],
                others: vec![],
            },
            &rules,
        )
        .unwrap();
        let message = with_buttons(slack::answer(&declined, &rules), &declined, &rules, options);
        let unchanged = with_reply_in_thread(message.clone(), &declined, "C1", "1.2");
        assert_eq!(unchanged, message);
        let asked = asked_for(replied, "U9<x>");
        assert_eq!(
            actions(&asked)["elements"][0]["text"],
            "<@U9x> asked “Who owns this?”"
        );
    }

    #[test]
    fn a_topic_id_too_long_for_a_block_id_still_brings_its_answer_back() {
        let long_id = "a-very-long-topic-id-".repeat(15);
        let mut rules = rules();
        rules.topics[0].id = long_id.clone();
        let answer = topic_answer(&rules.topics[0]);
        let options = Options {
            feedback_value: "0123456789abcdef",
            share: false,
        };
        let message = with_buttons(slack::answer(&answer, &rules), &answer, &rules, options);
        let block_id = actions(&message)["block_id"].as_str().unwrap().to_string();
        assert!(block_id.len() <= MAX_ID, "{}", block_id.len());

        let carried = AnswerRef::decode(block_id.strip_prefix(BLOCK_PREFIX).unwrap()).unwrap();
        let rebuilt = rebuild(&carried, &rules).expect("the answer comes back");
        assert_eq!(rebuilt.topics()[0].id, long_id);
    }

    #[test]
    fn a_topic_named_twice_is_rebuilt_once() {
        let twice = AnswerRef {
            answered: true,
            topics: vec!["r1".into(), "r1".into(), topic_digest("r1"), "r2".into()],
            others: vec![],
        };
        let rules = rules();
        let ids: Vec<&str> = rebuild(&twice, &rules)
            .unwrap()
            .topics()
            .iter()
            .map(|topic| topic.id.as_str())
            .collect();
        assert_eq!(ids, ["r1", "r2"]);
    }

    #[test]
    fn rebuilding_an_answer_with_no_known_topic_gives_none() {
        let gone = AnswerRef {
            answered: true,
            topics: vec!["gone".into()],
            others: vec![],
        };
        assert!(rebuild(&gone, &rules()).is_none());
    }
}
