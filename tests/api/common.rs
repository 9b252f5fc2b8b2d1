//! Shared helpers: fixtures, mock servers, clients, and a JSON comparison that knows dates.

#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use mockito::{Matcher, Mock, ServerGuard};
use pax8::Client;
use serde_json::Value;

/// The token every `client()` sends.
pub const TOKEN: &str = "test-token";

/// The text of the fixture `{name}.json` (the official Pax8 examples): in
/// `src/testing/fixtures/` when the `testing` feature ships it, else in `tests/fixtures/`.
pub fn fixture(name: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let file = format!("{name}.json");
    let path = ["src/testing/fixtures", "tests/fixtures"]
        .iter()
        .map(|dir| root.join(dir).join(&file))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("no fixture {file} in src/testing/fixtures or tests/fixtures"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fixture as JSON.
pub fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

/// The token cache key of a credential set, computed here from the recipe documented at
/// `auth::cache_key` (not with the SDK's code): the first 16 bytes of the SHA-256 of
/// `pax8-rs token cache key v2\0` followed by the token URL, audience, client id and client
/// secret, each prefixed with its length as a big-endian u64, in lowercase hex.
pub fn cache_key(token_url: &str, audience: &str, client_id: &str, client_secret: &str) -> String {
    // ring's one-shot SHA-256 (not the SDK's code; the known answer in auth.rs pins it to
    // Python's hashlib).
    let mut input = b"pax8-rs token cache key v2\0".to_vec();
    for part in [token_url, audience, client_id, client_secret] {
        input.extend_from_slice(&(part.len() as u64).to_be_bytes());
        input.extend_from_slice(part.as_bytes());
    }
    ring::digest::digest(&ring::digest::SHA256, &input).as_ref()[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh mock server for one test.
pub fn server() -> ServerGuard {
    mockito::Server::new()
}

/// A client for `server` with a fixed token, no proxy, no rate limit and fast retries.
pub fn client(server: &ServerGuard) -> Client {
    builder(server).access_token(TOKEN).build().unwrap()
}

/// The builder behind [`client`], without credentials.
pub fn builder(server: &ServerGuard) -> pax8::ClientBuilder {
    Client::builder().base_url(server.url()).no_proxy().no_rate_limit().retry_base_delay(Duration::from_millis(10))
}

/// A mock of `method path` that expects the bearer token, the exact query (`None`: no
/// query at all) and answers `status` with `body`.
pub fn mock_json(
    server: &mut ServerGuard,
    method: &str,
    path: &str,
    query: Option<&str>,
    status: usize,
    body: &str,
) -> Mock {
    server
        .mock(method, path)
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .match_query(query.map_or(Matcher::Missing, |q| Matcher::Exact(q.to_owned())))
        .with_status(status)
        .with_header("content-type", "application/json")
        .with_body(body)
}

/// A unique empty temporary folder.
pub fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pax8-test-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Asserts that `actual` (a decoded model written back to JSON) carries everything in
/// `expected` (an official example): every key of `expected` is present with an equal value.
/// Numbers compare as equal values (no tolerance). Strings, dates among them, must be equal
/// texts: a model writes back the spelling it read (`-0600` stays `-0600`). Keys `actual` has
/// beyond `expected` must be null or empty.
pub fn assert_json_covers(actual: &Value, expected: &Value) {
    compare(actual, expected, "$");
}

fn compare(actual: &Value, expected: &Value, at: &str) {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            for (k, ev) in e {
                let av = a.get(k).unwrap_or(&Value::Null);
                if ev.is_null() {
                    continue;
                }
                assert!(!av.is_null(), "{at}.{k}: missing in the decoded value (expected {ev})");
                compare(av, ev, &format!("{at}.{k}"));
            }
            for (k, av) in a {
                if !e.contains_key(k) {
                    let empty = av.is_null() || av.as_array().is_some_and(|v| v.is_empty());
                    assert!(empty, "{at}.{k}: decoded {av} but the example has no such key");
                }
            }
        }
        (Value::Array(a), Value::Array(e)) => {
            assert_eq!(a.len(), e.len(), "{at}: array length");
            for (i, (av, ev)) in a.iter().zip(e).enumerate() {
                compare(av, ev, &format!("{at}[{i}]"));
            }
        }
        (Value::Number(a), Value::Number(e)) => {
            // Equal values, with no tolerance: `145.80` and `145.8` are the same number, and
            // an integer compares as an integer (never through `f64`).
            let same = match (a.as_i64(), e.as_i64(), a.as_u64(), e.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => a.as_f64() == e.as_f64(),
            };
            assert!(same, "{at}: {a} != {e}");
        }
        (a, e) => assert_eq!(a, e, "{at}"),
    }
}

/// Mocks that match any request of any method and expect none: `.assert()` proves that
/// nothing was sent.
pub struct NoRequests(Vec<Mock>);

impl NoRequests {
    /// Fails the test if any request reached the server.
    pub fn assert(&self) {
        for m in &self.0 {
            m.assert();
        }
    }
}

/// Sets up [`NoRequests`] on `server`.
pub fn expect_no_requests(server: &mut ServerGuard) -> NoRequests {
    NoRequests(
        ["GET", "POST", "PUT", "PATCH", "DELETE"]
            .into_iter()
            .map(|m| server.mock(m, Matcher::Any).match_query(Matcher::Any).expect(0).create())
            .collect(),
    )
}

/// What a raw TCP test server does with one connection.
pub type Handler = Box<dyn FnOnce(std::net::TcpStream) + Send>;

/// A tiny HTTP server on loopback for what mockito cannot fake (dropped connections, slow
/// bodies). Connection `i` is handed to `handlers[i]`; the count of accepted connections is
/// returned beside the base URL. Stops accepting after the last handler.
pub fn tcp_server(handlers: Vec<Handler>) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::Ordering;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for handler in handlers {
            let Ok((stream, _)) = listener.accept() else { return };
            seen.fetch_add(1, Ordering::SeqCst);
            std::thread::spawn(move || handler(stream));
        }
    });
    (url, count)
}

