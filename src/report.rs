//! `gaps` and `stats`: pure summaries over rows read from the question log. No I/O; the CLI
//! reads the rows and prints what these return.

use crate::question_log::{Feedback, LogRow, Surface, UserHash};
use crate::rules::Owner;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// "1 topic", "3 topics": a count with its noun, for the tools' one-line summaries.
pub fn counted(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// A question the table could not answer well: declined, or answered and marked "Not quite".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// The normalised question text.
    pub question: String,
    /// Times it was declined or marked "Not quite".
    pub count: u64,
    pub declined: u64,
    pub not_quite: u64,
    /// Of its declines, how many the asker followed by picking a suggested topic.
    pub picked: u64,
    /// The topic an asker picked (the latest pick), else the nearest topic seen for it (the
    /// most confident row's); `confidence` is that row's.
    pub topic: Option<String>,
    pub confidence: f32,
    /// Unix seconds of the latest such row.
    pub last_asked: i64,
}

/// Groups the misses by question text, most frequent first (ties: most recent first).
pub fn gaps(rows: &[LogRow]) -> Vec<Gap> {
    let mut by_question: HashMap<&str, Gap> = HashMap::new();
    for row in rows {
        let not_quite = row.feedback == Feedback::NotQuite;
        if row.answered && !not_quite {
            continue;
        }
        // No text beside a kept asker is a question of no words ("??", an emoji), not a
        // row logged with `--log-text off` (which keeps neither): nothing to show or draft,
        // and it must not make the report say the log holds no text.
        if row.question.is_empty() && row.user != UserHash::NOT_KEPT {
            continue;
        }
        let gap = by_question
            .entry(row.question.as_str())
            .or_insert_with(|| Gap {
                question: row.question.clone(),
                count: 0,
                declined: 0,
                not_quite: 0,
                picked: 0,
                topic: None,
                confidence: f32::NEG_INFINITY,
                last_asked: row.asked_at,
            });
        let picked = row.feedback == Feedback::Picked;
        // What an asker chose beats what the table guessed; rows come oldest first, so
        // among picks the latest stays.
        let better = picked || (gap.picked == 0 && row.confidence > gap.confidence);
        if better {
            gap.confidence = row.confidence;
            gap.topic = row.topic.clone();
        }
        gap.count += 1;
        gap.declined += u64::from(!row.answered);
        gap.not_quite += u64::from(not_quite);
        gap.picked += u64::from(picked);
        gap.last_asked = gap.last_asked.max(row.asked_at);
    }
    let mut gaps: Vec<Gap> = by_question.into_values().collect();
    gaps.sort_by(|a, b| {
        (b.count, b.last_asked, &a.question).cmp(&(a.count, a.last_asked, &b.question))
    });
    gaps
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub asked: u64,
    pub answered: u64,
    pub declined: u64,
    /// declined / asked; `None` with nothing asked.
    pub decline_rate: Option<f64>,
    pub helpful: u64,
    pub not_quite: u64,
    /// helpful / (helpful + not_quite); `None` with no feedback.
    pub helpful_rate: Option<f64>,
    /// Declines after which the asker picked one of the suggested topics: how often the
    /// suggestions held what the table missed.
    pub picked: u64,
    pub by_surface: Vec<SurfaceCount>,
    /// Answered questions per owner of the answered topic ("unknown" for a topic no longer
    /// in the rules table).
    pub by_owner: Vec<Count>,
    pub by_topic: Vec<Count>,
    /// UTC hours with the most questions, busiest first.
    pub busiest_hours: Vec<HourCount>,
}

