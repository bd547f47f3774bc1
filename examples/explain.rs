//! How the matcher reads and scores questions, for whoever tunes `responses/`:
//! `cargo run --example explain -- "who owns pricing?" ...` (env `ROLECALL_RULES` picks a
//! rules directory; the embedded table otherwise). With no question it lists the aliases
//! that read the same for two topics.

use rolecall::answer::Engine;
use rolecall::rules;

fn main() {
    let loaded = match std::env::var_os("ROLECALL_RULES") {
        Some(dir) => rules::load_dir(std::path::Path::new(&dir)),
        None => rules::embedded(),
    };
    let engine = match loaded {
        Ok(table) => Engine::new(table),
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    };
    // `--time`: how long loading and indexing take (build with --release to mean anything).
    if std::env::args().nth(1).as_deref() == Some("--time") {
        let rounds = 50;
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(rules::embedded().expect("embedded table is valid"));
        }
        let load = start.elapsed() / rounds;
        let table = rules::embedded().expect("embedded table is valid");
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(Engine::new(table.clone()));
        }
        println!("load {load:?}, index {:?}", start.elapsed() / rounds);
        return;
    }
    // With no question: list aliases that two topics share once analysed.
    if std::env::args().len() == 1 {
        for clash in engine.alias_clashes() {
            println!(
                "clash: {} '{}' reads like {} '{}'",
                clash.topic, clash.alias, clash.other, clash.other_alias
            );
        }
    }
    for question in std::env::args().skip(1) {
        let answer = engine.answer(&question);
        println!("{question}\n{}", engine.explain_for_tuning(&question));
        let declined = match &answer.outcome {
            rolecall::answer::Outcome::Declined { reason, .. } => format!(" declined: {reason:?}"),
            rolecall::answer::Outcome::Answered { .. } => String::new(),
        };
        println!(
            "=> {:?} {:.3}{declined}\n",
            answer.topics().iter().map(|t| &t.id).collect::<Vec<_>>(),
            answer.confidence
        );
    }
}
