//! [`Client`], its builder and configuration.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::auth::{FileTokenCache, Secret, TokenCache, TokenProvider};
use crate::error::{Error, Result};
use crate::family::Audience;
use crate::http::{AsExecutor, Auth, Executor};
use crate::loopback::{is_loopback, is_loopback_url};
use crate::observe::{Attempt, Observer};
use crate::ratelimit::{RateLimiter, WindowRateLimiter};
use crate::raw::Raw;
use crate::transport::{Hosts, Method, RetryPolicy, Transport};

/// Default API host.
pub const DEFAULT_BASE_URL: &str = "https://api.pax8.com";
/// Default token endpoint (current Pax8 docs).
pub const DEFAULT_TOKEN_URL: &str = "https://api.pax8.com/v1/token";
/// Default token audience for partner integrations.
pub const DEFAULT_AUDIENCE: &str = Audience::Partner.default_value();
/// Default token audience of the vendor provisioning API ([`Client::provisioning`]).
pub const DEFAULT_PROVISIONING_AUDIENCE: &str = Audience::Provisioning.default_value();
/// Default token audience of the vendor usage API ([`Client::vendor_usage`]).
pub const DEFAULT_USAGE_AUDIENCE: &str = Audience::Usage.default_value();
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
    executor: Executor,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("executor", &self.executor).finish()
    }
}

/// The SDK's own product token in `User-Agent`.
const SDK_USER_AGENT: &str = concat!("pax8-rs/", env!("CARGO_PKG_VERSION"));

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
        self.executor.base_url()
    }

    /// A request to any path of the API host, for endpoints Pax8 adds before the SDK does.
    ///
    /// `path` starts at the host root and names its API family itself: `/v1/...` (partner),
    /// `/api/v2/...` (webhooks), `/v2/...` (quoting). It goes through the same machinery as
    /// every other call: the bearer token (refreshed on a 401), the rate limiter, the retry
    /// policy of its method, and the same [`Error`]s. Nothing is sent until
    /// [`send`](Raw::send).
    ///
    /// ```no_run
    /// use pax8::Method;
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// // Untyped: any JSON.
    /// let page: serde_json::Value = client.raw(Method::Get, "/v1/companies").query("size", 5).send()?;
    /// // Typed, with a JSON body.
    /// #[derive(serde::Deserialize)]
    /// struct Created {
    ///     id: pax8::Uuid,
    /// }
    /// let created: Created = client
    ///     .raw(Method::Post, "/api/v2/webhooks")
    ///     .json(&serde_json::json!({"displayName": "PSA sync", "url": "https://example.com/hook"}))
    ///     .send()?;
    /// # let _ = (page, created.id); Ok(()) }
    /// ```
    pub fn raw(&self, method: Method, path: impl Into<String>) -> Raw {
        Raw::new(&self.executor, method, path)
    }
}

impl AsExecutor for Client {
    fn executor(&self) -> &Executor {
        &self.executor
    }
}

/// Settings of a [`Client`]; every one has a documented default.
#[derive(Default)]
pub struct ClientBuilder {
    client_id: Option<String>,
    client_secret: Option<Secret>,
    audience: Option<String>,
    provisioning_audience: Option<String>,
    usage_audience: Option<String>,
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
    smooth_rate_limit: bool,
    user_agent: Option<String>,
    allow_insecure_http: bool,
    proxy: Option<Option<String>>,
    observer: Option<Observer>,
    agent: Option<ureq::Agent>,
    root_certificates: Vec<Vec<u8>>,
    #[cfg(feature = "testing")]
    recorder: Option<crate::cassette::Recorder>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("audience", &self.audience)
            .field("provisioning_audience", &self.provisioning_audience)
            .field("usage_audience", &self.usage_audience)
            // URLs without a user name or password (refused by `build`, never shown).
            .field("token_url", &self.token_url.as_deref().map(without_userinfo))
            .field("base_url", &self.base_url.as_deref().map(without_userinfo))
            .field("portal_url", &self.portal_url.as_deref().map(without_userinfo))
            .field("proxy", &self.proxy.as_ref().map(|p| p.as_deref().map(without_userinfo)))
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

