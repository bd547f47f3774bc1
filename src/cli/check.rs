//! `rolecall check`: validate a rules table, naming file and entry for every problem.

use super::{fail, load_rules};
use crate::report::counted;
use crate::rules::{self, LoadError};
use crate::team::Team;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A rules directory (default: the embedded table).
    #[arg(long, env = "ROLECALL_RULES")]
    pub rules: Option<PathBuf>,
    /// Folder of source .txt files: check every quote stands in its source verbatim
    /// (default: the rules directory's sources/, if it has one).
    #[arg(long)]
    pub sources: Option<PathBuf>,
    /// A team file to validate (default: team.toml in the rules directory, if there is one).
    #[arg(long, env = "ROLECALL_TEAM")]
    pub team: Option<PathBuf>,
}

pub fn run(args: CheckArgs) -> ExitCode {
    // Said first, and whether or not the table loads: a field that is not read can be what
    // explains an error ("no sources" for sources written where TOML does not put them), and
    // so can a topic file that is not read ("no topic", or a test case naming a topic that
    // sits in topics/old/).
    for unread in args
        .rules
        .as_deref()
        .map(rules::unread_fields)
        .unwrap_or_default()
    {
        eprintln!("warning: {unread}");
    }
    super::warn_unread_topic_files(args.rules.as_deref());
    let rules = match load_rules(args.rules.as_deref()) {
        Ok(rules) => rules,
        Err(LoadError::Invalid(problems)) => return refused(&problems),
        // Loading stops at the first file that is not valid TOML; every other one is named
        // too, so one run of check shows all there is to fix.
        Err(error @ LoadError::Toml { .. }) => {
            let all = args
                .rules
                .as_deref()
                .map(rules::syntax_errors)
                .unwrap_or_default();
            if all.len() < 2 {
                return fail(&error);
            }
            return refused(&all);
        }
        Err(error) => return fail(&error),
    };
    // Role aliases that read as another role: serve refuses the table for them too.
    let engine = match crate::answer::Engine::checked(rules.clone()) {
        Ok(engine) => engine,
        Err(LoadError::Invalid(problems)) => return refused(&problems),
        Err(error) => return fail(&error),
    };
    // A table keeps its documents in its own sources/ (serve reads them there too), so a
    // check of the table is a check of its quotes without being asked.
    let sources = args.sources.clone().or_else(|| {
        args.rules
            .as_ref()
            .map(|dir| rules::in_any_case(dir, "sources"))
            .filter(|dir| dir.is_dir())
    });
    // A --sources that cannot be listed is one mistake, said once: read source by source,
    // it showed as every text of the table missing.
    if let Some(dir) = &args.sources
        && let Err(error) = std::fs::read_dir(dir)
    {
        return fail(&format!(
            "--sources {}: cannot read: {error}",
            dir.display()
        ));
    }
    if let Some(dir) = &sources {
        let problems = rules::check_quotes(&rules, dir);
        if !problems.is_empty() {
            return refused(&problems);
        }
    } else if let Some(dir) = &args.rules {
        // A table without its documents beside it passes with its quotes unread: said, so
        // "ok" is not taken for "every quote is in its document".
        eprintln!(
            "warning: quotes not checked: {} has no sources/ folder with the documents' texts \
             (put them there, or pass --sources DIR)",
            dir.display()
        );
    }
    let team_file = args.team.clone().or_else(|| {
        args.rules
            .as_ref()
            .map(|dir| dir.join("team.toml"))
            .filter(|path| path.exists())
    });
    if let Some(path) = &team_file {
        match Team::load(path, &rules) {
            Ok(team) if team.is_empty() => outln!("note: {} names nobody", path.display()),
            Ok(team) => {
                for (role, holder) in team.plain_holders() {
                    eprintln!(
                        "warning: {}: {role}: '{holder}' is shown as text and notifies nobody; \
                         write <@U123> with the person's member ID (in their Slack profile), \
                         <!subteam^S123> or #channel to link them",
                        path.display()
                    );
                }
            }
            Err(error) => return fail(&error),
        }
    }
    let cases = match super::table_test::read_cases(args.rules.as_deref(), &rules) {
        Ok(cases) => cases,
        Err(error) => return fail(&error),
    };
    // Weak but valid: said on stderr, and the check still passes.
    let warnings = rules::warnings(&rules)
        .into_iter()
        .chain(engine.warnings())
        .chain(engine.unanswered_aliases());
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    let quotes: usize = rules.topics.iter().map(|topic| topic.sources.len()).sum();
    outln!(
        "ok: {}, {}, {}{}",
        counted(rules.topics.len(), "topic", "topics"),
        counted(rules.sources.len(), "source", "sources"),
        counted(quotes, "quote", "quotes"),
        if sources.is_some() {
            " (all found verbatim)"
        } else {
            ""
        }
    );
    if let Some(path) = team_file {
        outln!("ok: team file {}", path.display());
    }
    if let Some(found) = cases {
        outln!("ok: {} with {} cases", found.file, found.cases.len());
    }
    ExitCode::SUCCESS
}

/// Names every problem on stderr, then how many: the table is refused.
fn refused(problems: &[impl std::fmt::Display]) -> ExitCode {
    for problem in problems {
        eprintln!("{problem}");
    }
    eprintln!("rolecall check: {} problem(s)", problems.len());
    ExitCode::FAILURE
}
