//! The one request executor.
//!
//! Every request the SDK makes, token requests included, is described once as a
//! [`Request`] (method, family, path, query, body, timeout) and sent by
//! [`Executor::execute`], which does, in this order:
//!
//! 1. resolve the URL from the family's host and prefix;
//! 2. add the bearer token (fetched, cached and shared by [`TokenProvider`]);
//! 3. wait for the rate limiter, send, and retry under the [`RetryPolicy`];
//! 4. on a 401, drop the token, fetch a new one and send once more;
//! 5. turn a non-2xx answer into [`Error::Api`] (or [`Error::Auth`] for the token endpoint).
//!
//! Response bodies are read as bytes (JSON is decoded straight from them by the caller) under
//! a cap, or streamed into a writer with no cap and without being held in memory.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::io::{self, Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use crate::auth::{Secret, TokenProvider};
use crate::error::{ApiError, AuthError, Error, ErrorBody, Result};
use crate::pagination::PagingStyle;
use crate::query::Query;
use crate::ratelimit::RateLimiter;

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

/// The API families: where their paths live and how their lists page and sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// The partner API: `/v1` on the API host.
    Partner,
    /// The webhooks API: `/api/v2` on the API host.
    Webhooks,
    /// The quoting API: `/v2` on the API host.
    Quoting,
    /// The undocumented portal API: `/p8p/api/v3` on the portal host.
    Portal,
    /// The API host root with no prefix: the path names its family itself (`/v1/...`,
    /// `/api/v2/...`), for [`Client::raw`](crate::Client::raw).
    Root,
    /// The OAuth token endpoint: the token URL itself (path empty); no bearer token, no
    /// rate limit, and safe to repeat although it is a POST.
    Token,
}

impl Family {
    /// How this family's lists page and sort.
    pub(crate) fn paging(self) -> PagingStyle {
        match self {
            Family::Webhooks => PagingStyle::WEBHOOKS,
            Family::Quoting => PagingStyle::QUOTING,
            Family::Partner | Family::Portal | Family::Token | Family::Root => PagingStyle::PARTNER,
        }
    }

    /// The path prefix of this family on its host.
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            Family::Partner => "/v1",
            Family::Webhooks => "/api/v2",
            Family::Quoting => "/v2",
            Family::Portal => "/p8p/api/v3",
            Family::Root | Family::Token => "",
        }
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
            Body::Multipart(m) => f.debug_tuple("Multipart").field(&m.parts).finish(),
        }
    }
}

impl Body {
    /// Whether the body can be sent again: false once a streamed part has been read.
    fn repeatable(&self) -> bool {
        match self {
            Body::Multipart(m) => m.parts.iter().all(|p| matches!(p.data, PartData::Bytes(_))),
            _ => true,
        }
    }
}

/// A `multipart/form-data` body: file parts streamed from readers or held as bytes.
#[derive(Clone, Debug, Default)]
pub(crate) struct Multipart {
    parts: Vec<Part>,
}

/// One part of a [`Multipart`] body.
#[derive(Clone)]
pub(crate) struct Part {
    name: String,
    file_name: Option<String>,
    content_type: String,
    data: PartData,
}

#[derive(Clone)]
enum PartData {
    Bytes(Arc<[u8]>),
    /// Read once, when the request is sent; a body with such a part is never re-sent.
    Reader(Arc<Mutex<Option<Box<dyn Read + Send>>>>),
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let data = match &self.data {
            PartData::Bytes(b) => format!("{} bytes", b.len()),
            PartData::Reader(_) => "streamed".to_owned(),
        };
        f.debug_struct("Part")
            .field("name", &self.name)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("data", &data)
            .finish()
    }
}

impl Part {
    /// A file part read from `reader` when the request is sent (never held whole in memory).
    pub(crate) fn file(
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        reader: impl Read + Send + 'static,
    ) -> Self {
        Part {
            name: name.into(),
            file_name: Some(file_name.into()),
            content_type: content_type.into(),
            data: PartData::Reader(Arc::new(Mutex::new(Some(Box::new(reader))))),
        }
    }

    /// A part held in memory (a small field or file); such a body can be re-sent.
    #[cfg_attr(not(test), allow(dead_code))] // no endpoint sends a field held in memory yet
    pub(crate) fn bytes(
        name: impl Into<String>,
        file_name: Option<String>,
        content_type: impl Into<String>,
        data: impl Into<Arc<[u8]>>,
    ) -> Self {
        Part { name: name.into(), file_name, content_type: content_type.into(), data: PartData::Bytes(data.into()) }
    }
}

impl Multipart {
    /// Adds a part.
    pub(crate) fn part(mut self, part: Part) -> Self {
        self.parts.push(part);
        self
    }

