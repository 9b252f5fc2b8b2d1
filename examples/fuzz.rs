//! A deterministic fuzz harness for everything the SDK reads from the network or the disk,
//! through the entry points users call: every model's decoder (fed mutations of every
//! fixture: the testing kit's in `src/testing/fixtures` and the tests' in `tests/fixtures`),
//! pages, token answers and error bodies as a client reads them from a local server, the Pax8
//! error body, webhook deliveries (`WebhookEvent::from_slice`), `Retry-After`, the lenient
//! date parser (`Timestamp::parse`, also on near misses of date shapes, each read back from
//! its wire form) and token cache entries (`CachedToken::from_json`, and
//! files loaded by the file and encrypted caches). Models are also checked for a round trip:
//! a decoded value, encoded and decoded again, is equal. It needs no
//! nightly toolchain and no extra crate: a seeded xorshift generator mutates the seeds (bit
//! flips, byte insertions and deletions, multi-byte characters, huge and odd numbers, nulls,
//! truncation, splices of other seeds), and every call runs under `catch_unwind`. A panic is printed with the input that caused it and fails the run.
//!
//! ```sh
//! cargo run --release --example fuzz -- --seconds 30 --seed 7
//! ```
//!
//! Defaults: 10 seconds, seed 1. The same seed and the same number of cases give the same
//! inputs; `--cases N` bounds the run by count instead of time.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

use pax8::auth::TokenCache;
use pax8::models::*;
use pax8::{ErrorBody, Page};

/// xorshift64*: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Pieces that have broken parsers elsewhere: multi-byte characters near the end of dates,
/// huge and fractional numbers, odd offsets, nulls and wrong types.
const TOKENS: &[&str] = &[
    "null",
    "\"\"",
    "[]",
    "{}",
    "1e300",
    "-1e300",
    "1e-300",
    "18446744073709551615",
    "-9223372036854775809",
    "0.4",
    "-1",
    "\"86400\"",
    "\"2024-03-31T02:30:00 (heure d’été)\"",
    "\"2023-08-11T11:33:12€xyz\"",
    "\"2023-08-11T11:33:12.314-0600\"",
    "\"2020-02-28T16:28:15.952628Z\"",
    "\"2020-12-03\"",
    "\"2024-01-01 10:00:00-06\"",
    "\"1700000000000\"",
    "\"9999-99-99\"",
    "\"é\"",
    "\"\\ud800\"",
    "true",
    "\"NaN\"",
    "5.0",
    "\"5.0\"",
    "\"00000000-0000-0000-0000-000000000000\"",
    "\"not-a-uuid\"",
    "{\"content\":null}",
    "\"Other value\"",
];

fn mutate(rng: &mut Rng, seed: &[u8], seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(v.len() + 1);
        match rng.below(8) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 => v.insert(at, rng.next() as u8),
            2 if at < v.len() => {
                v.remove(at);
            }
            3 => {
                // Replace the JSON value after a ':' with a hostile token.
                let token = *rng.pick(TOKENS);
                if let Some(colon) = v[at.min(v.len())..].iter().position(|b| *b == b':').map(|p| p + at) {
                    let end = v[colon + 1..]
                        .iter()
                        .position(|b| matches!(b, b',' | b'}' | b']'))
                        .map_or(v.len(), |p| p + colon + 1);
                    v.splice(colon + 1..end, token.bytes());
                }
            }
            4 => v.truncate(at),
            5 => {
                let other = rng.pick(seeds);
                let from = rng.below(other.len());
                let len = rng.below(64).min(other.len() - from);
                v.splice(at..at, other[from..from + len].iter().copied());
            }
            6 => {
                let skip = rng.below(4);
                v.splice(at..at, "€’😀".bytes().skip(skip));
            }
            _ => {
                let token = *rng.pick(TOKENS);
                v.splice(at..at, token.bytes());
            }
        }
    }
    v
}

