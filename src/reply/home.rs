//! Pure: the App Home tab (`views.publish`): what rolecall answers, example questions, the
//! topics grouped by owner, this workspace's role directory (the team file) and how to use
//! `/rolecall`. Kept inside Block Kit's limits for a Home view: 100 blocks, 3,000 characters
//! per section, 150 per header.

use super::slack::{
    Block, HomeView, MAX_HOME_BLOCKS, MAX_SECTION_TEXT, code, escape, example_list, header, italic,
    section, within,
};
use crate::rules::{Owner, Rules, join_names};
use crate::team::Team;

/// How to ask, in the table's own example questions: the first for the slash command, the
/// second (or the first again) for a mention.
fn usage(rules: &Rules) -> String {
    let examples = &rules.messages.examples;
    let asked = |prefix: &str, example: Option<&String>| {
        example.map_or(format!("`{prefix}` and your question"), |example| {
            code(&format!("{prefix} {}", example.trim()))
        })
    };
    let slash = asked("/rolecall", examples.first());
    let mention = asked("@rolecall", examples.get(1).or(examples.first()));
    format!(
        "• {slash} answers privately, with buttons to share the answer in the channel, say \
         whether it helped, or open a related topic.\n\
         • Mention me in a channel ({mention}) and I answer in the thread.\n\
         • Or send me a direct message from the Messages tab.\n\
         • `/rolecall help` shows this summary in any channel."
    )
}

/// The Home tab. `team` is the loaded team file, if any.
pub fn home(rules: &Rules, team: Option<&Team>) -> HomeView {
    let mut head = vec![
        header("rolecall: who owns this work?"),
        section(&about(rules)),
    ];
    let try_asking = "*Try asking:*\n";
    if let Some(examples) = example_list(rules, MAX_SECTION_TEXT - try_asking.len()) {
        head.push(section(&format!("{try_asking}{examples}")));
    }
    let tail = vec![
        Block::Divider,
        header("In this workspace"),
        section(&directory(rules, team)),
        Block::Divider,
        header("How to use /rolecall"),
        section(&usage(rules)),
    ];
    head.push(Block::Divider);
    head.push(header("Topics by owner"));
    let budget = MAX_HOME_BLOCKS.saturating_sub(head.len() + tail.len());
    head.extend(topics(rules, budget));
    head.extend(tail);
    head.truncate(MAX_HOME_BLOCKS);
    HomeView {
        kind: "home",
        blocks: head,
    }
}

fn about(rules: &Rules) -> String {
    let names: Vec<&str> = rules.roles.iter().map(|role| role.name.as_str()).collect();
    let mut text = format!(
        "I answer *who owns* a piece of work here ({}) with a short answer and verbatim \
         quotes from these sources:",
        escape(&join_names(&names)),
    );
    for source in &rules.sources {
        text.push_str(&format!("\n• {}", escape(&source.title)));
        let author = source.author.trim();
        if !author.is_empty() {
            text.push_str(&format!(" ({})", escape(author)));
        }
    }
    text
}

/// Who holds each role here, from the team file: Slack references the team file validated
/// (`<@U123>`, `<#C123>`, `#name`) as they are, names escaped.
fn directory(rules: &Rules, team: Option<&Team>) -> String {
    let rows: Vec<(String, Vec<String>)> = team
        .map(|team| {
            rules
                .roles
                .iter()
                .filter_map(|role| {
                    let holders = team.holders(&Owner::role(&role.id), escape);
                    (!holders.is_empty())
                        .then(|| (format!("• *{}*: ", escape(&role.name)), holders))
                })
                .collect()
        })
        .unwrap_or_default();
    let lines = within(&rows, MAX_SECTION_TEXT);
    if lines.is_empty() {
        // `responses/` is the embedded table's folder: a team's own table lives elsewhere.
        return "No team file is loaded, so answers stay general. An admin can add a \
                `team.toml` to the rules table's folder (or start rolecall with `--team \
                FILE`) to name who holds each role here."
            .to_string();
    }
    lines.join("\n")
}

