//! The newer places people ask, as [`super::inbound::Inbound`] carries them: the AI-app side
//! panel (`assistant_thread_started`, `assistant_thread_context_changed`, and a `message.im`
//! in the panel's thread) and a Workflow Builder step run (`function_executed`). Slack's serde
//! shapes for them stay private here; the message shortcut, an interactivity payload, is in
//! [`super::shortcut`].

use crate::config::Secret;
use serde::Deserialize;

/// The `callback_id` of rolecall's Workflow Builder step (manifest `functions.find_owner`).
pub const FIND_OWNER: &str = "find_owner";
/// The step's one input.
pub const QUESTION_INPUT: &str = "question";

/// A panel thread opened, or the channel its user looks at changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssistantThread {
    pub event_id: String,
    pub team_id: String,
    pub user: String,
    /// The panel's DM channel (`D...`).
    pub channel: String,
    pub thread_ts: String,
    /// The channel the user has open beside the panel, when Slack says.
    pub context_channel: Option<String>,
}

/// A question typed in the panel: a `message.im` in a thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssistantQuestion {
    pub event_id: String,
    pub team_id: String,
    pub channel: String,
    pub user: String,
    pub text: String,
    /// The thread's title if this question names it: [`readable`] over the text as Slack
    /// sent it, escapes undone after (typed `<b>` arrives as `&lt;b&gt;` and stays text).
    pub title: String,
    pub thread_ts: String,
}

/// One run of a custom step in a workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRun {
    pub event_id: String,
    pub team_id: String,
    /// Which of the app's functions ran; only [`FIND_OWNER`] is ours.
    pub callback_id: String,
    pub execution_id: String,
    pub question: StepQuestion,
    /// The run's own token (`bot_access_token`): completing the run needs it.
    pub token: Secret,
}

/// A step run's `question` input, as the workflow gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepQuestion {
    /// Text, or rich text read as text; trimmed, and empty when the input is missing.
    Text(String),
    /// Anything else (a number, a list, an object), named by its JSON type.
    NotText(&'static str),
}

impl StepQuestion {
    fn from_input(input: Option<&serde_json::Value>) -> StepQuestion {
        use serde_json::Value;
        let text = match input {
            None | Some(Value::Null) => String::new(),
            // A workflow variable holding a message's text arrives as Slack sent that
            // message: escaped, perhaps with a mention first.
            Some(Value::String(text)) => super::inbound::message_question(text, None),
            Some(value) => match super::rich_text::plain_text(value) {
                Some(text) => text,
                None => return StepQuestion::NotText(json_type(value)),
            },
        };
        StepQuestion::Text(text.trim().to_string())
    }
}

fn json_type(value: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl StepRun {
    /// Whether Slack sent the run's own token, to complete it with without the bot's.
    pub fn brings_token(&self) -> bool {
        !self.token.expose().is_empty()
    }
}

#[derive(Deserialize)]
pub(super) struct RawAssistantThread {
    #[serde(default)]
    user_id: String,
    channel_id: String,
    thread_ts: String,
    #[serde(default)]
    context: Option<RawContext>,
}

#[derive(Deserialize)]
struct RawContext {
    #[serde(default)]
    channel_id: Option<String>,
}

impl RawAssistantThread {
    pub(super) fn into_thread(self, event_id: String, team_id: String) -> AssistantThread {
        AssistantThread {
            event_id,
            team_id,
            user: self.user_id,
            channel: self.channel_id,
            thread_ts: self.thread_ts,
            context_channel: self
                .context
                .and_then(|context| context.channel_id)
                .filter(|id| !id.is_empty()),
        }
    }
}

#[derive(Deserialize)]
pub(super) struct RawFunction {
    #[serde(default)]
    callback_id: String,
}

/// A `function_executed` event's fields.
#[derive(Deserialize)]
pub(super) struct RawStep {
    function: RawFunction,
    /// Any JSON: a run whose inputs are `null` or not an object is still a run, to be
    /// finished with a readable error rather than refused (and left open) as malformed.
    #[serde(default)]
    inputs: serde_json::Value,
    function_execution_id: String,
    #[serde(default)]
    bot_access_token: String,
}

impl RawStep {
    pub(super) fn into_run(self, event_id: String, team_id: String) -> StepRun {
        let question = StepQuestion::from_input(self.inputs.get(QUESTION_INPUT));
        StepRun {
            event_id,
            team_id,
            callback_id: self.function.callback_id,
            execution_id: self.function_execution_id,
            question,
            token: Secret::new(self.bot_access_token),
        }
    }
}

/// Most prompts Slack shows in the panel (setSuggestedPrompts and the manifest alike).
pub const MAX_PROMPTS: usize = 4;
/// A prompt's title is a button label: long example questions are cut for it.
const MAX_PROMPT_TITLE: usize = 50;

/// A suggested prompt: the label, and the message sent when it is clicked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Prompt {
    pub title: String,
    pub message: String,
}

