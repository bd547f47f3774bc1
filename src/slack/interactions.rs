//! Button clicks: the verified form body of `POST /slack/interactions` (one field, `payload`,
//! holding JSON) -> [`Interaction`] with typed [`Action`]s. Also the wire contract of
//! rolecall's own buttons (action ids, and the [`AnswerRef`] carried in `block_id` and in the
//! Share button's value), so the renderer that builds them and this parser cannot drift.
//! Every value comes back from Slack verbatim: it is untrusted, and checked here.

use super::form::form_decode;
use super::inbound::InboundError;
use serde::Deserialize;

pub const HELPFUL: &str = "rolecall_helpful";
pub const NOT_QUITE: &str = "rolecall_not_quite";
pub const SHARE: &str = "rolecall_share";
/// "Reply in thread" under a message shortcut's answer: the value is a [`ThreadRef`].
pub const REPLY_IN_THREAD: &str = "rolecall_reply_in_thread";
/// Related-topic buttons are `rolecall_topic_0`, `rolecall_topic_1`, ...: action ids must
/// be unique within a block, the topic id travels in the value.
pub const RELATED_PREFIX: &str = "rolecall_topic_";
/// Ends a related-topic button's action id under a decline, before the declined question's
/// log id.
pub const PICKED_AFTER: char = '@';
/// The actions block's `block_id` starts with this, then the [`AnswerRef`].
pub const BLOCK_PREFIX: &str = "rolecall:";
/// The feedback buttons' value when no question log is kept (`--no-log`).
pub const UNLOGGED: &str = "unlogged";

/// Slack's limit on a button's `value`; anything longer is not from our buttons.
pub const MAX_VALUE: usize = 2000;
/// Slack's limit on `action_id` and `block_id`.
pub const MAX_ID: usize = 255;
/// A table may write any topic id (`check` sets no length): one whose encoding fits a
/// button's value is ours, and its decoded form is never longer than that.
const MAX_TOPIC_ID: usize = MAX_VALUE;

/// One verified `block_actions` payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interaction {
    pub user_id: String,
    pub team_id: String,
    /// Where the effects are posted; absent on surfaces without a message (rare).
    pub response_url: Option<String>,
    /// The clicked message: its channel and `ts` (an ephemeral one has a `ts` too). Clicks
    /// on the same message are told apart from clicks on another by it.
    pub message: Option<(String, String)>,
    pub actions: Vec<Action>,
}

/// What a click asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// "Helpful" / "Not quite": `value` is the question log's id for the answer (or
    /// [`UNLOGGED`]); `answer` says which answer to show again without the buttons.
    Feedback {
        helpful: bool,
        value: String,
        answer: Option<AnswerRef>,
    },
    /// "Share in channel": post the same answer for everyone.
    Share { answer: AnswerRef },
    /// A related-topic button: answer that topic. Under a decline it also carries the
    /// declined question's log id (untrusted, as a feedback value is), so the pick is
    /// recorded against the words that missed.
    Related {
        topic: String,
        declined: Option<String>,
    },
    /// "Reply in thread": post the answer in the shortcut's message thread for everyone.
    ReplyInThread { thread: ThreadRef },
    /// Not one of our buttons, or a value that does not check out: acknowledged, ignored.
    Unknown,
}

/// Enough to render an answer again: answered topics, or a decline's suggestions, and an
/// answer's runners-up (its "Or did you mean"), so the message comes back as it was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRef {
    pub answered: bool,
    pub topics: Vec<String>,
    /// Carried after a `;` as room allows (the topics come first); none in older buttons.
    pub others: Vec<String>,
}

impl AnswerRef {
    /// `a:topic1,topic2;other1,other2` or `d:suggestion1,...`. A topic too long for what is
    /// left of `max` goes as its [`topic_digest`]; topics that would pass `max` even so are
    /// left out.
    pub fn encode(&self, max: usize) -> String {
        let mut out = String::from(if self.answered { "a:" } else { "d:" });
        push_ids(&mut out, &self.topics, None, max);
        push_ids(&mut out, &self.others, Some(';'), max);
        out
    }

