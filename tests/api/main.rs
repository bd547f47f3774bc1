//! The service driven over real HTTP on 127.0.0.1, exactly as Slack drives it, with Slack's
//! Web API played by wiremock.

mod assistant;
mod commands;
mod events;
mod helpers;
mod home;
mod interactions;
mod logs;
mod reload;
mod reload_binary;
mod server;
mod shortcut;
mod signature;
mod step;
mod web_api;
