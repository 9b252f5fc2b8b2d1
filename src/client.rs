//! [`Client`], its builder and configuration.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::auth::{FileTokenCache, Secret, TokenCache, TokenProvider};
use crate::error::{Error, Result};
use crate::http::{Attempt, Auth, Executor, Hosts, Observer, Request, Response, RetryPolicy, Sink};
use crate::ratelimit::{RateLimiter, SmoothRateLimiter};

/// Default API host.
pub const DEFAULT_BASE_URL: &str = "https://api.pax8.com";
/// Default token endpoint (current Pax8 docs).
pub const DEFAULT_TOKEN_URL: &str = "https://api.pax8.com/v1/token";
/// Default token audience for partner integrations.
pub const DEFAULT_AUDIENCE: &str = "https://api.pax8.com";
/// Default host of the (undocumented) portal API.
pub const DEFAULT_PORTAL_URL: &str = "https://app.pax8.com";
/// Default overall timeout of one attempt, body included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 3;
/// Default bound on the time one call spends waiting between attempts.
pub const DEFAULT_MAX_RETRY_WAIT: Duration = Duration::from_secs(120);
/// Default first backoff step when the server gives no `Retry-After`.
pub const DEFAULT_RETRY_BASE_DELAY: Duration = Duration::from_millis(500);
/// Pax8's published budget: successful calls per minute per partner.
pub const DEFAULT_RATE_LIMIT_PER_MINUTE: u32 = 1000;

/// A Pax8 API client. Cheap to clone (one `Arc`), `Send + Sync`; clones share the
/// connection pool, the token and the rate limiter.
///
/// ```no_run
/// # fn main() -> pax8::Result<()> {
/// let client = pax8::Client::builder().client_id("id").client_secret("secret").build()?;
/// let page = client.companies().list().city("Denver").page_size(10).send()?;
/// println!("{} of {}", page.items.len(), page.total_elements);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    executor: Executor,
    user_agent: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("user_agent", &self.inner.user_agent)
            .field("executor", &self.inner.executor)
            .finish()
    }
}

impl Client {
    /// A builder with every setting at its default.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment: `PAX8_CLIENT_ID`, `PAX8_CLIENT_SECRET`
    /// (required), and `PAX8_AUDIENCE`, `PAX8_TOKEN_URL`, `PAX8_BASE_URL` (optional).
    pub fn from_env() -> Result<Client> {
        Self::builder_from_env().build()
    }

    /// A builder preset from the environment (see [`from_env`](Self::from_env)), for
    /// adding more settings before `build()`.
    pub fn builder_from_env() -> ClientBuilder {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        ClientBuilder {
            client_id: var("PAX8_CLIENT_ID"),
            client_secret: var("PAX8_CLIENT_SECRET").map(Secret::new),
            audience: var("PAX8_AUDIENCE"),
            token_url: var("PAX8_TOKEN_URL"),
            base_url: var("PAX8_BASE_URL"),
            ..ClientBuilder::default()
        }
    }

    /// The API host root, e.g. `https://api.pax8.com`.
    pub fn base_url(&self) -> &str {
        &self.inner.executor.hosts.base
    }

    /// Sends `req` through the one executor (auth, rate limit, retries, status → error).
    pub(crate) fn execute(&self, req: &Request, sink: Sink<'_>) -> Result<Response> {
        self.inner.executor.execute(req, sink)
    }
}

