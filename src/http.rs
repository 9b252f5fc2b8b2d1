//! The one request executor: rate limit, attempts, retries, tracing and error mapping.
//!
//! Everything that goes to Pax8 (token requests included) passes through
//! [`Transport::send`]. It returns the final response of any status once the retry policy is
//! done with it; turning a non-2xx answer into an error and decoding a body is left to the
//! caller ([`crate::client::Client`]), which also adds the bearer token.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::sync::Arc;
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use crate::error::{ApiError, Error, ErrorBody, Result};
use crate::ratelimit::RateLimiter;

/// The largest body the SDK reads (a page of 200 orders is far below this).
const MAX_BODY: u64 = 64 * 1024 * 1024;

/// HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub(crate) fn as_str(self) -> &'static str {
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

/// One request, ready to send any number of times.
#[derive(Debug, Clone)]
pub(crate) struct RawRequest {
    pub method: Method,
    /// The full URL, query included.
    pub url: String,
    /// Path and query without the host, for errors and traces.
    pub path: String,
    /// A JSON body.
    pub body: Option<Vec<u8>>,
    /// Overrides the client's overall timeout for this request.
    pub timeout: Option<Duration>,
    /// Whether the rate limiter applies (API calls yes, token requests no).
    pub rate_limited: bool,
    /// Whether a request that may have reached the server can be sent again. Defaults to the
    /// method's idempotency; a token request is marked safe although it is a POST.
    pub retry_safe: bool,
}

impl RawRequest {
    pub(crate) fn new(method: Method, url: String, path: String) -> Self {
        RawRequest { method, url, path, body: None, timeout: None, rate_limited: true, retry_safe: method.idempotent() }
    }

    /// `GET /v1/companies?page=0`: how errors and traces name the call.
    pub(crate) fn endpoint(&self) -> String {
        format!("{} {}", self.method.as_str(), self.path)
    }
}

/// A response as read off the wire.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub status: u16,
    pub retry_after: Option<Duration>,
    pub body: String,
}

impl RawResponse {
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The [`Error::Api`] for a non-2xx response.
    pub(crate) fn into_api_error(self, endpoint: String) -> Error {
        Error::Api(Box::new(ApiError {
            status: self.status,
            endpoint,
            body: ErrorBody::parse(&self.body),
            raw: self.body,
            retry_after: self.retry_after,
        }))
    }
}

/// What one attempt of a request did; handed to the [`on_attempt`] callback and logged at
/// debug level (feature `log`). It never contains a header, a body or a secret.
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

/// The shared HTTP machinery of a client.
pub(crate) struct Transport {
    pub agent: ureq::Agent,
    pub timeout: Duration,
    pub retry: RetryPolicy,
    pub limiter: Option<Arc<dyn RateLimiter>>,
    pub observer: Option<Observer>,
    jitter: RandomState,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("limiter", &self.limiter)
            .field("observer", &self.observer.as_ref().map(|_| "Fn(&Attempt)"))
            .finish()
    }
}

/// An attempt that got no response; `sent` is false when the request cannot have reached
/// the server (refused, unresolved), which makes even a POST safe to repeat.
struct Failure {
    error: Error,
    sent: bool,
}

impl Transport {
    pub(crate) fn new(
        agent: ureq::Agent,
        timeout: Duration,
        retry: RetryPolicy,
        limiter: Option<Arc<dyn RateLimiter>>,
        observer: Option<Observer>,
    ) -> Self {
        Transport { agent, timeout, retry, limiter, observer, jitter: RandomState::new() }
    }

