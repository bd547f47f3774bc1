//! The table keeper's tools run as the binary: printing into a closed pipe, `init`, `ask --explain`.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn rolecall(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(args)
        .env_remove("ROLECALL_RULES")
        .env_remove("ROLECALL_TEAM")
        .output()
        .expect("rolecall runs")
}

/// The binary on the embedded table, with stdin, stdout and stderr piped.
fn spawn_piped(args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(args)
        .env_remove("ROLECALL_RULES")
        .env_remove("ROLECALL_TEAM")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rolecall runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts the child ended by itself, successfully, and said nothing on stderr.
fn assert_quiet_exit(child: std::process::Child) {
    let output = child.wait_with_output().expect("rolecall ends");
    let stderr = text(&output.stderr);
    assert!(!stderr.contains("panicked"), "panic on stderr: {stderr}");
    assert!(stderr.is_empty(), "stderr: {stderr}");
    assert!(output.status.success(), "exit: {:?}", output.status);
}

#[test]
fn topics_into_a_closed_pipe_exits_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .arg("topics")
        .env_remove("ROLECALL_RULES")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rolecall runs");
    // Closed before the table has loaded, so every line topics prints meets a closed pipe.
    drop(child.stdout.take());
    assert_quiet_exit(child);
}

/// A stdout whose reader is already gone: the first write meets a closed pipe, every time.
fn closed_stdout() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    Stdio::from(writer)
}

#[test]
fn a_failing_table_test_still_exits_1_when_its_reader_has_gone() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("t");
    assert!(rolecall(&["init", dir.to_str().unwrap()]).status.success());
    let mut cases = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.join("tests.toml"))
        .unwrap();
    writeln!(
        cases,
        "\n[[case]]\nq = \"who resets my laptop password?\"\ntopic = \"sprint-planning\""
    )
    .unwrap();

    let status = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(["test", "--rules", dir.to_str().unwrap()])
        .stdout(closed_stdout())
        .stderr(Stdio::null())
        .status()
        .expect("rolecall runs");

    assert_eq!(
        status.code(),
        Some(1),
        "`test | head -1` must still fail a failing table"
    );
}

#[test]
fn simulate_against_no_server_still_fails_when_its_reader_has_gone() {
    let status = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(["simulate", "slash", "hi", "--url", "http://127.0.0.1:1"])
        .stdout(closed_stdout())
        .stderr(Stdio::null())
        .status()
        .expect("rolecall runs");

    assert!(!status.success(), "{status:?}");
}

#[test]
fn the_dev_server_keeps_serving_when_nobody_reads_its_banner() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(["serve", "--dev", "--addr", "127.0.0.1:0"])
        .env_remove("ROLECALL_RULES")
        .env("RUST_LOG", "info")
        .stdout(closed_stdout())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rolecall runs");
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let addr = loop {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            let _ = child.kill();
            panic!("the dev server ended: {seen}");
        }
        seen.push_str(&line);
        if line.contains("DEV MODE")
            && let Some(addr) = line
                .split(|c: char| c.is_whitespace() || c == '=')
                .find(|word| word.starts_with("127.0.0.1:"))
        {
            break addr.to_string();
        }
    };

    let asked = rolecall(&[
        "simulate",
        "slash",
        "who owns sprint planning?",
        "--url",
        &format!("http://{addr}"),
    ]);

    let _ = child.kill();
    let _ = child.wait();
    assert!(asked.status.success(), "{}", text(&asked.stdout));
    assert!(!seen.contains("panicked"), "{seen}");
}

#[test]
fn ask_reading_stdin_into_a_pipe_closed_after_one_line_exits_quietly() {
    let mut child = spawn_piped(&["ask", "-"]);
    let mut stdin = child.stdin.take().expect("stdin");
    writeln!(stdin, "who runs sprint planning?").expect("question written");
    let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    reader.read_line(&mut line).expect("one line of the answer");
    assert!(!line.is_empty());
    drop(reader);
    // The second answer is written after the reader has gone: the write meets a closed pipe.
    writeln!(stdin, "who approves the budget?").expect("question written");
    drop(stdin);
    assert_quiet_exit(child);
}

#[test]
fn init_that_cannot_finish_leaves_nothing_behind_and_can_run_again() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("t");
    // Files over 512 bytes fail to write (EFBIG) part-way through the skeleton.
    let cut_short = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "ulimit -f 1; trap '' XFSZ; exec {} init {}",
            env!("CARGO_BIN_EXE_rolecall"),
            dir.display()
        ))
        .output()
        .expect("bash runs");
    assert_eq!(
        cut_short.status.code(),
        Some(1),
        "{}",
        text(&cut_short.stderr)
    );
    assert!(
        text(&cut_short.stderr).contains("cannot write"),
        "{}",
        text(&cut_short.stderr)
    );
    assert!(!dir.exists(), "a half-written table was left");

    let again = rolecall(&["init", dir.to_str().unwrap()]);
    assert!(again.status.success(), "{}", text(&again.stderr));

    let file = temp.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let refused = rolecall(&["init", file.to_str().unwrap()]);
    assert!(
        text(&refused.stderr).contains("a file, not a folder"),
        "{}",
        text(&refused.stderr)
    );
}

