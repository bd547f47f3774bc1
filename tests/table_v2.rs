//! Table format version 2 (`../shared/TABLE-FORMAT.md`): roles are data. A small table whose
//! roles are not the default table's (tests/fixtures/review-table) loads, names its own roles
//! everywhere, answers `ask --json` with its role ids; copies broken one way each are refused
//! by `check` naming the file and the entry.

use rolecall::reply::slack;
use rolecall::rules::{self, LoadError, Owner, Problem, Rules};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review-table")
}

fn load() -> Rules {
    rules::load_dir(&fixture()).unwrap_or_else(|error| panic!("fixture does not load:\n{error}"))
}

fn rolecall(args: &[&str], rules_env: Option<&Path>, stdin: &str) -> Output {
    use std::io::Write;
    let mut command = Command::new(env!("CARGO_BIN_EXE_rolecall"));
    command
        .args(args)
        .env_remove("ROLECALL_RULES")
        .env_remove("ROLECALL_TEAM")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    if let Some(dir) = rules_env {
        command.env("ROLECALL_RULES", dir);
    }
    let mut child = command.spawn().expect("run rolecall");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("rolecall output")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_version_2_table_loads_its_roles_and_owners() {
    let rules = load();
    let ids: Vec<&str> = rules.roles.iter().map(|role| role.id.as_str()).collect();
    assert_eq!(ids, ["reviewer", "maintainer"]);
    let owner = |id: &str| rules.topic(id).expect("topic").owner.clone();
    assert_eq!(owner("approving-pull-requests"), Owner::role("reviewer"));
    let shared = owner("contributing-guide");
    assert_eq!(shared.label(), "shared");
    assert_eq!(shared.roles(), ["reviewer", "maintainer"]);
    assert_eq!(rules.owner_name(&shared), "Code reviewer and Maintainer");
}

#[test]
fn without_messages_toml_help_welcome_and_decline_name_the_tables_own_roles() {
    let rules = load();
    for text in [
        &rules.messages.help,
        &rules.messages.welcome,
        &rules.messages.decline,
    ] {
        assert!(text.contains("code reviewer and maintainer"), "{text}");
        assert!(!text.to_lowercase().contains("product"), "{text}");
    }
    assert_eq!(
        rules.messages.examples.first().map(String::as_str),
        Some("who approves pull requests?")
    );
    for message in [slack::welcome(&rules), slack::help(&rules)] {
        let shown: String = message
            .blocks
            .iter()
            .map(|block| serde_json::to_string(block).unwrap())
            .collect();
        assert!(shown.contains("code reviewer and maintainer"), "{shown}");
        assert_eq!(
            shown.matches("who approves pull requests?").count(),
            1,
            "each example once: {shown}"
        );
        assert!(!shown.contains("product"), "{shown}");
    }
}

#[test]
fn ask_json_under_rolecall_rules_gives_role_ids_shared_and_the_roles_behind_it() {
    let output = rolecall(
        &["ask", "--json", "-"],
        Some(&fixture()),
        "who approves pull requests?\nwho edits the contributing guide\nwho resets my laptop password?\n",
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let rows: Vec<serde_json::Value> = text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object a line"))
        .collect();
    assert_eq!(rows[0]["owner"], "reviewer");
    assert_eq!(rows[0]["roles"], serde_json::json!(["reviewer"]));
    assert_eq!(rows[1]["owner"], "shared");
    assert_eq!(
        rows[1]["roles"],
        serde_json::json!(["reviewer", "maintainer"])
    );
    assert_eq!(rows[2]["owner"], serde_json::Value::Null);
    assert_eq!(rows[2]["roles"], serde_json::json!([]));
}

#[test]
fn the_embedded_tables_json_labels_stay_as_they_were() {
    let output = rolecall(
        &["ask", "--json", "-"],
        None,
        "who owns the product roadmap?\nwho removes impediments for the team\nwhat does a product owner earn\n",
    );
    let rows: Vec<serde_json::Value> = text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(rows[0]["owner"], "product_manager");
    assert_eq!(rows[1]["owner"], "shared");
    assert_eq!(
        rows[1]["roles"],
        serde_json::json!(["product_manager", "product_owner"])
    );
    assert_eq!(rows[2]["owner"], "info");
    assert_eq!(rows[2]["roles"], serde_json::json!([]));
}

#[test]
fn topics_lists_the_tables_role_names() {
    let output = rolecall(
        &["topics", "--rules", fixture().to_str().unwrap()],
        None,
        "",
    );
    let out = text(&output.stdout);
    assert!(out.contains("Code reviewer (1)"), "{out}");
    assert!(out.contains("Maintainer (1)"), "{out}");
    assert!(out.contains("Code reviewer and Maintainer (1)"), "{out}");
}

// ---------------------------------------------------------------- broken copies

struct Copy {
    dir: tempfile::TempDir,
}

impl Copy {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixture(), dir.path());
        Copy { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn edit(&self, file: &str, from: &str, to: &str) -> &Self {
        let path = self.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        self
    }

    fn write(&self, file: &str, text: &str) -> &Self {
        std::fs::write(self.path().join(file), text).unwrap();
        self
    }

    fn problems(&self) -> Vec<Problem> {
        match rules::load_dir(self.path()) {
            Err(LoadError::Invalid(problems)) => problems,
            Err(other) => panic!("expected problems, got: {other}"),
            Ok(_) => panic!("the broken table loaded"),
        }
    }

    fn check(&self) -> Output {
        rolecall(
            &["check", "--rules", self.path().to_str().unwrap()],
            None,
            "",
        )
    }

    /// `rolecall check` fails, saying `words` on stderr (for what only `check` finds).
    fn check_fails_saying(&self, words: &str) {
        let output = self.check();
        assert!(!output.status.success());
        let stderr = text(&output.stderr);
        assert!(stderr.contains(words), "{stderr}");
    }

    /// The load names `file` (and `topic`) with `words`, and `rolecall check` fails saying so.
    fn refused(&self, file: &str, topic: Option<&str>, words: &str) {
        let problems = self.problems();
        assert!(
            problems.iter().any(|problem| problem.file == file
                && problem.topic.as_deref() == topic
                && problem.message.contains(words)),
            "no problem naming {file} {topic:?} saying {words:?}:\n{}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
        let output = self.check();
        assert!(!output.status.success());
        let stderr = text(&output.stderr);
        assert!(stderr.contains(file) && stderr.contains(words), "{stderr}");
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn a_topic_owner_that_is_no_role_is_named() {
    Copy::new()
        .edit(
            "topics/review.toml",
            "owner = \"maintainer\"",
            "owner = \"release_manager\"",
        )
        .refused(
            "topics/review.toml",
            Some("releases"),
            "owner 'release_manager' is no role in roles.toml (roles: reviewer, maintainer)",
        );
}

#[test]
fn a_list_owner_naming_a_missing_role_is_named() {
    Copy::new()
        .edit(
            "topics/review.toml",
            "[\"reviewer\", \"maintainer\"]",
            "[\"reviewer\", \"triager\"]",
        )
        .refused(
            "topics/review.toml",
            Some("contributing-guide"),
            "owner 'triager' is no role",
        );
}

#[test]
fn messages_toml_words_the_reply_to_a_question_about_a_whole_role() {
    let copy = Copy::new();
    copy.write(
        "messages.toml",
        "whole_role = \"Maintainers do a lot here. Which part?\"\n",
    );
    let output = rolecall(
        &["ask", "what does a maintainer do?"],
        Some(copy.path()),
        "",
    );
    let out = text(&output.stdout);
    assert!(
        out.starts_with("Maintainers do a lot here. Which part?"),
        "{out}"
    );
    assert!(out.contains("Publishing releases"), "{out}");
    copy.write("messages.toml", "whole_role = \" \"\n");
    copy.refused("messages.toml", None, "'whole_role' is empty");
}

#[test]
fn reserved_role_ids_are_refused_as_role_and_as_owner() {
    for reserved in ["info", "shared", "none"] {
        Copy::new()
            .edit(
                "roles.toml",
                "id = \"maintainer\"",
                &format!("id = \"{reserved}\""),
            )
            .refused(
                "roles.toml",
                None,
                &format!("role '{reserved}': '{reserved}' is reserved"),
            );
    }
    Copy::new()
        .edit(
            "topics/review.toml",
            "[\"reviewer\", \"maintainer\"]",
            "[\"reviewer\", \"none\"]",
        )
        .refused(
            "topics/review.toml",
            Some("contributing-guide"),
            "owner 'none' is reserved",
        );
}

#[test]
fn a_role_id_that_is_not_lower_case_words_is_refused() {
    Copy::new()
        .edit(
            "roles.toml",
            "id = \"maintainer\"",
            "id = \"Core Maintainer\"",
        )
        .refused(
            "roles.toml",
            None,
            "role 'Core Maintainer': an id is lower-case words joined by _",
        );
}

#[test]
fn a_duplicate_role_id_is_named() {
    Copy::new()
        .edit("roles.toml", "id = \"maintainer\"", "id = \"reviewer\"")
        .refused("roles.toml", None, "role 'reviewer': duplicate role id");
}

#[test]
fn a_source_id_that_is_a_path_or_empty_is_refused() {
    for id in [
        "../../outside/secret",
        "team/handbook",
        r"team\handbook",
        "..",
        "",
    ] {
        Copy::new()
            .edit(
                "sources.toml",
                "[[source]]",
                // A literal string: the backslash stays as written.
                &format!("[[source]]\nid = '{id}'\ntitle = \"Elsewhere\"\nauthor = \"Someone\"\n\n[[source]]"),
            )
            .refused(
                "sources.toml",
                None,
                &format!("source '{id}': an id is the file name of its text without .txt"),
            );
    }
}

#[test]
fn a_role_about_of_more_than_one_line_is_refused() {
    Copy::new()
        .edit(
            "roles.toml",
            "about = \"Reads and approves pull requests.\"",
            "about = \"\"\"Reads and approves pull requests.\nAlso mentors new reviewers.\"\"\"",
        )
        .refused("roles.toml", None, "role 'reviewer': 'about' is one line");
}

#[test]
fn one_alias_on_two_roles_is_named() {
    Copy::new()
        .edit("roles.toml", "\"core maintainer\"", "\"Code Reviewer\"")
        .refused(
            "roles.toml",
            None,
            "role 'maintainer': alias 'Code Reviewer' is also an alias of role 'reviewer'",
        );
}

#[test]
fn compares_naming_no_role_is_named() {
    Copy::new()
        .edit(
            "topics/review.toml",
            "title = \"Publishing releases\"",
            "title = \"Publishing releases\"\ncompares = [\"maintainer\", \"owner\"]",
        )
        .refused(
            "topics/review.toml",
            Some("releases"),
            "compares 'owner', which is no role",
        );
}

#[test]
fn compares_naming_one_role_twice_is_named() {
    Copy::new()
        .edit(
            "topics/review.toml",
            "title = \"Publishing releases\"",
            "title = \"Publishing releases\"\ncompares = [\"maintainer\", \"maintainer\"]",
        )
        .refused(
            "topics/review.toml",
            Some("releases"),
            "compares 'maintainer' with itself",
        );
}

#[test]
fn a_drafts_fill_in_left_in_an_answer_is_named() {
    let copy = Copy::new();
    let topic = std::fs::read_to_string(copy.path().join("topics/review.toml")).unwrap();
    let answer = topic
        .lines()
        .find(|line| line.starts_with("answer = "))
        .expect("an answer line")
        .to_string();
    copy.edit(
        "topics/review.toml",
        &answer,
        "answer = \"FILL-IN: one short paragraph naming the role that does this.\"",
    )
    .refused(
        "topics/review.toml",
        Some("approving-pull-requests"),
        "still holding FILL-IN: answer",
    );
}

#[test]
fn a_role_alias_that_reads_as_another_role_is_named() {
    let copy = Copy::new();
    copy.edit(
        "roles.toml",
        "aliases = [\"maintainer\", \"core maintainer\"]",
        "aliases = [\"maintainer\", \"core maintainer\", \"code reviewers\"]",
    );
    copy.check_fails_saying(
        "roles.toml: role 'maintainer': alias 'code reviewers' reads as role 'reviewer'",
    );
}

#[test]
fn a_role_alias_that_reads_as_another_role_after_its_article_is_named() {
    let copy = Copy::new();
    copy.edit(
        "roles.toml",
        "aliases = [\"maintainer\", \"core maintainer\"]",
        "aliases = [\"maintainer\", \"core maintainer\", \"the reviewer\"]",
    );
    copy.check_fails_saying(
        "roles.toml: role 'maintainer': alias 'the reviewer' reads as role 'reviewer'",
    );
}

#[test]
fn an_alias_clash_check_refuses_is_refused_by_ask_topics_and_test_too() {
    let role_clash = Copy::new();
    role_clash.edit(
        "roles.toml",
        "aliases = [\"maintainer\", \"core maintainer\"]",
        "aliases = [\"maintainer\", \"core maintainer\", \"code reviewers\"]",
    );
    let topic_clash = Copy::new();
    topic_clash.edit(
        "topics/review.toml",
        "\"who cuts a new version\"",
        "\"who cuts a new version\", \"who approve pull requests\"",
    );
    for (copy, words) in [
        (
            &role_clash,
            "alias 'code reviewers' reads as role 'reviewer'",
        ),
        (
            &topic_clash,
            "alias 'who approve pull requests' reads the same as alias 'who approves pull requests'",
        ),
    ] {
        let dir = copy.path().to_str().unwrap();
        copy.check_fails_saying(words);
        for args in [
            &["ask", "--rules", dir, "who publishes a release"][..],
            &["topics", "--rules", dir],
            &["test", "--rules", dir],
        ] {
            let output = rolecall(args, None, "");
            let stderr = text(&output.stderr);
            assert!(!output.status.success(), "{args:?} accepted the table");
            assert!(stderr.contains(words), "{args:?}: {stderr}");
        }
    }
}

#[test]
fn check_names_every_file_that_is_not_valid_toml_at_once() {
    let copy = Copy::new();
    copy.write("roles.toml", "[[role]\nid = \"reviewer\"\n");
    copy.write("topics/extra.toml", "[[topic]]\nid = \"x\"\ntitle = \n");
    let output = copy.check();
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    for file in ["roles.toml:1", "topics/extra.toml:3", "2 problem(s)"] {
        assert!(stderr.contains(file), "{file} missing from\n{stderr}");
    }
}

#[test]
fn an_owner_that_is_no_id_list_or_info_says_what_an_owner_can_be() {
    let copy = Copy::new();
    copy.edit("topics/review.toml", "owner = \"reviewer\"", "owner = 42");
    copy.check_fails_saying("owner must be a role id (owner = \"role_id\"), a list of role ids");
}

#[test]
fn a_table_without_topics_is_refused() {
    let copy = Copy::new();
    std::fs::remove_dir_all(copy.path().join("topics")).unwrap();
    let error = rules::load_dir(copy.path()).expect_err("refused");
    assert!(matches!(error, LoadError::NoTopics), "{error}");
    copy.check_fails_saying("topics/: no topic");
}

#[test]
fn a_version_1_table_without_roles_toml_says_what_to_change() {
    let copy = Copy::new();
    std::fs::remove_file(copy.path().join("roles.toml")).unwrap();
    let error = rules::load_dir(copy.path()).expect_err("refused");
    assert!(matches!(error, LoadError::VersionOne), "{error}");
    for words in [
        "roles.toml: missing",
        "version-1",
        "[[role]]",
        "owner = [\"",
    ] {
        copy.check_fails_saying(words);
    }
}

#[test]
fn a_version_1_shared_owner_says_to_name_the_roles() {
    Copy::new()
        .edit(
            "topics/review.toml",
            "[\"reviewer\", \"maintainer\"]",
            "\"shared\"",
        )
        .refused(
            "topics/review.toml",
            Some("contributing-guide"),
            "owner 'shared' is version 1: name the roles that share it, e.g. owner = [\"reviewer\", \"maintainer\"]",
        );
}

#[test]
fn a_version_1_roles_list_in_synonyms_says_to_move_it_to_roles_toml() {
    Copy::new()
        .write("synonyms.toml", "roles = [\"code reviewer\"]\ncompare = [\"vs\"]\n")
        .refused(
            "synonyms.toml",
            None,
            "'roles' is version 1: move these phrases into the `aliases` of the roles in roles.toml",
        );
}

#[test]
fn check_warns_without_failing_about_few_aliases_and_roles_that_own_nothing() {
    let copy = Copy::new();
    copy.edit(
        "topics/review.toml",
        ", \"who decides which features we take\"]",
        "]",
    )
    .edit(
        "roles.toml",
        "[[role]]\nid = \"maintainer\"",
        "[[role]]\nid = \"triager\"\nname = \"Triager\"\n\n[[role]]\nid = \"maintainer\"",
    );
    let output = copy.check();
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: topics/review.toml: topic 'releases': only 2 aliases"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: roles.toml: role 'triager' owns no topic"),
        "{stderr}"
    );
    assert!(text(&output.stdout).starts_with("ok: 3 topics"));
}

#[test]
fn check_validates_the_team_file_by_the_tables_role_ids() {
    let copy = Copy::new();
    copy.write(
        "team.toml",
        "reviewer = [\"<@U1>\", \"<@U2>\"]\nmaintainer = \"#core\"\n",
    );
    let output = copy.check();
    assert!(output.status.success(), "{}", text(&output.stderr));
    copy.write("team.toml", "product_owner = \"<@U1>\"\n");
    copy.check_fails_saying(
        "'product_owner' is not a role of the table (use one of: reviewer, maintainer)",
    );
}

#[test]
fn a_slack_answer_names_the_tables_role_and_each_roles_people() {
    let rules = load();
    let team = rolecall::team::Team::parse(
        "team.toml",
        "reviewer = \"<@U1>\"\nmaintainer = \"#core\"\n",
    )
    .unwrap();
    let engine = rolecall::answer::Engine::new(rules);
    let answer = engine.answer("who edits the contributing guide");
    let message = slack::answer_with_team(&answer, engine.rules(), Some(&team));
    let json = serde_json::to_string(&message).unwrap();
    assert!(
        json.contains("*Owner:* Code reviewer and Maintainer"),
        "{json}"
    );
    assert!(
        json.contains("In this workspace: Code reviewer <@U1>; Maintainer #core"),
        "{json}"
    );
}

#[test]
fn rolecall_test_passes_the_embedded_table_and_the_fixture() {
    let output = rolecall(&["test"], None, "");
    let out = text(&output.stdout);
    assert!(output.status.success(), "{out}");
    let summary = out.lines().last().unwrap();
    let passed: usize = summary.split(' ').next().unwrap().parse().unwrap();
    assert!(passed >= 40, "{summary}");
    assert!(summary.ends_with("passed, 0 failed"), "{summary}");
    let output = rolecall(&["test", "--rules", fixture().to_str().unwrap()], None, "");
    assert_eq!(text(&output.stdout), "4 passed, 0 failed\n");
}

#[test]
fn check_refuses_a_test_case_that_expects_a_decline_and_a_topic_or_asks_nothing() {
    for (case, says) in [
        (
            "q = \"who publishes a release\"\ntopic = \"releases\"\ndeclines = true",
            "tests.toml: case 1 (\"who publishes a release\"): expects a decline and an answer (topic)",
        ),
        (
            "q = \"\"\ndeclines = true",
            "tests.toml: case 1: q is empty",
        ),
    ] {
        Copy::new()
            .write("tests.toml", &format!("[[case]]\n{case}\n"))
            .check_fails_saying(says);
    }
}

#[test]
fn rolecall_test_prints_one_line_per_failure_and_exits_1() {
    let copy = Copy::new();
    copy.write(
        "tests.toml",
        "[[case]]\nq = \"who approves pull requests?\"\nowner = \"maintainer\"\n\n\
         [[case]]\nq = \"who cuts a new version\"\ndeclines = true\n\n\
         [[case]]\nq = \"who resets my laptop password?\"\ntopic = \"releases\"\n\n\
         [[case]]\nq = \"who publishes a release\"\ntopic = \"releases\"\n",
    );
    let output = rolecall(
        &["test", "--rules", copy.path().to_str().unwrap()],
        None,
        "",
    );
    assert_eq!(output.status.code(), Some(1));
    let out = text(&output.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "FAIL \"who approves pull requests?\": expected owner maintainer, got topic approving-pull-requests (owner reviewer)",
            "FAIL \"who cuts a new version\": expected a decline, got topic releases (owner maintainer)",
            "FAIL \"who resets my laptop password?\": expected topic releases, got a decline",
            "1 passed, 3 failed",
        ]
    );
}

/// Runs `load` on a thread and fails the test if it has not finished within `seconds`:
/// a loader that walks a symlink loop never returns.
fn finishes_within<T: Send + 'static>(
    seconds: u64,
    load: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(load());
    });
    finished
        .recv_timeout(std::time::Duration::from_secs(seconds))
        .expect("the load did not finish")
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_the_table_is_not_walked() {
    let copy = Copy::new();
    for name in ["a", "b"] {
        std::os::unix::fs::symlink(".", copy.path().join("sources").join(name)).unwrap();
        std::os::unix::fs::symlink("..", copy.path().join("topics").join(name)).unwrap();
    }
    let dir = copy.path().to_path_buf();

    let loaded = finishes_within(10, move || {
        rules::load_dir(&dir).map(|rules| rules.topics.len())
    });

    assert_eq!(loaded.expect("the table loads"), 3);
}

