//! Answering speed and table load time. `cargo bench --bench answer`.
//! `ROLECALL_RULES=DIR` measures answering against another table (the load benchmark always
//! uses the embedded one, and the start-up one is the snapshot `serve` and `ask` read).

use criterion::{Criterion, criterion_group, criterion_main};
use rolecall::answer::Engine;
use rolecall::live::Sources;
use rolecall::rules;
use std::hint::black_box;

fn table() -> rules::Rules {
    match std::env::var_os("ROLECALL_RULES") {
        Some(dir) => rules::load_dir(std::path::Path::new(&dir)).expect("ROLECALL_RULES is valid"),
        None => rules::embedded().expect("embedded table is valid"),
    }
}

fn load_embedded_table(c: &mut Criterion) {
    c.bench_function("load embedded table and build index", |b| {
        b.iter(|| Engine::new(rules::embedded().expect("embedded table is valid")))
    });
    let loaded = table();
    c.bench_function("build index only", |b| {
        b.iter(|| Engine::new(black_box(loaded.clone())))
    });
    // What `serve` and `ask` do at start with the embedded table: read back the snapshot
    // build.rs made of the two steps above.
    let embedded = Sources::new(None, None);
    c.bench_function("embedded table from its build-time snapshot", |b| {
        b.iter(|| embedded.load().expect("the embedded table loads"))
    });
}

fn answer_questions(c: &mut Criterion) {
    let engine = Engine::new(table());
    let questions = [
        "who owns sprint planning?",
        "is the roadmap a PM or a PO thing?",
        "what's the difference between a product manager and a product owner?",
        "who owns the roadmap and who writes user stories?",
        "who sets the pricng",
        "what's for lunch today?",
        "<@U0BOT> Customers are sending loads of feedback :pray:, who owns that?",
    ];
    for question in questions {
        c.bench_function(&format!("answer: {question}"), |b| {
            b.iter(|| engine.answer(black_box(question)).confidence)
        });
    }
    // What a signed client may send (the body limit is 1 MiB): only its opening is read.
    let pasted = "who owns the roadmap, ".repeat(12_000);
    c.bench_function("answer: a pasted 264 KB message", |b| {
        b.iter(|| engine.answer(black_box(&pasted)).confidence)
    });
}

criterion_group!(benches, load_embedded_table, answer_questions);
criterion_main!(benches);
