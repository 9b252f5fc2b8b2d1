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
/// The same failure is the same variant whether it came from `send()`, `pages()` or
/// `items()`: an iteration only adds the number of the page that failed
/// ([`failed_page`](Error::failed_page)), so one `match` handles both. Each variant has either
/// a message of its own or a [`source`](std::error::Error::source), never the same text
/// twice, so `anyhow`'s `{:#}` prints every piece once.
///
/// No variant ever carries the client secret or an access token.
///
/// ```no_run
/// use pax8::Error;
/// # fn main() -> pax8::Result<()> {
/// # let client = pax8::Client::from_env()?;
/// # let id = pax8::Uuid::nil();
/// match client.companies().get(id).send() {
///     Ok(company) => println!("{}", company.name),
///     Err(e) if e.is_not_found() => println!("no company {id}"),
///     // 422: a business rule failed; each detail names its field when Pax8 sent one.
///     Err(Error::Api(api)) if api.status == 422 => {
///         for d in api.body.iter().flat_map(|b| &b.details) {
///             println!("{}: {}", d.field().unwrap_or("-"), d.message.as_deref().unwrap_or(""));
///         }
///     }
///     // 429 after the SDK's own retries: come back later.
///     Err(e) if e.is_rate_limited() => println!("throttled; retry in {:?}", e.retry_after()),
///     Err(e) => return Err(e),
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client could not be built: a missing credential, a malformed URL, a zero timeout.
    #[error("invalid configuration: {0}")]
    Config(String),

    /// The request was rejected before anything was sent (page size out of range, a missing
    /// required field, an update with nothing to change), or its answer was too large to read.
    #[error("invalid request: {0}")]
    InvalidInput(String),

    /// The token endpoint refused the credentials, or answered something that is not a token.
    #[error("{0}")]
    Auth(Box<AuthError>),

    /// Pax8 answered with a status outside 2xx.
    #[error("{0}")]
    Api(Box<ApiError>),

    /// A 2xx body that does not decode into the expected type; the source is what serde said.
    #[error("could not decode the response of {endpoint}; body starts with: {snippet}")]
    Decode {
        /// Method and path of the call, e.g. `GET /v1/companies`.
        endpoint: String,
        /// The start of the body, truncated.
        snippet: String,
        /// What serde said.
        #[source]
        source: serde_json::Error,
        /// The page a lazy iteration was fetching, if it was one.
        page: Option<u32>,
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
        /// The page a lazy iteration was fetching, if it was one.
        page: Option<u32>,
    },

    /// The connection failed (refused, reset, DNS, TLS, proxy) before a response arrived; the
    /// source is ureq's error.
    #[error("{endpoint} failed: {}", transport_kind(source))]
    Transport {
        /// Method and path of the call.
        endpoint: String,
        /// The transport error.
        #[source]
        source: ureq::Error,
        /// The page a lazy iteration was fetching, if it was one.
        page: Option<u32>,
    },
}

/// What kind of transport failure `e` is, in words that do not repeat ureq's own message.
fn transport_kind(e: &ureq::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e {
        ureq::Error::Io(io) => match io.kind() {
            K::ConnectionRefused => "connection refused",
            K::ConnectionReset | K::ConnectionAborted | K::UnexpectedEof | K::BrokenPipe => "connection dropped",
            _ => "I/O error",
        },
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) | ureq::Error::TlsRequired => {
            "TLS handshake failed (is the server's certificate issued by a trusted root? see \
             ClientBuilder::add_root_certificate)"
        }
        ureq::Error::HostNotFound => "host not found",
        ureq::Error::ConnectionFailed => "connection failed",
        ureq::Error::ConnectProxyFailed(_) | ureq::Error::InvalidProxyUrl => "the proxy failed",
        ureq::Error::Timeout(_) => "timed out",
        ureq::Error::BadUri(_) | ureq::Error::RequireHttpsOnly(_) => "invalid URL",
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => "redirect not followed",
        _ => "transport error",
    }
}

