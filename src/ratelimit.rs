//! Client-side rate limiting, shared by every clone of a client and every thread.
//!
//! Pax8 allows 1000 successful calls per minute per partner and answers 429 beyond that.
//! The default limiter, [`WindowRateLimiter`], makes the same promise from the client's
//! side: at most `n` calls in any window of one minute, and no wait at all while the window
//! has room, so a job under the budget runs at full speed and a job over it never meets a
//! 429 from its own calls. [`SmoothRateLimiter`] spaces requests evenly instead
//! ([`ClientBuilder::smooth_rate_limit`](crate::ClientBuilder::smooth_rate_limit) puts the
//! pace on top of the window). A fleet of processes on one partner account shares one budget
//! through `RedisRateLimiter` (feature `redis`).

#[cfg(feature = "redis")]
mod redis;

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

#[cfg(feature = "redis")]
pub use redis::RedisRateLimiter;

/// Decides when the next request may go out. Implement it to share a budget across
/// processes or machines; the SDK calls [`acquire`](RateLimiter::acquire) once before every
/// attempt of every API request (token requests are not counted), and
/// [`release`](RateLimiter::release) once after it, when its answer is in or it failed.
pub trait RateLimiter: Send + Sync + fmt::Debug {
    /// Blocks the calling thread until one more request may be sent. Code that calls it
    /// for requests of its own (to count them against the same budget) calls
    /// [`release`](RateLimiter::release) after each, as the SDK does: a
    /// [`WindowRateLimiter`] holds the slot of a request until then.
    fn acquire(&self);

    /// Hands back the slot of one request that [`acquire`](RateLimiter::acquire) let
    /// through, once its answer is in (or it failed). `counted` says whether the server may
    /// have counted it against the budget: false for a 429 (refused, not counted) and for a
    /// request that never reached the server (no connection), true otherwise. Releases are
    /// not matched to acquires: a limiter that needs to know which request ended treats
    /// its requests in flight as interchangeable. The default does nothing (for limiters
    /// that only space requests out).
    fn release(&self, counted: bool) {
        let _ = counted;
    }
}

/// The default limiter: at most `limit` requests in any sliding `window` (1000 a minute by
/// default, Pax8's budget), with no wait while the window has room.
///
/// **What it promises.** Pax8 counts a call at some moment between when it leaves the
/// client and when its answer arrives, and nobody outside Pax8 knows exactly when. So a
/// request holds its slot from the moment it is let through until `window + margin` after
/// its answer arrived. Then whatever moment the server counts each call at, no window of
/// the server's holds more than `limit` of them, with any number of threads and requests in
/// flight at once: of any `limit + 1` calls the server counted within one window, the one
/// let through last would have seen the other `limit` still holding their slots.
///
/// **The margin** (1 s a minute by default, a sixtieth of the window) is for what the
/// client cannot see: the server's clock may run slightly faster than this machine's
/// (drift of a few ms a minute), the server may stamp calls to the second, and it may count a
/// call a little after it answered it. It costs about 1.6 % of the budget, and only to jobs
/// that use all of it.
///
/// **What is counted**: every request answered with anything but a 429, and every request
/// that failed after it was sent (a timeout may still have been counted); not a 429, and not
/// a request that never reached the server. Pax8 counts successful calls, so counting errors
/// too is on the safe side. Waiting threads wake when a slot frees: when the oldest held
/// slot expires, or when a request in flight ends without being counted.
///
/// ```
/// use std::sync::Arc;
/// use pax8::ratelimit::WindowRateLimiter;
/// let limiter = WindowRateLimiter::per_minute(800); // leave 200 a minute to other tools
/// let client = pax8::Client::builder().access_token("t").rate_limiter(Arc::new(limiter)).build();
/// # let _ = client;
/// ```
pub struct WindowRateLimiter {
    limit: u32,
    window: Duration,
    margin: Duration,
    /// An even pace on top of the window, when asked for.
    pace: Option<SmoothRateLimiter>,
    state: Mutex<Held>,
    /// Signalled whenever a slot changes (a request ends).
    changed: Condvar,
}

/// The slots held: requests in flight, and the answer times of the counted ones that may
/// still be within a window of the server's, oldest first.
#[derive(Debug, Default)]
struct Held {
    in_flight: u32,
    answered: VecDeque<Instant>,
}

impl fmt::Debug for WindowRateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WindowRateLimiter")
            .field("limit", &self.limit)
            .field("window", &self.window)
            .field("margin", &self.margin)
            .field("smooth", &self.pace.is_some())
            .finish()
    }
}

impl WindowRateLimiter {
    /// At most `n` requests in any minute (0 is treated as 1), with a margin of 1 s.
    pub fn per_minute(n: u32) -> Self {
        Self::new(n, Duration::from_secs(60))
    }

