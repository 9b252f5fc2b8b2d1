//! OAuth client-credentials tokens: the provider and its caches.
//!
//! A [`Client`](crate::Client) fetches one token with its client id and secret, keeps it in
//! memory and in a [`TokenCache`], and reuses it until shortly before it expires (the
//! smaller of 60 s and 10 % of its lifetime). Pax8 tokens live 24 h and Pax8 asks clients not
//! to fetch one per request, so the default cache is a file ([`FileTokenCache`]) that every
//! process with the same credentials shares.
//!
//! Threads sharing a client wait for one token request instead of sending one each, and
//! processes sharing a cache do too: after a miss the provider takes the cache's lock
//! ([`TokenCache::lock`]), looks again, and only the first one fetches. When an API call
//! answers 401 the token is dropped (memory and cache), a new one is fetched and the call is
//! sent once more.
//!
//! Caches for fleets of workers: [`FileTokenCache`] (one host), `EncryptedFileTokenCache`
//! (feature `encrypted-cache`), `RedisTokenCache` (feature `redis`) and `MemcachedTokenCache`
//! (feature `memcached`). A cache that fails is never fatal: the SDK logs it (feature `log`)
//! and fetches a token itself.

/// `sealed` and `sealed_from_env` for a cache on a server (`$ty`, whose `codec` field they
/// set; `$url` is the URL of the doc example).
#[cfg(any(feature = "redis", feature = "memcached"))]
macro_rules! sealed_settings {
    ($ty:ident, $url:literal) => {
        /// Seals every entry with `key` (256 bits), as the encrypted file cache does
        /// (XChaCha20-Poly1305, a fresh nonce per write, the cache key bound to the entry): a
        /// reader of the server gets nothing usable, and a writer without the key cannot plant a
        /// token (an entry that does not open is a miss, replaced by the next store). Every
        /// process sharing the server needs the same key. Feature `encrypted-cache`.
        ///
        /// ```no_run
        /// # fn main() -> pax8::Result<()> {
        /// # let key = [0u8; 32];
        #[doc = concat!("use pax8::auth::", stringify!($ty), ";")]
        #[doc = concat!("let cache = ", stringify!($ty), "::new(\"", $url, "\")?.sealed(key);")]
        /// # let _ = cache; Ok(()) }
        /// ```
        #[cfg(feature = "encrypted-cache")]
        pub fn sealed(mut self, key: [u8; 32]) -> Self {
            self.codec = crate::auth::EntryCodec::sealed(key);
            self
        }

        /// [`sealed`](Self::sealed) with the key in `PAX8_TOKEN_CACHE_KEY` (64 hex digits or
        /// standard base64 of 32 bytes, as for the encrypted file cache); a missing or malformed
        /// key is [`Error::Config`](crate::error::Error::Config), which never repeats it.
        #[cfg(feature = "encrypted-cache")]
        pub fn sealed_from_env(mut self) -> crate::error::Result<Self> {
            self.codec = crate::auth::EntryCodec::sealed_from_env()?;
            Ok(self)
        }
    };
}
#[cfg(any(feature = "redis", feature = "memcached"))]
use sealed_settings;

#[cfg(feature = "encrypted-cache")]
mod encrypted;
mod file;
#[cfg(feature = "memcached")]
mod memcached;
mod memory;
#[cfg(feature = "redis")]
mod redis;
#[cfg(feature = "encrypted-cache")]
mod seal;

use std::fmt;
use std::io;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[cfg(feature = "encrypted-cache")]
pub use encrypted::EncryptedFileTokenCache;
pub use file::FileTokenCache;
#[cfg(feature = "memcached")]
pub use memcached::MemcachedTokenCache;
pub use memory::MemoryTokenCache;
#[cfg(feature = "redis")]
pub use redis::RedisTokenCache;

#[cfg(feature = "memcached")]
use crate::cache_server::SERVER_TIMEOUT;
#[cfg(any(feature = "redis", feature = "memcached"))]
use crate::cache_server::check_namespace;
use crate::error::{AuthError, Error, Result};
use crate::family::Family;
use crate::observe::warn;
use crate::transport::{Body, Method, Request, Sink, Transport};

