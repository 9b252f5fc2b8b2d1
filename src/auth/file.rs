//! The default token cache: one JSON file per credential set, and the file mechanics that the
//! encrypted cache shares (atomic writes, symlink refusal, the lock file).

use std::fs;
use std::io::Read as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::{CacheLock, CachedToken, TokenCache};

/// Keeps each token in `<dir>/token-<key>.json`, where `<key>` is a hash of the credentials
/// (token URL, audience, client id and secret: the file name reveals none of them).
///
/// Safe to share between processes on one host:
///
/// - Files are written atomically (a temporary file in the same folder, then a rename), so
///   a reader sees the old file or the new one, never a half-written one. Permissions are
///   `0600` in a folder created `0700` on Unix.
/// - Processes that miss at the same moment send one token request between them: the first
///   holds a lock file (`token-<key>.json.lock`, created exclusively) while it fetches and
///   stores; the others wait for it (at most 15 s or the call's timeout, then they fetch themselves) and read its
///   token. A lock file older than that wait is taken as left by a process that died, and
///   removed.
/// - Symlinks are never followed: if the folder itself or a cache file is a symbolic link,
///   the cache refuses to read or write through it (the SDK then fetches a token and logs
///   the refusal); temporary and lock files are created exclusively, which never follows a
///   link either. Links higher up the path (say `~/.cache` pointing elsewhere) are fine.
///
/// A corrupt, foreign or unreadable file reads as a miss and is replaced by the next store.
#[derive(Debug, Clone)]
pub struct FileTokenCache {
    files: CacheDir,
}

/// What a cache file holds: the key it was written for, and the token.
#[derive(Serialize, Deserialize)]
struct Entry {
    key: String,
    #[serde(flatten)]
    token: CachedToken,
}

impl FileTokenCache {
    /// A cache keeping its files in `dir` (created on the first store).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        FileTokenCache { files: CacheDir::new(dir.into(), "json") }
    }

    /// The folder the files are kept in.
    pub fn dir(&self) -> &Path {
        self.files.dir()
    }

    /// The file that holds the token of `key` (tests).
    #[cfg(test)]
    pub(crate) fn path_for(&self, key: &str) -> PathBuf {
        self.files.path_for(key)
    }
}

impl Default for FileTokenCache {
    /// The user's cache folder (`~/.cache/pax8-rs` on Linux, `~/Library/Caches/com.pax8.pax8-rs`
    /// on macOS, `%LOCALAPPDATA%\pax8\pax8-rs\cache` on Windows), or, when the user has no
    /// home, `pax8-rs-<uid>` in the system temporary folder (one per user; a folder there
    /// that another user owns or may write to is never used, see [`FileTokenCache`]).
    fn default() -> Self {
        let dir = directories::ProjectDirs::from("com", "pax8", "pax8-rs")
            .map(|d| d.cache_dir().to_path_buf())
            .unwrap_or_else(|| {
                let user = current_uid().map_or_else(|| "user".to_owned(), |u| u.to_string());
                std::env::temp_dir().join(format!("pax8-rs-{user}"))
            });
        FileTokenCache::new(dir)
    }
}

impl TokenCache for FileTokenCache {
    fn load(&self, key: &str) -> io::Result<Option<CachedToken>> {
        let Some(data) = self.files.read(key)? else { return Ok(None) };
        // A corrupt file, or one written for other credentials, is a miss.
        Ok(serde_json::from_slice::<Entry>(&data)
            .ok()
            .filter(|e| e.key == key && !e.token.access_token.is_empty())
            .map(|e| e.token))
    }

    fn store(&self, key: &str, token: &CachedToken) -> io::Result<()> {
        let entry = Entry { key: key.to_owned(), token: token.clone() };
        self.files.write(key, &serde_json::to_vec(&entry).map_err(io::Error::other)?)
    }

    fn remove(&self, key: &str) -> io::Result<()> {
        self.files.remove(key)
    }

    fn lock(&self, key: &str, wait: Duration) -> io::Result<Option<Box<dyn CacheLock>>> {
        self.files.lock(key, wait)
    }
}

static UNIQUE: AtomicU64 = AtomicU64::new(0);

