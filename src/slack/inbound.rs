//! Verified Slack bytes -> [`Inbound`]. Slack's serde shapes stay private here; after this,
//! nobody looks at a form or a `serde_json::Value` again. Knows nothing about rules, answers
//! or HTTP status codes.

use super::form::{CommandForm, SlashForm, WorkspaceFields};
use super::surfaces::{
    AssistantQuestion, AssistantThread, RawAssistantThread, RawStep, StepRun, readable,
};
use serde::Deserialize;
use serde::de::IgnoredAny;

/// What a verified request asks of us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inbound {
    Command(Command),
    Mention(Mention),
    DirectMessage(DirectMessage),
    MemberJoined(MemberJoined),
    HomeOpened(HomeOpened),
    /// The AI-app panel opened a thread: offer the suggested prompts.
    AssistantStarted(AssistantThread),
    /// The channel beside the panel changed: remember it for the thread.
    AssistantContext(AssistantThread),
    /// A question in the panel's thread.
    AssistantQuestion(AssistantQuestion),
    /// A Workflow Builder step run to answer and complete.
    StepRun(StepRun),
    UrlVerification {
        challenge: String,
    },
    /// Slack is holding back workspace `team_id`'s events (`app_rate_limited`): more than
    /// 30,000 in an hour, or deliveries failing so often that Slack turns them off. What
    /// comes meanwhile is never delivered.
    EventsRateLimited {
        team_id: String,
    },
    /// Acknowledge and do nothing; the reason is a fixed label for logs and metrics.
    Ignored(&'static str),
}

/// `/rolecall <text>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub text: String,
    pub user_id: String,
    pub channel_id: String,
    pub team_id: String,
    pub response_url: String,
}

/// An @-mention of the bot, to be answered in its thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub event_id: String,
    /// The workspace the installation answers (`authorizations[0]`, else the envelope's
    /// `team_id`): its `--team-dir` file, and the question log's row.
    pub team_id: String,
    pub channel: String,
    pub user: String,
    /// The question, with the bot's mention stripped, as [`for_the_engine`] leaves it.
    pub text: String,
    /// The thread to answer in: the event's `thread_ts`, else its own `ts`.
    pub thread_ts: String,
}

/// A direct message to the bot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectMessage {
    pub event_id: String,
    pub team_id: String,
    pub channel: String,
    pub user: String,
    pub text: String,
}

/// Someone joined the workspace: greet them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberJoined {
    pub event_id: String,
    pub user: String,
}

/// Someone opened the bot's Home tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomeOpened {
    pub event_id: String,
    /// The workspace the installation answers, as for [`Mention`]: its `--team-dir` file.
    pub team_id: String,
    pub user: String,
}

#[derive(Debug, thiserror::Error)]
pub enum InboundError {
    #[error("the form repeats the field {0}")]
    RepeatedField(&'static str),
    #[error("the form has no command field")]
    MissingCommand,
    #[error("the form has no payload field")]
    MissingPayload,
    #[error("the JSON body is not a Slack event: {}", without_strings(&.0.to_string()))]
    Json(#[from] serde_json::Error),
}

/// A parse error as the log may carry it: serde quotes the string it met where another
/// type was expected (`invalid type: string "...", expected a boolean`), and a string of
/// a Slack payload may be a person's words. Where it was and what was expected stay.
fn without_strings(message: &str) -> String {
    const QUOTED: &str = "string \"";
    let mut kept = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(QUOTED) {
        kept.push_str(&rest[..at]);
        kept.push_str("a string");
        // The string is printed escaped (Debug): it ends at the first quote not escaped.
        let mut escaped = false;
        let quoted = &rest[at + QUOTED.len()..];
        let end = quoted
            .char_indices()
            .find(|&(_, c)| {
                let closes = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                closes
            })
            .map_or(quoted.len(), |(end, _)| end + 1);
        rest = &quoted[end..];
    }
    kept.push_str(rest);
    kept
}

/// A slash-command form body (or Slack's `ssl_check` probe).
pub fn parse_command(body: &[u8]) -> Result<Inbound, InboundError> {
    parse_slash(body).command
}

/// A slash-command form body read once, for the two things the handler asks of it.
pub struct Slash<'a> {
    /// Which workspace and app it names, undecoded (the installation that answers).
    pub workspace: WorkspaceFields<'a>,
    /// What [`parse_command`] makes of the same body.
    pub command: Result<Inbound, InboundError>,
}

/// [`parse_command`], and the fields naming the workspace, from one pass over the body.
pub fn parse_slash(body: &[u8]) -> Slash<'_> {
    let form = SlashForm::parse(body);
    Slash {
        workspace: form.workspace,
        command: form
            .command
            .map_err(InboundError::RepeatedField)
            .and_then(command),
    }
}