/// A string that never shows itself in `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// A token as kept in a cache: the access token, when it expires, and how long it lived.
///
/// `Debug` shows the expiry, never the token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedToken {
    access_token: String,
    /// Unix seconds.
    expires_at: i64,
    /// Seconds the token was issued for.
    lifetime: u64,
}

impl fmt::Debug for CachedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedToken")
            .field("access_token", &"<redacted>")
            .field("expires_at", &self.expires_at())
            .field("lifetime", &self.lifetime())
            .finish()
    }
}

impl CachedToken {
    /// A token that lives `lifetime` from `issued_at`.
    /// A lifetime over 30 days is taken as 30 days.
    pub fn new(access_token: impl Into<String>, issued_at: OffsetDateTime, lifetime: Duration) -> Self {
        let lifetime = lifetime.min(MAX_LIFETIME);
        CachedToken {
            access_token: access_token.into(),
            expires_at: issued_at.unix_timestamp().saturating_add(lifetime.as_secs() as i64),
            lifetime: lifetime.as_secs(),
        }
    }

    /// The bearer token. Handle with care: it grants API access until it expires.
    pub fn access_token(&self) -> &str {
        &self.access_token
    }

    /// When Pax8 stops accepting the token.
    pub fn expires_at(&self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(self.expires_at).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// How long the token was issued for.
    pub fn lifetime(&self) -> Duration {
        Duration::from_secs(self.lifetime)
    }

    /// When the SDK stops using the token and fetches a new one: `expires_at` minus the
    /// smaller of 60 s and 10 % of the lifetime.
    pub fn refresh_at(&self) -> OffsetDateTime {
        let skew = Duration::from_secs(60).min(self.lifetime() / 10);
        self.expires_at()
            .checked_sub(skew.try_into().unwrap_or(time::Duration::ZERO))
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// True while the token may still be used at `now`.
    pub fn is_fresh_at(&self, now: OffsetDateTime) -> bool {
        now < self.refresh_at()
    }

    /// Serialises for a cache that stores strings (no key, no credentials inside).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads what [`to_json`](Self::to_json) wrote; `None` for anything else.
    ///
    /// An entry that cannot be right is `None` too, and the cache treats it as a miss: a
    /// token that is empty or holds anything but printable ASCII without spaces (what an
    /// `Authorization` header takes), a lifetime over 30 days, or an expiry later than now
    /// plus its lifetime (a token is never issued in the future; 5 minutes of clock
    /// difference between hosts are allowed).
    pub fn from_json(s: &str) -> Option<Self> {
        serde_json::from_str::<CachedToken>(s).ok().filter(|t| t.is_sound_at(OffsetDateTime::now_utc()))
    }

    /// Whether a token read from a cache can have come from a token endpoint at or before
    /// `now`: checked as strictly as a token endpoint's answer (see [`from_json`](Self::from_json)).
    pub(crate) fn is_sound_at(&self, now: OffsetDateTime) -> bool {
        let latest_expiry =
            now.unix_timestamp().saturating_add(self.lifetime.min(MAX_LIFETIME.as_secs()) as i64 + CLOCK_SKEW);
        header_safe(&self.access_token)
            && self.lifetime <= MAX_LIFETIME.as_secs()
            && (0..=latest_expiry).contains(&self.expires_at)
    }
}

/// The clock difference between hosts sharing a cache that [`CachedToken::is_sound_at`]
/// allows, in seconds.
const CLOCK_SKEW: i64 = 300;

/// A bearer token an `Authorization` header can carry: not empty, printable ASCII, no space.
pub(crate) fn header_safe(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| b.is_ascii_graphic())
}

/// Where tokens are kept between calls and between processes.
///
/// `key` identifies a credential set (token URL, audience, client id) without revealing
/// the client id. Errors are never fatal: the SDK treats a failed `load` as a miss and
/// ignores (and logs, with feature `log`) a failed `store`, `remove` or `lock`.
pub trait TokenCache: Send + Sync + fmt::Debug {
    /// The token stored under `key`, if any.
    fn load(&self, key: &str) -> io::Result<Option<CachedToken>>;
    /// Stores `token` under `key`, replacing what was there.
    fn store(&self, key: &str, token: &CachedToken) -> io::Result<()>;
    /// Forgets the token under `key`.
    fn remove(&self, key: &str) -> io::Result<()>;
    /// Takes the lock of `key` that every process sharing the cache respects, waiting at
    /// most `wait` for it. The SDK holds it while it looks again, fetches a token and stores
    /// it, so that processes missing at the same moment send one token request between them.
    ///
    /// `Ok(Some(lock))`: held until the lock is dropped. `Ok(None)`: the cache has no lock,
    /// or the wait ran out; the caller then fetches without it. A lock must expire by itself
    /// (or be recognised as abandoned) if its holder dies. The default has no lock.
    fn lock(&self, key: &str, wait: Duration) -> io::Result<Option<Box<dyn CacheLock>>> {
        let _ = (key, wait);
        Ok(None)
    }
}

/// A held [`TokenCache::lock`]; dropping it releases the lock.
pub trait CacheLock: Send {}

impl<T: TokenCache + ?Sized> TokenCache for Arc<T> {
    fn load(&self, key: &str) -> io::Result<Option<CachedToken>> {
        (**self).load(key)
    }
    fn store(&self, key: &str, token: &CachedToken) -> io::Result<()> {
        (**self).store(key, token)
    }
    fn remove(&self, key: &str) -> io::Result<()> {
        (**self).remove(key)
    }
    fn lock(&self, key: &str, wait: Duration) -> io::Result<Option<Box<dyn CacheLock>>> {
        (**self).lock(key, wait)
    }
}

/// The cache key of a credential set: the first 128 bits of a SHA-256 of the token URL,
/// audience, client id and client secret (each length-prefixed), as 32 hex digits. Stable
/// across builds and platforms, so that programs with the same credentials share one entry;
/// a rotated or mistyped secret gets an entry of its own instead of the old secret's token;
/// the key reveals neither the client id nor anything usable about the secret.
pub(crate) fn cache_key(token_url: &str, audience: &str, client_id: &str, client_secret: &str) -> String {
    // ring's SHA-256: rustls's crypto provider, already in every build.
    let mut h = ring::digest::Context::new(&ring::digest::SHA256);
    h.update(b"pax8-rs token cache key v2\0");
    for part in [token_url, audience, client_id, client_secret] {
        h.update(&(part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    h.finish().as_ref()[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// A random id (a version 4 UUID from the system's random source, through ring) naming the
/// owner of a lock, so that one process never releases another's lock.
pub(crate) fn random_lock_id() -> io::Result<String> {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 16];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| io::Error::other("the system's random source failed"))?;
    Ok(uuid::Builder::from_random_bytes(bytes).into_uuid().to_string())
}

/// How long the provider waits at most for another process's token request (the cache lock)
/// before it sends its own; never longer than the timeout of the call that needs the token.
const TOKEN_LOCK_WAIT: Duration = Duration::from_secs(15);

/// Calls `try_take` until it takes a lock (`true`) or `wait` runs out (`false`, logged), pausing
/// 20 ms between tries. `lock` names the lock in the log.
pub(crate) fn wait_for_lock(
    wait: Duration,
    lock: &dyn fmt::Display,
    mut try_take: impl FnMut() -> io::Result<bool>,
) -> io::Result<bool> {
    let deadline = std::time::Instant::now() + wait;
    loop {
        if try_take()? {
            return Ok(true);
        }
        let now = std::time::Instant::now();
        if now >= deadline {
            warn(format_args!("waited {wait:?} for another process's token request ({lock}); fetching a token"));
            return Ok(false);
        }
        std::thread::sleep((deadline - now).min(Duration::from_millis(20)));
    }
}

/// How the Redis and memcached caches write an entry: the token as JSON, or sealed when a key
/// is set (then a plaintext entry, planted by a writer without the key, is a miss).
#[cfg(any(feature = "redis", feature = "memcached"))]
#[derive(Clone, Default)]
pub(crate) struct EntryCodec {
    #[cfg(feature = "encrypted-cache")]
    sealer: Option<Arc<seal::Sealer>>,
}

#[cfg(any(feature = "redis", feature = "memcached"))]
impl fmt::Debug for EntryCodec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.is_sealed() { "sealed" } else { "plaintext" })
    }
}

#[cfg(any(feature = "redis", feature = "memcached"))]
impl EntryCodec {
    /// Entries sealed with `key`.
    #[cfg(feature = "encrypted-cache")]
    pub(crate) fn sealed(key: [u8; 32]) -> Self {
        EntryCodec { sealer: Some(Arc::new(seal::Sealer::new(key))) }
    }

