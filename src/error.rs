//! The one error type of the SDK, and the parsed Pax8 error body.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

/// What every fallible call of the SDK returns.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How many characters of a raw body an error shows in its `Display`.
const SNIPPET_CHARS: usize = 300;

/// Everything that can go wrong in a call to Pax8.
///
/// No variant ever carries the client secret or an access token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client could not be built: a missing credential, a malformed URL, a zero timeout.
    #[error("invalid configuration: {0}")]
    Config(String),

    /// The request was rejected before anything was sent (page size out of range, a missing
    /// required field, an update with nothing to change).
    #[error("invalid request: {0}")]
    InvalidInput(String),

    /// The token endpoint refused the credentials, or answered something that is not a token.
    #[error("{0}")]
    Auth(Box<AuthError>),

    /// Pax8 answered with a status outside 2xx.
    #[error("{0}")]
    Api(Box<ApiError>),

    /// A 2xx body that does not decode into the expected type.
    #[error("could not decode the response of {endpoint}: {source}; body starts with: {snippet}")]
    Decode {
        /// Method and path of the call, e.g. `GET /v1/companies`.
        endpoint: String,
        /// The start of the body, truncated.
        snippet: String,
        /// What serde said.
        #[source]
        source: serde_json::Error,
    },

    /// The request did not finish within its timeout.
    #[error("{endpoint} timed out after {elapsed:?} ({what})")]
    Timeout {
        /// Method and path of the call.
        endpoint: String,
        /// How long the attempt ran before it was abandoned.
        elapsed: Duration,
        /// Which timeout fired (connect, overall, ...), as ureq names it.
        what: String,
    },

    /// The connection failed (refused, reset, DNS, TLS) before a response arrived.
    #[error("{endpoint}: {source}")]
    Transport {
        /// Method and path of the call.
        endpoint: String,
        /// The transport error.
        #[source]
        source: ureq::Error,
    },

    /// A page of a lazy iteration failed; resume with `.page(page)`.
    #[error("page {page} failed: {source}")]
    Page {
        /// The zero-based number of the page that failed.
        page: u32,
        /// Why it failed.
        #[source]
        source: Box<Error>,
    },
}

impl Error {
    /// The HTTP status of an API or token error, if a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Auth(e) => e.status,
            Error::Page { source, .. } => source.status(),
            _ => None,
        }
    }

    /// How long Pax8 asked the client to wait (`Retry-After`), if it said so.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api(e) => e.retry_after,
            Error::Page { source, .. } => source.retry_after(),
            _ => None,
        }
    }

    /// The page a lazy iteration failed on, so a job can resume with `.page(n)`.
    pub fn failed_page(&self) -> Option<u32> {
        match self {
            Error::Page { page, .. } => Some(*page),
            _ => None,
        }
    }

    /// The parsed API error, looking through [`Error::Page`].
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            Error::Page { source, .. } => source.api(),
            _ => None,
        }
    }

    /// True when Pax8 answered 404 (the id is unknown, or the path is wrong).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// True for a timeout, looking through [`Error::Page`].
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout { .. } => true,
            Error::Page { source, .. } => source.is_timeout(),
            _ => false,
        }
    }
}

/// A refused token request.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct AuthError {
    /// HTTP status of the token endpoint's answer, when there was one.
    pub status: Option<u16>,
    /// The OAuth `error` code, e.g. `access_denied`.
    pub error: Option<String>,
    /// The OAuth `error_description`, e.g. `Unauthorized`.
    pub description: Option<String>,
    /// The raw body of the answer (never contains the secret, which is only ever sent).
    pub raw: String,
}

impl AuthError {
    /// The error of a non-2xx answer of the token endpoint, OAuth style
    /// (`{"error", "error_description"}`) when the body is one.
    pub(crate) fn from_response(status: u16, raw: String) -> AuthError {
        #[derive(Deserialize)]
        struct OAuthError {
            #[serde(default)]
            error: Option<String>,
            #[serde(default)]
            error_description: Option<String>,
        }
        let parsed: Option<OAuthError> = serde_json::from_str(&raw).ok();
        let (error, description) = parsed.map_or((None, None), |p| (p.error, p.error_description));
        AuthError { status: Some(status), error, description, raw }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("authentication failed")?;
        if let Some(s) = self.status {
            write!(f, " (HTTP {s})")?;
        }
        match (&self.error, &self.description) {
            (Some(e), Some(d)) => write!(f, ": {e}: {d}"),
            (Some(e), None) => write!(f, ": {e}"),
            (None, Some(d)) => write!(f, ": {d}"),
            (None, None) if !self.raw.is_empty() => write!(f, ": {}", snippet(&self.raw)),
            (None, None) => Ok(()),
        }
    }
}

