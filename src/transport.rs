//! The transport: sends one [`Request`] and returns its [`Response`], of any status.
//!
//! It resolves the URL from the family's host and prefix, adds the bearer token it is given
//! (it knows nothing of where tokens come from), waits for the rate limiter, sends, and
//! retries under the [`RetryPolicy`] (`Retry-After`, backoff, deadlines), reporting every
//! attempt. Response bodies are read as bytes under a cap, or streamed into a writer with no
//! cap and without being held in memory.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::io::{self, Read, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::family::{Family, Host};
use crate::multipart::Multipart;
use crate::observe::{self, Attempt, Observer};
use crate::query::Query;
use crate::ratelimit::RateLimiter;
use crate::retry_after::parse_retry_after;

/// The largest body the SDK reads into memory (JSON answers and error bodies). Downloads
/// streamed into a writer have no cap.
const MAX_BODY: u64 = 64 * 1024 * 1024;

/// HTTP method of a request (see [`Client::raw`](crate::Client::raw)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// `GET`: read; retried on 408, 429, 502, 503, 504, timeouts and dropped connections.
    Get,
    /// `POST`: create or act; retried only when it cannot have reached the server (429,
    /// connection refused).
    Post,
    /// `PUT`: replace; retried like `GET`.
    Put,
    /// `PATCH`: change; retried like `POST`.
    Patch,
    /// `DELETE`: remove; retried like `GET`.
    Delete,
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Method {
    /// `GET`, `POST`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether repeating the request cannot do harm (RFC 9110 idempotent methods).
    fn idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

/// A request body.
#[derive(Clone, Default)]
pub(crate) enum Body {
    /// No body at all (a POST without one sends `Content-Length: 0`).
    #[default]
    None,
    /// `application/json`.
    Json(Vec<u8>),
    /// `multipart/form-data`.
    Multipart(Multipart),
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::None => f.write_str("None"),
            Body::Json(b) => write!(f, "Json({} bytes)", b.len()),
            Body::Multipart(m) => f.debug_tuple("Multipart").field(&m.parts()).finish(),
        }
    }
}

impl Body {
    /// Whether the body can be sent again: false once a streamed part has been read.
    pub(crate) fn repeatable(&self) -> bool {
        match self {
            Body::Multipart(m) => m.repeatable(),
            _ => true,
        }
    }
}

/// The one description of a request: what every builder, list and token fetch produces and
/// what [`Transport::send`] sends.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub method: Method,
    pub family: Family,
    /// Path below the family's prefix, e.g. `/companies`.
    pub path: String,
    pub query: Query,
    pub body: Body,
    /// Overrides the client's overall timeout for each attempt.
    pub timeout: Option<Duration>,
    /// When set, no attempt runs past it and no retry starts that would (a token fetch is
    /// bounded by the timeout of the call that needs the token).
    pub deadline: Option<Instant>,
}

impl Request {
    pub(crate) fn new(method: Method, family: Family, path: impl Into<String>) -> Self {
        Request {
            method,
            family,
            path: path.into(),
            query: Query::default(),
            body: Body::None,
            timeout: None,
            deadline: None,
        }
    }

    /// Whether a request that may have reached the server can be sent again.
    fn retry_safe(&self) -> bool {
        (self.method.idempotent() || self.family == Family::Token) && self.body.repeatable()
    }

    /// Path and query below the family's prefix, for tests of what builders produce.
    #[cfg(test)]
    pub(crate) fn path_and_query(&self) -> String {
        if self.query.is_empty() { self.path.clone() } else { format!("{}?{}", self.path, self.query.encode()) }
    }

    /// The JSON body as a value, for tests of what builders produce.
    #[cfg(test)]
    pub(crate) fn json_body(&self) -> Option<serde_json::Value> {
        match &self.body {
            Body::Json(b) => Some(serde_json::from_slice(b).expect("the SDK sends valid JSON")),
            _ => None,
        }
    }
}

/// Where a 2xx body goes.
pub(crate) enum Sink<'a> {
    /// Read into [`Response::body`], up to the cap.
    Memory,
    /// Copied into the writer as it arrives; [`Response::streamed`] counts the bytes.
    Writer(&'a mut dyn Write),
}

/// A response as read off the wire.
#[derive(Debug)]
pub(crate) struct Response {
    /// How errors name the call: `GET /v1/companies?page=0`.
    pub endpoint: String,
    pub status: u16,
    pub retry_after: Option<Duration>,
    /// The body, unless it was streamed into a writer.
    pub body: Vec<u8>,
    /// Bytes written into the writer of [`Sink::Writer`].
    pub streamed: u64,
}

