//! What the SDK lets a caller see of its work, never a header, a body or a secret: each
//! [`Attempt`] (to the `on_attempt` callback, the `log` facade and `tracing`), the
//! `pax8.call` span of a call, and warnings.
//!
//! The attempts of a token request are held in a per-thread queue until the token lock is
//! released ([`defer`], [`flush_deferred`]), so an `on_attempt` callback may use the client
//! without deadlock.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

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

thread_local! {
    /// Attempts of token requests, held until the token lock is released (see
    /// [`flush_deferred`]).
    static DEFERRED: std::cell::RefCell<Vec<Attempt>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Reports one attempt of a call whose path (and query) is `path`: a `debug` line (feature
/// `log`), a `debug` event (feature `tracing`), and `observer`, now or, when `deferred`
/// (a token request), at the next [`flush_deferred`] on this thread.
pub(crate) fn report(observer: Option<&Observer>, attempt: Attempt, deferred: bool) {
    let a = attempt;
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
        path = %path_template(&a.path),
        attempt = a.number,
        status = a.status,
        error = a.error.as_deref(),
        elapsed_ms = a.elapsed.as_millis() as u64,
        waited_ms = a.queued.as_millis() as u64,
        retry_in_ms = a.retry_in.map(|d| d.as_millis() as u64),
        "pax8 attempt"
    );
    if let Some(obs) = observer {
        if deferred {
            DEFERRED.with(|d| d.borrow_mut().push(a));
        } else {
            obs(&a);
        }
    }
}

/// Hands the attempts deferred on this thread to `observer`: call it once the token lock
/// is released.
pub(crate) fn flush_deferred(observer: Option<&Observer>) {
    for attempt in DEFERRED.with(|d| std::mem::take(&mut *d.borrow_mut())) {
        if let Some(obs) = observer {
            obs(&attempt);
        }
    }
}

/// Runs `call` as one call of `method` to `path`: with the `tracing` feature, inside a
/// `debug` span `pax8.call` (fields `method`, `path` as a template, and the `status` that
/// `status` reads from the outcome).
pub(crate) fn traced<T>(
    method: &'static str,
    path: &str,
    status: fn(&T) -> Option<u16>,
    call: impl FnOnce() -> T,
) -> T {
    #[cfg(feature = "tracing")]
    {
        let span = tracing::debug_span!(
            "pax8.call",
            method = method,
            path = %path_template(path),
            status = tracing::field::Empty,
        );
        let _entered = span.enter();
        let outcome = call();
        span.record("status", status(&outcome));
        outcome
    }
    #[cfg(not(feature = "tracing"))]
    {
        let _ = (method, path, status);
        call()
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

/// Logs at warn level with feature `log`; nothing without it. Never pass a secret.
pub(crate) fn warn(message: fmt::Arguments<'_>) {
    #[cfg(feature = "log")]
    log::warn!("pax8: {message}");
    #[cfg(not(feature = "log"))]
    let _ = message;
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
