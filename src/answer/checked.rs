//! What only the analysed table shows: aliases that read as another role's or another
//! topic's once stemmed. A role alias that reads as another role is refused, as one alias on
//! two roles is, so `check`, `serve`, a reload and `ask` agree on which tables are good. Two
//! topics whose aliases read the same are only a warning: the exact lookup answers neither
//! by that alias, and the rest of the table works, so a whole table is not refused for it.

use super::Engine;
use crate::rules::{LoadError, Problem, Rules};

impl Engine {
    /// The engine for `rules`, or every role alias clash in it as a load error.
    pub fn checked(rules: Rules) -> Result<Engine, LoadError> {
        let engine = Engine::new(rules);
        let problems = engine.problems();
        if problems.is_empty() {
            Ok(engine)
        } else {
            Err(LoadError::Invalid(problems))
        }
    }

    /// Role aliases that read as another role: the matcher never finds their own role by
    /// them.
    pub fn problems(&self) -> Vec<Problem> {
        self.role_alias_clashes()
            .into_iter()
            .map(|clash| Problem {
                file: "roles.toml".into(),
                topic: None,
                message: format!(
                    "role '{}': alias '{}' reads as role '{}' (word endings and articles aside), \
                 so it never names '{}'; reword or drop it",
                    clash.role, clash.alias, clash.reads_as, clash.role
                ),
            })
            .collect()
    }

    /// Topic aliases that read the same as another topic's: neither topic is found by them
    /// word for word (said by `check` and `serve` without refusing the table).
    pub fn warnings(&self) -> Vec<Problem> {
        let file = |id: &str| {
            self.rules
                .topic(id)
                .map_or_else(|| "?".to_string(), |topic| topic.file.clone())
        };
        self.alias_clashes()
            .into_iter()
            .map(|clash| Problem {
                file: file(&clash.topic),
                topic: Some(clash.topic.clone()),
                message: format!(
                    "alias '{}' reads the same as alias '{}' of topic '{}' ({}), so it finds \
                     neither; reword one",
                    clash.alias,
                    clash.other_alias,
                    clash.other,
                    file(&clash.other)
                ),
            })
            .collect()
    }

    /// Aliases that, asked as they are written, are not answered by their own topic: the
    /// table says people ask that topic so, and they would get another answer or none
    /// (said by `check`; an alias that reads as another topic's is said as a clash).
    pub fn unanswered_aliases(&self) -> Vec<Problem> {
        let clashing: Vec<String> = self
            .alias_clashes()
            .into_iter()
            .flat_map(|clash| [clash.alias, clash.other_alias])
            .collect();
        let mut found = Vec::new();
        for topic in &self.rules.topics {
            for alias in topic
                .aliases
                .iter()
                .filter(|alias| !clashing.contains(alias))
            {
                let answer = self.answer(alias);
                let got = answer.topics().first().map(|got| got.id.as_str());
                if got == Some(topic.id.as_str()) {
                    continue;
                }
                let instead = match got {
                    Some(other) => format!("topic '{other}' answers it"),
                    None => "it is declined".to_string(),
                };
                found.push(Problem {
                    file: topic.file.clone(),
                    topic: Some(topic.id.clone()),
                    message: format!(
                        "alias '{alias}', asked as it is, is not answered by this topic: \
                         {instead} (`rolecall ask --explain` says why); reword it"
                    ),
                });
            }
        }
        found
    }
}
