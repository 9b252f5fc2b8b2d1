//! Tokens: fetching, reuse, the file cache across clients and processes, expiry, 401.

use std::time::Duration;

use mockito::{Matcher, Mock, ServerGuard};
use pax8::auth::{CachedToken, FileTokenCache, MemoryTokenCache, TokenCache};
use pax8::{Client, ClientBuilder, Error};
use serde_json::json;
use time::OffsetDateTime;

use crate::common::{builder, fixture, server, temp_dir};

const SECRET: &str = "very-secret-value-42";

fn oauth(server: &ServerGuard) -> ClientBuilder {
    builder(server).client_id("my-client").client_secret(SECRET)
}

/// The token endpoint, asserting the exact client-credentials body.
fn token_mock(server: &mut ServerGuard, token: &str) -> Mock {
    server
        .mock("POST", "/v1/token")
        .match_header("content-type", Matcher::Regex("^application/json".into()))
        .match_body(Matcher::JsonString(
            // The official request example, with our credentials in place of its placeholders.
            fixture("token-request-example").replace("<client-id>", "my-client").replace("<client-secret>", SECRET),
        ))
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(json!({"access_token": token, "expires_in": 86400, "token_type": "Bearer"}).to_string())
}

fn companies_mock(server: &mut ServerGuard, token: &str) -> Mock {
    server
        .mock("GET", "/v1/companies/a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a")
        .match_header("authorization", format!("Bearer {token}").as_str())
        .with_status(200)
        .with_body(fixture("company-0"))
}

const ID: uuid::Uuid = uuid::uuid!("a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a");

fn key_file(dir: &std::path::Path) -> std::path::PathBuf {
    let files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files.into_iter().next().unwrap()
}

#[test]
fn one_token_serves_many_calls() {
    let mut s = server();
    let token = token_mock(&mut s, "tok-1").expect(1).create();
    let api = companies_mock(&mut s, "tok-1").expect(3).create();
    let client = oauth(&s).no_token_cache().build().unwrap();
    for _ in 0..3 {
        assert_eq!(client.companies().get(ID).send().unwrap().name, "VFC Network, Inc");
    }
    token.assert();
    api.assert();
}

#[test]
fn the_official_token_example_is_accepted() {
    let mut s = server();
    s.mock("POST", "/v1/token").with_body(fixture("token-response-example")).create();
    let api = companies_mock(&mut s, "<access-token>").create();
    let client = oauth(&s).no_token_cache().build().unwrap();
    client.companies().get(ID).send().unwrap();
    api.assert();
}