    /// Each part as (field, file name or empty, content type, content), reading the streamed
    /// ones: what the unit tests of the upload builders check.
    #[cfg(test)]
    pub(crate) fn read_parts(self) -> Vec<(String, String, String, Vec<u8>)> {
        self.parts
            .into_iter()
            .map(|p| {
                let mut data = Vec::new();
                match p.data {
                    PartData::Bytes(b) => data.extend_from_slice(&b),
                    PartData::Reader(r) => {
                        let mut r = r.lock().unwrap().take().expect("a streamed part is read once");
                        r.read_to_end(&mut data).unwrap();
                    }
                }
                (p.name, p.file_name.unwrap_or_default(), p.content_type, data)
            })
            .collect()
    }

    /// A boundary that does not occur in the part headers (file contents are not scanned:
    /// 32 random hex digits make a collision practically impossible).
    fn boundary() -> String {
        let r = RandomState::new();
        format!("pax8-rs-{:016x}{:016x}", r.hash_one(Instant::now()), r.hash_one(std::process::id()))
    }

    /// The body as one reader, parts streamed in order, and its content type.
    fn into_reader(self) -> io::Result<(Box<dyn Read + Send>, String)> {
        let boundary = Self::boundary();
        let mut reader: Box<dyn Read + Send> = Box::new(io::empty());
        for part in self.parts {
            let mut head = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"", quote(&part.name));
            if let Some(f) = &part.file_name {
                head.push_str(&format!("; filename=\"{}\"", quote(f)));
            }
            head.push_str(&format!("\r\nContent-Type: {}\r\n\r\n", part.content_type));
            let data: Box<dyn Read + Send> = match part.data {
                PartData::Bytes(b) => Box::new(io::Cursor::new(b)),
                PartData::Reader(r) => r.lock().unwrap_or_else(|p| p.into_inner()).take().ok_or_else(|| {
                    io::Error::other("a streamed part was already sent once and cannot be sent again")
                })?,
            };
            reader = Box::new(reader.chain(io::Cursor::new(head.into_bytes())).chain(data).chain(&b"\r\n"[..]));
        }
        let tail = format!("--{boundary}--\r\n");
        Ok((
            Box::new(reader.chain(io::Cursor::new(tail.into_bytes()))),
            format!("multipart/form-data; boundary={boundary}"),
        ))
    }
}

/// Escapes a header parameter value (quotes, backslashes, line breaks).
fn quote(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '\r' && *c != '\n')
        .flat_map(|c| if c == '"' || c == '\\' { vec!['\\', c] } else { vec![c] })
        .collect()
}

/// The one description of a request: what every builder, list and token fetch produces and
/// what [`Executor::execute`] sends.
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
    fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// What one attempt of a request did; handed to the [`on_attempt`] callback, logged at
/// debug level (feature `log`) and traced as an event (feature `tracing`). It never contains
/// a header, a body or a secret.
///
/// [`on_attempt`]: crate::ClientBuilder::on_attempt
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Attempt {
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// Path and query, without the host.
    pub path: String,
    /// 1 for the first attempt, 2 for the first retry, ...
    pub number: u32,
    /// The HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// The transport error (timeout, refused, reset), when no response arrived.
    pub error: Option<String>,
    /// Time from sending to the end of reading the body (or to the failure).
    pub elapsed: Duration,
    /// Time spent waiting for the rate limiter before this attempt.
    pub queued: Duration,
    /// The wait before the next attempt, when the SDK will retry.
    pub retry_in: Option<Duration>,
}

/// A callback that sees every attempt.
pub(crate) type Observer = Arc<dyn Fn(&Attempt) + Send + Sync>;

/// Retry policy knobs; see the builder for their documented defaults.
#[derive(Debug, Clone)]
pub(crate) struct RetryPolicy {
    pub max_retries: u32,
    pub max_wait: Duration,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

/// How requests are authorised.
pub(crate) enum Auth {
    /// A fixed bearer token, never refreshed.
    Fixed(Secret),
    /// OAuth client credentials.
    OAuth(TokenProvider),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Fixed(t) => f.debug_tuple("AccessToken").field(t).finish(),
            Auth::OAuth(p) => p.fmt(f),
        }
    }
}

/// The hosts the families live on (no trailing `/`).
#[derive(Debug, Clone)]
pub(crate) struct Hosts {
    pub base: String,
    pub portal: String,
    pub token: String,
}

thread_local! {
    /// Attempts of token requests, held until the token lock is released (see
    /// `Executor::token`).
    static DEFERRED: std::cell::RefCell<Vec<Attempt>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The shared machinery of a client: one agent, the token, the limiter, the retry policy.
pub(crate) struct Executor {
    pub agent: ureq::Agent,
    pub hosts: Hosts,
    pub auth: Auth,
    pub timeout: Duration,
    pub retry: RetryPolicy,
    pub limiter: Option<Arc<dyn RateLimiter>>,
    pub observer: Option<Observer>,
    pub jitter: RandomState,
    /// The `User-Agent` of every request, set per request so a caller's agent gets it too.
    pub user_agent: String,
}

impl fmt::Debug for Executor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Executor")
            .field("hosts", &self.hosts)
            .field("user_agent", &self.user_agent)
            .field("auth", &self.auth)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("limiter", &self.limiter)
            .field("observer", &self.observer.as_ref().map(|_| "Fn(&Attempt)"))
            .finish()
    }
}

