//! `gaps --draft`: the declined questions of the log, grouped by their words, as TOML
//! `[[topic]]` skeletons to paste into `topics/`. Pure: gaps in, text out.

use crate::answer::is_stop;
use crate::report::Gap;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// What a maintainer must replace before the draft is a topic; `rolecall check` refuses it as
/// long as it is left in anywhere.
pub const PLACEHOLDER: &str = crate::rules::DRAFT_PLACEHOLDER;

/// At most this many words in a title guess.
const TITLE_WORDS: usize = 4;

/// One drafted topic: the questions it groups and the words they share.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub id: String,
    pub title: String,
    /// The asked phrasings, most often asked first.
    pub questions: Vec<String>,
    /// Times its questions were declined.
    pub declined: u64,
}

/// Declined questions whose askers then picked one topic from the suggestions: words the
/// table already has a topic for, missing from its aliases.
#[derive(Debug, Clone, PartialEq)]
pub struct Picked {
    pub topic: String,
    /// The asked phrasings, most often picked first.
    pub questions: Vec<String>,
    /// Times a suggestion was picked after them.
    pub picked: u64,
}

/// The picked gaps by the topic picked, most picked first. They are no new topic's: they
/// are left out of [`drafts`].
pub fn picked(gaps: &[Gap]) -> Vec<Picked> {
    let mut by_topic: Vec<Picked> = Vec::new();
    let mut gaps: Vec<&Gap> = gaps
        .iter()
        .filter(|gap| gap.picked > 0 && !gap.question.is_empty())
        .collect();
    gaps.sort_by(|a, b| b.picked.cmp(&a.picked).then(a.question.cmp(&b.question)));
    for gap in gaps {
        let Some(topic) = &gap.topic else { continue };
        match by_topic.iter_mut().find(|entry| &entry.topic == topic) {
            Some(entry) => {
                entry.questions.push(gap.question.clone());
                entry.picked += gap.picked;
            }
            None => by_topic.push(Picked {
                topic: topic.clone(),
                questions: vec![gap.question.clone()],
                picked: gap.picked,
            }),
        }
    }
    by_topic.sort_by_key(|entry| std::cmp::Reverse(entry.picked));
    by_topic
}

/// Groups the declined gaps by shared words, most declined group first. Gaps without question
/// text (logged with `--log-text off`), never declined, or whose askers picked a suggestion
/// ([`picked`]) are left out.
pub fn drafts(gaps: &[Gap]) -> Vec<Draft> {
    let mut groups: Vec<(BTreeSet<String>, Vec<&Gap>)> = Vec::new();
    let mut declined: Vec<&Gap> = gaps
        .iter()
        .filter(|gap| gap.declined > 0 && gap.picked == 0 && !gap.question.is_empty())
        .collect();
    declined.sort_by(|a, b| {
        b.declined
            .cmp(&a.declined)
            .then(a.question.cmp(&b.question))
    });
    for gap in declined {
        let words = keys(&gap.question);
        if words.is_empty() {
            continue;
        }
        // A group is keyed by its first question's words, so one shared word does not chain
        // unrelated questions together.
        match groups.iter_mut().find(|(key, _)| same_subject(key, &words)) {
            Some((_, members)) => members.push(gap),
            None => groups.push((words, vec![gap])),
        }
    }
    let mut ids = BTreeSet::new();
    let mut drafts: Vec<Draft> = groups
        .into_iter()
        .map(|(_, members)| {
            let title = title_guess(&members);
            let id = unique_id(&mut ids, &title);
            Draft {
                id,
                title,
                questions: members.iter().map(|gap| gap.question.clone()).collect(),
                declined: members.iter().map(|gap| gap.declined).sum(),
            }
        })
        .collect();
    drafts.sort_by_key(|draft| std::cmp::Reverse(draft.declined));
    drafts
}

