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

#[test]
fn an_on_attempt_callback_may_use_the_client_while_a_token_is_fetched() {
    let mut s = server();
    let _t = s.mock("POST", "/v1/token").with_body(r#"{"access_token":"tok","expires_in":86400}"#).create();
    let api = s
        .mock("GET", "/v1/companies")
        .match_query(mockito::Matcher::Any)
        .with_body(r#"{"content":[]}"#)
        .expect(2)
        .create();
    let shared: std::sync::Arc<std::sync::OnceLock<pax8::Client>> = Default::default();
    let inner = shared.clone();
    let client = oauth(&s)
        .on_attempt(move |a| {
            if a.path == "/v1/token"
                && let Some(c) = inner.get()
            {
                // The token request is done; the callback calls the API with the same client.
                c.companies().list().send().unwrap();
            }
        })
        .build()
        .unwrap();
    shared.set(client.clone()).unwrap();
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(client.companies().list().send().map(|p| p.items.len())));
    let outcome = finished.recv_timeout(Duration::from_secs(20)).expect("no deadlock");
    assert_eq!(outcome.unwrap(), 0);
    api.assert();
}

#[test]
fn a_calls_timeout_bounds_its_token_fetch() {
    let slow_token: Handler = Box::new(|mut s| {
        read_request(&mut s);
        std::thread::sleep(Duration::from_secs(3));
        let body = r#"{"access_token":"tok","expires_in":86400}"#;
        let _ = write!(s, "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
    });
    let (url, count) = tcp_server(vec![slow_token]);
    let client = secret_client(&url, SECRET);
    let err = client.companies().list().timeout(Duration::from_millis(300)).send().unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst), 1, "no retry past the call's timeout");
}

/// A cache that always hands out the same token and cannot delete it (a read-only folder, a
/// broken custom cache).
#[derive(Debug)]
struct StuckCache(pax8::auth::CachedToken);

impl pax8::auth::TokenCache for StuckCache {
    fn load(&self, _: &str) -> std::io::Result<Option<pax8::auth::CachedToken>> {
        Ok(Some(self.0.clone()))
    }
    fn store(&self, _: &str, _: &pax8::auth::CachedToken) -> std::io::Result<()> {
        Err(std::io::Error::other("read-only"))
    }
    fn remove(&self, _: &str) -> std::io::Result<()> {
        Err(std::io::Error::other("read-only"))
    }
}

