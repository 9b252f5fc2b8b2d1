//! [`MockPax8`], its mounts and their [`Mounted`] handles.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use mockito::{Matcher, ServerGuard};
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};

use crate::{Client, ClientBuilder};

/// How many items a page holds when the request names no size: Pax8's default.
const DEFAULT_PAGE_SIZE: usize = 10;
/// The statuses the quotes list always counts (`statusCounts`), even at zero.
const QUOTE_STATUSES: [&str; 7] = ["accepted", "closed", "declined", "draft", "expired", "pending", "sent"];

/// A mock Pax8: a local [`mockito`] server that answers the token endpoint, and the mounts
/// a test adds. Dropping it stops serving. See the [module docs](crate::testing).
///
/// ```
/// use pax8::testing::{MockPax8, fixtures};
///
/// let mut pax8 = MockPax8::start();
/// let company = fixtures::company();
/// pax8.object("GET", &format!("/v1/companies/{}", company.id), &company);
///
/// let client = pax8.client();
/// assert_eq!(client.companies().get(company.id).send().unwrap().name, company.name);
/// ```
pub struct MockPax8 {
    server: ServerGuard,
    token: Mounted,
}

impl fmt::Debug for MockPax8 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockPax8").field("url", &self.server.url()).finish_non_exhaustive()
    }
}

impl MockPax8 {
    /// The bearer token of [`client`](Self::client) and of the token endpoint's answer; the
    /// mounts answer only requests that carry it (others get 401).
    pub const TOKEN: &'static str = "pax8-testing-token";

