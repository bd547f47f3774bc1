//! How the matcher reads and scores questions, for whoever tunes `responses/`:
//! `cargo run --example explain -- "who owns pricing?" ...` (env `ROLECALL_RULES` picks a
//! rules directory; the embedded table otherwise).

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
