//! `client.subscriptions()`: list, get, update, cancel, history and usage summaries.

use std::time::Duration;

use rust_decimal::Decimal;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::client::Client;
use crate::error::Result;
use crate::http::{Family, Method};
use crate::models::common::format_datetime;
use crate::models::orders::ProvisioningAnswer;
use crate::models::subscriptions::SubscriptionUpdate;
use crate::models::{BillingTerm, Subscription, SubscriptionSort, SubscriptionStatus};
use crate::pagination::{ListSpec, paged};
use crate::query::filters;
use crate::request::{self, Call, Submit};
use crate::resources::usage::ListUsageSummaries;

impl Client {
    /// Subscriptions of the partner's companies.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// use pax8::models::SubscriptionStatus;
    /// # let subscription_id = pax8::Uuid::nil();
    /// let active = client.subscriptions().list().status(SubscriptionStatus::Active).items();
    /// println!("{} active subscriptions", active.filter(|s| s.is_ok()).count());
    /// client.subscriptions().update(subscription_id).quantity(12).send()?;
    /// # Ok(()) }
    /// ```
    pub fn subscriptions(&self) -> Subscriptions {
        Subscriptions { client: self.clone() }
    }
}

/// Handle for `/subscriptions`. Get it with [`Client::subscriptions`].
#[derive(Debug, Clone)]
pub struct Subscriptions {
    client: Client,
}

impl Subscriptions {
    fn call<T>(&self, method: Method, path: String, decode: request::Decoder<T>) -> Call<T> {
        Call::new(&self.client, method, Family::Partner, path, decode)
    }

    /// `GET /subscriptions`: a filtered, sorted list.
    pub fn list(&self) -> ListSubscriptions {
        ListSubscriptions { list: ListSpec::new(&self.client, Family::Partner, "/subscriptions") }
    }

    /// `GET /subscriptions/{id}`.
    pub fn get(&self, id: Uuid) -> Call<Subscription> {
        self.call(Method::Get, format!("/subscriptions/{id}"), request::json)
    }

    /// `PUT /subscriptions/{id}`: changes price, billing term, quantity or start date (at
    /// least one, checked before sending). Changes apply at once.
    pub fn update(&self, id: Uuid) -> UpdateSubscription {
        Submit::new(
            self.call(Method::Put, format!("/subscriptions/{id}"), request::json),
            Default::default(),
            SubscriptionUpdate::missing,
        )
    }

    /// `DELETE /subscriptions/{id}`: cancels the subscription, at once or on
    /// [`cancel_date`](CancelSubscription::cancel_date).
    pub fn cancel(&self, id: Uuid) -> CancelSubscription {
        CancelSubscription { call: self.call(Method::Delete, format!("/subscriptions/{id}"), request::empty) }
    }

    /// `GET /subscriptions/{id}/history`: every past state of the subscription (not paged).
    pub fn history(&self, id: Uuid) -> Call<Vec<Subscription>> {
        self.call(Method::Get, format!("/subscriptions/{id}/history"), request::content)
    }

    /// `GET /subscriptions/{id}/usage-summaries`: the usage summaries of a usage-billed
    /// subscription.
    pub fn usage_summaries(&self, subscription_id: Uuid) -> ListUsageSummaries {
        ListUsageSummaries::new(&self.client, subscription_id)
    }
}

/// Builder for `GET /subscriptions`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListSubscriptions {
    list: ListSpec,
}

impl ListSubscriptions {
    filters! {
        /// Only subscriptions with this status (`status`).
        status("status"): SubscriptionStatus,
        /// Only subscriptions with this billing term (`billingTerm`).
        billing_term("billingTerm"): BillingTerm,
        /// Only subscriptions of this company (`companyId`).
        company_id("companyId"): Uuid,
        /// Only subscriptions of this product (`productId`).
        product_id("productId"): Uuid,
    }
}
paged!(ListSubscriptions, Subscription, sort: SubscriptionSort);

/// Builder for `PUT /subscriptions/{id}`: the setters below (at least one), then
/// [`send`](Submit::send).
pub type UpdateSubscription = Submit<SubscriptionUpdate, Subscription>;

