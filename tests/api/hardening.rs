//! Hostile servers: what a server, a proxy or a gateway hands the SDK must never make it
//! panic, loop, retry without end or leak a secret.

use std::io::Write;
use std::time::Duration;

use crate::common::*;

const SECRET: &str = "s3cr3t-client-secret";

fn oauth(server: &mockito::ServerGuard) -> pax8::ClientBuilder {
    builder(server).client_id("my-client").client_secret(SECRET).no_token_cache()
}

/// A handler that answers 429 with `retry_after` and closes.
fn too_many(retry_after: &'static str) -> Handler {
    Box::new(move |mut s| {
        read_request(&mut s);
        let _ = write!(
            s,
            "HTTP/1.1 429 Too Many Requests\r\nRetry-After: {retry_after}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
    })
}

#[test]
fn a_huge_retry_after_after_a_small_one_returns_the_429_without_panicking() {
    let (url, count) = tcp_server(vec![too_many("1"), too_many("18446744073709551615")]);
    let err = raw_client(&url).build().unwrap().companies().list().send().unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(u64::MAX)));
    assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst), 2, "one retry after 1 s, then the 429 is returned");
}

#[test]
fn expires_in_as_a_string_is_accepted() {
    let mut s = server();
    let token = s
        .mock("POST", "/v1/token")
        .with_body(r#"{"access_token":"tok-1","expires_in":"86400","token_type":"Bearer"}"#)
        .expect(1)
        .create();
    let api = s
        .mock("GET", "/v1/companies/00000000-0000-0000-0000-000000000001")
        .match_header("authorization", "Bearer tok-1")
        .with_body(r#"{"id":"00000000-0000-0000-0000-000000000001","name":"A"}"#)
        .expect(2)
        .create();
    let c = oauth(&s).build().unwrap();
    let id = uuid::Uuid::from_u128(1);
    c.companies().get(id).send().unwrap();
    c.companies().get(id).send().unwrap();
    token.assert();
    api.assert();
}

#[test]
fn absurd_expires_in_values_never_panic() {
    for expires_in in ["1e300", "1e12", "0.4", "-5", "null", "\"soon\""] {
        let mut s = server();
        let _t = s
            .mock("POST", "/v1/token")
            .with_body(format!(r#"{{"access_token":"tok","expires_in":{expires_in}}}"#))
            .create();
        let _a =
            s.mock("GET", "/v1/companies").match_query(mockito::Matcher::Any).with_body(r#"{"content":[]}"#).create();
        let page = oauth(&s).build().unwrap().companies().list().send().unwrap();
        assert!(page.items.is_empty(), "{expires_in}");
    }
}

#[test]
fn a_token_answer_without_a_usable_token_keeps_no_token_in_the_error() {
    for body in [
        r#"{"access_token":"leaked-tok\r\nX-Evil: 1","expires_in":86400}"#,
        r#"{"access_token":"","expires_in":86400, "refresh":"leaked-tok"}"#,
        r#"{"access_token":["leaked-tok"]}"#,
    ] {
        let mut s = server();
        let t = s.mock("POST", "/v1/token").with_body(body).expect(1).create();
        let err = oauth(&s).build().unwrap().companies().list().send().unwrap_err();
        t.assert(); // refused once, not retried
        for shown in [format!("{err}"), format!("{err:?}"), format!("{err:#}")] {
            assert!(!shown.contains("leaked-tok"), "{shown}");
        }
        assert!(err.is_auth(), "{err}");
    }
}

#[test]
fn a_token_endpoint_that_echoes_the_request_never_shows_the_secret() {
    let mut s = server();
    let _t =
        s.mock("POST", "/v1/token").with_status(400).with_body_from_request(|req| req.body().unwrap().clone()).create();
    let err = oauth(&s).build().unwrap().companies().list().send().unwrap_err();
    for shown in [format!("{err}"), format!("{err:?}"), format!("{err:#}")] {
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(shown.contains("<redacted>") || shown.contains("400"), "{shown}");
    }
}

/// Answers every connection with `status` and a body of `len` bytes, counting connections.
fn large_answer(
    status: &'static str,
    len: usize,
    connections: usize,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let handlers: Vec<Handler> = (0..connections)
        .map(|_| -> Handler {
            Box::new(move |mut s| {
                read_request(&mut s);
                let _ = write!(
                    s,
                    "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n"
                );
                let chunk = vec![b'x'; 1 << 20];
                let mut left = len;
                while left > 0 {
                    let n = left.min(chunk.len());
                    if s.write_all(&chunk[..n]).is_err() {
                        return;
                    }
                    left -= n;
                }
            })
        })
        .collect();
    tcp_server(handlers)
}

#[test]
fn an_over_cap_error_body_keeps_its_status() {
    let (url, _count) = large_answer("502 Bad Gateway", 65 * 1024 * 1024, 8);
    let err = raw_client(&url).max_retries(0).build().unwrap().companies().list().send().unwrap_err();
    assert_eq!(err.status(), Some(502), "{err}");
}

#[test]
fn an_over_cap_success_is_not_retried() {
    let (url, count) = large_answer("200 OK", 65 * 1024 * 1024, 8);
    let err = raw_client(&url).build().unwrap().companies().list().send().unwrap_err();
    assert!(err.to_string().contains("more than"), "{err}");
    assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst), 1, "sent once");
}

#[test]
fn redirects_are_not_followed() {
    let mut s = server();
    let m =
        s.mock("GET", "/v1/companies").with_status(302).with_header("location", "https://evil.example/steal").create();
    let err = client(&s).companies().list().send().unwrap_err();
    assert_eq!(err.status(), Some(302));
    m.assert();
}
