//! The real binary reloads its table: on SIGHUP, and with `--watch` on a file edit alone.
//! A bad edit keeps the running table, and the warning names the file. SIGHUP and SIGTERM
//! during start-up are taken, not met by their default action.

use crate::helpers::*;
use crate::reload::*;
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a reload may take to show in answers; checked every [`POLL`].
const DEADLINE: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(100);

struct Binary {
    child: Option<Child>,
    port: u16,
    client: reqwest::Client,
}

impl Binary {
    /// `rolecall serve --rules DIR` plus `extra`, on a free loopback port; returns once it
    /// answers a signed slash command.
    async fn start(rules: &Path, extra: &[&str]) -> Self {
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_rolecall"))
            .args(["serve", "--no-log"])
            .args(["--rules", rules.to_str().unwrap()])
            .args(extra)
            .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
            .env_remove("SLACK_BOT_TOKEN")
            .env_remove("ROLECALL_TEAM")
            .env_remove("ROLECALL_WATCH")
            .env("ROLECALL_ADDR", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let binary = Binary {
            child: Some(child),
            port,
            client: reqwest::Client::new(),
        };
        binary
            .wait_for("the binary answers", |answer| answer.contains("Owner"))
            .await;
        binary
    }

    async fn ask(&self, text: &str) -> Option<String> {
        let body = slash_form(text);
        let ts = now();
        let response = self
            .client
            .post(format!("http://127.0.0.1:{}/slack/commands", self.port))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-slack-request-timestamp", ts.to_string())
            .header("x-slack-signature", sign(body.as_bytes(), ts))
            .body(body)
            .send()
            .await
            .ok()?;
        response.text().await.ok()
    }

    async fn metrics(&self) -> String {
        let url = format!("http://127.0.0.1:{}/metrics", self.port);
        let response = self.client.get(url).send().await.unwrap();
        response.text().await.unwrap()
    }

    /// Reads `/metrics` until it holds `line`, within [`DEADLINE`].
    async fn wait_for_metric(&self, what: &str, line: &str) {
        let started = Instant::now();
        while !self.metrics().await.contains(line) {
            assert!(started.elapsed() < DEADLINE, "{what}");
            tokio::time::sleep(POLL).await;
        }
    }

    /// Asks the strategy question until `done` holds for the answer, within [`DEADLINE`].
    async fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            if let Some(answer) = self.ask(STRATEGY).await
                && done(&answer)
            {
                return answer;
            }
            assert!(started.elapsed() < DEADLINE, "timed out waiting: {what}");
            tokio::time::sleep(POLL).await;
        }
    }

    fn signal(&self, name: &str) {
        let pid = self.child.as_ref().unwrap().id().to_string();
        let sent = Command::new("kill").args([name, &pid]).status().unwrap();
        assert!(sent.success(), "kill {name}");
    }

    /// SIGTERM, then the exit status must be a clean one; returns stderr.
    async fn stop(mut self) -> String {
        self.signal("-TERM");
        let mut child = self.child.take().unwrap();
        let exit = tokio::task::spawn_blocking(move || {
            let exit = child.wait().unwrap();
            let mut stderr = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
            (exit, stderr)
        });
        let (exit, stderr) = tokio::time::timeout(Duration::from_secs(15), exit)
            .await
            .expect("the binary exits after SIGTERM")
            .unwrap();
        assert!(exit.success(), "{exit:?}\n{stderr}");
        stderr
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sighup_reloads_the_table_and_a_bad_edit_keeps_the_running_one() {
    let rules = copy_of_fixture_rules();
    let binary = Binary::start(rules.path(), &[]).await;
    let good = std::fs::read_to_string(topics_file(rules.path())).unwrap();

    // A broken file and a SIGHUP: the failure is counted, the answer stays.
    std::fs::write(topics_file(rules.path()), "[[topic]\nid = ").unwrap();
    binary.signal("-HUP");
    binary
        .wait_for_metric(
            "the failed reload is counted",
            r#"rolecall_reloads_total{result="failed"} 1"#,
        )
        .await;
    let kept = binary.ask(STRATEGY).await.unwrap();
    assert!(kept.contains(OLD_ANSWER), "{kept}");

    // Fixed and edited, then SIGHUP: the next answers are the new ones.
    std::fs::write(topics_file(rules.path()), good).unwrap();
    change_the_strategy_answer(rules.path());
    binary.signal("-HUP");
    binary
        .wait_for("the SIGHUP reload", |answer| answer.contains(NEW_ANSWER))
        .await;

    let stderr = binary.stop().await;
    let warned = stderr
        .lines()
        .find(|line| line.contains("reload failed"))
        .unwrap_or_else(|| panic!("the failed reload is logged:\n{stderr}"));
    assert!(
        warned.contains("WARN") && warned.contains("fixture.toml"),
        "{warned}"
    );
    assert!(
        stderr.contains("topics=2"),
        "the good reload logs its topic count: {stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn with_watch_a_file_edit_alone_reloads_the_table() {
    let rules = copy_of_fixture_rules();
    let binary = Binary::start(rules.path(), &["--watch"]).await;

    change_the_strategy_answer(rules.path());

    binary
        .wait_for("the --watch reload", |answer| answer.contains(NEW_ANSWER))
        .await;
    let metrics = binary.metrics().await;
    assert!(
        metrics.contains(r#"rolecall_reloads_total{result="ok"}"#),
        "{metrics}"
    );
    binary.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn with_watch_reading_the_table_starts_no_reload_and_each_edit_reloads_once() {
    let rules = copy_of_fixture_rules();
    let binary = Binary::start(rules.path(), &["--watch"]).await;
    change_the_strategy_answer(rules.path());
    binary
        .wait_for("the first --watch reload", |answer| {
            answer.contains(NEW_ANSWER)
        })
        .await;

    // Reading is not editing: the reload's own reads once set off the next reload, for ever.
    for entry in walk(rules.path()) {
        let _ = std::fs::read(entry).unwrap();
    }
    let topics = topics_file(rules.path());
    let text = std::fs::read_to_string(&topics).unwrap();
    std::fs::write(&topics, text.replace(NEW_ANSWER, "Edited a second time.")).unwrap();
    binary
        .wait_for("the second --watch reload", |answer| {
            answer.contains("Edited a second time.")
        })
        .await;

    // Nothing signals "no reload happened": watch the count over several debounce periods
    // (a looping watcher reloads about three times a second).
    let watched = Instant::now();
    while watched.elapsed() < 5 * rolecall::live::DEBOUNCE {
        let metrics = binary.metrics().await;
        let reloads: Vec<&str> = metrics
            .lines()
            .filter(|line| line.starts_with("rolecall_reloads_total"))
            .collect();
        assert_eq!(
            reloads,
            [r#"rolecall_reloads_total{result="ok"} 2"#],
            "two edits, two reloads"
        );
        tokio::time::sleep(POLL).await;
    }
    binary.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn with_watch_an_edit_in_a_folder_the_table_does_not_read_starts_no_reload() {
    let rules = copy_of_fixture_rules();
    let drafts = rules.path().join("drafts");
    std::fs::create_dir(&drafts).unwrap();
    let binary = Binary::start(rules.path(), &["--watch"]).await;

    std::fs::write(drafts.join("next.toml"), "[[topic]]\n").unwrap();

    // Nothing signals "no reload happened": watch the count over several debounce periods.
    let watched = Instant::now();
    while watched.elapsed() < 5 * rolecall::live::DEBOUNCE {
        let metrics = binary.metrics().await;
        assert!(!metrics.contains("rolecall_reloads_total"), "{metrics}");
        tokio::time::sleep(POLL).await;
    }
    // The watch itself still works.
    change_the_strategy_answer(rules.path());
    binary
        .wait_for("the --watch reload", |answer| answer.contains(NEW_ANSWER))
        .await;
    binary.stop().await;
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[tokio::test(flavor = "multi_thread")]
async fn the_binary_answers_with_the_team_file_in_the_rules_directory() {
    let rules = copy_of_fixture_rules();
    std::fs::write(
        rules.path().join("team.toml"),
        "product_manager = \"<@U123>\"\n",
    )
    .unwrap();
    let binary = Binary::start(rules.path(), &[]).await;

    let strategy = binary.ask(STRATEGY).await.unwrap();
    let backlog = binary.ask(BACKLOG).await.unwrap();

    assert!(
        strategy.contains("In this workspace: <@U123>"),
        "{strategy}"
    );
    assert!(!backlog.contains("In this workspace"), "{backlog}");
    binary.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn with_watch_an_edit_to_a_team_file_outside_the_rules_directory_is_picked_up() {
    let rules = copy_of_fixture_rules();
    let elsewhere = tempfile::tempdir().unwrap();
    let team = elsewhere.path().join("people.toml");
    std::fs::write(&team, "product_owner = \"<@U1>\"\n").unwrap();
    let binary = Binary::start(rules.path(), &["--watch", "--team", team.to_str().unwrap()]).await;
    let before = binary.ask(STRATEGY).await.unwrap();
    assert!(!before.contains("In this workspace"), "{before}");

    // Written the way editors do: a new file renamed over the old one.
    let draft = elsewhere.path().join("people.toml.new");
    std::fs::write(&draft, "product_manager = \"<@U7>\"\n").unwrap();
    std::fs::rename(&draft, &team).unwrap();

    binary
        .wait_for("the team file reload", |answer| {
            answer.contains("In this workspace: <@U7>")
        })
        .await;
    binary.stop().await;
}

/// A deploy that replaces the team file's folder ended the watch on it, and nothing
/// watched above it (as is done for the rules directory): under `--watch` the team file
/// was never read again until a SIGHUP or a restart.
#[tokio::test(flavor = "multi_thread")]
async fn with_watch_a_team_files_folder_removed_and_made_again_is_watched() {
    let rules = copy_of_fixture_rules();
    let elsewhere = tempfile::tempdir().unwrap();
    let folder = elsewhere.path().join("config");
    let write_team = |dir: &Path, holder: &str| {
        std::fs::create_dir_all(dir).unwrap();
        let text = format!("product_manager = \"<@{holder}>\"\n");
        std::fs::write(dir.join("people.toml"), text).unwrap();
    };
    write_team(&folder, "U1");
    let team = folder.join("people.toml");
    let binary = Binary::start(rules.path(), &["--watch", "--team", team.to_str().unwrap()]).await;
    binary
        .wait_for("the first team", |answer| {
            answer.contains("In this workspace: <@U1>")
        })
        .await;

    std::fs::remove_dir_all(&folder).unwrap();
    binary
        .wait_for_metric(
            "the removal is seen",
            r#"rolecall_reloads_total{result="failed"} 1"#,
        )
        .await;
    let fresh = elsewhere.path().join("config.new");
    write_team(&fresh, "U7");
    std::fs::rename(&fresh, &folder).unwrap();
    binary
        .wait_for("the reload of the new folder", |answer| {
            answer.contains("In this workspace: <@U7>")
        })
        .await;

    // An edit inside the new folder is seen too.
    write_team(&folder, "U8");
    binary
        .wait_for("the reload of an edit in the new folder", |answer| {
            answer.contains("In this workspace: <@U8>")
        })
        .await;
    binary.stop().await;
}

/// The strategy answer after a second edit.
const NEWER_ANSWER: &str = "The *product manager* sets product strategy, reloaded twice.";

fn change_the_new_answer_again(dir: &Path) {
    let file = topics_file(dir);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(NEW_ANSWER), "the first edit is in place");
    std::fs::write(&file, text.replace(NEW_ANSWER, NEWER_ANSWER)).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn with_watch_a_topics_folder_made_again_after_the_start_is_watched() {
    let rules = copy_of_fixture_rules();
    let binary = Binary::start(rules.path(), &["--watch"]).await;

    // A checkout or a copy over the table removes the folder and makes a new one.
    let topics = rules.path().join("topics");
    let edited = tempfile::tempdir().unwrap();
    std::fs::rename(&topics, edited.path().join("old")).unwrap();
    std::fs::create_dir(&topics).unwrap();
    std::fs::copy(
        edited.path().join("old/fixture.toml"),
        topics_file(rules.path()),
    )
    .unwrap();
    change_the_strategy_answer(rules.path());
    binary
        .wait_for("the reload of the new folder", |answer| {
            answer.contains(NEW_ANSWER)
        })
        .await;

    // An edit inside the new folder is seen too.
    change_the_new_answer_again(rules.path());
    binary
        .wait_for("the reload of an edit in the new folder", |answer| {
            answer.contains(NEWER_ANSWER)
        })
        .await;
    binary.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn with_watch_a_rules_directory_removed_and_made_again_is_watched() {
    let parent = tempfile::tempdir().unwrap();
    let rules = parent.path().join("rules");
    let copy = |to: &Path| {
        let status = Command::new("cp")
            .arg("-r")
            .arg(copy_of_fixture_rules().path())
            .arg(to)
            .status()
            .unwrap();
        assert!(status.success());
    };
    copy(&rules);
    let binary = Binary::start(&rules, &["--watch"]).await;

    // A deploy that removes the table and puts a fresh copy in its place.
    std::fs::remove_dir_all(&rules).unwrap();
    binary
        .wait_for_metric(
            "the removal is seen",
            r#"rolecall_reloads_total{result="failed"} 1"#,
        )
        .await;
    let fresh = parent.path().join("rules.new");
    copy(&fresh);
    change_the_strategy_answer(&fresh);
    std::fs::rename(&fresh, &rules).unwrap();
    binary
        .wait_for("the reload of the new directory", |answer| {
            answer.contains(NEW_ANSWER)
        })
        .await;

    // An edit inside the new directory is seen too.
    change_the_new_answer_again(&rules);
    binary
        .wait_for("the reload of an edit in the new directory", |answer| {
            answer.contains(NEWER_ANSWER)
        })
        .await;
    binary.stop().await;
}

/// A table laid out as Kubernetes mounts a ConfigMap: the files live in a versioned
/// folder, `..data` links to it, and every entry of the mount links through `..data`.
struct ConfigMapMount {
    root: tempfile::TempDir,
    versions: usize,
}

impl ConfigMapMount {
    fn of(table: &Path) -> Self {
        let root = tempfile::tempdir().unwrap();
        let mut mount = ConfigMapMount { root, versions: 0 };
        let first = mount.add_version(table);
        std::os::unix::fs::symlink(&first, mount.root.path().join("..data")).unwrap();
        for entry in std::fs::read_dir(table).unwrap() {
            let name = entry.unwrap().file_name();
            let through_data = Path::new("..data").join(&name);
            std::os::unix::fs::symlink(through_data, mount.root.path().join(&name)).unwrap();
        }
        mount
    }

    /// Copies `table` into a new versioned folder; returns its name.
    fn add_version(&mut self, table: &Path) -> String {
        self.versions += 1;
        let name = format!("..2026_12_07_00_00_0{}", self.versions);
        let status = Command::new("cp")
            .arg("-r")
            .arg(table)
            .arg(self.root.path().join(&name))
            .status()
            .unwrap();
        assert!(status.success());
        name
    }

    /// What the kubelet does on an update: a new folder, a new link renamed over `..data`.
    fn swap_to(&mut self, table: &Path) {
        let version = self.add_version(table);
        let link = self.root.path().join("..data_tmp");
        std::os::unix::fs::symlink(&version, &link).unwrap();
        std::fs::rename(&link, self.root.path().join("..data")).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn with_watch_a_table_mounted_like_a_kubernetes_configmap_reloads_on_each_update() {
    let table = copy_of_fixture_rules();
    let mut mount = ConfigMapMount::of(table.path());
    let binary = Binary::start(mount.root.path(), &["--watch"]).await;

    change_the_strategy_answer(table.path());
    mount.swap_to(table.path());
    binary
        .wait_for("the reload of the first update", |answer| {
            answer.contains(NEW_ANSWER)
        })
        .await;

    change_the_new_answer_again(table.path());
    mount.swap_to(table.path());
    binary
        .wait_for("the reload of the second update", |answer| {
            answer.contains(NEWER_ANSWER)
        })
        .await;
    binary.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sighup_while_starting_up_does_not_end_the_process() {
    // A Redis that accepts and never answers holds start-up for about a second.
    let redis = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let redis_url = format!("redis://{}/0", redis.local_addr().unwrap());
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(["serve", "--no-log", "--redis-url", &redis_url])
        .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        .env_remove("SLACK_BOT_TOKEN")
        .env("ROLECALL_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(child.stderr.take().unwrap()));
    let mut seen = Vec::new();
    let mut wait_for_line = |what: &str| {
        for line in lines.by_ref() {
            let line = line.unwrap();
            seen.push(line.clone());
            if line.contains(what) {
                return;
            }
        }
        panic!("stderr ended before {what:?}:\n{}", seen.join("\n"));
    };
    // The accepted connection is the sign that start-up waits on Redis.
    let (_silent, _) = tokio::time::timeout(Duration::from_secs(10), redis.accept())
        .await
        .expect("the binary connects to Redis")
        .unwrap();
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-HUP", &pid])
            .status()
            .unwrap()
            .success()
    );

    // The reload runs once the server is up (its line may come before "listening").
    wait_for_line("reloaded the rules table");
    // The server still answers after the reload, and then stops cleanly.
    let mut binary = Binary {
        child: Some(child),
        port,
        client: reqwest::Client::new(),
    };
    binary
        .wait_for("the server answers", |answer| answer.contains("Owner"))
        .await;
    binary.signal("-TERM");
    let mut child = binary.child.take().unwrap();
    let exit = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    assert!(exit.success(), "{exit:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sigterm_while_starting_up_ends_the_process_cleanly() {
    // A Postgres that accepts and never answers holds start-up on the question log; the
    // accepted connection is the sign that the process got that far.
    let postgres = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let db = format!(
        "postgres://rolecall@{}/rolecall",
        postgres.local_addr().unwrap()
    );
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(["serve", "--db", &db])
        .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        .env_remove("SLACK_BOT_TOKEN")
        .env("ROLECALL_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (_silent, _) = tokio::time::timeout(Duration::from_secs(10), postgres.accept())
        .await
        .expect("the binary connects to the question log")
        .unwrap();

    let pid = child.id().to_string();
    let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(sent.success());
    let (exit, stderr) = tokio::task::spawn_blocking(move || {
        let exit = child.wait().unwrap();
        let mut stderr = String::new();
        let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
        (exit, stderr)
    })
    .await
    .unwrap();

    assert!(exit.success(), "{exit:?}\n{stderr}");
    assert!(stderr.contains("stopped while starting up"), "{stderr}");
    assert!(!stderr.contains("rolecall listening"), "{stderr}");
}
