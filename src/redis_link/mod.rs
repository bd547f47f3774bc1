//! One multiplexed, self-reconnecting connection to Redis ([`RedisLink`]), shared by the
//! Redis-backed claims and rate-limit stores. Every call is bounded by a short timeout and
//! reports to [`Health`], so a Redis that is down or slow costs a caller at most that long:
//! the caller then answers from its in-process store.
//!
//! Knows nothing of claims or rate limits: it runs commands and scripts and says whether
//! Redis answered.

mod health;

pub use health::Health;

use ::redis::aio::{ConnectionManager, ConnectionManagerConfig};
use ::redis::{Client, Cmd, FromRedisValue, RedisError, ScriptInvocation};
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// Events and slash commands must not wait on Redis: a healthy one answers in well under a
/// millisecond on a local network, so 200 ms means it is down or overloaded.
pub const COMMAND_TIMEOUT: Duration = Duration::from_millis(200);

/// One connection attempt; the request path never waits this long (see [`COMMAND_TIMEOUT`]).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// What [`RedisLink::probe`] writes, and for how long (it needs to outlive no one).
const PROBE_KEY: &str = "rolecall:probe";
const PROBE_TTL_MS: u64 = 10_000;

#[derive(Debug, thiserror::Error)]
pub enum RedisLinkError {
    /// The URL does not parse (the error names the problem, never the password).
    #[error(
        "--redis-url / ROLECALL_REDIS_URL is not a Redis URL ({0}); expected \
         redis://[user:password@]host:port[/db]"
    )]
    InvalidUrl(#[source] RedisError),
    /// Redis answers but refuses the URL's credentials or database: it never will accept
    /// them, so the replica would run unshared for as long as it runs.
    #[error(
        "Redis at {address} refused the connection ({source}): fix the password or database \
         in --redis-url / ROLECALL_REDIS_URL"
    )]
    Refused {
        address: String,
        #[source]
        source: RedisError,
    },
}

/// Why a first connection to Redis failed.
#[derive(Debug)]
pub enum FirstContact {
    /// Redis answered and said no (credentials, ACL, database index): a setting to fix.
    Refused(RedisError),
    /// Nothing answered, or not in time: an outage, which the replica rides out degraded.
    Unreachable(String),
}

/// A server's answer that no retry will change.
fn refuses(error: &RedisError) -> bool {
    error.kind() == ::redis::ErrorKind::AuthenticationFailed
        || matches!(error.code(), Some("NOAUTH" | "WRONGPASS" | "NOPERM"))
        || error.to_string().contains("invalid DB index")
        // redis-rs's words for a `SELECT` the server refused (Redis 7: "DB index is out of
        // range"): the URL's database does not exist on this server.
        || error.to_string().contains("refused to switch database")
}

/// What a call that succeeds shows about Redis: a write shows claims are shared again; a
/// read shows nothing, since Redis answers reads while it refuses writes.
#[derive(Debug, Clone, Copy)]
enum Shows {
    Sharing,
    Nothing,
}

/// Where Redis is and how long to wait for it.
#[derive(Clone)]
pub struct RedisConfig {
    /// `redis://[user:password@]host:port[/db]`; may hold a password, so it is never logged.
    pub url: String,
    pub command_timeout: Duration,
    pub connect_timeout: Duration,
}

impl RedisConfig {
    pub fn new(url: impl Into<String>) -> Self {
        RedisConfig {
            url: url.into(),
            command_timeout: COMMAND_TIMEOUT,
            connect_timeout: CONNECT_TIMEOUT,
        }
    }
}

impl fmt::Debug for RedisConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisConfig")
            .field("url", &"[redacted]")
            .field("command_timeout", &self.command_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .finish()
    }
}

/// A cheap-to-clone handle: clones share the connection and the health state.
#[derive(Clone)]
pub struct RedisLink {
    /// For [`RedisLink::first_contact`] only; shared, as clones share the rest.
    client: Arc<Client>,
    manager: ConnectionManager,
    command_timeout: Duration,
    health: Arc<Health>,
    /// `host:port` only, for logs.
    address: Arc<str>,
}

impl fmt::Debug for RedisLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisLink")
            .field("address", &self.address)
            .field("degraded", &self.health.degraded())
            .finish()
    }
}

