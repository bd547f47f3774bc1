//! Claims and rate-limit blocks shared through a real `redis-server` (see `support::redis_server`),
//! with two `SharedState`s standing in for two replicas, and Redis killed, frozen and
//! restarted under them.

mod support;

use rolecall::claims::{Claim, Claims, REMEMBER_FOR, RedisClaims};
use rolecall::rate_limits::RateLimits;
use rolecall::redis_link::{RedisConfig, RedisLink};
use rolecall::shared_state::SharedState;
use std::time::{Duration, Instant, SystemTime};
use support::redis_server::RedisServer;

/// What the request path may lose to a dead or frozen Redis (the command timeout is 200 ms).
const FALLBACK_BUDGET: Duration = Duration::from_secs(1);

/// Tests of sharing allow a slow moment on a busy CI machine: a call that timed out would
/// fall back and count as a second win. The outage tests keep the production timeout.
fn patient(server: &RedisServer) -> RedisConfig {
    RedisConfig {
        command_timeout: Duration::from_secs(5),
        ..RedisConfig::new(server.url())
    }
}

async fn replica(server: &RedisServer) -> SharedState {
    SharedState::connect(&patient(server))
        .await
        .expect("valid URL")
}

/// A replica with the production command timeout, for the outage tests.
async fn impatient_replica(server: &RedisServer) -> SharedState {
    SharedState::connect(&RedisConfig::new(server.url()))
        .await
        .expect("valid URL")
}

fn link(server: &RedisServer) -> RedisLink {
    RedisLink::open(&patient(server)).expect("valid URL")
}

