//! The real `rolecall` binary in multi-workspace mode, from outside: what it refuses to start
//! with, and the whole story against a fake Slack (install two workspaces, answer each with
//! its own token, refuse a forged state, forget an uninstalled workspace), with
//! `rolecall installs` reading the same database and no secret in any log line.

use crate::helpers::*;
use serde_json::json;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use wiremock::Mock;
use wiremock::matchers::{method, path};

fn rolecall() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rolecall"));
    // Only what each test sets: nothing from the developer's shell leaks in.
    command.env_clear().env("RUST_LOG", "info");
    command
}

/// Runs `rolecall serve` with `args` and `env` expecting a refusal; returns stderr. A server
/// that starts instead says so on stderr and is stopped: the test fails, it does not hang.
fn refused<V: AsRef<OsStr>>(args: &[&str], env: &[(&str, V)]) -> String {
    let mut child = rolecall()
        .arg("serve")
        .args(["--addr", "127.0.0.1:0"])
        .args(args)
        .envs(env.iter().map(|(name, value)| (name, value)))
        .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut lines = Vec::new();
    for line in stderr.lines().map_while(Result::ok) {
        if line.contains("rolecall listening") {
            let _ = child.kill();
            let _ = child.wait();
            panic!("it started: {lines:?}");
        }
        lines.push(line);
    }
    assert!(!child.wait().unwrap().success(), "it exited 0: {lines:?}");
    lines.join("\n")
}

#[test]
fn serve_refuses_to_start_naming_what_multi_workspace_mode_is_missing() {
    let client = [
        ("SLACK_CLIENT_ID", CLIENT_ID),
        ("SLACK_CLIENT_SECRET", CLIENT_SECRET),
    ];
    let error = refused(&[], &client);
    for name in [
        "--public-url",
        "ROLECALL_PUBLIC_URL",
        "--db",
        "ROLECALL_TOKEN_KEY",
    ] {
        assert!(error.contains(name), "{name} not named in: {error}");
    }
    let error = refused(&["--public-url", PUBLIC_URL, "--db", "/tmp/x.db"], &client);
    assert!(
        error.contains("ROLECALL_TOKEN_KEY") && !error.contains("--public-url"),
        "{error}"
    );
    let mut both = client.to_vec();
    both.extend([
        ("SLACK_BOT_TOKEN", "xoxb-single"),
        ("ROLECALL_TOKEN_KEY", TOKEN_KEY),
    ]);
    let error = refused(&["--public-url", PUBLIC_URL, "--db", "/tmp/x.db"], &both);
    assert!(error.contains("one mode at a time"), "{error}");
    let mut bad_key = client.to_vec();
    bad_key.push(("ROLECALL_TOKEN_KEY", "short"));
    let error = refused(&["--public-url", PUBLIC_URL, "--db", "/tmp/x.db"], &bad_key);
    assert!(
        error.contains("32 bytes") && !error.contains("short"),
        "{error}"
    );
    assert!(!error.contains(CLIENT_SECRET), "{error}");
}

/// A team directory the service cannot read (one under a root-only /etc/rolecall, as
/// systemd's DynamicUser meets it) was refused as "not a directory", which it was: the
/// operator must be told why it cannot be read.
#[test]
fn a_team_dir_that_cannot_be_read_is_refused_with_the_reason() {
    let mut env = vec![
        ("SLACK_CLIENT_ID", CLIENT_ID),
        ("SLACK_CLIENT_SECRET", CLIENT_SECRET),
        ("ROLECALL_TOKEN_KEY", TOKEN_KEY),
    ];
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("teams");
    let missing = missing.to_str().unwrap();
    env.push(("ROLECALL_TEAM_DIR", missing));
    let db = dir.path().join("r.db");
    let args = ["--public-url", PUBLIC_URL, "--db", db.to_str().unwrap()];
    let error = refused(&args, &env);
    assert!(
        error.contains(missing) && error.contains("No such file or directory"),
        "{error}"
    );
}