/// A non-2xx answer from a Pax8 API.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// Method and path of the call, e.g. `GET /v1/companies/…`.
    pub endpoint: String,
    /// The Pax8 error body, when the body was one.
    pub body: Option<ErrorBody>,
    /// The raw body as received (a gateway may answer HTML).
    pub raw: String,
    /// The `Retry-After` the server sent, in seconds or as an HTTP date.
    pub retry_after: Option<Duration>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} answered HTTP {}", self.endpoint, self.status)?;
        match &self.body {
            Some(b) => {
                if let Some(t) = &b.kind {
                    write!(f, " {t}")?;
                }
                if let Some(m) = &b.message {
                    write!(f, ": {m}")?;
                }
                for d in &b.details {
                    write!(f, "; {}", d.message.as_deref().unwrap_or("(no message)"))?;
                }
                Ok(())
            }
            None if self.raw.trim().is_empty() => Ok(()),
            None => write!(f, ": {}", snippet(&self.raw)),
        }
    }
}

/// The error body Pax8 sends: `{"type", "message", "instance", "status", "details"}`.
///
/// A body of the other known shape, `{"errors": ["..."]}`, is read into `details`.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ErrorBody {
    /// The error type, e.g. `NOT_FOUND`.
    pub kind: Option<String>,
    /// The message.
    pub message: Option<String>,
    /// The path called, as Pax8 reports it.
    pub instance: Option<String>,
    /// The status Pax8 wrote in the body.
    pub status: Option<u16>,
    /// Further failures, e.g. one per invalid field.
    pub details: Vec<ErrorDetail>,
}

/// One entry of [`ErrorBody::details`].
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ErrorDetail {
    /// Optional type.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// The message.
    #[serde(default)]
    pub message: Option<String>,
    /// Optional path or field.
    #[serde(default)]
    pub instance: Option<String>,
    /// Optional status.
    #[serde(default)]
    pub status: Option<u16>,
}

impl ErrorBody {
    /// Parses a body of either known shape; `None` when it is neither (HTML, empty, ...).
    pub fn parse(raw: &str) -> Option<ErrorBody> {
        #[derive(Deserialize)]
        struct Wire {
            #[serde(rename = "type", default)]
            kind: Option<String>,
            #[serde(default)]
            message: Option<String>,
            #[serde(default)]
            instance: Option<String>,
            #[serde(default)]
            status: Option<u16>,
            #[serde(default)]
            details: Option<Vec<ErrorDetail>>,
            #[serde(default)]
            errors: Option<Vec<serde_json::Value>>,
        }
        let w: Wire = serde_json::from_str(raw).ok()?;
        let mut details = w.details.unwrap_or_default();
        for e in w.errors.unwrap_or_default() {
            details.push(match e {
                serde_json::Value::String(s) => ErrorDetail { message: Some(s), ..Default::default() },
                other => serde_json::from_value(other.clone())
                    .unwrap_or(ErrorDetail { message: Some(other.to_string()), ..Default::default() }),
            });
        }
        let body = ErrorBody { kind: w.kind, message: w.message, instance: w.instance, status: w.status, details };
        (body != ErrorBody::default()).then_some(body)
    }
}

/// The start of a body, at most [`SNIPPET_CHARS`] characters, for messages.
pub(crate) fn snippet(raw: &str) -> String {
    let mut it = raw.char_indices();
    match it.nth(SNIPPET_CHARS) {
        Some((i, _)) => format!("{}… ({} bytes in all)", &raw[..i], raw.len()),
        None => raw.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_pax8_error_body() {
        let b = ErrorBody::parse(
            r#"{"type":"NOT_FOUND","message":"Company not found","instance":"/public/v1/companies/x","status":404,
                "details":[{"message":"id unknown"}]}"#,
        )
        .unwrap();
        assert_eq!(b.kind.as_deref(), Some("NOT_FOUND"));
        assert_eq!(b.status, Some(404));
        assert_eq!(b.details[0].message.as_deref(), Some("id unknown"));
    }

    #[test]
    fn parses_the_errors_array_shape() {
        let b = ErrorBody::parse(r#"{"errors":["name is required","phone is required"]}"#).unwrap();
        assert_eq!(b.details.len(), 2);
        assert_eq!(b.details[1].message.as_deref(), Some("phone is required"));
    }

    #[test]
    fn html_and_empty_bodies_are_not_error_bodies() {
        assert!(ErrorBody::parse("<html>502 Bad Gateway</html>").is_none());
        assert!(ErrorBody::parse("").is_none());
        assert!(ErrorBody::parse("{}").is_none());
    }

    #[test]
    fn display_truncates_raw_bodies() {
        let e = ApiError {
            status: 502,
            endpoint: "GET /v1/companies".into(),
            body: None,
            raw: "x".repeat(5000),
            retry_after: None,
        };
        let shown = e.to_string();
        assert!(shown.len() < 400, "{shown}");
        assert!(shown.contains("5000 bytes"));
    }
}
