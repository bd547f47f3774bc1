//! Two replicas of the real binary behave as one bot: they share a real `redis-server` for
//! event claims and Web API rate-limit blocks, and one real Postgres for the question log, with Slack's
//! Web API played by wiremock. Everything on 127.0.0.1.

mod fake_slack;
mod fleet;
#[path = "../support/postgres_server.rs"]
mod postgres_server;
#[path = "../support/mod.rs"]
mod support;

use fake_slack::{FakeSlack, Post};
use fleet::{Replica, Setup, mention};
use postgres_server::PostgresServer;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use support::redis_server::RedisServer;

/// Bounds a wait for something that happens in milliseconds when all is well.
const WAIT: Duration = Duration::from_secs(20);

/// The slash command budget under a Redis outage (Slack's own limit is 3 s).
const SLASH_BUDGET: Duration = Duration::from_secs(1);

const QUESTION: &str = "who owns product strategy?";

/// One fleet at a time: each test runs two servers, Redis and a load, and on a small CI
/// machine several at once push Redis calls past their 200 ms budget, where replicas fall
/// back to their own memory by design (and may then answer a delivery twice).
static ONE_FLEET: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Two replicas sharing `redis`, with the server's default Redis budget (200 ms).
fn shared(fake: &FakeSlack, redis: &RedisServer) -> Setup {
    Setup {
        slack_api: fake.api_url(),
        redis_url: Some(redis.url()),
        ..Setup::default()
    }
}

/// As [`shared`], for the tests that count exact posts while Redis is up: a busy CI machine
/// can stall a healthy Redis call past 200 ms, where the replica falls back by design.
fn patient(fake: &FakeSlack, redis: &RedisServer) -> Setup {
    Setup {
        redis_timeout_ms: Some(2_000),
        ..shared(fake, redis)
    }
}

