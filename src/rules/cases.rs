//! `tests.toml`: a table's own test cases, run by `rolecall test`. Pure: parsing and judging
//! one answer against one case; the command reads the file and prints.

use super::model::Owner;
use crate::answer::Answer;
use serde::Deserialize;

/// One `[[case]]`: a question and what the table must do with it.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The question; `question` reads the same, as people write it.
    #[serde(alias = "question")]
    pub q: String,
    /// The topic expected to answer first.
    #[serde(default)]
    pub topic: Option<String>,
    /// A question with two duties in it ("who allocates moorings and who collects the
    /// subs?"): the topics expected to answer it, one per part, in any order.
    #[serde(default)]
    pub topics: Vec<String>,
    /// The owner expected (`"role_id"`, `["a", "b"]`, `"shared"` for any several, `"info"`;
    /// `"none"` is read as `declines = true`). `roles`, the name `ask --json` gives the
    /// roles behind an answer, reads the same.
    #[serde(default, alias = "roles")]
    pub owner: Option<Owner>,
    /// The question must be declined.
    #[serde(default)]
    pub declines: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cases {
    /// `[[case]]`; `[[test]]` reads the same, in a file named tests.toml.
    #[serde(default, alias = "test")]
    pub case: Vec<Case>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CaseError {
    #[error("{file}:{line}: {message}")]
    Toml {
        file: String,
        line: usize,
        message: String,
    },
    #[error(
        "{file}: case {index} (\"{q}\"): say what to expect: topic, topics, owner or declines = true"
    )]
    NoExpectation {
        file: String,
        index: usize,
        q: String,
    },
    #[error("{file}: case {index} (\"{q}\"): expects a decline and an answer ({answer}); keep one")]
    Contradicts {
        file: String,
        index: usize,
        q: String,
        answer: &'static str,
    },
    #[error("{file}: case {index}: q is empty; write the question to ask")]
    NoQuestion { file: String, index: usize },
}

/// Parses a `tests.toml`; every case must expect something.
pub fn parse(file: &str, text: &str) -> Result<Vec<Case>, CaseError> {
    let cases: Cases = toml::from_str(text).map_err(|error| CaseError::Toml {
        file: file.to_string(),
        line: super::toml_error_line(text, &error),
        message: super::toml_error_message(text, &error),
    })?;
    let cases: Vec<Case> = cases.case.into_iter().map(none_declines).collect();
    for (index, case) in cases.iter().enumerate() {
        check(file, index + 1, case)?;
    }
    Ok(cases)
}

/// `owner = "none"`: `none` is the reserved word for a decline (TABLE-FORMAT.md), so a case
/// written that way expects one, as `declines = true` says.
fn none_declines(case: Case) -> Case {
    match &case.owner {
        Some(Owner::Roles(ids)) if ids.len() == 1 && ids[0] == "none" => Case {
            owner: None,
            declines: true,
            ..case
        },
        _ => case,
    }
}

/// A case that can pass: it asks something, and expects a decline or an answer, not both
/// (an empty question is always declined, so it passed whatever it tested).
fn check(file: &str, index: usize, case: &Case) -> Result<(), CaseError> {
    let (file, q) = (file.to_string(), case.q.clone());
    if case.q.trim().is_empty() {
        return Err(CaseError::NoQuestion { file, index });
    }
    let answer = match (&case.topic, &case.owner, case.topics.is_empty()) {
        (None, None, true) if !case.declines => {
            return Err(CaseError::NoExpectation { file, index, q });
        }
        (None, None, true) => return Ok(()),
        (None, None, false) => "topics",
        (Some(_), None, _) => "topic",
        (None, Some(_), _) => "owner",
        (Some(_), Some(_), _) => "topic and owner",
    };
    if case.declines {
        return Err(CaseError::Contradicts {
            file,
            index,
            q,
            answer,
        });
    }
    Ok(())
}

/// What in `cases` names no topic or role of `rules`: such a case could never pass, and
/// says the table or the test went stale.
pub fn problems(file: &str, cases: &[Case], rules: &super::Rules) -> Vec<String> {
    let mut found = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        let here = |what: String| format!("{file}: case {} (\"{}\"): {what}", index + 1, case.q);
        for topic in case.topic.iter().chain(&case.topics) {
            if rules.topic(topic).is_none() {
                found.push(here(format!("topic '{topic}' is no topic of the table")));
            }
        }
        if let Some(Owner::Roles(ids)) = &case.owner {
            if ids.is_empty() {
                found.push(here(
                    "owner = [] names no role: name the roles, or write declines = true"
                        .to_string(),
                ));
            }
            let shared = ids.len() == 1 && ids[0] == "shared";
            for id in ids.iter().filter(|_| !shared) {
                if rules.role(id).is_none() {
                    found.push(here(format!(
                        "owner '{id}' is no role in roles.toml{}",
                        super::validate::owner_hint(rules, id)
                    )));
                }
            }
        }
    }
    found
}