    /// Starts a mock on a free local port. It answers `POST /v1/token` (any client
    /// credentials) with [`TOKEN`](Self::TOKEN), valid for 24 hours, and 401 to any request
    /// without that token.
    ///
    /// ```
    /// let pax8 = pax8::testing::MockPax8::start();
    /// let client = pax8.client(); // or pax8.client_builder() to add settings
    /// ```
    pub fn start() -> MockPax8 {
        let mut server = mockito::Server::new();
        let token = Mounted::new("POST /v1/token");
        let calls = token.calls.clone();
        let body = json!({"access_token": Self::TOKEN, "expires_in": 86400, "token_type": "Bearer"}).to_string();
        let mock = server
            .mock("POST", "/v1/token")
            .match_query(Matcher::Any)
            .expect_at_least(0)
            .with_header("content-type", "application/json")
            .with_body_from_request(move |r| {
                record(&calls, r);
                body.clone().into_bytes()
            })
            .create();
        let mut mock_pax8 = MockPax8 { server, token: token.with_mock(mock) };
        let unauthorized = json!({
            "type": "UNAUTHORIZED", "message": "Full authentication is required to access this resource", "status": 401
        });
        let bearer = format!("Bearer {}", Self::TOKEN);
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
            let bearer = bearer.clone();
            mock_pax8
                .server
                .mock(method, Matcher::Regex("^/(v1|v2|api/v2|p8p)/".into()))
                .match_query(Matcher::Any)
                .match_request(move |r| {
                    r.path() != "/v1/token"
                        && r.header("authorization").iter().all(|v| v.as_bytes() != bearer.as_bytes())
                })
                .expect_at_least(0)
                .with_status(401)
                .with_header("content-type", "application/json")
                .with_body(unauthorized.to_string())
                .create();
        }
        mock_pax8
    }

    /// The server's root URL, e.g. `http://127.0.0.1:41234`: the base URL of a client.
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// A builder preset for this mock: base URL (token and portal URLs follow it),
    /// [`TOKEN`](Self::TOKEN) as a fixed token, no token cache, no proxy, no rate limit,
    /// retries 1 ms apart (doubling) and at most 100 ms of waiting per call. A `Retry-After`
    /// longer than that ends the retrying at once and returns the 429, so no test sleeps.
    /// Add settings (`on_attempt`, `max_retries`, ...) before `build()`.
    ///
    /// ```
    /// let pax8 = pax8::testing::MockPax8::start();
    /// let client = pax8.client_builder().max_retries(0).build().unwrap();
    /// ```
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.url())
            .access_token(Self::TOKEN)
            .no_token_cache()
            .no_proxy()
            .no_rate_limit()
            .retry_base_delay(Duration::from_millis(1))
            .max_retry_wait(Duration::from_millis(100))
    }

    /// A client for this mock: [`client_builder`](Self::client_builder), built.
    pub fn client(&self) -> Client {
        self.client_builder().build().expect("the testing client's settings are valid")
    }

    /// The token endpoint's handle: how many token requests arrived, with their bodies.
    pub fn token_endpoint(&self) -> &Mounted {
        &self.token
    }

    /// The mockito server, for mocks of your own (they take precedence over the kit's
    /// mounts made before them when they match, like any later mount).
    pub fn server(&mut self) -> &mut ServerGuard {
        &mut self.server
    }

    /// Serves `items` as a listing at `path` (`GET`), paged by the request's `page` and
    /// page size, in the envelope of the path's family ([`ListStyle::for_path`]). Any query
    /// matches; filters are not applied (see [`list_where`](Self::list_where)).
    ///
    /// ```
    /// use pax8::testing::{MockPax8, fixtures};
    ///
    /// let mut pax8 = MockPax8::start();
    /// let listing = pax8.list("/v1/companies", fixtures::companies(250));
    /// let client = pax8.client();
    /// assert_eq!(client.companies().list().items().count(), 250);
    /// listing.assert_hits(2); // 200 + 50
    /// ```
    pub fn list<T: Serialize>(&mut self, path: &str, items: impl IntoIterator<Item = T>) -> Mounted {
        self.list_styled(ListStyle::for_path(path), path, &[], items)
    }

    /// Like [`list`](Self::list), but only for requests whose query carries every
    /// `(name, value)` of `params` (wire names, e.g. `("companyId", id)`; other parameters
    /// may be present). Mounted after a general listing of the same path, it answers the
    /// requests it matches and the general one the rest.
    ///
    /// ```
    /// use pax8::testing::{MockPax8, fixtures};
    ///
    /// let mut pax8 = MockPax8::start();
    /// let company = fixtures::company();
    /// let mut theirs = fixtures::subscriptions(3);
    /// for s in &mut theirs {
    ///     s.company_id = company.id;
    /// }
    /// pax8.list("/v1/subscriptions", fixtures::subscriptions(20)); // everyone's
    /// pax8.list_where("/v1/subscriptions", &[("companyId", &company.id.to_string())], theirs);
    ///
    /// let client = pax8.client();
    /// assert_eq!(client.subscriptions().list().company_id(company.id).items().count(), 3);
    /// ```
    pub fn list_where<T: Serialize>(
        &mut self,
        path: &str,
        params: &[(&str, &str)],
        items: impl IntoIterator<Item = T>,
    ) -> Mounted {
        self.list_styled(ListStyle::for_path(path), path, params, items)
    }

    /// A listing in an explicit [`ListStyle`] (family paging and envelope): the general
    /// form of [`list`](Self::list) and [`list_where`](Self::list_where).
    pub fn list_styled<T: Serialize>(
        &mut self,
        style: ListStyle,
        path: &str,
        params: &[(&str, &str)],
        items: impl IntoIterator<Item = T>,
    ) -> Mounted {
        let items: Vec<Box<RawValue>> = items.into_iter().map(to_raw).collect();
        let query = if params.is_empty() {
            Matcher::Any
        } else {
            Matcher::AllOf(params.iter().map(|(k, v)| Matcher::UrlEncoded((*k).into(), (*v).into())).collect())
        };
        self.mount(Route::new("GET", path).query(query), 200, move |r| style.page(&items, r.path_and_query()))
    }

    /// Serves `items` unpaged as `{"content": [...]}` at `path` (`GET`): product pricing and
    /// provision details, subscription history.
    pub fn content<T: Serialize>(&mut self, path: &str, items: impl IntoIterator<Item = T>) -> Mounted {
        let items: Vec<Box<RawValue>> = items.into_iter().map(to_raw).collect();
        self.raw(Route::new("GET", path), 200, content_body(&items, ""))
    }

    /// Answers `method path` with `body` as JSON (status 200): a `get`, or what a create or
    /// update returns.
    ///
    /// ```
    /// use pax8::testing::{MockPax8, fixtures};
    ///
    /// let mut pax8 = MockPax8::start();
    /// let mut updated = fixtures::company();
    /// updated.phone = Some("555-0199".into());
    /// let patch = pax8.object("PATCH", &format!("/v1/companies/{}", updated.id), &updated);
    ///
    /// let client = pax8.client();
    /// let company = client.companies().update(updated.id).phone("555-0199").send().unwrap();
    /// assert_eq!(company.phone.as_deref(), Some("555-0199"));
    /// assert_eq!(patch.requests()[0].json()["phone"], "555-0199");
    /// ```
    pub fn object<T: Serialize>(&mut self, method: &str, path: &str, body: &T) -> Mounted {
        self.raw(Route::new(method, path), 200, to_raw(body).get().to_owned())
    }

    /// Answers `method path` with 204 and no body (deletes, cancels).
    pub fn no_content(&mut self, method: &str, path: &str) -> Mounted {
        self.mount(Route::new(method, path), 204, |_| Vec::new())
    }

    /// Answers `method path` with a Pax8 error: `status` and the body
    /// `{"type", "message", "instance", "status"}`.
    pub fn error(&mut self, method: &str, path: &str, status: u16, kind: &str, message: &str) -> Mounted {
        self.json(Route::new(method, path), status, error_body(path, status, kind, message, &[]))
    }

    /// Answers `method path` with 404 and Pax8's `NOT_FOUND` body.
    ///
    /// ```
    /// use pax8::testing::MockPax8;
    ///
    /// let mut pax8 = MockPax8::start();
    /// let id = pax8::Uuid::nil();
    /// pax8.not_found("GET", &format!("/v1/companies/{id}"));
    /// let err = pax8.client().companies().get(id).send().unwrap_err();
    /// assert!(err.is_not_found());
    /// ```
    pub fn not_found(&mut self, method: &str, path: &str) -> Mounted {
        self.error(method, path, 404, "NOT_FOUND", "Resource not found")
    }

    /// Answers `method path` with 422 and a Pax8 error body whose `details` name the
    /// fields: `(field, message)` becomes `{"instance": field, "message": message}`.
    ///
    /// ```
    /// use pax8::models::{BillingTerm, NewLineItem};
    /// use pax8::testing::{MockPax8, fixtures};
    ///
    /// let mut pax8 = MockPax8::start();
    /// pax8.unprocessable("POST", "/v1/orders", "Validation failed", &[("quantity", "must be at least 1")]);
    /// let err = pax8
    ///     .client()
    ///     .orders()
    ///     .create()
    ///     .company_id(fixtures::company().id)
    ///     .line_item(NewLineItem::new(fixtures::product().id, BillingTerm::Monthly, 1))
    ///     .send()
    ///     .unwrap_err();
    /// assert_eq!(err.status(), Some(422), "{err}");
    /// assert!(err.to_string().contains("quantity"));
    /// ```
    pub fn unprocessable(&mut self, method: &str, path: &str, message: &str, details: &[(&str, &str)]) -> Mounted {
        let body = error_body(path, 422, "UNPROCESSABLE_ENTITY", message, details);
        self.json(Route::new(method, path), 422, body)
    }

    /// Answers the next `times` requests of `method path` with 429, `Retry-After: secs`
    /// and Pax8's error body; later requests go to the next matching mount (mount the
    /// answer that follows, before or after). With [`client`](Self::client), a
    /// `Retry-After` of 1 s or more is not waited for: the call returns the 429 at once.
    ///
    /// ```
    /// use std::time::Duration;
    /// use pax8::testing::{MockPax8, fixtures};
    ///
    /// let mut pax8 = MockPax8::start();
    /// pax8.rate_limited("GET", "/v1/companies", 1, 30);
    /// pax8.list("/v1/companies", fixtures::companies(3));
    /// let client = pax8.client();
    ///
    /// let err = client.companies().list().send().unwrap_err();
    /// assert!(err.is_rate_limited());
    /// assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
    /// assert_eq!(client.companies().list().send().unwrap().items.len(), 3); // the next answer
    /// ```
    pub fn rate_limited(&mut self, method: &str, path: &str, times: usize, secs: u64) -> Mounted {
        let body = error_body(path, 429, "TOO_MANY_REQUESTS", "Rate limit exceeded", &[]);
        let route = Route::new(method, path).limit(times).header("retry-after", secs.to_string());
        self.json(route, 429, body)
    }

    /// Answers the next `times` requests of `method path` with `status` (a 5xx) and a
    /// gateway's body; later requests go to the next matching mount. The SDK retries 502,
    /// 503 and 504 for GET, PUT and DELETE; with [`client`](Self::client) 1 ms apart.
    ///
    /// ```
    /// use pax8::testing::{MockPax8, fixtures};
    ///
    /// let mut pax8 = MockPax8::start();
    /// let company = fixtures::company();
    /// let path = format!("/v1/companies/{}", company.id);
    /// let failures = pax8.server_errors("GET", &path, 503, 2);
    /// pax8.object("GET", &path, &company);
    ///
    /// assert_eq!(pax8.client().companies().get(company.id).send().unwrap().id, company.id); // retried
    /// failures.assert_hits(2);
    /// ```
    pub fn server_errors(&mut self, method: &str, path: &str, status: u16, times: usize) -> Mounted {
        let body = error_body(path, status, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable", &[]);
        self.json(Route::new(method, path).limit(times), status, body)
    }

    fn json(&mut self, route: Route<'_>, status: u16, body: Value) -> Mounted {
        self.raw(route, status, body.to_string())
    }

    /// Answers with `body`, JSON text served as given (digit for digit).
    fn raw(&mut self, route: Route<'_>, status: u16, body: String) -> Mounted {
        let bytes = body.into_bytes();
        self.mount(route, status, move |_| bytes.clone())
    }

    fn mount(
        &mut self,
        route: Route<'_>,
        status: u16,
        body: impl Fn(&mockito::Request) -> Vec<u8> + Send + Sync + 'static,
    ) -> Mounted {
        let handle = Mounted::new(&format!("{} {}", route.method, route.path));
        let (calls, seen) = (handle.calls.clone(), handle.calls.clone());
        let limit = route.limit;
        let mut mock = self
            .server
            .mock(route.method, route.path)
            .match_query(route.query)
            .match_header("authorization", format!("Bearer {}", Self::TOKEN).as_str())
            .with_status(usize::from(status))
            .with_body_from_request(move |r| {
                record(&calls, r);
                body(r)
            });
        mock = match limit {
            // "Missing hits" for mockito until it has answered `n` requests, so it answers
            // before the other matching mounts; then it stops matching.
            Some(n) => mock.match_request(move |_| lock(&seen).len() < n).expect(n),
            // Never "missing hits" for mockito, so the last matching mount answers.
            None => mock.expect_at_least(0),
        };
        if status != 204 {
            mock = mock.with_header("content-type", "application/json");
        }
        for (name, value) in route.headers {
            mock = mock.with_header(name, &value);
        }
        handle.with_mock(mock.create())
    }
}

