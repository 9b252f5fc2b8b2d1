//! The one loopback test of the crate: client URLs (mock servers keep tokens in memory,
//! plain `http://` is allowed) and webhook URLs.

/// Whether `url` (an absolute URL) names this machine.
pub(crate) fn is_loopback_url(url: &str) -> bool {
    url.parse::<ureq::http::Uri>().ok().is_some_and(|u| u.host().is_some_and(is_loopback))
}

/// True for `localhost` (any case, optional trailing dot), 127.0.0.0/8 and `::1` (with or
/// without brackets).
pub(crate) fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let name = host.strip_suffix('.').unwrap_or(host);
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}
