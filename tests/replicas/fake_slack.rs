//! Slack's Web API played by wiremock: `auth.test` answers with our bot user, and every
//! `chat.postMessage` is recorded with the moment it arrived, so tests can count posts and
//! compare their times. Scripted answers (a 429, a hang) go out first, then `ok: true`.

use super::fleet::BOT_USER;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// One `chat.postMessage` as the fake saw it.
#[derive(Debug, Clone)]
pub struct Post {
    pub at: Instant,
    pub channel: String,
}

pub struct FakeSlack {
    pub server: MockServer,
    posts: Arc<Recorder>,
}

struct Recorder {
    posts: Mutex<Vec<Post>>,
    count: watch::Sender<usize>,
    script: Mutex<VecDeque<ResponseTemplate>>,
}

/// The wiremock responder: records, then answers from the script or with `ok: true`.
struct Responder(Arc<Recorder>);

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let post = Post {
            at: Instant::now(),
            channel: body["channel"].as_str().unwrap_or_default().to_string(),
        };
        self.0.posts.lock().unwrap().push(post);
        self.0.count.send_modify(|count| *count += 1);
        let scripted = self.0.script.lock().unwrap().pop_front();
        scripted.unwrap_or_else(ok)
    }
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(serde_json::json!({ "ok": true, "ts": "1700000001.000200" }))
}

impl FakeSlack {
    pub async fn start() -> FakeSlack {
        let server = MockServer::builder().start().await;
        Mock::given(method("POST"))
            .and(path("/api/auth.test"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({ "ok": true, "user_id": BOT_USER })),
            )
            .mount(&server)
            .await;
        let posts = Arc::new(Recorder {
            posts: Mutex::default(),
            count: watch::channel(0).0,
            script: Mutex::default(),
        });
        Mock::given(method("POST"))
            .and(path("/api/chat.postMessage"))
            .respond_with(Responder(posts.clone()))
            .mount(&server)
            .await;
        FakeSlack { server, posts }
    }

    /// The base URL a replica's `SLACK_API_URL` points at.
    pub fn api_url(&self) -> String {
        format!("{}/api", self.server.uri())
    }

    /// The next `chat.postMessage` gets this answer instead of `ok: true`.
    pub fn then_answer(&self, response: ResponseTemplate) {
        self.posts.script.lock().unwrap().push_back(response);
    }

    /// The next `chat.postMessage` is rate-limited: a 429 asking to wait `secs`.
    pub fn then_rate_limit(&self, secs: u64) {
        self.then_answer(
            ResponseTemplate::new(429)
                .insert_header("retry-after", secs.to_string().as_str())
                .set_body_string("rate limited"),
        );
    }

    /// The next `chat.postMessage` gets no answer for a long time (a worker stuck posting).
    pub fn then_hang(&self) {
        self.then_answer(ok().set_delay(Duration::from_secs(60)));
    }

    pub fn posts(&self) -> Vec<Post> {
        self.posts.posts.lock().unwrap().clone()
    }

    /// Waits until at least `n` posts arrived, failing the test after `within`.
    pub async fn wait_for_posts(&self, n: usize, within: Duration) -> Vec<Post> {
        let mut count = self.posts.count.subscribe();
        let reached = tokio::time::timeout(within, count.wait_for(|count| *count >= n)).await;
        assert!(
            reached.is_ok(),
            "expected {n} chat.postMessage within {within:?}, got {}",
            self.posts().len()
        );
        self.posts()
    }

    /// After the expected posts: waits the grace period and returns every post, so a test
    /// can assert that no extra (duplicate) one came late. The one deliberate wait here:
    /// "nothing more happens" has no signal.
    pub async fn posts_after_grace(&self) -> Vec<Post> {
        tokio::time::sleep(GRACE).await;
        self.posts()
    }
}

/// How long "no extra post" is watched for. A duplicate would be queued by the handler
/// before its 200 and posted within milliseconds by an idle worker.
pub const GRACE: Duration = Duration::from_millis(400);