/// Settings of a [`Client`]; every one has a documented default.
#[derive(Default)]
pub struct ClientBuilder {
    client_id: Option<String>,
    client_secret: Option<Secret>,
    audience: Option<String>,
    token_url: Option<String>,
    base_url: Option<String>,
    portal_url: Option<String>,
    access_token: Option<Secret>,
    token_cache: Option<Option<Arc<dyn TokenCache>>>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_retries: Option<u32>,
    max_retry_wait: Option<Duration>,
    retry_base_delay: Option<Duration>,
    rate_limiter: Option<Option<Arc<dyn RateLimiter>>>,
    rate_limit_per_minute: Option<u32>,
    user_agent: Option<String>,
    proxy: Option<Option<String>>,
    observer: Option<Observer>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("audience", &self.audience)
            .field("token_url", &self.token_url)
            .field("base_url", &self.base_url)
            .field("portal_url", &self.portal_url)
            .field("access_token", &self.access_token)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// OAuth client id (Pax8 app → Integrations → Credentials). Required unless
    /// [`access_token`](Self::access_token) is set.
    pub fn client_id(mut self, id: impl Into<String>) -> Self {
        self.client_id = Some(id.into());
        self
    }

    /// OAuth client secret. Never shown by `Debug`, errors or logs.
    pub fn client_secret(mut self, secret: impl Into<String>) -> Self {
        self.client_secret = Some(Secret::new(secret));
        self
    }