/// A name no other thread or process of this host uses at the same time.
fn unique_suffix() -> String {
    format!("{}.{}", std::process::id(), UNIQUE.fetch_add(1, Ordering::Relaxed))
}

/// A folder of cache files `token-<key>.<ext>`: atomic writes, no symlinks, lock files.
#[derive(Debug, Clone)]
pub(crate) struct CacheDir {
    dir: PathBuf,
    ext: &'static str,
    /// A folder that others may own or write to (the entries are sealed): its owner and
    /// permissions are not checked, and files are created readable by the group.
    shared: bool,
}

impl CacheDir {
    pub(crate) fn new(dir: PathBuf, ext: &'static str) -> Self {
        CacheDir { dir, ext, shared: false }
    }

    /// A folder for sealed entries, which may be shared (see [`CacheDir::shared`](Self)).
    #[cfg(feature = "encrypted-cache")]
    pub(crate) fn shared(dir: PathBuf, ext: &'static str) -> Self {
        CacheDir { dir, ext, shared: true }
    }

    /// The folder's owner and permissions, unless it is shared.
    fn check_dir(&self) -> io::Result<()> {
        if self.shared { Ok(()) } else { Self::check_trusted(&self.dir) }
    }

    fn file_mode(&self) -> u32 {
        if self.shared { 0o640 } else { 0o600 }
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn path_for(&self, key: &str) -> PathBuf {
        self.dir.join(format!("token-{key}.{}", self.ext))
    }

    fn lock_path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("token-{key}.{}.lock", self.ext))
    }

    /// Fails if `path` is a symbolic link; `Ok(false)` if it does not exist.
    fn check_not_link(path: &Path) -> io::Result<bool> {
        match fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!("{} is a symbolic link; the token cache does not follow links", path.display()),
            )),
            Ok(_) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// On Unix, refuses a folder this user does not own or that its group or others may
    /// write to: someone else could plant a token file there (the file names are computable).
    fn check_trusted(dir: &Path) -> io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let m = fs::symlink_metadata(dir)?;
            let mine = current_uid().is_none_or(|uid| m.uid() == uid);
            if !mine || m.mode() & 0o022 != 0 {
                return Err(io::Error::new(
                    io::ErrorKind::PermissionDenied,
                    format!(
                        "{} is not owned by this user or is writable by others; the token cache does not use it",
                        dir.display()
                    ),
                ));
            }
        }
        #[cfg(not(unix))]
        let _ = dir;
        Ok(())
    }

    /// Creates the folder (`0700` on Unix) unless it exists; refuses a symlinked folder and
    /// one that is not this user's alone.
    fn prepare(&self) -> io::Result<()> {
        if Self::check_not_link(&self.dir)? {
            return self.check_dir();
        }
        let mut b = fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        b.create(&self.dir)?;
        // Created by us just now, or by a racing process; a link planted meanwhile is refused.
        Self::check_not_link(&self.dir)?;
        self.check_dir()
    }

    /// The bytes stored for `key`; `None` if there is no file. Only a regular file is read,
    /// opened without following a link and without blocking (a FIFO is refused, not waited
    /// on), in a folder that is this user's alone.
    pub(crate) fn read(&self, key: &str) -> io::Result<Option<Vec<u8>>> {
        if !Self::check_not_link(&self.dir)? {
            return Ok(None);
        }
        self.check_dir()?;
        read_no_follow(&self.path_for(key), 1 << 20)
    }

    /// Replaces the file of `key` with `data` atomically (`0600` on Unix).
    pub(crate) fn write(&self, key: &str, data: &[u8]) -> io::Result<()> {
        self.prepare()?;
        let tmp = self.dir.join(format!(".token-{key}.{}.tmp", unique_suffix()));
        // `create_new` (O_CREAT | O_EXCL) fails on an existing name, a symlink included.
        let written = create_new(&tmp, self.file_mode()).and_then(|mut f| {
            f.write_all(data)?;
            f.sync_all()
        });
        // A rename replaces the name itself: a symlink there is replaced, never followed.
        let renamed = written.and_then(|()| fs::rename(&tmp, self.path_for(key)));
        if renamed.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        renamed
    }

    pub(crate) fn remove(&self, key: &str) -> io::Result<()> {
        match fs::remove_file(self.path_for(key)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Takes the lock file of `key`, waiting at most `wait`; `Ok(None)` (logged) when the wait
    /// runs out. A lock file older than `wait` (at least 1 s) is removed as abandoned.
    pub(crate) fn lock(&self, key: &str, wait: Duration) -> io::Result<Option<Box<dyn CacheLock>>> {
        self.prepare()?;
        let path = self.lock_path(key);
        let id = format!("{} {}", unique_suffix(), super::random_lock_id()?);
        let abandoned_after = wait.max(Duration::from_secs(1));
        let taken = super::wait_for_lock(wait, &path.display(), || match create_new(&path, self.file_mode()) {
            Ok(mut f) => f.write_all(id.as_bytes()).map(|()| true),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let age = fs::symlink_metadata(&path)
                    .and_then(|m| m.modified())
                    .map(|t| SystemTime::now().duration_since(t).unwrap_or_default());
                if age.is_ok_and(|age| age > abandoned_after) && fs::remove_file(&path).is_ok() {
                    super::warn(format_args!("removed the abandoned token lock file {}", path.display()));
                }
                Ok(false)
            }
            Err(e) => Err(e),
        })?;
        Ok(taken.then(|| Box::new(FileLock { path, id }) as Box<dyn CacheLock>))
    }
}

