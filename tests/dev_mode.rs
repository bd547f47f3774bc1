//! `rolecall serve --dev` and `rolecall simulate`, as a developer runs them: the real binary
//! on 127.0.0.1 (port 0; the server reports its address), driven by the real `simulate`.
//! Every wait is for a line of output, bounded by a deadline.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_rolecall");
const WAIT: Duration = Duration::from_secs(20);

/// Variables that would change what the binary does; each test sets what it needs.
const ENV: [&str; 8] = [
    "SLACK_SIGNING_SECRET",
    "SLACK_SIGNING_SECRET_PREVIOUS",
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "ROLECALL_ADDR",
    "ROLECALL_RULES",
    "PORT",
];

fn rolecall(args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command.args(args);
    for name in ENV {
        command.env_remove(name);
    }
    command.env("RUST_LOG", "info");
    command
}

/// A running `serve`, its stdout and stderr lines arriving on one channel.
struct Server {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
    base_url: String,
}

impl Server {
    fn start(mut command: Command) -> Self {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("rolecall starts");
        let (tx, lines) = mpsc::channel();
        forward(child.stdout.take().unwrap(), tx.clone());
        forward(child.stderr.take().unwrap(), tx);
        let mut server = Server {
            child,
            lines,
            seen: Vec::new(),
            base_url: String::new(),
        };
        // The banner (dev) or the start-up log line names the bound address.
        let line = server.wait_for("the listening address", |line| {
            line.contains("listening on http://") || line.contains("rolecall listening")
        });
        let addr = line
            .split(|c: char| c.is_whitespace() || c == '/' || c == '=')
            .find(|word| word.starts_with("127.0.0.1:"))
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        server.base_url = format!("http://{addr}");
        server
    }

