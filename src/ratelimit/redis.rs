//! One rate budget for a fleet, kept in Redis (feature `redis`).

use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{RateLimiter, WindowRateLimiter};
use crate::cache_server::{Conn, check_namespace};
use crate::error::Result;
use crate::observe::warn;

/// Takes a slot of the sliding window in one atomic step, on the Redis clock (so hosts need
/// not agree on the time). KEYS: the requests in flight (a sorted set: id -> lease end), the
/// answered ones (id -> end of hold), the id counter. ARGV: the limit, the hold after an
/// answer (window + margin) and the lease of a request in flight, both in µs.
/// Returns `{0, id}` (taken), `{1, µs}` (full: the wait until the oldest answered slot
/// expires, or 0 when every slot is in flight), or `{2, µs}` (an entry ends that far from
/// now, beyond the lease and the hold together, which no script sets: the clock went back,
/// or someone wrote the keys; such entries are dropped and the caller limits locally for a
/// while).
const TAKE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local limit, hold, lease = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local horizon = now + lease + hold
local absurd = 0
for i = 1, 2 do
  local last = redis.call('ZRANGE', KEYS[i], -1, -1, 'WITHSCORES')
  if last[2] and tonumber(last[2]) > horizon then
    absurd = math.max(absurd, tonumber(last[2]) - now)
    redis.call('ZREMRANGEBYSCORE', KEYS[i], '(' .. string.format('%d', horizon), '+inf')
  end
end
if absurd > 0 then return {2, absurd} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2]) >= limit then
  local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  if first[2] then return {1, tonumber(first[2]) - now} end
  return {1, 0}
end
local id = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[1], string.format('%d', now + lease), id)
local ttl = math.ceil((lease + hold) / 1000) + 1000
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl) end
return {0, id}
";

/// Ends a request in flight: ARGV[1] its id; ARGV[2] 1 if the server may have counted it
/// (its slot is then held until `hold` µs from now, ARGV[3]), 0 if not (freed at once).
const RELEASE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREM', KEYS[1], ARGV[1])
if ARGV[2] == '1' then
  redis.call('ZADD', KEYS[2], string.format('%d', now + tonumber(ARGV[3])), ARGV[1])
  redis.call('PEXPIRE', KEYS[2], math.ceil(tonumber(ARGV[3]) / 1000) + 1000)
end
return 0
";

/// How long the local limiter stands in after Redis failed, before Redis is tried again.
const RETRY_REDIS_AFTER: Duration = Duration::from_secs(5);

/// How long a request in flight holds its slot in Redis if its process never says it ended
/// (it crashed): longer than any request should take.
const LEASE: Duration = Duration::from_secs(300);

/// The longest a full window makes a caller wait before it asks Redis again, in case a
/// request in flight ends uncounted (a 429) and frees its slot early.
const POLL: Duration = Duration::from_secs(1);

/// A rate budget shared by every process and host that points at the same Redis: Pax8 counts
/// calls per partner account (1000 a minute), not per process, so a fleet of workers needs
/// one budget between them.
///
/// It keeps the promise of [`WindowRateLimiter`] for the whole fleet: at most `n` calls in
/// any window, and no wait while the window has room. Each request takes a slot in one
/// atomic Lua script on the Redis clock (so hosts need not agree on the time) and holds it
/// until `window + margin` after its answer (a second script, on the same clock); a 429 or
/// a request that never reached the server frees its slot at once. State: three keys,
/// `<namespace>:ratelimit:{inflight,answered,ids}` (namespace `pax8` by default; use one
/// namespace per partner account), which expire when idle. A process that dies with
/// requests in flight leaves their slots held for 5 minutes. Needs Redis 5 or newer (or
/// Valkey): the scripts read the server's clock before they write. Two round trips to Redis
/// per request.
///
/// If Redis cannot be reached (or a command fails or times out, 1 s by default), the
/// limiter says so in the log (feature `log`) and uses a local limiter with the same
/// budget for 5 s before one request tries Redis again; it never fails a request for it.
/// The same happens when Redis holds a slot that ends further out than the limiter ever
/// sets one (the keys were written by someone else, or a failover went to a replica whose
/// clock is behind): such entries are dropped, and no request ever waits longer than a
/// window for Redis. While Redis is down each process keeps to the budget alone, so the
/// fleet together may exceed it; the SDK's 429 handling covers that.
///
/// ```no_run
/// # fn main() -> pax8::Result<()> {
/// use std::sync::Arc;
/// use pax8::ratelimit::RedisRateLimiter;
/// let limiter = RedisRateLimiter::per_minute("redis://cache.internal:6379", 1000)?.namespace("acme")?;
/// let client = pax8::Client::builder_from_env().rate_limiter(Arc::new(limiter)).build()?;
/// # let _ = client; Ok(()) }
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub struct RedisRateLimiter {
    conn: Arc<Conn>,
    /// The prefix of the three keys.
    key: String,
    limit: u32,
    window: Duration,
    margin: Duration,
    fallback: Arc<dyn RateLimiter>,
    /// Where the requests in flight took their slots: ids in Redis, and a count in the
    /// fallback. Releases are not matched to requests (any id of this process stands for any
    /// other), and go to the fallback first, so that Redis never learns of an end too early.
    in_flight: Mutex<(VecDeque<u64>, u32)>,
    /// Until when (ms after `epoch`) the fallback stands in; 0 while Redis answers.
    down_until: AtomicU64,
    /// One request at a time tries Redis again after it failed.
    probing: AtomicBool,
    epoch: Instant,
}

