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
//! [`usage_summaries()`](Client::usage_summaries). List builders end in `send()` (one
//! [`Page`]), `pages()` ([`Pages`]) or `items()` ([`Items`]); the others are a [`Call`] or a
//! builder ending in `send()`. The models are in [`models`].
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
//! # What the client does for you
//!
//! - **Tokens.** OAuth client credentials, fetched once and reused until shortly before
//!   they expire, shared by threads (one token request at a time) and by processes (a file
//!   cache in the user's cache folder; see [`auth`]). A 401 refreshes the token and
//!   retries once.
//! - **Rate limiting.** Requests are spaced to Pax8's 1000 calls per minute by default
//!   ([`ClientBuilder::rate_limit_per_minute`]).
//! - **Retries.** 429 waits for `Retry-After` or backs off; 502/503/504, timeouts and
//!   dropped connections (and 408) are retried for GET, PUT and DELETE only, so an order is never
//!   created twice ([`ClientBuilder::max_retries`]).
//! - **Errors.** One [`Error`] type: the Pax8 error body is parsed, the raw body kept,
//!   [`Error::status`] and [`Error::retry_after`] at hand. Invalid input (page size
//!   outside 1..=200, a missing required field) fails before anything is sent.
//! - **The real wire.** Models accept what Pax8 actually sends, not only what its spec
//!   says: missing fields, unknown fields and enum values, odd date formats.
//! - **Tracing.** [`ClientBuilder::on_attempt`] (and the `log` facade with feature `log`)
//!   sees every attempt: method, path, status, timing, retries. Never a secret.
//!
//! # Testing your code
//!
//! Point the client at a mock server; `base_url` moves the token URL too:
//!
//! ```no_run
//! # fn main() -> pax8::Result<()> {
//! let client = pax8::Client::builder()
//!     .base_url("http://127.0.0.1:1234") // e.g. mockito::Server::url()
//!     .access_token("test-token")        // or client_id/secret with a mocked /v1/token
//!     .no_proxy()
//!     .build()?;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod auth;
mod client;
mod error;
mod http;
pub mod models;
pub mod pagination;
mod query;
pub mod ratelimit;
mod request;
pub mod resources;
pub mod webhooks;

/// Helpers for the SDK's own tests (feature `test-util`); not part of the supported API.
#[cfg(feature = "test-util")]
#[doc(hidden)]
pub mod test_util {
    /// The token cache key of a credential set (see `auth`).
    pub fn cache_key(token_url: &str, audience: &str, client_id: &str) -> String {
        crate::auth::cache_key(token_url, audience, client_id)
    }

    /// An instant as an HTTP date, for `Retry-After` headers.
    pub fn http_date(t: time::OffsetDateTime) -> String {
        crate::http::http_date(t)
    }
}

pub use client::{
    Client, ClientBuilder, DEFAULT_AUDIENCE, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_WAIT, DEFAULT_PORTAL_URL, DEFAULT_RATE_LIMIT_PER_MINUTE, DEFAULT_RETRY_BASE_DELAY,
    DEFAULT_TIMEOUT, DEFAULT_TOKEN_URL,
};
pub use error::{ApiError, AuthError, Error, ErrorBody, ErrorDetail, Result};
pub use http::Attempt;
pub use models::SortDirection;
pub use pagination::{Items, Page, Pages};
pub use request::{Call, Submit};
/// Exact decimal numbers (money), re-exported so callers need no matching version.
pub use rust_decimal::Decimal;
/// Dates and date-times of the public API, re-exported so callers need no matching version.
pub use time::{Date, OffsetDateTime};
/// Ids, re-exported so callers need no matching version.
pub use uuid::Uuid;