    /// The first line (already seen or still to come) that matches, within [`WAIT`].
    fn wait_for(&mut self, what: &str, matches: impl Fn(&str) -> bool) -> String {
        if let Some(line) = self.seen.iter().find(|line| matches(line)) {
            return line.clone();
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if matches(&line) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "timed out waiting for {what}; output so far:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    fn simulate(&self, args: &[&str]) -> Output {
        let mut all = vec!["simulate"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--url", &self.base_url]);
        rolecall(&all).output().expect("simulate runs")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn forward(stream: impl Read + Send + 'static, tx: mpsc::Sender<String>) {
    thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
}

/// Runs a command that should exit by itself; kills it past [`WAIT`].
fn run_to_exit(command: &mut Command) -> (ExitStatus, String) {
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rolecall starts");
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the command kept running: it should have refused to start");
        }
        thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (status, stderr)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn dev_server() -> Server {
    Server::start(rolecall(&["serve", "--dev", "--addr", "127.0.0.1:0"]))
}

#[test]
fn a_simulated_slash_command_to_the_dev_server_prints_200_and_the_answer() {
    let server = dev_server();

    let output = server.simulate(&["slash", "who owns sprint planning?"]);

    let shown = stdout(&output);
    assert!(output.status.success(), "{shown}");
    assert!(shown.contains("HTTP 200"), "{shown}");
    assert!(
        shown.contains("\"response_type\": \"ephemeral\""),
        "{shown}"
    );
    assert!(shown.contains("rendered:\n  # "), "{shown}");
    assert!(shown.to_lowercase().contains("product owner"), "{shown}");
}

#[test]
fn a_simulated_mention_shows_the_would_be_post_in_its_thread_on_the_server_terminal() {
    let mut server = dev_server();

    let output = server.simulate(&["mention", "who owns product strategy?"]);

    let shown = stdout(&output);
    assert!(
        output.status.success() && shown.contains("HTTP 200"),
        "{shown}"
    );
    let ts = shown
        .split_whitespace()
        .skip_while(|word| *word != "ts:")
        .nth(1)
        .unwrap_or_else(|| panic!("simulate printed no ts: {shown}"));
    let expected = format!("--> chat.postMessage channel=C0DEV thread_ts={ts}");
    server.wait_for("the would-be chat.postMessage", |line| line == expected);
    server.wait_for("the answer's owner", |line| {
        line.to_lowercase().contains("owner:* product manager")
    });
}

#[test]
fn a_simulated_join_shows_the_welcome_dm_being_opened_and_posted() {
    let mut server = dev_server();

    let output = server.simulate(&["join", "Ada"]);

    assert!(output.status.success(), "{}", stdout(&output));
    server.wait_for("conversations.open", |line| {
        line.starts_with("--> conversations.open users=U0NEW")
    });
    server.wait_for("the welcome DM", |line| {
        line == "--> chat.postMessage channel=D0DEVDM"
    });
}

#[test]
fn a_simulated_panel_question_shows_prompts_status_answer_and_title() {
    let mut server = dev_server();

    let output = server.simulate(&["assistant", "who owns product strategy?"]);

    let shown = stdout(&output);
    assert!(output.status.success(), "{shown}");
    assert_eq!(shown.matches("HTTP 200").count(), 2, "{shown}");
    for (what, line) in [
        (
            "the prompts",
            "--> assistant.threads.setSuggestedPrompts channel_id=D0DEVDM thread_ts=1700000000.000100",
        ),
        (
            "the status",
            "--> assistant.threads.setStatus channel_id=D0DEVDM thread_ts=1700000000.000100",
        ),
        (
            "the answer in the thread",
            "--> chat.postMessage channel=D0DEVDM thread_ts=1700000000.000100",
        ),
        (
            "the title",
            "--> assistant.threads.setTitle channel_id=D0DEVDM thread_ts=1700000000.000100",
        ),
    ] {
        server.wait_for(what, |seen| seen == line);
    }
    server.wait_for("the title's text", |line| {
        line.trim() == "title: who owns product strategy?"
    });
}

#[test]
fn a_simulated_shortcut_shows_the_private_answer_with_reply_in_thread() {
    let mut server = dev_server();

    let output = server.simulate(&["shortcut", "who owns product strategy?"]);

    let shown = stdout(&output);
    assert!(
        output.status.success() && shown.contains("HTTP 200"),
        "{shown}"
    );
    server.wait_for("the response_url post", |line| {
        line == "--> response_url response_type=ephemeral"
    });
    server.wait_for("the Reply in thread button", |line| {
        line.contains("[Reply in thread]")
    });
}

#[test]
fn each_simulated_step_is_a_run_of_its_own_completed_with_its_outputs() {
    let mut server = dev_server();
    let completion = "--> functions.completeSuccess function_execution_id=Fx0DEV";

    let output = server.simulate(&["step", "who owns product strategy?"]);
    assert!(output.status.success(), "{}", stdout(&output));
    let first = server.wait_for("the completion", |line| line.starts_with(completion));
    server.wait_for("the answered output", |line| {
        line.trim() == "output answered: true"
    });

    // A second run under the first one's id would be dropped as a repeat delivery.
    let output = server.simulate(&["step", "who writes user stories?"]);
    assert!(output.status.success(), "{}", stdout(&output));
    server.wait_for("the second run's completion", |line| {
        line.starts_with(completion) && line != first
    });
}

#[test]
fn dev_mode_refuses_a_non_loopback_address() {
    let (status, stderr) =
        run_to_exit(&mut rolecall(&["serve", "--dev", "--addr", "0.0.0.0:3000"]));

    assert!(!status.success());
    assert!(
        stderr.contains("0.0.0.0:3000 is not a loopback address"),
        "{stderr}"
    );
}

#[test]
fn dev_mode_refuses_a_non_loopback_metrics_address_too() {
    let (status, stderr) = run_to_exit(&mut rolecall(&[
        "serve",
        "--dev",
        "--addr",
        "127.0.0.1:0",
        "--metrics-addr",
        "0.0.0.0:0",
    ]));

    assert!(!status.success());
    assert!(stderr.contains("is not a loopback address"), "{stderr}");
}

#[test]
fn dev_mode_keeps_a_question_log_when_db_names_one_so_gaps_can_be_tried() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("trial.db");
    let db = db.to_str().unwrap();
    let server = Server::start(rolecall(&[
        "serve",
        "--dev",
        "--addr",
        "127.0.0.1:0",
        "--db",
        db,
    ]));

    let asked = server.simulate(&["slash", "who resets my laptop password?"]);
    assert!(asked.status.success(), "{}", stdout(&asked));

    // The log is written behind the answer: read it until the question shows.
    let deadline = Instant::now() + WAIT;
    loop {
        let gaps = rolecall(&["gaps", "--db", db]).output().unwrap();
        if stdout(&gaps).contains("who resets my laptop password") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the declined question never reached the log: {}{}",
            stdout(&gaps),
            String::from_utf8_lossy(&gaps.stderr)
        );
        thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn dev_mode_without_db_writes_no_log_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = rolecall(&["serve", "--dev", "--addr", "127.0.0.1:0"]);
    command.current_dir(dir.path()).env_remove("ROLECALL_DB");
    let server = Server::start(command);

    let asked = server.simulate(&["slash", "who resets my laptop password?"]);

    assert!(asked.status.success(), "{}", stdout(&asked));
    drop(server);
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(files.is_empty(), "{files:?}");
}

#[test]
fn a_malformed_api_url_or_a_placeholder_secret_stops_the_start_with_its_name() {
    let mut bad_url = rolecall(&["serve", "--no-log", "--addr", "127.0.0.1:0"]);
    bad_url
        .env("SLACK_SIGNING_SECRET", "a-real-secret-for-this-test")
        .env("SLACK_API_URL", "notaurl");
    let (status, stderr) = run_to_exit(&mut bad_url);
    assert!(!status.success());
    assert!(
        stderr.contains("SLACK_API_URL \"notaurl\" is not an http(s) URL"),
        "{stderr}"
    );

    let mut placeholder = rolecall(&["serve", "--no-log", "--addr", "127.0.0.1:0"]);
    placeholder.env("SLACK_SIGNING_SECRET", "REPLACE_WITH_SIGNING_SECRET");
    let (status, stderr) = run_to_exit(&mut placeholder);
    assert!(!status.success());
    assert!(
        stderr.contains("SLACK_SIGNING_SECRET is still the example file's placeholder"),
        "{stderr}"
    );
}

#[test]
fn a_bot_token_of_the_wrong_kind_is_named_at_start_and_never_shown() {
    let mut command = rolecall(&["serve", "--no-log", "--addr", "127.0.0.1:0"]);
    command
        .env("SLACK_SIGNING_SECRET", "a-real-secret-for-this-test")
        .env("SLACK_BOT_TOKEN", "xoxp-a-user-token-not-a-bot-one")
        .env("SLACK_API_URL", "http://127.0.0.1:1/api");
    let mut server = Server::start(command);

    server.wait_for("the warning", |line| {
        line.contains("SLACK_BOT_TOKEN does not start with xoxb-")
    });
    assert!(
        !server.seen.iter().any(|line| line.contains("a-user-token")),
        "{}",
        server.seen.join("\n")
    );
}

#[test]
fn the_banner_suggests_a_question_of_the_table_served_and_the_address_to_send_it_to() {
    let rules = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/tables/hotel");
    let first_example = rolecall::rules::load_dir(std::path::Path::new(rules))
        .unwrap()
        .messages
        .examples[0]
        .clone();
    let mut server = Server::start(rolecall(&[
        "serve",
        "--dev",
        "--addr",
        "127.0.0.1:0",
        "--rules",
        rules,
    ]));

    let line = server.wait_for("the banner's suggestion", |line| {
        line.contains("try, in a second terminal")
    });

    assert!(line.contains(&first_example), "{line}");
    assert!(!line.contains("sprint planning"), "{line}");
    assert!(
        line.contains(&format!("--url {}", server.base_url)),
        "{line}"
    );
}

#[test]
fn a_request_signed_with_the_dev_secret_gets_401_from_a_server_without_dev() {
    let mut command = rolecall(&["serve", "--no-log", "--addr", "127.0.0.1:0"]);
    command.env("SLACK_SIGNING_SECRET", "a-real-secret-for-this-test");
    let server = Server::start(command);

    let output = server.simulate(&["slash", "who owns sprint planning?"]);

    let shown = stdout(&output);
    assert!(!output.status.success(), "{shown}");
    assert!(shown.contains("HTTP 401"), "{shown}");
}

#[test]
fn a_server_without_dev_refuses_to_start_with_the_dev_secret() {
    let mut command = rolecall(&["serve", "--no-log", "--addr", "127.0.0.1:0"]);
    command.env("SLACK_SIGNING_SECRET", "rolecall-dev-signing-secret");

    let (status, stderr) = run_to_exit(&mut command);

    assert!(!status.success());
    assert!(
        stderr.contains("only `rolecall serve --dev` accepts"),
        "{stderr}"
    );
}

#[test]
fn simulate_signs_with_the_real_secret_only_when_asked_to() {
    let mut command = rolecall(&["serve", "--no-log", "--addr", "127.0.0.1:0"]);
    command.env("SLACK_SIGNING_SECRET", "a-real-secret-for-this-test");
    let server = Server::start(command);

    let output = simulate_slash_with_the_real_secret(&server.base_url);

    let shown = stdout(&output);
    assert!(
        output.status.success() && shown.contains("HTTP 200"),
        "{shown}"
    );
}

/// A fake Slack Web API on loopback that answers every call as `auth.test` for workspace T1,
/// one connection at a time; its base URL.
fn fake_slack_of_workspace_t1() -> String {
    use std::io::Write;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 0 && line != "\r\n" {
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                line.clear();
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let reply = r#"{"ok":true,"user_id":"UBOT","bot_id":"B1","team_id":"T1"}"#;
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{reply}",
                reply.len()
            );
        }
    });
    base
}

