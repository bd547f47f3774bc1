//! The state replicas must share to act as one bot: event claims and Web API rate limits.
//! Chosen once at start-up: in-process (no `--redis-url`, the default) or Redis, both stores
//! over one connection, with one health state for `/readyz` and metrics.

use crate::claims::{self, Claims};
use crate::rate_limits::RateLimits;
use crate::redis_link::{COMMAND_TIMEOUT, FirstContact, RedisConfig, RedisLink, RedisLinkError};
use std::time::Duration;

/// The `serve` flag (flatten it into the subcommand's arguments).
#[derive(Debug, Clone, clap::Args)]
pub struct RedisArgs {
    /// Share event claims and rate-limit back-off with other replicas through this Redis
    /// (redis://[user:password@]host:port[/db]). Without it, state stays in this process.
    // The URL may hold a password: keep it out of --help.
    #[arg(long = "redis-url", env = "ROLECALL_REDIS_URL", hide_env_values = true)]
    pub redis_url: Option<String>,
    /// Seconds after which a claimed event nobody finished or renewed is taken to be from a
    /// replica that died, so a retry of it is answered elsewhere (a live replica renews its
    /// claims while it answers). Keep the default in production;
    /// tests that kill a replica shorten it.
    #[arg(
        long = "claim-stale-secs",
        env = "ROLECALL_CLAIM_STALE_SECS",
        default_value_t = claims::STALE_AFTER.as_secs(),
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub claim_stale_secs: u64,
    /// Milliseconds a Redis call may take before this replica answers from its own memory
    /// instead (and counts a fallback). Events wait at most this long on Redis before they are
    /// acknowledged, so above 2500 a slow Redis outlasts Slack's 3 s (warned at start).
    #[arg(
        long = "redis-timeout-ms",
        env = "ROLECALL_REDIS_TIMEOUT_MS",
        default_value_t = u64::try_from(COMMAND_TIMEOUT.as_millis()).unwrap_or(200),
        value_parser = clap::value_parser!(u64).range(1..=10_000)
    )]
    pub redis_timeout_ms: u64,
}

/// The most `--redis-timeout-ms` that fits in Slack's 3 s acknowledgement: an event or a
/// slash command is claimed in Redis before it is acknowledged, and answering, the network
/// both ways and Slack's own clock need the rest.
pub const REDIS_WAIT_ACK_FITS: Duration = Duration::from_millis(2_500);

impl RedisArgs {
    pub fn stale_after(&self) -> Duration {
        Duration::from_secs(self.claim_stale_secs)
    }

    /// Said once at start-up, not refused: a budget past [`REDIS_WAIT_ACK_FITS`] only
    /// matters while Redis is slow, and a replica that stopped starting after an upgrade
    /// would be worse than one that acknowledges late in an outage.
    pub fn warn_if_past_the_ack(&self) {
        if self.past_the_ack() {
            tracing::warn!(
                "ROLECALL_REDIS_TIMEOUT_MS (--redis-timeout-ms) is {} ms, more than fits in Slack's 3 s acknowledgement: an event or slash command waits that long on a slow Redis before it is acknowledged, so Slack shows the asker an error and sends the event again; keep it at {} or below (the default is {})",
                self.redis_timeout_ms,
                REDIS_WAIT_ACK_FITS.as_millis(),
                COMMAND_TIMEOUT.as_millis(),
            );
        }
    }

    /// Whether Redis is used at all, with a budget that Slack's acknowledgement cannot hold.
    fn past_the_ack(&self) -> bool {
        self.redis_url.is_some()
            && Duration::from_millis(self.redis_timeout_ms) > REDIS_WAIT_ACK_FITS
    }
}

/// How long `/readyz` waits on Redis, whatever `--redis-timeout-ms` says: orchestrators
/// give the probe a couple of seconds (2 in `deploy/kubernetes`, with up to 1 s more for the
/// installations database), and a probe that times out takes the pod out of service, which
/// a frozen Redis must not do.
const CHECK_WAIT: Duration = Duration::from_millis(500);

#[derive(Debug, Clone)]
pub struct SharedState {
    pub claims: Claims,
    pub rate_limits: RateLimits,
    redis: Option<RedisLink>,
}

/// One replica: everything in this process.
impl Default for SharedState {
    fn default() -> Self {
        Self::local()
    }
}

impl SharedState {
    /// One replica: everything in this process.
    pub fn local() -> Self {
        Self::local_with(claims::STALE_AFTER)
    }

    /// As [`SharedState::local`], with the claims' stale limit chosen.
    pub fn local_with(stale_after: Duration) -> Self {
        SharedState {
            claims: Claims::local_with(stale_after),
            rate_limits: RateLimits::default(),
            redis: None,
        }
    }

    /// Redis when a URL is given, in-process otherwise.
    pub async fn from_args(args: &RedisArgs) -> Result<Self, RedisLinkError> {
        match &args.redis_url {
            Some(url) => {
                let config = RedisConfig {
                    command_timeout: Duration::from_millis(args.redis_timeout_ms),
                    ..RedisConfig::new(url.as_str())
                };
                Self::connect_with(&config, args.stale_after()).await
            }
            None => Ok(Self::local_with(args.stale_after())),
        }
    }

