//! A synthetic rules table of N topics, for measuring how cost grows with the table (issue 17).
//!
//! `cargo run --release --example big_table -- N DIR` writes DIR/roles.toml, sources.toml,
//! synonyms.toml, messages.toml, topics/*.toml and DIR/sources/*.txt. Words are recombined
//! from the embedded table (titles, aliases, answers), so stems, stop words and word lengths
//! look like a real table's; every quote is a verbatim sentence of a generated source text,
//! so `rolecall check --rules DIR --sources DIR/sources` passes. Deterministic: the same N
//! gives the same table.

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::Path;

const TOPICS_PER_FILE: usize = 100;
const TOPICS_PER_SOURCE: usize = 500;
/// The default table's roles (their ids are valid in format versions 1 and 2).
const ROLES: [(&str, &str, &[&str]); 4] = [
    (
        "product_manager",
        "Product manager",
        &["PM", "product manager", "product management"],
    ),
    ("product_owner", "Product owner", &["PO", "product owner"]),
    ("project_manager", "Project manager", &["project manager"]),
    ("scrum_master", "Scrum Master", &["scrum master", "SM"]),
];

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(count), Some(dir)) = (args.next(), args.next()) else {
        eprintln!("usage: big_table N DIR");
        std::process::exit(2);
    };
    let count: usize = count.parse().expect("N is a number of topics");
    let dir = Path::new(&dir);
    write_table(count, dir).expect("writing the table");
    println!("wrote {count} topics to {}", dir.display());
}

/// Splitmix64: a fixed seed, no dependency, good enough to shuffle words.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick<'a>(&mut self, words: &'a [String]) -> &'a str {
        &words[(self.next() % words.len() as u64) as usize]
    }
}

/// Content words of the embedded table: lower-case, alphabetic, four letters or more, one
/// per four-letter prefix so two generated topics never share an analysed key word by accident.
fn vocabulary() -> Vec<String> {
    let rules = rolecall::rules::embedded().expect("embedded table is valid");
    let role_words: HashSet<&str> = [
        "product",
        "manager",
        "owner",
        "project",
        "scrum",
        "master",
        "management",
    ]
    .into_iter()
    .collect();
    // Words the table's synonyms rewrite ("price" -> "pricing") would read as another word.
    let rewritten: HashSet<String> = rules
        .synonyms
        .expand
        .iter()
        .flat_map(|(phrase, words)| phrase.split(' ').chain(words.split(' ')))
        .map(str::to_string)
        .collect();
    let mut stems = HashSet::new();
    let mut words = BTreeSet::new();
    for topic in &rules.topics {
        let texts = std::iter::once(topic.title.as_str())
            .chain(std::iter::once(topic.answer.as_str()))
            .chain(topic.aliases.iter().map(String::as_str));
        for text in texts {
            for word in text.split(|c: char| !c.is_ascii_alphabetic()) {
                let word = word.to_ascii_lowercase();
                if word.len() < 5
                    || role_words.contains(word.as_str())
                    || STOP.contains(&word.as_str())
                    || rewritten.contains(&word)
                {
                    continue;
                }
                let stem: String = word.chars().take(4).collect();
                if stems.insert(stem) {
                    words.insert(word);
                }
            }
        }
    }
    words.into_iter().collect()
}

/// Frequent words that carry no topic (the engine drops them anyway).
const STOP: &[&str] = &[
    "about",
    "which",
    "their",
    "there",
    "these",
    "those",
    "would",
    "could",
    "should",
    "where",
    "while",
    "other",
    "every",
    "after",
    "before",
    "between",
    "through",
    "being",
    "doing",
    "having",
    "normally",
    "responsibility",
    "someone",
    "deals",
    "actually",
    "tasks",
    "roles",
    "among",
    "usually",
    "handles",
    "owns",
    "owner",
    "responsible",
    "charge",
];

struct Generated {
    id: String,
    title: String,
    owner: &'static str,
    answer: String,
    aliases: Vec<String>,
    related: Vec<String>,
    source: usize,
    quote: String,
}

