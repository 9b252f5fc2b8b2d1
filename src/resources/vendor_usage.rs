//! `client.vendor_usage()`: the vendor usage API (`{base_url}/v2/usage`, token audience
//! `api://usage`): usage lines read and saved per subscription and billing period, and
//! aggregate lines. All 3 operations of `vendor-usage-endpoints.json`.

use std::fmt;

use serde::Serialize;

use crate::Page;
use crate::client::Client;
use crate::endpoint::endpoint;
use crate::http::{Family, Method};
use crate::models::{AggregateUsageLine, BillingPeriod, SubscriptionId, VendorUsageLine};
use crate::pagination::{ListSpec, paged};
use crate::query::{Query, filters};
use crate::request::{self, Call, Submit};

impl Client {
    /// The vendor usage API (for vendors of usage-billed products): the usage lines of a
    /// subscription in a billing period, read and saved.
    ///
    /// Its requests carry a token of audience `api://usage`
    /// ([`ClientBuilder::usage_audience`](crate::ClientBuilder::usage_audience)), fetched the
    /// first time this API is used, separately from the partner and provisioning tokens.
    ///
    /// ```no_run
    /// use pax8::models::VendorUsageLine;
    /// # fn main() -> pax8::Result<()> {
    /// let client = pax8::Client::from_env()?;
    /// # let (subscription, product) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// let line = VendorUsageLine::new(product, "storage", "Storage (GB)", pax8::Decimal::new(1250, 1), "GB");
    /// client.vendor_usage().save_lines([line]).subscription_id(subscription).billing_period(2026, 11).send()?;
    /// # Ok(()) }
    /// ```
    pub fn vendor_usage(&self) -> VendorUsageHandler {
        VendorUsageHandler { client: self.clone() }
    }
}

/// Handle for the vendor usage API. Get it with [`Client::vendor_usage`].
#[derive(Debug, Clone)]
pub struct VendorUsageHandler {
    client: Client,
}

/// What the three operations require of their query, checked before sending: exactly one of
/// `subscriptionId` and `externalSubscriptionId`, and a billing period that is a real month.
fn target_problem(query: &Query) -> Option<String> {
    match (query.get("subscriptionId"), query.get("externalSubscriptionId")) {
        (None, None) => return Some("set subscription_id or external_subscription_id".into()),
        (Some(_), Some(_)) => {
            return Some("set subscription_id or external_subscription_id, not both".into());
        }
        (_, Some(e)) if e.trim().is_empty() => return Some("external_subscription_id is empty".into()),
        _ => {}
    }
    match query.get("billingPeriod") {
        None => Some("set billing_period(year, month)".into()),
        Some(PERIOD_INVALID) => Some("billing_period: the month must be 1 to 12 and the year 1 to 9999".into()),
        Some(_) => None,
    }
}

/// What an invalid `billing_period(year, month)` leaves in the query, for [`target_problem`].
const PERIOD_INVALID: &str = "invalid";

/// The `billingPeriod` of `year` and `month`, or [`PERIOD_INVALID`].
fn period(year: u16, month: u8) -> String {
    BillingPeriod::new(year, month).map_or_else(|| PERIOD_INVALID.to_owned(), |p| p.to_string())
}

impl VendorUsageHandler {
    /// `GET /lines`: the usage lines of one summary key of a subscription in a billing
    /// period. Required, checked before sending: [`subscription_id`](ListVendorUsageLines::subscription_id)
    /// or [`external_subscription_id`](ListVendorUsageLines::external_subscription_id)
    /// (exactly one), [`billing_period`](ListVendorUsageLines::billing_period) and
    /// [`summary_key`](ListVendorUsageLines::summary_key).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let subscription = pax8::Uuid::nil();
    /// for line in client.vendor_usage().lines().subscription_id(subscription).billing_period(2026, 11).summary_key("storage").items() {
    ///     let line = line?;
    ///     println!("{} {} {}", line.summary_display_name, line.quantity, line.unit_of_measurement);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn lines(&self) -> ListVendorUsageLines {
        let list = ListSpec::new(&self.client, Family::VendorUsage, "/lines").with_rule(|q| {
            target_problem(q).or_else(|| match q.get("summaryKey") {
                Some(k) if !k.trim().is_empty() => None,
                _ => Some("set summary_key".into()),
            })
        });
        ListVendorUsageLines { list }
    }

    /// `POST /lines`: saves usage lines for a subscription and billing period; answers the
    /// lines saved (one page). Checked before sending: the subscription (exactly one of the
    /// two ids) and the billing period, at least one line, and every line (`summary_key` and
    /// `summary_display_name` 1 to 255 characters, a quantity of at least 0, a unit, a
    /// product). Not retried once it may have reached Pax8 (a POST).
    ///
    /// ```no_run
    /// use pax8::models::VendorUsageLine;
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let product = pax8::Uuid::nil();
    /// let line = VendorUsageLine::new(product, "api-calls", "API calls", pax8::Decimal::from(1200), "calls");
    /// client
    ///     .vendor_usage()
    ///     .save_lines([line])
    ///     .external_subscription_id("sub-4711")
    ///     .billing_period(2026, 11)
    ///     .overwrite_same_day_usage(false)
    ///     .send()?;
    /// # Ok(()) }
    /// ```
    pub fn save_lines(&self, lines: impl IntoIterator<Item = VendorUsageLine>) -> SaveVendorUsageLines {
        SaveVendorUsageLines(self.save("/lines", lines, |b| b.problem(VendorUsageLine::problem)))
    }

    /// `POST /aggregate-lines`: saves usage lines with the partner's aggregate quantity (for
    /// aggregate pricing); the same checks as [`save_lines`](Self::save_lines), plus a
    /// partner aggregate quantity of at least 0.
    ///
    /// ```no_run
    /// use pax8::models::{AggregateUsageLine, VendorUsageLine};
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (subscription, product) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// let line = VendorUsageLine::new(product, "seats", "Seats", pax8::Decimal::from(12), "users");
    /// let aggregate = AggregateUsageLine::new(line, pax8::Decimal::from(340));
    /// client.vendor_usage().save_aggregate_lines([aggregate]).subscription_id(subscription).billing_period(2026, 11).send()?;
    /// # Ok(()) }
    /// ```
    pub fn save_aggregate_lines(&self, lines: impl IntoIterator<Item = AggregateUsageLine>) -> SaveAggregateUsageLines {
        SaveAggregateUsageLines(self.save("/aggregate-lines", lines, |b| b.problem(AggregateUsageLine::problem)))
    }

    fn save<L: Serialize>(
        &self,
        path: &str,
        lines: impl IntoIterator<Item = L>,
        check: fn(&UsageLines<L>) -> Option<String>,
    ) -> Submit<UsageLines<L>, Page<VendorUsageLine>> {
        let call = Call::new(&self.client, Method::Post, Family::VendorUsage, path.to_owned(), request::json);
        Submit::new(call, UsageLines { lines: lines.into_iter().collect(), query: Query::default() }, check)
    }
}

