//! The file cache, sealed with XChaCha20-Poly1305 (feature `encrypted-cache`).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::file::CacheDir;
use super::seal::Sealer;
use super::{CacheLock, CachedToken, TokenCache};
use crate::error::Result;

/// A [`FileTokenCache`](super::FileTokenCache) whose files are encrypted: for hosts where
/// the cache folder is on a shared or backed-up disk, or readable by more than the owner.
///
/// Each token is kept in `<dir>/token-<key>.sealed`, encrypted and authenticated with
/// XChaCha20-Poly1305 under a 256-bit key, with a fresh random 192-bit nonce on every write;
/// the cache key is bound to the file as associated data, so a file copied to another
/// credential set's name does not open either. The file holds no token, client id or secret
/// in clear. A file that was tampered with, or was sealed with another key, is a miss
/// (logged with feature `log`) and is replaced by the next store. The rest (atomic writes,
/// the cross-process lock, symlink refusal, permissions) is as in the plain file cache.
///
/// The key comes from the caller ([`new`](Self::new)) or from `PAX8_TOKEN_CACHE_KEY`
/// ([`from_env`](Self::from_env)), written as 64 hex digits or as 32 bytes in standard
/// base64 (`openssl rand -hex 32`). Every process of a fleet needs the same key; `Debug`
/// never shows it. For the user's cache folder, pass `FileTokenCache::default().dir()`.
///
/// ```no_run
/// # fn main() -> pax8::Result<()> {
/// use pax8::auth::EncryptedFileTokenCache;
/// let client = pax8::Client::builder_from_env()
///     .token_cache(EncryptedFileTokenCache::from_env("/var/cache/pax8")?)
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
#[derive(Clone)]
#[cfg_attr(docsrs, doc(cfg(feature = "encrypted-cache")))]
pub struct EncryptedFileTokenCache {
    files: CacheDir,
    sealer: Sealer,
}

impl fmt::Debug for EncryptedFileTokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncryptedFileTokenCache").field("dir", &self.dir()).field("key", &"<redacted>").finish()
    }
}

impl EncryptedFileTokenCache {
    /// A cache keeping its files in `dir` (created on the first store), sealed with `key`.
    ///
    /// The folder may be shared (owned by another user, writable by a group): the AEAD
    /// protects the entries, so the owner and permission rules of the plain file cache do
    /// not apply; files are created readable by the group (`0640`).
    pub fn new(dir: impl Into<PathBuf>, key: [u8; 32]) -> Self {
        EncryptedFileTokenCache { files: CacheDir::shared(dir.into(), "sealed"), sealer: Sealer::new(key) }
    }

    /// A cache in `dir` with the key in `PAX8_TOKEN_CACHE_KEY` (64 hex digits or standard
    /// base64 of 32 bytes). A missing or malformed key is [`Error::Config`](crate::error::Error::Config) (which never
    /// repeats the value).
    pub fn from_env(dir: impl Into<PathBuf>) -> Result<Self> {
        Ok(EncryptedFileTokenCache { files: CacheDir::shared(dir.into(), "sealed"), sealer: Sealer::from_env()? })
    }

    /// The folder the files are kept in.
    pub fn dir(&self) -> &Path {
        self.files.dir()
    }

    /// The file that holds the token of `key`.
    pub(crate) fn path_for(&self, key: &str) -> PathBuf {
        self.files.path_for(key)
    }
}

impl TokenCache for EncryptedFileTokenCache {
    fn load(&self, key: &str) -> io::Result<Option<CachedToken>> {
        let Some(data) = self.files.read(key)? else { return Ok(None) };
        let token = self.sealer.open(key, &data);
        if token.is_none() {
            super::warn(format_args!(
                "{} does not open with this key (tampered with, or sealed with another key): a miss",
                self.path_for(key).display()
            ));
        }
        Ok(token)
    }

    fn store(&self, key: &str, token: &CachedToken) -> io::Result<()> {
        self.files.write(key, &self.sealer.seal(key, token)?)
    }

    fn remove(&self, key: &str) -> io::Result<()> {
        self.files.remove(key)
    }

    fn lock(&self, key: &str, wait: Duration) -> io::Result<Option<Box<dyn CacheLock>>> {
        self.files.lock(key, wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::OffsetDateTime;

    const KEY: [u8; 32] = *b"0123456789abcdef0123456789abcdef";

    #[test]
    fn every_write_uses_a_fresh_nonce_and_binds_the_cache_key() {
        let cache = EncryptedFileTokenCache::new(std::env::temp_dir(), KEY);
        let t = CachedToken::new("tok", OffsetDateTime::now_utc(), Duration::from_secs(60));
        let (a, b) = (cache.sealer.seal("k", &t).unwrap(), cache.sealer.seal("k", &t).unwrap());
        assert_ne!(a[8..32], b[8..32], "nonces repeat");
        assert_ne!(a, b);
        assert_eq!(cache.sealer.open("k", &a), Some(t.clone()));
        assert_eq!(cache.sealer.open("j", &a), None, "opened under another cache key");
        assert_eq!(cache.sealer.open("k", &a[..20]), None);
        assert!(!format!("{cache:?}").contains("0123456789abcdef"));
    }

    /// Collects what the SDK logs, for the one test in this binary that installs a logger.
    #[cfg(feature = "log")]
    struct Collect(std::sync::Mutex<Vec<String>>);

    #[cfg(feature = "log")]
    impl log::Log for Collect {
        fn enabled(&self, _: &log::Metadata<'_>) -> bool {
            true
        }
        fn log(&self, record: &log::Record<'_>) {
            self.0.lock().unwrap().push(format!("{} {}", record.level(), record.args()));
        }
        fn flush(&self) {}
    }

    #[cfg(unix)]
    #[test]
    fn a_shared_group_writable_folder_is_used() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("pax8-sealed-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2770)).unwrap();
        let cache = EncryptedFileTokenCache::new(&dir, KEY);
        let t = CachedToken::new("tok", OffsetDateTime::now_utc(), Duration::from_secs(60));
        cache.store("k", &t).unwrap();
        assert_eq!(cache.load("k").unwrap(), Some(t));
        assert!(cache.lock("k", Duration::ZERO).unwrap().is_some());
        let mode = std::fs::metadata(cache.path_for("k")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640, "readable by the group sharing the folder");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(feature = "log")]
    #[test]
    fn a_file_that_does_not_open_is_logged_as_a_miss() {
        static LOGS: Collect = Collect(std::sync::Mutex::new(Vec::new()));
        log::set_logger(&LOGS).unwrap();
        log::set_max_level(log::LevelFilter::Warn);
        let dir = std::env::temp_dir().join(format!("pax8-sealed-{}", uuid::Uuid::new_v4()));
        let cache = EncryptedFileTokenCache::new(&dir, KEY);
        let t = CachedToken::new("tok-logged", OffsetDateTime::now_utc(), Duration::from_secs(60));
        cache.store("k", &t).unwrap();
        let wrong = EncryptedFileTokenCache::new(&dir, [9; 32]);
        assert_eq!(wrong.load("k").unwrap(), None);
        let logs = LOGS.0.lock().unwrap().clone();
        let path = cache.path_for("k").display().to_string();
        assert!(
            logs.iter().any(|l| l.starts_with("WARN pax8: ") && l.contains(&path) && l.contains("a miss")),
            "{logs:?}"
        );
        assert!(logs.iter().all(|l| !l.contains("tok-logged")), "{logs:?}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