    /// Token audience of the partner families (partner, webhooks, quoting). Default
    /// `https://api.pax8.com`; older accounts use `api://p8p.client`.
    ///
    /// Each audience has a token of its own: the client fetches the token of an audience the
    /// first time a family of that audience is used, caches it under its own key, refreshes it
    /// on its own, and never sends it to a family of another audience. The vendor families
    /// have their own settings: [`provisioning_audience`](Self::provisioning_audience) and
    /// [`usage_audience`](Self::usage_audience).
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.audience = Some(audience.into());
        self
    }

    /// Token audience of the vendor provisioning API ([`Client::provisioning`]). Default
    /// `api://provisioning`.
    pub fn provisioning_audience(mut self, audience: impl Into<String>) -> Self {
        self.provisioning_audience = Some(audience.into());
        self
    }

    /// Token audience of the vendor usage API ([`Client::vendor_usage`]). Default
    /// `api://usage`.
    pub fn usage_audience(mut self, audience: impl Into<String>) -> Self {
        self.usage_audience = Some(audience.into());
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

    /// Use this bearer token as is, with no OAuth and no cache (it is not refreshed). It is
    /// sent to every family, whatever its audience: a fixed token's audience is the caller's
    /// choice (with client credentials, each audience gets a token of its own instead).
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.access_token = Some(Secret::new(token));
        self
    }

    /// Where tokens are cached. Default [`FileTokenCache::default()`], in the user's cache
    /// folder; but when the base URL or the token URL is a loopback address (`localhost`,
    /// 127.0.0.0/8, `::1`: a mock server in a test), the default is this client's memory,
    /// so tests never read or write the user's cache. Set a cache to override either.
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

    /// Client-side rate limit, shared by all clones and threads: at most `n` calls in any
    /// minute, at full speed while the minute has room (a
    /// [`WindowRateLimiter`](crate::ratelimit::WindowRateLimiter)). Default 1000 per minute
    /// (Pax8's budget); 0 removes the limit.
    pub fn rate_limit_per_minute(mut self, n: u32) -> Self {
        self.rate_limit_per_minute = Some(n);
        self.rate_limiter = None;
        self
    }

    /// Spaces requests evenly on top of the minute's limit: one every `60 s / n` after a
    /// burst of one second's worth (16 at 1000 a minute), instead of full speed while the
    /// minute has room ([`WindowRateLimiter::smooth`](crate::ratelimit::WindowRateLimiter::smooth)).
    /// Default off. For those who prefer an even pace; it slows every job of more than the
    /// burst, also those the budget allows.
    pub fn smooth_rate_limit(mut self, smooth: bool) -> Self {
        self.smooth_rate_limit = smooth;
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

    /// Your product in the `User-Agent` header, before the SDK's: `user_agent("myapp/1.2")`
    /// sends `myapp/1.2 pax8-rs/<version>`. Default: `pax8-rs/<version>` alone.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// Send through this HTTP proxy (`http://host:port`). By default the proxy comes from
    /// `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` in the environment, if set. Not combinable
    /// with [`agent`](Self::agent) (set the proxy on that agent).
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(Some(url.into()));
        self
    }

    /// Never use a proxy, whatever the environment says (tests against a local server).
    pub fn no_proxy(mut self) -> Self {
        self.proxy = Some(None);
        self
    }

    /// Also trust this CA certificate (PEM, one or more certificates), beside the bundled
    /// Mozilla roots: for a TLS-inspecting corporate proxy, or a private gateway. May be called
    /// more than once. With the `platform-verifier` feature the operating system's roots are
    /// used instead, unless a certificate is added here (then: the bundled roots and these).
    /// A PEM without a certificate fails [`build`](Self::build). Not combinable with
    /// [`agent`](Self::agent) (configure TLS on that agent).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let pem = std::fs::read("/etc/ssl/corp-proxy-ca.pem")?;
    /// let client = pax8::Client::builder().add_root_certificate(pem).build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn add_root_certificate(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// Send with this `ureq` agent, built by you (proxy, TLS, connection pool, middleware).
    /// The SDK still applies its own rules to every request it sends through it: statuses
    /// are answers (never ureq errors), redirects are not followed, its timeout and its
    /// `User-Agent` apply, and bodies are read under its cap. The agent's connect timeout,
    /// proxy and TLS settings are used as they are, so [`proxy`](Self::proxy),
    /// [`no_proxy`](Self::no_proxy), [`connect_timeout`](Self::connect_timeout) and
    /// [`add_root_certificate`](Self::add_root_certificate) are refused beside it.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// let agent: ureq::Agent = ureq::Agent::config_builder()
    ///     .proxy(ureq::Proxy::new("http://proxy.corp:3128").ok())
    ///     .max_idle_connections_per_host(8)
    ///     .build()
    ///     .into();
    /// let client = pax8::Client::builder().client_id("id").client_secret("secret").agent(agent).build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn agent(mut self, agent: ureq::Agent) -> Self {
        self.agent = Some(agent);
        self
    }

    /// Called after every attempt of every request with what it did ([`Attempt`]): method,
    /// path, status or error, attempt number, elapsed time, rate-limit queueing and the wait
    /// before the next attempt. It never sees a header, a body or a secret.
    pub fn on_attempt(mut self, f: impl Fn(&Attempt) + Send + Sync + 'static) -> Self {
        self.observer = Some(Arc::new(f));
        self
    }

    /// Record every request and answer of this client into `recorder`'s cassette (feature
    /// `testing`), scrubbed before anything is written: secrets always, personal data unless
    /// its [`Scrubber`](crate::testing::Scrubber) keeps it. Replay it in tests with
    /// [`MockPax8::replay`](crate::testing::MockPax8::replay).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let recorder = pax8::testing::Recorder::new("tests/cassettes/subscriptions.json");
    /// let client = pax8::Client::builder_from_env().record(&recorder).build()?;
    /// let active = client.subscriptions().list().page_size(20).send()?;
    /// recorder.save()?; // also written when the recorder and the client are dropped
    /// # let _ = active; Ok(()) }
    /// ```
    #[cfg(feature = "testing")]
    pub fn record(mut self, recorder: &crate::cassette::Recorder) -> Self {
        self.recorder = Some(recorder.clone());
        self
    }

    /// Allow plain `http://` base, token and portal URLs to hosts that are not loopback.
    /// Default: refused, since the client secret and every token would cross the network in
    /// clear; `http://` to `localhost`, 127.0.0.0/8 and `::1` (mock servers) is always allowed.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// Checks every setting and builds the client. Sends nothing.
    pub fn build(self) -> Result<Client> {
        let http = self.allow_insecure_http;
        let base_url = check_url("base_url", self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL), http)?;
        let moved = self.base_url.is_some();
        let token_url = match &self.token_url {
            Some(u) => check_url("token_url", u, http)?,
            None if moved => format!("{base_url}/v1/token"),
            None => DEFAULT_TOKEN_URL.to_owned(),
        };
        let portal_url = match &self.portal_url {
            Some(u) => check_url("portal_url", u, http)?,
            None if moved => base_url.clone(),
            None => DEFAULT_PORTAL_URL.to_owned(),
        };
        #[cfg(feature = "testing")]
        let tap = self.recorder.map(|r| {
            for secret in [self.client_id.as_deref(), self.client_secret.as_ref().map(Secret::expose)]
                .into_iter()
                .chain([self.access_token.as_ref().map(Secret::expose)])
                .flatten()
            {
                r.learn_secret(secret);
            }
            Arc::new(r) as Arc<dyn crate::transport::Tap>
        });
        #[cfg(not(feature = "testing"))]
        let tap = None;
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        if timeout.is_zero() || connect_timeout.is_zero() {
            return Err(Error::Config("timeouts must be greater than zero".into()));
        }

        let auth = match self.access_token {
            Some(t) if t.expose().trim().is_empty() => {
                return Err(Error::Config("access_token is empty".into()));
            }
            Some(t) if t.expose().chars().any(|c| c.is_control() || c == ' ') => {
                return Err(Error::Config("access_token contains spaces or control characters".into()));
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
                    // A mock server: keep its tokens out of the user's cache folder.
                    None if is_loopback_url(&base_url) || is_loopback_url(&token_url) => None,
                    None => Some(Arc::new(FileTokenCache::default()) as Arc<dyn TokenCache>),
                };
                let [partner, provisioning, usage] = [
                    (self.audience, DEFAULT_AUDIENCE),
                    (self.provisioning_audience, DEFAULT_PROVISIONING_AUDIENCE),
                    (self.usage_audience, DEFAULT_USAGE_AUDIENCE),
                ]
                .map(|(set, default)| {
                    let audience = set.filter(|a| !a.trim().is_empty()).unwrap_or_else(|| default.to_owned());
                    TokenProvider::new(token_url.clone(), audience, id.clone(), secret.clone(), cache.clone())
                });
                // In the order of `Audience::index`.
                Auth::OAuth(Box::new([partner, provisioning, usage]))
            }
        };

        if let Some(ua) = &self.user_agent {
            check_header_value("user_agent", ua)?;
        }
        let user_agent = match self.user_agent.as_deref().map(str::trim) {
            Some(product) if !product.is_empty() => format!("{product} {SDK_USER_AGENT}"),
            _ => SDK_USER_AGENT.to_owned(),
        };
        let agent = match self.agent {
            Some(agent) => {
                if self.proxy.is_some() || self.connect_timeout.is_some() || !self.root_certificates.is_empty() {
                    return Err(Error::Config(
                        "proxy, no_proxy, connect_timeout and add_root_certificate cannot be combined with agent(): \
                         set them on the agent"
                            .into(),
                    ));
                }
                agent
            }
            None => {
                // Statuses, redirects, timeout and user agent are also set on each request (see
                // `Transport::attempt`), so that an agent passed with `agent()` behaves the same.
                let mut config = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_connect(Some(connect_timeout))
                    .timeout_global(Some(timeout))
                    .max_redirects(0)
                    // Every Pax8 family lives on one or two hosts: keep enough idle connections
                    // for `prefetch(n)` workers to reuse theirs (ureq's default is 3 per host).
                    .max_idle_connections_per_host(crate::pagination::MAX_PREFETCH + 1)
                    .max_idle_connections(2 * (crate::pagination::MAX_PREFETCH + 1))
                    .tls_config(tls_config(&self.root_certificates)?);
                match self.proxy {
                    Some(None) => config = config.proxy(None),
                    Some(Some(p)) => {
                        let proxy = ureq::Proxy::new(&p)
                            .map_err(|_| Error::Config(format!("invalid proxy {:?}", without_userinfo(&p))))?;
                        config = config.proxy(Some(proxy));
                    }
                    None => {}
                }
                // The SDK's resolver: no thread per request (see `resolve`).
                ureq::Agent::with_parts(
                    config.build(),
                    ureq::unversioned::transport::DefaultConnector::default(),
                    crate::resolve::CachingResolver::default(),
                )
            }
        };

        let limiter = match self.rate_limiter {
            Some(l) => l,
            None => match self.rate_limit_per_minute.unwrap_or(DEFAULT_RATE_LIMIT_PER_MINUTE) {
                0 => None,
                n => {
                    let window = WindowRateLimiter::per_minute(n);
                    Some(Arc::new(if self.smooth_rate_limit { window.smooth() } else { window }) as Arc<dyn RateLimiter>)
                }
            },
        };
        let retry = RetryPolicy {
            max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
            max_wait: self.max_retry_wait.unwrap_or(DEFAULT_MAX_RETRY_WAIT),
            base_delay: self.retry_base_delay.unwrap_or(DEFAULT_RETRY_BASE_DELAY),
            max_delay: Duration::from_secs(30),
        };
        let transport = Transport {
            agent,
            hosts: Hosts { base: base_url, portal: portal_url, token: token_url },
            timeout,
            retry,
            limiter,
            observer: self.observer,
            jitter: Default::default(),
            user_agent,
            tap,
        };
        Ok(Client { executor: Executor::new(transport, auth) })
    }
}

