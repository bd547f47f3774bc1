//! Whether each quote is in its source's text word for word (`check`, and `serve` as it
//! loads a table).

use super::Rules;
use super::validate::{Problem, problem};
use aho_corasick::AhoCorasick;
use std::collections::HashMap;
use std::path::Path;

/// Every quote must stand in its source verbatim, whitespace and quote marks aside: the
/// problems of [`quote_check`], texts that cannot be read first.
pub fn check_quotes(rules: &Rules, sources_dir: &Path) -> Vec<Problem> {
    let QuoteCheck {
        mut unreadable,
        not_verbatim,
    } = quote_check(rules, sources_dir);
    unreadable.extend(not_verbatim);
    unreadable
}

/// What checking the quotes against `sources/` found, kept apart because the two need
/// different fixes: a text to add or re-save as UTF-8, or a quote to copy again.
#[derive(Debug, Default)]
pub struct QuoteCheck {
    /// Sources whose `ID.txt` is missing or not UTF-8 text: their quotes went unchecked.
    pub unreadable: Vec<Problem>,
    /// Quotes not found in their source's text.
    pub not_verbatim: Vec<Problem>,
}

/// Reads every source's text and looks for each of its quotes in it.
///
/// One Aho-Corasick pass per source finds all of its quotes at once: searching the text once
/// per quote made `check` quadratic (10,000 quotes into one long handbook).
pub fn quote_check(rules: &Rules, sources_dir: &Path) -> QuoteCheck {
    let mut found = Vec::new();
    // (topic, citation) pairs per source, in table order, with their normalised quotes.
    let mut wanted: HashMap<&str, Vec<(usize, usize, String)>> = HashMap::new();
    let mut missing = Vec::new();
    let mut parting: HashMap<(usize, usize), String> = HashMap::new();
    for (t, topic) in rules.topics.iter().enumerate() {
        for (c, citation) in topic.sources.iter().enumerate() {
            let written = normalise_for_quote_match(&citation.quote);
            let quote = without_end_ellipses(&written).to_string();
            if !quote.is_empty() {
                wanted
                    .entry(citation.source.as_str())
                    .or_default()
                    .push((t, c, quote));
            } else if !written.is_empty() {
                // Only the marks of a cut: no words of the document, so none found in it.
                missing.push((t, c));
            }
        }
    }
    for source in &rules.sources {
        let path = super::text_file::source_text_path(sources_dir, &source.id);
        let text = match super::read_text(&path) {
            Ok(text) => normalise_for_quote_match(&text),
            Err(error) => {
                found.push(problem(
                    "sources.toml",
                    None,
                    format!(
                        "source '{}': cannot read {}: {error}",
                        source.id,
                        path.display()
                    ),
                ));
                continue;
            }
        };
        let Some(quotes) = wanted.get(source.id.as_str()) else {
            continue;
        };
        let mut seen = vec![false; quotes.len()];
        match AhoCorasick::new(quotes.iter().map(|(_, _, quote)| quote)) {
            Ok(automaton) => {
                for hit in automaton.find_overlapping_iter(&text) {
                    seen[hit.pattern().as_usize()] = true;
                }
            }
            // Too big for the automaton: fall back to one search per quote.
            Err(_) => {
                for (index, (_, _, quote)) in quotes.iter().enumerate() {
                    seen[index] = text.contains(quote.as_str());
                }
            }
        }
        for ((t, c, quote), _) in quotes.iter().zip(seen).filter(|(_, seen)| !seen) {
            if let Some(hint) = where_it_parts(quote, &text) {
                parting.insert((*t, *c), hint);
            }
            missing.push((*t, *c));
        }
    }
    missing.sort_unstable();
    let mut not_verbatim = Vec::new();
    for (t, c) in missing {
        let topic = &rules.topics[t];
        let citation = &topic.sources[c];
        not_verbatim.push(problem(
            &topic.file,
            Some(&topic.id),
            format!(
                "quote not found verbatim in source {}: \"{}\"{}",
                citation.source,
                citation.quote,
                parting.remove(&(t, c)).unwrap_or_default()
            ),
        ));
    }
    QuoteCheck {
        unreadable: found,
        not_verbatim,
    }
}

/// Where a quote that is not in `text` leaves it: the longest run of its opening words the
/// text holds, and how each goes on from there. A retyped quote is most often one slip
/// ("anual"), which a writer cannot find by rereading a long quote beside a long document.
fn where_it_parts(quote: &str, text: &str) -> Option<String> {
    const SHOWN: usize = 6;
    let words: Vec<&str> = quote.split(' ').collect();
    // `text` holding the first n words means it holds the first n - 1: search by halves.
    let (mut held, mut over) = (0, words.len());
    while held + 1 < over {
        let mid = (held + over) / 2;
        if text.contains(&words[..mid].join(" ")) {
            held = mid;
        } else {
            over = mid;
        }
    }
    if text.to_lowercase().contains(&quote.to_lowercase()) {
        return Some("; the source has it with other capitals: copy them as it writes them".into());
    }
    // One or two words agreeing ("The") place it nowhere in particular.
    if held < 3 {
        return Some(format!(
            "; the source does not have its opening words \"{}\" together: copy the quote \
             again from the file (is it the right source?)",
            words[..words.len().min(3)].join(" ")
        ));
    }
    let agreed = words[..held].join(" ");
    let at = text.find(&agreed)? + agreed.len();
    let text_goes_on: Vec<&str> = text[at..].split_whitespace().take(SHOWN).collect();
    let quote_goes_on = words[held..]
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>();
    let source_then = if text_goes_on.is_empty() {
        "the source ends".to_string()
    } else {
        format!("the source goes on \"{}\"", text_goes_on.join(" "))
    };
    Some(format!(
        "; it agrees with the source as far as \"{}\", where {source_then} and the quote \"{}\"",
        tail_words(&agreed, SHOWN),
        quote_goes_on.join(" ")
    ))
}

/// The last `count` words of `text`, after "..." when there are more.
fn tail_words(text: &str, count: usize) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    if words.len() <= count {
        text.to_string()
    } else {
        format!("...{}", words[words.len() - count..].join(" "))
    }
}

/// A quote that starts or ends mid-sentence may say so with "..." or "…" there (as the
/// scorer allows): the mark is not the document's, so it is not looked for.
fn without_end_ellipses(quote: &str) -> &str {
    let mut quote = quote.trim();
    for mark in ["...", "\u{2026}"] {
        quote = quote.strip_prefix(mark).unwrap_or(quote).trim_start();
        quote = quote.strip_suffix(mark).unwrap_or(quote).trim_end();
    }
    quote
}

/// Folds whitespace runs to one space and curly quote marks to straight ones. One pass into
/// one string: a source text is read whole, and copies of it per step (plus a list of its
/// words) took seven times its size, held by the server after every start and reload.
pub fn normalise_for_quote_match(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => '"',
            other => other,
        }));
    }
    out
}
