//! The manifest's parts for the newer places people ask: the AI-app panel
//! (`features.assistant_view`), the message shortcut (`features.shortcuts`) and the Workflow
//! Builder step (`functions`), each named by the same constants the server handles them by.

use crate::slack::shortcut::WHO_OWNS_THIS;
use crate::slack::surfaces::{FIND_OWNER, Prompt, QUESTION_INPUT, suggested_prompts};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub(super) struct AssistantView {
    assistant_description: &'static str,
    suggested_prompts: Vec<Prompt>,
}

#[derive(Debug, Serialize)]
pub(super) struct Shortcut {
    name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    callback_id: &'static str,
    description: &'static str,
}

/// A custom step (Bolt-style, run by this app), in the shape of Slack's app manifest
/// reference: each side's parameters by name under `properties`, and the names that must be
/// given listed in `required`.
#[derive(Debug, Serialize)]
pub(super) struct Function {
    title: &'static str,
    description: &'static str,
    input_parameters: Parameters,
    output_parameters: Parameters,
}

#[derive(Debug, Serialize)]
pub(super) struct Parameters {
    properties: BTreeMap<&'static str, Parameter>,
    required: Vec<&'static str>,
}

impl Parameters {
    fn new(parameters: impl IntoIterator<Item = Parameter>) -> Self {
        let properties: BTreeMap<_, _> = parameters
            .into_iter()
            .map(|parameter| (parameter.name, parameter))
            .collect();
        let required = properties
            .values()
            .filter(|parameter| parameter.is_required)
            .map(|parameter| parameter.name)
            .collect();
        Parameters {
            properties,
            required,
        }
    }
}

#[derive(Debug, Serialize)]
pub(super) struct Parameter {
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'static str,
    title: &'static str,
    description: &'static str,
    is_required: bool,
}

/// The panel, offering up to four of `examples` as its suggested prompts.
pub(super) fn assistant_view(examples: &[String]) -> AssistantView {
    AssistantView {
        assistant_description: "Ask who owns a piece of work: answers come with their sources.",
        suggested_prompts: suggested_prompts(examples),
    }
}

/// "Who owns this?" on any message.
pub(super) fn shortcuts() -> Vec<Shortcut> {
    vec![Shortcut {
        name: "Who owns this?",
        kind: "message",
        callback_id: WHO_OWNS_THIS,
        description: "Look up who owns what this message asks about",
    }]
}

/// The app's Workflow Builder steps, by callback id.
pub(super) fn functions() -> BTreeMap<&'static str, Function> {
    BTreeMap::from([(FIND_OWNER, find_owner())])
}

/// The "Find the owner" step: a question in; the answer, its owner and people out.
fn find_owner() -> Function {
    let string = |name, title, description, is_required| Parameter {
        kind: "string",
        name,
        title,
        description,
        is_required,
    };
    Function {
        title: "Find the owner",
        description: "Answers who owns a piece of work, with the source it comes from",
        input_parameters: Parameters::new([string(
            QUESTION_INPUT,
            "Question",
            "What to look up: a question about who owns a piece of work",
            true,
        )]),
        output_parameters: Parameters::new([
            Parameter {
                kind: "boolean",
                name: "answered",
                title: "Answered",
                description: "false when rolecall declined: the answer then says why",
                is_required: true,
            },
            string(
                "owner",
                "Owner",
                "The owning role's name; empty when declined",
                false,
            ),
            string(
                "people",
                "People",
                "Who holds that role in this workspace (from the team file); empty when nobody is named",
                false,
            ),
            string(
                "answer",
                "Answer",
                "The answer in Slack formatting, with its source, or the decline",
                true,
            ),
            string(
                "topic",
                "Topic",
                "The answered topic's id; empty when declined",
                false,
            ),
        ]),
    }
}