/// Where one request goes: the full URL and how errors and traces name it.
struct Target {
    url: String,
    /// `GET /v1/companies?page=0`.
    endpoint: String,
    /// `/v1/companies?page=0`.
    path: String,
}

/// An attempt that got no response; `sent` is false when the request cannot have reached
/// the server (refused, unresolved), which makes even a POST safe to repeat.
struct Failure {
    error: Error,
    sent: bool,
    /// Part of a body already went into the caller's writer: never retry.
    written: bool,
}

impl Executor {
    /// Sends `req` and returns its 2xx response; every other outcome is an [`Error`]. With
    /// the `tracing` feature, the call is one span (`pax8.call`) around its attempts' events.
    pub(crate) fn execute(&self, req: &Request, sink: Sink<'_>) -> Result<Response> {
        let target = self.target(req);
        #[cfg(feature = "tracing")]
        {
            let span = tracing::debug_span!(
                "pax8.call",
                method = req.method.as_str(),
                path = %path_template(&target.path),
                status = tracing::field::Empty,
            );
            let _entered = span.enter();
            let result = self.run(req, &target, sink);
            match &result {
                Ok(resp) => span.record("status", resp.status),
                Err(e) => span.record("status", e.status()),
            };
            result
        }
        #[cfg(not(feature = "tracing"))]
        self.run(req, &target, sink)
    }

    /// [`execute`](Self::execute) without its span, once `req`'s target is known.
    fn run(&self, req: &Request, target: &Target, mut sink: Sink<'_>) -> Result<Response> {
        if req.timeout.is_some_and(|t| t.is_zero()) {
            return Err(Error::InvalidInput("timeout must be greater than zero".into()));
        }
        let resp = match (&self.auth, req.family) {
            (_, Family::Token) => self.send(req, target, None, &mut sink)?,
            (Auth::Fixed(token), _) => self.send(req, target, Some(token.expose()), &mut sink)?,
            (Auth::OAuth(provider), _) => {
                let budget = req.timeout.unwrap_or(self.timeout);
                let token = self.token(provider, budget)?;
                let resp = self.send(req, target, Some(&token), &mut sink)?;
                if resp.status == 401 && req.body.repeatable() {
                    provider.invalidate(&token);
                    let token = self.token(provider, budget)?;
                    self.send(req, target, Some(&token), &mut sink)?
                } else {
                    resp
                }
            }
        };
        if resp.is_success() {
            return Ok(resp);
        }
        let raw = String::from_utf8_lossy(&resp.body).into_owned();
        Err(match req.family {
            Family::Token => Error::Auth(Box::new(AuthError::from_response(resp.status, raw))),
            _ => Error::Api(Box::new(ApiError {
                status: resp.status,
                endpoint: resp.endpoint,
                body: ErrorBody::parse(&raw),
                raw,
                retry_after: resp.retry_after,
                page: None,
            })),
        })
    }

    /// A token from `provider`, fetched within `budget` if it must be. The attempts of a
    /// token request are reported to `on_attempt` only once the provider has released its
    /// lock, so a callback may use the client (the same thread or another) without deadlock.
    fn token(&self, provider: &TokenProvider, budget: Duration) -> Result<String> {
        let token = provider.token(self, budget);
        for attempt in DEFERRED.with(|d| std::mem::take(&mut *d.borrow_mut())) {
            if let Some(obs) = &self.observer {
                obs(&attempt);
            }
        }
        token
    }