impl fmt::Debug for RedisRateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisRateLimiter")
            .field("server", &self.conn)
            .field("key", &self.key)
            .field("limit", &self.limit)
            .field("window", &self.window)
            .field("margin", &self.margin)
            .field("fallback", &self.fallback)
            .finish()
    }
}

/// What Redis said to a request asking for a slot.
#[derive(Debug, PartialEq)]
enum Take {
    Taken(u64),
    /// Full: ask again after this long.
    Wait(Duration),
}

impl RedisRateLimiter {
    /// `n` requests per minute across the fleet (0 is treated as 1), with a margin of 1 s.
    pub fn per_minute(url: &str, n: u32) -> Result<Self> {
        Self::new(url, n, Duration::from_secs(60))
    }

    /// At most `limit` requests (at least 1) in any `window` (at least 1 ms) across the
    /// fleet, with a margin of a sixtieth of the window (as [`WindowRateLimiter::new`]).
    /// Only checks the URL (`redis://[:password@]host[:port][/db]`); connects on first use.
    pub fn new(url: &str, limit: u32, window: Duration) -> Result<Self> {
        let local = WindowRateLimiter::new(limit, window);
        Ok(RedisRateLimiter {
            conn: Arc::new(Conn::new(url)?),
            key: "pax8:ratelimit".to_owned(),
            limit: local.limit,
            window: local.window,
            margin: local.margin,
            fallback: Arc::new(local),
            in_flight: Mutex::new((VecDeque::new(), 0)),
            down_until: AtomicU64::new(0),
            probing: AtomicBool::new(false),
            epoch: Instant::now(),
        })
    }

    /// How long after its answer a request still holds its slot, beyond the window (default
    /// a sixtieth of the window); see [`WindowRateLimiter::margin`]. Also sets the default
    /// fallback's margin.
    pub fn margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self.fallback = Arc::new(WindowRateLimiter::new(self.limit, self.window).margin(margin));
        self
    }

    /// The prefix of the Redis keys (default `pax8`): processes with the same namespace and
    /// Redis share one budget.
    pub fn namespace(mut self, namespace: &str) -> Result<Self> {
        self.key = format!("{}:ratelimit", check_namespace(namespace)?);
        Ok(self)
    }

    /// How long connecting and each command may take (default 1 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.conn = Arc::new(self.conn.with_timeout(timeout));
        self
    }

    /// For a `rediss://` server: trust the certificates in `pem` (one or more PEM
    /// certificates, a private CA) instead of the system's roots, as the Redis token cache's
    /// `root_certificate` does. An unreadable certificate, or a `redis://` URL, is
    /// [`Error::Config`](crate::Error::Config).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use pax8::ratelimit::RedisRateLimiter;
    /// let ca = std::fs::read("/etc/pax8/redis-ca.pem")?;
    /// let limiter = RedisRateLimiter::per_minute("rediss://cache.internal:6380", 1000)?.root_certificate(&ca)?;
    /// # let _ = limiter; Ok(()) }
    /// ```
    pub fn root_certificate(mut self, pem: &[u8]) -> Result<Self> {
        self.conn = Arc::new(self.conn.with_root_certificate(pem)?);
        Ok(self)
    }

    /// The limiter used while Redis is unreachable (default: a [`WindowRateLimiter`] with
    /// the same budget, in this process only).
    pub fn fallback(mut self, limiter: Arc<dyn RateLimiter>) -> Self {
        self.fallback = limiter;
        self
    }

    fn keys(&self) -> [String; 3] {
        ["inflight", "answered", "ids"].map(|k| format!("{}:{k}", self.key))
    }

    /// How long an answered request holds its slot.
    fn hold(&self) -> Duration {
        self.window + self.margin
    }

    /// Asks Redis for a slot. An answer no script of this limiter could have produced (an
    /// entry ending beyond any horizon it sets, a wait longer than the hold) is an error, as
    /// if Redis were down.
    fn take(&self) -> std::io::Result<Take> {
        let [inflight, answered, ids] = self.keys();
        let (status, value): (u8, i64) = self.conn.run(|c| {
            redis::Script::new(TAKE)
                .key(&inflight)
                .key(&answered)
                .key(&ids)
                .arg(self.limit)
                .arg(micros(self.hold()))
                .arg(micros(LEASE))
                .invoke(c)
        })?;
        let value = value.max(0).unsigned_abs();
        match status {
            0 => Ok(Take::Taken(value)),
            1 if Duration::from_micros(value) <= self.hold() => {
                Ok(Take::Wait(if value == 0 { POLL } else { Duration::from_micros(value).min(POLL) }))
            }
            1 => Err(std::io::Error::other(format!(
                "Redis asks for a wait of {:?}, longer than the window",
                Duration::from_micros(value)
            ))),
            _ => Err(std::io::Error::other(format!(
                "Redis held a slot ending in {:?}, beyond any this limiter sets (keys written by someone else, or a \
                 clock that went back); dropped it",
                Duration::from_micros(value)
            ))),
        }
    }

    /// Tells Redis that request `id` ended.
    fn end(&self, id: u64, counted: bool) -> std::io::Result<()> {
        let [inflight, answered, _] = self.keys();
        self.conn.run(|c| {
            redis::Script::new(RELEASE)
                .key(&inflight)
                .key(&answered)
                .arg(id)
                .arg(u8::from(counted))
                .arg(micros(self.hold()))
                .invoke::<()>(c)
        })
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX).max(1)
    }

    /// Whether this request should use Redis: while it answers, every request; after a
    /// failure, none for a while, then one at a time (the others use the fallback meanwhile).
    /// Returns whether this request is the one probing.
    fn use_redis(&self) -> Option<bool> {
        let until = self.down_until.load(Ordering::Acquire);
        if until == 0 {
            return Some(false);
        }
        if self.now_ms() < until {
            return None;
        }
        self.probing.compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire).ok().map(|_| true)
    }

    fn failed(&self, e: &std::io::Error, probing: bool) {
        let until = self.now_ms() + u64::try_from(RETRY_REDIS_AFTER.as_millis()).unwrap_or(u64::MAX);
        if self.down_until.swap(until, Ordering::AcqRel) == 0 {
            warn(format_args!("rate limiter: {e}; limiting in this process alone until Redis answers"));
        }
        if probing {
            self.probing.store(false, Ordering::Release);
        }
    }

    fn in_flight(&self) -> std::sync::MutexGuard<'_, (VecDeque<u64>, u32)> {
        self.in_flight.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn local(&self) {
        self.fallback.acquire();
        self.in_flight().1 += 1;
    }
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

