//! How cost grows with the table (issue 17): answering, loading and indexing, and RSS after
//! load, at 100, 1,000 and 10,000 generated topics (`examples/big_table.rs`).
//!
//! `cargo bench --bench scale` (about a minute). `SCALE_SIZES=100,1000` picks sizes. RSS is
//! read from /proc/self/status in a fresh process per size (this binary run again with
//! `ROLECALL_RSS_PROBE=DIR`), with the server's allocator, after loading and indexing.

#[allow(dead_code)]
#[path = "../examples/big_table.rs"]
mod big_table;

use criterion::Criterion;
use rolecall::answer::Engine;
use rolecall::rules;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

// The server's allocator, so RSS and allocation costs are the server's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PROBE: &str = "ROLECALL_RSS_PROBE";

fn sizes() -> Vec<usize> {
    std::env::var("SCALE_SIZES")
        .ok()
        .map(|list| {
            list.split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect()
        })
        .unwrap_or_else(|| vec![100, 1_000, 10_000])
}

fn load(dir: &Path) -> Engine {
    Engine::new(rules::load_dir(dir).expect("the generated table is valid"))
}

/// Questions a person might type about the table's topics: reworded (not an alias verbatim),
/// spread over the whole table, plus two the bot declines. Answered round-robin so no one
/// question's path is all that is measured.
fn questions(engine: &Engine) -> Vec<String> {
    let topics = &engine.rules().topics;
    let step = (topics.len() / 48).max(1);
    let mut out: Vec<String> = topics
        .iter()
        .step_by(step)
        .map(|topic| {
            let words: Vec<&str> = topic.id.split('-').collect();
            format!(
                "hey, who is responsible for the {} {} here?",
                words[2], words[0]
            )
        })
        .collect();
    out.push("what's for lunch today?".into());
    out.push("who resets my laptop password?".into());
    out
}

fn vm_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn rss_probe(dir: &str) {
    let before = vm_rss_kib();
    let engine = load(Path::new(dir));
    let after = vm_rss_kib();
    black_box(&engine);
    println!("{before} {after}");
}

fn rss_in_fresh_process(dir: &Path) -> Option<(f64, f64)> {
    let output = std::process::Command::new(std::env::current_exe().ok()?)
        .env(PROBE, dir)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut fields = text.split_whitespace().map(|field| field.parse::<f64>());
    let before = fields.next()?.ok()?;
    let after = fields.next()?.ok()?;
    Some((before / 1024.0, after / 1024.0))
}

fn main() {
    if let Ok(dir) = std::env::var(PROBE) {
        rss_probe(&dir);
        return;
    }
    let root = tempfile::tempdir().expect("a temporary directory");
    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let mut rss = Vec::new();
    for size in sizes() {
        let dir = root.path().join(size.to_string());
        big_table::write_table(size, &dir).expect("writing the generated table");
        let engine = load(&dir);
        let questions = questions(&engine);
        let mut group = criterion.benchmark_group(format!("{size} topics"));
        group.bench_function("load and index", |b| b.iter(|| load(black_box(&dir))));
        let loaded = engine.rules().clone();
        group.bench_function("index only", |b| {
            b.iter(|| Engine::new(black_box(loaded.clone())))
        });
        let mut next = 0;
        group.bench_function("answer (round-robin)", |b| {
            b.iter(|| {
                next = (next + 1) % questions.len();
                engine.answer(black_box(&questions[next])).confidence
            })
        });
        group.finish();
        rss.push((size, rss_in_fresh_process(&dir)));
    }
    criterion.final_summary();
    println!("\nRSS after loading and indexing (fresh process, mimalloc):");
    println!("| topics | before load MiB | after load MiB |");
    println!("|--:|--:|--:|");
    for (size, figures) in rss {
        match figures {
            Some((before, after)) => println!("| {size} | {before:.1} | {after:.1} |"),
            None => println!("| {size} | ? | ? |"),
        }
    }
}
