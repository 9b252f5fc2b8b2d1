//! Host name resolution without a thread per request.
//!
//! ureq resolves the host of every request, pooled connection or not, and when a global
//! timeout is set its default resolver does so on a new thread (so that a slow DNS answer
//! cannot outlive the timeout). With the SDK's per-attempt time limit that made every
//! request spawn a thread. [`CachingResolver`] keeps the time limit and the default
//! resolver's behaviour, but:
//!
//! - an IP literal (`127.0.0.1`, `[::1]`) is turned into its address directly;
//! - a host name is looked up through ureq's default resolver (on its watchdog thread,
//!   under the time limit) once, and the answer is reused for [`TTL`], like curl's DNS cache.
//!
//! So listing 100 pages spawns at most one resolver thread instead of 100.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ureq::config::{Config, IpFamily};
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long a looked-up address is reused (curl's default DNS cache timeout).
pub(crate) const TTL: Duration = Duration::from_secs(60);

/// Entries kept at most; the cache is emptied when it would grow beyond (a client talks to
/// two or three hosts, so this only bounds a pathological use).
const MAX_ENTRIES: usize = 64;

/// A resolver that needs no thread for IP literals and caches host names for [`TTL`].
#[derive(Debug, Default)]
pub(crate) struct CachingResolver {
    fallback: DefaultResolver,
    cache: Mutex<HashMap<Key, (Instant, ResolvedSocketAddrs)>>,
}

/// What an answer depends on: host, port and the IP family asked for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    host: String,
    port: u16,
    family: u8,
}

fn family_code(f: IpFamily) -> u8 {
    match f {
        IpFamily::Any => 0,
        IpFamily::Ipv4Only => 4,
        IpFamily::Ipv6Only => 6,
    }
}

impl CachingResolver {
    /// The host (brackets of an IPv6 literal removed) and port of `uri`, when its scheme is
    /// http or https; other schemes (proxies) go to the default resolver unchanged.
    fn host_and_port(uri: &Uri) -> Option<(&str, u16)> {
        let authority = uri.authority()?;
        let default_port = match uri.scheme_str()? {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let host = authority.host();
        let host = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
        Some((host, authority.port_u16().unwrap_or(default_port)))
    }
}

impl Resolver for CachingResolver {
    fn resolve(&self, uri: &Uri, config: &Config, timeout: NextTimeout) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let Some((host, port)) = Self::host_and_port(uri) else {
            return self.fallback.resolve(uri, config, timeout);
        };
        if let Ok(ip) = host.parse::<IpAddr>() {
            let mut out = self.empty();
            for addr in config.ip_family().keep_wanted(std::iter::once(SocketAddr::new(ip, port))) {
                out.push(addr);
            }
            return if out.is_empty() { Err(ureq::Error::HostNotFound) } else { Ok(out) };
        }
        let key = Key { host: host.to_ascii_lowercase(), port, family: family_code(config.ip_family()) };
        let now = Instant::now();
        {
            let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((at, addrs)) = cache.get(&key)
                && now.duration_since(*at) < TTL
            {
                return Ok(addrs.clone());
            }
        }
        let addrs = self.fallback.resolve(uri, config, timeout)?;
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= MAX_ENTRIES && !cache.contains_key(&key) {
            cache.clear();
        }
        cache.insert(key, (now, addrs.clone()));
        Ok(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(r: &CachingResolver, url: &str) -> Result<Vec<SocketAddr>, ureq::Error> {
        let uri: Uri = url.parse().unwrap();
        let timeout = NextTimeout {
            after: ureq::unversioned::transport::time::Duration::from_secs(5),
            reason: ureq::Timeout::Resolve,
            ..NextTimeout::default()
        };
        r.resolve(&uri, &Config::default(), timeout).map(|a| a.to_vec())
    }

    #[test]
    fn ip_literals_need_no_lookup() {
        let r = CachingResolver::default();
        assert_eq!(resolve(&r, "http://127.0.0.1:8080/v1/x").unwrap(), ["127.0.0.1:8080".parse().unwrap()]);
        assert_eq!(resolve(&r, "https://[::1]/v1").unwrap(), ["[::1]:443".parse().unwrap()]);
        assert_eq!(resolve(&r, "http://10.1.2.3").unwrap(), ["10.1.2.3:80".parse().unwrap()]);
        assert!(r.cache.lock().unwrap().is_empty(), "literals are not cached");
    }

    #[test]
    fn a_host_name_is_looked_up_once_then_reused() {
        let r = CachingResolver::default();
        let first = resolve(&r, "http://localhost:9/").unwrap();
        assert!(first.iter().all(|a| a.ip().is_loopback() && a.port() == 9), "{first:?}");
        let key = Key { host: "localhost".into(), port: 9, family: 0 };
        // Mark the entry so a second lookup that skipped the cache would be noticed.
        let marker: SocketAddr = "192.0.2.1:9".parse().unwrap();
        {
            let mut cache = r.cache.lock().unwrap();
            let entry = cache.get_mut(&key).unwrap();
            entry.1 = r.empty();
            entry.1.push(marker);
        }
        assert_eq!(resolve(&r, "http://LOCALHOST:9/other").unwrap(), [marker]);
        // An entry older than the TTL is looked up again.
        r.cache.lock().unwrap().get_mut(&key).unwrap().0 = Instant::now() - TTL - Duration::from_secs(1);
        assert_eq!(resolve(&r, "http://localhost:9/").unwrap(), first);
    }

    #[test]
    fn other_schemes_and_unknown_hosts_go_to_the_default_resolver() {
        let r = CachingResolver::default();
        assert!(matches!(resolve(&r, "ftp://127.0.0.1/"), Err(ureq::Error::BadUri(_))));
        assert!(resolve(&r, "http://no-such-host.invalid/").is_err());
        assert!(r.cache.lock().unwrap().is_empty(), "failures are not cached");
    }
}
