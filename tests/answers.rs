//! The matcher against the embedded table: every alias finds its topic, phrasings the table
//! never saw find the right owner, and out-of-scope questions are declined.

use rolecall::answer::{Engine, Kind, Outcome};
use rolecall::rules::{self, Owner};

fn engine() -> Engine {
    Engine::new(rules::embedded().expect("embedded table is valid"))
}

#[test]
fn every_alias_of_every_table_in_the_repository_answers_its_topic() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut tables = vec![("embedded".to_string(), engine())];
    for folder in ["examples/tables", "eval/blind"] {
        let mut dirs: Vec<_> = std::fs::read_dir(root.join(folder))
            .expect("tables folder")
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.join("roles.toml").is_file())
            .collect();
        dirs.sort();
        for dir in dirs {
            let rules = rules::load_dir(&dir).expect("the repository's tables load");
            tables.push((dir.display().to_string(), Engine::new(rules)));
        }
    }
    assert!(tables.len() > 20, "{} tables", tables.len());
    let misses: Vec<String> = tables
        .iter()
        .flat_map(|(name, engine)| {
            engine
                .unanswered_aliases()
                .into_iter()
                .map(move |problem| format!("{name}: {problem}"))
        })
        .collect();
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn aliases_that_clash_between_topics_still_get_the_right_owner_or_a_decline() {
    let engine = engine();
    for clash in engine.alias_clashes() {
        let answer = engine.answer(&clash.alias);
        let owners: Vec<&Owner> = [&clash.topic, &clash.other]
            .into_iter()
            .filter_map(|id| engine.rules().topic(id).map(|topic| &topic.owner))
            .collect();
        if let Some(owner) = answer.owner() {
            assert!(owners.contains(&owner), "{clash:?} answered {owner}");
        }
    }
}

/// Phrasings written for this test, not copied from any alias: other words, typos, Slack
/// markup. Each names the expected owner.
const HELD_OUT: &[(&str, &str)] = &[
    (
        "whose call is it what we charge for the product?",
        "product_manager",
    ),
    ("who keeps the product backlog tidy?", "product_owner"),
    (
        "who puts the backlog in order of importance",
        "product_owner",
    ),
    ("who defines when a story is done", "product_owner"),
    (
        "who comes up with the big picture vision for the product",
        "product_manager",
    ),
    ("who looks at competitors and the market", "product_manager"),
    (
        "who should developers talk to when they have questions about a story",
        "product_owner",
    ),
    (
        "does the product owner go to sprint retrospectives",
        "product_owner",
    ),
    ("who removes impediments for the team", "shared"),
    (
        "who resolves conflicts between departments",
        "product_manager",
    ),
    (
        "who splits epics into smaller pieces of work",
        "product_owner",
    ),
    (
        "who does the resource planning for projects",
        "project_manager",
    ),
    ("who coaches the team on agile practices", "scrum_master"),
    ("who ownes the prodcut roadmap", "product_manager"),
    ("who writes acceptence criteria", "product_owner"),
    ("who handels the backlgo", "product_owner"),
    ("who owns the bugdet", "product_manager"),
    ("whos responsable for user storys", "product_owner"),
    (
        "<@U0BOT|rolecall> who owns *pricing*? :thinking_face:",
        "product_manager",
    ),
    ("PO vs PM: who owns the backlog?", "product_owner"),
    (
        "sprint planning - product owner or product manager?",
        "product_owner",
    ),
    (
        "how are a product owner and a product manager different?",
        "info",
    ),
    ("what distinguishes a PO from a PM", "info"),
    ("how much does a product owner make?", "info"),
    ("do you need a degree to be a product manager", "info"),
    (
        "who should decide whether a feature is worth building",
        "product_manager",
    ),
    ("who makes the pricing decisions", "product_manager"),
    ("who manages dependencies across teams", "project_manager"),
    ("who maintians the backlog", "product_owner"),
    ("PM vs PO - who talks to customers?", "product_manager"),
    (
        "product owner or product manager: who handles the budget?",
        "product_manager",
    ),
];