    /// At most `limit` requests (at least 1) in any `window` (at least 1 ms), with a margin
    /// of a sixtieth of the window (1 s a minute).
    pub fn new(limit: u32, window: Duration) -> Self {
        let window = window.max(Duration::from_millis(1));
        WindowRateLimiter {
            limit: limit.max(1),
            window,
            margin: window / 60,
            pace: None,
            state: Mutex::new(Held::default()),
            changed: Condvar::new(),
        }
    }

    /// How long after its answer a request still holds its slot, beyond the window (default
    /// a sixtieth of the window: 1 s a minute). Zero trusts the server's clock and its
    /// moment of counting to match this machine's exactly.
    pub fn margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// Also spaces requests evenly, `window / limit` apart after a burst of one second's
    /// worth (at least 1), for those who prefer an even pace to full speed; the window's
    /// promise holds as well.
    pub fn smooth(mut self) -> Self {
        let per_second = u128::from(self.limit) * 1000 / self.window.as_millis().max(1);
        let burst = u32::try_from(per_second).unwrap_or(u32::MAX).clamp(1, self.limit);
        self.pace = Some(SmoothRateLimiter::with_interval(self.window / self.limit, burst));
        self
    }

    /// How many requests any window holds at most.
    pub fn limit(&self) -> u32 {
        self.limit
    }

    fn held(&self) -> MutexGuard<'_, Held> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes a slot if one is free at `now`; otherwise says how long until the oldest held
    /// slot expires (`None`: every slot is held by a request in flight, wait for a release).
    fn take_at(&self, held: &mut Held, now: Instant) -> Result<(), Option<Duration>> {
        let hold = self.window + self.margin;
        while held.answered.front().is_some_and(|&t| t + hold <= now) {
            held.answered.pop_front();
        }
        if u64::from(held.in_flight) + held.answered.len() as u64 >= u64::from(self.limit) {
            return Err(held.answered.front().map(|&t| t + hold - now));
        }
        held.in_flight += 1;
        Ok(())
    }

    /// Books the even pace's next slot at `now` (with [`smooth`](Self::smooth)) and returns
    /// the wait before the window is asked; zero without a pace.
    pub(crate) fn pace_at(&self, now: Instant) -> Duration {
        self.pace.as_ref().map_or(Duration::ZERO, |p| p.reserve_at(now))
    }

    /// Takes a slot at `now` if one is free ([`acquire`](RateLimiter::acquire) without the
    /// waiting; tests drive it with a synthetic clock).
    #[cfg(test)]
    pub(crate) fn try_acquire_at(&self, now: Instant) -> Result<(), Option<Duration>> {
        self.take_at(&mut self.held(), now)
    }

    /// [`release`](RateLimiter::release) of a request answered at `now`.
    pub(crate) fn release_at(&self, now: Instant, counted: bool) {
        let mut held = self.held();
        held.in_flight = held.in_flight.saturating_sub(1);
        if counted {
            // Times come in order under the lock (a synthetic clock in tests may not).
            let at = held.answered.back().map_or(now, |&last| last.max(now));
            held.answered.push_back(at);
        }
        drop(held);
        self.changed.notify_all();
    }
}

impl RateLimiter for WindowRateLimiter {
    fn acquire(&self) {
        let pace = self.pace_at(Instant::now());
        if !pace.is_zero() {
            std::thread::sleep(pace);
        }
        let mut held = self.held();
        loop {
            held = match self.take_at(&mut held, Instant::now()) {
                Ok(()) => return,
                Err(Some(wait)) => self.changed.wait_timeout(held, wait).unwrap_or_else(|p| p.into_inner()).0,
                Err(None) => self.changed.wait(held).unwrap_or_else(|p| p.into_inner()),
            };
        }
    }

    fn release(&self, counted: bool) {
        self.release_at(Instant::now(), counted);
    }
}

