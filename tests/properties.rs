//! Property tests for every parser that sees Slack's bytes, and for the matcher: arbitrary
//! input never panics, errors are typed, and the promised properties hold.
//!
//! 1,000 cases per property by default; `PROPTEST_CASES` overrides it (proptest reads it):
//!
//! ```sh
//! PROPTEST_CASES=100000 cargo test --test properties --release
//! ```

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use rolecall::answer::Engine;
use rolecall::question_log::normalise;
use rolecall::rules::{self, normalise_for_quote_match};
use rolecall::slack::inbound::{Inbound, InboundError, parse_command, parse_event};
use rolecall::slack::interactions;
use rolecall::slack::signature::{MAX_SKEW, SignatureError, Verifier, sign};
use serde_json::{Value, json};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const SECRET: &[u8] = b"property-test-signing-secret";
/// A fixed "now" for the verifier's injected clock.
const NOW: u64 = 1_760_000_000;

fn config() -> ProptestConfig {
    // 1,000 unless PROPTEST_CASES says otherwise (proptest's own default is 256).
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(1000);
    ProptestConfig::with_cases(cases)
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(rules::embedded().expect("the embedded rules load")))
}

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

fn verify(ts: &[u8], signature: &[u8], body: &[u8]) -> Result<(), SignatureError> {
    Verifier::new(&[SECRET]).verify(Some(ts), Some(signature), body, at(NOW))
}

/// Which part of a signed request a mutation hits.
#[derive(Debug, Clone, Copy)]
enum Part {
    Body,
    Timestamp,
    Signature,
}

/// Arbitrary JSON values, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        // The strings the parser branches on, so the shapes reach past the first match.
        prop::sample::select(vec![
            "event_callback",
            "url_verification",
            "app_mention",
            "message",
            "team_join",
            "app_home_opened",
            "im",
            "home",
            "U_BOT",
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            btree_map(field_name(), inner, 0..8)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Mostly the field names Slack's envelopes use, sometimes anything.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "type", "event_id", "event", "authorizations", "challenge", "user", "user_id",
            "is_bot", "bot_id", "text", "ts", "channel", "thread_ts", "subtype",
            "channel_type", "tab", "id",
        ])
        .prop_map(str::to_string),
        1 => any::<String>(),
    ]
}

/// An envelope of the right outline with arbitrary contents, to reach the event match.
fn event_envelope() -> impl Strategy<Value = Value> {
    (
        json_value(),
        json_value(),
        prop::sample::select(vec![
            "app_mention",
            "message",
            "team_join",
            "app_home_opened",
            "other",
        ]),
        btree_map(field_name(), json_value(), 0..8),
    )
        .prop_map(|(event_id, authorizations, kind, fields)| {
            let mut event: serde_json::Map<String, Value> = fields.into_iter().collect();
            event.insert("type".into(), json!(kind));
            json!({
                "type": "event_callback",
                "event_id": event_id,
                "authorizations": authorizations,
                "event": event,
            })
        })
}

