//! A mock Pax8 for the tests of programs that use this SDK (feature `testing`).
//!
//! [`MockPax8::start`] starts a local [`mockito`] server that already answers the token
//! endpoint; [`MockPax8::client`] is a [`Client`](crate::Client) pointed at it with a fixed
//! token, no token cache (nothing is written to disk), no proxy, no rate limit, and retries
//! after 1 ms, so tests are fast and give the same result on every run. One-line mounts serve what a test
//! needs, in the wire format of Pax8, and [`fixtures`] has a model of every kind, made from
//! the official examples.
//!
//! ```
//! use pax8::models::SubscriptionStatus;
//! use pax8::testing::{MockPax8, fixtures};
//!
//! // The code under test: active subscriptions, over every page.
//! fn active(client: &pax8::Client) -> pax8::Result<usize> {
//!     let mut n = 0;
//!     for s in client.subscriptions().list().status(SubscriptionStatus::Active).items() {
//!         n += usize::from(s?.status == Some(SubscriptionStatus::Active));
//!     }
//!     Ok(n)
//! }
//!
//! let mut pax8 = MockPax8::start();
//! let subscriptions = fixtures::subscriptions(450);
//! let listing = pax8.list("/v1/subscriptions", subscriptions.clone());
//! let expected = subscriptions.iter().filter(|s| s.status == Some(SubscriptionStatus::Active)).count();
//! assert_eq!(active(&pax8.client()).unwrap(), expected);
//! listing.assert_hits(3); // 200 + 200 + 50
//! assert_eq!(listing.requests()[0].param("status"), Some("Active"));
//! ```
//!
//! # Mounts
//!
//! Every mount answers requests of its method and path (any query) that carry the kit's
//! token, and returns a [`Mounted`] handle that counts and records them. When several
//! mounts match a request, the one mounted last answers, so a general mount can be
//! followed by narrower ones ([`list_where`](MockPax8::list_where)). A request without the
//! kit's token is answered 401; one that no mount matches, 501 (mockito's "no mock").
//!
//! | mount | answers |
//! |---|---|
//! | [`list`](MockPax8::list), [`list_where`](MockPax8::list_where), [`list_styled`](MockPax8::list_styled) | a whole listing, paged by the request's `page` and `size` (or `limit`), in the family's envelope |
//! | [`content`](MockPax8::content) | an unpaged `{"content": [...]}` (pricing, provision details, history) |
//! | [`object`](MockPax8::object) | one JSON object, any method |
//! | [`no_content`](MockPax8::no_content) | 204 |
//! | [`not_found`](MockPax8::not_found), [`unprocessable`](MockPax8::unprocessable), [`error`](MockPax8::error) | a Pax8 error body with its status |
//! | [`rate_limited`](MockPax8::rate_limited) | `n` times 429 with `Retry-After`, then the next matching mount |
//! | [`server_errors`](MockPax8::server_errors) | `n` times a 5xx, then the next matching mount |
//!
//! Paths are the paths on the wire, family prefix included (`/v1/companies`,
//! `/api/v2/webhooks`, `/v2/quotes`, `/v2/provision-requests`, `/v2/usage/lines`), as they appear
//! in [`Error`](crate::Error) messages.
//! The filter setters of the list builders name the query parameter they send, for
//! [`list_where`](MockPax8::list_where) and for your own mockito matchers
//! ([`MockPax8::server`]).
//!
//! # Building models in tests
//!
//! The models are `#[non_exhaustive]`, so outside this crate they cannot be written as
//! struct expressions (`Company { .. }`, not even with `..Default::default()`). Start from a
//! fixture or from `Default` and assign fields:
//!
//! ```
//! use pax8::models::{Company, CompanyStatus};
//! use pax8::testing::fixtures;
//!
//! let mut company = fixtures::company();
//! company.name = "Contoso".into();
//! company.status = Some(CompanyStatus::Inactive);
//!
//! let mut blank = Company::default();
//! blank.id = pax8::Uuid::new_v4().into();
//!
//! // Varied data: distinct ids and names, cycling through the official examples.
//! let companies = fixtures::companies(25);
//! assert_eq!(companies.len(), 25);
//! ```
//!
//! # Recorded data
//!
//! A [`Recorder`] given to a client ([`ClientBuilder::record`](crate::ClientBuilder::record))
//! writes its requests and answers to a [`Cassette`] file, scrubbed of secrets and (unless
//! its [`Scrubber`] keeps them) personal data; [`MockPax8::replay`] serves a cassette in a
//! test, matching requests on method, path, query in any order and body ([`BodyMatch`]), and
//! answers a request it lacks with a 501 naming it. See the README's "Testing with recorded
//! data" and `examples/record_replay.rs`.
//!
//! ```
//! use pax8::testing::{MockPax8, Recorder, fixtures};
//!
//! // Record: here against the kit itself; against Pax8, a client of your credentials.
//! let mut pax8 = MockPax8::start();
//! pax8.list("/v1/companies", fixtures::companies(3));
//! let dir = std::env::temp_dir().join(format!("pax8-doc-{}", std::process::id()));
//! let recorder = Recorder::new(dir.join("companies.json"));
//! let client = pax8.client_builder().record(&recorder).build().unwrap();
//! let recorded = client.companies().list().page_size(2).send().unwrap();
//!
//! // Replay: another mock, another client, the same ids.
//! let mut replayer = MockPax8::start();
//! let replay = replayer.replay(&recorder.cassette());
//! let replayed = replayer.client().companies().list().page_size(2).send().unwrap();
//! assert_eq!(replayed.items.iter().map(|c| c.id).collect::<Vec<_>>(), recorded.items.iter().map(|c| c.id).collect::<Vec<_>>());
//! replay.assert_all_played();
//! # drop((client, recorder)); let _ = std::fs::remove_dir_all(dir);
//! ```
//!
//! # Your own client
//!
//! Code that builds its own client can take [`MockPax8::url`] as its base URL. With a client
//! id and secret, its token comes from the mock's token endpoint (any credentials are
//! accepted); a client for a loopback base URL keeps its token in memory unless a cache is
//! set explicitly, so such tests never read or write the user's token cache either.

mod mock;
mod replay;

pub mod fixtures;

pub use crate::cassette::{Cassette, Recorder, Scrubber};
pub use mock::{ListStyle, MockPax8, Mounted, Recorded};
/// The mock server library underneath, for matchers of your own ([`MockPax8::server`]).
pub use mockito;
pub use replay::{BodyMatch, Replay};