/// A decoder under test, by name. To add one, add a line to [`targets`] (and a seed to
/// [`seeds`] if no fixture exercises it).
type Target = (&'static str, fn(&[u8]));

/// Decodes a `T`; when it decodes, encodes it and decodes that again: the two must be equal.
fn rt<T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug>(b: &[u8]) {
    if let Ok(first) = serde_json::from_slice::<T>(b) {
        round_trip(&first);
    }
}

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug>(first: &T) {
    let encoded = serde_json::to_vec(first).expect("a decoded value encodes");
    let second: T = serde_json::from_slice(&encoded).expect("an encoded value decodes");
    assert_eq!(*first, second, "round trip through {}", String::from_utf8_lossy(&encoded));
}

/// Decodes a page of `T` and round-trips each item.
fn page_rt<T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug>(b: &[u8]) {
    if let Ok(page) = serde_json::from_slice::<Page<T>>(b) {
        page.items.iter().for_each(round_trip);
    }
}

/// Every decoder the SDK runs on bytes it did not write.
fn targets() -> Vec<Target> {
    fn de<T: serde::de::DeserializeOwned>(b: &[u8]) {
        let _ = serde_json::from_slice::<T>(b);
    }
    fn text(b: &[u8]) -> String {
        String::from_utf8_lossy(b).into_owned()
    }
    vec![
        ("Page<Company>", page_rt::<Company>),
        ("Company", rt::<Company>),
        ("MsTenant", rt::<MsTenant>),
        ("Page<Contact>", page_rt::<Contact>),
        ("Page<Product>", page_rt::<Product>),
        ("ProductDetail", rt::<ProductDetail>),
        ("Dependencies", rt::<Dependencies>),
        ("Vec<Pricing>", de::<Vec<Pricing>>),
        ("Vec<ProvisioningDetail>", de::<Vec<ProvisioningDetail>>),
        ("Page<Order>", page_rt::<Order>),
        ("Order", rt::<Order>),
        ("Page<Subscription>", page_rt::<Subscription>),
        ("Subscription", rt::<Subscription>),
        ("Page<Invoice>", page_rt::<Invoice>),
        ("Page<InvoiceItem>", page_rt::<InvoiceItem>),
        ("Page<UsageSummary>", page_rt::<UsageSummary>),
        ("Page<UsageLine>", page_rt::<UsageLine>),
        ("Page<Webhook>", page_rt::<Webhook>),
        ("Webhook", rt::<Webhook>),
        ("Page<WebhookLog>", page_rt::<WebhookLog>),
        ("WebhookTest", rt::<WebhookTest>),
        ("Page<TopicDefinition>", page_rt::<TopicDefinition>),
        ("QuoteList", de::<QuoteList>),
        ("Quote", rt::<Quote>),
        ("Vec<Section>", de::<Vec<Section>>),
        ("Vec<AccessListEntry>", de::<Vec<AccessListEntry>>),
        ("Vec<QuoteAttachment>", de::<Vec<QuoteAttachment>>),
        ("QuotePreferences", rt::<QuotePreferences>),
        ("Page<Provisioner>", de::<Page<Provisioner>>),
        ("Page<ProvisionerWebhook>", de::<Page<ProvisionerWebhook>>),
        ("ProvisionerWebhook", de::<ProvisionerWebhook>),
        ("Page<ProvisionRequest>", de::<Page<ProvisionRequest>>),
        ("ProvisionRequest", de::<ProvisionRequest>),
        ("ProvisionDetail", de::<ProvisionDetail>),
        ("ProvisionAttempt", de::<ProvisionAttempt>),
        ("ProvisionResult", de::<ProvisionResult>),
        ("Page<VendorUsageLine>", de::<Page<VendorUsageLine>>),
        ("ProvisionCall", |b| {
            let _ = pax8::provisioning::ProvisionCall::from_slice(b);
        }),
        ("WebhookEvent", |b| {
            if let Ok(e) = pax8::webhooks::WebhookEvent::from_slice(b) {
                let _ = e.payload();
            }
        }),
        ("ErrorBody", |b| {
            let _ = ErrorBody::parse(&text(b));
        }),
        ("CachedToken", |b| {
            if let Some(t) = pax8::auth::CachedToken::from_json(&text(b)) {
                let now = time::OffsetDateTime::now_utc();
                let _ = (t.expires_at(), t.refresh_at(), t.is_fresh_at(now), t.lifetime());
            }
        }),
        ("token cache file", |b| {
            std::fs::write(cache_files().2.join("token-k.json"), b).expect("a cache file");
            if let Ok(Some(t)) = cache_files().0.load("k") {
                let _ = (t.expires_at(), t.refresh_at(), t.lifetime());
            }
        }),
        ("encrypted token cache file", |b| {
            std::fs::write(cache_files().2.join("token-k.sealed"), b).expect("a cache file");
            let _ = cache_files().1.load("k");
        }),
        ("client: page, token answer and error body", |b| {
            // Bodies of a size an API answers; the local round trips are the slow part.
            if b.len() <= 64 * 1024 {
                client_reads(b);
            }
        }),
        ("Retry-After", |b| {
            // Short inputs only: a header value, through a 429 of a local server.
            if b.len() <= 256 {
                let _ = retry_after_of(b);
            }
        }),
        ("date-time", |b| {
            if let Some(t) = Timestamp::parse(&text(b)) {
                let _ = (t.date(), t.datetime(), t.unparsed());
            }
        }),
        ("date-time, near misses and round trip", timestamp_round_trip),
    ]
}

/// A file cache and an encrypted file cache in one temporary folder (with the folder).
fn cache_files() -> &'static (pax8::auth::FileTokenCache, pax8::auth::EncryptedFileTokenCache, std::path::PathBuf) {
    static CACHES: std::sync::OnceLock<(
        pax8::auth::FileTokenCache,
        pax8::auth::EncryptedFileTokenCache,
        std::path::PathBuf,
    )> = std::sync::OnceLock::new();
    CACHES.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("pax8-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        #[cfg(unix)]
        std::fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o700)).expect("permissions");
        (pax8::auth::FileTokenCache::new(&dir), pax8::auth::EncryptedFileTokenCache::new(&dir, FUZZ_KEY), dir)
    })
}