/// What a mount matches and adds to its answers.
struct Route<'a> {
    method: &'a str,
    path: &'a str,
    query: Matcher,
    limit: Option<usize>,
    headers: Vec<(&'static str, String)>,
}

impl<'a> Route<'a> {
    fn new(method: &'a str, path: &'a str) -> Self {
        Route { method, path, query: Matcher::Any, limit: None, headers: Vec::new() }
    }
    fn query(mut self, query: Matcher) -> Self {
        self.query = query;
        self
    }
    fn limit(mut self, n: usize) -> Self {
        self.limit = Some(n);
        self
    }
    fn header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }
}

/// `v` as JSON text, straight from its `Serialize` (never through a `Value`, whose numbers
/// are `f64`s): an amount of `36.0000` or `4.123456789012345678` is served as that text.
fn to_raw<T: Serialize>(v: T) -> Box<RawValue> {
    serde_json::value::to_raw_value(&v).expect("models serialize to JSON")
}

/// `{"content": [items...]<rest>}`, the items' texts as given; `rest` is `""` or starts
/// with `,`.
fn content_body(items: &[Box<RawValue>], rest: &str) -> String {
    let texts: Vec<&str> = items.iter().map(|i| i.get()).collect();
    format!(r#"{{"content":[{}]{rest}}}"#, texts.join(","))
}

fn error_body(path: &str, status: u16, kind: &str, message: &str, details: &[(&str, &str)]) -> Value {
    let mut body = json!({"type": kind, "message": message, "instance": format!("/public{path}"), "status": status});
    if !details.is_empty() {
        body["details"] =
            details.iter().map(|(field, message)| json!({"instance": field, "message": message})).collect();
    }
    body
}

/// How a mounted listing pages and wraps its items: the family's page-size parameter and
/// maximum (`size`, or `limit` on quoting) and its envelope. Written here literally, from the
/// spec and the notes, not taken from the SDK's own family table, so a wrong wire name in the
/// SDK cannot fool the kit too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListStyle {
    size_key: &'static str,
    max_size: usize,
    flat: bool,
    status_counts: bool,
}