/// A slash command as Socket Mode delivers it: the same fields, as a JSON object of strings.
pub fn parse_command_value(payload: &serde_json::Value) -> Result<Inbound, InboundError> {
    let field = |name: &str| {
        payload
            .get(name)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    command(CommandForm {
        ssl_check: field("ssl_check"),
        command: field("command"),
        text: field("text"),
        user_id: field("user_id"),
        channel_id: field("channel_id"),
        team_id: field("team_id"),
        response_url: field("response_url"),
    })
}

fn command(form: CommandForm) -> Result<Inbound, InboundError> {
    if form.ssl_check.as_deref() == Some("1") {
        return Ok(Inbound::Ignored("ssl_check"));
    }
    if form.command.is_none() {
        return Err(InboundError::MissingCommand);
    }
    Ok(Inbound::Command(Command {
        // Trimmed first: no escape is white space, so it is the same text, copied once.
        text: for_the_engine(form.text.as_deref().unwrap_or("").trim()),
        user_id: form.user_id.unwrap_or_default(),
        channel_id: form.channel_id.unwrap_or_default(),
        team_id: form.team_id.unwrap_or_default(),
        response_url: form.response_url.unwrap_or_default(),
    }))
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Envelope {
    UrlVerification {
        challenge: String,
    },
    AppRateLimited {
        #[serde(default)]
        team_id: String,
    },
    EventCallback {
        event_id: String,
        /// `null` in an org-wide install's events about the organisation itself
        /// (`app_uninstalled`, `team_access_granted`): they name no one workspace.
        #[serde(default)]
        team_id: Option<String>,
        /// The organisation of the envelope's `team_id`: with an org-wide installation, it
        /// says whether that workspace is one of the installation's.
        #[serde(default)]
        enterprise_id: Option<String>,
        #[serde(default)]
        authorizations: Vec<Authorization>,
        // Boxed: the event shapes are large and the other variants tiny.
        event: Box<Event>,
    },
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct Authorization {
    /// The installed workspace the event was delivered to; `null` for an org-wide install.
    #[serde(default)]
    team_id: Option<String>,
    /// The organisation of an org-wide installation (`team_id` is then `null`).
    #[serde(default)]
    enterprise_id: Option<String>,
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default)]
    is_bot: bool,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Event {
    AppMention {
        #[serde(default)]
        user: Option<String>,
        #[serde(default)]
        bot_id: Option<String>,
        #[serde(default)]
        text: String,
        ts: String,
        channel: String,
        #[serde(default)]
        thread_ts: Option<String>,
        /// Set when the person edited the message: Slack sends the mention again, under a
        /// new `event_id`.
        #[serde(default)]
        edited: Option<IgnoredAny>,
        /// `document_mention`: the bot was named in a canvas. Slack sends it as a mention in
        /// the canvas's channel, but nobody asked anything there.
        #[serde(default)]
        subtype: Option<String>,
    },
    Message {
        #[serde(default)]
        subtype: Option<String>,
        #[serde(default)]
        bot_id: Option<String>,
        #[serde(default)]
        channel_type: Option<String>,
        #[serde(default)]
        user: Option<String>,
        #[serde(default)]
        text: Option<String>,
        #[serde(default)]
        channel: Option<String>,
        /// Set on a message in a thread: in the bot's DM, the AI-app panel's thread.
        #[serde(default)]
        thread_ts: Option<String>,
    },
    AssistantThreadStarted {
        assistant_thread: RawAssistantThread,
    },
    AssistantThreadContextChanged {
        assistant_thread: RawAssistantThread,
    },
    FunctionExecuted(RawStep),
    TeamJoin {
        user: UserObject,
    },
    AppHomeOpened {
        user: String,
        #[serde(default)]
        tab: Option<String>,
    },
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct UserObject {
    id: String,
    /// Installing an app adds its bot user to the workspace, and that is a `team_join` too.
    #[serde(default)]
    is_bot: bool,
    /// A deactivated account: Slack refuses it a DM, and nobody would read one.
    #[serde(default)]
    deleted: bool,
}

/// Slackbot posts as a user (no `bot_id`): its reminders and notices in our DM are not
/// questions, and answering them is a bot talking to a bot.
const SLACKBOT: &str = "USLACKBOT";

/// An Events API body. `bot_user_id` is ours when known (from `auth.test`); otherwise the
/// envelope's bot authorization names it.
pub fn parse_event(body: &[u8], bot_user_id: Option<&str>) -> Result<Inbound, InboundError> {
    event(serde_json::from_slice(body)?, bot_user_id)
}

/// An Events API payload as Socket Mode delivers it (the same JSON, already parsed).
pub fn parse_event_value(
    payload: &serde_json::Value,
    bot_user_id: Option<&str>,
) -> Result<Inbound, InboundError> {
    event(Envelope::deserialize(payload)?, bot_user_id)
}

fn event(envelope: Envelope, bot_user_id: Option<&str>) -> Result<Inbound, InboundError> {
    let (event_id, team_id, authorizations, event) = match envelope {
        Envelope::UrlVerification { challenge } => {
            return Ok(Inbound::UrlVerification { challenge });
        }
        Envelope::AppRateLimited { team_id } => {
            return Ok(Inbound::EventsRateLimited { team_id });
        }
        Envelope::Other => return Ok(Inbound::Ignored("unknown_envelope")),
        Envelope::EventCallback {
            event_id,
            team_id,
            enterprise_id,
            authorizations,
            event,
        } => {
            let team_id = answering_workspace(authorizations.first(), team_id, enterprise_id);
            (event_id, team_id, authorizations, event)
        }
    };
    let from_envelope = authorizations
        .iter()
        .find(|auth| auth.is_bot)
        .and_then(|auth| auth.user_id.as_deref());
    let bot = bot_user_id.or(from_envelope);
    let is_bot_user =
        |user: Option<&str>| user.is_some() && (user == bot || user == Some(SLACKBOT));
    Ok(match *event {
        Event::AppMention {
            user,
            bot_id,
            text,
            ts,
            channel,
            thread_ts,
            edited,
            subtype,
        } => {
            if bot_id.is_some() || is_bot_user(user.as_deref()) {
                return Ok(Inbound::Ignored("from_a_bot"));
            }
            // Fixing a typo in a mention must not post a second answer in the thread (an
            // edited DM, `message_changed`, is not answered either). A mention added by an
            // edit goes unanswered too: Slack's event cannot tell the two apart.
            if edited.is_some() {
                return Ok(Inbound::Ignored("edited"));
            }
            if subtype.as_deref() == Some("document_mention") {
                return Ok(Inbound::Ignored("canvas_mention"));
            }
            Inbound::Mention(Mention {
                event_id,
                team_id,
                channel,
                user: user.unwrap_or_default(),
                text: question(&text, bot),
                thread_ts: thread_ts.unwrap_or(ts),
            })
        }
        Event::Message {
            subtype,
            bot_id,
            channel_type,
            user,
            text,
            channel,
            thread_ts,
        } => {
            // Any subtype (edits, deletes, joins, bot_message) or any bot, us above all:
            // answering those is how bots end up answering themselves forever.
            if subtype.is_some() {
                return Ok(Inbound::Ignored("message_subtype"));
            }
            if bot_id.is_some() || is_bot_user(user.as_deref()) {
                return Ok(Inbound::Ignored("from_a_bot"));
            }
            match (channel_type.as_deref(), user, channel) {
                // A user's message in a DM thread is the AI-app panel's (as Bolt decides it).
                (Some("im"), Some(user), Some(channel)) if thread_ts.is_some() => {
                    let asked = without_our_mention(text.as_deref().unwrap_or(""), bot);
                    Inbound::AssistantQuestion(AssistantQuestion {
                        event_id,
                        team_id,
                        channel,
                        user,
                        title: unescape(&readable(&asked)),
                        text: for_the_engine(&asked),
                        thread_ts: thread_ts.unwrap_or_default(),
                    })
                }
                (Some("im"), Some(user), Some(channel)) => Inbound::DirectMessage(DirectMessage {
                    event_id,
                    team_id,
                    channel,
                    user,
                    text: question(text.as_deref().unwrap_or(""), bot),
                }),
                _ => Inbound::Ignored("not_a_direct_message"),
            }
        }
        // A bot cannot read a welcome, and Slack refuses a DM to one (`cannot_dm_bot`).
        Event::TeamJoin { user } if user.is_bot => Inbound::Ignored("bot_joined"),
        Event::TeamJoin { user } if user.deleted => Inbound::Ignored("deactivated_user"),
        Event::TeamJoin { user } => Inbound::MemberJoined(MemberJoined {
            event_id,
            user: user.id,
        }),
        Event::AppHomeOpened { user, tab } => match tab.as_deref() {
            Some("home") | None => Inbound::HomeOpened(HomeOpened {
                event_id,
                team_id,
                user,
            }),
            Some(_) => Inbound::Ignored("home_messages_tab"),
        },
        Event::AssistantThreadStarted { assistant_thread } => {
            Inbound::AssistantStarted(assistant_thread.into_thread(event_id, team_id))
        }
        Event::AssistantThreadContextChanged { assistant_thread } => {
            Inbound::AssistantContext(assistant_thread.into_thread(event_id, team_id))
        }
        Event::FunctionExecuted(step) => Inbound::StepRun(step.into_run(event_id, team_id)),
        Event::Other => Inbound::Ignored("unknown_event"),
    })
}

/// The workspace an event is answered for (its `--team-dir` file, its log row): the
/// installation's, since in a Slack Connect channel the envelope's `team_id` can name the
/// asker's organisation, whose team file is not ours. An org-wide installation names no
/// workspace: the envelope's is taken only when it is in the installation's organisation,
/// else the organisation itself stands for it, so that no other tenant's people are named.
fn answering_workspace(
    auth: Option<&Authorization>,
    envelope_team: Option<String>,
    envelope_org: Option<String>,
) -> String {
    let given = |id: &Option<String>| id.clone().filter(|id| !id.is_empty());
    let Some(auth) = auth else {
        return envelope_team.unwrap_or_default();
    };
    if let Some(team) = given(&auth.team_id) {
        return team;
    }
    match given(&auth.enterprise_id) {
        Some(org) if given(&envelope_org).as_ref() == Some(&org) => envelope_team.unwrap_or(org),
        Some(org) => org,
        None => envelope_team.unwrap_or_default(),
    }
}

/// A message's text as a question: the bot's mention removed, as [`for_the_engine`] leaves
/// it (the message shortcut reads another person's message this way).
pub fn message_question(text: &str, bot: Option<&str>) -> String {
    question(text, bot)
}

/// The question in a message: the bot's mention removed (or, when we do not know our id,
/// a leading mention), then as [`for_the_engine`] leaves it.
fn question(text: &str, bot: Option<&str>) -> String {
    for_the_engine(&without_our_mention(text, bot))
}

/// A message's text as Slack sent it (still escaped), without the bot's mention and with
/// its whitespace collapsed.
fn without_our_mention(text: &str, bot: Option<&str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text.trim_start();
    let mut first = true;
    while let Some(start) = rest.find("<@") {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        let mention = &rest[start + 2..start + len];
        let id = mention.split('|').next().unwrap_or("");
        let ours = match bot {
            Some(bot) => id == bot,
            None => first && start == 0,
        };
        out.push_str(&rest[..start]);
        if !ours {
            out.push_str(&rest[start..=start + len]);
        }
        rest = &rest[start + len + 1..];
        first = false;
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Slack's `&amp;` undone, `&lt;` and `&gt;` kept: the engine reads Slack's `<...>` forms
/// before it undoes those two (mentions first, then escapes), so a bracket the person typed,
/// undone here, would read as a reference and its words be dropped ("who owns <pricing>?"
/// declined). `&amp;` stays undone so that an alias such as "R&D" still matches as written.
fn for_the_engine(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("&amp;") {
        out.push_str(&rest[..=at]);
        rest = &rest[at + "&amp;".len()..];
    }
    out.push_str(rest);
    out
}

/// Slack's three escapes, in one pass and one copy (for a thread title, read by people). An
/// escape that unescaping forms ("&amp;lt;" -> "&lt;") stays as it is.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (plain, escape) = [("<", "&lt;"), (">", "&gt;"), ("&", "&amp;")]
            .into_iter()
            .find(|(_, escape)| rest.starts_with(escape))
            .unwrap_or(("&", "&"));
        out.push_str(plain);
        rest = &rest[escape.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! fixture {
        ($name:literal) => {
            include_bytes!(concat!("../../tests/fixtures/", $name))
        };
    }

    #[test]
    fn for_the_engine_typed_brackets_stay_escaped_and_ampersands_are_undone_once() {
        assert_eq!(
            for_the_engine("a &lt;b&gt; &amp; c &amp;lt;"),
            "a &lt;b&gt; & c &lt;"
        );
        assert_eq!(for_the_engine("no escapes & &x;"), "no escapes & &x;");
    }

    #[test]
    fn slacks_escapes_are_undone_once_each() {
        assert_eq!(unescape("a &lt;b&gt; &amp; c"), "a <b> & c");
        assert_eq!(unescape("&amp;lt; &amp;amp; & &x; &"), "&lt; &amp; & &x; &");
        assert_eq!(unescape("no escapes"), "no escapes");
    }

    #[test]
    fn a_slash_command_form_becomes_a_command_with_decoded_text() {
        let Inbound::Command(command) = parse_command(fixture!("command.form")).unwrap() else {
            panic!("not a command");
        };
        assert_eq!(command.text, "who owns product strategy?");
        assert_eq!(command.user_id, "U2CERLKJA");
        assert_eq!(command.channel_id, "C2147483705");
    }

    #[test]
    fn the_ssl_check_probe_is_ignored() {
        assert_eq!(
            parse_command(fixture!("ssl_check.form")).unwrap(),
            Inbound::Ignored("ssl_check")
        );
    }

    #[test]
    fn a_form_without_a_command_or_with_a_repeated_field_is_an_error() {
        assert!(matches!(
            parse_command(b"text=hi"),
            Err(InboundError::MissingCommand)
        ));
        assert!(matches!(
            parse_command(br#"{"text":"hi"}"#),
            Err(InboundError::MissingCommand)
        ));
        assert!(matches!(
            parse_command(b"command=%2Fr&text=a&text=b"),
            Err(InboundError::RepeatedField("text"))
        ));
    }

    #[test]
    fn url_verification_carries_the_challenge() {
        assert_eq!(
            parse_event(fixture!("url_verification.json"), None).unwrap(),
            Inbound::UrlVerification {
                challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P".into()
            }
        );
    }

    #[test]
    fn a_mention_in_a_thread_answers_in_that_thread_without_the_bot_mention() {
        let Inbound::Mention(mention) =
            parse_event(fixture!("app_mention_in_thread.json"), None).unwrap()
        else {
            panic!("not a mention");
        };
        assert_eq!(mention.event_id, "Ev0MENTION2");
        assert_eq!(mention.thread_ts, "1700000000.000100");
        assert_eq!(mention.text, "who owns product strategy & vision?");
        assert_eq!(mention.channel, "C0CHANNEL");
    }

    #[test]
    fn a_top_level_mention_answers_in_a_thread_on_its_own_ts() {
        let Inbound::Mention(mention) = parse_event(fixture!("app_mention.json"), None).unwrap()
        else {
            panic!("not a mention");
        };
        assert_eq!(mention.thread_ts, "1700000000.000200");
        assert_eq!(mention.text, "who owns product strategy?");
    }

    #[test]
    fn a_direct_message_becomes_a_direct_message() {
        let Inbound::DirectMessage(dm) = parse_event(fixture!("message_im.json"), None).unwrap()
        else {
            panic!("not a DM");
        };
        assert_eq!(dm.channel, "D0DIRECT");
        assert_eq!(dm.text, "who owns product strategy?");
    }

    #[test]
    fn bot_messages_subtypes_and_our_own_messages_are_ignored() {
        let cases: [(&[u8], &str); 5] = [
            (fixture!("message_im_bot.json"), "from_a_bot"),
            (fixture!("message_im_changed.json"), "message_subtype"),
            (fixture!("message_im_own.json"), "from_a_bot"),
            (fixture!("app_mention_edited.json"), "edited"),
            (fixture!("app_mention_canvas.json"), "canvas_mention"),
        ];
        for (body, reason) in cases {
            assert_eq!(
                parse_event(body, None).unwrap(),
                Inbound::Ignored(reason),
                "{reason}"
            );
        }
    }

    #[test]
    fn our_own_id_from_auth_test_is_ignored_too() {
        let body = fixture!("message_im.json");
        assert_eq!(
            parse_event(body, Some("U0ASKER")).unwrap(),
            Inbound::Ignored("from_a_bot")
        );
    }

    #[test]
    fn team_join_reads_the_user_object() {
        assert_eq!(
            parse_event(fixture!("team_join.json"), None).unwrap(),
            Inbound::MemberJoined(MemberJoined {
                event_id: "Ev0JOIN".into(),
                user: "U0NEWBIE".into()
            })
        );
    }

    #[test]
    fn a_bot_joining_is_not_greeted() {
        let person = std::str::from_utf8(fixture!("team_join.json")).unwrap();
        let bot = person.replace("\"is_bot\":false", "\"is_bot\":true");
        assert_eq!(
            parse_event(bot.as_bytes(), None).unwrap(),
            Inbound::Ignored("bot_joined")
        );
    }

    #[test]
    fn a_deactivated_account_joining_is_not_greeted() {
        let person = std::str::from_utf8(fixture!("team_join.json")).unwrap();
        assert!(person.contains("\"deleted\":false"), "{person}");
        let deleted = person.replace("\"deleted\":false", "\"deleted\":true");
        assert_eq!(
            parse_event(deleted.as_bytes(), None).unwrap(),
            Inbound::Ignored("deactivated_user")
        );
    }

    #[test]
    fn slackbot_in_our_dm_is_not_answered() {
        let dm = std::str::from_utf8(fixture!("message_im.json")).unwrap();
        let user = serde_json::from_str::<serde_json::Value>(dm).unwrap()["event"]["user"]
            .as_str()
            .unwrap()
            .to_string();
        let from_slackbot = dm.replace(&format!("\"{user}\""), "\"USLACKBOT\"");
        assert_ne!(from_slackbot, dm);
        assert_eq!(
            parse_event(from_slackbot.as_bytes(), None).unwrap(),
            Inbound::Ignored("from_a_bot")
        );
    }

    #[test]
    fn opening_the_home_tab_is_home_opened() {
        assert_eq!(
            parse_event(fixture!("app_home_opened.json"), None).unwrap(),
            Inbound::HomeOpened(HomeOpened {
                event_id: "Ev0HOME".into(),
                team_id: "T0TEAM".into(),
                user: "U0ASKER".into()
            })
        );
    }

    #[test]
    fn slacks_rate_limit_notice_names_its_workspace() {
        let body = br#"{"token":"x","type":"app_rate_limited","team_id":"T0TEAM","minute_rate_limited":1518467820,"api_app_id":"A0APP"}"#;
        assert_eq!(
            parse_event(body, None).unwrap(),
            Inbound::EventsRateLimited {
                team_id: "T0TEAM".into()
            }
        );
    }

    #[test]
    fn parse_errors_lose_the_strings_they_quote_and_keep_the_rest() {
        assert_eq!(
            without_strings(r#"invalid type: string "a \"b\" c\\", expected u64 at line 1"#),
            "invalid type: a string, expected u64 at line 1"
        );
        assert_eq!(
            without_strings(r#"string "x" then string "y", expected a boolean"#),
            "a string then a string, expected a boolean"
        );
        assert_eq!(
            without_strings("missing field `type`"),
            "missing field `type`"
        );
        assert_eq!(without_strings(r#"string "never closed"#), "a string");
    }

    /// An org-wide installation's authorization names no workspace: the envelope's counts
    /// only when it is in the installation's organisation.
    #[test]
    fn an_org_wide_installation_answers_for_its_own_workspaces_only() {
        let home = |team: &str, org: &str| {
            let body = format!(
                r#"{{"type":"event_callback","event_id":"Ev1","team_id":"{team}","enterprise_id":{org},
                "authorizations":[{{"team_id":null,"enterprise_id":"E1","is_enterprise_install":true}}],
                "event":{{"type":"app_home_opened","user":"U1","tab":"home"}}}}"#
            );
            match parse_event(body.as_bytes(), None).unwrap() {
                Inbound::HomeOpened(opened) => opened.team_id,
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(
            home("TA", r#""E1""#),
            "TA",
            "a workspace of the organisation"
        );
        assert_eq!(
            home("TX", r#""E2""#),
            "E1",
            "another organisation's workspace"
        );
        assert_eq!(home("TX", "null"), "E1", "a workspace in no organisation");
    }

    #[test]
    fn an_event_naming_no_workspace_is_still_an_event() {
        let body = br#"{"type":"event_callback","event_id":"Ev1","team_id":null,"enterprise_id":"E1","event":{"type":"team_access_granted","team_ids":["T1"]}}"#;
        assert_eq!(
            parse_event(body, None).unwrap(),
            Inbound::Ignored("unknown_event")
        );
    }

    #[test]
    fn unknown_event_types_are_ignored_and_garbage_is_an_error() {
        assert_eq!(
            parse_event(fixture!("unknown_event.json"), None).unwrap(),
            Inbound::Ignored("unknown_event")
        );
        assert!(parse_event(b"{not json", None).is_err());
        assert!(parse_event(br#"{"type":"event_callback"}"#, None).is_err());
    }

    #[test]
    fn socket_mode_payloads_parse_like_their_http_bodies() {
        let json = |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).unwrap();
        let body = fixture!("app_mention.json");
        assert_eq!(
            parse_event_value(&json(body), None).unwrap(),
            parse_event(body, None).unwrap()
        );
        let fields: serde_json::Map<String, serde_json::Value> =
            serde_urlencoded::from_bytes::<Vec<(String, String)>>(fixture!("command.form"))
                .unwrap()
                .into_iter()
                .map(|(key, value)| (key, value.into()))
                .collect();
        assert_eq!(
            parse_command_value(&fields.into()).unwrap(),
            parse_command(fixture!("command.form")).unwrap()
        );
        assert!(matches!(
            parse_command_value(&serde_json::json!({"text": "hi"})),
            Err(InboundError::MissingCommand)
        ));
    }

    #[test]
    fn other_peoples_mentions_stay_in_the_question() {
        assert_eq!(
            question("<@UBOT|rolecall> does <@U1> own pricing?", Some("UBOT")),
            "does <@U1> own pricing?"
        );
    }
}
