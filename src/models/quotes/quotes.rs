//! Quotes: one quote, the list envelope with its status counters, and the create and update bodies.

use crate::models::common::checked_model;
use std::collections::BTreeMap;

use crate::models::ids::{CompanyId, PartnerId, QuoteId, QuoteRequestId, Reference, UserId};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use time::OffsetDateTime;

use super::{AmountCurrency, QuoteAttachment, QuoteIntentType, QuoteLineItem, QuoteStatus, one_or_many};
use crate::models::common::{Timestamp, null_as_empty, timestamp};
use crate::page::{Envelope, Page, PageMeta};

/// The company a quote is for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct QuoteClient {
    /// Company id.
    pub id: CompanyId,
    /// Whether the company is a shadow company (one that exists only for quoting).
    pub is_shadow_company: bool,
    /// Company name.
    pub name: String,
}

/// The partner's parent partner.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ParentPartner {
    /// Parent partner id.
    pub parent_partner_id: Option<Reference<PartnerId>>,
    /// Parent partner name.
    pub parent_partner_name: Option<String>,
}

/// The partner that owns a quote. One quote carries the address; a list row carries only id,
/// name and parent (the address fields are then `None`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct QuotePartner {
    /// Partner id.
    pub id: PartnerId,
    /// Partner name.
    pub name: String,
    /// The parent partner, if any.
    pub parent_partner: Option<ParentPartner>,
    /// Street.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// Second street line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street2: Option<String>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State or province code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_or_province_code: Option<String>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// Country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

checked_model! {
    /// The partner user who owns a quote (the spec's `UserModel` in a quote, `OwnedByDetails` in
    /// a list row).
    ///
    /// Spec slip: the role is `userRole` in a quote and `role` in a list row. Both are read into
    /// [`role`](Self::role) (`role` wins when a body has both, which is no error; the other is
    /// kept), and it is written back under the key it came with.
    #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct QuoteOwner {
        /// User id.
        pub id: UserId,
        /// Full name.
        pub full_name: String,
        /// Email.
        pub email: String,
        /// Display name (quotes only).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub display_name: Option<String>,
        /// The user's role (`userRole` in a quote, `role` in a list row).
        pub role: Option<String>,
        /// The `userRole` spelling, merged into `role` when that is `None` (kept here when
        /// both came).
        #[serde(skip_serializing_if = "Option::is_none")]
        user_role: Option<String>,
        /// IP address (quotes only).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub ip_address: Option<String>,
        /// Name of whoever accepted the quote (quotes only).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub quote_accepted_by_name: Option<String>,
    }
    "quote owner", merge: [role <- user_role]
}

/// Who accepted or declined a quote.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct RespondedBy {
    /// Email.
    pub email: String,
    /// Full name.
    pub full_name: String,
    /// IP address the answer came from.
    pub ip_address: Option<String>,
}

/// The totals of a quote or of one line item (the spec's `InvoiceTotals`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct QuoteTotals {
    /// What the partner pays once.
    pub initial_cost: AmountCurrency,
    /// Profit on the one-time part.
    pub initial_profit: AmountCurrency,
    /// What the client pays once.
    pub initial_total: AmountCurrency,
    /// What the partner pays per period.
    pub recurring_cost: AmountCurrency,
    /// Profit per period.
    pub recurring_profit: AmountCurrency,
    /// What the client pays per period.
    pub recurring_total: AmountCurrency,
}

/// The totals of a list row.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct QuoteSummaryTotals {
    /// What the client pays once.
    pub initial_total: AmountCurrency,
    /// What the client pays per period.
    pub recurring_total: AmountCurrency,
}

/// How many line items of each kind a listed quote has.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct LineItemCounts {
    /// Custom line items.
    pub custom: u64,
    /// MSP line items.
    pub msp: u64,
    /// All line items.
    pub total: u64,
}