const FUZZ_KEY: [u8; 32] = [7; 32];

/// What the local server answers: a status line, extra header lines, a body.
static ANSWER: std::sync::Mutex<(&str, Vec<u8>, Vec<u8>)> = std::sync::Mutex::new(("200 OK", Vec::new(), Vec::new()));

/// The URL of a local server that answers every request with [`ANSWER`].
fn local_server() -> &'static str {
    use std::io::{Read, Write};
    static URL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    URL.get_or_init(|| {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let (status, headers, body) = ANSWER.lock().unwrap_or_else(|p| p.into_inner()).clone();
                let head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
                let response = [head.as_bytes(), &headers, b"\r\n", &body].concat();
                let _ = stream.write_all(&response);
            }
        });
        url
    })
}

fn answer(status: &'static str, headers: Vec<u8>, body: &[u8]) {
    *ANSWER.lock().unwrap_or_else(|p| p.into_inner()) = (status, headers, body.to_vec());
}

/// Clients of the local server: one with a fixed token, one that fetches its token there.
fn clients() -> &'static (pax8::Client, pax8::Client) {
    static CLIENTS: std::sync::OnceLock<(pax8::Client, pax8::Client)> = std::sync::OnceLock::new();
    CLIENTS.get_or_init(|| {
        let b = || pax8::Client::builder().base_url(local_server()).no_proxy().no_rate_limit().max_retries(0);
        let fixed = b().access_token("fuzz").build().expect("a client");
        let oauth = b().client_id("fuzz").client_secret("fuzz-secret").no_token_cache().build().expect("a client");
        (fixed, oauth)
    })
}

/// `body` read by a client as a page of each family (200), as a token answer (the page
/// after it gets the same body), and as an error body (400).
fn client_reads(body: &[u8]) {
    let (fixed, oauth) = clients();
    answer("200 OK", b"Content-Type: application/json\r\n".to_vec(), body);
    if let Ok(page) = fixed.companies().list().send() {
        page.items.iter().for_each(round_trip);
    }
    let _ = fixed.webhooks().list().send();
    let _ = fixed.quotes().list().send();
    let _ = oauth.companies().list().send();
    answer("400 Bad Request", b"Content-Type: application/json\r\n".to_vec(), body);
    if let Err(e) = fixed.companies().list().send() {
        let _ = (e.to_string(), e.status(), e.retry_after());
    }
}

/// The one-pass date parser on date-shaped text: the input's bytes pick one of Pax8's date
/// shapes and edit it (insert, delete or replace a date character at a position), so that
/// the parser sees near misses of every shape, not only JSON. Panics (a finding) when a
/// value read as a date does not read back the same from its own wire form, or when a value
/// kept as text is not the input unchanged.
fn timestamp_round_trip(b: &[u8]) {
    const SHAPES: [&str; 5] = [
        "2023-08-11T11:33:12.314-0600",
        "2020-02-28T16:28:15.952628Z",
        "2020-12-03",
        "2024-01-01 10:00:00-06",
        "1700000000000",
    ];
    const CHARS: &[u8] = b"0123456789-+:.TtZz 5";
    let mut s = SHAPES[b.first().map_or(0, |x| usize::from(*x) % SHAPES.len())].as_bytes().to_vec();
    for edit in b.get(1..).unwrap_or_default().chunks_exact(2).take(6) {
        let (at, c) = (usize::from(edit[0]) % (s.len() + 1), CHARS[usize::from(edit[1]) % CHARS.len()]);
        match edit[1] % 3 {
            0 => s.insert(at, c),
            1 if at < s.len() => _ = s.remove(at),
            _ if at < s.len() => s[at] = c,
            _ => s.push(c),
        }
    }
    for input in [String::from_utf8(s).expect("ASCII"), String::from_utf8_lossy(b).into_owned()] {
        let Some(t) = Timestamp::parse(&input) else {
            assert!(input.trim().is_empty(), "{input:?} read as nothing");
            continue;
        };
        if let Some(text) = t.unparsed() {
            assert_eq!(text, input, "kept as text, changed");
        } else if t.date().is_some_and(|d| (0..=9999).contains(&d.year())) {
            let back = t.to_string();
            assert_eq!(Timestamp::parse(&back).as_ref(), Some(&t), "{input:?} written as {back:?}");
        }
    }
}