fn per_channel(posts: &[Post]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for post in posts {
        *counts.entry(post.channel.clone()).or_default() += 1;
    }
    counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_event_sent_to_one_replica_and_retried_on_the_other_is_answered_once() {
    let _one = ONE_FLEET.lock().await;
    let redis = RedisServer::start();
    let fake = FakeSlack::start().await;
    let a = Replica::start("A", &patient(&fake, &redis));
    let b = Replica::start("B", &patient(&fake, &redis));

    let event = mention("Ev0RETRY", "C0RETRY", QUESTION);
    assert_eq!(a.post_event(&event, None).await, 200);
    fake.wait_for_posts(1, WAIT).await;
    assert_eq!(b.post_event(&event, Some(1)).await, 200);

    let posts = fake.posts_after_grace().await;
    assert_eq!(posts.len(), 1, "the retry on B must not post again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_events_each_delivered_to_both_replicas_at_once_get_two_hundred_posts() {
    let _one = ONE_FLEET.lock().await;
    let redis = RedisServer::start();
    let fake = FakeSlack::start().await;
    let a = std::sync::Arc::new(Replica::start("A", &patient(&fake, &redis)));
    let b = std::sync::Arc::new(Replica::start("B", &patient(&fake, &redis)));

    // 25 events (50 requests) in flight at a time: both deliveries of one event together.
    let in_flight = std::sync::Arc::new(tokio::sync::Semaphore::new(25));
    let mut deliveries = tokio::task::JoinSet::new();
    for i in 0..200 {
        let (a, b) = (a.clone(), b.clone());
        let slot = in_flight.clone().acquire_owned().await.unwrap();
        deliveries.spawn(async move {
            let _slot = slot;
            let event = mention(&format!("Ev{i:04}"), &format!("C{i:04}"), QUESTION);
            let (to_a, to_b) = tokio::join!(a.post_event(&event, None), b.post_event(&event, None));
            assert_eq!((to_a.as_u16(), to_b.as_u16()), (200, 200));
        });
    }
    while let Some(delivered) = deliveries.join_next().await {
        delivered.expect("delivery task");
    }

    fake.wait_for_posts(200, WAIT).await;
    let posts = fake.posts_after_grace().await;
    let fallbacks = fallbacks(&a).await + fallbacks(&b).await;
    assert_eq!(
        (posts.len(), fallbacks),
        (200, 0),
        "one post per event, not per delivery (a Redis call past its budget falls back)"
    );
    let counts = per_channel(&posts);
    assert_eq!(counts.len(), 200, "every event answered");
    assert!(counts.values().all(|&n| n == 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_replica_killed_while_posting_loses_no_reply_the_retry_on_the_other_answers_once() {
    let _one = ONE_FLEET.lock().await;
    const STALE_SECS: u64 = 3;
    let redis = RedisServer::start();
    let stuck = FakeSlack::start().await;
    stuck.then_hang();
    let fake = FakeSlack::start().await;
    let a = Setup {
        stale_secs: Some(STALE_SECS),
        ..patient(&stuck, &redis)
    };
    let b = Setup {
        stale_secs: Some(STALE_SECS),
        ..patient(&fake, &redis)
    };
    let mut a = Replica::start("A", &a);
    let b = Replica::start("B", &b);

    let event = mention("Ev0CRASH", "C0CRASH", QUESTION);
    assert_eq!(a.post_event(&event, None).await, 200);
    // A claimed the event and its post is in flight (the fake holds it): crash now.
    let claimed_at = stuck.wait_for_posts(1, WAIT).await[0].at;
    a.kill();

    // Inside the stale window the claim still counts: a retry then is dropped.
    assert_eq!(b.post_event(&event, Some(1)).await, 200);
    assert!(
        claimed_at.elapsed() < Duration::from_secs(STALE_SECS),
        "the first retry must land inside the stale window for this test to mean anything"
    );
    assert!(fake.posts_after_grace().await.is_empty());

    // Past it, the next retry takes the claim over and answers, once.
    let stale_at = claimed_at + Duration::from_secs(STALE_SECS) + Duration::from_millis(200);
    tokio::time::sleep_until(stale_at.into()).await;
    assert_eq!(b.post_event(&event, Some(2)).await, 200);
    let posts = fake.wait_for_posts(1, WAIT).await;
    assert_eq!(posts[0].channel, "C0CRASH");
    assert_eq!(b.post_event(&event, Some(3)).await, 200);
    assert_eq!(fake.posts_after_grace().await.len(), 1, "answered once");
}

/// Claims go stale after this in the held-up tests, well inside the 3 s `Retry-After`.
const STALE_SECS: u64 = 1;

/// A fake Slack whose next answer is a 429 asking for 3 s, and a setup whose claims go stale
/// after [`STALE_SECS`], sharing a Redis when `shared_redis`.
async fn held_up_past_the_stale_limit(
    shared_redis: bool,
) -> (Option<RedisServer>, FakeSlack, Setup) {
    let redis = shared_redis.then(RedisServer::start);
    let fake = FakeSlack::start().await;
    fake.then_rate_limit(3);
    let setup = match &redis {
        Some(redis) => patient(&fake, redis),
        None => Setup {
            slack_api: fake.api_url(),
            ..Setup::default()
        },
    };
    let setup = Setup {
        stale_secs: Some(STALE_SECS),
        ..setup
    };
    (redis, fake, setup)
}

/// A worker still answering, held up past the stale limit by a `Retry-After`, keeps its
/// claim: Slack's retry a minute later (here: past a 1 s limit) is dropped, on the same
/// replica (in-process claims) or on another (Redis), and the reply goes out once.
async fn a_retry_while_the_reply_waits_out_a_long_retry_after_is_dropped(shared_redis: bool) {
    let (redis, fake, setup) = held_up_past_the_stale_limit(shared_redis).await;
    let a = Replica::start("A", &setup);
    let b = redis.is_some().then(|| Replica::start("B", &setup));
    let retried_on = b.as_ref().unwrap_or(&a);

    let event = mention("Ev0HELDUP", "C0HELDUP", QUESTION);
    assert_eq!(a.post_event(&event, None).await, 200);
    let limited_at = fake.wait_for_posts(1, WAIT).await[0].at;
    // The one deliberate wait: the stale limit has to pass while A waits out the 429.
    let past_stale = limited_at + Duration::from_secs(STALE_SECS) + Duration::from_millis(500);
    tokio::time::sleep_until(past_stale.into()).await;
    assert_eq!(retried_on.post_event(&event, Some(1)).await, 200);
    assert!(
        limited_at.elapsed() < Duration::from_secs(3),
        "the retry must come while A still waits for this test to mean anything"
    );
    fake.wait_for_posts(2, WAIT).await;
    assert_eq!(
        fake.posts_after_grace().await.len(),
        2,
        "the rate-limited attempt and one reply, not a second reply from the retry"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_late_retry_on_the_same_replica_does_not_answer_a_reply_still_in_progress_again() {
    let _one = ONE_FLEET.lock().await;
    a_retry_while_the_reply_waits_out_a_long_retry_after_is_dropped(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_late_retry_on_another_replica_does_not_answer_a_reply_still_in_progress_again() {
    let _one = ONE_FLEET.lock().await;
    a_retry_while_the_reply_waits_out_a_long_retry_after_is_dropped(true).await;
}

/// Replicas judge a claim's age on Redis's clock, not their own: a retry reaching a replica
/// whose clock runs two minutes ahead (past the 60 s stale limit) while another still
/// answers is dropped, not taken for a dead worker's claim and answered a second time.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_replica_whose_clock_runs_ahead_does_not_take_over_a_live_claim() {
    let _one = ONE_FLEET.lock().await;
    let redis = RedisServer::start();
    let fake = FakeSlack::start().await;
    // A's reply waits out a 429, so its claim is live when the retry reaches B.
    fake.then_rate_limit(2);
    let a = Replica::start("A", &patient(&fake, &redis));
    let b = Replica::start(
        "B",
        &Setup {
            clock_ahead_secs: Some(120),
            ..patient(&fake, &redis)
        },
    );

    let event = mention("Ev0SKEW", "C0SKEW", QUESTION);
    assert_eq!(a.post_event(&event, None).await, 200);
    fake.wait_for_posts(1, WAIT).await;
    assert_eq!(b.post_event(&event, Some(1)).await, 200);

    // A's second attempt, once its Retry-After is over: only then is every post in.
    wait_for_metric(
        &a,
        r#"rolecall_slack_api_calls_total{method="chat.postMessage"} 2"#,
    )
    .await;
    fake.wait_for_posts(2, WAIT).await;
    assert_eq!(
        fake.posts_after_grace().await.len(),
        2,
        "the rate-limited attempt and A's reply; B must not answer too"
    );
}

/// "Reply in thread" held up past the stale limit by a `Retry-After` keeps its claim: a
/// second click meanwhile (the clicker sees nothing happen and clicks again), on the same
/// replica or on another, does not post the answer in the thread a second time.
async fn a_second_reply_in_thread_click_while_the_first_waits_out_a_retry_after_is_dropped(
    shared_redis: bool,
) {
    let (redis, fake, setup) = held_up_past_the_stale_limit(shared_redis).await;
    let a = Replica::start("A", &setup);
    let b = redis.is_some().then(|| Replica::start("B", &setup));
    let clicked_again_on = b.as_ref().unwrap_or(&a);
    // The clicker's notes go to the fake, which has no such hook: refused, and only logged.
    let hook = format!("{}/hooks/reply-in-thread", fake.server.uri());
    let thread = ("C0THREAD", "1700000000.000100");

    let first = a
        .post_reply_in_thread("1.2.1", thread.0, thread.1, &hook)
        .await;
    assert_eq!(first, 200);
    let limited_at = fake.wait_for_posts(1, WAIT).await[0].at;
    // The one deliberate wait: the stale limit has to pass while A waits out the 429.
    let past_stale = limited_at + Duration::from_secs(STALE_SECS) + Duration::from_millis(500);
    tokio::time::sleep_until(past_stale.into()).await;
    let second = clicked_again_on
        .post_reply_in_thread("1.2.2", thread.0, thread.1, &hook)
        .await;
    assert_eq!(second, 200);
    assert!(
        limited_at.elapsed() < Duration::from_secs(3),
        "the second click must come while A still waits for this test to mean anything"
    );
    fake.wait_for_posts(2, WAIT).await;
    assert_eq!(
        fake.posts_after_grace().await.len(),
        2,
        "the rate-limited attempt and the answer in the thread, not a second answer"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_second_reply_in_thread_click_on_the_same_replica_does_not_post_again_while_the_first_waits()
 {
    let _one = ONE_FLEET.lock().await;
    a_second_reply_in_thread_click_while_the_first_waits_out_a_retry_after_is_dropped(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_second_reply_in_thread_click_on_another_replica_does_not_post_again_while_the_first_waits()
 {
    let _one = ONE_FLEET.lock().await;
    a_second_reply_in_thread_click_while_the_first_waits_out_a_retry_after_is_dropped(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn with_redis_down_replicas_keep_answering_say_degraded_and_share_again_once_it_is_back() {
    let _one = ONE_FLEET.lock().await;
    let mut redis = RedisServer::start();
    let fake = FakeSlack::start().await;
    let a = Replica::start("A", &patient(&fake, &redis));
    let b = Replica::start("B", &patient(&fake, &redis));
    let (status, ready) = a.readyz().await;
    assert_eq!((status.as_u16(), ready.as_str()), (200, "ready\n"));

    redis.stop();
    for replica in [&a, &b] {
        for _ in 0..5 {
            let (status, text, took) = replica.post_command(QUESTION).await;
            assert_eq!(status, 200, "{text}");
            assert!(text.contains("\"blocks\""), "{text}");
            assert!(
                took < SLASH_BUDGET,
                "slash command took {took:?} with Redis down"
            );
        }
    }
    assert_eq!(
        a.post_event(&mention("Ev0DOWNA", "C0DOWNA", QUESTION), None)
            .await,
        200
    );
    assert_eq!(
        b.post_event(&mention("Ev0DOWNB", "C0DOWNB", QUESTION), None)
            .await,
        200
    );
    let posts = fake.wait_for_posts(2, WAIT).await;
    let counts = per_channel(&posts);
    assert_eq!((counts["C0DOWNA"], counts["C0DOWNB"]), (1, 1));
    for replica in [&a, &b] {
        let (status, ready) = replica.readyz().await;
        assert_eq!(status, 200, "degraded, not unready: the bot still answers");
        assert!(
            ready.starts_with("ready, degraded: redis unreachable"),
            "{ready}"
        );
        let metrics = replica.metrics().await;
        assert!(
            metrics.contains("rolecall_shared_state_degraded 1"),
            "{metrics}"
        );
        assert!(metrics.contains(r#"rolecall_shared_state_backend{backend="redis"} 1"#));
        assert!(
            !metrics.contains("rolecall_shared_state_fallbacks_total 0"),
            "{metrics}"
        );
    }

    redis.restart();
    for replica in [&a, &b] {
        wait_until_shared(replica).await;
        assert!(
            replica
                .metrics()
                .await
                .contains("rolecall_shared_state_degraded 0")
        );
    }
    let event = mention("Ev0BACK", "C0BACK", QUESTION);
    assert_eq!(a.post_event(&event, None).await, 200);
    fake.wait_for_posts(3, WAIT).await;
    assert_eq!(b.post_event(&event, Some(1)).await, 200);
    let posts = fake.posts_after_grace().await;
    assert_eq!(per_channel(&posts)["C0BACK"], 1, "shared dedup is back");
    assert_eq!(posts.len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_frozen_redis_never_holds_up_a_slash_command_and_events_are_still_answered() {
    let _one = ONE_FLEET.lock().await;
    let redis = RedisServer::start();
    let fake = FakeSlack::start().await;
    let a = Replica::start("A", &shared(&fake, &redis));

    // SIGSTOP: connections stay open and nothing answers, the worst case for a client.
    redis.pause();
    for _ in 0..5 {
        let (status, _, took) = a.post_command(QUESTION).await;
        assert_eq!(status, 200);
        assert!(
            took < SLASH_BUDGET,
            "slash command took {took:?} with Redis frozen"
        );
    }
    let started = Instant::now();
    assert_eq!(
        a.post_event(&mention("Ev0FROZEN", "C0FROZEN", QUESTION), None)
            .await,
        200
    );
    assert!(
        started.elapsed() < SLASH_BUDGET,
        "the event ack waited on Redis"
    );
    fake.wait_for_posts(1, WAIT).await;
    let (status, ready) = a.readyz().await;
    assert_eq!(status, 200);
    assert!(ready.contains("degraded: redis unreachable"), "{ready}");
    redis.resume();
    wait_until_shared(&a).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn readyz_answers_inside_the_probe_timeout_when_redis_freezes_under_a_raised_redis_budget() {
    // The deploy guide says to raise ROLECALL_REDIS_TIMEOUT_MS when fallbacks grow; /readyz
    // then waited that long on a frozen Redis, past the Deployment's 2 s probe timeout, and
    // every pod left the Service: the outage silenced the bot instead of degrading it.
    const PROBE_TIMEOUT: Duration = Duration::from_secs(2);
    let _one = ONE_FLEET.lock().await;
    let redis = RedisServer::start();
    let fake = FakeSlack::start().await;
    let setup = Setup {
        redis_timeout_ms: Some(3_000),
        ..shared(&fake, &redis)
    };
    let a = Replica::start("A", &setup);
    wait_until_shared(&a).await;

    redis.pause();
    let started = Instant::now();
    let (status, ready) = a.readyz().await;
    let took = started.elapsed();
    redis.resume();

    assert_eq!(status, 200);
    assert!(ready.contains("degraded: redis unreachable"), "{ready}");
    assert!(took < PROBE_TIMEOUT, "/readyz took {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_click_waits_on_a_frozen_redis_once_not_twice() {
    // A click was claimed and then marked done before its acknowledgement, two Redis calls
    // each waiting out the budget: at 1.5 s (raised as the deploy guide suggests) a click
    // on a frozen Redis took 3 s, and Slack showed the user an error.
    const BUDGET_MS: u64 = 1_500;
    let _one = ONE_FLEET.lock().await;
    let redis = RedisServer::start();
    let fake = FakeSlack::start().await;
    let setup = Setup {
        redis_timeout_ms: Some(BUDGET_MS),
        ..shared(&fake, &redis)
    };
    let a = Replica::start("A", &setup);
    wait_until_shared(&a).await;

    redis.pause();
    let (status, took) = a.post_click("1.2.click").await;
    redis.resume();

    assert_eq!(status, 200);
    let once = Duration::from_millis(BUDGET_MS);
    assert!(took < once + once / 2, "the click's ack took {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_429_seen_by_one_replica_delays_the_other_replicas_next_post_until_retry_after() {
    let _one = ONE_FLEET.lock().await;
    let redis = RedisServer::start();
    let fake = FakeSlack::start().await;
    fake.then_rate_limit(2);
    let a = Replica::start("A", &patient(&fake, &redis));
    let b = Replica::start("B", &patient(&fake, &redis));

    assert_eq!(
        a.post_event(&mention("Ev0LIMITA", "C0LIMITA", QUESTION), None)
            .await,
        200
    );
    let limited_at = fake.wait_for_posts(1, WAIT).await[0].at;
    // A counts the retry once it has stored the block: only then is B's call "next".
    wait_for_metric(
        &a,
        r#"rolecall_slack_api_retries_total{method="chat.postMessage",error="ratelimited"} 1"#,
    )
    .await;
    assert_eq!(
        b.post_event(&mention("Ev0LIMITB", "C0LIMITB", QUESTION), None)
            .await,
        200
    );
    let posts = fake.wait_for_posts(3, WAIT).await;
    let b_post = posts
        .iter()
        .find(|post| post.channel == "C0LIMITB")
        .expect("B posted");
    let waited = b_post.at - limited_at;
    // A blocks the method from the moment it read the 429 (after the fake sent it), in ms.
    assert!(
        waited >= Duration::from_millis(1990),
        "B posted {waited:?} after A's 429 with Retry-After: 2"
    );
    let counts = per_channel(&posts);
    assert_eq!(
        (counts["C0LIMITA"], counts["C0LIMITB"]),
        (2, 1),
        "A retried once, B posted once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn both_replicas_log_to_one_postgres_and_gaps_lists_questions_declined_on_either() {
    let _one = ONE_FLEET.lock().await;
    let postgres = PostgresServer::start();
    let fake = FakeSlack::start().await;
    let setup = Setup {
        slack_api: fake.api_url(),
        db: Some(postgres.url()),
        ..Setup::default()
    };
    let mut a = Replica::start("A", &setup);
    let mut b = Replica::start("B", &setup);

    // Gibberish is declined by any matcher; the rest is declined or answered by the table.
    let on_a = ["what's the weather", "zzqx vvbn wwrt"];
    let on_b = ["who fixes the coffee machine", "qqpl xxkz jjmv", QUESTION];
    for question in on_a {
        assert_eq!(a.post_command(question).await.0, 200);
    }
    for (i, question) in on_b.iter().enumerate() {
        let event = mention(&format!("Ev0LOG{i}"), &format!("C0LOG{i}"), question);
        assert_eq!(b.post_event(&event, None).await, 200);
    }
    fake.wait_for_posts(on_b.len(), WAIT).await;
    // SIGTERM flushes each replica's queued rows before it exits.
    assert!(a.terminate().success(), "{}", a.log_text());
    assert!(b.terminate().success(), "{}", b.log_text());

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(["gaps", "--json", "--since", "1h", "--db", &postgres.url()])
        .env_clear()
        .output()
        .expect("run rolecall gaps");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("gaps --json");
    assert_eq!(
        report["rows"],
        on_a.len() + on_b.len(),
        "rows from both replicas: {report}"
    );
    let mut listed: Vec<&str> = report["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|gap| gap["question"].as_str().unwrap())
        .collect();
    listed.sort_unstable();
    // What the same table declines, asked in-process.
    let engine = rolecall::answer::Engine::new(rolecall::rules::embedded().unwrap());
    let mut declined: Vec<String> = on_a
        .iter()
        .chain(&on_b)
        .filter(|question| !engine.answer(question).is_answered())
        .map(|question| rolecall::question_log::normalise(question))
        .collect();
    declined.sort_unstable();
    assert!(
        declined.contains(&"zzqx vvbn wwrt".to_string()),
        "A's gibberish is declined"
    );
    assert!(
        declined.contains(&"qqpl xxkz jjmv".to_string()),
        "B's gibberish is declined"
    );
    assert_eq!(listed, declined, "{report}");
    postgres.stop();
}

/// Claim and back-off calls this replica answered without Redis.
async fn fallbacks(replica: &Replica) -> u64 {
    let metrics = replica.metrics().await;
    metrics
        .lines()
        .find_map(|line| line.strip_prefix("rolecall_shared_state_fallbacks_total "))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or_else(|| panic!("no fallback counter in:\n{metrics}"))
}

/// Polls `/metrics` until it shows `line`.
async fn wait_for_metric(replica: &Replica, line: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let metrics = replica.metrics().await;
        if metrics.contains(line) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{} never showed {line}:\n{metrics}",
            replica.name
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Polls `/readyz` (each call PINGs Redis) until the replica shares state again.
async fn wait_until_shared(replica: &Replica) {
    let deadline = Instant::now() + WAIT;
    loop {
        let (_, ready) = replica.readyz().await;
        if ready == "ready\n" {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{} still degraded: {ready}",
            replica.name
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
