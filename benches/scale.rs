//! How cost grows with the table (issue 17): answering, loading and indexing, and RSS after
//! load, at 100, 1,000 and 10,000 generated topics (`examples/big_table.rs`); indexing with
//! 200 roles of 50 aliases each; and the peak memory of checking quotes against a 32 MiB
//! source text.
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
/// Set to a table folder: print the peak RSS (KiB) of loading it and checking its quotes.
const QUOTE_PROBE: &str = "ROLECALL_QUOTE_PROBE";
/// The source text the quote probe checks against.
const BIG_SOURCE: usize = 32 << 20;

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

/// A `/proc/self/status` figure in KiB (`VmRSS`, now; `VmHWM`, the peak so far).
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn rss_probe(dir: &str) {
    let before = status_kib("VmRSS");
    let engine = load(Path::new(dir));
    let after = status_kib("VmRSS");
    black_box(&engine);
    println!("{before} {after}");
}

/// Start and reload read each source text whole to check the quotes: what that costs at
/// its peak, against the text's size.
fn quote_probe(dir: &str) {
    let rules = rules::load_dir(Path::new(dir)).expect("the probe table is valid");
    let problems = rules::check_quotes(&rules, &Path::new(dir).join("sources"));
    assert!(problems.is_empty(), "{problems:?}");
    println!("{}", status_kib("VmHWM"));
}

/// One topic quoting the first sentence of a [`BIG_SOURCE`]-byte text.
fn write_quote_table(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("topics"))?;
    std::fs::create_dir_all(dir.join("sources"))?;
    std::fs::write(
        dir.join("roles.toml"),
        "[[role]]\nid = \"gardener\"\nname = \"Gardener\"\naliases = [\"gardener\"]\n",
    )?;
    std::fs::write(
        dir.join("sources.toml"),
        "[[source]]\nid = \"house\"\ntitle = \"House rules\"\nauthor = \"Me\"\n",
    )?;
    std::fs::write(
        dir.join("topics/garden.toml"),
        "[[topic]]\nid = \"roses\"\ntitle = \"Watering the roses\"\nowner = \"gardener\"\n\
         answer = \"The gardener waters the roses.\"\n\
         aliases = [\"watering roses\", \"rose watering\", \"water the roses\"]\n\
         [[topic.sources]]\nsource = \"house\"\nquote = \"The gardener waters the roses.\"\n",
    )?;
    let filler = "a long handbook says much about many things. ";
    std::fs::write(
        dir.join("sources/house.txt"),
        format!(
            "The gardener waters the roses. {}",
            filler.repeat(BIG_SOURCE / filler.len())
        ),
    )
}

/// The generated table's rules with 200 roles of 50 aliases each (its own four kept, so
/// its owners stay valid): every word of the table's texts is read against role phrases.
fn with_many_roles(rules: &rules::Rules) -> rules::Rules {
    let mut roles = rules.roles.clone();
    roles.extend((0..196).map(|role| {
        rules::Role {
            id: format!("keeper_{role}"),
            name: format!("Keeper {role}"),
            aliases: (0..50)
                .map(|alias| format!("keeper{role} of records{alias}"))
                .collect(),
            about: None,
        }
    }));
    rules.clone().with_roles(roles)
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
    if let Ok(dir) = std::env::var(QUOTE_PROBE) {
        quote_probe(&dir);
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
        let many_roles = with_many_roles(&loaded);
        group.bench_function("index only, 200 roles of 50 aliases", |b| {
            b.iter(|| Engine::new(black_box(many_roles.clone())))
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
    let quotes = root.path().join("quotes");
    write_quote_table(&quotes).expect("writing the quote table");
    let peak = std::process::Command::new(std::env::current_exe().expect("this binary"))
        .env(QUOTE_PROBE, &quotes)
        .output()
        .ok()
        .and_then(|output| {
            String::from_utf8_lossy(&output.stdout)
                .trim()
                .parse::<f64>()
                .ok()
        });
    match peak {
        Some(kib) => println!(
            "\nPeak RSS loading a table and checking its quotes against a {} MiB source: {:.0} MiB ({:.1}x the text)",
            BIG_SOURCE >> 20,
            kib / 1024.0,
            kib * 1024.0 / BIG_SOURCE as f64
        ),
        None => println!("\nPeak RSS of the quote check: ?"),
    }
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