/// The table's example questions as the panel's prompts: the first [`MAX_PROMPTS`], each
/// sent as written, its title cut to a label's length.
pub fn suggested_prompts(examples: &[String]) -> Vec<Prompt> {
    examples
        .iter()
        .map(|example| example.trim())
        .filter(|example| !example.is_empty())
        .take(MAX_PROMPTS)
        .map(|example| Prompt {
            title: short(example, MAX_PROMPT_TITLE),
            message: example.to_string(),
        })
        .collect()
}

/// A thread title as a reader would say the question: Slack's `<...>` forms resolved
/// (`<@U1|ana>` -> `@ana`, `<!here>` -> `@here`, `<#C1|general>` -> `#general`, a link ->
/// its label or address), so a cut title never ends inside one. Takes the text as Slack sent
/// it, escapes still in: only there is every `<` one of Slack's forms.
pub fn readable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inner = &after[..close];
        let (target, label) = match inner.split_once('|') {
            Some((target, label)) => (target, Some(label).filter(|label| !label.is_empty())),
            None => (inner, None),
        };
        match (target.chars().next(), label) {
            (Some('@'), Some(name)) => out.extend(['@'].into_iter().chain(name.chars())),
            (Some('@'), None) => out.push_str("@someone"),
            // A date's label is its fallback text; a user group's label is already "@team".
            (Some('!'), Some(label)) if target.starts_with("!date") || label.starts_with('@') => {
                out.push_str(label);
            }
            (Some('!'), label) => {
                let name = target[1..].split('^').next().unwrap_or_default();
                out.push('@');
                out.push_str(label.unwrap_or(name));
            }
            (Some('#'), Some(name)) => out.extend(['#'].into_iter().chain(name.chars())),
            (Some('#'), None) => out.push_str("#a-channel"),
            (_, Some(label)) => out.push_str(label),
            (_, None) => out.push_str(target),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// `text` on one line, at most `max` characters, cut at a word with `…` when longer.
pub fn short(text: &str, max: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        return line;
    }
    let end = line
        .char_indices()
        .nth(max.saturating_sub(1))
        .map_or(line.len(), |(at, _)| at);
    let kept = &line[..crate::reply::slack::whole_characters(&line, end)];
    let cut = match kept.rfind(' ') {
        Some(space) if space > kept.len() / 2 => &kept[..space],
        _ => kept,
    };
    format!("{}…", cut.trim_end_matches([' ', ',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slack::inbound::{Inbound, parse_event};

    macro_rules! fixture {
        ($name:literal) => {
            include_bytes!(concat!("../../tests/fixtures/", $name))
        };
    }

    #[test]
    fn a_panel_thread_start_and_context_change_carry_the_channel_beside_the_panel() {
        let Inbound::AssistantStarted(started) =
            parse_event(fixture!("assistant_thread_started.json"), None).unwrap()
        else {
            panic!("not a thread start");
        };
        assert_eq!(
            (started.channel.as_str(), started.thread_ts.as_str()),
            ("D0PANEL", "1700000100.000100")
        );
        assert_eq!(started.context_channel.as_deref(), Some("C0LOOKING"));
        assert_eq!(started.user, "U0ASKER");
        let Inbound::AssistantContext(changed) =
            parse_event(fixture!("assistant_thread_context_changed.json"), None).unwrap()
        else {
            panic!("not a context change");
        };
        assert_eq!(changed.context_channel.as_deref(), Some("C0ELSEWHERE"));
    }

    #[test]
    fn a_dm_in_a_thread_is_a_panel_question_and_a_dm_outside_one_is_not() {
        let Inbound::AssistantQuestion(question) =
            parse_event(fixture!("message_im_assistant.json"), None).unwrap()
        else {
            panic!("not a panel question");
        };
        assert_eq!(question.text, "who owns product strategy & vision?");
        assert_eq!(question.thread_ts, "1700000100.000100");
        assert!(matches!(
            parse_event(fixture!("message_im.json"), None).unwrap(),
            Inbound::DirectMessage(_)
        ));
    }

    #[test]
    fn a_step_run_carries_its_question_execution_and_token_but_never_shows_the_token() {
        let Inbound::StepRun(run) = parse_event(fixture!("function_executed.json"), None).unwrap()
        else {
            panic!("not a step run");
        };
        assert_eq!(run.callback_id, FIND_OWNER);
        assert_eq!(run.execution_id, "Fx0RUN1");
        assert_eq!(
            run.question,
            StepQuestion::Text("who owns product strategy?".into())
        );
        assert_eq!(run.token.expose(), "xwfp-test-run-token-5e4d");
        assert!(!format!("{run:?}").contains("xwfp"));
    }

    #[test]
    fn a_step_question_from_a_messages_text_is_read_as_the_engine_reads_slack_text() {
        let input = serde_json::json!("who signs off R&amp;D spend &gt; 5k?");
        assert_eq!(
            StepQuestion::from_input(Some(&input)),
            StepQuestion::Text("who signs off R&D spend &gt; 5k?".into())
        );
    }

    #[test]
    fn prompts_are_the_first_four_examples_with_short_titles() {
        let examples: Vec<String> = (1..=6)
            .map(|n| format!("who owns item {n} of a rather long list of things to do?"))
            .chain([String::new()])
            .collect();
        let prompts = suggested_prompts(&examples);
        assert_eq!(prompts.len(), MAX_PROMPTS);
        assert_eq!(prompts[0].message, examples[0]);
        assert!(prompts[0].title.chars().count() <= MAX_PROMPT_TITLE);
        assert!(prompts[0].title.ends_with('…'), "{}", prompts[0].title);
        assert_eq!(
            suggested_prompts(&["who owns the roadmap?".into()])[0].title,
            "who owns the roadmap?"
        );
    }

    #[test]
    fn slack_markup_reads_as_a_person_would_say_it() {
        assert_eq!(
            readable(
                "<@U0OTHER|bob> says <https://example.com/a?b=1&c=2|this doc> is <!channel> news"
            ),
            "@bob says this doc is @channel news"
        );
        assert_eq!(
            readable("ask <@U1> in <#C1|general> or <#C2>: <https://x.example>"),
            "ask @someone in #general or #a-channel: https://x.example"
        );
        assert_eq!(readable("is a < b and <unclosed"), "is a < b and <unclosed");
        assert_eq!(
            readable("<!subteam^S1|@design> by <!date^1700000000^{date}|Nov 14>"),
            "@design by Nov 14"
        );
    }

    #[test]
    fn short_cuts_at_a_word_and_keeps_short_text() {
        assert_eq!(
            short("who owns\n the roadmap?", 40),
            "who owns the roadmap?"
        );
        assert_eq!(short("who owns the product roadmap?", 20), "who owns the…");
        let family = "\u{1f469}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        assert_eq!(
            short(&format!("{}{family}", "x".repeat(46)), 50),
            format!("{}…", "x".repeat(46)),
            "an emoji joined by U+200D is kept whole or left out"
        );
        assert_eq!(short("abcdefghijklmnopqrstuvwxyz", 10), "abcdefghi…");
    }
}
