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
    #[arg(long, value_parser = parse_user_id)]
    pub user: String,
    /// Only in this workspace (T...); default: every workspace in the log.
    #[arg(long, value_parser = parse_team_id)]
    pub team: Option<String>,
    #[command(flatten)]
    pub db: DbArgs,
}

pub fn run(args: ForgetArgs) -> ExitCode {
    if let Err(error) = crate::config::refuse_non_text(&[crate::question_log::HASH_KEY_ENV]) {
        return fail(&error);
    }
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
        let keyed = salt.with_key(key.as_ref());
        store.check_key(&keyed).await?;
        let salts = [keyed, salt.unkeyed()];
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
/// A person's id starts U or W: a swapped `--user T...` would delete nothing and say so
/// quietly, on what may be a deletion request.
fn parse_user_id(value: &str) -> Result<String, String> {
    let id = parse_slack_id(value, "U0123ABCD")?;
    if id.starts_with(['U', 'W']) {
        Ok(id)
    } else {
        Err(format!(
            "'{id}' is not a user id: those start with U or W (a workspace's start with T)"
        ))
    }
}

pub(super) fn parse_team_id(value: &str) -> Result<String, String> {
    let id = parse_slack_id(value, "T0123ABCD")?;
    if id.starts_with(['T', 'E']) {
        Ok(id)
    } else {
        Err(format!(
            "'{id}' is not a workspace id: those start with T (an organisation's with E)"
        ))
    }
}

/// `example`: an id of the kind asked for, so the error shows what to type.
fn parse_slack_id(value: &str, example: &str) -> Result<String, String> {
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
            "'{value}' is not a Slack id (uppercase letters and digits, like {example})"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_swapped_user_or_team_id_is_refused() {
        assert!(parse_user_id("U0123ABC").is_ok() && parse_user_id("W0123ABC").is_ok());
        assert!(
            parse_user_id("T0123ABC")
                .unwrap_err()
                .contains("not a user id")
        );
        assert!(parse_team_id("T0123ABC").is_ok() && parse_team_id("E0123ABC").is_ok());
        assert!(
            parse_team_id("U0123ABC")
                .unwrap_err()
                .contains("not a workspace id")
        );
    }

    #[test]
    fn slack_ids_are_uppercase_letters_and_digits() {
        assert_eq!(
            parse_slack_id("U0123ABC", "U0123ABCD"),
            Ok("U0123ABC".to_string())
        );
        for bad in ["", "u123", "U1 23", "U1';--", "<@U1>"] {
            assert!(parse_slack_id(bad, "U0123ABCD").is_err(), "{bad}");
        }
    }

    /// `--team bogus` was told "like U0123ABCD": a user id, the other flag's kind.
    #[test]
    fn a_malformed_id_is_shown_an_example_of_its_own_kind() {
        let team = parse_team_id("bogus").unwrap_err();
        assert!(team.contains("like T0123ABCD"), "{team}");
        let user = parse_user_id("bogus").unwrap_err();
        assert!(user.contains("like U0123ABCD"), "{user}");
    }
}