/// One or more sections per owner (titles joined, each section under the text limit),
/// within `budget` blocks; what does not fit is counted in a last line.
fn topics(rules: &Rules, budget: usize) -> Vec<Block> {
    let mut sections: Vec<String> = Vec::new();
    for owner in rules.owners() {
        let name = escape(&rules.owner_name(&owner));
        let titles: Vec<String> = rules
            .topics
            .iter()
            .filter(|topic| topic.owner == owner)
            .map(|topic| escape(topic.title.trim()))
            .collect();
        if titles.is_empty() {
            continue;
        }
        let mut current = match rules.about(&owner) {
            Some(about) => format!("*{name}* ({}): {}\n", titles.len(), italic(&escape(about))),
            None => format!("*{name}* ({})\n", titles.len()),
        };
        let mut first = true;
        for title in titles {
            let separator = if first { "" } else { " · " };
            // Room is kept for a "…and N more" line should the budget run out.
            if current.chars().count() + separator.len() + title.chars().count()
                > MAX_SECTION_TEXT - 100
            {
                sections.push(current);
                current = format!("*{name}* (continued)\n");
                first = true;
            }
            let separator = if first { "" } else { " · " };
            current.push_str(separator);
            current.push_str(&title);
            first = false;
        }
        sections.push(current);
    }
    if budget == 0 {
        return Vec::new();
    }
    if sections.len() > budget {
        let left_out = sections.len() - budget + 1;
        sections.truncate(budget - 1);
        sections.push(format!(
            "…and {left_out} more groups of topics: ask `/rolecall` about any of them."
        ));
    }
    sections.iter().map(|text| section(text)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::slack::{MAX_HEADER_TEXT, Text};
    use crate::rules::{Messages, Source, Synonyms, Topic};

    fn rules(count: usize, title_len: usize) -> Rules {
        let topics = (0..count)
            .map(|n| Topic {
                id: format!("t{n}"),
                title: format!("{n} {}", "x&".repeat(title_len / 2)),
                owner: match n % 4 {
                    0 => Owner::role("reviewer"),
                    1 => Owner::role("release_captain"),
                    2 => Owner::Roles(vec!["reviewer".into(), "release_captain".into()]),
                    _ => Owner::Info,
                },
                answer: "a".into(),
                sources: vec![],
                aliases: vec![],
                related: vec![],
                note: None,
                compares: vec![],
                file: String::new(),
            })
            .collect();
        Rules::new(
            topics,
            vec![Source {
                id: "s1".into(),
                title: "Roles <explained>".into(),
                author: "A".into(),
            }],
            Synonyms::default(),
            Messages {
                help: "h".into(),
                welcome: "w".into(),
                decline: "d".into(),
                whole_role: crate::rules::WHOLE_ROLE.into(),
                examples: vec!["who owns the roadmap?".into()],
            },
        )
        .with_roles(crate::rules::fixture_roles())
    }

    fn texts(view: &HomeView) -> Vec<String> {
        view.blocks
            .iter()
            .filter_map(|block| match block {
                Block::Header {
                    text: Text::PlainText { text, .. },
                } => {
                    assert!(text.chars().count() <= MAX_HEADER_TEXT);
                    Some(text.clone())
                }
                Block::Section {
                    text: Text::Mrkdwn { text },
                } => {
                    assert!(text.chars().count() <= MAX_SECTION_TEXT, "{}", text.len());
                    Some(text.clone())
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_roles_about_line_follows_its_name_escaped() {
        let mut rules = rules(4, 10);
        rules.roles[0].about = Some("Reads every change & signs it off.".into());
        let all = texts(&home(&rules, None)).join("\n");
        assert!(
            all.contains("*Code reviewer* (1): _Reads every change &amp; signs it off._"),
            "{all}"
        );
        assert!(all.contains("*Release captain* (1)\n"), "{all}");
    }

    #[test]
    fn a_source_without_an_author_is_listed_by_its_title_alone() {
        let mut table = rules(4, 10);
        let all = texts(&home(&table, None)).join("\n");
        assert!(all.contains("• Roles &lt;explained&gt; (A)"), "{all}");
        table.sources[0].author = String::new();
        let all = texts(&home(&table, None)).join("\n");
        assert!(all.contains("• Roles &lt;explained&gt;\n"), "{all}");
        assert!(!all.contains("()"), "{all}");
    }

    #[test]
    fn the_home_tab_has_every_part_and_groups_topics_by_owner() {
        let view = home(&rules(12, 10), None);
        assert_eq!(serde_json::to_value(&view).unwrap()["type"], "home");
        let all = texts(&view).join("\n");
        for part in [
            "who owns",
            "Roles &lt;explained&gt;",
            "who owns the roadmap?",
            "Topics by owner",
            "Code reviewer and Release captain",
            "*Code reviewer* (3)",
            "*Release captain* (3)",
            "*Code reviewer and Release captain* (3)",
            "*Background* (3)",
            "In this workspace",
            "No team file is loaded",
            "How to use /rolecall",
        ] {
            assert!(all.contains(part), "{part} missing from\n{all}");
        }
    }

    #[test]
    fn how_to_use_asks_the_tables_own_example_questions() {
        let mut table = rules(3, 5);
        let usage = |rules: &Rules| texts(&home(rules, None)).last().unwrap().clone();

        let one = usage(&table);
        assert!(one.contains("`/rolecall who owns the roadmap?`"), "{one}");
        assert!(one.contains("`@rolecall who owns the roadmap?`"), "{one}");
        table.messages.examples = vec![
            "who books the pitch?".into(),
            "who washes the kit & bibs?".into(),
        ];
        let two = usage(&table);
        assert!(two.contains("`/rolecall who books the pitch?`"), "{two}");
        assert!(
            two.contains("`@rolecall who washes the kit &amp; bibs?`"),
            "{two}"
        );
        table.messages.examples = vec!["who merges into `main`?".into()];
        let backtick = usage(&table);
        assert!(
            backtick.contains("“/rolecall who merges into `main`?”"),
            "a backtick cannot sit in a code span: {backtick}"
        );
        table.messages.examples.clear();
        let none = usage(&table);
        assert!(none.contains("`/rolecall` and your question"), "{none}");
        for text in [one, two, none] {
            assert!(!text.contains("sprint planning") && !text.contains("user stories"));
        }
    }

    #[test]
    fn a_huge_table_stays_within_100_blocks_and_the_section_limit() {
        let view = home(&rules(3000, 60), None);
        assert!(view.blocks.len() <= MAX_HOME_BLOCKS);
        let all = texts(&view);
        assert!(all.iter().any(|t| t.contains("more groups of topics")));
        assert!(all.last().unwrap().contains("/rolecall"), "usage kept last");
    }

    #[test]
    fn without_a_team_file_the_directory_names_no_folder_of_the_embedded_table() {
        let all = texts(&home(&rules(3, 5), None)).join("\n");
        assert!(all.contains("No team file is loaded"), "{all}");
        assert!(all.contains("`team.toml`"), "{all}");
        assert!(!all.contains("responses/"), "{all}");
    }

    #[test]
    fn the_directory_lists_the_team_files_holders() {
        let team = Team::parse(
            "team.toml",
            "release_captain = [\"<@U1>\", \"<@U2>\"]\nreviewer = \"#reviews\"\n",
        )
        .unwrap();
        let all = texts(&home(&rules(3, 5), Some(&team))).join("\n");
        assert!(all.contains("• *Release captain*: <@U1>, <@U2>"), "{all}");
        assert!(all.contains("• *Code reviewer*: #reviews"));
        assert!(!all.contains("Product"), "no default role is named: {all}");
        assert!(!all.contains("No team file"));
    }
}