/// A variable set to bytes that are not UTF-8 text was read as unset: a hash key taken
/// straight from /dev/urandom left askers and installers hashed without it, under a
/// warning that it was "not set". Refused instead, naming the variable.
#[cfg(unix)]
#[test]
fn a_setting_that_is_not_utf8_text_is_refused_not_read_as_unset() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let args = ["--public-url", PUBLIC_URL, "--db", db.to_str().unwrap()];
    let raw = OsStr::from_bytes(b"\xff\xfe raw key bytes \x80");
    let env = [
        ("SLACK_CLIENT_ID", OsStr::new(CLIENT_ID)),
        ("SLACK_CLIENT_SECRET", OsStr::new(CLIENT_SECRET)),
        ("ROLECALL_TOKEN_KEY", OsStr::new(TOKEN_KEY)),
        ("ROLECALL_HASH_KEY", raw),
    ];
    let error = refused(&args, &env);
    assert!(
        error.contains("ROLECALL_HASH_KEY") && error.contains("UTF-8"),
        "{error}"
    );
    assert!(!error.contains(CLIENT_SECRET), "{error}");
}

#[tokio::test]
async fn serve_refuses_a_token_key_that_opens_none_of_the_stored_tokens() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    drop(app);
    let db = setup.db().display().to_string();
    let other_key = "CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk=";
    let env = [
        ("SLACK_CLIENT_ID", CLIENT_ID),
        ("SLACK_CLIENT_SECRET", CLIENT_SECRET),
        ("ROLECALL_TOKEN_KEY", other_key),
    ];
    // Started, it would answer every event 503 as if the database were down.
    let error = refused(&["--public-url", PUBLIC_URL, "--db", &db], &env);
    assert!(
        error.contains("ROLECALL_TOKEN_KEY opens none of the 1 newest stored tokens"),
        "{error}"
    );
    assert!(
        !error.contains(other_key) && !error.contains(TOKEN_KEY),
        "{error}"
    );
}

