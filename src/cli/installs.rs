//! `rolecall installs`: the workspaces rolecall is installed in (multi-workspace mode), when,
//! with which scopes, and when each bot token expires. Never a token: the listing reads only
//! the columns that hold none, and needs no ROLECALL_TOKEN_KEY.

use super::fail;
use super::log_args::DbArgs;
use crate::install::Summary;
use crate::install::store::InstallStore;
use serde::Serialize;
use std::fmt::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct InstallsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// One JSON document instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
struct Listed<'a> {
    workspace: &'a str,
    name: &'a str,
    org_wide: bool,
    installed_at: String,
    scopes: Vec<&'a str>,
    token_expires_at: Option<String>,
}

pub fn run(args: InstallsArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(&error),
    };
    let summaries = match runtime.block_on(InstallStore::summaries(&args.db.db)) {
        Ok(summaries) => summaries,
        Err(error) => return fail(&format!("cannot read the installations: {error}")),
    };
    let listed: Vec<Listed<'_>> = summaries.iter().map(listed).collect();
    if args.json {
        match serde_json::to_string(&listed) {
            Ok(json) => outln!("{json}"),
            Err(error) => return fail(&error),
        }
    } else {
        out!("{}", table(&listed));
    }
    ExitCode::SUCCESS
}

fn listed(summary: &Summary) -> Listed<'_> {
    Listed {
        workspace: &summary.key,
        name: &summary.name,
        org_wide: summary.is_enterprise_install,
        installed_at: utc(summary.installed_at),
        scopes: summary
            .scopes
            .split(',')
            .filter(|s| !s.is_empty())
            .collect(),
        token_expires_at: summary.token_expires_at.map(utc),
    }
}

fn table(listed: &[Listed<'_>]) -> String {
    if listed.is_empty() {
        return "No installations yet: open PUBLIC_URL/slack/install to add rolecall to a workspace.\n"
            .to_string();
    }
    let mut out = format!(
        "{:<12} {:<24} {:<8} {:<20} {:<20} SCOPES\n",
        "WORKSPACE", "NAME", "ORG-WIDE", "INSTALLED (UTC)", "TOKEN EXPIRES (UTC)"
    );
    for row in listed {
        let _ = writeln!(
            out,
            "{:<12} {:<24} {:<8} {:<20} {:<20} {}",
            row.workspace,
            row.name,
            if row.org_wide { "yes" } else { "no" },
            row.installed_at,
            row.token_expires_at.as_deref().unwrap_or("never"),
            row.scopes.join(",")
        );
    }
    out
}

/// Unix seconds as `YYYY-MM-DD HH:MM` UTC (civil-from-days, Howard Hinnant's algorithm).
fn utc(unix: i64) -> String {
    let (days, seconds) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}",
        seconds / 3_600,
        seconds % 3_600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times_print_as_utc_dates() {
        for (unix, shown) in [
            (0, "1970-01-01 00:00"),
            (951_782_400, "2000-02-29 00:00"),
            (1_760_000_000, "2025-10-09 08:53"),
        ] {
            assert_eq!(utc(unix), shown, "{unix}");
        }
    }
}