checked_model! {
    /// One quote, with its line items and attachments (the spec's `QuoteResponse`).
    #[derive(Debug, Clone, PartialEq, Default, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct Quote {
        /// Quote id.
        pub id: QuoteId,
        /// Human reference, e.g. `Q-2024-0042`.
        pub reference_code: String,
        /// Status.
        pub status: Option<QuoteStatus>,
        /// Who the quote is from and for.
        pub intent_type: Option<QuoteIntentType>,
        /// The company the quote is for.
        pub client: QuoteClient,
        /// The partner.
        pub partner: QuotePartner,
        /// The owning partner user.
        pub owned_by: Option<QuoteOwner>,
        /// Creator's name.
        pub created_by: String,
        /// Creator's email.
        pub created_by_email: String,
        /// Created.
        #[serde(deserialize_with = "timestamp")]
        pub created_on: Option<Timestamp>,
        /// Expires.
        #[serde(deserialize_with = "timestamp")]
        pub expires_on: Option<Timestamp>,
        /// Published to the client.
        #[serde(deserialize_with = "timestamp")]
        pub published_on: Option<Timestamp>,
        /// The client answered.
        #[serde(deserialize_with = "timestamp")]
        pub responded_on: Option<Timestamp>,
        /// Revoked.
        #[serde(deserialize_with = "timestamp")]
        pub revoked_on: Option<Timestamp>,
        /// Whether the quote is published to the client.
        pub published: bool,
        /// Message shown above the line items (`None` when absent or `null`, as on a fresh draft).
        pub intro_message: Option<String>,
        /// Terms and disclaimers shown to the client (`None` when absent or `null`).
        pub terms_and_disclaimers: Option<String>,
        /// Sales margin in percent, exact.
        #[serde(with = "crate::models::money::option")]
        pub sales_margin_percentage: Option<Decimal>,
        /// The quote request this quote answers.
        pub quote_request_id: Option<Reference<QuoteRequestId>>,
        /// Who accepted it.
        pub accepted_by: Option<RespondedBy>,
        /// Who declined it.
        pub declined_by: Option<RespondedBy>,
        /// Line items. Spec slip: declared as one `LineItemResponse` object; read as a list, and
        /// one object is read as a list of one (`null` or absent: empty).
        #[serde(deserialize_with = "one_or_many")]
        pub line_items: Vec<QuoteLineItem>,
        /// Attachments (metadata).
        #[serde(deserialize_with = "null_as_empty")]
        pub attachments: Vec<QuoteAttachment>,
        /// Totals.
        pub totals: QuoteTotals,
    }
    "quote"
}

checked_model! {
    /// One row of the quote list (the spec's `ListContent`).
    #[derive(Debug, Clone, PartialEq, Default, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct QuoteSummary {
        /// Quote id.
        pub id: QuoteId,
        /// Human reference.
        pub reference_code: String,
        /// Status.
        pub status: Option<QuoteStatus>,
        /// Who the quote is from and for.
        pub intent_type: Option<QuoteIntentType>,
        /// The company the quote is for.
        pub client: QuoteClient,
        /// The partner (id, name, parent).
        pub partner: Option<QuotePartner>,
        /// The owning partner user (its role is `role` here, see [`QuoteOwner`]).
        pub owned_by: Option<QuoteOwner>,
        /// Creator's name.
        pub created_by: String,
        /// Created.
        #[serde(deserialize_with = "timestamp")]
        pub created_on: Option<Timestamp>,
        /// Last updated.
        #[serde(deserialize_with = "timestamp")]
        pub updated_on: Option<Timestamp>,
        /// Published to the client.
        #[serde(deserialize_with = "timestamp")]
        pub published_on: Option<Timestamp>,
        /// Whether the quote is published.
        pub published: bool,
        /// Line item counts.
        pub line_item_counts: LineItemCounts,
        /// Totals.
        pub totals: QuoteSummaryTotals,
    }
    "quote summary"
}

/// How many quotes have each status (the list's `statusCounts`), over the whole result, not
/// one page.
///
/// Spec slips: `statusCounts` declares no counter for `assigned` (nor for
/// `changes_requested`); both are read when present and 0 otherwise. Counter keys are matched
/// like [`QuoteStatus`] values (`changes_requested` and `changesRequested` alike); a key that is
/// no known status is kept in [`other`](Self::other). A counter that is no count (`null`, a
/// string, ...) reads as 0, so an odd counter never fails the page.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "BTreeMap<String, serde_json::Value>", into = "BTreeMap<String, u64>")]
#[non_exhaustive]
pub struct StatusCounts {
    /// `draft`.
    pub draft: u64,
    /// `assigned` (not in the spec).
    pub assigned: u64,
    /// `sent`.
    pub sent: u64,
    /// `closed`.
    pub closed: u64,
    /// `declined`.
    pub declined: u64,
    /// `accepted`.
    pub accepted: u64,
    /// `changes_requested` (not in the spec).
    pub changes_requested: u64,
    /// `expired`.
    pub expired: u64,
    /// `pending`.
    pub pending: u64,
    /// Counters under keys this version does not know, as sent.
    pub other: BTreeMap<String, u64>,
}

impl StatusCounts {
    fn slot(&mut self, status: &QuoteStatus) -> Option<&mut u64> {
        Some(match status {
            QuoteStatus::Draft => &mut self.draft,
            QuoteStatus::Assigned => &mut self.assigned,
            QuoteStatus::Sent => &mut self.sent,
            QuoteStatus::Closed => &mut self.closed,
            QuoteStatus::Declined => &mut self.declined,
            QuoteStatus::Accepted => &mut self.accepted,
            QuoteStatus::ChangesRequested => &mut self.changes_requested,
            QuoteStatus::Expired => &mut self.expired,
            QuoteStatus::Pending => &mut self.pending,
            QuoteStatus::Other(_) => return None,
        })
    }

