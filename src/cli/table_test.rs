//! `rolecall test [--rules DIR]`: run the table's `tests.toml`, one line per failure and a
//! closing `N passed, N failed`; exit 1 when any case fails. `tests.toml` is optional: a
//! table without one has nothing to run.

use super::{RulesArgs, fail};
use crate::rules::{self, Rules, cases};
use std::path::Path;
use std::process::ExitCode;

const FILE: &str = "tests.toml";

/// A table's test cases as read from its `tests.toml`, with the file's name for messages.
pub(super) struct TableCases {
    pub file: String,
    pub cases: Vec<cases::Case>,
}

/// The cases of the table in `dir` (the embedded table's without one): `Ok(None)` when the
/// directory has no `tests.toml`; an error that names the file when it cannot be read or
/// parsed, or names a topic or role the table does not have.
pub(super) fn read_cases(dir: Option<&Path>, rules: &Rules) -> Result<Option<TableCases>, String> {
    let (file, text) = match dir {
        Some(dir) => {
            let path = dir.join(FILE);
            match rules::read_text(&path) {
                Ok(text) => (path.display().to_string(), text),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(error) => return Err(format!("{}: cannot read: {error}", path.display())),
            }
        }
        None => match rules::embedded_file(FILE) {
            Some(text) => (format!("responses/{FILE}"), text.to_string()),
            None => return Ok(None),
        },
    };
    let cases = cases::parse(&file, &text).map_err(|error| error.to_string())?;
    let problems = cases::problems(&file, &cases, rules);
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    Ok(Some(TableCases { file, cases }))
}

pub fn run(args: RulesArgs) -> ExitCode {
    // A case that names a topic parked in topics/old/ is refused as "no topic of the table",
    // and one asked about it fails: the unread file is what explains either.
    super::warn_unread_topic_files(args.rules.as_deref());
    let engine = match super::load_engine(args.rules.as_deref()) {
        Ok(engine) => engine,
        Err(error) => return fail(&error),
    };
    let cases = match read_cases(args.rules.as_deref(), engine.rules()) {
        Ok(Some(found)) => found.cases,
        Ok(None) => {
            eprintln!("no {FILE} in this table: nothing to test (docs/writing-a-table.md, step 5)");
            Vec::new()
        }
        Err(error) => return fail(&error),
    };
    let mut failed = 0;
    for case in &cases {
        if let Some(why) = cases::judge(case, &engine.answer(&case.q)) {
            failed += 1;
            outln!("FAIL \"{}\": {why}", case.q);
        }
    }
    outln!("{} passed, {failed} failed", cases.len() - failed);
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