    /// Entries sealed with the key in `PAX8_TOKEN_CACHE_KEY`.
    #[cfg(feature = "encrypted-cache")]
    pub(crate) fn sealed_from_env() -> Result<Self> {
        Ok(EntryCodec { sealer: Some(Arc::new(seal::Sealer::from_env()?)) })
    }

    fn is_sealed(&self) -> bool {
        #[cfg(feature = "encrypted-cache")]
        return self.sealer.is_some();
        #[cfg(not(feature = "encrypted-cache"))]
        false
    }

    /// The stored text of `token` under the cache key `key`.
    pub(crate) fn encode(&self, key: &str, token: &CachedToken) -> io::Result<String> {
        #[cfg(feature = "encrypted-cache")]
        if let Some(sealer) = &self.sealer {
            return sealer.seal_text(key, token);
        }
        let _ = key;
        Ok(token.to_json())
    }

    /// The token in `text` stored under `key`; `None` for anything else.
    pub(crate) fn decode(&self, key: &str, text: &str) -> Option<CachedToken> {
        #[cfg(feature = "encrypted-cache")]
        if let Some(sealer) = &self.sealer {
            return sealer.open_text(key, text);
        }
        let _ = key;
        CachedToken::from_json(text)
    }
}

/// Seconds from now until `token` expires; `None` if it already has.
#[cfg(any(feature = "redis", feature = "memcached"))]
fn seconds_left(token: &CachedToken) -> Option<f64> {
    let left = (token.expires_at() - OffsetDateTime::now_utc()).as_seconds_f64();
    (left > 0.0).then_some(left)
}

fn cache_failed(what: &str, e: &io::Error) {
    warn(format_args!("token cache {what} failed: {e}"));
}

/// Fetches, caches and refreshes the token of one credential set.
pub(crate) struct TokenProvider {
    token_url: String,
    audience: String,
    client_id: String,
    client_secret: Secret,
    key: String,
    cache: Option<Arc<dyn TokenCache>>,
    /// The token in use, and whether a thread is getting a new one (the others wait on
    /// `fetched` for it, each no longer than its own call's timeout).
    current: Mutex<Current>,
    fetched: Condvar,
    /// The last token the API refused (401): never taken from the cache again, even when
    /// the cache could not delete it.
    rejected: Mutex<Option<Secret>>,
}

impl fmt::Debug for TokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenProvider")
            .field("token_url", &self.token_url)
            .field("audience", &self.audience)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("cache", &self.cache)
            .finish()
    }
}

