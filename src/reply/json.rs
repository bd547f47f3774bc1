//! The one-line JSON contract of `rolecall ask --json` (see `../shared/eval/score.py --help`).

use crate::answer::{Answer, Outcome};
use crate::rules::Rules;
use serde_json::{Value, json};

pub fn to_json(answer: &Answer<'_>, rules: &Rules) -> Value {
    let topics = answer.topics();
    let sources: Vec<Value> = topics
        .iter()
        .flat_map(|topic| topic.sources.iter())
        .map(|citation| {
            json!({
                "id": citation.source,
                "title": rules.source(&citation.source).map(|source| source.title.as_str()).unwrap_or(""),
                "quote": citation.quote,
            })
        })
        .collect();
    let suggestions: Vec<&str> = match &answer.outcome {
        Outcome::Declined { suggestions, .. } => {
            suggestions.iter().map(|t| t.title.as_str()).collect()
        }
        Outcome::Answered { runners_up, .. } => {
            runners_up.iter().map(|t| t.title.as_str()).collect()
        }
    };
    let text = match &answer.outcome {
        Outcome::Answered { .. } => super::answer_text(answer),
        Outcome::Declined {
            reason,
            suggestions,
        } => super::decline_text(*reason, rules, suggestions).into_owned(),
    };
    json!({
        "question": answer.question,
        "answered": answer.is_answered(),
        "topic": topics.first().map(|topic| topic.id.as_str()),
        "topics": topics.iter().map(|topic| topic.id.as_str()).collect::<Vec<_>>(),
        "owner": answer.owner().map(|owner| owner.label()),
        "roles": answer.owner().map(|owner| owner.roles()).unwrap_or_default(),
        "owners": topics.iter().map(|topic| topic.owner.label()).collect::<Vec<_>>(),
        "confidence": (answer.confidence * 1000.0).round() / 1000.0,
        "text": text,
        "sources": sources,
        "suggestions": suggestions,
    })
}