/// The TLS roots: the bundled Mozilla roots (or the platform's, with the `platform-verifier`
/// feature), plus the bundled ones and every certificate of `pems` when there are any.
fn tls_config(pems: &[Vec<u8>]) -> Result<ureq::tls::TlsConfig> {
    use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};
    let default_roots =
        if cfg!(feature = "platform-verifier") { RootCerts::PlatformVerifier } else { RootCerts::WebPki };
    if pems.is_empty() {
        return Ok(TlsConfig::builder().root_certs(default_roots).build());
    }
    let mut roots: Vec<Certificate<'static>> =
        webpki_root_certs::TLS_SERVER_ROOT_CERTS.iter().map(|c| Certificate::from_der(c.as_ref()).to_owned()).collect();
    for (i, pem) in pems.iter().enumerate() {
        let before = roots.len();
        for item in ureq::tls::parse_pem(pem) {
            match item {
                Ok(PemItem::Certificate(c)) => roots.push(c.to_owned()),
                Ok(_) => {}
                Err(e) => return Err(Error::Config(format!("add_root_certificate #{}: invalid PEM: {e}", i + 1))),
            }
        }
        if roots.len() == before {
            return Err(Error::Config(format!("add_root_certificate #{}: no certificate in the PEM", i + 1)));
        }
    }
    Ok(TlsConfig::builder().root_certs(RootCerts::new_with_certs(&roots)).build())
}