impl Response {
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Retry policy knobs; see the builder for their documented defaults.
#[derive(Debug, Clone)]
pub(crate) struct RetryPolicy {
    pub max_retries: u32,
    pub max_wait: Duration,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

/// The hosts the families live on (no trailing `/`).
#[derive(Debug, Clone)]
pub(crate) struct Hosts {
    pub base: String,
    pub portal: String,
    pub token: String,
}

/// A request's slot in the rate limiter, from `acquire` to `release`. Dropped unreleased
/// (a panic on the way), it is released as counted.
struct Slot<'a>(Option<&'a dyn RateLimiter>);

impl<'a> Slot<'a> {
    fn acquire(limiter: Option<&'a dyn RateLimiter>) -> Self {
        if let Some(l) = limiter {
            l.acquire();
        }
        Slot(limiter)
    }

    /// Tells the limiter the request ended; `counted`: the server may have counted it.
    fn release(mut self, counted: bool) {
        if let Some(l) = self.0.take() {
            l.release(counted);
        }
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        if let Some(l) = self.0.take() {
            l.release(true);
        }
    }
}

/// Sends requests: one agent, the hosts, the rate limiter, the retry policy and the
/// observer. It knows nothing of tokens: a caller hands it the bearer, if any.
pub(crate) struct Transport {
    pub agent: ureq::Agent,
    pub hosts: Hosts,
    pub timeout: Duration,
    pub retry: RetryPolicy,
    pub limiter: Option<Arc<dyn RateLimiter>>,
    pub observer: Option<Observer>,
    pub jitter: RandomState,
    /// The `User-Agent` of every request, set per request so a caller's agent gets it too.
    pub user_agent: String,
    /// Sees every answered attempt, body included (a cassette recorder, feature `testing`).
    pub tap: Option<Arc<dyn Tap>>,
}

/// One attempt that got an answer, as a [`Tap`] sees it.
#[cfg_attr(not(feature = "testing"), allow(dead_code))] // read by the cassette recorder
pub(crate) struct Exchange<'a> {
    pub request: &'a Request,
    /// The path on the wire without the query, family prefix included: `/v1/companies`.
    pub path: &'a str,
    pub status: u16,
    pub content_type: Option<&'a str>,
    pub retry_after: Option<&'a str>,
    /// The whole body, also when it was streamed into a writer.
    pub body: &'a [u8],
}

/// Sees every answered attempt of a transport, after its body was read.
pub(crate) trait Tap: Send + Sync {
    fn exchange(&self, exchange: &Exchange<'_>);
}

/// Copies what is written into a second buffer (a streamed body, for a [`Tap`]).
struct Tee<'a> {
    inner: &'a mut dyn Write,
    copy: Vec<u8>,
}

impl Write for Tee<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.copy.extend_from_slice(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("hosts", &self.hosts)
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("limiter", &self.limiter)
            .field("observer", &self.observer.as_ref().map(|_| "Fn(&Attempt)"))
            .field("tap", &self.tap.is_some())
            .finish()
    }
}

/// Where one request goes: the full URL and how errors and traces name it.
pub(crate) struct Target {
    pub url: String,
    /// `GET /v1/companies?page=0`.
    pub endpoint: String,
    /// `/v1/companies?page=0`.
    pub path: String,
}

/// An attempt that got no response; `sent` is false when the request cannot have reached
/// the server (refused, unresolved), which makes even a POST safe to repeat.
struct Failure {
    error: Error,
    sent: bool,
    /// Part of a body already went into the caller's writer: never retry.
    written: bool,
}

impl Transport {
    /// Runs `call` as one call of `req` (to its target): the `pax8.call` span of feature
    /// `tracing` is around it, with the status of its final answer or error.
    pub(crate) fn call(&self, req: &Request, call: impl FnOnce(&Target) -> Result<Response>) -> Result<Response> {
        let target = self.target(req);
        let status = |r: &Result<Response>| match r {
            Ok(resp) => Some(resp.status),
            Err(e) => e.status(),
        };
        observe::traced(req.method.as_str(), &target.path, status, || call(&target))
    }

    /// The URL of `req` and its name in errors and traces.
    pub(crate) fn target(&self, req: &Request) -> Target {
        let host = match req.family.spec().host {
            Host::Api => &self.hosts.base,
            Host::Portal => &self.hosts.portal,
            Host::Token => &self.hosts.token,
        };
        let mut url = format!("{host}{}{}", req.family.prefix(), req.path);
        if !req.query.is_empty() {
            url.push('?');
            url.push_str(&req.query.encode());
        }
        let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
        let path = after_scheme.find('/').map_or_else(|| "/".to_owned(), |i| after_scheme[i..].to_owned());
        Target { endpoint: format!("{} {path}", req.method.as_str()), path, url }
    }

