//! Fleets of workers: token caches and a rate budget shared across processes.
//!
//! Real servers, not mocks: each test starts its own `redis-server` or `memcached` on a free
//! loopback port (`.ci/services` installs them) and stops it at the end. The test binary
//! re-executes itself (`fleet::child`) to get a second process.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mockito::{Matcher, Mock, ServerGuard};
use pax8::Client;
use pax8::auth::{CachedToken, FileTokenCache, TokenCache};
use serde_json::json;
use uuid::uuid;

use crate::common::{TOKEN, fixture, server, temp_dir};

const CLIENT_ID: &str = "fleet-client-id";
const SECRET: &str = "fleet-secret-value-7";
const ID: uuid::Uuid = uuid!("a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a");
#[cfg(feature = "encrypted-cache")]
const KEY_HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

// ---------------------------------------------------------------------------------------------
// The cache a process uses, passed to a child process as one environment variable.

#[derive(Clone, Debug)]
enum Cache {
    File(PathBuf),
    /// Sealed with the key in `PAX8_TOKEN_CACHE_KEY`.
    #[cfg(feature = "encrypted-cache")]
    Encrypted(PathBuf),
    /// URL and namespace.
    #[cfg(feature = "redis")]
    Redis(String, String),
    /// URL and namespace.
    #[cfg(feature = "memcached")]
    Memcached(String, String),
}

impl Cache {
    fn to_env(&self) -> String {
        match self {
            Cache::File(dir) => format!("file|{}", dir.display()),
            #[cfg(feature = "encrypted-cache")]
            Cache::Encrypted(dir) => format!("encrypted|{}", dir.display()),
            #[cfg(feature = "redis")]
            Cache::Redis(url, ns) => format!("redis|{url}|{ns}"),
            #[cfg(feature = "memcached")]
            Cache::Memcached(url, ns) => format!("memcached|{url}|{ns}"),
        }
    }

    fn from_env(s: &str) -> Self {
        let parts: Vec<&str> = s.split('|').collect();
        match parts[0] {
            "file" => Cache::File(parts[1].into()),
            #[cfg(feature = "encrypted-cache")]
            "encrypted" => Cache::Encrypted(parts[1].into()),
            #[cfg(feature = "redis")]
            "redis" => Cache::Redis(parts[1].into(), parts[2].into()),
            #[cfg(feature = "memcached")]
            "memcached" => Cache::Memcached(parts[1].into(), parts[2].into()),
            other => panic!("unknown cache {other}"),
        }
    }