#[test]
fn check_of_a_table_checks_its_quotes_against_its_own_sources_folder() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("our-table");
    let dir_arg = dir.to_str().expect("utf-8 path");
    assert!(rolecall(&["init", dir_arg]).status.success());
    let before = rolecall(&["check", "--rules", dir_arg]);
    assert!(before.status.success(), "{}", text(&before.stderr));

    // The document is edited and no longer says what the topic quotes.
    let sources = dir.join("sources");
    for entry in std::fs::read_dir(&sources).expect("sources/") {
        std::fs::write(entry.expect("entry").path(), "Nothing here any more.\n")
            .expect("text rewritten");
    }
    let after = rolecall(&["check", "--rules", dir_arg]);
    assert_eq!(after.status.code(), Some(1), "{}", text(&after.stdout));
    assert!(
        text(&after.stderr).contains("quote not found verbatim"),
        "{}",
        text(&after.stderr)
    );
}

#[test]
fn init_writes_a_table_that_passes_check_and_test_as_created() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("our-table");
    let dir_arg = dir.to_str().expect("utf-8 path");

    let init = rolecall(&["init", dir_arg]);
    assert!(init.status.success(), "{}", text(&init.stderr));
    let said = text(&init.stdout);
    assert!(
        said.contains("roles.toml") && said.contains("rolecall test"),
        "{said}"
    );

    let sources = dir.join("sources");
    let check = rolecall(&[
        "check",
        "--rules",
        dir_arg,
        "--sources",
        sources.to_str().expect("utf-8 path"),
    ]);
    assert!(check.status.success(), "check: {}", text(&check.stderr));
    assert!(
        !text(&check.stderr).contains("warning"),
        "{}",
        text(&check.stderr)
    );

    let test = rolecall(&["test", "--rules", dir_arg]);
    let report = text(&test.stdout);
    assert!(
        test.status.success(),
        "test: {report}{}",
        text(&test.stderr)
    );
    assert!(report.contains(" passed, 0 failed"), "{report}");
    let cases = std::fs::read_to_string(dir.join("tests.toml")).expect("tests.toml");
    assert!(cases.contains("declines = true"), "a decline case ships");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_changes_nothing() {
    let temp = tempfile::tempdir().expect("temp dir");
    std::fs::write(temp.path().join("notes.txt"), "mine").expect("written");

    let init = rolecall(&["init", temp.path().to_str().expect("utf-8 path")]);

    assert!(!init.status.success());
    assert!(
        text(&init.stderr).contains("not empty"),
        "{}",
        text(&init.stderr)
    );
    let left: Vec<_> = std::fs::read_dir(temp.path())
        .expect("listed")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    assert_eq!(left, ["notes.txt"]);
    assert!(!Path::new(&temp.path().join("roles.toml")).exists());
}

#[test]
fn ask_explain_names_the_words_the_table_does_not_know_after_the_answer() {
    let asked = rolecall(&[
        "ask",
        "--explain",
        "who owns the zorblax for sprint planning?",
    ]);
    assert!(asked.status.success(), "{}", text(&asked.stderr));
    let said = text(&asked.stdout);
    let (answer, why) = said
        .split_once("How the table read it:")
        .expect("the explanation follows the answer");
    assert!(!answer.trim().is_empty(), "{said}");
    let reading = |word: &str| {
        why.lines()
            .find_map(|line| line.trim().strip_prefix(word))
            .map(str::trim)
            .unwrap_or_default()
    };
    assert!(reading("zorblax").starts_with("unknown"), "{why}");
    assert_eq!(reading("sprint"), "an alias or title word", "{why}");
    assert!(why.contains("Nearest topics"), "{why}");

    let both = rolecall(&["ask", "--explain", "--json", "who runs sprint planning?"]);
    assert!(
        !both.status.success(),
        "--explain is for people, --json for programs"
    );
    assert!(both.stdout.is_empty());
}

