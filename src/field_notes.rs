//! Field notes: where the live Pax8 APIs differ from their OpenAPI documents, and what the
//! SDK does about it.
//!
//! Nothing to import here: this page only documents. The SDK is built on the official
//! OpenAPI documents (partner v1, webhooks v2, quoting v2, authentication) and on what the
//! live API is known to send, as other Pax8 clients report it and patch around it. Where the
//! two disagree, the SDK follows the wire.
//!
//! # Hosts and families
//!
//! | family | base | what the SDK calls it |
//! |---|---|---|
//! | token | `POST https://api.pax8.com/v1/token` | [`ClientBuilder::token_url`](crate::ClientBuilder::token_url) |
//! | partner v1 | `https://api.pax8.com/v1` | companies, contacts, products, orders, subscriptions, invoices, usage |
//! | webhooks v2 | `https://api.pax8.com/api/v2` (note the `/api/`) | [`Client::webhooks`](crate::Client::webhooks) |
//! | quoting v2 | `https://api.pax8.com/v2/...` | [`Client::quotes`](crate::Client::quotes), `quote_library()`, `quote_preferences()` |
//! | portal, undocumented | `https://app.pax8.com/p8p/api/v3` | [`ms_tenant_id`](crate::resources::CompaniesHandler::ms_tenant_id), experimental |
//!
//! All families take the same bearer token. [`ClientBuilder::base_url`](crate::ClientBuilder::base_url)
//! moves every family, the token URL and the portal URL to one host (a mock).
//!
//! # Tokens
//!
//! - Client credentials (`client_id`, `client_secret`, `audience`); tokens live 24 hours and
//!   Pax8 asks clients not to fetch one per request. The SDK reuses a token until shortly
//!   before it expires, across threads and (through a [token cache](crate::auth)) processes,
//!   and refreshes it once on a 401.
//! - The audience is `https://api.pax8.com` today; older accounts use `api://p8p.client`.
//!   Token URLs seen working: `https://api.pax8.com/v1/token` (the default),
//!   `https://login.pax8.com/oauth/token`, `https://token-manager.pax8.com/oauth/token`.
//!   Both are settings ([`audience`](crate::ClientBuilder::audience),
//!   [`token_url`](crate::ClientBuilder::token_url)).
//! - Bad credentials answer 401 with an OAuth body (`{"error": "access_denied", ...}`), not
//!   Pax8's error body: the SDK reports it as [`Error::Auth`](crate::Error::Auth).
//!
//! # Pagination
//!
//! - `page` is 0-based; the page size is `size` (1 to 200, Pax8's default 10) on the partner
//!   and webhooks APIs and `limit` on quoting. The SDK refuses a size outside 1..=200 before
//!   sending and asks for 200 a page when iterating.
//! - Envelopes differ: a nested `page` object on the partner API, a flat one on the webhook
//!   topic definitions, `statusCounts` beside the page on the quotes list. Each list reads its
//!   own into a [`Page`](crate::Page).
//! - Not paged: product provision details and pricing, subscription history (`{"content":
//!   [...]}`), product dependencies (an object). Usage lines are paged although the spec
//!   lists no `page`/`size`: the SDK sends them.
//! - Iteration stops at the last page (`number + 1 >= totalPages`) or at an empty page, so a
//!   wrong total never loops. Sort is `field,asc` on partner and quoting, `field:asc` on
//!   webhooks; [`SortDirection`](crate::SortDirection) writes the right one.
//!
//! # Errors and limits
//!
//! - The error body is `{"type", "message", "instance", "status", "details"}`; some endpoints
//!   answer `{"errors": [...]}` instead and gateways answer HTML. The SDK parses both shapes
//!   into an [`ApiError`](crate::ApiError) and keeps the raw body in every case.
//! - 1000 successful calls a minute per partner; a 429 documents no `Retry-After`. The SDK
//!   spaces requests to that budget ([`rate_limit_per_minute`](crate::ClientBuilder::rate_limit_per_minute)),
//!   honours `Retry-After` (seconds or an HTTP date) when present and backs off otherwise.
//! - `GET /orders` has taken over 30 seconds on large tenants: timeouts are settings, per
//!   client and per request.
//!
//! # Where the live API differs from the spec
//!
//! | the wire | what the SDK does |
//! |---|---|
//! | Subscriptions carry `commitment` `{id, term, endDate}`, not the documented `commitmentTerm`; monthly ones have none | reads either key into [`Subscription::commitment`](crate::models::Subscription::commitment) (the non-null one when both come) |
//! | Orders read back `orderedBy: "Pax8Partner"`; creating one requires `"Pax8 Partner"` | both read as [`OrderedBy::Pax8Partner`](crate::models::OrderedBy::Pax8Partner), which writes `Pax8 Partner` |
//! | Contacts may carry undocumented phone fields (the calling code spelled `phoneCountryCallingCode` or `phoneCountryCallingcode`); `types` may be absent | reads both spellings; an absent `types` is an empty list |
//! | Invoice item `rateType` is documented lowercase with long descriptions, arrives as a capitalised first word (`Flat`) | compared case-insensitively ([`InvoiceRateType`](crate::models::InvoiceRateType)) |
//! | Invoices carry a `status` the schema omits | [`Invoice::status`](crate::models::Invoice::status) |
//! | Enum drift: `1-Time` beside `One-Time`, `One-time` | read as one value; every enum keeps an unknown string in `Other` and writes it back unchanged |
//! | Date-times vary: `-0600` offsets without a colon, microseconds, a date alone where the spec says date-time | every date is a [`Timestamp`](crate::models::Timestamp) as precise as sent; a value that cannot be read is kept as text, never failing the page |
//! | Fields the spec marks required are sometimes absent (company `phone`, `website`, `externalId`, ...) | optional in the models; absent and `null` read the same |
//! | Usage summaries carry an undocumented `subscriptionId`; usage lines often omit `usageSummaryId` | both optional fields of the models |
//! | A Microsoft `vendorSku` may be JSON inside a string, or `productId:skuId` | [`Product::parsed_vendor_sku`](crate::models::Product::parsed_vendor_sku) reads both |
//! | `GET /orders` ignores `status` and returns the oldest first | no `status` filter on [`ListOrders`](crate::resources::ListOrders) |
//! | Some documented or guessed paths answer 404 (flat `/contacts`, `/provisioning-details`, `/usage-summaries/{id}/lines`, `/v1/webhooks`) | the builders use the paths that work (`/companies/{id}/contacts`, `provision-details`, `usage-lines`, `/api/v2/webhooks`, `/invoices/draftItems`) |
//! | Companies are created `Inactive` unless created with primary Admin, Billing and Technical contacts; company update is `PATCH`, contact update a full `PUT` | [`create`](crate::resources::CompaniesHandler::create) takes contacts; the update builders send what the wire takes |
//! | `POST /orders?isMock=true` validates an order and creates nothing | [`CreateOrder::mock`](crate::resources::CreateOrder::mock) |
//! | Cancelling is `DELETE /subscriptions/{id}` with an optional `cancelDate` (a date-time; without it the cancel is immediate) | [`CancelSubscription::cancel_date`](crate::resources::CancelSubscription::cancel_date) |
//! | A subscription update needs at least one of price, billing term, quantity, start date | refused before sending otherwise |
//! | Usage lines fail without `usageDate` | [`lines`](crate::resources::UsageSummariesHandler::lines) takes the date |
//! | Some example ids in the spec are not valid UUIDs | ids are typed UUIDs; a malformed required id is a decode error naming the field |
//!
//! A request the SDK does not cover yet can still go out with the same token, rate limit,
//! retries and errors through [`Client::raw`](crate::Client::raw).