/// The setters of [`UpdateSubscription`].
impl Submit<SubscriptionUpdate, Subscription> {
    /// New unit price for the customer, exact.
    pub fn price(mut self, price: Decimal) -> Self {
        self.body.price = Some(price);
        self
    }
    /// New unit cost for the partner, exact (`partnerCost`).
    pub fn partner_cost(mut self, cost: Decimal) -> Self {
        self.body.partner_cost = Some(cost);
        self
    }
    /// ISO 4217 currency code of the prices, e.g. `USD`.
    pub fn currency_code(mut self, code: impl Into<String>) -> Self {
        self.body.currency_code = Some(code.into());
        self
    }
    /// New billing term.
    pub fn billing_term(mut self, term: BillingTerm) -> Self {
        self.body.billing_term = Some(term);
        self
    }
    /// New quantity (`12`, `12u32` or a [`Decimal`]).
    pub fn quantity(mut self, quantity: impl Into<Decimal>) -> Self {
        self.body.quantity = Some(quantity.into());
        self
    }
    /// New start date, sent as a date-time (e.g. `2000-10-31T01:30:00.000-05:00`).
    pub fn start_date(mut self, start: OffsetDateTime) -> Self {
        self.body.start_date = Some(start);
        self
    }
    /// New end date, sent as a date-time.
    pub fn end_date(mut self, end: OffsetDateTime) -> Self {
        self.body.end_date = Some(end);
        self
    }
    /// Answers the provisioning question `key` (`provisioningDetails`); calling it again
    /// with the same key replaces the earlier answer.
    pub fn provisioning_detail(
        mut self,
        key: impl Into<String>,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        ProvisioningAnswer::set(&mut self.body.provisioning_details, key, values);
        self
    }
}

/// Builder for `DELETE /subscriptions/{id}`.
#[derive(Debug)]
#[must_use = "nothing is sent until .send()"]
pub struct CancelSubscription {
    call: Call<()>,
}

impl CancelSubscription {
    /// Cancels on this date instead of at once; sent as `cancelDate` in date-time form
    /// (e.g. `2000-10-31T01:30:00.000-05:00`).
    pub fn cancel_date(mut self, date: OffsetDateTime) -> Self {
        self.call = self.call.param("cancelDate", Some(format_datetime(date)));
        self
    }
    /// Overrides the client's overall timeout for this request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.call = self.call.timeout(timeout);
        self
    }
    /// Cancels the subscription (Pax8 answers 204).
    pub fn send(self) -> Result<()> {
        self.call.send()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::tests::{client, list_wire};
    use time::macros::datetime;

    #[test]
    fn list_filters_and_sort() {
        let id = Uuid::nil();
        let list = client()
            .subscriptions()
            .list()
            .status(SubscriptionStatus::Active)
            .billing_term(BillingTerm::Annual)
            .company_id(id)
            .product_id(id)
            .sort(SubscriptionSort::Quantity, crate::SortDirection::Asc)
            .list;
        assert_eq!(
            list_wire(&list),
            format!(
                "/subscriptions?status=Active&billingTerm=Annual&companyId={id}&productId={id}&sort=quantity,asc&page=0&size=200"
            )
        );
    }

    #[test]
    fn update_cancel_history_and_usage_summaries() {
        let id = Uuid::nil();
        let update =
            client().subscriptions().update(id).quantity(12).billing_term(BillingTerm::Monthly).request().unwrap();
        assert_eq!((update.method, update.path_and_query()), (Method::Put, format!("/subscriptions/{id}")));
        assert_eq!(update.json_body().unwrap(), serde_json::json!({"billingTerm": "Monthly", "quantity": 12}));
        assert!(client().subscriptions().update(id).request().is_err());

        let cancel = client().subscriptions().cancel(id).cancel_date(datetime!(2024-03-31 00:00 -5));
        assert_eq!(cancel.call.request().method, Method::Delete);
        assert_eq!(
            cancel.call.request().path_and_query(),
            format!("/subscriptions/{id}?cancelDate=2024-03-31T00:00:00.000-05:00")
        );
        assert_eq!(
            client().subscriptions().history(id).request().path_and_query(),
            format!("/subscriptions/{id}/history")
        );
        let summaries = client().subscriptions().usage_summaries(id).resource_group("rg").company_id(id);
        assert_eq!(
            list_wire(&summaries.list),
            format!("/subscriptions/{id}/usage-summaries?resourceGroup=rg&companyId={id}&page=0&size=200")
        );
    }
}
