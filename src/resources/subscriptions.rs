//! `client.subscriptions()`: list, get, update, cancel, history and usage summaries.

use rust_decimal::Decimal;
use time::OffsetDateTime;

use crate::client::Client;
use crate::endpoint::endpoint;
use crate::http::{Family, Method};
use crate::models::common::format_datetime;
use crate::models::orders::ProvisioningAnswer;
use crate::models::subscriptions::SubscriptionUpdate;
use crate::models::{
    BillingTerm, CompanyId, ProductId, Subscription, SubscriptionId, SubscriptionSort, SubscriptionStatus,
};
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
    pub fn subscriptions(&self) -> SubscriptionsHandler {
        SubscriptionsHandler { client: self.clone() }
    }
}

/// Handle for `/subscriptions`. Get it with [`Client::subscriptions`].
#[derive(Debug, Clone)]
pub struct SubscriptionsHandler {
    client: Client,
}

impl SubscriptionsHandler {
    fn call<T>(&self, method: Method, path: String, decode: request::Decoder<T>) -> Call<T> {
        Call::new(&self.client, method, Family::Partner, path, decode)
    }

    /// `GET /subscriptions`: a filtered, sorted list.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// use pax8::models::SubscriptionStatus;
    /// let company_id: pax8::models::CompanyId = "5fe2a2a1-a4e0-4d10-8d0b-3a2fce7f4b58".parse()?;
    /// let mut seats = pax8::Decimal::ZERO;
    /// for subscription in client.subscriptions().list().company_id(company_id).status(SubscriptionStatus::Active).items() {
    ///     seats += subscription?.quantity.unwrap_or_default();
    /// }
    /// println!("{seats} active seats");
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListSubscriptions {
        ListSubscriptions { list: ListSpec::new(&self.client, Family::Partner, "/subscriptions") }
    }

    /// `GET /subscriptions/{id}`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let subscription = client.subscriptions().get(id).send()?;
    /// println!("{:?} x {:?}", subscription.product_name, subscription.quantity);
    /// # Ok(()) }
    /// ```
    pub fn get(&self, id: impl Into<SubscriptionId>) -> GetSubscription {
        GetSubscription(self.call(Method::Get, format!("/subscriptions/{}", id.into()), request::json))
    }

    /// `PUT /subscriptions/{id}`: changes price, billing term, quantity or start date (at
    /// least one, checked before sending). Changes apply at once.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let subscription = client.subscriptions().update(id).quantity(12).send()?;
    /// assert_eq!(subscription.quantity, Some(12.into()));
    /// # Ok(()) }
    /// ```
    pub fn update(&self, id: impl Into<SubscriptionId>) -> UpdateSubscription {
        UpdateSubscription(Submit::new(
            self.call(Method::Put, format!("/subscriptions/{}", id.into()), request::json),
            Default::default(),
            SubscriptionUpdate::missing,
        ))
    }

    /// `DELETE /subscriptions/{id}`: cancels the subscription, at once or on
    /// [`cancel_date`](CancelSubscription::cancel_date).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// use time::macros::datetime;
    /// client.subscriptions().cancel(id).cancel_date(datetime!(2026-12-31 00:00 UTC)).send()?;
    /// # Ok(()) }
    /// ```
    pub fn cancel(&self, id: impl Into<SubscriptionId>) -> CancelSubscription {
        CancelSubscription(self.call(Method::Delete, format!("/subscriptions/{}", id.into()), request::empty))
    }

    /// `GET /subscriptions/{id}/history`: every past state of the subscription (not paged).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// for past in client.subscriptions().history(id).send()? {
    ///     println!("{:?}: {:?}", past.updated_date, past.quantity);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn history(&self, id: impl Into<SubscriptionId>) -> GetSubscriptionHistory {
        GetSubscriptionHistory(self.call(
            Method::Get,
            format!("/subscriptions/{}/history", id.into()),
            request::content,
        ))
    }

    /// `GET /subscriptions/{id}/usage-summaries`: the usage summaries of a usage-billed
    /// subscription.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// for summary in client.subscriptions().usage_summaries(id).items() {
    ///     let summary = summary?;
    ///     println!("{} {:?}", summary.id, summary.current_charges);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn usage_summaries(&self, subscription_id: impl Into<SubscriptionId>) -> ListUsageSummaries {
        ListUsageSummaries::new(&self.client, subscription_id.into())
    }
}

