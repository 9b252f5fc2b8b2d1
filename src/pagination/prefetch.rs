//! Parallel page prefetch behind `.prefetch(n)`: worker threads fetch the pages after the
//! first while the caller reads, and hand them back in order.
//!
//! The first page is fetched by the caller's thread, exactly as without prefetch; it tells
//! the number of pages. Then up to `n` workers (std threads) claim the following page
//! numbers in order, but never one at or beyond `want + n`, where `want` is the next page
//! the caller will take: so at most `n` pages are in flight or waiting, besides the one the
//! caller holds. Each worker sends through the client's one executor, so the client's rate
//! limiter and retry policy apply to every request. The caller's thread decodes each answer
//! when it takes it, so a page that fails (after its retries) or does not decode surfaces
//! in order, as the same error a sequential iteration gives (with
//! [`failed_page`](crate::Error::failed_page)). The first failure stops the workers from
//! claiming more pages. Dropping the iterator tells the workers to stop and joins them:
//! when the drop returns, no worker is left to start a request (requests already on the
//! wire are waited for).

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};

use super::{Envelope, ListSpec};
use crate::error::Result;
use crate::http::Response;

/// The most worker threads one iteration starts; a larger `prefetch(n)` is capped to it.
pub const MAX_PREFETCH: usize = 64;

/// What a worker brings back for one page: the answer, or the panic of a user callback
/// (the rate limiter or `on_attempt`) to be resumed on the caller's thread.
type Fetched = thread::Result<Result<Response>>;

/// The running prefetch of one iteration; dropping it stops and joins the workers.
pub(crate) struct Prefetch {
    shared: Arc<Shared>,
    workers: Vec<JoinHandle<()>>,
}

struct Shared {
    spec: ListSpec,
    size: u32,
    depth: u32,
    window: Mutex<Window>,
    /// Workers wait here for a page they may claim: signalled when the window moves, the
    /// total grows, or the iteration stops.
    claimable: Condvar,
    /// The caller waits here for its next page: signalled when a page arrives.
    arrived: Condvar,
}

struct Window {
    /// The next page number a worker may claim.
    next: u32,
    /// Pages below this number exist (the total announced so far).
    end: u32,
    /// The next page the caller will take.
    want: u32,
    /// Pages fetched and not yet taken, by number.
    ready: BTreeMap<u32, Fetched>,
    /// Set when a page failed or the caller is gone: no page is claimed any more.
    stop: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Window> {
        self.window.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Claims the next page to fetch, waiting until the window allows one; `None` when the
    /// iteration stopped.
    fn claim(&self) -> Option<u32> {
        let mut w = self.lock();
        loop {
            if w.stop {
                return None;
            }
            if w.next < w.end && w.next < w.want.saturating_add(self.depth) {
                w.next += 1;
                return Some(w.next - 1);
            }
            w = self.claimable.wait(w).unwrap_or_else(|p| p.into_inner());
        }
    }

    fn work(&self) {
        while let Some(page) = self.claim() {
            let fetched =
                panic::catch_unwind(AssertUnwindSafe(|| self.spec.fetch_response(Some(page), Some(self.size))));
            let failed = !matches!(fetched, Ok(Ok(_)));
            let mut w = self.lock();
            w.ready.insert(page, fetched);
            w.stop |= failed;
            drop(w);
            self.arrived.notify_one();
            if failed {
                self.claimable.notify_all();
            }
        }
    }
}

impl Prefetch {
    /// Starts up to `spec.prefetch` workers on the pages from `next` on, `total` being the
    /// number of pages the first one announced; `None` when prefetch is off (0 or 1) or no
    /// thread could be started (the iteration then goes on sequentially).
    pub(super) fn start(spec: &ListSpec, size: u32, next: u32, total: u32) -> Option<Prefetch> {
        let depth = spec.prefetch.min(MAX_PREFETCH);
        if depth < 2 {
            return None;
        }
        let end = total.max(next.saturating_add(1));
        let shared = Arc::new(Shared {
            spec: spec.clone(),
            size,
            depth: depth as u32,
            window: Mutex::new(Window { next, end, want: next, ready: BTreeMap::new(), stop: false }),
            claimable: Condvar::new(),
            arrived: Condvar::new(),
        });
        let mut prefetch = Prefetch { shared, workers: Vec::new() };
        for _ in 0..depth.min((end - next) as usize) {
            let shared = Arc::clone(&prefetch.shared);
            match thread::Builder::new().name("pax8-prefetch".into()).spawn(move || shared.work()) {
                Ok(handle) => prefetch.workers.push(handle),
                Err(_) => break,
            }
        }
        (!prefetch.workers.is_empty()).then_some(prefetch)
    }

    /// Raises the number of pages when a later page announces more than the first did.
    pub(super) fn extend(&self, total: u32) {
        let mut w = self.shared.lock();
        if total > w.end {
            w.end = total;
            drop(w);
            self.shared.claimable.notify_all();
        }
    }

    /// The next page in order, decoded on this thread, with its number; `None` after the
    /// last announced page. Resumes a worker's panic here.
    pub(super) fn next<E: Envelope>(&mut self) -> Option<(u32, Result<E>)> {
        let mut w = self.shared.lock();
        let (page, fetched) = loop {
            let want = w.want;
            if let Some(fetched) = w.ready.remove(&want) {
                w.want += 1;
                break (want, fetched);
            }
            // Every page below `next` was claimed and will arrive; past `end` there is none.
            if want >= w.end || (w.stop && want >= w.next) {
                return None;
            }
            w = self.shared.arrived.wait(w).unwrap_or_else(|p| p.into_inner());
        };
        drop(w);
        // The window moved by one page: one more may be claimed.
        self.shared.claimable.notify_one();
        match fetched {
            Ok(answer) => Some((page, answer.and_then(|r| ListSpec::decode(&r)))),
            Err(panic) => panic::resume_unwind(panic),
        }
    }

    /// The next page the caller will take.
    pub(super) fn position(&self) -> u32 {
        self.shared.lock().want
    }
}

impl Drop for Prefetch {
    fn drop(&mut self) {
        self.shared.lock().stop = true;
        self.shared.claimable.notify_all();
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}
