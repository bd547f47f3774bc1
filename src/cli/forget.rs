//! `rolecall forget --user U123 [--team T123]`: deletes one person's questions and their
//! feedback from the question log, when they ask for it. Hashes the id exactly as the log
//! does (with `ROLECALL_HASH_KEY` when set) and also the unkeyed way, so rows logged before
//! the key was set go too. Running it again deletes nothing more.

use super::fail;
use super::log_args::DbArgs;
use crate::question_log::{HashKey, LogError, LogStore};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ForgetArgs {
    /// The Slack user id to forget (U... or W...), as shown in their Slack profile.
    #[arg(long, value_parser = parse_slack_id)]
    pub user: String,
    /// Only in this workspace (T...); default: every workspace in the log.
    #[arg(long, value_parser = parse_slack_id)]
    pub team: Option<String>,
    #[command(flatten)]
    pub db: DbArgs,
}

pub fn run(args: ForgetArgs) -> ExitCode {
    let key = match HashKey::from_env() {
        Ok(key) => key,
        Err(error) => return fail(&error),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(&error),
    };
    let deleted = runtime.block_on(async {
        let (store, salt) = LogStore::open_existing(&args.db.db).await?;
        let salts = [salt.with_key(key.as_ref()), salt.unkeyed()];
        let deleted = store
            .forget(&args.user, args.team.as_deref(), &salts)
            .await?;
        Ok::<_, LogError>((deleted, store.kind()))
    });
    match deleted {
        Ok((deleted, kind)) => {
            let scope = match &args.team {
                Some(team) => format!("in workspace {team}"),
                None => "in every workspace".to_string(),
            };
            outln!(
                "forgot {}: deleted {deleted} row{} (questions and their feedback) {scope} from the {kind} log",
                args.user,
                if deleted == 1 { "" } else { "s" },
            );
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

/// Slack ids are uppercase letters and digits; anything else is a typo, not a person.
fn parse_slack_id(value: &str) -> Result<String, String> {
    let value = value.trim();
    if !value.is_empty()
        && value.len() <= 32
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        Ok(value.to_string())
    } else {
        Err(format!(
            "'{value}' is not a Slack id (uppercase letters and digits, like U0123ABCD)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slack_ids_are_uppercase_letters_and_digits() {
        assert_eq!(parse_slack_id("U0123ABC"), Ok("U0123ABC".to_string()));
        for bad in ["", "u123", "U1 23", "U1';--", "<@U1>"] {
            assert!(parse_slack_id(bad).is_err(), "{bad}");
        }
    }
}