/// Checks that `url` is an absolute http(s) URL with a host, and drops a trailing `/`.
///
/// Refused too: a user name or password in the URL (it would show in logs and `Debug`), and
/// plain `http://` to a host that is not loopback unless `allow_http` (the token and every
/// call would cross the network in clear).
fn check_url(name: &str, url: &str, allow_http: bool) -> Result<String> {
    let trimmed = url.trim().trim_end_matches('/');
    let shown = without_userinfo(trimmed);
    let bad = || Error::Config(format!("{name} {shown:?} is not an absolute http(s) URL"));
    let uri: ureq::http::Uri = trimmed.parse().map_err(|_| bad())?;
    let host = match (uri.scheme_str(), uri.host()) {
        (Some("http" | "https"), Some(h)) if !h.is_empty() && uri.query().is_none() => h,
        _ => return Err(bad()),
    };
    if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
        return Err(Error::Config(format!("{name} {shown:?} must not carry a user name or password")));
    }
    if uri.scheme_str() == Some("http") && !allow_http && !is_loopback(host) {
        return Err(Error::Config(format!(
            "{name} {shown:?} is plain http to a host that is not loopback: use https, or allow_insecure_http()"
        )));
    }
    Ok(trimmed.to_owned())
}

/// `url` with any `user:password@` replaced by `***@`, for messages.
fn without_userinfo(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..end].rfind('@') {
        Some(at) => format!("{scheme}://***@{}", &rest[at + 1..]),
        None => url.to_owned(),
    }
}