/// Reads one HTTP request (head and `Content-Length` body) and returns its head.
pub fn read_request(stream: &mut std::net::TcpStream) -> String {
    use std::io::Read;
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).unwrap_or(0) == 0 {
            break;
        }
        buf.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let len = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0))
        })
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    let _ = stream.read_exact(&mut body);
    head
}

/// A handler that answers 200 with `body` and closes.
pub fn respond_ok(body: &'static str) -> Handler {
    Box::new(move |mut s| {
        use std::io::Write;
        read_request(&mut s);
        let _ = write!(
            s,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
    })
}

/// A handler that reads the request and closes the connection without answering.
pub fn drop_connection() -> Handler {
    Box::new(|mut s| {
        read_request(&mut s);
        let _ = s.shutdown(std::net::Shutdown::Both);
    })
}

/// A handler that sends the head and part of the body, then stalls for `stall`.
pub fn stall_body(stall: Duration) -> Handler {
    Box::new(move |mut s| {
        use std::io::Write;
        read_request(&mut s);
        let _ =
            s.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\":");
        let _ = s.flush();
        std::thread::sleep(stall);
    })
}

/// A client for a raw TCP server at `url` with a fixed token.
pub fn raw_client(url: &str) -> pax8::ClientBuilder {
    Client::builder()
        .base_url(url)
        .access_token(TOKEN)
        .no_proxy()
        .no_rate_limit()
        .retry_base_delay(Duration::from_millis(10))
}

/// A client for a raw TCP server at `url` that asks it for its own token with `secret`: no
/// token cache, no proxy, no rate limit.
pub fn secret_client(url: &str, secret: &str) -> Client {
    Client::builder()
        .base_url(url)
        .client_id("my-client")
        .client_secret(secret)
        .no_token_cache()
        .no_proxy()
        .no_rate_limit()
        .build()
        .unwrap()
}

/// Records every attempt a client makes.
#[derive(Clone, Default)]
pub struct Attempts(std::sync::Arc<std::sync::Mutex<Vec<(std::time::Instant, pax8::Attempt)>>>);

impl Attempts {
    /// Adds the recorder to a builder.
    pub fn install(&self, b: pax8::ClientBuilder) -> pax8::ClientBuilder {
        let me = self.clone();
        b.on_attempt(move |a| {
            // When the request was sent: now, less the time it took.
            let sent = std::time::Instant::now() - a.elapsed;
            me.0.lock().unwrap().push((sent, a.clone()));
        })
    }

    /// The attempts so far.
    pub fn all(&self) -> Vec<pax8::Attempt> {
        self.0.lock().unwrap().iter().map(|(_, a)| a.clone()).collect()
    }

    /// When each attempt was sent.
    pub fn sent_at(&self) -> Vec<std::time::Instant> {
        let mut v: Vec<_> = self.0.lock().unwrap().iter().map(|(t, _)| *t).collect();
        v.sort();
        v
    }
}

