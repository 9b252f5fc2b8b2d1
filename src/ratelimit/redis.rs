//! One rate budget for a fleet, kept in Redis (feature `redis`).

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{RateLimiter, SmoothRateLimiter};
use crate::cache_server::{Conn, check_namespace};
use crate::error::Result;
use crate::observe::warn;

/// GCRA in one atomic step, on the Redis clock (so hosts need not agree on the time): books
/// the next slot and returns how many microseconds the caller must wait before sending.
/// KEYS[1]: the bucket; ARGV[1]: the interval; ARGV[2]: the burst tolerance (both in µs).
const GCRA: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local send_at = tat - tonumber(ARGV[2])
if send_at < now then send_at = now end
local next_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%d', next_tat), 'PX', math.ceil((next_tat - now) / 1000) + 1000)
return send_at - now
";

/// How long the local limiter stands in after Redis failed, before Redis is tried again.
const RETRY_REDIS_AFTER: Duration = Duration::from_secs(5);

/// A rate budget shared by every process and host that points at the same Redis: Pax8 counts
/// calls per partner account (1000 a minute), not per process, so a fleet of workers needs
/// one budget between them.
///
/// The limiter spaces requests evenly (GCRA, like [`SmoothRateLimiter`]), and books each
/// slot in one atomic Lua script on the Redis clock, so the budget holds across hosts. With
/// a limit of `n` per `window` and a `burst` of `b`, requests are spaced `window / (n - b + 1)`
/// apart, so that no window of that length ever holds more than `n` requests, bursts
/// included. State: one key, `<namespace>:ratelimit` (namespace `pax8` by default; use one
/// namespace per partner account), which expires when idle. Needs Redis 5 or newer (or
/// Valkey): the script reads the server's clock before it writes.
///
/// If Redis cannot be reached (or a command fails or times out, 1 s by default), the
/// limiter says so in the log (feature `log`) and uses a local limiter with the same
/// budget for 5 s before it tries Redis again; it never fails or stalls a request for it.
/// While Redis is down each process keeps to the budget alone, so the fleet together may
/// exceed it; the SDK's 429 handling covers that.
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
    key: String,
    limit: u32,
    window: Duration,
    burst: u32,
    fallback: Arc<dyn RateLimiter>,
    /// Until when the fallback stands in, after Redis failed.
    down_until: Mutex<Option<Instant>>,
}

impl fmt::Debug for RedisRateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisRateLimiter")
            .field("server", &self.conn)
            .field("key", &self.key)
            .field("limit", &self.limit)
            .field("window", &self.window)
            .field("burst", &self.burst)
            .field("fallback", &self.fallback)
            .finish()
    }
}

impl RedisRateLimiter {
    /// `n` requests per minute across the fleet (0 is treated as 1), with a burst of one
    /// second's worth (at least 1).
    pub fn per_minute(url: &str, n: u32) -> Result<Self> {
        Self::new(url, n, Duration::from_secs(60))
    }

    /// At most `limit` requests (at least 1) in any `window` across the fleet, with a burst
    /// of one second's worth but at most a tenth of the limit (at least 1). Only checks the
    /// URL (`redis://[:password@]host[:port][/db]`); connects on first use.
    pub fn new(url: &str, limit: u32, window: Duration) -> Result<Self> {
        let limit = limit.max(1);
        let window = window.max(Duration::from_millis(1));
        let per_second = u32::try_from(u128::from(limit) * 1000 / window.as_millis().max(1)).unwrap_or(u32::MAX);
        let limiter = RedisRateLimiter {
            conn: Arc::new(Conn::new(url)?),
            key: "pax8:ratelimit".to_owned(),
            limit,
            window,
            burst: 1,
            fallback: Arc::new(SmoothRateLimiter::per_minute(1)),
            down_until: Mutex::new(None),
        };
        Ok(limiter.burst(per_second.min(limit / 10)))
    }

    /// How many requests may go out back to back after an idle period (1 to the limit).
    /// A larger burst spaces the steady rate wider, to keep every window within the limit:
    /// a burst of a tenth of the limit costs a tenth of the steady rate.
    pub fn burst(mut self, burst: u32) -> Self {
        self.burst = burst.clamp(1, self.limit);
        let (interval, _) = self.spacing();
        self.fallback = Arc::new(SmoothRateLimiter::with_interval(interval, self.burst));
        self
    }

    /// The prefix of the Redis key (default `pax8`): processes with the same namespace and
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

    /// The limiter used while Redis is unreachable (default: a [`SmoothRateLimiter`] with
    /// the same budget, in this process only).
    pub fn fallback(mut self, limiter: Arc<dyn RateLimiter>) -> Self {
        self.fallback = limiter;
        self
    }

    /// The spacing of requests at the steady rate, and the burst tolerance.
    fn spacing(&self) -> (Duration, Duration) {
        let interval = self.window / (self.limit - self.burst + 1);
        (interval, interval * (self.burst - 1))
    }

    /// Books a slot in Redis; the wait before sending.
    fn reserve(&self) -> std::io::Result<Duration> {
        let (interval, tolerance) = self.spacing();
        let micros = |d: Duration| u64::try_from(d.as_micros()).unwrap_or(u64::MAX);
        let wait: i64 = self
            .conn
            .run(|c| redis::Script::new(GCRA).key(&self.key).arg(micros(interval)).arg(micros(tolerance)).invoke(c))?;
        Ok(Duration::from_micros(wait.max(0).unsigned_abs()))
    }
}

impl RateLimiter for RedisRateLimiter {
    fn acquire(&self) {
        let mut down_until = self.down_until.lock().unwrap_or_else(|p| p.into_inner());
        if down_until.is_some_and(|t| Instant::now() < t) {
            drop(down_until);
            return self.fallback.acquire();
        }
        match self.reserve() {
            Ok(wait) => {
                if down_until.take().is_some() {
                    warn(format_args!("rate limiter: Redis at {:?} is back; sharing its budget again", self.conn));
                }
                drop(down_until);
                if !wait.is_zero() {
                    std::thread::sleep(wait);
                }
            }
            Err(e) => {
                if down_until.is_none() {
                    warn(format_args!("rate limiter: {e}; limiting in this process alone until Redis answers"));
                }
                *down_until = Some(Instant::now() + RETRY_REDIS_AFTER);
                drop(down_until);
                self.fallback.acquire();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spacing(l: &RedisRateLimiter) -> (u32, Duration, Duration) {
        let (interval, tolerance) = l.spacing();
        (l.burst, interval, tolerance)
    }

    #[test]
    fn the_spacing_keeps_every_window_within_the_limit() {
        // 1000 a minute: a burst of 16 (one second's worth), spaced 60 s / 985.
        let l = RedisRateLimiter::per_minute("redis://127.0.0.1", 1000).unwrap();
        assert_eq!(spacing(&l), (16, Duration::from_secs(60) / 985, Duration::from_secs(60) / 985 * 15));
        // Short windows: the burst is at most a tenth of the limit.
        let l = RedisRateLimiter::new("redis://127.0.0.1", 10, Duration::from_secs(1)).unwrap();
        assert_eq!(spacing(&l), (1, Duration::from_millis(100), Duration::ZERO));
        let l = l.burst(50);
        assert_eq!(spacing(&l), (10, Duration::from_secs(1), Duration::from_secs(9)), "clamped to the limit");
        let l = RedisRateLimiter::new("redis://127.0.0.1", 0, Duration::ZERO).unwrap();
        assert_eq!(spacing(&l), (1, Duration::from_millis(1), Duration::ZERO));
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
