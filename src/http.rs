//! The executor: every call the SDK makes goes through [`Executor::execute`], which
//!
//! 1. gets the bearer token of the request's family (a fixed one, or fetched, cached and
//!    shared by the [`TokenProvider`], which sends its token requests through the transport);
//! 2. sends through the [`Transport`] (URL, rate limit, retries);
//! 3. on a 401, drops the token, fetches a new one and sends once more;
//! 4. turns a non-2xx answer into [`Error::Api`].
//!
//! It also hands the builders above it the vocabulary of a request ([`Family`], [`Method`],
//! [`Request`], [`Body`], [`Multipart`], ...), so that they and the resources import one place.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::auth::{Secret, TokenProvider};
use crate::error::{ApiError, Error, ErrorBody, Result};
use crate::family::Audience;
pub(crate) use crate::family::Family;
pub(crate) use crate::multipart::{Multipart, Part};
use crate::observe;
pub(crate) use crate::transport::{Body, Method, Request, Response, Sink};
use crate::transport::{Target, Transport};

/// How requests are authorised.
pub(crate) enum Auth {
    /// A fixed bearer token, never refreshed.
    Fixed(Secret),
    /// OAuth client credentials.
    OAuth(Box<TokenProvider>),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Fixed(t) => f.debug_tuple("AccessToken").field(t).finish(),
            Auth::OAuth(p) => p.fmt(f),
        }
    }
}

/// The shared machinery of a client (the transport and the tokens), behind one `Arc`: cheap
/// to clone, so every builder holds its own handle.
#[derive(Clone)]
pub(crate) struct Executor {
    inner: Arc<Inner>,
}

struct Inner {
    transport: Transport,
    auth: Auth,
}

/// What a builder can be made from: the executor itself, or anything that holds one (a
/// [`Client`](crate::Client)).
pub(crate) trait AsExecutor {
    /// The executor handle.
    fn executor(&self) -> &Executor;
}

impl AsExecutor for Executor {
    fn executor(&self) -> &Executor {
        self
    }
}

impl fmt::Debug for Executor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = &self.inner.transport;
        f.debug_struct("Executor")
            .field("hosts", &t.hosts)
            .field("user_agent", &t.user_agent)
            .field("auth", &self.inner.auth)
            .field("timeout", &t.timeout)
            .field("retry", &t.retry)
            .field("limiter", &t.limiter)
            .field("observer", &t.observer.as_ref().map(|_| "Fn(&Attempt)"))
            .finish()
    }
}

impl Executor {
    pub(crate) fn new(transport: Transport, auth: Auth) -> Self {
        Executor { inner: Arc::new(Inner { transport, auth }) }
    }

    /// The API host root, e.g. `https://api.pax8.com`.
    pub(crate) fn base_url(&self) -> &str {
        &self.inner.transport.hosts.base
    }

    /// Sends `req` and returns its 2xx response; every other outcome is an [`Error`]. With
    /// the `tracing` feature, the call is one span (`pax8.call`) around its attempts' events
    /// (and around the token request it may need, a call of its own).
    pub(crate) fn execute(&self, req: &Request, sink: Sink<'_>) -> Result<Response> {
        self.inner.transport.call(req, |target| self.run(req, target, sink))
    }

    /// [`execute`](Self::execute) without its span, once `req`'s target is known.
    fn run(&self, req: &Request, target: &Target, mut sink: Sink<'_>) -> Result<Response> {
        if req.timeout.is_some_and(|t| t.is_zero()) {
            return Err(Error::InvalidInput("timeout must be greater than zero".into()));
        }
        let transport = &self.inner.transport;
        let resp = match (&self.inner.auth, req.family.spec().audience) {
            (_, None) => transport.send(req, target, None, &mut sink)?,
            (Auth::Fixed(token), Some(_)) => transport.send(req, target, Some(token.expose()), &mut sink)?,
            (Auth::OAuth(provider), Some(Audience::Partner)) => {
                let budget = req.timeout.unwrap_or(transport.timeout);
                let token = self.token(provider, budget)?;
                let resp = transport.send(req, target, Some(&token), &mut sink)?;
                if resp.status == 401 && req.body.repeatable() {
                    provider.invalidate(&token);
                    let token = self.token(provider, budget)?;
                    transport.send(req, target, Some(&token), &mut sink)?
                } else {
                    resp
                }
            }
        };
        if resp.is_success() {
            return Ok(resp);
        }
        let raw = String::from_utf8_lossy(&resp.body).into_owned();
        Err(Error::Api(Box::new(ApiError {
            status: resp.status,
            endpoint: resp.endpoint,
            body: ErrorBody::parse(&raw),
            raw,
            retry_after: resp.retry_after,
            page: None,
        })))
    }

