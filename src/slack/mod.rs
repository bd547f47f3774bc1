//! Slack's side of the wire: the request signature, inbound payloads, button clicks, and the
//! Web API and `response_url` clients. Nothing here knows about rules or answers.

pub mod dev_sink;
pub(crate) mod form;
pub mod inbound;
pub mod interactions;
pub mod outbound;
pub mod response_url;
pub(crate) mod retry;
pub mod rich_text;
pub mod shortcut;
pub mod signature;
pub mod simulate;
pub mod slot;
mod surface_calls;
pub mod surfaces;
pub mod web_api;
