//! The embedded table's engine, read back from the snapshot build.rs wrote at compile time
//! ([`Engine::from_snapshot`]) instead of parsed and analysed at every start.

use crate::answer::Engine;
use crate::rules::{self, LoadError};

/// `Engine::new(rules::embedded())`, made by build.rs.
static SNAPSHOT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/embedded-engine.bin"));

/// The embedded table's engine.
pub fn engine() -> Result<Engine, LoadError> {
    match Engine::from_snapshot(SNAPSHOT) {
        Ok(engine) => Ok(engine),
        // Only a defect of the build gets here (build.rs wrote the bytes with this code):
        // load the table the slow way rather than not at all.
        Err(_) => rules::embedded().map(Engine::new),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh() -> Engine {
        Engine::new(rules::embedded().unwrap())
    }

    #[test]
    fn the_snapshot_built_at_compile_time_is_the_one_the_table_gives_now() {
        assert!(
            fresh().to_snapshot() == SNAPSHOT,
            "build.rs wrote the snapshot of another table or another engine"
        );
    }

    #[test]
    fn the_snapshot_holds_the_rules_as_the_loader_builds_them() {
        let (fresh, read) = (fresh(), Engine::from_snapshot(SNAPSHOT).unwrap());
        let (fresh, read) = (fresh.rules(), read.rules());
        assert_eq!(format!("{:?}", read.topics), format!("{:?}", fresh.topics));
        assert_eq!(format!("{:?}", read.roles), format!("{:?}", fresh.roles));
        assert_eq!(
            format!("{:?}", read.sources),
            format!("{:?}", fresh.sources)
        );
        assert_eq!(
            format!("{:?}", read.synonyms),
            format!("{:?}", fresh.synonyms)
        );
        assert_eq!(
            format!("{:?}", read.messages),
            format!("{:?}", fresh.messages)
        );
        assert_eq!(format!("{:?}", read.scope), format!("{:?}", fresh.scope));
        for topic in &fresh.topics {
            assert_eq!(read.topic(&topic.id).map(|t| &t.file), Some(&topic.file));
        }
    }

    #[test]
    fn the_engine_read_back_answers_every_question_as_a_fresh_one() {
        let (fresh, read) = (fresh(), Engine::from_snapshot(SNAPSHOT).unwrap());
        let rules = fresh.rules();
        let questions = rules
            .topics
            .iter()
            .flat_map(|topic| topic.aliases.iter().chain([&topic.title]))
            .chain(&rules.messages.examples)
            .map(String::as_str)
            .chain([
                "who owns the roadmpa?",
                "PM vs PO: who writes user stories?",
                "who owns the roadmap and who runs the standup?",
                "what is the wifi password?",
                "",
            ]);
        for question in questions {
            assert_eq!(
                format!("{:?}", read.answer(question)),
                format!("{:?}", fresh.answer(question)),
                "{question}"
            );
        }
    }
}