impl ListStyle {
    /// Partner API v1 (`/v1/...`): `page` and `size` (at most 200);
    /// `{"content", "page": {"size", "totalElements", "totalPages", "number"}}`.
    pub const PARTNER: ListStyle = ListStyle { size_key: "size", max_size: 200, flat: false, status_counts: false };
    /// Webhooks API v2 (`/api/v2/...`): like [`PARTNER`](Self::PARTNER).
    pub const WEBHOOKS: ListStyle = ListStyle { size_key: "size", max_size: 200, flat: false, status_counts: false };
    /// The webhook topic definitions: `page` and `size`, and a flat envelope
    /// `{"content", "number", "size", "totalElements", "totalPages"}`.
    pub const WEBHOOK_TOPIC_DEFINITIONS: ListStyle =
        ListStyle { size_key: "size", max_size: 200, flat: true, status_counts: false };
    /// The quoting API's quotes (`/v2/quotes`): `page` and `limit`; the nested envelope
    /// plus `statusCounts`, the items of the whole listing counted by their `status`.
    pub const QUOTES: ListStyle = ListStyle { size_key: "limit", max_size: 200, flat: false, status_counts: true };
    /// The vendor APIs (`/v2/provisioners`, `/v2/provision-requests`, `/v2/usage/...`):
    /// `page` and `size`, the nested envelope, like [`PARTNER`](Self::PARTNER).
    pub const VENDOR: ListStyle = ListStyle { size_key: "size", max_size: 200, flat: false, status_counts: false };