    /// The count for one status (an unknown status is looked up in [`other`](Self::other)).
    pub fn get(&self, status: &QuoteStatus) -> u64 {
        match status {
            QuoteStatus::Draft => self.draft,
            QuoteStatus::Assigned => self.assigned,
            QuoteStatus::Sent => self.sent,
            QuoteStatus::Closed => self.closed,
            QuoteStatus::Declined => self.declined,
            QuoteStatus::Accepted => self.accepted,
            QuoteStatus::ChangesRequested => self.changes_requested,
            QuoteStatus::Expired => self.expired,
            QuoteStatus::Pending => self.pending,
            QuoteStatus::Other(key) => self.other.get(key).copied().unwrap_or(0),
        }
    }

    /// The sum of all counters, unknown keys included.
    pub fn total(&self) -> u64 {
        QuoteStatus::ALL.iter().map(|s| self.get(s)).chain(self.other.values().copied()).sum()
    }
}

impl From<BTreeMap<String, serde_json::Value>> for StatusCounts {
    fn from(map: BTreeMap<String, serde_json::Value>) -> Self {
        let mut counts = StatusCounts::default();
        for (key, n) in map {
            let n = n.as_u64().unwrap_or(0);
            match counts.slot(&QuoteStatus::from_wire(&key)) {
                Some(slot) => *slot += n,
                None => {
                    counts.other.insert(key, n);
                }
            }
        }
        counts
    }
}

impl From<StatusCounts> for BTreeMap<String, u64> {
    fn from(counts: StatusCounts) -> Self {
        let mut map: BTreeMap<String, u64> =
            QuoteStatus::ALL.iter().map(|s| (s.as_str().to_owned(), counts.get(s))).collect();
        map.extend(counts.other);
        map
    }
}

/// One page of quotes and the status counters of the whole result (the spec's
/// `ListResponse`: `{"content": [...], "page": {...}, "statusCounts": {...}}`).
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct QuoteList {
    /// The page: its quotes and paging metadata.
    pub page: Page<QuoteSummary>,
    /// Quotes per status.
    pub status_counts: StatusCounts,
}

/// Reads `content`, the nested `page` metadata and `statusCounts`; `content: null` or absent
/// is an empty page, `statusCounts: null` or absent is all 0.
impl<'de> Deserialize<'de> for QuoteList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize, Default)]
        #[serde(rename_all = "camelCase", default)]
        struct Wire {
            content: Option<Vec<QuoteSummary>>,
            page: PageMeta,
            status_counts: Option<StatusCounts>,
        }
        let w = Wire::deserialize(d)?;
        let page = Page::from_parts(w.content.unwrap_or_default(), w.page);
        Ok(QuoteList { page, status_counts: w.status_counts.unwrap_or_default() })
    }
}

/// The quotes list pages like any other: `pages()` and `items()` walk [`QuoteList::page`].
impl Envelope for QuoteList {
    type Item = QuoteSummary;
    fn page(&self) -> &Page<QuoteSummary> {
        &self.page
    }
    fn into_page(self) -> Page<QuoteSummary> {
        self.page
    }
}

/// Writes the wire envelope back (`content`, nested `page`, `statusCounts`), e.g. for mocks.
impl Serialize for QuoteList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Meta {
            number: u32,
            size: u32,
            total_elements: u64,
            total_pages: u32,
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Envelope<'a> {
            content: &'a [QuoteSummary],
            page: Meta,
            status_counts: &'a StatusCounts,
        }
        let p = &self.page;
        Envelope {
            content: &p.items,
            page: Meta { number: p.number, size: p.size, total_elements: p.total_elements, total_pages: p.total_pages },
            status_counts: &self.status_counts,
        }
        .serialize(s)
    }
}

/// The body of `POST /v2/quotes`: a new, empty draft quote for a company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NewQuote {
    client_id: CompanyId,
    #[serde(skip_serializing_if = "Option::is_none")]
    quote_request_id: Option<QuoteRequestId>,
}

impl NewQuote {
    /// A quote for the company `client_id`.
    pub(crate) fn new(client_id: impl Into<CompanyId>) -> Self {
        NewQuote { client_id: client_id.into(), quote_request_id: None }
    }

    /// Answers the quote request `id`.
    pub(crate) fn quote_request_id(mut self, id: impl Into<QuoteRequestId>) -> Self {
        self.quote_request_id = Some(id.into());
        self
    }

    /// Refuses the nil client id.
    pub(crate) fn check(&self) -> Option<String> {
        self.client_id.is_nil().then(|| "a quote needs a client id (got the nil UUID)".to_owned())
    }
}

