//! `rolecall ask`: one question, or a batch on stdin (`-`), as text or JSON lines.

use super::{RulesArgs, TeamArgs, fail};
use crate::live::{Loaded, Sources};
use crate::reply;
use std::io::{BufRead, Write};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct AskArgs {
    /// The question; `-` reads one question per line from stdin.
    // Not `String`: a question that is not valid UTF-8 is still answered (read lossily),
    // as in a batch, rather than refused before the table is even loaded.
    pub question: std::ffi::OsString,
    /// One JSON object per answer (the contract in ../shared/eval/score.py --help).
    #[arg(long)]
    pub json: bool,
    /// After each answer, how the table read the question and why it answered or declined:
    /// each word as the table knows it, the nearest topics, what to add.
    #[arg(long, conflicts_with = "json")]
    pub explain: bool,
    #[command(flatten)]
    pub rules: RulesArgs,
    #[command(flatten)]
    pub team: TeamArgs,
}

pub fn run(args: AskArgs) -> ExitCode {
    let sources = Sources::new(args.rules.rules.clone(), args.team.team.clone());
    let loaded = match sources.load() {
        Ok(loaded) => loaded,
        Err(error) => return fail(&error),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = if args.question == "-" {
        // Byte lines, read lossily: one line that is not UTF-8 still gets its one answer
        // line, and the lines after it theirs (the batch contract of `--json`).
        std::io::stdin().lock().split(b'\n').try_for_each(|line| {
            let line = line.map_err(IoFailed::Stdin)?;
            let line = line.strip_suffix(b"\r").unwrap_or(&line);
            print_answer(&loaded, &String::from_utf8_lossy(line), &args, &mut out)
                .map_err(IoFailed::Stdout)
        })
    } else {
        print_answer(&loaded, &args.question.to_string_lossy(), &args, &mut out)
            .map_err(IoFailed::Stdout)
    };
    match result.and_then(|()| out.flush().map_err(IoFailed::Stdout)) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`| head`): nothing more to answer for.
        Err(IoFailed::Stdout(error)) if super::out::is_closed_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => fail(&error),
    }
}

/// Which end failed, so the message says so as the other commands' do ("No space left on
/// device" alone does not say it was stdout).
#[derive(Debug, thiserror::Error)]
enum IoFailed {
    #[error("cannot read stdin: {0}")]
    Stdin(std::io::Error),
    #[error("cannot write to stdout: {0}")]
    Stdout(std::io::Error),
}

fn print_answer(
    loaded: &Loaded,
    question: &str,
    args: &AskArgs,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let engine = &loaded.engine;
    let answer = engine.answer(question);
    if args.json {
        return writeln!(out, "{}", reply::to_json(&answer, engine.rules()));
    }
    let text = reply::to_terminal(&answer, engine.rules(), loaded.team());
    writeln!(out, "{text}\n")?;
    if args.explain {
        writeln!(out, "{}", engine.explain(question))?;
    }
    Ok(())
}
