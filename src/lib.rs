//! A blocking Rust SDK for the [Pax8](https://www.pax8.com) APIs.
//!
//! Built on [`ureq`]: no async runtime, so it drops into a script, a sync service or a
//! batch job. Every endpoint is a request builder; nothing is sent until a terminal call
//! (`send()`, `pages()`, `items()`).
//!
//! # A short tour
//!
//! ```no_run
//! use pax8::{Client, SortDirection};
//! use pax8::models::{CompanySort, CompanyStatus};
//!
//! # fn main() -> pax8::Result<()> {
//! // Credentials from the Pax8 app (Integrations → Credentials), or `Client::from_env()`
//! // with PAX8_CLIENT_ID and PAX8_CLIENT_SECRET.
//! let client = Client::builder()
//!     .client_id("...")
//!     .client_secret("...")
//!     .build()?;
//!
//! // One page, with its metadata.
//! let page = client.companies().list().city("New York").page_size(10).send()?;
//! println!("{} of {}", page.items.len(), page.total_elements);
//!
//! // Every item, lazily, page after page (200 per request).
//! for company in client
//!     .companies()
//!     .list()
//!     .status(CompanyStatus::Active)
//!     .sort(CompanySort::Name, SortDirection::Asc)
//!     .items()
//! {
//!     let company = company?;
//!     for contact in client.contacts(company.id).list().items() {
//!         println!("{}: {}", company.name, contact?.first_name);
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! # Resources
//!
//! Every operation of the partner API v1 hangs off a handle on [`Client`]:
//! [`companies()`](Client::companies), [`contacts(company_id)`](Client::contacts),
//! [`products()`](Client::products), [`orders()`](Client::orders),
//! [`subscriptions()`](Client::subscriptions), [`invoices()`](Client::invoices) and
//! [`usage_summaries()`](Client::usage_summaries). The webhooks API v2 is
//! [`webhooks()`](Client::webhooks) (and [`webhooks`] receives deliveries, no client needed);
//! the quoting API v2 is [`quotes()`](Client::quotes), [`quote_library()`](Client::quote_library)
//! and [`quote_preferences()`](Client::quote_preferences). For vendors, the provisioning API is
//! [`provisioning()`](Client::provisioning) (and [`provisioning`] receives provision calls) and
//! the usage API [`vendor_usage()`](Client::vendor_usage). List builders end in `send()` (one
//! [`Page`], or the list's envelope), `pages()` ([`Pages`]) or `items()` ([`Items`]), and take
//! `prefetch(n)` to fetch pages ahead. Every other endpoint has a builder type of its own
//! ([`GetCompany`](resources::GetCompany), [`CreateCompany`](resources::CreateCompany),
//! [`UpdateCompany`](resources::UpdateCompany), ...) holding only the setters that endpoint
//! takes, and ending in `send()`. Ids are typed ([`CompanyId`](models::CompanyId),
//! [`SubscriptionId`](models::SubscriptionId), ...): an id of one resource cannot be passed
//! where another's is expected. The models are in [`models`], the builders in [`resources`].
//!
//! ```no_run
//! # fn main() -> pax8::Result<()> {
//! # let client = pax8::Client::from_env()?;
//! use pax8::models::{BillingTerm, NewLineItem};
//! # let (company_id, product_id, subscription_id) = (uuid::Uuid::nil(), uuid::Uuid::nil(), uuid::Uuid::nil());
//! // Validate an order without placing it (isMock=true).
//! let order = client
//!     .orders()
//!     .create()
//!     .company_id(company_id)
//!     .line_item(NewLineItem::new(product_id, BillingTerm::Monthly, 5))
//!     .mock(true)
//!     .send()?;
//! // Raise a subscription's seat count.
//! client.subscriptions().update(subscription_id).quantity(12).send()?;
//! # let _ = order; Ok(()) }
//! ```
//!
//! # Modules
//!
//! - [`models`]: the data Pax8 sends and takes, one path per type (`pax8::models::Company`).
//! - [`resources`]: the handles and the one builder type per endpoint.
//! - [`auth`]: token caches (file, memory; Redis, Memcached, encrypted file with features).
//! - [`ratelimit`]: the client-side rate limiters.
//! - [`pagination`]: [`Pages`] and [`Items`], the lazy iterators of the list builders.
//! - [`webhooks`]: receiving webhook deliveries, no client needed.
//! - [`field_notes`]: where the live API differs from its documents, and what the SDK does.
//! - `testing` (feature `testing`): a mock Pax8 and fixtures for the tests of your programs.
//!
//! # What the client does for you
//!
//! - **Tokens.** OAuth client credentials, fetched once and reused until shortly before
//!   they expire, shared by threads (one token request at a time) and by processes (a file
//!   cache in the user's cache folder; see [`auth`]). A 401 refreshes the token and
//!   retries once. Each token audience has its own token: the partner families', and the
//!   vendor APIs' ([`Client::provisioning`], [`Client::vendor_usage`]), each fetched the
//!   first time it is needed and never sent to a family of another audience.
//! - **Rate limiting.** At most Pax8's 1000 calls in any minute by default, at full speed
//!   while the minute has room ([`ClientBuilder::rate_limit_per_minute`],
//!   [`ratelimit::WindowRateLimiter`]).
//! - **Retries.** 429 waits for `Retry-After` or backs off; 502/503/504, timeouts and
//!   dropped connections (and 408) are retried for GET, PUT and DELETE only, so an order is never
//!   created twice ([`ClientBuilder::max_retries`]).
//! - **Errors.** One [`Error`] type: the Pax8 error body is parsed, the raw body kept,
//!   [`Error::status`] and [`Error::retry_after`] at hand. Invalid input (page size
//!   outside 1..=200, a missing required field) fails before anything is sent.
//! - **The real wire.** Models accept what Pax8 actually sends, not only what its spec
//!   says: missing fields, unknown fields and enum values, odd date formats.
//! - **Observability.** [`ClientBuilder::on_attempt`], the `log` facade and `tracing`
//!   (features) see every attempt: method, path, status, timing, retries. Never a secret.
//!
//! # Error handling
//!
//! Every call returns [`Result<T, Error>`](Result). A failure is the same [`Error`] variant
//! whether it came from `send()`, `pages()` or `items()`, so one `match` serves both; an
//! iteration adds the page it failed on ([`Error::failed_page`]), to resume with `.page(n)`.
//! The helpers [`is_not_found`](Error::is_not_found), [`is_rate_limited`](Error::is_rate_limited),
//! [`is_auth`](Error::is_auth), [`is_retryable`](Error::is_retryable) and
//! [`is_timeout`](Error::is_timeout) classify it, and [`Error::api`] gives the parsed body.
//!
//! ```no_run
//! use pax8::Error;
//! # fn main() -> pax8::Result<()> {
//! # let client = pax8::Client::from_env()?;
//! # let company_id = pax8::Uuid::nil();
//! for subscription in client.subscriptions().list().company_id(company_id).items() {
//!     match subscription {
//!         Ok(s) => println!("{}", s.id),
//!         // The same arm catches this 403 from `.send()` too.
//!         Err(Error::Api(api)) if api.status == 403 => {
//!             eprintln!("not allowed: {api}");
//!             break;
//!         }
//!         Err(e) if e.is_retryable() => {
//!             eprintln!("Pax8 is struggling; run again later from page {:?}", e.failed_page());
//!             break;
//!         }
//!         Err(e) => return Err(e),
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! Each error either says something itself or points to its
//! [`source`](std::error::Error::source) (serde's message, ureq's transport error), never
//! both, so `anyhow`'s `{:#}` and error reporters print each piece once. A 422's message
//! names the field of each complaint when Pax8 names it. See [`Error`] for a match on 404,
//! 422 and 429.
//!
//! # Logging and tracing
//!
//! - [`ClientBuilder::on_attempt`]: a callback with each [`Attempt`] (method, path and
//!   query, status or transport error, attempt number, elapsed time, rate-limit wait, the
//!   wait before the next attempt).
//! - Feature `log`: the same, one `debug` line per attempt, through the `log` facade
//!   (target `pax8`).
//! - Feature `tracing`: one `debug` span `pax8.call` per call (fields `method`, `path`,
//!   `status`) and one `debug` event per attempt inside it (`method`, `path`, `attempt`,
//!   `status` or `error`, `elapsed_ms`, `waited_ms` in the rate limiter, `retry_in_ms`). The
//!   `path` is a template (`/v1/companies/{id}/contacts`): ids become `{id}`, the query is
//!   left out. A token request is a call of its own (`POST /v1/token`) inside the call
//!   that needed it.
//!
//! None of these ever carries a header, a body, the client secret or a token. **ureq's own
//! logs are not redacted**: `ureq` and `ureq_proto` log through `log` too, and at `trace`
//! level they dump the raw request bytes, `Authorization: Bearer …` and the token request
//! (client secret included). Keep those targets at `info` or above outside a debugging
//! session (`RUST_LOG=info,pax8=debug`, or with `tracing-subscriber`'s `EnvFilter`:
//! `ureq=info,ureq_proto=info`).
//!
//! # TLS, proxies and your own agent
//!
//! The client trusts the bundled Mozilla roots (`webpki-roots`). Behind a TLS-inspecting
//! proxy, add its CA with [`ClientBuilder::add_root_certificate`], or enable the
//! `platform-verifier` feature to trust the operating system's store. A proxy comes from
//! `HTTPS_PROXY`/`ALL_PROXY` or [`ClientBuilder::proxy`]. For anything else (pool sizes,
//! client certificates, middleware), build a [`ureq::Agent`] and pass it to
//! [`ClientBuilder::agent`]: the SDK still applies its own rules to each request (statuses
//! as answers, no redirects, its timeout, its `User-Agent`, its body cap).
//!
//! # Endpoints the SDK does not cover yet
//!
//! [`Client::raw`] sends any method to any path of the API host (`/v1/...`, `/api/v2/...`,
//! `/v2/...`) with a query and a JSON body, and decodes the answer into your type or a
//! `serde_json::Value`, with the same token, rate limit, retries and errors as the rest.
//!
//! # Feature flags
//!
//! None is on by default.
//!
//! | Feature | What it adds | What it pulls in |
//! |---|---|---|
//! | `log` | one `debug` line per attempt, cache problems at `warn` | `log` |
//! | `tracing` | a span per call, an event per attempt (see above) | `tracing` (no proc macros) |
//! | `platform-verifier` | the operating system's root certificates instead of the bundled ones | ureq's `platform-verifier` (`rustls-platform-verifier`) |
//! | `testing` | `pax8::testing`: a mock Pax8 with one-line mounts and fixtures of every model, for your own tests | `mockito` |
//! | `redis` | `auth::RedisTokenCache` and `ratelimit::RedisRateLimiter`: one token and one rate budget for every process on the same Redis | `redis` |
//! | `memcached` | `auth::MemcachedTokenCache`: one token for every process on the same memcached | `memcache` |
//! | `encrypted-cache` | `auth::EncryptedFileTokenCache`: the file cache sealed with XChaCha20-Poly1305 | `chacha20poly1305` |
//!
//! # Testing your code
//!
//! With feature `testing` (as a dev-dependency: `pax8 = { version = "…", features =
//! ["testing"] }`), `pax8::testing::MockPax8` is a local mock of Pax8 in one line, with
//! one-line mounts in Pax8's wire format, and `pax8::testing::fixtures` has models made
//! from the official examples:
//!
//! ```
//! # #[cfg(feature = "testing")] {
//! use pax8::testing::{MockPax8, fixtures};
//!
//! let mut pax8 = MockPax8::start();
//! let listing = pax8.list("/v1/companies", fixtures::companies(250)); // paged as asked
//! pax8.not_found("GET", &format!("/v1/companies/{}", pax8::Uuid::nil()));
//!
//! let client = pax8.client(); // fixed token, no cache, no proxy, no rate limit, 1 ms retries
//! assert_eq!(client.companies().list().items().count(), 250);
//! assert!(client.companies().get(pax8::Uuid::nil()).send().unwrap_err().is_not_found());
//! listing.assert_hits(2);
//! # }
//! ```
//!
//! Models are `#[non_exhaustive]`: in a test, start from a fixture or `Default` and assign
//! fields (`let mut c = fixtures::company(); c.name = "Contoso".into();`).
//!
//! Without the kit, point a client at any mock server; `base_url` moves the token URL too.
//! A client whose base URL or token URL is on this machine (`localhost`, 127.0.0.0/8,
//! `::1`) keeps its token in memory unless [`ClientBuilder::token_cache`] is set, so tests
//! never read or write the token cache in the user's folder, and give the same result on
//! every run:
//!
//! ```no_run
//! # fn main() -> pax8::Result<()> {
//! let client = pax8::Client::builder()
//!     .base_url("http://127.0.0.1:1234") // e.g. mockito::Server::url()
//!     .access_token("test-token")        // or client_id/secret with a mocked /v1/token
//!     .no_proxy()                        // ureq reads HTTP(S)_PROXY, even for loopback
//!     .no_rate_limit()
//!     .retry_base_delay(std::time::Duration::from_millis(1))
//!     .build()?;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
// docs.rs (see [package.metadata.docs.rs]): a badge naming the feature on every gated item.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