/// What [`Stats::by_owner`] calls the owner of a logged topic the rules table does not have.
pub const UNKNOWN_OWNER: &str = "unknown";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SurfaceCount {
    pub surface: Surface,
    pub asked: u64,
    pub answered: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub name: String,
    pub count: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HourCount {
    /// 0..=23, UTC.
    pub hour: u8,
    pub count: u64,
}

/// How many busiest hours `stats` lists.
pub const BUSIEST_HOURS: usize = 3;

/// Counts over `rows`; `owner_of` maps a topic id to its owner in the current rules table.
pub fn stats(rows: &[LogRow], owner_of: impl Fn(&str) -> Option<Owner>) -> Stats {
    let asked = rows.len() as u64;
    let answered = rows.iter().filter(|r| r.answered).count() as u64;
    let declined = asked - answered;
    let helpful = count_feedback(rows, Feedback::Helpful);
    let not_quite = count_feedback(rows, Feedback::NotQuite);
    let mut by_surface: BTreeMap<Surface, SurfaceCount> = BTreeMap::new();
    let mut by_owner: HashMap<String, u64> = HashMap::new();
    let mut by_topic: HashMap<String, u64> = HashMap::new();
    let mut by_hour = [0u64; 24];
    for row in rows {
        let surface = by_surface.entry(row.surface).or_insert(SurfaceCount {
            surface: row.surface,
            asked: 0,
            answered: 0,
        });
        surface.asked += 1;
        surface.answered += u64::from(row.answered);
        by_hour[hour_of(row.asked_at)] += 1;
        if let (true, Some(topic)) = (row.answered, &row.topic) {
            let owner = owner_of(topic);
            let owner = owner.as_ref().map_or(UNKNOWN_OWNER, Owner::label);
            *by_owner.entry(owner.to_string()).or_default() += 1;
            *by_topic.entry(topic.clone()).or_default() += 1;
        }
    }
    Stats {
        asked,
        answered,
        declined,
        decline_rate: ratio(declined, asked),
        helpful,
        not_quite,
        helpful_rate: ratio(helpful, helpful + not_quite),
        picked: count_feedback(rows, Feedback::Picked),
        by_surface: by_surface.into_values().collect(),
        by_owner: ranked(by_owner),
        by_topic: ranked(by_topic),
        busiest_hours: busiest(&by_hour),
    }
}

fn count_feedback(rows: &[LogRow], feedback: Feedback) -> u64 {
    rows.iter().filter(|r| r.feedback == feedback).count() as u64
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn hour_of(unix_seconds: i64) -> usize {
    // rem_euclid keeps times before 1970 in 0..24 too.
    (unix_seconds.rem_euclid(24 * 60 * 60) / (60 * 60)) as usize
}

/// Most first; ties by name so the output is stable.
fn ranked(counts: HashMap<String, u64>) -> Vec<Count> {
    let mut ranked: Vec<Count> = counts
        .into_iter()
        .map(|(name, count)| Count { name, count })
        .collect();
    ranked.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    ranked
}

fn busiest(by_hour: &[u64; 24]) -> Vec<HourCount> {
    let mut hours: Vec<HourCount> = (0u8..24)
        .zip(by_hour)
        .filter(|(_, count)| **count > 0)
        .map(|(hour, count)| HourCount {
            hour,
            count: *count,
        })
        .collect();
    hours.sort_by(|a, b| b.count.cmp(&a.count).then(a.hour.cmp(&b.hour)));
    hours.truncate(BUSIEST_HOURS);
    hours
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_of_one_is_singular() {
        assert_eq!(counted(1, "topic", "topics"), "1 topic");
        assert_eq!(counted(0, "quote", "quotes"), "0 quotes");
        assert_eq!(counted(2, "alias", "aliases"), "2 aliases");
    }
    use crate::question_log::{QuestionId, Salt};

    const HOUR: i64 = 60 * 60;

    fn row(question: &str, topic: &str, confidence: f32, answered: bool) -> LogRow {
        LogRow {
            question_id: QuestionId::next(),
            asked_at: 10 * HOUR,
            surface: Surface::Slash,
            team_id: "T1".into(),
            user: Salt::from_stored("00").hash("T1", "U1"),
            question: question.into(),
            topic: Some(topic.into()),
            confidence,
            answered,
            feedback: Feedback::None,
        }
    }

    fn with(mut row: LogRow, edit: impl FnOnce(&mut LogRow)) -> LogRow {
        edit(&mut row);
        row
    }

    #[test]
    fn gaps_group_declines_and_not_quite_by_question_most_frequent_first() {
        let rows = [
            row("who owns pricing", "pricing", 0.2, false),
            row("who owns pricing", "roadmap", 0.3, false),
            row("who owns the roadmap", "roadmap", 0.9, true),
            with(row("who writes specs", "specs", 0.6, true), |r| {
                r.feedback = Feedback::NotQuite;
            }),
            with(row("who owns the roadmap", "roadmap", 0.9, true), |r| {
                r.feedback = Feedback::Helpful;
            }),
        ];
        let gaps = gaps(&rows);
        assert_eq!(gaps.len(), 2, "{gaps:?}");
        assert_eq!(gaps[0].question, "who owns pricing");
        assert_eq!(
            (gaps[0].count, gaps[0].declined, gaps[0].not_quite),
            (2, 2, 0)
        );
        assert_eq!(
            gaps[0].topic.as_deref(),
            Some("roadmap"),
            "the most confident row's topic"
        );
        assert_eq!(gaps[0].confidence, 0.3);
        assert_eq!(
            (gaps[1].question.as_str(), gaps[1].not_quite),
            ("who writes specs", 1)
        );
    }

    #[test]
    fn a_topic_the_asker_picked_beats_the_nearest_and_the_latest_pick_stays() {
        let picked = |topic: &str, at: i64| {
            with(row("who restocks the gizmos", topic, 0.1, false), |r| {
                r.feedback = Feedback::Picked;
                r.asked_at = at;
            })
        };
        let rows = [
            picked("stock", HOUR),
            row("who restocks the gizmos", "budget", 0.4, false),
            picked("ordering", 11 * HOUR),
        ];
        let gaps = gaps(&rows);
        assert_eq!((gaps[0].count, gaps[0].declined, gaps[0].picked), (3, 3, 2));
        assert_eq!(gaps[0].topic.as_deref(), Some("ordering"));
    }

    #[test]
    fn stats_count_the_declines_whose_askers_picked_a_suggestion() {
        let rows = [
            row("a", "roadmap", 0.1, false),
            with(row("b", "backlog", 0.1, false), |r| {
                r.feedback = Feedback::Picked;
            }),
            with(row("c", "backlog", 0.9, true), |r| {
                r.feedback = Feedback::Helpful;
            }),
        ];
        let stats = stats(&rows, |_| None);
        assert_eq!((stats.declined, stats.picked, stats.helpful), (2, 1, 1));
        assert_eq!(
            stats.helpful_rate,
            Some(1.0),
            "a pick is no verdict on an answer"
        );
    }

    #[test]
    fn stats_count_rates_owners_topics_surfaces_and_hours() {
        let rows = [
            row("a", "roadmap", 0.9, true),
            with(row("b", "roadmap", 0.9, true), |r| {
                r.feedback = Feedback::Helpful
            }),
            with(row("c", "backlog", 0.9, true), |r| {
                r.feedback = Feedback::NotQuite;
                r.surface = Surface::Mention;
                r.asked_at = 14 * HOUR + 5;
            }),
            with(row("d", "gone", 0.9, true), |r| {
                r.feedback = Feedback::Helpful
            }),
            with(row("e", "roadmap", 0.1, false), |r| {
                r.asked_at = 24 * HOUR + 14 * HOUR
            }),
        ];
        let owner_of = |topic: &str| match topic {
            "roadmap" => Some(Owner::role("product_manager")),
            "backlog" => Some(Owner::role("product_owner")),
            _ => None,
        };
        let stats = stats(&rows, owner_of);
        assert_eq!((stats.asked, stats.answered, stats.declined), (5, 4, 1));
        assert_eq!(stats.decline_rate, Some(0.2));
        assert_eq!(stats.helpful_rate, Some(2.0 / 3.0));
        let owners: Vec<_> = stats
            .by_owner
            .iter()
            .map(|c| (c.name.as_str(), c.count))
            .collect();
        assert_eq!(
            owners,
            [("product_manager", 2), ("product_owner", 1), ("unknown", 1)]
        );
        assert_eq!(
            stats.by_topic[0],
            Count {
                name: "roadmap".into(),
                count: 2
            }
        );
        assert_eq!(
            stats.by_surface,
            [
                SurfaceCount {
                    surface: Surface::Slash,
                    asked: 4,
                    answered: 3
                },
                SurfaceCount {
                    surface: Surface::Mention,
                    asked: 1,
                    answered: 1
                },
            ]
        );
        assert_eq!(
            stats.busiest_hours,
            [
                HourCount { hour: 10, count: 3 },
                HourCount { hour: 14, count: 2 }
            ]
        );
    }

    #[test]
    fn the_panel_the_shortcut_and_the_step_count_as_their_own_surfaces() {
        let on = |surface, answered| {
            with(row("who owns pricing", "pricing", 0.2, answered), |r| {
                r.surface = surface;
            })
        };
        let rows = [
            on(Surface::Assistant, true),
            on(Surface::Shortcut, true),
            on(Surface::Step, false),
            on(Surface::Step, true),
        ];
        let by_surface: Vec<(&str, u64, u64)> = stats(&rows, |_| None)
            .by_surface
            .iter()
            .map(|s| (s.surface.as_str(), s.asked, s.answered))
            .collect();
        assert_eq!(
            by_surface,
            [("assistant", 1, 1), ("shortcut", 1, 1), ("step", 2, 1)]
        );
        assert_eq!(gaps(&rows)[0].declined, 1, "a step's decline is a gap too");
    }

    #[test]
    fn stats_on_an_empty_log_have_no_rates() {
        let stats = stats(&[], |_| None);
        assert_eq!(stats.asked, 0);
        assert_eq!(stats.decline_rate, None);
        assert_eq!(stats.helpful_rate, None);
        assert!(stats.busiest_hours.is_empty());
    }
}
