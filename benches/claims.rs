//! The added latency of claiming an event: the in-process map against a Redis round trip
//! (one EVALSHA on a local `redis-server`, as each replica does before queueing an event).
//! `cargo bench --bench claims` (needs `redis-server`).

use criterion::{Criterion, criterion_group, criterion_main};
use rolecall::claims::{Claim, Claims};
use rolecall::redis_link::{RedisConfig, RedisLink};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

struct Redis(Child);

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_redis() -> (Redis, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .unwrap()
        .port();
    let child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", "", "--appendonly", "no"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("redis-server is installed");
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "redis-server did not listen");
        std::thread::sleep(Duration::from_millis(5));
    }
    (Redis(child), format!("redis://127.0.0.1:{port}/"))
}

fn claim_round_trip(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (_redis, url) = start_redis();
    let link = runtime.block_on(async {
        let link = RedisLink::open(&RedisConfig::new(url)).expect("valid URL");
        assert!(link.probe().await, "Redis answers");
        link
    });
    let stores = [
        ("in-process", Claims::local()),
        ("redis", Claims::redis(link)),
    ];
    let next = AtomicU64::new(0);
    for (name, claims) in &stores {
        c.bench_function(&format!("claim a new event: {name}"), |b| {
            // block_on costs the same for both stores: the difference is the round trip.
            b.iter(|| {
                let id = format!("EvBench{}", next.fetch_add(1, Ordering::Relaxed));
                let claim = runtime.block_on(claims.claim(&id));
                assert_eq!(claim, Claim::Won);
            });
        });
    }
    assert!(
        !stores[1].1.degraded(),
        "every Redis claim answered in time"
    );
}

criterion_group!(benches, claim_round_trip);
criterion_main!(benches);