    /// Token audience. Default `https://api.pax8.com`; older accounts use `api://p8p.client`.
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.audience = Some(audience.into());
        self
    }

    /// Token endpoint. Default `https://api.pax8.com/v1/token`, or `{base_url}/v1/token`
    /// when [`base_url`](Self::base_url) is set.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// API host root. Default `https://api.pax8.com`; each family adds its prefix (`/v1`,
    /// `/api/v2`, `/v2`). Also moves the token URL and the portal URL to this host unless
    /// they are set, so one mock server serves everything.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Host of the experimental portal endpoint. Default `https://app.pax8.com`.
    pub fn portal_url(mut self, url: impl Into<String>) -> Self {
        self.portal_url = Some(url.into());
        self
    }

    /// Use this bearer token as is, with no OAuth and no cache (it is not refreshed).
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.access_token = Some(Secret::new(token));
        self
    }

    /// Where tokens are cached. Default [`FileTokenCache::default()`], in the user's cache
    /// folder.
    pub fn token_cache(mut self, cache: impl TokenCache + 'static) -> Self {
        self.token_cache = Some(Some(Arc::new(cache)));
        self
    }

    /// Keep the token in this client's memory only (tests, short-lived programs).
    pub fn no_token_cache(mut self) -> Self {
        self.token_cache = Some(None);
        self
    }

    /// Overall timeout of one attempt, from connecting to the end of the body. Default 60 s.
    /// List builders of slow endpoints take a per-request `timeout` too.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Connect timeout. Default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt. Default 3; 0 disables retrying. Retried: 429 (any
    /// method); 408, 502, 503, 504, timeouts and dropped connections for GET, PUT and DELETE;
    /// a POST or PATCH only when it cannot have reached the server (429, connection refused).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = Some(n);
        self
    }

    /// Bound on the total time one call waits between its attempts. Default 120 s. A
    /// `Retry-After` that would exceed it ends the retrying and returns the 429.
    pub fn max_retry_wait(mut self, wait: Duration) -> Self {
        self.max_retry_wait = Some(wait);
        self
    }

    /// First backoff step when the server gives no `Retry-After`. Default 500 ms; each retry
    /// doubles it (capped at 30 s) and waits a random point in its upper half.
    pub fn retry_base_delay(mut self, delay: Duration) -> Self {
        self.retry_base_delay = Some(delay);
        self
    }

    /// Client-side rate limit, smooth, shared by all clones and threads. Default 1000 per
    /// minute (Pax8's budget); 0 removes the limit.
    pub fn rate_limit_per_minute(mut self, n: u32) -> Self {
        self.rate_limit_per_minute = Some(n);
        self.rate_limiter = None;
        self
    }

    /// Plug in another limiter (one shared across processes, say).
    pub fn rate_limiter(mut self, limiter: Arc<dyn RateLimiter>) -> Self {
        self.rate_limiter = Some(Some(limiter));
        self
    }

    /// Remove client-side rate limiting.
    pub fn no_rate_limit(mut self) -> Self {
        self.rate_limiter = Some(None);
        self
    }

    /// The `User-Agent` header. Default `pax8-rs/<version>`.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// Send through this HTTP proxy (`http://host:port`). By default the proxy comes from
    /// `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` in the environment, if set.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(Some(url.into()));
        self
    }

    /// Never use a proxy, whatever the environment says (tests against a local server).
    pub fn no_proxy(mut self) -> Self {
        self.proxy = Some(None);
        self
    }

    /// Called after every attempt of every request with what it did ([`Attempt`]): method,
    /// path, status or error, attempt number, elapsed time, rate-limit queueing and the wait
    /// before the next attempt. It never sees a header, a body or a secret.
    pub fn on_attempt(mut self, f: impl Fn(&Attempt) + Send + Sync + 'static) -> Self {
        self.observer = Some(Arc::new(f));
        self
    }

    /// Checks every setting and builds the client. Sends nothing.
    pub fn build(self) -> Result<Client> {
        let base_url = check_url("base_url", self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let moved = self.base_url.is_some();
        let token_url = match &self.token_url {
            Some(u) => check_url("token_url", u)?,
            None if moved => format!("{base_url}/v1/token"),
            None => DEFAULT_TOKEN_URL.to_owned(),
        };
        let portal_url = match &self.portal_url {
            Some(u) => check_url("portal_url", u)?,
            None if moved => base_url.clone(),
            None => DEFAULT_PORTAL_URL.to_owned(),
        };
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        if timeout.is_zero() || connect_timeout.is_zero() {
            return Err(Error::Config("timeouts must be greater than zero".into()));
        }

        let auth = match self.access_token {
            Some(t) if t.expose().trim().is_empty() => {
                return Err(Error::Config("access_token is empty".into()));
            }
            Some(t) => Auth::Fixed(t),
            None => {
                let id = self.client_id.filter(|s| !s.trim().is_empty());
                let secret = self.client_secret.filter(|s| !s.expose().trim().is_empty());
                let (id, secret) = match (id, secret) {
                    (Some(i), Some(s)) => (i, s),
                    (i, s) => {
                        let mut missing = Vec::new();
                        if i.is_none() {
                            missing.push("client_id (PAX8_CLIENT_ID)");
                        }
                        if s.is_none() {
                            missing.push("client_secret (PAX8_CLIENT_SECRET)");
                        }
                        return Err(Error::Config(format!("missing credentials: {}", missing.join(" and "))));
                    }
                };
                let cache = match self.token_cache {
                    Some(c) => c,
                    None => Some(Arc::new(FileTokenCache::default()) as Arc<dyn TokenCache>),
                };
                let audience = self.audience.unwrap_or_else(|| DEFAULT_AUDIENCE.to_owned());
                Auth::OAuth(TokenProvider::new(token_url.clone(), audience, id, secret, cache))
            }
        };

        let user_agent = self.user_agent.unwrap_or_else(|| concat!("pax8-rs/", env!("CARGO_PKG_VERSION")).to_owned());
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(user_agent.as_str())
            .timeout_connect(Some(connect_timeout))
            .timeout_global(Some(timeout))
            .max_redirects(0);
        match self.proxy {
            Some(None) => config = config.proxy(None),
            Some(Some(p)) => {
                let proxy = ureq::Proxy::new(&p).map_err(|e| Error::Config(format!("invalid proxy {p:?}: {e}")))?;
                config = config.proxy(Some(proxy));
            }
            None => {}
        }
        let agent = ureq::Agent::new_with_config(config.build());

        let limiter = match self.rate_limiter {
            Some(l) => l,
            None => match self.rate_limit_per_minute.unwrap_or(DEFAULT_RATE_LIMIT_PER_MINUTE) {
                0 => None,
                n => Some(Arc::new(SmoothRateLimiter::per_minute(n)) as Arc<dyn RateLimiter>),
            },
        };
        let retry = RetryPolicy {
            max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
            max_wait: self.max_retry_wait.unwrap_or(DEFAULT_MAX_RETRY_WAIT),
            base_delay: self.retry_base_delay.unwrap_or(DEFAULT_RETRY_BASE_DELAY),
            max_delay: Duration::from_secs(30),
        };
        let executor = Executor {
            agent,
            hosts: Hosts { base: base_url, portal: portal_url, token: token_url },
            auth,
            timeout,
            retry,
            limiter,
            observer: self.observer,
            jitter: Default::default(),
        };
        Ok(Client { inner: Arc::new(Inner { executor, user_agent }) })
    }
}