pub fn write_table(count: usize, dir: &Path) -> std::io::Result<()> {
    let words = vocabulary();
    let mut rng = Rng(0x5EED_0017);
    let mut keys = HashSet::new();
    let mut topics = Vec::with_capacity(count);
    for index in 0..count {
        // Three distinct key words per topic, never the same set twice.
        let key = loop {
            let mut key = [rng.pick(&words), rng.pick(&words), rng.pick(&words)];
            key.sort_unstable();
            if key[0] != key[1] && key[1] != key[2] && keys.insert(key) {
                break key;
            }
        };
        let [a, b, c] = key;
        let role = index % (ROLES.len() + 1);
        let (owner, role_name) = match ROLES.get(role) {
            Some((id, name, _)) => (*id, name.to_lowercase()),
            None => ("info", "team".to_string()),
        };
        let extra = rng.pick(&words);
        let quote = format!(
            "In most teams the {role_name} looks after {a} and {b}, because {c} needs one person who decides and keeps the {extra} in view."
        );
        topics.push(Generated {
            id: format!("{a}-{b}-{c}"),
            title: format!("{} {b} {c}", capitalise(a)),
            owner,
            answer: format!(
                "The *{role_name}* owns {a} {b} {c}: they decide how {b} is handled, keep {c} moving and answer for {a} when {extra} comes up."
            ),
            aliases: vec![
                format!("who owns {a} {b} {c}"),
                format!("who handles {c} for {a} {b}"),
                format!("{a} {b} {c} owner"),
            ],
            related: Vec::new(),
            source: index / TOPICS_PER_SOURCE,
            quote,
        });
    }
    for index in 1..topics.len() {
        if index % 3 == 0 {
            let previous = topics[index - 1].id.clone();
            topics[index].related.push(previous);
        }
    }

    std::fs::create_dir_all(dir.join("topics"))?;
    std::fs::create_dir_all(dir.join("sources"))?;
    std::fs::write(dir.join("roles.toml"), roles_toml())?;
    std::fs::write(dir.join("synonyms.toml"), synonyms_toml())?;
    std::fs::write(
        dir.join("messages.toml"),
        include_str!("../responses/messages.toml"),
    )?;
    let sources = count.div_ceil(TOPICS_PER_SOURCE).max(1);
    let mut sources_toml = String::from("# Generated by `cargo run --example big_table`.\n");
    for source in 0..sources {
        let _ = write!(
            sources_toml,
            "\n[[source]]\nid = \"gen_{source:03}\"\ntitle = \"Generated handbook, part {}\"\nauthor = \"big_table\"\n",
            source + 1
        );
        // The source text: every quote of its topics, with filler between them, so a quote
        // check has to search a document rather than match it whole.
        let mut text = format!("Generated handbook, part {}\n\n", source + 1);
        for topic in topics.iter().filter(|topic| topic.source == source) {
            let _ = writeln!(
                text,
                "{} This paragraph is about {}. Teams differ, and the handbook says so where it matters.\n",
                topic.quote,
                topic.title.to_lowercase(),
            );
        }
        std::fs::write(
            dir.join("sources").join(format!("gen_{source:03}.txt")),
            text,
        )?;
    }
    std::fs::write(dir.join("sources.toml"), sources_toml)?;
    for (file, chunk) in topics.chunks(TOPICS_PER_FILE).enumerate() {
        let mut out = String::from("# Generated by `cargo run --example big_table`.\n");
        for topic in chunk {
            let _ = write!(
                out,
                "\n[[topic]]\nid = {}\ntitle = {}\nowner = {}\nanswer = {}\naliases = [{}]\nrelated = [{}]\n\n[[topic.sources]]\nsource = \"gen_{:03}\"\nquote = {}\n",
                q(&topic.id),
                q(&topic.title),
                q(topic.owner),
                q(&topic.answer),
                list(&topic.aliases),
                list(&topic.related),
                topic.source,
                q(&topic.quote),
            );
        }
        std::fs::write(dir.join("topics").join(format!("t{file:04}.toml")), out)?;
    }
    Ok(())
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A TOML basic string: JSON's escapes are a subset of TOML's.
fn q(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|item| q(item))
        .collect::<Vec<_>>()
        .join(", ")
}

fn roles_toml() -> String {
    let mut out = String::from("# Generated by `cargo run --example big_table`.\n");
    for (id, name, aliases) in ROLES {
        let aliases: Vec<String> = aliases.iter().map(|alias| alias.to_string()).collect();
        let _ = write!(
            out,
            "\n[[role]]\nid = {}\nname = {}\naliases = [{}]\n",
            q(id),
            q(name),
            list(&aliases)
        );
    }
    out
}

/// The embedded table's `expand` and `compare` (format 2 has no role phrases here).
fn synonyms_toml() -> String {
    let rules = rolecall::rules::embedded().expect("embedded table is valid");
    let mut out = String::from("# Generated by `cargo run --example big_table`.\n");
    let _ = writeln!(
        out,
        "compare = [{}]\n\n[expand]",
        list(&rules.synonyms.compare)
    );
    for (phrase, words) in &rules.synonyms.expand {
        let _ = writeln!(out, "{} = {}", q(phrase), q(words));
    }
    out
}
