//! The embedded table's engine: its rules read from the embedded files, its analysis from
//! the bytes build.rs wrote at compile time ([`Engine::from_snapshot`]).

use crate::answer::Engine;
use crate::rules::Rules;

/// `Engine::new` of the embedded table, run by build.rs.
static ANALYSIS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/embedded-engine.bin"));

/// The engine of the embedded table's `rules`, without analysing them again.
pub fn engine(rules: Rules) -> Engine {
    Engine::from_snapshot(rules, ANALYSIS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    #[test]
    fn the_analysis_built_at_compile_time_is_the_one_the_table_gives_now() {
        let fresh = Engine::new(rules::embedded().unwrap());
        assert!(
            fresh.to_snapshot() == ANALYSIS,
            "build.rs wrote the analysis of another table or another engine"
        );
    }

    #[test]
    fn the_engine_read_back_answers_every_question_as_a_fresh_one() {
        let fresh = Engine::new(rules::embedded().unwrap());
        let read = engine(rules::embedded().unwrap());
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