impl TokenProvider {
    pub(crate) fn new(
        token_url: String,
        audience: String,
        client_id: String,
        client_secret: Secret,
        cache: Option<Arc<dyn TokenCache>>,
    ) -> Self {
        let key = cache_key(&token_url, &audience, &client_id, client_secret.expose());
        TokenProvider {
            token_url,
            audience,
            client_id,
            client_secret,
            key,
            cache,
            current: Mutex::new(Current::default()),
            fetched: Condvar::new(),
            rejected: Mutex::new(None),
        }
    }

    /// A token that is fresh now: from memory, else from the cache, else from Pax8 within
    /// `budget` (the timeout of the call that needs it, retries included). Every wait is
    /// bounded by `budget` too: for another thread of this client that is getting a token,
    /// and for the cache's lock (another process's token request).
    pub(crate) fn token(&self, transport: &Transport, budget: Duration) -> Result<String> {
        let started = Instant::now();
        let deadline = started.checked_add(budget);
        let mut current = self.current();
        loop {
            if let Some(t) = current.token.as_ref().filter(|t| t.is_fresh_at(OffsetDateTime::now_utc())) {
                return Ok(t.access_token.clone());
            }
            if !current.fetching {
                break;
            }
            let left = deadline.map_or(Duration::MAX, |d| d.saturating_duration_since(Instant::now()));
            if left.is_zero() {
                return Err(Error::Timeout {
                    endpoint: format!("POST {}", self.token_url),
                    elapsed: started.elapsed(),
                    what: "waiting for another thread's token request".into(),
                    page: None,
                });
            }
            current = self.fetched.wait_timeout(current, left).unwrap_or_else(|p| p.into_inner()).0;
        }
        // This thread gets the token; the others wait for it (not on the mutex).
        current.fetching = true;
        drop(current);
        let done = Fetching(self);
        let token = self.get(transport, budget, deadline)?;
        let access = token.access_token.clone();
        done.finish(Some(token));
        Ok(access)
    }