/// The body of a save: the lines (all that is sent), and a copy of the query, for the checks.
#[derive(Serialize)]
#[serde(transparent)]
pub(crate) struct UsageLines<L> {
    lines: Vec<L>,
    #[serde(skip)]
    query: Query,
}

impl<L> fmt::Debug for UsageLines<L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UsageLines").field("lines", &self.lines.len()).field("query", &self.query).finish()
    }
}

impl<L> UsageLines<L> {
    /// The first problem: of the query, no lines, or of a line (named by its index).
    fn problem(&self, line: fn(&L) -> Option<String>) -> Option<String> {
        if let Some(why) = target_problem(&self.query) {
            return Some(why);
        }
        if self.lines.is_empty() {
            return Some("no usage lines to save".into());
        }
        self.lines.iter().enumerate().find_map(|(i, l)| line(l).map(|why| format!("line {i}: {why}")))
    }
}

/// The query setters of the two saves: each sets the parameter on the request and on the
/// copy the checks read.
macro_rules! save_setters {
    ($name:ident) => {
        impl $name {
            fn set(mut self, key: &'static str, value: impl fmt::Display + Clone) -> Self {
                self.0.body.query.set(key, value.clone());
                self.0 = self.0.param(key, Some(value));
                self
            }
            /// The subscription, by its Pax8 id (`subscriptionId`; this or
            /// [`external_subscription_id`](Self::external_subscription_id)).
            pub fn subscription_id(self, id: impl Into<SubscriptionId>) -> Self {
                self.set("subscriptionId", id.into())
            }
            /// The subscription, by the vendor's id (`externalSubscriptionId`; this or
            /// [`subscription_id`](Self::subscription_id)).
            pub fn external_subscription_id(self, id: impl Into<String>) -> Self {
                self.set("externalSubscriptionId", id.into())
            }
            /// The billing period (required): `month` 1 to 12 of `year`, sent as `yyyy-MM`.
            pub fn billing_period(self, year: u16, month: u8) -> Self {
                self.set("billingPeriod", period(year, month))
            }
            /// `false`: lines of the same summary key and day are added to those saved before;
            /// Pax8's default (`true`): they replace them (`overwriteSameDayUsage`).
            pub fn overwrite_same_day_usage(self, overwrite: bool) -> Self {
                self.set("overwriteSameDayUsage", overwrite)
            }
        }
    };
}

endpoint! {
    /// Builder for `POST /lines`: the setters below, then [`send`](Self::send).
    SaveVendorUsageLines -> Page<VendorUsageLine>, body: UsageLines<VendorUsageLine>
}
save_setters!(SaveVendorUsageLines);

endpoint! {
    /// Builder for `POST /aggregate-lines`: the setters below, then [`send`](Self::send).
    SaveAggregateUsageLines -> Page<VendorUsageLine>, body: UsageLines<AggregateUsageLine>
}
save_setters!(SaveAggregateUsageLines);

/// Builder for `GET /lines`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListVendorUsageLines {
    list: ListSpec,
}

impl ListVendorUsageLines {
    filters! {
        /// The subscription, by its Pax8 id (`subscriptionId`; this or `external_subscription_id`).
        subscription_id("subscriptionId"): (id SubscriptionId),
        /// The subscription, by the vendor's id (`externalSubscriptionId`; this or `subscription_id`).
        external_subscription_id("externalSubscriptionId"): str,
        /// The summary key of the lines (`summaryKey`, required).
        summary_key("summaryKey"): str,
    }

    /// The billing period (required): `month` 1 to 12 of `year`, sent as `yyyy-MM`.
    pub fn billing_period(mut self, year: u16, month: u8) -> Self {
        self.list.request.query.set("billingPeriod", period(year, month));
        self
    }
}
paged!(ListVendorUsageLines, VendorUsageLine);
