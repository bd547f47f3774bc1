//! A question that names a role: the role's one topic, the titles its holder goes by, or
//! its topics offered when it names nothing else.

use crate::answer::rank::rank;
use crate::answer::tokens::{Class, Word};
use crate::answer::{Answer, Engine, Kind, intent};
use crate::rules::{Role, Topic};

impl Engine {
    /// The declared role a question names when it names one and nothing else (function
    /// words aside).
    fn the_only_role(&self, words: &[Word]) -> Option<&Role> {
        let mut roles = words.iter().filter(|word| word.class == Class::Role);
        let (Some(role), None) = (roles.next(), roles.next()) else {
            return None;
        };
        let only_the_role = words
            .iter()
            .all(|word| matches!(word.class, Class::Role | Class::Stop | Class::Mark(_)));
        if !only_the_role {
            return None;
        }
        self.rules.role(role.stem.strip_prefix('@')?)
    }

    /// "what does the kit man do?" when the kit man owns one topic: that topic is the whole
    /// role, so it answers (a role owning several declines with a list instead). "who is the
    /// kit man?" asks for a person, which no topic says.
    pub(in crate::answer) fn role_of_one_topic(
        &self,
        question: &str,
        words: &[Word],
    ) -> Option<Answer<'_>> {
        if intent::expects(words) == intent::Expects::Owner {
            return None;
        }
        let id = &self.the_only_role(words)?.id;
        let mut owned = self
            .rules
            .topics
            .iter()
            .enumerate()
            .filter(|(_, topic)| owns(topic, id));
        let (Some((only, _)), None) = (owned.next(), owned.next()) else {
            return None;
        };
        Some(self.sure_of(
            question,
            only,
            Kind::Single,
            &rank(&self.index, words, true),
        ))
    }

    /// "what does the duty vet do?", "who is the clinical director?": a question that names
    /// one role and nothing else asks about the role as a whole, which no one topic
    /// answers; any topic that role words happen to match best would misstate the role
    /// (the clinical director "is" the controlled drugs register). The role's own topics,
    /// as the role alone ranks them, are offered instead.
    pub(in crate::answer) fn names_only_a_role(&self, words: &[Word]) -> Option<Vec<&Topic>> {
        let id = &self.the_only_role(words)?.id;
        let ranking = rank(&self.index, words, true);
        let owned = self.first_topics(
            ranking
                .top
                .iter()
                .map(|(topic, _)| *topic)
                .chain(0..self.rules.topics.len()),
            crate::answer::ROLE_TOPICS,
            |topic| owns(topic, id),
        );
        (!owned.is_empty()).then_some(owned)
    }

    /// The topics of each of the two roles a question names, taken in turn (the first
    /// role's first topic, the second's, ...), when it names exactly two.
    pub(in crate::answer) fn each_roles_topics(&self, words: &[Word]) -> Option<Vec<&Topic>> {
        let [first, second] = intent::role_ids(words)[..] else {
            return None;
        };
        let of = |id: &str| {
            self.first_topics(
                0..self.rules.topics.len(),
                crate::answer::ROLE_TOPICS / 2,
                |topic| owns(topic, id),
            )
        };
        let (firsts, seconds) = (of(first), of(second));
        let mut taken: Vec<&Topic> = Vec::with_capacity(firsts.len() + seconds.len());
        for index in 0..firsts.len().max(seconds.len()) {
            for topic in [firsts.get(index), seconds.get(index)]
                .into_iter()
                .flatten()
            {
                if !taken.iter().any(|seen| seen.id == topic.id) {
                    taken.push(topic);
                }
            }
        }
        (!taken.is_empty()).then_some(taken)
    }

    /// "who is the designated premises supervisor?", "who's the DPS?": a question that
    /// names one role and nothing else asks who holds that title. Tables give a role the
    /// titles of its duties as aliases, and the documents name the duty with the title: the
    /// one topic whose answer or quotes use the title as written answers, if that role owns
    /// it. A role's name is in many topics, and that question declines as before.
    pub(in crate::answer) fn title_holder(
        &self,
        question: &str,
        words: &[Word],
    ) -> Option<Answer<'_>> {
        if intent::expects(words) != intent::Expects::Owner {
            return None;
        }
        let role = self.the_only_role(words)?;
        let id = role.id.as_str();
        let asked = question.to_lowercase();
        let mut titles: Vec<String> = role
            .aliases
            .iter()
            .map(|alias| alias.to_lowercase())
            .filter(|alias| has_phrase(&asked, alias))
            .collect();
        // "DPS" stands for the alias it abbreviates, which is what the documents write.
        let spelled: Vec<String> = role
            .aliases
            .iter()
            .filter(|alias| titles.iter().any(|title| spells(title, alias)))
            .map(|alias| alias.to_lowercase())
            .collect();
        titles.extend(spelled);
        let mut naming = self.rules.topics.iter().enumerate().filter(|(_, topic)| {
            std::iter::once(&topic.answer)
                .chain(topic.sources.iter().map(|citation| &citation.quote))
                .any(|text| {
                    let text = text.to_lowercase();
                    titles.iter().any(|title| has_phrase(&text, title))
                })
        });
        let (Some((holder, topic)), None) = (naming.next(), naming.next()) else {
            return None;
        };
        (topic.owner == crate::rules::Owner::role(id)).then(|| {
            self.sure_of(
                question,
                holder,
                Kind::Single,
                &rank(&self.index, words, true),
            )
        })
    }
}

/// Whether role `id` owns `topic`, alone or with others.
fn owns(topic: &Topic, id: &str) -> bool {
    topic.owner.roles().iter().any(|owner| owner == id)
}

/// Whether `text` holds `phrase` as whole words (both in lower case).
fn has_phrase(text: &str, phrase: &str) -> bool {
    let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    !phrase.is_empty()
        && text.match_indices(phrase).any(|(at, _)| {
            edge(text[..at].chars().next_back()) && edge(text[at + phrase.len()..].chars().next())
        })
}

/// Whether a one-word title is the initials of a longer alias ("dps", "designated
/// premises supervisor").
fn spells(title: &str, alias: &str) -> bool {
    let initials: String = alias
        .split_whitespace()
        .filter_map(|word| word.chars().next())
        .flat_map(char::to_lowercase)
        .collect();
    initials.chars().count() >= 2 && !title.contains(' ') && initials == title
}