#[test]
fn a_rejected_token_is_not_taken_from_a_cache_that_cannot_forget_it() {
    let mut s = server();
    let token =
        s.mock("POST", "/v1/token").with_body(r#"{"access_token":"tok-new","expires_in":86400}"#).expect(1).create();
    let old = s
        .mock("GET", "/v1/companies")
        .match_header("authorization", "Bearer tok-old")
        .with_status(401)
        .expect(1)
        .create();
    let new = s
        .mock("GET", "/v1/companies")
        .match_header("authorization", "Bearer tok-new")
        .with_body(r#"{"content":[]}"#)
        .expect(3)
        .create();
    let stale = pax8::auth::CachedToken::new("tok-old", time::OffsetDateTime::now_utc(), Duration::from_secs(86_400));
    let client =
        builder(&s).client_id("my-client").client_secret(SECRET).token_cache(StuckCache(stale)).build().unwrap();
    for _ in 0..3 {
        client.companies().list().send().unwrap();
    }
    token.assert();
    old.assert();
    new.assert();
}

#[test]
fn two_clients_sharing_a_cache_refresh_once_between_them() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let mut s = server();
    // The server accepts only the newest token; a new generation revokes the old one.
    let generation = Arc::new(AtomicUsize::new(0));
    let (issue, check, refuse) = (generation.clone(), generation.clone(), generation.clone());
    let current = |g: &AtomicUsize, r: &mockito::Request| {
        r.header("authorization").first().and_then(|v| v.to_str().ok())
            == Some(format!("Bearer tok-{}", g.load(Ordering::SeqCst)).as_str())
    };
    let tokens = s
        .mock("POST", "/v1/token")
        .with_body_from_request(move |_| {
            format!(r#"{{"access_token":"tok-{}","expires_in":86400}}"#, issue.load(Ordering::SeqCst)).into_bytes()
        })
        .expect(6)
        .create();
    let _api = s
        .mock("GET", "/v1/companies")
        .match_request(move |r| current(&check, r))
        .with_body(r#"{"content":[]}"#)
        .create();
    let _refused =
        s.mock("GET", "/v1/companies").match_request(move |r| !current(&refuse, r)).with_status(401).create();
    let cache = pax8::auth::MemoryTokenCache::new();
    let a = builder(&s).client_id("my-client").client_secret(SECRET).token_cache(cache.clone()).build().unwrap();
    let b = builder(&s).client_id("my-client").client_secret(SECRET).token_cache(cache).build().unwrap();
    a.companies().list().send().unwrap();
    b.companies().list().send().unwrap();
    for round in 1..=5 {
        generation.store(round, Ordering::SeqCst);
        a.companies().list().send().unwrap();
        b.companies().list().send().unwrap();
    }
    tokens.assert(); // 1 + one per round, not two per round
}

#[cfg(unix)]
mod file_cache {
    use super::*;
    use pax8::auth::TokenCache;
    use std::os::unix::fs::PermissionsExt;

    /// A token file planted for the victim's credentials, in `dir`.
    fn plant(dir: &std::path::Path, s: &mockito::ServerGuard, secret: &str) {
        let key =
            crate::common::cache_key(&format!("{}/v1/token", s.url()), "https://api.pax8.com", "my-client", secret);
        let planted = pax8::auth::CachedToken::new(
            "attacker-token",
            time::OffsetDateTime::now_utc(),
            Duration::from_secs(86_400),
        );
        pax8::auth::FileTokenCache::new(dir).store(&key, &planted).unwrap();
    }

    /// The victim's call fetches and sends its own token, not what the folder holds.
    fn uses_its_own_token(s: &mut mockito::ServerGuard, dir: &std::path::Path) {
        let token = s
            .mock("POST", "/v1/token")
            .with_body(r#"{"access_token":"own-token","expires_in":86400}"#)
            .expect(1)
            .create();
        let api = s
            .mock("GET", "/v1/companies")
            .match_header("authorization", "Bearer own-token")
            .with_body(r#"{"content":[]}"#)
            .expect(1)
            .create();
        victim(s, dir).companies().list().send().unwrap();
        token.assert();
        api.assert();
    }

    fn victim(s: &mockito::ServerGuard, dir: &std::path::Path) -> pax8::Client {
        builder(s)
            .client_id("my-client")
            .client_secret(SECRET)
            .token_cache(pax8::auth::FileTokenCache::new(dir))
            .build()
            .unwrap()
    }

    #[test]
    fn a_token_planted_in_a_world_writable_folder_is_not_used() {
        let mut s = server();
        let dir = temp_dir();
        plant(&dir, &s, SECRET);
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        uses_its_own_token(&mut s, &dir);
    }

    #[test]
    fn a_folder_owned_by_another_user_is_not_used() {
        let is_root =
            std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0).unwrap_or(false);
        if !is_root {
            eprintln!("skipped: changing a folder's owner needs root (CI runs as root)");
            return;
        }
        let mut s = server();
        let dir = temp_dir();
        plant(&dir, &s, SECRET);
        std::os::unix::fs::chown(&dir, Some(65534), Some(65534)).unwrap();
        uses_its_own_token(&mut s, &dir);
    }

    #[test]
    fn a_fifo_at_the_token_path_does_not_block_a_call() {
        let mut s = server();
        let dir = temp_dir();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        let key =
            crate::common::cache_key(&format!("{}/v1/token", s.url()), "https://api.pax8.com", "my-client", SECRET);
        let fifo = dir.join(format!("token-{key}.json"));
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let _t = s.mock("POST", "/v1/token").with_body(r#"{"access_token":"own-token","expires_in":86400}"#).create();
        let _a = s.mock("GET", "/v1/companies").with_body(r#"{"content":[]}"#).create();
        let (done, finished) = std::sync::mpsc::channel();
        let c = victim(&s, &dir);
        std::thread::spawn(move || done.send(c.companies().list().send().is_ok()));
        assert!(finished.recv_timeout(Duration::from_secs(20)).expect("the call did not block on the FIFO"));
    }

    #[test]
    fn a_rotated_secret_does_not_reuse_the_old_secrets_token() {
        let mut s = server();
        let dir = temp_dir();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        plant(&dir, &s, "the-old-secret");
        uses_its_own_token(&mut s, &dir);
    }
}

#[test]
fn dates_with_multibyte_characters_near_the_end_never_panic() {
    for s in [
        "2024-03-31T02:30:00 (heure d’été)",
        "2023-08-11T11:33:12€xyz",
        "2023-08-11T11:33:12.314-0€",
        "€",
        "2023-08-1€",
    ] {
        if let Some(t) = pax8::models::Timestamp::parse(s) {
            let _ = (t.date(), t.datetime());
        }
        let json = format!(
            r#"{{"id":"a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a","name":"X","updatedDate":{}}}"#,
            serde_json::json!(s)
        );
        let c: pax8::models::Company = serde_json::from_str(&json).unwrap();
        assert_eq!(c.updated_date.unwrap(), pax8::models::Timestamp::Unparsed(s.to_owned()), "kept as sent");
    }
}

#[test]
fn a_server_that_ignores_page_does_not_loop() {
    let mut s = server();
    // Always page 0 of 2, whatever is asked.
    let m = s
        .mock("GET", "/v1/companies")
        .match_query(mockito::Matcher::Any)
        .with_body(
            r#"{"content":[{"id":"a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a","name":"A"}],
                "page":{"number":0,"size":1,"totalElements":2,"totalPages":2}}"#,
        )
        .expect(2)
        .create();
    let items: Vec<_> = client(&s).companies().list().items().collect::<pax8::Result<_>>().unwrap();
    assert_eq!(items.len(), 1, "the repeated page is not yielded again");
    m.assert();
}

#[test]
fn an_absurd_total_pages_ends_at_the_announced_total() {
    let mut s = server();
    let page = |n: u32| {
        format!(
            r#"{{"content":[{{"id":"a4dfc6bf-f02e-4a79-9844-66ba6c02ec3{n}","name":"C{n}"}}],
                "page":{{"number":{n},"size":1,"totalElements":3,"totalPages":4000000000}}}}"#
        )
    };
    let mocks: Vec<_> = (0..3)
        .map(|n| {
            s.mock("GET", "/v1/companies")
                .match_query(mockito::Matcher::UrlEncoded("page".into(), n.to_string()))
                .with_body(page(n))
                .expect(1)
                .create()
        })
        .collect();
    let n = client(&s).companies().list().page_size(1).items().count();
    assert_eq!(n, 3);
    mocks.iter().for_each(|m| m.assert());
}

#[test]
fn two_clients_sharing_a_cache_refresh_an_expired_token_once_between_them() {
    let mut s = server();
    let tokens = s.mock("POST", "/v1/token").with_body(r#"{"access_token":"tok","expires_in":3}"#).expect(2).create();
    let _api = s.mock("GET", "/v1/companies").with_body(r#"{"content":[]}"#).create();
    let cache = pax8::auth::MemoryTokenCache::new();
    let a = builder(&s).client_id("my-client").client_secret(SECRET).token_cache(cache.clone()).build().unwrap();
    let b = builder(&s).client_id("my-client").client_secret(SECRET).token_cache(cache).build().unwrap();
    for round in 0..2 {
        if round > 0 {
            std::thread::sleep(Duration::from_millis(3100)); // the 3 s token is due for refresh
        }
        a.companies().list().send().unwrap();
        b.companies().list().send().unwrap();
    }
    tokens.assert(); // one per round between the two clients, not two
}