impl Error {
    /// The HTTP status of an API or token error, if a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Auth(e) => e.status,
            _ => None,
        }
    }

    /// How long Pax8 asked the client to wait (`Retry-After`), if it said so.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api(e) => e.retry_after,
            _ => None,
        }
    }

    /// The page a lazy iteration (`pages()`, `items()`) failed on, so a job can resume with
    /// `.page(n)`; `None` for an error of `send()`, and for [`Error::Config`] and
    /// [`Error::InvalidInput`] (a bad page size is refused before any page).
    pub fn failed_page(&self) -> Option<u32> {
        match self {
            Error::Api(e) => e.page,
            Error::Auth(e) => e.page,
            Error::Decode { page, .. } | Error::Timeout { page, .. } | Error::Transport { page, .. } => *page,
            Error::Config(_) | Error::InvalidInput(_) => None,
        }
    }

    /// Marks the error as the failure of page `n` of an iteration.
    pub(crate) fn at_page(mut self, n: u32) -> Error {
        match &mut self {
            Error::Api(e) => e.page = Some(n),
            Error::Auth(e) => e.page = Some(n),
            Error::Decode { page, .. } | Error::Timeout { page, .. } | Error::Transport { page, .. } => *page = Some(n),
            Error::Config(_) | Error::InvalidInput(_) => {}
        }
        self
    }

    /// The parsed API error, when Pax8 answered a status outside 2xx.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// True when Pax8 answered 404 (the id is unknown, or the path is wrong).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::Api(e) if e.status == 404)
    }

    /// True for a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// True when Pax8 throttled the call (HTTP 429) and the SDK's retries did not outlast it;
    /// [`retry_after`](Self::retry_after) says how long Pax8 asked to wait, when it did.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(429)
    }

    /// True when the credentials are the problem: the token endpoint refused them
    /// ([`Error::Auth`]), or the API answered 401 (even after a fresh token) or 403 (this
    /// partner may not do this, or may not see this company).
    pub fn is_auth(&self) -> bool {
        match self {
            Error::Auth(_) => true,
            Error::Api(e) => matches!(e.status, 401 | 403),
            _ => false,
        }
    }

    /// True when the same call may succeed later, unchanged: a 408, 429, 502, 503 or 504, a
    /// timeout, a dropped or refused connection, or a failed DNS lookup (not a TLS, proxy or
    /// URL problem). The SDK has already retried these as far
    /// as its retry policy allows; this is for a job that reschedules its work.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(_) | Error::Auth(_) => matches!(self.status(), Some(408 | 429 | 502..=504)),
            Error::Timeout { .. } => true,
            Error::Transport { source, .. } => matches!(
                source,
                ureq::Error::Io(_)
                    | ureq::Error::ConnectionFailed
                    | ureq::Error::HostNotFound
                    | ureq::Error::Timeout(_)
                    | ureq::Error::BodyStalled
            ),
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
    /// The raw body of the answer, without secrets: the client secret (a token endpoint may
    /// echo the request) and the values of `access_token`, `refresh_token`, `id_token` and
    /// `client_secret` are replaced by `<redacted>`, and a body that is not JSON but names a
    /// token is withheld whole.
    pub raw: String,
    /// The page a lazy iteration was fetching when the token was refused, if it was one.
    pub page: Option<u32>,
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
        AuthError { status: Some(status), error, description, raw: without_tokens(raw), page: None }
    }
}

/// Keys whose values in a token endpoint's answer are secrets.
const SECRET_KEYS: [&str; 4] = ["access_token", "refresh_token", "id_token", "client_secret"];

/// `raw` (a token endpoint's body) with the values of [`SECRET_KEYS`] redacted at any depth;
/// a body that is not JSON and names a token or secret is withheld whole.
fn without_tokens(raw: String) -> String {
    fn scrub(v: &mut serde_json::Value) -> bool {
        let mut changed = false;
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    if SECRET_KEYS.iter().any(|s| k.eq_ignore_ascii_case(s)) {
                        *v = serde_json::Value::String("<redacted>".into());
                        changed = true;
                    } else {
                        changed |= scrub(v);
                    }
                }
            }
            serde_json::Value::Array(items) => {
                for v in items {
                    changed |= scrub(v);
                }
            }
            _ => {}
        }
        changed
    }
    match serde_json::from_str::<serde_json::Value>(&raw) {
        Ok(mut v) => {
            if scrub(&mut v) {
                v.to_string()
            } else {
                raw
            }
        }
        Err(_) => {
            let lower = raw.to_ascii_lowercase();
            if SECRET_KEYS.iter().any(|k| lower.contains(k)) {
                format!("<{}-byte body withheld: it may hold a token>", raw.len())
            } else {
                raw
            }
        }
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
    /// The page a lazy iteration was fetching, if it was one.
    pub page: Option<u32>,
}

