//! The webhook URL check: a small, strict reading of `http(s)://authority`, written out here
//! instead of a URL parser crate (the `url` crate brought 28 crates, IDNA and ICU among them,
//! into the default build for this one function).

use std::net::Ipv6Addr;

/// Checks a webhook URL: it must be absolute `https://` with a host, except that `http://` is
/// accepted for a loopback host (`localhost`, `127.0.0.0/8`, `::1`) for local testing.
/// Returns the complaint, or `None` when the URL is acceptable.
///
/// The rule that matters: an `http://` URL is never accepted unless the host that a browser
/// or a WHATWG URL parser (and so Pax8) reads in it is loopback. The check reads less than
/// WHATWG does and refuses what it does not read, so it may refuse a URL WHATWG takes, never
/// the other way round for `http://`:
///
/// - The URL starts with `http://` or `https://` (any ASCII case); no whitespace or control
///   character anywhere (WHATWG silently drops tabs and line breaks, and trims spaces).
/// - The authority runs to the first `/`, `?` or `#`. WHATWG also ends it at `\` in an
///   http(s) URL (`http://evil.invalid\@127.0.0.1` names `evil.invalid`), so a `\` in the
///   authority is refused, as is `http:\\...`; a missing host (`https:///x`, which WHATWG
///   reads as host `x`) too.
/// - Port: `:` and 1 to 5 digits, at most 65535. An empty port (`https://host:/x`, which
///   WHATWG takes as the default port) is refused.
/// - `http://`: no user name or password (no `@` in the authority), and a host that is one of
///   exactly: `localhost` (any ASCII case; not `localhost.`, which goes to DNS), an IPv4
///   address `127.b.c.d` in plain dotted decimal (four numbers 0-255 without leading zeros),
///   or a bracketed IPv6 address that `std` reads as `::1` (`[::1]`,
///   `[0:0:0:0:0:0:0:1]`). Refused although WHATWG reads them as loopback: the other IPv4
///   forms (`127.1`, `0x7f.0.0.1`, `0177.0.0.1`, `2130706433`, `127.0.0.01`, a trailing
///   dot), percent-escapes and non-ASCII characters in the host (`ｌｏｃａｌｈｏｓｔ` in
///   full-width letters). Use `https://` or one of the forms above.
/// - `https://`: a user name and password are allowed (after the last `@`: the host). The
///   host is a bracketed IPv6 address that `std` reads, or a name without the WHATWG
///   forbidden host code points (space, `#`, `/`, `:`, `<`, `>`, `?`, `@`, `[`, `\`, `]`,
///   `^`, `|`), nor `%` (a percent-escape in a host is refused). A name whose last label is
///   a number (`x.127`, `08`, `0x7f`), which WHATWG reads as an IPv4 address, must be plain
///   dotted decimal (so `https://127.1` is refused too). Non-ASCII names are accepted as given
///   (internationalised domain names: Pax8 converts them, IDNA) and not checked further: any
///   host is acceptable over https, and Pax8 refuses a URL it cannot read.
///
/// The path, query and fragment are not checked (beyond whitespace and control characters).
pub(crate) fn url_problem(url: &str) -> Option<String> {
    if acceptable(url) {
        None
    } else {
        Some(format!("the webhook URL must be an absolute https:// URL (or a loopback host), got {url:?}"))
    }
}

/// Whether `url` passes the check of [`url_problem`].
fn acceptable(url: &str) -> bool {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((https, rest)) = split_scheme(url) else {
        return false;
    };
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    if authority.contains('\\') {
        return false;
    }
    if https { https_authority(authority) } else { loopback_authority(authority) }
}

/// Whether `url` is `https://` (true) or `http://` (false), any ASCII case, and what follows.
fn split_scheme(url: &str) -> Option<(bool, &str)> {
    [("https://", true), ("http://", false)].into_iter().find_map(|(scheme, https)| {
        let head = url.get(..scheme.len())?;
        head.eq_ignore_ascii_case(scheme).then(|| (https, &url[scheme.len()..]))
    })
}