/// Checks that `url` is an absolute http(s) URL with a host, and drops a trailing `/`.
fn check_url(name: &str, url: &str) -> Result<String> {
    let trimmed = url.trim().trim_end_matches('/');
    let bad = || Error::Config(format!("{name} {url:?} is not an absolute http(s) URL"));
    let uri: ureq::http::Uri = trimmed.parse().map_err(|_| bad())?;
    match (uri.scheme_str(), uri.host()) {
        (Some("http" | "https"), Some(h)) if !h.is_empty() && uri.query().is_none() => Ok(trimmed.to_owned()),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds() -> ClientBuilder {
        Client::builder().client_id("id").client_secret("s3cr3t-value").no_token_cache()
    }

    #[test]
    fn defaults_follow_the_pax8_docs() {
        let c = creds().build().unwrap();
        assert_eq!(c.base_url(), "https://api.pax8.com");
        let dbg = format!("{c:?}");
        assert!(dbg.contains("https://app.pax8.com"), "{dbg}");
        assert!(dbg.contains("https://api.pax8.com/v1/token"), "{dbg}");
        assert!(dbg.contains("\"https://api.pax8.com\""), "{dbg}");
    }

    #[test]
    fn base_url_moves_token_and_portal() {
        let c = creds().base_url("http://127.0.0.1:9/").build().unwrap();
        assert_eq!(c.base_url(), "http://127.0.0.1:9");
        assert!(format!("{c:?}").contains("portal: \"http://127.0.0.1:9\""), "{c:?}");
        assert!(format!("{c:?}").contains("http://127.0.0.1:9/v1/token"));
        let c = creds().base_url("http://127.0.0.1:9").token_url("https://login.pax8.com/oauth/token").build().unwrap();
        assert!(format!("{c:?}").contains("https://login.pax8.com/oauth/token"));
    }

    #[test]
    fn bad_settings_fail_the_build() {
        let err = |b: ClientBuilder| b.build().unwrap_err().to_string();
        assert!(err(Client::builder().client_secret("x")).contains("client_id"));
        assert!(err(Client::builder().client_id("x")).contains("client_secret"));
        assert!(err(Client::builder().client_id(" ").client_secret("")).contains("client_id (PAX8_CLIENT_ID) and"));
        assert!(err(creds().base_url("api.pax8.com")).contains("base_url"));
        assert!(err(creds().token_url("ftp://x/token")).contains("token_url"));
        assert!(err(creds().portal_url("not a url")).contains("portal_url"));
        assert!(err(creds().timeout(Duration::ZERO)).contains("timeout"));
        assert!(err(creds().connect_timeout(Duration::ZERO)).contains("timeout"));
        assert!(err(Client::builder().access_token("")).contains("access_token"));
        assert!(Client::builder().access_token("t").build().is_ok());
    }

    #[test]
    fn debug_hides_secrets() {
        let c = creds().build().unwrap();
        let b = format!("{:?}", creds());
        assert!(!format!("{c:?}").contains("s3cr3t-value") && !b.contains("s3cr3t-value"));
        let c = Client::builder().access_token("tok-abc-123").build().unwrap();
        assert!(!format!("{c:?}").contains("tok-abc-123"));
    }

    #[test]
    fn client_and_errors_are_send_sync() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Client>();
        assert_send_sync::<Error>();
        assert_send_sync::<crate::Page<crate::models::Company>>();
    }
}