/// The body of `PUT /v2/quotes/{quoteId}`: expiry, intro message, published flag, status, terms.
///
/// The spec marks all five fields required, so the `update(id)` builder completes a partial
/// update from the quote as read (one `GET` first) with [`fill_from`](Self::fill_from): a
/// field not set goes back as the JSON text read ([`QuoteAsRead`]), byte for byte (a date
/// alone stays a date, an offset keeps its spelling, a value the SDK cannot parse is kept);
/// [`missing`](Self::missing) names the unset ones. Each field is held as the JSON text it
/// is sent as.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct QuoteUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_on: Option<Box<RawValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    intro_message: Option<Box<RawValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<Box<RawValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<Box<RawValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    terms_and_disclaimers: Option<Box<RawValue>>,
}

/// The five fields of a quote that its update writes, as read: each one's JSON text, `None`
/// when absent or `null`. What [`QuoteUpdate::fill_from`] writes back for the fields not set.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct QuoteAsRead {
    expires_on: Option<Box<RawValue>>,
    intro_message: Option<Box<RawValue>>,
    published: Option<Box<RawValue>>,
    status: Option<Box<RawValue>>,
    terms_and_disclaimers: Option<Box<RawValue>>,
}

/// `value` as the JSON text it is sent as.
fn raw(value: impl Serialize) -> Option<Box<RawValue>> {
    serde_json::value::to_raw_value(&value).ok()
}

/// The value the spec accepts for a required field the quote has none for, or why there is
/// none (the caller must set it).
fn neutral(field: &str, setter: &str, value: Option<&str>) -> Result<Box<RawValue>, String> {
    value.and_then(|v| RawValue::from_string(v.to_owned()).ok()).ok_or_else(|| {
        format!("the quote has no `{field}` to keep and the update requires one: set it with .{setter}(..)")
    })
}

impl QuoteUpdate {
    /// An update that sets nothing yet.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// True when no field is set.
    pub(crate) fn is_empty(&self) -> bool {
        self.expires_on.is_none()
            && self.intro_message.is_none()
            && self.published.is_none()
            && self.status.is_none()
            && self.terms_and_disclaimers.is_none()
    }

    /// Fills every field not set here from `read`, as read. A field the quote has no value
    /// for gets the spec's neutral value: `""` for `introMessage` and `termsAndDisclaimers`,
    /// `false` for `published`; `expiresOn` and `status` have none, so an update that would
    /// need them is refused, naming the field.
    pub(crate) fn fill_from(&self, read: &QuoteAsRead) -> Result<Self, String> {
        let keep = |set: &Option<Box<RawValue>>, read: &Option<Box<RawValue>>, field, setter, neutral_value| match set
            .clone()
            .or_else(|| read.clone())
        {
            Some(v) => Ok(v),
            None => neutral(field, setter, neutral_value),
        };
        Ok(QuoteUpdate {
            expires_on: Some(keep(&self.expires_on, &read.expires_on, "expiresOn", "expires_on", None)?),
            intro_message: Some(keep(
                &self.intro_message,
                &read.intro_message,
                "introMessage",
                "intro_message",
                Some("\"\""),
            )?),
            published: Some(keep(&self.published, &read.published, "published", "published", Some("false"))?),
            status: Some(keep(&self.status, &read.status, "status", "status", None)?),
            terms_and_disclaimers: Some(keep(
                &self.terms_and_disclaimers,
                &read.terms_and_disclaimers,
                "termsAndDisclaimers",
                "terms_and_disclaimers",
                Some("\"\""),
            )?),
        })
    }

    /// When the quote expires (sent as RFC 3339 with milliseconds).
    pub(crate) fn expires_on(mut self, at: OffsetDateTime) -> Self {
        self.expires_on = raw(crate::datefmt::format_datetime(at));
        self
    }

    /// The message shown above the line items.
    pub(crate) fn intro_message(mut self, text: impl Into<String>) -> Self {
        self.intro_message = raw(text.into());
        self
    }

    /// Publishes the quote to the client or withdraws it.
    pub(crate) fn published(mut self, published: bool) -> Self {
        self.published = raw(published);
        self
    }

    /// The new status.
    pub(crate) fn status(mut self, status: QuoteStatus) -> Self {
        self.status = raw(status);
        self
    }

    /// Terms and disclaimers.
    pub(crate) fn terms_and_disclaimers(mut self, text: impl Into<String>) -> Self {
        self.terms_and_disclaimers = raw(text.into());
        self
    }

    /// Names the spec-required fields not set (wire names), or `None` when all five are.
    pub(crate) fn missing(&self) -> Option<String> {
        super::unset_fields(
            "a quote update",
            &[
                ("expiresOn", self.expires_on.is_none()),
                ("introMessage", self.intro_message.is_none()),
                ("published", self.published.is_none()),
                ("status", self.status.is_none()),
                ("termsAndDisclaimers", self.terms_and_disclaimers.is_none()),
            ],
        )
    }
}
