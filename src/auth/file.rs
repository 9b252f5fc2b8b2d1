//! The default token cache: one JSON file per credential set.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::{CachedToken, TokenCache};

/// Keeps each token in `<dir>/token-<key>.json`, where `<key>` is a hash of the token URL,
/// audience and client id (the file name does not reveal the client id).
///
/// Files are written atomically (a temporary file in the same folder, then a rename), with
/// permissions `0600` in a folder created `0700` on Unix. A corrupt, foreign or unreadable
/// file reads as a miss and is replaced by the next store. Another process with the same
/// credentials and folder reuses the token instead of requesting one.
#[derive(Debug, Clone)]
pub struct FileTokenCache {
    dir: PathBuf,
}

/// What a cache file holds: the key it was written for, and the token.
#[derive(Serialize, Deserialize)]
struct Entry {
    key: String,
    #[serde(flatten)]
    token: CachedToken,
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl FileTokenCache {
    /// A cache keeping its files in `dir` (created on the first store).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        FileTokenCache { dir: dir.into() }
    }

    /// The folder the files are kept in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file that holds the token of `key`.
    pub fn path_for(&self, key: &str) -> PathBuf {
        self.dir.join(format!("token-{key}.json"))
    }

    fn create_dir(&self) -> io::Result<()> {
        let mut b = fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        b.create(&self.dir)
    }
}

impl Default for FileTokenCache {
    /// The user's cache folder (`~/.cache/pax8-rs` on Linux, `~/Library/Caches/com.pax8.pax8-rs`
    /// on macOS, `%LOCALAPPDATA%\pax8\pax8-rs\cache` on Windows), or `pax8-rs` in the
    /// system temporary folder when the user has no home.
    fn default() -> Self {
        let dir = directories::ProjectDirs::from("com", "pax8", "pax8-rs")
            .map(|d| d.cache_dir().to_path_buf())
            .unwrap_or_else(|| std::env::temp_dir().join("pax8-rs"));
        FileTokenCache::new(dir)
    }
}

impl TokenCache for FileTokenCache {
    fn load(&self, key: &str) -> io::Result<Option<CachedToken>> {
        let text = match fs::read_to_string(self.path_for(key)) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        // A corrupt file, or one written for other credentials, is a miss.
        Ok(serde_json::from_str::<Entry>(&text)
            .ok()
            .filter(|e| e.key == key && !e.token.access_token.is_empty())
            .map(|e| e.token))
    }

    fn store(&self, key: &str, token: &CachedToken) -> io::Result<()> {
        self.create_dir()?;
        let entry = Entry { key: key.to_owned(), token: token.clone() };
        let data = serde_json::to_vec(&entry).map_err(io::Error::other)?;
        let tmp = self.dir.join(format!(
            ".token-{key}.{}.{}.tmp",
            std::process::id(),
            TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let mut opts = fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        let written = opts.open(&tmp).and_then(|mut f| {
            f.write_all(&data)?;
            f.sync_all()
        });
        let renamed = written.and_then(|()| fs::rename(&tmp, self.path_for(key)));
        if renamed.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        renamed
    }

    fn remove(&self, key: &str) -> io::Result<()> {
        match fs::remove_file(self.path_for(key)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use time::OffsetDateTime;

    fn temp_dir() -> PathBuf {
        std::env::temp_dir().join(format!("pax8-file-cache-{}", uuid::Uuid::new_v4()))
    }

    #[test]
    fn stores_loads_and_removes() {
        let cache = FileTokenCache::new(temp_dir());
        let t = CachedToken::new("tok", OffsetDateTime::now_utc(), Duration::from_secs(60));
        assert_eq!(cache.load("k").unwrap(), None);
        cache.store("k", &t).unwrap();
        assert_eq!(cache.load("k").unwrap(), Some(t));
        assert_eq!(cache.load("other").unwrap(), None);
        cache.remove("k").unwrap();
        cache.remove("k").unwrap();
        assert_eq!(cache.load("k").unwrap(), None);
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(cache.dir()).unwrap().count(), 0);
        fs::remove_dir_all(cache.dir()).unwrap();
    }

    #[test]
    fn corrupt_and_foreign_files_are_misses() {
        let cache = FileTokenCache::new(temp_dir());
        let t = CachedToken::new("tok", OffsetDateTime::now_utc(), Duration::from_secs(60));
        cache.store("k", &t).unwrap();
        fs::copy(cache.path_for("k"), cache.path_for("j")).unwrap();
        assert_eq!(cache.load("j").unwrap(), None, "a file written for another key");
        fs::write(cache.path_for("k"), b"\0garbage").unwrap();
        assert_eq!(cache.load("k").unwrap(), None);
        cache.store("k", &t).unwrap();
        assert_eq!(cache.load("k").unwrap(), Some(t));
        fs::remove_dir_all(cache.dir()).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn files_are_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let cache = FileTokenCache::new(temp_dir());
        let t = CachedToken::new("tok", OffsetDateTime::now_utc(), Duration::from_secs(60));
        cache.store("k", &t).unwrap();
        let mode = fs::metadata(cache.path_for("k")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let dir_mode = fs::metadata(cache.dir()).unwrap().permissions().mode();
        assert_eq!(dir_mode & 0o777, 0o700);
        fs::remove_dir_all(cache.dir()).unwrap();
    }
}
