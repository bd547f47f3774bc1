//! What only the analysed table shows wrong: aliases that read as another role's or another
//! topic's once stemmed. The loaders refuse such a table as they refuse any other mistake,
//! so `check`, `serve`, a reload and `ask` agree on which tables are good.

use super::Engine;
use crate::rules::{LoadError, Problem, Rules};

impl Engine {
    /// The engine for `rules`, or every alias clash in it as a load error.
    pub fn checked(rules: Rules) -> Result<Engine, LoadError> {
        let engine = Engine::new(rules);
        let problems = engine.problems();
        if problems.is_empty() {
            Ok(engine)
        } else {
            Err(LoadError::Invalid(problems))
        }
    }

    /// Role aliases that read as another role, then topic aliases that read as another
    /// topic's: the matcher never finds their own role or topic by them.
    pub fn problems(&self) -> Vec<Problem> {
        let roles = self.role_alias_clashes().into_iter().map(|clash| Problem {
            file: "roles.toml".into(),
            topic: None,
            message: format!(
                "role '{}': alias '{}' reads as role '{}' (word endings and articles aside), \
                 so it never names '{}'; reword or drop it",
                clash.role, clash.alias, clash.reads_as, clash.role
            ),
        });
        let file = |id: &str| {
            self.rules
                .topic(id)
                .map_or_else(|| "?".to_string(), |topic| topic.file.clone())
        };
        let topics = self.alias_clashes().into_iter().map(|clash| Problem {
            file: file(&clash.topic),
            topic: Some(clash.topic.clone()),
            message: format!(
                "alias '{}' reads the same as alias '{}' of topic '{}' ({}); reword one",
                clash.alias,
                clash.other_alias,
                clash.other,
                file(&clash.other)
            ),
        });
        roles.chain(topics).collect()
    }
}