/// Why an answer fails its case, or `None` when it passes.
pub fn judge(case: &Case, answer: &Answer<'_>) -> Option<String> {
    let got_topic = answer.topics().first().map(|topic| topic.id.as_str());
    let got_owner = answer.owner();
    let got = || match (got_topic, got_owner) {
        (Some(topic), Some(owner)) => format!("topic {topic} (owner {})", owned_by(owner)),
        _ => "a decline".to_string(),
    };
    if case.declines {
        return got_topic.map(|_| format!("expected a decline, got {}", got()));
    }
    if let Some(topic) = &case.topic
        && got_topic != Some(topic.as_str())
    {
        return Some(format!("expected topic {topic}, got {}", got()));
    }
    if let Some(owner) = &case.owner
        && !got_owner.is_some_and(|got| owner_matches(owner, got))
    {
        return Some(format!("expected owner {}, got {}", owned_by(owner), got()));
    }
    let got_topics: Vec<&str> = answer.topics().iter().map(|t| t.id.as_str()).collect();
    let same_topics = got_topics.len() == case.topics.len()
        && case
            .topics
            .iter()
            .all(|topic| got_topics.contains(&topic.as_str()));
    if !case.topics.is_empty() && !same_topics {
        return Some(format!(
            "expected topics {}, got {}",
            case.topics.join(" and "),
            if got_topics.is_empty() {
                "a decline".to_string()
            } else {
                format!("topics {}", got_topics.join(" and "))
            }
        ));
    }
    None
}

/// An owner as a failure names it: a list of roles by their ids ("scrum_master and
/// product_manager"), since "shared" would not say which roles were expected or given.
fn owned_by(owner: &Owner) -> String {
    match owner {
        Owner::Roles(ids) if ids.len() > 1 => ids.join(" and "),
        _ => owner.label().to_string(),
    }
}

/// `"shared"` matches any owner of several roles; a list matches the same roles in any order.
fn owner_matches(expected: &Owner, got: &Owner) -> bool {
    match (expected, got) {
        (Owner::Roles(ids), _) if ids.len() == 1 && ids[0] == "shared" => got.roles().len() > 1,
        (Owner::Roles(want), Owner::Roles(have)) => {
            want.len() == have.len() && want.iter().all(|id| have.contains(id))
        }
        _ => expected == got,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_may_be_written_with_the_names_people_reach_for() {
        let cases = parse(
            "t.toml",
            "[[test]]\nquestion = \"who cuts releases?\"\nroles = [\"a\", \"b\"]\n",
        )
        .expect("parses");
        assert_eq!(cases[0].q, "who cuts releases?");
        assert_eq!(
            cases[0].owner,
            Some(Owner::Roles(vec!["a".into(), "b".into()]))
        );
    }

    #[test]
    fn owner_none_expects_a_decline() {
        let cases = parse(
            "t.toml",
            "[[case]]\nq = \"what's for lunch\"\nowner = \"none\"\n",
        )
        .expect("parses");
        assert!(cases[0].declines);
        assert_eq!(cases[0].owner, None);
    }

    #[test]
    fn a_case_must_expect_something_and_bad_toml_names_the_line() {
        let error = parse("tests.toml", "[[case]]\nq = \"who?\"\n").unwrap_err();
        assert!(error.to_string().contains("case 1 (\"who?\")"), "{error}");
        let error = parse("tests.toml", "[[case]]\nq = \"who?\"\ntopc = \"x\"\n").unwrap_err();
        assert!(error.to_string().starts_with("tests.toml:3:"), "{error}");
        let cases = parse(
            "tests.toml",
            "[[case]]\nq = \"a\"\nowner = [\"x\", \"y\"]\n[[case]]\nq = \"b\"\ndeclines = true\n",
        )
        .unwrap();
        assert_eq!(cases.len(), 2);
        assert_eq!(
            cases[0].owner,
            Some(Owner::Roles(vec!["x".into(), "y".into()]))
        );
    }

    #[test]
    fn a_case_that_could_never_fail_or_never_pass_is_refused_by_number() {
        for (case, says) in [
            (
                "q = \"who?\"\ntopic = \"x\"\ndeclines = true",
                "case 2 (\"who?\"): expects a decline and an answer (topic); keep one",
            ),
            (
                "q = \"who?\"\nowner = \"x\"\ndeclines = true",
                "case 2 (\"who?\"): expects a decline and an answer (owner); keep one",
            ),
            (
                "q = \"who?\"\ntopics = [\"x\", \"y\"]\ndeclines = true",
                "case 2 (\"who?\"): expects a decline and an answer (topics); keep one",
            ),
            (
                "q = \"\"\ntopic = \"x\"",
                "case 2: q is empty; write the question to ask",
            ),
            (
                "q = \"  \"\ndeclines = true",
                "case 2: q is empty; write the question to ask",
            ),
        ] {
            let text = format!("[[case]]\nq = \"fine\"\ndeclines = true\n[[case]]\n{case}\n");
            let error = parse("tests.toml", &text).unwrap_err();
            assert_eq!(error.to_string(), format!("tests.toml: {says}"), "{case}");
        }
    }

    #[test]
    fn shared_and_lists_match_several_roles_in_any_order() {
        let both = Owner::Roles(vec!["a".into(), "b".into()]);
        assert!(owner_matches(&Owner::role("shared"), &both));
        assert!(!owner_matches(&Owner::role("shared"), &Owner::role("a")));
        assert!(owner_matches(
            &Owner::Roles(vec!["b".into(), "a".into()]),
            &both
        ));
        assert!(!owner_matches(&Owner::role("a"), &both));
        assert!(owner_matches(&Owner::Info, &Owner::Info));
    }
}
