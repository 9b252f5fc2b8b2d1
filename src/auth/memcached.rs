//! A token cache in memcached (feature `memcached`, on the `memcache` crate).

use std::fmt;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::{CacheLock, CachedToken, TokenCache};
use crate::error::{Error, Result};

type McResult<T> = std::result::Result<T, memcache::MemcacheError>;

/// Keeps tokens in memcached, so that every process and host pointing at the same server
/// (a fleet of workers on one partner account) shares one token.
///
/// - The token of a credential set lives under `<namespace>:token:<key>` (namespace `pax8`
///   by default), where `<key>` is a hash of the token URL, audience, client id and secret: no key
///   holds the client id or secret. The value is the token and its expiry as JSON; the entry
///   expires with the token.
/// - Processes that miss at the same moment send one token request between them: the first
///   takes `<namespace>:token-lock:<key>` (`add`, which only one process wins, expiring by
///   itself if its holder dies) while it fetches and stores; the others wait for it, at most
///   15 s (or the call's timeout), and read its token.
/// - An unreachable or failing server never fails an API call: the SDK logs it (feature
///   `log`) and fetches a token itself. Connecting and each command wait at most the
///   [`timeout`](Self::timeout) (1 s by default).
///
/// Clones share one small connection pool. `Debug` shows the server, never a password.
///
/// ```no_run
/// # fn main() -> pax8::Result<()> {
/// use pax8::auth::MemcachedTokenCache;
/// let client = pax8::Client::builder_from_env()
///     .token_cache(MemcachedTokenCache::new("memcache://cache.internal:11211")?)
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
#[derive(Clone)]
#[cfg_attr(docsrs, doc(cfg(feature = "memcached")))]
pub struct MemcachedTokenCache {
    pool: Arc<Pool>,
    namespace: String,
    codec: super::EntryCodec,
}

/// The `memcache` client, built on first use: building it connects, and a server that is
/// down must not stop a client from being built.
struct Pool {
    /// The URL with the crate's per-connection `timeout` option.
    url: String,
    /// `host:port`, for `Debug` and errors (the URL may hold a password).
    server: String,
    timeout: Duration,
    client: Mutex<Option<Arc<memcache::Client>>>,
}

impl fmt::Debug for MemcachedTokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemcachedTokenCache")
            .field("server", &self.pool.server)
            .field("timeout", &self.pool.timeout)
            .field("namespace", &self.namespace)
            .field("entries", &self.codec)
            .finish()
    }
}

impl MemcachedTokenCache {
    /// A cache in the memcached at `url` (`memcache://[user:password@]host:port`; SASL with a
    /// user and password). Only checks the URL: connections are made on first use, so a
    /// server that is down does not stop a client from being built.
    pub fn new(url: &str) -> Result<Self> {
        Ok(MemcachedTokenCache {
            pool: Arc::new(Pool::new(url, super::SERVER_TIMEOUT)?),
            namespace: "pax8".to_owned(),
            codec: Default::default(),
        })
    }

    /// The prefix of every key (default `pax8`); printable ASCII without spaces.
    pub fn namespace(mut self, namespace: &str) -> Result<Self> {
        self.namespace = super::check_namespace(namespace)?;
        Ok(self)
    }

    /// How long connecting and each command may take (default 1 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.pool = Arc::new(Pool::new(&self.pool.url, timeout).expect("a URL checked before"));
        self
    }

    super::sealed_settings!(MemcachedTokenCache, "memcache://cache.internal:11211");

    /// The memcached key of the token of `key`.
    pub(crate) fn memcached_key(&self, key: &str) -> String {
        format!("{}:token:{key}", self.namespace)
    }

    fn lock_key(&self, key: &str) -> String {
        format!("{}:token-lock:{key}", self.namespace)
    }

    fn run<T>(&self, f: impl FnOnce(&memcache::Client) -> McResult<T>) -> io::Result<T> {
        self.pool.run(f)
    }
}

impl Pool {
    fn new(url: &str, timeout: Duration) -> Result<Self> {
        let parsed = memcache::Url::parse(url).ok().filter(|u| u.scheme() == "memcache" && u.port().is_some());
        let Some(mut parsed) = parsed else {
            return Err(Error::Config("invalid memcached URL: expected memcache://[user:password@]host:port".into()));
        };
        let server = format!("{}:{}", parsed.host_str().unwrap_or_default(), parsed.port().unwrap_or_default());
        // The crate's per-connection option: each read and write waits at most `timeout`.
        let timeout = timeout.max(Duration::from_millis(1));
        let others: Vec<(String, String)> = parsed.query_pairs().into_owned().filter(|(k, _)| k != "timeout").collect();
        parsed
            .query_pairs_mut()
            .clear()
            .extend_pairs(others)
            .append_pair("timeout", &timeout.as_secs_f64().to_string());
        Ok(Pool { url: parsed.to_string(), server, timeout, client: Mutex::new(None) })
    }

