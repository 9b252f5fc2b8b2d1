//! A token cache in Redis (feature `redis`).

use std::io;
use std::sync::Arc;
use std::time::Duration;

use super::{CacheLock, CachedToken, TokenCache};
use crate::cache_server::Conn;
use crate::error::Result;

/// Deletes `KEYS[1]` only if it still holds `ARGV[1]`: releases a lock we hold, never one
/// another process took after ours expired.
const RELEASE: &str = r"if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/// Keeps tokens in Redis, so that every process and host pointing at the same Redis (a
/// fleet of workers on one partner account) shares one token.
///
/// - The token of a credential set lives under `<namespace>:token:<key>` (namespace `pax8`
///   by default), where `<key>` is a hash of the token URL, audience, client id and secret: no key
///   holds the client id or secret. The value is the token and its expiry as JSON; the entry
///   expires with the token (`SET ... PX`).
/// - Processes that miss at the same moment send one token request between them: the first
///   takes `<namespace>:token-lock:<key>` (`SET NX PX`, expiring by itself if its holder
///   dies) while it fetches and stores; the others wait for it, at most 15 s (or the call's timeout), and read its
///   token.
/// - An unreachable or failing Redis never fails an API call: the SDK logs it (feature
///   `log`) and fetches a token itself. Each command waits at most the
///   [`timeout`](Self::timeout) (1 s by default).
///
/// Clones share one connection. `Debug` shows the host and port, never a password.
///
/// ```no_run
/// # fn main() -> pax8::Result<()> {
/// use pax8::auth::RedisTokenCache;
/// let client = pax8::Client::builder_from_env()
///     .token_cache(RedisTokenCache::new("redis://cache.internal:6379/0")?.namespace("billing-sync")?)
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub struct RedisTokenCache {
    conn: Arc<Conn>,
    namespace: String,
    codec: super::EntryCodec,
}

impl RedisTokenCache {
    /// A cache in the Redis at `url` (`redis://[:password@]host[:port][/db]`, or `rediss://`
    /// for TLS, see [`root_certificate`](Self::root_certificate)). Only checks the
    /// URL: the connection is made on first use, so a Redis that is down does not stop a
    /// client from being built.
    pub fn new(url: &str) -> Result<Self> {
        Ok(RedisTokenCache { conn: Arc::new(Conn::new(url)?), namespace: "pax8".to_owned(), codec: Default::default() })
    }

    /// The prefix of every key (default `pax8`); printable ASCII without spaces.
    pub fn namespace(mut self, namespace: &str) -> Result<Self> {
        self.namespace = super::check_namespace(namespace)?;
        Ok(self)
    }

    /// For a `rediss://` server: trust the certificates in `pem` (one or more PEM
    /// certificates, a private CA) instead of the system's roots. An unreadable certificate,
    /// or a `redis://` URL, is [`Error::Config`](crate::error::Error::Config).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use pax8::auth::RedisTokenCache;
    /// let ca = std::fs::read("/etc/pax8/redis-ca.pem")?;
    /// let cache = RedisTokenCache::new("rediss://cache.internal:6380")?.root_certificate(&ca)?;
    /// # let _ = cache; Ok(()) }
    /// ```
    pub fn root_certificate(mut self, pem: &[u8]) -> Result<Self> {
        self.conn = Arc::new(self.conn.with_root_certificate(pem)?);
        Ok(self)
    }

    /// How long connecting and each command may take (default 1 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.conn = Arc::new(self.conn.with_timeout(timeout));
        self
    }

    super::sealed_settings!(RedisTokenCache, "rediss://cache.internal:6380");

    /// The Redis key of the token of `key`.
    pub(crate) fn redis_key(&self, key: &str) -> String {
        format!("{}:token:{key}", self.namespace)
    }

    fn lock_key(&self, key: &str) -> String {
        format!("{}:token-lock:{key}", self.namespace)
    }
}

impl TokenCache for RedisTokenCache {
    fn load(&self, key: &str) -> io::Result<Option<CachedToken>> {
        let value: Option<String> = self.conn.run(|c| redis::cmd("GET").arg(self.redis_key(key)).query(c))?;
        Ok(value.and_then(|v| self.codec.decode(key, &v)))
    }

    fn store(&self, key: &str, token: &CachedToken) -> io::Result<()> {
        let Some(left) = super::seconds_left(token) else { return self.remove(key) };
        let ms = (left * 1000.0).ceil() as u64;
        let value = self.codec.encode(key, token)?;
        self.conn.run(|c| redis::cmd("SET").arg(self.redis_key(key)).arg(value).arg("PX").arg(ms).exec(c))
    }

    fn remove(&self, key: &str) -> io::Result<()> {
        self.conn.run(|c| redis::cmd("DEL").arg(self.redis_key(key)).exec(c))
    }

    fn lock(&self, key: &str, wait: Duration) -> io::Result<Option<Box<dyn CacheLock>>> {
        let lock_key = self.lock_key(key);
        let id = super::random_lock_id()?;
        let expires_ms = wait.max(Duration::from_secs(1)).as_millis() as u64;
        let taken = super::wait_for_lock(wait, &lock_key, || {
            let reply: Option<String> = self
                .conn
                .run(|c| redis::cmd("SET").arg(&lock_key).arg(&id).arg("NX").arg("PX").arg(expires_ms).query(c))?;
            Ok(reply.is_some())
        })?;
        Ok(taken.then(|| Box::new(RedisLock { conn: self.conn.clone(), key: lock_key, id }) as Box<dyn CacheLock>))
    }
}

struct RedisLock {
    conn: Arc<Conn>,
    key: String,
    id: String,
}

impl CacheLock for RedisLock {}

impl Drop for RedisLock {
    fn drop(&mut self) {
        let released = self.conn.run(|c| redis::Script::new(RELEASE).key(&self.key).arg(&self.id).invoke::<i64>(c));
        if let Err(e) = released {
            // It expires by itself.
            super::warn(format_args!("token cache unlock failed: {e}"));
        }
    }
}