#[test]
fn simulate_says_why_a_server_with_a_real_bot_token_answers_its_slash_command_with_nothing() {
    let mut command = rolecall(&["serve", "--no-log", "--addr", "127.0.0.1:0"]);
    command
        .env("SLACK_SIGNING_SECRET", "a-real-secret-for-this-test")
        .env("SLACK_BOT_TOKEN", "xoxb-test")
        .env("SLACK_API_URL", fake_slack_of_workspace_t1());
    let mut server = Server::start(command);
    server.wait_for("the workspace pin", |line| {
        line.contains("answering only this workspace")
    });

    let output = simulate_slash_with_the_real_secret(&server.base_url);

    let shown = stdout(&output);
    assert!(shown.contains("HTTP 200"), "{shown}");
    assert!(
        shown.contains("empty reply") && shown.contains("SLACK_BOT_TOKEN"),
        "an empty 200 must say why nothing came back: {shown}"
    );
}

#[test]
fn simulate_help_names_every_kind_it_plays() {
    let top = stdout(&rolecall(&["--help"]).output().unwrap());
    let line = top
        .lines()
        .find(|line| line.trim_start().starts_with("simulate"))
        .unwrap_or_else(|| panic!("{top}"));
    let own = stdout(&rolecall(&["simulate", "--help"]).output().unwrap());
    let text = own
        .split("[TEXT]")
        .nth(1)
        .and_then(|rest| rest.split("Options:").next())
        .unwrap_or_else(|| panic!("{own}"));
    for kind in ["assistant", "shortcut", "step"] {
        assert!(line.contains(kind), "rolecall --help: {line}");
        assert!(text.contains(kind), "simulate --help, TEXT: {text}");
    }
}

