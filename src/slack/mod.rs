//! Slack's side of the wire: the request signature, inbound payloads, and the Web API
//! client. Nothing here knows about rules or answers.

pub mod dev_sink;
mod form;
pub mod inbound;
pub mod signature;
pub mod simulate;
pub mod web_api;