    /// A token from `provider`, fetched within `budget` if it must be. The attempts of a
    /// token request are reported to `on_attempt` only once the provider has released its
    /// lock, so a callback may use the client (the same thread or another) without deadlock.
    fn token(&self, provider: &TokenProvider, budget: Duration) -> Result<String> {
        let token = provider.token(&self.inner.transport, budget);
        observe::flush_deferred(self.inner.transport.observer.as_ref());
        token
    }
}

#[cfg(test)]
mod tests {
    use std::io::{self, Write};
    use std::sync::{Arc, Mutex};

    use super::*;

    fn client(server: &mockito::ServerGuard) -> crate::Client {
        crate::Client::builder().base_url(server.url()).access_token("t").no_proxy().no_rate_limit().build().unwrap()
    }

    /// Splits a multipart body at its boundary into (headers, content) per part.
    fn parts(content_type: &str, body: &[u8]) -> Vec<(String, Vec<u8>)> {
        let boundary = content_type.split("boundary=").nth(1).expect("a boundary");
        let body = String::from_utf8_lossy(body).into_owned();
        let mut out = Vec::new();
        for chunk in body.split(&format!("--{boundary}")).skip(1) {
            if chunk.starts_with("--") {
                break;
            }
            let chunk = chunk.strip_prefix("\r\n").unwrap().strip_suffix("\r\n").unwrap();
            let (head, data) = chunk.split_once("\r\n\r\n").unwrap();
            out.push((head.to_owned(), data.as_bytes().to_vec()));
        }
        out
    }