#[test]
fn ask_json_answers_every_stdin_line_even_one_that_is_not_utf8() {
    let mut child = spawn_piped(&["ask", "--json", "-"]);
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"who owns pricing?\nwho owns \xff pricing?\r\nwho owns sprint planning?\n")
        .expect("write stdin");
    let output = child.wait_with_output().expect("rolecall ends");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let rows: Vec<serde_json::Value> = text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object a line"))
        .collect();
    let topics: Vec<&str> = rows
        .iter()
        .map(|row| row["topic"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(topics, ["pricing", "pricing", "sprint-planning"]);
}

#[test]
fn tests_toml_is_optional_and_check_refuses_one_that_names_what_the_table_lacks() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("t");
    let dir_arg = dir.to_str().expect("utf-8 path");
    assert!(rolecall(&["init", dir_arg]).status.success());
    let cases = std::fs::read_to_string(dir.join("tests.toml")).expect("tests.toml");

    std::fs::remove_file(dir.join("tests.toml")).expect("removed");
    let untested = rolecall(&["test", "--rules", dir_arg]);
    assert!(untested.status.success(), "{}", text(&untested.stderr));
    assert_eq!(text(&untested.stdout), "0 passed, 0 failed\n");
    assert!(
        text(&untested.stderr).contains("no tests.toml in this table"),
        "{}",
        text(&untested.stderr)
    );

    let stale = format!("{cases}\n[[case]]\nq = \"who runs the canteen?\"\ntopic = \"canteen\"\n");
    std::fs::write(dir.join("tests.toml"), stale).expect("written");
    for command in ["check", "test"] {
        let output = rolecall(&[command, "--rules", dir_arg]);
        assert!(!output.status.success(), "{command} passed a stale case");
        let said = text(&output.stderr);
        assert!(
            said.contains("tests.toml: case") && said.contains("topic 'canteen' is no topic"),
            "{command}: {said}"
        );
    }
}

#[test]
fn manifest_reads_the_table_from_rolecall_rules_as_serve_does() {
    let rules = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/tables/hotel");
    let first_example = rolecall::rules::load_dir(Path::new(rules))
        .unwrap()
        .messages
        .examples[0]
        .clone();

    let output = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(["manifest", "--socket-mode"])
        .env("ROLECALL_RULES", rules)
        .output()
        .expect("rolecall runs");

    assert!(output.status.success(), "{}", text(&output.stderr));
    let manifest = text(&output.stdout);
    assert!(
        manifest.contains(&format!("usage_hint: {first_example}"))
            || manifest.contains(&format!("usage_hint: '{first_example}'")),
        "{manifest}"
    );
    // The header's command makes this manifest again, table and all.
    let header = manifest.lines().next().unwrap();
    assert!(
        header.contains(&format!(
            "`rolecall manifest --socket-mode --rules {rules}`"
        )),
        "{header}"
    );
}

#[test]
fn a_rules_directory_that_is_not_there_is_named_once() {
    let temp = tempfile::tempdir().expect("temp dir");
    let missing = temp.path().join("no-such-table");
    let dir = missing.to_str().unwrap();

    for args in [
        &["ask", "--rules", dir, "who?"][..],
        &["check", "--rules", dir],
    ] {
        let output = rolecall(args);

        let stderr = text(&output.stderr);
        assert!(!output.status.success(), "{args:?}");
        assert_eq!(stderr.matches(dir).count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.starts_with(&format!("rolecall: {dir}: cannot read: ")),
            "{stderr}"
        );
    }
}

#[test]
fn init_refuses_a_dangling_symlink_and_leaves_it_in_place() {
    let temp = tempfile::tempdir().expect("temp dir");
    let link = temp.path().join("my-table");
    std::os::unix::fs::symlink(temp.path().join("not-made-yet"), &link).expect("symlink");

    let init = rolecall(&["init", link.to_str().expect("utf-8 path")]);

    assert_eq!(init.status.code(), Some(1), "{}", text(&init.stderr));
    assert!(
        std::fs::symlink_metadata(&link).is_ok(),
        "init removed the symlink it was given: {}",
        text(&init.stderr)
    );
}

#[test]
fn init_prints_commands_that_run_as_pasted_for_a_folder_with_a_space() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("our team's table");

    let init = rolecall(&["init", dir.to_str().expect("utf-8 path")]);
    assert!(init.status.success(), "{}", text(&init.stderr));

    let said = text(&init.stdout);
    let commands: Vec<&str> = said
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("rolecall check") || line.starts_with("rolecall test"))
        .collect();
    assert_eq!(commands.len(), 2, "{said}");
    // check reads the table's own sources/ (as the guide says): no flag to copy wrongly.
    assert!(!said.contains("--sources"), "{said}");
    for command in commands {
        let pasted = command.replacen("rolecall", env!("CARGO_BIN_EXE_rolecall"), 1);
        let run = Command::new("bash")
            .arg("-c")
            .arg(&pasted)
            .env_remove("ROLECALL_RULES")
            .env_remove("ROLECALL_TEAM")
            .output()
            .expect("bash runs");
        assert!(
            run.status.success(),
            "{command}: {}{}",
            text(&run.stdout),
            text(&run.stderr)
        );
    }
}