struct Served {
    child: Child,
    addr: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Served {
    /// Lines of the log so far that contain `what`.
    fn lines_with(&self, what: &str) -> usize {
        let log = self.log.lock().unwrap();
        log.iter().filter(|line| line.contains(what)).count()
    }

    /// Sends one more event, from a workspace with no installation, and waits until its line
    /// is in the log: every line of the requests before it is in by then.
    async fn after_one_more_request(&self, app: &Remote) {
        let last = mention("EvAfterTheFlood", "T9", None, "C1");
        assert_eq!(app.0.post_event(&last).await, 200);
        tokio::time::timeout(WAIT, async {
            while self.lines_with("no installation") == 0 {
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        })
        .await
        .expect("the last request is logged");
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(setup: &Setup) -> Served {
    serve_with(setup, None)
}

/// As [`serve`], sharing event claims and refresh locks through `redis`.
fn serve_with(setup: &Setup, redis: Option<&str>) -> Served {
    serve_args(setup, redis, &[])
}

/// As [`serve_with`], with `extra` arguments to `serve`.
fn serve_args(setup: &Setup, redis: Option<&str>, extra: &[&str]) -> Served {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut child = rolecall()
        .args([
            "serve",
            "--addr",
            &addr,
            "--public-url",
            PUBLIC_URL,
            "--no-log",
        ])
        .args(["--db", &setup.db().display().to_string()])
        .args(redis.map(|url| ["--redis-url", url]).into_iter().flatten())
        .args(extra)
        .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        .env("SLACK_CLIENT_ID", CLIENT_ID)
        .env("SLACK_CLIENT_SECRET", CLIENT_SECRET)
        .env("ROLECALL_TOKEN_KEY", TOKEN_KEY)
        .env("SLACK_API_URL", setup.api_url())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (ready, listening) = mpsc::channel();
    let log = Arc::new(Mutex::new(Vec::new()));
    let lines = log.clone();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("rolecall listening") {
                let _ = ready.send(());
            }
            lines.lock().unwrap().push(line);
        }
    });
    listening
        .recv_timeout(WAIT)
        .unwrap_or_else(|_| panic!("not listening: {:?}", log.lock().unwrap()));
    Served { child, addr, log }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_installs_two_workspaces_answers_each_refuses_forgeries_and_forgets_uninstalls()
{
    let setup = Setup::new().await;
    let served = serve(&setup);
    // The harness's HTTP helpers, pointed at the binary.
    let app = Remote::new(&served.addr);

    app.0.install(&setup, "code-T1", grant("T1", "One")).await;
    app.0.install(&setup, "code-T2", grant("T2", "Two")).await;
    let forged = "0".repeat(64);
    let (status, _) = app.0.redirect("code-X", &forged, Some(&forged)).await;
    assert_eq!(status, 400);
    assert_eq!(
        exchanges(&setup.slack).await.len(),
        2,
        "the forgery reached Slack"
    );

    let one = expect_post(&setup, "xoxb-T1-first", "C1").await;
    let two = expect_post(&setup, "xoxb-T2-first", "C2").await;
    assert_eq!(
        app.0.post_event(&mention("Ev1", "T1", None, "C1")).await,
        200
    );
    assert_eq!(
        app.0.post_event(&mention("Ev2", "T2", None, "C2")).await,
        200
    );
    satisfied(&one, "T1 answered with its token").await;
    satisfied(&two, "T2 answered with its token").await;

    let listed = installs_listing(&setup);
    assert!(listed.contains("T1") && listed.contains("T2"), "{listed}");
    assert!(listed.contains("commands,chat:write"), "{listed}");

    let uninstalled = json!({"type": "event_callback", "event_id": "EvU", "team_id": "T1",
        "event": {"type": "app_uninstalled"}});
    assert_eq!(app.0.post_event(&uninstalled).await, 200);
    let listed = installs_listing(&setup);
    assert!(!listed.contains("T1") && listed.contains("T2"), "{listed}");
    let nothing = expect_no_post(&setup).await;
    assert_eq!(
        app.0.post_event(&mention("Ev3", "T1", None, "C1")).await,
        200
    );
    let metrics = app.0.metrics().await;
    assert!(
        metrics.contains("installs_total{result=\"not_installed\"} 1"),
        "{metrics}"
    );
    drop(nothing);

    let log = served.log.lock().unwrap().join("\n");
    for secret in [CLIENT_SECRET, TOKEN_KEY, "xoxb-", "xoxe-"] {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }
    assert!(!metrics.contains(CLIENT_SECRET) && !metrics.contains("xox"));
}

/// `--watch` with `--team-dir` and no rules directory or team file: it watched nothing
/// ("nothing to watch"), so a workspace's team file written or edited while running was
/// never read until a SIGHUP or a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_watch_a_workspaces_team_file_written_while_running_is_picked_up() {
    let teams = tempfile::tempdir().unwrap();
    let setup = Setup::new().await;
    let dir = teams.path().display().to_string();
    let served = serve_args(&setup, None, &["--team-dir", &dir, "--watch"]);
    let app = Remote::new(&served.addr);
    app.0.install(&setup, "code-T1", grant("T1", "One")).await;
    let (_, before) = app.0.slash("T1", "who owns the product backlog?").await;
    assert!(!before.contains("In this workspace"), "{before}");

    std::fs::write(
        teams.path().join("T1.toml"),
        "product_owner = \"<@U1PO>\"\n",
    )
    .unwrap();
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let (_, answer) = app.0.slash("T1", "who owns the product backlog?").await;
        if answer.contains("In this workspace: <@U1PO>") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the new team file was not read: {answer}\n{}",
            served.log.lock().unwrap().join("\n")
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// A deploy that removes `--team-dir` and puts a fresh copy in its place ended the watch
/// on it: the rules directory is watched from its parent for that, the team directory was
/// not, so under `--watch` its files were never read again until a SIGHUP or a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_watch_a_team_dir_removed_and_made_again_is_watched() {
    let parent = tempfile::tempdir().unwrap();
    let teams = parent.path().join("teams");
    let write_team = |dir: &std::path::Path, holder: &str| {
        std::fs::create_dir_all(dir).unwrap();
        let text = format!("product_owner = \"<@{holder}>\"\n");
        std::fs::write(dir.join("T1.toml"), text).unwrap();
    };
    write_team(&teams, "U1PO");
    let setup = Setup::new().await;
    let dir = teams.display().to_string();
    let served = serve_args(&setup, None, &["--team-dir", &dir, "--watch"]);
    let app = Remote::new(&served.addr);
    app.0.install(&setup, "code-T1", grant("T1", "One")).await;
    let question = "who owns the product backlog?";
    let (_, before) = app.0.slash("T1", question).await;
    assert!(before.contains("In this workspace: <@U1PO>"), "{before}");
    let waited = |what: &str| format!("{what}\n{}", served.log.lock().unwrap().join("\n"));

    std::fs::remove_dir_all(&teams).unwrap();
    let deadline = std::time::Instant::now() + WAIT;
    while !app
        .0
        .metrics()
        .await
        .contains(r#"rolecall_reloads_total{result="ok"} 1"#)
    {
        assert!(
            std::time::Instant::now() < deadline,
            "{}",
            waited("the removal is seen")
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Read after that reload: the workspace has no file now.
    let (_, gone) = app.0.slash("T1", question).await;
    assert!(!gone.contains("In this workspace"), "{gone}");

    let fresh = parent.path().join("teams.new");
    write_team(&fresh, "U2PO");
    std::fs::rename(&fresh, &teams).unwrap();
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let (_, answer) = app.0.slash("T1", question).await;
        if answer.contains("In this workspace: <@U2PO>") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{}", waited(&answer));
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // An edit inside the new directory is seen too.
    write_team(&teams, "U3PO");
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let (_, answer) = app.0.slash("T1", question).await;
        if answer.contains("In this workspace: <@U3PO>") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{}", waited(&answer));
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// `rolecall installs --db FILE`, as an operator runs it.
fn installs_listing(setup: &Setup) -> String {
    let output = rolecall()
        .args(["installs", "--db", &setup.db().display().to_string()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let listed = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(!listed.contains("xox"), "{listed}");
    listed
}

/// A [`Replica`]-shaped client for a server this test did not spawn in-process.
struct Remote(Replica);

impl Remote {
    fn new(addr: &str) -> Remote {
        Remote(Replica::remote(addr.parse().unwrap()))
    }
}

/// Two real replicas on one database and one Redis, Slack granting a token that expires in
/// ten minutes (inside the refresh window, so no clock needs moving): an event to each at
/// the same moment makes one refresh, and both reply with the new token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_binaries_on_one_redis_refresh_a_token_near_expiry_once() {
    let redis = crate::support::redis_server::RedisServer::start();
    let setup = Setup::new().await;
    let (a, b) = (
        serve_with(&setup, Some(&redis.url())),
        serve_with(&setup, Some(&redis.url())),
    );
    let (a_http, b_http) = (Remote::new(&a.addr), Remote::new(&b.addr));
    let mut short = grant("T1", "One");
    short["expires_in"] = json!(600);
    a_http.0.install(&setup, "code-T1", short).await;

    let refresh = Mock::given(method("POST"))
        .and(path("/api/oauth.v2.access"))
        .and(wiremock::matchers::body_string_contains(
            "grant_type=refresh_token",
        ))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(json!({"ok": true, "access_token": "xoxb-T1-second",
                    "token_type": "bot", "refresh_token": "xoxe-1-T1-second",
                    "expires_in": 43_200}))
                .set_delay(std::time::Duration::from_millis(300)),
        )
        .expect(1)
        .mount_as_scoped(&setup.slack)
        .await;
    let on_a = expect_post(&setup, "xoxb-T1-second", "CA").await;
    let on_b = expect_post(&setup, "xoxb-T1-second", "CB").await;
    let (event_a, event_b) = (
        mention("EvA", "T1", None, "CA"),
        mention("EvB", "T1", None, "CB"),
    );
    let sent = tokio::join!(a_http.0.post_event(&event_a), b_http.0.post_event(&event_b));
    assert_eq!(sent, (200, 200));
    satisfied(&on_a, "A's reply with the refreshed token").await;
    satisfied(&on_b, "B's reply with the refreshed token").await;
    drop(refresh);
    let listed = installs_listing(&setup);
    assert!(listed.contains("T1"), "{listed}");
}

/// With many workspaces, a refusal Slack will repeat (`token_revoked`) is logged once and
/// names the installation it came from: otherwise the operator cannot tell whose it is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_reply_is_logged_once_naming_its_workspace() {
    let setup = Setup::new().await;
    let served = serve(&setup);
    let app = Remote::new(&served.addr);
    app.0.install(&setup, "code-T1", grant("T1", "One")).await;
    app.0.install(&setup, "code-T2", grant("T2", "Two")).await;
    let refused = post_with("xoxb-T1-first", "C1")
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(json!({"ok": false, "error": "token_revoked"})),
        )
        .expect(1)
        .mount_as_scoped(&setup.slack)
        .await;
    assert_eq!(
        app.0
            .post_event(&mention("EvRefused", "T1", None, "C1"))
            .await,
        200
    );
    satisfied(&refused, "the one attempt Slack refuses").await;
    let refusals = || -> Vec<String> {
        let log = served.log.lock().unwrap();
        log.iter()
            .filter(|line| line.contains("Slack refused the reply"))
            .cloned()
            .collect()
    };
    tokio::time::timeout(WAIT, async {
        while refusals().is_empty() {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("the refusal is logged");
    let lines = refusals();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("token_revoked") && lines[0].contains("install=\"T1\""),
        "{}",
        lines[0]
    );
}

/// Anyone can open the OAuth redirect URL, so its `error=` is not Slack's word: a line break
/// in it must not start a log line of its own, made to look like rolecall's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_in_the_oauth_redirect_cannot_forge_a_log_line() {
    let setup = Setup::new().await;
    let served = serve(&setup);
    let app = Remote::new(&served.addr);
    let forged = "FORGED ERROR rolecall::server: token leaked";
    let page = app
        .0
        .get(&format!(
            "/slack/oauth_redirect?error=access_denied%0D%0A{}",
            forged.replace(' ', "%20")
        ))
        .await;
    assert!(page.contains("was not installed"), "{page}");
    let declined = || -> Vec<String> {
        let log = served.log.lock().unwrap();
        log.iter()
            .filter(|line| line.contains("install declined"))
            .cloned()
            .collect()
    };
    tokio::time::timeout(WAIT, async {
        while declined().is_empty() {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("the decline is logged");
    assert!(declined()[0].contains("FORGED"), "the value is still shown");
    let log = served.log.lock().unwrap();
    assert!(
        !log.iter().any(|line| line.starts_with("FORGED")),
        "a forged line: {log:?}"
    );
}

/// An operator who mistypes the database file is told there is no installations database
/// there, not about a question log they never asked for.
#[test]
fn installs_on_a_missing_file_names_the_installations_database() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("typo.db");
    let output = rolecall()
        .args(["installs", "--db", &missing.display().to_string()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no installations database at"), "{stderr}");
    assert!(!stderr.contains("question log"), "{stderr}");
    assert!(!missing.exists(), "a listing creates nothing");
}

/// Rolling back to a release older than one that migrated the database: it must refuse
/// without writing, and say the step that works. "Fix --db" (the path was right) or
/// "--no-log" (answering with no log, installs still unreadable) were no such step.
#[tokio::test]
async fn serve_refuses_a_database_a_newer_rolecall_migrated_naming_the_release_to_run() {
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    app.install(&setup, "code-T1", grant("T1", "One")).await;
    drop(app);
    let db = setup.db().display().to_string();
    let env = [
        ("SLACK_CLIENT_ID", CLIENT_ID),
        ("SLACK_CLIENT_SECRET", CLIENT_SECRET),
        ("ROLECALL_TOKEN_KEY", TOKEN_KEY),
    ];
    let conn = rusqlite::Connection::open(&db).unwrap();
    let rows = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row(
            "SELECT (SELECT COUNT(*) FROM installations) * 1000 \
             + (SELECT COUNT(*) FROM schema_version) * 10 \
             + (SELECT COUNT(*) FROM install_schema_version)",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    for table in ["install_schema_version", "schema_version"] {
        conn.execute(&format!("INSERT INTO {table} (version) VALUES (99)"), [])
            .unwrap();
        let before = rows(&conn);

        let error = refused(&["--public-url", PUBLIC_URL, "--db", &db], &env);

        assert!(error.contains("version 99"), "{table}: {error}");
        assert!(
            error.contains("a newer rolecall") && error.contains("run that release"),
            "{table}: {error}"
        );
        assert!(!error.contains("Fix --db"), "{table}: {error}");
        assert_eq!(rows(&conn), before, "{table}: nothing written");
        conn.execute(&format!("DELETE FROM {table} WHERE version = 99"), [])
            .unwrap();
    }
}

/// Anyone can open the OAuth redirect as often as they like, with any state or `error=`: a
/// line for each let one client write megabytes of log a second, where a request failing the
/// signature is never logged for that reason. A flood is said once in a while, with how
/// many were held back; `/metrics` still counts every one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_forged_or_declined_redirects_writes_a_few_log_lines_not_one_each() {
    let setup = Setup::new().await;
    let served = serve(&setup);
    let app = Remote::new(&served.addr);
    for n in 0..200 {
        let forged = format!("{n:064x}");
        let (status, _) = app.0.redirect("code-X", &forged, Some(&forged)).await;
        assert_eq!(status, 400);
        let page = app
            .0
            .get(&format!("/slack/oauth_redirect?error=access_denied{n}"))
            .await;
        assert!(page.contains("was not installed"), "{page}");
    }
    // Logged after the flood's lines: once it is read, so are they.
    served.after_one_more_request(&app).await;
    let lines = |what: &str| served.lines_with(what);
    let (refused, declined) = (lines("install refused"), lines("install declined"));
    assert!(
        (1..10).contains(&refused),
        "{refused} lines for 200 forged states"
    );
    assert!(
        (1..10).contains(&declined),
        "{declined} lines for 200 declines"
    );
    let metrics = app.0.metrics().await;
    for counted in [
        "installs_total{result=\"state_refused\"} 200",
        "installs_total{result=\"declined\"} 200",
    ] {
        assert!(metrics.contains(counted), "{counted} not in {metrics}");
    }
}

/// Past the bound on open install links, every visit to the install page was a warning of
/// its own: the same flood as above, on the page that needs no state at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_install_page_visits_past_the_bound_writes_a_few_log_lines() {
    let setup = Setup::new().await;
    let served = serve(&setup);
    let app = Arc::new(Remote::new(&served.addr));
    let visitors = (0..4).map(|_| {
        let app = app.clone();
        tokio::spawn(async move {
            let mut refused = 0;
            for _ in 0..2_550 {
                let response = app.0.client.get(app.0.url("/slack/install")).send();
                let status = response.await.unwrap().status();
                refused += usize::from(status == 503);
            }
            refused
        })
    });
    let mut refused = 0;
    for visitor in visitors.collect::<Vec<_>>() {
        refused += visitor.await.unwrap();
    }
    // Visits at once may find the bound a few early; a few hundred refusals either way.
    assert!(
        refused >= 200,
        "{refused} refused past the bound of 10,000 open links"
    );
    served.after_one_more_request(&app).await;
    let lines = |what: &str| served.lines_with(what);
    let warned = lines("install page refused");
    assert!(
        (1..10).contains(&warned),
        "{warned} lines for {refused} refusals"
    );
}