impl RedisLink {
    /// Sets up the connection without waiting for it: a Redis that is down at start-up
    /// leaves the replica running on its in-process stores (degraded) until Redis answers.
    /// Only a malformed URL is an error.
    pub fn open(config: &RedisConfig) -> Result<Self, RedisLinkError> {
        let client = Client::open(config.url.as_str()).map_err(RedisLinkError::InvalidUrl)?;
        let address: Arc<str> = client.get_connection_info().addr().to_string().into();
        // Few, quick reconnection attempts: while Redis is down each call starts a new round
        // (and falls back after the command timeout), so nothing retries in the background.
        let manager_config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(config.connect_timeout))
            .set_response_timeout(Some(config.command_timeout))
            .set_number_of_retries(2)
            .set_min_delay(Duration::from_millis(50))
            .set_max_delay(Duration::from_millis(500));
        let manager = client
            .get_connection_manager_lazy(manager_config)
            .map_err(RedisLinkError::InvalidUrl)?;
        Ok(RedisLink {
            client: Arc::new(client),
            manager,
            command_timeout: config.command_timeout,
            health: Arc::default(),
            address,
        })
    }

    pub fn address(&self) -> &str {
        &self.address
    }

    pub fn health(&self) -> &Health {
        &self.health
    }

    pub fn degraded(&self) -> bool {
        self.health.degraded()
    }

    /// A new connection and one PING, outside the self-reconnecting manager, which retries
    /// every failure until the command timeout and so reports a refused password as "no
    /// answer": at start-up the reason matters.
    pub async fn first_contact(&self, within: Duration) -> Result<(), FirstContact> {
        let contact = async {
            let mut connection = self.client.get_multiplexed_async_connection().await?;
            ::redis::cmd("PING")
                .query_async::<String>(&mut connection)
                .await
        };
        match tokio::time::timeout(within, contact).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(error)) if refuses(&error) => Err(FirstContact::Refused(error)),
            Ok(Err(error)) => Err(FirstContact::Unreachable(error.to_string())),
            Err(_elapsed) => Err(FirstContact::Unreachable(format!(
                "no answer within {within:?}"
            ))),
        }
    }

    /// One short-lived write within the command timeout; updates the health state either
    /// way. A write, not a PING: a Redis that answers but refuses writes (full at
    /// `maxmemory`, or a read-only replica) shares no claim, and must show as degraded.
    pub async fn probe(&self) -> bool {
        let mut set = ::redis::cmd("SET");
        set.arg(PROBE_KEY).arg(1).arg("PX").arg(PROBE_TTL_MS);
        self.query::<()>("probe", &set).await.is_some()
    }

    /// Runs one command; `None` when Redis failed or was too slow (already logged).
    pub async fn query<T: FromRedisValue>(&self, operation: &'static str, cmd: &Cmd) -> Option<T> {
        self.bounded(operation, Shows::Sharing, || {
            let mut connection = self.manager.clone();
            async move { cmd.query_async(&mut connection).await }
        })
        .await
    }

    /// As [`RedisLink::query`], for a command that only reads: Redis answers those while it
    /// refuses writes (full at `maxmemory`, a read-only replica), so one that succeeds does
    /// not end a degraded state. Otherwise each event's reads and refused writes flipped it
    /// (and logged it) back and forth.
    pub async fn read<T: FromRedisValue>(&self, operation: &'static str, cmd: &Cmd) -> Option<T> {
        self.bounded(operation, Shows::Nothing, || {
            let mut connection = self.manager.clone();
            async move { cmd.query_async(&mut connection).await }
        })
        .await
    }

    /// Runs one Lua script (EVALSHA, loading it first if this Redis has not seen it, as after
    /// a restart); `None` when Redis failed or was too slow.
    pub async fn invoke<T: FromRedisValue>(
        &self,
        operation: &'static str,
        script: &ScriptInvocation<'_>,
    ) -> Option<T> {
        self.run_script(operation, script, Shows::Sharing).await
    }

    /// As [`RedisLink::invoke`], for a script that only reads (see [`RedisLink::read`]).
    pub async fn invoke_read<T: FromRedisValue>(
        &self,
        operation: &'static str,
        script: &ScriptInvocation<'_>,
    ) -> Option<T> {
        self.run_script(operation, script, Shows::Nothing).await
    }

    async fn run_script<T: FromRedisValue>(
        &self,
        operation: &'static str,
        script: &ScriptInvocation<'_>,
        shows: Shows,
    ) -> Option<T> {
        self.bounded(operation, shows, || {
            let mut connection = self.manager.clone();
            async move { script.invoke_async(&mut connection).await }
        })
        .await
    }

    /// Runs `call` within the command timeout. A Redis that restarted fails the first
    /// command sent on the old connection (broken pipe) while it is up again: the manager
    /// reconnects, and the call is tried once more on the new connection, within the same
    /// timeout. Callers' commands are safe to repeat (see [`crate::claims`]).
    async fn bounded<T, Call, Fut>(
        &self,
        operation: &'static str,
        shows: Shows,
        call: Call,
    ) -> Option<T>
    where
        Call: Fn() -> Fut,
        Fut: Future<Output = Result<T, RedisError>>,
    {
        let attempts = async {
            match call().await {
                Err(error) if error.is_connection_dropped() => {
                    tracing::debug!(operation, %error, "Redis connection dropped: trying once more");
                    call().await
                }
                other => other,
            }
        };
        match tokio::time::timeout(self.command_timeout, attempts).await {
            Ok(Ok(value)) => {
                if let Shows::Sharing = shows {
                    self.health.succeeded();
                }
                Some(value)
            }
            Ok(Err(error)) => {
                self.health.failed(operation, &error);
                None
            }
            Err(_elapsed) => {
                self.health
                    .failed(operation, &"no answer within the command timeout");
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_never_shows_its_url() {
        let config = RedisConfig::new("redis://:hunter2@cache:6379/0");
        assert!(!format!("{config:?}").contains("hunter2"));
    }

    #[tokio::test]
    async fn a_malformed_url_is_an_error_and_a_good_one_opens_without_a_server() {
        assert!(RedisLink::open(&RedisConfig::new("http://nowhere")).is_err());
        let link = RedisLink::open(&RedisConfig::new("redis://:hunter2@127.0.0.1:1/0"))
            .expect("lazy open needs no server");
        assert_eq!(link.address(), "127.0.0.1:1");
        assert!(!format!("{link:?}").contains("hunter2"));
    }
}