    fn build(&self) -> std::sync::Arc<dyn TokenCache> {
        match self {
            Cache::File(dir) => std::sync::Arc::new(FileTokenCache::new(dir)),
            // Children get the key in the environment; the test process uses it directly.
            #[cfg(feature = "encrypted-cache")]
            Cache::Encrypted(dir) => std::sync::Arc::new(match std::env::var("PAX8_FLEET_ROLE") {
                Ok(_) => pax8::auth::EncryptedFileTokenCache::from_env(dir).unwrap(),
                Err(_) => pax8::auth::EncryptedFileTokenCache::new(dir, hex_key(KEY_HEX)),
            }),
            #[cfg(feature = "redis")]
            Cache::Redis(url, ns) => {
                std::sync::Arc::new(pax8::auth::RedisTokenCache::new(url).unwrap().namespace(ns).unwrap())
            }
            #[cfg(feature = "memcached")]
            Cache::Memcached(url, ns) => {
                std::sync::Arc::new(pax8::auth::MemcachedTokenCache::new(url).unwrap().namespace(ns).unwrap())
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Child processes.

/// Child half of the tests below: does nothing unless a test started this binary with
/// `PAX8_FLEET_ROLE` set.
///
/// - `call`: `PAX8_FLEET_CALLS` company reads on `PAX8_FLEET_THREADS` threads against
///   `PAX8_FLEET_URL`, with the cache in `PAX8_FLEET_CACHE` (OAuth) or the fixed test token,
///   and the Redis limiter in `PAX8_FLEET_LIMITER` (`url|namespace|limit|window ms|margin ms`).
/// - `churn`: 10 threads storing and loading the cache in `PAX8_FLEET_CACHE` for
///   `PAX8_FLEET_MILLIS`, asserting that every load is a whole token.
///
/// With `PAX8_FLEET_BARRIER` (a folder), children start their work together.
#[test]
#[ignore = "child half of the fleet tests, which run it"]
fn child() {
    let Ok(role) = std::env::var("PAX8_FLEET_ROLE") else { return };
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} not set"));
    let num = |name: &str| var(name).parse::<u64>().unwrap();
    let threads = std::env::var("PAX8_FLEET_THREADS").map_or(1, |t| t.parse().unwrap());
    match role.as_str() {
        "call" => {
            let client = child_client(&var("PAX8_FLEET_URL"));
            let calls = num("PAX8_FLEET_CALLS");
            barrier();
            std::thread::scope(|scope| {
                for _ in 0..threads {
                    let client = client.clone();
                    scope.spawn(move || {
                        for _ in 0..calls {
                            assert_eq!(client.companies().get(ID).send().unwrap().name, "VFC Network, Inc");
                        }
                    });
                }
            });
        }
        "churn" => {
            let cache = Cache::from_env(&var("PAX8_FLEET_CACHE")).build();
            let millis = num("PAX8_FLEET_MILLIS");
            barrier();
            let until = Instant::now() + Duration::from_millis(millis);
            std::thread::scope(|scope| {
                for thread in 0..10 {
                    let cache = &cache;
                    scope.spawn(move || churn(&**cache, thread, until));
                }
            });
        }
        other => panic!("unknown role {other}"),
    }
}

fn child_client(url: &str) -> Client {
    let mut b = Client::builder().base_url(url).no_proxy().retry_base_delay(Duration::from_millis(10));
    b = match std::env::var("PAX8_FLEET_CACHE") {
        Ok(cache) => b.client_id(CLIENT_ID).client_secret(SECRET).token_cache(Cache::from_env(&cache).build()),
        Err(_) => b.access_token(TOKEN),
    };
    match std::env::var("PAX8_FLEET_LIMITER") {
        #[cfg(feature = "redis")]
        Ok(spec) => {
            let p: Vec<&str> = spec.split('|').collect();
            let window = Duration::from_millis(p[3].parse().unwrap());
            let limiter = pax8::ratelimit::RedisRateLimiter::new(p[0], p[2].parse().unwrap(), window)
                .unwrap()
                .namespace(p[1])
                .unwrap()
                .margin(Duration::from_millis(p[4].parse().unwrap()));
            b.rate_limiter(std::sync::Arc::new(limiter))
        }
        _ => b.no_rate_limit(),
    }
    .build()
    .unwrap()
}

/// Waits until every child of the test has reached this point (at most 20 s).
fn barrier() {
    let (Ok(dir), Ok(n)) = (std::env::var("PAX8_FLEET_BARRIER"), std::env::var("PAX8_FLEET_CHILDREN")) else {
        return;
    };
    let n: usize = n.parse().unwrap();
    std::fs::write(PathBuf::from(&dir).join(std::process::id().to_string()), b"").unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::fs::read_dir(&dir).unwrap().count() < n {
        assert!(Instant::now() < deadline, "the other children never came");
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// A token whose text says how long it is, so that a torn read shows.
fn churn_token(thread: usize, n: usize) -> CachedToken {
    let len = 200 + (n * 7919 + thread * 104_729) % 4000;
    let text = format!("{len:05}:{}", char::from(b'a' + (n % 26) as u8).to_string().repeat(len));
    CachedToken::new(text, time::OffsetDateTime::now_utc(), Duration::from_secs(3600 + thread as u64))
}

fn churn(cache: &dyn TokenCache, thread: usize, until: Instant) {
    let mut n = 0;
    while Instant::now() < until {
        cache.store("churn", &churn_token(thread, n)).unwrap();
        let t = cache.load("churn").unwrap().expect("a miss after a store: a torn or unreadable file");
        let (len, body) = t.access_token().split_once(':').expect("a token without its length");
        assert_eq!(body.len(), len.parse::<usize>().unwrap(), "a torn token");
        assert!(body.bytes().all(|b| b == body.as_bytes()[0]), "a token mixed from two writes");
        assert!((3600..3610).contains(&t.lifetime().as_secs()), "{t:?}");
        n += 1;
    }
    assert!(n > 0);
}

/// Children started together, and the folder of their barrier.
struct Children(Vec<Child>, PathBuf);

/// Starts `n` children with `role` and `vars`, all released together.
fn spawn_children(n: usize, role: &str, vars: &[(&str, String)]) -> Children {
    let barrier = temp_dir();
    let children = (0..n)
        .map(|_| {
            Command::new(std::env::current_exe().unwrap())
                .args(["fleet::child", "--exact", "--ignored", "--test-threads=1"])
                .env("PAX8_FLEET_ROLE", role)
                .env("PAX8_FLEET_BARRIER", &barrier)
                .env("PAX8_FLEET_CHILDREN", n.to_string())
                .envs(vars.iter().map(|(k, v)| (*k, v.as_str())))
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    Children(children, barrier)
}

/// Waits for every child and asserts that its `child` test ran and passed.
fn finish(Children(children, barrier): Children) {
    for c in children {
        let out = c.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "child failed: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
        assert!(stdout.contains("1 passed"), "the child test did not run: {stdout}");
    }
    std::fs::remove_dir_all(barrier).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Servers: the token endpoint (mockito) and real cache servers.

/// The token endpoint, asserting the client-credentials body, answering after `delay` with a
/// token that lives `lifetime` seconds.
fn token_mock(s: &mut ServerGuard, token: &str, delay: Duration, lifetime: u64) -> Mock {
    let body = json!({"access_token": token, "expires_in": lifetime, "token_type": "Bearer"}).to_string();
    s.mock("POST", "/v1/token")
        .match_body(Matcher::Json(json!({
            "client_id": CLIENT_ID,
            "client_secret": SECRET,
            "audience": "https://api.pax8.com",
            "grant_type": "client_credentials",
        })))
        .with_header("content-type", "application/json")
        .with_chunked_body(move |w| {
            std::thread::sleep(delay);
            w.write_all(body.as_bytes())
        })
}

fn companies_mock(s: &mut ServerGuard, token: &str) -> Mock {
    s.mock("GET", format!("/v1/companies/{ID}").as_str())
        .match_header("authorization", format!("Bearer {token}").as_str())
        .with_header("content-type", "application/json")
        .with_body(fixture("company-0"))
}

/// The cache key of the test credentials against `s`.
fn key_for(s: &ServerGuard) -> String {
    crate::common::cache_key(&format!("{}/v1/token", s.url()), "https://api.pax8.com", CLIENT_ID, SECRET)
}

#[cfg(any(feature = "encrypted-cache", feature = "redis", feature = "memcached"))]
fn oauth(s: &ServerGuard) -> pax8::ClientBuilder {
    crate::common::builder(s).client_id(CLIENT_ID).client_secret(SECRET)
}

#[cfg(any(feature = "encrypted-cache", feature = "redis", feature = "memcached"))]
fn get_company(client: &Client) {
    assert_eq!(client.companies().get(ID).send().unwrap().name, "VFC Network, Inc");
}

/// A `redis-server` or `memcached` on a free loopback port, stopped when dropped.
#[cfg(any(feature = "redis", feature = "memcached"))]
struct Service {
    child: Option<Child>,
    port: u16,
}

#[cfg(any(feature = "redis", feature = "memcached"))]
impl Service {
    #[cfg(feature = "redis")]
    fn redis() -> Self {
        Self::start("redis-server", |port| {
            ["--port", port.as_str(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
                .map(String::from)
                .to_vec()
        })
    }

    #[cfg(feature = "memcached")]
    fn memcached() -> Self {
        // `-u root` only matters when run as root (CI), where memcached insists on it.
        Self::start("memcached", |port| {
            ["-l", "127.0.0.1", "-p", port.as_str(), "-U", "0", "-u", "root"].map(String::from).to_vec()
        })
    }

    fn start(program: &str, args: impl Fn(String) -> Vec<String>) -> Self {
        for _ in 0..5 {
            let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            let mut child = Command::new(program)
                .args(args(port.to_string()))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {program} ({e}): run .ci/services to install it"));
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if child.try_wait().unwrap().is_some() {
                    break; // The port was taken meanwhile: try another.
                }
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Service { child: Some(child), port };
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("{program} did not start");
    }

    #[cfg(feature = "redis")]
    fn redis_url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    #[cfg(feature = "memcached")]
    fn memcached_url(&self) -> String {
        format!("memcache://127.0.0.1:{}", self.port)
    }

    fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

#[cfg(any(feature = "redis", feature = "memcached"))]
impl Drop for Service {
    fn drop(&mut self) {
        self.stop();
    }
}

// ---------------------------------------------------------------------------------------------
// One token request across processes.

/// Two processes that miss at the same moment (released together, the token endpoint
/// answering after 300 ms) send exactly one token request between them.
fn two_processes_send_one_token_request(cache: Cache, extra: &[(&str, String)]) {
    let mut s = server();
    let token = token_mock(&mut s, "tok-fleet", Duration::from_millis(300), 86_400).expect(1).create();
    let api = companies_mock(&mut s, "tok-fleet").expect(2 * 3).create();
    let mut vars =
        vec![("PAX8_FLEET_URL", s.url()), ("PAX8_FLEET_CACHE", cache.to_env()), ("PAX8_FLEET_CALLS", "3".to_owned())];
    vars.extend(extra.iter().cloned());
    finish(spawn_children(2, "call", &vars));
    token.assert();
    api.assert();
    // Whichever process fetched, the token is in the shared cache.
    let cached = cache.build().load(&key_for(&s)).unwrap().unwrap();
    assert_eq!(cached.access_token(), "tok-fleet");
}

#[test]
fn two_processes_on_a_file_cache_send_one_token_request() {
    let dir = temp_dir();
    two_processes_send_one_token_request(Cache::File(dir.clone()), &[]);
    // The lock file is gone; only the token file is left.
    let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(feature = "encrypted-cache")]
#[test]
fn two_processes_on_an_encrypted_cache_send_one_token_request() {
    let dir = temp_dir();
    two_processes_send_one_token_request(Cache::Encrypted(dir.clone()), &[("PAX8_TOKEN_CACHE_KEY", KEY_HEX.into())]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(feature = "redis")]
#[test]
fn two_processes_on_redis_send_one_token_request() {
    let redis = Service::redis();
    two_processes_send_one_token_request(Cache::Redis(redis.redis_url(), "fleet-one".into()), &[]);
}

#[cfg(feature = "memcached")]
#[test]
fn two_processes_on_memcached_send_one_token_request() {
    let memcached = Service::memcached();
    two_processes_send_one_token_request(Cache::Memcached(memcached.memcached_url(), "fleet-one".into()), &[]);
}

// ---------------------------------------------------------------------------------------------
// No torn reads.

fn twenty_threads_in_two_processes(cache: Cache, extra: &[(&str, String)]) {
    let mut vars = vec![("PAX8_FLEET_CACHE", cache.to_env()), ("PAX8_FLEET_MILLIS", "1500".to_owned())];
    vars.extend(extra.iter().cloned());
    finish(spawn_children(2, "churn", &vars));
    // The last write is whole.
    let last = cache.build().load("churn").unwrap().unwrap();
    let (len, body) = last.access_token().split_once(':').unwrap();
    assert_eq!(body.len(), len.parse::<usize>().unwrap());
}

#[test]
fn twenty_threads_in_two_processes_never_read_a_torn_file() {
    let dir = temp_dir();
    twenty_threads_in_two_processes(Cache::File(dir.clone()), &[]);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(feature = "encrypted-cache")]
#[test]
fn twenty_threads_in_two_processes_never_read_a_torn_encrypted_file() {
    let dir = temp_dir();
    twenty_threads_in_two_processes(Cache::Encrypted(dir.clone()), &[("PAX8_TOKEN_CACHE_KEY", KEY_HEX.into())]);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    std::fs::remove_dir_all(dir).unwrap();
}

// ---------------------------------------------------------------------------------------------
// The encrypted cache.

#[cfg(feature = "encrypted-cache")]
fn hex_key(hex: &str) -> [u8; 32] {
    std::array::from_fn(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
}

#[cfg(feature = "encrypted-cache")]
#[test]
fn the_encrypted_file_hides_the_token_and_a_flipped_byte_or_wrong_key_is_a_miss() {
    use pax8::auth::EncryptedFileTokenCache;
    let contains = |hay: &[u8], needle: &str| hay.windows(needle.len()).any(|w| w == needle.as_bytes());
    let mut s = server();
    let dir = temp_dir();
    let key = key_for(&s);
    let token = token_mock(&mut s, "tok-sealed-4242", Duration::ZERO, 86_400).expect(3).create();
    let api = companies_mock(&mut s, "tok-sealed-4242").expect(4).create();
    let sealed = EncryptedFileTokenCache::new(&dir, hex_key(KEY_HEX));
    let other_key = EncryptedFileTokenCache::new(&dir, [7u8; 32]);

    // First client: fetches and seals (token request 1).
    get_company(&oauth(&s).token_cache(sealed.clone()).build().unwrap());
    // The documented file name: `token-<key>.sealed` in the cache folder.
    let file = dir.join(format!("token-{key}.sealed"));
    let bytes = std::fs::read(&file).unwrap();
    for clear in ["tok-sealed-4242", CLIENT_ID, SECRET, "access_token", "expires_at"] {
        assert!(!contains(&bytes, clear), "{clear} in clear in the sealed file");
    }
    assert_eq!(sealed.load(&key).unwrap().unwrap().access_token(), "tok-sealed-4242");

    // A second client with the same key reuses it.
    get_company(&oauth(&s).token_cache(sealed.clone()).build().unwrap());

    // One flipped byte anywhere (header, nonce, ciphertext, tag) is a miss, never an error.
    for at in [0, 7, 8, 31, 32, bytes.len() / 2, bytes.len() - 1] {
        let mut tampered = bytes.clone();
        tampered[at] ^= 0x01;
        std::fs::write(&file, &tampered).unwrap();
        assert_eq!(sealed.load(&key).unwrap(), None, "byte {at} flipped");
    }
    // A truncated file too.
    std::fs::write(&file, &bytes[..bytes.len() - 1]).unwrap();
    assert_eq!(sealed.load(&key).unwrap(), None);
    // And a client facing a tampered file fetches a fresh token (token request 2).
    std::fs::write(&file, [&bytes[..40], &[bytes[40] ^ 0x80], &bytes[41..]].concat()).unwrap();
    get_company(&oauth(&s).token_cache(sealed.clone()).build().unwrap());

    // The wrong key: a miss, and a client with it fetches its own token (request 3).
    assert!(sealed.load(&key).unwrap().is_some());
    assert_eq!(other_key.load(&key).unwrap(), None);
    get_company(&oauth(&s).token_cache(other_key.clone()).build().unwrap());
    assert_eq!(other_key.load(&key).unwrap().unwrap().access_token(), "tok-sealed-4242");
    assert_eq!(sealed.load(&key).unwrap(), None, "now sealed with the other key");

    token.assert();
    api.assert();
    std::fs::remove_dir_all(dir).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Server caches: keys, expiry, and a server that goes away.

/// A client on `cache` reads a company through a token that `s` issues for `lifetime` s.
#[cfg(any(feature = "redis", feature = "memcached"))]
fn fill(s: &mut ServerGuard, cache: impl TokenCache + 'static, lifetime: u64) {
    let token = token_mock(s, "tok-served", Duration::ZERO, lifetime).expect(1).create();
    let api = companies_mock(s, "tok-served").expect(1).create();
    get_company(&oauth(s).token_cache(cache).build().unwrap());
    token.assert();
    api.assert();
}

#[cfg(feature = "redis")]
#[test]
fn redis_keys_are_namespaced_hold_no_secret_and_expire_with_the_token() {
    use pax8::auth::RedisTokenCache;
    let redis = Service::redis();
    let mut s = server();
    let cache = RedisTokenCache::new(&redis.redis_url()).unwrap().namespace("team-a").unwrap();
    fill(&mut s, cache.clone(), 3600);

    let mut conn = redis::Client::open(redis.redis_url()).unwrap().get_connection().unwrap();
    let keys: Vec<String> = redis::cmd("KEYS").arg("*").query(&mut conn).unwrap();
    let key = key_for(&s);
    assert_eq!(keys, vec![format!("team-a:token:{key}")], "the lock key is released");
    let value: String = redis::cmd("GET").arg(&keys[0]).query(&mut conn).unwrap();
    assert!(!value.contains(CLIENT_ID) && !value.contains(SECRET), "{value}");
    assert_eq!(CachedToken::from_json(&value).unwrap().access_token(), "tok-served");
    // Expires with the token: an hour, less the moments since it was issued.
    let ttl: i64 = redis::cmd("PTTL").arg(&keys[0]).query(&mut conn).unwrap();
    assert!((3_590_000..=3_600_000).contains(&ttl), "{ttl}");

    // Another namespace sees nothing; the same namespace in another cache sees the token.
    let other = RedisTokenCache::new(&redis.redis_url()).unwrap().namespace("team-b").unwrap();
    assert_eq!(other.load(&key).unwrap(), None);
    let same = RedisTokenCache::new(&redis.redis_url()).unwrap().namespace("team-a").unwrap();
    assert_eq!(same.load(&key).unwrap().unwrap().access_token(), "tok-served");
    // An expired token is not stored at all.
    let expired =
        CachedToken::new("old", time::OffsetDateTime::now_utc() - Duration::from_secs(10), Duration::from_secs(5));
    same.store(&key, &expired).unwrap();
    assert_eq!(same.load(&key).unwrap(), None);
    assert!(RedisTokenCache::new("redis://127.0.0.1").unwrap().namespace("has space").is_err());
    assert!(!format!("{:?}", RedisTokenCache::new("redis://:hunter2@127.0.0.1:1").unwrap()).contains("hunter2"));
}

#[cfg(feature = "memcached")]
#[test]
fn memcached_keys_are_namespaced_hold_no_secret_and_expire_with_the_token() {
    use pax8::auth::MemcachedTokenCache;
    let memcached = Service::memcached();
    let mut s = server();
    let cache = MemcachedTokenCache::new(&memcached.memcached_url()).unwrap().namespace("team-a").unwrap();
    fill(&mut s, cache.clone(), 3600);

    let key = key_for(&s);
    let raw = memcache::Client::connect(memcached.memcached_url()).unwrap();
    let name = format!("team-a:token:{key}");
    let value: String = raw.get(&name).unwrap().unwrap();
    assert!(!value.contains(CLIENT_ID) && !value.contains(SECRET), "{value}");
    assert_eq!(CachedToken::from_json(&value).unwrap().access_token(), "tok-served");
    assert_eq!(raw.get::<String>(&format!("team-a:token-lock:{key}")).unwrap(), None, "the lock is released");

    let other = MemcachedTokenCache::new(&memcached.memcached_url()).unwrap().namespace("team-b").unwrap();
    assert_eq!(other.load(&key).unwrap(), None);
    // Expires with the token: one with a second left is gone two seconds later.
    let brief =
        CachedToken::new("brief", time::OffsetDateTime::now_utc() - Duration::from_secs(9), Duration::from_secs(10));
    cache.store(&key, &brief).unwrap();
    assert_eq!(cache.load(&key).unwrap().unwrap().access_token(), "brief");
    std::thread::sleep(Duration::from_millis(2100));
    assert_eq!(cache.load(&key).unwrap(), None);
    assert_eq!(raw.get::<String>(&name).unwrap(), None);

    assert!(matches!(MemcachedTokenCache::new("http://127.0.0.1:1"), Err(pax8::Error::Config(_))));
    assert!(cache.clone().namespace("").is_err());
    let shown = format!("{:?}", MemcachedTokenCache::new("memcache://user:hunter2@127.0.0.1:1").unwrap());
    assert!(shown.contains("127.0.0.1:1") && !shown.contains("hunter2"), "{shown}");
}

/// Clients share `cache` (and `limiter`); the server behind them is stopped mid-run. Every
/// call still succeeds: clients holding the token keep it, a new client fetches one.
#[cfg(any(feature = "redis", feature = "memcached"))]
fn a_server_stopped_mid_run_never_fails_a_call(
    service: &mut Service,
    cache: impl TokenCache + Clone + 'static,
    limiter: Option<std::sync::Arc<dyn pax8::ratelimit::RateLimiter>>,
) {
    let mut s = server();
    let token = token_mock(&mut s, "tok-mid", Duration::ZERO, 86_400).expect(2).create();
    let api = companies_mock(&mut s, "tok-mid").expect(3 + 1 + 3 + 2).create();
    let build = || {
        let b = oauth(&s).token_cache(cache.clone());
        match &limiter {
            Some(l) => b.rate_limiter(l.clone()),
            None => b,
        }
        .build()
        .unwrap()
    };
    let a = build();
    (0..3).for_each(|_| get_company(&a)); // token request 1
    get_company(&build()); // from the cache
    service.stop();
    (0..3).for_each(|_| get_company(&a)); // the token in memory; the limiter stands in
    let c = build();
    (0..2).for_each(|_| get_company(&c)); // the cache is down: token request 2
    token.assert();
    api.assert();
    assert!(cache.load(&key_for(&s)).is_err(), "the server is really down");
}

/// A port with nothing behind it.
#[cfg(any(feature = "redis", feature = "memcached"))]
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Cache servers that are down from the start: the caches are built, and calls succeed with a
/// token fetched by each client.
#[cfg(any(feature = "redis", feature = "memcached"))]
#[test]
fn caches_on_unreachable_servers_never_fail_a_call() {
    let mut s = server();
    let mut caches: Vec<std::sync::Arc<dyn TokenCache>> = Vec::new();
    #[cfg(feature = "redis")]
    caches.push(std::sync::Arc::new(
        pax8::auth::RedisTokenCache::new(&format!("redis://127.0.0.1:{}", closed_port())).unwrap(),
    ));
    #[cfg(feature = "memcached")]
    caches.push(std::sync::Arc::new(
        pax8::auth::MemcachedTokenCache::new(&format!("memcache://127.0.0.1:{}", closed_port()))
            .unwrap()
            .timeout(Duration::from_millis(200)),
    ));
    let token = token_mock(&mut s, "tok-down", Duration::ZERO, 86_400).expect(caches.len()).create();
    let api = companies_mock(&mut s, "tok-down").expect(2 * caches.len()).create();
    for cache in &caches {
        let client = oauth(&s).token_cache(cache.clone()).build().unwrap();
        get_company(&client);
        get_company(&client); // the token in memory
    }
    token.assert();
    api.assert();
}

#[cfg(feature = "redis")]
#[test]
fn a_redis_stopped_mid_run_never_fails_a_call() {
    let mut redis = Service::redis();
    let cache = pax8::auth::RedisTokenCache::new(&redis.redis_url()).unwrap().namespace("mid").unwrap();
    let limiter =
        pax8::ratelimit::RedisRateLimiter::per_minute(&redis.redis_url(), 6000).unwrap().namespace("mid").unwrap();
    a_server_stopped_mid_run_never_fails_a_call(&mut redis, cache, Some(std::sync::Arc::new(limiter)));
}

#[cfg(feature = "memcached")]
#[test]
fn a_memcached_stopped_mid_run_never_fails_a_call() {
    let mut memcached = Service::memcached();
    let cache = pax8::auth::MemcachedTokenCache::new(&memcached.memcached_url()).unwrap().namespace("mid").unwrap();
    a_server_stopped_mid_run_never_fails_a_call(&mut memcached, cache, None);
}

// ---------------------------------------------------------------------------------------------
// One rate budget across processes.

/// Two processes of 3 threads each share a budget of 20 requests per 2 s window in Redis and
/// send 30 requests between them. Counted where they arrive, no window of 2 s holds more than
/// 20: a request holds its slot from before it leaves until 2 s (and a 50 ms margin) after
/// its answer, so however late after leaving a request arrives, the window holds. Two
/// unshared limiters would let about twice that through.
#[cfg(feature = "redis")]
#[test]
fn two_processes_share_one_rate_budget_in_redis() {
    let redis = Service::redis();
    let mut s = server();
    let arrivals = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = arrivals.clone();
    let body = fixture("company-0").into_bytes();
    let api = s
        .mock("GET", format!("/v1/companies/{ID}").as_str())
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .with_header("content-type", "application/json")
        .with_body_from_request(move |_| {
            seen.lock().unwrap().push(Instant::now());
            body.clone()
        })
        .expect(30)
        .create();
    let vars = [
        ("PAX8_FLEET_URL", s.url()),
        ("PAX8_FLEET_LIMITER", format!("{}|budget|20|2000|50", redis.redis_url())),
        ("PAX8_FLEET_CALLS", "5".to_owned()),
        ("PAX8_FLEET_THREADS", "3".to_owned()),
    ];
    finish(spawn_children(2, "call", &vars));
    api.assert();
    let mut times = arrivals.lock().unwrap().clone();
    times.sort();
    let window = Duration::from_millis(2000);
    for (i, start) in times.iter().enumerate() {
        let inside = times[i..].iter().take_while(|t| **t - *start < window).count();
        assert!(inside <= 20, "{inside} requests within {window:?} of request {i}");
    }
}

/// Counts the requests a fallback limiter let through.
#[cfg(feature = "redis")]
#[derive(Debug, Default)]
struct CountingLimiter(std::sync::atomic::AtomicUsize);

#[cfg(feature = "redis")]
impl pax8::ratelimit::RateLimiter for CountingLimiter {
    fn acquire(&self) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Regression (hardening): a slot in Redis that ends 10 days from now (someone wrote the key,
/// or a failover went to a replica whose clock is 10 days behind) made every call sleep 10
/// days (this test failed on the limiter before 1.0). Now it is dropped and the call goes through the local limiter at once, as when Redis
/// is down; so is a slot whose wait would be longer than the window (a clock 3 minutes
/// behind). The call runs on a thread that has 30 s to finish (the limiter's own waits here
/// are all zero), so that the failing case fails rather than hangs.
#[cfg(feature = "redis")]
#[test]
fn a_slot_in_redis_far_in_the_future_never_makes_a_call_wait() {
    let redis = Service::redis();
    let mut conn = redis::Client::open(redis.redis_url()).unwrap().get_connection().unwrap();
    for (ns, ahead) in [("ten-days", 10 * 86_400), ("three-minutes", 180)] {
        let (secs, _): (u64, u64) = redis::cmd("TIME").query(&mut conn).unwrap();
        let key = format!("{ns}:ratelimit:answered");
        let () = redis::cmd("ZADD").arg(&key).arg((secs + ahead) * 1_000_000).arg("planted").query(&mut conn).unwrap();
        // The same in the key the limiter before 1.0 kept (a GCRA timestamp in µs), which
        // this test met then.
        let () =
            redis::cmd("SET").arg(format!("{ns}:ratelimit")).arg((secs + ahead) * 1_000_000).query(&mut conn).unwrap();
        let fallback = std::sync::Arc::new(CountingLimiter::default());
        let limiter = pax8::ratelimit::RedisRateLimiter::per_minute(&redis.redis_url(), 1)
            .unwrap()
            .namespace(ns)
            .unwrap()
            .fallback(fallback.clone());
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            pax8::ratelimit::RateLimiter::acquire(&limiter);
            tx.send(()).unwrap();
        });
        rx.recv_timeout(Duration::from_secs(30)).unwrap_or_else(|_| panic!("{ns}: the call is still waiting"));
        assert_eq!(fallback.0.load(std::sync::atomic::Ordering::SeqCst), 1, "{ns}: the local limiter stood in");
        let left: usize = redis::cmd("ZCARD").arg(&key).query(&mut conn).unwrap();
        assert_eq!(left, usize::from(ahead < 3600), "{ns}: a slot beyond any the limiter sets is dropped");
    }
}

/// The budget is shared as the promise says: with 3 slots, three requests go through, the
/// fourth waits; a 429 frees its slot at once, an answered request holds it a window and a
/// margin. Read from the keys in Redis.
#[cfg(feature = "redis")]
#[test]
fn redis_holds_each_slot_until_a_window_after_the_answer() {
    use pax8::ratelimit::RateLimiter;
    let redis = Service::redis();
    let mut conn = redis::Client::open(redis.redis_url()).unwrap().get_connection().unwrap();
    let limiter = pax8::ratelimit::RedisRateLimiter::new(&redis.redis_url(), 3, Duration::from_secs(600))
        .unwrap()
        .namespace("slots")
        .unwrap();
    let other = pax8::ratelimit::RedisRateLimiter::new(&redis.redis_url(), 3, Duration::from_secs(600))
        .unwrap()
        .namespace("slots")
        .unwrap();
    (0..3).for_each(|_| limiter.acquire());
    let count = |conn: &mut redis::Connection, set: &str| -> usize {
        redis::cmd("ZCARD").arg(format!("slots:ratelimit:{set}")).query(conn).unwrap()
    };
    assert_eq!((count(&mut conn, "inflight"), count(&mut conn, "answered")), (3, 0));
    limiter.release(true);
    limiter.release(false);
    assert_eq!((count(&mut conn, "inflight"), count(&mut conn, "answered")), (1, 1));
    // The other process sees one slot free (the 429's), takes it, and then the window is full.
    other.acquire();
    assert_eq!((count(&mut conn, "inflight"), count(&mut conn, "answered")), (2, 1));
    let (secs, micros): (u64, u64) = redis::cmd("TIME").query(&mut conn).unwrap();
    let now = secs * 1_000_000 + micros;
    let ends: Vec<(String, f64)> =
        redis::cmd("ZRANGE").arg("slots:ratelimit:answered").arg(0).arg(-1).arg("WITHSCORES").query(&mut conn).unwrap();
    // Held 600 s + a margin of 10 s from the answer (a moment ago).
    let held = ends[0].1 as u64 - now;
    assert!((600_000_000 - 5_000_000..=610_000_000).contains(&held), "{held}");
}

#[cfg(feature = "redis")]
#[test]
fn an_unreachable_redis_limiter_falls_back_to_the_local_limiter() {
    let port = closed_port();
    let mut s = server();
    let api = crate::common::mock_json(&mut s, "GET", &format!("/v1/companies/{ID}"), None, 200, &fixture("company-0"))
        .expect(3)
        .create();
    let limiter = pax8::ratelimit::RedisRateLimiter::per_minute(&format!("redis://127.0.0.1:{port}"), 6000).unwrap();
    let client =
        crate::common::builder(&s).access_token(TOKEN).rate_limiter(std::sync::Arc::new(limiter)).build().unwrap();
    (0..3).for_each(|_| get_company(&client));
    api.assert();
}

// ---------------------------------------------------------------------------------------------
// A cache server that stops answering in the middle of a run.

/// Issue 20, item 4: memcached stopped (SIGSTOP) after the first call; the next client's
/// call on the same cache reads through a pooled connection and must not wait forever.
#[cfg(all(unix, feature = "memcached"))]
#[test]
fn a_memcached_that_stops_answering_mid_run_does_not_hang_a_call() {
    let mut service = Service::memcached();
    let mut s = server();
    let token = token_mock(&mut s, "tok-fleet", Duration::ZERO, 86_400).expect(2).create();
    let _api = companies_mock(&mut s, "tok-fleet").create();
    let cache = pax8::auth::MemcachedTokenCache::new(&service.memcached_url())
        .unwrap()
        .namespace(&format!("stall-{}", uuid::Uuid::new_v4()))
        .unwrap()
        .timeout(Duration::from_millis(300));
    get_company(&oauth(&s).token_cache(cache.clone()).build().unwrap());
    let pid = service.child.as_ref().unwrap().id().to_string();
    assert!(Command::new("kill").args(["-STOP", &pid]).status().unwrap().success());
    let client = oauth(&s).token_cache(cache).build().unwrap();
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(client.companies().get(ID).send().is_ok()));
    let outcome = finished.recv_timeout(Duration::from_secs(30));
    let _ = Command::new("kill").args(["-CONT", &pid]).status();
    service.stop();
    assert!(outcome.expect("the call hung on a stopped memcached"), "the call fetched its own token");
    token.assert();
}

// ---------------------------------------------------------------------------------------------
// Sealed entries on cache servers (issue 20, item 6).

/// A client on `cache` fetches and stores a token; the stored text is then checked with
/// `stored`; a plaintext token planted with `plant` is then a miss, and replaced.
#[cfg(all(feature = "encrypted-cache", any(feature = "redis", feature = "memcached")))]
fn sealed_entries_hide_the_token_and_refuse_a_planted_one(
    cache: std::sync::Arc<dyn TokenCache>,
    stored: impl Fn(&str) -> Option<String>,
    plant: impl Fn(&str, &str),
) {
    let mut s = server();
    let key = key_for(&s);
    let token = token_mock(&mut s, "tok-sealed", Duration::ZERO, 3600).expect(2).create();
    let api = companies_mock(&mut s, "tok-sealed").expect(2).create();
    get_company(&oauth(&s).token_cache(cache.clone()).build().unwrap());
    let text = stored(&key).expect("an entry");
    assert!(text.starts_with("pax8sealed1:"), "{text}");
    assert!(!text.contains("tok-sealed") && !text.contains(&hex_of("tok-sealed")), "{text}");
    // A writer without the key plants a token: the next client does not use it.
    let planted = CachedToken::new("attacker-token", time::OffsetDateTime::now_utc(), Duration::from_secs(3600));
    plant(&key, &planted.to_json());
    get_company(&oauth(&s).token_cache(cache.clone()).build().unwrap());
    token.assert();
    api.assert();
    assert!(stored(&key).unwrap().starts_with("pax8sealed1:"), "replaced by a sealed entry");
    assert_eq!(cache.load(&key).unwrap().unwrap().access_token(), "tok-sealed");
}

#[cfg(all(feature = "encrypted-cache", any(feature = "redis", feature = "memcached")))]
fn hex_of(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

#[cfg(all(feature = "encrypted-cache", feature = "redis"))]
#[test]
fn sealed_redis_entries_hide_the_token_and_refuse_a_planted_one() {
    let redis = Service::redis();
    let cache = pax8::auth::RedisTokenCache::new(&redis.redis_url()).unwrap().sealed(hex_key(KEY_HEX));
    let raw = redis::Client::open(redis.redis_url()).unwrap();
    let conn = std::sync::Mutex::new(raw.get_connection().unwrap());
    sealed_entries_hide_the_token_and_refuse_a_planted_one(
        std::sync::Arc::new(cache),
        |key| redis::cmd("GET").arg(format!("pax8:token:{key}")).query(&mut *conn.lock().unwrap()).unwrap(),
        |key, value| {
            redis::cmd("SET").arg(format!("pax8:token:{key}")).arg(value).exec(&mut *conn.lock().unwrap()).unwrap()
        },
    );
}

#[cfg(all(feature = "encrypted-cache", feature = "memcached"))]
#[test]
fn sealed_memcached_entries_hide_the_token_and_refuse_a_planted_one() {
    let memcached = Service::memcached();
    let cache = pax8::auth::MemcachedTokenCache::new(&memcached.memcached_url()).unwrap().sealed(hex_key(KEY_HEX));
    let raw = memcache::Client::connect(memcached.memcached_url()).unwrap();
    sealed_entries_hide_the_token_and_refuse_a_planted_one(
        std::sync::Arc::new(cache),
        |key| raw.get(&format!("pax8:token:{key}")).unwrap(),
        |key, value| raw.set(&format!("pax8:token:{key}"), value, 3600).unwrap(),
    );
}

// ---------------------------------------------------------------------------------------------
// Redis over TLS (issue 20, item 6): `rediss://`, a certificate made for the test.

#[cfg(feature = "redis")]
impl Service {
    /// A `redis-server` that speaks TLS only, with a fresh self-signed certificate for
    /// `localhost`; returns it with the certificate's PEM and the folder of its files.
    fn redis_tls() -> (Self, String, PathBuf) {
        let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
        let dir = temp_dir();
        let (cert, key) = (dir.join("redis.crt"), dir.join("redis.key"));
        std::fs::write(&cert, certified.cert.pem()).unwrap();
        std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
        let service = Self::start("redis-server", |port| {
            let files = [cert.display().to_string(), key.display().to_string()];
            [
                "--port",
                "0",
                "--tls-port",
                port.as_str(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--tls-cert-file",
                &files[0],
                "--tls-key-file",
                &files[1],
                "--tls-ca-cert-file",
                &files[0],
                "--tls-auth-clients",
                "no",
            ]
            .map(String::from)
            .to_vec()
        });
        (service, certified.cert.pem(), dir)
    }
}

#[cfg(feature = "redis")]
#[test]
fn a_redis_cache_over_tls_shares_one_token() {
    use pax8::auth::RedisTokenCache;
    let (mut redis, pem, dir) = Service::redis_tls();
    let url = format!("rediss://localhost:{}", redis.port);
    let mut s = server();
    let key = key_for(&s);
    let token = token_mock(&mut s, "tok-tls", Duration::ZERO, 3600).expect(1).create();
    let api = companies_mock(&mut s, "tok-tls").expect(2).create();
    let cache = RedisTokenCache::new(&url).unwrap().root_certificate(pem.as_bytes()).unwrap();
    get_company(&oauth(&s).token_cache(cache.clone()).build().unwrap());
    // Another client (another process, as far as the cache knows) reads the token over TLS.
    let other = RedisTokenCache::new(&url).unwrap().root_certificate(pem.as_bytes()).unwrap();
    assert_eq!(other.load(&key).unwrap().unwrap().access_token(), "tok-tls");
    get_company(&oauth(&s).token_cache(other).build().unwrap());
    token.assert();
    api.assert();
    // A server whose certificate is not trusted is not used; plain redis:// gets no answer.
    let untrusted = RedisTokenCache::new(&url).unwrap().timeout(Duration::from_millis(500));
    assert!(untrusted.load(&key).is_err(), "the system's roots do not hold the test certificate");
    assert!(RedisTokenCache::new(&format!("redis://localhost:{}", redis.port)).unwrap().load(&key).is_err());
    assert!(matches!(
        RedisTokenCache::new("redis://localhost:1").unwrap().root_certificate(pem.as_bytes()),
        Err(pax8::Error::Config(_))
    ));
    // The limiter takes the same private CA for the same server.
    use pax8::ratelimit::RedisRateLimiter;
    assert!(RedisRateLimiter::per_minute(&url, 100).unwrap().root_certificate(pem.as_bytes()).is_ok());
    assert!(matches!(
        RedisRateLimiter::per_minute("redis://localhost:1", 100).unwrap().root_certificate(pem.as_bytes()),
        Err(pax8::Error::Config(_))
    ));
    redis.stop();
    std::fs::remove_dir_all(dir).unwrap();
}
