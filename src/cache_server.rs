//! What the token caches and the rate limiter on cache servers (Redis, memcached) share:
//! the default timeout, the key namespace check and the Redis connection.

use std::time::Duration;

use crate::error::{Error, Result};

#[cfg(feature = "redis")]
pub(crate) use redis_conn::Conn;

/// How long connecting to a cache server, and then each command, may take by default.
pub(crate) const SERVER_TIMEOUT: Duration = Duration::from_secs(1);

/// Checks a key namespace for a cache server: printable ASCII, no spaces (as memcached
/// keys require).
pub(crate) fn check_namespace(ns: &str) -> Result<String> {
    if ns.is_empty() || ns.len() > 100 || !ns.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::Config(format!("invalid cache namespace {ns:?}: 1 to 100 printable ASCII characters")));
    }
    Ok(ns.to_owned())
}

#[cfg(feature = "redis")]
mod redis_conn {
    use std::fmt;
    use std::io;
    use std::sync::Mutex;
    use std::time::Duration;

    use super::SERVER_TIMEOUT;
    use crate::error::{Error, Result};

    /// One Redis connection, opened on first use and reopened after a failure, shared by the
    /// clones of a cache or limiter. Commands take turns on it (each is a single round trip).
    pub(crate) struct Conn {
        client: redis::Client,
        timeout: Duration,
        conn: Mutex<Option<redis::Connection>>,
    }

    impl fmt::Debug for Conn {
        /// Host and port only: the URL may carry a password.
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "\"{}\"", self.client.get_connection_info().addr())
        }
    }

    impl Conn {
        /// Checks `url` (`redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS,
        /// verified against the system's roots); connects on first use.
        pub(crate) fn new(url: &str) -> Result<Self> {
            let client =
                redis::Client::open(url).map_err(|e| Error::Config(format!("invalid Redis URL: {}", e.category())))?;
            Ok(Conn { client, timeout: SERVER_TIMEOUT, conn: Mutex::new(None) })
        }

        /// A new connection to the same server that trusts the certificates in `pem` instead of
        /// the system's roots (`rediss://` only).
        pub(crate) fn with_root_certificate(&self, pem: &[u8]) -> Result<Self> {
            let info = self.client.get_connection_info().clone();
            if !matches!(info.addr(), redis::ConnectionAddr::TcpTls { .. }) {
                return Err(Error::Config("a root certificate needs a rediss:// URL".into()));
            }
            let certs = redis::TlsCertificates { client_tls: None, root_cert: Some(pem.to_vec()) };
            let client = redis::Client::build_with_tls(info, certs)
                .map_err(|e| Error::Config(format!("invalid Redis root certificate: {}", e.category())))?;
            Ok(Conn { client, timeout: self.timeout, conn: Mutex::new(None) })
        }

        /// A new connection to the same server with another timeout.
        pub(crate) fn with_timeout(&self, timeout: Duration) -> Self {
            let timeout = timeout.max(Duration::from_millis(1));
            Conn { client: self.client.clone(), timeout, conn: Mutex::new(None) }
        }

        /// Runs `f` on the connection, connecting first if needed. Any failure drops the
        /// connection, so the next call starts afresh.
        pub(crate) fn run<T>(&self, f: impl FnOnce(&mut redis::Connection) -> redis::RedisResult<T>) -> io::Result<T> {
            let mut slot = self.conn.lock().unwrap_or_else(|p| p.into_inner());
            let result = match slot.as_mut() {
                Some(c) => f(c),
                None => self.connect().and_then(|mut c| {
                    let r = f(&mut c);
                    *slot = Some(c);
                    r
                }),
            };
            result.map_err(|e| {
                *slot = None;
                io::Error::other(format!("Redis at {self:?}: {e}"))
            })
        }

        /// Connects within the timeout, name resolution included: the host name is looked up
        /// (a blocking call that no timeout bounds) and the connection made on a thread of its
        /// own, abandoned if it outlasts the timeout.
        fn connect(&self) -> redis::RedisResult<redis::Connection> {
            let (client, timeout) = (self.client.clone(), self.timeout);
            let (done, connected) = std::sync::mpsc::sync_channel(1);
            std::thread::Builder::new()
                .name("pax8-redis-connect".into())
                .spawn(move || {
                    let c = client.get_connection_with_timeout(timeout).and_then(|c| {
                        c.set_read_timeout(Some(timeout))?;
                        c.set_write_timeout(Some(timeout))?;
                        Ok(c)
                    });
                    let _ = done.send(c);
                })
                .map_err(redis::RedisError::from)?;
            connected.recv_timeout(timeout).unwrap_or_else(|_| {
                Err(redis::RedisError::from(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!("no connection within {timeout:?} (name resolution included)"),
                )))
            })
        }
    }
}