proptest! {
    #![proptest_config(config())]

    // --- the signature verifier ---

    #[test]
    fn a_valid_signature_verifies_for_any_body_and_any_timestamp_in_the_window(
        body in vec(any::<u8>(), 0..2048),
        skew in -(MAX_SKEW.as_secs() as i64)..=(MAX_SKEW.as_secs() as i64),
    ) {
        let ts = NOW.checked_add_signed(skew).unwrap();
        let signature = sign(SECRET, ts, &body);
        prop_assert_eq!(verify(ts.to_string().as_bytes(), signature.as_bytes(), &body), Ok(()));
    }

    #[test]
    fn any_single_byte_change_to_body_timestamp_or_signature_fails(
        body in vec(any::<u8>(), 1..1024),
        skew in -(MAX_SKEW.as_secs() as i64)..=(MAX_SKEW.as_secs() as i64),
        part in prop::sample::select(vec![Part::Body, Part::Timestamp, Part::Signature]),
        at_index in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let ts = NOW.checked_add_signed(skew).unwrap();
        let mut ts_text = ts.to_string().into_bytes();
        let mut signature = sign(SECRET, ts, &body).into_bytes();
        let mut body = body;
        let target = match part {
            Part::Body => &mut body,
            Part::Timestamp => &mut ts_text,
            Part::Signature => &mut signature,
        };
        let i = at_index.index(target.len());
        let original = target[i];
        target[i] ^= flip;
        // Hex digits are read case-insensitively ("A" and "a" are the same nibble), so an
        // ASCII case flip of a hex letter leaves the same MAC bytes: not a change in value.
        let same_value = matches!(part, Part::Signature)
            && i >= 3
            && original.is_ascii_hexdigit()
            && target[i].eq_ignore_ascii_case(&original);
        prop_assume!(!same_value);
        prop_assert!(verify(&ts_text, &signature, &body).is_err());
    }

    #[test]
    fn arbitrary_header_values_are_rejections_never_panics(
        ts in prop::option::of(vec(any::<u8>(), 0..40)),
        signature in prop::option::of(prop_oneof![
            vec(any::<u8>(), 0..80),
            vec(any::<u8>(), 64..=64).prop_map(|tail| [b"v0=".as_slice(), &tail].concat()),
        ]),
        body in vec(any::<u8>(), 0..256),
        now in any::<u64>(),
    ) {
        let now = UNIX_EPOCH.checked_add(Duration::from_secs(now)).unwrap_or(UNIX_EPOCH);
        let verdict = Verifier::new(&[SECRET]).verify(
            ts.as_deref(),
            signature.as_deref(),
            &body,
            now,
        );
        // Random bytes cannot carry a valid HMAC; the error label is always a fixed string.
        let error = verdict.expect_err("random headers never verify");
        prop_assert!(!error.label().is_empty());
    }

    // --- the slash-command form parser ---

    #[test]
    fn arbitrary_bytes_to_the_command_parser_never_panic_and_errors_are_typed(
        body in vec(any::<u8>(), 0..2048),
    ) {
        match parse_command(&body) {
            Ok(Inbound::Command(_) | Inbound::Ignored(_)) => {}
            Ok(other) => prop_assert!(false, "a form became {:?}", other),
            Err(InboundError::RepeatedField(_) | InboundError::MissingCommand) => {}
            Err(other) => prop_assert!(false, "a form error that is not a form's: {}", other),
        }
    }

    #[test]
    fn form_shaped_noise_never_panics(
        pairs in vec((
            prop::sample::select(vec!["command", "text", "user_id", "ssl_check", "x", ""]),
            vec(prop::sample::select(vec![b'%', b'+', b'=', b'a', b'F', b'0', 0xC3, 0xA9, 0xFF]), 0..12),
        ), 0..10),
    ) {
        let body: Vec<u8> = pairs
            .iter()
            .flat_map(|(key, value)| [key.as_bytes(), b"=", value, b"&"].concat())
            .collect();
        let _ = parse_command(&body);
    }

    #[test]
    fn any_text_without_ampersands_survives_form_encoding_trimmed(
        text in any::<String>().prop_filter("no & (its entities are unescaped)", |t| !t.contains('&')),
    ) {
        let body = serde_urlencoded::to_string([
            ("command", "/rolecall"),
            ("text", text.as_str()),
            ("user_id", "U1"),
        ])
        .unwrap();
        let Ok(Inbound::Command(command)) = parse_command(body.as_bytes()) else {
            return Err(TestCaseError::fail("an encoded command did not parse"));
        };
        prop_assert_eq!(command.text, text.trim());
    }

    // --- the event envelope parser ---

    #[test]
    fn arbitrary_strings_to_the_event_parser_never_panic(
        body in any::<String>(),
        bot in prop::option::of(prop::sample::select(vec!["U_BOT", ""])),
    ) {
        let _ = parse_event(body.as_bytes(), bot);
    }

    #[test]
    fn arbitrary_json_shapes_to_the_event_parser_never_panic(
        value in prop_oneof![json_value(), event_envelope()],
        bot in prop::option::of(prop::sample::select(vec!["U_BOT", ""])),
    ) {
        let body = serde_json::to_vec(&value).unwrap();
        match parse_event(&body, bot) {
            Ok(_) | Err(InboundError::Json(_)) => {}
            Err(other) => prop_assert!(false, "a JSON body gave a form error: {}", other),
        }
    }

    #[test]
    fn a_mention_from_a_person_keeps_its_event_id_and_thread(
        event_id in any::<String>(),
        text in any::<String>(),
        ts in "[0-9]{10}\\.[0-9]{6}",
        thread in prop::option::of("[0-9]{10}\\.[0-9]{6}"),
    ) {
        let mut event = json!({
            "type": "app_mention", "user": "U_PERSON", "text": format!("<@U_BOT> {text}"),
            "ts": ts, "channel": "C1",
        });
        if let Some(thread) = &thread {
            event["thread_ts"] = json!(thread);
        }
        let body = serde_json::to_vec(&json!({
            "type": "event_callback", "event_id": event_id, "event": event,
            "authorizations": [{"user_id": "U_BOT", "is_bot": true}],
        }))
        .unwrap();
        let Ok(Inbound::Mention(mention)) = parse_event(&body, None) else {
            return Err(TestCaseError::fail("a person's mention was not a mention"));
        };
        prop_assert_eq!(mention.event_id, event_id);
        prop_assert_eq!(mention.thread_ts, thread.unwrap_or(ts));
    }

    // --- the interaction payload (`POST /slack/interactions`) ---

    #[test]
    fn arbitrary_bytes_to_the_interaction_form_parser_never_panic(body in vec(any::<u8>(), 0..2048)) {
        let _ = interactions::parse_form(&body);
    }

    #[test]
    fn any_json_in_the_payload_field_is_parsed_or_refused_as_json(value in json_value()) {
        let form = serde_urlencoded::to_string([("payload", value.to_string())]).unwrap();
        match interactions::parse_form(form.as_bytes()) {
            Ok(_) | Err(InboundError::Json(_)) => {}
            Err(other) => prop_assert!(false, "unexpected error: {other}"),
        }
    }

    #[test]
    fn a_block_actions_click_with_arbitrary_ids_and_values_never_panics(
        action_id in any::<String>(),
        block_id in any::<String>(),
        value in any::<String>(),
    ) {
        let payload = json!({
            "type": "block_actions",
            "user": {"id": "U1"},
            "team": {"id": "T1"},
            "response_url": "https://hooks.slack.com/actions/T1/1/x",
            "actions": [{"action_id": action_id, "block_id": block_id, "value": value, "type": "button"}],
        });
        let _ = interactions::parse_json(payload.to_string().as_bytes());
    }

    #[test]
    fn answer_refs_decode_arbitrary_text_without_panicking(text in any::<String>()) {
        let _ = interactions::AnswerRef::decode(&text);
    }

    // --- the normalisers and the matcher ---

    #[test]
    fn the_question_log_normaliser_is_idempotent(question in any::<String>()) {
        let once = normalise(&question);
        prop_assert_eq!(normalise(&once), once);
    }

    #[test]
    fn the_question_log_normaliser_matches_its_plain_definition(question in any::<String>()) {
        prop_assert_eq!(normalise(&question), normalise_by_definition(&question));
    }

    #[test]
    fn the_question_log_normaliser_matches_its_plain_definition_on_long_text(
        words in vec(prop::sample::select(vec![
            "ab", "\u{130}", "Stra\u{df}e", "x", "<@U1>", "'", "don't", "?", "''ab'", "\u{2019}x",
            "a<b", "c>d", "a@b.c", "@", "xoxb-1", "xapp-", ".", "\u{a0}",
        ]), 0..200),
        glue in prop::sample::select(vec![" ", "", "'"]),
    ) {
        let question = words.join(glue);
        prop_assert_eq!(normalise(&question), normalise_by_definition(&question));
    }

    #[test]
    fn the_question_log_normaliser_is_idempotent_on_long_and_case_changing_text(
        words in vec(prop::sample::select(vec!["ab", "\u{130}", "Stra\u{df}e", "x", "<@U1>", "'"]), 0..200),
    ) {
        let question = words.join(" ");
        let once = normalise(&question);
        prop_assert_eq!(normalise(&once), once);
    }

    #[test]
    fn the_matchers_normaliser_is_idempotent(text in any::<String>()) {
        let once = rolecall::answer::normalise(&text);
        prop_assert_eq!(rolecall::answer::normalise(&once), once);
    }

    #[test]
    fn the_matchers_normaliser_is_idempotent_on_case_changing_and_marked_text(
        words in vec(prop::sample::select(vec![
            "\u{130}", "Stra\u{df}e", "\u{1e9e}", "caf\u{e9}", "cafe\u{301}", "\u{3a3}\u{391}",
            "don't", "PO's", "\u{2019}", "-", "<@U1>", "&amp;", "x",
        ]), 0..60),
    ) {
        let text = words.join(" ");
        let once = rolecall::answer::normalise(&text);
        prop_assert_eq!(rolecall::answer::normalise(&once), once);
    }

    #[test]
    fn the_quote_normaliser_is_idempotent(text in any::<String>()) {
        let once = normalise_for_quote_match(&text);
        prop_assert_eq!(normalise_for_quote_match(&once), once);
    }

    #[test]
    fn the_matcher_never_panics_and_keeps_its_promises(question in any::<String>()) {
        check_answer(&question)?;
    }

    #[test]
    fn the_matcher_keeps_its_promises_on_question_shaped_text(
        words in vec(prop_oneof![
            prop::sample::select(vec![
                "who", "owns", "the", "product", "strategy", "sprint", "planning", "backlog",
                "roadmap", "or", "and", "vs", "PO", "PM", "?", "pricing", "<@U_BOT>",
            ])
            .prop_map(str::to_string),
            any::<String>(),
        ], 0..12),
    ) {
        check_answer(&words.join(" "))?;
    }
}