/// A smooth limiter (GCRA, the "virtual scheduling" form of a token bucket): an even pace,
/// for those who prefer one to full speed.
///
/// With `per_minute` = n, requests are spaced `60 s / n` apart, and up to `burst` may go out
/// back to back after an idle period. Threads that wait are served in the order they asked.
/// It paces requests as they leave and knows nothing of when they are answered, so on its
/// own it may let more than `n` be counted in some minute (a burst on top of a full minute
/// at the steady rate, or answers that take longer than others); the client's
/// [`smooth_rate_limit`](crate::ClientBuilder::smooth_rate_limit) setting puts this pace on
/// top of a [`WindowRateLimiter`] instead, which keeps the promise.
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
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    const MINUTE: Duration = Duration::from_secs(60);

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn a_slot_is_held_from_acquire_until_a_window_and_margin_after_the_answer() {
        let l = WindowRateLimiter::per_minute(2);
        let t0 = Instant::now();
        assert_eq!(l.try_acquire_at(t0), Ok(()));
        assert_eq!(l.try_acquire_at(t0), Ok(()));
        assert_eq!(l.try_acquire_at(t0), Err(None), "both in flight: wait for a release");
        l.release_at(t0 + secs(5), true);
        assert_eq!(l.try_acquire_at(t0 + secs(6)), Err(Some(secs(60))), "5 s + 60 s + 1 s margin - 6 s");
        l.release_at(t0 + secs(10), true);
        assert_eq!(l.try_acquire_at(t0 + secs(65)), Err(Some(secs(1))));
        assert_eq!(l.try_acquire_at(t0 + secs(66)), Ok(()), "the first answer's slot has expired");
        assert_eq!(l.try_acquire_at(t0 + secs(70)), Err(Some(secs(1))));
        assert_eq!(l.try_acquire_at(t0 + secs(71)), Ok(()));
        assert_eq!(l.try_acquire_at(t0 + secs(71)), Err(None), "both in flight again");
    }

    #[test]
    fn a_429_or_an_unsent_request_frees_its_slot_at_once() {
        let l = WindowRateLimiter::new(1, secs(10)).margin(Duration::ZERO);
        let t0 = Instant::now();
        assert_eq!(l.try_acquire_at(t0), Ok(()));
        l.release_at(t0 + secs(1), false);
        assert_eq!(l.try_acquire_at(t0 + secs(1)), Ok(()));
        l.release_at(t0 + secs(2), true);
        assert_eq!(l.try_acquire_at(t0 + secs(11)), Err(Some(secs(1))), "no margin: 2 s + 10 s");
        assert_eq!(l.try_acquire_at(t0 + secs(12)), Ok(()));
    }

    #[test]
    fn defaults_and_debug() {
        let l = WindowRateLimiter::per_minute(0);
        assert_eq!(l.limit(), 1);
        assert_eq!(
            format!("{:?}", WindowRateLimiter::new(10, secs(6)).smooth()),
            "WindowRateLimiter { limit: 10, window: 6s, margin: 100ms, smooth: true }"
        );
        let l = WindowRateLimiter::per_minute(120).smooth();
        let t0 = Instant::now();
        let paces: Vec<u128> = (0..4).map(|_| l.pace_at(t0).as_millis()).collect();
        assert_eq!(paces, [0, 0, 500, 1000], "a burst of 2, then 500 ms apart");
    }

    #[test]
    fn a_release_wakes_a_waiting_thread() {
        let l = std::sync::Arc::new(WindowRateLimiter::per_minute(1));
        l.acquire();
        let waiter = {
            let l = l.clone();
            std::thread::spawn(move || l.acquire())
        };
        // The waiter cannot get through until the request in flight ends uncounted.
        while l.state.lock().unwrap().in_flight == 1 && !waiter.is_finished() {
            l.release(false);
            std::thread::yield_now();
        }
        waiter.join().unwrap();
        assert_eq!(l.state.lock().unwrap().in_flight, 1, "the waiter holds the one slot");
    }

    /// One call of a simulated job.
    #[derive(Debug, Clone, Copy)]
    struct Call {
        /// When the job asked for it, when the limiter let it through, when the server
        /// counted it and when its answer arrived (offsets from the start).
        asked: Duration,
        sent: Duration,
        counted: Duration,
    }

    /// A deterministic pseudo-random sequence (an LCG), so that the simulated latencies are
    /// varied but the same in every run.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, below: u64) -> u64 {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % below
        }
    }

    /// Simulates `workers` threads (prefetching workers) making `calls` calls back to back
    /// through `l`, on a synthetic clock. `latency(i)` is how long call `i` takes; the server
    /// counts it `counted_at(i)` thousandths into that time (anywhere from sending to
    /// answering). Returns the calls in the order they were made.
    fn simulate(
        l: &WindowRateLimiter,
        workers: usize,
        calls: usize,
        mut latency: impl FnMut(usize) -> Duration,
        mut counted_at: impl FnMut(usize) -> u32,
    ) -> Vec<Call> {
        #[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
        enum Event {
            /// A worker asks the limiter (after its pace, if any, for call `asked`).
            Ask { worker: usize, asked: Duration, paced: bool },
            /// A worker's call is answered.
            Answer { worker: usize },
        }
        let t0 = Instant::now();
        let mut events = BinaryHeap::new();
        let mut seq = 0u64;
        let mut push = |events: &mut BinaryHeap<_>, at: Duration, e: Event| {
            seq += 1;
            events.push(Reverse((at, seq, e)));
        };
        let mut asked = workers.min(calls);
        for worker in 0..asked {
            push(&mut events, Duration::ZERO, Event::Ask { worker, asked: Duration::ZERO, paced: false });
        }
        let (mut started, mut done) = (0, Vec::new());
        let mut parked = Vec::new();
        while let Some(Reverse((now, _, event))) = events.pop() {
            match event {
                Event::Ask { worker, asked, paced: false } => {
                    let wait = l.pace_at(t0 + now);
                    push(&mut events, now + wait, Event::Ask { worker, asked, paced: true });
                }
                Event::Ask { worker, asked, paced: true } => match l.try_acquire_at(t0 + now) {
                    Ok(()) => {
                        let i = started;
                        started += 1;
                        let took = latency(i);
                        let counted = now + took * counted_at(i) / 1000;
                        done.push(Call { asked, sent: now, counted });
                        push(&mut events, now + took, Event::Answer { worker });
                    }
                    Err(Some(wait)) => push(&mut events, now + wait, Event::Ask { worker, asked, paced: true }),
                    Err(None) => parked.push((worker, asked)),
                },
                Event::Answer { worker } => {
                    l.release_at(t0 + now, true);
                    for (w, asked) in parked.drain(..) {
                        push(&mut events, now, Event::Ask { worker: w, asked, paced: true });
                    }
                    if asked < calls {
                        // The worker's next call, asked at once.
                        asked += 1;
                        push(&mut events, now, Event::Ask { worker, asked: now, paced: false });
                    }
                }
            }
        }
        assert_eq!(done.len(), calls, "every call made");
        done
    }

    /// The most calls the server counted within any window of `window` (a sliding window:
    /// the calls counted at or before each count, and less than `window` before it).
    fn most_in_any_window(calls: &[Call], window: Duration) -> usize {
        let mut at: Vec<Duration> = calls.iter().map(|c| c.counted).collect();
        at.sort();
        (0..at.len()).map(|j| at[..=j].iter().filter(|&&t| t + window > at[j]).count()).max().unwrap_or(0)
    }

    #[test]
    fn a_job_under_the_budget_is_never_delayed() {
        // 1000 calls at 20 ms with 8 prefetching workers: the whole budget of a minute, in
        // a quarter of a second.
        let l = WindowRateLimiter::per_minute(1000);
        let calls = simulate(&l, 8, 1000, |_| Duration::from_millis(20), |_| 500);
        assert!(calls.iter().all(|c| c.sent == c.asked), "no call waited");
        // A long job at 960 calls a minute (8 workers, 500 ms a call) for 4 minutes.
        let l = WindowRateLimiter::per_minute(1000);
        let calls = simulate(&l, 8, 3840, |_| Duration::from_millis(500), |_| 1000);
        assert!(calls.iter().all(|c| c.sent == c.asked), "no call waited");
        assert_eq!(calls.last().unwrap().sent, Duration::from_millis(500) * 479);
    }

    #[test]
    fn a_job_over_the_budget_never_has_more_than_the_limit_in_any_window() {
        // 120 a minute; 8 prefetching workers making 600 calls (five minutes' worth); calls
        // take 5 ms to 3 s and the server counts each anywhere between sending and answering.
        for (seed, workers) in [(1, 8), (2, 8), (3, 16), (4, 64)] {
            let l = WindowRateLimiter::per_minute(120);
            let mut rng = Lcg(seed);
            let latencies: Vec<Duration> = (0..600).map(|_| Duration::from_millis(5 + rng.next(3000))).collect();
            let points: Vec<u32> = (0..600).map(|_| rng.next(1001) as u32).collect();
            let calls = simulate(&l, workers, 600, |i| latencies[i], |i| points[i]);
            assert_eq!(most_in_any_window(&calls, MINUTE), 120, "seed {seed}: the budget is used, never exceeded");
            assert!(calls.iter().any(|c| c.sent > c.asked), "seed {seed}: the limiter made calls wait");
            // Not stuck: 600 calls at 120 a minute need 4 minutes after the first 120, each
            // slot held a latency (up to 3 s) and a margin (1 s) longer.
            let last = calls.iter().map(|c| c.sent).max().unwrap();
            assert!(last < secs(5 * 64), "seed {seed}: the last call left at {last:?}");
        }
        // The same with the even pace on top.
        let l = WindowRateLimiter::per_minute(120).smooth();
        let mut rng = Lcg(9);
        let calls = simulate(&l, 8, 400, |_| Duration::from_millis(5 + rng.next(3000)), |_| 0);
        assert!(most_in_any_window(&calls, MINUTE) <= 120);
        let early = calls.iter().filter(|c| c.sent < secs(10)).count();
        assert!(early <= 22, "paced: a burst of 2, then one call each 500 ms ({early})");
    }

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
