//! Slash-command bodies rendered once per distinct answer. Building and serialising a Block
//! Kit answer (about thirty small strings, 2 KiB of JSON) cost more than finding the answer,
//! and a table of ~100 topics gives few distinct answers, so the JSON is kept per answer and
//! per table snapshot. The matcher still runs on every question; only its rendering repeats.
//!
//! The one thing that differs between two showings of the same answer is the feedback
//! buttons' value (the question log's id), so the JSON is kept split around it.

use super::did_you_mean;
use crate::answer::{Answer, DeclineReason, Outcome};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Stands in for the feedback value while rendering. Control characters never occur in the
/// rules table or in an id, so its JSON form (`\u0001...`) marks exactly the value's places.
pub const FEEDBACK_PLACEHOLDER: &str = "\u{1}rolecall-feedback\u{1}";

/// Distinct answers kept per snapshot; past this, new ones are rendered each time.
/// ~2.5 KiB each: at most a few MiB.
pub const CAPACITY: usize = 1024;

/// The bodies, for one rules table and team (they live in the snapshot and go with it).
#[derive(Debug, Default)]
pub struct RenderedBodies {
    bodies: RwLock<HashMap<String, Arc<Template>>>,
}

impl RenderedBodies {
    /// The body for `key` with `feedback_value` in place; `render` (given the placeholder
    /// as the feedback value) makes it the first time.
    pub fn body(
        &self,
        key: String,
        feedback_value: &str,
        render: impl FnOnce(&str) -> Vec<u8>,
    ) -> Vec<u8> {
        let kept = self.read().get(&key).cloned();
        let template = kept.unwrap_or_else(|| {
            let template = Arc::new(Template::split(render(FEEDBACK_PLACEHOLDER)));
            let mut bodies = self
                .bodies
                .write()
                .unwrap_or_else(|poison| poison.into_inner());
            if bodies.len() < CAPACITY {
                bodies.insert(key, Arc::clone(&template));
            }
            template
        });
        template.fill(feedback_value)
    }

    /// How many distinct answers are kept.
    pub fn len(&self) -> usize {
        self.read().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Arc<Template>>> {
        // A panic while holding the lock cannot leave the map half-written (insert is one
        // call), so a poisoned lock is still a good map.
        self.bodies
            .read()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

/// Everything the Slack renderers read from an answer, besides the feedback value: whether
/// it answered (and whether a decline is a whole role's, whose text differs), its topics (or
/// suggestions), the "did you mean" topics it shows, and whether
/// it carries "Share in channel". Two answers with one key render to the same JSON.
pub fn key(answer: &Answer<'_>, share: bool) -> String {
    let (kind, topics) = match &answer.outcome {
        Outcome::Answered { topics, .. } => ("a:", topics),
        // A whole role's decline opens with the role; any other shows the table's decline
        // text. Both can suggest the same topics (a role owning three or fewer).
        Outcome::Declined {
            reason: DeclineReason::WholeRole,
            suggestions,
        } => ("w:", suggestions),
        Outcome::Declined { suggestions, .. } => ("d:", suggestions),
    };
    let mut key = String::with_capacity(64);
    key.push_str(kind);
    for topic in topics {
        key.push_str(&topic.id);
        key.push(',');
    }
    key.push('|');
    for topic in did_you_mean(answer) {
        key.push_str(&topic.id);
        key.push(',');
    }
    key.push_str(if share { "|share" } else { "|" });
    key
}

/// A body cut where the feedback value goes.
#[derive(Debug)]
struct Template {
    parts: Vec<Box<[u8]>>,
}

impl Template {
    fn split(rendered: Vec<u8>) -> Template {
        let marker = placeholder_json();
        let mut parts = Vec::new();
        let mut rest = rendered.as_slice();
        while let Some(at) = find(rest, &marker) {
            parts.push(rest[..at].into());
            rest = &rest[at + marker.len()..];
        }
        parts.push(rest.into());
        Template { parts }
    }

    fn fill(&self, value: &str) -> Vec<u8> {
        let value = json_string_content(value);
        let size = self.parts.iter().map(|part| part.len()).sum::<usize>()
            + value.len() * (self.parts.len() - 1);
        let mut body = Vec::with_capacity(size);
        for (index, part) in self.parts.iter().enumerate() {
            if index > 0 {
                body.extend_from_slice(value.as_bytes());
            }
            body.extend_from_slice(part);
        }
        body
    }
}

/// The placeholder as it appears inside a JSON string.
fn placeholder_json() -> Vec<u8> {
    json_string_content(FEEDBACK_PLACEHOLDER).into_bytes()
}

/// `text` escaped for the inside of a JSON string (without the quotes).
fn json_string_content(text: &str) -> String {
    let quoted = serde_json::to_string(text).expect("a string always serialises");
    quoted[1..quoted.len() - 1].to_string()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(value: &str) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({
            "a": value,
            "b": [value, "x"],
        }))
        .unwrap()
    }

    #[test]
    fn a_kept_body_is_the_rendering_with_the_value_in_place() {
        let bodies = RenderedBodies::default();
        for value in ["unlogged", "0123456789abcdef", "with \"quotes\" and \\"] {
            let body = bodies.body("k".into(), value, render);
            assert_eq!(body, render(value), "{value}");
        }
        assert_eq!(bodies.len(), 1);
    }

    #[test]
    fn the_first_rendering_is_kept_and_not_redone() {
        let bodies = RenderedBodies::default();
        bodies.body("k".into(), "v", render);
        let again = bodies.body("k".into(), "w", |_| panic!("rendered twice"));
        assert_eq!(again, render("w"));
    }

    #[test]
    fn past_capacity_answers_are_rendered_each_time_and_not_kept() {
        let bodies = RenderedBodies::default();
        for index in 0..CAPACITY + 10 {
            let body = bodies.body(format!("k{index}"), "v", render);
            assert_eq!(body, render("v"));
        }
        assert_eq!(bodies.len(), CAPACITY);
    }

    #[test]
    fn a_body_without_the_placeholder_is_kept_whole() {
        let bodies = RenderedBodies::default();
        let fixed = |_: &str| b"{\"help\":true}".to_vec();
        assert_eq!(bodies.body("help".into(), "v", fixed), fixed(""));
    }
}