/// The matcher's public promises for any question.
fn check_answer(question: &str) -> Result<(), TestCaseError> {
    let answer = engine().answer(question);
    prop_assert!(
        (0.0..=1.0).contains(&answer.confidence),
        "confidence {} for {:?}",
        answer.confidence,
        question
    );
    if answer.is_answered() {
        prop_assert!(!answer.topics().is_empty(), "answered with no topic");
        prop_assert!(
            answer
                .topics()
                .iter()
                .all(|topic| !topic.sources.is_empty()),
            "answered with a topic without a source"
        );
    }
    Ok(())
}

/// The question log's normaliser written the plain way (map the characters, split, trim,
/// join, cut): the one-pass version in `question_log::row` must agree with it.
fn normalise_by_definition(question: &str) -> String {
    // Slack's `<...>` tokens out, then every whitespace-separated email address or token.
    let mut unmarked = String::new();
    let mut in_token = false;
    for c in question.chars() {
        match c {
            '<' => in_token = true,
            '>' if in_token => {
                in_token = false;
                unmarked.push(' ');
            }
            _ if in_token => {}
            c => unmarked.push(c),
        }
    }
    let private = |piece: &str| {
        let word = piece.trim_matches(|c: char| !c.is_alphanumeric());
        let email = match word.split_once('@') {
            Some((name, domain)) => match domain.split_once('.') {
                Some((host, top)) => !name.is_empty() && !host.is_empty() && !top.is_empty(),
                None => false,
            },
            None => false,
        };
        email
            || word.starts_with("xapp-")
            || (word.starts_with("xox") && word.get(4..5) == Some("-"))
    };
    let question: String = unmarked
        .split_inclusive(char::is_whitespace)
        .map(|piece| if private(piece) { " " } else { piece })
        .collect();
    let mut cleaned = String::new();
    let mut in_token = false;
    for c in question.chars() {
        match c {
            '<' => in_token = true,
            '>' if in_token => {
                in_token = false;
                cleaned.push(' ');
            }
            _ if in_token => {}
            '\'' | '\u{2019}' => cleaned.push('\''),
            c if c.is_alphanumeric() => {
                cleaned.extend(c.to_lowercase().filter(|lower| lower.is_alphanumeric()));
            }
            _ => cleaned.push(' '),
        }
    }
    let words: Vec<&str> = cleaned
        .split_whitespace()
        .map(|word| word.trim_matches('\''))
        .filter(|word| !word.is_empty())
        .collect();
    let joined = words.join(" ");
    let mut kept: String = joined.chars().take(300).collect();
    // Cut inside a word: that word goes, unless it is the only one.
    let cut_inside_word = joined.chars().nth(300).is_some_and(|next| next != ' ');
    if cut_inside_word && let Some(space) = kept.rfind(' ') {
        kept.truncate(space);
    }
    kept.trim_end_matches([' ', '\'']).to_string()
}
