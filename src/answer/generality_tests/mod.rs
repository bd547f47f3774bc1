//! What every table gets, whoever wrote it: the documents' words as vocabulary, English
//! question frames, built-in out-of-scope knowledge (and `allow`), names the documents use,
//! asking words a table uses as nouns, two roles around a duty. Tables of questions on a
//! small governance table that is not the default one.

use super::explain::Reading;
use super::{DeclineReason, Engine, Kind, Outcome};
use crate::rules::{Citation, Messages, Owner, Role, Rules, Scope, Synonyms, Topic};

mod clauses;
mod out_of_scope;
mod people;
mod roles;
mod spelling;
mod what_is_asked;
mod words;

fn topic(id: &str, title: &str, aliases: &[&str], quote: &str) -> Topic {
    Topic {
        id: id.into(),
        title: title.into(),
        owner: Owner::Info,
        answer: format!("{title}: see the quote."),
        sources: vec![Citation {
            source: "governance".into(),
            quote: quote.into(),
        }],
        aliases: aliases.iter().map(|alias| alias.to_string()).collect(),
        related: Vec::new(),
        note: None,
        compares: Vec::new(),
        file: "topics/governance.toml".into(),
    }
}

/// [`topic`], owned by one role.
fn owned_by(owner: &str, topic: Topic) -> Topic {
    Topic {
        owner: Owner::role(owner),
        ..topic
    }
}

/// [`topic`], with an answer of its own: the time, the number or the rule the topic states.
fn topic_answering(id: &str, title: &str, aliases: &[&str], quote: &str, answer: &str) -> Topic {
    Topic {
        answer: answer.into(),
        ..topic(id, title, aliases, quote)
    }
}

fn engine_with(scope: Scope) -> Engine {
    let topics = vec![
        topic(
            "subprojects",
            "New subprojects",
            &["who approves a new subproject", "adding a subproject"],
            "The steering committee approves the creation of a new subproject.",
        ),
        topic(
            "releases",
            "Cutting releases",
            &["who cuts a release", "who writes the changelog"],
            "The release lead freezes the branch and publishes the packages to the registry.",
        ),
        topic(
            "paging",
            "Escalation when a page is missed",
            &["who answers pages", "what happens if nobody acks a page"],
            "The page escalates in PagerDuty to the secondary after ten minutes.",
        ),
        topic(
            "repositories",
            "Repository administration",
            &[
                "who administers the github organisation",
                "who creates repositories",
            ],
            "The platform team administers the GitHub organisation.",
        ),
        topic(
            "role-descriptions",
            "Role descriptions",
            &["where are the role descriptions"],
            "Each role description lists its duties.",
        ),
        topic(
            "tool-descriptions",
            "Tool descriptions",
            &["where are the tool descriptions"],
            "Each tool description lists its settings.",
        ),
        topic(
            "merging",
            "Merging pull requests",
            &["who merges pull requests", "who can approve a pull request"],
            "A maintainer reviews and merges pull requests.",
        ),
        Topic {
            compares: vec!["maintainer".into(), "reviewer".into()],
            ..topic(
                "review-roles",
                "Who does what in a review",
                &["what each review role does", "review roles explained"],
                "A reviewer comments; a maintainer decides.",
            )
        },
    ];
    let synonyms = Synonyms {
        roles: vec!["maintainer".into(), "reviewer".into()],
        ..Synonyms::default()
    };
    let messages = Messages {
        help: "help".into(),
        welcome: "welcome".into(),
        decline: "decline".into(),
        whole_role: crate::rules::WHOLE_ROLE.into(),
        examples: vec!["who cuts a release?".into()],
    };
    Engine::new(Rules::new(topics, Vec::new(), synonyms, messages).with_scope(scope))
}

fn engine() -> Engine {
    engine_with(Scope::default())
}

/// An engine over just these topics, for a case the shared table cannot stage.
fn engine_of(topics: Vec<Topic>) -> Engine {
    engine_of_roles(topics, &[])
}

/// [`engine_of`], with role words.
fn engine_of_roles(topics: Vec<Topic>, roles: &[&str]) -> Engine {
    let synonyms = Synonyms {
        roles: roles.iter().map(|role| role.to_string()).collect(),
        ..Synonyms::default()
    };
    Engine::new(Rules::new(topics, Vec::new(), synonyms, messages()))
}