/// The id of the user this process runs as, where the platform tells it without `unsafe`:
/// the owner of `/proc/self` on Linux, else of a file this process creates.
fn current_uid() -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        static UID: std::sync::OnceLock<Option<u32>> = std::sync::OnceLock::new();
        *UID.get_or_init(|| {
            if let Ok(m) = fs::metadata("/proc/self") {
                return Some(m.uid());
            }
            let probe = std::env::temp_dir().join(format!(".pax8-rs-uid-{}", unique_suffix()));
            let uid = create_new(&probe, 0o600).and_then(|f| f.metadata()).map(|m| m.uid()).ok();
            let _ = fs::remove_file(&probe);
            uid
        })
    }
    #[cfg(not(unix))]
    None
}

/// Creates `path` exclusively, owner-only on Unix.
/// Reads at most `cap` bytes of the regular file at `path` without following a link and
/// without blocking on a FIFO or a device; `None` when there is no file.
fn read_no_follow(path: &Path, cap: u64) -> io::Result<Option<Vec<u8>>> {
    let mut opts = fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut opts, libc::O_NOFOLLOW | libc::O_NONBLOCK);
    let mut file = match opts.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            // A link (ELOOP with O_NOFOLLOW) or anything else: not read.
            return Err(io::Error::new(e.kind(), format!("{} not read: {e}", path.display())));
        }
    };
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{} is not a regular file; the token cache does not read it", path.display()),
        ));
    }
    let mut data = Vec::new();
    io::Read::take(&mut file, cap).read_to_end(&mut data)?;
    Ok(Some(data))
}

fn create_new(path: &Path, mode: u32) -> io::Result<fs::File> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, mode);
    #[cfg(not(unix))]
    let _ = mode;
    opts.open(path)
}

/// A held lock file; removed on drop, unless another process has since taken it over.
struct FileLock {
    path: PathBuf,
    id: String,
}