    /// The URL of `req` and its name in errors and traces.
    fn target(&self, req: &Request) -> Target {
        let host = match req.family {
            Family::Portal => &self.hosts.portal,
            Family::Token => &self.hosts.token,
            Family::Partner | Family::Webhooks | Family::Quoting | Family::Root => &self.hosts.base,
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
    fn send(&self, req: &Request, target: &Target, bearer: Option<&str>, sink: &mut Sink<'_>) -> Result<Response> {
        let retry_safe = req.retry_safe();
        let repeatable = req.body.repeatable();
        let mut waited = Duration::ZERO;
        let mut number = 0;
        loop {
            number += 1;
            let queued = Instant::now();
            if req.family != Family::Token
                && let Some(l) = &self.limiter
            {
                l.acquire();
            }
            let queued = queued.elapsed();
            let started = Instant::now();
            let outcome = self.attempt(req, target, bearer, sink);
            let elapsed = started.elapsed();

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
        #[cfg(feature = "log")]
        log::debug!(
            "pax8: {} {} attempt {} -> {} in {:?} (queued {:?}){}",
            a.method,
            a.path,
            a.number,
            a.status.map_or_else(|| a.error.clone().unwrap_or_default(), |s| s.to_string()),
            a.elapsed,
            a.queued,
            a.retry_in.map(|d| format!(", retrying in {d:?}")).unwrap_or_default()
        );
        #[cfg(feature = "tracing")]
        tracing::debug!(
            method = a.method,
            path = %path_template(&target.path),
            attempt = a.number,
            status = a.status,
            error = a.error.as_deref(),
            elapsed_ms = a.elapsed.as_millis() as u64,
            waited_ms = a.queued.as_millis() as u64,
            retry_in_ms = a.retry_in.map(|d| d.as_millis() as u64),
            "pax8 attempt"
        );
        if let Some(obs) = &self.observer {
            if req.family == Family::Token {
                // Reported by `Executor::token` after the token lock is released.
                DEFERRED.with(|d| d.borrow_mut().push(a));
            } else {
                obs(&a);
            }
        }
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
                b.config()
                    .http_status_as_error(false)
                    .max_redirects(0)
                    .max_redirects_will_error(false)
                    .timeout_global(Some(timeout))
                    .build()
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
        let retry_after = resp.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(parse_retry_after);
        let mut reader = resp.into_body().into_reader();
        let mut out =
            Response { endpoint: target.endpoint.clone(), status, retry_after, body: Vec::new(), streamed: 0 };
        match sink {
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

/// The path of a call with its query dropped and its ids (UUIDs, numbers) replaced by
/// `{id}`, e.g. `/v1/companies/{id}/contacts`: what traces name a call by (few distinct
/// values, nothing a caller filtered by).
#[cfg_attr(not(any(test, feature = "tracing")), allow(dead_code))]
pub(crate) fn path_template(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut out = String::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        out.push('/');
        let is_id = segment.parse::<uuid::Uuid>().is_ok() || segment.bytes().all(|b| b.is_ascii_digit());
        out.push_str(if is_id { "{id}" } else { segment });
    }
    if out.is_empty() { "/".to_owned() } else { out }
}

/// Reads `Retry-After`: whole seconds, or an HTTP date (IMF-fixdate) turned into the time
/// left until then (zero if it has passed).
pub(crate) fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = time::PrimitiveDateTime::parse(v, HTTP_DATE).ok()?.assume_utc();
    let left = at - OffsetDateTime::now_utc();
    Some(left.try_into().unwrap_or(Duration::ZERO))
}

const HTTP_DATE: &[time::format_description::BorrowedFormatItem<'static>] = time::macros::format_description!(
    "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
);

/// Formats an instant as an HTTP date (tests).
#[cfg(test)]
pub(crate) fn http_date(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC).format(HTTP_DATE).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn executor() -> Executor {
        Executor {
            agent: ureq::Agent::new_with_defaults(),
            hosts: Hosts {
                base: "https://api.pax8.com".into(),
                portal: "https://app.pax8.com".into(),
                token: "https://api.pax8.com/v1/token".into(),
            },
            auth: Auth::Fixed(Secret::new("t")),
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
        }
    }

    #[test]
    fn path_templates_hide_ids_and_queries() {
        assert_eq!(
            path_template("/v1/companies/a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a/contacts?page=2"),
            "/v1/companies/{id}/contacts"
        );
        assert_eq!(path_template("/api/v2/webhooks/12/logs"), "/api/v2/webhooks/{id}/logs");
        assert_eq!(path_template("/v2/quotes?search=Contoso"), "/v2/quotes");
        assert_eq!(path_template(""), "/");
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after(" 0 "), Some(Duration::ZERO));
        let future = OffsetDateTime::now_utc() + time::Duration::seconds(30);
        let d = parse_retry_after(&http_date(future)).unwrap();
        assert!(d <= Duration::from_secs(30) && d >= Duration::from_secs(28), "{d:?}");
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let t = executor();
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
        let e = executor();
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

    #[test]
    fn multipart_streams_parts_in_order() {
        let m = Multipart::default()
            .part(Part::file("attachments", "a \"x\".pdf", "application/pdf", &b"%PDF-1"[..]))
            .part(Part::bytes("attachments", Some("b.txt".into()), "text/plain", &b"hello"[..]));
        let (mut r, ct) = m.into_reader().unwrap();
        let boundary = ct.strip_prefix("multipart/form-data; boundary=").unwrap().to_owned();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        assert_eq!(
            s,
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"a \\\"x\\\".pdf\"\r\n\
                 Content-Type: application/pdf\r\n\r\n%PDF-1\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"b.txt\"\r\n\
                 Content-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n"
            )
        );
    }

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
