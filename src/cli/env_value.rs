//! Parsing the command line so that a bad value taken from an environment variable is
//! named by that variable: clap names only the flag, and an operator who set
//! `ROLECALL_WATCH=maybe` in an env file never typed `--watch`.

use super::Cli;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser};

/// [`Cli::parse`], with a note naming the environment variable a refused value came from.
pub fn parse() -> Cli {
    Cli::try_parse().unwrap_or_else(|error| {
        // `args_os`: `args` panics on a word that is not UTF-8, the very word clap refused.
        let typed: Vec<String> = std::env::args_os()
            .skip(1)
            .map(|word| word.to_string_lossy().into_owned())
            .collect();
        if let Some(name) = variable_behind(&error, &typed, |name| std::env::var_os(name)) {
            // The note goes under clap's first line, before its pointer to --help.
            let rendered = error.render().to_string();
            let (first, rest) = rendered.split_once('\n').unwrap_or((&rendered, ""));
            eprintln!("{first}\n  (the value comes from the environment variable {name})");
            eprint!("{rest}");
            std::process::exit(error.exit_code());
        }
        error.exit()
    })
}

/// The variable behind a refused value: the flag was not typed, and its variable is set.
fn variable_behind(
    error: &clap::Error,
    typed: &[String],
    get: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Option<String> {
    if !matches!(
        error.kind(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation
    ) {
        return None;
    }
    // "--log-days <LOG_DAYS>" or "--watch".
    let Some(ContextValue::String(arg)) = error.get(ContextKind::InvalidArg) else {
        return None;
    };
    let long = arg.split_whitespace().next()?.strip_prefix("--")?;
    let flag = format!("--{long}");
    if typed
        .iter()
        .any(|word| word == &flag || word.starts_with(&format!("{flag}=")))
    {
        return None;
    }
    let cli = Cli::command();
    let name = cli
        .get_subcommands()
        .flat_map(|command| command.get_arguments())
        .filter(|argument| argument.get_long() == Some(long))
        .find_map(|argument| argument.get_env())?
        .to_str()?
        .to_string();
    get(&name).map(|_| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The variable named for `--log-days abc`, as if `typed` were the words on the
    /// command line and `set` the variables in the environment.
    fn named(typed: &[&str], set: &[&str]) -> Option<String> {
        let error = Cli::command()
            .try_get_matches_from(["rolecall", "serve", "--log-days", "abc"])
            .expect_err("abc is no number of days");
        let typed: Vec<String> = typed.iter().map(|word| word.to_string()).collect();
        variable_behind(&error, &typed, |name| {
            set.contains(&name).then(|| "abc".into())
        })
    }

    #[test]
    fn a_refused_value_from_the_environment_names_its_variable() {
        assert_eq!(
            named(&["serve"], &["ROLECALL_LOG_DAYS"]).as_deref(),
            Some("ROLECALL_LOG_DAYS")
        );
    }

    #[test]
    fn a_refused_value_typed_on_the_command_line_needs_no_note() {
        let set = ["ROLECALL_LOG_DAYS"];
        assert_eq!(named(&["serve", "--log-days", "abc"], &set), None);
        assert_eq!(named(&["serve", "--log-days=abc"], &set), None);
        assert_eq!(
            named(&["serve"], &[]),
            None,
            "nothing set: clap said it all"
        );
    }
}