fn messages() -> Messages {
    Messages {
        help: "help".into(),
        welcome: "welcome".into(),
        decline: "decline".into(),
        whole_role: crate::rules::WHOLE_ROLE.into(),
        examples: Vec::new(),
    }
}

/// A version-2 role: its id, its name and how people name it.
fn role(id: &str, name: &str, aliases: &[&str]) -> Role {
    Role {
        id: id.into(),
        name: name.into(),
        aliases: aliases.iter().map(|alias| alias.to_string()).collect(),
        about: None,
    }
}

fn answered(engine: &Engine, question: &str) -> Option<String> {
    engine
        .answer(question)
        .topics()
        .first()
        .map(|topic| topic.id.clone())
}

/// Asserts that `question` takes the topic `plain` takes, about as surely: what it adds
/// around the plain question ("ok so", "btw", "thanks in advance!") names no duty.
fn assert_as_sure_as(engine: &Engine, plain: &str, question: &str) {
    let (plain, asked) = (engine.answer(plain), engine.answer(question));
    let topic = |answer: &super::Answer| answer.topics().first().map(|topic| topic.id.clone());
    assert!(topic(&plain).is_some(), "the plain question is answered");
    assert_eq!(topic(&asked), topic(&plain), "{question}");
    assert!(
        asked.confidence >= plain.confidence - 0.05,
        "{question}: {} vs {}",
        asked.confidence,
        plain.confidence
    );
}

/// The words of `question` as `engine` read them (function words set aside).
fn read_words(engine: &Engine, question: &str) -> Vec<String> {
    engine
        .explain(question)
        .words
        .into_iter()
        .map(|(word, _)| word)
        .collect()
}

fn declined_out_of_scope(engine: &Engine, question: &str) -> bool {
    matches!(
        engine.answer(question).outcome,
        Outcome::Declined {
            reason: DeclineReason::OutOfScope,
            ..
        }
    )
}

/// Six duties of a newsroom whose answers share their common words ("story", "website",
/// "take", "off") with one another, as a real table's do.
fn newsroom() -> Engine {
    let duty = |id: &str, title: &str, aliases: &[&str], answer: &str| Topic {
        answer: answer.into(),
        ..topic(id, title, aliases, answer)
    };
    engine_of(vec![
        duty(
            "unpublishing",
            "Removing stories",
            &[
                "who approves deleting an article",
                "takedown request for an archive story",
            ],
            "The editor can take stories down from the website when a court orders it.",
        ),
        duty(
            "corrections",
            "Corrections",
            &[
                "who decides on a correction",
                "who words a correction to a story",
            ],
            "The standards editor signs off each correction to a story on the website.",
        ),
        duty(
            "headlines",
            "Headlines",
            &[
                "who writes headlines",
                "who writes the web headline for a story",
            ],
            "The copy desk writes every headline for a story, in print and on the website.",
        ),
        duty(
            "photos",
            "Photographers",
            &["who takes the photos", "who picks the pictures"],
            "The photo editor books photographers to take pictures for a story, off the rota.",
        ),
        duty(
            "freelancers",
            "Freelancers",
            &[
                "who can take on a freelancer",
                "who agrees a freelance rate",
            ],
            "The section editor takes on freelancers and signs off their rates.",
        ),
        duty(
            "newsletters",
            "Newsletters",
            &[
                "who sends the newsletter",
                "who chooses what goes in the newsletter",
            ],
            "The digital editor sends the morning newsletter with the website's top story.",
        ),
    ])
}

/// A hotel's room service: a duty whose words are in no setting the tests tell.
fn room_service() -> Topic {
    topic(
        "room-service",
        "Room service",
        &["who runs room service", "meals served to bedrooms"],
        "The restaurant manager runs room service.",
    )
}

/// A hotel's room service beside its repairs: a clause that asks about one, a story about
/// broken things around it.
fn room_service_and_repairs() -> Engine {
    engine_of(vec![
        room_service(),
        topic(
            "repairs",
            "Repairs",
            &["who fixes broken things in rooms", "maintenance requests"],
            "Engineering fixes what breaks in guest rooms.",
        ),
    ])
}
