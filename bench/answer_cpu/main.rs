//! `Engine::answer` over a fixed mix of questions, for instruction counts (bench/README.md,
//! "Answer CPU"). Run under callgrind twice, with N and 10N rounds: the difference divided
//! by the answers in between is what one answer costs, start-up cancelled out.
//!
//! `cargo run --release --example answer_cpu -- ROUNDS [QUESTION]`: without QUESTION, the mix.

use rolecall::live::Sources;
use std::hint::black_box;

// The server's allocator (src/main.rs): allocation counts as it does there.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Twenty-one questions from `eval/holdout.jsonl` (the first of each kind, in file order)
/// plus the load test's one and a question with Slack markup: answers, declines (out of
/// scope, small talk), typos, a two-part question and comparisons.
const MIX: [&str; 21] = [
    "we've got hundreds of NPS comments and support tickets, who should be going through all that feedback?",
    "who is the point of contcat for the dev team",
    "good morning! how's your day going?",
    "who owns the budget and who maps the dependencies between teams?",
    "what's the salary range for product manager jobs?",
    "we keep getting blocked on stuff \u{1f629} who's meant to help the team clear the blockers?",
    "who handles stakeholdr managment",
    "Which role defines the product strategy?",
    "who from the product side should be showing up to the morning standup?",
    "who keeps the backlog tidy and organised?",
    "who does backlog prioritzation",
    "i'm a PM at a scale-up, should i be the one writing stories for the devs or is that the PO?",
    "Who is in charge of customer feedback?",
    "who works out how many people and what kit a project is going to need?",
    "who owns security reviews for new features?",
    "PO vs PM: who talks to stakeholders?",
    "Who is responsible for the go-to-market plan?",
    "who is the product manager for the checkout squad?",
    "product manager vs product owner, who sets the price?",
    "who owns sprint planning?",
    "<@U0BOT> Customers are sending loads of feedback :pray:, who owns that?",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args
        .next()
        .and_then(|rounds| rounds.parse().ok())
        .expect("usage: answer_cpu ROUNDS [QUESTION]");
    let only = args.next();
    let questions: Vec<&str> = match &only {
        Some(question) => vec![question.as_str()],
        None => MIX.to_vec(),
    };
    let loaded = Sources::new(None, None)
        .load()
        .expect("the embedded table loads");
    let mut answered = 0;
    for _ in 0..rounds {
        for question in &questions {
            answered += usize::from(loaded.engine.answer(black_box(question)).is_answered());
        }
    }
    println!("{answered} answered of {}", rounds * questions.len());
}
