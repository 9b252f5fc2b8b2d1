//! The data Pax8 sends and takes.
//!
//! Response models have public fields, `Default`, and are `#[non_exhaustive]`: a field Pax8
//! adds later is not a breaking change, and unknown fields in a body are ignored. They read
//! what the live API sends, not only what its spec says, and never lose or distort it:
//!
//! - **Absent and `null` are the same.** Every field may be missing or `null`: options are
//!   `None`, lists empty, the few plain strings (`name`, `first_name`, ...) empty. Two keys
//!   for one field (`commitment` / `commitmentTerm`, `phoneCountryCallingCode` /
//!   `phoneCountryCallingcode`, `role` / `userRole`) may both come, one of them `null`: the
//!   non-null one is kept.
//! - **Enums** have an `Other(String)` fallback that keeps an unknown value and writes it
//!   back unchanged.
//! - **Written back as read.** A response model serialized again (an export, a testing-kit
//!   mount, a recording) writes the spelling the wire used where Pax8 varies it: an enum read
//!   under an alias or in another case (`1-Time`, `One-time`, `Pax8Partner` stay so, though
//!   they read as `BillingTerm::OneTime` and `OrderedBy::Pax8Partner`), a date-time in its
//!   shape (`-0600`, a space for the `T`, no seconds, epoch milliseconds), and a field under
//!   the key it came with (`commitmentTerm`, `phoneCountryCallingcode`, `userRole`; both when
//!   both came). A value changed after the read is written in the SDK's spelling, and so is
//!   a value serialized on its own (`serde_json::to_string(&sub.billing_term)` is
//!   `"One-Time"`) or put in a request body, which always uses the spelling its endpoint
//!   accepts. Equality ignores the spelling. (One model holding one value twice, spelled two
//!   ways, writes the spellings in the order read.)
//! - **Money is exact.** Prices, costs, totals, balances, rates and amounts are
//!   [`Decimal`](crate::Decimal)s read from the JSON number's own digits (never through
//!   `f64`) and written back as JSON numbers. Quantities are `Decimal`s too, the one type
//!   that holds both whole seat counts and fractional usage (`5`, `5.0` and `0.25` as sent);
//!   so are the counts the spec types as `number` (renewal window days,
//!   `commitment_term_in_months`: `1.5` and `-1` are read, not refused). A number with an
//!   exponent is read exactly or refused, never rounded. `line_item_number` is a `u32`.
//! - **Dates: one type.** Every date and date-time a response carries, in all three families
//!   (partner, webhooks and quoting: `created_date`, `sent_at`, a call's `timestamp`,
//!   `created_on`, `expires_on`, `effective_date`, ...), is an `Option<`[`Timestamp`]`>`, as
//!   precise as sent: a date alone stays a date ([`Timestamp::Date`]), a date-time keeps its
//!   time, offset and fraction digits ([`Timestamp::DateTime`]), and a value that cannot be
//!   read is kept as its text ([`Timestamp::Unparsed`]) instead of failing the page or
//!   becoming `None` (`None` means absent, `null` or blank). [`Timestamp::datetime`] and
//!   [`Timestamp::date`] give the `time` value when there is one; it is written back in the
//!   shape read. Request bodies (filters, create and update payloads: a quote's
//!   `expires_on(..)`, a quote line item's effective date, a subscription update's
//!   `start_date`) take [`time`] values (`Date`, `OffsetDateTime`, re-exported by the crate),
//!   since the caller's value is always a real date.
//! - **Ids are typed.** Each kind of object has its own id type ([`CompanyId`],
//!   [`SubscriptionId`], [`QuoteId`], ... in one list under "Structs" below): a `Uuid`
//!   newtype that prints, parses and serializes as the UUID, converts from and into a
//!   [`Uuid`], and cannot be passed where another kind's id is expected. Handle methods take
//!   `impl Into<CompanyId>` (and so on), so a plain `Uuid` still works.
//! - **Ids are honest.** An id the model cannot do without (a company's `id`, a
//!   subscription's `companyId`, a line item's `productId`, ...) is always there: when it is
//!   absent, `null` or malformed the decode fails with an error naming the field, instead of
//!   a silent nil id. Every other id is an `Option`, including the `id` of an order and of
//!   its line items, which a validation-only (`isMock=true`) order does not have; `tenantId`
//!   and a pricing entry's `productId` (not guaranteed: an earlier published spec had no
//!   such field) read an absent, empty or malformed value as `None`.
//!
//!   Guaranteed (the decode fails, naming the field, without them): the own `id` of a
//!   [`Company`], [`Contact`], [`Product`], [`Commitment`], [`Subscription`], [`Invoice`] and
//!   [`UsageSummary`]; a [`Subscription`]'s `companyId` and `productId`; an [`Order`]'s
//!   `companyId`; an order [`LineItem`]'s `productId`. (The quoting, webhooks and
//!   provisioning models' own `id`s are plain typed ids too, read as the wire sends them.)
//!
//!   Optional references to *another* object are [`Reference`]s, `Option<Reference<XId>>`:
//!   the typed id ([`Reference::id`]), or the text as sent when it is not a UUID (the spec's
//!   own usage-lines example has one), written back unchanged, so one odd reference never
//!   fails a page. They are: [`Subscription`] `parentSubscriptionId`; [`Invoice`] and
//!   [`InvoiceItem`] `companyId`; [`InvoiceItem`] `productId`, `subscriptionId`;
//!   [`UsageSummary`] `companyId`, `subscriptionId`, `productId`; [`UsageLine`] `productId`,
//!   `usageSummaryId`; [`Order`] `orderedByUserId`; order [`LineItem`] `subscriptionId`,
//!   `commitmentTermId`, `parentSubscriptionId`; [`QuoteLineItem`] `subscriptionId` and its
//!   relationship's `requiredLineItemId`, `requiredSubscriptionId`; [`Quote`]
//!   `quoteRequestId`; [`ParentPartner`] `parentPartnerId`.
//!
//! # What is here, by group
//!
//! Every type has one path, `pax8::models::X`; the groups below are only for reading.
//!
//! - **Companies and contacts**: [`Company`], [`Address`], [`CompanyStatus`], [`MsTenant`];
//!   [`Contact`], [`NewContact`], [`ContactRole`].
//! - **Catalogue**: [`Product`], [`ProductDetail`], [`Pricing`], [`ProvisioningDetail`],
//!   [`Dependencies`], [`Commitment`], [`VendorSku`].
//! - **Orders**: [`Order`], [`LineItem`], [`NewLineItem`], [`OrderedBy`].
//! - **Subscriptions**: [`Subscription`], [`SubscriptionStatus`], [`SubscriptionCommitment`].
//! - **Invoices and usage**: [`Invoice`], [`InvoiceItem`], [`InvoiceStatus`],
//!   [`InvoiceRateType`], [`MonthOffset`]; [`UsageSummary`], [`UsageLine`].
//! - **Webhooks** (management; receiving is [`crate::webhooks`]): [`Webhook`],
//!   [`WebhookTopicSpec`], [`WebhookFilter`], [`FilterCondition`], [`WebhookLog`],
//!   [`WebhookDeliveryStatus`], [`TopicDefinition`].
//! - **Quotes**: [`Quote`], [`QuoteSummary`], [`QuoteStatus`], [`QuoteLineItem`],
//!   [`NewQuoteLineItem`], [`QuoteLineItemUpdate`], [`Section`], [`SectionUpdate`],
//!   [`AccessListEntry`], [`NewAccessListEntry`], [`QuoteAttachment`], [`QuotePreferences`].
//! - **Ids**: one type per kind of object ([`CompanyId`], [`SubscriptionId`], [`QuoteId`],
//!   ...), all alike.
//! - **Shared**: [`Timestamp`] (every date), [`BillingTerm`], [`SortDirection`], and a
//!   `…Sort` enum per sortable list ([`CompanySort`], ...).
//!
//! [`Uuid`]: crate::Uuid

pub(crate) mod common;
pub(crate) mod companies;
pub(crate) mod contacts;
pub(crate) mod ids;
pub(crate) mod invoices;
pub(crate) mod money;
pub(crate) mod orders;
pub(crate) mod products;
pub(crate) mod provisioning;
pub(crate) mod quotes;
pub(crate) mod spelling;
pub(crate) mod subscriptions;
pub(crate) mod usage;
pub(crate) mod vendor_usage;
pub(crate) mod webhook_event;
pub(crate) mod webhook_topics;
mod webhook_url;
pub(crate) mod webhooks;

pub use common::{BillingTerm, SortDirection, Timestamp};
pub use companies::*;
pub use contacts::*;
pub use ids::*;
pub use invoices::*;
pub use orders::*;
pub use products::*;
pub use provisioning::*;
pub use quotes::*;
pub use subscriptions::*;
pub use usage::*;
pub use vendor_usage::*;
pub use webhook_topics::*;
pub use webhooks::*;