    /// Both stores on one Redis connection. A Redis that does not answer yet is not an error:
    /// the replica starts degraded (and says why) and switches over when Redis answers. One
    /// that answers and refuses the URL's password or database is: it never will accept them.
    pub async fn connect(config: &RedisConfig) -> Result<Self, RedisLinkError> {
        Self::connect_with(config, claims::STALE_AFTER).await
    }

    /// As [`SharedState::connect`], with the claims' stale limit chosen.
    pub async fn connect_with(
        config: &RedisConfig,
        stale_after: Duration,
    ) -> Result<Self, RedisLinkError> {
        let link = RedisLink::open(config)?;
        if link.probe().await {
            tracing::info!(
                address = link.address(),
                "sharing claims and back-off through Redis"
            );
        } else {
            match link.first_contact(config.connect_timeout).await {
                Ok(()) => {}
                Err(FirstContact::Refused(source)) => {
                    return Err(RedisLinkError::Refused {
                        address: link.address().to_string(),
                        source,
                    });
                }
                Err(FirstContact::Unreachable(reason)) => tracing::warn!(
                    address = link.address(),
                    %reason,
                    "Redis does not answer yet: starting on the in-process stores until it does"
                ),
            }
        }
        Ok(SharedState {
            claims: Claims::redis_with(link.clone(), stale_after),
            rate_limits: RateLimits::redis(link.clone()),
            redis: Some(link),
        })
    }

    /// "local" or "redis", for the start-up log and metrics labels.
    pub fn backend(&self) -> &'static str {
        if self.redis.is_some() {
            "redis"
        } else {
            "local"
        }
    }

    /// The Redis link, with `--redis-url` (multi-workspace token refreshes lock on it).
    pub fn redis(&self) -> Option<&RedisLink> {
        self.redis.as_ref()
    }

    /// True while Redis is configured but not answering (never for the in-process stores).
    pub fn degraded(&self) -> bool {
        self.redis.as_ref().is_some_and(RedisLink::degraded)
    }

    /// Calls answered by the in-process fallback since start, for metrics.
    pub fn fallbacks(&self) -> u64 {
        self.redis
            .as_ref()
            .map_or(0, |link| link.health().fallbacks())
    }

    /// Asks Redis now (one PING, bounded by the command timeout and by [`CHECK_WAIT`]) and
    /// returns whether the state is degraded; for `/readyz`, which should not wait for
    /// traffic to notice.
    pub async fn check(&self) -> bool {
        match &self.redis {
            Some(link) => !tokio::time::timeout(CHECK_WAIT, link.probe())
                .await
                .unwrap_or(false),
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Serve {
        #[command(flatten)]
        redis: RedisArgs,
    }

    #[test]
    fn the_redis_url_flag_is_read_by_its_documented_name() {
        let serve = Serve::try_parse_from(["serve", "--redis-url", "redis://cache:6379/0"])
            .expect("parses");
        assert_eq!(
            serve.redis.redis_url.as_deref(),
            Some("redis://cache:6379/0")
        );
    }

    #[test]
    fn the_stale_limit_defaults_to_a_minute_and_refuses_zero() {
        // The env name shares this setting; an environment that sets it decides instead.
        if std::env::var_os("ROLECALL_CLAIM_STALE_SECS").is_none() {
            let serve = Serve::try_parse_from(["serve"]).expect("parses");
            assert_eq!(serve.redis.stale_after(), claims::STALE_AFTER);
        }
        let short = Serve::try_parse_from(["serve", "--claim-stale-secs", "2"]).expect("parses");
        assert_eq!(short.redis.stale_after(), Duration::from_secs(2));
        assert!(Serve::try_parse_from(["serve", "--claim-stale-secs", "0"]).is_err());
    }

    #[test]
    fn a_redis_budget_past_slacks_acknowledgement_is_said_and_still_accepted() {
        let with = |ms: &str| {
            Serve::try_parse_from([
                "serve",
                "--redis-url",
                "redis://cache:6379",
                "--redis-timeout-ms",
                ms,
            ])
            .expect("parses")
            .redis
        };
        assert!(!with("2500").past_the_ack());
        assert!(with("2501").past_the_ack());
        assert!(with("10000").past_the_ack());
        let unused = Serve::try_parse_from(["serve", "--redis-timeout-ms", "5000"])
            .expect("parses")
            .redis;
        assert!(!unused.past_the_ack(), "no Redis, no wait on it");
    }

    #[tokio::test]
    async fn a_malformed_url_stops_start_up_and_no_url_means_in_process() {
        let bad = RedisArgs {
            redis_url: Some("cache:6379".to_string()),
            claim_stale_secs: 60,
            redis_timeout_ms: 200,
        };
        assert!(SharedState::from_args(&bad).await.is_err());
        let none = RedisArgs {
            redis_url: None,
            claim_stale_secs: 60,
            redis_timeout_ms: 200,
        };
        let state = SharedState::from_args(&none).await.expect("local");
        assert_eq!(state.backend(), "local");
    }
}
