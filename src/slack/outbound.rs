//! The one way rolecall builds an HTTP client for calling Slack (Web API, `response_url`,
//! OAuth, Socket Mode's `apps.connections.open`), so every such call is held to the same
//! rules.

use std::time::Duration;

/// A connection Slack has not accepted by then will not be: the retry gets a fresh one.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// A whole request, answer read.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// A client that never follows a redirect (each call carries a token, the client secret or
/// a `response_url` from a payload, none of which may be sent on elsewhere), names itself to
/// Slack, and gives up on a connection after 3 s and on a request after 10 s.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("rolecall/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("a client with rustls and timeouts builds")
}