impl CacheLock for FileLock {}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Ours only, read like a cache file: a link or a FIFO put there meanwhile is neither
        // followed nor waited on.
        let cap = self.id.len() as u64 + 1;
        if read_no_follow(&self.path, cap).is_ok_and(|d| d.as_deref() == Some(self.id.as_bytes())) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::OffsetDateTime;

    fn temp_dir() -> PathBuf {
        std::env::temp_dir().join(format!("pax8-file-cache-{}", uuid::Uuid::new_v4()))
    }

    fn token() -> CachedToken {
        CachedToken::new("tok", OffsetDateTime::now_utc(), Duration::from_secs(60))
    }

    #[test]
    fn stores_loads_and_removes() {
        let cache = FileTokenCache::new(temp_dir());
        let t = token();
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
        let t = token();
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
        cache.store("k", &token()).unwrap();
        let mode = fs::metadata(cache.path_for("k")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let dir_mode = fs::metadata(cache.dir()).unwrap().permissions().mode();
        assert_eq!(dir_mode & 0o777, 0o700);
        fs::remove_dir_all(cache.dir()).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn dropping_a_lock_neither_follows_a_link_nor_blocks_on_a_fifo() {
        let cache = FileTokenCache::new(temp_dir());
        let held = cache.lock("k", Duration::ZERO).unwrap().unwrap();
        let lock = cache.files.lock_path("k");
        // Replaced meanwhile by a FIFO: dropping must not block on it, nor remove it.
        fs::remove_file(&lock).unwrap();
        assert!(std::process::Command::new("mkfifo").arg(&lock).status().unwrap().success());
        let (done, dropped) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            drop(held);
            done.send(()).unwrap();
        });
        dropped.recv_timeout(Duration::from_secs(10)).expect("the drop blocked on a FIFO");
        assert!(fs::symlink_metadata(&lock).is_ok(), "not ours: left alone");
        // A link to a file holding our id is not followed either.
        let held = cache.lock("j", Duration::ZERO).unwrap().unwrap();
        let lock = cache.files.lock_path("j");
        let target = cache.dir().join("elsewhere");
        fs::copy(&lock, &target).unwrap();
        fs::remove_file(&lock).unwrap();
        std::os::unix::fs::symlink(&target, &lock).unwrap();
        drop(held);
        assert!(fs::symlink_metadata(&lock).unwrap().file_type().is_symlink(), "the link was not treated as ours");
        fs::remove_dir_all(cache.dir()).unwrap();
    }

    #[test]
    fn the_lock_is_exclusive_and_released_on_drop() {
        let cache = FileTokenCache::new(temp_dir());
        let held = cache.lock("k", Duration::from_secs(5)).unwrap();
        assert!(held.is_some());
        // A second taker gives up after its wait (the lock is younger than 1 s).
        assert!(cache.lock("k", Duration::from_millis(50)).unwrap().is_none());
        // Another key has its own lock.
        assert!(cache.lock("j", Duration::ZERO).unwrap().is_some());
        drop(held);
        let again = cache.lock("k", Duration::ZERO).unwrap();
        assert!(again.is_some());
        drop(again);
        // Every lock file is gone.
        assert_eq!(fs::read_dir(cache.dir()).unwrap().count(), 0);
        fs::remove_dir_all(cache.dir()).unwrap();
    }

    #[test]
    fn an_abandoned_lock_file_is_broken() {
        let cache = FileTokenCache::new(temp_dir());
        let held = cache.lock("k", Duration::ZERO).unwrap();
        // A process that died while holding the lock: its file stays behind.
        std::mem::forget(held);
        let lock_file = cache.files.lock_path("k");
        assert!(lock_file.exists());
        let old = SystemTime::now() - Duration::from_secs(30);
        fs::File::options().write(true).open(&lock_file).unwrap().set_modified(old).unwrap();
        assert!(cache.lock("k", Duration::from_secs(2)).unwrap().is_some());
        fs::remove_dir_all(cache.dir()).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_files_and_folders_are_never_followed() {
        use std::os::unix::fs::symlink;
        let root = temp_dir();
        fs::create_dir_all(&root).unwrap();
        let victim = root.join("victim");
        fs::write(&victim, b"precious").unwrap();

        // The cache file is a link: reading refuses, storing replaces the link itself.
        let cache = FileTokenCache::new(root.join("cache"));
        let t = token();
        cache.store("seed", &t).unwrap();
        symlink(&victim, cache.path_for("k")).unwrap();
        assert!(cache.load("k").is_err());
        cache.store("k", &t).unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
        assert!(!fs::symlink_metadata(cache.path_for("k")).unwrap().file_type().is_symlink());
        assert_eq!(cache.load("k").unwrap(), Some(t));

        // The folder is a link: nothing is read, written or locked through it.
        let elsewhere = root.join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        let linked = root.join("linked");
        symlink(&elsewhere, &linked).unwrap();
        let cache = FileTokenCache::new(&linked);
        assert!(cache.store("k", &token()).is_err());
        assert!(cache.load("k").is_err());
        assert!(cache.lock("k", Duration::ZERO).is_err());
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
        fs::remove_dir_all(root).unwrap();
    }
}