mod as_map;
pub mod auth;
#[cfg(any(feature = "redis", feature = "memcached"))]
mod cache_server;
#[cfg(feature = "testing")]
mod cassette;
mod client;
mod datefmt;
mod endpoint;
mod error;
mod family;
pub mod field_notes;
mod http;
mod loopback;
pub mod models;
mod multipart;
mod observe;
mod page;
pub mod pagination;
pub mod provisioning;
mod query;
pub mod ratelimit;
mod raw;
mod request;
mod resolve;
pub mod resources;
mod retry_after;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
mod transport;
pub mod webhooks;

pub use client::{
    Client, ClientBuilder, DEFAULT_AUDIENCE, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_WAIT, DEFAULT_PORTAL_URL, DEFAULT_PROVISIONING_AUDIENCE, DEFAULT_RATE_LIMIT_PER_MINUTE,
    DEFAULT_RETRY_BASE_DELAY, DEFAULT_TIMEOUT, DEFAULT_TOKEN_URL, DEFAULT_USAGE_AUDIENCE,
};
pub use error::{ApiError, AuthError, Error, ErrorBody, ErrorDetail, Result};
pub use models::SortDirection;
pub use observe::Attempt;
pub use page::Page;
pub use pagination::{Items, Pages};
pub use raw::Raw;
/// Exact decimal numbers (money), re-exported so callers need no matching version.
pub use rust_decimal::Decimal;
/// Dates and date-times of the public API, re-exported so callers need no matching version.
pub use time::{Date, OffsetDateTime};
pub use transport::Method;
/// Ids, re-exported so callers need no matching version.
pub use uuid::Uuid;

/// The README's Rust code blocks, compiled (and run unless marked) as doctests, so that the
/// README stays true.
/// (Only with the features its examples use: `cargo test --all-features`.)
#[cfg(all(doctest, feature = "testing", feature = "redis", feature = "encrypted-cache"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