    fn current(&self) -> MutexGuard<'_, Current> {
        self.current.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// From the cache, else from Pax8 (under the cache's lock, if it has one).
    fn get(&self, transport: &Transport, budget: Duration, deadline: Option<Instant>) -> Result<CachedToken> {
        // Held (when the cache has a lock) until the new token is stored.
        let _lock = match &self.cache {
            None => None,
            Some(cache) => match self.load_fresh(cache) {
                Ok(Some(t)) => return Ok(t),
                Err(()) => None,
                Ok(None) => {
                    // A miss: wait for any other process that is fetching, then look again.
                    let left = deadline.map_or(budget, |d| d.saturating_duration_since(Instant::now()));
                    let lock = cache.lock(&self.key, TOKEN_LOCK_WAIT.min(left)).unwrap_or_else(|e| {
                        cache_failed("lock", &e);
                        None
                    });
                    if let Ok(Some(t)) = self.load_fresh(cache) {
                        return Ok(t);
                    }
                    lock
                }
            },
        };
        let left = deadline.map_or(budget, |d| d.saturating_duration_since(Instant::now()));
        let fresh = self.fetch(transport, left)?;
        if let Some(cache) = &self.cache
            && let Err(e) = cache.store(&self.key, &fresh)
        {
            cache_failed("write", &e);
        }
        Ok(fresh)
    }

    /// The cached token if it is fresh and not the one the API refused; `Err` when the cache
    /// could not be read (logged).
    fn load_fresh(&self, cache: &Arc<dyn TokenCache>) -> std::result::Result<Option<CachedToken>, ()> {
        let rejected = self.rejected.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let now = OffsetDateTime::now_utc();
        let usable =
            |t: &CachedToken| t.is_fresh_at(now) && rejected.as_ref().is_none_or(|r| r.expose() != t.access_token);
        match cache.load(&self.key) {
            Ok(Some(t)) if !t.is_sound_at(now) => {
                // Planted or corrupt (any cache, a user's own included): a miss, replaced by
                // the next store.
                warn(format_args!("token cache entry refused (an unusable token or an impossible expiry): a miss"));
                Ok(None)
            }
            Ok(t) => Ok(t.filter(usable)),
            Err(e) => {
                cache_failed("read", &e);
                Err(())
            }
        }
    }

    /// Drops `rejected` (the token a 401 answered) from memory and from the cache, unless
    /// another thread or process has already replaced it.
    pub(crate) fn invalidate(&self, rejected: &str) {
        *self.rejected.lock().unwrap_or_else(|p| p.into_inner()) = Some(Secret::new(rejected));
        let mut current = self.current();
        if current.token.as_ref().is_some_and(|t| t.access_token == rejected) {
            current.token = None;
        }
        drop(current);
        if let Some(cache) = &self.cache {
            let stale = matches!(cache.load(&self.key), Ok(Some(t)) if t.access_token == rejected);
            if stale && let Err(e) = cache.remove(&self.key) {
                cache_failed("remove", &e);
            }
        }
    }