    /// Sends under the rate limiter and the retry policy; returns the final response of any
    /// status, or the transport error of the last attempt.
    pub(crate) fn send(
        &self,
        req: &Request,
        target: &Target,
        bearer: Option<&str>,
        sink: &mut Sink<'_>,
    ) -> Result<Response> {
        let retry_safe = req.retry_safe();
        let repeatable = req.body.repeatable();
        let mut waited = Duration::ZERO;
        let mut number = 0;
        loop {
            number += 1;
            let queued = Instant::now();
            let slot = Slot::acquire(self.limiter.as_deref().filter(|_| req.family != Family::Token));
            let queued = queued.elapsed();
            let started = Instant::now();
            let outcome = self.attempt(req, target, bearer, sink);
            let elapsed = started.elapsed();
            slot.release(match &outcome {
                Ok(resp) => resp.status != 429,
                Err(Failure { sent, .. }) => *sent,
            });

            let retryable = repeatable
                && match &outcome {
                    Ok(resp) if resp.is_success() => false,
                    Ok(resp) => match resp.status {
                        429 => true,
                        408 | 502..=504 => retry_safe,
                        _ => false,
                    },
                    Err(Failure { error, sent, written }) => error.is_retryable() && !written && (retry_safe || !sent),
                };
            let delay = if retryable && number <= self.retry.max_retries {
                let hinted = outcome.as_ref().ok().and_then(|r| r.retry_after);
                let d = hinted.unwrap_or_else(|| self.backoff(number));
                let in_time = req.deadline.is_none_or(|end| Instant::now().checked_add(d).is_some_and(|t| t < end));
                (waited.saturating_add(d) <= self.retry.max_wait && in_time).then_some(d)
            } else {
                None
            };

            self.observe(req, target, number, &outcome, elapsed, queued, delay);
            match (outcome, delay) {
                (Ok(resp), None) => return Ok(resp),
                (Err(Failure { error, .. }), None) => return Err(error),
                (_, Some(d)) => {
                    waited = waited.saturating_add(d);
                    std::thread::sleep(d);
                }
            }
        }
    }

    /// Exponential backoff with equal jitter: half of `base * 2^(n-1)` (capped) plus a random
    /// part of the other half.
    fn backoff(&self, number: u32) -> Duration {
        let exp = self.retry.base_delay.saturating_mul(1u32 << (number - 1).min(16)).min(self.retry.max_delay);
        let half = exp / 2;
        let nanos = half.as_nanos() as u64;
        let random = if nanos == 0 { 0 } else { self.jitter.hash_one((number, Instant::now())) % nanos };
        half + Duration::from_nanos(random)
    }

    #[allow(clippy::too_many_arguments)]
    fn observe(
        &self,
        req: &Request,
        target: &Target,
        number: u32,
        outcome: &std::result::Result<Response, Failure>,
        elapsed: Duration,
        queued: Duration,
        retry_in: Option<Duration>,
    ) {
        #[cfg(not(any(feature = "log", feature = "tracing")))]
        if self.observer.is_none() {
            return;
        }
        let (status, error) = match outcome {
            Ok(r) => (Some(r.status), None),
            Err(Failure { error, .. }) => (None, Some(error.to_string())),
        };
        let a = Attempt {
            method: req.method.as_str(),
            path: target.path.clone(),
            number,
            status,
            error,
            elapsed,
            queued,
            retry_in,
        };
        // A token request's attempts wait until the token lock is released (see
        // `observe::flush_deferred`).
        observe::report(self.observer.as_ref(), a, req.family == Family::Token);
    }