#[test]
fn dev_mode_ignores_a_real_secret_in_the_environment_and_says_so() {
    let mut command = rolecall(&["serve", "--dev", "--addr", "127.0.0.1:0"]);
    command.env("SLACK_SIGNING_SECRET", "a-real-secret-for-this-test");
    let mut server = Server::start(command);

    let output = server.simulate(&["slash", "help"]);

    server.wait_for("the banner's note on the ignored secret", |line| {
        line.contains("SLACK_SIGNING_SECRET is set and IGNORED")
    });
    let shown = stdout(&output);
    assert!(
        output.status.success() && shown.contains("HTTP 200"),
        "{shown}"
    );
}

#[test]
fn socket_mode_without_an_app_token_refuses_to_start_and_says_what_it_needs() {
    let (status, stderr) = run_to_exit(&mut rolecall(&["serve", "--socket-mode"]));

    assert!(!status.success());
    assert!(stderr.contains("SLACK_APP_TOKEN is not set"), "{stderr}");
    assert!(stderr.contains("xapp-"), "{stderr}");
}

/// `simulate slash` signing with the secret the test's servers run with.
fn simulate_slash_with_the_real_secret(url: &str) -> std::process::Output {
    rolecall(&[
        "simulate",
        "slash",
        "who owns sprint planning?",
        "--secret-from-env",
        "--url",
        url,
    ])
    .env("SLACK_SIGNING_SECRET", "a-real-secret-for-this-test")
    .output()
    .unwrap()
}