/// The authority of an `https://` URL: `[userinfo@]host[:port]`, a host that WHATWG reads
/// as that host.
fn https_authority(authority: &str) -> bool {
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, host_port)| host_port);
    let Some(host) = host_without_port(host_port) else {
        return false;
    };
    if host.starts_with('[') {
        return ipv6_literal(host).is_some();
    }
    const FORBIDDEN: [char; 15] = [' ', '#', '%', '/', ':', '<', '>', '?', '@', '[', '\\', ']', '^', '|', '\u{7f}'];
    if host.is_empty() || host.contains(FORBIDDEN) {
        return false;
    }
    !ends_in_a_number(host) || dotted_decimal(host.strip_suffix('.').unwrap_or(host)).is_some()
}

/// Whether WHATWG reads `host` as an IPv4 address: its last label (a trailing dot dropped) is
/// decimal digits or `0x` and hex digits. Dots and digits that IDNA maps to ASCII ones (`。`,
/// `．`, `｡`, full-width digits) count as those.
fn ends_in_a_number(host: &str) -> bool {
    const DOTS: [char; 4] = ['.', '\u{3002}', '\u{ff0e}', '\u{ff61}'];
    let host = host.strip_suffix(DOTS).unwrap_or(host);
    let last = host.rsplit(DOTS).next().unwrap_or(host);
    let digit = |c: char| c.is_ascii_digit() || ('\u{ff10}'..='\u{ff19}').contains(&c);
    let hex =
        last.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("0x")) && last[2..].chars().all(|c| c.is_ascii_hexdigit());
    (!last.is_empty() && last.chars().all(digit)) || hex
}

/// Whether the authority of an `http://` URL is `host[:port]` with a loopback host in one of
/// the forms read here (no user name or password).
fn loopback_authority(authority: &str) -> bool {
    if authority.contains('@') {
        return false;
    }
    let Some(host) = host_without_port(authority) else {
        return false;
    };
    match ipv6_literal(host) {
        Some(ip) => ip.is_loopback(),
        None => host.eq_ignore_ascii_case("localhost") || dotted_decimal(host).is_some_and(|[a, ..]| a == 127),
    }
}

/// The host of `host[:port]` (a bracketed IPv6 literal keeps its brackets), or `None` when
/// the port is not 1 to 5 digits up to 65535 or the bracket is not closed.
fn host_without_port(host_port: &str) -> Option<&str> {
    let (host, port) = if host_port.starts_with('[') {
        let (host, after) = host_port.split_at(host_port.find(']')? + 1);
        (host, if after.is_empty() { None } else { Some(after.strip_prefix(':')?) })
    } else {
        match host_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        }
    };
    let port_ok = |p: &str| {
        (1..=5).contains(&p.len())
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|p| p <= 65535)
    };
    port.is_none_or(port_ok).then_some(host)
}

/// The address of `[ipv6]`, when `std` reads it (no zone, no percent-escape).
fn ipv6_literal(host: &str) -> Option<Ipv6Addr> {
    host.strip_prefix('[')?.strip_suffix(']')?.parse().ok()
}