/// What a [`capture`]d request carried: its content type and raw body.
pub type Captured = std::sync::Arc<std::sync::Mutex<Option<(String, Vec<u8>)>>>;

/// Makes `mock` record the content type and body of the request it matches.
pub fn capture(mock: Mock) -> (Mock, Captured) {
    let seen = Captured::default();
    let record = seen.clone();
    let mock = mock.match_request(move |req| {
        let ct = req.header("content-type").first().and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        *record.lock().unwrap() = Some((ct, req.body().map(|b| b.to_vec()).unwrap_or_default()));
        true
    });
    (mock, seen)
}

/// One part of a multipart body: its header lines and its content, byte for byte.
#[derive(Debug, PartialEq)]
pub struct FormPart {
    /// The part's header lines, e.g. `Content-Disposition: form-data; name="a"`.
    pub headers: Vec<String>,
    /// The content.
    pub data: Vec<u8>,
}

/// Splits a `multipart/form-data` body at the boundary named in `content_type`; panics on
/// anything malformed (a missing closing boundary, a part without a blank line).
pub fn multipart_parts(content_type: &str, body: &[u8]) -> Vec<FormPart> {
    let boundary = content_type.split("boundary=").nth(1).expect("a boundary in the content type");
    let delimiter = format!("--{boundary}").into_bytes();
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let mut rest = body.strip_prefix(delimiter.as_slice()).expect("the body starts with the boundary");
    let mut parts = Vec::new();
    loop {
        if rest == b"--\r\n" {
            return parts;
        }
        rest = rest.strip_prefix(b"\r\n").expect("a line break after the boundary");
        let end = find(rest, &[b"\r\n".as_slice(), &delimiter].concat()).expect("a closing boundary");
        let part = &rest[..end];
        let blank = find(part, b"\r\n\r\n").expect("a blank line after the part's headers");
        let headers = String::from_utf8(part[..blank].to_vec()).unwrap().split("\r\n").map(str::to_owned).collect();
        parts.push(FormPart { headers, data: part[blank + 4..].to_vec() });
        rest = &rest[end + 2 + delimiter.len()..];
    }
}

/// The `n`th byte of the bodies [`serve_generated`] sends.
pub fn generated_byte(n: u64) -> u8 {
    (n % 251) as u8 ^ (n >> 16) as u8
}

/// A raw TCP server answering one request with `200` and a body of `len` bytes generated as
/// it is written (never held whole in memory, unlike a mockito body). Returns the base URL
/// and the request's head once it has been read.
pub fn serve_generated(len: u64, content_type: &'static str) -> (String, std::sync::mpsc::Receiver<String>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let handler: Handler = Box::new(move |mut s| {
        use std::io::Write;
        let _ = tx.send(read_request(&mut s));
        let mut out = std::io::BufWriter::with_capacity(1 << 16, s);
        let _ = write!(out, "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len}\r\n\r\n");
        let mut chunk = vec![0u8; 1 << 16];
        let mut at = 0;
        while at < len {
            let n = (len - at).min(chunk.len() as u64) as usize;
            for (i, b) in chunk[..n].iter_mut().enumerate() {
                *b = generated_byte(at + i as u64);
            }
            if out.write_all(&chunk[..n]).is_err() {
                return;
            }
            at += n as u64;
        }
        let _ = out.flush();
    });
    (tcp_server(vec![handler]).0, rx)
}

/// A writer that checks what it receives against [`generated_byte`], keeping none of it:
/// the count, the first mismatch, and the largest single write.
#[derive(Debug, Default)]
pub struct GeneratedCheck {
    /// Bytes received.
    pub len: u64,
    /// Where the first byte that differs from [`generated_byte`] arrived.
    pub first_mismatch: Option<u64>,
    /// The largest buffer handed to one `write`.
    pub largest_write: usize,
}

impl std::io::Write for GeneratedCheck {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.first_mismatch.is_none()
            && let Some(i) = buf.iter().zip(self.len..).position(|(b, n)| *b != generated_byte(n))
        {
            self.first_mismatch = Some(self.len + i as u64);
        }
        self.len += buf.len() as u64;
        self.largest_write = self.largest_write.max(buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An exact amount, e.g. `dec("9985.96")`.
pub fn dec(s: &str) -> pax8::Decimal {
    s.parse().unwrap()
}