/// A link whose lazy connection is up: on a loaded machine the first call can still be
/// connecting, and a claim would fall back to this process's memory. Bounded.
async fn connected(link: RedisLink) -> RedisLink {
    for _ in 0..100 {
        if link.probe().await {
            return link;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the test Redis never answered");
}

async fn raw(server: &RedisServer) -> redis::aio::MultiplexedConnection {
    redis::Client::open(server.url())
        .expect("valid URL")
        .get_multiplexed_async_connection()
        .await
        .expect("connect to the test Redis")
}

/// Makes Redis answer reads and refuse writes (full at `maxmemory`), or take writes again.
async fn refuse_writes(admin: &mut redis::aio::MultiplexedConnection, refuse: bool) {
    let settings: &[(&str, &str)] = if refuse {
        &[("maxmemory-policy", "noeviction"), ("maxmemory", "1")]
    } else {
        &[("maxmemory", "0")]
    };
    for (name, value) in settings {
        let _: () = redis::cmd("CONFIG")
            .arg(&["SET", name, value])
            .query_async(admin)
            .await
            .expect("configure the test Redis");
    }
}

/// Bounded: Redis is reachable again at once, the client needs a call or two to reconnect.
async fn wait_until_shared_again(state: &SharedState) {
    for _ in 0..100 {
        if !state.check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("still degraded 5 s after Redis came back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_claiming_200_events_at_once_win_each_exactly_once() {
    let server = RedisServer::start();
    let replicas = [replica(&server).await, replica(&server).await];
    let ids: Vec<String> = (0..200).map(|i| format!("Ev{i:04}")).collect();

    let mut tasks = Vec::new();
    for state in &replicas {
        for worker in 0..50 {
            let claims = state.claims.clone();
            let mine: Vec<String> = ids.iter().skip(worker).step_by(50).cloned().collect();
            tasks.push(tokio::spawn(async move {
                let mut won = 0;
                for id in mine {
                    if claims.claim(&id).await == Claim::Won {
                        won += 1;
                    }
                }
                won
            }));
        }
    }
    let mut won = 0;
    for task in tasks {
        won += task.await.expect("claim task");
    }

    assert_eq!(won, 200, "every event once, none twice");
    assert!(replicas.iter().all(|state| !state.degraded()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_finished_event_is_done_on_every_replica_for_more_than_an_hour() {
    let server = RedisServer::start();
    let (a, b) = (replica(&server).await, replica(&server).await);
    let later = RedisClaims::new(connected(link(&server)).await);

    assert_eq!(a.claims.claim("EvDone").await, Claim::Won);
    assert_eq!(b.claims.claim("EvDone").await, Claim::InProgress);
    a.claims.done("EvDone").await;

    assert_eq!(b.claims.claim("EvDone").await, Claim::Done);
    let in_an_hour = Duration::from_secs(60 * 60);
    assert_eq!(later.claim_later("EvDone", in_an_hour).await, Claim::Done);
    let ttl: i64 = redis::cmd("TTL")
        .arg("rolecall:event:EvDone")
        .query_async(&mut raw(&server).await)
        .await
        .expect("TTL");
    let window = i64::try_from(REMEMBER_FOR.as_secs()).expect("small");
    assert!(
        (3600..=window).contains(&ttl),
        "done keeps the claim's expiry, at least an hour: {ttl}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_claim_is_taken_over_by_exactly_one_of_many_retries() {
    let server = RedisServer::start();
    let stale_after = Duration::from_secs(60);
    // The holder is a third replica: a live one remembers its own claim (and renews it).
    let holder = RedisClaims::with_timings(link(&server), REMEMBER_FOR, stale_after);
    let a = RedisClaims::with_timings(link(&server), REMEMBER_FOR, stale_after);
    let b = RedisClaims::with_timings(link(&server), REMEMBER_FOR, stale_after);
    assert_eq!(holder.claim("EvCrash").await, Claim::Won);
    let still_fresh = stale_after - Duration::from_secs(1);
    assert_eq!(
        b.claim_later("EvCrash", still_fresh).await,
        Claim::InProgress
    );

    // The holder "died": 50 retries on two replicas, all after the stale limit.
    let stale = stale_after + Duration::from_secs(1);
    let mut tasks = Vec::new();
    for i in 0..50 {
        let claims = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            claims.claim_later("EvCrash", stale).await
        }));
    }
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.expect("claim task"));
    }

    let won = outcomes.iter().filter(|&&c| c == Claim::Won).count();
    assert_eq!(won, 1, "{outcomes:?}");
    assert!(outcomes.iter().all(|&c| c != Claim::Done));
    b.done("EvCrash").await;
    assert_eq!(a.claim_later("EvCrash", stale).await, Claim::Done);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_seen_by_one_replica_blocks_the_method_on_the_other() {
    let server = RedisServer::start();
    let (a, b) = (replica(&server).await, replica(&server).await);
    let until = SystemTime::now() + Duration::from_secs(30);

    a.rate_limits.block("chat.postMessage", until).await;
    a.rate_limits
        .block("chat.postMessage", until - Duration::from_secs(25))
        .await;

    let seen = b.rate_limits.blocked_until("chat.postMessage").await;
    let seen = seen.expect("B sees A's block");
    // Read back on Redis's clock (PTTL, whole ms): a few ms off, never the 25 s.
    let gap = until.duration_since(seen).unwrap_or_default();
    assert!(
        gap < Duration::from_secs(1),
        "the later time is kept: {gap:?}"
    );
    assert_eq!(b.rate_limits.blocked_until("views.publish").await, None);
    let pttl: i64 = redis::cmd("PTTL")
        .arg("rolecall:blocked:chat.postMessage")
        .query_async(&mut raw(&server).await)
        .await
        .expect("PTTL");
    assert!(
        (25_000..=30_000).contains(&pttl),
        "the key expires when the block ends: {pttl} ms"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_redis_killed_replicas_answer_from_memory_and_share_again_after_restart() {
    let mut server = RedisServer::start();
    let (a, b) = (
        impatient_replica(&server).await,
        impatient_replica(&server).await,
    );
    assert_eq!(a.claims.claim("EvBefore").await, Claim::Won);
    assert!(!a.degraded());

    server.stop();
    let started = Instant::now();
    let during = a.claims.claim("EvDuring").await;
    let elapsed = started.elapsed();
    assert_eq!(during, Claim::Won);
    assert!(elapsed < FALLBACK_BUDGET, "claim took {elapsed:?}");
    assert!(a.degraded() && a.claims.degraded() && a.rate_limits.degraded());
    assert_eq!(a.claims.claim("EvDuring").await, Claim::InProgress);
    let until = SystemTime::now() + Duration::from_secs(30);
    a.rate_limits.block("chat.postMessage", until).await;
    assert!(
        a.rate_limits
            .blocked_until("chat.postMessage")
            .await
            .is_some()
    );
    a.claims.done("EvDuring").await;
    assert!(a.fallbacks() >= 5, "fallbacks counted: {}", a.fallbacks());

    server.restart();
    wait_until_shared_again(&a).await;
    wait_until_shared_again(&b).await;

    assert_eq!(a.claims.claim("EvAfter").await, Claim::Won);
    assert_eq!(b.claims.claim("EvAfter").await, Claim::InProgress);
    // Answered during the outage: A remembers, and tells the fleet.
    assert_eq!(a.claims.claim("EvDuring").await, Claim::Done);
    assert_eq!(b.claims.claim("EvDuring").await, Claim::Done);
    assert!(!a.degraded() && !b.degraded());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_claim_after_redis_restarted_is_shared_not_answered_from_memory() {
    let mut server = RedisServer::start();
    let (a, b) = (
        impatient_replica(&server).await,
        impatient_replica(&server).await,
    );
    assert_eq!(a.claims.claim("EvBefore").await, Claim::Won);
    assert_eq!(b.claims.claim("EvBefore").await, Claim::InProgress);

    // Up again before either replica sends anything: their connections are to the old one.
    server.restart();

    assert_eq!(b.claims.claim("EvAfter").await, Claim::Won);
    assert_eq!(
        a.claims.claim("EvAfter").await,
        Claim::InProgress,
        "a Slack retry on the other replica is not answered twice"
    );
    assert!(!a.degraded() && !b.degraded());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frozen_redis_costs_a_claim_at_most_the_command_timeout() {
    let server = RedisServer::start();
    let a = impatient_replica(&server).await;
    assert_eq!(a.claims.claim("EvWarm").await, Claim::Won);

    server.pause();
    let started = Instant::now();
    let outcome = a.claims.claim("EvFrozen").await;
    let blocked = a.rate_limits.blocked_until("chat.postMessage").await;
    let elapsed = started.elapsed();
    server.resume();

    assert_eq!(outcome, Claim::Won);
    assert_eq!(blocked, None);
    assert!(elapsed < FALLBACK_BUDGET, "two calls took {elapsed:?}");
    assert!(a.degraded());
    wait_until_shared_again(&a).await;
    assert!(!a.degraded());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_started_while_redis_is_down_runs_degraded_until_redis_answers() {
    let mut server = RedisServer::start();
    server.stop();

    let started = Instant::now();
    let a = impatient_replica(&server).await;
    assert!(
        started.elapsed() < FALLBACK_BUDGET,
        "start-up waited on Redis"
    );
    assert!(a.degraded());
    assert_eq!(a.claims.claim("EvEarly").await, Claim::Won);

    server.restart();
    wait_until_shared_again(&a).await;
    let b = replica(&server).await;
    assert_eq!(b.claims.claim("EvShared").await, Claim::Won);
    assert_eq!(a.claims.claim("EvShared").await, Claim::InProgress);
}

#[tokio::test]
async fn without_a_url_state_stays_in_process_and_is_never_degraded() {
    let state = SharedState::local();
    assert_eq!(state.backend(), "local");
    assert!(matches!(state.claims, Claims::Local(_)));
    assert!(!state.check().await);
    assert!(!state.degraded());
}

#[tokio::test]
async fn a_redis_that_refuses_the_password_stops_the_start_with_the_reason() {
    // Retried quietly by the connection manager, a wrong password looked like an outage
    // ("no answer within the command timeout") and the replica ran unshared for good.
    let server = RedisServer::start();
    let _: () = redis::cmd("CONFIG")
        .arg(&["SET", "requirepass", "right-one"])
        .query_async(&mut raw(&server).await)
        .await
        .expect("set a password");
    let with_password = |password: &str| {
        let url = server
            .url()
            .replace("redis://", &format!("redis://:{password}@"));
        RedisConfig::new(url)
    };
    for (config, reason) in [
        (with_password("wrong-one"), "password authentication failed"),
        (RedisConfig::new(server.url()), "noauth"),
    ] {
        let error = SharedState::connect(&config)
            .await
            .expect_err("refused credentials are an error");
        let message = error.to_string();
        assert!(message.to_lowercase().contains(reason), "{message}");
        assert!(!message.contains("wrong-one"), "{message}");
    }
    let shared = SharedState::connect(&with_password("right-one"))
        .await
        .expect("the right password connects");
    assert!(!shared.degraded());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_claimed_on_one_replica_is_seen_as_taken_on_the_other_without_claiming() {
    let server = RedisServer::start();
    let (a, b) = (replica(&server).await, replica(&server).await);
    assert!(!b.claims.taken("EvPeek").await, "nobody has it");
    assert!(!b.claims.taken("EvPeek").await, "looking claimed nothing");
    assert_eq!(a.claims.claim("EvPeek").await, Claim::Won);
    assert!(
        b.claims.taken("EvPeek").await,
        "in progress on the other replica"
    );
    a.claims.done("EvPeek").await;
    assert!(b.claims.taken("EvPeek").await, "answered");
}

#[tokio::test]
async fn a_redis_without_the_urls_database_stops_the_start_with_the_reason() {
    // Redis 7 says "DB index is out of range": taken for an outage, the replica started
    // degraded and ran unshared for good, where the deploy guide promises it does not start.
    let server = RedisServer::start();
    let config = RedisConfig::new(format!("{}99", server.url()));
    let error = SharedState::connect(&config)
        .await
        .expect_err("a database the server does not have is an error");
    let message = error.to_string();
    assert!(message.contains("refused"), "{message}");
    assert!(message.contains("--redis-url"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_drops_retries_of_its_own_events_while_redis_is_down_and_after_it_restarts() {
    // Events claimed through Redis were not in the replica's own memory: with Redis down
    // (or restarted empty) a retry on the same replica was answered a second time, which
    // one replica without Redis never does.
    let mut server = RedisServer::start();
    let a = impatient_replica(&server).await;
    assert_eq!(a.claims.claim("EvAnswered").await, Claim::Won);
    a.claims.done("EvAnswered").await;
    assert_eq!(a.claims.claim("EvAnswering").await, Claim::Won);

    server.stop();
    assert_eq!(a.claims.claim("EvAnswered").await, Claim::Done);
    assert_eq!(a.claims.claim("EvAnswering").await, Claim::InProgress);
    assert!(a.degraded());

    server.restart();
    wait_until_shared_again(&a).await;
    assert_eq!(a.claims.claim("EvAnswered").await, Claim::Done);
    assert_eq!(a.claims.claim("EvAnswering").await, Claim::InProgress);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_that_answers_but_refuses_writes_is_reported_degraded() {
    // Full at maxmemory (or a read-only replica), Redis still answered PING: every claim fell
    // back to memory, replicas answered retries twice, and /readyz and the degraded gauge
    // said all was well.
    let server = RedisServer::start();
    let a = replica(&server).await;
    assert!(!a.check().await);
    let mut admin = raw(&server).await;
    refuse_writes(&mut admin, true).await;

    assert_eq!(a.claims.claim("EvFull").await, Claim::Won, "from memory");
    assert!(a.check().await, "refused writes are a degraded state");

    refuse_writes(&mut admin, false).await;
    wait_until_shared_again(&a).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_that_answers_does_not_end_an_outage_of_refused_writes() {
    // Full at maxmemory, every event's claim was refused (degraded, WARN) and its back-off
    // read answered (shared again, INFO): the state and the log flipped twice per event, the
    // 30 s spacing of the warning never applied, and the gauge said whatever came last.
    let server = RedisServer::start();
    let a = replica(&server).await;
    assert!(!a.check().await);
    let mut admin = raw(&server).await;
    refuse_writes(&mut admin, true).await;
    assert_eq!(a.claims.claim("EvFull").await, Claim::Won, "from memory");
    assert!(a.degraded());

    // The back-off check every reply makes before posting: a read Redis still answers.
    assert_eq!(a.rate_limits.blocked_until("chat.postMessage").await, None);

    assert!(
        a.degraded(),
        "an answered read proves nothing about sharing"
    );
    refuse_writes(&mut admin, false).await;
    wait_until_shared_again(&a).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claim_given_up_on_one_replica_is_won_at_once_on_the_other_and_only_by_its_holder() {
    // A click Slack refused for good: the clicker's next click, on whichever replica, acts.
    let server = RedisServer::start();
    let (a, b) = (replica(&server).await, replica(&server).await);
    assert_eq!(a.claims.claim("click").await, Claim::Won);
    b.claims.release("click").await;
    assert_eq!(
        b.claims.claim("click").await,
        Claim::InProgress,
        "only its holder gives a claim up"
    );
    a.claims.release("click").await;
    assert_eq!(b.claims.claim("click").await, Claim::Won);
    b.claims.done("click").await;
    b.claims.release("click").await;
    assert_eq!(
        a.claims.claim("click").await,
        Claim::Done,
        "done stays done"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_whose_wall_clock_is_an_hour_off_neither_stretches_nor_misreads_a_block() {
    let server = RedisServer::start();
    let (a, b) = (replica(&server).await, replica(&server).await);
    let (RateLimits::Redis(a), RateLimits::Redis(b)) = (&a.rate_limits, &b.rate_limits) else {
        panic!("replicas share Redis");
    };
    let (hour, slack_said) = (Duration::from_secs(60 * 60), Duration::from_secs(30));
    let real = SystemTime::now();

    // A's clock runs an hour ahead: Slack's 30 s are still 30 s for B.
    let ahead = real + hour;
    a.block(
        "chat.postMessage",
        ahead + slack_said,
        ahead,
        Instant::now(),
    )
    .await;
    let until = b
        .blocked_until("chat.postMessage", real, Instant::now())
        .await
        .expect("B sees A's block");
    let wait = until.duration_since(real).unwrap_or_default();
    assert!(wait <= slack_said, "stretched to {wait:?}");

    // B's clock steps back an hour: the block still ends within 30 s, not in 90 minutes.
    let behind = real - hour;
    let until = b
        .blocked_until("chat.postMessage", behind, Instant::now())
        .await
        .expect("still blocked");
    let wait = until.duration_since(behind).unwrap_or_default();
    assert!(wait <= slack_said, "stretched to {wait:?}");
}