/// `a.b.c.d`: four decimal numbers 0-255 without leading zeros, the one IPv4 form read here.
fn dotted_decimal(host: &str) -> Option<[u8; 4]> {
    let mut parts = host.split('.');
    let mut octets = [0u8; 4];
    for octet in &mut octets {
        let part = parts.next()?;
        let digits = !part.is_empty() && part.len() <= 3 && part.bytes().all(|b| b.is_ascii_digit());
        if !digits || (part.len() > 1 && part.starts_with('0')) {
            return None;
        }
        *octet = part.parse().ok()?;
    }
    parts.next().is_none().then_some(octets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_https_unless_loopback() {
        for ok in [
            "https://psa.example.com/pax8/events",
            "HTTPS://psa.example.com:8443",
            "https://user@psa.example.com/x?y=1",
            "https://[2001:db8::1]:443/hook",
            "http://localhost:8787/hook",
            "http://127.0.0.1:8787",
            "http://127.12.0.3/x",
            "http://[::1]:8787/hook",
            "https://localhost",
            // Added with the hand-written check.
            "http://LocalHost:8080",
            "HTTP://127.0.0.1/x",
            "http://127.255.255.255:65535/x",
            "http://[0:0:0:0:0:0:0:1]/",
            "http://[::1]",
            "http://localhost/\\x",
            "http://localhost#@evil.invalid",
            "http://localhost?@evil.invalid",
            "https://psa.example.com#frag",
            "https://psa.example.com?x=1",
            "https://user:p@ss@psa.example.com/x",
            "https://[::1]/x",
            "https://bücher.example/hook",
            "https://10.0.0.1/hook",
            "https://127.0.0.1./hook",
            "https://psa.example.com./hook",
            "https://psa.example.1a/hook",
            "https://psa.example.com/a\\b",
        ] {
            assert_eq!(url_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "psa.example.com/hook",
            "http://psa.example.com/hook",
            "http://128.0.0.1/x",
            "http://localhost.example.com/x",
            "http://LOCALHOST./x",
            "http://evil.invalid\\@127.0.0.1:8787",
            "http://evil.invalid\\@localhost/x",
            "http:\\\\127.0.0.1/x",
            "https:\\\\evil.invalid/x",
            "http://0x7f.0.0.1.evil.invalid/x",
            "http://[::2]/x",
            "http://127.0.0.1.example.com/x",
            "ftp://localhost/x",
            "https://",
            "https:///path",
            "https://exa mple.com",
            "//psa.example.com",
            // Added with the hand-written check. WHATWG reads these as loopback; refused all
            // the same (forms not read here: see the doc of `url_problem`).
            "http://127.1/",
            "http://0x7f.0.0.1/",
            "http://2130706433/",
            "http://127.0.0.01/",
            "http://0177.0.0.1/",
            "http://127.0.0.1./",
            "http://127.0.0/",
            "http://localhost:/",
            "http://ｌｏｃａｌｈｏｓｔ/",
            "http://local\thost/",
            "http://localhost/a\nb",
            "http:localhost/x",
            "http:/localhost/x",
            "http://\\localhost/x",
            // WHATWG reads these as hosts that are not loopback, or refuses them.
            "http://0127.0.0.1/",
            "http://127.0.0.256/",
            "http://user@localhost/",
            "http://127.0.0.1:80@evil.invalid/",
            "http://localhost%2eevil.invalid/",
            "http://[::1",
            "http://[::1]x/",
            "http://[::ffff:127.0.0.1]/", // IPv4-mapped: not `::1` for std
            "http://[::1%25eth0]/",
            "http://[localhost]/",
            "http://[127.0.0.1]/",
            "http://localhost:99999/",
            "http://localhost:65536/",
            "http://localhost:80:80/",
            "http://localhost:8o/",
            // https: no whitespace or control character, a port of 1 to 5 digits (WHATWG
            // takes an empty one), a host without forbidden code points (`%` included).
            "https://psa.example.com/a\tb",
            "https://psa.example.com:/x",
            "https://user@",
            "https://user@:443/x",
            "https://psa%2eexample.com/x",
            "https://psa.example.com\\@evil.invalid/x",
            "https://exa<mple.com/",
            "https://a^b.example/",
            "https://a|b.example/",
            "https://a]b.example/",
            "https://[2001:db8::1/x",
            "https://[not-ipv6]/x",
            "https://psa.example.com:443:443/x",
            // A last label that is a number: an IPv4 address for WHATWG, so dotted decimal.
            "https://psa.example.127/x",
            "https://192.168.1.300/x",
            "https://1.2.3.4.5/x",
            "https://08/x",
            "https://.1/x",
            "https://psa.0x7f/x",
            "https://127.1/x",
            "https://psa\u{3002}127/x",
            "https://psa.\u{ff11}\u{ff12}\u{ff17}/x",
            "https://psa.example.com\u{7f}/x",
            "\u{a0}https://psa.example.com",
            "https\u{ff1a}//psa.example.com",
        ] {
            assert!(url_problem(bad).is_some(), "{bad}");
        }
    }
}