    #[test]
    fn a_multipart_upload_sends_every_part_on_the_wire() {
        let mut server = mockito::Server::new();
        let seen = Arc::new(Mutex::new(None));
        let record = Arc::clone(&seen);
        let m = server
            .mock("POST", "/v2/quote-attachments")
            .match_header("authorization", "Bearer t")
            .match_request(move |req| {
                let ct = req.header("content-type")[0].to_str().unwrap().to_owned();
                *record.lock().unwrap() = Some((ct, req.body().unwrap().clone()));
                true
            })
            .with_status(201)
            .with_body(r#"[{"id":"1"}]"#)
            .create();
        let pdf: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let body = Multipart::default()
            .part(Part::file("attachments", "terms.pdf", "application/pdf", io::Cursor::new(pdf.clone())))
            .part(Part::bytes("attachments", Some("notes.txt".into()), "text/plain", &b"hello"[..]));
        let answer = crate::request::Call::new(
            &client(&server),
            Method::Post,
            Family::Quoting,
            "/quote-attachments".into(),
            crate::request::json::<serde_json::Value>,
        )
        .body(Body::Multipart(body))
        .send()
        .unwrap();
        assert_eq!(answer, serde_json::json!([{"id": "1"}]));
        m.assert();
        let (ct, raw) = seen.lock().unwrap().take().unwrap();
        assert!(ct.starts_with("multipart/form-data; boundary=pax8-rs-"), "{ct}");
        let p = parts(&ct, &raw);
        assert_eq!(p.len(), 2);
        assert_eq!(
            p[0].0,
            "Content-Disposition: form-data; name=\"attachments\"; filename=\"terms.pdf\"\r\nContent-Type: application/pdf"
        );
        assert_eq!(p[1].1, b"hello");
        // The PDF's bytes are not valid UTF-8 everywhere: compare the raw body instead.
        let at = raw.windows(pdf.len()).position(|w| w == pdf.as_slice());
        assert!(at.is_some(), "the file's bytes are in the body unchanged");
    }

    #[test]
    fn a_streamed_upload_is_sent_once_even_on_429() {
        let mut server = mockito::Server::new();
        let m = server.mock("PUT", "/v2/x").with_status(429).with_header("retry-after", "0").expect(1).create();
        let body = Multipart::default().part(Part::file(
            "a",
            "a.bin",
            "application/octet-stream",
            io::Cursor::new(vec![1u8; 10]),
        ));
        let err = crate::request::Call::new(
            &client(&server),
            Method::Put,
            Family::Quoting,
            "/x".into(),
            crate::request::empty,
        )
        .body(Body::Multipart(body))
        .send()
        .unwrap_err();
        assert_eq!(err.status(), Some(429));
        m.assert();
    }

    #[test]
    fn a_post_without_a_body_sends_none() {
        let mut server = mockito::Server::new();
        let m = server
            .mock("POST", "/v2/quotes/q/take-ownership")
            .match_header("content-length", "0")
            .match_header("content-type", mockito::Matcher::Missing)
            .match_body("")
            .with_status(204)
            .create();
        crate::request::Call::new(
            &client(&server),
            Method::Post,
            Family::Quoting,
            "/quotes/q/take-ownership".into(),
            crate::request::empty,
        )
        .send()
        .unwrap();
        m.assert();
    }

    /// Serves one `200` with a body of `len` bytes, generated as it is written, on a local port.
    fn serve_large_body(len: u64) -> String {
        use std::io::{BufRead, BufReader};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let mut out = io::BufWriter::new(stream);
            write!(out, "HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: {len}\r\n\r\n").unwrap();
            let chunk: Vec<u8> = (0..65_536u32).map(|i| (i % 253) as u8).collect();
            let mut left = len;
            while left > 0 {
                let n = left.min(chunk.len() as u64) as usize;
                if out.write_all(&chunk[..n]).is_err() {
                    return;
                }
                left -= n as u64;
            }
            let _ = out.flush();
        });
        format!("http://{addr}")
    }

    /// Counts and checksums what it is given, keeping none of it.
    #[derive(Default)]
    struct Digest {
        len: u64,
        sum: u64,
    }

    impl Write for Digest {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.len += buf.len() as u64;
            self.sum = buf.iter().fold(self.sum, |s, b| s.wrapping_mul(31).wrapping_add(u64::from(*b)));
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    const LARGE: u64 = 50 * 1024 * 1024 + 123;

    /// Run in a child process by `a_50_mib_download_is_streamed_not_held`: downloads, then
    /// prints what it received and the process's peak resident memory.
    #[test]
    #[ignore = "run by a_50_mib_download_is_streamed_not_held in a child process"]
    fn download_child() {
        if std::env::var_os("PAX8_DOWNLOAD_CHILD").is_none() {
            return;
        }
        let client = crate::Client::builder()
            .base_url(serve_large_body(LARGE))
            .access_token("t")
            .no_proxy()
            .no_rate_limit()
            .build()
            .unwrap();
        let mut digest = Digest::default();
        let n = crate::request::Call::new(
            &client,
            Method::Get,
            Family::Quoting,
            "/quotes/q/attachments".into(),
            crate::request::empty,
        )
        .param("downloadZip", Some(true))
        .download(&mut digest)
        .unwrap();
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let hwm = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
        let kib: u64 = hwm.split_whitespace().nth(1).unwrap().parse().unwrap();
        println!("RESULT {n} {} {} {kib}", digest.len, digest.sum);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_50_mib_download_is_streamed_not_held() {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["http::tests::download_child", "--exact", "--ignored", "--nocapture", "--test-threads", "1"])
            .env("PAX8_DOWNLOAD_CHILD", "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let line = stdout.lines().find_map(|l| l.split_once("RESULT ")).unwrap_or_else(|| panic!("{stdout}")).1;
        let f: Vec<u64> = line.split_whitespace().take(4).map(|v| v.parse().unwrap()).collect();
        let mut expected = Digest::default();
        let chunk: Vec<u8> = (0..65_536u32).map(|i| (i % 253) as u8).collect();
        let mut left = LARGE;
        while left > 0 {
            let n = left.min(chunk.len() as u64) as usize;
            expected.write_all(&chunk[..n]).unwrap();
            left -= n as u64;
        }
        assert_eq!((f[0], f[1], f[2]), (LARGE, LARGE, expected.sum), "every byte arrived, in order");
        let peak_mib = f[3] / 1024;
        assert!(peak_mib < 25, "peak resident memory {peak_mib} MiB for a 50 MiB download");
    }
}