    /// Runs `f` on the client, building it first if needed.
    fn run<T>(&self, f: impl FnOnce(&memcache::Client) -> McResult<T>) -> io::Result<T> {
        let client = {
            let mut slot = self.client.lock().unwrap_or_else(|p| p.into_inner());
            match slot.as_ref() {
                Some(c) => c.clone(),
                None => {
                    let c = memcache::Client::builder()
                        .add_server(self.url.as_str())
                        .and_then(|b| {
                            // Read and write timeouts explicitly: the crate resets them to none
                            // (wait forever) when they are not set here, whatever the URL says.
                            b.with_max_pool_size(2)
                                .with_min_idle_conns(0)
                                .with_connection_timeout(self.timeout)
                                .with_read_timeout(self.timeout)
                                .with_write_timeout(self.timeout)
                                .build()
                        })
                        .map(Arc::new)
                        .map_err(|e| self.io_error(e))?;
                    slot.insert(c).clone()
                }
            }
        };
        f(&client).map_err(|e| self.io_error(e))
    }

    fn io_error(&self, e: memcache::MemcacheError) -> io::Error {
        io::Error::other(format!("memcached at {}: {e}", self.server))
    }
}

/// Memcached reads an expiry above 30 days as a Unix time: a token never lives that long, but
/// in case it does, give the time.
fn expiry(token: &CachedToken, left: f64) -> u32 {
    const MONTH: f64 = 30.0 * 86_400.0;
    if left < MONTH {
        left.ceil() as u32
    } else {
        u32::try_from(token.expires_at().unix_timestamp()).unwrap_or(u32::MAX)
    }
}

impl TokenCache for MemcachedTokenCache {
    fn load(&self, key: &str) -> io::Result<Option<CachedToken>> {
        let value: Option<String> = self.run(|c| c.get(&self.memcached_key(key)))?;
        Ok(value.and_then(|v| self.codec.decode(key, &v)))
    }

    fn store(&self, key: &str, token: &CachedToken) -> io::Result<()> {
        let Some(left) = super::seconds_left(token) else { return self.remove(key) };
        let value = self.codec.encode(key, token)?;
        self.run(|c| c.set(&self.memcached_key(key), value.as_str(), expiry(token, left)))
    }

    fn remove(&self, key: &str) -> io::Result<()> {
        self.run(|c| c.delete(&self.memcached_key(key))).map(|_| ())
    }

    fn lock(&self, key: &str, wait: Duration) -> io::Result<Option<Box<dyn CacheLock>>> {
        let lock_key = self.lock_key(key);
        let id = super::random_lock_id()?;
        let expires = wait.max(Duration::from_secs(1)).as_secs_f64().ceil() as u32;
        let taken = super::wait_for_lock(wait, &lock_key, || {
            let added = self.run(|c| match c.add(&lock_key, id.as_str(), expires) {
                Err(memcache::MemcacheError::CommandError(memcache::CommandError::KeyExists)) => Ok(false),
                other => other.map(|()| true),
            })?;
            if !added {
                return Ok(false);
            }
            // Whoever's value is there holds the lock (the ASCII protocol's `add` does not say).
            Ok(self.run(|c| c.get::<String>(&lock_key))?.as_deref() == Some(id.as_str()))
        })?;
        Ok(taken.then(|| Box::new(MemcachedLock { cache: self.clone(), key: lock_key, id }) as Box<dyn CacheLock>))
    }
}

struct MemcachedLock {
    cache: MemcachedTokenCache,
    key: String,
    id: String,
}

impl CacheLock for MemcachedLock {}

impl Drop for MemcachedLock {
    fn drop(&mut self) {
        // Release only our own lock, never one another process took after ours expired.
        let released = self.cache.run(|c| match c.get::<String>(&self.key)? {
            Some(v) if v == self.id => c.delete(&self.key).map(|_| ()),
            _ => Ok(()),
        });
        if let Err(e) = released {
            // It expires by itself.
            super::warn(format_args!("token cache unlock failed: {e}"));
        }
    }
}
