//! `rolecall gaps`: what people asked that the rules table answered badly or not at all,
//! grouped by question, so a maintainer knows what to add to `responses/` next.

use super::fail;
use super::log_args::{DbArgs, Since, TeamArgs, parse_since};
use crate::report::{self, Gap, counted};
use crate::report_draft;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct GapsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub team: TeamArgs,
    /// How far back to look: a whole number and d, h or m (7d, 12h, 30m).
    #[arg(long, default_value = "7d", value_parser = parse_since)]
    pub since: Since,
    /// At most this many questions (1 or more).
    #[arg(long, default_value_t = 20, value_parser = at_least_one)]
    pub limit: usize,
    /// One JSON document instead of a table.
    #[arg(long)]
    pub json: bool,
    /// TOML `[[topic]]` skeletons for the declined questions, grouped by their words, to fill
    /// in and paste into topics/ (at most --limit of them); first, as comments, the declined
    /// questions whose askers picked a suggested topic, to add to that topic's aliases.
    #[arg(long, conflicts_with = "json")]
    pub draft: bool,
}

#[derive(Debug, Serialize)]
struct GapsReport<'a> {
    since: String,
    /// Unix seconds the window starts at.
    from: i64,
    /// `--team`: the one workspace reported on.
    #[serde(skip_serializing_if = "Option::is_none")]
    team: Option<&'a str>,
    /// Rows read from the log in the window.
    rows: usize,
    /// False when the misses were logged with `--log-text off`: no question text to show.
    has_text: bool,
    gaps: &'a [Gap],
}

pub fn run(args: GapsArgs) -> ExitCode {
    let from = args.since.from();
    let rows = match args.db.read_rows(args.since) {
        Ok(rows) => args.team.keep(rows),
        Err(error) => return fail(&error),
    };
    let mut gaps = report::gaps(&rows);
    if args.draft {
        out!("{}", draft(&gaps, args.since, args.limit));
        return ExitCode::SUCCESS;
    }
    gaps.truncate(args.limit);
    if args.json {
        let report = GapsReport {
            since: args.since.to_string(),
            from,
            team: args.team.team.as_deref(),
            rows: rows.len(),
            has_text: gaps.is_empty() || gaps.iter().any(|gap| !gap.question.is_empty()),
            gaps: &gaps,
        };
        match serde_json::to_string(&report) {
            Ok(json) => outln!("{json}"),
            Err(error) => return fail(&error),
        }
    } else {
        out!(
            "{}{}",
            args.team.heading(),
            table(&gaps, args.since, rows.len())
        );
    }
    ExitCode::SUCCESS
}

fn draft(gaps: &[Gap], since: Since, limit: usize) -> String {
    let declined: Vec<&Gap> = gaps.iter().filter(|gap| gap.declined > 0).collect();
    if declined.is_empty() {
        return format!("# No declined questions in the last {since}: nothing to draft.\n");
    }
    let picked = report_draft::picked(gaps);
    let mut drafts = report_draft::drafts(gaps);
    if drafts.is_empty() && picked.is_empty() {
        return format!(
            "# {} declined questions in the last {since}, but nothing to draft: the log was kept \
             with --log-text off, so it holds no question text.\n",
            declined.iter().map(|gap| gap.declined).sum::<u64>()
        );
    }
    drafts.truncate(limit);
    report_draft::to_toml(&picked, &drafts)
}

fn table(gaps: &[Gap], since: Since, rows: usize) -> String {
    let logged = counted(rows, "question", "questions");
    if !gaps.is_empty() && gaps.iter().all(|gap| gap.question.is_empty()) {
        let count: u64 = gaps.iter().map(|gap| gap.count).sum();
        return format!(
            "{count} declined or \"Not quite\" questions in the last {since} ({logged} logged), \
             but no question text to show: the log was kept with --log-text off \
             (topic, outcome, surface and time only). `rolecall stats` shows the counts by topic.\n"
        );
    }
    if gaps.is_empty() {
        return format!(
            "No declined or \"Not quite\" questions in the last {since} ({logged} logged).\n"
        );
    }
    let mut out = format!(
        "Questions answered badly or not at all, last {since} ({logged} logged)\n\n\
         {:>5} {:>8} {:>9} {:>6}  {:<28} {:>4}  QUESTION\n",
        "COUNT", "DECLINED", "NOT QUITE", "PICKED", "PICKED OR NEAREST TOPIC", "CONF"
    );
    for gap in gaps {
        out.push_str(&format!(
            "{:>5} {:>8} {:>9} {:>6}  {:<28} {:>4.2}  {}\n",
            gap.count,
            gap.declined,
            gap.not_quite,
            gap.picked,
            gap.topic.as_deref().unwrap_or("-"),
            gap.confidence,
            if gap.question.is_empty() {
                "(no text: logged with --log-text off)"
            } else {
                &gap.question
            }
        ));
    }
    out
}

fn at_least_one(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("'{value}' is not a whole number of 1 or more")),
    }
}