/// The picks as comments (the text still parses as topics), then the drafts as TOML, each
/// placeholder marked with [`PLACEHOLDER`].
pub fn to_toml(picked: &[Picked], drafts: &[Draft]) -> String {
    let mut out = String::new();
    if !picked.is_empty() {
        out.push_str(
            "# Declined, then the asker picked this topic from the suggestions: add the words\n\
             # that matter in these questions to that topic's aliases, then run `rolecall test`.\n",
        );
        for entry in picked {
            out.push_str(&format!(
                "#\n# topic {}, picked {} time(s):\n",
                quoted(&entry.topic),
                entry.picked
            ));
            for question in &entry.questions {
                out.push_str(&format!("#   {},\n", quoted(question)));
            }
        }
        if drafts.is_empty() {
            return out;
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "# Drafted by `rolecall gaps --draft` from declined questions. Replace every {PLACEHOLDER}\n\
         # (owner: a role id from roles.toml, a list of them, or \"info\"; source: an id from\n\
         # sources.toml; quote: a sentence copied word for word from it), trim the aliases, then\n\
         # paste into a file under topics/ and run `rolecall check` and `rolecall test`.\n"
    ));
    for draft in drafts {
        out.push_str(&format!(
            "\n# declined {} time(s)\n[[topic]]\nid = {}\ntitle = {}\nowner = \"{PLACEHOLDER}\"\n\
             answer = \"{PLACEHOLDER}: one short paragraph naming the role that does this.\"\n\
             aliases = [\n",
            draft.declined,
            quoted(&draft.id),
            quoted(&draft.title),
        ));
        for question in &draft.questions {
            out.push_str(&format!("  {},\n", quoted(question)));
        }
        out.push_str(&format!(
            "]\n\n[[topic.sources]]\nsource = \"{PLACEHOLDER}\"\n\
             quote = \"{PLACEHOLDER}: a sentence copied word for word from the source.\"\n"
        ));
    }
    out
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The words that say what a question is about, each as its stem.
fn keys(question: &str) -> BTreeSet<String> {
    content_words(question).map(fold).collect()
}

fn content_words(question: &str) -> impl Iterator<Item = &str> {
    question
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty() && !is_stop(word))
}

/// A word's stem, so that one subject asked in other forms groups as one: "trophies" and
/// "trophy", "presents" and "presentation".
fn fold(word: &str) -> String {
    static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));
    STEMMER.stem(&word.to_lowercase()).into_owned()
}

/// Two questions are on one subject when they share more than half of the shorter one's
/// words. Half was too few: "who fixes the printer" and "who fixes the coffee machine" share
/// only the asking verb, and one topic for both would answer one need with the other's owner.
fn same_subject(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    let shared = a.intersection(b).count();
    shared * 2 > a.len().min(b.len())
}

/// The first question's words that most of the group uses, in the order it says them.
fn title_guess(members: &[&Gap]) -> String {
    let first = &members[0].question;
    let used_by = |word: &str| {
        let key = fold(word);
        members
            .iter()
            .filter(|gap| keys(&gap.question).contains(&key))
            .count()
    };
    let mut words: Vec<&str> = content_words(first)
        .filter(|word| used_by(word) * 2 > members.len())
        .take(TITLE_WORDS)
        .collect();
    if words.is_empty() {
        words = content_words(first).take(TITLE_WORDS).collect();
    }
    let title = words.join(" ");
    let mut chars = title.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => title,
    }
}

