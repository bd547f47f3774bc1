//! `rolecall stats`: how rolecall is used: answers by surface, owner and topic, decline and
//! helpful rates, busiest hours.

use super::log_args::{DbArgs, Since, TeamArgs, parse_since};
use super::{RulesArgs, fail};
use crate::report::{self, Stats};
use serde::Serialize;
use std::fmt::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub team: TeamArgs,
    /// How far back to look: a whole number and d, h or m (30d, 12h, 30m).
    #[arg(long, default_value = "30d", value_parser = parse_since)]
    pub since: Since,
    /// One JSON document instead of a table.
    #[arg(long)]
    pub json: bool,
    /// The rules table that says who owns each logged topic.
    #[command(flatten)]
    pub rules: RulesArgs,
}

#[derive(Debug, Serialize)]
struct StatsReport<'a> {
    since: String,
    /// Unix seconds the window starts at.
    from: i64,
    /// `--team`: the one workspace reported on.
    #[serde(skip_serializing_if = "Option::is_none")]
    team: Option<&'a str>,
    #[serde(flatten)]
    stats: &'a Stats,
}

pub fn run(args: StatsArgs) -> ExitCode {
    let rules = match args.rules.load() {
        Ok(rules) => rules,
        Err(error) => return fail(&error),
    };
    let from = args.since.from();
    let rows = match args.db.read_rows(args.since) {
        Ok(rows) => args.team.keep(rows),
        Err(error) => return fail(&error),
    };
    let owner_of = |id: &str| {
        rules
            .topics
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.owner.clone())
    };
    let stats = report::stats(&rows, owner_of);
    if stats
        .by_owner
        .iter()
        .any(|count| count.name == report::UNKNOWN_OWNER)
    {
        // The log keeps topic ids; their owners come from the table given here.
        eprintln!(
            "note: \"{}\" counts answers from topics this table does not have: pass --rules DIR \
             (or set ROLECALL_RULES) for the table the server answers from",
            report::UNKNOWN_OWNER
        );
    }
    if args.json {
        let report = StatsReport {
            since: args.since.to_string(),
            from,
            team: args.team.team.as_deref(),
            stats: &stats,
        };
        match serde_json::to_string(&report) {
            Ok(json) => outln!("{json}"),
            Err(error) => return fail(&error),
        }
    } else {
        out!("{}{}", args.team.heading(), table(&stats, args.since));
    }
    ExitCode::SUCCESS
}

fn table(stats: &Stats, since: Since) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_table(&mut out, stats, since);
    out
}

fn write_table(out: &mut String, stats: &Stats, since: Since) -> std::fmt::Result {
    writeln!(
        out,
        "Last {since}: {} asked, {} answered, {} declined (decline rate {})",
        stats.asked,
        stats.answered,
        stats.declined,
        percent(stats.decline_rate)
    )?;
    writeln!(
        out,
        "Feedback: {} helpful, {} not quite (helpful rate {}); {} declined then picked a suggestion",
        stats.helpful,
        stats.not_quite,
        percent(stats.helpful_rate),
        stats.picked
    )?;
    writeln!(
        out,
        "\n{:<32} {:>7} {:>9}",
        "BY SURFACE", "ASKED", "ANSWERED"
    )?;
    for s in &stats.by_surface {
        writeln!(
            out,
            "  {:<30} {:>7} {:>9}",
            s.surface.as_str(),
            s.asked,
            s.answered
        )?;
    }
    writeln!(out, "\n{:<32} {:>7}", "ANSWERS BY OWNER", "COUNT")?;
    for c in &stats.by_owner {
        writeln!(out, "  {:<30} {:>7}", c.name, c.count)?;
    }
    writeln!(out, "\n{:<32} {:>7}", "ANSWERS BY TOPIC", "COUNT")?;
    for c in &stats.by_topic {
        writeln!(out, "  {:<30} {:>7}", c.name, c.count)?;
    }
    writeln!(out, "\n{:<32} {:>7}", "BUSIEST HOURS (UTC)", "ASKED")?;
    for h in &stats.busiest_hours {
        let hours = format!("{:02}:00-{:02}:00", h.hour, (h.hour + 1) % 24);
        writeln!(out, "  {hours:<30} {:>7}", h.count)?;
    }
    Ok(())
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "n/a".to_string(), |r| format!("{:.1}%", r * 100.0))
}