    /// Sends `req` with `bearer` under the retry policy and returns the final response of any
    /// status, or the transport error of the last attempt.
    pub(crate) fn send(&self, req: &RawRequest, bearer: Option<&str>) -> Result<RawResponse> {
        let mut waited = Duration::ZERO;
        let mut number = 0;
        loop {
            number += 1;
            let queued = Instant::now();
            if req.rate_limited
                && let Some(l) = &self.limiter
            {
                l.acquire();
            }
            let queued = queued.elapsed();
            let started = Instant::now();
            let outcome = self.attempt(req, bearer);
            let elapsed = started.elapsed();

            let retryable = match &outcome {
                Ok(resp) if resp.is_success() => false,
                Ok(resp) => match resp.status {
                    429 => true,
                    408 | 502..=504 => req.retry_safe,
                    _ => false,
                },
                Err(Failure { sent, .. }) => req.retry_safe || !sent,
            };
            let delay = if retryable && number <= self.retry.max_retries {
                let hinted = match &outcome {
                    Ok(resp) => resp.retry_after,
                    _ => None,
                };
                let d = hinted.unwrap_or_else(|| self.backoff(number));
                (waited + d <= self.retry.max_wait).then_some(d)
            } else {
                None
            };

            self.observe(req, number, &outcome, elapsed, queued, delay);
            match (outcome, delay) {
                (Ok(resp), None) => return Ok(resp),
                (Err(Failure { error, .. }), None) => return Err(error),
                (_, Some(d)) => {
                    waited += d;
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

    fn observe(
        &self,
        req: &RawRequest,
        number: u32,
        outcome: &std::result::Result<RawResponse, Failure>,
        elapsed: Duration,
        queued: Duration,
        retry_in: Option<Duration>,
    ) {
        #[cfg(not(feature = "log"))]
        if self.observer.is_none() {
            return;
        }
        let (status, error) = match outcome {
            Ok(r) => (Some(r.status), None),
            Err(Failure { error, .. }) => (None, Some(error.to_string())),
        };
        let a = Attempt {
            method: req.method.as_str(),
            path: req.path.clone(),
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
        if let Some(obs) = &self.observer {
            obs(&a);
        }
    }

    /// One attempt: send, read the whole body.
    fn attempt(&self, req: &RawRequest, bearer: Option<&str>) -> std::result::Result<RawResponse, Failure> {
        let started = Instant::now();
        let timeout = req.timeout.unwrap_or(self.timeout);
        let auth = bearer.map(|t| format!("Bearer {t}"));
        macro_rules! finish {
            ($b:expr) => {{
                let mut b = $b.header("Accept", "application/json");
                if let Some(a) = &auth {
                    b = b.header("Authorization", a.as_str());
                }
                b.config().timeout_global(Some(timeout)).build()
            }};
        }
        let result = match req.method {
            Method::Get => finish!(self.agent.get(&req.url)).call(),
            Method::Delete => finish!(self.agent.delete(&req.url)).call(),
            m => {
                let b = match m {
                    Method::Post => self.agent.post(&req.url),
                    Method::Put => self.agent.put(&req.url),
                    _ => self.agent.patch(&req.url),
                };
                let b = finish!(b).content_type("application/json");
                b.send(req.body.as_deref().unwrap_or(b"{}"))
            }
        };
        let resp = result.map_err(|e| self.transport_failure(req, e, started))?;
        let status = resp.status().as_u16();
        let retry_after = resp.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(parse_retry_after);
        let bytes = resp
            .into_body()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| self.transport_failure(req, e, started))?;
        let body = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Ok(RawResponse { status, retry_after, body })
    }

    fn transport_failure(&self, req: &RawRequest, e: ureq::Error, started: Instant) -> Failure {
        use std::io::ErrorKind;
        use ureq::Timeout as T;
        let sent = !matches!(
            &e,
            ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused
        ) && !matches!(
            &e,
            ureq::Error::Timeout(T::Connect | T::Resolve) | ureq::Error::HostNotFound | ureq::Error::ConnectionFailed
        );
        let endpoint = req.endpoint();
        let error = match e {
            ureq::Error::Timeout(which) => {
                Error::Timeout { endpoint, elapsed: started.elapsed(), what: which.to_string() }
            }
            ureq::Error::Io(io) if io.kind() == ErrorKind::TimedOut => {
                Error::Timeout { endpoint, elapsed: started.elapsed(), what: io.to_string() }
            }
            source => Error::Transport { endpoint, source },
        };
        Failure { error, sent }
    }
}

/// Reads `Retry-After`: whole seconds, or an HTTP date (IMF-fixdate) turned into the time
/// left until then (zero if it has passed).
pub(crate) fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let fmt = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let at = time::PrimitiveDateTime::parse(v, &fmt).ok()?.assume_utc();
    let left = at - OffsetDateTime::now_utc();
    Some(left.try_into().unwrap_or(Duration::ZERO))
}

/// Formats an instant as an HTTP date, for tests and mock servers.
#[doc(hidden)]
pub fn http_date(t: OffsetDateTime) -> String {
    let fmt = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    t.to_offset(time::UtcOffset::UTC).format(&fmt).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let t = Transport::new(
            ureq::Agent::new_with_defaults(),
            Duration::from_secs(1),
            RetryPolicy {
                max_retries: 3,
                max_wait: Duration::from_secs(60),
                base_delay: Duration::from_millis(100),
                max_delay: Duration::from_secs(1),
            },
            None,
            None,
        );
        for n in 1..=10 {
            let exp = Duration::from_millis(100 * (1 << (n - 1))).min(Duration::from_secs(1));
            let d = t.backoff(n);
            assert!(d >= exp / 2 && d <= exp, "attempt {n}: {d:?} vs {exp:?}");
        }
    }

    #[test]
    fn only_idempotent_methods_are_retry_safe() {
        let safe = |m| RawRequest::new(m, String::new(), String::new()).retry_safe;
        assert!(safe(Method::Get) && safe(Method::Put) && safe(Method::Delete));
        assert!(!safe(Method::Post) && !safe(Method::Patch));
    }
}