#[test]
fn held_out_phrasings_get_the_expected_owner() {
    let engine = engine();
    let mut misses = Vec::new();
    for (question, owner) in HELD_OUT {
        let answer = engine.answer(question);
        if answer.owner().map(Owner::label) != Some(*owner) {
            misses.push(format!(
                "{question}: expected {owner}, got {:?}",
                answer.owner()
            ));
        }
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

const OUT_OF_SCOPE: &[&str] = &[
    "who approves my vacation?",
    "what does John own?",
    "who is the PO for team phoenix",
    "when is the next sprint review?",
    "how do I get a new laptop",
    "where do I submit receipts for reimbursement",
    "tell me a joke",
    "good morning! how are you?",
    "who maintains the kubernetes cluster",
    "who is on call this weekend",
    "who manages the office snacks",
    "what's the wifi password",
    "who handles GDPR requests",
    "write a limerick about product owners",
    "who owns the coffee machine",
    "who's the PM on the growth squad?",
    "is Lisa the product owner for payments",
    "how do I connect to the vpn from home",
    "who won the game last night",
    "when's the quarterly business review",
];

#[test]
fn out_of_scope_questions_are_declined() {
    let engine = engine();
    for question in OUT_OF_SCOPE {
        let answer = engine.answer(question);
        assert!(
            !answer.is_answered(),
            "{question} answered {:?}",
            answer.owner()
        );
    }
}

#[test]
fn two_duties_in_one_question_come_back_in_the_order_asked() {
    let engine = engine();
    let answer = engine.answer("who writes user stories and who does market research?");
    let Outcome::Answered { kind, topics, .. } = &answer.outcome else {
        panic!("declined");
    };
    assert_eq!(*kind, Kind::Multi);
    let owners: Vec<&str> = topics.iter().map(|topic| topic.owner.label()).collect();
    assert_eq!(owners, vec!["product_owner", "product_manager"]);
}

#[test]
fn a_plain_comparison_answers_the_overall_difference_as_info() {
    let engine = engine();
    let answer = engine.answer("PM vs PO");
    assert_eq!(answer.owner(), Some(&Owner::Info));
    assert!(matches!(
        answer.outcome,
        Outcome::Answered {
            kind: Kind::Comparison,
            ..
        }
    ));
}

#[test]
fn confidence_is_always_between_zero_and_one() {
    let engine = engine();
    let questions = HELD_OUT
        .iter()
        .map(|(question, _)| *question)
        .chain(OUT_OF_SCOPE.iter().copied())
        .chain(["", "???", ":wave:", "pm", "<@U1>"]);
    for question in questions {
        let confidence = engine.answer(question).confidence;
        assert!(
            (0.0..=1.0).contains(&confidence),
            "{question}: {confidence}"
        );
    }
}

/// Written for this table in wave 2, not from any alias or eval set: everyday Slack
/// phrasings of duties the sources cover, with the owner the table gives.
const IN_SCOPE_PHRASINGS: &[(&str, &str)] = &[
    (
        "who decides what goes into the next sprint",
        "product_owner",
    ),
    (
        "who talks to customers to understand their needs",
        "product_manager",
    ),
    ("who owns the product vision", "product_manager"),
    ("who figures out what price to charge", "product_manager"),
    ("who keeps the backlog in order", "product_owner"),
    (
        "who writes the acceptance criteria for a story",
        "product_owner",
    ),
    ("who represents the customer to the dev team", "shared"),
    (
        "who decides which features get built first",
        "product_manager",
    ),
    ("who owns the go-to-market plan", "product_manager"),
    ("who manages stakeholders", "shared"),
    (
        "who is accountable for the product's success in the market",
        "product_owner",
    ),
    ("who runs the daily standup", "product_owner"),
    ("who manages the budget for the product", "product_manager"),
    ("who does competitor research", "product_manager"),
    ("who tracks product metrics and kpis", "product_manager"),
    (
        "who works with marketing and sales on the launch",
        "product_manager",
    ),
    ("who decides when to release", "product_manager"),
    (
        "who answers developer questions during the sprint",
        "product_owner",
    ),
    ("who creates user personas", "product_manager"),
    ("who owns the product lifecycle", "product_manager"),
    ("what does a product owner earn", "info"),
    ("do product managers need an mba", "info"),
    ("how do i become a product owner", "info"),
    ("where does the product owner role come from", "info"),
    ("can one person be both pm and po", "info"),
    ("should a startup hire a pm or a po first", "info"),
    ("what is the difference between pm and po", "info"),
    ("pm vs po who owns the roadmap", "product_manager"),
    ("who handles dependencies between teams", "project_manager"),
    (
        "who plans resources and staffing for projects",
        "project_manager",
    ),
    ("who is the scrum master", "scrum_master"),
    ("who removes blockers for the team", "shared"),
    (
        "who accepts the work at the end of the sprint",
        "product_owner",
    ),
    ("who runs the sprint review", "product_owner"),
    ("who breaks epics down into stories", "product_owner"),
    ("who defines the product requirements", "product_owner"),
    ("who sets product goals and okrs", "product_manager"),
    ("who owns customer feedback", "shared"),
    (
        "who decides the long term direction of the product",
        "product_manager",
    ),
    (
        "who communicates with executives about the product",
        "product_manager",
    ),
];

#[test]
fn everyday_phrasings_of_covered_duties_get_their_owner() {
    let engine = engine();
    let misses: Vec<String> = IN_SCOPE_PHRASINGS
        .iter()
        .filter_map(|(question, owner)| {
            let answer = engine.answer(question);
            let got = answer.owner().map(Owner::label);
            (got != Some(*owner)).then(|| format!("{question}: expected {owner}, got {got:?}"))
        })
        .collect();
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

/// Written for this table in wave 2: work a company does that the five sources never
/// discuss, asked with the table's generic words (own, manage, data, team, product, plan).
const UNCOVERED_WORK: &[&str] = &[
    "who owns the data pipeline",
    "who manages the company's twitter account",
    "who does security reviews",
    "who gives legal sign-off on contracts",
    "who owns ci/cd",
    "who maintains the design system",
    "who handles gdpr data deletion requests",
    "who runs postmortems after an outage",
    "who negotiates vendor contracts",
    "who conducts hiring interviews for engineers",
    "who is on call tonight",
    "who approves my expenses",
    "who organises the all-hands",
    "who runs the company blog",
    "who owns the marketing website",
    "who is in charge of the office plants",
    "who manages the data team",
    "who decides on the tech stack",
    "who owns the mobile app release train on the app store",
    "who manages the product photos for the catalog",
    "who handles customer support tickets",
    "who writes the release notes for the api",
    "who handles the translation of the product into other languages",
    "who manages the test environment",
    "who manages partner integrations with salesforce",
    "who runs the team offsite planning",
    "who owns the brand guidelines",
    "who decides the font on the slides",
    "who manages the email marketing campaigns",
    "who owns the crm",
    "who handles invoices from contractors",
    "who approves access to production data",
    "who is the product owner of the billing service",
    "who manages the data warehouse migration",
    "who sets up the ci pipeline",
    "who maintains the monitoring alerts",
    "who approves architecture decisions",
    "who reviews pull requests",
    "who owns the sales team quota",
    "who decides team lunch budget",
    "who plans the christmas party",
    "who does the performance reviews for designers",
    "who handles press releases",
    "who owns the onboarding docs for new hires",
    "who handles legal contracts with customers",
    "who runs the user research lab equipment",
    "who owns the code style guide",
    "who decides which laptop we buy",
];

/// Share of [`UNCOVERED_WORK`] that must be declined. Not all: some of these reuse a
/// covered duty's words so closely that only a list could catch them, and the table does
/// not list questions. Raise it as the matcher improves.
const UNCOVERED_DECLINED: f32 = 0.85;

#[test]
fn questions_about_uncovered_work_are_mostly_declined_and_never_confidently() {
    let engine = engine();
    let answered: Vec<String> = UNCOVERED_WORK
        .iter()
        .map(|question| (question, engine.answer(question)))
        .filter(|(_, answer)| answer.is_answered())
        .map(|(question, answer)| {
            format!("{question}: {:?} {:.2}", answer.owner(), answer.confidence)
        })
        .collect();
    let confident = UNCOVERED_WORK
        .iter()
        .filter(|question| engine.answer(question).confidence >= 0.8)
        .count();
    assert_eq!(
        confident,
        0,
        "answered confidently:\n{}",
        answered.join("\n")
    );
    let declined = 1.0 - answered.len() as f32 / UNCOVERED_WORK.len() as f32;
    assert!(
        declined >= UNCOVERED_DECLINED,
        "declined {declined:.2}; answered:\n{}",
        answered.join("\n")
    );
}
