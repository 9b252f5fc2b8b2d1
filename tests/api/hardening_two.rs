//! Hardening, round two (issue 20): token waits bounded by the call, caches that cannot be
//! poisoned, no secret in any `Debug`, upload names, loopback and proxies.

use std::io::Write;
use std::sync::{Arc, Barrier};
use std::time::Duration;

use pax8::auth::{CachedToken, MemoryTokenCache, TokenCache};

use crate::common::*;

const SECRET: &str = "s3cr3t-client-secret";

fn oauth(server: &mockito::ServerGuard) -> pax8::ClientBuilder {
    builder(server).client_id("my-client").client_secret(SECRET)
}

fn key_for(s: &mockito::ServerGuard) -> String {
    cache_key(&format!("{}/v1/token", s.url()), "https://api.pax8.com", "my-client", SECRET)
}

/// A token endpoint on a raw server that answers after `delay`.
fn slow_token(delay: Duration) -> Handler {
    Box::new(move |mut s| {
        read_request(&mut s);
        std::thread::sleep(delay);
        let body = r#"{"access_token":"tok","expires_in":86400}"#;
        let _ = write!(s, "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
    })
}

// 1. A call's timeout bounds every wait for a token.

#[test]
fn a_calls_timeout_bounds_its_wait_for_another_threads_token_request() {
    let (url, count) = tcp_server(vec![slow_token(Duration::from_secs(4))]);
    let client = secret_client(&url, SECRET);
    let fetching = client.clone();
    let first = std::thread::spawn(move || fetching.companies().get(uuid::Uuid::from_u128(1)).send());
    // Until the first thread's token request has reached the server.
    while count.load(std::sync::atomic::Ordering::SeqCst) == 0 {
        std::thread::sleep(Duration::from_millis(5));
    }
    let err = client.companies().list().timeout(Duration::from_millis(300)).send().unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst), 1, "one token request");
    drop(first);
}