    pub fn decode(text: &str) -> Option<AnswerRef> {
        let (kind, list) = text.split_once(':')?;
        let answered = match kind {
            "a" => true,
            "d" => false,
            _ => return None,
        };
        let (list, others) = list.split_once(';').unwrap_or((list, ""));
        let ids = |list: &str| {
            list.split(',')
                .filter(|id| !id.is_empty())
                .map(carried_topic_id)
                .collect::<Option<Vec<String>>>()
        };
        Some(AnswerRef {
            answered,
            topics: ids(list)?,
            others: ids(others)?,
        })
    }
}

/// Appends `ids` to `out`, `separator` before the first (none: the list opens) and `,`
/// between, as long as each fits within `max` bytes.
fn push_ids(out: &mut String, ids: &[String], mut separator: Option<char>, max: usize) {
    for id in ids {
        let width = separator.map_or(0, char::len_utf8);
        let id = carry_topic_id(id, max.saturating_sub(out.len() + width));
        if out.len() + width + id.len() > max {
            break;
        }
        out.extend(separator);
        out.push_str(&id);
        separator = Some(',');
    }
}

/// Where "Reply in thread" posts, and what: `C123|1700000000.000100|a:topic,...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadRef {
    pub channel: String,
    pub thread_ts: String,
    pub answer: AnswerRef,
}

impl ThreadRef {
    pub fn encode(&self, max: usize) -> String {
        let head = format!("{}|{}|", self.channel, self.thread_ts);
        let answer = self.answer.encode(max.saturating_sub(head.len()));
        head + &answer
    }

    /// Only a channel id, a Slack timestamp and an answered [`AnswerRef`] pass.
    pub fn decode(text: &str) -> Option<ThreadRef> {
        let mut parts = text.splitn(3, '|');
        let (channel, thread_ts, answer) = (parts.next()?, parts.next()?, parts.next()?);
        let channel_ok = (1..=32).contains(&channel.len())
            && channel
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        let ts_ok = (1..=32).contains(&thread_ts.len())
            && thread_ts.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && thread_ts.bytes().filter(|&b| b == b'.').count() <= 1;
        let answer = AnswerRef::decode(answer)?;
        (channel_ok && ts_ok && answer.answered && !answer.topics.is_empty()).then(|| ThreadRef {
            channel: channel.to_string(),
            thread_ts: thread_ts.to_string(),
            answer,
        })
    }
}

