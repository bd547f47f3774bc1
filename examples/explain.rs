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
        println!("{question}\n{}", engine.explain(&question));
        println!(
            "=> {:?} {:.3}\n",
            answer.topics().iter().map(|t| &t.id).collect::<Vec<_>>(),
            answer.confidence
        );
    }
}
