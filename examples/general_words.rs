//! Writes the engine's two general-English word lists from WordNet 3.0 (Debian's
//! `wordnet-base`):
//!
//! ```sh
//! cargo run --example general_words -- /usr/share/wordnet > src/answer/data/verbs_and_adverbs.txt
//! cargo run --example general_words -- /usr/share/wordnet english > src/answer/data/english_words.txt
//! cargo run --example general_words -- /usr/share/wordnet nearest > src/answer/data/nearest_words.txt
//! ```
//!
//! `english_words.txt` is every single-word lemma of any part of speech that is not only a
//! name, plus the irregular forms of WordNet's exception lists ("went", "children"): what
//! `english::is_english` in the engine reads to tell a real word ("sending", "marina") from
//! a typo ("leter", "gude"), so that only typos are repaired.
//!
//! `verbs_and_adverbs.txt` is every common English verb or adverb that WordNet never lists as a noun, with
//! its inflected forms: "bring", "brought", "bringing", "quietly". A question word on it
//! that a table never uses says how something happens, not what it is about, so the engine
//! drops it rather than declining the question as being about something unknown. Nouns ("laptop",
//! "salary") are left out on purpose: an unknown noun is what marks a question the table
//! does not cover. "Common" means that SemCor tagged at least one verb or adverb sense
//! (WordNet's `tagsense_cnt`).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// `lemma -> tagged sense count` of one part of speech, single alphabetic words only.
fn tagged_senses(dir: &Path, part: &str) -> HashMap<String, u32> {
    let path = dir.join(format!("index.{part}"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    text.lines()
        .filter(|line| !line.starts_with(' '))
        .filter_map(|line| {
            // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt offsets...
            let fields: Vec<&str> = line.split(' ').collect();
            let lemma = fields[0];
            if !lemma.chars().all(|c| c.is_ascii_alphabetic()) {
                return None;
            }
            let pointers: usize = fields[3].parse().ok()?;
            let tagged: u32 = fields.get(4 + pointers + 1)?.parse().ok()?;
            Some((lemma.to_string(), tagged))
        })
        .collect()
}

/// Irregular forms of verbs (`verb.exc`: "went go"), base -> forms.
fn irregular_forms(dir: &Path) -> HashMap<String, Vec<String>> {
    let path = dir.join("verb.exc");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let mut forms: HashMap<String, Vec<String>> = HashMap::new();
    for line in text.lines() {
        let mut fields = line.split(' ');
        if let (Some(form), Some(base)) = (fields.next(), fields.next()) {
            forms.entry(base.into()).or_default().push(form.into());
        }
    }
    forms
}

/// "plan" -> plans, planed, planing, planned, planning: the regular forms, over-generated
/// on purpose (a wrong form is a word nobody types).
fn regular_forms(verb: &str) -> Vec<String> {
    let mut forms = vec![format!("{verb}s"), format!("{verb}es")];
    let base = verb.strip_suffix('e').unwrap_or(verb);
    forms.push(format!("{base}ed"));
    forms.push(format!("{base}ing"));
    let letters: Vec<char> = verb.chars().collect();
    let vowel = |c: char| "aeiou".contains(c);
    if let [.., a, b, c] = letters[..]
        && !vowel(a)
        && vowel(b)
        && !"aeiouwyx".contains(c)
    {
        forms.push(format!("{verb}{c}ed"));
        forms.push(format!("{verb}{c}ing"));
    }
    forms
}

/// Every single-word lemma that WordNet writes in lower case somewhere (so not only as a
/// name: "handel" is the composer, and "handels" a typo of "handles"), and every irregular
/// form of the exception lists.
fn english_words(dir: &Path) -> BTreeSet<String> {
    let alphabetic = |word: &str| !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic());
    let mut words = BTreeSet::new();
    for part in ["noun", "verb", "adj", "adv"] {
        let path = dir.join(format!("data.{part}"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        // offset lex_filenum ss_type w_cnt (hex) word lex_id [word lex_id ...] ...
        for line in text.lines().filter(|line| !line.starts_with(' ')) {
            let fields: Vec<&str> = line.split(' ').collect();
            let Some(count) = fields
                .get(3)
                .and_then(|hex| usize::from_str_radix(hex, 16).ok())
            else {
                continue;
            };
            for at in 0..count {
                let Some(word) = fields.get(4 + 2 * at) else {
                    break;
                };
                // Adjectives carry a marker: "galore(ip)".
                let word = word.split('(').next().unwrap_or(word);
                if alphabetic(word) && word.chars().all(|c| c.is_ascii_lowercase()) {
                    words.insert(word.to_string());
                }
            }
        }
        let path = dir.join(format!("{part}.exc"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        words.extend(
            text.lines()
                .filter_map(|line| line.split(' ').next())
                .filter(|form| alphabetic(form))
                .map(str::to_string),
        );
    }
    words
}

/// One synset of `data.{part}`: its words (lower case), those of them it does not write as
/// a name (lower case, markers like "(p)" dropped), and its pointers as `(symbol, part file, offset)`.
struct Synset {
    words: Vec<String>,
    common: Vec<String>,
    pointers: Vec<(String, &'static str, String)>,
}

/// The part file a pointer's part-of-speech letter points into (satellites are adjectives).
fn part_file(letter: &str) -> &'static str {
    match letter {
        "n" => "noun",
        "v" => "verb",
        "r" => "adv",
        _ => "adj",
    }
}

/// Every synset of one part, by offset.
fn synsets(dir: &Path, part: &str) -> HashMap<String, Synset> {
    let path = dir.join(format!("data.{part}"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let mut synsets = HashMap::new();
    // offset lex_filenum ss_type w_cnt (hex) [word lex_id]... p_cnt [symbol offset pos st]...
    for line in text.lines().filter(|line| !line.starts_with(' ')) {
        let fields: Vec<&str> = line.split(' ').collect();
        let count = usize::from_str_radix(fields[3], 16).expect("word count");
        let written: Vec<&str> = (0..count).map(|at| fields[4 + 2 * at]).collect();
        let words = written.iter().map(|word| word.to_lowercase()).collect();
        // A name is capitalised ("Loos"); an abbreviation ("CD") is asked in any case.
        let is_name = |word: &&&str| {
            word.starts_with(|c: char| c.is_ascii_uppercase())
                && word.chars().any(|c| c.is_ascii_lowercase())
        };
        let common = written
            .iter()
            .filter(|word| !is_name(word))
            .map(|word| word.split('(').next().unwrap_or(word).to_lowercase())
            .collect();
        let at = 4 + 2 * count;
        let pointer_count: usize = fields[at].parse().expect("pointer count");
        let pointers = (0..pointer_count)
            .map(|n| {
                let pointer = &fields[at + 1 + 4 * n..at + 5 + 4 * n];
                (
                    pointer[0].to_string(),
                    part_file(pointer[2]),
                    pointer[1].to_string(),
                )
            })
            .collect();
        synsets.insert(
            fields[0].to_string(),
            Synset {
                words,
                common,
                pointers,
            },
        );
    }
    synsets
}

/// `lemma\tneighbour ...` lines, sorted: for each single-word lemma, its part of speech
/// with the most tagged senses, and that part's commonest sense that does not write the
/// lemma as a name (a lemma only ever a name has no line): the sense's other words,
/// then the words derived from it, then (for a noun) its broader words, at most eight.
/// One sense only, as the engine cannot tell senses apart: "station" is a facility, not
/// the verb "post".
fn nearest_words(dir: &Path) -> Vec<String> {
    let single = |word: &str| !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase());
    let parts = ["noun", "verb", "adj", "adv"];
    let data: HashMap<&str, HashMap<String, Synset>> = parts
        .iter()
        .map(|part| (*part, synsets(dir, part)))
        .collect();
    // lemma -> (part, commonest sense's offset, tagged senses), first part wins a tie.
    let mut commonest: HashMap<String, (&str, String, u32)> = HashMap::new();
    for part in parts {
        let path = dir.join(format!("index.{part}"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        for line in text.lines().filter(|line| !line.starts_with(' ')) {
            // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt offsets...
            let fields: Vec<&str> = line.split(' ').collect();
            if !single(fields[0]) {
                continue;
            }
            let pointers: usize = fields[3].parse().expect("pointer count");
            let tagged: u32 = fields[5 + pointers].parse().expect("tagged senses");
            // The first sense that writes the lemma in lower case: "loos" is the architect
            // Loos first, and a plural of "loo" only in lower case.
            let senses: usize = fields[2].parse().expect("sense count");
            let Some(first) = fields[6 + pointers..6 + pointers + senses]
                .iter()
                .find(|offset| data[part][**offset].common.contains(&fields[0].to_string()))
                .map(|offset| offset.to_string())
            else {
                continue;
            };
            let entry =
                commonest
                    .entry(fields[0].to_string())
                    .or_insert((part, first.clone(), tagged));
            if tagged > entry.2 {
                *entry = (part, first, tagged);
            }
        }
    }
    let mut lines = Vec::new();
    for (lemma, (part, offset, _)) in commonest {
        let sense = &data[part][&offset];
        let related = |wanted: &dyn Fn(&str) -> bool| -> Vec<&str> {
            sense
                .pointers
                .iter()
                .filter(|(symbol, _, _)| wanted(symbol))
                .flat_map(|(_, file, at)| data[file][at].words.iter().map(String::as_str))
                .collect()
        };
        let derived = related(&|symbol| symbol == "+");
        let broader = if part == "noun" {
            related(&|symbol| symbol == "@" || symbol == "@i")
        } else {
            Vec::new()
        };
        let mut seen = BTreeSet::from([lemma.as_str()]);
        let near: Vec<&str> = sense
            .words
            .iter()
            .map(String::as_str)
            .chain(derived)
            .chain(broader)
            .map(|word| word.split('(').next().unwrap_or(word))
            .filter(|word| single(word) && seen.insert(word))
            .take(8)
            .collect();
        if !near.is_empty() {
            lines.push(format!("{lemma}\t{}", near.join(" ")));
        }
    }
    lines.sort_by(|a, b| a.split('\t').next().cmp(&b.split('\t').next()));
    lines
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "/usr/share/wordnet".into());
    let dir = Path::new(&dir);
    match args.next().as_deref() {
        Some("english") => {
            for word in english_words(dir) {
                println!("{word}");
            }
            return;
        }
        Some("nearest") => {
            for line in nearest_words(dir) {
                println!("{line}");
            }
            return;
        }
        _ => {}
    }
    let nouns = tagged_senses(dir, "noun");
    let verbs = tagged_senses(dir, "verb");
    let adverbs = tagged_senses(dir, "adv");
    let irregular = irregular_forms(dir);
    // Any noun sense at all, however rare in SemCor: "alert", "commit" and "update" are
    // untagged as nouns there, and are nouns in every engineering handbook.
    let noun = |word: &str| nouns.contains_key(word);
    let mut words = BTreeSet::new();
    for (part, is_verb) in [(&verbs, true), (&adverbs, false)] {
        for (lemma, &tagged) in part {
            if tagged == 0 || noun(lemma) {
                continue;
            }
            words.insert(lemma.clone());
            if is_verb {
                words.extend(regular_forms(lemma));
                words.extend(irregular.get(lemma).into_iter().flatten().cloned());
            }
        }
    }
    for word in words {
        println!("{word}");
    }
}
