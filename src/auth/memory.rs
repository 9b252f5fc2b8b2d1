//! An in-process token cache.

use std::collections::{HashMap, HashSet};
use std::io;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use super::{CacheLock, CachedToken, TokenCache};

/// Keeps tokens in memory only. Clones share one store, so several clients in one process
/// can share a token without touching the disk; nothing survives the process.
///
/// Clones share one lock per credential set too ([`TokenCache::lock`]): clients built on
/// clones of one cache that miss at the same moment send one token request between them.
#[derive(Debug, Clone, Default)]
pub struct MemoryTokenCache {
    tokens: Arc<Mutex<HashMap<String, CachedToken>>>,
    locks: Arc<Locks>,
}

/// The keys whose lock is held, and a condition variable to wait for a release.
#[derive(Debug, Default)]
struct Locks {
    held: Mutex<HashSet<String>>,
    released: Condvar,
}

impl MemoryTokenCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, CachedToken>> {
        self.tokens.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl TokenCache for MemoryTokenCache {
    fn load(&self, key: &str) -> io::Result<Option<CachedToken>> {
        Ok(self.map().get(key).cloned())
    }

    fn store(&self, key: &str, token: &CachedToken) -> io::Result<()> {
        self.map().insert(key.to_owned(), token.clone());
        Ok(())
    }

    fn remove(&self, key: &str) -> io::Result<()> {
        self.map().remove(key);
        Ok(())
    }

    fn lock(&self, key: &str, wait: Duration) -> io::Result<Option<Box<dyn CacheLock>>> {
        let deadline = Instant::now().checked_add(wait);
        let mut held = self.locks.held.lock().unwrap_or_else(|p| p.into_inner());
        while held.contains(key) {
            let left = deadline.map_or(Duration::MAX, |d| d.saturating_duration_since(Instant::now()));
            if left.is_zero() {
                return Ok(None);
            }
            held = self.locks.released.wait_timeout(held, left).unwrap_or_else(|p| p.into_inner()).0;
        }
        held.insert(key.to_owned());
        Ok(Some(Box::new(MemoryLock { locks: self.locks.clone(), key: key.to_owned() })))
    }
}

/// A held lock of a [`MemoryTokenCache`]: released (and the waiters woken) when dropped.
struct MemoryLock {
    locks: Arc<Locks>,
    key: String,
}

impl CacheLock for MemoryLock {}

impl Drop for MemoryLock {
    fn drop(&mut self) {
        self.locks.held.lock().unwrap_or_else(|p| p.into_inner()).remove(&self.key);
        self.locks.released.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_one_lock_per_key() {
        let a = MemoryTokenCache::new();
        let b = a.clone();
        let held = a.lock("k", Duration::ZERO).unwrap();
        assert!(held.is_some());
        assert!(b.lock("k", Duration::from_millis(20)).unwrap().is_none(), "held by the clone");
        assert!(b.lock("other", Duration::ZERO).unwrap().is_some(), "one lock per key");
        drop(held);
        assert!(b.lock("k", Duration::ZERO).unwrap().is_some(), "released on drop");
    }
}