#[test]
fn two_clients_share_a_file_cache_and_fetch_one_token() {
    let mut s = server();
    let dir = temp_dir();
    let token = token_mock(&mut s, "tok-shared").expect(1).create();
    let api = companies_mock(&mut s, "tok-shared").expect(2).create();
    let a = oauth(&s).token_cache(FileTokenCache::new(&dir)).build().unwrap();
    let b = oauth(&s).token_cache(FileTokenCache::new(&dir)).build().unwrap();
    a.companies().get(ID).send().unwrap();
    b.companies().get(ID).send().unwrap();
    token.assert();
    api.assert();

    // The file: owner-only, named without the client id, holding no secret.
    let file = key_file(&dir);
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert!(!name.contains("my-client"), "{name}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains(SECRET) && !text.contains("my-client"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// Child half of `a_second_process_reuses_the_cached_token`: does nothing unless the parent
/// test started this binary with the variables set.
#[test]
#[ignore = "child half of a_second_process_reuses_the_cached_token, which runs it"]
fn child_process_call() {
    let (Ok(url), Ok(dir)) = (std::env::var("PAX8_TEST_CHILD_URL"), std::env::var("PAX8_TEST_CHILD_DIR")) else {
        return;
    };
    let client = Client::builder()
        .base_url(url)
        .client_id("my-client")
        .client_secret(SECRET)
        .token_cache(FileTokenCache::new(dir))
        .no_proxy()
        .build()
        .unwrap();
    client.companies().get(ID).send().unwrap();
}

#[test]
fn a_second_process_reuses_the_cached_token() {
    let mut s = server();
    let dir = temp_dir();
    let token = token_mock(&mut s, "tok-process").expect(1).create();
    let api = companies_mock(&mut s, "tok-process").expect(2).create();
    oauth(&s).token_cache(FileTokenCache::new(&dir)).build().unwrap().companies().get(ID).send().unwrap();

    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["auth::child_process_call", "--exact", "--ignored", "--test-threads=1"])
        .env("PAX8_TEST_CHILD_URL", s.url())
        .env("PAX8_TEST_CHILD_DIR", &dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "child failed: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("1 passed"), "the child test did not run: {stdout}");
    token.assert();
    api.assert();
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_cache_key_is_the_documented_sha256_of_the_credentials() {
    // A known answer, computed outside Rust (Python's hashlib) from the recipe at
    // `auth::cache_key`: sha256(b"pax8-rs token cache key v2\0" + for each of the token URL,
    // audience, client id and secret: its length as a big-endian u64, then its bytes)[:16].
    const KEY: &str = "3e8c71595064b99f02f6737d1c53028d";
    let token_url = "https://api.pax8.com/v1/token";
    assert_eq!(crate::common::cache_key(token_url, "https://api.pax8.com", "my-client", SECRET), KEY);
    // The SDK finds a token stored under that key, so it never asks the (real) token URL.
    let mut s = server();
    let cache = MemoryTokenCache::new();
    cache.store(KEY, &CachedToken::new("tok-known", OffsetDateTime::now_utc(), Duration::from_secs(86_400))).unwrap();
    let api = companies_mock(&mut s, "tok-known").expect(1).create();
    oauth(&s).token_url(token_url).token_cache(cache).build().unwrap().companies().get(ID).send().unwrap();
    api.assert();
}

#[test]
fn an_expired_cached_token_is_refreshed() {
    let mut s = server();
    let cache = MemoryTokenCache::new();
    let key = crate::common::cache_key(&format!("{}/v1/token", s.url()), "https://api.pax8.com", "my-client", SECRET);
    // Issued 2 days ago for 1 day: expired. And one expiring within the refresh skew.
    let old = CachedToken::new(
        "tok-old",
        OffsetDateTime::now_utc() - Duration::from_secs(172_800),
        Duration::from_secs(86_400),
    );
    cache.store(&key, &old).unwrap();
    let token = token_mock(&mut s, "tok-new").expect(1).create();
    let stale = companies_mock(&mut s, "tok-old").expect(0).create();
    let api = companies_mock(&mut s, "tok-new").expect(1).create();
    let client = oauth(&s).token_cache(cache.clone()).build().unwrap();
    client.companies().get(ID).send().unwrap();
    token.assert();
    stale.assert();
    api.assert();
    assert_eq!(cache.load(&key).unwrap().unwrap().access_token(), "tok-new");
}

#[test]
fn a_token_inside_the_refresh_skew_is_not_used() {
    let mut s = server();
    let cache = MemoryTokenCache::new();
    let key = crate::common::cache_key(&format!("{}/v1/token", s.url()), "https://api.pax8.com", "my-client", SECRET);
    // 24 h token with 30 s left: inside the 60 s skew.
    let nearly = CachedToken::new(
        "tok-nearly",
        OffsetDateTime::now_utc() - Duration::from_secs(86_400 - 30),
        Duration::from_secs(86_400),
    );
    cache.store(&key, &nearly).unwrap();
    let token = token_mock(&mut s, "tok-new").expect(1).create();
    let api = companies_mock(&mut s, "tok-new").expect(1).create();
    oauth(&s).token_cache(cache).build().unwrap().companies().get(ID).send().unwrap();
    token.assert();
    api.assert();
}

#[test]
fn a_401_refreshes_once_and_retries_once() {
    let mut s = server();
    let cache = MemoryTokenCache::new();
    let key = crate::common::cache_key(&format!("{}/v1/token", s.url()), "https://api.pax8.com", "my-client", SECRET);
    let revoked = CachedToken::new("tok-revoked", OffsetDateTime::now_utc(), Duration::from_secs(86_400));
    cache.store(&key, &revoked).unwrap();
    let token = token_mock(&mut s, "tok-new").expect(1).create();
    let rejected = s
        .mock("GET", "/v1/companies/a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a")
        .match_header("authorization", "Bearer tok-revoked")
        .with_status(401)
        .with_body(r#"{"type":"UNAUTHORIZED","message":"Jwt expired"}"#)
        .expect(1)
        .create();
    let api = companies_mock(&mut s, "tok-new").expect(1).create();
    let client = oauth(&s).token_cache(cache.clone()).build().unwrap();
    client.companies().get(ID).send().unwrap();
    token.assert();
    rejected.assert();
    api.assert();
    assert_eq!(cache.load(&key).unwrap().unwrap().access_token(), "tok-new");
}

#[test]
fn a_second_401_is_returned_not_looped() {
    let mut s = server();
    let token = token_mock(&mut s, "tok-a").expect(2).create();
    let api = s
        .mock("GET", "/v1/companies/a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a")
        .with_status(401)
        .with_body(r#"{"type":"UNAUTHORIZED","message":"no access"}"#)
        .expect(2)
        .create();
    let err = oauth(&s).no_token_cache().build().unwrap().companies().get(ID).send().unwrap_err();
    assert_eq!(err.status(), Some(401));
    token.assert();
    api.assert();
}

#[test]
fn a_corrupt_cache_file_is_replaced() {
    let mut s = server();
    let dir = temp_dir();
    let cache = FileTokenCache::new(&dir);
    let key = crate::common::cache_key(&format!("{}/v1/token", s.url()), "https://api.pax8.com", "my-client", SECRET);
    // The documented file name: `token-<key>.json` in the cache folder.
    std::fs::write(dir.join(format!("token-{key}.json")), b"{\"key\": garbage").unwrap();
    let token = token_mock(&mut s, "tok-fixed").expect(1).create();
    companies_mock(&mut s, "tok-fixed").expect(1).create();
    oauth(&s).token_cache(cache.clone()).build().unwrap().companies().get(ID).send().unwrap();
    token.assert();
    assert_eq!(cache.load(&key).unwrap().unwrap().access_token(), "tok-fixed");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_unwritable_cache_never_fails_the_call() {
    let mut s = server();
    let dir = temp_dir();
    let blocker = dir.join("not-a-dir");
    std::fs::write(&blocker, b"a file where the cache folder should be").unwrap();
    token_mock(&mut s, "tok-x").expect(1).create();
    let api = companies_mock(&mut s, "tok-x").expect(2).create();
    let client = oauth(&s).token_cache(FileTokenCache::new(blocker.join("cache"))).build().unwrap();
    client.companies().get(ID).send().unwrap();
    client.companies().get(ID).send().unwrap();
    api.assert();
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn refused_credentials_are_an_auth_error_without_the_secret() {
    let mut s = server();
    let token =
        s.mock("POST", "/v1/token").with_status(401).with_body(fixture("token-error-auth-example")).expect(1).create();
    let api = s.mock("GET", Matcher::Any).expect(0).create();
    let client = oauth(&s).no_token_cache().build().unwrap();
    let err = client.companies().get(ID).send().unwrap_err();
    match &err {
        Error::Auth(a) => {
            assert_eq!(a.status, Some(401));
            assert_eq!(a.error.as_deref(), Some("access_denied"));
            assert_eq!(a.description.as_deref(), Some("Unauthorized"));
        }
        other => panic!("expected Error::Auth, got {other:?}"),
    }
    assert_eq!(err.status(), Some(401));
    let shown = format!("{err} {err:?} {client:?}");
    assert!(shown.contains("Unauthorized"), "{shown}");
    assert!(!shown.contains(SECRET), "{shown}");
    token.assert();
    api.assert();
}

#[test]
fn a_token_answer_without_a_token_is_an_auth_error() {
    let mut s = server();
    s.mock("POST", "/v1/token").with_status(200).with_body(r#"{"token_type":"Bearer"}"#).create();
    let err = oauth(&s).no_token_cache().build().unwrap().companies().get(ID).send().unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert!(err.to_string().contains("without an access_token"), "{err}");
}

#[test]
fn audience_and_token_url_are_configurable() {
    let mut s = server();
    let token = s
        .mock("POST", "/oauth/token")
        .match_body(Matcher::PartialJson(json!({"audience": "api://p8p.client", "grant_type": "client_credentials"})))
        .with_body(r#"{"access_token":"tok-legacy","expires_in":86400}"#)
        .expect(1)
        .create();
    companies_mock(&mut s, "tok-legacy").create();
    let client = oauth(&s)
        .audience("api://p8p.client")
        .token_url(format!("{}/oauth/token", s.url()))
        .no_token_cache()
        .build()
        .unwrap();
    client.companies().get(ID).send().unwrap();
    token.assert();
}

#[test]
fn eight_threads_share_one_token_request() {
    let mut s = server();
    let token = token_mock(&mut s, "tok-threads").expect(1).create();
    let api = companies_mock(&mut s, "tok-threads").expect(8 * 50).create();
    let client = oauth(&s).no_token_cache().build().unwrap();
    std::thread::scope(|scope| {
        for _ in 0..8 {
            let client = client.clone();
            scope.spawn(move || {
                for _ in 0..50 {
                    client.companies().get(ID).send().unwrap();
                }
            });
        }
    });
    token.assert();
    api.assert();
}

#[test]
fn missing_credentials_fail_before_any_request() {
    let mut s = server();
    let any = crate::common::expect_no_requests(&mut s);
    let err = builder(&s).client_id("only-an-id").build().unwrap_err();
    assert!(matches!(err, Error::Config(_)));
    assert!(err.to_string().contains("PAX8_CLIENT_SECRET"), "{err}");
    any.assert();
}