    fn fetch(&self, transport: &Transport, budget: Duration) -> Result<CachedToken> {
        #[derive(Serialize)]
        struct TokenRequest<'a> {
            client_id: &'a str,
            client_secret: &'a str,
            audience: &'a str,
            grant_type: &'a str,
        }
        #[derive(Deserialize)]
        struct Response {
            #[serde(default)]
            access_token: Option<String>,
            #[serde(default)]
            expires_in: Option<serde_json::Value>,
        }

        let body = serde_json::to_vec(&TokenRequest {
            client_id: &self.client_id,
            client_secret: self.client_secret.expose(),
            audience: &self.audience,
            grant_type: "client_credentials",
        })
        .map_err(|e| Error::Config(format!("cannot encode the token request: {e}")))?;
        let mut req = Request::new(Method::Post, Family::Token, "");
        req.body = Body::Json(body);
        req.timeout = Some(budget);
        req.deadline = std::time::Instant::now().checked_add(budget);
        let issued_at = OffsetDateTime::now_utc();
        // A call of its own (its own span), sent without a bearer token.
        let resp = transport
            .call(&req, |target| transport.send(&req, target, None, &mut Sink::Memory))
            .map_err(|e| self.redact(e))?;
        if !resp.is_success() {
            let raw = String::from_utf8_lossy(&resp.body).into_owned();
            return Err(self.redact(Error::Auth(Box::new(AuthError::from_response(resp.status, raw)))));
        }
        let refused = |why: &str| {
            // The body of a 2xx token answer may hold a token: it is never kept in the error.
            Error::Auth(Box::new(AuthError {
                status: Some(resp.status),
                error: None,
                description: Some(format!(
                    "{why} (the {}-byte body is withheld: it may hold secrets)",
                    resp.body.len()
                )),
                raw: String::new(),
                page: None,
            }))
        };
        let parsed: Response = serde_json::from_slice(&resp.body)
            .map_err(|_| refused("the token endpoint answered something that is not JSON"))?;
        let token = parsed
            .access_token
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| refused("the token endpoint answered without an access_token"))?;
        if !header_safe(&token) {
            return Err(refused("the token endpoint answered an access_token with spaces or control characters"));
        }
        Ok(CachedToken::new(token, issued_at, token_lifetime(parsed.expires_in.as_ref())))
    }

    /// Blanks the client secret out of an error (a token endpoint may echo the request).
    fn redact(&self, e: Error) -> Error {
        let secret = self.client_secret.expose();
        match e {
            Error::Auth(mut a) if !secret.is_empty() => {
                a.raw = a.raw.replace(secret, "<redacted>");
                a.description = a.description.map(|d| d.replace(secret, "<redacted>"));
                a.error = a.error.map(|d| d.replace(secret, "<redacted>"));
                Error::Auth(a)
            }
            other => other,
        }
    }
}

/// The state of [`TokenProvider::current`].
#[derive(Default)]
struct Current {
    token: Option<CachedToken>,
    fetching: bool,
}

/// Held by the thread that gets a token: when dropped (on an error or a panic too) the
/// waiting threads are woken, and one of them tries in turn.
struct Fetching<'a>(&'a TokenProvider);

impl Fetching<'_> {
    fn finish(self, token: Option<CachedToken>) {
        let mut current = self.0.current();
        if token.is_some() {
            current.token = token;
        }
        drop(current);
        // `drop` clears the flag and wakes the others.
    }
}

impl Drop for Fetching<'_> {
    fn drop(&mut self) {
        self.0.current().fetching = false;
        self.0.fetched.notify_all();
    }
}

/// The shortest and longest lifetime the SDK gives a token.
const MIN_LIFETIME: Duration = Duration::from_secs(1);
const MAX_LIFETIME: Duration = Duration::from_secs(30 * 86_400);
/// The lifetime of a token whose answer gives none (Pax8's: 24 h).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(86_400);

