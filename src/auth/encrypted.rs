//! The file cache, sealed with XChaCha20-Poly1305 (feature `encrypted-cache`).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chacha20poly1305::aead::{Aead, Generate, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};

use super::file::CacheDir;
use super::{CacheLock, CachedToken, TokenCache};
use crate::error::{Error, Result};

/// The environment variable [`EncryptedFileTokenCache::from_env`] reads the key from.
const KEY_VAR: &str = "PAX8_TOKEN_CACHE_KEY";

/// What every sealed file starts with: the format and its version.
const MAGIC: &[u8; 8] = b"pax8tc\x01\x00";
const NONCE_LEN: usize = 24;

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
    cipher: XChaCha20Poly1305,
}

impl fmt::Debug for EncryptedFileTokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncryptedFileTokenCache").field("dir", &self.dir()).field("key", &"<redacted>").finish()
    }
}

impl EncryptedFileTokenCache {
    /// A cache keeping its files in `dir` (created on the first store), sealed with `key`.
    pub fn new(dir: impl Into<PathBuf>, key: [u8; 32]) -> Self {
        let cipher = XChaCha20Poly1305::new(&Key::from(key));
        EncryptedFileTokenCache { files: CacheDir::new(dir.into(), "sealed"), cipher }
    }

    /// A cache in `dir` with the key in `PAX8_TOKEN_CACHE_KEY` (64 hex digits or standard
    /// base64 of 32 bytes). A missing or malformed key is [`Error::Config`] (which never
    /// repeats the value).
    pub fn from_env(dir: impl Into<PathBuf>) -> Result<Self> {
        let text = std::env::var(KEY_VAR).map_err(|_| Error::Config(format!("{KEY_VAR} is not set")))?;
        Ok(Self::new(dir, parse_key(&text)?))
    }

    /// The folder the files are kept in.
    pub fn dir(&self) -> &Path {
        self.files.dir()
    }

    /// The file that holds the token of `key`.
    pub(crate) fn path_for(&self, key: &str) -> PathBuf {
        self.files.path_for(key)
    }

    fn aad(key: &str) -> Vec<u8> {
        [MAGIC.as_slice(), key.as_bytes()].concat()
    }

    fn seal(&self, key: &str, token: &CachedToken) -> io::Result<Vec<u8>> {
        let nonce = XNonce::try_generate().map_err(|e| io::Error::other(format!("no random nonce: {e}")))?;
        let json = token.to_json();
        let sealed = self
            .cipher
            .encrypt(&nonce, Payload { msg: json.as_bytes(), aad: &Self::aad(key) })
            .map_err(|_| io::Error::other("encryption failed"))?;
        Ok([MAGIC.as_slice(), nonce.as_slice(), &sealed].concat())
    }

    fn open(&self, key: &str, data: &[u8]) -> Option<CachedToken> {
        let rest = data.strip_prefix(MAGIC.as_slice())?;
        if rest.len() < NONCE_LEN {
            return None;
        }
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce).ok()?;
        let json = self.cipher.decrypt(&nonce, Payload { msg: sealed, aad: &Self::aad(key) }).ok()?;
        CachedToken::from_json(std::str::from_utf8(&json).ok()?)
    }
}

impl TokenCache for EncryptedFileTokenCache {
    fn load(&self, key: &str) -> io::Result<Option<CachedToken>> {
        let Some(data) = self.files.read(key)? else { return Ok(None) };
        let token = self.open(key, &data);
        if token.is_none() {
            super::warn(format_args!(
                "{} does not open with this key (tampered with, or sealed with another key): a miss",
                self.path_for(key).display()
            ));
        }
        Ok(token)
    }

    fn store(&self, key: &str, token: &CachedToken) -> io::Result<()> {
        self.files.write(key, &self.seal(key, token)?)
    }

    fn remove(&self, key: &str) -> io::Result<()> {
        self.files.remove(key)
    }

    fn lock(&self, key: &str, wait: Duration) -> io::Result<Option<Box<dyn CacheLock>>> {
        self.files.lock(key, wait)
    }
}

/// 32 bytes from 64 hex digits or standard base64 (padding optional).
fn parse_key(text: &str) -> Result<[u8; 32]> {
    let text = text.trim();
    let bytes = if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        (0..32).map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()).collect()
    } else {
        base64_decode(text)
    };
    bytes.and_then(|b| <[u8; 32]>::try_from(b).ok()).ok_or_else(|| {
        Error::Config(format!("{KEY_VAR} must be 32 bytes as 64 hex digits or base64 (openssl rand -hex 32)"))
    })
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let sextet = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits = text.trim_end_matches('=').bytes().map(sextet).collect::<Option<Vec<u8>>>()?;
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, d)| n | u32::from(*d) << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::OffsetDateTime;

    const KEY: [u8; 32] = *b"0123456789abcdef0123456789abcdef";

    #[test]
    fn keys_read_as_hex_or_base64() {
        let hex = "30313233343536373839616263646566".repeat(2);
        assert_eq!(parse_key(&hex).unwrap(), KEY);
        assert_eq!(parse_key(&hex.to_uppercase()).unwrap(), KEY);
        let b64 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
        assert_eq!(parse_key(b64).unwrap(), KEY);
        assert_eq!(parse_key(b64.trim_end_matches('=')).unwrap(), KEY);
        assert_eq!(base64_decode("aGVsbG8gd29ybGQ=").unwrap(), b"hello world");
        for bad in ["", "short", &hex[..62], "MDEyMzQ1Njc4OWFiY2RlZg==", "not base64 at all!!"] {
            let err = parse_key(bad).unwrap_err().to_string();
            assert!(err.contains("PAX8_TOKEN_CACHE_KEY"), "{err}");
            assert!(bad.is_empty() || !err.contains(bad), "the error repeats the value: {err}");
        }
    }

    #[test]
    fn every_write_uses_a_fresh_nonce_and_binds_the_cache_key() {
        let cache = EncryptedFileTokenCache::new(std::env::temp_dir(), KEY);
        let t = CachedToken::new("tok", OffsetDateTime::now_utc(), Duration::from_secs(60));
        let (a, b) = (cache.seal("k", &t).unwrap(), cache.seal("k", &t).unwrap());
        assert_ne!(a[8..32], b[8..32], "nonces repeat");
        assert_ne!(a, b);
        assert_eq!(cache.open("k", &a), Some(t.clone()));
        assert_eq!(cache.open("j", &a), None, "opened under another cache key");
        assert_eq!(cache.open("k", &a[..20]), None);
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