    /// The style of a wire path: `/api/v2/webhooks/topic-definitions`, else `/api/v2/...`
    /// webhooks, the vendor APIs' paths (`/v2/provision...`, `/v2/usage/...`), else `/v2/...`
    /// quoting, anything else partner.
    pub fn for_path(path: &str) -> ListStyle {
        if path.starts_with("/v2/usage/") || path.starts_with("/v2/provision") {
            ListStyle::VENDOR
        } else if path.starts_with("/api/v2/") {
            if path.trim_end_matches('/').ends_with("/topic-definitions") {
                ListStyle::WEBHOOK_TOPIC_DEFINITIONS
            } else {
                ListStyle::WEBHOOKS
            }
        } else if path.starts_with("/v2/") {
            ListStyle::QUOTES
        } else {
            ListStyle::PARTNER
        }
    }

    /// The body answering `path_and_query` for the whole listing `items` (their texts served
    /// as given).
    fn page(&self, items: &[Box<RawValue>], path_and_query: &str) -> Vec<u8> {
        let query = parse_query(path_and_query);
        let param = |key: &str| query.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.parse::<usize>().ok());
        let size = param(self.size_key).unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, self.max_size);
        let number = param("page").unwrap_or(0);
        let start = number.saturating_mul(size).min(items.len());
        let content = &items[start..(start + size).min(items.len())];
        let meta = json!({
            "size": size, "totalElements": items.len(), "totalPages": items.len().div_ceil(size), "number": number
        });
        let mut rest = String::new();
        if self.flat {
            for (k, v) in meta.as_object().into_iter().flatten() {
                rest.push_str(&format!(",{}:{v}", Value::String(k.clone())));
            }
        } else {
            rest.push_str(&format!(r#","page":{meta}"#));
        }
        if self.status_counts {
            #[derive(serde::Deserialize)]
            struct Status {
                status: Option<String>,
            }
            let mut counts: serde_json::Map<String, Value> =
                QUOTE_STATUSES.iter().map(|s| (s.to_string(), json!(0))).collect();
            let statuses = items.iter().filter_map(|i| serde_json::from_str::<Status>(i.get()).ok()?.status);
            for status in statuses {
                let n = counts.get(&status).and_then(Value::as_u64).unwrap_or(0);
                counts.insert(status, json!(n + 1));
            }
            rest.push_str(&format!(r#","statusCounts":{}"#, Value::Object(counts)));
        }
        content_body(content, &rest).into_bytes()
    }
}

/// One request a mount answered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Recorded {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query parameters in order, percent-decoded.
    pub query: Vec<(String, String)>,
    /// The body as sent.
    pub body: Vec<u8>,
}

impl Recorded {
    /// The (first) value of query parameter `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The body as JSON (`Null` when empty or not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// The handle of a mount: how many requests it answered, and what they were. Dropping it
/// leaves the mount in place.
///
/// ```
/// use pax8::testing::{MockPax8, fixtures};
///
/// let mut pax8 = MockPax8::start();
/// let listing = pax8.list("/v1/products", fixtures::products(5));
/// pax8.client().products().list().search("365").page_size(5).send().unwrap();
///
/// listing.assert_hits(1);
/// let request = &listing.requests()[0];
/// assert_eq!(request.param("search"), Some("365"));
/// assert_eq!(request.param("size"), Some("5"));
/// ```
pub struct Mounted {
    what: String,
    calls: Arc<Mutex<Vec<Recorded>>>,
    mock: Option<mockito::Mock>,
}

impl fmt::Debug for Mounted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mounted").field("route", &self.what).field("hits", &self.hits()).finish()
    }
}