/// Lets code that returns [`pax8::Result`](crate::Result) use `?` on a typed id parsed from
/// text (`"…".parse::<CompanyId>()?`): a malformed id is [`Error::InvalidInput`].
impl From<uuid::Error> for Error {
    fn from(e: uuid::Error) -> Self {
        Error::InvalidInput(format!("not a UUID: {e}"))
    }
}

impl ApiError {
    /// What Pax8 said went wrong: the body's `message`, else the first detail's message;
    /// `None` when the body is not a Pax8 error body or carries no message (see
    /// [`raw`](Self::raw) for what was received).
    pub fn message(&self) -> Option<&str> {
        let body = self.body.as_ref()?;
        body.message.as_deref().or_else(|| body.details.iter().find_map(|d| d.message.as_deref()))
    }

    /// The error code: the body's `type` (the partner and webhooks APIs: `NOT_FOUND`,
    /// `BAD_REQUEST`, ...), else the first detail's `type` (the quoting API puts
    /// `QUOTE_NOT_FOUND`, `QUOTE_NOT_EDITABLE`, ... there). `None` when the body has neither.
    pub fn code(&self) -> Option<&str> {
        let body = self.body.as_ref()?;
        body.kind.as_deref().or_else(|| body.details.iter().find_map(|d| d.kind.as_deref()))
    }
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
                    // A detail's message that repeats the top-level one is not printed again.
                    let message = d.message.as_deref().filter(|m| b.message.as_deref() != Some(*m));
                    let code = d.kind.as_deref();
                    if code.is_none() && d.field().is_none() && message.is_none() && d.message.is_some() {
                        continue;
                    }
                    f.write_str(";")?;
                    if let Some(code) = code {
                        write!(f, " [{code}]")?;
                    }
                    match (d.field(), message) {
                        (Some(field), Some(m)) => write!(f, " {field}: {m}")?,
                        (Some(field), None) => write!(f, " {field}")?,
                        (None, Some(m)) => write!(f, " {m}")?,
                        (None, None) if code.is_none() => f.write_str(" (no message)")?,
                        (None, None) => {}
                    }
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
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ErrorDetail {
    /// Optional type.
    pub kind: Option<String>,
    /// The message.
    pub message: Option<String>,
    /// Optional path or field.
    pub instance: Option<String>,
    /// The field the complaint is about, when the body names it as `field`.
    pub field: Option<String>,
    /// Optional status.
    pub status: Option<u16>,
}

impl ErrorDetail {
    /// The field this detail is about: `field`, else `instance`, when the body names one.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref().or(self.instance.as_deref()).filter(|f| !f.trim().is_empty())
    }
}

impl ErrorBody {
    /// Parses a body of either known shape; `None` when it is neither (HTML, empty, ...).
    ///
    /// Read leniently, field by field: a `status` sent as a string (`"400"`), `details` sent
    /// as one string or one object instead of a list, a message that is not a string: what can
    /// be read is kept instead of dropping the whole body.
    pub fn parse(raw: &str) -> Option<ErrorBody> {
        use serde_json::Value;
        let Value::Object(map) = serde_json::from_str::<Value>(raw).ok()? else { return None };
        let mut details = Vec::new();
        for key in ["details", "errors"] {
            match map.get(key) {
                Some(Value::Array(items)) => details.extend(items.iter().map(ErrorDetail::from_value)),
                Some(Value::Null) | None => {}
                Some(other) => details.push(ErrorDetail::from_value(other)),
            }
        }
        let body = ErrorBody {
            kind: text(map.get("type")),
            message: text(map.get("message")),
            instance: text(map.get("instance")),
            status: status(map.get("status")),
            details,
        };
        (body != ErrorBody::default()).then_some(body)
    }
}