/// Refuses a header value with control characters (a CR/LF would split the header).
fn check_header_value(name: &str, value: &str) -> Result<()> {
    if value.chars().any(|c| c.is_control()) {
        return Err(Error::Config(format!("{name} contains a control character (line break, tab, ...)")));
    }
    Ok(())
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
    fn loopback_hosts_keep_tokens_out_of_the_cache_folder() {
        let cache = |b: ClientBuilder| {
            let dbg = format!("{:?}", b.client_id("id").client_secret("s").build().unwrap());
            dbg.split("cache: ").nth(1).unwrap().split_whitespace().next().unwrap().to_owned()
        };
        for url in ["http://127.0.0.1:9", "http://127.8.0.2", "http://localhost:8080/", "http://[::1]:9"] {
            assert_eq!(cache(Client::builder().base_url(url)), "None", "{url}");
        }
        assert_eq!(cache(Client::builder().token_url("http://localhost:9/token")), "None");
        assert!(cache(Client::builder()).starts_with("Some(FileTokenCache"));
        assert!(cache(Client::builder().base_url("https://10.0.0.1")).starts_with("Some(FileTokenCache"));
        let explicit =
            Client::builder().base_url("http://127.0.0.1:9").token_cache(crate::auth::MemoryTokenCache::new());
        assert!(cache(explicit).starts_with("Some(MemoryTokenCache"));
    }

    #[test]
    fn client_and_errors_are_send_sync() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Client>();
        assert_send_sync::<Error>();
        assert_send_sync::<crate::Page<crate::models::Company>>();
    }

    #[test]
    fn urls_with_passwords_plain_http_and_header_breaks_are_refused() {
        let err = |b: ClientBuilder| b.build().unwrap_err().to_string();
        let e = err(creds().base_url("https://user:hunter2@api.example.com"));
        assert!(e.contains("user name or password") && !e.contains("hunter2"), "{e}");
        let e = err(creds().proxy("bogus://user:hunter2@proxy:1"));
        assert!(!e.contains("hunter2"), "{e}");
        assert!(err(creds().base_url("http://api.example.com")).contains("plain http"));
        assert!(err(creds().token_url("http://login.example.com/oauth/token")).contains("plain http"));
        assert!(creds().base_url("http://api.example.com").allow_insecure_http().build().is_ok());
        for host in ["http://127.0.0.1:9", "http://localhost:9", "http://[::1]:9", "http://127.3.2.1"] {
            assert!(creds().base_url(host).build().is_ok(), "{host}");
        }
        assert!(err(creds().user_agent("app/1\r\nX-Evil: 1")).contains("user_agent"));
        assert!(err(Client::builder().access_token("tok\r\nX-Evil: 1")).contains("access_token"));
    }
}