    /// One attempt: send, then read the body into memory or stream it into the sink.
    fn attempt(
        &self,
        req: &Request,
        target: &Target,
        bearer: Option<&str>,
        sink: &mut Sink<'_>,
    ) -> std::result::Result<Response, Failure> {
        let started = Instant::now();
        let fail = |e| self.transport_failure(target, e, started);
        let mut timeout = req.timeout.unwrap_or(self.timeout);
        if let Some(deadline) = req.deadline {
            let left = deadline.saturating_duration_since(started);
            if left.is_zero() {
                let error = Error::Timeout {
                    endpoint: target.endpoint.clone(),
                    elapsed: Duration::ZERO,
                    what: "deadline".into(),
                    page: None,
                };
                return Err(Failure { error, sent: false, written: false });
            }
            timeout = timeout.min(left);
        }
        let auth = bearer.map(|t| format!("Bearer {t}"));
        let accept = match sink {
            Sink::Memory => "application/json",
            Sink::Writer(_) => "*/*",
        };
        macro_rules! finish {
            ($b:expr) => {{
                // `User-Agent` as a header, not per-request config: a request whose config
                // differs from its agent's in the user agent cannot use the connection pool.
                let mut b = $b.header("Accept", accept).header("User-Agent", self.user_agent.as_str());
                if let Some(a) = &auth {
                    b = b.header("Authorization", a.as_str());
                }
                // Per request, so a caller's own agent (see `ClientBuilder::agent`) behaves the
                // same: statuses are values, redirects are answers.
                let mut c = b
                    .config()
                    .http_status_as_error(false)
                    .max_redirects(0)
                    .max_redirects_will_error(false)
                    .timeout_global(Some(timeout));
                // Plain http to loopback (a mock server; a token request carries the client
                // secret in clear) never goes through a proxy from the environment.
                if self.agent.config().proxy().is_some_and(|p| p.is_from_env())
                    && crate::loopback::is_plain_http_loopback(&target.url)
                {
                    c = c.proxy(None);
                }
                c.build()
            }};
        }
        let result = match req.method {
            Method::Get => finish!(self.agent.get(&target.url)).call(),
            Method::Delete => finish!(self.agent.delete(&target.url)).call(),
            m => {
                let b = match m {
                    Method::Post => self.agent.post(&target.url),
                    Method::Put => self.agent.put(&target.url),
                    _ => self.agent.patch(&target.url),
                };
                let b = finish!(b);
                match &req.body {
                    Body::None => b.send_empty(),
                    Body::Json(bytes) => b.content_type("application/json").send(bytes.as_slice()),
                    Body::Multipart(m) => {
                        let (reader, content_type) = m.clone().into_reader().map_err(|e| Failure {
                            error: Error::InvalidInput(format!("{}: {e}", target.endpoint)),
                            sent: false,
                            written: false,
                        })?;
                        b.content_type(content_type).send(ureq::SendBody::from_owned_reader(reader))
                    }
                }
            }
        };
        let resp = result.map_err(fail)?;
        let status = resp.status().as_u16();
        let header = |name| resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let retry_after_text = header("retry-after");
        let content_type = self.tap.as_ref().and(header("content-type"));
        let retry_after = retry_after_text.as_deref().and_then(parse_retry_after);
        let mut reader = resp.into_body().into_reader();
        let mut out =
            Response { endpoint: target.endpoint.clone(), status, retry_after, body: Vec::new(), streamed: 0 };
        let mut streamed_copy = None;
        match sink {
            Sink::Writer(w) if out.is_success() && self.tap.is_some() => {
                let mut tee = Tee { inner: &mut **w, copy: Vec::new() };
                out.streamed = io::copy(&mut reader, &mut tee)
                    .map_err(|e| Failure { written: true, ..self.io_failure(target, e, started) })?;
                streamed_copy = Some(tee.copy);
            }
            Sink::Writer(w) if out.is_success() => {
                out.streamed = io::copy(&mut reader, w)
                    .map_err(|e| Failure { written: true, ..self.io_failure(target, e, started) })?;
            }
            _ => {
                (&mut reader)
                    .take(MAX_BODY + 1)
                    .read_to_end(&mut out.body)
                    .map_err(|e| self.io_failure(target, e, started))?;
                if out.body.len() as u64 > MAX_BODY {
                    if out.is_success() {
                        return Err(Failure {
                            error: Error::InvalidInput(format!(
                                "{} answered more than {MAX_BODY} bytes; use a smaller page size",
                                target.endpoint
                            )),
                            sent: true,
                            written: false,
                        });
                    }
                    out.body.truncate(MAX_BODY as usize);
                }
            }
        }
        if let Some(tap) = &self.tap {
            tap.exchange(&Exchange {
                request: req,
                path: target.path.split('?').next().unwrap_or_default(),
                status,
                content_type: content_type.as_deref(),
                retry_after: retry_after_text.as_deref(),
                body: streamed_copy.as_deref().unwrap_or(&out.body),
            });
        }
        Ok(out)
    }

    /// A failure while reading or writing a body: ureq's own error when it is one.
    fn io_failure(&self, target: &Target, e: io::Error, started: Instant) -> Failure {
        let e = if e.get_ref().is_some_and(|inner| inner.is::<ureq::Error>()) {
            match e.into_inner().map(|inner| inner.downcast::<ureq::Error>()) {
                Some(Ok(inner)) => *inner,
                _ => ureq::Error::Io(io::Error::other("the body transfer failed")),
            }
        } else {
            ureq::Error::Io(e)
        };
        self.transport_failure(target, e, started)
    }

