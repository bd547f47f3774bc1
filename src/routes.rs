//! The HTTP paths rolecall serves and the Slack events it subscribes to. The server, the app
//! manifest and the deploy files all read them from here, so they cannot drift apart.

pub const COMMANDS: &str = "/slack/commands";
pub const EVENTS: &str = "/slack/events";
pub const INTERACTIONS: &str = "/slack/interactions";
pub const HEALTHZ: &str = "/healthz";
pub const READYZ: &str = "/readyz";
pub const METRICS: &str = "/metrics";

/// Bot events the app subscribes to (manifest `bot_events`) and the server handles.
pub const SUBSCRIBED_EVENTS: [&str; 7] = [
    "app_mention",
    "message.im",
    "team_join",
    "app_home_opened",
    // The AI-app panel; its questions arrive as message.im in the panel's thread.
    "assistant_thread_started",
    "assistant_thread_context_changed",
    // A run of the "Find the owner" Workflow Builder step.
    "function_executed",
];

/// Bot token scopes those events and replies need, and no more.
pub const BOT_SCOPES: [&str; 7] = [
    "commands",
    "chat:write",
    "app_mentions:read",
    "im:history",
    "im:write",
    "users:read",
    // The AI-app panel: suggested prompts, status and title of its threads.
    "assistant:write",
];
