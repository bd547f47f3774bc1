//! Plain text for `rolecall ask` in a terminal.

use crate::answer::{Answer, Outcome};
use crate::rules::Rules;
use crate::team::Team;
use std::fmt::Write;

/// `team`, when given, adds "In this workspace: ..." under each owner it names someone for.
pub fn to_terminal(answer: &Answer<'_>, rules: &Rules, team: Option<&Team>) -> String {
    let mut out = String::new();
    match &answer.outcome {
        Outcome::Answered { topics, .. } => {
            for topic in topics {
                let _ = writeln!(out, "{}: {}", topic.title, rules.owner_name(&topic.owner));
                let here =
                    team.and_then(|team| team.line(&topic.people_roles(), rules, as_written));
                if let Some(here) = here {
                    let _ = writeln!(out, "{here}");
                }
                let _ = writeln!(out, "{}", plain(&topic.answer));
                if let Some(note) = &topic.note {
                    let _ = writeln!(out, "Note: {}", plain(note));
                }
                for citation in &topic.sources {
                    let title = rules
                        .source(&citation.source)
                        .map(|source| source.title.as_str())
                        .unwrap_or(citation.source.as_str());
                    let _ = writeln!(
                        out,
                        "  > \"{}\"\n    ({title}, {})",
                        citation.quote.trim(),
                        citation.source
                    );
                }
                let related: Vec<&str> = topic
                    .related
                    .iter()
                    .filter_map(|id| rules.topic(id))
                    .map(|related| related.title.as_str())
                    .collect();
                if !related.is_empty() {
                    let _ = writeln!(out, "Related: {}", related.join(", "));
                }
                out.push('\n');
            }
            let runners_up = super::did_you_mean(answer);
            if !runners_up.is_empty() {
                let titles: Vec<&str> = runners_up.iter().map(|t| t.title.as_str()).collect();
                let _ = writeln!(out, "Or did you mean: {}", titles.join(", "));
            }
        }
        Outcome::Declined {
            reason,
            suggestions,
        } => {
            let mut text = super::decline_text(*reason, rules, suggestions).into_owned();
            if let Some(here) =
                super::whole_role_people(*reason, suggestions, rules, team, as_written)
            {
                text = super::under_first_line(&text, &here);
            }
            let _ = writeln!(out, "{text}");
            for topic in suggestions {
                let _ = writeln!(out, "  - {}", topic.title);
            }
        }
    }
    out.trim_end().to_string()
}

/// Text the table's keepers wrote (role names, holders named as text), shown as written:
/// a terminal has no markup to escape it from.
fn as_written(text: &str) -> String {
    text.to_string()
}

/// Slack's `*bold*` markers read as noise in a terminal.
fn plain(mrkdwn: &str) -> String {
    mrkdwn.trim().replace('*', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terminal_answer_names_the_workspace_holder_under_the_owner() {
        let rules = crate::rules::embedded().unwrap();
        let engine = crate::answer::Engine::new(rules);
        let team = Team::parse("team.toml", "product_manager = \"#product\"\n").unwrap();
        let answer = engine.answer("who owns product strategy?");
        assert_eq!(
            answer.owner(),
            Some(&crate::rules::Owner::role("product_manager"))
        );

        let text = to_terminal(&answer, engine.rules(), Some(&team));

        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].ends_with(": Product manager"), "{text}");
        assert_eq!(lines[1], "In this workspace: #product");
        assert!(!to_terminal(&answer, engine.rules(), None).contains("In this workspace"));
    }

    #[test]
    fn a_holder_named_as_text_reads_as_written_in_the_terminal() {
        let rules = crate::rules::embedded().unwrap();
        let engine = crate::answer::Engine::new(rules);
        let team = Team::parse("team.toml", "product_manager = \"R&D <lead>\"\n").unwrap();
        let answer = engine.answer("who owns product strategy?");

        let text = to_terminal(&answer, engine.rules(), Some(&team));

        assert_eq!(
            text.lines().nth(1),
            Some("In this workspace: R&D <lead>"),
            "{text}"
        );
    }
}