#[test]
fn ask_says_whether_stdout_or_stdin_failed() {
    let full = std::fs::File::create("/dev/full").expect("/dev/full");
    let output = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(["ask", "who owns sprint planning?"])
        .env_remove("ROLECALL_RULES")
        .env_remove("ROLECALL_TEAM")
        .stdout(full)
        .output()
        .expect("rolecall runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("cannot write to stdout"),
        "{}",
        text(&output.stderr)
    );

    let folder = std::fs::File::open(std::env::temp_dir()).expect("a folder opens");
    let output = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(["ask", "--json", "-"])
        .env_remove("ROLECALL_RULES")
        .env_remove("ROLECALL_TEAM")
        .stdin(folder)
        .output()
        .expect("rolecall runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("cannot read stdin"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn check_of_a_table_without_its_sources_folder_says_the_quotes_were_not_checked() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("our-table");
    let dir_arg = dir.to_str().expect("utf-8 path");
    assert!(rolecall(&["init", dir_arg]).status.success());
    std::fs::remove_dir_all(dir.join("sources")).expect("sources/ removed");
    let check = rolecall(&["check", "--rules", dir_arg]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    assert!(
        text(&check.stderr).contains("warning: quotes not checked"),
        "{}",
        text(&check.stderr)
    );
}

/// A word on the command line that is not UTF-8 where clap wants text (the question of
/// `simulate`, `forget --user`, or a stray word) is a usage error, exit 2: it panicked
/// while the error was being worded.
#[test]
fn an_argument_that_is_not_utf8_is_a_usage_error_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let not_utf8 = std::ffi::OsStr::from_bytes(b"who owns \xff?");
    let words: [&[&str]; 3] = [
        &["simulate", "slash"],
        &["forget", "--db", "/nonexistent/log.db", "--user"],
        &["topics"],
    ];
    for words in words {
        let output = Command::new(env!("CARGO_BIN_EXE_rolecall"))
            .args(words)
            .arg(not_utf8)
            .env_remove("ROLECALL_RULES")
            .output()
            .expect("rolecall runs");
        let stderr = text(&output.stderr);
        assert!(!stderr.contains("panicked"), "{words:?}: {stderr}");
        assert_eq!(output.status.code(), Some(2), "{words:?}: {stderr}");
        assert!(stderr.contains("error:"), "{words:?}: {stderr}");
    }
}

/// `check --sources` naming a folder that is not there, or a file, said so once per source
/// of the table (five lines for the embedded one, a hundred for a large table), each as if
/// that source's text were what was missing.
#[test]
fn a_sources_folder_that_is_not_there_or_is_a_file_is_named_once() {
    let temp = tempfile::tempdir().expect("temp dir");
    let missing = temp.path().join("no-such-folder");
    let file = temp.path().join("a-file.txt");
    std::fs::write(&file, "not a folder").unwrap();
    for dir in [missing.to_str().unwrap(), file.to_str().unwrap()] {
        let output = rolecall(&["check", "--sources", dir]);

        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{dir}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{dir}: {stderr}");
        assert!(
            stderr.starts_with(&format!("rolecall: --sources {dir}: cannot read: ")),
            "{stderr}"
        );
        assert!(output.stdout.is_empty(), "{}", text(&output.stdout));
    }
}

/// A value that cannot work is a usage error (exit 2) naming its flag, before anything is
/// sent: `healthcheck --url` that is not a URL was "notaurl: builder error: relative URL
/// without a base", exit 1 as for a server that is down; `simulate --secret ""` signed with
/// an empty secret and reported the server's 401.
#[test]
fn a_url_that_is_not_one_or_an_empty_secret_is_a_usage_error_naming_its_flag() {
    for (args, flag) in [
        (&["healthcheck", "--url", "notaurl"][..], "--url"),
        (
            &["healthcheck", "--url", "ftp://127.0.0.1:1/healthz"],
            "--url",
        ),
        (
            &[
                "simulate",
                "slash",
                "hi",
                "--url",
                "http://127.0.0.1:1",
                "--secret",
                "",
            ],
            "--secret",
        ),
        (
            &[
                "simulate",
                "slash",
                "hi",
                "--url",
                "http://127.0.0.1:1",
                "--secret",
                "  ",
            ],
            "--secret",
        ),
    ] {
        let output = rolecall(args);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(flag), "{args:?}: {stderr}");
        assert!(
            output.stdout.is_empty(),
            "{args:?}: {}",
            text(&output.stdout)
        );
    }
}
