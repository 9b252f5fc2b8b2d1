//! The loopback test of client URLs: a mock server on this machine keeps tokens in memory and
//! may be plain `http://`. (Webhook URLs have a stricter reading of their own, in
//! `models::webhook_url`: there a URL is read as a browser would, and refused when unsure.)

/// Whether `url` (an absolute URL) names this machine.
pub(crate) fn is_loopback_url(url: &str) -> bool {
    url.parse::<ureq::http::Uri>().ok().is_some_and(|u| u.host().is_some_and(is_loopback))
}

/// True for `localhost` (any case), 127.0.0.0/8 and `::1` (with or without brackets).
///
/// `localhost.` (a trailing dot, a fully qualified name) is not: the resolver sends it to
/// DNS, which may answer anything.
pub(crate) fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether `url` is plain `http://` to a loopback host: what never goes through a proxy
/// from the environment (a mock server's token request carries the client secret in clear).
pub(crate) fn is_plain_http_loopback(url: &str) -> bool {
    url.get(..7).is_some_and(|s| s.eq_ignore_ascii_case("http://")) && is_loopback_url(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_are_names_that_need_no_dns() {
        for host in ["localhost", "LocalHost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"] {
            assert!(is_loopback(host), "{host}");
        }
        for host in ["localhost.", "LOCALHOST.", "localhost.example.com", "128.0.0.1", "::2", ""] {
            assert!(!is_loopback(host), "{host}");
        }
        assert!(is_plain_http_loopback("http://127.0.0.1:8080/v1/token"));
        assert!(is_plain_http_loopback("HTTP://localhost/x"));
        assert!(!is_plain_http_loopback("https://127.0.0.1:8080/v1/token"));
        assert!(!is_plain_http_loopback("http://localhost./x"));
        assert!(!is_plain_http_loopback("http://api.pax8.com/v1"));
    }
}
