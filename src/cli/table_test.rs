//! `rolecall test [--rules DIR]`: run the table's `tests.toml`, one line per failure and a
//! closing `N passed, N failed`; exit 1 when any case fails.

use super::{RulesArgs, fail};
use crate::answer::Engine;
use crate::rules::{self, cases};
use std::process::ExitCode;

const FILE: &str = "tests.toml";

pub fn run(args: RulesArgs) -> ExitCode {
    let rules = match args.load() {
        Ok(rules) => rules,
        Err(error) => return fail(&error),
    };
    let (file, text) = match &args.rules {
        Some(dir) => {
            let path = dir.join(FILE);
            match std::fs::read_to_string(&path) {
                Ok(text) => (path.display().to_string(), text),
                Err(error) => {
                    return fail(&format!("{}: cannot read: {error}", path.display()));
                }
            }
        }
        None => match rules::embedded_file(FILE) {
            Some(text) => (format!("responses/{FILE}"), text.to_string()),
            None => return fail(&format!("the embedded table has no {FILE}")),
        },
    };
    let cases = match cases::parse(&file, &text) {
        Ok(cases) => cases,
        Err(error) => return fail(&error),
    };
    let engine = Engine::new(rules);
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
