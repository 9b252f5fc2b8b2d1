//! Client-side rate limiting, shared by every clone of a client and every thread.
//!
//! Pax8 allows 1000 successful calls per minute per partner and answers 429 beyond that.
//! The default limiter spaces requests evenly at that rate (with a burst of one second's
//! worth), so a nightly job rarely sees a 429 at all. A fleet of processes on one partner
//! account shares one budget through `RedisRateLimiter` (feature `redis`).

#[cfg(feature = "redis")]
mod redis;

use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[cfg(feature = "redis")]
pub use redis::RedisRateLimiter;

/// Decides when the next request may go out. Implement it to share a budget across
/// processes or machines; the SDK calls [`acquire`](RateLimiter::acquire) once before every
/// attempt of every API request (token requests are not counted).
pub trait RateLimiter: Send + Sync + fmt::Debug {
    /// Blocks the calling thread until one more request may be sent.
    fn acquire(&self);
}

/// A smooth limiter (GCRA, the "virtual scheduling" form of a token bucket).
///
/// With `per_minute` = n, requests are spaced `60 s / n` apart, and up to `burst` may go out
/// back to back after an idle period. Threads that wait are served in the order they asked.
pub struct SmoothRateLimiter {
    interval: Duration,
    burst: u32,
    /// The theoretical arrival time of the next request, once any was made.
    tat: Mutex<Option<Instant>>,
}

impl fmt::Debug for SmoothRateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmoothRateLimiter").field("interval", &self.interval).field("burst", &self.burst).finish()
    }
}

impl SmoothRateLimiter {
    /// `n` requests per minute, with a burst of one second's worth (at least 1).
    ///
    /// # Panics
    /// Never; `n` = 0 is treated as 1.
    pub fn per_minute(n: u32) -> Self {
        Self::with_burst(n, (n / 60).max(1))
    }

    /// `n` requests per minute with an explicit `burst` (at least 1).
    pub fn with_burst(n: u32, burst: u32) -> Self {
        Self::with_interval(Duration::from_secs(60) / n.max(1), burst)
    }

    /// Requests spaced `interval` apart, with a `burst` (at least 1).
    pub fn with_interval(interval: Duration, burst: u32) -> Self {
        SmoothRateLimiter { interval, burst: burst.max(1), tat: Mutex::new(None) }
    }

    /// The spacing between requests at the steady rate.
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// Books the next slot as if the time were `now`, and returns how long the caller must
    /// wait before sending. [`acquire`](RateLimiter::acquire) is `reserve_at(Instant::now())`
    /// followed by a sleep; tests drive this with a synthetic clock.
    pub(crate) fn reserve_at(&self, now: Instant) -> Duration {
        let mut tat = self.tat.lock().unwrap_or_else(|p| p.into_inner());
        let current = tat.map_or(now, |t| t.max(now));
        let tolerance = self.interval * (self.burst - 1);
        let earliest = current.checked_sub(tolerance).unwrap_or(now).max(now);
        *tat = Some(current + self.interval);
        earliest - now
    }
}

impl RateLimiter for SmoothRateLimiter {
    fn acquire(&self) {
        let wait = self.reserve_at(Instant::now());
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Books `n` requests that all arrive at `start` and returns their send times.
    fn schedule(l: &SmoothRateLimiter, start: Instant, n: usize) -> Vec<Duration> {
        (0..n).map(|_| l.reserve_at(start)).collect()
    }

    #[test]
    fn burst_then_steady_rate() {
        let l = SmoothRateLimiter::per_minute(120);
        let t0 = Instant::now();
        let times = schedule(&l, t0, 6);
        let ms: Vec<u128> = times.iter().map(|d| d.as_millis()).collect();
        assert_eq!(ms, vec![0, 0, 500, 1000, 1500, 2000]);
    }

    #[test]
    fn any_one_second_window_holds_at_most_the_rate_after_the_burst() {
        // 400 requests (8 threads x 50) all asking at once against 120/min.
        let l = SmoothRateLimiter::per_minute(120);
        let t0 = Instant::now();
        let times = schedule(&l, t0, 400);
        assert_eq!(times.iter().filter(|t| t.is_zero()).count(), 2, "the burst allowance");
        for (i, start) in times.iter().enumerate().skip(2) {
            let in_window = times[i..].iter().filter(|t| **t < *start + Duration::from_secs(1)).count();
            assert!(in_window <= 2, "{in_window} requests in the window starting at {start:?}");
        }
    }

    #[test]
    fn idle_time_refills_the_burst_but_no_more() {
        let l = SmoothRateLimiter::with_burst(60, 3);
        let t0 = Instant::now();
        assert_eq!(schedule(&l, t0, 3), vec![Duration::ZERO; 3]);
        assert_eq!(l.reserve_at(t0), Duration::from_secs(1));
        // After a long pause, only `burst` go through at once again.
        let later = t0 + Duration::from_secs(100);
        assert_eq!(schedule(&l, later, 3), vec![Duration::ZERO; 3]);
        assert_eq!(l.reserve_at(later), Duration::from_secs(1));
    }

    #[test]
    fn callers_waiting_are_served_in_order() {
        let l = SmoothRateLimiter::with_burst(60, 1);
        let t0 = Instant::now();
        assert_eq!(l.reserve_at(t0), Duration::ZERO);
        assert_eq!(l.reserve_at(t0), Duration::from_secs(1));
        assert_eq!(l.reserve_at(t0 + Duration::from_millis(500)), Duration::from_millis(1500));
    }
}