/// A topic id too long for a `block_id` (a table may write any length) travels as `~` and
/// the first 8 bytes of its SHA-256 in hex; the click finds the topic whose id has it. An
/// encoded id never starts with `~` ([`encode_topic_id`] writes it `%7E`).
pub fn topic_digest(id: &str) -> String {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(id.as_bytes());
    let mut out = String::from(DIGEST_MARK);
    for byte in &hash[..DIGEST_BYTES] {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// Whether a carried id is a [`topic_digest`] rather than an id.
pub fn is_topic_digest(text: &str) -> bool {
    text.strip_prefix(DIGEST_MARK).is_some_and(|hex| {
        hex.len() == 2 * DIGEST_BYTES && hex.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// A topic id as it travels in `room` bytes (a button's value, what is left of a
/// `block_id`): [`encode_topic_id`], or its [`topic_digest`] when that would not fit.
pub fn carry_topic_id(id: &str, room: usize) -> String {
    let encoded = encode_topic_id(id);
    if encoded.len() > room {
        topic_digest(id)
    } else {
        encoded
    }
}

/// The topic id [`carry_topic_id`] sent: a digest as it is, else the decoded id.
pub fn carried_topic_id(text: &str) -> Option<String> {
    if is_topic_digest(text) {
        Some(text.to_string())
    } else {
        decode_topic_id(text)
    }
}

const DIGEST_MARK: char = '~';
const DIGEST_BYTES: usize = 8;

/// A topic id as a button carries it: letters, digits, `_` and `-` as they are, every other
/// byte as `%XX`, so a table's id with spaces or commas ("Sprint planning") survives the
/// value's separators.
pub fn encode_topic_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-' {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The id a button carried ([`encode_topic_id`]); anything else is refused before it
/// reaches a lookup.
pub fn decode_topic_id(text: &str) -> Option<String> {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'%';
    if text.is_empty() || !text.bytes().all(allowed) {
        return None;
    }
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let [first, tail @ ..] = rest {
        if *first == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(*first);
            rest = tail;
        }
    }
    let id = String::from_utf8(bytes).ok()?;
    (id.len() <= MAX_TOPIC_ID && !id.chars().any(char::is_control)).then_some(id)
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Payload {
    BlockActions {
        user: User,
        #[serde(default)]
        team: Option<Team>,
        #[serde(default)]
        channel: Option<Channel>,
        #[serde(default)]
        container: Option<Container>,
        #[serde(default)]
        response_url: Option<String>,
        #[serde(default)]
        actions: Vec<RawAction>,
    },
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct User {
    id: String,
    #[serde(default)]
    team_id: Option<String>,
}

#[derive(Deserialize)]
struct Team {
    id: String,
}

#[derive(Deserialize)]
struct Channel {
    id: String,
}

/// Where the click happened; a message's carries its channel and `ts` too.
#[derive(Deserialize)]
struct Container {
    #[serde(default)]
    channel_id: Option<String>,
    #[serde(default)]
    message_ts: Option<String>,
}

#[derive(Deserialize)]
struct RawAction {
    #[serde(default)]
    action_id: String,
    #[serde(default)]
    block_id: String,
    #[serde(default)]
    value: Option<String>,
}

/// The form body of `POST /slack/interactions`. `Ok(None)`: a payload type rolecall does not
/// handle (shortcuts, view submissions): acknowledge and ignore.
pub fn parse_form(body: &[u8]) -> Result<Option<Interaction>, InboundError> {
    parse_json(payload_of(body)?.as_bytes())
}

/// The `payload` field of an interactivity form body, decoded.
pub fn payload_of(body: &[u8]) -> Result<String, InboundError> {
    let mut payload = None;
    for pair in body.split(|&b| b == b'&').filter(|pair| !pair.is_empty()) {
        let (key, value) = match pair.iter().position(|&b| b == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &[][..]),
        };
        if key == b"payload" {
            if payload.is_some() {
                return Err(InboundError::RepeatedField("payload"));
            }
            payload = Some(form_decode(value));
        }
    }
    payload.ok_or(InboundError::MissingPayload)
}

/// The payload's `trigger_id`, which names one click or shortcut, if it has one (a
/// payload that is not JSON has none; [`parse_json`] says what is wrong with it).
pub fn trigger_id(payload: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Trigger {
        trigger_id: Option<String>,
    }
    serde_json::from_str::<Trigger>(payload).ok()?.trigger_id
}

/// The payload JSON itself (what Socket Mode's `interactive` envelopes carry).
pub fn parse_json(payload: &[u8]) -> Result<Option<Interaction>, InboundError> {
    let Payload::BlockActions {
        user,
        team,
        channel,
        container,
        response_url,
        actions,
    } = serde_json::from_slice(payload)?
    else {
        return Ok(None);
    };
    let team_id = team
        .map(|team| team.id)
        .or(user.team_id)
        .unwrap_or_default();
    let (container_channel, message_ts) = container
        .map(|container| (container.channel_id, container.message_ts))
        .unwrap_or_default();
    let message = container_channel
        .clone()
        .zip(message_ts)
        .filter(|(channel, ts)| !channel.is_empty() && !ts.is_empty());
    let clicked_in = channel.map(|channel| channel.id).or(container_channel);
    Ok(Some(Interaction {
        user_id: user.id,
        team_id,
        response_url: response_url.filter(|url| !url.is_empty()),
        message,
        actions: actions
            .iter()
            .map(|raw| in_its_channel(action(raw), clicked_in.as_deref()))
            .collect(),
    }))
}

/// A "Reply in thread" button sits in the channel of the thread it names, so a click from
/// another channel, or from no channel at all (a Home tab or modal, which never carry it),
/// carries a value that was not ours to begin with: it posts nowhere.
fn in_its_channel(action: Action, clicked_in: Option<&str>) -> Action {
    match (&action, clicked_in) {
        (Action::ReplyInThread { thread }, Some(channel)) if thread.channel == channel => action,
        (Action::ReplyInThread { .. }, _) => Action::Unknown,
        _ => action,
    }
}

fn action(raw: &RawAction) -> Action {
    let value = raw.value.as_deref().unwrap_or("");
    if value.chars().count() > MAX_VALUE
        || raw.action_id.len() > MAX_ID
        || raw.block_id.len() > MAX_ID
    {
        return Action::Unknown;
    }
    let from_block = || {
        raw.block_id
            .strip_prefix(BLOCK_PREFIX)
            .and_then(AnswerRef::decode)
    };
    match raw.action_id.as_str() {
        HELPFUL | NOT_QUITE => Action::Feedback {
            helpful: raw.action_id == HELPFUL,
            value: value.to_string(),
            answer: from_block(),
        },
        SHARE => match AnswerRef::decode(value).or_else(from_block) {
            Some(answer) if answer.answered && !answer.topics.is_empty() => {
                Action::Share { answer }
            }
            _ => Action::Unknown,
        },
        REPLY_IN_THREAD => match ThreadRef::decode(value) {
            Some(thread) => Action::ReplyInThread { thread },
            None => Action::Unknown,
        },
        id if id.starts_with(RELATED_PREFIX) => match carried_topic_id(value) {
            Some(topic) => Action::Related {
                topic,
                declined: id
                    .split_once(PICKED_AFTER)
                    .map(|(_, question)| question.to_string()),
            },
            None => Action::Unknown,
        },
        _ => Action::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form(payload: &serde_json::Value) -> Vec<u8> {
        serde_urlencoded::to_string([("payload", payload.to_string())])
            .unwrap()
            .into_bytes()
    }

    fn click(action_id: &str, block_id: &str, value: &str) -> serde_json::Value {
        json!({
            "type": "block_actions",
            "user": {"id": "U1", "team_id": "T1"},
            "team": {"id": "T1"},
            "response_url": "https://hooks.slack.com/actions/T1/1/x",
            "trigger_id": "1.2.3",
            "actions": [{"action_id": action_id, "block_id": block_id, "value": value,
                         "type": "button", "action_ts": "1.2"}]
        })
    }

    fn one(payload: serde_json::Value) -> Action {
        let interaction = parse_form(&form(&payload)).unwrap().unwrap();
        assert_eq!(interaction.user_id, "U1");
        assert_eq!(interaction.team_id, "T1");
        interaction.actions.into_iter().next().unwrap()
    }

    #[test]
    fn the_clicked_message_is_named_by_its_containers_channel_and_ts() {
        let parse = |payload| parse_form(&form(&payload)).unwrap().unwrap().message;
        let mut payload = click(SHARE, "x", "a:roadmap");
        assert_eq!(parse(payload.clone()), None, "no container");
        payload["container"] = json!({"type": "message", "channel_id": "C1", "message_ts": "1.5", "is_ephemeral": true});
        assert_eq!(parse(payload.clone()), Some(("C1".into(), "1.5".into())));
        payload["container"] = json!({"type": "view", "view_id": "V1"});
        assert_eq!(parse(payload), None, "a Home tab click names no message");
    }

    #[test]
    fn each_of_our_buttons_parses_to_its_action() {
        let answer = AnswerRef {
            answered: true,
            topics: vec!["product-strategy".into(), "roadmap".into()],
            others: vec![],
        };
        let block = format!("{BLOCK_PREFIX}{}", answer.encode(MAX_ID));
        assert_eq!(
            one(click(HELPFUL, &block, "0123456789abcdef")),
            Action::Feedback {
                helpful: true,
                value: "0123456789abcdef".into(),
                answer: Some(answer.clone())
            }
        );
        assert!(matches!(
            one(click(NOT_QUITE, "x", UNLOGGED)),
            Action::Feedback {
                helpful: false,
                answer: None,
                ..
            }
        ));
        assert_eq!(
            one(click(SHARE, "x", &answer.encode(MAX_VALUE))),
            Action::Share { answer }
        );
        assert_eq!(
            one(click("rolecall_topic_3", &block, "sprint_planning")),
            Action::Related {
                topic: "sprint_planning".into(),
                declined: None
            }
        );
        assert_eq!(
            one(click(
                "rolecall_topic_0@0123456789abcdef",
                &block,
                "sprint_planning"
            )),
            Action::Related {
                topic: "sprint_planning".into(),
                declined: Some("0123456789abcdef".into())
            }
        );
    }

    #[test]
    fn foreign_or_tampered_actions_are_unknown() {
        let cases = [
            click("someone_elses_button", "b", "v"),
            click("rolecall_topic_0", "b", "../../etc/passwd"),
            click("rolecall_topic_0", "b", ""),
            click(SHARE, "b", "d:declined-answers-are-not-shared"),
            click(SHARE, "b", "a:bad id"),
            click(HELPFUL, "b", &"a".repeat(MAX_VALUE + 1)),
        ];
        for payload in cases {
            assert_eq!(one(payload.clone()), Action::Unknown, "{payload}");
        }
    }

    #[test]
    fn other_payload_types_are_none_and_garbage_is_an_error() {
        assert_eq!(
            parse_form(&form(&json!({"type": "view_submission"}))).unwrap(),
            None
        );
        assert!(matches!(
            parse_form(b"nothing=here"),
            Err(InboundError::MissingPayload)
        ));
        assert!(matches!(
            parse_form(b"payload=%7Bnot+json"),
            Err(InboundError::Json(_))
        ));
        assert!(matches!(
            parse_form(b"payload=1&payload=2"),
            Err(InboundError::RepeatedField("payload"))
        ));
        let no_user = form(&json!({"type": "block_actions", "actions": []}));
        assert!(parse_form(&no_user).is_err());
    }

    #[test]
    fn reply_in_thread_carries_a_checked_thread_ref() {
        let thread = ThreadRef {
            channel: "C0CHANNEL".into(),
            thread_ts: "1700000300.000100".into(),
            answer: AnswerRef {
                answered: true,
                topics: vec!["product-strategy".into()],
                others: vec![],
            },
        };
        let value = thread.encode(MAX_VALUE);
        assert_eq!(value, "C0CHANNEL|1700000300.000100|a:product-strategy");
        let mut in_channel = click(REPLY_IN_THREAD, "b", &value);
        in_channel["channel"] = json!({"id": "C0CHANNEL"});
        assert_eq!(one(in_channel), Action::ReplyInThread { thread });
        let mut elsewhere = click(REPLY_IN_THREAD, "b", &value);
        elsewhere["channel"] = json!({"id": "C0ELSEWHERE"});
        assert_eq!(
            one(elsewhere),
            Action::Unknown,
            "a button naming another channel than the one it was clicked in"
        );
        let mut home = click(REPLY_IN_THREAD, "b", &value);
        home["container"] = json!({"type": "view", "view_id": "V1"});
        assert_eq!(
            one(home),
            Action::Unknown,
            "a click from no channel (a Home tab or modal)"
        );
        let mut by_container = click(REPLY_IN_THREAD, "b", &value);
        by_container["container"] = json!({"type": "message", "channel_id": "C0CHANNEL"});
        assert!(
            matches!(one(by_container), Action::ReplyInThread { .. }),
            "the message container names the channel too"
        );
        for bad in [
            "c0lower|1.2|a:x",
            "C1|1.2.3|a:x",
            "C1|1.2|d:x",
            "C1|1.2|a:",
            "C1|<script>|a:x",
            "C1|1.2",
        ] {
            assert_eq!(
                one(click(REPLY_IN_THREAD, "b", bad)),
                Action::Unknown,
                "{bad}"
            );
        }
    }

    #[test]
    fn any_topic_id_a_table_writes_survives_a_button() {
        let odd = "Sprint planning, weekly | Q&A: café";
        let carried = encode_topic_id(odd);
        assert!(!carried.contains([',', '|', ' ', ':']), "{carried}");
        assert_eq!(decode_topic_id(&carried).as_deref(), Some(odd));
        let answer = AnswerRef {
            answered: true,
            topics: vec![odd.into(), "roadmap".into()],
            others: vec![],
        };
        assert_eq!(AnswerRef::decode(&answer.encode(MAX_VALUE)), Some(answer));
        assert_eq!(
            one(click("rolecall_topic_0", "b", &carried)),
            Action::Related {
                topic: odd.into(),
                declined: None
            }
        );
        assert_eq!(encode_topic_id("sprint-planning_2"), "sprint-planning_2");
        // `check` sets no length on an id: a long one, or one in a script that takes three
        // bytes a letter once encoded, still answers.
        for long in [
            "patient-complaints-and-everything-about-them-".repeat(3),
            "شكاوى المرضى ".repeat(8),
        ] {
            assert_eq!(
                one(click("rolecall_topic_0", "b", &encode_topic_id(&long))),
                Action::Related {
                    topic: long.clone(),
                    declined: None
                }
            );
        }
        for garbage in ["", "%", "%Z1", "a b", "%0A", "%FF"] {
            assert_eq!(decode_topic_id(garbage), None, "{garbage:?}");
        }
    }

    #[test]
    fn an_answer_ref_round_trips_and_stays_within_its_budget() {
        let answer = AnswerRef {
            answered: false,
            topics: vec!["a".into(), "bb".into(), "ccc".into()],
            others: vec![],
        };
        assert_eq!(answer.encode(100), "d:a,bb,ccc");
        assert_eq!(AnswerRef::decode(&answer.encode(100)), Some(answer.clone()));
        assert_eq!(answer.encode(7), "d:a,bb");
        assert_eq!(AnswerRef::decode("x:a"), None);
        assert_eq!(AnswerRef::decode("a:ok,not ok"), None);
    }

    #[test]
    fn an_answers_runners_up_follow_its_topics_as_room_allows() {
        let answer = AnswerRef {
            answered: true,
            topics: vec!["pricing".into()],
            others: vec!["roadmap".into(), "budget".into()],
        };
        assert_eq!(answer.encode(100), "a:pricing;roadmap,budget");
        assert_eq!(AnswerRef::decode(&answer.encode(100)), Some(answer.clone()));
        assert_eq!(
            answer.encode(18),
            "a:pricing;roadmap",
            "the topics come first"
        );
        assert_eq!(answer.encode(9), "a:pricing");
        let older = AnswerRef::decode("a:pricing").unwrap();
        assert!(
            older.others.is_empty(),
            "a button from before still decodes"
        );
        assert_eq!(AnswerRef::decode("a:pricing;bad id"), None);
    }

    #[test]
    fn an_id_too_long_for_what_is_left_goes_as_its_digest_and_only_a_whole_digest_decodes() {
        let long = "x".repeat(300);
        let answer = AnswerRef {
            answered: true,
            topics: vec!["short".into(), long.clone()],
            others: vec![],
        };
        let encoded = answer.encode(100);
        assert_eq!(encoded, format!("a:short,{}", topic_digest(&long)));
        let decoded = AnswerRef::decode(&encoded).unwrap();
        assert_eq!(decoded.topics[1], topic_digest(&long));
        assert_eq!(topic_digest("~"), topic_digest("~"));
        assert_ne!(topic_digest("a"), topic_digest("b"));
        assert_eq!(AnswerRef::decode("a:~12"), None);
        assert_eq!(AnswerRef::decode("a:~zzzzzzzzzzzzzzzz"), None);
        assert_eq!(
            encode_topic_id("~a"),
            "%7Ea",
            "an id never encodes as a digest"
        );
    }
}