impl RateLimiter for RedisRateLimiter {
    /// No lock of the limiter's is held while Redis is asked: only the connection's own,
    /// which a command needs anyway.
    fn acquire(&self) {
        loop {
            let Some(probing) = self.use_redis() else { return self.local() };
            match self.take() {
                Ok(answer) => {
                    if probing {
                        self.down_until.store(0, Ordering::Release);
                        self.probing.store(false, Ordering::Release);
                        warn(format_args!("rate limiter: Redis at {:?} is back; sharing its budget again", self.conn));
                    }
                    match answer {
                        Take::Taken(id) => {
                            self.in_flight().0.push_back(id);
                            return;
                        }
                        Take::Wait(wait) => std::thread::sleep(wait),
                    }
                }
                Err(e) => {
                    self.failed(&e, probing);
                    return self.local();
                }
            }
        }
    }

    fn release(&self, counted: bool) {
        let mut in_flight = self.in_flight();
        if in_flight.1 > 0 {
            in_flight.1 -= 1;
            drop(in_flight);
            return self.fallback.release(counted);
        }
        let Some(id) = in_flight.0.pop_front() else { return };
        drop(in_flight);
        if self.down_until.load(Ordering::Acquire) != 0 {
            // Redis failed since: the slot stays held there until its lease ends (on the safe
            // side), rather than this request waiting for Redis again.
            return;
        }
        if let Err(e) = self.end(id, counted) {
            // The slot stays held in Redis until its lease ends: on the safe side.
            self.failed(&e, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_the_keys() {
        let l = RedisRateLimiter::per_minute("redis://127.0.0.1", 1000).unwrap();
        assert_eq!(
            (l.limit, l.window, l.margin, l.hold()),
            (1000, Duration::from_secs(60), Duration::from_secs(1), Duration::from_secs(61))
        );
        let l = RedisRateLimiter::new("redis://127.0.0.1", 0, Duration::ZERO).unwrap().namespace("acme").unwrap();
        assert_eq!((l.limit, l.window), (1, Duration::from_millis(1)));
        assert_eq!(l.keys(), ["acme:ratelimit:inflight", "acme:ratelimit:answered", "acme:ratelimit:ids"]);
    }

    #[test]
    fn bad_urls_and_namespaces_are_config_errors_and_debug_hides_the_password() {
        assert!(matches!(RedisRateLimiter::per_minute("http://x", 10), Err(crate::Error::Config(_))));
        let l = RedisRateLimiter::per_minute("redis://:hunter2@127.0.0.1:6390", 10).unwrap();
        assert!(l.namespace("two words").is_err());
        let l = RedisRateLimiter::per_minute("redis://:hunter2@127.0.0.1:6390", 10).unwrap().namespace("acme").unwrap();
        let shown = format!("{l:?}");
        assert!(shown.contains("127.0.0.1:6390") && shown.contains("acme:ratelimit"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }
}