#[test]
fn only_the_files_the_format_names_are_read() {
    let copy = Copy::new();
    std::fs::create_dir_all(copy.path().join("topics/old")).unwrap();
    std::fs::create_dir_all(copy.path().join("other-table/topics")).unwrap();
    for file in [
        "topics/old/draft.toml",
        "other-table/roles.toml",
        "other-table/topics/x.toml",
        "notes.toml",
    ] {
        copy.write(file, "this is [not valid TOML\n");
    }

    let rules = rules::load_dir(copy.path()).expect("the table loads");
    let output = copy.check();

    assert_eq!(rules.topics.len(), 3);
    assert!(output.status.success(), "{}", text(&output.stderr));
}

#[test]
fn a_tests_toml_that_is_not_utf8_stops_test_and_check_but_not_ask_or_topics() {
    let copy = Copy::new();
    std::fs::write(copy.path().join("tests.toml"), b"[[case]]\nq = \"\xff\"\n").unwrap();
    let dir = copy.path().to_str().unwrap();

    for args in [
        &["ask", "--rules", dir, "who publishes a release"][..],
        &["topics", "--rules", dir],
    ] {
        let output = rolecall(args, None, "");
        assert!(
            output.status.success(),
            "{args:?}: {}",
            text(&output.stderr)
        );
    }
    for command in ["test", "check"] {
        let output = rolecall(&[command, "--rules", dir], None, "");
        assert!(!output.status.success(), "{command}");
        assert!(
            text(&output.stderr).contains("tests.toml: cannot read"),
            "{command}: {}",
            text(&output.stderr)
        );
    }
}
