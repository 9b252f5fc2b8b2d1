//! `client.orders()`: list, get and create orders.

use crate::client::Client;
use crate::endpoint::endpoint;
use crate::http::{Family, Method};
use crate::models::orders::NewOrder;
use crate::models::{CompanyId, NewLineItem, Order, OrderId, OrderedBy};
use crate::pagination::{ListSpec, paged};
use crate::query::filters;
use crate::request::{self, Call, Submit};

impl Client {
    /// Orders placed for the partner's companies.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let company_id = pax8::Uuid::nil();
    /// for order in client.orders().list().company_id(company_id).items() {
    ///     let order = order?;
    ///     // `id` is an `Option`: a validation-only (`mock(true)`) order has none.
    ///     println!("{:?}: {} line items", order.id, order.line_items.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn orders(&self) -> OrdersHandler {
        OrdersHandler { client: self.clone() }
    }
}

/// Handle for `/orders`. Get it with [`Client::orders`].
#[derive(Debug, Clone)]
pub struct OrdersHandler {
    client: Client,
}

impl OrdersHandler {
    /// `GET /orders`: every order, or one company's.
    ///
    /// Pax8 returns the oldest orders first and ignores a `status` filter, so none is
    /// offered. Scheduled (future-dated) orders are not listed. On large tenants this call
    /// has taken over 30 seconds: raise the time limit with [`ListOrders::timeout`].
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// use std::time::Duration;
    /// let company_id: pax8::models::CompanyId = "5fe2a2a1-a4e0-4d10-8d0b-3a2fce7f4b58".parse()?;
    /// for order in client.orders().list().company_id(company_id).timeout(Duration::from_secs(120)).items() {
    ///     let order = order?;
    ///     println!("{:?} on {:?}: {} line items", order.id, order.created_date, order.line_items.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListOrders {
        ListOrders { list: ListSpec::new(&self.client, Family::Partner, "/orders") }
    }

    /// `GET /orders/{id}`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let order = client.orders().get(id).send()?;
    /// for item in &order.line_items {
    ///     println!("{} x {:?}", item.product_id, item.quantity);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn get(&self, id: impl Into<OrderId>) -> GetOrder {
        let id = id.into();
        GetOrder(Call::new(&self.client, Method::Get, Family::Partner, format!("/orders/{id}"), request::json))
    }

    /// `POST /orders`: orders products for a company. The company and at least one line
    /// item (each with product, billing term and quantity) are required, checked before
    /// sending. With [`mock(true)`](CreateOrder::mock) Pax8 only validates the order.
    ///
    /// A create is never retried on a timeout or a 5xx, so an order is not placed twice;
    /// such an error leaves it unknown whether the order exists.
    ///
    /// ```no_run
    /// use pax8::models::{BillingTerm, NewLineItem};
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (company_id, product_id) = (uuid::Uuid::nil(), uuid::Uuid::nil());
    /// let order = client
    ///     .orders()
    ///     .create()
    ///     .company_id(company_id)
    ///     .line_item(NewLineItem::new(product_id, BillingTerm::Monthly, 5).line_item_number(1))
    ///     .mock(true)
    ///     .send()?;
    /// # let _ = order;
    /// # Ok(()) }
    /// ```
    pub fn create(&self) -> CreateOrder {
        let call = Call::new(&self.client, Method::Post, Family::Partner, "/orders".into(), request::json);
        CreateOrder(Submit::new(call, NewOrder::default(), NewOrder::missing))
    }
}

endpoint! {
    /// Builder for `GET /orders/{id}`.
    GetOrder -> Order
}

/// Builder for `GET /orders`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListOrders {
    list: ListSpec,
}

impl ListOrders {
    filters! {
        /// Only the orders of this company (`companyId`).
        company_id("companyId"): (id CompanyId),
    }
}
paged!(ListOrders, Order);

endpoint! {
    /// Builder for `POST /orders`: the setters below, then [`send`](Self::send). The
    /// company and at least one line item are required.
    CreateOrder -> Order, body: NewOrder
}

impl CreateOrder {
    /// The company to order for (required).
    pub fn company_id(mut self, id: impl Into<CompanyId>) -> Self {
        self.0.body.company_id = Some(id.into());
        self
    }

    /// Adds a line item (at least one is required; may be called several times).
    pub fn line_item(mut self, item: NewLineItem) -> Self {
        self.0.body.line_items.push(item);
        self
    }

    /// Who places the order. Written `Pax8 Partner` for [`OrderedBy::Pax8Partner`], the
    /// spelling creation requires.
    pub fn ordered_by(mut self, by: OrderedBy) -> Self {
        self.0.body.ordered_by = Some(by);
        self
    }

    /// Email of the user placing the order.
    pub fn ordered_by_user_email(mut self, email: impl Into<String>) -> Self {
        self.0.body.ordered_by_user_email = Some(email.into());
        self
    }

    /// `true`: only validate the order (query `isMock=true`); nothing is created. Default
    /// `false`.
    pub fn mock(self, mock: bool) -> Self {
        CreateOrder(self.0.param("isMock", mock.then_some(true)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::BillingTerm;
    use crate::resources::tests::{client, list_wire};

    #[test]
    fn list_get_and_create() {
        let id = uuid::Uuid::from_u128(0x7e57);
        assert_eq!(
            list_wire(&client().orders().list().company_id(id).list),
            format!("/orders?companyId={id}&page=0&size=200")
        );
        assert_eq!(client().orders().get(id).request().path_and_query(), format!("/orders/{id}"));
        let create = client()
            .orders()
            .create()
            .company_id(id)
            .line_item(NewLineItem::new(id, BillingTerm::Monthly, 5).line_item_number(1))
            .ordered_by(OrderedBy::Pax8Partner)
            .mock(true)
            .request()
            .unwrap();
        assert_eq!((create.method, create.path_and_query()), (Method::Post, "/orders?isMock=true".to_owned()));
        let body = create.json_body().unwrap();
        assert_eq!(body["companyId"], id.to_string());
        assert_eq!(body["orderedBy"], "Pax8 Partner");
        assert_eq!(body["lineItems"][0]["quantity"], 5);
        let plain = client().orders().create().company_id(id).line_item(NewLineItem::new(id, BillingTerm::Monthly, 1));
        assert_eq!(plain.request().unwrap().path_and_query(), "/orders");
        assert!(client().orders().create().company_id(id).request().is_err(), "no line item");
    }
}