#[test]
fn a_calls_timeout_bounds_its_wait_for_another_processs_cache_lock() {
    let mut s = server();
    let token =
        s.mock("POST", "/v1/token").with_body(r#"{"access_token":"tok","expires_in":86400}"#).expect(0).create();
    let dir = temp_dir();
    let cache = pax8::auth::FileTokenCache::new(&dir);
    // Another process is fetching (it holds the lock, for up to 15 s).
    let held = cache.lock(&key_for(&s), Duration::ZERO).unwrap().expect("the lock");
    let client = oauth(&s).token_cache(cache).build().unwrap();
    let err = client.companies().list().timeout(Duration::from_millis(300)).send().unwrap_err();
    assert!(err.is_timeout(), "{err}");
    token.assert();
    drop(held);
    let _ = std::fs::remove_dir_all(dir);
}

// 2. Clients on clones of one memory cache share one token request.

#[test]
fn two_clients_on_clones_of_one_memory_cache_send_one_token_request() {
    let mut s = server();
    let token = s
        .mock("POST", "/v1/token")
        .with_body_from_request(|_| {
            std::thread::sleep(Duration::from_millis(500));
            br#"{"access_token":"tok","expires_in":86400}"#.to_vec()
        })
        .expect(1)
        .create();
    let api = s
        .mock("GET", "/v1/companies")
        .match_header("authorization", "Bearer tok")
        .with_body(r#"{"content":[]}"#)
        .expect(2)
        .create();
    let cache = MemoryTokenCache::new();
    let start = Arc::new(Barrier::new(2));
    let threads: Vec<_> = [cache.clone(), cache]
        .into_iter()
        .map(|cache| {
            let client = oauth(&s).token_cache(cache).build().unwrap();
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                client.companies().list().send().map(|p| p.items.len())
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap().unwrap(), 0);
    }
    token.assert();
    api.assert();
}

// 3. What a cache hands back is checked like a token endpoint's answer.

/// The victim's call with `planted` in its cache fetches its own token, and the cache then
/// holds that one.
fn a_planted_entry_is_a_miss_and_is_replaced(cache: Arc<dyn TokenCache>, planted: CachedToken) {
    let mut s = server();
    let key = key_for(&s);
    cache.store(&key, &planted).unwrap();
    let token =
        s.mock("POST", "/v1/token").with_body(r#"{"access_token":"own-token","expires_in":86400}"#).expect(1).create();
    let api = s
        .mock("GET", "/v1/companies")
        .match_header("authorization", "Bearer own-token")
        .with_body(r#"{"content":[]}"#)
        .expect(2)
        .create();
    let client = oauth(&s).token_cache(cache.clone()).build().unwrap();
    client.companies().list().send().unwrap();
    client.companies().list().send().unwrap();
    token.assert();
    api.assert();
    assert_eq!(cache.load(&key).unwrap().map(|t| t.access_token().to_owned()).as_deref(), Some("own-token"));
}

fn planted_entries() -> Vec<CachedToken> {
    let year_9999 = time::macros::datetime!(9999-01-01 0:00 UTC);
    let now = time::OffsetDateTime::now_utc();
    vec![
        CachedToken::new("attacker-token", year_9999, Duration::from_secs(86_400)),
        CachedToken::new("attacker-token", now + Duration::from_secs(40 * 86_400), Duration::from_secs(3600)),
        CachedToken::new("tok\r\nX-Evil: 1", now, Duration::from_secs(86_400)),
        CachedToken::new("tok\u{7f}", now, Duration::from_secs(86_400)),
        CachedToken::new("tok en", now, Duration::from_secs(86_400)),
    ]
}

#[test]
fn a_planted_memory_cache_entry_is_a_miss_and_is_replaced() {
    for planted in planted_entries() {
        a_planted_entry_is_a_miss_and_is_replaced(Arc::new(MemoryTokenCache::new()), planted);
    }
}

#[test]
fn a_planted_file_cache_entry_is_a_miss_and_is_replaced() {
    for planted in planted_entries() {
        let dir = temp_dir();
        #[cfg(unix)]
        std::fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
        a_planted_entry_is_a_miss_and_is_replaced(Arc::new(pax8::auth::FileTokenCache::new(&dir)), planted);
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn a_cache_entry_from_another_cache_server_is_checked_too() {
    // What Redis and memcached hand back goes through `from_json`.
    let year_9999 = 253_370_764_800i64;
    for entry in [
        format!(r#"{{"access_token":"t","expires_at":{year_9999},"lifetime":86400}}"#),
        r#"{"access_token":"t\r\nX: y","expires_at":1,"lifetime":86400}"#.to_owned(),
    ] {
        assert_eq!(CachedToken::from_json(&entry), None, "{entry}");
    }
    let good = CachedToken::new("t", time::OffsetDateTime::now_utc(), Duration::from_secs(86_400));
    assert_eq!(CachedToken::from_json(&good.to_json()), Some(good));
}

// 10. Plain-http loopback traffic never goes through a proxy from the environment.

/// Child half of the proxy test: does nothing unless started by it with `PAX8_PROXY_CHILD`
/// (the URL of the mock server) and the proxy variables set.
#[test]
fn proxy_child() {
    let Ok(url) = std::env::var("PAX8_PROXY_CHILD") else { return };
    // No `no_proxy()`: the proxy comes from the environment.
    let client = pax8::Client::builder()
        .base_url(&url)
        .client_id("my-client")
        .client_secret(SECRET)
        .no_token_cache()
        .no_rate_limit()
        .build()
        .unwrap();
    client.companies().list().send().unwrap();
}

#[test]
fn plain_http_loopback_never_goes_through_a_proxy_from_the_environment() {
    let proxy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy_url = format!("http://{}", proxy.local_addr().unwrap());
    let proxied = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = proxied.clone();
    std::thread::spawn(move || {
        for stream in proxy.incoming().flatten() {
            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut stream = stream;
            read_request(&mut stream);
            let _ = stream.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    let mut s = server();
    let token = s
        .mock("POST", "/v1/token")
        .match_body(mockito::Matcher::PartialJsonString(format!(r#"{{"client_secret":"{SECRET}"}}"#)))
        .with_body(r#"{"access_token":"tok","expires_in":86400}"#)
        .expect(1)
        .create();
    let api = s
        .mock("GET", "/v1/companies")
        .match_header("authorization", "Bearer tok")
        .with_body(r#"{"content":[]}"#)
        .expect(1)
        .create();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["hardening_two::proxy_child", "--exact", "--test-threads=1"])
        .env("PAX8_PROXY_CHILD", s.url())
        .envs(["ALL_PROXY", "HTTP_PROXY", "http_proxy", "all_proxy"].map(|k| (k, proxy_url.as_str())))
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "child failed: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("1 passed"), "the child test did not run: {stdout}");
    assert_eq!(proxied.load(std::sync::atomic::Ordering::SeqCst), 0, "nothing went to the proxy");
    token.assert();
    api.assert();
}

// 8. No secret in any `Debug`.

#[test]
fn a_token_endpoints_400_with_a_token_shows_it_nowhere() {
    for body in [
        r#"{"error":"invalid_request","access_token":"leaked-tok-1","nested":{"refresh_token":"leaked-tok-2"}}"#,
        r#"access_token=leaked-tok-1&refresh_token=leaked-tok-2"#,
    ] {
        let mut s = server();
        let _t = s.mock("POST", "/v1/token").with_status(400).with_body(body).create();
        let err = oauth(&s).no_token_cache().build().unwrap().companies().list().send().unwrap_err();
        let pax8::Error::Auth(auth) = &err else { panic!("an auth error: {err}") };
        for shown in [format!("{err:?}"), format!("{err}"), format!("{auth:?}"), auth.raw.clone()] {
            assert!(!shown.contains("leaked-tok"), "{shown}");
        }
        assert_eq!(auth.status, Some(400));
    }
    // What is not a secret stays.
    let mut s = server();
    let _t = s.mock("POST", "/v1/token").with_status(400).with_body(r#"{"error":"invalid_request"}"#).create();
    let err = oauth(&s).no_token_cache().build().unwrap().companies().list().send().unwrap_err();
    let pax8::Error::Auth(auth) = &err else { panic!("an auth error: {err}") };
    assert_eq!(auth.raw, r#"{"error":"invalid_request"}"#);
}

#[test]
fn no_public_type_that_holds_a_secret_shows_it_in_debug() {
    let pw = "hunter2-password";
    let builder = pax8::Client::builder()
        .client_id("my-client")
        .client_secret(SECRET)
        .access_token("fixed-token-value")
        .base_url(format!("https://user:{pw}@api.example.com"))
        .token_url(format!("https://user:{pw}@login.example.com/token"))
        .portal_url(format!("https://user:{pw}@portal.example.com"))
        .proxy(format!("http://user:{pw}@proxy.example.com:3128"));
    let mut shown = vec![format!("{builder:?}")];
    let err = builder.build().unwrap_err();
    shown.push(format!("{err:?}"));
    shown.push(format!("{err}"));
    let client = pax8::Client::builder().client_id("my-client").client_secret(SECRET).no_proxy().build().unwrap();
    shown.push(format!("{client:?}"));
    let token = CachedToken::new("bearer-token-value", time::OffsetDateTime::now_utc(), Duration::from_secs(60));
    shown.push(format!("{token:?}"));
    shown.push(format!("{:?}", pax8::auth::RedisTokenCache::new(&format!("redis://user:{pw}@127.0.0.1:1")).unwrap()));
    shown.push(format!(
        "{:?}",
        pax8::auth::MemcachedTokenCache::new(&format!("memcache://user:{pw}@127.0.0.1:1")).unwrap()
    ));
    shown.push(format!(
        "{:?}",
        pax8::ratelimit::RedisRateLimiter::per_minute(&format!("redis://user:{pw}@127.0.0.1:1"), 10).unwrap()
    ));
    shown.push(format!("{:?}", pax8::auth::EncryptedFileTokenCache::new(temp_dir(), [0x5a; 32])));
    for debug in &shown {
        for secret in [pw, SECRET, "fixed-token-value", "bearer-token-value", "5a, 5a", "90, 90"] {
            assert!(!debug.contains(secret), "{secret} in {debug}");
        }
    }
    assert!(shown[0].contains("api.example.com"), "the host stays: {}", shown[0]);
}

// 6. Connecting to a cache server, TLS handshake and name resolution included, is bounded.

#[test]
fn a_rediss_server_that_never_answers_the_handshake_does_not_hang_a_call() {
    // Accepts connections and reads, never answers (a TLS handshake waits for ever).
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut stream = stream;
                let _ = std::io::copy(&mut stream, &mut std::io::sink());
            });
        }
    });
    let mut s = server();
    let _t = s.mock("POST", "/v1/token").with_body(r#"{"access_token":"own-token","expires_in":86400}"#).create();
    let api = s.mock("GET", "/v1/companies").with_body(r#"{"content":[]}"#).expect(1).create();
    let cache = pax8::auth::RedisTokenCache::new(&format!("rediss://localhost:{port}"))
        .unwrap()
        .timeout(Duration::from_millis(200));
    let client = oauth(&s).token_cache(cache).build().unwrap();
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(client.companies().list().send().is_ok()));
    assert!(finished.recv_timeout(Duration::from_secs(30)).expect("the call hung on the TLS handshake"));
    api.assert();
}
