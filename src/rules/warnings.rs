//! What `check` says without failing: a table that loads and answers, but weakly.

use super::Rules;
use super::validate::{Problem, problem};
use rust_stemmers::{Algorithm, Stemmer};

/// Slack's limit on a header's text, where an answer shows its topic's title (the build
/// script compiles this module without `reply`, which keeps the same number).
const MAX_HEADER_TEXT: usize = 150;

/// What is allowed but weak: said by `check` without failing it.
pub fn warnings(rules: &Rules) -> Vec<Problem> {
    let mut found = Vec::new();
    for topic in &rules.topics {
        let title = topic.title.trim().chars().count();
        if title > MAX_HEADER_TEXT {
            found.push(problem(
                &topic.file,
                Some(&topic.id),
                format!(
                    "title of {title} characters: Slack shows {MAX_HEADER_TEXT} above an answer, \
                     so the rest is cut; shorten it"
                ),
            ));
        }
        if topic.aliases.len() < 3 {
            found.push(problem(
                &topic.file,
                Some(&topic.id),
                match topic.aliases.len() {
                    1 => "only 1 alias: people word a question in many ways, give it three to five"
                        .to_string(),
                    n => format!(
                        "only {n} aliases: people word a question in many ways, give it three to five"
                    ),
                },
            ));
        }
    }
    for role in &rules.roles {
        let owns = rules
            .topics
            .iter()
            .any(|topic| topic.owner.roles().contains(&role.id));
        if !owns {
            found.push(problem(
                "roles.toml",
                None,
                format!("role '{}' owns no topic", role.id),
            ));
        }
    }
    let stemmer = Stemmer::create(Algorithm::English);
    let used = table_stems(rules, &stemmer);
    for (phrase, meaning) in &rules.synonyms.expand {
        if !words_of(meaning).any(|word| used.contains(&stem(&stemmer, &word))) {
            found.push(problem(
                "synonyms.toml",
                None,
                format!(
                    "'{phrase}' stands for '{meaning}', which no topic or role uses: point it at \
                     the table's own word, or remove it"
                ),
            ));
        }
    }
    found.extend(declined_aliases(rules, &stemmer));
    found
}

/// A word of the table's own out-of-scope lists that a topic's title or alias uses: every
/// question with it is declined, the ones that topic answers too.
fn declined_aliases(rules: &Rules, stemmer: &Stemmer) -> Vec<Problem> {
    let stems =
        |text: &str| -> Vec<String> { words_of(text).map(|word| stem(stemmer, &word)).collect() };
    let mut found = Vec::new();
    for (group, phrases) in &rules.scope.outside {
        for phrase in phrases {
            let wanted = stems(phrase);
            if wanted.is_empty() {
                continue;
            }
            let asked_by = rules.topics.iter().find(|topic| {
                std::iter::once(&topic.title)
                    .chain(&topic.aliases)
                    .any(|text| stems(text).windows(wanted.len()).any(|run| run == wanted))
            });
            if let Some(topic) = asked_by {
                found.push(problem(
                    "scope.toml",
                    None,
                    format!(
                        "'{phrase}' (list '{group}') is in the title or an alias of topic '{}', \
                         so the questions that topic answers with it are declined: drop it from \
                         the list",
                        topic.id
                    ),
                ));
            }
        }
    }
    found
}

/// The stem of every word of the table's topics and roles: what a synonym must stand for
/// to change any answer.
fn table_stems(rules: &Rules, stemmer: &Stemmer) -> std::collections::HashSet<String> {
    let role_texts = rules.roles.iter().flat_map(|role| {
        std::iter::once(role.name.as_str()).chain(role.aliases.iter().map(String::as_str))
    });
    rules
        .topic_texts()
        .chain(role_texts)
        .flat_map(words_of)
        .map(|word| stem(stemmer, &word))
        .collect()
}

/// A word's stem as the engine compares words: British and American spellings alike
/// ("catalogue", "catalog").
fn stem(stemmer: &Stemmer, word: &str) -> String {
    stemmer
        .stem(&crate::answer::fold_spelling(word))
        .into_owned()
}

/// The lower-case words of a text.
fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
}
