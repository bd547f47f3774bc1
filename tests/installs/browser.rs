//! The install page in a real browser: headless Chromium (Debian's `chromium`, installed by
//! `.ci/install-test-deps`) loads `/slack/install`, shows the "Add to Slack" link, and keeps
//! the state cookie with its Secure, HttpOnly and SameSite=Lax flags (read back from the
//! throwaway profile's cookie database).

use crate::helpers::*;
use std::path::PathBuf;
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| {
            std::env::var_os("PATH")
                .into_iter()
                .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
                .map(move |dir| dir.join(name))
        })
        .find(|candidate| candidate.is_file())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_shows_the_add_to_slack_link_and_keeps_a_secure_http_only_lax_cookie() {
    let Some(chromium) = chromium() else {
        eprintln!(
            "\n!!! SKIPPED: no chromium on PATH. Install it (`apt-get install chromium`, or \
             `bash .ci/install-test-deps`) to run the browser test of the install page. !!!\n"
        );
        assert!(std::env::var_os("CI").is_none(), "CI must install chromium");
        return;
    };
    let setup = Setup::new().await;
    let app = Replica::spawn(&setup).await;
    let profile = tempfile::tempdir().unwrap();
    let url = app.url("/slack/install");

    let output = tokio::task::spawn_blocking(move || {
        Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(["--dump-dom", &url])
            .output()
            .map(|output| (output, profile))
    })
    .await
    .unwrap()
    .expect("chromium runs");
    let (output, profile) = output;
    let dom = String::from_utf8_lossy(&output.stdout);
    assert!(dom.contains("id=\"add-to-slack\""), "no link in:\n{dom}");
    assert!(
        dom.contains("/oauth/v2/authorize?client_id=1111.2222"),
        "{dom}"
    );

    let cookies = profile.path().join("Default").join("Cookies");
    let db = rusqlite::Connection::open(&cookies).expect("the profile keeps cookies");
    let (name, path, secure, http_only, same_site): (String, String, bool, bool, i64) = db
        .query_row(
            "SELECT name, path, is_secure, is_httponly, samesite FROM cookies \
             WHERE host_key = '127.0.0.1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .expect("the state cookie was stored");
    assert_eq!(
        (name.as_str(), path.as_str()),
        ("rolecall_oauth_state", "/slack")
    );
    assert!(secure && http_only, "secure {secure}, httponly {http_only}");
    // Chromium's CookieSameSite: 0 none, 1 lax, 2 strict.
    assert_eq!(same_site, 1, "SameSite=Lax");
}
