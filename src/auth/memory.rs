//! An in-process token cache.

use std::collections::HashMap;
use std::io;
use std::sync::{Arc, Mutex};

use super::{CachedToken, TokenCache};

/// Keeps tokens in memory only. Clones share one store, so several clients in one process
/// can share a token without touching the disk; nothing survives the process.
#[derive(Debug, Clone, Default)]
pub struct MemoryTokenCache {
    tokens: Arc<Mutex<HashMap<String, CachedToken>>>,
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
}
