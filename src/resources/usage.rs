//! `client.usage_summaries()`: one usage summary and its daily usage lines. The summaries
//! of a subscription are listed with
//! [`client.subscriptions().usage_summaries(id)`](crate::resources::SubscriptionsHandler::usage_summaries).

use time::Date;

use crate::client::Client;
use crate::endpoint::endpoint;
use crate::http::{Family, Method};
use crate::models::{CompanyId, ProductId, SubscriptionId, UsageLine, UsageSummary, UsageSummaryId, UsageSummarySort};
use crate::pagination::{ListSpec, paged};
use crate::query::filters;
use crate::request::{self, Call};

impl Client {
    /// Usage summaries and their usage lines.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// use time::macros::date;
    /// # let (subscription_id, summary_id) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// for summary in client.subscriptions().usage_summaries(subscription_id).items() {
    ///     println!("{:?}", summary?.resource_group);
    /// }
    /// for line in client.usage_summaries().lines(summary_id, date!(2024 - 05 - 01)).items() {
    ///     println!("{:?}", line?.product_name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn usage_summaries(&self) -> UsageSummariesHandler {
        UsageSummariesHandler { client: self.clone() }
    }
}

/// Handle for `/usage-summaries`. Get it with [`Client::usage_summaries`].
#[derive(Debug, Clone)]
pub struct UsageSummariesHandler {
    client: Client,
}

impl UsageSummariesHandler {
    /// `GET /usage-summaries/{id}`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let summary = client.usage_summaries().get(id).send()?;
    /// println!("{:?} {:?}", summary.current_charges, summary.currency_code);
    /// # Ok(()) }
    /// ```
    pub fn get(&self, id: impl Into<UsageSummaryId>) -> GetUsageSummary {
        let id = id.into();
        GetUsageSummary(Call::new(
            &self.client,
            Method::Get,
            Family::Partner,
            format!("/usage-summaries/{id}"),
            request::json,
        ))
    }

    /// `GET /usage-summaries/{id}/usage-lines?usageDate=yyyy-MM-dd`: the usage recorded on
    /// `usage_date` (Pax8 requires the date). Paged, although the spec does not say so.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let summary_id = pax8::Uuid::nil();
    /// use time::macros::date;
    /// for line in client.usage_summaries().lines(summary_id, date!(2026 - 11 - 30)).items() {
    ///     let line = line?;
    ///     println!("{:?}: {:?}", line.product_name, line.quantity);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn lines(&self, summary_id: impl Into<UsageSummaryId>, usage_date: Date) -> ListUsageLines {
        let summary_id = summary_id.into();
        let mut list =
            ListSpec::new(&self.client, Family::Partner, format!("/usage-summaries/{summary_id}/usage-lines"));
        list.request.query.set_date("usageDate", usage_date);
        ListUsageLines { list }
    }
}

endpoint! {
    /// Builder for `GET /usage-summaries/{id}`.
    GetUsageSummary -> UsageSummary
}

/// Builder for `GET /subscriptions/{subscriptionId}/usage-summaries`. Get it with
/// [`SubscriptionsHandler::usage_summaries`](crate::resources::SubscriptionsHandler::usage_summaries).
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListUsageSummaries {
    pub(crate) list: ListSpec,
}

impl ListUsageSummaries {
    pub(crate) fn new(client: &Client, subscription_id: SubscriptionId) -> Self {
        let path = format!("/subscriptions/{subscription_id}/usage-summaries");
        ListUsageSummaries { list: ListSpec::new(client, Family::Partner, path) }
    }

    filters! {
        /// Only summaries of this resource group (`resourceGroup`).
        resource_group("resourceGroup"): str,
        /// Only summaries of this company (`companyId`).
        company_id("companyId"): (id CompanyId),
    }
}
paged!(ListUsageSummaries, UsageSummary, sort: UsageSummarySort);

/// Builder for `GET /usage-summaries/{id}/usage-lines`. Get it with
/// [`UsageSummariesHandler::lines`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListUsageLines {
    list: ListSpec,
}

impl ListUsageLines {
    filters! {
        /// Only the lines of this product (`productId`).
        product_id("productId"): (id ProductId),
    }
}
paged!(ListUsageLines, UsageLine);

#[cfg(test)]
mod tests {
    use crate::resources::tests::{client, list_wire};
    use time::macros::date;
    use uuid::Uuid;

    #[test]
    fn summary_and_lines_with_the_required_date() {
        let id = Uuid::nil();
        assert_eq!(client().usage_summaries().get(id).request().path_and_query(), format!("/usage-summaries/{id}"));
        let lines = client().usage_summaries().lines(id, date!(2024 - 03 - 01)).product_id(id);
        assert_eq!(
            list_wire(&lines.list),
            format!("/usage-summaries/{id}/usage-lines?usageDate=2024-03-01&productId={id}&page=0&size=200")
        );
    }
}
