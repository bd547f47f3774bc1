//! The question log's cost per question (issue 5: logging on must stay within 10 % of off).
//! `cargo bench --bench log`: building one row on the request path, and the writer's
//! SQLite transaction per batch (per row = that / 1,000).

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use rolecall::answer::Engine;
use rolecall::question_log::{LogRow, LogStore, Surface, Write};
use rolecall::rules;
use std::hint::black_box;

const BATCH: usize = 1000;

fn row_for_an_answer(c: &mut Criterion) {
    let engine = Engine::new(rules::embedded().expect("embedded table is valid"));
    let answer = engine.answer("who owns sprint planning?");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db").display().to_string();
    let (_, salt) = runtime.block_on(LogStore::open(&path)).expect("open");
    c.bench_function("log row for an answer (hash, normalise, id)", |b| {
        b.iter(|| {
            let user = salt.hash("T0001", "U2147483697");
            LogRow::from_answer(Surface::Slash, black_box("T0001"), user, black_box(&answer))
        })
    });
}

fn sqlite_batch(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db").display().to_string();
    let (store, salt) = runtime.block_on(LogStore::open(&path)).expect("open");
    let engine = Engine::new(rules::embedded().expect("embedded table is valid"));
    let answer = engine.answer("who owns sprint planning?");
    let batch = || -> Vec<Write> {
        (0..BATCH)
            .map(|n| {
                let user = salt.hash("T0001", &format!("U{n}"));
                Write::Row(LogRow::from_answer(Surface::Slash, "T0001", user, &answer))
            })
            .collect()
    };
    c.bench_function("sqlite: write a batch of 1,000 rows", |b| {
        b.iter_batched(
            batch,
            |writes| runtime.block_on(store.write(writes)).expect("written"),
            BatchSize::PerIteration,
        )
    });
}

criterion_group!(benches, row_for_an_answer, sqlite_batch);
criterion_main!(benches);