/// How long a token lives, from `expires_in`: a positive number of seconds (a JSON number or
/// a numeric string), rounded up to whole seconds and clamped to 1 s ..= 30 days. Anything
/// else (absent, `null`, zero, negative, not a number) means Pax8's 24 hours.
fn token_lifetime(expires_in: Option<&serde_json::Value>) -> Duration {
    let secs = match expires_in {
        Some(serde_json::Value::Number(n)) => n.as_f64(),
        Some(serde_json::Value::String(s)) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    match secs {
        Some(s) if s.is_finite() && s > 0.0 => {
            let whole = s.ceil().min(MAX_LIFETIME.as_secs() as f64) as u64;
            Duration::from_secs(whole).clamp(MIN_LIFETIME, MAX_LIFETIME)
        }
        _ => DEFAULT_LIFETIME,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_skew_is_the_smaller_of_60s_and_a_tenth() {
        let t0 = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        let day = CachedToken::new("a", t0, Duration::from_secs(86_400));
        assert_eq!(day.refresh_at(), t0 + Duration::from_secs(86_400 - 60));
        let short = CachedToken::new("a", t0, Duration::from_secs(100));
        assert_eq!(short.refresh_at(), t0 + Duration::from_secs(90));
        assert!(short.is_fresh_at(t0 + Duration::from_secs(89)));
        assert!(!short.is_fresh_at(t0 + Duration::from_secs(90)));
    }

    #[test]
    fn debug_never_shows_the_token() {
        let t = CachedToken::new("super-secret-token", OffsetDateTime::now_utc(), Duration::from_secs(10));
        assert!(!format!("{t:?}").contains("super-secret-token"));
        assert!(!format!("{:?}", Secret::new("hunter2")).contains("hunter2"));
    }

    #[test]
    fn cache_keys_are_stable_distinct_and_opaque() {
        let url = "https://api.pax8.com/v1/token";
        let a = cache_key(url, "https://api.pax8.com", "my-client", "secret-1");
        assert_eq!(a, cache_key(url, "https://api.pax8.com", "my-client", "secret-1"));
        assert_ne!(a, cache_key(url, "api://p8p.client", "my-client", "secret-1"));
        assert_ne!(a, cache_key(url, "https://api.pax8.com", "my-client2", "secret-1"));
        assert_ne!(a, cache_key(url, "https://api.pax8.com", "my-client", "secret-2"), "a rotated secret");
        assert_ne!(cache_key("ab", "c", "d", "e"), cache_key("a", "bc", "d", "e"), "parts are delimited");
        assert!(!a.contains("secret"));
        assert!(!a.contains("my-client"));
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn token_json_round_trips_and_rejects_garbage() {
        let t = CachedToken::new("tok", OffsetDateTime::now_utc(), Duration::from_secs(86_400));
        assert_eq!(CachedToken::from_json(&t.to_json()), Some(t));
        assert_eq!(CachedToken::from_json("{not json"), None);
        assert_eq!(CachedToken::from_json(r#"{"access_token":"","expires_at":1,"lifetime":1}"#), None);
    }

    #[test]
    fn token_lifetimes_follow_one_rule() {
        use serde_json::json;
        let life = |v: serde_json::Value| token_lifetime(Some(&v)).as_secs();
        assert_eq!(token_lifetime(None).as_secs(), 86_400);
        assert_eq!(
            (life(json!(null)), life(json!(0)), life(json!(-5)), life(json!("soon"))),
            (86_400, 86_400, 86_400, 86_400)
        );
        assert_eq!((life(json!(0.4)), life(json!(3599.2)), life(json!("86400"))), (1, 3600, 86_400));
        assert_eq!((life(json!(1e12)), life(json!(1e300))), (30 * 86_400, 30 * 86_400));
    }

    #[test]
    fn absurd_cache_entries_are_misses_and_never_panic() {
        for entry in [
            r#"{"access_token":"t","expires_at":9223372036854775807,"lifetime":86400}"#,
            r#"{"access_token":"t","expires_at":-9223372036854775808,"lifetime":86400}"#,
            r#"{"access_token":"t","expires_at":1700000000,"lifetime":18446744073709551615}"#,
        ] {
            assert_eq!(CachedToken::from_json(entry), None, "{entry}");
        }
        let huge = CachedToken::new("t", OffsetDateTime::now_utc(), Duration::MAX);
        assert_eq!(huge.lifetime(), MAX_LIFETIME);
        assert!(huge.is_fresh_at(OffsetDateTime::now_utc()));
    }
}