/// The id a drafted topic gets: its title's words joined by `-`, Latin letters without
/// their accents and other scripts as written. Ids of other scripts are as valid, and
/// one fixed id for all of them would clash between the drafts of two runs.
fn unique_id(taken: &mut BTreeSet<String>, title: &str) -> String {
    let base = title
        .to_lowercase()
        .chars()
        .flat_map(without_accent)
        .collect::<String>()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let base = if base.is_empty() {
        "drafted".to_string()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// A lower-case Latin letter without its accent ("é" -> "e", "ß" -> "ss"), so that a topic
/// id keeps the word ("cafe", not "caf"); other characters as they are.
fn without_accent(c: char) -> Vec<char> {
    let plain = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' => "s",
        'ß' => "ss",
        'ť' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return vec![c],
    };
    plain.chars().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drafted_id_keeps_accented_words_without_their_accents() {
        let mut taken = BTreeSet::new();
        assert_eq!(
            unique_id(&mut taken, "Café espresso machine"),
            "cafe-espresso-machine"
        );
        assert_eq!(
            unique_id(&mut taken, "Wechsel für Firmenwagen"),
            "wechsel-fur-firmenwagen"
        );
        assert_eq!(unique_id(&mut taken, "Straße"), "strasse");
    }

    #[test]
    fn a_drafted_id_in_another_script_keeps_its_words() {
        let mut taken = BTreeSet::new();
        assert_eq!(
            unique_id(&mut taken, "Кто утверждает бюджет?"),
            "кто-утверждает-бюджет"
        );
        assert_eq!(
            unique_id(&mut taken, "予算は誰が承認しますか"),
            "予算は誰が承認しますか"
        );
        assert_eq!(unique_id(&mut taken, "?!"), "drafted");
    }

    fn gap(question: &str, declined: u64) -> Gap {
        Gap {
            question: question.into(),
            count: declined,
            declined,
            not_quite: 0,
            picked: 0,
            topic: None,
            confidence: 0.0,
            last_asked: 0,
        }
    }

    #[test]
    fn picked_questions_are_listed_under_their_topic_and_drafted_as_no_new_one() {
        let picked = |question: &str, topic: &str, times: u64| Gap {
            picked: times,
            topic: Some(topic.into()),
            ..gap(question, times)
        };
        let gaps = [
            picked("who restocks the gizmos", "stock", 1),
            picked("we ran out of widgets", "stock", 2),
            picked("who books the van", "transport", 1),
            gap("who resets the vpn", 2),
        ];
        let listed = super::picked(&gaps);
        assert_eq!(listed.len(), 2, "{listed:?}");
        assert_eq!(listed[0].topic, "stock");
        assert_eq!(listed[0].picked, 3);
        assert_eq!(
            listed[0].questions,
            ["we ran out of widgets", "who restocks the gizmos"]
        );
        let drafts = drafts(&gaps);
        assert_eq!(drafts.len(), 1, "{drafts:?}");
        assert_eq!(drafts[0].questions, ["who resets the vpn"]);
        let text = to_toml(&listed, &[]);
        assert!(text.lines().all(|line| line.starts_with('#')), "{text}");
        assert!(text.contains("#   \"who books the van\",\n"), "{text}");
    }

    #[test]
    fn questions_sharing_their_words_make_one_draft_and_others_their_own() {
        let gaps = [
            gap("who approves the travel budget", 3),
            gap("who signs off on travel budgets", 1),
            gap("who resets the vpn", 2),
            gap("where is the not quite one", 0),
        ];

        let drafts = drafts(&gaps);

        assert_eq!(drafts.len(), 2, "{drafts:?}");
        assert_eq!(drafts[0].title, "Travel budget");
        assert_eq!(drafts[0].id, "travel-budget");
        assert_eq!(
            drafts[0].questions,
            [
                "who approves the travel budget",
                "who signs off on travel budgets"
            ]
        );
        assert_eq!(drafts[0].declined, 4);
        assert_eq!(drafts[1].questions, ["who resets the vpn"]);
    }

    #[test]
    fn one_subject_asked_in_other_forms_of_its_words_is_one_draft() {
        let gaps = [
            gap("who presents the trophies at prizegiving", 2),
            gap("who organises the trophy presentation dinner", 1),
        ];

        let drafts = drafts(&gaps);

        assert_eq!(drafts.len(), 1, "{drafts:?}");
        assert_eq!(drafts[0].title, "Presents trophies");
    }

    #[test]
    fn questions_sharing_only_their_asking_verb_are_different_needs() {
        let gaps = [
            gap("who fixes the coffee machine", 2),
            gap("who fixes the printer", 1),
            gap("who approves my expenses", 1),
            gap("who approves my expense report", 1),
            gap("who approves my holiday", 1),
        ];

        let drafts = drafts(&gaps);

        let questions: Vec<&[String]> = drafts.iter().map(|d| &d.questions[..]).collect();
        assert_eq!(
            questions,
            [
                &["who fixes the coffee machine".to_string()][..],
                &[
                    "who approves my expense report".to_string(),
                    "who approves my expenses".to_string()
                ][..],
                &["who approves my holiday".to_string()][..],
                &["who fixes the printer".to_string()][..],
            ],
            "{drafts:?}"
        );
    }

    #[test]
    fn questions_without_text_draft_nothing() {
        assert!(drafts(&[gap("", 5)]).is_empty());
    }
}