    fn transport_failure(&self, target: &Target, e: ureq::Error, started: Instant) -> Failure {
        use io::ErrorKind;
        use ureq::Timeout as T;
        // rustls reports a refused certificate inside an I/O error: name it as TLS.
        let e = match e {
            ureq::Error::Io(io) if io.get_ref().is_some_and(|inner| inner.is::<rustls::Error>()) => {
                match io.into_inner().map(|inner| inner.downcast::<rustls::Error>()) {
                    Some(Ok(tls)) => ureq::Error::Rustls(*tls),
                    _ => ureq::Error::Tls("the TLS handshake failed"),
                }
            }
            e => e,
        };
        let sent = !matches!(
            &e,
            ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused
        ) && !matches!(
            &e,
            ureq::Error::Timeout(T::Connect | T::Resolve) | ureq::Error::HostNotFound | ureq::Error::ConnectionFailed
        );
        let endpoint = target.endpoint.clone();
        let error = match e {
            ureq::Error::Timeout(which) => {
                Error::Timeout { endpoint, elapsed: started.elapsed(), what: which.to_string(), page: None }
            }
            ureq::Error::Io(io) if io.kind() == ErrorKind::TimedOut => {
                Error::Timeout { endpoint, elapsed: started.elapsed(), what: io.to_string(), page: None }
            }
            source => Error::Transport { endpoint, source, page: None },
        };
        Failure { error, sent, written: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::multipart::Part;

    fn transport() -> Transport {
        Transport {
            agent: ureq::Agent::new_with_defaults(),
            hosts: Hosts {
                base: "https://api.pax8.com".into(),
                portal: "https://app.pax8.com".into(),
                token: "https://api.pax8.com/v1/token".into(),
            },
            timeout: Duration::from_secs(1),
            retry: RetryPolicy {
                max_retries: 3,
                max_wait: Duration::from_secs(60),
                base_delay: Duration::from_millis(100),
                max_delay: Duration::from_secs(1),
            },
            limiter: None,
            observer: None,
            jitter: RandomState::new(),
            user_agent: "pax8-rs/test".into(),
            tap: None,
        }
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let t = transport();
        for n in 1..=10 {
            let exp = Duration::from_millis(100 * (1 << (n - 1))).min(Duration::from_secs(1));
            let d = t.backoff(n);
            assert!(d >= exp / 2 && d <= exp, "attempt {n}: {d:?} vs {exp:?}");
        }
    }

    #[test]
    fn only_idempotent_methods_and_token_requests_are_retry_safe() {
        let safe = |m, f| Request::new(m, f, "/x").retry_safe();
        assert!(safe(Method::Get, Family::Partner) && safe(Method::Put, Family::Quoting));
        assert!(safe(Method::Delete, Family::Webhooks) && safe(Method::Post, Family::Token));
        assert!(!safe(Method::Post, Family::Partner) && !safe(Method::Patch, Family::Partner));
        let mut streamed = Request::new(Method::Put, Family::Quoting, "/x");
        streamed.body =
            Body::Multipart(Multipart::default().part(Part::file("a", "a.pdf", "application/pdf", io::empty())));
        assert!(!streamed.retry_safe(), "a body streamed from a reader is sent at most once");
    }

    #[test]
    fn each_family_has_its_prefix_and_host() {
        let e = transport();
        let url = |f, p: &str| {
            let mut r = Request::new(Method::Get, f, p);
            r.query.set("page", 1);
            let t = e.target(&r);
            (t.url, t.endpoint)
        };
        assert_eq!(
            url(Family::Partner, "/companies"),
            ("https://api.pax8.com/v1/companies?page=1".into(), "GET /v1/companies?page=1".into())
        );
        assert_eq!(url(Family::Webhooks, "/webhooks").0, "https://api.pax8.com/api/v2/webhooks?page=1");
        assert_eq!(url(Family::Quoting, "/quotes").0, "https://api.pax8.com/v2/quotes?page=1");
        assert_eq!(url(Family::Portal, "/x").0, "https://app.pax8.com/p8p/api/v3/x?page=1");
        let token = e.target(&Request::new(Method::Post, Family::Token, ""));
        assert_eq!((token.url.as_str(), token.endpoint.as_str()), ("https://api.pax8.com/v1/token", "POST /v1/token"));
    }
}