impl Mounted {
    fn new(what: &str) -> Self {
        Mounted { what: what.to_owned(), calls: Arc::default(), mock: None }
    }

    fn with_mock(mut self, mock: mockito::Mock) -> Self {
        self.mock = Some(mock);
        self
    }

    /// How many requests this mount answered.
    pub fn hits(&self) -> usize {
        lock(&self.calls).len()
    }

    /// The requests this mount answered, oldest first.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.calls).clone()
    }

    /// Panics unless this mount answered at least one request.
    #[track_caller]
    pub fn assert(&self) {
        assert!(self.hits() > 0, "{}: expected at least one request, got none", self.what);
    }

    /// Panics unless this mount answered exactly `n` requests.
    #[track_caller]
    pub fn assert_hits(&self, n: usize) {
        let hits = self.hits();
        assert_eq!(hits, n, "{}: expected {n} requests, got {hits}", self.what);
    }

    /// Stops serving this mount; requests go to the other matching mounts.
    pub fn remove(&self) {
        if let Some(m) = &self.mock {
            m.remove();
        }
    }
}

fn lock(calls: &Mutex<Vec<Recorded>>) -> MutexGuard<'_, Vec<Recorded>> {
    calls.lock().unwrap_or_else(|p| p.into_inner())
}

fn record(calls: &Mutex<Vec<Recorded>>, r: &mockito::Request) {
    let recorded = Recorded {
        method: r.method().to_owned(),
        path: r.path().to_owned(),
        query: parse_query(r.path_and_query()),
        body: r.body().cloned().unwrap_or_default(),
    };
    lock(calls).push(recorded);
}

/// The query of a path, as decoded pairs.
pub(super) fn parse_query(path_and_query: &str) -> Vec<(String, String)> {
    let Some((_, query)) = path_and_query.split_once('?') else { return Vec::new() };
    query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Percent-decoding (`+` is a space) of a query component.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