impl ErrorDetail {
    /// One detail: an object read field by field, or any other value as its message.
    fn from_value(v: &serde_json::Value) -> ErrorDetail {
        match v {
            serde_json::Value::Object(m) => ErrorDetail {
                kind: text(m.get("type")),
                message: text(m.get("message")),
                instance: text(m.get("instance")),
                field: text(m.get("field")),
                status: status(m.get("status")),
            },
            other => ErrorDetail { message: text(Some(other)), ..Default::default() },
        }
    }
}

/// A string as itself, `null` as nothing, any other value as its JSON text.
fn text(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// An HTTP status as a number or a numeric string.
fn status(v: Option<&serde_json::Value>) -> Option<u16> {
    match v? {
        serde_json::Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
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

    fn api_error(raw: &str) -> ApiError {
        ApiError {
            status: 404,
            endpoint: "GET /v2/quotes/x".into(),
            body: ErrorBody::parse(raw),
            raw: raw.into(),
            retry_after: None,
            page: None,
        }
    }

    #[test]
    fn message_and_code_come_from_the_body_or_its_first_detail() {
        let partner =
            api_error(r#"{"type":"NOT_FOUND","message":"Company not found","details":[{"type":"X","message":"y"}]}"#);
        assert_eq!((partner.code(), partner.message()), (Some("NOT_FOUND"), Some("Company not found")));
        let quoting = api_error(r#"{"details":[{"type":"QUOTE_NOT_FOUND","message":"Quote not found: x"}]}"#);
        assert_eq!((quoting.code(), quoting.message()), (Some("QUOTE_NOT_FOUND"), Some("Quote not found: x")));
        let html = api_error("<html>502</html>");
        assert_eq!((html.code(), html.message()), (None, None));
    }

    #[test]
    fn display_shows_each_detail_code_and_no_repeated_message() {
        let quoting = api_error(
            r#"{"type":"NOT_FOUND","message":"Quote not found: 42","details":[{"type":"QUOTE_NOT_FOUND","message":"Quote not found: 42"}]}"#,
        );
        assert_eq!(
            quoting.to_string(),
            "GET /v2/quotes/x answered HTTP 404 NOT_FOUND: Quote not found: 42; [QUOTE_NOT_FOUND]"
        );
        let editable = api_error(
            r#"{"details":[{"type":"QUOTE_NOT_EDITABLE","message":"Quote is not editable"},{"type":"QUOTE_EXPIRED","field":"expiresOn","message":"in the past"}]}"#,
        );
        assert_eq!(
            editable.to_string(),
            "GET /v2/quotes/x answered HTTP 404; [QUOTE_NOT_EDITABLE] Quote is not editable; [QUOTE_EXPIRED] expiresOn: in the past"
        );
        let repeated = api_error(r#"{"message":"Quote not found: 42","details":[{"message":"Quote not found: 42"}]}"#);
        assert_eq!(repeated.to_string(), "GET /v2/quotes/x answered HTTP 404: Quote not found: 42");
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
            page: None,
        };
        let shown = e.to_string();
        assert!(shown.len() < 400, "{shown}");
        assert!(shown.contains("5000 bytes"));
    }

    #[test]
    fn odd_error_bodies_keep_what_can_be_read() {
        let b = ErrorBody::parse(r#"{"type":"BAD","message":"m","status":"400","details":"text"}"#).unwrap();
        assert_eq!((b.status, b.details[0].message.as_deref()), (Some(400), Some("text")));
        let b =
            ErrorBody::parse(r#"{"message":{"code":7},"details":{"field":"name","message":"blank","status":"422"}}"#)
                .unwrap();
        assert_eq!(b.message.as_deref(), Some(r#"{"code":7}"#));
        assert_eq!((b.details[0].field(), b.details[0].status), (Some("name"), Some(422)));
        let b = ErrorBody::parse(r#"{"status":99999,"details":null,"errors":[1,"two"]}"#).unwrap();
        assert_eq!((b.status, b.details.len()), (None, 2));
        assert!(ErrorBody::parse("[1,2]").is_none());
    }
}