endpoint! {
    /// Builder for `GET /subscriptions/{id}`.
    GetSubscription -> Subscription
}

endpoint! {
    /// Builder for `GET /subscriptions/{id}/history`.
    GetSubscriptionHistory -> Vec<Subscription>
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
        company_id("companyId"): (id CompanyId),
        /// Only subscriptions of this product (`productId`).
        product_id("productId"): (id ProductId),
    }
}
paged!(ListSubscriptions, Subscription, sort: SubscriptionSort);

endpoint! {
    /// Builder for `PUT /subscriptions/{id}`: the setters below (at least one), then
    /// [`send`](Self::send).
    UpdateSubscription -> Subscription, body: SubscriptionUpdate
}

impl UpdateSubscription {
    /// New unit price for the customer, exact.
    pub fn price(mut self, price: Decimal) -> Self {
        self.0.body.price = Some(price);
        self
    }
    /// New unit cost for the partner, exact (`partnerCost`).
    pub fn partner_cost(mut self, cost: Decimal) -> Self {
        self.0.body.partner_cost = Some(cost);
        self
    }
    /// ISO 4217 currency code of the prices, e.g. `USD`.
    pub fn currency_code(mut self, code: impl Into<String>) -> Self {
        self.0.body.currency_code = Some(code.into());
        self
    }
    /// New billing term.
    pub fn billing_term(mut self, term: BillingTerm) -> Self {
        self.0.body.billing_term = Some(term);
        self
    }
    /// New quantity (`12`, `12u32` or a [`Decimal`]).
    pub fn quantity(mut self, quantity: impl Into<Decimal>) -> Self {
        self.0.body.quantity = Some(quantity.into());
        self
    }
    /// New start date, sent as a date-time (e.g. `2000-10-31T01:30:00.000-05:00`).
    pub fn start_date(mut self, start: OffsetDateTime) -> Self {
        self.0.body.start_date = Some(start);
        self
    }
    /// New end date, sent as a date-time.
    pub fn end_date(mut self, end: OffsetDateTime) -> Self {
        self.0.body.end_date = Some(end);
        self
    }
    /// Answers the provisioning question `key` (`provisioningDetails`); calling it again
    /// with the same key replaces the earlier answer.
    pub fn provisioning_detail(
        mut self,
        key: impl Into<String>,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        ProvisioningAnswer::set(&mut self.0.body.provisioning_details, key, values);
        self
    }
}

endpoint! {
    /// Builder for `DELETE /subscriptions/{id}`: [`cancel_date`](Self::cancel_date) to
    /// cancel later than now, then [`send`](Self::send) (Pax8 answers 204).
    CancelSubscription -> ()
}

impl CancelSubscription {
    /// Cancels on this date instead of at once; sent as `cancelDate` in date-time form
    /// (e.g. `2000-10-31T01:30:00.000-05:00`).
    pub fn cancel_date(self, date: OffsetDateTime) -> Self {
        CancelSubscription(self.0.param("cancelDate", Some(format_datetime(date))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::tests::{client, list_wire};
    use time::macros::datetime;

    #[test]
    fn list_filters_and_sort() {
        let id = uuid::Uuid::nil();
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
        let id = uuid::Uuid::nil();
        let update =
            client().subscriptions().update(id).quantity(12).billing_term(BillingTerm::Monthly).request().unwrap();
        assert_eq!((update.method, update.path_and_query()), (Method::Put, format!("/subscriptions/{id}")));
        assert_eq!(update.json_body().unwrap(), serde_json::json!({"billingTerm": "Monthly", "quantity": 12}));
        assert!(client().subscriptions().update(id).request().is_err());

        let cancel = client().subscriptions().cancel(id).cancel_date(datetime!(2024-03-31 00:00 -5));
        assert_eq!(cancel.request().method, Method::Delete);
        assert_eq!(
            cancel.request().path_and_query(),
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