/// The `Retry-After` value the client reads from a 429 whose header is `value` (control
/// characters dropped, as a server could not send them), sent by the local server.
fn retry_after_of(value: &[u8]) -> Option<Duration> {
    let clean: Vec<u8> = value.iter().copied().filter(|b| *b == b'\t' || (*b >= 0x20 && *b != 0x7f)).collect();
    answer("429 Too Many Requests", [b"Retry-After: ".as_slice(), &clean, b"\r\n"].concat(), b"");
    clients().0.companies().get(pax8::Uuid::nil()).send().err().and_then(|e| e.retry_after())
}

fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    // The fixtures the testing kit ships, then the tests' own (popped last to first).
    let mut dirs = vec![root.join("tests/fixtures"), root.join("src/testing/fixtures")];
    while let Some(dir) = dirs.pop() {
        let mut entries: Vec<_> =
            std::fs::read_dir(&dir).expect("a fixtures folder").flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "json") {
                out.push(std::fs::read(&p).expect("a fixture"));
            }
        }
    }
    for s in [
        "120",
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "2023-08-11T11:33:12.314-0600",
        r#"{"access_token":"t","expires_at":9223372036854775807,"lifetime":18446744073709551615}"#,
        r#"{"type":"BAD","message":"m","status":"400","details":"text"}"#,
        r#"{"access_token":"tok","expires_in":86400,"token_type":"Bearer"}"#,
        r#"{"error":"access_denied","error_description":"Unauthorized","access_token":"x"}"#,
        r#"{"key":"k","access_token":"t","expires_at":1900000000,"lifetime":86400}"#,
    ] {
        out.push(s.as_bytes().to_vec());
    }
    // A sealed cache entry, as the encrypted file cache writes it.
    let token = pax8::auth::CachedToken::new("tok", time::OffsetDateTime::now_utc(), Duration::from_secs(86_400));
    let (_, sealed, dir) = cache_files();
    sealed.store("k", &token).expect("a sealed entry");
    out.push(std::fs::read(dir.join("token-k.sealed")).expect("the sealed entry"));
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut seconds, mut seed, mut cases) = (10u64, 1u64, u64::MAX);
    while let Some(a) = args.next() {
        let mut value = || args.next().and_then(|v| v.parse().ok()).expect("a number after the flag");
        match a.as_str() {
            "--seconds" => seconds = value(),
            "--seed" => seed = value(),
            "--cases" => cases = value(),
            other => panic!("unknown argument {other}; use --seconds N, --seed N, --cases N"),
        }
    }
    std::panic::set_hook(Box::new(|_| {}));
    let seeds = seeds();
    let targets = targets();
    // The Retry-After target reaches the client's reading of the header.
    assert_eq!(retry_after_of(b"120"), Some(Duration::from_secs(120)), "the local 429 server");
    let mut rng = Rng(seed.max(1));
    let (deadline, started) = (Duration::from_secs(seconds), Instant::now());
    let (mut n, mut panics) = (0u64, 0u64);
    while n < cases && started.elapsed() < deadline {
        let seed_input = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, seed_input, &seeds);
        for (name, f) in &targets {
            if catch_unwind(AssertUnwindSafe(|| f(&input))).is_err() {
                panics += 1;
                eprintln!("PANIC in {name} on input: {}", String::from_utf8_lossy(&input));
            }
        }
        n += 1;
    }
    let _ = std::panic::take_hook();
    let _ = std::fs::remove_dir_all(&cache_files().2);
    println!(
        "fuzz: {n} inputs x {} decoders in {:.1?} (seed {seed}, {} seeds): {panics} panics",
        targets.len(),
        started.elapsed(),
        seeds.len()
    );
    if panics > 0 {
        std::process::exit(1);
    }
}
